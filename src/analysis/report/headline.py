"""The answer-first blocks at the top of a report: headline cards, the verdict, the ranked action list.

Pure functions: they take tidy DataFrames (or a sentence) and return an :class:`Html` object that a
notebook displays (it has ``_repr_html_``); every piece of text is HTML-escaped. The styles live in
the report page (:data:`analysis.report.html.BASE_CSS`); the meaning never depends on colour alone —
every flag is also written out (✓ 达标, ▼ 低于标准 …).

>>> import pandas as pd
>>> items = pd.DataFrame({"measure": ["stranger_ratio"], "value": [0.816], "ci_low": [0.666],
...                       "ci_high": [0.908], "fmt": ["pct"], "previous": [0.764], "change_p": [0.41],
...                       "standard": [0.70], "flag": ["ok"]})
>>> print(headline_block(items, "en"))  # doctest: +NORMALIZE_WHITESPACE
<div class="headline" data-headline="1"><div class="card flag-ok"><div class="card-label">Stranger ratio</div><div class="card-value">81.6%</div><div class="card-ci">95% CI 66.6%–90.8%</div><div class="card-change">vs previous +5.2 pp <span class="noise">(could be noise)</span></div><div class="card-flag">✓ meets the standard (70.0%)</div></div></div>
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.errors import ParameterError
from analysis.report.labels import FORMATS, check_language, fmt, label, value_label
from analysis.report.text import has_sentence, say

__all__ = ["Html", "headline_block", "verdict_block", "actions_block", "FLAGS", "MAX_CARDS", "MAX_ACTIONS"]

#: Flag of a headline number against its standard → the mark written before its text.
FLAGS = {"ok": "✓", "below": "▼", "above": "▲", "warn": "⚠", "": ""}
MAX_CARDS = 5
MAX_ACTIONS = 10
NOISE_P = 0.05


class Html:
    """A piece of report HTML: shown by Jupyter (``_repr_html_``), ``str()`` gives the markup."""

    def __init__(self, markup: str):
        self.html = markup

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:  # never a Python repr on a report page
        return self.html

    def __eq__(self, other) -> bool:
        return isinstance(other, Html) and other.html == self.html

    __hash__ = None


def _missing(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _change(value, previous, kind: str, language: str) -> str:
    diff = float(value) - float(previous)
    if kind == "pct":
        return FORMATS["pp"](diff, language)
    sign = "-" if diff < 0 else "+"
    return sign + fmt(abs(diff), kind, language)


def _flag_text(flag: str, standard: str | None, language: str) -> str:
    mark = FLAGS[flag]
    if not flag:
        return f"{label('headline.standard', language)} {standard}" if standard else ""
    words = label(f"flag={flag}", language)
    text = f"{mark} {words}"
    if not standard:
        return text
    if language == "zh":
        return f"{text} {standard}" if flag in ("below", "above") else f"{text}（{label('headline.standard', language)} {standard}）"
    return f"{text} ({label('headline.standard', language)} {standard})" if flag == "warn" else f"{text} ({standard})"


def _of_text(row, kind, standards: dict, language: str) -> str | None:
    """The "5 of 12 events below 70.0%" line of a count out of ``out_of`` (None when the row has none).

    The sentence is ``headline.of.<measure>`` when the vocabulary has one (its fields: ``n``, ``out_of``
    and ``std``, the standards of the block's rows by measure, e.g. ``{std[stranger_ratio]:pct}``), else
    the generic ``headline.of``.
    """
    out_of = row.get("out_of")
    if _missing(out_of) or _missing(row.get("value")):
        return None
    values = {"n": row.get("value"), "out_of": out_of, "std": standards}
    key = f"headline.of.{row.get('measure')}"
    if has_sentence(key):
        try:
            return say(key, language, **values)
        except (KeyError, IndexError):  # a standard the sentence names is not in the block
            pass
    return say("headline.of", language, **values)


def _card(row, language: str, standards: dict | None = None, compare: bool = True) -> str:
    kind = row.get("fmt")
    kind = None if _missing(kind) or kind == "" else str(kind)
    if kind is not None and kind not in FORMATS:
        raise ParameterError(f"headline_block: unknown format {kind!r} for measure {row.get('measure')!r}; "
                             f"one of {', '.join(FORMATS)}")
    flag = row.get("flag")
    flag = "" if _missing(flag) else str(flag)
    if flag not in FLAGS:
        raise ParameterError(f"headline_block: flag {flag!r} of measure {row.get('measure')!r} is not one of "
                             "'ok', 'below', 'above', 'warn', ''")
    value, lo, hi = row.get("value"), row.get("ci_low"), row.get("ci_high")
    parts = [f'<div class="card-label">{_e(value_label(row.get("measure"), language, column="measure"))}</div>',
             f'<div class="card-value">{_e(fmt(value, kind, language))}</div>']
    if not _missing(lo) and not _missing(hi):
        parts.append(f'<div class="card-ci">{_e(label("headline.ci", language))} '
                     f'{_e(fmt(lo, kind, language))}–{_e(fmt(hi, kind, language))}</div>')
    of = _of_text(row, kind, standards or {}, language)
    if of:
        parts.append(f'<div class="card-of">{_e(of)}</div>')
    previous = row.get("previous")
    if not compare:
        change = None
    elif _missing(previous) or _missing(value):
        change = _e(label("headline.no_previous", language))
    else:
        change = f'{_e(label("headline.vs_previous", language))} {_e(_change(value, previous, kind, language))}'
        p = row.get("change_p")
        if not _missing(p) and float(p) >= NOISE_P:
            noise = label("headline.noise", language)
            change += f' <span class="noise">{_e(f"（{noise}）" if language == "zh" else f"({noise})")}</span>'
    if change is not None:
        parts.append(f'<div class="card-change">{change}</div>')
    standard = row.get("standard")
    standard = None if _missing(standard) else fmt(standard, kind, language)
    flag_text = _flag_text(flag, standard, language)
    if flag_text:
        parts.append(f'<div class="card-flag">{_e(flag_text)}</div>')
    cls = f"card flag-{flag}" if flag else "card"
    return f'<div class="{cls}">{"".join(parts)}</div>'


def headline_block(items: pd.DataFrame, language: str = "zh") -> Html:
    """The three to five numbers that matter, as cards: value, 95% interval, change vs the previous period, flag.

    Parameters
    ----------
    items : DataFrame
        One row per number, in display order, with columns ``measure`` (a label key), ``value``,
        ``ci_low``, ``ci_high``, ``fmt`` (a format of :data:`analysis.report.labels.FORMATS`),
        ``previous`` (the value in the previous period of the same length, NaN when unknown),
        ``change_p`` (p-value of the change; ≥ 0.05 is marked as possibly noise), ``standard`` and
        ``flag`` ∈ {"ok", "below", "above", "warn", ""}: "ok" when the value meets its standard,
        "below"/"above" when it misses it on that side, "warn" for anything else to look at.
        Optional ``out_of``: for a count out of a whole (the events below the standard out of the
        events rated), the whole, written under the value as "5 of 12 events below 70.0%" (sentence
        ``headline.of.<measure>`` when the vocabulary has one, else "5 of 12").
        Only ``measure`` and ``value`` are required; a missing column counts as empty, except
        ``previous``: without that column the report compares with no earlier period and the cards
        have no change line (with it, an empty value reads "no previous period").
    language : {"zh", "en"}

    Returns
    -------
    Html
        ``<div class="headline" data-headline="1">`` holding one ``<div class="card …">`` per row.
    """
    check_language(language)
    if not isinstance(items, pd.DataFrame):
        raise ParameterError(f"headline_block: expected a DataFrame, got {type(items).__name__}")
    missing = [c for c in ("measure", "value") if c not in items.columns]
    if missing:
        raise ParameterError(f"headline_block: the items table has no column {', '.join(missing)}")
    if len(items) > MAX_CARDS:
        raise ParameterError(f"headline_block: {len(items)} numbers; a headline holds at most {MAX_CARDS} "
                             f"(measures: {', '.join(map(str, items['measure']))})")
    if not len(items):
        return Html(f'<div class="headline headline-empty" data-headline="1">'
                    f'{_e(label("headline.empty", language))}</div>')
    records = items.to_dict("records")
    standards = {str(r["measure"]): r["standard"] for r in records if not _missing(r.get("standard"))}
    compare = "previous" in items.columns
    cards = "".join(_card(row, language, standards, compare) for row in records)
    return Html(f'<div class="headline" data-headline="1">{cards}</div>')


def verdict_block(text: str) -> Html:
    """The verdict in one sentence (already in the report's language, e.g. from :func:`analysis.report.say`)."""
    if _missing(text):
        text = ""
    return Html(f'<p class="verdict">{_e(text)}</p>')


def actions_block(actions: pd.DataFrame, language: str = "zh") -> Html:
    """The ranked action list: at most ten items, each with owner, what to do, by when and why.

    Parameters
    ----------
    actions : DataFrame
        Columns ``rank`` (1 = first), ``owner`` (name and role as text, e.g. "王芳（理财经理）"),
        ``action``, ``due`` (a date; may be missing) and ``reason`` (may be missing). Rows beyond the
        first ten by rank are counted in a note, not listed.
    language : {"zh", "en"}
    """
    check_language(language)
    if not isinstance(actions, pd.DataFrame):
        raise ParameterError(f"actions_block: expected a DataFrame, got {type(actions).__name__}")
    missing = [c for c in ("rank", "owner", "action") if c not in actions.columns]
    if missing:
        raise ParameterError(f"actions_block: the actions table has no column {', '.join(missing)}")
    rows = actions.sort_values("rank", kind="stable").to_dict("records")
    if not rows:
        return Html(f'<p class="actions-none">{_e(label("actions.none", language))}</p>')
    more = max(len(rows) - MAX_ACTIONS, 0)
    colon = "：" if language == "zh" else ": "
    items = []
    for row in rows[:MAX_ACTIONS]:
        li = ""
        if not _missing(row.get("owner")) and str(row["owner"]).strip():
            li += f'<span class="owner">{_e(row["owner"])}</span>{colon}'
        li += f'<span class="what">{_e("" if _missing(row.get("action")) else row["action"])}</span>'
        due = row.get("due")
        if not _missing(due):
            li += f' <span class="due">{_e(label("actions.due", language))} {_e(fmt(due, "date", language))}</span>'
        reason = row.get("reason")
        if not _missing(reason) and str(reason).strip():
            li += f'<span class="reason">{_e(label("actions.reason", language))}{colon}{_e(reason)}</span>'
        items.append(f"<li>{li}</li>")
    body = f'<ol class="actions">{"".join(items)}</ol>'
    if more:
        body += f'<p class="actions-more">{_e(say("actions.more", language, n=more))}</p>'
    return Html(body)

