"""Execute many parameterized notebooks fast: warm kernels, papermill's API, HTML export where the kernel runs.

Where the time of a report run goes when every report is its own ``papermill`` and ``jupyter nbconvert``
command: two Python start-ups, a kernel start-up, the imports of pandas, statsmodels, matplotlib and the
package in the kernel, and a second import of nbconvert for the export — several seconds per report before
the first line of analysis. Here:

* a **warm kernel** (:class:`Kernel`) is started once per worker and kept: its first job imports what the
  notebooks import (:data:`WARM_MODULES`); every report then runs in the same kernel after a preamble cell
  that clears the namespace (``%reset -f``), closes every figure and restores matplotlib's ``rcParams``,
  pandas' options, the warnings filters, the package's module-level lists, dicts and sets (a registry a
  report appends to) and the working directory to the state right after the warm-up —
  so a report sees what a fresh kernel would have after its imports. The preamble is removed from the
  executed notebook and the execution counts are renumbered from 1. A kernel that timed out or died is
  discarded and the next report gets a new one; a kernel is also renewed after :data:`MAX_USES` reports.
* notebooks are executed through **papermill's API** (parameter injection, metadata, error cells), not its
  command line, and the **HTML export** happens in the worker that ran the notebook (nbconvert imported
  once per worker).
* :func:`execute_task` is one report: plain data in (the notebook's JSON, its parameters), plain data out
  (status, seconds, error, title, the executed notebook and its page as text). It never raises and never
  writes into the output folder — the runner writes the files, atomically, in one place. The same function
  runs in :class:`LocalFleet`'s worker processes and on the workers of a Dask cluster (:class:`DaskFleet`).

:class:`LocalFleet` starts ``jobs`` worker processes (each with one warm kernel, started as soon as the
process is, while the runner is still reading the data) and hands each one report at a time. A worker that
dies fails only the report it was running; a new worker takes its place.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import queue
import tempfile
import threading
import time
import uuid
from concurrent.futures import Future
from multiprocessing.connection import wait as wait_ready
from pathlib import Path

__all__ = ["Kernel", "KernelPool", "execute_task", "LocalFleet", "InProcessFleet", "DaskFleet", "make_task",
           "kernel_arguments", "kernel_warmup", "fresh_state", "warm_modules", "WARM_MODULES", "MAX_USES"]

#: Modules the warm-up imports in a kernel whose notebooks use the package (besides the notebooks' own imports):
#: the domains and what they import lazily, so that every import-time side effect (statsmodels' warning
#: filters, say) is part of the state each report starts from. A missing one is skipped.
WARM_MODULES = (
    "numpy", "pandas", "pyarrow", "pyarrow.compute", "scipy.stats", "statsmodels.api", "statsmodels.formula.api",
    "duckdb", "matplotlib", "matplotlib.pyplot", "IPython.display",
    "analysis", "analysis.io", "analysis.scope", "analysis.snapshot", "analysis.report", "analysis.plots",
    "analysis.overview", "analysis.surveys", "analysis.events", "analysis.followup", "analysis.groups",
)
#: Reports one kernel runs before it is replaced by a fresh one (bounds what any leak could accumulate).
MAX_USES = 40
PREAMBLE_TAG = "runner-preamble"
_PREAMBLE = ("%reset -f\n"
             "import analysis.fleet as _analysis_fleet\n"
             "_analysis_fleet.fresh_state({cwd!r})\n"
             "del _analysis_fleet\n")
_WARMUP = "import analysis.fleet as _analysis_fleet\n_analysis_fleet.kernel_warmup({modules!r})\ndel _analysis_fleet\n"

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------
# inside the kernel
# ---------------------------------------------------------------------------

_BASELINE: dict = {}


def _pandas_options() -> dict:
    import pandas as pd

    try:
        keys = list(pd._config.config._registered_options)  # noqa: SLF001 - the only full list of options
    except AttributeError:
        return {}
    out = {}
    for k in keys:
        try:
            out[k] = pd.get_option(k)
        except Exception:  # noqa: BLE001 - deprecated or odd options are left alone
            pass
    return out


def _module_state() -> dict:
    """The package's module-level lists, dicts and sets (e.g. a registry of failures) as shallow copies.

    Modules stay imported between reports, so anything a report appends to a module-level container would be
    seen by the next report; :func:`fresh_state` puts each back as it was after the warm-up.
    """
    import sys

    state = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "analysis" or name.startswith("analysis.")) or name == __name__:
            continue
        for attr, value in list(vars(module).items()):
            if attr.startswith("__") or type(value) not in (list, dict, set):
                continue
            state[(name, attr)] = (value, type(value)(value))
    return state


def _restore_modules(state: dict) -> None:
    import sys

    for (name, attr), (obj, copy) in state.items():
        module = sys.modules.get(name)
        if module is None:
            continue
        if getattr(module, attr, None) is not obj:
            setattr(module, attr, obj)  # rebound by a report: the original object again
        try:
            same = bool(obj == copy)
        except Exception:  # noqa: BLE001 - values without a plain equality (DataFrames): restore anyway
            same = False
        if not same:
            if isinstance(obj, list):
                obj[:] = copy
            else:
                obj.clear()
                obj.update(copy)


def kernel_warmup(modules=()) -> None:
    """Run once in a new kernel: import ``modules`` (:func:`warm_modules`), route snapshots through
    :func:`analysis.snapshot.load` when the package is among them, and record the state every report starts
    from."""
    import importlib
    import warnings

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module the notebooks do not need here
            pass
    if "analysis.io" in modules:
        from analysis import snapshot

        snapshot.install()
    import matplotlib

    _BASELINE.clear()
    _BASELINE["modules"] = _module_state()
    _BASELINE["rc"] = {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}
    _BASELINE["warnings"] = list(warnings.filters)
    _BASELINE["pandas"] = _pandas_options()
    _BASELINE["cwd"] = os.getcwd()


def fresh_state(cwd: str | None = None) -> None:
    """Run before every report (after ``%reset -f``): the kernel's state as right after :func:`kernel_warmup`."""
    import gc
    import warnings

    if not _BASELINE:
        kernel_warmup()
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    _restore_modules(_BASELINE.get("modules", {}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(_BASELINE["rc"])
        import pandas as pd

        for k, v in _BASELINE["pandas"].items():
            try:
                if pd.get_option(k) != v:
                    pd.set_option(k, v)
            except Exception:  # noqa: BLE001
                pass
    warnings.filters[:] = _BASELINE["warnings"]
    try:
        warnings._filters_mutated()  # noqa: SLF001 - invalidate the per-module "already warned" caches
    except AttributeError:
        pass
    target = cwd if cwd and os.path.isdir(cwd) else _BASELINE.get("cwd")
    if target and os.path.isdir(target):
        os.chdir(target)
    gc.collect()


# ---------------------------------------------------------------------------
# one warm kernel
# ---------------------------------------------------------------------------


def _cell_imports(source: str) -> set[str]:
    import ast

    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names if a.name != "*"}
    return found


def warm_modules(notebooks) -> tuple[str, ...]:
    """What a kernel that runs these notebooks imports before the first report: their imports (``from a import
    b`` counts ``a.b`` too, when it is a module) and, when they use the package, :data:`WARM_MODULES`."""
    import nbformat

    found: set[str] = set()
    for nb in notebooks:
        try:
            node = nbformat.read(nb, as_version=4) if not hasattr(nb, "cells") else nb
        except Exception:  # noqa: BLE001 - the run reports an unreadable notebook
            continue
        for cell in node.cells:
            if cell.cell_type == "code":
                found |= _cell_imports(cell.source)
    if any(m == "analysis" or m.startswith("analysis.") for m in found):
        found |= set(WARM_MODULES)
    return tuple(sorted(found))


def kernel_arguments(kernel_name: str | None) -> list[str]:
    """Extra command-line arguments for the kernel: ipykernel's own log silenced (level CRITICAL).

    ipykernel 7 logs "Kernel is running over TCP without encryption" at every start (the kernel listens on
    127.0.0.1 only, for the one process that started it), and "KeyboardInterrupt caught in kernel" when the
    SIGINT that jupyter_client sends before a shutdown lands while it is busy. Neither concerns a report:
    errors of the notebook's code are in its outputs and fail the run. Kernels other than ipykernel get none.
    """
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        argv = KernelSpecManager().get_kernel_spec(kernel_name or "python3").argv
    except Exception:  # noqa: BLE001 - unknown kernel: papermill reports it; add nothing
        return []
    return ["--IPKernelApp.log_level=CRITICAL"] if any("ipykernel" in str(a) for a in argv) else []


class KernelBroken(Exception):
    """The kernel cannot run another report (it timed out, died or failed to start)."""


class Kernel:
    """One kernel kept alive between reports, driven from its own thread (one event loop for its whole life).

    ``execute(nb, ...)`` runs one parameterized notebook in it and returns the executed notebook; papermill's
    ``PapermillExecutionError`` is raised for an error in the notebook's code (the kernel stays usable), any
    other exception marks the kernel broken.
    """

    def __init__(self, kernel_name: str = "python3", extra_arguments=(), warm=(), startup_timeout: int = 120):
        self.kernel_name = kernel_name
        self.extra_arguments = list(extra_arguments)
        self.warm = tuple(warm)
        self.uses = 0
        self.broken = False
        self.km = self.kc = None
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name=f"analysis-kernel-{uuid.uuid4().hex[:6]}",
                                        daemon=True)
        self._thread.start()
        try:
            self._call(self._start, startup_timeout)
        except BaseException:
            self.broken = True
            self.shutdown()
            raise

    # the kernel's own thread ------------------------------------------------
    def _serve(self) -> None:
        while True:
            item = self._tasks.get()
            if item is None:
                return
            fn, args, fut = item
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                fut.set_exception(exc)

    def _call(self, fn, *args):
        fut: Future = Future()
        self._tasks.put((fn, args, fut))
        return fut.result()

    def _start(self, startup_timeout: int) -> None:
        import nbformat
        from nbclient import NotebookClient

        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(_WARMUP.format(modules=self.warm))]
        client = NotebookClient(nb, kernel_name=self.kernel_name, extra_arguments=self.extra_arguments,
                                timeout=max(startup_timeout, 120), startup_timeout=startup_timeout,
                                allow_errors=False, resources={"metadata": {"path": tempfile.gettempdir()}})
        client.owns_km = False  # keep the kernel when the warm-up notebook is done
        try:
            client.execute()
        finally:
            self.km, self.kc = client.km, client.kc

    def _execute(self, nb, kernel_name: str, timeout, cwd):
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.engines import Engine

        kernel = self

        class _Warm(Engine):
            @classmethod
            def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
                client = PapermillNotebookClient(nb_man, km=kernel.km, kernel_name=kernel_name,
                                                 timeout=timeout, startup_timeout=60, log=log, log_output=False)
                client.kc = kernel.kc
                return client.execute()

        import nbformat

        pre = nbformat.v4.new_code_cell(_PREAMBLE.format(cwd=str(cwd or "")))
        pre.metadata["tags"] = [PREAMBLE_TAG]
        nb.cells.insert(0, pre)
        try:
            _Warm.execute_notebook(nb, kernel_name, output_path=None, progress_bar=False, log_output=False)
        finally:
            nb.cells = [c for c in nb.cells if PREAMBLE_TAG not in c.get("metadata", {}).get("tags", [])]
            _renumber(nb)
        return nb

    # the caller's side ------------------------------------------------------
    def execute(self, nb, kernel_name: str | None = None, timeout=None, cwd=None):
        """Run the (already parameterized) notebook ``nb`` in this kernel; ``nb`` is filled in place."""
        if self.broken:
            raise KernelBroken("the kernel is not usable")
        self.uses += 1
        try:
            return self._call(self._execute, nb, kernel_name or self.kernel_name, timeout, cwd)
        except BaseException:
            self.broken = True
            raise

    def shutdown(self) -> None:
        """Stop the kernel process and the thread (idempotent)."""
        if self._thread is None:
            return

        def stop():
            from jupyter_core.utils import ensure_async, run_sync

            async def _stop():
                try:
                    if self.kc is not None:
                        self.kc.stop_channels()
                    if self.km is not None and await ensure_async(self.km.is_alive()):
                        await ensure_async(self.km.shutdown_kernel(now=True))
                    if self.km is not None:
                        await ensure_async(self.km.cleanup_resources())
                except Exception:  # noqa: BLE001 - best effort: the kernel dies with its parent anyway
                    pass

            run_sync(_stop)()

        if self._thread.is_alive():
            fut: Future = Future()
            self._tasks.put((stop, (), fut))
            try:
                fut.result(timeout=30)
            except Exception:  # noqa: BLE001
                pass
            self._tasks.put(None)
            self._thread.join(timeout=5)
        self._thread = None
        self.km = self.kc = None


