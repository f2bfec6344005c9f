"""Campaign reviews (批量获客复盘): budget vs expected vs actual, cost per new customer, the reach each added,
and weekly quota attainment."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep
from analysis.reach.customers import new_customer_table
from analysis.reach._tables import tables

__all__ = ["campaign_review", "weekly_quota"]


def campaign_review(data=None, /, *, campaigns=None, **given) -> pd.DataFrame:
    """One row per campaign: what was planned, what came, what it cost, the reach it added.

    Returns
    -------
    pandas.DataFrame
        ``campaign``, ``name``, ``scenario``, ``starts_at``, ``ends_at``, ``budget``, ``spend`` (NaN: not
        known), ``expected_new_customers``, ``accounts`` (all openings credited), ``new_customers`` (of people
        not customers at first contact), ``attainment`` (new ÷ expected; NaN when nothing was expected; a
        ratio against a plan, not an estimate), ``cost_per_new_customer`` (spend, else budget, ÷ new customers),
        ``first_touched`` (people whose first touch was this campaign's account or referral: the reach added),
        ``communities_reached`` (communities of those people, joined with '|').
    """
    func = "campaign_review"
    t = tables(data, func, required=("campaigns",), campaigns=campaigns, **given)
    c = t["campaigns"]
    prep.require_frame(c, "campaigns", ["campaign_id", "scenario", "starts_at", "ends_at", "budget",
                                        "expected_new_customers"], func)
    prep.check_rules(c, "campaigns", func, key=("campaign_id",))
    cid = prep.ids(c, "campaigns", "campaign_id", func)
    acc = t["accounts"]
    accounts = acc["campaign_id"].astype("string").value_counts() if acc is not None else pd.Series(dtype="int64")
    new = added = pd.Series(dtype="int64")
    comms = pd.Series(dtype="string")
    if t["people"] is not None and acc is not None:
        nc = new_customer_table(t, **{k: v for k, v in t.items() if k not in ("campaigns",)})
        new = nc.loc[nc["opened"].to_numpy(), "campaign_id"].value_counts()
        # reach added: the person's first touch was the campaign's account (or a referral of it)
        ref_c = {}
        if t["referrals"] is not None and "campaign_id" in t["referrals"].columns:
            ref_c = dict(zip(t["referrals"]["person_id"].astype(str), t["referrals"]["campaign_id"].astype("string")))
        by_first = nc["campaign_id"].where(nc["first_source"] == "account",
                                           nc["person_id"].astype(str).map(ref_c).astype("string")
                                           .where(nc["first_source"] == "referral"))
        added = by_first.dropna().value_counts()
        comms = nc.assign(_c=by_first).dropna(subset=["_c", "community_id"]).groupby("_c")["community_id"] \
            .agg(lambda s: "|".join(sorted(set(s))))
    ids = cid.astype(str).to_numpy()
    spend = pd.to_numeric(c["spend"], errors="coerce") if "spend" in c.columns else pd.Series(np.nan, index=c.index)
    cost = spend.fillna(pd.to_numeric(c["budget"], errors="coerce")).to_numpy(dtype=float)
    n_new = new.reindex(ids, fill_value=0).to_numpy().astype(np.int64)
    expected = pd.to_numeric(c["expected_new_customers"], errors="coerce").to_numpy(dtype=float)
    out = pd.DataFrame({
        "campaign": cid.to_numpy(), "name": c["name"].astype("string").to_numpy() if "name" in c.columns else pd.NA,
        "scenario": c["scenario"].astype("string").to_numpy(),
        "starts_at": prep.times(c, "campaigns", "starts_at", func).to_numpy(),
        "ends_at": prep.times(c, "campaigns", "ends_at", func).to_numpy(),
        "budget": pd.to_numeric(c["budget"], errors="coerce").to_numpy(dtype=float), "spend": spend.to_numpy(dtype=float),
        "expected_new_customers": expected.astype(np.int64) if not np.isnan(expected).any() else expected,
        "accounts": accounts.reindex(ids, fill_value=0).to_numpy().astype(np.int64), "new_customers": n_new,
        "attainment": np.where(expected > 0, n_new / np.where(expected > 0, expected, 1), np.nan),
        "cost_per_new_customer": np.where(n_new > 0, cost / np.maximum(n_new, 1), np.nan),
        "first_touched": added.reindex(ids, fill_value=0).to_numpy().astype(np.int64),
        "communities_reached": comms.reindex(ids).to_numpy()})
    return out.astype({"campaign": "string", "name": "string", "scenario": "string", "communities_reached": "string"})


def weekly_quota(data=None, /, *, campaigns=None, accounts=None, as_of=None) -> pd.DataFrame:
    """Weekly quota attainment of the campaigns with a ``weekly_quota`` (e.g. 100 places a week for 4 weeks).

    Weeks run from the campaign's first day (week 1 = days 1–7). Only weeks begun by ``as_of`` (default: the
    latest opening) are listed.

    Returns
    -------
    pandas.DataFrame
        One row per campaign and week: ``campaign``, ``week_no`` (int64, 1 = first), ``week`` (its first day), ``quota``,
        ``accounts`` (openings credited that week), ``attainment`` (accounts ÷ quota), ``behind`` (bool: under
        the quota in a finished week).
    """
    func = "weekly_quota"
    t = tables(data, func, required=("campaigns",), optional=("accounts",), campaigns=campaigns, accounts=accounts)
    c = t["campaigns"]
    cols = {"campaign": "string", "week_no": "int64", "week": "datetime64[ns]", "quota": "int64",
            "accounts": "int64", "attainment": "float64", "behind": "bool"}
    if "weekly_quota" not in c.columns:
        return pd.DataFrame({k: pd.Series([], dtype=v) for k, v in cols.items()})
    q = c.loc[c["weekly_quota"].notna().to_numpy()]
    acc = t["accounts"]
    opened = prep.times(acc, "accounts", "opened_at", func) if acc is not None else pd.Series(dtype="datetime64[ns]")
    ts = prep.as_of(as_of, func) or (opened.max() if len(opened) else None)
    rows = []
    for r in q.itertuples(index=False):  # one row per campaign, not per data row
        start, end = pd.Timestamp(r.starts_at).normalize(), pd.Timestamp(r.ends_at).normalize()
        weeks = int(np.ceil(((end - start).days + 1) / 7))
        mine = opened[(acc["campaign_id"].astype("string") == r.campaign_id).fillna(False).to_numpy()] \
            if acc is not None else opened
        wk = ((mine - start).dt.days // 7 + 1)
        counts = wk.value_counts()
        for w in range(1, weeks + 1):
            ws = start + pd.Timedelta(days=7 * (w - 1))
            if ts is not None and ws > ts:
                break
            n = int(counts.get(w, 0))
            done = ts is None or ws + pd.Timedelta(days=7) <= ts
            rows.append((r.campaign_id, w, ws, int(r.weekly_quota), n, n / int(r.weekly_quota) if r.weekly_quota else np.nan,
                         bool(done and n < int(r.weekly_quota))))
    out = pd.DataFrame(rows, columns=list(cols))
    return out.astype(cols) if len(out) else pd.DataFrame({k: pd.Series([], dtype=v) for k, v in cols.items()})
