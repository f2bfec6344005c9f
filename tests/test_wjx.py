"""The 问卷星 importer (analysis.wjx.read_wjx) and the privacy helpers (analysis.privacy).

The exports are built by the tests themselves, in both 问卷星 variants (按选项文本 and 按选项序号),
written as .xlsx, UTF-8 .csv and GBK .csv. Five answer sheets; the same answers in both variants:

序号  姓名  手机号码      age     gender  banks (multi)            needs (multi)          score  suggestion             ranking
1     张三  13800138000   30-39   女      工商银行, 本行           跨行转账, 稳健的固定收益  5      希望多办亲子活动        理财讲座→亲子活动→义诊
2     李四  13912345678   60+     男      其他〖农商银行〗           养老规划                 4      (跳过)                 亲子活动→理财讲座→义诊
3     王五  (empty)       (跳过)  女      建设银行, 其他〖民生银行〗   (跳过)                   empty  请打电话13700001111给我  (跳过)
4     —     —             18-29   女      工商银行                 跨行转账                 3      empty                  义诊→理财讲座→亲子活动
5     赵六  18600001234   40-49   (跳过)  本行                     稳健的固定收益, 养老规划   5      周末营业               理财讲座→义诊→亲子活动
"""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

from analysis import config, privacy, wjx
from analysis.errors import DataError, ParameterError
from analysis.io import read_wjx as io_read_wjx
from analysis.io import validate_tables
from analysis.questionnaire import standard_questionnaire
from analysis.schemas import empty_frame
from analysis.wjx import read_wjx

SALT = "test-salt"
NAMES = ["张三", "李四", "王五", "", "赵六"]
PHONES = ["13800138000", "13912345678", "", "", "18600001234"]
IPS = ["36.112.8.1(浙江-杭州)", "122.224.1.9(浙江-杭州)", "36.112.8.2(浙江-杭州)", "60.12.0.1(浙江-宁波)",
       "36.112.8.9(浙江-杭州)"]
SOURCE_DETAIL = ["N/A", "https://wj.example/s?from=zhangsan_wx", "N/A", "直接访问", "N/A"]
TYPED_PHONE = "13700001111"  # typed into the open question by sheet 3
BANKS = ["工商银行", "建设银行", "农业银行", "中国银行", "交通银行", "招商银行", "邮储银行", "本行", "其他"]
NEEDS = ["跨行转账", "异地汇款", "跨境汇款", "稳健的固定收益", "购房", "子女教育", "养老规划", "暂无需求"]
RANKED = [["理财讲座", "亲子活动", "义诊"], ["亲子活动", "理财讲座", "义诊"], None, ["义诊", "理财讲座", "亲子活动"],
          ["理财讲座", "义诊", "亲子活动"]]
Q_AGE, Q_GENDER = "1、您的年龄段是？", "2、您的性别是？"
Q_SCORE = "5、您对本行网点服务的满意度如何？（1分最低，5分最高）"
Q_SUGGEST = "6、您对本行网点或社区活动有什么建议？"


def metadata() -> dict:
    return {
        "序号": [1, 2, 3, 4, 5],
        "提交答卷时间": ["2026/09/03 12:00:00", "2026/09/03 12:05:10", "2026/09/03 12:09:00", "2026/09/04 09:30:00",
                   "2026/09/04 10:00:00"],
        "所用时间": ["120秒", "95秒", "2分30秒", "300秒", "61秒"],
        "来源": ["微信", "手机提交", "微信", "链接", "手机提交"],
        "来源详情": SOURCE_DETAIL,
        "来自IP": IPS,
        "姓名": NAMES,
        "手机号码": PHONES,
    }


def by_text() -> pd.DataFrame:
    """按选项文本: option texts, ┋ for multi-choice, → for rankings, (跳过) for skipped."""
    return pd.DataFrame({
        **metadata(),
        Q_AGE: ["30-39岁", "60岁及以上", "(跳过)", "18-29岁", "40-49岁"],
        Q_GENDER: ["女", "男", "女", "女", "(跳过)"],
        "3、您平时使用哪些银行？": ["工商银行┋本行", "其他〖农商银行〗", "建设银行┋其他〖民生银行〗", "工商银行", "本行"],
        "4、您近期有哪些金融需求？": ["跨行转账┋稳健的固定收益", "养老规划", "(跳过)", "跨行转账", "稳健的固定收益┋养老规划"],
        Q_SCORE: ["5", "4", "", "3", "5"],
        Q_SUGGEST: ["希望多办亲子活动", "(跳过)", f"请打电话{TYPED_PHONE}给我", "", "周末营业"],
        "7、请按兴趣给以下活动排序": ["→".join(r) if r else "(跳过)" for r in RANKED],
    })


