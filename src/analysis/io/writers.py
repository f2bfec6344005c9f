"""Writing data sets: one file per table (:func:`write_dataset`), and adding rows to one (:func:`append_tables`)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from analysis.errors import ParameterError
from analysis.io.numbers import _PLAIN
from analysis.io.problems import _error, MAX_ROWS_SHOWN, _problem
from analysis.io.readers import read_file
from analysis.outputs import FORMULA_START
from analysis.schemas import TABLES


def _neutralized(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell a spreadsheet would evaluate prefixed with ``'`` (the OWASP CSV-injection rule
    of :func:`analysis.outputs.neutralize_formulas`: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return, or their full-width forms).

    Number, time and boolean columns are left alone (their cells are values, not text), and so is a plain
    number written as text in a number column of the contract (``-3`` in ``cost``): a spreadsheet reads it as
    the number, and the loader must too. The frame is returned as it is when nothing needs the prefix.
    """
    table = TABLES.get(name)
    numeric = {c.name for c in table.columns if c.kind in ("int", "float")} if table is not None else set()
    out = None
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype) \
                or pd.api.types.is_bool_dtype(s.dtype):
            continue
        txt = s.astype("string")
        risky = txt.str.startswith(FORMULA_START).fillna(False).to_numpy(dtype=bool)
        if c in numeric and risky.any():
            risky &= ~txt.str.fullmatch(_PLAIN).fillna(False).to_numpy(dtype=bool)
        if risky.any():
            out = df.copy() if out is None else out
            out[c] = s.astype(object).where(~risky, "'" + txt.astype(object))
    return df if out is None else out


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


def _write_csv(text: pd.DataFrame, path: Path) -> None:
    """Text columns (:func:`_to_text`) as UTF-8 CSV with a BOM, lines ending with ``\\n``, written to ``path``.

    A value holding a bare carriage return would not be quoted under that line ending and would split its
    row when the file is read back, so a file holding one has every field quoted (readers take quoted and
    unquoted fields alike); every other file is written as before.
    """
    bare_cr = any(text[c].astype("string").str.contains("\r", regex=False).any() for c in text.columns
                  if text[c].dtype == object or isinstance(text[c].dtype, pd.StringDtype))
    text.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n",
                quoting=csv.QUOTE_ALL if bare_cr else csv.QUOTE_MINIMAL)


def write_dataset(tables: dict[str, pd.DataFrame], folder, fmt: str = "csv") -> list[Path]:
    """Write tables as ``<table>.<fmt>`` files into ``folder`` (created if needed).

    CSV files are UTF-8 with a BOM (so Excel on Chinese Windows opens them correctly), times as
    ``YYYY-MM-DD HH:MM:SS`` and booleans as ``true``/``false``; the output of the same tables is
    byte-identical. Returns the paths written.

    CSV and XLSX files never hold a live spreadsheet formula (OWASP CSV injection, issue 11): a text cell
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading ``'``
    (:func:`_neutralized`), so ``=HYPERLINK("http://x")`` is written as ``'=HYPERLINK("http://x")``.
    The apostrophe is then part of the value: :func:`~analysis.io.load_dataset` reads that file back as
    ``'=HYPERLINK("http://x")``, shown as text everywhere. Parquet files keep the values as they are
    (no spreadsheet opens them).
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
            _write_csv(_to_text(_neutralized(name, df)), tmp)
        elif fmt == "parquet":
            df.to_parquet(tmp, index=False)
        else:
            _to_text(_neutralized(name, df)).to_excel(tmp, index=False, engine="openpyxl")
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

    Text cells that would start a spreadsheet formula are written with a leading ``'``, as by
    :func:`write_dataset`, before the rows are compared with the file's: a repeated import of the same
    export (``=1+1`` in an answer) finds its rows, already written as ``'=1+1``, identical.

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
        new_txt = _to_text(_neutralized(name, new)).astype(str)
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
        _write_csv(df, tmp)
        tmp.replace(path)
        written.append(path)
    return written
