"""On-site roles (现场分工): greeters, receivers, the atmosphere, building captains — read from ``event_staff``.

A booth needs a greeter (引客人) at the entrances who brings people to the table and goes straight back,
swapping with the receiver (接待) about once an hour; the receiver identifies needs and records each
visitor; bigger events have someone on the atmosphere (氛围: music, games for children); building
captains (楼栋长, residents, not staff) bring their neighbours. The optional contract table
``event_staff`` records who held which role from when to when, and this module measures:

- :func:`greeter_shifts` — each greeter duty (and each stretch of an event with no greeter on duty):
  arrivals, arrivals per hour, gaps of 10 minutes and more, and the records the greeter wrote while on
  greeter duty (a greeter who ended up receiving);
- :func:`entrance_roles` — arrivals and strangers by how they reached the table: walk-ins while a
  greeter was on duty, walk-ins while none was, the captains' guests, the invited;
- :func:`captain_guests` — each captain's guests and how many of them are strangers (Wilson interval);
- :func:`atmosphere_families`, :func:`atmosphere_stay` — events with an atmosphere role against
  comparable events without one: families (attendees with children, guests brought along) and how
  long visitors stay (check-out, else the span of arrivals). Observational: the events were not
  assigned at random.

Only events with at least one ``event_staff`` row are measured (no roster is not "no greeter").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis import prep, rules, stats
from analysis.events import _tables as tb
from analysis.events._tables import tidy
from analysis.events.arrivals import arrival_gaps
from analysis.events.chain import attendance_chain
from analysis.report import say

__all__ = ["greeter_shifts", "entrance_roles", "captain_guests", "atmosphere_families", "atmosphere_stay",
           "roles_text"]

ENTRANCES = ("greeter", "no_greeter", "captain", "invited")


def _rostered(t: dict, func: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events (with start and end) that have a roster, and the roster of those events."""
    ev = tb.events(t["events"], func, ("event_id", "starts_at", "ends_at"))
    es = tb.event_staff(t["event_staff"], func)
    es = es.loc[es["event_id"].isin(ev["event_id"]).to_numpy()]
    ev = ev.loc[ev["event_id"].isin(es["event_id"]).to_numpy()].reset_index(drop=True)
    return ev, es.reset_index(drop=True)


def _uncovered(spans: list[tuple], start, end) -> list[tuple]:
    """The pieces of [start, end) that none of ``spans`` covers."""
    out, cursor = [], start
    for a, z in sorted((max(a, start), min(z, end)) for a, z in spans):
        if z <= a:
            continue
        if a > cursor:
            out.append((cursor, a))
        cursor = max(cursor, z)
    if cursor < end:
        out.append((cursor, end))
    return out


def _inside(times: pd.Series, a, z, end) -> np.ndarray:
    """Times in [a, z) — and at ``end`` itself for the piece that ends the event."""
    t = np.asarray(times, dtype="datetime64[ns]")
    hit = (t >= np.datetime64(a)) & (t < np.datetime64(z))
    if z >= end:
        hit |= t == np.datetime64(end)
    return hit


