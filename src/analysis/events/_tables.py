"""Input preparation of the events domain, on top of :mod:`analysis.prep`.

Every function of the domain reads its tables through these helpers, so the counting rules of the
package docstring (one check-in per person and event, the earliest arrival kept; how someone came
read from the invitation record) are applied once:

- ids through :func:`analysis.prep.ids` (stripped text; an empty required id is a DataError);
- timestamps through :func:`analysis.prep.times` (the one timezone rule of :mod:`analysis.rules`:
  aware values become local Asia/Shanghai wall-clock time, text is parsed, an unreadable value is
  a DataError — never a silent ``NaT``);
- yes/no columns through :func:`analysis.prep.booleans`.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from analysis import prep, stats
from analysis.errors import ParameterError
from analysis.schemas import ON_SITE_ROLES, ROLES

#: Roles that invite customers to events (branch head and operations supervisor do not).
ELIGIBLE_ROLES: tuple[str, ...] = tuple(r for r in ROLES if r not in ("branch_head", "ops_supervisor"))
#: The chain kinds: whose invitation an attendee's presence goes back to.
CHAIN_KINDS = ("staff", "partner", "walk_in", "unattributed")
#: Event kinds of the data contract.
EVENT_KINDS = ("booth", "salon", "activity")

MAX_DEPTH = 6  # guests of guests of ... followed this far up the chain
SOURCE_OF_KIND = {"staff": "staff_invite", "partner": "partner_invite", "guest": "brought_along"}
KIND_RANK = {"staff": 0, "partner": 1, "guest": 2}


# ---------------------------------------------------------------------------
# columns
# ---------------------------------------------------------------------------

def required_codes(df: pd.DataFrame, table: str, column: str, func: str) -> pd.Series:
    """A coded text column (``metric``, ``inviter_kind`` …) as stripped ``string``; empty values raise DataError."""
    s = df[column].astype("string").str.strip()
    bad = (s.isna() | (s == "")).fillna(True).to_numpy(dtype=bool)
    if bad.any():
        raise prep.mask_error(func, table, column, "not_null", df, bad,
                              f"{column} is empty in {int(bad.sum())} row(s)")
    return s


def with_times(df: pd.DataFrame, table: str, columns, func: str, key=()) -> pd.DataFrame:
    """``df`` with each present column of ``columns`` as naive local datetimes (the timezone rule)."""
    present = {c: prep.times(df, table, c, func, key=key) for c in columns if c in df.columns}
    return df.assign(**present) if present else df


def checkins(attendance, func: str) -> pd.DataFrame:
    """Validated attendance, one row per (event_id, person_id), earliest arrival kept.

    Adds ``stranger`` (int64 0/1). Optional columns absent from the input are added empty.
    """
    att = prep.require_frame(attendance, "attendance", ("event_id", "person_id", "is_bank_customer"), func)
    customer = prep.booleans(att, "attendance", "is_bank_customer", func)
    extra = {}
    for c, dtype in (("gender", "string"), ("source", "string")):
        if c not in att.columns:
            extra[c] = pd.Series(pd.NA, index=att.index, dtype=dtype)
    out = att.assign(event_id=prep.ids(att, "attendance", "event_id", func),
                     person_id=prep.ids(att, "attendance", "person_id", func),
                     arrived_at=prep.times(att, "attendance", "arrived_at", func),
                     brought_by=prep.ids(att, "attendance", "brought_by", func, required=False),
                     is_bank_customer=customer, stranger=(~customer).astype(np.int64), **extra)
    return out.take(_first_checkins(out)).reset_index(drop=True)


def _first_checkins(att: pd.DataFrame) -> np.ndarray:
    """Rows of the first check-in of each (event_id, person_id) — earliest ``arrived_at``, a missing time
    last, then table order — ordered by event_id, arrived_at (missing last) and table order.

    One stable sort of integer codes (events coded in ``event_id`` order, arrival times as int64
    nanoseconds): within an event sorted by arrival and row, a person's first row is their
    earliest check-in, so the duplicates are dropped after that single sort, without sorting text.
    """
    n = len(att)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    event = pd.factorize(att["event_id"], sort=True)[0].astype(np.int64)
    person, persons = pd.factorize(att["person_id"])
    t = att["arrived_at"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    t = np.where(t == np.iinfo(np.int64).min, np.iinfo(np.int64).max, t)  # NaT last
    order = np.lexsort((t, event))  # stable: table order among equal keys
    pair = event[order] * np.int64(max(len(persons), 1)) + person.astype(np.int64)[order]
    return order[~pd.Series(pair).duplicated().to_numpy()]


def invitations(invitations, func: str) -> pd.DataFrame:
    """Validated invitations (distinct inviter × invitee per event), ids as text, ``invited_at`` as local time."""
    inv = prep.require_frame(invitations, "invitations", ("event_id", "inviter_kind", "inviter_id", "person_id"),
                             func)
    kind = inv["inviter_kind"].astype("string").str.strip()
    bad = ~kind.isin(list(KIND_RANK)).fillna(False).to_numpy(dtype=bool)
    if bad.any():
        raise prep.mask_error(func, "invitations", "inviter_kind", "allowed_values", inv, bad,
                              "inviter_kind must be staff, partner or guest")
    out = inv.assign(event_id=prep.ids(inv, "invitations", "event_id", func),
                     person_id=prep.ids(inv, "invitations", "person_id", func),
                     inviter_id=prep.ids(inv, "invitations", "inviter_id", func, required=False),
                     inviter_kind=kind, invited_at=prep.times(inv, "invitations", "invited_at", func))
    return (out.sort_values(["event_id", "person_id", "invited_at"], na_position="last", kind="stable")
               .drop_duplicates(["event_id", "inviter_kind", "inviter_id", "person_id"])
               .reset_index(drop=True))


def events(events, func: str, required=("event_id",)) -> pd.DataFrame:
    """Validated events: unique ids as text; ``starts_at``/``ends_at`` (where present) as local time."""
    ev = prep.require_frame(events, "events", required, func)
    ids = prep.ids(ev, "events", "event_id", func)
    dup = ids.duplicated(keep=False).to_numpy()
    if dup.any():
        raise prep.mask_error(func, "events", "event_id", "unique_key", ev, dup, "an event_id appears more than once")
    return with_times(ev.assign(event_id=ids), "events", ("starts_at", "ends_at"), func)


def staff(staff, func: str) -> pd.DataFrame:
    """Validated staff: ``staff_id``, ``role`` and ``branch_id`` (empty when absent) as text."""
    st = prep.require_frame(staff, "staff", ("staff_id", "role"), func)
    return st.assign(staff_id=prep.ids(st, "staff", "staff_id", func), role=st["role"].astype("string"),
                     branch_id=prep.ids(st, "staff", "branch_id", func, required=False))


def event_staff(event_staff, func: str) -> pd.DataFrame:
    """Validated on-site duties: ids as text, ``role`` in :data:`ON_SITE_ROLES`, local times, the contract's rules."""
    es = prep.require_frame(event_staff, "event_staff", ("event_id", "role", "from_at", "to_at"), func)
    role = required_codes(es, "event_staff", "role", func)
    bad = ~role.isin(list(ON_SITE_ROLES)).fillna(False).to_numpy(dtype=bool)
    if bad.any():
        raise prep.mask_error(func, "event_staff", "role", "allowed_values", es, bad,
                              "role must be greeter, receiver, atmosphere, captain or host")
    out = es.assign(event_id=prep.ids(es, "event_staff", "event_id", func),
                    staff_id=prep.ids(es, "event_staff", "staff_id", func, required=False),
                    person_id=prep.ids(es, "event_staff", "person_id", func, required=False), role=role,
                    from_at=prep.times(es, "event_staff", "from_at", func, required=True),
                    to_at=prep.times(es, "event_staff", "to_at", func, required=True))
    prep.check_rules(out, "event_staff", func)
    return out[["event_id", "staff_id", "person_id", "role", "from_at", "to_at"]].reset_index(drop=True)


