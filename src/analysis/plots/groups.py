"""House charts of the groups domain (they take an ``ax`` and return it).

- :func:`size_activity` — active share against group size, one point per group and period, by tier;
- :func:`calendar_ratios` — the rate ratios of one model of :func:`analysis.groups.content_calendar`;
- :func:`time_to_pull` — the share of askers pulled out of a mass group by time since the question.

Labels, legends and titles come from the report's label dictionary in ``language``.
"""

from __future__ import annotations

import pandas as pd

from analysis import rules
from analysis.errors import ParameterError
from analysis.plots import core as _p
from analysis.schemas import TIERS

__all__ = ["size_activity", "calendar_ratios", "time_to_pull"]

_TIER_COLOURS = {"mass": "light_blue", "potential": "teal", "elite": "blue"}  # keys of core.PALETTE


def _text(key_or_text, language: str):
    """A LABELS key as its text in ``language``; any other text (or None) as it is."""
    from analysis.report.labels import LABELS, label

    return label(key_or_text, language) if isinstance(key_or_text, str) and key_or_text in LABELS else key_or_text


def _translate_no_data(ax, language: str):
    """core's empty-chart text is Chinese only: say it in ``language``."""
    from analysis.report.labels import label

    if language != "zh":
        for t in ax.texts:
            if t.get_text() == _p._NO_DATA:
                t.set_text(label("plot.no_data", language))
    return ax


def _no_data(ax, title, language: str):
    return _translate_no_data(_p._no_data(ax, title), language)


def size_activity(health: pd.DataFrame, ax=None, small_size: int = rules.ELITE_SIZE, title: str | None = None,
                  language: str = "zh"):
    """Active share against group size, one point per group and period, coloured by tier.

    Parameters
    ----------
    health : DataFrame
        :func:`analysis.groups.group_health` rows (``tier``, ``members``, ``active_share``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure only when None.
    small_size : int, default 11
        Drawn as a dashed vertical line (:data:`analysis.rules.ELITE_SIZE`).
    title : str, optional
        A label key (e.g. ``"title.groups_size"``) or a text.
    language : {"zh", "en"}, default "zh"
        Language of the legend, the axis labels and a title given as a key.

    Returns
    -------
    matplotlib.axes.Axes
        One Line2D per tier with gid ``'size:<tier>'``; the line at ``small_size`` has gid
        ``'small_size'``. The x axis is logarithmic (members), the y axis a percentage.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"tier": ["mass", "elite"], "members": [450, 11], "active_share": [0.02, 0.5]})
    >>> ax = size_activity(h, language="en")
    >>> sorted(l.get_gid() for l in ax.get_lines())
    ['size:elite', 'size:mass', 'small_size']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Mass group', 'Elite group']
    """
    from analysis.report.labels import check_language, label, value_label

    func = "size_activity"
    try:
        check_language(language)
    except ParameterError:
        raise ParameterError(f"{func}: language must be 'zh' or 'en', not {language!r}.") from None
    _p._check_ax(ax, func)
    _p._check_frame(health, func, tier="tier", members="members", active_share="active_share")
    title = _text(title, language)
    d = health[pd.to_numeric(health["members"], errors="coerce").fillna(0) > 0]
    d = d[d["active_share"].notna()]
    with _p.house_style():
        ax = _p._get_ax(ax)
        if d.empty:
            return _no_data(ax, title, language)
        for tier in (t for t in TIERS if (d["tier"] == t).any()):
            part = d[d["tier"] == tier]
            ax.plot(part["members"].to_numpy(dtype=float), part["active_share"].to_numpy(dtype=float), "o",
                    alpha=0.7, markersize=5, color=_p.PALETTE[_TIER_COLOURS[tier]],
                    label=value_label(tier, language, column="tier"), gid=f"size:{tier}")
        ax.axvline(small_size, color=_p.PALETTE["red"], linestyle="--", linewidth=1.2, gid="small_size")
        ax.set_xscale("log")
        ax.set_xlabel(label("axis.members_log", language))
        ax.set_ylabel(label("active_share", language))
        ax.set_ylim(0, min(1.0, float(d["active_share"].max()) * 1.1 + 0.02))
        ax.legend(loc="best")
        _p._style_axes(ax, grid="y")
        _p.percent_axis(ax, "y")
        _p._title(ax, title)
        _p._apply_fonts(ax)
    return ax


