"""Tests of analysis.surveys.

Statistics are checked against R: every "# R:" constant was printed by
``Rscript tests/r/surveys_reference.R`` (R 4.2.2, survey 4.1.1) on the fixture
`weighting`, which that script writes out literally too. Domain logic is checked on
tiny fixtures whose expected values are counted by hand in the comments.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import labels, surveys
from analysis.errors import DataError, ParameterError
from analysis.io import Dataset
from analysis.questionnaire import QUESTION_IDS, options_of, questionnaire_markdown, standard_questionnaire
from analysis.schemas import SEGMENTS
from analysis.scope import for_branch
from analysis.surveys import (
    PRODUCT_RULES, PRODUCTS, community_coverage, community_profile, crosstab, crosstab_test, option_rates,
    rank_entry_points, recommend_for, recommend_products, relationship_groups, response_counts, segment_profile,
    survey_quality, survey_scope, weighted_rates, weighted_vs_unweighted,
)

ROOT = Path(__file__).resolve().parents[1]
TOL = 1e-12  # R printed 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


# ---------------------------------------------------------------------------
# fixtures
# ---------------------------------------------------------------------------
#
# `weighting` (the R script's fixture): 11 sheets in communities A (120 households: r01-r04),
# B (80: r05-r07), C (50: r08-r10) and D (40: r11, a single respondent).
#   q1 single yes/no/maybe:  yes yes no maybe | no no yes | yes maybe (none) | yes
#   q2 multi x/y/z:          xy x (none) z    | xz y xyz  | y x yz          | x
#   q3 single: nobody answered it.

IDS = [f"r{i:02d}" for i in range(1, 12)]
Q1 = ["yes", "yes", "no", "maybe", "no", "no", "yes", "yes", "maybe", None, "yes"]
Q2 = [["x", "y"], ["x"], None, ["z"], ["x", "z"], ["y"], ["x", "y", "z"], ["y"], ["x"], ["y", "z"], ["x"]]


@pytest.fixture
def weighting():
    rows = [(i, "q1", v) for i, v in zip(IDS, Q1) if v] + \
           [(i, "q2", v) for i, vs in zip(IDS, Q2) if vs for v in vs]
    answers = pd.DataFrame(rows, columns=["response_id", "question_id", "value"]).astype("string")
    questions = pd.DataFrame({"question_id": ["q1", "q2", "q3"], "text": ["愿意入群吗？", "需要哪些服务？", "没人回答的题"],
                              "kind": ["single", "multi", "single"],
                              "options": ["yes|no|maybe", "x|y|z", "a|b"],
                              "option_labels": ["愿意|不愿意|看情况", "转账|理财|养老", "甲|乙"]})
    responses = pd.DataFrame({"response_id": IDS, "community_id": list("AAAABBBCCCD")})
    communities = pd.DataFrame({"community_id": list("ABCD"), "name": ["甲小区", "乙小区", "丙小区", "丁小区"],
                                "households": [120, 80, 50, 40]})
    abc = responses.loc[responses["community_id"] != "D"].reset_index(drop=True)
    return {"answers": answers, "questions": questions, "responses": responses, "abc": abc,
            "communities": communities}


# `profile`: six sheets on the standard questionnaire.
#   sheet  segment       needs                      products held        age    wechat
#   S1     payroll       education                  deposit              30-39  yes
#   S2     payroll       (not answered)             deposit, credit_card 30-39  no
#   S3     retiree       fixed_income               wealth               60+    yes
#   S4     retiree       fixed_income, retirement   (not answered)       60+    yes
#   S5     (not answ.)   home_purchase              none                 18-29  (not answered)
#   S6     professional  none                       fund                 40-49  maybe
PROFILE = {
    "S1": {"segment": ["payroll"], "needs": ["education"], "products": ["deposit"], "age_band": ["30-39"],
           "wechat": ["yes"]},
    "S2": {"segment": ["payroll"], "products": ["deposit", "credit_card"], "age_band": ["30-39"], "wechat": ["no"]},
    "S3": {"segment": ["retiree"], "needs": ["fixed_income"], "products": ["wealth"], "age_band": ["60+"],
           "wechat": ["yes"]},
    "S4": {"segment": ["retiree"], "needs": ["fixed_income", "retirement"], "age_band": ["60+"], "wechat": ["yes"]},
    "S5": {"needs": ["home_purchase"], "products": ["none"], "age_band": ["18-29"]},
    "S6": {"segment": ["professional"], "needs": ["none"], "products": ["fund"], "age_band": ["40-49"],
           "wechat": ["maybe"]},
}


@pytest.fixture
def profile():
    rows = [(sheet, QUESTION_IDS[key], v) for sheet, qs in PROFILE.items() for key, vs in qs.items() for v in vs]
    return pd.DataFrame(rows, columns=["response_id", "question_id", "value"]).astype("string")


# ---------------------------------------------------------------------------
# option_rates
# ---------------------------------------------------------------------------


def test_option_rates_multi_choice_is_share_of_respondents_with_wilson_interval(weighting):
    r = option_rates(weighting["answers"], weighting["questions"], "q2")
    # hand count: 10 sheets answered q2 (r03 did not); x by r01 r02 r05 r07 r09 r11 = 6, y by r01 r06 r07 r08
    # r10 = 5, z by r04 r05 r07 r10 = 4 — 15 ticks, but the rates are per respondent (they add up to 1.5)
    assert r["option"].tolist() == ["x", "y", "z"]
    assert r["label"].tolist() == ["转账", "理财", "养老"]
    assert r["respondents"].tolist() == [6, 5, 4]
    assert r["answered"].tolist() == [10, 10, 10]
    close(r["rate"], [0.6, 0.5, 0.4])
    # R: prop.test(6, 10, correct = FALSE)$conf.int
    close(r.loc[0, ["ci_low", "ci_high"]], [0.312673769733658, 0.831819670293764])
    assert r["respondents"].dtype == "int64" and r["answered"].dtype == "int64"


def test_option_rates_restricted_to_responses_and_by_community(weighting):
    r = option_rates(weighting["answers"], weighting["questions"], "q1", responses=weighting["abc"])
    # hand count over A, B, C: 9 answered (r10 did not); yes by r01 r02 r07 r08
    assert r.loc[0, ["respondents", "answered"]].tolist() == [4, 9]
    # R: prop.test(4, 9, correct = FALSE)$conf.int
    close(r.loc[0, ["ci_low", "ci_high"]], [0.188778521097665, 0.733348706504507])
    by = option_rates(weighting["answers"], weighting["questions"], "q2", by="community_id",
                      responses=weighting["responses"])
    # hand count, community A: q2 answered by r01 r02 r04 = 3; x by r01 r02 = 2
    a = by.loc[by["community_id"] == "A"].set_index("option")
    assert a.loc["x", ["respondents", "answered"]].tolist() == [2, 3]
    assert by["community_id"].unique().tolist() == ["A", "B", "C", "D"]


def test_option_rates_of_a_question_nobody_answered_is_nan_not_an_error(weighting):
    r = option_rates(weighting["answers"], weighting["questions"], "q3")
    assert r["respondents"].tolist() == [0, 0] and r["answered"].tolist() == [0, 0]
    assert r[["rate", "ci_low", "ci_high"]].isna().all().all()


def test_option_rates_by_a_single_choice_question(profile):
    q = standard_questionnaire()
    r = option_rates(profile, q, "needs", by="segment")
    # S5 has no segment: left out. Payroll: only S1 answered needs (education).
    assert r["segment"].astype(str).unique().tolist() == ["payroll", "retiree", "professional"]
    pay = r.loc[r["segment"] == "payroll"].set_index("option")
    assert pay.loc["education", ["respondents", "answered"]].tolist() == [1, 1]
    ret = r.loc[r["segment"] == "retiree"].set_index("option")
    assert ret.loc["fixed_income", ["respondents", "answered"]].tolist() == [2, 2]
    assert ret.loc["retirement", ["respondents", "answered"]].tolist() == [1, 2]


def test_option_rates_of_a_ranking_counts_the_first_choices():
    q = pd.DataFrame({"question_id": ["r"], "text": ["排序"], "kind": ["rank"], "options": ["a|b|c"],
                      "option_labels": ["甲|乙|丙"]})
    a = pd.DataFrame({"response_id": ["1", "2", "3"], "question_id": "r", "value": ["a→b→c", "b→a→c", "a→c→b"]})
    # hand count: first choices a, b, a; among the first two: a 3, b 2, c 1
    assert option_rates(a, q, "r")["respondents"].tolist() == [2, 1, 0]
    assert option_rates(a, q, "r", top=2)["respondents"].tolist() == [3, 2, 1]


def test_option_rates_rejects_bad_arguments(weighting, profile):
    w = weighting
    with pytest.raises(ParameterError, match="q9"):
        option_rates(w["answers"], w["questions"], "q9")
    q = standard_questionnaire()
    with pytest.raises(ParameterError, match="open question"):
        option_rates(profile, q, "suggestions")
    with pytest.raises(ParameterError, match="multi question"):
        option_rates(profile, q, "needs", by="products")
    with pytest.raises(ParameterError, match="neither"):
        option_rates(w["answers"], w["questions"], "q1", by="nothing")
    with pytest.raises(ParameterError, match="level"):
        option_rates(w["answers"], w["questions"], "q1", level=95)


def test_community_profile_stacks_the_questions(profile):
    r = community_profile(profile, standard_questionnaire(), questions=("age_band", "segment"))
    assert r["question"].unique().tolist() == ["age_band", "segment"]
    age = r.loc[r["question"] == "age_band"].set_index("option")
    # hand count: 6 answered; 30-39 by S1 S2
    assert age.loc["30-39", ["respondents", "answered"]].tolist() == [2, 6]


# ---------------------------------------------------------------------------
# crosstabs
# ---------------------------------------------------------------------------


def test_crosstab_test_against_r(weighting):
    t = crosstab_test(weighting["answers"], weighting["questions"], "q1", "community_id",
                      responses=weighting["abc"])
    # R: chisq.test(table(q1, community), correct = FALSE) on communities A, B, C
    close(t[["chi2", "dof", "p_value"]].iloc[0], [3.25, 4, 0.516893147411009])
    close(t["cramers_v"], [0.424918292799399])
    assert t["n"].item() == 9 and bool(t["small_expected"].item())
    assert t[["row_question", "col_question"]].iloc[0].tolist() == ["q1", "community_id"]


def test_crosstab_cells_against_r(weighting):
    c = crosstab(weighting["answers"], weighting["questions"], "q1", "community_id", responses=weighting["abc"])
    # hand count: yes 2 1 1 | no 1 2 0 | maybe 1 0 1 (columns A, B, C)
    assert c["observed"].tolist() == [2, 1, 1, 1, 2, 0, 1, 0, 1]
    # R: chisq.test(...)$expected, read row by row
    close(c["expected"], [1.777777777777778, 1.333333333333333, 0.888888888888889,
                          1.333333333333333, 1.0, 0.666666666666667,
                          0.888888888888889, 0.666666666666667, 0.444444444444444])
    assert c["small_expected"].all()
    close(c.loc[0:2, "row_share"], [0.5, 0.25, 0.25])


def test_crosstab_smaller_than_2x2_is_not_testable(profile):
    q = standard_questionnaire()
    only_payroll = profile.loc[profile["response_id"].isin(["S1", "S2"])]
    t = crosstab_test(only_payroll, q, "segment", "wechat")
    assert t["dof"].item() == 0 and np.isnan(t["p_value"].item()) and t["n"].item() == 2
    c = crosstab(only_payroll, q, "segment", "wechat")
    assert c["observed"].tolist() == [1, 1] and c["expected"].isna().all()


def test_crosstab_refuses_multi_choice_and_the_same_question(profile):
    q = standard_questionnaire()
    with pytest.raises(ParameterError, match="multi"):
        crosstab(profile, q, "needs", "segment")
    with pytest.raises(ParameterError, match="same"):
        crosstab_test(profile, q, "segment", "segment")


# ---------------------------------------------------------------------------
# weighted estimates (R survey package)
# ---------------------------------------------------------------------------

# R: svymean(~q1, svydesign(ids = ~1, strata = ~community, weights = ~w, fpc = ~households)) and confint(),
#    on the respondents of A, B, C who answered q1, w = households / respondents who answered
R_Q1 = [[0.4466666666666667, 0.1977652929892177, 0.0590538150157884, 0.8342795183175449],
        [0.3333333333333334, 0.1577057738673861, 0.0242356963992387, 0.6424309702674280],
        [0.2200000000000000, 0.1533623161014465, -0.0805846161444823, 0.5205846161444824]]
# R: svymean(~x), svymean(~y), svymean(~z) on the same design for q2 (one 0/1 indicator per option)
R_Q2 = [[0.600000000000000, 0.200222098902416, 0.207571897242248, 0.992428102757752],
        [0.506666666666667, 0.200222098902416, 0.114238563908915, 0.899094769424419],
        [0.4400000000000000, 0.2002220989024161, 0.0475718972422479, 0.8324281027577521]]


def test_weighted_rates_single_choice_equals_r_survey(weighting):
    w = weighted_rates(weighting["answers"], weighting["questions"], "q1", weighting["abc"], weighting["communities"])
    close(w[["rate", "se", "ci_low", "ci_high"]], R_Q1)
    assert w["answered"].tolist() == [9, 9, 9] and w["respondents"].tolist() == [4, 3, 2]
    assert w["communities"].tolist() == [3, 3, 3]
    close(w["households"], [250, 250, 250])  # A + B + C


def test_weighted_rates_multi_choice_equals_r_survey(weighting):
    w = weighted_rates(weighting["answers"], weighting["questions"], "q2", weighting["abc"], weighting["communities"])
    close(w[["rate", "se", "ci_low", "ci_high"]], R_Q2)


def test_weighted_rates_level(weighting):
    w = weighted_rates(weighting["answers"], weighting["questions"], "q2", weighting["abc"], weighting["communities"],
                       level=0.90)
    # R: confint(svymean(~x, des), level = 0.90)
    close(w.loc[0, ["ci_low", "ci_high"]], [0.270663954424524, 0.929336045575475])


def test_a_community_with_one_respondent_is_adjusted_as_r_or_refused(weighting):
    w = weighting
    got = weighted_rates(w["answers"], w["questions"], "q1", w["responses"], w["communities"])
    # R: options(survey.lonely.psu = "adjust"); svymean(~q1, ...) with community D (r11 alone)
    close(got[["rate", "se", "ci_low", "ci_high"]],
          [[0.522988505747126, 0.182446278016729, 0.165400371720956, 0.880576639773297],
           [0.2873563218390804, 0.1414742888426774, 0.0100718109690159, 0.5646408327091450],
           [0.1896551724137931, 0.1347085536691462, -0.0743687411872144, 0.4536790860148006]])
    x = weighted_rates(w["answers"], w["questions"], "q2", w["responses"], w["communities"])
    # R: same, svymean(~x, ...)
    close(x.loc[0, ["rate", "se", "ci_low", "ci_high"]],
          [0.655172413793103, 0.178880420128573, 0.304573232801706, 1.005771594784501])
    with pytest.raises(DataError, match="single respondent"):
        weighted_rates(w["answers"], w["questions"], "q1", w["responses"], w["communities"], lonely_psu="fail")


def test_weighted_rates_of_a_question_nobody_answered(weighting):
    w = weighted_rates(weighting["answers"], weighting["questions"], "q3", weighting["abc"], weighting["communities"])
    assert w["answered"].tolist() == [0, 0]
    assert w[["rate", "se", "ci_low", "ci_high"]].isna().all().all()


def test_weighted_rates_needs_every_community_in_the_communities_table(weighting):
    w = weighting
    with pytest.raises(DataError, match="D"):
        weighted_rates(w["answers"], w["questions"], "q1", w["responses"], w["communities"].iloc[:3])


def test_weighted_vs_unweighted(weighting):
    w = weighting
    r = weighted_vs_unweighted(w["answers"], w["questions"], "q2", w["abc"], w["communities"])
    # hand count over A, B, C: 9 answered, x by r01 r02 r05 r07 r09 = 5; weighted x from R = 0.6
    close(r.loc[0, ["unweighted", "weighted", "difference"]], [5 / 9, 0.6, 0.6 - 5 / 9])
    close(r.loc[0, ["weighted_ci_low", "weighted_ci_high"]], R_Q2[0][2:])


def test_relationship_groups_estimated_households(weighting):
    w = weighting
    g = relationship_groups(w["answers"], w["questions"], w["abc"], w["communities"], question="q2", exclude=("z",))
    # largest first; est_households = weighted rate (R) × 250 households of A, B, C
    assert g["option"].tolist() == ["x", "y"]
    close(g["est_households"], [0.6 * 250, 0.506666666666667 * 250], tol=1e-9)
    close(g["est_households_ci_low"], [0.207571897242248 * 250, 0.114238563908915 * 250], tol=1e-9)
    assert g["respondents"].tolist() == [5, 5]


# ---------------------------------------------------------------------------
# segments and recommendations
# ---------------------------------------------------------------------------


def test_segment_profile(profile):
    p = segment_profile(profile, standard_questionnaire(), questions=("needs", "products"))
    ret = p.loc[(p["segment"] == "retiree") & (p["question"] == "products")].set_index("option")
    # hand count: retirees S3 (wealth) and S4 (products not answered) → 1 answered, wealth 1
    assert ret.loc["wealth", ["respondents", "answered"]].tolist() == [1, 1]
    assert list(p.columns[:2]) == ["segment", "question"]


def test_the_rule_table_is_one_consistent_table():
    r = PRODUCT_RULES
    assert set(r["product"]) <= set(PRODUCTS)
    assert set(r.loc[r["trigger"] == "segment", "value"]) <= set(SEGMENTS)
    assert set(r.loc[r["trigger"] == "need", "value"]) <= set(options_of("needs"))
    assert not r.duplicated(["trigger", "value", "product"]).any()
    # the practice's payroll bundle: deposits, mobile banking, consumer loans, principal-protected products
    payroll = r.loc[(r["trigger"] == "segment") & (r["value"] == "payroll")].sort_values("priority")
    assert payroll["product"].tolist() == ["deposit", "mobile_banking", "consumer_loan", "principal_protected"]
    retiree = set(r.loc[(r["trigger"] == "segment") & (r["value"] == "retiree"), "product"])
    assert {"fixed_income_wealth", "deposit", "anti_fraud"} <= retiree


def test_recommend_for_one_profile():
    r = recommend_for("retiree", ["fixed_income", "retirement"])
    # segment bundle first (priority 1-4), then need-only products (pension account 11, insurance 12)
    assert r["product"].tolist() == ["fixed_income_wealth", "deposit", "anti_fraud", "social_security_card",
                                     "pension_account", "insurance"]
    assert r.loc[0, "triggers"] == "segment:retiree|need:fixed_income"
    assert recommend_for("unknown").empty and list(recommend_for().columns) == ["product", "priority", "triggers",
                                                                                 "reasons"]


def test_recommend_products_per_segment(profile):
    r = recommend_products(profile, standard_questionnaire())
    pay = r.loc[r["segment"] == "payroll"].set_index("product")
    # hand count: payroll S1, S2 → the 4 bundle products for 2 of 2; education (S1) → education savings and
    # insurance for 1 of 2 (50% ≥ 25%: in the bundle); deposit already held by S1 and S2
    assert pay.index.tolist() == ["deposit", "mobile_banking", "consumer_loan", "principal_protected",
                                  "education_savings", "insurance"]
    assert pay["respondents"].tolist() == [2, 2, 2, 2, 1, 1]
    assert pay["answered"].unique().tolist() == [2]
    assert pay["in_bundle"].all()
    assert pay.loc["deposit", "already_held"] == 2 and pay.loc["insurance", "already_held"] == 0
    assert pay.loc["insurance", "not_held"] == 1 and pay.loc["deposit", "not_held"] == 0
    assert pd.isna(pay.loc["principal_protected", "already_held"])  # not on the products-held question
    ret = r.loc[r["segment"] == "retiree"].set_index("product")
    # S3 holds wealth: the stable fixed-income wealth product counts as held
    assert ret.loc["fixed_income_wealth", ["respondents", "already_held"]].tolist() == [2, 1]
    assert ret.loc["pension_account", "respondents"] == 1  # S4's retirement need
    assert r["segment"].unique().tolist() == ["payroll", "retiree", "professional"]  # S5 has no segment


def test_recommend_products_with_min_share(profile):
    r = recommend_products(profile, standard_questionnaire(), min_share=0.6)
    pay = r.loc[r["segment"] == "payroll"].set_index("product")
    assert not pay.loc["education_savings", "in_bundle"] and pay.loc["deposit", "in_bundle"]


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------

ENTRIES = pd.DataFrame({
    "entry_id": ["E1", "E2", "E3", "E4"], "community_id": "C1",
    "kind": ["supermarket", "club", "laundry", "beauty"], "name": ["超市", "会所", "洗衣店", "美容院"],
    "daily_flow": [900, 80, 100, 60], "cost_per_visit": [1.0, 15.0, 2.0, 8.0], "value_score": [3.0, 4.6, 2.8, 4.2],
})


def test_entry_points_new_community_high_flow_low_cost_first():
    r = rank_entry_points(ENTRIES)
    # percentile ranks: flow E1 1, E3 .75, E2 .5, E4 .25; low cost E1 1, E3 .75, E4 .5, E2 .25;
    # value E2 1, E4 .75, E1 .5, E3 .25. New: .5 flow + .3 low cost + .2 value
    # E1 .9, E3 .65, E2 .525, E4 .425
    assert r["entry_id"].tolist() == ["E1", "E3", "E2", "E4"]
    close(r["score"], [0.9, 0.65, 0.525, 0.425])
    assert r["advice"].tolist() == ["enter_first", "enter_first", "high_value_later", "high_value_later"]
    assert r["stage"].unique().tolist() == ["new"] and r["rank"].tolist() == [1, 2, 3, 4]


def test_entry_points_established_community_high_value_first():
    events = pd.DataFrame({"event_id": ["V1", "V2", "V3"], "community_id": "C1"})
    r = rank_entry_points(ENTRIES, events=events)
    # three events → established: .2 flow + .2 low cost + .6 value: E2 .75, E1 .7, E4 .6, E3 .45;
    # E3 is in the top third for flow and cost → keep_flow
    assert r["stage"].unique().tolist() == ["established"] and r["events"].unique().tolist() == [3]
    assert r["entry_id"].tolist() == ["E2", "E1", "E4", "E3"]
    assert r["advice"].tolist() == ["deepen", "deepen", "optional", "keep_flow"]
    assert rank_entry_points(ENTRIES, events=events, min_events=4)["stage"].unique().tolist() == ["new"]


def test_entry_points_empty_and_bad_stage():
    assert rank_entry_points(ENTRIES.iloc[0:0]).empty
    with pytest.raises(ParameterError, match="stage"):
        rank_entry_points(ENTRIES, stage="old")


# ---------------------------------------------------------------------------
# counts, scope, quality
# ---------------------------------------------------------------------------


def test_response_counts_and_coverage(weighting):
    r = weighting["responses"].assign(submitted_at=pd.to_datetime(["2026-09-03"] * 6 + ["2026-09-09"] * 5),
                                      channel=["booth"] * 7 + ["online"] * 4)
    c = response_counts(r, "community_id")
    assert c["responses"].tolist() == [4, 3, 3, 1]
    close(c["share"], [4 / 11, 3 / 11, 3 / 11, 1 / 11])
    # 2026-09-03 is a Thursday: its week starts on Monday 2026-08-31; 09-09 is in the week of 09-07
    w = response_counts(r, "week")
    assert w["week"].dt.strftime("%Y-%m-%d").tolist() == ["2026-08-31", "2026-09-07"]
    assert w["responses"].tolist() == [6, 5]
    assert response_counts(r, ["channel", "date"])["responses"].tolist() == [6, 1, 4]
    # a time line alone lists the days without sheets too: 09-03 … 09-09 is 7 days
    assert response_counts(r, "date")["responses"].tolist() == [6, 0, 0, 0, 0, 0, 5]
    cov = community_coverage(r, weighting["communities"])
    close(cov["coverage"], [4 / 120, 3 / 80, 3 / 50, 1 / 40])
    assert response_counts(r.iloc[0:0], "community_id").empty
    with pytest.raises(ParameterError, match="month"):
        response_counts(r, "month")


def test_survey_quality_findings(weighting):
    w = weighting
    r = pd.concat([w["responses"], pd.DataFrame({"response_id": ["r12"], "community_id": ["Z"]})],
                  ignore_index=True)
    r = r.assign(duration_s=pd.array([30] + [200] * 11, dtype="Int64"),
                 person_id=pd.array(["H1", "H1"] + [None] * 10, dtype="string"))
    a = pd.concat([w["answers"], pd.DataFrame({"response_id": ["r05"], "question_id": ["q1"], "value": ["bogus"]})],
                  ignore_index=True)
    f = survey_quality(r, a, w["questions"], w["communities"]).set_index("check")
    # hand count: r12 has no answers; r01 took 30 s; r01 and r02 are one person; r05 answered q1 "bogus";
    # q3 answered by nobody (12 sheets missing); D has one sheet; Z is not a community
    assert f.loc["no_answers", "n_rows"] == 1 and f.loc["too_fast", "rows"] == "r01"
    assert f.loc["repeat_respondent", "n_rows"] == 2 and f.loc["unknown_option", "n_rows"] == 1
    assert f.loc["item_nonresponse", "detail"].startswith("q3") and f.loc["item_nonresponse", "n_rows"] == 12
    assert {"thin_community", "unknown_community"} <= set(f.index)
    clean = survey_quality(w["abc"], w["answers"], w["questions"].iloc[:2], min_answered=0.5)
    assert clean.empty and list(clean.columns) == ["check", "n_rows", "rows", "detail"]


def test_survey_scope(sample_tables):
    scoped = for_branch(Dataset(sample_tables), "B01")
    all_c = survey_scope(scoped)
    one = survey_scope(scoped, "B01-C02")
    assert set(one["responses"]["community_id"]) == {"B01-C02"}
    assert set(one["answers"]["response_id"]) <= set(one["responses"]["response_id"])
    assert len(one["responses"]) < len(all_c["responses"])
    with pytest.raises(ParameterError, match="B02-C01"):
        survey_scope(scoped, "B02-C01")
    empty = {**scoped, "survey_questions": scoped["survey_questions"].iloc[0:0]}
    assert survey_scope(empty)["questions"]["question_id"].tolist() == list(QUESTION_IDS.values())


# ---------------------------------------------------------------------------
# every public function on the sample data: the shared vocabulary
# ---------------------------------------------------------------------------

VOCAB = {
    "question_id", "question", "option", "label", "respondents", "answered", "rate", "ci_low", "ci_high", "se",
    "communities", "households", "population", "est_households", "est_households_ci_low", "est_households_ci_high",
    "responses", "share", "coverage", "community_id", "name", "channel", "week", "date", "segment", "unweighted",
    "unweighted_ci_low", "unweighted_ci_high", "weighted", "weighted_ci_low", "weighted_ci_high", "difference",
    "row_question", "col_question", "chi2", "dof", "p_value", "cramers_v", "n", "min_expected", "small_expected",
    "cells_below_5", "observed", "expected", "residual", "std_residual", "row_share", "product", "priority",
    "triggers", "reasons", "in_bundle", "already_held", "not_held", "stage", "events", "entry_id", "kind", "daily_flow",
    "cost_per_visit", "value_score", "flow_pct", "low_cost_pct", "value_pct", "score", "rank", "advice", "check",
    "n_rows", "rows", "detail", "age_band", "wechat",
}


def test_every_public_function_on_the_sample_speaks_the_vocabulary(sample_tables):
    scoped = for_branch(Dataset(sample_tables), "B01")
    s = survey_scope(scoped)
    a, q, r, c = s["answers"], s["questions"], s["responses"], s["communities"]
    results = {
        "response_counts": response_counts(r, ["channel", "week"]),
        "community_coverage": community_coverage(r, c),
        "option_rates": option_rates(a, q, "needs", by="community_id", responses=r),
        "community_profile": community_profile(a, q),
        "crosstab": crosstab(a, q, "age_band", "wechat"),
        "crosstab_test": crosstab_test(a, q, "age_band", "wechat"),
        "weighted_rates": weighted_rates(a, q, "needs", r, c),
        "weighted_vs_unweighted": weighted_vs_unweighted(a, q, "products", r, c),
        "segment_profile": segment_profile(a, q),
        "relationship_groups": relationship_groups(a, q, r, c),
        "recommend_for": recommend_for("payroll", ["education"]),
        "recommend_products": recommend_products(a, q),
        "rank_entry_points": rank_entry_points(s["entry_points"], s["events"]),
        "survey_quality": survey_quality(r, a, q, c),
    }
    for name, df in results.items():
        assert isinstance(df.index, pd.RangeIndex), name
        assert set(df.columns) <= VOCAB, (name, set(df.columns) - VOCAB)
        for col in df.columns:  # every column has a Chinese label for the report
            assert labels.label(col, "zh", surveys.ZH) != col, (name, col)
        for col in ("respondents", "answered", "responses", "n", "dof", "observed", "rank", "events", "n_rows"):
            if col in df:
                assert df[col].dtype == "int64", (name, col)
        if {"rate", "ci_low", "ci_high"} <= set(df.columns) and name != "weighted_rates":
            ok = df.dropna(subset=["rate"])
            assert ((ok["ci_low"] <= ok["rate"] + 1e-12) & (ok["rate"] <= ok["ci_high"] + 1e-12)).all(), name
        assert len(df), name
    # the salon-heavy sample answers: multi-choice rates are shares of respondents (sum above 1)
    assert results["option_rates"].groupby("community_id")["rate"].sum().gt(1).all()


def test_docstring_examples_run():
    result = doctest.testmod(surveys, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_printable_questionnaire_is_up_to_date():
    # docs/questionnaire.md is questionnaire_markdown() written out; regenerate it with
    #   Path("docs/questionnaire.md").write_text(questionnaire_markdown(), encoding="utf-8")
    text = (ROOT / "docs" / "questionnaire.md").read_text(encoding="utf-8")
    assert text == questionnaire_markdown()
