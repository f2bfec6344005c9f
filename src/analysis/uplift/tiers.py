"""Value tiers (客户价值分层) per month, tier counts per branch and manager, and the migration between two months.

A customer's tier in a month follows their AUM in that month's snapshot (:func:`analysis.uplift.tier_of`, thresholds
:data:`analysis.rules.TIER_THRESHOLDS`): 高价值 high, 次价值 second, 潜在价值 potential, 低价值 low. A review compares
two snapshots (:func:`analysis.uplift.review_snapshots`): the last one before the period and the last one in it.
An **upgrade** is a move to a higher tier between them; its rate is upgrades among the customers who could move up
(in the start snapshot, below the top tier), with a Wilson interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.uplift._tables import (TIER_RANK, VALUE_TIERS, assets_frame, assignments_frame, customers_of,
                                     managers_at, review_snapshots, tables, tier_of, wilson)

__all__ = ["MIGRATION_FROM", "MIGRATION_TO", "value_tiers", "tier_counts", "movement", "tier_migration",
           "tier_moves", "upgrade_rate"]

#: Rows of the migration matrix: the four tiers, then ``new`` (no snapshot at the start).
MIGRATION_FROM: tuple[str, ...] = (*VALUE_TIERS, "new")
#: Columns of the migration matrix: the four tiers, then ``left`` (no snapshot at the end).
MIGRATION_TO: tuple[str, ...] = (*VALUE_TIERS, "left")


def value_tiers(data=None, /, *, customer_assets: pd.DataFrame | None = None,
                thresholds=rules.TIER_THRESHOLDS) -> pd.DataFrame:
    """Every customer's tier in every snapshot.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying ``customer_assets``.
    customer_assets : pandas.DataFrame
        Month-end snapshots (``person_id``, ``as_of``, ``aum``); keyword-only.
    thresholds : dict, default :data:`analysis.rules.TIER_THRESHOLDS`
        Lower AUM bound (yuan) of ``high``, ``second`` and ``potential``.

    Returns
    -------
    pandas.DataFrame
        One row per snapshot row: ``person_id``, ``as_of`` (the snapshot day), ``aum`` (float), ``value_tier``.

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "B"], "as_of": pd.to_datetime(["2026-10-31"] * 2),
    ...                   "aum": [600_000.0, 10_000.0]})
    >>> value_tiers(customer_assets=a)["value_tier"].tolist()
    ['high', 'low']
    """
    func = "value_tiers"
    t = tables(data, func, required=("customer_assets",), customer_assets=customer_assets)
    a = assets_frame(t["customer_assets"], func)
    return a[["person_id", "as_of", "aum"]].assign(value_tier=tier_of(a["aum"], thresholds))


def tier_counts(data=None, /, *, customer_assets: pd.DataFrame | None = None,
                assignments: pd.DataFrame | None = None, staff: pd.DataFrame | None = None, when=None,
                period_start=None, period_end=None, by: str | None = None, thresholds=rules.TIER_THRESHOLDS,
                level: float = rules.LEVEL) -> pd.DataFrame:
    """Customers per tier in one snapshot, with each tier's share and its interval — for the branch or per manager.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying the tables.
    customer_assets : pandas.DataFrame
        Month-end snapshots; keyword-only.
    assignments, staff : pandas.DataFrame, optional
        Needed with ``by="staff_id"``: the manager of each customer at ``when``.
    when : date, optional
        The snapshot (default: the review's end snapshot, :func:`analysis.uplift.review_snapshots`).
    period_start, period_end : str, optional
        The review, when ``when`` is not given (default: the last snapshot).
    by : {None, "staff_id"}
        None: the branch; ``"staff_id"``: per manager (customers without one under an empty staff_id).
    thresholds : dict, default :data:`analysis.rules.TIER_THRESHOLDS`
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per (manager and) tier, tiers high → low, every tier present (0 customers included): [``staff_id``],
        ``value_tier``, ``customers`` (int64), ``n`` (int64, customers in the snapshot (of the manager)), ``rate``,
        ``ci_low``, ``ci_high`` (share of the tier, Wilson), ``aum`` (float, the tier's AUM).

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "B", "C"], "as_of": pd.to_datetime(["2026-10-31"] * 3),
    ...                   "aum": [600_000.0, 10_000.0, 20_000.0]})
    >>> tier_counts(customer_assets=a)[["value_tier", "customers", "n"]].values.tolist()
    [['high', 1, 3], ['second', 0, 3], ['potential', 0, 3], ['low', 2, 3]]
    """
    func = "tier_counts"
    t = tables(data, func, required=("customer_assets",), optional=("assignments", "staff"),
               customer_assets=customer_assets, assignments=assignments, staff=staff)
    prep.check_level(level, func)
    keys = prep.by_columns(by, ["staff_id"], "customer_assets", func)
    a = assets_frame(t["customer_assets"], func)
    snap = pd.Timestamp(when).normalize() if when is not None else review_snapshots(a, period_start, period_end)["end"]
    cur = customers_of(a, snap) if snap is not None else a.iloc[:0][["person_id", "aum"]]
    cur = cur.assign(value_tier=tier_of(cur["aum"], thresholds))
    if keys:
        if t["assignments"] is None:
            from analysis.errors import ParameterError
            raise ParameterError(f"{func}: by='staff_id' needs the assignments table.")
        asg = assignments_frame(t["assignments"], t["staff"], func)
        mgr = managers_at(asg, snap) if snap is not None else asg.iloc[:0]
        cur = cur.merge(mgr[["person_id", "staff_id"]], on="person_id", how="left")
        cur["staff_id"] = cur["staff_id"].fillna("")
        groups = sorted(set(cur["staff_id"]) - {""}) + ([""] if (cur["staff_id"] == "").any() else [])
    else:
        groups = [None]
    grid = pd.MultiIndex.from_product([groups, list(VALUE_TIERS)], names=["staff_id", "value_tier"]).to_frame(
        index=False)
    g = cur.assign(staff_id=cur["staff_id"] if keys else None)
    cnt = g.groupby(["staff_id", "value_tier"], dropna=False).agg(customers=("person_id", "size"),
                                                                   aum=("aum", "sum")).reset_index()
    out = grid.merge(cnt, on=["staff_id", "value_tier"], how="left")
    out["customers"] = out["customers"].fillna(0).astype("int64")
    out["aum"] = out["aum"].fillna(0.0).astype(float)
    out["n"] = out.groupby("staff_id", dropna=False)["customers"].transform("sum").astype("int64")
    p = wilson(out["customers"].to_numpy(), out["n"].to_numpy(), level=level)
    out = out.assign(rate=p["rate"].to_numpy(), ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy())
    cols = (["staff_id"] if keys else []) + ["value_tier", "customers", "n", "rate", "ci_low", "ci_high", "aum"]
    out = out[cols].astype({"value_tier": "string"})
    if keys:
        out["staff_id"] = out["staff_id"].astype("string").mask(out["staff_id"] == "")
    return out.reset_index(drop=True)


def movement(assets: pd.DataFrame, start, end, thresholds=rules.TIER_THRESHOLDS) -> pd.DataFrame:
    """Per customer in either snapshot (prepared ``assets``): aum_start, aum_end (0 when absent), from_tier, to_tier.

    ``from_tier`` is ``new`` for a customer with no start snapshot, ``to_tier`` ``left`` for one with no end
    snapshot; ``movable`` (could move up: in the start snapshot, below the top tier), ``upgraded`` (a higher tier
    at the end), ``downgraded`` (a lower tier at the end; ``left`` is not a downgrade but its own column).
    """
    s = customers_of(assets, start).rename(columns={"aum": "aum_start"})
    e = customers_of(assets, end).rename(columns={"aum": "aum_end"})
    m = s.merge(e, on="person_id", how="outer", indicator=True)
    in_s = m["_merge"].isin(["both", "left_only"]).to_numpy()
    in_e = m["_merge"].isin(["both", "right_only"]).to_numpy()
    m["from_tier"] = tier_of(m["aum_start"], thresholds).fillna("new")
    m["to_tier"] = tier_of(m["aum_end"], thresholds).fillna("left")
    r0 = m["from_tier"].map(TIER_RANK).to_numpy(dtype=float, na_value=np.nan)
    r1 = m["to_tier"].map(TIER_RANK).to_numpy(dtype=float, na_value=np.nan)
    top = max(TIER_RANK.values())
    m = m.assign(aum_start=m["aum_start"].fillna(0.0), aum_end=m["aum_end"].fillna(0.0),
                 in_start=in_s, in_end=in_e, movable=in_s & (np.nan_to_num(r0, nan=top) < top),
                 upgraded=in_s & in_e & (r1 > r0), downgraded=in_s & in_e & (r1 < r0), left=in_s & ~in_e)
    return m.drop(columns="_merge").sort_values("person_id", kind="stable").reset_index(drop=True)


def _review(data, func, customer_assets, period_start, period_end, previous=False):
    t = tables(data, func, required=("customer_assets",), customer_assets=customer_assets)
    a = assets_frame(t["customer_assets"], func)
    r = review_snapshots(a, period_start, period_end)
    start, end = (r["prev_start"], r["prev_end"]) if previous else (r["start"], r["end"])
    return a, start, end


def tier_migration(data=None, /, *, customer_assets: pd.DataFrame | None = None, period_start=None,
                   period_end=None, thresholds=rules.TIER_THRESHOLDS, level: float = rules.LEVEL) -> pd.DataFrame:
    """The tier migration matrix between the review's two snapshots: counts and row shares with intervals.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying ``customer_assets``.
    customer_assets : pandas.DataFrame
        Month-end snapshots; keyword-only.
    period_start, period_end : str, optional
        The review period (:func:`analysis.uplift.review_snapshots`; default the latest month).
    thresholds : dict, default :data:`analysis.rules.TIER_THRESHOLDS`
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per (from, to) pair — from ∈ :data:`MIGRATION_FROM`, to ∈ :data:`MIGRATION_TO`, every pair (zeros
        included) except new → left: ``from_tier``, ``to_tier``, ``customers`` (int64), ``n`` (int64, customers of
        the row), ``rate``, ``ci_low``, ``ci_high`` (row share, Wilson), ``start``, ``end`` (the snapshots). Empty
        when the data hold fewer than two snapshots for the period.

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "A", "B", "B"],
    ...                   "as_of": pd.to_datetime(["2026-09-30", "2026-10-31"] * 2),
    ...                   "aum": [40_000.0, 60_000.0, 40_000.0, 30_000.0]})
    >>> m = tier_migration(customer_assets=a)
    >>> m.query("customers > 0")[["from_tier", "to_tier", "customers", "n"]].values.tolist()
    [['low', 'potential', 1, 2], ['low', 'low', 1, 2]]
    """
    func = "tier_migration"
    prep.check_level(level, func)
    a, start, end = _review(data, func, customer_assets, period_start, period_end)
    cols = ["from_tier", "to_tier", "customers", "n", "rate", "ci_low", "ci_high", "start", "end"]
    if start is None:
        return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in zip(cols, ["string", "string", "int64", "int64",
                             "float64", "float64", "float64", "datetime64[ns]", "datetime64[ns]"])})
    m = movement(a, start, end, thresholds)
    grid = pd.MultiIndex.from_product([list(MIGRATION_FROM), list(MIGRATION_TO)], names=["from_tier", "to_tier"]) \
        .to_frame(index=False)
    grid = grid.loc[~((grid["from_tier"] == "new") & (grid["to_tier"] == "left"))]
    cnt = m.groupby(["from_tier", "to_tier"]).size().rename("customers").reset_index()
    out = grid.merge(cnt, on=["from_tier", "to_tier"], how="left")
    out["customers"] = out["customers"].fillna(0).astype("int64")
    out["n"] = out.groupby("from_tier")["customers"].transform("sum").astype("int64")
    p = wilson(out["customers"].to_numpy(), out["n"].to_numpy(), level=level)
    out = out.assign(rate=p["rate"].to_numpy(), ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy(),
                     start=start, end=end)
    return out[cols].astype({"from_tier": "string", "to_tier": "string"}).reset_index(drop=True)


def tier_moves(data=None, /, *, customer_assets: pd.DataFrame | None = None,
               assignments: pd.DataFrame | None = None, staff: pd.DataFrame | None = None, period_start=None,
               period_end=None, thresholds=rules.TIER_THRESHOLDS) -> pd.DataFrame:
    """The customers who moved up or down a tier in the review, by person id, with their manager.

    Returns
    -------
    pandas.DataFrame
        One row per customer upgraded or downgraded: ``person_id``, ``move`` (``up``/``down``), ``from_tier``,
        ``to_tier``, ``aum_start``, ``aum_end``, ``change`` (float, yuan), ``staff_id`` (manager at the end
        snapshot; empty without one or without an assignments table). Upgrades first, then by the size of the
        change.

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "A", "B", "B"],
    ...                   "as_of": pd.to_datetime(["2026-09-30", "2026-10-31"] * 2),
    ...                   "aum": [40_000.0, 60_000.0, 300_000.0, 30_000.0]})
    >>> tier_moves(customer_assets=a)[["person_id", "move", "to_tier"]].values.tolist()
    [['A', 'up', 'potential'], ['B', 'down', 'low']]
    """
    func = "tier_moves"
    t = tables(data, func, required=("customer_assets",), optional=("assignments", "staff"),
               customer_assets=customer_assets, assignments=assignments, staff=staff)
    a, start, end = _review(None, func, t["customer_assets"], period_start, period_end)
    cols = ["person_id", "move", "from_tier", "to_tier", "aum_start", "aum_end", "change", "staff_id"]
    if start is None:
        return pd.DataFrame({c: pd.Series([], dtype="float64" if c.startswith("aum") or c == "change" else "string")
                             for c in cols})
    m = movement(a, start, end, thresholds)
    m = m.loc[(m["upgraded"] | m["downgraded"]).to_numpy()]
    m = m.assign(move=np.where(m["upgraded"], "up", "down"), change=m["aum_end"] - m["aum_start"])
    if t["assignments"] is not None:
        mgr = managers_at(assignments_frame(t["assignments"], t["staff"], func), end)
        m = m.merge(mgr[["person_id", "staff_id"]], on="person_id", how="left")
    else:
        m = m.assign(staff_id=pd.NA)
    m = m.assign(_up=m["move"] == "up", _abs=m["change"].abs())
    m = m.sort_values(["_up", "_abs", "person_id"], ascending=[False, False, True], kind="stable")
    return m[cols].astype({"person_id": "string", "move": "string", "from_tier": "string", "to_tier": "string",
                           "staff_id": "string"}).reset_index(drop=True)


def upgrade_rate(data=None, /, *, customer_assets: pd.DataFrame | None = None, period_start=None, period_end=None,
                 previous: bool = False, thresholds=rules.TIER_THRESHOLDS, level: float = rules.LEVEL) -> pd.DataFrame:
    """The branch's upgrade rate in the review: customers who moved up a tier among those who could.

    Parameters
    ----------
    previous : bool, default False
        Read the previous period instead (as many snapshots just before the review's start).

    Returns
    -------
    pandas.DataFrame
        One row: ``upgraded`` (int64), ``movable`` (int64: in the start snapshot, below the top tier), ``rate``,
        ``ci_low``, ``ci_high`` (Wilson), ``downgraded``, ``left``, ``new`` (int64), ``aum_start``, ``aum_end``,
        ``net_new_money`` (float: AUM at the end minus AUM at the start, all customers), ``start``, ``end``. With
        no pair of snapshots: counts 0, rates and money NaN, dates NaT.

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "A", "B", "B"],
    ...                   "as_of": pd.to_datetime(["2026-09-30", "2026-10-31"] * 2),
    ...                   "aum": [40_000.0, 60_000.0, 40_000.0, 30_000.0]})
    >>> upgrade_rate(customer_assets=a)[["upgraded", "movable", "rate", "net_new_money"]].values.tolist()
    [[1.0, 2.0, 0.5, 10000.0]]
    """
    func = "upgrade_rate"
    prep.check_level(level, func)
    a, start, end = _review(data, func, customer_assets, period_start, period_end, previous=previous)
    if start is None:
        m = movement(a.iloc[:0], pd.NaT, pd.NaT, thresholds)
    else:
        m = movement(a, start, end, thresholds)
    up, n = int(m["upgraded"].sum()), int(m["movable"].sum())
    p = wilson(up, n, level=level).iloc[0]
    has = start is not None
    return pd.DataFrame({
        "upgraded": [up], "movable": [n], "rate": [p["rate"]], "ci_low": [p["ci_low"]], "ci_high": [p["ci_high"]],
        "downgraded": [int(m["downgraded"].sum())], "left": [int(m["left"].sum())],
        "new": [int((m["in_end"] & ~m["in_start"]).sum())],
        "aum_start": [float(m["aum_start"].sum()) if has else np.nan],
        "aum_end": [float(m["aum_end"].sum()) if has else np.nan],
        "net_new_money": [float(m["aum_end"].sum() - m["aum_start"].sum()) if has else np.nan],
        "start": pd.to_datetime([start]), "end": pd.to_datetime([end]),
    }).astype({"upgraded": "int64", "movable": "int64", "downgraded": "int64", "left": "int64", "new": "int64"})
