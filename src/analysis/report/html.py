"""The self-contained HTML page of an executed notebook: code hidden, no network, fonts and formulas embedded.

:func:`export` turns an executed notebook into one HTML file that a branch head can open from a
bank intranet, a mail attachment or WeChat's browser:

- no request leaves the page: no require.js, MathJax or Mermaid from a CDN, no ``<script>`` at all,
  and a Content-Security-Policy that lets the page load nothing but its own ``data:`` images and font;
- formulas (``$$\\hat p = \\frac{31}{38}$$``, ``$x$``, ``text/latex`` outputs) are drawn offline by
  matplotlib's mathtext as inline SVG paths (no math font needed);
- the Chinese renders without any system font: the page embeds a subset of the Noto Sans CJK SC file
  that ``mplfonts`` ships, holding only the glyphs the page uses (a base64 ``@font-face``); emoji the
  font lacks (✅ ❌ ⚠️ …) are replaced by marks it has (✓ × ⚠);
- ``<title>`` is the one given (``"<report> · <branch> · <period>"``, see :func:`page_title`), the top
  of the page has a link back to the index and a table of contents of the h1–h3 headings;
- readable at 390 px: tables scroll inside their own box, images and formulas shrink to the width.

Charts stay the PNG images nbconvert embeds.
"""

from __future__ import annotations

import base64
import functools
import html
import importlib.util
import io
import re
from pathlib import Path

from analysis.errors import FontNotFoundError
from analysis.report.labels import check_language, label

__all__ = ["export", "render_notebook", "page_title", "notebook_title", "font_face_css", "font_path",
           "page_text", "replace_marks", "FONT_FAMILY", "BASE_CSS"]

#: The family name of the embedded font inside the page (not a system font name on purpose).
FONT_FAMILY = "Report Sans"
_FONT_FILE = "NotoSansCJKsc-Regular.otf"

#: Characters always kept in the font subset (ASCII and the marks the page's own CSS and blocks use).
_ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "✓×⚠▲▼●○·—–…←→↑↓%％（）：，。、"

#: Emoji and dingbats the font has no glyph for → a mark it has (text, never colour only).
MARKS = {
    "✅": "✓", "✔️": "✓", "✔": "✓", "☑️": "✓", "☑": "✓", "🆗": "✓",
    "❌": "×", "❎": "×", "✖️": "×", "✖": "×", "✗": "×", "✘": "×",
    "⚠️": "⚠", "❗": "!", "❕": "!", "‼️": "!!", "❓": "?", "❔": "?",
    "⭕": "○", "🔴": "●", "🟠": "●", "🟡": "●", "🟢": "●", "🔵": "●",
    "⬆️": "↑", "⬇️": "↓", "➡️": "→", "⬅️": "←", "📈": "↑", "📉": "↓",
    "👉": "→", "💡": "", "📌": "", "📊": "", "🎯": "", "⏰": "", "\ufe0f": "", "\ufe0e": "", "\u200d": "",
}
_MARKS_RE = re.compile("|".join(re.escape(k) for k in sorted(MARKS, key=len, reverse=True)))
# pictographs without a glyph in the font and without a mark: dropped rather than drawn as □
_PICTOGRAPH = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")

# matplotlib objects returned by the last line of a cell (`Text(0.5, 0, '…')`, `<Axes: …>`): never content
_MPL_REPR = re.compile(r"^\s*\[?\s*(Text\(|<Axes|<Figure size|<matplotlib\.|<BarContainer|<Container object)")

_CSP = ("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'")


# ---------------------------------------------------------------------------
# font
# ---------------------------------------------------------------------------

def font_path() -> Path:
    """The Noto Sans CJK SC file inside the installed ``mplfonts`` package (found without importing it)."""
    spec = importlib.util.find_spec("mplfonts")
    folders = []
    if spec is not None:
        if spec.submodule_search_locations:
            folders = [Path(p) for p in spec.submodule_search_locations]
        elif spec.origin:
            folders = [Path(spec.origin).parent]
    for folder in folders:
        path = folder / "fonts" / _FONT_FILE
        if path.is_file():
            return path
    raise FontNotFoundError(
        f"the report font {_FONT_FILE} was not found ({'mplfonts is not installed' if not folders else 'looked in ' + ', '.join(str(f) for f in folders)}); "
        "install it with `pip install mplfonts` (listed in pyproject.toml and environment.yml)")


@functools.lru_cache(maxsize=1)
def _cmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(font_path()), lazy=True).getBestCmap())


def covered(ch: str) -> bool:
    """Whether the embedded font has a glyph for ``ch``."""
    return ord(ch) in _cmap()


