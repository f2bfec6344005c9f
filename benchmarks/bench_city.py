"""City-scale benchmark: the package's headline steps beside the same aggregation in DuckDB SQL.

Run::

    .venv/bin/python benchmarks/bench_city.py [--sizes 100k,1M,10M] [--repeat 3] [--steps ...]

For each size (group memberships) it generates the city data once with
:func:`analysis.sample.city.make_city` (cached in ``--cache``, default ``$TMPDIR/bench-city``), converts
it once to a CSV folder, then measures every step twice — with the package's public function and with
DuckDB SQL over the same files — each measurement in a fresh subprocess (best of ``--repeat``; peak
memory is the subprocess's maximum resident set size from ``os.wait4``). A subprocess that runs past
``--timeout`` seconds for one repetition is killed and recorded as a timeout; one that runs out of the
address-space limit (``--mem-gb``, ``RLIMIT_AS``) is recorded as out of memory. On the smallest size
both answers are compared number by number.

Steps (package function ↔ DuckDB SQL with the same definitions, read from the functions' docstrings):

- ``load_parquet`` / ``load_csv``: ``analysis.io.load_dataset(folder)`` (every table read, typed and
  validated: types, not-null, allowed values and their Chinese labels, ranges, personal-data patterns,
  row rules, keys, then foreign keys and cross-table rules against the parents' surviving rows) ↔ one
  ``CREATE TABLE … AS SELECT`` per table with the casts and the per-row checks, then one query per key,
  foreign key and cross-table rule, all generated from :mod:`analysis.schemas` (the rows kept agree).
- ``tier_funnel``: ``groups.tier_funnel(wechat_groups=…, group_members=…, deals=…, by="branch_id")``.
- ``group_health``: ``groups.group_health(wechat_groups=…, group_members=…, group_messages=…)`` (weeks).
- ``compliance``: ``followup.rule_24_72(leads, by="assigned_to")``.
- ``stranger_ratio``: ``events.stranger_ratio(attendance)`` (per event).
- ``option_rates``: ``surveys.option_rates(question_id=[q, …], survey_answers=…, survey_questions=…)``:
  one call with the list of every question that is not open (as a report reads a questionnaire).

Times: the package's time is the function call on tables already loaded (and validated) in memory
(``load_dataset(folder, tables=[...])``, not timed); DuckDB's is the query over the Parquet files,
reading included, into a pandas DataFrame. The load steps time the whole read. Peak memory is the
whole subprocess (interpreter, inputs and the step). The fleet ratio is ``bench_report.py``'s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import queue
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.md"
MARK = "@@BENCH "
Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975), the package's z at level 0.95
START_MARK, END_MARK = "<!-- bench_city:start -->", "<!-- bench_city:end -->"

STEPS = {
    "load_parquet": ("load + validate (Parquet folder)", "all tables"),
    "load_csv": ("load + validate (CSV folder)", "all tables"),
    "tier_funnel": ("tier funnel (per branch)", "group_members"),
    "group_health": ("group health (group × week)", "group_members"),
    "compliance": ("24/72 compliance per staff", "leads"),
    "stranger_ratio": ("stranger ratio per event", "attendance"),
    "option_rates": ("survey option rates (13 questions)", "survey_answers"),
}
NEEDS = {"tier_funnel": ["wechat_groups", "group_members", "deals"],
         "group_health": ["wechat_groups", "group_members", "group_messages"],
         "compliance": ["leads"], "stranger_ratio": ["attendance"],
         "option_rates": ["survey_answers", "survey_questions"]}
KEYS = {"load_parquet": ["table"], "load_csv": ["table"], "tier_funnel": ["branch_id", "step"],
        "group_health": ["group_id", "period"], "compliance": ["assigned_to", "rule"],
        "stranger_ratio": ["event_id"], "option_rates": ["question_id", "option"]}


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def parse_count(text: str) -> int:
    t = text.strip().lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    return int(float(t[:-1] if mult != 1 else t) * mult)


def label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def human_rows(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} M" if n < 10_000_000 else f"{n / 1e6:.0f} M"
    if n >= 1_000:
        return f"{n / 1e3:.0f} k"
    return str(n)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB"
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    import duckdb
    import pandas as pd
    import pyarrow as pa
    return {"nproc": nproc, "memory": mem, "cpu": cpu, "commit": commit + (" + uncommitted changes in src/" if dirty
                                                                          else ""),
            "python": sys.version.split()[0], "pandas": pd.__version__, "pyarrow": pa.__version__,
            "duckdb": duckdb.__version__}


# ---------------------------------------------------------------------------
# Data: the city folder (cached) and its CSV copy
# ---------------------------------------------------------------------------


_FINGERPRINT = """
import hashlib, json
from analysis.schemas import TABLES
spec = [[n, [[c.name, c.kind, c.nullable, list(c.allowed or ())] for c in t.columns]] for n, t in TABLES.items()]
print(hashlib.sha1(json.dumps(spec).encode()).hexdigest()[:8])
"""
_GENERATE = """
import importlib.util, pathlib, sys
def load(name, path):  # the working tree's generator, with the measured package's schemas
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod
load("analysis.sample.city_arrays", pathlib.Path(sys.argv[1]).with_name("city_arrays.py"))
mod = load("bench_sample_city", sys.argv[1])
rows = mod.make_city(sys.argv[2], seed=int(sys.argv[3]), members=int(sys.argv[4]))
print(sum(rows.values()), "rows")
"""


def _env(src: Path) -> dict:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]).rstrip(
        os.pathsep))


def city_folder(cache: Path, members: int, seed: int, src: Path) -> Path:
    """The Parquet folder of a city of ``members`` memberships (generated once, then reused).

    The data follow the contract of the package measured (``src``): the generator of the working tree runs
    with that package's schemas, and the folder's name carries a fingerprint of that contract."""
    fp = subprocess.run([sys.executable, "-c", _FINGERPRINT], env=_env(src), capture_output=True, text=True,
                        check=True).stdout.strip()
    folder = cache / f"city-{label(members)}-seed{seed}-contract{fp}" / "parquet"
    meta = folder / ".city.json"
    if meta.exists():
        m = json.loads(meta.read_text(encoding="utf-8"))
        if m.get("members") == members and m.get("seed") == seed:
            return folder
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", _GENERATE, str(ROOT / "src" / "analysis" / "sample" / "city.py"), str(folder),
                    str(seed), str(members)], check=True, cwd=ROOT, env=_env(src))
    print(f"  generated {label(members)} in {time.perf_counter() - t0:.1f} s (analysis.sample.city.make_city)",
          flush=True)
    return folder


def csv_folder(parquet: Path) -> Path:
    """A CSV copy of the Parquet folder (written once with DuckDB; times as YYYY-MM-DD HH:MM:SS)."""
    import duckdb

    folder = parquet.parent / "csv"
    done = folder / ".done"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    con = duckdb.connect()
    for path in sorted(parquet.glob("*.parquet")):
        src = f"read_parquet('{path}')"
        cols = con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()
        exprs = [f"strftime({name}, '%Y-%m-%d %H:%M:%S') AS {name}" if typ.startswith("TIMESTAMP") else name
                 for name, typ, *_ in cols]
        tmp = folder / f"{path.stem}.csv.tmp"
        con.execute(f"COPY (SELECT {', '.join(exprs)} FROM {src}) TO '{tmp}' (HEADER, DELIMITER ',')")
        tmp.replace(folder / f"{path.stem}.csv")
    done.write_text("ok\n")
    print(f"  converted to CSV in {time.perf_counter() - t0:.1f} s", flush=True)
    return folder


# ---------------------------------------------------------------------------
# DuckDB: the same steps in SQL
# ---------------------------------------------------------------------------

_WILSON = f"""
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


