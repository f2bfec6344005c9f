"""Charts of a branch with many events: at most rules.CHART_EVENTS bars or lanes, the latest, with a caption."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import events as E
from analysis import plots, rules, scope
from analysis.errors import ParameterError
from analysis.sample import make_sample

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _bars(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


# five events written out of date order; the three latest starts are E2 (07-05), E4 (07-04) and E5 (07-03)
FIVE = pd.DataFrame({
    "event_label": ["E1", "E2", "E3", "E4", "E5"],
    "starts_at": pd.to_datetime(["2026-07-01 14:00", "2026-07-05 14:00", "2026-07-02 14:00", "2026-07-04 14:00",
                                 "2026-07-03 14:00"]),
    "rate": [0.5, 0.6, 0.7, 0.8, 0.9], "ci_low": [0.3, 0.4, 0.5, 0.6, 0.7], "ci_high": [0.7, 0.8, 0.9, 0.95, 0.99]})


def test_stranger_bars_keep_the_latest_events_in_the_data_order_with_a_caption_in_both_languages():
    en = plots.stranger_ratio_bars(FIVE, most=3, language="en", title="title.stranger_by_event")
    assert sorted(_bars(en)) == ["E2", "E4", "E5"]  # the 3 latest starts, not the first 3 rows
    assert en.get_title(loc="right") == "Showing the latest 3 of 5 events"
    assert en.get_title(loc="left") == "Stranger ratio per event"
    assert not CJK.search(en.get_title(loc="right"))
    zh = plots.stranger_ratio_bars(FIVE, most=3, language="zh")
    assert sorted(_bars(zh)) == ["E2", "E4", "E5"]
    assert zh.get_title(loc="right") == "只画出最近的 3 场（共 5 场活动）"


def test_stranger_bars_draw_every_row_and_no_caption_up_to_the_cap():
    ax = plots.stranger_ratio_bars(FIVE, most=5, language="en")
    assert sorted(_bars(ax)) == ["E1", "E2", "E3", "E4", "E5"]
    assert ax.get_title(loc="right") == ""


def test_monthly_bars_keep_the_latest_months():
    monthly = pd.DataFrame({"month": pd.to_datetime(["2026-05-01", "2026-06-01", "2026-07-01"]),
                            "rate": [0.5, 0.6, 0.7], "ci_low": [0.3, 0.4, 0.5], "ci_high": [0.7, 0.8, 0.9]})
    ax = plots.stranger_ratio_bars(monthly, label="month", most=2, language="en")
    assert sorted(_bars(ax)) == ["2026-06", "2026-07"]
    assert ax.get_title(loc="right") == "Showing 2 of 3"


def test_arrivals_chart_draws_the_lanes_of_the_latest_events():
    # four events; their last arrivals: A 07-01 14:30, B 07-03 10:20, C 07-02 09:10, D 07-04 15:00
    t = pd.DataFrame({
        "event_id": ["A", "A", "B", "B", "C", "D"],
        "source": "walk_in",
        "arrived_at": pd.to_datetime(["2026-07-01 14:10", "2026-07-01 14:30", "2026-07-03 10:00",
                                      "2026-07-03 10:20", "2026-07-02 09:10", "2026-07-04 15:00"])})
    t = t.assign(clock=pd.Timestamp("2026-07-01") + (t["arrived_at"] - t["arrived_at"].dt.normalize()),
                 lane=t["event_id"])
    ax = plots.arrivals_chart(t, most=2, language="en")
    assert {x.get_text() for x in ax.get_yticklabels()} == {"B", "D"}
    assert ax.get_title(loc="right") == "Showing the latest 2 of 4 events"
    zh = plots.arrivals_chart(t, most=2, language="zh")
    assert zh.get_title(loc="right") == "只画出最近的 2 场（共 4 场活动）"
    every = plots.arrivals_chart(t, most=4, language="en")
    assert {x.get_text() for x in every.get_yticklabels()} == {"A", "B", "C", "D"}
    assert every.get_title(loc="right") == ""


@pytest.mark.parametrize("most", [0, -1, 2.5, True])
def test_a_cap_that_is_not_a_positive_whole_number_is_refused(most):
    with pytest.raises(ParameterError, match="most"):
        plots.stranger_ratio_bars(FIVE, most=most)
    with pytest.raises(ParameterError, match="most"):
        plots.arrivals_chart(pd.DataFrame({"event_id": ["A"], "clock": [pd.Timestamp("2026-07-01 10:00")],
                                           "lane": ["A"], "arrived_at": [pd.Timestamp("2026-07-01 10:00")]}),
                             most=most)


def test_the_sample_branches_charts_are_unchanged_by_the_default_cap():
    t = make_sample(0)
    n = t["events"].groupby("branch_id").size()
    assert n.max() <= rules.CHART_EVENTS  # the sample's 12 / 10 / 9 events per branch are all drawn
    ev = E.select_event(scope.for_branch(t, "B01", "", ""), "")
    fig = E.event_figures(ev)
    ax = plots.stranger_ratio_bars(fig, language="en")
    assert len(_bars(ax)) == len(fig) == n["B01"] and ax.get_title(loc="right") == ""
    lanes = plots.arrivals_chart(E.arrival_timeline(ev), language="en")
    assert len(lanes.get_yticklabels()) == E.arrival_timeline(ev)["lane"].nunique()
    assert lanes.get_title(loc="right") == ""
