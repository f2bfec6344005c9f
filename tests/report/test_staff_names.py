"""Staff by name and role (issue 14 item 5): the contract's optional ``staff.name``, the sample's seeded names,
the loader allowing a name column in ``staff`` only, and how reports name owners."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import report
from analysis.errors import DataError
from analysis.io import load_dataset
from analysis.sample.staff import GIVEN_NAMES, SURNAMES, staff_names

BASE = Path(__file__).resolve().parents[1] / "hostile" / "base"


def test_sample_staff_have_distinct_seeded_names(sample_tables):
    staff = sample_tables["staff"]
    assert staff["name"].notna().all() and staff["name"].is_unique
    assert staff["name"].str[0].isin(SURNAMES).all()
    assert staff["name"].str[1:].isin(GIVEN_NAMES).all()
    # the customers of the hostile corpus (tests/hostile SECRETS) never appear as staff names
    assert not set(staff["name"]) & {"张三", "李四", "王五"}


def test_staff_stage_changes_only_the_staff_name_column():
    tables = {"staff": pd.DataFrame({"staff_id": ["A-S01", "A-S02", "A-S03"], "role": ["teller"] * 3}),
              "people": pd.DataFrame({"person_id": ["P1"]})}
    out = staff_names(tables, 0)
    assert out["people"] is tables["people"]
    pd.testing.assert_frame_equal(out["staff"].drop(columns="name"), tables["staff"])
    assert "name" not in tables["staff"]  # the input is not changed
    assert staff_names(tables, 0)["staff"]["name"].tolist() == out["staff"]["name"].tolist()  # same seed, same names
    assert staff_names(tables, 1)["staff"]["name"].tolist() != out["staff"]["name"].tolist()


def _folder(tmp_path, staff_csv=None, people_csv=None) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    if staff_csv is not None:
        (folder / "staff.csv").write_text(staff_csv, encoding="utf-8")
    if people_csv is not None:
        (folder / "people.csv").write_text(people_csv, encoding="utf-8")
    return folder


def test_a_name_column_is_allowed_in_staff(tmp_path):
    folder = _folder(tmp_path, staff_csv="员工编号,网点编号,岗位,姓名\nB01-S01,B01,wealth_manager,王芳\n"
                                          "B01-S02,B01,lobby_manager,\nB02-S01,B02,wealth_manager,李娜\n")
    ds = load_dataset(folder)
    assert ds["staff"]["name"].tolist()[0] == "王芳" and pd.isna(ds["staff"]["name"].iloc[1])
    assert ds.problems.empty
    names = report.staff_names(ds["staff"], "zh")
    assert names.to_dict() == {"B01-S01": "王芳（理财经理）", "B01-S02": "B01-S02（大堂经理）", "B02-S01": "李娜（理财经理）"}
    assert report.staff_names(ds["staff"], "en")["B01-S01"] == "王芳 (Wealth manager)"


@pytest.mark.parametrize("header", ["姓名", "name", "员工姓名"])
def test_a_name_column_elsewhere_is_still_refused(tmp_path, header):
    people = (BASE / "people.csv").read_text(encoding="utf-8").splitlines()
    people = [people[0] + f",{header}"] + [line + ",张三" for line in people[1:]]
    folder = _folder(tmp_path, people_csv="\n".join(people) + "\n")
    with pytest.raises(DataError) as err:
        load_dataset(folder)
    p = err.value.problems
    assert p[["table", "column", "rule"]].values.tolist() == [["people", header, "personal_data_column"]]
    assert "张三" not in str(err.value)


def test_staff_without_names_are_named_by_id_and_role(tmp_path):
    ds = load_dataset(_folder(tmp_path))  # the corpus's staff.csv has no name column
    assert ds["staff"]["name"].isna().all()
    assert report.staff_names(ds["staff"], "zh")["B01-S01"] == "B01-S01（理财经理）"


def test_reports_name_owners_by_name_and_role(sample_dataset):
    from analysis import events, scope

    scoped = scope.for_branch(sample_dataset, "B01")
    staff = scoped["staff"].set_index("staff_id")
    head = staff.index[staff["role"] == "branch_head"][0]
    acts = events.actions(scoped, language="zh")
    expected = f"{staff.loc[head, 'name']}（网点负责人）"
    assert report.staff_names(scoped["staff"], "zh")[head] == expected
    assert acts["owner"].str.contains("（").all() and not acts["owner"].str.contains("B01-S").any()
