"""The lead table, prepared once: evaluation time (``as_of``) and the derived status of every lead.

Every follow-up function starts here. :func:`lead_status` checks the ``leads`` table (the
columns the 24/72 rule needs, the row rules the data contract declares in
:mod:`analysis.schemas`), reads its ids and times through :mod:`analysis.prep` (one timezone
rule; an unreadable time is a DataError, never a silent ``NaT``) and adds the columns every
other function uses: hours to contact and to a result, the status of each rule
(met / late / pending), the contact-delay band and the source.

The evaluation time ``as_of``
-----------------------------
Each function evaluates the leads *as of* a moment ``as_of``: a contact or a result recorded
after ``as_of`` has not happened yet, and leads captured after ``as_of`` are left out. When
``as_of`` is not given it is the **latest timestamp in the leads table passed in** (the largest
``captured_at``, ``first_contact_at`` or ``closed_at``; see :func:`default_as_of`) — never the
wall clock, so that a report run twice on the same data gives the same numbers. A text
``as_of`` follows :func:`analysis.prep.as_of`: naive text is local time, text with an offset
(``2026-09-30 18:00+00:00``) is converted to local time (2026-10-01 02:00).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis import prep, rules
from analysis.errors import ParameterError

__all__ = [
    "RULES", "BANDS", "SOURCES", "FOLLOWUP_ROLES", "REPORT_TABLES", "VERDICTS",
    "default_as_of", "evaluation_time", "lead_status", "name_unassigned", "name_staff", "header_facts",
]

#: The two rules, in report order.
RULES: tuple[str, ...] = ("first_contact_24h", "resolved_72h")
#: First-contact delay bands, in order: ≤ 24 h, 24–72 h, > 72 h, not contacted.
BANDS: tuple[str, ...] = ("le_24h", "24_72h", "gt_72h", "never")
#: Where a lead came from: an event, a WeChat group, or neither.
SOURCES: tuple[str, ...] = ("event", "group", "other")
#: Roles that follow up leads (branch head and operations supervisor do not).
FOLLOWUP_ROLES: tuple[str, ...] = ("wealth_manager", "lobby_manager", "teller", "account_manager")
#: The tables the follow-up report reads (``load_dataset(..., tables=REPORT_TABLES)``): the leads and
#: every table they or the branch scope refer to.
REPORT_TABLES: tuple[str, ...] = ("branches", "staff", "communities", "people", "events", "wechat_groups", "leads")
#: Verdicts of :func:`analysis.followup.delay_verdict`.
VERDICTS: tuple[str, ...] = ("delay_costs", "delay_no_cost", "no_evidence", "too_few")

REQUIRED = ("captured_at", "first_contact_at", "closed_at", "outcome")
TIME_COLUMNS = ("captured_at", "first_contact_at", "closed_at")
ID_COLUMNS = ("lead_id", "person_id", "event_id", "group_id", "assigned_to")
KEY = ("lead_id",)
OUTCOMES = ("won", "lost", "open")
HOUR = pd.Timedelta(hours=1)


# ---------------------------------------------------------------------------
# preparation
# ---------------------------------------------------------------------------


def text(values: pd.Series) -> pd.Series:
    """A column as ``string`` (pyarrow), cheaply for a categorical (its few categories are converted, not every row)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        cats = pa.array([str(c) for c in values.cat.categories], pa.string())
        arr = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), cats).cast(pa.string())
        return pd.Series(pd.array(arr, dtype=pd.StringDtype("pyarrow")), index=values.index, name=values.name)
    return values.astype("string")


def labelled(codes: np.ndarray, labels: Sequence[str]) -> pd.arrays.ArrowStringArray:
    """Integer codes (−1 = missing) as a ``string`` array of ``labels[code]``, without a Python object per row."""
    codes = np.asarray(codes)
    idx = pa.array(codes.astype(np.int8 if len(labels) < 127 else np.int32), mask=codes < 0)
    arr = pa.DictionaryArray.from_arrays(idx, pa.array(list(labels), pa.string())).cast(pa.string())
    return pd.array(arr, dtype=pd.StringDtype("pyarrow"))


