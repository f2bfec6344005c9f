"""Askers pulled out of the mass group (提问客户拉群): how fast, how many within a day, and whether speed pays.

When someone in a 400–500 mass group asks about a product (@ the manager), the practice is not to
answer in the group but to add them personally or pull them into a potential-customer group. This
module measures that habit from ``group_messages`` (``kind == "question"`` in a mass group),
``group_members`` (a later join to a potential or elite group) and ``leads`` (a lead captured for
the person after the question):

- :func:`askers` — one row per asker: the first question, when and how they were pulled, the deal;
- :func:`asker_summary` — askers, the share pulled within a day (Wilson), median time to pull;
- :func:`pull_curve` — the Kaplan–Meier share pulled over time (askers never pulled are censored);
- :func:`asker_conversion` — deals within 30 days of the question by pull speed, late vs quick;
- :func:`askers_sentence` — the answer in one or two sentences.

Tests: ``tests/groups/test_askers.py``; notebook section "提问客户拉群 Askers pulled out".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.groups._tables import days_param, deals_table, groups_table, members_table, messages_table
from analysis.groups._text import Sentence, join, say
from analysis.report.headline import NOISE_P
from analysis.report.labels import check_language
from analysis.stats import compare_proportions, kaplan_meier, km_quantiles, proportion

__all__ = ["PULL_HOURS", "ASKER_DEAL_DAYS", "SPEEDS", "askers", "asker_summary", "pull_curve", "asker_conversion",
           "askers_sentence"]

#: An asker counts as pulled in time within this many hours (:data:`analysis.rules.ASKER_PULL_HOURS`).
PULL_HOURS = rules.ASKER_PULL_HOURS
#: A deal counts for an asker within this many days of the question (:data:`analysis.rules.ASKER_DEAL_DAYS`).
ASKER_DEAL_DAYS = rules.ASKER_DEAL_DAYS
#: Pull speeds: within ``pull_hours``, later, not pulled after ``pull_hours``, asked less than ``pull_hours`` ago.
SPEEDS = ("quick", "late", "never", "waiting")
_HOUR = pd.Timedelta(hours=1)
_COLUMNS = ["person_id", "group_id", "owner_staff_id", "asked_at", "day_level", "pulled_at", "pulled_via",
            "pulled_to", "hours_to_pull", "observed_hours", "pulled", "speed", "deal_at", "deal_in_window",
            "window_complete"]


def _hours(value, name: str, func: str) -> float:
    h = prep.check_number(value, name, func, minimum=0.0, unit="hours")
    if h <= 0:
        raise ParameterError(f"{func}: {name} must be a number of hours > 0, got {value!r}.")
    return h


def askers(data=None, /, *, wechat_groups=None, group_members=None, group_messages=None, leads=None, deals=None,
           as_of=None, pull_hours: float = PULL_HOURS, deal_days: float = ASKER_DEAL_DAYS,
           owner_staff_id: str = "") -> pd.DataFrame:
    """One row per person who asked a question in a mass group: when they were pulled out, and whether they bought.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given by keyword.
    wechat_groups, group_members, group_messages : DataFrame
        Contract tables (questions are ``group_messages`` rows of ``kind`` ``question`` in a mass group).
    leads, deals : DataFrame, optional
        A lead captured for the asker after the question counts as a pull (added personally);
        ``deals`` give the conversion.
    as_of : str or Timestamp, optional
        The time "now"; default the latest timestamp in the tables. Later rows are ignored.
    pull_hours : float, default 24
        An asker pulled within this many hours of the question is ``quick``.
    deal_days : float, default 30
        A deal within this many days of the question converts the asker.
    owner_staff_id : str, optional
        Only askers whose first question was in this staff member's mass groups (the pull may be into
        anyone's group). Empty: every mass group.

    Returns
    -------
    DataFrame
        One row per asker, sorted by the time of the question:

        - ``person_id``; ``group_id``, ``owner_staff_id``: the mass group of the first question and its owner;
        - ``asked_at``: the person's first question in a mass group (up to ``as_of``);
        - ``day_level`` (bool): the question is stamped at midnight — a daily count whose time within the day
          is unknown, so the time to pull is measured from the start of that day (an upper bound);
        - ``pulled_at``: the first join to a potential or elite group, or the first lead captured for the
          person, at or after ``asked_at`` (NaT if neither by ``as_of``); ``pulled_via``: ``group`` or ``lead``;
          ``pulled_to``: the group joined (for a group pull);
        - ``hours_to_pull``: hours from the question to the pull (NaN if not pulled);
        - ``observed_hours``: ``hours_to_pull``, or the hours from the question to ``as_of`` for an asker not
          pulled (censored: the Kaplan–Meier input of :func:`pull_curve`); ``pulled`` (bool);
        - ``speed``: ``quick`` (pulled within ``pull_hours``), ``late`` (pulled later), ``never`` (not pulled,
          asked more than ``pull_hours`` ago) or ``waiting`` (asked less than ``pull_hours`` ago);
        - ``deal_at``: the first deal at or after the question; ``deal_in_window`` (bool): within ``deal_days``;
          ``window_complete`` (bool): ``asked_at + deal_days <= as_of`` (only those are compared).

    Notes
    -----
    A person who had already joined a potential or elite group before their first mass-group question
    is not an asker to pull (already pulled) and is left out. Any later join to a potential or elite
    group counts as the pull, whoever owns it; so does a lead captured after the question (a manager who
    adds the asker personally records a lead). Messages without a sender are ignored.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P"], "tier": ["mass", "potential"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M", "M", "P"], "person_id": ["a", "b", "a"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01 09:00", "2026-09-01 09:00", "2026-09-02 10:20"])})
    >>> q = pd.DataFrame({"group_id": ["M", "M"], "person_id": ["a", "b"], "kind": ["question"] * 2,
    ...                   "sent_at": pd.to_datetime(["2026-09-02 10:00", "2026-09-03 09:00"])})
    >>> askers(wechat_groups=g, group_members=m, group_messages=q, as_of="2026-09-05 09:00")[
    ...     ["person_id", "hours_to_pull", "observed_hours", "speed"]]
      person_id  hours_to_pull  observed_hours  speed
    0         a       0.333333        0.333333  quick
    1         b            NaN       48.000000  never
    """
    func = "askers"
    t = prep.pick(data, func, required=("wechat_groups", "group_members", "group_messages"),
                  optional=("leads", "deals"), wechat_groups=wechat_groups, group_members=group_members,
                  group_messages=group_messages, leads=leads, deals=deals)
    pull_hours = _hours(pull_hours, "pull_hours", func)
    deal_days = days_param(deal_days, "deal_days", func)
    groups = groups_table(t["wechat_groups"], func)
    members = members_table(t["group_members"], func)
    msgs = messages_table(t["group_messages"], func)
    lead_times = pd.DataFrame({"person_id": pd.Series([], dtype="string"),
                               "captured_at": pd.Series([], dtype="datetime64[ns]")})
    if t["leads"] is not None and len(t["leads"]):
        ld = prep.require_frame(t["leads"], "leads", ["person_id", "captured_at"], func)
        lead_times = pd.DataFrame({"person_id": prep.ids(ld, "leads", "person_id", func, ("lead_id",), required=False),
                                   "captured_at": prep.times(ld, "leads", "captured_at", func, ("lead_id",))})
        lead_times = lead_times.dropna().reset_index(drop=True)
    dl = deals_table(t["deals"], func) if t["deals"] is not None else None
    as_of = prep.as_of(as_of, func)
    if as_of is None:
        as_of = prep.latest(groups["created_at"], groups["dissolved_at"], members["joined_at"], members["left_at"],
                            msgs["sent_at"], lead_times["captured_at"], None if dl is None else dl["closed_at"])
    if as_of is None:
        as_of = pd.Timestamp("1970-01-01")
    tier = groups.set_index("group_id")["tier"]
    q = msgs[(msgs["kind"] == "question").fillna(False).to_numpy() & msgs["person_id"].notna().to_numpy()
             & (msgs["messages"] > 0).to_numpy() & (msgs["sent_at"] <= as_of).to_numpy()]
    q = q[q["group_id"].map(tier).eq("mass").fillna(False).to_numpy()]
    q = q.sort_values(["person_id", "sent_at", "group_id"], kind="stable").drop_duplicates("person_id")
    up = members.assign(tier=members["group_id"].map(tier))
    up = up[up["tier"].isin(["potential", "elite"]).to_numpy() & (up["joined_at"] <= as_of).to_numpy()]
    up = up.sort_values(["person_id", "joined_at", "group_id"], kind="stable").drop_duplicates("person_id")
    first_up = up.set_index("person_id")
    out = pd.DataFrame({"person_id": q["person_id"].to_numpy(), "group_id": q["group_id"].to_numpy(),
                        "asked_at": q["sent_at"].to_numpy()}).astype({"person_id": "string", "group_id": "string"})
    up_at = prep.lookup(out["person_id"], first_up["joined_at"]).astype("datetime64[ns]")
    out = out[(up_at.isna() | (up_at >= out["asked_at"])).to_numpy()].reset_index(drop=True)
    up_at = prep.lookup(out["person_id"], first_up["joined_at"]).astype("datetime64[ns]")
    up_to = prep.lookup(out["person_id"], first_up["group_id"]).astype("string")
    lt = lead_times.merge(out[["person_id", "asked_at"]], on="person_id")
    lt = lt[(lt["captured_at"] >= lt["asked_at"]) & (lt["captured_at"] <= as_of)]
    lead_at = prep.lookup(out["person_id"], lt.groupby("person_id")["captured_at"].min()).astype("datetime64[ns]")
    by_group = up_at.notna() & (lead_at.isna() | (up_at <= lead_at))
    pulled_at = up_at.where(by_group, lead_at).astype("datetime64[ns]")
    owner = groups.set_index("group_id")["owner_staff_id"]
    out["owner_staff_id"] = prep.lookup(out["group_id"], owner).astype("string")
    out["day_level"] = (out["asked_at"] == out["asked_at"].dt.normalize()).to_numpy(dtype=bool)
    out["pulled_at"] = pulled_at
    out["pulled_via"] = pd.Series(np.where(by_group, "group", np.where(lead_at.notna(), "lead", None)),
                                  dtype="string")
    out["pulled_to"] = up_to.where(by_group.to_numpy(), pd.NA)
    pulled = out["pulled_at"].notna().to_numpy()
    wait = ((out["pulled_at"] - out["asked_at"]) / _HOUR).to_numpy(dtype=float, na_value=np.nan)
    observed = np.where(pulled, wait, ((as_of - out["asked_at"]) / _HOUR).to_numpy(dtype=float))
    out["hours_to_pull"] = wait
    out["observed_hours"] = observed
    out["pulled"] = pulled
    out["speed"] = pd.Series(np.select([pulled & (wait <= pull_hours), pulled, observed >= pull_hours],
                                       ["quick", "late", "never"], default="waiting"), dtype="string")
    if dl is not None and len(dl):
        dd = dl[["person_id", "closed_at"]].merge(out[["person_id", "asked_at"]], on="person_id")
        dd = dd[(dd["closed_at"] >= dd["asked_at"]) & (dd["closed_at"] <= as_of)]
        out["deal_at"] = prep.lookup(out["person_id"], dd.groupby("person_id")["closed_at"].min())
    else:
        out["deal_at"] = pd.NaT
    out["deal_at"] = out["deal_at"].astype("datetime64[ns]")
    out["deal_in_window"] = ((out["deal_at"] - out["asked_at"]) <= pd.Timedelta(days=deal_days)).fillna(False) \
        .to_numpy(dtype=bool)
    out["window_complete"] = (out["asked_at"] + pd.Timedelta(days=deal_days) <= as_of).to_numpy(dtype=bool)
    if not isinstance(owner_staff_id, str):
        raise ParameterError(f"{func}: owner_staff_id must be a staff id (text), got {owner_staff_id!r}.")
    if owner_staff_id.strip():
        out = out[(out["owner_staff_id"] == owner_staff_id.strip()).fillna(False).to_numpy()]
    out = out.sort_values(["asked_at", "person_id"], kind="stable").reset_index(drop=True)
    return out[_COLUMNS]


def _check_askers(table, func: str, columns=("speed",)) -> pd.DataFrame:
    return prep.require_frame(table, "askers", list(columns), func)


def asker_summary(table: pd.DataFrame, by=None, level: float = rules.LEVEL) -> pd.DataFrame:
    """Askers, the share pulled within a day with its Wilson interval, and the median time to pull.

    Parameters
    ----------
    table : DataFrame
        :func:`askers`.
    by : str or list of str, optional
        Columns of ``table`` (e.g. ``"group_id"`` or ``"owner_staff_id"``); None: all askers.
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per ``by`` value (one row without ``by``, also when there is no asker):

        - the ``by`` columns; ``askers`` (int64);
        - ``past_day`` (int64): askers whose question is at least ``pull_hours`` old (not ``waiting``);
        - ``quick`` (int64): pulled within ``pull_hours``; ``rate``, ``ci_low``, ``ci_high``: ``quick / past_day``
          (Wilson; R's ``prop.test(quick, past_day, correct = FALSE)``);
        - ``pulled_any`` (int64): pulled by ``as_of`` at all; ``never`` (int64): not pulled and not ``waiting``;
        - ``median_hours``: median time to pull, Kaplan–Meier (never-pulled askers censored at ``as_of``;
          NaN when fewer than half were pulled), R's ``quantile(survfit(...), 0.5)``.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"speed": ["quick", "late", "never", "waiting"], "pulled": [True, True, False, False],
    ...                   "observed_hours": [0.5, 50.0, 80.0, 3.0]})
    >>> asker_summary(a)[["askers", "past_day", "quick", "rate", "median_hours"]]
       askers  past_day  quick      rate  median_hours
    0       4         3      1  0.333333          50.0
    """
    func = "asker_summary"
    level = prep.check_level(level, func)
    a = _check_askers(table, func, ("speed", "pulled", "observed_hours"))
    keys = prep.by_columns(by, a.columns, "askers", func)

    def one(d: pd.DataFrame) -> dict:
        sp = d["speed"].astype("string")
        past_day, quick = int((sp != "waiting").sum()), int((sp == "quick").sum())
        pulled = d["pulled"].astype(bool).to_numpy()
        med = km_quantiles(d["observed_hours"].to_numpy(dtype=float), pulled.astype(int), [0.5])[0] \
            if len(d) else np.nan
        return {"askers": len(d), "past_day": past_day, "quick": quick, "pulled_any": int(pulled.sum()),
                "never": int((sp == "never").sum()), "median_hours": float(med)}

    if keys:
        rows = [{**dict(zip(keys, k if isinstance(k, tuple) else (k,))), **one(d)}
                for k, d in a.groupby(keys, dropna=False, sort=True)]
        out = pd.DataFrame(rows, columns=[*keys, "askers", "past_day", "quick", "pulled_any", "never",
                                         "median_hours"])
    else:
        out = pd.DataFrame([one(a)])
    p = proportion(out["quick"].to_numpy(), out["past_day"].to_numpy(), level=level) if len(out) else None
    for c in ("rate", "ci_low", "ci_high"):
        out[c] = p[c].to_numpy() if p is not None else np.array([], dtype=float)
    for c in ("askers", "past_day", "quick", "pulled_any", "never"):
        out[c] = out[c].astype("int64")
    return out[[*keys, "askers", "past_day", "quick", "rate", "ci_low", "ci_high", "pulled_any", "never",
                "median_hours"]].reset_index(drop=True)


def pull_curve(table: pd.DataFrame, level: float = rules.LEVEL) -> pd.DataFrame:
    """The share of askers pulled out by each time after their question (Kaplan–Meier, 1 − S).

    Parameters
    ----------
    table : DataFrame
        :func:`askers` (``observed_hours``, ``pulled``).
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row at 0 hours and one per distinct pull time: ``hours``, ``at_risk`` (int64: askers not yet
        pulled and still observed just before), ``pulled_now`` (int64: pulls at that time), ``rate`` (the
        cumulative share pulled, :math:`1 - \\hat S(t)`), ``ci_low``, ``ci_high`` (pointwise, from R's
        ``survfit`` log interval of :math:`S`), ``askers`` (int64: all askers). Empty without a pull.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"observed_hours": [1.0, 2.0, 30.0, 40.0], "pulled": [True, True, False, True]})
    >>> pull_curve(a)[["hours", "at_risk", "pulled_now", "rate"]]
       hours  at_risk  pulled_now  rate
    0    0.0        4           0  0.00
    1    1.0        4           1  0.25
    2    2.0        3           1  0.50
    3   40.0        1           1  1.00
    """
    func = "pull_curve"
    level = prep.check_level(level, func)
    a = _check_askers(table, func, ("observed_hours", "pulled"))
    d = pd.DataFrame({"t": a["observed_hours"].to_numpy(dtype=float), "e": a["pulled"].astype(bool).astype(int)})
    km = kaplan_meier(d, "t", "e", level=level)
    cols = ["hours", "at_risk", "pulled_now", "rate", "ci_low", "ci_high", "askers"]
    if km.empty:
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c in ("at_risk", "pulled_now", "askers") else "float64")
                             for c in cols})
    start = pd.DataFrame({"hours": [0.0], "at_risk": [len(d)], "pulled_now": [0], "rate": [0.0], "ci_low": [0.0],
                          "ci_high": [0.0]})
    body = pd.DataFrame({"hours": km["time"], "at_risk": km["at_risk"], "pulled_now": km["events"],
                         "rate": 1.0 - km["survival"], "ci_low": 1.0 - km["ci_high"], "ci_high": 1.0 - km["ci_low"]})
    if float(body["hours"].iloc[0]) == 0.0:
        start = start.iloc[:0]
    out = pd.concat([start, body], ignore_index=True)
    out["askers"] = len(d)
    return out.astype({"at_risk": "int64", "pulled_now": "int64", "askers": "int64"})[cols]


def asker_conversion(table: pd.DataFrame, level: float = rules.LEVEL) -> pd.DataFrame:
    """Do askers pulled quickly buy more? Deals within the window by pull speed, each compared with ``quick``.

    Parameters
    ----------
    table : DataFrame
        :func:`askers`; only askers whose deal window is complete (``window_complete``) are compared.
    level : float, default 0.95

    Returns
    -------
    DataFrame
        Three rows, ``speed`` quick, late, never:

        - ``askers`` (int64): askers with a complete window; ``converted`` (int64): with a deal in the window;
        - ``rate``, ``ci_low``, ``ci_high``: ``converted / askers`` (Wilson);
        - ``vs_quick``, ``vs_quick_ci_low``, ``vs_quick_ci_high``, ``p_value``: this row's rate minus the quick
          askers' with its interval and the p-value of "equal" (:func:`analysis.stats.compare_proportions`,
          ``method="auto"``: Newcombe's interval; chi-square p-value, Fisher's exact test for small counts);
          NaN for the quick row and when either side has no askers.

    Notes
    -----
    An observational comparison: managers may pull the most promising askers first, so a difference
    shows an association, not by itself that speed causes deals.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"speed": ["quick"] * 4 + ["late"] * 4, "deal_in_window": [1, 1, 1, 0, 1, 0, 0, 0],
    ...                   "window_complete": [True] * 8})
    >>> asker_conversion(a)[["speed", "askers", "converted", "rate", "vs_quick"]]
       speed  askers  converted  rate  vs_quick
    0  quick       4      3  0.75       NaN
    1   late       4      1  0.25      -0.5
    2  never       0      0   NaN       NaN
    """
    func = "asker_conversion"
    level = prep.check_level(level, func)
    a = _check_askers(table, func, ("speed", "deal_in_window", "window_complete"))
    a = a[a["window_complete"].astype(bool).to_numpy()]
    sp = a["speed"].astype("string")
    conv = a["deal_in_window"].astype(bool).to_numpy()
    speeds = ["quick", "late", "never"]
    n = np.array([int((sp == s).sum()) for s in speeds], dtype=np.int64)
    x = np.array([int(((sp == s).to_numpy() & conv).sum()) for s in speeds], dtype=np.int64)
    p = proportion(x, n, level=level)
    diff = np.full((3, 4), np.nan)
    for i in (1, 2):
        if n[i] > 0 and n[0] > 0:
            c = compare_proportions(int(x[i]), int(n[i]), int(x[0]), int(n[0]), level=level)
            diff[i] = c[["estimate", "ci_low", "ci_high", "p_value"]].to_numpy(dtype=float)[0]
    return pd.DataFrame({"speed": pd.Series(speeds, dtype="string"), "askers": n, "converted": x,
                         "rate": p["rate"].to_numpy(), "ci_low": p["ci_low"].to_numpy(),
                         "ci_high": p["ci_high"].to_numpy(), "vs_quick": diff[:, 0], "vs_quick_ci_low": diff[:, 1],
                         "vs_quick_ci_high": diff[:, 2], "p_value": diff[:, 3]})


def askers_sentence(summary: pd.DataFrame, conversion: pd.DataFrame | None = None, pull_hours: float = PULL_HOURS,
                    deal_days: float = ASKER_DEAL_DAYS, language: str = "zh") -> Sentence:
    """The askers' answer: the share pulled within a day, those never pulled, and whether speed pays.

    Parameters
    ----------
    summary : DataFrame
        :func:`asker_summary` without ``by`` (one row).
    conversion : DataFrame, optional
        :func:`asker_conversion`.
    pull_hours, deal_days : float
        The values the tables were computed with (for the text).
    language : {"zh", "en"}

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"askers": [10], "past_day": [8], "quick": [6], "rate": [0.75], "ci_low": [0.41],
    ...                   "ci_high": [0.93], "pulled_any": [7], "never": [1], "median_hours": [2.5]})
    >>> askers_sentence(s, language="en")
    '10 people asked in a mass group: **75.0% were pulled out within 24 hours** (95% CI 41.0%–93.0%); 1 still not pulled.'
    """
    check_language(language)
    s = prep.require_frame(summary, "asker_summary", ["askers", "past_day", "quick", "rate", "ci_low", "ci_high",
                                                      "never"], "askers_sentence")
    if len(s) != 1 or int(s["askers"].iloc[0]) == 0:
        return say("groups.askers.none", language)
    r = s.iloc[0]
    if int(r["past_day"]) == 0:
        return say("groups.askers.too_new", language, askers=int(r["askers"]), hours=float(pull_hours))
    head = say("groups.askers.share", language, askers=int(r["askers"]), rate=float(r["rate"]),
               lo=float(r["ci_low"]), hi=float(r["ci_high"]), never=int(r["never"]), hours=float(pull_hours))
    if conversion is None or len(conversion) < 2:
        return head
    c = conversion.set_index(conversion["speed"].astype(str))
    if int(c.loc["quick", "askers"]) == 0 or int(c.loc["late", "askers"]) == 0:
        return join(head, say("groups.askers.no_comparison", language, days=float(deal_days)))
    late = c.loc["late"]
    key = "groups.askers.speed_pays" if late["p_value"] < NOISE_P and late["vs_quick"] < 0 else \
        "groups.askers.speed_unclear"
    return join(head, say(key, language, days=float(deal_days), quick=float(c.loc["quick", "rate"]),
                          late=float(late["rate"]), diff=float(late["vs_quick"]), p=float(late["p_value"]),
                          hours=float(pull_hours)))
