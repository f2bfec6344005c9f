"""The headline cards, the verdict and the action list: exact markup, escaping, both languages."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import ParameterError
from analysis.report.headline import Html, actions_block, headline_block, verdict_block

NAN = math.nan


def items(**over):
    row = {"measure": "stranger_ratio", "value": 0.816, "ci_low": 0.666, "ci_high": 0.908, "fmt": "pct",
           "previous": 0.764, "change_p": 0.41, "standard": 0.70, "flag": "ok"}
    row.update(over)
    return pd.DataFrame([row])


def test_card_in_chinese():
    assert str(headline_block(items(), "zh")) == (
        '<div class="headline" data-headline="1"><div class="card flag-ok">'
        '<div class="card-label">陌生客户占比</div>'
        '<div class="card-value">81.6%</div>'
        '<div class="card-ci">95% 区间 66.6%–90.8%</div>'
        '<div class="card-change">比上期 +5.2 个百分点 <span class="noise">（可能是偶然）</span></div>'
        '<div class="card-flag">✓ 达标（标准 70.0%）</div>'
        "</div></div>")


def test_card_in_english():
    assert str(headline_block(items(), "en")) == (
        '<div class="headline" data-headline="1"><div class="card flag-ok">'
        '<div class="card-label">Stranger ratio</div>'
        '<div class="card-value">81.6%</div>'
        '<div class="card-ci">95% CI 66.6%–90.8%</div>'
        '<div class="card-change">vs previous +5.2 pp <span class="noise">(could be noise)</span></div>'
        '<div class="card-flag">✓ meets the standard (70.0%)</div>'
        "</div></div>")


def test_below_standard_and_a_real_change():
    block = str(headline_block(items(value=0.60, ci_low=0.45, ci_high=0.73, previous=0.80, change_p=0.004,
                                     flag="below"), "zh"))
    assert '<div class="card flag-below">' in block
    assert '<div class="card-change">比上期 -20.0 个百分点</div>' in block  # p < 0.05: no noise mark
    assert '<div class="card-flag">▼ 低于标准 70.0%</div>' in block
    en = str(headline_block(items(value=0.60, previous=0.80, change_p=0.004, flag="below"), "en"))
    assert '<div class="card-change">vs previous -20.0 pp</div>' in en
    assert '<div class="card-flag">▼ below the standard (70.0%)</div>' in en


def test_counts_money_no_previous_no_interval_no_flag():
    df = pd.DataFrame([
        {"measure": "attendees", "value": 38, "ci_low": NAN, "ci_high": NAN, "fmt": "count", "previous": 41,
         "change_p": NAN, "standard": NAN, "flag": ""},
        {"measure": "deal_amount", "value": 6_123_400, "ci_low": NAN, "ci_high": NAN, "fmt": "yuan",
         "previous": NAN, "change_p": NAN, "standard": NAN, "flag": "warn"},
    ])
    assert str(headline_block(df, "zh")) == (
        '<div class="headline" data-headline="1">'
        '<div class="card"><div class="card-label">到场人数</div><div class="card-value">38</div>'
        '<div class="card-change">比上期 -3</div></div>'
        '<div class="card flag-warn"><div class="card-label">成交金额(元)</div><div class="card-value">612.3 万元</div>'
        '<div class="card-change">上期无数据</div><div class="card-flag">⚠ 需关注</div></div>'
        "</div>")


def test_standard_without_flag_and_warn_with_standard():
    assert '<div class="card-flag">标准 70.0%</div>' in str(headline_block(items(flag=""), "zh"))
    assert '<div class="card-flag">⚠ needs attention (standard 70.0%)</div>' in str(headline_block(items(flag="warn"), "en"))
    assert '<div class="card-flag">▲ 高于标准 70.0%</div>' in str(headline_block(items(flag="above"), "zh"))


def test_only_measure_and_value_are_required():
    df = pd.DataFrame({"measure": ["leads_open"], "value": [12]})
    # no previous column: the report compares with no earlier period, so the card has no change line
    assert str(headline_block(df, "en")) == (
        '<div class="headline" data-headline="1"><div class="card"><div class="card-label">Open leads</div>'
        '<div class="card-value">12</div></div></div>')
    # a previous column without a value: "no previous period"
    assert str(headline_block(df.assign(previous=NAN), "en")) == (
        '<div class="headline" data-headline="1"><div class="card"><div class="card-label">Open leads</div>'
        '<div class="card-value">12</div><div class="card-change">no previous period</div></div></div>')


def test_everything_is_escaped():
    df = items(measure="<script>x</script>", fmt="text", value="<b>&</b>", ci_low=NAN, ci_high=NAN, previous=NAN)
    block = str(headline_block(df, "zh"))
    assert "<script>" not in block and "<b>" not in block
    assert "&lt;script&gt;x&lt;/script&gt;" in block and "&lt;b&gt;&amp;&lt;/b&gt;" in block


def test_empty_and_too_many_and_bad_input():
    assert str(headline_block(items().iloc[:0], "zh")) == (
        '<div class="headline headline-empty" data-headline="1">本期没有可汇总的数据。</div>')
    with pytest.raises(ParameterError, match="at most 5"):
        headline_block(pd.concat([items()] * 6), "zh")
    with pytest.raises(ParameterError, match="flag 'bad'"):
        headline_block(items(flag="bad"), "zh")
    with pytest.raises(ParameterError, match="unknown format 'percent'"):
        headline_block(items(fmt="percent"), "zh")
    with pytest.raises(ParameterError, match="no column value"):
        headline_block(pd.DataFrame({"measure": ["x"]}), "zh")
    with pytest.raises(ParameterError, match="language"):
        headline_block(items(), "fr")


def test_html_object_shows_in_jupyter_and_never_as_a_python_repr():
    block = verdict_block("5 场低于 70% 标准")
    assert isinstance(block, Html)
    assert block._repr_html_() == str(block) == repr(block) == '<p class="verdict">5 场低于 70% 标准</p>'
    assert str(verdict_block("a < b & c")) == '<p class="verdict">a &lt; b &amp; c</p>'


def actions(n=2):
    rows = [
        {"rank": 2, "owner": "王芳（理财经理）", "action": "回访 5 位未成交客户", "due": pd.Timestamp("2026-10-03"),
         "reason": "72 小时内未出结果"},
        {"rank": 1, "owner": "李明（柜员）", "action": "下次活动邀约 1 位客户 <老客户>", "due": pd.NaT, "reason": None},
    ]
    rows += [{"rank": 3 + i, "owner": f"员工{i}（柜员）", "action": f"事项 {i}", "due": pd.Timestamp("2026-10-10"),
              "reason": ""} for i in range(n - 2)]
    return pd.DataFrame(rows)


def test_actions_in_rank_order_with_owner_due_and_reason():
    assert str(actions_block(actions(), "zh")) == (
        '<ol class="actions">'
        '<li><span class="owner">李明（柜员）</span>：<span class="what">下次活动邀约 1 位客户 &lt;老客户&gt;</span></li>'
        '<li><span class="owner">王芳（理财经理）</span>：<span class="what">回访 5 位未成交客户</span> '
        '<span class="due">截止 2026-10-03</span><span class="reason">原因：72 小时内未出结果</span></li>'
        "</ol>")
    assert str(actions_block(actions(), "en")) == (
        '<ol class="actions">'
        '<li><span class="owner">李明（柜员）</span>: <span class="what">下次活动邀约 1 位客户 &lt;老客户&gt;</span></li>'
        '<li><span class="owner">王芳（理财经理）</span>: <span class="what">回访 5 位未成交客户</span> '
        '<span class="due">due 2026-10-03</span><span class="reason">why: 72 小时内未出结果</span></li>'
        "</ol>")


def test_at_most_ten_actions_with_a_note_of_the_rest():
    block = str(actions_block(actions(13), "zh"))
    assert block.count("<li>") == 10
    assert block.endswith('</ol><p class="actions-more">（另有 3 项未列出）</p>')
    assert "事项 7" in block and "事项 8" not in block  # ranks 1..10 listed (事项 i has rank 3 + i)
    assert str(actions_block(actions(12), "en")).endswith('<p class="actions-more">(2 more not listed)</p>')


def test_no_actions():
    assert str(actions_block(actions().iloc[:0], "en")) == '<p class="actions-none">Nothing to act on in this period.</p>'
    with pytest.raises(ParameterError, match="no column owner"):
        actions_block(pd.DataFrame({"rank": [1], "action": ["x"]}), "zh")


def test_count_out_of_a_total_reads_n_of_m_in_both_languages():
    # hand count: 5 of 12 events below the 70% stranger-ratio standard (the standard of the ratio's own card)
    block = pd.concat([items(), items(measure="events_below_standard", value=5.0, ci_low=NAN, ci_high=NAN,
                                      fmt="count", previous=2.0, change_p=0.2, standard=NAN, flag="warn",
                                      out_of=12.0)], ignore_index=True)
    en, zh = str(headline_block(block, "en")), str(headline_block(block, "zh"))
    assert '<div class="card-value">5</div><div class="card-of">5 of 12 events below 70.0%</div>' in en
    assert '<div class="card-value">5</div><div class="card-of">12 场中 5 场低于 70.0%</div>' in zh
    assert en.count('class="card-of"') == 1  # the ratio's card has no total


def test_count_out_of_a_total_without_its_sentence_or_standard():
    alone = items(measure="events_below_standard", value=0.0, fmt="count", standard=NAN, flag="ok", out_of=3.0)
    assert '<div class="card-of">0 of 3</div>' in str(headline_block(alone, "en"))  # no ratio card: generic
    other = items(measure="leads", value=4.0, fmt="count", standard=NAN, flag="", out_of=9.0)
    assert '<div class="card-of">共 9 个，其中 4 个</div>' in str(headline_block(other, "zh"))
    assert "card-of" not in str(headline_block(items(out_of=NAN), "en"))


def test_events_headline_card_says_how_many_events_of_how_many(sample_dataset):
    from analysis import events, scope

    scoped = scope.for_branch(sample_dataset, "B01")
    h = events.headline(scoped).set_index("measure")
    ratio = events.stranger_ratio(scoped["attendance"].merge(scoped["events"][["event_id"]]), "event_id")
    rated, below = len(ratio), int((ratio["rate"] < 0.70).sum())  # counted independently of the headline
    assert (h.loc["events_below_standard", "out_of"], h.loc["events_below_standard", "value"]) == (rated, below)
    assert f"{below} of {rated} events below 70.0%" in str(headline_block(h.reset_index(), "en"))