def records(survey_responses, visitor_records, func: str) -> pd.DataFrame:
    """Every record kept of a visitor at an event: the event's questionnaires and information sheets.

    One row per record: ``event_id``, ``person_id`` (missing for an anonymous sheet), ``staff_id`` (who
    wrote it: ``survey_responses.recorded_by``, ``visitor_records.staff_id``; missing when not
    recorded), ``recorded_at`` and ``record_kind`` (``survey`` or ``info_sheet``). Records without an
    event are left out; either table may be None.
    """
    parts = []
    for df, table, who, when, kind in ((survey_responses, "survey_responses", "recorded_by", "submitted_at", "survey"),
                                       (visitor_records, "visitor_records", "staff_id", "recorded_at", "info_sheet")):
        if df is None:
            continue
        d = prep.require_frame(df, table, ("event_id",), func)
        part = pd.DataFrame({"event_id": prep.ids(d, table, "event_id", func, required=False),
                             "person_id": prep.ids(d, table, "person_id", func, required=False),
                             "staff_id": prep.ids(d, table, who, func, required=False),
                             "recorded_at": prep.times(d, table, when, func),
                             "record_kind": pd.Series(kind, index=d.index, dtype="string")})
        parts.append(part.loc[part["event_id"].notna().to_numpy()])
    if not parts:
        return pd.DataFrame({"event_id": pd.Series([], dtype="string"), "person_id": pd.Series([], dtype="string"),
                             "staff_id": pd.Series([], dtype="string"),
                             "recorded_at": pd.Series([], dtype="datetime64[ns]"),
                             "record_kind": pd.Series([], dtype="string")})
    return pd.concat(parts, ignore_index=True)


