"""Salons, booths and community activities (沙龙与驻点): who came, how, and what it brought.

A branch's events exist to meet people who are not yet customers and turn them
into customers. This module measures that on the tables of the data contract
(``events``, ``event_targets``, ``invitations``, ``attendance``, ``staff``,
``leads``, ``deals`` and, when present, ``survey_responses`` and
``group_members``):

- the stranger-customer ratio (陌生客户占比) per event, source or inviter with its
  Wilson interval against the branch standard (70%), compared across events and
  months and modelled on event attributes (:func:`stranger_ratio`,
  :func:`compare_events`, :func:`compare_with_previous`,
  :func:`monthly_stranger_ratio`, :func:`stranger_model`);
- invited vs attended by source, show-up rate, attendance over plan, gender
  split and walk-ins (:func:`attendance_summary`, :func:`headline`);
- the invitation chain staff → invitee → brought-along guest, the branch rule
  "every eligible staff member invites exactly one customer, every invitee
  brings at least one more", the multiplier and a planner for the next event
  (:func:`attendance_chain`, :func:`invitation_chain`, :func:`chain_summary`,
  :func:`chain_rates`, :func:`plan_event`);
- the arrival flow: arrivals per quarter hour, gaps of 10 minutes and more,
  duration against the 1.5-hour practice (:func:`arrivals_by_quarter`,
  :func:`arrival_gaps`, :func:`arrival_flow`, :func:`arrival_timeline`);
- the SMART scorecard, target steps, costs and sales within 72 hours
  (:func:`scorecard`, :func:`event_score`, :func:`target_steps`,
  :func:`event_costs`, :func:`sales_after_event`);
- what to change next time (:func:`recommendations`) and the data findings of
  this domain (:func:`event_findings`); :func:`select_event` picks one event's
  rows for a report.

Every function is pure: tidy DataFrames and plain parameters in, a tidy
DataFrame with a plain RangeIndex out (:func:`select_event` and
:func:`timeline_marks` return dicts for the notebooks); counts are int64,
every estimated rate comes with ``rate``, ``ci_low``, ``ci_high`` and its
denominator, and nothing is rounded. Intervals and tests come from
:mod:`analysis.stats`.

Counting rules shared by every function:

- **One check-in per person and event.** Duplicate check-ins of one person at
  one event (signed in twice) count once, with the earliest arrival.
- **Stranger** (陌生客户): an attendee who was not a bank customer at the event
  (``attendance.is_bank_customer`` is False).
- **How someone came** is read from the invitation record: an attendee holding
  a staff (partner) invitation to the event came by ``staff_invite``
  (``partner_invite``); one recorded as ``brought_along``, or invited by a
  guest, was brought along by a host; everyone else — including an attendee
  recorded as invited who is missing from the invitations — is a ``walk_in``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis import stats
from analysis._checks import by_columns, check_level, data_error
from analysis._checks import require_frame as _frame, show as _show
from analysis.errors import DataError, ParameterError
from analysis.schemas import ATTENDANCE_SOURCES, ROLES

__all__ = [
    "ZH",
    "ELIGIBLE_ROLES",
    "PRACTICE_MINUTES",
    "select_event",
    "stranger_ratio",
    "attendance_chain",
    "compare_events",
    "compare_with_previous",
    "monthly_stranger_ratio",
    "stranger_model",
    "attendance_summary",
    "headline",
    "headline_text",
    "invitation_chain",
    "chain_summary",
    "chain_rates",
    "plan_event",
    "arrivals_by_quarter",
    "arrival_gaps",
    "arrival_flow",
    "arrival_timeline",
    "timeline_marks",
    "scorecard",
    "event_score",
    "target_steps",
    "event_costs",
    "sales_after_event",
    "recommendations",
    "event_findings",
]

#: Roles that invite customers to events (branch head and operations supervisor do not).
ELIGIBLE_ROLES: tuple[str, ...] = tuple(r for r in ROLES if r not in ("branch_head", "ops_supervisor"))
#: The event practice: an event lasts about 1.5 hours.
PRACTICE_MINUTES = 90
#: The chain kinds: whose invitation an attendee's presence goes back to.
CHAIN_KINDS = ("staff", "partner", "walk_in", "unattributed")
#: Terms :func:`stranger_model` knows how to build from the events table.
MODEL_TERMS = ("partner", "kind", "theme", "weekday", "weekend", "hour")

_MAX_DEPTH = 6  # guests of guests of ... followed this far up the chain
_SOURCE_OF_KIND = {"staff": "staff_invite", "partner": "partner_invite", "guest": "brought_along"}
_KIND_RANK = {"staff": 0, "partner": 1, "guest": 2}

#: Chinese labels of this domain's columns and codes (pass as ``extra=`` to :func:`analysis.labels.localize`).
ZH: dict[str, str] = {
    # columns
    "attendees": "到场人数", "strangers": "陌生客户", "below_standard": "低于标准", "invited": "邀约人数",
    "showed_up": "受邀到场", "arrived": "到场人数", "women": "女", "men": "男", "gender_unknown": "性别未知",
    "planned_invites": "计划邀约", "over_plan": "到场/计划", "walk_ins": "自然到访", "derived_source": "来源",
    "event_label": "活动", "invitations": "邀约数", "invitees_came": "受邀到场", "guests_brought": "带来客人",
    "invitees_alone": "独自到场", "invite_check": "邀约规则", "bring_check": "带客规则", "eligible": "可邀约",
    "role": "岗位", "staff_invitations": "员工邀约", "staff_invitees_came": "员工邀约到场",
    "staff_guests": "员工邀约带客", "partner_invitations": "合作方邀约", "partner_invitees_came": "合作方邀约到场",
    "partner_guests": "合作方邀约带客", "walk_in_guests": "自然到访带客", "unattributed": "无法归属",
    "multiplier": "倍增系数", "staff_multiplier": "员工链倍增", "partner_multiplier": "合作方链倍增",
    "chain_kind": "链条来源", "chain_inviter": "源头邀约人", "events": "活动场数", "came": "到场",
    "guests": "带来客人", "guests_per_attendee": "人均带客", "stranger_rate": "陌生客户占比",
    "head_strangers": "受邀者中陌生客户", "guest_strangers": "客人中陌生客户", "measure": "指标",
    "estimate": "估计值", "reaches_standard": "达到标准的概率", "note": "说明", "quarter": "时段（15分钟）",
    "arrivals": "到场人次", "minutes_from_start": "距开始（分钟）", "gap_start": "间隔开始", "gap_end": "间隔结束",
    "minutes": "间隔（分钟）", "position": "位置", "duration_minutes": "实际时长（分钟）",
    "practice_minutes": "惯例时长（分钟）", "over_practice_minutes": "超出惯例（分钟）",
    "first_arrival": "首位到场", "last_arrival": "末位到场", "arrival_span_minutes": "到场跨度（分钟）",
    "busiest_quarter": "最忙时段", "busiest_arrivals": "最忙时段人次", "long_gaps": "长间隔次数",
    "longest_gap_minutes": "最长间隔（分钟）", "metric": "指标", "target": "目标", "actual": "实际",
    "attainment": "达成率", "passed": "达标", "targets": "目标数", "measured": "可评估", "met": "达标数",
    "score": "得分", "pass_mark": "及格线", "previous_event_id": "上一场可比活动", "previous_target": "上次目标",
    "previous_actual": "上次实际", "step": "目标增幅", "unrealistic": "增幅过大", "cost": "费用(元)",
    "cost_per_attendee": "每位到场成本", "cost_per_stranger": "每位陌生客户成本", "cost_per_lead": "每条线索成本",
    "cost_per_new_customer": "每位新客户成本", "new_customers": "新客户", "leads": "线索",
    "customer": "客户类型", "buyers": "成交人数", "deals": "成交笔数", "amount": "成交金额(元)",
    "area": "方面", "finding": "发现", "action": "下次怎么做", "priority": "优先级", "check": "检查项",
    "n_rows": "行数", "examples": "示例", "month": "月份", "event_id1": "活动A", "event_id2": "活动B",
    "strangers1": "A陌生客户", "attendees1": "A到场", "rate1": "A占比", "strangers2": "B陌生客户",
    "attendees2": "B到场", "rate2": "B占比", "method": "方法", "variable": "变量", "std_error": "标准误",
    "lane": "分组", "clock": "到场时间", "sales_amount": "成交金额", "deals_72h": "72小时成交笔数",
    "sales_72h": "72小时成交金额(元)", "host_id": "带客人", "host_attended": "带客人到场", "inviter_kind": "邀约人类型",
    "inviter_id": "邀约人",
    # codes
    "all": "合计", "stranger": "陌生客户", "existing": "老客户", "staff": "员工", "partner": "合作方",
    "guest": "客户", "ok": "符合", "none": "未邀约", "more": "多于规定", "fewer": "少于规定",
    "not_checked": "不适用", "excluded": "不参与（行长/运营主管）", "came_alone": "有人未带客",
    "no_invitee_came": "受邀者未到", "no_invitation": "无邀约", "between": "两次到场之间",
    "before_first": "开始到首位到场", "after_last": "末位到场到结束", "reaches_standard_p": "达到标准的概率",
    "invitations_metric": "邀约数", "survey_responses": "问卷数", "wechat_joins": "入群人数",
    "evaluation_score": "活动评分", "stranger_ratio": "陌生客户占比", "flow": "客流", "duration": "时长",
    "chain": "邀约链", "show_up": "到场率", "plan": "计划", "target_step": "目标设定", "sales": "72小时成交",
    "keep": "保持", "duplicate_checkins": "重复签到", "source_without_invitation": "登记为邀约但无邀约记录",
    "source_differs": "登记来源与邀约记录不一致", "host_absent": "带客人本人未签到",
    "brought_without_host": "带客未登记带客人", "no_attendees": "活动无人签到",
    "attendance_unknown_event": "签到的活动不在活动表", "partner_present": "有合作方", "weekend": "周末",
    "hour": "开始时刻", "weekday": "星期", "theme": "主题", "kind": "类型", "Intercept": "截距",
    "branch_head": "行长", "ops_supervisor": "运营主管", "wealth_manager": "理财经理", "lobby_manager": "大堂经理",
    "teller": "柜员", "account_manager": "客户经理", "n_sims": "模拟次数", "partner_id": "合作方", "True": "是", "False": "否",
    "C(kind)[T.booth]": "类型：驻点（对照：社区活动）", "C(kind)[T.salon]": "类型：沙龙（对照：社区活动）",
    "C(kind)[T.activity]": "类型：社区活动",
}


# ---------------------------------------------------------------------------
# validation and small helpers
# ---------------------------------------------------------------------------


def _data_error(func: str, table: str, column: str, rule: str, mask, detail: str) -> DataError:
    """A DataError naming table, column, rule and the first offending rows (1 = first data row)."""
    rows = (np.flatnonzero(np.asarray(mask, dtype=bool)) + 1).tolist()
    return data_error(func, table, column, rule, rows, len(rows), detail)


def _no_nulls(df: pd.DataFrame, table: str, columns: Sequence[str], func: str) -> None:
    for c in columns:
        bad = df[c].isna().to_numpy()
        if bad.any():
            raise _data_error(func, table, c, "not_null", bad, f"{c} is empty in {int(bad.sum())} row(s)")


def _ids(s: pd.Series) -> pd.Series:
    return s.astype("string")


def _bool(s: pd.Series, table: str, column: str, func: str) -> pd.Series:
    """A boolean column as numpy bool; missing or non-boolean values raise DataError."""
    if pd.api.types.is_bool_dtype(s):
        bad = s.isna().to_numpy()
        if bad.any():
            raise _data_error(func, table, column, "not_null", bad,
                              f"{column} is empty; every attendee must be marked customer (True) or not (False)")
        return s.astype(bool)
    bad = (s.isna() | ~s.isin([True, False])).to_numpy(dtype=bool)
    if bad.any():
        raise _data_error(func, table, column, "boolean", bad,
                          f"{column} must hold True/False (是/否 in files, converted by load_dataset)")
    return s.astype(bool)


def _check_fraction(value, name: str, func: str, closed: bool = False) -> float:
    ok = isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_))
    if ok:
        value = float(value)
        ok = (0.0 <= value <= 1.0) if closed else (0.0 < value < 1.0)
    if not ok:
        raise ParameterError(f"{func}: {name} must be a number between 0 and 1 (e.g. 0.70), got {value!r}.")
    return value


def _check_number(value, name: str, func: str, minimum: float = 0.0) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)) or not np.isfinite(value) \
            or value < minimum:
        raise ParameterError(f"{func}: {name} must be a number >= {minimum:g}, got {value!r}.")
    return float(value)


def _check_count(value, name: str, func: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer, float)) \
            or not np.isfinite(value) or value < 0 or float(value) != int(value):
        raise ParameterError(f"{func}: {name} must be a whole number >= 0, got {value!r}.")
    return int(value)


def _checkins(attendance, func: str) -> pd.DataFrame:
    """Validated attendance, one row per (event_id, person_id), earliest arrival kept.

    Adds ``stranger`` (int64 0/1). Optional columns absent from the input are added empty.
    """
    att = _frame(attendance, "attendance", ("event_id", "person_id", "is_bank_customer"), func)
    _no_nulls(att, "attendance", ("event_id", "person_id"), func)
    customer = _bool(att["is_bank_customer"], "attendance", "is_bank_customer", func)
    extra = {}
    for c, dtype in (("arrived_at", "datetime64[ns]"), ("brought_by", "string"), ("gender", "string"),
                     ("source", "string")):
        if c not in att.columns:
            extra[c] = pd.Series(pd.NA if dtype == "string" else pd.NaT, index=att.index, dtype=dtype)
    out = att.assign(event_id=_ids(att["event_id"]), person_id=_ids(att["person_id"]),
                     is_bank_customer=customer, stranger=(~customer).astype(np.int64), **extra)
    out = out.assign(_row=np.arange(len(out)))
    out = (out.sort_values(["event_id", "person_id", "arrived_at", "_row"], na_position="last", kind="stable")
              .drop_duplicates(["event_id", "person_id"], keep="first")
              .sort_values(["event_id", "arrived_at", "_row"], na_position="last", kind="stable")
              .drop(columns="_row").reset_index(drop=True))
    return out


def _invitations(invitations, func: str) -> pd.DataFrame:
    inv = _frame(invitations, "invitations", ("event_id", "inviter_kind", "inviter_id", "person_id"), func)
    _no_nulls(inv, "invitations", ("event_id", "inviter_kind", "person_id"), func)
    kind = inv["inviter_kind"].astype("string")
    bad = ~kind.isin(list(_KIND_RANK)).to_numpy()
    if bad.any():
        raise _data_error(func, "invitations", "inviter_kind", "allowed_values", bad,
                          "inviter_kind must be staff, partner or guest")
    extra = {} if "invited_at" in inv.columns else {"invited_at": pd.Series(pd.NaT, index=inv.index,
                                                                            dtype="datetime64[ns]")}
    out = inv.assign(event_id=_ids(inv["event_id"]), person_id=_ids(inv["person_id"]),
                     inviter_id=_ids(inv["inviter_id"]), inviter_kind=kind, **extra)
    return (out.sort_values(["event_id", "person_id", "invited_at"], na_position="last", kind="stable")
               .drop_duplicates(["event_id", "inviter_kind", "inviter_id", "person_id"])
               .reset_index(drop=True))


def _events(events, func: str, required=("event_id",)) -> pd.DataFrame:
    ev = _frame(events, "events", required, func)
    _no_nulls(ev, "events", ("event_id",), func)
    dup = ev["event_id"].duplicated(keep=False).to_numpy()
    if dup.any():
        raise _data_error(func, "events", "event_id", "unique_key", dup, "an event_id appears more than once")
    return ev.assign(event_id=_ids(ev["event_id"]))


def _staff(staff, func: str) -> pd.DataFrame:
    st = _frame(staff, "staff", ("staff_id", "role"), func)
    _no_nulls(st, "staff", ("staff_id",), func)
    if "branch_id" not in st.columns:
        st = st.assign(branch_id=pd.Series(pd.NA, index=st.index, dtype="string"))
    return st.assign(staff_id=_ids(st["staff_id"]), role=st["role"].astype("string"),
                     branch_id=_ids(st["branch_id"]))


def _with_rate(counts: pd.DataFrame, successes: str, trials: str, level: float) -> pd.DataFrame:
    """``counts`` (RangeIndex) plus ``rate``, ``ci_low``, ``ci_high`` (Wilson) of successes / trials."""
    if len(counts) == 0:
        return counts.assign(rate=pd.Series([], dtype=float), ci_low=pd.Series([], dtype=float),
                             ci_high=pd.Series([], dtype=float))
    p = stats.proportion(counts[successes].to_numpy(), counts[trials].to_numpy(), level)
    return counts.assign(rate=p["rate"].to_numpy(), ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy())


def _tidy(func):
    """Decorator: text columns of the returned frame as the ``string`` dtype, plain RangeIndex."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        out = func(*args, **kwargs)
        text = {c: "string" for c in out.columns
                if out[c].dtype == object or (isinstance(out[c].dtype, pd.StringDtype)
                                              and out[c].dtype.na_value is not pd.NA)}
        return out.astype(text).reset_index(drop=True)

    return wrapper


def _pairs_in(a1: pd.Series, a2: pd.Series, b1: pd.Series, b2: pd.Series) -> np.ndarray:
    """Whether each pair (a1, a2) occurs among the pairs (b1, b2); pairs with a missing value are False."""
    left = pd.MultiIndex.from_arrays([a1.astype("string").to_numpy(), a2.astype("string").to_numpy()])
    right = pd.MultiIndex.from_arrays([b1.astype("string").to_numpy(), b2.astype("string").to_numpy()])
    return np.asarray(left.isin(right), dtype=bool) & a1.notna().to_numpy() & a2.notna().to_numpy()


