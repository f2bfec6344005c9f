"""Groups domain at city scale: group health, the tier funnel and the content calendar, beside DuckDB SQL.

Run::

    .venv/bin/python benchmarks/bench_groups.py [--sizes 100k,1M] [--repeat 3]
        [--steps group_health,tier_funnel,content_calendar] [--folded 1M:2000]
        [--baseline REV --baseline-sizes 100k] [--calendar-groups 50,100,200,400,2000]

For each size (rows of ``group_members``) the city is generated once with
:func:`analysis.sample.city.make_city` (cached in ``--cache``, default ``$TMPDIR/bench-groups``). Every
measurement runs in a fresh subprocess: the inputs are loaded first with ``analysis.io.load_dataset``
(not timed), then the step runs ``--repeat`` times (best time kept). Peak memory is the subprocess's
peak resident set size *during the step* (``VmHWM`` after resetting it through ``/proc/self/clear_refs``
once the inputs are loaded — so it includes the inputs held in memory, not the loader's transient peak),
and the whole process's peak (``ru_maxrss``) is reported too.

Steps (package ↔ DuckDB SQL with the same definitions, from the functions' docstrings):

- ``group_health``: ``groups.group_health(wechat_groups=…, group_members=…, group_messages=…)``, weeks,
  every group ↔ SQL over the Parquet files (reading included): spells clipped to each group's life
  and ``as_of``, one person's spells in a group merged, cut into weeks (no member × day rows either).
- ``tier_funnel``: ``groups.tier_funnel(…, by="branch_id")`` ↔ SQL: first mass join → first potential
  join at or after it → first elite join at or after that → first deal within 3 days of a qualifying
  elite join.
- ``content_calendar``: ``groups.content_calendar(groups.calendar_data(…))`` on every group (the
  weekday and SOP count models with group fixed effects, Poisson and negative binomial); no SQL.
- ``calendar_model@N``: only the count models (``content_calendar``) on the calendar of the first
  ``N`` groups with messages of the 100 k city (``--calendar-groups``): the growth with the number of
  groups (the issue measured 2.4 / 11.5 / 52.6 / 348 s for 50 / 100 / 200 / 400 groups before).

``--baseline REV`` measures the package steps again with ``src/`` of a commit (``git archive``) on the
``PYTHONPATH``, at ``--baseline-sizes`` only (the old group health needs about 10 GB at 1 M). On the
smallest size the package's and DuckDB's answers are compared number by number. Results go to
``benchmarks/results.md`` between the ``bench_groups`` markers (with date, machine and commit), unless
``--no-write``. No test asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_city import _pq, label, parse_count, sql_tier_funnel  # noqa: E402  (one definition, checked there)
RESULTS = ROOT / "benchmarks" / "results.md"
MARK = "@@BENCH "
START_MARK, END_MARK = "<!-- bench_groups:start -->", "<!-- bench_groups:end -->"
Z95 = 1.959963984540054  # the package's z at level 0.95
TABLES = ["wechat_groups", "group_members", "group_messages", "deals"]
HEALTH_COLS = ["members", "joins", "leaves", "active_members", "active_share", "ci_low", "ci_high", "messages",
               "member_days", "messages_per_member_day", "days_since_last_message"]
FUNNEL_COLS = ["people", "step_rate", "step_ci_low", "step_ci_high", "overall_rate", "overall_ci_low",
               "overall_ci_high"]


# ---------------------------------------------------------------------------
# machine and data
# ---------------------------------------------------------------------------


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

    dirty = git("status", "--porcelain", "--", "src", "benchmarks/bench_groups.py")
    import duckdb
    import numpy as np
    import pandas as pd

    return {"cores": str(os.cpu_count()), "memory": mem, "cpu": cpu,
            "commit": (git("rev-parse", "--short", "HEAD") or "unknown") + (" + uncommitted changes" if dirty else ""),
            "python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__,
            "duckdb": duckdb.__version__, "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def city_folder(cache: Path, members: int, seed: int = 0) -> Path:
    """The Parquet folder of a generated city (made once with make_city, then reused)."""
    folder = cache / f"city-{label(members)}-seed{seed}" / "parquet"
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


def folded_folder(cache: Path, members: int, n_groups: int, seed: int = 0) -> Path:
    """The city of ``members`` memberships with its groups folded into ``n_groups`` (written once).

    Groups in ``group_id`` order are merged in blocks of consecutive groups (the generator writes them
    branch by branch and tier by tier), each block taking the id, branch, tier and times of its first
    group; every group id of the other tables is mapped the same way. The other tables are linked.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    base = city_folder(cache, members, seed)
    folder = cache / f"city-{label(members)}-seed{seed}-{n_groups}groups" / "parquet"
    meta = folder / ".city.json"
    if meta.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    groups = pq.read_table(base / "wechat_groups.parquet")
    ids = pc.sort_indices(groups["group_id"])
    ordered = groups.take(ids)
    block = int(np.ceil(ordered.num_rows / n_groups))
    lead = np.arange(ordered.num_rows) // block * block
    new_id = ordered["group_id"].take(pa.array(lead))

    def remap(col):
        at = pc.index_in(col, value_set=ordered["group_id"].combine_chunks())
        return pc.if_else(pc.is_null(at), col, new_id.take(pc.fill_null(at, 0)))

    pq.write_table(ordered.take(pa.array(np.unique(lead))), folder / "wechat_groups.parquet")
    for name in ("group_members", "group_messages", "deals"):
        t = pq.read_table(base / f"{name}.parquet")
        for c in ("group_id", "from_group_id"):
            if c in t.column_names:
                t = t.set_column(t.column_names.index(c), c, remap(t[c]))
        pq.write_table(t, folder / f"{name}.parquet")
    for f in base.glob("*.parquet"):
        if not (folder / f.name).exists():
            (folder / f.name).symlink_to(f.resolve())
    info = json.loads((base / ".city.json").read_text(encoding="utf-8"))
    meta.write_text(json.dumps({**info, "folded_groups": n_groups}, indent=1) + "\n", encoding="utf-8")
    return folder


