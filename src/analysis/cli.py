"""Command line: ``python -m analysis <command>``. Parses arguments and delegates; no logic here.

Commands
--------
sample    generate the seeded sample data set
run       execute the analysis notebooks for branches and publish HTML reports
validate  check a data folder against the data contract
import-wjx  import a 问卷星 (Wenjuanxing) export into a data folder (names and phones become hashed ids)
contract  print the data contract (Markdown)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import config
from analysis.errors import AnalysisError, DataError


def _cmd_sample(args) -> int:
    from analysis.io import write_dataset
    from analysis.sample import make_sample

    tables = make_sample(seed=args.seed, branches=args.branches)
    paths = write_dataset(tables, args.out, fmt=args.format)
    rows = sum(len(t) for t in tables.values())
    print(f"wrote {len(paths)} tables ({rows} rows) to {Path(args.out).resolve()}")
    return 0


def _cmd_validate(args) -> int:
    from analysis.io import load_dataset

    try:
        ds = load_dataset(args.source, errors="report")
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    q = ds.quality()
    width = max(len(t) for t in q["table"])
    print(f"{'table':<{width}}  {'rows read':>9}  {'rejected':>8}")
    for r in q.itertuples(index=False):
        read = f"{r.rows_read:>9}" if r.present else f"{'absent':>9}"
        print(f"{r.table:<{width}}  {read}  {r.rows_rejected:>8}")
    for note in ds.notes:
        if "optional table absent" not in note:  # the table above already says "absent"
            print(f"note: {note}")
    if len(ds.problems):
        from analysis.io import format_problems

        print()
        print(format_problems(ds.problems, ds.source))
        return 1
    print(f"\n{ds.source}: valid, no problems found.")
    return 0


def _cmd_run(args) -> int:
    from analysis.io import load_dataset
    from analysis.runner import discover_notebooks, plan_runs, run_notebooks

    notebooks = discover_notebooks(args.notebooks_dir, args.notebook)
    # Read the data once up front: a data set no report can use fails here, once, not in every notebook.
    ds = load_dataset(args.data, errors="report")
    known = sorted(ds["branches"]["branch_id"].dropna().unique().tolist())
    branches = args.branch or known
    if not branches:
        raise DataError(f"{args.data}: the branches table has no rows, so there is nothing to report on")
    unknown = [b for b in branches if b not in known]
    if unknown:
        raise DataError(f"branch {', '.join(unknown)} not in the branches table of {args.data} "
                        f"(known: {', '.join(known)})")
    if len(ds.problems):
        print(f"note: {int(ds.problems['n_rows'].sum())} rows break the data contract and are left out of the "
              f"reports (each report lists them); `python -m analysis validate {args.data}` shows them")
    specs = plan_runs(notebooks, branches, args.data, args.out, args.period_start, args.period_end,
                      args.language, extra=_parse_params(args.param))
    print(f"running {len(notebooks)} notebook(s) × {len(branches)} branch(es) = {len(specs)} run(s), "
          f"{args.jobs} at a time")

    def progress(r):
        mark = "ok    " if r.status == "ok" else "FAILED"
        line = f"  [{mark}] {r.branch_id} {r.notebook} ({r.seconds:.1f} s)"
        if r.error:
            line += f": {r.error}"
        print(line, flush=True)

    results = run_notebooks(specs, args.out, jobs=args.jobs, timeout=args.timeout, on_result=progress)
    failed = [r for r in results if r.status != "ok"]
    index = (Path(args.out) / "index.html").resolve()
    print(f"{len(results) - len(failed)} ok, {len(failed)} failed")
    print(f"index: {index}")
    return 1 if failed else 0


def _cmd_import_wjx(args) -> int:
    from analysis.io import append_tables, read_wjx
    from analysis.questionnaire import standard_questionnaire

    community = int(args.community_question) if args.community_question else args.community
    channel = int(args.channel) if args.channel and args.channel.isdigit() else args.channel
    questions = None if args.no_codebook else standard_questionnaire()
    tables = read_wjx(args.export, questions, community_id=community, channel=channel, event_id=args.event_id,
                      response_prefix=args.prefix)
    written = append_tables(tables, args.out, keys={"survey_responses": ["response_id"],
                                                    "survey_answers": ["response_id", "question_id", "value"],
                                                    "survey_questions": ["question_id"]})
    n = len(tables["survey_responses"])
    print(f"imported {n} answer sheets ({len(tables['survey_answers'])} answers) from {Path(args.export).name}; "
          f"names, phone numbers and IP addresses were not kept")
    for path in written:
        print(f"  {path}")
    return 0


def _parse_params(items) -> dict:
    """``["event_id=B01-E03", "standard=0.7"]`` → ``{"event_id": "B01-E03", "standard": 0.7}``.

    Values are read as JSON when they parse (numbers, true/false), as text otherwise.
    """
    import json

    from analysis.errors import ParameterError

    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip().isidentifier():
            raise ParameterError(f"--param expects NAME=VALUE, e.g. --param event_id=B01-E03; got {item!r}")
        try:
            out[key.strip()] = json.loads(value)
        except ValueError:
            out[key.strip()] = value
    return out


def _cmd_contract(args) -> int:
    from analysis.schemas import contract_markdown

    print(contract_markdown())
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("sample", help="generate the seeded sample data set")
    s.add_argument("--out", default=str(config.SAMPLE_DIR), help="output folder (default: data/sample)")
    s.add_argument("--seed", type=int, default=0, help="random seed (same seed, same files)")
    s.add_argument("--branches", type=int, default=3, help="number of branches")
    s.add_argument("--format", default="csv", choices=["csv", "parquet", "xlsx"], help="file format")
    s.set_defaults(func=_cmd_sample)

    r = sub.add_parser("run", help="execute notebooks for branches and publish HTML reports")
    r.add_argument("--data", default=str(config.SAMPLE_DIR), help="data folder or SQLite file")
    r.add_argument("--out", default=str(config.REPORTS_DIR / "latest"), help="output folder")
    r.add_argument("--branch", action="append", help="branch id (repeat for several; default: all)")
    r.add_argument("--notebook", action="append", help="notebook name or number (repeat; default: all)")
    r.add_argument("--period-start", help="first day of the period, YYYY-MM-DD (default: all data)")
    r.add_argument("--period-end", help="last day of the period, YYYY-MM-DD (default: all data)")
    r.add_argument("--language", default="zh", choices=["zh", "en"], help="report language")
    r.add_argument("--param", action="append", metavar="NAME=VALUE",
                   help="another notebook parameter, e.g. --param event_id=B01-E03 (repeat for several)")
    r.add_argument("--jobs", type=int, default=2, help="notebooks run at the same time")
    r.add_argument("--timeout", type=int, default=600, help="seconds allowed per notebook cell")
    r.add_argument("--notebooks-dir", default=str(config.NOTEBOOKS_DIR), help=argparse.SUPPRESS)
    r.set_defaults(func=_cmd_run)

    v = sub.add_parser("validate", help="check a data folder against the data contract")
    v.add_argument("source", help="data folder or SQLite file")
    v.set_defaults(func=_cmd_validate)

    w = sub.add_parser("import-wjx", help="import a 问卷星 export into the survey tables of a data folder")
    w.add_argument("export", help="the downloaded 问卷星 file (.xlsx or .csv)")
    w.add_argument("--out", required=True, help="data folder to add the survey tables to")
    where = w.add_mutually_exclusive_group(required=True)
    where.add_argument("--community", help="community_id of every answer sheet (a booth in one community)")
    where.add_argument("--community-question", help="number of the question asking for the community")
    w.add_argument("--channel", help="booth, salon, activity, online, wechat, door_to_door, other "
                                     "(or a question number; default: from 来源)")
    w.add_argument("--event-id", help="event where the sheets were filled in")
    w.add_argument("--prefix", default="WJX-", help="prefix of response ids; give each export its own")
    w.add_argument("--no-codebook", action="store_true",
                   help="not the standard questionnaire: keep the export's own questions and options")
    w.set_defaults(func=_cmd_import_wjx)

    c = sub.add_parser("contract", help="print the data contract as Markdown")
    c.set_defaults(func=_cmd_contract)
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