def _lookup(keys: pd.Series, mapping: pd.Series) -> pd.Series:
    """``mapping[key]`` for each key (NaN/NaT where absent), keeping the mapping's dtype even when empty."""
    values = mapping.reindex(pd.Index(keys.to_numpy(dtype=object)))
    return pd.Series(values.to_numpy(), index=keys.index, dtype=mapping.dtype if len(mapping) else None)


def _int(s) -> np.ndarray:
    return np.asarray(pd.Series(s).fillna(0), dtype=np.int64)


def _ratio(num, den) -> np.ndarray:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def example_tables() -> dict[str, pd.DataFrame]:
    """The small salon example of the docstrings: one event, three invitations, four check-ins.

    Returns
    -------
    dict of str to pandas.DataFrame
        New frames on every call (so an example may change them freely):

        - ``events``: salon ``E1`` on 2026-07-18 from 14:00 to 15:30, ``cost`` 600, ``planned_invites`` 3;
        - ``invitations``: staff ``S03`` and ``S04`` invited ``A`` and ``B``, partner ``PT01`` invited ``C``;
        - ``attendance``: ``A`` (customer, staff invite) came with ``G`` (brought along), ``C``
          came on the partner's invitation and ``W`` walked in; ``B`` did not come.

    Examples
    --------
    >>> t = example_tables()
    >>> sorted(t)
    ['attendance', 'events', 'invitations']
    >>> stranger_ratio(t["attendance"])[["attendees", "strangers"]]
      attendees  strangers
    0         4          3
    """
    events = pd.DataFrame({"event_id": ["E1"], "kind": ["salon"], "starts_at": [pd.Timestamp("2026-07-18 14:00")],
                           "ends_at": [pd.Timestamp("2026-07-18 15:30")], "cost": [600.0], "planned_invites": [3]})
    invitations = pd.DataFrame({"event_id": "E1", "inviter_kind": ["staff", "staff", "partner"],
                                "inviter_id": ["S03", "S04", "PT01"], "person_id": ["A", "B", "C"]})
    attendance = pd.DataFrame({"event_id": "E1", "person_id": ["A", "G", "C", "W"],
                               "arrived_at": pd.to_datetime(["2026-07-18 13:50", "2026-07-18 13:50",
                                                             "2026-07-18 13:58", "2026-07-18 14:20"]),
                               "source": ["staff_invite", "brought_along", "partner_invite", "walk_in"],
                               "brought_by": [None, "A", None, None],
                               "is_bank_customer": [True, False, False, False],
                               "gender": ["female", "female", "male", "female"]})
    return {"events": events, "invitations": invitations, "attendance": attendance}


def select_event(scoped: Mapping[str, pd.DataFrame], event_id: str = "") -> dict[str, pd.DataFrame]:
    """The tables of one event (or all events when ``event_id`` is empty).

    Parameters
    ----------
    scoped : mapping of table name → DataFrame
        A branch's data (:func:`analysis.scope.for_branch`).
    event_id : str, default ""
        The event to report on; empty keeps every event of ``scoped``.

    Returns
    -------
    dict of str → DataFrame
        The same tables; ``events``, ``event_targets``, ``invitations``,
        ``attendance``, and the event-linked rows of ``leads`` and
        ``survey_responses`` restricted to the event. Other tables (staff,
        deals, people, group_members …) are kept whole, because sales within
        72 hours are found from the attendees, not from the deal's event.

    Raises
    ------
    ParameterError
        If ``event_id`` is not an event of ``scoped`` (the known ones are listed).

    Examples
    --------
    >>> import pandas as pd
    >>> tables = {"events": pd.DataFrame({"event_id": ["E1", "E2"]}),
    ...           "attendance": pd.DataFrame({"event_id": ["E1", "E1", "E2"], "person_id": ["A", "B", "C"]})}
    >>> select_event(tables, "E1")["attendance"]["person_id"].tolist()
    ['A', 'B']
    """
    out = dict(scoped)
    if not isinstance(event_id, str):
        raise ParameterError(f"select_event: event_id must be text such as 'B01-E03', got {event_id!r}.")
    if not event_id.strip():
        return out
    event_id = event_id.strip()
    known = scoped["events"]["event_id"].astype("string")
    if event_id not in set(known.dropna()):
        raise ParameterError(f"select_event: event_id {event_id!r} is not an event of this branch and period; "
                             f"known events: {_show(sorted(known.dropna())) or 'none'}.")
    for name in ("events", "event_targets", "invitations", "attendance", "leads", "survey_responses"):
        df = scoped.get(name)
        if df is not None and "event_id" in df.columns:
            out[name] = df.loc[(df["event_id"].astype("string") == event_id).fillna(False).to_numpy()] \
                .reset_index(drop=True)
    return out


# ---------------------------------------------------------------------------
# stranger ratio
# ---------------------------------------------------------------------------


@_tidy
def stranger_ratio(attendance: pd.DataFrame, by="event_id", level: float = 0.95,
                   standard: float = 0.70) -> pd.DataFrame:
    """Stranger-customer ratio (陌生客户占比) with its Wilson interval, per group.

    Parameters
    ----------
    attendance : pandas.DataFrame
        Check-ins (the ``attendance`` table, or :func:`attendance_chain` for the
        chain columns): ``event_id``, ``person_id``, ``is_bank_customer``, and
        ``arrived_at`` when present.
    by : str, list of str or None, default "event_id"
        Grouping columns of ``attendance``: e.g. ``"event_id"``,
        ``["event_id", "source"]``, ``"chain_inviter"``; None gives the total.
    level : float, default 0.95
        Confidence level of the interval.
    standard : float, default 0.70
        The branch standard (陌生客户占比 above 70% at every event).

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted by the keys; a missing key value is a group of
        its own), with columns:

        - the ``by`` columns;
        - ``attendees`` (int64): distinct people checked in (per event);
        - ``strangers`` (int64): of them, not bank customers at the event;
        - ``rate`` (float): ``strangers / attendees``;
        - ``ci_low``, ``ci_high`` (float): Wilson interval at ``level``;
        - ``below_standard`` (bool): ``rate < standard``.

    Raises
    ------
    ParameterError
        Unknown ``by`` column, ``level`` or ``standard`` not in (0, 1).
    DataError
        Missing required column, empty ids, or ``is_bank_customer`` empty or
        not True/False (rows named).

    Notes
    -----
    Duplicate check-ins of one person at one event count once (the earliest
    is kept), so ``attendees`` counts person-events. With ``by=None`` or
    a grouping that spans events, a person who came to two events counts
    twice — once per event — as the standard is about each event's audience.

    The interval is the Wilson score interval
    (:func:`analysis.stats.proportion`), R's ``prop.test(x, n, correct =
    FALSE)$conf.int``. ``below_standard`` compares the point estimate; whether
    the shortfall is clear shows in the interval (``ci_high < standard``).

    Examples
    --------
    The salon case: 31 of 38 attendees were not bank customers.

    >>> import pandas as pd
    >>> att = pd.DataFrame({"event_id": "B01-E03", "person_id": [f"P{i:02d}" for i in range(38)],
    ...                     "is_bank_customer": [True] * 7 + [False] * 31})
    >>> stranger_ratio(att).round(6)
      event_id  attendees  strangers      rate    ci_low   ci_high  below_standard
    0  B01-E03         38         31  0.815789  0.665811  0.907782           False
    """
    func = "stranger_ratio"
    level = check_level(level, func)
    standard = _check_fraction(standard, "standard", func)
    att = _checkins(attendance, func)
    keys = by_columns(by, att.columns, "the attendance data", func, allow_empty=False)
    if keys:
        counts = (att.groupby(keys, observed=True, dropna=False, sort=True)
                     .agg(attendees=("person_id", "size"), strangers=("stranger", "sum"))
                     .reset_index())
    else:
        counts = pd.DataFrame({"attendees": [len(att)], "strangers": [int(att["stranger"].sum())]})
    counts = counts.astype({"attendees": np.int64, "strangers": np.int64})
    out = _with_rate(counts, "strangers", "attendees", level)
    return out.assign(below_standard=(out["rate"] < standard).to_numpy(dtype=bool))


@_tidy
def attendance_chain(attendance: pd.DataFrame, invitations: pd.DataFrame) -> pd.DataFrame:
    """Every attendee with how they came and whose invitation their presence goes back to.

    Parameters
    ----------
    attendance : pandas.DataFrame
        The ``attendance`` table (``event_id``, ``person_id``,
        ``is_bank_customer``; ``arrived_at``, ``source``, ``brought_by``,
        ``gender`` when present).
    invitations : pandas.DataFrame
        The ``invitations`` table (``event_id``, ``inviter_kind``,
        ``inviter_id``, ``person_id``; ``invited_at`` when present).

    Returns
    -------
    pandas.DataFrame
        One row per distinct attendee and event (duplicate check-ins dropped),
        sorted by event and arrival, with the attendance columns and:

        - ``stranger`` (int64): 1 if not a bank customer at the event.
        - ``derived_source`` (str): staff_invite, partner_invite,
          brought_along or walk_in, from the invitation record (Notes).
        - ``inviter_kind``, ``inviter_id`` (str): the attendee's own invitation
          to the event (staff before partner before guest; empty if none).
        - ``host_id`` (str): who brought them along (``brought_by``, or the
          guest who invited them); empty for people who came on their own.
        - ``host_attended`` (boolean): whether the host checked in; empty
          without a host.
        - ``chain_kind`` (str): staff, partner, walk_in or unattributed —
          the start of the chain (a guest's chain is the host's).
        - ``chain_inviter`` (str): the staff or partner id at the start of the
          chain; empty for walk-ins and unattributed guests.

    Notes
    -----
    ``derived_source``: recorded ``brought_along`` stays brought_along;
    otherwise a staff invitation to the event gives staff_invite, a partner
    invitation partner_invite, a guest's invitation brought_along (the guest
    is the host); anyone else is a walk_in — including an attendee recorded as
    invited but missing from the invitations.

    The chain is followed up through hosts (guests of guests, up to 6 levels).
    A guest whose host did not attend still belongs to the host's chain (the
    invitation was passed on); :func:`event_findings` lists such cases. A
    guest whose host is unknown, or whose host is neither an attendee nor an
    invitee of the event, is ``unattributed``.

    Examples
    --------
    >>> import pandas as pd
    >>> att = pd.DataFrame({"event_id": "E1", "person_id": ["A", "B", "C"],
    ...                     "source": ["staff_invite", "brought_along", "walk_in"],
    ...                     "brought_by": [None, "A", None], "is_bank_customer": [True, False, False]})
    >>> inv = pd.DataFrame({"event_id": ["E1"], "inviter_kind": ["staff"], "inviter_id": ["S03"],
    ...                     "person_id": ["A"]})
    >>> attendance_chain(att, inv)[["person_id", "derived_source", "chain_kind", "chain_inviter"]]
      person_id derived_source chain_kind chain_inviter
    0         A   staff_invite      staff           S03
    1         B  brought_along      staff           S03
    2         C        walk_in    walk_in          <NA>
    """
    func = "attendance_chain"
    att = _checkins(attendance, func)
    inv = _invitations(invitations, func)
    own = (inv.assign(_rank=inv["inviter_kind"].map(_KIND_RANK).astype(int))
              .sort_values(["event_id", "person_id", "_rank", "invited_at"], na_position="last", kind="stable")
              .drop_duplicates(["event_id", "person_id"])[["event_id", "person_id", "inviter_kind", "inviter_id"]])
    att = att.merge(own, on=["event_id", "person_id"], how="left", validate="one_to_one")
    recorded = att["source"].astype("string")
    kind = att["inviter_kind"]
    brought = (recorded == "brought_along").fillna(False)
    guest_inv = (kind == "guest").fillna(False)
    host = _ids(att["brought_by"]).where(brought & att["brought_by"].notna(),
                                         att["inviter_id"].where(guest_inv))
    derived = np.select([brought.to_numpy(), (kind == "staff").fillna(False).to_numpy(),
                         (kind == "partner").fillna(False).to_numpy(), guest_inv.to_numpy()],
                        ["brought_along", "staff_invite", "partner_invite", "brought_along"], "walk_in")
    att = att.assign(derived_source=pd.array(derived, dtype="string"), host_id=host.astype("string"))

    # nodes of the chain: attendees, plus invitees who did not come (a guest's host may be one)
    absent = own.merge(att[["event_id", "person_id"]], on=["event_id", "person_id"], how="left", indicator=True)
    absent = absent.loc[absent["_merge"] == "left_only"].drop(columns="_merge")
    absent = absent.assign(
        derived_source=absent["inviter_kind"].map(_SOURCE_OF_KIND).astype("string"),
        host_id=absent["inviter_id"].where(absent["inviter_kind"] == "guest").astype("string"))
    nodes = pd.concat([att[["event_id", "person_id", "derived_source", "inviter_id", "host_id"]],
                       absent[["event_id", "person_id", "derived_source", "inviter_id", "host_id"]]],
                      ignore_index=True)
    root = nodes["derived_source"].map({"staff_invite": "staff", "partner_invite": "partner",
                                        "walk_in": "walk_in"}).astype("string")
    nodes = nodes.assign(
        chain_kind=root,
        chain_inviter=nodes["inviter_id"].where(root.isin(["staff", "partner"]).fillna(False)).astype("string"),
        _up=nodes["host_id"])
    lookup = nodes[["event_id", "person_id", "chain_kind", "chain_inviter", "host_id"]]
    for _ in range(_MAX_DEPTH):  # one pass per level of the chain (not per row)
        todo = nodes["chain_kind"].isna() & nodes["_up"].notna()
        if not todo.any():
            break
        up = nodes[["event_id", "_up"]].merge(
            lookup.rename(columns={"person_id": "_up", "chain_kind": "_k", "chain_inviter": "_i", "host_id": "_h"}),
            on=["event_id", "_up"], how="left")
        found = todo.to_numpy() & up["_k"].notna().to_numpy()
        nodes.loc[found, "chain_kind"] = up.loc[found, "_k"].to_numpy()
        nodes.loc[found, "chain_inviter"] = up.loc[found, "_i"].to_numpy()
        nodes["_up"] = nodes["_up"].where(~todo | found, up["_h"].to_numpy()).where(~found)
        nodes.loc[~todo.to_numpy(), "_up"] = pd.NA
        lookup = nodes[["event_id", "person_id", "chain_kind", "chain_inviter", "host_id"]]
    nodes["chain_kind"] = nodes["chain_kind"].fillna("unattributed")
    chain = nodes.iloc[:len(att)][["chain_kind", "chain_inviter"]].reset_index(drop=True)
    host_attended = pd.Series(_pairs_in(att["event_id"], att["host_id"], att["event_id"], att["person_id"]),
                              dtype="boolean").mask(att["host_id"].isna().to_numpy())
    out = att.assign(host_attended=host_attended,
                     chain_kind=pd.array(chain["chain_kind"].tolist(), dtype="string"),
                     chain_inviter=pd.array(chain["chain_inviter"].tolist(), dtype="string"))
    cols = ["event_id", "person_id", "arrived_at", "source", "derived_source", "brought_by", "host_id",
            "host_attended", "inviter_kind", "inviter_id", "chain_kind", "chain_inviter", "is_bank_customer",
            "stranger", "gender"]
    rest = [c for c in out.columns if c not in cols]
    return out[cols + rest]


# ---------------------------------------------------------------------------
# comparisons
# ---------------------------------------------------------------------------

_COMPARE_COLUMNS = ["event_id1", "event_id2", "strangers1", "attendees1", "rate1", "strangers2", "attendees2",
                    "rate2", "estimate", "ci_low", "ci_high", "p_value", "method"]


def _compare_rows(counts: pd.DataFrame, pairs: list[tuple[str, str]], level: float, method: str) -> pd.DataFrame:
    rows = []
    by_id = counts.set_index("event_id")
    for a, b in pairs:  # one row per pair of events
        c = stats.compare_proportions(int(by_id.at[a, "strangers"]), int(by_id.at[a, "attendees"]),
                                      int(by_id.at[b, "strangers"]), int(by_id.at[b, "attendees"]),
                                      level=level, method=method)
        rows.append(c.assign(event_id1=a, event_id2=b))
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype={"event_id1": "string", "event_id2": "string",
                                                     "method": "string"}.get(c, "int64" if c[:-1] in
                                                                              ("strangers", "attendees") else float))
                             for c in _COMPARE_COLUMNS})
    out = pd.concat(rows, ignore_index=True).rename(columns={
        "successes1": "strangers1", "trials1": "attendees1", "successes2": "strangers2", "trials2": "attendees2"})
    return out.astype({"event_id1": "string", "event_id2": "string", "method": "string"})[_COMPARE_COLUMNS]


@_tidy
def compare_events(attendance: pd.DataFrame, event_id1: str, event_id2: str, level: float = 0.95,
                   method: str = "auto") -> pd.DataFrame:
    """Compare the stranger ratio of two events: difference, interval, p-value.

    Parameters
    ----------
    attendance : pandas.DataFrame
        Check-ins of (at least) both events.
    event_id1, event_id2 : str
        The events; the difference is ``rate1 - rate2``.
    level : float, default 0.95
    method : {"auto", "wald", "newcombe", "fisher"}, default "auto"
        Passed to :func:`analysis.stats.compare_proportions`: "auto" uses
        Fisher's exact test when an expected count is below 5 (small events)
        and the chi-square test otherwise, with Newcombe's interval.

    Returns
    -------
    pandas.DataFrame
        One row: ``event_id1``, ``event_id2``, ``strangers1``, ``attendees1``,
        ``rate1``, ``strangers2``, ``attendees2``, ``rate2`` (int64 counts,
        float rates), ``estimate`` (``rate1 - rate2``), ``ci_low``,
        ``ci_high`` (interval of the difference), ``p_value``, ``method``.

    Raises
    ------
    ParameterError
        An event without check-ins, or a bad ``level``/``method``.

    Notes
    -----
    Duplicate check-ins count once. The test treats the two audiences as
    independent samples; a person who came to both events counts in both.

    Examples
    --------
    >>> import pandas as pd
    >>> att = pd.DataFrame({"event_id": ["A"] * 4 + ["B"] * 4, "person_id": list("pqrsptuv"),
    ...                     "is_bank_customer": [False, False, False, True, True, True, False, True]})
    >>> compare_events(att, "A", "B")[["rate1", "rate2", "estimate", "method"]]
       rate1  rate2  estimate  method
    0   0.75   0.25       0.5  fisher
    """
    func = "compare_events"
    level = check_level(level, func)
    counts = stranger_ratio(attendance, by="event_id", level=level)
    known = set(counts["event_id"])
    for name, e in (("event_id1", event_id1), ("event_id2", event_id2)):
        if e not in known:
            raise ParameterError(f"{func}: {name} {e!r} has no check-ins in the attendance data; events with "
                                 f"check-ins: {_show(sorted(known)) or 'none'}.")
    return _compare_rows(counts, [(event_id1, event_id2)], level, method)


