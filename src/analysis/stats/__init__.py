"""Statistical building blocks: interval estimates and tests (统计工具).

Small, pure functions on top of statsmodels and scipy. Every function takes
scalars, array-likes or a tidy DataFrame plus column names, and returns a tidy
:class:`pandas.DataFrame` with a plain ``RangeIndex``. Nothing is rounded:
presentation belongs to the notebook. The interval level is always the
parameter ``level`` and never part of a column name.

Vocabulary of the returned columns (shared with the rest of the package):

- proportions: ``successes``, ``trials``, ``rate``, ``ci_low``, ``ci_high``;
- effects: ``estimate``, ``ci_low``, ``ci_high``; tests: ``p_value``;
- ``n``: the number of observations (rows) actually used.

Every reference value in ``tests/test_stats.py`` was computed in R by
``tests/r/stats_reference.R``; the package itself does not need R.

Functions
---------
proportion
    Rate with a Wilson score interval, one row per (successes, trials) pair.
compare_proportions
    Difference of two independent proportions with interval and p-value.
contingency, contingency_table
    Pearson chi-square test of independence with Cramér's V.
expected_counts
    Observed and expected counts and residuals of a crosstab, one row per cell.
logit
    Logistic regression with odds ratios and Wald intervals.
stratified_proportion
    Design-based proportion for a stratified simple random sample.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as _sps
from statsmodels.stats.proportion import proportion_confint

from analysis._checks import check_level
from analysis.errors import DataError, ParameterError

__all__ = [
    "proportion",
    "compare_proportions",
    "contingency",
    "contingency_table",
    "expected_counts",
    "logit",
    "stratified_proportion",
]

#: Methods accepted by :func:`compare_proportions`.
COMPARE_METHODS = ("auto", "wald", "newcombe", "fisher")

#: Policies for strata with a single respondent in :func:`stratified_proportion`.
LONELY_PSU_POLICIES = ("fail", "adjust")

#: Expected cell count below which the chi-square approximation is doubtful.
SMALL_EXPECTED = 5

_MAX_SHOWN = 5  # offending positions / values shown in an error message


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------


def _z(level: float) -> float:
    """Two-sided standard-normal critical value for ``level``."""
    return float(_sps.norm.ppf((1.0 + level) / 2.0))


def _show(items: Sequence) -> str:
    """Comma-separated list of the first few items, with a count of the rest."""
    items = list(items)
    shown = ", ".join(str(i) for i in items[:_MAX_SHOWN])
    if len(items) > _MAX_SHOWN:
        shown += f" … ({len(items) - _MAX_SHOWN} more)"
    return shown


def _repr(value) -> str:
    """``repr`` of a value as the user typed it (``2.5``, not ``np.float64(2.5)``)."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _as_counts(values, name: str) -> np.ndarray:
    """Validate whole, non-negative counts and return them as a 1-d int64 array.

    Accepts a scalar or a one-dimensional array-like of numbers. Floats are
    accepted when they hold whole numbers (``3.0``); booleans, text, missing
    values, negative and fractional numbers raise :class:`ParameterError`
    naming the offending positions (0-based).
    """
    if isinstance(values, (pd.DataFrame, dict, set)):
        raise ParameterError(
            f"{name} must be a number or a one-dimensional list/array/Series of counts, "
            f"got a {type(values).__name__}."
        )
    arr = np.asarray(values.to_numpy() if isinstance(values, pd.Series) else values, dtype=object)
    if arr.ndim > 1:
        raise ParameterError(f"{name} must be one-dimensional, got shape {arr.shape}.")
    arr = np.atleast_1d(arr)
    if arr.size == 0:
        raise ParameterError(f"{name} is empty: give at least one count.")
    bad_pos, bad_val = [], []
    out = np.zeros(arr.shape, dtype=np.int64)
    for i, v in enumerate(arr):
        ok = (
            not isinstance(v, (bool, np.bool_))
            and isinstance(v, (int, float, np.integer, np.floating))
            and np.isfinite(v)
            and float(v) == int(v)
            and v >= 0
        )
        if ok:
            out[i] = int(v)
        else:
            bad_pos.append(i)
            bad_val.append(_repr(v))
    if bad_pos:
        raise ParameterError(
            f"{name} must hold whole numbers >= 0; position(s) {_show(bad_pos)} "
            f"hold {_show(bad_val)}."
        )
    return out


