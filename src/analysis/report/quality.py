"""The data-quality section every report closes with: rows read, rows set aside and why, findings.

One function builds it for every notebook (:func:`quality_table`, pure) and one renders it
(:func:`data_quality`, an HTML block for the notebook).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.report.labels import label
from analysis.report.tables import show

__all__ = ["quality_table", "problems_for", "data_quality"]


def quality_table(ds, tables: Sequence[str]) -> pd.DataFrame:
    """Rows read, set aside and kept for the given tables: ``table``, ``rows_read``, ``rows_rejected``, ``rows``."""
    q = ds.quality()
    q = q[q["table"].isin(list(tables)) & q["present"]]
    return q[["table", "rows_read", "rows_rejected"]].reset_index(drop=True)


def problems_for(ds, tables: Sequence[str]) -> pd.DataFrame:
    """The validation problems of the given tables (columns of :attr:`DataError.problems`)."""
    p = ds.problems
    return p[p["table"].isin(list(tables))].reset_index(drop=True)


class _Html:
    def __init__(self, body: str):
        self.body = body

    def _repr_html_(self) -> str:
        return self.body


def data_quality(ds, tables: Sequence[str], findings: Iterable[pd.DataFrame] = (), language: str = "zh",
                 notes: bool = True):
    """The data-quality block of a report: rows per table, problems, domain findings, notes."""
    parts = [show(quality_table(ds, tables), language).to_html()]
    problems = problems_for(ds, tables)
    if len(problems):
        parts.append(f"<p>{html.escape(label('quality.rejected', language))}</p>")
        parts.append(show(problems, language).to_html())
    else:
        parts.append(f"<p>{html.escape(label('quality.ok', language))}</p>")
    for f in findings:
        if f is not None and len(f):
            parts.append(show(f, language).to_html())
    if notes:
        for note in getattr(ds, "notes", []):
            if any(note.startswith(t) for t in tables):
                parts.append(f"<p>{html.escape(note)}</p>")
    parts.append(f"<p>{html.escape(label('quality.masked', language))}</p>")
    return _Html("\n".join(parts))
