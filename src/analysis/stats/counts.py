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
- :func:`count_models` — both fits, the test, and the fit of the requested (or chosen) family;
- :func:`fit_absorbed`, :func:`fit_negative_binomial_absorbed`, :func:`count_models_absorbed` — the same
  models with one fixed effect per group absorbed by within-group demeaning inside IRLS (no dense
  column per group: linear in the rows for thousands of groups).

Every R reference value of these functions' tests (``tests/stats/test_counts.py``) was printed by
``tests/groups/groups_reference.R`` (section "content calendar").
"""

from __future__ import annotations

import warnings

import numpy as np
import statsmodels.api as sm
from scipy import optimize, special
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
    "AbsorbedFit",
    "fit_absorbed",
    "fit_negative_binomial_absorbed",
    "count_models_absorbed",
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


# ---------------------------------------------------------------------------
# many groups: fixed effects absorbed (no dense column per group)
# ---------------------------------------------------------------------------


class AbsorbedFit:
    """A count GLM with group fixed effects absorbed: the coefficients of ``X`` only.

    Attributes mirror statsmodels' ``GLMResults`` where the domain reads them: ``params``, ``bse``,
    ``pvalues`` (the columns of ``X``, z tests), ``llf``, ``pearson_chi2``, ``df_resid`` (``n`` minus
    the groups minus the columns of ``X``), ``nobs``; plus ``group_effects`` (the log baseline rate
    of each group), ``mu`` (fitted means), ``alpha`` (0 for the Poisson) and ``iterations``.
    """

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def __repr__(self) -> str:
        return f"AbsorbedFit(params={np.round(self.params, 6).tolist()}, alpha={self.alpha:.6g}, nobs={self.nobs})"


def _codes(groups) -> tuple[np.ndarray, int]:
    """Group codes 0..G-1 in the order of the labels (integer codes are renumbered, keeping their order)."""
    g = np.asarray(groups)
    if g.dtype.kind in "iu" and (len(g) == 0 or (g.min() >= 0 and g.max() <= 4 * len(g))):
        if len(g) == 0:
            return g.astype(np.int64), 0
        present = np.bincount(g) > 0
        return (np.cumsum(present) - 1)[g].astype(np.int64), int(present.sum())
    import pandas as pd

    codes, levels = pd.factorize(pd.Series(g), sort=True)
    return codes.astype(np.int64), len(levels)


def _demean(M: np.ndarray, g: np.ndarray, w: np.ndarray, sw: np.ndarray, G: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns of ``M`` minus their ``w``-weighted group means; and those means (G x k)."""
    means = _group_sums(M, g, w, G) / sw[:, None]
    return M - means[g], means


def _group_sums(M: np.ndarray, g: np.ndarray, w: np.ndarray, G: int) -> np.ndarray:
    """``sum(w * M[:, j])`` per group and column (G x k)."""
    return np.column_stack([np.bincount(g, weights=w * M[:, j], minlength=G) for j in range(M.shape[1])]
                           ) if M.shape[1] else np.zeros((G, 0))


def _ll_poisson(y, mu):
    return float(np.sum(y * np.log(mu) - mu - special.gammaln(y + 1)))


