"""Uplift per wealth manager (客户提升跟踪表) and the like-with-like league table.

:func:`manager_uplift` is the tracking table reviewed at the regular review (定期复盘): each manager's book at the
start and the end of the period, the net new money, the customers upgraded and their rate with its interval, and
the manager's targets where the branch sets them.

A raw upgrade rate mixes the manager's work with the book they were given: how easily a customer moves up depends
on the tier they start in, so a manager holding many customers of an "easy" tier looks better than one holding
customers of a hard one. :func:`manager_comparison` compares like with
like by **indirect standardization**: for each manager it computes the upgrades the branch's own rates per starting
tier would predict for that manager's book (``expected``), and sets the observed upgrades against them. A ratio
above 1 means more upgrades than the book predicts; the interval and the p-value are the exact Poisson ones
(R: ``poisson.test(observed, T = expected)``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as _sps

from analysis import prep, rules
from analysis.uplift._tables import (VALUE_TIERS, assets_frame, assignments_frame, managers_at, review_snapshots,
                                     tables, wilson)
from analysis.uplift.tiers import movement

__all__ = ["TARGET_METRICS", "book_movement", "manager_uplift", "manager_comparison", "poisson_ratio"]

#: The targets a manager may have in a ``targets`` table (``staff_id``, ``metric``, ``target``).
TARGET_METRICS: tuple[str, ...] = ("net_new_money", "upgraded")


def book_movement(data=None, /, *, customer_assets=None, assignments=None, staff=None, period_start=None,
                  period_end=None, thresholds=rules.TIER_THRESHOLDS, func: str = "book_movement") -> tuple:
    """Per customer of the review (:func:`analysis.uplift.movement`) with the manager whose book holds them.

    The manager is the one at the end snapshot, else the one at the start (a customer who left). Returns
    ``(frame, start, end)``; the frame is empty (``start`` None) without two snapshots.
    """
    t = tables(data, func, required=("customer_assets",), optional=("assignments", "staff"),
               customer_assets=customer_assets, assignments=assignments, staff=staff)
    a = assets_frame(t["customer_assets"], func)
    r = review_snapshots(a, period_start, period_end)
    if r["start"] is None:
        m = movement(a.iloc[:0], pd.NaT, pd.NaT, thresholds)
        return m.assign(staff_id=pd.Series([], dtype="string")), None, None
    m = movement(a, r["start"], r["end"], thresholds)
    if t["assignments"] is not None:
        asg = assignments_frame(t["assignments"], t["staff"], func)
        end_m = managers_at(asg, r["end"]).set_index("person_id")["staff_id"]
        start_m = managers_at(asg, r["start"]).set_index("person_id")["staff_id"]
        sid = prep.lookup(m["person_id"], end_m).astype("string").fillna(
            prep.lookup(m["person_id"], start_m).astype("string"))
    else:
        sid = pd.Series(pd.NA, index=m.index, dtype="string")
    return m.assign(staff_id=sid), r["start"], r["end"]


def manager_uplift(data=None, /, *, customer_assets=None, assignments=None, staff=None, targets=None,
                   period_start=None, period_end=None, thresholds=rules.TIER_THRESHOLDS,
                   level: float = rules.LEVEL) -> pd.DataFrame:
    """The uplift tracking table: per manager, AUM at start and end, net new money, upgrades and their rate.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying the tables (:func:`analysis.uplift.branch_data`).
    customer_assets : pandas.DataFrame
        Month-end snapshots; keyword-only, as are the others.
    assignments, staff : pandas.DataFrame, optional
        The books; without assignments every customer is in the "no manager" row.
    targets : pandas.DataFrame, optional
        The managers' targets for the period: ``staff_id``, ``metric`` ∈ :data:`TARGET_METRICS`, ``target``.
    period_start, period_end : str, optional
        The review (:func:`analysis.uplift.review_snapshots`; default the latest month).
    thresholds : dict, default :data:`analysis.rules.TIER_THRESHOLDS`
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per manager (by id; the customers without one last, ``staff_id`` empty): ``staff_id``,
        ``customers`` (int64: in the book at the start or the end), ``aum_start``, ``aum_end``, ``net_new_money``
        (float, yuan: end − start; a customer who left counts 0 at the end, a new one 0 at the start),
        ``upgraded``, ``movable`` (int64), ``rate``, ``ci_low``, ``ci_high`` (Wilson), ``downgraded``, ``left``,
        ``new`` (int64), ``target_net_new_money``, ``target_upgraded`` (float, NaN without a target),
        ``start``, ``end``.

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "A", "B", "B"],
    ...                   "as_of": pd.to_datetime(["2026-09-30", "2026-10-31"] * 2),
    ...                   "aum": [40_000.0, 60_000.0, 40_000.0, 30_000.0]})
    >>> g = pd.DataFrame({"person_id": ["A", "B"], "staff_id": ["S1", "S1"],
    ...                   "assigned_at": pd.to_datetime(["2026-01-01"] * 2), "principle": ["territory"] * 2})
    >>> u = manager_uplift(customer_assets=a, assignments=g)
    >>> u[["staff_id", "upgraded", "movable", "net_new_money"]].values.tolist()
    [['S1', 1, 2, 10000.0]]
    """
    func = "manager_uplift"
    prep.check_level(level, func)
    m, start, end = book_movement(data, customer_assets=customer_assets, assignments=assignments, staff=staff,
                                  period_start=period_start, period_end=period_end, thresholds=thresholds, func=func)
    cols = ["staff_id", "customers", "aum_start", "aum_end", "net_new_money", "upgraded", "movable", "rate",
            "ci_low", "ci_high", "downgraded", "left", "new", "target_net_new_money", "target_upgraded", "start", "end"]
    m = m.assign(_s=m["staff_id"].fillna(""), _new=m["in_end"] & ~m["in_start"], _one=1)
    g = m.groupby("_s", sort=True).agg(customers=("_one", "sum"), aum_start=("aum_start", "sum"),
                                       aum_end=("aum_end", "sum"), upgraded=("upgraded", "sum"),
                                       movable=("movable", "sum"), downgraded=("downgraded", "sum"),
                                       left=("left", "sum"), new=("_new", "sum")).reset_index()
    g = g.assign(_none=g["_s"] == "").sort_values(["_none", "_s"], kind="stable").reset_index(drop=True)
    p = wilson(g["upgraded"].astype("int64").to_numpy(), g["movable"].astype("int64").to_numpy(), level=level)
    out = g.assign(staff_id=g["_s"].astype("string").mask(g["_s"] == ""), net_new_money=g["aum_end"] - g["aum_start"],
                   rate=p["rate"].to_numpy(), ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy(),
                   start=start, end=end)
    for metric in TARGET_METRICS:
        out[f"target_{metric}"] = np.nan
    if targets is not None and len(out):
        prep.require_frame(targets, "targets", ("staff_id", "metric", "target"), func)
        bad = ~targets["metric"].astype("string").isin(TARGET_METRICS).fillna(False).to_numpy()
        if bad.any():
            raise prep.mask_error(func, "targets", "metric", "allowed_values", targets, bad,
                                  f"metric must be one of {', '.join(TARGET_METRICS)}", ("staff_id", "metric"))
        wide = targets.assign(staff_id=targets["staff_id"].astype("string")).pivot_table(
            index="staff_id", columns="metric", values="target", aggfunc="sum")
        for metric in TARGET_METRICS:
            if metric in wide.columns:
                out[f"target_{metric}"] = prep.lookup(out["staff_id"].fillna(""), wide[metric].astype(float)) \
                    .astype(float).to_numpy()
    ints = {c: "int64" for c in ("customers", "upgraded", "movable", "downgraded", "left", "new")}
    return out[cols].astype(ints | {"staff_id": "string"})


def poisson_ratio(observed, expected, level: float = rules.LEVEL) -> tuple[float, float, float, float]:
    """Observed / expected with the exact (Garwood) interval and the two-sided exact p-value of R's ``poisson.test``.

    Returns ``(ratio, ci_low, ci_high, p_value)``; all NaN when ``expected`` is 0.

    Examples
    --------
    >>> [round(x, 4) for x in poisson_ratio(3, 2.0)]  # R 4.2.2: poisson.test(3, T = 2)
    [1.5, 0.3093, 4.3836, 0.4587]
    """
    x, e = int(observed), float(expected)
    if e <= 0:
        return (np.nan, np.nan, np.nan, np.nan)
    alpha = 1 - level
    lo = 0.0 if x == 0 else float(_sps.gamma.ppf(alpha / 2, x)) / e
    hi = float(_sps.gamma.ppf(1 - alpha / 2, x + 1)) / e
    pois = _sps.poisson(e)
    d = pois.pmf(x)
    rel = 1 + 1e-7
    if x == e:
        p = 1.0
    elif x < e:
        n_hi = int(np.ceil(2 * e - x))
        while pois.pmf(n_hi) > d:
            n_hi *= 2
        i = np.arange(int(np.ceil(e)), n_hi + 1)
        y = int((pois.pmf(i) <= d * rel).sum())
        p = float(pois.cdf(x) + pois.sf(n_hi - y))
    else:
        i = np.arange(0, int(np.floor(e)) + 1)
        y = int((pois.pmf(i) <= d * rel).sum())
        p = float(pois.cdf(y - 1) + pois.sf(x - 1))
    return (x / e, lo, hi, min(1.0, p))


def manager_comparison(data=None, /, *, customer_assets=None, assignments=None, staff=None, period_start=None,
                       period_end=None, thresholds=rules.TIER_THRESHOLDS, level: float = rules.LEVEL,
                       alpha: float = rules.NOISE_P) -> pd.DataFrame:
    """Managers compared like with like: observed upgrades against those their book's starting tiers predict.

    Parameters
    ----------
    data, customer_assets, assignments, staff, period_start, period_end, thresholds, level
        As for :func:`manager_uplift`.
    alpha : float, default :data:`analysis.rules.NOISE_P` (0.05)
        Below this p-value a manager is called ``above`` or ``below`` their book; else ``as_expected``.

    Returns
    -------
    pandas.DataFrame
        One row per manager with movable customers (customers without a manager last, ``staff_id`` empty):
        ``staff_id``, ``movable``, ``upgraded`` (int64), ``rate``, ``ci_low``, ``ci_high`` (the raw rate, Wilson),
        ``mix_low``, ``mix_potential``, ``mix_second`` (float: share of the movable book in each starting tier),
        ``expected`` (float: Σ over starting tiers of the book's customers × the branch's upgrade rate in that tier),
        ``expected_rate`` (``expected / movable``), ``ratio`` (observed / expected), ``ratio_low``,
        ``ratio_high`` (exact Poisson interval), ``p_value``, ``adjusted_rate`` (``ratio`` × the branch's rate:
        the manager's rate on the branch's mix), ``verdict`` ∈ {``above``, ``below``, ``as_expected``,
        ``no_expectation``}; sorted by ``ratio`` (best first).

    Notes
    -----
    Indirect standardization: with :math:`r_t` the branch's upgrade rate among customers starting in tier
    :math:`t` and :math:`n_{m,t}` manager :math:`m`'s customers starting there,
    :math:`E_m = \\sum_t n_{m,t} r_t`; :math:`O_m / E_m` is tested with the exact Poisson test (R's
    ``poisson.test(O, T = E)``). The comparison is observational: a manager's book differs in more than its tiers.

    Examples
    --------
    >>> days = pd.to_datetime(["2026-09-30"] * 4 + ["2026-10-31"] * 4)
    >>> a = pd.DataFrame({"person_id": list("ABCD") * 2, "as_of": days,
    ...                   "aum": [10e3, 10e3, 60e3, 60e3, 60e3, 10e3, 250e3, 60e3]})
    >>> g = pd.DataFrame({"person_id": list("ABCD"), "staff_id": ["S1", "S1", "S2", "S2"],
    ...                   "assigned_at": pd.to_datetime(["2026-01-01"] * 4), "principle": ["territory"] * 4})
    >>> manager_comparison(customer_assets=a, assignments=g)[["staff_id", "upgraded", "expected"]].values.tolist()
    [['S1', 1, 1.0], ['S2', 1, 1.0]]
    """
    func = "manager_comparison"
    prep.check_level(level, func)
    alpha = prep.check_fraction(alpha, "alpha", func)
    m, start, end = book_movement(data, customer_assets=customer_assets, assignments=assignments, staff=staff,
                                  period_start=period_start, period_end=period_end, thresholds=thresholds, func=func)
    e = m.loc[m["movable"].to_numpy()].assign(_s=lambda d: d["staff_id"].fillna(""))
    tiers = [t for t in VALUE_TIERS if t != "high"][::-1]  # low, potential, second
    branch = e.groupby("from_tier")["upgraded"].mean()
    e = e.assign(_expected=e["from_tier"].map(branch).astype(float))
    g = e.groupby("_s", sort=True).agg(movable=("person_id", "size"), upgraded=("upgraded", "sum"),
                                       expected=("_expected", "sum")).reset_index()
    mix = pd.crosstab(e["_s"], e["from_tier"], normalize="index").reindex(columns=tiers, fill_value=0.0)
    overall = float(e["upgraded"].mean()) if len(e) else np.nan
    p = wilson(g["upgraded"].astype("int64").to_numpy(), g["movable"].astype("int64").to_numpy(), level=level)
    stats = [poisson_ratio(o, x, level) for o, x in zip(g["upgraded"], g["expected"])]  # one per manager
    ratio = np.array([s[0] for s in stats], dtype=float)
    pv = np.array([s[3] for s in stats], dtype=float)
    verdict = np.where(np.isnan(ratio), "no_expectation",
                       np.where(pv < alpha, np.where(ratio > 1, "above", "below"), "as_expected"))
    out = pd.DataFrame({
        "staff_id": pd.array(g["_s"], dtype="string"), "movable": g["movable"].astype("int64"),
        "upgraded": g["upgraded"].astype("int64"), "rate": p["rate"].to_numpy(), "ci_low": p["ci_low"].to_numpy(),
        "ci_high": p["ci_high"].to_numpy(),
        **{f"mix_{t}": mix.reindex(g["_s"])[t].to_numpy(dtype=float) for t in tiers},
        "expected": g["expected"].astype(float), "expected_rate": (g["expected"] / g["movable"]).astype(float),
        "ratio": ratio, "ratio_low": [s[1] for s in stats], "ratio_high": [s[2] for s in stats], "p_value": pv,
        "adjusted_rate": ratio * overall, "verdict": pd.array(verdict, dtype="string"),
    })
    out = out.assign(_none=out["staff_id"] == "", _r=out["ratio"].fillna(-1.0))
    out = out.sort_values(["_none", "_r", "staff_id"], ascending=[True, False, True], kind="stable")
    out["staff_id"] = out["staff_id"].mask(out["staff_id"] == "")
    return out.drop(columns=["_none", "_r"]).reset_index(drop=True)

