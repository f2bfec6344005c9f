"""Tests of analysis.events.attendance: invited vs arrived by source, the headline figures, the edge cases.

"# R:" constants: ``Rscript tests/events/events_reference.R`` (R 4.2.2); "# hand:" counts from the
literal tables of ``conftest.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
from analysis.errors import ParameterError

TOL = 1e-9  # R printed with 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# R: prop.test(31, 38, correct = FALSE)$conf.int
SALON_CI = [0.665811419288686, 0.907782348147787]
# R: prop.test(16, 20, correct = FALSE)$conf.int ; prop.test(7, 7, ...) ; prop.test(23, 27, ...)
PARTNER_16_OF_20 = [0.583982567748107, 0.919342337420202]
STAFF_7_OF_7 = [0.645669564933313, 1.0]
ALL_23_OF_27 = [0.675213145721870, 0.940840722237557]
# R: prop.test(0, 1, correct = FALSE)$conf.int ; prop.test(1, 2, ...)$conf.int
EDGE_0_OF_1 = [0.0, 0.793450685622763]
EDGE_1_OF_2 = [0.0945312057342307, 0.9054687942657692]


def test_inputs_are_not_modified(salon):
    before = {k: v.copy() for k, v in salon.items()}
    E.attendance_summary(salon)
    E.event_figures(salon)
    for k, v in salon.items():
        pd.testing.assert_frame_equal(v, before[k])


def test_salon_attendance_summary(salon):
    s = E.attendance_summary(salon).set_index("source")
    assert s.index.tolist() == ["staff_invite", "partner_invite", "brought_along", "walk_in", "all"]
    # hand: invited 7 + 20 = 27; came 7 + 16 = 23; arrived 7, 16, 13 guests, 2 walk-ins = 38
    assert s["invited"].tolist() == [7, 20, 0, 0, 27]
    assert s["showed_up"].tolist() == [7, 16, 0, 0, 23]
    assert s["arrived"].tolist() == [7, 16, 13, 2, 38]
    assert (s.loc["all", "women"], s.loc["all", "men"], s.loc["all", "gender_unknown"]) == (30, 8, 0)
    assert s.loc["walk_in", "arrived"] == 2
    close(s.loc["partner_invite", ["ci_low", "ci_high"]], PARTNER_16_OF_20)
    close(s.loc["staff_invite", ["ci_low", "ci_high"]], STAFF_7_OF_7)
    close(s.loc["all", ["ci_low", "ci_high"]], ALL_23_OF_27)
    close(s.loc["all", "over_plan"], 38 / 30)  # hand: 1.27
    assert np.isnan(s.loc["brought_along", "rate"])  # nobody invited: no show-up rate
    assert np.isnan(s.loc["staff_invite", "over_plan"])  # over plan is an event figure


def test_tables_by_name_or_from_the_data_set_give_the_same_result(salon):
    by_name = E.attendance_summary(invitations=salon["invitations"], attendance=salon["attendance"],
                                   events=salon["events"])
    pd.testing.assert_frame_equal(by_name, E.attendance_summary(salon))
    # a table given by name wins over the data set's
    only_staff = salon["invitations"].loc[salon["invitations"]["inviter_kind"] == "staff"]
    s = E.attendance_summary(salon, invitations=only_staff).set_index("source")
    assert s.loc["all", "invited"] == 7


def test_a_missing_table_and_positional_tables_are_parameter_errors(salon):
    with pytest.raises(ParameterError, match="invitations table is needed"):
        E.attendance_summary(attendance=salon["attendance"], events=salon["events"])
    with pytest.raises(TypeError):
        E.attendance_summary(salon["invitations"], salon["attendance"], salon["events"])  # the old call


def test_salon_headline(salon):
    h = E.event_figures(salon).iloc[0]
    assert (h["attendees"], h["women"], h["men"], h["strangers"], h["invitations"]) == (38, 30, 8, 31, 27)
    assert h["deals"] == 6 and h["amount"] == 6_100_000.0  # hand: 2.0+1.5+1.0+0.8+0.5+0.3 million
    close(h[["ci_low", "ci_high"]], SALON_CI)
    close(h["cost_per_attendee"], 6800 / 38)
    assert h["event_label"] == "B01-E03 家庭关系"


def test_headline_without_deals_has_no_sales(salon):
    h = E.event_figures(events=salon["events"], attendance=salon["attendance"], invitations=salon["invitations"]).iloc[0]
    assert h["deals"] == 0 and h["amount"] == 0.0


def test_attendee_missing_from_invitations_is_a_walk_in_in_the_summary(edge):
    s = E.attendance_summary(edge)
    e1 = s.loc[s["event_id"] == "E1"].set_index("source")
    # hand: staff_invite A; brought_along G1, G2; walk_in D, W
    assert e1["arrived"].tolist() == [1, 0, 2, 2, 5]
    assert (e1.loc["staff_invite", "invited"], e1.loc["staff_invite", "showed_up"]) == (2, 1)
    close(e1.loc["staff_invite", ["ci_low", "ci_high"]], EDGE_1_OF_2)


def test_event_with_no_attendees(edge):
    s = E.attendance_summary(edge)
    e2 = s.loc[s["event_id"] == "E2"].set_index("source")
    assert e2["arrived"].sum() == 0 and e2.loc["all", "over_plan"] == 0.0
    assert (e2.loc["staff_invite", "invited"], e2.loc["staff_invite", "showed_up"]) == (1, 0)
    close(e2.loc["staff_invite", ["rate", "ci_low", "ci_high"]], [0.0] + EDGE_0_OF_1)
    h = E.event_figures(edge).set_index("event_id")
    assert h.loc["E2", "attendees"] == 0 and np.isnan(h.loc["E2", "rate"]) and not h.loc["E2", "below_standard"]
    f = E.arrival_flow(edge).set_index("event_id")
    assert f.loc["E2", "arrivals"] == 0 and np.isnan(f.loc["E2", "longest_gap_minutes"])
    cs = E.chain_summary(edge).set_index("event_id")
    assert cs.loc["E2", "attendees"] == 0 and cs.loc["E2", "multiplier"] == 0.0
    sales = E.sales_after_event(edge)
    assert sales.loc[sales["event_id"] == "E2", "attendees"].tolist() == [0, 0]