def _pq(folder: Path, name: str, row_number: bool = False) -> str:
    extra = ", file_row_number=true" if row_number else ""
    return f"read_parquet('{folder / (name + '.parquet')}'{extra})"


def sql_tier_funnel(f: Path) -> str:
    """groups.tier_funnel(by="branch_id"): first mass join → first potential join at or after it → first
    elite join at or after that → first deal within 3 days after a qualifying elite join."""
    return f"""
WITH g AS (SELECT group_id, branch_id, CAST(tier AS VARCHAR) AS tier FROM {_pq(f, 'wechat_groups')}),
sp AS (SELECT m.person_id, m.group_id, m.joined_at, g.tier, g.branch_id
       FROM {_pq(f, 'group_members')} m JOIN g USING (group_id)),
mass AS (SELECT person_id, min(joined_at) AS mass_at, arg_min(branch_id, (joined_at, group_id)) AS branch_id
         FROM sp WHERE tier = 'mass' GROUP BY person_id),
pot AS (SELECT s.person_id, min(s.joined_at) AS potential_at FROM sp s JOIN mass USING (person_id)
        WHERE s.tier = 'potential' AND s.joined_at >= mass.mass_at GROUP BY s.person_id),
eli_j AS (SELECT s.person_id, s.joined_at FROM sp s JOIN pot USING (person_id)
          WHERE s.tier = 'elite' AND s.joined_at >= pot.potential_at),
eli AS (SELECT person_id, min(joined_at) AS elite_at FROM eli_j GROUP BY person_id),
dl AS (SELECT person_id, closed_at FROM {_pq(f, 'deals')} WHERE closed_at IS NOT NULL),
deal AS (SELECT e.person_id, min(d.closed_at) AS deal_at FROM eli_j e JOIN dl d USING (person_id)
         WHERE d.closed_at >= e.joined_at AND d.closed_at <= e.joined_at + INTERVAL 3 DAY GROUP BY e.person_id),
c AS (SELECT mass.branch_id, count(*) AS mass, count(potential_at) AS potential, count(elite_at) AS elite,
             count(deal_at) AS deal
      FROM mass LEFT JOIN pot USING (person_id) LEFT JOIN eli USING (person_id) LEFT JOIN deal USING (person_id)
      GROUP BY mass.branch_id),
long AS (SELECT branch_id, 'mass' AS step, 0 AS o, mass AS people, NULL::BIGINT AS prev, mass AS base FROM c
         UNION ALL SELECT branch_id, 'potential', 1, potential, mass, mass FROM c
         UNION ALL SELECT branch_id, 'elite', 2, elite, potential, mass FROM c
         UNION ALL SELECT branch_id, 'deal', 3, deal, elite, mass FROM c)
SELECT branch_id, step, people,
       CASE WHEN o > 0 THEN rate(people, prev) END AS step_rate,
       CASE WHEN o > 0 THEN wilson_low(people, prev) END AS step_ci_low,
       CASE WHEN o > 0 THEN wilson_high(people, prev) END AS step_ci_high,
       CASE WHEN o > 0 THEN rate(people, base) END AS overall_rate,
       CASE WHEN o > 0 THEN wilson_low(people, base) END AS overall_ci_low,
       CASE WHEN o > 0 THEN wilson_high(people, base) END AS overall_ci_high
FROM long ORDER BY branch_id NULLS LAST, o
"""