def load_inputs(folder: Path) -> dict:
    """The groups tables as the package reads them (``load_dataset``: typed and validated)."""
    from analysis.io import load_dataset
    from analysis.schemas import TABLES as SCHEMA

    required = [n for n, t in SCHEMA.items() if t.required]  # load_dataset refuses a data set without them
    ds = load_dataset(folder, tables=list(dict.fromkeys(required + TABLES)))
    return {n: ds[n] for n in TABLES}


# ---------------------------------------------------------------------------
# DuckDB: the same definitions in SQL
# ---------------------------------------------------------------------------

_MACROS = f"""
CREATE OR REPLACE MACRO wilson_low(x, n) AS CASE WHEN n = 0 THEN NULL WHEN x = 0 THEN 0.0 ELSE
  (x::DOUBLE / n + {Z95}^2 / (2 * n) - {Z95} * sqrt((x::DOUBLE / n) * (1 - x::DOUBLE / n) / n + {Z95}^2 / (4 * n * n)))
  / (1 + {Z95}^2 / n) END;
CREATE OR REPLACE MACRO wilson_high(x, n) AS CASE WHEN n = 0 THEN NULL WHEN x = n THEN 1.0 ELSE
  (x::DOUBLE / n + {Z95}^2 / (2 * n) + {Z95} * sqrt((x::DOUBLE / n) * (1 - x::DOUBLE / n) / n + {Z95}^2 / (4 * n * n)))
  / (1 + {Z95}^2 / n) END;
CREATE OR REPLACE MACRO rate(x, n) AS CASE WHEN n = 0 THEN NULL ELSE x::DOUBLE / n END;
CREATE OR REPLACE MACRO dayno(ts) AS CAST(ts AS DATE) - DATE '1970-01-01';
CREATE OR REPLACE MACRO wk(d) AS d - ((d + 3) % 7);
"""