def by_number() -> pd.DataFrame:
    """按选项序号: option numbers, one 0/1 column per option (5(…) and 第5题(…) headers), −3 for skipped."""
    cols = {**metadata(), Q_AGE: [2, 5, -3, 1, 3], Q_GENDER: [1, 2, 1, 1, -3]}
    ticks = [{"工商银行": 1, "本行": 1}, {"其他": "〖农商银行〗"}, {"建设银行": 1, "其他": "1〖民生银行〗"},
             {"工商银行": 1}, {"本行": 1}]
    for b in BANKS:
        cols[f"3({b})"] = [t.get(b, 0) for t in ticks]
    chosen = [{"跨行转账", "稳健的固定收益"}, {"养老规划"}, None, {"跨行转账"}, {"稳健的固定收益", "养老规划"}]
    for n in NEEDS:
        cols[f"第4题({n})"] = [-3 if c is None else int(n in c) for c in chosen]
    cols[Q_SCORE] = [5, 4, -3, 3, 5]
    cols[Q_SUGGEST] = by_text()[Q_SUGGEST].tolist()
    for option in ["理财讲座", "亲子活动", "义诊"]:
        cols[f"7({option})"] = [-3 if r is None else r.index(option) + 1 for r in RANKED]
    return pd.DataFrame(cols)


# The answers of both variants through the standard codebook, worked out by hand from the table above.
EXPECTED_ANSWERS = [
    ("WJX-1", "q01", "30-39", None), ("WJX-1", "q02", "female", None), ("WJX-1", "q05", "icbc", None),
    ("WJX-1", "q05", "our_bank", None), ("WJX-1", "q08", "cross_bank_transfer", None),
    ("WJX-1", "q08", "fixed_income", None), ("WJX-1", "q13", "5", None), ("WJX-1", "q14", "希望多办亲子活动", None),
    ("WJX-1", "x07", "理财讲座→亲子活动→义诊", None),
    ("WJX-2", "q01", "60+", None), ("WJX-2", "q02", "male", None), ("WJX-2", "q05", "other", "农商银行"),
    ("WJX-2", "q08", "retirement", None), ("WJX-2", "q13", "4", None), ("WJX-2", "x07", "亲子活动→理财讲座→义诊", None),
    ("WJX-3", "q02", "female", None), ("WJX-3", "q05", "ccb", None), ("WJX-3", "q05", "other", "民生银行"),
    ("WJX-3", "q14", "请打电话[已隐去]给我", None),
    ("WJX-4", "q01", "18-29", None), ("WJX-4", "q02", "female", None), ("WJX-4", "q05", "icbc", None),
    ("WJX-4", "q08", "cross_bank_transfer", None), ("WJX-4", "q13", "3", None),
    ("WJX-4", "x07", "义诊→理财讲座→亲子活动", None),
    ("WJX-5", "q01", "40-49", None), ("WJX-5", "q05", "our_bank", None), ("WJX-5", "q08", "fixed_income", None),
    ("WJX-5", "q08", "retirement", None), ("WJX-5", "q13", "5", None), ("WJX-5", "q14", "周末营业", None),
    ("WJX-5", "x07", "理财讲座→义诊→亲子活动", None),
]

VARIANTS = {"text": by_text, "number": by_number}
FORMATS = ["xlsx", "csv-utf8", "csv-gbk"]


def write(df: pd.DataFrame, folder, name: str, fmt: str):
    if fmt == "xlsx":
        path = folder / f"{name}.xlsx"
        df.to_excel(path, index=False)
    else:
        path = folder / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8-sig" if fmt == "csv-utf8" else "gb18030")
    return path


