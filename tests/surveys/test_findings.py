"""Tests of analysis.surveys.findings: the headline numbers, the verdict sentence and the ranked actions.

Expected values are counted by hand on the literal tables below (fixture ``findings``) or printed by R
(``# R:`` comments, ``tests/surveys/surveys_reference.R``, section "headline").
"""

from __future__ import annotations

import doctest
import re

import numpy as np
import pandas as pd
import pytest

from analysis import report
from analysis.errors import ParameterError
from analysis.questionnaire import QUESTION_IDS, standard_questionnaire
from analysis.surveys import actions, findings, headline, survey_scope, verdict, weighted_rates

CJK = re.compile(r"[\u4e00-\u9fff]")
TOL = 1e-12

# Four communities: 甲小区 C1 (200 households), 乙小区 C2 (100), 丙小区 C3 (50), 桂花园 C4 (400).
# This period, 5 sheets: R1-R3 in C1, R4-R5 in C2; C3 and C4 have none.
#   sheet  segment  needs                   circles        topics   products               seconds
#   R1     payroll  education               square_dance   health   deposit                30
#   R2     payroll  education, retirement   square_dance   health   none                   200
#   R3     retiree  none                    none           cooking  wealth                 200
#   R4     payroll  retirement              mahjong        health   deposit, mobile_bank.  200
#   R5     retiree  education               square_dance   —        —                      200
# Previous period, 2 sheets in C1: R6 (education), R7 (retirement).
SHEETS = {
    "R1": {"segment": ["payroll"], "needs": ["education"], "circles": ["square_dance"], "topics": ["health"],
           "products": ["deposit"]},
    "R2": {"segment": ["payroll"], "needs": ["education", "retirement"], "circles": ["square_dance"],
           "topics": ["health"], "products": ["none"]},
    "R3": {"segment": ["retiree"], "needs": ["none"], "circles": ["none"], "topics": ["cooking"], "products": ["wealth"]},
    "R4": {"segment": ["payroll"], "needs": ["retirement"], "circles": ["mahjong"], "topics": ["health"],
           "products": ["deposit", "mobile_banking"]},
    "R5": {"segment": ["retiree"], "needs": ["education"], "circles": ["square_dance"]},
}
PREVIOUS = {"R6": {"needs": ["education"]}, "R7": {"needs": ["retirement"]}}


def _answers(sheets):
    rows = [(s, QUESTION_IDS[k], v) for s, qs in sheets.items() for k, vs in qs.items() for v in vs]
    return pd.DataFrame(rows, columns=["response_id", "question_id", "value"]).astype("string")


@pytest.fixture
def tables():
    communities = pd.DataFrame({"community_id": ["C1", "C2", "C3", "C4"], "name": ["甲小区", "乙小区", "丙小区", "桂花园"],
                                "households": [200, 100, 50, 400]})
    responses = pd.DataFrame({"response_id": ["R1", "R2", "R3", "R4", "R5"],
                              "community_id": ["C1", "C1", "C1", "C2", "C2"],
                              "submitted_at": pd.to_datetime(["2026-10-03 10:00"] * 3 + ["2026-10-20 15:00"] * 2),
                              "duration_s": pd.array([30, 200, 200, 200, 200], dtype="Int64")})
    entry_points = pd.DataFrame({"entry_id": ["E3", "E4"], "community_id": ["C3", "C4"], "kind": ["laundry", "supermarket"],
                                 "name": ["洗衣店", "桂花园超市"], "daily_flow": [100, 800], "cost_per_visit": [2.0, 1.0],
                                 "value_score": [3.0, 3.5]})
    staff = pd.DataFrame({"staff_id": ["S1", "S2", "S3"], "role": ["branch_head", "lobby_manager", "wealth_manager"],
                          "name": ["王芳", "李雷", "张伟"]})
    now = {"survey_responses": responses, "survey_answers": _answers(SHEETS),
           "survey_questions": standard_questionnaire(), "communities": communities, "entry_points": entry_points,
           "events": pd.DataFrame({"community_id": pd.Series([], dtype="string")}), "staff": staff}
    before = {**now, "survey_responses": pd.DataFrame({"response_id": ["R6", "R7"], "community_id": ["C1", "C1"]}),
              "survey_answers": _answers(PREVIOUS)}
    return now, before


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