def _renumber(nb) -> None:
    """Execution counts 1, 2, … over the executed code cells (a warm kernel's counter runs on)."""
    n = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code" or cell.get("execution_count") is None:
            continue
        n += 1
        cell["execution_count"] = n
        for out in cell.get("outputs", []):
            if out.get("output_type") == "execute_result":
                out["execution_count"] = n


class KernelPool:
    """The warm kernels of this process, by kernel name and arguments; thread-safe (Dask runs tasks in threads)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._idle: dict[tuple, list[Kernel]] = {}
        self._all: list[Kernel] = []

    def acquire(self, kernel_name: str, extra=(), warm=()) -> Kernel:
        key = (kernel_name, tuple(extra), tuple(warm))
        with self._lock:
            idle = self._idle.setdefault(key, [])
            while idle:
                k = idle.pop()
                if not k.broken:
                    return k
        k = Kernel(kernel_name, extra, warm)
        with self._lock:
            self._all.append(k)
        return k

    def release(self, k: Kernel) -> None:
        if k.broken or k.uses >= MAX_USES:
            self._discard(k)
            return
        with self._lock:
            self._idle.setdefault((k.kernel_name, tuple(k.extra_arguments), k.warm), []).append(k)

    def _discard(self, k: Kernel) -> None:
        with self._lock:
            if k in self._all:
                self._all.remove(k)
        k.shutdown()

    def prewarm(self, n: int, kernel_name: str, extra=(), warm=()) -> None:
        """Start ``n`` kernels now (each imports ``warm``) so the first reports find them ready."""
        started = [self.acquire(kernel_name, extra, warm) for _ in range(n)]
        for k in started:
            self.release(k)

    def shutdown_all(self) -> None:
        with self._lock:
            kernels, self._all, self._idle = list(self._all), [], {}
        for k in kernels:
            k.shutdown()


POOL = KernelPool()
atexit.register(POOL.shutdown_all)


# ---------------------------------------------------------------------------
# one report
# ---------------------------------------------------------------------------


def make_task(notebook, parameters: dict, kernel_name: str | None = None, timeout: int | None = 600,
              branch_name: str | None = None, branch_id: str = "", warm=None) -> dict:
    """The plain-data description of one report run that :func:`execute_task` takes."""
    import nbformat
    from papermill.iorw import load_notebook_node

    notebook = Path(notebook)
    nb = load_notebook_node(str(notebook))  # papermill's metadata and cell tags, as its command line reads it
    if kernel_name is None:
        kernel_name = nb.metadata.get("kernelspec", {}).get("name") or "python3"
    return {"notebook": nbformat.writes(nb), "input_path": str(notebook), "name": notebook.stem,
            "cwd": str(notebook.parent), "parameters": dict(parameters), "kernel_name": kernel_name,
            "timeout": timeout, "branch_name": branch_name, "branch_id": branch_id,
            "extra_arguments": kernel_arguments(kernel_name),
            "warm": tuple(warm_modules([nb]) if warm is None else warm)}


def _first_error_line(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _source_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


_TMP: dict = {}


def _scratch() -> Path:
    """A private folder of this process for the executed notebook the HTML export reads (never in OUT)."""
    d = _TMP.get(os.getpid())
    if d is None or not d.is_dir():
        d = Path(tempfile.mkdtemp(prefix="analysis-fleet-"))
        _TMP[os.getpid()] = d
        atexit.register(lambda p=d: __import__("shutil").rmtree(p, ignore_errors=True))
    return d


def execute_task(task: dict) -> dict:
    """Run one report (see :func:`make_task`) in a warm kernel of this process and export its page.

    Returns ``{"status": "ok"|"failed", "seconds", "error", "title", "notebook": <executed .ipynb text or
    None>, "html": <page text or None>}``. Never raises: every failure is a failed status with its first
    error line.
    """
    import nbformat
    from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
    from papermill.parameterize import parameterize_notebook

    from analysis.report import html as report_html

    _quiet_console()
    started = time.perf_counter()
    nb = None
    title = task.get("name", "")
    try:
        nb = nbformat.reads(task["notebook"], as_version=4)
        title = _source_title(nb, title)
        kernel_name = task.get("kernel_name") or "python3"
        if task.get("parameters"):
            nb = parameterize_notebook(nb, task["parameters"], report_mode=False, kernel_name=kernel_name)
        nb = prepare_notebook_metadata(nb, task.get("input_path", ""), None)
        nb = remove_error_markers(nb)
        kernel = POOL.acquire(kernel_name, task.get("extra_arguments", ()), task.get("warm", ()))
        try:
            kernel.execute(nb, kernel_name, task.get("timeout"), task.get("cwd"))
        finally:
            POOL.release(kernel)
        raise_for_execution_errors(nb, None)
        title = report_html.notebook_title(nb, task.get("branch_name")) or title
        path = _scratch() / f"{uuid.uuid4().hex}.ipynb"
        try:
            nbformat.write(nb, path)
            from analysis.runner import _html_export

            page = _html_export(path, branch_name=task.get("branch_name"))
        finally:
            path.unlink(missing_ok=True)
        return {"status": "ok", "seconds": time.perf_counter() - started, "error": None, "title": title,
                "notebook": nbformat.writes(nb), "html": page}
    except Exception as exc:  # noqa: BLE001 - a failed report is a result, never the end of the others
        text = None
        if nb is not None:
            try:
                if not any("papermill-error-cell-tag" in c.get("metadata", {}).get("tags", []) for c in nb.cells):
                    try:
                        raise_for_execution_errors(nb, None)  # adds papermill's error cells when there are errors
                    except Exception:  # noqa: BLE001
                        pass
                text = nbformat.writes(nb)
            except Exception:  # noqa: BLE001
                text = None
        return {"status": "failed", "seconds": time.perf_counter() - started, "error": _first_error_line(exc),
                "title": title, "notebook": text, "html": None}


class _DropUnknownParameter(logging.Filter):
    """papermill warns about every parameter the notebook does not declare. The runner passes the same parameter
    set to every notebook on purpose (e.g. ``event_id`` only 02 uses), so that is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Passed unknown parameter")


