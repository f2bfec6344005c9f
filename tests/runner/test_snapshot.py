"""The per-branch snapshot: what it holds, that reports see the same rows through it, and what it restores."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import io, scope, snapshot
from analysis.errors import DataError

PERIODS = [(None, None), ("2026-09-01", "2026-09-30"), ("2026-10-01", "2026-10-31"), ("2026-08-15", "2026-10-14")]


@pytest.fixture(scope="module")
def full(sample_dir):
    return io.load_dataset(sample_dir, errors="report")


@pytest.fixture(scope="module")
def snaps(full, tmp_path_factory):
    root = tmp_path_factory.mktemp("snapshots")
    branches = sorted(full["branches"]["branch_id"])
    return snapshot.write_all(full, branches, root)


def test_every_report_scope_is_the_same_through_the_snapshot(full, snaps):
    for branch, folder in snaps.items():
        snap = snapshot.load(folder)
        for period in PERIODS:
            a, b = scope.for_branch(full, branch, *period), scope.for_branch(snap, branch, *period)
            assert set(a) == set(b)
            for name in a:
                pd.testing.assert_frame_equal(a[name], b[name], check_exact=True, obj=f"{branch} {period} {name}")


def test_a_snapshot_holds_only_its_branch_and_what_it_references(full, snaps):
    snap = snapshot.load(snaps["B01"])
    assert list(snap["branches"]["branch_id"]) == ["B01"]
    assert set(snap["events"]["branch_id"]) == {"B01"}
    assert len(snap["people"]) < len(full["people"])
    assert set(snap["attendance"]["event_id"]) <= set(snap["events"]["event_id"])


def test_the_snapshot_restores_the_data_quality_record_without_validating_again(full, snaps):
    snap = snapshot.load(snaps["B02"])
    assert snap.rows_read == full.rows_read  # rows read from the source, not from the snapshot
    assert snap.notes == full.notes and snap.source == full.source
    assert snap.snapshot == str(snaps["B02"])
    pd.testing.assert_frame_equal(snap.problems, full.problems, check_dtype=False)
    for name in full:
        assert str(snap[name].dtypes.to_dict()) == str(full[name].dtypes.to_dict()), name


def test_the_snapshot_is_an_ordinary_data_folder_too(snaps):
    ds = io.load_dataset(snaps["B03"], errors="raise")  # validates: every reference is inside the folder
    assert list(ds["branches"]["branch_id"]) == ["B03"]
    meta = json.loads((snaps["B03"] / snapshot.SNAPSHOT_FILE).read_text(encoding="utf-8"))
    assert meta["branch_id"] == "B03" and meta["format"] == snapshot.FORMAT
    assert sorted(p.stem for p in snaps["B03"].glob("*.parquet")) == sorted(meta["tables"])


def test_references_to_another_branch_come_along(sample_tables, tmp_path):
    """A lead of a B01 event assigned to a B02 manager: B01's snapshot holds that staff row and branch B02."""
    t = {k: v.copy() for k, v in sample_tables.items()}
    b01_events = set(t["events"].loc[t["events"]["branch_id"] == "B01", "event_id"])
    other = t["staff"].loc[t["staff"]["branch_id"] == "B02", "staff_id"].iloc[0]
    i = t["leads"].index[t["leads"]["event_id"].isin(b01_events)][0]
    t["leads"].loc[i, "assigned_to"] = other
    io.write_dataset(t, tmp_path / "data")
    full = io.load_dataset(tmp_path / "data", errors="raise")
    folder = snapshot.write(full, "B01", tmp_path / "snap")
    snap = snapshot.load(folder)
    assert other in set(snap["staff"]["staff_id"])
    assert set(snap["branches"]["branch_id"]) == {"B01", "B02"}
    assert len(io.load_dataset(folder, errors="raise")["leads"]) == len(snap["leads"])  # nothing dangles
    for period in PERIODS:
        a, b = scope.for_branch(full, "B01", *period), scope.for_branch(snap, "B01", *period)
        for name in a:
            pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def test_rejected_rows_and_problems_survive_the_snapshot(sample_tables, tmp_path):
    t = {k: v.copy() for k, v in sample_tables.items()}
    t["attendance"] = pd.concat([t["attendance"], t["attendance"].iloc[[0]].assign(event_id="NO-SUCH-EVENT")],
                                ignore_index=True)
    io.write_dataset(t, tmp_path / "data")
    full = io.load_dataset(tmp_path / "data", errors="report")
    assert len(full.problems) == 1
    snap = snapshot.load(snapshot.write(full, "B01", tmp_path / "snap"))
    assert list(snap.problems["rule"]) == ["foreign_key"] and list(snap.problems["table"]) == ["attendance"]
    assert snap.quality().equals(full.quality().assign(rows=snap.quality()["rows"]))
    assert list(snap.rejected["attendance"]["event_id"]) == ["NO-SUCH-EVENT"]
    with pytest.raises(DataError, match="NO-SUCH-EVENT"):
        snapshot.load(tmp_path / "snap", errors="raise")


def test_only_the_tables_asked_for(snaps):
    ds = snapshot.load(snaps["B01"], tables=["branches", "leads"])
    assert len(ds["leads"]) and len(ds["branches"]) and not len(ds["attendance"])
    assert set(ds.rows_read) == {"branches", "leads"}


def test_a_damaged_snapshot_is_a_data_error(snaps, tmp_path):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(snaps["B01"], folder)
    (folder / "leads.parquet").write_bytes(b"not parquet")
    with pytest.raises(DataError, match=r"leads.parquet of the snapshot cannot be read.*run `python -m analysis run`"):
        snapshot.load(folder)


def test_rewriting_a_snapshot_replaces_it_whole_and_leaves_no_temporary_folder(full, tmp_path):
    folder = snapshot.write(full, "B01", tmp_path / "_data" / "B01")
    (folder / "stale.parquet").write_bytes(b"x")
    snapshot.write(full, "B01", folder)
    assert not (folder / "stale.parquet").exists()
    assert [p.name for p in (tmp_path / "_data").iterdir()] == ["B01"]


def test_a_plain_folder_goes_through_load_dataset(sample_dir):
    ds = snapshot.load(sample_dir)
    assert not hasattr(ds, "snapshot") and len(ds["branches"]) == 3


def test_install_routes_load_dataset_through_the_snapshot(snaps, monkeypatch):
    monkeypatch.setattr(io, "load_dataset", io.load_dataset)  # undone after the test
    snapshot.install()
    snapshot.install()  # idempotent
    ds = io.load_dataset(snaps["B01"], errors="report")
    assert getattr(ds, "snapshot", None) == str(snaps["B01"])
    assert io.load_dataset.__wrapped_loader__ is not io.load_dataset