# ---------------------------------------------------------------------------
# headline
# ---------------------------------------------------------------------------

def test_headline_numbers_by_hand_and_r(tables):
    now, before = tables
    h = headline(now, previous=before).set_index("measure")
    assert list(h.reset_index().columns) == list(findings.HEADLINE_COLUMNS)
    assert list(h.index) == ["responses", "coverage", "top_need=education", "top_circle=square_dance",
                             "top_topic=health"]
    r = h.loc["responses"]
    assert (r["value"], r["previous"], r["standard"], r["flag"], r["fmt"]) == (5, 2, 30, "below", "count")
    close([r["ci_low"], r["ci_high"]], [1.62348639011842, 11.66833207932267])  # R: poisson.test(5)$conf.int
    close(r["change_p"], 0.453125)  # R: poisson.test(c(5, 2))$p.value
    c = h.loc["coverage"]
    # hand count: 5 sheets in C1 and C2 (300 households); C3 and C4 did not answer; previous 2 of C1's 200
    close([c["value"], c["previous"]], [5 / 300, 2 / 200])
    close([c["ci_low"], c["ci_high"]], [0.00713947735063334, 0.03841539483309449])  # R: prop.test(5, 300)
    close(c["change_p"], 0.70764444021159, tol=1e-9)  # R: fisher.test(matrix(c(5, 295, 2, 198), 2, byrow = TRUE))
    assert c["flag"] == "" and pd.isna(c["standard"])
    # weighted by households over C1 (200: 2 of 3 need education) and C2 (100: 1 of 2): 2/3·2/3 + 1/3·1/2 = 11/18
    close(h.loc["top_need=education", "value"], 11 / 18)
    close(h.loc["top_need=education", "previous"], 1 / 2)  # previous: C1 only, 1 of 2
    close(h.loc["top_circle=square_dance", "value"], 11 / 18)
    # topics: R5 skipped it; C1 2 of 3 health, C2 1 of 1: 2/3·2/3 + 1/3·1 = 7/9
    close(h.loc["top_topic=health", "value"], 7 / 9)
    assert pd.isna(h.loc["top_topic=health", "previous"])  # the previous sheets did not answer topics


def test_headline_weighted_rows_match_weighted_rates_and_the_change_test(tables):
    now, before = tables
    h = headline(now, previous=before).set_index("measure")
    w = weighted_rates(now, "needs").set_index("option").loc["education"]
    w0 = weighted_rates(before, "needs").set_index("option").loc["education"]
    row = h.loc["top_need=education"]
    close([row["ci_low"], row["ci_high"]], np.clip([w["ci_low"], w["ci_high"]], 0, 1))
    z = abs(w["rate"] - w0["rate"]) / np.hypot(w["se"], w0["se"])
    from scipy.stats import norm

    close(row["change_p"], 2 * norm.sf(z))
    # every interval holds its value and stays within 0–100% for the shares
    ok = h.dropna(subset=["ci_low"])
    assert ((ok["ci_low"] <= ok["value"]) & (ok["value"] <= ok["ci_high"])).all()
    assert (h.loc[h["fmt"] == "pct", ["ci_low", "ci_high"]].stack().between(0, 1)).all()


def test_headline_without_previous_and_without_sheets(tables):
    now, _ = tables
    h = headline(now)
    assert h["previous"].isna().all() and h["change_p"].isna().all()
    h = headline(now, target_sheets=5)
    assert h.loc[0, "flag"] == "ok" and h.loc[0, "standard"] == 5
    empty = {**now, "survey_responses": now["survey_responses"].iloc[0:0], "survey_answers": now["survey_answers"].iloc[0:0]}
    e = headline(empty, previous=now)
    assert e["measure"].tolist() == ["responses"]
    assert (e.loc[0, "value"], e.loc[0, "previous"], e.loc[0, "flag"]) == (0, 5, "below")
    close(e.loc[0, "ci_high"], 3.68887945411394)  # R: poisson.test(0)$conf.int
    # a codebook without the needs question: no need row
    q = standard_questionnaire()
    short = {**now, "survey_questions": q.loc[q["question_id"] != QUESTION_IDS["needs"]]}
    assert not any(m.startswith("top_need") for m in headline(short)["measure"])
    with pytest.raises(ParameterError, match="target_sheets"):
        headline(now, target_sheets=-1)