def _quiet_console() -> None:
    plog = logging.getLogger("papermill")
    if not any(isinstance(f, _DropUnknownParameter) for f in plog.filters):
        plog.addFilter(_DropUnknownParameter())


def _failure(error: str) -> dict:
    return {"status": "failed", "seconds": 0.0, "error": error, "title": "", "notebook": None, "html": None}


# ---------------------------------------------------------------------------
# fleets: where the reports run
# ---------------------------------------------------------------------------


class InProcessFleet:
    """The reports one after the other in this process (one warm kernel; ``--jobs 1``)."""

    def __init__(self, kernel_name: str | None = None, extra=()):
        self.description = "1 at a time"

    def map(self, tasks: list[dict], on_done) -> None:
        for i, t in enumerate(tasks):
            on_done(i, execute_task(t))

    def close(self) -> None:
        POOL.shutdown_all()


def prewarm_export() -> None:
    """Build the HTML exporter and read the report font once (the first page of a worker would pay it)."""
    try:
        import nbformat

        from analysis.report import html as report_html

        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# 网点 Branch")]
        report_html.build_page(report_html.render_notebook(nb, tempfile.gettempdir()), "网点")
    except Exception:  # noqa: BLE001 - the first report then pays it, and reports any real problem
        pass


def _worker_main(conn, kernel_name, extra, warm) -> None:  # pragma: no cover - runs in the worker processes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the runner's to handle
    _quiet_console()
    # while the runner reads the data and writes the snapshots: start the kernel, import the notebooks'
    # modules in it, and get the HTML export ready
    if kernel_name:
        try:
            POOL.prewarm(1, kernel_name, extra, warm)
        except Exception:  # noqa: BLE001 - the first task reports the problem
            pass
    prewarm_export()
    try:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                break
            if msg is None:
                break
            i, task = msg
            conn.send((i, execute_task(task)))
    finally:
        POOL.shutdown_all()


