"""Import of the filled-in forms (填报表导入): sign-in sheets, invitation lists, lead sheets, evaluation forms,
customer information sheets, and the setup sheets of a new branch.

:func:`read_sheets` reads workbooks made from :func:`analysis.importers.templates.write_templates`, and also
the looser sheets a branch already keeps, as long as they carry the same headers (any order, a title row
above the header, extra columns). Every name and phone number becomes the salted-hash ``person_id`` of
:mod:`analysis.privacy` — the same hash as the 问卷星 importer, so the same phone number is the same person
on a sign-in sheet, a lead sheet and a survey — and is never written. Staff are matched by 工号 or by name.

What is refused, each with a :class:`analysis.DataError` naming the file, the sheet, the table, the column
(as the sheet heads it), the rule and the rows as the sheet numbers them:

============================ ==================================================================
rule                         what
============================ ==================================================================
``missing_header``           no row of the sheet's first ten holds the form's headers
``merged_cells``             merged cells in the header or below (each row must be one record)
``missing_column``           a required column of the form is absent
``duplicate_column``         two columns mean the same thing
``date_as_text``             a time column holds text that is not a date (``9月5日下午``)
``not_a_phone``              a phone column holds something that is not a phone number
``personal_data``            a phone number, ID number, e-mail address … in any other column
``not_null``                 a required value is empty (or neither name nor phone is given)
``allowed_values``           a value not in the drop-down list
``type``                     a number column holding text
``unknown_staff``            a staff name or id not on the staff list (``ambiguous_staff``: two
                             staff members share the name)
``foreign_key``              an event (or community, partner) the folder and the import do not know
``unique_key``               the same key twice in the sheet (a person signed in twice)
row rules of the contract    e.g. ``closed_needs_time``, ``contact_after_capture``
============================ ==================================================================
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import privacy
from analysis.errors import DataError, ParameterError
from analysis.importers._common import Folder, ImportResult, Problems, derived_ids, match_staff, merge_people, typed
from analysis.importers.templates import FORMS, NOTES_SHEETS, Field, Form, code_labels
from analysis.io import parse_times, read_file
from analysis.schemas import BOOL_VALUES, TABLES, VALUE_ALIASES

__all__ = ["read_sheets", "SETUP_ORDER"]

#: The order forms are built in: the setup sheets first, so the forms can refer to them.
SETUP_ORDER = ("branches", "staff", "communities", "events", "sign_in", "invitations", "leads", "evaluation",
               "visitor_info")
_HEADER_ROWS = 10
_LIST_SEP = r"\s*[、,，;；/|]\s*"


@dataclass
class _Sheet:
    """One sheet read as a form: its cells by field, and the row numbers the sheet shows."""

    file: str
    title: str
    form: Form
    cells: pd.DataFrame  # one column per field key present, Python objects
    rows: np.ndarray  # sheet row number of each row
    headers: dict  # field key → the header as written

    @property
    def where(self) -> str:
        return f"{self.file}, sheet {self.title!r} ({self.form.zh})"


def _norm_header(h) -> str:
    return re.sub(r"[\s*＊:：()（）]", "", str(h)) if h is not None else ""


def _header_map(form: Form) -> dict[str, str]:
    m = {}
    for f in form.fields:
        for h in (f.zh, f.en, f.key, *f.aliases):
            m[_norm_header(h).lower()] = f.key
    return m


_MAPS = {k: _header_map(f) for k, f in FORMS.items()}
_TITLES = {**{f.zh: k for k, f in FORMS.items()}, **{f.en: k for k, f in FORMS.items()}}


def _is_blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and np.isnan(v))


def _find_header(values: list[tuple], title: str) -> tuple[int, str] | None:
    """(index of the header row, form key) from the headers in the first rows (the title first)."""
    best = None
    for i, row in enumerate(values[:_HEADER_ROWS]):
        heads = [_norm_header(v).lower() for v in row if not _is_blank(v)]
        if not heads:
            continue
        for key, m in _MAPS.items():
            hits = sum(h in m for h in heads)
            if title in _TITLES and _TITLES[title] != key:
                continue
            if hits >= 2 and (best is None or hits > best[0]):
                best = (hits, i, key)
        if best is not None:
            return best[1], best[2]
    return None


def _load_xlsx(path: Path, problems: Problems) -> list[tuple[str, list[tuple], list]]:
    """(title, rows of values, merged ranges) per sheet; the file is only read."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure, in the user's terms
        raise DataError(f"{path.name}: the file cannot be read as an Excel workbook (.xlsx): {type(exc).__name__}. "
                        "Open it in Excel and save it again as .xlsx.") from None
    try:
        return [(ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)], list(ws.merged_cells.ranges))
                for ws in wb.worksheets]
    finally:
        wb.close()


