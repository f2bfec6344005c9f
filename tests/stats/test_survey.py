"""Tests of analysis.stats.survey (stratified proportion, R's survey package) against reference values computed in R.

Every "# R:" constant was printed by ``Rscript tests/stats/stats_reference.R``
(R 4.2.2, survey 4.1.1); the comment gives the R call. Published figures carry
their source. The tests themselves do not need R. Data: tests/data/ (see its README).
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from analysis.errors import DataError, ParameterError
from analysis.report.labels import LABELS
from analysis.stats import stratified_proportion, survey as survey_module

TOL = 1e-9  # R printed with 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# ===========================================================================
# stratified_proportion
# ===========================================================================

# R: d$w <- d$households / n_h
#    des <- svydesign(ids = ~1, strata = ~community_id, weights = ~w, fpc = ~households, data = d)
#    svymean(~y, des); confint(svymean(~y, des))   (strata A, B, C)
STRAT_RATE, STRAT_SE = 0.546376811594203, 0.122716548504033
STRAT_CI = [0.305856796219236, 0.786896826969169]
# R: confint(svymean(~y, des), level = 0.90)
STRAT_CI_90 = [0.344526051700379, 0.748227571488027]
# hand computation (Cochran 1977, eq. 5.3 and 5.13; N = 1200 + 800 + 300 = 2300):
#   rate = (1200 * 5/8 + 800 * 2/6 + 300 * 4/5) / 2300 = 1256.667 / 2300 = 0.546377
#   var  = (1200/2300)^2 (1 - 8/1200) (5/8 * 3/8 * 8/7) / 8
#        + (800/2300)^2  (1 - 6/800)  (2/6 * 4/6 * 6/5) / 6
#        + (300/2300)^2  (1 - 5/300)  (4/5 * 1/5 * 5/4) / 5
#        = 0.0090535 + 0.0053367 + 0.0006692 = 0.0150594 -> se = 0.122717
STRAT_HAND_RATE, STRAT_HAND_SE = 1256.6667 / 2300, np.sqrt(0.0150594)
# R: svymean(~channel, des); SE(); confint()
STRAT_CHANNEL = pd.DataFrame(
    {
        "channel": ["branch", "phone", "wechat"],
        "rate": [0.272463768115942, 0.330434782608696, 0.397101449275362],
        "se": [0.115102811628893, 0.117965011725335, 0.118305744946577],
        "ci_low": [0.0468664028040129, 0.0992276081911944, 0.1652264500158893],
        "ci_high": [0.498061133427871, 0.561641957026197, 0.628976448534835],
    }
)
# R: options(survey.lonely.psu = "adjust"); svymean(~y, des) with stratum D (1 respondent)
STRAT_ADJUST = {"rate": 0.574149659863946, "se": 0.118097586696727,
                "ci": [0.342682643277265, 0.805616676450626]}
# R: stratum D with households = 1 (a certainty unit), survey.lonely.psu = "fail"
STRAT_CENSUS = {"rate": 0.546573953353614, "se": 0.122663216670697}

STRAT_COLUMNS = ["rate", "se", "ci_low", "ci_high", "n", "n_strata", "population"]


def test_stratified_proportion_matches_r_survey(survey):
    out = stratified_proportion(survey, "y", "community_id", "households")
    assert list(out.columns) == STRAT_COLUMNS
    assert isinstance(out.index, pd.RangeIndex) and len(out) == 1
    close(out["rate"], [STRAT_RATE])
    close(out["se"], [STRAT_SE])
    close(out[["ci_low", "ci_high"]].to_numpy()[0], STRAT_CI)
    assert out.loc[0, "n"] == 19 and out.loc[0, "n_strata"] == 3
    assert out.loc[0, "population"] == 2300
    assert out["n"].dtype == np.int64 and out["n_strata"].dtype == np.int64


def test_stratified_proportion_matches_hand_computation(survey):
    out = stratified_proportion(survey, "y", "community_id", "households")
    close(out["rate"], [STRAT_HAND_RATE], tol=1e-6)
    close(out["se"], [STRAT_HAND_SE], tol=1e-6)


def test_stratified_proportion_level_090(survey):
    out = stratified_proportion(survey, "y", "community_id", "households", level=0.90)
    close(out[["ci_low", "ci_high"]].to_numpy()[0], STRAT_CI_90)


def test_stratified_proportion_boolean_value_equals_zero_one(survey):
    as_int = stratified_proportion(survey, "y", "community_id", "households")
    as_bool = stratified_proportion(survey.assign(y=survey["y"].astype(bool)),
                                    "y", "community_id", "households")
    pd.testing.assert_frame_equal(as_int, as_bool)


def test_stratified_proportion_categorical_value_one_row_per_answer(survey):
    out = stratified_proportion(survey, "channel", "community_id", "households")
    assert list(out.columns) == ["channel"] + STRAT_COLUMNS
    assert out["channel"].tolist() == STRAT_CHANNEL["channel"].tolist()
    for col in ["rate", "se", "ci_low", "ci_high"]:
        close(out[col], STRAT_CHANNEL[col])
    close(out["rate"].sum(), 1.0)


def test_stratified_proportion_categorical_dtype_keeps_category_order(survey):
    cat = pd.Categorical(survey["channel"], categories=["wechat", "phone", "branch", "email"])
    out = stratified_proportion(survey.assign(channel=cat), "channel", "community_id",
                                "households")
    assert out["channel"].tolist() == ["wechat", "phone", "branch"]  # unused 'email' left out
    close(out["rate"], STRAT_CHANNEL["rate"][::-1])


def test_stratified_proportion_lonely_stratum_fails_by_default(survey_all):
    with pytest.raises(DataError, match=r"'D' of 'community_id' have a single respondent") as err:
        stratified_proportion(survey_all, "y", "community_id", "households")
    problems = err.value.problems
    assert problems.loc[0, "rule"] == "at_least_two_per_stratum"
    assert problems.loc[0, "rows"] == [20]


def test_stratified_proportion_lonely_stratum_adjust_matches_r(survey_all):
    out = stratified_proportion(survey_all, "y", "community_id", "households",
                                lonely_psu="adjust")
    close(out["rate"], [STRAT_ADJUST["rate"]])
    close(out["se"], [STRAT_ADJUST["se"]])
    close(out[["ci_low", "ci_high"]].to_numpy()[0], STRAT_ADJUST["ci"])


def test_stratified_proportion_single_respondent_census_stratum_matches_r(survey_all):
    census = survey_all.assign(
        households=survey_all["households"].where(survey_all["community_id"] != "D", 1)
    )
    out = stratified_proportion(census, "y", "community_id", "households")
    close(out["rate"], [STRAT_CENSUS["rate"]])
    close(out["se"], [STRAT_CENSUS["se"]])


def test_stratified_proportion_drops_missing_answers(survey):
    with_missing = survey.astype({"y": float})
    with_missing.loc[[0, 10], "y"] = np.nan
    before = with_missing.copy()
    out = stratified_proportion(with_missing, "y", "community_id", "households")
    complete = stratified_proportion(survey.drop(index=[0, 10]), "y", "community_id", "households")
    pd.testing.assert_frame_equal(out, complete)
    assert out.loc[0, "n"] == 17
    pd.testing.assert_frame_equal(with_missing, before)


@pytest.mark.parametrize(
    "change, message, rule",
    [
        (lambda d: d.assign(households=d["households"].where(d.index != 3, 999)),
         r"must be constant within each stratum of 'community_id'; it varies in 'A'",
         "constant_within_stratum"),
        (lambda d: d.assign(households=d["households"].where(d["community_id"] != "C", 4)),
         r"'C' have more respondents than their population in 'households' \(5 > 4\)",
         "population_at_least_respondents"),
        (lambda d: d.assign(community_id=d["community_id"].where(d.index != 5)),
         r"column 'community_id' has 1 missing value\(s\), at row\(s\) 6", "not_null"),
        (lambda d: d.assign(households=d["households"].where(d.index != 0, 0)),
         r"must hold positive numbers; row\(s\) 1 hold", "positive_number"),
    ],
)
def test_stratified_proportion_bad_data_raise_data_error(survey, change, message, rule):
    with pytest.raises(DataError, match=message) as err:
        stratified_proportion(change(survey), "y", "community_id", "households")
    assert err.value.problems.loc[0, "rule"] == rule


def test_stratified_proportion_bad_arguments(survey):
    with pytest.raises(ParameterError, match=r"lonely_psu must be one of 'fail', 'adjust'"):
        stratified_proportion(survey, "y", "community_id", "households", lonely_psu="remove")
    with pytest.raises(ParameterError, match=r"population column 'hh' is not in the data"):
        stratified_proportion(survey, "y", "community_id", "hh")
    with pytest.raises(ParameterError, match=r"three different columns"):
        stratified_proportion(survey, "y", "community_id", "community_id")
    with pytest.raises(ParameterError, match=r"level"):
        stratified_proportion(survey, "y", "community_id", "households", level=95)

# ===========================================================================
# the module
# ===========================================================================


def test_every_public_function_speaks_the_vocabulary(survey):
    """Plain RangeIndex, no level in column names, p_value spelled one way, every column labelled."""
    results = {
        "stratified_proportion": stratified_proportion(survey, "y", "community_id", "households"),
    }
    assert set(results) == set(survey_module.__all__) - {"z_value", "SMALL_EXPECTED"}
    for name, out in results.items():
        assert isinstance(out, pd.DataFrame), name
        assert isinstance(out.index, pd.RangeIndex) and out.index.start == 0, name
        for col in out.columns:
            assert col == col.lower() and " " not in col, (name, col)
            forbidden = ("95", "90", "level", "pval", "lower", "upper")
            assert not any(tag in col for tag in forbidden), (name, col)
            assert col not in ("p_val", "p", "pvalue", "se_", "ci"), (name, col)
            entry = LABELS.get(col)
            assert entry is not None and entry.fmt is not None, (name, col)  # labelled, with a format
        if "ci_low" in out.columns:
            assert "ci_high" in out.columns, name


def test_docstring_examples_run():
    result = doctest.testmod(survey_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
