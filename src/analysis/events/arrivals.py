"""The arrival flow: arrivals per quarter hour, gaps between arrivals, duration against the 1.5-hour practice.

The greeter (引客人) keeps a steady flow of visitors: no gap of
:data:`analysis.rules.FLOW_GAP_MINUTES` (10) minutes or more; an event lasts about
:data:`analysis.rules.EVENT_MINUTES` (90) minutes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.events import _tables as tb
from analysis.events._tables import tidy
from analysis.report import label

__all__ = ["arrivals_by_quarter", "arrival_gaps", "arrival_flow", "arrival_timeline", "timeline_marks"]


def _arrivals(data, attendance, events, func):
    t = prep.pick(data, func, required=("attendance", "events"), attendance=attendance, events=events)
    ev = tb.events(t["events"], func, ("event_id", "starts_at", "ends_at"))
    att = tb.checkins(t["attendance"], func)
    att = att.loc[att["arrived_at"].notna() & att["event_id"].isin(ev["event_id"])]
    return ev, att


@tidy
def arrivals_by_quarter(data=None, /, *, attendance: pd.DataFrame | None = None,
                        events: pd.DataFrame | None = None, pooled: bool = False) -> pd.DataFrame:
    """Arrivals per quarter hour of each event, including the quarters nobody arrived in.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`select_event`) supplying the tables not given
        by name.
    attendance, events : pandas.DataFrame
        Check-ins and the ``events`` table (``event_id``, ``starts_at``,
        ``ends_at``).
    pooled : bool, default False
        Add up all events by time from their start (quarter hours counted
        from each event's start), e.g. to see the usual arrival pattern of a
        branch's events.

    Returns
    -------
    pandas.DataFrame
        One row per event and quarter hour from the earlier of the start and
        the first arrival to the later of the end and the last arrival:
        ``event_id``, ``quarter`` (start of the quarter hour, datetime),
        ``minutes_from_start`` (int64, negative before the start),
        ``arrivals`` (int64: distinct people checking in). Events without
        check-ins are absent. With ``pooled=True`` one row per quarter hour
        from the start: ``event_id`` is ``"all"``, ``quarter`` is empty (NaT),
        ``minutes_from_start`` the start of the quarter hour relative to each
        event's start, ``arrivals`` the total over the events.

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> q = arrivals_by_quarter(t)
    >>> q["minutes_from_start"].tolist(), q["arrivals"].tolist()
    ([-15, 0, 15, 30, 45, 60, 75], [3, 0, 1, 0, 0, 0, 0])
    >>> arrivals_by_quarter(t, pooled=True)["arrivals"].tolist()
    [3, 0, 1, 0, 0, 0, 0]
    """
    func = "arrivals_by_quarter"
    ev, att = _arrivals(data, attendance, events, func)
    if pooled and not att.empty:
        info = ev.set_index("event_id")
        start = prep.lookup(att["event_id"], info["starts_at"])
        offset = (att["arrived_at"] - start) // pd.Timedelta(minutes=15) * 15
        dur = ((info["ends_at"] - info["starts_at"]) // pd.Timedelta(minutes=1)).max()
        lo = int(min(offset.min(), 0))
        hi = int(max(offset.max(), (dur - 1) // 15 * 15 if pd.notna(dur) else 0))
        grid = np.arange(lo, hi + 15, 15, dtype=np.int64)
        counts = offset.value_counts().reindex(grid).fillna(0)
        return pd.DataFrame({"event_id": pd.array(["all"] * len(grid), dtype="string"),
                             "quarter": pd.Series(pd.NaT, index=range(len(grid)), dtype="datetime64[ns]"),
                             "minutes_from_start": grid, "arrivals": tb.as_int(counts)})
    if att.empty:
        return pd.DataFrame({"event_id": pd.Series([], dtype="string"),
                             "quarter": pd.Series([], dtype="datetime64[ns]"),
                             "minutes_from_start": pd.Series([], dtype=np.int64),
                             "arrivals": pd.Series([], dtype=np.int64)})
    q = att.assign(quarter=att["arrived_at"].dt.floor("15min"))
    counts = q.groupby(["event_id", "quarter"]).size().rename("arrivals")
    span = att.groupby("event_id")["arrived_at"].agg(["min", "max"]).join(ev.set_index("event_id")[["starts_at",
                                                                                                   "ends_at"]])
    lo = np.minimum(span["min"], span["starts_at"].fillna(span["min"])).dt.floor("15min")
    hi = np.maximum(span["max"], (span["ends_at"] - pd.Timedelta(minutes=1)).fillna(span["max"])).dt.floor("15min")
    n = ((hi - lo) // pd.Timedelta(minutes=15)).astype(np.int64) + 1
    ids = np.repeat(span.index.to_numpy(), n.to_numpy())
    counts_ = n.to_numpy()
    step = np.arange(counts_.sum()) - np.repeat(np.cumsum(counts_) - counts_, counts_)
    quarter = np.repeat(lo.to_numpy(), n.to_numpy()) + step * np.timedelta64(15, "m")
    grid = pd.DataFrame({"event_id": ids, "quarter": quarter})
    out = grid.join(counts, on=["event_id", "quarter"])
    start = prep.lookup(out["event_id"], span["starts_at"]).fillna(out["quarter"])
    return pd.DataFrame({
        "event_id": out["event_id"].astype("string").to_numpy(),
        "quarter": out["quarter"].astype("datetime64[ns]").to_numpy(),
        "minutes_from_start": np.asarray((out["quarter"] - start) // pd.Timedelta(minutes=1), dtype=np.int64),
        "arrivals": tb.as_int(out["arrivals"]),
    })


@tidy
def arrival_gaps(data=None, /, *, attendance: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                 min_gap: float = rules.FLOW_GAP_MINUTES, edge_kinds: Sequence[str] = ("booth",)) -> pd.DataFrame:
    """Gaps of ``min_gap`` minutes or more between consecutive arrivals.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`select_event`) supplying the tables not given
        by name.
    attendance, events : pandas.DataFrame
        Check-ins and the ``events`` table (``event_id``, ``starts_at``,
        ``ends_at``; ``kind`` for ``edge_kinds``).
    min_gap : float, default :data:`analysis.rules.FLOW_GAP_MINUTES` (10)
        Shortest gap listed, in minutes (the greeter keeps the booth busy: no
        10-minute gaps).
    edge_kinds : sequence of str, default ("booth",)
        Event kinds where the time from the start to the first arrival and
        from the last arrival to the end also counts (a booth should draw
        visitors throughout; a salon's audience arrives before it starts).

    Returns
    -------
    pandas.DataFrame
        One row per gap, sorted by event and time: ``event_id``,
        ``gap_start``, ``gap_end`` (datetime), ``minutes`` (float),
        ``position`` (``between``, ``before_first`` or ``after_last``).

    Notes
    -----
    Arrivals are each person's first check-in; people arriving in the same
    minute leave no gap.

    Examples
    --------
    >>> import pandas as pd
    >>> att = pd.DataFrame({"event_id": "E1", "person_id": list("abc"), "is_bank_customer": False,
    ...                     "arrived_at": pd.to_datetime(["2026-07-01 10:00", "2026-07-01 10:04",
    ...                                                   "2026-07-01 10:20"])})
    >>> ev = pd.DataFrame({"event_id": ["E1"], "kind": ["salon"],
    ...                    "starts_at": pd.to_datetime(["2026-07-01 10:00"]),
    ...                    "ends_at": pd.to_datetime(["2026-07-01 11:30"])})
    >>> arrival_gaps(attendance=att, events=ev)[["minutes", "position"]]
       minutes position
    0     16.0  between
    """
    func = "arrival_gaps"
    min_gap = prep.check_number(min_gap, "min_gap", func, unit="minutes")
    if isinstance(edge_kinds, str):
        edge_kinds = [edge_kinds]
    ev, att = _arrivals(data, attendance, events, func)
    att = att.sort_values(["event_id", "arrived_at"], kind="stable")
    prev = att.groupby("event_id")["arrived_at"].shift(1)
    between = pd.DataFrame({"event_id": att["event_id"], "gap_start": prev, "gap_end": att["arrived_at"],
                            "position": "between"}).dropna(subset=["gap_start"])
    parts = [between]
    if "kind" in ev.columns and len(att):
        edge = ev.loc[ev["kind"].astype("string").isin(list(edge_kinds)).fillna(False).to_numpy()]
        span = att.groupby("event_id")["arrived_at"].agg(["min", "max"])
        edge = edge.join(span, on="event_id", how="inner")
        parts += [pd.DataFrame({"event_id": edge["event_id"], "gap_start": edge["starts_at"], "gap_end": edge["min"],
                                "position": "before_first"}),
                  pd.DataFrame({"event_id": edge["event_id"], "gap_start": edge["max"], "gap_end": edge["ends_at"],
                                "position": "after_last"})]
    gaps = pd.concat(parts, ignore_index=True)
    gaps = gaps.assign(minutes=(gaps["gap_end"] - gaps["gap_start"]) / pd.Timedelta(minutes=1))
    gaps = gaps.loc[gaps["minutes"].notna() & (gaps["minutes"] >= min_gap)]
    gaps = gaps.sort_values(["event_id", "gap_start"], kind="stable").reset_index(drop=True)
    return pd.DataFrame({"event_id": gaps["event_id"].astype("string"),
                         "gap_start": gaps["gap_start"].astype("datetime64[ns]"),
                         "gap_end": gaps["gap_end"].astype("datetime64[ns]"),
                         "minutes": gaps["minutes"].astype(float),
                         "position": gaps["position"].astype("string")})


@tidy
def arrival_flow(data=None, /, *, attendance: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                 min_gap: float = rules.FLOW_GAP_MINUTES, practice_minutes: float = rules.EVENT_MINUTES,
                 edge_kinds: Sequence[str] = ("booth",)) -> pd.DataFrame:
    """Per event: duration against the 1.5-hour practice, arrival window, busiest quarter, long gaps.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`select_event`) supplying the tables not given
        by name.
    attendance, events : pandas.DataFrame
        Check-ins and the ``events`` table (``event_id``, ``starts_at``,
        ``ends_at``, ``kind``).
    min_gap : float, default :data:`analysis.rules.FLOW_GAP_MINUTES` (10)
        Gap length (minutes) counted as long (:func:`arrival_gaps`).
    practice_minutes : float, default :data:`analysis.rules.EVENT_MINUTES` (90)
        The practice duration of an event.
    edge_kinds : sequence of str, default ("booth",)
        As in :func:`arrival_gaps`.

    Returns
    -------
    pandas.DataFrame
        One row per event of ``events``: ``event_id``, ``starts_at``,
        ``ends_at``, ``duration_minutes`` (float: ends_at − starts_at),
        ``practice_minutes``, ``over_practice_minutes`` (duration − practice),
        ``arrivals`` (int64), ``first_arrival``, ``last_arrival`` (datetime),
        ``arrival_span_minutes`` (float), ``busiest_quarter`` (datetime),
        ``busiest_arrivals`` (int64), ``long_gaps`` (int64),
        ``longest_gap_minutes`` (float; 0 when there is none; NaN without
        arrivals).

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> arrival_flow(example_tables())[["duration_minutes", "arrivals", "long_gaps", "longest_gap_minutes"]]
       duration_minutes  arrivals  long_gaps  longest_gap_minutes
    0              90.0         4          1                 22.0
    """
    func = "arrival_flow"
    practice_minutes = prep.check_number(practice_minutes, "practice_minutes", func, unit="minutes")
    ev, att = _arrivals(data, attendance, events, func)
    quarters = arrivals_by_quarter(attendance=att, events=ev)
    gaps = arrival_gaps(attendance=att, events=ev, min_gap=min_gap, edge_kinds=edge_kinds)
    all_gaps = arrival_gaps(attendance=att, events=ev, min_gap=0, edge_kinds=edge_kinds)
    ids = ev["event_id"]
    span = att.groupby("event_id")["arrived_at"].agg(["min", "max", "size"])
    busiest = quarters.sort_values(["event_id", "arrivals", "quarter"], ascending=[True, False, True],
                                   kind="stable").drop_duplicates("event_id").set_index("event_id")
    longest = all_gaps.groupby("event_id")["minutes"].max()
    n_arr = tb.as_int(ids.map(span["size"]))
    duration = (ev["ends_at"] - ev["starts_at"]) / pd.Timedelta(minutes=1)
    first = prep.lookup(ids, span["min"]).astype("datetime64[ns]")
    last = prep.lookup(ids, span["max"]).astype("datetime64[ns]")
    return pd.DataFrame({
        "event_id": ids.astype("string").to_numpy(),
        "starts_at": ev["starts_at"].to_numpy(),
        "ends_at": ev["ends_at"].to_numpy(),
        "duration_minutes": duration.to_numpy(dtype=float),
        "practice_minutes": np.full(len(ev), practice_minutes),
        "over_practice_minutes": (duration - practice_minutes).to_numpy(dtype=float),
        "arrivals": n_arr,
        "first_arrival": first.to_numpy(),
        "last_arrival": last.to_numpy(),
        "arrival_span_minutes": ((last - first) / pd.Timedelta(minutes=1)).to_numpy(dtype=float),
        "busiest_quarter": prep.lookup(ids, busiest["quarter"]).astype("datetime64[ns]").to_numpy(),
        "busiest_arrivals": tb.as_int(ids.map(busiest["arrivals"])),
        "long_gaps": tb.as_int(ids.map(gaps.groupby("event_id").size())),
        "longest_gap_minutes": np.where(n_arr > 0, ids.map(longest).fillna(0.0).to_numpy(dtype=float), np.nan),
    })


@tidy
def arrival_timeline(data=None, /, *, attendance: pd.DataFrame | None = None,
                     events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Arrivals ready for :func:`analysis.plots.timeline` (one lane per source, or per event).

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`select_event`) supplying the tables not given
        by name.
    attendance, events : pandas.DataFrame
        Check-ins and the ``events`` table (``event_id``, ``starts_at``;
        ``theme`` for the lane names).

    Returns
    -------
    pandas.DataFrame
        One row per distinct arrival: ``event_id``, ``source`` (recorded),
        ``arrived_at``, ``clock`` and ``lane``. With one event, ``clock`` is
        the arrival time and ``lane`` the source; with several, ``clock`` puts
        every arrival on the date of the first event at its own time of day
        (so the events can be compared on one HH:MM axis) and ``lane`` is
        the event (id and theme).

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> arrival_timeline(example_tables())["lane"].tolist()
    ['staff_invite', 'brought_along', 'partner_invite', 'walk_in']
    """
    func = "arrival_timeline"
    ev, att = _arrivals(data, attendance, events, func)
    att = att.sort_values(["event_id", "arrived_at"], kind="stable").reset_index(drop=True)
    source = att["source"].astype("string")
    if att["event_id"].nunique() <= 1:
        clock, lane = att["arrived_at"], source
    else:
        day = ev["starts_at"].min().normalize()
        clock = day + (att["arrived_at"] - att["arrived_at"].dt.normalize())
        theme = ev.set_index("event_id")["theme"].astype("string") if "theme" in ev.columns else None
        lane = att["event_id"] + (" " + att["event_id"].map(theme).fillna("") if theme is not None else "")
    return pd.DataFrame({"event_id": att["event_id"].astype("string"), "source": source,
                         "arrived_at": att["arrived_at"].astype("datetime64[ns]"),
                         "clock": clock.astype("datetime64[ns]"), "lane": lane.astype("string").str.strip()})


def timeline_marks(events: pd.DataFrame, language: str = "zh") -> dict[str, pd.Timestamp]:
    """Start and end marks for :func:`analysis.plots.timeline` when ``events`` holds one event.

    Returns ``{"开始": starts_at, "结束": ends_at}`` (``"Start"``/``"End"`` in
    English, labels ``events.mark.start``/``events.mark.end``) for a single
    event, and an empty dict otherwise (several events share no start).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1"], "starts_at": pd.to_datetime(["2026-07-18 14:00"]),
    ...                    "ends_at": pd.to_datetime(["2026-07-18 15:30"])})
    >>> list(timeline_marks(ev))
    ['开始', '结束']
    """
    ev = tb.events(events, "timeline_marks", ("event_id", "starts_at", "ends_at"))
    if len(ev) != 1:
        return {}
    return {label("events.mark.start", language): ev["starts_at"].iloc[0],
            label("events.mark.end", language): ev["ends_at"].iloc[0]}
