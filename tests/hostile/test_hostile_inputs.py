"""Hostile and malformed input (issue 11, the input side): every case of the corpus, its exact outcome.

The corpus (see README.md in this folder): ``base/`` is a small valid data folder of two branches;
``cases/<case>/`` holds the file(s) that replace or add to it for one case; ``wjx/`` holds 问卷星
exports. Binary inputs that are easier to describe than to store (workbooks with several sheets,
Parquet with infinite values or out-of-range times, SQLite databases) are built by the tests.

For every case the test states what must happen, exactly: the problems (table, column, rule and,
for the case's own problem, the rows) — including the rows that fall with a parent row set aside —
or the value read, or the masked text. Personal data must never appear unmasked in a message, a
problems table, a note or a rejected row.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import DataError, ParameterError
from analysis.cli import main
from analysis.io import load_dataset
from analysis.privacy import mask_personal

HERE = Path(__file__).resolve().parent
BASE, CASES, WJX = HERE / "base", HERE / "cases", HERE / "wjx"

#: Every raw piece of personal data in the corpus: none may appear in any output.
SECRETS = ["13800138000", "138 0013 8000", "138-0013-8000", "１３８００１３８０００", "13912345678", "139-1234-5678",
           "010-12345678", "0755 1234 5678", "87654321", "13700001111", "zhangsan@example.com", "lisi@example.com",
           "zs@example.com", "11010519491231002X", "6222 0212 3456 7894", "张三", "李四", "王五"]

# The rows that fall with a parent row that was set aside (rule foreign_key).
WITH_B01_E01 = {("attendance", "event_id", "foreign_key"), ("survey_responses", "event_id", "foreign_key"),
                ("survey_answers", "response_id", "foreign_key"), ("leads", "event_id", "foreign_key")}
WITH_B02_E01 = WITH_B01_E01
WITH_R00002 = {("survey_answers", "response_id", "foreign_key")}


def build(case: str, tmp_path: Path) -> Path:
    """The base folder with the case's files laid over it, in a temporary folder."""
    folder = tmp_path / case
    shutil.copytree(BASE, folder)
    for f in (CASES / case).iterdir():
        shutil.copy(f, folder / f.name)
    return folder


def triples(problems: pd.DataFrame) -> set:
    return {(r.table, r.column, r.rule) for r in problems.itertuples()}


def rows_of(problems: pd.DataFrame, table: str, column: str, rule: str) -> str:
    hit = problems[(problems["table"] == table) & (problems["column"] == column) & (problems["rule"] == rule)]
    assert len(hit) == 1, problems.to_string()
    return hit["rows"].iloc[0]


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for s in SECRETS:
            assert s not in text, f"{s!r} shown unmasked: {text[:300]}"


# ---------------------------------------------------------------------------
# The corpus, case by case
# ---------------------------------------------------------------------------

#: Cases that make a table unusable: load_dataset raises in both modes with exactly these problems
#: (table, column, rule, rows).
FATAL = {
    # class 1: failures that were tracebacks or silent shifts
    "trailing_comma": {("staff", "", "extra_fields", "2, 3, 4")},
    "trailing_comma_some_rows": {("staff", "", "extra_fields", "3")},
    "unquoted_comma_in_value": {("entry_points", "", "extra_fields", "2")},
    "empty_file": {("communities", "", "empty_file", "")},
    "unnamed_column_with_values": {("staff", "column 4", "unnamed_column", "")},
    "duplicate_header": {("people", "person_id", "duplicate_column", "")},
    "utf16_text": {("staff", "", "encoding", "1")},
    "latin1_bytes": {("communities", "", "encoding", "2")},
    "corrupt_xlsx": {("deals", "", "unreadable", "")},
    "corrupt_parquet": {("deals", "", "unreadable", "")},
    # class 4: personal data as a column, in any table, found by a fuzzy match of the header
    "phone_header_in_events": {("events", "电话号码", "personal_data_column", "")},
    "email_header_in_staff": {("staff", "E-mail", "personal_data_column", "")},
    "name_header_fuzzy": {("attendance", "客户姓名", "personal_data_column", "")},
    "idcard_header": {("leads", "身份证号码", "personal_data_column", "")},
    "bankcard_header_in_people": {("people", "银行卡号", "personal_data_column", "")},
}

