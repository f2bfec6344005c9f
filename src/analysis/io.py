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
data-quality section. Problems that make a table unusable (a missing required
table or column, personal data) always raise.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import DataError, ParameterError
from analysis.schemas import (
    BOOL_VALUES,
    COLUMN_ALIASES,
    PERSONAL_DATA_COLUMNS,
    TABLE_ALIASES,
    TABLES,
    VALUE_ALIASES,
    Column,
    Table,
    empty_frame,
)

__all__ = ["Dataset", "load_dataset", "validate_tables", "write_dataset", "append_tables", "format_problems", "read_wjx",
           "PROBLEM_COLUMNS"]

PROBLEM_COLUMNS = ["table", "column", "rule", "n_rows", "rows", "detail"]
SUFFIXES = (".csv", ".parquet", ".xlsx")
MAX_ROWS_SHOWN = 5
ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 (with or without BOM); GBK/GB18030 as Excel saves on Chinese Windows
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_CARD = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
# Fatal rules: the table cannot be used at all, so rows cannot simply be set aside.
TABLE_RULES = {"missing_table", "missing_column", "personal_data_column", "ambiguous_column", "duplicate_table",
               "unreadable"}


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
    rejected : dict
        Table → the rows set aside with ``errors="report"`` (with a ``file_row`` column).
    notes : list of str
        Things worth knowing that are not errors (absent optional tables, extra columns kept,
        files that are not part of the contract).
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
# Reading
# ---------------------------------------------------------------------------


def _read_csv(path: Path) -> pd.DataFrame:
    last = None
    for enc in ENCODINGS:
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding=enc)
        except UnicodeDecodeError as exc:  # try the next encoding
            last = exc
    raise DataError(f"{path.name}: cannot decode the file as UTF-8 or GBK/GB18030 ({last}). "
                    "Save it from Excel as 'CSV UTF-8' and try again.")


def _read_file(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix == ".xlsx":
            return pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - turn any reader failure into the user's terms
        raise DataError(f"{path.name}: the file cannot be read as {suffix[1:].upper()} ({exc}).") from exc
    raise ParameterError(f"{path.name}: unsupported file type {suffix}; use .csv, .parquet or .xlsx")


def _table_name(stem: str) -> str | None:
    return TABLE_ALIASES.get(stem.strip()) or TABLE_ALIASES.get(stem.strip().lower())


def _read_folder(folder: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str], list[str]]:
    raw: dict[str, pd.DataFrame] = {}
    origin: dict[str, str] = {}
    notes: list[str] = []
    dup: list[tuple[str, str]] = []  # (table, what to do)
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        if path.suffix.lower() not in SUFFIXES:
            continue
        name = _table_name(path.stem)
        if name is None:
            notes.append(f"{path.name}: not a table of the data contract; not read")
            continue
        if name in raw:
            dup.append((name, f"{origin[name]} and {path.name} are both the table {name}; keep one of them"))
            continue
        raw[name] = _read_file(path)
        origin[name] = path.name
    if dup:
        problems = pd.DataFrame([{"table": name, "column": "", "rule": "duplicate_table", "n_rows": 0, "rows": "",
                                  "detail": detail} for name, detail in dup])
        raise DataError(format_problems(problems, str(folder)), problems)
    return raw, origin, notes


def _read_sqlite(path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str], list[str]]:
    raw, origin, notes = {}, {}, []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:  # read-only: never modifies the user's data
        names = [r[0] for r in con.execute("select name from sqlite_master where type in ('table','view')")]
        for db_name in names:
            name = _table_name(db_name)
            if name is None:
                notes.append(f"{db_name}: not a table of the data contract; not read")
                continue
            raw[name] = pd.read_sql_query(f'select * from "{db_name}"', con, dtype=object)
            origin[name] = f"{path.name}:{db_name}"
    return raw, origin, notes