@tidy
def greeter_shifts(data=None, /, *, events: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
                   event_staff: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
                   visitor_records: pd.DataFrame | None = None, min_gap: float = rules.FLOW_GAP_MINUTES,
                   edge_kinds: Sequence[str] = ("booth",)) -> pd.DataFrame:
    """Each greeter duty of an event, and each stretch with no greeter on duty: arrivals, gaps, records.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or :func:`select_event`).
    events, attendance, event_staff : pandas.DataFrame
        The contract's tables; only events with a greeter on the roster get rows.
    survey_responses, visitor_records : pandas.DataFrame, optional
        The records kept at events (``recorded_by`` / ``staff_id``): who wrote them, when.
    min_gap : float, default :data:`analysis.rules.FLOW_GAP_MINUTES` (10)
        Gaps between arrivals of this many minutes or more are counted.
    edge_kinds : sequence of str, default ("booth",)
        Kinds where the start → first arrival and last arrival → end count as gaps too
        (:func:`arrival_gaps`).

    Returns
    -------
    pandas.DataFrame
        One row per duty, sorted by event and time: ``event_id``, ``duty`` (``greeter``, or
        ``no_greeter`` for a stretch of the event nobody greeted), ``staff_id`` (empty for
        no_greeter), ``from_at``, ``to_at`` (clipped to the event), ``duty_minutes`` (float),
        ``arrivals`` (int64: check-ins in the stretch), ``arrivals_per_hour`` (float), ``long_gaps``
        (int64: gaps of ``min_gap`` minutes or more that *began* in the stretch),
        ``longest_gap_minutes`` (float, 0 without one), ``records_on_duty`` (int64: records the
        greeter wrote during this duty; 0 for no_greeter) and ``receiving`` (bool: the greeter wrote
        records while on greeter duty — they stayed at the table instead of fetching the next
        visitor).

    Examples
    --------
    >>> import pandas as pd
    >>> T = pd.Timestamp
    >>> ev = pd.DataFrame({"event_id": ["E1"], "kind": ["booth"], "starts_at": [T("2026-07-01 10:00")],
    ...                    "ends_at": [T("2026-07-01 12:00")]})
    >>> es = pd.DataFrame({"event_id": "E1", "staff_id": ["S1", "S2"], "role": ["greeter", "greeter"],
    ...                    "from_at": [T("2026-07-01 10:00"), T("2026-07-01 11:00")],
    ...                    "to_at": [T("2026-07-01 11:00"), T("2026-07-01 12:00")]})
    >>> att = pd.DataFrame({"event_id": "E1", "person_id": list("abcd"), "is_bank_customer": False,
    ...                     "arrived_at": pd.to_datetime(["2026-07-01 10:05", "2026-07-01 10:20",
    ...                                                   "2026-07-01 11:30", "2026-07-01 11:55"])})
    >>> greeter_shifts(events=ev, attendance=att, event_staff=es)[["staff_id", "arrivals", "long_gaps"]]
      staff_id  arrivals  long_gaps
    0       S1         2          2
    1       S2         2          1
    """
    func = "greeter_shifts"
    t = prep.pick(data, func, required=("events", "attendance", "event_staff"),
                  optional=("survey_responses", "visitor_records"), events=events, attendance=attendance,
                  event_staff=event_staff, survey_responses=survey_responses, visitor_records=visitor_records)
    min_gap = prep.check_number(min_gap, "min_gap", func, unit="minutes")
    ev, es = _rostered(t, func)
    greet = es.loc[(es["role"] == "greeter").to_numpy()]
    ev = ev.loc[ev["event_id"].isin(greet["event_id"]).to_numpy()].reset_index(drop=True)
    att = tb.checkins(t["attendance"], func)
    att = att.loc[att["event_id"].isin(ev["event_id"]).to_numpy()]
    gaps = arrival_gaps(attendance=att, events=ev, min_gap=min_gap, edge_kinds=edge_kinds)
    rec = tb.records(t["survey_responses"], t["visitor_records"], func)
    # each table split by event once (row positions), then a loop over events on their own rows
    greet = greet.sort_values(["from_at", "staff_id"], kind="stable").reset_index(drop=True)
    g_staff, g_from, g_to = list(greet["staff_id"]), list(greet["from_at"]), list(greet["to_at"])
    g_at = tb.positions(greet["event_id"])
    att = att.reset_index(drop=True)
    a_time, a_at = att["arrived_at"].to_numpy(dtype="datetime64[ns]"), tb.positions(att["event_id"])
    gaps = gaps.reset_index(drop=True)
    gap_start, gap_minutes = gaps["gap_start"].to_numpy(dtype="datetime64[ns]"), gaps["minutes"].to_numpy(dtype=float)
    gap_at = tb.positions(gaps["event_id"])
    rec = rec.reset_index(drop=True)
    r_time = rec["recorded_at"].to_numpy(dtype="datetime64[ns]")
    r_staff = rec["staff_id"].astype(object).where(rec["staff_id"].notna(), None).to_numpy(dtype=object)
    r_at = tb.positions(rec["event_id"])
    none = np.zeros(0, dtype=np.int64)
    rows = []
    for e in ev.itertuples(index=False):  # one pass per event, each on its own rows
        start, end = e.starts_at, e.ends_at
        mine = g_at.get(e.event_id, none)
        pieces = [("greeter", g_staff[i], max(g_from[i], start), min(g_to[i], end)) for i in mine
                  if min(g_to[i], end) > max(g_from[i], start)]
        pieces += [("no_greeter", pd.NA, a, z) for a, z in _uncovered([(a, z) for _d, _s, a, z in pieces], start, end)]
        arrived = a_time[a_at.get(e.event_id, none)]
        g_i = gap_at.get(e.event_id, none)
        g_start, g_min = gap_start[g_i], gap_minutes[g_i]
        r_i = r_at.get(e.event_id, none)
        r_t, r_s = r_time[r_i], r_staff[r_i]
        for duty, staff_id, a, z in sorted(pieces, key=lambda p: (p[2], p[0] != "greeter")):
            in_gap = _inside(g_start, a, z, end)
            n_rec = 0
            if duty == "greeter" and not pd.isna(staff_id):
                n_rec = int((_inside(r_t, a, z, end) & (r_s == staff_id).astype(bool)).sum())
            minutes = (z - a) / pd.Timedelta(minutes=1)
            n_arr = int(_inside(arrived, a, z, end).sum())
            rows.append({"event_id": e.event_id, "duty": duty, "staff_id": staff_id, "from_at": a, "to_at": z,
                         "duty_minutes": float(minutes), "arrivals": n_arr,
                         "arrivals_per_hour": n_arr / minutes * 60 if minutes > 0 else np.nan,
                         "long_gaps": int(in_gap.sum()),
                         "longest_gap_minutes": float(np.nanmax(g_min[in_gap])) if in_gap.any() else 0.0,
                         "records_on_duty": n_rec, "receiving": duty == "greeter" and n_rec > 0})
    cols = {"event_id": "string", "duty": "string", "staff_id": "string", "from_at": "datetime64[ns]",
            "to_at": "datetime64[ns]", "duty_minutes": float, "arrivals": np.int64, "arrivals_per_hour": float,
            "long_gaps": np.int64, "longest_gap_minutes": float, "records_on_duty": np.int64, "receiving": bool}
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in cols.items()})
    return pd.DataFrame(rows).astype(cols)[list(cols)]


