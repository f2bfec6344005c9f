"""Tests of analysis.surveys.responses: scope, sheets by community / channel / day / week, coverage, quality.

Expected values are counted by hand in the comments (fixtures in conftest.py).
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.errors import DataError, ParameterError
from analysis.io import Dataset
from analysis.questionnaire import QUESTION_IDS, questionnaire_markdown
from analysis.scope import for_branch
from analysis.surveys import (
    MIN_SECONDS, SURVEY_TABLES, community_coverage, response_counts, responses, survey_quality, survey_scope,
)

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def close(actual, expected, tol=1e-12):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


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
    cov = community_coverage(survey_responses=r, communities=weighting["communities"])
    close(cov["coverage"], [4 / 120, 3 / 80, 3 / 50, 1 / 40])
    assert response_counts(r.iloc[0:0], "community_id").empty
    with pytest.raises(ParameterError, match="month"):
        response_counts(r, "month")


def test_response_days_follow_the_one_timezone_rule():
    # 2026-09-06 20:00 UTC is 2026-09-07 04:00 in Shanghai: a Monday, so the sheet counts in the week of 09-07.
    # Naive values are local times as they are; text is parsed (earlier, the text sheets raised an AttributeError)
    aware = pd.DataFrame({"response_id": ["R1", "R2"],
                          "submitted_at": pd.to_datetime(["2026-09-06 20:00", "2026-09-05 10:00"]).tz_localize("UTC")})
    assert response_counts(aware, "date")["date"].dt.strftime("%m-%d").tolist() == ["09-05", "09-06", "09-07"]
    assert response_counts(aware, "week")["responses"].tolist() == [1, 1]
    text = pd.DataFrame({"response_id": ["R1", "R2", "R3"],
                         "submitted_at": ["2026-09-06 20:00+00:00", "2026-09-07 09:00", "2026-09-06 23:30"]})
    assert response_counts(text, "date")["responses"].tolist() == [1, 2]  # 09-06 23:30 | 09-07 04:00 and 09:00
    with pytest.raises(DataError, match="not_a_time"):
        response_counts(text.assign(submitted_at=["2026-09-06", "next week", None]), "date")


def test_survey_quality_findings(weighting):
    w = weighting
    r = pd.concat([w["responses"], pd.DataFrame({"response_id": ["r12"], "community_id": ["Z"]})],
                  ignore_index=True)
    r = r.assign(duration_s=pd.array([30] + [200] * 11, dtype="Int64"),
                 person_id=pd.array(["H1", "H1"] + [None] * 10, dtype="string"))
    a = pd.concat([w["answers"], pd.DataFrame({"response_id": ["r05"], "question_id": ["q1"], "value": ["bogus"]})],
                  ignore_index=True)
    f = survey_quality(survey_responses=r, survey_answers=a, survey_questions=w["questions"],
                       communities=w["communities"]).set_index("check")
    # hand count: r12 has no answers; r01 took 30 s; r01 and r02 are one person; r05 answered q1 "bogus";
    # q3 answered by nobody (12 sheets missing); D has one sheet; Z is not a community
    assert f.loc["no_answers", "n_rows"] == 1 and f.loc["too_fast", "rows"] == "r01"
    assert f.loc["repeat_respondent", "n_rows"] == 2 and f.loc["unknown_option", "n_rows"] == 1
    assert f.loc["item_nonresponse", "detail"].startswith("q3") and f.loc["item_nonresponse", "n_rows"] == 12
    assert {"thin_community", "unknown_community"} <= set(f.index)
    clean = survey_quality(survey_responses=w["abc"], survey_answers=w["answers"],
                           survey_questions=w["questions"].iloc[:2], min_answered=0.5)
    assert clean.empty and list(clean.columns) == ["check", "n_rows", "rows", "detail"]


def test_survey_quality_speaks_the_report_language(weighting, sample_tables):
    w = weighting
    r = w["responses"].assign(duration_s=pd.array([30] + [200] * 10, dtype="Int64"))
    zh = survey_quality(survey_responses=r, survey_answers=w["answers"], survey_questions=w["questions"],
                        communities=w["communities"]).set_index("check")
    en = survey_quality(survey_responses=r, survey_answers=w["answers"], survey_questions=w["questions"],
                        communities=w["communities"], language="en").set_index("check")
    assert zh.loc["too_fast", "detail"] == f"1 份答卷用时不足 {MIN_SECONDS} 秒，可能未认真作答"
    assert en.loc["too_fast", "detail"] == \
        f"1 answer sheet(s) took under {MIN_SECONDS} seconds: perhaps not read carefully"
    assert list(zh.index) == list(en.index)
    # an item of the standard questionnaire is named by its label, not by its Chinese text
    sv = survey_scope(for_branch(Dataset(sample_tables), "B01"))
    low = survey_quality(sv, min_answered=1.0, language="en")
    assert not low["detail"].str.contains(CJK).any(), low["detail"].tolist()
    with pytest.raises(ParameterError, match="min_answered"):
        survey_quality(sv, min_answered=80)


def test_survey_scope(sample_tables):
    scoped = for_branch(Dataset(sample_tables), "B01")
    all_c = survey_scope(scoped)
    one = survey_scope(scoped, "B01-C02")
    assert tuple(one) == SURVEY_TABLES  # a data set keyed by the contract's table names
    assert set(one["survey_responses"]["community_id"]) == {"B01-C02"}
    assert set(one["survey_answers"]["response_id"]) <= set(one["survey_responses"]["response_id"])
    assert len(one["survey_responses"]) < len(all_c["survey_responses"])
    with pytest.raises(ParameterError, match="B02-C01"):
        survey_scope(scoped, "B02-C01")
    empty = {**scoped, "survey_questions": scoped["survey_questions"].iloc[0:0]}
    assert survey_scope(empty)["survey_questions"]["question_id"].tolist() == list(QUESTION_IDS.values())


def test_docstring_examples_run():
    result = doctest.testmod(responses, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_printable_questionnaire_is_up_to_date():
    # docs/questionnaire.md is questionnaire_markdown() written out; regenerate it with
    #   Path("docs/questionnaire.md").write_text(questionnaire_markdown(), encoding="utf-8")
    text = (ROOT / "docs" / "questionnaire.md").read_text(encoding="utf-8")
    assert text == questionnaire_markdown()
