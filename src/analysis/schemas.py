"""The data contract: one schema per table, and the Chinese↔English alias map.

A :class:`Table` is the single definition of a table: its columns (dtype,
nullability, allowed values, ranges, Chinese aliases), its key, its foreign
keys and its cross-column rules. The same definition drives validation
(:func:`analysis.io.load_dataset`, ``python -m analysis validate``), the
documentation (:func:`contract_markdown`) and the sample generator
(:mod:`analysis.sample`), so the three cannot drift apart.

Dtypes (pandas 3):

========== ============================== ==========================================
kind       pandas dtype                   accepted in files
========== ============================== ==========================================
id, str    ``string`` (``pd.StringDtype``) any text; ids are stripped of spaces
int        ``Int64`` (nullable)            whole numbers (``12``, ``12.0``)
float      ``float64``                     numbers; empty cells are NaN
bool       ``boolean`` (nullable)          是/否, Y/N, yes/no, true/false, 1/0, 对/错
datetime   ``datetime64[ns]``              ``2026-09-03 12:00``, ``2026/09/03 12:00:00``, Excel dates
category   ``category`` (allowed values)   the English code or its Chinese label (女 → female)
========== ============================== ==========================================

Times are local (China Standard Time) and stored without a time zone, and must lie in the
plausible range :data:`EARLIEST_TIME` … :data:`LATEST_TIME` (2000-01-01 … 2100-12-31: fixed
dates, not "today + n", so that the same files always validate the same way).

Rules across tables (:class:`CrossRule`, e.g. a check-in within its event's window, with the slack
:data:`CHECKIN_EARLY_HOURS` / :data:`CHECKIN_LATE_HOURS`) are declared here too and applied by the
loader after the references are checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

__all__ = [
    "Column",
    "Table",
    "ForeignKey",
    "RowRule",
    "CrossRule",
    "TABLES",
    "EARLIEST_TIME",
    "LATEST_TIME",
    "CHECKIN_EARLY_HOURS",
    "CHECKIN_LATE_HOURS",
    "COLUMN_ALIASES",
    "TABLE_ALIASES",
    "VALUE_ALIASES",
    "BOOL_VALUES",
    "PERSONAL_DATA_COLUMNS",
    "get_table",
    "empty_frame",
    "contract_markdown",
]

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

# ---------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------

C = Column

TABLES: dict[str, Table] = {}


def _add(table: Table) -> None:
    TABLES[table.name] = table


_add(Table(
    "branches", "One row per branch (网点).",
    (
        C("branch_id", "id", "Branch id.", aliases=("网点编号", "网点ID", "支行编号")),
        C("name", "str", "Branch name.", aliases=("网点名称", "支行名称")),
        C("city", "str", "City.", aliases=("城市",)),
    ),
    key=("branch_id",), required=True, aliases=("网点", "支行"), zh_name="网点",
))

_add(Table(
    "staff", "One row per staff member (员工). Staff are employees, not customers: their name may be given "
    "(reports then name owners as 王芳（理财经理）); without it they are known by id and role.",
    (
        C("staff_id", "id", "Staff id.", aliases=("员工编号", "工号")),
        C("branch_id", "id", "Branch the staff member works at.", aliases=("网点编号", "网点ID", "支行编号")),
        C("role", "category", "Role; branch_head and ops_supervisor do not invite customers to salons.",
          allowed=ROLES, aliases=("岗位", "角色")),
        C("name", "str", "The staff member's name (an employee's, shown in reports beside the role; "
          "the only column of the contract that may hold a person's name: 姓名 is refused in every other table).",
          required=False, nullable=True,
          aliases=("姓名", "员工姓名")),
    ),
    key=("staff_id",), foreign_keys=(ForeignKey("branch_id", "branches", "branch_id"),),
    required=True, aliases=("员工",), zh_name="员工",
))

_add(Table(
    "communities", "One row per residential community (小区) a branch serves.",
    (
        C("community_id", "id", "Community id.", aliases=("小区编号", "社区编号")),
        C("branch_id", "id", "Serving branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("name", "str", "Community name.", aliases=("小区名称", "社区名称")),
        C("households", "int", "Households (户数): the survey population of the community.", min=1,
          aliases=("户数", "总户数")),
        C("occupancy_rate", "float", "Share of homes occupied (入住率), 0–1.", min=0, max=1,
          required=False, nullable=True, aliases=("入住率",)),
        C("built_year", "int", "Year built (建成年份).", min=1900, max=2100, required=False, nullable=True,
          aliases=("建成年份", "建成年代")),
        C("distance_km", "float", "Distance from the branch in km.", min=0, required=False, nullable=True,
          aliases=("距离", "距离公里", "距网点距离")),
    ),
    key=("community_id",), foreign_keys=(ForeignKey("branch_id", "branches", "branch_id"),),
    required=True, aliases=("小区", "社区"), zh_name="小区",
))

_add(Table(
    "entry_points", "One row per marketing entry point (入口) into a community.",
    (
        C("entry_id", "id", "Entry point id.", aliases=("入口编号",)),
        C("community_id", "id", "Community.", aliases=("小区编号", "社区编号")),
        C("kind", "category", "Kind of entry.", allowed=ENTRY_KINDS, aliases=("入口类型", "类型")),
        C("name", "str", "Entry name (a business, not a person).", required=False, nullable=True,
          aliases=("入口名称", "商户名称")),
        C("daily_flow", "int", "Visitors per day (日客流).", min=0, aliases=("日客流", "日均客流")),
        C("cost_per_visit", "float", "Cost per visit or contact, yuan.", min=0, aliases=("单次成本", "每次成本")),
        C("value_score", "float", "Value of the audience, 1–5.", min=1, max=5, aliases=("价值评分", "客户价值")),
    ),
    key=("entry_id",), foreign_keys=(ForeignKey("community_id", "communities", "community_id"),),
    aliases=("入口", "营销入口"), zh_name="营销入口",
))

_add(Table(
    "people", "One row per person the branch has met. No names, no phone numbers: person_id is a salted hash.",
    (
        C("person_id", "id", "Person id (salted hash from the importers).", aliases=("客户编号", "人员编号")),
        C("community_id", "id", "Home community, when known.", nullable=True, aliases=("小区编号", "社区编号")),
        C("is_bank_customer", "bool", "Was a customer of the bank at first contact (是否本行客户); empty when "
          "unknown (the 问卷星 import creates people rows without it).", nullable=True,
          aliases=("是否本行客户", "本行客户")),
        C("segment", "category", "Customer segment.", allowed=SEGMENTS, nullable=True, required=False,
          aliases=("客群", "客户类型", "职业类型")),
        C("age_band", "category", "Age band.", allowed=AGE_BANDS, nullable=True, required=False, aliases=("年龄段", "年龄")),
        C("gender", "category", "Gender.", allowed=GENDERS, nullable=True, required=False, aliases=("性别",)),
    ),
    key=("person_id",), foreign_keys=(ForeignKey("community_id", "communities", "community_id"),),
    required=True, person_data=True, aliases=("客户", "人员"), zh_name="客户",
))

_add(Table(
    "survey_questions", "Questionnaire codebook: one row per question.",
    (
        C("question_id", "id", "Question id (q01 …).", aliases=("题号", "题目编号")),
        C("text", "str", "Question text as asked.", aliases=("题目", "题干")),
        C("kind", "category", "single, multi (tick all that apply), scale (1–5), open or rank.",
          allowed=QUESTION_KINDS, aliases=("题型",)),
        C("options", "str", "Allowed answer codes joined with '|' (empty for open questions).",
          nullable=True, required=False, aliases=("选项",)),
        C("option_labels", "str", "Chinese labels of the options, joined with '|', same order.",
          nullable=True, required=False, aliases=("选项文字",)),
    ),
    key=("question_id",), aliases=("问卷题目", "题目"), zh_name="问卷题目",
))

_add(Table(
    "survey_responses", "One row per questionnaire answer sheet (答卷).",
    (
        C("response_id", "id", "Answer-sheet id (问卷星 序号).", aliases=("答卷编号", "序号")),
        C("person_id", "id", "Respondent, when known.", nullable=True, required=False, aliases=("客户编号",)),
        C("community_id", "id", "Community of the respondent.", aliases=("小区编号", "社区编号")),
        C("event_id", "id", "Event where it was filled in, if any.", nullable=True, required=False,
          aliases=("活动编号",)),
        C("submitted_at", "datetime", "Submission time (提交答卷时间).", aliases=("提交答卷时间", "提交时间")),
        C("channel", "category", "Where it was filled in.", allowed=SURVEY_CHANNELS, aliases=("渠道", "来源")),
        C("duration_s", "int", "Seconds taken (所用时间).", min=0, required=False, nullable=True,
          aliases=("所用时间", "用时")),
        C("recorded_by", "id", "Staff member who took the answers at an event (录入人), when recorded.",
          nullable=True, required=False, aliases=("录入人", "登记人")),
        C("placement_id", "id", "Publicity placement that brought this first touch (宣传阵地, issue 16), if known.",
          nullable=True, required=False, aliases=("宣传阵地", "宣传编号")),
    ),
    key=("response_id",),
    foreign_keys=(
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("community_id", "communities", "community_id"),
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("recorded_by", "staff", "staff_id"),
        ForeignKey("placement_id", "placements", "placement_id"),
    ),
    person_data=True, aliases=("问卷答卷", "答卷"), zh_name="问卷答卷",
))

_add(Table(
    "survey_answers", "One row per answer to one question (long form; one row per ticked option of a multi-choice).",
    (
        C("response_id", "id", "Answer sheet.", aliases=("答卷编号", "序号")),
        C("question_id", "id", "Question.", aliases=("题号", "题目编号")),
        C("value", "str", "Answer code (option code, scale value, or text for open questions).",
          aliases=("答案", "选项")),
        C("other_text", "str", "Free text of an 'other, please specify' answer (其他〖…〗).",
          nullable=True, required=False, aliases=("其他说明", "补充说明")),
    ),
    key=("response_id", "question_id", "value"),
    foreign_keys=(
        ForeignKey("response_id", "survey_responses", "response_id"),
        ForeignKey("question_id", "survey_questions", "question_id"),
    ),
    person_data=True, aliases=("问卷答案", "答案"), zh_name="问卷答案",
))

_add(Table(
    "events", "One row per booth (驻点), salon (沙龙) or community activity (社区活动).",
    (
        C("event_id", "id", "Event id.", aliases=("活动编号", "活动ID")),
        C("branch_id", "id", "Organising branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("community_id", "id", "Community where it took place (empty: at the branch).", nullable=True,
          aliases=("小区编号", "社区编号")),
        C("kind", "category", "booth, salon or activity.", allowed=EVENT_KINDS, aliases=("活动类型",)),
        C("theme", "str", "Theme (主题), e.g. 亲子关系.", aliases=("活动主题", "主题")),
        C("partner_id", "id", "Partner merchant, if any (异业合作方).", nullable=True, required=False,
          aliases=("合作方编号", "合作商户")),
        C("starts_at", "datetime", "Start.", aliases=("开始时间",)),
        C("ends_at", "datetime", "End.", aliases=("结束时间",)),
        C("cost", "float", "Cost in yuan.", min=0, aliases=("费用", "活动费用")),
        C("planned_invites", "int", "Planned invitations (计划邀约人数).", min=0, nullable=True,
          aliases=("计划邀约人数", "计划邀约")),
    ),
    key=("event_id",),
    foreign_keys=(
        ForeignKey("branch_id", "branches", "branch_id"),
        ForeignKey("community_id", "communities", "community_id"),
        ForeignKey("partner_id", "partners", "partner_id"),  # reach (issue 12): the partners table
    ),
    rules=(RowRule("ends_after_start", ("starts_at", "ends_at"), "ends_at is before starts_at",
                   _later("starts_at", "ends_at")),),
    aliases=("活动",), zh_name="活动",
))

_add(Table(
    "event_targets", "One row per SMART target of an event (per role when targets are per role).",
    (
        C("event_id", "id", "Event.", aliases=("活动编号",)),
        C("metric", "category", "What is measured.", allowed=TARGET_METRICS, aliases=("指标",)),
        C("target", "float", "Target value.", min=0, aliases=("目标", "目标值")),
        C("role", "category", "Role the target is for (empty: the whole event).", allowed=ROLES,
          nullable=True, required=False, aliases=("岗位", "角色")),
    ),
    key=("event_id", "metric", "role"),
    foreign_keys=(ForeignKey("event_id", "events", "event_id"),),
    aliases=("活动目标",), zh_name="活动目标",
))

_add(Table(
    "invitations", "One row per invitation sent (邀约).",
    (
        C("event_id", "id", "Event.", aliases=("活动编号",)),
        C("inviter_kind", "category", "staff, partner or guest.", allowed=INVITER_KINDS, aliases=("邀约人类型",)),
        C("inviter_id", "id", "Staff id, partner id or person id of the inviter.", aliases=("邀约人编号", "邀约人")),
        C("person_id", "id", "Invitee.", aliases=("客户编号", "被邀约人编号")),
        C("invited_at", "datetime", "When the invitation was sent.", aliases=("邀约时间",)),
    ),
    foreign_keys=(
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("person_id", "people", "person_id"),
    ),
    person_data=True, aliases=("邀约",), zh_name="邀约",
))

_add(Table(
    "attendance", "One row per check-in (签到) at an event.",
    (
        C("event_id", "id", "Event.", aliases=("活动编号",)),
        C("person_id", "id", "Attendee.", aliases=("客户编号",)),
        C("arrived_at", "datetime", "Check-in time (到场时间).", aliases=("到场时间", "签到时间")),
        C("source", "category", "How they came: staff_invite, partner_invite, brought_along, walk_in.",
          allowed=ATTENDANCE_SOURCES, aliases=("来源", "到场来源")),
        C("brought_by", "id", "Person who brought them along (带客人).", nullable=True, required=False,
          aliases=("带客人", "带客人编号")),
        C("is_bank_customer", "bool", "Was a bank customer at the event (是否本行客户).",
          aliases=("是否本行客户", "本行客户")),
        C("gender", "category", "Gender.", allowed=GENDERS, nullable=True, aliases=("性别",)),
        C("gift", "bool", "Received a gift at the event (领取礼品); empty when not recorded.", nullable=True,
          required=False, aliases=("领取礼品", "礼品", "是否领取礼品")),
        C("with_children", "bool", "Came with children (带孩子); empty when not recorded.", nullable=True,
          required=False, aliases=("带孩子", "是否带孩子", "携带儿童")),
        C("left_at", "datetime", "Check-out time (签退时间), where the event records one.", nullable=True,
          required=False, aliases=("签退时间", "离场时间")),
        C("placement_id", "id", "Publicity placement that brought this first touch (宣传阵地, issue 16), if known.",
          nullable=True, required=False, aliases=("宣传阵地", "宣传编号")),
    ),
    foreign_keys=(
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("placement_id", "placements", "placement_id"),
    ),
    rules=(RowRule("left_after_arrived", ("arrived_at", "left_at"), "left_at (check-out) is before arrived_at",
                   _later("arrived_at", "left_at")),),
    cross_rules=(CrossRule(
        "checkin_in_event_window", ("arrived_at",), "event_id", "events", ("starts_at", "ends_at"),
        f"arrived_at is outside its event's window (from {CHECKIN_EARLY_HOURS} h before starts_at to "
        f"{CHECKIN_LATE_HOURS} h after ends_at)", lambda att, ev: _outside_window(att, ev)),),
    person_data=True, aliases=("签到", "到场"), zh_name="签到",
))

_add(Table(
    "event_staff", "One row per on-site duty at an event (活动分工, issue 16): who held which role from when to when. "
    "Staff by staff_id; a building captain (楼栋长: a resident who brings neighbours, not staff) by person_id.",
    (
        C("event_id", "id", "Event.", aliases=("活动编号",)),
        C("staff_id", "id", "Staff member on duty (empty for a building captain).", nullable=True, required=False,
          aliases=("员工编号", "工号")),
        C("person_id", "id", "Resident on duty: the building captain (楼栋长).", nullable=True, required=False,
          aliases=("客户编号", "楼栋长编号")),
        C("role", "category", "greeter (引客人: brings people from the entrances to the table), receiver (接待: "
          "talks to and records each visitor), atmosphere (氛围: music, games for children), captain (楼栋长) or "
          "host (主持).", allowed=ON_SITE_ROLES, aliases=("岗位", "分工", "现场岗位")),
        C("from_at", "datetime", "Start of the duty.", aliases=("开始时间", "上岗时间")),
        C("to_at", "datetime", "End of the duty.", aliases=("结束时间", "下岗时间")),
    ),
    foreign_keys=(
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("staff_id", "staff", "staff_id"),
        ForeignKey("person_id", "people", "person_id"),
    ),
    rules=(
        RowRule("to_after_from", ("from_at", "to_at"), "to_at is before from_at", _later("from_at", "to_at")),
        RowRule("staff_or_resident", ("staff_id", "person_id"),
                "staff_id and person_id are both filled or both empty (exactly one names who was on duty)",
                lambda df: (df["staff_id"].isna() == df["person_id"].isna()).astype(bool)),
        RowRule("captain_is_resident", ("role", "person_id"),
                "role is captain but person_id is empty (a building captain is a resident, not staff)",
                lambda df: ((df["role"] == "captain") & df["person_id"].isna()).fillna(False).astype(bool)),
    ),
    person_data=True, aliases=("活动分工", "现场分工"), zh_name="活动分工",
))

_add(Table(
    "visitor_records", "One row per customer-information sheet (客户信息登记) filled in at an event (issue 16): the "
    "record a receiver keeps of a visitor — needs and products of interest. The visitor by person_id only.",
    (
        C("record_id", "id", "Record id.", aliases=("登记编号", "记录编号")),
        C("event_id", "id", "Event where it was filled in.", aliases=("活动编号",)),
        C("person_id", "id", "Visitor, when known.", nullable=True, aliases=("客户编号",)),
        C("staff_id", "id", "Staff member who recorded it (登记人).", nullable=True, aliases=("登记人", "员工编号")),
        C("recorded_at", "datetime", "When it was recorded.", aliases=("登记时间",)),
        C("needs", "str", "Needs noted, joined with '|'.", nullable=True, required=False, aliases=("需求",)),
        C("products", "str", "Products of interest, joined with '|'.", nullable=True, required=False,
          aliases=("意向产品",)),
    ),
    key=("record_id",),
    foreign_keys=(
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("staff_id", "staff", "staff_id"),
    ),
    person_data=True, aliases=("客户信息登记", "信息登记"), zh_name="客户信息登记",
))

_add(Table(
    "leads", "One row per sales lead (线索).",
    (
        C("lead_id", "id", "Lead id.", aliases=("线索编号",)),
        C("person_id", "id", "Person.", aliases=("客户编号",)),
        C("event_id", "id", "Event the lead came from.", nullable=True, required=False, aliases=("活动编号",)),
        C("group_id", "id", "WeChat group the lead came from.", nullable=True, required=False, aliases=("群编号",)),
        C("assigned_to", "id", "Staff id following up (empty: unassigned).", nullable=True,
          aliases=("跟进人", "负责人", "跟进员工")),
        C("captured_at", "datetime", "When the lead was captured: the 24/72 clock starts here.",
          aliases=("获取时间", "登记时间")),
        C("first_contact_at", "datetime", "First follow-up contact.", nullable=True, aliases=("首次联系时间",)),
        C("closed_at", "datetime", "When the result (won or lost) was recorded.", nullable=True,
          aliases=("结果时间", "关闭时间")),
        C("outcome", "category", "won, lost or open.", allowed=OUTCOMES, aliases=("结果", "跟进结果")),
        C("product", "str", "Product of interest or sold.", nullable=True, required=False, aliases=("产品",)),
        C("amount", "float", "Amount sold, yuan.", min=0, nullable=True, required=False, aliases=("金额",)),
    ),
    key=("lead_id",),
    foreign_keys=(
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("group_id", "wechat_groups", "group_id"),
        ForeignKey("assigned_to", "staff", "staff_id"),
    ),
    rules=(
        RowRule("contact_after_capture", ("captured_at", "first_contact_at"),
                "first_contact_at is before captured_at", _later("captured_at", "first_contact_at")),
        RowRule("closed_after_capture", ("captured_at", "closed_at"),
                "closed_at is before captured_at", _later("captured_at", "closed_at")),
        RowRule("closed_after_contact", ("first_contact_at", "closed_at"),
                "closed_at (the result) is before first_contact_at", _later("first_contact_at", "closed_at")),
        RowRule("closed_needs_time", ("outcome", "closed_at"),
                "outcome is won or lost but closed_at is empty",
                lambda df: (df["outcome"].isin(["won", "lost"]) & df["closed_at"].isna()).astype(bool)),
        RowRule("open_has_no_close", ("outcome", "closed_at"),
                "outcome is open but closed_at is filled in",
                lambda df: ((df["outcome"] == "open") & df["closed_at"].notna()).fillna(False).astype(bool)),
    ),
    person_data=True, aliases=("线索",), zh_name="线索",
))

_add(Table(
    "wechat_groups", "One row per WeChat group (微信群).",
    (
        C("group_id", "id", "Group id.", aliases=("群编号",)),
        C("branch_id", "id", "Branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("tier", "category", "mass (大众群), potential (潜在客户群) or elite (精英群).", allowed=TIERS,
          aliases=("群层级", "群类型")),
        C("owner_staff_id", "id", "Managing staff member (empty: not owned by the bank).", nullable=True,
          aliases=("群主", "群主员工编号")),
        C("created_at", "datetime", "Created.", aliases=("建群时间", "创建时间")),
        C("dissolved_at", "datetime", "Dissolved (解散), if so.", nullable=True, required=False,
          aliases=("解散时间",)),
        C("customers_only", "bool", "The group admits only bank customers (只限本行客户); empty when not recorded.",
          nullable=True, required=False, aliases=("只限本行客户", "仅限本行客户", "是否只限本行客户")),
    ),
    key=("group_id",),
    foreign_keys=(
        ForeignKey("branch_id", "branches", "branch_id"),
        ForeignKey("owner_staff_id", "staff", "staff_id"),
    ),
    rules=(RowRule("dissolved_after_created", ("created_at", "dissolved_at"),
                   "dissolved_at is before created_at", _later("created_at", "dissolved_at")),),
    aliases=("微信群", "群"), zh_name="微信群",
))

_add(Table(
    "group_members", "One row per membership spell (a person in a group from joined_at to left_at).",
    (
        C("group_id", "id", "Group.", aliases=("群编号",)),
        C("person_id", "id", "Member.", aliases=("客户编号",)),
        C("joined_at", "datetime", "Joined (入群时间).", aliases=("入群时间",)),
        C("left_at", "datetime", "Left (退群时间), if so.", nullable=True, required=False, aliases=("退群时间",)),
        C("from_group_id", "id", "Group they were pulled in from.", nullable=True, required=False,
          aliases=("来源群", "来源群编号")),
        C("join_channel", "category", "How the member came into the group (进群渠道): event_qr (活动二维码), "
          "outbound_call (外呼邀请), official_account (公众号菜单), mobile_banking (手机银行页面), member_referral "
          "(群成员推荐), owners_group (业主群), other; empty when not recorded (a member pulled in from another "
          "group has from_group_id instead).", allowed=JOIN_CHANNELS, nullable=True, required=False,
          aliases=("进群渠道", "入群渠道", "进群方式")),
        C("placement_id", "id", "Publicity placement that brought this first touch (宣传阵地, issue 16), if known.",
          nullable=True, required=False, aliases=("宣传阵地", "宣传编号")),
    ),
    foreign_keys=(
        ForeignKey("group_id", "wechat_groups", "group_id"),
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("from_group_id", "wechat_groups", "group_id"),
        ForeignKey("placement_id", "placements", "placement_id"),
    ),
    rules=(RowRule("left_after_joined", ("joined_at", "left_at"), "left_at is before joined_at",
                   _later("joined_at", "left_at")),),
    person_data=True, aliases=("群成员",), zh_name="群成员",
))

_add(Table(
    "group_messages", "One row per message, or per member, day and kind with a count.",
    (
        C("group_id", "id", "Group.", aliases=("群编号",)),
        C("person_id", "id", "Sender.", aliases=("客户编号", "发送人")),
        C("sent_at", "datetime", "Sent (or the day of a daily count).", aliases=("发送时间",)),
        C("kind", "category", "text, question, product_post, game or red_packet.", allowed=MESSAGE_KINDS,
          aliases=("消息类型",)),
        C("messages", "int", "Number of messages this row stands for (1 for a single message).", min=1,
          required=False, default=1, aliases=("消息数",)),
    ),
    foreign_keys=(ForeignKey("group_id", "wechat_groups", "group_id"),),
    person_data=True, aliases=("群消息",), zh_name="群消息",
))

_add(Table(
    "deals", "One row per closed sale (成交).",
    (
        C("deal_id", "id", "Deal id.", aliases=("成交编号", "交易编号")),
        C("person_id", "id", "Customer.", aliases=("客户编号",)),
        C("staff_id", "id", "Staff member credited.", aliases=("员工编号", "工号")),
        C("product", "str", "Product.", aliases=("产品",)),
        C("amount", "float", "Amount, yuan.", min=0, aliases=("金额", "成交金额")),
        C("closed_at", "datetime", "When the sale closed.", aliases=("成交时间",)),
        C("channel", "category", "offline or online.", allowed=DEAL_CHANNELS, aliases=("渠道", "成交渠道")),
        C("event_id", "id", "Event credited, if any.", nullable=True, required=False, aliases=("活动编号",)),
        C("group_id", "id", "WeChat group credited, if any.", nullable=True, required=False, aliases=("群编号",)),
    ),
    key=("deal_id",),
    foreign_keys=(
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("staff_id", "staff", "staff_id"),
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("group_id", "wechat_groups", "group_id"),
    ),
    person_data=True, aliases=("成交",), zh_name="成交",
))

_add(Table(
    "hook_campaigns", "One row per join-the-group incentive campaign (进群红包).",
    (
        C("campaign_id", "id", "Campaign id.", aliases=("活动编号", "红包活动编号")),
        C("branch_id", "id", "Branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("started_at", "datetime", "Start.", required=False, nullable=True, aliases=("开始时间",)),
        C("ended_at", "datetime", "End.", required=False, nullable=True, aliases=("结束时间",)),
        C("joined", "int", "People who joined the group.", min=0, aliases=("入群人数",)),
        C("claimed", "int", "People who claimed the reward.", min=0, aliases=("领取人数",)),
        C("reward_per_claim", "float", "Reward per claim, yuan (the nominal cost).", min=0,
          aliases=("单个红包金额", "红包金额")),
        C("spend", "float", "Total paid out, yuan.", min=0, aliases=("实际支出", "总支出")),
    ),
    key=("campaign_id",), foreign_keys=(ForeignKey("branch_id", "branches", "branch_id"),),
    rules=(RowRule("claimed_le_joined", ("joined", "claimed"), "more people claimed than joined",
                   lambda df: (df["claimed"] > df["joined"]).fillna(False).astype(bool)),),
    aliases=("进群红包",), zh_name="进群红包",
))

# --- reach tables (issue 12) ---
#: Kinds of account opened (开户类型).
ACCOUNT_KINDS = ("debit_card", "credit_card", "wealth", "payroll", "other")
#: How an account was won (开户渠道): at the counter, at an event, from a WeChat group, in a batch-acquisition
#: campaign, by a referral (老带新), through the smart-community (property-fee) platform, by payroll, online.
ACCOUNT_CHANNELS = ("counter", "event", "group", "campaign", "referral", "smart_community", "payroll", "online")
#: Kinds of partner merchant or organisation (合作商户): a business, never a person.
PARTNER_KINDS = ("counselling", "supermarket", "property_office", "fruit_seller", "beauty", "car_care", "education",
                 "club", "health", "florist", "tea_house", "fitness", "bakery", "employer", "other")
#: The merchant-alliance stages: screened (筛选), negotiating (洽谈), signed (签约), active (合作中), ended (终止).
PARTNER_STAGES = ("screened", "negotiating", "signed", "active", "ended")
#: Batch-acquisition scenarios (批量获客场景).
CAMPAIGN_SCENARIOS = ("smart_community", "payroll", "merchant_alliance", "opening", "living_payment", "join_hook",
                      "referral", "other")
#: Publicity placements of a community (issue 16 item 6, 社区宣传阵地): the WeChat owners' group or official
#: account post, a game, a QR code poster, the community forum, mailboxes, lift screens, car-park screens,
#: notice boards.
PLACEMENT_KINDS = ("wechat", "game", "qr_code", "forum", "mailbox", "lift_screen", "car_park_screen", "notice_board",
                   "other")


def _on_day_before(column: str, parent_column: str) -> Callable[[pd.DataFrame, pd.DataFrame], pd.Series]:
    """Cross rule: the row's ``column`` falls on a day before its parent's ``parent_column`` (dates compared, so
    that a core-system export with opening dates only does not trip on an event that starts later that day)."""

    def check(rows: pd.DataFrame, parents: pd.DataFrame) -> pd.Series:
        return (rows[column].dt.normalize() < parents[parent_column].dt.normalize()).fillna(False).astype(bool)

    return check


_add(Table(
    "partners", "One row per partner merchant or organisation of the merchant alliance (合作商户, 异业联盟): a business, "
    "never a person. Its stage follows the alliance: screened → negotiating → signed → active (events together) → ended.",
    (
        C("partner_id", "id", "Partner id (PT01 …), as events.partner_id.", aliases=("合作方编号", "合作商户编号", "商户编号")),
        C("branch_id", "id", "Branch that manages the partnership (empty: a partner of several branches).",
          nullable=True, aliases=("网点编号", "网点ID", "支行编号")),
        C("name", "str", "Name of the business (商户名称).", aliases=("商户名称", "合作方名称")),
        C("kind", "category", "Kind of business.", allowed=PARTNER_KINDS, aliases=("商户类型", "合作方类型", "行业")),
        C("stage", "category", "screened, negotiating, signed, active or ended.", allowed=PARTNER_STAGES,
          aliases=("合作阶段", "阶段", "合作状态")),
        C("signed_at", "datetime", "Signed (签约日期); empty before signing.", nullable=True, required=False,
          aliases=("签约日期", "签约时间")),
        C("ended_at", "datetime", "Partnership ended (终止日期), if so.", nullable=True, required=False,
          aliases=("终止日期", "结束合作日期")),
    ),
    key=("partner_id",), foreign_keys=(ForeignKey("branch_id", "branches", "branch_id"),),
    rules=(
        RowRule("ended_after_signed", ("signed_at", "ended_at"), "ended_at is before signed_at",
                _later("signed_at", "ended_at")),
        RowRule("signed_stage_has_date", ("stage", "signed_at"),
                "stage is signed, active or ended but signed_at is empty",
                lambda df: (df["stage"].isin(["signed", "active", "ended"]) & df["signed_at"].isna()).astype(bool)),
    ),
    aliases=("合作商户", "合作方", "异业联盟"), zh_name="合作商户",
))

_add(Table(
    "campaigns", "One row per batch-acquisition campaign (批量获客项目): smart community, payroll, merchant alliance, "
    "opening campaign, living-expense payment, join hook, referral. It generalizes hook_campaigns.",
    (
        C("campaign_id", "id", "Campaign id.", aliases=("项目编号", "获客项目编号")),
        C("branch_id", "id", "Branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("name", "str", "Name of the campaign.", nullable=True, required=False, aliases=("项目名称",)),
        C("scenario", "category", "The batch-acquisition scenario.", allowed=CAMPAIGN_SCENARIOS,
          aliases=("获客场景", "场景")),
        C("community_id", "id", "Community it targets (empty: several or none).", nullable=True, required=False,
          aliases=("小区编号", "社区编号")),
        C("partner_id", "id", "Partner it runs with, if one.", nullable=True, required=False,
          aliases=("合作方编号", "合作商户编号")),
        C("starts_at", "datetime", "First day.", aliases=("开始日期", "开始时间")),
        C("ends_at", "datetime", "Last day.", aliases=("结束日期", "结束时间")),
        C("budget", "float", "Budget, yuan.", min=0, aliases=("预算", "预算金额")),
        C("spend", "float", "Spent so far, yuan (empty: not known yet).", min=0, nullable=True, required=False,
          aliases=("实际花费", "实际支出")),
        C("expected_new_customers", "int", "New customers expected (预计新客户数).", min=0,
          aliases=("预计新客户数", "目标新客户数")),
        C("weekly_quota", "int", "Places (new accounts) planned per week (每周名额), if the campaign has a quota.",
          min=0, nullable=True, required=False, aliases=("每周名额", "周名额")),
    ),
    key=("campaign_id",),
    foreign_keys=(
        ForeignKey("branch_id", "branches", "branch_id"),
        ForeignKey("community_id", "communities", "community_id"),
        ForeignKey("partner_id", "partners", "partner_id"),
    ),
    rules=(RowRule("ends_after_start", ("starts_at", "ends_at"), "ends_at is before starts_at",
                   _later("starts_at", "ends_at")),),
    aliases=("批量获客", "获客项目"), zh_name="批量获客",
))

_add(Table(
    "placements", "One row per publicity placement in a community (社区宣传阵地, issue 16 item 6): a WeChat post, a "
    "game, a QR-code poster, a forum post, mailbox flyers, a lift or car-park screen, a notice board. A first touch "
    "it brought carries its placement_id (survey_responses, attendance, group_members).",
    (
        C("placement_id", "id", "Placement id.", aliases=("宣传编号", "阵地编号")),
        C("community_id", "id", "Community.", aliases=("小区编号", "社区编号")),
        C("kind", "category", "Kind of placement.", allowed=PLACEMENT_KINDS, aliases=("宣传方式", "阵地类型")),
        C("name", "str", "Where it is (e.g. 3号楼电梯屏).", nullable=True, required=False, aliases=("位置", "阵地名称")),
        C("starts_at", "datetime", "Put up.", aliases=("开始日期", "投放日期")),
        C("ends_at", "datetime", "Taken down, if so.", nullable=True, required=False, aliases=("结束日期",)),
        C("cost", "float", "Cost, yuan.", min=0, nullable=True, required=False, aliases=("费用", "投放费用")),
    ),
    key=("placement_id",), foreign_keys=(ForeignKey("community_id", "communities", "community_id"),),
    rules=(RowRule("ends_after_start", ("starts_at", "ends_at"), "ends_at is before starts_at",
                   _later("starts_at", "ends_at")),),
    aliases=("宣传阵地", "社区宣传"), zh_name="宣传阵地",
))

_add(Table(
    "accounts", "One row per account opened (开户) for a person the branch has met. The account by an internal id, "
    "never its card or account number; the person by person_id only.",
    (
        C("account_id", "id", "Internal id of the opening (never the card or account number).",
          aliases=("开户编号", "开户流水号")),
        C("person_id", "id", "Customer.", aliases=("客户编号",)),
        C("branch_id", "id", "Branch where it was opened.", aliases=("开户网点", "网点编号", "支行编号")),
        C("opened_at", "datetime", "Opened (开户日期; a date is enough).", aliases=("开户日期", "开户时间")),
        C("kind", "category", "debit_card, credit_card, wealth, payroll or other.", allowed=ACCOUNT_KINDS,
          aliases=("账户类型", "开户类型")),
        C("channel", "category", "How it was won: counter, event, group, campaign, referral, smart_community, payroll "
          "or online.", allowed=ACCOUNT_CHANNELS, aliases=("开户渠道", "获客渠道")),
        C("event_id", "id", "Event credited, if any.", nullable=True, required=False, aliases=("活动编号",)),
        C("campaign_id", "id", "Campaign credited, if any.", nullable=True, required=False,
          aliases=("项目编号", "获客项目编号")),
        C("partner_id", "id", "Partner merchant credited, if any.", nullable=True, required=False,
          aliases=("合作方编号", "合作商户编号")),
        C("staff_id", "id", "Staff member credited, if any.", nullable=True, required=False,
          aliases=("营销人员", "员工编号", "工号")),
        C("entry_id", "id", "Marketing entry point credited, if any.", nullable=True, required=False,
          aliases=("入口编号",)),
    ),
    key=("account_id",),
    foreign_keys=(
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("branch_id", "branches", "branch_id"),
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("campaign_id", "campaigns", "campaign_id"),
        ForeignKey("partner_id", "partners", "partner_id"),
        ForeignKey("staff_id", "staff", "staff_id"),
        ForeignKey("entry_id", "entry_points", "entry_id"),
    ),
    cross_rules=(
        CrossRule("opened_before_event", ("opened_at",), "event_id", "events", ("starts_at",),
                  "opened_at is on a day before its event (an account credited to an event is opened at or after it)",
                  _on_day_before("opened_at", "starts_at")),
        CrossRule("opened_before_campaign", ("opened_at",), "campaign_id", "campaigns", ("starts_at",),
                  "opened_at is on a day before its campaign starts", _on_day_before("opened_at", "starts_at")),
    ),
    person_data=True, aliases=("开户", "开户记录"), zh_name="开户",
))

_add(Table(
    "referrals", "One row per person referred by another (老带新, 转介绍): referral codes and points of campaigns, "
    "central figures (square-dance leader, building captain 楼栋长). Both by person_id only.",
    (
        C("referrer_id", "id", "Person who referred (推荐人).", aliases=("推荐人编号", "推荐人")),
        C("person_id", "id", "Person referred.", aliases=("被推荐人编号", "客户编号")),
        C("referred_at", "datetime", "When.", aliases=("推荐时间", "推荐日期")),
        C("campaign_id", "id", "Referral campaign, if any.", nullable=True, required=False,
          aliases=("项目编号", "获客项目编号")),
        C("points", "int", "Points credited to the referrer (积分).", min=0, nullable=True, required=False,
          aliases=("积分", "奖励积分")),
    ),
    key=("referrer_id", "person_id"),
    foreign_keys=(
        ForeignKey("referrer_id", "people", "person_id"),
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("campaign_id", "campaigns", "campaign_id"),
    ),
    rules=(RowRule("not_self_referral", ("referrer_id", "person_id"), "referrer_id is the person referred",
                   lambda df: (df["referrer_id"] == df["person_id"]).fillna(False).astype(bool)),),
    person_data=True, aliases=("转介绍", "老带新"), zh_name="转介绍",
))
# --- end of reach tables (issue 12) ---

# --- uplift tables (issue 13) ---
#: Value tiers of a customer by assets (客户价值分层): 高价值, 次价值, 潜在价值, 低价值 (thresholds in analysis.rules).
VALUE_TIERS = ("high", "second", "potential", "low")
CONTACT_CHANNELS = ("call", "visit", "wechat", "event", "branch")
CONTACT_PURPOSES = ("maintenance", "maturity", "outflow", "care", "sales")
#: The four principles of allocating customers to managers (分户): 熟悉程度, 战区管户, 行业分户, 关系分户.
ALLOCATION_PRINCIPLES = ("familiarity", "territory", "industry", "relationship")


def _overlapping_assignments(df: pd.DataFrame) -> pd.Series:
    """Rows whose assignment overlaps another of the same customer (two managers at once), both rows flagged.

    Spells of one customer are sorted by ``assigned_at``; a spell starting before the latest end of the spells
    before it (an empty ``ended_at`` = still running) overlaps. A handover at the same moment
    (``ended_at`` = next ``assigned_at``) is not an overlap.
    """
    d = pd.DataFrame({"p": df["person_id"].astype("string"), "a": df["assigned_at"],
                      "e": df["ended_at"].fillna(LATEST_TIME)}, index=df.index)
    d = d.assign(_pos=range(len(d))).sort_values(["p", "a"], kind="stable")
    prev_end = d.groupby("p", sort=False)["e"].cummax().groupby(d["p"], sort=False).shift(1)
    later = (d["a"] < prev_end).fillna(False).astype(bool)
    earlier = later.groupby(d["p"], sort=False).shift(-1).fillna(False).astype(bool)
    return (later | earlier).reindex(df.index).fillna(False).astype(bool)


_add(Table(
    "customer_assets", "One row per customer and month-end snapshot of their assets at the bank (月末资产快照), "
    "from the core-system extract. The customer by person_id only.",
    (
        C("person_id", "id", "Customer.", aliases=("客户编号", "客户号")),
        C("as_of", "datetime", "Snapshot date (the month's last day).", aliases=("统计日期", "数据日期", "快照日期")),
        C("aum", "float", "Assets under management at the bank (资产余额, AUM), yuan.", min=0,
          aliases=("资产余额", "AUM", "金融资产", "管理资产", "月末资产")),
        C("deposits", "float", "Deposits (存款), yuan.", min=0, aliases=("存款", "存款余额")),
        C("investments", "float", "Wealth and investment products (理财), yuan.", min=0,
          aliases=("理财", "理财余额", "投资余额")),
        C("loans", "float", "Loans outstanding (贷款), yuan; not part of the AUM.", min=0, required=False,
          nullable=True, aliases=("贷款", "贷款余额")),
    ),
    key=("person_id", "as_of"), foreign_keys=(ForeignKey("person_id", "people", "person_id"),),
    person_data=True, aliases=("客户资产", "资产快照"), zh_name="客户资产",
))

_add(Table(
    "holdings", "One row per product a customer holds (持有产品): what matures when triggers the maturity "
    "maintenance (产品到期维护).",
    (
        C("holding_id", "id", "Holding id.", aliases=("持仓编号", "产品持有编号")),
        C("person_id", "id", "Customer.", aliases=("客户编号", "客户号")),
        C("product", "str", "Product (产品).", aliases=("产品", "产品名称")),
        C("amount", "float", "Amount held, yuan.", min=0, aliases=("持有金额", "金额")),
        C("starts_at", "datetime", "Bought or value date (起息日).", aliases=("起息日", "购买日期", "购买时间")),
        C("matures_at", "datetime", "Maturity (到期日); empty for an open-ended product.", nullable=True,
          aliases=("到期日", "到期时间")),
    ),
    key=("holding_id",), foreign_keys=(ForeignKey("person_id", "people", "person_id"),),
    rules=(RowRule("matures_after_start", ("starts_at", "matures_at"), "matures_at is before starts_at",
                   _later("starts_at", "matures_at")),),
    person_data=True, aliases=("持有产品", "产品持有"), zh_name="持有产品",
))

_add(Table(
    "assignments", "One row per spell of a customer allocated to a manager (分户管户): one manager at a time.",
    (
        C("person_id", "id", "Customer.", aliases=("客户编号", "客户号")),
        C("staff_id", "id", "Manager in charge (管户经理).", aliases=("管户经理", "员工编号", "工号")),
        C("assigned_at", "datetime", "Allocated (分户时间).", aliases=("分户时间", "分配时间")),
        C("ended_at", "datetime", "Allocation ended (移交时间), if so.", nullable=True, required=False,
          aliases=("移交时间", "结束时间")),
        C("principle", "category", "familiarity (熟悉程度), territory (战区管户), industry (行业分户) or "
          "relationship (关系分户).", allowed=ALLOCATION_PRINCIPLES, aliases=("分户原则", "分户方式")),
    ),
    foreign_keys=(
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("staff_id", "staff", "staff_id"),
    ),
    rules=(
        RowRule("ended_after_assigned", ("assigned_at", "ended_at"), "ended_at is before assigned_at",
                _later("assigned_at", "ended_at")),
        RowRule("one_manager_at_a_time", ("person_id", "ended_at", "assigned_at"),
                "the customer's assignment overlaps another one (two managers at the same time)",
                _overlapping_assignments),
    ),
    person_data=True, aliases=("分户", "管户"), zh_name="分户",
))

_add(Table(
    "contacts", "One row per touch of a customer by staff (客户联系记录): calls, visits, WeChat, events, at the branch.",
    (
        C("person_id", "id", "Customer.", aliases=("客户编号", "客户号")),
        C("staff_id", "id", "Staff member who made the contact.", aliases=("联系人", "员工编号", "工号")),
        C("contacted_at", "datetime", "When.", aliases=("联系时间", "维护时间")),
        C("channel", "category", "call, visit, wechat, event or branch.", allowed=CONTACT_CHANNELS,
          aliases=("联系方式", "渠道")),
        C("purpose", "category", "maintenance (日常维护), maturity (到期维护), outflow (大额变动维护), care (尊享关怀) "
          "or sales (营销).", allowed=CONTACT_PURPOSES, aliases=("联系目的", "维护类型")),
    ),
    foreign_keys=(
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("staff_id", "staff", "staff_id"),
    ),
    person_data=True, aliases=("客户联系", "联系记录"), zh_name="客户联系",
))
# --- end of uplift tables (issue 13) ---

# --- WeCom daily statistics (issue 15) ---
_add(Table(
    "group_daily_stats", "One row per day (and group owner) of WeCom's customer-group statistics (群聊数据统计, "
    "externalcontact/groupchat/statistic[_group_by_day]): the daily counts WeCom keeps when message-level data are "
    "not available.",
    (
        C("branch_id", "id", "Branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("owner_staff_id", "id", "Group owner (群主) the counts are for; empty: every owner of the export together.",
          nullable=True, aliases=("群主", "群主员工编号")),
        C("day", "datetime", "The day (00:00 local time) the counts are for (stat_time).", aliases=("日期", "统计日期")),
        C("new_chat_cnt", "int", "Groups created that day (新增客户群数量).", min=0, aliases=("新增客户群数量",)),
        C("chat_total", "int", "Groups in total (截至当天客户群总数量).", min=0, aliases=("客户群总数量",)),
        C("chat_has_msg", "int", "Groups with a message that day (有发过消息的客户群数量).", min=0,
          aliases=("有发过消息的客户群数量",)),
        C("new_member_cnt", "int", "Members who joined that day (客户群新增群人数).", min=0, aliases=("客户群新增群人数",)),
        C("member_total", "int", "Members in total (截至当天客户群总人数).", min=0, aliases=("客户群总人数",)),
        C("member_has_msg", "int", "Members who sent a message that day (有发过消息的群成员数).", min=0,
          aliases=("有发过消息的群成员数",)),
        C("msg_total", "int", "Messages sent that day (客户群消息总数).", min=0, aliases=("客户群消息总数",)),
    ),
    key=("branch_id", "owner_staff_id", "day"),
    foreign_keys=(ForeignKey("branch_id", "branches", "branch_id"), ForeignKey("owner_staff_id", "staff", "staff_id")),
    rules=(RowRule("active_le_members", ("member_has_msg", "member_total"), "more members sent a message than "
                   "the groups have", lambda df: (df["member_has_msg"] > df["member_total"]).fillna(False).astype(bool)),
           RowRule("active_groups_le_groups", ("chat_has_msg", "chat_total"), "more groups had a message than there "
                   "are groups", lambda df: (df["chat_has_msg"] > df["chat_total"]).fillna(False).astype(bool))),
    aliases=("群聊数据统计", "群日统计"), zh_name="群聊数据统计",
))

_add(Table(
    "event_actuals", "One row per result of an event as its evaluation form (活动评估表) reports it: the actual of a "
    "SMART metric (per role when given) and the event's score (metric evaluation_score).",
    (
        C("event_id", "id", "Event.", aliases=("活动编号",)),
        C("metric", "category", "What is measured (as in event_targets).", allowed=TARGET_METRICS, aliases=("指标",)),
        C("actual", "float", "The value reported on the form.", min=0, aliases=("实际", "实际值")),
        C("role", "category", "Role the value is for (empty: the whole event).", allowed=ROLES,
          nullable=True, required=False, aliases=("岗位", "角色")),
    ),
    key=("event_id", "metric", "role"),
    foreign_keys=(ForeignKey("event_id", "events", "event_id"),),
    aliases=("活动评估", "活动实际"), zh_name="活动评估",
))
# --- end of WeCom daily statistics (issue 15) ---

# ---------------------------------------------------------------------------
# Alias maps (the one place where Chinese headers and values are translated)
# ---------------------------------------------------------------------------


def _column_aliases() -> dict[str, dict[str, str]]:
    """Per table: header as exported → English column name (English names map to themselves)."""
    out: dict[str, dict[str, str]] = {}
    for t in TABLES.values():
        m: dict[str, str] = {}
        for c in t.columns:
            m[c.name] = c.name
            for a in c.aliases:
                m[a] = c.name
        out[t.name] = m
    return out


#: Per table, every accepted header → English column name, e.g.
#: ``COLUMN_ALIASES["attendance"]["到场时间"] == "arrived_at"``.
COLUMN_ALIASES: dict[str, dict[str, str]] = _column_aliases()

#: File stem (Chinese or English) → table name, e.g. ``签到.csv`` → ``attendance``.
TABLE_ALIASES: dict[str, str] = {
    **{t.name: t.name for t in TABLES.values()},
    **{a: t.name for t in TABLES.values() for a in t.aliases},
}

#: Chinese labels accepted for category values, by column name.
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "role": {"行长": "branch_head", "网点负责人": "branch_head", "网点主任": "branch_head",
             "运营主管": "ops_supervisor", "理财经理": "wealth_manager", "大堂经理": "lobby_manager",
             "柜员": "teller", "客户经理": "account_manager",
             "引客人": "greeter", "接待": "receiver", "氛围": "atmosphere", "楼栋长": "captain", "主持": "host"},
    "segment": {"代发工资": "payroll", "工薪": "payroll", "退休": "retiree", "个体工商户": "business_owner",
                "企业主": "business_owner", "专业人士": "professional", "全职主妇": "homemaker",
                "家庭主妇": "homemaker", "学生": "student", "其他": "other"},
    "gender": {"女": "female", "男": "male", "F": "female", "M": "male"},
    "kind": {"驻点": "booth", "沙龙": "salon", "客户沙龙": "salon", "社区活动": "activity", "活动": "activity",
             "单选": "single", "多选": "multi", "量表": "scale", "填空": "open", "排序": "rank",
             "文字": "text", "提问": "question", "产品": "product_post", "产品推送": "product_post",
             "游戏": "game", "红包": "red_packet",
             "超市": "supermarket", "会所": "club", "美容": "beauty", "洗衣": "laundry", "洗车": "car_care",
             "活动中心": "activity_center", "物业": "property_office", "学校": "school", "药店": "pharmacy",
             "餐饮": "restaurant"},
    "channel": {"线下": "offline", "线上": "online", "驻点": "booth", "沙龙": "salon", "社区活动": "activity",
                "网络": "online", "问卷星": "online", "微信": "wechat", "上门": "door_to_door", "其他": "other"},
    "inviter_kind": {"员工": "staff", "合作方": "partner", "客户": "guest"},
    "source": {"员工邀约": "staff_invite", "合作方邀约": "partner_invite", "带客": "brought_along",
               "老带新": "brought_along", "自然到访": "walk_in", "路过": "walk_in"},
    "outcome": {"成交": "won", "已成交": "won", "未成交": "lost", "流失": "lost", "跟进中": "open"},
    "join_channel": {"活动二维码": "event_qr", "扫码": "event_qr", "外呼": "outbound_call", "外呼邀请": "outbound_call",
                     "电话邀请": "outbound_call", "公众号": "official_account", "公众号菜单": "official_account",
                     "手机银行": "mobile_banking", "手机银行页面": "mobile_banking", "成员推荐": "member_referral",
                     "群成员推荐": "member_referral", "老带新": "member_referral", "业主群": "owners_group",
                     "其他": "other"},
    "tier": {"大众群": "mass", "大众客户群": "mass", "潜在客户群": "potential", "潜客群": "potential",
             "精英群": "elite", "精英客户群": "elite"},
    "metric": {"到场人数": "attendees", "陌生客户数": "strangers", "陌生客户占比": "stranger_ratio",
               "邀约人数": "invitations", "线索数": "leads", "成交笔数": "deals", "成交金额": "sales_amount",
               "新客户数": "new_customers", "入群人数": "wechat_joins", "问卷数": "survey_responses",
               "活动评分": "evaluation_score"},
}
# uplift (issue 13): contact channels and purposes, allocation principles (codes not used by other columns)
VALUE_ALIASES["channel"] = {**VALUE_ALIASES["channel"], "电话": "call", "拜访": "visit", "面访": "visit",
                            "网点": "branch", "到店": "branch", "厅堂": "branch"}
VALUE_ALIASES["purpose"] = {"日常维护": "maintenance", "维护": "maintenance", "到期维护": "maturity",
                            "产品到期": "maturity", "大额变动": "outflow", "大额变动维护": "outflow",
                            "尊享关怀": "care", "关怀": "care", "营销": "sales"}
VALUE_ALIASES["principle"] = {"熟悉程度": "familiarity", "熟悉": "familiarity", "战区管户": "territory",
                              "战区": "territory", "行业分户": "industry", "行业": "industry",
                              "关系分户": "relationship", "关系": "relationship"}
# reach (issue 12): account kinds and channels, partner kinds and stages, scenarios, placements
VALUE_ALIASES["kind"] = {**VALUE_ALIASES["kind"], "借记卡": "debit_card", "信用卡": "credit_card", "理财账户": "wealth",
                         "工资卡": "payroll", "心理咨询": "counselling", "水果店": "fruit_seller",
                         "水果商户": "fruit_seller", "教育": "education", "养生": "health", "花艺": "florist",
                         "茶馆": "tea_house", "健身": "fitness", "烘焙": "bakery", "代发单位": "employer",
                         "二维码": "qr_code", "论坛": "forum", "信箱": "mailbox", "电梯屏": "lift_screen",
                         "车库屏": "car_park_screen", "公告栏": "notice_board", "微信推文": "wechat"}
VALUE_ALIASES["channel"] = {**VALUE_ALIASES["channel"], "柜面": "counter", "柜台": "counter", "活动开户": "event",
                            "微信群": "group", "批量获客": "campaign", "转介绍": "referral", "老带新": "referral",
                            "智慧社区": "smart_community", "代发": "payroll", "代发工资": "payroll"}
VALUE_ALIASES["stage"] = {"筛选": "screened", "洽谈": "negotiating", "签约": "signed", "已签约": "signed",
                          "合作中": "active", "运行": "active", "终止": "ended", "已终止": "ended"}
VALUE_ALIASES["scenario"] = {"智慧社区": "smart_community", "代发工资": "payroll", "代发": "payroll",
                             "商户联盟": "merchant_alliance", "异业联盟": "merchant_alliance", "开业": "opening",
                             "开业活动": "opening", "生活缴费": "living_payment", "进群红包": "join_hook",
                             "老带新": "referral", "转介绍": "referral", "其他": "other"}

#: Text → boolean for bool columns (compared after stripping and lower-casing).
BOOL_VALUES: dict[str, bool] = {
    "是": True, "否": False, "y": True, "n": False, "yes": True, "no": False,
    "true": True, "false": False, "1": True, "0": False, "1.0": True, "0.0": False,
    "对": True, "错": False, "有": True, "无": False, "t": True, "f": False,
}

#: Headers that hold personal data. A table about people that carries one of
#: these is refused: the importers turn names and phones into a hashed person_id.
PERSONAL_DATA_COLUMNS: tuple[str, ...] = (
    "name", "full_name", "phone", "mobile", "telephone", "id_number", "id_card", "wechat_id", "address",
    "姓名", "名字", "客户姓名", "手机", "手机号", "手机号码", "电话", "联系电话", "联系方式",
    "身份证", "身份证号", "身份证号码", "微信号", "住址", "家庭住址",
)


def get_table(name: str) -> Table:
    """The :class:`Table` called ``name`` (English or a Chinese alias)."""
    from analysis.errors import ParameterError

    key = TABLE_ALIASES.get(name)
    if key is None:
        raise ParameterError(f"unknown table {name!r}; the data contract has: {', '.join(TABLES)}")
    return TABLES[key]


def empty_frame(table: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of ``table``."""
    t = get_table(table)
    return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype) for c in t.columns})


