"""``io.load_dataset`` on a snapshot folder restores it as the run validated it (issue 10)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import DataError, io, snapshot

BRANCHES = "branch_id,name,city\nB01,城东支行,杭州\n"
STAFF = "staff_id,branch_id,role\nS1,B01,wealth_manager\nS2,B01,boss\n"  # S2: a role outside the contract
COMMUNITIES = "community_id,branch_id,name,households\nC1,B01,阳光小区,1200\n"
PEOPLE = "person_id,community_id,is_bank_customer\nP1,C1,true\nP2,C1,false\n"


@pytest.fixture
def snap(tmp_path):
    src = tmp_path / "data"
    src.mkdir()
    for name, text in (("branches", BRANCHES), ("staff", STAFF), ("communities", COMMUNITIES), ("people", PEOPLE)):
        (src / f"{name}.csv").write_text(text, encoding="utf-8")
    full = io.load_dataset(src, errors="report")
    return full, snapshot.write(full, "B01", tmp_path / "_data" / "B01")


def test_a_snapshot_folder_is_restored_not_validated_again(snap):
    full, folder = snap
    assert not hasattr(io.load_dataset, "__wrapped_loader__")  # the plain loader, no snapshot.install()
    ds = io.load_dataset(folder, errors="report")
    assert ds.snapshot == str(folder)  # only snapshot.load sets it
    assert ds.source == full.source  # the original data source, not the snapshot folder
    assert ds["staff"]["staff_id"].tolist() == ["S1"]
    pd.testing.assert_frame_equal(ds.problems, full.problems)
    assert ds.problems[["table", "column", "rule", "rows"]].values.tolist() == [["staff", "role", "allowed_values", "3"]]
    assert ds.rejected["staff"]["staff_id"].tolist() == ["S2"]
    assert ds.rows_read["staff"] == 2


def test_errors_raise_raises_the_recorded_problems_and_tables_selects(snap):
    _full, folder = snap
    with pytest.raises(DataError) as err:
        io.load_dataset(folder)  # errors="raise", the default
    assert err.value.problems["rule"].tolist() == ["allowed_values"]
    ds = io.load_dataset(folder, errors="report", tables=["people"])
    assert ds["people"]["person_id"].tolist() == ["P1", "P2"] and len(ds["staff"]) == 0


def test_a_damaged_snapshot_is_a_data_error_naming_it(snap):
    _full, folder = snap
    (folder / "people.parquet").write_bytes(b"not parquet")
    with pytest.raises(DataError, match=r"people.parquet of the snapshot cannot be read"):
        io.load_dataset(folder, errors="report")