def sql_group_health(f: Path) -> str:
    return f"""
WITH g0 AS (SELECT group_id, branch_id, CAST(tier AS VARCHAR) AS tier, owner_staff_id, created_at, dissolved_at
            FROM {_pq(f, 'wechat_groups')}),
m0 AS (SELECT group_id, person_id, joined_at, left_at FROM {_pq(f, 'group_members')}),
x0 AS (SELECT group_id, person_id, sent_at, coalesce(messages, 1) AS messages FROM {_pq(f, 'group_messages')}),
now_ AS (SELECT max(t) AS t FROM (SELECT max(created_at) AS t FROM g0 UNION ALL SELECT max(dissolved_at) FROM g0
         UNION ALL SELECT max(joined_at) FROM m0 UNION ALL SELECT max(left_at) FROM m0
         UNION ALL SELECT max(sent_at) FROM x0)),
g AS (SELECT g0.*, dayno(created_at) AS start_day,
             CASE WHEN dissolved_at <= now_.t THEN dissolved_at END AS diss,
             dayno(CASE WHEN dissolved_at <= now_.t THEN dissolved_at ELSE now_.t END) AS end_day
      FROM g0, now_ WHERE created_at <= now_.t),
sp AS (SELECT m.group_id, m.person_id, m.joined_at, m.left_at, g.start_day, g.diss,
              greatest(dayno(m.joined_at), g.start_day) AS s,
              dayno(coalesce(least(CASE WHEN m.left_at <= now_.t THEN m.left_at END, g.diss), now_.t)) AS e
       FROM m0 m JOIN g USING (group_id), now_ WHERE m.joined_at <= now_.t),
ok AS (SELECT group_id, person_id, s, e FROM sp WHERE e >= s),
multi AS (SELECT group_id, person_id FROM ok GROUP BY group_id, person_id HAVING count(*) > 1),
merged AS (
  SELECT group_id, person_id, s, e FROM ok ANTI JOIN multi USING (group_id, person_id)
  UNION ALL
  SELECT group_id, person_id, min(s), max(e) FROM (
    SELECT *, sum(CASE WHEN s <= prev_e THEN 0 ELSE 1 END)
                OVER (PARTITION BY group_id, person_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
    FROM (SELECT o.*, max(e) OVER (PARTITION BY group_id, person_id ORDER BY s, e
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_e
          FROM ok o SEMI JOIN multi USING (group_id, person_id)))
  GROUP BY group_id, person_id, island),
mw AS (SELECT group_id, person_id, w, least(e, w + 6) - greatest(s, w) + 1 AS days
       FROM (SELECT group_id, person_id, s, e, unnest(range(wk(s), e + 1, 7)) AS w FROM merged)),
mwp AS (SELECT group_id, w, person_id, sum(days) AS days FROM mw GROUP BY ALL),
mem AS (SELECT group_id, w, count(*) AS members, sum(days) AS member_days FROM mwp GROUP BY ALL),
msg AS (SELECT x.group_id, x.person_id, x.messages, dayno(x.sent_at) AS day
        FROM x0 x JOIN g USING (group_id), now_
        WHERE x.sent_at <= now_.t AND dayno(x.sent_at) BETWEEN g.start_day AND g.end_day),
cnt AS (SELECT group_id, wk(day) AS w, sum(messages) AS messages, max(day) AS last_msg_day FROM msg GROUP BY ALL),
posted AS (SELECT DISTINCT group_id, wk(day) AS w, person_id FROM msg WHERE messages > 0 AND person_id IS NOT NULL),
act AS (SELECT group_id, w, count(*) AS active_members FROM posted SEMI JOIN mwp USING (group_id, w, person_id)
        GROUP BY ALL),
joins AS (SELECT group_id, wk(s) AS w, count(*) AS joins FROM sp GROUP BY ALL),
leaves AS (SELECT group_id, wk(dayno(left_at)) AS w, count(*) AS leaves FROM sp, now_
           WHERE left_at IS NOT NULL AND left_at <= now_.t AND (diss IS NULL OR left_at <= diss) GROUP BY ALL),
grid AS (SELECT group_id, w, least(end_day, w + 6) AS last_day
         FROM (SELECT group_id, end_day, unnest(range(wk(start_day), end_day + 1, 7)) AS w FROM g
               WHERE end_day >= start_day)),
out AS (SELECT grid.group_id, grid.w, grid.last_day, coalesce(mem.members, 0) AS members,
               coalesce(joins.joins, 0) AS joins, coalesce(leaves.leaves, 0) AS leaves,
               coalesce(act.active_members, 0) AS active_members, coalesce(cnt.messages, 0) AS messages,
               coalesce(mem.member_days, 0) AS member_days, cnt.last_msg_day
        FROM grid LEFT JOIN mem USING (group_id, w) LEFT JOIN act USING (group_id, w)
             LEFT JOIN cnt USING (group_id, w) LEFT JOIN joins USING (group_id, w)
             LEFT JOIN leaves USING (group_id, w))
SELECT o.group_id, g.branch_id, g.tier, g.owner_staff_id,
       CAST(DATE '1970-01-01' + CAST(o.w AS INTEGER) AS TIMESTAMP) AS period,
       o.members, o.joins, o.leaves, o.active_members, rate(o.active_members, o.members) AS active_share,
       wilson_low(o.active_members, o.members) AS ci_low, wilson_high(o.active_members, o.members) AS ci_high,
       o.messages, o.member_days,
       CASE WHEN o.member_days > 0 THEN o.messages::DOUBLE / o.member_days END AS messages_per_member_day,
       (o.last_day - last_value(o.last_msg_day IGNORE NULLS)
            OVER (PARTITION BY o.group_id ORDER BY o.w ROWS UNBOUNDED PRECEDING))::DOUBLE AS days_since_last_message
FROM out o JOIN g USING (group_id)
ORDER BY o.group_id, o.w
"""


