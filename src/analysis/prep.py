"""Table preparation shared by every domain: checks, ids, timestamps, "as of", booleans, row labels.

Every domain function prepares its input tables through these helpers, so that the same value
gets the same treatment everywhere:

- **ids** are text (pandas ``string``), stripped of surrounding spaces; a required id that is
  empty is a :class:`~analysis.errors.DataError`.
- **timestamps** follow the one timezone rule of :data:`analysis.rules.TIMEZONE`: naive values are
  local wall-clock times as they are; timezone-aware values are converted to local time and
  stored naive. Text is parsed; a value that cannot be read as a time is a DataError, never a
  silent ``NaT``.
- **as of** (the evaluation moment of a report) follows the same rule; an unreadable value is a
  :class:`~analysis.errors.ParameterError`.
- **booleans** accept only True/False (the loader has already mapped 是/否, Y/N…).
- **row labels** in messages read "row 3 (B01-G01, P000012)": 1 = first data row, with the
  row's key columns so a user finds it in the spreadsheet.
- **row rules** (first contact after capture, …) are declared once, in :mod:`analysis.schemas`,
  and applied to any frame by :func:`check_rules`.

Errors name the function, the table, the column, the rule and the first offending rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.errors import DataError, ParameterError
from analysis.rules import MAX_SHOWN, TIMEZONE

__all__ = [
    "MAX_SHOWN", "show", "problems_frame", "data_error", "require_frame", "check_level", "by_columns",
    "row_labels", "mask_error", "ids", "to_local", "times", "as_of", "booleans", "lookup", "check_rules",
    "check_number", "check_fraction", "check_count", "latest", "pick", "ns",
]


# ---------------------------------------------------------------------------
# messages
# ---------------------------------------------------------------------------

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


def row_labels(df: pd.DataFrame, mask, key: Sequence[str] = ()) -> list[str]:
    """'row 3 (B01-G01, P000012)' for the first offending rows (1 = first data row)."""
    pos = np.flatnonzero(np.asarray(mask, dtype=bool))
    cols = [c for c in key if c in df.columns]
    out = []
    for i in pos[:MAX_SHOWN]:
        who = ", ".join(str(df[c].iloc[i]) for c in cols)
        out.append(f"row {i + 1}" + (f" ({who})" if who else ""))
    return out


def mask_error(func: str, table: str, column: str, rule: str, df: pd.DataFrame, mask, detail: str,
               key: Sequence[str] = ()) -> DataError:
    """A DataError for the rows of ``df`` where ``mask`` is True (labelled by ``key`` columns when given)."""
    mask = np.asarray(mask, dtype=bool)
    n = int(mask.sum())
    rows = row_labels(df, mask, key) if key else (np.flatnonzero(mask)[:MAX_SHOWN] + 1).tolist()
    return data_error(func, table, column, rule, rows, n, detail)


# ---------------------------------------------------------------------------
# arguments
# ---------------------------------------------------------------------------

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


def check_number(value, name: str, func: str, minimum: float = 0.0, unit: str = "") -> float:
    """``value`` as a finite float >= ``minimum``, else ParameterError."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)) \
            or not np.isfinite(value) or value < minimum:
        what = f"a number{' of ' + unit if unit else ''} >= {minimum:g}"
        raise ParameterError(f"{func}: {name} must be {what}, got {value!r}.")
    return float(value)


def check_fraction(value, name: str, func: str, closed: bool = False) -> float:
    """``value`` as a float in (0, 1) — or [0, 1] with ``closed`` — else ParameterError."""
    ok = not isinstance(value, (bool, np.bool_)) and isinstance(value, (int, float, np.number)) \
        and np.isfinite(value) and ((0 <= value <= 1) if closed else (0 < value < 1))
    if not ok:
        span = "between 0 and 1" if closed else "strictly between 0 and 1"
        raise ParameterError(f"{func}: {name} must be a fraction {span} (e.g. 0.70 for 70%), got {value!r}.")
    return float(value)


