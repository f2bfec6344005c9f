"""Segment profiles: what each customer segment (工薪, 退休, 个体工商户 …) needs, holds and wants to attend.

Tests: ``tests/surveys/test_segments.py``. Notebook: ``01_community_survey`` (section "What to
recommend to whom").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep
from analysis.rules import LEVEL
from analysis.surveys import _tables as T
from analysis.surveys.options import option_rates

__all__ = ["segment_profile", "segment_needs", "SEGMENT_QUESTIONS", "NO_NEED"]

#: The questions :func:`segment_profile` crosses with the segments by default.
SEGMENT_QUESTIONS = ("needs", "products", "topics")
#: Options of the needs question that state no need (暂无需求): left out of :func:`segment_needs`.
NO_NEED = ("none",)

_TABLES = dict(required=("survey_answers", "survey_questions"), optional=("survey_responses",))


def segment_profile(data=None, /, *, survey_answers: pd.DataFrame | None = None,
                    survey_questions: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
                    segment="segment", questions=SEGMENT_QUESTIONS, level: float = LEVEL) -> pd.DataFrame:
    """Segment × needs, products held and preferred activities.

    Parameters
    ----------
    data, survey_answers, survey_questions, survey_responses, level
        As in :func:`analysis.surveys.option_rates`.
    segment : str
        The single-choice question that defines the segments (default the occupation question,
        whose codes are the contract's segments), or a column of ``survey_responses``.
    questions : sequence of str
        Questions profiled (default :data:`SEGMENT_QUESTIONS`: needs, products held, activity
        topics).

    Returns
    -------
    DataFrame
        ``segment`` (the group; codebook order), ``question``, ``question_id``, ``option``,
        ``label``, ``respondents``, ``answered`` (respondents of the segment who answered the
        question), ``rate``, ``ci_low``, ``ci_high`` (Wilson) — :func:`option_rates` by segment
        for each question, stacked.
    """
    t = T.tables(data, "segment_profile", **_TABLES, survey_answers=survey_answers,
                 survey_questions=survey_questions, survey_responses=survey_responses)
    parts = []
    for q in questions:
        r = option_rates(None, q, **t, by=segment, level=level)
        parts.append(r.rename(columns={r.columns[0]: "segment"}).assign(question=str(q)))
    out = pd.concat(parts, ignore_index=True)
    cols = ["segment", "question"] + [c for c in out.columns if c not in ("segment", "question")]
    return out[cols].astype({"question": "string"})


def segment_needs(data=None, /, *, survey_answers: pd.DataFrame | None = None,
                  survey_questions: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
                  segment="segment", needs="needs", top: int = 3, exclude=NO_NEED,
                  level: float = LEVEL) -> pd.DataFrame:
    """The first needs of each segment: what to talk about with whom.

    Parameters
    ----------
    data, survey_answers, survey_questions, survey_responses, level
        As in :func:`analysis.surveys.option_rates`.
    segment : str
        As in :func:`segment_profile`.
    needs : str
        The needs question (default the standard questionnaire's ``needs``).
    top : int, default 3
        How many needs per segment (the most frequent first).
    exclude : sequence of str
        Options that state no need (default :data:`NO_NEED`).

    Returns
    -------
    DataFrame
        Up to ``top`` rows per segment (segments in codebook order): ``segment``, ``rank``
        (int64, 1 = the segment's most frequent need), ``option``, ``label``, ``respondents``,
        ``answered`` (respondents of the segment who answered the needs question), ``rate``,
        ``ci_low``, ``ci_high`` (Wilson). Needs nobody of the segment stated are left out; ties
        keep the codebook order.

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"question_id": ["s", "n"], "text": ["职业", "需求"], "kind": ["single", "multi"],
    ...                   "options": ["retiree|student", "pension|transfer|none"],
    ...                   "option_labels": ["退休|学生", "养老|转账|暂无"]})
    >>> a = pd.DataFrame({"response_id": ["1", "1", "2", "2", "2", "3", "3"],
    ...                   "question_id": ["s", "n", "s", "n", "n", "s", "n"],
    ...                   "value": ["retiree", "pension", "retiree", "pension", "transfer", "student", "none"]})
    >>> segment_needs(segment="s", needs="n", survey_answers=a, survey_questions=q)[
    ...     ["segment", "rank", "option", "respondents", "answered"]]
       segment  rank    option  respondents  answered
    0  retiree     1   pension            2         2
    1  retiree     2  transfer            1         2
    """
    func = "segment_needs"
    t = T.tables(data, func, **_TABLES, survey_answers=survey_answers, survey_questions=survey_questions,
                 survey_responses=survey_responses)
    top = prep.check_count(top, "top", func)
    r = option_rates(None, needs, **t, by=segment, level=level)
    r = r.rename(columns={r.columns[0]: "segment"})
    r = r.loc[(~r["option"].isin(list(exclude))).to_numpy() & (r["respondents"] > 0).to_numpy()]
    order = np.arange(len(r))
    r = r.assign(_order=order).sort_values(["segment", "respondents", "_order"], ascending=[True, False, True],
                                           kind="stable")
    r = r.assign(rank=r.groupby("segment", observed=True).cumcount().astype("int64") + 1)
    r = r.loc[r["rank"] <= top]
    return r[["segment", "rank", "option", "label", "respondents", "answered", "rate", "ci_low",
              "ci_high"]].reset_index(drop=True)
