"""Tests of analysis.events.selection: the tables of one event, the report's focus, the docstring example."""

from __future__ import annotations

import pytest

from analysis import events as E
from analysis.errors import ParameterError


def test_select_event(edge):
    one = E.select_event(edge, "E2")
    assert one["events"]["event_id"].tolist() == ["E2"] and one["attendance"].empty and len(one["staff"]) == 9
    with pytest.raises(ParameterError, match="E1, E2"):
        E.select_event({"events": edge["events"]}, "E9")
    assert E.select_event(edge, " E1 ")["attendance"]["event_id"].eq("E1").all()


def test_every_function_reads_the_selected_event(both):
    one = E.event_figures(E.select_event(both, "E1"))
    every = E.event_figures(both)
    assert one["event_id"].tolist() == ["E1"]
    cols = ["attendees", "strangers", "rate", "ci_low", "ci_high", "deals", "amount"]
    assert one[cols].iloc[0].tolist() == every.loc[every["event_id"] == "E1", cols].iloc[0].tolist()


def test_event_focus(edge):
    assert E.event_focus(edge, "E1") == "E1"
    assert E.event_focus(edge, "", "zh") == "全部 2 场活动"
    assert E.event_focus(edge, "", "en") == "all 2 event(s)"


def test_example_tables_are_new_frames_on_every_call():
    a, b = E.example_tables(), E.example_tables()
    a["attendance"].loc[0, "person_id"] = "Z"
    assert b["attendance"].loc[0, "person_id"] == "A"
