"""One big branch: the reports of a branch with 2,000 groups and 1 M memberships, within the cell timeouts and 4 GB.

Run::

    .venv/bin/python benchmarks/bench_branch.py [--members 1M] [--groups 2000]
        [--notebooks all | 04_group_tiers,03_lead_followup,...] [--languages zh,en]
        [--timeout 600] [--no-write]

Issue 10 asks that every notebook completes for a branch with 2,000 groups and 1,000,000 group
memberships within its cell timeouts and 4 GB. This script makes such a branch and runs the notebooks
on it the way a scheduled run does (papermill, a fresh kernel, ``--execution-timeout`` per cell):

1. the city of ``--members`` memberships is generated once with :func:`analysis.sample.city.make_city`
   (cached in ``--cache``, default ``$TMPDIR/bench-branch``; the folder's name carries a fingerprint of
   the contract, as ``bench_city.py`` does, and one of the generator's source);
2. the whole city is folded into ONE branch (the first ``branch_id``) with ``--groups`` WeChat groups:
   every ``branch_id`` that refers to ``branches`` becomes that branch (tables whose key contains
   ``branch_id`` keep only that branch's rows, so that no key repeats), the groups in ``group_id``
   order are merged in blocks of consecutive groups (the generator writes them branch by branch and
   tier by tier; a block keeps the id, branch, tier and owner of its first group, the earliest
   creation and the latest dissolution — none if one of them is still open), and every column that
   refers to ``wechat_groups`` is mapped the same way. All the city's events, leads and check-ins
   become the branch's: a branch far bigger than a real one on every table, not only on the groups;
3. each notebook × language runs in a subprocess ``python -m papermill`` (cwd ``notebooks/``,
   parameters ``data`` and ``branch_id``). Recorded: wall-clock seconds, the slowest cell (seconds
   and its first line, from papermill's per-cell durations), the peak resident memory of the
   notebook's process tree (the kernel included; sampled every 0.1 s with psutil, and ``ru_maxrss``
   from ``os.wait4``, which counts the reaped kernel), and whether it completed.

Results go to ``benchmarks/results.md`` between the ``bench_branch`` markers, newest run first, with
the date, the machine and its load average (the machine is shared: times are noisy). No test asserts a
time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_city import label, parse_count  # noqa: E402
NOTEBOOKS = ROOT / "notebooks"
RESULTS = ROOT / "benchmarks" / "results.md"
START_MARK, END_MARK = "<!-- bench_branch:start -->", "<!-- bench_branch:end -->"
DEFAULT_NOTEBOOKS = "all"  # every notebooks/*.ipynb, in name order


def machine() -> dict:
    cpu, mem = "unknown", "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
        mem = f"{kb / 1024 ** 2:.1f} GiB"
    except (OSError, StopIteration):
        pass

    def git(*a):
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    dirty = git("status", "--porcelain", "--", "src", "notebooks")
    import pandas as pd

    return {"cores": str(os.cpu_count()), "memory": mem, "cpu": cpu,
            "commit": (git("rev-parse", "--short", "HEAD") or "unknown") + (" + uncommitted changes" if dirty else ""),
            "python": sys.version.split()[0], "pandas": pd.__version__}


def load_average() -> str:
    return f"{os.getloadavg()[0]:.1f}"


# ---------------------------------------------------------------------------
# the data: the city, folded into one branch
# ---------------------------------------------------------------------------


def contract_fingerprint() -> str:
    import hashlib

    sys.path.insert(0, str(ROOT / "src"))
    from analysis.schemas import TABLES

    spec = [[n, [[c.name, c.kind, c.nullable, list(c.allowed or ())] for c in t.columns]] for n, t in TABLES.items()]
    return hashlib.sha1(json.dumps(spec).encode()).hexdigest()[:8]


def generator_fingerprint() -> str:
    """A hash of the city generator's source: a changed generator makes a new city, not a stale cached one."""
    import hashlib

    src = ROOT / "src" / "analysis" / "sample"
    files = [src / "city.py", src / "city_arrays.py"] if (src / "city.py").exists() else \
        [ROOT / "src" / "analysis" / "sample_city.py"]
    return hashlib.sha1(b"".join(f.read_bytes() for f in files if f.exists())).hexdigest()[:8]


