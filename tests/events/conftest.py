"""The literal tables of the events tests: DESIGN.md's salon case and a small set of edge cases.

- The salon case is DESIGN.md's reference case (practitioners' account): 38 came, 30 women and
  8 men, 7 bank customers, 31 strangers (81.6%), 7 staff invitations, more than 6 million yuan
  of wealth sales within 72 hours. It is rebuilt here as literal rows of the contract's tables
  (fixture ``salon``: a data set, table name → DataFrame).
- The edge cases (fixture ``edge``): an event with no attendees, a guest whose host did not come,
  an attendee missing from the invitations, a duplicate check-in.

"# hand:" values in the tests are counted by eye from these rows.
"""

from __future__ import annotations

import pandas as pd
import pytest

T = pd.Timestamp

# ===========================================================================
# the salon case (DESIGN.md) as literal contract tables
# ===========================================================================

SALON = "B01-E03"
DAY = "2026-07-18 "  # a Saturday; the salon runs 14:00-15:30

# staff: the head and the ops supervisor do not invite; S03..S09 are the 7 eligible staff
STAFF = pd.DataFrame({
    "staff_id": [f"B01-S0{i}" for i in range(1, 10)],
    "branch_id": "B01",
    "role": ["branch_head", "ops_supervisor", "wealth_manager", "wealth_manager", "lobby_manager", "teller",
             "teller", "account_manager", "account_manager"],
})

EVENTS = pd.DataFrame({
    "event_id": [SALON], "branch_id": ["B01"], "community_id": [None], "kind": ["salon"], "theme": ["家庭关系"],
    "partner_id": ["PT01"], "starts_at": [T(DAY + "14:00")], "ends_at": [T(DAY + "15:30")], "cost": [6800.0],
    "planned_invites": [30],
})

# invitations: each eligible staff member invites one customer (C1..C7); the partner invites
# Q01..Q20, of whom Q17..Q20 do not come
INVITATIONS = pd.DataFrame(
    [(SALON, "staff", f"B01-S0{i + 3}", f"C{i + 1}", T("2026-07-13 10:00")) for i in range(7)]
    + [(SALON, "partner", "PT01", f"Q{i:02d}", T("2026-07-08 10:00")) for i in range(1, 21)],
    columns=["event_id", "inviter_kind", "inviter_id", "person_id", "invited_at"],
)

# check-ins: (person, time, source, brought_by, bank customer, gender)
# C = staff-invited customers (7: 6 women, 1 man); G = their guests (9: 6 women, 3 men);
# Q = partner invitees who came (16: 14 women, 2 men); H = their guests (4: 3 women, 1 man);
# W = walk-ins (2: 1 woman, 1 man). 7 + 9 + 16 + 4 + 2 = 38; women 30, men 8; customers 7.
_ROWS = [
    ("Q01", "13:45", "partner_invite", None, False, "female"),
    ("H1", "13:45", "brought_along", "Q01", False, "female"),
    ("H2", "13:45", "brought_along", "Q01", False, "female"),
    ("Q02", "13:47", "partner_invite", None, False, "female"),
    ("H3", "13:47", "brought_along", "Q02", False, "female"),
    ("C1", "13:49", "staff_invite", None, True, "male"),
    ("G1", "13:49", "brought_along", "C1", False, "female"),
    ("G2", "13:49", "brought_along", "C1", False, "male"),
    ("C2", "13:51", "staff_invite", None, True, "female"),
    ("G3", "13:51", "brought_along", "C2", False, "female"),
    ("G4", "13:51", "brought_along", "C2", False, "female"),
    ("Q03", "13:53", "partner_invite", None, False, "female"),
    ("H4", "13:53", "brought_along", "Q03", False, "male"),
    ("C3", "13:55", "staff_invite", None, True, "female"),
    ("G5", "13:55", "brought_along", "C3", False, "male"),
    ("Q04", "13:57", "partner_invite", None, False, "female"),
    ("Q05", "13:59", "partner_invite", None, False, "male"),
    ("C4", "14:00", "staff_invite", None, True, "female"),
    ("G6", "14:00", "brought_along", "C4", False, "female"),
    ("Q06", "14:02", "partner_invite", None, False, "female"),
    ("C5", "14:04", "staff_invite", None, True, "female"),
    ("G7", "14:04", "brought_along", "C5", False, "female"),
    ("W1", "14:06", "walk_in", None, False, "female"),
    ("Q07", "14:08", "partner_invite", None, False, "female"),
    ("C6", "14:10", "staff_invite", None, True, "female"),
    ("G8", "14:10", "brought_along", "C6", False, "male"),
    ("Q08", "14:12", "partner_invite", None, False, "female"),
    ("Q09", "14:14", "partner_invite", None, False, "female"),
    ("Q10", "14:16", "partner_invite", None, False, "male"),
    ("C7", "14:18", "staff_invite", None, True, "female"),
    ("G9", "14:18", "brought_along", "C7", False, "female"),
    ("Q11", "14:20", "partner_invite", None, False, "female"),
    ("W2", "14:21", "walk_in", None, False, "male"),
    ("Q12", "14:22", "partner_invite", None, False, "female"),
    ("Q13", "14:24", "partner_invite", None, False, "female"),
    ("Q14", "14:25", "partner_invite", None, False, "female"),
    ("Q15", "14:27", "partner_invite", None, False, "female"),
    ("Q16", "14:28", "partner_invite", None, False, "female"),
]
ATTENDANCE = pd.DataFrame({
    "event_id": SALON,
    "person_id": [r[0] for r in _ROWS],
    "arrived_at": [T(DAY + r[1]) for r in _ROWS],
    "source": [r[2] for r in _ROWS],
    "brought_by": [r[3] for r in _ROWS],
    "is_bank_customer": [r[4] for r in _ROWS],
    "gender": [r[5] for r in _ROWS],
})

