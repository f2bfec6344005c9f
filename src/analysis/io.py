"""Reading and writing data sets in the data contract.

:func:`load_dataset` reads a folder of CSV / Parquet / XLSX files (or an SQLite
database), translates Chinese headers and values through the alias map in
:mod:`analysis.schemas`, converts every column to its contract dtype and
validates the whole data set at once. The user's files are only ever read.

Validation collects *every* problem (table, column, rule, offending rows)
before reporting. With ``errors="raise"`` (the default) any problem raises one
:class:`analysis.DataError` listing them all; with ``errors="report"`` the rows
that break a row-level rule are set aside (``Dataset.rejected``) and listed in
``Dataset.problems`` so that a report can still be produced and can show its
data-quality section. Problems that make a table unusable (a file that cannot be
read, a missing required table or column, a column of personal data) always raise.

How values are read (nothing is guessed; what is ambiguous is refused with a suggestion):

- **Files.** CSV in UTF-8 (with or without BOM) or GBK/GB18030; a row with more fields than
  the header (a trailing comma shifting the columns) is refused (rule ``extra_fields``), so is
  a header that is empty over a column holding values (``unnamed_column``) or given twice
  (``duplicate_column``); an empty header over an empty column (Excel leaves those) is dropped
  with a note. An Excel workbook: the sheet named as the table (``attendance`` or ``签到``),
  else the first sheet with a header, is read; the other sheets are listed in the notes, and
  when another sheet has the same columns the load stops (``several_sheets``) rather than read
  half of the rows. Unreadable files (``unreadable``), undecodable text (``encoding``) and empty
  files (``empty_file``) are problems naming the file.
- **Numbers.** ``1060.5``, ``-3``, ``1e3``, ``85%`` (= 0.85). A comma is a thousands separator
  only in the strict form ``1,060`` / ``12,345,678.5`` (groups of three digits) and only when no
  value of the column uses a decimal comma; a decimal comma (``1,5``, ``1.060,5``,
  ``1.060.000``) is refused (``decimal_comma``) — and then every comma-grouped value of that
  column with it, because ``1,060`` could then mean 1.06. ``inf``, ``nan`` and numbers beyond
  the float range are refused (``non_finite``); whole numbers are read exactly, and one beyond
  the 64-bit range (19+ digits) is refused (``overflow``), never rounded.
- **Dates and times.** ``2026-09-03``, ``2026-09-03 14:05[:30[.123]]``, ``2026/9/3 14:05``,
  ``2026.09.03``, ``2026年9月3日 14:05`` and Excel dates are unambiguous. Day and month before a
  four-digit year (``03/09/2026``) are refused (``ambiguous_date``) unless ``date_order`` says
  ``"DMY"`` or ``"MDY"``. The one timezone rule of the package (:data:`analysis.rules.TIMEZONE`):
  times are the branch's local wall-clock time; a value with a UTC offset (``+08:00``, ``Z``) is
  converted to Asia/Shanghai and stored without it. A column whose values are written in more
  than one form (different offsets, or some with and some without one) is ambiguous: the rows
  in a form other than the column's most common one are refused (``mixed_offsets``). Every time
  must lie in the contract's plausible range, 2000-01-01 … 2100-12-31
  (:data:`analysis.schemas.EARLIEST_TIME`, :data:`~analysis.schemas.LATEST_TIME`; fixed, so a
  result never depends on the day it is run): outside it the row is refused (``date_range``)
  — which also keeps dates such as 9999-12-31 that pandas cannot hold from ever reaching it.
- **Personal data.** A header that suggests personal data (:func:`analysis.privacy.personal_header`:
  电话号码, 手机, 邮箱, e-mail, 姓名, 身份证, 银行卡 …) that is not a column of the contract is refused in
  every table (``personal_data_column``). Values of every id and text column (and of columns
  outside the contract) holding a mobile or landline number, an ID-card number, an e-mail
  address or a bank card number (:func:`analysis.privacy.find_personal_data`) are refused row by
  row (``personal_data``, the kind named). Every value a message, a problems table, a note or a
  rejected row shows is masked (``138****8000``).
- **Plausibility.** Besides each table's row rules, rules across tables
  (:attr:`analysis.schemas.Table.cross_rules`, e.g. a check-in within its event's window) are
  checked after the references, against the parent rows that survived.

At city scale (tens of millions of rows; ``benchmarks/bench_load.py`` measures it beside the same checks
in DuckDB) every column is read once and typed in Arrow memory: CSV files through pyarrow's reader (every
column as text; a file that needs a diagnosis — another encoding, a ragged row, a bad header — is read
again by the careful pandas reader that names the problem), Parquet files batch by batch with their
types, the contract's category columns dictionary-encoded. Each table is typed as soon as its file is
read, so only one file's raw text is held at a time. The checks are whole-column Arrow/NumPy passes:
allowed values, booleans and categories once per distinct value; personal data looked for only in the
values that can hold any (:func:`analysis.privacy.personal_rows`); keys seen unique without sorting when
they are in order; references through ``pyarrow.compute.is_in``. What is reported is exactly what the
row-by-row reading would report.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import threading
import unicodedata
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import privacy
from analysis.errors import DataError, ParameterError
from analysis.rules import TIMEZONE
from analysis.schemas import (
    BOOL_VALUES,
    COLUMN_ALIASES,
    EARLIEST_TIME,
    LATEST_TIME,
    PERSONAL_DATA_COLUMNS,
    TABLE_ALIASES,
    TABLES,
    VALUE_ALIASES,
    Column,
    empty_frame,
)

__all__ = ["Dataset", "load_dataset", "validate_tables", "write_dataset", "append_tables", "format_problems", "read_wjx",
           "read_file", "parse_times", "PROBLEM_COLUMNS", "DATE_ORDERS"]

PROBLEM_COLUMNS = ["table", "column", "rule", "n_rows", "rows", "detail"]
SUFFIXES = (".csv", ".parquet", ".xlsx")
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
MAX_ROWS_SHOWN = 5
ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 (with or without BOM); GBK/GB18030 as Excel saves on Chinese Windows
#: Values of ``date_order``: how to read a date whose year comes last (``03/09/2026``).
DATE_ORDERS = ("DMY", "MDY", "YMD")
# Fatal rules: the table cannot be used at all, so rows cannot simply be set aside.
TABLE_RULES = {"missing_table", "missing_column", "personal_data_column", "ambiguous_column", "duplicate_table",
               "duplicate_column", "unnamed_column", "unreadable", "encoding", "empty_file", "extra_fields",
               "several_sheets"}
_INT64_MAX = 2 ** 63 - 1
_INT64_LIMIT = 2.0 ** 63  # as a float: comparisons of floats with the int above are not reliable
_FLOAT_EXACT = 2 ** 53  # whole numbers read through a float are exact up to here


class Dataset(dict):
    """A validated data set: ``dict`` of table name → DataFrame, plus its data-quality record.

    Attributes
    ----------
    source : str
        Where the data came from.
    rows_read : dict
        Table → rows read from the source (before any row was set aside).
    problems : pandas.DataFrame
        Columns ``table``, ``column``, ``rule``, ``n_rows``, ``rows``, ``detail``; empty when clean.
        Personal data in ``detail`` is masked.
    rejected : dict
        Table → the rows set aside with ``errors="report"`` (with a ``file_row`` column); personal
        data in their text columns is masked.
    notes : list of str
        Things worth knowing that are not errors (absent optional tables, extra columns kept,
        the sheet read from a workbook and the others, files that are not part of the contract).
    """

    def __init__(self, tables=None, *, source="", rows_read=None, problems=None, rejected=None, notes=None):
        super().__init__(tables or {})
        self.source = str(source)
        self.rows_read = dict(rows_read or {})
        self.problems = problems if problems is not None else pd.DataFrame(columns=PROBLEM_COLUMNS)
        self.rejected = dict(rejected or {})
        self.notes = list(notes or [])

    def quality(self) -> pd.DataFrame:
        """One row per contract table: ``table``, ``present``, ``rows_read``, ``rows_rejected``, ``rows``.

        ``rows`` is the number of rows kept for analysis.
        """
        out = []
        for name in TABLES:
            read = self.rows_read.get(name)
            rej = len(self.rejected.get(name, ()))
            out.append({"table": name, "present": read is not None,
                        "rows_read": int(read or 0), "rows_rejected": int(rej),
                        "rows": int(len(self[name])) if name in self else 0})
        return pd.DataFrame(out).astype({"rows_read": "int64", "rows_rejected": "int64", "rows": "int64"})


# ---------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------


def _rows_text(labels) -> str:
    labels = list(labels)
    return ", ".join(str(x) for x in labels[:MAX_ROWS_SHOWN]) + (" …" if len(labels) > MAX_ROWS_SHOWN else "")


def _problem(table, column, rule, labels, detail) -> dict:
    labels = list(labels)
    return {"table": table, "column": column, "rule": rule, "n_rows": len(labels), "rows": _rows_text(labels),
            "detail": privacy.mask_personal(str(detail))}


def _frame(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=PROBLEM_COLUMNS).astype({"n_rows": "int64"})
    return pd.DataFrame(rows)[PROBLEM_COLUMNS].astype({"n_rows": "int64"})


def _error(rows: list[dict], source: str) -> DataError:
    pr = _frame(rows)
    return DataError(format_problems(pr, source), pr)


class _FileProblem(Exception):
    """One file cannot be used (collected, so that every file's problem is reported at once)."""

    def __init__(self, rule: str, detail: str, rows=(), column: str = ""):
        super().__init__(detail)
        self.rule, self.detail, self.rows, self.column = rule, detail, list(rows), column


def _examples(values: pd.Series) -> str:
    vals = pd.unique(values.astype(str))[:3]
    return ", ".join(repr(privacy.mask_personal(str(v))) for v in vals)


def _clean_header(h) -> str:
    text = unicodedata.normalize("NFKC", str(h)).replace("\ufeff", "").replace("\u200b", "")
    return text.strip()


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------


def _bad_byte_line(path: Path, encoding: str) -> int | None:
    """The file line (1 = first) of the first byte that does not decode (only called when one does not)."""
    data = path.read_bytes()
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1
    return None


def _csv_records(path: Path, encoding: str):
    with open(path, encoding=encoding, newline="") as f:
        yield from csv.reader(f)


def _extra_fields(path: Path, encoding: str) -> _FileProblem:
    """The rows with more fields than the header (the slow, exact count; only run when there are some)."""
    records = _csv_records(path, encoding)
    header = next(records, [])
    bad = [i + 2 for i, rec in enumerate(records) if len(rec) > len(header)]
    return _FileProblem(
        "extra_fields",
        f"the header has {len(header)} columns but {len(bad)} row(s) have more fields: a trailing comma (or an "
        "unquoted comma inside a value) shifts the columns. Remove the extra comma at the end of those rows, or put "
        "the value in double quotes, and save the file again.", bad)


# Text columns as pandas' own CSV reader gives them (``dtype=str``): the Arrow-backed ``str`` dtype.
_TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)
_TEXT_TYPES = {pa.string(): _TEXT_DTYPE, pa.large_string(): _TEXT_DTYPE}


