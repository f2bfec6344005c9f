"""Contacts against the frequency standard, the contact model (against R glm), and the allocation."""

import numpy as np
import pandas as pd
import pytest

from analysis import uplift

from .conftest import assignments, snapshots

# --- contact frequency: hand count -------------------------------------------------------------------------------

def test_contact_frequency_hand_count(staff):
    assets = snapshots({"A": (600e3, 600e3), "B": (600e3, 600e3), "C": (20e3, 20e3)})
    contacts = pd.DataFrame({"person_id": ["A", "A", "B", "C", "A"], "staff_id": ["W1"] * 5,
                             "contacted_at": pd.to_datetime(["2026-10-05", "2026-10-25", "2026-10-02",
                                                             "2026-09-15", "2026-11-03"])})
    f = uplift.contact_frequency(customer_assets=assets, contacts=contacts,
                                 assignments=assignments({"A": "W1", "B": "W1", "C": "A1"}), staff=staff)
    hi = f.loc[f["value_tier"] == "high"].iloc[0]
    # high: one contact every 15 days. A: 2 contacts in October, the last 7 days before the end: within;
    # B: 1 contact, 30 days before the end: not within. The November contact is after the review.
    assert (hi["staff_id"], hi["customers"], hi["contacts"], hi["within_standard"]) == ("W1", 2, 3, 1)
    assert hi["expected_contacts"] == pytest.approx(2 * 31 / 15)
    lo = f.loc[f["value_tier"] == "low"].iloc[0]
    # low: every 180 days; C's September contact (47 days before the end) counts for the standard, not as an
    # October contact
    assert (lo["staff_id"], lo["contacts"], lo["within_standard"]) == ("A1", 0, 1)


# --- the contact model against R ----------------------------------------------------------------------------------
# 16 low-value customers (20,000 yuan; an upgrade is ≥ 50,000) and 14 potential ones (100,000; upgrade ≥ 200,000)
K_LOW = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 0, 1, 2, 3, 4]
UP_LOW = [0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1]
K_POT = [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 0, 1, 2, 4]
UP_POT = [0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1]


def _model_book():
    rows, contacts = {}, []
    for tier, ks, ups, start, up_to in (("low", K_LOW, UP_LOW, 20e3, 60e3), ("pot", K_POT, UP_POT, 100e3, 250e3)):
        for i, (k, u) in enumerate(zip(ks, ups)):
            p = f"{tier}{i:02d}"
            rows[p] = (start, up_to if u else start)
            contacts += [(p, "W1", pd.Timestamp("2026-10-01 10:00") + pd.Timedelta(days=3 * j)) for j in range(k)]
    return snapshots(rows), pd.DataFrame(contacts, columns=["person_id", "staff_id", "contacted_at"])


def test_contact_model_matches_r_glm():
    assets, contacts = _model_book()
    m = uplift.contact_uplift_model(customer_assets=assets, contacts=contacts).iloc[0]
    assert bool(m["fitted"]) and (m["movable"], m["upgraded"]) == (30, 13)
    # R 4.2.2: glm(upgraded ~ cpm + factor(tier), family = binomial), cpm = k / (31 / (365.25 / 12));
    # odds ratio exp(b), Wald interval exp(b ± 1.96 se) (tests/uplift/uplift_reference.R)
    assert m["odds_ratio"] == pytest.approx(3.236638063672, rel=1e-6)
    assert m["ci_low"] == pytest.approx(1.327263490987, rel=1e-6)
    assert m["ci_high"] == pytest.approx(7.892800507475, rel=1e-6)
    assert m["p_value"] == pytest.approx(0.009809847654, rel=1e-5)
    assert m["odds_ratio"] > 1  # more contacts, more upgrades in these data: the sign is not flipped


def test_contact_model_with_too_few_upgrades_is_not_fitted():
    assets = snapshots({f"P{i}": (20e3, 60e3 if i == 0 else 20e3) for i in range(10)})
    m = uplift.contact_uplift_model(customer_assets=assets, contacts=pd.DataFrame(
        {"person_id": ["P0"], "staff_id": ["W1"], "contacted_at": [pd.Timestamp("2026-10-02")]})).iloc[0]
    assert not m["fitted"] and np.isnan(m["odds_ratio"]) and m["upgraded"] == 1
    assert "Too few" in uplift.model_text(uplift.contact_uplift_model(customer_assets=assets, contacts=pd.DataFrame(
        {"person_id": ["P0"], "staff_id": ["W1"], "contacted_at": [pd.Timestamp("2026-10-02")]})), "en")


# --- allocation ----------------------------------------------------------------------------------------------------

def test_allocation_by_principle_and_balance(staff):
    assets = snapshots({"A": (0, 600e3), "B": (0, 100e3), "C": (0, 30e3), "D": (0, 20e3), "E": (0, 700e3)})
    g = pd.concat([assignments({"A": "W1", "B": "W1"}, principle="familiarity"),
                   assignments({"C": "W1"}, principle="territory"), assignments({"D": "A1"}, principle="industry")],
                  ignore_index=True)
    a = uplift.allocation(customer_assets=assets, assignments=g, staff=staff, as_of="2026-10-31 18:00")
    w1 = a.loc[a["staff_id"] == "W1"].set_index("principle")
    assert w1["customers"].to_dict() == {"familiarity": 2, "territory": 1, "industry": 0, "relationship": 0}
    assert (w1["n"] == 3).all() and w1.loc["familiarity", "aum"] == 700e3
    b = uplift.allocation_balance(customer_assets=assets, assignments=g, staff=staff, as_of="2026-10-31 18:00")
    assert b["staff_id"].tolist() == ["W1", "W2", "A1"]  # every manager of the staff table, in its order
    assert b["customers"].tolist() == [3, 0, 1] and b["expected"].tolist() == [4 / 3] * 3
    assert b.loc[0, ["tier_high", "tier_potential", "tier_low"]].tolist() == [1, 1, 1]
    u = uplift.unassigned_customers(customer_assets=assets, assignments=g, staff=staff, as_of="2026-10-31 18:00")
    assert u["person_id"].tolist() == ["E"] and u["value_tier"].tolist() == ["high"]
    t = uplift.allocation_balance_test(b, len(u)).iloc[0]
    # R 4.2.2: chisq.test(c(3, 0, 1)): X-squared = 3.5, df = 2, p-value = 0.1737739
    assert (t["chi2"], t["dof"], t["unassigned"]) == (pytest.approx(3.5), 2, 1)
    assert t["p_value"] == pytest.approx(0.1737739, abs=1e-7)


def test_allocation_balance_test_matches_r():
    t = uplift.allocation_balance_test(pd.DataFrame({"customers": [3, 1, 2]})).iloc[0]
    # R 4.2.2: chisq.test(c(3, 1, 2)) → X-squared = 1, p-value = 0.6065306597
    assert t["chi2"] == pytest.approx(1.0) and t["p_value"] == pytest.approx(0.6065306597, abs=1e-9)


def test_a_previous_manager_is_named_for_a_customer_handed_back(staff):
    assets = snapshots({"A": (0, 100e3)})
    g = assignments({"A": "W2"}).assign(ended_at=pd.Timestamp("2026-10-01"))
    u = uplift.unassigned_customers(customer_assets=assets, assignments=g, staff=staff, as_of="2026-10-31 18:00")
    assert u["last_manager"].tolist() == ["W2"]
