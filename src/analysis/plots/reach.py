"""House charts of the reach domain (they take an ``ax`` and return it)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import rules

__all__ = ["plot_reach_over_months", "plot_weekly_quota"]


def plot_reach_over_months(table: pd.DataFrame, ax=None, title: str | None = "title.reach_over_months",
                           grid: float = rules.GRID_TOUCH_PEAK, smart: float = rules.SMART_COMMUNITY_OPENING,
                           language: str = "zh"):
    """One line per community: cumulative reach at each month's end (:func:`analysis.reach.penetration_by_month`),
    with the 35% grid peak and the 95% smart-community level as dashed lines.

    Returns
    -------
    matplotlib.axes.Axes
        One Line2D per community with gid ``'reach:<community_id>'``; the benchmark lines have gids
        ``'grid'`` and ``'smart'``.
    """
    from analysis.plots.core import (CATEGORICAL, PALETTE, _apply_fonts, _check_ax, _check_frame, _get_ax, _no_data,
                                     _style_axes, _title, house_style, percent_axis)
    from analysis.report.labels import LABELS, check_language, label

    func = "plot_reach_over_months"
    check_language(language)
    _check_ax(ax, func)
    _check_frame(table, func, community_id="community_id", month="month", rate="rate")
    title = label(title, language) if isinstance(title, str) and title in LABELS else title
    with house_style():
        ax = _get_ax(ax)
        if not len(table):
            ax = _no_data(ax, title)
            if language != "zh":
                for t in ax.texts:
                    t.set_text(label("reach.no_data", language))
            return ax
        for i, (cid, g) in enumerate(table.groupby("community_id", sort=True)):
            g = g.sort_values("month", kind="stable")
            ax.plot(g["month"], g["rate"].to_numpy(dtype=float), marker="o", linewidth=1.6,
                    color=CATEGORICAL[i % len(CATEGORICAL)], label=str(cid), gid=f"reach:{cid}")
        ax.axhline(grid, color=PALETTE["red"], linestyle="--", linewidth=1.2, gid="grid", label=label("reach.grid", language))
        ax.axhline(smart, color=PALETTE["grey"], linestyle="--", linewidth=1.2, gid="smart",
                   label=label("reach.smart", language))
        ax.set_ylim(0, 1.0)
        ax.legend(loc="upper left", fontsize=8, ncol=2)
        _style_axes(ax, grid="y")
        percent_axis(ax, "y")
        ax.tick_params(axis="x", labelrotation=30)
        _title(ax, title)
        _apply_fonts(ax)
    return ax


def plot_weekly_quota(table: pd.DataFrame, ax=None, title: str | None = "title.reach_weekly_quota",
                      language: str = "zh"):
    """Bars of the accounts of each campaign week (:func:`analysis.reach.weekly_quota`) against the quota line.

    Returns
    -------
    matplotlib.axes.Axes
        The bars are ``ax.containers[0]`` (one per week row, heights = accounts); the quota is a step line with
        gid ``'quota'``.
    """
    from analysis.plots.core import (PALETTE, _apply_fonts, _check_ax, _check_frame, _get_ax, _no_data, _style_axes,
                                     _title, house_style)
    from analysis.report.labels import LABELS, check_language, label

    func = "plot_weekly_quota"
    check_language(language)
    _check_ax(ax, func)
    _check_frame(table, func, campaign="campaign", week_no="week_no", quota="quota", accounts="accounts")
    title = label(title, language) if isinstance(title, str) and title in LABELS else title
    with house_style():
        ax = _get_ax(ax)
        if not len(table):
            ax = _no_data(ax, title)
            if language != "zh":
                for t in ax.texts:
                    t.set_text(label("reach.no_data", language))
            return ax
        pos = np.arange(len(table))
        names = [f"{c} W{int(w)}" for c, w in zip(table["campaign"], table["week_no"])]
        behind = table["accounts"].to_numpy() < table["quota"].to_numpy()
        ax.bar(pos, table["accounts"].to_numpy(dtype=float), color=np.where(behind, PALETTE["red"], PALETTE["blue"]))
        ax.step(np.append(pos - 0.5, pos[-1] + 0.5), np.append(table["quota"].to_numpy(dtype=float),
                                                                float(table["quota"].iloc[-1])),
                where="post", color=PALETTE["dark"], linestyle="--", gid="quota", label=label("reach.quota", language))
        for x, v in zip(pos, table["accounts"].to_numpy()):
            ax.annotate(f"{int(v)}", xy=(x, v), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
        ax.set_xticks(pos, labels=names)
        ax.legend(loc="lower left")
        _style_axes(ax, grid="y")
        _title(ax, title)
        _apply_fonts(ax)
    return ax