@pytest.fixture(params=[(v, f) for v in VARIANTS for f in FORMATS], ids=lambda p: f"{p[0]}-{p[1]}")
def export(request, tmp_path):
    variant, fmt = request.param
    return variant, write(VARIANTS[variant](), tmp_path, f"wjx_{variant}", fmt)


def imported(path, **kw):
    kw = {"community_id": "B01-C01", "salt": SALT, **kw}
    return read_wjx(path, standard_questionnaire(), **kw)


def answer_rows(t) -> list[tuple]:
    a = t["survey_answers"].astype(object).where(t["survey_answers"].notna(), None)
    return [tuple(r) for r in a.itertuples(index=False)]


# ---------------------------------------------------------------------------
# both variants, all file formats
# ---------------------------------------------------------------------------


def test_both_variants_give_the_hand_worked_answers(export):
    _variant, path = export
    t = imported(path)
    assert answer_rows(t) == EXPECTED_ANSWERS


def test_no_name_phone_or_ip_survives_in_any_cell(export):
    # Arrange: every raw personal value of the export
    _variant, path = export
    raw = [v for v in NAMES + PHONES + IPS + SOURCE_DETAIL if v and v != "N/A"] + [TYPED_PHONE]
    # Act
    t = imported(path)
    # Assert: search every cell (and header) of every returned table
    for name, df in t.items():
        cells = [str(c) for c in df.columns] + [str(v) for v in df.astype(object).to_numpy().ravel()]
        for value in raw:
            assert not any(value in c for c in cells), f"{value!r} survives in {name}"
        for header in ("姓名", "手机号码", "来自IP", "来源详情"):
            assert header not in df.columns


def test_metadata_columns_become_the_responses(export):
    variant, path = export
    r = imported(path)["survey_responses"]
    assert r["response_id"].tolist() == ["WJX-1", "WJX-2", "WJX-3", "WJX-4", "WJX-5"]
    assert r["submitted_at"].iloc[0] == pd.Timestamp("2026-09-03 12:00:00")
    # 所用时间: 120秒 → 120, 2分30秒 → 150
    assert r["duration_s"].tolist() == [120, 95, 150, 300, 61]
    # 来源 微信 → wechat, anything else → online (the default when channel is not given)
    assert r["channel"].astype(str).tolist() == ["wechat", "online", "wechat", "online", "online"]
    assert r["community_id"].unique().tolist() == ["B01-C01"]
    # sheet 4 gave neither name nor phone: no person_id; the others are salted hashes
    assert r["person_id"].isna().tolist() == [False, False, False, True, False]
    assert r["person_id"].dropna().str.match(r"^H[0-9a-f]{16}$").all()


def test_the_result_passes_the_data_contract(export):
    _variant, path = export
    t = imported(path, event_id=None)
    for name, df in t.items():
        expected = empty_frame(name)
        assert list(df.columns) == list(expected.columns)
        assert df.dtypes.to_dict() == expected.dtypes.to_dict()
        assert isinstance(df.index, pd.RangeIndex)
    parents = {
        "branches": pd.DataFrame({"branch_id": ["B01"], "name": ["城东支行"], "city": ["杭州"]}),
        "staff": pd.DataFrame({"staff_id": ["B01-S01"], "branch_id": ["B01"], "role": ["branch_head"]}),
        "communities": pd.DataFrame({"community_id": ["B01-C01"], "branch_id": ["B01"], "name": ["锦绣花园"],
                                     "households": [1200]}),
        "people": pd.DataFrame({"person_id": t["survey_responses"]["person_id"].dropna(), "community_id": "B01-C01",
                                "is_bank_customer": False}),
    }
    problems = validate_tables({**parents, **t})
    assert problems.empty, problems.to_string()


# ---------------------------------------------------------------------------
# details of the format
# ---------------------------------------------------------------------------


def test_io_read_wjx_delegates(tmp_path):
    path = write(by_text(), tmp_path, "e", "xlsx")
    assert answer_rows(io_read_wjx(path, questions=standard_questionnaire(), community_id="B01-C01",
                                   salt=SALT)) == EXPECTED_ANSWERS


@pytest.mark.parametrize("variant", VARIANTS)
def test_same_person_same_id_across_variants_and_formats(variant, tmp_path):
    a = imported(write(by_text(), tmp_path, "a", "xlsx"))["survey_responses"]["person_id"]
    b = imported(write(VARIANTS[variant](), tmp_path, "b", "csv-gbk"))["survey_responses"]["person_id"]
    assert a.equals(b)