def _sheets_of(path: Path, problems: Problems, result: ImportResult) -> list[_Sheet]:
    if not path.is_file():
        raise ParameterError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        raw = _load_xlsx(path, problems)
    elif suffix == ".csv":
        df, notes = read_file(path)
        result.notes += [f"{path.name}: {n}" for n in notes]
        raw = [(path.stem, [tuple(df.columns)] + [tuple(None if pd.isna(v) else v for v in r)
                                                  for r in df.itertuples(index=False)], [])]
    else:
        raise ParameterError(f"{path.name}: a filled-in form must be .xlsx or .csv, not {suffix or 'without suffix'}")
    out = []
    for title, values, merged in raw:
        if title in NOTES_SHEETS:
            result.set_aside.append(f"{path.name}, sheet {title!r}: the notes sheet (说明), not data")
            continue
        if not any(not _is_blank(v) for r in values for v in r):
            result.set_aside.append(f"{path.name}, sheet {title!r}: empty")
            continue
        found = _find_header(values, title)
        if found is None:
            wanted = "; ".join(f"{f.zh}: {', '.join(x.zh for x in f.fields[:4])} …" for f in FORMS.values())
            problems.add(_TITLES.get(title, "") and FORMS[_TITLES[title]].tables[0], "", "missing_header", [1],
                         "no header row found in the first ten rows: row 1 must hold the column names of a form "
                         f"({wanted})", f"{path.name}, sheet {title!r}")
            continue
        hi, key = found
        form = FORMS[key]
        where = f"{path.name}, sheet {title!r} ({form.zh})"
        bad = [r for r in merged if r.max_row >= hi + 1]
        if bad:
            rows = sorted({n for r in bad for n in range(max(r.min_row, hi + 1), r.max_row + 1)})
            problems.add(form.tables[0], "", "merged_cells", rows,
                         f"merged cells {', '.join(str(r.coord) for r in bad[:5])}: every row must be one record "
                         "with its own cells; unmerge them (取消合并单元格) and fill in every cell", where)
            continue
        header = values[hi]
        m = _MAPS[key]
        cols: dict[str, int] = {}
        for j, h in enumerate(header):
            if _is_blank(h):
                if any(j < len(r) and not _is_blank(r[j]) for r in values[hi + 1:]):
                    problems.add(form.tables[0], f"column {j + 1}", "unnamed_column", [hi + 1],
                                 "a column without header holds values; give it its header or delete it", where)
                continue
            fk = m.get(_norm_header(h).lower())
            if fk is None:
                kind = privacy.personal_header(h, person_table=True)
                what = f"personal data ({kind}), not imported" if kind else "not a column of the form, not imported"
                result.set_aside.append(f"{where}: column {str(h)!r}: {what}")
                continue
            if fk in cols:
                problems.add(form.tables[0], str(h), "duplicate_column", [hi + 1],
                             f"columns {header[cols[fk]]!r} and {h!r} both mean {form.field(fk).zh}; keep one", where)
                continue
            cols[fk] = j
        missing = [f for f in form.fields if f.required and f.key not in cols]
        if missing:
            problems.add(form.tables[0], ", ".join(f.zh for f in missing), "missing_column", [hi + 1],
                         f"the form needs the column(s) {', '.join(f.zh for f in missing)}; the header row has "
                         f"{', '.join(str(h) for h in header if not _is_blank(h))}", where)
            continue
        body = values[hi + 1:]
        width = max(cols.values()) + 1
        body = [tuple(r) + (None,) * (width - len(r)) for r in body]
        cells = pd.DataFrame({k: pd.Series([r[j] for r in body], dtype=object) for k, j in cols.items()})
        rows = np.arange(hi + 2, hi + 2 + len(body))
        filled = ~cells.map(_is_blank).all(axis=1).to_numpy() if len(cells) else np.zeros(0, dtype=bool)
        example = _is_example(cells, form)
        if example.any():
            result.set_aside.append(f"{where}: row(s) {', '.join(map(str, rows[example]))}: the template's example "
                                    "row, not imported")
        keep = filled & ~example
        cells, rows = cells.loc[keep].reset_index(drop=True), rows[keep]
        result.read.append(f"{where}: {len(cells)} row(s)")
        out.append(_Sheet(path.name, title, form, cells, rows, {k: str(header[j]) for k, j in cols.items()}))
    return out


