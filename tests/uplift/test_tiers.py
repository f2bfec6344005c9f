"""Value tiers, tier counts, migration and the upgrade rate — hand counts on literal books, intervals against R."""

import numpy as np
import pandas as pd
import pytest

from analysis import uplift
from analysis.errors import DataError, ParameterError

from .conftest import OCT, SEP, assignments, snapshots

# 8 customers; hand count of the tiers (high ≥ 500,000, second ≥ 200,000, potential ≥ 50,000):
#   Sep: A high, B second, C second, D potential, E potential, F low, G low; H not yet a customer
#   Oct: A second (down), B high (up), C second, D second (up), E low (down), F potential (up), G gone, H low (new)
BOOK = {"A": (600e3, 450e3), "B": (300e3, 520e3), "C": (250e3, 260e3), "D": (60e3, 210e3), "E": (70e3, 20e3),
        "F": (10e3, 50e3), "G": (5e3, None), "H": (None, 8e3)}


@pytest.fixture
def assets():
    return snapshots(BOOK)


def test_tier_of_thresholds_are_lower_bounds():
    s = uplift.tier_of(pd.Series([500_000.0, 499_999.99, 200_000.0, 50_000.0, 49_999.0, 0.0, np.nan]))
    assert s.tolist()[:6] == ["high", "second", "second", "potential", "low", "low"]
    assert pd.isna(s.iloc[6])


def test_tier_of_refuses_thresholds_that_do_not_decrease():
    with pytest.raises(ParameterError, match="decrease"):
        uplift.tier_of(pd.Series([1.0]), {"high": 100.0, "second": 200.0, "potential": 50.0})


def test_review_is_the_latest_month_by_default_and_the_period_otherwise(assets):
    three = snapshots({"A": (1.0, 2.0, 3.0)}, dates=(pd.Timestamp("2026-08-31"), SEP, OCT))
    r = uplift.review_snapshots(three)
    assert (r["start"], r["end"], r["prev_start"], r["prev_end"]) == (SEP, OCT, pd.Timestamp("2026-08-31"), SEP)
    r = uplift.review_snapshots(three, "2026-09-01", "2026-10-31")
    assert (r["start"], r["end"], r["prev_start"]) == (pd.Timestamp("2026-08-31"), OCT, None)
    assert uplift.review_snapshots(snapshots({"A": (1.0,)}, dates=(OCT,)))["start"] is None


def test_tier_counts_hand_count_of_the_october_book(assets):
    c = uplift.tier_counts(customer_assets=assets)
    assert c["value_tier"].tolist() == ["high", "second", "potential", "low"]
    assert c["customers"].tolist() == [1, 3, 1, 2]  # B | A, C, D | F | E, H
    assert (c["n"] == 7).all()
    assert c["aum"].tolist() == [520e3, 450e3 + 260e3 + 210e3, 50e3, 20e3 + 8e3]
    # R 4.2.2: prop.test(3, 8, correct = FALSE) is for 3/8; here 3/7 against the Wilson formula by hand
    z = 1.959963984540054
    p, n = 3 / 7, 7
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert c.loc[1, "ci_low"] == pytest.approx(centre - half) and c.loc[1, "ci_high"] == pytest.approx(centre + half)


def test_tier_counts_per_manager_puts_customers_without_one_last(assets):
    g = assignments({"A": "W1", "B": "W1", "C": "W2", "D": "W2", "E": "A1", "F": "A1"})
    c = uplift.tier_counts(customer_assets=assets, assignments=g, by="staff_id")
    w1 = c.loc[c["staff_id"] == "W1"].set_index("value_tier")["customers"]
    assert w1.to_dict() == {"high": 1, "second": 1, "potential": 0, "low": 0}
    none = c.loc[c["staff_id"].isna()]
    assert none["customers"].sum() == 1 and none.loc[none["value_tier"] == "low", "customers"].item() == 1  # H