SQL = {"group_health": sql_group_health, "tier_funnel": sql_tier_funnel}


# ---------------------------------------------------------------------------
# the child: one measurement
# ---------------------------------------------------------------------------


def _hwm_reset() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _hwm() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def child(args) -> int:
    def say(**kw):
        print(MARK + json.dumps(kw), flush=True)

    data = Path(args.data)
    try:
        t0 = time.perf_counter()
        if args.engine == "duckdb":
            import duckdb

            con = duckdb.connect()
            con.execute(f"SET threads = {os.cpu_count() or 2}")
            con.execute("SET enable_progress_bar = false")
            con.execute(f"SET memory_limit = '{args.duckdb_mem}'")
            con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/bench-groups-duckdb-{os.getpid()}'")
            con.execute(_MACROS)
            sql = SQL[args.step](data)

            def run():
                return con.execute(sql).df()
            path = f"DuckDB {duckdb.__version__}"
        else:
            from analysis import groups as grp

            path = grp.__file__
            step = args.step
            if step.startswith("calendar_model@"):
                n_groups = int(step.split("@", 1)[1])
                inputs = load_inputs(data)
                cal = grp.calendar_data(wechat_groups=inputs["wechat_groups"], group_members=inputs["group_members"],
                                        group_messages=inputs["group_messages"])
                active = cal.groupby("group_id", sort=True)["messages"].sum()
                keep = active[active > 0].index[:n_groups]
                cal = cal[cal["group_id"].isin(keep)].reset_index(drop=True)
                del inputs
                say(event="note", text=f"{cal['group_id'].nunique()} groups, {len(cal)} calendar rows")

                def run():
                    return grp.content_calendar(cal)
            else:
                ds = load_inputs(data)
                g, m, x, d = (ds[n] for n in TABLES)
                if step == "group_health":
                    def run():
                        return grp.group_health(wechat_groups=g, group_members=m, group_messages=x)
                elif step == "tier_funnel":
                    def run():
                        return grp.tier_funnel(wechat_groups=g, group_members=m, deals=d, by="branch_id")
                elif step == "content_calendar":
                    def run():
                        return grp.content_calendar(grp.calendar_data(wechat_groups=g, group_members=m,
                                                                      group_messages=x))
                else:
                    raise SystemExit(f"unknown step {step}")
        gc.collect()
        say(event="ready", setup_s=time.perf_counter() - t0, rss=_rss(), path=path)
        reset = _hwm_reset()
        result = None
        for i in range(args.repeat):
            t1, c1 = time.perf_counter(), time.process_time()
            result = run()
            sec = time.perf_counter() - t1
            say(event="rep", i=i, s=sec, cpu=time.process_time() - c1)
            if i < args.repeat - 1:
                if sec > args.long:
                    say(event="note", text=f"best of {i + 1}: one run took {sec:.0f} s")
                    break
                result = None
                gc.collect()
        if args.save and result is not None:
            result.to_parquet(args.save, index=False)
        say(event="done", step_peak=_hwm() if reset else None,
            maxrss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        return 0
    except BaseException as exc:  # noqa: BLE001 - a failure is a result of the measurement
        text = f"{type(exc).__name__}: {exc}"
        say(event="error", oom=isinstance(exc, MemoryError) or "alloc" in text.lower(), text=text[:400])
        return 3


# ---------------------------------------------------------------------------
# the parent
# ---------------------------------------------------------------------------


def baseline_src(rev: str, cache: Path) -> tuple[Path, str]:
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    dest = cache / f"src-{sha}"
    if not (dest / "src" / "analysis" / "__init__.py").exists():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "src"], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src", sha