#: Cases whose bad rows are set aside: (the case's own problems with their rows, the rows that fall with them).
ROWS = {
    # class 1: out-of-range values are problems of the row
    "number_inf": ({("events", "cost", "non_finite", "2")}, WITH_B01_E01),
    "number_20_digits": ({("events", "planned_invites", "overflow", "2")}, WITH_B01_E01),
    "mixed_offsets": ({("attendance", "arrived_at", "mixed_offsets", "3")}, set()),
    "date_9999_one_branch": ({("events", "starts_at", "date_range", "3"), ("events", "ends_at", "date_range", "3")},
                             WITH_B02_E01),
    "date_1200": ({("leads", "captured_at", "date_range", "3")}, set()),
    "header_only_required": ({("branches", "", "empty_table", "")},
                             {("staff", "branch_id", "foreign_key"), ("communities", "branch_id", "foreign_key"),
                              ("entry_points", "community_id", "foreign_key"),
                              ("people", "community_id", "foreign_key"), ("events", "branch_id", "foreign_key"),
                              ("events", "community_id", "foreign_key"), ("attendance", "event_id", "foreign_key"),
                              ("attendance", "person_id", "foreign_key"),
                              ("survey_responses", "person_id", "foreign_key"),
                              ("survey_responses", "community_id", "foreign_key"),
                              ("survey_responses", "event_id", "foreign_key"),
                              ("survey_answers", "response_id", "foreign_key"), ("leads", "person_id", "foreign_key"),
                              ("leads", "event_id", "foreign_key"), ("leads", "assigned_to", "foreign_key")}),
    # class 2: ambiguous values are refused, never guessed
    "day_first_dates": ({("events", "starts_at", "ambiguous_date", "2, 3"),
                         ("events", "ends_at", "ambiguous_date", "2, 3")},
                        WITH_B01_E01),
    "decimal_comma_european": ({("events", "cost", "decimal_comma", "2")}, WITH_B01_E01),
    "decimal_comma_makes_thousands_ambiguous": ({("events", "cost", "decimal_comma", "2, 3")}, WITH_B01_E01),
    "decimal_comma_simple": ({("communities", "distance_km", "decimal_comma", "2")},
                             {("entry_points", "community_id", "foreign_key"),
                              ("people", "community_id", "foreign_key"), ("events", "community_id", "foreign_key"),
                              ("attendance", "event_id", "foreign_key"), ("attendance", "person_id", "foreign_key"),
                              ("survey_responses", "person_id", "foreign_key"),
                              ("survey_responses", "community_id", "foreign_key"),
                              ("survey_responses", "event_id", "foreign_key"),
                              ("survey_answers", "response_id", "foreign_key"), ("leads", "person_id", "foreign_key"),
                              ("leads", "event_id", "foreign_key")}),
    "nan_text": ({("entry_points", "cost_per_visit", "non_finite", "2")}, set()),
    "offset_and_naive_mixed": ({("events", "starts_at", "mixed_offsets", "3")}, WITH_B02_E01),
    # class 3: plausibility
    "checkin_six_years_before": ({("attendance", "arrived_at", "checkin_in_event_window", "3")}, set()),
    "checkin_days_after": ({("attendance", "arrived_at", "checkin_in_event_window", "5")}, set()),
    "contact_before_capture": ({("leads", "captured_at,first_contact_at", "contact_after_capture", "3")}, set()),
    "date_after_2100": ({("survey_responses", "submitted_at", "date_range", "3")}, WITH_R00002),
    "date_before_2000": ({("events", "starts_at", "date_range", "3"), ("events", "ends_at", "date_range", "3")},
                         WITH_B02_E01),
    # class 4: personal data in values (and ids), masked wherever shown
    "mobile_spaced_in_answer": ({("survey_answers", "value", "personal_data", "5")}, set()),
    "mobile_dashed_in_theme": ({("events", "theme", "personal_data", "2")}, WITH_B01_E01),
    "mobile_plus86_in_entry_name": ({("entry_points", "name", "personal_data", "2")}, set()),
    "fullwidth_mobile_in_answer": ({("survey_answers", "value", "personal_data", "5")}, set()),
    "landline_in_answer": ({("survey_answers", "value", "personal_data", "5")}, set()),
    "email_in_answer": ({("survey_answers", "value", "personal_data", "5")}, set()),
    "id_number_in_answer": ({("survey_answers", "value", "personal_data", "5")}, set()),
    "bank_card_in_answer": ({("survey_answers", "value", "personal_data", "5")}, set()),
    "phone_as_person_id": ({("people", "person_id", "personal_data", "5"),
                            ("attendance", "person_id", "personal_data", "5")},
                           {("attendance", "person_id", "foreign_key")}),
    "id_number_as_response_id": ({("survey_responses", "response_id", "personal_data", "3"),
                                  ("survey_answers", "response_id", "personal_data", "4, 5")},
                                 {("survey_answers", "response_id", "foreign_key")}),
    "phone_in_extra_column": ({("people", "备注", "personal_data", "2")},
                              {("attendance", "person_id", "foreign_key"),
                               ("survey_responses", "person_id", "foreign_key"),
                               ("survey_answers", "response_id", "foreign_key")}),
    "landline_spaced_in_branch_name": ({("branches", "name", "personal_data", "3")},
                                       {("staff", "branch_id", "foreign_key"),
                                        ("communities", "branch_id", "foreign_key"),
                                        ("entry_points", "community_id", "foreign_key"),
                                        ("people", "community_id", "foreign_key"),
                                        ("events", "branch_id", "foreign_key"),
                                        ("events", "community_id", "foreign_key"),
                                        ("attendance", "event_id", "foreign_key"),
                                        ("attendance", "person_id", "foreign_key"),
                                        ("survey_responses", "person_id", "foreign_key"),
                                        ("survey_responses", "community_id", "foreign_key"),
                                        ("survey_responses", "event_id", "foreign_key"),
                                        ("survey_answers", "response_id", "foreign_key"),
                                        ("leads", "person_id", "foreign_key"), ("leads", "event_id", "foreign_key"),
                                        ("leads", "assigned_to", "foreign_key")}),
}