#: Rows handled at once by the Arrow passes over a column (bounds their temporary memory).
_BATCH_ROWS = 1 << 20


def _arrow_to_pandas(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as pandas' readers convert it, with text columns kept in Arrow memory (zero copy); the
    Arrow columns are released as they are converted."""
    return table.to_pandas(types_mapper=_TEXT_TYPES.get, self_destruct=True, split_blocks=True)


_POOL_LOCK = threading.Lock()
_POOL_USERS = [0, None]  # loads under way, the pool to restore


@contextmanager
def _lean_arrow_memory():
    """Arrow's jemalloc pool (returning freed memory to the system at once) while a data set is loaded.

    Arrow's default allocator (mimalloc) keeps what a load frees for reuse, so a city's load would end with
    the resident size of its largest moment. The previous default pool is restored afterwards (buffers keep
    the pool they came from); nothing changes when jemalloc is not built in or when the user chose a pool
    with ``ARROW_DEFAULT_MEMORY_POOL``."""
    pool = None
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        try:
            pool = pa.jemalloc_memory_pool()
        except (NotImplementedError, AttributeError, pa.ArrowException):
            pool = None
    if pool is None:
        yield
        return
    with _POOL_LOCK:
        if _POOL_USERS[0] == 0:
            _POOL_USERS[1] = pa.default_memory_pool()
            try:
                pa.jemalloc_set_decay_ms(0)
            except (NotImplementedError, AttributeError, pa.ArrowException):  # pragma: no cover
                pass
            pa.set_memory_pool(pool)
        _POOL_USERS[0] += 1
    try:
        yield
    finally:
        with _POOL_LOCK:
            _POOL_USERS[0] -= 1
            if _POOL_USERS[0] == 0:
                pa.set_memory_pool(_POOL_USERS[1])
                _POOL_USERS[1] = None


def _release_memory() -> None:
    """Give the memory Arrow freed while a table was read or typed back to the system (its allocator keeps
    freed memory for reuse otherwise: the resident size would stay at the largest table's high-water mark)."""
    try:
        pa.default_memory_pool().release_unused()
    except (AttributeError, pa.ArrowException):  # pragma: no cover - older pyarrow
        pass


def _slices(arr):
    """An Arrow array (or chunked array) as zero-copy pieces of at most :data:`_BATCH_ROWS` rows."""
    for chunk in (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]):
        for start in range(0, len(chunk), _BATCH_ROWS):
            yield chunk.slice(start, _BATCH_ROWS)


def _read_csv_fast(path: Path) -> tuple[pd.DataFrame, list[str]] | None:
    """A UTF-8 CSV file through pyarrow's multi-threaded reader: every column as text, read once.

    Gives exactly what the careful reader below gives (text columns, empty cells NA, the header's
    checks), or None whenever the file needs the careful reader's diagnosis: a header that is empty,
    repeated or not UTF-8, text that is not UTF-8 (GBK), rows with more or fewer fields than the
    header, anything pyarrow cannot parse.
    """
    import pyarrow.csv as pcsv

    try:
        header = next(_csv_records(path, "utf-8-sig"), None)
    except (UnicodeDecodeError, csv.Error):
        return None
    if not header or any(not h or not _clean_header(h) for h in header) or len(set(header)) < len(header):
        return None
    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(use_threads=True, block_size=16 << 20),
            parse_options=pcsv.ParseOptions(newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(column_types={h: pa.large_string() for h in header}, null_values=[""],
                                                strings_can_be_null=True, quoted_strings_can_be_null=True,
                                                check_utf8=True))
    except (pa.ArrowException, OSError, ValueError):
        return None
    if table.column_names != header or any(t != pa.large_string() for t in table.schema.types):
        return None
    df = _arrow_to_pandas(table)
    return df, _check_headers(df, [_clean_header(h) for h in header])


def _read_csv(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """A CSV file as text columns (empty cells NA), with the checks of the module notes."""
    if path.stat().st_size == 0:
        raise _FileProblem("empty_file", "the file is empty (0 bytes): export the table again with its header row")
    head = path.open("rb").read(4)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _FileProblem("encoding", "the file is UTF-16 text (Excel's 'Unicode text'): save it from Excel as "
                                       "'CSV UTF-8 (comma delimited)' and try again", [1])
    fast = _read_csv_fast(path)
    if fast is not None:
        return fast
    df = None
    for enc in ENCODINGS:
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding=enc)
            break
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise _FileProblem("empty_file", "the file has no header row: export the table again with its "
                                             "header") from None
        except pd.errors.ParserError as exc:
            if "Expected" in str(exc) and "fields" in str(exc):
                raise _extra_fields(path, enc) from None
            raise _FileProblem("unreadable", f"the file cannot be read as CSV ({exc})") from None
    if df is None:
        line = _bad_byte_line(path, "utf-8-sig")
        raise _FileProblem("encoding", "the file is neither UTF-8 nor GBK/GB18030 text (first undecodable byte on "
                                       f"line {line}). Save it from Excel as 'CSV UTF-8' and try again.",
                           [line] if line else [])
    if not isinstance(df.index, pd.RangeIndex):  # data rows longer than the header: pandas took an index
        raise _extra_fields(path, enc)
    header = next(_csv_records(path, enc), [])
    return df, _check_headers(df, [_clean_header(h) for h in header])


def _check_headers(df: pd.DataFrame, header: list[str]) -> list[str]:
    """Duplicate and empty headers (raw ``header`` as in the file); drops empty unnamed columns from ``df``."""
    named = [h for h in header if h]
    dupes = sorted({h for h in named if named.count(h) > 1})
    if dupes:
        raise _FileProblem("duplicate_column", f"the header {', '.join(repr(d) for d in dupes)} appears more than "
                                               "once; keep one column of each name", column=dupes[0])
    notes, drop = [], []
    for pos, col in enumerate(df.columns):
        unnamed = (pos < len(header) and not header[pos]) or str(col).startswith("Unnamed: ")
        if not unnamed:
            continue
        if df[col].isna().all():
            drop.append(col)
        else:
            raise _FileProblem("unnamed_column", f"column {pos + 1} has no header but holds values (such as "
                                                 f"{_examples(df[col].dropna())}): a missing header or a trailing "
                                                 "comma shifts the columns; give it a header or delete it",
                               column=f"column {pos + 1}")
    for col in drop:
        del df[col]
    if drop:
        notes.append(f"{len(drop)} empty column(s) without a header dropped")
    return notes


def _sheet_table(title: str) -> str | None:
    return _table_name(title)


def _read_xlsx(path: Path, table: str | None) -> tuple[pd.DataFrame, list[str]]:
    """The sheet of a workbook that holds ``table`` (see the module notes), with notes on the others."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            sheets = []
            for ws in wb.worksheets:
                first = next(ws.iter_rows(max_row=1, values_only=True), None) or ()
                heads = [_clean_header(v) if v is not None else "" for v in first]
                while heads and not heads[-1]:
                    heads.pop()
                sheets.append((ws.title, heads))
        finally:
            wb.close()
    except Exception as exc:  # noqa: BLE001 - any reader failure, in the user's terms
        raise _FileProblem("unreadable", f"the file cannot be read as an Excel workbook (.xlsx): "
                                         f"{type(exc).__name__}: {exc}") from None
    filled = [(t, h) for t, h in sheets if h]
    if not filled:
        raise _FileProblem("empty_file", "the workbook has no sheet with a header row")
    named = [(t, h) for t, h in filled if table is not None and _sheet_table(t) == table]
    chosen, heads = (named or filled)[0]
    others = [t for t, _h in sheets if t != chosen]
    if not named:
        same = [t for t, h in filled if t != chosen and sorted(h) == sorted(heads)]
        if same:
            alias = f" (or {TABLES[table].zh_name})" if table in TABLES and TABLES[table].zh_name else ""
            raise _FileProblem(
                "several_sheets",
                f"sheets {', '.join(repr(t) for t in [chosen, *same])} have the same columns: the table must be in one "
                f"sheet, or it would be read only in part. Copy the rows into one sheet, or name the sheet to read "
                f"{table or 'as the table'!r}{alias}.")
    df = None
    try:
        df = pd.read_excel(path, sheet_name=chosen, dtype=object, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001
        raise _FileProblem("unreadable", f"sheet {chosen!r} cannot be read ({type(exc).__name__}: {exc})") from None
    df.columns = [_clean_header(c) for c in df.columns]
    notes = _check_headers(df, heads + [""] * max(0, len(df.columns) - len(heads)))
    if others:
        empty = {t for t, h in sheets if not h}
        listed = ", ".join(f"{t!r}" + (" (empty)" if t in empty else "") for t in others)
        notes.append(f"sheet {chosen!r} read; other sheet(s) not read: {listed}")
    return df, notes


def read_file(path, table: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read one table file (``.csv``, ``.xlsx`` or ``.parquet``) as the loader does; notes on what was done.

    Used by :func:`load_dataset` and by the importers. Raises :class:`analysis.DataError` (one problem
    naming the file, ``table``, the rule and the rows) when the file cannot be used; see the module
    notes for the rules.
    """
    path = Path(path)
    try:
        return _read_one(path, table)
    except _FileProblem as p:
        raise _error([_problem(table or "", p.column, p.rule, p.rows, f"{path.name}: {p.detail}")], str(path)) \
            from None


def _read_one(path: Path, table: str | None, loading: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """``loading``: the frame is only typed by the loader, so a Parquet file's contract text columns may come
    as Arrow text whatever pandas dtype the file records (:func:`read_file` gives the recorded dtypes)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".xlsx":
            return _read_xlsx(path, table)
        if suffix == ".parquet":
            df = _read_parquet(path, table, loading)
            df.columns = [_clean_header(c) for c in df.columns]
            return df, _check_headers(df, list(df.columns))
    except _FileProblem:
        raise
    except OSError as exc:
        raise _FileProblem("unreadable", f"the file cannot be opened ({exc.strerror or exc})") from None
    except Exception as exc:  # noqa: BLE001 - turn any reader failure into the user's terms
        raise _FileProblem("unreadable", f"the file cannot be read as {suffix[1:].upper()} "
                                         f"({type(exc).__name__}: {exc})") from None
    raise ParameterError(f"{path.name}: unsupported file type {suffix}; use .csv, .parquet or .xlsx")


def _read_parquet(path: Path, table: str | None, loading: bool = False) -> pd.DataFrame:
    """A Parquet file as pandas' reader gives it (the dtypes the file records, its stored index restored),
    read batch by batch. When ``loading`` (the loader types the frame itself), the contract's text columns stay
    in Arrow memory (zero copy into pandas) and its category columns stored as plain text are read
    dictionary-encoded (their values are then checked once per distinct value, not once per row)."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    aliases = COLUMN_ALIASES.get(table or "", {})
    kinds = {c.name: c.kind for c in TABLES[table].columns} if table in TABLES else {}
    as_dictionary, contract = [], set()
    for name, typ in zip(schema.names, schema.types):
        head = _clean_header(name)
        target = aliases.get(head) or aliases.get(head.lower())
        if target is not None and loading:
            contract.add(name)
        if loading and kinds.get(target) == "category" and (pa.types.is_string(typ) or pa.types.is_large_string(typ)):
            as_dictionary.append(name)
    pf = pq.ParquetFile(path, read_dictionary=as_dictionary or None)
    wide = None
    parts = []
    # batch by batch, the contract's text widened to large_string as pandas holds it (one batch's copy at a time,
    # not the file's) and taken over without a copy; the other columns' text is converted as pandas' reader
    # converts it (into the dtype the file records), so it is kept out of that type
    for batch in pf.iter_batches(batch_size=_BATCH_ROWS, use_pandas_metadata=True):
        if wide is None:
            fields = []
            for f in batch.schema:
                text = pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
                fields.append(f.with_type(pa.large_string()) if text and f.name in contract else
                              f.with_type(pa.string()) if text else f)
            wide = pa.schema(fields, metadata=batch.schema.metadata)
        parts.append(batch.cast(wide) if wide != batch.schema else batch)
    if not parts:  # no rows: the file's schema is all there is
        return pf.schema_arrow.empty_table().to_pandas()
    data = pa.Table.from_batches(parts, schema=wide)
    del parts
    return data.to_pandas(types_mapper={pa.large_string(): _TEXT_DTYPE}.get, self_destruct=True, split_blocks=True)


def _table_name(stem: str) -> str | None:
    s = _clean_header(stem)
    return TABLE_ALIASES.get(s) or TABLE_ALIASES.get(s.lower())


def _read_folder(folder: Path, wanted, typing=None) -> tuple[dict, dict[str, str], list[str]]:
    """Every table file of ``folder``: table → frame (or, with ``typing``, → what ``typing(name, frame, file)``
    makes of it right after the file is read, so that only one file's raw text is held at a time)."""
    raw: dict[str, pd.DataFrame] = {}
    origin: dict[str, str] = {}
    notes: list[str] = []
    problems: list[dict] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise _error([_problem("", "", "unreadable", [], f"{folder}: the folder cannot be listed "
                                                         f"({exc.strerror or exc})")], str(folder)) from None
    for path in entries:
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        if path.suffix.lower() not in SUFFIXES:
            continue
        name = _table_name(path.stem)
        if name is None:
            notes.append(f"{path.name}: not a table of the data contract; not read")
            continue
        if wanted is not None and name not in wanted:
            continue
        if name in origin:
            problems.append(_problem(name, "", "duplicate_table", [],
                                     f"{origin[name]} and {path.name} are both the table {name}; keep one of them"))
            continue
        origin[name] = path.name
        try:
            df, file_notes = _read_one(path, name, loading=True)
        except _FileProblem as p:
            problems.append(_problem(name, p.column, p.rule, p.rows, f"{path.name}: {p.detail}"))
            continue
        if typing is not None and not problems:  # after a file problem only the other files' problems matter
            df = typing(name, df, path.name)
        raw[name] = df
        _release_memory()
        notes += [f"{name}: {path.name}: {n}" for n in file_notes]
    if problems:
        raise _error(problems, str(folder))
    return raw, origin, notes


def _read_sqlite(path: Path, wanted) -> tuple[dict[str, pd.DataFrame], dict[str, str], list[str]]:
    raw, origin, notes, problems = {}, {}, [], []
    try:
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)  # read-only: never modifies it
    except sqlite3.Error as exc:
        raise _error([_problem("", "", "unreadable", [], f"{path.name}: the database cannot be opened ({exc})")],
                     str(path)) from None
    with closing(con):
        try:
            names = [r[0] for r in con.execute("select name from sqlite_master where type in ('table','view')")]
        except sqlite3.Error as exc:
            raise _error([_problem("", "", "unreadable", [],
                                   f"{path.name}: not a readable SQLite database ({exc}); check that the file is "
                                   "complete (copy it again) and that it is an SQLite file")], str(path)) from None
        for db_name in names:
            name = _table_name(db_name)
            if name is None:
                notes.append(f"{db_name}: not a table of the data contract; not read")
                continue
            if wanted is not None and name not in wanted:
                continue
            if name in origin:
                problems.append(_problem(name, "", "duplicate_table", [], f"{path.name}: database tables "
                                         f"{origin[name].split(':', 1)[1]} and {db_name} are both the table {name}"))
                continue
            origin[name] = f"{path.name}:{db_name}"
            try:
                quoted = '"' + db_name.replace('"', '""') + '"'
                df = pd.read_sql_query(f"select * from {quoted}", con, dtype=object)
                df.columns = [_clean_header(c) for c in df.columns]
                _check_headers(df, list(df.columns))
            except _FileProblem as p:
                problems.append(_problem(name, p.column, p.rule, p.rows, f"{path.name}:{db_name}: {p.detail}"))
                continue
            except Exception as exc:  # noqa: BLE001
                problems.append(_problem(name, "", "unreadable", [],
                                         f"{path.name}:{db_name}: the table cannot be read ({type(exc).__name__}: "
                                         f"{exc})"))
                continue
            raw[name] = df
    if problems:
        raise _error(problems, str(path))
    return raw, origin, notes


def _check_date_order(date_order) -> str | None:
    if date_order is None:
        return None
    if not isinstance(date_order, str) or date_order.strip().upper() not in DATE_ORDERS:
        raise ParameterError(f"date_order must be one of {', '.join(DATE_ORDERS)} (or None), not {date_order!r}: "
                             "DMY for 03/09/2026 = 3 September, MDY for 03/09/2026 = 9 March")
    return date_order.strip().upper()


def load_dataset(source, errors: str = "raise", tables=None, date_order: str | None = None) -> Dataset:
    """Read and validate every table of a data set.

    Parameters
    ----------
    source : str or path-like
        A folder holding one file per table (``<table>.csv``, ``.parquet`` or ``.xlsx``; Chinese file
        names such as ``签到.csv`` are accepted) or an SQLite database file (``.sqlite``, ``.db``) with
        one database table per contract table.
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


# ---------------------------------------------------------------------------
# Reading values
# ---------------------------------------------------------------------------


def _arrow_text(s: pd.Series):
    """The Arrow array behind a text column held in Arrow memory (None for other columns)."""
    dt = s.dtype
    if isinstance(dt, pd.StringDtype) and dt.storage == "pyarrow":
        return pa.array(s.array)  # zero copy: the column's own chunks
    return None


def _from_arrow_text(arr, index) -> pd.Series:
    """Arrow text as a ``string`` column (zero copy)."""
    if isinstance(arr, pa.ChunkedArray) and arr.num_chunks == 0:
        arr = pa.chunked_array([], type=arr.type)
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=index)


def _as_text(s: pd.Series) -> pd.Series:
    """Values as stripped strings (NA stays NA); integral floats from Excel lose their '.0'."""
    arr = _arrow_text(s)
    if arr is not None:  # text read by pyarrow: strip and blank → NA in Arrow, piece by piece
        pieces = []
        for piece in _slices(arr):
            trimmed = pc.utf8_trim_whitespace(piece)
            if pc.all(pc.equal(pc.binary_length(trimmed), pc.binary_length(piece))).as_py() is not False:
                trimmed = piece  # nothing to strip: keep the column's own memory
            blank = pc.equal(trimmed, "")
            if pc.any(blank).as_py():
                trimmed = pc.if_else(blank, pa.scalar(None, trimmed.type), trimmed)
            pieces.append(trimmed)
        return _from_arrow_text(pa.chunked_array(pieces, type=arr.type), s.index)
    if pd.api.types.is_float_dtype(s.dtype):
        txt = s.map(lambda v: (str(int(v)) if float(v).is_integer() else repr(float(v))) if pd.notna(v) else None)
    elif s.dtype == object:
        def conv(v):
            if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
                return None
            if isinstance(v, float):
                return str(int(v)) if v.is_integer() else repr(v)
            return str(v)
        txt = s.map(conv)
    else:
        txt = s
    out = txt.astype("string").str.strip()
    return out.mask(out == "")


def _flag(s: pd.Series) -> np.ndarray:
    return s.fillna(False).to_numpy(dtype=bool)


# Patterns over whole columns spell digits [0-9] (pandas runs \d, \s and look-arounds through Python's re,
# element by element; these go through pyarrow at once).
_PLAIN = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?"
_GROUPED = r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?%?"
_DOT3 = r"[+-]?[0-9]{1,3}\.[0-9]{3}%?"
_DECIMAL_COMMA = (r"[+-]?[0-9]+,[0-9]+%?", r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+%?",
                  r"[+-]?[0-9]{1,3}(?:\.[0-9]{3}){2,}%?")
_NON_FINITE = r"(?i)[+-]?(?:inf|infinity|nan)"
_INTEGER = r"[+-]?[0-9]+"


def _to_float(txt: pd.Series) -> pd.Series:
    """Plain number text (``12``, ``1.5``, ``1e3``, ``85%``) → float64; anything else NaN."""
    pct = _flag(txt.str.endswith("%"))
    num = pd.to_numeric(txt.str.rstrip("%"), errors="coerce").astype("float64")
    return num.where(~pct, num / 100)


def _plain_numbers(txt: pd.Series, whole: bool) -> pd.Series | None:
    """The common case at once: every value of a text column is a plain number (``12``, ``-3``, ``1060.5``; whole
    numbers of at most 18 digits), converted in one pass by Arrow. None when any value is written otherwise
    (then every rule of :func:`_numbers` is applied)."""
    arr = _arrow_text(txt)
    if arr is None:
        return None
    pattern = r"^[+-]?[0-9]{1,18}$" if whole else r"^[+-]?[0-9]+(?:\.[0-9]+)?$"
    if pc.all(pc.match_substring_regex(arr, pattern)).as_py() is False:
        return None
    try:
        if whole:
            values = pc.cast(arr, pa.int64())
            return pd.Series(pd.array(values.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get).array,
                                      dtype="Int64"), index=txt.index)
        values = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False).astype("float64", copy=False)
    except (pa.ArrowException, ValueError, TypeError):
        return None
    if np.isinf(values).any():
        return None
    return pd.Series(values, index=txt.index)


def _numbers(s: pd.Series, col: Column):
    """A numeric column: (values, issues) with issues [(rule, mask, detail)]; see the module notes."""
    whole = col.kind == "int"
    issues = []
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        if pd.api.types.is_integer_dtype(s.dtype):
            big = _flag(s.astype("float64").abs() >= _INT64_LIMIT) if str(s.dtype).lower().startswith("uint") \
                else np.zeros(len(s), dtype=bool)
            if whole:
                if big.any():
                    issues.append(("overflow", big, "a whole number this large (beyond 9223372036854775807) "
                                                    "cannot be stored; found " + _examples(s[big])))
                vals = s.where(~big) if big.any() else s
                return vals.astype("Int64"), issues
            return s.astype("float64"), issues
        num = s.astype("float64")
        inf = np.isinf(num.to_numpy())
        if inf.any():
            issues.append(("non_finite", inf, "infinite values are not numbers of the contract; leave the cell empty "
                                              "when the value is unknown"))
            num = num.where(~inf)
        if whole:
            frac = _flag(num.notna() & (num != np.floor(num.fillna(0))))
            over = _flag(num.abs() >= _INT64_LIMIT)
            if frac.any():
                issues.append(("type", frac, f"expected a whole number; found {_examples(s[frac])}"))
            if over.any():
                issues.append(("overflow", over, "a whole number this large (beyond 9223372036854775807) cannot be "
                                                 f"stored; found {_examples(s[over])}"))
            num = num.where(~(frac | over))
            return num.astype("Int64"), issues
        return num, issues

    txt = _as_text(s)
    fast = _plain_numbers(txt, whole)
    if fast is not None:
        return fast, []
    present = txt.notna().to_numpy()
    plain = _flag(txt.str.fullmatch(_PLAIN))
    grouped = _flag(txt.str.fullmatch(_GROUPED))
    nonfin = _flag(txt.str.fullmatch(_NON_FINITE))
    evidence = np.zeros(len(txt), dtype=bool)
    for pat in _DECIMAL_COMMA:
        evidence |= _flag(txt.str.fullmatch(pat))
    evidence &= ~grouped
    if evidence.any():
        ambiguous = evidence | grouped | _flag(txt.str.fullmatch(_DOT3))
        issues.append(("decimal_comma", ambiguous,
                       f"{_examples(txt[ambiguous])}: a decimal comma (1,5 or 1.060,5) is not read, and with one in "
                       "the column a comma-grouped value such as 1,060 (or 1.060) is ambiguous too. Write numbers "
                       "with a period for decimals and no thousands separator: 1060.5"))
        grouped = np.zeros(len(txt), dtype=bool)
        plain &= ~ambiguous
    else:
        ambiguous = np.zeros(len(txt), dtype=bool)
    other = present & ~plain & ~grouped & ~nonfin & ~ambiguous
    readable = pd.Series(np.where(grouped, txt.str.replace(",", "", regex=False), txt), index=txt.index,
                         dtype="string")
    ok = plain | grouped
    num = _to_float(readable.where(ok))
    huge = ok & np.isinf(num.to_numpy())  # 1e400: beyond the range of numbers
    if (nonfin | huge).any():
        issues.append(("non_finite", nonfin | huge,
                       f"{_examples(txt[nonfin | huge])} is not a finite number (infinite, not-a-number, or beyond "
                       "about 1.8e308); leave the cell empty when the value is unknown"))
    num = num.where(~huge)
    if whole:
        intlike = ok & ~huge & _flag(readable.str.fullmatch(_INTEGER))
        digits = readable.str.lstrip("+-").str.lstrip("0").str.len().fillna(0).to_numpy()
        over = intlike & (digits > 19)
        nineteen = np.flatnonzero(intlike & (digits == 19))
        for i in nineteen:  # rare: the exact comparison, per value
            if abs(int(readable.iloc[i])) > _INT64_MAX:
                over[i] = True
        exact = intlike & ~over
        values = pd.Series(pd.NA, index=txt.index, dtype="Int64")
        if exact.any():
            values[exact] = pd.to_numeric(readable[exact]).astype("Int64")
        rest = ok & ~huge & ~intlike  # 12.0, 1e3, 85%: through a float
        frac = rest & _flag(num.notna() & (num != np.floor(num.fillna(0))))
        big = rest & ~frac & _flag(num.abs() >= _FLOAT_EXACT)
        over |= big
        fine = rest & ~frac & ~big
        if fine.any():
            values[fine] = num[fine].astype("Int64")
        if over.any():
            issues.append(("overflow", over, f"{_examples(txt[over])} is too large a whole number to store "
                                             "exactly (beyond 9223372036854775807, or beyond 2^53 when written "
                                             "with a decimal point or an exponent)"))
        other |= frac
        if other.any():
            issues.append(("type", other, f"expected a whole number; found {_examples(txt[other])}"))
        return values, issues
    if other.any():
        issues.append(("type", other, f"expected a number; found {_examples(txt[other])}"))
    return num.where(ok & ~huge), issues


_ISO_NAIVE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?)?"
_GENERAL = (r"^(?P<a>\d{1,4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,4})"
            r"(?:(?:\s+|T)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?)?"
            r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$")
_ZH_DATE = r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*"


def _in_range(v: pd.Series) -> np.ndarray:
    return _flag(v.notna() & ((v < EARLIEST_TIME) | (v > LATEST_TIME)))


def _offset_form(tz: pd.Series) -> pd.Series:
    """``Z``/``UTC`` → ``+00:00``, ``+08`` / ``+0800`` → ``+08:00``; no offset → ``""``."""
    t = tz.fillna("").str.upper()
    t = t.where(~t.isin(["Z", "UTC", "GMT"]), "+00:00")
    t = t.str.replace(r"^([+-]\d{2})$", r"\1:00", regex=True).str.replace(r"^([+-]\d{2})(\d{2})$", r"\1:\2",
                                                                          regex=True)
    return t


def parse_times(values: pd.Series, date_order: str | None = None):
    """Text (or Excel/Parquet values) → naive local ``datetime64[ns]`` under the package's rules.

    Returns ``(times, issues)``: the times (NaT where refused or empty) and a list of
    ``(rule, mask, detail)`` for the refused values (rules ``type``, ``ambiguous_date``,
    ``mixed_offsets``, ``date_range``); see the module notes. Vectorised: ISO text (what
    :func:`write_dataset` writes) goes through pandas' parser at once; only the other values are
    taken apart with a regular expression.
    """
    order = _check_date_order(date_order)
    issues = []
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        v = values
        if isinstance(v.dtype, pd.DatetimeTZDtype):
            v = v.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
        out_of = _in_range(v)
        if out_of.any():
            issues.append(("date_range", out_of, _range_detail(v[out_of].astype(str))))
        if out_of.any():
            v = v.where(~out_of)
        return v.astype("datetime64[ns]"), issues
    if values.dtype == object:  # Excel gives datetime objects mixed with text
        values = values.map(lambda v: v.isoformat(sep=" ") if hasattr(v, "isoformat") and not isinstance(v, str)
                            else v)
    txt = _as_text(values)
    shown = txt
    zh = _flag(txt.str.contains("年", regex=False))
    if zh.any():
        txt = txt.where(~zh, txt.str.replace(_ZH_DATE, r"\1-\2-\3 ", regex=True).str.strip())
    out = pd.Series(pd.NaT, index=txt.index, dtype="datetime64[ns]")
    present = txt.notna().to_numpy()
    iso = _flag(txt.str.fullmatch(_ISO_NAIVE))
    form = None  # the UTC offset each value is written with ("" = none); only values not in ISO form have one
    bad_type = np.zeros(len(txt), dtype=bool)
    parsed = pd.Series(pd.NaT, index=txt.index, dtype="datetime64[us]")
    if iso.any():
        v = _iso_times(txt[iso])
        if v is None:
            v = pd.to_datetime(txt[iso], format="ISO8601", errors="coerce")
        parsed[iso] = v.astype("datetime64[us]").to_numpy()  # by position: the rows are the ones of txt[iso]
        bad_type[np.flatnonzero(iso)[v.isna().to_numpy()]] = True
    rest = present & ~iso
    ambiguous = np.zeros(len(txt), dtype=bool)
    offset_min = None
    year_out = np.zeros(len(txt), dtype=bool)
    if rest.any():
        form = pd.Series("", index=txt.index, dtype=object)
        offset_min = pd.Series(0.0, index=txt.index)
        parts = txt[rest].str.extract(_GENERAL, flags=re.IGNORECASE)
        idx = np.flatnonzero(rest)
        matched = parts["a"].notna().to_numpy()
        bad_type[idx[~matched]] = True
        p = parts[matched]
        idx = idx[matched]
        la, lc = p["a"].str.len().to_numpy(), p["c"].str.len().to_numpy()
        a, b, c = (pd.to_numeric(p[k]).to_numpy(dtype=float) for k in ("a", "b", "c"))
        ymd = (la == 4) & (lc <= 2)
        last = (lc == 4) & (la <= 2)
        bad_type[idx[~ymd & ~last]] = True
        y = np.where(ymd, a, c)
        if order == "DMY":
            d, m = np.where(ymd, c, a), b
        elif order == "MDY":
            d, m = np.where(ymd, c, b), np.where(ymd, b, a)
        else:
            d, m = c, b
            ambiguous[idx[last]] = True
        keep = ymd | (last & (order in ("DMY", "MDY")))
        yo = keep & ((y < EARLIEST_TIME.year) | (y > LATEST_TIME.year))
        year_out[idx[yo]] = True
        build = keep & ~yo
        if build.any():
            comp = pd.DataFrame({"year": y[build], "month": m[build], "day": d[build],
                                 "hour": pd.to_numeric(p["H"]).fillna(0).to_numpy()[build],
                                 "minute": pd.to_numeric(p["M"]).fillna(0).to_numpy()[build],
                                 "second": pd.to_numeric(p["S"]).fillna(0).to_numpy()[build]})
            ts = pd.to_datetime(comp, errors="coerce")
            ns = pd.to_numeric(p["F"].fillna("0").str.ljust(9, "0")).to_numpy(dtype=np.int64)[build]
            ts = ts + pd.to_timedelta(ns, unit="ns")
            bi = idx[build]
            parsed.iloc[bi] = ts.to_numpy().astype("datetime64[us]")
            bad_type[bi[ts.isna().to_numpy()]] = True
            forms = _offset_form(p["tz"].astype("string")).to_numpy()[build]
            form.iloc[bi] = forms
            sign = np.where(pd.Series(forms).str.startswith("-"), -1.0, 1.0)
            hh = pd.to_numeric(pd.Series(forms).str[1:3], errors="coerce").fillna(0).to_numpy()
            mm = pd.to_numeric(pd.Series(forms).str[4:6], errors="coerce").fillna(0).to_numpy()
            offset_min.iloc[bi] = sign * (hh * 60 + mm)
    if ambiguous.any():
        issues.append(("ambiguous_date", ambiguous, _ambiguous_detail(shown, ambiguous, order)))
    # one form per column: the most common one is kept, the others refused
    good = present & ~bad_type & ~ambiguous & ~year_out
    forms_seen = form[good] if form is not None else pd.Series([], dtype=object)
    mixed = np.zeros(len(txt), dtype=bool)
    if forms_seen.nunique() > 1:
        counts = forms_seen.value_counts(sort=False)
        first_seen = {f: i for i, f in reversed(list(enumerate(forms_seen)))}
        keep_form = max(counts.index, key=lambda f: (counts[f], -first_seen[f]))
        mixed = good & (form.to_numpy() != keep_form)
        listing = ", ".join(f"{f or 'no offset'} in {int(n)} row(s)" for f, n in counts.items())
        issues.append(("mixed_offsets", mixed,
                       f"the column writes its times in more than one form ({listing}); the rows not in the most "
                       f"common form ({keep_form or 'no offset'}) are refused. The package's one timezone rule: "
                       f"every time is the branch's local wall-clock time ({TIMEZONE}); a value with a UTC offset is "
                       "converted to that zone and stored without it, a value without one is local already. Write "
                       "every value of a column in the same form (preferably local time without an offset)."))
    good &= ~mixed
    aware = good & (form.to_numpy() != "") if form is not None else np.zeros(len(txt), dtype=bool)
    if aware.any():
        utc = parsed[aware] - pd.to_timedelta(offset_min[aware].to_numpy(), unit="min")
        parsed[aware] = utc.dt.tz_localize("UTC").dt.tz_convert(TIMEZONE).dt.tz_localize(None).astype(
            "datetime64[us]")
    out_of = year_out | (good & _in_range(parsed))
    if bad_type.any():
        issues.append(("type", bad_type, f"expected a date and time such as 2026-09-12 14:05; found "
                                         f"{_examples(shown[bad_type])}"))
    if out_of.any():
        issues.append(("date_range", out_of, _range_detail(shown[out_of])))
    good &= ~out_of
    out[good] = parsed[good].astype("datetime64[ns]").to_numpy()
    return out, issues


def _iso_times(txt: pd.Series) -> pd.Series | None:
    """ISO text (``2026-09-03 14:05:00``) → ``datetime64[us]`` in one Arrow pass when every value is a valid
    time at that precision; None otherwise (then pandas' parser says which values are not)."""
    arr = _arrow_text(txt)
    if arr is None:
        return None
    try:
        ts = pc.cast(arr, pa.timestamp("us"))
    except (pa.ArrowException, ValueError, TypeError):
        return None
    values = ts.to_numpy(zero_copy_only=False) if isinstance(ts, pa.Array) else \
        np.concatenate([c.to_numpy(zero_copy_only=False) for c in ts.chunks]) if ts.num_chunks else \
        np.zeros(0, dtype="datetime64[us]")
    return pd.Series(values.astype("datetime64[us]"), index=txt.index)


def _range_detail(found: pd.Series) -> str:
    return (f"must lie between {EARLIEST_TIME:%Y-%m-%d} and {LATEST_TIME:%Y-%m-%d} (the contract's plausible "
            f"range); found {_examples(found)}")


def _ambiguous_detail(txt: pd.Series, mask: np.ndarray, order: str | None) -> str:
    shown = _examples(txt[mask])
    if order == "YMD":
        return (f"{shown}: date_order YMD was given but these dates put the year last; give date_order DMY or MDY, "
                "or write them as 2026-09-03")
    parts = txt[mask].str.extract(r"^(\d{1,2})\D(\d{1,2})\D")
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    hint = ""
    if (first > 12).any() and (second > 12).any():
        hint = " Some values can only be day first and others only month first: the column mixes both orders."
    elif (first > 12).any():
        hint = f" Values such as {_examples(txt[mask][(first > 12).to_numpy()])} can only be day first: DMY."
    elif (second > 12).any():
        hint = f" Values such as {_examples(txt[mask][(second > 12).to_numpy()])} can only be month first: MDY."
    return (f"{shown}: the order of day and month is ambiguous (03/09/2026 is 3 September day first, 9 March month "
            "first) and is never guessed. Write dates as 2026-09-03, or say which order the file uses: "
            "load_dataset(..., date_order='DMY') or --date-order DMY (day first), MDY (month first)." + hint)


def _coerce(s: pd.Series, col: Column, date_order: str | None):
    """Convert ``s`` to the column's dtype; return (converted, issues) with issues [(rule, mask, detail)]."""
    kind = col.kind
    if kind in ("id", "str"):
        return _as_text(s).astype(pd.StringDtype()), []
    if kind in ("int", "float"):
        return _numbers(s, col)
    if kind == "bool":
        if pd.api.types.is_bool_dtype(s.dtype):
            return s.astype("boolean"), []
        codes, txt = _distinct_text(s)  # a handful of distinct values: read each once
        txt = txt.str.lower()
        mapped = txt.map(BOOL_VALUES)
        # per distinct value, then per row through the codes (the extra last entry is the empty cell's, code -1)
        bad_value = np.append(_flag(mapped.isna() & txt.notna()), False)
        known = np.append(mapped.notna().to_numpy(), False)
        value = np.append(mapped.fillna(False).to_numpy(dtype=bool), False)
        ok = known[codes]
        out = pd.Series(pd.arrays.BooleanArray(value[codes], ~ok), index=s.index)
        bad = bad_value[codes]
        issues = [("type", bad, "expected yes/no (是/否, Y/N, 1/0, true/false); found "
                                f"{_examples(_rows_of(txt, codes, bad))}")] if bad.any() else []
        return out, issues
    if kind == "datetime":
        return parse_times(s, date_order)
    if kind == "category":
        codes, txt = _distinct_text(s)  # a handful of distinct values: map each once, then the rows' codes
        allowed = list(col.allowed)
        # Chinese labels → codes, then English codes written in another case or with spaces/hyphens
        mapped = txt.replace(VALUE_ALIASES.get(col.name, {}))
        folded = mapped.str.lower().str.replace(" ", "_", regex=False).str.replace("-", "_", regex=False)
        mapped = mapped.where(mapped.isin(allowed) | ~folded.isin(allowed), folded)
        bad_value = _flag(mapped.notna() & ~mapped.isin(allowed))
        target = pd.Categorical(mapped.where(~pd.Series(bad_value, index=mapped.index)), dtype=col.dtype).codes
        # per row through the codes (the extra last entry is the empty cell's, code -1)
        new_codes = np.append(target, -1).astype(target.dtype)[codes]
        bad = np.append(bad_value, False)[codes]
        issues = [("allowed_values", bad, f"expected one of {', '.join(col.allowed)}; found "
                                          f"{_examples(_rows_of(txt, codes, bad))}")] if bad.any() else []
        return pd.Series(pd.Categorical.from_codes(new_codes, dtype=col.dtype), index=s.index), issues
    raise AssertionError(kind)


def _distinct_text(s: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """A column as (codes, distinct texts): row i holds ``texts[codes[i]]`` (read as :func:`_as_text`
    reads it), or is empty where ``codes[i]`` is -1 (codes in the smallest integer type that holds them).
    A Parquet dictionary column is read through its dictionary; other columns are read as text once and then
    encoded."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        text = _as_text(pd.Series(s.cat.categories).astype("string"))  # as the values would read one by one
        # two categories may read as the same text (' a' and 'a'), or as empty: one code per distinct text
        inverse, uniq = pd.factorize(text, use_na_sentinel=True)
        lookup = np.append(np.asarray(inverse, dtype=np.int64), -1)  # code -1 (empty) stays -1
        codes = lookup.astype(_code_type(len(uniq)))[s.cat.codes.to_numpy()]
        return codes, pd.Series(uniq, dtype="string").reset_index(drop=True)
    arr = pa.array(_as_text(s).array)
    if not isinstance(arr, pa.ChunkedArray):
        arr = pa.chunked_array([arr])
    if arr.num_chunks == 0:
        return np.zeros(0, dtype=np.int8), pd.Series([], dtype="string")
    enc = pc.dictionary_encode(arr)  # one dictionary shared by the chunks
    dictionary = enc.chunk(0).dictionary
    codes = np.empty(len(arr), dtype=_code_type(len(dictionary)))
    at = 0
    for chunk in enc.chunks:
        codes[at:at + len(chunk)] = pc.fill_null(chunk.indices, -1).to_numpy(zero_copy_only=False)
        at += len(chunk)
    return codes, _from_arrow_text(dictionary, None)


def _code_type(n: int):
    """The smallest signed integer type for codes 0 … n-1 and -1."""
    return np.int8 if n < 2 ** 7 else np.int16 if n < 2 ** 15 else np.int32 if n < 2 ** 31 else np.int64


def _rows_of(texts: pd.Series, codes: np.ndarray, mask: np.ndarray) -> pd.Series:
    """The texts of the rows in ``mask`` (in row order), for the examples of a message."""
    return pd.Series(texts.to_numpy()[codes[mask]], dtype="string")


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


@dataclass
class _Problems:
    rows: list

    def add(self, table, column, rule, labels, detail):
        labels = list(labels)
        self.rows.append({**_problem(table, column, rule, labels, detail), "_labels": labels})

    def frame(self) -> pd.DataFrame:
        return _frame(self.rows)

    def fatal(self) -> bool:
        return any(r["rule"] in TABLE_RULES for r in self.rows)


def _isin(values: pd.Series, known: pd.Series) -> np.ndarray:
    """``values.isin(known)`` for id columns, through pyarrow (pandas' isin on Arrow strings converts
    every known value one by one: seconds per million ids). NA is never in."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = _arrow_strings(values)
        ref = _arrow_strings(known)  # a parent's key: the set is built once per call, repeats do not matter
        if isinstance(ref, pa.ChunkedArray):
            ref = ref.combine_chunks()
        return pc.fill_null(pc.is_in(arr, value_set=ref, skip_nulls=True), False).to_numpy(
            zero_copy_only=False).astype(bool)
    except (pa.ArrowException, TypeError, ValueError):
        return _flag(values.isin(list(known.dropna().unique())))


def _arrow_strings(s: pd.Series):
    """The values of an id column as Arrow text (``large_string``, as pandas holds it: no copy when it is)."""
    if not (isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow"):
        s = s.astype("string")
    arr = pa.array(s.array)
    return arr if pa.types.is_large_string(arr.type) else arr.cast(pa.large_string())


def _index_in(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each value, the position of the equal key in ``keys`` (unique), or -1 (NA is never found)."""
    try:
        arr = _arrow_strings(values)
        ref = _arrow_strings(keys)
        if isinstance(ref, pa.ChunkedArray):
            ref = ref.combine_chunks()
        pos = pc.index_in(arr, value_set=ref, skip_nulls=True)
        return pc.fill_null(pos, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    except (pa.ArrowException, TypeError, ValueError):
        idx = pd.Index(keys.astype(object)).get_indexer(pd.Index(values.astype(object)))
        return np.where(values.notna().to_numpy(), idx, -1).astype(np.int64)


def _dictionary_size(enc: pa.ChunkedArray) -> int:
    return len(enc.chunk(0).dictionary) if enc.num_chunks else 0


def _may_repeat(df: pd.DataFrame, key) -> bool:
    """False when the rows' ``key`` is certainly unique; True when it may repeat (then pandas finds the
    repeated rows and the first of each, as before). A key in ascending order (as exports usually are) is
    seen unique from one comparison of neighbours; otherwise each key column is dictionary-encoded once
    in Arrow and the combined codes are sorted (NA counts as a value, as in ``DataFrame.duplicated``)."""
    if len(df) < 2:
        return False
    try:
        arrays = []
        for c in key:
            arr = pa.array(df[c].array)
            if not isinstance(arr, pa.ChunkedArray):
                arr = pa.chunked_array([arr])
            if pa.types.is_dictionary(arr.type):
                arr = arr.cast(arr.type.value_type)
            arrays.append(arr)
        if len(arrays) == 1:
            first = arrays[0]
            ascending = pc.greater(first[1:], first[:-1])
            if pc.all(pc.fill_null(ascending, False)).as_py():
                return False
            enc = pc.dictionary_encode(first)
            return _dictionary_size(enc) + (enc.null_count > 0) < len(df)
        encoded, size = [], 1
        for i, arr in enumerate(arrays):
            enc = pc.dictionary_encode(arr)  # one dictionary shared by the chunks
            n = _dictionary_size(enc) + 1  # + 1: NA is a value of the key too
            size *= n
            if size >= 2 ** 62:
                return True
            small = np.int8 if n < 2 ** 7 else np.int16 if n < 2 ** 15 else np.int32
            k = np.empty(len(df), dtype=small)  # each column's codes in as few bytes as they need
            at = 0
            for chunk in enc.chunks:
                k[at:at + len(chunk)] = pc.fill_null(chunk.indices, n - 1).to_numpy(zero_copy_only=False)
                at += len(chunk)
            del enc
            arrays[i] = None
            encoded.append((k, n))
        # one code per row for the whole key, built in place (4 or 8 bytes a row)
        codes = np.zeros(len(df), dtype=np.int32 if size < 2 ** 31 else np.int64)
        while encoded:
            k, n = encoded.pop(0)
            codes *= n
            codes += k
            del k
        if (codes[1:] > codes[:-1]).all():
            return False
        codes.sort(kind="stable")  # in place; timsort is fast on nearly sorted codes
        return not (codes[1:] != codes[:-1]).all()
    except (pa.ArrowException, TypeError, ValueError):
        return True


def _order() -> list[str]:
    """Tables in dependency order (parents before children)."""
    done: list[str] = []
    pending = list(TABLES)
    while pending:
        for name in list(pending):
            t = TABLES[name]
            refs = {f.ref_table for f in t.foreign_keys} | {r.parent for r in t.cross_rules}
            if refs - {name} <= set(done):
                done.append(name)
                pending.remove(name)
    return done


_HEADER_KINDS = {"phone": "phone numbers", "email": "e-mail addresses", "name": "names", "id_number": "ID-card numbers",
                 "bank_card": "bank card numbers", "wechat_id": "WeChat or QQ ids", "address": "home addresses",
                 "ip": "IP addresses", "birth_date": "birth dates"}


def _personal_header(table, header: str) -> str | None:
    kind = privacy.personal_header(header, person_table=table.person_data)
    if kind is None and table.person_data and (header in PERSONAL_DATA_COLUMNS
                                               or header.lower() in PERSONAL_DATA_COLUMNS):
        kind = "personal data"
    return None if kind is None else _HEADER_KINDS.get(kind, kind)


_KIND_WORDS = {**privacy.PERSONAL_KINDS}


def _scan_personal(probs, name, column, values: pd.Series, ids: bool) -> np.ndarray:
    """Refuse the rows whose value holds personal data (one problem per kind found); their mask."""
    at, flagged = privacy.personal_rows(values, ids=ids)
    mask = np.zeros(len(values), dtype=bool)
    if not len(at):
        return mask
    mask[at] = True
    what = "an id that is" if ids else "a value holding"
    for combo in pd.unique(flagged):
        rows = flagged.index[(flagged == combo).to_numpy()]
        words = " and ".join(_KIND_WORDS.get(k, k) for k in str(combo).split("+"))
        article = "an" if words[0].lower() in "aeiou" else "a"
        probs.add(name, column, "personal_data", rows,
                  f"{what} {article} {words} ({_examples(values.loc[rows])}): personal data must not be in the data "
                  "(person_id is a salted hash, see analysis.privacy); remove it from the file")
    return mask


@dataclass
class _Typed:
    """One table read and typed (the first phase of validation, done as soon as its file is read so that the
    file's text columns are let go at once): its rows in contract dtypes, the mask of rows breaking a rule of
    the table itself, and its problems and notes (added in contract order by :func:`_validate`)."""

    clean: pd.DataFrame | None  # None: the table cannot be used (a required column is missing)
    bad: np.ndarray | None
    rows: int
    problems: list
    notes: list


def _type_table(name: str, df: pd.DataFrame, *, where: str, file_rows: bool, date_order=None) -> _Typed:
    """Headers → English, every column → its contract dtype, and the checks within the table (types, not-null,
    allowed values, ranges, personal data, key, row rules)."""
    t = TABLES[name]
    probs = _Problems([])
    notes: list[str] = []
    original_index = df.index
    rows = len(df)
    if t.required and len(df) == 0:
        probs.add(name, "", "empty_table", [], f"required table {name} ({t.zh_name}) has no rows (only a "
                                               "header): every row that refers to it is refused")
    df = df.reset_index(drop=True)
    labels = pd.RangeIndex(2, len(df) + 2) if file_rows else original_index
    df.index = labels
    # headers -> English
    amap = COLUMN_ALIASES[name]
    rename, seen, extra = {}, {}, []
    for h in df.columns:
        hs = _clean_header(h)
        target = amap.get(hs) or amap.get(hs.lower())
        if target is None:
            kind = _personal_header(t, hs)
            if kind is not None:
                probs.add(name, hs, "personal_data_column", [],
                          f"{where} has a column '{hs}' that looks like personal data ({kind}). Tables must not "
                          "hold names, phone, e-mail, ID-card or bank card numbers: import the export with "
                          "analysis.io.read_wjx (which hashes them into person_id) or delete the column; if it "
                          "holds no personal data, rename it.")
            else:
                extra.append(h)
            continue
        if target in seen:
            probs.add(name, target, "ambiguous_column", [],
                      f"{where}: headers '{seen[target]}' and '{hs}' both mean {target}; keep one")
            continue
        seen[target] = hs
        rename[h] = target
    if extra:
        notes.append(f"{name}: columns not in the contract kept as they are: "
                     f"{', '.join(_clean_header(e) for e in extra)}")
    df = df.rename(columns=rename)
    missing = [c.name for c in t.columns if c.required and c.name not in df.columns]
    for m in missing:
        col = t.column(m)
        heads = ", ".join((m,) + col.aliases)
        probs.add(name, m, "missing_column", [], f"{where} has no column {m} (accepted headers: {heads})")
    if missing:
        return _Typed(None, None, rows, probs.rows, notes)
    bad = np.zeros(len(df), dtype=bool)
    out = {}
    for col in t.columns:
        if col.name not in df.columns:
            # an absent optional column: its documented default (empty unless the schema says otherwise)
            empty = pd.Series([None] * len(df), index=df.index, dtype=object)
            out[col.name] = empty.astype(col.dtype) if col.default is None else \
                pd.Series([col.default] * len(df), index=df.index).astype(col.dtype)
            continue
        conv, issues = _coerce(df[col.name], col, date_order)
        badcell = np.zeros(len(df), dtype=bool)
        for rule, mask, detail in issues:
            probs.add(name, col.name, rule, df.index[mask], detail)
            badcell |= mask
        bad |= badcell
        if not col.nullable:
            nulls = conv.isna().to_numpy() & ~badcell
            if nulls.any():
                probs.add(name, col.name, "not_null", df.index[nulls], f"{col.name} must not be empty")
                bad |= nulls
        if col.min is not None or col.max is not None:
            num = conv.astype("float64")
            lo = num < col.min if col.min is not None else pd.Series(False, index=num.index)
            hi = num > col.max if col.max is not None else pd.Series(False, index=num.index)
            rng = _flag(lo | hi)
            if rng.any():
                probs.add(name, col.name, "range", df.index[rng],
                          f"must be between {col.min} and {col.max}; found {_examples(num[rng])}")
                bad |= rng
        if col.kind in ("id", "str"):
            bad |= _scan_personal(probs, name, col.name, conv, ids=col.kind == "id")
        out[col.name] = conv
    clean = pd.DataFrame(out, index=df.index, copy=False)
    for c in extra:
        clean[c] = df[c]
        if not pd.api.types.is_numeric_dtype(df[c].dtype) and not pd.api.types.is_datetime64_any_dtype(df[c]):
            bad |= _scan_personal(probs, name, _clean_header(c), _as_text(df[c]), ids=False)
    del df, out
    if t.key and _may_repeat(clean, t.key):
        dupe = clean.duplicated(subset=list(t.key), keep="first").to_numpy()
        if dupe.any():
            allkeys = clean.duplicated(subset=list(t.key), keep=False).to_numpy()
            first = clean.index[allkeys]
            probs.add(name, "+".join(t.key), "unique_key", clean.index[dupe],
                      f"{'+'.join(t.key)} must be unique; repeated in rows {', '.join(map(str, first[:6]))}")
            bad |= dupe
    for rule in t.rules:
        if all(c in clean.columns for c in rule.columns):
            mask = _flag(rule.bad_rows(clean))
            if mask.any():
                probs.add(name, ",".join(rule.columns), rule.name, clean.index[mask], rule.description)
                bad |= mask
    _release_memory()
    return _Typed(clean, bad, rows, probs.rows, notes)


def _validate(raw, *, source, errors, origin, notes, file_rows, date_order=None) -> Dataset:
    probs = _Problems([])
    notes = list(notes)
    typed: dict[str, pd.DataFrame] = {}
    rows_read: dict[str, int] = {}
    bad_rows: dict[str, np.ndarray] = {}

    for name in TABLES:
        t = TABLES[name]
        if name not in raw:
            if t.required:
                probs.add(name, "", "missing_table", [],
                          f"required table {name} ({t.zh_name}) is missing: add {name}.csv (or .xlsx/.parquet)")
            else:
                notes.append(f"{name}: optional table absent; analyses that need it show no data")
            continue
        entry = raw.pop(name)  # the file's frame is let go once its table is typed (memory: one copy at a time)
        res = entry if isinstance(entry, _Typed) else _type_table(
            name, entry, where=origin.get(name, name), file_rows=file_rows, date_order=date_order)
        del entry
        rows_read[name] = res.rows
        probs.rows.extend(res.problems)
        notes.extend(res.notes)
        if res.clean is None:
            continue
        typed[name] = res.clean
        bad_rows[name] = res.bad

    if probs.fatal():
        pr = probs.frame()
        raise DataError(format_problems(pr, source), pr)

    # foreign keys, parents first, against the rows that survive; then the rules across tables
    kept: dict[str, pd.DataFrame] = {}
    rejected: dict[str, pd.DataFrame] = {}
    for name in _order():
        if name not in typed:
            continue
        t = TABLES[name]
        df = typed[name]
        bad = bad_rows[name]
        for fk in t.foreign_keys:
            if fk.ref_table not in kept and fk.ref_table != name:
                if df[fk.column].notna().any() and fk.ref_table not in typed:
                    notes.append(f"{name}.{fk.column}: table {fk.ref_table} is absent, references not checked")
                continue
            parent = df if fk.ref_table == name else kept[fk.ref_table]
            miss = _flag(df[fk.column].notna()) & ~_isin(df[fk.column], parent[fk.ref_column])
            if miss.any():
                # a parent row that exists but was set aside is not the same message as one that is absent
                every = typed[fk.ref_table][fk.ref_column] if fk.ref_table in typed else parent[fk.ref_column]
                aside = miss & _isin(df[fk.column], every)
                absent = miss & ~aside
                if absent.any():
                    probs.add(name, fk.column, "foreign_key", df.index[absent],
                              f"{_examples(df.loc[absent, fk.column])} not found in {fk.ref_table}.{fk.ref_column}")
                if aside.any():
                    probs.add(name, fk.column, "foreign_key", df.index[aside],
                              f"{_examples(df.loc[aside, fk.column])}: in {fk.ref_table}.{fk.ref_column}, but set "
                              f"aside there (see the problems of {fk.ref_table}), so these rows are too")
                bad |= miss
        for rule in t.cross_rules:
            if rule.parent not in kept or not all(c in df.columns for c in (*rule.columns, rule.key)):
                continue
            parent = kept[rule.parent]
            pkey = TABLES[rule.parent].key[0]
            ref = parent.drop_duplicates(pkey)
            pos = _index_in(df[rule.key], ref[pkey])  # each row's parent row (-1: none)
            found = pos >= 0
            aligned = ref[list(rule.parent_columns)].iloc[np.where(found, pos, 0)] if len(ref) else \
                ref[list(rule.parent_columns)].reindex(range(len(df)))
            aligned = aligned.set_axis(df.index)
            if not found.all():  # rows without a parent row see none (as a lookup by key gives)
                aligned = pd.DataFrame({c: aligned[c].where(found) for c in aligned.columns}, index=df.index)
            mask = _flag(rule.bad_rows(df, aligned)) & found
            if mask.any():
                probs.add(name, rule.columns[0], rule.name, df.index[mask],
                          f"{rule.description}; e.g. {_cross_examples(df, aligned, rule, mask)}")
                bad |= mask
        keep = ~bad
        if (~keep).any():
            rejected[name] = _masked(df.loc[~keep].assign(file_row=df.index[~keep]))
            kept[name] = df.loc[keep].reset_index(drop=True)
        else:  # every row kept: no copy of the table
            kept[name] = df.reset_index(drop=True)

    pr = probs.frame()
    notes = [privacy.mask_personal(n) for n in notes]
    if errors == "raise" and len(pr):
        raise DataError(format_problems(pr, source), pr)
    tables = {name: kept.get(name, empty_frame(name)) for name in TABLES}
    return Dataset(tables, source=source, rows_read=rows_read, problems=pr, rejected=rejected, notes=notes)


def _cross_examples(df, aligned, rule, mask) -> str:
    out = []
    for i in np.flatnonzero(mask)[:3]:
        mine = ", ".join(f"{c} {_fmt(df[c].iloc[i])}" for c in rule.columns)
        theirs = ", ".join(f"{c} {_fmt(aligned[c].iloc[i])}" for c in rule.parent_columns)
        out.append(f"row {df.index[i]}: {mine} for {rule.parent} {df[rule.key].iloc[i]} ({theirs})")
    return "; ".join(out)


def _fmt(v) -> str:
    if isinstance(v, pd.Timestamp):
        return f"{v:%Y-%m-%d %H:%M}"
    return str(v)


def _masked(df: pd.DataFrame) -> pd.DataFrame:
    """Rows set aside, with personal data in their text columns masked (they are shown in reports)."""
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if isinstance(s.dtype, pd.StringDtype) or s.dtype == object:
            masked = privacy.mask_personal(s)
            out[c] = masked.astype(s.dtype) if isinstance(s.dtype, pd.StringDtype) else \
                masked.astype(object).where(s.notna(), s)
    return out


def format_problems(problems: pd.DataFrame, source: str = "") -> str:
    """A readable message listing every problem (what :class:`DataError` shows); personal data masked."""
    n = len(problems)
    head = f"The data in {source} break the data contract" if source else "The data break the data contract"
    lines = [f"{head}: {n} problem{'s' if n != 1 else ''} in "
             f"{problems['table'].nunique()} table{'s' if problems['table'].nunique() != 1 else ''}."]
    for r in problems.itertuples(index=False):
        col = f".{r.column}" if r.column else ""
        rows = f" — rows {r.rows}" if r.rows else ""
        count = f"{r.n_rows} row{'s' if r.n_rows != 1 else ''}: " if r.n_rows else ""
        table = r.table or "(file)"
        lines.append(f"  - {table}{col} [{r.rule}] {count}{privacy.mask_personal(str(r.detail))}{rows}")
    lines.append("Row numbers are the rows of the file as a spreadsheet shows them (header = row 1). "
                 "Run `python -m analysis validate <folder>` to list the problems again.")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _to_text(df: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            out[c] = s.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object).where(s.notna(), "")
        elif pd.api.types.is_bool_dtype(s.dtype):
            out[c] = s.astype(object).map(lambda v: "" if v is pd.NA or v is None else ("true" if v else "false"))
        else:
            out[c] = s.astype(object).where(s.notna(), "")
    return pd.DataFrame(out)


def write_dataset(tables: dict[str, pd.DataFrame], folder, fmt: str = "csv") -> list[Path]:
    """Write tables as ``<table>.<fmt>`` files into ``folder`` (created if needed).

    CSV files are UTF-8 with a BOM (so Excel on Chinese Windows opens them correctly), times as
    ``YYYY-MM-DD HH:MM:SS`` and booleans as ``true``/``false``; the output of the same tables is
    byte-identical. Returns the paths written.
    """
    if fmt not in ("csv", "parquet", "xlsx"):
        raise ParameterError(f"fmt must be csv, parquet or xlsx, not {fmt!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = folder / f"{name}.{fmt}"
        tmp = path.with_name(path.name + ".tmp")
        if fmt == "csv":
            _to_text(df).to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
        elif fmt == "parquet":
            df.to_parquet(tmp, index=False)
        else:
            _to_text(df).to_excel(tmp, index=False, engine="openpyxl")
        tmp.replace(path)
        written.append(path)
    return written


def _key_text(df: pd.DataFrame, cols) -> pd.Series:
    """One text per row joining the ``cols`` (to compare multi-column keys vectorised)."""
    cols = list(cols)
    out = df[cols[0]].astype(str)
    for c in cols[1:]:
        out = out + "\x1f" + df[c].astype(str)
    return out


def _summary(rows: pd.DataFrame, skip: str) -> str:
    cols = [c for c in rows.columns if c != skip]
    return "; ".join(", ".join(f"{c}={r[c]!r}" for c in cols if r[c] != "") for _i, r in rows.head(3).iterrows())


def append_tables(tables: dict[str, pd.DataFrame], folder, keys: dict[str, list[str]],
                  groups: dict[str, str] | None = None, only_new: tuple[str, ...] = ()) -> list[Path]:
    """Add rows to the CSV tables of a data folder (creating the files that do not exist).

    Used by importers: a second 问卷星 export goes into the same folder as the first. Rows whose key
    (``keys[table]``) is already in the file are an error unless the whole row is identical (then it is
    not added twice), so an import can be repeated safely but never silently overwrites data.

    Parameters
    ----------
    groups : dict, optional
        ``{table: column}``: the rows sharing a value of ``column`` come as a whole (the answers of
        one answer sheet). When the file already holds rows for that value, the new rows must be
        exactly the same, else the import is refused: a re-import of answer sheet 3 with other
        answers is a conflict, never a silent addition.
    only_new : tuple of str
        Tables whose rows are only added when their key is not in the file yet (``people`` created
        by an import: a person the folder already knows keeps the row it has).

    Returns the paths written. Nothing is written when any table conflicts.

    Raises
    ------
    analysis.DataError
        Rule ``conflicting_reimport``, naming the table, the key and the rows concerned.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    merged, problems = {}, []
    for name, new in tables.items():
        path = folder / f"{name}.csv"
        new_txt = _to_text(new).astype(str)
        key = list(keys.get(name, []))
        if not path.exists():
            merged[name] = new_txt
            continue
        old = read_file(path, name)[0].fillna("").astype(str)
        if name in only_new and key and len(old):
            new_txt = new_txt[~_key_text(new_txt, key).isin(set(_key_text(old, key)))]
        group = (groups or {}).get(name)
        if group and group in old.columns and len(old):
            shared = set(old[group]) & set(new_txt[group])
            if shared:
                cols = [c for c in new_txt.columns if c in old.columns]
                a = old.loc[old[group].isin(shared), cols].drop_duplicates()
                b = new_txt.loc[new_txt[group].isin(shared), cols].drop_duplicates()
                both = a.merge(b, how="outer", on=cols, indicator=True)
                differ = both.loc[both["_merge"] != "both"]
                if len(differ):
                    ids = list(pd.unique(differ[group]))
                    shown = []
                    for gid in ids[:3]:
                        in_file = differ[(differ[group] == gid) & (differ["_merge"] == "left_only")][cols]
                        in_new = differ[(differ[group] == gid) & (differ["_merge"] == "right_only")][cols]
                        shown.append(f"{gid}: in the file {_summary(in_file, group) or 'nothing more'}, in this "
                                     f"import {_summary(in_new, group) or 'nothing more'}")
                    problems.append(_problem(
                        name, group, "conflicting_reimport", ids,
                        f"{path}: {len(ids)} {group} value(s) already in the file with other values (a re-import "
                        f"with changed answers): {' | '.join(shown)}. Nothing was written. Import the new export "
                        "with its own --prefix, or remove the old rows first."))
                    continue
        both = pd.concat([old, new_txt], ignore_index=True).fillna("").drop_duplicates()
        clash = both.duplicated(subset=key, keep=False) if key else pd.Series(False, index=both.index)
        if clash.any():
            dup = both.loc[clash, key].drop_duplicates()
            shown = "; ".join(", ".join(map(str, r)) for r in dup.head(MAX_ROWS_SHOWN).itertuples(index=False))
            problems.append(_problem(name, "+".join(key), "conflicting_reimport",
                                     [", ".join(map(str, r)) for r in dup.itertuples(index=False)],
                                     f"{path}: {'+'.join(key)} {shown} already in the file with other values. "
                                     "Nothing was written. Give this import its own --prefix, or import it into "
                                     "another folder."))
            continue
        merged[name] = both
    if problems:
        raise _error(problems, str(folder))
    written = []
    for name, df in merged.items():
        path = folder / f"{name}.csv"
        tmp = path.with_name(path.name + ".tmp")
        df.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
        tmp.replace(path)
        written.append(path)
    return written


# ---------------------------------------------------------------------------
# Importers of real exports (implemented in their own modules, exposed here)
# ---------------------------------------------------------------------------


def read_wjx(path, questions=None, **kwargs):
    """Import a 问卷星 (Wenjuanxing) export; see :func:`analysis.wjx.read_wjx`."""
    from analysis.wjx import read_wjx as _read_wjx

    return _read_wjx(path, questions, **kwargs)
