"""Tests of analysis.plots.followup: the Kaplan–Meier chart of the time to a win."""

from __future__ import annotations

import numpy as np
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


def test_plot_compliance_by_clock_draws_each_rule_on_both_clocks():
    import re

    from analysis.followup import compliance_by_clock

    leads = pd.DataFrame({"captured_at": pd.to_datetime(["2026-10-16 15:00", "2026-10-19 10:00"]),
                          "first_contact_at": pd.to_datetime(["2026-10-19 09:00", "2026-10-19 12:00"]),
                          "closed_at": pd.to_datetime(["2026-10-19 12:00", "2026-10-19 13:00"]),
                          "outcome": ["lost", "won"]})
    t = compliance_by_clock(leads, as_of="2026-10-30 12:00")
    ax = plots.plot_compliance_by_clock(t, language="en")
    bars = {p.get_gid(): p.get_width() for p in ax.patches if p.get_gid()}
    # first contact: Friday lead 66 calendar hours (late), 18 working hours (met); Monday lead 2 h: 1/2 and 2/2
    assert bars == {"clock:calendar:first_contact_24h": 0.5, "clock:calendar:resolved_72h": 1.0,
                    "clock:working:first_contact_24h": 1.0, "clock:working:resolved_72h": 1.0}
    texts = [ax.get_title(loc="left")] + [t.get_text() for t in ax.get_legend().get_texts()] + \
        [t.get_text() for t in ax.get_yticklabels()]
    assert texts[:3] == ["24/72 compliance on both clocks", "Calendar hours", "Working-day hours"]
    assert not any(re.search(r"[\u4e00-\u9fff]", t) for t in texts)
    assert plots.plot_compliance_by_clock(t.iloc[0:0]).texts[0].get_text() == "无数据"
