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


@pytest.fixture(scope="module")
def executed(sample_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    specs = plan_runs(discover_notebooks(ROOT / "notebooks"), ["B01"], sample_dir, out)
    return out, run_notebooks(specs, out, jobs=2)


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
    assert "B01" in text and "未发现数据问题" in text
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
