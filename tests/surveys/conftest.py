"""Fixtures of the surveys tests: tiny hand-made survey tables whose expected values are counted by hand
(``profile``) or printed by R (``weighting``: ``tests/surveys/surveys_reference.R`` writes it out literally too)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.questionnaire import QUESTION_IDS

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
    """The tables, and three data sets of them: ``aq`` (answers and codebook), ``ABC`` (with the
    responses of communities A, B, C and the communities) and ``ABCD`` (all responses)."""
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
    aq = {"survey_answers": answers, "survey_questions": questions}
    return {"answers": answers, "questions": questions, "responses": responses, "abc": abc,
            "communities": communities, "aq": aq,
            "ABC": {**aq, "survey_responses": abc, "communities": communities},
            "ABCD": {**aq, "survey_responses": responses, "communities": communities}}


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
    """The answers (survey_answers, long form) of the six `profile` sheets."""
    rows = [(sheet, QUESTION_IDS[key], v) for sheet, qs in PROFILE.items() for key, vs in qs.items() for v in vs]
    return pd.DataFrame(rows, columns=["response_id", "question_id", "value"]).astype("string")
