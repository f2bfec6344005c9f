"""Referrers and central figures (中心人物, 老带新): who brought others, and do referred guests convert better?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.reach._tables import first_touches, tables
from analysis.stats import compare_proportions

__all__ = ["referral_links", "referrers", "referred_vs_walk_in", "referral_text"]
_TOUCH = ("survey_responses", "attendance", "invitations", "group_members", "leads", "referrals", "accounts", "events")


def referral_links(data=None, /, *, attendance=None, invitations=None, referrals=None) -> pd.DataFrame:
    """Every (referrer, guest) pair: brought along to an event, invited by a guest, or referred in a campaign.

    Returns
    -------
    pandas.DataFrame
        ``referrer_id``, ``person_id``, ``how`` (``brought_along``, ``guest_invitation``, ``referral``), one row per
        distinct pair and way.
    """
    func = "referral_links"
    t = tables(data, func, optional=("attendance", "invitations", "referrals"), attendance=attendance,
               invitations=invitations, referrals=referrals)
    parts = []
    a = t["attendance"]
    if a is not None and "brought_by" in a.columns:
        parts.append(pd.DataFrame({"referrer_id": prep.ids(a, "attendance", "brought_by", func, required=False),
                                   "person_id": prep.ids(a, "attendance", "person_id", func), "how": "brought_along"}))
    i = t["invitations"]
    if i is not None:
        g = i.loc[(i["inviter_kind"].astype("string") == "guest").fillna(False).to_numpy()]
        parts.append(pd.DataFrame({"referrer_id": prep.ids(g, "invitations", "inviter_id", func),
                                   "person_id": prep.ids(g, "invitations", "person_id", func),
                                   "how": "guest_invitation"}))
    r = t["referrals"]
    if r is not None:
        parts.append(pd.DataFrame({"referrer_id": prep.ids(r, "referrals", "referrer_id", func),
                                   "person_id": prep.ids(r, "referrals", "person_id", func), "how": "referral"}))
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype="string") for c in ("referrer_id", "person_id", "how")})
    out = pd.concat(parts, ignore_index=True).dropna(subset=["referrer_id", "person_id"])
    out = out.loc[out["referrer_id"] != out["person_id"]].drop_duplicates()
    return out.astype("string").reset_index(drop=True)


def referrers(data=None, /, *, people=None, deals=None, limit: int | None = None, **given) -> pd.DataFrame:
    """The leaderboard of people who brought others (person ids only — never a name).

    Returns
    -------
    pandas.DataFrame
        One row per referrer, most guests first: ``rank``, ``referrer_id``, ``guests`` (distinct people
        brought), ``strangers`` (guests not customers at first contact), ``accounts`` (guests with an account),
        ``deals`` (guests with a deal), ``points`` (referral points credited), ``ways`` (how they brought them,
        e.g. ``brought_along|referral``).
    """
    func = "referrers"
    t = tables(data, func, required=("people",), optional=("deals", *_TOUCH), people=people, deals=deals, **given)
    links = referral_links(t, attendance=t["attendance"], invitations=t["invitations"], referrals=t["referrals"])
    first = first_touches(t, people=t["people"], **{k: t[k] for k in _TOUCH})
    cust = pd.Series(first["is_bank_customer"].to_numpy(), index=first["person_id"].astype(str).to_numpy())
    acc = set(t["accounts"]["person_id"].astype(str)) if t["accounts"] is not None else set()
    dl = set(t["deals"]["person_id"].astype(str)) if t["deals"] is not None else set()
    g = links.drop_duplicates(["referrer_id", "person_id"]).copy()
    g["stranger"] = (prep.lookup(g["person_id"].astype(str), cust).astype("boolean") == False).fillna(False)  # noqa: E712
    g["account"] = g["person_id"].isin(acc)
    g["deal"] = g["person_id"].isin(dl)
    agg = g.groupby("referrer_id").agg(guests=("person_id", "size"), strangers=("stranger", "sum"),
                                      accounts=("account", "sum"), deals=("deal", "sum"))
    ways = links.groupby("referrer_id")["how"].agg(lambda s: "|".join(sorted(set(s))))
    pts = pd.Series(dtype="float64")
    if t["referrals"] is not None and "points" in t["referrals"].columns:
        r = t["referrals"]
        pts = pd.to_numeric(r["points"], errors="coerce").groupby(r["referrer_id"].astype("string")).sum()
    out = agg.reset_index().assign(points=lambda d: d["referrer_id"].map(pts).fillna(0).astype("int64"),
                                   ways=lambda d: d["referrer_id"].map(ways).astype("string"))
    out = out.astype({"referrer_id": "string", "guests": "int64", "strangers": "int64", "accounts": "int64",
                      "deals": "int64"})
    out = out.sort_values(["guests", "accounts", "referrer_id"], ascending=[False, False, True],
                          kind="stable").reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1, dtype=np.int64))
    return out if limit is None else out.head(prep.check_count(limit, "limit", func))


def referred_vs_walk_in(data=None, /, *, people=None, level: float = rules.LEVEL, **given) -> pd.DataFrame:
    """Do referred guests open accounts more often than walk-ins? (Both: not customers at first contact.)

    Referred: a guest of :func:`referral_links`; walk-in: checked in at an event as ``walk_in`` and never
    referred. The outcome: an account opened (any time in the data).

    Returns
    -------
    pandas.DataFrame
        One row: ``referred_opened``, ``referred``, ``rate_referred``, ``walk_ins_opened``, ``walk_ins``,
        ``rate_walk_in``, ``estimate`` (difference), ``ci_low``, ``ci_high``, ``p_value``, ``method``
        (:func:`analysis.stats.compare_proportions`, ``method="auto"``); counts 0 and NaN rates when a group is
        empty.
    """
    func = "referred_vs_walk_in"
    t = tables(data, func, required=("people",), optional=_TOUCH, people=people, **given)
    prep.check_level(level, func)
    links = referral_links(t, attendance=t["attendance"], invitations=t["invitations"], referrals=t["referrals"])
    first = first_touches(t, people=t["people"], **{k: t[k] for k in _TOUCH})
    new = set(first.loc[(first["is_bank_customer"] == False).fillna(False).to_numpy(dtype=bool), "person_id"]  # noqa: E712
              .astype(str))
    referred = set(links["person_id"].astype(str)) & new
    a = t["attendance"]
    walk = set()
    if a is not None:
        walk = set(a.loc[(a["source"].astype("string") == "walk_in").fillna(False).to_numpy(), "person_id"].astype(str))
    walk = (walk & new) - referred
    acc = set(t["accounts"]["person_id"].astype(str)) if t["accounts"] is not None else set()
    x1, n1, x2, n2 = len(referred & acc), len(referred), len(walk & acc), len(walk)
    names = {"successes1": "referred_opened", "trials1": "referred", "rate1": "rate_referred",
             "successes2": "walk_ins_opened", "trials2": "walk_ins", "rate2": "rate_walk_in"}
    if n1 and n2:
        return compare_proportions(x1, n1, x2, n2, level=level, method="auto").rename(columns=names)
    return pd.DataFrame({"successes1": [x1], "trials1": [n1], "rate1": [x1 / n1 if n1 else np.nan],
                         "successes2": [x2], "trials2": [n2], "rate2": [x2 / n2 if n2 else np.nan],
                         "estimate": [np.nan], "ci_low": [np.nan], "ci_high": [np.nan], "p_value": [np.nan],
                         "method": [""]}).astype({"successes1": "int64", "trials1": "int64", "successes2": "int64",
                                                  "trials2": "int64"}).rename(columns=names)


def referral_text(test: pd.DataFrame, language: str = "zh", alpha: float = rules.NOISE_P) -> str:
    """One sentence on :func:`referred_vs_walk_in`: better, worse, no difference shown, or too few to compare."""
    from analysis.report import say

    prep.require_frame(test, "referred_vs_walk_in", ["rate_referred", "rate_walk_in", "estimate", "p_value"],
                       "referral_text")
    r = test.iloc[0] if len(test) else None
    if r is None or pd.isna(r["p_value"]):
        return say("reach.referral.none", language)
    key = "same" if r["p_value"] >= alpha else ("better" if r["estimate"] > 0 else "worse")
    return say(f"reach.referral.{key}", language, rate1=r["rate_referred"], rate2=r["rate_walk_in"],
               diff=r["estimate"], lo=r["ci_low"], hi=r["ci_high"], p=r["p_value"])
