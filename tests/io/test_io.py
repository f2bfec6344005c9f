"""Loading and validating data folders: encodings, Chinese headers, every rule, errors in the user's terms."""

from __future__ import annotations

import hashlib
import sqlite3

import numpy as np
import pandas as pd
import pytest

from analysis import DataError, ParameterError
from analysis.io import load_dataset, validate_tables, write_dataset
from analysis.schemas import TABLES, empty_frame

BRANCHES = "branch_id,name,city\nB01,城东支行,杭州\n"
STAFF = "staff_id,branch_id,role\nS1,B01,wealth_manager\nS2,B01,teller\n"
COMMUNITIES = "community_id,branch_id,name,households\nC1,B01,阳光小区,1200\n"
PEOPLE = "person_id,community_id,is_bank_customer,segment,age_band,gender\nP1,C1,true,retiree,60+,female\nP2,C1,false,,,\n"


def write(folder, name, text, encoding="utf-8"):
    (folder / name).write_bytes(text.encode(encoding))


@pytest.fixture
def minimal(tmp_path):
    """The four required tables, valid, as UTF-8 CSV."""
    write(tmp_path, "branches.csv", BRANCHES)
    write(tmp_path, "staff.csv", STAFF)
    write(tmp_path, "communities.csv", COMMUNITIES)
    write(tmp_path, "people.csv", PEOPLE)
    return tmp_path


def test_minimal_folder_loads_with_contract_dtypes(minimal):
    ds = load_dataset(minimal)
    assert set(ds) == set(TABLES)
    assert ds["people"]["is_bank_customer"].tolist() == [True, False]
    assert ds["people"]["is_bank_customer"].dtype == "boolean"
    assert isinstance(ds["people"]["segment"].dtype, pd.CategoricalDtype)
    assert ds["communities"]["households"].dtype == "Int64"
    assert ds["people"]["segment"].isna().tolist() == [False, True]
    # absent optional tables come back empty with the contract's columns and dtypes
    assert len(ds["attendance"]) == 0
    assert ds["attendance"].dtypes.equals(empty_frame("attendance").dtypes)
    assert ds.problems.empty
    assert any("attendance" in n for n in ds.notes)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_as_excel_saves_them(minimal, encoding):
    write(minimal, "communities.csv", COMMUNITIES, encoding)
    ds = load_dataset(minimal)
    assert ds["communities"]["name"].tolist() == ["阳光小区"]


def test_chinese_headers_file_names_and_values(tmp_path):
    write(tmp_path, "网点.csv", "网点编号,网点名称,城市\nB01,城东支行,杭州\n", "gb18030")
    write(tmp_path, "员工.csv", "工号,网点编号,岗位\nS1,B01,理财经理\nS2,B01,大堂经理\n")
    write(tmp_path, "小区.csv", "小区编号,网点编号,小区名称,户数,入住率\nC1,B01,阳光小区,1200,85%\n")
    write(tmp_path, "客户.csv", "客户编号,小区编号,是否本行客户,客群,年龄段,性别\nP1,C1,是,退休,60+,女\nP2,C1,否,,,男\n")
    write(tmp_path, "活动.csv", "活动编号,网点编号,小区编号,活动类型,活动主题,开始时间,结束时间,费用,计划邀约人数\n"
                               "E1,B01,C1,沙龙,家庭关系,2026/09/12 14:00:00,2026/09/12 15:30:00,1200,30\n")
    write(tmp_path, "签到.csv", "活动编号,客户编号,到场时间,来源,是否本行客户,性别\n"
                               "E1,P1,2026-09-12 13:55,员工邀约,Y,女\nE1,P2,2026-09-12 14:10,自然到访,N,男\n")
    ds = load_dataset(tmp_path)
    assert ds["staff"]["role"].tolist() == ["wealth_manager", "lobby_manager"]
    assert ds["communities"]["occupancy_rate"].tolist() == [0.85]
    assert ds["people"]["segment"].tolist()[0] == "retiree"
    assert ds["events"]["kind"].tolist() == ["salon"]
    assert ds["events"]["starts_at"].tolist() == [pd.Timestamp("2026-09-12 14:00")]
    att = ds["attendance"]
    assert att["source"].tolist() == ["staff_invite", "walk_in"]
    assert att["is_bank_customer"].tolist() == [True, False]
    assert att["arrived_at"].dtype == "datetime64[ns]"