class LocalFleet:
    """``jobs`` worker processes on this machine, each with one warm kernel, one report at a time each."""

    def __init__(self, jobs: int, kernel_name: str | None = "python3", extra=None, warm=()):
        self.jobs = jobs
        self.kernel_name = kernel_name
        self.extra = list(kernel_arguments(kernel_name) if extra is None else extra)
        self.warm = tuple(warm)
        self.description = f"{jobs} at a time"
        self._ctx = multiprocessing.get_context("spawn")
        self._used = False
        self._workers: list[tuple] = []
        for _ in range(jobs):
            self._workers.append(self._spawn())

    def _spawn(self):
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=_worker_main, args=(child, self.kernel_name, self.extra, self.warm), daemon=True,
                              name="analysis-report-worker")
        p.start()
        child.close()
        return p, parent

    def map(self, tasks: list[dict], on_done) -> None:
        self._used = True
        pending = list(range(len(tasks)))[::-1]
        busy: dict = {}  # conn -> (process, task index)
        idle = list(self._workers)
        done = 0
        while done < len(tasks):
            while idle and pending:
                p, conn = idle.pop()
                i = pending.pop()
                try:
                    conn.send((i, tasks[i]))
                    busy[conn] = (p, i)
                except (OSError, ValueError):
                    pending.append(i)
                    self._replace(p, conn, idle)
            if not busy:
                if pending and not idle:
                    raise RuntimeError("no worker process could be started")
                continue
            ready = wait_ready(list(busy) + [p.sentinel for p, _ in busy.values()])
            for conn in list(busy):
                p, i = busy[conn]
                if conn in ready:
                    try:
                        j, res = conn.recv()
                    except (EOFError, OSError):
                        j, res = i, None
                    if res is not None:
                        del busy[conn]
                        idle.append((p, conn))
                        on_done(j, res)
                        done += 1
                        continue
                if p.sentinel in ready or (conn in ready and not p.is_alive()):
                    p.join(timeout=1)
                    del busy[conn]
                    on_done(i, _failure(f"WorkerDied: the worker process running this report ended (exit code "
                                        f"{p.exitcode}); the other reports went on"))
                    done += 1
                    self._replace(p, conn, idle)

    def _replace(self, p, conn, idle) -> None:
        try:
            conn.close()
        except OSError:
            pass
        self._workers = [w for w in self._workers if w[0] is not p]
        w = self._spawn()
        self._workers.append(w)
        idle.append(w)

    def close(self) -> None:
        if not self._used:  # the run stopped before any report (bad data): do not wait for the kernels to start
            for p, _conn in self._workers:
                p.terminate()
        for p, conn in self._workers:
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
        for p, conn in self._workers:
            p.join(timeout=30)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
            conn.close()
        self._workers = []


