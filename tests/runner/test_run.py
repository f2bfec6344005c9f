"""`python -m analysis run` end to end: read once, snapshots, output safety, crash safety, the lock, Dask."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from analysis import io
from analysis.cli import main
from analysis.runner import run

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent / "notebooks"
FIXTURES = ROOT / "tests" / "notebooks"


def printed(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if ".running" in p.name or p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def sample_run(sample_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    results = run(sample_dir, out, notebooks=[HERE / "snap.ipynb", FIXTURES / "param.ipynb"], jobs=2)
    return out, results


def test_each_report_reads_its_branch_snapshot_restored_not_revalidated(sample_run, sample_dataset):
    out, results = sample_run
    assert [(r.notebook, r.branch_id, r.status) for r in results] == [
        ("snap", "B01", "ok"), ("snap", "B02", "ok"), ("snap", "B03", "ok"),
        ("param", "B01", "ok"), ("param", "B02", "ok"), ("param", "B03", "ok")], [r.error for r in results]
    from analysis.runner import _run_as_of

    as_of = _run_as_of(sample_dataset)
    for b in ("B01", "B02", "B03"):
        # the branch's rows only, the whole data set's rows_read; one evaluation moment for every branch
        assert f"SNAPSHOT=True BRANCHES=['{b}'] READ=3 PROBLEMS=0 AS_OF={as_of}" in printed(out / b / "snap.ipynb")
        assert (out / "_data" / b / "_snapshot.json").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["snapshots"] == {"B01": "_data/B01", "B02": "_data/B02", "B03": "_data/B03"}
    entry = next(e for e in manifest["runs"] if e["notebook"] == "snap" and e["branch_id"] == "B02")
    assert entry["parameters"]["data"] == str(out / "_data" / "B02")
    assert entry["outputs"] == {"notebook": "B02/snap.ipynb", "html": "B02/snap.html"}
    assert leftovers(out) == []


def test_the_snapshot_serves_an_analyst_too(sample_run):
    out, _ = sample_run
    ds = io.load_dataset(out / "_data" / "B01")  # a valid data folder, the branch's tables
    assert list(ds["branches"]["branch_id"]) == ["B01"]


def test_the_index_is_a_dashboard_then_the_run_status(sample_run, sample_dataset):
    out, _ = sample_run
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>社区营销分析报告 · " in page
    assert page.index("各网点一览") < page.index("运行记录")
    for name in sample_dataset["branches"]["name"]:
        assert name in page
    assert 'href="B01/param.html"' in page and "<script" not in page
    from analysis.dashboard import _headline_function, DOMAINS

    if any(_headline_function(d) for d in DOMAINS):
        assert (out / "dashboard.csv").is_file()


def test_rerun_cleans_what_a_killed_run_left(sample_run, sample_dir):
    out, _ = sample_run
    stale = [out / "B01" / ".param.99999.running.html", out / ".manifest.99999.running.json"]
    for p in stale:
        p.write_text("half")
    (out / "_data" / ".B01.99999.running").mkdir()
    good = (out / "B02" / "param.html").read_bytes()
    assert main(["run", "--data", str(sample_dir), "--out", str(out), "--branch", "B01", "--notebooks-dir",
                 str(FIXTURES), "--notebook", "param", "--jobs", "1"]) == 0
    assert leftovers(out) == []
    assert (out / "B02" / "param.html").read_bytes() == good  # not re-run, kept
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted((e["notebook"], e["branch_id"]) for e in manifest["runs"]) == sorted(
        (n, b) for n in ("snap", "param") for b in ("B01", "B02", "B03"))


def _hostile(tmp_path) -> Path:
    from analysis.sample import make_sample

    t = make_sample(seed=0, branches=4)
    rename = {"B02": "../../etc", "B03": "<img src=x onerror=alert(1)>", "B04": "B" * 300}
    for df in t.values():
        for col in ("branch_id",):
            if col in df.columns:
                df[col] = df[col].astype(object).replace(rename)
    b = t["branches"]
    b["name"] = b["name"].astype(object).where(b["branch_id"] != "B01", "<script>alert(1)</script>城东支行")
    io.write_dataset(t, tmp_path / "data")
    return tmp_path / "data"


def test_hostile_branch_ids_fail_their_reports_and_nothing_leaves_out(tmp_path, capsys):
    data = _hostile(tmp_path)
    out = tmp_path / "nested" / "out"
    before = set(tmp_path.parent.iterdir())
    rc = main(["run", "--data", str(data), "--out", str(out), "--notebooks-dir", str(FIXTURES), "--notebook",
               "param", "--jobs", "1"])
    printed_out = capsys.readouterr().out
    assert rc == 1 and "1 ok, 3 failed" in printed_out
    assert "FAILED] ../../etc param (0.0 s): branch id '../../etc' cannot be used as a folder name" in printed_out
    assert "branch id 'BBBBBBBBBB" in printed_out and "is 300 characters long; a report folder name can hold at " \
                                                     "most 64" in printed_out
    # nothing outside --out: no etc/ beside it or above it, no other new folder
    assert set(tmp_path.parent.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "nested"]
    assert sorted(p.name for p in (tmp_path / "nested").iterdir()) == ["out"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "B01", "_data", "dashboard.csv", "index.html", "manifest.json"]
    assert sorted(p.name for p in (out / "_data").iterdir()) == ["B01"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in index and "<img src=x" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt;城东支行" in index and "<script" not in index
    page = (out / "B01" / "param.html").read_text(encoding="utf-8")
    assert "<title>参数测试 Parameter fixture · &lt;script&gt;alert(1)&lt;/script&gt;城东支行（B01）</title>" in page
    csv = (out / "dashboard.csv").read_text(encoding="utf-8-sig")
    assert "<script>alert(1)</script>城东支行" in csv  # data, not markup, in a CSV: kept as it is


def test_out_pointing_at_an_existing_file_is_a_clear_error(tmp_path, sample_dir, capsys):
    (tmp_path / "reports.html").write_text("keep me")
    rc = main(["run", "--data", str(sample_dir), "--out", str(tmp_path / "reports.html")])
    assert rc == 1
    assert "--out " + str(tmp_path / "reports.html") + " is an existing file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "reports.html").read_text() == "keep me"


def _start_run(data, out, seconds, branch="B01"):
    cmd = [sys.executable, "-m", "analysis", "run", "--data", str(data), "--out", str(out), "--branch", branch,
           "--notebooks-dir", str(HERE), "--notebook", "slow", "--param", f"seconds={seconds}", "--jobs", "1"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_lock(out: Path, proc, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if json.loads((out / ".run.lock").read_text() or "{}").get("pid") == proc.pid:
                return
        except (OSError, ValueError):
            pass
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    raise AssertionError("the first run never took the lock")


def test_a_second_run_into_the_same_out_gets_a_lock_message(tmp_path, sample_dir, capsys):
    out = tmp_path / "out"
    first = _start_run(sample_dir, out, seconds=25)
    try:
        _wait_for_lock(out, first)
        rc = main(["run", "--data", str(sample_dir), "--out", str(out), "--branch", "B01", "--notebooks-dir",
                   str(HERE), "--notebook", "slow", "--jobs", "1"])
        err = capsys.readouterr().err
        assert rc == 1 and f"error: another run is writing into {out} (pid {first.pid}" in err
        assert "wait until it has finished, or give this run another --out" in err
    finally:
        stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stdout + stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(e["notebook"], e["branch_id"], e["parameters"]["seconds"]) for e in manifest["runs"]] == [
        ("slow", "B01", 25)]  # only the first run's entry: never a mixed manifest


def test_sigkill_mid_run_keeps_the_good_report_and_the_next_run_cleans_up(tmp_path, sample_dir):
    out = tmp_path / "out"
    assert main(["run", "--data", str(sample_dir), "--out", str(out), "--branch", "B01", "--notebooks-dir",
                 str(HERE), "--notebook", "slow", "--jobs", "1"]) == 0
    good_page = (out / "B01" / "slow.html").read_bytes()
    good_manifest = (out / "manifest.json").read_bytes()
    victim = _start_run(sample_dir, out, seconds=60)
    _wait_for_lock(out, victim)
    time.sleep(3)  # inside the report
    os.killpg(victim.pid, signal.SIGKILL)
    victim.communicate(timeout=60)
    (out / "B01" / ".slow.4242.running.html").write_text("<html>half")  # as if killed while writing
    assert (out / "B01" / "slow.html").read_bytes() == good_page
    assert (out / "manifest.json").read_bytes() == good_manifest
    assert main(["run", "--data", str(sample_dir), "--out", str(out), "--branch", "B01", "--notebooks-dir",
                 str(HERE), "--notebook", "slow", "--param", "seconds=0.5", "--jobs", "1"]) == 0
    assert leftovers(out) == []
    assert "SLEPT 0.5 BRANCH=B01" in printed(out / "B01" / "slow.ipynb")


def test_run_on_a_dask_cluster(tmp_path, sample_dir, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, protocol="tcp") as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        out = tmp_path / "out"
        results = run(sample_dir, out, notebooks=[ROOT / "notebooks" / "00_data_overview.ipynb",
                                                  FIXTURES / "broken.ipynb"], scheduler=address)
        status = {(r.notebook, r.branch_id): r for r in results}
        assert len(status) == 6
        for b in ("B01", "B02", "B03"):
            assert status[("00_data_overview", b)].status == "ok", status[("00_data_overview", b)].error
            assert status[("broken", b)].status == "failed" and "ZeroDivisionError" in status[("broken", b)].error
            assert (out / b / "00_data_overview.html").is_file() and (out / b / "broken.failed.ipynb").is_file()
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["scheduler"] == address and len(manifest["runs"]) == 6
        assert leftovers(out) == []
        # the command line: --scheduler
        rc = main(["run", "--data", str(sample_dir), "--out", str(tmp_path / "cli"), "--notebooks-dir", str(HERE),
                   "--notebook", "snap", "--scheduler", address])
        text = capsys.readouterr().out
        assert rc == 0 and f"on the Dask cluster at {address} (2 workers, 2 threads)" in text
        assert "SNAPSHOT=True BRANCHES=['B02']" in printed(tmp_path / "cli" / "B02" / "snap.ipynb")


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, sample_dir, capsys):
    pytest.importorskip("distributed")
    rc = main(["run", "--data", str(sample_dir), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9",
               "--notebooks-dir", str(HERE), "--notebook", "snap"])
    assert rc == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