@pytest.mark.parametrize("text,expected", [("是", True), ("否", False), ("Y", True), ("n", False),
                                           ("1", True), ("0", False), ("TRUE", True), ("false", False)])
def test_boolean_spellings(minimal, text, expected):
    write(minimal, "people.csv", f"person_id,community_id,is_bank_customer\nP1,C1,{text}\n")
    assert load_dataset(minimal)["people"]["is_bank_customer"].tolist() == [expected]


def test_xlsx_and_parquet(minimal):
    pd.DataFrame({"小区编号": ["C1"], "网点编号": ["B01"], "小区名称": ["阳光小区"], "户数": [1200]}).to_excel(
        minimal / "communities.xlsx", index=False)
    (minimal / "communities.csv").unlink()
    pd.DataFrame({"branch_id": ["B01"], "name": ["城东支行"], "city": ["杭州"]}).to_parquet(minimal / "branches.parquet")
    (minimal / "branches.csv").unlink()
    ds = load_dataset(minimal)
    assert ds["communities"]["households"].tolist() == [1200]
    assert ds["branches"]["city"].tolist() == ["杭州"]


def test_sqlite_database(tmp_path):
    db = tmp_path / "bank.sqlite"
    with sqlite3.connect(db) as con:
        pd.DataFrame({"branch_id": ["B01"], "name": ["城东支行"], "city": ["杭州"]}).to_sql("branches", con, index=False)
        pd.DataFrame({"staff_id": ["S1"], "branch_id": ["B01"], "role": ["teller"]}).to_sql("staff", con, index=False)
        pd.DataFrame({"community_id": ["C1"], "branch_id": ["B01"], "name": ["阳光小区"], "households": [900]}).to_sql(
            "communities", con, index=False)
        pd.DataFrame({"person_id": ["P1"], "community_id": ["C1"], "is_bank_customer": [1]}).to_sql(
            "people", con, index=False)
    ds = load_dataset(db)
    assert ds["people"]["is_bank_customer"].tolist() == [True]


def test_missing_required_table_is_named(minimal):
    (minimal / "staff.csv").unlink()
    with pytest.raises(DataError, match=r"required table staff .*missing"):
        load_dataset(minimal)


def test_missing_required_column_names_accepted_headers(minimal):
    write(minimal, "staff.csv", "staff_id,branch_id\nS1,B01\n")
    with pytest.raises(DataError) as err:
        load_dataset(minimal)
    msg = str(err.value)
    assert "staff.role [missing_column]" in msg and "岗位" in msg


def test_every_problem_reported_at_once_with_rows(minimal):
    write(minimal, "staff.csv", "staff_id,branch_id,role\nS1,B01,boss\nS2,B09,teller\nS1,B01,teller\n")
    write(minimal, "people.csv", "person_id,community_id,is_bank_customer\nP1,C1,maybe\nP2,C9,是\n")
    with pytest.raises(DataError) as err:
        load_dataset(minimal)
    p = err.value.problems
    found = {(r.table, r.column, r.rule, r.rows) for r in p.itertuples()}
    # file rows: header is row 1, so the first data row is row 2
    assert ("staff", "role", "allowed_values", "2") in found
    assert ("staff", "staff_id", "unique_key", "4") in found
    assert ("staff", "branch_id", "foreign_key", "3") in found
    assert ("people", "is_bank_customer", "type", "2") in found
    assert ("people", "community_id", "foreign_key", "3") in found
    msg = str(err.value)
    assert "'boss'" in msg and "'B09' not found in branches.branch_id" in msg
    assert "Traceback" not in msg


