"""Restricting a data set to a branch and period."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import ParameterError
from analysis.scope import for_branch, parse_period


def test_parse_period_includes_the_end_day():
    start, end = parse_period("2026-09-01", "2026-09-30")
    assert start == pd.Timestamp("2026-09-01")
    assert end == pd.Timestamp("2026-09-30 23:59:59.999999999")
    assert parse_period("", None) == (None, None)


def test_parse_period_errors():
    with pytest.raises(ParameterError, match="period_start must be a date"):
        parse_period("September", "")
    with pytest.raises(ParameterError, match="before period_start"):
        parse_period("2026-09-30", "2026-09-01")


def test_for_branch_keeps_only_that_branch(sample_dataset):
    b = for_branch(sample_dataset, "B01")
    assert set(b["staff"]["branch_id"]) == {"B01"}
    assert set(b["events"]["branch_id"]) == {"B01"}
    assert set(b["attendance"]["event_id"]) <= set(b["events"]["event_id"])
    assert set(b["group_members"]["group_id"]) <= set(b["wechat_groups"]["group_id"])
    assert set(b["survey_answers"]["response_id"]) <= set(b["survey_responses"]["response_id"])
    # every attendee of the branch's events is among the branch's people
    assert set(b["attendance"]["person_id"]) <= set(b["people"]["person_id"])
    other = for_branch(sample_dataset, "B02")
    assert not set(b["events"]["event_id"]) & set(other["events"]["event_id"])


def test_for_branch_period(sample_dataset):
    b = for_branch(sample_dataset, "B01", "2026-09-01", "2026-09-30")
    ev = b["events"]["starts_at"]
    assert ev.min() >= pd.Timestamp("2026-09-01") and ev.max() < pd.Timestamp("2026-10-01")
    leads = b["leads"]["captured_at"]
    assert leads.empty or (leads.min() >= pd.Timestamp("2026-09-01") and leads.max() < pd.Timestamp("2026-10-01"))


def test_unknown_branch_lists_the_known_ones(sample_dataset):
    with pytest.raises(ParameterError, match=r"'B99' is not in the branches table \(known: B01, B02, B03\)"):
        for_branch(sample_dataset, "B99")


def test_previous_period_of_a_calendar_month_is_the_calendar_month_before():
    from analysis.scope import previous_period

    assert previous_period("2026-10-01", "2026-10-31") == ("2026-09-01", "2026-09-30")
    assert previous_period("2026-03-01", "2026-03-31") == ("2026-02-01", "2026-02-28")
    assert previous_period("2026-01-01", "2026-01-31") == ("2025-12-01", "2025-12-31")


def test_previous_period_of_other_lengths_has_the_same_number_of_days():
    from analysis.scope import previous_period

    assert previous_period("2026-10-08", "2026-10-14") == ("2026-10-01", "2026-10-07")   # a week
    assert previous_period("2026-08-01", "2026-09-30") == ("2026-06-01", "2026-07-31")   # 61 days
    assert previous_period("", "2026-09-30") is None
    assert previous_period() is None
