"""The white list (白名单): the mid- and high-end customers, and who among them has not been contacted for too long.

The branch keeps its high- and second-tier customers (:data:`analysis.rules.WHITE_LIST_TIERS`) on a list reviewed
regularly: their tier, manager, AUM and its change since the last review, the last contact and the next maturity.
A customer on the list with no contact for :data:`analysis.rules.NO_CONTACT_DAYS` days is flagged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.uplift._tables import (DAY, TIER_RANK, VALUE_TIERS, assets_frame, assignments_frame, contacts_frame,
                                     customers_of, evaluation_time, holdings_frame, managers_at, review_snapshots,
                                     tables, tier_of)

__all__ = ["WHITE_LIST_COLUMNS", "white_list", "last_contacts", "next_maturities"]

#: The columns of :func:`white_list` a report shows.
WHITE_LIST_COLUMNS: tuple[str, ...] = ("person_id", "value_tier", "staff_id", "aum", "aum_review", "change",
                                       "last_contact_at", "days_since_contact", "next_maturity_at",
                                       "next_maturity_amount", "no_contact")


def last_contacts(contacts: pd.DataFrame) -> pd.DataFrame:
    """person_id → the latest ``contacted_at`` (prepared contacts), as ``last_contact_at``."""
    return contacts.groupby("person_id", sort=False)["contacted_at"].max().rename("last_contact_at").reset_index()


def next_maturities(holdings: pd.DataFrame, after) -> pd.DataFrame:
    """person_id → the first maturity after ``after`` (``next_maturity_at``) and the amount maturing that day."""
    h = holdings.loc[(holdings["matures_at"] > after).fillna(False).to_numpy()]
    if not len(h):
        return pd.DataFrame({"person_id": pd.Series([], dtype="string"),
                             "next_maturity_at": pd.Series([], dtype="datetime64[ns]"),
                             "next_maturity_amount": pd.Series([], dtype="float64")})
    first = h.groupby("person_id")["matures_at"].transform("min")
    h = h.loc[(h["matures_at"] == first).to_numpy()]
    return h.groupby("person_id", as_index=False).agg(next_maturity_at=("matures_at", "first"),
                                                     next_maturity_amount=("amount", "sum"))


def white_list(data=None, /, *, customer_assets: pd.DataFrame | None = None, assignments: pd.DataFrame | None = None,
               contacts: pd.DataFrame | None = None, holdings: pd.DataFrame | None = None,
               staff: pd.DataFrame | None = None, as_of=None, period_start=None, period_end=None,
               tiers=rules.WHITE_LIST_TIERS, no_contact_days: float = rules.NO_CONTACT_DAYS,
               thresholds=rules.TIER_THRESHOLDS) -> pd.DataFrame:
    """The white list at the review's end snapshot, with the customers not contacted for too long flagged.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying the tables (:func:`analysis.uplift.branch_data`).
    customer_assets : pandas.DataFrame
        Month-end snapshots; keyword-only, as are the others.
    assignments, contacts, holdings, staff : pandas.DataFrame, optional
        Without them the manager, the last contact or the next maturity stay empty.
    as_of : str or Timestamp, optional
        Evaluation time (default :func:`analysis.uplift.evaluation_time`: the latest snapshot or contact).
    period_start, period_end : str, optional
        The review period; the list is read at its end snapshot and compared with its start snapshot (the last
        review).
    tiers : sequence of str, default :data:`analysis.rules.WHITE_LIST_TIERS` (high, second)
    no_contact_days : float, default :data:`analysis.rules.NO_CONTACT_DAYS` (30)
    thresholds : dict, default :data:`analysis.rules.TIER_THRESHOLDS`

    Returns
    -------
    pandas.DataFrame
        One row per customer on the list (high tier first, then by AUM): ``person_id``, ``value_tier``,
        ``staff_id`` (manager at ``as_of``; empty without one), ``aum`` (end snapshot), ``aum_review`` (start
        snapshot; NaN for a customer new since), ``change`` (float, yuan), ``last_contact_at`` (NaT: none on
        record), ``days_since_contact`` (float, days from the last contact to ``as_of``; NaN with none),
        ``next_maturity_at``, ``next_maturity_amount``, ``no_contact`` (bool: no contact within
        ``no_contact_days`` days before ``as_of``, or none on record).

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "A", "B", "B"],
    ...                   "as_of": pd.to_datetime(["2026-09-30", "2026-10-31"] * 2),
    ...                   "aum": [400_000.0, 600_000.0, 10_000.0, 10_000.0]})
    >>> c = pd.DataFrame({"person_id": ["A"], "staff_id": ["S1"], "contacted_at": pd.to_datetime(["2026-09-01"])})
    >>> w = white_list(customer_assets=a, contacts=c, as_of="2026-10-31 18:00")
    >>> w[["person_id", "value_tier", "change", "no_contact"]].values.tolist()
    [['A', 'high', 200000.0, True]]
    """
    func = "white_list"
    t = tables(data, func, required=("customer_assets",),
               optional=("assignments", "contacts", "holdings", "staff"), customer_assets=customer_assets,
               assignments=assignments, contacts=contacts, holdings=holdings, staff=staff)
    tiers = [tiers] if isinstance(tiers, str) else list(tiers)
    if not tiers or any(x not in VALUE_TIERS for x in tiers):
        raise ParameterError(f"{func}: tiers must be among {', '.join(VALUE_TIERS)}, got {tiers!r}.")
    days = prep.check_number(no_contact_days, "no_contact_days", func, unit="days")
    a = assets_frame(t["customer_assets"], func)
    ts = evaluation_time(as_of=as_of, customer_assets=t["customer_assets"], contacts=t["contacts"])
    if ts is not None:
        a = a.loc[(a["as_of"] <= ts).to_numpy()]  # a snapshot after the evaluation time is not known yet
    r = review_snapshots(a, period_start, period_end)
    if r["end"] is None:
        return _empty()
    cur = customers_of(a, r["end"]).assign(value_tier=lambda d: tier_of(d["aum"], thresholds))
    cur = cur.loc[cur["value_tier"].isin(tiers).to_numpy()]
    if r["start"] is not None:
        cur = cur.merge(customers_of(a, r["start"]).rename(columns={"aum": "aum_review"}), on="person_id", how="left")
    else:
        cur = cur.assign(aum_review=np.nan)
    if t["assignments"] is not None:
        mgr = managers_at(assignments_frame(t["assignments"], t["staff"], func), ts)
        cur = cur.merge(mgr[["person_id", "staff_id"]], on="person_id", how="left")
    else:
        cur = cur.assign(staff_id=pd.NA)
    if t["contacts"] is not None:
        cur = cur.merge(last_contacts(contacts_frame(t["contacts"], t["staff"], func, as_of=ts)), on="person_id",
                        how="left")
    else:
        cur = cur.assign(last_contact_at=pd.NaT)
    if t["holdings"] is not None:
        cur = cur.merge(next_maturities(holdings_frame(t["holdings"], func), ts), on="person_id", how="left")
    else:
        cur = cur.assign(next_maturity_at=pd.NaT, next_maturity_amount=np.nan)
    since = (ts - pd.to_datetime(cur["last_contact_at"])) / DAY
    cur = cur.assign(change=cur["aum"] - cur["aum_review"], days_since_contact=since.astype(float),
                     no_contact=(since.isna() | (since > days)).to_numpy(dtype=bool))
    cur = cur.assign(_r=cur["value_tier"].map(TIER_RANK)).sort_values(["_r", "aum", "person_id"],
                                                                       ascending=[False, False, True], kind="stable")
    return _typed(cur[list(WHITE_LIST_COLUMNS)].reset_index(drop=True))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype({"person_id": "string", "value_tier": "string", "staff_id": "string", "aum": "float64",
                      "aum_review": "float64", "change": "float64", "last_contact_at": "datetime64[ns]",
                      "days_since_contact": "float64", "next_maturity_at": "datetime64[ns]",
                      "next_maturity_amount": "float64", "no_contact": "bool"})


def _empty() -> pd.DataFrame:
    return _typed(pd.DataFrame({c: [] for c in WHITE_LIST_COLUMNS}))
