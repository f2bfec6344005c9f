"""Tests of analysis.stats against reference values computed in R.

Every "# R:" constant was printed by ``Rscript tests/r/stats_reference.R``
(R 4.2.2, survey 4.1.1); the comment gives the R call. Published figures carry
their source (Agresti; Newcombe 1998). The tests themselves do not need R.

Data: tests/data/uci_bank_extract.csv (UCI Bank Marketing, CC BY 4.0) and
tests/data/stratified_survey.csv (hand-made); see tests/data/README.md.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import stats
from analysis.errors import DataError, ParameterError
from analysis.stats import (
    compare_proportions,
    contingency,
    contingency_table,
    expected_counts,
    logit,
    proportion,
    stratified_proportion,
)

DATA = Path(__file__).parent / "data"
TOL = 1e-9  # R printed with 15 significant digits
TOL_GLM = 1e-8  # relative, for iterative fits (agreement seen: < 2e-11)


@pytest.fixture(scope="module")
def bank() -> pd.DataFrame:
    """UCI Bank Marketing (bank.csv), 4,521 clients, with a 0/1 outcome column."""
    d = pd.read_csv(DATA / "uci_bank_extract.csv")
    return d.assign(subscribed=d["y"].eq("yes").astype(int))


@pytest.fixture(scope="module")
def survey_all() -> pd.DataFrame:
    """Hand-made stratified sample: strata A, B, C (and D with one respondent)."""
    return pd.read_csv(DATA / "stratified_survey.csv")


@pytest.fixture(scope="module")
def survey(survey_all) -> pd.DataFrame:
    return survey_all.loc[survey_all["community_id"] != "D"].reset_index(drop=True)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# ===========================================================================
# proportion
# ===========================================================================

# R: prop.test(31, 38, correct = FALSE)$conf.int
SALON_CI = [0.665811419288686, 0.907782348147787]
# R: prop.test(31, 38, correct = FALSE, conf.level = 0.90)$conf.int
SALON_CI_90 = [0.692678175118842, 0.896922109350160]
# R: prop.test(0, 12, correct = FALSE)$conf.int ; prop.test(12, 12, ...) ; prop.test(1, 1, ...)
ZERO_OF_12_CI = [0.0, 0.242494006655241]
ALL_OF_12_CI = [0.757505993344759, 1.0]
ONE_OF_1_CI = [0.206549314377238, 1.0]
# R: x, n by marital; prop.test(x, n, correct = FALSE)$conf.int on the bank data
BANK_MARITAL = pd.DataFrame(
    {
        "marital": ["divorced", "married", "single"],
        "successes": [77, 277, 167],
        "trials": [528, 2797, 1196],
        "ci_low": [0.118287031000984, 8.85085030641352e-02, 0.121140010510002],
        "ci_high": [0.178495884664695, 1.10660734831813e-01, 0.160431739104946],
    }
)


def test_proportion_salon_case_matches_r_prop_test():
    out = proportion(31, 38)
    assert list(out.columns) == ["successes", "trials", "rate", "ci_low", "ci_high"]
    assert out["successes"].dtype == np.int64 and out["trials"].dtype == np.int64
    assert isinstance(out.index, pd.RangeIndex) and len(out) == 1
    close(out["rate"], [31 / 38])
    close(out["rate"], [0.815789], tol=1e-6)  # design doc: stranger ratio 81.6%
    close(out[["ci_low", "ci_high"]].to_numpy()[0], SALON_CI)


def test_proportion_level_is_a_parameter():
    out = proportion(31, 38, level=0.90)
    close(out[["ci_low", "ci_high"]].to_numpy()[0], SALON_CI_90)
    assert not any("90" in c or "95" in c for c in out.columns)


def test_proportion_zero_of_n_and_n_of_n_match_r():
    out = proportion([0, 12, 1], [12, 12, 1])
    close(out["rate"], [0.0, 1.0, 1.0])
    close(out.loc[0, ["ci_low", "ci_high"]], ZERO_OF_12_CI)
    close(out.loc[1, ["ci_low", "ci_high"]], ALL_OF_12_CI)
    close(out.loc[2, ["ci_low", "ci_high"]], ONE_OF_1_CI)
    assert out.loc[0, "ci_low"] == 0.0 and out.loc[1, "ci_high"] == 1.0  # exact, as R


def test_proportion_zero_trials_gives_nan_not_error():
    out = proportion([0, 31], [0, 38])
    assert out.loc[0, ["rate", "ci_low", "ci_high"]].isna().all()
    assert out.loc[0, "trials"] == 0
    close(out.loc[1, ["ci_low", "ci_high"]], SALON_CI)


def test_proportion_bank_subscription_by_marital_matches_r(bank):
    counts = (
        bank.groupby("marital", as_index=False)
        .agg(successes=("subscribed", "sum"), trials=("subscribed", "size"))
    )
    out = pd.concat([counts[["marital"]], proportion(counts.successes, counts.trials)], axis=1)
    assert out["marital"].tolist() == BANK_MARITAL["marital"].tolist()
    assert out["successes"].tolist() == BANK_MARITAL["successes"].tolist()
    assert out["trials"].tolist() == BANK_MARITAL["trials"].tolist()
    close(out["rate"], BANK_MARITAL["successes"] / BANK_MARITAL["trials"])
    close(out["ci_low"], BANK_MARITAL["ci_low"])
    close(out["ci_high"], BANK_MARITAL["ci_high"])


def test_proportion_broadcasts_a_scalar_and_accepts_whole_floats():
    out = proportion(pd.Series([31.0, 0.0]), 38)
    assert out["trials"].tolist() == [38, 38]
    assert out["successes"].dtype == np.int64
    close(out.loc[0, ["ci_low", "ci_high"]], SALON_CI)


def test_proportion_successes_above_trials_names_positions():
    with pytest.raises(ParameterError, match=r"position\(s\) 1, 3 \(5 of 3, 9 of 8\)"):
        proportion([1, 5, 2, 9], [3, 3, 3, 8])


@pytest.mark.parametrize(
    "successes, trials, message",
    [
        ([1, -2], [3, 3], r"successes must hold whole numbers >= 0; position\(s\) 1 hold -2"),
        ([1, 2.5], [3, 3], r"position\(s\) 1 hold 2.5"),
        ([1, np.nan], [3, 3], r"position\(s\) 1 hold nan"),
        ([1, 2], [3, -1], r"trials must hold whole numbers >= 0; position\(s\) 1"),
        (["1", 2], [3, 3], r"position\(s\) 0 hold '1'"),
        ([True, 2], [3, 3], r"position\(s\) 0 hold True"),
        ([1, 2, 3], [3, 3], r"successes has 3 values but trials has 2"),
        ([[1, 2]], [3, 3], r"one-dimensional"),
        ([], [], r"empty"),
    ],
)
def test_proportion_bad_counts_raise_parameter_error(successes, trials, message):
    with pytest.raises(ParameterError, match=message):
        proportion(successes, trials)


@pytest.mark.parametrize("level", [0, 1, 95, -0.5, "0.95", None, True])
def test_bad_level_raises_parameter_error(level):
    with pytest.raises(ParameterError, match="level"):
        proportion(31, 38, level=level)


# ===========================================================================
# compare_proportions
# ===========================================================================

# bank: subscribed among clients without (1) vs with (2) a housing loan
# R: table(bank$housing, bank$subscribed) -> no: 301 of 1962, yes: 220 of 2559
BANK_HOUSING = (301, 1962, 220, 2559)
# R: prop.test(c(301, 220), c(1962, 2559), correct = FALSE)
BANK_HOUSING_ESTIMATE = 0.0674438003185973
BANK_HOUSING_WALD_CI = [0.0481499032260284, 0.0867376974111662]
BANK_HOUSING_CHISQ_P = 1.93982537851362e-12
# R: prop.test(..., conf.level = 0.90)$conf.int
BANK_HOUSING_WALD_CI_90 = [0.0512518514557269, 0.0836357491814678]
# R: newcombe(301, 1962, 220, 2559) in stats_reference.R (from prop.test Wilson limits)
BANK_HOUSING_NEWCOMBE_CI = [0.0483345809369573, 0.0869726118777482]
BANK_HOUSING_NEWCOMBE_CI_90 = [0.0513849908086693, 0.0837986252546742]
# R: fisher.test(matrix(c(301, 1661, 220, 2339), 2, byrow = TRUE))$p.value
BANK_HOUSING_FISHER_P = 2.69019530464627e-12

# R: prop.test(c(31, 12), c(38, 30), correct = FALSE); newcombe(); fisher.test()
SALON_VS_12_OF_30 = {
    "estimate": 0.41578947368421,
    "wald": [0.201492187517985, 0.630086759850436],
    "chisq_p": 0.000414266405499428,
    "newcombe": [0.183948185390911, 0.595254130749442],
    "fisher_p": 0.000810376468037206,
}
# Newcombe (1998), Table II examples, checked in R the same way
R_NEWCOMBE_EXAMPLES = {
    # (x1, n1, x2, n2): wald CI, chisq p, newcombe CI, fisher p
    (56, 70, 48, 80): ([0.0575048991490372, 0.3424951008509630], 0.00804508136819656,
                       [0.0524314724023649, 0.3338726540369059], 0.0125211297492092),
    (9, 10, 3, 10): ([0.260524279777149, 0.939475720222851], 0.00616989932054415,
                     [0.170522723934503, 0.809017973535488], 0.0197666110978804),
    (5, 56, 0, 29): ([0.014600240442592, 0.163971188128837], 0.0971865681705797,
                     [-0.0381371479035369, 0.1925600138551116], 0.160621443209471),
}
# Newcombe RG (1998) Stat Med 17:873-890, Table II, method 10 (score, no CC),
# as published (4 decimals)
NEWCOMBE_1998_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


def test_compare_proportions_columns_and_types():
    out = compare_proportions(*BANK_HOUSING)
    assert list(out.columns) == [
        "successes1", "trials1", "rate1", "successes2", "trials2", "rate2",
        "estimate", "ci_low", "ci_high", "p_value", "method",
    ]
    assert isinstance(out.index, pd.RangeIndex) and len(out) == 1
    for c in ["successes1", "trials1", "successes2", "trials2"]:
        assert out[c].dtype == np.int64
    close(out[["rate1", "rate2"]].to_numpy()[0], [301 / 1962, 220 / 2559])


def test_compare_proportions_bank_counts_from_data(bank):
    tab = pd.crosstab(bank["housing"], bank["subscribed"])
    counts = (tab.loc["no", 1], tab.loc["no"].sum(), tab.loc["yes", 1], tab.loc["yes"].sum())
    assert counts == BANK_HOUSING


def test_compare_proportions_wald_matches_r_prop_test_bank():
    out = compare_proportions(*BANK_HOUSING, method="wald")
    close(out["estimate"], [BANK_HOUSING_ESTIMATE])
    close(out[["ci_low", "ci_high"]].to_numpy()[0], BANK_HOUSING_WALD_CI)
    np.testing.assert_allclose(out["p_value"], [BANK_HOUSING_CHISQ_P], rtol=1e-9)
    assert out.loc[0, "method"] == "wald"
    out90 = compare_proportions(*BANK_HOUSING, method="wald", level=0.90)
    close(out90[["ci_low", "ci_high"]].to_numpy()[0], BANK_HOUSING_WALD_CI_90)


def test_compare_proportions_newcombe_and_fisher_match_r_bank():
    nc = compare_proportions(*BANK_HOUSING, method="newcombe")
    close(nc[["ci_low", "ci_high"]].to_numpy()[0], BANK_HOUSING_NEWCOMBE_CI)
    np.testing.assert_allclose(nc["p_value"], [BANK_HOUSING_CHISQ_P], rtol=1e-9)
    nc90 = compare_proportions(*BANK_HOUSING, method="newcombe", level=0.90)
    close(nc90[["ci_low", "ci_high"]].to_numpy()[0], BANK_HOUSING_NEWCOMBE_CI_90)
    fi = compare_proportions(*BANK_HOUSING, method="fisher")
    close(fi[["ci_low", "ci_high"]].to_numpy()[0], BANK_HOUSING_NEWCOMBE_CI)
    np.testing.assert_allclose(fi["p_value"], [BANK_HOUSING_FISHER_P], rtol=1e-7)


def test_compare_proportions_auto_uses_newcombe_when_expected_counts_large():
    # R: min(chisq.test(...)$expected) = 226.1 for the bank table, 11.03 for the salon pair
    out = compare_proportions(*BANK_HOUSING)
    assert out.loc[0, "method"] == "newcombe"
    close(out[["ci_low", "ci_high"]].to_numpy()[0], BANK_HOUSING_NEWCOMBE_CI)
    salon = compare_proportions(31, 38, 12, 30)
    assert salon.loc[0, "method"] == "newcombe"
    close(salon["estimate"], [SALON_VS_12_OF_30["estimate"]])
    close(salon[["ci_low", "ci_high"]].to_numpy()[0], SALON_VS_12_OF_30["newcombe"])
    close(salon["p_value"], [SALON_VS_12_OF_30["chisq_p"]])


def test_compare_proportions_salon_pair_all_methods_match_r():
    wald = compare_proportions(31, 38, 12, 30, method="wald")
    close(wald[["ci_low", "ci_high"]].to_numpy()[0], SALON_VS_12_OF_30["wald"])
    fisher = compare_proportions(31, 38, 12, 30, method="fisher")
    close(fisher["p_value"], [SALON_VS_12_OF_30["fisher_p"]])


@pytest.mark.parametrize("counts", list(R_NEWCOMBE_EXAMPLES))
def test_compare_proportions_newcombe_examples_match_r(counts):
    wald_ci, chisq_p, newcombe_ci, fisher_p = R_NEWCOMBE_EXAMPLES[counts]
    wald = compare_proportions(*counts, method="wald")
    close(wald[["ci_low", "ci_high"]].to_numpy()[0], wald_ci)
    close(wald["p_value"], [chisq_p])
    nc = compare_proportions(*counts, method="newcombe")
    close(nc[["ci_low", "ci_high"]].to_numpy()[0], newcombe_ci)
    close(nc["p_value"], [chisq_p])
    fi = compare_proportions(*counts, method="fisher")
    close(fi["p_value"], [fisher_p])


@pytest.mark.parametrize("counts, published", NEWCOMBE_1998_TABLE_II)
def test_newcombe_interval_matches_newcombe_1998_table_ii(counts, published):
    out = compare_proportions(*counts, method="newcombe")
    close(out[["ci_low", "ci_high"]].to_numpy()[0], published, tol=5e-5)


def test_newcombe_interval_agrees_with_statsmodels():
    from statsmodels.stats.proportion import confint_proportions_2indep

    for counts, _ in NEWCOMBE_1998_TABLE_II:
        out = compare_proportions(*counts, method="newcombe")
        low, high = confint_proportions_2indep(*counts, method="newcomb", compare="diff")
        close(out[["ci_low", "ci_high"]].to_numpy()[0], [low, high], tol=1e-12)


def test_compare_proportions_auto_uses_fisher_for_small_expected_counts():
    # R: min(chisq.test(matrix(c(9, 1, 3, 7), 2, byrow = TRUE))$expected) = 4
    out = compare_proportions(9, 10, 3, 10)
    assert out.loc[0, "method"] == "fisher"
    close(out["p_value"], [R_NEWCOMBE_EXAMPLES[(9, 10, 3, 10)][3]])
    close(out[["ci_low", "ci_high"]].to_numpy()[0], R_NEWCOMBE_EXAMPLES[(9, 10, 3, 10)][2])


def test_compare_proportions_no_successes_in_either_group():
    # R: prop.test(c(0, 0), c(10, 20), correct = FALSE) -> p-value NaN, conf.int 0 0
    # R: fisher.test(matrix(c(0, 10, 0, 20), 2, byrow = TRUE))$p.value = 1
    # R: newcombe(0, 10, 0, 20) = -0.161125158052819 0.277532799862889
    wald = compare_proportions(0, 10, 0, 20, method="wald")
    assert np.isnan(wald.loc[0, "p_value"])
    close(wald[["ci_low", "ci_high"]].to_numpy()[0], [0.0, 0.0])
    auto = compare_proportions(0, 10, 0, 20)
    assert auto.loc[0, "method"] == "fisher"
    close(auto["p_value"], [1.0])
    close(auto[["ci_low", "ci_high"]].to_numpy()[0], [-0.161125158052819, 0.277532799862889])


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((3, 0, 1, 5), {}, r"group 1 has no trials"),
        ((3, 5, 7, 5), {}, r"successes2 = 7 exceeds trials2 = 5"),
        ((-1, 5, 1, 5), {}, r"successes1 must hold whole numbers >= 0"),
        ((1.5, 5, 1, 5), {}, r"successes1 must hold whole numbers"),
        (([1, 2], 5, 1, 5), {}, r"successes1 must be a single count"),
        ((1, 5, 1, 5), {"method": "chisq"}, r"method must be one of 'auto', 'wald'"),
        ((1, 5, 1, 5), {"level": 1.5}, r"level must lie strictly between 0 and 1"),
    ],
)
def test_compare_proportions_bad_arguments(args, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        compare_proportions(*args, **kwargs)


# ===========================================================================
# contingency
# ===========================================================================

# Agresti, Categorical Data Analysis (2nd ed. 2002 / 3rd ed. 2013), Table 3.2:
# party identification by gender, General Social Survey; published X^2 = 30.07,
# df = 2, adjusted residuals 4.50, 0.70, -5.32 / -4.50, -0.70, 5.32.
AGRESTI_PARTY = pd.DataFrame(
    {"democrat": [762, 484], "independent": [327, 239], "republican": [468, 477]},
    index=pd.Index(["female", "male"], name="gender"),
).rename_axis(columns="party")
# R: chisq.test(party, correct = FALSE)  (statistic, parameter, p.value)
AGRESTI_CHI2, AGRESTI_DF, AGRESTI_P = 30.0701490957547, 2, 2.95358918321176e-07
# R: sqrt(chisq.test(party)$statistic / (sum(party) * (min(dim(party)) - 1)))
AGRESTI_V = 0.104435802356468
# R: t(chisq.test(party)$expected), $residuals, $stdres (row-major)
AGRESTI_EXPECTED = [703.671381936888, 319.645266594124, 533.683351468988,
                    542.328618063112, 246.354733405876, 411.316648531012]
AGRESTI_RESIDUALS = [2.198855766015898, 0.411370170056629, -2.843239715545149,
                     -2.504669492560728, -0.468582947101273, 3.238673443536582]
AGRESTI_STDRES = [4.50205352108671, 0.69945173298443, -5.31594554270493,
                  -4.50205352108671, -0.69945173298443, 5.31594554270493]

# R: chisq.test(table(bank$marital, bank$y), correct = FALSE) and Cramér's V
BANK_MARITAL_Y = {"chi2": 19.0300563440982, "dof": 2, "p_value": 7.37353540182377e-05,
                  "cramers_v": 0.0648787962653721, "n": 4521,
                  "min_expected": 60.8467153284672, "cells_below_5": 0.0}
# R: chisq.test(table(bank$job, bank$y), correct = FALSE) -> one of 24 cells below 5
BANK_JOB_Y = {"chi2": 68.9882857526718, "dof": 11, "p_value": 1.90139109666269e-10,
              "cramers_v": 0.123529425960897, "n": 4521,
              "min_expected": 4.37911966379120, "cells_below_5": 4.16666666666667e-02}
# R: chisq.test(table(bank$housing, bank$y), correct = FALSE)
BANK_HOUSING_Y = {"chi2": 49.5438952912647, "p_value": 1.93982537851362e-12,
                  "cramers_v": 0.104683400351063}

CONTINGENCY_COLUMNS = ["chi2", "dof", "p_value", "cramers_v", "n",
                       "min_expected", "small_expected", "cells_below_5"]


def test_contingency_table_agresti_party_by_gender_published_and_r():
    out = contingency_table(AGRESTI_PARTY)
    assert list(out.columns) == CONTINGENCY_COLUMNS
    assert isinstance(out.index, pd.RangeIndex) and len(out) == 1
    assert round(out.loc[0, "chi2"], 2) == 30.07  # published
    np.testing.assert_allclose(out["chi2"], [AGRESTI_CHI2], rtol=1e-12)
    assert out.loc[0, "dof"] == AGRESTI_DF and out["dof"].dtype == np.int64
    np.testing.assert_allclose(out["p_value"], [AGRESTI_P], rtol=1e-9)
    close(out["cramers_v"], [AGRESTI_V])
    assert out.loc[0, "n"] == 2757 and out["n"].dtype == np.int64
    close(out["min_expected"], [min(AGRESTI_EXPECTED)])
    assert not out.loc[0, "small_expected"] and out.loc[0, "cells_below_5"] == 0.0


def test_expected_counts_agresti_residuals_published_and_r():
    out = expected_counts(AGRESTI_PARTY)
    assert list(out.columns) == ["gender", "party", "observed", "expected",
                                 "residual", "std_residual"]
    assert out["gender"].tolist() == ["female"] * 3 + ["male"] * 3
    assert out["party"].tolist() == ["democrat", "independent", "republican"] * 2
    assert out["observed"].tolist() == [762, 327, 468, 484, 239, 477]
    close(out["expected"], AGRESTI_EXPECTED)
    close(out["residual"], AGRESTI_RESIDUALS)
    close(out["std_residual"], AGRESTI_STDRES)
    close(out["std_residual"].round(2), [4.50, 0.70, -5.32, -4.50, -0.70, 5.32])  # published


def test_expected_counts_unnamed_axes_are_row_and_col():
    out = expected_counts(pd.DataFrame([[10, 20], [30, 40]]))
    assert list(out.columns[:2]) == ["row", "col"]


@pytest.mark.parametrize(
    "row, col, ref", [("marital", "y", BANK_MARITAL_Y), ("job", "y", BANK_JOB_Y)]
)
def test_contingency_long_data_bank_matches_r(bank, row, col, ref):
    out = contingency(bank, row, col)
    assert list(out.columns) == CONTINGENCY_COLUMNS
    np.testing.assert_allclose(out["chi2"], [ref["chi2"]], rtol=1e-12)
    assert out.loc[0, "dof"] == ref["dof"]
    np.testing.assert_allclose(out["p_value"], [ref["p_value"]], rtol=1e-9)
    close(out["cramers_v"], [ref["cramers_v"]])
    assert out.loc[0, "n"] == ref["n"]
    close(out["min_expected"], [ref["min_expected"]])
    close(out["cells_below_5"], [ref["cells_below_5"]])
    assert out.loc[0, "small_expected"] == (ref["cells_below_5"] > 0)


def test_contingency_long_equals_crosstab_and_two_by_two_equals_prop_test(bank):
    long = contingency(bank, "housing", "y")
    wide = contingency_table(pd.crosstab(bank["housing"], bank["y"]))
    pd.testing.assert_frame_equal(long, wide)
    np.testing.assert_allclose(long["chi2"], [BANK_HOUSING_Y["chi2"]], rtol=1e-12)
    close(long["cramers_v"], [BANK_HOUSING_Y["cramers_v"]])
    wald = compare_proportions(*BANK_HOUSING, method="wald")
    np.testing.assert_allclose(long["p_value"], wald["p_value"], rtol=1e-12)


def test_contingency_drops_missing_and_reports_n():
    # hand count: 7 rows, one missing gender, one missing answer -> 5 used
    d = pd.DataFrame({"gender": ["f", "f", "m", "m", None, "f", "m"],
                      "answer": ["a", "b", "a", "b", "a", None, "b"]})
    original = d.copy()
    out = contingency(d, "gender", "answer")
    assert out.loc[0, "n"] == 5
    pd.testing.assert_frame_equal(d, original)  # input untouched


def test_contingency_ignores_unused_categories():
    d = pd.DataFrame({"g": pd.Categorical(["f", "m", "f", "m"], categories=["f", "m", "x"]),
                      "a": ["y", "y", "n", "n"]})
    out = contingency(d, "g", "a")
    assert out.loc[0, "dof"] == 1 and out.loc[0, "n"] == 4


def test_contingency_bad_arguments(bank):
    with pytest.raises(ParameterError, match=r"col column 'subscribed_flag' is not in the data"):
        contingency(bank, "job", "subscribed_flag")
    with pytest.raises(ParameterError, match=r"row and col are the same column"):
        contingency(bank, "job", "job")
    with pytest.raises(ParameterError, match=r"data must be a pandas DataFrame"):
        contingency(bank.to_dict(), "job", "y")
    with pytest.raises(DataError, match=r"column 'y' has 1 level\(s\) \('no'\)"):
        contingency(bank.loc[bank["y"] == "no"], "job", "y")


@pytest.mark.parametrize(
    "table, message",
    [
        (pd.DataFrame([[1, -2], [3, 4]]), r"whole counts >= 0; bad cell\(s\): \(0, 1\) = -2"),
        (pd.DataFrame([[1, 2.5], [3, 4]]), r"bad cell\(s\): \(0, 1\) = 2.5"),
        (pd.DataFrame([[1, None], [3, 4]]), r"bad cell"),
        (pd.DataFrame({"a": [0, 0], "b": [3, 4]}),
         r"column\(s\) 'a' of the table have no observations"),
        (pd.DataFrame({"a": [1, 0], "b": [3, 0]}, index=["x", "y"]), r"row\(s\) 'y'"),
        (pd.DataFrame([[1, 2, 3]]), r"1 row\(s\) and 3 column\(s\)"),
    ],
)
def test_contingency_table_bad_tables_raise_data_error(table, message):
    with pytest.raises(DataError, match=message):
        contingency_table(table)


def test_contingency_table_not_a_dataframe():
    with pytest.raises(ParameterError, match=r"table must be a pandas DataFrame of counts"):
        contingency_table([[1, 2], [3, 4]])


# ===========================================================================
# logit
# ===========================================================================

BANK_FORMULA = "subscribed ~ age + balance + housing + loan + C(marital)"
# R: fit <- glm(subscribed ~ age + balance + housing + loan + marital, family = binomial,
#               data = bank, control = glm.control(epsilon = 1e-12, maxit = 100))
# (fitted to convergence: with the default epsilon = 1e-8 R stops one IRLS step
# early and its standard errors differ by up to 1.3e-5 relative)
# R terms, in this order: (Intercept) age balance housingyes loanyes maritalmarried
# maritalsingle; the same terms as statsmodels names them (patsy orders the
# design matrix differently, so results are compared by term):
BANK_TERMS = ["Intercept", "age", "balance", "housing[T.yes]", "loan[T.yes]",
              "C(marital)[T.married]", "C(marital)[T.single]"]
# R: summary(fit)$coefficients[, 1]
BANK_ESTIMATE = [-2.02360122375718e+00, 1.40179645445253e-02, 4.99955991565034e-06,
                 -5.80549502564557e-01, -7.33776721671330e-01, -4.26946575660592e-01,
                 6.82108932117689e-02]
# R: summary(fit)$coefficients[, 2]
BANK_STD_ERROR = [2.70100054479040e-01, 4.80687117996795e-03, 1.44284608987033e-05,
                  9.71762565925018e-02, 1.66233729229076e-01, 1.40513002692923e-01,
                  1.62683469962906e-01]
# R: exp(coef(fit))
BANK_ODDS_RATIO = [0.132178602228033, 1.014116676919049, 1.000004999572413, 0.559590785493117,
                   0.480092386526024, 0.652498410593300, 1.070591065060874]
# R: exp(confint.default(fit))
BANK_CI_LOW = [0.0778487371231622, 1.0046072510477959, 0.9999767205671720, 0.4625449832684301,
               0.3465982870115549, 0.4954211845637372, 0.7783002928130645]
BANK_CI_HIGH = [0.224424743837732, 1.023716117251483, 1.000033279377376, 0.676997607878231,
                0.665002419912620, 0.859378220173806, 1.472651673360564]
# R: exp(confint.default(fit, level = 0.90))
BANK_CI_LOW_90 = [0.0847646846091279, 1.0061300775414537, 0.9999812670291394, 0.4769277721280638,
                  0.3652377110913926, 0.5178498737343903, 0.8192388492653200]
BANK_CI_HIGH_90 = [0.206113937278489, 1.022166673436878, 1.000028732678932, 0.656581280246182,
                   0.631064899929181, 0.822157535265049, 1.399061128041033]
# R: summary(fit)$coefficients[, 4]
BANK_P_VALUE = [6.78096947569302e-14, 3.54283880281965e-03, 7.28961869477861e-01,
                2.31234982479521e-09, 1.01418611508028e-05, 2.37771364613586e-03,
                6.75007163685503e-01]
# R: bank_na$age[c(3, 17, 250)] <- NA; bank_na$balance[c(17, 4000)] <- NA
#    glm(subscribed ~ age + balance + housing, family = binomial, data = bank_na,
#        control = glm.control(epsilon = 1e-12, maxit = 100)); nobs(fit) = 4517
#    terms: (Intercept) age balance housingyes
BANK_NA_TERMS = ["Intercept", "age", "balance", "housing[T.yes]"]
BANK_NA = {
    "estimate": [-2.02220360184811e+00, 6.84344100976747e-03, 9.57859225943653e-06,
                 -6.24916894876823e-01],
    "std_error": [1.99832418539277e-01, 4.30187972869579e-03, 1.39631432344658e-05,
                  9.62772006575373e-02],
    "ci_low": [0.0894685649390137, 0.9984131720206957, 0.9999822114926263,
               0.4432520359981488],
    "ci_high": [0.195823945908437, 1.015392228983329, 1.000036946532616,
                0.646477393398691],
    "p_value": [4.52735298244115e-24, 1.11654031070907e-01, 4.92718708419221e-01,
                8.53768135887611e-11],
    "n": 4517,
}

LOGIT_COLUMNS = ["term", "estimate", "std_error", "odds_ratio", "ci_low", "ci_high",
                 "p_value", "n"]


def rclose(actual, expected, rtol=TOL_GLM):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=rtol, atol=0)


def by_term(out: pd.DataFrame, terms: list[str]) -> pd.DataFrame:
    """Rows of a logit result in R's term order."""
    assert sorted(out["term"]) == sorted(terms)
    return out.set_index("term").loc[terms]


