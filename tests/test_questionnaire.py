"""The standard questionnaire: codebook integrity and the printable version."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.questionnaire import (
    QUESTION_IDS,
    QUESTIONS,
    options_of,
    questionnaire_markdown,
    standard_questionnaire,
)
from analysis.schemas import AGE_BANDS, QUESTION_KINDS, SEGMENTS, TABLES, empty_frame


@pytest.fixture(scope="module")
def codebook() -> pd.DataFrame:
    return standard_questionnaire()


def test_codebook_has_the_schema_columns_and_dtypes(codebook):
    expected = empty_frame("survey_questions")
    assert list(codebook.columns) == TABLES["survey_questions"].column_names
    assert codebook.dtypes.to_dict() == expected.dtypes.to_dict()
    assert isinstance(codebook.index, pd.RangeIndex)


def test_question_ids_are_unique_and_numbered_in_order(codebook):
    assert codebook["question_id"].is_unique
    assert list(codebook["question_id"]) == [f"q{i:02d}" for i in range(1, len(codebook) + 1)]
    assert list(QUESTION_IDS.values()) == list(codebook["question_id"])
    assert len(set(QUESTION_IDS)) == len(QUESTIONS)  # English keys unique too


def test_kinds_are_allowed_and_cover_the_brief(codebook):
    assert set(codebook["kind"].astype(str)) <= set(QUESTION_KINDS)
    assert set(codebook["kind"].astype(str)) == {"single", "multi", "scale", "open"}


def test_options_and_labels_line_up(codebook):
    for row in codebook.itertuples():
        if row.kind == "open":
            assert pd.isna(row.options) and pd.isna(row.option_labels)
            continue
        codes, labels = row.options.split("|"), row.option_labels.split("|")
        assert len(codes) == len(labels) >= 2, row.question_id
        assert len(set(codes)) == len(codes), f"{row.question_id}: duplicate codes"
        assert len(set(labels)) == len(labels), f"{row.question_id}: duplicate labels"
        assert all(c and c == c.strip() for c in codes)


def test_option_codes_reuse_the_contract_vocabularies():
    assert options_of("age_band") == AGE_BANDS
    assert options_of("segment") == SEGMENTS
    assert options_of("gender") == ("female", "male")
    assert options_of("satisfaction") == ("1", "2", "3", "4", "5")
    assert "our_bank" in options_of("banks") and "other" in options_of("banks")
    assert {"square_dance", "parent_child", "car_club", "hiking", "mahjong", "fitness", "cooking"} \
        <= set(options_of("circles"))
    with pytest.raises(KeyError):
        options_of("no_such_question")


def test_kinds_of_named_questions(codebook):
    kind = dict(zip(codebook["question_id"], codebook["kind"].astype(str)))
    assert kind[QUESTION_IDS["banks"]] == "multi"
    assert kind[QUESTION_IDS["needs"]] == "multi"
    assert kind[QUESTION_IDS["is_customer"]] == "single"
    assert kind[QUESTION_IDS["satisfaction"]] == "scale"
    assert kind[QUESTION_IDS["suggestions"]] == "open"


def test_markdown_contains_every_question_numbered_like_wjx(codebook):
    md = questionnaire_markdown()
    for i, text in enumerate(codebook["text"], start=1):
        assert f"{i}、{text}" in md
    for labels in codebook["option_labels"].dropna():
        for label in labels.split("|"):
            assert label in md


def test_markdown_marks_single_and_multi_choice_and_states_privacy():
    md = questionnaire_markdown()
    lines = md.splitlines()
    banks = lines[lines.index(next(ln for ln in lines if "您平时使用哪些银行" in ln)) + 2]
    gender = lines[lines.index(next(ln for ln in lines if "您的性别是" in ln)) + 2]
    assert banks.startswith("□") and "○" not in banks
    assert gender.startswith("○") and "□" not in gender
    assert "姓名" in md and "手机号" in md  # no names or phone numbers are stored