#: Cases that must load without a problem (what is not personal data or not ambiguous stays data).
CLEAN = ["checkin_within_slack", "id_number_bad_checksum_ok", "order_number_not_luhn_ok", "thousands_separator_ok",
         "number_17_digits_exact", "same_offset_converted", "unnamed_empty_column"]


def test_the_corpus_is_complete():
    assert sorted(p.name for p in CASES.iterdir()) == sorted([*FATAL, *ROWS, *CLEAN, "corrupt_sqlite"])


def test_the_base_is_valid():
    ds = load_dataset(BASE)
    assert ds.problems.empty
    assert {n: len(ds[n]) for n in ("branches", "events", "attendance")} == {"branches": 2, "events": 2,
                                                                             "attendance": 4}


@pytest.mark.parametrize("case", sorted(FATAL))
def test_unusable_tables_raise_in_both_modes_with_the_exact_problem(case, tmp_path):
    folder = build(case, tmp_path)
    for mode in ("raise", "report"):
        with pytest.raises(DataError) as err:
            load_dataset(folder, errors=mode)
        p = err.value.problems
        assert {(r.table, r.column, r.rule, r.rows) for r in p.itertuples()} == FATAL[case]
        msg = str(err.value)
        assert "Traceback" not in msg
        # the file is named in the message of a file-level problem
        if FATAL[case] and next(iter(FATAL[case]))[2] in ("extra_fields", "empty_file", "encoding", "unreadable",
                                                             "duplicate_column", "unnamed_column"):
            table = next(iter(FATAL[case]))[0]
            assert f"{table}." in msg


@pytest.mark.parametrize("case", sorted(ROWS))
def test_bad_rows_are_refused_with_the_exact_rule_and_set_aside(case, tmp_path):
    folder = build(case, tmp_path)
    own, falling = ROWS[case]
    with pytest.raises(DataError) as err:
        load_dataset(folder)
    expected = {(t, c, r) for t, c, r, _rows in own} | falling
    assert triples(err.value.problems) == expected
    for t, c, r, rows in own:
        assert rows_of(err.value.problems, t, c, r) == rows
    ds = load_dataset(folder, errors="report")
    assert triples(ds.problems) == expected
    for name in ds.rows_read:
        # every row is either kept or set aside, none is lost
        assert len(ds[name]) + len(ds.rejected.get(name, ())) == ds.rows_read[name], name
    msg = str(err.value)
    assert_no_secret(msg, ds.problems.to_string(), *(r.to_string() for r in ds.rejected.values()), *ds.notes)


@pytest.mark.parametrize("case", CLEAN)
def test_values_that_are_neither_ambiguous_nor_personal_load(case, tmp_path):
    ds = load_dataset(build(case, tmp_path))
    assert ds.problems.empty


