"""The fill-in templates and the sheet importer (issue 15), on workbooks the tests fill in themselves.

Every name and phone number below is generated (``_people``): none is a real person's. The round trip
imports a filled-in workbook into an empty folder, validates it with the loader, runs report 02 on it and
greps every file written for the names and phone numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import cli
from analysis.errors import DataError
from analysis.importers import FORMS, form_markdown, import_sheets, write_templates
from analysis.io import load_dataset

SALT = "test-salt"
ROOT = Path(__file__).resolve().parents[2]
T = dt.datetime


def _people(n, seed=7):
    """Generated names and mobile numbers (a seeded draw from common surnames and given-name characters)."""
    rng = np.random.default_rng(seed)
    sur = list("赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨")
    given = list("伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂")
    names = [rng.choice(sur) + "".join(rng.choice(given, size=2)) for _ in range(n)]
    phones = [f"13{rng.integers(5, 10)}{rng.integers(10_000_000, 99_999_999)}" for _ in range(n)]
    return names, phones


NAMES, PHONES = _people(4)


def _hash_phone(phone: str) -> str:
    # independent reference: the documented HMAC-SHA256 of "phone:<digits>" (analysis.privacy.hash_identifier)
    return "H" + hmac.new(SALT.encode(), f"phone:{phone}".encode(), hashlib.sha256).hexdigest()[:16]


def _put(wb, title, rows, first=3):
    ws = wb[title]
    for i, r in enumerate(rows, start=first):
        for j, v in enumerate(r, start=1):
            ws.cell(row=i, column=j, value=v)


def _filled(path: Path) -> Path:
    """The zh template filled in for branch B07: setup sheets, 3 check-ins, 1 invitation, 2 leads …"""
    wb = load_workbook(write_templates(path.parent / "templates"))
    n, p = NAMES, PHONES
    _put(wb, "网点信息", [["B07", "城西支行", "杭州"]])
    _put(wb, "员工名单", [["B07-S01", "周建国", "行长", "B07"], ["B07-S02", "吴丽娟", "理财经理", "B07"],
                      ["B07-S03", "韩梅", "大堂经理", "B07"]])
    _put(wb, "小区信息", [["B07-C01", "B07", "西溪花园", 800, 0.9, 2010, 1.2]])
    _put(wb, "活动信息", [["B07-E01", "B07", "B07-C01", "沙龙", "养老规划", T(2026, 9, 12, 14), T(2026, 9, 12, 16), 2000, 20]])
    _put(wb, "签到表", [
        ["B07-E01", n[0], p[0], T(2026, 9, 12, 14, 2), "员工邀约", "吴丽娟", None, "是", "女", "是", "B07-C01"],
        ["B07-E01", n[1], p[1], T(2026, 9, 12, 14, 10), "带客", None, p[0], "否", "男", None, None],
        ["B07-E01", n[2], p[2], T(2026, 9, 12, 14, 30), "自然到访", None, None, "否", "女", "否", None]])
    _put(wb, "邀约名单", [["B07-E01", "B07-S02", None, n[0], p[0], T(2026, 9, 8, 10)]])
    _put(wb, "线索跟进表", [
        [None, "B07-E01", n[1], p[1], "吴丽娟", T(2026, 9, 12, 15), T(2026, 9, 12, 18), "成交", T(2026, 9, 13, 10), "稳健理财",
         100000],
        [None, "B07-E01", n[2], p[2], "韩梅", T(2026, 9, 12, 15), None, "跟进中", None, None, None]])
    _put(wb, "活动评估表", [["B07-E01", "到场人数", None, 20, 3], ["B07-E01", "活动评分", None, None, 4.2]])
    _put(wb, "客户信息表", [["B07-E01", n[2], p[2], "韩梅", T(2026, 9, 12, 14, 45), "子女教育, 养老规划", "教育金", "30-39", "女"]])
    wb.save(path)
    return path


def _digest(paths) -> dict:
    return {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


def _problems(exc) -> pd.DataFrame:
    return exc.value.problems


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("round_trip")
    book = _filled(root / "filled.xlsx")
    before = _digest([book])
    result, added = import_sheets([book], root / "data", salt=SALT)
    return {"root": root, "book": book, "before": before, "result": result, "added": added, "data": root / "data"}


# -- templates -----------------------------------------------------------------------------------------------


def test_template_has_one_sheet_per_form_with_dropdowns_date_validation_and_print_setup(tmp_path):
    wb = load_workbook(write_templates(tmp_path))
    assert wb.sheetnames == ["说明"] + [f.zh for f in FORMS.values()]
    ws = wb["签到表"]
    assert [c.value for c in ws[1]] == ["活动编号", "姓名", "手机号", "到场时间", "来源", "邀约人", "带客人手机号", "是否本行客户",
                                        "性别", "领取礼品", "小区编号"]
    lists = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    assert lists["E"].type == "list" and lists["E"].formula1 == '"员工邀约,合作方邀约,带客,自然到访"'  # 来源
    assert lists["D"].type == "date"  # 到场时间
    assert lists["H"].formula1 == '"是,否"'
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.print_title_rows == "$1:$1"
    assert ws["B2"].value == FORMS["sign_in"].examples[0]["name"]  # the example row
    roles = next(dv for dv in wb["员工名单"].data_validations.dataValidation if dv.type == "list")
    assert roles.formula1 == '"行长,运营主管,理财经理,大堂经理,柜员,客户经理"'
    kinds = next(dv for dv in wb["活动信息"].data_validations.dataValidation if dv.type == "list")
    assert kinds.formula1 == '"驻点,沙龙,社区活动"'
    outcome = next(dv for dv in wb["线索跟进表"].data_validations.dataValidation if dv.type == "list")
    assert outcome.formula1 == '"成交,未成交,跟进中"'


def test_english_template_has_english_headers_and_codes(tmp_path):
    wb = load_workbook(write_templates(tmp_path, language="en"))
    assert wb.sheetnames[:2] == ["Notes", "Branch"]
    ws = wb["Sign-in"]
    assert ws["A1"].value == "Event id" and ws["E1"].value == "Source" and ws["E2"].value == "staff_invite"


def test_docs_forms_pages_are_generated_from_the_forms():
    for key in FORMS:
        page = ROOT / "docs" / "forms" / f"{key}.md"
        assert page.read_text(encoding="utf-8") == form_markdown(key), f"regenerate {page}"


# -- round trip ----------------------------------------------------------------------------------------------


def test_round_trip_validates_with_hand_counted_rows(imported):
    ds = load_dataset(imported["data"])
    assert len(ds.problems) == 0
    att = ds["attendance"].sort_values("arrived_at")
    assert att["source"].astype(str).tolist() == ["staff_invite", "brought_along", "walk_in"]
    assert att["is_bank_customer"].tolist() == [True, False, False]
    # the same phone number is the same person on the sign-in sheet, the invitation list and the lead sheet
    assert att["person_id"].tolist() == [_hash_phone(p) for p in PHONES[:3]]
    assert att["brought_by"].iloc[1] == _hash_phone(PHONES[0])
    assert ds["invitations"]["person_id"].tolist() == [_hash_phone(PHONES[0])]
    assert ds["invitations"]["inviter_id"].tolist() == ["B07-S02"]
    leads = ds["leads"].set_index(ds["leads"]["outcome"].astype(str))
    assert leads["assigned_to"].to_dict() == {"won": "B07-S02", "open": "B07-S03"}  # 吴丽娟, 韩梅: matched by name
    assert leads.loc["won", "amount"] == 100000.0
    assert set(ds["people"]["person_id"]) == {_hash_phone(p) for p in PHONES[:3]}
    assert ds["people"].set_index("person_id").loc[_hash_phone(PHONES[2]), "age_band"] == "30-39"
    assert ds["event_targets"]["target"].tolist() == [20.0]
    assert sorted(ds["event_actuals"]["actual"].tolist()) == [3.0, 4.2]
    assert ds["visitor_records"]["needs"].tolist() == ["子女教育|养老规划"]
    assert imported["added"]["attendance"] == 3 and imported["added"]["people"] == 3


def test_round_trip_summary_says_what_was_read_and_set_aside(imported):
    lines = imported["result"].summary(imported["added"])
    assert "read: filled.xlsx, sheet '签到表' (签到表): 3 row(s)" in lines
    assert "created: 3 row(s) of attendance" in lines
    assert any("row(s) 2: the template's example row, not imported" in s for s in lines)
    assert not any(n in s for s in lines for n in NAMES + PHONES)


def test_input_file_is_never_modified(imported):
    assert _digest([imported["book"]]) == imported["before"]


def test_reimport_adds_nothing(imported, tmp_path):
    data = imported["data"]
    files = sorted(data.glob("*.csv"))
    before = _digest(files)
    _result, added = import_sheets([imported["book"]], data, salt=SALT)
    assert set(added.values()) == {0}
    assert _digest(files) == before


def test_conflicting_reimport_is_refused_listing_the_conflict(imported, tmp_path):
    wb = load_workbook(imported["book"])
    wb["签到表"].cell(row=3, column=4, value=T(2026, 9, 12, 14, 9))  # another arrival time for the same person
    changed = tmp_path / "changed.xlsx"
    wb.save(changed)
    files = sorted(imported["data"].glob("*.csv"))
    before = _digest(files)
    with pytest.raises(DataError) as exc:
        import_sheets([changed], imported["data"], salt=SALT)
    pr = _problems(exc)
    assert pr[["table", "column", "rule"]].values.tolist() == [["attendance", "event_id+person_id", "conflicting_reimport"]]
    assert _hash_phone(PHONES[0]) in pr["rows"].iloc[0]
    assert _digest(files) == before  # nothing written


def test_report_runs_on_the_imported_folder_and_no_name_or_phone_is_written(imported):
    from analysis.runner import run

    out = imported["root"] / "reports"
    results = run(imported["data"], out, notebooks=[ROOT / "notebooks" / "02_salon_attendance.ipynb"], jobs=1,
                  language="zh")
    assert [r.status for r in results] == ["ok"]
    written = [p for p in list(imported["data"].rglob("*")) + list(out.rglob("*")) if p.is_file()]
    assert any(p.suffix == ".html" for p in written)
    for p in written:
        text = p.read_bytes().decode("utf-8", errors="ignore")
        for secret in NAMES + PHONES:
            assert secret not in text, f"{secret!r} in {p}"


# -- malformed sheets ----------------------------------------------------------------------------------------


@pytest.fixture()
def folder(imported, tmp_path):
    """A data folder with the round trip's setup tables (staff, events …)."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("branches", "staff", "communities", "events"):
        (data / f"{name}.csv").write_bytes((imported["data"] / f"{name}.csv").read_bytes())
    return data


