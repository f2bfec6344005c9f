"""Tests of analysis.groups.health: group health per day and week, the status snapshot.

The message log (``health`` in conftest.py) mixes single messages and daily counts; the counts
are worked out by hand in the comments. "# R:" constants: ``tests/groups/groups_reference.R``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.errors import DataError, ParameterError

TOL = 1e-9
H_AS_OF = "2026-09-13 20:00"  # a Sunday


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_group_health_daily_by_hand(health):
    out = grp.group_health(health, freq="D", as_of=H_AS_OF)
    e = out[out["group_id"] == "E"].reset_index(drop=True)
    assert e["period"].dt.strftime("%m-%d").tolist() == ["09-07", "09-08", "09-09", "09-10", "09-11", "09-12",
                                                         "09-13"]
    # members per day: a; a b; a b c; a b c (b left on the 10th at noon); a c; a c; a c
    assert e["members"].tolist() == [1, 2, 3, 3, 2, 2, 2]
    assert e["member_days"].tolist() == [1, 2, 3, 3, 2, 2, 2]
    assert e["joins"].tolist() == [1, 1, 1, 0, 0, 0, 0]
    assert e["leaves"].tolist() == [0, 0, 0, 1, 0, 0, 0]
    # posted: a; b; c; nobody; a (x is not a member); nobody; nobody
    assert e["active_members"].tolist() == [1, 1, 1, 0, 1, 0, 0]
    # messages summed: 1 + 3; 1; 2; 0; 1 + 1 (x's message counts in the group's messages)
    assert e["messages"].tolist() == [4, 1, 2, 0, 2, 0, 0]
    close(e["messages_per_member_day"], [4.0, 0.5, 2 / 3, 0.0, 1.0, 0.0, 0.0])
    close(e["days_since_last_message"], [0, 0, 0, 1, 0, 1, 2])
    close(e["active_share"], [1.0, 0.5, 1 / 3, 0.0, 0.5, 0.0, 0.0])
    # P2 lives from the 7th to its dissolution on the 9th; d's message on the 10th is ignored
    p2 = out[out["group_id"] == "P2"]
    assert p2["members"].tolist() == [1, 1, 1] and p2["messages"].sum() == 0
    assert p2["days_since_last_message"].isna().all()


def test_group_health_weekly_by_hand(health):
    out = grp.group_health(health, freq="W", as_of=H_AS_OF)
    e = out[out["group_id"] == "E"].iloc[0]
    # week of Monday 7 Sept: members a b c; 3 joins, 1 leave; all three posted; 9 messages over
    # 1+2+3+3+2+2+2 = 15 member-days; the last message on the 11th, two days before Sunday the 13th
    assert e["period"] == pd.Timestamp("2026-09-07")
    assert (e["members"], e["joins"], e["leaves"], e["active_members"], e["messages"], e["member_days"]) == \
        (3, 3, 1, 3, 9, 15)
    close([e["messages_per_member_day"], e["days_since_last_message"], e["active_share"]], [0.6, 2.0, 1.0])
    # R: prop.test(3, 3, correct = FALSE)$conf.int
    close([e["ci_low"], e["ci_high"]], [0.438502968244955, 1.0])


def test_group_health_as_of_defaults_to_the_data_never_the_clock(health):
    # latest timestamp: x's message on the 11th at 21:00 → the last day is the 11th
    out = grp.group_health(health, freq="D")
    assert out.loc[out["group_id"] == "E", "period"].max() == pd.Timestamp("2026-09-11")
    assert grp.data_as_of(health) == pd.Timestamp("2026-09-11 21:00")
    assert grp.data_as_of(health, until="2026-09-10") == pd.Timestamp("2026-09-10 23:59:59.999999999")


def test_group_health_messages_without_a_count_column_count_one_each(health):
    msgs = health["group_messages"].drop(columns="messages")
    out = grp.group_health(health, group_messages=msgs, freq="W", as_of=H_AS_OF)
    # 7 rows in E's week: a, a, b, c, a, x → 6 messages
    assert out.loc[out["group_id"] == "E", "messages"].tolist() == [6]


def test_group_status_snapshot_by_hand(health):
    out = grp.group_status(health, as_of=H_AS_OF, window_days=7).set_index("group_id")
    assert out.loc["E", "status"] == "open" and out.loc["P2", "status"] == "dissolved"
    # E: a b c ever, a c on the 13th; all three posted in the last 7 days; last message 2 days before
    assert (out.loc["E", "ever_members"], out.loc["E", "members_now"], out.loc["E", "members"],
            out.loc["E", "active_members"]) == (3, 2, 3, 3)
    close([out.loc["E", "days_since_last_message"], out.loc["E", "age_days"]], [2.0, 6 + 11 / 24])
    # P2 lived from 7 Sept 09:00 to 9 Sept 15:00: 2.25 days, never a message (the one after it ended is ignored)
    close(out.loc["P2", "age_days"], 2.25)
    assert np.isnan(out.loc["P2", "days_since_last_message"]) and pd.isna(out.loc["P2", "last_message_at"])
    # a 2-day window (12th and 13th): a and c were members, nobody posted
    short = grp.group_status(health, as_of=H_AS_OF, window_days=2).set_index("group_id")
    assert (short.loc["E", "members"], short.loc["E", "active_members"], short.loc["E", "member_days"]) == (2, 0, 4)


def test_group_status_window_is_a_whole_number_of_days(health):
    with pytest.raises(ParameterError, match="window_days"):
        grp.group_status(health, window_days=0)
    with pytest.raises(ParameterError, match="window_days"):
        grp.group_status(health, window_days=2.5)


def test_group_health_rejects_bad_input(health):
    with pytest.raises(ParameterError, match="freq"):
        grp.group_health(health, freq="M")
    with pytest.raises(DataError, match="group_members.*joined_at"):
        grp.group_health(health, group_members=health["group_members"].drop(columns="joined_at"))
    m = health["group_members"]
    bad = m.assign(joined_at=m["joined_at"].astype(object).where(m.index != 1, None))
    with pytest.raises(DataError, match="row 2 \\(E, b\\)"):
        grp.group_health(health, group_members=bad)
    with pytest.raises(DataError, match="tier must be one of"):
        grp.group_health(health, wechat_groups=health["wechat_groups"].assign(tier=["elite", "vip"]))
    with pytest.raises(ParameterError, match="as_of"):
        grp.group_status(health, as_of="yesterday-ish")


def test_an_unreadable_time_is_a_data_error_never_a_silent_gap(health):
    m = health["group_members"].astype({"left_at": object})
    m.loc[2, "left_at"] = "next Tuesday"
    with pytest.raises(DataError, match="not_a_time.*row 3 \\(E, c\\)"):
        grp.group_status(health, group_members=m)
