"""Argument and column checks shared by the domain modules.

:mod:`analysis.events`, :mod:`analysis.followup`, :mod:`analysis.groups` and
:mod:`analysis.surveys` validate their inputs the same way: a table must be a
DataFrame with the columns the function needs, ``level`` must lie strictly
between 0 and 1, ``by`` names columns of the input. The helpers here raise the
package's errors with messages that name the function, the table, the column,
the rule and the offending rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.errors import DataError, ParameterError

MAX_SHOWN = 5


def show(items: Iterable) -> str:
    """Comma-separated list of the first few items, with a count of the rest."""
    items = [str(i) for i in items]
    text = ", ".join(items[:MAX_SHOWN])
    if len(items) > MAX_SHOWN:
        text += f" … ({len(items) - MAX_SHOWN} more)"
    return text


def problems_frame(table: str, column: str, rule: str, n_rows: int, rows, detail: str) -> pd.DataFrame:
    """The one-row ``problems`` frame of a :class:`DataError` (columns as documented there)."""
    return pd.DataFrame({"table": [table], "column": [column], "rule": [rule], "n_rows": [int(n_rows)],
                         "rows": [rows], "detail": [detail]}).astype({"n_rows": "int64"})


def data_error(func: str, table: str, column: str, rule: str, rows: Sequence, n_rows: int,
               detail: str) -> DataError:
    """A DataError naming function, table, column, rule, how many rows break it and the first of them."""
    rows = list(rows)
    count = f", {int(n_rows)} row(s)" if n_rows else ""
    numbers = all(isinstance(r, (int, np.integer)) for r in rows)  # row numbers, or labels like "row 3 (…)"
    where = f"; {'rows ' if numbers else ''}{show(rows)}" if rows else ""
    return DataError(f"{func}: table {table}, column {column}: {detail} (rule {rule}{count}{where}).",
                     problems_frame(table, column, rule, n_rows, rows[:MAX_SHOWN], detail))


def require_frame(df, table: str, columns: Sequence[str], func: str) -> pd.DataFrame:
    """Check that ``df`` is a DataFrame (else ParameterError) with ``columns`` (else DataError); return it."""
    if not isinstance(df, pd.DataFrame):
        raise ParameterError(f"{func}: {table} must be a pandas DataFrame (the {table} table), "
                             f"got {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        names = ", ".join(missing)
        raise data_error(func, table, names, "missing_column", [], 0,
                         f"the table has no column {names} (the data contract requires it, see "
                         f"docs/data-contract.md; present: {show(df.columns) or 'none'})")
    return df


def check_level(level, func: str) -> float:
    """``level`` as a float if it is a number strictly between 0 and 1, else ParameterError."""
    if isinstance(level, (bool, np.bool_)) or not isinstance(level, (int, float, np.number)) \
            or not 0 < float(level) < 1:
        raise ParameterError(f"{func}: level must lie strictly between 0 and 1 (e.g. 0.95 for a 95% interval), "
                             f"got {level!r}.")
    return float(level)


def by_columns(by, columns: Iterable, table: str, func: str, allow_empty: bool = True) -> list[str]:
    """``by`` (None, a column name or a list of them) as a list of columns of ``table``.

    ParameterError when ``by`` is not text, names a column that ``columns`` lacks or repeats one;
    with ``allow_empty=False`` also when it is an empty list.
    """
    if by is None:
        return []
    keys = [by] if isinstance(by, str) else list(by)
    if (not keys and not allow_empty) or not all(isinstance(k, str) for k in keys):
        raise ParameterError(f"{func}: by must be a column name, a list of column names or None, got {by!r}.")
    columns = list(columns)
    missing = [k for k in keys if k not in columns]
    if missing:
        raise ParameterError(f"{func}: by must name columns of {table}; by column(s) "
                             f"{', '.join(map(repr, missing))} not found (available: {show(columns)}).")
    if len(set(keys)) != len(keys):
        raise ParameterError(f"{func}: by repeats a column: {keys!r}.")
    return keys