# deals: 4 customers (4.1 million) and 2 strangers (2.0 million) within 72 hours of the end
# (15:30 on 18 July → 15:30 on 21 July); one insurance deal 7 days later and one before the
# salon do not count
DEALS = pd.DataFrame({
    "deal_id": [f"D{i}" for i in range(1, 9)],
    "person_id": ["C1", "G3", "C2", "C4", "G5", "C6", "Q01", "C3"],
    "staff_id": ["B01-S03", "B01-S04", "B01-S03", "B01-S04", "B01-S03", "B01-S04", "B01-S05", "B01-S05"],
    "product": ["wealth"] * 6 + ["insurance", "deposit"],
    "amount": [2_000_000.0, 1_500_000.0, 1_000_000.0, 800_000.0, 500_000.0, 300_000.0, 200_000.0, 50_000.0],
    "closed_at": [T("2026-07-19 11:27"), T("2026-07-19 14:40"), T("2026-07-20 07:05"), T("2026-07-20 10:37"),
                  T("2026-07-19 22:23"), T("2026-07-21 15:00"), T("2026-07-25 10:00"), T("2026-07-10 10:00")],
    "channel": "offline", "event_id": SALON,
})

# 12 leads captured at the salon, followed up by the two wealth managers
LEADS = pd.DataFrame({
    "lead_id": [f"L{i:02d}" for i in range(1, 13)],
    "person_id": ["C1", "G3", "C2", "C4", "G5", "C6", "Q01", "Q02", "Q03", "G1", "G2", "C5"],
    "event_id": SALON,
    "assigned_to": ["B01-S03", "B01-S04"] * 6,
    "captured_at": T(DAY + "15:20"),
})

TARGETS = pd.DataFrame({
    "event_id": SALON,
    "metric": ["attendees", "stranger_ratio", "leads", "deals", "sales_amount", "new_customers",
               "evaluation_score", "invitations", "invitations", "invitations", "invitations"],
    "target": [30.0, 0.7, 10.0, 5.0, 5_000_000.0, 3.0, 80.0, 2.0, 1.0, 2.0, 2.0],
    "role": [None] * 7 + ["wealth_manager", "lobby_manager", "teller", "account_manager"],
})


# ===========================================================================
# edge cases: an event with no attendees, a guest whose host did not come,
# an attendee missing from the invitations, a duplicate check-in
# ===========================================================================