def test_clean_cases_read_the_exact_values(tmp_path):
    ev = load_dataset(build("thousands_separator_ok", tmp_path))["events"]
    assert ev["cost"].tolist() == [1200.0, 300.0]  # "1,200" in an otherwise plain column: thousands
    c = load_dataset(build("number_17_digits_exact", tmp_path))["communities"]
    assert c["households"].tolist() == [12345678901234567, 800]  # exact, not through a float
    att = load_dataset(build("same_offset_converted", tmp_path))["attendance"]
    # one offset for the whole column (+00:00): converted to Asia/Shanghai and stored naive
    assert att["arrived_at"].tolist() == load_dataset(BASE)["attendance"]["arrived_at"].tolist()
    assert att["arrived_at"].dtype == "datetime64[ns]"
    ans = load_dataset(build("order_number_not_luhn_ok", tmp_path))["survey_answers"]
    assert "订单 6222021234567890" in ans["value"].tolist()
    ds = load_dataset(build("unnamed_empty_column", tmp_path))
    assert list(ds["staff"].columns) == ["staff_id", "branch_id", "role", "name"]  # name: optional, empty
    assert any("staff: staff.csv: 1 empty column(s) without a header dropped" == n for n in ds.notes)


def test_day_first_dates_load_with_a_date_order(tmp_path):
    folder = build("day_first_dates", tmp_path)
    ev = load_dataset(folder, date_order="DMY")["events"]
    assert ev["starts_at"].tolist() == [pd.Timestamp("2026-09-12 14:00"), pd.Timestamp("2026-09-13 09:00")]
    # read month first, 12/09/2026 is 9 December (its check-ins no longer fit) and 13/09/2026 is no date
    ds = load_dataset(folder, date_order="MDY", errors="report")
    assert triples(ds.problems) == {("events", "starts_at", "type"), ("events", "ends_at", "type"),
                                    ("attendance", "arrived_at", "checkin_in_event_window")} | WITH_B02_E01
    with pytest.raises(ParameterError, match="date_order"):
        load_dataset(folder, date_order="DDMM")
    err = pytest.raises(DataError, load_dataset, folder).value
    assert "date_order='DMY'" in str(err) and "--date-order" in str(err)
    assert "Values such as '13/09/2026 09:00' can only be day first: DMY." in str(err)


def test_one_branch_out_of_range_date_does_not_stop_the_other_branch(tmp_path):
    from analysis.scope import for_branch

    ds = load_dataset(build("date_9999_one_branch", tmp_path), errors="report")
    b01 = for_branch(ds, "B01")
    base = for_branch(load_dataset(BASE), "B01")
    for name in ("events", "attendance", "leads", "survey_responses", "survey_answers"):
        pd.testing.assert_frame_equal(b01[name].reset_index(drop=True), base[name].reset_index(drop=True), obj=name)
    assert ds["events"]["event_id"].tolist() == ["B01-E01"]
    assert ds.rejected["events"]["file_row"].tolist() == [3]
    assert "set aside there" in rows_detail(ds, "attendance", "event_id", "foreign_key")


def rows_detail(ds, table, column, rule) -> str:
    p = ds.problems
    return p[(p["table"] == table) & (p["column"] == column) & (p["rule"] == rule)]["detail"].iloc[0]


@pytest.mark.parametrize("case, masked", [
    ("mobile_spaced_in_answer", "请联系我 138****8000"),
    ("mobile_dashed_in_theme", "亲子关系 咨询138****8000"),
    ("mobile_plus86_in_entry_name", "惠民超市 138****8000"),
    ("fullwidth_mobile_in_answer", "电话138****8000"),
    ("landline_in_answer", "请打 010-****5678 找我"),
    ("landline_spaced_in_branch_name", "城西支行 0755-****5678"),
    ("email_in_answer", "发到 z***@example.com"),
    ("id_number_in_answer", "身份证 1101**********002X"),
    ("bank_card_in_answer", "卡号 6222****7894"),
    ("phone_as_person_id", "138****8000"),
    ("phone_in_extra_column", "老客户 电话 139****5678"),
])
def test_personal_data_is_masked_wherever_it_is_shown(case, masked, tmp_path, capsys):
    folder = build(case, tmp_path)
    err = pytest.raises(DataError, load_dataset, folder).value
    assert f"'{masked}'" in str(err)
    ds = load_dataset(folder, errors="report")
    assert ds.problems["detail"].str.contains(masked, regex=False).any()
    shown = "\n".join(r.astype(str).to_string() for r in ds.rejected.values())
    assert masked in shown  # the rejected row, as a data-quality section would list it
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr()
    assert masked in out.out
    assert_no_secret(str(err), ds.problems.to_string(), shown, out.out, out.err)
    kind = rows_detail(ds, *next((t, c, r) for t, c, r, _ in ROWS[case][0]))
    assert any(w in kind for w in ("mobile phone number", "landline phone number", "e-mail address",
                                   "ID-card number", "bank card number"))


