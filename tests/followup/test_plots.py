"""Tests of analysis.plots.followup: the Kaplan–Meier chart of the time to a win."""

from __future__ import annotations

import pandas as pd

from analysis import plots
from analysis.followup import time_to_win
from analysis.schemas import empty_frame

TOL = 1e-9  # R printed with 15 significant digits
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00 (the fixtures are in conftest.py)


def h(hours):
    """T0 + hours (None stays missing)."""
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_plot_time_to_win_draws_one_step_line_per_band(leads):
    import matplotlib

    matplotlib.use("Agg")
    km = time_to_win(leads, as_of=AS_OF)
    ax = plots.plot_time_to_win(km, title="成交曲线")
    gids = [line.get_gid() for line in ax.get_lines() if (line.get_gid() or "").startswith("km:")]
    assert gids == [f"km:{b}" for b in ["le_24h", "24_72h", "gt_72h", "never"]]
    assert ax.get_legend().get_texts()[0].get_text() == "≤24小时（5条）"
    assert ax.get_title(loc="left") == "成交曲线"
    empty = plots.plot_time_to_win(time_to_win(empty_frame("leads")))
    assert [t.get_text() for t in empty.texts] == ["无数据"]




def test_plot_time_to_win_in_english(leads):
    import re

    km = time_to_win(leads, as_of=AS_OF)
    ax = plots.plot_time_to_win(km, title="title.time_to_win", language="en")
    texts = [t.get_text() for t in ax.get_legend().get_texts()] + [ax.get_title(loc="left"), ax.get_xlabel(),
                                                                   ax.get_ylabel()] + [t.get_text() for t in ax.texts]
    assert texts[0] == "≤ 24 h (5 leads)" and ax.get_title(loc="left") == "Time to win, by contact delay"
    assert ax.get_xlabel() == "Hours since the lead was captured" and "24 h" in texts
    assert not any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), texts
    zh = plots.plot_time_to_win(km, title="title.time_to_win", xlabel="axis.hours_since_contact")
    assert zh.get_title(loc="left") == "累计成交概率（按首次联系时效）" and zh.get_xlabel() == "距首次联系的小时数"
    empty = plots.plot_time_to_win(time_to_win(empty_frame("leads")), language="en")
    assert [t.get_text() for t in empty.texts] == ["No data"]
    assert "plot_time_to_win" in plots.__all__