class DaskFleet:
    """The reports as tasks on a Dask distributed cluster (``run --scheduler tcp://HOST:8786``).

    Each notebook × branch is one task running :func:`execute_task` on a worker (each worker thread keeps its
    warm kernel between tasks and between runs). The workers must have this package installed and see the
    snapshot folder under the same path (a shared file system); the executed notebooks and pages come back
    to the runner, which writes them.
    """

    def __init__(self, address: str, connect_timeout: int = 15):
        from analysis.errors import ParameterError

        try:
            from distributed import Client
        except ImportError:
            raise ParameterError("--scheduler needs Dask distributed: pip install -e '.[dask]' (make install "
                                 "does)") from None
        try:
            self.client = Client(address, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ParameterError(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: {exc}); "
                                 "check the address and that `dask scheduler` is running") from None
        workers = self.client.scheduler_info().get("workers", {})
        threads = sum(w.get("nthreads", 1) for w in workers.values())
        self.description = f"on the Dask cluster at {address} ({len(workers)} workers, {threads} threads)"

    def map(self, tasks: list[dict], on_done) -> None:
        from distributed import as_completed

        run = uuid.uuid4().hex[:8]
        futures = {}
        for i, t in enumerate(tasks):
            key = f"report-{t.get('branch_id', '')}-{t.get('name', i)}-{run}-{i}"
            futures[self.client.submit(execute_task, t, key=key, pure=False, retries=0)] = i
        for fut in as_completed(list(futures), loop=self.client.loop):
            i = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails its task, not the run
                res = _failure(f"{type(exc).__name__}: {exc} (on the Dask cluster)")
            on_done(i, res)
            fut.release()

    def close(self) -> None:
        self.client.close()
