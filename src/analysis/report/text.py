"""Verdict and recommendation sentences in both languages.

Sentences are templates ``key: (zh, en)`` written in the ``analysis.report.vocab`` modules next
to the labels of their domain. :func:`say` fills one in; a field's format spec names a format of
:data:`analysis.report.labels.FORMATS`, so numbers in sentences read like numbers in tables:

>>> say("example.stranger", "en", rate=0.816, lo=0.666, hi=0.908)   # doctest: +SKIP
'Stranger ratio 81.6% (95% CI 66.6%–90.8%)'

Template fields: ``{name}`` (as is, or translated when it is a code with a label: ``{name:code}``),
``{name:pct}``, ``{name:count}``, ``{name:yuan}``, ``{name:p}``, ``{name:hours}``…
"""

from __future__ import annotations

import importlib
import pkgutil
import string

from analysis.errors import ParameterError
from analysis.report.labels import FORMATS, check_language, fmt

__all__ = ["SENTENCES", "say", "has_sentence"]


def _collect() -> dict[str, tuple[str, str]]:
    from analysis.report import vocab

    merged: dict[str, tuple[str, str]] = {}
    clashes = []
    for info in sorted(pkgutil.iter_modules(vocab.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{vocab.__name__}.{info.name}")
        for key, entry in getattr(module, "SENTENCES", {}).items():
            if key in merged:
                clashes.append(key)
                continue
            zh, en = entry
            merged[key] = (zh, en)
    if clashes:
        raise ParameterError("sentence keys defined twice: " + ", ".join(clashes))
    return merged


#: key → (zh template, en template)
SENTENCES = _collect()


class _Formatter(string.Formatter):
    def __init__(self, language: str):
        self.language = language

    def format_field(self, value, format_spec):
        if format_spec in FORMATS:
            return fmt(value, format_spec, self.language)
        return super().format_field(value, format_spec)


def has_sentence(key: str) -> bool:
    return key in SENTENCES


def say(key: str, language: str = "zh", **values) -> str:
    """The sentence ``key`` in ``language`` with ``values`` filled in."""
    check_language(language)
    try:
        template = SENTENCES[key][0 if language == "zh" else 1]
    except KeyError:
        raise ParameterError(f"no sentence {key!r}") from None
    return _Formatter(language).format(template, **values)
