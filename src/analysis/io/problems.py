"""Problems found in a data set: the problems table, messages, masked examples, DataError."""

from __future__ import annotations

import unicodedata

import pandas as pd

from analysis import privacy
from analysis.errors import DataError


PROBLEM_COLUMNS = ["table", "column", "rule", "n_rows", "rows", "detail"]
MAX_ROWS_SHOWN = 5
# Fatal rules: the table cannot be used at all, so rows cannot simply be set aside.
TABLE_RULES = {"missing_table", "missing_column", "personal_data_column", "ambiguous_column", "duplicate_table",
               "duplicate_column", "unnamed_column", "unreadable", "encoding", "empty_file", "extra_fields",
               "several_sheets"}


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
