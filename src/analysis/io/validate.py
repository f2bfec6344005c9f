"""Validation against the contract: typing columns, keys, references, personal data, row and cross-table rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import privacy
from analysis.errors import DataError
from analysis.io.dataset import Dataset
from analysis.io.numbers import _as_text, _flag, _from_arrow_text, _numbers
from analysis.io.problems import _clean_header, _examples, _fmt, format_problems, _frame, _masked, _problem, TABLE_RULES
from analysis.io.readers import _release_memory
from analysis.io.times import parse_times
from analysis.schemas import (
    BOOL_VALUES,
    COLUMN_ALIASES,
    PERSONAL_DATA_COLUMNS,
    TABLES,
    VALUE_ALIASES,
    Column,
    empty_frame,
)


def _coerce(s: pd.Series, col: Column, date_order: str | None):
    """Convert ``s`` to the column's dtype; return (converted, issues) with issues [(rule, mask, detail)]."""
    kind = col.kind
    if kind in ("id", "str"):
        return _as_text(s).astype(pd.StringDtype()), []
    if kind in ("int", "float"):
        return _numbers(s, col)
    if kind == "bool":
        if pd.api.types.is_bool_dtype(s.dtype):
            return s.astype("boolean"), []
        codes, txt = _distinct_text(s)  # a handful of distinct values: read each once
        txt = txt.str.lower()
        mapped = txt.map(BOOL_VALUES)
        # per distinct value, then per row through the codes (the extra last entry is the empty cell's, code -1)
        bad_value = np.append(_flag(mapped.isna() & txt.notna()), False)
        known = np.append(mapped.notna().to_numpy(), False)
        value = np.append(mapped.fillna(False).to_numpy(dtype=bool), False)
        ok = known[codes]
        out = pd.Series(pd.arrays.BooleanArray(value[codes], ~ok), index=s.index)
        bad = bad_value[codes]
        issues = [("type", bad, "expected yes/no (是/否, Y/N, 1/0, true/false); found "
                                f"{_examples(_rows_of(txt, codes, bad))}")] if bad.any() else []
        return out, issues
    if kind == "datetime":
        return parse_times(s, date_order)
    if kind == "category":
        codes, txt = _distinct_text(s)  # a handful of distinct values: map each once, then the rows' codes
        allowed = list(col.allowed)
        # Chinese labels → codes, then English codes written in another case or with spaces/hyphens
        mapped = txt.replace(VALUE_ALIASES.get(col.name, {}))
        folded = mapped.str.lower().str.replace(" ", "_", regex=False).str.replace("-", "_", regex=False)
        mapped = mapped.where(mapped.isin(allowed) | ~folded.isin(allowed), folded)
        bad_value = _flag(mapped.notna() & ~mapped.isin(allowed))
        target = pd.Categorical(mapped.where(~pd.Series(bad_value, index=mapped.index)), dtype=col.dtype).codes
        # per row through the codes (the extra last entry is the empty cell's, code -1)
        new_codes = np.append(target, -1).astype(target.dtype)[codes]
        bad = np.append(bad_value, False)[codes]
        issues = [("allowed_values", bad, f"expected one of {', '.join(col.allowed)}; found "
                                          f"{_examples(_rows_of(txt, codes, bad))}")] if bad.any() else []
        return pd.Series(pd.Categorical.from_codes(new_codes, dtype=col.dtype), index=s.index), issues
    raise AssertionError(kind)


