"""Group health (群健康): members, joins, leaves, active-member share, messages per member-day, silence.

- :func:`group_health` — one row per group and day or week of its life;
- :func:`group_status` — one row per group as of a moment (the health snapshot).

Activity is counted per calendar day, so a message log and daily counts per member give the same
answers. Member-days come from each member's runs of days (interval arithmetic on integer codes,
:func:`analysis.groups._tables.life_slots`), never from one row per member and day. Tests: ``tests/groups/test_health.py``; notebook section "群健康 Group health".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.groups._tables import (DAY, GROUP_COLS, TIER_ORDER, active_in_slots, activity_base, dayno, from_dayno,
                                     life_slots, sorted_unique, tables, whole_days)
from analysis.stats import proportion

__all__ = ["WINDOW_DAYS", "group_health", "group_status"]

_TABLES = ("wechat_groups", "group_members", "group_messages")
#: The window of a group's "recent" activity in :func:`group_status`: the last week, the window of the
#: silent-group rule (:data:`analysis.rules.SILENT_DAYS`; :func:`lifecycle_actions` uses ``silent_days``).
WINDOW_DAYS = rules.SILENT_DAYS

def _health_columns(out: pd.DataFrame, level: float) -> pd.DataFrame:
    for c in ("members", "member_days", "active_members", "messages"):
        out[c] = out[c].fillna(0).astype("int64")
    p = proportion(out["active_members"].to_numpy(), out["members"].to_numpy(), level=level) if len(out) else None
    out["active_share"] = p["rate"].to_numpy() if p is not None else np.array([], dtype=float)
    out["ci_low"] = p["ci_low"].to_numpy() if p is not None else np.array([], dtype=float)
    out["ci_high"] = p["ci_high"].to_numpy() if p is not None else np.array([], dtype=float)
    md = out["member_days"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["messages_per_member_day"] = np.where(md > 0, out["messages"].to_numpy(dtype=float) / md, np.nan)
    return out


def group_health(data=None, /, *, wechat_groups=None, group_members=None, group_messages=None, freq: str = "W",
                 as_of=None, level: float = rules.LEVEL) -> pd.DataFrame:
    """Health of every group per day or week: members, joins, leaves, activity, silence.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members, group_messages : DataFrame
        Contract tables. ``group_messages`` may hold one row per message or daily counts per
        member (column ``messages``, summed).
    freq : {"W", "D"}, default "W"
        Weeks (Monday to Sunday) or calendar days.
    as_of : str or Timestamp, optional
        The time "now"; default the latest timestamp in the tables. Later joins, leaves,
        dissolutions and messages are ignored.
    level : float, default 0.95
        Confidence level of the interval of the active share.

    Returns
    -------
    DataFrame
        One row per group and period of its life (creation day to dissolution or ``as_of``),
        sorted by group and period:

        - ``group_id``, ``branch_id``, ``tier``, ``owner_staff_id``;
        - ``period``: first day of the day/week;
        - ``members`` (int64): distinct people who were members at some time in the period
          (the denominator of the active share);
        - ``joins``, ``leaves`` (int64): memberships started / ended (``left_at``) in the period;
          a dissolution is not a leave;
        - ``active_members`` (int64): members who posted at least once in the period (the WeCom
          convention: "members who have posted");
        - ``active_share``, ``ci_low``, ``ci_high``: ``active_members / members``, Wilson;
        - ``messages`` (int64): messages in the group in the period (the ``messages`` counts
          summed);
        - ``member_days`` (int64): member × calendar days in the period (the exposure);
        - ``messages_per_member_day``: ``messages / member_days``;
        - ``days_since_last_message``: calendar days from the group's last message to the last
          day of the period (0 = posted that day); NaN before the first message.

    Notes
    -----
    A member counts on every calendar day from the day they joined to the day they left, the
    group was dissolved or ``as_of`` (a dissolved group's memberships end with it even when
    ``left_at`` is empty). Activity is measured per calendar day so that daily counts (stamped
    at midnight) and single messages give the same answer. Messages outside the group's life
    are ignored (see :func:`data_checks`).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["E"], "tier": ["elite"], "created_at": pd.to_datetime(["2026-09-07 09:00"])})
    >>> m = pd.DataFrame({"group_id": ["E", "E"], "person_id": ["a", "b"],
    ...                   "joined_at": pd.to_datetime(["2026-09-07 09:00", "2026-09-08 10:00"])})
    >>> msg = pd.DataFrame({"group_id": ["E", "E"], "person_id": ["a", "a"], "kind": ["text", "game"],
    ...                     "sent_at": pd.to_datetime(["2026-09-07", "2026-09-08"]), "messages": [2, 1]})
    >>> group_health(wechat_groups=g, group_members=m, group_messages=msg, freq="D", as_of="2026-09-08 23:00")[["period", "members", "active_members", "messages"]]
          period  members  active_members  messages
    0 2026-09-07        1               1         2
    1 2026-09-08        2               1         1
    """
    func = "group_health"
    level = prep.check_level(level, func)
    f = {"w": "W", "week": "W", "d": "D", "day": "D"}.get(str(freq).lower()) if isinstance(freq, str) else None
    if f is None:
        raise ParameterError(f"{func}: freq must be 'W' (weeks) or 'D' (days), got {freq!r}.")
    wechat_groups, group_members, group_messages = tables(
        data, func, _TABLES, wechat_groups=wechat_groups, group_members=group_members, group_messages=group_messages)
    b = activity_base(wechat_groups, group_members, group_messages, as_of, func)
    g, as_of = b["groups"], b["as_of"]
    sl = life_slots(b, f)
    of, n = sl["of"], sl["n"]
    day = b["msg_day"]
    msg_slot = of(b["msg_g"], day)
    messages = np.bincount(msg_slot, weights=b["msg_count"].astype(float), minlength=n)
    last_msg = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last_msg, msg_slot, day)
    # the last message so far in the group (forward-filled over its periods)
    seen = np.maximum.accumulate(np.where(last_msg > np.iinfo(np.int64).min, np.arange(n), -1)) if n else last_msg
    own = seen >= np.searchsorted(sl["g"], sl["g"], side="left") if n else seen.astype(bool)
    last_ff = np.where(own, last_msg[np.maximum(seen, 0)], np.nan) if n else np.zeros(0)
    sg = b["sp_g"]
    j = of(sg, b["sp_start"])
    joins = np.bincount(j[j >= 0], minlength=n)
    del j
    counted = b["sp_leave"] > np.iinfo(np.int32).min
    lv = of(sg[counted], b["sp_leave"][counted])
    leaves = np.bincount(lv[lv >= 0], minlength=n)
    rows = b["row"][sl["g"]]
    out = pd.DataFrame({
        "group_id": pd.Series(g["group_id"].to_numpy(dtype=object)[rows], dtype=object),
        "members": sl["members"], "joins": joins.astype("int64"), "leaves": leaves.astype("int64"),
        "active_members": active_in_slots(b, sl, msg_slot),
        "messages": np.rint(messages).astype("int64"), "member_days": sl["member_days"],
        "days_since_last_message": (sl["last_day"] - last_ff).astype(float),
    })
    out = _health_columns(out, level)
    out["period"] = from_dayno(sl["period"].astype(float)).to_numpy()
    for c in GROUP_COLS[1:]:
        out[c] = g[c].iloc[rows].reset_index(drop=True)
    cols = [*GROUP_COLS, "period", "members", "joins", "leaves", "active_members", "active_share", "ci_low",
            "ci_high", "messages", "member_days", "messages_per_member_day", "days_since_last_message"]
    return out[cols].astype({"period": "datetime64[ns]", "days_since_last_message": "float64"})


def group_status(data=None, /, *, wechat_groups=None, group_members=None, group_messages=None, as_of=None,
                 window_days: int = WINDOW_DAYS, level: float = rules.LEVEL) -> pd.DataFrame:
    """One row per group as of a date: size, age, recent activity and silence (the health table).

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members, group_messages : DataFrame
        Contract tables.
    as_of : str or Timestamp, optional
        The time "now"; default the latest timestamp in the tables.
    window_days : int, default 7
        Activity is measured over the last ``window_days`` calendar days of the group's life
        (up to ``as_of``, or up to its dissolution).
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per group created by ``as_of``, sorted by tier and group:

        - ``group_id``, ``branch_id``, ``tier``, ``owner_staff_id``, ``created_at``,
          ``dissolved_at`` (NaT if not dissolved by ``as_of``);
        - ``status``: ``open`` or ``dissolved``;
        - ``age_days``: days from creation to ``as_of`` (to dissolution if dissolved);
        - ``ever_members`` (int64): distinct people ever members;
        - ``members_now`` (int64): members on the last day (``as_of`` or dissolution day);
        - ``members`` (int64): members at some time in the window (the denominator);
        - ``active_members`` (int64), ``active_share``, ``ci_low``, ``ci_high``: members who
          posted in the window, share with a Wilson interval;
        - ``messages``, ``member_days`` (int64), ``messages_per_member_day``: in the window;
        - ``last_message_at``: time of the last message (NaT if none);
        - ``days_since_last_message``: calendar days from the last message to the last day
          (NaN if the group never had a message).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["E"], "tier": ["elite"], "created_at": pd.to_datetime(["2026-09-01"])})
    >>> m = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-01"])})
    >>> msg = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "sent_at": pd.to_datetime(["2026-09-02"])})
    >>> group_status(wechat_groups=g, group_members=m, group_messages=msg, as_of="2026-09-10 12:00")[["status", "members_now", "days_since_last_message"]]
      status  members_now  days_since_last_message
    0   open            1                      8.0
    """
    func = "group_status"
    level = prep.check_level(level, func)
    window_days = whole_days(window_days, "window_days", func)
    wechat_groups, group_members, group_messages = tables(
        data, func, _TABLES, wechat_groups=wechat_groups, group_members=group_members, group_messages=group_messages)
    return snapshot(activity_base(wechat_groups, group_members, group_messages, as_of, func), window_days, level)


def snapshot(b: dict, window_days: int, level: float) -> pd.DataFrame:
    """:func:`group_status` from a prepared activity base (:func:`analysis.groups._tables.activity_base`)."""
    g, as_of = b["groups"], b["as_of"]
    n = len(g)
    code, r = b["code"], b["runs"]
    end = g["end_day"].to_numpy(dtype=float)[b["row"]].astype(np.int64)  # by group rank
    rg, rk, s, e = r["g"], r["k"], r["s"], r["e"]
    first = np.ones(len(rk), dtype=bool)
    first[1:] = rk[1:] != rk[:-1]
    ever = np.bincount(rg[first], minlength=n)
    now = np.bincount(rg[(s <= end[rg]) & (e >= end[rg])], minlength=n)
    lo = end - window_days + 1  # the window: the last window_days days of the group's life
    inw = e >= lo[rg]
    wk = rk[inw]
    fw = np.ones(len(wk), dtype=bool)
    fw[1:] = wk[1:] != wk[:-1]
    members = np.bincount(rg[inw][fw], minlength=n)
    member_days = np.bincount(rg[inw], weights=(e[inw] - np.maximum(s[inw], lo[rg[inw]]) + 1), minlength=n)
    mg, mk, day = b["msg_g"], b["msg_k"], b["msg_day"]
    count = b["msg_count"]
    mw = day >= lo[mg]
    messages = np.bincount(mg[mw], weights=count[mw].astype(float), minlength=n)
    posted = sorted_unique(mk[mw & (count > 0) & (mk >= 0)])
    posted = posted[np.isin(posted, wk)]
    key_g = np.empty(0, dtype=np.int64) if len(rk) == 0 else rg[np.searchsorted(rk, posted)]
    active = np.bincount(key_g, minlength=n)
    sent = b["msg_sent"].view(np.int64)
    last_at = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last_at, mg, sent)
    last_d = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last_d, mg, day)
    last_day = np.where(last_d > np.iinfo(np.int64).min, last_d, np.nan)
    out = g.copy()
    by_row = {"ever_members": ever, "members_now": now, "members": members, "active_members": active,
              "messages": np.rint(messages), "member_days": np.rint(member_days)}
    for c, v in by_row.items():
        out[c] = v[code].astype("int64")
    out = _health_columns(out, level)
    at = last_at[code]
    out["last_message_at"] = pd.Series(np.where(at > np.iinfo(np.int64).min, at, np.iinfo(np.int64).min)
                                       .view("datetime64[ns]"), dtype="datetime64[ns]")
    out["status"] = np.where(out["dissolved_at"].notna(), "dissolved", "open")
    out["age_days"] = ((out["dissolved_at"].fillna(as_of) - out["created_at"]) / DAY).astype(float)
    out["days_since_last_message"] = (out["end_day"] - last_day[code]).astype(float)
    out["_o"] = out["tier"].map(TIER_ORDER)
    out = out.sort_values(["_o", "group_id"], kind="stable").reset_index(drop=True)
    cols = [*GROUP_COLS, "created_at", "dissolved_at", "status", "age_days", "ever_members", "members_now",
            "members", "active_members", "active_share", "ci_low", "ci_high", "messages", "member_days",
            "messages_per_member_day", "last_message_at", "days_since_last_message"]
    return out[cols].astype({"status": "string"})
