"""What the sheet and WeCom importers share: problems, the data folder they import into, staff matching,
people rows, and the idempotent append.

Nothing here reads personal data into an output: every message goes through
:func:`analysis.privacy.mask_personal`, and the person ids are the salted hash of
:mod:`analysis.privacy` (the same salt and normalisation as the 问卷星 importer).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import privacy
from analysis.errors import DataError, ParameterError
from analysis.io import append_tables, format_problems, read_file
from analysis.schemas import COLUMN_ALIASES, TABLE_ALIASES, TABLES

__all__ = ["Problems", "ImportResult", "Folder", "KEYS", "typed", "match_staff", "merge_people", "derived_ids",
           "write", "MAX_SHOWN"]

MAX_SHOWN = 5

#: The key of every table an importer writes: a re-import with the same key and the same content adds
#: nothing; the same key with other content is a conflict (``conflicting_reimport``).
KEYS: dict[str, list[str]] = {
    "branches": ["branch_id"], "staff": ["staff_id"], "communities": ["community_id"], "events": ["event_id"],
    "people": ["person_id"], "attendance": ["event_id", "person_id"],
    "invitations": ["event_id", "person_id", "inviter_id"], "leads": ["lead_id"],
    "event_targets": ["event_id", "metric", "role"], "event_actuals": ["event_id", "metric", "role"],
    "visitor_records": ["record_id"], "wechat_groups": ["group_id"],
    "group_members": ["group_id", "person_id", "joined_at"], "group_daily_stats": ["branch_id", "owner_staff_id", "day"],
}


class Problems:
    """Problems found while reading, in the loader's format (table, column, rule, n_rows, rows, detail)."""

    def __init__(self, source: str):
        self.source = source
        self.rows: list[dict] = []

    def add(self, table: str, column: str, rule: str, rows, detail: str, where: str = "") -> None:
        rows = [str(r) for r in rows]
        shown = ", ".join(rows[:MAX_SHOWN]) + (" …" if len(rows) > MAX_SHOWN else "")
        self.rows.append({"table": table, "column": column, "rule": rule, "n_rows": len(rows), "rows": shown,
                          "detail": privacy.mask_personal(f"{where}: {detail}" if where else detail)})

    def raise_if_any(self) -> None:
        if self.rows:
            pr = pd.DataFrame(self.rows).astype({"n_rows": "int64"})
            raise DataError(format_problems(pr, self.source), pr)


class ImportResult(dict):
    """What an importer returns: ``dict`` of table name → DataFrame (contract columns and dtypes), plus
    the import summary.

    Attributes
    ----------
    read : list of str
        What was read (file, sheet, form, rows).
    set_aside : list of str
        What was not imported and why (example rows, empty rows, extra columns, staff members of a
        WeCom group …).
    notes : list of str
        Everything else the user should know (how a rule was applied, which personal data were hashed).
    """

    def __init__(self, tables=None, *, read=(), set_aside=(), notes=()):
        super().__init__(tables or {})
        self.read = list(read)
        self.set_aside = list(set_aside)
        self.notes = list(notes)

    def summary(self, written: dict[str, int] | None = None) -> list[str]:
        """The import summary as lines (personal data masked): read, created, set aside, notes."""
        lines = [f"read: {r}" for r in self.read]
        counts = written if written is not None else {k: len(v) for k, v in self.items()}
        lines += [f"created: {n} row(s) of {t}" for t, n in counts.items()]
        lines += [f"set aside: {s}" for s in self.set_aside]
        lines += [f"note: {s}" for s in self.notes]
        return [privacy.mask_personal(s) for s in lines]


def typed(name: str, cols: dict, n: int) -> pd.DataFrame:
    """The table ``name`` with the contract's columns and dtypes; a column not given is empty."""
    out = {}
    for c in TABLES[name].columns:
        s = cols.get(c.name)
        if s is None:
            out[c.name] = pd.Series(index=range(n), dtype=c.dtype)
            continue
        if not isinstance(s, pd.Series):
            s = pd.Series([s] * n, dtype=object) if np.ndim(s) == 0 else pd.Series(s)
        s = s.reset_index(drop=True)
        if c.kind == "category":
            s = s.astype(object).astype(c.dtype)
        elif c.kind == "datetime":
            s = pd.to_datetime(s).astype("datetime64[ns]")
        elif c.kind == "bool":
            s = s.astype("boolean")
        elif c.kind == "float":
            s = pd.to_numeric(s.astype(object).where(s.notna(), None), errors="coerce").astype("float64")
        else:
            s = s.astype(c.dtype)
        out[c.name] = s
    return pd.DataFrame(out)


