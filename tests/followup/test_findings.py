"""Tests of analysis.followup.findings: the data-quality findings and the rejected leads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import DataError
from analysis.followup import data_findings, rejected_leads
from analysis.schemas import empty_frame

TOL = 1e-9  # R printed with 15 significant digits
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00 (the fixtures are in conftest.py)


def h(hours):
    """T0 + hours (None stays missing)."""
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_data_findings_worked_out_by_hand(leads, staff):
    # S3 works at B02: L07 L08 L09 assigned to another branch; L12 unassigned;
    # open and older than 3 days (72 h) at as_of: L04, L05, L12 (captured at T0, 124 h)
    f = data_findings(leads=leads, staff=staff, branch_id="B01", as_of=AS_OF, stale_days=3).set_index("rule")
    assert f.loc["assigned_other_branch", "rows"] == "L07, L08, L09"
    assert f.loc["unassigned_leads", "rows"] == "L12"
    assert f.loc["stale_open", "rows"] == "L04, L05, L12"
    assert f.loc["after_as_of", "rows"] == "L10"  # captured after the evaluation time
    assert "assigned_unknown_staff" not in f.index
    assert f["n_rows"].dtype == "int64"


def test_data_findings_reports_the_schema_rules_on_raw_data(leads, staff):
    bad = leads.copy()
    bad.loc[bad["lead_id"] == "L04", "first_contact_at"] = h(-1)
    bad.loc[bad["lead_id"] == "L05", "assigned_to"] = "S99"
    bad.loc[bad["lead_id"] == "L11", "first_contact_at"] = pd.NaT
    f = data_findings(leads=bad, staff=staff).set_index("rule")
    assert f.loc["contact_after_capture", "rows"] == "L04"
    assert f.loc["assigned_unknown_staff", "rows"] == "L05"
    assert f.loc["closed_without_contact", "rows"] == "L11"


def test_data_findings_empty_when_clean():
    assert data_findings(leads=empty_frame("leads")).empty


def test_rejected_leads_shows_the_rows_load_dataset_set_aside(sample_tables, tmp_path):
    from analysis.io import load_dataset, write_dataset

    tables = {k: v.copy() for k, v in sample_tables.items()}
    ld = tables["leads"]
    won = ld.index[ld["outcome"] == "won"][0]
    early, unknown = ld.index[ld["outcome"] != "won"][:2]
    ld.loc[early, "first_contact_at"] = ld.loc[early, "captured_at"] - pd.Timedelta(hours=1)  # contact before capture
    ld.loc[won, "closed_at"] = pd.NaT  # won without closed_at
    ld.loc[unknown, "assigned_to"] = "B09-S99"  # unknown staff
    tables["leads"] = ld
    write_dataset(tables, tmp_path)
    ds = load_dataset(tmp_path, errors="report")
    rj = rejected_leads(ds)
    reasons = dict(zip(rj["lead_id"], rj["reasons"]))
    assert len(rj) == 3
    assert reasons[ld.loc[early, "lead_id"]] == "contact_after_capture"
    assert reasons[ld.loc[won, "lead_id"]] == "closed_needs_time"
    assert reasons[ld.loc[unknown, "lead_id"]] == "foreign_key:assigned_to"
    assert rj["file_row"].tolist() == sorted(rj["file_row"].tolist())
    assert "person_id" not in rj.columns
    assert set(ds.problems.loc[ds.problems["table"] == "leads", "rule"]) >= {
        "contact_after_capture", "closed_needs_time", "foreign_key"}




def test_data_findings_use_the_schemas_rules_and_wording(leads, staff):
    from analysis.schemas import get_table

    described = {r.name: (",".join(r.columns), r.description) for r in get_table("leads").rules}
    bad = leads.copy()
    bad.loc[bad["lead_id"] == "L04", "first_contact_at"] = h(-1)
    bad.loc[bad["lead_id"] == "L01", "outcome"] = "open"  # open with a closed_at
    f = data_findings(leads=bad, staff=staff).set_index("rule")
    for rule in ("contact_after_capture", "open_has_no_close"):
        assert (f.loc[rule, "column"], f.loc[rule, "detail"]) == described[rule]


def test_data_findings_refuse_an_unreadable_time(leads):
    bad = leads.astype({"closed_at": object})
    bad.loc[bad["lead_id"] == "L01", "closed_at"] = "31/02/2026 25:00"
    with pytest.raises(DataError, match="not_a_time"):
        data_findings(leads=bad)


def test_data_findings_take_a_scoped_data_set(leads, staff):
    scoped = {"leads": leads, "staff": staff[staff["branch_id"] == "B01"]}
    # the whole staff table given by name: S3 is another branch's, not an unknown id
    f = data_findings(scoped, staff=staff, branch_id="B01", as_of=AS_OF).set_index("rule")
    assert "assigned_other_branch" in f.index and "assigned_unknown_staff" not in f.index
    g = data_findings(scoped, branch_id="B01", as_of=AS_OF).set_index("rule")
    assert g.loc["assigned_unknown_staff", "rows"] == "L07, L08, L09"
