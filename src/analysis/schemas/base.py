"""The building blocks of the contract (Column, Table, rules) and the allowed values of coded columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

DTYPES = {"id", "str", "int", "float", "bool", "datetime", "category"}

#: Earliest plausible time of any datetime column (earlier values are refused, rule ``date_range``).
EARLIEST_TIME = pd.Timestamp("2000-01-01")
#: Latest plausible time of any datetime column. A fixed date rather than "today + 1 year", so that
#: validation — and every report — does not depend on the day it runs.
LATEST_TIME = pd.Timestamp("2100-12-31 23:59:59.999999999")
#: A check-in may come this many hours before its event's ``starts_at`` (early arrivals, set-up) …
CHECKIN_EARLY_HOURS = 2
#: … and this many hours after its ``ends_at`` (a late sign-in sheet entry); outside: rule
#: ``checkin_in_event_window``. (Defined here because the check is part of the contract.)
CHECKIN_LATE_HOURS = 6


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Parameters
    ----------
    name : str
        English snake_case name used by every analysis.
    kind : str
        One of ``id``, ``str``, ``int``, ``float``, ``bool``, ``datetime``, ``category``.
    description : str
        What the column means (Chinese term in brackets where useful).
    required : bool
        The column must be present in the file (else the whole table is rejected).
    nullable : bool
        Empty cells are allowed.
    allowed : tuple of str, optional
        Allowed values of a ``category`` column (English codes).
    min, max : float, optional
        Inclusive range of a numeric column.
    default : object, optional
        Value used when an optional column is absent from the file.
    aliases : tuple of str
        Chinese (or other) headers that mean this column, e.g. ``("活动编号",)``.
    """

    name: str
    kind: str
    description: str = ""
    required: bool = True
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    default: object = None
    aliases: tuple[str, ...] = ()

    def __post_init__(self):
        if self.kind not in DTYPES:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}")
        if self.kind == "category" and not self.allowed:
            raise ValueError(f"column {self.name}: a category needs allowed values")

    @property
    def dtype(self):
        """The pandas dtype of the validated column."""
        return {
            "id": pd.StringDtype(),
            "str": pd.StringDtype(),
            "int": pd.Int64Dtype(),
            "float": "float64",
            "bool": pd.BooleanDtype(),
            "datetime": "datetime64[ns]",
            "category": pd.CategoricalDtype(list(self.allowed or ()), ordered=False),
        }[self.kind]


@dataclass(frozen=True)
class ForeignKey:
    """``column`` of this table must match ``ref_column`` of table ``ref_table``."""

    column: str
    ref_table: str
    ref_column: str


@dataclass(frozen=True)
class RowRule:
    """A cross-column rule; ``bad_rows(df)`` returns a boolean mask of violations.

    ``columns`` are the columns the rule reads (all must be present for the rule
    to apply); ``name`` is a short code and ``description`` the sentence shown to
    the user.
    """

    name: str
    columns: tuple[str, ...]
    description: str
    bad_rows: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class CrossRule:
    """A rule between a row and its parent row in another table (e.g. a check-in and its event).

    ``key`` is the column of this table that references ``parent`` (its key); ``columns`` are the
    columns of this table and ``parent_columns`` those of the parent the rule reads.
    ``bad_rows(rows, parents)`` gets this table's rows and, aligned on them, the parent's columns
    (rows without a parent are never flagged: the reference check reports them) and returns a
    boolean mask of violations. The loader applies it after the foreign-key checks, against the
    parent rows that survived.
    """

    name: str
    columns: tuple[str, ...]
    key: str
    parent: str
    parent_columns: tuple[str, ...]
    description: str
    bad_rows: Callable[[pd.DataFrame, pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Table:
    """A table of the data contract."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    rules: tuple[RowRule, ...] = ()
    cross_rules: tuple[CrossRule, ...] = ()
    required: bool = False
    person_data: bool = False  # holds rows about people: personal columns are refused
    aliases: tuple[str, ...] = ()
    zh_name: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table {self.name} has no column {name}")


def _later(a: str, b: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Rule: column ``b`` (when present) must not be earlier than ``a``."""

    def check(df: pd.DataFrame) -> pd.Series:
        return (df[b] < df[a]).fillna(False).astype(bool)

    return check


def _outside_window(att: pd.DataFrame, ev: pd.DataFrame) -> pd.Series:
    """Check-ins earlier than CHECKIN_EARLY_HOURS before the start or later than CHECKIN_LATE_HOURS after the end."""
    early = ev["starts_at"] - pd.Timedelta(hours=CHECKIN_EARLY_HOURS)
    late = ev["ends_at"] + pd.Timedelta(hours=CHECKIN_LATE_HOURS)
    return ((att["arrived_at"] < early) | (att["arrived_at"] > late)).fillna(False).astype(bool)


# ---------------------------------------------------------------------------
# Allowed values
# ---------------------------------------------------------------------------

ROLES = ("branch_head", "ops_supervisor", "wealth_manager", "lobby_manager", "teller", "account_manager")
SEGMENTS = ("payroll", "retiree", "business_owner", "professional", "homemaker", "student", "other")
AGE_BANDS = ("18-29", "30-39", "40-49", "50-59", "60+")
GENDERS = ("female", "male")
ENTRY_KINDS = (
    "supermarket", "club", "beauty", "laundry", "car_care", "activity_center",
    "property_office", "school", "pharmacy", "restaurant", "other",
)
EVENT_KINDS = ("booth", "salon", "activity")
SURVEY_CHANNELS = ("booth", "salon", "activity", "online", "wechat", "door_to_door", "other")
QUESTION_KINDS = ("single", "multi", "scale", "open", "rank")
INVITER_KINDS = ("staff", "partner", "guest")
ATTENDANCE_SOURCES = ("staff_invite", "partner_invite", "brought_along", "walk_in")
#: On-site roles at an event (issue 16): 引客人, 接待, 氛围, 楼栋长 (a resident), 主持.
ON_SITE_ROLES = ("greeter", "receiver", "atmosphere", "captain", "host")
OUTCOMES = ("won", "lost", "open")
TIERS = ("mass", "potential", "elite")
MESSAGE_KINDS = ("text", "question", "product_post", "game", "red_packet")
JOIN_CHANNELS = ("event_qr", "outbound_call", "official_account", "mobile_banking", "member_referral",
                 "owners_group", "other")
DEAL_CHANNELS = ("offline", "online")
TARGET_METRICS = (
    "attendees", "strangers", "stranger_ratio", "invitations", "leads",
    "deals", "sales_amount", "new_customers", "wechat_joins", "survey_responses",
    "evaluation_score",
)
