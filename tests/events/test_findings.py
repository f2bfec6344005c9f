"""Tests of analysis.events.findings: the headline and flow sentences, recommendations, data findings.

Sentences come from ``analysis.report.vocab.events`` (``SENTENCES``) in both languages.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import events as E
from analysis.errors import ParameterError

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_headline_text(salon, both):
    head = E.event_figures(salon)
    text = E.headline_text(head)
    # R: prop.test(31, 38, correct = FALSE)$conf.int, shown as percentages with one decimal
    assert "81.6%" in text and "66.6%–90.8%" in text and "女 30、男 8" in text and "6,100,000" in text
    assert E.headline_text(head.iloc[:0]).endswith("（无数据）。")
    no_deals = {k: both[k] for k in ("events", "attendance", "invitations")}
    assert E.headline_text(E.event_figures(no_deals), language="en").startswith("3 events, 43 attendances, 35 by strangers")


def test_headline_text_in_english_has_no_chinese_but_the_theme(salon):
    text = E.headline_text(E.event_figures(salon), language="en")
    assert text.startswith("B01-E03 家庭关系: 38 came (30 women, 8 men), 31 of them strangers: 81.6% (95% interval")
    assert "meeting the 70% standard" in text
    assert not CJK.search(text.replace("家庭关系", ""))


def test_headline_text_below_the_standard_and_for_an_empty_event(salon, edge):
    head = E.event_figures(salon, standard=0.85)
    assert "低于 85% 标准" in E.headline_text(head, standard=0.85)
    empty = E.event_figures(edge).iloc[[1]]
    assert E.headline_text(empty, language="en") == "E2 茶艺: nobody checked in."
    with pytest.raises(ParameterError, match="language"):
        E.headline_text(head, language="fr")


def test_gaps_text(salon, edge):
    assert E.gaps_text(E.arrival_flow(salon), E.arrival_gaps(salon), language="en") == \
        "✅ No gaps of 10 minutes or more."
    assert E.gaps_text(E.arrival_flow(edge), E.arrival_gaps(edge)) == "出现 2 次 10 分钟以上无人到场的间隔（最长 17 分钟）。"
    nobody = {**edge, "attendance": edge["attendance"].iloc[:0]}
    assert E.gaps_text(E.arrival_flow(nobody), E.arrival_gaps(nobody), language="en") == "No check-ins."


def _salon_recommendations(salon, **kw):
    card = E.scorecard(salon)
    return E.recommendations(
        ratio=E.stranger_ratio(salon["attendance"]), summary=E.attendance_summary(salon),
        chain=E.invitation_chain(salon), flow=E.arrival_flow(salon),
        card=card, score=E.event_score(card), steps=E.target_steps(salon, card=card),
        sales=E.sales_after_event(salon), **kw)


def test_salon_recommendation_is_the_missed_target_only(salon):
    r = _salon_recommendations(salon)
    assert r.columns.tolist() == ["event_id", "area", "rule", "priority", "owner_id", "finding", "action"]
    assert r["area"].tolist() == ["target"]  # everything else meets the practice
    assert "新客户" in r.loc[0, "finding"]
    en = _salon_recommendations(salon, language="en")
    assert en.loc[0, "finding"].startswith("1 target(s) missed")
    assert en.loc[0, "finding"] == "1 target(s) missed: New customers"
    assert not CJK.search(en.loc[0, "finding"] + en.loc[0, "action"])


def test_recommendations_for_a_weak_event(edge):
    ratio = E.stranger_ratio(edge["attendance"].assign(is_bank_customer=[True, True, True, False, True, False]))
    flow = E.arrival_flow(edge)
    r = E.recommendations(ratio=ratio, flow=flow)
    e1 = r.loc[r["event_id"] == "E1"]
    # hand: 2 strangers of 4 = 50% < 70% → stranger_ratio; gaps of 17 and 10 minutes → flow
    assert e1["area"].tolist() == ["stranger_ratio", "flow"]
    assert r.loc[r["event_id"] == "E2", "area"].tolist() == ["keep"]
    assert e1["finding"].tolist()[1] == "出现 2 次 10 分钟以上无人到场的间隔（最长 17 分钟）"
    en = E.recommendations(ratio=ratio, flow=flow, language="en")
    assert en.loc[en["area"] == "flow", "action"].tolist() == ["a greeter keeps visitors coming to the booth: "
                                                               "no 10-minute gaps"]


def test_recommendations_name_the_role_of_a_missed_target_in_each_language(salon):
    card = pd.DataFrame({"event_id": "E1", "metric": ["invitations", "leads"], "role": ["teller", None],
                         "target": [2.0, 5.0], "actual": [1.0, 3.0], "attainment": [0.5, 0.6],
                         "passed": [False, False]})
    assert E.recommendations(card=card).loc[0, "finding"] == "2 项目标未达成：邀约数(柜员)、线索数"
    assert E.recommendations(card=card, language="en").loc[0, "finding"] == \
        "2 target(s) missed: Invitations(Teller), Leads"


def test_event_findings_list_the_edge_cases(edge):
    f = E.event_findings(edge)
    found = set(zip(f["event_id"], f["check"]))
    assert found == {("E1", "duplicate_checkins"), ("E1", "source_without_invitation"), ("E1", "host_absent"),
                     ("E2", "no_attendees")}
    assert f.set_index("check").loc["host_absent", "examples"] == "G2"


def test_event_findings_explain_in_both_languages(edge):
    zh = E.event_findings(edge).set_index("check")["detail"]
    en = E.event_findings(edge, language="en").set_index("check")["detail"]
    assert zh["duplicate_checkins"] == "只计一次（保留最早的签到）"
    assert en["duplicate_checkins"] == "counted once (earliest check-in kept)"
    assert not any(CJK.search(t) for t in en)


def test_salon_has_no_findings(salon):
    assert E.event_findings(salon).empty
