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
- **Snapshots.** A snapshot folder (``_snapshot.json``, written by :mod:`analysis.snapshot` for a run) is
  restored as the run validated it (:func:`analysis.snapshot.load`), not validated again.
- **Writing.** :func:`write_dataset` and :func:`append_tables` never write a live spreadsheet formula: a
  CSV or XLSX text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
  ``'`` (the OWASP CSV-injection rule of :mod:`analysis.outputs`), which is then part of the value read back.
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

Modules: :mod:`.readers` (files, folders, SQLite), :mod:`.numbers` and :mod:`.times` (reading values),
:mod:`.validate` (typing, keys, references, personal data, row and cross-table rules), :mod:`.problems`
(the problems table and messages), :mod:`.dataset` (:class:`Dataset`), :mod:`.load` (:func:`load_dataset`,
:func:`validate_tables`), :mod:`.writers` (:func:`write_dataset`, :func:`append_tables`). Every public
name is re-exported here: ``analysis.io.load_dataset`` is the one to use.
"""

from __future__ import annotations

from analysis.io.dataset import Dataset
from analysis.io.load import load_dataset, validate_tables
from analysis.io.problems import MAX_ROWS_SHOWN, PROBLEM_COLUMNS, TABLE_RULES, format_problems
from analysis.io.readers import ENCODINGS, SQLITE_SUFFIXES, SUFFIXES, _read_folder, read_file
from analysis.io.times import DATE_ORDERS, parse_times
from analysis.io.writers import append_tables, write_dataset

__all__ = ["Dataset", "load_dataset", "validate_tables", "write_dataset", "append_tables", "format_problems", "read_wjx",
           "read_file", "parse_times", "PROBLEM_COLUMNS", "DATE_ORDERS"]

# Also importable from here (the CLI reads a folder's raw tables): the constants of the modules and
# ``_read_folder``.
_REEXPORTED = (MAX_ROWS_SHOWN, TABLE_RULES, ENCODINGS, SQLITE_SUFFIXES, SUFFIXES, _read_folder)


# ---------------------------------------------------------------------------
# Importers of real exports (implemented in their own modules, exposed here)
# ---------------------------------------------------------------------------


def read_wjx(path, questions=None, **kwargs):
    """Import a 问卷星 (Wenjuanxing) export; see :func:`analysis.wjx.read_wjx`."""
    from analysis.wjx import read_wjx as _read_wjx

    return _read_wjx(path, questions, **kwargs)
