"""Contingency tables: Pearson chi-square test of independence, Cramér's V, expected counts.

Reference values: ``tests/stats/stats_reference.R`` (R's ``chisq.test``), checked in
``tests/stats/test_contingency.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as _sps

from analysis.errors import DataError, ParameterError
from analysis.prep import show as _show
from analysis.stats._common import SMALL_EXPECTED, _check_columns, _pearson, _repr

__all__ = ['contingency', 'contingency_table', 'expected_counts', 'SMALL_EXPECTED']

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