def test_logit_bank_matches_r_glm_confint_default(bank):
    result = logit(bank, BANK_FORMULA)
    assert list(result.columns) == LOGIT_COLUMNS
    assert isinstance(result.index, pd.RangeIndex)
    assert result.loc[0, "term"] == "Intercept"
    out = by_term(result, BANK_TERMS)
    rclose(out["estimate"], BANK_ESTIMATE)
    rclose(out["std_error"], BANK_STD_ERROR)
    rclose(out["odds_ratio"], BANK_ODDS_RATIO)
    rclose(out["ci_low"], BANK_CI_LOW)
    rclose(out["ci_high"], BANK_CI_HIGH)
    rclose(out["p_value"], BANK_P_VALUE)
    assert (out["n"] == 4521).all() and out["n"].dtype == np.int64


def test_logit_level_090_matches_r(bank):
    out = by_term(logit(bank, BANK_FORMULA, level=0.90), BANK_TERMS)
    rclose(out["ci_low"], BANK_CI_LOW_90)
    rclose(out["ci_high"], BANK_CI_HIGH_90)


def test_logit_known_sign_housing_loan_lowers_subscription(bank):
    # the data: subscription rate 15.3% without a housing loan, 8.6% with one
    rates = bank.groupby("housing")["subscribed"].mean()
    assert rates["yes"] < rates["no"]
    out = logit(bank, BANK_FORMULA).set_index("term")
    assert out.loc["housing[T.yes]", "estimate"] < 0
    assert out.loc["housing[T.yes]", "odds_ratio"] < 1
    assert out.loc["housing[T.yes]", "ci_high"] < 1


