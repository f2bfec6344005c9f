"""The working-day clock of the 24/72 rule: a calendar of working days and the hours that count.

Why a second clock
------------------
The 72 hours matter because a customer hesitates about three days; staff do not work at weekends
and on public holidays, so a lead captured on a Friday afternoon has lost most of its first 24
hours before anyone is at a desk. Compliance is therefore reported on two clocks:

- **calendar hours** — the rule as written: 24 and 72 hours of the wall clock from capture;
- **working hours** — only the hours of working days count: the clock **stops at midnight before
  a non-working day and starts again at midnight after it**; a working day counts all its 24 hours.

The rule for working hours
--------------------------
*A working day counts in full (24 hours); a weekend day or a public holiday counts 0; a make-up
working day (调休, e.g. Saturday 2026-10-10) is a working day.* So "within 24 working hours" means
"by the same time on the next working day": a lead captured on Friday at 15:00 is due for a first
contact by Monday 15:00, and one captured on Saturday by Monday 24:00 (Tuesday 00:00) — its clock
starts on Monday at 00:00. Office hours (09:00–17:30) were not chosen: they would turn "24 hours"
into about three working days and change the rule itself, whereas the practice's point is only
that nobody follows up on days off. On a week without days off the two clocks agree.

The calendar
------------
:class:`WorkingCalendar` holds the weekend days, the public holidays and the make-up working days.
The default (:data:`analysis.rules.WORKING_CALENDAR` = ``"china"``) is the official calendar of the
People's Republic of China as published by the State Council and packaged by ``chinese_calendar``
(PyPI ``chinesecalendar``): for 2026 the holidays include National Day 2026-10-01…07 and the
make-up working days Sunday 2026-09-20 and Saturday 2026-10-10. A bank with its own calendar passes
it explicitly — ``WorkingCalendar(holidays=[...], workdays=[...])`` or the mapping
``{"holidays": [...], "workdays": [...]}`` — and nothing else changes. Outside the years the
package knows (:attr:`WorkingCalendar.years`), days follow the weekend rule alone (Monday–Friday
work); :meth:`WorkingCalendar.uncovered` names such years so that a report can say so.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis import rules
from analysis.errors import ParameterError

__all__ = ["WorkingCalendar", "china_calendar", "working_calendar", "working_ns", "working_hours",
           "calendar_days", "special_days", "DAY_KINDS"]

DAY_NS = 86_400_000_000_000
_NAT = np.iinfo(np.int64).min
#: Kinds of day of :func:`calendar_days`.
DAY_KINDS: tuple[str, ...] = ("workday", "weekend", "holiday", "makeup_workday")


def _days(values, name: str, func: str) -> np.ndarray:
    """Dates (text, date, Timestamp, …) as a sorted unique ``datetime64[D]`` array."""
    if values is None:
        return np.array([], dtype="datetime64[D]")
    if isinstance(values, (str, _dt.date, pd.Timestamp)):
        values = [values]
    try:
        out = pd.to_datetime(pd.Series(list(values), dtype=object), format="mixed")
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{func}: {name} must be dates such as '2026-10-01': {exc}") from None
    if out.isna().any():
        raise ParameterError(f"{func}: {name} holds an empty date.")
    if isinstance(out.dtype, pd.DatetimeTZDtype):
        out = out.dt.tz_localize(None)
    return np.unique(out.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]"))


class WorkingCalendar:
    """Which days are working days: not a weekend day, not a holiday — or a make-up working day.

    Parameters
    ----------
    holidays : iterable of dates, optional
        Public holidays (days off, whatever the weekday): e.g. ``["2026-10-01", …, "2026-10-07"]``.
    workdays : iterable of dates, optional
        Make-up working days (调休): weekend days on which staff work, e.g. ``["2026-10-10"]``.
    weekend : sequence of int, default (5, 6)
        The weekdays off (Monday = 0 … Sunday = 6).
    name : str, optional
        How a report names the calendar (e.g. "中国法定节假日" or the bank's own name).
    years : iterable of int, optional
        The years the holiday lists are complete for (:meth:`uncovered`); None: every year.

    Examples
    --------
    >>> cal = WorkingCalendar(holidays=["2026-10-01"], workdays=["2026-10-10"])
    >>> cal.is_working(["2026-09-30", "2026-10-01", "2026-10-03", "2026-10-10"]).tolist()
    [True, False, False, True]
    """

    def __init__(self, holidays: Iterable | None = None, workdays: Iterable | None = None,
                 weekend: Sequence[int] = (5, 6), name: str | None = None, years: Iterable[int] | None = None):
        func = "WorkingCalendar"
        wk = list(weekend)
        if any(isinstance(w, (bool, np.bool_)) or not isinstance(w, (int, np.integer)) or not 0 <= w <= 6 for w in wk):
            raise ParameterError(f"{func}: weekend must list weekdays 0 (Monday) … 6 (Sunday), got {weekend!r}.")
        self.weekend = tuple(sorted(set(int(w) for w in wk)))
        self.holidays = _days(holidays, "holidays", func)
        self.workdays = _days(workdays, "workdays", func)
        both = np.intersect1d(self.holidays, self.workdays)
        if len(both):
            raise ParameterError(f"{func}: {', '.join(str(d) for d in both[:5])} is both a holiday and a "
                                 "make-up working day.")
        self.name = name
        self.years = None if years is None else tuple(sorted(set(int(y) for y in years)))

    def __repr__(self) -> str:
        return (f"WorkingCalendar(name={self.name!r}, holidays={len(self.holidays)}, "
                f"workdays={len(self.workdays)}, weekend={self.weekend})")

    def is_working(self, days) -> np.ndarray:
        """A bool per day: True on working days. ``days``: dates, text or a ``datetime64`` array."""
        d = np.asarray(days)
        if not np.issubdtype(d.dtype, np.datetime64):
            d = pd.to_datetime(pd.Series(list(np.atleast_1d(d)), dtype=object), format="mixed").to_numpy(
                dtype="datetime64[ns]")
        d = np.atleast_1d(d).astype("datetime64[D]")
        weekday = (d.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday (3)
        out = ~np.isin(weekday, self.weekend)
        out &= ~np.isin(d, self.holidays)
        out |= np.isin(d, self.workdays)
        return out

    def uncovered(self, start, end) -> list[int]:
        """The years from ``start`` to ``end`` (dates) that the holiday lists do not cover (empty when all are)."""
        if self.years is None or pd.isna(start) or pd.isna(end):
            return []
        return [y for y in range(pd.Timestamp(start).year, pd.Timestamp(end).year + 1) if y not in self.years]


def china_calendar() -> WorkingCalendar:
    """The official working-day calendar of China (holidays and 调休 days) from ``chinese_calendar``.

    Days of the years the package covers (2004 to its latest release's year; 2026 in version 1.11)
    get their official status; other years follow the weekend rule (:meth:`WorkingCalendar.uncovered`).

    Examples
    --------
    >>> cal = china_calendar()
    >>> cal.is_working(["2026-10-01", "2026-10-08", "2026-10-10", "2026-10-11"]).tolist()
    [False, True, True, False]
    """
    try:
        import chinese_calendar as cc
    except ImportError:  # pragma: no cover - it is a dependency
        raise ParameterError("the working-day calendar of China needs the package chinesecalendar "
                             "(pip install chinesecalendar), or pass your own WorkingCalendar(holidays=…, "
                             "workdays=…).") from None
    holidays, workdays = list(cc.holidays), list(cc.workdays)
    years = range(min(d.year for d in holidays), max(d.year for d in holidays) + 1)
    return WorkingCalendar(holidays=holidays, workdays=workdays, name="china", years=years)


_CHINA: WorkingCalendar | None = None


def working_calendar(workdays=None, func: str = "working_calendar") -> WorkingCalendar:
    """The calendar a function was given: a :class:`WorkingCalendar` as is, ``"china"`` (the default,
    :data:`analysis.rules.WORKING_CALENDAR`), ``"weekdays"`` (Monday–Friday, no holidays) or a mapping
    ``{"holidays": [...], "workdays": [...], "weekend": (5, 6), "name": ...}``.

    Examples
    --------
    >>> working_calendar({"holidays": ["2026-10-01"]}).is_working(["2026-10-01"]).tolist()
    [False]
    """
    global _CHINA
    spec = rules.WORKING_CALENDAR if workdays is None else workdays
    if isinstance(spec, WorkingCalendar):
        return spec
    if isinstance(spec, str):
        if spec == "china":
            if _CHINA is None:
                _CHINA = china_calendar()
            return _CHINA
        if spec == "weekdays":
            return WorkingCalendar(name="weekdays")
        raise ParameterError(f"{func}: workdays must be 'china', 'weekdays', a WorkingCalendar or a mapping "
                             f"with holidays and workdays, got {spec!r}.")
    if isinstance(spec, Mapping):
        unknown = set(spec) - {"holidays", "workdays", "weekend", "name", "years"}
        if unknown:
            raise ParameterError(f"{func}: unknown calendar keys {sorted(unknown)}; use holidays, workdays, "
                                 "weekend, name, years.")
        return WorkingCalendar(**spec)
    raise ParameterError(f"{func}: workdays must be 'china', 'weekdays', a WorkingCalendar or a mapping, "
                         f"got {type(spec).__name__}.")


def working_ns(times: Sequence[np.ndarray], calendar: WorkingCalendar) -> list[np.ndarray]:
    """Each time's position on the working-hour clock, in nanoseconds (differences are working time).

    ``times``: int64 nanosecond arrays (naive local times; the smallest int64 = missing). The
    position of a time :math:`t` on day :math:`d` is :math:`24\\,\\text{h} \\times` (working days
    before :math:`d` since the first day involved) plus, on a working day, the time since its
    midnight. So the working time between two moments is the sum of their overlaps with working
    days, computed for all leads at once (one calendar lookup per day, not per lead). Missing
    times stay missing.
    """
    valid = [t[t != _NAT] for t in times]
    present = [v for v in valid if len(v)]
    if not present:
        return [np.full(len(t), _NAT, dtype=np.int64) for t in times]
    lo = min(int(v.min()) for v in present) // DAY_NS
    hi = max(int(v.max()) for v in present) // DAY_NS
    days = np.arange(lo, hi + 1, dtype=np.int64)
    work = calendar.is_working(days.astype("datetime64[D]"))
    before = np.concatenate([[0], np.cumsum(work)[:-1]]).astype(np.int64)
    out = []
    for t in times:
        miss = t == _NAT
        day = np.where(miss, lo, t // DAY_NS)
        i = day - lo
        pos = before[i] * DAY_NS + np.where(work[i], t - day * DAY_NS, 0)
        out.append(np.where(miss, _NAT, pos))
    return out


def working_hours(start, end, workdays=None) -> np.ndarray:
    """Working hours from ``start`` to ``end`` (element by element), under the rule of this module.

    Parameters
    ----------
    start, end : array-like of times (same length; missing gives NaN)
    workdays : WorkingCalendar, str or mapping, optional
        The calendar (:func:`working_calendar`); default China's official calendar.

    Examples
    --------
    >>> working_hours(["2026-10-09 15:00", "2026-09-30 10:00"], ["2026-10-12 15:00", "2026-10-08 10:00"]).tolist()
    [48.0, 24.0]

    Friday 15:00 → Monday 15:00 is 48 working hours because Saturday 2026-10-10 is a make-up working
    day; Wednesday 09-30 10:00 → Thursday 10-08 10:00 spans the National Day holiday: 14 h of
    Wednesday and 10 h of Thursday.
    """
    cal = working_calendar(workdays, "working_hours")
    a = pd.to_datetime(pd.Series(list(np.atleast_1d(start)), dtype=object), format="mixed").to_numpy("datetime64[ns]")
    b = pd.to_datetime(pd.Series(list(np.atleast_1d(end)), dtype=object), format="mixed").to_numpy("datetime64[ns]")
    if len(a) != len(b):
        raise ParameterError(f"working_hours: start and end differ in length ({len(a)} and {len(b)}).")
    wa, wb = working_ns([a.view(np.int64), b.view(np.int64)], cal)
    miss = (wa == _NAT) | (wb == _NAT)
    return np.where(miss, np.nan, (wb - wa) / 3_600_000_000_000)


def calendar_days(start, end, workdays=None) -> pd.DataFrame:
    """The days from ``start`` to ``end`` (dates, both included) and what kind of day each is.

    Returns
    -------
    pandas.DataFrame
        One row per day: ``day`` (datetime64, midnight), ``working`` (bool), ``kind`` (str):
        ``workday``, ``weekend``, ``holiday`` (a public holiday on a weekday or weekend) or
        ``makeup_workday`` (a weekend day worked, 调休).

    Examples
    --------
    >>> calendar_days("2026-10-09", "2026-10-11")["kind"].tolist()
    ['workday', 'makeup_workday', 'weekend']
    """
    cal = working_calendar(workdays, "calendar_days")
    a, b = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    days = pd.date_range(a, b, freq="D").to_numpy(dtype="datetime64[D]")
    working = cal.is_working(days)
    weekday = (days.astype(np.int64) + 3) % 7
    weekend = np.isin(weekday, cal.weekend)
    holiday = np.isin(days, cal.holidays)
    kind = np.where(working, np.where(weekend | holiday, "makeup_workday", "workday"),
                    np.where(holiday, "holiday", "weekend"))
    return pd.DataFrame({"day": days.astype("datetime64[ns]"), "working": working,
                         "kind": pd.array(kind, dtype="string")})


def special_days(start, end, workdays=None) -> pd.DataFrame:
    """The public holidays and make-up working days (调休) from ``start`` to ``end`` — the days where the
    working-day clock differs from "Monday to Friday" (weekends are left out: everyone knows them).

    Returns the rows of :func:`calendar_days` whose ``kind`` is ``holiday`` or ``makeup_workday``; empty
    when either end is missing.

    Examples
    --------
    >>> special_days("2026-09-19", "2026-10-11")["day"].dt.strftime("%m-%d").tolist()[:4]
    ['09-20', '09-25', '09-26', '09-27']
    """
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return calendar_days("2000-01-01", "1999-12-31", workdays)
    days = calendar_days(start, end, workdays)
    return days.loc[days["kind"].isin(["holiday", "makeup_workday"]).to_numpy()].reset_index(drop=True)
