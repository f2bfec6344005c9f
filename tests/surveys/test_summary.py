"""Tests of analysis.surveys.summary: the header facts and the verdict, in both languages, on the sample."""

from __future__ import annotations

import doctest
import re

import pytest

from analysis.io import Dataset
from analysis.scope import for_branch
from analysis.surveys import scope_facts, summary, survey_scope, verdict, weighted_rates

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def sv(sample_tables):
    return survey_scope(for_branch(Dataset(sample_tables), "B01"))


def test_scope_facts(sv):
    en = scope_facts(sv, language="en")
    assert en == {"header.scope": f"all {len(sv['communities'])} communities",
                  "survey_responses": f"{len(sv['survey_responses']):,}"}
    assert scope_facts(sv, "B01-C02", "zh")["header.scope"] == "B01-C02"


def test_verdict_names_the_first_need_with_its_weighted_interval(sv):
    zh, en = verdict(sv), verdict(sv, language="en")
    w = weighted_rates(sv, "needs")
    top = w.loc[w["option"] != "none"].sort_values("rate", ascending=False).iloc[0]
    assert f"{top['rate'] * 100:.1f}%" in zh and f"{top['rate'] * 100:.1f}%" in en
    assert f"{len(sv['survey_responses']):,} answer sheets" in en
    assert CJK.search(zh) and not CJK.search(en)


def test_verdict_without_answer_sheets_says_so(sv):
    empty = {**sv, "survey_responses": sv["survey_responses"].iloc[0:0]}
    assert verdict(empty, language="en").startswith("⚠️ No answer sheets")
    # a codebook without the needs and circles questions: the counts only
    other = {**sv, "survey_questions": sv["survey_questions"].iloc[:3]}
    assert verdict(other, language="en").endswith("communities.")


def test_docstring_examples_run():
    result = doctest.testmod(summary, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
