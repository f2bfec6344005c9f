"""Tests of analysis.groups.askers: askers pulled out of the mass group, against hand counts.

The world below (times in September 2026, ``as_of`` the 10th at 09:00)::

    person  first question (mass group)      pulled                                   speed
    a       M1  2 Sept 10:00 (again on the 5th) joins P1 2 Sept 10:20 (20 min)          quick
    b       M1  3 Sept 09:00                    never (168 h observed)                   never
    c       M1  4 Sept 12:00                    a lead captured 4 Sept 18:00 (6 h)       quick (via lead)
    d       M2  5 Sept, a daily count (00:00)   joins P1 7 Sept 12:00 (60 h)             late, day level
    e       M1  3 Sept                          joined P1 on the 2nd: already pulled     left out
    f       M1  9 Sept 20:00                    not yet (13 h)                           waiting
    g       M2  6 Sept 08:00                    joins elite E1 6 Sept 09:30 (1.5 h)      quick
    h       only a text message                                                          not an asker
    i       a question in the potential group P1 only                                    not an asker

Deals: a on the 5th, d on the 6th 12:00, c on the 20th (after ``as_of``: not seen).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.errors import ParameterError

Z = 1.959963984540054  # qnorm(0.975)
AS_OF = "2026-09-10 09:00"


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(f"2026-09-{text}")


def wilson(x: int, n: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval by its formula (R's prop.test(x, n, correct = FALSE)$conf.int)."""
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def close(actual, expected, tol=1e-9):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


GROUPS = pd.DataFrame({"group_id": ["M1", "M2", "P1", "E1"], "tier": ["mass", "mass", "potential", "elite"],
                       "owner_staff_id": ["S1", None, "S2", "S3"], "created_at": [ts("01 08:00")] * 4})
MEMBERS = pd.DataFrame(
    [("M1", "a", "01 09:00", None), ("P1", "a", "02 10:20", "M1"), ("M1", "b", "01 09:00", None),
     ("M1", "c", "01 09:00", None), ("M2", "d", "01 09:00", None), ("P1", "d", "07 12:00", "M2"),
     ("M1", "e", "01 09:00", None), ("P1", "e", "02 12:00", "M1"), ("M1", "f", "01 09:00", None),
     ("M2", "g", "01 09:00", None), ("E1", "g", "06 09:30", "M2"), ("M1", "h", "01 09:00", None),
     ("P1", "i", "01 09:00", None)],
    columns=["group_id", "person_id", "joined_at", "from_group_id"]).assign(
    joined_at=lambda d: d["joined_at"].map(ts))
MESSAGES = pd.DataFrame(
    [("M1", "a", "02 10:00", "question", 1), ("M1", "a", "05 11:00", "question", 1),
     ("M1", "b", "03 09:00", "question", 1), ("M1", "c", "04 12:00", "question", 1),
     ("M2", "d", "05 00:00", "question", 2), ("M1", "e", "03 15:00", "question", 1),
     ("M1", "f", "09 20:00", "question", 1), ("M2", "g", "06 08:00", "question", 1),
     ("M1", "h", "04 10:00", "text", 3), ("P1", "i", "04 10:00", "question", 1), ("M1", None, "04 10:00", "question", 1)],
    columns=["group_id", "person_id", "sent_at", "kind", "messages"]).assign(sent_at=lambda d: d["sent_at"].map(ts))
LEADS = pd.DataFrame({"lead_id": ["L1", "L2"], "person_id": ["c", "b"],
                      "captured_at": [ts("04 18:00"), ts("02 09:00")]})  # b's lead is before the question
DEALS = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "person_id": ["a", "d", "c"],
                      "closed_at": [ts("05 09:00"), ts("06 12:00"), ts("20 09:00")]})


@pytest.fixture
def world() -> dict:
    return {"wechat_groups": GROUPS.copy(), "group_members": MEMBERS.copy(), "group_messages": MESSAGES.copy(),
            "leads": LEADS.copy(), "deals": DEALS.copy()}


def test_askers_by_hand(world):
    a = grp.askers(world, as_of=AS_OF).set_index("person_id")
    assert a.index.tolist() == ["a", "b", "c", "d", "g", "f"]  # by question time; e already pulled, h, i not askers
    assert a["speed"].tolist() == ["quick", "never", "quick", "late", "quick", "waiting"]
    assert a.loc["a", "asked_at"] == ts("02 10:00")  # the first question
    close(a["hours_to_pull"], [1 / 3, np.nan, 6.0, 60.0, 1.5, np.nan])
    close(a["observed_hours"], [1 / 3, 168.0, 6.0, 60.0, 1.5, 13.0])
    assert a["pulled"].tolist() == [True, False, True, True, True, False]
    assert a["pulled_via"].fillna("none").tolist() == ["group", "none", "lead", "group", "group", "none"]
    assert a["pulled_to"].fillna("").tolist() == ["P1", "", "", "P1", "E1", ""]
    assert a["day_level"].tolist() == [False, False, False, True, False, False]
    assert a["group_id"].tolist() == ["M1", "M1", "M1", "M2", "M2", "M1"]
    assert a["owner_staff_id"].fillna("").tolist() == ["S1", "S1", "S1", "", "", "S1"]
    # deals after the question within 30 days (c's deal is after as_of); no window is complete yet
    assert a["deal_in_window"].tolist() == [True, False, False, True, False, False]
    assert not a["window_complete"].any()


