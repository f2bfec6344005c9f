"""Tests of analysis.followup.workdays and the working-day clock of rule_24_72 (issue 16, item 2).

Every expected number is counted by hand in the comments; the calendar of 2026 is checked against
chinese_calendar's own answers, written below as constants (``chinese_calendar.is_workday``, version
1.11.0), so that a change of the package's data or of our reading of it shows up here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.followup import (WorkingCalendar, calendar_days, china_calendar, rule_24_72, special_days,
                               working_calendar, working_hours)

#: chinese_calendar.is_workday(d) for 2026-09-19 … 2026-10-11 (Mid-Autumn 09-25…27, National Day 10-01…07,
#: make-up working days Sunday 09-20 and Saturday 10-10), printed by chinesecalendar 1.11.0.
CC_WORKDAYS_2026 = ["09-20", "09-21", "09-22", "09-23", "09-24", "09-28", "09-29", "09-30", "10-08", "10-09", "10-10"]


def test_the_official_2026_calendar_matches_chinese_calendar_s_own_answer():
    days = pd.date_range("2026-09-19", "2026-10-11", freq="D")
    got = [d.strftime("%m-%d") for d, w in zip(days, china_calendar().is_working(days.to_numpy())) if w]
    assert got == CC_WORKDAYS_2026


def test_calendar_days_names_holidays_and_make_up_days():
    k = calendar_days("2026-09-19", "2026-10-11")
    kinds = dict(zip(k["day"].dt.strftime("%m-%d"), k["kind"]))
    assert kinds["09-19"] == "weekend" and kinds["09-20"] == "makeup_workday"
    assert kinds["09-25"] == "holiday" and kinds["10-01"] == "holiday" and kinds["10-04"] == "holiday"
    assert kinds["10-08"] == "workday" and kinds["10-10"] == "makeup_workday" and kinds["10-11"] == "weekend"
    special = special_days("2026-09-19", "2026-10-11")
    # 09-20 (make-up), 09-25..27 (Mid-Autumn), 10-01..07 (National Day), 10-10 (make-up): 1 + 3 + 7 + 1
    assert len(special) == 12 and set(special["kind"]) == {"holiday", "makeup_workday"}


@pytest.mark.parametrize("start, end, hours", [
    ("2026-10-16 15:00", "2026-10-19 15:00", 24.0),   # Fri → Mon, an ordinary weekend: 9 h Fri + 15 h Mon
    ("2026-10-09 15:00", "2026-10-12 15:00", 48.0),   # Fri → Mon with Saturday 10-10 worked: 9 + 24 + 0 + 15
    ("2026-09-30 10:00", "2026-10-08 10:00", 24.0),   # across National Day: 14 h Wed 09-30 + 10 h Thu 10-08
    ("2026-10-17 14:00", "2026-10-19 10:00", 10.0),   # captured on Saturday: the clock starts Monday 00:00
    ("2026-10-17 09:00", "2026-10-18 20:00", 0.0),    # all weekend
    ("2026-10-20 09:00", "2026-10-20 09:30", 0.5),    # inside one working day
])
def test_working_hours_counted_by_hand(start, end, hours):
    assert working_hours([start], [end])[0] == hours


def test_working_hours_of_a_missing_time_is_nan():
    assert np.isnan(working_hours(["2026-10-16 15:00"], [None])[0])


def test_a_bank_s_own_calendar_replaces_the_official_one():
    # the bank closes on Monday 10-19 and works Saturday 10-17: Fri 15:00 → Mon 15:00 = 9 + 24 (Sat) + 0 + 0 + 0
    own = WorkingCalendar(holidays=["2026-10-19"], workdays=["2026-10-17"], name="bank")
    assert working_hours(["2026-10-16 15:00"], ["2026-10-19 15:00"], own)[0] == 33.0
    as_mapping = {"holidays": ["2026-10-19"], "workdays": ["2026-10-17"]}
    assert working_hours(["2026-10-16 15:00"], ["2026-10-19 15:00"], as_mapping)[0] == 33.0
    # Monday to Friday only ("weekdays"): National Day counts as working days
    assert working_hours(["2026-09-30 10:00"], ["2026-10-08 10:00"], "weekdays")[0] == 14 + 24 * 5 + 10


def test_years_the_package_does_not_know_follow_the_weekend_rule_and_are_named():
    cal = china_calendar()
    assert cal.uncovered("2026-12-30", "2027-01-05") == [2027]
    assert cal.uncovered("2026-01-01", "2026-12-31") == []
    # 2027-01-01 is a Friday: outside the package's years it is an ordinary working day
    assert cal.is_working(["2027-01-01", "2027-01-02"]).tolist() == [True, False]


def test_calendar_parameters_are_checked():
    with pytest.raises(ParameterError, match="both a holiday and a make-up"):
        WorkingCalendar(holidays=["2026-10-10"], workdays=["2026-10-10"])
    with pytest.raises(ParameterError, match="weekend"):
        WorkingCalendar(weekend=(7,))
    with pytest.raises(ParameterError, match="workdays must be"):
        working_calendar("moon")
    with pytest.raises(ParameterError, match="unknown calendar keys"):
        working_calendar({"holiday": ["2026-10-01"]})
    with pytest.raises(ParameterError, match="clock must be"):
        rule_24_72(pd.DataFrame({"captured_at": [], "first_contact_at": [], "closed_at": [], "outcome": []}),
                   clock="office")


# ===========================================================================
# rule_24_72 on the working clock
# ===========================================================================

def _weekend_leads() -> pd.DataFrame:
    rows = [  # lead, captured, first contact, closed, outcome
        ("W1", "2026-10-16 15:00", "2026-10-19 09:00", "2026-10-20 10:00", "lost"),  # Friday afternoon
        ("W2", "2026-10-19 10:00", "2026-10-20 11:00", "2026-10-22 09:00", "won"),   # Monday
        ("W3", "2026-10-17 14:00", "2026-10-19 23:00", None, "open"),                # Saturday event
        ("W4", "2026-10-22 10:00", None, None, "open"),                              # Thursday, not called
        ("W5", "2026-10-23 16:00", None, None, "open"),                              # 2 h before as_of
        ("W6", "2026-09-30 10:00", "2026-10-08 09:00", "2026-10-09 17:00", "won"),   # before National Day
    ]
    d = pd.DataFrame(rows, columns=["lead_id", "captured_at", "first_contact_at", "closed_at", "outcome"])
    return d.assign(**{c: pd.to_datetime(d[c]) for c in ("captured_at", "first_contact_at", "closed_at")},
                    assigned_to=["S1", "S1", "S2", "S2", "S2", "S1"])


AS_OF = "2026-10-23 18:00"


def test_rule_24_72_on_both_clocks_counted_by_hand():
    leads = _weekend_leads()
    # calendar hours — first contact: W1 66 h, W2 25 h, W3 57 h, W4 none at 32 h, W6 191 h: all late; W5 pending
    #                  result: W2 71 h met; W1 91 h, W3 open at 148 h, W6 223 h late; W4 (32 h), W5 pending
    cal = rule_24_72(leads, as_of=AS_OF)
    assert cal[["leads", "met", "pending"]].values.tolist() == [[5, 0, 1], [4, 1, 2]]
    # working hours — first contact: W1 9 + 9 = 18 met, W2 14 + 11 = 25 late, W3 23 (Mon 00:00 → 23:00) met,
    #                  W4 14 + 18 = 32 late, W6 14 (09-30) + 9 (10-08) = 23 met; W5 pending
    #                  result: W1 9 + 24 + 10 = 43 met, W2 71 met, W6 14 + 24 + 17 = 55 met,
    #                  W3 open at 4 × 24 + 18 = 114 late; W4 (32 h), W5 (2 h) pending
    work = rule_24_72(leads, as_of=AS_OF, clock="working")
    assert work[["leads", "met", "pending"]].values.tolist() == [[5, 3, 1], [4, 3, 2]]
    np.testing.assert_allclose(work["rate"], [0.6, 0.75])


def test_rule_24_72_on_the_working_clock_per_staff():
    # S1: W1 W2 W6 — contact met W1 W6, late W2; result met all three
    # S2: W3 W4 W5 — contact met W3, late W4, pending W5; result late W3, pending W4 W5
    r = rule_24_72(_weekend_leads(), by="assigned_to", as_of=AS_OF, clock="working")
    assert r[["assigned_to", "rule", "leads", "met", "pending"]].values.tolist() == [
        ["S1", "first_contact_24h", 3, 2, 0], ["S1", "resolved_72h", 3, 3, 0],
        ["S2", "first_contact_24h", 2, 1, 1], ["S2", "resolved_72h", 1, 0, 2]]


def test_exactly_24_working_hours_meets_the_rule():
    # Friday 15:00 → Monday 15:00 is exactly 24 working hours (9 + 15): met; one minute later: late
    leads = pd.DataFrame({"captured_at": pd.to_datetime(["2026-10-16 15:00"] * 2),
                          "first_contact_at": pd.to_datetime(["2026-10-19 15:00", "2026-10-19 15:01"]),
                          "closed_at": pd.NaT, "outcome": ["open", "open"]})
    r = rule_24_72(leads, as_of="2026-10-30 12:00", clock="working")
    assert r.loc[0, ["leads", "met"]].tolist() == [2, 1]