EDGE_EVENTS = pd.DataFrame({
    "event_id": ["E1", "E2"], "branch_id": "B01", "kind": ["salon", "salon"], "theme": ["亲子", "茶艺"],
    "partner_id": [None, None], "starts_at": [T("2026-08-01 10:00"), T("2026-08-08 10:00")],
    "ends_at": [T("2026-08-01 11:30"), T("2026-08-08 11:30")], "cost": [1000.0, 500.0],
    "planned_invites": [4, 2],
})
EDGE_INVITATIONS = pd.DataFrame({
    "event_id": ["E1", "E1", "E2"], "inviter_kind": "staff", "inviter_id": ["B01-S03", "B01-S04", "B01-S03"],
    "person_id": ["A", "B", "X"], "invited_at": T("2026-07-28 09:00"),
})
EDGE_ATTENDANCE = pd.DataFrame({
    "event_id": "E1",
    "person_id": ["A", "A", "G1", "G2", "D", "W"],
    "arrived_at": [T("2026-08-01 10:00"), T("2026-08-01 10:05"), T("2026-08-01 10:02"), T("2026-08-01 10:03"),
                   T("2026-08-01 10:20"), T("2026-08-01 10:30")],
    # A checks in twice; G2 was brought by B, who did not come; D says "staff invite" but has no invitation
    "source": ["staff_invite", "staff_invite", "brought_along", "brought_along", "staff_invite", "walk_in"],
    "brought_by": [None, None, "A", "B", None, None],
    "is_bank_customer": [True, True, False, False, False, False],
    "gender": ["female", "female", "female", "male", "female", "male"],
})


@pytest.fixture
def salon() -> dict[str, pd.DataFrame]:
    """The salon case as a data set (every table of the contract the events domain reads)."""
    return {"staff": STAFF, "events": EVENTS, "invitations": INVITATIONS, "attendance": ATTENDANCE, "deals": DEALS,
            "leads": LEADS, "event_targets": TARGETS}


@pytest.fixture
def edge() -> dict[str, pd.DataFrame]:
    """The edge cases as a data set (staff and deals of the salon case)."""
    return {"staff": STAFF, "events": EDGE_EVENTS, "invitations": EDGE_INVITATIONS, "attendance": EDGE_ATTENDANCE,
            "deals": DEALS}


@pytest.fixture
def both(salon, edge) -> dict[str, pd.DataFrame]:
    """The salon and the edge events together."""
    return {**salon, **{k: pd.concat([salon[k], edge[k]], ignore_index=True)
                        for k in ("events", "invitations", "attendance")}}


# ===========================================================================
# on-site roles and the recording habit (issue 16): a booth with its roster (test_roles, test_recording)
# ===========================================================================

BOOTH_DAY = "2026-09-05 "  # a Saturday booth, 10:00-12:00


def _t(hhmm):
    return T(BOOTH_DAY + hhmm)


BOOTH = pd.DataFrame({"event_id": ["B1"], "branch_id": "B01", "kind": ["booth"], "theme": ["手机银行"],
                      "starts_at": [_t("10:00")], "ends_at": [_t("12:00")], "cost": [500.0], "planned_invites": [None]})
# S06 greets the first hour, S07 the next 45 minutes, then nobody (11:45-12:00); P9 is a building captain
BOOTH_ROSTER = pd.DataFrame({
    "event_id": "B1",
    "staff_id": ["B01-S06", "B01-S07", "B01-S07", "B01-S06", None],
    "person_id": [None, None, None, None, "P9"],
    "role": ["greeter", "receiver", "greeter", "receiver", "captain"],
    "from_at": [_t("10:00"), _t("10:00"), _t("11:00"), _t("11:00"), _t("10:00")],
    "to_at": [_t("11:00"), _t("11:00"), _t("11:45"), _t("12:00"), _t("12:00")],
})
# (person, time, source, brought_by, customer, gift)
_BOOTH_ROWS = [("a", "10:02", "walk_in", None, False, True), ("b", "10:05", "walk_in", None, True, True),
         ("c", "10:20", "walk_in", None, False, True), ("P9", "10:22", "staff_invite", None, True, False),
         ("n1", "10:23", "brought_along", "P9", False, True), ("n2", "10:23", "brought_along", "P9", True, True),
         ("d", "11:10", "walk_in", None, False, True), ("e", "11:12", "walk_in", None, False, False),
         ("f", "11:50", "walk_in", None, False, True)]
