"""Merchant alliance, campaign reviews, weekly quotas and placements against hand counts of the literal fixture."""

import numpy as np
import pandas as pd
import pytest

from analysis import DataError, reach


def test_partner_scorecard_hand_counts(tiny):
    s = reach.partner_scorecard(tiny).set_index("partner_id")
    pt1 = s.loc["PT1"]
    # E1 co-hosted; PT1 invited P1 who came; strangers at E1: P2, P1; new customer P2 (account credited to E1);
    # P2's 50,000-yuan deal 09-08 09:00 is within 72 h of E1's end (09-05 11:30); cost 1,000 yuan
    assert (pt1["events"], pt1["invited"], pt1["showed_up"], pt1["strangers"], pt1["new_customers"],
            pt1["deals_72h"]) == (1, 1, 1, 2, 1, 1)
    assert pt1["sales_72h"] == 50000.0 and pt1["cost"] == 1000.0 and pt1["new_per_10k"] == pytest.approx(10.0)
    assert not pt1["repeat"] and pt1["show_up_rate"] == 1.0
    assert s.loc["PT2", "events"] == 0 and np.isnan(s.loc["PT2", "new_per_10k"])


def test_partner_kinds_rank_new_customers_per_yuan(tiny):
    k = reach.partner_kinds(reach.partner_scorecard(tiny))
    assert k["kind"].tolist() == ["counselling", "fruit_seller"]
    assert k["new_customers"].tolist() == [1, 0]


def test_an_event_partner_missing_from_partners_is_a_foreign_key_error(tiny):
    ev = tiny["events"].assign(partner_id=pd.Series(["PT9"], dtype="string"))
    with pytest.raises(DataError, match=r"table events, column partner_id.*foreign_key.*E1"):
        reach.partner_scorecard(dict(tiny, events=ev))


def test_campaign_review_hand_counts(tiny):
    c = reach.campaign_review(tiny).iloc[0]
    # K1: accounts A2 (P7), A5 (P8, an existing customer); one new customer of 4 expected; spend 1,500
    assert (c["campaign"], c["accounts"], c["new_customers"], c["expected_new_customers"]) == ("K1", 2, 1, 4)
    assert c["attainment"] == pytest.approx(0.25) and c["cost_per_new_customer"] == pytest.approx(1500.0)
    assert c["first_touched"] == 1 and c["communities_reached"] == "C1"  # P7 first met through the campaign


def test_campaign_ending_before_it_starts_is_refused(tiny):
    bad = tiny["campaigns"].assign(ends_at=[pd.Timestamp("2026-08-01")])
    with pytest.raises(DataError, match=r"table campaigns, column ends_at.*ends_after_start"):
        reach.campaign_review(dict(tiny, campaigns=bad))


def test_weekly_quota_attainment(tiny):
    q = reach.weekly_quota(tiny)
    # weeks from 09-01: A5 on 09-02 (week 1), A2 on 09-08 (week 2); as of the last opening (09-20) week 3 has
    # begun but not ended, week 4 (from 09-22) not begun
    assert q[["week_no", "accounts", "quota", "behind"]].values.tolist() == [[1, 1, 2, True], [2, 1, 2, True],
                                                                          [3, 0, 2, False]]
    np.testing.assert_allclose(q["attainment"], [0.5, 0.5, 0.0])


def test_placements_as_first_touch_channels(tiny):
    p = reach.placement_first_contacts(tiny).set_index("placement_id")
    # P1's first touch (the online survey) came through Q1; C1's first contacts: P1, P2, P3, P7
    assert p.loc["Q1", ["first_contacts", "community_first_contacts", "new_customers"]].tolist() == [1, 4, 0]
    assert p.loc["Q1", "cost_per_first_contact"] == 100.0
    # R 4.2.2: prop.test(1, 4, correct = FALSE)$conf.int
    np.testing.assert_allclose(p.loc["Q1", ["ci_low", "ci_high"]].astype(float),
                               [0.0455872608097006, 0.6993581574175980], rtol=1e-9)
    assert p.loc["Q2", "first_contacts"] == 0
    k = reach.placement_first_contacts(tiny, by="kind").set_index("kind")
    assert k.loc["qr_code", "first_contacts"] == 1 and k.loc["notice_board", "community_first_contacts"] == 3
