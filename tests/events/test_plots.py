"""Tests of analysis.plots.events: the charts of the events report, in both languages (asserted on the Axes)."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from analysis import events as E
from analysis import plots

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(ax) -> list[str]:
    texts = [ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
    texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.texts]
    legend = ax.get_legend()
    if legend is not None:
        texts += [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t]


def test_stranger_ratio_bars_by_source_in_both_languages(salon):
    by_source = E.stranger_ratio(E.attendance_chain(salon), by="derived_source")
    en = plots.stranger_ratio_bars(by_source, label="derived_source", language="en", title="title.stranger_by_source")
    assert [t.get_text() for t in en.get_yticklabels()] == ["Brought along", "Partner invitation", "Staff invitation",
                                                            "Walk-in"]
    assert en.get_title(loc="left") == "Stranger ratio by how people came"
    assert "Standard 70%" in _texts(en)
    assert not any(CJK.search(t) for t in _texts(en))
    zh = plots.stranger_ratio_bars(by_source, label="derived_source", language="zh", title="title.stranger_by_source")
    assert "标准 70%" in _texts(zh) and zh.get_title(loc="left") == "按来源的陌生客户占比"


def test_stranger_ratio_bars_per_event_and_per_month(salon, both):
    head = E.event_figures(salon)
    ax = plots.stranger_ratio_bars(head, standard=0.8, language="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["B01-E03 家庭关系"]  # the theme is a data value
    assert "Standard 80%" in _texts(ax)
    monthly = E.monthly_stranger_ratio(both)
    ax = plots.stranger_ratio_bars(monthly, label="month", language="en", title="title.stranger_by_month")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2026-07", "2026-08"]


def test_arrivals_chart_lanes_marks_and_axis(salon):
    ax = plots.arrivals_chart(E.arrival_timeline(salon), marks=E.timeline_marks(salon["events"], "en"),
                              title="title.arrivals", language="en")
    assert {t.get_text() for t in ax.get_yticklabels()} == {"Partner invitation", "Brought along",
                                                            "Staff invitation", "Walk-in"}
    assert ax.get_xlabel() == "Time of check-in (2026-07-18)"
    assert {"Start", "End"} <= set(_texts(ax)) and ax.get_title(loc="left") == "Arrivals"
    assert not any(CJK.search(t) for t in _texts(ax))
    zh = plots.arrivals_chart(E.arrival_timeline(salon), marks=E.timeline_marks(salon["events"]), language="zh")
    assert zh.get_xlabel() == "签到时刻 (2026-07-18)"


def test_quarter_bars_heights_and_labels(both):
    quarters = E.arrivals_by_quarter(both, pooled=True)
    ax = plots.quarter_bars(quarters, title="title.arrivals_per_quarter", language="en")
    assert [float(p.get_height()) for p in ax.patches] == [17, 14, 11, 1, 0, 0, 0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["-15", "0", "15", "30", "45", "60", "75"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Minutes from the start", "Arrivals")
    assert not any(CJK.search(t) for t in _texts(ax))
    per_event = E.arrivals_by_quarter(both)
    ax = plots.quarter_bars(per_event, language="zh")
    assert sum(float(p.get_height()) for p in ax.patches) == 38 + 5  # hand: 38 at the salon, 5 people at E1
    assert ax.get_ylabel() == "到场人次"


def test_the_charts_are_listed_in_plots():
    assert {"stranger_ratio_bars", "arrivals_chart", "quarter_bars"} <= set(plots.__all__)


def test_arrivals_chart_of_several_events_shows_no_date(both):
    ax = plots.arrivals_chart(E.arrival_timeline(both), language="en")
    assert ax.get_xlabel() == "Time of check-in"  # the events share one clock, not one day
