"""The validated data set: tables plus their data-quality record."""

from __future__ import annotations

import pandas as pd

from analysis.io.problems import PROBLEM_COLUMNS
from analysis.schemas import TABLES


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
