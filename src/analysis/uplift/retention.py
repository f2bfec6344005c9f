"""Retention of acquired customers (留客): do the customers the events, groups, campaigns and referrals won stay?

An **acquired customer** is a person who was not a bank customer at first contact and opened an account through an
event, a WeChat group, a campaign (including smart-community and payroll campaigns) or a referral — the first such
account in ``accounts`` — or, when the data set has no ``accounts``, whose first deal came through an event or a
group. Their acquisition month and channel define the cohorts.

At 30, 90 and 180 days (:data:`analysis.rules.RETENTION_DAYS`) two shares are read:

- ``holding``: still holding assets (AUM > 0) in the first month-end snapshot on or after that day;
- ``second_deal``: a deal after the acquisition within that many days.

A customer is counted only once the day has come (a snapshot exists after it, or — for deals — the evaluation time
is past it): the others are not yet observable, never counted as lost. :func:`time_to_churn` gives the Kaplan–Meier
curve of the time to the first snapshot with AUM 0 (censored at the last snapshot), per channel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.stats import kaplan_meier
from analysis.uplift._tables import DAY, assets_frame, evaluation_time, snapshot_dates, tables, wilson

__all__ = ["ACQUISITION_CHANNELS", "RETENTION_MEASURES", "acquired_customers", "retention_cohorts",
           "churn_durations", "time_to_churn"]

#: Acquisition channels of the cohorts, in report order.
ACQUISITION_CHANNELS: tuple[str, ...] = ("event", "group", "campaign", "referral")
#: The two retention measures.
RETENTION_MEASURES: tuple[str, ...] = ("holding", "second_deal")
_ACCOUNT_CHANNEL = {"event": "event", "group": "group", "campaign": "campaign", "smart_community": "campaign",
                    "payroll": "campaign", "referral": "referral"}


def acquired_customers(data=None, /, *, accounts=None, deals=None, people=None) -> pd.DataFrame:
    """The customers won through an event, group, campaign or referral: when and through which channel.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying the tables.
    accounts : pandas.DataFrame, optional
        Accounts opened (``person_id``, ``opened_at``, ``channel``); preferred when it has rows.
    deals : pandas.DataFrame, optional
        Used without accounts: the first deal (``closed_at``) through an event (``event_id``) or a group
        (``group_id``).
    people : pandas.DataFrame, optional
        ``is_bank_customer`` at first contact: people who already were customers are not acquired (without the
        table every account or deal counts).

    Returns
    -------
    pandas.DataFrame
        One row per acquired customer: ``person_id``, ``acquired_at``, ``month`` (first day of the acquisition
        month), ``channel`` (:data:`ACQUISITION_CHANNELS`).

    Examples
    --------
    >>> acc = pd.DataFrame({"person_id": ["A", "B", "A"], "channel": ["event", "counter", "group"],
    ...                     "opened_at": pd.to_datetime(["2026-07-04", "2026-07-05", "2026-08-01"])})
    >>> acquired_customers(accounts=acc)[["person_id", "channel"]].values.tolist()
    [['A', 'event']]
    """
    func = "acquired_customers"
    t = tables(data, func, optional=("accounts", "deals", "people"), accounts=accounts, deals=deals, people=people)
    acc = t["accounts"]
    if acc is not None and len(acc):
        prep.require_frame(acc, "accounts", ("person_id", "opened_at", "channel"), func)
        rows = pd.DataFrame({"person_id": prep.ids(acc, "accounts", "person_id", func),
                             "acquired_at": prep.times(acc, "accounts", "opened_at", func, required=True),
                             "channel": acc["channel"].astype("string").map(_ACCOUNT_CHANNEL).astype("string")})
    elif t["deals"] is not None and len(t["deals"]):
        d = t["deals"]
        prep.require_frame(d, "deals", ("person_id", "closed_at"), func)
        ev = prep.ids(d, "deals", "event_id", func, required=False)
        gr = prep.ids(d, "deals", "group_id", func, required=False)
        rows = pd.DataFrame({"person_id": prep.ids(d, "deals", "person_id", func),
                             "acquired_at": prep.times(d, "deals", "closed_at", func, required=True),
                             "channel": pd.Series(np.select([ev.notna().to_numpy(), gr.notna().to_numpy()],
                                                            ["event", "group"], ""), index=d.index,
                                                  dtype="string").mask(lambda s: s == "")})
    else:
        rows = pd.DataFrame({"person_id": pd.Series([], dtype="string"),
                             "acquired_at": pd.Series([], dtype="datetime64[ns]"),
                             "channel": pd.Series([], dtype="string")})
    first = rows.sort_values("acquired_at", kind="stable").drop_duplicates("person_id")  # the first opening only
    first = first.loc[first["channel"].notna().to_numpy()]
    if t["people"] is not None and "is_bank_customer" in t["people"].columns:
        p = t["people"]
        was = pd.Series(p["is_bank_customer"].astype("boolean").to_numpy(), index=p["person_id"].astype("string"))
        already = prep.lookup(first["person_id"], was).fillna(False).to_numpy(dtype=bool)
        first = first.loc[~already]
    first = first.assign(month=first["acquired_at"].dt.to_period("M").dt.to_timestamp())
    return first[["person_id", "acquired_at", "month", "channel"]].sort_values(
        ["acquired_at", "person_id"], kind="stable").reset_index(drop=True)


def _check_days(days, func) -> list[float]:
    days = [days] if isinstance(days, (int, float)) else list(days)
    if not days:
        raise ParameterError(f"{func}: days must list at least one horizon, e.g. {rules.RETENTION_DAYS}.")
    return [prep.check_number(d, "days", func, minimum=1, unit="days") for d in days]


def _status(t, days, as_of, func):
    """Per acquired customer and horizon: observable and retained, for both measures (long form)."""
    acq = acquired_customers(None, accounts=t["accounts"], deals=t["deals"], people=t["people"])
    a = assets_frame(t["customer_assets"], func)
    ts = evaluation_time(as_of=as_of, customer_assets=t["customer_assets"])
    snaps = np.array(snapshot_dates(a), dtype="datetime64[ns]")
    aum = a.set_index(["person_id", "as_of"])["aum"]
    parts = []
    for d in days:  # a loop over the few horizons, not over rows
        due = (acq["acquired_at"] + pd.Timedelta(days=d)).to_numpy(dtype="datetime64[ns]")
        pos = np.searchsorted(snaps, due, side="left")
        seen = pos < len(snaps)
        when = pd.Series(np.where(seen, snaps[np.minimum(pos, max(len(snaps) - 1, 0))] if len(snaps) else due, due))
        idx = pd.MultiIndex.from_arrays([acq["person_id"].astype(str).to_numpy(), when.to_numpy()])
        bal = aum.reindex(idx).to_numpy(dtype=float) if len(aum) else np.full(len(acq), np.nan)
        holding = seen & (np.nan_to_num(bal, nan=0.0) > 0)
        parts.append(acq.assign(after_days=int(d), measure="holding", observed=seen, retained=holding))
        if t["deals"] is not None:
            dl = t["deals"]
            deals = pd.DataFrame({"person_id": prep.ids(dl, "deals", "person_id", func),
                                  "closed_at": prep.times(dl, "deals", "closed_at", func, required=True)})
            j = acq[["person_id", "acquired_at"]].merge(deals, on="person_id", how="inner")
            later = j.loc[((j["closed_at"] > j["acquired_at"]) &
                           (j["closed_at"] <= j["acquired_at"] + pd.Timedelta(days=d))).to_numpy()]
            has = acq["person_id"].isin(later["person_id"]).to_numpy()
            observed = (acq["acquired_at"] + pd.Timedelta(days=d) <= ts).to_numpy() if ts is not None \
                else np.zeros(len(acq), dtype=bool)
            parts.append(acq.assign(after_days=int(d), measure="second_deal", observed=observed, retained=has))
    return pd.concat(parts, ignore_index=True) if parts else acq.assign(after_days=0, measure="", observed=False,
                                                                        retained=False)


def retention_cohorts(data=None, /, *, customer_assets=None, accounts=None, deals=None, people=None, as_of=None,
                      by=("month", "channel"), days=rules.RETENTION_DAYS, level: float = rules.LEVEL) -> pd.DataFrame:
    """Cohort tables: the share of acquired customers still holding assets, and with a second deal, at 30/90/180 days.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying the tables (:func:`analysis.uplift.branch_data`).
    customer_assets : pandas.DataFrame
        Month-end snapshots; keyword-only, as are the others.
    accounts, deals, people : pandas.DataFrame, optional
        As for :func:`acquired_customers`; without deals there is no ``second_deal`` measure.
    as_of : str or Timestamp, optional
        Evaluation time (default :func:`analysis.uplift.evaluation_time`).
    by : sequence of {"month", "channel"}, default ("month", "channel")
        The cohort keys (``()``: all acquired customers together).
    days : sequence of float, default :data:`analysis.rules.RETENTION_DAYS` (30, 90, 180)
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per cohort, measure and horizon: the ``by`` keys, ``measure`` (:data:`RETENTION_MEASURES`),
        ``after_days`` (int64, the horizon), ``customers`` (int64, acquired in the cohort), ``n`` (int64, observable
        at that horizon),
        ``successes`` (int64), ``rate``, ``ci_low``, ``ci_high`` (Wilson; NaN when nobody is observable yet).

    Examples
    --------
    >>> acc = pd.DataFrame({"person_id": ["A", "B"], "channel": ["event", "event"],
    ...                     "opened_at": pd.to_datetime(["2026-07-04", "2026-07-10"])})
    >>> a = pd.DataFrame({"person_id": ["A", "B"], "as_of": pd.to_datetime(["2026-08-31"] * 2), "aum": [1e4, 0.0]})
    >>> r = retention_cohorts(customer_assets=a, accounts=acc, by=(), days=(30,))
    >>> r[["measure", "customers", "n", "successes"]].values.tolist()
    [['holding', 2, 2, 1]]
    """
    func = "retention_cohorts"
    t = tables(data, func, required=("customer_assets",), optional=("accounts", "deals", "people"),
               customer_assets=customer_assets, accounts=accounts, deals=deals, people=people)
    prep.check_level(level, func)
    keys = prep.by_columns(list(by) if not isinstance(by, str) else by, ["month", "channel"], "acquired customers",
                           func)
    hs = _check_days(days, func)
    st = _status(t, hs, as_of, func)
    st = st.assign(_o=st["observed"].astype("int64"), _r=(st["retained"] & st["observed"]).astype("int64"), _c=1)
    g = st.groupby([*keys, "measure", "after_days"], sort=False, as_index=False).agg(
        customers=("_c", "sum"), n=("_o", "sum"), successes=("_r", "sum"))
    order = {m: i for i, m in enumerate(RETENTION_MEASURES)}
    chan = {c: i for i, c in enumerate(ACQUISITION_CHANNELS)}
    sort = [*keys, "_m", "after_days"]
    g = g.assign(_m=g["measure"].map(order))
    if "channel" in keys:
        g = g.assign(_ch=g["channel"].map(chan))
        sort = [("_ch" if k == "channel" else k) for k in keys] + ["_m", "after_days"]
    g = g.sort_values(sort, kind="stable").reset_index(drop=True)
    p = wilson(g["successes"].astype("int64").to_numpy(), g["n"].astype("int64").to_numpy(), level=level)
    g = g.assign(rate=p["rate"].to_numpy(), ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy())
    cols = [*keys, "measure", "after_days", "customers", "n", "successes", "rate", "ci_low", "ci_high"]
    return g[cols].astype({"measure": "string", "after_days": "int64", "customers": "int64", "n": "int64",
                           "successes": "int64",
                           **({"channel": "string"} if "channel" in keys else {})})


def churn_durations(data=None, /, *, customer_assets=None, accounts=None, deals=None, people=None) -> pd.DataFrame:
    """Per acquired customer with a snapshot after the acquisition: days to churn or to the last snapshot.

    Returns
    -------
    pandas.DataFrame
        ``person_id``, ``channel``, ``month``, ``days`` (float: to the first snapshot with AUM 0, or to the last
        snapshot), ``churned`` (int64 1/0).
    """
    func = "churn_durations"
    t = tables(data, func, required=("customer_assets",), optional=("accounts", "deals", "people"),
               customer_assets=customer_assets, accounts=accounts, deals=deals, people=people)
    acq = acquired_customers(None, accounts=t["accounts"], deals=t["deals"], people=t["people"])
    a = assets_frame(t["customer_assets"], func)
    j = acq.merge(a[["person_id", "as_of", "aum"]], on="person_id", how="inner")
    j = j.loc[(j["as_of"] >= j["acquired_at"].dt.normalize()).to_numpy()]
    last = snapshot_dates(a)[-1] if len(a) else pd.NaT
    zero = j.loc[(j["aum"] <= 0).to_numpy()].groupby("person_id")["as_of"].min()
    seen = j.groupby("person_id").size()
    out = acq.loc[acq["person_id"].isin(seen.index).to_numpy()]
    end = prep.lookup(out["person_id"], zero)
    churned = end.notna().to_numpy()
    stop = pd.to_datetime(end).fillna(last)
    days = ((stop - out["acquired_at"]) / DAY).clip(lower=0.0)
    return pd.DataFrame({"person_id": out["person_id"].to_numpy(), "channel": out["channel"].to_numpy(),
                         "month": out["month"].to_numpy(), "days": days.to_numpy(dtype=float),
                         "churned": churned.astype(np.int64)}).astype({"person_id": "string", "channel": "string"})


def time_to_churn(data=None, /, *, customer_assets=None, accounts=None, deals=None, people=None, by="channel",
                  level: float = rules.LEVEL) -> pd.DataFrame:
    """Kaplan–Meier curves of the time from acquisition to an empty account, per channel.

    Returns
    -------
    pandas.DataFrame
        :func:`analysis.stats.kaplan_meier` of :func:`churn_durations` (``days``, ``churned``): the ``by`` key,
        ``time`` (days), ``at_risk``, ``events``, ``survival`` (share still holding assets), ``std_error``,
        ``ci_low``, ``ci_high``; plus ``customers`` (int64, the group's size). As R's
        ``survfit(Surv(days, churned) ~ channel)`` (log-scale interval). A group with no churn has no rows.
    """
    func = "time_to_churn"
    d = churn_durations(data, customer_assets=customer_assets, accounts=accounts, deals=deals, people=people)
    keys = prep.by_columns(by, ["channel", "month"], "acquired customers", func)
    km = kaplan_meier(d, "days", "churned", by=keys or None, level=level)
    size = d.groupby(keys).size().rename("customers").reset_index() if keys else None
    if size is not None and len(km):
        km = km.merge(size, on=keys, how="left")
    else:
        km = km.assign(customers=len(d))
    return km.astype({"customers": "int64"}).reset_index(drop=True)
