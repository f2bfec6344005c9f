"""Tests of analysis.stats.survival (Kaplan–Meier, its quantiles, the log-rank test) against R.

Every "# R:" constant was printed by ``Rscript tests/stats/survival_reference.R`` (R 4.2.2,
survival 3.5.3); the comment gives the R call. Textbook data: the ``aml`` data of R's survival
package (Miller 1981) and Gehan's 6-MP leukaemia remission data (Freireich et al. 1963, Blood 21,
699-716; MASS::gehan). The tests do not need R.
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from analysis import followup, stats
from analysis.errors import DataError, ParameterError
from analysis.stats import kaplan_meier, km_quantiles, logrank, survival

TOL = 1e-9  # R printed with 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# ===========================================================================
# Kaplan–Meier and log-rank against R
# ===========================================================================

#: R's survival::aml (Miller 1981): weeks in remission, status 1 = relapse, x = maintenance arm.
AML = pd.DataFrame({
    "time": [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45],
    "status": [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
    "x": ["Maintained"] * 11 + ["Nonmaintained"] * 12,
})

#: Gehan's data (Freireich et al. 1963; MASS::gehan): weeks of remission, relapse 1 / censored 0.
GEHAN = pd.DataFrame({
    "time": [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35,
             1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23],
    "cens": [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0] + [1] * 21,
    "treat": ["6-MP"] * 21 + ["control"] * 21,
})


def test_kaplan_meier_matches_r_survfit_on_aml():
    km = kaplan_meier(AML, "time", "status")
    # R: summary(survfit(Surv(time, status) ~ 1, data = aml))
    close(km["time"], [5, 8, 9, 12, 13, 18, 23, 27, 30, 31, 33, 34, 43, 45, 48])
    assert km["at_risk"].tolist() == [23, 21, 19, 18, 17, 14, 13, 11, 9, 8, 7, 6, 5, 4, 2]
    assert km["events"].tolist() == [2, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1]
    close(km["survival"], [0.913043478260870, 0.826086956521739, 0.782608695652174, 0.739130434782609,
                           0.695652173913043, 0.645962732919255, 0.546583850931677, 0.496894409937888,
                           0.441683919944790, 0.386473429951691, 0.331262939958592, 0.276052449965493,
                           0.220841959972395, 0.165631469979296, 0.082815734989648])
    close(km["std_error"], [0.0587533847558414, 0.0790341964475118, 0.0860061487037983, 0.0915605371517001,
                            0.0959438755421514, 0.1011426751752846, 0.1072506417401223, 0.1084017807886830,
                            0.1095180699776571, 0.1088588014948644, 0.1063909728875506, 0.1019833760904919,
                            0.0953674384864344, 0.0860352084085751, 0.0726618005035283])
    close(km["ci_low"], [0.8048547977829578, 0.6848394680718987, 0.6309579105995876, 0.5797992179680311,
                         0.5308783416282121, 0.4752577247055145, 0.3720780872492112, 0.3240165456898159,
                         0.2716759953922916, 0.2225152977468858, 0.1765201825807047, 0.1338221956292728,
                         0.0947332405633126, 0.0598407178100809, 0.0148346082548472])
    close(km["ci_high"], [1.0, 0.996466605022982, 0.970708759207681, 0.942246527231519, 0.911568450100481,
                          0.877982262316863, 0.802933352802370, 0.762010637765041, 0.718078477474975,
                          0.671242442973631, 0.621657726531294, 0.569449296311515, 0.514826379784336,
                          0.458446770885507, 0.462327406565294])


def test_kaplan_meier_level_matches_r_conf_int_90():
    km = kaplan_meier(AML, "time", "status", level=0.90)
    # R: summary(survfit(Surv(time, status) ~ 1, data = aml, conf.int = 0.90))$lower (first three)
    close(km["ci_low"].iloc[:3], [0.8213414390084666, 0.7058000646716973, 0.6531904629044698])
    close(km["ci_high"].iloc[1:3], [0.966873897996562, 0.937668881120777])


def test_kaplan_meier_by_group_matches_r_and_textbook_gehan():
    km = kaplan_meier(AML, "time", "status", by="x")
    # R: summary(survfit(Surv(time, status) ~ x, data = aml))
    m = km[km["x"] == "Maintained"]
    close(m["time"], [9, 13, 18, 23, 31, 34, 48])
    close(m["survival"], [0.9090909090909091, 0.8181818181818181, 0.7159090909090908, 0.6136363636363635,
                          0.4909090909090909, 0.3681818181818182, 0.1840909090909091])
    n = km[km["x"] == "Nonmaintained"]
    close(n["survival"].iloc[-1], 0.0)
    assert np.isnan(n["ci_low"].iloc[-1])  # no log-scale interval at S = 0 (R gives NA too)
    # Gehan 6-MP arm; R: summary(survfit(Surv(time, cens) ~ 1, data = subset(gehan, treat == "6-MP")))
    # (the textbook table of Freireich's 6-MP arm: 0.857 at 6 weeks … 0.448 at 23 weeks)
    g = kaplan_meier(GEHAN[GEHAN["treat"] == "6-MP"], "time", "cens")
    close(g["time"], [6, 7, 10, 13, 16, 22, 23])
    close(g["survival"], [0.857142857142857, 0.806722689075630, 0.752941176470588, 0.690196078431372,
                          0.627450980392157, 0.537815126050420, 0.448179271708683])


def test_kaplan_meier_rejects_bad_durations():
    with pytest.raises(DataError, match="durations"):
        kaplan_meier(AML.assign(time=-AML["time"]), "time", "status")
    with pytest.raises(DataError, match="censored"):
        kaplan_meier(AML.assign(status=2), "time", "status")
    with pytest.raises(ParameterError, match="not in the data"):
        kaplan_meier(AML, "weeks", "status")


def test_logrank_matches_r_survdiff():
    # R: survdiff(Surv(time, status) ~ x, data = aml): chisq 3.4 on 1 df, p 0.0653
    a = logrank(AML, "time", "status", "x").iloc[0]
    close([a["chi2"], a["p_value"]], [3.3963886989776, 0.0653393220405051], 1e-8)
    assert (a["dof"], a["n"], a["groups"]) == (1, 23, 2)
    # R: survdiff(Surv(time, cens) ~ treat, data = gehan): chisq 16.8, the textbook result
    g = logrank(GEHAN, "time", "cens", "treat").iloc[0]
    close([g["chi2"], g["p_value"]], [16.7929409892165, 4.16880910933453e-05], 1e-8)


def test_logrank_with_one_group_is_nan():
    r = logrank(AML[AML["x"] == "Maintained"], "time", "status", "x").iloc[0]
    assert np.isnan(r["chi2"]) and r["groups"] == 1 and r["dof"] == 0



# ===========================================================================
# Kaplan–Meier quantiles
# ===========================================================================


def test_km_quantiles_match_r_quantile_survfit():
    # R: quantile(survfit(Surv(time, status) ~ 1, data = aml), c(.25, .5, .75))$quantile -> 12 27 43
    close(km_quantiles(AML["time"], AML["status"], [0.25, 0.5, 0.75]), [12, 27, 43])
    # Gehan's 6-MP arm (quantile(survfit(...)) in the R script): read off the survfit values of
    # test_kaplan_meier_by_group_matches_r_and_textbook_gehan — S = 0.753 at 10 and 0.690 at 13 weeks, so
    # the 25% quantile is 13; S = 0.538 at 22 and 0.448 at 23, so the median is 23 weeks (the textbook
    # median remission of the 6-MP arm); S never falls to 0.25 (last 0.448): no 75% quantile.
    mp = GEHAN[GEHAN["treat"] == "6-MP"]
    q = km_quantiles(mp["time"], mp["cens"], [0.25, 0.5, 0.75])
    close(q[:2], [13, 23])
    assert np.isnan(q[2])


def test_km_quantiles_without_censoring_are_sample_quantiles():
    # 2, 4, 6, 8 all observed: the curve sits on 1/4, 2/4, 3/4 -> midpoints 3, 5, 7 (R type 2); 0.9 -> 8
    close(km_quantiles([2, 4, 6, 8], [1, 1, 1, 1], [0.25, 0.5, 0.75, 0.9]), [3, 5, 7, 8])
    assert np.isnan(km_quantiles([], [], [0.5])[0])


def test_bad_data_errors_name_the_rule_and_rows():
    with pytest.raises(DataError) as err:
        kaplan_meier(AML.assign(time=AML["time"].where(AML.index != 2, -1)), "time", "status")
    assert err.value.problems["rule"].tolist() == ["duration"] and "rows 3" in str(err.value)
    with pytest.raises(ParameterError, match="DataFrame"):
        logrank([1, 2], "time", "status", "x")


def test_the_followup_package_re_exports_the_same_functions():
    assert followup.kaplan_meier is stats.kaplan_meier is survival.kaplan_meier
    assert followup.logrank is stats.logrank is survival.logrank
    assert {"kaplan_meier", "km_quantiles", "logrank"} <= set(stats.__all__)


def test_docstring_examples_run():
    failures, _ = doctest.testmod(survival, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def test_logrank_leaves_out_a_group_with_nobody_at_risk_at_any_event():
    # a third arm whose only subject is censored before the first relapse (week 5) has expected count 0:
    # R's survdiff drops it (its variance row is zero), so the test is aml's two-arm test (chisq 3.40 on 1 df)
    extra = pd.concat([AML, pd.DataFrame({"time": [2], "status": [0], "x": ["Early exit"]})], ignore_index=True)
    r = logrank(extra, "time", "status", "x").iloc[0]
    close([r["chi2"], r["p_value"]], [3.3963886989776, 0.0653393220405051], 1e-8)
    assert (r["dof"], r["groups"], r["n"]) == (1, 3, 24)
    alone = logrank(pd.DataFrame({"t": [1.0, 5.0], "e": [0, 1], "g": ["a", "b"]}), "t", "e", "g").iloc[0]
    assert np.isnan(alone["chi2"]) and alone["dof"] == 0 and alone["groups"] == 2