def _chain(t: dict, ev: pd.DataFrame, func: str) -> pd.DataFrame:
    att = prep.require_frame(t["attendance"], "attendance", ("event_id",), func)
    att = att.loc[att["event_id"].astype("string").str.strip().isin(ev["event_id"]).fillna(False).to_numpy()]
    if t.get("invitations") is not None:
        return attendance_chain(attendance=att, invitations=t["invitations"])
    c = tb.checkins(att, func)
    recorded = c["source"].astype("string")
    return c.assign(host_id=c["brought_by"],
                    derived_source=recorded.where(recorded.notna(), np.where(c["brought_by"].notna(), "brought_along",
                                                                             "walk_in")))


@tidy
def entrance_roles(data=None, /, *, events: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
                   invitations: pd.DataFrame | None = None, event_staff: pd.DataFrame | None = None,
                   pooled: bool = False, level: float = rules.LEVEL) -> pd.DataFrame:
    """Arrivals and strangers by how they reached the table: greeter, no greeter, captain, invited.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or :func:`select_event`).
    events, attendance, invitations, event_staff : pandas.DataFrame
        The contract's tables (``invitations`` tells who was invited, :func:`attendance_chain`).
    pooled : bool, default False
        Four rows for all the events together (``event_id`` = ``all``; hours summed).
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        Per event with a roster, four rows ``entrance``:

        - ``greeter``: walk-ins who arrived while a greeter was on duty;
        - ``no_greeter``: walk-ins who arrived while nobody was;
        - ``captain``: guests a building captain brought (host = a captain of the event);
        - ``invited``: everyone else (invitees and the guests they brought);

        with ``arrivals``, ``strangers`` (int64), ``rate``, ``ci_low``, ``ci_high`` (share of
        strangers, Wilson), ``duty_hours`` (float: greeter time and uncovered time within the event
        for the first two rows, NaN for the others) and ``arrivals_per_hour`` (float).

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> t["event_staff"] = pd.DataFrame({"event_id": ["E1"], "staff_id": ["S05"], "role": ["greeter"],
    ...     "from_at": [pd.Timestamp("2026-07-18 14:00")], "to_at": [pd.Timestamp("2026-07-18 15:00")]})
    >>> entrance_roles(t)[["entrance", "arrivals", "strangers", "duty_hours"]]
         entrance  arrivals  strangers  duty_hours
    0     greeter         1          1         1.0
    1  no_greeter         0          0         0.5
    2     captain         0          0         NaN
    3     invited         3          2         NaN
    """
    func = "entrance_roles"
    t = prep.pick(data, func, required=("events", "attendance", "invitations", "event_staff"), events=events,
                  attendance=attendance, invitations=invitations, event_staff=event_staff)
    level = prep.check_level(level, func)
    ev, es = _rostered(t, func)
    chain = _chain(t, ev, func)
    # each table split by event once (row positions); a guest of a captain is a (event, host) pair lookup
    es = es.reset_index(drop=True)
    is_greet = (es["role"] == "greeter").fillna(False).to_numpy(dtype=bool)
    greet = es.loc[is_greet].reset_index(drop=True)
    g_from, g_to, g_at = list(greet["from_at"]), list(greet["to_at"]), tb.positions(greet["event_id"])
    cap = es.loc[(es["role"] == "captain").fillna(False).to_numpy(dtype=bool)]
    chain = chain.reset_index(drop=True)
    c_walk = (chain["derived_source"] == "walk_in").fillna(False).to_numpy(dtype=bool)
    c_time = chain["arrived_at"].to_numpy(dtype="datetime64[ns]")
    c_captain = tb.pairs_in(chain["event_id"], chain["host_id"], cap["event_id"], cap["person_id"])
    c_stranger = chain["stranger"].to_numpy()
    c_at = tb.positions(chain["event_id"])
    none = np.zeros(0, dtype=np.int64)
    rows = []
    for e in ev.itertuples(index=False):  # one pass per event, each on its own rows
        spans = [(g_from[i], g_to[i]) for i in g_at.get(e.event_id, none)]
        ci = c_at.get(e.event_id, none)
        walk, t_arr, stranger = c_walk[ci], c_time[ci], c_stranger[ci]
        on = np.zeros(len(ci), dtype=bool)
        for a, z in spans:
            on |= (t_arr >= np.datetime64(a)) & (t_arr <= np.datetime64(z))
        guest_of_captain = c_captain[ci]
        entrance = np.select([guest_of_captain, walk & on, walk], ["captain", "greeter", "no_greeter"], "invited")
        duration = (e.ends_at - e.starts_at) / pd.Timedelta(hours=1)
        uncovered = sum((z - a) / pd.Timedelta(hours=1) for a, z in _uncovered(spans, e.starts_at, e.ends_at))
        hours = {"greeter": duration - uncovered, "no_greeter": uncovered}
        for k in ENTRANCES:
            hit = entrance == k
            h = hours.get(k, np.nan)
            rows.append({"event_id": e.event_id, "entrance": k, "arrivals": int(hit.sum()),
                         "strangers": int(stranger[hit].sum()), "duty_hours": float(h),
                         "arrivals_per_hour": int(hit.sum()) / h if h == h and h > 0 else np.nan})
    cols = ["event_id", "entrance", "arrivals", "strangers", "rate", "ci_low", "ci_high", "duty_hours",
            "arrivals_per_hour"]
    out = pd.DataFrame(rows, columns=["event_id", "entrance", "arrivals", "strangers", "duty_hours",
                                      "arrivals_per_hour"])
    out = out.astype({"event_id": "string", "entrance": "string", "arrivals": np.int64, "strangers": np.int64,
                      "duty_hours": float, "arrivals_per_hour": float})
    if pooled:
        g = out.groupby("entrance", sort=False)
        hours = g["duty_hours"].sum(min_count=1)
        out = pd.DataFrame({"event_id": "all", "entrance": list(ENTRANCES)})
        out = out.assign(arrivals=tb.as_int(out["entrance"].map(g["arrivals"].sum())),
                         strangers=tb.as_int(out["entrance"].map(g["strangers"].sum())),
                         duty_hours=out["entrance"].map(hours).to_numpy(dtype=float))
        out = out.assign(arrivals_per_hour=tb.ratio(out["arrivals"], out["duty_hours"])).astype(
            {"event_id": "string", "entrance": "string"})
    return tb.with_rate(out, "strangers", "arrivals", level)[cols]


