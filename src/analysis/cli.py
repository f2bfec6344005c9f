"""Command line: ``python -m analysis <command>``. Parses arguments and delegates; no logic here.

Commands
--------
sample    generate the seeded sample data set
run       execute the analysis notebooks for branches and publish HTML reports
validate  check a data folder against the data contract
import-wjx  import a 问卷星 (Wenjuanxing) export into a data folder (names and phones become hashed ids)
templates  write the fill-in Excel forms (签到表, 邀约名单, 线索跟进表, 活动评估表, 客户信息表 and setup sheets)
import-sheets  import filled-in forms into a data folder (names and phones become hashed ids)
import-wecom  import WeCom (企业微信) customer-group payloads into a data folder
contract  print the data contract (Markdown)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import config
from analysis.errors import AnalysisError, DataError


def _cmd_sample(args) -> int:
    from analysis.errors import ParameterError

    if args.scale == "city":
        from analysis.sample.city import make_city

        if args.out is None:
            raise ParameterError("sample --scale city needs --out DIR (a folder outside the repository, e.g. "
                                 "/tmp/city; 10 M memberships take about 320 MB)")
        if args.format not in (None, "parquet"):
            raise ParameterError("sample --scale city writes Parquet only; drop --format or use --format parquet")
        if args.branches is not None:
            raise ParameterError("sample --scale city sizes everything from --members (one branch per "
                                 "50,000 memberships); drop --branches")
        rows = make_city(args.out, seed=args.seed, members=10_000_000 if args.members is None else args.members)
        print(f"wrote {len(rows)} tables ({sum(rows.values())} rows, {rows['group_members']} group memberships) "
              f"to {Path(args.out).resolve()}")
        return 0
    if args.members is not None:
        raise ParameterError("--members is for --scale city; the sample is sized by --branches")
    from analysis.io import write_dataset
    from analysis.sample import make_sample

    tables = make_sample(seed=args.seed, branches=3 if args.branches is None else args.branches)
    out = config.SAMPLE_DIR if args.out is None else args.out
    paths = write_dataset(tables, out, fmt=args.format or "csv")
    rows = sum(len(t) for t in tables.values())
    print(f"wrote {len(paths)} tables ({rows} rows) to {Path(out).resolve()}")
    return 0


def _cmd_validate(args) -> int:
    from analysis.io import load_dataset

    try:
        ds = load_dataset(args.source, errors="report", date_order=args.date_order)
    except DataError as exc:
        print(_masked(str(exc)), file=sys.stderr)
        return 1
    q = ds.quality()
    width = max(len(t) for t in q["table"])
    print(f"{'table':<{width}}  {'rows read':>9}  {'rejected':>8}")
    for r in q.itertuples(index=False):
        read = f"{r.rows_read:>9}" if r.present else f"{'absent':>9}"
        print(f"{r.table:<{width}}  {read}  {r.rows_rejected:>8}")
    for note in ds.notes:
        if "optional table absent" not in note:  # the table above already says "absent"
            print(f"note: {_masked(note)}")
    if len(ds.problems):
        from analysis.io import format_problems

        print()
        print(_masked(format_problems(ds.problems, ds.source)))
        return 1
    print(f"\n{ds.source}: valid, no problems found.")
    return 0


def _cmd_run(args) -> int:
    from analysis.runner import discover_notebooks, run

    notebooks = discover_notebooks(args.notebooks_dir, args.notebook)
    extra = _parse_params(args.param)

    def plan(n_notebooks, n_branches, where):
        print(f"running {n_notebooks} notebook(s) × {n_branches} branch(es) = {n_notebooks * n_branches} run(s), "
              f"{where}", flush=True)

    def progress(r):
        mark = "ok    " if r.status == "ok" else "FAILED"
        line = f"  [{mark}] {r.branch_id} {r.notebook} ({r.seconds:.1f} s)"
        if r.error:
            line += f": {_masked(r.error)}"
        print(line, flush=True)

    # The data is read and validated once, here: a data set no report can use fails once, not in every notebook;
    # each report reads its branch's typed snapshot (OUT/_data/<branch>).
    results = run(args.data, args.out, branches=args.branch, notebooks=notebooks, period_start=args.period_start,
                  period_end=args.period_end, language=args.language, extra=extra, jobs=args.jobs,
                  timeout=args.timeout, scheduler=args.scheduler, date_order=args.date_order, on_result=progress,
                  on_plan=plan, on_note=lambda text: print(f"note: {_masked(text)}"))
    failed = [r for r in results if r.status != "ok"]
    index = (Path(args.out) / "index.html").resolve()
    print(f"{len(results) - len(failed)} ok, {len(failed)} failed")
    print(f"index: {index}")
    return 1 if failed else 0


def _folder_communities(folder: Path):
    """The communities table of the data folder the import goes into (English headers), or None."""
    from analysis.errors import DataError as _DataError
    from analysis.io import _read_folder
    from analysis.schemas import COLUMN_ALIASES

    if not folder.is_dir():
        return None
    try:
        raw, _origin, _notes = _read_folder(folder, {"communities"})
    except _DataError:
        return None  # the folder's own problems are for `validate`; the import does not depend on them
    table = raw.get("communities")
    if table is None:
        return None
    table = table.rename(columns=lambda h: COLUMN_ALIASES["communities"].get(str(h).strip(), h))
    return table if "community_id" in table.columns else None


def _cmd_import_wjx(args) -> int:
    from analysis.io import append_tables, read_wjx
    from analysis.questionnaire import standard_questionnaire

    community = int(args.community_question) if args.community_question else args.community
    channel = int(args.channel) if args.channel and args.channel.isdigit() else args.channel
    questions = None if args.no_codebook else standard_questionnaire()
    out = Path(args.out)
    # the folder's communities check --community (and match the answers of a community question by name)
    communities = _folder_communities(out)
    tables = read_wjx(args.export, questions, community_id=community, channel=channel, event_id=args.event_id,
                      response_prefix=args.prefix, date_order=args.date_order, communities=communities)
    written = append_tables(tables, out, keys={"survey_responses": ["response_id"],
                                               "survey_answers": ["response_id", "question_id", "value"],
                                               "survey_questions": ["question_id"],
                                               "people": ["person_id"]},
                            groups={"survey_answers": "response_id"}, only_new=("people",))
    n = len(tables["survey_responses"])
    print(f"imported {n} answer sheets ({len(tables['survey_answers'])} answers) from {Path(args.export).name}; "
          f"names, phone numbers and IP addresses were not kept")
    for note in getattr(tables, "notes", []):
        print(f"  note: {_masked(note)}")
    for path in written:
        print(f"  {path}")
    return 0


def _print_import(result, added) -> None:
    for line in result.summary(added):
        print(f"  {_masked(line)}")


def _cmd_templates(args) -> int:
    from analysis.importers import write_templates

    path = write_templates(args.out, language=args.language)
    print(f"wrote {path.resolve()}")
    return 0


def _cmd_import_sheets(args) -> int:
    from analysis.importers import import_sheets

    result, added = import_sheets(args.files, args.out, date_order=args.date_order)
    print(f"imported {sum(added.values())} new row(s) from {len(args.files)} file(s) into {Path(args.out).resolve()}; "
          "names and phone numbers were not kept")
    _print_import(result, added)
    return 0


def _staff_map(items) -> dict:
    """``["wuli=B01-S03", "map.csv"]`` → {userid: staff_id} (a CSV with columns userid, staff_id)."""
    from analysis.errors import ParameterError
    from analysis.io import read_file

    out = {}
    for item in items or []:
        if item.lower().endswith(".csv"):
            df = read_file(item)[0]
            if not {"userid", "staff_id"} <= set(df.columns):
                raise ParameterError(f"--staff-map {item}: the CSV needs the columns userid and staff_id")
            out.update({str(a): str(b) for a, b in zip(df["userid"], df["staff_id"])})
            continue
        user, sep, staff = item.partition("=")
        if not sep or not user.strip() or not staff.strip():
            raise ParameterError(f"--staff-map expects USERID=STAFF_ID or a .csv file; got {item!r}")
        out[user.strip()] = staff.strip()
    return out


def _cmd_import_wecom(args) -> int:
    from analysis.importers import import_wecom

    result, added = import_wecom(args.files, args.out, branch_id=args.branch, tier_rule=args.tier_rule,
                                 staff_map=_staff_map(args.staff_map))
    print(f"imported {sum(added.values())} new row(s) from the WeCom payloads into {Path(args.out).resolve()}; "
          "customer names, nicknames and phone numbers were not kept")
    _print_import(result, added)
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


def _count(text: str) -> int:
    """``"10M"``, ``"100k"``, ``"1_000_000"`` or ``"2500"`` → an int (for --members)."""
    t = text.strip().lower().replace("_", "").replace(",", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    try:
        value = float(t[:-1] if mult != 1 else t) * mult
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a count such as 1000000, 100k or 10M, not {text!r}") from None
    if value != int(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole count, not {text!r}")
    return int(value)


def _date_order_option(parser) -> None:
    parser.add_argument("--date-order", choices=["DMY", "MDY", "YMD"], type=str.upper, default=None,
                        help="how to read dates with the year last (03/09/2026): DMY = day first, MDY = month "
                             "first; without it such dates are refused as ambiguous")


def _masked(text: str) -> str:
    from analysis.privacy import mask_personal

    return mask_personal(text)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("sample", help="generate the seeded sample data set (or a city-scale one)")
    s.add_argument("--scale", default="sample", choices=["sample", "city"],
                   help="sample: the 3-branch sample calibrated to the reference cases; city: city-scale "
                        "Parquet tables for benchmarks (sized by --members)")
    s.add_argument("--out", default=None,
                   help="output folder (default for the sample: data/sample; required with --scale city)")
    s.add_argument("--seed", type=int, default=0, help="random seed (same seed, same files)")
    s.add_argument("--branches", type=int, default=None, help="number of branches of the sample (default 3)")
    s.add_argument("--members", type=_count, default=None, metavar="N",
                   help="--scale city: group memberships (default 10M; 100k, 1M …); every other table is "
                        "proportional: people N/5, groups N/50, leads and check-ins N/10, ~2.9·N survey answers")
    s.add_argument("--format", default=None, choices=["csv", "parquet", "xlsx"],
                   help="file format (default csv; the city scale is always parquet)")
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
    r.add_argument("--jobs", type=int, default=2, help="notebooks run at the same time (worker processes, each with "
                                                        "one warm kernel)")
    r.add_argument("--scheduler", metavar="tcp://HOST:8786", default=None,
                   help="run the reports on a Dask distributed cluster (its workers need the package installed "
                        "and --out on a shared file system); --jobs is then ignored")
    r.add_argument("--timeout", type=int, default=600, help="seconds allowed per notebook cell")
    r.add_argument("--notebooks-dir", default=str(config.NOTEBOOKS_DIR), help=argparse.SUPPRESS)
    _date_order_option(r)
    r.set_defaults(func=_cmd_run)

    v = sub.add_parser("validate", help="check a data folder against the data contract")
    v.add_argument("source", help="data folder or SQLite file")
    _date_order_option(v)
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
    _date_order_option(w)
    w.set_defaults(func=_cmd_import_wjx)

    t = sub.add_parser("templates", help="write the fill-in Excel forms (one workbook, one sheet per form)")
    t.add_argument("--out", required=True, help="folder to write the workbook into")
    t.add_argument("--language", default="zh", choices=["zh", "en"], help="headers and drop-downs in zh or en")
    t.set_defaults(func=_cmd_templates)

    i = sub.add_parser("import-sheets", help="import filled-in forms (.xlsx or .csv) into a data folder")
    i.add_argument("files", nargs="+", help="filled-in workbooks or CSV files with a form's headers")
    i.add_argument("--out", required=True, help="data folder to add the rows to")
    _date_order_option(i)
    i.set_defaults(func=_cmd_import_sheets)

    e = sub.add_parser("import-wecom", help="import WeCom customer-group payloads (.json / .jsonl) into a data folder")
    e.add_argument("files", nargs="+", help="payload files or folders of them")
    e.add_argument("--out", required=True, help="data folder to add the rows to")
    e.add_argument("--branch", required=True, help="branch id the groups belong to")
    e.add_argument("--tier-rule", default=None,
                   help="CONDITION:TIER,... first match wins; conditions members>=N (<=, >, <, =), name~PATTERN, *; "
                        "e.g. 'name~精英:elite,members>=200:mass,*:potential' (default: name~精英:elite,"
                        "name~潜在|潜客:potential,*:mass)")
    e.add_argument("--staff-map", action="append", metavar="USERID=STAFF_ID",
                   help="WeCom userid of a group owner → staff id (repeat, or give a CSV with userid, staff_id)")
    e.set_defaults(func=_cmd_import_wecom)

    c = sub.add_parser("contract", help="print the data contract as Markdown")
    c.set_defaults(func=_cmd_contract)
    return p


def main(argv=None) -> int:
    """Run a command; every error reaches the user as one message (personal data masked), never a traceback.

    Exit codes: 0 ok, 1 an error in the data, a parameter or a run, 2 a bad command line (argparse),
    3 an unexpected internal error (set ``ANALYSIS_DEBUG=1`` to see its traceback), 130 interrupted.
    """
    import os

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AnalysisError as exc:
        print(f"error: {_masked(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"error: {_masked(exc.strerror or str(exc))}{_masked(where)}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for the user
        if os.environ.get("ANALYSIS_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {_masked(str(exc))}. This is a bug of the analysis package; "
              "run again with ANALYSIS_DEBUG=1 to see the traceback and report it.", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
