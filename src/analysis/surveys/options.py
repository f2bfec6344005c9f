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
    question_id : str or list of str
        The question (``"q08"``, or a key of the standard questionnaire such as ``"needs"``).
        Single, multi, scale or rank; not open. A list of questions gives their results stacked
        in the order asked, counted in one pass over the answers (the way to read a whole
        questionnaire: ``option_rates(data, ["q01", "q02", …])``).
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
    Counting: the answers are coded to integers once (:func:`analysis.surveys._tables.tally`) and
    every (sheet, option) pair is counted once — a sheet that ticks an option twice counts once —
    with no loop over the answers, so a city's 29 million answers take seconds.

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
    many = question_id is not None and not isinstance(question_id, str) and pd.api.types.is_list_like(question_id)
    asked = list(question_id) if many else [question_id]
    if many and not asked:
        raise ParameterError(f"{func}: the list of questions is empty; name at least one question")
    books = []
    for item in asked:
        qid = T.question_id(questions, item, func)
        q = T.book(questions, qid)
        if q["kind"] == "open":
            raise ParameterError(f"{func}: {qid} is an open question ({q['text']}); it has no options to count — "
                                 "read its answers in survey_answers")
        books.append(q)
    # the answer sheets counted, and their groups
    in_scope = T.sheets(answers, responses) if responses is not None or by is not None else None
    if by is None:
        anyone = len(in_scope) > 0 if in_scope is not None else answers["response_id"].first_valid_index() is not None
        name, groups, codes_of, categories = None, (["all"] if anyone else []), None, None
    else:
        name, group = T.by_values(by, answers, questions, responses, in_scope, func)
        group = group.dropna()
        if name in ("question_id", "option", "label", "respondents", "answered"):
            name = f"by_{name}"
        groups = list(group.cat.categories) if isinstance(group.dtype, pd.CategoricalDtype) else \
            sorted(pd.unique(group))
        present = set(pd.unique(group.astype(object)))
        groups = [g for g in groups if g in present]
        categories = [c for c in group.cat.categories if c in present] if isinstance(group.dtype,
                                                                                     pd.CategoricalDtype) else None
        number = {g: i for i, g in enumerate(groups)}
        codes_of = pd.Series(group.astype(object).map(number).to_numpy(dtype=np.float64), index=group.index)
    # one pass over the answers for every plain question; a ranking question is expanded first
    plain = [i for i, q in enumerate(books) if q["kind"] != "rank"]
    counts: dict[int, dict] = dict(zip(plain, T.tally(answers, [books[i] for i in plain], in_scope, codes_of,
                                                      len(groups))))
    for i, q in enumerate(books):
        if q["kind"] == "rank":
            ranked = T.answers_of(answers, q["question_id"], in_scope, "rank", top)
            ranked = ranked.assign(question_id=q["question_id"])
            counts[i] = T.tally(ranked, [q], None, codes_of, len(groups))[0]
    parts = [_frame(books[i], counts[i], groups, name, categories, level) for i in range(len(books))]
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _frame(q: dict, count: dict, groups: list, name, categories, level: float) -> pd.DataFrame:
    """The result rows of one question: groups × options, counts and Wilson intervals."""
    qid, codes = q["question_id"], count["values"]
    labels = dict(zip(q["codes"], q["labels"]))
    grid = pd.MultiIndex.from_product([groups, codes], names=["group", "value"])
    ch = count["chosen"].reshape(-1).astype(np.int64) if len(grid) else np.zeros(0, np.int64)
    an = np.repeat(count["answered"], len(codes)).astype(np.int64) if len(grid) else np.zeros(0, np.int64)
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
        if categories is not None:
            g = pd.Categorical(g, categories=categories)
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
