"""Tests of analysis.plots.surveys: the house charts of the surveys domain."""

from __future__ import annotations

import doctest

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import plots
from analysis.errors import ParameterError
from analysis.plots import surveys as survey_plots
from analysis.surveys import response_counts


def test_responses_over_time_draws_one_bar_per_week_with_a_translated_title():
    r = pd.DataFrame({"response_id": ["R1", "R2", "R3"],
                      "submitted_at": pd.to_datetime(["2026-09-03", "2026-09-04", "2026-09-17"])})
    weeks = response_counts(r, "week")  # 08-31, 09-07 (no sheet), 09-14
    ax = plots.responses_over_time(weeks, title="title.surveys_weekly", language="en")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["08-31", "09-07", "09-14"]
    assert [float(p.get_height()) for p in ax.patches] == [2.0, 0.0, 1.0]
    assert ax.get_title(loc="left") == "Answer sheets per week"
    plt.close(ax.figure)
    with pytest.raises(ParameterError, match="by 'week' or 'date'"):
        plots.responses_over_time(response_counts(r, "response_id"))


def test_docstring_examples_run():
    result = doctest.testmod(survey_plots, optionflags=doctest.NORMALIZE_WHITESPACE)
    plt.close("all")
    assert result.failed == 0 and result.attempted > 0
