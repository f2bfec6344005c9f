"""Tests of analysis.stats.regression (logistic regression) against reference values computed in R.

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
from analysis.stats import logit, regression

TOL = 1e-9  # R printed with 15 significant digits
TOL_GLM = 1e-8  # relative, for iterative fits (agreement seen: < 2e-11)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


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
# the module
# ===========================================================================


def test_every_public_function_speaks_the_vocabulary(bank):
    """Plain RangeIndex, no level in column names, p_value spelled one way, every column labelled."""
    results = {
        "logit": logit(bank, BANK_FORMULA),
    }
    assert set(results) == set(regression.__all__) - {"z_value", "SMALL_EXPECTED"}
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
    result = doctest.testmod(regression, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
