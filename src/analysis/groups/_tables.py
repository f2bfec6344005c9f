"""Input preparation of the groups domain, built on :mod:`analysis.prep`.

The contract tables ``wechat_groups``, ``group_members``, ``group_messages`` and ``deals`` are
validated and reduced to the columns the group analyses use; ids, timestamps and "as of" follow
prep's rules (one timezone rule: aware → Asia/Shanghai, naive; an unreadable time is a
DataError). Calendar days are numbered from 1970-01-01 so that activity can be counted per day
with integer arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import prep
from analysis.errors import ParameterError
from analysis.schemas import TIERS

DAY = pd.Timedelta(days=1)
EPOCH = pd.Timestamp("1970-01-01")
TIER_ORDER = {t: i for i, t in enumerate(TIERS)}
GROUP_COLS = ["group_id", "branch_id", "tier", "owner_staff_id"]
#: Columns a ``by`` cannot name: they are columns of the results.
_RESERVED = {"tier", "person_id", "step", "people"}


def days_param(value, name: str, func: str, minimum: float = 0.0) -> float:
    """A number of days >= ``minimum`` (ParameterError otherwise)."""
    return prep.check_number(value, name, func, minimum=minimum, unit="days")


def whole_days(value, name: str, func: str) -> int:
    """A whole number of days >= 1 (ParameterError otherwise)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ParameterError(f"{func}: {name} must be a whole number of days >= 1, got {value!r}.")
    return int(value)


def by_keys(by, wechat_groups: pd.DataFrame, func: str) -> list[str]:
    """``by`` as columns of ``wechat_groups`` that are not result columns."""
    keys = prep.by_columns(by, wechat_groups.columns, "wechat_groups (e.g. 'branch_id' or 'owner_staff_id')", func)
    clash = [k for k in keys if k in _RESERVED]
    if clash:
        raise ParameterError(f"{func}: by cannot be {prep.show(clash)} (a column of the result).")
    return keys


def dayno(s: pd.Series) -> np.ndarray:
    """Calendar day number (days since 1970-01-01) of each timestamp; NaN for NaT."""
    return np.floor(((s - EPOCH) / DAY).to_numpy(dtype=float, na_value=np.nan))


def from_dayno(days) -> pd.Series:
    return pd.Series(EPOCH + pd.to_timedelta(np.asarray(days, dtype=float), unit="D")).astype("datetime64[ns]")


def week_start(days: np.ndarray) -> np.ndarray:
    """Day number of the Monday of each day's week (1970-01-01 was a Thursday)."""
    return days - (days + 3) % 7


def weekday(days: np.ndarray) -> np.ndarray:
    return ((np.asarray(days, dtype=np.int64) + 3) % 7).astype(np.int64)


def sort_keys(df: pd.DataFrame, keys: Sequence[str], extra: Sequence[str] = ()) -> pd.DataFrame:
    cols = [*keys, *extra]
    if not cols or df.empty:
        return df.reset_index(drop=True)
    return df.sort_values(cols, na_position="last", kind="stable").reset_index(drop=True)


def dummies(values: pd.Series, levels: Sequence[str], prefix: str) -> pd.DataFrame:
    """0/1 columns for every level but the first (the reference)."""
    return pd.DataFrame({f"{prefix}{lv}": (values == lv).to_numpy(dtype=float) for lv in levels[1:]},
                        index=values.index)


