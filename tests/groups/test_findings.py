"""Tests of analysis.groups.findings: the headline, the verdict and the action list, against hand counts.

The headline uses the hand-built funnel of conftest.py (``funnel``: people a … h, days of September 2026)::

    person  mass  potential  elite  deal (within 3 days of the elite join)
    a       1     3          5      6
    b       1     2          4      — (the 9th is outside the window)
    c       1     —          —      (skipped potential)
    d       2     —          —      (potential before mass)
    e       1     11         —
    f       1     2          3      — (deal on the 2nd, before the elite join)
    h       1     2.5        2.5    5.5

The period is 3–12 September (as of the 12th, 00:00); the previous period of the same length is 24 August –
2 September.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.errors import ParameterError

Z = 1.959963984540054
START, END, AS_OF = "2026-09-03", "2026-09-12", "2026-09-12 00:00"


def wilson(x: int, n: int, z: float = Z) -> tuple[float, float]:
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def close(actual, expected, tol=1e-9):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


def t(day: float) -> pd.Timestamp:
    return pd.Timestamp("2026-09-01") + pd.Timedelta(days=day - 1)


def test_headline_by_hand(funnel):
    h = grp.headline(funnel, previous=funnel, period_start=START, period_end=END, as_of=AS_OF).set_index("measure")
    assert h.index.tolist() == list(grp.MEASURES)
    assert list(h.reset_index().columns) == ["measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p",
                                             "standard", "flag"]
    # mass → potential: at risk a c d e (b f h were in a potential group before the 3rd); a (3rd) and e (11th) moved
    close(h.loc["groups_step_potential", ["value", "ci_low", "ci_high"]], [0.5, *wilson(2, 4)])
    # potential → elite: at risk a b e f (h reached elite on the 2nd); a b f moved
    close(h.loc["groups_step_elite", ["value", "ci_low", "ci_high"]], [0.75, *wilson(3, 4)])
    # elite → deal: a b f joined elite from the 3rd, at least 3 days before as of; a closed within 3 days
    close(h.loc["groups_step_deal", ["value", "ci_low", "ci_high"]], [1 / 3, *wilson(1, 3)])
    # groups to act on: no message at all, so every group is silent 11 days after creation
    assert h.loc["groups_to_act", "value"] == 4 and h.loc["groups_to_act", "flag"] == "warn"
    assert h.loc["groups_to_act", "standard"] == 0 and h.loc["groups_to_act", "fmt"] == "count"
    # members of the potential and elite groups in the last 7 days: P1 a b d e f g h, E1 a b c f g h; none posted
    close(h.loc["groups_active_share", ["value", "ci_low", "ci_high"]], [0.0, *wilson(0, 13)])
    # the previous period (24 Aug – 2 Sep, as of 2 Sep 23:59): mass → potential 3/7 (b f h), potential → elite 1/3
    # (h), no elite join 3 days before its end, no group due yet, P1 b d f g h and E1 h in the last week
    close(h["previous"], [3 / 7, 1 / 3, np.nan, 0.0, 0.0])
    # Fisher's exact p (small counts): 2/4 vs 3/7 → the observed table is the most likely one, p = 1;
    # 3/4 vs 1/3 → hypergeometric probabilities 4, 18, 12, 1 (/35): p = (4 + 12 + 1) / 35
    close(h["change_p"], [1.0, 17 / 35, np.nan, np.nan, 1.0])
    assert h["flag"].tolist() == ["", "", "", "warn", ""]
    assert h.loc["groups_step_potential", "fmt"] == "pct"


def test_headline_flags_a_fall_and_leaves_the_change_empty_without_a_previous_period(funnel):
    none = grp.headline(funnel, period_start=START, period_end=END, as_of=AS_OF)
    assert none["previous"].isna().all() and none["change_p"].isna().all()
    # open period: the cumulative funnel (7 at mass; a b e f h reached potential by the 12th)
    open_ = grp.headline(funnel, as_of=AS_OF).set_index("measure")
    close(open_.loc["groups_step_potential", "value"], 5 / 7)
    with pytest.raises(ParameterError, match="silent_days"):
        grp.headline(funnel, silent_days=0)
    with pytest.raises(ParameterError, match="period_start"):
        grp.headline(funnel, period_start="not a date")


def test_verdict_sentences():
    def items(**rows):
        base = {m: dict(value=np.nan, ci_low=np.nan, ci_high=np.nan, previous=np.nan, change_p=np.nan, flag="")
                for m in grp.MEASURES}
        for m, v in rows.items():
            base[m].update(v)
        return pd.DataFrame([{"measure": m, **v} for m, v in base.items()])

    fell = items(groups_step_elite=dict(value=0.1, previous=0.3, change_p=0.0004, flag="warn"),
                 groups_to_act=dict(value=2.0, flag="warn"))
    assert grp.verdict(fell, "en") == ("Potential → elite group fell from 30.0% to 10.0%, more than noise (p-value "
                                       "< 0.001); 2 group(s) need action now.")
    assert grp.verdict(fell, "zh") == "潜在客户群→精英群从上期的 30.0% 降到 10.0%，不像是偶然（p 值 < 0.001）；2 个群今天就要处理（解散或激活）。"
    rose = items(groups_step_potential=dict(value=0.2, previous=0.1, change_p=0.01), groups_to_act=dict(value=0.0))
    assert grp.verdict(rose, "en").startswith("Mass → potential group rose from 10.0% to 20.0%")
    assert grp.verdict(rose, "en").endswith("; no group needs action.")
    steady = items(groups_step_deal=dict(value=0.25, ci_low=0.1, ci_high=0.5, previous=0.2, change_p=0.6),
                   groups_to_act=dict(value=0.0))
    assert grp.verdict(steady, "en", deal_window_days=3).startswith("No funnel step changed beyond noise")
    first = items(groups_step_deal=dict(value=0.25, ci_low=0.1, ci_high=0.5), groups_to_act=dict(value=1.0))
    assert grp.verdict(first, "zh") == "进精英群的人 3 天内成交 25.0%（95% 区间 10.0%–50.0%）；1 个群今天就要处理（解散或激活）。"
    assert grp.verdict(items(), "en").startswith("Nobody in this period's funnel joined an elite group")


@pytest.fixture
def practice(life) -> dict:
    """The lifecycle world of conftest.py plus a mass group M9 where q asked two days before as of, and names."""
    from tests.groups.conftest import L_GROUPS, L_MEMBERS, L_MESSAGES

    g = pd.concat([L_GROUPS, pd.DataFrame({"group_id": ["M9"], "branch_id": ["B1"], "tier": ["mass"],
                                           "owner_staff_id": [None], "created_at": [t(1)],
                                           "dissolved_at": [pd.NaT]})], ignore_index=True)
    m = pd.concat([L_MEMBERS, pd.DataFrame({"group_id": ["M9", "M9"], "person_id": ["q", "r"],
                                            "joined_at": [t(2), t(2)]})], ignore_index=True)
    msg = pd.concat([L_MESSAGES, pd.DataFrame({"group_id": ["M9", "M9"], "person_id": ["q", "r"],
                                               "sent_at": [pd.Timestamp("2026-09-18 09:00"),
                                                           pd.Timestamp("2026-09-20 10:00")],
                                               "kind": ["question", "question"]})], ignore_index=True)
    staff = pd.DataFrame({"staff_id": ["S1", "S2", "S3"], "name": ["张伟", "王芳", "李娜"],
                          "role": ["branch_head", "wealth_manager", "wealth_manager"]})
    return {**life, "wechat_groups": g, "group_members": m, "group_messages": msg, "staff": staff}


def test_actions_by_hand(practice):
    a = grp.actions(practice, as_of="2026-09-20 12:00", language="zh")
    assert list(a.columns) == ["rank", "owner", "action", "due", "reason"]
    # E1 (S3) elite without a deal 5 days; P1 (S2) potential without a promotion 19 days — also silent 15 days,
    # listed once; q asked in M9 51 hours ago (r only 2 hours ago: not yet due); P3 (S2) silent 10 days
    assert a["rank"].tolist() == [1, 2, 3, 4]
    assert a["owner"].tolist() == ["李娜（理财经理）", "王芳（理财经理）", "张伟（网点负责人）", "王芳（理财经理）"]
    assert a["action"].tolist() == [
        "解散 1 个精英群：E1", "解散 1 个潜在客户群：P1",
        "把在大众群 M9 提问后还没拉出来的 1 位客户拉进潜在客户群或加为好友：q",
        "给 1 个群换内容激活，或解散：P3"]
    assert a["reason"].tolist()[:2] == ["建群 5 天仍无成交（规则：3 天内要有成交）",
                                        "建群 19 天没有一个人升入精英群（规则：14 天内要有人升级）"]
    assert a["reason"].iloc[2] == "提问已超过 24 小时仍未拉出（最久 2.1 天）；做法是提问当天就私聊或拉群"
    assert (a["due"] == pd.Timestamp("2026-09-21")).all()
    en = grp.actions(practice, as_of="2026-09-20 12:00", language="en", limit=2)
    assert en["owner"].tolist() == ["李娜 (Wealth manager)", "王芳 (Wealth manager)"]
    assert en["action"].iloc[0] == "Dissolve 1 elite group(s): E1"
    # one owner: only S2's groups (and S2's askers: none)
    assert grp.actions(practice, as_of="2026-09-20 12:00", owner_staff_id="S2")["action"].str.contains("P").all()


def test_actions_group_and_count_many_groups(practice):
    # six silent potential groups of one owner form one item listing five and the count of the rest
    g = pd.DataFrame({"group_id": [f"Q{i}" for i in range(6)], "branch_id": ["B1"] * 6, "tier": ["potential"] * 6,
                      "owner_staff_id": ["S2"] * 6, "created_at": [t(10 + i / 10) for i in range(6)],
                      "dissolved_at": [pd.NaT] * 6})
    a = grp.actions(wechat_groups=g, group_members=practice["group_members"].iloc[:0], staff=practice["staff"],
                    as_of="2026-09-20 12:00", language="en")
    assert len(a) == 1 and a.loc[0, "action"] == ("Re-engage 6 group(s) with new content, or dissolve: Q0, Q1, Q2, Q3, "
                                                  "Q4 and 1 more")
    assert a.loc[0, "reason"] == "nobody posted for 10 days (rule: new content or an end after 7 silent days)"
    assert grp.actions(wechat_groups=g.iloc[:0], group_members=practice["group_members"].iloc[:0]).empty
