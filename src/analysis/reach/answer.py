"""The answer first: the reach report's headline numbers, its verdict, and the action list."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.reach._tables import check_period, in_period, tables
from analysis.reach.campaigns import weekly_quota
from analysis.reach.customers import new_customer_table
from analysis.reach.penetration import headroom, penetration
from analysis.stats import compare_proportions, proportion

__all__ = ["HEADLINE_MEASURES", "headline", "verdict", "actions", "best_channel"]

#: The measures of :func:`headline`, in display order (label keys).
HEADLINE_MEASURES = ("branch_reach", "best_opening", "new_customers", "conversion_rate", "cost_per_new_customer")
_COLUMNS = ["measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p", "standard", "flag"]
#: An action is due this many days after the report's end (the next weekly meeting).
ACTION_DAYS = 7


def _reach_figures(data, period_start, period_end, level, func) -> dict:
    t = tables(data, func, required=("communities", "people"))
    start, end = check_period(period_start, period_end, func)
    reach = penetration(t, communities=t["communities"], people=t["people"], as_of=end, level=level,
                        **{k: t[k] for k in ("survey_responses", "attendance", "invitations", "group_members", "leads",
                                             "referrals", "accounts", "events")})
    nc = new_customer_table(t, people=t["people"], as_of=end,
                            **{k: t[k] for k in ("accounts", "survey_responses", "attendance", "invitations",
                                                 "group_members", "leads", "referrals", "events")})
    period_met = nc.loc[in_period(nc["first_touch_at"], start, end)]
    new = nc.loc[nc["opened"].to_numpy() & in_period(nc["opened_at"], start, end)]
    cost = 0.0
    known = False
    ev = t["events"]
    if ev is not None and "cost" in ev.columns and len(ev):
        v = pd.to_numeric(ev["cost"], errors="coerce")[in_period(ev["starts_at"], start, end)]
        cost += float(v.sum())
        known = bool(v.notna().any())
    camp = t["campaigns"]
    if camp is not None and len(camp):
        v = pd.to_numeric(camp["spend"], errors="coerce").fillna(pd.to_numeric(camp["budget"], errors="coerce"))
        a, z = camp["starts_at"].dt.normalize(), camp["ends_at"].dt.normalize() + pd.Timedelta(days=1)
        lo = a if start is None else a.clip(lower=start.normalize())
        hi = z if end is None else z.clip(upper=end.normalize() + pd.Timedelta(days=1))
        share = ((hi - lo).dt.days.clip(lower=0) / (z - a).dt.days.clip(lower=1)).to_numpy(dtype=float)
        cost += float(np.nansum(v.to_numpy(dtype=float) * share))  # a campaign's spend spread over its days
        known = known or bool(v.notna().any())
    return {"reach": reach, "accounts": t["accounts"] is not None, "new": int(len(new)), "met": int(len(period_met)),
            "opened_of_met": int(period_met["opened"].sum()), "cost": cost if known else np.nan, "nc": new}


def best_channel(data=None, /, *, period_start=None, period_end=None) -> str | None:
    """The account channel that brought the most new customers in the period (None without any)."""
    nc = new_customer_table(data, as_of=check_period(period_start, period_end, "best_channel")[1])
    start, end = check_period(period_start, period_end, "best_channel")
    nc = nc.loc[nc["opened"].to_numpy() & in_period(nc["opened_at"], start, end)]
    if not len(nc):
        return None
    counts = nc["channel"].dropna().value_counts()
    return str(counts.index[0]) if len(counts) else None


def headline(data=None, /, *, previous=None, period_start=None, period_end=None, grid: float = rules.GRID_TOUCH_PEAK,
             smart: float = rules.SMART_COMMUNITY_OPENING, level: float = rules.LEVEL) -> pd.DataFrame:
    """The five numbers of the reach report's first screen, for :func:`analysis.report.headline_block`.

    Parameters
    ----------
    data : mapping
        The branch's data up to the period's end, with the reach tables (:func:`analysis.reach.for_branch` with
        an open start: reach is cumulative).
    previous : mapping, optional
        The same for the previous period (its end); None: no previous values.
    period_start, period_end : str, optional
        The period of the new customers and the cost.

    Returns
    -------
    pandas.DataFrame
        Rows ``measure`` ∈ :data:`HEADLINE_MEASURES` with ``value``, ``ci_low``, ``ci_high``, ``fmt``, ``previous``,
        ``change_p``, ``standard``, ``flag``:

        - ``branch_reach``: residents touched ÷ households over all the branch's communities (Wilson), standard
          ``grid`` (35%), flag ``ok`` at or above it, else ``below``;
        - ``best_opening``: the highest opening rate of a community (residents with an account ÷ households,
          Wilson), standard ``smart`` (95%), flag ``ok`` / ``below``;
        - ``new_customers``: people not customers at first contact who opened their first account in the period
          (a count);
        - ``conversion_rate``: of the people first met in the period (not customers), the share with an account
          by its end (Wilson); change test :func:`analysis.stats.compare_proportions`;
        - ``cost_per_new_customer``: the period's event costs plus the campaigns' spend (budget when spend is not
          known), a campaign's spread evenly over its days and counted for the days inside the period, ÷ new
          customers (yuan); NaN without a new customer or a known cost.
    """
    func = "headline"
    prep.check_level(level, func)
    cur = _reach_figures(data, period_start, period_end, level, func)
    prev = None
    if previous is not None:
        from analysis.scope import previous_period

        bounds = previous_period(period_start, period_end)
        if bounds is not None:
            prev = _reach_figures(previous, bounds[0], bounds[1], level, func)
    r = cur["reach"]
    hh, touched = int(r["households"].sum()), int(np.minimum(r["touched"], r["households"]).sum())
    rows = []
    p = proportion(touched, hh, level=level).iloc[0] if hh else None
    prev_reach = np.nan
    if prev is not None and len(prev["reach"]):
        pr = prev["reach"]
        prev_reach = float(np.minimum(pr["touched"], pr["households"]).sum() / pr["households"].sum())
    rows.append(("branch_reach", p["rate"] if p is not None else np.nan, p["ci_low"] if p is not None else np.nan,
                 p["ci_high"] if p is not None else np.nan, "pct", prev_reach, np.nan, grid,
                 "" if p is None else ("ok" if p["rate"] >= grid else "below")))
    if len(r):
        best = r.sort_values(["opening_rate", "community_id"], ascending=[False, True], kind="stable").iloc[0]
        prev_best = float(prev["reach"]["opening_rate"].max()) if prev is not None and len(prev["reach"]) else np.nan
        rows.append(("best_opening", best["opening_rate"], best["opening_ci_low"], best["opening_ci_high"], "pct",
                     prev_best, np.nan, smart, "ok" if best["opening_rate"] >= smart else "below"))
    else:
        rows.append(("best_opening", np.nan, np.nan, np.nan, "pct", np.nan, np.nan, smart, ""))
    if not cur["accounts"]:  # no accounts table: nothing to say about openings (not "zero")
        rows.append(("best_opening", np.nan, np.nan, np.nan, "pct", np.nan, np.nan, smart, ""))
        rows = [r for r in rows if r[0] != "best_opening"][:1] + [rows[-1]]
        rows += [(m, np.nan, np.nan, np.nan, f, np.nan, np.nan, np.nan, "") for m, f in
                 (("new_customers", "count"), ("conversion_rate", "pct"), ("cost_per_new_customer", "yuan"))]
        out = pd.DataFrame(rows, columns=_COLUMNS)
        return out.astype({"measure": "string", "fmt": "string", "flag": "string", "value": "float64",
                           "ci_low": "float64", "ci_high": "float64", "previous": "float64", "change_p": "float64",
                           "standard": "float64"})
    rows.append(("new_customers", float(cur["new"]), np.nan, np.nan, "count",
                 float(prev["new"]) if prev else np.nan, np.nan, np.nan, ""))
    c = proportion(cur["opened_of_met"], cur["met"], level=level).iloc[0]
    change = np.nan
    if prev and prev["met"] and cur["met"]:
        change = float(compare_proportions(cur["opened_of_met"], cur["met"], prev["opened_of_met"], prev["met"],
                                           level=level, method="auto")["p_value"].iloc[0])
    rows.append(("conversion_rate", c["rate"], c["ci_low"], c["ci_high"], "pct",
                 prev["opened_of_met"] / prev["met"] if prev and prev["met"] else np.nan, change, np.nan, ""))
    cpn = cur["cost"] / cur["new"] if cur["new"] and pd.notna(cur["cost"]) else np.nan
    pcpn = prev["cost"] / prev["new"] if prev and prev["new"] and pd.notna(prev["cost"]) else np.nan
    rows.append(("cost_per_new_customer", cpn, np.nan, np.nan, "yuan", pcpn, np.nan, np.nan, ""))
    out = pd.DataFrame(rows, columns=_COLUMNS)
    return out.astype({"measure": "string", "fmt": "string", "flag": "string", "value": "float64", "ci_low": "float64",
                       "ci_high": "float64", "previous": "float64", "change_p": "float64", "standard": "float64"})


def verdict(headline_items: pd.DataFrame, language: str = "zh", channel: str | None = None) -> str:
    """The reach verdict in one sentence, from the rows of :func:`headline` (and the best channel)."""
    from analysis.report import say
    from analysis.report.labels import check_language

    func = "verdict"
    check_language(language)
    prep.require_frame(headline_items, "headline", ("measure", "value"), func)
    v = dict(zip(headline_items["measure"].astype(str), headline_items["value"]))
    std = dict(zip(headline_items["measure"].astype(str), headline_items.get("standard", pd.Series(np.nan))))
    missing = [m for m in ("branch_reach", "best_opening", "new_customers") if m not in v]
    if missing:
        raise ParameterError(f"{func}: the headline has no {', '.join(missing)}: pass the rows of reach.headline.")
    reach, best, new = v["branch_reach"], v["best_opening"], v["new_customers"]
    grid = std.get("branch_reach", rules.GRID_TOUCH_PEAK)
    smart = std.get("best_opening", rules.SMART_COMMUNITY_OPENING)
    if pd.isna(reach):
        return say("reach.answer.none", language)
    from analysis.report.labels import value_label

    if pd.isna(best):
        head = say("reach.answer.touch_only", language, reach=reach, grid=grid)
    else:
        key = "reach.answer.smart" if best >= smart else ("reach.answer.grid" if reach >= grid else "reach.answer.below")
        head = say(key, language, reach=reach, grid=grid, best=best, smart=smart)
    if pd.isna(new):
        tail = say("reach.answer.no_accounts", language)
    elif int(new):
        shown = value_label(channel, language, column="channel") if channel else "—"
        tail = say("reach.answer.new", language, n=int(new), channel=shown)
    else:
        tail = say("reach.answer.no_new", language)
    return head + ("；" if language == "zh" else "; ") + tail


def actions(data=None, /, *, period_end=None, language: str = "zh", limit: int = 8, top: int = 3) -> pd.DataFrame:
    """The action list: communities with the most headroom, partners to follow up, campaigns behind quota.

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``owner`` (staff by name and role, :func:`analysis.report.staff_names`: the branch head for
        communities and campaigns, the partner's relationship owner is the branch head too), ``action``, ``due``
        (the report's end + 7 days), ``reason``, ``kind`` (``headroom``, ``partner``, ``quota``).
    """
    from analysis.report import say, staff_names
    from analysis.report.labels import check_language, value_label

    func = "actions"
    check_language(language)
    t = tables(data, func, required=("communities", "people"))
    _, end = check_period(None, period_end, func)
    reach = penetration(t, communities=t["communities"], people=t["people"], as_of=end,
                        **{k: t[k] for k in ("survey_responses", "attendance", "invitations", "group_members", "leads",
                                             "referrals", "accounts", "events")})
    staff = t["staff"]
    names = staff_names(staff, language) if staff is not None else pd.Series(dtype="string")
    head = staff.loc[staff["role"].astype(str) == "branch_head", "staff_id"].astype(str).tolist() if staff is not None else []
    mgr = staff.loc[staff["role"].astype(str) == "account_manager", "staff_id"].astype(str).tolist() if staff is not None else []
    owner_head = names.get(head[0], head[0]) if head else say("reach.action.branch_head", language)
    owner_mgr = names.get(mgr[0], mgr[0]) if mgr else owner_head
    stamps = [s for s in (end,) if s is not None]
    if not stamps:
        latest = prep.latest(*(t[k][c] for k, c in (("accounts", "opened_at"), ("attendance", "arrived_at"),
                                                    ("group_members", "joined_at")) if t[k] is not None))
        stamps = [latest] if latest is not None else []
    due = (pd.Timestamp(stamps[0]).normalize() + pd.Timedelta(days=ACTION_DAYS)) if stamps else pd.NaT
    rows = []
    for r in headroom(reach.loc[reach["benchmark"] != "smart"], limit=top).itertuples(index=False):
        rows.append(("headroom", owner_mgr, say("reach.action.headroom", language, community=r.name or r.community_id,
                                                 households=r.headroom),
                     say("reach.action.headroom.reason", language, rate=r.rate, grid=rules.GRID_TOUCH_PEAK)))
    p = t["partners"]
    if p is not None:
        ev = t["events"]
        used = set(ev["partner_id"].dropna().astype(str)) if ev is not None else set()
        stage = p["stage"].astype(str)
        follow = p.loc[(stage.isin(["screened", "negotiating"]) | (stage.isin(["signed"]) &
                        ~p["partner_id"].astype(str).isin(used))).to_numpy()]
        for r in follow.itertuples(index=False):
            rows.append(("partner", owner_head, say("reach.action.partner", language, partner=r.name or r.partner_id,
                                                     stage=value_label(r.stage, language, column="stage")),
                         say("reach.action.partner.reason", language)))
    if t["campaigns"] is not None:
        wq = weekly_quota(t, campaigns=t["campaigns"], accounts=t["accounts"], as_of=end)
        behind = wq.loc[wq["behind"].to_numpy()]
        for cid, g in behind.groupby("campaign", sort=True):
            last = g.iloc[-1]
            rows.append(("quota", owner_head, say("reach.action.quota", language, campaign=cid, weeks=len(g)),
                         say("reach.action.quota.reason", language, accounts=int(last["accounts"]),
                             quota=int(last["quota"]), week=int(last["week_no"]))))
    cols = {"rank": "int64", "owner": "string", "action": "string", "due": "datetime64[ns]", "reason": "string",
            "kind": "string"}
    if not rows:
        return pd.DataFrame({k: pd.Series([], dtype=v) for k, v in cols.items()})
    order = {"quota": 0, "headroom": 1, "partner": 2}
    rows.sort(key=lambda x: order[x[0]])
    rows = rows[:prep.check_count(limit, "limit", func)]
    out = pd.DataFrame({"rank": np.arange(1, len(rows) + 1), "owner": [r[1] for r in rows],
                        "action": [r[2] for r in rows], "due": [due] * len(rows), "reason": [r[3] for r in rows],
                        "kind": [r[0] for r in rows]})
    return out.astype(cols)
