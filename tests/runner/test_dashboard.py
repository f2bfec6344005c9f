"""The index page as a cross-branch dashboard: figures per branch, orderings without script, fail-soft, escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import dashboard
from analysis.dashboard import DomainHeadline
from analysis.runner import RunResult


def _items(value, flag="ok", previous=None):
    return pd.DataFrame({"measure": ["stranger_ratio"], "value": [value], "ci_low": [value - 0.1],
                         "ci_high": [value + 0.1], "fmt": ["pct"], "previous": [previous], "change_p": [0.5],
                         "standard": [0.7], "flag": [flag]})


def _results(*branches, title="参数测试 · x"):
    return [RunResult("param", b, {}, "ok", 1.0, outputs={"html": f"{b}/param.html"}, title=title) for b in branches]


HEADLINES = {
    "B01": [DomainHeadline("events", table=_items(0.816, "ok", 0.764))],
    "B02": [DomainHeadline("events", table=_items(0.55, "below"))],
    "B03": [DomainHeadline("events", error="RuntimeError: boom")],
}
NAMES = {"B01": "城东支行", "B02": "城西支行", "B03": "高新区支行"}


def test_one_row_per_branch_with_value_interval_flag_and_change():
    page = dashboard.render(_results("B01", "B02", "B03"), HEADLINES, NAMES, ("2026-10-01", "2026-10-31"))
    assert "<title>社区营销分析报告 · 2026-10-01 至 2026-10-31</title>" in page
    row = page[page.index("城东支行"):page.index("城西支行")]
    assert "81.6%" in row and "71.6%–91.6%" in row and "✓ 达标 70.0%" in row
    assert "比上期 +5.2 个百分点（可能是偶然）" in row and 'href="B01/param.html"' in row
    row2 = page[page.index("城西支行"):page.index("高新区支行")]
    assert "▼ 低于标准 70.0%" in row2 and "上期无数据" in row2
    assert page.index("各网点一览") < page.index("运行记录")


def test_a_failing_domain_says_so_in_its_cells_and_the_page_renders():
    page = dashboard.render(_results("B01", "B03"), HEADLINES, NAMES)
    row = page[page.index("高新区支行"):]
    assert "⚠ 无法计算: RuntimeError: boom" in row


def test_compute_fails_soft_and_masks_the_error(sample_dataset, monkeypatch):
    from analysis import events

    def boom(scoped, previous=None):
        raise RuntimeError("boom for 13812348000")

    def not_a_table(scoped, previous=None):
        return "figures"

    monkeypatch.setattr(events, "headline", boom, raising=False)
    items = dashboard.branch_headlines(sample_dataset, "B01", "2026-10-01", "2026-10-31")
    ev = next(i for i in items if i.domain == "events")
    assert ev.table is None and ev.error == "RuntimeError: boom for 138****8000"
    monkeypatch.setattr(events, "headline", not_a_table, raising=False)
    ev = next(i for i in dashboard.branch_headlines(sample_dataset, "B01") if i.domain == "events")
    assert "not a table with measure and value" in ev.error


def test_the_figures_of_the_sample(sample_dataset):
    start, end, chosen = dashboard.dashboard_period(sample_dataset)
    assert chosen and start.endswith("-01")  # the latest month with data, as the monthly overview
    found = dashboard.compute(sample_dataset, ["B01", "B02"], start, end)
    for items in found.values():
        for item in items:
            assert item.domain in dashboard.DOMAINS
            assert (item.table is None) != (item.error is None)
            if item.table is not None:
                assert list(item.table.columns) == dashboard.HEADLINE_COLUMNS


def test_sorting_is_pre_rendered_orders_switched_by_target():
    page = dashboard.render(_results("B01", "B02", "B03"), HEADLINES, NAMES)
    rows = dict(re.findall(r'<div class="r" role="row" style="([^"]+)">.*?<span class="bn">([^<]+)</span>', page))
    order = {name: dict(kv.split(":") for kv in style.split(";")) for style, name in rows.items()}
    assert order["城东支行"]["--om0d"] == "1" and order["城西支行"]["--om0d"] == "2"  # 81.6% before 55%
    assert order["城西支行"]["--om0a"] == "1" and order["高新区支行"]["--om0a"] == "3"  # no figure: last
    assert order["城西支行"]["--of"] == "1"  # the one flag first
    assert "#by-m0d:target~.dash .c{order:var(--om0d)}" in page
    assert '<span class="sort-anchor" id="by-m0d"></span>' in page and 'href="#by-m0d"' in page
    assert "<script" not in page


def test_every_string_from_the_data_is_escaped():
    bad = "<img src=x onerror=alert(1)>"
    results = [RunResult("param", bad, {}, "failed", 0.0, error="<b>branch id refused</b>",
                         title="<script>alert(1)</script>")]
    page = dashboard.render(results, {bad: [DomainHeadline("events", error="<i>x</i>")]},
                            {bad: "<script>alert(2)</script>城东"})
    assert "<img src=x" not in page and "<script" not in page and "<b>branch" not in page and "<i>x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;alert(2)&lt;/script&gt;城东" in page


def test_links_are_percent_encoded():
    results = [RunResult("param", "城东", {}, "ok", 1.0, outputs={"html": "城东/param.html"}, title="t")]
    assert 'href="%E5%9F%8E%E4%B8%9C/param.html"' in dashboard.render(results)


def test_english_page():
    page = dashboard.render(_results("B01"), HEADLINES, NAMES, ("2026-10-01", "2026-10-31"), language="en")
    assert "<title>Community marketing reports · 2026-10-01 to 2026-10-31</title>" in page
    assert "Branches at a glance" in page and "Run status" in page and "✓ meets the standard 70.0%" in page
    assert 'lang="en"' in page


def test_the_csv_of_the_figures_neutralizes_formulas(tmp_path):
    names = {"B01": "=HYPERLINK(\"http://x\")", "B02": "城西支行", "B03": "@SUM(1)"}
    dashboard.write_index(_results("B01", "B02", "B03"), tmp_path, HEADLINES, names)
    csv = pd.read_csv(tmp_path / "dashboard.csv", encoding="utf-8-sig")
    assert list(csv["branch_name"]) == ["'=HYPERLINK(\"http://x\")", "城西支行", "'@SUM(1)"]
    assert list(csv["measure"][:2]) == ["stranger_ratio", "stranger_ratio"] and csv["error"][2] == "RuntimeError: boom"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dashboard.csv", "index.html"]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_without_any_figures_the_page_still_has_both_sections(language):
    page = dashboard.render(_results("B01"), {}, {}, language=language)
    assert ("各网点一览" if language == "zh" else "Branches at a glance") in page
    assert ("运行记录" if language == "zh" else "Run status") in page
