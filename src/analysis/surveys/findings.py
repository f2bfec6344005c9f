"""The answer first: the survey report's headline numbers, its verdict in one sentence and its ranked actions.

:func:`headline` gives the few numbers a branch head reads first (answer sheets, coverage of the
households, the top need, the largest relationship group, the most wanted event topic), each with
its interval, its value in the previous period and a test of the change; :func:`verdict` says them
in one sentence; :func:`actions` turns them into what to do next — which community to survey and
where to stand, which product mix to offer to which segment, which topic and which group to use —
each with an owner (staff by name and role), a due date and the reason.

Tests: ``tests/surveys/test_findings.py`` (hand counts on small literal tables; R's
``poisson.test`` for the count's interval and change). Notebook: ``01_community_survey`` (the first
screen: ``report.headline_block``, ``report.verdict_block``, ``report.actions_block``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis import prep, report, rules
from analysis.errors import ParameterError
from analysis.report.labels import LABELS, check_language
from analysis.rules import LEVEL
from analysis.stats import compare_proportions, proportion, z_value
from analysis.surveys import _tables as T
from analysis.surveys.entry_points import rank_entry_points
from analysis.surveys.products import recommend_products
from analysis.surveys.responses import MIN_PER_COMMUNITY, survey_quality
from analysis.surveys.segments import NO_NEED
from analysis.surveys.weighting import NOT_A_GROUP, relationship_groups, weighted_rates

__all__ = ["HEADLINE_COLUMNS", "ACTION_COLUMNS", "SURVEY_NEXT_MAX", "SEGMENT_ACTIONS", "headline", "verdict",
           "actions"]

#: The columns of :func:`headline` (what :func:`analysis.report.headline_block` reads).
HEADLINE_COLUMNS = ("measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p", "standard", "flag")
#: The columns of :func:`actions` (what :func:`analysis.report.actions_block` reads).
ACTION_COLUMNS = ("rank", "owner", "action", "due", "reason")
#: Communities named one by one in "survey next"; the others below the target are listed in one action.
SURVEY_NEXT_MAX = 3
#: Segments (the largest first) that get a product-mix action.
SEGMENT_ACTIONS = 2

_TABLES = ("survey_responses", "survey_answers", "survey_questions", "communities")


# ---------------------------------------------------------------------------
# small statistics of the headline
# ---------------------------------------------------------------------------

def _poisson_interval(x: int, level: float) -> tuple[float, float]:
    """Exact (Garwood) interval of a Poisson count: R's ``poisson.test(x)$conf.int``."""
    alpha = 1.0 - level
    low = 0.0 if x == 0 else float(sps.chi2.ppf(alpha / 2, 2 * x) / 2)
    return low, float(sps.chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2)


def _poisson_change_p(x1: int, x2: int) -> float:
    """Two counts over periods of the same length: R's ``poisson.test(c(x1, x2))$p.value``.

    Conditional on the total, ``x1`` is binomial(x1 + x2, 1/2) when the rate did not change.
    """
    if x1 + x2 == 0:
        return float("nan")
    return float(sps.binomtest(int(x1), int(x1 + x2), 0.5).pvalue)


def _z_change_p(rate1, se1, rate2, se2) -> float:
    """Two independent estimates with standard errors: two-sided p of the normal test of their difference."""
    if any(pd.isna(v) for v in (rate1, se1, rate2, se2)):
        return float("nan")
    se = float(np.hypot(se1, se2))
    if se == 0:
        return float("nan")
    return float(2 * sps.norm.sf(abs(float(rate1) - float(rate2)) / se))


# ---------------------------------------------------------------------------
# headline
# ---------------------------------------------------------------------------

def _known(questions: pd.DataFrame, question) -> str | None:
    try:
        return T.question_id(questions, question, "headline")
    except ParameterError:
        return None


