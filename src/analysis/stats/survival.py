"""Time-to-event building blocks: Kaplan–Meier curves, their quantiles, and the log-rank test.

Generic: a table with one row per subject, a duration column and an event column (1/True: the
event happened at that duration; 0/False: censored there). The follow-up domain uses them for
the time to first contact and the time to a win (:mod:`analysis.followup`), but nothing here
knows about leads.

Functions
---------
kaplan_meier
    Kaplan–Meier survival curves with pointwise intervals, one row per group and event time.
km_quantiles
    Quantiles of a Kaplan–Meier curve by R's rule (``quantile(survfit(...))``).
logrank
    The log-rank test that the survival curves of the groups are equal.

Every number is checked against R's ``survival`` package (``tests/stats/test_survival.py``,
R calls in ``tests/stats/survival_reference.R``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as _sps

from analysis.errors import ParameterError
from analysis.prep import check_level, data_error

__all__ = ["kaplan_meier", "km_quantiles", "logrank"]

_KM_COLUMNS = ("time", "at_risk", "events", "survival", "std_error", "ci_low", "ci_high")


def _empty_curve() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="int64" if c in ("at_risk", "events") else "float64")
                         for c in _KM_COLUMNS})


def _km_one(time: np.ndarray, event: np.ndarray, level: float) -> pd.DataFrame:
    """Kaplan–Meier at the event times of one group (statsmodels SurvfuncRight)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    if len(time) == 0 or event.sum() == 0:
        return _empty_curve()
    sf = SurvfuncRight(time, event)
    s = np.asarray(sf.surv_prob, dtype=float)
    se = np.asarray(sf.surv_prob_se, dtype=float)
    z = float(_sps.norm.ppf((1.0 + level) / 2.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        se_log = np.where(s > 0, se / s, np.nan)  # se of log S (R's survfit $std.err)
        low = np.where(s > 0, s * np.exp(-z * se_log), np.nan)
        high = np.where(s > 0, np.minimum(s * np.exp(z * se_log), 1.0), np.nan)
    return pd.DataFrame({
        "time": np.asarray(sf.surv_times, dtype=float),
        "at_risk": np.asarray(sf.n_risk, dtype=np.int64),
        "events": np.asarray(sf.n_events, dtype=np.int64),
        "survival": s, "std_error": se, "ci_low": low, "ci_high": high,
    })


def _survival_data(data, duration, event, keys, func) -> tuple[np.ndarray, np.ndarray]:
    """Durations (float, >= 0) and events (0/1) of ``data``; ParameterError / DataError otherwise."""
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(f"{func}: data must be a pandas DataFrame, got {type(data).__name__}.")
    for role, col in (("duration", duration), ("event", event), *(("by", k) for k in keys)):
        if col not in data.columns:
            raise ParameterError(f"{func}: {role} column {col!r} is not in the data "
                                 f"(available: {', '.join(map(str, data.columns))}).")
    t = pd.to_numeric(data[duration], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(t) | (t < 0)
    if bad.any():
        raise data_error(func, "data", str(duration), "duration", (np.flatnonzero(bad) + 1).tolist(),
                         int(bad.sum()), f"column {duration!r} must hold durations >= 0 (1 = first row)")
    e = data[event]
    ok = (e.isin([0, 1, True, False]) & e.notna()).to_numpy(dtype=bool)
    if not ok.all():
        raise data_error(func, "data", str(event), "event", (np.flatnonzero(~ok) + 1).tolist(), int((~ok).sum()),
                         f"column {event!r} must hold 1/True (event) or 0/False (censored) (1 = first row)")
    return t, e.astype(int).to_numpy()


def _keys(by) -> list:
    return [] if by is None else ([by] if isinstance(by, str) else list(by))


def kaplan_meier(data: pd.DataFrame, duration: str, event: str, by=None, level: float = 0.95) -> pd.DataFrame:
    """Kaplan–Meier survival curves with pointwise intervals, one row per group and event time.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per subject (e.g. one lead).
    duration : str
        Time from the origin to the event or to censoring (any unit, >= 0).
    event : str
        1/True: the event happened at ``duration``; 0/False: censored there.
    by : str or list of str, optional
        Grouping columns: one curve per group.
    level : float, default 0.95
        Confidence level of the pointwise interval.

    Returns
    -------
    pandas.DataFrame
        One row per group and distinct event time (groups sorted), with columns:

        - the ``by`` keys;
        - ``time`` (float): event time;
        - ``at_risk`` (int64): subjects still under observation just before ``time``;
        - ``events`` (int64): events at ``time``;
        - ``survival`` (float): Kaplan–Meier estimate :math:`\\hat S(t)`;
        - ``std_error`` (float): Greenwood standard error of :math:`\\hat S(t)`;
        - ``ci_low``, ``ci_high`` (float): pointwise interval at ``level`` on the log scale,
          upper limit capped at 1; NaN where :math:`\\hat S(t) = 0`.

        A group without events has no rows.

    Raises
    ------
    ParameterError
        ``data`` is not a DataFrame, a column is missing, or ``level`` is not in (0, 1).
    DataError
        A duration is negative or missing (rule ``duration``), or an event is not 0/1 (rule ``event``).

    Notes
    -----
    :math:`\\hat S(t) = \\prod_{t_i \\le t} (1 - d_i / n_i)` and Greenwood's
    :math:`\\widehat{\\mathrm{Var}}\\,\\hat S(t) = \\hat S(t)^2 \\sum_{t_i \\le t} d_i / (n_i (n_i - d_i))`,
    computed by ``statsmodels.duration.survfunc.SurvfuncRight``. The interval is
    :math:`\\hat S \\exp(\\pm z\\,\\mathrm{se}(\\hat S)/\\hat S)`, R's ``survfit`` default
    ``conf.type = "log"``; the rows equal R's ``summary(survfit(Surv(time, status) ~ 1))``.

    References
    ----------
    .. [1] Kaplan, E. L. and Meier, P. (1958). Nonparametric estimation from incomplete
       observations. JASA 53, 457-481.

    Examples
    --------
    Gehan's 6-MP arm (Freireich et al. 1963), remission times in weeks:

    >>> import pandas as pd
    >>> mp = pd.DataFrame({"weeks": [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32,
    ...                              32, 34, 35],
    ...                    "relapse": [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]})
    >>> kaplan_meier(mp, "weeks", "relapse")[["time", "at_risk", "events", "survival"]].round(4).head(3)
       time  at_risk  events  survival
    0   6.0       21       3    0.8571
    1   7.0       17       1    0.8067
    2  10.0       15       1    0.7529
    """
    func = "kaplan_meier"
    level = check_level(level, func)
    keys = _keys(by)
    t, e = _survival_data(data, duration, event, keys, func)
    if not keys:
        return _km_one(t, e, level)
    frame = data[keys].reset_index(drop=True).assign(_t=t, _e=e)
    parts = []
    for key, grp in frame.groupby(keys, dropna=False, observed=True, sort=True):
        curve = _km_one(grp["_t"].to_numpy(), grp["_e"].to_numpy(), level)
        parts.append(curve.assign(**{k: grp[k].iloc[:1].repeat(len(curve)).to_numpy() for k in keys}))
    if not parts:
        return pd.concat([data[keys].iloc[0:0].reset_index(drop=True), _empty_curve()], axis=1)
    out = pd.concat(parts, ignore_index=True)
    return out[keys + [c for c in out.columns if c not in keys]]


def km_quantiles(time, event, probs: Sequence[float]) -> np.ndarray:
    """Quantiles of the Kaplan–Meier curve of one group, by R's rule (``survival::quantile.survfit``).

    Parameters
    ----------
    time : array-like of float
        Durations (>= 0).
    event : array-like of int
        1: the event happened at ``time``; 0: censored there.
    probs : sequence of float
        Probabilities strictly between 0 and 1 (shares of subjects with the event).

    Returns
    -------
    numpy.ndarray
        One value per probability: the first time the cumulative share :math:`1 - \\hat S(t)`
        reaches :math:`p`, and the midpoint to the next event time (or to the largest time) where
        the curve sits exactly on :math:`p`; NaN when the curve never reaches :math:`p`
        (too much censoring). Without censoring this is the usual sample quantile (R type 2).

    Examples
    --------
    >>> km_quantiles([2, 4, 6, 8], [1, 1, 1, 1], [0.25, 0.5, 0.9]).tolist()
    [3.0, 5.0, 8.0]
    >>> km_quantiles([2, 4, 6, 8, 100], [1, 1, 1, 1, 0], [0.5, 0.9]).tolist()
    [6.0, nan]
    """
    time = np.asarray(time, dtype=float)
    event = np.asarray(event, dtype=int)
    probs = list(probs)
    curve = _km_one(time, event, 0.95)
    if curve.empty:
        return np.full(len(probs), np.nan)
    x = np.concatenate([[0.0], curve["time"].to_numpy()])
    y = np.concatenate([[0.0], 1.0 - curve["survival"].to_numpy()])  # cumulative distribution, increasing
    xmax = float(np.max(time))
    tol = np.sqrt(np.finfo(float).eps)
    out = np.full(len(probs), np.nan)
    for i, p in enumerate(probs):
        if y[-1] < p - tol:
            continue  # the curve never reaches p
        i1 = int(np.searchsorted(y, p - tol, side="left"))  # first y >= p - tol
        if abs(y[-1] - p) < tol and i1 == len(y) - 1:
            out[i] = (x[i1] + xmax) / 2
            continue
        i2 = int(np.searchsorted(y, p + tol, side="left"))  # first y >= p + tol
        out[i] = (x[i1] + x[min(i2, len(y) - 1)]) / 2 if i2 < len(y) else (x[i1] + xmax) / 2
    return out


def logrank(data: pd.DataFrame, duration: str, event: str, group: str) -> pd.DataFrame:
    """Log-rank test that the survival curves of the groups are equal.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per subject.
    duration, event : str
        As for :func:`kaplan_meier` (event 1/True, censored 0/False).
    group : str
        The grouping column (rows with a missing group are left out).

    Returns
    -------
    pandas.DataFrame
        One row: ``chi2`` (float), ``dof`` (int64, groups compared − 1), ``p_value`` (float), ``n``
        (int64, subjects used), ``groups`` (int64, groups in the data). ``chi2``/``p_value`` are NaN
        with fewer than two groups compared or no event.

    Notes
    -----
    ``statsmodels.duration.survfunc.survdiff`` (unweighted): the chi-square statistic
    :math:`(O - E)^\\top V^{-1} (O - E)` on the observed and expected events of all but one
    group, as R's ``survdiff(Surv(time, status) ~ group)`` (``rho = 0``). As in R, a group with no
    subject at risk at any event time (expected count 0, e.g. every subject censored before the
    first event) is left out of the comparison and of ``dof`` (its variance row is zero).

    Examples
    --------
    Gehan's leukaemia remission data (Freireich et al. 1963), 6-MP vs placebo:

    >>> import pandas as pd
    >>> weeks = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35,
    ...          1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]
    >>> relapse = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0] + [1] * 21
    >>> d = pd.DataFrame({"weeks": weeks, "relapse": relapse, "arm": ["6-MP"] * 21 + ["placebo"] * 21})
    >>> logrank(d, "weeks", "relapse", "arm")[["chi2", "dof", "n"]].round(3)
         chi2  dof   n
    0  16.793    1  42
    """
    from statsmodels.duration.survfunc import survdiff

    func = "logrank"
    t, e = _survival_data(data, duration, event, [group], func)
    keep = data[group].notna().to_numpy()
    t, e, g = t[keep], e[keep], data[group].to_numpy()[keep]
    k = len(pd.unique(g))
    chi2 = p = np.nan
    compared = k
    if k >= 2 and e.sum() > 0:
        first_event = t[e == 1].min()
        # expected count > 0 iff a subject of the group is still at risk at the first event time
        latest = pd.Series(t).groupby(np.asarray(g).astype(str)).max()
        use = np.isin(np.asarray(g).astype(str), latest.index[latest >= first_event])
        compared = int((latest >= first_event).sum())
        if compared >= 2:
            chi2, p = survdiff(t[use], e[use], np.asarray(g)[use].astype(str))
    return pd.DataFrame({"chi2": [float(chi2)], "dof": np.array([max(compared - 1, 0)], dtype=np.int64),
                         "p_value": [float(p)], "n": np.array([len(t)], dtype=np.int64),
                         "groups": np.array([k], dtype=np.int64)})
