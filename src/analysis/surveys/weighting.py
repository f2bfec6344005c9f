"""Weighted estimates: what the communities' households (not only the respondents) choose.

The communities are strata and their households the population (post-stratified by households,
:func:`analysis.stats.stratified_proportion`). Tests: ``tests/surveys/test_weighting.py`` (R's
survey package, ``tests/surveys/surveys_reference.R``). Notebook: ``01_community_survey``
(sections "Segments and relationship groups", "Weighted vs unweighted").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep
from analysis.errors import ParameterError
from analysis.rules import LEVEL
from analysis.stats import stratified_proportion
from analysis.surveys import _tables as T
from analysis.surveys.options import option_rates

__all__ = ["weighted_rates", "weighted_vs_unweighted", "relationship_groups", "NOT_A_GROUP"]

#: Options of the relationship-groups question that are not a group (都没有).
NOT_A_GROUP = ("none",)

_TABLES = dict(required=("survey_answers", "survey_questions", "survey_responses", "communities"))


def weighted_rates(data=None, /, question_id=None, *, survey_answers: pd.DataFrame | None = None,
                   survey_questions: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
                   communities: pd.DataFrame | None = None, level: float = LEVEL, lonely_psu: str = "adjust",
                   top: int = 1) -> pd.DataFrame:
    """Share of the communities' households choosing each option: a stratified estimate.

    Parameters
    ----------
    data : data set, optional
        Supplies the tables not passed by name (e.g. :func:`analysis.surveys.survey_scope`).
    question_id : str
        As in :func:`analysis.surveys.option_rates`.
    survey_answers, survey_questions : DataFrame
        The answers and the codebook.
    survey_responses : DataFrame
        The sheets counted and their ``community_id`` (the stratum).
    communities : DataFrame
        The communities table: ``households`` of each community is its population.
    level : float, default :data:`analysis.rules.LEVEL`
        Level of the normal-approximation interval.
    lonely_psu : {"adjust", "fail"}, default "adjust"
        A community with a single respondent has no variance estimate. ``"adjust"`` (default)
        centres that respondent at the overall estimate, as R's
        ``options(survey.lonely.psu = "adjust")`` (conservative); ``"fail"`` raises DataError.
    top : int, default 1
        For ranking questions, as in :func:`analysis.surveys.option_rates`.

    Returns
    -------
    DataFrame
        One row per option (codebook order): ``question_id``, ``option``, ``label``,
        ``respondents`` (int64, unweighted count choosing it), ``answered`` (int64, respondents
        who answered), ``rate`` (estimated share of households), ``se`` (design-based standard
        error with finite-population correction), ``ci_low``, ``ci_high`` (rate ± z·se, not
        truncated, as R's ``confint``), ``communities`` (int64, strata with respondents) and
        ``households`` (their total households: the population the estimate speaks for). A
        question nobody answered gives NaN rates.

    Raises
    ------
    DataError
        A respondent's community is not in ``communities`` or has no households (rule
        ``households_known``), a community has more respondents than households, or (with
        ``lonely_psu="fail"``) a single respondent.

    Notes
    -----
    The communities are strata and the respondents of community :math:`h` a simple random
    sample of its :math:`N_h` households: each respondent weighs :math:`N_h / n_h`, with
    :math:`n_h` the respondents of the community who answered this question. Per option, with
    :math:`y = 1` when the respondent chose it,
    :math:`\\hat p = \\sum_h (N_h/N) \\bar y_h` and
    :math:`\\widehat{Var}(\\hat p) = \\sum_h (N_h/N)^2 (1 - n_h/N_h) s_h^2 / n_h`
    (:func:`analysis.stats.stratified_proportion`). This equals R's survey package,
    ``svymean(~y, svydesign(ids = ~1, strata = ~community_id, weights = ~w,
    fpc = ~households, data = d))`` with ``w = households / n_h`` on the respondents who
    answered, and ``confint()`` of it (``tests/surveys/surveys_reference.R``). Weighting corrects
    for communities answering out of proportion to their size (a salon in one community).

    Examples
    --------
    Community A (300 households): 2 of 3 respondents say yes; B (100 households): 1 of 2.
    Weighted: 0.75 × 2/3 + 0.25 × 1/2 = 0.625 (unweighted 3/5 = 0.6).

    >>> import pandas as pd
    >>> q = pd.DataFrame({"question_id": ["q1"], "text": ["愿意入群吗？"], "kind": ["single"],
    ...                   "options": ["yes|no"], "option_labels": ["愿意|不愿意"]})
    >>> a = pd.DataFrame({"response_id": ["r1", "r2", "r3", "r4", "r5"], "question_id": "q1",
    ...                   "value": ["yes", "yes", "no", "no", "yes"]})
    >>> r = pd.DataFrame({"response_id": ["r1", "r2", "r3", "r4", "r5"],
    ...                   "community_id": ["A", "A", "A", "B", "B"]})
    >>> c = pd.DataFrame({"community_id": ["A", "B"], "households": [300, 100]})
    >>> data = {"survey_answers": a, "survey_questions": q, "survey_responses": r, "communities": c}
    >>> weighted_rates(data, "q1")[["option", "respondents", "answered", "rate", "se"]].round(4)
      option  respondents  answered   rate      se
    0    yes            3         5  0.625  0.2778
    1     no            2         5  0.375  0.2778
    """
    func = "weighted_rates"
    t = T.tables(data, func, **_TABLES, survey_answers=survey_answers, survey_questions=survey_questions,
                 survey_responses=survey_responses, communities=communities)
    answers, questions, responses, comms = (t["survey_answers"], t["survey_questions"], t["survey_responses"],
                                            t["communities"])
    prep.require_frame(responses, "survey_responses", ["response_id", "community_id"], func)
    prep.require_frame(comms, "communities", ["community_id", "households"], func)
    qid = T.question_id(questions, question_id, func)
    q = T.book(questions, qid)
    if q["kind"] == "open":
        raise ParameterError(f"{func}: {qid} is an open question; it has no options to estimate")
    base = option_rates(None, qid, survey_answers=answers, survey_questions=questions, survey_responses=responses,
                        level=level, top=top)
    a = T.answers_of(answers, qid, T.sheets(answers, responses), q["kind"], top)
    who = pd.Index(a["response_id"].unique())
    resp = responses.assign(response_id=responses["response_id"].astype(str)).drop_duplicates("response_id")
    comm_of = resp.set_index("response_id")["community_id"].reindex(who)
    hh = comms.drop_duplicates("community_id").set_index("community_id")["households"]
    frame = pd.DataFrame({"response_id": who, "community_id": comm_of.astype(object).to_numpy()})
    frame = frame.assign(households=frame["community_id"].map(hh).astype("float64"))
    bad = (frame["community_id"].isna() | frame["households"].isna()).to_numpy()
    if bad.any():
        unknown = prep.show(frame.loc[bad, "community_id"].fillna("(empty)").unique())
        raise prep.data_error(func, "survey_responses", "community_id", "households_known",
                              frame.loc[bad, "response_id"].tolist(), int(bad.sum()),
                              f"the community of these answer sheets ({unknown}) is not in the communities table "
                              "or has no households; every stratum needs its households")
    out = base.assign(se=np.nan, ci_low=np.nan, ci_high=np.nan, rate=np.nan,
                      communities=np.int64(frame["community_id"].nunique()),
                      households=float(frame.drop_duplicates("community_id")["households"].sum()))
    if len(frame):
        ticked = pd.crosstab(a["response_id"], a["value"]).gt(0).astype("int64")
        ticked = ticked.reindex(index=frame["response_id"], columns=list(out["option"]), fill_value=0)
        rates = []
        for code in out["option"]:  # one estimate per option
            est = stratified_proportion(frame.assign(y=ticked[code].to_numpy()), "y", "community_id", "households",
                                        level=level, lonely_psu=lonely_psu)
            rates.append(est[["rate", "se", "ci_low", "ci_high"]].iloc[0].to_numpy())
        est = np.array(rates, dtype=float).reshape(-1, 4)
        out = out.assign(rate=est[:, 0], se=est[:, 1], ci_low=est[:, 2], ci_high=est[:, 3])
    return out[["question_id", "option", "label", "respondents", "answered", "rate", "se", "ci_low", "ci_high",
                "communities", "households"]].astype({"communities": "int64"})


def weighted_vs_unweighted(data=None, /, question_id=None, *, survey_answers: pd.DataFrame | None = None,
                           survey_questions: pd.DataFrame | None = None,
                           survey_responses: pd.DataFrame | None = None, communities: pd.DataFrame | None = None,
                           level: float = LEVEL, lonely_psu: str = "adjust") -> pd.DataFrame:
    """The respondents' share next to the households' (weighted) estimate, per option.

    Parameters
    ----------
    data, question_id, survey_answers, survey_questions, survey_responses, communities, level, lonely_psu
        As in :func:`weighted_rates`.

    Returns
    -------
    DataFrame
        ``question_id``, ``option``, ``label``, ``respondents``, ``answered``, ``unweighted``,
        ``unweighted_ci_low``, ``unweighted_ci_high`` (:func:`analysis.surveys.option_rates`,
        Wilson), ``weighted``, ``weighted_ci_low``, ``weighted_ci_high``
        (:func:`weighted_rates`) and ``difference`` (weighted − unweighted). A large difference
        means the respondents do not mirror the communities' households (one community
        over-represented).
    """
    t = T.tables(data, "weighted_vs_unweighted", **_TABLES, survey_answers=survey_answers,
                 survey_questions=survey_questions, survey_responses=survey_responses, communities=communities)
    u = option_rates(None, question_id, survey_answers=t["survey_answers"], survey_questions=t["survey_questions"],
                     survey_responses=t["survey_responses"], level=level)
    w = weighted_rates(None, question_id, **t, level=level, lonely_psu=lonely_psu)
    return u[["question_id", "option", "label", "respondents", "answered"]].assign(
        unweighted=u["rate"], unweighted_ci_low=u["ci_low"], unweighted_ci_high=u["ci_high"],
        weighted=w["rate"].to_numpy(), weighted_ci_low=w["ci_low"].to_numpy(), weighted_ci_high=w["ci_high"].to_numpy(),
        difference=(w["rate"] - u["rate"]).to_numpy())


def relationship_groups(data=None, /, *, survey_answers: pd.DataFrame | None = None,
                        survey_questions: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
                        communities: pd.DataFrame | None = None, question="circles", level: float = LEVEL,
                        lonely_psu: str = "adjust", exclude=NOT_A_GROUP) -> pd.DataFrame:
    """The relationship groups present (广场舞, 亲子, 车友 …) with their sizes.

    Parameters
    ----------
    data, survey_answers, survey_questions, survey_responses, communities, level, lonely_psu
        As in :func:`weighted_rates`.
    question : str
        The multi-choice question on the groups (default the standard questionnaire's ``circles``).
    exclude : sequence of str
        Options that are not a group (default :data:`NOT_A_GROUP`: ``none``, 都没有).

    Returns
    -------
    DataFrame
        One row per group, largest first: ``option``, ``label``, ``respondents`` (int64, who
        take part or have the group around them), ``answered`` (int64), ``rate`` (weighted share
        of households), ``se``, ``ci_low``, ``ci_high``, ``households`` (the population),
        ``est_households`` = rate × households with ``est_households_ci_low`` and
        ``est_households_ci_high`` (the interval × households, kept between 0 and households;
        ``ci_low``/``ci_high`` themselves are not truncated, as R's ``confint``).

    Notes
    -----
    The size in households is the weighted estimate of :func:`weighted_rates` scaled to the
    communities' households: the number of households the branch can reach through the group.
    """
    t = T.tables(data, "relationship_groups", **_TABLES, survey_answers=survey_answers,
                 survey_questions=survey_questions, survey_responses=survey_responses, communities=communities)
    w = weighted_rates(None, question, **t, level=level, lonely_psu=lonely_psu)
    w = w.loc[~w["option"].isin(list(exclude))]
    hh = w["households"]
    out = w.assign(est_households=w["rate"] * hh, est_households_ci_low=(w["ci_low"] * hh).clip(lower=0),
                   est_households_ci_high=np.minimum(w["ci_high"] * hh, hh))
    out = out.sort_values(["rate", "respondents"], ascending=False, kind="stable", na_position="last")
    return out[["option", "label", "respondents", "answered", "rate", "se", "ci_low", "ci_high", "households",
                "est_households", "est_households_ci_low", "est_households_ci_high"]].reset_index(drop=True)
