"""Reading values: text columns, booleans and numbers (thousands separators, decimal commas, overflow)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.io.problems import _examples
from analysis.io.readers import _slices
from analysis.schemas import Column


_INT64_MAX = 2 ** 63 - 1
_INT64_LIMIT = 2.0 ** 63  # as a float: comparisons of floats with the int above are not reliable
_FLOAT_EXACT = 2 ** 53  # whole numbers read through a float are exact up to here


def _arrow_text(s: pd.Series):
    """The Arrow array behind a text column held in Arrow memory (None for other columns)."""
    dt = s.dtype
    if isinstance(dt, pd.StringDtype) and dt.storage == "pyarrow":
        return pa.array(s.array)  # zero copy: the column's own chunks
    return None


def _from_arrow_text(arr, index) -> pd.Series:
    """Arrow text as a ``string`` column (zero copy)."""
    if isinstance(arr, pa.ChunkedArray) and arr.num_chunks == 0:
        arr = pa.chunked_array([], type=arr.type)
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=index)


def _as_text(s: pd.Series) -> pd.Series:
    """Values as stripped strings (NA stays NA); integral floats from Excel lose their '.0'."""
    arr = _arrow_text(s)
    if arr is not None:  # text read by pyarrow: strip and blank → NA in Arrow, piece by piece
        pieces = []
        for piece in _slices(arr):
            trimmed = pc.utf8_trim_whitespace(piece)
            if pc.all(pc.equal(pc.binary_length(trimmed), pc.binary_length(piece))).as_py() is not False:
                trimmed = piece  # nothing to strip: keep the column's own memory
            blank = pc.equal(trimmed, "")
            if pc.any(blank).as_py():
                trimmed = pc.if_else(blank, pa.scalar(None, trimmed.type), trimmed)
            pieces.append(trimmed)
        return _from_arrow_text(pa.chunked_array(pieces, type=arr.type), s.index)
    if pd.api.types.is_float_dtype(s.dtype):
        txt = s.map(lambda v: (str(int(v)) if float(v).is_integer() else repr(float(v))) if pd.notna(v) else None)
    elif s.dtype == object:
        def conv(v):
            if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
                return None
            if isinstance(v, float):
                return str(int(v)) if v.is_integer() else repr(v)
            return str(v)
        txt = s.map(conv)
    else:
        txt = s
    out = txt.astype("string").str.strip()
    return out.mask(out == "")


def _flag(s: pd.Series) -> np.ndarray:
    return s.fillna(False).to_numpy(dtype=bool)


# Patterns over whole columns spell digits [0-9] (pandas runs \d, \s and look-arounds through Python's re,
# element by element; these go through pyarrow at once).
_PLAIN = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?"
_GROUPED = r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?%?"
_DOT3 = r"[+-]?[0-9]{1,3}\.[0-9]{3}%?"
_DECIMAL_COMMA = (r"[+-]?[0-9]+,[0-9]+%?", r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+%?",
                  r"[+-]?[0-9]{1,3}(?:\.[0-9]{3}){2,}%?")
_NON_FINITE = r"(?i)[+-]?(?:inf|infinity|nan)"
_INTEGER = r"[+-]?[0-9]+"


def _to_float(txt: pd.Series) -> pd.Series:
    """Plain number text (``12``, ``1.5``, ``1e3``, ``85%``) → float64; anything else NaN."""
    pct = _flag(txt.str.endswith("%"))
    num = pd.to_numeric(txt.str.rstrip("%"), errors="coerce").astype("float64")
    return num.where(~pct, num / 100)


def _plain_numbers(txt: pd.Series, whole: bool) -> pd.Series | None:
    """The common case at once: every value of a text column is a plain number (``12``, ``-3``, ``1060.5``; whole
    numbers of at most 18 digits), converted in one pass by Arrow. None when any value is written otherwise
    (then every rule of :func:`_numbers` is applied)."""
    arr = _arrow_text(txt)
    if arr is None:
        return None
    pattern = r"^[+-]?[0-9]{1,18}$" if whole else r"^[+-]?[0-9]+(?:\.[0-9]+)?$"
    if pc.all(pc.match_substring_regex(arr, pattern)).as_py() is False:
        return None
    try:
        if whole:
            values = pc.cast(arr, pa.int64())
            return pd.Series(pd.array(values.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get).array,
                                      dtype="Int64"), index=txt.index)
        values = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False).astype("float64", copy=False)
    except (pa.ArrowException, ValueError, TypeError):
        return None
    if np.isinf(values).any():
        return None
    return pd.Series(values, index=txt.index)


def _numbers(s: pd.Series, col: Column):
    """A numeric column: (values, issues) with issues [(rule, mask, detail)]; see the module notes."""
    whole = col.kind == "int"
    issues = []
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        if pd.api.types.is_integer_dtype(s.dtype):
            big = _flag(s.astype("float64").abs() >= _INT64_LIMIT) if str(s.dtype).lower().startswith("uint") \
                else np.zeros(len(s), dtype=bool)
            if whole:
                if big.any():
                    issues.append(("overflow", big, "a whole number this large (beyond 9223372036854775807) "
                                                    "cannot be stored; found " + _examples(s[big])))
                vals = s.where(~big) if big.any() else s
                return vals.astype("Int64"), issues
            return s.astype("float64"), issues
        num = s.astype("float64")
        inf = np.isinf(num.to_numpy())
        if inf.any():
            issues.append(("non_finite", inf, "infinite values are not numbers of the contract; leave the cell empty "
                                              "when the value is unknown"))
            num = num.where(~inf)
        if whole:
            frac = _flag(num.notna() & (num != np.floor(num.fillna(0))))
            over = _flag(num.abs() >= _INT64_LIMIT)
            if frac.any():
                issues.append(("type", frac, f"expected a whole number; found {_examples(s[frac])}"))
            if over.any():
                issues.append(("overflow", over, "a whole number this large (beyond 9223372036854775807) cannot be "
                                                 f"stored; found {_examples(s[over])}"))
            num = num.where(~(frac | over))
            return num.astype("Int64"), issues
        return num, issues

    txt = _as_text(s)
    fast = _plain_numbers(txt, whole)
    if fast is not None:
        return fast, []
    present = txt.notna().to_numpy()
    plain = _flag(txt.str.fullmatch(_PLAIN))
    grouped = _flag(txt.str.fullmatch(_GROUPED))
    nonfin = _flag(txt.str.fullmatch(_NON_FINITE))
    evidence = np.zeros(len(txt), dtype=bool)
    for pat in _DECIMAL_COMMA:
        evidence |= _flag(txt.str.fullmatch(pat))
    evidence &= ~grouped
    if evidence.any():
        ambiguous = evidence | grouped | _flag(txt.str.fullmatch(_DOT3))
        issues.append(("decimal_comma", ambiguous,
                       f"{_examples(txt[ambiguous])}: a decimal comma (1,5 or 1.060,5) is not read, and with one in "
                       "the column a comma-grouped value such as 1,060 (or 1.060) is ambiguous too. Write numbers "
                       "with a period for decimals and no thousands separator: 1060.5"))
        grouped = np.zeros(len(txt), dtype=bool)
        plain &= ~ambiguous
    else:
        ambiguous = np.zeros(len(txt), dtype=bool)
    other = present & ~plain & ~grouped & ~nonfin & ~ambiguous
    readable = pd.Series(np.where(grouped, txt.str.replace(",", "", regex=False), txt), index=txt.index,
                         dtype="string")
    ok = plain | grouped
    num = _to_float(readable.where(ok))
    huge = ok & np.isinf(num.to_numpy())  # 1e400: beyond the range of numbers
    if (nonfin | huge).any():
        issues.append(("non_finite", nonfin | huge,
                       f"{_examples(txt[nonfin | huge])} is not a finite number (infinite, not-a-number, or beyond "
                       "about 1.8e308); leave the cell empty when the value is unknown"))
    num = num.where(~huge)
    if whole:
        intlike = ok & ~huge & _flag(readable.str.fullmatch(_INTEGER))
        digits = readable.str.lstrip("+-").str.lstrip("0").str.len().fillna(0).to_numpy()
        over = intlike & (digits > 19)
        nineteen = np.flatnonzero(intlike & (digits == 19))
        for i in nineteen:  # rare: the exact comparison, per value
            if abs(int(readable.iloc[i])) > _INT64_MAX:
                over[i] = True
        exact = intlike & ~over
        values = pd.Series(pd.NA, index=txt.index, dtype="Int64")
        if exact.any():
            values[exact] = pd.to_numeric(readable[exact]).astype("Int64")
        rest = ok & ~huge & ~intlike  # 12.0, 1e3, 85%: through a float
        frac = rest & _flag(num.notna() & (num != np.floor(num.fillna(0))))
        big = rest & ~frac & _flag(num.abs() >= _FLOAT_EXACT)
        over |= big
        fine = rest & ~frac & ~big
        if fine.any():
            values[fine] = num[fine].astype("Int64")
        if over.any():
            issues.append(("overflow", over, f"{_examples(txt[over])} is too large a whole number to store "
                                             "exactly (beyond 9223372036854775807, or beyond 2^53 when written "
                                             "with a decimal point or an exponent)"))
        other |= frac
        if other.any():
            issues.append(("type", other, f"expected a whole number; found {_examples(txt[other])}"))
        return values, issues
    if other.any():
        issues.append(("type", other, f"expected a number; found {_examples(txt[other])}"))
    return num.where(ok & ~huge), issues