def test_report_mode_sets_rows_aside_and_keeps_the_rest(minimal):
    write(minimal, "staff.csv", "staff_id,branch_id,role\nS1,B01,boss\nS2,B01,teller\n")
    write(minimal, "leads.csv",
          "lead_id,person_id,assigned_to,captured_at,first_contact_at,closed_at,outcome\n"
          "L1,P1,S2,2026-09-01 10:00,2026-09-01 12:00,2026-09-02 10:00,won\n"
          "L2,P1,S2,2026-09-01 10:00,2026-08-31 12:00,,open\n"      # contact before capture
          "L3,P1,S2,2026-09-01 10:00,2026-09-02 12:00,2026-09-02 11:00,lost\n"  # result before contact
          "L4,P1,S2,2026-09-01 10:00,2026-09-01 12:00,,won\n"       # won without closed_at
          "L5,P1,S1,2026-09-01 10:00,,,open\n")                      # assigned to a rejected staff row
    ds = load_dataset(minimal, errors="report")
    assert ds["staff"]["staff_id"].tolist() == ["S2"]
    assert ds["leads"]["lead_id"].tolist() == ["L1"]
    rules = dict(zip(ds.problems["rule"], ds.problems["rows"]))
    assert rules["contact_after_capture"] == "3"
    assert rules["closed_after_contact"] == "4"
    assert rules["closed_needs_time"] == "5"
    assert ds.problems.query("table == 'leads' and rule == 'foreign_key'")["rows"].tolist() == ["6"]
    q = ds.quality().set_index("table")
    assert q.loc["leads", "rows_read"] == 5 and q.loc["leads", "rows_rejected"] == 4 and q.loc["leads", "rows"] == 1
    assert ds.rejected["leads"]["file_row"].tolist() == [3, 4, 5, 6]


def test_personal_data_is_refused(minimal):
    write(minimal, "people.csv", "person_id,community_id,is_bank_customer,姓名,手机号\nP1,C1,是,张三,13812345678\n")
    with pytest.raises(DataError, match="personal data"):
        load_dataset(minimal)


def test_phone_number_in_free_text_is_flagged(minimal):
    write(minimal, "survey_questions.csv", "question_id,text,kind\nq1,建议,open\n")
    write(minimal, "survey_responses.csv", "response_id,community_id,submitted_at,channel\nR1,C1,2026-09-01 10:00,online\n")
    write(minimal, "survey_answers.csv", "response_id,question_id,value\nR1,q1,请打电话 13812345678\n")
    with pytest.raises(DataError) as err:
        load_dataset(minimal)
    assert "survey_answers.value [personal_data]" in str(err.value)
    assert "13812345678" not in str(err.value)  # the message itself must not repeat the number


def test_user_files_are_never_modified(minimal):
    write(minimal, "staff.csv", "staff_id,branch_id,role\nS1,B01,boss\n")
    before = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in minimal.iterdir()}
    load_dataset(minimal, errors="report")
    with pytest.raises(DataError):
        load_dataset(minimal)
    after = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in minimal.iterdir()}
    assert before == after


def test_two_files_for_one_table(minimal):
    write(minimal, "员工.csv", STAFF)
    with pytest.raises(DataError, match="staff.csv and 员工.csv|员工.csv and staff.csv"):
        load_dataset(minimal)