def _distinct_text(s: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """A column as (codes, distinct texts): row i holds ``texts[codes[i]]`` (read as :func:`_as_text`
    reads it), or is empty where ``codes[i]`` is -1 (codes in the smallest integer type that holds them).
    A Parquet dictionary column is read through its dictionary; other columns are read as text once and then
    encoded."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        text = _as_text(pd.Series(s.cat.categories).astype("string"))  # as the values would read one by one
        # two categories may read as the same text (' a' and 'a'), or as empty: one code per distinct text
        inverse, uniq = pd.factorize(text, use_na_sentinel=True)
        lookup = np.append(np.asarray(inverse, dtype=np.int64), -1)  # code -1 (empty) stays -1
        codes = lookup.astype(_code_type(len(uniq)))[s.cat.codes.to_numpy()]
        return codes, pd.Series(uniq, dtype="string").reset_index(drop=True)
    arr = pa.array(_as_text(s).array)
    if not isinstance(arr, pa.ChunkedArray):
        arr = pa.chunked_array([arr])
    if arr.num_chunks == 0:
        return np.zeros(0, dtype=np.int8), pd.Series([], dtype="string")
    enc = pc.dictionary_encode(arr)  # one dictionary shared by the chunks
    dictionary = enc.chunk(0).dictionary
    codes = np.empty(len(arr), dtype=_code_type(len(dictionary)))
    at = 0
    for chunk in enc.chunks:
        codes[at:at + len(chunk)] = pc.fill_null(chunk.indices, -1).to_numpy(zero_copy_only=False)
        at += len(chunk)
    return codes, _from_arrow_text(dictionary, None)


def _code_type(n: int):
    """The smallest signed integer type for codes 0 … n-1 and -1."""
    return np.int8 if n < 2 ** 7 else np.int16 if n < 2 ** 15 else np.int32 if n < 2 ** 31 else np.int64


def _rows_of(texts: pd.Series, codes: np.ndarray, mask: np.ndarray) -> pd.Series:
    """The texts of the rows in ``mask`` (in row order), for the examples of a message."""
    return pd.Series(texts.to_numpy()[codes[mask]], dtype="string")


@dataclass
class _Problems:
    rows: list

    def add(self, table, column, rule, labels, detail):
        labels = list(labels)
        self.rows.append({**_problem(table, column, rule, labels, detail), "_labels": labels})

    def frame(self) -> pd.DataFrame:
        return _frame(self.rows)

    def fatal(self) -> bool:
        return any(r["rule"] in TABLE_RULES for r in self.rows)


def _isin(values: pd.Series, known: pd.Series) -> np.ndarray:
    """``values.isin(known)`` for id columns, through pyarrow (pandas' isin on Arrow strings converts
    every known value one by one: seconds per million ids). NA is never in."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = _arrow_strings(values)
        ref = _arrow_strings(known)  # a parent's key: the set is built once per call, repeats do not matter
        if isinstance(ref, pa.ChunkedArray):
            ref = ref.combine_chunks()
        return pc.fill_null(pc.is_in(arr, value_set=ref, skip_nulls=True), False).to_numpy(
            zero_copy_only=False).astype(bool)
    except (pa.ArrowException, TypeError, ValueError):
        return _flag(values.isin(list(known.dropna().unique())))


def _arrow_strings(s: pd.Series):
    """The values of an id column as Arrow text (``large_string``, as pandas holds it: no copy when it is)."""
    if not (isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow"):
        s = s.astype("string")
    arr = pa.array(s.array)
    return arr if pa.types.is_large_string(arr.type) else arr.cast(pa.large_string())


def _index_in(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each value, the position of the equal key in ``keys`` (unique), or -1 (NA is never found)."""
    try:
        arr = _arrow_strings(values)
        ref = _arrow_strings(keys)
        if isinstance(ref, pa.ChunkedArray):
            ref = ref.combine_chunks()
        pos = pc.index_in(arr, value_set=ref, skip_nulls=True)
        return pc.fill_null(pos, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    except (pa.ArrowException, TypeError, ValueError):
        idx = pd.Index(keys.astype(object)).get_indexer(pd.Index(values.astype(object)))
        return np.where(values.notna().to_numpy(), idx, -1).astype(np.int64)


def _dictionary_size(enc: pa.ChunkedArray) -> int:
    return len(enc.chunk(0).dictionary) if enc.num_chunks else 0


def _may_repeat(df: pd.DataFrame, key) -> bool:
    """False when the rows' ``key`` is certainly unique; True when it may repeat (then pandas finds the
    repeated rows and the first of each, as before). A key in ascending order (as exports usually are) is
    seen unique from one comparison of neighbours; otherwise each key column is dictionary-encoded once
    in Arrow and the combined codes are sorted (NA counts as a value, as in ``DataFrame.duplicated``)."""
    if len(df) < 2:
        return False
    try:
        arrays = []
        for c in key:
            arr = pa.array(df[c].array)
            if not isinstance(arr, pa.ChunkedArray):
                arr = pa.chunked_array([arr])
            if pa.types.is_dictionary(arr.type):
                arr = arr.cast(arr.type.value_type)
            arrays.append(arr)
        if len(arrays) == 1:
            first = arrays[0]
            ascending = pc.greater(first[1:], first[:-1])
            if pc.all(pc.fill_null(ascending, False)).as_py():
                return False
            enc = pc.dictionary_encode(first)
            return _dictionary_size(enc) + (enc.null_count > 0) < len(df)
        encoded, size = [], 1
        for i, arr in enumerate(arrays):
            enc = pc.dictionary_encode(arr)  # one dictionary shared by the chunks
            n = _dictionary_size(enc) + 1  # + 1: NA is a value of the key too
            size *= n
            if size >= 2 ** 62:
                return True
            small = np.int8 if n < 2 ** 7 else np.int16 if n < 2 ** 15 else np.int32
            k = np.empty(len(df), dtype=small)  # each column's codes in as few bytes as they need
            at = 0
            for chunk in enc.chunks:
                k[at:at + len(chunk)] = pc.fill_null(chunk.indices, n - 1).to_numpy(zero_copy_only=False)
                at += len(chunk)
            del enc
            arrays[i] = None
            encoded.append((k, n))
        # one code per row for the whole key, built in place (4 or 8 bytes a row)
        codes = np.zeros(len(df), dtype=np.int32 if size < 2 ** 31 else np.int64)
        while encoded:
            k, n = encoded.pop(0)
            codes *= n
            codes += k
            del k
        if (codes[1:] > codes[:-1]).all():
            return False
        codes.sort(kind="stable")  # in place; timsort is fast on nearly sorted codes
        return not (codes[1:] != codes[:-1]).all()
    except (pa.ArrowException, TypeError, ValueError):
        return True


def _order() -> list[str]:
    """Tables in dependency order (parents before children)."""
    done: list[str] = []
    pending = list(TABLES)
    while pending:
        for name in list(pending):
            t = TABLES[name]
            refs = {f.ref_table for f in t.foreign_keys} | {r.parent for r in t.cross_rules}
            if refs - {name} <= set(done):
                done.append(name)
                pending.remove(name)
    return done


_HEADER_KINDS = {"phone": "phone numbers", "email": "e-mail addresses", "name": "names", "id_number": "ID-card numbers",
                 "bank_card": "bank card numbers", "wechat_id": "WeChat or QQ ids", "address": "home addresses",
                 "ip": "IP addresses", "birth_date": "birth dates"}


def _personal_header(table, header: str) -> str | None:
    kind = privacy.personal_header(header, person_table=table.person_data)
    if kind is None and table.person_data and (header in PERSONAL_DATA_COLUMNS
                                               or header.lower() in PERSONAL_DATA_COLUMNS):
        kind = "personal data"
    return None if kind is None else _HEADER_KINDS.get(kind, kind)


_KIND_WORDS = {**privacy.PERSONAL_KINDS}


def _scan_personal(probs, name, column, values: pd.Series, ids: bool) -> np.ndarray:
    """Refuse the rows whose value holds personal data (one problem per kind found); their mask."""
    at, flagged = privacy.personal_rows(values, ids=ids)
    mask = np.zeros(len(values), dtype=bool)
    if not len(at):
        return mask
    mask[at] = True
    what = "an id that is" if ids else "a value holding"
    for combo in pd.unique(flagged):
        rows = flagged.index[(flagged == combo).to_numpy()]
        words = " and ".join(_KIND_WORDS.get(k, k) for k in str(combo).split("+"))
        article = "an" if words[0].lower() in "aeiou" else "a"
        probs.add(name, column, "personal_data", rows,
                  f"{what} {article} {words} ({_examples(values.loc[rows])}): personal data must not be in the data "
                  "(person_id is a salted hash, see analysis.privacy); remove it from the file")
    return mask


@dataclass
class _Typed:
    """One table read and typed (the first phase of validation, done as soon as its file is read so that the
    file's text columns are let go at once): its rows in contract dtypes, the mask of rows breaking a rule of
    the table itself, and its problems and notes (added in contract order by :func:`_validate`)."""

    clean: pd.DataFrame | None  # None: the table cannot be used (a required column is missing)
    bad: np.ndarray | None
    rows: int
    problems: list
    notes: list


def _type_table(name: str, df: pd.DataFrame, *, where: str, file_rows: bool, date_order=None) -> _Typed:
    """Headers → English, every column → its contract dtype, and the checks within the table (types, not-null,
    allowed values, ranges, personal data, key, row rules)."""
    t = TABLES[name]
    probs = _Problems([])
    notes: list[str] = []
    original_index = df.index
    rows = len(df)
    if t.required and len(df) == 0:
        probs.add(name, "", "empty_table", [], f"required table {name} ({t.zh_name}) has no rows (only a "
                                               "header): every row that refers to it is refused")
    df = df.reset_index(drop=True)
    labels = pd.RangeIndex(2, len(df) + 2) if file_rows else original_index
    df.index = labels
    # headers -> English
    amap = COLUMN_ALIASES[name]
    rename, seen, extra = {}, {}, []
    for h in df.columns:
        hs = _clean_header(h)
        target = amap.get(hs) or amap.get(hs.lower())
        if target is None:
            kind = _personal_header(t, hs)
            if kind is not None:
                probs.add(name, hs, "personal_data_column", [],
                          f"{where} has a column '{hs}' that looks like personal data ({kind}). Tables must not "
                          "hold names, phone, e-mail, ID-card or bank card numbers: import the export with "
                          "analysis.io.read_wjx (which hashes them into person_id) or delete the column; if it "
                          "holds no personal data, rename it.")
            else:
                extra.append(h)
            continue
        if target in seen:
            probs.add(name, target, "ambiguous_column", [],
                      f"{where}: headers '{seen[target]}' and '{hs}' both mean {target}; keep one")
            continue
        seen[target] = hs
        rename[h] = target
    if extra:
        notes.append(f"{name}: columns not in the contract kept as they are: "
                     f"{', '.join(_clean_header(e) for e in extra)}")
    df = df.rename(columns=rename)
    missing = [c.name for c in t.columns if c.required and c.name not in df.columns]
    for m in missing:
        col = t.column(m)
        heads = ", ".join((m,) + col.aliases)
        probs.add(name, m, "missing_column", [], f"{where} has no column {m} (accepted headers: {heads})")
    if missing:
        return _Typed(None, None, rows, probs.rows, notes)
    bad = np.zeros(len(df), dtype=bool)
    out = {}
    for col in t.columns:
        if col.name not in df.columns:
            # an absent optional column: its documented default (empty unless the schema says otherwise)
            empty = pd.Series([None] * len(df), index=df.index, dtype=object)
            out[col.name] = empty.astype(col.dtype) if col.default is None else \
                pd.Series([col.default] * len(df), index=df.index).astype(col.dtype)
            continue
        conv, issues = _coerce(df[col.name], col, date_order)
        badcell = np.zeros(len(df), dtype=bool)
        for rule, mask, detail in issues:
            probs.add(name, col.name, rule, df.index[mask], detail)
            badcell |= mask
        bad |= badcell
        if not col.nullable:
            nulls = conv.isna().to_numpy() & ~badcell
            if nulls.any():
                probs.add(name, col.name, "not_null", df.index[nulls], f"{col.name} must not be empty")
                bad |= nulls
        if col.min is not None or col.max is not None:
            num = conv.astype("float64")
            lo = num < col.min if col.min is not None else pd.Series(False, index=num.index)
            hi = num > col.max if col.max is not None else pd.Series(False, index=num.index)
            rng = _flag(lo | hi)
            if rng.any():
                probs.add(name, col.name, "range", df.index[rng],
                          f"must be between {col.min} and {col.max}; found {_examples(num[rng])}")
                bad |= rng
        if col.kind in ("id", "str"):
            bad |= _scan_personal(probs, name, col.name, conv, ids=col.kind == "id")
        out[col.name] = conv
    clean = pd.DataFrame(out, index=df.index, copy=False)
    for c in extra:
        clean[c] = df[c]
        if not pd.api.types.is_numeric_dtype(df[c].dtype) and not pd.api.types.is_datetime64_any_dtype(df[c]):
            bad |= _scan_personal(probs, name, _clean_header(c), _as_text(df[c]), ids=False)
    del df, out
    if t.key and _may_repeat(clean, t.key):
        dupe = clean.duplicated(subset=list(t.key), keep="first").to_numpy()
        if dupe.any():
            allkeys = clean.duplicated(subset=list(t.key), keep=False).to_numpy()
            first = clean.index[allkeys]
            probs.add(name, "+".join(t.key), "unique_key", clean.index[dupe],
                      f"{'+'.join(t.key)} must be unique; repeated in rows {', '.join(map(str, first[:6]))}")
            bad |= dupe
    for rule in t.rules:
        if all(c in clean.columns for c in rule.columns):
            mask = _flag(rule.bad_rows(clean))
            if mask.any():
                probs.add(name, ",".join(rule.columns), rule.name, clean.index[mask], rule.description)
                bad |= mask
    _release_memory()
    return _Typed(clean, bad, rows, probs.rows, notes)


def _validate(raw, *, source, errors, origin, notes, file_rows, date_order=None) -> Dataset:
    probs = _Problems([])
    notes = list(notes)
    typed: dict[str, pd.DataFrame] = {}
    rows_read: dict[str, int] = {}
    bad_rows: dict[str, np.ndarray] = {}

    for name in TABLES:
        t = TABLES[name]
        if name not in raw:
            if t.required:
                probs.add(name, "", "missing_table", [],
                          f"required table {name} ({t.zh_name}) is missing: add {name}.csv (or .xlsx/.parquet)")
            else:
                notes.append(f"{name}: optional table absent; analyses that need it show no data")
            continue
        entry = raw.pop(name)  # the file's frame is let go once its table is typed (memory: one copy at a time)
        res = entry if isinstance(entry, _Typed) else _type_table(
            name, entry, where=origin.get(name, name), file_rows=file_rows, date_order=date_order)
        del entry
        rows_read[name] = res.rows
        probs.rows.extend(res.problems)
        notes.extend(res.notes)
        if res.clean is None:
            continue
        typed[name] = res.clean
        bad_rows[name] = res.bad

    if probs.fatal():
        pr = probs.frame()
        raise DataError(format_problems(pr, source), pr)

    # foreign keys, parents first, against the rows that survive; then the rules across tables
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
            miss = _flag(df[fk.column].notna()) & ~_isin(df[fk.column], parent[fk.ref_column])
            if miss.any():
                # a parent row that exists but was set aside is not the same message as one that is absent
                every = typed[fk.ref_table][fk.ref_column] if fk.ref_table in typed else parent[fk.ref_column]
                aside = miss & _isin(df[fk.column], every)
                absent = miss & ~aside
                if absent.any():
                    probs.add(name, fk.column, "foreign_key", df.index[absent],
                              f"{_examples(df.loc[absent, fk.column])} not found in {fk.ref_table}.{fk.ref_column}")
                if aside.any():
                    probs.add(name, fk.column, "foreign_key", df.index[aside],
                              f"{_examples(df.loc[aside, fk.column])}: in {fk.ref_table}.{fk.ref_column}, but set "
                              f"aside there (see the problems of {fk.ref_table}), so these rows are too")
                bad |= miss
        for rule in t.cross_rules:
            if rule.parent not in kept or not all(c in df.columns for c in (*rule.columns, rule.key)):
                continue
            parent = kept[rule.parent]
            pkey = TABLES[rule.parent].key[0]
            ref = parent.drop_duplicates(pkey)
            pos = _index_in(df[rule.key], ref[pkey])  # each row's parent row (-1: none)
            found = pos >= 0
            aligned = ref[list(rule.parent_columns)].iloc[np.where(found, pos, 0)] if len(ref) else \
                ref[list(rule.parent_columns)].reindex(range(len(df)))
            aligned = aligned.set_axis(df.index)
            if not found.all():  # rows without a parent row see none (as a lookup by key gives)
                aligned = pd.DataFrame({c: aligned[c].where(found) for c in aligned.columns}, index=df.index)
            mask = _flag(rule.bad_rows(df, aligned)) & found
            if mask.any():
                probs.add(name, rule.columns[0], rule.name, df.index[mask],
                          f"{rule.description}; e.g. {_cross_examples(df, aligned, rule, mask)}")
                bad |= mask
        keep = ~bad
        if (~keep).any():
            rejected[name] = _masked(df.loc[~keep].assign(file_row=df.index[~keep]))
            kept[name] = df.loc[keep].reset_index(drop=True)
        else:  # every row kept: no copy of the table
            kept[name] = df.reset_index(drop=True)

    pr = probs.frame()
    notes = [privacy.mask_personal(n) for n in notes]
    if errors == "raise" and len(pr):
        raise DataError(format_problems(pr, source), pr)
    tables = {name: kept.get(name, empty_frame(name)) for name in TABLES}
    return Dataset(tables, source=source, rows_read=rows_read, problems=pr, rejected=rejected, notes=notes)


def _cross_examples(df, aligned, rule, mask) -> str:
    out = []
    for i in np.flatnonzero(mask)[:3]:
        mine = ", ".join(f"{c} {_fmt(df[c].iloc[i])}" for c in rule.columns)
        theirs = ", ".join(f"{c} {_fmt(aligned[c].iloc[i])}" for c in rule.parent_columns)
        out.append(f"row {df.index[i]}: {mine} for {rule.parent} {df[rule.key].iloc[i]} ({theirs})")
    return "; ".join(out)