def measure(step: str, engine: str, data: Path, args, src: Path, save: Path | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", "--step", step, "--engine", engine, "--data", str(data),
           "--repeat", str(args.repeat), "--long", str(args.long), "--duckdb-mem", args.duckdb_mem]
    if save:
        cmd += ["--save", str(save)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]).rstrip(
        os.pathsep))
    res = {"step": step, "engine": engine, "reps": [], "cpus": [], "notes": []}
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, env=env, cwd=ROOT)
        out, err, rc = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as exc:
        out, err, rc = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or ""), "", -9
        res["timeout"] = True
    res["wall"] = time.perf_counter() - t0
    for line in out.splitlines():
        if not line.startswith(MARK):
            continue
        ev = json.loads(line[len(MARK):])
        kind = ev.pop("event")
        if kind == "rep":
            res["reps"].append(ev["s"])
            res["cpus"].append(ev["cpu"])
        elif kind == "note":
            res["notes"].append(ev["text"])
        elif kind == "parts":
            res["parts"] = ev["parts"]
        else:
            res.update(ev)
    if rc not in (0, 3) and not res.get("timeout"):
        res["error"] = f"exit {rc}: " + (err.strip().splitlines() or ["(no message)"])[-1][:300]
        if rc in (-9, 137):
            res["oom"] = True
    elif rc == 3:
        res["error"] = res.get("text", "failed")
    res["best"] = min(res["reps"]) if res["reps"] else None
    res["cpu"] = min(res["cpus"]) if res["cpus"] else None
    return res


def compare(step: str, a_path: Path, b_path: Path) -> str:
    """Package vs DuckDB answers, number by number."""
    import numpy as np
    import pandas as pd

    a, b = pd.read_parquet(a_path), pd.read_parquet(b_path)
    keys, cols = (["group_id", "period"], HEALTH_COLS) if step == "group_health" else (["branch_id", "step"],
                                                                                        FUNNEL_COLS)
    for df in (a, b):
        for k in keys:
            df[k] = df[k].astype("datetime64[ns]").astype(str) if k == "period" else df[k].astype(str)
    m = a.merge(b, on=keys, how="outer", suffixes=("_pkg", "_sql"), indicator=True)
    if (m["_merge"] != "both").any():
        return f"rows differ: {int((m['_merge'] != 'both').sum())} of {len(m)}"
    for c in cols:
        x, y = m[f"{c}_pkg"].to_numpy(dtype=float), m[f"{c}_sql"].to_numpy(dtype=float)
        ok = (np.isnan(x) & np.isnan(y)) | np.isclose(x, y, rtol=1e-9, atol=1e-12)
        if not ok.all():
            return f"{c} differs in {int((~ok).sum())} of {len(m)} rows"
    return f"same {len(m)} rows, {len(cols)} columns"