def test_logit_boolean_response_is_not_flipped(bank):
    as_int = logit(bank, BANK_FORMULA)
    as_bool = logit(bank.assign(subscribed=bank["y"].eq("yes")), BANK_FORMULA)
    pd.testing.assert_frame_equal(as_int, as_bool)
    nullable = logit(bank.assign(subscribed=bank["y"].eq("yes").astype("boolean")), BANK_FORMULA)
    pd.testing.assert_frame_equal(as_int, nullable)


def test_logit_drops_rows_with_missing_values_and_reports_n(bank):
    d = bank.copy()
    d.loc[[2, 16, 249], "age"] = np.nan  # R rows 3, 17, 250
    d.loc[[16, 3999], "balance"] = np.nan  # R rows 17, 4000
    before = d.copy()
    out = by_term(logit(d, "subscribed ~ age + balance + housing"), BANK_NA_TERMS)
    assert (out["n"] == BANK_NA["n"]).all()
    assert len(d) - out["n"].iloc[0] == 4  # dropped rows, as documented
    for col in ["estimate", "std_error", "ci_low", "ci_high"]:
        rclose(out[col], BANK_NA[col])
    rclose(out["p_value"], BANK_NA["p_value"])
    pd.testing.assert_frame_equal(d, before)  # input untouched


