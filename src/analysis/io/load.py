"""Loading a data set: read every table of a folder or database, then validate it (:func:`load_dataset`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import DataError, ParameterError
from analysis.io.dataset import Dataset
from analysis.io.readers import _lean_arrow_memory, _read_folder, _read_sqlite, SQLITE_SUFFIXES
from analysis.io.times import _check_date_order
from analysis.io.validate import _type_table, _validate
from analysis.schemas import TABLE_ALIASES


def load_dataset(source, errors: str = "raise", tables=None, date_order: str | None = None) -> Dataset:
    """Read and validate every table of a data set.

    Parameters
    ----------
    source : str or path-like
        A folder holding one file per table (``<table>.csv``, ``.parquet`` or ``.xlsx``; Chinese file
        names such as ``签到.csv`` are accepted) or an SQLite database file (``.sqlite``, ``.db``) with
        one database table per contract table. A snapshot folder (one holding ``_snapshot.json``,
        written by :mod:`analysis.snapshot` for a run) is restored as the run validated it, not
        validated again: :func:`analysis.snapshot.load` (``tables`` and ``errors`` apply; its recorded
        problems are the problems; ``date_order`` does not, the snapshot is typed already).
    errors : {"raise", "report"}
        ``"raise"``: any problem raises :class:`analysis.DataError` listing all problems.
        ``"report"``: rows breaking a row-level rule are set aside and listed in
        ``Dataset.problems`` / ``Dataset.rejected``; table-level problems still raise.
    tables : list of str, optional
        Read only these tables (files of other tables are not even opened); by default every table
        found.
    date_order : {"DMY", "MDY", "YMD"}, optional
        How to read dates whose year comes last (``03/09/2026``): day first (DMY) or month first (MDY).
        Without it such dates are refused as ambiguous (rule ``ambiguous_date``); year-first dates
        (``2026-09-03``, ``2026/9/3``) are always read as year, month, day.

    Returns
    -------
    Dataset
        A ``dict`` of table name → validated DataFrame for every table of the contract
        (absent optional tables as empty frames with the contract's columns and dtypes),
        with ``source``, ``rows_read``, ``problems``, ``rejected`` and ``notes``.

    Raises
    ------
    analysis.DataError
        The message names the table, column, rule and the first offending rows (file row numbers,
        header = row 1); see the module notes for the rules.

    Examples
    --------
    >>> ds = load_dataset("data/sample")               # doctest: +SKIP
    >>> ds["attendance"].dtypes["arrived_at"]          # doctest: +SKIP
    dtype('<M8[ns]')
    """
    from analysis import snapshot  # a snapshot is restored, not validated again (issue 10)

    if snapshot.is_snapshot(source):
        return snapshot.load(source, tables=tables, errors=errors)
    if errors not in ("raise", "report"):
        raise ParameterError(f"errors must be 'raise' or 'report', not {errors!r}")
    order = _check_date_order(date_order)
    path = Path(source)
    if not path.exists():
        raise DataError(f"data source {path} does not exist. Point --data at a folder of CSV/XLSX/Parquet "
                        "files (see the README), or run `python -m analysis sample --out data/sample`.")
    wanted = None if tables is None else {TABLE_ALIASES.get(t, t) for t in tables}
    with _lean_arrow_memory():
        return _load(path, wanted, errors, order)


def _load(path: Path, wanted, errors: str, order) -> Dataset:
    if path.is_dir():
        def typing(name, df, where):
            return _type_table(name, df, where=where, file_rows=True, date_order=order)

        raw, origin, notes = _read_folder(path, wanted, typing)
    elif path.suffix.lower() in SQLITE_SUFFIXES:
        raw, origin, notes = _read_sqlite(path, wanted)
    else:
        raise ParameterError(f"{path}: expected a folder of table files or an SQLite database (.sqlite/.db)")
    return _validate(raw, source=str(path), errors=errors, origin=origin, notes=notes, file_rows=True,
                     date_order=order)


def validate_tables(tables: dict[str, pd.DataFrame], errors: str = "report", date_order: str | None = None
                    ) -> pd.DataFrame:
    """Validate in-memory tables (e.g. the sample generator's output) against the contract.

    Returns the problems table (columns ``table``, ``column``, ``rule``, ``n_rows``, ``rows``,
    ``detail``; ``rows`` are index labels); empty when the tables are valid. Table-level
    problems raise :class:`analysis.DataError` as in :func:`load_dataset`.
    """
    ds = _validate(dict(tables), source="<memory>", errors="report", origin={}, notes=[], file_rows=False,
                   date_order=_check_date_order(date_order))
    return ds.problems