def _sign_in(tmp_path, rows, header=True, merge=None):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "签到表"
    if header:
        ws.append(["活动编号", "姓名", "手机号", "到场时间", "来源", "是否本行客户", "性别"])
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    path = tmp_path / "sheet.xlsx"
    wb.save(path)
    return path


GOOD = ["B07-E01", NAMES[3], PHONES[3], T(2026, 9, 12, 14, 40), "自然到访", "否", "男"]


def _error(path, folder):
    before = _digest([path])
    with pytest.raises(DataError) as exc:
        import_sheets([path], folder, salt=SALT)
    assert _digest([path]) == before
    assert not (folder / "attendance.csv").exists()
    text = str(exc.value)
    assert not any(s in text for s in NAMES + PHONES)
    return _problems(exc)


def test_looser_sheet_with_columns_in_another_order_a_title_row_and_an_extra_column(folder, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "9月12日沙龙"
    ws.append(["城西支行 9月12日 沙龙签到"])
    ws.append(["手机号", "姓名", "来源", "到场时间", "是否本行客户", "活动编号", "性别", "备注"])
    ws.append([PHONES[3], NAMES[3], "自然到访", T(2026, 9, 12, 14, 40), "否", "B07-E01", "男", "第一次来"])
    path = tmp_path / "loose.xlsx"
    wb.save(path)
    result, added = import_sheets([path], folder, salt=SALT)
    assert added["attendance"] == 1
    assert "read: loose.xlsx, sheet '9月12日沙龙' (签到表): 1 row(s)" in result.summary(added)
    assert any("column '备注': not a column of the form, not imported" in s for s in result.set_aside)
    att = pd.read_csv(folder / "attendance.csv", dtype=str)
    assert att["person_id"].tolist() == [_hash_phone(PHONES[3])]


def test_missing_header_is_an_error(folder, tmp_path):
    pr = _error(_sign_in(tmp_path, [GOOD], header=False), folder)
    assert pr[["table", "rule", "rows"]].values.tolist() == [["attendance", "missing_header", "1"]]
    assert "sheet '签到表'" in pr["detail"].iloc[0]


def test_merged_cells_are_an_error(folder, tmp_path):
    pr = _error(_sign_in(tmp_path, [GOOD, GOOD[:1] + [None] * 6], merge="A2:A3"), folder)
    assert pr[["table", "rule", "rows"]].values.tolist() == [["attendance", "merged_cells", "2, 3"]]
    assert "A2:A3" in pr["detail"].iloc[0]


def test_a_date_typed_as_text_is_an_error(folder, tmp_path):
    pr = _error(_sign_in(tmp_path, [GOOD, ["B07-E01", NAMES[0], PHONES[0], "9月12日下午两点"] + GOOD[4:]]), folder)
    assert pr[["table", "column", "rule", "rows"]].values.tolist() == [["attendance", "到场时间", "date_as_text", "3"]]


def test_a_phone_number_in_the_name_column_is_an_error(folder, tmp_path):
    row = list(GOOD)
    row[1], row[2] = PHONES[3], None
    pr = _error(_sign_in(tmp_path, [row]), folder)
    assert pr[["table", "column", "rule", "rows"]].values.tolist() == [["attendance", "姓名", "personal_data", "2"]]
    assert "mobile" in pr["detail"].iloc[0]


def test_text_in_the_phone_column_is_an_error(folder, tmp_path):
    row = list(GOOD)
    row[2] = "见背面"
    pr = _error(_sign_in(tmp_path, [row]), folder)
    assert pr[["table", "column", "rule", "rows"]].values.tolist() == [["attendance", "手机号", "not_a_phone", "2"]]


def test_unknown_event_staff_and_value_are_listed_together(folder, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "线索跟进表"
    ws.append(["活动编号", "客户", "手机号", "负责人", "登记时间", "结果", "结果时间"])
    ws.append(["B07-E99", NAMES[0], PHONES[0], "张无名", T(2026, 9, 12, 15), "成交", T(2026, 9, 13)])
    ws.append(["B07-E01", NAMES[1], PHONES[1], "B07-S02", T(2026, 9, 12, 15), "搞定", None])
    ws.append(["B07-E01", NAMES[2], PHONES[2], "B07-S02", T(2026, 9, 12, 15), "成交", None])
    path = tmp_path / "leads.xlsx"
    wb.save(path)
    with pytest.raises(DataError) as exc:
        import_sheets([path], folder, salt=SALT)
    got = _problems(exc)[["table", "column", "rule", "rows"]].values.tolist()
    assert ["leads", "活动编号", "foreign_key", "2"] in got
    assert ["leads", "负责人", "unknown_staff", "2"] in got
    assert ["leads", "结果", "allowed_values", "3"] in got
    assert ["leads", "结果, 结果时间", "closed_needs_time", "4"] in got or \
        ["leads", "outcome, closed_at", "closed_needs_time", "4"] in got


def test_missing_required_column_is_an_error(folder, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "签到表"
    ws.append(["活动编号", "姓名", "手机号", "来源"])
    ws.append(GOOD[:3] + ["自然到访"])
    path = tmp_path / "s.xlsx"
    wb.save(path)
    pr = _error(path, folder)
    assert pr[["table", "rule"]].values.tolist() == [["attendance", "missing_column"]]
    assert "到场时间" in pr["column"].iloc[0] and "是否本行客户" in pr["column"].iloc[0]


# -- command line --------------------------------------------------------------------------------------------


def test_cli_templates_and_import_sheets(imported, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_PERSON_SALT", SALT)
    assert cli.main(["templates", "--out", str(tmp_path / "t")]) == 0
    assert (tmp_path / "t" / "社区营销填报模板.xlsx").is_file()
    assert cli.main(["import-sheets", str(imported["book"]), "--out", str(tmp_path / "d")]) == 0
    out = capsys.readouterr().out
    assert "created: 3 row(s) of attendance" in out
    assert not any(s in out for s in NAMES + PHONES)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert cli.main(["import-sheets", str(bad), "--out", str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert "cannot be read as an Excel workbook" in err and "Traceback" not in err
