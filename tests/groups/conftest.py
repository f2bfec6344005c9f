"""Fixtures of the groups tests: hand-built tables (counts worked out in the comments) and the sample's results.

Each table fixture is a small data set (table name → DataFrame), so a test passes it whole —
``grp.tier_funnel(funnel)`` — or replaces one table: ``grp.tier_funnel(funnel, group_members=m)``.
"""

from __future__ import annotations

import pandas as pd
import pytest


def t(day: float) -> pd.Timestamp:
    """2026-09-<day> at midnight; fractions are hours (``t(3.5)`` = 3 Sept 12:00)."""
    return pd.Timestamp("2026-09-01") + pd.Timedelta(days=day - 1)


# ===========================================================================
# The funnel: hand-built groups and people
# ===========================================================================

GROUPS = pd.DataFrame({
    "group_id": ["M1", "M2", "P1", "E1"],
    "branch_id": ["B1"] * 4,
    "tier": ["mass", "mass", "potential", "elite"],
    "owner_staff_id": ["S1", None, "S2", "S3"],
    "created_at": [t(1)] * 4,
    "dissolved_at": [pd.NaT] * 4,
})

# person  path (day of September)                                    counts at
# a       M1 1 → P1 3 → E1 5 → deal 6 (1 day after elite)             deal
# b       M1 1 → P1 2 → E1 4 → deal 9 (5 days: outside the window)    elite
# c       M1 1 → E1 4 (skips potential)                               mass
# d       P1 1 (before any mass group) → M1 2, never potential again  mass
# e       M2 1, left 2, re-joined M2 10 → P1 11                       potential (mass from day 1)
# f       M1 1 → P1 2 → E1 3, deal on day 2 (before the elite join)   elite
# g       P1 1 → E1 3, never in a mass group (from a salon)           not in the funnel
# h       M2 1 → P1 2 12:00 → E1 2 12:00 (same time) → deal 5 12:00   deal (equal times count;
#                                                                    deal exactly 3 days later)
MEMBERS = pd.DataFrame(
    [("M1", "a", t(1), None), ("P1", "a", t(3), None), ("E1", "a", t(5), None),
     ("M1", "b", t(1), None), ("P1", "b", t(2), None), ("E1", "b", t(4), None),
     ("M1", "c", t(1), None), ("E1", "c", t(4), None),
     ("P1", "d", t(1), None), ("M1", "d", t(2), None),
     ("M2", "e", t(1), t(2)), ("M2", "e", t(10), None), ("P1", "e", t(11), None),
     ("M1", "f", t(1), None), ("P1", "f", t(2), None), ("E1", "f", t(3), None),
     ("P1", "g", t(1), None), ("E1", "g", t(3), None),
     ("M2", "h", t(1), None), ("P1", "h", t(2.5), None), ("E1", "h", t(2.5), None)],
    columns=["group_id", "person_id", "joined_at", "left_at"],
).astype({"left_at": "datetime64[ns]"})
DEALS = pd.DataFrame({
    "deal_id": ["D1", "D2", "D3", "D4"],
    "person_id": ["a", "b", "f", "h"],
    "closed_at": [t(6), t(9), t(2), t(5.5)],
})


@pytest.fixture
def funnel() -> dict:
    """GROUPS, MEMBERS, DEALS as a data set (wechat_groups, group_members, deals)."""
    return {"wechat_groups": GROUPS.copy(), "group_members": MEMBERS.copy(), "deals": DEALS.copy()}


# ===========================================================================
# Group health on a small message log
# ===========================================================================

H_GROUPS = pd.DataFrame({
    "group_id": ["E", "P2"], "branch_id": ["B1", "B1"], "tier": ["elite", "potential"],
    "owner_staff_id": ["S1", "S1"],
    "created_at": [pd.Timestamp("2026-09-07 09:00"), pd.Timestamp("2026-09-07 09:00")],
    "dissolved_at": [pd.NaT, pd.Timestamp("2026-09-09 15:00")],
})
H_MEMBERS = pd.DataFrame({
    "group_id": ["E", "E", "E", "P2"],
    "person_id": ["a", "b", "c", "d"],
    "joined_at": pd.to_datetime(["2026-09-07 09:00", "2026-09-08 10:00", "2026-09-09 08:00", "2026-09-07 09:00"]),
    "left_at": pd.to_datetime([None, "2026-09-10 12:00", None, None]),
})
# one row per message and daily counts mixed: a's 3 games on the 7th are a daily count at midnight,
# c's 2 messages on the 9th are a daily count stamped before c joined at 08:00 (same day: active);
# x is not a member; d's message on the 10th comes after P2 was dissolved
H_MESSAGES = pd.DataFrame({
    "group_id": ["E", "E", "E", "E", "E", "E", "P2"],
    "person_id": ["a", "a", "b", "c", "a", "x", "d"],
    "sent_at": pd.to_datetime(["2026-09-07 10:00", "2026-09-07 00:00", "2026-09-08 11:00", "2026-09-09 00:00",
                               "2026-09-11 20:00", "2026-09-11 21:00", "2026-09-10 00:00"]),
    "kind": ["text", "game", "question", "text", "text", "text", "text"],
    "messages": [1, 3, 1, 2, 1, 1, 1],
})
H_AS_OF = "2026-09-13 20:00"  # a Sunday


