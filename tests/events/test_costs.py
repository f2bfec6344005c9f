"""Tests of analysis.events.costs: sales to attendees within 72 hours, cost per attendee, stranger, lead, new customer.

"# R:" constants: ``Rscript tests/events/events_reference.R`` (R 4.2.2); "# hand:" counts from the
literal tables of ``conftest.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import events as E
from analysis import rules

TOL = 1e-9  # R printed with 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_salon_sales_within_72_hours(salon):
    s = E.sales_after_event(salon).set_index("customer")
    # hand: customers C1, C2, C4, C6 → 4.1 million; strangers G3, G5 → 2.0 million
    assert s.loc["existing", ["attendees", "buyers", "deals"]].tolist() == [7, 4, 4]
    assert s.loc["stranger", ["attendees", "buyers", "deals"]].tolist() == [31, 2, 2]
    assert s["amount"].sum() == 6_100_000.0 > 6_000_000
    # R: prop.test(4, 7, correct = FALSE)$conf.int ; prop.test(2, 31, ...)$conf.int
    close(s.loc["existing", ["ci_low", "ci_high"]], [0.250458364527657, 0.841780144748530])
    close(s.loc["stranger", ["ci_low", "ci_high"]], [0.0178747835219146, 0.2071863673629812])


def test_the_sales_window_is_the_rule_and_a_parameter(salon):
    assert rules.SALES_WINDOW_HOURS == 72
    # hand: C6's deal closes 2026-07-21 15:00, 71.5 h after the end; within 24 h (to 2026-07-19 15:30)
    # only C1 (2.0 million, 11:27) and G3 (1.5 million, 14:40) count
    assert E.sales_after_event(salon, window_hours=24)["amount"].sum() == 3_500_000.0


def test_deal_times_as_text_or_aware_follow_the_timezone_rule(salon):
    deals = salon["deals"]
    text = deals.assign(closed_at=deals["closed_at"].dt.strftime("%Y-%m-%d %H:%M"))
    aware = deals.assign(closed_at=deals["closed_at"].dt.tz_localize("Asia/Shanghai").dt.tz_convert("UTC"))
    base = E.sales_after_event(salon)
    pd.testing.assert_frame_equal(E.sales_after_event(salon, deals=text), base)
    pd.testing.assert_frame_equal(E.sales_after_event(salon, deals=aware), base)


def test_salon_costs(salon):
    c = E.event_costs(salon).iloc[0]
    assert (c["attendees"], c["strangers"], c["leads"], c["new_customers"]) == (38, 31, 12, 2)
    close(c[["cost_per_attendee", "cost_per_stranger", "cost_per_lead", "cost_per_new_customer"]],
          [6800 / 38, 6800 / 31, 6800 / 12, 6800 / 2])


def test_costs_without_leads_and_deals(salon):
    c = E.event_costs(events=salon["events"], attendance=salon["attendance"]).iloc[0]
    assert (c["leads"], c["new_customers"]) == (0, 0)
    assert np.isnan(c["cost_per_lead"]) and np.isnan(c["cost_per_new_customer"])


def test_sales_split_tests_the_existing_customers_share(salon):
    import itertools
    from math import comb

    r = E.sales_split(salon).iloc[0]
    # hand: existing customers C1 C2 C4 C6 bought (4 of 7, 4.1 million); strangers G3 G5 (2 of 31, 2.0 million)
    assert (r["existing_attendees"], r["existing_buyers"], r["stranger_attendees"], r["stranger_buyers"]) == (7, 4, 31, 2)
    assert (r["existing_amount"], r["stranger_amount"]) == (4_100_000.0, 2_000_000.0)
    assert r["method"] == "fisher"
    # R: fisher.test(matrix(c(4, 3, 2, 29), 2, byrow = TRUE))$p.value
    close(r["p_value"], 0.00613363152062842)
    close([r["existing_share"], r["headcount_share"]], [4.1 / 6.1, 7 / 38])
    # hand: a random 7 of the 38 attendees; only which of the 6 buyers they include changes their share
    amounts = [2_000_000.0, 1_500_000.0, 1_000_000.0, 800_000.0, 500_000.0, 300_000.0]
    p = sum(comb(32, 7 - k) / comb(38, 7) for k in range(7) for pick in itertools.combinations(amounts, k)
            if sum(pick) / 6_100_000.0 >= 4.1 / 6.1 - 1e-12)
    close(r["amount_p"], p)
    assert r["amount_p"] < 0.05


def test_sales_split_pooled_and_without_sales(salon, edge):
    assert E.sales_split(salon, pooled=True)["event_id"].tolist() == ["all"]
    r = E.sales_split(edge).set_index("event_id")  # the edge event's attendees bought nothing
    assert r.loc["E1", "existing_buyers"] == 0 and np.isnan(r.loc["E1", "amount_p"])
