"""Tests of analysis.followup.status: the evaluation time, the prepared lead table, lead_status."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import rules
from analysis.errors import DataError, ParameterError
from analysis.followup import default_as_of, evaluation_time, header_facts, lead_status, name_unassigned, rule_24_72
from analysis.schemas import empty_frame

TOL = 1e-9  # R printed with 15 significant digits
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00 (the fixtures are in conftest.py)


def h(hours):
    """T0 + hours (None stays missing)."""
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# ===========================================================================
# default_as_of and lead_status
# ===========================================================================


def test_default_as_of_is_the_latest_timestamp_in_the_table(leads):
    # latest of every captured_at (L10 at 125 h), first_contact_at (L09 at 115 h) and closed_at (L09 at 122 h)
    assert default_as_of(leads) == h(125)
    assert default_as_of(leads.drop(index=9)) == h(122)  # without L10: L09's close


def test_default_as_of_of_an_empty_table_is_nat():
    assert pd.isna(default_as_of(empty_frame("leads")))


def test_lead_status_columns_and_bands(leads):
    st = lead_status(leads, as_of=AS_OF)
    assert "L10" not in set(st["lead_id"])  # captured after as_of
    got = dict(zip(st["lead_id"], st["delay_band"].astype(object).where(st["delay_band"].notna(), None)))
    assert got == {"L01": "le_24h", "L02": "le_24h", "L03": "24_72h", "L04": "never", "L05": "le_24h",
                   "L06": None, "L07": "le_24h", "L08": None, "L09": "le_24h", "L11": "gt_72h", "L12": "never"}
    assert st["won"].dtype == "int64" and st["won"].sum() == 2  # L01, L03
    assert st.set_index("lead_id").loc["L07", "source"] == "group"
    assert st.set_index("lead_id").loc["L08", "source"] == "other"
    assert isinstance(st.index, pd.RangeIndex)


def test_lead_status_does_not_mutate_its_input(leads):
    before = leads.copy()
    lead_status(leads, as_of=AS_OF)
    pd.testing.assert_frame_equal(leads, before)


@pytest.mark.parametrize("change, rule, lead", [
    ({"first_contact_at": h(-1)}, "contact_after_capture", "L04"),
    ({"closed_at": h(-2), "outcome": "lost"}, "closed_after_capture", "L04"),
    ({"first_contact_at": h(10), "closed_at": h(5), "outcome": "lost"}, "closed_after_contact", "L04"),
    ({"outcome": "won"}, "closed_needs_time", "L04"),
    ({"captured_at": pd.NaT}, "missing_captured_at", "L04"),
])
def test_bad_leads_raise_a_data_error_naming_the_rule_and_the_lead(leads, change, rule, lead):
    bad = leads.copy()
    for col, val in change.items():
        bad.loc[bad["lead_id"] == lead, col] = val
    with pytest.raises(DataError, match=rule) as err:
        rule_24_72(bad, as_of=AS_OF)
    assert lead in str(err.value)
    assert err.value.problems["rule"].tolist() == [rule]


def test_bad_parameters_raise_parameter_errors(leads):
    with pytest.raises(ParameterError, match="by column"):
        rule_24_72(leads, by="branch")
    with pytest.raises(ParameterError, match="as_of"):
        rule_24_72(leads, as_of="yesterday-ish")
    with pytest.raises(ParameterError, match="contact_hours"):
        rule_24_72(leads, contact_hours=0)
    with pytest.raises(ParameterError, match="must not exceed"):
        rule_24_72(leads, contact_hours=80, resolve_hours=72)
    with pytest.raises(ParameterError, match="level"):
        rule_24_72(leads, level=95)
    with pytest.raises(ParameterError, match="DataFrame"):
        rule_24_72([1, 2])
    with pytest.raises(DataError, match="captured_at"):
        rule_24_72(leads.drop(columns="captured_at"))



# ===========================================================================
# one preparation layer (analysis.prep): times, as_of, the contract's row rules
# ===========================================================================


def test_an_unreadable_time_is_a_data_error_not_a_silent_nat(leads):
    # behaviour change: the old private parser turned "next Tuesday" into NaT, and the lead then counted
    # as never contacted; prep.times refuses it and names the lead
    bad = leads.astype({"first_contact_at": object})
    bad.loc[bad["lead_id"] == "L05", "first_contact_at"] = "next Tuesday"
    with pytest.raises(DataError, match="not_a_time") as err:
        lead_status(bad, as_of=AS_OF)
    assert "L05" in str(err.value) and err.value.problems["column"].tolist() == ["first_contact_at"]
    with pytest.raises(DataError, match="not_a_time"):
        default_as_of(bad)


def test_timezone_aware_times_and_as_of_follow_the_one_timezone_rule(leads):
    # 2026-09-05 00:00 UTC is 08:00 in Asia/Shanghai: aware values are converted, then stored naive
    aware = leads.assign(captured_at=leads["captured_at"].dt.tz_localize("Asia/Shanghai").dt.tz_convert("UTC"))
    text = leads.assign(captured_at=leads["captured_at"].dt.strftime("%Y-%m-%d %H:%M:%S") + "+08:00")
    base = lead_status(leads, as_of=AS_OF)
    for variant in (aware, text):
        got = lead_status(variant, as_of=AS_OF)
        pd.testing.assert_series_equal(got["captured_at"], base["captured_at"])
        pd.testing.assert_series_equal(got["contact_status"], base["contact_status"])
    # as_of with an offset: 04:00 UTC is 12:00 local = AS_OF; naive text is local time as it is
    utc = rule_24_72(leads, as_of="2026-09-10 04:00+00:00")
    pd.testing.assert_frame_equal(utc, rule_24_72(leads, as_of=AS_OF))
    pd.testing.assert_frame_equal(rule_24_72(leads, as_of="2026-09-10 12:00"), rule_24_72(leads, as_of=AS_OF))


def test_evaluation_time_is_prep_as_of_with_the_leads_default(leads):
    from analysis import prep

    assert evaluation_time(leads) == default_as_of(leads) == h(125)
    assert evaluation_time(leads, "") == h(125)
    stamp = "2026-09-30 18:00+00:00"
    assert evaluation_time(leads, stamp) == prep.as_of(stamp, "test") == pd.Timestamp("2026-10-01 02:00")
    with pytest.raises(ParameterError, match="as_of"):
        evaluation_time(leads, "soon")


def test_the_row_rules_are_the_schemas_own(leads):
    # the rules, their names and their wording come from analysis.schemas (applied by prep.check_rules)
    from analysis.schemas import get_table

    described = {r.name: r.description for r in get_table("leads").rules}
    bad = leads.copy()
    bad.loc[bad["lead_id"] == "L04", ["first_contact_at", "closed_at", "outcome"]] = [h(10), h(5), "lost"]
    with pytest.raises(DataError) as err:
        lead_status(bad, as_of=AS_OF)
    problem = err.value.problems.iloc[0]
    assert problem["rule"] == "closed_after_contact" and problem["detail"] == described["closed_after_contact"]
    assert problem["table"] == "leads" and problem["column"] == "closed_at"
    bad = leads.copy()
    bad.loc[bad["lead_id"] == "L01", "outcome"] = "open"  # open, but closed_at is filled in
    with pytest.raises(DataError, match="open_has_no_close"):
        lead_status(bad, as_of=AS_OF)


def test_errors_name_the_function_that_was_called(leads):
    with pytest.raises(ParameterError, match=r"^rule_24_72: leads must be a pandas DataFrame"):
        rule_24_72([1, 2])
    with pytest.raises(DataError, match=r"^overdue_counts: table leads"):
        from analysis.followup import overdue_counts

        overdue_counts(leads.drop(columns="outcome"))


def test_rule_windows_default_to_the_rules_module():
    import inspect

    from analysis import followup

    for name in followup.__all__:
        obj = getattr(followup, name)
        if not callable(obj) or isinstance(obj, type):
            continue
        params = inspect.signature(obj).parameters
        for param, value in (("contact_hours", rules.CONTACT_HOURS), ("resolve_hours", rules.RESOLVE_HOURS),
                             ("stale_days", rules.STALE_DAYS), ("level", rules.LEVEL)):
            if param in params:
                assert params[param].default == value, (name, param)


def test_multi_table_functions_take_a_data_set_or_tables_by_name(leads, staff):
    from analysis.followup import data_findings, lead_load

    ds = {"leads": leads, "staff": staff}
    pd.testing.assert_frame_equal(lead_load(ds, as_of=AS_OF), lead_load(leads=leads, staff=staff, as_of=AS_OF))
    # a table given by name wins over the data set's
    only_s1 = lead_load(ds, leads=leads[leads["assigned_to"] == "S1"], as_of=AS_OF)
    assert only_s1.set_index("staff_id").loc["S1", "leads"] == 4 and only_s1["leads"].sum() == 4
    with pytest.raises(ParameterError, match="pass single tables by name"):
        lead_load(leads, staff=staff)  # a lone table first is not a data set
    with pytest.raises(TypeError):
        lead_load(leads, staff)  # tables are keyword-only
    with pytest.raises(ParameterError, match="the staff table is needed"):
        lead_load(leads=leads)
    assert data_findings(ds, as_of=AS_OF).equals(data_findings(leads=leads, staff=staff, as_of=AS_OF))


def test_name_unassigned_and_header_facts(leads):
    r = rule_24_72(leads, by="assigned_to", as_of=AS_OF)
    assert name_unassigned(r, "zh")["assigned_to"].iloc[-1] == "未分配"
    named = name_unassigned(r, "en")
    assert named["assigned_to"].iloc[-1] == "Unassigned" and named["assigned_to"].iloc[0] == "S1"
    assert r["assigned_to"].isna().sum() == 2  # the input is untouched
    pd.testing.assert_frame_equal(named.drop(columns="assigned_to"), r.drop(columns="assigned_to"))
    assert header_facts(leads, AS_OF) == {"header.as_of": "2026-09-10 12:00", "leads": 12}
    assert header_facts(empty_frame("leads"), pd.NaT) == {"header.as_of": "—", "leads": 0}
