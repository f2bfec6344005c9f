"""Input preparation of the groups domain, built on :mod:`analysis.prep`.

The contract tables ``wechat_groups``, ``group_members``, ``group_messages`` and ``deals`` are
validated and reduced to the columns the group analyses use; ids, timestamps and "as of" follow
prep's rules (one timezone rule: aware → Asia/Shanghai, naive; an unreadable time is a
DataError). Calendar days are numbered from 1970-01-01 so that activity can be counted per day
with integer arithmetic.

Memberships are never expanded into one row per member and day: :func:`activity_base` merges each
person's spells in a group into disjoint runs of days (interval union on integer codes), and
:func:`life_slots` counts members, member-days and posters per day or week of each group's life
from those runs with difference arrays (``numpy.bincount`` + ``cumsum``), so time and memory grow
with the memberships and the group-periods, not with the member-days.
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


def dayno(s) -> np.ndarray:
    """Calendar day number (days since 1970-01-01) of each timestamp; NaN for NaT.

    The same float arithmetic as ``((s - EPOCH) / DAY)`` (nanoseconds as float64 over a day's), done
    on the int64 view without pandas temporaries; a Series or a datetime64 array.
    """
    v = (s.to_numpy(dtype="datetime64[ns]") if isinstance(s, pd.Series) else np.asarray(s, dtype="datetime64[ns]"))
    ns = v.view(np.int64)
    out = np.floor(ns.astype(float) / float(DAY.value))
    out[ns == np.iinfo(np.int64).min] = np.nan
    return out


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


def positions(values: pd.Series, labels) -> np.ndarray:
    """Position of each value in ``labels`` (unique), -1 where absent or missing: a hash lookup.

    Arrow-backed strings are looked up with ``pyarrow.compute.index_in`` (no Python objects);
    anything else through ``pandas.Index.get_indexer``.
    """
    labels = labels if isinstance(labels, (pd.Series, pd.Index)) else pd.Index(labels)
    va, la = getattr(values, "array", None), getattr(labels, "array", None)
    if len(values) == 0 or len(labels) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    if hasattr(va, "_pa_array") and hasattr(la, "_pa_array"):
        import pyarrow as pa
        import pyarrow.compute as pc

        vs, ls = va._pa_array, la._pa_array
        if pa.types.is_large_string(vs.type) != pa.types.is_large_string(ls.type):
            vs, ls = vs.cast(pa.large_string()), ls.cast(pa.large_string())
        if vs.type == ls.type:
            found = pc.index_in(vs, value_set=pa.concat_arrays(ls.chunks) if ls.num_chunks != 1 else ls.chunk(0),
                                skip_nulls=True)
            return found.fill_null(-1).to_numpy()  # int32
    return pd.Index(labels).get_indexer(values).astype(np.int64)


def text_of(codes: np.ndarray, values: Sequence[str]) -> pd.Series:
    """``values[codes]`` as a ``string`` Series, built in Arrow (no Python string per row)."""
    import pyarrow as pa

    return pd.Series(pd.arrays.ArrowStringArray(pa.array(list(values), type=pa.large_string()).take(
        pa.array(np.asarray(codes, dtype=np.int64)))), dtype="string")


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of integers by sorting (numpy's hash-based unique is slow on large int64 arrays)."""
    s = np.sort(values)
    keep = np.ones(len(s), dtype=bool)
    keep[1:] = s[1:] != s[:-1]
    return s[keep]


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


def _clean_chunk(chunk) -> bool:
    """True when no value of an Arrow string chunk is empty or starts or ends with a byte that could be
    (part of) a space: an ASCII control or space, or any non-ASCII byte (then ``prep.ids`` decides)."""
    import pyarrow as pa

    n = len(chunk)
    if n == 0:
        return True
    if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
        return False
    _, off_buf, data_buf = chunk.buffers()
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(off_buf, dtype=width, count=chunk.offset + n + 1)[chunk.offset:]
    length = np.diff(offsets)
    valid = chunk.is_valid().to_numpy(zero_copy_only=False) if chunk.null_count else None
    full = length > 0
    if valid is not None:
        if (valid & ~full).any():
            return False
        full &= valid
    elif not full.all():
        return False
    if data_buf is None:
        return not full.any()
    data = np.frombuffer(data_buf, dtype=np.uint8)
    at = offsets[:-1][full] if valid is not None else offsets[:-1]
    end = offsets[1:][full] if valid is not None else offsets[1:]
    first, last = data[at], data[end - 1]
    return not (((first <= 0x20) | (first >= 0x7f)).any() or ((last <= 0x20) | (last >= 0x7f)).any())




def ids(df: pd.DataFrame, table: str, column: str, func: str, key: Sequence[str] = (),
        required: bool = True) -> pd.Series:
    """:func:`analysis.prep.ids`, without a copy when the column is clean already.

    A ``string`` column stored in Arrow whose values neither are empty nor start or end with a space,
    a control character or a non-ASCII character (read from the Arrow buffers, no copy) is returned
    as it is — what ``prep.ids`` would give for it; anything else goes through ``prep.ids``
    (stripping, the missing-id check and its error).
    """
    s = df[column] if column in df.columns else None
    dt = getattr(s, "dtype", None)
    if (isinstance(dt, pd.StringDtype) and dt.storage == "pyarrow" and dt.na_value is pd.NA
            and hasattr(s.array, "_pa_array")):
        arr = s.array._pa_array
        if not (required and arr.null_count) and all(_clean_chunk(c) for c in arr.chunks):
            return s
    return prep.ids(df, table, column, func, key, required=required)


def kinds(msg: pd.DataFrame) -> pd.Series:
    """``group_messages.kind`` as ``string`` (``text`` when the column is absent); categories by Arrow take."""
    if "kind" not in msg.columns:
        return pd.Series("text", index=msg.index, dtype="string")
    k = msg["kind"]
    if isinstance(k.dtype, pd.CategoricalDtype) and all(isinstance(c, str) for c in k.cat.categories):
        import pyarrow as pa

        codes = k.cat.codes.to_numpy().astype(np.int64)
        arr = pa.array(list(k.cat.categories), type=pa.large_string()).take(pa.array(codes, mask=codes < 0))
        return pd.Series(pd.arrays.ArrowStringArray(arr), index=msg.index, dtype="string", name=k.name)
    return k.astype("string")


def members_table(group_members, func: str) -> pd.DataFrame:
    """Validated memberships: group_id, person_id, joined_at, left_at, from_group_id."""
    prep.require_frame(group_members, "group_members", ["group_id", "person_id", "joined_at"], func)
    m = group_members
    key = ("group_id", "person_id")
    return pd.DataFrame({
        "group_id": ids(m, "group_members", "group_id", func, key),
        "person_id": ids(m, "group_members", "person_id", func, key),
        "joined_at": prep.times(m, "group_members", "joined_at", func, key, required=True),
        "left_at": prep.times(m, "group_members", "left_at", func, key),
        "from_group_id": ids(m, "group_members", "from_group_id", func, key, required=False),
    }).reset_index(drop=True)


def spells(groups: pd.DataFrame, members: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Memberships of known groups with the group's tier, times and by keys."""
    return _spells_at(groups, members, keys)[0]


def _spells_at(groups: pd.DataFrame, members: pd.DataFrame, keys: Sequence[str] = ()):
    """:func:`spells` and, for each of its rows, the row of its group in ``groups`` (the inner join by position)."""
    cols = ["group_id", "tier", "created_at", "dissolved_at", *[k for k in keys if k != "group_id"]]
    cols = list(dict.fromkeys(cols))
    at = positions(members["group_id"], groups["group_id"])
    keep = at >= 0
    at = at[keep]
    out = members.iloc[np.flatnonzero(keep)].reset_index(drop=True) if not keep.all() else members.reset_index(drop=True)
    extra = groups[[c for c in cols if c != "group_id"]].iloc[at].reset_index(drop=True)
    out = pd.concat([out, extra.loc[:, [c for c in extra.columns if c not in out.columns]]], axis=1)
    return out, at


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
    kind = kinds(msg)
    return pd.DataFrame({
        "group_id": ids(msg, "group_messages", "group_id", func, key),
        "person_id": ids(msg, "group_messages", "person_id", func, key, required=False),
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
        "person_id": ids(d, "deals", "person_id", func, key),
        "closed_at": prep.times(d, "deals", "closed_at", func, key),
        "group_id": ids(d, "deals", "group_id", func, key, required=False),
        "deal": (d["deal_id"].astype("string") if "deal_id" in d.columns
                 else pd.Series(np.arange(len(d)).astype(str), index=d.index, dtype="string")),
    })
    return out[out["closed_at"].notna()].reset_index(drop=True)


def empty_deals() -> pd.DataFrame:
    return pd.DataFrame({"person_id": pd.Series([], dtype="string"),
                         "closed_at": pd.Series([], dtype="datetime64[ns]"),
                         "group_id": pd.Series([], dtype="string"), "deal": pd.Series([], dtype="string")})


def activity_base(wechat_groups, group_members, group_messages, as_of, func) -> dict:
    """Groups with their life in days, membership runs and messages per day, up to ``as_of``.

    Returns a dict: ``groups`` (created by ``as_of``, with ``start_day``/``end_day``), ``spells``
    (joined by ``as_of``, with ``end_at``), ``msgs`` (within each group's life, with ``day``),
    ``as_of``, and the integer-coded arrays the counts are made from:

    - ``code``: each group's rank by ``group_id`` (row order of ``groups``); ``row``: the row of
      each rank (``groups.iloc[row]`` is sorted by ``group_id``);
    - ``runs``: a member's days in a group as disjoint runs ``[s, e]`` of day numbers (spells of one
      person in one group merged, clipped to the group's life and ``as_of``), sorted by group rank,
      person and start: arrays ``g`` (group rank), ``k`` (the person-in-group key, dense), ``s``,
      ``e``;
    - ``msg_g``, ``msg_k``: group rank and person-in-group key of each message (``k`` = -1 when the
      sender has no membership in that group); ``msg_day``, ``msg_count``, ``msg_sent`` (datetime64),
      ``msg_kind`` (index in :data:`analysis.schemas.MESSAGE_KINDS`, -1 for another kind);
    - ``sp_g``, ``sp_start``, ``sp_leave``: group rank of each spell (the rows of ``spells``), the day
      it counts from (join or creation) and the day of its leave (``left_at`` by ``as_of`` and not
      after the dissolution; the int32 minimum when there is none).

    ``spells``, ``msgs``, ``msg_kind`` and ``msg_sent`` are built only when read (:class:`ActivityBase`).

    A member counts on every day from their join (or the group's creation) to the day they left,
    the group was dissolved or ``as_of``: the same days as one row per member-day would give,
    without making those rows.
    """
    groups = groups_table(wechat_groups, func)
    members = members_table(group_members, func)
    messages = messages_table(group_messages, func)
    as_of = prep.as_of(as_of, func)
    if as_of is None:
        as_of = prep.latest(groups["created_at"], groups["dissolved_at"], members["joined_at"], members["left_at"],
                            messages["sent_at"])
    if as_of is None:  # no data at all
        as_of = EPOCH
    g = groups[groups["created_at"] <= as_of].copy()
    dissolved = g["dissolved_at"].where(g["dissolved_at"] <= as_of)
    g["dissolved_at"] = dissolved.astype("datetime64[ns]")
    g["start_day"] = dayno(g["created_at"])
    g["end_day"] = dayno(dissolved.fillna(as_of))
    g = g.reset_index(drop=True)
    code = pd.factorize(g["group_id"], sort=True)[0].astype(np.int64) if len(g) else np.zeros(0, np.int64)
    row = np.argsort(code, kind="stable")
    start_day = g["start_day"].to_numpy(dtype=float)
    end_day = g["end_day"].to_numpy(dtype=float)
    now = as_of.to_datetime64().astype("datetime64[ns]")
    nat = np.datetime64("NaT", "ns")

    # memberships of known groups joined by as_of: arrays only (the spells frame is made if asked for)
    at = positions(members["group_id"], g["group_id"])
    joined = members["joined_at"].to_numpy(dtype="datetime64[ns]")
    keep = (at >= 0) & (joined <= now)
    whole = bool(keep.all())
    take = None if whole else np.flatnonzero(keep)
    del keep
    if not whole:
        at, joined = at[take], joined[take]
    left = members["left_at"].to_numpy(dtype="datetime64[ns]")
    left = left if whole else left[take]
    diss = g["dissolved_at"].to_numpy(dtype="datetime64[ns]")[at]
    end = dayno(np.fmin(np.where(left <= now, left, nat), diss))
    end[np.isnan(end)] = float(dayno(np.array([now]))[0])
    end = end.astype(np.int32)
    start = np.maximum(dayno(joined), start_day[at]).astype(np.int32)  # the day a spell counts from
    # the day of a leave that counts (left_at by as_of, not after the dissolution); INT32_MIN for none
    counted = ~np.isnat(left) & (left <= now) & (np.isnat(diss) | (left <= diss))
    leave = np.full(len(left), np.iinfo(np.int32).min, dtype=np.int32)
    leave[counted] = dayno(left[counted]).astype(np.int32)
    del diss, counted, left, joined
    sp_g = code[at].astype(np.int32)
    person, persons = pd.factorize(members["person_id"] if whole else members["person_id"].iloc[take])
    n_persons = max(len(persons), 1)
    ok = end >= start
    if ok.all():
        runs = union_runs(sp_g, person.astype(np.int32), start, end, n_persons)
    else:
        runs = union_runs(sp_g[ok], person[ok].astype(np.int32), start[ok], end[ok], n_persons)
    del end, ok, person, at

    def spells_frame() -> pd.DataFrame:
        sp, _ = _spells_at(g, members)
        sp = sp[(sp["joined_at"] <= as_of).to_numpy(dtype=bool)].reset_index(drop=True)
        lt = sp["left_at"].to_numpy(dtype="datetime64[ns]")
        ends = np.fmin(np.where(lt <= now, lt, nat), sp["dissolved_at"].to_numpy(dtype="datetime64[ns]"))
        ends[np.isnat(ends)] = now
        sp["end_at"] = pd.Series(ends, dtype="datetime64[ns]")
        return sp

    # messages within their group's life up to as_of
    gm = positions(messages["group_id"], g["group_id"])
    sent = messages["sent_at"].to_numpy(dtype="datetime64[ns]")
    day = dayno(sent)
    life = np.where(gm >= 0, gm, 0)
    mkeep = (gm >= 0) & (sent <= now) & (day <= end_day[life]) & (day >= start_day[life])
    del life
    mwhole = bool(mkeep.all())
    mtake = None if mwhole else np.flatnonzero(mkeep)
    del mkeep

    def pick(values):
        return values if mwhole else values[mtake]

    msg_day = pick(day).astype(np.int32)
    del day
    msg_g = code[pick(gm)].astype(np.int32)
    del gm
    msg_p = positions(messages["person_id"] if mwhole else messages["person_id"].iloc[mtake], persons)
    msg_k = run_key(runs, msg_g, msg_p, n_persons)
    del msg_p

    def msgs_frame() -> pd.DataFrame:
        out = (messages if mwhole else messages.iloc[mtake]).reset_index(drop=True)
        out["day"] = msg_day.astype(np.int64)
        return out

    def msg_kind() -> np.ndarray:
        from analysis.schemas import MESSAGE_KINDS

        kind = messages["kind"] if mwhole else messages["kind"].iloc[mtake]
        return positions(kind, pd.Series(MESSAGE_KINDS, dtype="string"))

    return ActivityBase(
        {"spells": spells_frame, "msgs": msgs_frame, "msg_kind": msg_kind, "msg_sent": lambda: pick(sent)},
        groups=g, as_of=as_of, code=code, row=row, runs=runs, sp_g=sp_g, sp_start=start, sp_leave=leave,
        msg_g=msg_g, msg_k=msg_k, msg_day=msg_day, msg_count=pick(messages["messages"].to_numpy()))


class ActivityBase(dict):
    """The dict :func:`activity_base` returns; the frames ``spells`` and ``msgs`` (and ``msg_kind``) are
    made on first access, so that the counts, which need only the arrays, never copy the big tables."""

    def __init__(self, lazy: dict, **values):
        super().__init__(**values)
        self._lazy = dict(lazy)

    def __missing__(self, key):
        if key in self._lazy:
            value = self._lazy.pop(key)()
            self[key] = value
            return value
        raise KeyError(key)


def _sort_by(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Stable order by (first, second), both int64 >= 0: one argsort of a combined key when it fits."""
    if len(first) == 0:
        return np.zeros(0, dtype=np.int64)
    lo = int(second.min())
    span = int(second.max()) - lo + 1
    if (int(first.max()) + 1) * span < 2**62:
        return np.argsort(first * span + (second - lo))  # ties are equal keys: any order merges the same
    return np.lexsort((second, first))


def union_runs(g: np.ndarray, p: np.ndarray, s: np.ndarray, e: np.ndarray, n_persons: int) -> dict:
    """Disjoint runs of days per (group, person): overlapping or touching ``[s, e]`` merged.

    Returns ``g``, ``k`` (dense key of the pair, increasing with (g, p)), ``pair`` (g * n_persons + p),
    ``s``, ``e``, sorted by pair and start (``g``, ``k``, ``s``, ``e`` as int32).
    """
    pair = g.astype(np.int64) * np.int64(n_persons) + p
    order = _sort_by(pair, s)
    pair = pair[order]
    s = np.asarray(s, dtype=np.int32)[order]
    e = np.asarray(e, dtype=np.int32)[order]
    del order
    first, keys = run_starts(pair, s, e)
    k = (np.cumsum(keys) - 1).astype(np.int32)
    del keys
    if not first.all():  # some spells overlap or touch: merge them
        r = np.flatnonzero(first)
        e = np.maximum.reduceat(e, r) if len(r) else e[:0]
        pair, s, k = pair[r], s[r], k[r]
    return {"g": (pair // np.int64(n_persons)).astype(np.int32), "k": k, "pair": pair, "s": s, "e": e,
            "n_persons": int(n_persons)}


def run_starts(key: np.ndarray, s: np.ndarray, e: np.ndarray):
    """For intervals sorted by (key, s): where a merged run starts, and where a key starts.

    An interval continues the run before it when it has the same key and starts at most one day
    after the latest end so far in that key. Only keys with several intervals are looked at.
    """
    n = len(key)
    new_key = np.ones(n, dtype=bool)
    if n > 1:
        np.not_equal(key[1:], key[:-1], out=new_key[1:])
    first = new_key.copy()
    if n < 2 or new_key.all():
        return first, new_key
    # the rows of keys with more than one interval
    starts = np.flatnonzero(new_key)
    length = np.diff(np.append(starts, n))
    several = length > 1
    st, ln = starts[several], length[several]
    rows = np.repeat(st, ln) + (np.arange(int(ln.sum())) - np.repeat(np.cumsum(ln) - ln, ln))
    sub_new = new_key[rows]
    seg = np.cumsum(sub_new) - 1
    se, ss = e[rows].astype(np.int64), s[rows].astype(np.int64)
    lo = int(se.min())
    span = int(se.max()) - lo + 2
    running = np.maximum.accumulate(seg * span + (se - lo))  # the latest end so far, within the key
    prev_end = np.empty(len(rows), dtype=np.int64)
    prev_end[0] = 0
    prev_end[1:] = running[:-1] - seg[1:] * span + lo
    first[rows] = sub_new | (ss > prev_end + 1)
    return first, new_key


def run_key(runs: dict, g: np.ndarray, p: np.ndarray, n_persons: int) -> np.ndarray:
    """The dense person-in-group key of (g, p) pairs; -1 for a pair without a run (or p == -1)."""
    out = np.full(len(g), -1, dtype=np.int32)
    if len(runs["pair"]) == 0 or len(g) == 0:
        return out
    has = p >= 0
    pair = g[has].astype(np.int64) * np.int64(n_persons) + p[has]
    first = np.flatnonzero(np.r_[True, runs["pair"][1:] != runs["pair"][:-1]])  # runs are sorted by pair
    upair = runs["pair"][first]
    i = np.minimum(np.searchsorted(upair, pair), len(upair) - 1)
    found = upair[i] == pair
    out[np.flatnonzero(has)[found]] = runs["k"][first[i[found]]]
    return out


def life_slots(b: dict, freq: str) -> dict:
    """The days (``freq="D"``) or weeks (``"W"``) of every group's life as integer slots, with the counts.

    Slots run group by group in ``group_id`` order, period by period; for each slot:
    ``g`` (group rank), ``period`` (day number of its first day: the day, or the Monday),
    ``last_day`` (its last day within the group's life), ``members`` (distinct members),
    ``member_days``; and ``of``, a function giving the slot of (group rank, day) pairs (-1 outside
    the group's life).
    """
    step = 7 if freq == "W" else 1
    g = b["groups"]
    row = b["row"]
    start = g["start_day"].to_numpy(dtype=float)[row].astype(np.int64)
    end = g["end_day"].to_numpy(dtype=float)[row].astype(np.int64)
    per = (lambda d: week_start(d)) if step == 7 else (lambda d: d)
    p0 = per(start)
    n = np.where(end >= start, (per(end) - p0) // step + 1, 0).astype(np.int64)
    base = np.zeros(len(n) + 1, dtype=np.int64)
    np.cumsum(n, out=base[1:])
    total = int(base[-1])
    sg = np.repeat(np.arange(len(n), dtype=np.int64), n)
    period = p0[sg] + (np.arange(total, dtype=np.int64) - base[sg]) * step
    last_day = np.minimum(end[sg], period + step - 1)

    # period numbers: the day itself, or the week counted from the Monday of 1970-01-01's week
    # ((d + 3) // 7; its Monday is 7 * that - 3), so a slot is one division and three gathers
    first_no = (p0 + 3) // 7 if step == 7 else p0
    lo = base[:-1] - first_no  # slot = lo[group] + period number, inside [base[g], base[g + 1])

    def of(gr: np.ndarray, day: np.ndarray) -> np.ndarray:
        d = np.asarray(day, dtype=np.int64)
        slot = lo[gr] + ((d + 3) // 7 if step == 7 else d)
        return np.where((slot >= base[gr]) & (slot < base[1:][gr]), slot, -1)

    r = b["runs"]
    s_slot, e_slot = of(r["g"], r["s"]), of(r["g"], r["e"])
    # distinct members: a member's runs merged again where they share a slot, then one difference array
    first, _ = run_starts(r["k"], s_slot, e_slot)
    fr = np.flatnonzero(first)
    e_merged = np.maximum.reduceat(e_slot, fr) if len(fr) else e_slot[:0]
    diff = np.bincount(s_slot[fr], minlength=total + 1) - np.bincount(e_merged + 1, minlength=total + 1)
    members = np.cumsum(diff)[:total].astype(np.int64)
    # member-days: every slot of a run counts ``step`` days, less the days before ``s`` and after ``e``
    full = np.bincount(s_slot, minlength=total + 1) - np.bincount(e_slot + 1, minlength=total + 1)
    days = np.cumsum(full)[:total] * step
    if step > 1 and len(s_slot):
        days = days - np.bincount(s_slot, weights=(r["s"] - period[s_slot]), minlength=total)[:total]
        days = days - np.bincount(e_slot, weights=(period[e_slot] + step - 1 - r["e"]), minlength=total)[:total]
    return {"g": sg, "period": period, "last_day": last_day, "members": members,
            "member_days": np.rint(days).astype(np.int64), "of": of, "n": total, "step": step,
            "run_slots": (r["k"][fr], s_slot[fr], e_merged)}


def active_in_slots(b: dict, slots: dict, msg_slot: np.ndarray) -> np.ndarray:
    """Distinct members who posted (``messages > 0``) in each slot while a member at some time in it."""
    k, s_slot, e_slot = slots["run_slots"]
    mk = b["msg_k"]
    ok = (b["msg_count"] > 0) & (mk >= 0) & (msg_slot >= 0)
    mk, ms = mk[ok], msg_slot[ok]
    if len(mk) == 0 or len(k) == 0:
        return np.zeros(slots["n"], dtype=np.int64)
    span = np.int64(slots["n"] + 1)
    q_run = k * span + s_slot  # runs sorted by (k, slot): increasing
    q = sorted_unique(mk * span + ms)
    i = np.searchsorted(q_run, q, side="right") - 1
    qk, qs = q // span, q % span
    hit = (i >= 0) & (k[np.maximum(i, 0)] == qk) & (e_slot[np.maximum(i, 0)] >= qs)
    return np.bincount(qs[hit], minlength=slots["n"]).astype(np.int64)


def tables(data, func: str, required: Sequence[str], optional: Sequence[str] = (), **given) -> list:
    """The tables ``required`` + ``optional`` in that order, from keywords or the data set (:func:`prep.pick`)."""
    t = prep.pick(data, func, required=required, optional=optional, **given)
    return [t[name] for name in (*required, *optional)]