def prepare(leads, func: str, ids: Sequence[str] = ID_COLUMNS, outcome_text: bool = True) -> pd.DataFrame:
    """The leads table checked and read (a copy; the input is untouched).

    Ids as stripped text (the id columns named in ``ids``; others are left as they are — a
    function that does not read them need not convert a million of them), the three times as
    naive local datetimes (:func:`analysis.prep.times`), ``outcome`` as text (a categorical
    ``outcome`` stays categorical with ``outcome_text=False``: same checks). Raises DataError
    for a missing column, an unreadable time (``not_a_time``), a lead without ``captured_at``
    (``missing_captured_at``), an outcome other than won/lost/open (``outcome``) and the row rules
    of the contract's ``leads`` table (``contact_after_capture``, ``closed_after_capture``,
    ``closed_after_contact``, ``closed_needs_time``, ``open_has_no_close``), naming the first
    offending leads.
    """
    prep.require_frame(leads, "leads", REQUIRED, func)
    d = leads.reset_index(drop=True)
    conv = {c: prep.ids(d, "leads", c, func, key=KEY, required=False) for c in ID_COLUMNS
            if c in d.columns and c in ids}
    conv.update({c: prep.times(d, "leads", c, func, key=KEY) for c in TIME_COLUMNS})
    keep_codes = not outcome_text and isinstance(d["outcome"].dtype, pd.CategoricalDtype)
    d = d.assign(**conv) if keep_codes else d.assign(**conv, outcome=text(d["outcome"]))
    missing = d["captured_at"].isna().to_numpy()
    if missing.any():
        raise prep.mask_error(func, "leads", "captured_at", "missing_captured_at", d, missing,
                              "the lead has no captured_at (the 24/72 clock starts there)", KEY)
    outcome = d["outcome"]
    if keep_codes:  # the check on the few categories, then on the codes
        codes = outcome.cat.codes.to_numpy()
        allowed = np.append(np.isin(np.asarray(outcome.cat.categories, dtype=object), list(OUTCOMES)), False)
        bad = ~allowed[np.where(codes < 0, len(allowed) - 1, codes)]
    else:
        bad = (outcome.isna() | ~outcome.isin(list(OUTCOMES))).fillna(True).to_numpy(dtype=bool)
    if bad.any():
        raise prep.mask_error(func, "leads", "outcome", "outcome", d, bad,
                              "the outcome must be won, lost or open", KEY)
    prep.check_rules(d, "leads", func, key=KEY)
    return d


def check_hours(contact_hours, resolve_hours, func: str) -> tuple[float, float]:
    """The two windows as floats: positive, the contact window not longer than the result window."""
    out = []
    for name, v in (("contact_hours", contact_hours), ("resolve_hours", resolve_hours)):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)) or not v > 0:
            raise ParameterError(f"{func}: {name} must be a positive number of hours, got {v!r}.")
        out.append(float(v))
    if out[0] > out[1]:
        raise ParameterError(f"{func}: contact_hours ({out[0]:g}) must not exceed resolve_hours ({out[1]:g}).")
    return out[0], out[1]


def tables(data, func: str, required=(), optional=(), **given) -> dict:
    """The tables of a multi-table function (:func:`analysis.prep.pick`), refusing a lone DataFrame first."""
    if isinstance(data, pd.DataFrame):
        names = ", ".join(f"{t}=..." for t in (*required, *optional))
        raise ParameterError(f"{func}: the first argument is a data set (table name → DataFrame); pass single "
                             f"tables by name: {func}({names}).")
    return prep.pick(data, func, required=required, optional=optional, **given)


