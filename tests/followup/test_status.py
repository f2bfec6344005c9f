"""Tests of analysis.followup (lead follow-up under the 24/72 rule).

Domain logic is checked on hand-built leads whose expected counts are worked out in the
comments. Statistics are checked against R: every "# R:" constant was printed by
``Rscript tests/r/followup_reference.R`` (R 4.2.2, survival 3.5.3); the comment gives the R
call. Textbook data: the ``aml`` data of R's survival package (Miller 1981) and Gehan's 6-MP
leukaemia remission data (Freireich et al. 1963, Blood 21, 699-716; MASS::gehan).
The tests do not need R.
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from analysis import followup
from analysis.errors import DataError, ParameterError
from analysis.followup import (
    data_findings,
    default_as_of,
    delay_logit,
    delay_logrank,
    delay_verdict,
    kaplan_meier,
    lead_load,
    lead_status,
    load_balance_test,
    logrank,
    overdue,
    overdue_counts,
    plot_time_to_win,
    rejected_leads,
    rule_24_72,
    time_to_contact,
    time_to_win,
    win_rate_by_delay,
)
from analysis.schemas import empty_frame

TOL = 1e-9  # R printed with 15 significant digits
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00


def h(hours):
    """T0 + hours (None stays missing)."""
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# ---------------------------------------------------------------------------
# The hand-built leads. Times in hours after T0; as_of = T0 + 124 h.
#
# lead staff captured contact  closed    outcome  first_contact_24h       resolved_72h            band
# L01  S1     0        2        30        won      met                     met                     le_24h
# L02  S1     0        24       72        lost     met (exactly 24 h)      met (exactly 72 h)      le_24h
# L03  S1     0        24+1min  80        won      late                    late                    24_72h
# L04  S2     0        -        -         open     late (never contacted)  late                    never
# L05  S2     0        5        -         open     met                     late (no result)        le_24h
# L06  S2     114      -        -         open     pending (age 10 h)      pending                 <NA>
# L07  S3     94       95       -         open     met                     pending (age 30 h)      le_24h
# L08  S3     94       -        -         open     late (age 30 h > 24)    pending                 <NA>
# L09  S3     114      115      122       lost     met                     met (inside the window) le_24h
# L10  S1     125      -        -         open     left out: captured after as_of
# L11  S1     0        80       100       lost     late                    late                    gt_72h
# L12  -      0        -        -         open     late (unassigned)       late                    never
#
# first_contact_24h: met L01 L02 L05 L07 L09 = 5; late L03 L04 L08 L11 L12 = 5; pending L06 = 1
#                    -> leads 10, met 5, pending 1
# resolved_72h:      met L01 L02 L09 = 3; late L03 L04 L05 L11 L12 = 5; pending L06 L07 L08 = 3
#                    -> leads 8, met 3, pending 3
# ---------------------------------------------------------------------------


@pytest.fixture
def leads() -> pd.DataFrame:
    rows = [  # lead, staff, captured, contact, closed, outcome, amount, event, group, person
        ("L01", "S1", 0, 2, 30, "won", 100_000.0, "E1", None, "P01"),
        ("L02", "S1", 0, 24, 72, "lost", None, "E1", None, "P02"),
        ("L03", "S1", 0, 24 + 1 / 60, 80, "won", 50_000.0, "E1", None, "P03"),
        ("L04", "S2", 0, None, None, "open", None, "E1", None, "P04"),
        ("L05", "S2", 0, 5, None, "open", None, None, "G1", "P05"),
        ("L06", "S2", 114, None, None, "open", None, None, "G1", "P06"),
        ("L07", "S3", 94, 95, None, "open", None, None, "G1", "P07"),
        ("L08", "S3", 94, None, None, "open", None, None, None, "P08"),
        ("L09", "S3", 114, 115, 122, "lost", None, "E2", None, "P09"),
        ("L10", "S1", 125, None, None, "open", None, "E2", None, "P10"),
        ("L11", "S1", 0, 80, 100, "lost", None, "E1", None, "P11"),
        ("L12", None, 0, None, None, "open", None, "E1", None, "P12"),
    ]
    d = pd.DataFrame(rows, columns=["lead_id", "assigned_to", "cap", "con", "clo", "outcome", "amount",
                                    "event_id", "group_id", "person_id"])
    return pd.DataFrame({
        "lead_id": d["lead_id"].astype("string"),
        "person_id": d["person_id"].astype("string"),
        "event_id": d["event_id"].astype("string"),
        "group_id": d["group_id"].astype("string"),
        "assigned_to": d["assigned_to"].astype("string"),
        "captured_at": d["cap"].map(h).astype("datetime64[ns]"),
        "first_contact_at": d["con"].map(lambda x: h(None if pd.isna(x) else x)).astype("datetime64[ns]"),
        "closed_at": d["clo"].map(lambda x: h(None if pd.isna(x) else x)).astype("datetime64[ns]"),
        "outcome": pd.Categorical(d["outcome"], categories=["won", "lost", "open"]),
        "product": pd.array(["wealth"] * len(d), dtype="string"),
        "amount": d["amount"].astype(float),
    })


@pytest.fixture
def staff() -> pd.DataFrame:
    return pd.DataFrame({"staff_id": ["S1", "S2", "S3", "S4", "H1"],
                         "branch_id": ["B01", "B01", "B02", "B01", "B01"],
                         "role": ["wealth_manager", "teller", "account_manager", "teller", "branch_head"]})


# ===========================================================================
# default_as_of and lead_status
# ===========================================================================


def test_default_as_of_is_the_latest_timestamp_in_the_table(leads):
    # latest of every captured_at (L10 at 125 h), first_contact_at (L09 at 115 h) and closed_at (L09 at 122 h)
    assert default_as_of(leads) == h(125)
    assert default_as_of(leads.drop(index=9)) == h(122)  # without L10: L09's close


def test_default_as_of_of_an_empty_table_is_nat():
    assert pd.isna(default_as_of(empty_frame("leads")))


def test_lead_status_columns_and_bands(leads):
    st = lead_status(leads, as_of=AS_OF)
    assert "L10" not in set(st["lead_id"])  # captured after as_of
    got = dict(zip(st["lead_id"], st["delay_band"].astype(object).where(st["delay_band"].notna(), None)))
    assert got == {"L01": "le_24h", "L02": "le_24h", "L03": "24_72h", "L04": "never", "L05": "le_24h",
                   "L06": None, "L07": "le_24h", "L08": None, "L09": "le_24h", "L11": "gt_72h", "L12": "never"}
    assert st["won"].dtype == "int64" and st["won"].sum() == 2  # L01, L03
    assert st.set_index("lead_id").loc["L07", "source"] == "group"
    assert st.set_index("lead_id").loc["L08", "source"] == "other"
    assert isinstance(st.index, pd.RangeIndex)


def test_lead_status_does_not_mutate_its_input(leads):
    before = leads.copy()
    lead_status(leads, as_of=AS_OF)
    pd.testing.assert_frame_equal(leads, before)


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


@pytest.mark.parametrize("change, rule, lead", [
    ({"first_contact_at": h(-1)}, "contact_after_capture", "L04"),
    ({"closed_at": h(-2), "outcome": "lost"}, "closed_after_capture", "L04"),
    ({"first_contact_at": h(10), "closed_at": h(5), "outcome": "lost"}, "closed_after_contact", "L04"),
    ({"outcome": "won"}, "closed_needs_time", "L04"),
    ({"captured_at": pd.NaT}, "missing_captured_at", "L04"),
])
def test_bad_leads_raise_a_data_error_naming_the_rule_and_the_lead(leads, change, rule, lead):
    bad = leads.copy()
    for col, val in change.items():
        bad.loc[bad["lead_id"] == lead, col] = val
    with pytest.raises(DataError, match=rule) as err:
        rule_24_72(bad, as_of=AS_OF)
    assert lead in str(err.value)
    assert err.value.problems["rule"].tolist() == [rule]


def test_bad_parameters_raise_parameter_errors(leads):
    with pytest.raises(ParameterError, match="by column"):
        rule_24_72(leads, by="branch")
    with pytest.raises(ParameterError, match="as_of"):
        rule_24_72(leads, as_of="yesterday-ish")
    with pytest.raises(ParameterError, match="contact_hours"):
        rule_24_72(leads, contact_hours=0)
    with pytest.raises(ParameterError, match="must not exceed"):
        rule_24_72(leads, contact_hours=80, resolve_hours=72)
    with pytest.raises(ParameterError, match="level"):
        rule_24_72(leads, level=95)
    with pytest.raises(ParameterError, match="DataFrame"):
        rule_24_72([1, 2])
    with pytest.raises(DataError, match="captured_at"):
        rule_24_72(leads.drop(columns="captured_at"))


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


def test_time_to_contact_quantiles_match_r_on_aml():
    # aml as leads: status 1 -> contacted at `time` hours; status 0 -> closed lost without contact at `time`
    # (censored there). R: quantile(survfit(Surv(time, status) ~ 1, data = aml), c(.25, .5, .75)) -> 12 27 43
    d = AML.assign(con=AML["time"].where(AML["status"] == 1), clo=AML["time"].where(AML["status"] == 0))
    leads = pd.DataFrame({
        "captured_at": [T0] * len(d),
        "first_contact_at": [h(None if pd.isna(x) else float(x)) for x in d["con"]],
        "closed_at": [h(None if pd.isna(x) else float(x)) for x in d["clo"]],
        "outcome": np.where(d["status"] == 0, "lost", "open"),
    })
    t = time_to_contact(leads, as_of=h(1000), quantiles=(0.25, 0.5, 0.75))
    close(t.loc[t["measure"] == "first_contact", ["q25", "median", "q75"]].iloc[0], [12, 27, 43])


# ===========================================================================
# overdue lists
# ===========================================================================


def test_overdue_lists_worked_out_by_hand(leads):
    # open at as_of: L04 L05 L06 L07 L08 L12
    # no contact past 24 h: L04 (S2, age 124 h, 100 h over), L08 (S3, 30 h, 6 over), L12 (unassigned, 100 over)
    # unresolved past 72 h: L04, L05 (S2, 124 h, 52 over each), L12 (unassigned, 52 over)
    od = overdue(leads, as_of=AS_OF)
    no_contact = od[od["list"] == "no_contact_24h"]
    assert no_contact["lead_id"].tolist() == ["L04", "L08", "L12"]
    close(no_contact["hours_overdue"], [100, 6, 100])
    unresolved = od[od["list"] == "unresolved_72h"]
    assert unresolved["lead_id"].tolist() == ["L04", "L05", "L12"]
    close(unresolved["hours_overdue"], [52, 52, 52])
    assert unresolved["assigned_to"].iloc[:2].tolist() == ["S2", "S2"] and pd.isna(unresolved["assigned_to"].iloc[2])
    assert "L06" not in set(od["lead_id"])  # 10 h old: not overdue yet
    assert not {"name", "phone", "mobile"} & set(od.columns)


def test_overdue_counts_by_staff(leads):
    # S1: nothing open (not listed); S2: open L04 L05 L06, 1 without contact, 2 unresolved;
    # S3: open L07 L08, 1 without contact; unassigned: L12 on both lists
    c = overdue_counts(leads, as_of=AS_OF)
    assert c["assigned_to"].iloc[:2].tolist() == ["S2", "S3"] and pd.isna(c["assigned_to"].iloc[2])
    assert c["open_leads"].tolist() == [3, 2, 1]
    assert c["no_contact_24h"].tolist() == [1, 1, 1]
    assert c["unresolved_72h"].tolist() == [2, 0, 1]


def test_overdue_exactly_at_the_deadline_is_not_overdue(leads):
    # as_of = T0 + 24 h: L04 and L12 (never contacted) are exactly at their deadline
    od = overdue(leads, as_of=h(24))
    assert od.empty


# ===========================================================================
# does delay cost deals?
# ===========================================================================


def test_win_rate_by_delay_worked_out_by_hand(leads):
    # le_24h: L01 (won) L02 (lost) L05 (open) L07 (open) L09 (lost) -> 5 leads, 1 won
    # 24_72h: L03 won; gt_72h: L11 lost; never: L04, L12 (open, > 72 h old);
    # L06 and L08 are not contacted yet and younger than 72 h: no band yet, left out
    w = win_rate_by_delay(leads, as_of=AS_OF)
    assert w["delay_band"].tolist() == ["le_24h", "24_72h", "gt_72h", "never"]
    assert w["leads"].tolist() == [5, 1, 1, 2]
    assert w["won"].tolist() == [1, 1, 0, 0]
    assert w["lost"].tolist() == [2, 0, 1, 0]
    assert w["open"].tolist() == [2, 0, 0, 2]
    close(w["amount"], [100_000, 50_000, 0, 0])
    # R: prop.test(1, 5, correct = FALSE)$conf.int and prop.test(0, 2, ...)
    close(w.loc[0, ["ci_low", "ci_high"]], [0.0362241086324301, 0.6244653702374747])
    close(w.loc[3, ["ci_low", "ci_high"]], [0.0, 0.657619772493347])


def test_win_rate_by_delay_keeps_empty_bands():
    w = win_rate_by_delay(empty_frame("leads"))
    assert w["leads"].tolist() == [0, 0, 0, 0] and w["rate"].isna().all()


#: Cells of the delay model: (band, source, leads, won) — the same cells as the R script.
CELLS = [("le_24h", "event", 12, 7), ("le_24h", "group", 10, 4), ("24_72h", "event", 8, 3),
         ("24_72h", "group", 7, 1), ("gt_72h", "event", 5, 1), ("gt_72h", "group", 6, 1)]
CONTACT_AT = {"le_24h": 2, "24_72h": 30, "gt_72h": 80}


def _cell_leads(cells=CELLS):
    rows = []
    for band, source, n, won in cells:
        for i in range(n):
            c = CONTACT_AT[band]
            rows.append({"lead_id": f"{band}-{source}-{i}", "person_id": f"P-{band}-{source}-{i}",
                         "event_id": "E1" if source == "event" else None,
                         "group_id": "G1" if source == "group" else None,
                         "captured_at": T0, "first_contact_at": h(c), "closed_at": h(c + 1),
                         "outcome": "won" if i < won else "lost"})
    return pd.DataFrame(rows)


def test_delay_logit_matches_r_glm():
    # R: glm(won ~ relevel(factor(band), "le_24h") + source, family = binomial)  (no segment: people not given)
    m = delay_logit(_cell_leads(), as_of=h(500))
    assert m["term"].tolist()[0] == "Intercept"
    assert m["variable"].tolist() == ["Intercept", "delay_band", "delay_band", "source"]
    assert m["level"].iloc[1:].tolist() == ["24_72h", "gt_72h", "group"]
    close(m["estimate"], [0.361623533296454, -1.038297353422468, -1.480857802549128, -0.797684616564110], 1e-7)
    close(m["std_error"], [0.524467521682857, 0.736706993889883, 0.902834491480583, 0.650317962100666], 1e-7)
    close(m["ci_low"], [0.5135982570209588, 0.0835578119004490, 0.0387594419417223, 0.1258978518056301], 1e-7)
    close(m["ci_high"], [4.01308786788860, 1.50023508889880, 1.33464492775098, 1.61109676513658], 1e-6)
    close(m["p_value"], [0.490504862431839, 0.158723937718813, 0.100956989071492, 0.219970306874768], 1e-7)
    assert (m["n"] == 48).all()
    # the sign: late bands win less often, so their odds ratios are below 1 (not the P(False) flip)
    assert (m.loc[m["variable"] == "delay_band", "odds_ratio"] < 1).all()


def test_delay_logit_pools_a_band_without_wins_and_gives_up_when_too_few():
    # gt_72h with no win would separate the data: 24_72h and gt_72h are merged into gt_24h
    cells = [c if c[0] != "gt_72h" else (c[0], c[1], c[2], 0) for c in CELLS]
    m = delay_logit(_cell_leads(cells), as_of=h(500))
    assert m.loc[m["variable"] == "delay_band", "level"].tolist() == ["gt_24h"]
    assert (m["std_error"] < 5).all()
    # nothing won at all: no model (empty, same columns)
    none = delay_logit(_cell_leads([(b, s, n, 0) for b, s, n, _ in CELLS]), as_of=h(500))
    assert none.empty and list(none.columns) == list(m.columns)


def test_delay_logit_uses_the_people_segment(leads):
    people = pd.DataFrame({"person_id": _cell_leads()["person_id"],
                           "segment": ["retiree", "payroll"] * 24})
    m = delay_logit(_cell_leads(), people, as_of=h(500))
    assert "segment" in set(m["variable"])


def test_delay_verdict_on_the_cells_matches_r_prop_test():
    # within 24 h: 11 of 22 won; later: 4 + 2 = 6 of 26.
    # R: prop.test(c(11, 6), c(22, 26), correct = FALSE)$p.value = 0.0519809120241249 -> no evidence at 5%
    v = delay_verdict(_cell_leads(), as_of=h(500)).iloc[0]
    assert (v["on_time_leads"], v["on_time_won"], v["later_leads"], v["later_won"]) == (22, 11, 26, 6)
    close(v["p_value"], 0.0519809120241249, 1e-9)
    assert v["method"] == "newcombe" and v["verdict"] == "no_evidence"


def test_delay_verdict_delay_costs_and_too_few():
    strong = [("le_24h", "event", 30, 20), ("24_72h", "event", 30, 3)]
    assert delay_verdict(_cell_leads(strong), as_of=h(500))["verdict"].iloc[0] == "delay_costs"
    reverse = [("le_24h", "event", 30, 3), ("24_72h", "event", 30, 20)]
    assert delay_verdict(_cell_leads(reverse), as_of=h(500))["verdict"].iloc[0] == "delay_no_cost"
    tiny = [("le_24h", "event", 4, 2), ("24_72h", "event", 3, 0)]
    assert delay_verdict(_cell_leads(tiny), as_of=h(500))["verdict"].iloc[0] == "too_few"
    assert delay_verdict(empty_frame("leads"))["verdict"].iloc[0] == "too_few"


# ===========================================================================
# Kaplan–Meier and log-rank against R
# ===========================================================================

#: R's survival::aml (Miller 1981): weeks in remission, status 1 = relapse, x = maintenance arm.
AML = pd.DataFrame({
    "time": [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45],
    "status": [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
    "x": ["Maintained"] * 11 + ["Nonmaintained"] * 12,
})

#: Gehan's data (Freireich et al. 1963; MASS::gehan): weeks of remission, relapse 1 / censored 0.
GEHAN = pd.DataFrame({
    "time": [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35,
             1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23],
    "cens": [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0] + [1] * 21,
    "treat": ["6-MP"] * 21 + ["control"] * 21,
})


def test_kaplan_meier_matches_r_survfit_on_aml():
    km = kaplan_meier(AML, "time", "status")
    # R: summary(survfit(Surv(time, status) ~ 1, data = aml))
    close(km["time"], [5, 8, 9, 12, 13, 18, 23, 27, 30, 31, 33, 34, 43, 45, 48])
    assert km["at_risk"].tolist() == [23, 21, 19, 18, 17, 14, 13, 11, 9, 8, 7, 6, 5, 4, 2]
    assert km["events"].tolist() == [2, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1]
    close(km["survival"], [0.913043478260870, 0.826086956521739, 0.782608695652174, 0.739130434782609,
                           0.695652173913043, 0.645962732919255, 0.546583850931677, 0.496894409937888,
                           0.441683919944790, 0.386473429951691, 0.331262939958592, 0.276052449965493,
                           0.220841959972395, 0.165631469979296, 0.082815734989648])
    close(km["std_error"], [0.0587533847558414, 0.0790341964475118, 0.0860061487037983, 0.0915605371517001,
                            0.0959438755421514, 0.1011426751752846, 0.1072506417401223, 0.1084017807886830,
                            0.1095180699776571, 0.1088588014948644, 0.1063909728875506, 0.1019833760904919,
                            0.0953674384864344, 0.0860352084085751, 0.0726618005035283])
    close(km["ci_low"], [0.8048547977829578, 0.6848394680718987, 0.6309579105995876, 0.5797992179680311,
                         0.5308783416282121, 0.4752577247055145, 0.3720780872492112, 0.3240165456898159,
                         0.2716759953922916, 0.2225152977468858, 0.1765201825807047, 0.1338221956292728,
                         0.0947332405633126, 0.0598407178100809, 0.0148346082548472])
    close(km["ci_high"], [1.0, 0.996466605022982, 0.970708759207681, 0.942246527231519, 0.911568450100481,
                          0.877982262316863, 0.802933352802370, 0.762010637765041, 0.718078477474975,
                          0.671242442973631, 0.621657726531294, 0.569449296311515, 0.514826379784336,
                          0.458446770885507, 0.462327406565294])


def test_kaplan_meier_level_matches_r_conf_int_90():
    km = kaplan_meier(AML, "time", "status", level=0.90)
    # R: summary(survfit(Surv(time, status) ~ 1, data = aml, conf.int = 0.90))$lower (first three)
    close(km["ci_low"].iloc[:3], [0.8213414390084666, 0.7058000646716973, 0.6531904629044698])
    close(km["ci_high"].iloc[1:3], [0.966873897996562, 0.937668881120777])


def test_kaplan_meier_by_group_matches_r_and_textbook_gehan():
    km = kaplan_meier(AML, "time", "status", by="x")
    # R: summary(survfit(Surv(time, status) ~ x, data = aml))
    m = km[km["x"] == "Maintained"]
    close(m["time"], [9, 13, 18, 23, 31, 34, 48])
    close(m["survival"], [0.9090909090909091, 0.8181818181818181, 0.7159090909090908, 0.6136363636363635,
                          0.4909090909090909, 0.3681818181818182, 0.1840909090909091])
    n = km[km["x"] == "Nonmaintained"]
    close(n["survival"].iloc[-1], 0.0)
    assert np.isnan(n["ci_low"].iloc[-1])  # no log-scale interval at S = 0 (R gives NA too)
    # Gehan 6-MP arm; R: summary(survfit(Surv(time, cens) ~ 1, data = subset(gehan, treat == "6-MP")))
    # (the textbook table of Freireich's 6-MP arm: 0.857 at 6 weeks … 0.448 at 23 weeks)
    g = kaplan_meier(GEHAN[GEHAN["treat"] == "6-MP"], "time", "cens")
    close(g["time"], [6, 7, 10, 13, 16, 22, 23])
    close(g["survival"], [0.857142857142857, 0.806722689075630, 0.752941176470588, 0.690196078431372,
                          0.627450980392157, 0.537815126050420, 0.448179271708683])


def test_kaplan_meier_rejects_bad_durations():
    with pytest.raises(DataError, match="durations"):
        kaplan_meier(AML.assign(time=-AML["time"]), "time", "status")
    with pytest.raises(DataError, match="censored"):
        kaplan_meier(AML.assign(status=2), "time", "status")
    with pytest.raises(ParameterError, match="not in the data"):
        kaplan_meier(AML, "weeks", "status")


def test_logrank_matches_r_survdiff():
    # R: survdiff(Surv(time, status) ~ x, data = aml): chisq 3.4 on 1 df, p 0.0653
    a = logrank(AML, "time", "status", "x").iloc[0]
    close([a["chi2"], a["p_value"]], [3.3963886989776, 0.0653393220405051], 1e-8)
    assert (a["dof"], a["n"], a["groups"]) == (1, 23, 2)
    # R: survdiff(Surv(time, cens) ~ treat, data = gehan): chisq 16.8, the textbook result
    g = logrank(GEHAN, "time", "cens", "treat").iloc[0]
    close([g["chi2"], g["p_value"]], [16.7929409892165, 4.16880910933453e-05], 1e-8)


def test_logrank_with_one_group_is_nan():
    r = logrank(AML[AML["x"] == "Maintained"], "time", "status", "x").iloc[0]
    assert np.isnan(r["chi2"]) and r["groups"] == 1 and r["dof"] == 0


def _aml_leads():
    """aml as leads, all contacted within 24 h: relapse = won at `time` hours, censored = lost then."""
    return pd.DataFrame({
        "lead_id": [f"A{i}" for i in range(len(AML))],
        "captured_at": [T0] * len(AML),
        "first_contact_at": [h(0.5)] * len(AML),
        "closed_at": [h(float(t)) for t in AML["time"]],
        "outcome": np.where(AML["status"] == 1, "won", "lost"),
        "group": AML["x"],
    })


def test_time_to_win_is_one_minus_kaplan_meier_with_lost_leads_censored():
    # lost leads are censored at their close, so the win curve is 1 - the aml survival curve
    km = time_to_win(_aml_leads(), as_of=h(1000))
    assert km["delay_band"].unique().tolist() == ["le_24h"]
    assert km.loc[0, ["hours", "rate", "wins", "at_risk"]].tolist() == [0.0, 0.0, 0, 23]  # the origin row
    # R: 1 - summary(survfit(Surv(time, status) ~ 1, data = aml))$surv (first three) and the lower limit
    close(km["rate"].iloc[1:4], [1 - 0.913043478260870, 1 - 0.826086956521739, 1 - 0.782608695652174])
    close(km["ci_low"].iloc[2], 1 - 0.996466605022982)
    close(km["ci_high"].iloc[2], 1 - 0.6848394680718987)
    assert (km["leads"] == 23).all()


def test_time_to_win_censors_open_leads_at_as_of(leads):
    # le_24h band: L01 won at 30 h; L02 lost (72 h, censored); L05 open (censored at 124 h);
    # L07 open (censored at 30 h); L09 lost (8 h). At 30 h at risk: L01, L02, L05, L07 = 4 -> rate 1/4.
    km = time_to_win(leads, as_of=AS_OF)
    b = km[km["delay_band"] == "le_24h"]
    assert b["hours"].tolist() == [0.0, 30.0]
    assert b["at_risk"].tolist() == [5, 4]
    close(b["rate"], [0.0, 0.25])


def test_time_to_win_from_contact_drops_never_contacted(leads):
    km = time_to_win(leads, as_of=AS_OF, origin="contact")
    assert "never" not in set(km["delay_band"])
    # L01 contacted at 2 h, won at 30 h -> 28 h after contact
    assert 28.0 in km.loc[km["delay_band"] == "le_24h", "hours"].tolist()
    with pytest.raises(ParameterError, match="origin"):
        time_to_win(leads, origin="event")


def test_delay_logrank_between_bands(leads):
    # aml as leads: the Maintained arm contacted at 0.5 h (band le_24h), the other at 24.5 h (24_72h);
    # every result shifted by 25 h so that it follows the contact. A common shift keeps the order of
    # the times, and the log-rank test depends on the order only, so from capture this is aml's test.
    # R: survdiff(Surv(time, status) ~ x, data = aml): chisq 3.3963886989776, p 0.0653393220405051
    d = _aml_leads()
    d = d.assign(first_contact_at=np.where(AML["x"] == "Maintained", h(0.5), h(24.5)),
                 closed_at=d["closed_at"] + pd.Timedelta(hours=25))
    r = delay_logrank(d, as_of=h(1000)).iloc[0]
    close([r["chi2"], r["p_value"]], [3.3963886989776, 0.0653393220405051], 1e-8)
    assert r["origin"] == "captured" and r["groups"] == 2 and r["n"] == 23
    with pytest.raises(ParameterError, match="bands"):
        delay_logrank(leads, bands=("soon",))


# ===========================================================================
# lead load
# ===========================================================================


def test_lead_load_worked_out_by_hand(leads, staff):
    # assigned and captured by as_of: S1 L01 L02 L03 L11 = 4; S2 L04 L05 L06 = 3; S3 L07 L08 L09 = 3;
    # S4 (teller) none; H1 (branch head) does not follow up and has no lead: no row. 10 leads / 4 = 2.5.
    load = lead_load(leads, staff, as_of=AS_OF)
    assert load["staff_id"].tolist() == ["S1", "S2", "S3", "S4"]
    assert load["leads"].tolist() == [4, 3, 3, 0]
    close(load["expected"], [2.5] * 4)
    close(load["share"], [0.4, 0.3, 0.3, 0.0])
    assert load["won"].tolist() == [2, 0, 0, 0]
    assert load["open"].tolist() == [0, 3, 2, 0]
    close(load["amount"], [150_000, 0, 0, 0])
    assert np.isnan(load.loc[3, "rate"])  # no lead, no rate


def test_lead_load_lists_a_branch_head_who_has_leads(leads, staff):
    moved = leads.assign(assigned_to=leads["assigned_to"].mask(leads["lead_id"] == "L09", "H1"))
    load = lead_load(moved, staff, as_of=AS_OF)
    assert load["staff_id"].tolist() == ["S1", "S2", "S3", "S4", "H1"]
    assert load.set_index("staff_id").loc["H1", "leads"] == 1


def test_load_balance_test_matches_r_chisq_test(leads, staff):
    # R: chisq.test(c(4, 3, 3, 0), p = rep(1/4, 4)): X-squared = 3.6, df = 3, p-value = 0.308
    t = load_balance_test(leads, staff, as_of=AS_OF).iloc[0]
    close([t["chi2"], t["p_value"]], [3.6, 0.308022171558994])
    assert (t["dof"], t["n"], t["n_staff"], t["unassigned"]) == (3, 10, 4, 1)  # L12 unassigned
    close(t["min_expected"], 2.5)


@pytest.mark.parametrize("counts, chi2, p", [
    ([24, 18, 19, 15, 14, 19, 18], 3.464566929133859, 0.748677790027251),  # R: chisq.test(x, p = rep(1/7, 7))
    ([30, 5, 5, 5, 5], 50.0, 3.61086540489065e-10),  # R: chisq.test(x, p = rep(1/5, 5))
])
def test_load_balance_test_matches_r_on_branch_sized_loads(counts, chi2, p):
    ids = [f"S{i}" for i in range(len(counts))]
    staff = pd.DataFrame({"staff_id": ids, "role": ["teller"] * len(ids)})
    lead_rows = [s for s, c in zip(ids, counts) for _ in range(c)]
    leads = pd.DataFrame({"assigned_to": lead_rows, "captured_at": [T0] * len(lead_rows),
                          "first_contact_at": [pd.NaT] * len(lead_rows), "closed_at": [pd.NaT] * len(lead_rows),
                          "outcome": ["open"] * len(lead_rows)})
    t = load_balance_test(leads, staff).iloc[0]
    close([t["chi2"], t["p_value"]], [chi2, p])


def test_load_balance_test_with_one_staff_member_is_nan(leads, staff):
    t = load_balance_test(leads, staff.iloc[:1], roles=("wealth_manager",), as_of=h(20)).iloc[0]
    # only S1 (wealth manager) is expected to follow up, but S2 also has leads by T0+20 h -> 2 rows
    assert t["n_staff"] == 2
    t = load_balance_test(leads[leads["assigned_to"] == "S1"], staff.iloc[:1], roles=("wealth_manager",)).iloc[0]
    assert t["n_staff"] == 1 and np.isnan(t["p_value"])


# ===========================================================================
# data quality
# ===========================================================================


def test_data_findings_worked_out_by_hand(leads, staff):
    # S3 works at B02: L07 L08 L09 assigned to another branch; L12 unassigned;
    # open and older than 3 days (72 h) at as_of: L04, L05, L12 (captured at T0, 124 h)
    f = data_findings(leads, staff, branch_id="B01", as_of=AS_OF, stale_days=3).set_index("rule")
    assert f.loc["assigned_other_branch", "rows"] == "L07, L08, L09"
    assert f.loc["unassigned_leads", "rows"] == "L12"
    assert f.loc["stale_open", "rows"] == "L04, L05, L12"
    assert f.loc["after_as_of", "rows"] == "L10"  # captured after the evaluation time
    assert "assigned_unknown_staff" not in f.index
    assert f["n_rows"].dtype == "int64"


def test_data_findings_reports_the_schema_rules_on_raw_data(leads, staff):
    bad = leads.copy()
    bad.loc[bad["lead_id"] == "L04", "first_contact_at"] = h(-1)
    bad.loc[bad["lead_id"] == "L05", "assigned_to"] = "S99"
    bad.loc[bad["lead_id"] == "L11", "first_contact_at"] = pd.NaT
    f = data_findings(bad, staff).set_index("rule")
    assert f.loc["contact_after_capture", "rows"] == "L04"
    assert f.loc["assigned_unknown_staff", "rows"] == "L05"
    assert f.loc["closed_without_contact", "rows"] == "L11"


def test_data_findings_empty_when_clean():
    assert data_findings(empty_frame("leads")).empty


def test_rejected_leads_shows_the_rows_load_dataset_set_aside(sample_tables, tmp_path):
    from analysis.io import load_dataset, write_dataset

    tables = {k: v.copy() for k, v in sample_tables.items()}
    ld = tables["leads"]
    won = ld.index[ld["outcome"] == "won"][0]
    early, unknown = ld.index[ld["outcome"] != "won"][:2]
    ld.loc[early, "first_contact_at"] = ld.loc[early, "captured_at"] - pd.Timedelta(hours=1)  # contact before capture
    ld.loc[won, "closed_at"] = pd.NaT  # won without closed_at
    ld.loc[unknown, "assigned_to"] = "B09-S99"  # unknown staff
    tables["leads"] = ld
    write_dataset(tables, tmp_path)
    ds = load_dataset(tmp_path, errors="report")
    rj = rejected_leads(ds)
    reasons = dict(zip(rj["lead_id"], rj["reasons"]))
    assert len(rj) == 3
    assert reasons[ld.loc[early, "lead_id"]] == "contact_after_capture"
    assert reasons[ld.loc[won, "lead_id"]] == "closed_needs_time"
    assert reasons[ld.loc[unknown, "lead_id"]] == "foreign_key:assigned_to"
    assert rj["file_row"].tolist() == sorted(rj["file_row"].tolist())
    assert "person_id" not in rj.columns
    assert set(ds.problems.loc[ds.problems["table"] == "leads", "rule"]) >= {
        "contact_after_capture", "closed_needs_time", "foreign_key"}


# ===========================================================================
# the chart
# ===========================================================================


def test_plot_time_to_win_draws_one_step_line_per_band(leads):
    import matplotlib

    matplotlib.use("Agg")
    km = time_to_win(leads, as_of=AS_OF)
    ax = plot_time_to_win(km, title="成交曲线")
    gids = [line.get_gid() for line in ax.get_lines() if (line.get_gid() or "").startswith("km:")]
    assert gids == [f"km:{b}" for b in ["le_24h", "24_72h", "gt_72h", "never"]]
    assert ax.get_legend().get_texts()[0].get_text() == "≤24小时（5条）"
    assert ax.get_title(loc="left") == "成交曲线"
    empty = plot_time_to_win(time_to_win(empty_frame("leads")))
    assert [t.get_text() for t in empty.texts] == ["无数据"]


# ===========================================================================
# the sample data: every public function, one vocabulary
# ===========================================================================

VOCABULARY = {
    # keys and labels
    "assigned_to", "source", "rule", "measure", "list", "delay_band", "staff_id", "role", "lead_id",
    "person_id", "event_id", "group_id", "term", "variable", "level", "origin", "method", "verdict",
    "table", "column", "rows", "detail", "reasons",
    # counts
    "leads", "met", "pending", "observed", "censored", "won", "lost", "open", "wins", "at_risk", "events",
    "open_leads", "no_contact_24h", "unresolved_72h", "n", "n_rows", "dof", "groups", "n_staff",
    "unassigned", "file_row", "on_time_leads", "on_time_won", "later_leads", "later_won",
    # estimates
    "rate", "ci_low", "ci_high", "estimate", "std_error", "odds_ratio", "p_value", "chi2", "expected",
    "share", "amount", "min_expected", "survival", "time", "hours", "q25", "median", "q75", "q90",
    "rate_on_time", "rate_later", "logrank_p_value", "hours_overdue", "age_hours",
    # times
    "captured_at", "first_contact_at", "closed_at",
}
COUNTS = {"leads", "met", "pending", "observed", "censored", "won", "lost", "open", "wins", "at_risk",
          "open_leads", "no_contact_24h", "unresolved_72h", "n", "n_rows", "dof", "groups", "n_staff",
          "unassigned", "on_time_leads", "on_time_won", "later_leads", "later_won"}


def test_every_public_function_runs_on_the_sample_with_one_vocabulary(sample_tables):
    from analysis.scope import for_branch

    s = for_branch(sample_tables, "B01")
    ld, people, st = s["leads"], s["people"], s["staff"]
    results = {
        "rule_24_72": rule_24_72(ld, by="assigned_to"),
        "time_to_contact": time_to_contact(ld, by="source"),
        "overdue": overdue(ld),
        "overdue_counts": overdue_counts(ld),
        "win_rate_by_delay": win_rate_by_delay(ld),
        "delay_logit": delay_logit(ld, people),
        "delay_verdict": delay_verdict(ld),
        "time_to_win": time_to_win(ld),
        "delay_logrank": delay_logrank(ld, origin="contact"),
        "lead_load": lead_load(ld, st),
        "load_balance_test": load_balance_test(ld, st),
        "data_findings": data_findings(ld, sample_tables["staff"], "B01"),
        "kaplan_meier": kaplan_meier(lead_status(ld).assign(e=lambda d: d["won"], t=lambda d: d["age_hours"]),
                                     "t", "e"),
        "logrank": logrank(lead_status(ld).assign(t=lambda d: d["age_hours"]), "t", "won", "source"),
    }
    for name, df in results.items():
        assert isinstance(df.index, pd.RangeIndex), name
        unknown = set(df.columns) - VOCABULARY
        assert not unknown, f"{name}: columns outside the vocabulary: {unknown}"
        for c in COUNTS & set(df.columns):
            assert df[c].dtype == "int64", f"{name}.{c} is {df[c].dtype}"
        assert not any("95" in c for c in df.columns), name  # the level is never in a column name
    assert len(results["rule_24_72"]) > 0 and results["delay_logit"]["n"].gt(0).all()
    assert (results["rule_24_72"]["leads"] >= results["rule_24_72"]["met"]).all()


def test_every_public_function_copes_with_empty_leads():
    e = empty_frame("leads")
    staff = pd.DataFrame({"staff_id": ["S1"], "role": ["teller"]})
    assert overdue(e).empty and overdue_counts(e).empty
    assert time_to_contact(e).empty and time_to_win(e).empty
    assert delay_logit(e).empty
    assert np.isnan(delay_logrank(e)["chi2"].iloc[0])
    assert lead_load(e, staff)["leads"].tolist() == [0]
    assert load_balance_test(e, staff)["n"].iloc[0] == 0


def test_docstring_examples_run():
    failures, _ = doctest.testmod(followup, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
