"""Time `make report` on the sample data (after installation) and append the result to benchmarks/results.md.

Run: `make benchmark` (or `.venv/bin/python benchmarks/bench_report.py [--repeat N]`).
It measures the wall-clock time of `python -m analysis run` for every notebook × every sample branch,
as `make report` runs it, with the sample data already generated; and, separately, `make_sample(0)`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    data = tmp / "sample"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "sample", "--out", str(data)], check=True,
                   stdout=subprocess.DEVNULL)
    sample_s = time.perf_counter() - t0
    times = []
    for i in range(args.repeat):
        out = tmp / f"out{i}"
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--data", str(data), "--out", str(out),
                               "--jobs", str(args.jobs)], capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            print(proc.stdout, proc.stderr)
            return 1
    runs = proc.stdout.count("[ok")
    shutil.rmtree(tmp, ignore_errors=True)
    line = (f"| {dt.date.today()} | {platform.python_version()} | {os.cpu_count()} | {runs} | {args.jobs} | "
            f"{sample_s:.1f} | {min(times):.1f} | {statistics.median(times):.1f} | {max(times):.1f} |")
    results = ROOT / "benchmarks" / "results.md"
    if not results.exists():
        results.write_text("# `make report` on the sample data\n\n"
                           "Wall-clock seconds of `python -m analysis run` (every notebook × 3 sample branches) after "
                           "installation, and of generating the sample (`python -m analysis sample`).\n\n"
                           "| date | python | cores | reports | jobs | sample s | run min s | run median s | run max s |\n"
                           "|---|---|---|---|---|---|---|---|---|\n", encoding="utf-8")
    with results.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
