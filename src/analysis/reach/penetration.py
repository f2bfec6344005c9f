"""Penetration (社区渗透): residents touched per community ÷ households, cumulative by month, against the
35% grid-marketing peak and the 95% smart-community opening (:data:`analysis.rules.GRID_TOUCH_PEAK`,
:data:`analysis.rules.SMART_COMMUNITY_OPENING`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.reach._tables import first_touches, households, tables, touches, wilson

__all__ = ["penetration", "penetration_by_month", "penetration_by_source", "headroom"]


def _residents(t, func):
    comm = t["communities"]
    hh = households(comm, func)
    names = pd.Series(comm["name"].astype("string").to_numpy(), index=hh.index) if "name" in comm.columns else None
    first = first_touches(t, people=t["people"], **{k: t[k] for k in ("survey_responses", "attendance", "invitations",
                                                                       "group_members", "leads", "referrals",
                                                                       "accounts", "events")})
    first = first.loc[first["community_id"].isin(hh.index)]
    return hh, names, first


def _household_rates(df, touched, hh, level, name="touched"):
    x = np.minimum(df[touched].to_numpy(dtype=np.int64), df["households"].to_numpy(dtype=np.int64))
    p = wilson(x, df["households"].to_numpy(dtype=np.int64), level)
    return df.assign(rate=p["rate"].to_numpy(), ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy())


def penetration(data=None, /, *, communities=None, people=None, as_of=None, grid: float = rules.GRID_TOUCH_PEAK,
                smart: float = rules.SMART_COMMUNITY_OPENING, level: float = rules.LEVEL, **given) -> pd.DataFrame:
    """Reach of each community: residents touched ÷ households, and residents with an account ÷ households.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying ``communities``, ``people`` and the touch tables (:func:`analysis.reach.touches`).
    as_of : str or Timestamp, optional
        Count touches up to this moment (default: all).
    grid, smart : float
        The benchmarks: 35% touched (grid marketing's peak), 95% opening (smart-community partnership).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per community (order of the communities table): ``community_id``, ``name``, ``households``,
        ``touched`` (distinct residents with a touch), ``rate``, ``ci_low``, ``ci_high`` (Wilson, touched ÷
        households; a count above the households is capped at them), ``opened`` (residents with an account),
        ``opening_rate``, ``opening_ci_low``, ``opening_ci_high``, ``headroom`` (households × (1 − rate)),
        ``benchmark`` (``smart`` when the opening rate reaches ``smart``, ``above_grid`` when the touched rate
        is at or above ``grid``, else ``below_grid``).

    Notes
    -----
    A resident is a person whose ``people.community_id`` is the community; residents are counted, not
    households, so several members of one household count several times (the cap keeps the rate ≤ 100%).
    """
    func = "penetration"
    t = tables(data, func, required=("communities", "people"), communities=communities, people=people, **given)
    prep.check_level(level, func)
    grid = prep.check_fraction(grid, "grid", func)
    smart = prep.check_fraction(smart, "smart", func)
    hh, names, first = _residents(t, func)
    ts = prep.as_of(as_of, func)
    if ts is not None:
        first = first.loc[(first["first_touch_at"] <= ts).to_numpy()]
    touched = first.groupby("community_id").size()
    acc = t["accounts"]
    opened = pd.Series(dtype="int64")
    if acc is not None:
        a = acc if ts is None else acc.loc[(acc["opened_at"] <= ts).to_numpy()]
        comm_of = first.set_index("person_id")["community_id"]
        opened = prep.lookup(a["person_id"].astype(str).drop_duplicates(), comm_of).dropna().value_counts()
    out = pd.DataFrame({"community_id": pd.array(hh.index, dtype="string"),
                        "name": pd.array(names.to_numpy() if names is not None else [pd.NA] * len(hh), dtype="string"),
                        "households": hh.to_numpy().astype(np.int64),
                        "touched": touched.reindex(hh.index, fill_value=0).to_numpy().astype(np.int64)})
    out = _household_rates(out, "touched", hh, level)
    out["opened"] = opened.reindex(hh.index, fill_value=0).to_numpy().astype(np.int64)
    p = wilson(np.minimum(out["opened"], out["households"]), out["households"], level)
    out = out.assign(opening_rate=p["rate"].to_numpy(), opening_ci_low=p["ci_low"].to_numpy(),
                     opening_ci_high=p["ci_high"].to_numpy(), headroom=out["households"] * (1 - out["rate"]))
    out["benchmark"] = pd.array(np.where(out["opening_rate"] >= smart, "smart",
                                         np.where(out["rate"] >= grid, "above_grid", "below_grid")), dtype="string")
    return out.reset_index(drop=True)


def penetration_by_month(data=None, /, *, communities=None, people=None, level: float = rules.LEVEL,
                         **given) -> pd.DataFrame:
    """Cumulative reach of each community at the end of every month with a touch.

    Returns
    -------
    pandas.DataFrame
        One row per community and month (from the first month with a touch anywhere to the last):
        ``community_id``, ``month`` (first day of the month), ``households``, ``new_touched`` (residents first
        touched that month), ``touched`` (cumulative), ``rate``, ``ci_low``, ``ci_high`` (Wilson).
    """
    func = "penetration_by_month"
    t = tables(data, func, required=("communities", "people"), communities=communities, people=people, **given)
    prep.check_level(level, func)
    hh, _, first = _residents(t, func)
    if not len(first):
        return pd.DataFrame({"community_id": pd.Series([], dtype="string"),
                             "month": pd.Series([], dtype="datetime64[ns]"),
                             **{c: pd.Series([], dtype="int64") for c in ("households", "new_touched", "touched")},
                             **{c: pd.Series([], dtype="float64") for c in ("rate", "ci_low", "ci_high")}})
    month = first["first_touch_at"].dt.to_period("M").dt.to_timestamp()
    months = pd.date_range(month.min(), month.max(), freq="MS")
    grid = pd.MultiIndex.from_product([hh.index, months], names=["community_id", "month"])
    new = first.assign(month=month).groupby(["community_id", "month"]).size().reindex(grid, fill_value=0)
    out = new.rename("new_touched").reset_index()
    out["touched"] = out.groupby("community_id")["new_touched"].cumsum().astype(np.int64)
    out["households"] = out["community_id"].map(hh).astype(np.int64)
    out = _household_rates(out, "touched", hh, level)
    out["community_id"] = out["community_id"].astype("string")
    return out[["community_id", "month", "households", "new_touched", "touched", "rate", "ci_low", "ci_high"]]


def penetration_by_source(data=None, /, *, communities=None, people=None, level: float = rules.LEVEL,
                          **given) -> pd.DataFrame:
    """Residents of each community touched through each source (a resident counts once per source).

    Returns
    -------
    pandas.DataFrame
        One row per community and source that touched someone: ``community_id``, ``source``, ``households``,
        ``touched``, ``first_touches`` (residents whose first touch was through it), ``rate``, ``ci_low``,
        ``ci_high`` (Wilson, touched ÷ households).
    """
    func = "penetration_by_source"
    t = tables(data, func, required=("communities", "people"), communities=communities, people=people, **given)
    prep.check_level(level, func)
    hh, _, first = _residents(t, func)
    tt = touches(t, **{k: t[k] for k in ("survey_responses", "attendance", "invitations", "group_members", "leads",
                                         "referrals", "accounts", "events")})
    comm_of = pd.Series(first["community_id"].to_numpy(), index=first["person_id"].astype(str).to_numpy())
    tt = tt.assign(community_id=prep.lookup(tt["person_id"].astype(str), comm_of)).dropna(subset=["community_id"])
    per = tt.drop_duplicates(["community_id", "source", "person_id"]).groupby(["community_id", "source"]).size()
    firsts = first.groupby(["community_id", "first_source"]).size()
    firsts.index = firsts.index.set_names(["community_id", "source"])
    out = per.rename("touched").reset_index()
    out["first_touches"] = firsts.reindex(pd.MultiIndex.from_frame(out[["community_id", "source"]]),
                                          fill_value=0).to_numpy().astype(np.int64)
    out["households"] = out["community_id"].map(hh).astype(np.int64)
    out["touched"] = out["touched"].astype(np.int64)
    out = _household_rates(out, "touched", hh, level)
    out = out.astype({"community_id": "string", "source": "string"})
    return out[["community_id", "source", "households", "touched", "first_touches", "rate", "ci_low", "ci_high"]]


def headroom(reach: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The communities of :func:`penetration` ranked by headroom (households not reached yet), largest first.

    Returns the rows of ``reach`` with ``rank`` (int64, 1 = most headroom) first; ``limit`` keeps the top rows.
    """
    func = "headroom"
    prep.require_frame(reach, "penetration", ["community_id", "headroom"], func)
    out = reach.sort_values(["headroom", "community_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1, dtype=np.int64))
    return out if limit is None else out.head(prep.check_count(limit, "limit", func))