def _top(w: pd.DataFrame, exclude) -> pd.Series | None:
    """The option with the largest (weighted) rate, ties by respondents then codebook order; None if none."""
    w = w.loc[~w["option"].isin(list(exclude))].dropna(subset=["rate"])
    w = w.loc[w["respondents"] > 0]
    if not len(w):
        return None
    return w.sort_values(["rate", "respondents"], ascending=False, kind="stable").iloc[0]


def _measure(prefix: str, option: str) -> str:
    """``prefix=option`` when the vocabulary names it (the standard questionnaire), else ``prefix``."""
    key = f"{prefix}={option}"
    return key if key in LABELS else prefix


def _coverage(responses: pd.DataFrame, comms: pd.DataFrame) -> tuple[int, float]:
    """Sheets and households of the communities that have at least one sheet (households known)."""
    if responses is None or comms is None or not len(responses) or "community_id" not in responses.columns:
        return 0, float("nan")
    per = responses.groupby("community_id", observed=True).size()
    hh = comms.drop_duplicates("community_id").set_index("community_id")["households"]
    hh = pd.to_numeric(hh, errors="coerce")
    known = per.index[per.index.isin(hh.dropna().index)]
    if not len(known):
        return 0, float("nan")
    return int(per.loc[known].sum()), float(hh.loc[known].sum())


def _scope_tables(data, func: str, given: dict) -> dict:
    return T.tables(data, func, required=_TABLES, **given)


