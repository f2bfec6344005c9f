"""Tests of analysis.events: the salon case, comparisons, the chain, arrivals, the scorecard.

Reference values:

- "# R:" constants were printed by ``Rscript tests/r/events_reference.R`` (R 4.2.2); the
  comment gives the R call. The tests themselves do not need R.
- "# hand:" values are counted by eye from the literal fixtures below.
- The salon case is DESIGN.md's reference case (practitioners' account): 38 came, 30 women and
  8 men, 7 bank customers, 31 strangers (81.6%), 7 staff invitations, more than 6 million yuan
  of wealth sales within 72 hours. It is rebuilt here as literal rows of the contract's tables.
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
from analysis.errors import DataError, ParameterError

TOL = 1e-9  # R printed with 15 significant digits
TOL_GLM = 1e-7  # iterative fits

T = pd.Timestamp


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


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
# stranger ratio
# ===========================================================================

# R: prop.test(31, 38, correct = FALSE)$conf.int
SALON_CI = [0.665811419288686, 0.907782348147787]
# R: prop.test(31, 38, correct = FALSE, conf.level = 0.90)$conf.int
SALON_CI_90 = [0.692678175118842, 0.896922109350160]


def test_salon_stranger_ratio_matches_R_prop_test():
    r = E.stranger_ratio(ATTENDANCE)
    assert r.columns.tolist() == ["event_id", "attendees", "strangers", "rate", "ci_low", "ci_high",
                                  "below_standard"]
    assert r.loc[0, "attendees"] == 38 and r.loc[0, "strangers"] == 31  # hand: 38 rows, 7 customers
    close(r.loc[0, "rate"], 31 / 38)  # 0.815789…
    close(r.loc[0, ["ci_low", "ci_high"]], SALON_CI)
    assert not r.loc[0, "below_standard"]  # 81.6% is above the 70% standard


def test_level_and_standard_are_parameters():
    r = E.stranger_ratio(ATTENDANCE, level=0.90, standard=0.85)
    close(r.loc[0, ["ci_low", "ci_high"]], SALON_CI_90)
    assert r.loc[0, "below_standard"]  # 81.6% < 85%


def test_total_with_by_none():
    r = E.stranger_ratio(ATTENDANCE, by=None)
    assert r.columns.tolist() == ["attendees", "strangers", "rate", "ci_low", "ci_high", "below_standard"]
    assert (r.loc[0, "attendees"], r.loc[0, "strangers"]) == (38, 31)


# R: prop.test(13, 13, correct = FALSE)$conf.int ; prop.test(0, 7, correct = FALSE)$conf.int
BROUGHT_13_OF_13 = [0.771904627645802, 1.0]
STAFF_0_OF_7 = [0.0, 0.354330435066687]


def test_ratio_by_derived_source_of_the_chain():
    r = E.stranger_ratio(E.attendance_chain(ATTENDANCE, INVITATIONS), by="derived_source").set_index(
        "derived_source")
    # hand: guests 9 + 4 = 13 (all strangers), partner 16, staff 7 customers, walk-ins 2
    assert r["attendees"].to_dict() == {"brought_along": 13, "partner_invite": 16, "staff_invite": 7,
                                        "walk_in": 2}
    close(r.loc["brought_along", ["ci_low", "ci_high"]], BROUGHT_13_OF_13)
    close(r.loc["staff_invite", ["ci_low", "ci_high"]], STAFF_0_OF_7)


def test_ratio_by_two_keys_and_by_chain_inviter():
    chain = E.attendance_chain(ATTENDANCE, INVITATIONS)
    r = E.stranger_ratio(chain, by=["event_id", "chain_kind"])
    # hand: staff chains 7 + 9 = 16, partner chains 16 + 4 = 20, walk-ins 2
    assert r.set_index("chain_kind")["attendees"].to_dict() == {"partner": 20, "staff": 16, "walk_in": 2}
    by_inviter = E.stranger_ratio(chain, by="chain_inviter").set_index("chain_inviter")
    assert by_inviter.loc["B01-S03", "attendees"] == 3  # C1 with G1 and G2
    assert by_inviter["attendees"].isna().sum() == 0


def test_empty_attendance_gives_empty_ratio_with_the_columns():
    r = E.stranger_ratio(ATTENDANCE.iloc[:0])
    assert r.empty and "below_standard" in r.columns and r["attendees"].dtype == np.int64


def test_unknown_by_column_is_a_parameter_error():
    with pytest.raises(ParameterError, match="'inviter'"):
        E.stranger_ratio(ATTENDANCE, by="inviter")


def test_bad_standard_is_a_parameter_error():
    with pytest.raises(ParameterError, match="standard"):
        E.stranger_ratio(ATTENDANCE, standard=70)


def test_missing_customer_flag_names_table_column_and_rows():
    bad = ATTENDANCE.assign(is_bank_customer=ATTENDANCE["is_bank_customer"].astype("boolean"))
    bad.loc[[2, 5], "is_bank_customer"] = pd.NA
    with pytest.raises(DataError, match=r"attendance.*is_bank_customer.*rows 3, 6") as info:
        E.stranger_ratio(bad)
    assert info.value.problems.loc[0, "rows"] == [3, 6]


def test_missing_column_is_a_data_error():
    with pytest.raises(DataError, match="is_bank_customer"):
        E.stranger_ratio(ATTENDANCE.drop(columns="is_bank_customer"))


def test_inputs_are_not_modified():
    before = ATTENDANCE.copy()
    E.attendance_summary(INVITATIONS, ATTENDANCE, EVENTS)
    pd.testing.assert_frame_equal(ATTENDANCE, before)


# ===========================================================================
# attendance summary, headline
# ===========================================================================

# R: prop.test(16, 20, correct = FALSE)$conf.int ; prop.test(7, 7, ...) ; prop.test(23, 27, ...)
PARTNER_16_OF_20 = [0.583982567748107, 0.919342337420202]
STAFF_7_OF_7 = [0.645669564933313, 1.0]
ALL_23_OF_27 = [0.675213145721870, 0.940840722237557]


def test_salon_attendance_summary():
    s = E.attendance_summary(INVITATIONS, ATTENDANCE, EVENTS).set_index("source")
    assert s.index.tolist() == ["staff_invite", "partner_invite", "brought_along", "walk_in", "all"]
    # hand: invited 7 + 20 = 27; came 7 + 16 = 23; arrived 7, 16, 13 guests, 2 walk-ins = 38
    assert s["invited"].tolist() == [7, 20, 0, 0, 27]
    assert s["showed_up"].tolist() == [7, 16, 0, 0, 23]
    assert s["arrived"].tolist() == [7, 16, 13, 2, 38]
    assert (s.loc["all", "women"], s.loc["all", "men"], s.loc["all", "gender_unknown"]) == (30, 8, 0)
    assert s.loc["walk_in", "arrived"] == 2
    close(s.loc["partner_invite", ["ci_low", "ci_high"]], PARTNER_16_OF_20)
    close(s.loc["staff_invite", ["ci_low", "ci_high"]], STAFF_7_OF_7)
    close(s.loc["all", ["ci_low", "ci_high"]], ALL_23_OF_27)
    close(s.loc["all", "over_plan"], 38 / 30)  # hand: 1.27
    assert np.isnan(s.loc["brought_along", "rate"])  # nobody invited: no show-up rate
    assert np.isnan(s.loc["staff_invite", "over_plan"])  # over plan is an event figure


def test_headline_text():
    head = E.headline(EVENTS, ATTENDANCE, INVITATIONS, DEALS)
    text = E.headline_text(head)
    # R: prop.test(31, 38, correct = FALSE)$conf.int, shown as percentages with one decimal
    assert "81.6%" in text and "66.6%–90.8%" in text and "女 30、男 8" in text and "6,100,000" in text
    assert E.headline_text(head.iloc[:0]).endswith("（无数据）。")
    both = E.headline(pd.concat([EVENTS, EDGE_EVENTS]), pd.concat([ATTENDANCE, EDGE_ATTENDANCE]),
                      pd.concat([INVITATIONS, EDGE_INVITATIONS]))
    assert E.headline_text(both, language="en").startswith("3 events, 43 attendances, 35 by strangers")


def test_salon_headline():
    h = E.headline(EVENTS, ATTENDANCE, INVITATIONS, DEALS).iloc[0]
    assert (h["attendees"], h["women"], h["men"], h["strangers"], h["invitations"]) == (38, 30, 8, 31, 27)
    assert h["deals"] == 6 and h["amount"] == 6_100_000.0  # hand: 2.0+1.5+1.0+0.8+0.5+0.3 million
    close(h[["ci_low", "ci_high"]], SALON_CI)
    close(h["cost_per_attendee"], 6800 / 38)
    assert h["event_label"] == "B01-E03 家庭关系"


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

# R: prop.test(4, 5, correct = FALSE)$conf.int ; prop.test(0, 1, ...) ; prop.test(1, 2, ...)
EDGE_4_OF_5 = [0.375534629762525, 0.963775891367570]
EDGE_0_OF_1 = [0.0, 0.793450685622763]
EDGE_1_OF_2 = [0.0945312057342307, 0.9054687942657692]


def test_duplicate_checkins_count_once():
    r = E.stranger_ratio(EDGE_ATTENDANCE)
    # hand: A, G1, G2, D, W = 5 distinct people (A twice), strangers G1, G2, D, W = 4
    assert (r.loc[0, "attendees"], r.loc[0, "strangers"]) == (5, 4)
    close(r.loc[0, ["ci_low", "ci_high"]], EDGE_4_OF_5)


def test_duplicate_checkin_keeps_the_earliest_arrival():
    gaps = E.arrival_gaps(EDGE_ATTENDANCE, EDGE_EVENTS)
    # hand: arrivals 10:00 (A, the 10:05 repeat dropped), 10:02, 10:03, 10:20, 10:30 → gaps of 17 and 10
    assert gaps["minutes"].tolist() == [17.0, 10.0]
    assert gaps["gap_start"].tolist() == [T("2026-08-01 10:03"), T("2026-08-01 10:20")]


def test_attendee_missing_from_invitations_is_a_walk_in():
    chain = E.attendance_chain(EDGE_ATTENDANCE, EDGE_INVITATIONS).set_index("person_id")
    assert chain.loc["D", "derived_source"] == "walk_in" and chain.loc["D", "chain_kind"] == "walk_in"
    s = E.attendance_summary(EDGE_INVITATIONS, EDGE_ATTENDANCE, EDGE_EVENTS)
    e1 = s.loc[s["event_id"] == "E1"].set_index("source")
    # hand: staff_invite A; brought_along G1, G2; walk_in D, W
    assert e1["arrived"].tolist() == [1, 0, 2, 2, 5]
    assert (e1.loc["staff_invite", "invited"], e1.loc["staff_invite", "showed_up"]) == (2, 1)
    close(e1.loc["staff_invite", ["ci_low", "ci_high"]], EDGE_1_OF_2)


def test_guest_brought_by_someone_who_did_not_attend():
    chain = E.attendance_chain(EDGE_ATTENDANCE, EDGE_INVITATIONS).set_index("person_id")
    # G2's host B was invited by S04 but did not come: G2 stays in S04's chain
    assert chain.loc["G2", "host_id"] == "B" and chain.loc["G2", "host_attended"] == False  # noqa: E712
    assert chain.loc["G2", "chain_kind"] == "staff" and chain.loc["G2", "chain_inviter"] == "B01-S04"
    assert chain.loc["G1", "host_attended"] == True  # noqa: E712
    assert pd.isna(chain.loc["W", "host_attended"])
    c = E.invitation_chain(EDGE_INVITATIONS, EDGE_ATTENDANCE, STAFF, EDGE_EVENTS)
    s04 = c.loc[(c["event_id"] == "E1") & (c["staff_id"] == "B01-S04")].iloc[0]
    assert (s04["invitations"], s04["invitees_came"], s04["guests_brought"]) == (1, 0, 1)
    assert s04["bring_check"] == "no_invitee_came"


def test_event_with_no_attendees():
    s = E.attendance_summary(EDGE_INVITATIONS, EDGE_ATTENDANCE, EDGE_EVENTS)
    e2 = s.loc[s["event_id"] == "E2"].set_index("source")
    assert e2["arrived"].sum() == 0 and e2.loc["all", "over_plan"] == 0.0
    assert (e2.loc["staff_invite", "invited"], e2.loc["staff_invite", "showed_up"]) == (1, 0)
    close(e2.loc["staff_invite", ["rate", "ci_low", "ci_high"]], [0.0] + EDGE_0_OF_1)
    h = E.headline(EDGE_EVENTS, EDGE_ATTENDANCE, EDGE_INVITATIONS).set_index("event_id")
    assert h.loc["E2", "attendees"] == 0 and np.isnan(h.loc["E2", "rate"]) and not h.loc["E2", "below_standard"]
    f = E.arrival_flow(EDGE_ATTENDANCE, EDGE_EVENTS).set_index("event_id")
    assert f.loc["E2", "arrivals"] == 0 and np.isnan(f.loc["E2", "longest_gap_minutes"])
    cs = E.chain_summary(EDGE_INVITATIONS, EDGE_ATTENDANCE, EDGE_EVENTS).set_index("event_id")
    assert cs.loc["E2", "attendees"] == 0 and cs.loc["E2", "multiplier"] == 0.0
    sales = E.sales_after_event(EDGE_EVENTS, EDGE_ATTENDANCE, DEALS)
    assert sales.loc[sales["event_id"] == "E2", "attendees"].tolist() == [0, 0]


def test_event_findings_list_the_edge_cases():
    f = E.event_findings(EDGE_INVITATIONS, EDGE_ATTENDANCE, EDGE_EVENTS)
    found = set(zip(f["event_id"], f["check"]))
    assert found == {("E1", "duplicate_checkins"), ("E1", "source_without_invitation"), ("E1", "host_absent"),
                     ("E2", "no_attendees")}
    assert f.set_index("check").loc["host_absent", "examples"] == "G2"


def test_salon_has_no_findings():
    assert E.event_findings(INVITATIONS, ATTENDANCE, EVENTS).empty


# ===========================================================================
# comparisons
# ===========================================================================

# a weaker salon: 18 strangers of 30 (persons P01..P30, the first 12 customers)
PREVIOUS = pd.DataFrame({"event_id": "B01-E02", "person_id": [f"P{i:02d}" for i in range(1, 31)],
                         "is_bank_customer": [i <= 12 for i in range(1, 31)]})

# R: prop.test(c(31, 18), c(38, 30), correct = FALSE)$p.value ; newcombe(31, 38, 18, 30) in events_reference.R
SALON_VS_PREVIOUS_P = 0.0489444588891024
SALON_VS_PREVIOUS_NEWCOMBE = [0.000758566641207353, 0.415087379115505362]
# R: fisher.test(matrix(c(3, 1, 1, 3), 2, byrow = TRUE))$p.value ; newcombe(3, 4, 1, 4)
SMALL_FISHER_P = 0.485714285714286
SMALL_NEWCOMBE = [-0.135488400582951, 0.789083268084756]


def test_compare_two_events_against_R():
    c = E.compare_events(pd.concat([ATTENDANCE, PREVIOUS]), SALON, "B01-E02")
    assert c.columns.tolist() == ["event_id1", "event_id2", "strangers1", "attendees1", "rate1", "strangers2",
                                  "attendees2", "rate2", "estimate", "ci_low", "ci_high", "p_value", "method"]
    r = c.iloc[0]
    assert r["method"] == "newcombe"  # R: every expected count >= 5 (min 8.38)
    close(r["estimate"], 31 / 38 - 18 / 30)
    close(r[["ci_low", "ci_high"]], SALON_VS_PREVIOUS_NEWCOMBE)
    close(r["p_value"], SALON_VS_PREVIOUS_P)


def test_small_events_use_the_exact_test():
    att = pd.DataFrame({"event_id": ["A"] * 4 + ["B"] * 4, "person_id": list("pqrsptuv"),
                        "is_bank_customer": [False, False, False, True, True, True, False, True]})
    r = E.compare_events(att, "A", "B").iloc[0]
    assert r["method"] == "fisher"  # R: min expected count 2
    close(r["p_value"], SMALL_FISHER_P)
    close(r[["ci_low", "ci_high"]], SMALL_NEWCOMBE)


def test_compare_unknown_event_is_a_parameter_error():
    with pytest.raises(ParameterError, match="B01-E99"):
        E.compare_events(ATTENDANCE, SALON, "B01-E99")


def test_compare_with_previous_pairs_events_of_the_same_kind():
    ev = pd.concat([EVENTS, EVENTS.assign(event_id="B01-E02", starts_at=T("2026-07-12 09:30"),
                                          ends_at=T("2026-07-12 11:00")),
                    EVENTS.assign(event_id="B01-E01", kind="booth", starts_at=T("2026-07-08 16:00"),
                                  ends_at=T("2026-07-08 17:30"))], ignore_index=True)
    booth = PREVIOUS.assign(event_id="B01-E01")
    c = E.compare_with_previous(pd.concat([ATTENDANCE, PREVIOUS, booth]), ev)
    # hand: only the salon B01-E03 has an earlier salon (B01-E02); the booth has no earlier booth
    assert c[["event_id1", "event_id2"]].values.tolist() == [[SALON, "B01-E02"]]
    close(c.loc[0, "p_value"], SALON_VS_PREVIOUS_P)


# R: prop.test(41, 50, correct = FALSE)$conf.int ; prop.test(9, 20, ...)$conf.int
JULY_41_OF_50 = [0.692039463256992, 0.902298073297658]
AUGUST_9_OF_20 = [0.258197858255624, 0.657914657549658]


def test_monthly_ratio_pools_the_events_of_a_month():
    july2 = pd.DataFrame({"event_id": "J2", "person_id": [f"J{i}" for i in range(12)],
                          "is_bank_customer": [i < 2 for i in range(12)]})  # 10 of 12
    aug = pd.DataFrame({"event_id": "A1", "person_id": [f"A{i}" for i in range(20)],
                        "is_bank_customer": [i < 11 for i in range(20)]})  # 9 of 20
    ev = pd.DataFrame({"event_id": [SALON, "J2", "A1"],
                       "starts_at": [T("2026-07-18 14:00"), T("2026-07-25 10:00"), T("2026-08-02 10:00")]})
    m = E.monthly_stranger_ratio(pd.concat([ATTENDANCE, july2, aug]), ev)
    assert m["month"].tolist() == [T("2026-07-01"), T("2026-08-01")]
    assert m["events"].tolist() == [2, 1] and m["attendees"].tolist() == [50, 20]
    close(m.loc[0, ["ci_low", "ci_high"]], JULY_41_OF_50)
    close(m.loc[1, ["ci_low", "ci_high"]], AUGUST_9_OF_20)
    assert m["below_standard"].tolist() == [False, True]


# four events, one row per attendee (events_reference.R):
#   E1 partner, Saturday 9 of 12 strangers   E2 partner, Wednesday 8 of 12
#   E3 no partner, Saturday 6 of 10          E4 no partner, Wednesday 3 of 10
MODEL_EVENTS = pd.DataFrame({
    "event_id": ["E1", "E2", "E3", "E4"], "kind": "salon", "partner_id": ["PT01", "PT01", None, None],
    "starts_at": [T("2026-07-18 14:00"), T("2026-07-15 14:00"), T("2026-07-25 14:00"), T("2026-07-22 14:00")],
})
MODEL_ATTENDANCE = pd.concat([
    pd.DataFrame({"event_id": e, "person_id": [f"{e}-{i}" for i in range(n)],
                  "is_bank_customer": [i >= x for i in range(n)]})
    for e, x, n in (("E1", 9, 12), ("E2", 8, 12), ("E3", 6, 10), ("E4", 3, 10))
], ignore_index=True)

# R: glm(stranger ~ partner, family = binomial), exp(confint.default(fit))
GLM_PARTNER = {"estimate": [-0.200670695462152, 1.087973890461465],
               "std_error": [0.449466574963521, 0.635374411061881],
               "ci_low": [0.339049557610242, 0.854416010630317],
               "ci_high": [1.97440601993896, 10.31175857007614],
               "p_value": [0.6552620303068238, 0.0868349361649218]}
# R: glm(stranger ~ partner + weekend, family = binomial)
GLM_PARTNER_WEEKEND = {"estimate": [-0.620191083416909, 1.131948393578013, 0.821920446190473],
                       "std_error": [0.571197195705577, 0.651293700263905, 0.652714074818389],
                       "ci_low": [0.175570077273800, 0.865399696153169, 0.632942541515172],
                       "ci_high": [1.64762498547751, 11.11683459362886, 8.17611030786580]}


def test_stranger_model_against_R_glm():
    m = E.stranger_model(MODEL_ATTENDANCE, MODEL_EVENTS, terms=["partner"])
    assert m["term"].tolist() == ["Intercept", "partner"] and m["n"].tolist() == [44, 44]
    for col, ref in GLM_PARTNER.items():
        close(m[col], ref, TOL_GLM)
    # sign: partner events had more strangers (17/24 vs 9/20), so the odds ratio is above 1
    assert m.loc[1, "odds_ratio"] > 1
    m2 = E.stranger_model(MODEL_ATTENDANCE, MODEL_EVENTS, terms=["partner", "weekend"])
    for col, ref in GLM_PARTNER_WEEKEND.items():
        close(m2[col], ref, TOL_GLM)


def test_stranger_model_leaves_out_constant_and_confounded_attributes():
    m = E.stranger_model(MODEL_ATTENDANCE, MODEL_EVENTS, terms=["partner", "kind", "weekend", "weekday"])
    notes = m.set_index("variable")["note"]
    assert notes["kind"] == "one value only"  # every event is a salon
    assert notes["weekday"].startswith("confounded")  # weekday = weekend here (Saturday/Wednesday)
    assert notes["partner"] == "" and notes["weekend"] == ""


def test_stranger_model_without_variation_returns_a_note():
    same = MODEL_ATTENDANCE.assign(is_bank_customer=False)
    m = E.stranger_model(same, MODEL_EVENTS, terms=["partner"])
    assert m["estimate"].isna().all() and m.loc[0, "note"].startswith("no model")


# ===========================================================================
# the invitation chain
# ===========================================================================


def test_salon_chain_per_staff_member():
    c = E.invitation_chain(INVITATIONS, ATTENDANCE, STAFF, EVENTS)
    assert len(c) == 9  # hand: every staff member of the branch
    eligible = c.loc[c["eligible"]]
    assert len(eligible) == 7 and (eligible["invitations"] == 1).all()
    assert (eligible["invite_check"] == "ok").all() and (eligible["bring_check"] == "ok").all()
    assert eligible["guests_brought"].sum() == 9  # hand: 2 + 2 + 1 × 5
    assert set(c.loc[~c["eligible"], "invite_check"]) == {"excluded"}
    s03 = c.set_index("staff_id").loc["B01-S03"]
    assert (s03["invitees_came"], s03["guests_brought"], s03["attendees"], s03["strangers"]) == (1, 2, 3, 2)


def test_chain_rule_flags_none_more_and_came_alone():
    inv = pd.concat([INVITATIONS.loc[INVITATIONS["inviter_id"] != "B01-S09"],  # S09 invites nobody
                     pd.DataFrame({"event_id": [SALON], "inviter_kind": ["staff"], "inviter_id": ["B01-S08"],
                                   "person_id": ["C8"]})], ignore_index=True)  # S08 invites a second one
    att = pd.concat([ATTENDANCE, pd.DataFrame({"event_id": [SALON], "person_id": ["C8"],
                                               "arrived_at": [T(DAY + "14:29")], "source": ["staff_invite"],
                                               "is_bank_customer": [True], "gender": ["female"]})])
    c = E.invitation_chain(inv, att, STAFF, EVENTS).set_index("staff_id")
    assert c.loc["B01-S09", "invite_check"] == "none" and c.loc["B01-S09", "bring_check"] == "no_invitation"
    assert c.loc["B01-S08", "invite_check"] == "more" and c.loc["B01-S08", "bring_check"] == "came_alone"
    assert c.loc["B01-S08", "invitees_alone"] == 1  # C8 came alone


def test_rule_is_not_checked_outside_rule_kinds():
    c = E.invitation_chain(INVITATIONS, ATTENDANCE, STAFF, EVENTS.assign(kind="booth"))
    assert set(c["invite_check"]) == {"not_checked"}


def test_salon_chain_summary_and_multiplier():
    s = E.chain_summary(INVITATIONS, ATTENDANCE, EVENTS).iloc[0]
    assert (s["staff_invitations"], s["staff_invitees_came"], s["staff_guests"]) == (7, 7, 9)
    assert (s["partner_invitations"], s["partner_invitees_came"], s["partner_guests"]) == (20, 16, 4)
    assert (s["walk_ins"], s["unattributed"], s["attendees"]) == (2, 0, 38)
    close(s["multiplier"], 38 / 7)  # hand: attendees per staff invitation, 5.43
    close(s["staff_multiplier"], 16 / 7)  # hand: (7 invitees + 9 guests) / 7 invitations
    close(s["partner_multiplier"], 20 / 20)


def test_guest_of_a_guest_follows_the_chain_up():
    att = pd.concat([ATTENDANCE, pd.DataFrame({"event_id": [SALON], "person_id": ["GG"],
                                               "arrived_at": [T(DAY + "14:29")], "source": ["brought_along"],
                                               "brought_by": ["G1"], "is_bank_customer": [False],
                                               "gender": ["female"]})])
    chain = E.attendance_chain(att, INVITATIONS).set_index("person_id")
    assert chain.loc["GG", "chain_inviter"] == "B01-S03"  # GG ← G1 ← C1 ← S03


def test_chain_rates_of_the_salon():
    r = E.chain_rates(INVITATIONS, ATTENDANCE, EVENTS).set_index("chain_kind")
    assert r.loc["staff", ["invited", "came", "guests"]].tolist() == [7, 7, 9]
    assert r.loc["partner", ["invited", "came", "guests"]].tolist() == [20, 16, 4]
    assert r.loc["walk_in", "came"] == 2 and np.isnan(r.loc["walk_in", "rate"])
    close(r.loc["partner", ["ci_low", "ci_high"]], PARTNER_16_OF_20)
    close(r.loc["staff", "guests_per_attendee"], 9 / 7)


def test_planner_is_deterministic_for_a_seed():
    a = E.plan_event(INVITATIONS, ATTENDANCE, EVENTS, 7, 15, np.random.default_rng(3), n_sims=2000)
    b = E.plan_event(INVITATIONS, ATTENDANCE, EVENTS, 7, 15, np.random.default_rng(3), n_sims=2000)
    c = E.plan_event(INVITATIONS, ATTENDANCE, EVENTS, 7, 15, np.random.default_rng(4), n_sims=2000)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert a["measure"].tolist() == ["attendees", "strangers", "stranger_ratio", "reaches_standard"]
    ok = a.iloc[:3]
    assert ((ok["ci_low"] <= ok["estimate"]) & (ok["estimate"] <= ok["ci_high"])).all()


def test_planner_mean_matches_the_posterior_mean():
    # history: 10 of 20 staff invitees came, nobody brought guests, all 10 were strangers, no walk-ins.
    # Planning 10 staff invitations with no walk-ins: E[attendees] = 10 × (10 + ½)/(20 + 1) = 5 (hand,
    # Jeffreys posterior mean); E[stranger share of heads] = (10 + ½)/(10 + 1) = 0.9545.
    inv = pd.DataFrame({"event_id": "H", "inviter_kind": "staff", "inviter_id": "B01-S03",
                        "person_id": [f"p{i}" for i in range(20)]})
    att = pd.DataFrame({"event_id": "H", "person_id": [f"p{i}" for i in range(10)], "source": "staff_invite",
                        "is_bank_customer": False})
    ev = pd.DataFrame({"event_id": ["H"], "kind": ["salon"]})
    p = E.plan_event(inv, att, ev, 10, 0, np.random.default_rng(0), walk_ins=0, n_sims=20000).set_index("measure")
    assert abs(p.loc["attendees", "estimate"] - 5.0) < 0.1  # Monte Carlo error about 0.02
    assert abs(p.loc["strangers", "estimate"] / p.loc["attendees", "estimate"] - 10.5 / 11) < 0.02


def test_planner_needs_a_generator_and_says_when_history_is_missing():
    with pytest.raises(ParameterError, match="Generator"):
        E.plan_event(INVITATIONS, ATTENDANCE, EVENTS, 7, 15, rng=0)
    p = E.plan_event(INVITATIONS, ATTENDANCE, EVENTS.iloc[:0], 7, 15, np.random.default_rng(0), n_sims=500)
    assert "no past staff invitations" in p.loc[0, "note"]


# ===========================================================================
# arrival flow
# ===========================================================================


def test_salon_arrivals_per_quarter_hour():
    q = E.arrivals_by_quarter(ATTENDANCE, EVENTS)
    # hand: 13:45-13:59 17 people (Q01 … Q05), 14:00-14:14 11, 14:15-14:29 10, then none until 15:30
    assert q["arrivals"].tolist() == [17, 11, 10, 0, 0, 0, 0]
    assert q["minutes_from_start"].tolist() == [-15, 0, 15, 30, 45, 60, 75]


def test_salon_flow_has_no_long_gap_and_lasts_the_practice():
    assert E.arrival_gaps(ATTENDANCE, EVENTS).empty  # hand: never more than 2 minutes between arrivals
    f = E.arrival_flow(ATTENDANCE, EVENTS).iloc[0]
    assert (f["duration_minutes"], f["over_practice_minutes"], f["arrivals"], f["long_gaps"]) == (90, 0, 38, 0)
    assert f["longest_gap_minutes"] == 2.0 and f["busiest_quarter"] == T(DAY + "13:45")
    assert f["busiest_arrivals"] == 17 and f["arrival_span_minutes"] == 43.0


def test_booth_edges_count_as_gaps():
    booth = EDGE_EVENTS.iloc[:1].assign(kind="booth")
    gaps = E.arrival_gaps(EDGE_ATTENDANCE, booth)
    # hand: last arrival 10:30, end 11:30 → a 60-minute gap after the last visitor
    assert gaps["position"].tolist() == ["between", "between", "after_last"]
    assert gaps["minutes"].tolist() == [17.0, 10.0, 60.0]


def test_arrival_timeline_and_marks():
    tl = E.arrival_timeline(ATTENDANCE, EVENTS)
    assert len(tl) == 38 and set(tl["lane"]) == {"partner_invite", "brought_along", "staff_invite", "walk_in"}
    assert list(E.timeline_marks(EVENTS)) == ["开始", "结束"]
    both = E.arrival_timeline(pd.concat([ATTENDANCE, EDGE_ATTENDANCE]), pd.concat([EVENTS, EDGE_EVENTS]))
    assert set(both["lane"]) == {"B01-E03 家庭关系", "E1 亲子"}
    assert both["clock"].dt.date.nunique() == 1  # one HH:MM axis for all events
    assert E.timeline_marks(pd.concat([EVENTS, EDGE_EVENTS])) == {}


# ===========================================================================
# scorecard, costs, sales within 72 hours
# ===========================================================================


def test_salon_sales_within_72_hours():
    s = E.sales_after_event(EVENTS, ATTENDANCE, DEALS).set_index("customer")
    # hand: customers C1, C2, C4, C6 → 4.1 million; strangers G3, G5 → 2.0 million
    assert s.loc["existing", ["attendees", "buyers", "deals"]].tolist() == [7, 4, 4]
    assert s.loc["stranger", ["attendees", "buyers", "deals"]].tolist() == [31, 2, 2]
    assert s["amount"].sum() == 6_100_000.0 > 6_000_000
    # R: prop.test(4, 7, correct = FALSE)$conf.int ; prop.test(2, 31, ...)$conf.int
    close(s.loc["existing", ["ci_low", "ci_high"]], [0.250458364527657, 0.841780144748530])
    close(s.loc["stranger", ["ci_low", "ci_high"]], [0.0178747835219146, 0.2071863673629812])


def test_salon_scorecard():
    card = E.scorecard(TARGETS, EVENTS, ATTENDANCE, INVITATIONS, STAFF, LEADS, DEALS)
    c = card.assign(key=card["metric"] + ":" + card["role"].fillna("")).set_index("key")
    # hand: actual values from the fixture
    assert c.loc["attendees:", "actual"] == 38 and c.loc["leads:", "actual"] == 12
    close(c.loc["stranger_ratio:", "actual"], 31 / 38)
    assert c.loc["deals:", "actual"] == 6 and c.loc["sales_amount:", "actual"] == 6_100_000
    assert c.loc["new_customers:", "actual"] == 2 and c.loc["new_customers:", "passed"] == False  # noqa: E712
    assert c.loc["invitations:wealth_manager", "actual"] == 2 and c.loc["invitations:lobby_manager", "actual"] == 1
    assert np.isnan(c.loc["evaluation_score:", "actual"]) and pd.isna(c.loc["evaluation_score:", "passed"])
    close(c.loc["attendees:", "attainment"], 38 / 30)
    score = E.event_score(card, pass_mark=80).iloc[0]
    # hand: 10 measured targets, 9 met, capped attainments 9 × 1 + 2/3 → score 96.67
    assert (score["targets"], score["measured"], score["met"]) == (11, 10, 9)
    close(score["score"], 100 * (9 + 2 / 3) / 10)
    assert score["passed"] == True  # noqa: E712
    assert E.event_score(card, pass_mark=98).loc[0, "passed"] == False  # noqa: E712


def test_scorecard_without_deals_has_no_sales_actual():
    card = E.scorecard(TARGETS, EVENTS, ATTENDANCE, INVITATIONS, STAFF, LEADS)
    assert card.loc[card["metric"] == "sales_amount", "actual"].isna().all()


def test_scorecard_without_staff_cannot_attribute_roles():
    card = E.scorecard(TARGETS, EVENTS, ATTENDANCE, INVITATIONS)
    assert card.loc[card["role"].notna(), "actual"].isna().all()  # unknown, not 0
    assert card.loc[card["metric"] == "attendees", "actual"].tolist() == [38.0]


def test_target_steps_flag_40_to_80():
    ev = pd.DataFrame({"event_id": ["B1", "B2", "B3"], "branch_id": "B03", "kind": "booth",
                       "starts_at": [T("2026-07-10"), T("2026-07-16"), T("2026-07-27")]})
    card = pd.DataFrame({"event_id": ["B1", "B2", "B3"], "metric": "attendees", "role": None,
                         "target": [40.0, 80.0, 80.0], "actual": [45.0, 78.0, 70.0]})
    s = E.target_steps(card, ev)
    # hand: 40 → 80 after 45 came: 80/45 − 1 = +78% (unrealistic); 80 → 80 after 78 came: 0%
    assert s["previous_event_id"].tolist()[1:] == ["B1", "B2"] and pd.isna(s.loc[0, "previous_event_id"])
    close(s["step"].iloc[1:], [80 / 45 - 1, 0.0])
    assert s["unrealistic"].tolist() == [False, True, False]
    # the practice's realistic step, 40 → 55 with nothing more achieved, is not flagged
    steady = E.target_steps(card.assign(target=[40.0, 55.0, 55.0], actual=[40.0, 50.0, 50.0]), ev)
    assert not steady["unrealistic"].any()


def test_salon_costs():
    c = E.event_costs(EVENTS, ATTENDANCE, LEADS, DEALS).iloc[0]
    assert (c["attendees"], c["strangers"], c["leads"], c["new_customers"]) == (38, 31, 12, 2)
    close(c[["cost_per_attendee", "cost_per_stranger", "cost_per_lead", "cost_per_new_customer"]],
          [6800 / 38, 6800 / 31, 6800 / 12, 6800 / 2])


# ===========================================================================
# recommendations
# ===========================================================================


def _salon_recommendations(**kw):
    card = E.scorecard(TARGETS, EVENTS, ATTENDANCE, INVITATIONS, STAFF, LEADS, DEALS)
    return E.recommendations(
        ratio=E.stranger_ratio(ATTENDANCE), summary=E.attendance_summary(INVITATIONS, ATTENDANCE, EVENTS),
        chain=E.invitation_chain(INVITATIONS, ATTENDANCE, STAFF, EVENTS), flow=E.arrival_flow(ATTENDANCE, EVENTS),
        card=card, score=E.event_score(card), steps=E.target_steps(card, EVENTS),
        sales=E.sales_after_event(EVENTS, ATTENDANCE, DEALS), **kw)


def test_salon_recommendation_is_the_missed_target_only():
    r = _salon_recommendations()
    assert r.columns.tolist() == ["event_id", "area", "priority", "finding", "action"]
    assert r["area"].tolist() == ["target"]  # everything else meets the practice
    assert "新客户" in r.loc[0, "finding"]
    assert _salon_recommendations(language="en").loc[0, "finding"].startswith("1 target(s) missed")


def test_recommendations_for_a_weak_event():
    ratio = E.stranger_ratio(EDGE_ATTENDANCE.assign(is_bank_customer=[True, True, True, False, True, False]))
    flow = E.arrival_flow(EDGE_ATTENDANCE, EDGE_EVENTS)
    r = E.recommendations(ratio=ratio, flow=flow)
    e1 = r.loc[r["event_id"] == "E1"]
    # hand: 2 strangers of 4 = 50% < 70% → stranger_ratio; gaps of 17 and 10 minutes → flow
    assert e1["area"].tolist() == ["stranger_ratio", "flow"]
    assert r.loc[r["event_id"] == "E2", "area"].tolist() == ["keep"]


def test_select_event():
    one = E.select_event({"events": EDGE_EVENTS, "attendance": EDGE_ATTENDANCE, "invitations": EDGE_INVITATIONS,
                          "staff": STAFF}, "E2")
    assert one["events"]["event_id"].tolist() == ["E2"] and one["attendance"].empty and len(one["staff"]) == 9
    with pytest.raises(ParameterError, match="E1, E2"):
        E.select_event({"events": EDGE_EVENTS}, "E9")


# ===========================================================================
# every public function on the sample data: vocabulary and the calibrated salon
# ===========================================================================

INTERVAL = ("rate", "ci_low", "ci_high")
COUNTS = {"attendees", "strangers", "invited", "showed_up", "arrived", "women", "men", "gender_unknown",
          "invitations", "invitees_came", "guests_brought", "invitees_alone", "events", "came", "guests",
          "arrivals", "busiest_arrivals", "long_gaps", "deals", "buyers", "leads", "new_customers", "targets",
          "measured", "met", "n", "n_sims", "n_rows", "priority", "staff_invitations", "staff_invitees_came",
          "staff_guests", "partner_invitations", "partner_invitees_came", "partner_guests", "walk_ins",
          "walk_in_guests", "unattributed", "head_strangers", "guest_strangers", "minutes_from_start"}
FORBIDDEN = {"p_val", "pval", "lower", "upper", "ci_lower", "ci_upper", "count", "total", "pct", "percent"}


@pytest.fixture(scope="module")
def sample_results(sample_tables):
    t = sample_tables
    ev, att, inv = t["events"], t["attendance"], t["invitations"]
    b01 = ev.loc[ev["branch_id"] == "B01"]
    card = E.scorecard(t["event_targets"], ev, att, inv, t["staff"], t["leads"], t["deals"],
                       t["survey_responses"], t["group_members"])
    res = {
        "stranger_ratio": E.stranger_ratio(att),
        "attendance_chain": E.attendance_chain(att, inv),
        "compare_events": E.compare_events(att, "B01-E03", "B01-E02"),
        "compare_with_previous": E.compare_with_previous(att, ev),
        "monthly_stranger_ratio": E.monthly_stranger_ratio(att, ev),
        "stranger_model": E.stranger_model(att, ev),
        "attendance_summary": E.attendance_summary(inv, att, ev),
        "headline": E.headline(ev, att, inv, t["deals"]),
        "invitation_chain": E.invitation_chain(inv, att, t["staff"], ev),
        "chain_summary": E.chain_summary(inv, att, ev),
        "chain_rates": E.chain_rates(inv, att, b01, kind="salon"),
        "plan_event": E.plan_event(inv, att, b01, 7, 15, np.random.default_rng(0), kind="salon", n_sims=1000),
        "arrivals_by_quarter": E.arrivals_by_quarter(att, ev),
        "arrival_gaps": E.arrival_gaps(att, ev),
        "arrival_flow": E.arrival_flow(att, ev),
        "arrival_timeline": E.arrival_timeline(att, b01),
        "scorecard": card,
        "event_score": E.event_score(card),
        "target_steps": E.target_steps(card, ev),
        "event_costs": E.event_costs(ev, att, t["leads"], t["deals"]),
        "sales_after_event": E.sales_after_event(ev, att, t["deals"]),
        "event_findings": E.event_findings(inv, att, ev),
    }
    res["recommendations"] = E.recommendations(
        ratio=res["stranger_ratio"], summary=res["attendance_summary"], chain=res["invitation_chain"],
        flow=res["arrival_flow"], card=card, score=res["event_score"], steps=res["target_steps"],
        sales=res["sales_after_event"])
    return res


def test_every_public_function_is_exercised(sample_results):
    public = {n for n in E.__all__ if callable(getattr(E, n))} - {"select_event", "timeline_marks", "headline_text"}
    assert public == set(sample_results)


def test_column_vocabulary_on_the_sample(sample_results):
    for name, df in sample_results.items():
        assert isinstance(df.index, pd.RangeIndex), name
        assert not FORBIDDEN & set(df.columns), (name, FORBIDDEN & set(df.columns))
        for c in COUNTS & set(df.columns):
            assert df[c].dtype == np.int64, (name, c, df[c].dtype)
        if "rate" in df.columns and "ci_low" in df.columns:
            assert {"ci_low", "ci_high"} <= set(df.columns), name
            ok = df.dropna(subset=list(INTERVAL))
            assert ((ok["ci_low"] <= ok["rate"] + 1e-12) & (ok["rate"] <= ok["ci_high"] + 1e-12)).all(), name
        for c in df.columns:
            assert df[c].dtype != object, (name, c)  # text is the string dtype


def test_sample_reproduces_the_salon_case(sample_results):
    h = sample_results["headline"].set_index("event_id").loc["B01-E03"]
    assert (h["attendees"], h["women"], h["men"], h["strangers"]) == (38, 30, 8, 31)
    close(h[["ci_low", "ci_high"]], SALON_CI)
    assert h["amount"] > 6_000_000
    cs = sample_results["chain_summary"].set_index("event_id").loc["B01-E03"]
    assert (cs["staff_invitations"], cs["staff_invitees_came"]) == (7, 7)
    ch = sample_results["invitation_chain"]
    salon = ch.loc[(ch["event_id"] == "B01-E03") & ch["eligible"]]
    assert (salon["invite_check"] == "ok").all() and (salon["bring_check"] == "ok").all()


def test_docstring_examples_run():
    result = doctest.testmod(E, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_pooled_quarters_add_up_events_from_their_start():
    q = E.arrivals_by_quarter(pd.concat([ATTENDANCE, EDGE_ATTENDANCE]), pd.concat([EVENTS, EDGE_EVENTS]), pooled=True)
    # hand: salon −15 → 17, 0 → 11, 15 → 10; E1 (start 10:00) 0 → A, G1, G2 = 3, 15 → D = 1, 30 → W = 1
    assert q["minutes_from_start"].tolist() == [-15, 0, 15, 30, 45, 60, 75]
    assert q["arrivals"].tolist() == [17, 14, 11, 1, 0, 0, 0] and set(q["event_id"]) == {"all"}


def test_every_function_accepts_empty_tables():
    from analysis.schemas import empty_frame

    t = {n: empty_frame(n) for n in ("events", "event_targets", "invitations", "attendance", "staff", "leads",
                                     "deals", "survey_responses", "group_members")}
    ev, att, inv = t["events"], t["attendance"], t["invitations"]
    card = E.scorecard(t["event_targets"], ev, att, inv, t["staff"], t["leads"], t["deals"], t["survey_responses"],
                       t["group_members"])
    empty = [E.stranger_ratio(att), E.attendance_chain(att, inv), E.compare_with_previous(att, ev),
             E.monthly_stranger_ratio(att, ev), E.attendance_summary(inv, att, ev),
             E.headline(ev, att, inv, t["deals"]),
             E.invitation_chain(inv, att, t["staff"], ev), E.chain_summary(inv, att, ev),
             E.arrivals_by_quarter(att, ev), E.arrivals_by_quarter(att, ev, pooled=True), E.arrival_gaps(att, ev),
             E.arrival_flow(att, ev), E.arrival_timeline(att, ev), card, E.event_score(card), E.target_steps(card, ev),
             E.event_costs(ev, att, t["leads"], t["deals"]), E.sales_after_event(ev, att, t["deals"]),
             E.event_findings(inv, att, ev)]
    assert all(len(df) == 0 for df in empty)
    assert E.stranger_ratio(att, by=None).loc[0, "attendees"] == 0
    assert E.stranger_model(att, ev)["note"].str.startswith("no model").all()
    plan = E.plan_event(inv, att, ev, 7, 15, np.random.default_rng(0), n_sims=200)
    assert plan.loc[0, "note"] != ""  # no history: said so
    assert E.timeline_marks(ev) == {}
    assert E.recommendations(ratio=E.stranger_ratio(att), flow=E.arrival_flow(att, ev)).empty
