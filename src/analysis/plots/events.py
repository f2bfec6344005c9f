"""House charts of the events domain (they take an ``ax`` and return it).

Each one draws a result of :mod:`analysis.events` with the generic charts of :mod:`analysis.plots.core`
and, with ``language="zh"`` or ``"en"``, translates category values, axis labels, the reference line
and a ``title`` that is a label key (``"title.stranger_by_event"``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from analysis import rules
from analysis.plots.core import PALETTE, _apply_fonts, bar, interval_bars, timeline

__all__ = ["stranger_ratio_bars", "arrivals_chart", "quarter_bars"]


def _label(key: str, language: str | None) -> str:
    from analysis.report import label

    return label(key, language or "zh")


def _check_most(most, func: str) -> int:
    from analysis.errors import ParameterError

    if isinstance(most, (bool, np.bool_)) or not isinstance(most, (int, np.integer)) or most < 1:
        raise ParameterError(f"{func}: most must be a whole number of at least 1, got {most!r}.")
    return int(most)


def _shown_caption(ax: Axes, shown: int, total: int, language: str | None, key: str = "events.chart_shown") -> None:
    """"Showing the N latest of M events" at the top right of a chart that leaves rows out."""
    from analysis.report import say

    ax.set_title(say(key, language or "zh", shown=shown, total=total), loc="right", fontsize=9,
                 color=PALETTE["grey"], pad=10)
    _apply_fonts(ax)


def _most_recent(data: pd.DataFrame, label: Hashable, most: int) -> pd.DataFrame:
    """The ``most`` latest rows (by ``starts_at``, else by a date ``label``; otherwise the first ``most``),
    in the data's order; every row when there are no more than ``most``."""
    if len(data) <= most:
        return data
    if "starts_at" in data.columns:
        when = data["starts_at"]
    elif pd.api.types.is_datetime64_any_dtype(data[label].dtype):
        when = data[label]
    else:
        return data.iloc[:most]
    t = pd.Series(pd.to_datetime(when).to_numpy(dtype="datetime64[ns]").view(np.int64))  # NaT: the oldest
    return data.iloc[np.sort(t.nlargest(most, keep="first").index.to_numpy())]


def stranger_ratio_bars(data: pd.DataFrame, label: Hashable = "event_label", ax: Axes | None = None,
                        standard: float = rules.STRANGER_RATIO_STANDARD, title: str | None = None,
                        language: str | None = None, most: int = rules.CHART_EVENTS) -> Axes:
    """The stranger ratio of each row with its interval against the standard (dashed red line).

    Parameters
    ----------
    data : pandas.DataFrame
        A result with ``rate``, ``ci_low``, ``ci_high`` and a ``label`` column:
        :func:`analysis.events.event_figures` (``event_label``),
        :func:`analysis.events.stranger_ratio` by a source or inviter, or
        :func:`analysis.events.monthly_stranger_ratio` (``month``, drawn as
        YYYY-MM).
    label : column name, default "event_label"
        Row names; coded values (``staff_invite`` …) are translated with ``language``.
    ax : matplotlib.axes.Axes, optional
    standard : float, default :data:`analysis.rules.STRANGER_RATIO_STANDARD` (0.70)
        The reference line, labelled "标准 70%" / "Standard 70%".
    title : str, optional
        A label key (``"title.stranger_by_event"``) or text.
    language : {"zh", "en"}, optional
        Translate values, the reference label and the title; None draws the data as given.
    most : int, default :data:`analysis.rules.CHART_EVENTS` (20)
        Draw at most this many rows: with more, the ``most`` latest (by ``starts_at``, else by a
        date ``label`` such as ``month``; otherwise the first ``most``), in the data's order, and a
        caption "showing N of M" at the top right. A readable chart of a branch with 2,000 events.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"derived_source": ["staff_invite", "walk_in"], "rate": [0.0, 1.0],
    ...                   "ci_low": [0.0, 0.34], "ci_high": [0.35, 1.0]})
    >>> ax = stranger_ratio_bars(r, label="derived_source", language="en", title="title.stranger_by_source")
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.get_title(loc="left")
    (['Staff invitation', 'Walk-in'], 'Stranger ratio by how people came')
    """
    from analysis.report import say

    if isinstance(data, pd.DataFrame) and label in data.columns and \
            pd.api.types.is_datetime64_any_dtype(data[label].dtype):
        shown = _most_recent(data, label, _check_most(most, "stranger_ratio_bars"))
        shown = shown.assign(**{label: shown[label].dt.strftime("%Y-%m")})
    else:
        shown = (_most_recent(data, label, _check_most(most, "stranger_ratio_bars"))
                 if isinstance(data, pd.DataFrame) and label in data.columns else data)
    reference_label = say("events.standard_ref", language or "zh", standard=standard)
    ax = interval_bars(shown, label=label, rate="rate", ci_low="ci_low", ci_high="ci_high", ax=ax,
                       reference=standard, reference_label=reference_label, title=title, language=language)
    if isinstance(data, pd.DataFrame) and len(shown) < len(data):
        events = label == "event_label" or "starts_at" in data.columns
        _shown_caption(ax, len(shown), len(data), language, "events.chart_shown" if events else "events.chart_shown_rows")
    return ax


