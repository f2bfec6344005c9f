"""Tests of analysis.stats.proportions (Wilson, Wald, Newcombe, Fisher) against reference values computed in R.

Every "# R:" constant was printed by ``Rscript tests/stats/stats_reference.R``
(R 4.2.2, survey 4.1.1); the comment gives the R call. Published figures carry
their source. The tests themselves do not need R. Data: tests/data/ (see its README).
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.report.labels import LABELS
from analysis.stats import _common, _z, compare_proportions, proportion, proportions, z_value

TOL = 1e-9  # R printed with 15 significant digits


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
    ],
)
def test_proportion_bad_counts_raise_parameter_error(successes, trials, message):
    with pytest.raises(ParameterError, match=message):
        proportion(successes, trials)


def test_no_groups_at_all_give_no_rows():
    """A branch without events has no groups to rate: an empty table with the usual columns, not an error."""
    for out in (proportion([], []), proportion(np.array([], dtype=int), 5), proportion(pd.Series([], dtype="Int64"), [])):
        assert out.empty and list(out.columns) == ["successes", "trials", "rate", "ci_low", "ci_high"]
        assert out["successes"].dtype == np.int64 and out["rate"].dtype == float


@pytest.mark.parametrize("level", [0, 1, 95, -0.5, "0.95", None, True])
def test_bad_level_raises_parameter_error(level):
    with pytest.raises(ParameterError, match="level"):
        proportion(31, 38, level=level)


def test_proportion_of_arrays_and_series_equals_the_one_by_one_check():
    """Numeric arrays are checked without a loop over the values: same results and same errors as lists."""
    rng = np.random.default_rng(0)
    trials = rng.integers(0, 60, 2000)
    successes = (trials * rng.random(2000)).astype(np.int64)
    as_lists = proportion(successes.tolist(), trials.tolist())
    for s_, t_ in ((successes, trials), (pd.Series(successes), pd.Series(trials)),
                   (successes.astype(float), trials.astype(np.int32)), (pd.Series(successes, dtype="Int64"), trials)):
        pd.testing.assert_frame_equal(proportion(s_, t_), as_lists, check_exact=True)
    out = proportion(np.array([31, 0]), np.array([38, 0]))
    close(out.loc[0, ["ci_low", "ci_high"]], SALON_CI)
    assert out.loc[1, ["rate", "ci_low", "ci_high"]].isna().all()


@pytest.mark.parametrize(
    "successes, message",
    [
        (np.array([1, -2]), r"position\(s\) 1 hold -2"),
        (np.array([1.0, 2.5]), r"position\(s\) 1 hold 2.5"),
        (np.array([1.0, np.nan]), r"position\(s\) 1 hold nan"),
        (np.array([True, False]), r"position\(s\) 0, 1 hold True, False"),
        (pd.Series([1, None], dtype="Int64"), r"position\(s\) 1 hold"),
        (np.array([[1, 2]]), r"one-dimensional"),
    ],
)
def test_proportion_bad_arrays_raise_the_same_errors(successes, message):
    with pytest.raises(ParameterError, match=message):
        proportion(successes, 3)


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


def test_z_value_is_the_two_sided_normal_quantile_and_keeps_its_old_name():
    # R: qnorm(0.975); qnorm(0.95)
    close([z_value(0.95), z_value(0.90)], [1.95996398454005, 1.64485362695147])
    assert _z is z_value


def test_compare_proportions_method_is_labelled_in_both_languages():
    from analysis.report import value_label

    for method in ("wald", "newcombe", "fisher"):
        assert value_label(method, "en", column="method") != method
        assert value_label(method, "zh", column="method") != method


# ===========================================================================
# the module
# ===========================================================================


def test_every_public_function_speaks_the_vocabulary():
    """Plain RangeIndex, no level in column names, p_value spelled one way, every column labelled."""
    results = {
        "proportion": proportion([31, 0], [38, 0]),
        "compare_proportions": compare_proportions(31, 38, 12, 30),
    }
    assert set(results) == set(proportions.__all__) - {"z_value", "SMALL_EXPECTED"}
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
    for module in (proportions, _common):  # z_value lives in the shared internals
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0, module.__name__
        assert result.failed == 0, module.__name__
