"""The first lines of a report: what it is about (branch, period in dates, scope) — no machine paths."""

from __future__ import annotations

import html

import pandas as pd

from analysis.report.labels import check_language, label
from analysis.scope import TIME_COLUMNS, parse_period

__all__ = ["period_bounds", "period_text", "header", "section", "staff_names"]


def period_bounds(scoped, period_start: str = "", period_end: str = "") -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The period of a report as dates: the parameters where given, else the first and last record in scope."""
    start, end = parse_period(period_start, period_end)
    stamps = []
    for table, column in TIME_COLUMNS.items():
        df = scoped.get(table) if hasattr(scoped, "get") else None
        if df is not None and column in df.columns and len(df):
            s = df[column]
            if pd.api.types.is_datetime64_any_dtype(s.dtype):
                stamps += [s.min(), s.max()]
    stamps = [s for s in stamps if pd.notna(s)]
    if start is None and stamps:
        start = min(stamps)
    if end is None and stamps:
        end = max(stamps)
    return start, end


def period_text(scoped, period_start: str = "", period_end: str = "", language: str = "zh") -> str:
    """'2026-09-01 至 2026-09-30' (zh) or '2026-09-01 to 2026-09-30' (en); '—' without data."""
    start, end = period_bounds(scoped, period_start, period_end)
    if start is None or end is None:
        return "—"
    sep = " 至 " if language == "zh" else " to "
    return f"{start:%Y-%m-%d}{sep}{end:%Y-%m-%d}"


class _Html:
    def __init__(self, body: str):
        self.body = body

    def _repr_html_(self) -> str:
        return self.body

    def __str__(self) -> str:
        return self.body


def header(scoped, branch_id: str, period_start: str = "", period_end: str = "", language: str = "zh",
           **facts) -> _Html:
    """One line: branch name (id, city) · period · extra facts (``label key → value``), HTML-escaped."""
    check_language(language)
    branches = scoped.get("branches") if hasattr(scoped, "get") else None
    name = branch_id
    if branches is not None and len(branches):
        row = branches.iloc[0]
        name = f"{row.get('name', branch_id)}（{branch_id}）" if language == "zh" else f"{row.get('name', branch_id)} ({branch_id})"
    items = [(label("branch_id", language), name),
             (label("header.period", language), period_text(scoped, period_start, period_end, language))]
    items += [(label(k, language), v) for k, v in facts.items()]
    sep = " · "
    body = sep.join(f"<b>{html.escape(str(k))}:</b> {html.escape(str(v))}" for k, v in items)
    return _Html(f"<p class='report-header'>{body}</p>")


def section(name: str, language: str = "zh", level: int = 2) -> _Html:
    """A section heading (label ``section.<name>``) and, when the vocab has one, its intro (sentence ``section.<name>``)."""
    from analysis.report.text import SENTENCES, say

    check_language(language)
    level = min(max(int(level), 1), 4)
    body = f"<h{level}>{html.escape(label(f'section.{name}', language))}</h{level}>"
    if f"section.{name}" in SENTENCES:
        body += f"<p>{html.escape(say(f'section.{name}', language))}</p>"
    return _Html(body)


def staff_names(staff, language: str = "zh") -> pd.Series:
    """staff_id → how a report names a staff member: "王芳（理财经理）" / "王芳 (Wealth manager)".

    Staff are employees, not customers: their names may appear in reports when the staff table has
    a ``name`` column; without one the id stands in ("B01-S03（理财经理）"). Use it to fill the
    ``owner`` of action lists and the staff column of league tables.
    """
    from analysis.report.labels import value_label

    check_language(language)
    if staff is None or not len(staff):
        return pd.Series(dtype="string")
    ids = staff["staff_id"].astype("string")
    names = staff["name"].astype("string") if "name" in staff.columns else ids
    names = names.fillna(ids)
    roles = staff["role"].astype("string") if "role" in staff.columns else pd.Series(pd.NA, index=staff.index)
    role_text = roles.map(lambda r: value_label(r, language, column="role") if pd.notna(r) else "")
    fmt = (lambda n, r: f"{n}（{r}）" if r else str(n)) if language == "zh" else (lambda n, r: f"{n} ({r})" if r else str(n))
    out = [fmt(n, r) for n, r in zip(names.tolist(), role_text.tolist())]
    return pd.Series(out, index=ids.to_numpy(), dtype="string")


def name_staff(table: pd.DataFrame, staff, language: str = "zh", column: str = "staff_id",
               unassigned: str = "unassigned") -> pd.DataFrame:
    """A copy of ``table`` with the staff ids of ``column`` shown as :func:`staff_names` gives them.

    Ids not in ``staff`` stay as they are; a missing id becomes the label ``unassigned`` ("未分配" /
    "Unassigned" by default; a domain may pass its own key, e.g. "no manager"). Other columns and the
    order of the rows are unchanged.

    >>> t = pd.DataFrame({"assigned_to": pd.array(["S1", "S9", None], dtype="string")})
    >>> staff = pd.DataFrame({"staff_id": ["S1"], "role": ["teller"]})
    >>> name_staff(t, staff, "en", column="assigned_to")["assigned_to"].tolist()
    ['S1 (Teller)', 'S9', 'Unassigned']
    """
    from analysis.errors import ParameterError
    from analysis.report.labels import label

    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"name_staff: expected a DataFrame, got {type(table).__name__}.")
    if column not in table.columns:
        return table.copy()
    names = staff_names(staff, language) if staff is not None and len(staff) else pd.Series(dtype="string")
    ids = table[column].astype("string")
    shown = ids.map(names).astype("string").fillna(ids).fillna(label(unassigned, language))
    return table.assign(**{column: shown})

