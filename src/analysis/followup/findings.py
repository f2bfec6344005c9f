"""Data-quality findings about leads, for the report's data-quality section.

:func:`data_findings` reports what the analyses would rather not see but do not reject (unassigned
leads, leads of another branch, results without a contact, stale open leads …) and, for data that
did not come through :func:`analysis.io.load_dataset`, the row rules of the data contract — the
rules declared once in :mod:`analysis.schemas`, never restated here. :func:`rejected_leads` lists
the rows the loader set aside.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.followup.status import ID_COLUMNS, KEY, REQUIRED, TIME_COLUMNS, resolve_as_of, tables
from analysis.schemas import get_table

__all__ = ["data_findings", "rejected_leads"]


def _first_leads(d: pd.DataFrame, mask) -> str:
    """The first offending leads by lead_id (else by row number), with a count of the rest."""
    mask = np.asarray(mask, dtype=bool)
    if "lead_id" in d.columns:
        return prep.show(d["lead_id"].to_numpy(dtype=object)[mask])
    return prep.show(f"row {i + 1}" for i in np.flatnonzero(mask))


_FINDING_COLUMNS = ["table", "column", "rule", "n_rows", "rows", "detail"]


def data_findings(data=None, /, *, leads: pd.DataFrame | None = None, staff: pd.DataFrame | None = None,
                  branch_id: str | None = None, as_of=None, stale_days: float = rules.STALE_DAYS) -> pd.DataFrame:
    """Data-quality findings about leads beyond the schema's validation, for the report.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying any table not given by name (:func:`analysis.prep.pick`).
    leads : pandas.DataFrame
        The leads in the report's scope (validated or raw); keyword-only.
    staff : pandas.DataFrame, optional
        The **whole** staff table (all branches: ``staff_id``, ``branch_id``); keyword-only. Pass
        it explicitly with a scoped data set (``data_findings(scoped, staff=ds["staff"], ...)``):
        a branch's scoped staff table cannot tell another branch's staff from unknown ids.
    branch_id : str, optional
        The report's branch: leads assigned to staff of another branch are flagged.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    stale_days : float, default :data:`analysis.rules.STALE_DAYS` (30)
        Open leads captured more than this many days before ``as_of`` are flagged as stale.

    Returns
    -------
    pandas.DataFrame
        One row per finding (empty when none), the columns of ``Dataset.problems``: ``table``
        (``leads``), ``column``, ``rule``, ``n_rows`` (int64), ``rows`` (the first lead ids),
        ``detail``. Rules:

        - ``missing_captured_at`` and the row rules the data contract declares for ``leads``
          (:mod:`analysis.schemas`: ``contact_after_capture``, ``closed_after_capture``,
          ``closed_after_contact``, ``closed_needs_time``, ``open_has_no_close``), for data that
          did not go through :func:`analysis.io.load_dataset`;
        - ``assigned_unknown_staff``: ``assigned_to`` not in ``staff``;
        - ``assigned_other_branch``: assigned to a staff member of another branch;
        - ``unassigned_leads``: no ``assigned_to`` (nobody will follow them up);
        - ``closed_without_contact``: won or lost with no first contact recorded;
        - ``won_without_amount``, ``amount_not_won``: amount missing on a win, or present on a
          lead not won;
        - ``stale_open``: still open more than ``stale_days`` after capture (close them as lost,
          or follow up);
        - ``after_as_of``: timestamps later than ``as_of`` (ignored by the analyses).

    Raises
    ------
    ParameterError
        A table is not a DataFrame, ``as_of`` is not a time, or ``stale_days`` is not positive.
    DataError
        A required column is missing, or a time cannot be read (``not_a_time``).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> tables = make_sample(0, branches=1)
    >>> f = data_findings(for_branch(tables, "B01"), staff=tables["staff"], branch_id="B01")
    >>> list(f.columns)
    ['table', 'column', 'rule', 'n_rows', 'rows', 'detail']
    """
    func = "data_findings"
    t = tables(data, func, required=("leads",), optional=("staff",), leads=leads, staff=staff)
    leads, staff = t["leads"], t["staff"]
    prep.require_frame(leads, "leads", REQUIRED, func)
    if isinstance(stale_days, (bool, np.bool_)) or not isinstance(stale_days, (int, float, np.number)) \
            or not stale_days > 0:
        raise ParameterError(f"{func}: stale_days must be a positive number, got {stale_days!r}.")
    d = leads.reset_index(drop=True)
    d = d.assign(**{c: prep.ids(d, "leads", c, func, key=KEY, required=False) for c in ID_COLUMNS if c in d.columns})
    d = d.assign(**{c: prep.times(d, "leads", c, func, key=KEY) for c in TIME_COLUMNS},
                 outcome=d["outcome"].astype("string"))
    as_of_ts = resolve_as_of(as_of, d, func)
    cap, first, closed, outcome = d["captured_at"], d["first_contact_at"], d["closed_at"], d["outcome"]
    amount = d["amount"] if "amount" in d.columns else pd.Series(np.nan, index=d.index)
    assigned = d["assigned_to"] if "assigned_to" in d.columns else pd.Series(pd.NA, index=d.index, dtype="string")
    is_open = (outcome == "open") | (closed > as_of_ts).fillna(False)
    checks = [("captured_at", "missing_captured_at", cap.isna(), "captured_at is empty")]
    checks += [(",".join(rule.columns), rule.name, rule.bad_rows(d), rule.description)  # the contract's row rules
               for rule in get_table("leads").rules if all(c in d.columns for c in rule.columns)]
    checks += [
        ("assigned_to", "unassigned_leads", assigned.isna(), "no staff member is assigned: nobody follows these up"),
        ("outcome,first_contact_at", "closed_without_contact", outcome.isin(["won", "lost"]) & first.isna(),
         "a result is recorded but no first contact: record the contact time"),
        ("outcome,amount", "won_without_amount", (outcome == "won") & amount.isna(), "won but the amount is empty"),
        ("outcome,amount", "amount_not_won", (outcome != "won") & amount.notna() & (amount > 0),
         "an amount is recorded on a lead that is not won"),
        ("outcome,captured_at", "stale_open", is_open & ((as_of_ts - cap) > pd.Timedelta(days=stale_days)),
         f"still open more than {stale_days:g} days after capture: close as lost or follow up"),
        ("captured_at,first_contact_at,closed_at", "after_as_of",
         (cap > as_of_ts) | (first > as_of_ts) | (closed > as_of_ts),
         f"has a time after the evaluation time {as_of_ts:%Y-%m-%d %H:%M}; ignored as not yet happened"
         if pd.notna(as_of_ts) else "has a time after the evaluation time"),
    ]
    if staff is not None:
        prep.require_frame(staff, "staff", ("staff_id",), func)
        known = set(staff["staff_id"].dropna().astype(str))
        checks.append(("assigned_to", "assigned_unknown_staff", assigned.notna() & ~assigned.isin(known),
                       "assigned_to is not in the staff table"))
        if branch_id is not None and "branch_id" in staff.columns:
            home = dict(zip(staff["staff_id"].astype(str), staff["branch_id"].astype(str)))
            other = assigned.map(home, na_action="ignore")
            checks.append(("assigned_to", "assigned_other_branch",
                           other.notna() & (other != str(branch_id)),
                           f"assigned to a staff member of another branch than {branch_id}"))
    rows = []
    for column, rule, mask, detail in checks:
        mask = pd.Series(mask).fillna(False).astype(bool).to_numpy()
        if mask.any():
            rows.append({"table": "leads", "column": column, "rule": rule, "n_rows": int(mask.sum()),
                         "rows": _first_leads(d, mask), "detail": detail})
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c == "n_rows" else "string") for c in _FINDING_COLUMNS})
    return pd.DataFrame(rows, columns=_FINDING_COLUMNS).astype(
        {"table": "string", "column": "string", "rule": "string", "n_rows": "int64", "rows": "string",
         "detail": "string"})


_REJECTED_COLUMNS = ["file_row", "lead_id", "assigned_to", "captured_at", "first_contact_at", "closed_at", "outcome",
                     "reasons"]


def rejected_leads(ds) -> pd.DataFrame:
    """The leads rows that :func:`analysis.io.load_dataset` set aside, with the rules they break.

    Parameters
    ----------
    ds : analysis.io.Dataset
        A data set loaded with ``errors="report"``.

    Returns
    -------
    pandas.DataFrame
        One row per rejected lead: ``file_row`` (row in the file, header = 1), ``lead_id``,
        ``assigned_to``, ``captured_at``, ``first_contact_at``, ``closed_at``, ``outcome`` (ids and
        times only — no personal data) and ``reasons`` (str): the rules of the data contract the row
        breaks (``contact_after_capture``, ``closed_after_contact``, ``closed_needs_time``,
        ``foreign_key:assigned_to``, …; ``see problems`` when the cause is another check such as a
        duplicate id or an unreadable value, listed in ``ds.problems``). Empty when none.

    Examples
    --------
    >>> from analysis.io import Dataset
    >>> rejected_leads(Dataset({})).empty
    True
    """
    rej = getattr(ds, "rejected", {}).get("leads")
    if rej is None or len(rej) == 0:
        return pd.DataFrame({"file_row": pd.Series([], dtype="int64"),
                             **{c: pd.Series([], dtype="datetime64[ns]" if c.endswith("_at") else "string")
                                for c in _REJECTED_COLUMNS[1:]}})
    rej = rej.reset_index(drop=True)
    tags = []
    for rule in get_table("leads").rules:
        if all(c in rej.columns for c in rule.columns):
            tags.append((rule.name, rule.bad_rows(rej).fillna(False).astype(bool).to_numpy()))
    staff_ids = set(ds["staff"]["staff_id"].dropna()) if "staff" in ds else set()
    if "assigned_to" in rej.columns and "staff" in ds:
        tags.append(("foreign_key:assigned_to", (rej["assigned_to"].notna() & ~rej["assigned_to"].isin(staff_ids))
                     .fillna(False).to_numpy()))
    for fk_col, table, key in (("person_id", "people", "person_id"), ("event_id", "events", "event_id"),
                               ("group_id", "wechat_groups", "group_id")):
        if fk_col in rej.columns and table in ds and len(ds[table]):
            known = set(ds[table][key].dropna())
            tags.append((f"foreign_key:{fk_col}", (rej[fk_col].notna() & ~rej[fk_col].isin(known)).fillna(False)
                         .to_numpy()))
    text = pd.Series([""] * len(rej), dtype=object)
    for name, mask in tags:
        text = text.where(~mask, text + np.where(text == "", "", ", ") + name)
    text = text.where(text != "", "see problems")
    cols = {c: rej[c] if c in rej.columns else pd.Series(pd.NA, index=rej.index) for c in _REJECTED_COLUMNS[:-1]}
    out = pd.DataFrame(cols).assign(reasons=text.astype("string"))
    out = out.assign(file_row=out["file_row"].astype("int64"), outcome=out["outcome"].astype("string"))
    return out.reset_index(drop=True)


