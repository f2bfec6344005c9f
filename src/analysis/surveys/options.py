"""Option rates: the share of respondents choosing each option of a question, and the respondents' profile.

Tests: ``tests/surveys/test_options.py``. Notebook: ``01_community_survey`` (sections
"Community profile", "Segments and relationship groups", "Needs and product interest").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep
from analysis.errors import ParameterError
from analysis.rules import LEVEL
from analysis.stats import proportion
from analysis.surveys import _tables as T

__all__ = ["option_rates", "community_profile", "PROFILE_QUESTIONS"]

#: The questions of :func:`community_profile`: who the respondents are.
PROFILE_QUESTIONS = ("age_band", "gender", "family", "segment")


def option_rates(data=None, /, question_id=None, *, survey_answers: pd.DataFrame | None = None,
                 survey_questions: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
                 by=None, level: float = LEVEL, top: int = 1) -> pd.DataFrame:
    """Share of respondents choosing each option of a question, with Wilson intervals.

    Parameters
    ----------
    data : data set, optional
        A mapping of tables (e.g. :func:`analysis.surveys.survey_scope`): supplies every table
        not passed by name.
    question_id : str
        The question (``"q08"``, or a key of the standard questionnaire such as ``"needs"``).
        Single, multi, scale or rank; not open.
    survey_answers : DataFrame
        The survey_answers table (long form).
    survey_questions : DataFrame
        The codebook.
    survey_responses : DataFrame, optional
        The survey_responses table. When given, only its answer sheets count (e.g. one
        community), and its columns can be ``by``.
    by : str, optional
        Group by a single-choice question (e.g. ``"segment"``) or a column of
        ``survey_responses`` (``"community_id"``, ``"channel"``, ``"event_id"``,
        ``"submitted_at"`` by day).
    level : float, default :data:`analysis.rules.LEVEL`
        Level of the Wilson interval.
    top : int, default 1
        For a ranking question: an option counts as chosen when the respondent ranked it among
        their first ``top``.

    Returns
    -------
    DataFrame
        One row per option (per group and option with ``by``), options in codebook order, answers
        outside the codebook appended:

        - ``<by>``: the group (only with ``by``; sheets without a value for ``by`` are left out);
        - ``question_id``; ``option`` (code) and ``label`` (its text in the codebook);
        - ``respondents`` (int64): respondents who chose the option;
        - ``answered`` (int64): respondents who answered the question — the denominator;
        - ``rate`` = respondents / answered, ``ci_low``, ``ci_high`` (Wilson; NaN when nobody
          answered).

    Raises
    ------
    ParameterError
        Unknown question or ``by``, an open question, a multi-choice ``by``, a bad ``level``.

    Notes
    -----
    Multi-choice: the share of respondents who ticked the option, not the share of ticks, so the
    rates of a question add up to more than 100%. A respondent counts as having answered when
    the sheet has at least one answer to the question; skipped questions are not in the
    denominator. A question nobody answered gives ``answered`` 0 and NaN rates; with no answer
    sheets at all the result is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"question_id": ["q1"], "text": ["您近期有哪些金融需求？"], "kind": ["multi"],
    ...                   "options": ["transfer|pension"], "option_labels": ["跨行转账|养老规划"]})
    >>> a = pd.DataFrame({"response_id": ["R1", "R1", "R2", "R3"], "question_id": "q1",
    ...                   "value": ["transfer", "pension", "pension", "transfer"]})
    >>> option_rates(question_id="q1", survey_answers=a, survey_questions=q)[
    ...     ["option", "respondents", "answered", "rate"]]
         option  respondents  answered      rate
    0  transfer            2         3  0.666667
    1   pension            2         3  0.666667
    """
    func = "option_rates"
    t = T.tables(data, func, required=("survey_answers", "survey_questions"), optional=("survey_responses",),
                 survey_answers=survey_answers, survey_questions=survey_questions,
                 survey_responses=survey_responses)
    answers, questions, responses = t["survey_answers"], t["survey_questions"], t["survey_responses"]
    level = prep.check_level(level, func)
    if not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 1:
        raise ParameterError(f"{func}: top must be a whole number >= 1, got {top!r}")
    qid = T.question_id(questions, question_id, func)
    q = T.book(questions, qid)
    if q["kind"] == "open":
        raise ParameterError(f"{func}: {qid} is an open question ({q['text']}); it has no options to count — "
                             "read its answers in survey_answers")
    in_scope = T.sheets(answers, responses)
    a = T.answers_of(answers, qid, in_scope, q["kind"], top)
    codes = q["codes"] + [v for v in pd.unique(a["value"]) if v not in q["codes"]]
    labels = dict(zip(q["codes"], q["labels"]))
    if by is None:
        group = pd.Series("all", index=in_scope)
        name = None
        groups = ["all"]
    else:
        name, group = T.by_values(by, answers, questions, responses, in_scope, func)
        group = group.dropna()
        if name in ("question_id", "option", "label", "respondents", "answered"):
            name = f"by_{name}"
        groups = list(group.cat.categories) if isinstance(group.dtype, pd.CategoricalDtype) else \
            sorted(pd.unique(group))
    a = a.loc[a["response_id"].isin(group.index)].assign(group=lambda d: d["response_id"].map(group).astype(object))
    answered = a.drop_duplicates("response_id").groupby("group").size()
    chosen = a.groupby(["group", "value"]).size()
    present = set(pd.unique(group.astype(object)))
    groups = [g for g in groups if g in present]
    grid = pd.MultiIndex.from_product([groups, codes], names=["group", "value"])
    ch = chosen.reindex(grid, fill_value=0).to_numpy(dtype=np.int64)
    an = answered.reindex(grid.get_level_values("group"), fill_value=0).to_numpy(dtype=np.int64)
    est = proportion(ch, an, level=level) if len(grid) else proportion([0], [0], level).iloc[0:0]
    out = pd.DataFrame({
        "question_id": pd.Series([qid] * len(grid), dtype="string"),
        "option": pd.Series(grid.get_level_values("value").astype(str), dtype="string"),
        "label": pd.Series([labels.get(c, c) for c in grid.get_level_values("value")], dtype="string"),
        "respondents": ch, "answered": an,
        "rate": est["rate"].to_numpy(), "ci_low": est["ci_low"].to_numpy(), "ci_high": est["ci_high"].to_numpy(),
    })
    if name is not None:
        g = grid.get_level_values("group")
        if isinstance(group.dtype, pd.CategoricalDtype):
            g = pd.Categorical(g, categories=[c for c in group.cat.categories if c in present])
        out.insert(0, name, g)
    return out


def community_profile(data=None, /, questions=PROFILE_QUESTIONS, *, survey_answers: pd.DataFrame | None = None,
                      survey_questions: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
                      by=None, level: float = LEVEL) -> pd.DataFrame:
    """Who the respondents are: age, gender, family structure, occupation (segment).

    Parameters
    ----------
    data, survey_answers, survey_questions, survey_responses, by, level
        As in :func:`option_rates`.
    questions : sequence of str
        Single-choice questions (ids or standard keys); default :data:`PROFILE_QUESTIONS` (age
        band, gender, family, segment).

    Returns
    -------
    DataFrame
        :func:`option_rates` of each question, stacked, with ``question`` (the key as given)
        first: ``question``, [``<by>``], ``question_id``, ``option``, ``label``, ``respondents``,
        ``answered``, ``rate``, ``ci_low``, ``ci_high``.
    """
    t = T.tables(data, "community_profile", required=("survey_answers", "survey_questions"),
                 optional=("survey_responses",), survey_answers=survey_answers, survey_questions=survey_questions,
                 survey_responses=survey_responses)
    parts = [option_rates(None, q, **t, by=by, level=level).assign(question=str(q)) for q in questions]
    out = pd.concat(parts, ignore_index=True)
    return out[["question"] + [c for c in out.columns if c != "question"]].astype({"question": "string"})
