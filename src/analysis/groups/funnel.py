"""The tier funnel (分层漏斗): mass → potential → elite → deal, person by person, in order.

- :func:`funnel_people` — each person's path and the time of every step;
- :func:`tier_funnel` — people per step with step and overall rates (Wilson intervals);
- :func:`step_times` — days between steps (median with a distribution-free interval, quartiles);
- :func:`tier_entries` — who is in each tier in funnel order, entered mid-funnel, or out of order;
- :func:`tier_conversion` — the observed conversion from each tier to a deal.

Tests: ``tests/groups/test_funnel.py``; notebook section "分层漏斗 Tier funnel" of
``notebooks/04_group_tiers.ipynb``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis import prep, rules
from analysis.groups._tables import (DAY, TIER_ORDER, by_keys, days_param, deals_table, empty_deals, groups_table,
                                     members_table, positions, sort_keys, sorted_unique, tables, text_of)
from analysis.schemas import TIERS
from analysis.stats import proportion

__all__ = ["STEPS", "DEAL_WINDOW_DAYS", "funnel_people", "tier_funnel", "step_times", "tier_entries",
           "tier_conversion"]

#: Funnel steps in order.
STEPS: tuple[str, ...] = ("mass", "potential", "elite", "deal")
#: A deal counts when closed within this many days of joining an elite group (:data:`analysis.rules.DEAL_WINDOW_DAYS`).
DEAL_WINDOW_DAYS = rules.DEAL_WINDOW_DAYS

_NONE = np.iinfo(np.int64).max  # "no time" in the integer paths (a time never reached)


def _min_at(n: int, idx: np.ndarray, values: np.ndarray) -> np.ndarray:
    out = np.full(n, _NONE, dtype=np.int64)
    np.minimum.at(out, idx, values)
    return out


def _paths(groups: pd.DataFrame, members: pd.DataFrame, dl: pd.DataFrame, window: float,
           sort_people: bool = False) -> dict:
    """The funnel on integer codes: every person's step times (int64 ns, :data:`_NONE` = not reached).

    People are coded in order of appearance, or of ``person_id`` with ``sort_people`` (``persons``);
    each array has one value per person:
    ``mass_at``, ``entry`` (the row in ``groups`` of the mass group they entered through: the
    first mass join, the lowest ``group_id`` at equal times), ``potential_at``, ``elite_at``,
    ``deal_at``, ``deal_elite_at``. No per-person Python, no sort of strings beyond the people's ids.
    """
    at = positions(members["group_id"], groups["group_id"])
    keep = np.flatnonzero(at >= 0)
    whole = len(keep) == len(members)
    at = at if whole else at[keep]
    person, persons = pd.factorize(members["person_id"] if whole else members["person_id"].iloc[keep],
                                   sort=sort_people)
    person = person.astype(np.int64)
    n = len(persons)
    tier = positions(groups["tier"], pd.Index(TIERS))[at]
    group_rank = pd.factorize(groups["group_id"], sort=True)[0].astype(np.int64) if len(groups) else np.zeros(0, np.int64)
    rank = group_rank[at]
    joined = prep.ns(members["joined_at"]) if whole else prep.ns(members["joined_at"])[keep]
    mass = tier == 0
    mass_at = _min_at(n, person[mass], joined[mass])
    first = mass & (joined == mass_at[person])
    entry_rank = _min_at(n, person[first], rank[first])
    by_rank = np.argsort(group_rank)
    entry = np.where(entry_rank < _NONE, by_rank[np.minimum(entry_rank, max(len(by_rank) - 1, 0))], -1)
    pot = (tier == 1) & (joined >= mass_at[person])
    potential_at = _min_at(n, person[pot], joined[pot])
    eli = (tier == 2) & (joined >= potential_at[person])
    elite_at = _min_at(n, person[eli], joined[eli])
    deal_at = np.full(n, _NONE, dtype=np.int64)
    deal_elite_at = np.full(n, _NONE, dtype=np.int64)
    dp = positions(dl["person_id"], persons)
    dk = np.flatnonzero(dp >= 0)
    dk = dk[elite_at[dp[dk]] < _NONE]
    if len(dk):
        # elite joins and deals of the same people in time order (a join before a deal at the same time):
        # the first deal at or after each join, if within the window
        ep, ej = person[eli], joined[eli]
        ev_p = np.concatenate([ep, dp[dk]])
        ev_t = np.concatenate([ej, prep.ns(dl["closed_at"])[dk]])
        is_deal = np.concatenate([np.zeros(len(ep), dtype=bool), np.ones(len(dk), dtype=bool)])
        order = np.lexsort((is_deal, ev_t, ev_p))
        ev_p, ev_t, is_deal = ev_p[order], ev_t[order], is_deal[order]
        m = len(order)
        nxt = np.where(is_deal, np.arange(m), m)
        nxt = np.minimum.accumulate(nxt[::-1])[::-1]
        j = np.flatnonzero(~is_deal)
        k = nxt[j]
        ok = k < m
        j, k = j[ok], k[ok]
        ok = (ev_p[k] == ev_p[j]) & (ev_t[k] - ev_t[j] <= (window * DAY).value)
        j, k = j[ok], k[ok]
        who, closed, joined_e = ev_p[j], ev_t[k], ev_t[j]
        deal_at = _min_at(n, who, closed)
        tie = closed == deal_at[who]
        latest = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(latest, who[tie], joined_e[tie])
        deal_elite_at = np.where(latest > np.iinfo(np.int64).min, latest, _NONE)
    return {"persons": persons, "entry": entry, "mass_at": mass_at, "potential_at": potential_at,
            "elite_at": elite_at, "deal_at": deal_at, "deal_elite_at": deal_elite_at, "person": person,
            "at": at, "joined": joined, "tier": tier, "rank": rank}


def _times(values: np.ndarray) -> pd.Series:
    v = np.where(values == _NONE, np.iinfo(np.int64).min, values)
    return pd.Series(v.view("datetime64[ns]"), dtype="datetime64[ns]")


def _people(groups: pd.DataFrame, paths: dict, keys: Sequence[str]) -> pd.DataFrame:
    """:func:`funnel_people`'s frame from :func:`_paths`: people with a mass join, by ``person_id``."""
    sel = np.flatnonzero(paths["mass_at"] < _NONE)
    people = pd.DataFrame({"person_id": pd.Series(paths["persons"][sel], dtype=paths["persons"].dtype)})
    rows = paths["entry"][sel]
    for k in dict.fromkeys(keys):
        if k != "person_id":
            people[k] = groups[k].iloc[rows].reset_index(drop=True)
    for c in ("mass_at", "potential_at", "elite_at", "deal_elite_at", "deal_at"):
        people[c] = _times(paths[c][sel])
    step = np.select([paths["deal_at"][sel] < _NONE, paths["elite_at"][sel] < _NONE,
                      paths["potential_at"][sel] < _NONE], [3, 2, 1], default=0)
    people["step"] = text_of(step, STEPS)
    return people