def calendar_ratios(fit: pd.DataFrame, model: str = "weekday", ax=None, title: str | None = None,
                    language: str = "zh"):
    """The rate ratios of one model of :func:`analysis.groups.content_calendar`, with intervals and the line at 1.

    Parameters
    ----------
    fit : DataFrame
        :func:`analysis.groups.content_calendar` (``model``, ``term``, ``reference``,
        ``estimate``, ``ci_low``, ``ci_high``).
    model : {"weekday", "sop"}, default "weekday"
        Weekdays against the reference weekday, or each planned kind on its SOP days against its
        other days.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        A label key (e.g. ``"title.groups_weekday_ratios"``) or a text.
    language : {"zh", "en"}, default "zh"

    Returns
    -------
    matplotlib.axes.Axes
        :func:`analysis.plots.interval_bars` of the model's rows (terms translated); the reference
        line at 1 is labelled "<reference> = 1" (e.g. "Monday = 1").

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"model": ["weekday"] * 2, "term": ["mon", "tue"], "reference": ["mon"] * 2,
    ...                   "estimate": [1.0, 1.5], "ci_low": [float("nan"), 1.1], "ci_high": [float("nan"), 2.0]})
    >>> ax = calendar_ratios(f, language="en")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Monday', 'Tuesday']
    """
    from analysis.report.labels import value_label

    func = "calendar_ratios"
    _p._check_frame(fit, func, model="model", term="term", reference="reference", estimate="estimate",
                    ci_low="ci_low", ci_high="ci_high")
    rows = fit[fit["model"] == model].reset_index(drop=True)
    refs = rows["reference"].dropna()
    ref = f"{value_label(refs.iloc[0], language, column='term')} = 1" if len(refs) else None
    ax = _p.interval_bars(rows, "term", "estimate", "ci_low", "ci_high", ax=ax, reference=1.0, reference_label=ref,
                          percent=False, title=title, language=language)
    return _translate_no_data(ax, language)


def time_to_pull(curve: pd.DataFrame, ax=None, mark_hours: float = rules.ASKER_PULL_HOURS, max_hours: float = 240.0,
                 title: str | None = None, language: str = "zh"):
    """Step chart of :func:`analysis.groups.pull_curve`: the share of askers pulled out, by hours since the question.

    Parameters
    ----------
    curve : DataFrame
        :func:`analysis.groups.pull_curve` (``hours``, ``rate``, ``ci_low``, ``ci_high``, ``askers``).
    ax : matplotlib.axes.Axes, optional
    mark_hours : float, default 24
        Drawn as a dashed vertical line ("within a day", :data:`analysis.rules.ASKER_PULL_HOURS`).
    max_hours : float, default 240
        The x axis ends here (ten days); later pulls are off the chart, the curve's level at the end is kept.
    title : str, optional
        A label key (e.g. ``"title.groups_pull_curve"``) or a text.
    language : {"zh", "en"}, default "zh"

    Returns
    -------
    matplotlib.axes.Axes
        One step line with gid ``'pull_curve'`` (its interval shaded) and the mark with gid ``'pull_mark'``;
        the y axis in percent.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"hours": [0.0, 1.0, 30.0], "rate": [0.0, 0.5, 0.75], "ci_low": [0.0, 0.2, 0.4],
    ...                   "ci_high": [0.0, 0.8, 0.95], "askers": [4, 4, 4]})
    >>> ax = time_to_pull(c, language="en")
    >>> sorted(l.get_gid() for l in ax.get_lines() if l.get_gid())
    ['pull_curve', 'pull_mark']
    >>> ax.get_xlabel()
    'Hours since the question'
    """
    import numpy as np

    from analysis.report.labels import check_language, label

    func = "time_to_pull"
    check_language(language)
    _p._check_ax(ax, func)
    _p._check_frame(curve, func, hours="hours", rate="rate", ci_low="ci_low", ci_high="ci_high")
    title = _text(title, language)
    with _p.house_style():
        ax = _p._get_ax(ax)
        if len(curve) == 0:
            return _no_data(ax, title, language)
        c = curve.sort_values("hours", kind="stable")
        x = np.minimum(c["hours"].to_numpy(dtype=float), max_hours)
        keep = np.concatenate([[True], x[1:] < max_hours]) if len(x) else x.astype(bool)
        x, y = np.append(x[keep], max_hours), c["rate"].to_numpy(dtype=float)[keep]
        lo, hi = c["ci_low"].to_numpy(dtype=float)[keep], c["ci_high"].to_numpy(dtype=float)[keep]
        y, lo, hi = np.append(y, y[-1]), np.append(lo, lo[-1]), np.append(hi, hi[-1])
        n = int(c["askers"].iloc[0]) if "askers" in c.columns else None
        name = label("plot.askers_n", language).format(n=n) if n is not None else None
        colour = _p.PALETTE["blue"]
        ax.step(x, y, where="post", color=colour, linewidth=1.8, label=name, gid="pull_curve")
        ax.fill_between(x, np.nan_to_num(lo), np.nan_to_num(hi, nan=1.0), step="post", color=colour, alpha=0.12,
                        linewidth=0)
        ax.axvline(float(mark_hours), color=_p.PALETTE["grey"], linestyle="--", linewidth=1.0, zorder=1,
                   gid="pull_mark")
        ax.annotate(label("plot.pull_mark", language).format(hours=f"{mark_hours:g}"), xy=(float(mark_hours), 1.0),
                    xycoords=("data", "axes fraction"), xytext=(3, -3), textcoords="offset points", ha="left",
                    va="top", fontsize=8, color=_p.PALETTE["grey"])
        ax.set_xlim(0, max_hours)
        ax.set_ylim(0, 1.0)
        ax.set_xlabel(label("axis.hours_since_question", language))
        ax.set_ylabel(label("axis.share_pulled", language))
        if name:
            ax.legend(loc="lower right")
        _p._style_axes(ax, grid="y")
        _p.percent_axis(ax, "y")
        _p._title(ax, title)
        _p._apply_fonts(ax)
    return ax
