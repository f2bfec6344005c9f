"""Tests of analysis.followup.delay: does delay cost deals?

Statistics are checked against R: every "# R:" constant was printed by
``Rscript tests/followup/followup_reference.R`` or, for Kaplan–Meier and log-rank values,
``Rscript tests/stats/survival_reference.R`` (R 4.2.2, survival 3.5.3); the comment gives the R call.
The tests do not need R.
Textbook data: the ``aml`` data of R's survival package (Miller 1981).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.followup import (delay_logit, delay_logit_text, delay_logrank, delay_verdict, delay_verdict_text,
                               time_to_win, win_rate_by_delay)
from analysis.schemas import empty_frame

TOL = 1e-9  # R printed with 15 significant digits
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00 (the fixtures are in conftest.py)


def h(hours):
    """T0 + hours (None stays missing)."""
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


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
    m = delay_logit(leads=_cell_leads(), as_of=h(500))
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
    m = delay_logit(leads=_cell_leads(cells), as_of=h(500))
    assert m.loc[m["variable"] == "delay_band", "level"].tolist() == ["gt_24h"]
    assert (m["std_error"] < 5).all()
    # nothing won at all: no model (empty, same columns)
    none = delay_logit(leads=_cell_leads([(b, s, n, 0) for b, s, n, _ in CELLS]), as_of=h(500))
    assert none.empty and list(none.columns) == list(m.columns)


def test_delay_logit_uses_the_people_segment(leads):
    people = pd.DataFrame({"person_id": _cell_leads()["person_id"],
                           "segment": ["retiree", "payroll"] * 24})
    m = delay_logit(leads=_cell_leads(), people=people, as_of=h(500))
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



def _aml_leads(aml):
    """aml as leads, all contacted within 24 h: relapse = won at `time` hours, censored = lost then."""
    return pd.DataFrame({
        "lead_id": [f"A{i}" for i in range(len(aml))],
        "captured_at": [T0] * len(aml),
        "first_contact_at": [h(0.5)] * len(aml),
        "closed_at": [h(float(t)) for t in aml["time"]],
        "outcome": np.where(aml["status"] == 1, "won", "lost"),
        "group": aml["x"],
    })


def test_time_to_win_is_one_minus_kaplan_meier_with_lost_leads_censored(aml):
    # lost leads are censored at their close, so the win curve is 1 - the aml survival curve
    km = time_to_win(_aml_leads(aml), as_of=h(1000))
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


def test_delay_logrank_between_bands(leads, aml):
    # aml as leads: the Maintained arm contacted at 0.5 h (band le_24h), the other at 24.5 h (24_72h);
    # every result shifted by 25 h so that it follows the contact. A common shift keeps the order of
    # the times, and the log-rank test depends on the order only, so from capture this is aml's test.
    # R: survdiff(Surv(time, status) ~ x, data = aml): chisq 3.3963886989776, p 0.0653393220405051
    d = _aml_leads(aml)
    d = d.assign(first_contact_at=np.where(aml["x"] == "Maintained", h(0.5), h(24.5)),
                 closed_at=d["closed_at"] + pd.Timedelta(hours=25))
    r = delay_logrank(d, as_of=h(1000)).iloc[0]
    close([r["chi2"], r["p_value"]], [3.3963886989776, 0.0653393220405051], 1e-8)
    assert r["origin"] == "captured" and r["groups"] == 2 and r["n"] == 23
    with pytest.raises(ParameterError, match="bands"):
        delay_logrank(leads, bands=("soon",))




# ===========================================================================
# the sentences of the report
# ===========================================================================

CJK = __import__("re").compile(r"[\u4e00-\u9fff]")


def test_delay_verdict_text_in_both_languages():
    v = delay_verdict(_cell_leads(), as_of=h(500))  # 11 of 22 vs 6 of 26, p = 0.052: no evidence
    zh = delay_verdict_text(v, "zh")
    assert zh.startswith("**结论：差异不显著：现有数据不足以证明延迟有影响。** 24 小时内联系的线索成交 11 / 22，"
                         "24 小时后才联系的成交 6 / 26；成交率相差 +26.9 个百分点")
    assert "p 值 0.052" in zh and "差异不显著不等于证明延迟无害" in zh and zh.endswith("不能单独证明因果。")
    en = delay_verdict_text(v, "en")
    assert en.startswith("**Conclusion: No significant difference: these data cannot show that delay matters.** "
                         "Leads contacted within 24 h: 11 of 22 won; contacted after 24 h: 6 of 26 won; "
                         "the win rates differ by +26.9 pp")
    assert "p-value 0.052" in en and "does not prove that delay is harmless" in en and not CJK.search(en)
    strong = delay_verdict(_cell_leads([("le_24h", "event", 30, 20), ("24_72h", "event", 30, 3)]), as_of=h(500))
    text = delay_verdict_text(strong, "en")
    assert "Leads contacted late win significantly less often" in text and "p-value < 0.001" in text  # association
    assert "harmless" not in text and "chance" not in text
    none = delay_verdict_text(delay_verdict(empty_frame("leads")), "en")
    assert "Too few data to tell" in none and "cannot be compared" in none and "chance" in none


def test_delay_logit_text_names_each_band_and_the_empty_model():
    m = delay_logit(leads=_cell_leads(), as_of=h(500))
    en = delay_logit_text(m, "en")
    # R: exp(coef) of the glm above: 24_72h 0.354, gt_72h 0.227
    assert "24–72 h: odds ratio 0.35 (95% CI 0.08–1.50, p-value 0.159)" in en
    assert "> 72 h: odds ratio 0.23 (95% CI 0.04–1.33, p-value 0.101)" in en and not CJK.search(en)
    assert "24–72小时 比值比 0.35（区间 0.08–1.50，p 值 0.159）" in delay_logit_text(m, "zh")
    assert delay_logit_text(m.iloc[0:0], "en").startswith("Too few data to fit the model")


def test_delay_logrank_several_origins_are_the_single_tests_stacked(leads):
    from analysis.followup import ORIGINS

    both = delay_logrank(leads, as_of=AS_OF, origin=ORIGINS)
    one = pd.concat([delay_logrank(leads, as_of=AS_OF, origin=o) for o in ORIGINS], ignore_index=True)
    pd.testing.assert_frame_equal(both, one)
    assert both["origin"].tolist() == ["captured", "contact"]
    with pytest.raises(ParameterError, match="origin"):
        delay_logrank(leads, origin=[])