# ---------------------------------------------------------------------------
# Inputs built by the tests: workbooks, Parquet, SQLite
# ---------------------------------------------------------------------------


def _staff(ids) -> pd.DataFrame:
    return pd.DataFrame({"staff_id": ids, "branch_id": ["B01"] * len(ids), "role": ["teller"] * len(ids)})


def test_a_second_sheet_with_the_same_columns_is_an_error_not_half_the_rows(tmp_path):
    folder = build("checkin_within_slack", tmp_path)
    (folder / "staff.csv").unlink()
    with pd.ExcelWriter(folder / "staff.xlsx") as w:
        _staff(["B01-S01", "B01-S02"]).to_excel(w, sheet_name="Sheet1", index=False)
        _staff(["B02-S01"]).assign(branch_id="B02").to_excel(w, sheet_name="Sheet2", index=False)
    err = pytest.raises(DataError, load_dataset, folder).value
    assert triples(err.problems) == {("staff", "", "several_sheets")}
    assert "'Sheet1', 'Sheet2'" in str(err) and "员工" in str(err)


def test_the_sheet_read_is_named_and_the_others_listed(tmp_path):
    folder = build("checkin_within_slack", tmp_path)
    (folder / "staff.csv").unlink()
    with pd.ExcelWriter(folder / "staff.xlsx") as w:
        pd.DataFrame({"说明": ["员工名单，2026年9月"]}).to_excel(w, sheet_name="说明", index=False)
        _staff(["B01-S01", "B01-S02"]).to_excel(w, sheet_name="Sheet2", index=False)
        pd.concat([_staff(["B01-S01", "B01-S02"]), _staff(["B02-S01"]).assign(branch_id="B02",
                                                                            role="wealth_manager")]).to_excel(
            w, sheet_name="员工", index=False)
    ds = load_dataset(folder)
    assert ds["staff"]["staff_id"].tolist() == ["B01-S01", "B01-S02", "B02-S01"]
    assert "staff: staff.xlsx: sheet '员工' read; other sheet(s) not read: '说明', 'Sheet2'" in ds.notes


def test_parquet_with_infinite_numbers_tz_aware_and_out_of_range_times(tmp_path):
    folder = build("checkin_within_slack", tmp_path)
    ev = pd.read_csv(folder / "events.csv", dtype=str)
    (folder / "events.csv").unlink()
    ev = ev.assign(cost=[np.inf, 300.0], planned_invites=np.array([30, 2 ** 64 - 1], dtype=np.uint64),
                   starts_at=pd.Series(np.array(["2026-09-12T06:00", "9999-12-31"], dtype="datetime64[us]")
                                       ).dt.tz_localize("UTC"),
                   ends_at=pd.to_datetime(ev["ends_at"]).dt.tz_localize("Asia/Shanghai"))
    ev.to_parquet(folder / "events.parquet")
    ds = load_dataset(folder, errors="report")
    own = {("events", "cost", "non_finite"), ("events", "planned_invites", "overflow"),
           ("events", "starts_at", "date_range")}
    assert triples(ds.problems) == own | WITH_B01_E01 | WITH_B02_E01
    assert ds.rows_read["events"] == 2 and len(ds.rejected["events"]) == 2


def test_parquet_tz_aware_times_follow_the_timezone_rule(tmp_path):
    folder = build("checkin_within_slack", tmp_path)
    ev = pd.read_csv(folder / "events.csv", dtype=str)
    (folder / "events.csv").unlink()
    ev = ev.assign(starts_at=pd.to_datetime(ev["starts_at"]).dt.tz_localize("Asia/Shanghai").dt.tz_convert("UTC"),
                   ends_at=pd.to_datetime(ev["ends_at"]), cost=ev["cost"].astype(float),
                   planned_invites=ev["planned_invites"].astype(int))
    ev.to_parquet(folder / "events.parquet")
    out = load_dataset(folder)["events"]
    assert out["starts_at"].tolist() == [pd.Timestamp("2026-09-12 14:00"), pd.Timestamp("2026-09-13 09:00")]


