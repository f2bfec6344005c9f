"""House charts of the groups domain (they take an ``ax`` and return it).

- :func:`size_activity` — active share against group size, one point per group and period, by tier;
- :func:`calendar_ratios` — the rate ratios of one model of :func:`analysis.groups.content_calendar`.

Labels, legends and titles come from the report's label dictionary in ``language``.
"""

from __future__ import annotations

import pandas as pd

from analysis import rules
from analysis.errors import ParameterError
from analysis.plots import core as _p
from analysis.schemas import TIERS

__all__ = ["size_activity", "calendar_ratios"]

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
