"""Tests of analysis.surveys.crosstabs: cells and the chi-square test of two questions (R's chisq.test).

Every "# R:" constant was printed by ``Rscript tests/surveys/surveys_reference.R`` (R 4.2.2).
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from analysis.errors import ParameterError
from analysis.questionnaire import standard_questionnaire
from analysis.surveys import crosstab, crosstab_test, crosstabs

TOL = 1e-12  # R printed 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


def test_crosstab_test_against_r(weighting):
    t = crosstab_test(weighting["ABC"], "q1", "community_id")
    # R: chisq.test(table(q1, community), correct = FALSE) on communities A, B, C
    close(t[["chi2", "dof", "p_value"]].iloc[0], [3.25, 4, 0.516893147411009])
    close(t["cramers_v"], [0.424918292799399])
    assert t["n"].item() == 9 and bool(t["small_expected"].item())
    assert t[["row_question", "col_question"]].iloc[0].tolist() == ["q1", "community_id"]


def test_crosstab_cells_against_r(weighting):
    c = crosstab(weighting["ABC"], "q1", "community_id")
    # hand count: yes 2 1 1 | no 1 2 0 | maybe 1 0 1 (columns A, B, C)
    assert c["observed"].tolist() == [2, 1, 1, 1, 2, 0, 1, 0, 1]
    # R: chisq.test(...)$expected, read row by row
    close(c["expected"], [1.777777777777778, 1.333333333333333, 0.888888888888889,
                          1.333333333333333, 1.0, 0.666666666666667,
                          0.888888888888889, 0.666666666666667, 0.444444444444444])
    assert c["small_expected"].all()
    close(c.loc[0:2, "row_share"], [0.5, 0.25, 0.25])


def test_crosstab_smaller_than_2x2_is_not_testable(profile):
    q = standard_questionnaire()
    only_payroll = {"survey_answers": profile.loc[profile["response_id"].isin(["S1", "S2"])], "survey_questions": q}
    t = crosstab_test(only_payroll, "segment", "wechat")
    assert t["dof"].item() == 0 and np.isnan(t["p_value"].item()) and t["n"].item() == 2
    c = crosstab(only_payroll, "segment", "wechat")
    assert c["observed"].tolist() == [1, 1] and c["expected"].isna().all()


def test_crosstab_refuses_multi_choice_and_the_same_question(profile):
    q = standard_questionnaire()
    with pytest.raises(ParameterError, match="multi"):
        crosstab(row="needs", col="segment", survey_answers=profile, survey_questions=q)
    with pytest.raises(ParameterError, match="same"):
        crosstab_test(row="segment", col="segment", survey_answers=profile, survey_questions=q)
    with pytest.raises(ParameterError, match="name the two questions"):
        crosstab(row="segment", survey_answers=profile, survey_questions=q)


def test_docstring_examples_run():
    result = doctest.testmod(crosstabs, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
