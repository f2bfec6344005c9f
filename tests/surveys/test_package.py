"""Every public function of analysis.surveys on the sample data: tidy results in the shared vocabulary (column
names, dtypes, intervals), the answer-first results' shape. Labels and formats of every column and coded value,
and English without Chinese: tests/test_vocabulary.py (all domains at once)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import report, surveys
from analysis.io import Dataset
from analysis.scope import for_branch

VOCAB = {
    "question_id", "question", "option", "label", "respondents", "answered", "rate", "ci_low", "ci_high", "se",
    "communities", "households", "population", "est_households", "est_households_ci_low", "est_households_ci_high",
    "responses", "share", "coverage", "community_id", "name", "channel", "week", "date", "segment", "unweighted",
    "unweighted_ci_low", "unweighted_ci_high", "weighted", "weighted_ci_low", "weighted_ci_high", "difference",
    "row_question", "col_question", "chi2", "dof", "p_value", "cramers_v", "n", "min_expected", "small_expected",
    "cells_below_5", "observed", "expected", "residual", "std_residual", "row_share", "product", "priority",
    "triggers", "reasons", "in_bundle", "already_held", "not_held", "stage", "events", "entry_id", "kind", "daily_flow",
    "cost_per_visit", "value_score", "flow_pct", "low_cost_pct", "value_pct", "score", "rank", "advice", "check",
    "n_rows", "rows", "detail", "age_band", "wechat",
}


@pytest.fixture(scope="module")
def results(sample_tables):
    s = surveys.survey_scope(for_branch(Dataset(sample_tables), "B01"))
    r = s["survey_responses"]
    return {
        "response_counts": surveys.response_counts(r, ["channel", "week"]),
        "community_coverage": surveys.community_coverage(s),
        "option_rates": surveys.option_rates(s, "needs", by="community_id"),
        "community_profile": surveys.community_profile(s),
        "crosstab": surveys.crosstab(s, "age_band", "wechat"),
        "crosstab_test": surveys.crosstab_test(s, "age_band", "wechat"),
        "weighted_rates": surveys.weighted_rates(s, "needs"),
        "weighted_vs_unweighted": surveys.weighted_vs_unweighted(s, "products"),
        "segment_profile": surveys.segment_profile(s),
        "segment_needs": surveys.segment_needs(s),
        "relationship_groups": surveys.relationship_groups(s),
        "recommend_for": surveys.recommend_for("payroll", ["education"]),
        "recommend_products": surveys.recommend_products(s),
        "rank_entry_points": surveys.rank_entry_points(s),
        "survey_quality": surveys.survey_quality(s),
        "option_rates (several questions)": surveys.option_rates(s, ["needs", "topics"], by="channel"),
    }


# the answer-first results: read by report.headline_block and report.actions_block, not by report.show
ANSWER_FIRST = {"headline", "actions"}


def test_every_public_function_is_covered(results):
    functions = {n for n in surveys.__all__ if callable(getattr(surveys, n)) and n.islower()}
    # no table results (a data set, the header facts, the verdict sentence), and the answer-first blocks
    assert functions - set(results) == {"codebook", "survey_scope", "scope_facts", "verdict"} | ANSWER_FIRST


def test_the_answer_first_results_have_the_renderers_columns(sample_tables):
    s = surveys.survey_scope(for_branch(Dataset(sample_tables), "B01"))
    h = surveys.headline(s)
    assert tuple(h.columns) == surveys.HEADLINE_COLUMNS
    assert isinstance(h.index, pd.RangeIndex)
    assert set(h["fmt"]) <= set(report.FORMATS)
    a = surveys.actions(s, language="en")
    assert tuple(a.columns) == surveys.ACTION_COLUMNS and isinstance(a.index, pd.RangeIndex)
    assert a["rank"].dtype == "int64" and pd.api.types.is_datetime64_any_dtype(a["due"])


def test_every_public_function_on_the_sample_speaks_the_vocabulary(results):
    for name, df in results.items():
        assert isinstance(df.index, pd.RangeIndex), name
        assert set(df.columns) <= VOCAB, (name, set(df.columns) - VOCAB)
        for col in ("respondents", "answered", "responses", "n", "dof", "observed", "rank", "events", "n_rows"):
            if col in df:
                assert df[col].dtype == "int64", (name, col)
        if {"rate", "ci_low", "ci_high"} <= set(df.columns) and name != "weighted_rates":
            ok = df.dropna(subset=["rate"])
            assert ((ok["ci_low"] <= ok["rate"] + 1e-12) & (ok["rate"] <= ok["ci_high"] + 1e-12)).all(), name
        assert len(df), name
    # the salon-heavy sample answers: multi-choice rates are shares of respondents (sum above 1)
    assert results["option_rates"].groupby("community_id")["rate"].sum().gt(1).all()
