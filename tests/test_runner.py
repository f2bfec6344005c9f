"""The papermill runner on tiny fixture notebooks: parameters, parallel runs, failures, atomic outputs."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from analysis import ParameterError
from analysis.cli import main
from analysis.runner import discover_notebooks, plan_runs, run_notebooks

FIXTURES = Path(__file__).parent / "notebooks"


def outputs_text(nb_path: Path) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_parameters_injected_and_reports_written(tmp_path):
    specs = plan_runs([FIXTURES / "param.ipynb"], ["B01", "B02"], tmp_path, tmp_path / "out",
                      extra={"marker": "hello"})
    results = run_notebooks(specs, tmp_path / "out", jobs=2)
    assert [(r.branch_id, r.status) for r in results] == [("B01", "ok"), ("B02", "ok")]
    for b in ("B01", "B02"):
        nb = tmp_path / "out" / b / "param.ipynb"
        assert f"MARKER=hello BRANCH={b}" in outputs_text(nb)
        page = (tmp_path / "out" / b / "param.html").read_text(encoding="utf-8")
        assert f"BRANCH={b}" in page
        assert "if fail:" not in page  # code hidden in the HTML report
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    # each report is linked from its branch's row of the dashboard and from the run status
    assert index.count('href="B01/param.html"') == 2 and index.count('href="B02/param.html"') == 2
    assert "参数测试" in index
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["runs"][0]
    assert set(entry) >= {"notebook", "branch_id", "parameters", "status", "seconds", "error", "outputs"}
    assert entry["parameters"]["marker"] == "hello" and entry["error"] is None
    assert entry["outputs"] == {"notebook": "B01/param.ipynb", "html": "B01/param.html"}


def test_one_failure_does_not_stop_the_others(tmp_path):
    specs = plan_runs([FIXTURES / "broken.ipynb", FIXTURES / "param.ipynb"], ["B01"], tmp_path, tmp_path / "out")
    results = run_notebooks(specs, tmp_path / "out", jobs=2)
    status = {r.notebook: r for r in results}
    assert status["param"].status == "ok"
    assert status["broken"].status == "failed"
    assert "ZeroDivisionError" in status["broken"].error
    assert (tmp_path / "out" / "B01" / "broken.failed.ipynb").exists()
    assert not (tmp_path / "out" / "B01" / "broken.html").exists()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(e["status"] for e in manifest["runs"]) == ["failed", "ok"]


def test_failed_rerun_keeps_the_good_report(tmp_path):
    out = tmp_path / "out"
    run_notebooks(plan_runs([FIXTURES / "param.ipynb"], ["B01"], tmp_path, out, extra={"marker": "good"}), out)
    good = (out / "B01" / "param.html").read_text(encoding="utf-8")
    res = run_notebooks(plan_runs([FIXTURES / "param.ipynb"], ["B01"], tmp_path, out,
                                  extra={"marker": "bad", "fail": True}), out)
    assert res[0].status == "failed" and "asked to fail for B01" in res[0].error
    assert (out / "B01" / "param.html").read_text(encoding="utf-8") == good
    assert "MARKER=good" in outputs_text(out / "B01" / "param.ipynb")
    assert not [p for p in (out / "B01").iterdir() if ".running." in p.name]  # no temporary files left


def test_partial_rerun_keeps_other_entries_in_the_index(tmp_path):
    out = tmp_path / "out"
    run_notebooks(plan_runs([FIXTURES / "param.ipynb"], ["B01", "B02"], tmp_path, out), out, jobs=2)
    run_notebooks(plan_runs([FIXTURES / "param.ipynb"], ["B02"], tmp_path, out), out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(e["branch_id"] for e in manifest["runs"]) == ["B01", "B02"]


def test_discover_notebooks_by_name_number_or_suffix():
    found = discover_notebooks(FIXTURES)
    assert [p.stem for p in found] == ["broken", "param"]
    assert [p.stem for p in discover_notebooks(FIXTURES, ["param"])] == ["param"]
    with pytest.raises(ParameterError, match="unknown notebook 'nope'"):
        discover_notebooks(FIXTURES, ["nope"])


def test_cli_exit_status_is_nonzero_when_a_run_fails(tmp_path, sample_dir, capsys):
    rc = main(["run", "--data", str(sample_dir), "--out", str(tmp_path / "out"), "--branch", "B01",
               "--notebooks-dir", str(FIXTURES), "--jobs", "2"])
    assert rc == 1
    printed = capsys.readouterr().out
    assert "1 ok, 1 failed" in printed and "index:" in printed


def test_cli_rejects_bad_jobs(tmp_path, sample_dir, capsys):
    rc = main(["run", "--data", str(sample_dir), "--out", str(tmp_path), "--branch", "B01",
               "--notebooks-dir", str(FIXTURES), "--jobs", "0"])
    assert rc == 1 and "jobs must be at least 1" in capsys.readouterr().err


def test_relative_paths_and_parallel_runs(tmp_path, monkeypatch):
    """Relative output folders work with parallel runs (no run may change the process's working directory)."""
    import os

    monkeypatch.chdir(tmp_path)
    nb = Path(os.path.relpath(FIXTURES / "param.ipynb", tmp_path))
    specs = plan_runs([nb], ["B01", "B02", "B03", "B04"], ".", "out")
    results = run_notebooks(specs, "out", jobs=2)
    assert [r.status for r in results] == ["ok"] * 4, [r.error for r in results]
    assert Path.cwd() == tmp_path
    assert all((tmp_path / "out" / b / "param.html").exists() for b in ("B01", "B02", "B03", "B04"))