def groups_table(wechat_groups, func: str, extra: Sequence[str] = ()) -> pd.DataFrame:
    """Validated groups: group_id, branch_id, tier, owner_staff_id, created_at, dissolved_at (+ extra)."""
    prep.require_frame(wechat_groups, "wechat_groups", ["group_id", "tier", "created_at"], func)
    g = wechat_groups
    key = ("group_id",)
    out = pd.DataFrame({
        "group_id": prep.ids(g, "wechat_groups", "group_id", func, key),
        "branch_id": prep.ids(g, "wechat_groups", "branch_id", func, key, required=False),
        "tier": g["tier"].astype("string").str.strip(),
        "owner_staff_id": prep.ids(g, "wechat_groups", "owner_staff_id", func, key, required=False),
        "created_at": prep.times(g, "wechat_groups", "created_at", func, key, required=True),
        "dissolved_at": prep.times(g, "wechat_groups", "dissolved_at", func, key),
    })
    bad = ~out["tier"].isin(TIERS).fillna(False).to_numpy()
    if bad.any():
        raise prep.mask_error(func, "wechat_groups", "tier", "allowed_values", g, bad,
                              f"tier must be one of {', '.join(TIERS)}", key + ("tier",))
    dup = out["group_id"].duplicated(keep=False).to_numpy()
    if dup.any():
        raise prep.mask_error(func, "wechat_groups", "group_id", "duplicate_key", g, dup,
                              "a group_id appears more than once; one row per group", key)
    for k in extra:
        if k not in out.columns:
            out[k] = g[k].to_numpy()
    return out.reset_index(drop=True)


def members_table(group_members, func: str) -> pd.DataFrame:
    """Validated memberships: group_id, person_id, joined_at, left_at, from_group_id."""
    prep.require_frame(group_members, "group_members", ["group_id", "person_id", "joined_at"], func)
    m = group_members
    key = ("group_id", "person_id")
    return pd.DataFrame({
        "group_id": prep.ids(m, "group_members", "group_id", func, key),
        "person_id": prep.ids(m, "group_members", "person_id", func, key),
        "joined_at": prep.times(m, "group_members", "joined_at", func, key, required=True),
        "left_at": prep.times(m, "group_members", "left_at", func, key),
        "from_group_id": prep.ids(m, "group_members", "from_group_id", func, key, required=False),
    }).reset_index(drop=True)


