"""Count models: Poisson and negative-binomial GLMs with an exposure offset, and the overdispersion test.

Building blocks for rates of events per unit of exposure (messages per member-day, visits per
household…). They take plain arrays — a response ``y``, a design matrix ``X`` (with its
intercept column) and an offset (``log(exposure)``) — and return fitted statsmodels results,
so a domain function builds the design it needs (fixed effects, interactions) and reads the
coefficients by position.

- :func:`fit_glm` — IRLS to full convergence, with the covariance evaluated at the estimate
  (what R's ``glm`` gives with ``control = glm.control(epsilon = 1e-15)``);
- :func:`fit_poisson` — R's ``glm(y ~ X, family = poisson, offset = off)``;
- :func:`fit_negative_binomial_at` — the NB2 GLM at a given ``alpha`` (variance ``mu + alpha mu^2``);
- :func:`fit_negative_binomial` — NB2 with ``alpha`` by maximum likelihood, as ``MASS::glm.nb``
  (``theta = 1 / alpha``);
- :func:`overdispersion_test` — Pearson dispersion and the likelihood-ratio test of the Poisson
  against the negative binomial (half a chi-square(1) tail: ``alpha = 0`` is on the boundary);
- :func:`count_models` — both fits, the test, and the fit of the requested (or chosen) family.

Every R reference value of these functions' tests (``tests/stats/test_counts.py``) was printed by
``tests/groups/groups_reference.R`` (section "content calendar").
"""

from __future__ import annotations

import warnings

import numpy as np
import statsmodels.api as sm
from scipy import optimize
from scipy import stats as sps
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from analysis.errors import ParameterError

__all__ = [
    "COUNT_FAMILIES",
    "NB_LOG_ALPHA_BOUNDS",
    "OVERDISPERSION_ALPHA",
    "fit_glm",
    "fit_poisson",
    "fit_negative_binomial_at",
    "fit_negative_binomial",
    "overdispersion_test",
    "count_models",
]

#: Families :func:`count_models` accepts: ``auto`` picks the negative binomial when the
#: overdispersion test rejects the Poisson.
COUNT_FAMILIES = ("auto", "poisson", "negative_binomial")
#: Search range of ``log(alpha)`` when the negative binomial's profile likelihood is maximised.
NB_LOG_ALPHA_BOUNDS = (-16.0, 6.0)
#: Significance level of the overdispersion test behind ``family="auto"``.
OVERDISPERSION_ALPHA = 0.05


