"""Tests of analysis.surveys.products: the one rule table, the mix for one profile, and per segment.

Expected values are counted by hand on the `profile` fixture (conftest.py).
"""

from __future__ import annotations

import doctest
import re

import pandas as pd
import pytest

from analysis import report
from analysis.questionnaire import options_of, standard_questionnaire
from analysis.schemas import SEGMENTS
from analysis.surveys import PRODUCT_RULES, PRODUCTS, products, recommend_for, recommend_products

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def std(profile):
    return {"survey_answers": profile, "survey_questions": standard_questionnaire()}


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


def test_every_rule_has_its_reason_and_every_product_its_label_in_both_languages():
    for key in PRODUCT_RULES["reason"]:
        assert key in report.SENTENCES, key
        assert CJK.search(report.say(key, "zh")) and not CJK.search(report.say(key, "en")), key
    for code in PRODUCTS:
        assert f"product={code}" in report.LABELS, code


def test_recommend_for_one_profile():
    r = recommend_for("retiree", ["fixed_income", "retirement"])
    # segment bundle first (priority 1-4), then need-only products (pension account 11, insurance 12)
    assert r["product"].tolist() == ["fixed_income_wealth", "deposit", "anti_fraud", "social_security_card",
                                     "pension_account", "insurance"]
    assert r.loc[0, "triggers"] == "segment:retiree|need:fixed_income"
    assert recommend_for("unknown").empty and list(recommend_for().columns) == ["product", "priority", "triggers",
                                                                                 "reasons"]


def test_recommend_for_gives_the_reasons_in_the_report_language():
    zh = recommend_for("retiree", ["fixed_income"])
    assert zh.loc[0, "reasons"] == "退休客户：偏好稳健的固定收益；偏好稳健的固定收益"
    en = recommend_for("retiree", ["fixed_income"], language="en")
    assert not en["reasons"].str.contains(CJK).any()
    # a rule table of one's own may hold plain text
    own = PRODUCT_RULES.assign(reason="because")
    assert recommend_for("student", rules=own, language="en")["reasons"].tolist() == ["because", "because"]


def test_recommend_products_per_segment(std):
    r = recommend_products(std)
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


def test_recommend_products_with_min_share(std):
    r = recommend_products(std, min_share=0.6)
    pay = r.loc[r["segment"] == "payroll"].set_index("product")
    assert not pay.loc["education_savings", "in_bundle"] and pay.loc["deposit", "in_bundle"]


def test_recommend_products_bundle_only(std):
    everything = recommend_products(std, min_share=0.6)
    bundles = recommend_products(std, min_share=0.6, bundle_only=True)
    pd.testing.assert_frame_equal(bundles, everything.loc[everything["in_bundle"]].reset_index(drop=True))
    assert "education_savings" not in set(bundles.loc[bundles["segment"] == "payroll", "product"])


def test_docstring_examples_run():
    result = doctest.testmod(products, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
