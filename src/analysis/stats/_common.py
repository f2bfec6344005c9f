"""Shared internals of the stats modules: critical values, count checks, error building.

Private to :mod:`analysis.stats`; the messages of the other modules are built here so that
every building block names positions and values the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as _sps

from analysis.errors import DataError, ParameterError
from analysis.prep import problems_frame, show as _show
from analysis.rules import MAX_SHOWN

__all__ = ["z_value", "SMALL_EXPECTED"]

#: Expected cell count below which the chi-square approximation is doubtful.
SMALL_EXPECTED = 5


def z_value(level: float) -> float:
    """Two-sided standard-normal critical value for ``level`` (1.959964 for 0.95).

    >>> round(z_value(0.95), 6)
    1.959964
    """
    return float(_sps.norm.ppf((1.0 + level) / 2.0))


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
    """Build a :class:`DataError` with its one-row ``problems`` table (table ``data``)."""
    rows = list(rows)
    return DataError(message, problems_frame("data", column, rule, len(rows), rows[:MAX_SHOWN], detail))


def _pearson(observed: np.ndarray):
    """Pearson chi-square statistic, expected counts; NaN statistic if a margin is 0."""
    n = observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = float(((observed - expected) ** 2 / expected).sum())
    return chi2, expected


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