def default_as_of(leads: pd.DataFrame) -> pd.Timestamp:
    """The default evaluation time: the latest timestamp in the leads table.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (columns ``captured_at``, ``first_contact_at``, ``closed_at``).

    Returns
    -------
    pandas.Timestamp
        The largest of every ``captured_at``, ``first_contact_at`` and ``closed_at`` (under the
        timezone rule of :mod:`analysis.prep`); ``NaT`` for an empty table.

    Raises
    ------
    ParameterError
        ``leads`` is not a DataFrame.
    DataError
        The table has none of the three columns, or a value is not a time (rule ``not_a_time``).

    Notes
    -----
    Reports must be reproducible, so the default is taken from the data and never
    from the wall clock: the same data give the same report whenever it runs. For a
    whole data set, pass the full leads table (all branches), so that every branch is
    evaluated at the same moment.

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"captured_at": pd.to_datetime(["2026-09-01 10:00", "2026-09-02 09:00"]),
    ...                       "first_contact_at": pd.to_datetime(["2026-09-01 12:00", None]),
    ...                       "closed_at": pd.to_datetime(["2026-09-03 18:00", None])})
    >>> default_as_of(leads)
    Timestamp('2026-09-03 18:00:00')
    """
    func = "default_as_of"
    if not isinstance(leads, pd.DataFrame):
        raise ParameterError(f"{func}: leads must be a pandas DataFrame, got {type(leads).__name__}.")
    cols = [c for c in TIME_COLUMNS if c in leads.columns]
    if not cols:
        raise prep.data_error(func, "leads", ", ".join(TIME_COLUMNS), "missing_column", [], 0,
                              "the table has none of the columns captured_at, first_contact_at, closed_at")
    d = leads.reset_index(drop=True)
    latest = prep.latest(*(prep.times(d, "leads", c, func, key=KEY) for c in cols))
    return pd.Timestamp(latest) if latest is not None else pd.NaT


def evaluation_time(leads: pd.DataFrame, as_of=None) -> pd.Timestamp:
    """The evaluation time of a report: ``as_of`` when given, else :func:`default_as_of` of ``leads``.

    ``as_of`` is read by :func:`analysis.prep.as_of` (local time; an offset is converted to local
    time; unreadable text is a ParameterError). Pass the whole data set's leads so that every
    branch of a run is evaluated at the same moment.

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"captured_at": [pd.Timestamp("2026-09-01 10:00")]})
    >>> evaluation_time(leads), evaluation_time(leads, "2026-09-30 18:00+00:00")
    (Timestamp('2026-09-01 10:00:00'), Timestamp('2026-10-01 02:00:00'))
    """
    ts = prep.as_of(as_of, "evaluation_time")
    return ts if ts is not None else default_as_of(leads)


def resolve_as_of(as_of, d: pd.DataFrame, func: str) -> pd.Timestamp:
    """``as_of`` read by :func:`analysis.prep.as_of`, with :func:`default_as_of` of the prepared ``d`` as default."""
    ts = prep.as_of(as_of, func)
    return ts if ts is not None else default_as_of(d)


# ---------------------------------------------------------------------------
# per-lead status
# ---------------------------------------------------------------------------


#: Codes of :func:`clock`: the status of a rule (``STATUSES[code]``) and the delay band (``BANDS[code]``, −1 = none).
STATUSES: tuple[str, ...] = ("met", "pending", "late")
NS_PER_HOUR = 3_600_000_000_000