def test_another_salt_gives_other_ids(tmp_path):
    path = write(by_text(), tmp_path, "e", "csv-utf8")
    a = imported(path)["survey_responses"]["person_id"].dropna()
    b = imported(path, salt="another")["survey_responses"]["person_id"].dropna()
    assert not set(a) & set(b)


def test_salt_from_the_environment_and_none_is_an_error(tmp_path, monkeypatch):
    path = write(by_text(), tmp_path, "e", "xlsx")
    monkeypatch.delenv(config.SALT_ENV, raising=False)
    with pytest.raises(ParameterError, match=config.SALT_ENV):
        read_wjx(path, community_id="B01-C01")
    monkeypatch.setenv(config.SALT_ENV, SALT)
    env = read_wjx(path, standard_questionnaire(), community_id="B01-C01")["survey_responses"]["person_id"]
    assert env.equals(imported(path)["survey_responses"]["person_id"])


def test_an_export_without_personal_columns_needs_no_salt(tmp_path, monkeypatch):
    monkeypatch.delenv(config.SALT_ENV, raising=False)
    path = write(by_text().drop(columns=["姓名", "手机号码"]), tmp_path, "e", "xlsx")
    r = read_wjx(path, community_id="B01-C01")["survey_responses"]
    assert r["person_id"].isna().all()


def test_skipped_and_empty_cells_give_no_row(tmp_path):
    t = imported(write(by_number(), tmp_path, "e", "xlsx"))
    a = t["survey_answers"]
    answered = a.groupby("question_id")["response_id"].nunique().to_dict()
    # hand count: q01 skipped by sheet 3 (−3), q02 by 5, q08 by 3 (−3 in every option column), q13 empty for 3,
    # q14 skipped by 2 and empty for 4, the ranking skipped by 3
    assert answered == {"q01": 4, "q02": 4, "q05": 5, "q08": 4, "q13": 4, "q14": 3, "x07": 4}
    assert not a["value"].isin(["(跳过)", "-3", "-2", ""]).any()


def test_other_please_specify_keeps_its_text(tmp_path):
    for variant, build in VARIANTS.items():
        a = imported(write(build(), tmp_path, variant, "xlsx"))["survey_answers"]
        other = a.loc[a["value"] == "other", ["response_id", "other_text"]]
        assert other.values.tolist() == [["WJX-2", "农商银行"], ["WJX-3", "民生银行"]], variant


def test_unmatched_questions_are_added_to_the_codebook(tmp_path):
    q = imported(write(by_text(), tmp_path, "e", "xlsx"))["survey_questions"]
    assert len(q) == 15  # the 14 standard questions + the ranking question of the export
    extra = q.loc[q["question_id"] == "x07"].iloc[0]
    assert (extra["kind"], extra["options"]) == ("rank", "理财讲座|亲子活动|义诊")


def test_without_codebook_kinds_are_inferred(tmp_path):
    q_text = read_wjx(write(by_text(), tmp_path, "t", "xlsx"), community_id="C", salt=SALT)["survey_questions"]
    q_num = read_wjx(write(by_number(), tmp_path, "n", "xlsx"), community_id="C", salt=SALT)["survey_questions"]
    # by text: ┋ → multi, whole numbers → scale, 建议 → open, → → rank
    assert dict(zip(q_text["question_id"], q_text["kind"].astype(str))) == {
        "q01": "single", "q02": "single", "q03": "multi", "q04": "multi", "q05": "scale", "q06": "open",
        "q07": "rank"}
    # by number: option numbers are single choice unless the text asks for a score (满意)
    assert dict(zip(q_num["question_id"], q_num["kind"].astype(str))) == {
        "q01": "single", "q02": "single", "q03": "multi", "q04": "multi", "q05": "scale", "q06": "open",
        "q07": "rank"}
    # without a codebook the option text is the code; the 其他 answer is "其他" with its text
    assert q_text.loc[2, "options"] == "工商银行|本行|其他|建设银行"
    assert q_num.loc[2, "options"] == "|".join(BANKS)
    assert q_num.loc[0, "options"] == "1|2|3|5"  # age as option numbers seen


