"""Reading dates and times under the package's one timezone rule (:func:`parse_times`)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.errors import ParameterError
from analysis.io.numbers import _arrow_text, _as_text, _flag
from analysis.io.problems import _examples
from analysis.rules import TIMEZONE
from analysis.schemas import EARLIEST_TIME, LATEST_TIME


#: Values of ``date_order``: how to read a date whose year comes last (``03/09/2026``).
DATE_ORDERS = ("DMY", "MDY", "YMD")


def _check_date_order(date_order) -> str | None:
    if date_order is None:
        return None
    if not isinstance(date_order, str) or date_order.strip().upper() not in DATE_ORDERS:
        raise ParameterError(f"date_order must be one of {', '.join(DATE_ORDERS)} (or None), not {date_order!r}: "
                             "DMY for 03/09/2026 = 3 September, MDY for 03/09/2026 = 9 March")
    return date_order.strip().upper()


_ISO_NAIVE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?)?"
_GENERAL = (r"^(?P<a>\d{1,4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,4})"
            r"(?:(?:\s+|T)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?)?"
            r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$")
_ZH_DATE = r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*"


def _in_range(v: pd.Series) -> np.ndarray:
    return _flag(v.notna() & ((v < EARLIEST_TIME) | (v > LATEST_TIME)))


def _offset_form(tz: pd.Series) -> pd.Series:
    """``Z``/``UTC`` → ``+00:00``, ``+08`` / ``+0800`` → ``+08:00``; no offset → ``""``."""
    t = tz.fillna("").str.upper()
    t = t.where(~t.isin(["Z", "UTC", "GMT"]), "+00:00")
    t = t.str.replace(r"^([+-]\d{2})$", r"\1:00", regex=True).str.replace(r"^([+-]\d{2})(\d{2})$", r"\1:\2",
                                                                          regex=True)
    return t


def parse_times(values: pd.Series, date_order: str | None = None):
    """Text (or Excel/Parquet values) → naive local ``datetime64[ns]`` under the package's rules.

    Returns ``(times, issues)``: the times (NaT where refused or empty) and a list of
    ``(rule, mask, detail)`` for the refused values (rules ``type``, ``ambiguous_date``,
    ``mixed_offsets``, ``date_range``); see the module notes. Vectorised: ISO text (what
    :func:`write_dataset` writes) goes through pandas' parser at once; only the other values are
    taken apart with a regular expression.
    """
    order = _check_date_order(date_order)
    issues = []
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        v = values
        if isinstance(v.dtype, pd.DatetimeTZDtype):
            v = v.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
        out_of = _in_range(v)
        if out_of.any():
            issues.append(("date_range", out_of, _range_detail(v[out_of].astype(str))))
        if out_of.any():
            v = v.where(~out_of)
        return v.astype("datetime64[ns]"), issues
    if values.dtype == object:  # Excel gives datetime objects mixed with text
        values = values.map(lambda v: v.isoformat(sep=" ") if hasattr(v, "isoformat") and not isinstance(v, str)
                            else v)
    txt = _as_text(values)
    shown = txt
    zh = _flag(txt.str.contains("年", regex=False))
    if zh.any():
        txt = txt.where(~zh, txt.str.replace(_ZH_DATE, r"\1-\2-\3 ", regex=True).str.strip())
    out = pd.Series(pd.NaT, index=txt.index, dtype="datetime64[ns]")
    present = txt.notna().to_numpy()
    iso = _flag(txt.str.fullmatch(_ISO_NAIVE))
    form = None  # the UTC offset each value is written with ("" = none); only values not in ISO form have one
    bad_type = np.zeros(len(txt), dtype=bool)
    parsed = pd.Series(pd.NaT, index=txt.index, dtype="datetime64[us]")
    if iso.any():
        v = _iso_times(txt[iso])
        if v is None:
            v = pd.to_datetime(txt[iso], format="ISO8601", errors="coerce")
        parsed[iso] = v.astype("datetime64[us]").to_numpy()  # by position: the rows are the ones of txt[iso]
        bad_type[np.flatnonzero(iso)[v.isna().to_numpy()]] = True
    rest = present & ~iso
    ambiguous = np.zeros(len(txt), dtype=bool)
    offset_min = None
    year_out = np.zeros(len(txt), dtype=bool)
    if rest.any():
        form = pd.Series("", index=txt.index, dtype=object)
        offset_min = pd.Series(0.0, index=txt.index)
        parts = txt[rest].str.extract(_GENERAL, flags=re.IGNORECASE)
        idx = np.flatnonzero(rest)
        matched = parts["a"].notna().to_numpy()
        bad_type[idx[~matched]] = True
        p = parts[matched]
        idx = idx[matched]
        la, lc = p["a"].str.len().to_numpy(), p["c"].str.len().to_numpy()
        a, b, c = (pd.to_numeric(p[k]).to_numpy(dtype=float) for k in ("a", "b", "c"))
        ymd = (la == 4) & (lc <= 2)
        last = (lc == 4) & (la <= 2)
        bad_type[idx[~ymd & ~last]] = True
        y = np.where(ymd, a, c)
        if order == "DMY":
            d, m = np.where(ymd, c, a), b
        elif order == "MDY":
            d, m = np.where(ymd, c, b), np.where(ymd, b, a)
        else:
            d, m = c, b
            ambiguous[idx[last]] = True
        keep = ymd | (last & (order in ("DMY", "MDY")))
        yo = keep & ((y < EARLIEST_TIME.year) | (y > LATEST_TIME.year))
        year_out[idx[yo]] = True
        build = keep & ~yo
        if build.any():
            comp = pd.DataFrame({"year": y[build], "month": m[build], "day": d[build],
                                 "hour": pd.to_numeric(p["H"]).fillna(0).to_numpy()[build],
                                 "minute": pd.to_numeric(p["M"]).fillna(0).to_numpy()[build],
                                 "second": pd.to_numeric(p["S"]).fillna(0).to_numpy()[build]})
            ts = pd.to_datetime(comp, errors="coerce")
            ns = pd.to_numeric(p["F"].fillna("0").str.ljust(9, "0")).to_numpy(dtype=np.int64)[build]
            ts = ts + pd.to_timedelta(ns, unit="ns")
            bi = idx[build]
            parsed.iloc[bi] = ts.to_numpy().astype("datetime64[us]")
            bad_type[bi[ts.isna().to_numpy()]] = True
            forms = _offset_form(p["tz"].astype("string")).to_numpy()[build]
            form.iloc[bi] = forms
            sign = np.where(pd.Series(forms).str.startswith("-"), -1.0, 1.0)
            hh = pd.to_numeric(pd.Series(forms).str[1:3], errors="coerce").fillna(0).to_numpy()
            mm = pd.to_numeric(pd.Series(forms).str[4:6], errors="coerce").fillna(0).to_numpy()
            offset_min.iloc[bi] = sign * (hh * 60 + mm)
    if ambiguous.any():
        issues.append(("ambiguous_date", ambiguous, _ambiguous_detail(shown, ambiguous, order)))
    # one form per column: the most common one is kept, the others refused
    good = present & ~bad_type & ~ambiguous & ~year_out
    forms_seen = form[good] if form is not None else pd.Series([], dtype=object)
    mixed = np.zeros(len(txt), dtype=bool)
    if forms_seen.nunique() > 1:
        counts = forms_seen.value_counts(sort=False)
        first_seen = {f: i for i, f in reversed(list(enumerate(forms_seen)))}
        keep_form = max(counts.index, key=lambda f: (counts[f], -first_seen[f]))
        mixed = good & (form.to_numpy() != keep_form)
        listing = ", ".join(f"{f or 'no offset'} in {int(n)} row(s)" for f, n in counts.items())
        issues.append(("mixed_offsets", mixed,
                       f"the column writes its times in more than one form ({listing}); the rows not in the most "
                       f"common form ({keep_form or 'no offset'}) are refused. The package's one timezone rule: "
                       f"every time is the branch's local wall-clock time ({TIMEZONE}); a value with a UTC offset is "
                       "converted to that zone and stored without it, a value without one is local already. Write "
                       "every value of a column in the same form (preferably local time without an offset)."))
    good &= ~mixed
    aware = good & (form.to_numpy() != "") if form is not None else np.zeros(len(txt), dtype=bool)
    if aware.any():
        utc = parsed[aware] - pd.to_timedelta(offset_min[aware].to_numpy(), unit="min")
        parsed[aware] = utc.dt.tz_localize("UTC").dt.tz_convert(TIMEZONE).dt.tz_localize(None).astype(
            "datetime64[us]")
    out_of = year_out | (good & _in_range(parsed))
    if bad_type.any():
        issues.append(("type", bad_type, f"expected a date and time such as 2026-09-12 14:05; found "
                                         f"{_examples(shown[bad_type])}"))
    if out_of.any():
        issues.append(("date_range", out_of, _range_detail(shown[out_of])))
    good &= ~out_of
    out[good] = parsed[good].astype("datetime64[ns]").to_numpy()
    return out, issues


def _iso_times(txt: pd.Series) -> pd.Series | None:
    """ISO text (``2026-09-03 14:05:00``) → ``datetime64[us]`` in one Arrow pass when every value is a valid
    time at that precision; None otherwise (then pandas' parser says which values are not)."""
    arr = _arrow_text(txt)
    if arr is None:
        return None
    try:
        ts = pc.cast(arr, pa.timestamp("us"))
    except (pa.ArrowException, ValueError, TypeError):
        return None
    values = ts.to_numpy(zero_copy_only=False) if isinstance(ts, pa.Array) else \
        np.concatenate([c.to_numpy(zero_copy_only=False) for c in ts.chunks]) if ts.num_chunks else \
        np.zeros(0, dtype="datetime64[us]")
    return pd.Series(values.astype("datetime64[us]"), index=txt.index)


def _range_detail(found: pd.Series) -> str:
    return (f"must lie between {EARLIEST_TIME:%Y-%m-%d} and {LATEST_TIME:%Y-%m-%d} (the contract's plausible "
            f"range); found {_examples(found)}")


def _ambiguous_detail(txt: pd.Series, mask: np.ndarray, order: str | None) -> str:
    shown = _examples(txt[mask])
    if order == "YMD":
        return (f"{shown}: date_order YMD was given but these dates put the year last; give date_order DMY or MDY, "
                "or write them as 2026-09-03")
    parts = txt[mask].str.extract(r"^(\d{1,2})\D(\d{1,2})\D")
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    hint = ""
    if (first > 12).any() and (second > 12).any():
        hint = " Some values can only be day first and others only month first: the column mixes both orders."
    elif (first > 12).any():
        hint = f" Values such as {_examples(txt[mask][(first > 12).to_numpy()])} can only be day first: DMY."
    elif (second > 12).any():
        hint = f" Values such as {_examples(txt[mask][(second > 12).to_numpy()])} can only be month first: MDY."
    return (f"{shown}: the order of day and month is ambiguous (03/09/2026 is 3 September day first, 9 March month "
            "first) and is never guessed. Write dates as 2026-09-03, or say which order the file uses: "
            "load_dataset(..., date_order='DMY') or --date-order DMY (day first), MDY (month first)." + hint)