def _cell_text(v):
    if _is_blank(v):
        return None
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
    return str(v).strip()


def _is_example(cells: pd.DataFrame, form: Form) -> np.ndarray:
    """Rows equal to the template's example row (in either language)."""
    if not len(cells):
        return np.zeros(0, dtype=bool)
    ex = form.examples[0]
    same = np.ones(len(cells), dtype=bool)
    for k in cells.columns:
        f = form.field(k)
        v = ex.get(k)
        want = {None} if v is None else {_cell_text(v)}
        if v is not None and f.kind == "code":
            want |= {code_labels(f.codes).get(v)}
        if v is not None and f.kind == "bool":
            want |= {"是" if v else "否", "yes" if v else "no", "true" if v else "false"}
        same &= cells[k].map(_cell_text).isin(list(want)).to_numpy()
    return same


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


class _Reader:
    """Typed values of one sheet; problems carry the sheet's row numbers and headers."""

    def __init__(self, sheet: _Sheet, problems: Problems, date_order):
        self.s, self.p, self.order = sheet, problems, date_order
        self.table = sheet.form.tables[0]

    def add(self, key, rule, mask, detail):
        mask = np.asarray(mask, dtype=bool)
        self.p.add(self.table, self.s.headers.get(key, self.s.form.field(key).zh), rule, self.s.rows[mask], detail,
                   self.s.where)

    def raw(self, key) -> pd.Series:
        c = self.s.cells
        return c[key] if key in c.columns else pd.Series([None] * len(c), dtype=object)

    def text(self, key) -> pd.Series:
        txt = self.raw(key).map(_cell_text).astype("string")
        f = self.s.form.field(key)
        if f.kind not in ("phone",):
            mask, kinds = privacy.find_personal_data(txt, ids=f.kind == "id")
            if mask.any():
                found = ", ".join(sorted(set(kinds[mask].dropna())))
                self.add(key, "personal_data", mask, f"holds personal data ({found}, e.g. "
                         f"{privacy.mask_personal(str(txt[mask].iloc[0]))}): phone numbers go in the phone column "
                         "only, and ID, card numbers and e-mail addresses in none")
                txt = txt.mask(mask)
        return txt

    def required(self, key, values: pd.Series) -> None:
        if self.s.form.field(key).required:
            miss = values.isna().to_numpy() & self.raw(key).map(_is_blank).to_numpy()
            if miss.any():
                self.add(key, "not_null", miss, f"{self.s.form.field(key).zh} is empty; it is required")

    def ids(self, key) -> pd.Series:
        v = self.text(key)
        self.required(key, v)
        return v

    def time(self, key) -> pd.Series:
        raw = self.raw(key)
        is_dt = raw.map(lambda v: isinstance(v, (dt.datetime, dt.date)) and not isinstance(v, dt.time)).to_numpy()
        out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
        if is_dt.any():
            out[is_dt] = pd.to_datetime(raw[is_dt].map(lambda v: pd.Timestamp(v))).astype("datetime64[ns]")
        timeonly = raw.map(lambda v: isinstance(v, dt.time)).to_numpy()
        if timeonly.any():
            self.add(key, "date_as_text", timeonly, f"{self.s.form.field(key).zh} holds a time without its date "
                     "(14:05); write the date too: 2026-09-05 14:05")
        txt = raw.where(~is_dt & ~timeonly).map(_cell_text).astype("string")
        have = txt.notna().to_numpy()
        if have.any():
            parsed, issues = parse_times(txt[have].reset_index(drop=True), self.order)
            refused = np.zeros(int(have.sum()), dtype=bool)
            for rule, mask, detail in issues:
                mask = np.asarray(mask, dtype=bool)
                full = np.zeros(len(raw), dtype=bool)
                full[np.flatnonzero(have)[mask]] = True
                if rule == "type":
                    shown = ", ".join(repr(privacy.mask_personal(str(x))) for x in pd.unique(txt[full])[:3])
                    self.add(key, "date_as_text", full, f"{self.s.form.field(key).zh} holds text that is not a date "
                             f"({shown}); type the date as 2026-09-05 14:05 (an Excel date cell)")
                else:
                    self.add(key, rule, full, detail)
                refused |= mask
            out[have] = parsed.to_numpy()
        self.required(key, out)
        return out

    def number(self, key, whole=False) -> pd.Series:
        raw = self.raw(key)
        num = raw.map(lambda v: float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and not _is_blank(v)
                      else None)
        txt = raw.where(num.isna()).map(_cell_text).astype("string")
        extra = pd.to_numeric(txt.str.replace(",", "", regex=False), errors="coerce")
        bad = txt.notna() & extra.isna()
        if bad.any():
            self.add(key, "type", bad, f"{self.s.form.field(key).zh} must be a number; found "
                     f"{', '.join(repr(x) for x in pd.unique(txt[bad])[:3])}")
        val = pd.to_numeric(num, errors="coerce").astype("float64").fillna(extra.astype("float64"))
        neg = (val < 0).fillna(False)
        if neg.any():
            self.add(key, "range", neg, f"{self.s.form.field(key).zh} must not be negative")
        if whole:
            frac = (val.notna() & (val % 1 != 0)).astype(bool)
            if frac.any():
                self.add(key, "type", frac, f"{self.s.form.field(key).zh} must be a whole number")
        self.required(key, val)
        return val

    def code(self, key) -> pd.Series:
        f = self.s.form.field(key)
        labels = code_labels(f.codes)
        by_label = {**{v: c for c, v in labels.items()}, **{c: c for c in labels}, **{c.lower(): c for c in labels},
                    **{k: v for k, v in VALUE_ALIASES.get(f.codes[0], {}).items() if v in labels}}
        txt = self.text(key)
        out = txt.map(lambda t: by_label.get(t, by_label.get(str(t).lower())), na_action="ignore").astype("string")
        bad = (txt.notna() & out.isna()).astype(bool)
        if bad.any():
            self.add(key, "allowed_values", bad, f"{f.zh} must be one of {', '.join(labels.values())} (or "
                     f"{', '.join(labels)}); found {', '.join(repr(x) for x in pd.unique(txt[bad])[:3])}")
        self.required(key, out)
        return out

    def boolean(self, key) -> pd.Series:
        raw = self.raw(key)
        txt = raw.map(lambda v: None if _is_blank(v) else ("true" if v is True else "false" if v is False
                                                            else str(v).strip().lower())).astype("string")
        val = txt.map(lambda t: BOOL_VALUES.get(t), na_action="ignore")
        bad = (txt.notna() & val.isna()).astype(bool)
        if bad.any():
            self.add(key, "allowed_values", bad, f"{self.s.form.field(key).zh} must be 是 or 否; found "
                     f"{', '.join(repr(x) for x in pd.unique(txt[bad])[:3])}")
        out = val.astype("boolean")
        self.required(key, out)
        return out

    def phone(self, key) -> pd.Series:
        txt = self.raw(key).map(_cell_text).astype("string")
        ok, kinds = privacy.whole_identifiers(txt.fillna(""))
        phone = kinds.isin(["mobile", "landline"]).to_numpy()
        bad = txt.notna().to_numpy() & ~phone
        if bad.any():
            self.add(key, "not_a_phone", bad, f"{self.s.form.field(key).zh} must hold a mobile or landline number "
                     "(13812345678, 0571-87654321); found other text (not shown)")
        return txt.where(phone)

    def listed(self, key) -> pd.Series:
        txt = self.text(key)
        return txt.str.split(_LIST_SEP, regex=True).map(lambda xs: "|".join(x for x in xs if x), na_action="ignore") \
            .astype("string").mask(lambda s: s == "")


