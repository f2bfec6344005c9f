"""The timeline chart (arrivals at an event, events over time); part of the house style of :mod:`analysis.plots.core`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes

from analysis.errors import ParameterError
from analysis.plots.core import (CATEGORICAL, PALETTE, _apply_fonts, _categories, _check_ax, _check_frame, _get_ax,  # noqa: F401,E501
                                 _no_data, _rows, _style_axes, _title, house_style)

__all__ = ["timeline"]


def _as_wall_clock(values: pd.Series, func: str, column: Hashable) -> pd.Series:
    """Datetime series as naive wall-clock time; unparsable entries raise."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(values):
        return values
    try:
        parsed = pd.to_datetime(values, errors="coerce")
    except (TypeError, ValueError) as exc:  # e.g. mixed time zones
        raise ParameterError(
            f"{func}: column {column!r} must hold timestamps; it could not be read as dates ({exc})."
        ) from None
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    bad = (parsed.isna() & values.notna()).to_numpy()
    if bad.any():
        frame = values.to_frame()
        raise ParameterError(
            f"{func}: column {column!r} must hold timestamps; these rows could not be read "
            f"as a date and time: {_rows(frame, bad, column)}."
        )
    return parsed


def _mark_time(value: Any, tz: Any, func: str, name: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        ts = pd.NaT
    if ts is pd.NaT or pd.isna(ts):
        raise ParameterError(
            f"{func}: mark {name!r} needs a timestamp (e.g. '2026-05-16 14:00'), got {value!r}."
        )
    if ts.tzinfo is not None:
        ts = (ts.tz_convert(tz) if tz is not None else ts).tz_localize(None)
    return ts


def timeline(
    data: pd.DataFrame,
    time: Hashable,
    ax: Axes | None = None,
    label: Hashable | None = None,
    group: Hashable | None = None,
    marks: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> Axes:
    """Timeline of events or arrivals: one tick per row, optionally one lane per group.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per event/arrival (e.g. the attendance table of one salon).
    time : column name
        Timestamps (datetime, tz-aware or naive, or parseable text). Shown as
        wall-clock time in the data's own time zone. Rows with a missing time
        are not drawn; a note in the corner says how many.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created only when None.
    label : column name, optional
        Text written next to each tick (e.g. event names on a timeline of events).
    group : column name, optional
        Category (e.g. ``source``): each value gets its own lane and colour,
        lanes in order of first appearance (tick labels = group values).
    marks : dict {label: timestamp}, optional
        Vertical dashed lines with their label, e.g. ``{"开始": start, "结束": end}``
        (gid ``'mark:<label>'``).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; each lane is a Line2D with gid ``'timeline:<group>'``
        (``'timeline'`` without ``group``). The time axis reads HH:MM when
        everything lies within one day (the date goes in the axis label), and
        dates otherwise.

    Raises
    ------
    ParameterError
        Missing column, unparsable timestamps (rows named) or a bad mark.

    Examples
    --------
    >>> import pandas as pd
    >>> arrivals = pd.DataFrame({"arrived_at": pd.to_datetime(
    ...     ["2026-05-16 13:52", "2026-05-16 14:03", "2026-05-16 14:10"]),
    ...     "source": ["staff_invite", "brought_along", "staff_invite"]})
    >>> ax = timeline(arrivals, "arrived_at", group="source",
    ...               marks={"开始": "2026-05-16 14:00", "结束": "2026-05-16 15:30"})
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['staff_invite', 'brought_along']
    """
    func = "timeline"
    _check_ax(ax, func)
    _check_frame(data, func, time=time, label=label, group=group)
    if marks is not None and not isinstance(marks, Mapping):
        raise ParameterError(
            f"{func}: marks must be a dict {{label: timestamp}}, got {type(marks).__name__}."
        )
    raw = data[time]
    tz = raw.dt.tz if isinstance(raw.dtype, pd.DatetimeTZDtype) else None
    times = _as_wall_clock(raw, func, time)
    mark_times = {str(k): _mark_time(v, tz, func, str(k)) for k, v in (marks or {}).items()}

    present = times.notna().to_numpy()
    n_missing = int((~present).sum())
    lanes = _categories(data[group]) if group is not None else ["" for _ in range(len(data))]
    order = list(dict.fromkeys(np.asarray(lanes, dtype=object)[present]))
    stamps = times.to_numpy(dtype="datetime64[ns]")

    with house_style():
        ax = _get_ax(ax)
        if not present.any() and not mark_times:
            ax = _no_data(ax, title)
            return ax
        lane_pos = {name: i for i, name in enumerate(order)}
        for i, name in enumerate(order):
            rows = present & (np.asarray(lanes, dtype=object) == name)
            ax.plot(stamps[rows], np.full(int(rows.sum()), float(i)), linestyle="none",
                    marker="|", markersize=18, markeredgewidth=1.8, alpha=0.9,
                    color=CATEGORICAL[i % len(CATEGORICAL)],
                    gid=f"timeline:{name}" if group is not None else "timeline")
        if label is not None:
            for i in np.flatnonzero(present):
                ax.annotate(str(data[label].iloc[i]), xy=(mdates.date2num(stamps[i]), lane_pos[lanes[i]]),
                            xytext=(2, 11), textcoords="offset points", rotation=35,
                            ha="left", va="bottom", fontsize=8, color=PALETTE["dark"])

        for name, ts in mark_times.items():
            x = np.datetime64(ts.to_datetime64(), "ns")
            ax.axvline(x, color=PALETTE["red"], linestyle="--", linewidth=1.2, gid=f"mark:{name}", zorder=1)
            ax.annotate(name, xy=(mdates.date2num(x), 1.0), xycoords=("data", "axes fraction"),
                        xytext=(3, -3), textcoords="offset points", ha="left", va="top",
                        fontsize=9, color=PALETTE["red"])

        n_lanes = max(len(order), 1)
        if group is not None:
            ax.set_yticks(range(len(order)), labels=order)
            ax.tick_params(axis="y", length=0)
        else:
            ax.set_yticks([])
        headroom = 0.6 if (marks or label is not None) else 0.0  # mark / tick labels on top
        ax.set_ylim(n_lanes - 0.5 + (0.3 if marks else 0.0), -0.5 - headroom)

        mark_stamps = np.array([t.to_datetime64() for t in mark_times.values()], dtype="datetime64[ns]")
        every = np.concatenate([stamps[present], mark_stamps])
        first, last = pd.Timestamp(every.min()), pd.Timestamp(every.max())
        span = last - first
        pad = span * 0.05 if span > pd.Timedelta(0) else pd.Timedelta(minutes=15)
        ax.set_xlim(mdates.date2num((first - pad).to_datetime64()),
                    mdates.date2num((last + pad).to_datetime64()))
        utc = dt.timezone.utc  # naive wall-clock times are plotted as if UTC
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10, tz=utc)
        ax.xaxis.set_major_locator(locator)
        if span <= pd.Timedelta(days=1):
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=utc))
            day = f"{first:%Y-%m-%d}"
            if first.date() != last.date():
                day += f" – {last:%Y-%m-%d}"
            ax.set_xlabel(day)
        else:
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(
                locator, tz=utc,
                formats=["%Y", "%Y-%m", "%m-%d", "%H:%M", "%H:%M", "%S.%f"],
                zero_formats=["", "%Y", "%Y-%m", "%m-%d", "%H:%M", "%H:%M"],
                offset_formats=["", "%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"],
            ))
        if n_missing:
            ax.text(1.0, -0.12, f"{n_missing} 条记录缺少时间，未显示",
                    transform=ax.transAxes, ha="right", va="top", fontsize=8, color=PALETTE["grey"])
        _style_axes(ax, grid="x")
        ax.spines["left"].set_visible(False)
        _title(ax, title)
        _apply_fonts(ax)
    return ax
