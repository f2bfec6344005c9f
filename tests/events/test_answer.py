"""Tests of analysis.events.answer: the headline numbers, the verdict, the ranked action list (issue 14).

Current period: the salon case; previous period: the edge events (conftest.py). "# R:" constants are R's
(calls beside them, also in events_reference.R); "# hand:" counts from the literal tables.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
from analysis.errors import ParameterError

T = pd.Timestamp
TOL = 1e-9
Z95 = 1.959963984540054  # R: qnorm(0.975)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


@pytest.fixture
def items(salon, edge):
    return E.headline(salon, previous=edge).set_index("measure")


def test_headline_columns_and_order(salon, edge):
    h = E.headline(salon, previous=edge)
    assert h.columns.tolist() == ["measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p", "standard",
                                  "flag", "out_of"]
    assert h["measure"].tolist() == ["stranger_ratio", "events_below_standard", "show_up_rate",
                                     "attendance_over_plan", "sales_72h"]
    assert h["fmt"].tolist() == ["pct", "count", "pct", "pct", "yuan"]


def test_headline_stranger_ratio_against_the_previous_period(items):
    r = items.loc["stranger_ratio"]
    # hand: 31 of 38 now; previous E1: A (customer), G1, G2, D, W → 4 of 5 (E2 had nobody)
    close([r["value"], r["previous"], r["standard"]], [31 / 38, 4 / 5, 0.70])
    # R: prop.test(31, 38, correct = FALSE)$conf.int ; fisher.test(matrix(c(31, 7, 4, 1), 2, byrow = TRUE))$p.value
    close([r["ci_low"], r["ci_high"]], [0.665811419288686, 0.907782348147787])
    close(r["change_p"], 1.0)
    assert r["flag"] == "ok"


def test_headline_events_below_and_show_up(items):
    b = items.loc["events_below_standard"]
    assert (b["value"], b["previous"], b["flag"]) == (0.0, 0.0, "ok")
    s = items.loc["show_up_rate"]
    # hand: staff 7 of 7 and partner 16 of 20 now; previous A came, B and X did not (D had no invitation)
    close([s["value"], s["previous"]], [23 / 27, 1 / 3])
    # R: fisher.test(matrix(c(23, 4, 1, 2), 2, byrow = TRUE))$p.value
    close(s["change_p"], 0.0935960591133006)
    assert (s["standard"], s["flag"]) == (0.6, "ok")


def test_headline_attendance_over_plan_is_a_poisson_rate(items):
    o = items.loc["attendance_over_plan"]
    # hand: 38 came to a salon planned for 30; previously 5 + 0 for 4 + 2 planned
    close([o["value"], o["previous"]], [38 / 30, 5 / 6])
    # R: poisson.test(38, 30)$conf.int ; poisson.test(c(38, 5), c(30, 6))$p.value
    close([o["ci_low"], o["ci_high"]], [0.896368721506538, 1.738598963975321])
    close(o["change_p"], 0.537806299424695)
    assert o["flag"] == "ok"


def test_headline_sales_within_72_hours(items, salon):
    s = items.loc["sales_72h"]
    amounts = [2_000_000.0, 1_500_000.0, 1_000_000.0, 800_000.0, 500_000.0, 300_000.0] + [0.0] * 32
    sd = statistics.stdev(amounts)
    assert (s["value"], s["previous"]) == (6_100_000.0, 0.0)  # the edge attendees bought nothing
    close([s["ci_low"], s["ci_high"]], [max(6_100_000 - Z95 * math.sqrt(38) * sd, 0), 6_100_000 + Z95 * math.sqrt(38) * sd],
          tol=1e-3)
    # hand: z = 6.1 million / sqrt(38 sd²) (the previous total is 0 with no spread); p = erfc(z / sqrt 2)
    z = 6_100_000 / math.sqrt(38 * sd ** 2)
    close(s["change_p"], math.erfc(z / math.sqrt(2)), tol=1e-12)


def test_headline_without_previous_and_without_data(salon):
    h = E.headline(salon)
    assert h["previous"].isna().all() and h["change_p"].isna().all()
    assert E.headline({**salon, "events": salon["events"].iloc[:0]}).empty
    no_deals = {k: v for k, v in salon.items() if k != "deals"}
    assert "sales_72h" not in set(E.headline(no_deals)["measure"])
    with pytest.raises(ParameterError, match="previous"):
        E.headline(salon, previous=[1, 2])


def test_headline_flags_below_the_standard(salon):
    h = E.headline(salon, standard=0.85).set_index("measure")
    assert h.loc["stranger_ratio", "flag"] == "below"
    assert (h.loc["events_below_standard", "value"], h.loc["events_below_standard", "flag"]) == (1.0, "warn")


def test_verdict_in_both_languages(salon, edge):
    h = E.headline(salon, previous=edge)
    assert E.verdict(h, "zh") == ("陌生客户占比 81.6%（95% 区间 66.6%–90.8%），每场活动都达到 70.0% 标准；"
                                  "72 小时内到场客户成交 610.0 万元。")
    assert E.verdict(h, "en") == ("Stranger ratio 81.6% (95% CI 66.6%–90.8%): meets the 70.0% standard at every event; "
                                  "sales to attendees within 72 hours: 6,100,000 yuan.")
    low = E.headline(salon, standard=0.85)
    assert E.verdict(low, "zh").startswith("陌生客户占比 81.6%（95% 区间 66.6%–90.8%），低于 85.0% 标准，1 场活动低于标准")
    assert E.verdict(h.iloc[:0], "en").startswith("No check-ins")


def test_verdict_names_a_change_that_is_more_than_noise():
    h = pd.DataFrame({"measure": ["stranger_ratio"], "value": [0.8], "ci_low": [0.7], "ci_high": [0.9], "fmt": ["pct"],
                      "previous": [0.6], "change_p": [0.01], "standard": [0.7], "flag": ["ok"]})
    assert E.verdict(h, "en") == "Stranger ratio 80.0% (95% CI 70.0%–90.0%), up 20.0% on the previous period: " \
                                 "meets the 70.0% standard at every event."


# ---------------------------------------------------------------------------
# the action list: two salons below the standard, one where a colleague covered (兜底), one short
# ---------------------------------------------------------------------------

STAFF = pd.DataFrame({"staff_id": [f"B01-S0{i}" for i in range(1, 10)], "branch_id": "B01",
                      "name": ["李强", "周敏", "王芳", "陈杰", "刘洋", "赵六", "孙丽", "吴磊", "郑爽"],
                      "role": ["branch_head", "ops_supervisor", "wealth_manager", "wealth_manager", "lobby_manager",
                               "teller", "teller", "account_manager", "account_manager"]})


def _two_salons():
    ev = pd.DataFrame({"event_id": ["X1", "X2"], "branch_id": "B01", "kind": "salon", "theme": ["理财", "养老"],
                       "starts_at": [T("2026-09-05 14:00"), T("2026-09-19 14:00")],
                       "ends_at": [T("2026-09-05 15:30"), T("2026-09-19 15:30")], "cost": 1000.0,
                       "planned_invites": [None, None]})
    inv, att = [], []
    # X1: S06 invites nobody, S03 invites two (8 in all); X2: S06 invites nobody and nobody covers (6)
    for eid, inviters in (("X1", ["S03", "S03", "S04", "S05", "S07", "S08", "S09"]),
                          ("X2", ["S03", "S04", "S05", "S07", "S08", "S09"])):
        for i, s in enumerate(inviters + (["S03"] if eid == "X1" else [])):
            if eid == "X1" and i == 7:
                break
            inv.append((eid, "staff", f"B01-{s}", f"{eid}-C{i}"))
        n = len([r for r in inv if r[0] == eid])
        for i in range(n):  # every invitee (a customer) brings a customer
            at = ev.set_index("event_id").loc[eid, "starts_at"] - pd.Timedelta(minutes=5)
            att += [(eid, f"{eid}-C{i}", at, "staff_invite", None, True),
                    (eid, f"{eid}-G{i}", at, "brought_along", f"{eid}-C{i}", True)]
        att.append((eid, f"{eid}-W", at, "walk_in", None, False))
    inv = pd.DataFrame(inv, columns=["event_id", "inviter_kind", "inviter_id", "person_id"])
    att = pd.DataFrame(att, columns=["event_id", "person_id", "arrived_at", "source", "brought_by", "is_bank_customer"])
    return {"events": ev, "invitations": inv.assign(invited_at=T("2026-09-01 10:00")), "attendance": att,
            "staff": STAFF}


def test_the_two_salons_as_built():
    t = _two_salons()
    assert t["invitations"].groupby("event_id").size().to_dict() == {"X1": 7, "X2": 6}
    assert t["attendance"].groupby("event_id").size().to_dict() == {"X1": 15, "X2": 13}


def test_actions_are_grouped_owned_and_dated():
    a = E.actions(_two_salons())
    assert a.columns.tolist() == ["rank", "owner", "action", "due", "reason"]
    assert a["rank"].tolist() == [1, 2]
    # hand: 1 stranger of 15 (6.7%) and 1 of 13 (7.7%): one action for both events, owned by the branch head
    assert a.loc[0, "owner"] == "李强（网点负责人）"
    assert a.loc[0, "reason"] == "2 场活动陌生客户占比低于 70.0% 标准：X1（6.7%）、X2（7.7%）"
    assert a.loc[0, "action"] == "多请合作方邀约其客户；员工邀约的老客户每人至少带一位尚未在本行开户的朋友"
    # hand: X1 is covered by 王芳 (兜底, no finding); at X2 the teller 赵六 invited nobody and nobody covered
    assert a.loc[1, "owner"] == "赵六（柜员）"
    assert a.loc[1, "reason"].endswith("：X2")
    # due: before the next event, none on the calendar: as of the end of X2 (19 Sep 15:30) + 7 days
    assert a["due"].tolist() == [T("2026-09-26"), T("2026-09-26")]


def test_actions_in_english_and_with_a_limit():
    a = E.actions(_two_salons(), language="en", limit=1)
    assert len(a) == 1 and a.loc[0, "owner"] == "李强 (Branch head)"
    assert a.loc[0, "reason"] == "2 event(s) below the 70.0% stranger-ratio standard: X1 (6.7%), X2 (7.7%)"


def test_actions_due_before_the_next_event_on_the_calendar():
    t = _two_salons()
    a = E.actions(t, as_of="2026-09-10 09:00")
    assert set(a["due"]) == {T("2026-09-19")}  # X2 starts on 19 September


def test_follow_up_actions_are_due_within_24_hours_of_the_event(salon):
    nothing = salon["deals"].iloc[:0]
    a = E.actions({**salon, "deals": nothing}, language="en")
    row = a.loc[a["reason"].str.startswith("1 event(s) with no sale")].iloc[0]
    assert row["due"] == T("2026-07-19")  # the salon ended on 18 July 15:30
    assert row["owner"] == "B01-S03 (Wealth manager), B01-S04 (Wealth manager)"  # who follows up its leads


def test_no_sentence_repeats_however_many_events():
    t = _two_salons()
    ev = pd.concat([t["events"].assign(event_id=t["events"]["event_id"] + f"-{k}",
                                       starts_at=t["events"]["starts_at"] + pd.Timedelta(days=30 * k),
                                       ends_at=t["events"]["ends_at"] + pd.Timedelta(days=30 * k)) for k in range(11)])
    many = {"events": ev, "staff": STAFF,
            "invitations": pd.concat([t["invitations"].assign(event_id=t["invitations"]["event_id"] + f"-{k}")
                                      for k in range(11)]),
            "attendance": pd.concat([t["attendance"].assign(event_id=t["attendance"]["event_id"] + f"-{k}",
                                                            arrived_at=t["attendance"]["arrived_at"]
                                                            + pd.Timedelta(days=30 * k)) for k in range(11)])}
    a = E.actions(many)
    assert len(a) == 2 and a["action"].is_unique
    assert a.loc[0, "reason"].startswith("22 场活动陌生客户占比低于 70.0% 标准：") and a.loc[0, "reason"].endswith("等 16 场")


def test_actions_without_events():
    t = _two_salons()
    assert E.actions({**t, "events": t["events"].iloc[:0]}).empty


def test_previous_data_of_one_event(salon, edge, both):
    assert E.previous_data(both, "", previous=edge) is edge
    # hand: three salons of B01 — B01-E03 (18 July), E1 (1 August), E2 (8 August)
    assert E.previous_data(both, "E2")["events"]["event_id"].tolist() == ["E1"]
    prev = E.previous_data(both, "E1")
    assert prev["events"]["event_id"].tolist() == ["B01-E03"] and len(prev["attendance"]) == 38
    assert E.previous_data(both, "B01-E03") is None


def test_english_actions_on_the_sample_have_no_chinese(sample_tables):
    import re

    cjk = re.compile(r"[\u4e00-\u9fff]")
    a = E.actions(sample_tables, language="en")
    assert 0 < len(a) <= 10 and a["action"].is_unique
    # staff names are data (employees' names, Chinese in English mode too): everything else is English
    names = re.compile("|".join(sorted(sample_tables["staff"]["name"].dropna(), key=len, reverse=True)))
    for c in ("owner", "action", "reason"):
        assert not any(cjk.search(names.sub("", v)) for v in a[c]), (c, a[c].tolist())
    assert a["owner"].str.contains(r"\(Branch head\)").any()
