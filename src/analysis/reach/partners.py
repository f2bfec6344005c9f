"""The merchant alliance (异业联盟) scorecard: what each partner brought, and which kinds bring the most new
customers per yuan."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.reach.customers import new_customer_table
from analysis.reach._tables import tables

__all__ = ["partner_scorecard", "partner_kinds"]


def _check_partner_ids(df, table, partners, func):
    if df is None or "partner_id" not in df.columns or not len(df):
        return
    known = set(partners["partner_id"].astype(str))
    pid = df["partner_id"].astype("string")
    bad = (pid.notna() & ~pid.isin(known)).fillna(False).to_numpy(dtype=bool)
    if bad.any():
        key = {"events": ("event_id",), "accounts": ("account_id",), "campaigns": ("campaign_id",)}[table]
        raise prep.mask_error(func, table, "partner_id", "foreign_key", df, bad,
                              "the partner_id is not in the partners table; add the partner or correct the id", key)


def partner_scorecard(data=None, /, *, partners=None, events=None, invitations=None, attendance=None, deals=None,
                      accounts=None, campaigns=None, sales_hours: float = rules.SALES_WINDOW_HOURS,
                      **given) -> pd.DataFrame:
    """Per partner: events co-hosted, invitations and show-up, strangers brought, new customers, 72-hour deals.

    Returns
    -------
    pandas.DataFrame
        One row per partner (partners table order): ``partner_id``, ``name``, ``kind``, ``stage``, ``signed_at``,
        ``events`` (co-hosted), ``repeat`` (bool: two or more), ``invited`` (by the partner), ``showed_up``
        (their invitees who checked in), ``show_up_rate``, ``strangers`` (non-customers at co-hosted events),
        ``new_customers`` (new customers whose first account names the partner or a co-hosted event),
        ``deals_72h`` (count) and ``sales_72h`` (yuan) at co-hosted events within ``sales_hours`` of their end,
        ``cost`` (co-hosted events' cost plus the spend of campaigns with the partner), ``new_per_10k``
        (new customers per 10,000 yuan).

    Raises
    ------
    DataError
        An events, accounts or campaigns row names a partner_id absent from partners (rule ``foreign_key``).
    """
    func = "partner_scorecard"
    t = tables(data, func, required=("partners",), partners=partners, events=events, invitations=invitations, attendance=attendance, deals=deals,
               accounts=accounts, campaigns=campaigns)
    p = t["partners"]
    prep.require_frame(p, "partners", ["partner_id", "kind", "stage"], func)
    for name in ("events", "accounts", "campaigns"):  # an absent partners table checks nothing (as the loader)
        if len(p):
            _check_partner_ids(t[name], name, p, func)
    pid = prep.ids(p, "partners", "partner_id", func)
    ev = t["events"] if t["events"] is not None else pd.DataFrame({"event_id": [], "partner_id": [], "cost": [],
                                                                   "ends_at": []})
    ev = ev.loc[ev["partner_id"].notna().to_numpy()]
    ev_of = dict(zip(ev["event_id"].astype(str), ev["partner_id"].astype(str)))
    n_events = ev["partner_id"].astype(str).value_counts()
    cost = pd.to_numeric(ev["cost"], errors="coerce").groupby(ev["partner_id"].astype(str)).sum()
    inv = t["invitations"]
    invited = showed = pd.Series(dtype="int64")
    if inv is not None:
        pi = inv.loc[(inv["inviter_kind"].astype("string") == "partner").fillna(False).to_numpy()]
        invited = pi["inviter_id"].astype(str).value_counts()
        if t["attendance"] is not None:
            came = set(zip(t["attendance"]["event_id"].astype(str), t["attendance"]["person_id"].astype(str)))
            hit = np.array([k in came for k in zip(pi["event_id"].astype(str), pi["person_id"].astype(str))], bool)
            showed = pi.loc[hit, "inviter_id"].astype(str).value_counts()
    strangers = pd.Series(dtype="int64")
    a = t["attendance"]
    if a is not None:
        co = a.loc[a["event_id"].astype(str).isin(ev_of).to_numpy() & ~a["is_bank_customer"].astype("boolean")
                   .fillna(True).to_numpy(dtype=bool)]
        strangers = co["event_id"].astype(str).map(ev_of).value_counts()
    new = pd.Series(dtype="int64")
    if t["people"] is not None and t["accounts"] is not None:
        nc = new_customer_table(t, **given)
        nc = nc.loc[nc["opened"].to_numpy()]
        credit = nc["partner_id"].fillna(nc["account_event_id"].map(ev_of).astype("string"))
        new = credit.dropna().astype(str).value_counts()
    deals72 = sales72 = pd.Series(dtype="float64")
    d = t["deals"]
    if d is not None and len(ev) and "event_id" in d.columns:
        ends = dict(zip(ev["event_id"].astype(str), ev["ends_at"]))
        dd = d.loc[d["event_id"].astype("string").isin(ev_of).fillna(False).to_numpy()]
        end = pd.to_datetime(dd["event_id"].astype(str).map(ends))
        dd = dd.loc[((dd["closed_at"] - end) <= pd.Timedelta(hours=float(sales_hours))).to_numpy()]
        grp = dd["event_id"].astype(str).map(ev_of)
        deals72, sales72 = grp.value_counts(), pd.to_numeric(dd["amount"], errors="coerce").groupby(grp).sum()
    if t["campaigns"] is not None:
        c = t["campaigns"].loc[t["campaigns"]["partner_id"].notna().to_numpy()]
        spend = pd.to_numeric(c["spend"], errors="coerce").fillna(pd.to_numeric(c["budget"], errors="coerce"))
        cost = cost.add(spend.groupby(c["partner_id"].astype(str)).sum(), fill_value=0)
    ids = pid.astype(str).to_numpy()

    def col(s, dtype="int64"):
        return s.reindex(ids, fill_value=0).to_numpy().astype(dtype)

    out = pd.DataFrame({"partner_id": pid.to_numpy(),
                        "name": p["name"].astype("string").to_numpy() if "name" in p.columns else pd.NA,
                        "kind": p["kind"].astype("string").to_numpy(), "stage": p["stage"].astype("string").to_numpy(),
                        "signed_at": prep.times(p, "partners", "signed_at", func).to_numpy(),
                        "events": col(n_events), "invited": col(invited), "showed_up": col(showed),
                        "strangers": col(strangers), "new_customers": col(new), "deals_72h": col(deals72),
                        "sales_72h": col(sales72, "float64"), "cost": col(cost, "float64")})
    out.insert(6, "repeat", out["events"].to_numpy() >= 2)
    out.insert(9, "show_up_rate", np.where(out["invited"] > 0, out["showed_up"] / out["invited"].clip(lower=1), np.nan))
    out["new_per_10k"] = np.where(out["cost"] > 0, out["new_customers"] / out["cost"].where(out["cost"] > 0) * 1e4,
                                  np.nan)
    return out.astype({"partner_id": "string", "name": "string", "kind": "string", "stage": "string"})


def partner_kinds(scorecard: pd.DataFrame) -> pd.DataFrame:
    """The scorecard summed by partner kind: partners, events, new customers, cost and new customers per 10,000
    yuan, most new customers per yuan first (kinds without cost last)."""
    prep.require_frame(scorecard, "partner_scorecard", ["kind", "events", "new_customers", "cost"], "partner_kinds")
    g = scorecard.groupby("kind", sort=True).agg(partners=("partner_id", "size"), events=("events", "sum"),
                                                 strangers=("strangers", "sum"), new_customers=("new_customers", "sum"),
                                                 cost=("cost", "sum")).reset_index()
    g["new_per_10k"] = np.where(g["cost"] > 0, g["new_customers"] / g["cost"].where(g["cost"] > 0) * 1e4, np.nan)
    g = g.astype({"kind": "string", "partners": "int64", "events": "int64", "strangers": "int64",
                  "new_customers": "int64"})
    return g.sort_values(["new_per_10k", "new_customers"], ascending=[False, False], na_position="last",
                         kind="stable").reset_index(drop=True)
