"""The self-contained report page: no network, embedded font subset, formulas offline, title, contents, phone CSS."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.report import html as rh

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "notebooks"
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _notebook(tmp_path: Path) -> Path:
    nb = new_notebook(cells=[
        new_markdown_cell("# 沙龙与驻点活动 Salons\n\n陌生客户占比：\n\n$$\\hat p = \\frac{31}{38} = 81.6\\%$$\n\n"
                          "行内 $n = 38$ 人，✅ 达标，⚠️ 注意，❌ 未达标 🎉。\n\n## 概况 Headline\n\n### 明细"),
        new_code_cell("import secret_code_here", outputs=[
            new_output("display_data", data={"text/html": "<table><tr><th>活动</th><td>B01-E03</td></tr></table>",
                                              "text/plain": "df"}),
            new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure size 640x480 with 1 Axes>"}),
            new_output("execute_result", data={"text/plain": "Text(0.5, 0, '签到时刻 Time of check-in')"},
                       execution_count=3),
            new_output("display_data", data={"text/latex": "$$\\sqrt{2}$$", "text/plain": "sqrt"}),
            new_output("display_data", data={"application/javascript": "fetch('https://cdn.example/x.js')",
                                              "text/plain": "js"}),
            new_output("display_data", data={"text/html": "<img src='https://cdn.example/logo.png'><h2>输出里的标题</h2>",
                                              "text/plain": "h"}),
        ]),
        new_markdown_cell("## 数据质量 Data quality\n\n公式写错了也不显示原文 $\\frac{1}{$ 之外的东西。"),
    ])
    nb.metadata["papermill"] = {"parameters": {"branch_id": "B01", "language": "zh", "period_start": "2026-09-01",
                                               "period_end": "2026-09-30"}}
    path = tmp_path / "report.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = _notebook(tmp_path_factory.mktemp("nb"))
    return rh.export(path, "沙龙与驻点活动 · 城东支行（B01） · 2026-09-01 至 2026-09-30", index_href="../index.html")


def _font(page: str):
    from fontTools.ttLib import TTFont

    data = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", page).group(1)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_no_network_and_no_script(page):
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "mathjax" not in page.lower() and "require.js" not in page.lower() and "cdnjs" not in page
    assert "<link" not in page
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert "default-src 'none'" in csp and "img-src data:" in csp and "font-src data:" in csp


def test_code_hidden_and_matplotlib_leftovers_dropped(page):
    assert "secret_code_here" not in page
    assert "Text(0.5" not in page and "Figure size" not in page
    assert f"data:image/png;base64,{PNG}" in page  # the chart stays, embedded


def test_title_back_link_and_contents(page):
    assert "<title>沙龙与驻点活动 · 城东支行（B01） · 2026-09-01 至 2026-09-30</title>" in page
    assert '<html lang="zh-CN">' in page
    assert '<a class="back" href="../index.html">← 全部报告</a>' in page
    toc = re.search(r'<details class="toc"><summary>目录</summary><ol>(.*?)</ol></details>', page).group(1)
    entries = re.findall(r'<li class="toc-(\d)"><a href="#([^"]+)">([^<]+)</a></li>', toc)
    assert [(lvl, text) for lvl, _, text in entries] == [
        ("2", "概况 Headline"), ("3", "明细"), ("2", "输出里的标题"), ("2", "数据质量 Data quality")]
    for _, ident, _ in entries:  # every entry points at a heading of the page
        assert re.search(rf'<h[23][^>]* id="{re.escape(ident)}"', page)
    assert page.index('class="report-top"') < page.index("<main>")  # at the top


def test_formulas_are_drawn_offline(page):
    assert "$$" not in page and "\\hat p" not in page.replace('aria-label="\\hat p', "")
    assert page.count('<div class="math math-display"><svg') == 2  # the display formula and the text/latex output
    assert '<span class="math"><svg' in page  # inline $n = 38$
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids of the formulas' SVG must not collide"
    assert '<code class="math math-source">\\frac{1}{</code>' in page  # mathtext cannot: the source, readable


def test_marks_replace_emoji_the_font_lacks(page):
    for emoji in ("✅", "⚠️", "❌", "🎉", "\ufe0f"):
        assert emoji not in page
    assert "✓ 达标" in page and "⚠ 注意" in page and "× 未达标" in page


def test_font_subset_covers_every_character_and_little_else(page):
    font = _font(page)
    cmap = set(font.getBestCmap())
    text = rh.page_text(page[page.index("<body"):])
    missing = sorted({c for c in text if ord(c) >= 0x20 and ord(c) not in cmap})
    assert missing == []
    assert len(cmap) < 400  # a subset: the full font has about 44,000 characters
    assert "Report Sans" in page and "font-family:\"Report Sans\"" in page


def test_phone_css(page):
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<div class="table-scroll"><table>' in page and "</table></div>" in page
    assert ".table-scroll{max-width:100%;overflow-x:auto" in page
    assert "img,svg,video,canvas{max-width:100%;height:auto}" in page
    assert not re.search(r"(?<![-\w])width:\s*\d{3,}px", rh.BASE_CSS)  # no fixed widths


def test_english_page_words():
    body = rh.build_page("<h1>A</h1><h2>B</h2>", "T", index_href="../index.html", language="en")
    assert '<html lang="en">' in body and "← All reports" in body and "<summary>Contents</summary>" in body


def test_page_title_and_escaping():
    assert rh.page_title("沙龙", "城东支行（B01）", "", None) == "沙龙 · 城东支行（B01）"
    page = rh.build_page("<p>x</p>", "<b>t</b> & more", index_href='a"b.html')
    assert "<title>&lt;b&gt;t&lt;/b&gt; &amp; more</title>" in page and 'href="a&quot;b.html"' in page


def test_notebook_title_from_header_or_parameters():
    nb = new_notebook(cells=[new_markdown_cell("# 线索跟进 24/72"), new_code_cell("x", outputs=[new_output(
        "display_data", data={"text/html": "<p class='report-header'><b>网点:</b> 城东支行（B01） · "
                                           "<b>期间:</b> 2026-07-01 至 2026-10-30 · <b>范围:</b> 全部</p>"})])])
    assert rh.notebook_title(nb) == "线索跟进 24/72 · 城东支行（B01） · 2026-07-01 至 2026-10-30"
    bare = new_notebook(cells=[new_markdown_cell("# Group tiers")])
    bare.metadata["papermill"] = {"parameters": {"branch_id": "B02", "language": "en", "period_start": "2026-09-01",
                                                 "period_end": "2026-09-30"}}
    assert rh.notebook_title(bare) == "Group tiers · B02 · 2026-09-01 to 2026-09-30"


def test_runner_page_of_a_fixture_run_and_quiet_console(tmp_path, capfd):
    """The runner writes the new page, and neither the kernel nor papermill talks on the console."""
    from analysis.runner import plan_runs, run_notebooks

    specs = plan_runs([FIXTURES / "param.ipynb"], ["B01"], tmp_path, tmp_path / "out", extra={"marker": "m"})
    results = run_notebooks(specs, tmp_path / "out", jobs=1)
    assert [r.status for r in results] == ["ok"]
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err and "Passed unknown parameter" not in captured.err
    assert captured.err.strip() == "" and captured.out.strip() == ""
    page = (tmp_path / "out" / "B01" / "param.html").read_text(encoding="utf-8")
    assert "<script" not in page and '<a class="back" href="../index.html">' in page and "@font-face" in page
    assert "BRANCH=B01" in page
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "@font-face" in index and "<script" not in index and 'href="B01/param.html"' in index
