"""The check-in preparation behind the stranger ratio: one check-in per person and event, in a fixed order.

``analysis.events._tables.checkins`` keeps, for each (event, person), the earliest check-in (a missing
time counts as the latest, equal times keep the first row of the table) and orders the result by
event, arrival (missing last) and table order. It does so with one sort of integer codes (issue 10:
the multi-key sort of text columns was the hot spot); these tests pin the rule with a literal table
counted by hand, including the ties.
"""

from __future__ import annotations

import pandas as pd

from analysis import events as E
from analysis.events import _tables as tb

T = pd.Timestamp

# row: event, person, arrived_at, is_bank_customer — E2 comes first in the table, E1 sorts first
ROWS = [
    ("E2", "p", T("2026-09-05 10:00"), True),   # 0: p's later check-in at E2
    ("E1", "q", pd.NaT, False),                  # 1: q without a time: after q's timed check-in
    ("E1", "q", T("2026-09-05 09:30"), True),   # 2: q's earliest at E1 → customer
    ("E1", "r", T("2026-09-05 09:00"), False),  # 3: r, tie at 09:00, first in the table → stranger
    ("E1", "r", T("2026-09-05 09:00"), True),   # 4: r, the same time, later row: dropped
    ("E2", "p", T("2026-09-05 09:45"), False),  # 5: p's earliest at E2 → stranger
    ("E1", "s", pd.NaT, False),                  # 6: s, both times missing, first row → stranger
    ("E1", "s", pd.NaT, True),                   # 7: dropped
    ("E2", "q", T("2026-09-05 09:45"), True),   # 8: q at another event counts again (customer)
]


def attendance() -> pd.DataFrame:
    df = pd.DataFrame(ROWS, columns=["event_id", "person_id", "arrived_at", "is_bank_customer"])
    return df.assign(row=range(len(df)))


def test_the_earliest_check_in_is_kept_with_ties_in_table_order():
    c = tb.checkins(attendance(), "test")
    # hand: E1 → r (09:00, row 3), q (09:30, row 2), s (no time, row 6); E2 → p (09:45, row 5), q (09:45, row 8)
    assert c["event_id"].tolist() == ["E1", "E1", "E1", "E2", "E2"]
    assert c["person_id"].tolist() == ["r", "q", "s", "p", "q"]
    assert c["row"].tolist() == [3, 2, 6, 5, 8]
    assert c["stranger"].tolist() == [1, 0, 1, 1, 0]
    assert c.index.equals(pd.RangeIndex(5))


def test_stranger_ratio_per_event_counts_the_kept_check_ins():
    r = E.stranger_ratio(attendance())
    # hand: E1 2 strangers (r, s) of 3 people; E2 1 stranger (p) of 2
    assert r["event_id"].tolist() == ["E1", "E2"]
    assert r["attendees"].tolist() == [3, 2] and r["strangers"].tolist() == [2, 1]
    assert r["rate"].tolist() == [2 / 3, 1 / 2]
    assert str(r["attendees"].dtype) == "int64" and str(r["strangers"].dtype) == "int64"


def test_the_per_event_counts_agree_with_a_grouping_on_two_keys():
    att = attendance().assign(place="hall")  # a second key with one value: the same groups
    one = E.stranger_ratio(att)
    two = E.stranger_ratio(att, by=["event_id", "place"])
    pd.testing.assert_frame_equal(one, two.drop(columns="place"))


def test_the_order_of_the_input_rows_does_not_change_the_counts_but_ties_follow_it():
    att = attendance().iloc[::-1].reset_index(drop=True)
    c = tb.checkins(att, "test")
    # reversed: r's tie at 09:00 now keeps row 4 (a customer), s keeps row 7 (a customer); at E2, p and q
    # both came at 09:45: q's row 8 now comes first in the table, so first in the result
    assert c["row"].tolist() == [4, 2, 7, 8, 5]
    r = E.stranger_ratio(att)
    assert r["strangers"].tolist() == [0, 1]  # hand: E1 r, q, s all customers now; E2 p a stranger


def test_no_check_ins_give_an_empty_table():
    c = tb.checkins(attendance().iloc[:0], "test")
    assert len(c) == 0 and "stranger" in c.columns
