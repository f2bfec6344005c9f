"""Regression: logistic regression with odds ratios and Wald intervals.

Reference values: ``tests/stats/stats_reference.R`` (R's ``glm(..., family = binomial)``),
checked in ``tests/stats/test_regression.py``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from analysis.errors import ParameterError
from analysis.prep import check_level, show as _show
from analysis.rules import LEVEL, MAX_SHOWN
from analysis.stats._common import _repr, _zero_one

__all__ = ['logit']

def _binary_response(y: pd.Series, column: str) -> pd.Series:
    """Return a 0/1 float Series (NaN kept) or raise naming the values found."""
    converted = _zero_one(y)
    if converted is not None:
        return converted
    found = _show(_repr(v) for v in pd.unique(y.dropna())[:MAX_SHOWN + 1])
    raise ParameterError(
        f"logit: the response column {column!r} must hold 0/1 numbers or True/False; "
        f"found {found or 'only missing values'}. Recode it first, e.g. "
        f"data.assign({column}=data[{column!r}].eq('yes').astype(int)) "
        "(1 = the outcome whose odds you want)."
    )


def logit(data: pd.DataFrame, formula: str, level: float = LEVEL) -> pd.DataFrame:
    """Logistic regression with odds ratios and Wald intervals.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit (e.g. one client contacted).
    formula : str
        Model formula, e.g. ``"subscribed ~ age + balance + housing +
        C(marital)"``. The left-hand side must be a plain column name whose
        values are 0/1 numbers or True/False (1/True = the event modelled).
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per model term, in the order of the design matrix built by
        the formula engine (patsy, statsmodels' default, puts the intercept
        first and categorical terms before numeric ones), with columns:

        - ``term`` (str): term name as statsmodels' formula engine names it,
          e.g. ``"Intercept"``, ``"age"``, ``"housing[T.yes]"``,
          ``"C(marital)[T.married]"``.
        - ``estimate`` (float): coefficient on the log-odds scale.
        - ``std_error`` (float): its standard error.
        - ``odds_ratio`` (float): ``exp(estimate)``.
        - ``ci_low``, ``ci_high`` (float): Wald interval at ``level`` on the
          **odds-ratio** scale.
        - ``p_value`` (float): Wald z-test p-value.
        - ``n`` (int64): rows used in the fit (the same on every row).

    Raises
    ------
    ParameterError
        If the formula's response is not a column, or holds anything other
        than 0/1 or True/False (column and values are named); if the formula
        cannot be evaluated on the data; if the response is constant, the
        terms are collinear, the fit does not converge, or the outcome is
        perfectly or quasi-perfectly separated.

    Notes
    -----
    The model is :math:`\\operatorname{logit} P(Y=1) = X\\beta`, fitted by
    maximum likelihood (``statsmodels`` GLM, binomial family, logit link) as
    R's ``glm(formula, family = binomial)``. The interval is
    :math:`\\exp(\\hat\\beta \\pm z\\,\\mathrm{se}(\\hat\\beta))`, i.e.
    ``exp(confint.default(fit))`` in R (not the profile-likelihood interval
    of ``confint``).

    The response is checked because statsmodels' formula engines treat a
    True/False or text response as categories and model the probability of
    the *first* level (False / alphabetically first): every sign flips
    silently. Booleans are therefore converted to 0/1 here (on a copy; the
    input is not modified), and text or other codes are refused.

    Rows with a missing value in any variable of the model are dropped
    (listwise deletion, as R's default ``na.omit``); ``n`` gives the rows
    used, so ``len(data) - n`` rows were dropped. Check this count: dropping
    many rows can bias the estimates.

    Separation: if a combination of terms predicts the outcome perfectly, the
    maximum-likelihood estimate does not exist (estimates and standard
    errors run off to infinity). This raises :class:`ParameterError` when
    statsmodels detects it, when the fit does not converge, or when a fitted
    probability is numerically 0 or 1 (R's ``glm.fit`` warning threshold,
    ``10 * .Machine$double.eps``). Merge sparse categories or drop the term.

    References
    ----------
    .. [1] Agresti, A. (2013). Categorical Data Analysis, 3rd ed., chapters
       4-5 and section 6.5.1 (separation). Wiley.
    .. [2] Hosmer, D. W., Lemeshow, S. and Sturdivant, R. X. (2013). Applied
       Logistic Regression, 3rd ed. Wiley.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats import logit
    >>> d = pd.DataFrame({"joined": [0, 0, 1, 0, 1, 1, 0, 1, 1, 0],
    ...                   "visits": [1, 2, 2, 3, 3, 4, 4, 5, 6, 1]})
    >>> logit(d, "joined ~ visits")[["term", "odds_ratio", "n"]].round(4)
            term  odds_ratio   n
    0  Intercept      0.0517  10
    1     visits      2.6443  10
    """
    import statsmodels.api as sm
    import statsmodels.formula.api as smf
    from statsmodels.tools.sm_exceptions import (
        ConvergenceWarning,
        PerfectSeparationError,
        PerfectSeparationWarning,
    )

    level = check_level(level, "logit")
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(
            f"logit: data must be a pandas DataFrame, got {type(data).__name__}."
        )
    if not isinstance(formula, str) or formula.count("~") != 1:
        raise ParameterError(
            f"logit: formula must be a string 'response ~ terms', got {formula!r}."
        )
    response = formula.split("~")[0].strip()
    if response not in data.columns:
        raise ParameterError(
            f"logit: the left-hand side of the formula, {response!r}, must be a column "
            f"of the data holding 0/1 or True/False (available columns: "
            f"{_show(list(data.columns))}). Create the 0/1 column first rather than "
            "writing an expression in the formula."
        )
    y = _binary_response(data[response], response)
    model_data = data.assign(**{response: y})

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = smf.glm(formula, data=model_data, family=sm.families.Binomial())
        except Exception as exc:  # patsy/formulaic raise many error types
            raise ParameterError(
                f"logit: the formula {formula!r} could not be evaluated on the data: {exc}"
            ) from exc
        n = int(model.nobs)
        endog = np.asarray(model.endog, dtype=float)
        if n == 0 or np.unique(endog).size < 2:
            raise ParameterError(
                f"logit: the response {response!r} takes a single value "
                f"({_show(np.unique(endog))}) in the {n} complete rows; "
                "a logistic regression needs both 0s and 1s."
            )
        exog = np.asarray(model.exog, dtype=float)
        if np.linalg.matrix_rank(exog) < exog.shape[1]:
            raise ParameterError(
                f"logit: the terms of {formula!r} are collinear (design matrix of rank "
                f"{np.linalg.matrix_rank(exog)} < {exog.shape[1]} columns): some term is a "
                "combination of others or a category is empty; drop or merge terms."
            )
        try:
            result = model.fit()
        except PerfectSeparationError:  # older statsmodels raised instead of warning
            result = None

    separation = [w for w in caught if issubclass(w.category, PerfectSeparationWarning)]
    if result is None:
        separation.append("error")
    eps = 10 * np.finfo(float).eps
    mu = np.asarray(result.fittedvalues if result is not None else [], dtype=float)
    extreme = int(((mu < eps) | (mu > 1 - eps)).sum()) if result is not None else 0
    if separation or extreme:
        found = (
            f"{extreme} of {n} rows have a fitted probability of numerically 0 or 1"
            if extreme else "statsmodels detected it"
        )
        raise ParameterError(
            f"logit: perfect or quasi-perfect separation in {formula!r} ({found}): "
            "some terms predict the outcome exactly and their odds ratios are infinite. "
            "Merge sparse categories, drop the separating term, or use a penalized "
            "(Firth) regression."
        )
    not_converged = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    if not_converged or not result.converged:
        raise ParameterError(
            f"logit: the fit of {formula!r} did not converge; check for separation or "
            "for terms on very different scales."
        )

    ci = np.exp(np.asarray(result.conf_int(alpha=1.0 - level), dtype=float))
    params = result.params
    return pd.DataFrame(
        {
            "term": [str(t) for t in params.index],
            "estimate": params.to_numpy(dtype=float),
            "std_error": np.asarray(result.bse, dtype=float),
            "odds_ratio": np.exp(params.to_numpy(dtype=float)),
            "ci_low": ci[:, 0],
            "ci_high": ci[:, 1],
            "p_value": np.asarray(result.pvalues, dtype=float),
            "n": np.full(len(params), n, dtype=np.int64),
        }
    )
