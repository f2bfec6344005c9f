"""The index page of a run: a cross-branch dashboard first, the run status second.

One row per branch: its name, links to its reports, and the headline figures of every domain that provides
them (``events``, ``followup``, ``groups``, ``surveys``: a function ``headline(scoped, previous=None)``
returning one row per figure with ``measure``, ``value``, ``ci_low``, ``ci_high``, ``fmt``, ``previous``,
``change_p``, ``standard``, ``flag``), each with its interval, its change against the previous period of the
same length and its flag against the standard. A domain whose function fails says so in its cells; the page
renders anyway.

The page has no script (its Content-Security-Policy forbids them), so sorting is pre-rendered: every
ordering (by branch, by number of flags, by each figure up or down) is a CSS ``order`` value carried by
each row, switched by a ``:target`` anchor — clicking ▲ or ▼ beside a column name reorders the rows,
and the address (``index.html#by-m3d``) can be bookmarked. The page size grows with branches × figures,
not with the number of orderings squared.

Every string that comes from the data (branch ids and names, report titles, errors) is HTML-escaped, and
links are percent-encoded; the headline table is also written as ``dashboard.csv`` with spreadsheet
formulas neutralized (:func:`analysis.outputs.write_csv`).
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import inspect
import math
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd

__all__ = ["DOMAINS", "DomainHeadline", "dashboard_period", "branch_headlines", "compute", "render", "write_index",
           "headline_frame"]

#: The domains asked for headline figures, in column order.
DOMAINS = ("events", "followup", "groups", "surveys", "reach", "uplift")
#: Domains whose headline reads more than the period's rows: ``"to_end"`` — everything up to the period's end
#: (reach is cumulative), the previous period likewise up to its end; ``"whole"`` — the branch's whole history
#: (uplift compares the snapshots around the period itself; no previous data set). Both get the period as
#: ``period_start`` / ``period_end`` keywords.
SCOPES = {"reach": "to_end", "uplift": "whole"}
#: The table that must have rows for a domain to apply, for domains the monthly overview does not list.
KEY_TABLES = {"reach": "accounts", "uplift": "customer_assets"}
HEADLINE_COLUMNS = ["measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p", "standard", "flag"]
ATTENTION = ("below", "above", "warn")


@dataclass
class DomainHeadline:
    """The headline figures of one domain for one branch, or why there are none."""

    domain: str
    table: pd.DataFrame | None = None
    error: str | None = None


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _missing(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _masked(text: str) -> str:
    from analysis.privacy import mask_personal

    return mask_personal(text)


def _error_text(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return _masked(f"{type(exc).__name__}: {lines[0] if lines else ''}".rstrip(": "))[:300]


def _headline_function(domain: str):
    """``analysis.<domain>.headline`` when it takes ``previous`` (the dashboard's convention); else None."""
    try:
        module = importlib.import_module(f"analysis.{domain}")
    except ImportError:
        return None
    fn = getattr(module, "headline", None)
    if fn is None:
        return None
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return None
    return fn if "previous" in params or domain in SCOPES else None


def _keywords(fn, params: dict | None) -> dict:
    if not params:
        return {}
    sig = inspect.signature(fn).parameters
    kinds = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return {k: v for k, v in params.items() if k in sig and k != "previous" and sig[k].kind in kinds}


def dashboard_period(ds, period_start=None, period_end=None) -> tuple[str | None, str | None, bool]:
    """The period of the dashboard: the run's; else, like the monthly overview that opens a run, the latest
    calendar month with data in the whole data set (one month for every branch, so rows compare). The third
    value says whether it was chosen that way."""
    if (period_start and str(period_start).strip()) or (period_end and str(period_end).strip()):
        return period_start or None, period_end or None, False
    try:
        from analysis import monthly

        start, end = monthly.overview_period(ds, "", "")
    except Exception:  # noqa: BLE001 - no overview rule: all the data
        return None, None, False
    return (start or None), (end or None), bool(start)


def _key_table(domain: str) -> str | None:
    """The table that must have rows for the domain to apply (as in the monthly overview)."""
    try:
        from analysis import monthly

        return getattr(monthly, "DOMAINS", {}).get(domain) or KEY_TABLES.get(domain)
    except Exception:  # noqa: BLE001
        return KEY_TABLES.get(domain)


def _domain_data(domain, fn, ds, scoped, previous, branch_id, period_start, period_end, prev):
    """The positional data set and the keywords a domain's headline is called with (:data:`SCOPES`)."""
    from analysis import scope

    rule = SCOPES.get(domain)
    if rule is None:
        return (scoped,), {"previous": previous}
    params = inspect.signature(fn).parameters
    kw = {k: v for k, v in (("period_start", period_start), ("period_end", period_end)) if k in params}
    if rule == "whole":
        data, before = scope.for_branch(ds, branch_id), None
    else:
        data = scope.for_branch(ds, branch_id, None, period_end)
        before = scope.for_branch(ds, branch_id, None, prev[1]) if prev else None
    if "previous" in params:
        kw["previous"] = before
    return (data,), kw


def branch_headlines(ds, branch_id: str, period_start=None, period_end=None, params: dict | None = None,
                     domains=DOMAINS) -> list[DomainHeadline]:
    """Every domain's headline figures for one branch and period (previous period: the same length before).

    ``params`` are passed to a domain's function when it has a keyword of that name (e.g. ``standard``,
    ``as_of``). Fails soft: a domain that raises gets its error (masked, one line), the others go on.
    """
    from analysis import scope

    out = []
    try:
        scoped = scope.for_branch(ds, branch_id, period_start, period_end)
        prev = scope.previous_period(period_start, period_end)
        previous = scope.for_branch(ds, branch_id, *prev) if prev else None
    except Exception as exc:  # noqa: BLE001 - the page renders whatever happens
        err = _error_text(exc)
        return [DomainHeadline(d, error=err) for d in domains if _headline_function(d) is not None]
    for d in domains:
        fn = _headline_function(d)
        if fn is None:
            continue
        key = _key_table(d)
        if key is not None and key in scoped and not len(scoped[key]):
            out.append(DomainHeadline(d, table=pd.DataFrame(columns=HEADLINE_COLUMNS)))  # no data: "no data"
            continue
        try:
            args, kw = _domain_data(d, fn, ds, scoped, previous, branch_id, period_start, period_end, prev)
            table = fn(*args, **{**_keywords(fn, params), **kw})
            if not isinstance(table, pd.DataFrame) or not {"measure", "value"} <= set(table.columns):
                raise TypeError(f"{d}.headline returned {type(table).__name__}, not a table with measure and value")
            table = table.reindex(columns=HEADLINE_COLUMNS).reset_index(drop=True)
            out.append(DomainHeadline(d, table=table))
        except Exception as exc:  # noqa: BLE001 - one domain's error is that cell's message
            out.append(DomainHeadline(d, error=_error_text(exc)))
    return out


def compute(ds, branches, period_start=None, period_end=None, params: dict | None = None) -> dict:
    """branch → :func:`branch_headlines` for each branch."""
    return {b: branch_headlines(ds, b, period_start, period_end, params) for b in branches}


def headline_frame(headlines: dict, branch_names: dict | None = None) -> pd.DataFrame:
    """All branches' figures as one tidy table (what ``dashboard.csv`` holds)."""
    rows = []
    for b, items in (headlines or {}).items():
        for item in items:
            base = {"branch_id": b, "branch_name": (branch_names or {}).get(b, ""), "domain": item.domain}
            if item.error is not None:
                rows.append({**base, "error": item.error})
                continue
            for r in item.table.to_dict("records"):
                rows.append({**base, **r, "error": None})
    cols = ["branch_id", "branch_name", "domain", *HEADLINE_COLUMNS, "error"]
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------------------
# rendering
# ---------------------------------------------------------------------------


def _label(key, language):
    from analysis.report.labels import label

    return label(key, language)


def _fmt(value, kind, language) -> str:
    from analysis.report.labels import FORMATS, fmt

    kind = None if _missing(kind) or kind == "" or kind not in FORMATS else str(kind)
    try:
        return fmt(value, kind, language)
    except Exception:  # noqa: BLE001 - a number the formatter does not take is shown as it is
        return str(value)


def _change(row, language) -> str:
    from analysis.report.labels import FORMATS

    value, previous = row.get("value"), row.get("previous")
    if _missing(previous) or _missing(value):
        return _label("headline.no_previous", language)
    try:
        diff = float(value) - float(previous)
    except (TypeError, ValueError):
        return ""
    kind = row.get("fmt")
    if kind == "pct":
        text = FORMATS["pp"](diff, language)
    else:
        text = ("-" if diff < 0 else "+") + _fmt(abs(diff), kind, language)
    out = f"{_label('headline.vs_previous', language)} {text}"
    p = row.get("change_p")
    if not _missing(p) and float(p) >= 0.05:
        noise = _label("headline.noise", language)
        out += f"（{noise}）" if language == "zh" else f" ({noise})"
    return out


def _flag(row) -> str:
    flag = row.get("flag")
    return "" if _missing(flag) else str(flag)


def _cell(row, language) -> str:
    from analysis.report.headline import FLAGS

    kind = row.get("fmt")
    parts = [f'<span class="v">{_e(_fmt(row.get("value"), kind, language))}</span>']
    lo, hi = row.get("ci_low"), row.get("ci_high")
    if not _missing(lo) and not _missing(hi):
        parts.append(f'<span class="ci">{_e(_fmt(lo, kind, language))}–{_e(_fmt(hi, kind, language))}</span>')
    flag = _flag(row)
    if flag in FLAGS and flag:
        words = f"{FLAGS[flag]} {_label(f'flag={flag}', language)}"
        std = row.get("standard")
        if not _missing(std):
            words += f" {_fmt(std, kind, language)}"
        parts.append(f'<span class="f">{_e(words)}</span>')
    parts.append(f'<span class="d">{_e(_change(row, language))}</span>')
    return "".join(parts)


def _sort_value(row):
    v = row.get("value") if row is not None else None
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _ranks(keys: list, values: list, descending: bool) -> list[int]:
    """1-based position of each item when sorted by value (missing values last, ties by ``keys``)."""
    present = [i for i, v in enumerate(values) if v is not None]
    absent = [i for i, v in enumerate(values) if v is None]
    present.sort(key=lambda i: keys[i])
    present.sort(key=lambda i: values[i], reverse=descending)
    absent.sort(key=lambda i: keys[i])
    ranks = [0] * len(values)
    for pos, i in enumerate(present + absent, start=1):
        ranks[i] = pos
    return ranks


def _href(path: str) -> str:
    return _e(quote(str(path).replace("\\", "/"), safe="/"))


def _period_text(period, language) -> str:
    start, end, *rest = tuple(period) if period else (None, None)
    if not start and not end:
        return _label("dashboard.all_data", language)
    sep = " 至 " if language == "zh" else " to "
    return f"{start or '…'}{sep}{end or '…'}"


def _report_name(r) -> str:
    title = (r.title or r.notebook).split(" · ")[0].strip()
    return title or r.notebook


CSS = """
.meta{color:#57606a}
.dash-wrap{overflow-x:auto;margin:.5rem 0 1.5rem;max-width:100%}
.sort-anchor{display:none}
.dash{display:grid;min-width:max-content;border-top:1px solid #d0d7de;font-size:.92rem}
.dash .r{display:contents}
.dash .h,.dash .c{padding:.35rem .6rem;border-bottom:1px solid #d0d7de;border-right:1px solid #eaeef2}
.dash .h{order:-1;background:#f6f8fa;font-weight:600}
.dash .h.dom{text-align:center;border-bottom:0}
.dash .h a{text-decoration:none;padding:0 .15rem}
.dash .c{order:0;background:#fff}
.dash .c .v{display:block;font-size:1.05rem;font-weight:600}
.dash .c .ci,.dash .c .d{display:block;color:#57606a;font-size:.8rem}
.dash .c .f{display:block;font-size:.8rem}
.dash .flag-below .f,.dash .flag-above .f{color:#b42318;font-weight:600}
.dash .flag-warn .f{color:#9a6700;font-weight:600}
.dash .flag-ok .f{color:#1a7f37}
.dash .c.b,.dash .h.s-n{position:sticky;left:0;z-index:1;box-shadow:1px 0 0 #d0d7de}
.dash .c.b .bn{font-weight:600}
.dash .c.b .bid{color:#57606a;font-size:.8rem;margin-left:.3rem}
.dash .c.b ul{margin:.2rem 0 0;padding-left:1rem;font-size:.85rem}
.dash .c.err{color:#9a6700;font-size:.85rem}
.dash .c.na{color:#57606a}
.sorts a{margin-right:.6rem}
.runs .failed{font-weight:bold;color:#b42318}
.runs .err{max-width:40em}
"""


def _grid(results, headlines, names, language) -> tuple[str, str]:
    """The dashboard grid (HTML) and its ordering rules (CSS)."""
    from analysis.report.labels import value_label

    by_branch: dict[str, list] = {}
    for r in results:
        by_branch.setdefault(r.branch_id, []).append(r)
    branches = sorted(set(by_branch) | set(headlines or {}), key=lambda b: (str(names.get(b) or b), b))
    # columns: per domain, its measures in order of first appearance
    columns: list[tuple[str, str | None]] = []  # (domain, measure or None for a domain without figures)
    for d in DOMAINS + tuple(sorted({i.domain for v in (headlines or {}).values() for i in v} - set(DOMAINS))):
        measures = []
        seen_domain = False
        for b in branches:
            for item in (headlines or {}).get(b, []):
                if item.domain != d:
                    continue
                seen_domain = True
                if item.table is not None:
                    for m in item.table["measure"]:
                        if not _missing(m) and str(m) not in measures:
                            measures.append(str(m))
        if measures:
            columns += [(d, m) for m in measures]
        elif seen_domain:
            columns.append((d, None))
    # orderings: name, flags, each figure ascending and descending
    keys = [(str(names.get(b) or b), b) for b in branches]
    orders: dict[str, list[int]] = {"n": list(range(1, len(branches) + 1))}
    lookup: dict[tuple[str, str], dict] = {}
    flags = []
    for b in branches:
        count = 0
        for item in (headlines or {}).get(b, []):
            if item.table is not None:
                for row in item.table.to_dict("records"):
                    lookup[(b, item.domain, str(row.get("measure")))] = row
                    count += _flag(row) in ATTENTION
        flags.append(count)
    orders["f"] = _ranks(keys, flags, descending=True)
    for j, (d, m) in enumerate(columns):
        if m is None:
            continue
        vals = [_sort_value(lookup.get((b, d, m))) for b in branches]
        orders[f"m{j}a"] = _ranks(keys, vals, descending=False)
        orders[f"m{j}d"] = _ranks(keys, vals, descending=True)

    cells = []
    # header: domain row, then figure row
    cells.append('<div class="h dom" style="grid-column:span 2"></div>')
    spans: list[tuple[str, int]] = []
    for d, _m in columns:
        if spans and spans[-1][0] == d:
            spans[-1] = (d, spans[-1][1] + 1)
        else:
            spans.append((d, 1))
    for d, k in spans:
        cells.append(f'<div class="h dom" style="grid-column:span {k}">{_e(_label(f"dashboard.domain={d}", language))}'
                     "</div>")
    asc, desc = _label("dashboard.sort_asc", language), _label("dashboard.sort_desc", language)
    cells.append(f'<div class="h s-n" role="columnheader">{_e(_label("dashboard.branch", language))} '
                 f'<a href="#by-n" title="{_e(_label("dashboard.sort_name", language))}">▲</a></div>')
    cells.append(f'<div class="h s-f" role="columnheader">{_e(_label("dashboard.flags", language))} '
                 f'<a href="#by-f" title="{_e(_label("dashboard.sort_flags", language))}">▼</a></div>')
    for j, (d, m) in enumerate(columns):
        if m is None:
            cells.append(f'<div class="h" role="columnheader">{_e(_label(f"dashboard.domain={d}", language))}</div>')
            continue
        name = value_label(m, language, column="measure")
        cells.append(f'<div class="h s-m{j}a s-m{j}d" role="columnheader">{_e(name)} '
                     f'<a href="#by-m{j}a" title="{_e(asc)}" aria-label="{_e(name)}: {_e(asc)}">▲</a>'
                     f'<a href="#by-m{j}d" title="{_e(desc)}" aria-label="{_e(name)}: {_e(desc)}">▼</a></div>')
    failed_word = _label("dashboard.failed_report", language)
    for i, b in enumerate(branches):
        style = ";".join(f"--o{k}:{v[i]}" for k, v in orders.items())
        row = [f'<div class="r" role="row" style="{_e(style)}">']
        links = []
        for r in sorted(by_branch.get(b, []), key=lambda r: r.notebook):
            link = r.outputs.get("html")
            name = _e(_report_name(r))
            mark = f' <span class="failed">（{_e(failed_word)}）</span>' if r.status != "ok" else ""
            links.append(f'<li><a href="{_href(link)}">{name}</a>{mark}</li>' if link else f"<li>{name}{mark}</li>")
        shown = names.get(b) or b
        row.append(f'<div class="c b" role="cell"><span class="bn">{_e(shown)}</span>'
                   f'<span class="bid">{_e(b)}</span>{"<ul>" + "".join(links) + "</ul>" if links else ""}</div>')
        row.append(f'<div class="c" role="cell">{_e(flags[i])}</div>')
        items = {item.domain: item for item in (headlines or {}).get(b, [])}
        done_domains = set()
        for j, (d, m) in enumerate(columns):
            item = items.get(d)
            if item is not None and item.error is not None:
                if d in done_domains:
                    continue
                done_domains.add(d)
                k = sum(1 for dd, _ in columns if dd == d)
                row.append(f'<div class="c err" role="cell" style="grid-column:span {k}">'
                           f'⚠ {_e(_label("dashboard.domain_error", language))}: {_e(item.error)}</div>')
                continue
            data = lookup.get((b, d, m)) if m is not None else None
            if data is None:
                row.append(f'<div class="c na" role="cell">{_e(_label("dashboard.no_headline", language))}</div>')
                continue
            flag = _flag(data)
            cls = f"c m flag-{flag}" if flag else "c m"
            row.append(f'<div class="{cls}" role="cell">{_cell(data, language)}</div>')
        row.append("</div>")
        cells.append("".join(row))
    template = "minmax(10rem,max-content) minmax(4rem,max-content)" + " minmax(7.5rem,max-content)" * len(columns)
    anchors = "".join(f'<span class="sort-anchor" id="by-{k}"></span>' for k in orders)
    grid = (f'<div class="dash-wrap">{anchors}<div class="dash" role="table" style="grid-template-columns:{template}">'
            + "\n".join(cells) + "</div></div>")
    css = "\n".join(f"#by-{k}:target~.dash .c{{order:var(--o{k})}}\n#by-{k}:target~.dash .s-{k}{{background:#fff8c5}}"
                    for k in orders if k != "n")
    return grid, css


def _runs_table(results, names, language) -> str:
    rows = []
    for r in sorted(results, key=lambda r: (r.branch_id, r.notebook)):
        title = _report_name(r)
        link = r.outputs.get("html")
        cell = f'<a href="{_href(link)}">{_e(title)}</a>' if link else _e(title)
        if r.status == "ok":
            status = f"<span class='ok'>✓ {_e(_label('dashboard.ok', language))}</span>"
        else:
            status = f"<span class='failed'>× {_e(_label('dashboard.failed', language))}</span>"
        err = _e(_masked(r.error or ""))
        if r.status != "ok" and link:
            err += f" ({_e(_label('dashboard.previous_report', language))})"
        branch = names.get(r.branch_id)
        bcell = f"{_e(branch)} <small>{_e(r.branch_id)}</small>" if branch else _e(r.branch_id)
        rows.append(f"<tr><td>{bcell}</td><td>{cell}</td><td>{status}</td><td>{r.seconds:.1f}</td>"
                    f"<td class='err'>{err}</td></tr>")
    head = "".join(f"<th>{_e(_label(k, language))}</th>" for k in
                   ("dashboard.branch", "dashboard.report", "dashboard.status", "dashboard.seconds", "dashboard.error"))
    total = sum(r.seconds for r in results)
    return (f"<table class='runs'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p class='meta'>{_e(_label('dashboard.total_seconds', language))} {total:.1f} "
            f"{_e(_label('dashboard.seconds', language))}</p>")


def render(results, headlines: dict | None = None, branch_names: dict | None = None, period=(None, None),
           language: str = "zh", generated: dt.datetime | None = None) -> str:
    """The index page (full HTML): the dashboard, then the run status.

    ``period`` is ``(start, end)`` or ``(start, end, chosen)`` from :func:`dashboard_period`.
    """
    from analysis.report.html import build_page, page_title

    names = {k: v for k, v in (branch_names or {}).items() if not _missing(v) and str(v).strip()}
    when = (generated or dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    n_fail = sum(r.status != "ok" for r in results)
    title = _label("dashboard.title", language)
    period_text = _period_text(period, language)
    grid, order_css = _grid(results, headlines or {}, names, language)
    has_figures = any(item.domain for v in (headlines or {}).values() for item in v)
    note = _label("dashboard.branches_note" if has_figures else "dashboard.no_domains", language)
    if has_figures:
        chosen = len(tuple(period or ())) > 2 and tuple(period)[2]
        note = f"{_label('dashboard.period', language)}: {period_text}" + (
            f"（{_label('dashboard.latest_month', language)}）" if chosen and language == "zh" else
            f" ({_label('dashboard.latest_month', language)})" if chosen else "") + ". " + note
        if language == "zh":
            note = note.replace(". ", "。", 1)
    sorts = (f'<p class="sorts">{_e(_label("dashboard.sort", language))}: '
             f'<a href="#by-n">{_e(_label("dashboard.sort_name", language))}</a>'
             f'<a href="#by-f">{_e(_label("dashboard.sort_flags", language))}</a></p>')
    body = (f"<h1>{_e(title)}</h1>\n"
            f"<p class='meta'>{_e(period_text)} · {_e(_label('dashboard.generated', language))} {_e(when)} · "
            f"{len(results)} {_e(_label('dashboard.reports', language))} · {n_fail} "
            f"{_e(_label('dashboard.failed_count', language))} · "
            f"<a href=\"manifest.json\">{_e(_label('dashboard.manifest', language))}</a></p>\n"
            f"<section id='branches'><h2>{_e(_label('dashboard.branches', language))}</h2>\n"
            f"<p class='meta'>{_e(note)}</p>{sorts}\n{grid}\n</section>\n"
            f"<section id='runs'><h2>{_e(_label('dashboard.runs', language))}</h2>\n"
            f"{_runs_table(results, names, language)}\n</section>")
    return build_page(body, page_title(title, period_text), language=language, extra_css=CSS + order_css)


def write_index(results, out, headlines: dict | None = None, branch_names: dict | None = None,
                period=(None, None), language: str = "zh") -> Path:
    """Write ``OUT/index.html`` (and ``OUT/dashboard.csv`` when there are figures), each replaced atomically."""
    from analysis.outputs import write_atomic, write_csv

    out = Path(out)
    page = render(results, headlines, branch_names, period, language)
    path = write_atomic(out / "index.html", page)
    if headlines:
        write_csv(headline_frame(headlines, branch_names), out / "dashboard.csv")
    return path