def _prepared(wechat_groups, group_members, deals, keys, func):
    groups = groups_table(wechat_groups, func, extra=keys)
    members = members_table(group_members, func)
    dl = deals_table(deals, func) if deals is not None else empty_deals()
    return groups, members, dl


def funnel_people(data=None, /, *, wechat_groups=None, group_members=None, deals=None, by=None,
                  deal_window_days: float = DEAL_WINDOW_DAYS):
    """Each person's path through the tiers: when they reached each funnel step, in order.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members, deals : DataFrame
        Contract tables (``deals`` may be empty).
    by : str or list of str, optional
        Columns of ``wechat_groups`` (e.g. ``branch_id``, ``owner_staff_id``). A person takes
        the values of the mass group through which they entered the funnel (their first
        mass-group spell).
    deal_window_days : float, default 3
        A deal counts when closed within this many days of joining an elite group (the 72-hour
        rule).

    Returns
    -------
    DataFrame
        One row per person who was ever in a mass group:

        - ``person_id``; the ``by`` columns;
        - ``mass_at``: first join to a mass group;
        - ``potential_at``: first join to a potential group at or after ``mass_at`` (NaT if none);
        - ``elite_at``: first join to an elite group at or after ``potential_at``;
        - ``deal_elite_at``: the elite join the deal is counted from (the latest qualifying elite
          join before the deal);
        - ``deal_at``: the first deal closed within ``deal_window_days`` after a qualifying elite
          join;
        - ``step``: the furthest step reached (mass, potential, elite, deal).

    Notes
    -----
    A person counts at a step only when they reached every earlier step first: join times
    must be non-decreasing (equal times count). A re-join does not reset the path: the first
    mass join starts it, and any later join to the next tier continues it. A potential group
    joined before any mass group does not count (a mid-funnel entry, see
    :func:`tier_entries`); the person counts at potential only if they join a potential group
    again after their first mass join. Skipping a step (mass → elite) ends the path at the
    last step reached in order. A deal counts when ``elite join <= closed_at <= elite join +
    deal_window_days``; deals before the elite join or after the window do not.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P", "E"], "tier": ["mass", "potential", "elite"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 3)})
    >>> m = pd.DataFrame({"group_id": ["M", "P", "E", "M", "E"], "person_id": ["a", "a", "a", "b", "b"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-03", "2026-09-05",
    ...                                                "2026-09-01", "2026-09-04"])})
    >>> d = pd.DataFrame({"person_id": ["a"], "closed_at": pd.to_datetime(["2026-09-06"])})
    >>> funnel_people(wechat_groups=g, group_members=m, deals=d)[["person_id", "step"]].to_dict("list")
    {'person_id': ['a', 'b'], 'step': ['deal', 'mass']}
    """
    func = "funnel_people"
    wechat_groups, group_members, deals = tables(data, func, ("wechat_groups", "group_members", "deals"),
                                                 wechat_groups=wechat_groups, group_members=group_members,
                                                 deals=deals)
    keys = by_keys(by, wechat_groups, func)
    window = days_param(deal_window_days, "deal_window_days", func)
    groups, members, dl = _prepared(wechat_groups, group_members, deals, keys, func)
    return _people(groups, _paths(groups, members, dl, window, sort_people=True), keys)