def spells(groups: pd.DataFrame, members: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Memberships of known groups with the group's tier, times and by keys."""
    cols = ["group_id", "tier", "created_at", "dissolved_at", *[k for k in keys if k != "group_id"]]
    cols = list(dict.fromkeys(cols))
    return members.merge(groups[cols], on="group_id", how="inner").reset_index(drop=True)


def messages_table(group_messages, func: str) -> pd.DataFrame:
    """group_id, person_id, sent_at, kind, messages (the count each row stands for; 1 when absent)."""
    prep.require_frame(group_messages, "group_messages", ["group_id", "sent_at"], func)
    msg = group_messages
    key = ("group_id", "person_id")
    if "messages" in msg.columns:
        n = pd.to_numeric(msg["messages"], errors="coerce")
        bad = (n.isna() | (n < 0)).to_numpy()
        if bad.any():
            raise prep.mask_error(func, "group_messages", "messages", "count", msg, bad,
                                  "messages must be a whole number >= 0 (1 for a single message)", key)
        n = n.to_numpy(dtype=float).astype(np.int64)
    else:
        n = np.ones(len(msg), dtype=np.int64)
    kind = (msg["kind"].astype("string") if "kind" in msg.columns
            else pd.Series("text", index=msg.index, dtype="string"))
    return pd.DataFrame({
        "group_id": prep.ids(msg, "group_messages", "group_id", func, key),
        "person_id": prep.ids(msg, "group_messages", "person_id", func, key, required=False),
        "sent_at": prep.times(msg, "group_messages", "sent_at", func, key, required=True),
        "kind": kind,
        "messages": n,
    }).reset_index(drop=True)


def deals_table(deals, func: str) -> pd.DataFrame:
    """person_id, closed_at (rows without a time dropped), group_id, deal (a key)."""
    prep.require_frame(deals, "deals", ["person_id", "closed_at"], func)
    d = deals
    key = ("deal_id", "person_id")
    out = pd.DataFrame({
        "person_id": prep.ids(d, "deals", "person_id", func, key),
        "closed_at": prep.times(d, "deals", "closed_at", func, key),
        "group_id": prep.ids(d, "deals", "group_id", func, key, required=False),
        "deal": (d["deal_id"].astype("string") if "deal_id" in d.columns
                 else pd.Series(np.arange(len(d)).astype(str), index=d.index, dtype="string")),
    })
    return out[out["closed_at"].notna()].reset_index(drop=True)


def empty_deals() -> pd.DataFrame:
    return pd.DataFrame({"person_id": pd.Series([], dtype="string"),
                         "closed_at": pd.Series([], dtype="datetime64[ns]"),
                         "group_id": pd.Series([], dtype="string"), "deal": pd.Series([], dtype="string")})


def activity_base(wechat_groups, group_members, group_messages, as_of, func) -> dict:
    """Groups with their life in days, member-days and messages per day, up to ``as_of``.

    Returns a dict: ``groups`` (created by ``as_of``, with ``start_day``/``end_day``), ``spells``
    (joined by ``as_of``, with ``end_at``), ``md`` (one row per group, person and member-day),
    ``msgs`` (within each group's life, with ``day``) and ``as_of``.
    """
    groups = groups_table(wechat_groups, func)
    members = members_table(group_members, func)
    msgs = messages_table(group_messages, func)
    as_of = prep.as_of(as_of, func)
    if as_of is None:
        as_of = prep.latest(groups["created_at"], groups["dissolved_at"], members["joined_at"], members["left_at"],
                            msgs["sent_at"])
    if as_of is None:  # no data at all
        as_of = EPOCH
    g = groups[groups["created_at"] <= as_of].copy()
    dissolved = g["dissolved_at"].where(g["dissolved_at"] <= as_of)
    g["dissolved_at"] = dissolved.astype("datetime64[ns]")
    g["start_day"] = dayno(g["created_at"])
    g["end_day"] = dayno(dissolved.fillna(as_of))
    g = g.reset_index(drop=True)
    sp = spells(g, members)
    sp = sp[sp["joined_at"] <= as_of].reset_index(drop=True)
    ends = pd.concat([sp["left_at"].where(sp["left_at"] <= as_of), sp["dissolved_at"]], axis=1).min(axis=1)
    sp["end_at"] = ends.fillna(as_of).astype("datetime64[ns]")
    start = np.maximum(dayno(sp["joined_at"]), sp["group_id"].map(g.set_index("group_id")["start_day"]).to_numpy())
    end = dayno(sp["end_at"])
    ok = end >= start
    s, e = start[ok].astype(np.int64), end[ok].astype(np.int64)
    length = e - s + 1
    rep = np.repeat(np.arange(len(s)), length)
    offset = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    md = pd.DataFrame({"group_id": sp.loc[ok, "group_id"].to_numpy()[rep],
                       "person_id": sp.loc[ok, "person_id"].to_numpy()[rep],
                       "day": s[rep] + offset}).drop_duplicates().reset_index(drop=True)
    msgs = msgs[(msgs["sent_at"] <= as_of) & msgs["group_id"].isin(g["group_id"])].reset_index(drop=True)
    msgs["day"] = dayno(msgs["sent_at"]).astype(np.int64)
    life = msgs["group_id"].map(g.set_index("group_id")["end_day"]).to_numpy()
    born = msgs["group_id"].map(g.set_index("group_id")["start_day"]).to_numpy()
    msgs = msgs[(msgs["day"].to_numpy() <= life) & (msgs["day"].to_numpy() >= born)].reset_index(drop=True)
    return {"groups": g, "spells": sp, "md": md, "msgs": msgs, "as_of": as_of}


def tables(data, func: str, required: Sequence[str], optional: Sequence[str] = (), **given) -> list:
    """The tables ``required`` + ``optional`` in that order, from keywords or the data set (:func:`prep.pick`)."""
    t = prep.pick(data, func, required=required, optional=optional, **given)
    return [t[name] for name in (*required, *optional)]
