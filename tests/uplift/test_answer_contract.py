"""The answer-first blocks on a literal book; the contract's rules for the uplift tables; a branch without them."""

import pandas as pd
import pytest

from analysis import uplift
from analysis.io import validate_tables
from analysis.schemas import empty_frame

from .conftest import assignments, snapshots

AS_OF = pd.Timestamp("2026-10-31 18:00")
THREE = (pd.Timestamp("2026-08-31"), pd.Timestamp("2026-09-30"), pd.Timestamp("2026-10-31"))
# Aug → Sep: B up (1 of 3 could move up); Sep → Oct: C up, D down (1 of 3: A is high, B, C, D could move up … 1 of 3)
BOOK = {"A": (600e3, 600e3, 650e3), "B": (150e3, 210e3, 220e3), "C": (40e3, 40e3, 60e3), "D": (60e3, 60e3, 20e3)}


@pytest.fixture
def book(staff):
    contacts = pd.DataFrame({"person_id": ["A", "B"], "staff_id": ["W1", "W1"],
                             "contacted_at": pd.to_datetime(["2026-10-25 10:00", "2026-08-15 10:00"])})
    holdings = pd.DataFrame({"holding_id": ["h1", "h2"], "person_id": ["A", "D"], "product": ["wealth", "deposit"],
                             "amount": [200e3, 15e3], "starts_at": pd.to_datetime(["2026-05-01"] * 2),
                             "matures_at": pd.to_datetime(["2026-11-04", "2026-11-06"])})
    return {"customer_assets": snapshots(BOOK, dates=THREE), "contacts": contacts, "holdings": holdings,
            "staff": staff, "assignments": assignments({"A": "W1", "B": "W1", "C": "A1"})}


def test_headline_hand_values(book):
    h = uplift.headline(book, as_of=AS_OF).set_index("measure")
    assert list(h.index) == list(uplift.HEADLINE_MEASURES)
    assert (h.loc["white_list_customers", "value"], h.loc["white_list_customers", "previous"]) == (2, 2)  # A, B
    assert h.loc["upgrade_rate", "value"] == pytest.approx(1 / 3)  # C of B, C, D
    assert h.loc["upgrade_rate", "previous"] == pytest.approx(1 / 3)  # B of B, C, D
    assert h.loc["upgrade_rate", "ci_low"] < 1 / 3 < h.loc["upgrade_rate", "ci_high"]
    assert h.loc["net_new_money", "value"] == pytest.approx(50e3 + 10e3 + 20e3 - 40e3)
    assert h.loc["net_new_money", "previous"] == pytest.approx(60e3)
    assert h.loc["net_new_money", "flag"] == "ok"
    # white list at the end: A (contacted 6 days before) and B (77 days): 1 flagged; at the end of September A had
    # no contact on record yet (October's is later) and B's was 46 days old → 2 flagged
    assert (h.loc["white_list_no_contact", "value"], h.loc["white_list_no_contact", "previous"]) == (1, 2)
    assert h.loc["white_list_no_contact", "flag"] == "above"
    assert h.loc["maturing_7d", "value"] == 2 and h.loc["maturing_7d", "flag"] == "warn"  # A and D (15,000 ≥ 10,000)


def test_verdict_and_actions(book):
    h = uplift.headline(book, as_of=AS_OF)
    text = uplift.verdict(h, uplift.tier_summary(book), "en")
    assert text.startswith("Customers by value: 1 high, 1 second, 1 potential, 1 low; 33.3% moved up a tier")
    assert "1 white-list customers have had no contact" in text and "2 have a product maturing" in text
    a = uplift.actions(book, as_of=AS_OF, language="en")
    assert a["owner"].tolist()[0] == "W1 (Wealth manager)"
    assert "1 maturing within 7 days (A)" in a.loc[0, "action"]
    d = a.loc[a["staff_id"].isna()].iloc[0]  # D has no manager: the branch head assigns one
    assert d["owner"] == "H (Branch head)" and d["action"].startswith("assign these customers a manager first")
    assert a["rank"].tolist() == list(range(1, len(a) + 1))
    assert "P0" not in "".join(a["action"]) and not a["action"].str.contains("name").any()