@tidy
def captain_guests(data=None, /, *, events: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
                   invitations: pd.DataFrame | None = None, event_staff: pd.DataFrame | None = None,
                   by_captain: bool = True, level: float = rules.LEVEL) -> pd.DataFrame:
    """The guests building captains (楼栋长) brought, and how many of them are strangers.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or :func:`select_event`).
    events, attendance, invitations, event_staff : pandas.DataFrame
        The contract's tables; a captain is an ``event_staff`` row with role ``captain``
        (``person_id``); their guests are attendees whose host is the captain
        (``attendance.brought_by``, or the captain's guest invitation).
    by_captain : bool, default True
        One row per event and captain; False pools every captain of the events into one row.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``person_id`` (the captain; both ``all`` when pooled), ``captain_attended``
        (bool; pooled: any), ``guests``, ``strangers`` (int64), ``rate``, ``ci_low``, ``ci_high``
        (share of strangers among the guests, Wilson; NaN without guests).

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> t["event_staff"] = pd.DataFrame({"event_id": ["E1"], "person_id": ["A"], "role": ["captain"],
    ...     "from_at": [pd.Timestamp("2026-07-18 14:00")], "to_at": [pd.Timestamp("2026-07-18 15:30")]})
    >>> captain_guests(t)[["person_id", "captain_attended", "guests", "strangers"]]
      person_id  captain_attended  guests  strangers
    0         A              True       1          1
    """
    func = "captain_guests"
    t = prep.pick(data, func, required=("events", "attendance", "invitations", "event_staff"), events=events,
                  attendance=attendance, invitations=invitations, event_staff=event_staff)
    level = prep.check_level(level, func)
    ev, es = _rostered(t, func)
    caps = es.loc[(es["role"] == "captain").to_numpy() & es["person_id"].notna().to_numpy(),
                  ["event_id", "person_id"]].drop_duplicates().sort_values(["event_id", "person_id"], kind="stable")
    chain = _chain(t, ev, func)
    came = tb.pairs_in(caps["event_id"], caps["person_id"], chain["event_id"], chain["person_id"])
    guests = chain.loc[chain["host_id"].notna().to_numpy()]
    n = guests.groupby(["event_id", "host_id"]).size()
    s = guests.groupby(["event_id", "host_id"])["stranger"].sum()
    key = pd.MultiIndex.from_arrays([caps["event_id"], caps["person_id"]])
    out = pd.DataFrame({"event_id": caps["event_id"].to_numpy(), "person_id": caps["person_id"].to_numpy(),
                        "captain_attended": came, "guests": tb.as_int(n.reindex(key).to_numpy()),
                        "strangers": tb.as_int(s.reindex(key).to_numpy())})
    if not by_captain:
        out = pd.DataFrame({"event_id": ["all"], "person_id": ["all"],
                            "captain_attended": [bool(out["captain_attended"].any())],
                            "guests": [int(out["guests"].sum())], "strangers": [int(out["strangers"].sum())]})
    out = out.astype({"event_id": "string", "person_id": "string", "captain_attended": bool, "guests": np.int64,
                      "strangers": np.int64})
    return tb.with_rate(out.reset_index(drop=True), "strangers", "guests", level)