def derived_ids(prefix: str, *parts: pd.Series) -> pd.Series:
    """A stable id per row from its (already pseudonymous) key parts: ``prefix`` + 12 hex digits of SHA-256.

    Re-importing the same row gives the same id, so a sheet without its own ids (a paper lead sheet) can be
    imported twice without adding anything. The parts must not hold personal data (hashed ids, times, codes)."""
    text = parts[0].astype("string").fillna("")
    for p in parts[1:]:
        text = text + "\x1f" + p.astype("string").fillna("")
    return text.map(lambda t: prefix + hashlib.sha256(t.encode("utf-8")).hexdigest()[:12]).astype("string")


# ---------------------------------------------------------------------------
# The data folder imported into
# ---------------------------------------------------------------------------


@dataclass
class Folder:
    """The data folder an import goes into: its existing tables (as text, English headers), read once."""

    path: Path
    _cache: dict = field(default_factory=dict)

    def __post_init__(self):
        self.path = Path(self.path)
        if self.path.exists() and not self.path.is_dir():
            raise ParameterError(f"--out {self.path} is a file, not a folder: give the data folder to import into")

    def files(self, name: str) -> list[Path]:
        """The files of the folder that hold table ``name`` (English or Chinese file name, any format)."""
        if not self.path.is_dir():
            return []
        return sorted(p for p in self.path.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".xlsx", ".parquet")
                      and TABLE_ALIASES.get(p.stem) == name)

    def table(self, name: str) -> pd.DataFrame | None:
        """Table ``name`` of the folder as text with English headers, or None when the folder has none."""
        if name not in self._cache:
            found = self.files(name)
            if not found:
                self._cache[name] = None
            else:
                df = read_file(found[0], name)[0]
                df = df.rename(columns=lambda h: COLUMN_ALIASES.get(name, {}).get(str(h).strip(), str(h).strip()))
                self._cache[name] = df.astype(object).where(df.notna(), None).astype("string")
        return self._cache[name]

    def ids(self, name: str, column: str) -> set[str]:
        t = self.table(name)
        return set() if t is None or column not in t.columns else set(t[column].dropna())

    def check_writable(self, names) -> None:
        """The importers append to ``<table>.csv``: a table kept in another file would be split in two."""
        for name in names:
            other = [p for p in self.files(name) if p.name != f"{name}.csv"]
            if other:
                raise ParameterError(
                    f"{other[0]}: the folder keeps {name} in {other[0].name}; the import appends to {name}.csv and "
                    f"would leave the table in two files. Save {other[0].name} as {name}.csv (UTF-8) first.")