def contract_markdown() -> str:
    """The data contract as Markdown (one section per table), generated from the schemas."""
    lines = ["# Data contract", "",
             "Generated from `analysis.schemas` (`python -m analysis contract`). One file per table: "
             "`<table>.csv`, `.parquet` or `.xlsx`; the Chinese file names and headers listed are accepted too.", "",
             "## Rules for every table", "",
             "How values are read and what is refused (the rule names appear in `python -m analysis validate`; "
             "details in `analysis.io`):", "",
             "- **Times** are the branch's local wall-clock time (Asia/Shanghai). A value with a UTC offset "
             "(`+08:00`, `Z`) is converted to it and stored without the offset; a column mixing forms (different "
             "offsets, or with and without one) is refused in the rows not in its most common form "
             "(`mixed_offsets`). Year first (`2026-09-03`, `2026/9/3 14:05`, `2026年9月3日`) is read as year, month, "
             "day; a year last (`03/09/2026`) is refused (`ambiguous_date`) unless `--date-order DMY` or `MDY` "
             f"(`load_dataset(..., date_order=...)`) says which. Every time must lie between "
             f"{EARLIEST_TIME:%Y-%m-%d} and {LATEST_TIME:%Y-%m-%d} (`date_range`).",
             "- **Numbers** use a period for decimals. `1,060` and `12,345.5` (groups of three) are read as "
             "thousands only when no value of the column has a decimal comma; `1,5` and `1.060,5` are refused "
             "(`decimal_comma`, and then every comma-grouped value of the column too). `inf`/`nan` are refused "
             "(`non_finite`); whole numbers are read exactly and refused beyond 64 bits (`overflow`).",
             "- **Personal data**: a header such as 电话号码, 手机, 联系电话, 邮箱, e-mail, 姓名, 身份证, 银行卡 that is not a "
             "column below is refused in any table (`personal_data_column`); a value of an id or text column "
             "holding a mobile or landline number, an 18-digit ID number (valid check digit), an e-mail address "
             "or a bank card number (Luhn) is refused (`personal_data`). Values shown in messages are masked "
             "(`138****8000`).",
             "- **Files**: a row with more fields than the header (a trailing comma) is refused (`extra_fields`); "
             "a workbook is read from the sheet named as the table (else the first); other sheets are listed, and "
             "a second sheet with the same columns is refused (`several_sheets`).", ""]
    for t in TABLES.values():
        need = "required" if t.required else "optional"
        lines += [f"## {t.name} ({t.zh_name}, {need})", "", t.description, ""]
        if t.key:
            lines.append(f"Key: {', '.join(t.key)}.  ")
        if t.foreign_keys:
            lines.append("References: " + ", ".join(f"{f.column} → {f.ref_table}.{f.ref_column}"
                                                    for f in t.foreign_keys) + ".  ")
        for r in t.rules:
            lines.append(f"Rule `{r.name}`: rejected when {r.description}.  ")
        for r in t.cross_rules:
            lines.append(f"Rule `{r.name}` (with {r.parent}): rejected when {r.description}.  ")
        lines += ["", "| column | type | required | empty allowed | allowed values / range | Chinese headers | meaning |",
                  "|---|---|---|---|---|---|---|"]
        for c in t.columns:
            rng = ", ".join(c.allowed) if c.allowed else ""
            if c.min is not None or c.max is not None:
                rng = f"{'' if c.min is None else c.min} … {'' if c.max is None else c.max}"
            lines.append(f"| {c.name} | {c.kind} | {'yes' if c.required else 'no'} | "
                         f"{'yes' if c.nullable else 'no'} | {rng} | {', '.join(c.aliases)} | {c.description} |")
        lines.append("")
    return "\n".join(lines)