def _check_columns(data, columns: dict[str, object], func: str) -> None:
    """Check that ``data`` is a DataFrame holding every named column."""
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(
            f"{func}: data must be a pandas DataFrame, got {type(data).__name__}."
        )
    for role, col in columns.items():
        if col not in data.columns:
            raise ParameterError(
                f"{func}: {role} column {col!r} is not in the data; "
                f"available columns: {_show(list(data.columns))}."
            )


def _data_error(message: str, column: str, rule: str, rows: Sequence, detail: str) -> DataError:
    """Build a :class:`DataError` with its one-row ``problems`` table."""
    rows = list(rows)
    problems = pd.DataFrame(
        {
            "table": ["data"],
            "column": [column],
            "rule": [rule],
            "n_rows": [len(rows)],
            "rows": [rows[:_MAX_SHOWN]],
            "detail": [detail],
        }
    )
    return DataError(message, problems)


# ---------------------------------------------------------------------------
# one proportion
# ---------------------------------------------------------------------------


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


def proportion(successes, trials, level: float = 0.95) -> pd.DataFrame:
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
    group (``trials == 0``) is not an error: its rate and interval are NaN.

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
    s = _as_counts(successes, "successes")
    t = _as_counts(trials, "trials")
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


def _pearson(observed: np.ndarray):
    """Pearson chi-square statistic, expected counts; NaN statistic if a margin is 0."""
    n = observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = float(((observed - expected) ** 2 / expected).sum())
    return chi2, expected


def compare_proportions(
    successes1,
    trials1,
    successes2,
    trials2,
    level: float = 0.95,
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
        z = _z(level)
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


# ---------------------------------------------------------------------------
# contingency tables
# ---------------------------------------------------------------------------


def _validated_table(table, func: str) -> pd.DataFrame:
    """Check a crosstab of whole, non-negative counts with no empty row/column."""
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(
            f"{func}: table must be a pandas DataFrame of counts (a crosstab: row levels "
            f"as index, column levels as columns), got {type(table).__name__}."
        )
    if table.shape[0] < 2 or table.shape[1] < 2:
        raise DataError(
            f"{func}: the table has {table.shape[0]} row(s) and {table.shape[1]} column(s); "
            "a test of independence needs at least 2 x 2."
        )
    values = table.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0) | (values != np.round(values))
    if bad.any():
        cells = [
            f"({_repr(table.index[i])}, {_repr(table.columns[j])}) = {_repr(table.iat[i, j])}"
            for i, j in zip(*np.nonzero(bad))
        ]
        raise DataError(
            f"{func}: the table must hold whole counts >= 0; bad cell(s): {_show(cells)}."
        )
    for axis, what, labels in ((1, "row", table.index), (0, "column", table.columns)):
        empty = [_repr(labels[i]) for i in np.flatnonzero(values.sum(axis=axis) == 0)]
        if empty:
            raise DataError(
                f"{func}: {what}(s) {_show(empty)} of the table have no observations; "
                f"remove empty {what}s before testing (their expected counts are 0)."
            )
    return pd.DataFrame(values.astype(np.int64), index=table.index, columns=table.columns)


def _contingency_result(observed: np.ndarray) -> pd.DataFrame:
    r, c = observed.shape
    n = int(observed.sum())
    chi2, expected = _pearson(observed.astype(float))
    dof = (r - 1) * (c - 1)
    small = expected < SMALL_EXPECTED
    return pd.DataFrame(
        {
            "chi2": [chi2],
            "dof": np.array([dof], dtype=np.int64),
            "p_value": [float(_sps.chi2.sf(chi2, dof))],
            "cramers_v": [float(np.sqrt(chi2 / (n * (min(r, c) - 1))))],
            "n": np.array([n], dtype=np.int64),
            "min_expected": [float(expected.min())],
            "small_expected": [bool(small.any())],
            "cells_below_5": [float(small.mean())],
        }
    )


