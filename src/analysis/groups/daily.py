"""Group health from WeCom's daily statistics (群聊数据统计), for branches without message-level data.

WeCom's ``externalcontact/groupchat/statistic`` keeps, per group owner and day, the groups, members,
members who posted and messages (table ``group_daily_stats``, filled by ``import-wecom``). Where
``group_messages`` is empty — the usual case for a branch that only has WeCom's exports — this module
gives the group health the report shows: the share of members who posted per day (with its interval),
messages per member-day, joins and days since the last message, per owner.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.groups._text import Sentence, join, say
from analysis.stats import proportion

__all__ = ["daily_health", "daily_summary", "daily_sentence"]

COUNTS = ("new_chat_cnt", "chat_total", "chat_has_msg", "new_member_cnt", "member_total", "member_has_msg",
          "msg_total")
KEY = ("branch_id", "owner_staff_id", "day")


def _share(successes: np.ndarray, trials: np.ndarray, level: float) -> pd.DataFrame:
    """:func:`analysis.stats.proportion`, also for no rows at all."""
    if len(trials) == 0:
        return pd.DataFrame({c: np.array([], dtype=float) for c in ("rate", "ci_low", "ci_high")})
    return proportion(successes, trials, level=level)


def _stats(group_daily_stats, func: str) -> pd.DataFrame:
    """Validated daily statistics: ids as text, ``day`` as local time, counts as int64 ≥ 0."""
    s = prep.require_frame(group_daily_stats, "group_daily_stats", ("branch_id", "day", "chat_total", "member_total",
                                                                    "member_has_msg", "msg_total", "new_member_cnt"),
                           func)
    cols = {"branch_id": prep.ids(s, "group_daily_stats", "branch_id", func, key=KEY),
            "owner_staff_id": (prep.ids(s, "group_daily_stats", "owner_staff_id", func, key=KEY, required=False)
                               if "owner_staff_id" in s.columns else pd.Series(pd.NA, index=s.index, dtype="string")),
            "day": prep.times(s, "group_daily_stats", "day", func, key=KEY)}
    for c in COUNTS:
        if c not in s.columns:
            continue
        v = pd.to_numeric(s[c], errors="coerce")
        bad = (v.isna() | (v < 0) | (v != v.round())).fillna(True).to_numpy(dtype=bool)
        if bad.any():
            raise prep.mask_error(func, "group_daily_stats", c, "count", s, bad,
                                  f"{c} is not a whole number of at least 0", key=KEY)
        cols[c] = v.astype("int64")
    out = pd.DataFrame(cols)
    for rule, a, b, what in (("active_le_members", "member_has_msg", "member_total", "members who posted"),
                             ("active_groups_le_groups", "chat_has_msg", "chat_total", "groups with a message")):
        if a in out.columns and b in out.columns:
            over = (out[a] > out[b]).to_numpy(dtype=bool)
            if over.any():
                raise prep.mask_error(func, "group_daily_stats", a, rule, s, over, f"more {what} than {b}", key=KEY)
    dup = out.assign(_o=out["owner_staff_id"].fillna("")).duplicated(["branch_id", "_o", "day"], keep=False)
    if dup.any():
        raise prep.mask_error(func, "group_daily_stats", "day", "unique_key", s, dup.to_numpy(),
                              "the same branch, owner and day twice", key=KEY)
    return out


def daily_health(group_daily_stats: pd.DataFrame, level: float = rules.LEVEL) -> pd.DataFrame:
    """Group health by day from WeCom's daily statistics (where message-level data are absent).

    Parameters
    ----------
    group_daily_stats : DataFrame
        The ``group_daily_stats`` table.
    level : float
        Confidence level of the intervals (default :data:`analysis.rules.LEVEL`).

    Returns
    -------
    DataFrame
        One row per branch, owner and day, in the table's order: ``branch_id``, ``owner_staff_id``, ``day``,
        ``groups`` (chat_total), ``members`` (member_total), ``active_members`` (member_has_msg), ``rate``
        (share of members who sent a message that day) with its Wilson interval ``ci_low``, ``ci_high`` and
        ``n`` (= members), ``messages`` (msg_total), ``messages_per_member`` (messages per member-day; NaN
        without members), ``joins`` (new_member_cnt).

    Raises
    ------
    DataError
        A missing column, a count that is not a whole number ≥ 0, more members who posted than members,
        or the same branch, owner and day twice (table, column, rule and rows named).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"branch_id": ["B01"], "owner_staff_id": ["B01-S03"], "day": [pd.Timestamp("2026-09-10")],
    ...                   "new_chat_cnt": [0], "chat_total": [2], "chat_has_msg": [1], "new_member_cnt": [3],
    ...                   "member_total": [40], "member_has_msg": [10], "msg_total": [60]})
    >>> daily_health(s).loc[0, ["rate", "messages_per_member"]].tolist()
    [0.25, 1.5]
    """
    func = "daily_health"
    level = prep.check_level(level, func)
    s = _stats(group_daily_stats, func)
    members = s["member_total"].to_numpy(dtype=np.int64)
    active = s["member_has_msg"].to_numpy(dtype=np.int64)
    p = _share(active, members, level)
    msgs = s["msg_total"].to_numpy(dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(members > 0, msgs / np.where(members > 0, members, 1), np.nan)
    return pd.DataFrame({"branch_id": s["branch_id"].to_numpy(), "owner_staff_id": s["owner_staff_id"].to_numpy(),
                         "day": s["day"].to_numpy(), "groups": s["chat_total"].to_numpy(dtype=np.int64),
                         "members": members, "active_members": active, "rate": p["rate"].to_numpy(),
                         "ci_low": p["ci_low"].to_numpy(), "ci_high": p["ci_high"].to_numpy(), "n": members,
                         "messages": msgs, "messages_per_member": per,
                         "joins": s["new_member_cnt"].to_numpy(dtype=np.int64)})


def daily_summary(data=None, /, *, group_daily_stats: pd.DataFrame | None = None,
                  group_messages: pd.DataFrame | None = None, branch_id: str = "", period_start=None,
                  period_end=None, owner_staff_id: str = "", level: float = rules.LEVEL) -> pd.DataFrame:
    """Group health per owner over a period, from WeCom's daily statistics, when no message-level data exist.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set supplying ``group_daily_stats`` (and ``group_messages``) when not given by name. The
        statistics are selected here by ``branch_id`` and period (:func:`analysis.scope.for_branch` does
        not carry them), so the whole data set or the branch's snapshot may be passed.
    group_daily_stats : DataFrame, optional
        The ``group_daily_stats`` table.
    group_messages : DataFrame, optional
        The branch's messages (``scoped["group_messages"]``). When it has rows, the health is measured
        from them (:func:`group_status`) and the result is empty.
    branch_id : str, default ""
        Keep this branch's rows (empty: every branch).
    period_start, period_end : str, optional
        The period's days (``YYYY-MM-DD``, end day included); empty: open.
    owner_staff_id : str, default ""
        Keep one group owner's rows (empty: every owner).
    level : float, default :data:`analysis.rules.LEVEL`

    Returns
    -------
    DataFrame
        One row per branch and owner (``owner_staff_id`` empty: the export's counts for every owner
        together): ``branch_id``, ``owner_staff_id``, ``first_day``, ``last_day``, ``stat_days`` (int64:
        days with statistics), ``groups`` and ``members`` (int64: on the last day), ``joins`` (int64:
        members who joined in the period), ``member_days``, ``active_member_days`` (int64: sums of
        member_total and member_has_msg), ``active_share`` (active_member_days / member_days) with
        ``ci_low``, ``ci_high`` and ``n`` (= member_days), ``messages`` (int64), ``messages_per_member_day``
        (float), ``days_since_last_message`` (float: from the last day with a message to ``last_day``; NaN
        when no message at all).

    Notes
    -----
    The share of members who posted on an average day is the ratio of sums
    :math:`\\sum_d \\text{member\\_has\\_msg}_d / \\sum_d \\text{member\\_total}_d` (days weigh by their
    members). Its Wilson interval treats member-days as independent trials: the same people on many days
    are not independent, so the interval is narrower than it should be over long periods — read it as a
    day's uncertainty, not the period's. Health from messages (:func:`group_status`) is preferred when
    message-level data exist (issue 15: the daily statistics stand in where they are absent).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"branch_id": "B01", "owner_staff_id": "B01-S03",
    ...                   "day": pd.to_datetime(["2026-09-01", "2026-09-02"]), "new_chat_cnt": 0,
    ...                   "chat_total": 2, "chat_has_msg": [1, 0], "new_member_cnt": [3, 1],
    ...                   "member_total": [40, 41], "member_has_msg": [10, 0], "msg_total": [60, 0]})
    >>> daily_summary(group_daily_stats=s)[["stat_days", "members", "joins", "active_share",
    ...                                    "days_since_last_message"]].round(4)
       stat_days  members  joins  active_share  days_since_last_message
    0          2       41      4        0.1235                      1.0
    """
    func = "daily_summary"
    level = prep.check_level(level, func)
    t = prep.pick(data, func, required=("group_daily_stats",), optional=("group_messages",),
                  group_daily_stats=group_daily_stats, group_messages=group_messages)
    s = _stats(t["group_daily_stats"], func)
    start, end = _period(period_start, period_end)
    keep = pd.Series(True, index=s.index)
    if isinstance(branch_id, str) and branch_id.strip():
        keep &= s["branch_id"] == branch_id.strip()
    if isinstance(owner_staff_id, str) and owner_staff_id.strip():
        keep &= s["owner_staff_id"] == owner_staff_id.strip()
    if start is not None:
        keep &= s["day"] >= start
    if end is not None:
        keep &= s["day"] <= end
    msgs = t["group_messages"]
    if msgs is not None and len(msgs):
        keep &= False  # message-level data: group health comes from the messages
    s = s.loc[keep.fillna(False).to_numpy(dtype=bool)].assign(
        _owner=lambda d: d["owner_staff_id"].fillna(""),
        _msg_day=lambda d: d["day"].where(d["msg_total"] > 0)).sort_values(["branch_id", "_owner", "day"])
    g = s.groupby(["branch_id", "_owner"], sort=True)
    a = g.agg(first_day=("day", "min"), last_day=("day", "max"), stat_days=("day", "size"),
              groups=("chat_total", "last"), members=("member_total", "last"), joins=("new_member_cnt", "sum"),
              member_days=("member_total", "sum"), active_member_days=("member_has_msg", "sum"),
              messages=("msg_total", "sum"), last_message=("_msg_day", "max")).reset_index()
    md = a["member_days"].to_numpy(dtype=np.int64)
    p = _share(a["active_member_days"].to_numpy(dtype=np.int64), md, level)
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(md > 0, a["messages"].to_numpy(dtype=float) / np.where(md > 0, md, 1), np.nan)
    since = (a["last_day"] - a["last_message"]).dt.total_seconds().to_numpy(dtype=float) / 86400
    as_int = {c: a[c].to_numpy(dtype=np.int64) for c in ("stat_days", "groups", "members", "joins", "member_days",
                                                          "active_member_days", "messages")}
    return pd.DataFrame({
        "branch_id": a["branch_id"].astype("string"),
        "owner_staff_id": a["_owner"].astype("string").replace("", pd.NA),
        "first_day": a["first_day"], "last_day": a["last_day"], "stat_days": as_int["stat_days"],
        "groups": as_int["groups"], "members": as_int["members"], "joins": as_int["joins"],
        "member_days": as_int["member_days"], "active_member_days": as_int["active_member_days"],
        "active_share": p["rate"].to_numpy(), "ci_low": p["ci_low"].to_numpy(), "ci_high": p["ci_high"].to_numpy(),
        "n": as_int["member_days"], "messages": as_int["messages"], "messages_per_member_day": per,
        "days_since_last_message": since,
    })


def _period(period_start, period_end):
    from analysis.scope import parse_period

    return parse_period(period_start, period_end)


def daily_sentence(summary: pd.DataFrame, group_messages: pd.DataFrame | None = None,
                   language: str = "zh") -> Sentence:
    """What the daily statistics say, or why they are not used, in ``language``.

    Parameters
    ----------
    summary : DataFrame
        :func:`daily_summary`.
    group_messages : DataFrame, optional
        The branch's messages: when it has rows, the sentence says the health above comes from them.
    language : {"zh", "en"}

    Returns
    -------
    Sentence
        One sentence per owner row (the answer in bold), or that there are messages, or no statistics.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"branch_id": "B01", "owner_staff_id": "B01-S03", "day": pd.to_datetime(["2026-09-01"]),
    ...                   "new_chat_cnt": 0, "chat_total": 2, "chat_has_msg": 1, "new_member_cnt": 3,
    ...                   "member_total": 40, "member_has_msg": 10, "msg_total": 60})
    >>> daily_sentence(daily_summary(group_daily_stats=s), language="en")
    'B01-S03, 1 day(s) of WeCom statistics: 2 groups, 40 members; **25.0% of members posted on an average day** (interval 14.2%–40.2%), 1.500 messages per member-day.'
    """
    prep.require_frame(summary, "daily_summary", ["owner_staff_id", "stat_days", "groups", "members", "active_share",
                                                  "ci_low", "ci_high", "messages_per_member_day"], "daily_sentence")
    if group_messages is not None and len(group_messages):
        return say("groups.daily.messages", language)
    if summary.empty:
        return say("groups.daily.none", language)
    owners = summary["owner_staff_id"].astype("string").fillna(say("groups.daily.all_owners", language))
    parts = [say("groups.daily.owner", language, owner=o, days=d, groups=g, members=m, share=r, lo=lo, hi=hi, per=pm)
             for o, d, g, m, r, lo, hi, pm in zip(owners, summary["stat_days"], summary["groups"], summary["members"],
                                                   summary["active_share"], summary["ci_low"], summary["ci_high"],
                                                   summary["messages_per_member_day"])]
    return join(*parts)
