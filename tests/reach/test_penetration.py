"""Penetration against hand counts of the literal fixture (conftest.py) and R's Wilson intervals."""

import numpy as np
import pandas as pd
import pytest

from analysis import DataError, reach

# R 4.2.2: prop.test(x, n, correct = FALSE)$conf.int (tests/reach/reach_reference.R)
WILSON = {(4, 10): (0.168180329706236, 0.687326230266342), (3, 4): (0.300641842582402, 0.954412739190299),
          (3, 10): (0.107791267406301, 0.603221852538855), (2, 4): (0.15003898915215, 0.84996101084785)}


def test_touched_and_opened_residents_are_the_hand_counts(tiny):
    r = reach.penetration(tiny)
    # hand count: C1 touched P1 (survey), P2, P3 (check-ins), P7 (account) = 4 of 10; C2 P4, P5, P8 = 3 of 4
    assert r["community_id"].tolist() == ["C1", "C2"]
    assert r["touched"].tolist() == [4, 3]
    assert r["opened"].tolist() == [3, 2]  # C1: P2, P3, P7; C2: P5, P8
    np.testing.assert_allclose(r["rate"], [0.4, 0.75])
    np.testing.assert_allclose(r[["ci_low", "ci_high"]].to_numpy(), [WILSON[(4, 10)], WILSON[(3, 4)]], rtol=1e-9)
    np.testing.assert_allclose(r[["opening_ci_low", "opening_ci_high"]].to_numpy(),
                               [WILSON[(3, 10)], WILSON[(2, 4)]], rtol=1e-9)
    np.testing.assert_allclose(r["headroom"], [6.0, 1.0])
    assert r["benchmark"].tolist() == ["above_grid", "above_grid"]


def test_benchmark_smart_when_opening_reaches_95_percent(tiny):
    assert reach.penetration(tiny, smart=0.5)["benchmark"].tolist() == ["above_grid", "smart"]
    assert reach.penetration(tiny, grid=0.5)["benchmark"].tolist() == ["below_grid", "above_grid"]


def test_as_of_counts_only_earlier_touches(tiny):
    r = reach.penetration(tiny, as_of="2026-09-04 00:00")
    assert r["touched"].tolist() == [1, 2]  # P1 (09-01); P8 (account 09-02), P4 (09-03)
    assert r["opened"].tolist() == [0, 1]


def test_by_month_is_cumulative(tiny):
    m = reach.penetration_by_month(tiny)
    assert m["month"].dt.strftime("%Y-%m").unique().tolist() == ["2026-09"]
    assert m["touched"].tolist() == [4, 3]


def test_by_source_counts_each_resident_once_per_source(tiny):
    s = reach.penetration_by_source(tiny).set_index(["community_id", "source"])
    assert s.loc[("C1", "event"), "touched"] == 3  # P1, P2, P3 checked in
    assert s.loc[("C1", "event"), "first_touches"] == 1  # P2 (P1 answered a survey first, P3 was invited first)
    assert s.loc[("C1", "invitation"), "first_touches"] == 1  # P3, invited 09-04
    assert s.loc[("C1", "account"), "touched"] == 3
    assert s.loc[("C2", "group"), "touched"] == 1


def test_headroom_ranks_households_not_reached(tiny):
    h = reach.headroom(reach.penetration(tiny))
    assert h[["rank", "community_id"]].values.tolist() == [[1, "C1"], [2, "C2"]]


def test_households_of_zero_is_a_data_error(tiny):
    bad = dict(tiny, communities=tiny["communities"].assign(households=pd.array([10, 0], dtype="Int64")))
    with pytest.raises(DataError, match=r"table communities, column households.*households_positive.*C2"):
        reach.penetration(bad)


def test_more_residents_than_households_is_capped(tiny):
    small = dict(tiny, communities=tiny["communities"].assign(households=pd.array([2, 4], dtype="Int64")))
    r = reach.penetration(small)
    assert r["touched"].tolist()[0] == 4 and r["rate"].tolist()[0] == 1.0