def contingency_table(table: pd.DataFrame) -> pd.DataFrame:
    """Chi-square test of independence and Cramér's V for a crosstab of counts.

    Parameters
    ----------
    table : pandas.DataFrame
        Counts, row levels as the index and column levels as the columns (as
        returned by :func:`pandas.crosstab`), at least 2 x 2.

    Returns
    -------
    pandas.DataFrame
        One row with columns:

        - ``chi2`` (float): Pearson chi-square statistic, no continuity correction.
        - ``dof`` (int64): degrees of freedom, ``(r - 1) * (c - 1)``.
        - ``p_value`` (float): upper tail of the chi-square distribution.
        - ``cramers_v`` (float): Cramér's V, between 0 (independence) and 1.
        - ``n`` (int64): total count.
        - ``min_expected`` (float): smallest expected count.
        - ``small_expected`` (bool): whether any expected count is below 5.
        - ``cells_below_5`` (float): share of cells with expected count below 5.

    Raises
    ------
    DataError
        If the table is smaller than 2 x 2, holds a count that is not a whole
        number >= 0, or has an empty row or column.

    Notes
    -----
    Expected counts :math:`E_{ij} = n_{i+} n_{+j} / n`;
    :math:`X^2 = \\sum_{ij} (O_{ij} - E_{ij})^2 / E_{ij}` with
    :math:`(r-1)(c-1)` degrees of freedom, as R's
    ``chisq.test(tab, correct = FALSE)``;
    :math:`V = \\sqrt{X^2 / (n(\\min(r, c) - 1))}` (no bias correction).

    The chi-square approximation is doubtful when expected counts are small:
    by Cochran's rule, no expected count below 1 and at most 20% below 5.
    ``small_expected`` and ``cells_below_5`` report it; merging sparse levels
    is then the usual remedy (for a 2 x 2 table, use
    :func:`compare_proportions` with ``method="fisher"``).

    References
    ----------
    .. [1] Agresti, A. (2013). Categorical Data Analysis, 3rd ed., section 3.2.
       Wiley.
    .. [2] Cramér, H. (1946). Mathematical Methods of Statistics, p. 282.
       Princeton University Press.
    .. [3] Cochran, W. G. (1954). Some methods for strengthening the common
       chi-square tests. Biometrics 10, 417-451.

    Examples
    --------
    Agresti's party identification by gender (GSS):

    >>> import pandas as pd
    >>> from analysis.stats import contingency_table
    >>> tab = pd.DataFrame({"democrat": [762, 484], "independent": [327, 239],
    ...                     "republican": [468, 477]}, index=["female", "male"])
    >>> contingency_table(tab)[["chi2", "dof", "cramers_v", "n"]].round(4)
          chi2  dof  cramers_v     n
    0  30.0701    2     0.1044  2757
    """
    tab = _validated_table(table, "contingency_table")
    return _contingency_result(tab.to_numpy())


def contingency(data: pd.DataFrame, row: str, col: str) -> pd.DataFrame:
    """Chi-square test of independence and Cramér's V from long data.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation (e.g. one survey response).
    row, col : str
        Names of the two categorical columns to cross.

    Returns
    -------
    pandas.DataFrame
        One row with the columns of :func:`contingency_table`: ``chi2``,
        ``dof``, ``p_value``, ``cramers_v``, ``n`` (observations used),
        ``min_expected``, ``small_expected``, ``cells_below_5``.

    Raises
    ------
    ParameterError
        If ``data`` is not a DataFrame, a column is missing, or
        ``row == col``.
    DataError
        If, after dropping missing values, either column has fewer than two
        levels.

    Notes
    -----
    The crosstab is ``pandas.crosstab(data[row], data[col])``: observations
    with a missing value in ``row`` or ``col`` are left out (``n`` counts the
    observations used, so ``len(data) - n`` were dropped), and unused
    categories of a categorical column are not levels. The test is then the
    one of :func:`contingency_table` (Pearson, no continuity correction;
    R's ``chisq.test(table(d[[row]], d[[col]]), correct = FALSE)``).

    References
    ----------
    .. [1] Agresti, A. (2013). Categorical Data Analysis, 3rd ed., section 3.2.
       Wiley.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats import contingency
    >>> d = pd.DataFrame({"gender": ["f"] * 6 + ["m"] * 6,
    ...                   "joined": ["yes"] * 5 + ["no"] + ["yes"] * 2 + ["no"] * 4})
    >>> contingency(d, "gender", "joined")[["chi2", "dof", "n", "small_expected"]].round(4)
         chi2  dof   n  small_expected
    0  3.0857    1  12            True
    """
    _check_columns(data, {"row": row, "col": col}, "contingency")
    if row == col:
        raise ParameterError(f"contingency: row and col are the same column ({row!r}).")
    used = data[[row, col]].dropna()
    tab = pd.crosstab(used[row], used[col])
    tab = tab.loc[tab.sum(axis=1) > 0, tab.sum(axis=0) > 0]
    for name, levels in ((row, tab.index), (col, tab.columns)):
        if len(levels) < 2:
            raise DataError(
                f"contingency: column {name!r} has {len(levels)} level(s) "
                f"({_show(map(_repr, levels))}) among the {len(used)} complete rows; "
                "a test of independence needs at least two."
            )
    return _contingency_result(tab.to_numpy())


