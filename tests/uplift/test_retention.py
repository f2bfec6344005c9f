"""Retention of acquired customers: cohorts by hand count, the time to churn against R survival::survfit."""

import numpy as np
import pandas as pd
import pytest

from analysis import uplift

from .conftest import snapshots

DATES = tuple(pd.Timestamp(d) for d in ("2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"))
K = 10e3
# acquisition (all at midnight) and AUM at each month-end (None: not a customer yet)
COHORT = {
    "A": ("event", "2026-07-01", (K, 0, 0, 0)),  # empty at day 61
    "B": ("event", "2026-07-01", (K, K, K, K)),  # holding to day 122
    "C": ("event", "2026-07-01", (0, 0, 0, 0)),  # empty at day 30
    "D": ("event", "2026-07-01", (K, K, 0, 0)),  # empty at day 91
    "E": ("event", "2026-08-01", (None, K, K, 0)),  # empty at day 91
    "F": ("event", "2026-08-01", (None, K, K, K)),  # holding to day 91
    "G": ("campaign", "2026-07-01", (K, K, K, 0)),  # empty at day 122
    "H": ("campaign", "2026-07-01", (K, K, K, K)),  # holding to day 122
    "I": ("smart_community", "2026-08-01", (None, 0, 0, 0)),  # a campaign; empty at day 30
    "J": ("campaign", "2026-09-01", (None, None, K, K)),  # holding to day 60
    "K": ("counter", "2026-07-01", (K, K, K, K)),  # opened at the counter: not acquired through marketing
    "L": ("event", "2026-07-01", (K, K, K, K)),  # already a customer at first contact: not acquired
}


@pytest.fixture
def data():
    accounts = pd.DataFrame({"person_id": list(COHORT), "channel": [v[0] for v in COHORT.values()],
                             "opened_at": pd.to_datetime([v[1] for v in COHORT.values()])})
    people = pd.DataFrame({"person_id": list(COHORT), "is_bank_customer": [p == "L" for p in COHORT]})
    deals = pd.DataFrame({"person_id": ["A", "B"], "closed_at": pd.to_datetime(["2026-07-15", "2026-08-20"])})
    assets = snapshots({p: v[2] for p, v in COHORT.items()}, dates=DATES)
    return {"accounts": accounts, "people": people, "deals": deals, "customer_assets": assets}


def test_acquired_customers_exclude_the_counter_and_existing_customers(data):
    a = uplift.acquired_customers(data)
    assert a["person_id"].tolist() == list("ABCDGHEFIJ")  # by acquisition time, then id
    assert a.set_index("person_id").loc["I", "channel"] == "campaign"
    assert a.set_index("person_id").loc["E", "month"] == pd.Timestamp("2026-08-01")


def test_acquired_customers_from_deals_without_accounts():
    deals = pd.DataFrame({"person_id": ["A", "B", "C", "A"], "event_id": ["E1", None, None, None],
                          "group_id": [None, "G1", None, None],
                          "closed_at": pd.to_datetime(["2026-07-02", "2026-07-03", "2026-07-04", "2026-08-01"])})
    a = uplift.acquired_customers(deals=deals)
    assert a[["person_id", "channel"]].values.tolist() == [["A", "event"], ["B", "group"]]  # C: a counter sale


def test_retention_cohorts_hand_count(data):
    r = uplift.retention_cohorts(data, by=("channel",), days=(30, 90, 180)).set_index(["channel", "measure",
                                                                                         "after_days"])
    # holding at 30 days (the first month-end on or after day 30): event A B D E F of 6; campaign G H J of 4
    assert r.loc[("event", "holding", 30), ["customers", "n", "successes"]].tolist() == [6, 6, 5]
    assert r.loc[("campaign", "holding", 30), ["customers", "n", "successes"]].tolist() == [4, 4, 3]
    # at 90 days: event B F of 6; campaign G H of 3 (J's day 90 is after the last snapshot: not observable yet)
    assert r.loc[("event", "holding", 90), ["n", "successes"]].tolist() == [6, 2]
    assert r.loc[("campaign", "holding", 90), ["n", "successes"]].tolist() == [3, 2]
    # at 180 days nobody is observable: no rate, never counted as lost
    assert r.loc[("event", "holding", 180), "n"] == 0 and np.isnan(r.loc[("event", "holding", 180), "rate"])
    # second deal: A on day 14, B on day 50
    assert r.loc[("event", "second_deal", 30), ["n", "successes"]].tolist() == [6, 1]
    assert r.loc[("event", "second_deal", 90), ["n", "successes"]].tolist() == [6, 2]
    assert r.loc[("campaign", "second_deal", 90), ["n", "successes"]].tolist() == [3, 0]
    assert r.loc[("event", "holding", 30), "rate"] == pytest.approx(5 / 6)


def test_retention_cohorts_by_month(data):
    r = uplift.retention_cohorts(data, days=(30,))
    july = r.loc[(r["month"] == pd.Timestamp("2026-07-01")) & (r["channel"] == "event") & (r["measure"] == "holding")]
    assert july[["customers", "n", "successes"]].values.tolist() == [[4, 4, 3]]  # A B C D; C empty


def test_churn_durations_by_hand(data):
    d = uplift.churn_durations(data).set_index("person_id")
    assert d.loc[list("ABCDEF"), "days"].tolist() == [61, 122, 30, 91, 91, 91]
    assert d.loc[list("ABCDEF"), "churned"].tolist() == [1, 0, 1, 1, 1, 0]
    assert d.loc[list("GHIJ"), "days"].tolist() == [122, 122, 30, 60]


def test_time_to_churn_matches_r_survfit(data):
    km = uplift.time_to_churn(data)
    ev = km.loc[km["channel"] == "event"]
    # R 4.2.2, survival 3.4: summary(survfit(Surv(c(61, 122, 30, 91, 91, 91), c(1, 0, 1, 1, 1, 0)) ~ 1))
    assert ev["time"].tolist() == [30, 61, 91]
    assert ev["at_risk"].tolist() == [6, 5, 4] and ev["events"].tolist() == [1, 1, 2]
    assert ev["survival"].tolist() == pytest.approx([0.8333333333, 0.6666666667, 0.3333333333], abs=1e-9)
    assert ev["std_error"].tolist() == pytest.approx([0.1521451549, 0.1924500897, 0.1924500897], abs=1e-9)
    assert ev["ci_low"].tolist() == pytest.approx([0.5826547955, 0.3786064609, 0.1075071392], abs=1e-9)
    assert ev["ci_high"].tolist() == pytest.approx([1.0, 1.0, 1.0])
    ca = km.loc[km["channel"] == "campaign"]
    # survfit(Surv(c(122, 122, 30, 60), c(1, 0, 1, 0)) ~ 1)
    assert ca["time"].tolist() == [30, 122] and ca["survival"].tolist() == pytest.approx([0.75, 0.375])
    assert ca["ci_low"].tolist() == pytest.approx([0.4259322685, 0.0839296381], abs=1e-9)
    assert ca["customers"].tolist() == [4, 4]


def test_no_acquired_customers_gives_empty_results():
    assets = snapshots({"A": (K, K)})
    assert uplift.acquired_customers().empty
    r = uplift.retention_cohorts(customer_assets=assets, by=())
    assert r.empty or (r["customers"] == 0).all()
    assert "no customers won" in uplift.retention_text(r, "en")
    assert uplift.time_to_churn(customer_assets=assets).empty
