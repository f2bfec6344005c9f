"""Statistical building blocks: interval estimates and tests (统计工具).

Small, pure functions on top of statsmodels and scipy. Every function takes
scalars, array-likes or a tidy DataFrame plus column names, and returns a tidy
:class:`pandas.DataFrame` with a plain ``RangeIndex``. Nothing is rounded:
presentation belongs to the notebook. The interval level is always the
parameter ``level`` and never part of a column name.

Vocabulary of the returned columns (shared with the rest of the package):

- proportions: ``successes``, ``trials``, ``rate``, ``ci_low``, ``ci_high``;
- effects: ``estimate``, ``ci_low``, ``ci_high``; tests: ``p_value``;
- ``n``: the number of observations (rows) actually used.

Every reference value in ``tests/stats/`` was computed in R by
``tests/stats/stats_reference.R``; the package itself does not need R.

Modules
-------
proportions
    :func:`proportion`, :func:`compare_proportions`, :func:`z_value`.
contingency
    :func:`contingency`, :func:`contingency_table`, :func:`expected_counts`.
regression
    :func:`logit`.
survey
    :func:`stratified_proportion`.
survival, counts
    Kaplan–Meier and log-rank; Poisson and negative binomial (their own modules).

Functions
---------
proportion
    Rate with a Wilson score interval, one row per (successes, trials) pair.
compare_proportions
    Difference of two independent proportions with interval and p-value.
contingency, contingency_table
    Pearson chi-square test of independence with Cramér's V.
expected_counts
    Observed and expected counts and residuals of a crosstab, one row per cell.
logit
    Logistic regression with odds ratios and Wald intervals.
stratified_proportion
    Design-based proportion for a stratified simple random sample.
z_value
    Two-sided standard-normal critical value of a confidence level.
"""

from analysis.stats.contingency import SMALL_EXPECTED, contingency, contingency_table, expected_counts
from analysis.stats.proportions import COMPARE_METHODS, compare_proportions, proportion, z_value
from analysis.stats.regression import logit
from analysis.stats.survey import LONELY_PSU_POLICIES, stratified_proportion

#: The old private name of :func:`z_value` (``from analysis.stats import _z`` keeps working).
_z = z_value

__all__ = [
    "proportion",
    "compare_proportions",
    "contingency",
    "contingency_table",
    "expected_counts",
    "logit",
    "stratified_proportion",
    "z_value",
]

from analysis.stats.counts import *  # noqa: E402,F401,F403
from analysis.stats.counts import __all__ as _counts_all  # noqa: E402
from analysis.stats.survival import *  # noqa: E402,F401,F403
from analysis.stats.survival import __all__ as _survival_all  # noqa: E402

__all__ = [*__all__, *_counts_all, *_survival_all]