# ---------------------------------------------------------------------------
# Forms → tables
# ---------------------------------------------------------------------------


class _Context:
    """What the forms refer to: the folder's tables and the import's setup sheets."""

    def __init__(self, folder: Folder, salt):
        self.folder, self.salt = folder, salt
        self.events = folder.ids("events", "event_id")
        self.communities = folder.ids("communities", "community_id")
        self.partners = folder.ids("partners", "partner_id")
        self.staff_names: dict[str, str] = {}
        self.staff_extra = pd.DataFrame({"staff_id": pd.Series([], dtype="string")})

    def staff(self) -> pd.DataFrame:
        base = self.folder.table("staff")
        ids = pd.concat([base[["staff_id"]] if base is not None and "staff_id" in base.columns else
                         self.staff_extra.iloc[:0], self.staff_extra], ignore_index=True)
        if base is not None and "name" in base.columns:
            ids = ids.merge(base[["staff_id", "name"]], on="staff_id", how="left")
        return ids


def _persons(r: _Reader, ctx: _Context, name_key="name", phone_key="phone") -> pd.Series:
    name = r.text(name_key) if name_key in r.s.cells.columns else pd.Series(pd.NA, index=r.s.cells.index, dtype="string")
    phone = r.phone(phone_key) if phone_key in r.s.cells.columns else pd.Series(pd.NA, index=r.s.cells.index,
                                                                                dtype="string")
    bad_phone = r.raw(phone_key).map(lambda v: not _is_blank(v)).to_numpy() & phone.isna().to_numpy()
    blank = r.raw(phone_key).map(_is_blank).to_numpy() & r.raw(name_key).map(_is_blank).to_numpy()
    none = blank & ~bad_phone  # a name refused as personal data (a phone typed there) is already a problem
    if none.any():
        r.add(phone_key, "not_null", none, "neither name nor phone number: the row cannot be given a person id")
    ident = pd.DataFrame({"phone": phone, "name": name})
    if ident.notna().any().any():
        return privacy.person_ids(ident, ctx.salt)
    return pd.Series(pd.NA, index=r.s.cells.index, dtype="string")


