"""The sentences under the uplift report's detail sections, filled from the results (zh or en, Markdown).

Each function takes the result of one uplift function and returns one or two sentences from the vocabulary
(:mod:`analysis.report.vocab.uplift`), so the notebook holds no sentence of its own.
"""

from __future__ import annotations

import pandas as pd

from analysis import prep, rules

__all__ = ["tiers_text", "white_list_text", "comparison_text", "model_text", "balance_text", "retention_text"]


def _say(key, language, **values):
    from analysis.report import say

    return say(key, language, **values)


def tiers_text(rate: pd.DataFrame, language: str = "zh") -> str:
    """The review in one sentence, from the row of :func:`analysis.uplift.upgrade_rate`."""
    prep.require_frame(rate, "upgrade_rate", ("upgraded", "movable", "rate", "start", "end"), "tiers_text")
    r = rate.iloc[0]
    if pd.isna(r["end"]):
        return _say("uplift.none", language)
    if pd.isna(r["start"]):
        return _say("uplift.tiers_text.none", language)
    return _say("uplift.tiers_text", language, start=r["start"], end=r["end"], movable=int(r["movable"]),
                upgraded=int(r["upgraded"]), rate=r["rate"], lo=r["ci_low"], hi=r["ci_high"],
                downgraded=int(r["downgraded"]), new=int(r["new"]))


def white_list_text(white: pd.DataFrame, language: str = "zh", no_contact_days: float = rules.NO_CONTACT_DAYS) -> str:
    """How many are on the white list and how many are flagged, from :func:`analysis.uplift.white_list`."""
    prep.require_frame(white, "white_list", ("person_id", "no_contact"), "white_list_text")
    if not len(white):
        return _say("uplift.none_table", language)
    return _say("uplift.white_list_text", language, n=len(white), flagged=int(white["no_contact"].sum()),
                days=no_contact_days)


def comparison_text(comparison: pd.DataFrame, language: str = "zh") -> str:
    """What the like-with-like comparison does and says, from :func:`analysis.uplift.manager_comparison`."""
    prep.require_frame(comparison, "manager_comparison", ("staff_id", "verdict"), "comparison_text")
    if not len(comparison):
        return _say("uplift.none_table", language)
    named = comparison.loc[comparison["staff_id"].notna().to_numpy()]
    return _say("uplift.comparison_text", language, above=int((named["verdict"] == "above").sum()),
                below=int((named["verdict"] == "below").sum()))


def model_text(model: pd.DataFrame, language: str = "zh") -> str:
    """The contact model in words with its caveat, from :func:`analysis.uplift.contact_uplift_model`."""
    prep.require_frame(model, "contact_uplift_model", ("odds_ratio", "ci_low", "ci_high", "p_value", "movable",
                                                       "upgraded", "fitted"), "model_text")
    m = model.iloc[0]
    if not bool(m["fitted"]):
        return _say("uplift.model_text.none", language)
    return _say("uplift.model_text", language, odds_ratio=m["odds_ratio"], lo=m["ci_low"], hi=m["ci_high"],
                p=m["p_value"], n=int(m["movable"]), events=int(m["upgraded"]))


def balance_text(test: pd.DataFrame, language: str = "zh") -> str:
    """The load-balance test of :func:`analysis.uplift.allocation_balance_test` in words."""
    prep.require_frame(test, "allocation_balance_test", ("chi2", "dof", "p_value", "n", "n_staff", "unassigned"),
                       "balance_text")
    b = test.iloc[0]
    if pd.isna(b["p_value"]):
        return _say("uplift.balance_text.none", language, unassigned=int(b["unassigned"]))
    return _say("uplift.balance_text", language, n=int(b["n"]), k=int(b["n_staff"]), mean=b["n"] / b["n_staff"],
                chi2=b["chi2"], dof=int(b["dof"]), p=b["p_value"], unassigned=int(b["unassigned"]))


def retention_text(cohorts: pd.DataFrame, language: str = "zh") -> str:
    """The 30-day holding share of all acquired customers, from ``retention_cohorts(..., by=())``."""
    prep.require_frame(cohorts, "retention_cohorts", ("measure", "after_days", "customers", "n", "rate", "ci_low",
                                                      "ci_high"), "retention_text")
    rows = cohorts.loc[(cohorts["measure"] == "holding").to_numpy()].sort_values("after_days", kind="stable")
    if not len(rows) or int(rows["customers"].sum()) == 0:
        return _say("uplift.retention_text.none", language)
    r = rows.iloc[0]
    return _say("uplift.retention_text", language, n=int(r["customers"]), rate=r["rate"], lo=r["ci_low"],
                hi=r["ci_high"], observed=int(r["n"]))
