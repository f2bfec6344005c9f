"""Tests of analysis.stats.contingency (chi-square, Cramér's V, residuals) against reference values computed in R.

Every "# R:" constant was printed by ``Rscript tests/stats/stats_reference.R``
(R 4.2.2, survey 4.1.1); the comment gives the R call. Published figures carry
their source. The tests themselves do not need R. Data: tests/data/ (see its README).
"""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pandas as pd
import pytest

from analysis.errors import DataError, ParameterError
from analysis.report.labels import LABELS
from analysis.stats import compare_proportions, contingency, contingency_table, expected_counts

# the module (``analysis.stats.contingency`` as an attribute is the function of the same name)
contingency_module = importlib.import_module("analysis.stats.contingency")

TOL = 1e-9  # R printed with 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# R: prop.test(c(301, 220), c(1962, 2559), correct = FALSE) (bank: housing loan no / yes)
BANK_HOUSING = (301, 1962, 220, 2559)


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
# the module
# ===========================================================================


def test_every_public_function_speaks_the_vocabulary(bank):
    """Plain RangeIndex, no level in column names, p_value spelled one way, every column labelled."""
    results = {
        "contingency": contingency(bank, "marital", "y"),
        "contingency_table": contingency_table(AGRESTI_PARTY),
        "expected_counts": expected_counts(AGRESTI_PARTY),
    }
    unnamed = expected_counts(AGRESTI_PARTY.rename_axis(index=None, columns=None))
    assert all(c in LABELS for c in unnamed.columns)  # row, col, observed, expected, residual, std_residual
    assert set(results) == set(contingency_module.__all__) - {"z_value", "SMALL_EXPECTED"}
    for name, out in results.items():
        assert isinstance(out, pd.DataFrame), name
        assert isinstance(out.index, pd.RangeIndex) and out.index.start == 0, name
        for col in out.columns:
            assert col == col.lower() and " " not in col, (name, col)
            forbidden = ("95", "90", "level", "pval", "lower", "upper")
            assert not any(tag in col for tag in forbidden), (name, col)
            assert col not in ("p_val", "p", "pvalue", "se_", "ci"), (name, col)
            if col in ("gender", "party"):  # expected_counts names these after the table's axes: data
                continue
            entry = LABELS.get(col)
            assert entry is not None and entry.fmt is not None, (name, col)  # labelled, with a format
        if "ci_low" in out.columns:
            assert "ci_high" in out.columns, name


def test_docstring_examples_run():
    result = doctest.testmod(contingency_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