def _known(r: _Reader, key: str, values: pd.Series, known: set, what: str) -> None:
    bad = (values.notna() & ~values.isin(list(known))).to_numpy()
    if bad.any():
        r.add(key, "foreign_key", bad, f"{', '.join(repr(x) for x in pd.unique(values[bad])[:3])} is not a known {what} "
              f"(the data folder's and this import's); add it to the {what} sheet first")


def _staff(r: _Reader, key: str, ctx: _Context) -> pd.Series:
    ids, unknown, ambiguous = match_staff(r.text(key), ctx.staff(), ctx.staff_names)
    if unknown.any():
        r.add(key, "unknown_staff", unknown, f"{', '.join(repr(x) for x in pd.unique(r.text(key)[unknown])[:3])} is "
              "neither a 工号 nor the name of a staff member on the staff list (员工名单); check the spelling or add "
              "the employee")
    if ambiguous.any():
        r.add(key, "ambiguous_staff", ambiguous, "two staff members have this name; write the 工号 instead")
    return ids


def _where(r: _Reader) -> pd.Series:
    return pd.Series([f"{r.s.file} › {r.s.title} row {n}" for n in r.s.rows], dtype=object)


def _unique(r: _Reader, frame: pd.DataFrame, key: list[str], col: str, detail: str) -> None:
    dup = frame.duplicated(subset=key, keep=False).to_numpy() & frame[key].notna().all(axis=1).to_numpy()
    if dup.any():
        r.add(col, "unique_key", dup, detail)


def _rules(r: _Reader, table: str, frame: pd.DataFrame, col: str) -> None:
    for rule in TABLES[table].rules:
        if all(c in frame.columns for c in rule.columns):
            bad = rule.bad_rows(frame).to_numpy()
            if bad.any():
                heads = [r.s.headers.get(k, k) for k in rule.columns]
                r.p.add(table, ", ".join(heads), rule.name, r.s.rows[bad], rule.description, r.s.where)


