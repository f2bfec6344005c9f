"""Warm kernels: one kernel serves many reports, each in a fresh state; failures stay with their report."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from analysis.runner import plan_runs, run_notebooks

HERE = Path(__file__).parent / "notebooks"


def printed(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_a_warm_kernel_gives_every_report_a_fresh_state(tmp_path):
    cold = tmp_path / "cold"
    assert run_notebooks(plan_runs([HERE / "leak_b.ipynb"], ["B01"], tmp_path, cold), cold, jobs=1)[0].status == "ok"
    cold_line = printed(cold / "B01" / "leak_b.ipynb")
    warm = tmp_path / "warm"
    # leak_a then leak_b, one at a time: the same kernel runs both
    results = run_notebooks(plan_runs([HERE / "leak_a.ipynb", HERE / "leak_b.ipynb"], ["B01"], tmp_path, warm), warm,
                            jobs=1)
    assert [r.status for r in results] == ["ok", "ok"], [r.error for r in results]
    a_pid = re.search(r"A PID=(\d+)", printed(warm / "B01" / "leak_a.ipynb")).group(1)
    b_line = printed(warm / "B01" / "leak_b.ipynb")
    assert re.search(r"PID=(\d+)", b_line).group(1) == a_pid  # one kernel for both reports
    assert re.search(r"PID=(\d+)", cold_line).group(1) != a_pid
    # what leak_a changed is gone: namespace, rcParams, warnings filters, a module-level list, working directory
    assert re.sub(r"PID=\d+ ", "", b_line) == re.sub(r"PID=\d+ ", "", cold_line)
    assert f"LEAK=False LW=1.5 CWD={HERE} ERROR_FILTER=False COLUMNS=9" in b_line
    nb = nbformat.read(warm / "B01" / "leak_b.ipynb", as_version=4)
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]  # counted from 1 again
    assert "runner-preamble" not in nbformat.writes(nb)


def test_a_dead_kernel_or_a_timeout_fails_only_its_report(tmp_path):
    out = tmp_path / "out"
    specs = (plan_runs([HERE / "die.ipynb"], ["B01"], tmp_path, out)
             + plan_runs([HERE / "slow.ipynb"], ["B01"], tmp_path, out, extra={"seconds": 60})
             + plan_runs([HERE / "slow.ipynb"], ["B02"], tmp_path, out))
    results = run_notebooks(specs, out, jobs=1, timeout=3)
    die, slow, ok = results
    assert die.status == "failed" and die.error.startswith("DeadKernelError"), die.error
    assert slow.status == "failed" and slow.error.startswith("CellTimeoutError"), slow.error
    assert slow.seconds < 30
    assert ok.status == "ok" and "SLEPT 0.0 BRANCH=B02" in printed(out / "B02" / "slow.ipynb")
    assert (out / "B01" / "slow.failed.ipynb").exists() and not (out / "B01" / "slow.html").exists()


def test_a_worker_process_that_dies_fails_only_its_report(tmp_path):
    out = tmp_path / "out"
    specs = (plan_runs([HERE / "kill_worker.ipynb"], ["B01"], tmp_path, out)
             + plan_runs([HERE / "slow.ipynb"], ["B01", "B02", "B03"], tmp_path, out, extra={"seconds": 1}))
    results = run_notebooks(specs, out, jobs=2)
    assert results[0].status == "failed" and results[0].error.startswith("WorkerDied"), results[0].error
    assert [r.status for r in results[1:]] == ["ok"] * 3, [r.error for r in results[1:]]
