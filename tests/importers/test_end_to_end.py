"""The importers end to end (issue 15 item 4): the English templates filled in → import → validate → the
scorecard and report 02 in English; a WeCom-imported folder (with a small branches/staff/people setup) →
report 04 through the runner, its group health from the daily statistics; the importers' own wording of a
conflicting re-import.

Every name and phone number is generated (``test_sheets._people``); the WeCom payloads are the fixtures of
``data/wecom`` (the API's documented field names).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis import events
from analysis.errors import DataError
from analysis.importers import import_sheets, import_wecom, write_templates
from analysis.io import load_dataset

from .test_sheets import NAMES, PHONES, SALT, _hash_phone
from .test_wecom import DATA as WECOM, SECRETS

ROOT = Path(__file__).resolve().parents[2]
T = dt.datetime


def _put(ws, rows, first=3):
    for i, r in enumerate(rows, start=first):
        for j, v in enumerate(r, start=1):
            ws.cell(row=i, column=j, value=v)


def _filled_en(folder: Path) -> Path:
    """The English template filled in for branch B08 with English headers and codes."""
    wb = load_workbook(write_templates(folder / "templates", language="en"))
    n, p = NAMES, PHONES
    _put(wb["Branch"], [["B08", "West branch", "Hangzhou"]])
    _put(wb["Staff"], [["B08-S01", "周建国", "branch_head", "B08"], ["B08-S02", "吴丽娟", "wealth_manager", "B08"]])
    _put(wb["Communities"], [["B08-C01", "B08", "Riverside", 600, 0.8, 2012, 1.0]])
    _put(wb["Events"], [["B08-E01", "B08", "B08-C01", "salon", "Retirement", T(2026, 9, 19, 14), T(2026, 9, 19, 16),
                         1500, 10]])
    _put(wb["Sign-in"], [
        ["B08-E01", n[0], p[0], T(2026, 9, 19, 14, 1), "staff_invite", "吴丽娟", None, "yes", "female", "yes", "B08-C01"],
        ["B08-E01", n[1], p[1], T(2026, 9, 19, 14, 6), "brought_along", None, p[0], "no", "male", "no", None],
        ["B08-E01", n[3], p[3], T(2026, 9, 19, 14, 20), "walk_in", None, None, "no", "female", "no", None]])
    _put(wb["Invitations"], [["B08-E01", "B08-S02", None, n[0], p[0], T(2026, 9, 15, 9)]])
    _put(wb["Lead follow-up"], [[None, "B08-E01", n[1], p[1], "吴丽娟", T(2026, 9, 19, 15), T(2026, 9, 19, 17), "won",
                                 T(2026, 9, 20, 10), "Wealth", 80000]])
    _put(wb["Event evaluation"], [["B08-E01", "attendees", None, 5, 4], ["B08-E01", "leads", None, 2, None],
                                  ["B08-E01", "evaluation_score", None, 80, 85]])
    path = folder / "filled_en.xlsx"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    root = tmp_path_factory.mktemp("english")
    book = _filled_en(root)
    result, added = import_sheets([book], root / "data", salt=SALT)
    return {"root": root, "data": root / "data", "result": result, "added": added}


def test_english_templates_import_and_validate_with_hand_counts(english):
    ds = load_dataset(english["data"])
    assert len(ds.problems) == 0
    att = ds["attendance"].sort_values("arrived_at")
    # hand: the three check-ins in sheet order, English codes read as the contract's
    assert att["source"].astype(str).tolist() == ["staff_invite", "brought_along", "walk_in"]
    assert att["is_bank_customer"].tolist() == [True, False, False]
    assert att["person_id"].tolist() == [_hash_phone(PHONES[i]) for i in (0, 1, 3)]
    assert ds["staff"].set_index("staff_id")["role"].astype(str).to_dict() == {"B08-S01": "branch_head",
                                                                                "B08-S02": "wealth_manager"}
    assert ds["leads"]["assigned_to"].tolist() == ["B08-S02"]  # 吴丽娟, matched by name
    # hand: 3 targets (attendees 5, leads 2, score 80), 2 actuals (attendees 4, score 85)
    assert sorted(ds["event_targets"]["target"].tolist()) == [2.0, 5.0, 80.0]
    assert sorted(ds["event_actuals"]["actual"].tolist()) == [4.0, 85.0]


def test_english_import_feeds_the_scorecard(english):
    ds = load_dataset(english["data"])
    card = events.scorecard(ds).set_index("metric")
    # hand: the form's 4 attendees (the sign-in sheet counts 3), 1 lead from the lead sheet, the form's score 85
    assert (card.loc["attendees", "actual"], card.loc["attendees", "data_actual"]) == (4.0, 3.0)
    assert card.loc["leads", "actual"] == 1.0 and card.loc["leads", "passed"] == False  # noqa: E712
    assert card.loc["evaluation_score", "actual"] == 85.0 and card.loc["evaluation_score", "passed"] == True  # noqa: E712


def test_english_report_runs_and_writes_no_name_or_phone(english):
    from analysis.runner import run

    out = english["root"] / "reports"
    results = run(english["data"], out, notebooks=[ROOT / "notebooks" / "02_salon_attendance.ipynb"], jobs=1,
                  language="en")
    assert [r.status for r in results] == ["ok"], [r.error for r in results]
    written = [p for p in list(english["data"].rglob("*")) + list(out.rglob("*")) if p.is_file()]
    html = [p for p in written if p.suffix == ".html" and "02_salon_attendance" in p.name]
    assert len(html) == 1 and "Reported on the form" in html[0].read_text(encoding="utf-8")
    for p in written:
        text = p.read_bytes().decode("utf-8", errors="ignore")
        for secret in NAMES + PHONES:
            assert secret not in text, f"{secret!r} in {p}"


def test_a_conflicting_sheet_reimport_gets_the_importers_advice_not_prefix(english, tmp_path):
    book = load_workbook(english["root"] / "filled_en.xlsx")
    book["Sign-in"].cell(row=3, column=4, value=T(2026, 9, 19, 14, 9))  # another arrival time, same person
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    with pytest.raises(DataError) as exc:
        import_sheets([changed], english["data"], salt=SALT)
    msg = str(exc.value)
    assert "--prefix" not in msg and "correct (or delete) those rows in the folder's CSV file" in msg
    pr = exc.value.problems
    assert pr["rule"].tolist() == ["conflicting_reimport"] and "--prefix" not in pr["detail"].iloc[0]
    assert "attendance" in pr["table"].tolist() and _hash_phone(PHONES[0]) in pr["rows"].iloc[0]


# -- WeCom ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wecom(tmp_path_factory):
    root = tmp_path_factory.mktemp("wecom")
    d = root / "data"
    d.mkdir()
    (d / "branches.csv").write_text("branch_id,name,city\nB07,West,Hangzhou\n", encoding="utf-8")
    (d / "staff.csv").write_text("staff_id,branch_id,role\nB07-S01,B07,branch_head\nB07-S03,B07,wealth_manager\n",
                                 encoding="utf-8")
    (d / "communities.csv").write_text("community_id,branch_id,name,households\nB07-C01,B07,Riverside,800\n",
                                       encoding="utf-8")
    (d / "people.csv").write_text("person_id,community_id,is_bank_customer\n", encoding="utf-8")
    _r, added = import_wecom([WECOM], d, branch_id="B07", staff_map={"wuli": "B07-S03"}, salt=SALT)
    return {"root": root, "data": d, "added": added}


def test_runner_reports_groups_of_a_wecom_imported_folder_from_the_daily_statistics(wecom):
    from analysis.runner import run

    assert wecom["added"]["group_daily_stats"] == 3
    out = wecom["root"] / "reports"
    results = run(wecom["data"], out, notebooks=[ROOT / "notebooks" / "04_group_tiers.ipynb"], jobs=1,
                  language="en")
    assert [r.status for r in results] == ["ok"], [r.error for r in results]
    html = [p for p in out.rglob("*.html") if "04_group_tiers" in p.name]
    assert html
    text = html[0].read_text(encoding="utf-8")
    # hand (fixture statistic_group_by_day.json / statistic_by_owner.json): B07-S03 on 09-01 and 09-02,
    # 3 + 3 member-days, 2 + 1 posted → 50.0%, (12 + 4) / 6 = 2.667 messages per member-day; B07-S01 one day,
    # 2 members, nobody posted
    plain = re.sub(r"<[^>]+>", "", text)
    assert "B07-S03, 2 day(s) of WeCom statistics" in plain and "50.0% of members posted on an average day" in plain
    assert "2.667 messages per member-day" in plain
    assert "B07-S01, 1 day(s) of WeCom statistics" in plain and "0.0% of members posted" in plain
    for p in [p for p in list(wecom["data"].rglob("*")) + list(out.rglob("*")) if p.is_file()]:
        body = p.read_bytes().decode("utf-8", errors="ignore")
        for secret in SECRETS:
            assert secret not in body, f"{secret!r} in {p}"


def test_reimporting_a_book_with_its_staff_sheet_adds_nothing(english):
    # regression: the folder's staff row and the same book's staff sheet are one employee (was ambiguous_staff)
    _result, added = import_sheets([english["root"] / "filled_en.xlsx"], english["data"], salt=SALT)
    assert set(added.values()) == {0}