def test_kind_overrides(tmp_path):
    path = write(by_text(), tmp_path, "t", "xlsx")
    t = read_wjx(path, community_id="C", salt=SALT, kind_overrides={5: "single", "q06": "open"})
    kinds = dict(zip(t["survey_questions"]["question_id"], t["survey_questions"]["kind"].astype(str)))
    assert kinds["q05"] == "single"
    with pytest.raises(ParameterError, match="kind_overrides"):
        read_wjx(path, community_id="C", salt=SALT, kind_overrides={5: "matrix"})


def test_a_personal_question_is_hashed_and_dropped(tmp_path):
    df = by_text().drop(columns=["姓名", "手机号码"]).assign(**{
        "8、请留下您的手机号码：": PHONES,   # personal by its text
        "9、联系人": ["13800138000", "13912345678", "", "", "18600001234"],  # personal by its values
    })
    t = read_wjx(write(df, tmp_path, "e", "xlsx"), standard_questionnaire(), community_id="B01-C01", salt=SALT)
    assert not t["survey_questions"]["text"].str.contains("手机|联系人").any()
    assert not t["survey_answers"]["value"].isin(PHONES).any()
    # the phone question gives the same person_id as a 手机号码 column
    assert t["survey_responses"]["person_id"].iloc[0] == imported(write(by_text(), tmp_path, "f", "xlsx"))[
        "survey_responses"]["person_id"].iloc[0]


# ---------------------------------------------------------------------------
# community and channel
# ---------------------------------------------------------------------------


COMMUNITIES = pd.DataFrame({"community_id": ["B01-C01", "B01-C02"], "name": ["锦绣花园", "阳光小区"],
                            "households": [558, 330]})


def with_community_question(answers) -> pd.DataFrame:
    return by_text().assign(**{"8、您居住的小区是？": answers, "9、您在哪里填写的问卷？": ["驻点", "沙龙", "驻点", "微信", "驻点"]})


def test_community_and_channel_from_questions(tmp_path):
    df = with_community_question(["锦绣花园", "阳光小区", "B01-C02", "锦绣花园", "阳光小区"])
    t = imported(write(df, tmp_path, "e", "xlsx"), community_id=8, channel=9, communities=COMMUNITIES)
    r = t["survey_responses"]
    assert r["community_id"].tolist() == ["B01-C01", "B01-C02", "B01-C02", "B01-C01", "B01-C02"]
    assert r["channel"].astype(str).tolist() == ["booth", "salon", "booth", "wechat", "booth"]
    # the two questions are consumed: not kept as answers or questions
    assert not t["survey_questions"]["question_id"].isin(["x08", "x09"]).any()


def test_unknown_or_missing_community_lists_the_sheets(tmp_path):
    df = with_community_question(["锦绣花园", "不存在小区", "(跳过)", "锦绣花园", "阳光小区"])
    with pytest.raises(DataError) as err:
        imported(write(df, tmp_path, "e", "xlsx"), community_id=8, communities=COMMUNITIES)
    msg = str(err.value)
    assert "不存在小区" in msg and "序号 2" in msg and "序号 3" in msg
    assert set(err.value.problems["rule"]) == {"foreign_key", "not_null"}


def test_community_id_is_required_and_checked(tmp_path):
    path = write(by_text(), tmp_path, "e", "xlsx")
    with pytest.raises(ParameterError, match="community_id"):
        read_wjx(path, salt=SALT)
    with pytest.raises(ParameterError, match="B01-C09"):
        imported(path, community_id="B01-C09", communities=COMMUNITIES)
    with pytest.raises(ParameterError, match="no question 42"):
        imported(path, community_id=42)


def test_channel_argument(tmp_path):
    path = write(by_text(), tmp_path, "e", "xlsx")
    assert imported(path, channel="驻点")["survey_responses"]["channel"].astype(str).unique().tolist() == ["booth"]
    with pytest.raises(ParameterError, match="channel"):
        imported(path, channel="street")


# ---------------------------------------------------------------------------
# errors in the user's terms
# ---------------------------------------------------------------------------


def test_an_answer_outside_the_codebook_names_question_value_and_sheet(tmp_path):
    df = by_text()
    df.loc[1, Q_GENDER] = "未知"
    with pytest.raises(DataError) as err:
        imported(write(df, tmp_path, "e", "xlsx"))
    assert "未知" in str(err.value) and "序号 2" in str(err.value) and "q02" in str(err.value)