def _previous_comparable(events: pd.DataFrame) -> pd.DataFrame:
    """event_id → previous_event_id: the latest earlier event of the same branch and kind."""
    ev = events.assign(_branch=events["branch_id"].astype("string") if "branch_id" in events.columns else "",
                       _kind=events["kind"].astype("string"))
    ev = ev.sort_values(["starts_at", "event_id"], kind="stable")
    prev = ev.groupby(["_branch", "_kind"], dropna=False, sort=False)["event_id"].shift(1)
    return pd.DataFrame({"event_id": ev["event_id"].to_numpy(),
                         "previous_event_id": prev.astype("string").to_numpy()}).reset_index(drop=True)


@_tidy
def compare_with_previous(attendance: pd.DataFrame, events: pd.DataFrame, level: float = 0.95,
                          method: str = "auto") -> pd.DataFrame:
    """Each event's stranger ratio against the previous comparable event.

    Parameters
    ----------
    attendance : pandas.DataFrame
        Check-ins.
    events : pandas.DataFrame
        The ``events`` table (``event_id``, ``kind``, ``starts_at``;
        ``branch_id`` when present).
    level : float, default 0.95
    method : str, default "auto"
        As in :func:`compare_events`.

    Returns
    -------
    pandas.DataFrame
        One row per event that has check-ins and a previous comparable event
        with check-ins, with the columns of :func:`compare_events`
        (``event_id1`` is the event, ``event_id2`` the previous one).

    Notes
    -----
    The previous comparable event is the latest earlier event of the same
    branch and kind (booth, salon or activity).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["S1", "B1", "S2"], "kind": ["salon", "booth", "salon"],
    ...                    "starts_at": pd.to_datetime(["2026-07-04", "2026-07-08", "2026-07-18"])})
    >>> att = pd.DataFrame({"event_id": ["S1"] * 4 + ["B1"] * 2 + ["S2"] * 4, "person_id": list("abcdefghij"),
    ...                     "is_bank_customer": [True, True, False, False, True, False,
    ...                                          False, False, False, True]})
    >>> compare_with_previous(att, ev)[["event_id1", "event_id2", "rate1", "rate2", "method"]]
      event_id1 event_id2  rate1  rate2  method
    0        S2        S1   0.75    0.5  fisher
    """
    func = "compare_with_previous"
    level = check_level(level, func)
    ev = _events(events, func, ("event_id", "kind", "starts_at"))
    counts = stranger_ratio(attendance, by="event_id", level=level)
    prev = _previous_comparable(ev)
    have = set(counts["event_id"])
    ok = prev["previous_event_id"].notna() & prev["event_id"].isin(have) & prev["previous_event_id"].isin(have)
    pairs = list(zip(prev.loc[ok, "event_id"], prev.loc[ok, "previous_event_id"]))
    return _compare_rows(counts, sorted(pairs), level, method)


@_tidy
def monthly_stranger_ratio(attendance: pd.DataFrame, events: pd.DataFrame, level: float = 0.95,
                           standard: float = 0.70) -> pd.DataFrame:
    """Stranger ratio per calendar month (of the event's start) with its interval.

    Parameters
    ----------
    attendance : pandas.DataFrame
        Check-ins.
    events : pandas.DataFrame
        The ``events`` table (``event_id``, ``starts_at``).
    level : float, default 0.95
    standard : float, default 0.70

    Returns
    -------
    pandas.DataFrame
        One row per month with check-ins: ``month`` (first day, datetime),
        ``events`` (int64, events with check-ins), ``attendees``,
        ``strangers`` (int64), ``rate``, ``ci_low``, ``ci_high``,
        ``below_standard``. Check-ins at events not in ``events`` are left
        out (:func:`event_findings` lists them).

    Notes
    -----
    Pooled over the month's events: ``sum(strangers) / sum(attendees)`` with
    a Wilson interval, which treats attendees as independent; attendees of
    one event resemble each other, so the interval is somewhat too narrow when
    events differ much (see :func:`stranger_model`).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1", "E2", "E3"],
    ...                    "starts_at": pd.to_datetime(["2026-07-04", "2026-07-18", "2026-08-01"])})
    >>> att = pd.DataFrame({"event_id": ["E1", "E1", "E2", "E3"], "person_id": list("abcd"),
    ...                     "is_bank_customer": [False, True, False, False]})
    >>> monthly_stranger_ratio(att, ev)[["month", "events", "attendees", "strangers"]]
           month  events  attendees  strangers
    0 2026-07-01       2          3          2
    1 2026-08-01       1          1          1
    """
    func = "monthly_stranger_ratio"
    level = check_level(level, func)
    standard = _check_fraction(standard, "standard", func)
    ev = _events(events, func, ("event_id", "starts_at"))
    att = _checkins(attendance, func)
    month = _lookup(att["event_id"], ev.set_index("event_id")["starts_at"].dt.to_period("M").dt.start_time)
    att = att.assign(month=month.astype("datetime64[ns]")).loc[month.notna().to_numpy()]
    counts = (att.groupby("month", sort=True)
                 .agg(events=("event_id", "nunique"), attendees=("person_id", "size"), strangers=("stranger", "sum"))
                 .reset_index().astype({"events": np.int64, "attendees": np.int64, "strangers": np.int64}))
    if counts.empty:
        counts = counts.astype({"month": "datetime64[ns]"})
    out = _with_rate(counts, "strangers", "attendees", level)
    return out.assign(below_standard=(out["rate"] < standard).to_numpy(dtype=bool))


def _event_attributes(ev: pd.DataFrame) -> pd.DataFrame:
    start = ev["starts_at"]
    partner = ev["partner_id"].notna() if "partner_id" in ev.columns else pd.Series(False, index=ev.index)
    return pd.DataFrame({
        "event_id": ev["event_id"].to_numpy(),
        "partner": partner.astype(np.int64).to_numpy(),
        "kind": ev["kind"].astype("string").to_numpy(dtype=object),
        "theme": ev["theme"].astype("string").to_numpy(dtype=object) if "theme" in ev.columns else None,
        "weekday": start.dt.day_name().to_numpy(dtype=object),
        "weekend": (start.dt.day_of_week >= 5).astype(np.int64).to_numpy(),
        "hour": (start.dt.hour + start.dt.minute / 60).to_numpy(dtype=float),
    })


_MODEL_COLUMNS = ["term", "variable", "estimate", "std_error", "odds_ratio", "ci_low", "ci_high", "p_value", "n",
                  "events", "note"]


def _term_formula(term: str) -> str:
    return f"C({term})" if term in ("kind", "theme", "weekday") else term


