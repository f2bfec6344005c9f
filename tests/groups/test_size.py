"""Tests of analysis.groups.size: group size vs activity (binomial GLM, cluster-robust) against R.

Every "# R:" constant was printed by ``Rscript tests/groups/groups_reference.R`` (R 4.2.2, sandwich
3.0-2, lmtest 0.9-40); the comment gives the R call. The tests do not need R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis import rules
from analysis.errors import DataError, ParameterError

RTOL_GLM = 1e-8  # binomial GLM, both sides to full convergence: agreement seen < 1e-8

SIZE = pd.DataFrame({
    "group_id": list("AABBCCDDEEFF"),
    "tier": ["elite"] * 8 + ["potential"] * 4,
    "members": [10, 10, 13, 13, 9, 9, 14, 14, 40, 42, 35, 35],
    "active_members": [6, 4, 5, 7, 5, 6, 4, 3, 9, 6, 12, 8],
})
# R: glm(cbind(active_members, members - active_members) ~ ..., family = binomial, data = health,
#        control = glm.control(epsilon = 1e-15, maxit = 100));
#    V <- vcovCL(fit, cluster = ~group_id, type = "HC1"); coeftest(fit, V, df = 5); coefci(fit, vcov. = V, df = 5)
#    (odds ratio, ci_low, ci_high, p)
R_SIZE = {
    ("unadjusted", "small"): [3.47712418300653603, 1.58817800927081065, 7.61274398302492816, 0.00946483841223098],
    ("within_tier", "small"): [2.275541795665634, 0.733151056578211, 7.062787971674692, 0.121019264654440],
    ("within_tier", "tier:elite"): [1.814693877551020, 0.546151916006220, 6.029666421940468, 0.258105791365311],
    ("size_slope", "log2_members"): [0.13685160311387143, 0.04062078426644763, 0.46105366041162388,
                                     0.00841500213703231],
    ("size_slope", "tier:elite"): [0.08656206332306468, 0.00725438557694005, 1.03289117007575060,
                                   0.05208199677397293],
}


def test_size_activity_matches_r_cluster_robust_glm():
    out = grp.size_activity(SIZE)
    assert list(zip(out["model"], out["term"])) == list(R_SIZE)
    for (model, term), ref in R_SIZE.items():
        row = out[(out["model"] == model) & (out["term"] == term)].iloc[0]
        np.testing.assert_allclose(row[["estimate", "ci_low", "ci_high", "p_value"]].to_numpy(dtype=float), ref,
                                   rtol=RTOL_GLM)
    assert set(out["n"]) == {12} and set(out["groups"]) == {6}


def test_size_activity_sign_small_groups_more_active():
    # known direction: small groups (A, C) have higher shares than large ones in the fixture
    out = grp.size_activity(SIZE)
    assert out.loc[0, "estimate"] > 1


def test_size_answer_reads_the_within_tier_estimate():
    ans = grp.size_answer(grp.size_activity(SIZE)).iloc[0]
    # within tier the interval 0.73–7.06 contains 1; unadjusted 1.59–7.61 lies above 1
    assert ans["verdict"] == "cannot_tell" and ans["raw_verdict"] == "small_more_active"


def test_size_answer_without_notes():
    # a clean estimate (no note) above 1 within tier
    c = pd.DataFrame({"model": ["unadjusted", "within_tier"], "term": ["small", "small"], "estimate": [3.0, 2.0],
                      "ci_low": [1.5, 1.2], "ci_high": [6.0, 3.3], "note": pd.array([pd.NA, pd.NA], dtype="string")})
    assert grp.size_answer(c).loc[0, "verdict"] == "small_more_active"


def test_size_activity_when_the_data_cannot_tell():
    # no tier has groups on both sides of 11: the within-tier comparison is not estimable
    one_side = SIZE[SIZE["group_id"].isin(["A", "C", "E", "F"])]
    out = grp.size_activity(one_side)
    row = out[(out["model"] == "within_tier") & (out["term"] == "small")].iloc[0]
    assert row["note"] == "not_estimable" and np.isnan(row["estimate"])
    assert grp.size_answer(out).loc[0, "verdict"] == "not_estimable"
    # one large elite group against two small ones: one group's habits, not size
    single = SIZE[SIZE["group_id"].isin(["A", "B", "C", "E", "F"])]
    assert grp.size_answer(grp.size_activity(single)).loc[0, "verdict"] == "too_few_groups"
    # three groups cannot carry three coefficients (small + two tiers' worth): not estimable
    three = SIZE[SIZE["group_id"].isin(["A", "B", "E"])]
    out = grp.size_activity(three)
    assert out.loc[out["model"] == "within_tier", "note"].eq("not_estimable").all()


def test_size_uses_each_groups_median_size_not_its_first_week():
    # group F has 8 members in its first week and 35 afterwards: it is not a small group
    h = pd.concat([SIZE, pd.DataFrame({"group_id": ["F"], "tier": ["potential"], "members": [8],
                                       "active_members": [5]})], ignore_index=True)
    out = grp.size_activity(h)
    row = out[(out["model"] == "within_tier") & (out["term"] == "small")].iloc[0]
    assert row["note"] != "not_estimable"  # still only elite has both sides
    assert grp.size_answer(out).loc[0, "verdict"] == "cannot_tell"


def test_small_group_is_the_elite_size_rule():
    assert grp.SMALL_GROUP == rules.ELITE_SIZE == 11


def test_size_activity_rejects_bad_input():
    with pytest.raises(ParameterError, match="small_size"):
        grp.size_activity(SIZE, small_size=0)
    with pytest.raises(DataError, match="active_le_members.*row 1 \\(A\\)"):
        grp.size_activity(SIZE.assign(active_members=[11] + SIZE["active_members"].tolist()[1:]))


def test_size_sentence_in_both_languages():
    ans = grp.size_answer(grp.size_activity(SIZE))
    zh = grp.size_sentence(ans, "zh")
    en = grp.size_sentence(ans, "en")
    # the within-tier verdict first, then the pooled odds ratio 3.48 (1.59–7.61) with its warning
    assert zh.startswith("结论（同一层级内）：**数据无法判断")
    assert "3.48（95% 区间 1.59–7.61）" in zh
    assert en.startswith("Answer (within a tier): **The data cannot tell")
    assert "odds ratio of posting in small against larger groups is 3.48 (95% CI 1.59–7.61)" in en
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en)
    # without an unadjusted estimate only the verdict is said
    one = grp.size_answer(grp.size_activity(SIZE[SIZE["group_id"].isin(["A", "C"])]))
    assert grp.size_sentence(one, "en") == "Answer (within a tier): **Not estimable**."