def check_count(value, name: str, func: str) -> int:
    """``value`` as a non-negative int, else ParameterError."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ParameterError(f"{func}: {name} must be a whole number >= 0, got {value!r}.")
    return int(value)


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


# ---------------------------------------------------------------------------
# columns
# ---------------------------------------------------------------------------

def ids(df: pd.DataFrame, table: str, column: str, func: str, key: Sequence[str] = (),
        required: bool = True) -> pd.Series:
    """An id column as stripped ``string``; empty required ids raise DataError (rule ``missing_id``).

    A column the table lacks gives an all-missing Series (for optional columns) unless ``required``.
    """
    if column not in df.columns:
        if required:
            require_frame(df, table, [column], func)
        return pd.Series(pd.NA, index=df.index, dtype="string")
    s = df[column].astype("string").str.strip()
    if required:
        miss = s.isna().to_numpy() | (s == "").fillna(False).to_numpy(dtype=bool)
        if miss.any():
            raise mask_error(func, table, column, "missing_id", df, miss, "the id is empty; every row needs one",
                             key or (column,))
    return s.mask(s == "")


def to_local(values: pd.Series) -> pd.Series:
    """A datetime Series under the timezone rule: aware → local (``rules.TIMEZONE``) and naive; naive as is."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    return values.astype("datetime64[ns]")


_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"


def _parse(values: pd.Series) -> pd.Series:
    """Text (or mixed objects) → datetime under the timezone rule; unreadable → NaT (caller checks).

    Values with a UTC offset (``+08:00``, ``Z``) are converted to local time; values without one
    are local time already. Both may appear in one column.
    """
    if values.dtype == object:
        values = values.map(lambda v: v.isoformat(sep=" ") if hasattr(v, "isoformat") else v)
    txt = values.astype("string").str.strip()
    txt = txt.mask(txt == "")
    aware = txt.str.contains(_OFFSET, regex=True).fillna(False).to_numpy(dtype=bool)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if (~aware).any():
        naive = pd.to_datetime(txt[~aware], errors="coerce", format="mixed")
        if isinstance(naive.dtype, pd.DatetimeTZDtype):  # an offset the pattern did not see
            naive = to_local(naive)
        out[~aware] = naive.astype("datetime64[ns]")
    if aware.any():
        out[aware] = to_local(pd.to_datetime(txt[aware], errors="coerce", format="mixed", utc=True))
    return out


def times(df: pd.DataFrame, table: str, column: str, func: str, key: Sequence[str] = (),
          required: bool = False) -> pd.Series:
    """A timestamp column as naive local ``datetime64[ns]`` (the timezone rule of this module).

    Text is parsed; a value that is not a time raises DataError (rule ``not_a_time``); with
    ``required`` an empty value raises too (rule ``missing_time``). A column the table lacks gives
    all ``NaT`` unless ``required``.
    """
    if column not in df.columns:
        if required:
            require_frame(df, table, [column], func)
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    s = df[column]
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        out = to_local(s)
    else:
        out = _parse(s)
        txt = s.astype("string").str.strip()
        given = (txt.notna() & (txt != "")).fillna(False).to_numpy(dtype=bool)
        bad = out.isna().to_numpy() & given
        if bad.any():
            raise mask_error(func, table, column, "not_a_time", df, bad,
                             "these values are not dates and times (e.g. 2026-09-03 12:00)", key)
    if required:
        miss = out.isna().to_numpy()
        if miss.any():
            raise mask_error(func, table, column, "missing_time", df, miss,
                             "the time is empty; every row needs one", key)
    return out