def clock(d: pd.DataFrame, as_of, ch: float, rh: float, workdays=None, status_only: bool = False
          ) -> dict[str, np.ndarray]:
    """The 24/72 clock of every prepared lead (``d`` from :func:`prepare`) as numpy arrays, one entry per lead.

    ``keep`` (captured at or before ``as_of``), ``contacted`` / ``resolved`` (by ``as_of``),
    ``contact_status`` / ``resolve_status`` (codes of :data:`STATUSES`), ``band`` (codes of
    :data:`BANDS`, −1 = no band yet), ``source`` (codes of :data:`SOURCES`), ``outcome``
    (codes of :data:`OUTCOMES` as of ``as_of``), ``won`` (int64), and the hours to contact, to a
    result (NaN when not yet) and the age. The definitions are those of :func:`lead_status`;
    :func:`derive` turns these arrays into its columns and :func:`~analysis.followup.rule_24_72`
    counts them directly (no text per lead on the hot path).

    With ``workdays`` (a :class:`~analysis.followup.WorkingCalendar`) every duration — and so every
    status and band — is measured in working hours (:mod:`analysis.followup.workdays`): only the
    hours of working days count. Without it, calendar hours (the rule as written). With
    ``status_only`` only ``keep`` and the two statuses are computed (what a compliance count needs).
    """
    n = len(d)
    nat = np.iinfo(np.int64).min
    cap, first, closed = prep.ns(d["captured_at"]), prep.ns(d["first_contact_at"]), prep.ns(d["closed_at"])
    if pd.isna(as_of):
        keep = np.zeros(n, dtype=bool)
        now = nat
    else:
        now = pd.Timestamp(as_of).as_unit("ns").value
        keep = cap <= now
    outcome_text = d["outcome"]
    is_won = (outcome_text == "won").fillna(False).to_numpy(dtype=bool)
    is_lost = (outcome_text == "lost").fillna(False).to_numpy(dtype=bool)
    contacted = (first != nat) & (first <= now)
    resolved = (closed != nat) & (closed <= now) & (is_won | is_lost)
    if workdays is None:
        pos_cap, pos_first, pos_closed, pos_now = cap, first, closed, now
    else:
        from analysis.followup.workdays import working_ns

        pos_cap, pos_first, pos_closed, pos_now = working_ns([cap, first, closed, np.array([now])], workdays)
        pos_now = int(pos_now[0])
    # durations in nanoseconds (exact integers: exactly 24 h meets the rule on either clock)
    to_contact = np.where(contacted, pos_first - pos_cap, 0)
    to_close = np.where(resolved, pos_closed - pos_cap, 0)
    age_ns = pos_now - pos_cap

    def status(done, elapsed, hours):
        window = int(pd.Timedelta(hours=hours).value)
        code = np.full(n, 2, dtype=np.int8)  # late
        if now != nat:
            code[age_ns < window] = 1  # pending
        code[done & (elapsed <= window)] = 0  # met
        return code

    if status_only:
        return {"keep": keep, "contact_status": status(contacted, to_contact, ch),
                "resolve_status": status(resolved, to_close, rh)}
    hours_contact = np.where(contacted, to_contact / NS_PER_HOUR, np.nan)
    hours_close = np.where(resolved, to_close / NS_PER_HOUR, np.nan)
    age = age_ns / NS_PER_HOUR if now != nat else np.full(n, np.nan)

    band = np.full(n, -1, dtype=np.int8)
    band[~contacted & (age > rh)] = 3
    band[contacted] = 2
    band[contacted & (hours_contact <= rh)] = 1
    band[contacted & (hours_contact <= ch)] = 0
    ev = d["event_id"].notna().to_numpy() if "event_id" in d.columns else np.zeros(n, dtype=bool)
    gr = d["group_id"].notna().to_numpy() if "group_id" in d.columns else np.zeros(n, dtype=bool)
    outcome = np.where(resolved, np.where(is_won, 0, 1), 2).astype(np.int8)
    return {
        "keep": keep, "contacted": contacted, "resolved": resolved,
        "contact_status": status(contacted, to_contact, ch), "resolve_status": status(resolved, to_close, rh),
        "band": band, "source": np.where(ev, 0, np.where(gr, 1, 2)).astype(np.int8), "outcome": outcome,
        "won": (outcome == 0).astype("int64"), "hours_to_contact": hours_contact, "hours_to_close": hours_close,
        "age_hours": np.asarray(age, dtype="float64"),
    }


#: The columns :func:`lead_status` adds to the leads (any of them can group a result: ``by="source"``).
DERIVED: tuple[str, ...] = ("source", "hours_to_contact", "hours_to_close", "age_hours", "contact_status",
                            "resolve_status", "outcome_as_of", "delay_band", "won")