def headline(data=None, /, *, previous=None, survey_responses: pd.DataFrame | None = None,
             survey_answers: pd.DataFrame | None = None, survey_questions: pd.DataFrame | None = None,
             communities: pd.DataFrame | None = None, needs="needs", circles="circles", topics="topics",
             target_sheets: int = rules.SURVEY_TARGET_SHEETS, level: float = LEVEL) -> pd.DataFrame:
    """The survey's few numbers that matter, each with its interval, its previous value and a test of the change.

    Parameters
    ----------
    data : data set, optional
        :func:`analysis.surveys.survey_scope` of the report's period (supplies the tables not passed).
    previous : data set, optional
        The same for the previous period of the same length
        (``survey_scope(scope.for_branch(ds, branch, *scope.previous_period(start, end)))``); without
        it ``previous`` and ``change_p`` are empty.
    survey_responses, survey_answers, survey_questions, communities : DataFrame
        The survey tables and the communities (their households weight the estimates).
    needs, circles, topics : str
        The needs, relationship-groups and activity-topics questions (ids or standard keys); a
        question the codebook lacks, or that nobody answered, gives no row.
    target_sheets : int, default :data:`analysis.rules.SURVEY_TARGET_SHEETS`
        The standard of the sheet count: fewer sheets and every share's interval is wider than
        about ±17 percentage points.
    level : float, default :data:`analysis.rules.LEVEL`

    Returns
    -------
    DataFrame
        One row per number, in display order, with the columns of
        :func:`analysis.report.headline_block` (:data:`HEADLINE_COLUMNS`):

        - ``responses``: answer sheets of the period (``fmt`` count); interval: exact Poisson
          (R ``poisson.test(x)``); change: the two counts compared as Poisson counts over
          periods of the same length (R ``poisson.test(c(x, previous))``); ``standard`` =
          ``target_sheets``, ``flag`` ``ok`` / ``below``.
        - ``coverage``: sheets ÷ households of the communities that answered (pct); Wilson
          interval (:func:`analysis.stats.proportion`), change by
          :func:`analysis.stats.compare_proportions`; no standard.
        - ``top_need=<option>``: the households' most common need (weighted by households,
          :func:`analysis.surveys.weighted_rates`; "no need" left out).
        - ``top_circle=<option>``: the largest relationship group (weighted share of households,
          :func:`analysis.surveys.relationship_groups`).
        - ``top_topic=<option>``: the most wanted activity topic (weighted) — the next event's theme.

        For the weighted rows the interval is the design-based one kept within 0–100%,
        ``previous`` is the same option's estimate in the previous period and ``change_p`` the
        normal test of the difference of two independent estimates,
        2 · (1 − Φ(|p₁ − p₂| / √(se₁² + se₂²))). An option outside the vocabulary of the standard
        questionnaire gives the plain measure (``top_need``…).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"response_id": ["R1", "R2", "R3"], "community_id": ["C1", "C1", "C2"]})
    >>> c = pd.DataFrame({"community_id": ["C1", "C2", "C3"], "households": [100, 50, 80]})
    >>> q = pd.DataFrame({"question_id": ["q1"], "text": ["性别"], "kind": ["single"], "options": ["f|m"]})
    >>> a = pd.DataFrame({"response_id": ["R1", "R2", "R3"], "question_id": "q1", "value": ["f", "m", "f"]})
    >>> h = headline(survey_responses=r, survey_answers=a, survey_questions=q, communities=c)
    >>> h[["measure", "value", "standard", "flag"]]
         measure  value  standard   flag
    0  responses   3.00      30.0  below
    1   coverage   0.02       NaN
    """
    func = "headline"
    given = dict(survey_responses=survey_responses, survey_answers=survey_answers,
                 survey_questions=survey_questions, communities=communities)
    t = _scope_tables(data, func, given)
    level = prep.check_level(level, func)
    target_sheets = prep.check_count(target_sheets, "target_sheets", func)
    p = _scope_tables(previous, func, {}) if previous is not None else None
    rows = []

    def add(measure, value, lo=np.nan, hi=np.nan, kind="pct", prev=np.nan, change_p=np.nan, standard=np.nan,
            flag=""):
        rows.append((measure, value, lo, hi, kind, prev, change_p, standard, flag))

    n = int(t["survey_responses"]["response_id"].notna().sum())
    n_prev = int(p["survey_responses"]["response_id"].notna().sum()) if p is not None else None
    lo, hi = _poisson_interval(n, level)
    add("responses", float(n), lo, hi, "count", np.nan if n_prev is None else float(n_prev),
        np.nan if n_prev is None else _poisson_change_p(n, n_prev), float(target_sheets),
        "ok" if n >= target_sheets else "below")
    x, hh = _coverage(t["survey_responses"], t["communities"])
    if x and hh > 0:
        est = proportion(x, int(hh), level=level).iloc[0] if x <= hh else None
        prev_value = change_p = np.nan
        if p is not None:
            x2, hh2 = _coverage(p["survey_responses"], p["communities"])
            if x2 and hh2 > 0:
                prev_value = x2 / hh2
                if x <= hh and x2 <= hh2:
                    change_p = float(compare_proportions(x, int(hh), x2, int(hh2), level=level)["p_value"].iloc[0])
        add("coverage", x / hh, est["ci_low"] if est is not None else np.nan,
            est["ci_high"] if est is not None else np.nan, "pct", prev_value, change_p)
    if n:
        for prefix, question, exclude in (("top_need", needs, NO_NEED), ("top_circle", circles, NOT_A_GROUP),
                                          ("top_topic", topics, ())):
            qid = _known(t["survey_questions"], question)
            if qid is None:
                continue
            top = _top(weighted_rates(None, qid, **t, level=level), exclude)
            if top is None:
                continue
            prev_value = change_p = np.nan
            if p is not None and len(p["survey_responses"]) and _known(p["survey_questions"], qid) is not None:
                w2 = weighted_rates(None, qid, **p, level=level)
                w2 = w2.loc[w2["option"] == top["option"]]
                if len(w2) and pd.notna(w2["rate"].iloc[0]):
                    prev_value = float(w2["rate"].iloc[0])
                    change_p = _z_change_p(top["rate"], top["se"], prev_value, w2["se"].iloc[0])
            add(_measure(prefix, str(top["option"])), float(top["rate"]), float(np.clip(top["ci_low"], 0, 1)),
                float(np.clip(top["ci_high"], 0, 1)), "pct", prev_value, change_p)
    out = pd.DataFrame(rows, columns=list(HEADLINE_COLUMNS))
    return out.astype({"measure": "string", "value": "float64", "ci_low": "float64", "ci_high": "float64",
                       "fmt": "string", "previous": "float64", "change_p": "float64", "standard": "float64",
                       "flag": "string"})


