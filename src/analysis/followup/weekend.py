"""The 24/72 rule on the working-day clock, and whether a weekend inside the 72 hours costs deals.

Two questions a branch head asks after a Friday event:

1. *How much of our lateness is the weekend?* :func:`compliance_by_clock` reports both rules on both
   clocks — calendar hours (the rule as written) and working hours (only the hours of working days
   count; see :mod:`analysis.followup.workdays` for the rule) — and :func:`clock_text` says how many
   leads were late on the calendar clock but on time on the working clock.
2. *Do leads whose 72-hour window crosses a weekend or holiday convert less?* A window crosses when
   it holds at least a day's worth (:data:`analysis.rules.WEEKEND_MIN_OFF_HOURS`, 24 h) of weekend or
   holiday. :func:`weekend_effect` compares the win rate of such leads with that of the others
   (difference with interval and test, :func:`analysis.stats.compare_proportions`) and gives the odds
   ratio of a crossing window in the logistic model of :func:`~analysis.followup.delay_logit` (same
   contact delay, source and segment). Both are observational comparisons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.followup.compliance import rule_24_72
from analysis.followup.status import (NS_PER_HOUR, check_hours, clock, derived_column, prepare,
                                      resolve_as_of, tables)
from analysis.followup.workdays import working_calendar, working_ns
from analysis.stats import compare_proportions

__all__ = ["CLOCKS", "WEEKEND_VERDICTS", "lead_clocks", "compliance_by_clock", "clock_text", "weekend_effect",
           "weekend_text"]

#: The two clocks, in report order.
CLOCKS: tuple[str, ...] = ("calendar", "working")
#: Verdicts of :func:`weekend_effect`.
WEEKEND_VERDICTS: tuple[str, ...] = ("weekend_costs", "weekend_no_cost", "weekend_no_evidence", "too_few")
_NAT = np.iinfo(np.int64).min


def off_hours(captured: np.ndarray, hours: float, calendar) -> np.ndarray:
    """Hours of days off (weekend, holiday) inside the window ``[captured, captured + hours)`` of each lead.

    ``captured``: int64 nanoseconds. ``hours − off_hours`` is the working time the staff had.
    """
    end = captured + int(pd.Timedelta(hours=hours).value)
    a, b = working_ns([captured, end], calendar)
    return hours - (b - a) / NS_PER_HOUR


def lead_clocks(leads: pd.DataFrame, as_of=None, workdays=None, contact_hours: float = rules.CONTACT_HOURS,
                resolve_hours: float = rules.RESOLVE_HOURS,
                min_off_hours: float = rules.WEEKEND_MIN_OFF_HOURS) -> pd.DataFrame:
    """Each lead on both clocks: its statuses in calendar and in working hours, and the days off in its window.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    workdays : WorkingCalendar, str or mapping, optional
        The calendar of working days (:func:`~analysis.followup.working_calendar`); default
        :data:`analysis.rules.WORKING_CALENDAR` (China's official calendar with its holidays and
        make-up working days).
    contact_hours, resolve_hours : float, default 24 and 72 (:mod:`analysis.rules`)
    min_off_hours : float, default :data:`analysis.rules.WEEKEND_MIN_OFF_HOURS` (24)
        Hours of days off a window must hold to count as crossing a weekend (a whole day's worth).

    Returns
    -------
    pandas.DataFrame
        One row per lead captured by ``as_of`` (in the order of ``leads``): ``lead_id``,
        ``assigned_to`` (when present), ``captured_at``; ``contact_status`` and ``resolve_status``
        (met / pending / late on the calendar clock, as :func:`~analysis.followup.lead_status`);
        ``contact_status_working`` and ``resolve_status_working`` (the same on the working clock);
        ``off_hours`` (float): hours of days off inside the lead's first ``resolve_hours`` (72) hours
        of the calendar clock; ``crosses_off_day`` (int64, 0/1): that window holds at least
        ``min_off_hours`` (24) hours of weekend or holiday — a whole day's worth; a window that
        only touches a Sunday evening does not count; ``window_elapsed`` (int64, 0/1): ``as_of`` is at least
        ``resolve_hours`` calendar hours after capture; ``won`` (int64): won by ``as_of``.

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["F", "M"],
    ...     "captured_at": pd.to_datetime(["2026-10-16 15:00", "2026-10-19 10:00"]),
    ...     "first_contact_at": pd.to_datetime(["2026-10-19 09:00", "2026-10-19 16:00"]),
    ...     "closed_at": pd.to_datetime([None, None]), "outcome": ["open", "open"]})
    >>> c = lead_clocks(leads, as_of="2026-10-23 12:00")
    >>> c[["lead_id", "contact_status", "contact_status_working", "off_hours", "crosses_off_day"]]
      lead_id contact_status contact_status_working  off_hours  crosses_off_day
    0       F           late                    met       48.0                1
    1       M            met                    met        0.0                0
    """
    func = "lead_clocks"
    ch, rh = check_hours(contact_hours, resolve_hours, func)
    min_off = prep.check_number(min_off_hours, "min_off_hours", func, minimum=0.0, unit="hours")
    cal = working_calendar(workdays, func)
    d = prepare(leads, func, ids=("lead_id", "assigned_to"))
    ts = resolve_as_of(as_of, d, func)
    cc = clock(d, ts, ch, rh)
    wc = clock(d, ts, ch, rh, cal, status_only=True)
    keep = cc["keep"]
    cap = d["captured_at"].to_numpy(dtype="datetime64[ns]").view(np.int64)[keep]
    off = off_hours(cap, rh, cal)
    elapsed = (cc["age_hours"][keep] >= rh).astype("int64") if pd.notna(ts) else np.zeros(int(keep.sum()), "int64")
    cols = {c: d[c][keep].reset_index(drop=True) for c in ("lead_id", "assigned_to") if c in d.columns}
    return pd.DataFrame({
        **cols,
        "captured_at": d["captured_at"][keep].reset_index(drop=True),
        "contact_status": derived_column(cc, "contact_status", keep),
        "resolve_status": derived_column(cc, "resolve_status", keep),
        "contact_status_working": derived_column(wc, "contact_status", keep),
        "resolve_status_working": derived_column(wc, "resolve_status", keep),
        "off_hours": off.astype("float64"),
        "crosses_off_day": (off >= min_off).astype("int64"),
        "window_elapsed": elapsed,
        "won": cc["won"][keep],
    })


def compliance_by_clock(leads: pd.DataFrame, by=None, as_of=None, workdays=None,
                        contact_hours: float = rules.CONTACT_HOURS, resolve_hours: float = rules.RESOLVE_HOURS,
                        level: float = rules.LEVEL) -> pd.DataFrame:
    """Both rules on both clocks: :func:`~analysis.followup.rule_24_72` in calendar and in working hours.

    Parameters
    ----------
    leads, by, as_of, contact_hours, resolve_hours, level
        As :func:`~analysis.followup.rule_24_72`.
    workdays : WorkingCalendar, str or mapping, optional
        The calendar of working days; default China's official calendar
        (:data:`analysis.rules.WORKING_CALENDAR`).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`~analysis.followup.rule_24_72` for each clock, with a first column
        ``timing`` (str): ``calendar`` (24 and 72 hours of the wall clock) or ``working`` (24 and 72
        hours of working days: the clock stops on weekends and holidays; make-up working days count).
        Rows ordered by clock, then as :func:`~analysis.followup.rule_24_72`.

    Notes
    -----
    On the working clock a lead captured on Friday 15:00 has until Monday 15:00 for its first
    contact (until Tuesday 15:00 when Monday is a holiday), so working-hour compliance is never
    below calendar-hour compliance for the same leads; the gap is what days off cost the rule as
    written. Pending leads differ too: a window that runs over a weekend is open longer.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> compliance_by_clock(leads)[["timing", "rule"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['calendar', 'first_contact_24h'], ['calendar', 'resolved_72h'], ['working', 'first_contact_24h'],
     ['working', 'resolved_72h']]
    """
    func = "compliance_by_clock"
    cal = working_calendar(workdays, func)
    parts = []
    for name, kw in (("calendar", {}), ("working", {"clock": "working", "workdays": cal})):
        r = rule_24_72(leads, by=by, as_of=as_of, contact_hours=contact_hours, resolve_hours=resolve_hours,
                       level=level, **kw)
        parts.append(r.assign(timing=name))
    out = pd.concat(parts, ignore_index=True)
    out["timing"] = out["timing"].astype("string")
    return out[["timing", *[c for c in out.columns if c != "timing"]]]


def clock_text(table: pd.DataFrame, clocks: pd.DataFrame, language: str = "zh") -> str:
    """What the working-day clock changes, in one or two sentences (zh or en).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`compliance_by_clock` without ``by`` (four rows).
    clocks : pandas.DataFrame
        :func:`lead_clocks` of the same leads.
    language : {"zh", "en"}

    Returns
    -------
    str
        The first-contact compliance on each clock with its interval, and the number of leads late
        on the calendar clock but on time once days off are not counted (first contact and result).
    """
    from analysis.report import say

    func = "clock_text"
    prep.require_frame(table, "table", ("timing", "rule", "leads", "met", "rate", "ci_low", "ci_high"), func)
    prep.require_frame(clocks, "clocks", ("contact_status", "contact_status_working", "resolve_status",
                                          "resolve_status_working"), func)
    rows = table.set_index(["timing", "rule"])
    need = [(c, r) for c in CLOCKS for r in ("first_contact_24h", "resolved_72h")]
    if not all(k in rows.index for k in need):
        raise ParameterError(f"{func}: table must hold the four rows of compliance_by_clock (without by=).")
    cal, work = rows.loc[("calendar", "first_contact_24h")], rows.loc[("working", "first_contact_24h")]
    if not (cal["leads"] and work["leads"]):
        return say("followup.clock.none", language)
    excused_contact = int(((clocks["contact_status"] == "late") & (clocks["contact_status_working"] == "met")).sum())
    excused_result = int(((clocks["resolve_status"] == "late") & (clocks["resolve_status_working"] == "met")).sum())
    return say("followup.clock", language, rate1=cal["rate"], lo1=cal["ci_low"], hi1=cal["ci_high"],
               rate2=work["rate"], lo2=work["ci_low"], hi2=work["ci_high"], excused_contact=excused_contact,
               excused_result=excused_result)


def weekend_effect(data=None, /, *, leads: pd.DataFrame | None = None, people: pd.DataFrame | None = None,
                   as_of=None, workdays=None, level: float = rules.LEVEL, alpha: float = 0.05,
                   min_leads: int = 10, min_wins: int = 5, contact_hours: float = rules.CONTACT_HOURS,
                   resolve_hours: float = rules.RESOLVE_HOURS,
                   min_off_hours: float = rules.WEEKEND_MIN_OFF_HOURS) -> pd.DataFrame:
    """Do leads whose 72-hour window crosses a weekend or holiday convert less? Two comparisons.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying any table not given by name (:func:`analysis.prep.pick`).
    leads : pandas.DataFrame
        The leads table; keyword-only.
    people : pandas.DataFrame, optional
        The people table (``segment``) for the logistic model; keyword-only.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    workdays : WorkingCalendar, str or mapping, optional
        The calendar of working days; default China's official calendar.
    level : float, default 0.95
    alpha : float, default 0.05
        Significance level of the verdict.
    min_leads, min_wins : int, default 10 and 5
        Below this many leads in either group, or wins in both together: verdict ``too_few``.
    contact_hours, resolve_hours : float, default 24 and 72
    min_off_hours : float, default :data:`analysis.rules.WEEKEND_MIN_OFF_HOURS` (24)
        Hours of days off that make a window cross a weekend (:func:`lead_clocks`).

    Returns
    -------
    pandas.DataFrame
        One row:

        - ``crossing_leads``, ``crossing_won`` (int64): leads whose first 72 calendar hours hold at
          least a day's worth of weekend or holiday (:func:`lead_clocks`, ``crosses_off_day``), and
          of them won by ``as_of``;
        - ``other_leads``, ``other_won`` (int64): the other leads (less than a day's worth of days off
          in their 72 hours);
        - ``rate_crossing``, ``rate_other`` (float); ``estimate`` (float): ``rate_crossing −
          rate_other`` (negative: crossing leads convert less); ``ci_low``, ``ci_high``, ``p_value``,
          ``method`` — :func:`analysis.stats.compare_proportions` (``method="auto"``: Fisher's exact
          test when an expected count is below 5, else Newcombe's interval with the chi-square test);
        - ``odds_ratio``, ``or_ci_low``, ``or_ci_high``, ``or_p_value`` (float): the crossing window's
          odds ratio in :func:`~analysis.followup.delay_logit` with ``workdays`` (same contact-delay
          band, source and segment; Wald interval); NaN when the model cannot be fitted;
        - ``verdict`` (str): ``too_few``, ``weekend_costs`` (crossing leads win significantly less
          often), ``weekend_no_cost`` (significantly more often) or ``weekend_no_evidence`` (no significant
          difference — which does not show that days off are harmless).

    Notes
    -----
    Only leads whose 72-hour window has passed at ``as_of`` enter (a recent lead's window is not
    over); a lead still open counts as not won. The comparison is observational: Friday and weekend
    events may draw other customers than weekday ones. The odds ratio holds the contact delay fixed,
    so it asks whether a crossing window matters *beyond* the delay it causes; the difference of
    rates includes that delay.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> s = for_branch(make_sample(0, branches=1), "B01")
    >>> weekend_effect(s)["verdict"].iloc[0] in WEEKEND_VERDICTS
    True
    """
    from analysis.followup.delay import delay_logit

    func = "weekend_effect"
    t = tables(data, func, required=("leads",), optional=("people",), leads=leads, people=people)
    prep.check_level(level, func)
    prep.check_fraction(alpha, "alpha", func)
    cal = working_calendar(workdays, func)
    c = lead_clocks(t["leads"], as_of=as_of, workdays=cal, contact_hours=contact_hours, resolve_hours=resolve_hours,
                    min_off_hours=min_off_hours)
    c = c.loc[c["window_elapsed"].to_numpy() == 1]
    cross = c["crosses_off_day"].to_numpy() == 1
    won = c["won"].to_numpy()
    n1, x1, n2, x2 = int(cross.sum()), int(won[cross].sum()), int((~cross).sum()), int(won[~cross].sum())
    est = lo = hi = p = np.nan
    method = pd.NA
    if n1 and n2:
        cmp = compare_proportions(x1, n1, x2, n2, level=level, method="auto").iloc[0]
        est, lo, hi, p, method = cmp["estimate"], cmp["ci_low"], cmp["ci_high"], cmp["p_value"], cmp["method"]
    model = delay_logit(leads=t["leads"], people=t["people"], as_of=as_of, level=level, contact_hours=contact_hours,
                        resolve_hours=resolve_hours, workdays=cal, min_off_hours=min_off_hours)
    row = model.loc[(model["variable"] == "crosses_off_day").to_numpy(dtype=bool)]
    or_ = (row[["odds_ratio", "ci_low", "ci_high", "p_value"]].iloc[0].to_numpy(dtype=float) if len(row)
           else np.full(4, np.nan))
    if n1 < min_leads or n2 < min_leads or x1 + x2 < min_wins or pd.isna(p):
        verdict = "too_few"
    elif p < alpha:
        verdict = "weekend_costs" if est < 0 else "weekend_no_cost"
    else:
        verdict = "weekend_no_evidence"
    return pd.DataFrame({
        "crossing_leads": [n1], "crossing_won": [x1], "other_leads": [n2], "other_won": [x2],
        "rate_crossing": [x1 / n1 if n1 else np.nan], "rate_other": [x2 / n2 if n2 else np.nan],
        "estimate": [float(est)], "ci_low": [float(lo)], "ci_high": [float(hi)], "p_value": [float(p)],
        "method": pd.array([method], dtype="string"),
        "odds_ratio": [or_[0]], "or_ci_low": [or_[1]], "or_ci_high": [or_[2]], "or_p_value": [or_[3]],
        "verdict": pd.array([verdict], dtype="string"),
    }).astype({"crossing_leads": "int64", "crossing_won": "int64", "other_leads": "int64", "other_won": "int64"})


def weekend_text(effect: pd.DataFrame, language: str = "zh") -> str:
    """The answer of :func:`weekend_effect` in a few sentences (zh or en): verdict, both rates, the
    difference with its interval and p-value, the adjusted odds ratio, and that it is observational.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"crossing_leads": [40], "crossing_won": [8], "other_leads": [20], "other_won": [6],
    ...                   "estimate": [-0.1], "ci_low": [-0.33], "ci_high": [0.11], "p_value": [0.37],
    ...                   "odds_ratio": [0.7], "or_ci_low": [0.2], "or_ci_high": [2.4], "or_p_value": [0.57],
    ...                   "verdict": ["weekend_no_evidence"]})
    >>> weekend_text(e, "en").split("**")[1]
    'No significant difference: these data cannot show that a weekend in the window costs deals.'
    """
    from analysis.report import say, value_label

    func = "weekend_text"
    prep.require_frame(effect, "effect", ("crossing_leads", "crossing_won", "other_leads", "other_won", "estimate",
                                          "ci_low", "ci_high", "p_value", "odds_ratio", "or_ci_low", "or_ci_high",
                                          "or_p_value", "verdict"), func)
    if len(effect) != 1:
        raise ParameterError(f"{func}: effect must be the one row of weekend_effect, got {len(effect)} rows.")
    e = effect.iloc[0]
    parts = [say("followup.weekend.head", language,
                 verdict=value_label(e["verdict"], language, column="verdict"),
                 crossing_won=int(e["crossing_won"]), crossing_leads=int(e["crossing_leads"]),
                 other_won=int(e["other_won"]), other_leads=int(e["other_leads"]))]
    if pd.notna(e["p_value"]):
        parts.append(say("followup.weekend.difference", language, estimate=e["estimate"], ci_low=e["ci_low"],
                         ci_high=e["ci_high"], p_value=e["p_value"]))
    if pd.notna(e["odds_ratio"]):
        parts.append(say("followup.weekend.adjusted", language, odds_ratio=e["odds_ratio"], ci_low=e["or_ci_low"],
                         ci_high=e["or_ci_high"], p_value=e["or_p_value"]))
    parts.append(say("followup.weekend.observational", language))
    return ("" if language == "zh" else " ").join(parts)
