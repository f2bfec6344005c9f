"""Tests of analysis.surveys.entry_points: where to enter a community (scores counted by hand)."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.surveys import ESTABLISHED_EVENTS, entry_points, rank_entry_points

ENTRIES = pd.DataFrame({
    "entry_id": ["E1", "E2", "E3", "E4"], "community_id": "C1",
    "kind": ["supermarket", "club", "laundry", "beauty"], "name": ["超市", "会所", "洗衣店", "美容院"],
    "daily_flow": [900, 80, 100, 60], "cost_per_visit": [1.0, 15.0, 2.0, 8.0], "value_score": [3.0, 4.6, 2.8, 4.2],
})


def close(actual, expected, tol=1e-12):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


def test_entry_points_new_community_high_flow_low_cost_first():
    r = rank_entry_points(entry_points=ENTRIES)
    # percentile ranks: flow E1 1, E3 .75, E2 .5, E4 .25; low cost E1 1, E3 .75, E4 .5, E2 .25;
    # value E2 1, E4 .75, E1 .5, E3 .25. New: .5 flow + .3 low cost + .2 value
    # E1 .9, E3 .65, E2 .525, E4 .425
    assert r["entry_id"].tolist() == ["E1", "E3", "E2", "E4"]
    close(r["score"], [0.9, 0.65, 0.525, 0.425])
    assert r["advice"].tolist() == ["enter_first", "enter_first", "high_value_later", "high_value_later"]
    assert r["stage"].unique().tolist() == ["new"] and r["rank"].tolist() == [1, 2, 3, 4]


def test_entry_points_established_community_high_value_first():
    events = pd.DataFrame({"event_id": ["V1", "V2", "V3"], "community_id": "C1"})
    r = rank_entry_points(entry_points=ENTRIES, events=events)
    # three events → established: .2 flow + .2 low cost + .6 value: E2 .75, E1 .7, E4 .6, E3 .45;
    # E3 is in the top third for flow and cost → keep_flow
    assert r["stage"].unique().tolist() == ["established"] and r["events"].unique().tolist() == [3]
    assert r["entry_id"].tolist() == ["E2", "E1", "E4", "E3"]
    assert r["advice"].tolist() == ["deepen", "deepen", "optional", "keep_flow"]
    assert rank_entry_points(entry_points=ENTRIES, events=events, min_events=4)["stage"].unique().tolist() == ["new"]
    # the same from a data set holding both tables
    pd.testing.assert_frame_equal(rank_entry_points({"entry_points": ENTRIES, "events": events}), r)
    assert ESTABLISHED_EVENTS == 3


def test_entry_points_empty_and_bad_stage():
    assert rank_entry_points(entry_points=ENTRIES.iloc[0:0]).empty
    with pytest.raises(ParameterError, match="stage"):
        rank_entry_points(entry_points=ENTRIES, stage="old")
    with pytest.raises(ParameterError, match="min_events"):
        rank_entry_points(entry_points=ENTRIES, min_events=2.5)


def test_docstring_examples_run():
    result = doctest.testmod(entry_points, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