def tier_funnel(data=None, /, *, wechat_groups=None, group_members=None, deals=None, by=None,
                deal_window_days: float = DEAL_WINDOW_DAYS, level: float = rules.LEVEL) -> pd.DataFrame:
    """The ordered, person-level funnel mass → potential → elite → deal with Wilson intervals.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members, deals : DataFrame
        Contract tables (``deals`` may be empty).
    by : str or list of str, optional
        Columns of ``wechat_groups``, e.g. ``"branch_id"`` or ``"owner_staff_id"``. People are
        grouped by the values of the mass group through which they entered the funnel, and
        followed through every later group whoever owns it (a manager's funnel is the funnel of
        the people who came in through their mass groups). Missing values (a mass group not
        owned by the bank) form their own group.
    deal_window_days : float, default 3
        A deal counts when the person closed one within this many days of joining an elite
        group (the domain's 72-hour rule).
    level : float, default 0.95
        Confidence level of the Wilson intervals.

    Returns
    -------
    DataFrame
        Four rows (steps mass, potential, elite, deal, in that order) per value of ``by`` that
        has at least one person at the mass step (four rows without ``by``):

        - the ``by`` columns;
        - ``step``;
        - ``people`` (int64): people who reached this step after every earlier one;
        - ``step_rate``, ``step_ci_low``, ``step_ci_high``: ``people`` / people at the previous
          step (the denominator is the previous row's ``people``), Wilson interval; NaN at mass;
        - ``overall_rate``, ``overall_ci_low``, ``overall_ci_high``: ``people`` / people at
          mass (the first row's ``people``); NaN at mass (the base).

    Notes
    -----
    Step times and order rules as in :func:`funnel_people`. Intervals are Wilson score
    intervals from :func:`analysis.stats.proportion` (R's ``prop.test(x, n, correct =
    FALSE)``). People who enter mid-funnel are not here; see :func:`tier_entries`.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P", "E"], "tier": ["mass", "potential", "elite"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 3)})
    >>> m = pd.DataFrame({"group_id": ["M", "M", "P", "E"], "person_id": ["a", "b", "a", "a"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-01", "2026-09-02", "2026-09-04"])})
    >>> d = pd.DataFrame({"person_id": ["a"], "closed_at": pd.to_datetime(["2026-09-05"])})
    >>> tier_funnel(wechat_groups=g, group_members=m, deals=d)[["step", "people", "step_rate"]]
            step  people  step_rate
    0       mass       2        NaN
    1  potential       1        0.5
    2      elite       1        1.0
    3       deal       1        1.0
    """
    func = "tier_funnel"
    level = prep.check_level(level, func)
    wechat_groups, group_members, deals = tables(data, func, ("wechat_groups", "group_members", "deals"),
                                                 wechat_groups=wechat_groups, group_members=group_members,
                                                 deals=deals)
    keys = by_keys(by, wechat_groups, func)
    window = days_param(deal_window_days, "deal_window_days", func)
    groups, members, dl = _prepared(wechat_groups, group_members, deals, keys, func)
    paths = _paths(groups, members, dl, window)
    reached = paths["mass_at"] < _NONE
    cols = ("mass_at", "potential_at", "elite_at", "deal_at")
    if keys:
        combo = groups.groupby(keys, dropna=False, sort=False).ngroup().to_numpy(dtype=np.int64)
        frame = groups[keys].drop_duplicates().reset_index(drop=True)
        c = combo[paths["entry"][reached]]
        counts = {col: np.bincount(c[paths[col][reached] < _NONE], minlength=len(frame)) for col in cols}
        seen = counts["mass_at"] > 0
        wide = frame[seen].reset_index(drop=True)
        for col in cols:
            wide[col] = counts[col][seen].astype(np.int64)
        long = pd.concat([wide[keys].assign(step=s, _o=i, people=wide[col].to_numpy())
                          for i, (s, col) in enumerate(zip(STEPS, cols))], ignore_index=True)
    else:
        long = pd.DataFrame({"step": list(STEPS), "_o": range(len(STEPS)),
                             "people": [int((paths[col][reached] < _NONE).sum()) for col in cols]})
    long = sort_keys(long, keys, ["_o"]).drop(columns="_o")
    long["step"] = long["step"].astype("string")
    people = long["people"].to_numpy(dtype=np.int64)
    long["people"] = people
    n = len(long)
    rates = {c: np.full(n, np.nan) for c in ("step_rate", "step_ci_low", "step_ci_high", "overall_rate",
                                                "overall_ci_low", "overall_ci_high")}
    if n:
        block = np.arange(n) // len(STEPS)
        first = people[block * len(STEPS)]
        prev = np.concatenate([[0], people[:-1]])
        later = (np.arange(n) % len(STEPS)) > 0
        sr = proportion(people[later], prev[later], level=level)
        ov = proportion(people[later], first[later], level=level)
        for name, src, col in (("step_rate", sr, "rate"), ("step_ci_low", sr, "ci_low"),
                               ("step_ci_high", sr, "ci_high"), ("overall_rate", ov, "rate"),
                               ("overall_ci_low", ov, "ci_low"), ("overall_ci_high", ov, "ci_high")):
            rates[name][later] = src[col].to_numpy()
    for name, values in rates.items():
        long[name] = values
    return long[[*keys, "step", "people", *rates]].reset_index(drop=True)