def fmt_s(r) -> str:
    if r is None:
        return "—"
    if r.get("timeout"):
        return "timeout"
    if r.get("error"):
        return "out of memory" if r.get("oom") else "error"
    if r["best"] is None:
        return "—"
    return f"{r['best']:.2f} ({r['cpu']:.2f})" if r.get("cpu") is not None else f"{r['best']:.2f}"


def fmt_gb(r, key="step_peak") -> str:
    if r is None or r.get(key) is None:
        return "—"
    return f"{r[key] / 1e9:.2f}"


def write_markdown(rows, info, args, checks, started) -> None:
    lines = [f"## {started:%Y-%m-%d %H:%M} — sizes {args.sizes}, best of {args.repeat}", "",
             f"Commit {info['commit']}; {info['cpu']}, {info['cores']} cores, "
             f"{info['memory']}; Python {info['python']}, numpy {info['numpy']}, pandas {info['pandas']}, "
             f"DuckDB {info['duckdb']}; load average at start {info['load']} (a shared machine: times are noisy, "
             "ratios are of the same run; CPU seconds of the process in brackets). Best of "
             f"{args.repeat}; each measurement in a fresh process. Package seconds: the call on tables already "
             "loaded by `load_dataset`; DuckDB seconds: the SQL over the Parquet files, reading included. Peak "
             "GB: the process's peak resident memory during the step (inputs in memory included).", "",
             "| step | memberships | package s | package peak GB | DuckDB s | DuckDB peak GB | ratio | "
             f"before s{' (' + args.baseline + ')' if args.baseline else ''} | before peak GB |",
             "|---|---|---|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    if checks:
        lines += ["", "Package vs DuckDB on the smallest size: " + "; ".join(checks) + "."]
    if args.folded:
        lines += ["", f"`{args.folded}`: the {args.folded.split(':')[0]} city with its groups folded into "
                  f"{args.folded.split(':')[1]} (consecutive groups merged, so about "
                  f"{parse_count(args.folded.split(':')[0]) // int(args.folded.split(':')[1])} memberships per "
                  "group): one branch of the size notebook 04 must handle."]
    if args.calendar_groups:
        lines += ["", "`content_calendar, N groups`: the count models alone on the calendar of the first N groups with "
                  "messages of the 100k city; issue 10 measured 2.4 / 11.5 / 52.6 / 348 s (0.4 / 0.8 / 2.6 / 8.4 GB) "
                  "for 50 / 100 / 200 / 400 groups with one dense column per group (time growing with the 2.4th "
                  "power of the groups)."]
    block = "\n".join(lines) + "\n"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    anchor = "Newest run first.\n"
    if START_MARK not in text or END_MARK not in text:  # the section, at the end of the file
        text = (text.rstrip("\n") + "\n\n" + START_MARK + "\n# Groups domain at city scale "
                "(`benchmarks/bench_groups.py`)\n\nGroup health, the tier funnel and the content calendar "
                "beside DuckDB SQL, and the content calendar's count models by the number of groups. "
                + anchor + "\n" + END_MARK + "\n")
    i = text.index(anchor, text.index(START_MARK)) + len(anchor)  # a new run goes first
    RESULTS.write_text(text[:i] + "\n" + block + text[i:], encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100k,1M")
    ap.add_argument("--steps", default="group_health,tier_funnel,content_calendar")
    ap.add_argument("--folded", default="1M:2000", help="MEMBERS:GROUPS, e.g. 1M:2000 (one big branch); empty: none")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--long", type=float, default=60.0, help="stop repeating after a run this long (s)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="per measurement (s)")
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "bench-groups"))
    ap.add_argument("--baseline", default="", help="a commit whose src/ is measured too (e.g. HEAD)")
    ap.add_argument("--baseline-sizes", default="100k")
    ap.add_argument("--calendar-groups", default="", help="e.g. 50,100,200,400,2000 (count models only)")
    ap.add_argument("--baseline-calendar-groups", default="50,100,200")
    ap.add_argument("--no-duckdb", action="store_true")
    ap.add_argument("--duckdb-mem", default="6GB", help="DuckDB memory_limit (it spills beyond)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--save", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args)
    started = dt.datetime.now()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"bench_groups {started:%Y-%m-%d %H:%M} commit {info['commit']}, {info['cores']} cores, "
          f"load {info['load']}", flush=True)
    sizes = [parse_count(s) for s in args.sizes.split(",") if s.strip()]
    base_sizes = {parse_count(s) for s in args.baseline_sizes.split(",") if s.strip()}
    steps = [s for s in args.steps.split(",") if s.strip()]
    src_now = ROOT / "src"
    src_base, base_sha = baseline_src(args.baseline, cache) if args.baseline else (None, "")
    rows, checks = [], []
    smallest = min(sizes) if sizes else None
    out_dir = Path(tempfile.mkdtemp(prefix="bench-groups-out-"))

    def show(row):
        print("  " + " | ".join(row), flush=True)

    for n in sizes:
        data = city_folder(cache, n)
        for step in steps:
            save_a = out_dir / f"{step}-{n}-pkg.parquet" if n == smallest and step in SQL else None
            save_b = out_dir / f"{step}-{n}-sql.parquet" if save_a else None
            pkg = measure(step, "package", data, args, src_now, save_a)
            sql = (measure(step, "duckdb", data, args, src_now, save_b)
                   if step in SQL and not args.no_duckdb else None)
            base = measure(step, "package", data, args, src_base) if src_base and n in base_sizes else None
            ratio = (f"{pkg['best'] / sql['best']:.2f}" if sql and pkg.get("best") and sql.get("best") else "—")
            row = [step, label(n), fmt_s(pkg), fmt_gb(pkg), fmt_s(sql), fmt_gb(sql), ratio, fmt_s(base),
                   fmt_gb(base)]
            rows.append(row)
            show(row)
            for r in (pkg, sql, base):
                if r and r.get("error"):
                    print(f"    {r['engine']}: {r['error']}", flush=True)
            if save_a and save_b and save_a.exists() and save_b.exists():
                checks.append(f"{step} at {label(n)}: {compare(step, save_a, save_b)}")
                print("    " + checks[-1], flush=True)
    if args.folded:
        fm, fg = args.folded.split(":")
        data = folded_folder(cache, parse_count(fm), int(fg))
        for step in steps:
            pkg = measure(step, "package", data, args, src_now)
            sql = (measure(step, "duckdb", data, args, src_now) if step in SQL and not args.no_duckdb else None)
            ratio = (f"{pkg['best'] / sql['best']:.2f}" if sql and pkg.get("best") and sql.get("best") else "—")
            row = [step, f"{label(parse_count(fm))} in {fg} groups", fmt_s(pkg), fmt_gb(pkg), fmt_s(sql),
                   fmt_gb(sql), ratio, "—", "—"]
            rows.append(row)
            show(row)
            for r in (pkg, sql):
                if r and r.get("error"):
                    print(f"    {r['engine']}: {r['error']}", flush=True)
    cal_sizes = [int(s) for s in args.calendar_groups.split(",") if s.strip()]
    base_cal = {int(s) for s in args.baseline_calendar_groups.split(",") if s.strip()}
    if cal_sizes:
        data = city_folder(cache, 100_000)
        for k in cal_sizes:
            step = f"calendar_model@{k}"
            pkg = measure(step, "package", data, args, src_now)
            base = measure(step, "package", data, args, src_base) if src_base and k in base_cal else None
            row = [f"content_calendar, {k} groups", "100k", fmt_s(pkg), fmt_gb(pkg), "—", "—", "—", fmt_s(base),
                   fmt_gb(base)]
            rows.append(row)
            show(row)
            for r in (pkg, base):
                if r and r.get("error"):
                    print(f"    {r['engine']}: {r['error']}", flush=True)
    if args.baseline:
        args.baseline = f"{args.baseline} = {base_sha}"
    if not args.no_write:
        write_markdown(rows, info, args, checks, started)
        print(f"written to {RESULTS.relative_to(ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
