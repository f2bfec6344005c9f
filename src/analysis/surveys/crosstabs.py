"""Crosstabs: two questions crossed, cell by cell, and the chi-square test of their independence.

Tests: ``tests/surveys/test_crosstabs.py`` (R: ``chisq.test``). Notebook: ``01_community_survey``
(section "Age × willingness to join a WeChat group").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import ParameterError
from analysis.stats import SMALL_EXPECTED, contingency_table, expected_counts
from analysis.surveys import _tables as T

__all__ = ["crosstab", "crosstab_test"]


def _two_way(data, func, row, col, given) -> tuple[str, str, pd.DataFrame]:
    t = T.tables(data, func, required=("survey_answers", "survey_questions"), optional=("survey_responses",),
                 **given)
    answers, questions, responses = t["survey_answers"], t["survey_questions"], t["survey_responses"]
    if row is None or col is None:
        raise ParameterError(f"{func}: name the two questions, e.g. {func}(data, 'age_band', 'wechat')")
    if str(row) == str(col):
        raise ParameterError(f"{func}: row and col are the same ({row!r}); cross two different questions")
    in_scope = T.sheets(answers, responses)
    rname, rv = T.by_values(row, answers, questions, responses, in_scope, func)
    cname, cv = T.by_values(col, answers, questions, responses, in_scope, func)
    if cname == rname:
        cname = f"{cname}_col"
    pair = pd.DataFrame({rname: rv, cname: cv}).dropna()
    tab = pd.crosstab(pair[rname], pair[cname], dropna=True)
    tab = tab.loc[tab.sum(axis=1) > 0, tab.sum(axis=0) > 0]
    tab.index.name, tab.columns.name = rname, cname
    return rname, cname, tab


def crosstab(data=None, /, row=None, col=None, *, survey_answers: pd.DataFrame | None = None,
             survey_questions: pd.DataFrame | None = None,
             survey_responses: pd.DataFrame | None = None) -> pd.DataFrame:
    """Two questions crossed: one row per cell with observed and expected counts.

    Parameters
    ----------
    data : data set, optional
        Supplies the tables not passed by name.
    row, col : str
        Single-choice or scale questions (ids or standard keys), or columns of
        ``survey_responses`` (e.g. ``"community_id"``, ``"channel"``). Multi-choice questions
        cannot be crossed (a respondent would sit in several cells): use
        :func:`analysis.surveys.option_rates` with ``by``.
    survey_answers, survey_questions : DataFrame
        The answers and the codebook.
    survey_responses : DataFrame, optional
        Restricts the sheets and supplies response columns.

    Returns
    -------
    DataFrame
        One row per cell of the levels present (codebook order): ``<row>``, ``<col>``,
        ``observed`` (int64), ``row_share`` (observed / row total), ``expected``, ``residual``,
        ``std_residual`` (adjusted residual; beyond ±2 the cell drives the association) and
        ``small_expected`` (expected count below 5: the chi-square test is doubtful). Expected
        counts are NaN when the table is smaller than 2 × 2. Respondents who answered only one
        of the two are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"question_id": ["a", "b"], "text": ["性别", "愿意入群"], "kind": ["single", "single"],
    ...                   "options": ["f|m", "yes|no"], "option_labels": ["女|男", "愿意|不愿意"]})
    >>> ans = pd.DataFrame({"response_id": ["R1", "R1", "R2", "R2", "R3", "R3"],
    ...                     "question_id": ["a", "b"] * 3, "value": ["f", "yes", "m", "no", "f", "yes"]})
    >>> crosstab(row="a", col="b", survey_answers=ans, survey_questions=q)[["a", "b", "observed"]]
       a    b  observed
    0  f  yes         2
    1  f   no         0
    2  m  yes         0
    3  m   no         1
    """
    rname, cname, tab = _two_way(data, "crosstab", row, col, dict(
        survey_answers=survey_answers, survey_questions=survey_questions, survey_responses=survey_responses))
    if tab.shape[0] >= 2 and tab.shape[1] >= 2:
        cells = expected_counts(tab)
    else:
        r, c = tab.shape
        cells = pd.DataFrame({rname: np.repeat(tab.index.to_numpy(), c), cname: np.tile(tab.columns.to_numpy(), r),
                              "observed": tab.to_numpy().ravel().astype(np.int64), "expected": np.nan,
                              "residual": np.nan, "std_residual": np.nan})
    totals = cells.groupby(rname, observed=True, sort=False)["observed"].transform("sum")
    cells = cells.assign(row_share=(cells["observed"] / totals.replace(0, np.nan)).to_numpy(),
                         small_expected=(cells["expected"] < SMALL_EXPECTED).to_numpy())
    return cells[[rname, cname, "observed", "row_share", "expected", "residual", "std_residual",
                  "small_expected"]].reset_index(drop=True)


def crosstab_test(data=None, /, row=None, col=None, *, survey_answers: pd.DataFrame | None = None,
                  survey_questions: pd.DataFrame | None = None,
                  survey_responses: pd.DataFrame | None = None) -> pd.DataFrame:
    """Chi-square test of independence of two questions, with Cramér's V.

    Parameters
    ----------
    data, row, col, survey_answers, survey_questions, survey_responses
        As in :func:`crosstab`.

    Returns
    -------
    DataFrame
        One row: ``row_question``, ``col_question`` (as given), ``chi2``, ``dof`` (int64),
        ``p_value``, ``cramers_v``, ``n`` (respondents in the table), ``min_expected``,
        ``small_expected`` (any expected count below 5: treat the p-value with caution, merge
        sparse options) and ``cells_below_5`` (share of such cells). When fewer than two
        levels of either question were answered, the test cannot be made: ``chi2``,
        ``p_value``, ``cramers_v`` and ``min_expected`` are NaN and ``dof`` is 0.

    Notes
    -----
    :func:`analysis.stats.contingency_table` on the crosstab of the respondents who answered
    both (Pearson, no continuity correction; R ``chisq.test(tab, correct = FALSE)``).

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"question_id": ["q1"], "text": ["愿意入群吗？"], "kind": ["single"],
    ...                   "options": ["yes|no"], "option_labels": ["愿意|不愿意"]})
    >>> a = pd.DataFrame({"response_id": ["r1", "r2", "r3", "r4", "r5"], "question_id": "q1",
    ...                   "value": ["yes", "yes", "no", "no", "yes"]})
    >>> r = pd.DataFrame({"response_id": ["r1", "r2", "r3", "r4", "r5"],
    ...                   "community_id": ["A", "A", "A", "B", "B"]})
    >>> data = {"survey_answers": a, "survey_questions": q, "survey_responses": r}
    >>> crosstab_test(data, "q1", "community_id")[["chi2", "dof", "p_value", "small_expected"]].round(4)
         chi2  dof  p_value  small_expected
    0  0.1389    1   0.7094            True
    """
    _r, _c, tab = _two_way(data, "crosstab_test", row, col, dict(
        survey_answers=survey_answers, survey_questions=survey_questions, survey_responses=survey_responses))
    if tab.shape[0] >= 2 and tab.shape[1] >= 2:
        res = contingency_table(tab)
    else:
        res = pd.DataFrame({"chi2": [np.nan], "dof": np.array([0], dtype=np.int64), "p_value": [np.nan],
                            "cramers_v": [np.nan], "n": np.array([int(tab.to_numpy().sum())], dtype=np.int64),
                            "min_expected": [np.nan], "small_expected": [False], "cells_below_5": [np.nan]})
    res.insert(0, "col_question", str(col))
    res.insert(0, "row_question", str(row))
    return res.astype({"row_question": "string", "col_question": "string"})
