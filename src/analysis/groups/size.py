"""Group size vs activity (群规模与活跃度): is a group of 11 or fewer really the most active?

A binomial GLM of the weekly active-member share, cluster-robust by group, compares small and
larger groups — within a tier, because tier and size go together by design.
:func:`size_activity` fits it, :func:`size_answer` reads the answer, :func:`size_sentence` says it.
Tests: ``tests/groups/test_size.py``; notebook section "群规模与活跃度 Group size vs activity";
chart :func:`analysis.plots.size_activity`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.groups._tables import dummies
from analysis.groups._text import Sentence, join, say
from analysis.report import label
from analysis.schemas import TIERS
from analysis.stats import counts

__all__ = ["SMALL_GROUP", "RATIO_FORMATS", "size_activity", "size_answer", "size_sentence"]

#: "WeChat's most active groups have 11 members or fewer" (:data:`analysis.rules.ELITE_SIZE`).
SMALL_GROUP = rules.ELITE_SIZE
#: Formats of a table of ratios (odds ratios, rate ratios): ``ci_low``/``ci_high`` are ratios here, not
#: shares — pass as ``report.show(..., formats=RATIO_FORMATS)``.
RATIO_FORMATS = {"estimate": "num2", "ci_low": "num2", "ci_high": "num2"}

def size_activity(health: pd.DataFrame, small_size: int = SMALL_GROUP, level: float = rules.LEVEL) -> pd.DataFrame:
    """Is a group of ``small_size`` or fewer members the most active? A binomial GLM on the active share.

    Parameters
    ----------
    health : DataFrame
        Rows of group activity, typically :func:`group_health` (weeks); needs ``group_id``,
        ``tier``, ``members`` and ``active_members``. Rows with no members are ignored.
    small_size : int, default 11
        A group is "small" when its size is ``<= small_size``. A group's size is the median of
        its ``members`` over its rows, so that a group is not "small" merely in the first days
        after it was created.
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        One row per model and term:

        - ``model``: ``unadjusted`` (small only), ``within_tier`` (small + tier: small vs larger
          groups of the same tier), ``size_slope`` (log2 members + tier: per doubling of size);
        - ``term``: ``small``, ``log2_members``, ``tier:potential``, ``tier:elite`` (the first
          tier present is the reference);
        - ``estimate``, ``ci_low``, ``ci_high``: odds ratio of being active, interval from a
          cluster-robust covariance (clusters = groups) with t(groups - 1) quantiles;
        - ``p_value``: t test with groups - 1 degrees of freedom;
        - ``n`` (int64): rows used; ``groups`` (int64): clusters;
        - ``note``: ``not_estimable`` when the term cannot be separated from the others (e.g.
          no tier has groups on both sides of ``small_size``) or there are no more groups than
          coefficients (the robust covariance would be singular); ``single_group_side`` on the
          within-tier ``small`` term when, in the tiers that have both, fewer than two groups
          are on one side of the size (the comparison is then one group against others, not
          size against size); ``few_groups`` when fewer than 10 groups carry the estimate (the
          robust interval is rough); NA otherwise.

    Notes
    -----
    Why a binomial GLM of the active share rather than OLS on messages per member-day: the
    claim is about participation ("members who have posted", the WeCom measure); the share
    is a count of members out of a known number, so a binomial model weights each group-week
    by its size and keeps predictions within 0–1, whereas messages per member-day are
    dominated by a few heavy posters and their variance grows with the mean. Each group
    contributes many weeks, and weeks of one group are not independent, so the covariance is
    cluster-robust by group (statsmodels ``cov_type="cluster"``, equal to R's
    ``sandwich::vcovCL(fit, cluster = ~group_id, type = "HC1")``) and tests and intervals use
    the t distribution with groups - 1 degrees of freedom (``lmtest::coeftest(fit, V, df = G -
    1)``), because the number of groups, not of group-weeks, limits what the data can say; the
    fit itself is R's ``glm(cbind(active, members - active) ~ ..., family = binomial)``.

    Tier and size go together by design (mass ~450, potential a few dozen, elite ~11), so the
    unadjusted odds ratio mixes "small" with "elite customers close to a deal"; only the
    within-tier comparison says something about size itself.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"group_id": ["A", "A", "B", "B", "C", "C"], "tier": ["elite"] * 6,
    ...                   "members": [10, 10, 13, 13, 9, 9], "active_members": [6, 5, 4, 6, 5, 3]})
    >>> size_activity(h).query("model == 'unadjusted'")[["term", "n", "groups", "note"]]
        term  n  groups        note
    0  small  6       3  few_groups
    """
    func = "size_activity"
    level = prep.check_level(level, func)
    prep.require_frame(health, "health", ["group_id", "tier", "members", "active_members"], func)
    if isinstance(small_size, bool) or not isinstance(small_size, (int, np.integer)) or small_size < 1:
        raise ParameterError(f"{func}: small_size must be a whole number >= 1, got {small_size!r}.")
    d = health[pd.to_numeric(health["members"], errors="coerce").fillna(0) > 0].reset_index(drop=True)
    m = d["members"].to_numpy(dtype=float)
    y = d["active_members"].to_numpy(dtype=float)
    if (y > m).any() or (y < 0).any():
        bad = (y > m) | (y < 0)
        raise prep.mask_error(func, "health", "active_members", "active_le_members", d, bad,
                              "active_members must lie between 0 and members", ["group_id"])
    tier = d["tier"].astype("string")
    levels = [t for t in TIERS if (tier == t).any()]
    size = d.groupby(d["group_id"].astype("string"))["members"].transform("median").to_numpy(dtype=float)
    small = (size <= small_size).astype(float)
    gid = d["group_id"].astype("string").to_numpy()
    mixed = [t for t in levels if len(set(small[(tier == t).to_numpy()])) == 2]  # at most three tiers
    in_mixed = tier.isin(mixed).to_numpy()
    n_small_side = len(set(gid[in_mixed & (small == 1)]))
    n_large_side = len(set(gid[in_mixed & (small == 0)]))
    both_sides = bool(mixed)
    size_varies = any(len(set(size[(tier == t).to_numpy()])) > 1 for t in levels)
    tiers_x = dummies(tier, levels, "tier:")
    specs = {
        "unadjusted": (pd.DataFrame({"small": small}), ["small"], len(set(small)) == 2),
        "within_tier": (pd.concat([pd.DataFrame({"small": small}), tiers_x], axis=1), ["small", *tiers_x.columns],
                        both_sides),
        "size_slope": (pd.concat([pd.DataFrame({"log2_members": np.log2(np.maximum(size, 1))}), tiers_x], axis=1),
                       ["log2_members", *tiers_x.columns], size_varies),
    }
    clusters = pd.factorize(d["group_id"].astype("string"))[0]
    n_groups = int(len(set(clusters)))
    rows = []
    for model, (x, terms, ok) in specs.items():
        fit = None
        # a cluster-robust covariance needs more groups than coefficients
        if ok and n_groups > len(terms) + 1 and len(d) > len(terms) + 1:
            X = np.column_stack([np.ones(len(d)), x.to_numpy(dtype=float)])
            try:
                fit = counts.fit_glm(sm.GLM(np.column_stack([y, m - y]), X, family=sm.families.Binomial()),
                           cov_type="cluster", cov_kwds={"groups": clusters}, use_t=True)
            except (np.linalg.LinAlgError, ValueError):
                fit = None
        for j, term in enumerate(terms):
            if fit is None:
                rows.append({"model": model, "term": term, "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                             "p_value": np.nan, "n": len(d), "groups": n_groups, "note": "not_estimable"})
                continue
            ci = np.asarray(fit.conf_int(alpha=1 - level))[j + 1]
            note = "few_groups" if n_groups < 10 else pd.NA
            if model == "within_tier" and term == "small" and min(n_small_side, n_large_side) < 2:
                note = "single_group_side"
            rows.append({"model": model, "term": term, "estimate": float(np.exp(fit.params[j + 1])),
                         "ci_low": float(np.exp(ci[0])), "ci_high": float(np.exp(ci[1])),
                         "p_value": float(fit.pvalues[j + 1]), "n": len(d), "groups": n_groups,
                         "note": note})
    out = pd.DataFrame(rows, columns=["model", "term", "estimate", "ci_low", "ci_high", "p_value", "n", "groups",
                                      "note"])
    return out.astype({"model": "string", "term": "string", "estimate": "float64", "ci_low": "float64",
                       "ci_high": "float64", "p_value": "float64", "n": "int64", "groups": "int64",
                       "note": "string"})


def size_answer(coefs: pd.DataFrame) -> pd.DataFrame:
    """The answer to "is a group of 11 or fewer the most active?", read from :func:`size_activity`.

    Parameters
    ----------
    coefs : DataFrame
        The result of :func:`size_activity`.

    Returns
    -------
    DataFrame
        One row:

        - ``verdict``: from the within-tier odds ratio of ``small``: ``small_more_active``
          (interval above 1), ``small_less_active`` (below 1), ``cannot_tell`` (the interval
          contains 1), ``too_few_groups`` (fewer than two groups on one side of the size within
          a tier: one group's habits cannot be told from its size) or ``not_estimable`` (no
          tier has groups on both sides of the size);
        - ``estimate``, ``ci_low``, ``ci_high``: that odds ratio;
        - ``raw_verdict``, ``raw_estimate``, ``raw_ci_low``, ``raw_ci_high``: the same for the
          unadjusted comparison (small vs all larger groups, tiers mixed).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"model": ["unadjusted", "within_tier"], "term": ["small", "small"],
    ...                   "estimate": [9.0, 1.2], "ci_low": [5.0, 0.6], "ci_high": [16.0, 2.4]})
    >>> size_answer(c)[["verdict", "raw_verdict"]].to_dict("records")
    [{'verdict': 'cannot_tell', 'raw_verdict': 'small_more_active'}]
    """
    func = "size_answer"
    prep.require_frame(coefs, "coefs", ["model", "term", "estimate", "ci_low", "ci_high"], func)

    def read(model):
        r = coefs[(coefs["model"] == model) & (coefs["term"] == "small")]
        if r.empty or pd.isna(r["estimate"].iloc[0]) or pd.isna(r["ci_low"].iloc[0]):
            return "not_estimable", np.nan, np.nan, np.nan
        est, lo, hi = (float(r[c].iloc[0]) for c in ("estimate", "ci_low", "ci_high"))
        verdict = "small_more_active" if lo > 1 else "small_less_active" if hi < 1 else "cannot_tell"
        if "note" in r.columns and bool((r["note"] == "single_group_side").fillna(False).iloc[0]):
            verdict = "too_few_groups"
        return verdict, est, lo, hi

    v, e, lo, hi = read("within_tier")
    rv, re_, rlo, rhi = read("unadjusted")
    return pd.DataFrame({"verdict": [v], "estimate": [e], "ci_low": [lo], "ci_high": [hi], "raw_verdict": [rv],
                         "raw_estimate": [re_], "raw_ci_low": [rlo], "raw_ci_high": [rhi]}).astype(
        {"verdict": "string", "raw_verdict": "string"})


def size_sentence(answer: pd.DataFrame, language: str = "zh") -> Sentence:
    """The answer of :func:`size_answer` as the report says it (both languages).

    Parameters
    ----------
    answer : DataFrame
        The one-row result of :func:`size_answer`.
    language : {"zh", "en"}

    Returns
    -------
    Sentence
        The within-tier verdict and, when the unadjusted comparison could be made, its odds ratio
        with the warning that it mixes tier with size (a ``str`` shown as a paragraph).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"model": ["unadjusted", "within_tier"], "term": ["small", "small"],
    ...                   "estimate": [9.0, 1.2], "ci_low": [5.0, 0.6], "ci_high": [16.0, 2.4]})
    >>> size_sentence(size_answer(c), "en")[:60]
    'Answer (within a tier): **The data cannot tell: the interval'
    """
    prep.require_frame(answer, "answer", ["verdict", "raw_estimate", "raw_ci_low", "raw_ci_high"], "size_sentence")
    row = answer.iloc[0]
    verdict = say("groups.size.verdict", language, verdict=label(f"verdict={row['verdict']}", language))
    raw = ""
    if pd.notna(row["raw_estimate"]):
        raw = say("groups.size.raw", language, estimate=row["raw_estimate"], lo=row["raw_ci_low"],
                  hi=row["raw_ci_high"])
    return join(verdict, raw)
