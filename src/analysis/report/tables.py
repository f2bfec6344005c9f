"""``show(table, language)``: a tidy result as a formatted, localized table for a report.

Column headers and coded values are translated with the one label dictionary
(:mod:`analysis.report.labels`); each column is formatted by the format declared next to its
label (percent with one decimal, yuan with thousands separators, counts as integers, p-values as
"< 0.001", durations in hours or days). Every text cell is HTML-escaped. Notebooks call ``show``
once per section and hold no formatting code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import hashlib
import html

import pandas as pd

from analysis import rules
from analysis.errors import ParameterError
from analysis.report.labels import LABELS, check_language, column_format, fmt, label, value_label

__all__ = ["show", "localize", "formatted", "Table"]


class Table:
    """A report table: renders as HTML in notebooks and reports, as aligned text elsewhere.

    Wraps the pandas Styler (``.styler``) and the displayed cells (``.data``, a DataFrame of text).
    The HTML carries no random ids, so an executed notebook is the same every run (nbval compares it).
    """

    def __init__(self, styler, data: pd.DataFrame, caption: str | None, collapse: bool = False,
                 summary: str | None = None):
        self.styler = styler
        self.data = data
        self.caption = caption
        self.collapse = collapse
        self.summary = summary

    def to_html(self) -> str:
        body = self.styler.to_html()
        if self.collapse:
            return f"<details class='table-details'><summary>{html.escape(self.summary or '')}</summary>{body}</details>"
        return body

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        text = self.data.to_string(index=False) if len(self.data.columns) else ""
        return f"{self.caption}\n{text}" if self.caption else text

    def __len__(self) -> int:
        return len(self.data)


def _kind(df: pd.DataFrame, column: str, formats: Mapping[str, str]) -> str | None:
    if column in formats:
        return formats[column]
    kind = column_format(column)
    if kind is not None:
        return kind
    s = df[column]
    if pd.api.types.is_bool_dtype(s.dtype):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return "datetime"
    if pd.api.types.is_integer_dtype(s.dtype):
        return "count"
    if pd.api.types.is_float_dtype(s.dtype):
        return "num2"
    return "code"  # text: translate codes that have a label, keep the rest


#: Columns formatted row by row by a ``fmt`` column when the table has one (headline items mix percentages,
#: counts and yuan in one ``value`` column).
ROW_FORMATTED = ("value", "ci_low", "ci_high", "previous", "standard", "target", "actual")


def formatted(df: pd.DataFrame, language: str = "zh", formats: Mapping[str, str] | None = None) -> pd.DataFrame:
    """``df`` with every cell as display text (same columns, still English names)."""
    check_language(language)
    formats = dict(formats or {})
    out = {}
    row_fmt = df["fmt"].tolist() if "fmt" in df.columns else None
    for c in df.columns:
        kind = _kind(df, c, formats)
        values = df[c].tolist()
        if row_fmt is not None and c in ROW_FORMATTED and c not in formats:
            out[c] = [fmt(v, k if isinstance(k, str) and k else None, language) for v, k in zip(values, row_fmt)]
            continue
        if kind == "code":
            out[c] = [value_label(v, language, column=c) for v in values]
        else:
            out[c] = [fmt(v, kind, language) for v in values]
    return pd.DataFrame(out, index=df.index, dtype=object)


def localize(df: pd.DataFrame, language: str = "zh", formats: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Formatted cells and translated headers: what :func:`show` displays, as a DataFrame."""
    out = formatted(df, language, formats)
    out.columns = [label(c, language) for c in df.columns]
    if "fmt" in df.columns:  # the row formats are applied; the format names are not for readers
        out = out.drop(columns=[label("fmt", language)])
    return out.reset_index(drop=True)


def show(table: pd.DataFrame, language: str = "zh", columns: Sequence[str] | None = None,
         formats: Mapping[str, str] | None = None, max_rows: int | None = rules.TABLE_MAX_ROWS,
         caption: str | None = None, collapse: bool | int = False):
    """A tidy result as a report table (headers translated, cells formatted, text escaped): a :class:`Table`.

    Parameters
    ----------
    table : DataFrame
        A tidy result of a domain function.
    language : {"zh", "en"}
    columns : list of str, optional
        The columns to show, in order (default: all).
    formats : mapping, optional
        Column → format name for a column whose format is not the one of its label.
    max_rows : int or None, default :data:`analysis.rules.TABLE_MAX_ROWS`
        Show the first rows only, with a note of how many more there are (None: every row). The default
        bound keeps a page readable and its kernel small when a branch has thousands of events or staff.
    caption : str, optional
        A label key or text shown above the table.
    collapse : bool or int
        Fold the table away under a one-line summary ("展开 42 行" / "Show 42 rows") that the reader
        opens: always (True) or when it has more than this many rows (an int). Long detail tables
        come after the answer and should not push the next section thousands of pixels down.
    """
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"show: expected a DataFrame, got {type(table).__name__}")
    check_language(language)
    df = table if columns is None else table.loc[:, list(columns)]
    more = 0
    if max_rows is not None and len(df) > max_rows:
        more = len(df) - max_rows
        df = df.head(max_rows)
    shown = localize(df, language, formats)
    uid = hashlib.sha1(f"{caption}|{shown.to_csv()}".encode("utf-8")).hexdigest()[:10]  # stable, distinct per table
    styler = shown.style.set_uuid(uid).hide(axis="index").format(escape="html", na_rep="—").format_index(escape="html", axis=1)
    text = label(caption, language) if caption in LABELS else caption
    if more:
        note = f"（另有 {more:,} 行未显示）" if language == "zh" else f"({more:,} more rows not shown)"
        text = f"{text} {note}" if text else note
    if text:
        styler = styler.set_caption(html.escape(text))
    rows = len(table)
    fold = bool(collapse) if isinstance(collapse, bool) else rows > int(collapse)
    title = text or ""
    summary = (f"{title} 展开 {rows:,} 行" if language == "zh" else f"{title} Show {rows:,} rows").strip()
    return Table(styler, shown, text, collapse=fold, summary=summary)
