"""Does delay cost deals? Win rate by contact delay, a logistic regression, a verdict, time to win.

The comparison is observational: staff may contact the promising leads first, so a lower win
rate after a late contact shows an association, not by itself that the delay caused it. Every
function says so in its notes, and :func:`delay_verdict_text` says so in the report.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.followup.status import BANDS, evaluate, tables
from analysis.stats import compare_proportions, kaplan_meier, logit, logrank, proportion

__all__ = ["win_rate_by_delay", "delay_logit", "delay_logit_text", "delay_verdict", "delay_verdict_text",
           "time_to_win", "delay_logrank", "ORIGINS"]

#: Where the clock of :func:`time_to_win` and :func:`delay_logrank` starts.
ORIGINS: tuple[str, ...] = ("captured", "contact")
_MAX_SE = 10.0  # a log-odds standard error above this signals (quasi-)separation


def win_rate_by_delay(leads: pd.DataFrame, as_of=None, level: float = rules.LEVEL,
                      contact_hours: float = rules.CONTACT_HOURS, resolve_hours: float = rules.RESOLVE_HOURS
                      ) -> pd.DataFrame:
    """Win rate by first-contact delay band (≤ 24 h, 24–72 h, > 72 h, never), with intervals.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (``amount`` used when present).
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
    contact_hours, resolve_hours : float, default :data:`analysis.rules.CONTACT_HOURS` and
        :data:`analysis.rules.RESOLVE_HOURS` (24 and 72)
        The band limits.

    Returns
    -------
    pandas.DataFrame
        One row per band, always the four bands in order, with columns:

        - ``delay_band`` (str): ``le_24h``, ``24_72h``, ``gt_72h``, ``never``;
        - ``leads`` (int64): leads in the band (denominator);
        - ``won`` (int64), ``lost`` (int64), ``open`` (int64): outcome at ``as_of``;
        - ``rate`` (float): ``won / leads``; ``ci_low``, ``ci_high`` (float): Wilson interval;
        - ``amount`` (float): amount won (0 when nothing won or no ``amount`` column).

    Notes
    -----
    The band is the delay from capture to the first contact recorded by ``as_of``; ``never``
    means not contacted by ``as_of`` although captured more than ``resolve_hours`` before it.
    Leads not contacted yet and captured less than ``resolve_hours`` before ``as_of`` have no band
    yet and are left out. Leads still open count in the denominator as not (yet) won: a recent
    lead has had less time to win, which :func:`time_to_win` (Kaplan–Meier, open leads censored)
    takes into account and this table does not.

    This is an observational comparison: staff may contact the promising leads first, so a
    lower win rate after a late contact does not by itself prove that the delay caused it.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> win_rate_by_delay(leads)["delay_band"].tolist()
    ['le_24h', '24_72h', 'gt_72h', 'never']
    """
    func = "win_rate_by_delay"
    prep.check_level(level, func)
    st, _ = evaluate(leads, as_of, contact_hours, resolve_hours, func)
    st = st.loc[st["delay_band"].notna().to_numpy()]
    amount = st["amount"] if "amount" in st.columns else pd.Series(0.0, index=st.index)
    frame = pd.DataFrame({
        "delay_band": pd.Categorical(st["delay_band"].astype(object), categories=list(BANDS)),
        "won": st["won"].to_numpy(),
        "lost": (st["outcome_as_of"] == "lost").astype("int64").to_numpy(),
        "open": (st["outcome_as_of"] == "open").astype("int64").to_numpy(),
        "amount": amount.where(st["won"] == 1, 0.0).fillna(0.0).astype(float).to_numpy(),
    })
    g = frame.groupby("delay_band", observed=False, sort=True)
    counts = g[["won", "lost", "open"]].sum().astype("int64")
    n = g.size().astype("int64")
    p = proportion(counts["won"].to_numpy(), n.to_numpy(), level=level)
    return pd.DataFrame({
        "delay_band": pd.array(list(BANDS), dtype="string"),
        "leads": n.to_numpy(),
        "won": counts["won"].to_numpy(),
        "lost": counts["lost"].to_numpy(),
        "open": counts["open"].to_numpy(),
        "rate": p["rate"].to_numpy(),
        "ci_low": p["ci_low"].to_numpy(),
        "ci_high": p["ci_high"].to_numpy(),
        "amount": g["amount"].sum().astype(float).to_numpy(),
    })


_LOGIT_COLUMNS = ["term", "variable", "level", "estimate", "std_error", "odds_ratio", "ci_low", "ci_high",
                  "p_value", "n"]


def _empty_logit() -> pd.DataFrame:
    return pd.DataFrame({"term": pd.Series([], dtype="string"), "variable": pd.Series([], dtype="string"),
                         "level": pd.Series([], dtype="string"),
                         **{c: pd.Series([], dtype="float64") for c in ("estimate", "std_error", "odds_ratio",
                                                                        "ci_low", "ci_high", "p_value")},
                         "n": pd.Series([], dtype="int64")})


def _pool_sparse(values: pd.Series, won: pd.Series, min_leads: int, pool: str) -> pd.Series:
    """Merge sparse levels (fewer than min_leads rows, or not both outcomes) into ``pool``.

    If ``pool`` is itself sparse, it is merged into the most frequent level.
    """
    def sparse_levels(v):
        st = pd.DataFrame({"v": v, "w": won}).groupby("v", sort=True)["w"].agg(["size", "sum"])
        bad = (st["size"] < min_leads) | (st["sum"] == 0) | (st["sum"] == st["size"])
        return st, list(st.index[bad])

    _, sparse = sparse_levels(values)
    out = values.where(~values.isin(sparse), pool)
    st, sparse = sparse_levels(out)
    if pool in sparse and len(st) > 1:
        biggest = st.drop(index=pool)["size"].idxmax()
        out = out.where(out != pool, biggest)
    return out


def _model_frame(leads, people, as_of, contact_hours, resolve_hours, func, min_leads, workdays=None,
                 min_off_hours=rules.WEEKEND_MIN_OFF_HOURS):
    st, _ = evaluate(leads, as_of, contact_hours, resolve_hours, func)
    contacted = st["delay_band"].isin(["le_24h", "24_72h", "gt_72h"]).to_numpy()
    crosses = None
    if workdays is not None:  # the window's days off (analysis.followup.weekend), for the covariate
        from analysis.followup.weekend import off_hours

        cap = st["captured_at"].to_numpy(dtype="datetime64[ns]").view(np.int64)[contacted]
        crosses = (off_hours(cap, resolve_hours, workdays) >= min_off_hours).astype(int)
    st = st.loc[contacted].reset_index(drop=True)
    if people is not None:
        prep.require_frame(people, "people", ("person_id",), func)
        if "person_id" not in st.columns:
            prep.require_frame(st, "leads", ("person_id",), func)  # needed to join the people table
        seg = people.drop_duplicates("person_id").set_index("person_id")
        seg = seg["segment"] if "segment" in seg.columns else pd.Series(dtype=object)
        segment = st["person_id"].map(seg).astype(object)
    else:
        segment = pd.Series([None] * len(st), dtype=object)
    segment = segment.where(pd.notna(segment), "unknown").astype(str)
    frame = pd.DataFrame({"won": st["won"].astype(int).to_numpy(),
                          "delay_band": st["delay_band"].astype(str).to_numpy(),
                          "source": st["source"].astype(str).to_numpy(),
                          "segment": segment.to_numpy()})
    if crosses is not None:
        frame["crosses_off_day"] = crosses
    band = frame["delay_band"]
    late = band.isin(["24_72h", "gt_72h"])
    per_band = frame.groupby("delay_band")["won"].agg(["size", "sum"])
    sparse = (per_band["size"] < min_leads) | (per_band["sum"] == 0) | (per_band["sum"] == per_band["size"])
    if sparse.reindex(["24_72h", "gt_72h"]).fillna(False).any():
        band = band.where(~late, "gt_24h")
    frame = frame.assign(delay_band=band,
                         segment=_pool_sparse(frame["segment"], frame["won"], min_leads, "pooled"),
                         source=_pool_sparse(frame["source"], frame["won"], min_leads, "pooled"))
    return frame


def delay_logit(data=None, /, *, leads: pd.DataFrame | None = None, people: pd.DataFrame | None = None, as_of=None,
                level: float = rules.LEVEL, contact_hours: float = rules.CONTACT_HOURS,
                resolve_hours: float = rules.RESOLVE_HOURS, min_leads: int = 5, workdays=None,
                min_off_hours: float = rules.WEEKEND_MIN_OFF_HOURS) -> pd.DataFrame:
    """Logistic regression of winning on the contact-delay band, controlling for source and segment.

    Parameters
    ----------
    data : mapping, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying any table not given by
        name (:func:`analysis.prep.pick`).
    leads : pandas.DataFrame
        The leads table (with ``person_id`` when ``people`` is given); keyword-only.
    people : pandas.DataFrame, optional
        The people table (``person_id``, ``segment``) giving each lead's customer segment;
        keyword-only. Without it every lead's segment is ``unknown``.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
    contact_hours, resolve_hours : float, default :data:`analysis.rules.CONTACT_HOURS` and
        :data:`analysis.rules.RESOLVE_HOURS` (24 and 72)
    min_leads : int, default 5
        Sparse levels — fewer leads than this, or leads that all won or all did not — would have an
        infinite odds ratio (separation), so they are merged: segment and source levels into one
        level ``pooled`` (itself merged into the most frequent level if still sparse); and when the
        ``24_72h`` or ``gt_72h`` band is sparse, the two into one band ``gt_24h`` (contacted after
        24 h).
    workdays : WorkingCalendar, str or mapping, optional
        With a calendar of working days (e.g. ``"china"``, :mod:`analysis.followup.workdays`) the model
        gains the 0/1 covariate ``crosses_off_day``: the lead's first ``resolve_hours`` (72) hours hold
        at least ``min_off_hours`` (:data:`analysis.rules.WEEKEND_MIN_OFF_HOURS`, 24) hours of weekend
        or holiday (:func:`~analysis.followup.lead_clocks`). None (default): no such term.
    min_off_hours : float, default 24
        See ``workdays``.

    Returns
    -------
    pandas.DataFrame
        One row per model term (empty — same columns — when the data are too few to fit the model:
        fewer than two bands, no wins or no losses, separation or non-convergence):

        - ``term`` (str): the formula engine's name; ``variable`` (str): ``Intercept``,
          ``delay_band``, ``source`` or ``segment``; ``level`` (str): the level compared with the
          reference (``le_24h`` for the band; the first level alphabetically for the others;
          ``<NA>`` for the intercept);
        - ``estimate``, ``std_error`` (float): log-odds coefficient and its standard error;
        - ``odds_ratio``, ``ci_low``, ``ci_high`` (float): odds ratio and its Wald interval;
        - ``p_value`` (float); ``n`` (int64): leads in the model.

    Notes
    -----
    Model: :math:`\\operatorname{logit} P(\\text{won}) = \\beta_0 + \\beta_\\text{band} +
    \\beta_\\text{source} + \\beta_\\text{segment}`, fitted by :func:`analysis.stats.logit` with
    ``won`` coded 0/1 (never True/False: statsmodels would model P(False)). Only contacted leads
    enter (bands ``le_24h``, ``24_72h``, ``gt_72h``): a lead never contacted practically cannot be
    won, which would separate the data; :func:`win_rate_by_delay` shows that band. A missing
    segment is its own level ``unknown``. A source or segment left with a single level is
    dropped from the formula. An odds ratio below 1 for ``24_72h`` means lower odds of a win than
    contacting within 24 h, for leads of the same source and segment. Association, not proof of
    cause (see :func:`win_rate_by_delay`).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> s = for_branch(make_sample(0, branches=1), "B01")
    >>> m = delay_logit(s)  # or delay_logit(leads=s["leads"], people=s["people"])
    >>> m["term"].iloc[0], "delay_band" in set(m["variable"])
    ('Intercept', True)
    """
    func = "delay_logit"
    t = tables(data, func, required=("leads",), optional=("people",), leads=leads, people=people)
    leads, people = t["leads"], t["people"]
    prep.check_level(level, func)
    if isinstance(min_leads, (bool, np.bool_)) or not isinstance(min_leads, (int, np.integer)) or min_leads < 1:
        raise ParameterError(f"{func}: min_leads must be a whole number >= 1, got {min_leads!r}.")
    cal = None
    if workdays is not None:
        from analysis.followup.workdays import working_calendar

        cal = working_calendar(workdays, func)
    frame = _model_frame(leads, people, as_of, contact_hours, resolve_hours, func, min_leads, cal,
                         prep.check_number(min_off_hours, "min_off_hours", func, minimum=0.0, unit="hours"))
    per_band = frame.groupby("delay_band")["won"].agg(["size", "sum"])
    if len(per_band) < 2 or ((per_band["sum"] == 0) | (per_band["sum"] == per_band["size"])).any():
        return _empty_logit()
    terms = ["C(delay_band, Treatment('le_24h'))" if "le_24h" in set(frame["delay_band"]) else "C(delay_band)"]
    terms += [f"C({v})" for v in ("source", "segment") if frame[v].nunique() > 1]
    if "crosses_off_day" in frame.columns and frame["crosses_off_day"].nunique() > 1:
        terms.append("crosses_off_day")
    try:
        fit = logit(frame, "won ~ " + " + ".join(terms), level=level)
    except ParameterError:
        return _empty_logit()
    if (fit["std_error"] > _MAX_SE).any():  # quasi-separation that the fit did not flag
        return _empty_logit()
    term = fit["term"].astype(str)
    variable = term.str.extract(r"^C\((\w+)")[0].fillna(term)
    lvl = term.str.extract(r"\[T\.(.*)\]$")[0]
    out = fit.assign(term=term.astype("string"), variable=variable.astype("string"),
                     level=lvl.astype("string"))
    return out[_LOGIT_COLUMNS].reset_index(drop=True)


def delay_verdict(leads: pd.DataFrame, as_of=None, level: float = rules.LEVEL, alpha: float = 0.05,
                  min_leads: int = 10, min_wins: int = 5, contact_hours: float = rules.CONTACT_HOURS,
                  resolve_hours: float = rules.RESOLVE_HOURS) -> pd.DataFrame:
    """Does delay cost deals here? Win rate when contacted within 24 h vs later, and a plain verdict.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
        Confidence level of the interval for the difference.
    alpha : float, default 0.05
        Significance level of the verdict.
    min_leads, min_wins : int, default 10 and 5
        Below this many leads in either group, or wins in both together, the verdict is
        ``too_few``.
    contact_hours, resolve_hours : float, default :data:`analysis.rules.CONTACT_HOURS` and
        :data:`analysis.rules.RESOLVE_HOURS` (24 and 72)

    Returns
    -------
    pandas.DataFrame
        One row:

        - ``on_time_leads``, ``on_time_won`` (int64): contacted within 24 h, and of them won;
        - ``later_leads``, ``later_won`` (int64): contacted after 24 h (24–72 h and > 72 h);
        - ``rate_on_time``, ``rate_later`` (float): their win rates;
        - ``estimate`` (float): ``rate_on_time - rate_later``; ``ci_low``, ``ci_high`` (float):
          its interval; ``p_value`` (float); ``method`` (str) — from
          :func:`analysis.stats.compare_proportions` (``method="auto"``: Fisher's exact test when an
          expected count is below 5, else the Newcombe interval with the chi-square test);
          NaN/empty when a group has no leads;
        - ``logrank_p_value`` (float): log-rank test of the time from first contact to a win,
          ≤ 24 h vs 24–72 h vs > 72 h (:func:`delay_logrank`, ``origin="contact"``); NaN if it
          cannot be computed;
        - ``verdict`` (str): ``too_few`` (not enough data to tell), ``delay_costs`` (on-time
          leads win significantly more), ``delay_no_cost`` (late-contacted leads win
          significantly more), or ``no_evidence`` (no significant difference — which does not
          show that delay is harmless; see the interval).

    Notes
    -----
    Never-contacted leads are not in the comparison (they cannot be won without a contact,
    which would make the answer trivial). The comparison is observational: a difference shows
    an association, and could be due to staff contacting the promising leads first.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> delay_verdict(leads)["verdict"].iloc[0] in ("delay_costs", "delay_no_cost", "no_evidence", "too_few")
    True
    """
    func = "delay_verdict"
    prep.check_level(level, func)
    if not isinstance(alpha, (int, float, np.number)) or not 0 < alpha < 1:
        raise ParameterError(f"{func}: alpha must lie strictly between 0 and 1, got {alpha!r}.")
    w = win_rate_by_delay(leads, as_of=as_of, level=level, contact_hours=contact_hours, resolve_hours=resolve_hours)
    w = w.set_index("delay_band")
    n1, x1 = int(w.loc["le_24h", "leads"]), int(w.loc["le_24h", "won"])
    n2 = int(w.loc[["24_72h", "gt_72h"], "leads"].sum())
    x2 = int(w.loc[["24_72h", "gt_72h"], "won"].sum())
    est = lo = hi = p = np.nan
    method = pd.NA
    if n1 > 0 and n2 > 0:
        cmp = compare_proportions(x1, n1, x2, n2, level=level, method="auto").iloc[0]
        est, lo, hi, p, method = cmp["estimate"], cmp["ci_low"], cmp["ci_high"], cmp["p_value"], cmp["method"]
    lr = delay_logrank(leads, as_of=as_of, origin="contact", contact_hours=contact_hours, resolve_hours=resolve_hours)
    if n1 < min_leads or n2 < min_leads or x1 + x2 < min_wins or pd.isna(p):
        verdict = "too_few"
    elif p < alpha:
        verdict = "delay_costs" if est > 0 else "delay_no_cost"
    else:
        verdict = "no_evidence"
    return pd.DataFrame({
        "on_time_leads": [n1], "on_time_won": [x1], "later_leads": [n2], "later_won": [x2],
        "rate_on_time": [x1 / n1 if n1 else np.nan], "rate_later": [x2 / n2 if n2 else np.nan],
        "estimate": [float(est)], "ci_low": [float(lo)], "ci_high": [float(hi)], "p_value": [float(p)],
        "method": pd.array([method], dtype="string"),
        "logrank_p_value": [float(lr["p_value"].iloc[0])],
        "verdict": pd.array([verdict], dtype="string"),
    }).astype({"on_time_leads": "int64", "on_time_won": "int64", "later_leads": "int64", "later_won": "int64"})


def delay_verdict_text(verdict: pd.DataFrame, language: str = "zh",
                       contact_hours: float = rules.CONTACT_HOURS) -> str:
    """The verdict of :func:`delay_verdict` as the report's conclusion, in Chinese or English.

    Parameters
    ----------
    verdict : pandas.DataFrame
        The one row of :func:`delay_verdict`.
    language : {"zh", "en"}
    contact_hours : float
        The contact window the verdict was computed with (for the wording).

    Returns
    -------
    str
        Markdown: "**结论：…**" / "**Conclusion: …**", the wins of both groups, the difference with
        its interval and p-value (or why there is none), a caution for ``no_evidence`` and
        ``too_few``, and the reminder that the comparison is observational.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"on_time_leads": [22], "on_time_won": [11], "later_leads": [26], "later_won": [6],
    ...                   "estimate": [0.269], "ci_low": [0.0], "ci_high": [0.5], "p_value": [0.052],
    ...                   "verdict": ["no_evidence"]})
    >>> delay_verdict_text(v, "en").split("**")[1]
    'Conclusion: No significant difference: these data cannot show that delay matters.'
    """
    from analysis.report import say, value_label

    func = "delay_verdict_text"
    prep.require_frame(verdict, "verdict", ("on_time_leads", "on_time_won", "later_leads", "later_won", "estimate",
                                            "ci_low", "ci_high", "p_value", "verdict"), func)
    if len(verdict) != 1:
        raise ParameterError(f"{func}: verdict must be the one row of delay_verdict, got {len(verdict)} rows.")
    v = verdict.iloc[0]
    hours = f"{contact_hours:g}"
    parts = [say("followup.verdict.head", language, verdict=value_label(v["verdict"], language, "verdict"), hours=hours,
                 on_time_won=int(v["on_time_won"]), on_time_leads=int(v["on_time_leads"]),
                 later_won=int(v["later_won"]), later_leads=int(v["later_leads"]))]
    if pd.notna(v["p_value"]):
        parts.append(say("followup.verdict.difference", language, estimate=v["estimate"], ci_low=v["ci_low"],
                         ci_high=v["ci_high"], p_value=v["p_value"]))
    else:
        parts.append(say("followup.verdict.no_comparison", language))
    if v["verdict"] in ("no_evidence", "too_few"):
        parts.append(say(f"followup.verdict.caution.{v['verdict']}", language))
    parts.append(say("followup.verdict.observational", language))
    return ("" if language == "zh" else " ").join(parts)


def delay_logit_text(model: pd.DataFrame, language: str = "zh") -> str:
    """What the delay model of :func:`delay_logit` says, in one sentence (zh or en).

    The odds ratio of each later band against contact within 24 h, with its interval and p-value;
    or, for an empty model, that the data are too few to fit it.

    Examples
    --------
    >>> import pandas as pd
    >>> delay_logit_text(pd.DataFrame(columns=["variable", "level", "odds_ratio", "ci_low", "ci_high",
    ...                                        "p_value"]), "en")[:27]
    'Too few data to fit the mod'
    """
    from analysis.report import say, value_label

    prep.require_frame(model, "model", ("variable", "level", "odds_ratio", "ci_low", "ci_high", "p_value"),
                       "delay_logit_text")
    bands = model.loc[(model["variable"] == "delay_band").to_numpy(dtype=bool)]
    if bands.empty:
        return say("followup.logit.none", language)
    sep = "；" if language == "zh" else "; "
    items = sep.join(say("followup.logit.band", language, band=value_label(r["level"], language, column="level"),
                         odds_ratio=r["odds_ratio"], ci_low=r["ci_low"], ci_high=r["ci_high"], p_value=r["p_value"])
                     for _, r in bands.iterrows())
    return say("followup.logit", language, items=items)


def _win_times(leads, as_of, origin, contact_hours, resolve_hours, func):
    if origin not in ORIGINS:
        raise ParameterError(f"{func}: origin must be 'captured' or 'contact', got {origin!r}.")
    st, _ = evaluate(leads, as_of, contact_hours, resolve_hours, func)
    st = st.loc[st["delay_band"].notna().to_numpy()].reset_index(drop=True)
    end = st["age_hours"].where(st["outcome_as_of"] == "open", st["hours_to_close"])  # open: censored at as_of
    start = st["hours_to_contact"] if origin == "contact" else pd.Series(0.0, index=st.index)
    keep = start.notna().to_numpy()
    return pd.DataFrame({"delay_band": st["delay_band"].to_numpy()[keep],
                         "hours": (end - start).to_numpy(dtype=float)[keep],
                         "win": st["won"].to_numpy()[keep]})


def time_to_win(leads: pd.DataFrame, as_of=None, level: float = rules.LEVEL, origin: str = "captured",
                contact_hours: float = rules.CONTACT_HOURS, resolve_hours: float = rules.RESOLVE_HOURS) -> pd.DataFrame:
    """Kaplan–Meier curves of the time to a win, by first-contact delay band.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
        Confidence level of the pointwise interval.
    origin : {"captured", "contact"}, default "captured"
        Where the clock starts: at capture (the 24/72 clock), or at the first contact (then
        never-contacted leads have no curve).
    contact_hours, resolve_hours : float, default :data:`analysis.rules.CONTACT_HOURS` and
        :data:`analysis.rules.RESOLVE_HOURS` (24 and 72)

    Returns
    -------
    pandas.DataFrame
        Per band present (in band order): a first row at ``hours = 0`` (nothing won yet) and one
        row per time a lead of the band was won, with columns:

        - ``delay_band`` (str);
        - ``hours`` (float): hours from the origin;
        - ``leads`` (int64): leads in the band;
        - ``at_risk`` (int64): leads neither won nor censored just before ``hours``;
        - ``wins`` (int64): leads won at ``hours``;
        - ``rate`` (float): cumulative probability of a win by ``hours``, :math:`1 - \\hat S`;
        - ``ci_low``, ``ci_high`` (float): its pointwise interval (:func:`analysis.stats.kaplan_meier`'s
          log-scale interval of :math:`\\hat S`, turned around).

    Notes
    -----
    Leads still open at ``as_of`` are **censored** at ``as_of``, not counted as lost. Leads
    **lost** are censored at their ``closed_at``: the usual simplification of a competing risk.
    It treats a lost lead as if it could still have been won later, so :math:`1 - \\hat S`
    estimates the win probability in a world without losses and overstates the share actually
    won; the cumulative incidence (Aalen–Johansen) would be the exact alternative. The
    comparison between bands, which is what the curves are for, is less affected.

    With ``origin="captured"`` a lead's band is only known once it is contacted and no lead is
    won before its first contact, so the > 72 h band cannot win in its first 72 hours *by
    definition*: compare the levels the curves reach, not how early they rise. ``origin="contact"``
    removes this built-in lag. Leads with no band yet (not contacted, captured less than 72 h
    before ``as_of``) are left out.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> km = time_to_win(leads)
    >>> list(km.columns)
    ['delay_band', 'hours', 'leads', 'at_risk', 'wins', 'rate', 'ci_low', 'ci_high']
    """
    func = "time_to_win"
    level = prep.check_level(level, func)
    w = _win_times(leads, as_of, origin, contact_hours, resolve_hours, func)
    parts = []
    for band in BANDS:
        grp = w.loc[(w["delay_band"] == band).to_numpy()]
        if grp.empty:
            continue
        curve = kaplan_meier(grp, "hours", "win", level=level)
        first = pd.DataFrame({"time": [0.0], "at_risk": [len(grp)], "events": [0], "survival": [1.0],
                              "std_error": [0.0], "ci_low": [1.0], "ci_high": [1.0]})
        curve = pd.concat([first, curve], ignore_index=True) if len(curve) else first
        parts.append(pd.DataFrame({
            "delay_band": band, "hours": curve["time"].to_numpy(dtype=float), "leads": len(grp),
            "at_risk": curve["at_risk"].to_numpy(), "wins": curve["events"].to_numpy(),
            "rate": 1.0 - curve["survival"].to_numpy(dtype=float),
            "ci_low": 1.0 - curve["ci_high"].to_numpy(dtype=float),
            "ci_high": 1.0 - curve["ci_low"].to_numpy(dtype=float),
        }))
    if not parts:
        return pd.DataFrame({"delay_band": pd.Series([], dtype="string"), "hours": pd.Series([], dtype="float64"),
                             "leads": pd.Series([], dtype="int64"), "at_risk": pd.Series([], dtype="int64"),
                             "wins": pd.Series([], dtype="int64"), "rate": pd.Series([], dtype="float64"),
                             "ci_low": pd.Series([], dtype="float64"), "ci_high": pd.Series([], dtype="float64")})
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"delay_band": "string", "leads": "int64", "at_risk": "int64", "wins": "int64"})


def delay_logrank(leads: pd.DataFrame, as_of=None, origin: str = "captured",
                  bands: Sequence[str] = ("le_24h", "24_72h", "gt_72h"), contact_hours: float = rules.CONTACT_HOURS,
                  resolve_hours: float = rules.RESOLVE_HOURS) -> pd.DataFrame:
    """Log-rank test of the time to a win across first-contact delay bands.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    origin : {"captured", "contact"} or a sequence of them, default "captured"
        Where the clock starts (see :func:`time_to_win`); several origins give one row each, in
        the order given (``origin=ORIGINS``: both tests of the report).
    bands : sequence of str, default the three contacted bands
        The bands compared. ``never`` is left out by default: never-contacted leads are not won,
        which would make the test trivially significant.
    contact_hours, resolve_hours : float, default :data:`analysis.rules.CONTACT_HOURS` and
        :data:`analysis.rules.RESOLVE_HOURS` (24 and 72)

    Returns
    -------
    pandas.DataFrame
        One row per origin: ``origin`` (str), ``chi2``, ``dof``, ``p_value``, ``n``, ``groups`` (as
        :func:`analysis.stats.logrank`; NaN statistic with fewer than two bands present or no win).

    Notes
    -----
    Censoring as in :func:`time_to_win` (open at ``as_of``, lost at their close). With
    ``origin="captured"`` the bands differ by construction in their first hours (a band's leads
    cannot win before they are contacted); ``origin="contact"`` asks the cleaner question: once
    contacted, do late-contacted leads convert less or more slowly?

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> list(delay_logrank(leads, origin="contact").columns)
    ['origin', 'chi2', 'dof', 'p_value', 'n', 'groups']
    >>> delay_logrank(leads, origin=ORIGINS)["origin"].tolist()
    ['captured', 'contact']
    """
    func = "delay_logrank"
    unknown = [b for b in bands if b not in BANDS]
    if isinstance(bands, str) or unknown:
        raise ParameterError(f"{func}: bands must be a list of {', '.join(BANDS)}; got {bands!r}.")
    origins = [origin] if isinstance(origin, str) else list(origin)
    if not origins:
        raise ParameterError(f"{func}: origin must be 'captured', 'contact' or a list of them, got {origin!r}.")
    rows = []
    for o in origins:
        w = _win_times(leads, as_of, o, contact_hours, resolve_hours, func)
        w = w.loc[w["delay_band"].isin(list(bands)).to_numpy()].reset_index(drop=True)
        out = logrank(w, "hours", "win", "delay_band")
        rows.append(pd.concat([pd.DataFrame({"origin": pd.array([o], dtype="string")}), out], axis=1))
    return pd.concat(rows, ignore_index=True)