def test_askers_of_one_owner_and_the_parameters(world):
    assert grp.askers(world, as_of=AS_OF, owner_staff_id="S1")["person_id"].tolist() == ["a", "b", "c", "f"]
    # pull_hours 0.25 (15 min): a (20 min) is late now; c's 6 h too
    a = grp.askers(world, as_of=AS_OF, pull_hours=0.25)
    assert a["speed"].tolist() == ["late", "never", "late", "late", "late", "never"]
    # without leads c is never pulled
    assert grp.askers(world, leads=LEADS.iloc[:0], as_of=AS_OF).set_index("person_id").loc["c", "speed"] == "never"
    with pytest.raises(ParameterError, match="pull_hours"):
        grp.askers(world, pull_hours=0)
    with pytest.raises(ParameterError, match="deal_days"):
        grp.askers(world, deal_days=-1)


def test_asker_summary_by_hand(world):
    s = grp.asker_summary(grp.askers(world, as_of=AS_OF))
    assert s[["askers", "past_day", "quick", "pulled_any", "never"]].iloc[0].tolist() == [6, 5, 3, 4, 1]
    close(s[["rate", "ci_low", "ci_high"]].iloc[0], [0.6, *wilson(3, 5)])
    # Kaplan-Meier: pulls at 1/3, 1.5, 6 (S = 5/6, 4/6, 1/2), censored 13, pull at 60, censored 168; S sits on
    # 1/2 from 6 to 60: the median is the midpoint, 33 hours (R: quantile(survfit(Surv(t, e) ~ 1), 0.5))
    close(s["median_hours"], [33.0])
    by = grp.asker_summary(grp.askers(world, as_of=AS_OF), by="group_id").set_index("group_id")
    assert by.loc["M1", ["askers", "past_day", "quick"]].tolist() == [4, 3, 2]
    assert by.loc["M2", ["askers", "past_day", "quick", "never"]].tolist() == [2, 2, 1, 0]


def test_pull_curve_by_hand(world):
    c = grp.pull_curve(grp.askers(world, as_of=AS_OF))
    close(c["hours"], [0.0, 1 / 3, 1.5, 6.0, 60.0])
    assert c["at_risk"].tolist() == [6, 6, 5, 4, 2] and c["pulled_now"].tolist() == [0, 1, 1, 1, 1]
    close(c["rate"], [0.0, 1 / 6, 2 / 6, 0.5, 0.75])
    # Greenwood at 6 h: var S = 0.25 * (1/30 + 1/20 + 1/12); log interval of S, capped at 1
    se_log = math.sqrt(0.25 * (1 / 30 + 1 / 20 + 1 / 12)) / 0.5
    close(c.loc[3, ["ci_low", "ci_high"]], [0.0, 1 - 0.5 * math.exp(-Z * se_log)])
    assert (c["askers"] == 6).all()
    assert grp.pull_curve(grp.askers(world, as_of=AS_OF).iloc[[1]]).empty  # nobody pulled: no curve


def test_asker_conversion_quick_vs_late_by_hand(world):
    # with a 3-day window, askers who asked by 7 Sept 09:00 are complete: a b c d g (not f)
    a = grp.askers(world, as_of=AS_OF, deal_days=3)
    out = grp.asker_conversion(a).set_index("speed")
    # quick a c g: a bought within 3 days (2.96 days) → 1/3; late d: 1/1 (1.5 days); never b: 0/1
    assert out[["askers", "converted"]].to_numpy().tolist() == [[3, 1], [1, 1], [1, 0]]
    close(out["rate"], [1 / 3, 1.0, 0.0])
    close(out.loc["quick", ["ci_low", "ci_high"]], wilson(1, 3))
    # late vs quick: +2/3; Newcombe's interval from the two Wilson intervals; Fisher's exact p (small counts):
    # the hypergeometric tables of (late 1 of 1, quick 1 of 3) have probabilities 1/2 and 1/2 → p = 1
    lo1, hi1 = wilson(1, 1)
    lo2, hi2 = wilson(1, 3)
    d = 1.0 - 1 / 3
    close(out.loc["late", ["vs_quick", "vs_quick_ci_low", "vs_quick_ci_high", "p_value"]],
          [d, d - math.sqrt((1 - lo1) ** 2 + (hi2 - 1 / 3) ** 2), d + math.sqrt((hi1 - 1) ** 2 + (1 / 3 - lo2) ** 2),
           1.0])
    assert out.loc["quick", ["vs_quick", "p_value"]].isna().all()


def test_askers_sentence(world):
    a = grp.askers(world, as_of=AS_OF, deal_days=3)
    s, c = grp.asker_summary(a), grp.asker_conversion(a)
    assert grp.askers_sentence(s, language="en") == (
        "6 people asked in a mass group: **60.0% were pulled out within 24 hours** (95% CI 23.1%–88.2%); "
        "1 still not pulled.")
    zh = grp.askers_sentence(s, c, deal_days=3, language="zh")
    assert zh.startswith("6 人在大众群提问：**60.0% 在 24 小时内被拉出**")
    assert "提问后 3 天内成交：一天内拉出的 33.3%，更晚才拉出的 100.0%" in zh and "数据还不足以说明" in zh
    empty = grp.asker_summary(grp.askers(world, group_messages=MESSAGES.iloc[:0], as_of=AS_OF))
    assert empty["askers"].tolist() == [0] and np.isnan(empty["rate"].iloc[0])
    assert grp.askers_sentence(empty, language="en").startswith("Nobody asked a question")


def test_askers_without_leads_deals_or_kinds():
    g, m = GROUPS.copy(), MEMBERS.copy()
    msg = MESSAGES.drop(columns="kind")  # no kind: every row is text, nobody asked
    assert grp.askers(wechat_groups=g, group_members=m, group_messages=msg, as_of=AS_OF).empty
    a = grp.askers(wechat_groups=g, group_members=m, group_messages=MESSAGES, as_of=AS_OF)
    assert not a["deal_in_window"].any() and a["speed"].tolist()[:2] == ["quick", "never"]