def test_headline_renders_as_cards(tables):
    now, before = tables
    block = str(report.headline_block(headline(now, previous=before), "en"))
    assert "Answer sheets this period" in block and "Top need: Children&#x27;s education" in block
    assert "▼ below the standard (30)" in block and "61.1%" in block
    assert not CJK.search(block)


# ---------------------------------------------------------------------------
# verdict
# ---------------------------------------------------------------------------

def test_verdict_says_the_headline_in_one_sentence(tables):
    now, before = tables
    h = headline(now, previous=before)
    need = h.set_index("measure").loc["top_need=education"]
    lo, hi = f"{need['ci_low'] * 100:.1f}%", f"{need['ci_high'] * 100:.1f}%"
    zh = verdict(h, "zh")
    assert zh == ("本期 5 份答卷（上期 2 份），约占已调研小区户数的 1.7%；住户首要需求是“子女教育”"
                  f"（61.1%，区间 {lo}–{hi}），最大的社区圈子是“广场舞”（61.1% 的户），最想参加的活动主题是“健康养生”"
                  "（77.8%）；答卷不足 30 份，这些比例只作参考。")
    en = verdict(h, "en")
    assert en == ("5 answer sheets this period (previous period 2), about 1.7% of the surveyed communities' households; "
                  f"the households' top need: Children's education (61.1%, CI {lo}–{hi}), largest relationship group: "
                  "Square dance (61.1% of households), most wanted event topic: Health (77.8%); with fewer than 30 "
                  "sheets, read these shares as rough.")
    assert zh.count("。") == 1 and en.count(". ") == 0  # one sentence


def test_verdict_without_sheets(tables):
    now, _ = tables
    empty = {**now, "survey_responses": now["survey_responses"].iloc[0:0], "survey_answers": now["survey_answers"].iloc[0:0]}
    assert verdict(headline(empty), "en").startswith("⚠ No answer sheets")
    assert verdict(headline(empty), "zh").startswith("⚠ 本期、本范围内没有问卷答卷")
    with pytest.raises(ParameterError):
        verdict(headline(now), "fr")


# ---------------------------------------------------------------------------
# actions
# ---------------------------------------------------------------------------

def test_actions_ranked_with_owners_due_dates_and_reasons(tables):
    now, _ = tables
    a = actions(now, as_of="2026-10-31", language="zh")
    assert list(a.columns) == list(findings.ACTION_COLUMNS)
    assert a["rank"].tolist() == list(range(1, 10))
    booth, head = "李雷（大堂经理）", "王芳（网点负责人）"
    # 1-2: the communities without a usable sheet (C4 400 households, then C3 50), at their first entry point;
    # 3: the largest segment's bundle; 4-5: the topic and the group; 6: C1 (3 sheets < 30); 7: the second
    # segment; 8: the rest (C2) in one line; 9: one sheet filled in 30 s
    assert a["owner"].tolist() == [booth, booth, head, head, head, booth, head, booth, booth]
    assert a["action"].tolist() == [
        "到桂花园超市设调研点，再收 30 份答卷",
        "到丙小区的洗衣店设调研点，再收 30 份答卷",
        "向工薪（代发工资）客群主推：存款（定期、大额存单）、手机银行、消费贷款",
        "下一场沙龙或社区活动以“健康养生”为主题",
        "通过“广场舞”圈子的带头人进入：为圈子办一场活动，拉一个微信群",
        "到甲小区设调研点，再收 27 份答卷",
        "向退休客群主推：稳健固收理财、存款（定期、大额存单）、防诈骗服务",
        "再安排 1 个小区的调研（按户数从多到少）：乙小区",
        "提醒调研点的接待人员：请受访者自己读题、完整作答，不要催促或代填",
    ]
    booth_due, plan_due = pd.Timestamp("2026-11-07"), pd.Timestamp("2026-11-14")  # as_of + 7 days, + 14 days
    assert a["due"].tolist() == [booth_due, booth_due, plan_due, plan_due, plan_due, booth_due, plan_due, booth_due,
                                 booth_due]
    reasons = a["reason"].tolist()
    assert reasons[0] == "400 户，本期没有答卷：问卷结论不代表这个小区"
    # payroll: R1 R2 R4 = 3 of 5 segment answers; nobody holds a consumer loan (deposit: R1 R4 hold it)
    assert reasons[2] == "3 位受访者属于该客群（占 60.0%），其中 3 人还没有消费贷款"
    assert reasons[4].startswith("最大的社区圈子，约 183 户")  # 11/18 of 300 households
    # R: the ±17 is half the Wilson interval at 15 of 30: diff(prop.test(15, 30, correct = FALSE)$conf.int) / 2
    assert reasons[5] == "200 户，本期只有 3 份答卷；少于 30 份时比例的区间宽于 ±17 个百分点"
    # retirees R3 R5: R3 holds wealth only, R5 did not answer → 2 without a deposit
    assert reasons[6] == "2 位受访者属于该客群（占 40.0%），其中 2 人还没有存款（定期、大额存单）"
    assert reasons[8] == "1 份答卷（20.0%）用时不足 60 秒"
    assert a["action"].is_unique  # never one sentence repeated


