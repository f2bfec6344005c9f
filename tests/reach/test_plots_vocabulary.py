"""Reach charts (asserted on the Axes) and the vocabulary: every column of every public result has a label."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import plots, reach
from analysis.report import LABELS
from analysis.report.labels import label


def test_reach_over_months_draws_one_line_per_community_and_both_benchmarks(tiny):
    ax = plots.plot_reach_over_months(reach.penetration_by_month(tiny), language="en")
    gids = [l.get_gid() for l in ax.get_lines()]
    assert {"reach:C1", "reach:C2", "grid", "smart"} <= set(gids)
    assert ax.get_title(loc="left") == "Cumulative reach by month"
    plt.close(ax.figure)


def test_weekly_quota_bars_are_the_accounts(tiny):
    ax = plots.plot_weekly_quota(reach.weekly_quota(tiny), language="en")
    assert [b.get_height() for b in ax.containers[0]] == [1.0, 1.0, 0.0]
    assert any(l.get_gid() == "quota" for l in ax.get_lines())
    plt.close(ax.figure)


def test_empty_charts_say_so_in_english():
    ax = plots.plot_weekly_quota(reach.weekly_quota(campaigns=pd.DataFrame(
        {"campaign_id": [], "starts_at": [], "ends_at": []})), language="en")
    assert [t.get_text() for t in ax.texts] == ["No data for this branch"]
    plt.close(ax.figure)


@pytest.mark.parametrize("name,call", [
    ("penetration", lambda t: reach.penetration(t)), ("by_month", lambda t: reach.penetration_by_month(t)),
    ("by_source", lambda t: reach.penetration_by_source(t)), ("headroom", lambda t: reach.headroom(reach.penetration(t))),
    ("new_customers", lambda t: reach.new_customers(t)), ("conversion", lambda t: reach.conversion(t)),
    ("days", lambda t: reach.days_to_open(t, by="first_source")),
    ("cost_event", lambda t: reach.cost_per_new_customer(t)),
    ("cost_campaign", lambda t: reach.cost_per_new_customer(t, by="campaign")),
    ("journey", lambda t: reach.journey(t)), ("referrers", lambda t: reach.referrers(t)),
    ("referral_test", lambda t: reach.referred_vs_walk_in(t)), ("partners", lambda t: reach.partner_scorecard(t)),
    ("kinds", lambda t: reach.partner_kinds(reach.partner_scorecard(t))),
    ("campaigns", lambda t: reach.campaign_review(t)), ("quota", lambda t: reach.weekly_quota(t)),
    ("placements", lambda t: reach.placement_first_contacts(t)),
    ("placement_kinds", lambda t: reach.placement_first_contacts(t, by="kind")),
    ("actions", lambda t: reach.actions(t, language="en")),
])
def test_every_result_column_has_a_label_and_a_plain_index(tiny, name, call):
    out = call(tiny)
    assert isinstance(out.index, pd.RangeIndex)
    unlabelled = [c for c in out.columns if c not in LABELS and c not in ("method",)]
    assert not unlabelled, f"{name}: {unlabelled}"
    rates = [c for c in ("rate", "ci_low", "ci_high") if c in out.columns]
    assert rates in ([], ["rate", "ci_low", "ci_high"]) or name == "referral_test"


def test_headline_measures_have_labels_in_both_languages():
    for m in reach.HEADLINE_MEASURES:
        assert label(f"measure={m}", "zh") != label(f"measure={m}", "en")


def test_a_branch_without_the_reach_tables_gets_empty_results_not_errors(tiny):
    from analysis.schemas import empty_frame

    bare = dict(tiny, **{n: empty_frame(n) for n in ("accounts", "partners", "campaigns", "referrals", "placements")})
    assert reach.new_customers(bare).empty and reach.weekly_quota(bare).empty
    assert reach.partner_scorecard(bare).empty and reach.campaign_review(bare).empty
    assert reach.placement_first_contacts(bare).empty
    assert reach.penetration(bare)["opened"].tolist() == [0, 0]
    h = reach.headline(bare).set_index("measure")
    assert pd.isna(h.loc["new_customers", "value"]) and h.loc["branch_reach", "value"] > 0
    assert "no account records" in reach.verdict(h.reset_index(), "en")