def _build(sheet: _Sheet, ctx: _Context, problems: Problems, date_order, result: ImportResult) -> dict:
    r = _Reader(sheet, problems, date_order)
    key = sheet.form.key
    n = len(sheet.cells)
    if key == "branches":
        return {"branches": typed("branches", {k: r.ids(k) for k in ("branch_id", "name", "city")}, n)}
    if key == "staff":
        sid, role = r.ids("staff_id"), r.code("role")
        cols = {"staff_id": sid, "branch_id": r.ids("branch_id"), "role": role}
        if "name" in sheet.cells.columns:
            names = sheet.cells["name"].map(_cell_text).astype("string")
            ctx.staff_names.update({str(a): str(b) for a, b in zip(names, sid) if a is not pd.NA and b is not pd.NA})
            if "name" in TABLES["staff"].column_names:
                cols["name"] = names
            else:
                result.notes.append(f"{sheet.where}: staff names used to match the other sheets; not written "
                                    "(the contract's staff table has no name column)")
        ctx.staff_extra = pd.concat([ctx.staff_extra, pd.DataFrame({"staff_id": sid.dropna()})], ignore_index=True)
        return {"staff": typed("staff", cols, n)}
    if key == "communities":
        cols = {"community_id": r.ids("community_id"), "branch_id": r.ids("branch_id"), "name": r.ids("name"),
                "households": r.number("households", whole=True).round().astype("Int64")}
        for k, whole in (("occupancy_rate", False), ("built_year", True), ("distance_km", False)):
            if k in sheet.cells.columns:
                v = r.number(k, whole)
                cols[k] = v.round().astype("Int64") if whole else v
        ctx.communities |= set(cols["community_id"].dropna())
        return {"communities": typed("communities", cols, n)}
    if key == "events":
        cols = {"event_id": r.ids("event_id"), "branch_id": r.ids("branch_id"), "kind": r.code("kind"),
                "theme": r.ids("theme"), "starts_at": r.time("starts_at"), "ends_at": r.time("ends_at"),
                "cost": r.number("cost")}
        if "community_id" in sheet.cells.columns:
            cols["community_id"] = r.ids("community_id")
            _known(r, "community_id", cols["community_id"], ctx.communities, "community")
        if "planned_invites" in sheet.cells.columns:
            cols["planned_invites"] = r.number("planned_invites", True).round().astype("Int64")
        out = typed("events", cols, n)
        _rules(r, "events", out, "starts_at")
        ctx.events |= set(out["event_id"].dropna())
        return {"events": out}

    event = r.ids("event_id") if "event_id" in sheet.cells.columns else pd.Series(pd.NA, index=sheet.cells.index,
                                                                                  dtype="string")
    _known(r, "event_id", event, ctx.events, "event")
    where = _where(r)
    if key == "evaluation":
        metric = r.code("metric")
        role = r.code("role") if "role" in sheet.cells.columns else pd.Series(pd.NA, index=sheet.cells.index,
                                                                                dtype="string")
        target = r.number("target") if "target" in sheet.cells.columns else pd.Series(np.nan, index=sheet.cells.index)
        actual = r.number("actual") if "actual" in sheet.cells.columns else pd.Series(np.nan, index=sheet.cells.index)
        none = (target.isna() & actual.isna()).to_numpy()
        if none.any():
            r.add("target", "not_null", none, "neither 目标 nor 实际 is filled in")
        frame = pd.DataFrame({"event_id": event, "metric": metric, "role": role.fillna("")})
        _unique(r, frame, ["event_id", "metric", "role"], "metric", "the same event, metric and role twice")
        t, a = target.notna().to_numpy(), actual.notna().to_numpy()
        return {"event_targets": typed("event_targets", {"event_id": event[t], "metric": metric[t], "target": target[t],
                                                         "role": role[t]}, int(t.sum())),
                "event_actuals": typed("event_actuals", {"event_id": event[a], "metric": metric[a],
                                                         "actual": actual[a], "role": role[a]}, int(a.sum()))}

    person = _persons(r, ctx)
    if key == "sign_in":
        arrived, source, bank = r.time("arrived_at"), r.code("source"), r.boolean("is_bank_customer")
        gender = r.code("gender") if "gender" in sheet.cells.columns else pd.Series(pd.NA, index=sheet.cells.index,
                                                                                    dtype="string")
        cols = {"event_id": event, "person_id": person, "arrived_at": arrived, "source": source,
                "is_bank_customer": bank, "gender": gender}
        if "gift" in sheet.cells.columns:
            cols["gift"] = r.boolean("gift")
        people = [pd.DataFrame({"person_id": person, "is_bank_customer": bank,
                                "gender": gender, "_where": where})]
        if "community_id" in sheet.cells.columns:
            comm = r.ids("community_id")
            _known(r, "community_id", comm, ctx.communities, "community")
            people[0]["community_id"] = comm
        if "brought_by_phone" in sheet.cells.columns:
            bphone = r.phone("brought_by_phone")
            brought = privacy.hash_identifier(bphone, "phone", privacy.resolve_salt(ctx.salt)) if bphone.notna().any() \
                else pd.Series(pd.NA, index=sheet.cells.index, dtype="string")
            cols["brought_by"] = brought
            people.append(pd.DataFrame({"person_id": brought.dropna(), "_where": where[brought.notna().to_numpy()]}))
        if "inviter" in sheet.cells.columns:
            inv = _staff(r, "inviter", ctx)
            if inv.notna().any():
                result.notes.append(f"{sheet.where}: 邀约人 checked against the staff list; who invited whom is kept "
                                    "from the invitation list (邀约名单), the attendance table has no inviter column")
        out = typed("attendance", cols, n)
        _unique(r, out, ["event_id", "person_id"], "name", "the same person (same phone number or name) signed in "
                "twice at this event; keep one row")
        _rules(r, "attendance", out, "arrived_at")
        return {"attendance": out, "_people": people}
    if key == "invitations":
        kind = (r.code("inviter_kind") if "inviter_kind" in sheet.cells.columns else
                pd.Series(pd.NA, index=sheet.cells.index, dtype="string")).fillna("staff")
        is_staff = (kind == "staff").to_numpy()
        inviter = pd.Series(pd.NA, index=sheet.cells.index, dtype="string")
        if is_staff.any():
            inviter[is_staff] = _staff(r, "inviter", ctx)[is_staff]
        if (~is_staff).any():
            part = r.text("inviter").where(~is_staff)
            _known(r, "inviter", part, ctx.partners, "partner")
            inviter[~is_staff] = part[~is_staff]
        r.required("inviter", inviter)
        out = typed("invitations", {"event_id": event, "inviter_kind": kind, "inviter_id": inviter, "person_id": person,
                                    "invited_at": r.time("invited_at")}, n)
        _unique(r, out, ["event_id", "person_id", "inviter_id"], "name", "the same invitation twice")
        return {"invitations": out, "_people": [pd.DataFrame({"person_id": person, "_where": where})]}
    if key == "leads":
        captured = r.time("captured_at")
        lead = r.ids("lead_id") if "lead_id" in sheet.cells.columns else pd.Series(pd.NA, index=sheet.cells.index,
                                                                                    dtype="string")
        made = derived_ids("L-", person, captured.astype("string"), event)
        cols = {"lead_id": lead.fillna(made), "person_id": person, "event_id": event, "captured_at": captured,
                "outcome": r.code("outcome")}
        for k in ("first_contact_at", "closed_at"):
            cols[k] = r.time(k) if k in sheet.cells.columns else pd.Series(pd.NaT, index=sheet.cells.index)
        cols["assigned_to"] = _staff(r, "assigned_to", ctx) if "assigned_to" in sheet.cells.columns else None
        if "product" in sheet.cells.columns:
            cols["product"] = r.text("product")
        if "amount" in sheet.cells.columns:
            cols["amount"] = r.number("amount")
        out = typed("leads", cols, n)
        _unique(r, out, ["lead_id"], "lead_id" if "lead_id" in sheet.cells.columns else "name",
                "the same lead twice (same 线索编号, or same customer, event and 登记时间)")
        _rules(r, "leads", out, "outcome")
        return {"leads": out, "_people": [pd.DataFrame({"person_id": person, "_where": where})]}
    if key == "visitor_info":
        recorded = r.time("recorded_at")
        cols = {"record_id": derived_ids("R-", person, recorded.astype("string"), event), "event_id": event,
                "person_id": person, "recorded_at": recorded,
                "staff_id": _staff(r, "staff", ctx) if "staff" in sheet.cells.columns else None}
        for k in ("needs", "products"):
            if k in sheet.cells.columns:
                cols[k] = r.listed(k)
        out = typed("visitor_records", cols, n)
        _unique(r, out, ["record_id"], "name", "the same customer recorded twice at the same time")
        people = pd.DataFrame({"person_id": person, "_where": where})
        for k in ("age_band", "gender"):
            if k in sheet.cells.columns:
                people[k] = r.code(k)
        return {"visitor_records": out, "_people": [people]}
    raise AssertionError(key)  # pragma: no cover - every form is handled above


