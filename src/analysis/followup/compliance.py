"""Compliance with the 24/72 rule and the time it takes to contact a lead and to get a result.

The branch's practice: a **first contact within 24 hours** of capture and a **result (won or
lost) within 72 hours**, because a customer's hesitation window is about three days
(:data:`analysis.rules.CONTACT_HOURS`, :data:`analysis.rules.RESOLVE_HOURS`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.followup.status import (DERIVED, HOUR, ID_COLUMNS, RULES, STATUSES, check_hours, derived_column,
                                      evaluate, labelled, prepare, resolve_as_of)
from analysis.followup.status import clock as status_clock
from analysis.followup.workdays import working_calendar
from analysis.stats import km_quantiles, proportion

__all__ = ["rule_24_72", "compliance_text", "time_to_contact"]


def _empty_by(st: pd.DataFrame, keys: list[str]) -> dict:
    return {k: st[k].iloc[0:0] for k in keys}


def rule_24_72(leads: pd.DataFrame, by=None, as_of=None, contact_hours: float = rules.CONTACT_HOURS,
               resolve_hours: float = rules.RESOLVE_HOURS, level: float = rules.LEVEL, clock: str = "calendar",
               workdays=None) -> pd.DataFrame:
    """Compliance with the 24/72 rule: first contact within 24 h, a result within 72 h.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (see :func:`~analysis.followup.lead_status`).
    by : str or list of str, optional
        Grouping columns of the leads, e.g. ``"assigned_to"`` (per staff), ``"event_id"``, or the
        derived ``"source"`` (event / group / other). None: one row per rule for all leads.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``
        (:func:`~analysis.followup.default_as_of`).
    contact_hours, resolve_hours : float, default :data:`analysis.rules.CONTACT_HOURS` and
        :data:`analysis.rules.RESOLVE_HOURS` (24 and 72)
        The windows, in hours from ``captured_at``.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
        Confidence level of the interval.
    clock : {"calendar", "working"}, default "calendar"
        How the windows are measured: calendar hours (the rule as written), or working hours — only
        the hours of working days count (:mod:`analysis.followup.workdays`: a working day counts 24 h,
        a weekend day or public holiday 0, a make-up working day 调休 is a working day).
    workdays : WorkingCalendar, str or mapping, optional
        The calendar of working days for ``clock="working"``; default
        :data:`analysis.rules.WORKING_CALENDAR` (China's official calendar). A bank's own:
        ``WorkingCalendar(holidays=[...], workdays=[...])`` or ``{"holidays": [...], "workdays": [...]}``.

    Returns
    -------
    pandas.DataFrame
        One row per group and rule (groups sorted, a missing key such as an unassigned lead
        is a group of its own), with columns:

        - the ``by`` keys;
        - ``rule`` (str): ``first_contact_24h`` or ``resolved_72h``;
        - ``leads`` (int64): the denominator — leads whose window has elapsed at ``as_of`` or
          that already met the rule;
        - ``met`` (int64): leads that met the rule (event at or before capture + window);
        - ``pending`` (int64): leads still inside the window and not yet met — in neither
          ``leads`` nor ``met``;
        - ``rate`` (float): ``met / leads``; NaN when ``leads == 0``;
        - ``ci_low``, ``ci_high`` (float): Wilson interval at ``level``
          (:func:`analysis.stats.proportion`).

    Raises
    ------
    ParameterError, DataError
        As :func:`~analysis.followup.lead_status`; also when a ``by`` column is missing.

    Notes
    -----
    The clock starts at ``captured_at``. For a rule with window :math:`w`, a lead is *met* if its
    event time :math:`t` (first contact, or the result won/lost) satisfies
    :math:`t \\le t_\\text{capture} + w` and :math:`t \\le` ``as_of``; *pending* if not met and
    ``as_of`` :math:`< t_\\text{capture} + w`; *late* otherwise (in ``leads`` but not ``met``):
    contacted or resolved after the window, or not at all. ``late = leads - met``. Exactly 24 h
    (72 h) meets the rule. Leads captured after ``as_of`` are left out, so
    ``leads + pending`` is the number of leads captured by ``as_of``.

    The rule (DESIGN.md, "24/72 rule"): first follow-up within 24 hours of the event, a result
    within 72 hours, because a customer's hesitation window is typically three days.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> r = rule_24_72(leads)
    >>> list(r.columns)
    ['rule', 'leads', 'met', 'pending', 'rate', 'ci_low', 'ci_high']
    >>> r["rule"].tolist()
    ['first_contact_24h', 'resolved_72h']
    """
    func = "rule_24_72"
    prep.check_level(level, func)
    ch, rh = check_hours(contact_hours, resolve_hours, func)
    cal = _clock_calendar(clock, workdays, func)
    if not isinstance(leads, pd.DataFrame):
        prep.require_frame(leads, "leads", (), func)
    keys = prep.by_columns(by, [*leads.columns, *(c for c in DERIVED if c not in leads.columns)], "the leads", func)
    derived = [k for k in keys if k not in leads.columns]
    d = prepare(leads, func, ids=(), outcome_text="outcome" in keys)  # id keys are read on their few values
    ts = resolve_as_of(as_of, d, func)
    c = status_clock(d, ts, ch, rh, cal, status_only=not derived)
    keep = c["keep"]
    frame = None
    if keys:
        raw = [k for k in keys if k in d.columns]
        frame = d[raw] if keep.all() else d.loc[keep, raw].reset_index(drop=True)
        if derived:
            frame = frame.assign(**{k: derived_column(c, k, keep) for k in derived})
        frame = frame[keys]
    return _count_rules(frame, keys, c["contact_status"][keep], c["resolve_status"][keep], level,
                        ids=[k for k in keys if k in ID_COLUMNS and k in d.columns], func=func)


def _groups(frame: pd.DataFrame, keys: list[str], ids: Sequence[str] = (), func: str = "rule_24_72"
            ) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's group number (0 … g−1) and the groups' key values (one row per group, sorted as the report
    sorts them: by the keys, a missing key last). Missing keys are a group of their own.

    Every key is factorized once (pyarrow strings and categoricals stay in their own dtype) and the codes
    combined into one integer; no Python object per lead and no loop over groups. Id columns (``ids``) are
    read as :func:`analysis.prep.ids` reads them (stripped text, empty = missing) on their distinct values
    only — the same groups as stripping every row first.
    """
    n = len(frame)
    gid = np.zeros(n, dtype=np.int64)
    uniques, sizes = [], []
    for k in keys:
        kc, uniq = pd.factorize(frame[k], use_na_sentinel=False)
        if k in ids:  # normalize the distinct values, then merge codes that became equal (" S1" and "S1")
            norm = prep.ids(pd.DataFrame({k: pd.Series(uniq)}), "leads", k, func, required=False)
            remap, uniq = pd.factorize(norm, use_na_sentinel=False)
            kc = remap[kc] if len(remap) else kc
        m = max(len(uniq), 1)
        gid = gid * m + kc
        uniques.append(uniq)
        sizes.append(m)
    total = int(np.prod(sizes, dtype=np.int64))
    if total <= 4 * n + 1024:
        present = np.flatnonzero(np.bincount(gid, minlength=total))
        number = np.full(total, -1, dtype=np.int64)
        number[present] = np.arange(len(present))
        row_group = number[gid]
    else:  # many combinations of several keys
        present, row_group = np.unique(gid, return_inverse=True)
    parts = np.unravel_index(present, sizes) if len(keys) > 1 else (present,)
    values = pd.DataFrame({k: pd.Series(u.take(code)).array for k, u, code in zip(keys, uniques, parts)})
    if values.empty:
        values = frame[keys].iloc[0:0].reset_index(drop=True)
        if ids:
            values = values.astype({k: "string" for k in ids})
    order = values.sort_values(keys, na_position="last", kind="stable").index.to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[row_group] if n else row_group.astype(np.int64), values.iloc[order].reset_index(drop=True)


def _count_rules(frame, keys: list[str], contact: np.ndarray, resolve: np.ndarray, level: float,
                 ids: Sequence[str] = (), func: str = "rule_24_72") -> pd.DataFrame:
    """Met / late / pending of both rules per group of ``frame[keys]``, from the status codes of the leads kept.

    Counted with one ``numpy.bincount`` per rule over group × status; one row per group and rule.
    """
    if keys:
        row_group, values = _groups(frame, keys, ids, func)
        g = len(values)
    else:
        row_group, values, g = np.zeros(len(contact), dtype=np.int64), None, 1
    k = len(STATUSES)
    tallies = [np.bincount(row_group * k + codes, minlength=g * k).reshape(g, k) for codes in (contact, resolve)]
    met_n = np.column_stack([t[:, 0] for t in tallies]).ravel()  # group 0 rule 0, group 0 rule 1, group 1 rule 0, …
    pending_n = np.column_stack([t[:, 1] for t in tallies]).ravel()
    leads_n = met_n + np.column_stack([t[:, 2] for t in tallies]).ravel()
    p = proportion(met_n, leads_n, level=level) if len(met_n) else None
    empty = np.array([], dtype=float)
    out = values.loc[np.repeat(np.arange(g), len(RULES))].reset_index(drop=True) if keys else pd.DataFrame(
        index=pd.RangeIndex(len(RULES)))
    return out.assign(
        rule=labelled(np.tile(np.arange(len(RULES)), g), RULES),
        leads=leads_n.astype("int64"),
        met=met_n.astype("int64"),
        pending=pending_n.astype("int64"),
        rate=p["rate"].to_numpy() if p is not None else empty,
        ci_low=p["ci_low"].to_numpy() if p is not None else empty,
        ci_high=p["ci_high"].to_numpy() if p is not None else empty,
    )


def _clock_calendar(clock: str, workdays, func: str):
    """The working calendar of ``clock="working"`` (None for calendar hours)."""
    if clock == "calendar":
        return None
    if clock == "working":
        return working_calendar(workdays, func)
    raise ParameterError(f"{func}: clock must be 'calendar' or 'working', got {clock!r}.")


def compliance_text(headline: pd.DataFrame, language: str = "zh", contact_hours: float = rules.CONTACT_HOURS,
                    resolve_hours: float = rules.RESOLVE_HOURS) -> str:
    """The compliance headline in one sentence (zh or en), from :func:`rule_24_72` without ``by``.

    Parameters
    ----------
    headline : pandas.DataFrame
        The two rows of :func:`rule_24_72` (``rule``, ``leads``, ``met``, ``pending``, ``rate``,
        ``ci_low``, ``ci_high``).
    language : {"zh", "en"}
    contact_hours, resolve_hours : float
        The windows the headline was computed with (for the wording).

    Returns
    -------
    str
        Markdown: met / leads with rate and interval for each rule and the leads still pending;
        a sentence saying there is nothing to evaluate yet when a rule has no denominator.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"rule": ["first_contact_24h", "resolved_72h"], "leads": [10, 8], "met": [5, 3],
    ...                   "pending": [1, 3], "rate": [0.5, 0.375], "ci_low": [0.2366, 0.1368],
    ...                   "ci_high": [0.7634, 0.6943]})
    >>> compliance_text(h, "en")[:60]
    'First contact within 24 h: **5 / 10** (50.0%, 95% CI 23.7%–7'
    """
    from analysis.report import say

    prep.require_frame(headline, "headline", ("rule", "leads", "met", "pending", "rate", "ci_low", "ci_high"),
                       "compliance_text")
    rows = headline.set_index("rule")
    if not set(RULES) <= set(rows.index):
        raise ParameterError("compliance_text: headline must hold the two rows of rule_24_72 (without by=).")
    first, resolved = rows.loc[RULES[0]], rows.loc[RULES[1]]
    if not (first["leads"] and resolved["leads"]):
        return say("followup.compliance.none", language)
    return say("followup.compliance", language, contact_hours=f"{contact_hours:g}", resolve_hours=f"{resolve_hours:g}",
               met1=int(first["met"]), leads1=int(first["leads"]), rate1=first["rate"], lo1=first["ci_low"],
               hi1=first["ci_high"], pending1=int(first["pending"]), met2=int(resolved["met"]),
               leads2=int(resolved["leads"]), rate2=resolved["rate"], lo2=resolved["ci_low"],
               hi2=resolved["ci_high"], pending2=int(resolved["pending"]))


def _quantile_name(q: float) -> str:
    return "median" if q == 0.5 else f"q{q * 100:g}"


def time_to_contact(leads: pd.DataFrame, by=None, as_of=None, quantiles: Sequence[float] = (0.25, 0.5, 0.75, 0.9),
                    contact_hours: float = rules.CONTACT_HOURS, resolve_hours: float = rules.RESOLVE_HOURS
                    ) -> pd.DataFrame:
    """Hours from capture to first contact and to a result: median and quantiles per group.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    by : str or list of str, optional
        Grouping columns, e.g. ``"assigned_to"`` (per staff) or ``"source"`` (event / group / other).
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    quantiles : sequence of float, default (0.25, 0.5, 0.75, 0.9)
        Probabilities strictly between 0 and 1.
    contact_hours, resolve_hours : float, default 24 and 72 (:mod:`analysis.rules`)
        The windows of the rule; they define the derived columns (e.g. ``delay_band``) that ``by``
        may name, not the times measured.

    Returns
    -------
    pandas.DataFrame
        One row per group and ``measure`` (groups sorted), with columns:

        - the ``by`` keys;
        - ``measure`` (str): ``first_contact`` or ``resolution`` (won or lost);
        - ``leads`` (int64): leads captured by ``as_of``;
        - ``observed`` (int64): leads where the event happened by ``as_of``;
        - ``censored`` (int64): leads where it had not (yet);
        - one column per quantile, in hours: ``q25``, ``median``, ``q75``, ``q90`` (named
          ``q<100·p>``, ``median`` for 0.5); NaN when fewer than that share of leads had the
          event by ``as_of`` (e.g. ``q90`` when more than 10% were never contacted).

    Notes
    -----
    A lead without the event is not dropped (which would make follow-up look faster than it
    is): it is censored — at ``as_of`` for a lead still open, and, for first contact, at its
    ``closed_at`` when it was closed without a recorded contact (it will not be contacted any
    more). The quantiles are read off the Kaplan–Meier estimate of the time to the event
    (:func:`analysis.stats.km_quantiles`) with R's rule (``quantile(survfit(...))``): the first time the
    cumulative share reaches :math:`p`, and the midpoint to the next event time where the curve
    sits exactly at :math:`p`. Without censoring this is the usual sample quantile (R type 2).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> t = time_to_contact(leads, by="source")
    >>> list(t.columns)
    ['source', 'measure', 'leads', 'observed', 'censored', 'q25', 'median', 'q75', 'q90']
    """
    func = "time_to_contact"
    qs = list(quantiles)
    if not qs or any(isinstance(q, (bool, np.bool_)) or not isinstance(q, (int, float, np.number))
                     or not 0 < q < 1 for q in qs):
        raise ParameterError(f"{func}: quantiles must be probabilities strictly between 0 and 1, got {quantiles!r}.")
    st, as_of_ts = evaluate(leads, as_of, contact_hours, resolve_hours, func)
    keys = prep.by_columns(by, st.columns, "the leads", func)
    end_contact = st["closed_at"].where(st["first_contact_at"].isna() & st["closed_at"].notna()
                                        & (st["closed_at"] <= as_of_ts), as_of_ts)
    contact_t = st["hours_to_contact"].fillna((end_contact - st["captured_at"]) / HOUR)
    close_t = st["hours_to_close"].fillna(st["age_hours"])
    long = pd.concat([
        st[keys].assign(measure="first_contact", _t=contact_t.to_numpy(),
                        _e=st["hours_to_contact"].notna().astype(int).to_numpy()),
        st[keys].assign(measure="resolution", _t=close_t.to_numpy(),
                        _e=st["hours_to_close"].notna().astype(int).to_numpy()),
    ], ignore_index=True)
    names = [_quantile_name(q) for q in qs]
    rows = []
    for key, grp in long.groupby(keys + ["measure"], dropna=False, observed=True, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        qv = km_quantiles(grp["_t"].to_numpy(dtype=float), grp["_e"].to_numpy(), qs)
        rows.append({**dict(zip(keys + ["measure"], key)), "leads": len(grp), "observed": int(grp["_e"].sum()),
                     "censored": int(len(grp) - grp["_e"].sum()), **dict(zip(names, qv))})
    if not rows:
        out = pd.DataFrame({**_empty_by(st, keys), "measure": pd.Series([], dtype="string"),
                            "leads": pd.Series([], dtype="int64"), "observed": pd.Series([], dtype="int64"),
                            "censored": pd.Series([], dtype="int64"),
                            **{n: pd.Series([], dtype="float64") for n in names}})
        return out
    out = pd.DataFrame(rows)
    out = out.assign(_o=out["measure"].map({"first_contact": 0, "resolution": 1}))
    out = out.sort_values(keys + ["_o"], kind="stable", na_position="last").drop(columns="_o").reset_index(drop=True)
    if keys:
        out = out.astype({k: st[k].dtype for k in keys})
    return out.astype({"measure": "string", "leads": "int64", "observed": "int64", "censored": "int64",
                       **{n: "float64" for n in names}})


