"""Tests of analysis.followup.weekend: both clocks side by side, and do weekend-crossing leads convert less?

Hand counts in the comments; the comparison and the logit against R (``Rscript
tests/followup/followup_reference.R``, section "the weekend test"; every "# R:" constant was printed
by it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.followup import (clock_text, compliance_by_clock, delay_logit, lead_clocks, weekend_effect,
                               weekend_text)

TOL = 1e-9


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def _friday_monday() -> pd.DataFrame:
    """12 leads captured on Friday 2026-10-16 15:00 (their 72 hours hold Saturday and Sunday: 48 h off) and 12
    on Monday 2026-10-19 10:00 (72 working hours). In each group 6 are called after 2 hours (≤ 24 h) and 6
    later (Friday: Monday 09:00 = 66 h; Monday: 30 h). Wins — Friday: 2 of the quick, 1 of the late (3/12);
    Monday: 4 of the quick, 3 of the late (7/12). Results 5 hours after the call."""
    rows = []
    for group, cap, late_h, wins in (("F", "2026-10-16 15:00", 66, (2, 1)), ("M", "2026-10-19 10:00", 30, (4, 3))):
        for j in range(12):
            quick = j < 6
            h = 2 if quick else late_h
            won = (j < wins[0]) if quick else (j - 6 < wins[1])
            t0 = pd.Timestamp(cap) + pd.Timedelta(minutes=j)
            rows.append((f"{group}{j:02d}", t0, t0 + pd.Timedelta(hours=h), t0 + pd.Timedelta(hours=h + 5),
                         "won" if won else "lost"))
    return pd.DataFrame(rows, columns=["lead_id", "captured_at", "first_contact_at", "closed_at", "outcome"])


AS_OF = "2026-10-30 18:00"


def test_lead_clocks_off_hours_and_crossing_counted_by_hand():
    leads = pd.DataFrame({
        "lead_id": ["FRI", "SAT", "SUN", "MON", "HOL"],
        "captured_at": pd.to_datetime(["2026-10-16 15:00", "2026-10-17 14:00", "2026-10-18 14:00",
                                       "2026-10-19 10:00", "2026-09-30 10:00"]),
        "first_contact_at": pd.to_datetime(["2026-10-19 09:00", "2026-10-19 10:00", "2026-10-19 10:00",
                                            "2026-10-19 12:00", "2026-10-08 09:00"]),
        "closed_at": pd.NaT, "outcome": ["open"] * 5})
    c = lead_clocks(leads, as_of=AS_OF).set_index("lead_id")
    # 72 h from capture — FRI: Sat + Sun = 48 h off; SAT: 10 h of Saturday + Sunday = 34; SUN: 10 h of Sunday;
    # MON: none; HOL (Wed 09-30 10:00 → Sat 10-03 10:00): 10-01, 10-02 and 10 h of 10-03 = 58
    close(c.loc[["FRI", "SAT", "SUN", "MON", "HOL"], "off_hours"], [48, 34, 10, 0, 58])
    # a day's worth (24 h) or more crosses: a Sunday-afternoon lead called on Monday does not
    assert c["crosses_off_day"].tolist() == [1, 1, 0, 0, 1]
    # first contact — calendar: FRI 66 h late, SAT 44 h late, SUN 20 h met, MON 2 h met, HOL 191 h late;
    # working: FRI 9 + 9 = 18, SAT 10, SUN 10, MON 2, HOL 14 + 9 = 23: all met
    assert c["contact_status"].tolist() == ["late", "late", "met", "met", "late"]
    assert c["contact_status_working"].tolist() == ["met"] * 5
    assert c["window_elapsed"].tolist() == [1] * 5
    assert lead_clocks(leads, as_of=AS_OF, min_off_hours=5)["crosses_off_day"].tolist() == [1, 1, 1, 0, 1]


def test_weekend_effect_matches_r():
    e = weekend_effect(leads=_friday_monday(), as_of=AS_OF).iloc[0]
    assert [e["crossing_leads"], e["crossing_won"], e["other_leads"], e["other_won"]] == [12, 3, 12, 7]
    close([e["rate_crossing"], e["rate_other"], e["estimate"]], [0.25, 7 / 12, 0.25 - 7 / 12])
    # expected counts 5 and 5 (not below 5): Newcombe's interval with the chi-square test
    assert e["method"] == "newcombe"
    # R: the hybrid score interval from prop.test(3, 12) and prop.test(7, 12) (correct = FALSE)
    close([e["ci_low"], e["ci_high"]], [-0.6087424558111220, 0.0530581272120464])
    # R: prop.test(c(3, 7), c(12, 12), correct = FALSE)$p.value
    close(e["p_value"], 0.0976899593461574)
    # R: glm(won ~ band + crosses, family = binomial): exp(coef), exp(confint.default), Wald p
    close([e["odds_ratio"], e["or_ci_low"], e["or_ci_high"], e["or_p_value"]],
          [0.226028116553810, 0.038007636538886, 1.344169596564976, 0.102089248704816], tol=1e-6)
    assert e["verdict"] == "weekend_no_evidence"  # p 0.098 > 0.05


def test_weekend_effect_verdicts():
    leads = _friday_monday()
    assert weekend_effect(leads=leads, as_of=AS_OF, alpha=0.1).iloc[0]["verdict"] == "weekend_costs"
    assert weekend_effect(leads=leads, as_of=AS_OF, min_leads=13).iloc[0]["verdict"] == "too_few"
    # as of Tuesday 10-20 18:00 the Monday leads' 72 hours have not passed: nobody to compare with
    early = weekend_effect(leads=leads, as_of="2026-10-20 18:00").iloc[0]
    assert early["other_leads"] == 0 and early["verdict"] == "too_few" and np.isnan(early["p_value"])


def test_the_delay_logit_gains_the_crossing_covariate_only_with_a_calendar():
    leads = _friday_monday()
    plain = delay_logit(leads=leads, as_of=AS_OF)
    assert "crosses_off_day" not in set(plain["variable"])
    model = delay_logit(leads=leads, as_of=AS_OF, workdays="china")
    row = model.loc[model["variable"] == "crosses_off_day"].iloc[0]
    close(row["odds_ratio"], 0.226028116553810, tol=1e-6)  # R: as in test_weekend_effect_matches_r
    assert row["n"] == 24


def test_compliance_by_clock_and_its_sentence():
    leads = _friday_monday()
    t = compliance_by_clock(leads, as_of=AS_OF)
    assert t[["timing", "rule"]].values.tolist() == [["calendar", "first_contact_24h"], ["calendar", "resolved_72h"],
                                                     ["working", "first_contact_24h"], ["working", "resolved_72h"]]
    # first contact — calendar: the 12 quick calls and none of the late ones (66 h, 30 h): 12/24;
    # working: the Friday late calls are 9 + 9 = 18 working hours: 18/24
    # result (call + 5 h) — calendar: quick 7 h and Monday late 35 h met, Friday late 71 h met: 24/24
    assert t["met"].tolist() == [12, 24, 18, 24] and t["leads"].tolist() == [24] * 4
    text = clock_text(t, lead_clocks(leads, as_of=AS_OF), "en")
    assert "50.0% in calendar hours" in text and "75.0% in working-day hours" in text
    assert "6 leads were late for first contact on the calendar clock but on time" in text
    assert "and 0 for a result" in text


def test_weekend_text_in_both_languages():
    e = weekend_effect(leads=_friday_monday(), as_of=AS_OF)
    en = weekend_text(e, "en")
    assert en.startswith("**No significant difference") and "3 of 12 won" in en and "7 of 12 won" in en
    assert "-33.3 pp" in en and "odds ratio of a crossing window is 0.23" in en and "observational" in en
    zh = weekend_text(e, "zh")
    assert "成交 3 / 12" in zh and "观察性比较" in zh


@pytest.mark.parametrize("branch", ["B01", "B02"])
def test_weekend_effect_runs_on_the_sample(sample_tables, branch):
    from analysis.scope import for_branch

    s = for_branch(sample_tables, branch)
    e = weekend_effect(s).iloc[0]
    assert e["crossing_leads"] + e["other_leads"] == int((lead_clocks(s["leads"])["window_elapsed"] == 1).sum())