def _welch(x: np.ndarray, y: np.ndarray, level: float) -> tuple[float, float, float, float]:
    """Difference of means x − y with Welch's interval and two-sided p (R's ``t.test(x, y)``); NaN if n < 2."""
    if len(x) < 2 or len(y) < 2:
        d = float(np.mean(x) - np.mean(y)) if len(x) and len(y) else np.nan
        return d, np.nan, np.nan, np.nan
    vx, vy = np.var(x, ddof=1) / len(x), np.var(y, ddof=1) / len(y)
    d = float(np.mean(x) - np.mean(y))
    se = float(np.sqrt(vx + vy))
    if se == 0:
        return d, d, d, (1.0 if d == 0 else 0.0)
    df = (vx + vy) ** 2 / (vx ** 2 / (len(x) - 1) + vy ** 2 / (len(y) - 1))
    q = float(sps.t.ppf((1 + level) / 2, df))
    p = float(2 * sps.t.sf(abs(d / se), df))
    return d, d - q * se, d + q * se, p


def _atmosphere_groups(t: dict, func: str):
    """Comparable events (kinds that had an atmosphere role at least once), whether each had one, their chain."""
    ev, es = _rostered(t, func)
    kind = ev["kind"].astype("string") if "kind" in ev.columns else pd.Series("all", index=ev.index, dtype="string")
    has = ev["event_id"].isin(es.loc[(es["role"] == "atmosphere").to_numpy(), "event_id"]).to_numpy()
    comparable = kind.isin(set(kind[has])).fillna(False).to_numpy(dtype=bool)
    ev, has = ev.loc[comparable].reset_index(drop=True), has[comparable]
    if not has.any() or has.all():
        return ev, has, None
    return ev, has, _chain(t, ev, func)


