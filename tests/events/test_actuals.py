"""Tests of the evaluation form's actuals (``event_actuals``) in analysis.events.scorecard and event_score.

"# hand:" values are counted by eye from the literal tables of ``conftest.py`` (the salon case: 11 targets,
10 measurable from the data, 9 met; see test_scorecard.py) and the small form below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
from analysis.errors import DataError

TOL = 1e-9
SALON = "B01-E03"

#: the salon's evaluation form (活动评估表): the score, a lead count that disagrees with the lead sheet,
#: a wealth-manager invitation count that disagrees with the invitations, a metric without a target and
#: a row of another event
FORM = pd.DataFrame({
    "event_id": [SALON, SALON, SALON, SALON, "B01-E09"],
    "metric": ["evaluation_score", "leads", "invitations", "survey_responses", "attendees"],
    "actual": [86.0, 9.0, 3.0, 20.0, 50.0],
    "role": [None, "", "wealth_manager", None, None],
})


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def keyed(card: pd.DataFrame) -> pd.DataFrame:
    return card.assign(key=card["metric"] + ":" + card["role"].fillna("")).set_index("key")


def test_the_form_gives_the_evaluation_score_and_replaces_the_counted_actual(salon):
    c = keyed(E.scorecard(salon, event_actuals=FORM))
    # hand: one row per target, as without the form (the survey_responses and B01-E09 rows have no target)
    assert len(c) == 11
    # hand: the score comes from the form only: 86 against the target 80
    assert c.loc["evaluation_score:", "actual"] == 86.0 and np.isnan(c.loc["evaluation_score:", "data_actual"])
    close(c.loc["evaluation_score:", "attainment"], 86 / 80)
    assert c.loc["evaluation_score:", "passed"] == True  # noqa: E712
    # hand: the form's 9 leads replace the lead sheet's 12 (target 10: missed), both shown
    assert (c.loc["leads:", "actual"], c.loc["leads:", "data_actual"], c.loc["leads:", "form_actual"]) == (9, 12, 9)
    assert c.loc["leads:", "passed"] == False  # noqa: E712
    # hand: the wealth managers' invitations: form 3, invitations table 2 (target 2)
    wm = c.loc["invitations:wealth_manager"]
    assert (wm["actual"], wm["data_actual"], wm["form_actual"]) == (3, 2, 3)
    # hand: targets the form does not report keep the counted value (38 attendees) and no form value
    assert c.loc["attendees:", "actual"] == 38 and np.isnan(c.loc["attendees:", "form_actual"])
    assert c.loc["invitations:lobby_manager", "actual"] == 1


def test_event_score_counts_the_form_actuals(salon):
    card = E.scorecard(salon, event_actuals=FORM)
    s = E.event_score(card, pass_mark=80, event_actuals=FORM).iloc[0]
    # hand: 11 measured now (the score is); met: attendees, stranger ratio, deals, sales, evaluation score and
    # the 4 role invitations = 9 (leads 9 < 10 and new customers 2 < 3 missed)
    assert (s["targets"], s["measured"], s["met"]) == (11, 11, 9)
    # hand: capped attainments 9 × 1 + 9/10 + 2/3 over 11 targets
    close(s["score"], 100 * (9 + 0.9 + 2 / 3) / 11)
    assert s["form_score"] == 86.0


def test_without_the_form_nothing_changes(salon):
    card = E.scorecard(salon)
    c = keyed(card)
    close(card["actual"], card["data_actual"].to_numpy(dtype=float))  # NaN where unmeasurable, on both sides
    assert card["form_actual"].isna().all() and np.isnan(c.loc["evaluation_score:", "actual"])
    assert E.event_score(card)["form_score"].isna().all()


def test_an_empty_form_table_is_no_form(salon):
    empty = FORM.iloc[0:0]
    a = E.scorecard(salon, event_actuals=empty)
    b = E.scorecard(salon)
    pd.testing.assert_frame_equal(a, b)


def test_form_actuals_per_role_need_no_staff_table(salon):
    # without staff the data cannot attribute roles (NaN); the form's value per role still counts
    card = E.scorecard(event_targets=salon["event_targets"], events=salon["events"], attendance=salon["attendance"],
                       invitations=salon["invitations"], event_actuals=FORM)
    c = keyed(card)
    assert c.loc["invitations:wealth_manager", "actual"] == 3.0
    assert np.isnan(c.loc["invitations:wealth_manager", "data_actual"])
    assert np.isnan(c.loc["invitations:teller", "actual"])  # hand: the form has no teller row


def test_the_form_is_read_from_the_data_set(salon):
    card = E.scorecard({**salon, "event_actuals": FORM})
    assert keyed(card).loc["evaluation_score:", "actual"] == 86.0


def test_a_form_score_without_a_target_is_still_shown_by_event_score(salon):
    targets = salon["event_targets"].loc[salon["event_targets"]["metric"] != "evaluation_score"]
    card = E.scorecard({**salon, "event_targets": targets}, event_actuals=FORM)
    s = E.event_score(card, event_actuals=FORM).iloc[0]
    # hand: 10 targets, all measured; met 8 (leads and new customers missed)
    assert (s["targets"], s["measured"], s["met"]) == (10, 10, 8) and s["form_score"] == 86.0


@pytest.mark.parametrize("change, rule, rows", [
    ({"actual": [86.0, 9.0, 3.0, 20.0, -1.0]}, "number_min_0", "row 5 (B01-E09, attendees"),
    ({"actual": ["86", "nine", 3.0, 20.0, 50.0]}, "number_min_0", "row 2 (B01-E03, leads"),
    ({"actual": [86.0, None, 3.0, 20.0, 50.0]}, "not_null", "row 2 (B01-E03, leads"),
    ({"metric": ["evaluation_score", "leads", "invitations", "leads", "attendees"],
      "role": [None, "", "wealth_manager", None, None]}, "unique_key", "row 2 (B01-E03, leads"),
])
def test_bad_form_rows_are_data_errors_naming_table_column_rule_and_rows(salon, change, rule, rows):
    bad = FORM.assign(**change)
    with pytest.raises(DataError) as e:
        E.scorecard(salon, event_actuals=bad)
    msg = str(e.value)
    assert "event_actuals" in msg and f"rule {rule}" in msg and rows in msg
    assert set(e.value.problems["table"]) == {"event_actuals"}


def test_a_form_without_the_actual_column_is_a_data_error(salon):
    with pytest.raises(DataError, match="event_actuals, column actual.*missing_column"):
        E.scorecard(salon, event_actuals=FORM.drop(columns="actual"))