def _median_ci(x: np.ndarray, level: float) -> tuple[float, float]:
    """Distribution-free interval for the median from order statistics (binomial)."""
    if len(x) == 0:
        return np.nan, np.nan
    ci = sps.quantile_test(x, q=float(np.median(x)), p=0.5).confidence_interval(level)
    return float(ci.low), float(ci.high)


def step_times(data=None, /, *, wechat_groups=None, group_members=None, deals=None, by=None,
               deal_window_days: float = DEAL_WINDOW_DAYS, level: float = rules.LEVEL) -> pd.DataFrame:
    """Days between funnel steps: median (with interval) and quartiles.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members, deals, by, deal_window_days
        As in :func:`tier_funnel`.
    level : float, default 0.95
        Confidence level of the interval for the median.

    Returns
    -------
    DataFrame
        Three rows (steps potential, elite, deal) per value of ``by`` with a mass step:

        - the ``by`` columns; ``step``; ``from_step`` (the previous step);
        - ``n`` (int64): people who took the step (in order);
        - ``median_days``, ``median_ci_low``, ``median_ci_high``: median days from the previous
          step and its distribution-free interval (NaN when ``n`` is too small for ``level``);
        - ``q25_days``, ``q75_days``: quartiles.

    Notes
    -----
    Days are fractional (hours / 24). mass → potential: ``potential_at - mass_at``; potential →
    elite: ``elite_at - potential_at``; elite → deal: ``deal_at - deal_elite_at`` (from the elite
    join the deal is counted from; at most ``deal_window_days``). Quartiles interpolate
    linearly (R's ``quantile(type = 7)``). The interval for the median uses the order
    statistics :math:`x_{(k)}, x_{(n+1-k)}` whose binomial(n, 1/2) coverage is at least
    ``level`` (``scipy.stats.quantile_test``; Conover, *Practical Nonparametric Statistics*,
    3rd ed., §3.2): for n = 20 at 95% it is :math:`[x_{(6)}, x_{(15)}]`.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P"], "tier": ["mass", "potential"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M", "M", "P", "P"], "person_id": ["a", "b", "a", "b"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-01", "2026-09-03", "2026-09-05"])})
    >>> no_deals = m.iloc[:0].rename(columns={"joined_at": "closed_at"})
    >>> step_times(wechat_groups=g, group_members=m, deals=no_deals)[["step", "n", "median_days"]]
            step  n  median_days
    0  potential  2          3.0
    1      elite  0          NaN
    2       deal  0          NaN
    """
    func = "step_times"
    level = prep.check_level(level, func)
    wechat_groups, group_members, deals = tables(data, func, ("wechat_groups", "group_members", "deals"),
                                                 wechat_groups=wechat_groups, group_members=group_members,
                                                 deals=deals)
    fp = funnel_people(wechat_groups=wechat_groups, group_members=group_members, deals=deals, by=by,
                       deal_window_days=deal_window_days)
    keys = by_keys(by, wechat_groups, func)
    pairs = (("potential", "mass", "potential_at", "mass_at"), ("elite", "potential", "elite_at", "potential_at"),
             ("deal", "elite", "deal_at", "deal_elite_at"))
    blocks = fp.groupby(keys, dropna=False, sort=False) if keys else [((), fp)]
    rows = []
    for key, part in blocks:  # one small block per by value, not per row
        key = key if isinstance(key, tuple) else (key,)
        for step, prev, a, b in pairs:
            days = ((part[a] - part[b]) / DAY).dropna().to_numpy(dtype=float)
            lo, hi = _median_ci(days, level)
            q = np.quantile(days, [0.25, 0.5, 0.75]) if len(days) else [np.nan] * 3
            rows.append({**dict(zip(keys, key)), "step": step, "from_step": prev, "n": len(days),
                         "median_days": q[1], "median_ci_low": lo, "median_ci_high": hi,
                         "q25_days": q[0], "q75_days": q[2]})
    cols = [*keys, "step", "from_step", "n", "median_days", "median_ci_low", "median_ci_high", "q25_days",
            "q75_days"]
    out = pd.DataFrame(rows, columns=cols)
    if keys and len(out):
        out = out.astype({k: fp[k].dtype for k in keys})
    out["_o"] = out["step"].map({s: i for i, s in enumerate(STEPS)})
    out = sort_keys(out, keys, ["_o"]).drop(columns="_o")
    return out.astype({"step": "string", "from_step": "string", "n": "int64", "median_days": "float64",
                       "median_ci_low": "float64", "median_ci_high": "float64", "q25_days": "float64",
                       "q75_days": "float64"})


