"""House charts of the followup domain (they take an ``ax`` and return it)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import rules

__all__ = ["plot_time_to_win", "plot_compliance_by_clock"]

#: The contact-delay bands in chart order (as :data:`analysis.followup.BANDS`; not imported, so that
#: the charts do not depend on the domain package).
_BANDS = ("le_24h", "24_72h", "gt_72h", "never")


def plot_time_to_win(curves: pd.DataFrame, ax=None, labels: dict | None = None, title: str | None = None,
                     marks: Sequence[float] = (rules.CONTACT_HOURS, rules.RESOLVE_HOURS), interval: bool = True,
                     xlabel: str = "axis.hours_since_capture", language: str = "zh"):
    """Step chart of the Kaplan–Meier win curves of :func:`analysis.followup.time_to_win`, one line per band.

    Parameters
    ----------
    curves : pandas.DataFrame
        The output of :func:`~analysis.followup.time_to_win` (``delay_band``, ``hours``, ``rate``,
        ``ci_low``, ``ci_high``, ``leads``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure only when None.
    labels : dict, optional
        Band code → legend text (default: the band's label in ``language``).
    title : str, optional
        A label key (``"title.time_to_win"``) or the text itself.
    marks : sequence of float, default (24, 72) (:data:`analysis.rules.CONTACT_HOURS`, :data:`analysis.rules.RESOLVE_HOURS`)
        Hours marked with a dashed vertical line.
    interval : bool, default True
        Shade the pointwise interval.
    xlabel : str, default "axis.hours_since_capture"
        Label key (or text) of the time axis (``"axis.hours_since_contact"`` for curves with
        ``origin="contact"``).
    language : {"zh", "en"}, default "zh"
        Language of the legend, the axis labels, the marks and a title given as a label key.

    Returns
    -------
    matplotlib.axes.Axes
        One Line2D per band with gid ``'km:<band>'``; the y axis in percent.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"delay_band": ["le_24h"] * 2, "hours": [0.0, 10.0], "leads": [2, 2],
    ...                   "rate": [0.0, 0.5], "ci_low": [0.0, 0.1], "ci_high": [0.0, 0.9]})
    >>> ax = plot_time_to_win(c, language="en")
    >>> [l.get_gid() for l in ax.get_lines() if l.get_gid()], ax.get_legend().get_texts()[0].get_text()
    (['km:le_24h'], '≤ 24 h (2 leads)')
    """
    from analysis.plots.core import (CATEGORICAL, PALETTE, _apply_fonts, _check_ax, _check_frame, _get_ax, _no_data,
                                     _style_axes, _title, house_style, percent_axis)
    from analysis.report.labels import LABELS, check_language, label

    func = "plot_time_to_win"
    check_language(language)
    _check_ax(ax, func)
    _check_frame(curves, func, delay_band="delay_band", hours="hours", rate="rate", ci_low="ci_low",
                 ci_high="ci_high")

    def text(key):
        return label(key, language) if isinstance(key, str) and key in LABELS else key

    names = {b: label(b, language) for b in _BANDS} | dict(labels or {})
    title = text(title)
    with house_style():
        ax = _get_ax(ax)
        if len(curves) == 0:
            ax = _no_data(ax, title)
            if language != "zh":
                for t in ax.texts:
                    t.set_text(label("followup.plot.no_data", language))
            return ax
        present = [b for b in _BANDS if b in set(curves["delay_band"])]
        present += [b for b in pd.unique(curves["delay_band"]) if b not in present]
        xmax = float(curves["hours"].max())
        for i, band in enumerate(present):
            c = curves.loc[(curves["delay_band"] == band).to_numpy()].sort_values("hours", kind="stable")
            x = np.append(c["hours"].to_numpy(dtype=float), max(xmax, 1.0))
            y = np.append(c["rate"].to_numpy(dtype=float), c["rate"].iloc[-1])
            color = CATEGORICAL[i % len(CATEGORICAL)]
            name = names.get(band, band)
            if "leads" in c.columns:
                name = label("followup.plot.band_leads", language).format(band=name, n=int(c["leads"].iloc[0]))
            ax.step(x, y, where="post", color=color, linewidth=1.8, label=name, gid=f"km:{band}")
            if interval:
                lo = np.append(c["ci_low"].to_numpy(dtype=float), c["ci_low"].iloc[-1])
                hi = np.append(c["ci_high"].to_numpy(dtype=float), c["ci_high"].iloc[-1])
                ax.fill_between(x, lo, hi, step="post", color=color, alpha=0.12, linewidth=0)
        for m in marks:
            ax.axvline(float(m), color=PALETTE["grey"], linestyle="--", linewidth=1.0, zorder=1)
            ax.annotate(label("followup.plot.hours_mark", language).format(hours=f"{m:g}"), xy=(float(m), 1.0),
                        xycoords=("data", "axes fraction"), xytext=(3, -3), textcoords="offset points",
                        ha="left", va="top", fontsize=8, color=PALETTE["grey"])
        ax.set_xlim(0, max(xmax, 1.0))
        top = min(1.0, max(0.05, float(np.nanmax(curves["ci_high"].to_numpy(dtype=float))) * 1.1))
        ax.set_ylim(-0.02 * top, top)  # a little room below 0: a band that never wins stays visible
        ax.set_xlabel(text(xlabel))
        ax.set_ylabel(label("axis.cumulative_win_rate", language))
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.92))
        _style_axes(ax, grid="y")
        percent_axis(ax, "y")
        _title(ax, title)
        _apply_fonts(ax)
    return ax


_RULES = ("first_contact_24h", "resolved_72h")
_TIMINGS = ("calendar", "working")


def plot_compliance_by_clock(table: pd.DataFrame, ax=None, title: str | None = "title.compliance_by_clock",
                             target: float = rules.COMPLIANCE_TARGET, language: str = "zh"):
    """Horizontal bars of 24/72 compliance on both clocks (:func:`analysis.followup.compliance_by_clock`).

    One group of two bars per rule — calendar hours and working-day hours — each with its interval as a
    whisker, and a dashed line at the target.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`~analysis.followup.compliance_by_clock` without ``by`` (``timing``, ``rule``, ``rate``,
        ``ci_low``, ``ci_high``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        A label key or the text.
    target : float, default :data:`analysis.rules.COMPLIANCE_TARGET` (1.0)
    language : {"zh", "en"}

    Returns
    -------
    matplotlib.axes.Axes
        Bars with gid ``'clock:<timing>:<rule>'``; the x axis in percent.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"timing": ["calendar", "calendar", "working", "working"],
    ...                   "rule": ["first_contact_24h", "resolved_72h"] * 2, "rate": [0.4, 0.3, 0.6, 0.4],
    ...                   "ci_low": [0.3, 0.2, 0.5, 0.3], "ci_high": [0.5, 0.4, 0.7, 0.5]})
    >>> ax = plot_compliance_by_clock(t, language="en")
    >>> sorted(p.get_gid() for p in ax.patches if p.get_gid())[:2]
    ['clock:calendar:first_contact_24h', 'clock:calendar:resolved_72h']
    """
    from analysis.plots.core import (CATEGORICAL, PALETTE, _apply_fonts, _check_ax, _check_frame, _get_ax, _no_data,
                                     _style_axes, _title, house_style, percent_axis)
    from analysis.report.labels import LABELS, check_language, label, value_label

    func = "plot_compliance_by_clock"
    check_language(language)
    _check_ax(ax, func)
    _check_frame(table, func, timing="timing", rule="rule", rate="rate", ci_low="ci_low", ci_high="ci_high")
    title = label(title, language) if isinstance(title, str) and title in LABELS else title
    with house_style():
        ax = _get_ax(ax)
        if len(table) == 0 or table["rate"].isna().all():
            ax = _no_data(ax, title)
            if language != "zh":
                for t in ax.texts:
                    t.set_text(label("followup.plot.no_data", language))
            return ax
        height = 0.38
        for j, timing in enumerate(_TIMINGS):
            rows = table.loc[(table["timing"] == timing).to_numpy()].set_index("rule")
            for i, rule in enumerate(_RULES):
                if rule not in rows.index:
                    continue
                r = rows.loc[rule]
                y = i + (j - 0.5) * height
                rate = 0.0 if pd.isna(r["rate"]) else float(r["rate"])
                bar = ax.barh(y, rate, height=height * 0.9, color=CATEGORICAL[j % len(CATEGORICAL)],
                              label=value_label(timing, language, column="timing") if i == 0 else None)
                bar.patches[0].set_gid(f"clock:{timing}:{rule}")
                if pd.notna(r["ci_low"]) and pd.notna(r["ci_high"]):
                    ax.errorbar(rate, y, xerr=[[rate - float(r["ci_low"])], [float(r["ci_high"]) - rate]],
                                fmt="none", ecolor=PALETTE["grey"], capsize=3, linewidth=1)
        ax.axvline(float(target), color=PALETTE["grey"], linestyle="--", linewidth=1.0)
        ax.set_yticks(range(len(_RULES)), [label(r, language) for r in _RULES])
        ax.invert_yaxis()
        ax.set_xlim(0, 1.05)
        ax.legend(loc="lower right")
        _style_axes(ax, grid="x")
        percent_axis(ax, "x")
        _title(ax, title)
        _apply_fonts(ax)
    return ax
