"""The answer first: the header facts and the verdict of a survey report, in the report's language.

Tests: ``tests/surveys/test_summary.py``. Notebook: ``01_community_survey`` (the first cell).
"""

from __future__ import annotations

import pandas as pd

from analysis import report
from analysis.errors import ParameterError
from analysis.report.labels import check_language
from analysis.rules import LEVEL
from analysis.surveys import _tables as T
from analysis.surveys.segments import NO_NEED
from analysis.surveys.weighting import relationship_groups, weighted_rates

__all__ = ["scope_facts", "verdict"]


def scope_facts(data, community_id: str = "", language: str = "zh") -> dict:
    """The facts of a survey report's header: its scope and how many answer sheets it reads.

    Parameters
    ----------
    data : data set
        :func:`analysis.surveys.survey_scope` of the report.
    community_id : str, optional
        The community the report is restricted to (empty: all of the branch's).
    language : {"zh", "en"}

    Returns
    -------
    dict
        Label key → text, for ``report.header(..., **scope_facts(...))``: ``header.scope`` (the
        community, or "all N communities") and ``survey_responses`` (the number of sheets).

    Examples
    --------
    >>> import pandas as pd
    >>> data = {"communities": pd.DataFrame({"community_id": ["C1", "C2"]}),
    ...         "survey_responses": pd.DataFrame({"response_id": ["R1", "R2", "R3"]})}
    >>> scope_facts(data, language="en")
    {'header.scope': 'all 2 communities', 'survey_responses': '3'}
    """
    check_language(language)
    where = community_id or report.say("surveys.scope.all", language, n=len(data["communities"]))
    return {"header.scope": where, "survey_responses": report.fmt(len(data["survey_responses"]), "count", language)}


def verdict(data=None, /, *, survey_responses: pd.DataFrame | None = None,
            survey_answers: pd.DataFrame | None = None, survey_questions: pd.DataFrame | None = None,
            communities: pd.DataFrame | None = None, needs="needs", circles="circles", language: str = "zh",
            level: float = LEVEL) -> str:
    """The survey's answer in a few sentences: how many answered, the first need, the largest group.

    Parameters
    ----------
    data : data set, optional
        :func:`analysis.surveys.survey_scope` of the report (supplies the tables not passed).
    survey_responses, survey_answers, survey_questions, communities : DataFrame
        The survey tables and the communities (their households weight the estimates).
    needs, circles : str
        The needs and relationship-groups questions (ids or standard keys); a question the
        codebook lacks is left out of the verdict.
    language : {"zh", "en"}
    level : float, default :data:`analysis.rules.LEVEL`

    Returns
    -------
    str
        Sentences ``surveys.verdict.*`` of the report vocabulary: the sheets and communities;
        the households' most common need (weighted, with its interval; "no need" left out); the
        largest relationship group with its estimated households. Without answer sheets, the
        warning that the report is empty.
    """
    check_language(language)
    t = T.tables(data, "verdict", required=("survey_responses", "survey_answers", "survey_questions", "communities"),
                 survey_responses=survey_responses, survey_answers=survey_answers,
                 survey_questions=survey_questions, communities=communities)
    responses = t["survey_responses"]
    if responses.empty:
        return report.say("surveys.verdict.no_data", language)
    parts = [report.say("surveys.verdict.counts", language, responses=len(responses),
                        answering=responses["community_id"].nunique(), communities=len(t["communities"]))]

    def known(question) -> bool:
        try:
            T.question_id(t["survey_questions"], question, "verdict")
        except ParameterError:
            return False
        return True

    if known(needs):
        w = weighted_rates(None, needs, **t, level=level)
        w = w.loc[~w["option"].isin(list(NO_NEED))].dropna(subset=["rate"])
        if len(w):
            top = w.sort_values("rate", ascending=False, kind="stable").iloc[0]
            parts.append(report.say("surveys.verdict.need", language, rate=top["rate"], ci_low=top["ci_low"],
                                    ci_high=top["ci_high"],
                                    option=report.value_label(top["option"], language, column="option")))
    if known(circles):
        g = relationship_groups(None, **t, question=circles, level=level).dropna(subset=["rate"])
        if len(g):
            top = g.iloc[0]
            parts.append(report.say("surveys.verdict.circle", language, est_households=top["est_households"],
                                    low=top["est_households_ci_low"], high=top["est_households_ci_high"],
                                    option=report.value_label(top["option"], language, column="option")))
    return ("" if language == "zh" else " ").join(parts)