def as_of(value, func: str, default=None) -> pd.Timestamp | None:
    """The evaluation moment under the timezone rule; ``default`` when ``value`` is empty.

    Accepts a Timestamp, datetime or text such as ``'2026-09-30 18:00'`` (local time) or
    ``'2026-09-30 18:00+00:00'`` (converted to local time: 2026-10-01 02:00). Anything else is a
    ParameterError.
    """
    if value is None or value is pd.NaT or (isinstance(value, str) and not value.strip()):
        return default
    try:
        ts = pd.Timestamp(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        ts = pd.NaT
    if ts is pd.NaT or pd.isna(ts):
        raise ParameterError(f"{func}: as_of must be a date and time such as '2026-09-30 18:00', got {value!r}.")
    if ts.tzinfo is not None:
        ts = ts.tz_convert(TIMEZONE).tz_localize(None)
    return ts


def latest(*series: pd.Series) -> pd.Timestamp | None:
    """The latest timestamp among the given Series (None when all are empty)."""
    values = [s.max() for s in series if s is not None and len(s)]
    values = [v for v in values if pd.notna(v)]
    return max(values) if values else None


def ns(values) -> np.ndarray:
    """Times (naive local ``datetime64``, as :func:`times` gives them) as int64 nanoseconds since 1970; NaT is
    the smallest int64 (``np.iinfo(np.int64).min``), so an empty time compares before every time.

    >>> ns(pd.Series(pd.to_datetime(["1970-01-01 00:00:01", None]))).tolist()
    [1000000000, -9223372036854775808]
    """
    return np.asarray(values.to_numpy(dtype="datetime64[ns]") if hasattr(values, "to_numpy")
                      else np.asarray(values, dtype="datetime64[ns]")).view(np.int64)


def booleans(df: pd.DataFrame, table: str, column: str, func: str, key: Sequence[str] = (),
             required: bool = True) -> pd.Series:
    """A yes/no column as numpy ``bool``; non-boolean (or, if required, missing) values raise DataError."""
    require_frame(df, table, [column], func)
    s = df[column]
    if pd.api.types.is_bool_dtype(s.dtype):
        miss = s.isna().to_numpy()
        if miss.any():
            if required:
                raise mask_error(func, table, column, "not_null", df, miss,
                                 f"{column} is empty; every row must be True or False", key)
            return s.astype("boolean")
        return s.astype(bool)
    ok = s.isin([True, False]).to_numpy(dtype=bool)
    bad = ~ok & s.notna().to_numpy(dtype=bool)
    if required:
        bad = bad | s.isna().to_numpy(dtype=bool)
    if bad.any():
        raise mask_error(func, table, column, "boolean", df, bad,
                         f"{column} must hold True/False (是/否 in files, converted by load_dataset)", key)
    return s.astype(bool) if required else s.astype("boolean")


def lookup(keys: pd.Series, mapping: pd.Series) -> pd.Series:
    """``mapping[key]`` for each key (missing where absent), keeping the mapping's dtype even when empty."""
    values = mapping.reindex(pd.Index(keys.to_numpy(dtype=object)))
    return pd.Series(values.to_numpy(), index=keys.index, dtype=mapping.dtype if len(mapping) else None)


def check_rules(df: pd.DataFrame, table: str, func: str, key: Sequence[str] = (),
                rules: Sequence[str] | None = None) -> None:
    """Apply the row rules the contract declares for ``table`` (:mod:`analysis.schemas`); raise on the first broken.

    Rules whose columns the frame lacks are skipped. ``rules`` restricts the check to some rule names.
    """
    from analysis.schemas import get_table  # local: schemas imports nothing of ours, keep it that way

    for rule in get_table(table).rules:
        if rules is not None and rule.name not in rules:
            continue
        if not all(c in df.columns for c in rule.columns):
            continue
        bad = np.asarray(rule.bad_rows(df), dtype=bool)
        if bad.any():
            raise mask_error(func, table, rule.columns[-1], rule.name, df, bad, rule.description, key)


def pick(data, func: str, required: Sequence[str] = (), optional: Sequence[str] = (), **given) -> dict:
    """The tables a multi-table function needs, from keyword arguments or a data set.

    The convention of every function that reads more than one table::

        def headline(data=None, /, *, events=None, attendance=None, invitations=None, deals=None, ...):
            t = prep.pick(data, "headline", required=("events", "attendance", "invitations"),
                          optional=("deals",), events=events, attendance=attendance,
                          invitations=invitations, deals=deals)

    Tables are keyword-only and named as the contract's tables; ``data`` (a mapping such as a
    scoped :class:`~analysis.io.Dataset`) supplies any table not given explicitly. A required
    table found in neither is a ParameterError; an optional one is ``None``.
    """
    if data is not None and not hasattr(data, "get"):
        raise ParameterError(f"{func}: the first argument must be a data set (table name → DataFrame), "
                             f"got {type(data).__name__}; pass single tables by name, e.g. events=...")
    out = {}
    for name in (*required, *optional):
        value = given.get(name)
        if value is None and data is not None:
            value = data.get(name)
        if value is None and name in required:
            raise ParameterError(f"{func}: the {name} table is needed; pass {name}=... or a data set that holds it.")
        if value is not None and not isinstance(value, pd.DataFrame):
            raise ParameterError(f"{func}: {name} must be a pandas DataFrame (the {name} table), "
                                 f"got {type(value).__name__}.")
        out[name] = value
    return out