@pytest.fixture
def health() -> dict:
    """H_GROUPS, H_MEMBERS, H_MESSAGES as a data set (wechat_groups, group_members, group_messages)."""
    return {"wechat_groups": H_GROUPS.copy(), "group_members": H_MEMBERS.copy(), "group_messages": H_MESSAGES.copy()}


# ===========================================================================
# Lifecycle actions
# ===========================================================================

L_AS_OF = "2026-09-20 12:00"
L_GROUPS = pd.DataFrame({
    "group_id": ["E1", "E2", "E3", "E4", "P1", "P2", "P3"],
    "branch_id": ["B1"] * 7,
    "tier": ["elite", "elite", "elite", "elite", "potential", "potential", "potential"],
    "owner_staff_id": ["S3", "S3", "S3", "S3", "S2", "S2", "S2"],
    "created_at": [t(15.5), t(16.5), t(18.5), t(1), t(1.5), t(1.5), t(10)],
    "dissolved_at": [pd.NaT, pd.NaT, pd.NaT, t(10), pd.NaT, pd.NaT, pd.NaT],
})
L_MEMBERS = pd.DataFrame({
    "group_id": ["E1", "E1", "E2", "E3", "E4", "P1", "P2", "P3"],
    "person_id": ["a", "b", "c", "e", "f", "d", "c", "g"],
    "joined_at": [t(15.5), t(15.5), t(16.5), t(18.5), t(1), t(2), t(3), t(10)],
})
L_MESSAGES = pd.DataFrame({
    "group_id": ["E1", "E2", "P1", "P2"], "person_id": ["a", "c", "d", "c"],
    "sent_at": [t(16), t(20), t(5), t(19)], "kind": ["text"] * 4,
})
L_DEALS = pd.DataFrame({"deal_id": ["D1"], "person_id": ["c"], "closed_at": [t(17)]})


@pytest.fixture
def life() -> dict:
    """L_GROUPS, L_MEMBERS, L_MESSAGES, L_DEALS as a data set."""
    return {"wechat_groups": L_GROUPS.copy(), "group_members": L_MEMBERS.copy(),
            "group_messages": L_MESSAGES.copy(), "deals": L_DEALS.copy()}


# ===========================================================================
# Join hook: the reference case
# ===========================================================================

HOOK = pd.DataFrame({"campaign_id": ["H1", "H2"], "branch_id": ["B01", "B02"],
                     "started_at": pd.to_datetime(["2026-08-03 09:00", None]),
                     "ended_at": pd.to_datetime(["2026-08-17 09:00", None]),
                     "joined": [20_000, 0], "claimed": [3_000, 0], "reward_per_claim": [5.0, 2.0],
                     "spend": [15_000.0, 0.0]})


@pytest.fixture
def hook() -> pd.DataFrame:
    return HOOK.copy()


# ===========================================================================
# Every public function on the sample data (branch B01)
# ===========================================================================


@pytest.fixture(scope="session")
def sample_results(sample_dataset):
    from analysis import groups as grp
    from analysis.scope import for_branch

    s = for_branch(sample_dataset, "B01")
    as_of = grp.data_as_of(s)
    health = grp.group_health(s, as_of=as_of)
    cal = grp.calendar_data(s, as_of=as_of)
    size = grp.size_activity(health)
    asked = grp.askers(s, as_of=as_of)
    return {
        "funnel_people": grp.funnel_people(s, by="branch_id"),
        "tier_funnel": grp.tier_funnel(s, by="owner_staff_id"),
        "step_times": grp.step_times(s),
        "tier_entries": grp.tier_entries(s),
        "tier_conversion": grp.tier_conversion(s),
        "group_health": health,
        "group_health_daily": grp.group_health(s, freq="D", as_of=as_of),
        "group_status": grp.group_status(s, as_of=as_of),
        "lifecycle_actions": grp.lifecycle_actions(s, as_of=as_of),
        "portfolio": grp.portfolio(s, as_of=as_of),
        "size_activity": size,
        "size_answer": grp.size_answer(size),
        "calendar_data": cal,
        "calendar_rates": grp.calendar_rates(cal),
        "content_calendar": grp.content_calendar(cal),
        "overdispersion": grp.overdispersion(cal),
        "calendar_checks": grp.calendar_checks(grp.content_calendar(cal)),
        "hook_costs": grp.hook_costs(s["hook_campaigns"]),
        "data_checks": grp.data_checks(s),
        "owned_by": grp.owned_by(s["wechat_groups"], "B01-S03"),
        "daily_summary": grp.daily_summary(s),
        "daily_health": grp.daily_health(s["group_daily_stats"]),
        "headline": grp.headline(s, as_of=as_of),
        "actions": grp.actions(s, as_of=as_of, language="en"),
        "askers": asked,
        "asker_summary": grp.asker_summary(asked),
        "pull_curve": grp.pull_curve(asked),
        "asker_conversion": grp.asker_conversion(asked),
        "channel_summary": grp.channel_summary(s, as_of=as_of),
        "customer_mix": grp.customer_mix(s, as_of=as_of),
    }