def derived_column(c: dict[str, np.ndarray], name: str, keep: np.ndarray | None = None):
    """One column of :data:`DERIVED` from the arrays of :func:`clock` (rows ``keep`` only, when given)."""
    pick = (lambda a: a) if keep is None else (lambda a: a[keep])
    labels = {"source": ("source", SOURCES), "contact_status": ("contact_status", STATUSES),
              "resolve_status": ("resolve_status", STATUSES), "outcome_as_of": ("outcome", OUTCOMES),
              "delay_band": ("band", BANDS)}
    if name in labels:
        key, values = labels[name]
        return labelled(pick(c[key]), values)
    return pick(c[name])


def derive(d: pd.DataFrame, as_of, ch: float, rh: float, workdays=None) -> pd.DataFrame:
    """Derived columns on prepared leads (``d`` from :func:`prepare`); rows captured after as_of dropped."""
    c = clock(d, as_of, ch, rh, workdays)
    keep = c["keep"]
    if not keep.all():
        d = d.loc[keep].reset_index(drop=True)
        c = {k: v[keep] for k, v in c.items()}
    return d.assign(**{name: derived_column(c, name) for name in DERIVED})


def evaluate(leads, as_of, contact_hours, resolve_hours, func: str, ids: Sequence[str] = ID_COLUMNS
             ) -> tuple[pd.DataFrame, pd.Timestamp]:
    """:func:`lead_status` for the function ``func`` (errors name it), with the evaluation time used."""
    d = prepare(leads, func, ids)
    ch, rh = check_hours(contact_hours, resolve_hours, func)
    ts = resolve_as_of(as_of, d, func)
    return derive(d, ts, ch, rh), ts


def lead_status(leads: pd.DataFrame, as_of=None, contact_hours: float = rules.CONTACT_HOURS,
                resolve_hours: float = rules.RESOLVE_HOURS) -> pd.DataFrame:
    """One row per lead captured by ``as_of``, with the derived follow-up columns.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (``captured_at``, ``first_contact_at``, ``closed_at``, ``outcome``;
        optionally ``lead_id``, ``event_id``, ``group_id``, ``assigned_to``, ``amount`` …).
    as_of : str or Timestamp, optional
        Evaluation time; default (None, ``""`` or ``NaT``): :func:`default_as_of` of ``leads`` (the
        latest timestamp in the table, never the wall clock). Contacts and results after it have not
        happened yet.
    contact_hours, resolve_hours : float, default :data:`analysis.rules.CONTACT_HOURS` (24) and
        :data:`analysis.rules.RESOLVE_HOURS` (72)
        The two windows of the rule, in hours from ``captured_at``.

    Returns
    -------
    pandas.DataFrame
        The input columns (ids as text, times as naive local datetimes, ``outcome`` as text) of
        the leads captured at or before ``as_of``, plus:

        - ``source`` (str): ``event`` (has an event_id), ``group`` (has a group_id, no event) or ``other``.
        - ``hours_to_contact`` (float): hours from capture to first contact; NaN if not contacted by ``as_of``.
        - ``hours_to_close`` (float): hours from capture to the result; NaN if no result by ``as_of``.
        - ``age_hours`` (float): hours from capture to ``as_of``.
        - ``contact_status``, ``resolve_status`` (str): ``met``, ``late`` or ``pending`` for the
          24-hour and the 72-hour rule.
        - ``outcome_as_of`` (str): ``won``, ``lost`` or ``open`` at ``as_of``.
        - ``delay_band`` (str): ``le_24h``, ``24_72h``, ``gt_72h`` (contacted, by delay), ``never``
          (not contacted by ``as_of`` and captured more than ``resolve_hours`` before it), or
          ``<NA>`` (not contacted yet, but still inside the 72 hours: the band is not known).
        - ``won`` (int64): 1 if won by ``as_of``, else 0.

    Raises
    ------
    ParameterError
        ``leads`` is not a DataFrame, ``as_of`` is not a time, or a window is not a positive number.
    DataError
        A required column is missing, a time cannot be read (``not_a_time``), or a lead breaks a
        rule of the data contract: no ``captured_at``; first contact before capture; result before
        capture or before first contact; won/lost without ``closed_at``; open with a ``closed_at``
        (the rules of :mod:`analysis.schemas`, applied by :func:`analysis.prep.check_rules`; the
        lead ids are named).

    Notes
    -----
    A rule is **met** when the event happened at or before ``captured_at + window`` (exactly 24 h
    or 72 h meets it). It is **pending** when it is not met and the window has not elapsed at
    ``as_of`` (``as_of < captured_at + window``): still inside the window is not failure. Otherwise
    it is **late** (contacted or resolved after the window, or not at all). Leads captured after
    ``as_of`` did not exist yet and are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "assigned_to": ["S1", "S2"],
    ...     "captured_at": pd.to_datetime(["2026-09-01 10:00", "2026-09-01 10:00"]),
    ...     "first_contact_at": pd.to_datetime(["2026-09-02 10:00", None]),
    ...     "closed_at": pd.to_datetime(["2026-09-04 12:00", None]), "outcome": ["won", "open"]})
    >>> lead_status(leads, as_of="2026-09-05")[["lead_id", "contact_status", "resolve_status", "delay_band"]]
      lead_id contact_status resolve_status delay_band
    0      L1            met           late     le_24h
    1      L2           late           late      never
    """
    return evaluate(leads, as_of, contact_hours, resolve_hours, "lead_status")[0]


