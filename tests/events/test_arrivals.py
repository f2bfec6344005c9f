"""Tests of analysis.events.arrivals: quarter hours, gaps, duration against the practice, the timeline.

"# hand:" counts from the literal tables of ``conftest.py``.
"""

from __future__ import annotations

import pandas as pd

from analysis import events as E
from analysis import rules

T = pd.Timestamp
DAY = "2026-07-18 "


def test_salon_arrivals_per_quarter_hour(salon):
    q = E.arrivals_by_quarter(salon)
    # hand: 13:45-13:59 17 people (Q01 … Q05), 14:00-14:14 11, 14:15-14:29 10, then none until 15:30
    assert q["arrivals"].tolist() == [17, 11, 10, 0, 0, 0, 0]
    assert q["minutes_from_start"].tolist() == [-15, 0, 15, 30, 45, 60, 75]


def test_pooled_quarters_add_up_events_from_their_start(both):
    q = E.arrivals_by_quarter(both, pooled=True)
    # hand: salon −15 → 17, 0 → 11, 15 → 10; E1 (start 10:00) 0 → A, G1, G2 = 3, 15 → D = 1, 30 → W = 1
    assert q["minutes_from_start"].tolist() == [-15, 0, 15, 30, 45, 60, 75]
    assert q["arrivals"].tolist() == [17, 14, 11, 1, 0, 0, 0] and set(q["event_id"]) == {"all"}


def test_salon_flow_has_no_long_gap_and_lasts_the_practice(salon):
    assert E.arrival_gaps(salon).empty  # hand: never more than 2 minutes between arrivals
    f = E.arrival_flow(salon).iloc[0]
    assert (f["duration_minutes"], f["over_practice_minutes"], f["arrivals"], f["long_gaps"]) == (90, 0, 38, 0)
    assert f["longest_gap_minutes"] == 2.0 and f["busiest_quarter"] == T(DAY + "13:45")
    assert f["busiest_arrivals"] == 17 and f["arrival_span_minutes"] == 43.0


def test_the_defaults_are_the_rules(salon):
    f = E.arrival_flow(salon).iloc[0]
    assert f["practice_minutes"] == rules.EVENT_MINUTES == E.PRACTICE_MINUTES == 90
    assert rules.FLOW_GAP_MINUTES == 10


def test_duplicate_checkin_keeps_the_earliest_arrival(edge):
    gaps = E.arrival_gaps(edge)
    # hand: arrivals 10:00 (A, the 10:05 repeat dropped), 10:02, 10:03, 10:20, 10:30 → gaps of 17 and 10
    assert gaps["minutes"].tolist() == [17.0, 10.0]
    assert gaps["gap_start"].tolist() == [T("2026-08-01 10:03"), T("2026-08-01 10:20")]
    assert E.arrival_gaps(edge, min_gap=11)["minutes"].tolist() == [17.0]


def test_booth_edges_count_as_gaps(edge):
    booth = edge["events"].iloc[:1].assign(kind="booth")
    gaps = E.arrival_gaps(edge, events=booth)
    # hand: last arrival 10:30, end 11:30 → a 60-minute gap after the last visitor
    assert gaps["position"].tolist() == ["between", "between", "after_last"]
    assert gaps["minutes"].tolist() == [17.0, 10.0, 60.0]


def test_arrival_timeline_and_marks(salon, both):
    tl = E.arrival_timeline(salon)
    assert len(tl) == 38 and set(tl["lane"]) == {"partner_invite", "brought_along", "staff_invite", "walk_in"}
    assert list(E.timeline_marks(salon["events"])) == ["开始", "结束"]
    assert list(E.timeline_marks(salon["events"], "en")) == ["Start", "End"]
    several = E.arrival_timeline(both)
    assert set(several["lane"]) == {"B01-E03 家庭关系", "E1 亲子"}
    assert several["clock"].dt.date.nunique() == 1  # one HH:MM axis for all events
    assert E.timeline_marks(both["events"]) == {}
