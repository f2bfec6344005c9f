"""The typed per-branch snapshot a run writes once and every report of the branch reads.

``python -m analysis run`` reads and validates the data set once, then writes for each branch a folder
``OUT/_data/<branch>/`` holding

* one Parquet file per table present in the source (``<table>.parquet``), with the contract's column names and
  dtypes, holding the branch's rows (:func:`analysis.scope.for_branch` without a period — reports compare
  with the previous period) and every row those rows reference (a lead assigned to another branch's manager
  brings that staff row and its branch along), so the folder is a valid data set on its own;
* ``_snapshot.json``: where the data came from, the branch, the rows read from the source per table, the
  validation problems and notes of the whole data set, and the format version;
* ``_rejected/<table>.parquet``: the rows validation set aside (personal data already masked).

:func:`load` restores exactly what the run's :func:`analysis.io.load_dataset` returned for that branch's
reports: the tables (no re-validation: they were validated once), ``rows_read``, ``problems``, ``rejected``
and ``notes``. A plain data folder falls back to :func:`analysis.io.load_dataset`.

The folder is also an ordinary data folder: ``io.load_dataset(folder)`` reads it (the Parquet files are
the contract's tables), and so does an analyst in JupyterLab — ``analysis.snapshot.load(folder)`` is
the fast path that also restores the data-quality record.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
from pathlib import Path

import pandas as pd

from analysis.errors import DataError, ParameterError

__all__ = ["SNAPSHOT_FILE", "FORMAT", "is_snapshot", "branch_tables", "write", "write_all", "load", "install"]

#: The metadata file that marks a folder as a snapshot.
SNAPSHOT_FILE = "_snapshot.json"
#: Version of the folder layout; :func:`load` refuses others.
FORMAT = 1
_ROW = "__snapshot_row"  # the source position of each row while a snapshot is built (dropped before writing)


def is_snapshot(source) -> bool:
    """Whether ``source`` is a snapshot folder (holds :data:`SNAPSHOT_FILE`)."""
    try:
        return (Path(source) / SNAPSHOT_FILE).is_file()
    except (TypeError, OSError):
        return False


# ---------------------------------------------------------------------------
# building
# ---------------------------------------------------------------------------


def _foreign_keys():
    from analysis.schemas import TABLES

    return {name: t.foreign_keys for name, t in TABLES.items()}


def _close_references(full: dict, part: dict) -> None:
    """Add to ``part`` (in place) every row of ``full`` that a row of ``part`` references, until none is missing."""
    fks = _foreign_keys()
    changed = True
    while changed:
        changed = False
        for name, keys in fks.items():
            df = part.get(name)
            if df is None or not len(df):
                continue
            for fk in keys:
                if fk.column not in df.columns or fk.ref_table not in full or fk.ref_table not in part:
                    continue
                parent = part[fk.ref_table]
                need = pd.Index(df[fk.column].dropna().unique())
                missing = need.difference(pd.Index(parent[fk.ref_column].dropna().unique()))
                if not len(missing):
                    continue
                source = full[fk.ref_table]
                add = source.loc[source[fk.ref_column].isin(missing) & ~source[_ROW].isin(parent[_ROW])]
                if len(add):
                    part[fk.ref_table] = pd.concat([parent, add], ignore_index=True)
                    changed = True


def branch_tables(ds, branch_id: str) -> dict[str, pd.DataFrame]:
    """The tables of ``branch_id``'s snapshot: its rows (no period) and every row they reference, in source order.

    ``scope.for_branch(snapshot, branch_id, start, end)`` equals ``scope.for_branch(ds, branch_id, start, end)``
    for every period: the snapshot holds every row the branch selects and nothing it would select wrongly.
    """
    from analysis import scope

    full = {name: df.assign(**{_ROW: range(len(df))}) for name, df in ds.items()}
    mine = scope.for_branch(full, branch_id)
    part = {name: mine[name] for name in mine if name in full}
    for name, df in full.items():  # tables scope does not know (yet): the branch's rows, else all of them
        if name not in part:
            part[name] = df.loc[df["branch_id"] == branch_id] if "branch_id" in df.columns else df
    _close_references(full, part)
    return {name: df.sort_values(_ROW, kind="stable").drop(columns=_ROW).reset_index(drop=True)
            for name, df in part.items()}


def _frame_records(df: pd.DataFrame | None) -> list[dict]:
    if df is None or not len(df):
        return []
    return json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    try:
        df.to_parquet(path, index=False)
    except Exception:  # noqa: BLE001 - rejected rows may mix types in one column: store them as text
        df.astype("string").to_parquet(path, index=False)


def write(ds, branch_id: str, folder) -> Path:
    """Write ``branch_id``'s snapshot of the validated data set ``ds`` into ``folder`` (replaced as a whole).

    The folder is written beside its final place under a temporary name and swapped in when complete, so a
    run killed while writing leaves the previous snapshot (or none), never half of one.
    """
    from analysis.outputs import RUNNING, check_id

    check_id(branch_id)
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}{RUNNING}")
    old = folder.with_name(f".{folder.name}.{os.getpid()}.old{RUNNING}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        tables = branch_tables(ds, branch_id)
        present = set(getattr(ds, "rows_read", {}) or {}) or set(tables)
        written = {}
        for name, df in tables.items():
            if name in present or len(df):
                df.to_parquet(tmp / f"{name}.parquet", index=False)
                written[name] = int(len(df))
        rejected = {}
        for name, df in (getattr(ds, "rejected", {}) or {}).items():
            if df is not None and len(df):
                (tmp / "_rejected").mkdir(exist_ok=True)
                _write_parquet(df.reset_index(drop=True), tmp / "_rejected" / f"{name}.parquet")
                rejected[name] = int(len(df))
        from analysis import __version__

        meta = {
            "format": FORMAT,
            "package_version": __version__,
            "branch_id": branch_id,
            "source": str(getattr(ds, "source", "")),
            "created_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "tables": written,
            "rows_read": {k: int(v) for k, v in (getattr(ds, "rows_read", {}) or {}).items()},
            "rejected": rejected,
            "notes": list(getattr(ds, "notes", []) or []),
            "problems": _frame_records(getattr(ds, "problems", None)),
        }
        (tmp / SNAPSHOT_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        if folder.exists():
            os.replace(folder, old)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return folder


def write_all(ds, branches, root) -> dict[str, Path]:
    """One snapshot per branch under ``root`` (``root/<branch>/``); returns branch → folder."""
    root = Path(root)
    return {b: write(ds, b, root / b) for b in branches}


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    from analysis.schemas import TABLES, empty_frame

    if name not in TABLES:
        return df
    want = empty_frame(name).dtypes

    def differs(have, dt) -> bool:  # "category" prints the same whatever the categories (an empty table's are lost)
        if isinstance(dt, pd.CategoricalDtype):
            return not (isinstance(have, pd.CategoricalDtype) and list(have.categories) == list(dt.categories))
        return str(have) != str(dt)

    cast = {c: want[c] for c in df.columns if c in want.index and differs(df[c].dtype, want[c])}
    return df.astype(cast) if cast else df


def _problems(records: list[dict]) -> pd.DataFrame:
    from analysis.io import PROBLEM_COLUMNS

    if not records:
        return pd.DataFrame(columns=PROBLEM_COLUMNS).astype({"n_rows": "int64"})
    return pd.DataFrame(records)[PROBLEM_COLUMNS].astype({"n_rows": "int64"})


def load(source, tables=None, errors: str = "report", date_order: str | None = None):
    """The data set of a snapshot folder, as the run read it; any other source through ``io.load_dataset``.

    Parameters
    ----------
    source : path-like
        A snapshot folder (``OUT/_data/<branch>``) or anything :func:`analysis.io.load_dataset` reads.
    tables : list of str, optional
        Read only these tables (every other table of the contract is an empty frame, as in ``load_dataset``).
    errors : {"raise", "report"}
        As in :func:`analysis.io.load_dataset`: ``"raise"`` raises the snapshot's recorded problems.
    date_order : str, optional
        Passed to ``load_dataset`` for a plain source; a snapshot is typed already.

    Returns
    -------
    analysis.io.Dataset
        With ``source`` (the original data source), ``rows_read``, ``problems``, ``rejected``, ``notes``,
        and ``snapshot`` (this folder).
    """
    from analysis import io
    from analysis.schemas import TABLE_ALIASES, TABLES, empty_frame

    path = Path(source)
    if not is_snapshot(path):
        return _original_load_dataset()(source, errors=errors, tables=tables, date_order=date_order)
    if errors not in ("raise", "report"):
        raise ParameterError(f"errors must be 'raise' or 'report', not {errors!r}")
    try:
        meta = json.loads((path / SNAPSHOT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: the snapshot's {SNAPSHOT_FILE} cannot be read ({exc}); run "
                        "`python -m analysis run` again to rewrite it") from None
    if meta.get("format") != FORMAT:
        raise DataError(f"{path}: snapshot format {meta.get('format')!r}, this package reads format {FORMAT}; "
                        "run `python -m analysis run` again to rewrite it")
    wanted = None if tables is None else {TABLE_ALIASES.get(t, t) for t in tables}
    frames = {}
    for name in list(TABLES) + [n for n in meta.get("tables", {}) if n not in TABLES]:
        if name in meta.get("tables", {}) and (wanted is None or name in wanted):
            try:
                df = pd.read_parquet(path / f"{name}.parquet")
            except Exception as exc:  # noqa: BLE001 - a damaged snapshot is a data error in the user's terms
                raise DataError(f"{path}: {name}.parquet of the snapshot cannot be read ({type(exc).__name__}: "
                                f"{exc}); run `python -m analysis run` again to rewrite it") from None
            if len(df) != meta["tables"][name]:
                raise DataError(f"{path}: {name}.parquet holds {len(df)} rows, the snapshot recorded "
                                f"{meta['tables'][name]}; run `python -m analysis run` again to rewrite it")
            frames[name] = _typed(name, df)
        elif name in TABLES:
            frames[name] = empty_frame(name)
    keep = (lambda n: True) if wanted is None else (lambda n: n in wanted)
    rejected = {}
    for name in meta.get("rejected", {}):
        if keep(name):
            rejected[name] = pd.read_parquet(path / "_rejected" / f"{name}.parquet")
    problems = _problems(meta.get("problems", []))
    if wanted is not None and len(problems):
        problems = problems.loc[problems["table"].isin(wanted)].reset_index(drop=True)
    ds = io.Dataset(frames, source=meta.get("source", str(path)),
                    rows_read={k: v for k, v in meta.get("rows_read", {}).items() if keep(k)},
                    problems=problems, rejected=rejected, notes=meta.get("notes", []))
    ds.snapshot = str(path)
    if errors == "raise" and len(problems):
        raise DataError(io.format_problems(problems, ds.source), problems)
    return ds


# ---------------------------------------------------------------------------
# io.load_dataset reads snapshots
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _original_load_dataset():
    from analysis import io

    return getattr(io.load_dataset, "__wrapped_loader__", io.load_dataset)


def install() -> None:
    """Make ``analysis.io.load_dataset`` read snapshot folders through :func:`load` (in this process).

    The runner calls it in its kernels, so that the notebooks' ``io.load_dataset(data)`` restores the
    snapshot instead of validating it again. Idempotent; nothing changes for any other source.
    """
    from analysis import io

    current = io.load_dataset
    if getattr(current, "__wrapped_loader__", None) is not None or getattr(current, "reads_snapshots", False):
        return
    original = current

    @functools.wraps(original)
    def load_dataset(source, errors="raise", tables=None, date_order=None):
        if is_snapshot(source):
            return load(source, tables=tables, errors=errors)
        return original(source, errors=errors, tables=tables, date_order=date_order)

    load_dataset.__wrapped_loader__ = original
    io.load_dataset = load_dataset
