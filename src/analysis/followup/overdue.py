"""The overdue lists for the morning meeting: open leads past their 24-hour or 72-hour window, by staff."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis import rules
from analysis.errors import ParameterError
from analysis.followup.status import check_hours, evaluate

__all__ = ["LISTS", "OVERDUE_COLUMNS", "MEETING_COLUMNS", "overdue", "overdue_counts"]

#: The two lists, in report order.
LISTS: tuple[str, ...] = ("no_contact_24h", "unresolved_72h")


#: The columns of :func:`overdue`.
OVERDUE_COLUMNS = ["list", "assigned_to", "lead_id", "person_id", "source", "event_id", "group_id", "captured_at",
                    "first_contact_at", "age_hours", "hours_overdue"]
#: The columns of :func:`overdue` a morning-meeting list shows (``report.show(..., columns=MEETING_COLUMNS)``).
MEETING_COLUMNS = ["assigned_to", "lead_id", "person_id", "source", "event_id", "group_id", "captured_at",
                   "hours_overdue"]


def overdue(leads: pd.DataFrame, as_of=None, contact_hours: float = rules.CONTACT_HOURS,
            resolve_hours: float = rules.RESOLVE_HOURS, lists: Sequence[str] = LISTS) -> pd.DataFrame:
    """The overdue lists for the morning meeting: open leads past their window, by staff.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    contact_hours, resolve_hours : float, default :data:`analysis.rules.CONTACT_HOURS` and
        :data:`analysis.rules.RESOLVE_HOURS` (24 and 72)
    lists : sequence of str, default both
        The lists wanted: ``no_contact_24h``, ``unresolved_72h`` or both (:data:`LISTS`).

    Returns
    -------
    pandas.DataFrame
        One row per lead and list, sorted by list, staff (unassigned last) and most overdue first:

        - ``list`` (str): ``no_contact_24h`` — open, not contacted, captured more than 24 h before
          ``as_of``; ``unresolved_72h`` — open (no result), captured more than 72 h before ``as_of``
          (whether contacted or not, so a lead can be on both lists);
        - ``assigned_to`` (str, ``<NA>`` = unassigned), ``lead_id``, ``person_id`` (hashed id),
          ``source``, ``event_id``, ``group_id``: who and where from — ids only, no names;
        - ``captured_at``, ``first_contact_at`` (datetime);
        - ``age_hours`` (float): hours since capture at ``as_of``;
        - ``hours_overdue`` (float): hours past the deadline (``age_hours`` minus the window).

    Notes
    -----
    Open means no result (won or lost) recorded by ``as_of``. A lead exactly at its deadline is
    not overdue (it may still be contacted at exactly 24 h and meet the rule).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> sorted(set(overdue(leads)["list"]))
    ['no_contact_24h', 'unresolved_72h']
    """
    func = "overdue"
    if isinstance(lists, str):
        lists = [lists]
    unknown = [x for x in lists if x not in LISTS]
    if unknown or not len(lists):
        raise ParameterError(f"{func}: lists must name {' and/or '.join(LISTS)}; got {lists!r}.")
    ch, rh = check_hours(contact_hours, resolve_hours, func)
    st, _ = evaluate(leads, as_of, ch, rh, func)
    st = st.assign(**{c: pd.array([pd.NA] * len(st), dtype="string") for c in
                      ("lead_id", "person_id", "event_id", "group_id", "assigned_to") if c not in st.columns})
    is_open = st["outcome_as_of"] == "open"
    no_contact = is_open & st["hours_to_contact"].isna() & (st["age_hours"] > ch)
    unresolved = is_open & (st["age_hours"] > rh)
    parts = [st.loc[no_contact.to_numpy()].assign(list="no_contact_24h", hours_overdue=lambda x: x["age_hours"] - ch),
             st.loc[unresolved.to_numpy()].assign(list="unresolved_72h", hours_overdue=lambda x: x["age_hours"] - rh)]
    out = pd.concat(parts, ignore_index=True)
    out = out.loc[out["list"].isin(list(lists)).to_numpy()]
    out = out.assign(list=out["list"].astype("string"),
                     first_contact_at=out["first_contact_at"].where(out["hours_to_contact"].notna()))
    out = out.sort_values(["list", "assigned_to", "hours_overdue"], ascending=[True, True, False],
                          na_position="last", kind="stable")
    return out[OVERDUE_COLUMNS].reset_index(drop=True)


def overdue_counts(leads: pd.DataFrame, as_of=None, contact_hours: float = rules.CONTACT_HOURS,
                   resolve_hours: float = rules.RESOLVE_HOURS) -> pd.DataFrame:
    """Open and overdue leads per staff member (the summary of :func:`overdue`).

    Returns
    -------
    pandas.DataFrame
        One row per ``assigned_to`` with an open lead (unassigned as ``<NA>``, last), columns
        ``assigned_to``, ``open_leads`` (open at ``as_of``), ``no_contact_24h``,
        ``unresolved_72h`` (int64, as defined in :func:`overdue`).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> list(overdue_counts(leads).columns)
    ['assigned_to', 'open_leads', 'no_contact_24h', 'unresolved_72h']
    """
    st, _ = evaluate(leads, as_of, contact_hours, resolve_hours, "overdue_counts")
    if "assigned_to" not in st.columns:
        st = st.assign(assigned_to=pd.array([pd.NA] * len(st), dtype="string"))
    od = overdue(leads, as_of=as_of, contact_hours=contact_hours, resolve_hours=resolve_hours)
    is_open = (st["outcome_as_of"] == "open").astype("int64")
    base = st.assign(open_leads=is_open).groupby("assigned_to", dropna=False, sort=True)["open_leads"].sum()
    lists = (od.assign(one=1).pivot_table(index="assigned_to", columns="list", values="one", aggfunc="sum",
                                          dropna=False, fill_value=0)
             if len(od) else pd.DataFrame(index=pd.Index([], name="assigned_to")))
    out = pd.DataFrame({"open_leads": base})
    for name in ("no_contact_24h", "unresolved_72h"):
        col = lists[name] if name in lists.columns else pd.Series(dtype="int64")
        out[name] = col.reindex(out.index).fillna(0).astype("int64").to_numpy()
    out = out.loc[out["open_leads"] > 0].reset_index()
    out = out.sort_values("assigned_to", na_position="last", kind="stable").reset_index(drop=True)
    return out.astype({"assigned_to": "string", "open_leads": "int64"})


