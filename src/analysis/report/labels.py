"""The one label dictionary of the reports (Chinese and English) and the number formats.

Every code a report shows — a column of a result, a value of a coded column, a chart title —
has one entry ``key: (zh, en, fmt)`` in :data:`LABELS`. The entries are written in the
``analysis.report.vocab`` modules (one per domain, so the dictionary stays readable) and merged
here; a key defined twice anywhere is an error at import time, so two domains cannot give one
code two meanings.

Keys:

- a column name (``"rate"``) or a value code (``"salon"``);
- ``"column=value"`` for a value whose meaning depends on its column (``"outcome=open"`` 跟进中
  vs ``"status=open"`` 运营中): :func:`value_label` looks this up first;
- ``"title.*"`` chart and section titles, ``"axis.*"`` axis labels.

``fmt`` is how the values of a column are shown (:data:`FORMATS`): declared once, next to the
label, and applied by :func:`analysis.report.show`.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.errors import ParameterError

__all__ = ["Label", "LABELS", "LANGUAGES", "FORMATS", "label", "value_label", "fmt", "format_value",
           "check_language", "sources"]

LANGUAGES = ("zh", "en")


class Label(NamedTuple):
    zh: str
    en: str
    fmt: str | None = None


def check_language(language) -> str:
    if language not in LANGUAGES:
        raise ParameterError(f"language must be 'zh' or 'en', not {language!r}")
    return language


# ---------------------------------------------------------------------------
# number formats
# ---------------------------------------------------------------------------

def _missing(v) -> bool:
    try:
        return v is None or v is pd.NA or v is pd.NaT or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _num(v) -> float:
    return float(v)


def _pct(v, language):
    return f"{_num(v) * 100:.1f}%"


def _pp(v, language):
    x = _num(v) * 100
    return f"{x:+.1f} 个百分点" if language == "zh" else f"{x:+.1f} pp"


def _money(v, language):
    return f"{_num(v):,.0f}"


def _wan(v, language):
    x = _num(v)
    return f"{x / 1e4:,.1f} 万" if language == "zh" else f"{x / 1e4:,.1f} × 10k"


def _yuan(v, language):
    """Amounts of money as a reader says them: 6,123,400 元 → 612.3 万元 (zh) / 6,123,400 yuan (en)."""
    x = _num(v)
    if language == "zh":
        return f"{x / 1e4:,.1f} 万元" if abs(x) >= 1e5 else f"{x:,.0f} 元"
    return f"{x:,.0f} yuan"


def _count(v, language):
    return f"{int(round(_num(v))):,}"


def _num1(v, language):
    return f"{_num(v):,.1f}"


def _num2(v, language):
    return f"{_num(v):,.2f}"


def _num3(v, language):
    return f"{_num(v):,.3f}"


def _p(v, language):
    x = _num(v)
    return "< 0.001" if x < 0.001 else f"{x:.3f}"


def _hours(v, language):
    """A duration given in hours: minutes under 1 h, hours under 2 days, days beyond."""
    x = _num(v)
    if abs(x) < 1:
        return f"{x * 60:.0f} 分钟" if language == "zh" else f"{x * 60:.0f} min"
    if abs(x) < 48:
        return f"{x:.1f} 小时" if language == "zh" else f"{x:.1f} h"
    return f"{x / 24:.1f} 天" if language == "zh" else f"{x / 24:.1f} days"


def _days(v, language):
    x = _num(v)
    return f"{x:.1f} 天" if language == "zh" else f"{x:.1f} days"


def _minutes(v, language):
    x = _num(v)
    return f"{x:.0f} 分钟" if language == "zh" else f"{x:.0f} min"


def _stamp(pattern):
    def f(v, language):
        return pd.Timestamp(v).strftime(pattern)
    return f


def _bool(v, language):
    yes = bool(v)
    return ("是" if yes else "否") if language == "zh" else ("yes" if yes else "no")


def _text(v, language):
    return str(v)


#: Format name → function(value, language) → text. ``code`` values are translated by label.
FORMATS = {
    "pct": _pct, "pp": _pp, "money": _money, "wan": _wan, "yuan": _yuan, "count": _count,
    "num1": _num1, "num2": _num2, "num3": _num3, "p": _p, "hours": _hours, "days": _days,
    "minutes": _minutes, "datetime": _stamp("%Y-%m-%d %H:%M"), "date": _stamp("%Y-%m-%d"),
    "time": _stamp("%H:%M"), "month": _stamp("%Y-%m"), "bool": _bool, "text": _text, "id": _text,
    "code": _text,
}


def fmt(value, kind: str | None, language: str = "zh") -> str:
    """One value as text in format ``kind`` (see :data:`FORMATS`); "—" for a missing value."""
    if _missing(value):
        return "—"
    if kind is None:
        if isinstance(value, (bool, np.bool_)):
            kind = "bool"
        elif isinstance(value, (int, np.integer)):
            kind = "count"
        elif isinstance(value, (float, np.floating)):
            kind = "count" if math.isfinite(value) and float(value).is_integer() else "num2"
        elif isinstance(value, pd.Timestamp):
            kind = "datetime"
        else:
            kind = "text"
    if kind == "code":
        return value_label(value, language)
    try:
        return FORMATS[kind](value, language)
    except KeyError:
        raise ParameterError(f"unknown format {kind!r}; one of {', '.join(FORMATS)}") from None
    except (TypeError, ValueError, OverflowError):
        return str(value)


format_value = fmt


# ---------------------------------------------------------------------------
# the dictionary
# ---------------------------------------------------------------------------

def _collect() -> tuple[dict[str, Label], dict[str, str]]:
    from analysis.report import vocab

    merged: dict[str, Label] = {}
    where: dict[str, str] = {}
    clashes = []
    for info in sorted(pkgutil.iter_modules(vocab.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{vocab.__name__}.{info.name}")
        for key, entry in getattr(module, "LABELS", {}).items():
            if key in merged:
                clashes.append(f"{key!r} ({where[key]} and {info.name})")
                continue
            entry = Label(*entry)
            if not entry.zh or not entry.en:
                raise ParameterError(f"label {key!r} in vocab.{info.name} needs both zh and en text")
            if entry.fmt is not None and entry.fmt not in FORMATS:
                raise ParameterError(f"label {key!r} in vocab.{info.name}: unknown format {entry.fmt!r}")
            merged[key] = entry
            where[key] = info.name
    if clashes:
        raise ParameterError("label keys defined twice: " + "; ".join(clashes))
    return merged, where


#: key → Label(zh, en, fmt): every label of every report.
LABELS, _SOURCES = _collect()


def sources() -> dict[str, str]:
    """key → the vocab module that defines it (for tests and docs)."""
    return dict(_SOURCES)


def _fallback(code: str, language: str) -> str:
    text = code.replace("_", " ")
    return text[:1].upper() + text[1:] if language == "en" else text


def label(code, language: str = "zh") -> str:
    """The display text of one code (a column, a value, ``title.*``); the code itself, spaced, when unknown."""
    check_language(language)
    key = str(code)
    entry = LABELS.get(key)
    if entry is None:
        return _fallback(key, language)
    return entry.zh if language == "zh" else entry.en


def value_label(value, language: str = "zh", column: str | None = None) -> str:
    """The display text of a value of ``column``: ``column=value`` first, then the bare value."""
    if _missing(value):
        return "—"
    if isinstance(value, (bool, np.bool_)):
        return _bool(value, language)
    key = str(value)
    if column is not None and f"{column}={key}" in LABELS:
        return label(f"{column}={key}", language)
    if key in LABELS:
        return label(key, language)
    return key


def column_format(column: str) -> str | None:
    entry = LABELS.get(str(column))
    return entry.fmt if entry is not None else None
