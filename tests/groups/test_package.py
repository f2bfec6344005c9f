"""The groups package as a whole: re-exports, docstring examples, one vocabulary on the sample data and the
sample's tier story (labels and formats of every result column: tests/test_vocabulary.py)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.schemas import empty_frame

MODULES = sorted(m.name for m in pkgutil.iter_modules(grp.__path__))
#: The public functions that return a table (the others return sentences or header facts).
FUNCTIONS = [n for n in grp.__all__ if callable(getattr(grp, n)) and n[0].islower()
             and n not in {"data_as_of", "header_facts", "data_notice", "size_sentence", "actions_sentence",
                           "hook_sentence", "verdict", "askers_sentence", "channels_sentence", "mix_sentence",
                           "daily_sentence"}]
#: Results drawn by the answer-first renderers (report.headline_block, report.actions_block), not by show().
RENDERED = {"headline", "actions"}


def close(actual, expected, tol=1e-9):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_the_package_re_exports_every_public_name_of_its_modules():
    for name in MODULES:
        module = importlib.import_module(f"analysis.groups.{name}")
        for public in getattr(module, "__all__", []):
            assert public in grp.__all__ and getattr(grp, public) is getattr(module, public), (name, public)
    assert not hasattr(grp, "ZH")  # the labels live in analysis/report/vocab/groups.py
    assert not hasattr(grp, "plot_size_activity")  # moved to analysis.plots.size_activity


def test_modules_stay_small():
    from pathlib import Path

    for path in Path(grp.__file__).parent.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 900, path.name


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(f"analysis.groups.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


RATE_TRIPLES = [("rate", "ci_low", "ci_high"), ("active_share", "ci_low", "ci_high"),
                ("step_rate", "step_ci_low", "step_ci_high"), ("overall_rate", "overall_ci_low", "overall_ci_high"),
                ("estimate", "ci_low", "ci_high"), ("median_days", "median_ci_low", "median_ci_high"),
                ("expected_deals", "expected_ci_low", "expected_ci_high"),
                ("posted_share", "posted_ci_low", "posted_ci_high"),
                ("conversion", "conversion_ci_low", "conversion_ci_high"), ("value", "ci_low", "ci_high"),
                ("vs_quick", "vs_quick_ci_low", "vs_quick_ci_high")]
FORBIDDEN = {"pval", "p_val", "pvalue", "lower", "upper", "ci_lower", "ci_upper", "conf_low", "conf_high", "count",
             "n_obs"}


def test_every_public_function_runs_on_the_sample_with_one_vocabulary(sample_results):
    assert set(sample_results) - {"group_health_daily"} >= set(FUNCTIONS)
    for name, df in sample_results.items():
        assert isinstance(df, pd.DataFrame), name
        assert isinstance(df.index, pd.RangeIndex), name
        assert not FORBIDDEN & set(df.columns), name
        for rate, lo, hi in RATE_TRIPLES:
            if rate in df.columns:
                assert lo in df.columns and hi in df.columns, (name, rate)
                ok = df[[lo, rate, hi]].dropna().astype(float)
                assert (ok[lo] <= ok[rate] + 1e-9).all() and (ok[rate] <= ok[hi] + 1e-9).all(), (name, rate)
        for col in ("people", "members", "messages", "member_days", "joins", "leaves", "active_members", "n",
                    "entries", "joined", "claimed", "n_rows", "askers", "past_day", "quick", "pulled_any", "never",
                    "converted", "at_risk", "pulled_now", "week_joins", "posted", "month_joins", "known", "unknown",
                    "non_customers", "groups", "rank"):
            if col in df.columns:
                assert df[col].dtype == "int64", (name, col)


def test_sample_tells_the_tier_story(sample_results):
    f = sample_results["tier_funnel"]
    # people only narrow down the funnel
    for _, block in f.groupby("owner_staff_id", dropna=False):
        assert block["people"].is_monotonic_decreasing
    hook = sample_results["hook_costs"].iloc[0]
    assert hook["campaign_id"] == "B01-H01"
    close([hook["effective_cost"], hook["cost_ratio"]], [0.75, 0.15])
    # mass groups are far larger than elite groups
    st = sample_results["group_status"]
    assert st.loc[st["tier"] == "mass", "ever_members"].min() > 5 * st.loc[st["tier"] == "elite",
                                                                             "ever_members"].max()


def test_every_function_copes_with_empty_group_tables():
    e = {n: empty_frame(n) for n in ("wechat_groups", "group_members", "group_messages", "deals", "hook_campaigns")}
    health = grp.group_health(e)
    assert health.empty
    assert grp.group_status(e).empty
    assert grp.lifecycle_actions(e).empty
    assert grp.portfolio(e).empty
    assert grp.step_times(e)["n"].tolist() == [0, 0, 0]
    assert grp.tier_entries(e)["people"].tolist() == [0, 0, 0]
    size = grp.size_activity(health)
    assert size["note"].eq("not_estimable").all()
    assert grp.size_answer(size).loc[0, "verdict"] == "not_estimable"
    cal = grp.calendar_data(e)
    assert cal.empty and grp.calendar_rates(cal).empty
    cc = grp.content_calendar(cal)
    assert cc["estimate"].isna().all()
    assert grp.overdispersion(cal)["dispersion"].isna().all()
    assert grp.data_checks(e).empty
    assert grp.data_as_of(e) is None
    asked = grp.askers(e)
    assert asked.empty and grp.asker_summary(asked)["askers"].tolist() == [0]
    assert grp.pull_curve(asked).empty and grp.asker_conversion(asked)["askers"].tolist() == [0, 0, 0]
    assert grp.channel_summary(e).empty and grp.customer_mix({**e, "people": empty_frame("people")}).empty
    assert grp.actions(e).empty
    head = grp.headline(e)
    assert head["measure"].tolist() == list(grp.MEASURES) and head["value"].isna().all()


def test_every_result_shows_in_english_without_chinese(sample_results):
    from analysis import report

    for name, df in sample_results.items():
        if name in RENDERED:
            continue
        html = report.show(df.head(30), "en").to_html()
        data_words = {str(v) for c in df.columns for v in df[c].dropna().astype(str).unique()}
        for chunk in __import__("re").findall(r"[\u4e00-\u9fff]+", html):
            assert any(chunk in w for w in data_words), (name, chunk)


def test_answer_first_on_the_sample_renders_in_both_languages(sample_results):
    """The headline's measures have labels, and the blocks render without a Python name or Chinese in English."""
    import re

    from analysis import report

    head, todo = sample_results["headline"], sample_results["actions"]
    assert head["measure"].tolist() == list(grp.MEASURES) and head["value"].notna().all()
    assert 1 <= len(todo) <= 10 and todo["rank"].tolist() == list(range(1, len(todo) + 1))
    for language in ("zh", "en"):
        html = str(report.headline_block(head, language)) + str(report.actions_block(todo, language))
        assert "groups_" not in html and "nan" not in html.lower()
    english = str(report.headline_block(head, "en"))
    assert not re.findall(r"[\u4e00-\u9fff]", english)


def test_sample_tells_the_askers_and_channels_story(sample_results):
    """Askers pulled within minutes and askers left for days; join channels recorded for mass members."""
    a = sample_results["askers"]
    assert (a["hours_to_pull"] < 1).sum() >= 10 and (a["hours_to_pull"] > 48).sum() >= 10
    assert (a["speed"] == "never").sum() > 0 and (~a["day_level"]).sum() >= 10
    ch = sample_results["channel_summary"]
    mass = ch[ch["tier"] == "mass"]
    assert {"event_qr", "owners_group", "member_referral", "outbound_call"} <= set(mass["join_channel"])
    assert set(ch.loc[ch["tier"] == "elite", "join_channel"]) == {"from_group"}
    mix = sample_results["customer_mix"]
    assert mix["rate"].between(0.5, 0.9).all()  # the groups reach mostly non-customers, as the sample draws them
