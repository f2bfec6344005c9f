"""Private helpers of the surveys package: the tables of a call, the codebook, one question's answers.

Every public function of :mod:`analysis.surveys` reads its tables through :func:`tables` (the
``prep.pick`` convention: an optional data set first, tables by their contract names) and a
question through :func:`question_id` / :func:`book` / :func:`answers_of`.
"""

from __future__ import annotations

import pandas as pd

from analysis import prep
from analysis.errors import ParameterError
from analysis.questionnaire import QUESTION_IDS
from analysis.wjx import RANK_SEP

__all__: list[str] = []

#: Separator of the codebook's ``options`` and ``option_labels`` (and of joined triggers).
SEP = "|"

#: Columns each survey table must have when a function reads it.
COLUMNS = {
    "survey_answers": ("response_id", "question_id", "value"),
    "survey_questions": ("question_id", "text", "kind"),
    "survey_responses": ("response_id",),
    "communities": ("community_id",),
    "entry_points": ("entry_id", "community_id", "daily_flow", "cost_per_visit", "value_score"),
    "events": ("community_id",),
}


def tables(data, func: str, required=(), optional=(), **given) -> dict:
    """The tables of one call (:func:`analysis.prep.pick`), each checked for the columns it needs.

    A DataFrame in the data-set position is the old positional call: refused with a message that
    says how to pass tables now.
    """
    if isinstance(data, pd.DataFrame):
        raise ParameterError(f"{func}: the first argument is a data set (table name → DataFrame, e.g. "
                             f"surveys.survey_scope(...)); pass single tables by name, e.g. "
                             f"{func}(survey_answers=..., survey_questions=...).")
    t = prep.pick(data, func, required=required, optional=optional, **given)
    for name, df in t.items():
        if df is not None:
            prep.require_frame(df, name, COLUMNS.get(name, ()), func)
    return t


def question_id(questions: pd.DataFrame, question, func: str) -> str:
    """A question id of the codebook, from its id or the standard questionnaire's key."""
    if question is None:
        raise ParameterError(f"{func}: name the question, e.g. {func}(data, 'needs') "
                             f"(a question id of survey_questions or a key of the standard questionnaire)")
    ids = set(questions["question_id"].astype(str))
    q = str(question)
    if q in ids:
        return q
    if q in QUESTION_IDS and QUESTION_IDS[q] in ids:
        return QUESTION_IDS[q]
    raise ParameterError(f"{func}: question {question!r} is not in survey_questions "
                         f"(question ids: {prep.show(sorted(ids))}; keys of the standard questionnaire: "
                         f"{prep.show(QUESTION_IDS)})")


def book(questions: pd.DataFrame, qid: str) -> dict:
    """One question of the codebook: id, kind, text, option codes and their labels."""
    row = questions.loc[questions["question_id"].astype(str) == qid].iloc[0]
    codes = str(row["options"]).split(SEP) if pd.notna(row.get("options")) and str(row["options"]) else []
    labels = (str(row["option_labels"]).split(SEP) if "option_labels" in row and pd.notna(row["option_labels"])
              and str(row["option_labels"]) else list(codes))
    if len(labels) != len(codes):
        labels = list(codes)
    return {"question_id": qid, "kind": str(row["kind"]), "text": str(row["text"]), "codes": codes, "labels": labels}


def sheets(survey_answers: pd.DataFrame, responses: pd.DataFrame | None) -> pd.Index:
    """The answer sheets in scope: those of ``responses``, else every sheet with an answer."""
    if responses is not None:
        return pd.Index(responses["response_id"].dropna().astype(str).unique())
    return pd.Index(survey_answers["response_id"].dropna().astype(str).unique())


def answers_of(survey_answers, qid: str, in_scope: pd.Index, kind: str, top: int = 1) -> pd.DataFrame:
    """(response_id, value) of one question within the sheets; rank answers → their first ``top`` codes."""
    a = survey_answers.loc[(survey_answers["question_id"].astype(str) == qid).to_numpy()]
    a = a.loc[a["response_id"].astype(str).isin(in_scope).to_numpy() & a["value"].notna().to_numpy()]
    a = pd.DataFrame({"response_id": a["response_id"].astype(str).to_numpy(),
                      "value": a["value"].astype(str).to_numpy()})
    if kind == "rank":
        a = a.assign(value=a["value"].str.split(RANK_SEP).map(lambda v: v[:top])).explode("value")
        a = a.dropna(subset=["value"])
    return a.drop_duplicates().reset_index(drop=True)


def by_values(by, survey_answers, survey_questions, responses, in_scope, func) -> tuple[str, pd.Series]:
    """One grouping value per sheet: a column of ``responses`` or a single-choice question."""
    if responses is not None and by in responses.columns:
        s = responses.assign(response_id=responses["response_id"].astype(str)).drop_duplicates("response_id")
        if by == "submitted_at":  # by day, under the timezone rule (text is parsed, unreadable is an error)
            s = s.assign(submitted_at=prep.times(s, "survey_responses", "submitted_at", func,
                                                 key=("response_id",)).dt.normalize())
        vals = s.set_index("response_id")[by].reindex(in_scope)
        if isinstance(vals.dtype, pd.CategoricalDtype):
            vals = vals.cat.remove_unused_categories()
        return by, vals
    try:
        qid = question_id(survey_questions, by, func)
    except ParameterError:
        cols = f"; columns of survey_responses: {prep.show(responses.columns)}" if responses is not None else \
            " (pass survey_responses=... to group by one of its columns)"
        raise ParameterError(f"{func}: by={by!r} is neither a question of survey_questions nor a column of "
                             f"survey_responses{cols}") from None
    q = book(survey_questions, qid)
    if q["kind"] not in ("single", "scale"):
        raise ParameterError(f"{func}: by={by!r} is a {q['kind']} question; group by a single-choice question "
                             "(one answer per respondent) or a column of survey_responses")
    a = answers_of(survey_answers, qid, in_scope, q["kind"]).drop_duplicates("response_id")
    vals = a.set_index("response_id")["value"].reindex(in_scope)
    order = q["codes"] + sorted(set(vals.dropna()) - set(q["codes"]))
    return str(by), pd.Series(pd.Categorical(vals, categories=order), index=vals.index)


def empty(columns: dict) -> pd.DataFrame:
    """An empty result with the documented columns and dtypes."""
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in columns.items()})
