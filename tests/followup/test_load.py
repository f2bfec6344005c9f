"""Tests of analysis.followup.load: leads per staff member and the chi-square test of the split.

Statistics are checked against R: every "# R:" constant was printed by
``Rscript tests/followup/followup_reference.R`` (R 4.2.2, survival 3.5.3); the comment gives the R
call. The tests do not need R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.followup import lead_load, load_balance_test, load_balance_text

TOL = 1e-9  # R printed with 15 significant digits
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00 (the fixtures are in conftest.py)


def h(hours):
    """T0 + hours (None stays missing)."""
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_lead_load_worked_out_by_hand(leads, staff):
    # assigned and captured by as_of: S1 L01 L02 L03 L11 = 4; S2 L04 L05 L06 = 3; S3 L07 L08 L09 = 3;
    # S4 (teller) none; H1 (branch head) does not follow up and has no lead: no row. 10 leads / 4 = 2.5.
    load = lead_load(leads=leads, staff=staff, as_of=AS_OF)
    assert load["staff_id"].tolist() == ["S1", "S2", "S3", "S4"]
    assert load["leads"].tolist() == [4, 3, 3, 0]
    close(load["expected"], [2.5] * 4)
    close(load["share"], [0.4, 0.3, 0.3, 0.0])
    assert load["won"].tolist() == [2, 0, 0, 0]
    assert load["open"].tolist() == [0, 3, 2, 0]
    close(load["amount"], [150_000, 0, 0, 0])
    assert np.isnan(load.loc[3, "rate"])  # no lead, no rate


def test_lead_load_lists_a_branch_head_who_has_leads(leads, staff):
    moved = leads.assign(assigned_to=leads["assigned_to"].mask(leads["lead_id"] == "L09", "H1"))
    load = lead_load(leads=moved, staff=staff, as_of=AS_OF)
    assert load["staff_id"].tolist() == ["S1", "S2", "S3", "S4", "H1"]
    assert load.set_index("staff_id").loc["H1", "leads"] == 1


def test_load_balance_test_matches_r_chisq_test(leads, staff):
    # R: chisq.test(c(4, 3, 3, 0), p = rep(1/4, 4)): X-squared = 3.6, df = 3, p-value = 0.308
    t = load_balance_test(leads=leads, staff=staff, as_of=AS_OF).iloc[0]
    close([t["chi2"], t["p_value"]], [3.6, 0.308022171558994])
    assert (t["dof"], t["n"], t["n_staff"], t["unassigned"]) == (3, 10, 4, 1)  # L12 unassigned
    close(t["min_expected"], 2.5)


@pytest.mark.parametrize("counts, chi2, p", [
    ([24, 18, 19, 15, 14, 19, 18], 3.464566929133859, 0.748677790027251),  # R: chisq.test(x, p = rep(1/7, 7))
    ([30, 5, 5, 5, 5], 50.0, 3.61086540489065e-10),  # R: chisq.test(x, p = rep(1/5, 5))
])
def test_load_balance_test_matches_r_on_branch_sized_loads(counts, chi2, p):
    ids = [f"S{i}" for i in range(len(counts))]
    staff = pd.DataFrame({"staff_id": ids, "role": ["teller"] * len(ids)})
    lead_rows = [s for s, c in zip(ids, counts) for _ in range(c)]
    leads = pd.DataFrame({"assigned_to": lead_rows, "captured_at": [T0] * len(lead_rows),
                          "first_contact_at": [pd.NaT] * len(lead_rows), "closed_at": [pd.NaT] * len(lead_rows),
                          "outcome": ["open"] * len(lead_rows)})
    t = load_balance_test(leads=leads, staff=staff).iloc[0]
    close([t["chi2"], t["p_value"]], [chi2, p])


def test_load_balance_test_with_one_staff_member_is_nan(leads, staff):
    t = load_balance_test(leads=leads, staff=staff.iloc[:1], roles=("wealth_manager",), as_of=h(20)).iloc[0]
    # only S1 (wealth manager) is expected to follow up, but S2 also has leads by T0+20 h -> 2 rows
    assert t["n_staff"] == 2
    t = load_balance_test(leads=leads[leads["assigned_to"] == "S1"], staff=staff.iloc[:1],
                          roles=("wealth_manager",)).iloc[0]
    assert t["n_staff"] == 1 and np.isnan(t["p_value"])




CJK = __import__("re").compile(r"[\u4e00-\u9fff]")


def test_load_balance_text_in_both_languages(leads, staff):
    t = load_balance_test(leads=leads, staff=staff, as_of=AS_OF)  # chi2 3.6, df 3, p 0.308; expected 2.5 < 5
    zh = load_balance_text(t, "zh")
    assert zh == ("卡方 = 3.60，自由度 3，p 值 0.308：没有证据表明分配不均匀。（期望数小于 5，检验只作参考。）"
                  "**未分配的线索：1 条**——它们没人负责，应在晨会上指派。")
    en = load_balance_text(t, "en")
    assert en.startswith("Chi-square = 3.60, 3 degrees of freedom, p-value 0.308: no evidence") and not CJK.search(en)
    assert "**Unassigned leads: 1**" in en
    uneven = t.assign(chi2=50.0, p_value=3.6e-10, min_expected=10.0)
    assert "clearly uneven" in load_balance_text(uneven, "en") and "rough guide" not in load_balance_text(uneven, "en")
    one = load_balance_test(leads=leads[leads["assigned_to"] == "S1"], staff=staff.iloc[:1],
                            roles=("wealth_manager",))
    assert load_balance_text(one, "en").startswith("Too few staff or leads")
    with pytest.raises(ParameterError, match="alpha"):
        load_balance_text(t, "en", alpha=5)