@_tidy
def stranger_model(attendance: pd.DataFrame, events: pd.DataFrame, terms: Sequence[str] = ("partner", "kind",
                   "weekend", "hour"), level: float = 0.95) -> pd.DataFrame:
    """Logistic regression of "attendee is a stranger" on event attributes, with odds ratios.

    Parameters
    ----------
    attendance : pandas.DataFrame
        Check-ins (one row per attendee and event after removing duplicates).
    events : pandas.DataFrame
        The ``events`` table (``event_id``, ``kind``, ``starts_at``;
        ``partner_id`` and ``theme`` when used).
    terms : sequence of str, default ("partner", "kind", "weekend", "hour")
        Event attributes, tried in this order: ``partner`` (1 if a partner
        merchant co-hosts), ``kind`` (booth/salon/activity; activity, the first
        alphabetically, is the reference), ``theme``, ``weekday`` (day name),
        ``weekend`` (1 on Saturday/Sunday), ``hour`` (start time in hours).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per model term (from :func:`analysis.stats.logit`: ``term``
        such as ``"Intercept"``, ``"partner"``, ``"C(kind)[T.salon]"``) and one
        row per requested attribute that had to be left out, with columns:

        - ``term`` (str), ``variable`` (str: the attribute, "Intercept" for the
          intercept);
        - ``estimate``, ``std_error`` (log-odds scale), ``odds_ratio``,
          ``ci_low``, ``ci_high`` (Wald interval of the odds ratio),
          ``p_value`` — NaN on rows left out;
        - ``n`` (int64): attendees in the fit; ``events`` (int64): events;
        - ``note`` (str): empty for fitted terms, else why the attribute was
          left out ("one value only", "confounded with the terms before it
          (too few events)", "separation"), or why no model could be fitted.

    Raises
    ------
    ParameterError
        Unknown term or bad ``level``.

    Notes
    -----
    The outcome is coded 0/1 (1 = stranger), so odds ratios above 1 mean more
    strangers (statsmodels would model P(False) with a True/False response).

    Check-ins at events not in ``events`` are left out. The attributes
    belong to events, not to people: with k events at most k
    parameters can be estimated, and a branch has only a handful of events.
    The terms are therefore added one at a time in the order given; an
    attribute that is constant, that is confounded with the attributes
    already in the model (collinear design) or that separates the outcome is
    left out and reported in ``note`` rather than failing the whole model.

    Caution: attendees of one event are not independent (they come in
    groups, by the same invitations), so the standard errors, which treat
    them as independent, are too small and the intervals too narrow; read the
    model as descriptive and check the per-event ratios. Event-clustered
    standard errors would fix this (not offered by :func:`analysis.stats.logit`).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "kind": ["salon", "salon", "booth"],
    ...                    "partner_id": ["PT01", None, None],
    ...                    "starts_at": pd.to_datetime(["2026-07-04 14:00", "2026-07-11 14:00",
    ...                                                 "2026-07-15 10:00"])})
    >>> att = pd.DataFrame({"event_id": ["E1"] * 5 + ["E2"] * 5 + ["E3"] * 5, "person_id": list("abcdefghijklmno"),
    ...                     "is_bank_customer": [0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 0]})
    >>> m = stranger_model(att, ev, terms=["partner", "weekend", "kind"])
    >>> m["term"].tolist(), int(m["n"].iloc[0]), int(m["events"].iloc[0])
    (['Intercept', 'partner', 'weekend', 'kind'], 15, 3)
    >>> m["note"].iloc[3]
    'confounded with the terms before it (too few events)'
    """
    func = "stranger_model"
    level = check_level(level, func)
    if isinstance(terms, str):
        terms = [terms]
    unknown = [t for t in terms if t not in MODEL_TERMS]
    if unknown or not terms:
        raise ParameterError(f"{func}: terms must be chosen from {', '.join(MODEL_TERMS)}; got {list(terms)!r}.")
    ev = _events(events, func, ("event_id", "kind", "starts_at"))
    att = _checkins(attendance, func)
    attrs = _event_attributes(ev)
    data = att[["event_id", "stranger"]].merge(attrs, on="event_id", how="inner")
    n_events = int(data["event_id"].nunique())

    def empty(reason):
        return pd.DataFrame({"term": pd.array(list(terms), dtype="string"),
                             "variable": pd.array(list(terms), dtype="string"),
                             **{c: np.full(len(terms), np.nan) for c in _MODEL_COLUMNS[2:8]},
                             "n": np.full(len(terms), len(data), dtype=np.int64),
                             "events": np.full(len(terms), n_events, dtype=np.int64),
                             "note": pd.array([reason] * len(terms), dtype="string")})

    if len(data) == 0 or data["stranger"].nunique() < 2:
        return empty("no model: every attendee is a stranger, or none is" if len(data) else "no model: no check-ins")
    kept, dropped, last = [], {}, None
    for term in terms:  # one attempt per attribute (a handful)
        if data[term].nunique(dropna=True) < 2:
            dropped[term] = "one value only"
            continue
        formula = "stranger ~ " + " + ".join(_term_formula(t) for t in kept + [term])
        try:
            last = stats.logit(data, formula, level=level)
            kept.append(term)
        except ParameterError as exc:
            msg = str(exc)
            dropped[term] = ("separation" if "separation" in msg else
                             "confounded with the terms before it (too few events)" if "collinear" in msg else
                             "could not be fitted")
    if not kept:
        return empty("no model: " + "; ".join(f"{k}: {v}" for k, v in dropped.items()))
    fitted = last
    variable = fitted["term"].map(lambda t: next((k for k in kept if t == k or t.startswith(f"C({k})")),
                                                 "Intercept"))
    fitted = fitted.assign(variable=variable.astype("string"), term=fitted["term"].astype("string"),
                           events=np.int64(n_events), note=pd.array([""] * len(fitted), dtype="string"))
    left = pd.DataFrame({"term": pd.array(list(dropped), dtype="string"),
                         "variable": pd.array(list(dropped), dtype="string"),
                         **{c: np.full(len(dropped), np.nan) for c in _MODEL_COLUMNS[2:8]},
                         "n": np.full(len(dropped), int(fitted["n"].iloc[0]), dtype=np.int64),
                         "events": np.full(len(dropped), n_events, dtype=np.int64),
                         "note": pd.array(list(dropped.values()), dtype="string")})
    out = pd.concat([fitted, left], ignore_index=True) if len(left) else fitted
    return out.astype({"n": np.int64, "events": np.int64})[_MODEL_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------------
# attendance summary and headline
# ---------------------------------------------------------------------------


@_tidy
def attendance_summary(invitations: pd.DataFrame, attendance: pd.DataFrame, events: pd.DataFrame,
                       level: float = 0.95) -> pd.DataFrame:
    """Invited vs arrived per event and source, show-up rate, attendance over plan, gender split.

    Parameters
    ----------
    invitations : pandas.DataFrame
        The ``invitations`` table.
    attendance : pandas.DataFrame
        The ``attendance`` table.
    events : pandas.DataFrame
        The ``events`` table (``event_id``; ``planned_invites`` when present).
        Every event gets its rows, including events nobody came to.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Per event five rows: the sources ``staff_invite``, ``partner_invite``,
        ``brought_along``, ``walk_in`` and ``all`` (the event total), with:

        - ``event_id``, ``source`` (str);
        - ``invited`` (int64): distinct people invited — by staff, by the
          partner, by guests (for brought_along); 0 for walk_in; all
          invitees on ``all``;
        - ``showed_up`` (int64): of the invited, those who checked in;
        - ``rate``, ``ci_low``, ``ci_high`` (float): show-up rate
          ``showed_up / invited`` with its Wilson interval (NaN if nobody was
          invited);
        - ``arrived`` (int64): attendees who came this way
          (:func:`attendance_chain` ``derived_source``); on ``walk_in`` the
          walk-ins, on ``all`` every attendee;
        - ``women``, ``men``, ``gender_unknown`` (int64): the gender split of
          ``arrived``;
        - ``strangers`` (int64): non-customers among ``arrived``;
        - ``planned_invites`` (float): the event's planned invitations (NaN if
          not planned), on ``all`` only;
        - ``over_plan`` (float): ``arrived / planned_invites`` on ``all``
          (the salon case: 38 / 30 = 1.27); NaN elsewhere.

    Notes
    -----
    Duplicate check-ins count once; an attendee recorded as invited but
    missing from the invitations counts as a walk-in (see
    :func:`attendance_chain`). An invitee who came counts as showed up
    whichever way they were recorded at the door.

    Examples
    --------
    >>> t = example_tables()
    >>> s = attendance_summary(t["invitations"], t["attendance"], t["events"])
    >>> s[["source", "invited", "showed_up", "arrived", "women", "men", "over_plan"]]
               source  invited  showed_up  arrived  women  men  over_plan
    0    staff_invite        2          1        1      1    0        NaN
    1  partner_invite        1          1        1      0    1        NaN
    2   brought_along        0          0        1      1    0        NaN
    3         walk_in        0          0        1      1    0        NaN
    4             all        3          2        4      3    1   1.333333
    """
    func = "attendance_summary"
    level = check_level(level, func)
    ev = _events(events, func)
    chain = attendance_chain(attendance, invitations)
    inv = _invitations(invitations, func)
    inv = inv.assign(source=inv["inviter_kind"].map(_SOURCE_OF_KIND).astype("string"))
    inv = inv.assign(came=_pairs_in(inv["event_id"], inv["person_id"], chain["event_id"], chain["person_id"]))
    sources = list(ATTENDANCE_SOURCES) + ["all"]
    grid = pd.MultiIndex.from_product([ev["event_id"].tolist(), sources], names=["event_id", "source"])

    by_source = inv.drop_duplicates(["event_id", "source", "person_id"]).groupby(["event_id", "source"])
    all_inv = inv.drop_duplicates(["event_id", "person_id"]).groupby("event_id")
    invited = pd.concat([by_source.size(), all_inv.size().to_frame().assign(source="all")
                        .set_index("source", append=True)[0]])
    showed = pd.concat([by_source["came"].sum(), all_inv["came"].sum().to_frame().assign(source="all")
                       .set_index("source", append=True)["came"]])
    g = chain.assign(source=chain["derived_source"], women=(chain["gender"] == "female").fillna(False),
                     men=(chain["gender"] == "male").fillna(False), gender_unknown=chain["gender"].isna())
    cols = {"arrived": ("person_id", "size"), "women": ("women", "sum"), "men": ("men", "sum"),
            "gender_unknown": ("gender_unknown", "sum"), "strangers": ("stranger", "sum")}
    arr = g.groupby(["event_id", "source"]).agg(**cols)
    arr_all = g.groupby("event_id").agg(**cols).assign(source="all").set_index("source", append=True)
    arr = pd.concat([arr, arr_all])
    out = pd.DataFrame(index=grid).join(invited.rename("invited")).join(showed.rename("showed_up")).join(arr)
    out = out.reset_index()
    counts = ["invited", "showed_up", "arrived", "women", "men", "gender_unknown", "strangers"]
    out = out.assign(**{c: _int(out[c]) for c in counts})
    out = _with_rate(out, "showed_up", "invited", level)
    planned = (ev.set_index("event_id")["planned_invites"].astype("Float64").astype(float)
               if "planned_invites" in ev.columns else pd.Series(np.nan, index=ev["event_id"]))
    is_all = (out["source"] == "all").to_numpy()
    plan = np.where(is_all, out["event_id"].map(planned).to_numpy(dtype=float), np.nan)
    out = out.assign(event_id=out["event_id"].astype("string"), source=out["source"].astype("string"),
                     planned_invites=plan, over_plan=np.where(is_all, _ratio(out["arrived"], plan), np.nan))
    return out[["event_id", "source", "invited", "showed_up", "rate", "ci_low", "ci_high", "arrived", "women", "men",
                "gender_unknown", "strangers", "planned_invites", "over_plan"]]


@_tidy
def headline(events: pd.DataFrame, attendance: pd.DataFrame, invitations: pd.DataFrame,
             deals: pd.DataFrame | None = None, level: float = 0.95, standard: float = 0.70,
             window_hours: float = 72) -> pd.DataFrame:
    """The headline figures of each event, one row per event (sorted by start).

    Parameters
    ----------
    events, attendance, invitations : pandas.DataFrame
        The contract's tables.
    deals : pandas.DataFrame, optional
        The ``deals`` table, for the sales within ``window_hours``.
    level : float, default 0.95
    standard : float, default 0.70
    window_hours : float, default 72

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``event_label`` (id and theme), ``kind``, ``theme``,
        ``starts_at``, ``planned_invites`` (float), ``invitations`` (int64,
        distinct invitees), ``attendees`` (int64), ``over_plan`` (float),
        ``women``, ``men``, ``strangers`` (int64), ``rate``, ``ci_low``,
        ``ci_high`` (stranger ratio and its Wilson interval),
        ``below_standard`` (bool), ``deals`` (int64), ``amount`` (float: sales
        to attendees within the window, :func:`sales_after_event`), ``cost``,
        ``cost_per_attendee`` (float).

    Examples
    --------
    The salon case of the sample data:

    >>> from analysis.sample import make_sample
    >>> t = make_sample(0, branches=1)
    >>> h = headline(t["events"], t["attendance"], t["invitations"], t["deals"])
    >>> salon = h.loc[h["event_id"] == "B01-E03"].iloc[0]
    >>> [int(salon[c]) for c in ("attendees", "women", "men", "strangers")], round(float(salon["rate"]), 4)
    ([38, 30, 8, 31], 0.8158)
    """
    func = "headline"
    level = check_level(level, func)
    standard = _check_fraction(standard, "standard", func)
    ev = _events(events, func, ("event_id", "kind", "starts_at"))
    summ = attendance_summary(invitations, attendance, ev, level=level)
    tot = summ.loc[summ["source"] == "all"].set_index("event_id")
    ratio = stranger_ratio(attendance, "event_id", level, standard).set_index("event_id")
    ratio = ratio.reindex(ev["event_id"])
    if deals is not None:
        sales = sales_after_event(ev, attendance, deals, window_hours=window_hours, level=level)
        sales = sales.groupby("event_id")[["deals", "amount"]].sum()
    else:
        sales = pd.DataFrame({"deals": [], "amount": []}, index=pd.Index([], dtype="string", name="event_id"))
    ids = ev["event_id"]
    theme = ev["theme"].astype("string") if "theme" in ev.columns else pd.Series(pd.NA, index=ev.index,
                                                                                    dtype="string")
    cost = ev["cost"].astype(float) if "cost" in ev.columns else pd.Series(np.nan, index=ev.index)
    attendees = _int(ids.map(tot["arrived"]))
    out = pd.DataFrame({
        "event_id": ids.to_numpy(),
        "event_label": (ids + " " + theme.fillna("")).str.strip().to_numpy(),
        "kind": ev["kind"].astype("string").to_numpy(),
        "theme": theme.to_numpy(),
        "starts_at": ev["starts_at"].to_numpy(),
        "planned_invites": ids.map(tot["planned_invites"]).to_numpy(dtype=float),
        "invitations": _int(ids.map(tot["invited"])),
        "attendees": attendees,
        "over_plan": ids.map(tot["over_plan"]).to_numpy(dtype=float),
        "women": _int(ids.map(tot["women"])),
        "men": _int(ids.map(tot["men"])),
        "strangers": _int(ids.map(tot["strangers"])),
        "rate": ratio["rate"].to_numpy(dtype=float),
        "ci_low": ratio["ci_low"].to_numpy(dtype=float),
        "ci_high": ratio["ci_high"].to_numpy(dtype=float),
        "below_standard": ratio["below_standard"].fillna(False).to_numpy(dtype=bool),
        "deals": _int(ids.map(sales["deals"])),
        "amount": ids.map(sales["amount"]).fillna(0.0).to_numpy(dtype=float),
        "cost": cost.to_numpy(dtype=float),
        "cost_per_attendee": _ratio(cost, attendees),
    })
    out = out.astype({"event_id": "string", "event_label": "string", "kind": "string", "theme": "string"})
    return out.sort_values(["starts_at", "event_id"], kind="stable").reset_index(drop=True)


_HEADLINE_TEXT = {
    "zh": {
        "none": "所选网点和期间没有活动记录（无数据）。",
        "one": "{label}：到场 {att} 人（女 {women}、男 {men}），陌生客户 {s} 人，占比 {rate:.1%}"
               "（{lvl}区间 {lo:.1%}–{hi:.1%}），{verdict} {std:.0%} 标准；活动后 72 小时内到场客户成交 {deals} 笔、"
               "{amount:,.0f} 元。",
        "many": "共 {n} 场活动、{att} 人次到场，其中陌生客户 {s} 人次（{rate:.1%}）；{below} 场低于 {std:.0%} 标准；"
                "活动后 72 小时内到场客户成交 {deals} 笔、{amount:,.0f} 元。",
        "above": "达到", "below": "低于", "empty": "无人签到",
    },
    "en": {
        "none": "No events for this branch and period (no data).",
        "one": "{label}: {att} came ({women} women, {men} men), {s} of them strangers: {rate:.1%} ({lvl} interval "
               "{lo:.1%}–{hi:.1%}), {verdict} the {std:.0%} standard; {deals} sales to attendees within 72 hours, "
               "{amount:,.0f} yuan.",
        "many": "{n} events, {att} attendances, {s} by strangers ({rate:.1%}); {below} event(s) below the {std:.0%} "
                "standard; {deals} sales to attendees within 72 hours, {amount:,.0f} yuan.",
        "above": "meeting", "below": "below", "empty": "nobody checked in",
    },
}


def headline_text(head: pd.DataFrame, standard: float = 0.70, level: float = 0.95, language: str = "zh") -> str:
    """One or two sentences summing up :func:`headline` for a report.

    Parameters
    ----------
    head : pandas.DataFrame
        The output of :func:`headline`.
    standard : float, default 0.70
    level : float, default 0.95
        The level ``head``'s intervals were computed at (for the text).
    language : {"zh", "en"}, default "zh"

    Returns
    -------
    str
        For one event: attendees, gender split, strangers and their ratio with
        its interval against the standard, sales within 72 hours. For several:
        the totals and the number of events under the standard. Without
        events: a "no data" sentence.

    Examples
    --------
    >>> import pandas as pd
    >>> head = pd.DataFrame({"event_label": ["B01-E03 家庭关系"], "attendees": [38], "women": [30], "men": [8],
    ...                      "strangers": [31], "rate": [31 / 38], "ci_low": [0.6658], "ci_high": [0.9078],
    ...                      "below_standard": [False], "deals": [6], "amount": [6_100_000.0]})
    >>> headline_text(head)
    'B01-E03 家庭关系：到场 38 人（女 30、男 8），陌生客户 31 人，占比 81.6%（95%区间 66.6%–90.8%），达到 70% 标准；活动后 72 小时内到场客户成交 6 笔、6,100,000 元。'
    """
    func = "headline_text"
    if language not in _HEADLINE_TEXT:
        raise ParameterError(f"{func}: language must be 'zh' or 'en', got {language!r}.")
    standard = _check_fraction(standard, "standard", func)
    t = _HEADLINE_TEXT[language]
    h = _frame(head, "headline", ("attendees", "strangers", "rate", "ci_low", "ci_high", "below_standard", "deals",
                                  "amount"), func)
    if len(h) == 0:
        return t["none"]
    att, strangers = int(h["attendees"].sum()), int(h["strangers"].sum())
    common = dict(att=att, s=strangers, std=standard, deals=int(h["deals"].sum()), amount=float(h["amount"].sum()))
    if len(h) == 1:
        r = h.iloc[0]
        if att == 0:
            return f"{r.get('event_label', '')}：{t['empty']}。" if language == "zh" else \
                f"{r.get('event_label', '')}: {t['empty']}."
        return t["one"].format(label=r.get("event_label", ""), women=int(r.get("women", 0)), men=int(r.get("men", 0)),
                               rate=float(r["rate"]), lo=float(r["ci_low"]), hi=float(r["ci_high"]),
                               lvl=f"{level:.0%}", verdict=t["below"] if r["rate"] < standard else t["above"],
                               **common)
    rate = strangers / att if att else float("nan")
    return t["many"].format(n=len(h), rate=rate, below=int(h["below_standard"].sum()), **common)


# ---------------------------------------------------------------------------
# the invitation chain
# ---------------------------------------------------------------------------


@_tidy
def invitation_chain(invitations: pd.DataFrame, attendance: pd.DataFrame, staff: pd.DataFrame,
                     events: pd.DataFrame, per_staff: int = 1, rule_kinds: Sequence[str] = ("salon",)
                     ) -> pd.DataFrame:
    """Per event and staff member: invitations, invitees who came, guests they brought, the branch rule.

    Parameters
    ----------
    invitations, attendance : pandas.DataFrame
        The contract's tables.
    staff : pandas.DataFrame
        The ``staff`` table (``staff_id``, ``role``, ``branch_id``): who is
        eligible (not ``branch_head`` or ``ops_supervisor``).
    events : pandas.DataFrame
        The ``events`` table (``event_id``, ``kind``; ``branch_id`` to pair each
        event with its branch's staff).
    per_staff : int, default 1
        Invitations each eligible staff member is to send (the rule: exactly one).
    rule_kinds : sequence of str, default ("salon",)
        Event kinds the rule applies to; other events are ``not_checked``.

    Returns
    -------
    pandas.DataFrame
        One row per event and staff member of the event's branch (plus any
        other staff id that sent an invitation to it), sorted by event and
        staff, with:

        - ``event_id``, ``staff_id``, ``role`` (str), ``eligible`` (bool);
        - ``invitations`` (int64): people this staff member invited;
        - ``invitees_came`` (int64): of them, checked in;
        - ``guests_brought`` (int64): attendees brought along in their chain
          (guests of their invitees, and guests of those guests);
        - ``attendees`` (int64): ``invitees_came + guests_brought``;
        - ``strangers`` (int64): non-customers among those attendees;
        - ``invitees_alone`` (int64): invitees who came but brought nobody;
        - ``invite_check`` (str): ``ok`` (exactly ``per_staff``), ``none``,
          ``fewer``, ``more``; ``excluded`` for head and operations
          supervisor; ``not_checked`` for events outside ``rule_kinds``;
        - ``bring_check`` (str): ``ok`` (every invitee who came brought at
          least one more), ``came_alone``, ``no_invitee_came``,
          ``no_invitation``; ``excluded``/``not_checked`` as above.

    Notes
    -----
    The chain is :func:`attendance_chain`: a guest belongs to the staff member
    who invited the guest's host, also when the host did not come (the
    invitation was passed on). The rule "every eligible staff member invites
    exactly one customer; every invitee brings at least one more" is the
    practice of the salon case (DESIGN.md).

    Examples
    --------
    The salon case of the sample data: 7 eligible staff, one invitation each.

    >>> from analysis.sample import make_sample
    >>> t = make_sample(0, branches=1)
    >>> c = invitation_chain(t["invitations"], t["attendance"], t["staff"], t["events"])
    >>> salon = c.loc[(c["event_id"] == "B01-E03") & c["eligible"]]
    >>> len(salon), salon["invitations"].tolist(), set(salon["invite_check"])
    (7, [1, 1, 1, 1, 1, 1, 1], {'ok'})
    """
    func = "invitation_chain"
    per_staff = _check_count(per_staff, "per_staff", func)
    if isinstance(rule_kinds, str):
        rule_kinds = [rule_kinds]
    ev = _events(events, func, ("event_id", "kind"))
    st = _staff(staff, func)
    chain = attendance_chain(attendance, invitations)
    inv = _invitations(invitations, func)
    sinv = inv.loc[inv["inviter_kind"] == "staff"].drop_duplicates(["event_id", "inviter_id", "person_id"])
    hosts = chain.loc[chain["host_id"].notna()]
    came = _pairs_in(sinv["event_id"], sinv["person_id"], chain["event_id"], chain["person_id"])
    brought = _pairs_in(sinv["event_id"], sinv["person_id"], hosts["event_id"], hosts["host_id"])
    sinv = sinv.assign(came=came, alone=came & ~brought)
    per_inv = sinv.groupby(["event_id", "inviter_id"]).agg(invitations=("person_id", "size"),
                                                            invitees_came=("came", "sum"),
                                                            invitees_alone=("alone", "sum"))
    staff_chain = chain.loc[chain["chain_kind"] == "staff"]
    per_chain = staff_chain.assign(guest=(staff_chain["derived_source"] == "brought_along")).groupby(
        ["event_id", "chain_inviter"]).agg(guests_brought=("guest", "sum"), attendees=("person_id", "size"),
                                           strangers=("stranger", "sum"))
    per_chain.index = per_chain.index.set_names(["event_id", "inviter_id"])

    if "branch_id" in ev.columns and st["branch_id"].notna().any():
        grid = ev[["event_id", "branch_id"]].astype({"branch_id": "string"}).merge(
            st[["staff_id", "branch_id"]], on="branch_id", how="inner")[["event_id", "staff_id"]]
    else:
        grid = ev[["event_id"]].merge(st[["staff_id"]], how="cross")
    extra = per_inv.reset_index().rename(columns={"inviter_id": "staff_id"})[["event_id", "staff_id"]]
    extra = extra.loc[extra["event_id"].isin(ev["event_id"])]
    grid = pd.concat([grid, extra], ignore_index=True).drop_duplicates().astype("string")
    out = (grid.merge(per_inv.reset_index().rename(columns={"inviter_id": "staff_id"}), on=["event_id", "staff_id"],
                      how="left")
               .merge(per_chain.reset_index().rename(columns={"inviter_id": "staff_id"}),
                      on=["event_id", "staff_id"], how="left")
               .merge(st[["staff_id", "role"]], on="staff_id", how="left"))
    counts = ["invitations", "invitees_came", "guests_brought", "attendees", "strangers", "invitees_alone"]
    out = out.assign(**{c: _int(out[c]) for c in counts})
    eligible = out["role"].isin(list(ELIGIBLE_ROLES)).fillna(False).to_numpy(dtype=bool)
    checked = out["event_id"].map(ev.set_index("event_id")["kind"].astype("string").isin(list(rule_kinds)))
    checked = checked.fillna(False).to_numpy(dtype=bool)
    n = out["invitations"].to_numpy()
    invite = np.select([n == per_staff, n == 0, n < per_staff], ["ok", "none", "fewer"], "more").astype(object)
    bring = np.select([n == 0, out["invitees_came"].to_numpy() == 0, out["invitees_alone"].to_numpy() > 0],
                      ["no_invitation", "no_invitee_came", "came_alone"], "ok").astype(object)
    for arr in (invite, bring):
        arr[~eligible] = "excluded"
        arr[~checked] = "not_checked"
    out = out.assign(eligible=eligible, invite_check=pd.array(invite, dtype="string"),
                     bring_check=pd.array(bring, dtype="string"), role=out["role"].astype("string"))
    cols = ["event_id", "staff_id", "role", "eligible"] + counts[:5] + ["invitees_alone", "invite_check",
                                                                         "bring_check"]
    return out[list(dict.fromkeys(cols))].sort_values(["event_id", "staff_id"], kind="stable").reset_index(drop=True)


@_tidy
def chain_summary(invitations: pd.DataFrame, attendance: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Per event: the chains that brought the audience, and the multiplier.

    Parameters
    ----------
    invitations, attendance, events : pandas.DataFrame
        The contract's tables; every event of ``events`` gets a row.

    Returns
    -------
    pandas.DataFrame
        One row per event with int64 counts ``staff_invitations``,
        ``staff_invitees_came``, ``staff_guests``, ``partner_invitations``,
        ``partner_invitees_came``, ``partner_guests``, ``walk_ins``,
        ``walk_in_guests``, ``unattributed``, ``attendees`` and the floats:

        - ``multiplier``: ``attendees / staff_invitations`` — attendees per
          staff invitation (the salon case: 38 / 7 = 5.43);
        - ``staff_multiplier``: ``(staff_invitees_came + staff_guests) /
          staff_invitations`` — what each staff invitation brought by itself
          (16 / 7 = 2.29);
        - ``partner_multiplier``: the same for partner invitations.

        Multipliers are NaN without invitations of that kind.

    Examples
    --------
    >>> t = example_tables()
    >>> s = chain_summary(t["invitations"], t["attendance"], t["events"])
    >>> s[["staff_invitations", "staff_guests", "walk_ins", "attendees", "multiplier"]]
       staff_invitations  staff_guests  walk_ins  attendees  multiplier
    0                  2             1         1          4         2.0
    """
    func = "chain_summary"
    ev = _events(events, func)
    chain = attendance_chain(attendance, invitations)
    inv = _invitations(invitations, func)
    ids = ev["event_id"]

    def count(mask, frame=chain):
        return _int(ids.map(frame.loc[mask].groupby("event_id").size()))

    guest = chain["derived_source"] == "brought_along"
    head = ~guest
    k = chain["chain_kind"]
    inv_kinds = inv.drop_duplicates(["event_id", "person_id", "inviter_kind"])
    staff_inv = _int(ids.map(inv_kinds.loc[inv_kinds["inviter_kind"] == "staff"].groupby("event_id").size()))
    partner_inv = _int(ids.map(inv_kinds.loc[inv_kinds["inviter_kind"] == "partner"].groupby("event_id").size()))
    out = pd.DataFrame({
        "event_id": ids.to_numpy(),
        "staff_invitations": staff_inv,
        "staff_invitees_came": count((k == "staff") & head),
        "staff_guests": count((k == "staff") & guest),
        "partner_invitations": partner_inv,
        "partner_invitees_came": count((k == "partner") & head),
        "partner_guests": count((k == "partner") & guest),
        "walk_ins": count((k == "walk_in") & head),
        "walk_in_guests": count((k == "walk_in") & guest),
        "unattributed": count(k == "unattributed"),
        "attendees": count(pd.Series(True, index=chain.index)),
    })
    return out.assign(
        event_id=out["event_id"].astype("string"),
        multiplier=_ratio(out["attendees"], out["staff_invitations"]),
        staff_multiplier=_ratio(out["staff_invitees_came"] + out["staff_guests"], out["staff_invitations"]),
        partner_multiplier=_ratio(out["partner_invitees_came"] + out["partner_guests"], out["partner_invitations"]))


def _history(invitations, attendance, events, kind, func):
    ev = _events(events, func, ("event_id", "kind"))
    if kind is not None:
        if kind not in ("booth", "salon", "activity"):
            raise ParameterError(f"{func}: kind must be booth, salon, activity or None, got {kind!r}.")
        ev = ev.loc[(ev["kind"].astype("string") == kind).fillna(False).to_numpy()]
    ids = set(ev["event_id"])
    att = _frame(attendance, "attendance", ("event_id",), func)
    inv = _frame(invitations, "invitations", ("event_id",), func)
    att = att.loc[att["event_id"].astype("string").isin(ids).fillna(False).to_numpy()]
    inv = inv.loc[inv["event_id"].astype("string").isin(ids).fillna(False).to_numpy()]
    chain = attendance_chain(att, inv)
    inv = _invitations(inv, func)
    return ev, inv, chain


def _heads_and_guests(inv: pd.DataFrame, chain: pd.DataFrame, ck: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per chain kind: one row per head (invitee, or walk-in) with came, guests, stranger; and the guests."""
    guests = chain.loc[(chain["chain_kind"] == ck) & (chain["derived_source"] == "brought_along")]
    if ck == "walk_in":
        heads = chain.loc[(chain["chain_kind"] == "walk_in") & (chain["derived_source"] == "walk_in")]
        heads = heads[["event_id", "person_id", "stranger"]].assign(came=True)
    else:
        invited = inv.loc[inv["inviter_kind"] == ck].drop_duplicates(["event_id", "person_id"])
        heads = invited[["event_id", "person_id"]].merge(
            chain.loc[chain["derived_source"] != "brought_along", ["event_id", "person_id", "stranger"]],
            on=["event_id", "person_id"], how="left")
        heads = heads.assign(came=heads["stranger"].notna())
    n_guests = guests.groupby(["event_id", "host_id"]).size()
    key = pd.MultiIndex.from_arrays([heads["event_id"], heads["person_id"]])
    heads = heads.assign(guests=np.asarray(n_guests.reindex(key).fillna(0), dtype=np.int64))
    return heads.reset_index(drop=True), guests


@_tidy
def chain_rates(invitations: pd.DataFrame, attendance: pd.DataFrame, events: pd.DataFrame, kind: str | None = None,
                level: float = 0.95) -> pd.DataFrame:
    """Show-up and bring-along rates of past events, per chain kind (the planner's inputs).

    Parameters
    ----------
    invitations, attendance, events : pandas.DataFrame
        The history: the contract's tables for the branch's past events.
    kind : {"booth", "salon", "activity"} or None
        Use only events of this kind (comparable events); None uses all.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Rows ``staff``, ``partner`` and ``walk_in`` with columns:

        - ``chain_kind`` (str), ``events`` (int64: events in the history);
        - ``invited`` (int64; 0 for walk_in), ``came`` (int64: invitees who
          came; walk-ins for walk_in);
        - ``rate``, ``ci_low``, ``ci_high``: show-up rate ``came / invited``
          with its Wilson interval (NaN for walk_in);
        - ``guests`` (int64): guests brought along by those who came;
        - ``guests_per_attendee`` (float): ``guests / came``;
        - ``head_strangers``, ``guest_strangers`` (int64): non-customers among
          those who came and among their guests;
        - ``attendees`` (int64): ``came + guests``; ``strangers`` (int64);
        - ``stranger_rate`` (float): ``strangers / attendees``.

    Examples
    --------
    >>> t = example_tables()
    >>> chain_rates(t["invitations"], t["attendance"], t["events"])[["chain_kind", "invited", "came", "rate", "guests"]]
      chain_kind  invited  came  rate  guests
    0      staff        2     1   0.5       1
    1    partner        1     1   1.0       0
    2    walk_in        0     1   NaN       0
    """
    func = "chain_rates"
    level = check_level(level, func)
    ev, inv, chain = _history(invitations, attendance, events, kind, func)
    rows = []
    for ck in ("staff", "partner", "walk_in"):  # three chain kinds
        heads, guests = _heads_and_guests(inv, chain, ck)
        came = heads.loc[heads["came"]]
        rows.append({"chain_kind": ck, "events": len(ev), "invited": 0 if ck == "walk_in" else len(heads),
                     "came": len(came), "guests": len(guests), "head_strangers": int(came["stranger"].sum()),
                     "guest_strangers": int(guests["stranger"].sum())})
    out = pd.DataFrame(rows)
    out = out.astype({c: np.int64 for c in ("events", "invited", "came", "guests", "head_strangers",
                                            "guest_strangers")})
    walk = (out["chain_kind"] == "walk_in").to_numpy()
    out = _with_rate(out.assign(_x=np.where(walk, 0, out["came"])), "_x", "invited", level).drop(columns="_x")
    out.loc[walk, ["rate", "ci_low", "ci_high"]] = np.nan
    attendees = out["came"] + out["guests"]
    strangers = out["head_strangers"] + out["guest_strangers"]
    return out.assign(chain_kind=out["chain_kind"].astype("string"),
                      guests_per_attendee=_ratio(out["guests"], out["came"]),
                      attendees=attendees.astype(np.int64), strangers=strangers.astype(np.int64),
                      stranger_rate=_ratio(strangers, attendees))[
        ["chain_kind", "events", "invited", "came", "rate", "ci_low", "ci_high", "guests", "guests_per_attendee",
         "head_strangers", "guest_strangers", "attendees", "strangers", "stranger_rate"]]


@_tidy
def plan_event(invitations: pd.DataFrame, attendance: pd.DataFrame, events: pd.DataFrame, staff_invitations: int,
               partner_invitations: int, rng: np.random.Generator, kind: str | None = None,
               walk_ins: float | None = None, level: float = 0.95, standard: float = 0.70,
               n_sims: int = 10_000) -> pd.DataFrame:
    """Expected attendance and stranger ratio of a planned event, with a prediction interval.

    Parameters
    ----------
    invitations, attendance, events : pandas.DataFrame
        The branch's past events (the history the rates are estimated from).
    staff_invitations : int
        Invitations the staff will send (e.g. 7 eligible staff × 1).
    partner_invitations : int
        Invitations the partner merchant will send.
    rng : numpy.random.Generator
        The random generator, e.g. ``numpy.random.default_rng(0)``; the same
        seed gives the same result.
    kind : {"booth", "salon", "activity"} or None
        Estimate from comparable past events only (recommended: the planned
        event's kind); None uses all.
    walk_ins : float, optional
        Expected walk-ins (with the guests they bring); None estimates it from
        the history (mean per event).
    level : float, default 0.95
        Level of the prediction interval.
    standard : float, default 0.70
    n_sims : int, default 10000
        Number of simulated events.

    Returns
    -------
    pandas.DataFrame
        Rows ``attendees``, ``strangers``, ``stranger_ratio`` and
        ``reaches_standard``, with columns ``measure`` (str), ``estimate``
        (mean over the simulations; for ``reaches_standard`` the share of
        simulated events whose stranger ratio is at least ``standard``),
        ``ci_low``, ``ci_high`` (equal-tailed percentile interval at
        ``level``; NaN for ``reaches_standard``), ``n_sims`` (int64) and
        ``note`` (str: which inputs had no history, else empty).

    Raises
    ------
    ParameterError
        If ``rng`` is not a ``numpy.random.Generator``, or a count, level or
        ``n_sims`` is invalid.

    Notes
    -----
    **Simulation, not an analytic formula — why.** The attendance of an event
    is a sum of random chains: each invitation is accepted or not, each
    invitee who comes brings 0, 1, 2 … guests, and each person is a stranger
    or not; the stranger ratio is a ratio of two such random sums. The rates
    themselves are estimated from a few past events and are uncertain. A
    delta-method formula would give a symmetric interval that ignores the
    discreteness of small counts and can leave [0, 1]; simulating the event
    carries both sources of uncertainty through exactly and is cheap.

    Each simulated event draws, for staff and for partner invitations:
    the show-up rate from its Jeffreys posterior
    :math:`\\mathrm{Beta}(x + 1/2, n - x + 1/2)` (x of n invitees came in the
    history), the number who come :math:`\\sim \\mathrm{Binomial}`, the
    distribution of guests per attendee from a Dirichlet posterior over the
    observed guest counts (:math:`\\mathrm{Dir}(\\text{counts} + 1/2)`), their
    guests (multinomial), and the strangers among invitees and guests from
    Beta posteriors of the historical stranger shares. Walk-ins (with their
    guests) are Poisson with a rate drawn from its Jeffreys posterior
    :math:`\\mathrm{Gamma}(W + 1/2, \\text{events})`, or fixed at ``walk_ins``.
    A kind without history falls back to the uninformative prior (a very wide
    interval; ``note`` says so) and to no guests. Guests are simulated per
    invitee who comes, from the direct guests of the past invitees; guests of
    guests and guests of invitees who stayed away (rare) are not simulated. The interval is a
    prediction interval for one future event, not a confidence interval of a
    mean. Independence between people of one event is assumed.

    Examples
    --------
    >>> t = example_tables()
    >>> import numpy as np
    >>> p = plan_event(t["invitations"], t["attendance"], t["events"], staff_invitations=7,
    ...                partner_invitations=15, rng=np.random.default_rng(1))
    >>> p["measure"].tolist()
    ['attendees', 'strangers', 'stranger_ratio', 'reaches_standard']
    """
    func = "plan_event"
    if not isinstance(rng, np.random.Generator):
        raise ParameterError(f"{func}: rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(0); "
                             f"got {type(rng).__name__}.")
    level = check_level(level, func)
    standard = _check_fraction(standard, "standard", func)
    n_staff = _check_count(staff_invitations, "staff_invitations", func)
    n_partner = _check_count(partner_invitations, "partner_invitations", func)
    n_sims = _check_count(n_sims, "n_sims", func)
    if n_sims < 100:
        raise ParameterError(f"{func}: n_sims must be at least 100 for a stable interval, got {n_sims}.")
    if walk_ins is not None:
        walk_ins = _check_number(walk_ins, "walk_ins", func)
    ev, inv, chain = _history(invitations, attendance, events, kind, func)
    n_events = len(ev)
    notes = []
    total = np.zeros(n_sims, dtype=np.int64)
    strangers = np.zeros(n_sims, dtype=np.int64)
    for ck, n_inv in (("staff", n_staff), ("partner", n_partner)):  # two invitation channels
        heads, guests = _heads_and_guests(inv, chain, ck)
        if n_inv == 0:
            continue
        came = heads.loc[heads["came"]]
        if len(heads) == 0:
            notes.append(f"no past {ck} invitations: show-up rate unknown (uniform prior), no guests assumed")
        p_show = rng.beta(int(heads["came"].sum()) + 0.5, len(heads) - int(heads["came"].sum()) + 0.5, n_sims)
        n_came = rng.binomial(n_inv, p_show)
        values = np.arange(int(came["guests"].max()) + 1 if len(came) else 1)
        freq = np.bincount(came["guests"].to_numpy(dtype=np.int64), minlength=len(values)).astype(float)
        w = rng.dirichlet(freq + 0.5, n_sims) if len(values) > 1 else np.ones((n_sims, 1))
        n_guests = (rng.multinomial(n_came, w) * values).sum(axis=1)
        hs = int(came["stranger"].sum())
        gs, gn = int(guests["stranger"].sum()), len(guests)
        s_heads = rng.binomial(n_came, rng.beta(hs + 0.5, len(came) - hs + 0.5, n_sims))
        s_guests = rng.binomial(n_guests, rng.beta(gs + 0.5, gn - gs + 0.5, n_sims))
        total += n_came + n_guests
        strangers += s_heads + s_guests
    walk = chain.loc[chain["chain_kind"] == "walk_in"]
    ws = int(walk["stranger"].sum())
    if walk_ins is None:
        if n_events == 0:
            notes.append("no past events: no walk-ins assumed")
            lam = np.zeros(n_sims)
        else:
            lam = rng.gamma(len(walk) + 0.5, 1.0 / n_events, n_sims)
    else:
        lam = np.full(n_sims, walk_ins)
    n_walk = rng.poisson(lam)
    total += n_walk
    strangers += rng.binomial(n_walk, rng.beta(ws + 0.5, len(walk) - ws + 0.5, n_sims))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(total > 0, strangers / np.where(total > 0, total, 1), np.nan)
    a = (1 - level) / 2
    finite = ratio[~np.isnan(ratio)]

    def interval(x):
        return (float(np.quantile(x, a)), float(np.quantile(x, 1 - a))) if len(x) else (np.nan, np.nan)

    rows = [("attendees", float(total.mean()), *interval(total)),
            ("strangers", float(strangers.mean()), *interval(strangers)),
            ("stranger_ratio", float(finite.mean()) if len(finite) else np.nan, *interval(finite)),
            ("reaches_standard", float(np.mean(np.nan_to_num(ratio, nan=0.0) >= standard)), np.nan, np.nan)]
    out = pd.DataFrame(rows, columns=["measure", "estimate", "ci_low", "ci_high"])
    return out.assign(measure=out["measure"].astype("string"), n_sims=np.int64(n_sims),
                      note=pd.array(["; ".join(notes)] * len(out), dtype="string"))


# ---------------------------------------------------------------------------
# arrival flow
# ---------------------------------------------------------------------------


def _arrivals(attendance, events, func):
    ev = _events(events, func, ("event_id", "starts_at", "ends_at"))
    att = _checkins(attendance, func)
    att = att.loc[att["arrived_at"].notna() & att["event_id"].isin(ev["event_id"])]
    return ev, att


@_tidy
def arrivals_by_quarter(attendance: pd.DataFrame, events: pd.DataFrame, pooled: bool = False) -> pd.DataFrame:
    """Arrivals per quarter hour of each event, including the quarters nobody arrived in.

    Parameters
    ----------
    attendance, events : pandas.DataFrame
        Check-ins and the ``events`` table (``event_id``, ``starts_at``,
        ``ends_at``).
    pooled : bool, default False
        Add up all events by time from their start (quarter hours counted
        from each event's start), e.g. to see the usual arrival pattern of a
        branch's events.

    Returns
    -------
    pandas.DataFrame
        One row per event and quarter hour from the earlier of the start and
        the first arrival to the later of the end and the last arrival:
        ``event_id``, ``quarter`` (start of the quarter hour, datetime),
        ``minutes_from_start`` (int64, negative before the start),
        ``arrivals`` (int64: distinct people checking in). Events without
        check-ins are absent. With ``pooled=True`` one row per quarter hour
        from the start: ``event_id`` is ``"all"``, ``quarter`` is empty (NaT),
        ``minutes_from_start`` the start of the quarter hour relative to each
        event's start, ``arrivals`` the total over the events.

    Examples
    --------
    >>> t = example_tables()
    >>> q = arrivals_by_quarter(t["attendance"], t["events"])
    >>> q["minutes_from_start"].tolist(), q["arrivals"].tolist()
    ([-15, 0, 15, 30, 45, 60, 75], [3, 0, 1, 0, 0, 0, 0])
    >>> arrivals_by_quarter(t["attendance"], t["events"], pooled=True)["arrivals"].tolist()
    [3, 0, 1, 0, 0, 0, 0]
    """
    func = "arrivals_by_quarter"
    ev, att = _arrivals(attendance, events, func)
    if pooled and not att.empty:
        info = ev.set_index("event_id")
        start = _lookup(att["event_id"], info["starts_at"])
        offset = (att["arrived_at"] - start) // pd.Timedelta(minutes=15) * 15
        dur = ((info["ends_at"] - info["starts_at"]) // pd.Timedelta(minutes=1)).max()
        lo = int(min(offset.min(), 0))
        hi = int(max(offset.max(), (dur - 1) // 15 * 15 if pd.notna(dur) else 0))
        grid = np.arange(lo, hi + 15, 15, dtype=np.int64)
        counts = offset.value_counts().reindex(grid).fillna(0)
        return pd.DataFrame({"event_id": pd.array(["all"] * len(grid), dtype="string"),
                             "quarter": pd.Series(pd.NaT, index=range(len(grid)), dtype="datetime64[ns]"),
                             "minutes_from_start": grid, "arrivals": _int(counts)})
    if att.empty:
        return pd.DataFrame({"event_id": pd.Series([], dtype="string"),
                             "quarter": pd.Series([], dtype="datetime64[ns]"),
                             "minutes_from_start": pd.Series([], dtype=np.int64),
                             "arrivals": pd.Series([], dtype=np.int64)})
    q = att.assign(quarter=att["arrived_at"].dt.floor("15min"))
    counts = q.groupby(["event_id", "quarter"]).size().rename("arrivals")
    span = att.groupby("event_id")["arrived_at"].agg(["min", "max"]).join(ev.set_index("event_id")[["starts_at",
                                                                                                   "ends_at"]])
    lo = np.minimum(span["min"], span["starts_at"].fillna(span["min"])).dt.floor("15min")
    hi = np.maximum(span["max"], (span["ends_at"] - pd.Timedelta(minutes=1)).fillna(span["max"])).dt.floor("15min")
    n = ((hi - lo) // pd.Timedelta(minutes=15)).astype(np.int64) + 1
    ids = np.repeat(span.index.to_numpy(), n.to_numpy())
    counts_ = n.to_numpy()
    step = np.arange(counts_.sum()) - np.repeat(np.cumsum(counts_) - counts_, counts_)
    quarter = np.repeat(lo.to_numpy(), n.to_numpy()) + step * np.timedelta64(15, "m")
    grid = pd.DataFrame({"event_id": ids, "quarter": quarter})
    out = grid.join(counts, on=["event_id", "quarter"])
    start = _lookup(out["event_id"], span["starts_at"]).fillna(out["quarter"])
    return pd.DataFrame({
        "event_id": out["event_id"].astype("string").to_numpy(),
        "quarter": out["quarter"].astype("datetime64[ns]").to_numpy(),
        "minutes_from_start": np.asarray((out["quarter"] - start) // pd.Timedelta(minutes=1), dtype=np.int64),
        "arrivals": _int(out["arrivals"]),
    })


@_tidy
def arrival_gaps(attendance: pd.DataFrame, events: pd.DataFrame, min_gap: float = 10,
                 edge_kinds: Sequence[str] = ("booth",)) -> pd.DataFrame:
    """Gaps of ``min_gap`` minutes or more between consecutive arrivals.

    Parameters
    ----------
    attendance, events : pandas.DataFrame
        Check-ins and the ``events`` table (``event_id``, ``starts_at``,
        ``ends_at``; ``kind`` for ``edge_kinds``).
    min_gap : float, default 10
        Shortest gap listed, in minutes (the greeter keeps the booth busy: no
        10-minute gaps).
    edge_kinds : sequence of str, default ("booth",)
        Event kinds where the time from the start to the first arrival and
        from the last arrival to the end also counts (a booth should draw
        visitors throughout; a salon's audience arrives before it starts).

    Returns
    -------
    pandas.DataFrame
        One row per gap, sorted by event and time: ``event_id``,
        ``gap_start``, ``gap_end`` (datetime), ``minutes`` (float),
        ``position`` (``between``, ``before_first`` or ``after_last``).

    Notes
    -----
    Arrivals are each person's first check-in; people arriving in the same
    minute leave no gap.

    Examples
    --------
    >>> import pandas as pd
    >>> att = pd.DataFrame({"event_id": "E1", "person_id": list("abc"), "is_bank_customer": False,
    ...                     "arrived_at": pd.to_datetime(["2026-07-01 10:00", "2026-07-01 10:04",
    ...                                                   "2026-07-01 10:20"])})
    >>> ev = pd.DataFrame({"event_id": ["E1"], "kind": ["salon"],
    ...                    "starts_at": pd.to_datetime(["2026-07-01 10:00"]),
    ...                    "ends_at": pd.to_datetime(["2026-07-01 11:30"])})
    >>> arrival_gaps(att, ev)[["minutes", "position"]]
       minutes position
    0     16.0  between
    """
    func = "arrival_gaps"
    min_gap = _check_number(min_gap, "min_gap", func)
    if isinstance(edge_kinds, str):
        edge_kinds = [edge_kinds]
    ev, att = _arrivals(attendance, events, func)
    att = att.sort_values(["event_id", "arrived_at"], kind="stable")
    prev = att.groupby("event_id")["arrived_at"].shift(1)
    between = pd.DataFrame({"event_id": att["event_id"], "gap_start": prev, "gap_end": att["arrived_at"],
                            "position": "between"}).dropna(subset=["gap_start"])
    parts = [between]
    if "kind" in ev.columns and len(att):
        edge = ev.loc[ev["kind"].astype("string").isin(list(edge_kinds)).fillna(False).to_numpy()]
        span = att.groupby("event_id")["arrived_at"].agg(["min", "max"])
        edge = edge.join(span, on="event_id", how="inner")
        parts += [pd.DataFrame({"event_id": edge["event_id"], "gap_start": edge["starts_at"], "gap_end": edge["min"],
                                "position": "before_first"}),
                  pd.DataFrame({"event_id": edge["event_id"], "gap_start": edge["max"], "gap_end": edge["ends_at"],
                                "position": "after_last"})]
    gaps = pd.concat(parts, ignore_index=True)
    gaps = gaps.assign(minutes=(gaps["gap_end"] - gaps["gap_start"]) / pd.Timedelta(minutes=1))
    gaps = gaps.loc[gaps["minutes"].notna() & (gaps["minutes"] >= min_gap)]
    gaps = gaps.sort_values(["event_id", "gap_start"], kind="stable").reset_index(drop=True)
    return pd.DataFrame({"event_id": gaps["event_id"].astype("string"),
                         "gap_start": gaps["gap_start"].astype("datetime64[ns]"),
                         "gap_end": gaps["gap_end"].astype("datetime64[ns]"),
                         "minutes": gaps["minutes"].astype(float),
                         "position": gaps["position"].astype("string")})


@_tidy
def arrival_flow(attendance: pd.DataFrame, events: pd.DataFrame, min_gap: float = 10,
                 practice_minutes: float = PRACTICE_MINUTES, edge_kinds: Sequence[str] = ("booth",)) -> pd.DataFrame:
    """Per event: duration against the 1.5-hour practice, arrival window, busiest quarter, long gaps.

    Parameters
    ----------
    attendance, events : pandas.DataFrame
        Check-ins and the ``events`` table (``event_id``, ``starts_at``,
        ``ends_at``, ``kind``).
    min_gap : float, default 10
        Gap length (minutes) counted as long (:func:`arrival_gaps`).
    practice_minutes : float, default 90
        The practice duration of an event.
    edge_kinds : sequence of str, default ("booth",)
        As in :func:`arrival_gaps`.

    Returns
    -------
    pandas.DataFrame
        One row per event of ``events``: ``event_id``, ``starts_at``,
        ``ends_at``, ``duration_minutes`` (float: ends_at − starts_at),
        ``practice_minutes``, ``over_practice_minutes`` (duration − practice),
        ``arrivals`` (int64), ``first_arrival``, ``last_arrival`` (datetime),
        ``arrival_span_minutes`` (float), ``busiest_quarter`` (datetime),
        ``busiest_arrivals`` (int64), ``long_gaps`` (int64),
        ``longest_gap_minutes`` (float; 0 when there is none; NaN without
        arrivals).

    Examples
    --------
    >>> t = example_tables()
    >>> arrival_flow(t["attendance"], t["events"])[["duration_minutes", "arrivals", "long_gaps", "longest_gap_minutes"]]
       duration_minutes  arrivals  long_gaps  longest_gap_minutes
    0              90.0         4          1                 22.0
    """
    func = "arrival_flow"
    practice_minutes = _check_number(practice_minutes, "practice_minutes", func)
    ev, att = _arrivals(attendance, events, func)
    quarters = arrivals_by_quarter(attendance, ev)
    gaps = arrival_gaps(attendance, ev, min_gap=min_gap, edge_kinds=edge_kinds)
    all_gaps = arrival_gaps(attendance, ev, min_gap=0, edge_kinds=edge_kinds)
    ids = ev["event_id"]
    span = att.groupby("event_id")["arrived_at"].agg(["min", "max", "size"])
    busiest = quarters.sort_values(["event_id", "arrivals", "quarter"], ascending=[True, False, True],
                                   kind="stable").drop_duplicates("event_id").set_index("event_id")
    longest = all_gaps.groupby("event_id")["minutes"].max()
    n_arr = _int(ids.map(span["size"]))
    duration = (ev["ends_at"] - ev["starts_at"]) / pd.Timedelta(minutes=1)
    first = _lookup(ids, span["min"]).astype("datetime64[ns]")
    last = _lookup(ids, span["max"]).astype("datetime64[ns]")
    return pd.DataFrame({
        "event_id": ids.astype("string").to_numpy(),
        "starts_at": ev["starts_at"].to_numpy(),
        "ends_at": ev["ends_at"].to_numpy(),
        "duration_minutes": duration.to_numpy(dtype=float),
        "practice_minutes": np.full(len(ev), practice_minutes),
        "over_practice_minutes": (duration - practice_minutes).to_numpy(dtype=float),
        "arrivals": n_arr,
        "first_arrival": first.to_numpy(),
        "last_arrival": last.to_numpy(),
        "arrival_span_minutes": ((last - first) / pd.Timedelta(minutes=1)).to_numpy(dtype=float),
        "busiest_quarter": _lookup(ids, busiest["quarter"]).astype("datetime64[ns]").to_numpy(),
        "busiest_arrivals": _int(ids.map(busiest["arrivals"])),
        "long_gaps": _int(ids.map(gaps.groupby("event_id").size())),
        "longest_gap_minutes": np.where(n_arr > 0, ids.map(longest).fillna(0.0).to_numpy(dtype=float), np.nan),
    })


@_tidy
def arrival_timeline(attendance: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Arrivals ready for :func:`analysis.plots.timeline` (one lane per source, or per event).

    Parameters
    ----------
    attendance, events : pandas.DataFrame
        Check-ins and the ``events`` table (``event_id``, ``starts_at``;
        ``theme`` for the lane names).

    Returns
    -------
    pandas.DataFrame
        One row per distinct arrival: ``event_id``, ``source`` (recorded),
        ``arrived_at``, ``clock`` and ``lane``. With one event, ``clock`` is
        the arrival time and ``lane`` the source; with several, ``clock`` puts
        every arrival on the date of the first event at its own time of day
        (so the events can be compared on one HH:MM axis) and ``lane`` is
        the event (id and theme).

    Examples
    --------
    >>> t = example_tables()
    >>> arrival_timeline(t["attendance"], t["events"])["lane"].tolist()
    ['staff_invite', 'brought_along', 'partner_invite', 'walk_in']
    """
    func = "arrival_timeline"
    ev, att = _arrivals(attendance, events, func)
    att = att.sort_values(["event_id", "arrived_at"], kind="stable").reset_index(drop=True)
    source = att["source"].astype("string")
    if att["event_id"].nunique() <= 1:
        clock, lane = att["arrived_at"], source
    else:
        day = ev["starts_at"].min().normalize()
        clock = day + (att["arrived_at"] - att["arrived_at"].dt.normalize())
        theme = ev.set_index("event_id")["theme"].astype("string") if "theme" in ev.columns else None
        lane = att["event_id"] + (" " + att["event_id"].map(theme).fillna("") if theme is not None else "")
    return pd.DataFrame({"event_id": att["event_id"].astype("string"), "source": source,
                         "arrived_at": att["arrived_at"].astype("datetime64[ns]"),
                         "clock": clock.astype("datetime64[ns]"), "lane": lane.astype("string").str.strip()})


def timeline_marks(events: pd.DataFrame, language: str = "zh") -> dict[str, pd.Timestamp]:
    """Start and end marks for :func:`analysis.plots.timeline` when ``events`` holds one event.

    Returns ``{"开始": starts_at, "结束": ends_at}`` (``"start"``/``"end"`` in
    English) for a single event, and an empty dict otherwise (several events
    share no start).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1"], "starts_at": pd.to_datetime(["2026-07-18 14:00"]),
    ...                    "ends_at": pd.to_datetime(["2026-07-18 15:30"])})
    >>> list(timeline_marks(ev))
    ['开始', '结束']
    """
    ev = _events(events, "timeline_marks", ("event_id", "starts_at", "ends_at"))
    if len(ev) != 1:
        return {}
    names = ("开始", "结束") if language == "zh" else ("start", "end")
    return {names[0]: ev["starts_at"].iloc[0], names[1]: ev["ends_at"].iloc[0]}


# ---------------------------------------------------------------------------
# scorecard, costs and sales
# ---------------------------------------------------------------------------


def _deals_in_window(ev: pd.DataFrame, chain: pd.DataFrame, deals: pd.DataFrame, window_hours: float,
                     func: str) -> pd.DataFrame:
    """Deals of attendees closed between the event's start and its end + window (one row per deal and event)."""
    d = _frame(deals, "deals", ("person_id", "amount", "closed_at"), func)
    if "staff_id" not in d.columns:
        d = d.assign(staff_id=pd.Series(pd.NA, index=d.index, dtype="string"))
    d = d.assign(person_id=_ids(d["person_id"]), staff_id=_ids(d["staff_id"]),
                 _deal=np.arange(len(d)) if "deal_id" not in d.columns else d["deal_id"].astype("string"))
    m = chain[["event_id", "person_id", "stranger"]].merge(
        ev[["event_id", "starts_at", "ends_at"]], on="event_id").merge(
        d[["person_id", "_deal", "staff_id", "amount", "closed_at"]], on="person_id")
    end = m["ends_at"].fillna(m["starts_at"]) + pd.Timedelta(hours=window_hours)
    keep = (m["closed_at"] >= m["starts_at"]) & (m["closed_at"] <= end)
    return m.loc[keep.fillna(False).to_numpy()].reset_index(drop=True)


@_tidy
def sales_after_event(events: pd.DataFrame, attendance: pd.DataFrame, deals: pd.DataFrame,
                      window_hours: float = 72, level: float = 0.95) -> pd.DataFrame:
    """Sales to attendees within 72 hours of the event, stranger vs existing customer.

    Parameters
    ----------
    events : pandas.DataFrame
        ``event_id``, ``starts_at``, ``ends_at``.
    attendance : pandas.DataFrame
        Check-ins.
    deals : pandas.DataFrame
        The ``deals`` table (``person_id``, ``amount``, ``closed_at``).
    window_hours : float, default 72
        Hours after the event's end (the hesitation window of the 24/72 rule).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Per event two rows, ``customer`` = ``existing`` and ``stranger``:
        ``event_id``, ``customer`` (str), ``attendees`` (int64),
        ``buyers`` (int64: attendees with at least one deal in the window),
        ``rate``, ``ci_low``, ``ci_high`` (buyers / attendees, Wilson),
        ``deals`` (int64), ``amount`` (float, yuan).

    Notes
    -----
    A deal counts when its buyer checked in at the event and it closed
    between the event's start and ``window_hours`` after its end, whatever
    event or group it is credited to in the deals table. A person who
    attended two events within the window counts for both.

    Examples
    --------
    >>> import pandas as pd
    >>> t = example_tables()
    >>> deals = pd.DataFrame({"person_id": ["A", "G"], "amount": [100_000.0, 50_000.0],
    ...                       "closed_at": pd.to_datetime(["2026-07-19 10:00", "2026-07-25 10:00"])})
    >>> sales_after_event(t["events"], t["attendance"], deals)[["customer", "attendees", "buyers", "deals", "amount"]]
       customer  attendees  buyers  deals    amount
    0  existing          1       1      1  100000.0
    1  stranger          3       0      0       0.0
    """
    func = "sales_after_event"
    level = check_level(level, func)
    window_hours = _check_number(window_hours, "window_hours", func)
    ev = _events(events, func, ("event_id", "starts_at", "ends_at"))
    chain = _checkins(attendance, func)
    chain = chain.loc[chain["event_id"].isin(ev["event_id"])]
    won = _deals_in_window(ev, chain, deals, window_hours, func)
    grid = pd.MultiIndex.from_product([ev["event_id"].tolist(), ["existing", "stranger"]],
                                      names=["event_id", "customer"])
    att = chain.assign(customer=np.where(chain["stranger"] == 1, "stranger", "existing"))
    won = won.assign(customer=np.where(won["stranger"] == 1, "stranger", "existing"))
    a = att.groupby(["event_id", "customer"]).size().rename("attendees")
    b = won.groupby(["event_id", "customer"]).agg(buyers=("person_id", "nunique"), deals=("_deal", "size"),
                                                  amount=("amount", "sum"))
    out = pd.DataFrame(index=grid).join(a).join(b).reset_index()
    out = out.assign(attendees=_int(out["attendees"]), buyers=_int(out["buyers"]), deals=_int(out["deals"]),
                     amount=out["amount"].fillna(0.0).astype(float), event_id=out["event_id"].astype("string"),
                     customer=out["customer"].astype("string"))
    out = _with_rate(out, "buyers", "attendees", level)
    return out[["event_id", "customer", "attendees", "buyers", "rate", "ci_low", "ci_high", "deals", "amount"]]


def _staff_role(staff) -> pd.Series:
    if staff is None:
        return pd.Series([], dtype="string")
    st = _staff(staff, "scorecard")
    return st.set_index("staff_id")["role"]


def _actuals(ev, chain, inv, staff, leads, deals, survey_responses, group_members, window_hours, func):
    """Long table event_id, metric, role (NA = whole event), actual."""
    role_of = _staff_role(staff)
    ids = ev["event_id"]
    parts = []

    def add(metric, values: pd.Series):
        """values indexed by event_id (events without a value get 0)."""
        s = values.reindex(ids.to_numpy()).fillna(0).astype(float)
        parts.append(pd.DataFrame({"event_id": ids.to_numpy(), "metric": metric, "role": None,
                                   "actual": s.to_numpy(dtype=float)}))

    def add_roles(metric, values: pd.Series):
        """values indexed by (event_id, role)."""
        if len(values) == 0:
            return
        df = values.rename("actual").reset_index()
        parts.append(pd.DataFrame({"event_id": df["event_id"].to_numpy(), "metric": metric,
                                   "role": df["role"].to_numpy(dtype=object), "actual": df["actual"].to_numpy(float)}))

    g = chain.groupby("event_id")
    att_n = g.size().reindex(ids).fillna(0)
    str_n = g["stranger"].sum().reindex(ids).fillna(0)
    add("attendees", att_n)
    add("strangers", str_n)
    parts.append(pd.DataFrame({"event_id": ids.to_numpy(), "metric": "stranger_ratio", "role": None,
                               "actual": _ratio(str_n, att_n)}))
    add("invitations", inv.drop_duplicates(["event_id", "person_id"]).groupby("event_id").size())
    sc = chain.loc[chain["chain_kind"] == "staff"].assign(role=lambda d: d["chain_inviter"].map(role_of))
    add_roles("attendees", sc.groupby(["event_id", "role"]).size())
    add_roles("strangers", sc.groupby(["event_id", "role"])["stranger"].sum())
    r_att = sc.groupby(["event_id", "role"]).size()
    add_roles("stranger_ratio", sc.groupby(["event_id", "role"])["stranger"].sum() / r_att)
    si = inv.loc[inv["inviter_kind"] == "staff"].assign(role=lambda d: d["inviter_id"].map(role_of))
    add_roles("invitations", si.drop_duplicates(["event_id", "inviter_id", "person_id"]).groupby(
        ["event_id", "role"]).size())
    if leads is not None:
        ld = _frame(leads, "leads", ("event_id",), func)
        ld = ld.assign(event_id=_ids(ld["event_id"]))
        add("leads", ld.groupby("event_id").size())
        if "assigned_to" in ld.columns:
            ld = ld.assign(role=_ids(ld["assigned_to"]).map(role_of))
            add_roles("leads", ld.groupby(["event_id", "role"]).size())
    if deals is not None:
        won = _deals_in_window(ev, chain, deals, window_hours, func)
        won = won.assign(role=won["staff_id"].map(role_of))
        add("deals", won.groupby("event_id").size())
        add("sales_amount", won.groupby("event_id")["amount"].sum())
        new = won.loc[won["stranger"] == 1]
        add("new_customers", new.groupby("event_id")["person_id"].nunique())
        add_roles("deals", won.groupby(["event_id", "role"]).size())
        add_roles("sales_amount", won.groupby(["event_id", "role"])["amount"].sum())
        add_roles("new_customers", new.groupby(["event_id", "role"])["person_id"].nunique())
    if survey_responses is not None and "event_id" in survey_responses.columns:
        sr = survey_responses.assign(event_id=_ids(survey_responses["event_id"]))
        add("survey_responses", sr.groupby("event_id").size())
    if group_members is not None and len(chain):
        gm = _frame(group_members, "group_members", ("person_id", "joined_at"), func)
        m = chain[["event_id", "person_id"]].merge(ev[["event_id", "starts_at", "ends_at"]], on="event_id").merge(
            gm.assign(person_id=_ids(gm["person_id"]))[["person_id", "joined_at"]], on="person_id")
        until = m["ends_at"] + pd.Timedelta(hours=window_hours)
        inside = (m["joined_at"] >= m["starts_at"]) & (m["joined_at"] <= until)
        add("wechat_joins", m.loc[inside.fillna(False).to_numpy()].groupby("event_id")["person_id"].nunique())
    out = pd.concat(parts, ignore_index=True)
    return out.assign(event_id=out["event_id"].astype("string"), metric=out["metric"].astype("string"),
                      role=out["role"].astype("string"))


@_tidy
def scorecard(event_targets: pd.DataFrame, events: pd.DataFrame, attendance: pd.DataFrame,
              invitations: pd.DataFrame, staff: pd.DataFrame | None = None, leads: pd.DataFrame | None = None,
              deals: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
              group_members: pd.DataFrame | None = None, window_hours: float = 72) -> pd.DataFrame:
    """SMART scorecard: each target of ``event_targets`` with its actual value, attainment and pass/fail.

    Parameters
    ----------
    event_targets : pandas.DataFrame
        ``event_id``, ``metric``, ``target``, ``role`` (empty: the whole event).
    events, attendance, invitations : pandas.DataFrame
        The contract's tables.
    staff : pandas.DataFrame, optional
        Roles of the staff, for targets per role.
    leads, deals, survey_responses, group_members : pandas.DataFrame, optional
        The tables behind the metrics ``leads``; ``deals``, ``sales_amount``,
        ``new_customers``; ``survey_responses``; ``wechat_joins``. A metric
        whose table is not given has no actual (NaN).
    window_hours : float, default 72
        Deals, sales, new customers and WeChat joins count up to this many
        hours after the event's end (the time-bound part of SMART; 24/72 rule).

    Returns
    -------
    pandas.DataFrame
        One row per target, in the order of ``event_targets``: ``event_id``,
        ``metric``, ``role`` (str), ``target`` (float), ``actual`` (float;
        NaN when it cannot be measured), ``attainment`` (float:
        actual / target; NaN when the target is 0 or the actual unknown),
        ``passed`` (boolean: actual ≥ target; empty when unknown).

    Notes
    -----
    Actual values (whole event; per role where the data say who did it):

    - ``attendees``, ``strangers``, ``stranger_ratio``: distinct check-ins; per
      role, the chains started by that role's staff invitations;
    - ``invitations``: distinct invitees; per role, staff invitations by
      staff of that role;
    - ``leads``: leads of the event; per role, by ``assigned_to``;
    - ``deals``, ``sales_amount``: deals of attendees closed from the start to
      ``window_hours`` after the end (:func:`sales_after_event`); per role, by
      the deal's ``staff_id``; ``new_customers``: strangers among those
      buyers;
    - ``survey_responses``: responses filled in at the event;
    - ``wechat_joins``: attendees who joined a WeChat group in the window;
    - ``evaluation_score``: not in the data contract, always NaN.

    Examples
    --------
    >>> import pandas as pd
    >>> t = example_tables()
    >>> targets = pd.DataFrame({"event_id": "E1", "metric": ["attendees", "stranger_ratio"],
    ...                         "target": [3.0, 0.7], "role": None})
    >>> scorecard(targets, t["events"], t["attendance"], t["invitations"])[["metric", "target", "actual", "passed"]]
               metric  target  actual  passed
    0       attendees     3.0    4.00    True
    1  stranger_ratio     0.7    0.75    True
    """
    func = "scorecard"
    window_hours = _check_number(window_hours, "window_hours", func)
    tg = _frame(event_targets, "event_targets", ("event_id", "metric", "target"), func)
    _no_nulls(tg, "event_targets", ("event_id", "metric"), func)
    if "role" not in tg.columns:
        tg = tg.assign(role=pd.Series(pd.NA, index=tg.index, dtype="string"))
    ev = _events(events, func, ("event_id", "starts_at", "ends_at"))
    chain = attendance_chain(attendance, invitations)
    inv = _invitations(invitations, func)
    actual = _actuals(ev, chain, inv, staff, leads, deals, survey_responses, group_members, window_hours, func)
    actual = actual.assign(_role=actual["role"].fillna(""))
    tgt = pd.DataFrame({"event_id": _ids(tg["event_id"]).to_numpy(), "metric": tg["metric"].astype("string").to_numpy(),
                        "role": tg["role"].astype("string").to_numpy(),
                        "target": tg["target"].astype(float).to_numpy()})
    tgt = tgt.assign(_role=tgt["role"].fillna(""))
    out = tgt.merge(actual.drop(columns="role"), on=["event_id", "metric", "_role"], how="left").drop(columns="_role")
    # a role-level metric the data support but no row was produced for: the role did nothing (0)
    countable = out["metric"].isin(["attendees", "strangers", "invitations"]) | (
        out["metric"].isin(["leads"]) & (leads is not None)) | (
        out["metric"].isin(["deals", "sales_amount", "new_customers"]) & (deals is not None))
    attributable = out["role"].isna() | (staff is not None)  # per-role actuals need the staff table's roles
    fill = out["actual"].isna() & countable.fillna(False) & attributable & out["event_id"].isin(ev["event_id"])
    out.loc[fill.to_numpy(), "actual"] = 0.0
    actual_v = out["actual"].to_numpy(dtype=float)
    target_v = out["target"].to_numpy(dtype=float)
    passed = pd.Series(actual_v >= target_v - 1e-12, dtype="boolean").mask(np.isnan(actual_v))
    return out.assign(attainment=_ratio(actual_v, target_v), passed=passed)[
        ["event_id", "metric", "role", "target", "actual", "attainment", "passed"]]


@_tidy
def event_score(card: pd.DataFrame, pass_mark: float = 80.0) -> pd.DataFrame:
    """The evaluation score of each event from its scorecard, against a pass mark.

    Parameters
    ----------
    card : pandas.DataFrame
        The output of :func:`scorecard`.
    pass_mark : float, default 80.0
        Score (0–100) an event needs to pass.

    Returns
    -------
    pandas.DataFrame
        One row per event: ``event_id``, ``targets`` (int64), ``measured``
        (int64: targets with an actual value), ``met`` (int64), ``score``
        (float, 0–100; NaN if nothing could be measured), ``pass_mark``
        (float), ``passed`` (boolean).

    Notes
    -----
    :math:`\\text{score} = 100 \\cdot \\operatorname{mean}_i \\min(a_i, 1)`
    over the measured targets, :math:`a_i` = attainment. Capping at 100% keeps
    an overshoot on one target from hiding a miss on another; each target
    weighs the same.

    Examples
    --------
    >>> import pandas as pd
    >>> card = pd.DataFrame({"event_id": "E1", "metric": ["attendees", "leads"], "role": None,
    ...                      "target": [30.0, 10.0], "actual": [38.0, 6.0], "attainment": [38 / 30, 0.6],
    ...                      "passed": [True, False]})
    >>> event_score(card)[["targets", "met", "score", "passed"]]
       targets  met  score  passed
    0        2    1   80.0    True
    """
    func = "event_score"
    pass_mark = _check_number(pass_mark, "pass_mark", func)
    c = _frame(card, "scorecard", ("event_id", "attainment", "passed"), func)
    c = c.assign(_capped=np.minimum(c["attainment"].astype(float), 1.0),
                 _measured=c["attainment"].notna(), _met=c["passed"].fillna(False).astype(bool))
    g = c.groupby("event_id", sort=True).agg(targets=("attainment", "size"), measured=("_measured", "sum"),
                                             met=("_met", "sum"), score=("_capped", "mean"))
    g = g.reset_index()
    score = g["score"].to_numpy(dtype=float) * 100
    passed = pd.Series(score >= pass_mark, dtype="boolean").mask(np.isnan(score))
    return pd.DataFrame({"event_id": g["event_id"].astype("string"), "targets": _int(g["targets"]),
                         "measured": _int(g["measured"]), "met": _int(g["met"]), "score": score,
                         "pass_mark": np.full(len(g), pass_mark), "passed": passed})


@_tidy
def target_steps(card: pd.DataFrame, events: pd.DataFrame, max_step: float = 0.5) -> pd.DataFrame:
    """Each target against the same target of the previous comparable event; unrealistic steps flagged.

    Parameters
    ----------
    card : pandas.DataFrame
        The output of :func:`scorecard` (or ``event_targets`` plus an
        ``actual`` column).
    events : pandas.DataFrame
        ``event_id``, ``kind``, ``starts_at`` (``branch_id`` when present).
    max_step : float, default 0.5
        Largest realistic relative increase over the previous target (the
        practice: 40 → 50–55 is realistic, +25–38%; 40 → 80, +100%, is not).

    Returns
    -------
    pandas.DataFrame
        One row per target of ``card``: ``event_id``, ``metric``, ``role``,
        ``target``, ``actual``, ``previous_event_id`` (str; empty when there is
        no earlier comparable event with this target), ``previous_target``,
        ``previous_actual``, ``step`` (float: the relative increase, Notes),
        ``unrealistic`` (bool: ``step > max_step``).

    Notes
    -----
    "Comparable" = same branch and kind (booth, salon, activity), the latest
    earlier event that had a target for the same metric and role (SMART:
    measurable against what was set — and achieved — last time).

    :math:`\\text{step} = \\text{target} / \\max(\\text{previous target},
    \\text{previous actual}) - 1`: a target is a realistic step from the
    higher of what was aimed at and what was achieved last time, so raising
    40 to 80 after 45 came is flagged, while 80 after 78 came is not. Without
    the previous actual (not measured, or ``card`` has no ``actual``) the
    previous target alone is the base.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "kind": "booth",
    ...                    "starts_at": pd.to_datetime(["2026-07-01", "2026-08-01", "2026-09-01"])})
    >>> card = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "metric": "attendees",
    ...                      "target": [40.0, 50.0, 100.0], "actual": [45.0, 52.0, float("nan")]})
    >>> target_steps(card, ev)[["event_id", "previous_target", "target", "step", "unrealistic"]].round(3)
      event_id  previous_target  target  step  unrealistic
    0       E1              NaN    40.0   NaN        False
    1       E2             40.0    50.0  0.111        False
    2       E3             50.0   100.0  0.923         True
    """
    func = "target_steps"
    max_step = _check_number(max_step, "max_step", func)
    c = _frame(card, "scorecard", ("event_id", "metric", "target"), func)
    ev = _events(events, func, ("event_id", "kind", "starts_at"))
    c = c.assign(event_id=_ids(c["event_id"]), metric=c["metric"].astype("string"),
                 role=(c["role"] if "role" in c.columns else pd.Series(pd.NA, index=c.index)).astype("string"),
                 actual=(c["actual"] if "actual" in c.columns else pd.Series(np.nan, index=c.index)).astype(float),
                 target=c["target"].astype(float), _order=np.arange(len(c)))
    info = ev[["event_id", "kind", "starts_at"]].assign(
        _branch=ev["branch_id"].astype("string").fillna("") if "branch_id" in ev.columns else "",
        kind=ev["kind"].astype("string"))
    m = c.merge(info, on="event_id", how="left").assign(_role=lambda d: d["role"].fillna(""))
    m = m.sort_values(["starts_at", "event_id"], kind="stable", na_position="last")
    g = m.groupby(["_branch", "kind", "metric", "_role"], dropna=False, sort=False)
    m = m.assign(previous_event_id=g["event_id"].shift(1), previous_target=g["target"].shift(1),
                 previous_actual=g["actual"].shift(1))
    m = m.sort_values("_order").reset_index(drop=True)
    base = np.fmax(m["previous_target"].to_numpy(float), m["previous_actual"].to_numpy(float))
    step = _ratio(m["target"], base) - 1
    return pd.DataFrame({
        "event_id": m["event_id"].astype("string"), "metric": m["metric"].astype("string"),
        "role": m["role"].astype("string"), "target": m["target"].to_numpy(float),
        "actual": m["actual"].to_numpy(float), "previous_event_id": m["previous_event_id"].astype("string"),
        "previous_target": m["previous_target"].to_numpy(float),
        "previous_actual": m["previous_actual"].to_numpy(float),
        "step": step, "unrealistic": np.nan_to_num(step, nan=-np.inf) > max_step + 1e-12,
    })


@_tidy
def event_costs(events: pd.DataFrame, attendance: pd.DataFrame, leads: pd.DataFrame | None = None,
                deals: pd.DataFrame | None = None, window_hours: float = 72) -> pd.DataFrame:
    """Cost per attendee, per stranger met, per lead and per new customer.

    Parameters
    ----------
    events : pandas.DataFrame
        ``event_id``, ``starts_at``, ``ends_at``, ``cost``.
    attendance : pandas.DataFrame
        Check-ins.
    leads : pandas.DataFrame, optional
        Leads (``event_id``) — counted per event.
    deals : pandas.DataFrame, optional
        Deals, for the new customers.
    window_hours : float, default 72

    Returns
    -------
    pandas.DataFrame
        One row per event: ``event_id``, ``cost`` (float), ``attendees``,
        ``strangers``, ``leads``, ``new_customers`` (int64: strangers who
        bought within the window, :func:`sales_after_event`),
        ``cost_per_attendee``, ``cost_per_stranger``, ``cost_per_lead``,
        ``cost_per_new_customer`` (float; NaN when the denominator is 0 or the
        table is missing).

    Examples
    --------
    >>> t = example_tables()
    >>> event_costs(t["events"], t["attendance"])[["cost", "attendees", "strangers", "cost_per_attendee",
    ...                                            "cost_per_stranger"]]
        cost  attendees  strangers  cost_per_attendee  cost_per_stranger
    0  600.0          4          3              150.0              200.0
    """
    func = "event_costs"
    window_hours = _check_number(window_hours, "window_hours", func)
    ev = _events(events, func, ("event_id", "starts_at", "ends_at", "cost"))
    att = _checkins(attendance, func)
    att = att.loc[att["event_id"].isin(ev["event_id"])]
    ids = ev["event_id"]
    attendees = _int(ids.map(att.groupby("event_id").size()))
    strangers = _int(ids.map(att.groupby("event_id")["stranger"].sum()))
    if leads is not None:
        ld = _frame(leads, "leads", ("event_id",), func)
        n_leads = _int(ids.map(_ids(ld["event_id"]).value_counts()))
    else:
        n_leads = np.zeros(len(ev), dtype=np.int64)
    if deals is not None:
        won = _deals_in_window(ev, att, deals, window_hours, func)
        new = _int(ids.map(won.loc[won["stranger"] == 1].groupby("event_id")["person_id"].nunique()))
    else:
        new = np.zeros(len(ev), dtype=np.int64)
    cost = ev["cost"].astype(float).to_numpy()
    return pd.DataFrame({
        "event_id": ids.astype("string").to_numpy(), "cost": cost, "attendees": attendees, "strangers": strangers,
        "leads": n_leads, "new_customers": new, "cost_per_attendee": _ratio(cost, attendees),
        "cost_per_stranger": _ratio(cost, strangers),
        "cost_per_lead": _ratio(cost, n_leads) if leads is not None else np.full(len(ev), np.nan),
        "cost_per_new_customer": _ratio(cost, new) if deals is not None else np.full(len(ev), np.nan),
    })


# ---------------------------------------------------------------------------
# what to change next time
# ---------------------------------------------------------------------------

_TEXT = {
    "zh": {
        "ratio_low": ("陌生客户占比 {rate:.1%}（{lvl}区间 {lo:.1%}–{hi:.1%}）低于 {std:.0%} 标准{clear}",
                      "多请合作方邀约其客户；员工邀约的老客户每人至少带一位尚未在本行开户的朋友"),
        "ratio_clear": "，区间整体在标准以下",
        "ratio_ok": ("陌生客户占比 {rate:.1%}（{lvl}区间 {lo:.1%}–{hi:.1%}）达到 {std:.0%} 标准",
                     "保持现有邀约结构"),
        "show_up": ("{who}邀约到场率 {rate:.0%}（{n} 人中 {x} 人到场）",
                    "活动前一天电话或微信确认，并请受邀者说明会带谁同来"),
        "over_plan": ("到场 {arrived} 人，仅为计划 {plan:.0f} 人的 {ratio:.0%}",
                      "扩大邀约名单，或请合作方同步邀约"),
        "invite_none": ("{n} 位可邀约员工未邀约客户（{who}）", "每位可邀约员工（行长、运营主管除外）邀约一位客户"),
        "invite_more": ("{n} 位员工邀约多于规定人数（{who}）", "每人邀约一位并请其带客，比一人邀约多位更能带来新客户"),
        "came_alone": ("{n} 位受邀客户独自到场", "邀约时明确请客户带一位朋友同来"),
        "gaps": ("出现 {n} 次 {gap:.0f} 分钟以上无人到场的间隔（最长 {longest:.0f} 分钟）",
                 "安排引客人在入口持续引导客流，不留 10 分钟空档"),
        "duration": ("活动时长 {dur:.0f} 分钟，比 1.5 小时惯例长 {over:.0f} 分钟", "控制在 1.5 小时左右"),
        "target_missed": ("{n} 项目标未达成：{what}", "复盘未达成的目标，下次按实际水平设定并分解到岗位"),
        "score_low": ("活动评分 {score:.0f} 分，低于及格线 {mark:.0f} 分", "活动后召开复盘会，针对未达标项制定改进措施"),
        "step": ("{what}目标从上次的 {prev}（实际 {prev_actual}）提到 {cur}，增幅 {step:.0%} 过大",
                 "按 SMART 原则逐步提高（如 40 → 50–55），不要一步翻倍"),
        "no_sales": ("活动后 72 小时内到场客户无成交", "24 小时内完成首次跟进，72 小时内出结果"),
        "keep": ("各项检查均无问题", "保持现有做法"),
        "staff": "员工", "partner": "合作方",
    },
    "en": {
        "ratio_low": ("stranger ratio {rate:.1%} ({lvl} interval {lo:.1%}–{hi:.1%}) below the {std:.0%} "
                      "standard{clear}",
                      "ask the partner to invite its own clients; every invited customer brings a friend who is not "
                      "yet a customer"),
        "ratio_clear": "; the whole interval is below it",
        "ratio_ok": ("stranger ratio {rate:.1%} ({lvl} interval {lo:.1%}–{hi:.1%}) meets the {std:.0%} standard",
                     "keep the invitation mix"),
        "show_up": ("{who} invitations: show-up rate {rate:.0%} ({x} of {n} came)",
                    "confirm by phone or WeChat the day before and ask whom they will bring"),
        "over_plan": ("{arrived} came, only {ratio:.0%} of the {plan:.0f} planned",
                      "widen the invitation list or have the partner invite as well"),
        "invite_none": ("{n} eligible staff invited nobody ({who})",
                        "every eligible staff member (not head or ops supervisor) invites one customer"),
        "invite_more": ("{n} staff invited more than the rule ({who})",
                        "one invitee each who brings a guest reaches more new people than several invitees each"),
        "came_alone": ("{n} invited customers came alone", "ask each invitee explicitly to bring a friend"),
        "gaps": ("{n} gaps of {gap:.0f}+ minutes without arrivals (longest {longest:.0f} minutes)",
                 "a greeter keeps visitors coming to the booth: no 10-minute gaps"),
        "duration": ("the event lasted {dur:.0f} minutes, {over:.0f} more than the 1.5-hour practice",
                     "keep it to about 1.5 hours"),
        "target_missed": ("{n} target(s) missed: {what}",
                          "review the missed targets; set the next ones from actual levels, broken down by role"),
        "score_low": ("evaluation score {score:.0f}, below the pass mark {mark:.0f}",
                      "hold a review meeting and agree on actions for the missed targets"),
        "step": ("target {what} raised from {prev} (achieved: {prev_actual}) to {cur}: a {step:.0%} step is "
                 "unrealistic",
                 "raise targets step by step (SMART: 40 → 50–55), never double them at once"),
        "no_sales": ("no sale to attendees within 72 hours", "first follow-up within 24 hours, result within 72 hours"),
        "keep": ("no issue found", "keep doing what works"),
        "staff": "staff", "partner": "partner",
    },
}


@_tidy
def recommendations(ratio: pd.DataFrame | None = None, summary: pd.DataFrame | None = None,
                    chain: pd.DataFrame | None = None, flow: pd.DataFrame | None = None,
                    card: pd.DataFrame | None = None, score: pd.DataFrame | None = None,
                    steps: pd.DataFrame | None = None, sales: pd.DataFrame | None = None,
                    standard: float = 0.70, level: float = 0.95, min_show_up: float = 0.6,
                    duration_tolerance: float = 15, language: str = "zh") -> pd.DataFrame:
    """What to change next time: findings and actions generated from the event analyses.

    Parameters
    ----------
    ratio : pandas.DataFrame, optional
        :func:`stranger_ratio` by ``event_id``.
    summary : pandas.DataFrame, optional
        :func:`attendance_summary`.
    chain : pandas.DataFrame, optional
        :func:`invitation_chain`.
    flow : pandas.DataFrame, optional
        :func:`arrival_flow`.
    card, score : pandas.DataFrame, optional
        :func:`scorecard` and :func:`event_score`.
    steps : pandas.DataFrame, optional
        :func:`target_steps`.
    sales : pandas.DataFrame, optional
        :func:`sales_after_event`.
    standard : float, default 0.70
    level : float, default 0.95
        The level the intervals in ``ratio`` were computed at (for the text).
    min_show_up : float, default 0.6
        Show-up rate below which confirming invitations is recommended.
    duration_tolerance : float, default 15
        Minutes over the practice duration tolerated.
    language : {"zh", "en"}, default "zh"

    Returns
    -------
    pandas.DataFrame
        One row per finding, sorted by event and priority: ``event_id``,
        ``area`` (code: stranger_ratio, show_up, plan, chain, flow, duration,
        target, score, target_step, sales, keep), ``priority`` (int64: 1 =
        act first, 2, 3 = keep), ``finding`` and ``action`` (text in
        ``language``). An event with no issue gets one ``keep`` row.

    Notes
    -----
    Rules: stranger ratio under the standard (priority 1 when the whole
    interval is under it, else 2); show-up rate of staff or partner
    invitations under ``min_show_up`` (2); attendance under plan (2);
    eligible staff who invited nobody or more than the rule, invitees who came
    alone (2); gaps of 10+ minutes (2); duration over 1.5 h + tolerance (3);
    missed targets (2) and a score under the pass mark (1); unrealistic target
    steps (2); no sale within 72 hours (2). The texts hold formatted numbers
    because they are sentences; tables stay unformatted.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"event_id": ["E1"], "attendees": [20], "strangers": [9], "rate": [0.45],
    ...                   "ci_low": [0.26], "ci_high": [0.66], "below_standard": [True]})
    >>> recommendations(ratio=r)[["event_id", "area", "priority"]]
      event_id            area  priority
    0       E1  stranger_ratio         1
    """
    func = "recommendations"
    if language not in _TEXT:
        raise ParameterError(f"{func}: language must be 'zh' or 'en', got {language!r}.")
    standard = _check_fraction(standard, "standard", func)
    t = _TEXT[language]
    lvl = f"{level:.0%}"
    rows: list[tuple] = []
    events: list[str] = []

    def add(event_id, area, priority, key, **kw):
        finding, action = t[key]
        rows.append((event_id, area, priority, finding.format(**kw), action))

    # each block below iterates over the rows of a small result table (one per event or finding)
    if ratio is not None and "event_id" in ratio.columns:
        events += ratio["event_id"].tolist()
        for r in ratio.itertuples(index=False):
            if pd.notna(r.rate) and r.rate < standard:
                clear = r.ci_high < standard
                add(r.event_id, "stranger_ratio", 1 if clear else 2, "ratio_low", rate=r.rate, lo=r.ci_low,
                    hi=r.ci_high, std=standard, lvl=lvl, clear=t["ratio_clear"] if clear else "")
    if summary is not None:
        events += summary["event_id"].tolist()
        low = summary.loc[summary["source"].isin(["staff_invite", "partner_invite"]) & (summary["invited"] > 0)
                          & (summary["rate"] < min_show_up)]
        for r in low.itertuples(index=False):
            who = t["staff"] if r.source == "staff_invite" else t["partner"]
            add(r.event_id, "show_up", 2, "show_up", who=who, rate=r.rate, n=r.invited, x=r.showed_up)
        under = summary.loc[(summary["source"] == "all") & (summary["over_plan"] < 1)]
        for r in under.itertuples(index=False):
            add(r.event_id, "plan", 2, "over_plan", arrived=r.arrived, plan=r.planned_invites, ratio=r.over_plan)
    if chain is not None and len(chain):
        events += chain["event_id"].tolist()
        for check, key in (("none", "invite_none"), ("more", "invite_more")):
            bad = chain.loc[chain["invite_check"] == check]
            for e, grp in bad.groupby("event_id", sort=True):
                add(e, "chain", 2, key, n=len(grp), who=", ".join(grp["staff_id"].astype(str)))
        alone = chain.loc[chain["bring_check"] == "came_alone"].groupby("event_id")["invitees_alone"].sum()
        for e, n in alone.items():
            add(e, "chain", 2, "came_alone", n=int(n))
    if flow is not None:
        events += flow["event_id"].tolist()
        for r in flow.loc[flow["long_gaps"] > 0].itertuples(index=False):
            add(r.event_id, "flow", 2, "gaps", n=r.long_gaps, gap=10, longest=r.longest_gap_minutes)
        for r in flow.loc[flow["over_practice_minutes"] > duration_tolerance].itertuples(index=False):
            add(r.event_id, "duration", 3, "duration", dur=r.duration_minutes, over=r.over_practice_minutes)
    if card is not None:
        events += card["event_id"].tolist()
        missed = card.loc[card["passed"].eq(False).fillna(False).to_numpy()]
        for e, grp in missed.groupby("event_id", sort=True):
            what = ("、" if language == "zh" else ", ").join(f"{_label(m, language)}{'' if pd.isna(r) else '(' + _label(r, language) + ')'}"
                            for m, r in zip(grp["metric"], grp["role"]))
            add(e, "target", 2, "target_missed", n=len(grp), what=what)
    if score is not None:
        events += score["event_id"].tolist()
        for r in score.loc[score["passed"].eq(False).fillna(False).to_numpy()].itertuples(index=False):
            add(r.event_id, "score", 1, "score_low", score=r.score, mark=r.pass_mark)
    if steps is not None:
        events += steps["event_id"].tolist()
        for r in steps.loc[steps["unrealistic"]].itertuples(index=False):
            what = _label(r.metric, language) + ("" if pd.isna(r.role) else f"({_label(r.role, language)})")
            add(r.event_id, "target_step", 2, "step", what=what, prev=_num(r.previous_target),
                prev_actual=_num(r.previous_actual), cur=_num(r.target), step=r.step)
    if sales is not None:
        events += sales["event_id"].tolist()
        tot = sales.groupby("event_id")[["deals", "attendees"]].sum()
        for e in tot.index[(tot["deals"] == 0) & (tot["attendees"] > 0)]:
            add(e, "sales", 2, "no_sales")
    found = {r[0] for r in rows}
    for e in dict.fromkeys(events):
        if e not in found:
            add(e, "keep", 3, "keep")
    out = pd.DataFrame(rows, columns=["event_id", "area", "priority", "finding", "action"])
    out = out.astype({"event_id": "string", "area": "string", "priority": np.int64, "finding": "string",
                      "action": "string"})
    return out.sort_values(["event_id", "priority"], kind="stable").reset_index(drop=True)


def _num(x) -> str:
    """A number for a sentence: whole numbers with thousands separators, else two decimals; — if missing."""
    if x is None or pd.isna(x):
        return "—"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _label(code, language: str) -> str:
    if language != "zh":
        return str(code).replace("_", " ")
    from analysis.labels import ZH as BASE

    return ZH.get(str(code), BASE.get(str(code), str(code)))


# ---------------------------------------------------------------------------
# data findings
# ---------------------------------------------------------------------------


@_tidy
def event_findings(invitations: pd.DataFrame, attendance: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Data findings of the event tables that the analyses had to resolve (for the data-quality section).

    Parameters
    ----------
    invitations, attendance, events : pandas.DataFrame
        The contract's tables.

    Returns
    -------
    pandas.DataFrame
        One row per event and kind of finding: ``event_id``, ``check``
        (code), ``n_rows`` (int64), ``examples`` (str: the first person ids),
        ``detail`` (what was done about it). Checks:

        - ``duplicate_checkins``: one person checked in more than once (counted once);
        - ``source_without_invitation``: recorded as staff/partner invitee but
          no such invitation (counted as walk-in);
        - ``source_differs``: recorded source differs from the invitation
          record otherwise (the invitation record is used);
        - ``host_absent``: a guest whose host did not check in (kept in the
          host's chain);
        - ``brought_without_host``: recorded brought_along without
          ``brought_by`` (chain unattributed);
        - ``no_attendees``: an event with no check-ins;
        - ``attendance_unknown_event``: check-ins at an event not in ``events``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = example_tables()
    >>> twice = pd.concat([t["attendance"], t["attendance"].iloc[[0]]], ignore_index=True)  # A signs in twice
    >>> event_findings(t["invitations"], twice, t["events"])[["event_id", "check", "n_rows", "examples"]]
      event_id               check  n_rows examples
    0       E1  duplicate_checkins       1        A
    """
    func = "event_findings"
    ev = _events(events, func)
    att_raw = _frame(attendance, "attendance", ("event_id", "person_id"), func)
    chain = attendance_chain(attendance, invitations)
    raw = att_raw.assign(event_id=_ids(att_raw["event_id"]), person_id=_ids(att_raw["person_id"]))
    parts = []

    def add(check, frame, detail):
        if len(frame):
            g = frame.groupby("event_id", sort=True)["person_id"]
            parts.append(pd.DataFrame({"event_id": g.size().index, "check": check,
                                       "n_rows": g.size().to_numpy(dtype=np.int64),
                                       "examples": g.agg(lambda s: _show(s.astype(str))).to_numpy(),
                                       "detail": detail}))

    dup = raw.loc[raw.duplicated(["event_id", "person_id"], keep="first")]
    add("duplicate_checkins", dup, "counted once (earliest check-in kept)")
    rec = chain["source"].astype("string")
    no_inv = chain.loc[(rec.isin(["staff_invite", "partner_invite"]) & (chain["derived_source"] == "walk_in"))
                       .fillna(False).to_numpy()]
    add("source_without_invitation", no_inv, "recorded as invited but not in the invitations: counted as walk-in")
    differs = chain.loc[(rec.notna() & (rec != chain["derived_source"]) & ~(rec.isin(["staff_invite", "partner_invite"])
                                                                           & (chain["derived_source"] == "walk_in")))
                        .fillna(False).to_numpy()]
    add("source_differs", differs, "recorded source differs from the invitation record: the invitation record is used")
    add("host_absent", chain.loc[chain["host_attended"].eq(False).fillna(False).to_numpy()],
        "guest whose host did not check in: kept in the host's chain")
    add("brought_without_host", chain.loc[((rec == "brought_along") & chain["host_id"].isna()).fillna(False)
                                          .to_numpy()], "brought_along without brought_by: chain unattributed")
    empty_ev = ev.loc[~ev["event_id"].isin(chain["event_id"])]
    add("no_attendees", pd.DataFrame({"event_id": empty_ev["event_id"], "person_id": ""}),
        "no check-ins: ratios are empty for this event")
    unknown = chain.loc[~chain["event_id"].isin(ev["event_id"])]
    add("attendance_unknown_event", unknown, "check-ins at an event missing from the events table")
    if not parts:
        return pd.DataFrame({"event_id": pd.Series([], dtype="string"), "check": pd.Series([], dtype="string"),
                             "n_rows": pd.Series([], dtype=np.int64), "examples": pd.Series([], dtype="string"),
                             "detail": pd.Series([], dtype="string")})
    out = pd.concat(parts, ignore_index=True)
    out.loc[out["check"] == "no_attendees", "examples"] = ""
    out.loc[out["check"] == "no_attendees", "n_rows"] = 0
    return out.astype({"event_id": "string", "check": "string", "n_rows": np.int64, "examples": "string",
                       "detail": "string"})


