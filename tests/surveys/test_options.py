"""Tests of analysis.surveys.options: option rates (Wilson intervals, R's prop.test) and the community profile.

Every "# R:" constant was printed by ``Rscript tests/surveys/surveys_reference.R`` (R 4.2.2);
the other expected values are counted by hand in the comments (fixtures in conftest.py).
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.questionnaire import standard_questionnaire
from analysis.surveys import community_profile, option_rates, options

TOL = 1e-12  # R printed 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


def test_option_rates_multi_choice_is_share_of_respondents_with_wilson_interval(weighting):
    r = option_rates(weighting["aq"], "q2")
    # hand count: 10 sheets answered q2 (r03 did not); x by r01 r02 r05 r07 r09 r11 = 6, y by r01 r06 r07 r08
    # r10 = 5, z by r04 r05 r07 r10 = 4 — 15 ticks, but the rates are per respondent (they add up to 1.5)
    assert r["option"].tolist() == ["x", "y", "z"]
    assert r["label"].tolist() == ["转账", "理财", "养老"]
    assert r["respondents"].tolist() == [6, 5, 4]
    assert r["answered"].tolist() == [10, 10, 10]
    close(r["rate"], [0.6, 0.5, 0.4])
    # R: prop.test(6, 10, correct = FALSE)$conf.int
    close(r.loc[0, ["ci_low", "ci_high"]], [0.312673769733658, 0.831819670293764])
    assert r["respondents"].dtype == "int64" and r["answered"].dtype == "int64"


def test_option_rates_restricted_to_responses_and_by_community(weighting):
    r = option_rates(weighting["aq"], "q1", survey_responses=weighting["abc"])
    # hand count over A, B, C: 9 answered (r10 did not); yes by r01 r02 r07 r08
    assert r.loc[0, ["respondents", "answered"]].tolist() == [4, 9]
    # R: prop.test(4, 9, correct = FALSE)$conf.int
    close(r.loc[0, ["ci_low", "ci_high"]], [0.188778521097665, 0.733348706504507])
    by = option_rates(weighting["aq"], "q2", by="community_id", survey_responses=weighting["responses"])
    # hand count, community A: q2 answered by r01 r02 r04 = 3; x by r01 r02 = 2
    a = by.loc[by["community_id"] == "A"].set_index("option")
    assert a.loc["x", ["respondents", "answered"]].tolist() == [2, 3]
    assert by["community_id"].unique().tolist() == ["A", "B", "C", "D"]


def test_option_rates_of_a_question_nobody_answered_is_nan_not_an_error(weighting):
    r = option_rates(weighting["aq"], "q3")
    assert r["respondents"].tolist() == [0, 0] and r["answered"].tolist() == [0, 0]
    assert r[["rate", "ci_low", "ci_high"]].isna().all().all()


def test_option_rates_by_a_single_choice_question(profile):
    q = standard_questionnaire()
    r = option_rates(question_id="needs", survey_answers=profile, survey_questions=q, by="segment")
    # S5 has no segment: left out. Payroll: only S1 answered needs (education).
    assert r["segment"].astype(str).unique().tolist() == ["payroll", "retiree", "professional"]
    pay = r.loc[r["segment"] == "payroll"].set_index("option")
    assert pay.loc["education", ["respondents", "answered"]].tolist() == [1, 1]
    ret = r.loc[r["segment"] == "retiree"].set_index("option")
    assert ret.loc["fixed_income", ["respondents", "answered"]].tolist() == [2, 2]
    assert ret.loc["retirement", ["respondents", "answered"]].tolist() == [1, 2]


def test_option_rates_of_a_ranking_counts_the_first_choices():
    q = pd.DataFrame({"question_id": ["r"], "text": ["排序"], "kind": ["rank"], "options": ["a|b|c"],
                      "option_labels": ["甲|乙|丙"]})
    a = pd.DataFrame({"response_id": ["1", "2", "3"], "question_id": "r", "value": ["a→b→c", "b→a→c", "a→c→b"]})
    data = {"survey_answers": a, "survey_questions": q}
    # hand count: first choices a, b, a; among the first two: a 3, b 2, c 1
    assert option_rates(data, "r")["respondents"].tolist() == [2, 1, 0]
    assert option_rates(data, "r", top=2)["respondents"].tolist() == [3, 2, 1]


def test_option_rates_rejects_bad_arguments(weighting, profile):
    w = weighting["aq"]
    with pytest.raises(ParameterError, match="q9"):
        option_rates(w, "q9")
    std = {"survey_answers": profile, "survey_questions": standard_questionnaire()}
    with pytest.raises(ParameterError, match="open question"):
        option_rates(std, "suggestions")
    with pytest.raises(ParameterError, match="multi question"):
        option_rates(std, "needs", by="products")
    with pytest.raises(ParameterError, match="neither"):
        option_rates(w, "q1", by="nothing")
    with pytest.raises(ParameterError, match="level"):
        option_rates(w, "q1", level=95)


def test_tables_are_named_and_a_data_set_supplies_the_rest(weighting):
    w = weighting
    # the old positional call (tables first) is refused with a message saying how to call now
    with pytest.raises(ParameterError, match="pass single tables by name"):
        option_rates(w["answers"], w["questions"])
    with pytest.raises(ParameterError, match="survey_questions table is needed"):
        option_rates(question_id="q1", survey_answers=w["answers"])
    with pytest.raises(ParameterError, match="name the question"):
        option_rates(w["aq"])
    # a table given by name replaces the data set's
    only_a = w["responses"].loc[w["responses"]["community_id"] == "A"]
    r = option_rates(w["ABCD"], "q1", survey_responses=only_a)
    assert r["answered"].unique().tolist() == [4]  # r01-r04


def test_community_profile_stacks_the_questions(profile):
    r = community_profile(questions=("age_band", "segment"), survey_answers=profile,
                          survey_questions=standard_questionnaire())
    assert r["question"].unique().tolist() == ["age_band", "segment"]
    age = r.loc[r["question"] == "age_band"].set_index("option")
    # hand count: 6 answered; 30-39 by S1 S2
    assert age.loc["30-39", ["respondents", "answered"]].tolist() == [2, 6]


def test_docstring_examples_run():
    result = doctest.testmod(options, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


# ---------------------------------------------------------------------------
# several questions in one pass, and the counting itself (analysis.surveys._tables.tally)
# ---------------------------------------------------------------------------

def test_option_rates_of_several_questions_is_the_stack_of_single_calls(weighting):
    both = option_rates(weighting["ABCD"], ["q2", "q1", "q3"])
    single = pd.concat([option_rates(weighting["ABCD"], q) for q in ("q2", "q1", "q3")], ignore_index=True)
    pd.testing.assert_frame_equal(both, single, check_exact=True)
    assert both["question_id"].unique().tolist() == ["q2", "q1", "q3"]  # in the order asked
    by = option_rates(weighting["ABCD"], ["q1", "q2"], by="community_id")
    single = pd.concat([option_rates(weighting["ABCD"], q, by="community_id") for q in ("q1", "q2")], ignore_index=True)
    pd.testing.assert_frame_equal(by, single, check_exact=True)
    with pytest.raises(ParameterError, match="empty"):
        option_rates(weighting["aq"], [])
    with pytest.raises(ParameterError, match="open question"):
        option_rates({"survey_answers": weighting["answers"], "survey_questions": standard_questionnaire()},
                     ["needs", "suggestions"])


DIRTY_Q = pd.DataFrame({"question_id": ["m", "s"], "text": ["多选", "单选"], "kind": ["multi", "single"],
                        "options": ["x|y", "a|b"], "option_labels": ["甲|乙", "A|B"]})
# sheet 1 ticks x twice (counts once); sheet 2 answers "zz" (not in the codebook) then x; a row without a
# sheet counts for nobody; sheet 4 answers "ww" then "zz"; the single question has answers of its own.
DIRTY_A = pd.DataFrame({"response_id": ["1", "1", "2", "2", None, "3", "4", "4", "1", "2"],
                        "question_id": ["m", "m", "m", "m", "m", "m", "m", "m", "s", "s"],
                        "value": ["x", "x", "zz", "x", "x", "y", "ww", "zz", "a", "b"]})


def _dirty(dtype):
    return {"survey_answers": DIRTY_A.astype(dtype), "survey_questions": DIRTY_Q}


@pytest.mark.parametrize("dtype", ["string", object])
def test_option_rates_count_each_sheet_once_and_append_other_answers_in_order(dtype):
    r = option_rates(_dirty(dtype), "m")
    # hand count: 4 sheets answered m (1, 2, 3, 4); x by 1 and 2; y by 3; zz by 2 and 4 (first seen on sheet 2),
    # ww by 4 (seen after zz)
    assert r["option"].tolist() == ["x", "y", "zz", "ww"]
    assert r["label"].tolist() == ["甲", "乙", "zz", "ww"]
    assert r["respondents"].tolist() == [2, 1, 2, 1]
    assert r["answered"].tolist() == [4, 4, 4, 4]
    both = option_rates(_dirty(dtype), ["s", "m"])
    assert both["respondents"].tolist() == [1, 1, 2, 1, 2, 1]


def test_option_rates_of_a_codebook_listing_a_code_twice():
    q = DIRTY_Q.assign(options=["x|y|x", "a|b"], option_labels=["甲|乙|甲", "A|B"])
    r = option_rates({"survey_answers": DIRTY_A, "survey_questions": q}, "m")
    assert r["option"].tolist() == ["x", "y", "x", "zz", "ww"]
    assert r["respondents"].tolist() == [2, 1, 2, 2, 1]  # both rows of x carry its count


def test_tally_in_batches_and_by_sorting_gives_the_same_counts(weighting, monkeypatch):
    from analysis.surveys import _tables

    data = weighting["ABCD"]
    whole = option_rates(data, ["q1", "q2", "q3"], by="community_id")
    plain = option_rates(data, ["q1", "q2", "q3"])
    sorted_calls = []
    original = _tables._sorted_pairs
    monkeypatch.setattr(_tables, "_sorted_pairs", lambda *a: sorted_calls.append(1) or original(*a))
    for cells, sorting in ((11 * 3, False), (11 * 2, True)):
        # 11 sheets: one question per batch; then q1 (3 values) does not fit alone: distinct pairs by sorting
        monkeypatch.setattr(_tables, "TALLY_CELLS", cells)
        pd.testing.assert_frame_equal(option_rates(data, ["q1", "q2", "q3"], by="community_id"), whole,
                                      check_exact=True)
        pd.testing.assert_frame_equal(option_rates(data, ["q1", "q2", "q3"]), plain, check_exact=True)
        assert bool(sorted_calls) == sorting


def test_isin_on_arrow_text_matches_pandas():
    from analysis.surveys._tables import isin

    col = pd.Series(["a", "b", None, "c", "a"], dtype="string")
    look = pd.Index(["a", "c", "zz"], dtype="string")
    assert isin(col, look).tolist() == [True, False, False, True, True]
    assert isin(col.astype(object), look).tolist() == col.astype(object).isin(look).tolist()
    assert isin(pd.Index(col), ["b"]).tolist() == [False, True, False, False, False]
