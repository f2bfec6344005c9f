"""The uplift chart: assertions on the Axes, not on images."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import plots
from analysis.errors import ParameterError


@pytest.fixture
def curves():
    return pd.DataFrame({"channel": ["event", "event", "campaign"], "time": [30.0, 61.0, 30.0],
                         "survival": [0.8, 0.6, 0.75], "ci_low": [0.5, 0.3, 0.4], "ci_high": [1.0, 0.9, 1.0],
                         "customers": [6, 6, 4]})


def test_one_step_line_per_channel_from_100_percent(curves):
    ax = plots.plot_time_to_churn(curves, language="zh")
    lines = {l.get_gid(): l for l in ax.get_lines() if l.get_gid()}
    assert set(lines) == {"km:event", "km:campaign"}
    assert list(lines["km:event"].get_ydata())[:3] == [1.0, 0.8, 0.6]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["活动（6 人）", "批量获客项目（4 人）"]
    assert ax.get_title(loc="left") == "新客户仍持有资产的比例"
    plt.close(ax.figure)


def test_english_labels_and_the_empty_chart(curves):
    ax = plots.plot_time_to_churn(curves, language="en")
    assert ax.get_xlabel() == "Days since acquisition" and ax.get_legend().get_texts()[1].get_text() == "Campaign (4)"
    plt.close(ax.figure)
    ax = plots.plot_time_to_churn(curves.iloc[:0], language="en")
    assert [t.get_text() for t in ax.texts] == ["No data"]
    plt.close(ax.figure)


def test_missing_columns_are_refused(curves):
    with pytest.raises(ParameterError):
        plots.plot_time_to_churn(curves.drop(columns="survival"))
