"""Tests of analysis.followup.overdue: the morning-meeting lists."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.followup import overdue, overdue_counts

TOL = 1e-9
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00 (the fixtures are in conftest.py)


def h(hours):
    """T0 + hours (None stays missing)."""
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_overdue_lists_worked_out_by_hand(leads):
    # open at as_of: L04 L05 L06 L07 L08 L12
    # no contact past 24 h: L04 (S2, age 124 h, 100 h over), L08 (S3, 30 h, 6 over), L12 (unassigned, 100 over)
    # unresolved past 72 h: L04, L05 (S2, 124 h, 52 over each), L12 (unassigned, 52 over)
    od = overdue(leads, as_of=AS_OF)
    no_contact = od[od["list"] == "no_contact_24h"]
    assert no_contact["lead_id"].tolist() == ["L04", "L08", "L12"]
    close(no_contact["hours_overdue"], [100, 6, 100])
    unresolved = od[od["list"] == "unresolved_72h"]
    assert unresolved["lead_id"].tolist() == ["L04", "L05", "L12"]
    close(unresolved["hours_overdue"], [52, 52, 52])
    assert unresolved["assigned_to"].iloc[:2].tolist() == ["S2", "S2"] and pd.isna(unresolved["assigned_to"].iloc[2])
    assert "L06" not in set(od["lead_id"])  # 10 h old: not overdue yet
    assert not {"name", "phone", "mobile"} & set(od.columns)


def test_overdue_counts_by_staff(leads):
    # S1: nothing open (not listed); S2: open L04 L05 L06, 1 without contact, 2 unresolved;
    # S3: open L07 L08, 1 without contact; unassigned: L12 on both lists
    c = overdue_counts(leads, as_of=AS_OF)
    assert c["assigned_to"].iloc[:2].tolist() == ["S2", "S3"] and pd.isna(c["assigned_to"].iloc[2])
    assert c["open_leads"].tolist() == [3, 2, 1]
    assert c["no_contact_24h"].tolist() == [1, 1, 1]
    assert c["unresolved_72h"].tolist() == [2, 0, 1]


def test_overdue_exactly_at_the_deadline_is_not_overdue(leads):
    # as_of = T0 + 24 h: L04 and L12 (never contacted) are exactly at their deadline
    od = overdue(leads, as_of=h(24))
    assert od.empty



def test_overdue_one_list_at_a_time(leads):
    both = overdue(leads, as_of=AS_OF)
    for name in ("no_contact_24h", "unresolved_72h"):
        one = overdue(leads, as_of=AS_OF, lists=[name])
        pd.testing.assert_frame_equal(one, both[both["list"] == name].reset_index(drop=True))
    assert overdue(leads, as_of=AS_OF, lists="no_contact_24h")["list"].unique().tolist() == ["no_contact_24h"]
    with pytest.raises(ParameterError, match="lists"):
        overdue(leads, lists=["late"])


def test_meeting_columns_are_columns_of_overdue(leads):
    from analysis.followup import MEETING_COLUMNS, OVERDUE_COLUMNS

    assert set(MEETING_COLUMNS) <= set(OVERDUE_COLUMNS) == set(overdue(leads, as_of=AS_OF).columns)
    assert not {"name", "phone", "mobile"} & set(MEETING_COLUMNS)
