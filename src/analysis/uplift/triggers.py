"""Maintenance triggers (维护触发): the list a manager works through in the morning.

Three triggers, each with its owner (the customer's manager now; none → the branch head assigns) and a due date:

- ``maturity_7d`` / ``maturity_30d`` — products maturing within 7 or 30 days (产品到期维护,
  :data:`analysis.rules.MATURITY_WINDOWS_DAYS`), at least :data:`analysis.rules.MATURITY_MIN_AMOUNT` yuan per customer
  and window; due :data:`analysis.rules.MATURITY_CALL_DAYS` days before the
  maturity (today when that has passed);
- ``outflow`` — AUM down by at least :data:`analysis.rules.OUTFLOW_SHARE` and :data:`analysis.rules.OUTFLOW_AMOUNT`
  yuan from the snapshot before (大额变动维护, the churn warning); due within
  :data:`analysis.rules.OUTFLOW_CALL_DAYS` days;
- ``no_contact`` — no contact for longer than the tier's frequency standard
  (:data:`analysis.rules.CONTACT_EVERY_DAYS`; a customer never contacted counts from their first snapshot); due
  within :data:`analysis.rules.OVERDUE_CONTACT_DAYS` days.

Care dates (尊享关怀: birthdays, anniversaries) are not in the data contract — it holds no personal dates — so the
list has no care trigger; a branch that records them adds the contacts with purpose ``care``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.uplift._tables import (DAY, VALUE_TIERS, assets_frame, assignments_frame, contacts_frame, customers_of,
                                     evaluation_time, holdings_frame, managers_at, snapshot_dates, tables, tier_of)
from analysis.uplift.whitelist import last_contacts

__all__ = ["TRIGGERS", "MAINTENANCE_COLUMNS", "maintenance_list", "maintenance_counts", "check_every_days"]

#: The triggers, in the order of the morning list.
TRIGGERS: tuple[str, ...] = ("maturity_7d", "outflow", "maturity_30d", "no_contact")
#: The columns of :func:`maintenance_list`.
MAINTENANCE_COLUMNS: tuple[str, ...] = ("person_id", "trigger", "value_tier", "staff_id", "due", "amount",
                                        "matures_at", "aum", "aum_change", "days_since_contact")


def check_every_days(every_days, func: str) -> dict[str, float]:
    """The contact frequency standard as tier → days (> 0), every tier given, else ParameterError."""
    if not hasattr(every_days, "keys") or set(every_days) != set(VALUE_TIERS):
        raise ParameterError(f"{func}: every_days must give a number of days for each tier ({', '.join(VALUE_TIERS)}),"
                             f" e.g. {rules.CONTACT_EVERY_DAYS}, got {every_days!r}.")
    out = {k: prep.check_number(every_days[k], f"every_days[{k!r}]", func, unit="days") for k in VALUE_TIERS}
    if min(out.values()) <= 0:
        raise ParameterError(f"{func}: every_days must be more than 0 days for every tier, got {every_days!r}.")
    return out


def _windows(windows, func: str) -> tuple[float, float]:
    w = list(windows) if not isinstance(windows, (int, float)) else [windows]
    if len(w) != 2:
        raise ParameterError(f"{func}: maturity_windows must be two numbers of days (near, far), e.g. (7, 30), "
                             f"got {windows!r}.")
    near, far = (prep.check_number(x, "maturity_windows", func, unit="days") for x in w)
    if not 0 < near <= far:
        raise ParameterError(f"{func}: maturity_windows must be 0 < near ≤ far, got {windows!r}.")
    return near, far


def _empty_list() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in zip(MAINTENANCE_COLUMNS, (
        "string", "string", "string", "string", "datetime64[ns]", "float64", "datetime64[ns]", "float64",
        "float64", "float64"))})


def maintenance_list(data=None, /, *, customer_assets: pd.DataFrame | None = None,
                     holdings: pd.DataFrame | None = None, assignments: pd.DataFrame | None = None,
                     contacts: pd.DataFrame | None = None, staff: pd.DataFrame | None = None, as_of=None,
                     maturity_windows=rules.MATURITY_WINDOWS_DAYS, maturity_call_days: float = rules.MATURITY_CALL_DAYS,
                     maturity_min_amount: float = rules.MATURITY_MIN_AMOUNT,
                     outflow_share: float = rules.OUTFLOW_SHARE, outflow_amount: float = rules.OUTFLOW_AMOUNT,
                     outflow_call_days: float = rules.OUTFLOW_CALL_DAYS, every_days=rules.CONTACT_EVERY_DAYS,
                     overdue_contact_days: float = rules.OVERDUE_CONTACT_DAYS,
                     thresholds=rules.TIER_THRESHOLDS) -> pd.DataFrame:
    """The maintenance list at ``as_of``: maturities, large outflows and overdue contacts, with owner and due date.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying the tables (:func:`analysis.uplift.branch_data`).
    customer_assets : pandas.DataFrame
        Month-end snapshots (the tier and the outflow come from the last two on or before ``as_of``); keyword-only.
    holdings, assignments, contacts, staff : pandas.DataFrame, optional
        Without holdings there is no maturity trigger, without contacts no overdue-contact trigger, without
        assignments no owner.
    as_of : str or Timestamp, optional
        Evaluation time (default :func:`analysis.uplift.evaluation_time`).
    maturity_windows : (float, float), default (7, 30)
    maturity_call_days, maturity_min_amount, outflow_share, outflow_amount, outflow_call_days, every_days,
    overdue_contact_days
        The rules of the module notes (defaults in :mod:`analysis.rules`).
    thresholds : dict, default :data:`analysis.rules.TIER_THRESHOLDS`

    Returns
    -------
    pandas.DataFrame
        One row per customer and trigger (a customer with two products maturing in the week is one
        ``maturity_7d`` row), ordered by due date then trigger: ``person_id``, ``trigger`` (:data:`TRIGGERS`),
        ``value_tier`` (at the last snapshot), ``staff_id`` (manager at ``as_of``; empty: none), ``due`` (day),
        ``amount`` (float: the amount maturing, or the outflow in yuan; NaN for no_contact), ``matures_at`` (the
        first maturity of the row), ``aum`` (last snapshot), ``aum_change`` (float: against the snapshot before;
        NaN when new), ``days_since_contact`` (float; NaN when never contacted).

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "A"], "as_of": pd.to_datetime(["2026-09-30", "2026-10-31"]),
    ...                   "aum": [300_000.0, 100_000.0]})
    >>> h = pd.DataFrame({"person_id": ["A"], "product": ["wealth"], "amount": [50_000.0],
    ...                   "starts_at": pd.to_datetime(["2026-05-05"]), "matures_at": pd.to_datetime(["2026-11-05"])})
    >>> m = maintenance_list(customer_assets=a, holdings=h, as_of="2026-11-01 09:00")
    >>> m[["person_id", "trigger", "due", "amount"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['A', 'maturity_7d', Timestamp('2026-11-02 00:00:00'), 50000.0],
     ['A', 'outflow', Timestamp('2026-11-03 00:00:00'), 200000.0]]
    """
    func = "maintenance_list"
    t = tables(data, func, required=("customer_assets",), optional=("holdings", "assignments", "contacts", "staff"),
               customer_assets=customer_assets, holdings=holdings, assignments=assignments, contacts=contacts,
               staff=staff)
    near, far = _windows(maturity_windows, func)
    share = prep.check_fraction(outflow_share, "outflow_share", func)
    floor = prep.check_number(outflow_amount, "outflow_amount", func, unit="yuan")
    every = check_every_days(every_days, func)
    mcall = prep.check_number(maturity_call_days, "maturity_call_days", func, unit="days")
    mmin = prep.check_number(maturity_min_amount, "maturity_min_amount", func, unit="yuan")
    ocall = prep.check_number(outflow_call_days, "outflow_call_days", func, unit="days")
    ccall = prep.check_number(overdue_contact_days, "overdue_contact_days", func, unit="days")
    a = assets_frame(t["customer_assets"], func)
    ts = evaluation_time(as_of=as_of, customer_assets=t["customer_assets"], contacts=t["contacts"])
    if ts is None:
        return _empty_list()
    today = (ts + pd.Timedelta(1, "ns")).normalize()  # evaluated at the end of a day: the list is for the next one
    dates = [d for d in snapshot_dates(a) if d <= ts]
    if not dates:
        return _empty_list()
    last = customers_of(a, dates[-1]).assign(value_tier=lambda d: tier_of(d["aum"], thresholds))
    if len(dates) > 1:
        last = last.merge(customers_of(a, dates[-2]).rename(columns={"aum": "_before"}), on="person_id", how="left")
    else:
        last = last.assign(_before=np.nan)
    last = last.assign(aum_change=last["aum"] - last["_before"])
    first_seen = a.groupby("person_id")["as_of"].min().rename("_since").reset_index()
    base = last.merge(first_seen, on="person_id", how="left")
    if t["contacts"] is not None:
        base = base.merge(last_contacts(contacts_frame(t["contacts"], t["staff"], func, as_of=ts)), on="person_id",
                          how="left")
    else:
        base = base.assign(last_contact_at=pd.NaT)
    base = base.assign(days_since_contact=((ts - pd.to_datetime(base["last_contact_at"])) / DAY).astype(float))
    parts = []
    # maturities
    if t["holdings"] is not None:
        h = holdings_frame(t["holdings"], func)
        left = (h["matures_at"] - ts) / DAY
        h = h.loc[((left > 0) & (left <= far)).fillna(False).to_numpy()]
        h = h.assign(trigger=np.where(((h["matures_at"] - ts) / DAY) <= near, "maturity_7d", "maturity_30d"))
        g = h.groupby(["person_id", "trigger"], as_index=False).agg(amount=("amount", "sum"),
                                                                   matures_at=("matures_at", "min"))
        g = g.loc[(g["amount"] >= mmin).to_numpy()]
        due = (g["matures_at"].dt.normalize() - pd.Timedelta(days=mcall)).clip(lower=today)
        parts.append(g.assign(due=due))
    # large outflows month on month
    drop = -base["aum_change"]
    out = ((drop >= floor) & (drop >= share * base["_before"])).fillna(False).to_numpy()
    parts.append(base.loc[out, ["person_id"]].assign(trigger="outflow", amount=drop[out].to_numpy(),
                                                    matures_at=pd.NaT, due=today + pd.Timedelta(days=ocall)))
    # overdue contacts under the frequency standard
    if t["contacts"] is not None:
        limit = base["value_tier"].map(every).astype(float)
        ref = pd.to_datetime(base["last_contact_at"]).fillna(base["_since"])
        over = (((ts - ref) / DAY) > limit).fillna(False).to_numpy()
        parts.append(base.loc[over, ["person_id"]].assign(trigger="no_contact", amount=np.nan, matures_at=pd.NaT,
                                                          due=today + pd.Timedelta(days=ccall)))
    rows = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
    if rows is None:
        return _empty_list()
    rows = rows.merge(base[["person_id", "value_tier", "aum", "aum_change", "days_since_contact"]], on="person_id",
                      how="left")
    if t["assignments"] is not None:
        mgr = managers_at(assignments_frame(t["assignments"], t["staff"], func), ts)
        rows = rows.merge(mgr[["person_id", "staff_id"]], on="person_id", how="left")
    else:
        rows = rows.assign(staff_id=pd.NA)
    order = {k: i for i, k in enumerate(TRIGGERS)}
    rows = rows.assign(_k=rows["trigger"].map(order)).sort_values(["due", "_k", "person_id"], kind="stable")
    return rows[list(MAINTENANCE_COLUMNS)].astype({
        "person_id": "string", "trigger": "string", "value_tier": "string", "staff_id": "string",
        "due": "datetime64[ns]", "amount": "float64", "matures_at": "datetime64[ns]", "aum": "float64",
        "aum_change": "float64", "days_since_contact": "float64"}).reset_index(drop=True)


def maintenance_counts(maintenance: pd.DataFrame) -> pd.DataFrame:
    """Per manager and trigger, from :func:`maintenance_list`: ``customers`` (int64), ``amount`` (float), ``first_due``.

    Managers by id (empty: customers without a manager, last), triggers in :data:`TRIGGERS` order.

    Examples
    --------
    >>> m = pd.DataFrame({"person_id": ["A", "B"], "trigger": ["outflow"] * 2, "staff_id": ["S1", "S1"],
    ...                   "due": pd.to_datetime(["2026-11-03"] * 2), "amount": [1.0, 2.0]})
    >>> maintenance_counts(m)[["staff_id", "trigger", "customers", "amount"]].values.tolist()
    [['S1', 'outflow', 2, 3.0]]
    """
    prep.require_frame(maintenance, "maintenance", ("person_id", "trigger", "staff_id", "due", "amount"),
                       "maintenance_counts")
    m = maintenance.assign(_s=maintenance["staff_id"].astype("string").fillna(""))
    g = m.groupby(["_s", "trigger"], as_index=False).agg(customers=("person_id", "nunique"),
                                                        amount=("amount", lambda s: float(s.sum(min_count=1))),
                                                        first_due=("due", "min"))
    order = {k: i for i, k in enumerate(TRIGGERS)}
    g = g.assign(_k=g["trigger"].map(order), _none=g["_s"] == "").sort_values(["_none", "_s", "_k"], kind="stable")
    return pd.DataFrame({"staff_id": g["_s"].astype("string").mask(g["_s"] == "").to_numpy(),
                         "trigger": g["trigger"].astype("string").to_numpy(),
                         "customers": g["customers"].astype("int64").to_numpy(),
                         "amount": g["amount"].astype(float).to_numpy(),
                         "first_due": pd.to_datetime(g["first_due"]).to_numpy()}).astype(
        {"staff_id": "string", "trigger": "string"})
