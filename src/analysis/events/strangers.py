"""The stranger-customer ratio (陌生客户占比): per event, source or inviter, compared and modelled.

A stranger is an attendee who was not a bank customer at the event
(``attendance.is_bank_customer`` is False); the branch standard is a ratio above
:data:`analysis.rules.STRANGER_RATIO_STANDARD` (70%) at every event.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import prep, rules, stats
from analysis.errors import ParameterError
from analysis.events import _tables as tb
from analysis.events._tables import tidy

__all__ = ["MODEL_TERMS", "stranger_ratio", "compare_events", "compare_with_previous", "monthly_stranger_ratio",
           "stranger_model"]

#: Terms :func:`stranger_model` knows how to build from the events table.
MODEL_TERMS = ("partner", "kind", "theme", "weekday", "weekend", "hour")


@tidy
def stranger_ratio(attendance: pd.DataFrame, by="event_id", level: float = rules.LEVEL,
                   standard: float = rules.STRANGER_RATIO_STANDARD) -> pd.DataFrame:
    """Stranger-customer ratio (陌生客户占比) with its Wilson interval, per group.

    Parameters
    ----------
    attendance : pandas.DataFrame
        Check-ins (the ``attendance`` table, or :func:`attendance_chain` for the
        chain columns): ``event_id``, ``person_id``, ``is_bank_customer``, and
        ``arrived_at`` when present.
    by : str, list of str or None, default "event_id"
        Grouping columns of ``attendance``: e.g. ``"event_id"``,
        ``["event_id", "source"]``, ``"chain_inviter"``; None gives the total.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
        Confidence level of the interval.
    standard : float, default :data:`analysis.rules.STRANGER_RATIO_STANDARD` (0.70)
        The branch standard (陌生客户占比 above 70% at every event).

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted by the keys; a missing key value is a group of
        its own), with columns:

        - the ``by`` columns;
        - ``attendees`` (int64): distinct people checked in (per event);
        - ``strangers`` (int64): of them, not bank customers at the event;
        - ``rate`` (float): ``strangers / attendees``;
        - ``ci_low``, ``ci_high`` (float): Wilson interval at ``level``;
        - ``below_standard`` (bool): ``rate < standard``.

    Raises
    ------
    ParameterError
        Unknown ``by`` column, ``level`` or ``standard`` not in (0, 1).
    DataError
        Missing required column, empty ids, or ``is_bank_customer`` empty or
        not True/False (rows named).

    Notes
    -----
    Duplicate check-ins of one person at one event count once (the earliest
    is kept), so ``attendees`` counts person-events. With ``by=None`` or
    a grouping that spans events, a person who came to two events counts
    twice — once per event — as the standard is about each event's audience.

    The interval is the Wilson score interval
    (:func:`analysis.stats.proportion`), R's ``prop.test(x, n, correct =
    FALSE)$conf.int``. ``below_standard`` compares the point estimate; whether
    the shortfall is clear shows in the interval (``ci_high < standard``).

    Examples
    --------
    The salon case: 31 of 38 attendees were not bank customers.

    >>> import pandas as pd
    >>> att = pd.DataFrame({"event_id": "B01-E03", "person_id": [f"P{i:02d}" for i in range(38)],
    ...                     "is_bank_customer": [True] * 7 + [False] * 31})
    >>> stranger_ratio(att).round(6)
      event_id  attendees  strangers      rate    ci_low   ci_high  below_standard
    0  B01-E03         38         31  0.815789  0.665811  0.907782           False
    """
    func = "stranger_ratio"
    level = prep.check_level(level, func)
    standard = prep.check_fraction(standard, "standard", func)
    att = tb.checkins(attendance, func)
    keys = prep.by_columns(by, att.columns, "the attendance data", func, allow_empty=False)
    if keys == ["event_id"]:  # the default: check-ins come sorted by event_id (no missing ids), count by codes
        code, events = pd.factorize(att["event_id"])
        counts = pd.DataFrame({"event_id": pd.Series(events, dtype=att["event_id"].dtype),
                               "attendees": np.bincount(code, minlength=len(events)),
                               "strangers": np.bincount(code, weights=att["stranger"].to_numpy(dtype=float),
                                                        minlength=len(events)).round()})
    elif keys:
        counts = (att.groupby(keys, observed=True, dropna=False, sort=True)
                     .agg(attendees=("person_id", "size"), strangers=("stranger", "sum"))
                     .reset_index())
    else:
        counts = pd.DataFrame({"attendees": [len(att)], "strangers": [int(att["stranger"].sum())]})
    counts = counts.astype({"attendees": np.int64, "strangers": np.int64})
    out = tb.with_rate(counts, "strangers", "attendees", level)
    return out.assign(below_standard=(out["rate"] < standard).to_numpy(dtype=bool))




# ---------------------------------------------------------------------------
# comparisons
# ---------------------------------------------------------------------------

_COMPARE_COLUMNS = ["event_id1", "event_id2", "strangers1", "attendees1", "rate1", "strangers2", "attendees2",
                    "rate2", "estimate", "ci_low", "ci_high", "p_value", "method"]


def _compare_rows(counts: pd.DataFrame, pairs: list[tuple[str, str]], level: float, method: str) -> pd.DataFrame:
    rows = []
    by_id = counts.set_index("event_id")
    for a, b in pairs:  # one row per pair of events
        c = stats.compare_proportions(int(by_id.at[a, "strangers"]), int(by_id.at[a, "attendees"]),
                                      int(by_id.at[b, "strangers"]), int(by_id.at[b, "attendees"]),
                                      level=level, method=method)
        rows.append(c.assign(event_id1=a, event_id2=b))
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype={"event_id1": "string", "event_id2": "string",
                                                     "method": "string"}.get(c, "int64" if c[:-1] in
                                                                              ("strangers", "attendees") else float))
                             for c in _COMPARE_COLUMNS})
    out = pd.concat(rows, ignore_index=True).rename(columns={
        "successes1": "strangers1", "trials1": "attendees1", "successes2": "strangers2", "trials2": "attendees2"})
    return out.astype({"event_id1": "string", "event_id2": "string", "method": "string"})[_COMPARE_COLUMNS]


@tidy
def compare_events(attendance: pd.DataFrame, event_id1: str, event_id2: str, level: float = rules.LEVEL,
                   method: str = "auto") -> pd.DataFrame:
    """Compare the stranger ratio of two events: difference, interval, p-value.

    Parameters
    ----------
    attendance : pandas.DataFrame
        Check-ins of (at least) both events.
    event_id1, event_id2 : str
        The events; the difference is ``rate1 - rate2``.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
    method : {"auto", "wald", "newcombe", "fisher"}, default "auto"
        Passed to :func:`analysis.stats.compare_proportions`: "auto" uses
        Fisher's exact test when an expected count is below 5 (small events)
        and the chi-square test otherwise, with Newcombe's interval.

    Returns
    -------
    pandas.DataFrame
        One row: ``event_id1``, ``event_id2``, ``strangers1``, ``attendees1``,
        ``rate1``, ``strangers2``, ``attendees2``, ``rate2`` (int64 counts,
        float rates), ``estimate`` (``rate1 - rate2``), ``ci_low``,
        ``ci_high`` (interval of the difference), ``p_value``, ``method``.

    Raises
    ------
    ParameterError
        An event without check-ins, or a bad ``level``/``method``.

    Notes
    -----
    Duplicate check-ins count once. The test treats the two audiences as
    independent samples; a person who came to both events counts in both.

    Examples
    --------
    >>> import pandas as pd
    >>> att = pd.DataFrame({"event_id": ["A"] * 4 + ["B"] * 4, "person_id": list("pqrsptuv"),
    ...                     "is_bank_customer": [False, False, False, True, True, True, False, True]})
    >>> compare_events(att, "A", "B")[["rate1", "rate2", "estimate", "method"]]
       rate1  rate2  estimate  method
    0   0.75   0.25       0.5  fisher
    """
    func = "compare_events"
    level = prep.check_level(level, func)
    counts = stranger_ratio(attendance, by="event_id", level=level)
    known = set(counts["event_id"])
    for name, e in (("event_id1", event_id1), ("event_id2", event_id2)):
        if e not in known:
            raise ParameterError(f"{func}: {name} {e!r} has no check-ins in the attendance data; events with "
                                 f"check-ins: {prep.show(sorted(known)) or 'none'}.")
    return _compare_rows(counts, [(event_id1, event_id2)], level, method)


def _previous_comparable(events: pd.DataFrame) -> pd.DataFrame:
    """event_id → previous_event_id: the latest earlier event of the same branch and kind."""
    ev = events.assign(_branch=events["branch_id"].astype("string") if "branch_id" in events.columns else "",
                       _kind=events["kind"].astype("string"))
    ev = ev.sort_values(["starts_at", "event_id"], kind="stable")
    prev = ev.groupby(["_branch", "_kind"], dropna=False, sort=False)["event_id"].shift(1)
    return pd.DataFrame({"event_id": ev["event_id"].to_numpy(),
                         "previous_event_id": prev.astype("string").to_numpy()}).reset_index(drop=True)


@tidy
def compare_with_previous(data=None, /, *, attendance: pd.DataFrame | None = None,
                          events: pd.DataFrame | None = None, level: float = rules.LEVEL, method: str = "auto",
                          event_id: str = "") -> pd.DataFrame:
    """Each event's stranger ratio against the previous comparable event.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch`) supplying the
        tables not given by name.
    attendance : pandas.DataFrame
        Check-ins.
    events : pandas.DataFrame
        The ``events`` table (``event_id``, ``kind``, ``starts_at``;
        ``branch_id`` when present).
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
    method : str, default "auto"
        As in :func:`compare_events`.
    event_id : str, default ""
        Keep the comparison of this event only (the previous event is still
        looked up in the whole history); empty keeps every event.

    Returns
    -------
    pandas.DataFrame
        One row per event that has check-ins and a previous comparable event
        with check-ins, with the columns of :func:`compare_events`
        (``event_id1`` is the event, ``event_id2`` the previous one).

    Notes
    -----
    The previous comparable event is the latest earlier event of the same
    branch and kind (booth, salon or activity).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["S1", "B1", "S2"], "kind": ["salon", "booth", "salon"],
    ...                    "starts_at": pd.to_datetime(["2026-07-04", "2026-07-08", "2026-07-18"])})
    >>> att = pd.DataFrame({"event_id": ["S1"] * 4 + ["B1"] * 2 + ["S2"] * 4, "person_id": list("abcdefghij"),
    ...                     "is_bank_customer": [True, True, False, False, True, False,
    ...                                          False, False, False, True]})
    >>> compare_with_previous(attendance=att, events=ev)[["event_id1", "event_id2", "rate1", "rate2", "method"]]
      event_id1 event_id2  rate1  rate2  method
    0        S2        S1   0.75    0.5  fisher
    """
    func = "compare_with_previous"
    t = prep.pick(data, func, required=("attendance", "events"), attendance=attendance, events=events)
    level = prep.check_level(level, func)
    ev = tb.events(t["events"], func, ("event_id", "kind", "starts_at"))
    counts = stranger_ratio(t["attendance"], by="event_id", level=level)
    prev = _previous_comparable(ev)
    have = set(counts["event_id"])
    ok = prev["previous_event_id"].notna() & prev["event_id"].isin(have) & prev["previous_event_id"].isin(have)
    pairs = list(zip(prev.loc[ok, "event_id"], prev.loc[ok, "previous_event_id"]))
    out = _compare_rows(counts, sorted(pairs), level, method)
    return tb.only_event(out, event_id, func, column="event_id1")


@tidy
def monthly_stranger_ratio(data=None, /, *, attendance: pd.DataFrame | None = None,
                           events: pd.DataFrame | None = None, level: float = rules.LEVEL,
                           standard: float = rules.STRANGER_RATIO_STANDARD) -> pd.DataFrame:
    """Stranger ratio per calendar month (of the event's start) with its interval.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch`) supplying the
        tables not given by name.
    attendance : pandas.DataFrame
        Check-ins.
    events : pandas.DataFrame
        The ``events`` table (``event_id``, ``starts_at``).
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
    standard : float, default :data:`analysis.rules.STRANGER_RATIO_STANDARD` (0.70)

    Returns
    -------
    pandas.DataFrame
        One row per month with check-ins: ``month`` (first day, datetime),
        ``events`` (int64, events with check-ins), ``attendees``,
        ``strangers`` (int64), ``rate``, ``ci_low``, ``ci_high``,
        ``below_standard``. Check-ins at events not in ``events`` are left
        out (:func:`event_findings` lists them).

    Notes
    -----
    Pooled over the month's events: ``sum(strangers) / sum(attendees)`` with
    a Wilson interval, which treats attendees as independent; attendees of
    one event resemble each other, so the interval is somewhat too narrow when
    events differ much (see :func:`stranger_model`).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1", "E2", "E3"],
    ...                    "starts_at": pd.to_datetime(["2026-07-04", "2026-07-18", "2026-08-01"])})
    >>> att = pd.DataFrame({"event_id": ["E1", "E1", "E2", "E3"], "person_id": list("abcd"),
    ...                     "is_bank_customer": [False, True, False, False]})
    >>> monthly_stranger_ratio(attendance=att, events=ev)[["month", "events", "attendees", "strangers"]]
           month  events  attendees  strangers
    0 2026-07-01       2          3          2
    1 2026-08-01       1          1          1
    """
    func = "monthly_stranger_ratio"
    t = prep.pick(data, func, required=("attendance", "events"), attendance=attendance, events=events)
    level = prep.check_level(level, func)
    standard = prep.check_fraction(standard, "standard", func)
    ev = tb.events(t["events"], func, ("event_id", "starts_at"))
    att = tb.checkins(t["attendance"], func)
    month = prep.lookup(att["event_id"], ev.set_index("event_id")["starts_at"].dt.to_period("M").dt.start_time)
    att = att.assign(month=month.astype("datetime64[ns]")).loc[month.notna().to_numpy()]
    counts = (att.groupby("month", sort=True)
                 .agg(events=("event_id", "nunique"), attendees=("person_id", "size"), strangers=("stranger", "sum"))
                 .reset_index().astype({"events": np.int64, "attendees": np.int64, "strangers": np.int64}))
    if counts.empty:
        counts = counts.astype({"month": "datetime64[ns]"})
    out = tb.with_rate(counts, "strangers", "attendees", level)
    return out.assign(below_standard=(out["rate"] < standard).to_numpy(dtype=bool))


def _event_attributes(ev: pd.DataFrame) -> pd.DataFrame:
    start = ev["starts_at"]
    partner = ev["partner_id"].notna() if "partner_id" in ev.columns else pd.Series(False, index=ev.index)
    return pd.DataFrame({
        "event_id": ev["event_id"].to_numpy(),
        "partner": partner.astype(np.int64).to_numpy(),
        "kind": ev["kind"].astype("string").to_numpy(dtype=object),
        "theme": ev["theme"].astype("string").to_numpy(dtype=object) if "theme" in ev.columns else None,
        "weekday": start.dt.day_name().to_numpy(dtype=object),
        "weekend": (start.dt.day_of_week >= 5).astype(np.int64).to_numpy(),
        "hour": (start.dt.hour + start.dt.minute / 60).to_numpy(dtype=float),
    })


_MODEL_COLUMNS = ["term", "variable", "estimate", "std_error", "odds_ratio", "ci_low", "ci_high", "p_value", "n",
                  "events", "note"]


def _term_formula(term: str) -> str:
    return f"C({term})" if term in ("kind", "theme", "weekday") else term


@tidy
def stranger_model(data=None, /, *, attendance: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                   terms: Sequence[str] = ("partner", "kind", "weekend", "hour"),
                   level: float = rules.LEVEL) -> pd.DataFrame:
    """Logistic regression of "attendee is a stranger" on event attributes, with odds ratios.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch`) supplying the
        tables not given by name.
    attendance : pandas.DataFrame
        Check-ins (one row per attendee and event after removing duplicates).
    events : pandas.DataFrame
        The ``events`` table (``event_id``, ``kind``, ``starts_at``;
        ``partner_id`` and ``theme`` when used).
    terms : sequence of str, default ("partner", "kind", "weekend", "hour")
        Event attributes, tried in this order: ``partner`` (1 if a partner
        merchant co-hosts), ``kind`` (booth/salon/activity; activity, the first
        alphabetically, is the reference), ``theme``, ``weekday`` (day name),
        ``weekend`` (1 on Saturday/Sunday), ``hour`` (start time in hours).
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        One row per model term (from :func:`analysis.stats.logit`: ``term``
        such as ``"Intercept"``, ``"partner"``, ``"C(kind)[T.salon]"``) and one
        row per requested attribute that had to be left out, with columns:

        - ``term`` (str), ``variable`` (str: the attribute, "Intercept" for the
          intercept);
        - ``estimate``, ``std_error`` (log-odds scale), ``odds_ratio``,
          ``ci_low``, ``ci_high`` (Wald interval of the odds ratio),
          ``p_value`` — NaN on rows left out;
        - ``n`` (int64): attendees in the fit; ``events`` (int64): events;
        - ``note`` (str): empty for fitted terms, else why the attribute was
          left out ("one value only", "confounded with the terms before it
          (too few events)", "separation"), or why no model could be fitted.

    Raises
    ------
    ParameterError
        Unknown term or bad ``level``.

    Notes
    -----
    The outcome is coded 0/1 (1 = stranger), so odds ratios above 1 mean more
    strangers (statsmodels would model P(False) with a True/False response).

    Check-ins at events not in ``events`` are left out. The attributes
    belong to events, not to people: with k events at most k
    parameters can be estimated, and a branch has only a handful of events.
    The terms are therefore added one at a time in the order given; an
    attribute that is constant, that is confounded with the attributes
    already in the model (collinear design) or that separates the outcome is
    left out and reported in ``note`` rather than failing the whole model.

    Caution: attendees of one event are not independent (they come in
    groups, by the same invitations), so the standard errors, which treat
    them as independent, are too small and the intervals too narrow; read the
    model as descriptive and check the per-event ratios. Event-clustered
    standard errors would fix this (not offered by :func:`analysis.stats.logit`).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "kind": ["salon", "salon", "booth"],
    ...                    "partner_id": ["PT01", None, None],
    ...                    "starts_at": pd.to_datetime(["2026-07-04 14:00", "2026-07-11 14:00",
    ...                                                 "2026-07-15 10:00"])})
    >>> att = pd.DataFrame({"event_id": ["E1"] * 5 + ["E2"] * 5 + ["E3"] * 5, "person_id": list("abcdefghijklmno"),
    ...                     "is_bank_customer": [0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 0]})
    >>> m = stranger_model(attendance=att, events=ev, terms=["partner", "weekend", "kind"])
    >>> m["term"].tolist(), int(m["n"].iloc[0]), int(m["events"].iloc[0])
    (['Intercept', 'partner', 'weekend', 'kind'], 15, 3)
    >>> m["note"].iloc[3]
    'confounded with the terms before it (too few events)'
    """
    func = "stranger_model"
    t = prep.pick(data, func, required=("attendance", "events"), attendance=attendance, events=events)
    level = prep.check_level(level, func)
    if isinstance(terms, str):
        terms = [terms]
    unknown = [x for x in terms if x not in MODEL_TERMS]
    if unknown or not terms:
        raise ParameterError(f"{func}: terms must be chosen from {', '.join(MODEL_TERMS)}; got {list(terms)!r}.")
    ev = tb.events(t["events"], func, ("event_id", "kind", "starts_at"))
    att = tb.checkins(t["attendance"], func)
    attrs = _event_attributes(ev)
    frame = att[["event_id", "stranger"]].merge(attrs, on="event_id", how="inner")
    n_events = int(frame["event_id"].nunique())

    def empty(reason):
        return pd.DataFrame({"term": pd.array(list(terms), dtype="string"),
                             "variable": pd.array(list(terms), dtype="string"),
                             **{c: np.full(len(terms), np.nan) for c in _MODEL_COLUMNS[2:8]},
                             "n": np.full(len(terms), len(frame), dtype=np.int64),
                             "events": np.full(len(terms), n_events, dtype=np.int64),
                             "note": pd.array([reason] * len(terms), dtype="string")})

    if len(frame) == 0 or frame["stranger"].nunique() < 2:
        return empty("no model: every attendee is a stranger, or none is" if len(frame) else "no model: no check-ins")
    kept, dropped, last = [], {}, None
    for term in terms:  # one attempt per attribute (a handful)
        if frame[term].nunique(dropna=True) < 2:
            dropped[term] = "one value only"
            continue
        formula = "stranger ~ " + " + ".join(_term_formula(x) for x in kept + [term])
        try:
            last = stats.logit(frame, formula, level=level)
            kept.append(term)
        except ParameterError as exc:
            msg = str(exc)
            dropped[term] = ("separation" if "separation" in msg else
                             "confounded with the terms before it (too few events)" if "collinear" in msg else
                             "could not be fitted")
    if not kept:
        return empty("no model: " + "; ".join(f"{k}: {v}" for k, v in dropped.items()))
    fitted = last
    variable = fitted["term"].map(lambda x: next((k for k in kept if x == k or x.startswith(f"C({k})")),
                                                 "Intercept"))
    fitted = fitted.assign(variable=variable.astype("string"), term=fitted["term"].astype("string"),
                           events=np.int64(n_events), note=pd.array([""] * len(fitted), dtype="string"))
    left = pd.DataFrame({"term": pd.array(list(dropped), dtype="string"),
                         "variable": pd.array(list(dropped), dtype="string"),
                         **{c: np.full(len(dropped), np.nan) for c in _MODEL_COLUMNS[2:8]},
                         "n": np.full(len(dropped), int(fitted["n"].iloc[0]), dtype=np.int64),
                         "events": np.full(len(dropped), n_events, dtype=np.int64),
                         "note": pd.array(list(dropped.values()), dtype="string")})
    out = pd.concat([fitted, left], ignore_index=True) if len(left) else fitted
    return out.astype({"n": np.int64, "events": np.int64})[_MODEL_COLUMNS].reset_index(drop=True)