@functools.lru_cache(maxsize=8)
def _subset_woff(chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path()), recalcBBoxes=False, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []  # no GSUB/GPOS: halves the size and the time; CJK needs no shaping here
    options.hinting = False
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted({ord(c) for c in chars}))
    sub.subset(font)
    font.flavor = "woff"
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def font_face_css(text: str, family: str = FONT_FAMILY) -> str:
    """An ``@font-face`` rule embedding the glyphs of ``text`` (and ASCII) from Noto Sans CJK SC, base64 WOFF."""
    chars = "".join(sorted({c for c in text + _ALWAYS if ord(c) >= 0x20} & set(map(chr, _cmap()))))
    data = base64.b64encode(_subset_woff(chars)).decode("ascii")
    return (f'@font-face{{font-family:"{family}";src:url(data:font/woff;base64,{data}) format("woff");'
            "font-weight:100 900;font-style:normal;font-display:block}")


# ---------------------------------------------------------------------------
# text of a page
# ---------------------------------------------------------------------------

_SKIP = re.compile(r"<(script|style|svg)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>", re.S)
_PIECES = re.compile(r"(<(?:script|style|svg)\b.*?</(?:script|style|svg)\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)


def page_text(page: str) -> str:
    """The text a reader sees on ``page`` (tags, scripts, styles and SVG removed, entities decoded)."""
    return html.unescape(_TAG.sub(" ", _SKIP.sub(" ", page)))


def _map_text(page: str, fn) -> str:
    """Apply ``fn`` to the text between tags only (never to tags, attributes, scripts or styles)."""
    parts = _PIECES.split(page)
    return "".join(p if i % 2 else fn(p) for i, p in enumerate(parts))


def replace_marks(text: str) -> str:
    """Emoji the font lacks → marks it has: ✅ → ✓, ❌ → ×, ⚠️ → ⚠; other pictographs it lacks are dropped."""
    text = _MARKS_RE.sub(lambda m: MARKS[m.group(0)], text)
    return _PICTOGRAPH.sub(lambda m: m.group(0) if covered(m.group(0)) else "", text)


# ---------------------------------------------------------------------------
# formulas
# ---------------------------------------------------------------------------

_math_counter = [0]


@functools.lru_cache(maxsize=256)
def _math_svg_cached(tex: str, display: bool) -> tuple[str, float] | None:
    import matplotlib
    from matplotlib import mathtext, rc_context
    from matplotlib.font_manager import FontProperties

    buf = io.BytesIO()
    if display:  # fractions in display size, as TeX sets them in display math
        tex = re.sub(r"\\frac(?=[\s{])", r"\\dfrac", tex)
    try:
        with rc_context({"svg.fonttype": "path", "svg.hashsalt": "report-math", "mathtext.fontset": "cm"}):
            depth = mathtext.math_to_image(f"${tex}$", buf, prop=FontProperties(size=15 if display else 12),
                                           format="svg")
    except Exception:  # noqa: BLE001 - TeX mathtext cannot draw: shown as source instead
        return None
    del matplotlib
    svg = buf.getvalue().decode("utf-8")
    svg = svg[svg.find("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>|<!--.*?-->", "", svg, flags=re.S)
    return svg, float(depth or 0)


def math_html(tex: str, display: bool = False) -> str:
    """A formula as inline SVG (mathtext); the TeX source in ``<code>`` when mathtext cannot draw it."""
    tex = tex.strip()
    drawn = _math_svg_cached(tex, display)
    if drawn is None:
        cls = "math math-source" + (" math-display" if display else "")
        return f'<code class="{cls}">{html.escape(tex)}</code>'
    svg, depth = drawn
    _math_counter[0] += 1
    prefix = f"m{_math_counter[0]}-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'(xlink:href|href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    style = f"vertical-align:-{depth:.1f}pt" if not display else ""
    svg = svg.replace("<svg ", f'<svg class="math-svg" role="img" aria-label="{html.escape(tex)}" style="{style}" ', 1)
    if display:
        return f'<div class="math math-display">{svg}</div>'
    return f'<span class="math">{svg}</span>'


def _renderer_class():
    from nbconvert.filters.markdown_mistune import IPythonRenderer

    class MathRenderer(IPythonRenderer):
        def block_math(self, body: str) -> str:
            return math_html(body, display=True)

        def inline_math(self, body: str) -> str:
            return math_html(body, display=False)

        def latex_environment(self, name: str, body: str) -> str:
            return math_html(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)

    return MathRenderer


# ---------------------------------------------------------------------------
# nbconvert
# ---------------------------------------------------------------------------

_TEMPLATE = r"""{%- extends 'lab/base.html.j2' -%}
{%- block data_javascript scoped -%}{%- endblock data_javascript -%}
{%- block data_widget_view scoped -%}{%- endblock data_widget_view -%}
{%- block data_latex scoped -%}
<div class="jp-RenderedLatex jp-OutputArea-output" data-mime-type="text/latex">{{ output.data['text/latex'] | latex_html }}</div>
{%- endblock data_latex -%}
{%- block footer -%}{%- endblock footer -%}
"""


def _latex_output(text: str) -> str:
    text = text.strip()
    for left, right in (("$$", "$$"), ("\\[", "\\]"), ("$", "$"), ("\\(", "\\)")):
        if text.startswith(left) and text.endswith(right) and len(text) > len(left) + len(right):
            return math_html(text[len(left):-len(right)], display=True)
    return math_html(text, display=True)


@functools.lru_cache(maxsize=1)
def _exporter():
    import jinja2
    from jinja2 import pass_context
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import MarkdownWithMath

    renderer_class = _renderer_class()

    class ReportExporter(HTMLExporter):
        @pass_context
        def markdown2html(self, context, source):
            cell = context.get("cell", {})
            path = context.get("resources", {}).get("metadata", {}).get("path", "")
            renderer = renderer_class(escape=False, attachments=cell.get("attachments", {}),
                                      embed_images=True, path=path, exclude_anchor_links=True)
            return MarkdownWithMath(renderer=renderer).render(source)

    exporter = ReportExporter(
        template_name="lab", template_file="report_body.html.j2",
        extra_loaders=[jinja2.DictLoader({"report_body.html.j2": _TEMPLATE})],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True,
    )
    exporter.register_filter("latex_html", _latex_output)
    return exporter


def _drop_leftovers(nb):
    """Outputs that are never report content: matplotlib return values printed as text (``Text(0.5, 0, …)``)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if (out.get("output_type") == "execute_result" and set(data) <= {"text/plain"}
                    and _MPL_REPR.match(str(data.get("text/plain", "")))):
                continue
            kept.append(out)
        cell.outputs = kept
    return nb


def render_notebook(nb, path="") -> str:
    """The cells of an executed notebook (a NotebookNode) as HTML: code hidden, formulas as SVG, no scripts.

    ``path`` is the folder that images linked from Markdown cells are relative to (they are embedded).
    """
    import copy

    nb = _drop_leftovers(copy.deepcopy(nb))
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": "report", "path": str(path)}})
    return body


# ---------------------------------------------------------------------------
# the page
# ---------------------------------------------------------------------------

BASE_CSS = f"""
*,*::before,*::after{{box-sizing:border-box}}
html{{-webkit-text-size-adjust:100%;text-size-adjust:100%}}
body{{margin:0;font-family:"{FONT_FAMILY}",sans-serif;font-size:16px;line-height:1.6;color:#1f2328;background:#fff;
  overflow-wrap:anywhere}}
main,.report-top{{max-width:72rem;margin:0 auto;padding:0 1rem}}
h1,h2,h3,h4{{line-height:1.3;margin:1.4em 0 .5em}}
h1{{font-size:1.6rem;margin-top:.6em}}h2{{font-size:1.3rem;border-bottom:1px solid #d8dee4;padding-bottom:.2em}}
h3{{font-size:1.1rem}}
a{{color:#1F4E8C}}
img,svg,video,canvas{{max-width:100%;height:auto}}
pre,code{{font-family:"DejaVu Sans Mono","Liberation Mono","{FONT_FAMILY}",monospace;font-size:.9em}}
pre{{white-space:pre-wrap;overflow-x:auto;background:#f6f8fa;padding:.5em .75em;border-radius:4px}}
.table-scroll{{max-width:100%;overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5em 0 1em}}
table{{border-collapse:collapse;font-size:.9rem}}
th,td{{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top;overflow-wrap:normal;
  word-break:keep-all;max-width:26em}}
thead th,th{{background:#eef3f8}}
caption{{caption-side:top;text-align:left;font-weight:bold;padding:.3em 0;color:#444}}
td{{font-variant-numeric:tabular-nums}}
.ok,.flag-ok .card-flag{{color:#1a7f37}}.failed,.err{{color:#a40e26}}
.report-top{{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:baseline;padding-top:.6rem;padding-bottom:.4rem;
  border-bottom:1px solid #d8dee4;font-size:.95rem}}
.report-top details{{flex:1 1 12rem}}
.report-top summary{{cursor:pointer;color:#1F4E8C}}
.toc ol{{margin:.3em 0;padding-left:1.4em}}.toc li.toc-3{{margin-left:1.2em;list-style:circle}}
.math-display{{display:block;overflow-x:auto;margin:.6em 0;text-align:center}}
.math-svg{{display:inline-block;max-width:100%}}
.math-source{{white-space:pre-wrap}}
.jp-Cell{{margin:0;padding:0}}
.jp-OutputArea-output{{max-width:100%;overflow-x:auto}}
.jp-RenderedImage img{{display:block;margin:.5em 0}}
.jp-RenderedText pre{{background:none;padding:0}}
.headline{{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.6rem;margin:.8rem 0}}
.headline .card{{border:1px solid #d0d7de;border-left:.35rem solid #8c959f;border-radius:6px;padding:.5rem .7rem;min-width:0}}
.headline .card-label{{font-size:.9rem;color:#444}}
.headline .card-value{{font-size:1.7rem;font-weight:bold;line-height:1.2}}
.headline .card-ci,.headline .card-change{{font-size:.85rem;color:#555}}
.headline .card-of{{font-size:.9rem;color:#333}}
.headline .card-flag{{font-size:.9rem;font-weight:bold;margin-top:.2rem}}
.headline .flag-ok{{border-left-color:#1a7f37}}
.headline .flag-below,.headline .flag-above{{border-left-color:#a40e26}}
.headline .flag-below .card-flag,.headline .flag-above .card-flag{{color:#a40e26}}
.headline .flag-warn{{border-left-color:#9a6700}}.headline .flag-warn .card-flag{{color:#9a6700}}
.headline .noise{{color:#666;font-style:italic}}
.headline-empty{{color:#555}}
p.verdict{{font-size:1.1rem;font-weight:bold;border-left:.3rem solid #1F4E8C;padding:.2rem .6rem;margin:.8rem 0;
  background:#f3f6fa}}
ol.actions{{padding-left:1.6em;margin:.4em 0 1em}}
ol.actions li{{margin:.35em 0}}
ol.actions .owner{{font-weight:bold}}
ol.actions .due{{white-space:nowrap;color:#9a6700}}
ol.actions .reason{{display:block;font-size:.88rem;color:#555}}
.actions-more{{color:#555;font-size:.9rem}}
@media (max-width:600px){{body{{font-size:15px}}main,.report-top{{padding:0 .6rem}}h1{{font-size:1.35rem}}
  .headline{{grid-template-columns:repeat(auto-fit,minmax(9rem,1fr))}}.headline .card-value{{font-size:1.45rem}}}}
@media print{{.report-top{{display:none}}.table-scroll{{overflow:visible}}}}
"""


def page_title(*parts) -> str:
    """``"<report> · <branch> · <period>"`` from the parts that are not empty."""
    return " · ".join(str(p).strip() for p in parts if p is not None and str(p).strip())


_HEADER_ITEM = re.compile(r"<b>(.*?):</b>\s*([^<]*)")


def _branch_name(params: dict) -> str:
    """"<name>（<id>）" from the data set's branches table; the id alone when it cannot be read."""
    branch_id = str(params.get("branch_id") or "")
    if not branch_id or not params.get("data"):
        return branch_id
    try:
        names = _branch_names(str(params["data"]))
    except Exception:  # noqa: BLE001 - a title never fails a report
        return branch_id
    name = names.get(branch_id)
    if name is None or not str(name).strip():
        return branch_id
    return f"{name}（{branch_id}）" if params.get("language", "zh") == "zh" else f"{name} ({branch_id})"


@functools.lru_cache(maxsize=4)
def _branch_names(data: str) -> dict:
    from analysis.io import load_dataset
    from analysis.schemas import TABLES

    required = [name for name, table in TABLES.items() if getattr(table, "required", False)]
    branches = load_dataset(data, errors="report", tables=required)["branches"]
    return dict(zip(branches["branch_id"].astype(str), branches["name"]))


def notebook_title(nb, branch_name: str | None = None) -> str:
    """The page title of an executed notebook: its ``# `` heading · the branch · the period.

    The branch and period come from the report's header line (``report.header``) when the notebook shows
    one, else from papermill's parameters (``branch_id``, ``period_start``, ``period_end``).
    """
    params = dict(nb.metadata.get("papermill", {}).get("parameters", {}) or {})
    language = params.get("language") if params.get("language") in ("zh", "en") else "zh"
    report = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            line = next((ln for ln in cell.source.splitlines() if ln.startswith("# ")), None)
            if line:
                report = line[2:].strip()
                break
    if not report:  # a heading drawn by the notebook's first output (e.g. report.header blocks)
        for cell in nb.cells:
            for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
                found = re.search(r"<h1[^>]*>(.*?)</h1\s*>", str(out.get("data", {}).get("text/html", "")), re.S)
                if found:
                    report = " ".join(page_text(found.group(1)).split())
                    break
            if report:
                break
    branch = branch_name or _branch_name(params)
    start, end = params.get("period_start") or "", params.get("period_end") or ""
    period = ""
    if start or end:
        period = f"{start or '…'}{' 至 ' if language == 'zh' else ' to '}{end or '…'}"
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = str(out.get("data", {}).get("text/html", ""))
            if "report-header" in text:
                items = [html.unescape(v).strip().rstrip("·").strip() for _, v in _HEADER_ITEM.findall(text)]
                if items and not branch_name:
                    branch = items[0]
                if len(items) > 1 and items[1] and items[1] != "—":
                    period = items[1]
                break
        else:
            continue
        break
    return page_title(report, branch, period)


_HEADING = re.compile(r"<h([1-3])(\s[^>]*)?>(.*?)</h\1\s*>", re.S | re.I)
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


def _toc(body: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Give every h1–h3 an id; return the body and the (level, id, text) entries."""
    entries = []
    used = set(_ID.findall(body))
    count = [0]

    def fix(m):
        level, attrs, inner = int(m.group(1)), m.group(2) or "", m.group(3)
        found = _ID.search(attrs)
        if found:
            ident = found.group(1)
        else:
            count[0] += 1
            ident = f"section-{count[0]}"
            while ident in used:
                count[0] += 1
                ident = f"section-{count[0]}"
            used.add(ident)
            attrs = f'{attrs} id="{ident}"'
        text = " ".join(page_text(inner).split())
        if text:
            entries.append((level, ident, text))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return _HEADING.sub(fix, body), entries


def _wrap_tables(body: str) -> str:
    body = re.sub(r"<table\b", '<div class="table-scroll"><table', body, flags=re.I)
    return re.sub(r"</table\s*>", "</table></div>", body, flags=re.I)


def _no_network(body: str) -> str:
    """No script, no external stylesheet, no remote source: the page loads nothing from anywhere."""
    body = re.sub(r"<script\b.*?</script\s*>", "", body, flags=re.S | re.I)
    body = re.sub(r"<(link|base|iframe|object|embed)\b[^>]*>", "", body, flags=re.I)
    body = re.sub(r"""\s(src|srcset|poster|data)\s*=\s*(["'])(?!data:)[^"']*\2""", " ", body, flags=re.I)
    return re.sub(r"@import[^;]*;", "", body)


def build_page(body: str, title: str, index_href: str | None = None, language: str = "zh",
               extra_css: str = "") -> str:
    """Wrap a report body in the full page: head (title, CSP, embedded font, CSS), back link, contents."""
    check_language(language)
    body = _map_text(_no_network(body), replace_marks)
    body, entries = _toc(_wrap_tables(body))
    top = []
    if index_href:
        top.append(f'<a class="back" href="{html.escape(index_href)}">← {html.escape(label("html.back_to_index", language))}</a>')
    if entries:
        items = "".join(f'<li class="toc-{lvl}"><a href="#{html.escape(i)}">{html.escape(t)}</a></li>'
                        for lvl, i, t in entries if lvl > 1 or sum(e[0] == 1 for e in entries) > 1)
        if items:
            top.append(f'<details class="toc"><summary>{html.escape(label("html.contents", language))}</summary>'
                       f"<ol>{items}</ol></details>")
    nav = f'<nav class="report-top">{"".join(top)}</nav>\n' if top else ""
    chrome = nav + html.escape(title)
    font = font_face_css(page_text(body) + page_text(chrome))
    lang = "zh-CN" if language == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{font}\n{BASE_CSS}{extra_css}</style>\n</head>\n"
            f"<body>\n{nav}<main>\n{body}\n</main>\n</body>\n</html>\n")


def export(nb_path, title: str, index_href: str | None = None, language: str = "zh") -> str:
    """The executed notebook at ``nb_path`` as one self-contained HTML page (see the module docstring).

    Parameters
    ----------
    nb_path : path-like
        An executed ``.ipynb``.
    title : str
        The page title, ``"<report> · <branch> · <period>"`` (:func:`page_title`, :func:`notebook_title`).
    index_href : str, optional
        Link back to the index page (relative to the page), e.g. ``"../index.html"``.
    language : {"zh", "en"}
        Language of the page's own words (contents, back link) and its ``lang`` attribute.
    """
    import nbformat

    nb_path = Path(nb_path)
    nb = nbformat.read(nb_path, as_version=4)
    return build_page(render_notebook(nb, nb_path.parent), title, index_href=index_href, language=language)
