"""Allocation (分户): customers per manager by principle, the load balance, and the customers without a manager.

Customers are allocated to managers by one of four principles — familiarity (熟悉程度: who knows them), territory
(战区管户: by community), industry (行业分户: e.g. business owners to one manager) and relationship (关系分户: through
a relative or a referrer). :func:`allocation` counts each manager's book by principle; :func:`allocation_balance`
sets the books against an even split (as the follow-up domain does for leads, with the chi-square test of
:func:`allocation_balance_test`); :func:`unassigned_customers` lists who has no manager at all.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as _sps

from analysis import prep, rules
from analysis.uplift._tables import (TIER_RANK, assets_frame, assignments_frame, customers_of, evaluation_time,
                                     managers_at, snapshot_dates, tables, tier_of, wilson)
from analysis.schemas import ALLOCATION_PRINCIPLES

__all__ = ["allocation", "allocation_balance", "allocation_balance_test", "unassigned_customers"]


def _book(t, as_of, thresholds, func):
    a = assets_frame(t["customer_assets"], func)
    ts = evaluation_time(as_of=as_of, customer_assets=t["customer_assets"], contacts=t.get("contacts"))
    dates = [d for d in snapshot_dates(a) if ts is None or d <= ts]
    cur = customers_of(a, dates[-1]) if dates else a.iloc[:0][["person_id", "aum"]]
    cur = cur.assign(value_tier=tier_of(cur["aum"], thresholds))
    asg = assignments_frame(t["assignments"], t["staff"], func)
    mgr = managers_at(asg, ts) if ts is not None else asg.iloc[:0]
    return cur.merge(mgr[["person_id", "staff_id", "principle"]], on="person_id", how="left"), ts


def allocation(data=None, /, *, customer_assets=None, assignments=None, staff=None, as_of=None,
               thresholds=rules.TIER_THRESHOLDS, level: float = rules.LEVEL) -> pd.DataFrame:
    """Each manager's book by allocation principle, at ``as_of``.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying the tables.
    customer_assets, assignments : pandas.DataFrame
        The customers (last snapshot on or before ``as_of``) and their managers; keyword-only.
    staff : pandas.DataFrame, optional
    as_of : str or Timestamp, optional
        Default :func:`analysis.uplift.evaluation_time`.
    thresholds : dict, default :data:`analysis.rules.TIER_THRESHOLDS`
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per manager with customers and principle (the four principles, zeros included; a principle not
        recorded as ``unknown``): ``staff_id``, ``principle``, ``customers`` (int64), ``n`` (int64, the manager's
        book), ``rate``, ``ci_low``, ``ci_high`` (share of the book, Wilson), ``aum`` (float).

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "B"], "as_of": pd.to_datetime(["2026-10-31"] * 2), "aum": [1e5, 2e5]})
    >>> g = pd.DataFrame({"person_id": ["A", "B"], "staff_id": ["S1", "S1"],
    ...                   "assigned_at": pd.to_datetime(["2026-01-01"] * 2), "principle": ["territory", "industry"]})
    >>> b = allocation(customer_assets=a, assignments=g)
    >>> b.query("customers > 0")[["principle", "customers", "n"]].values.tolist()
    [['territory', 1, 2], ['industry', 1, 2]]
    """
    func = "allocation"
    t = tables(data, func, required=("customer_assets", "assignments"), optional=("staff",),
               customer_assets=customer_assets, assignments=assignments, staff=staff)
    prep.check_level(level, func)
    cur, _ = _book(t, as_of, thresholds, func)
    cur = cur.loc[cur["staff_id"].notna().to_numpy()]
    cur = cur.assign(principle=cur["principle"].astype("string").fillna("unknown"))
    principles = list(ALLOCATION_PRINCIPLES) + (["unknown"] if (cur["principle"] == "unknown").any() else [])
    managers = sorted(cur["staff_id"].unique())
    grid = pd.MultiIndex.from_product([managers, principles], names=["staff_id", "principle"]).to_frame(index=False)
    g = cur.groupby(["staff_id", "principle"], as_index=False).agg(customers=("person_id", "size"), aum=("aum", "sum"))
    out = grid.merge(g, on=["staff_id", "principle"], how="left")
    out["customers"] = out["customers"].fillna(0).astype("int64")
    out["aum"] = out["aum"].fillna(0.0).astype(float)
    out["n"] = out.groupby("staff_id")["customers"].transform("sum").astype("int64")
    p = wilson(out["customers"].to_numpy(), out["n"].to_numpy(), level=level)
    out = out.assign(rate=p["rate"].to_numpy(), ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy())
    return out[["staff_id", "principle", "customers", "n", "rate", "ci_low", "ci_high", "aum"]].astype(
        {"staff_id": "string", "principle": "string"}).reset_index(drop=True)


def allocation_balance(data=None, /, *, customer_assets=None, assignments=None, staff=None, as_of=None,
                       roles: Sequence[str] = rules.MANAGER_ROLES, thresholds=rules.TIER_THRESHOLDS) -> pd.DataFrame:
    """Each manager's book against an even split: customers, white-list customers, AUM.

    Parameters
    ----------
    roles : sequence of str, default :data:`analysis.rules.MANAGER_ROLES`
        Roles that hold a book: every such staff member gets a row, even with no customer (needs ``staff``).

    Returns
    -------
    pandas.DataFrame
        One row per manager (the staff table's order, then others by id): ``staff_id``, ``role``, ``customers``
        (int64), ``expected`` (float, the even split of the assigned customers), ``share`` (float), ``high``,
        ``second``, ``potential``, ``low`` (int64, the book by tier), ``aum`` (float).

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "B"], "as_of": pd.to_datetime(["2026-10-31"] * 2), "aum": [1e5, 6e5]})
    >>> g = pd.DataFrame({"person_id": ["A", "B"], "staff_id": ["S1", "S1"],
    ...                   "assigned_at": pd.to_datetime(["2026-01-01"] * 2), "principle": ["territory"] * 2})
    >>> s = pd.DataFrame({"staff_id": ["S1", "S2"], "role": ["wealth_manager", "account_manager"]})
    >>> b = allocation_balance(customer_assets=a, assignments=g, staff=s)
    >>> b[["staff_id", "customers", "expected", "tier_high"]].values.tolist()
    [['S1', 2, 1.0, 1], ['S2', 0, 1.0, 0]]
    """
    func = "allocation_balance"
    t = tables(data, func, required=("customer_assets", "assignments"), optional=("staff",),
               customer_assets=customer_assets, assignments=assignments, staff=staff)
    roles = [roles] if isinstance(roles, str) else list(roles)
    cur, _ = _book(t, as_of, thresholds, func)
    cur = cur.loc[cur["staff_id"].notna().to_numpy()]
    staff_t = t["staff"]
    ids, role_of = [], {}
    if staff_t is not None:
        sid, role = staff_t["staff_id"].astype("string"), staff_t["role"].astype("string")
        role_of = dict(zip(sid, role))
        ids = list(sid[role.isin(roles).fillna(False).to_numpy()])
        ids += [s for s in sid if s in set(cur["staff_id"]) and s not in ids]
    ids += sorted(s for s in set(cur["staff_id"]) if s not in ids)
    tiers = pd.crosstab(cur["staff_id"], cur["value_tier"]).reindex(index=ids, columns=list(TIER_RANK)[::-1],
                                                                     fill_value=0)
    n = tiers.sum(axis=1).to_numpy(dtype=np.int64) if len(ids) else np.array([], dtype=np.int64)
    total = int(n.sum())
    k = len(ids)
    aum = cur.groupby("staff_id")["aum"].sum().reindex(ids, fill_value=0.0)
    return pd.DataFrame({
        "staff_id": pd.array(ids, dtype="string"), "role": pd.array([role_of.get(s, pd.NA) for s in ids],
                                                                    dtype="string"),
        "customers": n, "expected": np.full(k, total / k if k else np.nan),
        "share": n / total if total else np.full(k, np.nan),
        **{f"tier_{tier}": tiers[tier].to_numpy(dtype=np.int64) for tier in ("high", "second", "potential", "low")},
        "aum": aum.to_numpy(dtype=float),
    })


def allocation_balance_test(balance: pd.DataFrame, unassigned: int = 0) -> pd.DataFrame:
    """Chi-square test of the books of :func:`allocation_balance` against an even split.

    Returns
    -------
    pandas.DataFrame
        One row: ``chi2``, ``dof`` (int64), ``p_value``, ``n`` (int64, assigned customers), ``n_staff`` (int64),
        ``min_expected`` (float), ``unassigned`` (int64, as passed). NaN with fewer than two managers or no customer.
        As R's ``chisq.test(x, p = rep(1/k, k))``.

    Examples
    --------
    >>> b = pd.DataFrame({"customers": [30, 10]})
    >>> round(float(allocation_balance_test(b)["chi2"].iloc[0]), 3)  # R: chisq.test(c(30, 10))$statistic
    10.0
    """
    prep.require_frame(balance, "balance", ("customers",), "allocation_balance_test")
    x = balance["customers"].to_numpy(dtype=float)
    k, n = len(x), int(x.sum())
    chi2 = p = np.nan
    if k >= 2 and n > 0:
        res = _sps.chisquare(x)
        chi2, p = float(res.statistic), float(res.pvalue)
    return pd.DataFrame({"chi2": [chi2], "dof": np.array([max(k - 1, 0)], dtype=np.int64), "p_value": [p],
                         "n": np.array([n], dtype=np.int64), "n_staff": np.array([k], dtype=np.int64),
                         "min_expected": [n / k if k else np.nan],
                         "unassigned": np.array([int(unassigned)], dtype=np.int64)})


def unassigned_customers(data=None, /, *, customer_assets=None, assignments=None, staff=None, as_of=None,
                         thresholds=rules.TIER_THRESHOLDS) -> pd.DataFrame:
    """The customers with no manager at ``as_of`` (in the last snapshot), the most valuable first.

    Returns
    -------
    pandas.DataFrame
        ``person_id``, ``value_tier``, ``aum`` (float), ``last_manager`` (the manager of the last spell that ended,
        empty when never assigned).

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "B"], "as_of": pd.to_datetime(["2026-10-31"] * 2), "aum": [1e5, 6e5]})
    >>> g = pd.DataFrame({"person_id": ["A"], "staff_id": ["S1"], "assigned_at": pd.to_datetime(["2026-01-01"]),
    ...                   "principle": ["territory"]})
    >>> unassigned_customers(customer_assets=a, assignments=g)["person_id"].tolist()
    ['B']
    """
    func = "unassigned_customers"
    t = tables(data, func, required=("customer_assets", "assignments"), optional=("staff",),
               customer_assets=customer_assets, assignments=assignments, staff=staff)
    cur, ts = _book(t, as_of, thresholds, func)
    asg = assignments_frame(t["assignments"], t["staff"], func)
    ended = asg.loc[asg["ended_at"].notna().to_numpy()].sort_values("ended_at", kind="stable") \
        .drop_duplicates("person_id", keep="last").set_index("person_id")["staff_id"]
    none = cur.loc[cur["staff_id"].isna().to_numpy()]
    none = none.assign(last_manager=prep.lookup(none["person_id"], ended).astype("string"),
                       _r=none["value_tier"].map(TIER_RANK))
    none = none.sort_values(["_r", "aum", "person_id"], ascending=[False, False, True], kind="stable")
    return none[["person_id", "value_tier", "aum", "last_manager"]].astype(
        {"person_id": "string", "value_tier": "string", "aum": "float64"}).reset_index(drop=True)