def load_dataset(source, errors: str = "raise", tables=None) -> Dataset:
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
        Read only these tables (plus nothing else); by default every table found.

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
        header = row 1).

    Examples
    --------
    >>> ds = load_dataset("data/sample")               # doctest: +SKIP
    >>> ds["attendance"].dtypes["arrived_at"]          # doctest: +SKIP
    dtype('<M8[ns]')
    """
    if errors not in ("raise", "report"):
        raise ParameterError(f"errors must be 'raise' or 'report', not {errors!r}")
    path = Path(source)
    if not path.exists():
        raise DataError(f"data source {path} does not exist. Point --data at a folder of CSV/XLSX/Parquet "
                        "files (see the README), or run `python -m analysis sample --out data/sample`.")
    if path.is_dir():
        raw, origin, notes = _read_folder(path)
    elif path.suffix.lower() in (".sqlite", ".sqlite3", ".db"):
        raw, origin, notes = _read_sqlite(path)
    else:
        raise ParameterError(f"{path}: expected a folder of table files or an SQLite database (.sqlite/.db)")
    if tables is not None:
        wanted = {TABLE_ALIASES.get(t, t) for t in tables}
        raw = {k: v for k, v in raw.items() if k in wanted}
    return _validate(raw, source=str(path), errors=errors, origin=origin, notes=notes, file_rows=True)


def validate_tables(tables: dict[str, pd.DataFrame], errors: str = "report") -> pd.DataFrame:
    """Validate in-memory tables (e.g. the sample generator's output) against the contract.

    Returns the problems table (columns ``table``, ``column``, ``rule``, ``n_rows``, ``rows``,
    ``detail``; ``rows`` are index labels); empty when the tables are valid. Table-level
    problems raise :class:`analysis.DataError` as in :func:`load_dataset`.
    """
    ds = _validate(dict(tables), source="<memory>", errors="report", origin={}, notes=[], file_rows=False)
    return ds.problems


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


@dataclass
class _Problems:
    rows: list

    def add(self, table, column, rule, labels, detail):
        labels = list(labels)
        self.rows.append({"table": table, "column": column, "rule": rule, "n_rows": len(labels),
                          "rows": ", ".join(str(x) for x in labels[:MAX_ROWS_SHOWN])
                          + (" …" if len(labels) > MAX_ROWS_SHOWN else ""),
                          "detail": detail, "_labels": labels})

    def frame(self) -> pd.DataFrame:
        if not self.rows:
            return pd.DataFrame(columns=PROBLEM_COLUMNS).astype({"n_rows": "int64"})
        return pd.DataFrame(self.rows)[PROBLEM_COLUMNS].astype({"n_rows": "int64"})

    def fatal(self) -> bool:
        return any(r["rule"] in TABLE_RULES for r in self.rows)


def _examples(values: pd.Series) -> str:
    vals = pd.unique(values.astype(str))[:3]
    return ", ".join(repr(v) for v in vals)


def _as_text(s: pd.Series) -> pd.Series:
    """Values as stripped strings (NA stays NA); integral floats from Excel lose their '.0'."""
    if pd.api.types.is_float_dtype(s.dtype):
        txt = s.map(lambda v: (str(int(v)) if float(v).is_integer() else repr(v)) if pd.notna(v) else None)
    elif s.dtype == object:
        def conv(v):
            if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
                return None
            if isinstance(v, float) and v.is_integer():
                return str(int(v))
            return str(v)
        txt = s.map(conv)
    else:
        txt = s
    out = txt.astype("string").str.strip()
    return out.mask(out == "")


def _coerce(s: pd.Series, col: Column) -> tuple[pd.Series, pd.Series, str]:
    """Convert ``s`` to the column's dtype; return (converted, bad-cell mask, what was expected)."""
    kind = col.kind
    na_in = s.isna()
    if kind in ("id", "str"):
        out = _as_text(s).astype(pd.StringDtype())
        return out, pd.Series(False, index=s.index), "text"
    if kind in ("int", "float"):
        if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            num = s.astype("float64")
        else:
            txt = _as_text(s).str.replace(",", "", regex=False)
            pct = txt.str.endswith("%").fillna(False).astype(bool)
            num = pd.to_numeric(txt.str.rstrip("%"), errors="coerce").astype("float64")
            num = num.where(~pct, num / 100)
        bad = num.isna() & ~na_in
        if kind == "int":
            frac = num.notna() & (num != np.floor(num.fillna(0)))
            bad = bad | frac
            out = num.where(~bad).astype("Int64")
            return out, bad, "a whole number"
        return num.where(~bad), bad, "a number"
    if kind == "bool":
        if pd.api.types.is_bool_dtype(s.dtype):
            return s.astype("boolean"), pd.Series(False, index=s.index), "yes/no"
        txt = _as_text(s).str.lower()
        mapped = txt.map(BOOL_VALUES)
        bad = mapped.isna() & txt.notna()
        return mapped.astype("boolean"), bad, "yes/no (是/否, Y/N, 1/0, true/false)"
    if kind == "datetime":
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            out = s
            if getattr(s.dt, "tz", None) is not None:
                out = s.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
            return out.astype("datetime64[ns]"), pd.Series(False, index=s.index), "a date and time"
        if s.dtype == object:  # Excel gives datetime objects mixed with text
            s = s.map(lambda v: v.isoformat(sep=" ") if hasattr(v, "isoformat") else v)
        txt = _as_text(s)
        out = pd.to_datetime(txt, format="mixed", errors="coerce")
        bad = out.isna() & txt.notna()
        return out.astype("datetime64[ns]"), bad, "a date and time such as 2026-09-12 14:05"
    if kind == "category":
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        txt = _as_text(s)
        allowed = list(col.allowed)
        # Chinese labels → codes, then English codes written in another case or with spaces/hyphens
        mapped = txt.replace(VALUE_ALIASES.get(col.name, {}))
        folded = mapped.str.lower().str.replace(" ", "_", regex=False).str.replace("-", "_", regex=False)
        mapped = mapped.where(mapped.isin(allowed) | ~folded.isin(allowed), folded)
        bad = mapped.notna() & ~mapped.isin(allowed)
        out = mapped.where(~bad).astype(col.dtype)
        return out, bad, "one of " + ", ".join(col.allowed)
    raise AssertionError(kind)


def _order() -> list[str]:
    """Tables in dependency order (parents before children)."""
    done: list[str] = []
    pending = list(TABLES)
    while pending:
        for name in list(pending):
            refs = {f.ref_table for f in TABLES[name].foreign_keys} - {name}
            if refs <= set(done):
                done.append(name)
                pending.remove(name)
    return done


def _validate(raw, *, source, errors, origin, notes, file_rows) -> Dataset:
    probs = _Problems([])
    notes = list(notes)
    typed: dict[str, pd.DataFrame] = {}
    rows_read: dict[str, int] = {}
    bad_rows: dict[str, set] = {}

    for name in TABLES:
        t = TABLES[name]
        if name not in raw:
            if t.required:
                probs.add(name, "", "missing_table", [],
                          f"required table {name} ({t.zh_name}) is missing: add {name}.csv (or .xlsx/.parquet)")
            else:
                notes.append(f"{name}: optional table absent; analyses that need it show no data")
            continue
        df = raw[name]
        rows_read[name] = len(df)
        where = origin.get(name, name)
        df = df.reset_index(drop=True)
        labels = pd.RangeIndex(2, len(df) + 2) if file_rows else raw[name].index
        df.index = labels
        # headers -> English
        amap = COLUMN_ALIASES[name]
        rename, seen, extra = {}, {}, []
        for h in df.columns:
            hs = str(h).strip()
            target = amap.get(hs) or amap.get(hs.lower())
            if target is None:
                if t.person_data and (hs in PERSONAL_DATA_COLUMNS or hs.lower() in PERSONAL_DATA_COLUMNS):
                    probs.add(name, hs, "personal_data_column", [],
                              f"{where} has a column '{hs}' with personal data. Tables must not hold names, "
                              "phone or ID numbers: import the export with analysis.io.read_wjx or remove "
                              "the column (person_id is a salted hash).")
                else:
                    extra.append(hs)
                continue
            if target in seen:
                probs.add(name, target, "ambiguous_column", [],
                          f"{where}: headers '{seen[target]}' and '{hs}' both mean {target}; keep one")
                continue
            seen[target] = hs
            rename[h] = target
        if extra:
            notes.append(f"{name}: columns not in the contract kept as they are: {', '.join(extra)}")
        df = df.rename(columns=rename)
        missing = [c.name for c in t.columns if c.required and c.name not in df.columns]
        for m in missing:
            col = t.column(m)
            heads = ", ".join((m,) + col.aliases)
            probs.add(name, m, "missing_column", [], f"{where} has no column {m} (accepted headers: {heads})")
        if missing:
            continue
        bad: set = set()
        out = {}
        for col in t.columns:
            if col.name not in df.columns:
                # an absent optional column: its documented default (empty unless the schema says otherwise)
                empty = pd.Series([None] * len(df), index=df.index, dtype=object)
                out[col.name] = empty.astype(col.dtype) if col.default is None else \
                    pd.Series([col.default] * len(df), index=df.index).astype(col.dtype)
                continue
            conv, badcell, expected = _coerce(df[col.name], col)
            if badcell.any():
                idx = df.index[badcell.to_numpy()]
                probs.add(name, col.name, "allowed_values" if col.kind == "category" else "type", idx,
                          f"expected {expected}; found {_examples(df[col.name][badcell])}")
                bad |= set(idx)
            if not col.nullable:
                nulls = conv.isna() & ~badcell
                if nulls.any():
                    idx = df.index[nulls.to_numpy()]
                    probs.add(name, col.name, "not_null", idx, f"{col.name} must not be empty")
                    bad |= set(idx)
            if col.min is not None or col.max is not None:
                num = conv.astype("float64")
                lo = num < col.min if col.min is not None else pd.Series(False, index=num.index)
                hi = num > col.max if col.max is not None else pd.Series(False, index=num.index)
                rng = (lo | hi).fillna(False).astype(bool)
                if rng.any():
                    idx = df.index[rng.to_numpy()]
                    probs.add(name, col.name, "range", idx,
                              f"must be between {col.min} and {col.max}; found {_examples(num[rng])}")
                    bad |= set(idx)
            if col.kind == "str" and t.person_data:
                txt = conv.fillna("")
                pii = txt.str.contains(_PHONE) | txt.str.contains(_ID_CARD)
                if pii.any():
                    idx = df.index[pii.to_numpy()]
                    probs.add(name, col.name, "personal_data", idx,
                              "looks like a phone or ID-card number; remove it from the data "
                              "(reports must not contain personal data)")
                    bad |= set(idx)
            out[col.name] = conv
        clean = pd.DataFrame(out, index=df.index)
        for c in extra:
            clean[c] = df[c]
        if t.key:
            dupe = clean.duplicated(subset=list(t.key), keep="first")
            if dupe.any():
                allkeys = clean.duplicated(subset=list(t.key), keep=False)
                idx = clean.index[dupe.to_numpy()]
                first = clean.index[allkeys.to_numpy()]
                probs.add(name, "+".join(t.key), "unique_key", idx,
                          f"{'+'.join(t.key)} must be unique; repeated in rows {', '.join(map(str, first[:6]))}")
                bad |= set(idx)
        for rule in t.rules:
            if all(c in clean.columns for c in rule.columns):
                mask = rule.bad_rows(clean)
                if mask.any():
                    idx = clean.index[mask.to_numpy()]
                    probs.add(name, ",".join(rule.columns), rule.name, idx, rule.description)
                    bad |= set(idx)
        typed[name] = clean
        bad_rows[name] = bad

    if probs.fatal():
        pr = probs.frame()
        raise DataError(format_problems(pr, source), pr)

    # foreign keys, parents first, against the rows that survive
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
            ok = set(parent[fk.ref_column].dropna())
            miss = df[fk.column].notna() & ~df[fk.column].isin(ok)
            if miss.any():
                idx = df.index[miss.to_numpy()]
                probs.add(name, fk.column, "foreign_key", idx,
                          f"{_examples(df.loc[miss, fk.column])} not found in {fk.ref_table}.{fk.ref_column}")
                bad |= set(idx)
        keep = ~df.index.isin(list(bad))
        rejected[name] = df.loc[~keep].assign(file_row=df.index[~keep]) if (~keep).any() else df.iloc[0:0]
        kept[name] = df.loc[keep].reset_index(drop=True)

    pr = probs.frame()
    if errors == "raise" and len(pr):
        raise DataError(format_problems(pr, source), pr)
    tables = {name: kept.get(name, empty_frame(name)) for name in TABLES}
    return Dataset(tables, source=source, rows_read=rows_read, problems=pr,
                   rejected={k: v for k, v in rejected.items() if len(v)}, notes=notes)


def format_problems(problems: pd.DataFrame, source: str = "") -> str:
    """A readable message listing every problem (what :class:`DataError` shows)."""
    n = len(problems)
    head = f"The data in {source} break the data contract" if source else "The data break the data contract"
    lines = [f"{head}: {n} problem{'s' if n != 1 else ''} in "
             f"{problems['table'].nunique()} table{'s' if problems['table'].nunique() != 1 else ''}."]
    for r in problems.itertuples(index=False):
        col = f".{r.column}" if r.column else ""
        rows = f" — rows {r.rows}" if r.rows else ""
        count = f"{r.n_rows} row{'s' if r.n_rows != 1 else ''}: " if r.n_rows else ""
        lines.append(f"  - {r.table}{col} [{r.rule}] {count}{r.detail}{rows}")
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


def append_tables(tables: dict[str, pd.DataFrame], folder, keys: dict[str, list[str]]) -> list[Path]:
    """Add rows to the CSV tables of a data folder (creating the files that do not exist).

    Used by importers: a second 问卷星 export goes into the same folder as the first. Rows whose key
    (``keys[table]``) is already in the file are an error unless the whole row is identical (then it is
    not added twice), so an import can be repeated safely but never silently overwrites data.

    Returns the paths written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    merged = {}
    for name, new in tables.items():
        path = folder / f"{name}.csv"
        new_txt = _to_text(new).astype(str)
        if path.exists():
            old = _read_csv(path).fillna("").astype(str)
            both = pd.concat([old, new_txt], ignore_index=True).drop_duplicates()
            key = keys.get(name, [])
            clash = both.duplicated(subset=key, keep=False) if key else pd.Series(False, index=both.index)
            if clash.any():
                dup = both.loc[clash, key].drop_duplicates().head(MAX_ROWS_SHOWN)
                shown = "; ".join(", ".join(map(str, r)) for r in dup.itertuples(index=False))
                raise DataError(f"{path}: {'+'.join(key)} {shown} already in the file with other values. "
                                "Give this import its own --prefix, or import it into another folder.")
            merged[name] = both
        else:
            merged[name] = new_txt
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