def test_a_corrupt_sqlite_file_is_a_data_error():
    db = CASES / "corrupt_sqlite" / "bank.sqlite"
    for mode in ("raise", "report"):
        err = pytest.raises(DataError, load_dataset, db, errors=mode).value
        assert triples(err.problems) == {("", "", "unreadable")}
        assert "bank.sqlite" in str(err) and "not a readable SQLite database" in str(err)


def test_sqlite_values_follow_the_same_rules(tmp_path):
    db = tmp_path / "bank.sqlite"
    base = {p.stem: pd.read_csv(p, dtype=str) for p in BASE.glob("*.csv")}
    base["events"].loc[0, "cost"] = "Infinity"
    base["events"].loc[1, "planned_invites"] = "99999999999999999999"
    base["attendance"].loc[0, "arrived_at"] = "2026-09-12T05:55:00Z"
    with sqlite3.connect(db) as con:
        for name, df in base.items():
            df.to_sql(name, con, index=False)
    con.close()
    ds = load_dataset(db, errors="report")
    assert triples(ds.problems) == ({("events", "cost", "non_finite"), ("events", "planned_invites", "overflow"),
                                     ("attendance", "arrived_at", "mixed_offsets")} | WITH_B01_E01 | WITH_B02_E01)


# ---------------------------------------------------------------------------
# 问卷星 exports
# ---------------------------------------------------------------------------

SALT = "hostile-salt"


def wjx(name: str, **kw):
    from analysis.wjx import read_wjx

    questions = load_dataset(BASE)["survey_questions"]
    return read_wjx(WJX / name, questions, community_id="B01-C01", salt=SALT, **kw)


@pytest.mark.parametrize("name, problem", [
    ("empty.csv", ("survey_responses", "", "empty_file", "")),
    ("header_only.csv", ("survey_responses", "", "empty_file", "")),
    ("trailing_comma.csv", ("survey_responses", "", "extra_fields", "2, 3, 4")),
    ("latin1_bytes.csv", ("survey_responses", "", "encoding", "2")),
    ("day_first.csv", ("survey_responses", "提交答卷时间", "ambiguous_date", "序号 1, 序号 2, 序号 3")),
    ("date_9999.csv", ("survey_responses", "提交答卷时间", "date_range", "序号 2")),
])
def test_wjx_exports_that_cannot_be_imported(name, problem):
    err = pytest.raises(DataError, wjx, name).value
    assert {(r.table, r.column, r.rule, r.rows) for r in err.problems.itertuples()} == {problem}
    assert_no_secret(str(err))


def test_wjx_day_first_with_a_date_order():
    t = wjx("day_first.csv", date_order="DMY")
    assert t["survey_responses"]["submitted_at"].iloc[0] == pd.Timestamp("2026-09-12 15:00")


def test_wjx_personal_data_is_hashed_or_redacted_and_unknown_columns_are_listed():
    t = wjx("unknown_and_email_columns.csv")
    assert t.unknown_columns == ["总分", "答题序号"]
    assert "columns not imported (neither 问卷星 metadata nor a question): 总分, 答题序号" in t.notes
    assert t.personal_columns == {"姓名": "name", "手机号码": "phone", "电子邮箱": "email"}
    assert t["survey_answers"]["value"].tolist() == ["female", "希望多办亲子活动", "male", "请发邮件到 [已隐去]", "female",
                                                     "打我电话 [已隐去] 或 [已隐去]"]
    cells = "\n".join(df.astype(str).to_string() for df in t.values()) + "\n".join(t.notes)
    assert_no_secret(cells)
    # the people rows the person ids need; is_bank_customer unknown
    people = t["people"]
    assert people["person_id"].tolist() == t["survey_responses"]["person_id"].tolist()
    assert people["community_id"].unique().tolist() == ["B01-C01"] and people["is_bank_customer"].isna().all()
    # the same phone written another way is the same person
    assert t["people"]["person_id"].iloc[0] == wjx("base.csv")["people"]["person_id"].iloc[0]


