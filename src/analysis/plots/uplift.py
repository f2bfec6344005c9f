"""House charts of the uplift domain (they take an ``ax`` and return it)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["plot_time_to_churn"]

#: The acquisition channels in chart order (as :data:`analysis.uplift.ACQUISITION_CHANNELS`; not imported, so that
#: the charts do not depend on the domain package).
_CHANNELS = ("event", "group", "campaign", "referral")


def plot_time_to_churn(curves: pd.DataFrame, ax=None, title: str | None = "title.time_to_churn", interval: bool = True,
                       language: str = "zh"):
    """Step chart of the Kaplan–Meier curves of :func:`analysis.uplift.time_to_churn`: share still holding assets.

    Parameters
    ----------
    curves : pandas.DataFrame
        The output of :func:`~analysis.uplift.time_to_churn` (``channel``, ``time``, ``survival``, ``ci_low``,
        ``ci_high``, ``customers``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure only when None.
    title : str, optional
        A label key or the text itself.
    interval : bool, default True
        Shade the pointwise interval.
    language : {"zh", "en"}, default "zh"

    Returns
    -------
    matplotlib.axes.Axes
        One Line2D per channel with gid ``'km:<channel>'`` starting at 100% on day 0; the y axis in percent.

    Examples
    --------
    >>> c = pd.DataFrame({"channel": ["event"] * 2, "time": [30.0, 60.0], "survival": [0.9, 0.8],
    ...                   "ci_low": [0.7, 0.6], "ci_high": [1.0, 0.95], "customers": [10, 10]})
    >>> ax = plot_time_to_churn(c, language="en")
    >>> [l.get_gid() for l in ax.get_lines() if l.get_gid()], ax.get_legend().get_texts()[0].get_text()
    (['km:event'], 'Event (10)')
    """
    from analysis.plots.core import (CATEGORICAL, _apply_fonts, _check_ax, _check_frame, _get_ax, _no_data,
                                     _style_axes, _title, house_style, percent_axis)
    from analysis.report.labels import LABELS, check_language, label, value_label

    func = "plot_time_to_churn"
    check_language(language)
    _check_ax(ax, func)
    _check_frame(curves, func, channel="channel", time="time", survival="survival", ci_low="ci_low",
                 ci_high="ci_high")
    title = label(title, language) if isinstance(title, str) and title in LABELS else title
    with house_style():
        ax = _get_ax(ax)
        if len(curves) == 0:
            ax = _no_data(ax, title)
            for t in ax.texts:
                t.set_text(label("uplift.plot.no_data", language))
            return ax
        present = [c for c in _CHANNELS if c in set(curves["channel"])]
        present += [c for c in pd.unique(curves["channel"]) if c not in present]
        xmax = max(float(curves["time"].max()), 1.0)
        for i, ch in enumerate(present):
            c = curves.loc[(curves["channel"] == ch).to_numpy()].sort_values("time", kind="stable")
            x = np.concatenate([[0.0], c["time"].to_numpy(dtype=float), [xmax]])
            y = np.concatenate([[1.0], c["survival"].to_numpy(dtype=float), [c["survival"].iloc[-1]]])
            color = CATEGORICAL[i % len(CATEGORICAL)]
            name = value_label(ch, language, column="channel")
            if "customers" in c.columns:
                name = label("uplift.plot.channel_n", language).format(channel=name, n=int(c["customers"].iloc[0]))
            ax.step(x, y, where="post", color=color, linewidth=1.8, label=name, gid=f"km:{ch}")
            if interval:
                lo = np.concatenate([[1.0], c["ci_low"].to_numpy(dtype=float), [c["ci_low"].iloc[-1]]])
                hi = np.concatenate([[1.0], c["ci_high"].to_numpy(dtype=float), [c["ci_high"].iloc[-1]]])
                ax.fill_between(x, np.nan_to_num(lo, nan=0.0), hi, step="post", color=color, alpha=0.12, linewidth=0)
        ax.set_xlim(0, xmax)
        low = float(np.nanmin(curves["ci_low"].to_numpy(dtype=float))) if curves["ci_low"].notna().any() else 0.5
        ax.set_ylim(max(0.0, min(low, float(curves["survival"].min())) - 0.05), 1.02)
        ax.set_xlabel(label("axis.days_since_acquisition", language))
        ax.set_ylabel(label("axis.still_holding", language))
        ax.legend(loc="lower left")
        _style_axes(ax, grid="y")
        percent_axis(ax, "y")
        _title(ax, title)
        _apply_fonts(ax)
    return ax
