"""Tests of analysis.followup.answer: the headline numbers, the verdict, the morning action list.

On the hand-built leads of conftest.py (worked out there), evaluated at as_of = T0 + 124 h. Intervals and
the tests of the change against R (``Rscript tests/followup/followup_reference.R``, section "the answer
first"; every "# R:" constant was printed by it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import report
from analysis.errors import ParameterError
from analysis.followup import actions, headline, previous_as_of, verdict

TOL = 1e-9
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_headline_counted_by_hand(leads):
    h = headline(leads=leads, as_of=AS_OF).set_index("measure")
    assert list(h.index) == ["first_contact_24h", "resolved_72h", "overdue_leads", "win_rate_72h"]
    assert list(h.reset_index().columns) == ["measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p",
                                             "standard", "flag"]
    # 5 of 10 and 3 of 8 (conftest.py); R: prop.test(5, 10) and prop.test(3, 8), correct = FALSE
    close(h.loc["first_contact_24h", ["value", "ci_low", "ci_high"]], [0.5, 0.236593090512564, 0.763406909487436])
    close(h.loc["resolved_72h", ["value", "ci_low", "ci_high"]], [0.375, 0.136844285823597, 0.694257605397373])
    # overdue now: L04 (never called, 124 h), L05 (called, no result after 124 h), L08 (not called, 30 h),
    # L12 (unassigned, 124 h) — not L06 (10 h) nor L07 (called, 30 h): 4
    assert h.loc["overdue_leads", "value"] == 4 and np.isnan(h.loc["overdue_leads", "ci_low"])
    # win rate of the leads past 72 h (captured at 0 h: L01 L02 L03 L04 L05 L11 L12): won L01 L03 → 2 of 7
    # R: prop.test(2, 7, correct = FALSE)$conf.int
    close(h.loc["win_rate_72h", ["value", "ci_low", "ci_high"]], [2 / 7, 0.0822189240040568, 0.6410655481673806])
    assert h["flag"].tolist() == ["below", "below", "above", ""]
    assert h["fmt"].tolist() == ["pct", "pct", "count", "pct"]
    close(h["standard"].iloc[:3], [1.0, 1.0, 0.0])
    assert h["previous"].isna().all() and h["change_p"].isna().all()


def test_headline_against_the_previous_period(leads):
    prev = leads.loc[leads["lead_id"].isin(["L01", "L02", "L05", "L07", "L09"])]
    # previous: first contact met L01 L02 L05 L07 L09 → 5/5; result met L01 L02 L09, late L05, pending L07 → 3/4;
    # overdue L05 (of 5 captured); past 72 h L01 L02 L05, won L01 → 1/3
    h = headline(leads=leads, previous=prev, as_of=AS_OF, previous_as_of=AS_OF).set_index("measure")
    close(h["previous"], [1.0, 0.75, 1.0, 1 / 3])
    # R: fisher.test(matrix(c(5, 5, 5, 0), 2)), (c(3, 5, 3, 1)), (c(4, 7, 1, 4)), (c(2, 5, 1, 2))
    close(h["change_p"], [0.100899100899101, 0.545454545454546, 1.0, 1.0])
    # a data set with a leads table works as well as the table
    h2 = headline({"leads": leads}, previous={"leads": prev}, as_of=AS_OF, previous_as_of=AS_OF)
    pd.testing.assert_frame_equal(h.reset_index(), h2)


def test_headline_flags_against_a_branch_target(leads):
    h = headline(leads=leads, as_of=AS_OF, target=0.45).set_index("measure")
    assert h.loc["first_contact_24h", "flag"] == "ok" and h.loc["resolved_72h", "flag"] == "below"
    with pytest.raises(ParameterError):
        headline(leads=leads, target=1.5)


def test_previous_as_of_moves_back_with_the_period_end():
    assert previous_as_of("2026-10-31 18:00", "2026-10-01", "2026-10-31") == pd.Timestamp("2026-09-30 18:00")
    assert previous_as_of("2026-10-14 12:00", "2026-10-08", "2026-10-14") == pd.Timestamp("2026-10-07 12:00")
    assert previous_as_of("2026-10-14 12:00", "", "") is None


def test_verdict_sentences():
    h = pd.DataFrame({"measure": ["first_contact_24h", "resolved_72h", "overdue_leads", "win_rate_72h"],
                      "value": [1.0, 1.0, 0.0, 0.3], "standard": [1.0, 1.0, 0.0, np.nan]})
    assert verdict(h, "en") == ("Follow-up meets the 24/72 rule: 100.0% of leads are first contacted within 24 h and "
                                "100.0% resolved within 72 h (standard 100.0%); no lead is overdue now.")
    h2 = h.assign(value=[0.5, 0.375, 4.0, 0.3])
    assert verdict(h2, "zh") == ("跟进未达到 24/72 规则：50.0% 的线索在 24 小时内首次联系、37.5% 在 72 小时内出结果"
                                 "（标准 100.0%）；现有 4 条线索逾期——下面的清单写明今天谁该联系谁。")
    with pytest.raises(ParameterError, match="overdue_leads"):
        verdict(h.iloc[:2], "en")


def test_actions_grouped_by_owner_counted_by_hand(leads, staff):
    # assign: L12 (nobody) → the branch head H1; call (not contacted after 24 h): L04 (S2, 100 h over), L08 (S3,
    # 6 h over); close out (called, no result after 72 h): L05 (S2, 52 h over). L04 is on both overdue lists but
    # is one call. Ranked: assign, then calls by count and by the longest overdue, then close-outs.
    a = actions(leads=leads, staff=staff, as_of=AS_OF, language="en")
    assert list(a.columns) == ["rank", "owner", "action", "due", "reason", "kind", "leads"]
    assert a[["rank", "owner", "kind", "leads"]].values.tolist() == [
        [1, "H1 (Branch head)", "assign", 1], [2, "S2 (Teller)", "call", 1],
        [3, "S3 (Account manager)", "call", 1], [4, "S2 (Teller)", "close_out", 1]]
    assert a["action"].tolist() == [
        "Assign an owner to the lead nobody follows up: L12", "Call 1 lead not contacted within 24 h: L04",
        "Call 1 lead not contacted within 24 h: L08",
        "Record the result (won or lost) of 1 contacted lead with no result after 72 h: L05"]
    assert (a["due"] == AS_OF + pd.Timedelta(hours=24)).all()
    assert a.loc[1, "reason"].endswith("the oldest by 4.2 days")  # 100 h, never "100 hours"
    assert a.loc[2, "reason"].endswith("the oldest by 6.0 h")
    assert not a["action"].str.contains("P0").any()  # lead ids only, no person ids


def test_actions_fold_many_leads_into_one_item_and_stop_at_the_limit(leads, staff):
    many = pd.concat([leads.assign(lead_id=leads["lead_id"] + f"-{k}") for k in range(3)], ignore_index=True)
    a = actions(leads=many, staff=staff, as_of=AS_OF, language="zh")
    # the same four items, each with three leads; the ids shown are the first three, then a count
    assert a["leads"].tolist() == [3, 3, 3, 3]
    assert a.loc[0, "action"] == "为 3 条无人跟进的线索指派跟进人：L12-0、L12-1、L12-2"
    b = actions(leads=pd.concat([many, leads.assign(lead_id=leads["lead_id"] + "-9")]), staff=staff, as_of=AS_OF)
    assert b.loc[0, "action"].endswith("L12-0、L12-1、L12-2等，另 1 条")
    assert len(actions(leads=many, staff=staff, as_of=AS_OF, limit=2)) == 2


def test_stale_leads_are_closed_rather_than_called(leads, staff):
    # with stale_days = 4 (96 h): L04 and L05 (124 h) are stale; L08 (30 h) is still a call; L12 stays "assign"
    a = actions(leads=leads, staff=staff, as_of=AS_OF, language="en", stale_days=4)
    assert a[["owner", "kind", "leads"]].values.tolist() == [
        ["H1 (Branch head)", "assign", 1], ["S3 (Account manager)", "call", 1], ["S2 (Teller)", "close_stale", 2]]
    assert a.loc[2, "action"] == "2 leads open for more than 4 days: call once more or record them as lost: L04, L05"


def test_actions_render_in_the_answer_block(leads, staff):
    block = str(report.actions_block(actions(leads=leads, staff=staff, as_of=AS_OF, language="zh"), "zh"))
    assert block.count("<li>") == 4 and "H1（网点负责人）" in block and "截止 2026-09-11" in block
    cards = str(report.headline_block(headline(leads=leads, as_of=AS_OF), "en"))
    assert "Overdue leads" in cards and "50.0%" in cards and "95% CI 23.7%–76.3%" in cards


def test_no_actions_when_nothing_is_overdue():
    ok = pd.DataFrame({"lead_id": ["A"], "assigned_to": ["S1"], "captured_at": pd.to_datetime(["2026-10-01 10:00"]),
                       "first_contact_at": pd.to_datetime(["2026-10-01 11:00"]),
                       "closed_at": pd.to_datetime(["2026-10-02 11:00"]), "outcome": ["won"]})
    a = actions(leads=ok, as_of="2026-10-05 12:00")
    assert a.empty and list(a.columns) == ["rank", "owner", "action", "due", "reason", "kind", "leads"]