def _levels(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct counts and each row's index into them (functions of ``y`` alone are computed once per value)."""
    order = np.argsort(y, kind="stable")
    ys = y[order]
    first = np.ones(len(ys), dtype=bool)
    first[1:] = ys[1:] != ys[:-1]
    inv = np.empty(len(y), dtype=np.int64)
    inv[order] = np.cumsum(first) - 1
    return ys[first], inv


def _ll_nb(y, mu, alpha, levels=None):
    # statsmodels' NegativeBinomial.loglike_obs, term by term (the same rounding near alpha = 0); the
    # log-gamma terms of y are computed once per distinct count
    yu, inv = levels if levels is not None else _levels(y)
    ll = y * np.log(alpha * mu)
    ll -= (y + 1 / alpha) * np.log(1 + alpha * mu)
    ll += (special.gammaln(yu + 1 / alpha) - special.gammaln(1 / alpha) - special.gammaln(yu + 1))[inv]
    return float(np.sum(ll))


def fit_absorbed(y, X, groups, offset, alpha: float = 0.0, start=None, tol: float = 1e-11,
                 maxiter: int = 200) -> AbsorbedFit:
    """Poisson (``alpha = 0``) or NB2 GLM with log link, an offset and one fixed effect per group, absorbed.

    The same estimates as the GLM with an intercept and a dummy column per group but one (R's
    ``glm(y ~ group + X, offset = offset)``; ``family = poisson`` or ``MASS::negative.binomial(1 /
    alpha)``), computed without those columns: each IRLS step is a weighted least-squares fit of
    the working response on ``X`` after both are demeaned within groups with the IRLS weights
    (Frisch–Waugh–Lovell), and the group effects are the weighted group means of what ``X`` leaves.
    The covariance of the coefficients is the inverse of the within-group information matrix at
    the estimate — the ``X`` block of the full GLM covariance. Time and memory are linear in the
    rows (``O(n k^2)`` per step for ``k`` columns of ``X``), whatever the number of groups.

    Parameters
    ----------
    y : array-like
        Counts.
    X : 2-D array-like
        The covariates, **without** an intercept or group columns (both are the group effects).
    groups : array-like
        Group of each row (labels or integer codes). Every group needs a positive total count (a
        group with none has an effect of minus infinity; leave it out).
    offset : array-like
        ``log(exposure)`` per row.
    alpha : float, default 0
        0 for the Poisson; the NB2 dispersion (variance ``mu + alpha mu^2``) otherwise.
    start : AbsorbedFit, optional
        A previous fit of the same data to start from.
    tol : float, default 1e-11
        IRLS stops when no coefficient or group effect changes by more than ``tol`` (Newton's
        convergence is quadratic: the estimate is then exact to rounding).

    Returns
    -------
    AbsorbedFit

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([2.0, 6.0, 4.0, 6.0]); tue = np.array([[0.0], [1.0], [0.0], [1.0]])
    >>> fit = fit_absorbed(y, tue, ["A", "A", "B", "B"], np.log(np.full(4, 10.0)))
    >>> round(float(np.exp(fit.params[0])), 6)   # Tuesdays 12 of 18 messages: twice the Monday rate
    2.0
    """
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    off = np.asarray(offset, dtype=float)
    g, G = _codes(groups)
    n, k = X.shape
    if np.any(np.bincount(g, weights=y, minlength=G) <= 0):
        raise ParameterError("fit_absorbed: every group needs a positive total count (leave out groups without any).")
    levels = getattr(start, "levels", None) if start is not None else None
    if alpha != 0 and levels is None:
        levels = _levels(y)
    if start is not None:
        beta, a = np.array(start.params, dtype=float), np.array(start.group_effects, dtype=float)
    else:  # the Poisson group effects at beta = 0 (exact for the group means)
        beta = np.zeros(k)
        a = np.log(np.bincount(g, weights=y, minlength=G) / np.bincount(g, weights=np.exp(off), minlength=G))
    it = 0
    for it in range(1, maxiter + 1):
        # one IRLS step, the group effects absorbed: with S the weighted group sums, the within-group
        # information is X'WX - Sx' diag(1/sw) Sx and the score X'Wz - Sx' (Sz / sw) (no demeaned copy of X)
        eta = off + a[g] + X @ beta
        mu = np.exp(eta)
        w = mu / (1 + alpha * mu)
        wz = w * (eta - off) + (y - mu) / (1 + alpha * mu)
        sw = np.bincount(g, weights=w, minlength=G)
        sx = _group_sums(X, g, w, G)
        sz = np.bincount(g, weights=wz, minlength=G)
        A = (X * w[:, None]).T @ X - sx.T @ (sx / sw[:, None])
        b = X.T @ wz - sx.T @ (sz / sw)
        beta_new = np.linalg.solve(A, b) if k else beta
        a_new = (sz - sx @ beta_new) / sw
        step = max(float(np.max(np.abs(beta_new - beta))) if k else 0.0, float(np.max(np.abs(a_new - a))))
        beta, a = beta_new, a_new
        if step < tol:
            break
    mu = np.exp(off + a[g] + X @ beta)
    # the covariance at the estimate
    w = mu / (1 + alpha * mu)
    sw = np.bincount(g, weights=w, minlength=G)
    Xt, _ = _demean(X, g, w, sw, G)
    cov = np.linalg.inv(Xt.T @ (w[:, None] * Xt))
    bse = np.sqrt(np.diag(cov))
    pvalues = 2 * sps.norm.sf(np.abs(beta / bse))
    llf = _ll_poisson(y, mu) if alpha == 0 else _ll_nb(y, mu, alpha, levels)
    return AbsorbedFit(params=beta, bse=bse, pvalues=pvalues, cov_params=cov, llf=llf,
                       pearson_chi2=float(np.sum((y - mu) ** 2 / (mu * (1 + alpha * mu)))),
                       df_resid=n - G - k, nobs=n, group_effects=a, mu=mu, alpha=float(alpha), iterations=it,
                       n_groups=G, levels=levels)


def _nb_score(y, mu, alpha, levels=None) -> float:
    """d logL / d theta of the NB2 likelihood at fixed means (theta = 1 / alpha)."""
    th = 1.0 / alpha
    yu, inv = levels if levels is not None else _levels(y)
    return float(np.sum((special.digamma(yu + th) - special.digamma(th))[inv] + np.log(th / (th + mu))
                        + 1 - (th + y) / (th + mu)))


def fit_negative_binomial_absorbed(y, X, groups, offset, start: AbsorbedFit):
    """NB2 with group fixed effects absorbed, ``alpha`` by maximum likelihood (as ``MASS::glm.nb``).

    The joint maximum likelihood of the coefficients, the group effects and ``log(alpha)`` is found by
    Newton's method on the observed information (the group block is diagonal: it is eliminated by its
    Schur complement, so a step costs ``O(n k^2)``), from the Poisson fit, with step halving. When that
    does not converge inside :data:`NB_LOG_ALPHA_BOUNDS`, ``alpha`` solves the profile score equation
    (the likelihood's derivative in ``alpha`` at the GLM fitted at that ``alpha``: by the envelope
    theorem, the derivative of the profile likelihood) by Brent's method on ``log(alpha)``; when there
    is no root inside (the maximum is on the boundary, e.g. Poisson-like counts), ``alpha`` maximises
    the profile log-likelihood over ``log(alpha)`` as in :func:`fit_negative_binomial`. The
    coefficients and their covariance are then those of the GLM at that ``alpha`` (as there).

    Returns
    -------
    (float, AbsorbedFit)
        ``alpha`` and the GLM at ``alpha``.
    """
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    lo_b, hi_b = NB_LOG_ALPHA_BOUNDS
    joint = _nb_joint(y, X, groups, np.asarray(offset, dtype=float), start)
    if joint is not None and lo_b < joint[0] < hi_b:
        u, beta, a = joint
        warm = AbsorbedFit(params=beta, group_effects=a, levels=None)
        return float(np.exp(u)), fit_absorbed(y, X, groups, offset, float(np.exp(u)), start=warm)
    fits: dict[float, AbsorbedFit] = {}

    def fit_at(u: float) -> AbsorbedFit:
        if u not in fits:
            near = min(fits, key=lambda v: abs(v - u)) if fits else None
            fits[u] = fit_absorbed(y, X, groups, offset, float(np.exp(u)), start=fits[near] if near is not None
                                   else start, tol=1e-9)
        return fits[u]

    def score(u: float) -> float:
        f = fit_at(u)
        return _nb_score(y, f.mu, f.alpha, f.levels)

    mu0 = start.mu
    moment = float(np.sum((y - mu0) ** 2 - y) / np.sum(mu0 ** 2))
    u0 = float(np.clip(np.log(moment) if moment > 0 else lo_b + 2, lo_b, hi_b))
    s0 = score(u0)
    u_lo = u_hi = None
    u = u0
    if s0 < 0:  # theta too large (alpha too small): go up
        u_lo = u0
        while u < hi_b:
            u = min(hi_b, u + 2.0)
            if score(u) >= 0:
                u_hi = u
                break
            u_lo = u
    else:
        u_hi = u0
        while u > lo_b:
            u = max(lo_b, u - 2.0)
            if score(u) < 0:
                u_lo = u
                break
            u_hi = u
    if u_lo is not None and u_hi is not None and u_lo < u_hi:
        u_star = optimize.brentq(score, u_lo, u_hi, xtol=1e-10, rtol=4 * np.finfo(float).eps, maxiter=200)
        alpha = float(np.exp(u_star))
    else:
        res = optimize.minimize_scalar(lambda v: -fit_at(float(v)).llf, bounds=NB_LOG_ALPHA_BOUNDS,
                                       method="bounded", options={"xatol": 1e-8})
        alpha = float(np.exp(res.x))
    near = min(fits, key=lambda v: abs(v - np.log(alpha))) if fits else None
    return alpha, fit_absorbed(y, X, groups, offset, alpha, start=fits.get(near, start))


def _nb_joint(y, X, groups, off, start: AbsorbedFit, maxiter: int = 100):
    """Joint ML of (log alpha, beta, group effects) by Newton with step halving; None if it fails."""
    g, G = _codes(groups)
    k = X.shape[1]
    beta, a = np.array(start.params, dtype=float), np.array(start.group_effects, dtype=float)
    mu = np.exp(off + a[g] + X @ beta)
    moment = float(np.sum((y - mu) ** 2 - y) / np.sum(mu ** 2))
    u = float(np.clip(np.log(moment), -8.0, 4.0)) if moment > 0 else -4.0

    levels = _levels(y)
    yu, inv = levels

    def loglik(u_, beta_, a_):
        mu_ = np.exp(off + a_[g] + X @ beta_)
        return _ll_nb(y, mu_, float(np.exp(u_)), levels), mu_

    with np.errstate(all="ignore"):
        ll, mu = loglik(u, beta, a)
        for _ in range(maxiter):
            th = float(np.exp(-u))
            tm = th + mu
            d1 = th * (y - mu) / tm  # dl/d eta
            d2 = -(th + y) * th * mu / tm ** 2  # d2l/d eta2
            s_th = (special.digamma(yu + th) - special.digamma(th))[inv] - np.log1p(mu / th) + 1 - (th + y) / tm
            h_th = ((special.polygamma(1, yu + th) - special.polygamma(1, th))[inv] + 1 / th - 2 / tm
                    + (th + y) / tm ** 2)
            d_u = -th * s_th  # dl/du, u = log(alpha) = -log(theta)
            d_uu = th * th * h_th + th * s_th
            d_eu = -th * (y - mu) * mu / tm ** 2
            # gradient and Hessian in (a | beta, u); the a block is diagonal
            ga = np.bincount(g, weights=d1, minlength=G)
            haa = np.bincount(g, weights=d2, minlength=G)
            if np.any(haa >= 0):
                return None
            gc = np.concatenate([X.T @ d1, [d_u.sum()]])
            hac = np.column_stack([_group_sums(X, g, d2, G), np.bincount(g, weights=d_eu, minlength=G)])
            hcc = np.empty((k + 1, k + 1))
            hcc[:k, :k] = (X * d2[:, None]).T @ X
            hcc[:k, k] = hcc[k, :k] = X.T @ d_eu
            hcc[k, k] = d_uu.sum()
            schur = hcc - hac.T @ (hac / haa[:, None])
            try:
                dc = np.linalg.solve(schur, -(gc - hac.T @ (ga / haa)))
            except np.linalg.LinAlgError:
                return None
            da = -(ga + hac @ dc) / haa
            t = 1.0
            for _half in range(30):
                u_new, b_new, a_new = u + t * dc[k], beta + t * dc[:k], a + t * da
                ll_new, mu_new = loglik(u_new, b_new, a_new)
                if np.isfinite(ll_new) and ll_new >= ll - 1e-12 * abs(ll):
                    break
                t /= 2
            else:
                return None
            step = max(float(np.max(np.abs(t * dc))), float(np.max(np.abs(t * da))) if G else 0.0)
            u, beta, a, ll, mu = u_new, b_new, a_new, ll_new, mu_new
            if not (NB_LOG_ALPHA_BOUNDS[0] - 4 < u < NB_LOG_ALPHA_BOUNDS[1] + 4):
                return None
            if step < 1e-10:
                return u, beta, a
    return None


def _within_rank(X: np.ndarray, groups) -> int:
    """Rank of ``X`` after removing group means (the rank ``X`` adds to one dummy per group)."""
    g, G = _codes(groups)
    if X.shape[1] == 0:
        return 0
    ones = np.ones(len(g))
    Xt, _ = _demean(X, g, ones, np.bincount(g, minlength=G).astype(float), G)
    return int(np.linalg.matrix_rank(Xt))


def count_models_absorbed(y, X, groups, offset, family: str = "auto"):
    """:func:`count_models` with one fixed effect per group, absorbed (no dense column per group).

    Parameters
    ----------
    y, offset
        As in :func:`fit_poisson`.
    X : 2-D array-like
        The covariates without an intercept or group columns.
    groups : array-like
        The group of each row; every group needs a positive total count.
    family : {"auto", "poisson", "negative_binomial"}

    Returns
    -------
    (fit, str, dict)
        As :func:`count_models`, with ``fit.params``, ``fit.bse`` and ``fit.pvalues`` over the
        columns of ``X``: the same estimates as :func:`count_models` on the design
        ``[1, group dummies but the first, X]``. When the columns of ``X`` are not linearly
        independent within groups (a covariate that is constant within every group), that dense
        design is fitted instead (statsmodels' pseudo-inverse, as before), so results never depend
        on the route.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([3.0, 4, 3, 4, 6, 1, 1] * 2); wd = np.tile(np.eye(7)[:, 1:], (2, 1))
    >>> fit, family, check = count_models_absorbed(y, wd, [0] * 7 + [1] * 7, np.zeros(14))
    >>> family, round(float(np.exp(fit.params[3])), 6)   # Friday vs Monday
    ('poisson', 2.0)
    """
    if family not in COUNT_FAMILIES:
        raise ParameterError(f"count_models: family must be one of {', '.join(COUNT_FAMILIES)}, got {family!r}.")
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    off = np.asarray(offset, dtype=float)
    g, G = _codes(groups)
    if _within_rank(X, g) < X.shape[1]:
        dense = np.column_stack([np.ones(len(y)), (g[:, None] == np.arange(1, G)[None, :]).astype(float), X])
        fit, chosen, check = count_models(y, dense, off, family)
        k = X.shape[1]
        return (AbsorbedFit(params=np.asarray(fit.params)[-k:], bse=np.asarray(fit.bse)[-k:],
                            pvalues=np.asarray(fit.pvalues)[-k:], llf=fit.llf, pearson_chi2=fit.pearson_chi2,
                            df_resid=fit.df_resid, nobs=len(y), alpha=np.nan, dense=fit), chosen, check)
    pois = fit_absorbed(y, X, g, off)
    alpha, nb = fit_negative_binomial_absorbed(y, X, g, off, pois)
    check = overdispersion_test(pois, nb, alpha)
    chosen = family if family != "auto" else check["auto_family"]
    return (nb if chosen == "negative_binomial" else pois), chosen, check
