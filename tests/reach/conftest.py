"""A small literal data set of the reach domain that a reader can count by eye.

Communities C1 (10 households) and C2 (4). People (is_bank_customer at first contact):

====  =========  ========  ==============================================================
id    community  customer  what happens
====  =========  ========  ==============================================================
P1    C1         no        answers an online survey 09-01 10:00 (placement Q1), brought to E1 by P3
P2    C1         no        walks in to booth E1 09-05 10:05, lead 10:30, joins G1 09-06, opens A1 09-07
                           10:05 (event E1), deal 09-08 09:00 (50,000 yuan)
P3    C1         yes       invited by staff to E1, comes 10:10; opens a credit card A4 09-09 (not new)
P4    C2         no        answers a survey 09-03 00:00
P5    C2         no        joins G1 09-10 00:00, opens A3 09-20 00:00 (group)
P6    —          no        referred by P3 09-12 00:00 (100 points)
P7    C1         no        opens A2 09-08 through the smart-community campaign K1 (its first touch)
P8    C2         yes       opens A5 09-02 in campaign K1 (its first touch; an existing customer)
====  =========  ========  ==============================================================

Event E1: booth in C1 on 2026-09-05 10:00–11:30, partner PT1, cost 1,000 yuan; PT1 invited P1. Campaign K1:
smart_community in C1, 2026-09-01 … 09-28, budget 2,000, spend 1,500, expected 4, weekly quota 2.
"""

from __future__ import annotations

import pandas as pd
import pytest

T = pd.Timestamp


def _s(values, dtype="string"):
    return pd.Series(values, dtype=dtype)


@pytest.fixture
def tiny() -> dict[str, pd.DataFrame]:
    return {
        "branches": pd.DataFrame({"branch_id": _s(["B1"]), "name": _s(["城东"]), "city": _s(["杭州"])}),
        "staff": pd.DataFrame({"staff_id": _s(["S1", "S2"]), "branch_id": _s(["B1", "B1"]),
                               "role": _s(["branch_head", "account_manager"])}),
        "communities": pd.DataFrame({"community_id": _s(["C1", "C2"]), "branch_id": _s(["B1", "B1"]),
                                     "name": _s(["锦绣", "阳光"]), "households": pd.array([10, 4], dtype="Int64")}),
        "people": pd.DataFrame({
            "person_id": _s([f"P{i}" for i in range(1, 9)]),
            "community_id": _s(["C1", "C1", "C1", "C2", "C2", None, "C1", "C2"]),
            "is_bank_customer": pd.array([False, False, True, False, False, False, False, True], dtype="boolean")}),
        "survey_responses": pd.DataFrame({
            "response_id": _s(["R1", "R2"]), "person_id": _s(["P1", "P4"]), "community_id": _s(["C1", "C2"]),
            "submitted_at": [T("2026-09-01 10:00"), T("2026-09-03 00:00")], "channel": _s(["online", "booth"]),
            "placement_id": _s(["Q1", None])}),
        "events": pd.DataFrame({
            "event_id": _s(["E1"]), "branch_id": _s(["B1"]), "community_id": _s(["C1"]), "kind": _s(["booth"]),
            "theme": _s(["反诈"]), "partner_id": _s(["PT1"]), "starts_at": [T("2026-09-05 10:00")],
            "ends_at": [T("2026-09-05 11:30")], "cost": [1000.0]}),
        "invitations": pd.DataFrame({
            "event_id": _s(["E1", "E1"]), "inviter_kind": _s(["staff", "partner"]), "inviter_id": _s(["S2", "PT1"]),
            "person_id": _s(["P3", "P1"]), "invited_at": [T("2026-09-04 09:00"), T("2026-09-04 09:30")]}),
        "attendance": pd.DataFrame({
            "event_id": _s(["E1", "E1", "E1"]), "person_id": _s(["P2", "P3", "P1"]),
            "arrived_at": [T("2026-09-05 10:05"), T("2026-09-05 10:10"), T("2026-09-05 10:20")],
            "source": _s(["walk_in", "staff_invite", "brought_along"]), "brought_by": _s([None, None, "P3"]),
            "is_bank_customer": pd.array([False, True, False], dtype="boolean")}),
        "wechat_groups": pd.DataFrame({"group_id": _s(["G1"]), "branch_id": _s(["B1"]), "tier": _s(["potential"])}),
        "group_members": pd.DataFrame({"group_id": _s(["G1", "G1"]), "person_id": _s(["P2", "P5"]),
                                       "joined_at": [T("2026-09-06 09:00"), T("2026-09-10 00:00")]}),
        "leads": pd.DataFrame({"lead_id": _s(["L1"]), "person_id": _s(["P2"]), "event_id": _s(["E1"]),
                               "captured_at": [T("2026-09-05 10:30")], "outcome": _s(["won"])}),
        "deals": pd.DataFrame({"deal_id": _s(["D1"]), "person_id": _s(["P2"]), "staff_id": _s(["S2"]),
                               "amount": [50000.0], "closed_at": [T("2026-09-08 09:00")], "event_id": _s(["E1"])}),
        "partners": pd.DataFrame({"partner_id": _s(["PT1", "PT2"]), "branch_id": _s(["B1", "B1"]),
                                  "name": _s(["心理咨询室", "水果店"]), "kind": _s(["counselling", "fruit_seller"]),
                                  "stage": _s(["active", "negotiating"]),
                                  "signed_at": [T("2026-08-01"), pd.NaT]}),
        "campaigns": pd.DataFrame({
            "campaign_id": _s(["K1"]), "branch_id": _s(["B1"]), "name": _s(["智慧物业"]),
            "scenario": _s(["smart_community"]), "community_id": _s(["C1"]), "partner_id": _s([None]),
            "starts_at": [T("2026-09-01")], "ends_at": [T("2026-09-28")], "budget": [2000.0], "spend": [1500.0],
            "expected_new_customers": pd.array([4], dtype="Int64"), "weekly_quota": pd.array([2], dtype="Int64")}),
        "placements": pd.DataFrame({"placement_id": _s(["Q1", "Q2"]), "community_id": _s(["C1", "C2"]),
                                    "kind": _s(["qr_code", "notice_board"]),
                                    "starts_at": [T("2026-08-01"), T("2026-08-01")], "cost": [100.0, 50.0]}),
        "accounts": pd.DataFrame({
            "account_id": _s(["A1", "A2", "A3", "A4", "A5"]), "person_id": _s(["P2", "P7", "P5", "P3", "P8"]),
            "branch_id": _s(["B1"] * 5),
            "opened_at": [T("2026-09-07 10:05"), T("2026-09-08 00:00"), T("2026-09-20 00:00"), T("2026-09-09 00:00"),
                          T("2026-09-02 00:00")],
            "kind": _s(["debit_card", "debit_card", "debit_card", "credit_card", "debit_card"]),
            "channel": _s(["event", "smart_community", "group", "counter", "campaign"]),
            "event_id": _s(["E1", None, None, None, None]), "campaign_id": _s([None, "K1", None, None, "K1"]),
            "partner_id": _s([None] * 5), "staff_id": _s(["S2", None, None, None, None]),
            "entry_id": _s([None] * 5)}),
        "referrals": pd.DataFrame({"referrer_id": _s(["P3"]), "person_id": _s(["P6"]),
                                   "referred_at": [T("2026-09-12 00:00")], "campaign_id": _s([None]),
                                   "points": pd.array([100], dtype="Int64")}),
    }
