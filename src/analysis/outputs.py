"""Safe outputs: ids that may become paths, files replaced atomically, a lock per output folder, CSV/XLSX cells
that are never live spreadsheet formulas.

Everything the runner writes goes through here:

- :func:`check_id` — a branch, event or notebook id becomes a folder or file name only when it matches
  :data:`SAFE_ID` (letters, digits, CJK, ``_ - .``, at most :data:`MAX_ID_LENGTH` characters, no ``..``, not a
  reserved device name); anything else is a :class:`~analysis.ParameterError` naming the id, before any file
  is written. :func:`inside` is the second line of defence: a path that resolves outside the output folder
  (a symlinked branch folder, say) is refused.
- :func:`write_atomic` — a file is written under a temporary name (``.<name>.<pid>.running<suffix>``) in its
  own folder and moved over the old one with :func:`os.replace`: a reader sees the old file or the new one,
  never half of one. :func:`remove_stale` deletes what a killed run left behind (any ``.running`` name).
- :class:`RunLock` — one run at a time per output folder (``flock`` on ``OUT/.run.lock``); a second run gets
  :class:`RunLockedError` saying who holds it. The kernel drops the lock when its process dies, even by
  SIGKILL, so there is no stale lock to clean.
- :func:`neutralize_formulas` / :func:`write_csv` / :func:`write_xlsx` — the OWASP CSV-injection rule: in a
  CSV a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width
  forms) is prefixed with ``'`` so that a spreadsheet shows it as text instead of evaluating it; in a workbook
  every text cell is a typed string cell (with Excel's quote prefix), never a formula. Numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import socket
from pathlib import Path

import pandas as pd

from analysis.errors import ParameterError, RunError

__all__ = ["SAFE_ID", "MAX_ID_LENGTH", "check_id", "inside", "temp_path", "write_atomic", "remove_stale",
           "RunLock", "RunLockedError", "neutralize_formulas", "neutralize_cell", "write_csv", "write_xlsx",
           "check_out"]

#: Characters an id may hold to become a path: ASCII letters and digits, CJK ideographs, ``_``, ``-``, ``.``;
#: it starts with a letter, digit or ideograph (so never ``.``, ``..`` or ``-x``).
SAFE_ID = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]*")
#: Longest id accepted as a folder or file name (file systems allow 255 bytes; the runner adds suffixes and
#: three bytes per CJK character).
MAX_ID_LENGTH = 64
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.I)  # Windows device names
#: Marker in the name of every temporary file or folder the runner writes.
RUNNING = ".running"
#: A text cell starting with one of these is a formula for Excel, LibreOffice or Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


class RunLockedError(RunError):
    """Another run is writing into the same output folder."""


def _shown(value, limit: int = 40) -> str:
    from analysis.privacy import mask_personal

    text = mask_personal(str(value))
    return repr(text if len(text) <= limit else text[:limit] + "…")


def check_id(value, what: str = "branch id") -> str:
    """``value`` as text when it is safe as a folder or file name; a ParameterError saying why otherwise.

    >>> check_id("B01-E03", "event id")
    'B01-E03'
    >>> check_id("../../etc")
    Traceback (most recent call last):
    ...
    analysis.errors.ParameterError: branch id '../../etc' cannot be used as a folder name: only letters, digits, Chinese characters, '_', '-' and '.' are allowed, starting with a letter, digit or Chinese character (no '/', '\\\\', '..', spaces or markup)
    """
    text = "" if value is None else str(value)
    if not text:
        raise ParameterError(f"{what} is empty; every {what} must be a non-empty code such as B01")
    if len(text) > MAX_ID_LENGTH:
        raise ParameterError(f"{what} {_shown(text)} is {len(text)} characters long; a report folder name can "
                             f"hold at most {MAX_ID_LENGTH} (use a shorter code in the data)")
    if not SAFE_ID.fullmatch(text) or ".." in text:
        raise ParameterError(f"{what} {_shown(text)} cannot be used as a folder name: only letters, digits, Chinese "
                             "characters, '_', '-' and '.' are allowed, starting with a letter, digit or Chinese "
                             "character (no '/', '\\\\', '..', spaces or markup)")
    if _RESERVED.fullmatch(text):
        raise ParameterError(f"{what} {_shown(text)} is a reserved device name on Windows; use another code")
    return text


def inside(root, path) -> Path:
    """``path`` resolved, when it lies inside ``root`` (resolved too); a RunError otherwise."""
    root_r, path_r = Path(root).resolve(), Path(path).resolve()
    if path_r != root_r and root_r not in path_r.parents:
        raise RunError(f"refusing to write {path}: it resolves to {path_r}, outside the output folder {root_r}")
    return path_r


def check_out(out) -> Path:
    """The output folder as an absolute path; a ParameterError when it exists and is not a folder."""
    p = Path(out)
    if p.exists() and not p.is_dir():
        raise ParameterError(f"--out {p} is an existing file, not a folder; give a folder for the reports "
                             "(it is created when missing)")
    for parent in p.resolve().parents:
        if parent.exists() and not parent.is_dir():
            raise ParameterError(f"--out {p}: {parent} is a file, so the folder cannot be created there")
    return p.resolve()


def temp_path(path) -> Path:
    """The temporary name of ``path`` while it is written: ``.<name>.<pid>.running<suffix>`` beside it."""
    path = Path(path)
    return path.with_name(f".{path.stem}.{os.getpid()}{RUNNING}{path.suffix}")


def write_atomic(path, data, encoding: str = "utf-8") -> Path:
    """Write ``data`` (str or bytes) to ``path`` through a temporary file and :func:`os.replace`."""
    path = Path(path)
    tmp = temp_path(path)
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding=encoding)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _is_temp(name: str) -> bool:
    return name.startswith(".") and (RUNNING in name or name.endswith(".tmp"))


def remove_stale(root, depth: int = 3) -> list[Path]:
    """Delete the temporary files and folders a killed run left under ``root`` (call it holding the lock).

    Looks ``depth`` levels down (``OUT``, ``OUT/<branch>``, ``OUT/_data/<branch>``); returns what it removed.
    """
    root = Path(root)
    removed: list[Path] = []

    def walk(folder: Path, level: int):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for e in entries:
            p = Path(e.path)
            if _is_temp(e.name):
                if e.is_dir(follow_symlinks=False):
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
                removed.append(p)
            elif level < depth and e.is_dir(follow_symlinks=False):
                walk(p, level + 1)

    if root.is_dir():
        walk(root, 1)
    return removed


class RunLock:
    """An exclusive lock on an output folder for the time of a run (``with RunLock(out): ...``).

    The lock is ``flock`` on ``OUT/.run.lock``, which holds who took it (pid, host, time). A second run into the
    same folder raises :class:`RunLockedError` at once rather than mixing its files and manifest with the first
    one's. Re-entrant within one process (the runner's layers may each take it).
    """

    _held: dict[Path, list] = {}

    def __init__(self, out):
        self.out = Path(out).resolve()
        self.path = self.out / ".run.lock"

    def __enter__(self) -> "RunLock":
        held = RunLock._held.get(self.path)
        if held is not None:
            held[1] += 1
            return self
        import fcntl

        self.out.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                info = json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
            except (OSError, ValueError):
                info = {}
            os.close(fd)
            who = ", ".join(f"{k} {info[k]}" for k in ("pid", "host", "started") if info.get(k)) or "unknown"
            raise RunLockedError(f"another run is writing into {self.out} ({who}); wait until it has finished, "
                                 "or give this run another --out") from None
        stamp = {"pid": os.getpid(), "host": socket.gethostname(),
                 "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(stamp).encode("utf-8"), 0)
        RunLock._held[self.path] = [fd, 1]
        return self

    def __exit__(self, *exc) -> None:
        held = RunLock._held[self.path]
        held[1] -= 1
        if held[1]:
            return
        import fcntl

        del RunLock._held[self.path]
        try:
            os.ftruncate(held[0], 0)
        finally:
            fcntl.flock(held[0], fcntl.LOCK_UN)
            os.close(held[0])


# ---------------------------------------------------------------------------
# CSV / XLSX
# ---------------------------------------------------------------------------


def neutralize_cell(value):
    """A text that a spreadsheet would evaluate (``=1+1``, ``@SUM(A1)``, ``-2+3``) prefixed with ``'``.

    >>> neutralize_cell("=HYPERLINK(\\"http://x\\")"), neutralize_cell("-5"), neutralize_cell(-5), neutralize_cell("ok")
    ('\\'=HYPERLINK("http://x")', "'-5", -5, 'ok')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` where every text cell (and header) that starts a formula is prefixed with ``'``."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype) \
                or pd.api.types.is_bool_dtype(s.dtype):
            continue
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        text = s.astype(object)
        risky = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).astype(bool)
        if risky.any():
            out[col] = text.where(~risky, "'" + text[risky].astype(str))
    out.columns = [neutralize_cell(str(c)) if isinstance(c, str) else c for c in out.columns]
    return out


