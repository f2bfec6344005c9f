"""The answer first: the uplift report's headline numbers, its verdict, and the morning maintenance list per manager.

:func:`headline` gives the five numbers of the first screen — white-list customers, the upgrade rate (with its
interval and the test of its change), net new money, white-list customers not contacted within N days, customers
with a product maturing in the next 7 days; :func:`verdict` says what they mean in one sentence (with the customers
per tier); :func:`actions` is the morning list — for each manager, by name and role, the maturities, outflows and
overdue contacts to work through, by when. They feed :func:`analysis.report.headline_block`,
:func:`analysis.report.verdict_block` and :func:`analysis.report.actions_block`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.stats import compare_proportions
from analysis.uplift._tables import DAY, VALUE_TIERS, assets_frame, evaluation_time, review_snapshots, tables
from analysis.uplift.tiers import tier_counts, upgrade_rate
from analysis.uplift.triggers import TRIGGERS, maintenance_list
from analysis.uplift.whitelist import white_list

__all__ = ["HEADLINE_MEASURES", "headline", "verdict", "actions", "tier_summary"]

#: The measures of :func:`headline`, in display order (label keys).
HEADLINE_MEASURES: tuple[str, ...] = ("white_list_customers", "upgrade_rate", "net_new_money",
                                      "white_list_no_contact", "maturing_7d")
_COLUMNS = ["measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p", "standard", "flag"]
_MAX_IDS = 3
_OPTIONAL = ("assignments", "contacts", "holdings", "staff")


def _previous_as_of(r) -> pd.Timestamp | None:
    return r["prev_end"] + DAY - pd.Timedelta(1, "ns") if r["prev_end"] is not None else None


def headline(data=None, /, *, customer_assets=None, assignments=None, contacts=None, holdings=None, staff=None,
             as_of=None, period_start=None, period_end=None, no_contact_days: float = rules.NO_CONTACT_DAYS,
             maturity_days: float = rules.MATURITY_WINDOWS_DAYS[0], thresholds=rules.TIER_THRESHOLDS,
             level: float = rules.LEVEL) -> pd.DataFrame:
    """The five numbers of the uplift report's first screen, for :func:`analysis.report.headline_block`.

    Parameters
    ----------
    data : mapping, optional
        The branch's data set (:func:`analysis.uplift.branch_data`).
    customer_assets, assignments, contacts, holdings, staff : pandas.DataFrame
        Keyword-only; only ``customer_assets`` is required.
    as_of : str or Timestamp, optional
        Evaluation time (default :func:`analysis.uplift.evaluation_time`).
    period_start, period_end : str, optional
        The review (default the latest month); the previous period is as many snapshots just before.
    no_contact_days : float, default :data:`analysis.rules.NO_CONTACT_DAYS` (30)
    maturity_days : float, default 7 (the first of :data:`analysis.rules.MATURITY_WINDOWS_DAYS`)
    thresholds : dict, default :data:`analysis.rules.TIER_THRESHOLDS`
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Five rows (:data:`HEADLINE_MEASURES`), columns ``measure``, ``value``, ``ci_low``, ``ci_high``, ``fmt``,
        ``previous``, ``change_p``, ``standard``, ``flag``:

        - ``white_list_customers``: high- and second-tier customers at the end snapshot; previous: at the start;
        - ``upgrade_rate``: customers who moved up a tier among those who could (Wilson interval); previous: the
          previous period, ``change_p`` from :func:`analysis.stats.compare_proportions` (``method="auto"``);
        - ``net_new_money``: AUM at the end minus AUM at the start (yuan); standard 0, flag ``below`` when negative;
        - ``white_list_no_contact``: white-list customers with no contact within ``no_contact_days``; standard 0,
          flag ``above`` when any; previous: the same count at the end of the previous period;
        - ``maturing_7d``: customers with a product maturing within ``maturity_days`` of ``as_of``; flag ``warn``
          when any (they are on the morning list); NaN without a holdings table.

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "A", "B", "B"],
    ...                   "as_of": pd.to_datetime(["2026-09-30", "2026-10-31"] * 2),
    ...                   "aum": [150_000.0, 250_000.0, 40_000.0, 30_000.0]})
    >>> h = headline(customer_assets=a)
    >>> h[["measure", "value"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['white_list_customers', 1.0], ['upgrade_rate', 0.5], ['net_new_money', 90000.0],
     ['white_list_no_contact', 1.0], ['maturing_7d', nan]]
    """
    func = "headline"
    t = tables(data, func, required=("customer_assets",), optional=_OPTIONAL, customer_assets=customer_assets,
               assignments=assignments, contacts=contacts, holdings=holdings, staff=staff)
    prep.check_level(level, func)
    days = prep.check_number(maturity_days, "maturity_days", func, minimum=1, unit="days")
    a = assets_frame(t["customer_assets"], func)
    ts = evaluation_time(as_of=as_of, customer_assets=t["customer_assets"], contacts=t["contacts"])
    if ts is not None:
        a = a.loc[(a["as_of"] <= ts).to_numpy()]  # a snapshot after the evaluation time is not known yet
    r = review_snapshots(a, period_start, period_end)
    cur = upgrade_rate(customer_assets=a, period_start=period_start, period_end=period_end, thresholds=thresholds,
                       level=level).iloc[0]
    prev = upgrade_rate(customer_assets=a, period_start=period_start, period_end=period_end, previous=True,
                        thresholds=thresholds, level=level).iloc[0]
    has_prev = pd.notna(prev["start"])
    rows = []

    def whitelisted(when):
        if when is None:
            return np.nan
        c = tier_counts(customer_assets=a, when=when, thresholds=thresholds)
        return float(c.loc[c["value_tier"].isin(rules.WHITE_LIST_TIERS), "customers"].sum())

    rows.append(("white_list_customers", whitelisted(r["end"]), np.nan, np.nan, "count", whitelisted(r["start"]),
                 np.nan, np.nan, ""))
    change_p = np.nan
    if has_prev and cur["movable"] and prev["movable"]:
        change_p = float(compare_proportions(int(cur["upgraded"]), int(cur["movable"]), int(prev["upgraded"]),
                                             int(prev["movable"]), level=level, method="auto")["p_value"].iloc[0])
    rows.append(("upgrade_rate", cur["rate"], cur["ci_low"], cur["ci_high"], "pct",
                 prev["rate"] if has_prev else np.nan, change_p, np.nan, ""))
    nnm = cur["net_new_money"]
    rows.append(("net_new_money", nnm, np.nan, np.nan, "yuan", prev["net_new_money"] if has_prev else np.nan, np.nan,
                 0.0, "" if pd.isna(nnm) else ("below" if nnm < 0 else "ok")))
    opt = {k: t[k] for k in _OPTIONAL}
    wl = white_list(customer_assets=a, as_of=ts, period_start=period_start, period_end=period_end,
                    no_contact_days=no_contact_days, thresholds=thresholds, **opt)
    n_wl = float(wl["no_contact"].sum()) if len(wl) or r["end"] is not None else np.nan
    prev_wl = np.nan
    if r["start"] is not None and t["contacts"] is not None:
        before = white_list(customer_assets=a, as_of=r["start"] + DAY - pd.Timedelta(1, "ns"),
                            period_end=f"{r['start']:%Y-%m-%d}", period_start=None, no_contact_days=no_contact_days,
                            thresholds=thresholds, **opt)
        prev_wl = float(before["no_contact"].sum())
    rows.append(("white_list_no_contact", n_wl, np.nan, np.nan, "count", prev_wl, np.nan, 0.0,
                 "" if pd.isna(n_wl) else ("above" if n_wl > 0 else "ok")))
    maturing = np.nan
    if t["holdings"] is not None and ts is not None:
        m = maintenance_list(customer_assets=a, holdings=t["holdings"], as_of=ts, maturity_windows=(days, days),
                             thresholds=thresholds)
        maturing = float(m.loc[m["trigger"] == "maturity_7d", "person_id"].nunique())
    rows.append(("maturing_7d", maturing, np.nan, np.nan, "count", np.nan, np.nan, np.nan,
                 "" if pd.isna(maturing) else ("warn" if maturing > 0 else "ok")))
    out = pd.DataFrame(rows, columns=_COLUMNS)
    return out.astype({"measure": "string", "fmt": "string", "flag": "string", "value": "float64",
                       "ci_low": "float64", "ci_high": "float64", "previous": "float64", "change_p": "float64",
                       "standard": "float64"})


def tier_summary(data=None, /, *, customer_assets=None, period_end=None, period_start=None,
                 thresholds=rules.TIER_THRESHOLDS) -> dict[str, int]:
    """Tier → customers at the review's end snapshot (every tier, zeros included)."""
    func = "tier_summary"
    t = tables(data, func, required=("customer_assets",), customer_assets=customer_assets)
    a = assets_frame(t["customer_assets"], func)
    r = review_snapshots(a, period_start, period_end)
    if r["end"] is None:
        return {k: 0 for k in VALUE_TIERS}
    c = tier_counts(customer_assets=a, when=r["end"], thresholds=thresholds)
    return {k: int(v) for k, v in zip(c["value_tier"], c["customers"])}


def verdict(headline_items: pd.DataFrame, tiers: dict | None = None, language: str = "zh") -> str:
    """The uplift verdict in one sentence (zh or en), from the rows of :func:`headline` and the customers per tier.

    Examples
    --------
    >>> h = pd.DataFrame({"measure": list(HEADLINE_MEASURES), "value": [10.0, 0.05, 120000.0, 2.0, 3.0],
    ...                   "ci_low": [None, 0.02, None, None, None], "ci_high": [None, 0.1, None, None, None]})
    >>> verdict(h, {"high": 3, "second": 7, "potential": 20, "low": 70}, "en")  # doctest: +NORMALIZE_WHITESPACE
    'Customers by value: 3 high, 7 second, 20 potential, 70 low; 5.0% moved up a tier (95% CI 2.0%–10.0%) and net new
    money was 120,000 yuan; 2 white-list customers have had no contact for too long and 3 have a product maturing
    within 7 days — the list below says who calls whom.'
    """
    from analysis.report import say
    from analysis.report.labels import check_language

    func = "verdict"
    check_language(language)
    prep.require_frame(headline_items, "headline", ("measure", "value"), func)
    v = dict(zip(headline_items["measure"].astype(str), headline_items["value"]))
    missing = [m for m in HEADLINE_MEASURES if m not in v]
    if missing:
        raise ParameterError(f"{func}: the headline has no {', '.join(missing)}: pass the rows of uplift.headline.")
    lo = dict(zip(headline_items["measure"].astype(str), headline_items.get("ci_low", pd.Series(np.nan))))
    hi = dict(zip(headline_items["measure"].astype(str), headline_items.get("ci_high", pd.Series(np.nan))))
    tiers = tiers or {}
    if (tiers and not sum(tiers.values())) or (not tiers and pd.isna(v["white_list_customers"])):
        return say("uplift.answer.none", language)
    head = say("uplift.answer.tiers", language, **{k: int(tiers.get(k, 0)) for k in VALUE_TIERS})
    sep = "；" if language == "zh" else "; "
    if pd.isna(v["upgrade_rate"]):
        mid = say("uplift.answer.no_review", language)
    else:
        mid = say("uplift.answer.uplift", language, rate=v["upgrade_rate"], lo=lo.get("upgrade_rate"),
                  hi=hi.get("upgrade_rate"), money=v["net_new_money"])
    n_wl = 0 if pd.isna(v["white_list_no_contact"]) else int(v["white_list_no_contact"])
    n_mat = 0 if pd.isna(v["maturing_7d"]) else int(v["maturing_7d"])
    tail = say("uplift.answer.todo", language, no_contact=n_wl, maturing=n_mat) if n_wl or n_mat else \
        say("uplift.answer.nothing_due", language)
    return head + sep + mid + sep + tail


def actions(data=None, /, *, customer_assets=None, holdings=None, assignments=None, contacts=None, staff=None,
            as_of=None, language: str = "zh", limit: int = 10, **rules_) -> pd.DataFrame:
    """The morning maintenance list: for each manager (by name and role), what to work through and by when.

    Parameters
    ----------
    data : mapping, optional
        The branch's data set.
    customer_assets, holdings, assignments, contacts, staff : pandas.DataFrame
        Keyword-only (as for :func:`analysis.uplift.maintenance_list`).
    as_of : str or Timestamp, optional
    language : {"zh", "en"}
    limit : int, default 10
    **rules_
        Passed to :func:`analysis.uplift.maintenance_list` (``maturity_windows``, ``outflow_share``, …).

    Returns
    -------
    pandas.DataFrame
        One item per manager with something due (customers without a manager: one item for the branch head, who
        assigns them), ranked by the urgent items (maturities within 7 days and outflows), then by the total:
        ``rank`` (int64), ``owner`` (name and role, :func:`analysis.report.staff_names`), ``action`` (the counts per
        trigger and the first person ids of the urgent ones — never a name), ``due`` (the earliest due date),
        ``reason`` (the amounts maturing and flowing out), and — not shown — ``staff_id``, ``customers`` (int64),
        ``urgent`` (int64).
    """
    from analysis.report import say, staff_names
    from analysis.report.labels import check_language

    func = "actions"
    check_language(language)
    limit = prep.check_count(limit, "limit", func)
    t = tables(data, func, required=("customer_assets",), optional=_OPTIONAL, customer_assets=customer_assets,
               assignments=assignments, contacts=contacts, holdings=holdings, staff=staff)
    m = maintenance_list(customer_assets=t["customer_assets"], holdings=t["holdings"], assignments=t["assignments"],
                         contacts=t["contacts"], staff=t["staff"], as_of=as_of, **rules_)
    empty = pd.DataFrame({"rank": pd.Series([], dtype="int64"), "owner": pd.Series([], dtype="string"),
                          "action": pd.Series([], dtype="string"), "due": pd.Series([], dtype="datetime64[ns]"),
                          "reason": pd.Series([], dtype="string"), "staff_id": pd.Series([], dtype="string"),
                          "customers": pd.Series([], dtype="int64"), "urgent": pd.Series([], dtype="int64")})
    if not len(m):
        return empty
    staff_t = t["staff"]
    names = staff_names(staff_t, language) if staff_t is not None and len(staff_t) else pd.Series(dtype="string")
    head_ids = (list(staff_t.loc[staff_t["role"].astype(str) == "branch_head", "staff_id"].astype(str))
                if staff_t is not None and "role" in staff_t.columns else [])
    head = names.get(head_ids[0], head_ids[0]) if head_ids else say("uplift.action.branch_head", language)
    join = "、" if language == "zh" else ", "
    sep = "；" if language == "zh" else "; "
    rows = []
    m = m.assign(_s=m["staff_id"].fillna(""))
    for sid, grp in m.groupby("_s", sort=True):  # one item per manager: a handful of groups
        parts, money = [], []
        for trig in TRIGGERS:
            g = grp.loc[grp["trigger"] == trig]
            if not len(g):
                continue
            ids = g.sort_values(["due", "person_id"], kind="stable")["person_id"].astype(str).tolist()
            shown = join.join(ids[:_MAX_IDS]) + (say("uplift.action.more_ids", language, n=len(ids) - _MAX_IDS)
                                                 if len(ids) > _MAX_IDS else "")
            parts.append(say(f"uplift.action.{trig}", language, n=len(ids), ids=shown))
            if trig in ("maturity_7d", "outflow") and g["amount"].notna().any():
                money.append(say(f"uplift.reason.{trig}", language, amount=float(g["amount"].sum())))
        urgent = int(grp["trigger"].isin(["maturity_7d", "outflow"]).sum())
        owner = head if sid == "" else names.get(sid, sid)
        action = sep.join(parts)
        if sid == "":
            action = say("uplift.action.assign", language) + sep + action
        rows.append({"owner": owner, "action": action, "due": grp["due"].min(),
                     "reason": sep.join(money) if money else say("uplift.reason.frequency", language),
                     "staff_id": sid, "customers": int(grp["person_id"].nunique()), "urgent": urgent})
    out = pd.DataFrame(rows).sort_values(["urgent", "customers", "staff_id"], ascending=[False, False, True],
                                         kind="stable").head(limit).reset_index(drop=True)
    return pd.DataFrame({"rank": np.arange(1, len(out) + 1, dtype=np.int64), "owner": out["owner"].astype("string"),
                         "action": out["action"].astype("string"), "due": pd.to_datetime(out["due"]),
                         "reason": out["reason"].astype("string"),
                         "staff_id": out["staff_id"].astype("string").mask(out["staff_id"] == ""),
                         "customers": out["customers"].astype("int64"), "urgent": out["urgent"].astype("int64")})
