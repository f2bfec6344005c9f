"""Tests of analysis.groups.daily: group health from WeCom's daily statistics (group_daily_stats).

"# hand:" values are counted by eye from the literal table below; the intervals against the Wilson
formula written out.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.errors import DataError
from analysis.importers import daily_health as imported_daily_health

T = pd.to_datetime
#: two owners of B01 over three days, one all-owner row of B02
STATS = pd.DataFrame({
    "branch_id": ["B01", "B01", "B01", "B01", "B01", "B02"],
    "owner_staff_id": ["B01-S03", "B01-S03", "B01-S03", "B01-S04", "B01-S04", None],
    "day": T(["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-01", "2026-09-02", "2026-09-01"]),
    "new_chat_cnt": [1, 0, 0, 0, 0, 0],
    "chat_total": [2, 2, 3, 1, 1, 4],
    "chat_has_msg": [2, 1, 0, 1, 0, 2],
    "new_member_cnt": [5, 2, 0, 0, 1, 9],
    "member_total": [20, 22, 22, 10, 11, 100],
    "member_has_msg": [6, 3, 0, 10, 0, 7],
    "msg_total": [30, 8, 0, 25, 0, 40],
})
MESSAGES = pd.DataFrame({"group_id": ["G1"], "person_id": ["P1"], "sent_at": [pd.Timestamp("2026-09-01 10:00")],
                         "kind": ["text"]})
Z = 1.959963984540054


def wilson(k, n):
    p = k / n
    centre, half = p + Z * Z / (2 * n), Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - half) / (1 + Z * Z / n), (centre + half) / (1 + Z * Z / n)


def test_summary_per_owner_by_hand():
    s = grp.daily_summary(group_daily_stats=STATS, branch_id="B01").set_index("owner_staff_id")
    assert list(s.index) == ["B01-S03", "B01-S04"]
    a = s.loc["B01-S03"]
    # hand: 3 days; on the last day 3 groups, 22 members; joins 5+2+0; member-days 20+22+22 = 64,
    # posted 6+3+0 = 9; messages 38; the last message on 09-02, the last day 09-03
    assert (a["stat_days"], a["groups"], a["members"], a["joins"]) == (3, 3, 22, 7)
    assert (a["member_days"], a["active_member_days"], a["n"], a["messages"]) == (64, 9, 64, 38)
    assert a["active_share"] == pytest.approx(9 / 64)
    assert (a["ci_low"], a["ci_high"]) == pytest.approx(wilson(9, 64), abs=1e-9)
    assert a["messages_per_member_day"] == pytest.approx(38 / 64) and a["days_since_last_message"] == 1.0
    assert (a["first_day"], a["last_day"]) == (pd.Timestamp("2026-09-01"), pd.Timestamp("2026-09-03"))
    b = s.loc["B01-S04"]
    # hand: 10 + 11 member-days, 10 posted; 25 messages; last message 09-01, last day 09-02
    assert (b["member_days"], b["active_member_days"], b["messages"]) == (21, 10, 25)
    assert b["active_share"] == pytest.approx(10 / 21) and b["days_since_last_message"] == 1.0


def test_summary_counts_are_integers_and_an_interval_brackets_the_share():
    s = grp.daily_summary(group_daily_stats=STATS)
    for c in ("stat_days", "groups", "members", "joins", "member_days", "active_member_days", "messages", "n"):
        assert s[c].dtype == np.int64, c
    assert ((s["ci_low"] <= s["active_share"]) & (s["active_share"] <= s["ci_high"])).all()


def test_all_owner_rows_stay_their_own_row_and_period_and_owner_filter():
    s = grp.daily_summary({"group_daily_stats": STATS}, branch_id="B02")
    # hand: B02's one row, no owner
    assert len(s) == 1 and pd.isna(s.loc[0, "owner_staff_id"]) and s.loc[0, "members"] == 100
    p = grp.daily_summary(group_daily_stats=STATS, branch_id="B01", period_start="2026-09-02", period_end="2026-09-02")
    # hand: only 09-02: S03 22 members 3 posted, S04 11 members 0 posted (no message: NaN days since)
    assert p["member_days"].tolist() == [22, 11] and p["active_member_days"].tolist() == [3, 0]
    assert p.loc[0, "days_since_last_message"] == 0.0 and np.isnan(p.loc[1, "days_since_last_message"])
    one = grp.daily_summary(group_daily_stats=STATS, owner_staff_id="B01-S04")
    assert one["owner_staff_id"].tolist() == ["B01-S04"]


def test_message_level_data_take_precedence():
    s = grp.daily_summary(group_daily_stats=STATS, group_messages=MESSAGES, branch_id="B01")
    assert s.empty and list(s.columns)[:3] == ["branch_id", "owner_staff_id", "first_day"]
    assert grp.daily_sentence(s, MESSAGES, "en").startswith("Message-level data exist")
    empty_msgs = MESSAGES.iloc[0:0]
    assert len(grp.daily_summary(group_daily_stats=STATS, group_messages=empty_msgs, branch_id="B01")) == 2


def test_sentences_in_both_languages():
    s = grp.daily_summary(group_daily_stats=STATS, branch_id="B01", owner_staff_id="B01-S04")
    en = grp.daily_sentence(s, None, "en")
    # hand: 10/21 = 47.6%, 25/21 = 1.190 messages per member-day
    assert "B01-S04, 2 day(s) of WeCom statistics: 1 groups, 11 members" in en and "**47.6% of members" in en
    assert "1.190 messages per member-day" in en
    zh = grp.daily_sentence(s, None, "zh")
    assert "平均每天 47.6% 的成员发言" in zh
    none = grp.daily_summary(group_daily_stats=STATS, branch_id="B09")
    assert none.empty and grp.daily_sentence(none, None, "en").startswith("No message-level data")
    b02 = grp.daily_sentence(grp.daily_summary(group_daily_stats=STATS, branch_id="B02"), None, "en")
    assert b02.startswith("All owners, 1 day(s)")


def test_daily_health_per_day_and_the_importers_name_is_the_same_function():
    assert imported_daily_health is grp.daily_health
    h = grp.daily_health(STATS)
    # hand: row 4 (S04 on 09-01): all 10 members posted, 25 messages
    assert h.loc[3, "rate"] == 1.0 and h.loc[3, "messages_per_member"] == 2.5 and h.loc[3, "n"] == 10
    assert (h.loc[3, "ci_low"], h.loc[3, "ci_high"]) == pytest.approx(wilson(10, 10), abs=1e-9)


@pytest.mark.parametrize("change, column, rule", [
    ({"member_has_msg": [6, 3, 0, 12, 0, 7]}, "member_has_msg", "active_le_members"),
    ({"msg_total": [30, 8, -1, 25, 0, 40]}, "msg_total", "count"),
    ({"member_total": [20, 22, "many", 10, 11, 100]}, "member_total", "count"),
    ({"day": ["2026-09-01", "2026-09-02", "2026-09-02", "2026-09-01", "2026-09-02", "2026-09-01"]}, "day",
     "unique_key"),
    ({"day": ["2026-09-01", "2026-09-02", "soon", "2026-09-01", "2026-09-02", "2026-09-01"]}, "day", "not_a_time"),
])
def test_bad_statistics_are_data_errors(change, column, rule):
    with pytest.raises(DataError) as e:
        grp.daily_summary(group_daily_stats=STATS.assign(**change))
    assert f"group_daily_stats, column {column}" in str(e.value) and f"rule {rule}" in str(e.value)


def test_missing_column_is_a_data_error():
    with pytest.raises(DataError, match="missing_column"):
        grp.daily_health(STATS.drop(columns="msg_total"))