def test_logit_accepts_object_columns_of_zero_one_or_booleans(bank):
    expected = logit(bank, BANK_FORMULA)
    for codes in ({"yes": 1, "no": 0}, {"yes": True, "no": False}):
        recoded = bank.assign(subscribed=bank["y"].map(codes).astype(object))
        pd.testing.assert_frame_equal(logit(recoded, BANK_FORMULA), expected)


def test_logit_missing_response_is_dropped_too():
    d = pd.DataFrame({"joined": [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, None],
                      "visits": [1, 2, 2, 3, 3, 4, 4, 5, 6, 1, 9]})
    out = logit(d, "joined ~ visits")
    assert (out["n"] == 10).all()


def test_logit_same_result_with_formulaic_engine(bank, monkeypatch):
    pytest.importorskip("formulaic")
    from statsmodels.formula import options

    monkeypatch.setattr(options, "formula_engine", "formulaic")
    out = by_term(logit(bank, BANK_FORMULA), BANK_TERMS)
    rclose(out["estimate"], BANK_ESTIMATE)
    rclose(out["ci_low"], BANK_CI_LOW)
    assert (out["n"] == 4521).all()


def test_logit_text_response_raises_naming_column_and_values(bank):
    message = r"response column 'y' must hold 0/1 numbers or True/False; found 'no', 'yes'"
    with pytest.raises(ParameterError, match=message):
        logit(bank, "y ~ age + housing")