BOOTH_ATTENDANCE = pd.DataFrame({"event_id": "B1", "person_id": [r[0] for r in _BOOTH_ROWS], "arrived_at": [_t(r[1]) for r in _BOOTH_ROWS],
                           "source": [r[2] for r in _BOOTH_ROWS], "brought_by": [r[3] for r in _BOOTH_ROWS],
                           "is_bank_customer": [r[4] for r in _BOOTH_ROWS], "gender": "female",
                           "gift": [r[5] for r in _BOOTH_ROWS]})
BOOTH_INVITATIONS = pd.DataFrame({"event_id": ["B1"], "inviter_kind": ["staff"], "inviter_id": ["B01-S08"],
                            "person_id": ["P9"], "invited_at": [T("2026-09-01 10:00")]})
# S07 records a at 10:06 and n1 at 10:30 as receiver, then d and e at 11:15 and 11:20 while on greeter duty
BOOTH_RECORDS = pd.DataFrame({"record_id": ["V1", "V2", "V3", "V4"], "event_id": "B1", "person_id": ["a", "d", "e", "n1"],
                        "staff_id": "B01-S07", "recorded_at": [_t("10:06"), _t("11:15"), _t("11:20"), _t("10:30")]})
BOOTH_RESPONSES = pd.DataFrame({"response_id": ["R1", "R2"], "person_id": ["c", None], "community_id": "B01-C01",
                          "event_id": "B1", "submitted_at": [_t("10:25"), _t("11:30")], "channel": "booth",
                          "recorded_by": ["B01-S07", "B01-S06"]})


@pytest.fixture
def booth() -> dict[str, pd.DataFrame]:
    """The booth with its roster, records and gifts (tests of roles and recording)."""
    return {"events": BOOTH, "event_staff": BOOTH_ROSTER, "attendance": BOOTH_ATTENDANCE, "invitations": BOOTH_INVITATIONS,
            "visitor_records": BOOTH_RECORDS, "survey_responses": BOOTH_RESPONSES}



@pytest.fixture
def activities() -> dict[str, pd.DataFrame]:
    """Four activities, two with someone on the atmosphere, and a salon (test_roles)."""
    starts = {"A1": "2026-09-06", "A2": "2026-09-13", "A3": "2026-09-20", "A4": "2026-09-27", "S1": "2026-09-12"}
    ev = pd.DataFrame({"event_id": list(starts), "kind": ["activity"] * 4 + ["salon"],
                       "starts_at": [T(d + " 10:00") for d in starts.values()],
                       "ends_at": [T(d + " 12:00") for d in starts.values()]})
    roster = pd.DataFrame({"event_id": ["A1", "A1", "A2", "A3", "A4", "A4", "S1"],
                           "staff_id": ["S1", "S3", "S1", "S1", "S1", "S3", "S4"],
                           "role": ["greeter", "atmosphere", "greeter", "greeter", "greeter", "atmosphere", "host"]})
    roster = roster.assign(from_at=roster["event_id"].map(ev.set_index("event_id")["starts_at"]),
                           to_at=roster["event_id"].map(ev.set_index("event_id")["ends_at"]))
    # (event, minutes after 10:00, with children, brought along)
    rows = ([("A1", m, k, b) for m, k, b in [(0, True, False), (10, True, True), (30, False, False), (40, False, False)]]
            + [("A2", m, k, False) for m, k in [(0, True), (5, False), (20, False), (25, False), (50, False)]]
            + [("A3", m, k, False) for m, k in [(0, False), (15, False), (30, None)]]
            + [("A4", m, None, False) for m in (0, 60)]
            + [("S1", m, True, False) for m in (0, 5)])
    att = pd.DataFrame({"event_id": [r[0] for r in rows], "person_id": [f"p{i}" for i in range(len(rows))],
                        "arrived_at": [ev.set_index("event_id").loc[r[0], "starts_at"] + pd.Timedelta(minutes=r[1])
                                       for r in rows],
                        "source": ["brought_along" if r[3] else "walk_in" for r in rows],
                        "brought_by": ["p0" if r[3] else None for r in rows], "is_bank_customer": False,
                        "with_children": pd.array([r[2] for r in rows], dtype="boolean")})
    return {"events": ev, "event_staff": roster, "attendance": att}