def test_actions_limit_language_and_defaults(tables):
    now, _ = tables
    assert actions(now, as_of="2026-10-31", limit=4)["rank"].tolist() == [1, 2, 3, 4]
    en = actions(now, as_of="2026-10-31", language="en")
    assert en.loc[0, "owner"] == "李雷 (Lobby manager)" and en.loc[2, "owner"] == "王芳 (Branch head)"
    assert en.loc[0, "action"] == "Run a survey booth at 桂花园超市: 30 more answer sheets"
    assert en.loc[1, "action"] == "Run a survey booth at 洗衣店, 丙小区: 30 more answer sheets"
    names = set(now["communities"]["name"]) | set(now["entry_points"]["name"]) | set(now["staff"]["name"])
    for text in en["action"].tolist() + en["reason"].tolist() + en["owner"].tolist():
        assert not CJK.search(re.sub("|".join(sorted(names, key=len, reverse=True)), "", text)), text
    # as_of by default: the latest answer sheet (2026-10-20) → booths due 2026-10-27
    assert actions(now).loc[0, "due"] == pd.Timestamp("2026-10-27")
    # without a staff table the owner is the role
    assert actions({**now, "staff": None}, language="en").loc[0, "owner"] == "Lobby manager"
    with pytest.raises(ParameterError, match="as_of"):
        actions(now, as_of="not a date")


def test_actions_without_sheets_survey_every_community(tables):
    now, _ = tables
    empty = {**now, "survey_responses": now["survey_responses"].iloc[0:0], "survey_answers": now["survey_answers"].iloc[0:0]}
    a = actions(empty, as_of="2026-10-31")
    assert a["action"].tolist()[:3] == ["到桂花园超市设调研点，再收 30 份答卷", "到甲小区设调研点，再收 30 份答卷",
                                        "到乙小区设调研点，再收 30 份答卷"]
    assert a["action"].iloc[3] == "再安排 1 个小区的调研（按户数从多到少）：丙小区"
    assert len(a) == 4


def test_actions_render_as_a_list(tables):
    now, _ = tables
    html = str(report.actions_block(actions(now, as_of="2026-10-31", language="en"), "en"))
    assert html.count("<li>") == 9 and "due 2026-11-07" in html


def test_findings_on_the_sample_speak_both_languages(sample_tables):
    from analysis.io import Dataset
    from analysis.scope import for_branch

    sv = survey_scope(for_branch(Dataset(sample_tables), "B01", "2026-10-01", "2026-10-31"))
    before = survey_scope(for_branch(Dataset(sample_tables), "B01", "2026-09-01", "2026-09-30"))
    h = headline(sv, previous=before)
    assert 3 <= len(h) <= 5 and h["previous"].notna().all()
    assert h.loc[0, "value"] == len(sv["survey_responses"])
    for language in ("zh", "en"):
        a = actions(sv, as_of="2026-10-31", language=language)
        assert 1 <= len(a) <= 10 and a["action"].is_unique
        # the sample's staff have names (employees): name and role
        assert a["owner"].isin(report.staff_names(sv["staff"], language).tolist()).all()
        text = verdict(h, language)
        assert bool(CJK.search(text)) == (language == "zh")


def test_docstring_examples_run():
    result = doctest.testmod(findings, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
