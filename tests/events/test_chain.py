"""Tests of analysis.events.chain: how each attendee came, the invitation rule per staff member,
the multiplier and the history rates of the planner.

"# R:" constants: ``Rscript tests/events/events_reference.R`` (R 4.2.2); "# hand:" counts from the
literal tables of ``conftest.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import events as E

TOL = 1e-9  # R printed with 15 significant digits
SALON = "B01-E03"
DAY = "2026-07-18 "
T = pd.Timestamp

# R: prop.test(16, 20, correct = FALSE)$conf.int
PARTNER_16_OF_20 = [0.583982567748107, 0.919342337420202]


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# ===========================================================================
# attendance_chain: one row per attendee
# ===========================================================================

def test_attendee_missing_from_invitations_is_a_walk_in(edge):
    chain = E.attendance_chain(edge).set_index("person_id")
    assert chain.loc["D", "derived_source"] == "walk_in" and chain.loc["D", "chain_kind"] == "walk_in"


def test_guest_brought_by_someone_who_did_not_attend(edge):
    chain = E.attendance_chain(attendance=edge["attendance"], invitations=edge["invitations"]).set_index("person_id")
    # G2's host B was invited by S04 but did not come: G2 stays in S04's chain
    assert chain.loc["G2", "host_id"] == "B" and chain.loc["G2", "host_attended"] == False  # noqa: E712
    assert chain.loc["G2", "chain_kind"] == "staff" and chain.loc["G2", "chain_inviter"] == "B01-S04"
    assert chain.loc["G1", "host_attended"] == True  # noqa: E712
    assert pd.isna(chain.loc["W", "host_attended"])
    c = E.invitation_chain(edge)
    s04 = c.loc[(c["event_id"] == "E1") & (c["staff_id"] == "B01-S04")].iloc[0]
    assert (s04["invitations"], s04["invitees_came"], s04["guests_brought"]) == (1, 0, 1)
    assert s04["bring_check"] == "no_invitee_came"


def test_guest_of_a_guest_follows_the_chain_up(salon):
    att = pd.concat([salon["attendance"], pd.DataFrame({"event_id": [SALON], "person_id": ["GG"],
                                                        "arrived_at": [T(DAY + "14:29")], "source": ["brought_along"],
                                                        "brought_by": ["G1"], "is_bank_customer": [False],
                                                        "gender": ["female"]})])
    chain = E.attendance_chain(salon, attendance=att).set_index("person_id")
    assert chain.loc["GG", "chain_inviter"] == "B01-S03"  # GG ← G1 ← C1 ← S03


def test_a_host_id_with_spaces_still_finds_the_host(salon):
    # behaviour change: brought_by goes through prep.ids (stripped), so " C1" is C1
    att = salon["attendance"].assign(brought_by=salon["attendance"]["brought_by"].replace({"C1": " C1 "}))
    chain = E.attendance_chain(salon, attendance=att).set_index("person_id")
    assert chain.loc["G1", "host_id"] == "C1" and chain.loc["G1", "host_attended"] == True  # noqa: E712


# ===========================================================================
# invitation_chain: the rule per staff member
# ===========================================================================

def test_salon_chain_per_staff_member(salon):
    c = E.invitation_chain(salon)
    assert len(c) == 9  # hand: every staff member of the branch
    eligible = c.loc[c["eligible"]]
    assert len(eligible) == 7 and (eligible["invitations"] == 1).all()
    assert (eligible["invite_check"] == "ok").all() and (eligible["bring_check"] == "ok").all()
    assert eligible["guests_brought"].sum() == 9  # hand: 2 + 2 + 1 × 5
    assert set(c.loc[~c["eligible"], "invite_check"]) == {"excluded"}
    s03 = c.set_index("staff_id").loc["B01-S03"]
    assert (s03["invitees_came"], s03["guests_brought"], s03["attendees"], s03["strangers"]) == (1, 2, 3, 2)


def test_chain_rule_flags_none_more_and_came_alone(salon):
    inv0 = salon["invitations"]
    inv = pd.concat([inv0.loc[inv0["inviter_id"] != "B01-S09"],  # S09 invites nobody
                     pd.DataFrame({"event_id": [SALON], "inviter_kind": ["staff"], "inviter_id": ["B01-S08"],
                                   "person_id": ["C8"]})], ignore_index=True)  # S08 invites a second one
    att = pd.concat([salon["attendance"], pd.DataFrame({"event_id": [SALON], "person_id": ["C8"],
                                                        "arrived_at": [T(DAY + "14:29")], "source": ["staff_invite"],
                                                        "is_bank_customer": [True], "gender": ["female"]})])
    c = E.invitation_chain(salon, invitations=inv, attendance=att).set_index("staff_id")
    assert c.loc["B01-S09", "invite_check"] == "none" and c.loc["B01-S09", "bring_check"] == "no_invitation"
    assert c.loc["B01-S08", "invite_check"] == "more" and c.loc["B01-S08", "bring_check"] == "came_alone"
    assert c.loc["B01-S08", "invitees_alone"] == 1  # C8 came alone


def test_rule_is_not_checked_outside_rule_kinds(salon):
    c = E.invitation_chain(salon, events=salon["events"].assign(kind="booth"))
    assert set(c["invite_check"]) == {"not_checked"}
    assert E.invitation_chain(salon, events=salon["events"].assign(kind="booth"), checked_only=True).empty


def test_checked_only_keeps_the_events_the_rule_applies_to(both):
    booth = both["events"].assign(kind=np.where(both["events"]["event_id"] == "E1", "booth", "salon"))
    c = E.invitation_chain(both, events=booth, checked_only=True)
    assert "E1" not in set(c["event_id"]) and {SALON, "E2"} <= set(c["event_id"])
    assert "not_checked" not in set(c["invite_check"])


# ===========================================================================
# chain_summary and chain_rates
# ===========================================================================

def test_salon_chain_summary_and_multiplier(salon):
    s = E.chain_summary(salon).iloc[0]
    assert (s["staff_invitations"], s["staff_invitees_came"], s["staff_guests"]) == (7, 7, 9)
    assert (s["partner_invitations"], s["partner_invitees_came"], s["partner_guests"]) == (20, 16, 4)
    assert (s["walk_ins"], s["unattributed"], s["attendees"]) == (2, 0, 38)
    close(s["multiplier"], 38 / 7)  # hand: attendees per staff invitation, 5.43
    close(s["staff_multiplier"], 16 / 7)  # hand: (7 invitees + 9 guests) / 7 invitations
    close(s["partner_multiplier"], 20 / 20)


def test_chain_rates_of_the_salon(salon):
    r = E.chain_rates(salon).set_index("chain_kind")
    assert r.loc["staff", ["invited", "came", "guests"]].tolist() == [7, 7, 9]
    assert r.loc["partner", ["invited", "came", "guests"]].tolist() == [20, 16, 4]
    assert r.loc["walk_in", "came"] == 2 and np.isnan(r.loc["walk_in", "rate"])
    close(r.loc["partner", ["ci_low", "ci_high"]], PARTNER_16_OF_20)
    close(r.loc["staff", "guests_per_attendee"], 9 / 7)


def test_chain_rates_of_one_kind_only(both):
    booths = E.chain_rates(both, kind="booth")
    assert (booths["events"] == 0).all() and (booths["came"] == 0).all()
    salons = E.chain_rates(both, kind="salon").set_index("chain_kind")
    assert salons.loc["staff", "events"] == 3  # hand: B01-E03, E1, E2


# ===========================================================================
# the branch as a whole (issue 14, item 8): covering for a colleague (兜底) is the practice
# ===========================================================================

def _covering(salon, invitations):
    return E.invitation_chain({**salon, "invitations": invitations}).query("event_id == @SALON and eligible")


def test_a_colleague_covering_for_someone_who_invited_nobody_is_no_finding(salon):
    inv = salon["invitations"]
    # the teller S06 invited nobody; the wealth manager S03 invited one more customer instead
    covered = pd.concat([inv.loc[inv["inviter_id"] != "B01-S06"],
                         inv.loc[inv["inviter_id"] == "B01-S06"].assign(inviter_id="B01-S03")], ignore_index=True)
    c = _covering(salon, covered).set_index("staff_id")
    assert c.loc["B01-S06", "invite_check"] == "none" and c.loc["B01-S03", "invite_check"] == "more"
    # hand: 7 invitations from the 7 eligible staff together: the rule is met
    assert set(c["branch_invitations"]) == {7} and set(c["branch_required"]) == {7}
    assert set(c["branch_check"]) == {"ok"}
    rec = E.recommendations(chain=E.invitation_chain({**salon, "invitations": covered}))
    assert "invite_none" not in set(rec["rule"]) and "invite_more" not in set(rec["rule"])


def test_the_branch_falls_short_when_nobody_covers(salon):
    inv = salon["invitations"]
    short = inv.loc[inv["inviter_id"] != "B01-S06"]
    c = _covering(salon, short)
    assert set(c["branch_invitations"]) == {6} and set(c["branch_check"]) == {"short"}
    rec = E.recommendations(chain=E.invitation_chain({**salon, "invitations": short}))
    row = rec.loc[rec["rule"] == "invite_none"].iloc[0]
    assert row["owner_id"] == "B01-S06"  # the inviting staff member owns it
    assert row["finding"] == "网点可邀约员工合计邀约 6 位，少于规定的 7 位；1 位员工未邀约（B01-S06）"