def test_tier_migration_hand_count(assets):
    m = uplift.tier_migration(customer_assets=assets).set_index(["from_tier", "to_tier"])
    assert m.loc[("high", "second"), "customers"] == 1  # A
    assert m.loc[("second", "high"), "customers"] == 1  # B
    assert m.loc[("second", "second"), "customers"] == 1  # C
    assert m.loc[("potential", "second"), "customers"] == 1  # D
    assert m.loc[("potential", "low"), "customers"] == 1  # E
    assert m.loc[("low", "potential"), "customers"] == 1  # F
    assert m.loc[("low", "left"), "customers"] == 1  # G
    assert m.loc[("new", "low"), "customers"] == 1  # H
    assert m["customers"].sum() == 8
    row = m.loc[("second", "high")]
    assert (row["n"], row["rate"]) == (2, 0.5)
    assert ("new", "left") not in m.index


def test_tier_moves_name_the_people_up_first(assets):
    mv = uplift.tier_moves(customer_assets=assets)
    assert mv["person_id"].tolist() == ["B", "D", "F", "A", "E"]  # up by size of change, then down by size
    assert mv["move"].tolist() == ["up", "up", "up", "down", "down"]
    assert mv.loc[0, "change"] == 220e3


def test_upgrade_rate_hand_count_and_net_new_money(assets):
    r = uplift.upgrade_rate(customer_assets=assets).iloc[0]
    # could move up: in September below high = B, C, D, E, F, G (6); up: B, D, F (3)
    assert (r["upgraded"], r["movable"], r["downgraded"], r["left"], r["new"]) == (3, 6, 2, 1, 1)
    assert r["rate"] == 0.5
    start = 600e3 + 300e3 + 250e3 + 60e3 + 70e3 + 10e3 + 5e3
    end = 450e3 + 520e3 + 260e3 + 210e3 + 20e3 + 50e3 + 8e3
    assert r["net_new_money"] == pytest.approx(end - start)


def test_upgrade_rate_interval_matches_r():
    # 3 of 8 could-move-up customers moved up
    book = {f"P{i}": (10e3, 60e3 if i < 3 else 10e3) for i in range(8)}
    r = uplift.upgrade_rate(customer_assets=snapshots(book)).iloc[0]
    assert (r["upgraded"], r["movable"]) == (3, 8)
    # R 4.2.2: prop.test(3, 8, correct = FALSE)$conf.int
    assert r["ci_low"] == pytest.approx(0.1368442858, abs=1e-9)
    assert r["ci_high"] == pytest.approx(0.6942576054, abs=1e-9)


def test_previous_period_of_a_single_month_review():
    three = snapshots({"A": (10e3, 60e3, 60e3), "B": (10e3, 10e3, 60e3)}, dates=(pd.Timestamp("2026-08-31"), SEP, OCT))
    prev = uplift.upgrade_rate(customer_assets=three, previous=True).iloc[0]
    cur = uplift.upgrade_rate(customer_assets=three).iloc[0]
    assert (prev["upgraded"], prev["movable"]) == (1, 2)  # Aug → Sep: A
    assert (cur["upgraded"], cur["movable"]) == (1, 2)  # Sep → Oct: B up; A (potential) could move up but did not


def test_one_snapshot_gives_an_empty_migration_and_no_rate():
    one = snapshots({"A": (10e3,)}, dates=(OCT,))
    assert uplift.tier_migration(customer_assets=one).empty
    r = uplift.upgrade_rate(customer_assets=one).iloc[0]
    assert r["movable"] == 0 and np.isnan(r["rate"]) and pd.isna(r["start"])


def test_negative_aum_is_an_error_naming_table_column_rule_and_rows(assets):
    bad = assets.copy()
    bad.loc[3, "aum"] = -5.0  # the 4th row: B's October snapshot
    with pytest.raises(DataError, match=r"customer_assets, column aum.*rule min, 1 row.*row 4 \(B, 2026-10-31") as err:
        uplift.tier_counts(customer_assets=bad)
    assert err.value.problems.loc[0, "rule"] == "min"


def test_two_snapshots_of_one_customer_on_a_day_are_an_error(assets):
    bad = pd.concat([assets, assets.iloc[[0]]], ignore_index=True)
    with pytest.raises(DataError, match="unique_key"):
        uplift.value_tiers(customer_assets=bad)


def test_unreadable_snapshot_date_is_an_error_not_nat(assets):
    bad = assets.astype({"as_of": object})
    bad.loc[0, "as_of"] = "not a date"
    with pytest.raises(DataError, match="not_a_time"):
        uplift.value_tiers(customer_assets=bad)