def write_csv(df: pd.DataFrame, path) -> Path:
    """``df`` as UTF-8 CSV with a BOM (Excel on Chinese Windows), formulas neutralized, replaced atomically.

    Lines end with CRLF (RFC 4180), so a value holding a line break of either kind is quoted.
    """
    text = neutralize_formulas(df).to_csv(index=False, lineterminator="\r\n")
    return write_atomic(path, "\ufeff" + text)


def write_xlsx(df: pd.DataFrame, path, sheet: str = "Sheet1") -> Path:
    """``df`` as an Excel workbook, replaced atomically; no text cell is ever a formula.

    In a workbook a cell has a type, so the text is kept as it is (no ``'`` added): every text cell is
    written as a string cell with Excel's quote prefix, even one that starts with ``=``.
    """
    from openpyxl import Workbook

    path = Path(path)
    tmp = temp_path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]

    def put(r, c, v):
        cell = ws.cell(row=r, column=c)
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return
        if isinstance(v, pd.Timestamp):
            v = v.to_pydatetime()
        elif hasattr(v, "item") and not isinstance(v, str):
            v = v.item()
        cell.value = v
        if isinstance(v, str):
            cell.data_type = "s"  # never "f": the text is shown, not evaluated
            if v.startswith(FORMULA_START):
                cell.quotePrefix = True

    for j, col in enumerate(df.columns, start=1):
        put(1, j, str(col))
    for i, row in enumerate(df.itertuples(index=False), start=2):
        for j, v in enumerate(row, start=1):
            put(i, j, v)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
