"""Group health (群健康): members, joins, leaves, active-member share, messages per member-day, silence.

- :func:`group_health` — one row per group and day or week of its life;
- :func:`group_status` — one row per group as of a moment (the health snapshot).

Activity is counted per calendar day, so a message log and daily counts per member give the same
answers. Tests: ``tests/groups/test_health.py``; notebook section "群健康 Group health".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.groups._tables import (DAY, GROUP_COLS, TIER_ORDER, activity_base, dayno, from_dayno, tables,
                                     week_start, whole_days)
from analysis.stats import proportion

__all__ = ["WINDOW_DAYS", "group_health", "group_status"]

_TABLES = ("wechat_groups", "group_members", "group_messages")
#: The window of a group's "recent" activity in :func:`group_status`: the last week, the window of the
#: silent-group rule (:data:`analysis.rules.SILENT_DAYS`; :func:`lifecycle_actions` uses ``silent_days``).
WINDOW_DAYS = rules.SILENT_DAYS

def _life_days(g: pd.DataFrame) -> pd.DataFrame:
    s, e = g["start_day"].to_numpy(dtype=np.int64), g["end_day"].to_numpy(dtype=np.int64)
    length = np.maximum(e - s + 1, 0)
    rep = np.repeat(np.arange(len(g)), length)
    offset = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    return pd.DataFrame({"group_id": g["group_id"].to_numpy()[rep], "day": s[rep] + offset})


def _window_stats(md: pd.DataFrame, msgs: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """members, member_days, active_members, messages per key (rows already carry the key columns)."""
    mem = md.groupby(keys, sort=False).agg(members=("person_id", "nunique"), member_days=("day", "size"))
    posted = msgs.loc[msgs["messages"] > 0, [*keys, "person_id"]].dropna().drop_duplicates()
    active = posted.merge(md[[*keys, "person_id"]].drop_duplicates(), on=[*keys, "person_id"])
    act = active.groupby(keys, sort=False).size().rename("active_members")
    cnt = msgs.groupby(keys, sort=False)["messages"].sum().rename("messages")
    return pd.concat([mem, act, cnt], axis=1)


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
    g, md, msgs, sp, as_of = b["groups"], b["md"], b["msgs"], b["spells"], b["as_of"]

    def period(days):
        days = np.asarray(days, dtype=np.int64)
        return week_start(days) if f == "W" else days

    life = _life_days(g)
    life["period"] = period(life["day"])
    grid = life.groupby(["group_id", "period"], sort=False)["day"].max().rename("last_day").reset_index()
    md = md.assign(period=period(md["day"]))
    msgs = msgs.assign(period=period(msgs["day"]))
    stats = _window_stats(md, msgs, ["group_id", "period"])
    starts = dayno(sp["joined_at"])
    born = sp["group_id"].map(g.set_index("group_id")["start_day"]).to_numpy()
    joins = pd.DataFrame({"group_id": sp["group_id"], "period": period(np.maximum(starts, born))})
    joins = joins.groupby(["group_id", "period"]).size().rename("joins")
    left = sp["left_at"].notna() & (sp["left_at"] <= as_of) & (sp["dissolved_at"].isna() |
                                                                  (sp["left_at"] <= sp["dissolved_at"]))
    leaves = pd.DataFrame({"group_id": sp.loc[left, "group_id"],
                           "period": period(dayno(sp.loc[left, "left_at"]))})
    leaves = leaves.groupby(["group_id", "period"]).size().rename("leaves")
    last = msgs.groupby(["group_id", "period"])["day"].max().rename("last_msg_day")
    out = grid.merge(pd.concat([stats, joins, leaves, last], axis=1).reset_index(),
                     on=["group_id", "period"], how="left")
    out = out.sort_values(["group_id", "period"], kind="stable").reset_index(drop=True)
    out["last_msg_day"] = out.groupby("group_id")["last_msg_day"].ffill()
    out["days_since_last_message"] = (out["last_day"] - out["last_msg_day"]).astype(float)
    for c in ("joins", "leaves"):
        out[c] = out[c].fillna(0).astype("int64")
    out = _health_columns(out, level)
    out["period"] = from_dayno(out["period"].to_numpy(dtype=float)).to_numpy()
    out = out.merge(g[GROUP_COLS], on="group_id", how="left")
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
    """:func:`group_status` from a prepared activity base."""
    g, md, msgs, as_of = b["groups"], b["md"], b["msgs"], b["as_of"]
    end = md["group_id"].map(g.set_index("group_id")["end_day"]).to_numpy()
    ever = md.groupby("group_id")["person_id"].nunique().rename("ever_members")
    now = md[md["day"].to_numpy() == end].groupby("group_id")["person_id"].nunique().rename("members_now")
    md_w = md[md["day"].to_numpy() > end - window_days]
    m_end = msgs["group_id"].map(g.set_index("group_id")["end_day"]).to_numpy()
    msgs_w = msgs[msgs["day"].to_numpy() > m_end - window_days]
    stats = _window_stats(md_w, msgs_w, ["group_id"])
    last_at = msgs.groupby("group_id")["sent_at"].max().rename("last_message_at")
    last_day = msgs.groupby("group_id")["day"].max().rename("last_msg_day")
    out = g.merge(pd.concat([ever, now, stats, last_at, last_day], axis=1).reset_index()
                  .rename(columns={"index": "group_id"}), on="group_id", how="left")
    for c in ("ever_members", "members_now"):
        out[c] = out[c].fillna(0).astype("int64")
    out = _health_columns(out, level)
    out["status"] = np.where(out["dissolved_at"].notna(), "dissolved", "open")
    out["age_days"] = ((out["dissolved_at"].fillna(as_of) - out["created_at"]) / DAY).astype(float)
    out["days_since_last_message"] = (out["end_day"] - out["last_msg_day"]).astype(float)
    out["last_message_at"] = out["last_message_at"].astype("datetime64[ns]")
    out["_o"] = out["tier"].map(TIER_ORDER)
    out = out.sort_values(["_o", "group_id"], kind="stable").reset_index(drop=True)
    cols = [*GROUP_COLS, "created_at", "dissolved_at", "status", "age_days", "ever_members", "members_now",
            "members", "active_members", "active_share", "ci_low", "ci_high", "messages", "member_days",
            "messages_per_member_day", "last_message_at", "days_since_last_message"]
    return out[cols].astype({"status": "string"})
