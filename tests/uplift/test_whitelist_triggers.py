"""The white list and the maintenance list — hand counts on a literal book of five customers."""

import numpy as np
import pandas as pd
import pytest

from analysis import uplift
from analysis.errors import DataError

from .conftest import assignments, snapshots

AS_OF = pd.Timestamp("2026-10-31 18:00")
# A high (contacted 10 days ago), B second (contacted 40 days ago: flagged), C second (never contacted: flagged,
# no manager), D potential (AUM down 120,000 = 60%: outflow), E low (down 40,000 = 80%, below the 50,000 floor)
BOOK = {"A": (550e3, 600e3), "B": (210e3, 220e3), "C": (190e3, 250e3), "D": (200e3, 80e3), "E": (50e3, 10e3)}
CONTACTS = pd.DataFrame({"person_id": ["A", "B", "D", "A"], "staff_id": ["W1", "W1", "A1", "W1"],
                         "contacted_at": pd.to_datetime(["2026-10-21 18:00", "2026-09-21 18:00", "2026-07-01 10:00",
                                                         "2026-11-02 09:00"]),  # the last one is after as_of
                         "channel": "call", "purpose": "maintenance"})
HOLDINGS = pd.DataFrame({
    "holding_id": ["h1", "h2", "h3", "h4", "h5", "h6"], "person_id": ["A", "A", "B", "C", "D", "E"],
    "product": ["wealth", "fund", "wealth", "deposit", "wealth", "wealth"],
    "amount": [100e3, 50e3, 80e3, 30e3, 40e3, 5e3],
    "starts_at": pd.to_datetime(["2026-05-01"] * 6),
    # A: Nov 3 and Nov 5 (both within 7 days), B: Nov 20 (30 days), C: Dec 15 (beyond), D: Oct 20 (past), E: Nov 2
    "matures_at": pd.to_datetime(["2026-11-03", "2026-11-05", "2026-11-20", "2026-12-15", "2026-10-20",
                                  "2026-11-02"])})


@pytest.fixture
def book(staff):
    return {"customer_assets": snapshots(BOOK), "contacts": CONTACTS, "holdings": HOLDINGS, "staff": staff,
            "assignments": assignments({"A": "W1", "B": "W1", "D": "A1", "E": "A1"})}


def test_white_list_holds_the_high_and_second_tiers_with_their_flags(book):
    w = uplift.white_list(book, as_of=AS_OF)
    assert w["person_id"].tolist() == ["A", "C", "B"]  # high first, then by AUM
    assert w["value_tier"].tolist() == ["high", "second", "second"]
    assert w["staff_id"].tolist()[0] == "W1" and pd.isna(w["staff_id"].iloc[1])
    assert w["change"].tolist() == [50e3, 60e3, 10e3]
    assert w["days_since_contact"].iloc[0] == pytest.approx(10.0)  # the contact after as_of does not count
    assert w["days_since_contact"].iloc[2] == pytest.approx(40.0)
    assert w["no_contact"].tolist() == [False, True, True]  # 30 days; C never contacted
    assert w["next_maturity_at"].iloc[0] == pd.Timestamp("2026-11-03")
    assert w["next_maturity_amount"].iloc[0] == 100e3
    assert w["next_maturity_at"].iloc[1] == pd.Timestamp("2026-12-15") and w["next_maturity_amount"].iloc[1] == 30e3


def test_white_list_no_contact_days_is_a_parameter(book):
    w = uplift.white_list(book, as_of=AS_OF, no_contact_days=45)
    assert w["no_contact"].tolist() == [False, True, False]


def test_maintenance_list_hand_count(book):
    m = uplift.maintenance_list(book, as_of=AS_OF)
    got = sorted(zip(m["person_id"], m["trigger"]))
    # maturities of at least 10,000 yuan: A (150,000 in 7 days), B (80,000 in 30 days); E's 5,000 is too small;
    # outflow: D only (E drops 80% but less than 50,000 yuan);
    # no contact beyond the tier's standard (high 15, second 30, potential 90, low 180 days), never contacted from
    # the first snapshot (2026-09-30, 31 days before): B (40 > 30), C (31 > 30), D (122 > 90)
    assert got == [("A", "maturity_7d"), ("B", "maturity_30d"), ("B", "no_contact"), ("C", "no_contact"),
                   ("D", "no_contact"), ("D", "outflow")]
    a = m.loc[m["person_id"] == "A"].iloc[0]
    assert a["amount"] == 150e3 and a["matures_at"] == pd.Timestamp("2026-11-03")
    assert a["due"] == pd.Timestamp("2026-10-31")  # 3 days before Nov 3
    d = m.loc[(m["person_id"] == "D") & (m["trigger"] == "outflow")].iloc[0]
    assert d["amount"] == 120e3 and d["due"] == pd.Timestamp("2026-11-02") and d["staff_id"] == "A1"
    b = m.loc[(m["person_id"] == "B") & (m["trigger"] == "maturity_30d")].iloc[0]
    assert b["due"] == pd.Timestamp("2026-11-17")
    c = m.loc[m["person_id"] == "C"].iloc[0]
    assert pd.isna(c["staff_id"]) and c["due"] == pd.Timestamp("2026-11-07")
    assert list(m["due"]) == sorted(m["due"])


def test_maintenance_thresholds_are_parameters(book):
    m = uplift.maintenance_list(book, as_of=AS_OF, outflow_amount=30e3, maturity_min_amount=0.0)
    assert {("E", "outflow"), ("E", "maturity_7d")} <= set(zip(m["person_id"], m["trigger"]))


def test_maintenance_counts_per_manager(book):
    c = uplift.maintenance_counts(uplift.maintenance_list(book, as_of=AS_OF))
    w1 = c.loc[c["staff_id"] == "W1"].set_index("trigger")
    assert w1["customers"].to_dict() == {"maturity_7d": 1, "maturity_30d": 1, "no_contact": 1}
    assert np.isnan(w1.loc["no_contact", "amount"])
    assert c["staff_id"].isna().tolist()[-1]  # customers without a manager last


def test_a_contact_by_an_unknown_staff_member_is_a_foreign_key_error(book):
    bad = dict(book, contacts=CONTACTS.assign(staff_id=["W1", "X9", "A1", "W1"]))
    with pytest.raises(DataError, match=r"contacts, column staff_id.*rule foreign_key.*row 2 \(B, X9\)"):
        uplift.white_list(bad, as_of=AS_OF)


def test_a_maturity_before_the_start_is_an_error(book):
    bad = dict(book, holdings=HOLDINGS.assign(starts_at=pd.to_datetime(["2026-12-01"] + ["2026-05-01"] * 5)))
    with pytest.raises(DataError, match="matures_after_start"):
        uplift.maintenance_list(bad, as_of=AS_OF)