def tier_entries(data=None, /, *, wechat_groups=None, group_members=None, by=None,
                 level: float = rules.LEVEL) -> pd.DataFrame:
    """Who is in each tier: in funnel order, entered mid-funnel, or out of order.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members : DataFrame
        Contract tables.
    by : str or list of str, optional
        Columns of ``wechat_groups``; a person counts for the values of the groups they were
        in (``entries``: the values of the group where they entered).
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per ``by`` value and tier (mass, potential, elite):

        - the ``by`` columns; ``step`` (the tier);
        - ``people`` (int64): people ever in a group of this tier;
        - ``in_funnel`` (int64): of those, people who reached this tier in funnel order
          (:func:`funnel_people`; everyone at mass);
        - ``entries`` (int64): people not in funnel order whose first group of all was of this
          tier — mid-funnel entries (e.g. from a salon straight into a potential group);
        - ``out_of_order`` (int64): the rest — they started lower but skipped a step
          (mass → elite) or joined this tier before an earlier one;
        - ``rate``, ``ci_low``, ``ci_high``: ``entries / people`` with a Wilson interval.

    Notes
    -----
    ``people = in_funnel + entries + out_of_order``. The first group of a person is their
    earliest join; at equal times the lower tier counts first.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P"], "tier": ["mass", "potential"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M", "P", "P"], "person_id": ["a", "a", "c"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-02", "2026-09-02"])})
    >>> tier_entries(wechat_groups=g, group_members=m)[["step", "people", "in_funnel", "entries", "out_of_order"]]
            step  people  in_funnel  entries  out_of_order
    0       mass       1          1        0             0
    1  potential       2          1        1             0
    2      elite       0          0        0             0
    """
    func = "tier_entries"
    level = prep.check_level(level, func)
    wechat_groups, group_members = tables(data, func, ("wechat_groups", "group_members"),
                                          wechat_groups=wechat_groups, group_members=group_members)
    keys = by_keys(by, wechat_groups, func)
    groups = groups_table(wechat_groups, func, extra=keys)
    paths = _paths(groups, members_table(group_members, func), empty_deals(), 0.0)
    person, tier, joined, rank = paths["person"], paths["tier"], paths["joined"], paths["rank"]
    n = len(paths["persons"])
    nt = len(TIERS)
    if keys:
        combo = groups.groupby(keys, dropna=False, sort=False).ngroup().to_numpy(dtype=np.int64)
        frame = groups[keys].drop_duplicates().reset_index(drop=True)
    else:
        combo, frame = np.zeros(len(groups), dtype=np.int64), pd.DataFrame(index=[0])
    slots = len(frame) * nt
    ck = combo[paths["at"]] * nt + tier  # (by values, tier) of each membership
    # each person's first group of all: earliest join, then the lower tier, then the lower group_id
    c = joined == _min_at(n, person, joined)[person]
    c &= tier == _min_at(n, person[c], tier[c])[person]
    c &= rank == _min_at(n, person[c], rank[c])[person]
    first_ck = np.full(n, -1, dtype=np.int64)
    first_ck[person[c]] = ck[c]
    who = sorted_unique(person * np.int64(max(slots, 1)) + ck)  # one row per person, by values and tier
    wp, wk = who // max(slots, 1), who % max(slots, 1)
    reached = np.stack([paths["mass_at"], paths["potential_at"], paths["elite_at"]])
    flag = reached[wk % nt, wp] < _NONE
    entry = first_ck[wp] == wk
    counts = {"people": np.bincount(wk, minlength=slots), "in_funnel": np.bincount(wk[flag], minlength=slots),
              "entries": np.bincount(wk[entry & ~flag], minlength=slots),
              "out_of_order": np.bincount(wk[~entry & ~flag], minlength=slots)}
    tiers = pd.DataFrame({"tier": pd.Series(TIERS, dtype="string")})
    out = frame.merge(tiers, how="cross")
    for name, v in counts.items():
        out[name] = v.astype("int64")
    out["_o"] = out["tier"].map(TIER_ORDER)
    out = sort_keys(out, keys, ["_o"]).drop(columns="_o").rename(columns={"tier": "step"})
    p = proportion(out["entries"].to_numpy(), out["people"].to_numpy(), level=level) if len(out) else None
    for c in ("rate", "ci_low", "ci_high"):
        out[c] = p[c].to_numpy() if p is not None else np.array([], dtype=float)
    out["step"] = out["step"].astype("string")
    return out[[*keys, "step", "people", "in_funnel", "entries", "out_of_order", "rate", "ci_low", "ci_high"]]


