"""Sentences of the groups domain: :func:`analysis.report.say` with the templates of ``report/vocab/groups.py``."""

from __future__ import annotations

import html
import re

from analysis import report

_BOLD = re.compile(r"\*\*(.+?)\*\*")


class Sentence(str):
    """A sentence of a report: plain text (a ``str``) that a notebook displays as a paragraph.

    ``**…**`` marks the answer; it is shown bold in the notebook and the HTML report. The text is
    HTML-escaped.
    """

    def _repr_html_(self) -> str:
        return "<p>" + _BOLD.sub(r"<b>\1</b>", html.escape(str(self))) + "</p>"


def say(key: str, language: str, **values) -> Sentence:
    return Sentence(report.say(key, language, **values))


def join(*parts: str) -> Sentence:
    """Sentences of one paragraph, separated as the language wants (no space after Chinese punctuation)."""
    parts = [p for p in parts if p]
    out = ""
    for p in parts:
        out += p if not out or out[-1] in "。！？：；" else " " + p
    return Sentence(out)
