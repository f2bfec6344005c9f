"""Run the parameterized notebooks for many branches and publish HTML reports.

:func:`run` is ``python -m analysis run``: it reads and validates the data once, writes a typed snapshot per
branch (:mod:`analysis.snapshot`, under ``OUT/_data/<branch>/``), executes every notebook × branch against its
branch's snapshot — in warm kernels in worker processes on this machine, or on a Dask cluster
(:mod:`analysis.fleet`) — and writes

* ``OUT/<branch_id>/<notebook>.ipynb`` — the executed notebook,
* ``OUT/<branch_id>/<notebook>.html`` — the report page, code hidden, self-contained,
* ``OUT/index.html`` — the cross-branch dashboard and the run status (:mod:`analysis.dashboard`),
* ``OUT/dashboard.csv`` — the dashboard's figures (formulas neutralized),
* ``OUT/manifest.json`` — one entry per report: notebook, branch_id, parameters, status (``ok``/``failed``),
  seconds, error, outputs, title; and the run's data source, period and language.

:func:`run_notebooks` executes a list of :class:`RunSpec` (from :func:`plan_runs`) and writes the same
outputs without the read-once step (the notebooks read ``data`` themselves).

Guarantees:

* One failing report never stops the others (a notebook error, a timeout, a dead kernel or worker).
* Files are replaced atomically: an executed notebook and its page are written under a temporary
  ``.…running…`` name and moved into place only when the report succeeded, so a re-run never replaces a good
  report by a half-written one; a failed report leaves ``<notebook>.failed.ipynb`` for diagnosis and the link
  to the previous good page. A run removes the temporary files a killed run left behind before it starts.
* One run at a time per output folder (:class:`analysis.outputs.RunLock`); a second one stops with a message.
* Branch and notebook ids become paths only when safe (:func:`analysis.outputs.check_id`), and nothing is
  written outside ``--out``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis import config
from analysis.errors import DataError, ParameterError

__all__ = ["RunSpec", "RunResult", "discover_notebooks", "plan_runs", "run_notebooks", "write_index", "run",
           "declared_parameters", "DATA_FOLDER"]

#: Folder of the per-branch snapshots inside the output folder.
DATA_FOLDER = "_data"


@dataclass(frozen=True)
class RunSpec:
    """One notebook to execute for one branch with its parameters."""

    notebook: Path
    branch_id: str
    parameters: dict

    @property
    def name(self) -> str:
        return self.notebook.stem


@dataclass
class RunResult:
    """What happened to one :class:`RunSpec` (one manifest entry)."""

    notebook: str
    branch_id: str
    parameters: dict
    status: str
    seconds: float
    error: str | None = None
    outputs: dict = field(default_factory=dict)
    title: str = ""


def discover_notebooks(folder=None, names=None) -> list[Path]:
    """The analysis notebooks in ``folder`` (default ``notebooks/``), sorted by name.

    ``names`` selects some: each may be the full stem (``00_data_overview``), its number
    (``00``) or the part after the number (``data_overview``).
    """
    folder = Path(folder or config.NOTEBOOKS_DIR)
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise ParameterError(f"no notebooks found in {folder}")
    if not names:
        return found
    chosen = []
    for n in names:
        hits = [p for p in found if n in (p.stem, p.stem.split("_", 1)[0], p.stem.split("_", 1)[-1])]
        if not hits:
            raise ParameterError(f"unknown notebook {n!r}; available: {', '.join(p.stem for p in found)}")
        chosen += [h for h in hits if h not in chosen]
    return chosen


def declared_parameters(notebook) -> set[str]:
    """The names the notebook's ``parameters`` cell assigns (``name: type = value`` or ``name = value``)."""
    import re

    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return set(re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=", cell.source, re.M))
    return set()


def plan_runs(notebooks, branches, data, out, period_start=None, period_end=None, language="zh",
              extra=None) -> list[RunSpec]:
    """The notebooks × branches to run, each with its papermill parameters.

    ``data`` is one source for every branch, or a mapping branch → source (the run's snapshots).
    """
    specs = []
    out_dir = Path(out).resolve()
    for nb in notebooks:
        for b in branches:
            source = data[b] if isinstance(data, dict) else data
            params = {"data": str(Path(source).resolve()), "branch_id": b, "language": language,
                      "output_dir": str(out_dir / str(b))}  # a text parameter: the runner checks ids before any path
            if period_start:
                params["period_start"] = str(period_start)
            if period_end:
                params["period_end"] = str(period_end)
            params.update(extra or {})
            specs.append(RunSpec(Path(nb), b, params))
    return specs


def _html_export(nb_path: Path, branch_name: str | None = None) -> str:
    """The report page of an executed notebook (``OUT/<branch>/<name>.html``): self-contained, code hidden.

    Title, branch and period come from the notebook itself (its heading, papermill's parameters, the
    report's header line); the index page is one folder up.
    """
    import nbformat

    from analysis.report import html as report_html

    nb = nbformat.read(nb_path, as_version=4)
    params = nb.metadata.get("papermill", {}).get("parameters", {}) or {}
    language = params.get("language") if params.get("language") in ("zh", "en") else "zh"
    return report_html.export(nb_path, report_html.notebook_title(nb, branch_name), index_href="../index.html",
                              language=language)


def _first_error_line(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------------------
# executing and writing
# ---------------------------------------------------------------------------


def _make_fleet(jobs: int, n_tasks: int, scheduler: str | None, kernel_name: str | None, warm=()):
    from analysis import fleet

    if scheduler:
        return fleet.DaskFleet(scheduler)
    if jobs == 1 or n_tasks <= 1:
        return fleet.InProcessFleet()
    return fleet.LocalFleet(min(jobs, n_tasks), kernel_name or "python3", warm=warm)


def _limit_threads(jobs: int) -> None:
    # Kernels inherit this process's environment. With several notebooks at a time on few cores, multi-threaded
    # BLAS in each kernel oversubscribes the CPU (model fits measured ~30x slower); one thread per kernel
    # unless the user set otherwise.
    if jobs > 1:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")


class _Writer:
    """Writes each finished report into OUT (atomically) and turns it into a :class:`RunResult`."""

    def __init__(self, out: Path, specs: list[RunSpec], on_result=None):
        self.out, self.specs, self.on_result = out, specs, on_result
        self.results: list[RunResult | None] = [None] * len(specs)
        # a failed report keeps the title of its last good run (its heading comes from its outputs)
        self.titles = {(e.get("notebook"), e.get("branch_id")): e.get("title")
                       for e in _read_manifest(out).get("runs", []) if e.get("status") == "ok"}

    def refuse(self, i: int, why: str) -> None:
        spec = self.specs[i]
        result = RunResult(spec.name, spec.branch_id, spec.parameters, "failed", 0.0, error=why, title=spec.name)
        self.results[i] = result
        if self.on_result is not None:
            self.on_result(result)

    def __call__(self, i: int, res: dict) -> None:
        from analysis.outputs import inside, write_atomic

        spec = self.specs[i]
        try:
            folder = inside(self.out, self.out / spec.branch_id)
            folder.mkdir(parents=True, exist_ok=True)
            final_nb, final_html = folder / f"{spec.name}.ipynb", folder / f"{spec.name}.html"
            failed_nb = folder / f"{spec.name}.failed.ipynb"
            for p in (final_nb, final_html, failed_nb):
                inside(self.out, p)
            outputs = {}
            status, error = res["status"], res.get("error")
            if status == "ok":
                write_atomic(final_nb, res["notebook"])
                write_atomic(final_html, res["html"])
                failed_nb.unlink(missing_ok=True)
                outputs = {"notebook": _rel(final_nb, self.out), "html": _rel(final_html, self.out)}
            else:
                if res.get("notebook"):
                    write_atomic(failed_nb, res["notebook"])
                    outputs["failed_notebook"] = _rel(failed_nb, self.out)
                if final_html.exists():
                    outputs["html"] = _rel(final_html, self.out)  # the previous good report stays
        except Exception as exc:  # noqa: BLE001 - a report that cannot be written is a failed report
            status, error, outputs = "failed", f"writing the report failed: {_first_error_line(exc)}", {}
        title = res.get("title") or spec.name
        if status != "ok":
            title = self.titles.get((spec.name, spec.branch_id)) or title
        result = RunResult(spec.name, spec.branch_id, spec.parameters, status, float(res.get("seconds") or 0.0),
                           error=_masked(error) if error else None, outputs=outputs, title=title)
        self.results[i] = result
        if self.on_result is not None:
            self.on_result(result)


def _rel(path: Path, out: Path) -> str:
    return path.resolve().relative_to(out).as_posix()


def _missing(v) -> bool:
    import pandas as pd

    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _masked(text: str) -> str:
    from analysis.privacy import mask_personal

    return mask_personal(str(text))


def _unsafe(specs) -> dict[int, str]:
    """spec index → why its branch id cannot become a folder name (those reports fail; the others run)."""
    from analysis.outputs import check_id

    refused = {}
    for i, s in enumerate(specs):
        try:
            check_id(s.branch_id, "branch id")
        except ParameterError as exc:
            refused[i] = str(exc)
    return refused


def _check_parameters(specs) -> None:
    from analysis.outputs import check_id

    for s in specs:
        check_id(s.notebook.stem, "notebook name")
        if s.parameters.get("event_id"):
            check_id(s.parameters["event_id"], "event id")


def _execute_all(specs, out: Path, jobs, kernel_name, timeout, on_result, scheduler, branch_names,
                 fleet=None) -> list[RunResult]:
    from analysis import fleet as fleet_mod

    refused = _unsafe(specs)
    runnable = [i for i in range(len(specs)) if i not in refused]
    warm = fleet_mod.warm_modules(sorted({specs[i].notebook for i in runnable}))
    tasks = [fleet_mod.make_task(specs[i].notebook, specs[i].parameters, kernel_name, timeout,
                                 branch_name=_display_name(branch_names, specs[i]), branch_id=specs[i].branch_id,
                                 warm=warm) for i in runnable]
    writer = _Writer(out, specs, on_result)
    for i, why in refused.items():  # nothing is written for them: the id never becomes a path
        writer.refuse(i, why)
    own = fleet is None
    if own and tasks:
        fleet = _make_fleet(jobs, len(tasks), scheduler, kernel_name, warm)
    try:
        if tasks:
            fleet.map(tasks, lambda j, res: writer(runnable[j], res))
    finally:
        if own and tasks:
            fleet.close()
    return [r if r is not None else RunResult(s.name, s.branch_id, s.parameters, "failed", 0.0,
                                              error="the report was not run", title=s.name)
            for r, s in zip(writer.results, specs)]


def _display_name(branch_names, spec) -> str | None:
    if not branch_names or spec.branch_id not in branch_names:
        return None
    name = branch_names[spec.branch_id]
    if _missing(name) or not str(name).strip():
        return spec.branch_id
    zh = spec.parameters.get("language", "zh") == "zh"
    return f"{name}（{spec.branch_id}）" if zh else f"{name} ({spec.branch_id})"


def _write_manifest(out: Path, results, started, jobs, extra_meta=None) -> list[RunResult]:
    from analysis.outputs import write_atomic

    # keep earlier entries of reports not repeated now, so a partial re-run keeps the full index
    done = {(r.notebook, r.branch_id) for r in results}
    before = _read_manifest(out)
    previous = [RunResult(**e) for e in before.get("runs", [])
                if (e.get("notebook"), e.get("branch_id")) not in done]
    if extra_meta and "snapshots" in extra_meta and isinstance(before.get("snapshots"), dict):
        extra_meta = {**extra_meta, "snapshots": {**before["snapshots"], **extra_meta["snapshots"]}}
    manifest = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "jobs": jobs,
        **(extra_meta or {}),
        "runs": [asdict(r) for r in previous + results],
    }
    write_atomic(out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    return previous + list(results)


def run_notebooks(specs, out, jobs: int = 2, kernel_name: str | None = None, timeout: int = 600,
                  on_result=None, scheduler: str | None = None, branch_names: dict | None = None
                  ) -> list[RunResult]:
    """Execute every :class:`RunSpec`, up to ``jobs`` at a time; write the reports, the index and the manifest.

    Parameters
    ----------
    specs : list of RunSpec
    out : path-like
        Output folder (created; an existing file is an error).
    jobs : int
        Reports executed at the same time on this machine (worker processes, each with one warm kernel).
    kernel_name : str, optional
        Jupyter kernel; default: the notebook's (``python3``, the Python running this function).
    timeout : int
        Seconds allowed per cell.
    on_result : callable, optional
        Called with each :class:`RunResult` as it finishes (the CLI prints progress with it).
    scheduler : str, optional
        Address of a Dask distributed scheduler (``tcp://host:8786``): the reports run on its workers.
    branch_names : dict, optional
        branch id → name, for the page titles and the index.

    Returns
    -------
    list of RunResult
        In the order of ``specs``.
    """
    from analysis.outputs import RunLock, check_out, remove_stale

    if jobs < 1:
        raise ParameterError(f"jobs must be at least 1, not {jobs}")
    out = check_out(out)
    specs = [RunSpec(s.notebook.resolve(), s.branch_id, s.parameters) for s in specs]
    _check_parameters(specs)
    started = dt.datetime.now().astimezone()
    _limit_threads(jobs)
    with RunLock(out):
        remove_stale(out)
        results = _execute_all(specs, out, jobs, kernel_name, timeout, on_result, scheduler, branch_names)
        everything = _write_manifest(out, results, started, jobs)
        write_index(everything, out, branch_names=branch_names)
    return results


def _read_manifest(out: Path) -> dict:
    path = out / "manifest.json"
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = set(RunResult.__dataclass_fields__)
        data["runs"] = [{k: v for k, v in e.items() if k in fields} for e in data.get("runs", [])]
        return data
    except (ValueError, TypeError, AttributeError):
        return {}


def write_index(results, out, headlines: dict | None = None, branch_names: dict | None = None,
                period=(None, None), language: str = "zh") -> Path:
    """Write ``OUT/index.html``: the cross-branch dashboard and the run status (:mod:`analysis.dashboard`)."""
    from analysis import dashboard

    return dashboard.write_index(results, out, headlines=headlines, branch_names=branch_names, period=period,
                                 language=language)


# ---------------------------------------------------------------------------
# the whole run: read once, snapshot, execute, dashboard
# ---------------------------------------------------------------------------


def _run_as_of(ds) -> str | None:
    """The evaluation moment of the follow-up reports over the whole data set (every branch the same)."""
    try:
        from analysis import followup

        ts = followup.evaluation_time(ds["leads"], None)
    except Exception:  # noqa: BLE001 - the notebook then takes its own default
        return None
    try:
        import pandas as pd

        return None if ts is None or pd.isna(ts) else pd.Timestamp(ts).isoformat()
    except (TypeError, ValueError):
        return None


def run(data, out, branches=None, notebooks=None, period_start=None, period_end=None, language: str = "zh",
        extra: dict | None = None, jobs: int = 2, timeout: int = 600, scheduler: str | None = None,
        date_order: str | None = None, kernel_name: str | None = None, on_result=None, on_plan=None,
        on_note=None) -> list[RunResult]:
    """``python -m analysis run``: every notebook × branch, reading the data once.

    Parameters
    ----------
    data : path-like
        A data folder or SQLite file (read and validated once, with ``errors="report"``).
    out : path-like
        Output folder (created; an existing file is an error; one run at a time).
    branches : list of str, optional
        Default: every branch of the data.
    notebooks : list of path, optional
        Default: :func:`discover_notebooks`.
    period_start, period_end, language, extra :
        Notebook parameters (``extra`` from ``--param``).
    jobs, timeout, scheduler, kernel_name :
        As in :func:`run_notebooks`.
    date_order : str, optional
        How to read day/month dates of the source (:func:`analysis.io.load_dataset`).
    on_result, on_plan, on_note : callable, optional
        Progress: each :class:`RunResult`; ``on_plan(n_notebooks, n_branches, description)`` once before the
        reports start; ``on_note(text)`` for notes on the data.

    Returns
    -------
    list of RunResult
    """
    from analysis import dashboard, snapshot
    from analysis.io import load_dataset
    from analysis.outputs import RunLock, check_id, check_out, remove_stale
    from analysis.scope import parse_period

    if jobs < 1:
        raise ParameterError(f"jobs must be at least 1, not {jobs}")
    out = check_out(out)
    parse_period(period_start, period_end)  # a bad period fails here, once
    notebooks = [Path(p).resolve() for p in (notebooks or discover_notebooks())]
    for nb in notebooks:
        check_id(nb.stem, "notebook name")
    started = dt.datetime.now().astimezone()
    _limit_threads(jobs)
    # the workers start their kernels (and import pandas, statsmodels … in them) while the data is read
    from analysis.fleet import warm_modules

    fleet = _make_fleet(jobs, len(notebooks) * max(len(branches or ()), 2), scheduler, kernel_name,
                        warm_modules(notebooks))
    lock = None
    try:
        if out.exists():  # lock before the long read: a second run into the same folder stops at once
            lock = RunLock(out).__enter__()
        ds = load_dataset(data, errors="report", date_order=date_order)
        known = sorted(ds["branches"]["branch_id"].dropna().astype(str).unique().tolist())
        chosen = list(branches or known)
        if not chosen:
            raise DataError(f"{data}: the branches table has no rows, so there is nothing to report on")
        unknown = [b for b in chosen if b not in known]
        if unknown:
            raise DataError(f"branch {', '.join(unknown)} not in the branches table of {data} "
                            f"(known: {', '.join(known)})")
        safe = []
        for b in chosen:  # a branch whose id cannot be a folder name fails its reports; the others run
            try:
                safe.append(check_id(b, "branch id"))
            except ParameterError:
                pass
        extra = dict(extra or {})
        if extra.get("event_id"):
            check_id(extra["event_id"], "event id")
        if lock is None:
            lock = RunLock(out).__enter__()
        remove_stale(out)
        if len(ds.problems) and on_note is not None:
            on_note(f"{int(ds.problems['n_rows'].sum())} rows break the data contract and are left out of the "
                    f"reports (each report lists them); `python -m analysis validate {data}` shows them")
        names = {str(k): (None if _missing(v) else str(v))
                 for k, v in zip(ds["branches"]["branch_id"].astype(str), ds["branches"]["name"].astype(object))}
        snaps = snapshot.write_all(ds, safe, out / DATA_FOLDER)
        snaps.update({b: out / DATA_FOLDER / "-" for b in chosen if b not in snaps})  # never written: refused
        as_of = _run_as_of(ds)
        specs = []
        for nb in notebooks:
            declared = declared_parameters(nb)
            nb_extra = dict(extra)
            if "as_of" in declared and "as_of" not in nb_extra and as_of:
                nb_extra["as_of"] = as_of  # one evaluation moment for every branch, as over the whole data set
            specs += plan_runs([nb], chosen, snaps, out, period_start, period_end, language, nb_extra)
        _check_parameters(specs)
        # the dashboard's figures are computed while the reports run (as the monthly overview computes them:
        # the domains' defaults, the user's --param values where a domain takes them)
        figures: dict = {}
        dash_period = dashboard.dashboard_period(ds, period_start, period_end)

        def compute_figures():
            for b in safe:
                figures[b] = dashboard.branch_headlines(ds, b, dash_period[0], dash_period[1], extra)

        worker = threading.Thread(target=compute_figures, name="analysis-dashboard", daemon=True)
        worker.start()
        if on_plan is not None:
            on_plan(len(notebooks), len(chosen), fleet.description)
        results = _execute_all(specs, out, jobs, kernel_name, timeout, on_result, scheduler, names, fleet=fleet)
        worker.join(timeout=max(timeout, 60))  # a domain that hangs leaves its branches without figures
        meta = {"data": str(data), "period_start": period_start or "", "period_end": period_end or "",
                "language": language, "scheduler": scheduler or "",
                "snapshots": {b: _rel(p, out) for b, p in snaps.items() if b in safe}}
        everything = _write_manifest(out, results, started, jobs, meta)
        write_index(everything, out, headlines=dict(figures), branch_names=names, period=dash_period,
                    language=language)
        return results
    finally:
        fleet.close()
        if lock is not None:
            lock.__exit__(None, None, None)