def test_bad_arguments(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")
    with pytest.raises(ParameterError):
        load_dataset(tmp_path, errors="ignore")


def test_sample_round_trips_through_files(sample_tables, sample_dataset):
    """write_dataset → load_dataset gives back the generator's tables, dtypes included."""
    for name in TABLES:
        pd.testing.assert_frame_equal(sample_dataset[name], sample_tables[name].reset_index(drop=True),
                                      check_categorical=True, obj=name)


def test_sample_is_valid(sample_tables):
    assert validate_tables(sample_tables).empty


def test_written_files_are_byte_identical(sample_tables, tmp_path):
    a = write_dataset(sample_tables, tmp_path / "a")
    b = write_dataset(sample_tables, tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_sample_round_trips_through_parquet_and_xlsx(sample_tables, tmp_path, fmt):
    small = {k: v for k, v in sample_tables.items() if k in ("branches", "staff", "communities", "people", "events",
                                                                "attendance", "leads")}
    write_dataset(small, tmp_path, fmt=fmt)
    ds = load_dataset(tmp_path)
    for name, df in small.items():
        pd.testing.assert_frame_equal(ds[name], df.reset_index(drop=True), obj=f"{fmt}:{name}")


# ---------------------------------------------------------------------------
# How values are read (issue 11): numbers, times, files — the rules stated in analysis.io
# ---------------------------------------------------------------------------

from analysis.io import append_tables, parse_times  # noqa: E402
from analysis.schemas import CHECKIN_EARLY_HOURS, CHECKIN_LATE_HOURS, EARLIEST_TIME, LATEST_TIME  # noqa: E402


def _cost(minimal, values):
    """events.cost read from text: (values kept, {rule: file rows})."""
    write(minimal, "events.csv", "event_id,branch_id,community_id,kind,theme,starts_at,ends_at,cost,planned_invites\n"
          + "".join(f'E{i},B01,C1,salon,t,2026-09-12 14:00,2026-09-12 15:30,"{v}",1\n' for i, v in enumerate(values)))
    ds = load_dataset(minimal, errors="report")
    p = ds.problems[ds.problems["table"] == "events"]
    return ds["events"]["cost"].tolist(), dict(zip(p["rule"], p["rows"]))


@pytest.mark.parametrize("values, kept, problems", [
    (["1060.5", "+3", "1e3", "85%", ".5"], [1060.5, 3.0, 1000.0, 0.85, 0.5], {}),
    (["1,060", "12,345,678.5", "7"], [1060.0, 12345678.5, 7.0], {}),            # thousands: only d,ddd groups
    (["1,5", "1,060", "2"], [2.0], {"decimal_comma": "2, 3"}),                  # a decimal comma makes 1,060 ambiguous
    (["1.060,5", "3"], [3.0], {"decimal_comma": "2"}),
    (["1.060.000", "3"], [3.0], {"decimal_comma": "2"}),
    (["1,06", "3"], [3.0], {"decimal_comma": "2"}),
    (["10,60,000", "3"], [3.0], {"type": "2"}),                                 # not groups of three: no number
    (["inf", "-Infinity", "nan", "1e400", "3"], [3.0], {"non_finite": "2, 3, 4, 5"}),
    (["12 yuan", "¥5", "3"], [3.0], {"type": "2, 3"}),
])
def test_number_rules(minimal, values, kept, problems):
    assert _cost(minimal, values) == (kept, problems)


@pytest.mark.parametrize("text, value, rule", [
    ("12345678901234567", 12345678901234567, None),       # exact, never through a float
    ("9223372036854775807", 9223372036854775807, None),   # the largest 64-bit integer
    ("9223372036854775808", None, "overflow"),
    ("99999999999999999999", None, "overflow"),
    ("12.0", 12, None), ("1e3", 1000, None),
    ("1e17", None, "overflow"),                            # beyond 2^53 through a float: not exact
    ("12.5", None, "type"), ("inf", None, "non_finite"),
])
def test_whole_numbers_are_read_exactly_or_refused(minimal, text, value, rule):
    write(minimal, "communities.csv", f"community_id,branch_id,name,households\nC1,B01,阳光小区,{text}\n")
    ds = load_dataset(minimal, errors="report")
    p = ds.problems[ds.problems["table"] == "communities"]
    if rule is None:
        assert p.empty and ds["communities"]["households"].tolist() == [value]
    else:
        assert p["rule"].tolist() == [rule]


@pytest.mark.parametrize("text, expected", [
    ("2026-09-03", "2026-09-03 00:00"), ("2026-09-03 14:05", "2026-09-03 14:05"),
    ("2026-09-03T14:05:30.250", "2026-09-03 14:05:30.250"), ("2026/9/3 14:05", "2026-09-03 14:05"),
    ("2026.09.03", "2026-09-03 00:00"), ("2026年9月3日 14:05", "2026-09-03 14:05"),
    ("2026-09-30 18:00+00:00", "2026-10-01 02:00"), ("2026-09-30T10:00:00Z", "2026-09-30 18:00"),
    ("2026-09-30 18:00 +0800", "2026-09-30 18:00"),
])
def test_unambiguous_times_and_the_timezone_rule(text, expected):
    out, issues = parse_times(pd.Series([text]))
    assert issues == [] and out.tolist() == [pd.Timestamp(expected)] and out.dtype == "datetime64[ns]"


@pytest.mark.parametrize("values, order, rules", [
    (["03/09/2026"], None, {"ambiguous_date"}), (["03/09/2026"], "YMD", {"ambiguous_date"}),
    (["2026-02-30", "12:00", "03/09/26", "昨天"], None, {"type"}),
    (["9999-12-31", "1200-01-01", "1999-12-31 23:59", "2101-01-01"], None, {"date_range"}),
    (["2026-09-03 12:00+08:00", "2026-09-03 12:00+00:00", "2026-09-03 13:00+08:00"], None, {"mixed_offsets"}),
    (["2026-09-03 12:00", "2026-09-03 12:00Z", "2026-09-03 13:00"], None, {"mixed_offsets"}),
])
def test_ambiguous_or_implausible_times_are_refused(values, order, rules):
    out, issues = parse_times(pd.Series(values), order)
    assert {r for r, _m, _d in issues} == rules
    refused = np.any([m for _r, m, _d in issues], axis=0)
    assert out[refused].isna().all()


def test_mixed_offsets_keep_the_most_common_form_and_state_the_rule():
    out, issues = parse_times(pd.Series(["2026-09-03 12:00", "2026-09-03 12:00Z", "2026-09-03 13:00"]))
    (rule, mask, detail), = issues
    assert mask.tolist() == [False, True, False]
    assert "Asia/Shanghai" in detail and "converted to that zone" in detail
    assert out.tolist()[0] == pd.Timestamp("2026-09-03 12:00")


def test_date_order_reads_year_last_dates():
    assert parse_times(pd.Series(["03/09/2026 14:00"]), "DMY")[0].tolist() == [pd.Timestamp("2026-09-03 14:00")]
    assert parse_times(pd.Series(["03/09/2026 14:00"]), "mdy")[0].tolist() == [pd.Timestamp("2026-03-09 14:00")]
    # year first stays year, month, day whatever the order says
    assert parse_times(pd.Series(["2026/03/09"]), "DMY")[0].tolist() == [pd.Timestamp("2026-03-09")]
    with pytest.raises(ParameterError, match="date_order"):
        parse_times(pd.Series(["03/09/2026"]), "DM")


def test_the_plausible_range_is_fixed_not_relative_to_today():
    assert (EARLIEST_TIME, LATEST_TIME.floor("D")) == (pd.Timestamp("2000-01-01"), pd.Timestamp("2100-12-31"))
    assert (CHECKIN_EARLY_HOURS, CHECKIN_LATE_HOURS) == (2, 6)


def test_checkin_window_with_slack(minimal):
    write(minimal, "events.csv", "event_id,branch_id,community_id,kind,theme,starts_at,ends_at,cost,planned_invites\n"
                                 "E1,B01,C1,salon,t,2026-09-12 14:00,2026-09-12 15:30,100,1\n")
    arrivals = ["2026-09-12 12:00", "2026-09-12 11:59", "2026-09-12 21:30", "2026-09-12 21:31", "2020-09-12 14:10"]
    write(minimal, "attendance.csv", "event_id,person_id,arrived_at,source,is_bank_customer,gender\n"
          + "".join(f"E1,P1,{a},walk_in,Y,female\n" for a in arrivals))
    ds = load_dataset(minimal, errors="report")
    assert ds.problems[["table", "column", "rule", "rows"]].values.tolist() == [
        ["attendance", "arrived_at", "checkin_in_event_window", "3, 5, 6"]]
    assert "2020-09-12 14:10 for events E1 (starts_at 2026-09-12 14:00, ends_at 2026-09-12 15:30)" in \
        ds.problems["detail"].iloc[0]


def test_tables_option_does_not_open_the_other_files(minimal):
    (minimal / "deals.csv").write_bytes(b"\xff\xfe broken")
    with pytest.raises(DataError, match="deals.csv"):
        load_dataset(minimal)
    ds = load_dataset(minimal, tables=["branches", "staff", "communities", "people"])
    assert ds.problems.empty


def test_every_unreadable_file_is_reported_at_once(minimal):
    (minimal / "deals.csv").write_bytes(b"")
    (minimal / "leads.xlsx").write_bytes(b"not a workbook")
    err = pytest.raises(DataError, load_dataset, minimal).value
    assert {(r.table, r.rule) for r in err.problems.itertuples()} == {("deals", "empty_file"), ("leads", "unreadable")}


def test_sqlite_database_is_closed_after_reading(tmp_path):
    db = tmp_path / "bank.sqlite"
    with sqlite3.connect(db) as con:
        pd.DataFrame({"branch_id": ["B01"], "name": ["城东支行"], "city": ["杭州"]}).to_sql("branches", con, index=False)
    con.close()
    with pytest.raises(DataError, match="required table staff"):
        load_dataset(db)
    db.unlink()  # would fail on Windows if the loader kept it open; here: no lingering handle either
    assert not db.exists()


def test_append_tables_refuses_a_changed_group_and_keeps_known_people(tmp_path):
    keys = {"survey_answers": ["response_id", "question_id", "value"], "people": ["person_id"]}
    first = {"survey_answers": pd.DataFrame({"response_id": ["R1", "R1"], "question_id": ["q1", "q2"],
                                             "value": ["female", "5"]}),
             "people": pd.DataFrame({"person_id": ["H1"], "community_id": ["C1"], "is_bank_customer": [True]})}
    append_tables(first, tmp_path, keys, groups={"survey_answers": "response_id"}, only_new=("people",))
    # the same again: nothing changes; the person already known keeps its row
    again = {**first, "people": pd.DataFrame({"person_id": ["H1", "H2"], "community_id": ["C2", "C2"],
                                              "is_bank_customer": [None, None]})}
    append_tables(again, tmp_path, keys, groups={"survey_answers": "response_id"}, only_new=("people",))
    people = pd.read_csv(tmp_path / "people.csv", dtype=str, keep_default_na=False)
    assert people.values.tolist() == [["H1", "C1", "true"], ["H2", "C2", ""]]
    before = (tmp_path / "survey_answers.csv").read_bytes()
    changed = {"survey_answers": pd.DataFrame({"response_id": ["R1", "R1"], "question_id": ["q1", "q2"],
                                               "value": ["male", "5"]})}
    err = pytest.raises(DataError, append_tables, changed, tmp_path, keys, groups={"survey_answers": "response_id"}).value
    assert err.problems[["table", "column", "rule", "rows"]].values.tolist() == [
        ["survey_answers", "response_id", "conflicting_reimport", "R1"]]
    assert "value='female'" in str(err) and "value='male'" in str(err)
    assert (tmp_path / "survey_answers.csv").read_bytes() == before
