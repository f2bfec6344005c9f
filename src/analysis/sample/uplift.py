"""The sample's uplift tables (issue 13): month-end asset snapshots, holdings, assignments to managers, contacts.

:func:`uplift_practice` works on the finished tables of :func:`analysis.sample.make_sample` with its own generator
(``default_rng([seed, 13])``), so every other table keeps its rows. It tells the branch story of DESIGN.md's
"Customer value and uplift":

- **customers**: the people who were bank customers at first contact, from the first month-end of the sample period;
  the new customers the events, groups and campaigns won (their first deal, or their account in ``accounts`` when
  the reach stage made one) appear in ``customer_assets`` from the month-end after it — about a quarter of them
  empty their account within a few months (the retention the report measures);
- **assets**: AUM drawn so that roughly 4% are high-value (≥ 500,000 yuan), 10% second (≥ 200,000), 35% potential
  (≥ 50,000) and half low; each month a random walk with occasional inflows (more likely in a month the customer
  was contacted) and a few large outflows (three in every branch in the last month: the churn warning);
- **holdings**: the investments split into one to three products, maturities spread over the coming months;
- **assignments**: high and second tiers mostly with the wealth managers, the others with the account managers, by
  the four principles (territory by community, familiarity from a past deal, industry for business owners,
  relationship); about 7% of the customers without a manager; a few hand-overs in the period, never overlapping;
- **contacts**: per customer and month a Poisson number of touches, higher for the higher tiers and for the more
  diligent managers — so some white-list customers go a month or more without a call.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.schemas import TABLES, empty_frame

__all__ = ["uplift_practice"]

_PRODUCTS = ("wealth", "fund", "insurance", "deposit")
_TERM_DAYS = {"wealth": (90, 180, 365), "deposit": (365, 730), "insurance": (1095,), "fund": (0,)}
_BASE_CONTACTS = {"high": 2.2, "second": 1.2, "potential": 0.45, "low": 0.2}  # touches per month
_CHANNELS = ("call", "visit", "wechat", "event", "branch")
_CHANNEL_P = (0.45, 0.10, 0.30, 0.05, 0.10)
_PURPOSES = ("maintenance", "maturity", "outflow", "care", "sales")
_PURPOSE_P = (0.60, 0.06, 0.04, 0.10, 0.20)


def _typed(name: str, cols: dict) -> pd.DataFrame:
    want = empty_frame(name)
    df = pd.DataFrame(cols)
    return pd.DataFrame({c: df[c].astype(want[c].dtype) if c in df.columns else
                         pd.Series(pd.NA, index=df.index).astype(want[c].dtype) for c in want.columns})


def _tier(aum: np.ndarray) -> np.ndarray:
    return np.select([aum >= 500_000, aum >= 200_000, aum >= 50_000], ["high", "second", "potential"], "low")


def _period(tables) -> tuple[pd.Timestamp, pd.Timestamp]:
    starts = [tables["events"]["starts_at"].min(), tables["deals"]["closed_at"].min()]
    ends = [tables["events"]["ends_at"].max(), tables["deals"]["closed_at"].max(), tables["leads"]["captured_at"].max()]
    t0 = min(s for s in starts if pd.notna(s)).to_period("M").to_timestamp()
    t1 = max(e for e in ends if pd.notna(e)).to_period("M").to_timestamp(how="end").normalize()
    return t0, t1


def _customers(tables, rng) -> pd.DataFrame:
    """person_id, branch_id, acquired_at (NaT: a customer before the period), staff_id of the first deal, segment."""
    people, comm, staff = tables["people"], tables["communities"], tables["staff"]
    branch_of_comm = dict(zip(comm["community_id"], comm["branch_id"]))
    p = people.assign(branch_id=people["community_id"].map(branch_of_comm).astype("string"))
    deals = tables["deals"].sort_values("closed_at", kind="stable")
    staff_branch = dict(zip(staff["staff_id"], staff["branch_id"]))
    first = deals.drop_duplicates("person_id")[["person_id", "closed_at", "staff_id"]]
    first = first.assign(deal_branch=first["staff_id"].map(staff_branch).astype("string"))
    acc = tables.get("accounts")
    if acc is not None and len(acc):
        opened = acc.sort_values("opened_at", kind="stable").drop_duplicates("person_id")[
            ["person_id", "opened_at", "branch_id"]].rename(columns={"branch_id": "acc_branch"})
    else:
        opened = pd.DataFrame({"person_id": pd.Series([], dtype="string"),
                               "opened_at": pd.Series([], dtype="datetime64[ns]"),
                               "acc_branch": pd.Series([], dtype="string")})
    p = p.merge(first, on="person_id", how="left").merge(opened, on="person_id", how="left")
    existing = p["is_bank_customer"].fillna(False).astype(bool).to_numpy()
    won = ~existing & (p["closed_at"].notna() | p["opened_at"].notna()).to_numpy()
    acquired = p["opened_at"].where(p["opened_at"].notna(), p["closed_at"])
    acquired = acquired.where(p["closed_at"].isna() | (p["closed_at"] >= acquired), p["closed_at"])
    branch = p["branch_id"].fillna(p["acc_branch"]).fillna(p["deal_branch"])
    out = pd.DataFrame({"person_id": p["person_id"], "branch_id": branch, "acquired_at": acquired.where(won),
                        "deal_staff": p["staff_id"], "segment": p["segment"].astype("string"),
                        "community_id": p["community_id"]})
    keep = (existing | won) & out["branch_id"].notna().to_numpy()
    return out.loc[keep].reset_index(drop=True)


def uplift_practice(tables: dict[str, pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    """Add ``customer_assets``, ``holdings``, ``assignments`` and ``contacts`` to the sample (see the module notes).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> t = make_sample(0)
    >>> sorted(set(t["customer_assets"]["as_of"].dt.strftime("%m-%d")))
    ['07-31', '08-31', '09-30', '10-31']
    """
    rng = np.random.default_rng([int(seed), 13])
    t0, t1 = _period(tables)
    snaps = pd.date_range(t0, t1, freq="ME")  # the month-ends of the period
    cust = _customers(tables, rng)
    n = len(cust)
    staff = tables["staff"]
    seg_mult = cust["segment"].map({"business_owner": 2.0, "retiree": 1.5, "professional": 1.3,
                                    "student": 0.2}).fillna(1.0).astype(float).to_numpy()
    aum0 = np.exp(rng.normal(np.log(50_000), 1.3, n)) * seg_mult
    new = cust["acquired_at"].notna().to_numpy()
    # --- managers: wealth managers take most high/second customers, account managers the rest ---
    tier0 = _tier(aum0)
    principles = np.empty(n, dtype=object)
    manager = np.empty(n, dtype=object)
    diligence = {}
    for b, idx in cust.groupby("branch_id").indices.items():  # a loop over branches, not rows
        st = staff.loc[staff["branch_id"] == b]
        wm = st.loc[st["role"] == "wealth_manager", "staff_id"].tolist()
        am = st.loc[st["role"] == "account_manager", "staff_id"].tolist()
        for s in wm + am:
            diligence[s] = rng.uniform(0.45, 1.4)
        pool_hi, pool_lo = (wm or am), (am or wm)
        hi = np.isin(tier0[idx], ["high", "second"])
        use_hi = np.where(rng.random(len(idx)) < 0.85, hi, ~hi)
        pick_hi = np.asarray(pool_hi, dtype=object)[rng.integers(0, len(pool_hi), len(idx))]
        pick_lo = np.asarray(pool_lo, dtype=object)[rng.integers(0, len(pool_lo), len(idx))]
        mgr = np.where(use_hi, pick_hi, pick_lo)
        prin = rng.choice(["territory", "familiarity", "relationship"], len(idx), p=[0.55, 0.3, 0.15])
        dealt = cust["deal_staff"].iloc[idx].isin(wm + am).to_numpy()
        mgr = np.where(dealt, cust["deal_staff"].iloc[idx].to_numpy(dtype=object), mgr)
        prin = np.where(dealt, "familiarity", prin)
        owners = (cust["segment"].iloc[idx] == "business_owner").fillna(False).to_numpy() & ~dealt
        if am:
            mgr = np.where(owners, am[0], mgr)
            prin = np.where(owners, "industry", prin)
        manager[idx], principles[idx] = mgr, prin
    no_manager = rng.random(n) < np.where(np.isin(tier0, ["high", "second"]), 0.04, 0.08)
    no_manager &= ~new
    manager[no_manager] = None
    # --- monthly assets and contacts ---
    inv_share = rng.beta(2.0, 3.0, n)
    loans = np.where(rng.random(n) < 0.15, np.exp(rng.normal(12.0, 0.8, n)), 0.0)
    first_snap = np.zeros(n, dtype=int)  # index of the first snapshot a customer appears in
    acq = cust["acquired_at"].to_numpy(dtype="datetime64[ns]")
    snap_arr = snaps.to_numpy()
    first_snap[new] = np.searchsorted(snap_arr, acq[new], side="left")
    deal_amount = tables["deals"].groupby("person_id")["amount"].sum()
    opening = np.exp(rng.normal(np.log(8_000), 1.2, n))  # a new account without a deal: a small first balance
    start_new = cust["person_id"].map(deal_amount).astype(float).to_numpy()
    start_new = np.where(np.isnan(start_new), opening, start_new)
    aum = np.where(new, start_new * rng.uniform(1.0, 1.6, n), aum0)
    churner = new & (rng.random(n) < 0.25)
    churn_at = first_snap + rng.integers(1, 4, n)
    dil = np.array([diligence.get(m, 0.25) if m is not None else 0.25 for m in manager])
    rows_a, rows_c = [], []
    ms = len(snaps)
    branches = cust["branch_id"].to_numpy(dtype=object)
    lobby = {b: staff.loc[(staff["branch_id"] == b) & (staff["role"] == "lobby_manager"), "staff_id"].iloc[0]
             for b in pd.unique(branches)}
    for k in range(ms):  # a loop over the four month-ends, not over rows
        # the month's contacts (inside the sample period: the last day of the period has none)
        tier = _tier(aum)
        lam = np.vectorize(_BASE_CONTACTS.get)(tier) * dil
        alive = first_snap <= k
        contacts = np.where(alive, rng.poisson(lam), 0)
        month_start = t0 if k == 0 else snaps[k - 1] + pd.Timedelta(days=1)
        days = (snaps[k] - month_start).days + (0 if k == ms - 1 else 1)
        who = np.repeat(np.arange(n), contacts)
        at = month_start + pd.to_timedelta(rng.integers(0, days, len(who)), unit="D") \
            + pd.to_timedelta(rng.integers(9 * 60, 18 * 60, len(who)), unit="min")
        by = manager[who].copy()
        other = (rng.random(len(who)) < 0.1) | pd.isna(by)
        by[other] = np.array([lobby[b] for b in branches[who[other]]], dtype=object)
        rows_c.append(pd.DataFrame({"person_id": cust["person_id"].to_numpy()[who], "staff_id": by,
                                    "contacted_at": at, "channel": rng.choice(_CHANNELS, len(who), p=_CHANNEL_P),
                                    "purpose": rng.choice(_PURPOSES, len(who), p=_PURPOSE_P)}))
        if k > 0:  # the month's change of assets, from the snapshot before
            drift = rng.normal(0.004, 0.05, n)
            jump = rng.random(n) < np.where(contacts > 0, 0.07, 0.025)
            drop = rng.random(n) < 0.012
            factor = np.exp(drift) * np.where(jump, rng.uniform(1.6, 3.0, n), 1.0) \
                * np.where(drop, rng.uniform(0.2, 0.6, n), 1.0)
            aum = np.where(alive & (first_snap < k), aum * factor, aum)
            if k == ms - 1:  # three large outflows per branch in the last month: the churn warning
                for b in pd.unique(branches):
                    cand = np.flatnonzero((branches == b) & (aum >= 100_000) & alive & ~drop)
                    hit = rng.choice(cand, size=min(3, len(cand)), replace=False)
                    aum[hit] = aum[hit] * rng.uniform(0.25, 0.5, len(hit))
            aum = np.where(churner & (k >= churn_at), 0.0, aum)
        present = first_snap <= k
        a = np.round(aum[present], -1)
        inv = np.round(a * inv_share[present], -1)
        rows_a.append(pd.DataFrame({"person_id": cust["person_id"].to_numpy()[present], "as_of": snaps[k],
                                    "aum": a, "deposits": a - inv, "investments": inv,
                                    "loans": np.round(loans[present], -1)}))
    assets = pd.concat(rows_a, ignore_index=True).sort_values(["as_of", "person_id"], kind="stable")
    contacts = pd.concat(rows_c, ignore_index=True).sort_values(["contacted_at", "person_id"], kind="stable")
    # --- holdings: the last snapshot's investments in one to three products ---
    last = assets.loc[(assets["as_of"] == snaps[-1]) & (assets["investments"] > 0)]
    k_h = rng.integers(1, 4, len(last))
    owner = np.repeat(np.arange(len(last)), k_h)
    weights = rng.random(len(owner))
    weights = weights / pd.Series(weights).groupby(owner).transform("sum").to_numpy()
    amount = np.round(last["investments"].to_numpy()[owner] * weights, -1)
    product = rng.choice(_PRODUCTS, len(owner), p=[0.45, 0.25, 0.1, 0.2])
    term = np.array([rng.choice(_TERM_DAYS[p]) for p in product])  # tiny loop over products drawn
    # maturities spread over the coming months (never beyond the product's term: it was bought by the period's end)
    offset = np.where(term > 0, rng.integers(1, 10_000, len(owner)) % np.minimum(np.maximum(term, 1), 300) + 1, 0)
    matures = t1 + pd.to_timedelta(offset, unit="D")
    starts = matures - pd.to_timedelta(np.where(term > 0, term, rng.integers(30, 700, len(owner))), unit="D")
    holdings = pd.DataFrame({"holding_id": [f"H{i + 1:06d}" for i in range(len(owner))],
                             "person_id": last["person_id"].to_numpy()[owner], "product": product,
                             "amount": amount, "starts_at": starts,
                             "matures_at": pd.Series(matures).where(term > 0).to_numpy()})
    # --- assignments: one spell each, a few hand-overs in the period (never overlapping) ---
    has = np.array([m is not None for m in manager])
    since = np.where(new, np.minimum(acq + np.timedelta64(2, "D"), t1.to_datetime64()),
                     (t0 - pd.to_timedelta(rng.integers(30, 900, n), unit="D")).to_numpy())
    spells = pd.DataFrame({"person_id": cust["person_id"].to_numpy()[has], "staff_id": manager[has],
                           "assigned_at": since[has], "ended_at": pd.NaT, "principle": principles[has]})
    hand = (rng.random(len(spells)) < 0.03) & (spells["assigned_at"] < t0).to_numpy()
    if hand.any():
        when = t0 + pd.to_timedelta(rng.integers(10, 100, int(hand.sum())), unit="D")
        branch_of = dict(zip(staff["staff_id"], staff["branch_id"]))
        peers = {b: staff.loc[(staff["branch_id"] == b) & staff["role"].isin(["wealth_manager", "account_manager"]),
                              "staff_id"].tolist() for b in staff["branch_id"].unique()}
        old = spells.loc[hand, "staff_id"].tolist()
        succ = [next((p for p in peers[branch_of[s]] if p != s), s) for s in old]  # one per hand-over
        spells.loc[hand, "ended_at"] = when
        spells = pd.concat([spells, pd.DataFrame({"person_id": spells.loc[hand, "person_id"].to_numpy(),
                                                  "staff_id": succ, "assigned_at": when, "ended_at": pd.NaT,
                                                  "principle": "territory"})], ignore_index=True)
    spells = spells.sort_values(["assigned_at", "person_id"], kind="stable")
    out = dict(tables)
    out["customer_assets"] = _typed("customer_assets", assets.reset_index(drop=True))
    out["holdings"] = _typed("holdings", holdings.sort_values(["matures_at", "holding_id"], kind="stable")
                             .reset_index(drop=True))
    out["assignments"] = _typed("assignments", spells.reset_index(drop=True))
    out["contacts"] = _typed("contacts", contacts.reset_index(drop=True))
    order = [name for name in TABLES if name in out] + [name for name in out if name not in TABLES]
    return {name: out[name] for name in order}
