"""A manager's portfolio (客户经理的群组合): open groups and people per tier, expected deals.

Expected deals apply the funnel's observed conversion from each tier (:func:`tier_conversion`)
to the people a manager holds. The practitioners' "one manager, 20+ groups, 10,000+ customers,
1–5% product success" (:data:`analysis.rules.PRODUCT_SUCCESS_HYPOTHETICAL`) is a statement about
scale, not a benchmark: no portfolio is graded against it. Tests: ``tests/groups/test_portfolio.py``;
notebook section "客户经理的群组合 Manager's portfolio".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.groups._tables import (EPOCH, TIER_ORDER, by_keys, deals_table, groups_table, members_table, sort_keys,
                                     spells, tables)
from analysis.groups.funnel import DEAL_WINDOW_DAYS, tier_conversion
from analysis.schemas import TIERS

__all__ = ["portfolio"]

def portfolio(data=None, /, *, wechat_groups=None, group_members=None, deals=None, as_of=None,
              by="owner_staff_id", deal_window_days: float = DEAL_WINDOW_DAYS,
              conversion: pd.DataFrame | None = None, level: float = rules.LEVEL) -> pd.DataFrame:
    """A manager's portfolio: open groups and people per tier, and the deals to expect at the observed conversions.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members, deals : DataFrame
        Contract tables.
    as_of : str or Timestamp, optional
        The time "now"; default the latest timestamp in the tables.
    by : str or list of str, default "owner_staff_id"
        Columns of ``wechat_groups`` that define a portfolio (None: all groups together).
    deal_window_days : float, default 3
        The funnel's deal window (:func:`tier_funnel`).
    conversion : DataFrame, optional
        The conversions to use (:func:`tier_conversion`: ``tier``, ``rate``, ``ci_low``,
        ``ci_high``), e.g. the whole branch's when ``wechat_groups`` holds one manager's groups
        only; default: computed from the tables given.
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per ``by`` value with at least one open group:

        - the ``by`` columns;
        - ``groups_mass``, ``groups_potential``, ``groups_elite`` (int64): open groups;
        - ``people_mass``, ``people_potential``, ``people_elite`` (int64): current members,
          each person counted once, at the highest tier they are in among these groups;
        - ``people`` (int64): distinct current members (the sum of the three);
        - ``expected_deals``, ``expected_ci_low``, ``expected_ci_high``: the people of each
          tier times the conversion observed from that tier to a deal
          (:func:`tier_conversion` on all the data given, or ``conversion``), summed over the
          tiers; the bounds add the bounds of the tiers (a conservative interval).

    Notes
    -----
    The observed conversion is the funnel's, so "expected deals" means deals within the deal
    window after an elite join, over a horizon like that of the data. It is the branch's own
    conversion, not a standard: the practitioners' 1–5% is about the scale of one manager's book
    and is not compared with it.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "E"], "tier": ["mass", "elite"], "owner_staff_id": ["S1", "S1"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M", "M", "E"], "person_id": ["a", "b", "b"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-01", "2026-09-02"])})
    >>> d = pd.DataFrame({"person_id": ["b"], "closed_at": pd.to_datetime(["2026-09-03"])})
    >>> portfolio(wechat_groups=g, group_members=m, deals=d)[["owner_staff_id", "people_mass", "people_elite", "people"]]
      owner_staff_id  people_mass  people_elite  people
    0             S1            1             1       2
    """
    func = "portfolio"
    level = prep.check_level(level, func)
    wechat_groups, group_members, deals = tables(data, func, ("wechat_groups", "group_members", "deals"),
                                                 wechat_groups=wechat_groups, group_members=group_members,
                                                 deals=deals)
    keys = by_keys(by, wechat_groups, func)
    if conversion is None:
        conversion = tier_conversion(wechat_groups=wechat_groups, group_members=group_members, deals=deals,
                                     deal_window_days=deal_window_days, level=level)
    prep.require_frame(conversion, "conversion", ["tier", "rate", "ci_low", "ci_high"], func)
    conv = conversion.assign(tier=conversion["tier"].astype("string")).set_index("tier")
    missing = [t for t in TIERS if t not in conv.index]
    if missing:
        raise ParameterError(f"{func}: conversion has no row for tier(s) {prep.show(missing)}; pass the result of "
                             "tier_conversion.")
    groups = groups_table(wechat_groups, func, extra=keys)
    members = members_table(group_members, func)
    as_of = prep.as_of(as_of, func)
    if as_of is None:
        as_of = prep.latest(groups["created_at"], groups["dissolved_at"], members["joined_at"], members["left_at"],
                            deals_table(deals, func)["closed_at"]) or EPOCH
    open_g = groups[(groups["created_at"] <= as_of) & (groups["dissolved_at"].isna()
                                                        | (groups["dissolved_at"] > as_of))]
    sp = spells(open_g, members, keys)
    sp = sp[(sp["joined_at"] <= as_of) & (sp["left_at"].isna() | (sp["left_at"] > as_of))]
    sp = sp.assign(_t=sp["tier"].map(TIER_ORDER))
    top = sp.sort_values("_t", ascending=False, kind="stable").drop_duplicates([*keys, "person_id"])
    base = open_g[keys].drop_duplicates() if keys else pd.DataFrame(index=[0])
    out = base.copy()
    for tier in TIERS:
        gk = open_g[open_g["tier"] == tier]
        pk = top[top["tier"] == tier]
        if keys:
            ng = gk.groupby(keys, dropna=False).size().rename(f"groups_{tier}")
            npp = pk.groupby(keys, dropna=False).size().rename(f"people_{tier}")
            out = out.merge(ng.reset_index(), on=keys, how="left").merge(npp.reset_index(), on=keys, how="left")
        else:
            out[f"groups_{tier}"] = len(gk)
            out[f"people_{tier}"] = len(pk)
    if not keys and open_g.empty:
        out = out.iloc[:0]
    cnt = [f"{k}_{t}" for k in ("groups", "people") for t in TIERS]
    for c in cnt:
        out[c] = out[c].fillna(0).astype("int64")
    out["people"] = out[[f"people_{t}" for t in TIERS]].sum(axis=1).astype("int64")
    for col, src in (("expected_deals", "rate"), ("expected_ci_low", "ci_low"), ("expected_ci_high", "ci_high")):
        total = np.zeros(len(out))
        for t in TIERS:  # three tiers
            n_t = out[f"people_{t}"].to_numpy(dtype=float)
            total = total + np.where(n_t > 0, n_t * float(conv.loc[t, src]), 0.0)
        out[col] = total
    out = sort_keys(out, keys)
    cols = [*keys, *[f"groups_{t}" for t in TIERS], *[f"people_{t}" for t in TIERS], "people", "expected_deals",
            "expected_ci_low", "expected_ci_high"]
    return out[cols].reset_index(drop=True)
