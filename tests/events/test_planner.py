"""Tests of analysis.events.planner: the simulated next event, its sentence, the default staff invitations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
from analysis.errors import ParameterError


def test_planner_is_deterministic_for_a_seed(salon):
    a = E.plan_event(salon, staff_invitations=7, partner_invitations=15, rng=np.random.default_rng(3), n_sims=2000)
    b = E.plan_event(salon, staff_invitations=7, partner_invitations=15, rng=np.random.default_rng(3), n_sims=2000)
    c = E.plan_event(salon, staff_invitations=7, partner_invitations=15, rng=np.random.default_rng(4), n_sims=2000)
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
    p = E.plan_event(invitations=inv, attendance=att, events=ev, staff_invitations=10, partner_invitations=0,
                     rng=np.random.default_rng(0), walk_ins=0, n_sims=20000).set_index("measure")
    assert abs(p.loc["attendees", "estimate"] - 5.0) < 0.1  # Monte Carlo error about 0.02
    assert abs(p.loc["strangers", "estimate"] / p.loc["attendees", "estimate"] - 10.5 / 11) < 0.02


def test_planner_needs_a_generator_and_says_when_history_is_missing(salon):
    with pytest.raises(ParameterError, match="Generator"):
        E.plan_event(salon, staff_invitations=7, partner_invitations=15, rng=0)
    p = E.plan_event(salon, events=salon["events"].iloc[:0], staff_invitations=7, partner_invitations=15,
                     rng=np.random.default_rng(0), n_sims=500)
    assert "no past staff invitations" in p.loc[0, "note"]


def test_staff_invitations_default_to_one_per_eligible_staff_member(salon):
    # hand: 9 staff, the head and the operations supervisor do not invite → 7
    assert E.eligible_staff(salon["staff"]) == 7
    a = E.plan_event(salon, partner_invitations=15, rng=np.random.default_rng(3), n_sims=2000)
    b = E.plan_event(salon, staff_invitations=7, partner_invitations=15, rng=np.random.default_rng(3), n_sims=2000)
    pd.testing.assert_frame_equal(a, b)
    assert a["staff_invitations"].tolist() == [7] * 4 and a["partner_invitations"].tolist() == [15] * 4
    without_staff = {k: v for k, v in salon.items() if k != "staff"}
    with pytest.raises(ParameterError, match="staff_invitations"):
        E.plan_event(without_staff, partner_invitations=15, rng=np.random.default_rng(3))


def test_plan_text_in_both_languages(salon):
    p = E.plan_event(salon, partner_invitations=15, kind="salon", rng=np.random.default_rng(0), n_sims=1000)
    zh, en = E.plan_text(p, "zh"), E.plan_text(p, "en")
    assert zh.startswith("计划：员工邀约 7 位、合作方邀约 15 位（沙龙）。")
    assert en.startswith("Plan: 7 staff and 15 partner invitations (Salon).")
    assert f"{p.loc[2, 'estimate'] * 100:.1f}%" in en  # the expected stranger ratio, formatted as in tables
    every_kind = E.plan_event(salon, partner_invitations=15, rng=np.random.default_rng(0), n_sims=1000)
    assert "(all kinds)" in E.plan_text(every_kind, "en")
