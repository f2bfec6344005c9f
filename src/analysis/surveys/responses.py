"""Who answered: the survey tables of a report's scope, sheets by community, channel and week, coverage, quality.

Tests: ``tests/surveys/test_responses.py``. Notebook: ``01_community_survey`` (sections "Who
answered" and "Data quality").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, report, rules
from analysis.errors import ParameterError
from analysis.questionnaire import QUESTION_IDS, standard_questionnaire
from analysis.surveys import _tables as T
from analysis.wjx import RANK_SEP

__all__ = [
    "MIN_SECONDS", "MIN_ANSWERED", "MIN_PER_COMMUNITY", "SURVEY_TABLES",
    "codebook", "survey_scope", "response_counts", "community_coverage", "survey_quality",
]

#: Sheets filled in faster than this many seconds (所用时间) are flagged by :func:`survey_quality`
#: (alias of :data:`analysis.rules.SURVEY_MIN_SECONDS`).
MIN_SECONDS = rules.SURVEY_MIN_SECONDS
#: A non-open question answered on fewer than this share of the sheets is flagged
#: (:data:`analysis.rules.SURVEY_MIN_ANSWERED`).
MIN_ANSWERED = rules.SURVEY_MIN_ANSWERED
#: A community with fewer sheets has no variance estimate when weighting: flagged
#: (:data:`analysis.rules.SURVEY_MIN_PER_COMMUNITY`).
MIN_PER_COMMUNITY = rules.SURVEY_MIN_PER_COMMUNITY

#: The tables of a survey report, as :func:`survey_scope` returns them (contract names).
SURVEY_TABLES = ("survey_responses", "survey_answers", "survey_questions", "communities", "entry_points", "events",
                 "staff")


def codebook(survey_questions: pd.DataFrame) -> pd.DataFrame:
    """The codebook to use: ``survey_questions``, or the standard questionnaire when it is empty.

    Returns
    -------
    DataFrame
        ``question_id``, ``text``, ``kind``, ``options``, ``option_labels`` (the
        ``survey_questions`` schema).
    """
    if survey_questions is None or len(survey_questions) == 0:
        return standard_questionnaire()
    return survey_questions.reset_index(drop=True)


def survey_scope(scoped, community_id: str = "") -> dict:
    """The survey tables of a report's scope, optionally restricted to one community.

    Parameters
    ----------
    scoped : data set
        A branch's data (:func:`analysis.scope.for_branch`).
    community_id : str, optional
        Keep only this community (its responses, answers, entry points and events); empty: all
        communities of the branch.

    Returns
    -------
    dict
        The data set of a survey report, keyed by contract table name (:data:`SURVEY_TABLES`):
        ``survey_responses``, ``survey_answers``, ``survey_questions`` (:func:`codebook`),
        ``communities``, ``entry_points``, ``events`` and ``staff`` (the branch's, whole: the
        owners of :func:`analysis.surveys.actions`; None when the data set has none). Pass it as
        the first argument of the other functions of the package.

    Raises
    ------
    ParameterError
        When ``community_id`` is not one of the branch's communities.
    """
    comms = scoped["communities"]
    resp = scoped["survey_responses"]
    if community_id:
        if community_id not in set(comms["community_id"].dropna()):
            raise ParameterError(f"community_id {community_id!r} is not a community of this branch "
                                 f"(communities: {prep.show(sorted(comms['community_id'].dropna()))})")
        comms = comms.loc[comms["community_id"] == community_id]
        resp = resp.loc[(resp["community_id"] == community_id).fillna(False).to_numpy()]
    ids = set(resp["response_id"].dropna())
    answers = scoped["survey_answers"]
    answers = answers.loc[answers["response_id"].isin(ids).to_numpy()]
    ep = scoped["entry_points"]
    ev = scoped["events"]
    if community_id:
        ep = ep.loc[(ep["community_id"] == community_id).fillna(False).to_numpy()]
        ev = ev.loc[(ev["community_id"] == community_id).fillna(False).to_numpy()]
    staff = scoped.get("staff") if hasattr(scoped, "get") else None
    return {"survey_responses": resp.reset_index(drop=True), "survey_answers": answers.reset_index(drop=True),
            "survey_questions": codebook(scoped["survey_questions"]), "communities": comms.reset_index(drop=True),
            "entry_points": ep.reset_index(drop=True), "events": ev.reset_index(drop=True),
            "staff": staff.reset_index(drop=True) if staff is not None else None}


def response_counts(survey_responses: pd.DataFrame, by="community_id") -> pd.DataFrame:
    """Answer sheets by community, channel, event, day or week.

    Parameters
    ----------
    survey_responses : DataFrame
        The survey_responses table.
    by : str or list of str
        Columns of the table, or ``"date"`` (day of ``submitted_at``) or ``"week"`` (the Monday
        of its week).

    Returns
    -------
    DataFrame
        The ``by`` columns, ``responses`` (int64) and ``share`` (of all sheets counted; sheets
        with a missing ``by`` value are not counted). Sorted by the ``by`` columns; categories
        with no sheet are left out, except that ``by="date"`` or ``by="week"`` alone lists every
        day or week from the first to the last with 0 for those without sheets.

    Notes
    -----
    Days and weeks follow the timezone rule of :mod:`analysis.prep`: a ``submitted_at`` with a
    UTC offset counts on its local (``rules.TIMEZONE``) day; text that is not a time is a
    DataError.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"response_id": ["R1", "R2", "R3"], "channel": ["booth", "booth", "online"],
    ...                   "submitted_at": pd.to_datetime(["2026-09-03", "2026-09-04", "2026-09-10"])})
    >>> response_counts(r, "channel")
      channel  responses     share
    0   booth          2  0.666667
    1  online          1  0.333333
    """
    func = "response_counts"
    keys = [by] if isinstance(by, str) else list(by)
    prep.require_frame(survey_responses, "survey_responses", ["response_id"], func)
    derived = {}
    for k in keys:
        if k in ("date", "week"):
            prep.require_frame(survey_responses, "survey_responses", ["submitted_at"], func)
            day = prep.times(survey_responses, "survey_responses", "submitted_at", func,
                             key=("response_id",)).dt.normalize()
            derived[k] = day if k == "date" else day - pd.to_timedelta(day.dt.day_of_week, unit="D")
        elif k not in survey_responses.columns:
            raise ParameterError(f"{func}: by={k!r} is not a column of survey_responses "
                                 f"(columns: {prep.show(survey_responses.columns)}; or 'date', 'week')")
        else:
            s = survey_responses[k]
            derived[k] = s.astype(object) if isinstance(s.dtype, pd.CategoricalDtype) else s
    frame = pd.DataFrame(derived).dropna()
    if frame.empty:
        return pd.DataFrame({**{k: pd.Series([], dtype=object) for k in keys},
                             "responses": pd.Series([], dtype="int64"), "share": pd.Series([], dtype="float64")})
    out = frame.groupby(keys, sort=True).size().rename("responses").reset_index()
    if keys in (["date"], ["week"]):  # a time line: periods without sheets are shown as 0
        full = pd.date_range(out[keys[0]].min(), out[keys[0]].max(), freq="D" if keys == ["date"] else "7D")
        out = out.set_index(keys[0]).reindex(full, fill_value=0).rename_axis(keys[0]).reset_index()
    return out.assign(responses=out["responses"].astype("int64"),
                      share=out["responses"] / out["responses"].sum()).reset_index(drop=True)


def community_coverage(data=None, /, *, survey_responses: pd.DataFrame | None = None,
                       communities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Answer sheets per community against its households.

    Parameters
    ----------
    data : data set, optional
        Supplies the tables not passed by name.
    survey_responses, communities : DataFrame
        The contract's tables.

    Returns
    -------
    DataFrame
        One row per community of ``communities``: ``community_id``, ``name``, ``households``,
        ``responses`` (int64), ``share`` (of all sheets of these communities) and ``coverage``
        (sheets per household, responses / households; 0 when nobody answered).

    Notes
    -----
    ``coverage`` is not a sampling rate with an interval: a household may answer twice. It shows
    where the survey is thin; a community with fewer than 2 sheets has no variance estimate in
    :func:`analysis.surveys.weighted_rates`.
    """
    func = "community_coverage"
    t = T.tables(data, func, required=("survey_responses", "communities"), survey_responses=survey_responses,
                 communities=communities)
    responses, comms = t["survey_responses"], t["communities"]
    prep.require_frame(responses, "survey_responses", ["community_id"], func)
    prep.require_frame(comms, "communities", ["community_id", "households"], func)
    counts = responses.groupby("community_id", observed=True).size()
    out = comms[["community_id"] + (["name"] if "name" in comms else []) + ["households"]].copy()
    resp = out["community_id"].map(counts).fillna(0).astype("int64")
    total = resp.sum()
    return out.assign(responses=resp.to_numpy(),
                      share=(resp / total).to_numpy() if total else np.full(len(out), np.nan),
                      coverage=(resp / out["households"].astype("float64")).to_numpy()).reset_index(drop=True)


