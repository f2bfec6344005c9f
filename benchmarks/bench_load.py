"""Load + validate at city scale: ``analysis.io.load_dataset`` beside the same checks in DuckDB, on a shared machine.

Run::

    .venv/bin/python benchmarks/bench_load.py [--sizes 1M] [--repeat 3] [--formats parquet,csv]
                                              [--package-src FOLDER_OR_COMMIT ...] [--write]

The data are :mod:`benchmarks.bench_city`'s (``analysis.sample.city.make_city``, cached in ``--cache``, and
its CSV copy). Each measurement runs in a fresh subprocess, and the engines take turns (package, DuckDB,
package, DuckDB …) so that they share the machine's conditions. Besides the wall-clock seconds it records
the subprocess's CPU seconds (user + system, from ``os.wait4``) and its peak resident memory: on a machine
that other work keeps busy the wall-clock time mostly measures the queue for the cores, the CPU time
measures the work (DuckDB's is spread over its threads). Best of ``--repeat`` for each number.

``--package-src`` may be given several times (a ``src/`` folder, or a commit exported with ``git archive``)
to measure an older version of the package beside the working tree on the same files (e.g. ``HEAD``).
With ``--write`` the table is added to ``benchmarks/results.md`` (its own section, newest first).
No timing is asserted anywhere: this is a measurement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_city  # noqa: E402  (the data and DuckDB's checks are bench_city's)

RESULTS = ROOT / "benchmarks" / "results.md"
START_MARK, END_MARK = "<!-- bench_load:start -->", "<!-- bench_load:end -->"

_PACKAGE = """
import sys, time, json
from analysis.io import load_dataset
t = time.perf_counter()
ds = load_dataset(sys.argv[1])
s = time.perf_counter() - t
print(json.dumps({"s": s, "rows": int(sum(len(v) for v in ds.values())), "problems": int(len(ds.problems))}))
"""
_DUCKDB = """
import sys, time, json
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import duckdb, bench_city
con = duckdb.connect()
con.execute("SET threads = 2")
con.execute("SET enable_progress_bar = false")
t = time.perf_counter()
res = bench_city.duck_load(con, Path(sys.argv[1]), sys.argv[2])
s = time.perf_counter() - t
print(json.dumps({"s": s, "rows": int(res["rows"].sum()), "problems": int(res["problems"].sum())}))
"""


def run_child(code: str, args: list[str], src: Path) -> dict:
    """One subprocess: its own timing (load only), wall and CPU seconds and peak memory of the whole process."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]).rstrip(
        os.pathsep))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    out, err = proc.stdout.read(), proc.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench_load: the measurement failed:\n{err[-2000:]}")
    res = json.loads(out.strip().splitlines()[-1])
    res.update(process_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, peak_gb=usage.ru_maxrss * 1024 / 1e9)
    return res


def best(runs: list[dict], key: str) -> float:
    return min(r[key] for r in runs)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1M", help="group memberships, e.g. 100k,1M,10M")
    p.add_argument("--formats", default="parquet,csv")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "bench-city"))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--package-src", action="append", default=[],
                   help="another version of the package to measure as well: a folder or a commit, optionally "
                        "named (before=/tmp/old/src); repeatable")
    p.add_argument("--no-duckdb", action="store_true")
    p.add_argument("--write", action="store_true", help="add the table to benchmarks/results.md")
    args = p.parse_args(argv)

    cache = Path(args.cache)
    versions = [("working tree", ROOT / "src")]
    for spec in args.package_src:
        name, _, spec = spec.rpartition("=")
        src, label = bench_city.package_src(spec, cache)
        versions.append((name or label, src))
    started = dt.datetime.now()
    load0 = os.getloadavg()[0]
    info = bench_city.machine()
    rows = []
    for size in sorted(bench_city.parse_count(s) for s in args.sizes.split(",")):
        data = bench_city.city_folder(cache, size, args.seed, ROOT / "src")
        if "csv" in args.formats:
            bench_city.csv_folder(data)
        for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
            folder = data if fmt == "parquet" else data.parent / "csv"
            runs: dict[str, list[dict]] = {label: [] for label, _src in versions}
            if not args.no_duckdb:
                runs["DuckDB"] = []
            for i in range(args.repeat):
                for label, src in versions:
                    runs[label].append(run_child(_PACKAGE, [str(folder)],
                                                 src))
                    r = runs[label][-1]
                    print(f"  {bench_city.label(size)} {fmt:<7} {label:<28} {r['s']:7.2f} s  cpu {r['cpu_s']:6.1f} s  "
                          f"peak {r['peak_gb']:.2f} GB  ({r['rows']:,} rows kept, {r['problems']} problems)",
                          flush=True)
                if not args.no_duckdb:
                    runs["DuckDB"].append(run_child(_DUCKDB, [str(folder), fmt, str(ROOT / "benchmarks")],
                                                    ROOT / "src"))
                    r = runs["DuckDB"][-1]
                    print(f"  {bench_city.label(size)} {fmt:<7} {'DuckDB':<28} {r['s']:7.2f} s  cpu {r['cpu_s']:6.1f} s  "
                          f"peak {r['peak_gb']:.2f} GB  ({r['rows']:,} rows kept, {r['problems']} problems)",
                          flush=True)
            duck = runs.get("DuckDB")
            for label, rs in runs.items():
                ratio = "—" if not duck or label == "DuckDB" else \
                    f"{best(rs, 's') / best(duck, 's'):.2f}× / {best(rs, 'cpu_s') / best(duck, 'cpu_s'):.2f}×"
                rows.append([bench_city.label(size), fmt, label, f"{best(rs, 's'):.2f}", f"{best(rs, 'cpu_s'):.1f}",
                             ratio, f"{best(rs, 'peak_gb'):.2f}"])
    head = ["size", "format", "engine", "load + validate s", "CPU s", "ratio to DuckDB (wall / CPU)", "peak GB"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    if args.write:
        load1 = os.getloadavg()[0]
        lines = [f"## {started:%Y-%m-%d %H:%M} — sizes {args.sizes}, best of {args.repeat}", "",
                 f"Machine: {info['nproc']} cores ({info['cpu']}), {info['memory']} RAM, shared with other work "
                 f"(load average {load0:.1f} at the start, {load1:.1f} at the end). Commit {info['commit']}. "
                 f"Python {info['python']}, pandas {info['pandas']}, pyarrow {info['pyarrow']}, DuckDB "
                 f"{info['duckdb']} (2 threads).", "",
                 "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        section = "\n".join(lines) + "\n"
        text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        if START_MARK not in text:
            intro = (f"{START_MARK}\n# Load + validate: the package beside DuckDB (`benchmarks/bench_load.py`)\n\n"
                     "`analysis.io.load_dataset(folder)` (every table read, typed and validated) against "
                     "`bench_city.duck_load` (the same casts and checks in DuckDB SQL), each run in a fresh "
                     "subprocess, the engines taking turns. Seconds: the load itself (wall clock); CPU s: the "
                     "whole subprocess's user + system time; peak GB: its maximum resident set. Newest run "
                     f"first.\n\n{END_MARK}\n")
            marker = "<!-- bench_city:end -->"
            i = text.find(marker)
            text = text[:i + len(marker)] + "\n\n" + intro + text[i + len(marker):] if i >= 0 else intro + "\n" + text
        anchor = "Newest run first.\n"
        i = text.index(anchor, text.index(START_MARK)) + len(anchor)
        RESULTS.write_text(text[:i] + "\n" + section + text[i:], encoding="utf-8")
        print(f"\nwritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