def test_not_a_wjx_export(tmp_path):
    path = write(pd.DataFrame({"姓名": ["张三"], "金额": [1]}), tmp_path, "e", "xlsx")
    with pytest.raises(DataError, match="序号"):
        imported(path)


def test_duplicate_sheet_numbers_and_bad_times(tmp_path):
    df = by_text()
    df.loc[1, "序号"] = 1
    df.loc[3, "提交答卷时间"] = "昨天"
    with pytest.raises(DataError) as err:
        imported(write(df, tmp_path, "e", "xlsx"))
    assert {"unique_key", "type"} <= set(err.value.problems["rule"])
    assert "序号 4" in str(err.value)


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "e.sav"
    path.write_bytes(b"x")
    with pytest.raises(ParameterError, match=".xlsx or .csv"):
        imported(path)


# ---------------------------------------------------------------------------
# analysis.privacy
# ---------------------------------------------------------------------------


def test_resolve_salt(monkeypatch):
    monkeypatch.delenv(config.SALT_ENV, raising=False)
    assert config.SALT_ENV == "ANALYSIS_PERSON_SALT"
    with pytest.raises(ParameterError, match="no default salt"):
        privacy.resolve_salt()
    with pytest.raises(ParameterError):
        privacy.resolve_salt("  ")
    monkeypatch.setenv(config.SALT_ENV, "from-env")
    assert privacy.resolve_salt() == "from-env"
    assert privacy.resolve_salt("explicit") == "explicit"


@pytest.mark.parametrize("header, kind", [
    ("姓名", "name"), ("手机", "phone"), ("手机号码", "phone"), ("电话", "phone"), ("身份证号", "id_number"),
    ("微信号", "wechat_id"), ("来自IP", "ip"), ("请留下您的手机号码：", "phone"), ("联系人姓名", "name"),
    ("您的年龄段是？", None), ("您希望我们通过电话还是微信联系？", None), ("您是否愿意加入社区微信群？", None),
])
def test_identifier_kind(header, kind):
    assert privacy.identifier_kind(header) == kind


def test_person_ids_use_phone_first_and_normalise_it():
    ids = privacy.person_ids(pd.DataFrame({"name": ["张三", "张三", "李四", None],
                                           "phone": ["13800138000", "+86 138-0013-8000", None, None]}), salt="s")
    # rows 0 and 1: same phone written differently → same id; row 2: name only; row 3: nothing
    assert ids.iloc[0] == ids.iloc[1]
    assert ids.iloc[2] == privacy.hash_identifier(pd.Series(["李四"]), "name", "s").iloc[0]
    assert pd.isna(ids.iloc[3])
    # the kind is part of the hash: a name never collides with the same text as a phone
    assert privacy.hash_identifier(pd.Series(["x"]), "name", "s").iloc[0] != \
        privacy.hash_identifier(pd.Series(["x"]), "wechat_id", "s").iloc[0]


def test_redact_phone_and_id_numbers_but_not_other_numbers():
    s = pd.Series(["电话13800138000", "身份证11010519491231002X", "订单号 2026090312", None])
    assert privacy.redact(s).tolist()[:3] == ["电话[已隐去]", "身份证[已隐去]", "订单号 2026090312"]
    assert privacy.contains_personal_data(s).tolist() == [True, True, False, False]


@pytest.mark.parametrize("module", [privacy, wjx])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


# ===========================================================================
# the command line: python -m analysis import-wjx
# ===========================================================================