@tidy
def atmosphere_families(data=None, /, *, events: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
                        invitations: pd.DataFrame | None = None, event_staff: pd.DataFrame | None = None,
                        level: float = rules.LEVEL) -> pd.DataFrame:
    """Do events with someone on the atmosphere (氛围: music, games for children) bring more families?

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch`).
    events, attendance, event_staff : pandas.DataFrame
        The contract's tables (``attendance.with_children`` where recorded).
    invitations : pandas.DataFrame, optional
        Who was invited (for "brought along", :func:`attendance_chain`); else the recorded source.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        One row per measure — ``with_children`` (share of attendees who came with children, when
        the attendance records it) and ``brought_along`` (share brought along by someone) — pooled
        over the attendees of the events with and without an atmosphere duty: ``measure``,
        ``events_with``, ``events_without``, ``attendees_with``, ``attendees_without`` (int64),
        ``share_with``, ``share_without`` (float), ``estimate`` (with − without), ``ci_low``,
        ``ci_high`` (Newcombe), ``p_value`` (chi-square, or Fisher for small counts) and ``method``
        (:func:`analysis.stats.compare_proportions`). Empty when no comparable event had an
        atmosphere role, or all did.

    Notes
    -----
    Observational: a branch puts someone on the atmosphere at the events it expects to be big, so a
    difference may come from the event as much as from the role. Only events of the kinds that had
    an atmosphere role at least once are compared (booths with booths, not with salons). Attendees
    of one event are not independent either (families come together), so the interval is too
    narrow: read it as a description.
    """
    func = "atmosphere_families"
    t = prep.pick(data, func, required=("events", "attendance", "event_staff"), optional=("invitations",),
                  events=events, attendance=attendance, invitations=invitations, event_staff=event_staff)
    level = prep.check_level(level, func)
    cols = {"measure": "string", "events_with": np.int64, "events_without": np.int64, "attendees_with": np.int64,
            "attendees_without": np.int64, "share_with": float, "share_without": float, "estimate": float,
            "ci_low": float, "ci_high": float, "p_value": float, "method": "string"}
    ev, has, chain = _atmosphere_groups(t, func)
    rows = []
    if chain is not None:
        grp = chain["event_id"].isin(set(ev.loc[has, "event_id"])).to_numpy()
        kids = tb.flags(chain, "with_children", func)
        measures = [("with_children", kids.fillna(False).to_numpy(dtype=bool), kids.notna().to_numpy())] \
            if kids.notna().any() else []
        brought = (chain["derived_source"] == "brought_along").fillna(False).to_numpy(dtype=bool)
        measures.append(("brought_along", brought, np.ones(len(chain), dtype=bool)))
        for measure, hit, known in measures:
            a, b = grp & known, ~grp & known
            x1, n1, x2, n2 = int((hit & a).sum()), int(a.sum()), int((hit & b).sum()), int(b.sum())
            if n1 == 0 or n2 == 0:
                continue
            c = stats.compare_proportions(x1, n1, x2, n2, level=level).iloc[0]
            rows.append({"measure": measure, "events_with": int(has.sum()), "events_without": int((~has).sum()),
                         "attendees_with": n1, "attendees_without": n2, "share_with": x1 / n1,
                         "share_without": x2 / n2, "estimate": c["estimate"], "ci_low": c["ci_low"],
                         "ci_high": c["ci_high"], "p_value": c["p_value"], "method": c["method"]})
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in cols.items()})
    return pd.DataFrame(rows).astype(cols)[list(cols)]


