"""The sample generator's reach stage tells the practice's story (DESIGN.md, "Community reach")."""

import numpy as np
import pandas as pd
import pytest

from analysis import reach
from analysis.io import Dataset
from analysis.sample import make_sample
from analysis.sample.reach import REACH_CASE


@pytest.fixture(scope="module")
def full(sample_tables):
    return Dataset(sample_tables)


def test_same_seed_same_reach_tables(sample_tables):
    again = make_sample(seed=0)
    for name in ("partners", "campaigns", "placements", "accounts", "referrals", "people"):
        pd.testing.assert_frame_equal(again[name], sample_tables[name])


def test_earlier_tables_keep_their_rows(sample_tables):
    # the salon case of the events stage is unchanged: 38 attendees, 31 strangers
    att = sample_tables["attendance"].query("event_id == 'B01-E03'")
    assert (len(att), int((~att["is_bank_customer"]).sum())) == (38, 31)
    assert sample_tables["people"]["person_id"].iloc[:4098].tolist() == [f"P{i:06d}" for i in range(1, 4099)]


def test_smart_community_near_95_percent_and_the_others_under_the_grid_peak(full):
    r = pd.concat([reach.penetration(reach.for_branch(full, b)) for b in ("B01", "B02", "B03")], ignore_index=True)
    smart = r.set_index("community_id").loc[REACH_CASE["smart_community"]["community_id"]]
    assert 0.95 <= smart["opening_rate"] < 0.97
    others = r.loc[r["community_id"] != REACH_CASE["smart_community"]["community_id"]]
    assert (others["opening_rate"] < 0.10).all()
    # grid marketing stays under 35% touched except in B01's two smallest communities (558 and 312 households)
    assert set(others.loc[others["rate"] >= 0.35, "community_id"]) == {"B01-C01", "B01-C03"}


def test_opening_campaign_100_places_a_week_for_4_weeks_with_10_fruit_sellers(full):
    b02 = reach.for_branch(full, "B02")
    q = reach.weekly_quota(b02)
    assert q["quota"].tolist() == [100] * 4
    assert q["accounts"].tolist() == list(REACH_CASE["opening"]["weekly_accounts"])
    sellers = b02["accounts"].query("campaign_id == 'B02-K01'")["partner_id"].nunique()
    assert sellers == 10
    assert (b02["partners"].query("kind == 'fruit_seller'")["stage"] == "active").all()


def test_a_few_central_figures_bring_many_guests(full):
    top = reach.referrers(reach.for_branch(full, "B03"), limit=6)
    assert (top["guests"].head(4) >= 9).all() and (top["guests"].iloc[4:] <= 3).all()


def test_accounts_follow_first_touches_and_every_stranger_who_bought_has_one(sample_tables):
    t = sample_tables
    first = reach.first_touches(Dataset(t))
    reach.check_accounts(t["accounts"], first, "test")  # raises on an account before a first contact
    cust = t["people"].set_index("person_id")["is_bank_customer"]
    buyers = set(t["deals"]["person_id"][~t["deals"]["person_id"].map(cust).astype(bool).to_numpy()])
    assert buyers <= set(t["accounts"]["person_id"])


def test_events_partners_are_in_partners(sample_tables):
    assert set(sample_tables["events"]["partner_id"].dropna()) <= set(sample_tables["partners"]["partner_id"])


def test_placements_brought_first_contacts(full):
    p = reach.placement_first_contacts(reach.for_branch(full, "B02"), by="kind")
    assert p["first_contacts"].sum() > 0 and p["rate"].between(0, 1).all()
