"""The data overview's answer first (analysis.overview.quality_headline / quality_verdict / quality_actions):
hand counts on a small data folder with known problems, and the clean sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import overview, report, scope
from analysis.io import load_dataset
from analysis.schemas import TABLES

BASE = Path(__file__).resolve().parent / "hostile" / "base"


@pytest.fixture
def dirty(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    # hand: two staff rows break the role's allowed values (and the rows that refer to them fall with them)
    staff = (folder / "staff.csv").read_text(encoding="utf-8").splitlines()
    staff[1] = staff[1].replace("wealth_manager", "janitor")
    staff[2] = staff[2].replace("lobby_manager", "gardener")
    (folder / "staff.csv").write_text("\n".join(staff) + "\n", encoding="utf-8")
    return load_dataset(folder, errors="report")


def test_headline_counts_of_a_dirty_folder(dirty):
    h = overview.quality_headline(dirty).set_index("measure")
    files = sorted(p.stem for p in BASE.glob("*.csv"))
    rows = sum(len((BASE / f"{f}.csv").read_text(encoding="utf-8").splitlines()) - 1 for f in files)
    assert (h.loc["tables_read", "value"], h.loc["tables_read", "out_of"]) == (len(files), len(TABLES))
    assert h.loc["rows_read", "value"] == rows
    rejected = int(dirty.quality()["rows_rejected"].sum())
    assert rejected >= 2 and (h.loc["rows_rejected", "value"], h.loc["rows_rejected", "flag"]) == (rejected, "warn")
    assert (h.loc["problems", "value"], h.loc["problems", "flag"]) == (len(dirty.problems), "warn")
    assert "previous" not in h.columns  # nothing to compare with: the cards carry no change line
    block = str(report.headline_block(h.reset_index(), "en"))
    assert f"{rejected} of {rows} rows set aside" in block and "card-change" not in block
    assert f"{len(files)} of the contract&#x27;s {len(TABLES)} tables" in block


def test_verdict_and_actions_of_a_dirty_folder(dirty):
    n = len(dirty.problems)
    assert overview.quality_verdict(dirty, "zh").startswith(f"有 {n} 个问题：")
    assert overview.quality_verdict(dirty, "en").startswith(f"{n} problem(s) found: ")
    a = overview.quality_actions(dirty, "en")
    assert a["rank"].tolist() == list(range(1, len(a) + 1))
    assert a.loc[0, "action"] == "Fix the staff table at the source and re-run"
    assert "allowed_values" in a.loc[0, "reason"] or "allowed" in a.loc[0, "reason"]


def test_clean_sample_reads_data_can_be_used(sample_dataset):
    scoped = scope.for_branch(sample_dataset, "B01")
    h = overview.quality_headline(sample_dataset, scoped).set_index("measure")
    assert h.loc["problems", "value"] == 0 and h.loc["rows_rejected", "flag"] == "ok"
    assert h.loc["rows_in_scope", "value"] == sum(len(scoped[t]) for t in TABLES if scoped.get(t) is not None)
    assert overview.quality_verdict(sample_dataset, "zh").startswith("数据可用：")
    assert overview.quality_actions(sample_dataset).empty