def flags(att: pd.DataFrame, column: str, func: str) -> pd.Series:
    """An optional yes/no column of the attendance as ``boolean`` (missing where not recorded or absent)."""
    if column not in att.columns:
        return pd.Series(pd.NA, index=att.index, dtype="boolean")
    return prep.booleans(att, "attendance", column, func, required=False)


def event_ids(df: pd.DataFrame, table: str, func: str) -> pd.Series:
    """The optional ``event_id`` of an event-linked table (leads, survey responses) as text."""
    return prep.ids(df, table, "event_id", func, required=False)


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------

def with_rate(counts: pd.DataFrame, successes: str, trials: str, level: float) -> pd.DataFrame:
    """``counts`` (RangeIndex) plus ``rate``, ``ci_low``, ``ci_high`` (Wilson) of successes / trials."""
    if len(counts) == 0:
        return counts.assign(rate=pd.Series([], dtype=float), ci_low=pd.Series([], dtype=float),
                             ci_high=pd.Series([], dtype=float))
    p = stats.proportion(counts[successes].to_numpy(), counts[trials].to_numpy(), level)
    return counts.assign(rate=p["rate"].to_numpy(), ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy())


def tidy(func):
    """Decorator: text columns of the returned frame as the ``string`` dtype, plain RangeIndex."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        out = func(*args, **kwargs)
        text = {c: "string" for c in out.columns
                if out[c].dtype == object or (isinstance(out[c].dtype, pd.StringDtype)
                                              and out[c].dtype.na_value is not pd.NA)}
        return out.astype(text).reset_index(drop=True)

    return wrapper


def pairs_in(a1: pd.Series, a2: pd.Series, b1: pd.Series, b2: pd.Series) -> np.ndarray:
    """Whether each pair (a1, a2) occurs among the pairs (b1, b2); pairs with a missing value are False."""
    left = pd.MultiIndex.from_arrays([a1.astype("string").to_numpy(), a2.astype("string").to_numpy()])
    right = pd.MultiIndex.from_arrays([b1.astype("string").to_numpy(), b2.astype("string").to_numpy()])
    return np.asarray(left.isin(right), dtype=bool) & a1.notna().to_numpy() & a2.notna().to_numpy()


def positions(keys: pd.Series) -> dict:
    """Row positions of each key value, in row order (missing keys left out): a table split by event
    once, so that a loop over events reads its own rows instead of filtering the whole table per event."""
    keys = pd.Series(keys).reset_index(drop=True)
    if not len(keys):
        return {}
    return keys.groupby(keys, sort=False, dropna=True).indices


def as_int(s) -> np.ndarray:
    return np.asarray(pd.Series(s).fillna(0), dtype=np.int64)


def ratio(num, den) -> np.ndarray:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def only_event(df: pd.DataFrame, event_id: str, func: str, column: str = "event_id") -> pd.DataFrame:
    """The rows of ``df`` whose ``column`` is ``event_id``; every row when ``event_id`` is empty."""
    if not isinstance(event_id, str):
        raise ParameterError(f"{func}: event_id must be text such as 'B01-E03' (empty: every event), got {event_id!r}.")
    if not event_id.strip():
        return df.reset_index(drop=True)
    keep = (df[column].astype("string").str.strip() == event_id.strip()).fillna(False).to_numpy(dtype=bool)
    return df.loc[keep].reset_index(drop=True)
