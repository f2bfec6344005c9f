"""Tests of analysis.followup.compliance: the 24/72 rule, its sentence, the time to contact.

Statistics are checked against R: every "# R:" constant was printed by
``Rscript tests/followup/followup_reference.R`` or, for Kaplan–Meier and log-rank values,
``Rscript tests/stats/survival_reference.R`` (R 4.2.2, survival 3.5.3); the comment gives the R call.
The tests do not need R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.followup import compliance_text, rule_24_72, time_to_contact
from analysis.schemas import empty_frame

TOL = 1e-9  # R printed with 15 significant digits
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00 (the fixtures are in conftest.py)


def h(hours):
    """T0 + hours (None stays missing)."""
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# ===========================================================================
# rule_24_72
# ===========================================================================


def test_rule_24_72_counts_worked_out_by_hand(leads):
    r = rule_24_72(leads, as_of=AS_OF)
    assert r["rule"].tolist() == ["first_contact_24h", "resolved_72h"]
    assert r["leads"].tolist() == [10, 8]
    assert r["met"].tolist() == [5, 3]
    assert r["pending"].tolist() == [1, 3]
    close(r["rate"], [0.5, 0.375])
    # R: prop.test(5, 10, correct = FALSE)$conf.int
    close(r.loc[0, ["ci_low", "ci_high"]], [0.236593090512564, 0.763406909487436])
    # R: prop.test(3, 8, correct = FALSE)$conf.int
    close(r.loc[1, ["ci_low", "ci_high"]], [0.136844285823597, 0.694257605397373])
    assert list(r.columns) == ["rule", "leads", "met", "pending", "rate", "ci_low", "ci_high"]
    assert r["leads"].dtype == r["met"].dtype == r["pending"].dtype == "int64"


def test_rule_24_72_per_staff_worked_out_by_hand(leads):
    # S1 (L01 L02 L03 L11): contact met L01 L02, late L03 L11; result met L01 L02, late L03 L11
    # S2 (L04 L05 L06):     contact met L05, late L04, pending L06; result late L04 L05, pending L06
    # S3 (L07 L08 L09):     contact met L07 L09, late L08; result met L09, pending L07 L08
    # unassigned (L12):     late on both; the group comes last
    r = rule_24_72(leads, by="assigned_to", as_of=AS_OF)
    assert r["assigned_to"].iloc[:6].tolist() == ["S1", "S1", "S2", "S2", "S3", "S3"]
    assert r["assigned_to"].iloc[6:].isna().all()
    assert r["leads"].tolist() == [4, 4, 2, 2, 3, 1, 1, 1]
    assert r["met"].tolist() == [2, 2, 1, 0, 2, 1, 0, 0]
    assert r["pending"].tolist() == [0, 0, 1, 1, 0, 2, 0, 0]
    assert list(r.columns[:2]) == ["assigned_to", "rule"]


def test_rule_24_72_by_derived_source(leads):
    # event (L01 L02 L03 L04 L09 L11 L12): contact met L01 L02 L09, late L03 L04 L11 L12 -> 7 leads, 3 met
    r = rule_24_72(leads, by="source", as_of=AS_OF)
    ev = r[(r["source"] == "event") & (r["rule"] == "first_contact_24h")].iloc[0]
    assert (ev["leads"], ev["met"], ev["pending"]) == (7, 3, 0)


def test_rule_24_72_as_of_inside_the_window(leads):
    # as_of = T0 + 20 h: L01-L05, L11, L12 captured (7). Contact: met L01 (2 h), L05 (5 h);
    # L02 (contact at 24 h is still in the future), L03, L04, L11, L12 pending. Every result pending.
    r = rule_24_72(leads, as_of=h(20))
    assert r["leads"].tolist() == [2, 0]
    assert r["met"].tolist() == [2, 0]
    assert r["pending"].tolist() == [5, 7]
    assert np.isnan(r.loc[1, "rate"]) and np.isnan(r.loc[1, "ci_low"])  # no denominator: no rate


def test_rule_24_72_as_of_exactly_at_the_deadline(leads):
    # as_of = T0 + 24 h: L02, contacted at exactly 24 h, meets the rule; the 24 h window of L03, L04,
    # L11 and L12 has elapsed (as_of is not before the deadline), so they are late:
    # met L01 L02 L05 = 3, late 4 -> leads 7, pending 0. Every 72 h window is still open: 7 pending.
    r = rule_24_72(leads, as_of=h(24))
    assert r.loc[0, ["leads", "met", "pending"]].tolist() == [7, 3, 0]
    assert r.loc[1, ["leads", "met", "pending"]].tolist() == [0, 0, 7]


def test_rule_24_72_boundary_exactly_24_and_72_hours_meets_the_rule(leads):
    one = leads[leads["lead_id"].isin(["L02", "L03"])]  # L02 at exactly 24 h / 72 h, L03 one minute later
    r = rule_24_72(one, by="lead_id", as_of=AS_OF)
    assert r["met"].tolist() == [1, 1, 0, 0]


def test_rule_24_72_other_windows(leads):
    # 48 h / 96 h: L03 (contact 24 h + 1 min, result 80 h) now meets both; L11 (80 h, 100 h) meets neither.
    r = rule_24_72(leads[leads["lead_id"].isin(["L03", "L11"])], by="lead_id", as_of=AS_OF,
                   contact_hours=48, resolve_hours=96)
    assert r["met"].tolist() == [1, 1, 0, 0]


def test_rule_24_72_empty_leads_gives_two_empty_rules():
    r = rule_24_72(empty_frame("leads"))
    assert r["rule"].tolist() == ["first_contact_24h", "resolved_72h"]
    assert r["leads"].tolist() == [0, 0] and r["rate"].isna().all()
    assert len(rule_24_72(empty_frame("leads"), by="assigned_to")) == 0


def test_rule_24_72_level_changes_the_interval_only(leads):
    a, b = rule_24_72(leads, as_of=AS_OF), rule_24_72(leads, as_of=AS_OF, level=0.8)
    close(a["rate"], b["rate"])
    assert (b["ci_high"] - b["ci_low"] < a["ci_high"] - a["ci_low"]).all()


# ===========================================================================
# time to contact / resolution
# ===========================================================================


def _timed(contact_hours, closed_hours=None):
    n = len(contact_hours)
    closed_hours = closed_hours or [None] * n
    return pd.DataFrame({
        "lead_id": [f"L{i}" for i in range(n)],
        "captured_at": [T0] * n,
        "first_contact_at": [h(x) for x in contact_hours],
        "closed_at": [h(x) for x in closed_hours],
        "outcome": ["lost" if x is not None else "open" for x in closed_hours],
    })


def test_time_to_contact_quantiles_without_censoring():
    # contacts at 2, 4, 6, 8 h, all observed: the cumulative share is 1/4, 2/4, 3/4, 4/4.
    # R's rule: where the curve sits exactly on p, the midpoint to the next time:
    # q25 = (2 + 4)/2 = 3, median = (4 + 6)/2 = 5, q75 = (6 + 8)/2 = 7, q90 = 8.
    t = time_to_contact(_timed([2, 4, 6, 8]), as_of=h(200))
    row = t[t["measure"] == "first_contact"].iloc[0]
    assert (row["leads"], row["observed"], row["censored"]) == (4, 4, 0)
    close(row[["q25", "median", "q75", "q90"]], [3, 5, 7, 8])


def test_time_to_contact_keeps_never_contacted_leads_as_censored():
    # a fifth lead never contacted, censored at as_of (100 h): S = 4/5, 3/5, 2/5, 1/5 at 2, 4, 6, 8 h,
    # cumulative 0.2, 0.4, 0.6, 0.8 -> q25 = 4, median = 6, q75 = 8, q90 not reached (NaN).
    t = time_to_contact(_timed([2, 4, 6, 8, None]), as_of=h(100))
    row = t[t["measure"] == "first_contact"].iloc[0]
    assert (row["leads"], row["observed"], row["censored"]) == (5, 4, 1)
    close(row[["q25", "median", "q75"]], [4, 6, 8])
    assert np.isnan(row["q90"])
    # dropping the uncontacted lead instead would have given a median of 5: faster than the truth


def test_time_to_contact_per_group_and_resolution(leads):
    t = time_to_contact(leads, by="assigned_to", as_of=AS_OF, quantiles=(0.5,))
    assert list(t.columns) == ["assigned_to", "measure", "leads", "observed", "censored", "median"]
    s1 = t[(t["assigned_to"] == "S1") & (t["measure"] == "resolution")].iloc[0]
    # S1 results at 30, 72, 80, 100 h -> median (72 + 80)/2 = 76
    assert (s1["leads"], s1["observed"]) == (4, 4)
    close(s1["median"], 76)


def test_time_to_contact_rejects_bad_quantiles(leads):
    with pytest.raises(ParameterError, match="quantiles"):
        time_to_contact(leads, quantiles=(0.5, 1.0))


def test_time_to_contact_quantiles_match_r_on_aml(aml):
    # aml as leads: status 1 -> contacted at `time` hours; status 0 -> closed lost without contact at `time`
    # (censored there). R: quantile(survfit(Surv(time, status) ~ 1, data = aml), c(.25, .5, .75)) -> 12 27 43
    d = aml.assign(con=aml["time"].where(aml["status"] == 1), clo=aml["time"].where(aml["status"] == 0))
    leads = pd.DataFrame({
        "captured_at": [T0] * len(d),
        "first_contact_at": [h(None if pd.isna(x) else float(x)) for x in d["con"]],
        "closed_at": [h(None if pd.isna(x) else float(x)) for x in d["clo"]],
        "outcome": np.where(d["status"] == 0, "lost", "open"),
    })
    t = time_to_contact(leads, as_of=h(1000), quantiles=(0.25, 0.5, 0.75))
    close(t.loc[t["measure"] == "first_contact", ["q25", "median", "q75"]].iloc[0], [12, 27, 43])



# ===========================================================================
# the headline sentence
# ===========================================================================

CJK = __import__("re").compile(r"[\u4e00-\u9fff]")


def test_compliance_text_in_both_languages(leads):
    r = rule_24_72(leads, as_of=AS_OF)
    zh = compliance_text(r, "zh")
    assert zh.startswith("24 小时内首次联系：**5 / 10**（50.0%，区间 23.7%–76.3%）")
    assert "72 小时内出结果：**3 / 8**（37.5%" in zh and "首联 1 条，出结果 3 条" in zh
    en = compliance_text(r, "en")
    assert en.startswith("First contact within 24 h: **5 / 10** (50.0%, 95% CI 23.7%–76.3%)")
    assert "result within 72 h: **3 / 8** (37.5%" in en and not CJK.search(en)
    # other windows are named as computed
    assert compliance_text(rule_24_72(leads, as_of=AS_OF, contact_hours=48, resolve_hours=96), "en",
                           contact_hours=48, resolve_hours=96).startswith("First contact within 48 h")


def test_compliance_text_without_a_denominator_says_so(leads):
    assert compliance_text(rule_24_72(leads, as_of=h(20)), "zh") == "本期间没有可评估的线索（无数据或都还在窗口内）。"
    assert compliance_text(rule_24_72(empty_frame("leads")), "en").startswith("No lead can be evaluated")
    with pytest.raises(ParameterError, match="two rows"):
        compliance_text(rule_24_72(leads, as_of=AS_OF).iloc[:1], "en")
