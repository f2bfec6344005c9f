"""The answer first: headline, verdict and actions of the reach report on the literal fixture."""

import numpy as np
import pytest

from analysis import reach, report


def test_headline_hand_counts(tiny):
    h = reach.headline(tiny, period_start="2026-09-01", period_end="2026-09-30").set_index("measure")
    assert h.index.tolist() == list(reach.HEADLINE_MEASURES)
    # reach: (4 + 3) residents of 14 households; R 4.2.2: prop.test(7, 14, correct = FALSE)$conf.int
    assert h.loc["branch_reach", "value"] == pytest.approx(0.5)
    np.testing.assert_allclose(h.loc["branch_reach", ["ci_low", "ci_high"]].astype(float),
                               [0.267992024524136, 0.732007975475864], rtol=1e-9)
    assert h.loc["branch_reach", "flag"] == "ok"
    assert h.loc["best_opening", "value"] == pytest.approx(0.5) and h.loc["best_opening", "flag"] == "below"  # C2 2/4
    assert h.loc["new_customers", "value"] == 3  # P2, P5, P7
    assert h.loc["conversion_rate", "value"] == pytest.approx(0.5)  # 3 of the 6 new faces met in September
    # cost: E1 1,000 + K1's 1,500 (all its days in September) over 3 new customers
    assert h.loc["cost_per_new_customer", "value"] == pytest.approx(2500 / 3)


def test_campaign_spend_is_spread_over_its_days(tiny):
    h = reach.headline(tiny, period_start="2026-09-01", period_end="2026-09-14").set_index("measure")
    # 14 of K1's 28 days: 750 yuan; E1 1,000; new customers P2 (09-07), P7 (09-08)
    assert h.loc["cost_per_new_customer", "value"] == pytest.approx(1750 / 2)


def test_headline_renders_and_the_verdict_reads(tiny):
    h = reach.headline(tiny, period_start="2026-09-01", period_end="2026-09-30")
    assert 'data-headline="1"' in str(report.headline_block(h, "en"))
    text = reach.verdict(h, "en", channel=reach.best_channel(tiny, period_start="2026-09-01", period_end="2026-09-30"))
    assert text.startswith("All communities together are 50.0% touched, past grid marketing's 35.0% peak")
    assert "3 new customers this period" in text
    assert "社区" not in text


def test_actions_name_owner_due_and_reason(tiny):
    a = reach.actions(tiny, period_end="2026-09-30", language="en")
    assert a["kind"].tolist() == ["quota", "headroom", "headroom", "partner"]
    assert a["due"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2026-10-07"]
    assert a.loc[a["kind"] == "partner", "action"].item().startswith("Follow up partner 水果店 (Negotiating)")
    assert a.loc[a["kind"] == "headroom", "owner"].tolist() == ["S2 (Account manager)"] * 2
    assert "Follow up partner 水果店" in str(report.actions_block(a, "en"))


def test_without_an_accounts_table_the_report_says_so(tiny):
    bare = {k: v for k, v in tiny.items() if k != "accounts"}
    h = reach.headline(bare, period_start="2026-09-01", period_end="2026-09-30")
    assert h["measure"].tolist() == list(reach.HEADLINE_MEASURES)
    assert h.set_index("measure")[["value"]].iloc[1:].isna().all().item()
    # hand count: without the openings P7 and P8 are not touched: (3 + 2) residents of 14 households
    assert reach.verdict(h, "en") == ("All communities together are 35.7% touched (grid-marketing peak 35.0%); the "
                                      "branch has no account records (the accounts table), so new customers cannot "
                                      "be counted")


def test_previous_period_values(tiny):
    h = reach.headline(tiny, previous=tiny, period_start="2026-09-08", period_end="2026-09-14").set_index("measure")
    # previous period 09-01 … 09-07: new customer P2 (09-07); current: P7 (09-08)
    assert h.loc["new_customers", "previous"] == 1 and h.loc["new_customers", "value"] == 1
    # at 09-07 the best opening was C1's 1 of 10 (P2) against C2's 1 of 4 (P8): 25%
    assert h.loc["best_opening", "previous"] == 0.25