def test_cli_import_wjx_writes_clean_tables_and_appends(tmp_path, monkeypatch, capsys):
    from analysis.cli import main

    monkeypatch.setenv(config.SALT_ENV, SALT)
    export = tmp_path / "问卷星导出.xlsx"
    by_text().to_excel(export, index=False)
    before = export.read_bytes()
    out = tmp_path / "mybranch"
    assert main(["import-wjx", str(export), "--out", str(out), "--community", "B01-C01", "--channel", "booth"]) == 0
    assert export.read_bytes() == before  # the user's export is only read
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv"))
    for secret in [*NAMES[:3], NAMES[4], *PHONES[:2], PHONES[4], TYPED_PHONE, *IPS]:
        assert secret not in text
    responses = pd.read_csv(out / "survey_responses.csv")
    assert responses["response_id"].tolist() == ["WJX-1", "WJX-2", "WJX-3", "WJX-4", "WJX-5"]
    assert set(responses["channel"]) == {"booth"}
    # the same import again changes nothing; a second export with its own prefix is appended
    assert main(["import-wjx", str(export), "--out", str(out), "--community", "B01-C01", "--channel", "booth"]) == 0
    assert len(pd.read_csv(out / "survey_responses.csv")) == 5
    assert main(["import-wjx", str(export), "--out", str(out), "--community", "B01-C02", "--channel", "booth",
                 "--prefix", "WJX2-"]) == 0
    assert len(pd.read_csv(out / "survey_responses.csv")) == 10
    # the same ids with other values are refused, not overwritten
    assert main(["import-wjx", str(export), "--out", str(out), "--community", "B01-C03", "--channel", "booth"]) == 1
    assert "already in the file with other values" in capsys.readouterr().err
    assert len(pd.read_csv(out / "survey_responses.csv")) == 10


# ---------------------------------------------------------------------------
# analysis.privacy: personal data by pattern (issue 11)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, kind, masked", [
    ("13800138000", "mobile", "138****8000"), ("138 0013 8000", "mobile", "138****8000"),
    ("138-0013-8000", "mobile", "138****8000"), ("+86 13800138000", "mobile", "138****8000"),
    ("0086-138 0013 8000", "mobile", "138****8000"), ("电话１３８００１３８０００", "mobile", "电话138****8000"),
    ("请打 010-12345678", "landline", "请打 010-****5678"), ("0755 1234 5678", "landline", "0755-****5678"),
    ("(021)62345678", "landline", "021-****5678"),
    ("身份证11010519491231002X", "id_number", "身份证1101**********002X"),
    ("zhangsan@example.com", "email", "z***@example.com"),
    ("卡号6222021234567894", "bank_card", "卡号6222****7894"), ("6222 0212 3456 7894", "bank_card", "6222****7894"),
    ("a 13800138000 b@c.cn", "email+mobile", "a 138****8000 b***@c.cn"),
])
def test_personal_data_by_pattern_and_its_mask(text, kind, masked):
    mask, kinds = privacy.find_personal_data(pd.Series([text]))
    assert mask.tolist() == [True] and kinds.tolist() == [kind]
    assert privacy.mask_personal(text) == masked
    assert privacy.mask_personal(pd.Series([text])).tolist() == [masked]
    assert privacy.redact(pd.Series([text])).iloc[0].count(privacy.REDACTED) == len(kind.split("+"))


@pytest.mark.parametrize("text", [
    "110105194912310021",          # 18 digits, wrong check digit
    "6222021234567890",            # 16 digits failing Luhn (an order number)
    "订单号 2026090312", "2026-09-03 12:00:00", "2026-09-03 2026-09-04", "1,060.5", "B01-C01-P01", "P000123",
    "12345678", "1380013800", "138001380001", "01012345678",  # a landline needs a separator after its area code
])
def test_ordinary_numbers_are_not_personal_data(text):
    assert privacy.find_personal_data(pd.Series([text]))[0].tolist() == [False]
    assert privacy.mask_personal(text) == text


@pytest.mark.parametrize("value, personal", [
    ("13800138000", True), ("+86 138-0013-8000", True), ("11010519491231002X", True), ("a@b.cn", True),
    ("P-13800138000", True), ("6222021234567894", True),
    ("P13800138000", False),       # a letter touches the number: a code, as hashed ids are
    ("H3f0c1380013800000", False), ("B01-E03", False), ("WJX-12", False), ("R00001", False),
])
def test_ids_that_look_like_personal_data(value, personal):
    assert privacy.find_personal_data(pd.Series([value]), ids=True)[0].tolist() == [personal]


