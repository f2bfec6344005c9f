"""Tests of analysis.stats.counts: Poisson and negative-binomial GLMs with an offset, the overdispersion test.

The reference model is the content calendar's weekday model on a hand-made two-group, two-week
message log: ``glm(messages ~ group_id + weekday, family = poisson, offset = log(member_days))``
and ``MASS::glm.nb`` on the same data. Every "# R:" constant was printed by
``Rscript tests/groups/groups_reference.R`` (section "content_calendar", R 4.2.2, MASS 7.3-58.2);
the comment gives the R call. The tests do not need R.
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as sps

from analysis.errors import ParameterError
from analysis.stats import counts

RTOL_GLM = 1e-8  # Poisson GLM, both sides to full convergence: agreement seen < 1e-8
RTOL_NB = 1e-6  # negative binomial (alpha by ML, then the GLM at that alpha): agreement seen < 3e-7
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# messages of all kinds summed per group and day (text + question + game + red packet of
# tests/groups/test_calendar.py), Monday 7 to Sunday 20 September; member-days per day
_COUNTS = {
    "A": {"text": [2, 0, 3, 1, 6, 0, 1, 14, 1, 9, 0, 2, 5, 0],
          "question": [3, 0, 2, 0, 4, 0, 0, 0, 1, 11, 0, 1, 0, 3],
          "game": [0, 4, 1, 6, 2, 0, 0, 0, 13, 0, 1, 5, 0, 0],
          "red_packet": [0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 8, 0, 0]},
    "B": {"text": [5, 2, 8, 0, 12, 1, 0, 1, 13, 1, 9, 2, 0, 6],
          "question": [6, 1, 4, 0, 9, 0, 1, 0, 0, 14, 1, 2, 0, 0],
          "game": [1, 9, 0, 11, 3, 0, 1, 0, 1, 2, 15, 4, 0, 1],
          "red_packet": [0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 6, 0, 0]},
}
_EXPOSURE = {"A": [10] * 14, "B": [20] * 5 + [19] * 4 + [18] * 5}

# R: glm(messages ~ group_id + weekday, family = poisson, offset = log(member_days), data = daily,
#        control = glm.control(epsilon = 1e-15, maxit = 100)); exp(b ± qnorm(0.975) se): RR, ci_low, ci_high, p
R_WEEKDAY_POISSON = {
    "tue": [1.406250000000000, 0.893779041938095, 2.212559222928129, 0.140390887361221],
    "wed": [1.7452390347886879, 1.1287658737258599, 2.6983977452262082, 0.0122537298077802],
    "thu": [1.396191227830951, 0.885490869358263, 2.201434268977658, 0.150855257905672],
    "fri": [2.57026112396152e+00, 1.70705985757958e+00, 3.86995348523680e+00, 6.14989572151440e-06],
    "sat": [0.193369891376072578, 0.080854734993333816, 0.462457948738276614, 0.000221222922727991],
    "sun": [0.41896809798149059, 0.21989754038506140, 0.79825480002573368, 0.00816771404533131],
}
# R: glm.nb(messages ~ group_id + weekday + offset(log(member_days)), data = daily, control = tight)
R_WEEKDAY_NB = {
    "tue": [1.364175604154410, 0.603170728269888, 3.085320609486475, 0.455776343900038],
    "wed": [1.715689542890068, 0.766504970325405, 3.840275955852822, 0.189142929548366],
    "thu": [1.297605402175418, 0.571771938166320, 2.944845081335635, 0.533252269389555],
    "fri": [2.4555160478359919, 1.1115510936677007, 5.4244551559792109, 0.0263179319531411],
    "sat": [0.19244531044836372, 0.06420415124763652, 0.57683493658722618, 0.00325767987357757],
    "sun": [0.4014379490724410, 0.1571053461991569, 1.0257602994057280, 0.0565430168518273],
}
# R: sum(residuals(pois_wd, type = "pearson")^2) / df.residual(pois_wd); 1 / nb_wd$theta;
#    lr <- 2 * (logLik(nb_wd) - logLik(pois_wd)); c(lr, pchisq(lr, 1, lower.tail = FALSE) / 2)
R_WEEKDAY_DISPERSION = 4.09575908884386
R_WEEKDAY_ALPHA = 0.239915490612183
R_WEEKDAY_LR = [2.06559625622628e+01, 2.74828730078128e-06]


@pytest.fixture(scope="module")
def weekday_design():
    """y, X (intercept, group B, tue … sun; Monday and group A the references), offset log(member_days)."""
    rows = []
    for g, kinds in _COUNTS.items():
        for i in range(14):
            rows.append({"group_id": g, "weekday": DAYS[i % 7], "messages": sum(v[i] for v in kinds.values()),
                         "member_days": _EXPOSURE[g][i]})
    d = pd.DataFrame(rows)
    X = np.column_stack([np.ones(len(d)), (d["group_id"] == "B").to_numpy(float),
                         *[(d["weekday"] == w).to_numpy(float) for w in DAYS[1:]]])
    return d["messages"].to_numpy(float), X, np.log(d["member_days"].to_numpy(float))


def _wald(fit, level=0.95):
    """Rate ratio, Wald interval and p of the weekday columns (2 … 7)."""
    z = sps.norm.ppf((1 + level) / 2)
    b, se = np.asarray(fit.params)[2:], np.asarray(fit.bse)[2:]
    return np.column_stack([np.exp(b), np.exp(b - z * se), np.exp(b + z * se), np.asarray(fit.pvalues)[2:]])


def test_docstring_examples_run():
    assert doctest.testmod(counts, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


def test_poisson_matches_r(weekday_design):
    fit = counts.fit_poisson(*weekday_design)
    np.testing.assert_allclose(_wald(fit), list(R_WEEKDAY_POISSON.values()), rtol=RTOL_GLM)


def test_negative_binomial_matches_mass_glm_nb(weekday_design):
    y, X, off = weekday_design
    start = counts.fit_poisson(y, X, off).params
    alpha, fit = counts.fit_negative_binomial(y, X, off, start)
    np.testing.assert_allclose(alpha, R_WEEKDAY_ALPHA, rtol=RTOL_NB)
    np.testing.assert_allclose(_wald(fit), list(R_WEEKDAY_NB.values()), rtol=RTOL_NB)
    # the GLM at a given alpha is the building block of the profile likelihood
    at = counts.fit_negative_binomial_at(y, X, off, alpha, start)
    np.testing.assert_allclose(at.params, fit.params, rtol=1e-12)
    assert counts.fit_negative_binomial_at(y, X, off, alpha * 2).llf < at.llf


def test_overdispersion_test_matches_r(weekday_design):
    y, X, off = weekday_design
    pois = counts.fit_poisson(y, X, off)
    alpha, nb = counts.fit_negative_binomial(y, X, off, pois.params)
    check = counts.overdispersion_test(pois, nb, alpha)
    np.testing.assert_allclose(check["dispersion"], R_WEEKDAY_DISPERSION, rtol=RTOL_GLM)
    np.testing.assert_allclose([check["lr_stat"], check["p_value"]], R_WEEKDAY_LR, rtol=RTOL_NB)
    assert check["alpha"] == alpha and check["auto_family"] == "negative_binomial"
    # at a stricter level the same data keep the Poisson
    assert counts.overdispersion_test(pois, nb, alpha, significance=1e-7)["auto_family"] == "poisson"


def test_count_models_chooses_and_reports_both(weekday_design):
    fit, family, check = counts.count_models(*weekday_design)
    assert family == "negative_binomial"
    np.testing.assert_allclose(_wald(fit), list(R_WEEKDAY_NB.values()), rtol=RTOL_NB)
    fit_p, family_p, check_p = counts.count_models(*weekday_design, family="poisson")
    assert family_p == "poisson" and check_p == check  # the test is reported whatever the family
    np.testing.assert_allclose(_wald(fit_p), list(R_WEEKDAY_POISSON.values()), rtol=RTOL_GLM)
    with pytest.raises(ParameterError, match="family"):
        counts.count_models(*weekday_design, family="gaussian")


def test_poisson_like_counts_keep_the_poisson():
    # the same weekly pattern twice: no variation beyond the Poisson, the LR statistic is 0
    y = np.array([3, 4, 3, 4, 6, 1, 1] * 2, dtype=float)
    X = np.column_stack([np.ones(14), *[np.tile(np.eye(7)[k], 2) for k in range(1, 7)]])
    fit, family, check = counts.count_models(y, X, np.zeros(14))
    assert family == "poisson" and check["lr_stat"] < 1e-6 and check["p_value"] > 0.05
    # a saturated-by-weekday Poisson reproduces each weekday's mean: Friday 6 vs Monday 3
    np.testing.assert_allclose(np.exp(fit.params[4]), 2.0, rtol=1e-10)


def test_exposure_offset_and_known_sign():
    # group 0: 10 in 10 and 20 in 20 member-days, rate 1; group 1: 10 in 10 and 40 in 20, rate 50 / 30
    y = np.array([10.0, 20.0, 10.0, 40.0])
    X = np.column_stack([np.ones(4), [0, 0, 1, 1]])
    fit = counts.fit_poisson(y, X, np.log([10.0, 20.0, 10.0, 20.0]))
    np.testing.assert_allclose(np.exp(fit.params), [1.0, 5 / 3], rtol=1e-10)
    assert fit.params[1] > 0


def test_fit_glm_evaluates_the_covariance_at_the_estimate():
    # a binomial GLM refitted from its estimate has the same coefficients and the fit's own SEs
    y = np.array([[6, 4], [5, 8], [5, 4], [4, 10]], dtype=float)
    X = np.column_stack([np.ones(4), [1, 0, 1, 0]])
    model = sm.GLM(y, X, family=sm.families.Binomial())
    fit = counts.fit_glm(model)
    # 2x2 table: log odds ratio (11/8) / (9/18) and its SE sqrt(1/11 + 1/8 + 1/9 + 1/18)
    np.testing.assert_allclose(fit.params[1], np.log((11 / 8) / (9 / 18)), rtol=1e-12)
    np.testing.assert_allclose(fit.bse[1], np.sqrt(1 / 11 + 1 / 8 + 1 / 9 + 1 / 18), rtol=1e-10)
    robust = counts.fit_glm(model, cov_type="HC0")
    np.testing.assert_allclose(robust.params, fit.params, rtol=1e-12)
