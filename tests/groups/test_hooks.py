"""Tests of analysis.groups.hooks: the join-hook cost per member, nominal vs effective.

The reference case is DESIGN.md's (20,000 joined, 15,000 yuan, 5-yuan reward): ``hook`` in conftest.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.errors import DataError
from analysis.schemas import empty_frame


def close(actual, expected, tol=1e-9):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_hook_cost_reference_case_from_design(hook):
    row = grp.hook_costs(hook).iloc[0]
    # DESIGN.md: 20,000 joined, 15,000 yuan spent with a 5-yuan red packet → 0.75 yuan, 15% of nominal
    close([row["nominal_cost"], row["effective_cost"], row["cost_ratio"]], [5.0, 0.75, 0.15])
    close([row["nominal_spend"], row["paid_per_claim"], row["days"]], [100_000.0, 5.0, 14.0])
    # claim rate 3,000 / 20,000; R: prop.test(3000, 20000, correct = FALSE)$conf.int
    close([row["rate"], row["ci_low"], row["ci_high"]], [0.15, 0.145118564855896, 0.155015860383378])
    close(row["joins_per_day"], 20_000 / 14)


def test_hook_cost_edge_cases(hook):
    out = grp.hook_costs(hook)
    # nobody joined: no cost per member, no rate
    assert out.loc[1, ["effective_cost", "cost_ratio", "rate", "days"]].isna().all()
    with pytest.raises(DataError, match="claimed_le_joined"):
        grp.hook_costs(hook.assign(claimed=[30_000, 0]))
    assert grp.hook_costs(empty_frame("hook_campaigns")).empty


def test_hook_sentence_in_both_languages(hook):
    out = grp.hook_costs(hook)
    en = grp.hook_sentence(out, "en")
    assert en == ("H1: 20,000 joined, 3,000 claimed (15.0%), 15,000 yuan spent: **0.75 yuan per member**, 15.0% of "
                  "the nominal 5.00 yuan. H2: nobody joined, so there is no cost per member.")
    zh = grp.hook_sentence(out, "zh")
    assert zh.startswith("H1：进群 20,000 人，领取 3,000 人（15.0%），实际支出 15,000 元：每个新成员 **0.75 元**")
    assert grp.hook_sentence(out.iloc[:0], "en") == "No join-hook campaign in this period."


def test_hook_times_follow_the_timezone_rule(hook):
    # a campaign stamped in UTC: 01:00Z is 09:00 in Shanghai, the same two weeks
    aware = hook.assign(started_at=pd.to_datetime(["2026-08-03 01:00", None]).tz_localize("UTC"),
                        ended_at=pd.to_datetime(["2026-08-17 01:00", None]).tz_localize("UTC"))
    out = grp.hook_costs(aware)
    assert out.loc[0, "started_at"] == pd.Timestamp("2026-08-03 09:00") and out.loc[0, "days"] == 14.0
