"""Proportions: one rate with a Wilson interval, two rates compared (Wald, Newcombe, Fisher).

Reference values: ``tests/stats/stats_reference.R`` (R's ``prop.test`` and ``fisher.test``),
checked in ``tests/stats/test_proportions.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as _sps
from statsmodels.stats.proportion import proportion_confint

from analysis.errors import ParameterError
from analysis.prep import check_level, show as _show
from analysis.rules import LEVEL
from analysis.stats._common import SMALL_EXPECTED, _as_counts, _pearson, z_value

__all__ = ['proportion', 'compare_proportions', 'z_value']

#: Methods accepted by :func:`compare_proportions`.
COMPARE_METHODS = ("auto", "wald", "newcombe", "fisher")


# ---------------------------------------------------------------------------
# one proportion
# ---------------------------------------------------------------------------


def _no_values(values) -> bool:
    """True for an empty sequence, array or Series (a scalar is never empty)."""
    try:
        return np.ndim(values) > 0 and len(values) == 0
    except TypeError:
        return False


def _empty_proportions() -> pd.DataFrame:
    return pd.DataFrame({"successes": np.array([], dtype=np.int64), "trials": np.array([], dtype=np.int64),
                         "rate": np.array([], dtype=float), "ci_low": np.array([], dtype=float),
                         "ci_high": np.array([], dtype=float)})


def _counts(values, name: str) -> np.ndarray:
    """Whole, non-negative counts as a 1-d int64 array: :func:`_as_counts` without its loop over the values.

    Numeric arrays and Series (integer or float dtypes, nullable ones included) are checked with
    array operations; anything else (lists of mixed objects, text, booleans) — and any input that
    fails the check — goes through :func:`_as_counts`, so the values accepted and the messages of
    the errors are exactly its own.
    """
    arr = values
    if isinstance(arr, pd.Series):
        dtype = arr.dtype
        if not (pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype)) or \
                pd.api.types.is_bool_dtype(dtype):
            return _as_counts(values, name)
        if arr.hasnans:
            return _as_counts(values, name)
        arr = arr.to_numpy(dtype=np.float64 if pd.api.types.is_float_dtype(dtype) else np.int64)
    elif isinstance(arr, np.ndarray) or (np.isscalar(arr) and not isinstance(arr, (str, bytes))):
        arr = np.asarray(arr)
        if arr.dtype.kind not in "iuf":  # booleans, text and objects: checked one by one
            return _as_counts(values, name)
    else:  # lists and tuples may mix True with numbers: checked one by one
        return _as_counts(values, name)
    if arr.ndim > 1 or arr.size == 0:
        return _as_counts(values, name)
    arr = np.atleast_1d(arr)
    if arr.dtype.kind == "f":
        ok = np.isfinite(arr) & (arr >= 0) & (arr == np.floor(arr)) & (arr < 2.0 ** 63)
    elif arr.dtype.kind == "u":
        ok = arr <= np.iinfo(np.int64).max
    else:
        ok = arr >= 0
    if not ok.all():
        return _as_counts(values, name)  # the error, worded as everywhere else
    return arr.astype(np.int64, copy=False)



def _wilson(successes: np.ndarray, trials: np.ndarray, level: float):
    """Wilson score limits, NaN where ``trials == 0``, clipped to [0, 1]."""
    low = np.full(successes.shape, np.nan)
    high = np.full(successes.shape, np.nan)
    ok = trials > 0
    if ok.any():
        lo, hi = proportion_confint(
            successes[ok], trials[ok], alpha=1.0 - level, method="wilson"
        )
        low[ok] = np.clip(lo, 0.0, 1.0)
        high[ok] = np.clip(hi, 0.0, 1.0)
    # the limits at the boundary are exactly 0 and 1 (floating point leaves ~1e-17)
    low[ok & (successes == 0)] = 0.0
    high[ok & (successes == trials)] = 1.0
    return low, high


def proportion(successes, trials, level: float = LEVEL) -> pd.DataFrame:
    """Proportion with a Wilson score interval.

    Parameters
    ----------
    successes : int or array-like of int
        Number of successes (e.g. strangers among the attendees of an event).
    trials : int or array-like of int
        Number of trials (e.g. attendees). A scalar is broadcast against an
        array of ``successes`` and vice versa.
    level : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    pandas.DataFrame
        One row per (successes, trials) pair, in input order, with columns:

        - ``successes`` (int64): number of successes.
        - ``trials`` (int64): number of trials.
        - ``rate`` (float): ``successes / trials``; NaN when ``trials == 0``.
        - ``ci_low``, ``ci_high`` (float): Wilson score interval at ``level``;
          NaN when ``trials == 0``.

    Raises
    ------
    ParameterError
        If a count is negative, fractional, missing or not a number, if
        ``successes > trials`` anywhere (the positions are named), if the two
        inputs have different lengths, or if ``level`` is not in (0, 1).

    Notes
    -----
    With :math:`\\hat p = x/n` and :math:`z` the :math:`(1+\\text{level})/2`
    standard-normal quantile, the Wilson score interval is

    .. math::

        \\frac{\\hat p + z^2/(2n) \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/(4n^2)}}
             {1 + z^2/n}.

    It is computed by ``statsmodels.stats.proportion.proportion_confint`` with
    ``method="wilson"`` passed explicitly (that function defaults to the normal
    approximation, which is poor for small groups and rates near 0 or 1), and
    equals R's ``prop.test(x, n, correct = FALSE)$conf.int``. The limits are
    set to exactly 0 for 0 of n and exactly 1 for n of n, as in R. An empty
    group (``trials == 0``) is not an error: its rate and interval are NaN; no
    groups at all (empty inputs) give a table with no rows.

    To keep grouping keys, join the result to them, e.g.
    ``pd.concat([counts[["event_id"]], proportion(counts.strangers,
    counts.attendees)], axis=1)`` on a frame ``counts`` with a RangeIndex.

    References
    ----------
    .. [1] Wilson, E. B. (1927). Probable inference, the law of succession, and
       statistical inference. JASA 22, 209-212.
    .. [2] Newcombe, R. G. (1998). Two-sided confidence intervals for the single
       proportion: comparison of seven methods. Statistics in Medicine 17,
       857-872.

    Examples
    --------
    The salon case: 31 of the 38 attendees were not yet bank customers.

    >>> from analysis.stats import proportion
    >>> proportion(31, 38).round(6)
       successes  trials      rate    ci_low   ci_high
    0         31      38  0.815789  0.665811  0.907782
    >>> proportion([0, 5], [0, 5])[["rate", "ci_low", "ci_high"]].round(6)
       rate    ci_low  ci_high
    0   NaN       NaN      NaN
    1   1.0  0.565518      1.0
    """
    level = check_level(level, "proportion")
    if _no_values(successes) and (_no_values(trials) or np.ndim(trials) == 0):
        return _empty_proportions()  # no groups at all (e.g. a branch without events): no rows, not an error
    s = _counts(successes, "successes")
    t = _counts(trials, "trials")
    if s.size != t.size and 1 not in (s.size, t.size):
        raise ParameterError(
            f"successes has {s.size} values but trials has {t.size}; give one trials "
            "value per successes value (or a single value for all)."
        )
    s, t = np.broadcast_arrays(s, t)
    over = np.flatnonzero(s > t)
    if over.size:
        pairs = [f"{s[i]} of {t[i]}" for i in over]
        raise ParameterError(
            f"successes exceed trials at position(s) {_show(over.tolist())} "
            f"({_show(pairs)}); a rate cannot be above 1."
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(t > 0, s / np.where(t > 0, t, 1), np.nan)
    low, high = _wilson(s, t, level)
    return pd.DataFrame(
        {
            "successes": s.astype(np.int64),
            "trials": t.astype(np.int64),
            "rate": rate,
            "ci_low": low,
            "ci_high": high,
        }
    )


# ---------------------------------------------------------------------------
# two proportions
# ---------------------------------------------------------------------------


def _scalar_count(value, name: str) -> int:
    """One whole, non-negative count."""
    if np.ndim(value) != 0:
        raise ParameterError(f"{name} must be a single count, got {value!r}.")
    return int(_as_counts(value, name)[0])


def compare_proportions(
    successes1,
    trials1,
    successes2,
    trials2,
    level: float = LEVEL,
    method: str = "auto",
) -> pd.DataFrame:
    """Compare two independent proportions: difference, interval and p-value.

    Parameters
    ----------
    successes1, trials1 : int
        Successes and trials of group 1 (e.g. strangers and attendees of one
        event).
    successes2, trials2 : int
        Successes and trials of group 2.
    level : float, default 0.95
        Confidence level of the interval for the difference.
    method : {"auto", "wald", "newcombe", "fisher"}, default "auto"
        - ``"wald"``: Pearson chi-square p-value and the unpooled Wald interval,
          exactly R's ``prop.test(c(x1, x2), c(n1, n2), correct = FALSE)``.
        - ``"newcombe"``: Newcombe's hybrid score interval (method 10 of
          Newcombe 1998) with the same chi-square p-value.
        - ``"fisher"``: two-sided Fisher exact p-value (R's ``fisher.test``)
          with the Newcombe interval.
        - ``"auto"``: ``"fisher"`` when any expected cell count of the 2 x 2
          table is below 5, otherwise ``"newcombe"``.

    Returns
    -------
    pandas.DataFrame
        One row with columns:

        - ``successes1``, ``trials1`` (int64), ``rate1`` (float): group 1.
        - ``successes2``, ``trials2`` (int64), ``rate2`` (float): group 2.
        - ``estimate`` (float): ``rate1 - rate2``.
        - ``ci_low``, ``ci_high`` (float): interval for the difference at ``level``.
        - ``p_value`` (float): two-sided p-value of "equal proportions";
          NaN for the chi-square methods when both groups have no successes or
          both have only successes (the test is undefined; use ``"fisher"``).
        - ``method`` (str): the method used (``"auto"`` is resolved to
          ``"newcombe"`` or ``"fisher"``).

    Raises
    ------
    ParameterError
        If a count is not a whole number >= 0, a group has no trials,
        successes exceed trials, ``level`` is not in (0, 1) or ``method`` is
        unknown.

    Notes
    -----
    With :math:`\\hat p_i = x_i/n_i`, :math:`d = \\hat p_1 - \\hat p_2` and
    :math:`z` the :math:`(1+\\text{level})/2` normal quantile:

    - Wald: :math:`d \\pm z\\sqrt{\\hat p_1(1-\\hat p_1)/n_1 + \\hat p_2(1-\\hat p_2)/n_2}`,
      truncated to [-1, 1] as R does.
    - Newcombe (hybrid score): with :math:`(l_i, u_i)` the Wilson interval of
      group :math:`i`, :math:`\\left[d - \\sqrt{(\\hat p_1-l_1)^2 + (u_2-\\hat p_2)^2},\\;
      d + \\sqrt{(u_1-\\hat p_1)^2 + (\\hat p_2-l_2)^2}\\right]`.
    - Chi-square p-value: :math:`X^2 = \\sum (O-E)^2/E` on the 2 x 2 table
      (successes, failures) x (group 1, group 2) without continuity
      correction, referred to :math:`\\chi^2_1`; it equals the square of the
      pooled two-proportion z statistic.
    - Fisher: ``scipy.stats.fisher_exact`` two-sided, which like R sums the
      probabilities of all tables no more likely than the observed one.

    Why ``"auto"`` chooses as it does: the Wald interval undercovers and can
    degenerate (zero width at 0 of n), so it is never chosen automatically and
    is offered only to reproduce ``prop.test``. Newcombe's interval has close
    to nominal coverage even for small groups (Newcombe 1998), so it is the
    interval of ``"auto"`` in every case. The chi-square p-value is trusted
    while every expected count is at least 5 (Cochran's rule, the one R warns
    about); below that the exact Fisher p-value is used. Interval and p-value
    then come from different procedures and can, rarely, disagree at the
    margin of significance.

    References
    ----------
    .. [1] Newcombe, R. G. (1998). Interval estimation for the difference
       between independent proportions: comparison of eleven methods.
       Statistics in Medicine 17, 873-890.
    .. [2] Agresti, A. (2013). Categorical Data Analysis, 3rd ed., sections
       3.1 and 3.5. Wiley.

    Examples
    --------
    >>> from analysis.stats import compare_proportions
    >>> r = compare_proportions(56, 70, 48, 80)
    >>> r[["estimate", "ci_low", "ci_high"]].round(4)
       estimate  ci_low  ci_high
    0       0.2  0.0524   0.3339
    >>> r.loc[0, "method"]
    'newcombe'
    """
    level = check_level(level, "compare_proportions")
    if method not in COMPARE_METHODS:
        raise ParameterError(
            f"method must be one of {', '.join(map(repr, COMPARE_METHODS))}; got {method!r}."
        )
    x1 = _scalar_count(successes1, "successes1")
    n1 = _scalar_count(trials1, "trials1")
    x2 = _scalar_count(successes2, "successes2")
    n2 = _scalar_count(trials2, "trials2")
    for g, x, n in ((1, x1, n1), (2, x2, n2)):
        if n == 0:
            raise ParameterError(
                f"group {g} has no trials (trials{g} = 0); a rate needs at least one trial."
            )
        if x > n:
            raise ParameterError(
                f"successes{g} = {x} exceeds trials{g} = {n}; a rate cannot be above 1."
            )

    p1, p2 = x1 / n1, x2 / n2
    d = p1 - p2
    observed = np.array([[x1, n1 - x1], [x2, n2 - x2]], dtype=float)
    chi2, expected = _pearson(observed)
    if method == "auto":
        method = "fisher" if (expected < SMALL_EXPECTED).any() else "newcombe"

    if method == "wald":
        z = z_value(level)
        width = z * np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        low, high = max(d - width, -1.0), min(d + width, 1.0)
    else:
        (l1, l2), (u1, u2) = _wilson(np.array([x1, x2]), np.array([n1, n2]), level)
        low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)

    if method == "fisher":
        fisher = _sps.fisher_exact(observed.astype(np.int64), alternative="two-sided")
        p_value = float(fisher.pvalue)
    else:
        p_value = float(_sps.chi2.sf(chi2, 1)) if np.isfinite(chi2) else np.nan

    return pd.DataFrame(
        {
            "successes1": np.array([x1], dtype=np.int64),
            "trials1": np.array([n1], dtype=np.int64),
            "rate1": [p1],
            "successes2": np.array([x2], dtype=np.int64),
            "trials2": np.array([n2], dtype=np.int64),
            "rate2": [p2],
            "estimate": [d],
            "ci_low": [float(low)],
            "ci_high": [float(high)],
            "p_value": [p_value],
            "method": [method],
        }
    )