@pytest.mark.parametrize(
    "frame, formula, message",
    [
        (pd.DataFrame({"r": [0, 1, 2, 1], "x": [1, 2, 3, 4]}), "r ~ x",
         r"response column 'r' must hold 0/1 .* found 0, 1, 2"),
        (pd.DataFrame({"r": [0, 1, 0, 1], "x": [1, 2, 3, 4]}), "I(r == 1) ~ x",
         r"left-hand side of the formula, 'I\(r == 1\)', must be a column"),
        (pd.DataFrame({"r": [0, 1, 0, 1], "x": [1, 2, 3, 4]}), "r + x",
         r"formula must be a string 'response ~ terms'"),
        (pd.DataFrame({"r": [0, 1, 0, 1], "x": [1, 2, 3, 4]}), "r ~ z",
         r"could not be evaluated on the data"),
        (pd.DataFrame({"r": [1, 1, 1, 1], "x": [1, 2, 3, 4]}), "r ~ x",
         r"takes a single value .* needs both 0s and 1s"),
        (pd.DataFrame({"r": [0, 1, 0, 1, 1], "x": [1, 2, 3, 4, 2], "x2": [2, 4, 6, 8, 4]}),
         "r ~ x + x2", r"collinear"),
    ],
)
def test_logit_bad_arguments(frame, formula, message):
    with pytest.raises(ParameterError, match=message):
        logit(frame, formula)


