"""Uplift per manager and the like-with-like comparison — a hand example where raw and stratified disagree."""

import pandas as pd
import pytest

from analysis import uplift
from analysis.uplift.managers import poisson_ratio

from .conftest import assignments, snapshots

# Two managers, ten customers each who could move up. Branch rates by starting tier: potential 6/10, low 1/10.
#   M1 holds 8 potential (4 up) and 2 low (0 up): raw 4/10 = 40%;
#   M2 holds 2 potential (2 up) and 8 low (1 up): raw 3/10 = 30%.
# Raw, M1 looks better; within each tier M2 does better (100% vs 50%, 12.5% vs 0%).
# Expected upgrades: M1 8 × 0.6 + 2 × 0.1 = 5.0 (ratio 4/5 = 0.8); M2 2 × 0.6 + 8 × 0.1 = 2.0 (ratio 3/2 = 1.5).
POT, LOW = (100e3, 250e3), (20e3, 60e3)  # (Sep, Oct) when upgraded
STAY_POT, STAY_LOW = (100e3, 120e3), (20e3, 25e3)
M1 = [POT] * 4 + [STAY_POT] * 4 + [STAY_LOW] * 2
M2 = [POT] * 2 + [LOW] + [STAY_LOW] * 7
BOOK = {**{f"a{i}": v for i, v in enumerate(M1)}, **{f"b{i}": v for i, v in enumerate(M2)}}
OWNERS = {**{f"a{i}": "M1" for i in range(10)}, **{f"b{i}": "M2" for i in range(10)}}


@pytest.fixture
def book():
    return {"customer_assets": snapshots(BOOK), "assignments": assignments(OWNERS)}


def test_raw_rates_favour_the_manager_with_the_easier_book(book):
    u = uplift.manager_uplift(book).set_index("staff_id")
    assert u.loc["M1", ["upgraded", "movable"]].tolist() == [4, 10]
    assert u.loc["M2", ["upgraded", "movable"]].tolist() == [3, 10]
    assert u.loc["M1", "rate"] > u.loc["M2", "rate"]
    nnm_m1 = 4 * 150e3 + 4 * 20e3 + 2 * 5e3
    assert u.loc["M1", "net_new_money"] == pytest.approx(nnm_m1)


def test_like_with_like_reverses_the_ranking(book):
    c = uplift.manager_comparison(book)
    assert c["staff_id"].tolist() == ["M2", "M1"]  # best ratio first
    m = c.set_index("staff_id")
    assert m.loc["M1", "expected"] == pytest.approx(5.0) and m.loc["M2", "expected"] == pytest.approx(2.0)
    assert m.loc["M1", "ratio"] == pytest.approx(0.8) and m.loc["M2", "ratio"] == pytest.approx(1.5)
    assert m.loc["M1", "mix_potential"] == pytest.approx(0.8) and m.loc["M2", "mix_low"] == pytest.approx(0.8)
    # R 4.2.2: poisson.test(4, T = 5) and poisson.test(3, T = 2)
    assert (m.loc["M1", "ratio_low"], m.loc["M1", "ratio_high"], m.loc["M1", "p_value"]) == pytest.approx(
        (0.2179730747, 2.0483177351, 1.0), abs=1e-9)
    assert (m.loc["M2", "ratio_low"], m.loc["M2", "ratio_high"], m.loc["M2", "p_value"]) == pytest.approx(
        (0.3093360614, 4.3836365349, 0.4586588671), abs=1e-9)
    assert set(m["verdict"]) == {"as_expected"}  # ten customers each: too few to call either
    # the branch's rate is 7/20: on the branch's mix M2 would upgrade 1.5 × 35% = 52.5%
    assert m.loc["M2", "adjusted_rate"] == pytest.approx(1.5 * 7 / 20)


@pytest.mark.parametrize("observed, expected, ref", [
    (0, 2.5, (0.0, 0.0, 1.4755517816, 0.1909069797)),  # R 4.2.2: poisson.test(0, T = 2.5)
    (9, 3.2, (2.8125, 1.286054092931, 5.339001078568, 0.005714138066)),  # poisson.test(9, T = 3.2)
])
def test_poisson_ratio_matches_r(observed, expected, ref):
    assert poisson_ratio(observed, expected) == pytest.approx(ref, abs=1e-9)


def test_targets_are_read_per_manager(book):
    targets = pd.DataFrame({"staff_id": ["M1", "M2"], "metric": ["upgraded", "net_new_money"], "target": [5.0, 1e6]})
    u = uplift.manager_uplift(book, targets=targets).set_index("staff_id")
    assert u.loc["M1", "target_upgraded"] == 5.0 and pd.isna(u.loc["M1", "target_net_new_money"])
    assert u.loc["M2", "target_net_new_money"] == 1e6


def test_overlapping_assignments_are_refused(book):
    g = book["assignments"]
    extra = pd.DataFrame({"person_id": ["a0"], "staff_id": ["M2"], "assigned_at": pd.Timestamp("2026-06-01"),
                          "ended_at": pd.NaT, "principle": "familiarity"})
    from analysis.errors import DataError
    with pytest.raises(DataError, match=r"assignments.*one_manager_at_a_time.*2 row\(s\); row 1 \(a0, M1\)"):
        uplift.manager_uplift(dict(book, assignments=pd.concat([g, extra], ignore_index=True)))


def test_a_hand_over_is_not_an_overlap_and_the_new_manager_holds_the_customer(book):
    g = book["assignments"].copy()
    g.loc[g["person_id"] == "a0", "ended_at"] = pd.Timestamp("2026-10-15")
    extra = pd.DataFrame({"person_id": ["a0"], "staff_id": ["M2"], "assigned_at": pd.Timestamp("2026-10-15"),
                          "ended_at": pd.NaT, "principle": "territory"})
    u = uplift.manager_uplift(dict(book, assignments=pd.concat([g, extra], ignore_index=True))).set_index("staff_id")
    assert u.loc["M2", "upgraded"] == 4 and u.loc["M1", "upgraded"] == 3
