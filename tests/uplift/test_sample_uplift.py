"""The sample's uplift tables tell the branch story consistently with the other tables (issue 13, item 8)."""

import pandas as pd
import pytest

from analysis import uplift
from analysis.sample import make_sample
from analysis.schemas import TABLES, _overlapping_assignments


def test_tables_follow_the_contract_order_and_the_other_tables_are_unchanged(sample_tables):
    assert [n for n in sample_tables if n in TABLES] == [n for n in TABLES if n in sample_tables]
    for name in ("customer_assets", "holdings", "assignments", "contacts"):
        assert len(sample_tables[name]) > 0
    # the salon case of DESIGN.md still holds: 38 came, 31 strangers
    att = sample_tables["attendance"].query("event_id == 'B01-E03'")
    assert (len(att), int((~att["is_bank_customer"]).sum())) == (38, 31)


def test_same_seed_same_tables():
    a, b = make_sample(1, branches=1), make_sample(1, branches=1)
    for name in ("customer_assets", "holdings", "assignments", "contacts"):
        pd.testing.assert_frame_equal(a[name], b[name])


def test_monthly_snapshots_over_the_period(sample_tables):
    dates = sorted(sample_tables["customer_assets"]["as_of"].unique())
    assert [f"{pd.Timestamp(d):%Y-%m-%d}" for d in dates] == ["2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"]
    a = sample_tables["customer_assets"]
    assert (a[["aum", "deposits", "investments", "loans"]] >= 0).all().all()
    assert ((a["deposits"] + a["investments"] - a["aum"]).abs() < 1).all()


def test_new_customers_appear_after_their_account_or_deal(sample_tables):
    acq = uplift.acquired_customers(sample_tables)
    first = sample_tables["customer_assets"].groupby("person_id")["as_of"].min()
    seen = acq.loc[acq["person_id"].isin(first.index)]
    assert len(seen) > 0.9 * len(acq) - 20  # all but those acquired after the last month-end
    assert (first.reindex(seen["person_id"]).to_numpy() >= seen["acquired_at"].dt.normalize().to_numpy()).all()
    assert (first == pd.Timestamp("2026-07-31")).sum() > 1000  # the customers before the period


def test_each_branch_has_large_outflows_maturities_ahead_and_customers_without_a_manager(sample_tables):
    for b in ("B01", "B02", "B03"):
        book = uplift.branch_data(sample_tables, b)
        m = uplift.maintenance_list(book)
        assert (m["trigger"] == "outflow").sum() >= 3
        assert (m["trigger"] == "maturity_7d").sum() >= 1
        assert len(uplift.unassigned_customers(book)) > 0
    months = sample_tables["holdings"]["matures_at"].dt.to_period("M").value_counts()
    assert len(months) >= 6 and months.max() < 0.3 * months.sum()  # spread over the coming months


def test_assignments_never_overlap_and_follow_the_four_principles(sample_tables):
    g = sample_tables["assignments"]
    assert not _overlapping_assignments(g).any()
    assert set(g["principle"].astype(str)) == {"familiarity", "territory", "industry", "relationship"}
    staff = sample_tables["staff"].set_index("staff_id")["role"]
    assert set(staff.reindex(g["staff_id"]).astype(str)) <= {"wealth_manager", "account_manager"}
    assert (g["ended_at"].notna()).sum() > 0  # a few hand-overs


def test_contacts_by_existing_staff_and_realistic_gaps(sample_tables):
    c = sample_tables["contacts"]
    assert c["staff_id"].isin(sample_tables["staff"]["staff_id"]).all()
    w = uplift.white_list(uplift.branch_data(sample_tables, "B01"))
    assert 0 < w["no_contact"].sum() < len(w)  # some white-list customers go a month without a call


def test_the_tiers_are_a_pyramid(sample_tables):
    c = uplift.tier_counts(customer_assets=sample_tables["customer_assets"]).set_index("value_tier")["rate"]
    assert c["high"] < c["second"] < c["potential"] < c["low"]
    assert 0.02 < c["high"] < 0.1


@pytest.mark.parametrize("branch", ["B01", "B02", "B03"])
def test_every_branch_reads_answer_first(sample_tables, branch):
    book = uplift.branch_data(sample_tables, branch)
    h = uplift.headline(book)
    assert h["value"].notna().all()
    assert len(uplift.actions(book, language="zh")) >= 3
