"""Process against result (过程管理与结果管理): contacts against the frequency standard, and whether contact goes with uplift.

The branch head manages the process — each tier has a contact frequency standard
(:data:`analysis.rules.CONTACT_EVERY_DAYS`: a high-value customer at least every 15 days …) — as well as the result (upgrades, net new money).
:func:`contact_frequency` measures the process per manager and tier; :func:`contact_uplift_model` asks whether the
customers contacted more often moved up a tier more often, with a logistic model that holds the starting tier
fixed. It is **observational**: managers call the customers they expect to grow, and customers who are growing
come to the branch — the model shows an association, not by itself that calling causes the upgrade.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.stats import logit
from analysis.uplift._tables import (DAY, VALUE_TIERS, assets_frame, assignments_frame, contacts_frame, customers_of,
                                     managers_at, review_snapshots, tables, tier_of, wilson)
from analysis.uplift.managers import book_movement
from analysis.uplift.triggers import check_every_days

__all__ = ["contact_frequency", "contact_uplift_data", "contact_uplift_model"]


def contact_frequency(data=None, /, *, customer_assets=None, assignments=None, contacts=None, staff=None,
                      period_start=None, period_end=None, every_days=rules.CONTACT_EVERY_DAYS, by="staff_id",
                      thresholds=rules.TIER_THRESHOLDS, level: float = rules.LEVEL) -> pd.DataFrame:
    """Contacts per customer and tier (per manager) against the frequency standard, over the review.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying the tables.
    customer_assets, contacts : pandas.DataFrame
        Snapshots and contacts; keyword-only.
    assignments, staff : pandas.DataFrame, optional
        The manager of each customer at the end snapshot (needed with ``by="staff_id"``).
    period_start, period_end : str, optional
        The review (:func:`analysis.uplift.review_snapshots`).
    every_days : dict, default :data:`analysis.rules.CONTACT_EVERY_DAYS`
        At least one contact every this many days, per tier.
    by : {"staff_id", None}, default "staff_id"
    thresholds : dict, default :data:`analysis.rules.TIER_THRESHOLDS`
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per (manager and) tier with customers, tiers high → low: [``staff_id``], ``value_tier`` (at the end
        snapshot), ``customers`` (int64), ``contacts`` (int64: touches in the review, by any staff member),
        ``contacts_per_customer`` (float), ``expected_contacts`` (float: customers × review days ÷ the tier's
        standard), ``within_standard`` (int64: customers whose last contact — or, never contacted, their first
        snapshot — is at most the tier's standard old at the end of the review), ``rate``, ``ci_low``, ``ci_high``
        (``within_standard / customers``, Wilson),
        ``days`` (float, the review's length).

    Examples
    --------
    >>> a = pd.DataFrame({"person_id": ["A", "A", "B", "B"],
    ...                   "as_of": pd.to_datetime(["2026-09-30", "2026-10-31"] * 2),
    ...                   "aum": [600e3, 600e3, 600e3, 600e3]})
    >>> c = pd.DataFrame({"person_id": ["A", "A", "B"], "staff_id": ["S1"] * 3,
    ...                   "contacted_at": pd.to_datetime(["2026-10-05", "2026-10-25", "2026-10-02"])})
    >>> f = contact_frequency(customer_assets=a, contacts=c, by=None)
    >>> f[["value_tier", "customers", "contacts", "within_standard"]].values.tolist()
    [['high', 2, 3, 1]]
    """
    func = "contact_frequency"
    t = tables(data, func, required=("customer_assets", "contacts"), optional=("assignments", "staff"),
               customer_assets=customer_assets, assignments=assignments, contacts=contacts, staff=staff)
    prep.check_level(level, func)
    every = check_every_days(every_days, func)
    keys = prep.by_columns(by, ["staff_id"], "customer_assets", func)
    a = assets_frame(t["customer_assets"], func)
    r = review_snapshots(a, period_start, period_end)
    cols = keys + ["value_tier", "customers", "contacts", "contacts_per_customer", "expected_contacts",
                   "within_standard", "rate", "ci_low", "ci_high", "days"]
    if r["start"] is None:
        return pd.DataFrame({c: pd.Series([], dtype="string" if c in ("staff_id", "value_tier") else "float64")
                             for c in cols})
    end_cut = r["end"] + DAY
    c = contacts_frame(t["contacts"], t["staff"], func, as_of=end_cut - pd.Timedelta(1, "ns"))
    cur = customers_of(a, r["end"]).assign(value_tier=lambda d: tier_of(d["aum"], thresholds))
    inside = c.loc[(c["contacted_at"] >= r["start"] + DAY).to_numpy()]
    n_c = inside.groupby("person_id").size()
    last = c.groupby("person_id")["contacted_at"].max()
    days = float((r["end"] - r["start"]) / DAY)
    cur = cur.assign(contacts=prep.lookup(cur["person_id"], n_c.astype(float)).fillna(0).astype("int64").to_numpy(),
                     last=prep.lookup(cur["person_id"], last).to_numpy())
    since = a.groupby("person_id")["as_of"].min()  # never contacted: counted from the first snapshot (as triggers do)
    ref = pd.to_datetime(cur["last"]).fillna(prep.lookup(cur["person_id"], since))
    age = (end_cut - ref) / DAY
    limit = cur["value_tier"].map(every).astype(float)
    cur = cur.assign(within=(age <= limit).fillna(False).astype("int64"), expected=days / limit)
    if keys:
        if t["assignments"] is None:
            raise ParameterError(f"{func}: by='staff_id' needs the assignments table.")
        mgr = managers_at(assignments_frame(t["assignments"], t["staff"], func), r["end"])
        cur = cur.merge(mgr[["person_id", "staff_id"]], on="person_id", how="left")
        cur["staff_id"] = cur["staff_id"].fillna("")
    else:
        cur["staff_id"] = ""
    g = cur.groupby(["staff_id", "value_tier"], as_index=False).agg(
        customers=("person_id", "size"), contacts=("contacts", "sum"), expected_contacts=("expected", "sum"),
        within_standard=("within", "sum"))
    order = {tier: i for i, tier in enumerate(VALUE_TIERS)}
    g = g.assign(_none=g["staff_id"] == "", _t=g["value_tier"].map(order)).sort_values(
        ["_none", "staff_id", "_t"], kind="stable").reset_index(drop=True)
    p = wilson(g["within_standard"].astype("int64").to_numpy(), g["customers"].astype("int64").to_numpy(),
                   level=level)
    g = g.assign(contacts_per_customer=(g["contacts"] / g["customers"]).astype(float), rate=p["rate"].to_numpy(),
                 ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy(), days=days)
    g["staff_id"] = g["staff_id"].astype("string").mask(g["staff_id"] == "")
    return g[cols].astype({"value_tier": "string", "customers": "int64", "contacts": "int64",
                           "within_standard": "int64"}).reset_index(drop=True)


def contact_uplift_data(data=None, /, *, customer_assets=None, contacts=None, assignments=None, staff=None,
                        period_start=None, period_end=None, thresholds=rules.TIER_THRESHOLDS) -> pd.DataFrame:
    """One row per customer who could move up in the review — the data of :func:`contact_uplift_model`.

    Columns ``person_id``, ``from_tier``, ``contacts`` (int64, in the review), ``contacts_per_month`` (float),
    ``upgraded`` (int64 0/1), ``staff_id``.
    """
    func = "contact_uplift_data"
    t = tables(data, func, required=("customer_assets", "contacts"), optional=("assignments", "staff"),
               customer_assets=customer_assets, contacts=contacts, assignments=assignments, staff=staff)
    m, start, end = book_movement(None, customer_assets=t["customer_assets"], assignments=t["assignments"],
                                  staff=t["staff"], period_start=period_start, period_end=period_end,
                                  thresholds=thresholds, func=func)
    cols = ["person_id", "from_tier", "contacts", "contacts_per_month", "upgraded", "staff_id"]
    if start is None:
        return pd.DataFrame({"person_id": pd.Series([], dtype="string"), "from_tier": pd.Series([], dtype="string"),
                             "contacts": pd.Series([], dtype="int64"), "contacts_per_month": pd.Series([], dtype=float),
                             "upgraded": pd.Series([], dtype="int64"), "staff_id": pd.Series([], dtype="string")})
    c = contacts_frame(t["contacts"], t["staff"], func, as_of=end + DAY - pd.Timedelta(1, "ns"))
    c = c.loc[(c["contacted_at"] >= start + DAY).to_numpy()]
    n_c = c.groupby("person_id").size()
    e = m.loc[m["movable"].to_numpy()]
    months = float((end - start) / DAY) / (365.25 / 12)
    k = prep.lookup(e["person_id"], n_c.astype(float)).fillna(0).astype("int64").to_numpy()
    return pd.DataFrame({"person_id": e["person_id"].astype("string").to_numpy(),
                         "from_tier": e["from_tier"].astype("string").to_numpy(), "contacts": k,
                         "contacts_per_month": k / months, "upgraded": e["upgraded"].astype("int64").to_numpy(),
                         "staff_id": e["staff_id"].astype("string").to_numpy()})[cols]


def contact_uplift_model(data=None, /, *, customer_assets=None, contacts=None, assignments=None, staff=None,
                         period_start=None, period_end=None, thresholds=rules.TIER_THRESHOLDS,
                         level: float = rules.LEVEL, min_events: int = 5) -> pd.DataFrame:
    """Does contact go with uplift? Logistic model of an upgrade on contacts per month, holding the starting tier fixed.

    Parameters
    ----------
    data, customer_assets, contacts, assignments, staff, period_start, period_end, thresholds
        As for :func:`contact_uplift_data`.
    level : float, default 0.95
    min_events : int, default 5
        Fewer upgrades (or fewer customers not upgraded) than this: no model (a row with ``fitted`` False).

    Returns
    -------
    pandas.DataFrame
        One row for the contacts term: ``term`` (``contacts_per_month``), ``odds_ratio`` (per extra contact a month),
        ``ci_low``, ``ci_high`` (Wald, on the odds-ratio scale), ``p_value``, ``movable`` (int64, customers in
        the model), ``upgraded`` (int64, upgrades among them), ``fitted`` (bool). The model is
        ``upgraded ~ contacts_per_month + C(from_tier)`` (R: ``glm(upgraded ~ contacts_per_month + factor(from_tier), family = binomial)``); starting
        tiers with no upgrade at all are left out (they carry no information and would separate the model).
        Observational: see the module notes.
    """
    func = "contact_uplift_model"
    prep.check_level(level, func)
    k = prep.check_count(min_events, "min_events", func)
    d = contact_uplift_data(data, customer_assets=customer_assets, contacts=contacts, assignments=assignments,
                            staff=staff, period_start=period_start, period_end=period_end, thresholds=thresholds)
    informative = d.groupby("from_tier")["upgraded"].transform("max").astype(bool).to_numpy() if len(d) else []
    d = d.loc[informative] if len(d) else d
    events = int(d["upgraded"].sum())
    row = {"term": "contacts_per_month", "odds_ratio": np.nan, "ci_low": np.nan, "ci_high": np.nan,
           "p_value": np.nan, "movable": len(d), "upgraded": events, "fitted": False}
    if events >= max(k, 1) and len(d) - events >= max(k, 1) and d["contacts_per_month"].nunique() > 1:
        formula = "upgraded ~ contacts_per_month" + (" + C(from_tier)" if d["from_tier"].nunique() > 1 else "")
        try:
            fit = logit(d.assign(from_tier=d["from_tier"].astype(str)), formula, level=level)
        except ParameterError:
            fit = None
        if fit is not None:
            f = fit.loc[fit["term"] == "contacts_per_month"].iloc[0]
            row.update(odds_ratio=float(f["odds_ratio"]), ci_low=float(f["ci_low"]), ci_high=float(f["ci_high"]),
                       p_value=float(f["p_value"]), fitted=True)
    return pd.DataFrame([row]).astype({"term": "string", "movable": "int64", "upgraded": "int64", "fitted": "bool"})