def test_logit_perfect_separation_raises():
    d = pd.DataFrame({"y": [0, 0, 0, 1, 1, 1], "x": [1, 2, 3, 4, 5, 6]})
    with pytest.raises(ParameterError, match=r"separation"):
        logit(d, "y ~ x")


def test_logit_quasi_separation_raises():
    # x <= 2 always 0, x >= 4 always 1, x = 3 mixed: R's glm warns
    # "fitted probabilities numerically 0 or 1 occurred"; statsmodels does not
    d = pd.DataFrame({"y": [0, 0, 1, 0, 1, 1, 0, 1], "x": [1, 2, 3, 3, 5, 6, 3, 4]})
    with pytest.raises(ParameterError, match=r"separation"):
        logit(d, "y ~ x")


def test_logit_data_not_a_dataframe():
    with pytest.raises(ParameterError, match=r"data must be a pandas DataFrame"):
        logit({"y": [0, 1]}, "y ~ 1")


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
# the whole module
# ===========================================================================


def test_every_public_function_speaks_the_vocabulary(bank, survey):
    """Plain RangeIndex, no level in column names, p_value spelled one way."""
    results = {
        "proportion": proportion([31, 0], [38, 0]),
        "compare_proportions": compare_proportions(31, 38, 12, 30),
        "contingency": contingency(bank, "marital", "y"),
        "contingency_table": contingency_table(AGRESTI_PARTY),
        "expected_counts": expected_counts(AGRESTI_PARTY),
        "logit": logit(bank, BANK_FORMULA),
        "stratified_proportion": stratified_proportion(survey, "y", "community_id", "households"),
    }
    assert set(results) == set(stats.__all__)
    for name, out in results.items():
        assert isinstance(out, pd.DataFrame), name
        assert isinstance(out.index, pd.RangeIndex) and out.index.start == 0, name
        for col in out.columns:
            assert col == col.lower() and " " not in col, (name, col)
            forbidden = ("95", "90", "level", "pval", "lower", "upper")
            assert not any(tag in col for tag in forbidden), (name, col)
            assert col not in ("p_val", "p", "pvalue", "se_", "ci"), (name, col)
        if "ci_low" in out.columns:
            assert "ci_high" in out.columns, name


def test_docstring_examples_run():
    result = doctest.testmod(stats, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
