"""Reading table files (CSV, XLSX, Parquet), folders and SQLite databases as text/typed frames."""

from __future__ import annotations

import csv
import os
import sqlite3
import threading
from contextlib import closing, contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.errors import ParameterError
from analysis.io.problems import _clean_header, _error, _examples, _FileProblem, _problem
from analysis.schemas import COLUMN_ALIASES, TABLE_ALIASES, TABLES


SUFFIXES = (".csv", ".parquet", ".xlsx")
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 (with or without BOM); GBK/GB18030 as Excel saves on Chinese Windows


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