def _question_name(qid: str, text: str, language: str) -> str:
    """A question as a reader knows it: the standard questionnaire's label, else the codebook's text."""
    keys = {v: k for k, v in QUESTION_IDS.items()}
    standard = dict(zip(standard_questionnaire()["question_id"], standard_questionnaire()["text"]))
    if qid in keys and standard.get(qid) == text:
        return report.value_label(keys[qid], language, column="question")
    return text


def survey_quality(data=None, /, *, survey_responses: pd.DataFrame | None = None,
                   survey_answers: pd.DataFrame | None = None, survey_questions: pd.DataFrame | None = None,
                   communities: pd.DataFrame | None = None, min_seconds: int = MIN_SECONDS,
                   min_answered: float = MIN_ANSWERED, min_per_community: int = MIN_PER_COMMUNITY,
                   language: str = "zh") -> pd.DataFrame:
    """The survey's own data findings (beyond the contract's validation).

    Parameters
    ----------
    data : data set, optional
        Supplies the tables not passed by name.
    survey_responses, survey_answers, survey_questions : DataFrame
        The survey tables.
    communities : DataFrame, optional
        With it, communities with too few sheets and sheets of unknown communities are flagged.
    min_seconds : int, default :data:`MIN_SECONDS`
        Sheets filled in faster than this (所用时间) are flagged as ``too_fast``.
    min_answered : float, default :data:`MIN_ANSWERED`
        Non-open questions answered by fewer than this share of the sheets are flagged.
    min_per_community : int, default :data:`MIN_PER_COMMUNITY`
        Communities with fewer respondents are flagged (no variance estimate when weighting).
    language : {"zh", "en"}
        Language of ``detail`` (sentences ``surveys.quality.*`` of the report vocabulary).

    Returns
    -------
    DataFrame
        One row per finding: ``check`` (``no_answers``, ``too_fast``, ``repeat_respondent``,
        ``unknown_option``, ``item_nonresponse``, ``thin_community``, ``unknown_community``),
        ``n_rows`` (int64: sheets or answers concerned), ``rows`` (the first response ids, or
        the question / community) and ``detail`` (one sentence in ``language``). Empty when
        nothing was found.
    """
    func = "survey_quality"
    t = T.tables(data, func, required=("survey_responses", "survey_answers", "survey_questions"),
                 optional=("communities",), survey_responses=survey_responses, survey_answers=survey_answers,
                 survey_questions=survey_questions, communities=communities)
    r, a, q, comms = t["survey_responses"], t["survey_answers"], t["survey_questions"], t["communities"]
    min_seconds = prep.check_number(min_seconds, "min_seconds", func, unit="seconds")
    min_answered = prep.check_fraction(min_answered, "min_answered", func, closed=True)
    min_per_community = prep.check_count(min_per_community, "min_per_community", func)
    found = []

    def add(check, ids, **values):
        ids = [str(i) for i in ids]
        found.append({"check": check, "n_rows": len(ids), "rows": prep.show(ids),
                      "detail": report.say(f"surveys.quality.{check}", language, **values)})

    ids = set(a["response_id"].dropna())
    empty = r.loc[~r["response_id"].isin(ids).to_numpy(), "response_id"]
    if len(empty):
        add("no_answers", empty, n=len(empty))
    if "duration_s" in r.columns:
        fast = r.loc[(r["duration_s"] < min_seconds).fillna(False).to_numpy(), "response_id"]
        if len(fast):
            add("too_fast", fast, n=len(fast), seconds=f"{min_seconds:g}")
    if "person_id" in r.columns:
        rep = r.loc[r["person_id"].notna().to_numpy() & r["person_id"].duplicated(keep=False).to_numpy()]
        if len(rep):
            add("repeat_respondent", rep["response_id"], people=rep["person_id"].nunique(), n=len(rep))
    for row in q.itertuples(index=False):
        if row.kind == "open" or pd.isna(row.options):
            continue
        codes = set(str(row.options).split(T.SEP))
        qa = a.loc[(a["question_id"] == row.question_id).to_numpy()]
        vals = qa["value"].astype(str)
        if row.kind == "rank":
            vals = vals.str.split(RANK_SEP).explode()
        off = (~vals.isin(list(codes))).groupby(level=0).any().reindex(qa.index, fill_value=False)
        bad = qa.loc[off.to_numpy(dtype=bool)]
        if len(bad):
            add("unknown_option", bad["response_id"], question_id=row.question_id, n=len(bad),
                values=prep.show(pd.unique(bad["value"].astype(str))))
        n_sheets = len(r)
        if n_sheets:
            share = qa.loc[qa["response_id"].isin(set(r["response_id"])).to_numpy(), "response_id"].nunique() / n_sheets
            if share < min_answered:
                missing = r.loc[~r["response_id"].isin(set(qa["response_id"])).to_numpy(), "response_id"]
                add("item_nonresponse", missing, question_id=row.question_id,
                    question=_question_name(str(row.question_id), str(row.text), language), share=share)
    if comms is not None and len(r):
        per = r.groupby("community_id", observed=True).size()
        thin = per[per < min_per_community]
        for cid, n in thin.items():
            add("thin_community", r.loc[(r["community_id"] == cid).to_numpy(), "response_id"], community=cid, n=n)
        unknown = r.loc[~r["community_id"].isin(set(comms["community_id"])).to_numpy()]
        if len(unknown):
            add("unknown_community", unknown["response_id"], n=len(unknown),
                values=prep.show(unknown["community_id"].astype(str).unique()))
    cols = {"check": "string", "n_rows": "int64", "rows": "string", "detail": "string"}
    if not found:
        return T.empty(cols)
    return pd.DataFrame(found).astype(cols)