def read_sheets(paths, out, *, salt: str | None = None, date_order: str | None = None) -> ImportResult:
    """Read filled-in forms into contract tables (nothing is written; see :func:`analysis.importers.import_sheets`).

    Parameters
    ----------
    paths : path or list of paths
        Workbooks (.xlsx; every sheet that is a form is read) or CSV files with a form's headers.
    out : str or path-like
        The data folder the rows are for: its staff, events, communities and partners are what the forms
        may refer to (besides the setup sheets of the same import). Only read here.
    salt : str, optional
        Salt of the person_id hash (default: the environment variable ``ANALYSIS_PERSON_SALT``).
    date_order : {"DMY", "MDY"}, optional
        How to read dates typed as text with the year last (03/09/2026); else they are refused.

    Returns
    -------
    ImportResult
        Tables by name (contract columns and dtypes): ``branches``, ``staff``, ``communities``, ``events``,
        ``attendance``, ``invitations``, ``leads``, ``event_targets``, ``event_actuals``,
        ``visitor_records`` and ``people`` (one row per person of any sheet: ``is_bank_customer`` and
        ``gender`` from the sign-in sheet, ``age_band`` and ``gender`` from the information sheet,
        ``community_id`` when the sign-in sheet gives it) — only those the files fill; plus ``read``,
        ``set_aside`` and ``notes`` for the import summary.

    Raises
    ------
    DataError
        Every problem of every sheet at once (see the module notes for the rules).
    """
    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    if not paths:
        raise ParameterError("import-sheets needs at least one file")
    folder = out if isinstance(out, Folder) else Folder(out)
    problems = Problems(", ".join(p.name for p in paths))
    result = ImportResult()
    sheets: list[_Sheet] = []
    for p in paths:
        sheets += _sheets_of(p, problems, result)
    if not sheets and not problems.rows:
        raise DataError(f"{', '.join(p.name for p in paths)}: no sheet is one of the forms "
                        f"({', '.join(f.zh for f in FORMS.values())}); nothing to import")
    ctx = _Context(folder, salt)
    built: dict[str, list[pd.DataFrame]] = {}
    people: list[pd.DataFrame] = []
    for key in SETUP_ORDER:
        for s in (s for s in sheets if s.form.key == key):
            for name, t in _build(s, ctx, problems, date_order, result).items():
                if name == "_people":
                    people += t
                else:
                    built.setdefault(name, []).append(t)
    tables = {k: pd.concat(v, ignore_index=True) for k, v in built.items()}
    for name, t in tables.items():
        if name in ("branches", "staff", "communities", "events") and len(t):
            key = TABLES[name].key[0]
            dup = t[key].duplicated(keep=False) & t[key].notna()
            if dup.any():
                problems.add(name, key, "unique_key", list(pd.unique(t.loc[dup, key]))[:5],
                             f"the same {key} on several rows of the setup sheets")
    merged = merge_people(people, problems)
    problems.raise_if_any()
    if len(merged):
        tables["people"] = merged
        result.notes.append(f"names and phone numbers hashed into {len(merged)} person id(s) and not kept")
    for k, t in tables.items():
        result[k] = t
    return result
