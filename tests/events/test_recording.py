"""Tests of analysis.events.recording on the literal booth of test_roles (counted by hand, "# hand:")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
T = pd.Timestamp


def t(hhmm):
    return T("2026-09-05 " + hhmm)

# hand, from the booth: records name a (V1), d (V2), e (V3), n1 (V4) and c (R1); R2 is anonymous.
# Gifts went to a b c n1 n2 d f (not P9, not e).


def test_visitor_records_at_lists_both_kinds(booth):
    r = E.visitor_records_at(booth)
    assert len(r) == 6
    assert r["record_kind"].value_counts().to_dict() == {"info_sheet": 4, "survey": 2}
    assert r["recorded_at"].is_monotonic_increasing


def test_recording_rate(booth):
    r = E.recording_rate(booth).iloc[0]
    # hand: 9 visitors, 5 of them named by a record; 6 records in all
    assert (r["visitors"], r["recorded"], r["records"]) == (9, 5, 6)
    # R: prop.test(5, 9, correct = FALSE)$conf.int
    np.testing.assert_allclose([r["ci_low"], r["ci_high"]], [0.266651293495493, 0.811221478902335], atol=1e-9)
    assert E.recording_rate(booth, pooled=True)["event_id"].tolist() == ["all"]


def test_gifts_without_record_are_lost_contacts(booth):
    g = E.gifts_without_record(booth).iloc[0]
    # hand: 7 gifts; b, n2 and f left no record
    assert (g["gifts"], g["gifts_lost"]) == (7, 3)
    # R: prop.test(3, 7, correct = FALSE)$conf.int
    np.testing.assert_allclose([g["ci_low"], g["ci_high"]], [0.158219855251470, 0.749541635472343], atol=1e-9)


def test_an_event_that_does_not_record_gifts_has_no_row(booth):
    assert E.gifts_without_record({**booth, "attendance": booth["attendance"].drop(columns="gift")}).empty


def test_recording_by_receiver(booth):
    r = E.recording_by_receiver(booth)
    assert r["duty"].tolist() == ["receiver", "receiver"]
    by = r.set_index("staff_id")
    # hand: S07 received 10:00-11:00 (a b c P9 n1 n2), S06 11:00-12:00 (d e f)
    assert by.loc["B01-S07", ["visitors", "recorded", "records_written", "gifts", "gifts_lost"]].tolist() == \
        [6, 3, 5, 5, 2]
    assert by.loc["B01-S06", ["visitors", "recorded", "records_written", "gifts", "gifts_lost"]].tolist() == \
        [3, 2, 1, 2, 1]


def test_recording_by_receiver_shared_and_uncovered(booth):
    roster = booth["event_staff"]
    overlap = roster.assign(to_at=[t("11:00"), t("11:15"), t("11:45"), t("12:00"), t("12:00")])
    late = pd.DataFrame({"event_id": ["B1"], "person_id": ["z"], "arrived_at": [t("09:55")], "source": ["walk_in"],
                         "brought_by": [None], "is_bank_customer": [False], "gender": ["male"], "gift": [True]})
    r = E.recording_by_receiver({**booth, "event_staff": overlap,
                                 "attendance": pd.concat([booth["attendance"], late], ignore_index=True)})
    # hand: S07 stays on until 11:15, so d (11:10) and e (11:12) arrive with two receivers on duty;
    # z arrives at 09:55, before anyone receives
    assert r["duty"].tolist() == ["receiver", "receiver", "shared", "none"]
    assert r["visitors"].tolist() == [6, 1, 2, 1]
    assert r.loc[r["duty"] == "none", "gifts_lost"].tolist() == [1]


def test_lead_records(booth):
    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3", "L4"], "event_id": "B1", "person_id": ["a", "b", "d", "n1"],
                          "assigned_to": ["B01-S07", "B01-S07", "B01-S06", "B01-S06"],
                          "captured_at": t("11:00"),
                          "first_contact_at": [T("2026-09-06 10:30"), T("2026-09-06 11:00"), None, t("10:25")]})
    r = E.lead_records({**booth, "leads": leads}, by=None).iloc[0]
    # hand: a had a record (10:06) before the call; b none; d not called yet; n1 was called at 10:25,
    # before the sheet was written (10:30)
    assert (r["leads"], r["contacted"], r["with_record"]) == (4, 3, 1)
    per = E.lead_records({**booth, "leads": leads}, by="assigned_to").set_index("assigned_to")
    assert per[["leads", "contacted", "with_record"]].values.tolist() == [[2, 1, 0], [2, 2, 1]]


def test_recording_text_in_both_languages(booth):
    rate = E.recording_rate(booth, pooled=True)
    gifts = E.gifts_without_record(booth, pooled=True)
    assert E.recording_text(rate, gifts) == ("9 位到场者中 5 位留下了记录（55.6%，95% 区间 26.7%–81.1%）；"
                                             "7 份礼品中 3 份发给了没有记录的客户，等于失去了联系。")
    assert E.recording_text(rate.iloc[:0], language="en").startswith("No check-ins")


@pytest.mark.parametrize("func", [E.recording_rate, E.gifts_without_record])
def test_records_of_other_events_do_not_count(booth, func):
    other = booth["visitor_records"].assign(event_id="B2")
    n = func({**booth, "visitor_records": other, "survey_responses": None})
    if func is E.recording_rate:
        assert n.loc[0, "recorded"] == 0
    else:
        assert n.loc[0, "gifts_lost"] == 7