def arrivals_chart(data: pd.DataFrame, ax: Axes | None = None, marks: Mapping[str, Any] | None = None,
                   title: str | None = None, language: str | None = None, most: int = rules.CHART_EVENTS) -> Axes:
    """Every arrival on a timeline, one lane per source (one event) or per event (several).

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`analysis.events.arrival_timeline` (``clock``, ``lane``).
    ax : matplotlib.axes.Axes, optional
    marks : dict, optional
        Start and end of the event, :func:`analysis.events.timeline_marks`.
    title : str, optional
        A label key (``"title.arrivals"``) or text.
    language : {"zh", "en"}, optional
        Translate the lanes (sources), the axis label and the title.
    most : int, default :data:`analysis.rules.CHART_EVENTS` (20)
        With several events, draw the lanes of at most this many: the latest (by their last
        arrival), and a caption "showing N of M" at the top right.

    Examples
    --------
    >>> from analysis.events import arrival_timeline, example_tables, timeline_marks
    >>> t = example_tables()
    >>> ax = arrivals_chart(arrival_timeline(t), marks=timeline_marks(t["events"], "en"), language="en")
    >>> ax.get_xlabel()
    'Time of check-in (2026-07-18)'
    """
    most = _check_most(most, "arrivals_chart")
    several = "event_id" in data.columns and data["event_id"].nunique() > 1  # on one clock: the date is not theirs
    total = data["event_id"].nunique() if several else 0
    shown = data
    if total > most:  # the lanes of the latest events (by their last arrival)
        last = data.groupby("event_id", sort=True)["arrived_at"].max().sort_values(ascending=False, kind="stable")
        shown = data.loc[data["event_id"].isin(last.index[:most]).to_numpy(dtype=bool)]
    ax = timeline(shown, time="clock", group="lane", ax=ax, marks=marks, title=title, language=language)
    if total > most:
        _shown_caption(ax, most, total, language)
    day = "" if several else ax.get_xlabel()
    name = _label("axis.check_in_time", language)
    ax.set_xlabel(f"{name} ({day})" if day else name)
    return ax


def quarter_bars(data: pd.DataFrame, ax: Axes | None = None, title: str | None = None,
                 language: str | None = None) -> Axes:
    """Arrivals per quarter hour, by minutes from the start (:func:`analysis.events.arrivals_by_quarter`).

    Examples
    --------
    >>> from analysis.events import arrivals_by_quarter, example_tables
    >>> ax = quarter_bars(arrivals_by_quarter(example_tables(), pooled=True), language="en")
    >>> [t.get_text() for t in ax.get_xticklabels()][:3], ax.get_xlabel()
    (['-15', '0', '15'], 'Minutes from the start')
    """
    shown = data
    if "event_id" in shown.columns and shown["event_id"].nunique() > 1:  # several events: their total per quarter
        shown = shown.groupby("minutes_from_start", sort=True, as_index=False)["arrivals"].sum()
    shown = shown.assign(minutes_from_start=shown["minutes_from_start"].astype(str))
    ax = bar(shown, x="minutes_from_start", y="arrivals", ax=ax, title=title, language=language)
    ax.set_xlabel(_label("minutes_from_start", language))
    ax.set_ylabel(_label("arrivals", language))
    return ax