# ---------------------------------------------------------------------------
# presentation helpers for the report
# ---------------------------------------------------------------------------


def name_unassigned(table: pd.DataFrame, language: str = "zh", column: str = "assigned_to") -> pd.DataFrame:
    """A copy of a result with the missing ``assigned_to`` shown as "未分配" / "Unassigned".

    The functions return a missing ``assigned_to`` for unassigned leads (so that they sort last
    and can be counted); a report names them so that nobody mistakes the row for a gap in the
    data. Other columns and the order of the rows are unchanged.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"assigned_to": pd.array(["S1", None], dtype="string"), "leads": [3, 1]})
    >>> name_unassigned(t, "en")["assigned_to"].tolist()
    ['S1', 'Unassigned']
    """
    from analysis.report import label

    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"name_unassigned: expected a DataFrame, got {type(table).__name__}.")
    if column not in table.columns:
        return table.copy()
    values = table[column].astype("string")
    return table.assign(**{column: values.fillna(label("unassigned", language))})


def name_staff(table: pd.DataFrame, staff: pd.DataFrame | None, language: str = "zh",
               column: str = "assigned_to") -> pd.DataFrame:
    """A copy of a result with the staff ids of ``column`` shown by name and role ("B01-S03（理财经理）"),
    and a missing id as "未分配" / "Unassigned" (:func:`analysis.report.staff_names`; staff are employees,
    so their names may appear — customers never do). Ids not in ``staff`` stay as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"assigned_to": pd.array(["S1", None], dtype="string"), "leads": [3, 1]})
    >>> staff = pd.DataFrame({"staff_id": ["S1"], "role": ["teller"]})
    >>> name_staff(t, staff, "en")["assigned_to"].tolist()
    ['S1 (Teller)', 'Unassigned']
    """
    from analysis import report

    return report.name_staff(table, staff, language, column)


def header_facts(leads: pd.DataFrame, as_of) -> dict:
    """The facts of the follow-up report's header: the evaluation time and the number of leads.

    Returns ``{"header.as_of": "2026-10-28 18:00", "leads": 148}`` for
    :func:`analysis.report.header` (``report.header(..., **header_facts(leads, as_of))``); "—" for
    a missing time.
    """
    from analysis.report import fmt

    if not isinstance(leads, pd.DataFrame):
        raise ParameterError(f"header_facts: leads must be a pandas DataFrame, got {type(leads).__name__}.")
    return {"header.as_of": fmt(as_of, "datetime"), "leads": len(leads)}
