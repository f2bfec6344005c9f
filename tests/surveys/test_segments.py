"""Tests of analysis.surveys.segments: segment × needs, products and activities; the first needs of each segment.

Expected values are counted by hand on the `profile` fixture (conftest.py).
"""

from __future__ import annotations

import doctest

import pytest

from analysis.errors import ParameterError
from analysis.questionnaire import standard_questionnaire
from analysis.surveys import segment_needs, segment_profile, segments


@pytest.fixture
def std(profile):
    return {"survey_answers": profile, "survey_questions": standard_questionnaire()}


def test_segment_profile(profile):
    p = segment_profile(survey_answers=profile, survey_questions=standard_questionnaire(),
                        questions=("needs", "products"))
    ret = p.loc[(p["segment"] == "retiree") & (p["question"] == "products")].set_index("option")
    # hand count: retirees S3 (wealth) and S4 (products not answered) → 1 answered, wealth 1
    assert ret.loc["wealth", ["respondents", "answered"]].tolist() == [1, 1]
    assert list(p.columns[:2]) == ["segment", "question"]


def test_segment_needs_ranks_the_needs_each_segment_states(std):
    r = segment_needs(std)
    # hand count: payroll S1 (education; S2 skipped the question); retirees S3 (fixed_income), S4 (fixed_income,
    # retirement); professional S6 ticked "none" only (no need: left out); S5 has no segment
    assert r[["segment", "rank", "option"]].astype(str).values.tolist() == [
        ["payroll", "1", "education"], ["retiree", "1", "fixed_income"], ["retiree", "2", "retirement"]]
    assert r["respondents"].tolist() == [1, 2, 1] and r["answered"].tolist() == [1, 2, 2]
    assert r["rank"].dtype == "int64"
    assert segment_needs(std, top=1)["option"].tolist() == ["education", "fixed_income"]
    with pytest.raises(ParameterError, match="top"):
        segment_needs(std, top=-1)


def test_docstring_examples_run():
    result = doctest.testmod(segments, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