@pytest.mark.parametrize("header, kind", [
    ("电话号码", "phone"), ("手机", "phone"), ("联系电话", "phone"), ("客户手机号", "phone"), ("邮箱", "email"),
    ("e-mail", "email"), ("E_Mail", "email"), ("customerEmail", "email"), ("姓名", "name"), ("客户姓名", "name"),
    ("身份证", "id_number"), ("身份证号码", "id_number"), ("银行卡", "bank_card"), ("银行卡号", "bank_card"),
    ("contact_phone", "phone"), ("tel", "phone"), ("id_number", "id_number"), ("full_name", "name"),
    ("备注", None), ("mobile_banking", None), ("theme", None), ("product", None), ("活动主题", None),
])
def test_personal_headers_are_matched_fuzzily(header, kind):
    assert privacy.personal_header(header) == kind


def test_a_bare_name_column_is_personal_only_in_a_table_about_people():
    assert privacy.personal_header("name") is None
    assert privacy.personal_header("name", person_table=True) == "name"


def test_whole_identifiers_are_values_that_are_personal_data_as_a_whole():
    mask, kinds = privacy.whole_identifiers(pd.Series(["138 0013 8000", "a@b.cn", "请打 13800138000 找我", None]))
    assert mask.tolist() == [True, True, False, False] and kinds.tolist()[:2] == ["mobile", "email"]


def test_find_personal_data_stays_vectorised(monkeypatch):
    """Only the few candidate values are looked at one by one (10,000 ordinary values: none)."""
    calls = []
    real = privacy._scan
    monkeypatch.setattr(privacy, "_scan", lambda *a, **k: calls.append(a) or real(*a, **k))
    values = pd.Series([f"P{i:06d}" for i in range(10_000)] + ["13800138000"], dtype="string")
    mask, _kinds = privacy.find_personal_data(values, ids=True)
    assert mask.sum() == 1 and len(calls) == 1
    mask, _kinds = privacy.find_personal_data(pd.Series(["周末营业"] * 10_000 + ["a@b.cn"]))
    assert mask.sum() == 1 and len(calls) == 2


# ---------------------------------------------------------------------------
# read_wjx: people rows, what is not imported, the loader's reading rules (issue 11)
# ---------------------------------------------------------------------------


def test_people_rows_for_the_person_ids(tmp_path):
    t = imported(write(by_text(), tmp_path, "e", "xlsx"))
    people = t["people"]
    assert people["person_id"].tolist() == t["survey_responses"]["person_id"].dropna().tolist()
    assert people["community_id"].unique().tolist() == ["B01-C01"]
    assert people["is_bank_customer"].isna().all()
    assert people.dtypes.to_dict() == empty_frame("people").dtypes.to_dict()


def test_columns_not_imported_are_listed(tmp_path):
    df = by_text().assign(总分=[1, 2, 3, 4, 5])
    t = imported(write(df, tmp_path, "e", "csv-utf8"))
    assert t.unknown_columns == ["总分"]
    assert "columns not imported (neither 问卷星 metadata nor a question): 总分" in t.notes
    assert t.personal_columns == {"姓名": "name", "手机号码": "phone"}
    assert "personal data not kept: 来自IP" in t.notes


def test_free_text_loses_every_kind_of_personal_data(tmp_path):
    df = by_text()
    df[Q_SUGGEST] = ["邮件 zs@example.com", "(跳过)", "打 0571-87654321", "", "卡 6222 0212 3456 7894"]
    values = imported(write(df, tmp_path, "e", "xlsx"))["survey_answers"].query("question_id == 'q14'")["value"]
    assert values.tolist() == ["邮件 [已隐去]", "打 [已隐去]", "卡 [已隐去]"]


def test_submission_times_follow_the_loaders_rules(tmp_path):
    df = by_text()
    df["提交答卷时间"] = ["03/09/2026 12:00:00"] * 5
    path = write(df, tmp_path, "e", "csv-utf8")
    with pytest.raises(DataError) as err:
        imported(path)
    assert set(err.value.problems["rule"]) == {"ambiguous_date"}
    r = imported(path, date_order="DMY")["survey_responses"]
    assert r["submitted_at"].iloc[0] == pd.Timestamp("2026-09-03 12:00")


def test_an_empty_export_is_a_data_error(tmp_path):
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError) as err:
        imported(empty)
    assert err.value.problems["rule"].tolist() == ["empty_file"]
    header_only = write(by_text().iloc[0:0], tmp_path, "h", "xlsx")
    with pytest.raises(DataError, match="no answer sheets"):
        imported(header_only)