# ---------------------------------------------------------------------------
# verdict
# ---------------------------------------------------------------------------

def _option_of(measure: str, prefix: str, language: str) -> str | None:
    if not measure.startswith(prefix + "="):
        return None
    return report.value_label(measure.split("=", 1)[1], language, column="option")


def verdict(headline_items: pd.DataFrame, language: str = "zh") -> str:
    """The survey's answer in one sentence, from :func:`headline` (sentences ``surveys.verdict.*``).

    Parameters
    ----------
    headline_items : DataFrame
        The output of :func:`headline`.
    language : {"zh", "en"}

    Returns
    -------
    str
        The sheets of the period (and of the previous one; a warning when under the standard),
        the coverage of the surveyed communities' households, the top need with its interval, the
        largest relationship group and the most wanted topic — what the headline holds. Without
        answer sheets, a sentence saying so.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"measure": ["responses", "top_need=education"], "value": [120.0, 0.382],
    ...                       "ci_low": [99.5, 0.301], "ci_high": [143.5, 0.463], "fmt": ["count", "pct"],
    ...                       "previous": [95.0, float("nan")], "change_p": [0.1, float("nan")],
    ...                       "standard": [30.0, float("nan")], "flag": ["ok", ""]})
    >>> verdict(items, "en")
    "120 answer sheets this period (previous period 95); the households' top need: Children's education (38.2%, CI 30.1%–46.3%)."
    """
    check_language(language)
    h = prep.require_frame(headline_items, "headline", ("measure", "value"), "verdict")
    rows = {str(m): r for m, r in zip(h["measure"], h.to_dict("records"))}
    sheets = rows.get("responses")
    if sheets is None or pd.isna(sheets["value"]) or sheets["value"] == 0:
        return report.say("surveys.verdict.no_data", language)
    parts = [report.say("surveys.verdict.sheets", language, n=sheets["value"])]
    if pd.notna(sheets.get("previous", np.nan)):
        parts.append(report.say("surveys.verdict.previous", language, prev=sheets["previous"]))
    cov = rows.get("coverage")
    if cov is not None and pd.notna(cov["value"]):
        parts.append(report.say("surveys.verdict.coverage", language, rate=cov["value"]))
    for measure, r in rows.items():
        for prefix in ("top_need", "top_circle", "top_topic"):
            option = _option_of(measure, prefix, language)
            if option is not None and pd.notna(r["value"]):
                parts.append(report.say(f"surveys.verdict.{prefix}", language, option=option, rate=r["value"],
                                        lo=r.get("ci_low"), hi=r.get("ci_high")))
    if sheets.get("flag") == "below" and pd.notna(sheets.get("standard", np.nan)):
        parts.append(report.say("surveys.verdict.thin", language, target=sheets["standard"]))
    parts.append(report.say("surveys.verdict.end", language))
    return "".join(parts)


# ---------------------------------------------------------------------------
# actions
# ---------------------------------------------------------------------------

def _owners(staff: pd.DataFrame | None, role: str, language: str) -> list[str]:
    """The staff of ``role`` as a report names them (by id order); the role's name when nobody has it."""
    if staff is not None and len(staff) and {"staff_id", "role"} <= set(staff.columns):
        mine = staff.loc[(staff["role"].astype("string") == role).fillna(False).to_numpy()]
        mine = mine.sort_values("staff_id", kind="stable")
        if len(mine):
            return list(report.staff_names(mine, language).to_numpy())
    return [report.value_label(role, language, column="role")]


def _half_width(n: int, level: float) -> float:
    """Half the width of the Wilson interval of a share of 50% from ``n`` sheets (in percentage points)."""
    z = z_value(level)
    return 100 * z * np.sqrt(0.25 / n + z * z / (4 * n * n)) / (1 + z * z / n)