def test_a_branch_without_the_uplift_tables_gets_empty_results_not_errors():
    data = {name: empty_frame(name) for name in ("customer_assets", "holdings", "assignments", "contacts", "staff",
                                                  "accounts", "deals", "people")}
    h = uplift.headline(data)
    assert h["value"].isna().sum() >= 3
    assert uplift.verdict(h, uplift.tier_summary(data), "en").startswith("This branch has no asset snapshots")
    assert uplift.actions(data, language="en").empty
    for result in (uplift.tier_migration(data), uplift.tier_moves(data), uplift.white_list(data),
                   uplift.manager_uplift(data), uplift.manager_comparison(data), uplift.maintenance_list(data),
                   uplift.contact_frequency(data), uplift.allocation(data), uplift.unassigned_customers(data),
                   uplift.retention_cohorts(data), uplift.time_to_churn(data)):
        assert len(result) == 0
    assert (uplift.tier_counts(data)["customers"] == 0).all()
    assert not uplift.contact_uplift_model(data)["fitted"].iloc[0]
    assert uplift.allocation_balance(data)["customers"].sum() == 0
    assert uplift.tiers_text(uplift.upgrade_rate(data), "en").startswith("This branch has no customer asset data")
    assert uplift.white_list_text(uplift.white_list(data), "en") == "No data for this."


# --- the contract ------------------------------------------------------------------------------------------------

@pytest.fixture
def tables(sample_tables):
    keep = ("branches", "staff", "communities", "people", "customer_assets", "holdings", "assignments", "contacts")
    return {k: sample_tables[k] for k in keep}


def _problems(tables, **changed):
    return validate_tables({**tables, **changed})


def test_the_sample_uplift_tables_pass_the_contract(tables):
    p = _problems(tables)
    assert p.empty, p


def test_negative_aum_is_refused_by_the_loader(tables):
    a = tables["customer_assets"].copy()
    a.loc[[3, 8], "aum"] = -1.0
    p = _problems(tables, customer_assets=a)
    row = p.loc[(p["table"] == "customer_assets") & (p["column"] == "aum")].iloc[0]
    assert row["n_rows"] == 2 and row["rule"] in ("range", "min")


def test_overlapping_assignments_are_refused_by_the_loader(tables):
    g = tables["assignments"]
    first = g.iloc[[0]].assign(staff_id=g["staff_id"].iloc[1] if g["staff_id"].iloc[1] != g["staff_id"].iloc[0]
                               else "B01-S03", assigned_at=g["assigned_at"].iloc[0] + pd.Timedelta(days=10))
    p = _problems(tables, assignments=pd.concat([g, first], ignore_index=True))
    row = p.loc[p["rule"] == "one_manager_at_a_time"].iloc[0]
    assert row["table"] == "assignments" and row["n_rows"] == 2


def test_a_contact_by_a_staff_id_that_does_not_exist_is_refused(tables):
    c = tables["contacts"].copy()
    c.loc[5, "staff_id"] = "B09-S99"
    p = _problems(tables, contacts=c)
    row = p.loc[(p["table"] == "contacts") & (p["column"] == "staff_id")].iloc[0]
    assert row["n_rows"] == 1 and row["rule"] in ("foreign_key", "unknown_reference", "reference")


def test_chinese_headers_of_a_core_system_extract_are_read():
    from analysis.schemas import COLUMN_ALIASES, VALUE_ALIASES

    a = COLUMN_ALIASES["customer_assets"]
    assert (a["资产余额"], a["AUM"], a["存款"], a["理财"], a["贷款"]) == ("aum", "aum", "deposits", "investments", "loans")
    assert COLUMN_ALIASES["holdings"]["到期日"] == "matures_at" and COLUMN_ALIASES["holdings"]["产品"] == "product"
    assert VALUE_ALIASES["principle"]["战区管户"] == "territory" and VALUE_ALIASES["purpose"]["尊享关怀"] == "care"