def tier_conversion(data=None, /, *, wechat_groups=None, group_members=None, deals=None,
                    deal_window_days: float = DEAL_WINDOW_DAYS, level: float = rules.LEVEL) -> pd.DataFrame:
    """Observed conversion from each tier to a deal (the funnel read from each step to the end).

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members, deals, deal_window_days, level
        As in :func:`tier_funnel` (no ``by``: one conversion per tier).

    Returns
    -------
    DataFrame
        One row per tier (mass, potential, elite):

        - ``tier``;
        - ``people`` (int64): people who reached the tier in funnel order (the denominator);
        - ``deals`` (int64): of them, people who reached the deal step;
        - ``rate``, ``ci_low``, ``ci_high``: ``deals / people`` with a Wilson interval.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "E"], "tier": ["mass", "elite"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-01"])})
    >>> no_deals = m.iloc[:0].rename(columns={"joined_at": "closed_at"})
    >>> tier_conversion(wechat_groups=g, group_members=m, deals=no_deals)[["tier", "people", "deals"]]
            tier  people  deals
    0       mass       1      0
    1  potential       0      0
    2      elite       0      0
    """
    func = "tier_conversion"
    level = prep.check_level(level, func)
    f = tier_funnel(data, wechat_groups=wechat_groups, group_members=group_members, deals=deals,
                    deal_window_days=deal_window_days, level=level)
    people = f["people"].to_numpy(dtype=np.int64)
    deals_n = np.repeat(people[3], 3)
    p = proportion(deals_n, people[:3], level=level)
    return pd.DataFrame({"tier": pd.Series(TIERS, dtype="string"), "people": people[:3], "deals": deals_n,
                         "rate": p["rate"], "ci_low": p["ci_low"], "ci_high": p["ci_high"]})
