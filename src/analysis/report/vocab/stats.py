"""Labels of the result columns of :mod:`analysis.stats` (proportions, contingency, regression, survey).

The columns shared with every domain (``successes``, ``trials``, ``rate``, ``ci_low``, ``ci_high``,
``estimate``, ``p_value``, ``odds_ratio``, ``term``, ``std_error``, ``n``) are in ``common``.
"""

LABELS = {
    # compare_proportions (``rate1``, ``rate2``, ``method`` and its values are defined in the events vocabulary)
    "successes1": ("组1命中数", "Successes (group 1)", "count"), "trials1": ("组1总数", "Trials (group 1)", "count"),
    "successes2": ("组2命中数", "Successes (group 2)", "count"), "trials2": ("组2总数", "Trials (group 2)", "count"),
    # contingency, contingency_table, expected_counts
    "chi2": ("卡方值", "Chi-square", "num2"), "dof": ("自由度", "Degrees of freedom", "count"),
    "cramers_v": ("克莱姆V", "Cramér's V", "num3"), "min_expected": ("最小期望频数", "Smallest expected count", "num2"),
    "small_expected": ("期望频数不足5", "Expected count below 5", "bool"),
    "cells_below_5": ("期望频数不足5的格子占比", "Cells with expected count below 5", "pct"),
    "row": ("行", "Row", "code"), "col": ("列", "Column", "code"),
    "observed": ("观测数", "Observed", "count"), "expected": ("期望数", "Expected", "num2"),
    "residual": ("残差", "Residual", "num2"), "std_residual": ("标准化残差", "Standardized residual", "num2"),
    # stratified_proportion
    "se": ("标准误", "Standard error", "pct"), "n_strata": ("层数", "Strata", "count"),
    "population": ("总体规模", "Population", "count"),
}