def match_staff(values: pd.Series, staff: pd.DataFrame | None, names: dict[str, str] | None = None
                ) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Staff ids for the staff written on a sheet: a staff id as it is, else a staff name.

    Parameters
    ----------
    values : Series
        What the sheet says (工号 or 姓名 of the employee).
    staff : DataFrame or None
        The staff table (``staff_id``; ``name`` when the contract and the folder have one).
    names : dict, optional
        Employee name → staff id from a 员工名单 sheet of the same import.

    Returns
    -------
    ids, unknown, ambiguous : Series
        The staff ids (NA where not matched or empty), and two masks: a value that is neither a staff id
        nor a known name, and a name that two staff members share.
    """
    txt = values.astype("string").str.strip().mask(lambda s: s == "")
    ids = set() if staff is None or "staff_id" not in staff.columns else set(staff["staff_id"].dropna())
    by_name: dict[str, list[str]] = {}
    if staff is not None and "name" in staff.columns:
        for n, s in zip(staff["name"], staff["staff_id"]):
            if n is not pd.NA and n is not None and s is not pd.NA and s is not None:
                same = by_name.setdefault(str(n).replace(" ", ""), [])
                if str(s) not in same:  # the folder's row and this import's staff sheet: one employee, not two
                    same.append(str(s))
    for n, s in (names or {}).items():
        by_name.setdefault(n.replace(" ", ""), [])
        if s not in by_name[n.replace(" ", "")]:
            by_name[n.replace(" ", "")].append(s)
    ids |= {s for v in by_name.values() for s in v}
    key = txt.str.replace(" ", "", regex=False).astype(object)
    single = {k: v[0] for k, v in by_name.items() if len(v) == 1}
    several = {k for k, v in by_name.items() if len(v) > 1}
    ambiguous = key.isin(several).astype(bool) & ~txt.isin(list(ids)).fillna(False).astype(bool)
    by_n = key.map(single).astype("string")
    out = txt.where(txt.isin(list(ids))).fillna(by_n.astype("string")).astype("string")
    unknown = (txt.notna() & out.isna() & ~ambiguous).astype(bool)
    return out, unknown, ambiguous


def merge_people(parts: list[pd.DataFrame], problems: Problems) -> pd.DataFrame:
    """One ``people`` row per person from the rows the sheets give (first known value of each column).

    Two sheets saying different things about one person (female on the sign-in sheet, male on the
    information sheet) is a problem (rule ``conflicting_person``), never a silent choice.
    """
    parts = [p for p in parts if p is not None and len(p)]
    if not parts:
        return typed("people", {}, 0)
    allp = pd.concat([p.reset_index(drop=True) for p in parts], ignore_index=True)
    cols = [c for c in TABLES["people"].column_names if c != "person_id" and c in allp.columns]
    for c in cols:
        seen = allp.dropna(subset=[c]).drop_duplicates(["person_id", c])
        clash = seen["person_id"].duplicated(keep=False)
        if clash.any():
            where = seen.loc[clash, "_where"].tolist()
            problems.add("people", c, "conflicting_person", where,
                         f"the same person (same phone number or name) is given different {c} values "
                         f"({', '.join(sorted(set(map(str, seen.loc[clash, c]))))}) in different rows; correct the sheet")
    first = allp.groupby("person_id", sort=False)[cols].first() if cols else \
        pd.DataFrame(index=pd.Index(pd.unique(allp["person_id"]), name="person_id"))
    first = first.reset_index()
    return typed("people", {c: first[c] for c in first.columns}, len(first))


#: What to do about a conflicting re-import of a sheet or a WeCom payload (the io wording speaks of the 问卷星
#: importer's --prefix, which import-sheets and import-wecom do not have).
CONFLICT_ADVICE = ("Nothing was written. The sheet or payload says something else about rows the folder already "
                   "has: if the new values are right, correct (or delete) those rows in the folder's CSV file and "
                   "import again; if the folder is right, correct the sheet. Importing a different event or day "
                   "never conflicts.")


def _reworded(exc: DataError, folder: Folder) -> DataError:
    """``exc`` with the importers' own advice in the conflicts' detail (other problems unchanged)."""
    pr = exc.problems
    if pr is None or not len(pr) or "rule" not in pr.columns:
        return exc
    conflict = (pr["rule"] == "conflicting_reimport").to_numpy(dtype=bool)
    if not conflict.any():
        return exc
    detail = pr["detail"].astype(str)
    cut = detail.str.split("Nothing was written.", n=1, regex=False).str[0].str.rstrip()
    pr = pr.assign(detail=detail.where(~conflict, cut + " " + CONFLICT_ADVICE))
    return DataError(format_problems(pr, str(folder.path)), pr)


def write(result: ImportResult, folder: Folder) -> dict[str, int]:
    """Append the tables of ``result`` to the folder's CSV files without duplicating rows.

    Returns the rows added per table. ``people`` rows the folder already has are kept as they are (the
    summary says how many); every other table with a key already in the file and other content is refused
    (:func:`analysis.io.append_tables`, rule ``conflicting_reimport``), and then nothing is written.
    """
    tables = {k: v for k, v in result.items() if v is not None}
    folder.check_writable(tables)
    before = {}
    for name in tables:
        t = folder.table(name)
        before[name] = 0 if t is None else len(t)
    known = folder.ids("people", "person_id")
    if "people" in tables and known:
        kept = int(tables["people"]["person_id"].isin(list(known)).sum())
        if kept:
            result.notes.append(f"{kept} person(s) already in people: their row was kept as it is")
    try:
        append_tables(tables, folder.path, keys={k: KEYS[k] for k in tables if k in KEYS}, only_new=("people",))
    except DataError as exc:
        raise _reworded(exc, folder) from None
    folder._cache.clear()
    added = {}
    for name in tables:
        t = folder.table(name)
        added[name] = (0 if t is None else len(t)) - before[name]
    return added
