"""New customers (新客户): people who were not bank customers at first contact and opened an account —
by channel, entry point, event, partner and campaign; conversion with its interval; days from first touch
to opening (Kaplan–Meier); cost per new customer."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.reach._tables import check_accounts, check_period, first_touches, in_period, tables, wilson
from analysis.stats.survival import km_quantiles

__all__ = ["ACCOUNT_GROUPS", "CONVERSION_GROUPS", "new_customer_table", "new_customers", "conversion",
           "days_to_open", "cost_per_new_customer"]

#: Columns of the accounts table new customers can be grouped by.
ACCOUNT_GROUPS = ("channel", "kind", "entry_id", "event_id", "partner_id", "campaign_id", "staff_id")
#: Columns of the first touch conversion can be grouped by.
CONVERSION_GROUPS = ("first_source", "first_channel", "community_id", "placement_id")
_TOUCH = ("survey_responses", "attendance", "invitations", "group_members", "leads", "referrals", "events")


def new_customer_table(data=None, /, *, accounts=None, people=None, as_of=None, **given) -> pd.DataFrame:
    """One row per person met (first touch by ``as_of``) who was not a customer at first contact.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`analysis.reach.first_touches` plus, from the person's first account:
        ``opened_at`` (NaT: none by ``as_of``), ``opened`` (bool) and the account's ``channel``, ``kind``,
        ``entry_id``, ``event_id`` (renamed ``account_event_id``), ``partner_id``, ``campaign_id``,
        ``staff_id``; ``days_to_open`` (float, from first touch to opening; NaN when not opened).

    Raises
    ------
    DataError
        Rule ``account_before_first_contact`` (:func:`analysis.reach.check_accounts`).
    """
    func = "new_customer_table"
    t = tables(data, func, required=("people",), optional=("accounts", *_TOUCH), accounts=accounts, people=people,
               **given)
    ts = prep.as_of(as_of, func)
    acc = t["accounts"]
    first = first_touches(t, people=t["people"], accounts=acc, **{k: t[k] for k in _TOUCH})
    check_accounts(acc, first, func)
    if ts is not None:
        first = first.loc[(first["first_touch_at"] <= ts).to_numpy()]
    met = first.loc[(first["is_bank_customer"] == False).fillna(False).to_numpy(dtype=bool)].copy()  # noqa: E712
    cols = ["channel", "kind", "entry_id", "event_id", "partner_id", "campaign_id", "staff_id"]
    if acc is not None and len(acc):
        a = acc.assign(opened_at=prep.times(acc, "accounts", "opened_at", func, required=True))
        if ts is not None:
            a = a.loc[(a["opened_at"] <= ts).to_numpy()]
        a = a.sort_values(["opened_at"], kind="stable").drop_duplicates("person_id")
        a = a.assign(person_id=a["person_id"].astype("string"))
        keep = ["person_id", "opened_at"] + [c for c in cols if c in a.columns]
        met = met.merge(a[keep].rename(columns={"event_id": "account_event_id"}), on="person_id", how="left")
    else:
        met = met.assign(opened_at=pd.Series(pd.NaT, index=met.index, dtype="datetime64[ns]"))
    for c in cols:
        name = "account_event_id" if c == "event_id" else c
        if name not in met.columns:
            met[name] = pd.Series(pd.NA, index=met.index, dtype="string")
        else:
            met[name] = met[name].astype("string")
    met["opened"] = met["opened_at"].notna().to_numpy(dtype=bool)
    met["days_to_open"] = ((met["opened_at"] - met["first_touch_at"]).dt.total_seconds() / 86400.0).clip(lower=0)
    return met.reset_index(drop=True)


def new_customers(data=None, /, *, by="channel", period_start=None, period_end=None, level: float = rules.LEVEL,
                  **given) -> pd.DataFrame:
    """New customers who opened in the period, by a column of their first account, with each group's share.

    Parameters
    ----------
    by : str or None, default "channel"
        One of :data:`ACCOUNT_GROUPS` (channel, kind, entry_id, event_id, partner_id, campaign_id, staff_id);
        None: one row for all. Openings without a value of ``by`` form the group ``<NA>``.
    period_start, period_end : str, optional
        Openings counted (days included; open ends: all).

    Returns
    -------
    pandas.DataFrame
        One row per group, most new customers first: the ``by`` key (``campaign`` for ``campaign_id``), ``new_customers`` (int64), ``all_new_customers``
        (new customers of the period), ``rate``, ``ci_low``, ``ci_high`` (the group's share, Wilson).
    """
    func = "new_customers"
    prep.check_level(level, func)
    start, end = check_period(period_start, period_end, func)
    if by is not None and by not in ACCOUNT_GROUPS:
        raise ParameterError(f"{func}: by must be one of {', '.join(ACCOUNT_GROUPS)} or None, got {by!r}.")
    nc = new_customer_table(data, as_of=end, **given)
    nc = nc.loc[nc["opened"].to_numpy() & in_period(nc["opened_at"], start, end)]
    key = "account_event_id" if by == "event_id" else by
    if by is None:
        counts = pd.Series([len(nc)], index=pd.Index(["all"], name="group"))
    else:
        counts = nc[key].fillna("<NA>").value_counts()
    total = int(len(nc))
    p = wilson(counts.to_numpy(dtype=np.int64), total, level) if len(counts) else \
        wilson(np.array([], dtype=np.int64), np.array([], dtype=np.int64), level)
    name = "campaign" if by == "campaign_id" else (by or "group")
    out = pd.DataFrame({name: pd.array(counts.index.astype(str), dtype="string"),
                        "new_customers": counts.to_numpy(dtype=np.int64),
                        "all_new_customers": np.full(len(counts), total, dtype=np.int64),
                        "rate": p["rate"].to_numpy(), "ci_low": p["ci_low"].to_numpy(),
                        "ci_high": p["ci_high"].to_numpy()})
    if by is not None:
        out[name] = out[name].mask(out[name] == "<NA>")
    return out.sort_values(["new_customers", name], ascending=[False, True], kind="stable",
                           na_position="last").reset_index(drop=True)


def conversion(data=None, /, *, by="first_source", as_of=None, level: float = rules.LEVEL, **given) -> pd.DataFrame:
    """Share of the people met (not customers at first contact) who opened an account by ``as_of``.

    Parameters
    ----------
    by : str or None, default "first_source"
        One of :data:`CONVERSION_GROUPS`; None: one row.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` key, ``people_met`` (int64), ``opened`` (int64), ``rate``, ``ci_low``, ``ci_high``
        (Wilson).
    """
    func = "conversion"
    prep.check_level(level, func)
    if by is not None and by not in CONVERSION_GROUPS:
        raise ParameterError(f"{func}: by must be one of {', '.join(CONVERSION_GROUPS)} or None, got {by!r}.")
    nc = new_customer_table(data, as_of=as_of, **given)
    key = by or "group"
    nc = nc.assign(group="all") if by is None else nc
    g = nc.assign(_k=nc[key].astype("string").fillna("<NA>")).groupby("_k", sort=True)["opened"]
    met, opened = g.size(), g.sum()
    p = wilson(opened.to_numpy(dtype=np.int64), met.to_numpy(dtype=np.int64), level)
    out = pd.DataFrame({key: pd.array(met.index.astype(str), dtype="string"), "people_met": met.to_numpy(dtype=np.int64),
                        "opened": opened.to_numpy(dtype=np.int64), "rate": p["rate"].to_numpy(),
                        "ci_low": p["ci_low"].to_numpy(), "ci_high": p["ci_high"].to_numpy()})
    out[key] = out[key].mask(out[key] == "<NA>")
    return out.reset_index(drop=True)


def days_to_open(data=None, /, *, by=None, as_of=None, **given) -> pd.DataFrame:
    """Days from first touch to opening among people met who were not customers (Kaplan–Meier).

    People who have not opened by ``as_of`` are censored there (default ``as_of``: the latest first touch or
    opening in the data), so the quartiles are not those of the openers only.

    Returns
    -------
    pandas.DataFrame
        One row per group (``by``: a column of :data:`CONVERSION_GROUPS`, or one row): ``people_met``, ``opened``,
        ``censored`` (int64), ``q25_days``, ``median_days``, ``q75_days`` (NaN where the curve does not reach the
        share: fewer than that share opened, counting the censored).
    """
    func = "days_to_open"
    if by is not None and by not in CONVERSION_GROUPS:
        raise ParameterError(f"{func}: by must be one of {', '.join(CONVERSION_GROUPS)} or None, got {by!r}.")
    nc = new_customer_table(data, as_of=as_of, **given)
    ts = prep.as_of(as_of, func) or prep.latest(nc["first_touch_at"], nc["opened_at"])
    end = (pd.Timestamp(ts) - nc["first_touch_at"]).dt.total_seconds() / 86400.0 if ts is not None else nc["days_to_open"]
    dur = nc["days_to_open"].where(nc["opened"], end).clip(lower=0).to_numpy(dtype=float)
    nc = nc.assign(_d=dur, _e=nc["opened"].astype(int), _k=("all" if by is None else nc[by].astype("string").fillna("<NA>")))
    rows = []
    for k, g in nc.groupby("_k", sort=True):
        q = km_quantiles(g["_d"].to_numpy(), g["_e"].to_numpy(), [0.25, 0.5, 0.75]) if len(g) else [np.nan] * 3
        rows.append((k, len(g), int(g["_e"].sum()), int(len(g) - g["_e"].sum()), *q))
    key = by or "group"
    out = pd.DataFrame(rows, columns=[key, "people_met", "opened", "censored", "q25_days", "median_days", "q75_days"])
    out = out.astype({key: "string", "people_met": "int64", "opened": "int64", "censored": "int64",
                      "q25_days": "float64", "median_days": "float64", "q75_days": "float64"})
    out[key] = out[key].mask(out[key] == "<NA>")
    return out


def cost_per_new_customer(data=None, /, *, by="event", period_start=None, period_end=None, **given) -> pd.DataFrame:
    """Cost per new customer of each event or campaign whose cost is known.

    Parameters
    ----------
    by : {"event", "campaign"}
        Events (``events.cost``; new customers whose first account names the event) or campaigns (``spend``,
        else ``budget``; new customers whose first account names the campaign).

    Returns
    -------
    pandas.DataFrame
        One row per event or campaign: ``event_id`` or ``campaign``, ``cost`` (yuan), ``new_customers``
        (int64, opened in the period), ``cost_per_new_customer`` (NaN without a new customer). Most new
        customers first.
    """
    func = "cost_per_new_customer"
    start, end = check_period(period_start, period_end, func)
    if by not in ("event", "campaign"):
        raise ParameterError(f"{func}: by must be 'event' or 'campaign', got {by!r}.")
    t = tables(data, func, optional=("events", "campaigns"), **{k: given.get(k) for k in ("events", "campaigns")})
    nc = new_customer_table(data, as_of=end, **given)
    nc = nc.loc[nc["opened"].to_numpy() & in_period(nc["opened_at"], start, end)]
    if by == "event":
        src, key, col = t["events"], "event_id", "account_event_id"
        if src is None:
            return pd.DataFrame({"event_id": pd.Series([], dtype="string"), "cost": pd.Series([], dtype="float64"),
                                 "new_customers": pd.Series([], dtype="int64"),
                                 "cost_per_new_customer": pd.Series([], dtype="float64")})
        cost = pd.to_numeric(src["cost"], errors="coerce")
    else:
        src, key, col = t["campaigns"], "campaign", "campaign_id"
        if src is None:
            return pd.DataFrame({"campaign": pd.Series([], dtype="string"), "cost": pd.Series([], dtype="float64"),
                                 "new_customers": pd.Series([], dtype="int64"),
                                 "cost_per_new_customer": pd.Series([], dtype="float64")})
        spend = src["spend"] if "spend" in src.columns else pd.Series(np.nan, index=src.index)
        cost = pd.to_numeric(spend, errors="coerce").fillna(pd.to_numeric(src["budget"], errors="coerce"))
    ids = src["event_id" if by == "event" else "campaign_id"].astype("string")
    n = nc[col].value_counts().reindex(ids.to_numpy(), fill_value=0).to_numpy(dtype=np.int64)
    out = pd.DataFrame({key: ids.to_numpy(), "cost": cost.to_numpy(dtype=float), "new_customers": n})
    out = out.astype({key: "string"})
    out["cost_per_new_customer"] = np.where(out["new_customers"] > 0, out["cost"] / out["new_customers"].clip(lower=1),
                                            np.nan)
    return out.sort_values(["new_customers", key], ascending=[False, True], kind="stable").reset_index(drop=True)
