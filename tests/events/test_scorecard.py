"""Tests of analysis.events.scorecard: SMART targets against actual values, the score, realistic target steps.

"# hand:" values from the literal tables of ``conftest.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
from analysis import rules
from analysis.errors import DataError

TOL = 1e-9
T = pd.Timestamp


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_salon_scorecard(salon):
    card = E.scorecard(salon)
    c = card.assign(key=card["metric"] + ":" + card["role"].fillna("")).set_index("key")
    # hand: actual values from the fixture
    assert c.loc["attendees:", "actual"] == 38 and c.loc["leads:", "actual"] == 12
    close(c.loc["stranger_ratio:", "actual"], 31 / 38)
    assert c.loc["deals:", "actual"] == 6 and c.loc["sales_amount:", "actual"] == 6_100_000
    assert c.loc["new_customers:", "actual"] == 2 and c.loc["new_customers:", "passed"] == False  # noqa: E712
    assert c.loc["invitations:wealth_manager", "actual"] == 2 and c.loc["invitations:lobby_manager", "actual"] == 1
    assert np.isnan(c.loc["evaluation_score:", "actual"]) and pd.isna(c.loc["evaluation_score:", "passed"])
    close(c.loc["attendees:", "attainment"], 38 / 30)
    score = E.event_score(card, pass_mark=80).iloc[0]
    # hand: 10 measured targets, 9 met, capped attainments 9 × 1 + 2/3 → score 96.67
    assert (score["targets"], score["measured"], score["met"]) == (11, 10, 9)
    close(score["score"], 100 * (9 + 2 / 3) / 10)
    assert score["passed"] == True  # noqa: E712
    assert E.event_score(card, pass_mark=98).loc[0, "passed"] == False  # noqa: E712


def test_the_default_pass_mark_is_the_rule(salon):
    score = E.event_score(E.scorecard(salon)).iloc[0]
    assert score["pass_mark"] == rules.PASS_MARK == 80.0


def test_scorecard_without_deals_has_no_sales_actual(salon):
    no_deals = {k: v for k, v in salon.items() if k != "deals"}
    card = E.scorecard(no_deals)
    assert card.loc[card["metric"] == "sales_amount", "actual"].isna().all()


def test_scorecard_without_staff_cannot_attribute_roles(salon):
    card = E.scorecard(event_targets=salon["event_targets"], events=salon["events"],
                       attendance=salon["attendance"], invitations=salon["invitations"])
    assert card.loc[card["role"].notna(), "actual"].isna().all()  # unknown, not 0
    assert card.loc[card["metric"] == "attendees", "actual"].tolist() == [38.0]


def test_an_empty_target_metric_is_a_data_error(salon):
    targets = salon["event_targets"].assign(metric=["attendees", None] + salon["event_targets"]["metric"].tolist()[2:])
    with pytest.raises(DataError, match=r"event_targets, column metric.*rows? 2"):
        E.scorecard(salon, event_targets=targets)


STEP_EVENTS = pd.DataFrame({"event_id": ["B1", "B2", "B3"], "branch_id": "B03", "kind": "booth",
                            "starts_at": [T("2026-07-10"), T("2026-07-16"), T("2026-07-27")]})
STEP_CARD = pd.DataFrame({"event_id": ["B1", "B2", "B3"], "metric": "attendees", "role": None,
                          "target": [40.0, 80.0, 80.0], "actual": [45.0, 78.0, 70.0]})


def test_target_steps_flag_40_to_80():
    s = E.target_steps(card=STEP_CARD, events=STEP_EVENTS)
    # hand: 40 → 80 after 45 came: 80/45 − 1 = +78% (unrealistic); 80 → 80 after 78 came: 0%
    assert s["previous_event_id"].tolist()[1:] == ["B1", "B2"] and pd.isna(s.loc[0, "previous_event_id"])
    close(s["target_step"].iloc[1:], [80 / 45 - 1, 0.0])
    assert s["unrealistic"].tolist() == [False, True, False]
    # the practice's realistic step, 40 → 55 with nothing more achieved, is not flagged
    steady = E.target_steps(card=STEP_CARD.assign(target=[40.0, 55.0, 55.0], actual=[40.0, 50.0, 50.0]),
                            events=STEP_EVENTS)
    assert not steady["unrealistic"].any()
    assert rules.MAX_TARGET_STEP == 0.5


def test_target_steps_for_one_event_with_a_previous_target():
    s = E.target_steps({"events": STEP_EVENTS}, card=STEP_CARD, event_id="B2", previous_only=True)
    assert s["event_id"].tolist() == ["B2"] and s["previous_event_id"].tolist() == ["B1"]
    assert E.target_steps(card=STEP_CARD, events=STEP_EVENTS, previous_only=True)["event_id"].tolist() == ["B2", "B3"]


def test_target_steps_compute_the_scorecard_of_the_data_set(salon):
    pd.testing.assert_frame_equal(E.target_steps(salon), E.target_steps(salon, card=E.scorecard(salon)))
