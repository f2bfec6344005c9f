"""Run the parameterized notebooks for many branches with papermill and publish HTML reports.

For every (notebook, branch) pair the runner injects the parameters into the
cell tagged ``parameters``, executes the notebook, and writes

* ``OUT/<branch_id>/<notebook>.ipynb`` — the executed notebook,
* ``OUT/<branch_id>/<notebook>.html`` — the report, code hidden,
* ``OUT/index.html`` — a page linking every report, and
* ``OUT/manifest.json`` — one entry per run: notebook, branch_id, parameters,
  status (``ok``/``failed``), seconds, error, outputs.

One failing run never stops the others. Outputs are written to temporary files
and moved into place only when the run succeeded, so re-running into the same
folder never replaces a good report by a half-written one; a failed run leaves
its executed notebook as ``<notebook>.failed.ipynb`` for diagnosis.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import time
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis import config
from analysis.errors import ParameterError

__all__ = ["RunSpec", "RunResult", "discover_notebooks", "plan_runs", "run_notebooks", "write_index"]


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


def plan_runs(notebooks, branches, data, out, period_start=None, period_end=None, language="zh",
              extra=None) -> list[RunSpec]:
    """The notebooks × branches to run, each with its papermill parameters."""
    specs = []
    for nb in notebooks:
        for b in branches:
            params = {"data": str(Path(data).resolve()), "branch_id": b, "language": language,
                      "output_dir": str((Path(out) / b).resolve())}
            if period_start:
                params["period_start"] = str(period_start)
            if period_end:
                params["period_end"] = str(period_end)
            params.update(extra or {})
            specs.append(RunSpec(Path(nb), b, params))
    return specs


def _html_export(nb_path: Path) -> str:
    """The report page of an executed notebook (``OUT/<branch>/<name>.html``): self-contained, code hidden.

    Title, branch and period come from the notebook itself (its heading, papermill's parameters, the
    report's header line); the index page is one folder up.
    """
    import nbformat

    from analysis.report import html as report_html

    nb = nbformat.read(nb_path, as_version=4)
    params = nb.metadata.get("papermill", {}).get("parameters", {}) or {}
    language = params.get("language") if params.get("language") in ("zh", "en") else "zh"
    return report_html.export(nb_path, report_html.notebook_title(nb), index_href="../index.html",
                              language=language)


class _DropUnknownParameter(logging.Filter):
    """papermill warns once per notebook about every parameter the notebook does not declare. The runner passes
    the same parameter set to every notebook on purpose (e.g. ``event_id`` only 02 uses), so that is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Passed unknown parameter")


def _quiet_console() -> None:
    """Keep the console to the runner's own lines (idempotent; runs in every worker process)."""
    log = logging.getLogger("papermill")
    if not any(isinstance(f, _DropUnknownParameter) for f in log.filters):
        log.addFilter(_DropUnknownParameter())


def _kernel_arguments(notebook: Path, kernel_name: str | None) -> list[str]:
    """Extra command-line arguments for the kernel: ipykernel's own log silenced (level CRITICAL).

    ipykernel 7 logs "Kernel is running over TCP without encryption" at every start (the kernel listens on
    127.0.0.1 only, for the one process that started it), and "KeyboardInterrupt caught in kernel" when the
    SIGINT that jupyter_client sends before every shutdown lands while it is busy (often on a loaded machine).
    Neither concerns the report: errors of the notebook's code are in its outputs and fail the run, and a kernel
    that dies or hangs fails the run with nbclient's error in the manifest and the progress line. Kernels other
    than ipykernel get no extra argument.
    """
    try:
        import nbformat
        from jupyter_client.kernelspec import KernelSpecManager

        name = kernel_name or nbformat.read(notebook, as_version=4).metadata.get("kernelspec", {}).get("name") or "python3"
        argv = KernelSpecManager().get_kernel_spec(name).argv
    except Exception:  # noqa: BLE001 - unknown kernel: papermill reports it; add nothing
        return []
    if any("ipykernel" in str(a) for a in argv):
        return ["--IPKernelApp.log_level=CRITICAL"]
    return []


def _first_error_line(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def _execute(spec: RunSpec, out: Path, kernel_name: str | None, timeout: int) -> RunResult:
    import papermill as pm

    folder = out / spec.branch_id
    folder.mkdir(parents=True, exist_ok=True)
    final_nb = folder / f"{spec.name}.ipynb"
    final_html = folder / f"{spec.name}.html"
    tmp_nb = folder / f".{spec.name}.{os.getpid()}.running.ipynb"
    tmp_html = folder / f".{spec.name}.{os.getpid()}.running.html"
    started = time.perf_counter()
    title = _title(spec.notebook)
    _quiet_console()
    try:
        # The kernel starts in the notebook's folder (nbclient's resources path), not through papermill's `cwd`,
        # which chdirs the whole process.
        pm.execute_notebook(
            str(spec.notebook), str(tmp_nb), parameters=spec.parameters, kernel_name=kernel_name,
            progress_bar=False, log_output=False, execution_timeout=timeout, report_mode=False,
            resources={"metadata": {"path": str(spec.notebook.parent)}},
            extra_arguments=_kernel_arguments(spec.notebook, kernel_name),
        )
        tmp_html.write_text(_html_export(tmp_nb), encoding="utf-8")
        os.replace(tmp_nb, final_nb)
        os.replace(tmp_html, final_html)
        (folder / f"{spec.name}.failed.ipynb").unlink(missing_ok=True)
        return RunResult(spec.name, spec.branch_id, spec.parameters, "ok", time.perf_counter() - started, title=title,
                         outputs={"notebook": str(final_nb.relative_to(out)), "html": str(final_html.relative_to(out))})
    except Exception as exc:  # noqa: BLE001 - a failed run is recorded, never raised
        failed = folder / f"{spec.name}.failed.ipynb"
        outputs = {}
        if tmp_nb.exists():
            os.replace(tmp_nb, failed)
            outputs["failed_notebook"] = str(failed.relative_to(out))
        tmp_html.unlink(missing_ok=True)
        if final_html.exists():
            outputs["html"] = str(final_html.relative_to(out))  # the previous good report stays
        return RunResult(spec.name, spec.branch_id, spec.parameters, "failed", time.perf_counter() - started,
                         error=_first_error_line(exc), outputs=outputs, title=title)


def run_notebooks(specs, out, jobs: int = 2, kernel_name: str | None = None, timeout: int = 600,
                  on_result=None) -> list[RunResult]:
    """Execute every :class:`RunSpec`, up to ``jobs`` at a time; write the index and manifest.

    Parameters
    ----------
    specs : list of RunSpec
    out : path-like
        Output folder (created).
    jobs : int
        Notebooks executed at the same time (each runs in its own kernel process).
    kernel_name : str, optional
        Jupyter kernel; default: the Python running this function (``python3`` native kernel).
    timeout : int
        Seconds allowed per cell.
    on_result : callable, optional
        Called with each :class:`RunResult` as it finishes (the CLI prints progress with it).

    Returns
    -------
    list of RunResult
        In the order of ``specs``.
    """
    if jobs < 1:
        raise ParameterError(f"jobs must be at least 1, not {jobs}")
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    specs = [RunSpec(s.notebook.resolve(), s.branch_id, s.parameters) for s in specs]
    started = dt.datetime.now().astimezone()
    # Kernels inherit this process's environment. With several notebooks at a time on few cores, multi-threaded
    # BLAS in each kernel oversubscribes the CPU (model fits measured ~30x slower); one thread per kernel
    # unless the user set otherwise.
    if jobs > 1:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")

    def one(spec):
        res = _execute(spec, out, kernel_name, timeout)
        if on_result is not None:
            on_result(res)
        return res

    if jobs == 1 or len(specs) <= 1:
        results = [one(s) for s in specs]
    else:
        # Worker processes, not threads: papermill keeps its working directory in module state and chdirs the
        # process while it reads and writes, which is not safe across threads.
        results = [None] * len(specs)
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {pool.submit(_execute, spec, out, kernel_name, timeout): i for i, spec in enumerate(specs)}
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:  # noqa: BLE001 - a crashed worker is a failed run, never the end of all
                    res = RunResult(specs[i].name, specs[i].branch_id, specs[i].parameters, "failed", 0.0,
                                    error=_first_error_line(exc), title=specs[i].name)
                results[i] = res
                if on_result is not None:
                    on_result(res)
    # keep earlier entries of runs not repeated now, so a partial re-run keeps the full index
    done = {(r.notebook, r.branch_id) for r in results}
    previous = [RunResult(**e) for e in _read_manifest(out).get("runs", [])
                if (e.get("notebook"), e.get("branch_id")) not in done]
    manifest = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "jobs": jobs,
        "runs": [asdict(r) for r in previous + results],
    }
    _write_atomic(out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    write_index(previous + results, out)
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
    except (ValueError, TypeError):
        return {}


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _title(nb_path: Path) -> str:
    import nbformat

    try:
        nb = nbformat.read(nb_path, as_version=4)
    except Exception:  # noqa: BLE001 - fall back to the file name
        return nb_path.stem
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb_path.stem


def write_index(results, out) -> Path:
    """Write ``OUT/index.html``: one table row per report, by branch, with status and links."""
    out = Path(out)
    rows = []
    for r in sorted(results, key=lambda r: (r.branch_id, r.notebook)):
        title = r.title or r.notebook
        link = r.outputs.get("html")
        cell = f'<a href="{html.escape(link)}">{html.escape(title)}</a>' if link else html.escape(title)
        status = ("<span class='ok'>成功 ok</span>" if r.status == "ok"
                  else "<span class='failed'>失败 failed</span>")
        err = html.escape(r.error or "")
        if r.status != "ok" and link:
            err += " (the link shows the previous successful report)"
        rows.append(f"<tr><td>{html.escape(r.branch_id)}</td><td>{cell}</td><td>{status}</td>"
                    f"<td>{r.seconds:.1f}</td><td class='err'>{err}</td></tr>")
    n_fail = sum(r.status != "ok" for r in results)
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    body = f"""<h1>社区营销分析报告 <small>Community marketing reports</small></h1>
<p>生成时间 Generated {html.escape(when)} · {len(results)} 份报告 reports · {n_fail} 份失败 failed ·
<a href="manifest.json">manifest.json</a></p>
<table><tr><th>网点 Branch</th><th>报告 Report</th><th>状态 Status</th><th>秒 Seconds</th><th>错误 Error</th></tr>
{chr(10).join(rows)}
</table>"""
    # the page embeds its font (a subset of the glyphs it uses) and loads nothing: it renders on any machine
    from analysis.report.html import build_page

    page = build_page(body, "社区营销分析报告 Community marketing reports", language="zh",
                      extra_css=".err{max-width:40em}.failed{font-weight:bold}")
    path = out / "index.html"
    _write_atomic(path, page)
    return path
