"""The journey funnel and the referrers' leaderboard against hand counts of the literal fixture."""

import numpy as np
import pandas as pd
import pytest

from analysis import reach


def test_journey_steps_via_previous_and_skipped(tiny):
    j = reach.journey(tiny).set_index("step")
    assert j.index.tolist() == list(reach.JOURNEY_STEPS)
    # hand count (new faces P1, P2, P4, P5, P6, P7): group P2, P5; lead P2 (captured before joining: skipped);
    # account P2 (after the lead), P5 and P7 (no lead: skipped); deal P2 (after the account)
    assert j["people"].tolist() == [6, 2, 1, 3, 1]
    assert j["via_previous"].tolist() == [6, 2, 0, 1, 1]
    assert j["skipped"].tolist() == [0, 0, 1, 2, 0]
    np.testing.assert_allclose(j["rate"].iloc[1:], [2 / 6, 0 / 2, 1 / 1, 1 / 3])
    # R 4.2.2: prop.test(2, 6, correct = FALSE)$conf.int
    np.testing.assert_allclose(j.loc["group", ["ci_low", "ci_high"]].astype(float),
                               [0.0967714111057805, 0.7000066848616080], rtol=1e-9)
    assert j.loc["deal", "median_days"] == pytest.approx((pd.Timestamp("2026-09-08 09:00")
                                                          - pd.Timestamp("2026-09-07 10:05")) / pd.Timedelta(days=1))
    assert np.isnan(j.loc["first_touch", "rate"])


def test_referral_links_from_all_three_sources(tiny):
    links = reach.referral_links(tiny)
    assert sorted(map(tuple, links.values.tolist())) == [("P3", "P1", "brought_along"), ("P3", "P6", "referral")]


def test_referrers_leaderboard_names_ids_only(tiny):
    r = reach.referrers(tiny)
    assert r.columns.tolist() == ["rank", "referrer_id", "guests", "strangers", "accounts", "deals", "points", "ways"]
    assert r.iloc[0].tolist() == [1, "P3", 2, 2, 0, 0, 100, "brought_along|referral"]


def test_referred_vs_walk_in_counts(tiny):
    t = reach.referred_vs_walk_in(tiny)
    # referred new faces P1, P6 (none opened); walk-in new faces P2 (opened)
    assert t[["referred", "referred_opened", "walk_ins", "walk_ins_opened"]].iloc[0].tolist() == [2, 0, 1, 1]
    assert t["method"].item() == "fisher"
    assert t["p_value"].item() == pytest.approx(1 / 3)  # R: fisher.test(matrix(c(0, 2, 1, 0), 2))$p.value = 0.3333
    assert "walk-ins" in reach.referral_text(t, "en")


def test_referred_vs_walk_in_without_walk_ins_says_so(tiny):
    t = reach.referred_vs_walk_in(dict(tiny, attendance=tiny["attendance"].iloc[1:]))
    assert t["walk_ins"].item() == 0 and np.isnan(t["p_value"].item())
    assert reach.referral_text(t, "en") == "Too few referred guests or walk-ins to compare."