@tidy
def atmosphere_stay(data=None, /, *, events: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
                    event_staff: pd.DataFrame | None = None, level: float = rules.LEVEL) -> pd.DataFrame:
    """Do events with someone on the atmosphere keep visitors longer?

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch`).
    events, attendance, event_staff : pandas.DataFrame
        The contract's tables (``attendance.left_at``, the check-out, where recorded).
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        One row: ``measure`` — ``stay_minutes`` (each event's mean stay, check-out − check-in, when
        check-outs exist) or else ``arrival_span_minutes`` (each event's first to last arrival: a
        longer span means visitors kept coming) — ``events_with``, ``events_without`` (int64: events
        with a value), ``minutes_with``, ``minutes_without`` (float: the mean over the events),
        ``estimate`` (with − without), ``ci_low``, ``ci_high`` and ``p_value`` of Welch's t-test over
        events (R's ``t.test(with, without)``; NaN with fewer than two events on a side) and
        ``method`` (``welch``). Empty as :func:`atmosphere_families`.

    Notes
    -----
    Observational: a branch puts someone on the atmosphere at the events it expects to be big, so a
    difference may come from the event as much as from the role. Only events of the kinds that had
    an atmosphere role at least once are compared (booths with booths, not with salons).
    """
    func = "atmosphere_stay"
    t = prep.pick(data, func, required=("events", "attendance", "event_staff"), events=events, attendance=attendance,
                  event_staff=event_staff)
    level = prep.check_level(level, func)
    cols = {"measure": "string", "events_with": np.int64, "events_without": np.int64, "minutes_with": float,
            "minutes_without": float, "estimate": float, "ci_low": float, "ci_high": float, "p_value": float,
            "method": "string"}
    ev, has, chain = _atmosphere_groups({**t, "invitations": None}, func)
    if chain is None:
        return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in cols.items()})
    left = prep.times(chain, "attendance", "left_at", func)
    if left.notna().any():
        per = ((left - chain["arrived_at"]) / pd.Timedelta(minutes=1)).groupby(chain["event_id"]).mean()
        measure = "stay_minutes"
    else:
        span = chain.groupby("event_id")["arrived_at"].agg(["min", "max"])
        per = (span["max"] - span["min"]) / pd.Timedelta(minutes=1)
        measure = "arrival_span_minutes"
    values = ev["event_id"].map(per)
    x = values[has].dropna().to_numpy(dtype=float)
    y = values[~has].dropna().to_numpy(dtype=float)
    if not len(x) or not len(y):
        return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in cols.items()})
    d, lo, hi, p = _welch(x, y, level)
    row = {"measure": measure, "events_with": len(x), "events_without": len(y), "minutes_with": float(x.mean()),
           "minutes_without": float(y.mean()), "estimate": d, "ci_low": lo, "ci_high": hi, "p_value": p,
           "method": "welch"}
    return pd.DataFrame([row]).astype(cols)[list(cols)]


def roles_text(shifts: pd.DataFrame, captains: pd.DataFrame | None = None, min_gap: float = rules.FLOW_GAP_MINUTES,
               language: str = "zh") -> str:
    """The answer of the roles section in one or two sentences (sentences ``events.roles.*``).

    ``shifts`` is :func:`greeter_shifts`; ``captains`` the pooled :func:`captain_guests`
    (``by_captain=False``), optional.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"duty": ["greeter", "greeter", "no_greeter"], "long_gaps": [0, 2, 1],
    ...                   "receiving": [False, True, False]})
    >>> print(roles_text(s, language="en"))  # doctest: +NORMALIZE_WHITESPACE
    2 greeter duties: 1 with gaps of 10+ minutes, 1 where the greeter was recording visitors (receiving
    instead of greeting); 1 gap(s) while no greeter was on duty.
    """
    if shifts is None or not len(shifts):
        return say("events.roles.none", language)
    g = shifts.loc[(shifts["duty"] == "greeter").to_numpy()]
    text = say("events.roles.shifts", language, n=len(g), gaps=int((g["long_gaps"] > 0).sum()),
               receiving=int(g["receiving"].sum()), gap=float(min_gap))
    uncovered = int(shifts.loc[(shifts["duty"] == "no_greeter").to_numpy(), "long_gaps"].sum())
    if uncovered:
        text = text[:-1] + say("events.roles.uncovered", language, n=uncovered)
    if captains is not None and len(captains) and int(captains["guests"].sum()) > 0:
        r = captains.iloc[0]
        text += say("events.roles.captains", language, guests=int(r["guests"]), s=int(r["strangers"]),
                    rate=float(r["rate"]), lo=float(r["ci_low"]), hi=float(r["ci_high"]))
    return text