def fit_glm(model, start=None, **fit_kwargs):
    """Fit a statsmodels GLM by IRLS to convergence, then once more from the estimate.

    IRLS stops on the change in deviance, which is quadratic in the parameters' error; its last
    covariance comes from the weights of the previous step. The extra step makes the standard
    errors those at the maximum (as R's ``glm`` gives with ``epsilon = 1e-15``).

    Parameters
    ----------
    model : statsmodels.genmod.generalized_linear_model.GLM
        The model (family, offset, exposure already set).
    start : array-like, optional
        Starting values of the first fit.
    **fit_kwargs
        Passed to the final ``fit`` (e.g. ``cov_type="cluster", cov_kwds={"groups": g}, use_t=True``).

    Returns
    -------
    statsmodels GLMResults

    Notes
    -----
    A perfect fit (e.g. the same count every week) is not an error for these models: the
    ``PerfectSeparationWarning`` is silenced.

    Examples
    --------
    >>> import numpy as np, statsmodels.api as sm
    >>> y = np.array([2.0, 3.0, 5.0, 4.0])
    >>> X = np.ones((4, 1))
    >>> fit = fit_glm(sm.GLM(y, X, family=sm.families.Poisson()))
    >>> round(float(np.exp(fit.params[0])), 6)   # the mean count
    3.5
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        fit = model.fit(start_params=start, tol=1e-12, maxiter=200, wls_method="qr")
        return model.fit(start_params=fit.params, tol=1e-12, maxiter=200, wls_method="qr", **fit_kwargs)


def fit_poisson(y, X, offset, start=None):
    """Poisson GLM with log link and an offset (R: ``glm(y ~ X, family = poisson, offset = offset)``).

    Parameters
    ----------
    y : array-like
        Counts.
    X : 2-D array-like
        The design matrix, intercept column included.
    offset : array-like
        ``log(exposure)`` per row.
    start : array-like, optional
        Starting values.

    Returns
    -------
    statsmodels GLMResults
        ``exp(params[j])`` is the rate ratio of column ``j``.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([2.0, 6.0, 4.0, 6.0]); X = np.column_stack([np.ones(4), [0, 1, 0, 1]])
    >>> fit = fit_poisson(y, X, np.log(np.full(4, 10.0)))
    >>> np.round(np.exp(fit.params), 6).tolist()   # 0.3 per unit on rows 0 and 2, twice that on 1 and 3
    [0.3, 2.0]
    """
    return fit_glm(sm.GLM(y, X, family=sm.families.Poisson(), offset=offset), start)


def fit_negative_binomial_at(y, X, offset, alpha, start=None):
    """The NB2 GLM (variance ``mu + alpha mu^2``) at a fixed ``alpha``, log link, with an offset.

    Parameters
    ----------
    y, X, offset, start
        As in :func:`fit_poisson`.
    alpha : float
        The dispersion (``1 / theta`` of ``MASS::glm.nb``), > 0.

    Returns
    -------
    statsmodels GLMResults
        Its ``llf`` is the full negative-binomial log-likelihood at ``alpha``.
    """
    return fit_glm(sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha), offset=offset), start)


def fit_negative_binomial(y, X, offset, start):
    """NB2 by maximum likelihood (as ``MASS::glm.nb``), then the GLM at that alpha for the coefficients' SEs.

    The joint ML fit (statsmodels' discrete ``NegativeBinomial``, Newton) gives ``alpha``; when it
    does not converge (or gives an ``alpha`` at the edge of :data:`NB_LOG_ALPHA_BOUNDS`), ``alpha``
    maximises the profile log-likelihood over ``log(alpha)`` instead.

    Parameters
    ----------
    y, X, offset
        As in :func:`fit_poisson`.
    start : array-like
        Starting coefficients, e.g. the Poisson fit's ``params``.

    Returns
    -------
    (float, statsmodels GLMResults)
        ``alpha`` and the GLM at ``alpha``.
    """
    alpha = np.nan
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            joint = sm.NegativeBinomial(y, X, offset=offset, loglike_method="nb2").fit(
                start_params=np.append(start, 0.5), method="newton", maxiter=200, disp=0)
        if joint.mle_retvals.get("converged", False):
            alpha = float(joint.params[-1])
    except (np.linalg.LinAlgError, ValueError, OverflowError):
        alpha = np.nan
    if not (np.isfinite(alpha) and alpha > np.exp(NB_LOG_ALPHA_BOUNDS[0])):

        def negll(la):
            return -fit_negative_binomial_at(y, X, offset, float(np.exp(la)), start).llf

        res = optimize.minimize_scalar(negll, bounds=NB_LOG_ALPHA_BOUNDS, method="bounded",
                                       options={"xatol": 1e-8})
        alpha = float(np.exp(res.x))
    return alpha, fit_negative_binomial_at(y, X, offset, alpha, start)


def overdispersion_test(poisson_fit, nb_fit, alpha: float, significance: float = OVERDISPERSION_ALPHA) -> dict:
    """Is a Poisson model good enough? Pearson dispersion and the LR test against the negative binomial.

    Parameters
    ----------
    poisson_fit : GLMResults
        :func:`fit_poisson`.
    nb_fit : GLMResults
        :func:`fit_negative_binomial` on the same data (its GLM at the ML ``alpha``).
    alpha : float
        That ``alpha``.
    significance : float, default 0.05
        The test's level: ``auto_family`` is the negative binomial when ``p_value`` is below it.

    Returns
    -------
    dict
        ``dispersion`` (Pearson chi-square / residual df of the Poisson fit, about 1 when the
        Poisson holds; NaN without residual df), ``alpha``, ``lr_stat`` (``2 (logLik NB - logLik
        Poisson)``, at least 0), ``p_value`` (half the chi-square(1) tail: ``alpha = 0`` lies on
        the boundary; 1 when ``lr_stat`` is 0) and ``auto_family`` (``negative_binomial`` or
        ``poisson``).

    Notes
    -----
    R: ``sum(residuals(pois, type = "pearson")^2) / df.residual(pois)``, ``1 / nb$theta`` and
    ``pchisq(2 * (logLik(nb) - logLik(pois)), 1, lower.tail = FALSE) / 2`` (Cameron & Trivedi,
    *Regression Analysis of Count Data*, 2nd ed., §3.4).
    """
    lr = max(0.0, 2.0 * (nb_fit.llf - poisson_fit.llf))
    p = 1.0 if lr <= 0 else 0.5 * float(sps.chi2.sf(lr, 1))
    dispersion = float(poisson_fit.pearson_chi2 / poisson_fit.df_resid) if poisson_fit.df_resid > 0 else np.nan
    return {"dispersion": dispersion, "alpha": alpha, "lr_stat": lr, "p_value": p,
            "auto_family": "negative_binomial" if p < significance else "poisson"}


def count_models(y, X, offset, family: str = "auto"):
    """Poisson and negative-binomial fits of one design, the overdispersion test, and the fit to use.

    Parameters
    ----------
    y, X, offset
        As in :func:`fit_poisson`.
    family : {"auto", "poisson", "negative_binomial"}, default "auto"
        ``auto``: the negative binomial when :func:`overdispersion_test` rejects the Poisson at
        5%, the Poisson otherwise.

    Returns
    -------
    (GLMResults, str, dict)
        The chosen fit, its family (``poisson`` or ``negative_binomial``) and the test
        (:func:`overdispersion_test`). Both models are always fitted, so the test is reported
        whatever ``family`` says.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([3.0, 4, 3, 4, 6, 1, 1] * 2); X = np.ones((14, 1))
    >>> fit, family, check = count_models(y, X, np.zeros(14))
    >>> family, round(float(np.exp(fit.params[0])), 6)
    ('poisson', 3.142857)
    """
    if family not in COUNT_FAMILIES:
        raise ParameterError(f"count_models: family must be one of {', '.join(COUNT_FAMILIES)}, got {family!r}.")
    pois = fit_poisson(y, X, offset)
    alpha, nb = fit_negative_binomial(y, X, offset, pois.params)
    check = overdispersion_test(pois, nb, alpha)
    chosen = family if family != "auto" else check["auto_family"]
    fit = nb if chosen == "negative_binomial" else pois
    return fit, chosen, check