def sql_group_health(f: Path) -> str:
    """groups.group_health(freq="W"): per group and week of its life, member-days without expanding days
    (spells of one person in one group merged first, then cut into weeks)."""
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
  SELECT group_id, person_id, s, e, false AS multi FROM ok ANTI JOIN multi USING (group_id, person_id)
  UNION ALL
  SELECT group_id, person_id, min(s), max(e), true FROM (
    SELECT *, sum(CASE WHEN s <= prev_e THEN 0 ELSE 1 END)
                OVER (PARTITION BY group_id, person_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
    FROM (SELECT o.*, max(e) OVER (PARTITION BY group_id, person_id ORDER BY s, e
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_e
          FROM ok o SEMI JOIN multi USING (group_id, person_id)))
  GROUP BY group_id, person_id, island),
-- spells cut into weeks; merged spells do not overlap, so member-days add up; a person with several
-- spells in one group (rare) is counted once a week
mw AS (SELECT group_id, person_id, multi, w, least(e, w + 6) - greatest(s, w) + 1 AS days
       FROM (SELECT group_id, person_id, multi, s, e, unnest(range(wk(s), e + 1, 7)) AS w FROM merged)),
mem AS (SELECT group_id, w, sum(members) AS members, sum(days) AS member_days FROM (
          SELECT group_id, w, count(*) AS members, sum(days) AS days FROM mw WHERE NOT multi GROUP BY ALL
          UNION ALL
          SELECT group_id, w, count(*), sum(days) FROM (
            SELECT group_id, w, person_id, sum(days) AS days FROM mw WHERE multi GROUP BY ALL) GROUP BY ALL)
        GROUP BY ALL),
msg AS (SELECT x.group_id, x.person_id, x.messages, dayno(x.sent_at) AS day
        FROM x0 x JOIN g USING (group_id), now_
        WHERE x.sent_at <= now_.t AND dayno(x.sent_at) BETWEEN g.start_day AND g.end_day),
cnt AS (SELECT group_id, wk(day) AS w, sum(messages) AS messages, max(day) AS last_msg_day FROM msg GROUP BY ALL),
posted AS (SELECT DISTINCT group_id, wk(day) AS w, person_id FROM msg WHERE messages > 0 AND person_id IS NOT NULL),
-- active: posted in the week and a member at some day of it
act AS (SELECT group_id, w, count(*) AS active_members FROM (
          SELECT DISTINCT p.group_id, p.w, p.person_id FROM posted p JOIN merged m USING (group_id, person_id)
          WHERE m.s <= p.w + 6 AND m.e >= p.w) GROUP BY ALL),
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


def sql_compliance(f: Path) -> str:
    """followup.rule_24_72(by="assigned_to"): met = event at or before capture + window (and by as_of);
    pending = not met and as_of < capture + window; leads = met + late = captured − pending."""
    return f"""
WITH l AS (SELECT assigned_to, captured_at AS cap, first_contact_at AS fc, closed_at AS cl,
                  CAST(outcome AS VARCHAR) AS outcome FROM {_pq(f, 'leads')}),
now_ AS (SELECT max(t) AS t FROM (SELECT max(cap) AS t FROM l UNION ALL SELECT max(fc) FROM l
                                  UNION ALL SELECT max(cl) FROM l)),
st AS (SELECT assigned_to, cap, now_.t,
              coalesce(fc IS NOT NULL AND fc <= now_.t AND fc <= cap + INTERVAL 24 HOUR, false) AS met24,
              coalesce(cl IS NOT NULL AND cl <= now_.t AND outcome IN ('won', 'lost')
                       AND cl <= cap + INTERVAL 72 HOUR, false) AS met72
       FROM l, now_ WHERE cap <= now_.t),
r AS (SELECT assigned_to, 'first_contact_24h' AS rule, 0 AS o, count(*) FILTER (WHERE met24) AS met,
             count(*) FILTER (WHERE NOT met24 AND t < cap + INTERVAL 24 HOUR) AS pending, count(*) AS n
      FROM st GROUP BY assigned_to
      UNION ALL
      SELECT assigned_to, 'resolved_72h', 1, count(*) FILTER (WHERE met72),
             count(*) FILTER (WHERE NOT met72 AND t < cap + INTERVAL 72 HOUR), count(*)
      FROM st GROUP BY assigned_to)
SELECT assigned_to, rule, n - pending AS leads, met, pending, rate(met, n - pending) AS rate,
       wilson_low(met, n - pending) AS ci_low, wilson_high(met, n - pending) AS ci_high
FROM r ORDER BY assigned_to NULLS LAST, o
"""


def sql_stranger_ratio(f: Path) -> str:
    """events.stranger_ratio(by="event_id"): one check-in per (event, person), the earliest (then the
    first in the file); strangers = not bank customers."""
    return f"""
WITH a AS (SELECT event_id, person_id,
                  arg_min(is_bank_customer, (coalesce(arrived_at, TIMESTAMP '9999-12-31'), file_row_number)) AS cust
           FROM {_pq(f, 'attendance', row_number=True)} GROUP BY event_id, person_id),
c AS (SELECT event_id, count(*) AS attendees, count(*) FILTER (WHERE NOT cust) AS strangers FROM a GROUP BY event_id)
SELECT event_id, attendees, strangers, rate(strangers, attendees) AS rate, wilson_low(strangers, attendees) AS ci_low,
       wilson_high(strangers, attendees) AS ci_high, rate(strangers, attendees) < 0.7 AS below_standard
FROM c ORDER BY event_id
"""


def sql_option_rates(f: Path) -> str:
    """surveys.option_rates per question (not open): respondents who chose the option / respondents who
    answered the question; codebook options first (zero when nobody chose them), other answers after."""
    return f"""
WITH q AS (SELECT question_id, row_number() OVER () AS qo, string_split(options, '|') AS codes,
                  string_split(coalesce(option_labels, options), '|') AS labels
           FROM {_pq(f, 'survey_questions')} WHERE CAST(kind AS VARCHAR) <> 'open'),
a AS (SELECT question_id, response_id, value, file_row_number AS rn FROM {_pq(f, 'survey_answers', row_number=True)}
      WHERE value IS NOT NULL AND question_id IN (SELECT question_id FROM q)),
answered AS (SELECT question_id, count(DISTINCT response_id) AS answered FROM a GROUP BY question_id),
chosen AS (SELECT question_id, value, count(DISTINCT response_id) AS respondents, min(rn) AS first_rn
           FROM a GROUP BY ALL),
book AS (SELECT question_id, qo, unnest(codes) AS option,
                unnest(CASE WHEN len(labels) = len(codes) THEN labels ELSE codes END) AS label,
                unnest(range(1, len(codes) + 1)) AS pos FROM q),
extra AS (SELECT c.question_id, q.qo, c.value AS option, c.value AS label, 1000000000 + c.first_rn AS pos
          FROM chosen c JOIN q USING (question_id) ANTI JOIN book b ON b.question_id = c.question_id
          AND b.option = c.value),
grid AS (SELECT * FROM book UNION ALL SELECT * FROM extra)
SELECT grid.question_id, grid.option, grid.label, coalesce(chosen.respondents, 0) AS respondents,
       coalesce(answered.answered, 0) AS answered,
       rate(coalesce(chosen.respondents, 0), coalesce(answered.answered, 0)) AS rate,
       wilson_low(coalesce(chosen.respondents, 0), coalesce(answered.answered, 0)) AS ci_low,
       wilson_high(coalesce(chosen.respondents, 0), coalesce(answered.answered, 0)) AS ci_high
FROM grid LEFT JOIN chosen ON chosen.question_id = grid.question_id AND chosen.value = grid.option
     LEFT JOIN answered ON answered.question_id = grid.question_id
ORDER BY grid.qo, grid.pos
"""


_PHONE = r"(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)"
_ID_CARD = r"(^|[^0-9])[0-9]{17}[0-9Xx]([^0-9]|$)"
_SQL_TYPE = {"id": "VARCHAR", "str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN",
             "datetime": "TIMESTAMP", "category": "VARCHAR"}


def _rule_sql(rule) -> str:
    """The contract's row rules in SQL (a rule the benchmark does not know stops it: keep them in step)."""
    known = {"closed_needs_time": "outcome IN ('won', 'lost') AND closed_at IS NULL",
             "open_has_no_close": "outcome = 'open' AND closed_at IS NOT NULL",
             "claimed_le_joined": "claimed > joined",
             "staff_or_resident": "(staff_id IS NULL) = (person_id IS NULL)",
             "captain_is_resident": "role = 'captain' AND person_id IS NULL"}
    if rule.name in known:
        return known[rule.name]
    if getattr(rule.bad_rows, "__qualname__", "").startswith("_later."):
        a, b = rule.columns
        return f"{b} < {a}"
    raise SystemExit(f"bench_city: no SQL for the row rule {rule.name!r} of the contract; add it to _rule_sql")


def _sql_str(v: str) -> str:
    return "'" + str(v).replace("'", "''") + "'"


def _category_sql(text: str, c) -> str:
    """load_dataset's reading of a category: VALUE_ALIASES (女 → female), then a case/space/hyphen fold."""
    from analysis.schemas import VALUE_ALIASES

    aliases = VALUE_ALIASES.get(c.name, {})
    allowed = ", ".join(_sql_str(v) for v in c.allowed)
    mapped = (f"CASE {text} " + " ".join(f"WHEN {_sql_str(k)} THEN {_sql_str(v)}" for k, v in aliases.items())
              + f" ELSE {text} END") if aliases else text
    folded = "replace(replace(lower(m), ' ', '_'), '-', '_')"
    return (f"(SELECT CASE WHEN m IN ({allowed}) OR {folded} NOT IN ({allowed}) THEN m ELSE {folded} END "
            f"FROM (SELECT {mapped} AS m))")


def _text_cast(text: str, c) -> tuple[str, str]:
    """(typed value, type-error condition) of a text cell, as load_dataset reads CSV: numbers may carry
    thousands separators and a % sign, whole numbers must be whole, booleans are BOOL_VALUES."""
    from analysis.schemas import BOOL_VALUES

    if c.kind in ("int", "float"):
        t = f"replace({text}, ',', '')"
        num = (f"(CASE WHEN suffix({t}, '%') THEN TRY_CAST(rtrim({t}, '%') AS DOUBLE) / 100 "
               f"ELSE TRY_CAST({t} AS DOUBLE) END)")
        if c.kind == "float":
            return num, f"({text} IS NOT NULL AND {num} IS NULL)"
        return (f"CAST(CASE WHEN {num} = floor({num}) THEN {num} END AS BIGINT)",
                f"({text} IS NOT NULL AND ({num} IS NULL OR {num} <> floor({num})))")
    if c.kind == "bool":
        yes = ", ".join(_sql_str(k) for k, v in BOOL_VALUES.items() if v)
        no = ", ".join(_sql_str(k) for k, v in BOOL_VALUES.items() if not v)
        val = f"(CASE WHEN lower({text}) IN ({yes}) THEN true WHEN lower({text}) IN ({no}) THEN false END)"
        return val, f"({text} IS NOT NULL AND {val} IS NULL)"
    cast = f"TRY_CAST({text} AS TIMESTAMP)"
    return cast, f"({text} IS NOT NULL AND {cast} IS NULL)"


def _cross_sql(rule, schemas) -> str:
    """A rule between a row and its parent row (``p``), e.g. a check-in inside its event's window."""
    if rule.name == "checkin_in_event_window":
        return (f"arrived_at < p.starts_at - INTERVAL {schemas.CHECKIN_EARLY_HOURS} HOUR "
                f"OR arrived_at > p.ends_at + INTERVAL {schemas.CHECKIN_LATE_HOURS} HOUR")
    raise SystemExit(f"bench_city: no SQL for the cross-table rule {rule.name!r} of the contract; "
                     "add it to _cross_sql")


def _order(tables) -> list[str]:
    """Tables with parents before children (as load_dataset checks foreign keys and cross-table rules)."""
    done, pending = [], list(tables)
    while pending:
        for name in list(pending):
            parents = {f.ref_table for f in tables[name].foreign_keys}
            parents |= {r.parent for r in getattr(tables[name], "cross_rules", ())}
            if parents - {name} <= set(done):
                done.append(name)
                pending.remove(name)
    return done


def duck_load(con, folder: Path, fmt: str):
    """load_dataset in DuckDB: every table of the folder into a DuckDB table with the contract's types, every
    check of the contract (types, not-null, allowed values, ranges, personal-data patterns, row rules, keys,
    then foreign keys against the parents' surviving rows, parents first); a row breaking a check is marked
    ``_bad`` (set aside). Returns a frame: table, rows_read, problems (rows × checks broken), rows (kept)."""
    import pandas as pd

    from analysis import schemas
    from analysis.schemas import TABLES

    earliest, latest = getattr(schemas, "EARLIEST_TIME", None), getattr(schemas, "LATEST_TIME", None)
    out = {}
    for name in _order(TABLES):
        t = TABLES[name]
        path = folder / f"{name}.{fmt}"
        if not path.exists():
            continue
        src = (f"read_parquet('{path}')" if fmt == "parquet" else
               f"read_csv('{path}', header=true, all_varchar=true, delim=',', quote='\"', escape='\"')")
        have = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
        exprs, checks = [], []
        for c in t.columns:
            typ = _SQL_TYPE[c.kind]
            if c.name not in have:
                default = "NULL" if c.default is None else repr(c.default)
                exprs.append(f"CAST({default} AS {typ}) AS {c.name}")
                continue
            text = f"nullif(trim(CAST({c.name} AS VARCHAR)), '')"
            if c.kind in ("id", "str"):
                exprs.append(f"{text} AS {c.name}")
            elif c.kind == "category":  # Chinese labels → codes, then codes in another case or with - and spaces
                exprs.append(f"{_category_sql(text, c)} AS {c.name}")
            elif fmt == "parquet":
                exprs.append(f"CAST({c.name} AS {typ}) AS {c.name}")
            else:
                cast, bad = _text_cast(text, c)
                exprs.append(f"{cast} AS {c.name}")
                checks.append(bad)  # on the raw text: a type error
        typed = [f"({x})" for x in checks]  # type checks read the source columns; the rest the typed ones
        rules = []
        for c in t.columns:
            if not c.nullable:
                rules.append(f"{c.name} IS NULL")
            if c.kind == "category":
                rules.append(f"{c.name} NOT IN ({', '.join(repr(v) for v in c.allowed)})")
            if c.min is not None:
                rules.append(f"{c.name} < {c.min}")
            if c.max is not None:
                rules.append(f"{c.name} > {c.max}")
            if c.kind == "str" and t.person_data:
                rules.append(f"(regexp_matches({c.name}, '{_PHONE}') OR regexp_matches({c.name}, '{_ID_CARD}'))")
            if c.kind == "datetime" and earliest is not None:  # the contract's plausible range of times
                rules.append(f"({c.name} < TIMESTAMP '{earliest:%Y-%m-%d %H:%M:%S}' OR "
                             f"{c.name} > TIMESTAMP '{latest:%Y-%m-%d %H:%M:%S.%f}')")
        rules += [f"({_rule_sql(r)})" for r in t.rules]
        cast_sel = ", ".join(exprs)
        if typed:  # one pass over the source: typed columns and the count of type errors per row
            cast_sel += ", " + " + ".join(f"coalesce({x}, false)::INT" for x in typed) + " AS _type_errors"
        flags = [f"coalesce({r}, false)::INT" for r in rules] + (["_type_errors"] if typed else [])
        per_row = " + ".join(flags) if flags else "0"
        # one pass: typed columns, the checks broken per row, and the mark of the rows set aside
        con.execute(f"CREATE TABLE {name} AS SELECT *, _problems > 0 AS _bad FROM "
                    f"(SELECT *, ({per_row})::INT AS _problems FROM (SELECT {cast_sel} FROM {src}))")
        rows, problems = con.execute(f"SELECT count(*), coalesce(sum(_problems), 0) FROM {name}").fetchone()
        problems = int(problems)
        if t.key:
            keys = ", ".join(t.key)
            dup = int(con.execute(f"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM {name} "
                                  f"GROUP BY {keys} HAVING count(*) > 1)").fetchone()[0])
            if dup:
                problems += dup
                con.execute(f"UPDATE {name} SET _bad = true WHERE rowid IN (SELECT rowid FROM (SELECT rowid, "
                            f"row_number() OVER (PARTITION BY {keys} ORDER BY rowid) AS k FROM {name}) WHERE k > 1)")
        for fk in t.foreign_keys:
            if fk.ref_table not in out and fk.ref_table != name:
                continue
            miss = (f"{fk.column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {fk.ref_table} p "
                    f"WHERE NOT p._bad AND p.{fk.ref_column} = {name}.{fk.column})")
            n = int(con.execute(f"SELECT count(*) FROM {name} WHERE {miss}").fetchone()[0])
            if n:
                problems += n
                con.execute(f"UPDATE {name} SET _bad = true WHERE {miss}")
        for rule in getattr(t, "cross_rules", ()):  # against the parent rows that survived
            if rule.parent not in out:
                continue
            pkey = TABLES[rule.parent].key[0]
            cond = (f"EXISTS (SELECT 1 FROM {rule.parent} p WHERE NOT p._bad AND p.{pkey} = {name}.{rule.key} "
                    f"AND ({_cross_sql(rule, schemas)}))")
            n = int(con.execute(f"SELECT count(*) FROM {name} WHERE {cond}").fetchone()[0])
            if n:
                problems += n
                con.execute(f"UPDATE {name} SET _bad = true WHERE {cond}")
        kept = int(con.execute(f"SELECT count(*) FROM {name} WHERE NOT _bad").fetchone()[0])
        out[name] = {"table": name, "rows_read": int(rows), "problems": problems, "rows": kept}
    return pd.DataFrame([out[n] for n in TABLES if n in out])


SQL = {"tier_funnel": sql_tier_funnel, "group_health": sql_group_health, "compliance": sql_compliance,
       "stranger_ratio": sql_stranger_ratio, "option_rates": sql_option_rates}


# ---------------------------------------------------------------------------
# The package's steps
# ---------------------------------------------------------------------------


def public(module: str, name: str):
    """``analysis.<module>.<name>``. While a domain is being split into a package, the function may not be
    re-exported yet: then it is looked up in the package's public submodules (and the path is reported)."""
    import importlib
    import pkgutil

    mod = importlib.import_module(f"analysis.{module}")
    fn = getattr(mod, name, None)
    if callable(fn):
        return fn, f"analysis.{module}.{name}"
    for info in pkgutil.iter_modules(getattr(mod, "__path__", [])):
        if info.name.startswith("_"):
            continue
        sub = importlib.import_module(f"analysis.{module}.{info.name}")
        fn = getattr(sub, name, None)
        if callable(fn):
            return fn, f"analysis.{module}.{info.name}.{name} (analysis.{module}.{name} not exported yet)"
    raise AttributeError(f"analysis.{module} has no {name}")


def package_step(step: str, data: Path):
    """(setup, run, path): setup() loads the inputs (not timed), run(inputs) is the timed call."""
    from analysis.io import load_dataset

    if step in ("load_parquet", "load_csv"):
        folder = data if step == "load_parquet" else data.parent / "csv"

        def run(_inputs):
            import pandas as pd

            ds = load_dataset(folder)
            q = ds.quality()
            pr = (ds.problems.groupby("table")["n_rows"].sum() if len(ds.problems)
                  else pd.Series(dtype="int64"))
            res = pd.DataFrame({"table": q["table"], "rows_read": q["rows_read"],
                                "problems": q["table"].map(pr).fillna(0).astype("int64"), "rows": q["rows"]})
            return res[q["present"].to_numpy()].reset_index(drop=True)

        return (lambda: None), run, "analysis.io.load_dataset"
    fn, path = {"tier_funnel": ("groups", "tier_funnel"), "group_health": ("groups", "group_health"),
                "compliance": ("followup", "rule_24_72"), "stranger_ratio": ("events", "stranger_ratio"),
                "option_rates": ("surveys", "option_rates")}[step]
    fn, path = public(fn, path)

    from analysis.schemas import TABLES

    required = [n for n, t in TABLES.items() if t.required]  # load_dataset refuses a data set without them

    def setup():
        return load_dataset(data, tables=list(dict.fromkeys(required + NEEDS[step])))

    # tables by keyword: the calls work with the functions' older (positional) and newer (keyword) signatures
    if step == "tier_funnel":
        def run(ds):
            return fn(wechat_groups=ds["wechat_groups"], group_members=ds["group_members"], deals=ds["deals"],
                      by="branch_id")
    elif step == "group_health":
        def run(ds):
            return fn(wechat_groups=ds["wechat_groups"], group_members=ds["group_members"],
                      group_messages=ds["group_messages"])
    elif step == "compliance":
        def run(ds):
            return fn(leads=ds["leads"], by="assigned_to")
    elif step == "stranger_ratio":
        def run(ds):
            return fn(attendance=ds["attendance"])
    else:
        def run(ds):
            q = ds["survey_questions"]
            ids = q.loc[q["kind"].astype(str) != "open", "question_id"].astype(str).tolist()
            # one list call, as a report reads a whole questionnaire (counted in one pass over the answers)
            return fn(question_id=ids, survey_answers=ds["survey_answers"], survey_questions=q)
    return setup, run, path


def duckdb_step(step: str, data: Path, mem_gb: float):
    import duckdb

    def connect():
        con = duckdb.connect()
        con.execute(f"SET threads = {os.cpu_count() or 2}")
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET memory_limit = '{max(1.0, mem_gb * 0.75):.1f}GB'")
        con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/bench-city-duckdb-{os.getpid()}'")
        con.execute(_WILSON)
        return con

    if step in ("load_parquet", "load_csv"):
        folder, fmt = (data, "parquet") if step == "load_parquet" else (data.parent / "csv", "csv")

        def run(_inputs):
            con = connect()  # a fresh database each time: the tables are created anew
            try:
                return duck_load(con, folder, fmt)
            finally:
                con.close()

        return (lambda: None), run, f"DuckDB {duckdb.__version__}"
    sql = SQL[step](data)

    def run(con):
        return con.execute(sql).df()

    return connect, run, f"DuckDB {duckdb.__version__}"


def child(args) -> int:
    """One measurement: setup, then ``repeat`` timed runs; reports as JSON lines on stdout."""
    import psutil

    def say(**kw):
        print(MARK + json.dumps(kw), flush=True)

    data = Path(args.data)
    try:
        if args.engine == "package":
            setup, run, path = package_step(args.step, data)
        else:
            setup, run, path = duckdb_step(args.step, data, args.mem_gb)
        t0 = time.perf_counter()
        inputs = setup()
        gc.collect()
        say(event="ready", setup_s=time.perf_counter() - t0, rss=psutil.Process().memory_info().rss, path=path)
        result = None
        for i in range(args.repeat):
            t0 = time.perf_counter()
            result = run(inputs)
            sec = time.perf_counter() - t0
            say(event="rep", i=i, s=sec)
            if i < args.repeat - 1:
                if sec > args.long:  # one slow repetition is enough
                    say(event="note", text=f"best of {i + 1}: one run took {sec:.0f} s")
                    break
                result = None
                gc.collect()
        if args.save and result is not None:
            result.to_parquet(args.save, index=False)
        import shutil

        shutil.rmtree(f"{tempfile.gettempdir()}/bench-city-duckdb-{os.getpid()}", ignore_errors=True)
        say(event="done", maxrss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        return 0
    except BaseException as exc:  # noqa: BLE001 - every failure is a result of the measurement
        text = f"{type(exc).__name__}: {exc}"
        oom = isinstance(exc, MemoryError) or any(s in text for s in (
            "Unable to allocate", "bad_alloc", "Out of Memory", "out of memory", "OutOfMemory", "MemoryError",
            "ArrowMemoryError", "failed to allocate", "realloc of size", "Memory allocation", "Cannot allocate memory"))
        say(event="error", oom=oom, text=text[:500])
        return 3


# ---------------------------------------------------------------------------
# The parent: subprocesses with limits
# ---------------------------------------------------------------------------


def package_src(spec: str, cache: Path) -> tuple[Path, str]:
    """The src/ folder to import ``analysis`` from, and how to describe it."""
    if not spec:
        return ROOT / "src", "the working tree"
    if Path(spec).is_dir():
        return Path(spec).resolve(), f"the folder {spec}"
    sha = subprocess.run(["git", "rev-parse", "--short", spec], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    dest = cache / f"src-{sha}"
    if not (dest / "src" / "analysis" / "__init__.py").exists():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "src"], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src", f"commit {sha} (git archive)"


def measure(step, engine, data, args, save=None) -> dict:
    cmd = [sys.executable, __file__, "--child", "--step", step, "--engine", engine, "--data", str(data),
           "--repeat", str(args.repeat), "--long", str(args.long), "--mem-gb", str(args.mem_gb)]
    if save:
        cmd += ["--save", str(save)]
    limit = int(args.mem_gb * 1024 ** 3)

    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=_env(args.src),
                            preexec_fn=limits, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    err: list[str] = []

    def pump():
        for line in proc.stdout:
            if line.startswith(MARK):
                lines.put(json.loads(line[len(MARK):]))
        lines.put(None)

    def pump_err():
        for line in proc.stderr:
            err.append(line)
            del err[:-40]

    threading.Thread(target=pump, daemon=True).start()
    threading.Thread(target=pump_err, daemon=True).start()
    res = {"step": step, "engine": engine, "times": [], "status": "ok", "notes": []}
    deadline = time.monotonic() + args.setup_timeout
    phase = "setup"
    while True:
        try:
            msg = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            os.killpg(proc.pid, signal.SIGKILL)  # the child's own session: only what this script started
            res["status"] = "timeout"
            res["notes"].append(f"{phase} ran past {args.setup_timeout if phase == 'setup' else args.timeout} s; "
                                "killed")
            break
        if msg is None:
            break
        ev = msg["event"]
        if ev == "ready":
            res.update(setup_s=msg["setup_s"], input_rss=msg["rss"], path=msg["path"])
            phase, deadline = "run", time.monotonic() + args.timeout
        elif ev == "rep":
            res["times"].append(msg["s"])
            deadline = time.monotonic() + args.timeout
        elif ev == "note":
            res["notes"].append(msg["text"])
        elif ev == "error":
            res["status"] = "oom" if msg["oom"] else "error"
            res["notes"].append(msg["text"])
        elif ev == "done":
            res["child_maxrss"] = msg["maxrss"]
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    res["maxrss"] = usage.ru_maxrss * 1024
    if proc.returncode < 0 and res["status"] == "ok":
        res["status"] = "oom" if proc.returncode == -signal.SIGKILL else "error"
        res["notes"].append(f"killed by signal {-proc.returncode}" + (" (the kernel's OOM killer?)"
                                                                      if proc.returncode == -signal.SIGKILL else ""))
    elif proc.returncode not in (0, 3) and res["status"] == "ok":
        res["status"] = "error"
        res["notes"].append("".join(err[-5:]).strip()[-400:])
    if res["status"] == "ok" and not res["times"]:
        res["status"] = "error"
        res["notes"].append("no timing reported: " + "".join(err[-5:]).strip()[-400:])
    if res["status"] != "ok" and res["times"]:
        res["notes"].append(f"{len(res['times'])} repetition(s) finished before")
    return res


# ---------------------------------------------------------------------------
# Comparison of the answers (smallest size)
# ---------------------------------------------------------------------------


def compare(step: str, a_path: Path, b_path: Path) -> str:
    """'same' or a short description of the first differences between the package's and DuckDB's answers."""
    import numpy as np
    import pandas as pd

    a, b = pd.read_parquet(a_path), pd.read_parquet(b_path)
    keys = KEYS[step]
    cols = [c for c in a.columns if c in b.columns and c not in keys]
    missing = [c for c in b.columns if c not in a.columns] + [c for c in a.columns if c not in b.columns]
    for df in (a, b):
        for k in keys:
            df[k] = (df[k].astype("datetime64[ns]").astype(str) if step == "group_health" and k == "period"
                     else df[k].astype("string").fillna("<NA>").astype(str))
    m = a.merge(b, on=keys, how="outer", suffixes=("_pkg", "_sql"), indicator=True)
    only = m["_merge"] != "both"
    problems = []
    if only.any():
        examples = m.loc[only, keys].head(3).to_dict("records")
        problems.append(f"{int(only.sum())} keys in one answer only (e.g. {examples})")
    m = m[~only]
    for c in cols:
        x, y = m[f"{c}_pkg"], m[f"{c}_sql"]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y) and not (
                pd.api.types.is_bool_dtype(x) or pd.api.types.is_bool_dtype(y)):
            xv, yv = x.to_numpy(dtype=float, na_value=np.nan), y.to_numpy(dtype=float, na_value=np.nan)
            bad = ~(np.isclose(xv, yv, rtol=1e-9, atol=1e-12) | (np.isnan(xv) & np.isnan(yv)))
        else:
            bad = (x.astype("string").fillna("<NA>").astype(str).to_numpy()
                   != y.astype("string").fillna("<NA>").astype(str).to_numpy())
        if bad.any():
            ex = m.loc[bad, keys + [f"{c}_pkg", f"{c}_sql"]].head(2).to_dict("records")
            problems.append(f"{c}: {int(bad.sum())} rows differ, e.g. {ex}")
    if missing and step not in ("load_parquet", "load_csv"):
        problems.append(f"columns in one answer only: {missing}")
    return "same ({} rows, {} columns)".format(len(m), len(cols)) if not problems else "; ".join(problems)


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def fmt_s(r) -> str:
    if r is None:
        return "—"
    if r["status"] == "timeout":
        return f"timeout (> {r['timeout']} s)"
    if r["status"] == "oom":
        return f"out of memory (> {r['mem_gb']:g} GB)"
    if r["status"] == "error":
        return "failed"
    return f"{min(r['times']):.2f}" if min(r["times"]) < 10 else f"{min(r['times']):.1f}"


def fmt_gb(r, key="maxrss") -> str:
    if r is None or r.get(key) is None or r["status"] != "ok":
        return "—"
    return f"{r[key] / 1e9:.2f}"


def table_rows(results) -> list[list[str]]:
    rows = []
    for (size, step), pair in results.items():
        p, d = pair.get("package"), pair.get("duckdb")
        ratio = "—"
        if p and d and p["status"] == "ok" and d["status"] == "ok":
            ratio = f"{min(p['times']) / min(d['times']):.1f}×"
        rows.append([label(size), STEPS[step][0], f"{human_rows(pair['rows'])} ({STEPS[step][1]})", fmt_s(p),
                     fmt_s(d), ratio, fmt_gb(p), fmt_gb(d),
                     "—" if step.startswith("load") else fmt_gb(p, "input_rss")])
    return rows


HEAD = ["size", "step", "rows", "package s", "DuckDB s", "ratio", "package peak GB", "DuckDB peak GB",
        "package inputs GB"]


def print_table(rows) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEAD)]
    print("  ".join(h.ljust(w) for h, w in zip(HEAD, widths)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


def markdown(rows, info, args, checks, notes, started, load) -> str:
    lines = [f"## {started:%Y-%m-%d %H:%M} — sizes {args.sizes}, best of {args.repeat}", "",
             f"Machine: {info['nproc']} cores ({info['cpu']}), {info['memory']} RAM, shared with other work "
             f"(load average {load[0]} at the start, {load[1]} at the end). Commit {info['commit']}; the package "
             f"measured: {info['measured']}. "
             f"Python {info['python']}, pandas {info['pandas']}, pyarrow {info['pyarrow']}, "
             f"DuckDB {info['duckdb']}. Limits per subprocess: {args.timeout} s per repetition, "
             f"{args.mem_gb:g} GB address space.", "",
             "| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    if checks:
        lines += ["", "Same numbers (package vs DuckDB, smallest size):", ""]
        lines += [f"- {STEPS[s][0]}: {c}" for s, c in checks.items()]
    if "option_rates" in [s.strip() for s in args.steps.split(",")]:
        notes = [*notes, "survey option rates: one `option_rates` call with the list of the questions, as a report "
                         "reads a questionnaire (runs before 2026-12-01 12:41 called it once per question)"]
    if notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


INTRO = f"""{START_MARK}
# City scale: the package beside DuckDB (`benchmarks/bench_city.py`)

Data: `python -m analysis sample --scale city --members N` (`analysis.sample.city.make_city`): at 10 M
memberships 200 branches, 200,000 groups, 2 M people, 1 M leads, 1 M check-ins, 29 M survey answers.
Package seconds: the public function on tables already loaded in memory (load steps: the whole
`load_dataset`); DuckDB seconds: the same aggregation in SQL over the Parquet files (reading included)
into a pandas frame; best of N, each step in a fresh subprocess. Peak GB: the subprocess's maximum
resident set (interpreter + inputs + step); "package inputs GB": its resident set after loading the
inputs, before the timed call. The data follow the contract of the package measured. Newest run first.

{END_MARK}
"""


def write_results(section: str) -> None:
    """Add a run to the city section of results.md (created at the top of the file; the rest is kept)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if START_MARK not in text:  # first: bench_report.py appends its rows at the end of the file
        text = INTRO + "\n" + text
    anchor = "Newest run first.\n"
    i = text.index(anchor, text.index(START_MARK)) + len(anchor)
    RESULTS.write_text(text[:i] + "\n" + section + text[i:], encoding="utf-8")


# ---------------------------------------------------------------------------


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="100k,1M,10M", help="group memberships per city, e.g. 100k,1M,10M")
    p.add_argument("--repeat", type=int, default=3, help="best of N runs per measurement")
    p.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated subset of {', '.join(STEPS)}")
    p.add_argument("--engines", default="package,duckdb", help="package, duckdb or both")
    p.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "bench-city"),
                   help="folder for the generated cities (reused between runs)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per repetition")
    p.add_argument("--setup-timeout", type=int, default=1200, help="seconds allowed to load a step's inputs")
    p.add_argument("--mem-gb", type=float, default=16.0, help="address-space limit per subprocess (RLIMIT_AS)")
    p.add_argument("--long", type=float, default=120.0, help="stop repeating after a run longer than this (s)")
    p.add_argument("--no-write", action="store_true", help="print only; do not add to benchmarks/results.md")
    p.add_argument("--package-src", default="",
                   help="the package to measure: a src/ folder, or a commit (e.g. HEAD) exported with git archive "
                        "into the cache; default: the working tree")
    # the measuring subprocess
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--step", help=argparse.SUPPRESS)
    p.add_argument("--engine", help=argparse.SUPPRESS)
    p.add_argument("--data", help=argparse.SUPPRESS)
    p.add_argument("--save", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args)

    sizes = sorted(parse_count(s) for s in args.sizes.split(","))
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [s for s in steps if s not in STEPS] + [e for e in engines if e not in ("package", "duckdb")]
    if unknown:
        p.error(f"unknown step or engine: {', '.join(unknown)}")
    started = dt.datetime.now()
    load0 = f"{os.getloadavg()[0]:.1f}"
    info = machine()
    cache = Path(args.cache)
    args.src, info["measured"] = package_src(args.package_src, cache)
    print(f"machine: {info['nproc']} cores, {info['cpu']}, {info['memory']}; commit {info['commit']}; "
          f"measuring {info['measured']}", flush=True)
    results: dict = {}
    checks: dict = {}
    notes: list[str] = []
    paths: dict = {}
    for size in sizes:
        print(f"size {label(size)}:", flush=True)
        data = city_folder(cache, size, args.seed, args.src)
        if "load_csv" in steps:
            csv_folder(data)
        rows = json.loads((data / ".city.json").read_text(encoding="utf-8"))["rows"]
        check_dir = data.parent / "answers"
        check_dir.mkdir(exist_ok=True)
        for step in steps:
            inp = STEPS[step][1]
            n = sum(rows.values()) if inp == "all tables" else rows[inp]
            pair = results.setdefault((size, step), {"rows": n})
            for engine in engines:
                save = check_dir / f"{step}.{engine}.parquet" if size == sizes[0] else None
                if save and save.exists():
                    save.unlink()
                r = measure(step, engine, data, args, save)
                r.update(timeout=args.timeout, mem_gb=args.mem_gb)
                pair[engine] = r
                if r.get("path") and "not exported" in r["path"]:
                    paths[step] = r["path"]
                shown = fmt_s(r)
                unit = " s" if r["status"] == "ok" else ""
                print(f"  {step:<15} {engine:<8} {shown + unit:>14}  peak {fmt_gb(r)} GB"
                      + (f"  [{'; '.join(r['notes'])}]" if r["notes"] else ""), flush=True)
                for note in r["notes"]:
                    if r["status"] != "ok" or "best of" in note:
                        notes.append(f"{label(size)} {STEPS[step][0]}, {engine}: {note}")
            if size == sizes[0] and all(pair.get(e, {}).get("status") == "ok" for e in ("package", "duckdb")):
                checks[step] = compare(step, check_dir / f"{step}.package.parquet",
                                       check_dir / f"{step}.duckdb.parquet")
                print(f"  {step:<15} check    {checks[step]}", flush=True)
    for step, path in paths.items():
        notes.append(f"{STEPS[step][0]}: called {path}")
    load1 = f"{os.getloadavg()[0]:.1f}"
    rows = table_rows(results)
    print()
    print_table(rows)
    if not args.no_write:
        write_results(markdown(rows, info, args, checks, notes, started, (load0, load1)))
        print(f"\nwritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
