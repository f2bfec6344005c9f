"""Tests of analysis.groups.portfolio: people per tier and expected deals against R's Wilson bounds.

The hand-built funnel is ``funnel`` in conftest.py. "# R:" constants: ``tests/groups/groups_reference.R``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis import rules
from analysis.errors import ParameterError


def close(actual, expected, tol=1e-9):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_portfolio_by_hand_against_r_bounds(funnel):
    out = grp.portfolio(funnel)
    assert out["owner_staff_id"].tolist()[:3] == ["S1", "S2", "S3"] and pd.isna(out["owner_staff_id"].iloc[3])
    out = out.set_index(out["owner_staff_id"].fillna("none"))
    # current members as of the latest timestamp (e joins P1 on 11 Sept): M1 a b c d f; M2 e (re-joined) h;
    # P1 a b d e f g h; E1 a b c f g h
    assert out.loc["S1", ["groups_mass", "people_mass", "people"]].tolist() == [1, 5, 5]
    assert out.loc["S2", ["groups_potential", "people_potential"]].tolist() == [1, 7]
    assert out.loc["S3", ["groups_elite", "people_elite"]].tolist() == [1, 6]
    # conversions observed: mass 2/7, potential 2/5, elite 2/4
    close(out["expected_deals"].tolist(), [5 * 2 / 7, 7 * 2 / 5, 6 * 2 / 4, 2 * 2 / 7])
    # R: 5 * prop.test(2, 7, correct = FALSE)$conf.int ; 7 * (2, 5) ; 6 * (2, 4)
    close(out.loc["S1", ["expected_ci_low", "expected_ci_high"]], [0.411094620020284, 3.205327740836903])
    close(out.loc["S2", ["expected_ci_low", "expected_ci_high"]], [0.823345419628536, 5.384930031067909])
    close(out.loc["S3", ["expected_ci_low", "expected_ci_high"]], [0.900233934912897, 5.099766065087103])


def test_portfolio_of_one_manager_with_the_branch_conversion(funnel):
    conv = grp.tier_conversion(funnel)
    s3 = grp.owned_by(funnel["wechat_groups"], "S3")
    out = grp.portfolio(funnel, wechat_groups=s3, conversion=conv)
    # S3 holds E1 (a b c f g h): 6 elite people at the branch's elite conversion 2/4
    assert out["owner_staff_id"].tolist() == ["S3"] and out.loc[0, "people_elite"] == 6
    close(out.loc[0, ["expected_deals", "expected_ci_low", "expected_ci_high"]],
          [3.0, 0.900233934912897, 5.099766065087103])
    # without the branch conversion, S3's own groups hold no mass step: no conversion to use
    assert np.isnan(grp.portfolio(funnel, wechat_groups=s3).loc[0, "expected_deals"])
    with pytest.raises(ParameterError, match="conversion"):
        grp.portfolio(funnel, conversion=conv.iloc[:2])


def test_portfolio_counts_each_person_once_at_the_highest_tier(funnel):
    out = grp.portfolio(funnel, by=None)
    # a b c f g h are in E1 (elite); d e in P1 (potential) at most; nobody only in a mass group
    assert out[["people_mass", "people_potential", "people_elite", "people"]].iloc[0].tolist() == [0, 2, 6, 8]
    # R: 2 * prop.test(2, 5, ...)$conf.int + 6 * prop.test(2, 4, ...)$conf.int
    close(out.loc[0, ["expected_deals", "expected_ci_low", "expected_ci_high"]],
          [3.8, 1.13547548337819, 6.63831750253508])


def test_the_practitioners_1_to_5_percent_is_context_not_a_yardstick(funnel):
    """Issue 14: the 1–5% product success is about the scale of one manager's book, not a benchmark."""
    from analysis.report import SENTENCES

    assert rules.PRODUCT_SUCCESS_HYPOTHETICAL == (0.01, 0.05)
    out = grp.portfolio(funnel)
    assert not {"rule_low", "rule_high"} & set(out.columns)
    assert not hasattr(grp, "RULE_OF_THUMB")
    with pytest.raises(TypeError):
        grp.portfolio(funnel, rule_of_thumb=(0.01, 0.05))
    zh, en = SENTENCES["section.groups_portfolio"]
    assert "不是给群组合打分的标准" in zh and "not a standard to grade a portfolio against" in en
    assert "1%–5%" not in SENTENCES["section.groups_funnel"][0]
