"""The fleet ratio: `python -m analysis run` against a serial loop of `papermill` + `jupyter nbconvert` calls.

Run: `make benchmark` (or `.venv/bin/python benchmarks/bench_report.py [--repeat N] [--jobs 2]`).

In one run, on the same freshly generated sample (3 branches) and the same reports (every notebook in
notebooks/ × every branch), it times

* **serial**: for each report, `papermill NB OUT.ipynb -p data SAMPLE -p branch_id B …` and then
  `jupyter nbconvert --to html --no-input OUT.ipynb`, one after the other — what a plain cron loop does;
* **fleet**: `python -m analysis run --data SAMPLE --out OUT --jobs J` (read once, per-branch snapshots,
  warm kernels in J worker processes, HTML export in the workers, the dashboard index);

and prints the ratio fleet / serial (issue 10 asks for ≤ 0.33). With `--repeat N` the two alternate N times
and the best of each is kept. It also times reading one branch's snapshot through `io.load_dataset`
(validating it again) against `analysis.snapshot.load` (restoring it), the gain of routing snapshots in
`load_dataset`. The result is added to the `bench_report` section of benchmarks/results.md with the date,
machine and commit. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
START, END = "<!-- bench_report:start -->", "<!-- bench_report:end -->"
HEADER = """# The report fleet: `python -m analysis run` beside a serial papermill + nbconvert loop (`benchmarks/bench_report.py`)

Same run, same sample (`python -m analysis sample`, 3 branches), same reports (every notebook in `notebooks/` ×
every branch). **Serial**: one `papermill` command and one `jupyter nbconvert --to html --no-input` command per
report, one after the other, each notebook reading the CSV folder itself. **Fleet**: `python -m analysis run
--jobs J` — the data read and validated once, a typed snapshot per branch, warm kernels (one per worker process,
a fresh namespace per report), papermill's API, the HTML export in the worker. Seconds are wall-clock, best of
the repeats; *failed*: reports that failed, serial / fleet (the same notebooks fail on both sides, e.g. one whose
domain is being rewritten: the ratio still compares the same work). *Snapshot read*: one branch's snapshot through `io.load_dataset` (validated again) vs
`analysis.snapshot.load` (restored), median of 5. Newest run first.

| date | machine | commit | reports | failed | jobs | serial s | fleet s | ratio | snapshot read: load_dataset s / snapshot.load s |
|---|---|---|---|---|---|---|---|---|---|
"""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
        mem_text = f", {mem:.0f} GB"
    except (ValueError, OSError, AttributeError):
        mem_text = ""
    return f"{cpu}, {os.cpu_count()} cores{mem_text}, Python {platform.python_version()}"


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return head + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def serial(notebooks, branches, data: Path, out: Path) -> tuple[float, int]:
    """The plain loop: one papermill and one nbconvert command per report. Returns (seconds, failed)."""
    failed = 0
    t0 = time.perf_counter()
    for nb in notebooks:
        for b in branches:
            folder = out / b
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / nb.name
            p = subprocess.run([str(BIN / "papermill"), str(nb), str(target), "-p", "data", str(data),
                                "-p", "branch_id", b, "-p", "language", "zh", "-p", "output_dir", str(folder),
                                "--cwd", str(nb.parent), "--no-progress-bar", "--log-level", "ERROR"],
                               capture_output=True, text=True)
            failed += p.returncode != 0
            if target.exists():
                subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(target),
                                "--log-level", "ERROR"], capture_output=True, text=True)
    return time.perf_counter() - t0, failed


def fleet(data: Path, out: Path, jobs: int) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "analysis", "run", "--data", str(data), "--out", str(out),
                        "--jobs", str(jobs)], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    return seconds, p.stdout.count("[FAILED]"), p.stdout + p.stderr


def snapshot_read(out: Path, branch: str) -> tuple[float, float]:
    code = (
        "import statistics, sys, time\n"
        "from analysis import io, snapshot\n"
        "folder = sys.argv[1]\n"
        "def best(f):\n"
        "    ts = []\n"
        "    for _ in range(5):\n"
        "        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)\n"
        "    return statistics.median(ts)\n"
        "orig = getattr(io.load_dataset, '__wrapped_loader__', io.load_dataset)\n"
        "a = best(lambda: orig(folder, errors='report'))\n"
        "b = best(lambda: snapshot.load(folder))\n"
        "print(f'{a:.3f} {b:.3f}')\n")
    p = subprocess.run([sys.executable, "-c", code, str(out / "_data" / branch)], capture_output=True, text=True,
                       check=True)
    a, b = p.stdout.split()
    return float(a), float(b)


def write_results(row: str) -> Path:
    path = ROOT / "benchmarks" / "results.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        body, tail = rest.split(END, 1)
        lines = body.strip("\n").splitlines()
        cut = next(i for i, line in enumerate(lines) if line.startswith("|---")) + 1
        body = "\n".join(lines[:cut] + [row] + lines[cut:]) + "\n"
        text = f"{head}{START}\n{body}{END}{tail}"
    else:
        text = f"{START}\n{HEADER}{row}\n{END}\n\n{text}"
    path.write_text(text, encoding="utf-8")
    return path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=1, help="alternate serial and fleet this many times (best kept)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    p.add_argument("--no-write", action="store_true", help="print the row, do not add it to results.md")
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    data = tmp / "sample"
    subprocess.run([sys.executable, "-m", "analysis", "sample", "--out", str(data)], check=True,
                   stdout=subprocess.DEVNULL)
    sys.path.insert(0, str(ROOT / "src"))
    from analysis.runner import discover_notebooks

    notebooks = discover_notebooks(ROOT / "notebooks")
    branches = ["B01", "B02", "B03"]
    serial_s, fleet_s = [], []
    failed_serial = failed_fleet = 0
    for i in range(args.repeat):
        s, failed_serial = serial(notebooks, branches, data, tmp / f"serial{i}")
        serial_s.append(s)
        print(f"serial loop {i + 1}: {s:.1f} s ({failed_serial} failed)", flush=True)
        f, failed_fleet, log = fleet(data, tmp / f"fleet{i}", args.jobs)
        fleet_s.append(f)
        print(f"fleet run   {i + 1}: {f:.1f} s ({failed_fleet} failed)", flush=True)
        if failed_fleet:
            print("\n".join(line for line in log.splitlines() if "FAILED" in line))
    reports = len(notebooks) * len(branches)
    ratio = min(fleet_s) / min(serial_s)
    revalidate, restore = snapshot_read(tmp / "fleet0", "B01")
    print(f"ratio fleet/serial: {ratio:.2f} (best {min(fleet_s):.1f} s / {min(serial_s):.1f} s, {reports} reports)")
    print(f"one branch's snapshot: load_dataset (validate again) {revalidate:.3f} s, snapshot.load {restore:.3f} s")
    failed = f"{failed_serial} / {failed_fleet}"
    row = (f"| {dt.date.today()} | {machine()} | {commit()} | {reports} | {failed} | {args.jobs} | "
           f"{min(serial_s):.1f} | {min(fleet_s):.1f} | **{ratio:.2f}** | {revalidate:.2f} / {restore:.2f} |")
    if not args.no_write:
        print(f"added to {write_results(row)}")
    print(row)
    if args.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