def actions(data=None, /, *, survey_responses: pd.DataFrame | None = None,
            survey_answers: pd.DataFrame | None = None, survey_questions: pd.DataFrame | None = None,
            communities: pd.DataFrame | None = None, entry_points: pd.DataFrame | None = None,
            events: pd.DataFrame | None = None, staff: pd.DataFrame | None = None, as_of=None,
            language: str = "zh", limit: int = 10, needs="needs", circles="circles", topics="topics",
            segment="segment", target_sheets: int = rules.SURVEY_TARGET_SHEETS,
            booth_days: int = rules.SURVEY_BOOTH_DAYS, plan_days: int = rules.SURVEY_PLAN_DAYS,
            booth_role: str = rules.SURVEY_BOOTH_ROLE, min_seconds: int = rules.SURVEY_MIN_SECONDS,
            level: float = LEVEL) -> pd.DataFrame:
    """What to do next, ranked: where to survey, what to offer to whom, which topic and group to use.

    Parameters
    ----------
    data : data set, optional
        :func:`analysis.surveys.survey_scope` of the report (supplies the tables not passed).
    survey_responses, survey_answers, survey_questions, communities : DataFrame
        The survey tables and the communities.
    entry_points, events : DataFrame, optional
        Where to stand in each community (:func:`analysis.surveys.rank_entry_points`, the first
        entry of the community).
    staff : DataFrame, optional
        Owners by name and role (:func:`analysis.report.staff_names`): the ``booth_role`` runs the
        surveys, the branch head decides the rest. Without it the owner is the role.
    as_of : str or Timestamp, optional
        The report's end; due dates count from its day. Default: the latest answer sheet.
    language : {"zh", "en"}
    limit : int, default 10
        At most this many actions (the first by rank).
    needs, circles, topics, segment : str
        The questions used (ids or standard keys); a question the codebook lacks gives no action.
    target_sheets : int, default :data:`analysis.rules.SURVEY_TARGET_SHEETS`
        A community with fewer answer sheets in the period is one to survey.
    booth_days, plan_days : int, defaults :data:`analysis.rules.SURVEY_BOOTH_DAYS`, :data:`analysis.rules.SURVEY_PLAN_DAYS`
        Due dates: the next survey booth, and the decisions (product mix, topic, group).
    booth_role : str, default :data:`analysis.rules.SURVEY_BOOTH_ROLE`
    min_seconds : int, default :data:`analysis.rules.SURVEY_MIN_SECONDS`
        Sheets filled in faster than this give an action for the booth staff.
    level : float, default :data:`analysis.rules.LEVEL`

    Returns
    -------
    DataFrame
        :data:`ACTION_COLUMNS`: ``rank`` (int64, 1 = first), ``owner``, ``action``, ``due``
        (datetime64, a day) and ``reason`` — texts in ``language``, one row per distinct action
        (never one sentence repeated per community or per sheet), at most ``limit`` rows.

    Notes
    -----
    The ranking (priority, then the order below):

    1. survey a community whose sheets cannot even be weighted (fewer than
       :data:`analysis.rules.SURVEY_MIN_PER_COMMUNITY`), the largest first, at its first entry
       point — owner the booth role, due ``as_of`` + ``booth_days``;
    2. the product mix of the largest segment (the bundle of
       :func:`analysis.surveys.recommend_products`; the reason names the product most respondents
       do not hold yet) — owner the branch head, due ``as_of`` + ``plan_days``;
    3. the next event's topic (the most wanted topic, weighted) and the relationship group to
       approach through its leader (the largest, weighted) — branch head, ``plan_days``;
    4. the other communities under ``target_sheets`` (at most :data:`SURVEY_NEXT_MAX` by name, the
       rest in one action) — booth role, ``booth_days``;
    5. the second segment's product mix; sheets filled in under ``min_seconds``.
    """
    func = "actions"
    check_language(language)
    t = T.tables(data, func, required=_TABLES, optional=("entry_points", "events", "staff"),
                 survey_responses=survey_responses, survey_answers=survey_answers,
                 survey_questions=survey_questions, communities=communities, entry_points=entry_points,
                 events=events, staff=staff)
    level = prep.check_level(level, func)
    limit = prep.check_count(limit, "limit", func)
    target_sheets = prep.check_count(target_sheets, "target_sheets", func)
    booth_days = prep.check_count(booth_days, "booth_days", func)
    plan_days = prep.check_count(plan_days, "plan_days", func)
    responses, comms = t["survey_responses"], t["communities"]
    default = None
    if "submitted_at" in responses.columns and len(responses):
        default = prep.latest(prep.times(responses, "survey_responses", "submitted_at", func, key=("response_id",)))
    when = prep.as_of(as_of, func, default)
    day = None if when is None else pd.Timestamp(when).normalize()
    booth_due = pd.NaT if day is None else day + pd.Timedelta(days=booth_days)
    plan_due = pd.NaT if day is None else day + pd.Timedelta(days=plan_days)
    booth = _owners(t["staff"], booth_role, language)
    head = _owners(t["staff"], "branch_head", language)[0]
    found: list[tuple] = []  # (priority, owner, action, due, reason)
    say = report.say

    def add(priority, owner, key, due, why=None, **values):
        found.append((priority, owner, say(f"surveys.action.{key}", language, **values),
                      due, say(f"surveys.action.{why or key}.why", language, **values)))

    # where to survey next: the communities of the scope below the target, the largest first
    per = responses.groupby("community_id", observed=True).size() if len(responses) else pd.Series(dtype="int64")
    c = comms.drop_duplicates("community_id").reset_index(drop=True)
    c = c.assign(sheets=c["community_id"].map(per).fillna(0).astype("int64").to_numpy(),
                 hh=pd.to_numeric(c["households"], errors="coerce").to_numpy())
    c = c.assign(unusable=c["sheets"] < MIN_PER_COMMUNITY)  # not even a variance estimate: first
    thin = c.loc[c["sheets"] < target_sheets].sort_values(["unusable", "hh", "sheets", "community_id"],
                                                          ascending=[False, False, True, True], kind="stable",
                                                          na_position="last")
    entry = {}
    if t["entry_points"] is not None and len(t["entry_points"]):
        ranked = rank_entry_points(entry_points=t["entry_points"], events=t["events"])
        first = ranked.loc[ranked["rank"] == 1]
        for row in first.itertuples(index=False):  # one row per community
            name = row.name if isinstance(row.name, str) and row.name.strip() else \
                report.value_label(row.kind, language, column="kind")
            entry[row.community_id] = name
    width = _half_width(target_sheets, level) if target_sheets else float("nan")
    named = thin.head(SURVEY_NEXT_MAX)
    for i, row in enumerate(named.itertuples(index=False)):
        where = row.name if "name" in c.columns and isinstance(row.name, str) and row.name.strip() else row.community_id
        at = entry.get(row.community_id)
        # the entry's own name often starts with the community's (和平里生鲜超市): then it says where
        place = where if at is None else at if at.startswith(str(where)) else \
            say("surveys.action.place", language, community=where, entry=at)
        values = dict(place=place, missing=target_sheets - row.sheets, n=row.sheets, target=target_sheets,
                      households=row.hh if pd.notna(row.hh) else 0, width=width)
        add(1 if row.sheets < MIN_PER_COMMUNITY else 4, booth[i % len(booth)], "survey_next", booth_due,
            why="survey_none" if row.sheets == 0 else None, **values)
    rest = thin.iloc[SURVEY_NEXT_MAX:]
    if len(rest):
        names = [n if isinstance(n, str) and n.strip() else cid for n, cid in
                 zip(rest["name"] if "name" in rest.columns else rest["community_id"], rest["community_id"])]
        sep = "、" if language == "zh" else ", "
        add(6, booth[len(named) % len(booth)], "survey_rest", booth_due, n=len(rest), names=sep.join(names),
            target=target_sheets)
    if len(responses):
        qs = t["survey_questions"]
        # the product mix of the largest segments
        if _known(qs, segment) is not None and _known(qs, needs) is not None:
            rec = recommend_products(None, survey_answers=t["survey_answers"], survey_questions=qs,
                                     survey_responses=responses, segment=segment, needs=needs,
                                     held="products" if _known(qs, "products") is not None else None,
                                     bundle_only=True, level=level)
            if len(rec):
                sizes = rec.drop_duplicates("segment")[["segment", "answered"]]
                total = int(sizes["answered"].sum())
                sizes = sizes.sort_values("answered", ascending=False, kind="stable").head(SEGMENT_ACTIONS)
                sep = "、" if language == "zh" else ", "
                for i, (seg, n_seg) in enumerate(zip(sizes["segment"], sizes["answered"])):
                    mine = rec.loc[rec["segment"] == seg].sort_values("priority", kind="stable")
                    products = sep.join(report.value_label(p_, language, column="product") for p_ in mine["product"].head(3))
                    room = mine.dropna(subset=["not_held"])
                    room = room.loc[room["not_held"] > 0]
                    values = dict(segment=report.value_label(seg, language, column="segment"), products=products,
                                  n=int(n_seg), share=n_seg / total if total else np.nan)
                    if len(room):
                        best = room.sort_values(["not_held", "priority"], ascending=[False, True], kind="stable").iloc[0]
                        add(2 if i == 0 else 5, head, "offer", plan_due, product=report.value_label(
                            best["product"], language, column="product"), not_held=int(best["not_held"]), **values)
                    else:
                        add(2 if i == 0 else 5, head, "offer_plain", plan_due, **values)
        # the next event's topic and the relationship group to approach
        if _known(qs, topics) is not None:
            top = _top(weighted_rates(None, topics, **{k: t[k] for k in _TABLES}, level=level), ())
            if top is not None:
                add(3, head, "topic", plan_due, topic=report.value_label(top["option"], language, column="option"),
                    rate=top["rate"], lo=float(np.clip(top["ci_low"], 0, 1)), hi=float(np.clip(top["ci_high"], 0, 1)))
        if _known(qs, circles) is not None:
            g = relationship_groups(None, **{k: t[k] for k in _TABLES}, question=circles, level=level)
            g = g.dropna(subset=["rate"])
            g = g.loc[g["respondents"] > 0]
            if len(g):
                top = g.iloc[0]
                add(3, head, "circle", plan_due, circle=report.value_label(top["option"], language, column="option"),
                    est=top["est_households"], lo=top["est_households_ci_low"], hi=top["est_households_ci_high"])
        # sheets filled in too fast: the booth staff let people skim
        if "duration_s" in responses.columns:
            q = survey_quality(None, survey_responses=responses, survey_answers=t["survey_answers"],
                               survey_questions=qs, min_seconds=min_seconds, language=language)
            fast = q.loc[q["check"] == "too_fast"]
            if len(fast):
                add(6, booth[0], "too_fast", booth_due, n=int(fast["n_rows"].iloc[0]), seconds=min_seconds,
                    share=int(fast["n_rows"].iloc[0]) / len(responses))
    if not found:
        return T.empty({"rank": "int64", "owner": "string", "action": "string", "due": "datetime64[ns]",
                        "reason": "string"})
    out = pd.DataFrame(found, columns=["priority", "owner", "action", "due", "reason"])
    out = out.assign(_order=np.arange(len(out))).sort_values(["priority", "_order"], kind="stable").head(limit)
    out = out.assign(rank=np.arange(1, len(out) + 1, dtype=np.int64))
    return out[list(ACTION_COLUMNS)].astype({"rank": "int64", "owner": "string", "action": "string",
                                             "due": "datetime64[ns]", "reason": "string"}).reset_index(drop=True)