def expected_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Observed and expected counts and residuals of a crosstab, one row per cell.

    Parameters
    ----------
    table : pandas.DataFrame
        Counts as for :func:`contingency_table` (for long data, pass
        ``pandas.crosstab(data[row], data[col])``).

    Returns
    -------
    pandas.DataFrame
        One row per cell, row-major, with columns:

        - ``<row name>``: the row level; the column is named after
          ``table.index.name`` (``"row"`` if unnamed).
        - ``<col name>``: the column level; named after ``table.columns.name``
          (``"col"`` if unnamed).
        - ``observed`` (int64): the count.
        - ``expected`` (float): expected count under independence.
        - ``residual`` (float): Pearson residual :math:`(O - E)/\\sqrt{E}`.
        - ``std_residual`` (float): standardized (adjusted) residual, roughly
          standard normal under independence; cells beyond ±2 drive the
          association.

    Raises
    ------
    DataError
        As :func:`contingency_table`.

    Notes
    -----
    :math:`E_{ij} = n_{i+} n_{+j} / n` and the standardized residual is
    :math:`(O_{ij} - E_{ij}) / \\sqrt{E_{ij}(1 - n_{i+}/n)(1 - n_{+j}/n)}`,
    as R's ``chisq.test(tab)$expected``, ``$residuals`` and ``$stdres``.

    References
    ----------
    .. [1] Agresti, A. (2013). Categorical Data Analysis, 3rd ed., section
       3.3.1. Wiley.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats import expected_counts
    >>> tab = pd.DataFrame({"democrat": [762, 484], "independent": [327, 239],
    ...                     "republican": [468, 477]}, index=["female", "male"])
    >>> expected_counts(tab).round(2).head(3)
          row          col  observed  expected  residual  std_residual
    0  female     democrat       762    703.67      2.20          4.50
    1  female  independent       327    319.65      0.41          0.70
    2  female   republican       468    533.68     -2.84         -5.32
    """
    tab = _validated_table(table, "expected_counts")
    observed = tab.to_numpy()
    n = observed.sum()
    row_share = observed.sum(axis=1) / n
    col_share = observed.sum(axis=0) / n
    expected = np.outer(row_share, col_share) * n
    resid = (observed - expected) / np.sqrt(expected)
    std_resid = (observed - expected) / np.sqrt(
        expected * np.outer(1 - row_share, 1 - col_share)
    )
    row_name = tab.index.name if tab.index.name is not None else "row"
    col_name = tab.columns.name if tab.columns.name is not None else "col"
    if col_name == row_name:
        col_name = f"{col_name}_col"
    r, c = observed.shape
    return pd.DataFrame(
        {
            row_name: np.repeat(tab.index.to_numpy(), c),
            col_name: np.tile(tab.columns.to_numpy(), r),
            "observed": observed.ravel().astype(np.int64),
            "expected": expected.ravel(),
            "residual": resid.ravel(),
            "std_residual": std_resid.ravel(),
        }
    )


# ---------------------------------------------------------------------------
# logistic regression
# ---------------------------------------------------------------------------


def _zero_one(values: pd.Series) -> pd.Series | None:
    """0/1 floats (missing stays NaN) if ``values`` holds only 0/1 or True/False, else None.

    Accepts bool, nullable boolean, numeric and object columns holding such
    values. Text such as "yes"/"no" is not accepted: which level is the event
    must be said by the caller.
    """
    mask = values.isna().to_numpy()
    present = values.to_numpy(dtype=object)[~mask]
    if present.size == 0:
        return None
    is_bool = all(isinstance(v, (bool, np.bool_)) for v in present)
    is_number = not is_bool and all(
        isinstance(v, (int, float, np.integer, np.floating))
        and not isinstance(v, (bool, np.bool_))
        and v in (0, 1)
        for v in present
    )
    if not (is_bool or is_number):
        return None
    out = np.full(len(values), np.nan)
    out[~mask] = [float(v) for v in present]
    return pd.Series(out, index=values.index, name=values.name)


def _binary_response(y: pd.Series, column: str) -> pd.Series:
    """Return a 0/1 float Series (NaN kept) or raise naming the values found."""
    converted = _zero_one(y)
    if converted is not None:
        return converted
    found = _show(_repr(v) for v in pd.unique(y.dropna())[:_MAX_SHOWN + 1])
    raise ParameterError(
        f"logit: the response column {column!r} must hold 0/1 numbers or True/False; "
        f"found {found or 'only missing values'}. Recode it first, e.g. "
        f"data.assign({column}=data[{column!r}].eq('yes').astype(int)) "
        "(1 = the outcome whose odds you want)."
    )


def logit(data: pd.DataFrame, formula: str, level: float = 0.95) -> pd.DataFrame:
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


# ---------------------------------------------------------------------------
# stratified survey proportion
# ---------------------------------------------------------------------------


def stratified_proportion(
    data: pd.DataFrame,
    value: str,
    strata: str,
    population: str,
    level: float = 0.95,
    lonely_psu: str = "fail",
) -> pd.DataFrame:
    """Proportion estimated from a stratified simple random sample.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    value : str
        The answer column. 0/1 numbers or True/False give one estimate (the
        share of 1/True); any other values (text, categories) give one
        estimate per distinct value (the share choosing it).
    strata : str
        Stratum of each respondent, e.g. ``"community_id"``.
    population : str
        Population size :math:`N_h` of the respondent's stratum, e.g.
        ``"households"``; constant within a stratum.
    level : float, default 0.95
        Confidence level of the interval.
    lonely_psu : {"fail", "adjust"}, default "fail"
        What to do with a stratum that has a single respondent (its variance
        cannot be estimated). ``"fail"`` raises :class:`DataError`, as R's
        survey package by default; ``"adjust"`` centres that respondent at
        the overall estimate instead of the stratum mean, as
        ``options(survey.lonely.psu = "adjust")`` (conservative). A stratum
        whose single respondent is its whole population (:math:`N_h = 1`)
        contributes no variance under either policy, as in R.

    Returns
    -------
    pandas.DataFrame
        For a 0/1 or True/False ``value``, one row; otherwise one row per
        distinct value (categorical order, else sorted), with the value in a
        first column named after ``value``. Columns:

        - ``<value>`` (only for a categorical ``value``): the answer.
        - ``rate`` (float): estimated population proportion.
        - ``se`` (float): design-based standard error (with finite-population
          correction).
        - ``ci_low``, ``ci_high`` (float): normal-approximation interval at
          ``level``, :math:`\\hat p \\pm z\\,\\mathrm{se}`; not truncated to
          [0, 1] (as R's ``confint``).
        - ``n`` (int64): respondents used.
        - ``n_strata`` (int64): strata with at least one respondent used.
        - ``population`` (float): :math:`\\sum_h N_h` over those strata, the
          population the estimate speaks for.

    Raises
    ------
    ParameterError
        If ``data`` is not a DataFrame, a column is missing, or ``level`` or
        ``lonely_psu`` is invalid.
    DataError
        If ``strata`` or ``population`` has missing values, the population
        varies within a stratum, is not a positive number, or is smaller than
        the stratum's respondents; if no respondent is left; or if a stratum
        has a single respondent and ``lonely_psu="fail"``.

    Notes
    -----
    Each respondent of stratum :math:`h` (with :math:`n_h` respondents out of
    :math:`N_h`, :math:`N = \\sum_h N_h`) gets weight :math:`N_h / n_h`, so
    that

    .. math::

        \\hat p = \\sum_h \\frac{N_h}{N} \\bar y_h, \\qquad
        \\widehat{\\mathrm{Var}}(\\hat p) = \\sum_h \\left(\\frac{N_h}{N}\\right)^2
        \\left(1 - \\frac{n_h}{N_h}\\right) \\frac{s_h^2}{n_h},

    with :math:`\\bar y_h` and :math:`s_h^2` (denominator :math:`n_h - 1`)
    the stratum's sample mean and variance of the 0/1 answer. This is the
    textbook stratified estimator and equals R's
    ``svymean(~y, svydesign(ids = ~1, strata = ~community_id, weights = ~w,
    fpc = ~households, data = d))`` with ``w = households / n_h``, whose
    linearization variance reduces to the formula above; the interval is
    ``confint()`` of that estimate. With ``lonely_psu="adjust"`` a
    single-respondent stratum contributes
    :math:`(N_h/N)^2 (1 - 1/N_h) (y_h - \\hat p)^2`.

    Rows with a missing ``value`` are dropped and the weights computed from
    the remaining respondents (item non-response treated as random within a
    stratum); this equals running R on the complete rows, not
    ``svymean(..., na.rm = TRUE)`` (which keeps the original weights and
    treats the rows as a domain). ``n`` counts the rows used. A stratum left
    without respondents drops out of the estimate and of ``population``.

    References
    ----------
    .. [1] Cochran, W. G. (1977). Sampling Techniques, 3rd ed., chapter 5
       (sections 5.3 and 5.4). Wiley.
    .. [2] Lumley, T. (2010). Complex Surveys: A Guide to Analysis Using R,
       chapter 2. Wiley.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats import stratified_proportion
    >>> d = pd.DataFrame({
    ...     "community_id": ["A"] * 4 + ["B"] * 3,
    ...     "households": [1000] * 4 + [200] * 3,
    ...     "wants_pension_advice": [1, 1, 0, 1, 0, 0, 1]})
    >>> r = stratified_proportion(d, "wants_pension_advice", "community_id", "households")
    >>> r[["rate", "se", "n", "n_strata", "population"]].round(4)
         rate      se  n  n_strata  population
    0  0.6806  0.2151  7         2      1200.0
    """
    level = check_level(level, "stratified_proportion")
    if lonely_psu not in LONELY_PSU_POLICIES:
        raise ParameterError(
            f"lonely_psu must be one of {', '.join(map(repr, LONELY_PSU_POLICIES))}; "
            f"got {lonely_psu!r}."
        )
    _check_columns(
        data, {"value": value, "strata": strata, "population": population},
        "stratified_proportion",
    )
    if len({value, strata, population}) < 3:
        raise ParameterError(
            "stratified_proportion: value, strata and population must be three "
            f"different columns, got {value!r}, {strata!r}, {population!r}."
        )
    for col in (strata, population):
        missing = np.flatnonzero(data[col].isna().to_numpy())
        if missing.size:
            raise _data_error(
                f"stratified_proportion: column {col!r} has {missing.size} missing "
                f"value(s), at row(s) {_show((missing + 1).tolist())} (1 = first row); "
                "every respondent needs a stratum and its population size.",
                col, "not_null", (missing + 1).tolist(), "fill in or remove these rows",
            )
    pop = pd.to_numeric(data[population], errors="coerce")
    pop_values = pop.to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(pop_values) | (pop_values <= 0))
    if bad.size:
        raise _data_error(
            f"stratified_proportion: population column {population!r} must hold positive "
            f"numbers; row(s) {_show((bad + 1).tolist())} hold "
            f"{_show(_repr(v) for v in data[population].iloc[bad])}.",
            population, "positive_number", (bad + 1).tolist(), "population size of the stratum",
        )
    varying = pop.groupby(data[strata], sort=False).nunique()
    varying = varying[varying > 1]
    if len(varying):
        raise _data_error(
            f"stratified_proportion: population column {population!r} must be constant "
            f"within each stratum of {strata!r}; it varies in {_show(map(_repr, varying.index))}.",
            population, "constant_within_stratum",
            (np.flatnonzero(data[strata].isin(varying.index).to_numpy()) + 1).tolist(),
            "give each stratum one population size",
        )

    frame = pd.DataFrame(
        {"stratum": data[strata].to_numpy(), "N": pop.to_numpy(dtype=float),
         "value": data[value].to_numpy()}
    )
    frame = frame.loc[frame["value"].notna()].reset_index(drop=True)
    if frame.empty:
        raise _data_error(
            f"stratified_proportion: column {value!r} has no non-missing answers.",
            value, "not_null", [], "nothing to estimate",
        )

    raw = data[value]
    indicator = _zero_one(frame["value"])
    is_binary = indicator is not None

    by = frame.groupby("stratum", sort=False)
    n_h = by.size()
    N_h = by["N"].first()
    too_small = n_h[n_h > N_h]
    if len(too_small):
        raise _data_error(
            f"stratified_proportion: stratum/strata {_show(map(_repr, too_small.index))} have "
            f"more respondents than their population in {population!r} "
            f"({_show(f'{n_h[h]} > {N_h[h]:g}' for h in too_small.index)}).",
            population, "population_at_least_respondents",
            (np.flatnonzero(data[strata].isin(too_small.index).to_numpy()) + 1).tolist(),
            "check the population sizes",
        )
    lonely = n_h[(n_h == 1) & (N_h > 1)]
    if len(lonely) and lonely_psu == "fail":
        rows = (np.flatnonzero(data[strata].isin(lonely.index).to_numpy()
                               & data[value].notna().to_numpy()) + 1).tolist()
        raise _data_error(
            f"stratified_proportion: stratum/strata {_show(map(_repr, lonely.index))} of "
            f"{strata!r} have a single respondent, so their sampling variance cannot be "
            "estimated. Merge them with a similar stratum, or pass lonely_psu='adjust' "
            "(a conservative approximation, as R's survey.lonely.psu = 'adjust').",
            strata, "at_least_two_per_stratum", rows, "single respondent in stratum",
        )

    if is_binary:
        answers = [None]
        indicators = [indicator]
    else:
        non_missing = frame["value"]
        if isinstance(raw.dtype, pd.CategoricalDtype):
            present = set(non_missing)
            answers = [c for c in raw.cat.categories if c in present]
        else:
            answers = sorted(pd.unique(non_missing), key=lambda v: (str(type(v)), v))
        indicators = [(non_missing == a).astype(float) for a in answers]

    z = _z(level)
    N = float(N_h.sum())
    share = (N_h / N).to_numpy()
    f_h = (n_h / N_h).to_numpy()
    nh = n_h.to_numpy()
    rows_out = []
    for y in indicators:
        g = y.groupby(frame["stratum"], sort=False)
        mean_h = g.mean().reindex(n_h.index).to_numpy()
        rate = float((share * mean_h).sum())
        var_h = g.var(ddof=1).reindex(n_h.index).to_numpy()
        contrib = np.where(nh > 1, share**2 * (1 - f_h) * var_h / nh, 0.0)
        if lonely_psu == "adjust":
            single = (nh == 1)
            contrib = np.where(single, share**2 * (1 - f_h) * (mean_h - rate) ** 2, contrib)
        se = float(np.sqrt(contrib.sum()))
        rows_out.append((rate, se, rate - z * se, rate + z * se))

    out = pd.DataFrame(rows_out, columns=["rate", "se", "ci_low", "ci_high"])
    out = out.assign(
        n=np.int64(len(frame)),
        n_strata=np.int64(len(n_h)),
        population=N,
    ).astype({"n": "int64", "n_strata": "int64"})
    if not is_binary:
        out.insert(0, value, answers)
    return out


from analysis.stats.counts import *  # noqa: E402,F401,F403
from analysis.stats.counts import __all__ as _counts_all  # noqa: E402
from analysis.stats.survival import *  # noqa: E402,F401,F403
from analysis.stats.survival import __all__ as _survival_all  # noqa: E402

__all__ = [*__all__, *_counts_all, *_survival_all]
