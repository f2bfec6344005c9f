"""Survey estimates: a proportion from a stratified simple random sample (post-stratified by households).

Reference values: ``tests/stats/stats_reference.R`` (R's survey package, ``svymean`` on a
stratified design with finite-population correction), checked in ``tests/stats/test_survey.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import ParameterError
from analysis.prep import check_level, show as _show
from analysis.rules import LEVEL
from analysis.stats._common import _check_columns, _data_error, _repr, _zero_one, z_value

__all__ = ['stratified_proportion']

#: Policies for strata with a single respondent in :func:`stratified_proportion`.
LONELY_PSU_POLICIES = ("fail", "adjust")


def stratified_proportion(
    data: pd.DataFrame,
    value: str,
    strata: str,
    population: str,
    level: float = LEVEL,
    lonely_psu: str = "fail",
) -> pd.DataFrame:
    """Proportion estimated from a stratified simple random sample.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    value : str
        The answer column. 0/1 numbers or True/False give one estimate (the
        share of 1/True); any other values (text, categories) give one
        estimate per distinct value (the share choosing it).
    strata : str
        Stratum of each respondent, e.g. ``"community_id"``.
    population : str
        Population size :math:`N_h` of the respondent's stratum, e.g.
        ``"households"``; constant within a stratum.
    level : float, default 0.95
        Confidence level of the interval.
    lonely_psu : {"fail", "adjust"}, default "fail"
        What to do with a stratum that has a single respondent (its variance
        cannot be estimated). ``"fail"`` raises :class:`DataError`, as R's
        survey package by default; ``"adjust"`` centres that respondent at
        the overall estimate instead of the stratum mean, as
        ``options(survey.lonely.psu = "adjust")`` (conservative). A stratum
        whose single respondent is its whole population (:math:`N_h = 1`)
        contributes no variance under either policy, as in R.

    Returns
    -------
    pandas.DataFrame
        For a 0/1 or True/False ``value``, one row; otherwise one row per
        distinct value (categorical order, else sorted), with the value in a
        first column named after ``value``. Columns:

        - ``<value>`` (only for a categorical ``value``): the answer.
        - ``rate`` (float): estimated population proportion.
        - ``se`` (float): design-based standard error (with finite-population
          correction).
        - ``ci_low``, ``ci_high`` (float): normal-approximation interval at
          ``level``, :math:`\\hat p \\pm z\\,\\mathrm{se}`; not truncated to
          [0, 1] (as R's ``confint``).
        - ``n`` (int64): respondents used.
        - ``n_strata`` (int64): strata with at least one respondent used.
        - ``population`` (float): :math:`\\sum_h N_h` over those strata, the
          population the estimate speaks for.

    Raises
    ------
    ParameterError
        If ``data`` is not a DataFrame, a column is missing, or ``level`` or
        ``lonely_psu`` is invalid.
    DataError
        If ``strata`` or ``population`` has missing values, the population
        varies within a stratum, is not a positive number, or is smaller than
        the stratum's respondents; if no respondent is left; or if a stratum
        has a single respondent and ``lonely_psu="fail"``.

    Notes
    -----
    Each respondent of stratum :math:`h` (with :math:`n_h` respondents out of
    :math:`N_h`, :math:`N = \\sum_h N_h`) gets weight :math:`N_h / n_h`, so
    that

    .. math::

        \\hat p = \\sum_h \\frac{N_h}{N} \\bar y_h, \\qquad
        \\widehat{\\mathrm{Var}}(\\hat p) = \\sum_h \\left(\\frac{N_h}{N}\\right)^2
        \\left(1 - \\frac{n_h}{N_h}\\right) \\frac{s_h^2}{n_h},

    with :math:`\\bar y_h` and :math:`s_h^2` (denominator :math:`n_h - 1`)
    the stratum's sample mean and variance of the 0/1 answer. This is the
    textbook stratified estimator and equals R's
    ``svymean(~y, svydesign(ids = ~1, strata = ~community_id, weights = ~w,
    fpc = ~households, data = d))`` with ``w = households / n_h``, whose
    linearization variance reduces to the formula above; the interval is
    ``confint()`` of that estimate. With ``lonely_psu="adjust"`` a
    single-respondent stratum contributes
    :math:`(N_h/N)^2 (1 - 1/N_h) (y_h - \\hat p)^2`.

    Rows with a missing ``value`` are dropped and the weights computed from
    the remaining respondents (item non-response treated as random within a
    stratum); this equals running R on the complete rows, not
    ``svymean(..., na.rm = TRUE)`` (which keeps the original weights and
    treats the rows as a domain). ``n`` counts the rows used. A stratum left
    without respondents drops out of the estimate and of ``population``.

    References
    ----------
    .. [1] Cochran, W. G. (1977). Sampling Techniques, 3rd ed., chapter 5
       (sections 5.3 and 5.4). Wiley.
    .. [2] Lumley, T. (2010). Complex Surveys: A Guide to Analysis Using R,
       chapter 2. Wiley.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats import stratified_proportion
    >>> d = pd.DataFrame({
    ...     "community_id": ["A"] * 4 + ["B"] * 3,
    ...     "households": [1000] * 4 + [200] * 3,
    ...     "wants_pension_advice": [1, 1, 0, 1, 0, 0, 1]})
    >>> r = stratified_proportion(d, "wants_pension_advice", "community_id", "households")
    >>> r[["rate", "se", "n", "n_strata", "population"]].round(4)
         rate      se  n  n_strata  population
    0  0.6806  0.2151  7         2      1200.0
    """
    level = check_level(level, "stratified_proportion")
    if lonely_psu not in LONELY_PSU_POLICIES:
        raise ParameterError(
            f"lonely_psu must be one of {', '.join(map(repr, LONELY_PSU_POLICIES))}; "
            f"got {lonely_psu!r}."
        )
    _check_columns(
        data, {"value": value, "strata": strata, "population": population},
        "stratified_proportion",
    )
    if len({value, strata, population}) < 3:
        raise ParameterError(
            "stratified_proportion: value, strata and population must be three "
            f"different columns, got {value!r}, {strata!r}, {population!r}."
        )
    for col in (strata, population):
        missing = np.flatnonzero(data[col].isna().to_numpy())
        if missing.size:
            raise _data_error(
                f"stratified_proportion: column {col!r} has {missing.size} missing "
                f"value(s), at row(s) {_show((missing + 1).tolist())} (1 = first row); "
                "every respondent needs a stratum and its population size.",
                col, "not_null", (missing + 1).tolist(), "fill in or remove these rows",
            )
    pop = pd.to_numeric(data[population], errors="coerce")
    pop_values = pop.to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(pop_values) | (pop_values <= 0))
    if bad.size:
        raise _data_error(
            f"stratified_proportion: population column {population!r} must hold positive "
            f"numbers; row(s) {_show((bad + 1).tolist())} hold "
            f"{_show(_repr(v) for v in data[population].iloc[bad])}.",
            population, "positive_number", (bad + 1).tolist(), "population size of the stratum",
        )
    varying = pop.groupby(data[strata], sort=False).nunique()
    varying = varying[varying > 1]
    if len(varying):
        raise _data_error(
            f"stratified_proportion: population column {population!r} must be constant "
            f"within each stratum of {strata!r}; it varies in {_show(map(_repr, varying.index))}.",
            population, "constant_within_stratum",
            (np.flatnonzero(data[strata].isin(varying.index).to_numpy()) + 1).tolist(),
            "give each stratum one population size",
        )

    frame = pd.DataFrame(
        {"stratum": data[strata].to_numpy(), "N": pop.to_numpy(dtype=float),
         "value": data[value].to_numpy()}
    )
    frame = frame.loc[frame["value"].notna()].reset_index(drop=True)
    if frame.empty:
        raise _data_error(
            f"stratified_proportion: column {value!r} has no non-missing answers.",
            value, "not_null", [], "nothing to estimate",
        )

    raw = data[value]
    indicator = _zero_one(frame["value"])
    is_binary = indicator is not None

    by = frame.groupby("stratum", sort=False)
    n_h = by.size()
    N_h = by["N"].first()
    too_small = n_h[n_h > N_h]
    if len(too_small):
        raise _data_error(
            f"stratified_proportion: stratum/strata {_show(map(_repr, too_small.index))} have "
            f"more respondents than their population in {population!r} "
            f"({_show(f'{n_h[h]} > {N_h[h]:g}' for h in too_small.index)}).",
            population, "population_at_least_respondents",
            (np.flatnonzero(data[strata].isin(too_small.index).to_numpy()) + 1).tolist(),
            "check the population sizes",
        )
    lonely = n_h[(n_h == 1) & (N_h > 1)]
    if len(lonely) and lonely_psu == "fail":
        rows = (np.flatnonzero(data[strata].isin(lonely.index).to_numpy()
                               & data[value].notna().to_numpy()) + 1).tolist()
        raise _data_error(
            f"stratified_proportion: stratum/strata {_show(map(_repr, lonely.index))} of "
            f"{strata!r} have a single respondent, so their sampling variance cannot be "
            "estimated. Merge them with a similar stratum, or pass lonely_psu='adjust' "
            "(a conservative approximation, as R's survey.lonely.psu = 'adjust').",
            strata, "at_least_two_per_stratum", rows, "single respondent in stratum",
        )

    if is_binary:
        answers = [None]
        indicators = [indicator]
    else:
        non_missing = frame["value"]
        if isinstance(raw.dtype, pd.CategoricalDtype):
            present = set(non_missing)
            answers = [c for c in raw.cat.categories if c in present]
        else:
            answers = sorted(pd.unique(non_missing), key=lambda v: (str(type(v)), v))
        indicators = [(non_missing == a).astype(float) for a in answers]

    z = z_value(level)
    N = float(N_h.sum())
    share = (N_h / N).to_numpy()
    f_h = (n_h / N_h).to_numpy()
    nh = n_h.to_numpy()
    rows_out = []
    for y in indicators:
        g = y.groupby(frame["stratum"], sort=False)
        mean_h = g.mean().reindex(n_h.index).to_numpy()
        rate = float((share * mean_h).sum())
        var_h = g.var(ddof=1).reindex(n_h.index).to_numpy()
        contrib = np.where(nh > 1, share**2 * (1 - f_h) * var_h / nh, 0.0)
        if lonely_psu == "adjust":
            single = (nh == 1)
            contrib = np.where(single, share**2 * (1 - f_h) * (mean_h - rate) ** 2, contrib)
        se = float(np.sqrt(contrib.sum()))
        rows_out.append((rate, se, rate - z * se, rate + z * se))

    out = pd.DataFrame(rows_out, columns=["rate", "se", "ci_low", "ci_high"])
    out = out.assign(
        n=np.int64(len(frame)),
        n_strata=np.int64(len(n_h)),
        population=N,
    ).astype({"n": "int64", "n_strata": "int64"})
    if not is_binary:
        out.insert(0, value, answers)
    return out