def test_wjx_import_into_a_data_folder_validates_and_a_conflicting_reimport_is_refused(tmp_path, monkeypatch,
                                                                                        capsys):
    from analysis import config
    from analysis.io import write_dataset
    from analysis.sample import make_sample

    monkeypatch.setenv(config.SALT_ENV, SALT)
    folder = tmp_path / "data"
    write_dataset(make_sample(seed=0), folder)
    args = ["--out", str(folder), "--community", "B01-C01", "--channel", "booth", "--prefix", "HX-"]
    assert main(["import-wjx", str(WJX / "base.csv"), *args]) == 0
    out = capsys.readouterr().out
    assert "3 people row(s)" in out and "personal data not kept: 来自IP" in out
    assert main(["validate", str(folder)]) == 0, capsys.readouterr()
    capsys.readouterr()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["import-wjx", str(WJX / "base.csv"), *args]) == 0  # the same export again: nothing changes
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    capsys.readouterr()
    assert main(["import-wjx", str(WJX / "reimport_changed_answer.csv"), *args]) == 1
    err = capsys.readouterr().err
    assert "[conflicting_reimport]" in err and "HX-3" in err and "'female'" in err and "'male'" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing written
    assert_no_secret(err, out, *(b.decode("utf-8-sig") for b in before.values()))


def test_wjx_two_sheets_with_the_same_columns(tmp_path):
    from analysis.wjx import read_wjx

    export = pd.read_csv(WJX / "base.csv", dtype=str)
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as w:
        export.iloc[:2].to_excel(w, sheet_name="Sheet1", index=False)
        export.iloc[2:].to_excel(w, sheet_name="Sheet2", index=False)
    err = pytest.raises(DataError, read_wjx, path, community_id="B01-C01", salt=SALT).value
    assert triples(err.problems) == {("survey_responses", "", "several_sheets")}


# ---------------------------------------------------------------------------
# Across the corpus
# ---------------------------------------------------------------------------


def _fingerprint(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_loader_never_modifies_the_input_files(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(HERE, corpus, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    cases = sorted(p.name for p in (corpus / "cases").iterdir() if p.name != "corrupt_sqlite")
    folders = []
    for case in cases:  # the overlays are laid out once, then only read
        folder = tmp_path / "built" / case
        shutil.copytree(corpus / "base", folder)
        for f in (corpus / "cases" / case).iterdir():
            shutil.copy(f, folder / f.name)
        folders.append(folder)
    before = {**_fingerprint(corpus), **{f"built/{f.name}/{k}": v for f in folders for k, v in _fingerprint(f).items()}}
    for folder in folders:
        main(["validate", str(folder)])  # load_dataset(errors="report"), and the messages
    try:
        load_dataset(corpus / "cases" / "corrupt_sqlite" / "bank.sqlite")
    except DataError:
        pass
    for export in (corpus / "wjx").iterdir():
        try:
            from analysis.wjx import read_wjx

            read_wjx(export, community_id="B01-C01", salt=SALT)
        except DataError:
            pass
    capsys.readouterr()
    after = {**_fingerprint(corpus), **{f"built/{f.name}/{k}": v for f in folders for k, v in _fingerprint(f).items()}}
    assert after == before


def test_validate_never_shows_a_traceback_or_personal_data(tmp_path):
    """Through a real process, for every case of the corpus at once (one process per case is too slow)."""
    script = (
        "import sys\n"
        "from analysis.cli import main\n"
        "codes = [main(['validate', p]) for p in sys.argv[1:]]\n"
        "print('CODES', codes)\n"
    )
    folders = [str(build(c, tmp_path)) for c in sorted(p.name for p in CASES.iterdir()) if c != "corrupt_sqlite"]
    folders.append(str(CASES / "corrupt_sqlite" / "bank.sqlite"))
    proc = subprocess.run([sys.executable, "-c", script, *folders], capture_output=True, text=True, timeout=600)
    assert "Traceback" not in proc.stdout + proc.stderr
    codes = eval(proc.stdout.rsplit("CODES", 1)[1])  # noqa: S307 - our own output
    expected = [0 if Path(f).name in CLEAN else 1 for f in folders]
    assert codes == expected
    assert_no_secret(proc.stdout, proc.stderr)


def test_mask_personal_leaves_ordinary_text_alone():
    text = "B01-E01 2026-09-12 14:00 亲子关系 1,060.5 元 P000123 H3f0c1380013800000"
    assert mask_personal(text) == text
