"""Tests of analysis.surveys.weighting: estimates for the communities' households (R's survey package).

Every "# R:" constant was printed by ``Rscript tests/surveys/surveys_reference.R`` (R 4.2.2,
survey 4.1.1) on the fixture `weighting` (conftest.py), which that script writes out literally too.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from analysis.errors import DataError
from analysis.surveys import relationship_groups, weighted_rates, weighted_vs_unweighted, weighting as weighting_module

TOL = 1e-12  # R printed 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


# R: svymean(~q1, svydesign(ids = ~1, strata = ~community, weights = ~w, fpc = ~households)) and confint(),
#    on the respondents of A, B, C who answered q1, w = households / respondents who answered
R_Q1 = [[0.4466666666666667, 0.1977652929892177, 0.0590538150157884, 0.8342795183175449],
        [0.3333333333333334, 0.1577057738673861, 0.0242356963992387, 0.6424309702674280],
        [0.2200000000000000, 0.1533623161014465, -0.0805846161444823, 0.5205846161444824]]
# R: svymean(~x), svymean(~y), svymean(~z) on the same design for q2 (one 0/1 indicator per option)
R_Q2 = [[0.600000000000000, 0.200222098902416, 0.207571897242248, 0.992428102757752],
        [0.506666666666667, 0.200222098902416, 0.114238563908915, 0.899094769424419],
        [0.4400000000000000, 0.2002220989024161, 0.0475718972422479, 0.8324281027577521]]


def test_weighted_rates_single_choice_equals_r_survey(weighting):
    w = weighted_rates(weighting["ABC"], "q1")
    close(w[["rate", "se", "ci_low", "ci_high"]], R_Q1)
    assert w["answered"].tolist() == [9, 9, 9] and w["respondents"].tolist() == [4, 3, 2]
    assert w["communities"].tolist() == [3, 3, 3]
    close(w["households"], [250, 250, 250])  # A + B + C


def test_weighted_rates_multi_choice_equals_r_survey(weighting):
    w = weighted_rates(weighting["ABC"], "q2")
    close(w[["rate", "se", "ci_low", "ci_high"]], R_Q2)


def test_weighted_rates_level(weighting):
    w = weighted_rates(weighting["ABC"], "q2", level=0.90)
    # R: confint(svymean(~x, des), level = 0.90)
    close(w.loc[0, ["ci_low", "ci_high"]], [0.270663954424524, 0.929336045575475])


def test_a_community_with_one_respondent_is_adjusted_as_r_or_refused(weighting):
    w = weighting["ABCD"]
    got = weighted_rates(w, "q1")
    # R: options(survey.lonely.psu = "adjust"); svymean(~q1, ...) with community D (r11 alone)
    close(got[["rate", "se", "ci_low", "ci_high"]],
          [[0.522988505747126, 0.182446278016729, 0.165400371720956, 0.880576639773297],
           [0.2873563218390804, 0.1414742888426774, 0.0100718109690159, 0.5646408327091450],
           [0.1896551724137931, 0.1347085536691462, -0.0743687411872144, 0.4536790860148006]])
    x = weighted_rates(w, "q2")
    # R: same, svymean(~x, ...)
    close(x.loc[0, ["rate", "se", "ci_low", "ci_high"]],
          [0.655172413793103, 0.178880420128573, 0.304573232801706, 1.005771594784501])
    with pytest.raises(DataError, match="single respondent"):
        weighted_rates(w, "q1", lonely_psu="fail")


def test_weighted_rates_of_a_question_nobody_answered(weighting):
    w = weighted_rates(weighting["ABC"], "q3")
    assert w["answered"].tolist() == [0, 0]
    assert w[["rate", "se", "ci_low", "ci_high"]].isna().all().all()


def test_weighted_rates_needs_every_community_in_the_communities_table(weighting):
    w = weighting
    with pytest.raises(DataError, match="D") as err:
        weighted_rates(w["ABCD"], "q1", communities=w["communities"].iloc[:3])
    # the error names the table, column, rule and the sheet (prep.data_error)
    p = err.value.problems
    assert p.loc[0, ["table", "column", "rule", "n_rows"]].tolist() == ["survey_responses", "community_id",
                                                                       "households_known", 1]
    assert p.loc[0, "rows"] == ["r11"]


def test_weighted_vs_unweighted(weighting):
    r = weighted_vs_unweighted(weighting["ABC"], "q2")
    # hand count over A, B, C: 9 answered, x by r01 r02 r05 r07 r09 = 5; weighted x from R = 0.6
    close(r.loc[0, ["unweighted", "weighted", "difference"]], [5 / 9, 0.6, 0.6 - 5 / 9])
    close(r.loc[0, ["weighted_ci_low", "weighted_ci_high"]], R_Q2[0][2:])


def test_relationship_groups_estimated_households(weighting):
    g = relationship_groups(weighting["ABC"], question="q2", exclude=("z",))
    # largest first; est_households = weighted rate (R) × 250 households of A, B, C
    assert g["option"].tolist() == ["x", "y"]
    close(g["est_households"], [0.6 * 250, 0.506666666666667 * 250], tol=1e-9)
    close(g["est_households_ci_low"], [0.207571897242248 * 250, 0.114238563908915 * 250], tol=1e-9)
    assert g["respondents"].tolist() == [5, 5]


def test_docstring_examples_run():
    result = doctest.testmod(weighting_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
