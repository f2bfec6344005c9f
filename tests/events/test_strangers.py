"""Tests of analysis.events.strangers: the stranger ratio, comparisons across events and months, the model.

Reference values:

- "# R:" constants were printed by ``Rscript tests/events/events_reference.R`` (R 4.2.2); the
  comment gives the R call. The tests themselves do not need R.
- "# hand:" values are counted by eye from the literal tables of ``conftest.py`` (the salon case
  of DESIGN.md and the edge cases) or from the small frames below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
from analysis.errors import DataError, ParameterError

TOL = 1e-9  # R printed with 15 significant digits
TOL_GLM = 1e-7  # iterative fits
SALON = "B01-E03"

T = pd.Timestamp


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# ===========================================================================
# stranger ratio
# ===========================================================================

# R: prop.test(31, 38, correct = FALSE)$conf.int
SALON_CI = [0.665811419288686, 0.907782348147787]
# R: prop.test(31, 38, correct = FALSE, conf.level = 0.90)$conf.int
SALON_CI_90 = [0.692678175118842, 0.896922109350160]


def test_salon_stranger_ratio_matches_R_prop_test(salon):
    r = E.stranger_ratio(salon["attendance"])
    assert r.columns.tolist() == ["event_id", "attendees", "strangers", "rate", "ci_low", "ci_high",
                                  "below_standard"]
    assert r.loc[0, "attendees"] == 38 and r.loc[0, "strangers"] == 31  # hand: 38 rows, 7 customers
    close(r.loc[0, "rate"], 31 / 38)  # 0.815789…
    close(r.loc[0, ["ci_low", "ci_high"]], SALON_CI)
    assert not r.loc[0, "below_standard"]  # 81.6% is above the 70% standard


def test_level_and_standard_are_parameters(salon):
    r = E.stranger_ratio(salon["attendance"], level=0.90, standard=0.85)
    close(r.loc[0, ["ci_low", "ci_high"]], SALON_CI_90)
    assert r.loc[0, "below_standard"]  # 81.6% < 85%


def test_the_default_standard_is_the_rule(salon):
    from analysis import rules

    att = salon["attendance"]
    below = att.assign(is_bank_customer=[i < 12 for i in range(len(att))])  # 26 of 38 = 68.4%
    assert E.stranger_ratio(below).loc[0, "below_standard"]
    assert rules.STRANGER_RATIO_STANDARD == 0.70
    assert not E.stranger_ratio(below, standard=0.68).loc[0, "below_standard"]


def test_total_with_by_none(salon):
    r = E.stranger_ratio(salon["attendance"], by=None)
    assert r.columns.tolist() == ["attendees", "strangers", "rate", "ci_low", "ci_high", "below_standard"]
    assert (r.loc[0, "attendees"], r.loc[0, "strangers"]) == (38, 31)


# R: prop.test(13, 13, correct = FALSE)$conf.int ; prop.test(0, 7, correct = FALSE)$conf.int
BROUGHT_13_OF_13 = [0.771904627645802, 1.0]
STAFF_0_OF_7 = [0.0, 0.354330435066687]


def test_ratio_by_derived_source_of_the_chain(salon):
    r = E.stranger_ratio(E.attendance_chain(salon), by="derived_source").set_index("derived_source")
    # hand: guests 9 + 4 = 13 (all strangers), partner 16, staff 7 customers, walk-ins 2
    assert r["attendees"].to_dict() == {"brought_along": 13, "partner_invite": 16, "staff_invite": 7,
                                        "walk_in": 2}
    close(r.loc["brought_along", ["ci_low", "ci_high"]], BROUGHT_13_OF_13)
    close(r.loc["staff_invite", ["ci_low", "ci_high"]], STAFF_0_OF_7)


def test_ratio_by_two_keys_and_by_chain_inviter(salon):
    chain = E.attendance_chain(salon)
    r = E.stranger_ratio(chain, by=["event_id", "chain_kind"])
    # hand: staff chains 7 + 9 = 16, partner chains 16 + 4 = 20, walk-ins 2
    assert r.set_index("chain_kind")["attendees"].to_dict() == {"partner": 20, "staff": 16, "walk_in": 2}
    by_inviter = E.stranger_ratio(chain, by="chain_inviter").set_index("chain_inviter")
    assert by_inviter.loc["B01-S03", "attendees"] == 3  # C1 with G1 and G2
    assert by_inviter["attendees"].isna().sum() == 0


def test_empty_attendance_gives_empty_ratio_with_the_columns(salon):
    r = E.stranger_ratio(salon["attendance"].iloc[:0])
    assert r.empty and "below_standard" in r.columns and r["attendees"].dtype == np.int64


def test_unknown_by_column_is_a_parameter_error(salon):
    with pytest.raises(ParameterError, match="'inviter'"):
        E.stranger_ratio(salon["attendance"], by="inviter")


def test_bad_standard_is_a_parameter_error(salon):
    with pytest.raises(ParameterError, match="standard"):
        E.stranger_ratio(salon["attendance"], standard=70)


def test_missing_customer_flag_names_table_column_and_rows(salon):
    att = salon["attendance"]
    bad = att.assign(is_bank_customer=att["is_bank_customer"].astype("boolean"))
    bad.loc[[2, 5], "is_bank_customer"] = pd.NA
    with pytest.raises(DataError, match=r"attendance.*is_bank_customer.*rows 3, 6") as info:
        E.stranger_ratio(bad)
    assert info.value.problems.loc[0, "rows"] == [3, 6]


def test_missing_column_is_a_data_error(salon):
    with pytest.raises(DataError, match="is_bank_customer"):
        E.stranger_ratio(salon["attendance"].drop(columns="is_bank_customer"))


def test_duplicate_checkins_count_once(edge):
    r = E.stranger_ratio(edge["attendance"])
    # hand: A, G1, G2, D, W = 5 distinct people (A twice), strangers G1, G2, D, W = 4
    assert (r.loc[0, "attendees"], r.loc[0, "strangers"]) == (5, 4)
    # R: prop.test(4, 5, correct = FALSE)$conf.int
    close(r.loc[0, ["ci_low", "ci_high"]], [0.375534629762525, 0.963775891367570])


# ---------------------------------------------------------------------------
# the preparation layer (analysis.prep) applied to the attendance table
# ---------------------------------------------------------------------------

def test_ids_are_stripped_so_padded_ids_are_one_person(edge):
    # behaviour change: the old private _ids kept " A" and "A" apart (two people); prep.ids strips
    att = edge["attendance"].assign(person_id=edge["attendance"]["person_id"].replace({"G1": " A "}))
    r = E.stranger_ratio(att)
    assert r.loc[0, "attendees"] == 4  # hand: A (three check-ins), G2, D, W


def test_an_empty_person_id_is_a_data_error_naming_the_rows(edge):
    att = edge["attendance"].assign(person_id=["A", "A", "", "G2", "D", "W"])
    with pytest.raises(DataError, match=r"attendance, column person_id.*missing_id.*row 3") as info:
        E.stranger_ratio(att)
    assert info.value.problems.loc[0, "rule"] == "missing_id"


def test_check_in_times_follow_the_one_timezone_rule(edge, salon):
    """Aware check-in times are converted to Asia/Shanghai wall-clock time; text is parsed; naive is local."""
    att = edge["attendance"]
    aware = att.assign(arrived_at=att["arrived_at"].dt.tz_localize("Asia/Shanghai").dt.tz_convert("UTC"))
    text = att.assign(arrived_at=att["arrived_at"].dt.strftime("%Y-%m-%d %H:%M"))
    offset = att.assign(arrived_at=(att["arrived_at"] - pd.Timedelta(hours=8)).dt.strftime("%Y-%m-%dT%H:%M:00Z"))
    base = E.arrival_gaps(attendance=att, events=edge["events"])
    for variant in (aware, text, offset):
        pd.testing.assert_frame_equal(E.arrival_gaps(attendance=variant, events=edge["events"]), base)
    assert base["gap_start"].tolist() == [T("2026-08-01 10:03"), T("2026-08-01 10:20")]  # local, naive


def test_an_unreadable_check_in_time_is_a_data_error_not_a_silent_gap(edge):
    att = edge["attendance"].assign(arrived_at=["2026-08-01 10:00", "2026-08-01 10:05", "soon", "2026-08-01 10:03",
                                                "2026-08-01 10:20", "2026-08-01 10:30"])
    with pytest.raises(DataError, match=r"arrived_at.*not_a_time.*rows? 3"):
        E.stranger_ratio(att)


def test_event_times_follow_the_same_rule(edge):
    ev = edge["events"].assign(starts_at=["2026-08-01 02:00+00:00", "2026-08-08 10:00"],
                               ends_at=["2026-08-01 11:30", "2026-08-08T03:30:00Z"])
    flow = E.arrival_flow(attendance=edge["attendance"], events=ev)
    assert flow["starts_at"].tolist() == [T("2026-08-01 10:00"), T("2026-08-08 10:00")]
    assert flow["duration_minutes"].tolist() == [90.0, 90.0]


# ===========================================================================
# comparisons
# ===========================================================================

# a weaker salon: 18 strangers of 30 (persons P01..P30, the first 12 customers)
PREVIOUS = pd.DataFrame({"event_id": "B01-E02", "person_id": [f"P{i:02d}" for i in range(1, 31)],
                         "is_bank_customer": [i <= 12 for i in range(1, 31)]})

# R: prop.test(c(31, 18), c(38, 30), correct = FALSE)$p.value ; newcombe(31, 38, 18, 30) in events_reference.R
SALON_VS_PREVIOUS_P = 0.0489444588891024
SALON_VS_PREVIOUS_NEWCOMBE = [0.000758566641207353, 0.415087379115505362]
# R: fisher.test(matrix(c(3, 1, 1, 3), 2, byrow = TRUE))$p.value ; newcombe(3, 4, 1, 4)
SMALL_FISHER_P = 0.485714285714286
SMALL_NEWCOMBE = [-0.135488400582951, 0.789083268084756]


def test_compare_two_events_against_R(salon):
    c = E.compare_events(pd.concat([salon["attendance"], PREVIOUS]), SALON, "B01-E02")
    assert c.columns.tolist() == ["event_id1", "event_id2", "strangers1", "attendees1", "rate1", "strangers2",
                                  "attendees2", "rate2", "estimate", "ci_low", "ci_high", "p_value", "method"]
    r = c.iloc[0]
    assert r["method"] == "newcombe"  # R: every expected count >= 5 (min 8.38)
    close(r["estimate"], 31 / 38 - 18 / 30)
    close(r[["ci_low", "ci_high"]], SALON_VS_PREVIOUS_NEWCOMBE)
    close(r["p_value"], SALON_VS_PREVIOUS_P)


def test_small_events_use_the_exact_test():
    att = pd.DataFrame({"event_id": ["A"] * 4 + ["B"] * 4, "person_id": list("pqrsptuv"),
                        "is_bank_customer": [False, False, False, True, True, True, False, True]})
    r = E.compare_events(att, "A", "B").iloc[0]
    assert r["method"] == "fisher"  # R: min expected count 2
    close(r["p_value"], SMALL_FISHER_P)
    close(r[["ci_low", "ci_high"]], SMALL_NEWCOMBE)


def test_compare_unknown_event_is_a_parameter_error(salon):
    with pytest.raises(ParameterError, match="B01-E99"):
        E.compare_events(salon["attendance"], SALON, "B01-E99")


def _three_events(salon):
    ev = salon["events"]
    return pd.concat([ev, ev.assign(event_id="B01-E02", starts_at=T("2026-07-12 09:30"), ends_at=T("2026-07-12 11:00")),
                      ev.assign(event_id="B01-E01", kind="booth", starts_at=T("2026-07-08 16:00"),
                                ends_at=T("2026-07-08 17:30"))], ignore_index=True)


def test_compare_with_previous_pairs_events_of_the_same_kind(salon):
    booth = PREVIOUS.assign(event_id="B01-E01")
    history = {"events": _three_events(salon), "attendance": pd.concat([salon["attendance"], PREVIOUS, booth])}
    c = E.compare_with_previous(history)
    # hand: only the salon B01-E03 has an earlier salon (B01-E02); the booth has no earlier booth
    assert c[["event_id1", "event_id2"]].values.tolist() == [[SALON, "B01-E02"]]
    close(c.loc[0, "p_value"], SALON_VS_PREVIOUS_P)


def test_compare_with_previous_for_one_event_keeps_the_history(salon):
    history = {"events": _three_events(salon), "attendance": pd.concat([salon["attendance"], PREVIOUS])}
    assert E.compare_with_previous(history, event_id=SALON)["event_id2"].tolist() == ["B01-E02"]
    assert E.compare_with_previous(history, event_id="B01-E02").empty  # no earlier salon
    assert E.compare_with_previous(history, event_id="") .equals(E.compare_with_previous(history))


# R: prop.test(41, 50, correct = FALSE)$conf.int ; prop.test(9, 20, ...)$conf.int
JULY_41_OF_50 = [0.692039463256992, 0.902298073297658]
AUGUST_9_OF_20 = [0.258197858255624, 0.657914657549658]


def test_monthly_ratio_pools_the_events_of_a_month(salon):
    july2 = pd.DataFrame({"event_id": "J2", "person_id": [f"J{i}" for i in range(12)],
                          "is_bank_customer": [i < 2 for i in range(12)]})  # 10 of 12
    aug = pd.DataFrame({"event_id": "A1", "person_id": [f"A{i}" for i in range(20)],
                        "is_bank_customer": [i < 11 for i in range(20)]})  # 9 of 20
    ev = pd.DataFrame({"event_id": [SALON, "J2", "A1"],
                       "starts_at": [T("2026-07-18 14:00"), T("2026-07-25 10:00"), T("2026-08-02 10:00")]})
    m = E.monthly_stranger_ratio(attendance=pd.concat([salon["attendance"], july2, aug]), events=ev)
    assert m["month"].tolist() == [T("2026-07-01"), T("2026-08-01")]
    assert m["events"].tolist() == [2, 1] and m["attendees"].tolist() == [50, 20]
    close(m.loc[0, ["ci_low", "ci_high"]], JULY_41_OF_50)
    close(m.loc[1, ["ci_low", "ci_high"]], AUGUST_9_OF_20)
    assert m["below_standard"].tolist() == [False, True]


# ===========================================================================
# the model
# ===========================================================================

# four events, one row per attendee (events_reference.R):
#   E1 partner, Saturday 9 of 12 strangers   E2 partner, Wednesday 8 of 12
#   E3 no partner, Saturday 6 of 10          E4 no partner, Wednesday 3 of 10
MODEL_EVENTS = pd.DataFrame({
    "event_id": ["E1", "E2", "E3", "E4"], "kind": "salon", "partner_id": ["PT01", "PT01", None, None],
    "starts_at": [T("2026-07-18 14:00"), T("2026-07-15 14:00"), T("2026-07-25 14:00"), T("2026-07-22 14:00")],
})
MODEL_ATTENDANCE = pd.concat([
    pd.DataFrame({"event_id": e, "person_id": [f"{e}-{i}" for i in range(n)],
                  "is_bank_customer": [i >= x for i in range(n)]})
    for e, x, n in (("E1", 9, 12), ("E2", 8, 12), ("E3", 6, 10), ("E4", 3, 10))
], ignore_index=True)
MODEL = {"events": MODEL_EVENTS, "attendance": MODEL_ATTENDANCE}

# R: glm(stranger ~ partner, family = binomial), exp(confint.default(fit))
GLM_PARTNER = {"estimate": [-0.200670695462152, 1.087973890461465],
               "std_error": [0.449466574963521, 0.635374411061881],
               "ci_low": [0.339049557610242, 0.854416010630317],
               "ci_high": [1.97440601993896, 10.31175857007614],
               "p_value": [0.6552620303068238, 0.0868349361649218]}
# R: glm(stranger ~ partner + weekend, family = binomial)
GLM_PARTNER_WEEKEND = {"estimate": [-0.620191083416909, 1.131948393578013, 0.821920446190473],
                       "std_error": [0.571197195705577, 0.651293700263905, 0.652714074818389],
                       "ci_low": [0.175570077273800, 0.865399696153169, 0.632942541515172],
                       "ci_high": [1.64762498547751, 11.11683459362886, 8.17611030786580]}


def test_stranger_model_against_R_glm():
    m = E.stranger_model(MODEL, terms=["partner"])
    assert m["term"].tolist() == ["Intercept", "partner"] and m["n"].tolist() == [44, 44]
    for col, ref in GLM_PARTNER.items():
        close(m[col], ref, TOL_GLM)
    # sign: partner events had more strangers (17/24 vs 9/20), so the odds ratio is above 1
    assert m.loc[1, "odds_ratio"] > 1
    m2 = E.stranger_model(attendance=MODEL_ATTENDANCE, events=MODEL_EVENTS, terms=["partner", "weekend"])
    for col, ref in GLM_PARTNER_WEEKEND.items():
        close(m2[col], ref, TOL_GLM)


def test_stranger_model_leaves_out_constant_and_confounded_attributes():
    m = E.stranger_model(MODEL, terms=["partner", "kind", "weekend", "weekday"])
    notes = m.set_index("variable")["note"]
    assert notes["kind"] == "one value only"  # every event is a salon
    assert notes["weekday"].startswith("confounded")  # weekday = weekend here (Saturday/Wednesday)
    assert notes["partner"] == "" and notes["weekend"] == ""


def test_stranger_model_without_variation_returns_a_note():
    same = MODEL_ATTENDANCE.assign(is_bank_customer=False)
    m = E.stranger_model(MODEL, attendance=same, terms=["partner"])
    assert m["estimate"].isna().all() and m.loc[0, "note"].startswith("no model")


def test_stranger_model_notes_have_labels_in_both_languages():
    from analysis.report import value_label

    m = E.stranger_model(MODEL, terms=["partner", "kind", "weekend", "weekday"])
    for note in set(m["note"]) - {""}:
        assert value_label(note, "zh", column="note") != note  # translated
        assert value_label(note, "en", column="note") == note
