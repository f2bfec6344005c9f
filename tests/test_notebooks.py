"""Every analysis notebook: stored clean, one typed `parameters` cell, runs on the sample data through the runner,
and its HTML report carries no personal data."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from analysis.runner import discover_notebooks, plan_runs, run_notebooks

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_with_the_standard_parameters(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    src = tagged[0].source
    for name in ("data", "branch_id", "period_start", "period_end", "language", "output_dir"):
        assert re.search(rf"^{name}: str = ", src, re.M), f"{path.name}: parameter {name} missing or untyped"
    assert "def " not in "".join(c.source for c in nb.cells if c.cell_type == "code"), "no logic in notebooks"


CJK = re.compile(r"[\u4e00-\u9fff]+")


@pytest.fixture(scope="module")
def executed(sample_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    specs = plan_runs(discover_notebooks(ROOT / "notebooks"), ["B01"], sample_dir, out)
    return out, run_notebooks(specs, out, jobs=2)


@pytest.fixture(scope="module")
def executed_en(sample_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports_en")
    specs = plan_runs(discover_notebooks(ROOT / "notebooks"), ["B01"], sample_dir, out, language="en")
    return out, run_notebooks(specs, out, jobs=2)


def _outputs_text(nb) -> str:
    parts = []
    for c in nb.cells:
        if c.cell_type == "markdown":
            parts.append(c.source)
        for o in c.get("outputs", []):
            data = o.get("data", {})
            parts.append(str(data.get("text/html", "")) + str(data.get("text/markdown", "")) + str(o.get("text", "")))
    return "\n".join(parts)


def _data_words(tables) -> set[str]:
    """Every run of Chinese characters inside a text value of the data (names of branches, themes …)."""
    words = set()
    for df in tables.values():
        for c in df.columns:
            if df[c].dtype == object or str(df[c].dtype) in ("string", "str", "category"):
                for v in df[c].dropna().astype(str).unique():
                    words.update(CJK.findall(v))
    return words


def test_every_notebook_runs_in_english(executed_en):
    out, results = executed_en
    failed = [(r.notebook, r.error) for r in results if r.status != "ok"]
    assert not failed
    assert len(results) == len(NOTEBOOKS)


def test_english_reports_have_no_chinese_outside_data_values(executed_en, sample_tables):
    """In English mode no heading, sentence, table header, chart title or label is Chinese (data values may be)."""
    out, results = executed_en
    allowed = _data_words(sample_tables)
    for r in results:
        nb = nbformat.read(out / r.outputs["notebook"], as_version=4)
        found = {w for w in CJK.findall(_outputs_text(nb)) if not any(w in a for a in allowed)}
        assert not found, f"{r.notebook}: Chinese text in the English report: {sorted(found)[:20]}"


def test_every_notebook_runs_on_the_sample(executed):
    out, results = executed
    failed = [(r.notebook, r.error) for r in results if r.status != "ok"]
    assert not failed
    assert len(results) == len(NOTEBOOKS)


def test_reports_have_no_personal_data_and_no_code(executed):
    out, results = executed
    for r in results:
        page = (out / r.outputs["html"]).read_text(encoding="utf-8")
        assert not PHONE.search(page), f"{r.notebook}: a phone number in the report"
        assert "load_dataset(" not in page, f"{r.notebook}: code is visible in the report"
        assert "Traceback" not in page, f"{r.notebook}: an error is shown in the report"


def test_data_overview_report_content(executed):
    out, _ = executed
    nb = nbformat.read(out / "B01" / "00_data_overview.ipynb", as_version=4)
    text = "".join(str(o.get("data", {}).get("text/html", "")) + str(o.get("data", {}).get("text/markdown", ""))
                   + str(o.get("text", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "B01" in text and "通过校验" in text
    # the chart was drawn (an image output exists) and the events table lists the salon case
    assert any("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "B01-E03" in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_documents_every_parameter(path):
    """papermill must parse every parameter line (comments with ';' or '=' break it and the parameter is lost)."""
    import papermill as pm

    nb = nbformat.read(path, as_version=4)
    src = next(c.source for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))
    declared = re.findall(r"^(\w+)\s*:", src, re.M)
    assert list(pm.inspect_notebook(str(path))) == declared


@pytest.mark.parametrize("fixture", ["executed", "executed_en"])
def test_every_report_opens_with_its_headline_block(fixture, request):
    """Answer first (issue 14): each page has a headline block, before any detail table (the browser test checks
    the same in Chromium at phone width; this one runs where no browser is installed)."""
    out, results = request.getfixturevalue(fixture)
    for r in results:
        page = (out / r.outputs["html"]).read_text(encoding="utf-8")
        body = page[page.find("<body"):]
        at = body.find('data-headline="1"')
        assert at >= 0, f"{r.notebook}: no headline block"
        table = body.find("<table")
        assert table < 0 or at < table, f"{r.notebook}: a table comes before the headline block"
