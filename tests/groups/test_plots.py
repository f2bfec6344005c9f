"""Tests of analysis.plots.groups: the size-activity scatter and the calendar's rate ratios."""

from __future__ import annotations

import doctest

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from analysis import plots  # noqa: E402


def test_docstring_examples_run():
    import analysis.plots.groups as module

    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
    plt.close("all")


def test_plot_size_activity_draws_one_series_per_tier(sample_results):
    health = sample_results["group_health"]
    fig, ax = plt.subplots()
    out = plots.size_activity(health, ax=ax, language="zh")
    assert out is ax
    gids = sorted(line.get_gid() for line in ax.get_lines())
    assert gids == ["size:elite", "size:mass", "size:potential", "small_size"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["大众群", "潜在客户群", "精英群"]
    assert ax.get_xscale() == "log"
    plt.close(fig)
    fig, ax = plt.subplots()
    plots.size_activity(health.iloc[:0], ax=ax)
    assert [t.get_text() for t in ax.texts] == ["无数据"]
    plt.close(fig)


def test_plot_size_activity_in_english(sample_results):
    fig, ax = plt.subplots()
    plots.size_activity(sample_results["group_health"], ax=ax, language="en", title="title.groups_size")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Mass group", "Potential-customer group",
                                                                    "Elite group"]
    assert ax.get_xlabel() == "Members (log scale)" and ax.get_ylabel() == "Share who posted"
    assert ax.get_title(loc="left") == "Group size and weekly share of members posting"
    plt.close(fig)
    fig, ax = plt.subplots()
    plots.size_activity(sample_results["group_health"].iloc[:0], ax=ax, language="en")
    assert [t.get_text() for t in ax.texts] == ["No data"]
    plt.close(fig)
    with pytest.raises(Exception, match="language"):
        plots.size_activity(sample_results["group_health"], language="fr")


def test_calendar_ratios_translates_terms_and_the_reference(sample_results):
    fit = sample_results["content_calendar"]
    fig, ax = plt.subplots()
    plots.calendar_ratios(fit, "weekday", ax=ax, language="en", title="title.groups_weekday_ratios")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:2] == ["Monday", "Tuesday"] and len(labels) == 7
    assert "Monday = 1" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)
    fig, ax = plt.subplots()
    plots.calendar_ratios(fit, "sop", ax=ax, language="zh")
    assert "其他日 = 1" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)


def test_calendar_ratios_without_data_says_so_in_the_language(sample_results):
    fig, ax = plt.subplots()
    plots.calendar_ratios(sample_results["content_calendar"].iloc[:0], ax=ax, language="en")
    assert [t.get_text() for t in ax.texts] == ["No data"]
    plt.close(fig)


def test_time_to_pull_draws_the_curve_and_the_one_day_mark(sample_results):
    import numpy as np

    curve = sample_results["pull_curve"]
    fig, ax = plt.subplots()
    out = plots.time_to_pull(curve, ax=ax, title="title.groups_pull_curve", language="en")
    assert out is ax
    line = next(l for l in ax.get_lines() if l.get_gid() == "pull_curve")
    mark = next(l for l in ax.get_lines() if l.get_gid() == "pull_mark")
    assert mark.get_xdata()[0] == 24.0 and ax.get_xlim() == (0.0, 240.0)
    # the step line follows the curve up to 240 hours and keeps its last level to the edge
    inside = curve[curve["hours"] < 240]
    np.testing.assert_allclose(line.get_ydata()[:-1], inside["rate"].to_numpy())
    assert ax.get_title(loc="left") == "Share of askers pulled out, by time since the question"
    assert ax.get_legend().get_texts()[0].get_text() == f"Askers ({int(curve['askers'].iloc[0])})"
    fig2, ax2 = plt.subplots()
    plots.time_to_pull(curve.iloc[:0], ax=ax2, language="en")
    assert [t.get_text() for t in ax2.texts] == ["No data"]
    with pytest.raises(Exception):
        plots.time_to_pull(curve.drop(columns="rate"), language="en")
    plt.close("all")