def city_folder(cache: Path, members: int, seed: int) -> Path:
    """The Parquet folder of the generated city (made once with make_city, then reused)."""
    folder = (cache / f"city-{label(members)}-seed{seed}-contract{contract_fingerprint()}-gen{generator_fingerprint()}"
              / "parquet")
    meta = folder / ".city.json"
    if meta.exists():
        m = json.loads(meta.read_text(encoding="utf-8"))
        if m.get("members") == members and m.get("seed") == seed:
            return folder
    sys.path.insert(0, str(ROOT / "src"))
    from analysis.sample.city import make_city

    t0 = time.perf_counter()
    make_city(folder, seed=seed, members=members)
    print(f"  generated the {label(members)} city in {time.perf_counter() - t0:.0f} s", flush=True)
    return folder


def branch_folder(cache: Path, members: int, n_groups: int, seed: int) -> tuple[Path, str, dict]:
    """The city folded into one branch with ``n_groups`` groups (written once): folder, branch_id, rows."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from analysis.schemas import TABLES

    base = city_folder(cache, members, seed)
    folder = base.parent.parent / f"{base.parent.name}-branch-{n_groups}groups" / "parquet"
    meta = folder / ".branch.json"
    if meta.exists():
        m = json.loads(meta.read_text(encoding="utf-8"))
        return folder, m["branch_id"], m["rows"]
    folder.mkdir(parents=True, exist_ok=True)
    branches = pq.read_table(base / "branches.parquet")
    branch = sorted(branches["branch_id"].to_pylist())[0]

    # the groups, folded: blocks of consecutive groups in group_id order
    g = pq.read_table(base / "wechat_groups.parquet").to_pandas()
    g = g.sort_values("group_id", kind="stable").reset_index(drop=True)
    block = int(np.ceil(len(g) / n_groups))
    lead = np.arange(len(g)) // block
    first = g.groupby(lead, sort=True).head(1).reset_index(drop=True)
    created = g.groupby(lead, sort=True)["created_at"].min().to_numpy()
    open_ = g["dissolved_at"].isna().groupby(lead, sort=True).any().to_numpy()
    dissolved = g.groupby(lead, sort=True)["dissolved_at"].max().to_numpy()
    folded = first.assign(created_at=created, dissolved_at=np.where(open_, np.datetime64("NaT"), dissolved))
    folded["dissolved_at"] = folded["dissolved_at"].astype(g["dissolved_at"].dtype)
    old_ids = pa.array(g["group_id"].astype(str).tolist(), type=pa.string())
    new_ids = pa.array(first["group_id"].astype(str).to_numpy()[lead].tolist(), type=pa.string())

    def remap_groups(col):
        col = col.cast(pa.string())
        at = pc.index_in(col, value_set=old_ids)
        return pc.if_else(pc.is_null(at), col, new_ids.take(pc.fill_null(at, 0)))

    rows = {}
    for path in sorted(base.glob("*.parquet")):
        name = path.stem
        schema = TABLES.get(name)
        if name == "branches":
            t = branches.filter(pc.equal(branches["branch_id"], branch))
        elif name == "wechat_groups":
            t = pa.Table.from_pandas(folded, preserve_index=False)
        else:
            t = pq.read_table(path)
        if schema is not None and name != "branches":
            for fk in schema.foreign_keys:
                if fk.column not in t.column_names:
                    continue
                i = t.column_names.index(fk.column)
                if fk.ref_table == "branches":
                    if "branch_id" in (schema.key or ()):  # one row per branch and …: keep that branch's rows
                        t = t.filter(pc.fill_null(pc.equal(t[fk.column], branch), False))
                    else:
                        col = t[fk.column]
                        t = t.set_column(i, fk.column, pc.if_else(pc.is_null(col), col, pa.scalar(branch,
                                                                                                   col.type)))
                elif fk.ref_table == "wechat_groups" and name != "wechat_groups":
                    t = t.set_column(i, fk.column, remap_groups(t[fk.column]))
        pq.write_table(t, folder / path.name)
        rows[name] = t.num_rows
    meta.write_text(json.dumps({"branch_id": branch, "groups": n_groups, "members": members, "seed": seed,
                                "rows": rows}, indent=1) + "\n", encoding="utf-8")
    print(f"  folded into branch {branch} with {rows.get('wechat_groups')} groups and "
          f"{rows.get('group_members'):,} memberships", flush=True)
    return folder, branch, rows


# ---------------------------------------------------------------------------
# one notebook
# ---------------------------------------------------------------------------


def run_notebook(name: str, language: str, data: Path, branch: str, timeout: int, out_dir: Path) -> dict:
    """papermill in a subprocess; wall time, slowest cell, peak memory of the process tree, status."""
    import psutil

    src = NOTEBOOKS / f"{name}.ipynb"
    out = out_dir / f"{name}.{language}.ipynb"
    cmd = [sys.executable, "-m", "papermill", str(src), str(out), "-p", "data", str(data), "-p", "branch_id", branch,
           "-p", "language", language, "-p", "output_dir", str(out_dir), "--execution-timeout", str(timeout),
           "--cwd", str(NOTEBOOKS), "--no-progress-bar"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=NOTEBOOKS)
    peak = [0]
    done = threading.Event()

    def sample():
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss = 0
                for p in procs:
                    try:
                        rss = max(rss, p.memory_info().rss)  # the largest process: the kernel
                    except psutil.Error:
                        pass
                peak[0] = max(peak[0], rss)
            except psutil.Error:
                pass
            done.wait(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    log = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    done.set()
    th.join()
    sec = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    res = {"notebook": name, "language": language, "seconds": sec, "ok": code == 0, "peak": peak[0],
           "maxrss": usage.ru_maxrss * 1024, "slowest": None, "slowest_s": None, "error": None}
    try:
        nb = json.loads(out.read_text(encoding="utf-8"))
        cells = [(c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0, "".join(c.get("source", "")), i)
                 for i, c in enumerate(nb["cells"]) if c.get("cell_type") == "code"]
        if cells:
            s, text, at = max(cells, key=lambda x: x[0])
            lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
            plain = [ln for ln in lines if not ln.startswith(("%", "from ", "import "))]
            assigned = [ln for ln in plain if " = " in ln.split("(", 1)[0]]  # the cell's first result, else call
            first = (assigned or plain or lines or [""])[0]
            res.update(slowest_s=float(s), slowest=f"cell {at}: {first.strip()[:70]}")
        errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            res["error"] = f"{errors[0].get('ename')}: {errors[0].get('evalue', '')}"[:300]
    except (OSError, ValueError):
        pass
    (out_dir / f"{name}.{language}.log").write_text(log, encoding="utf-8")
    if code != 0 and not res["error"]:  # e.g. a dead kernel: papermill's message, not its separator lines
        said = [ln.strip() for ln in log.splitlines() if ln.strip() and set(ln.strip()) - set("-=")]
        errs = [ln for ln in said if "Error" in ln or "rror:" in ln or "Killed" in ln or "died" in ln]
        res["error"] = ((errs or said or [f"exit code {code}"])[-1])[:300]
    if code < 0:
        res["error"] = f"killed by signal {-code}; " + (res["error"] or "")
    return res


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------

HEAD = ["notebook", "language", "completed", "seconds", "slowest cell s", "slowest cell", "peak GB (kernel)",
        "ru_maxrss GB"]


def row_of(r: dict) -> list[str]:
    return [r["notebook"], r["language"], "yes" if r["ok"] else f"no: {r['error']}", f"{r['seconds']:.1f}",
            "—" if r["slowest_s"] is None else f"{r['slowest_s']:.1f}",
            "—" if not r["slowest"] else r["slowest"].replace("|", "/").replace(": ", ": `", 1) + "`",
            f"{r['peak'] / 1e9:.2f}",
            f"{r['maxrss'] / 1e9:.2f}"]


def write_results(section: str) -> None:
    """Add a run at the top of the bench_branch section of results.md (created at the end of the file)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if START_MARK not in text:
        intro = (f"{START_MARK}\n# One big branch: notebooks on 2,000 groups and 1 M memberships "
                 "(`benchmarks/bench_branch.py`)\n\nThe whole city of `--members` memberships folded into one "
                 "branch with `--groups` groups (see the script's docstring), each notebook run by papermill "
                 "in a fresh kernel with the cell timeout of scheduled runs. Peak GB: the largest process of "
                 "the notebook's tree (the kernel), sampled every 0.1 s; ru_maxrss: from `os.wait4` (the "
                 "papermill process and the kernel it reaped). Newest run first.\n\n" + END_MARK + "\n")
        text = text.rstrip("\n") + "\n\n" + intro
    anchor = "Newest run first.\n"
    i = text.index(anchor, text.index(START_MARK)) + len(anchor)
    RESULTS.write_text(text[:i] + "\n" + section + text[i:], encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="See the module docstring for what is measured.")
    ap.add_argument("--members", default="1M", help="group memberships of the branch (the city generated)")
    ap.add_argument("--groups", type=int, default=2000, help="WeChat groups of the branch")
    ap.add_argument("--notebooks", default=DEFAULT_NOTEBOOKS, help="comma-separated notebook names, or all")
    ap.add_argument("--languages", default="zh", help="comma-separated: zh, en")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell (papermill --execution-timeout)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "bench-branch"))
    ap.add_argument("--no-write", action="store_true", help="print only; do not add to benchmarks/results.md")
    args = ap.parse_args(argv)
    started = dt.datetime.now()
    load0 = load_average()
    info = machine()
    members = parse_count(args.members)
    print(f"bench_branch {started:%Y-%m-%d %H:%M}, commit {info['commit']}, {info['cores']} cores, load {load0}",
          flush=True)
    data, branch, rows = branch_folder(Path(args.cache), members, args.groups, args.seed)
    out_dir = Path(tempfile.mkdtemp(prefix="bench-branch-out-"))
    results = []
    names = ([p.stem for p in sorted(NOTEBOOKS.glob("*.ipynb"))] if args.notebooks.strip() == "all"
             else [n.strip().removesuffix(".ipynb") for n in args.notebooks.split(",") if n.strip()])
    for name in names:
        for lang in [x.strip() for x in args.languages.split(",") if x.strip()]:
            r = run_notebook(name, lang, data, branch, args.timeout, out_dir)
            results.append(r)
            print("  " + " | ".join(row_of(r)), flush=True)
    load1 = load_average()
    sizes = ", ".join(f"{rows[t]:,} {t}" for t in ("wechat_groups", "group_members", "group_messages", "leads",
                                                   "events", "attendance", "survey_answers") if t in rows)
    lines = [f"## {started:%Y-%m-%d %H:%M} — branch {branch}: {sizes}", "",
             f"Machine: {info['cores']} cores ({info['cpu']}), {info['memory']} RAM, shared with other work (load "
             f"average {load0} at the start, {load1} at the end). Commit {info['commit']}. Python {info['python']}, "
             f"pandas {info['pandas']}. Cell timeout {args.timeout} s. Outputs in `{out_dir}`.", "",
             "| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(row_of(r)) + " |" for r in results]
    ok = all(r["ok"] for r in results)
    worst = max((r["peak"] for r in results), default=0)
    lines += ["", f"Every notebook completed: {'yes' if ok else 'no'}; largest peak {worst / 1e9:.2f} GB "
              f"({'within' if worst <= 4e9 else 'above'} 4 GB)."]
    section = "\n".join(lines) + "\n"
    print()
    print(section)
    if not args.no_write:
        write_results(section)
        print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
