"""WeChat group tiers (微信群分层): funnel, group health, lifecycle actions, group size,
content calendar and the join-hook cost.

Branches run WeChat groups in three tiers: mass groups (大众客户群, 400–500 members,
broadcast only, often not owned by the bank), potential-customer groups (潜在客户群, a
few dozen people who asked about something) and elite groups (精英客户群, about 11
people close to a deal). This module measures that practice from the contract tables
``wechat_groups``, ``group_members``, ``group_messages``, ``deals`` and
``hook_campaigns``:

- the person-level funnel mass → potential → elite → deal (:func:`tier_funnel`,
  :func:`funnel_people`, :func:`step_times`, :func:`tier_entries`,
  :func:`tier_conversion`);
- group health per group and day or week, and a snapshot per group
  (:func:`group_health`, :func:`group_status`);
- the lifecycle rules (elite > 3 days without a deal, potential > 14 days without a
  promotion, silent groups) and a manager's portfolio (:func:`lifecycle_actions`,
  :func:`portfolio`);
- group size vs activity, a binomial GLM (:func:`size_activity`, :func:`size_answer`,
  :func:`plot_size_activity`);
- the content calendar against the SOP, a Poisson or negative-binomial GLM
  (:func:`calendar_data`, :func:`calendar_rates`, :func:`content_calendar`,
  :func:`overdispersion`);
- the join-the-group incentive cost (:func:`hook_costs`);
- the domain's own data checks (:func:`data_checks`).

Every function is pure: tidy frames in, a tidy frame (plain RangeIndex) out, nothing
rounded. Time "now" is never the wall clock: ``as_of`` defaults to the latest
timestamp in the data (:func:`data_as_of`).

Group messages may hold one row per message or a daily count per member, day and kind
(the ``messages`` column); counts are always summed, and activity is measured per
calendar day, so both layouts give the same answers.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import optimize
from scipy import stats as sps
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from analysis._checks import by_columns, check_level, require_frame
from analysis._checks import data_error as _data_error, show as _show
from analysis.errors import ParameterError
from analysis.schemas import MESSAGE_KINDS, TIERS
from analysis.stats import proportion

__all__ = [
    "STEPS",
    "WEEKDAYS",
    "SOP_DAYS",
    "ZH",
    "data_as_of",
    "owned_by",
    "funnel_people",
    "tier_funnel",
    "step_times",
    "tier_entries",
    "tier_conversion",
    "group_health",
    "group_status",
    "lifecycle_actions",
    "portfolio",
    "size_activity",
    "size_answer",
    "plot_size_activity",
    "calendar_data",
    "calendar_rates",
    "content_calendar",
    "overdispersion",
    "hook_costs",
    "data_checks",
]

#: Funnel steps in order.
STEPS: tuple[str, ...] = ("mass", "potential", "elite", "deal")
#: Weekday codes, Monday first (``Timestamp.weekday()`` order).
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: The community content SOP: the weekdays planned for each content kind (Mon/Wed/Fri
#: professional content and offers, with questions following them; Tue/Thu small games;
#: the fixed Friday activity with red packets). Plain text has no planned day.
SOP_DAYS: dict[str, tuple[str, ...]] = {
    "product_post": ("mon", "wed", "fri"),
    "question": ("mon", "wed", "fri"),
    "game": ("tue", "thu"),
    "red_packet": ("fri",),
}
#: The 72-hour rule: a deal counts when closed within this many days of joining an elite group.
DEAL_WINDOW_DAYS = 3
#: An elite group with no deal after this many days is dissolved.
ELITE_DAYS = 3
#: A potential group that promoted nobody to an elite group in this many days is dissolved.
POTENTIAL_DAYS = 14
#: A group with no message for this many days is flagged as silent.
SILENT_DAYS = 7
#: "WeChat's most active groups have 11 members or fewer."
SMALL_GROUP = 11
#: The practitioners' rule of thumb for product success among a manager's people.
RULE_OF_THUMB = (0.01, 0.05)
#: Count-model families accepted by :func:`content_calendar`.
FAMILIES = ("auto", "poisson", "negative_binomial")

_DAY = pd.Timedelta(days=1)
_EPOCH = pd.Timestamp("1970-01-01")
_TIER_ORDER = {t: i for i, t in enumerate(TIERS)}
_TIER_COLOURS = {"mass": "light_blue", "potential": "teal", "elite": "blue"}  # keys of plots.PALETTE
_MAX_SHOWN = 5
_NB_BOUNDS = (-16.0, 6.0)  # log(alpha) search range of the negative binomial

#: Chinese labels of this module's codes and columns (pass as ``extra=`` to ``labels.localize``).
ZH: dict[str, str] = {
    # steps, tiers, kinds, weekdays
    "mass": "大众群", "potential": "潜在客户群", "elite": "精英群", "deal": "成交", "all": "合计",
    "text": "文字", "question": "提问", "product_post": "产品推送", "game": "小游戏", "red_packet": "红包",
    "mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日",
    # funnel
    "step": "环节", "from_step": "上一环节", "people": "人数", "step_rate": "环节转化率",
    "step_ci_low": "环节区间下限", "step_ci_high": "环节区间上限", "overall_rate": "累计转化率",
    "overall_ci_low": "累计区间下限", "overall_ci_high": "累计区间上限",
    "median_days": "中位天数", "median_ci_low": "中位数区间下限", "median_ci_high": "中位数区间上限",
    "q25_days": "25%分位天数", "q75_days": "75%分位天数",
    "in_funnel": "按顺序进入", "entries": "中途进入", "out_of_order": "跳级或逆序",
    "mass_at": "进大众群", "potential_at": "进潜在客户群", "elite_at": "进精英群",
    "deal_elite_at": "成交前进精英群", "deal_at": "成交时间",
    # health
    "group_id": "群编号", "owner_staff_id": "群主", "period": "期间", "members": "成员数",
    "joins": "入群", "leaves": "退群", "active_members": "发言人数", "active_share": "发言占比",
    "messages": "消息数", "member_days": "成员·天", "messages_per_member_day": "人均日消息",
    "days_since_last_message": "距上次发言(天)", "created_at": "建群时间", "dissolved_at": "解散时间",
    "status": "状态", "open": "运营中", "dissolved": "已解散", "age_days": "群龄(天)", "ever_members": "累计成员",
    "members_now": "当前成员", "last_message_at": "最后发言",
    # lifecycle and portfolio
    "rule": "规则", "action": "建议", "days": "天数", "threshold": "阈值(天)", "deals": "成交笔数",
    "promoted": "升入精英群人数",
    "elite_no_deal": "精英群超过期限仍无成交", "potential_no_promotion": "潜在客户群超过期限无人升入精英群",
    "silent": "群内长期无人发言", "dissolve": "解散", "reengage": "激活内容或解散",
    "groups_mass": "大众群数", "groups_potential": "潜在客户群数", "groups_elite": "精英群数",
    "people_mass": "大众群人数", "people_potential": "潜在客户群人数", "people_elite": "精英群人数",
    "expected_deals": "预计成交", "expected_ci_low": "预计下限", "expected_ci_high": "预计上限",
    "rule_low": "经验值下限(1%)", "rule_high": "经验值上限(5%)", "conversion": "转化率",
    # size and calendar
    "model": "模型", "term": "变量", "reference": "对照", "note": "说明", "family": "分布",
    "unadjusted": "不分层级", "within_tier": "同一层级内", "size_slope": "群规模(每翻一倍)",
    "small": "小群(≤11人)", "log2_members": "成员数翻一倍", "tier:potential": "潜在客户群(对大众群)",
    "tier:elite": "精英群(对大众群)", "weekday": "星期", "sop": "SOP安排", "sop_day": "SOP日(对其他日)",
    "other_days": "其他日", "poisson": "泊松", "negative_binomial": "负二项",
    "dispersion": "离散度(皮尔逊χ²/自由度)", "alpha": "负二项α", "lr_stat": "似然比统计量",
    "overdispersion_p": "过度离散检验p值",
    "not_estimable": "无法估计", "no_messages": "无消息", "all_on_sop_days": "全部发生在SOP日",
    "none_on_sop_days": "SOP日没有", "few_groups": "群数太少",
    "verdict": "结论", "raw_verdict": "不分层级的结论", "raw_estimate": "不分层级比值比",
    "raw_ci_low": "不分层级下限", "raw_ci_high": "不分层级上限",
    "small_more_active": "同一层级内，小群（≤11 人）的发言占比显著更高",
    "small_less_active": "同一层级内，小群（≤11 人）的发言占比显著更低",
    "cannot_tell": "数据无法判断：区间同时包含“更活跃”和“更不活跃”",
    "too_few_groups": "数据无法判断：同一层级里，≤11 人的群或更大的群不足 2 个，分不清是群规模还是个别群的差异",
    "single_group_side": "一侧不足2个群", "few_groups_note": "群数少于10个，区间较粗",
    # hook
    "campaign_id": "红包活动", "joined": "入群人数", "claimed": "领取人数", "nominal_cost": "名义单价(元/人)",
    "effective_cost": "实际单价(元/人)", "cost_ratio": "实际/名义", "spend": "实际支出(元)",
    "nominal_spend": "名义支出(元)", "paid_per_claim": "每个领取(元)", "joins_per_day": "日均入群",
    # checks
    "examples": "示例", "members_unknown_group": "成员所在群不在群表中",
    "joined_before_created": "入群早于建群", "joined_after_dissolved": "入群晚于解散",
    "overlapping_spells": "同一人同一群的入群记录重叠", "messages_unknown_group": "消息所在群不在群表中",
    "message_outside_life": "消息不在群的存续期内", "message_from_non_member": "发言人当天不是群成员",
    "hook_spend_mismatch": "实际支出 ≠ 领取人数 × 红包金额", "mid_funnel_entries": "中途进入漏斗的人",
}


# ---------------------------------------------------------------------------
# Validation and small helpers
# ---------------------------------------------------------------------------


def _row_labels(df: pd.DataFrame, mask, ids: Sequence[str]) -> list[str]:
    """'row 3 (B01-G01, P000012)' for the first offending rows (1 = first row)."""
    pos = np.flatnonzero(np.asarray(mask, dtype=bool))
    cols = [c for c in ids if c in df.columns]
    out = []
    for i in pos[:_MAX_SHOWN]:
        who = ", ".join(str(df[c].iloc[i]) for c in cols)
        out.append(f"row {i + 1}" + (f" ({who})" if who else ""))
    return out


def _times(df: pd.DataFrame, table: str, column: str, func: str, ids: Sequence[str],
           required: bool = True) -> pd.Series:
    """A datetime column as naive datetime64[ns]; unreadable (or, if required, missing) values raise."""
    if column not in df.columns:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    s = df[column]
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)
    elif not pd.api.types.is_datetime64_dtype(s):
        try:
            parsed = pd.to_datetime(s, errors="coerce")
        except (TypeError, ValueError) as exc:
            raise _data_error(func, table, column, "not_a_time", [], len(s), f"could not be read as times ({exc})")
        if isinstance(parsed.dtype, pd.DatetimeTZDtype):
            parsed = parsed.dt.tz_localize(None)
        bad = (parsed.isna() & s.notna()).to_numpy()
        if bad.any():
            raise _data_error(func, table, column, "not_a_time", _row_labels(df, bad, ids), int(bad.sum()),
                              "these values are not dates and times (e.g. 2026-09-03 12:00)")
        s = parsed
    s = s.astype("datetime64[ns]")
    if required:
        miss = s.isna().to_numpy()
        if miss.any():
            raise _data_error(func, table, column, "missing_time", _row_labels(df, miss, ids), int(miss.sum()),
                              "the time is empty; every row needs one")
    return s


def _ids(df: pd.DataFrame, table: str, column: str, func: str, ids: Sequence[str], required=True) -> pd.Series:
    if column not in df.columns:
        return pd.Series(pd.NA, index=df.index, dtype="string")
    s = df[column].astype("string").str.strip()
    if required:
        miss = s.isna().to_numpy() | (s == "").fillna(False).to_numpy()
        if miss.any():
            raise _data_error(func, table, column, "missing_id", _row_labels(df, miss, ids), int(miss.sum()),
                              "the id is empty; every row needs one")
    return s


def _days_param(value, name: str, func: str, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not np.isfinite(value) \
            or value < minimum:
        raise ParameterError(f"{func}: {name} must be a number of days >= {minimum:g}, got {value!r}.")
    return float(value)


def _by_keys(by, wechat_groups: pd.DataFrame, func: str) -> list[str]:
    keys = by_columns(by, wechat_groups.columns, "wechat_groups (e.g. 'branch_id' or 'owner_staff_id')", func)
    reserved = {"tier", "person_id", "step", "people"}
    clash = [k for k in keys if k in reserved]
    if clash:
        raise ParameterError(f"{func}: by cannot be {_show(clash)} (a column of the result).")
    return keys


def _as_of(value, func: str) -> pd.Timestamp | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        ts = pd.NaT
    if ts is pd.NaT or pd.isna(ts):
        raise ParameterError(f"{func}: as_of must be a date and time such as '2026-10-31 23:59', got {value!r}.")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts


def _dayno(s: pd.Series) -> np.ndarray:
    """Calendar day number (days since 1970-01-01) of each timestamp; NaN for NaT."""
    return np.floor(((s - _EPOCH) / _DAY).to_numpy(dtype=float, na_value=np.nan))


def _from_dayno(days) -> pd.Series:
    return pd.Series(_EPOCH + pd.to_timedelta(np.asarray(days, dtype=float), unit="D")).astype("datetime64[ns]")


def _week_start(days: np.ndarray) -> np.ndarray:
    """Day number of the Monday of each day's week (1970-01-01 was a Thursday)."""
    return days - (days + 3) % 7


def _weekday(days: np.ndarray) -> np.ndarray:
    return ((np.asarray(days, dtype=np.int64) + 3) % 7).astype(np.int64)


def _lookup(keys: pd.Series, table: pd.Series) -> np.ndarray:
    """``keys.map(table)`` that keeps the dtype of ``table`` even when it is empty."""
    return table.reindex(keys.to_numpy()).to_numpy()


def _sort_keys(df: pd.DataFrame, keys: Sequence[str], extra: Sequence[str] = ()) -> pd.DataFrame:
    cols = [*keys, *extra]
    if not cols or df.empty:
        return df.reset_index(drop=True)
    return df.sort_values(cols, na_position="last", kind="stable").reset_index(drop=True)


def _groups(wechat_groups, func: str, extra: Sequence[str] = ()) -> pd.DataFrame:
    """Validated groups: group_id, branch_id, tier, owner_staff_id, created_at, dissolved_at (+ extra)."""
    require_frame(wechat_groups, "wechat_groups", ["group_id", "tier", "created_at"], func)
    g = wechat_groups
    ids = ("group_id",)
    out = pd.DataFrame({
        "group_id": _ids(g, "wechat_groups", "group_id", func, ids),
        "branch_id": _ids(g, "wechat_groups", "branch_id", func, ids, required=False),
        "tier": g["tier"].astype("string").str.strip(),
        "owner_staff_id": _ids(g, "wechat_groups", "owner_staff_id", func, ids, required=False),
        "created_at": _times(g, "wechat_groups", "created_at", func, ids),
        "dissolved_at": _times(g, "wechat_groups", "dissolved_at", func, ids, required=False),
    })
    bad = ~out["tier"].isin(TIERS).fillna(False).to_numpy()
    if bad.any():
        raise _data_error(func, "wechat_groups", "tier", "allowed_values", _row_labels(g, bad, ids + ("tier",)),
                          int(bad.sum()), f"tier must be one of {', '.join(TIERS)}")
    dup = out["group_id"].duplicated(keep=False).to_numpy()
    if dup.any():
        raise _data_error(func, "wechat_groups", "group_id", "duplicate_key", _row_labels(g, dup, ids),
                          int(dup.sum()), "a group_id appears more than once; one row per group")
    for k in extra:
        if k not in out.columns:
            out[k] = g[k].to_numpy()
    return out.reset_index(drop=True)


def _members(group_members, func: str) -> pd.DataFrame:
    require_frame(group_members, "group_members", ["group_id", "person_id", "joined_at"], func)
    m = group_members
    ids = ("group_id", "person_id")
    return pd.DataFrame({
        "group_id": _ids(m, "group_members", "group_id", func, ids),
        "person_id": _ids(m, "group_members", "person_id", func, ids),
        "joined_at": _times(m, "group_members", "joined_at", func, ids),
        "left_at": _times(m, "group_members", "left_at", func, ids, required=False),
        "from_group_id": _ids(m, "group_members", "from_group_id", func, ids, required=False),
    }).reset_index(drop=True)


def _spells(groups: pd.DataFrame, members: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Memberships of known groups with the group's tier, times and by keys."""
    cols = ["group_id", "tier", "created_at", "dissolved_at", *[k for k in keys if k != "group_id"]]
    cols = list(dict.fromkeys(cols))
    return members.merge(groups[cols], on="group_id", how="inner").reset_index(drop=True)


def _messages(group_messages, func: str) -> pd.DataFrame:
    """group_id, person_id, sent_at, kind, messages (the count each row stands for; 1 when absent)."""
    require_frame(group_messages, "group_messages", ["group_id", "sent_at"], func)
    msg = group_messages
    ids = ("group_id", "person_id")
    if "messages" in msg.columns:
        n = pd.to_numeric(msg["messages"], errors="coerce")
        bad = (n.isna() | (n < 0)).to_numpy()
        if bad.any():
            raise _data_error(func, "group_messages", "messages", "count", _row_labels(msg, bad, ids),
                              int(bad.sum()), "messages must be a whole number >= 0 (1 for a single message)")
        n = n.to_numpy(dtype=float).astype(np.int64)
    else:
        n = np.ones(len(msg), dtype=np.int64)
    kind = (msg["kind"].astype("string") if "kind" in msg.columns
            else pd.Series("text", index=msg.index, dtype="string"))
    return pd.DataFrame({
        "group_id": _ids(msg, "group_messages", "group_id", func, ids),
        "person_id": _ids(msg, "group_messages", "person_id", func, ids, required=False),
        "sent_at": _times(msg, "group_messages", "sent_at", func, ids),
        "kind": kind,
        "messages": n,
    }).reset_index(drop=True)


def _deals(deals, func: str) -> pd.DataFrame:
    """person_id, closed_at (rows without a time dropped), group_id, deal (a key)."""
    require_frame(deals, "deals", ["person_id", "closed_at"], func)
    d = deals
    ids = ("deal_id", "person_id")
    out = pd.DataFrame({
        "person_id": _ids(d, "deals", "person_id", func, ids),
        "closed_at": _times(d, "deals", "closed_at", func, ids, required=False),
        "group_id": _ids(d, "deals", "group_id", func, ids, required=False),
        "deal": (d["deal_id"].astype("string") if "deal_id" in d.columns
                 else pd.Series(np.arange(len(d)).astype(str), index=d.index, dtype="string")),
    })
    return out[out["closed_at"].notna()].reset_index(drop=True)


def _empty_deals() -> pd.DataFrame:
    return pd.DataFrame({"person_id": pd.Series([], dtype="string"),
                         "closed_at": pd.Series([], dtype="datetime64[ns]"),
                         "group_id": pd.Series([], dtype="string"), "deal": pd.Series([], dtype="string")})


def _latest(*series: pd.Series) -> pd.Timestamp | None:
    values = [s.max() for s in series if len(s) and s.notna().any()]
    return max(values) if values else None


def data_as_of(wechat_groups=None, group_members=None, group_messages=None, deals=None, until=None):
    """The analysis time "now": the latest timestamp in the data (never the wall clock).

    Parameters
    ----------
    wechat_groups, group_members, group_messages, deals : DataFrame, optional
        Contract tables; their time columns (``created_at``, ``dissolved_at``, ``joined_at``,
        ``left_at``, ``sent_at``, ``closed_at``) are searched.
    until : str or Timestamp, optional
        An upper limit, e.g. the report's ``period_end``; a date without a time means the end
        of that day. Empty string or None: no limit.

    Returns
    -------
    pandas.Timestamp or None
        ``min(latest timestamp, until)``; None when the tables hold no timestamp at all
        (then ``until`` itself, if given).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["G1"], "tier": ["elite"],
    ...                   "created_at": pd.to_datetime(["2026-09-01 10:00"])})
    >>> data_as_of(g)
    Timestamp('2026-09-01 10:00:00')
    >>> data_as_of(g, until="2026-08-31")
    Timestamp('2026-08-31 23:59:59.999999999')
    """
    func = "data_as_of"
    cols = {"wechat_groups": ("created_at", "dissolved_at"), "group_members": ("joined_at", "left_at"),
            "group_messages": ("sent_at",), "deals": ("closed_at",)}
    found = []
    for name, df in (("wechat_groups", wechat_groups), ("group_members", group_members),
                     ("group_messages", group_messages), ("deals", deals)):
        if df is None:
            continue
        if not isinstance(df, pd.DataFrame):
            raise ParameterError(f"{func}: {name} must be a DataFrame, got {type(df).__name__}.")
        for c in cols[name]:
            if c in df.columns:
                found.append(_times(df, name, c, func, (), required=False))
    latest = _latest(*found)
    limit = _as_of(until, func)
    if limit is not None and isinstance(until, str) and limit == limit.normalize() and ":" not in until:
        limit = limit + _DAY - pd.Timedelta(1, "ns")
    if latest is None:
        return limit
    return min(latest, limit) if limit is not None else latest


def owned_by(wechat_groups: pd.DataFrame, owner_staff_id: str = "", tiers: Sequence[str] = TIERS) -> pd.DataFrame:
    """The groups of one manager: rows of ``tiers`` owned by ``owner_staff_id``, other tiers kept whole.

    Parameters
    ----------
    wechat_groups : DataFrame
        The wechat_groups table.
    owner_staff_id : str
        Staff id of the manager; empty string: every group (no selection).
    tiers : sequence of str
        The tiers restricted to the manager's groups. ``("mass",)`` keeps every potential and
        elite group but only the manager's mass groups: :func:`tier_funnel` on that table is the
        funnel of the people who entered through the manager's mass groups.

    Returns
    -------
    DataFrame
        The selected rows of ``wechat_groups`` (same columns), RangeIndex.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["G1", "G2", "G3"], "tier": ["mass", "mass", "elite"],
    ...                   "owner_staff_id": ["S1", "S2", "S2"]})
    >>> owned_by(g, "S1")["group_id"].tolist()
    ['G1']
    >>> owned_by(g, "S1", tiers=["mass"])["group_id"].tolist()
    ['G1', 'G3']
    """
    func = "owned_by"
    require_frame(wechat_groups, "wechat_groups", ["group_id", "tier"], func)
    if not isinstance(owner_staff_id, str):
        raise ParameterError(f"{func}: owner_staff_id must be a staff id (text), got {owner_staff_id!r}.")
    if not owner_staff_id.strip():
        return wechat_groups.reset_index(drop=True)
    require_frame(wechat_groups, "wechat_groups", ["owner_staff_id"], func)
    unknown = [t for t in tiers if t not in TIERS]
    if unknown:
        raise ParameterError(f"{func}: unknown tier(s) {_show(unknown)}; tiers are {', '.join(TIERS)}.")
    in_tiers = wechat_groups["tier"].astype("string").isin(list(tiers)).fillna(False)
    mine = (wechat_groups["owner_staff_id"].astype("string") == owner_staff_id.strip()).fillna(False)
    return wechat_groups.loc[(~in_tiers | mine).to_numpy()].reset_index(drop=True)


# ---------------------------------------------------------------------------
# The funnel
# ---------------------------------------------------------------------------


def _funnel(sp: pd.DataFrame, dl: pd.DataFrame, keys: Sequence[str], window: float) -> pd.DataFrame:
    """Person-level steps from prepared spells and deals (see :func:`funnel_people`)."""
    mass = sp.loc[sp["tier"] == "mass"].sort_values(["person_id", "joined_at", "group_id"], kind="stable")
    mass = mass.drop_duplicates("person_id")
    people = mass[["person_id", *keys, "joined_at"]].rename(columns={"joined_at": "mass_at"})
    people = people.loc[:, ~people.columns.duplicated()].reset_index(drop=True)

    def later(tier: str, prev: str) -> pd.DataFrame:
        base = people.loc[people[prev].notna(), ["person_id", prev]]
        cand = sp.loc[sp["tier"] == tier, ["person_id", "joined_at"]].merge(base, on="person_id")
        return cand[cand["joined_at"] >= cand[prev]]

    pot = later("potential", "mass_at")
    people["potential_at"] = _lookup(people["person_id"], pot.groupby("person_id")["joined_at"].min())
    eli = later("elite", "potential_at")
    people["elite_at"] = _lookup(people["person_id"], eli.groupby("person_id")["joined_at"].min())
    dd = eli[["person_id", "joined_at"]].merge(dl[["person_id", "closed_at"]], on="person_id")
    dd = dd[(dd["closed_at"] >= dd["joined_at"]) & (dd["closed_at"] - dd["joined_at"] <= window * _DAY)]
    dd = dd.sort_values(["person_id", "closed_at", "joined_at"], ascending=[True, True, False], kind="stable")
    dd = dd.drop_duplicates("person_id").set_index("person_id")
    people["deal_elite_at"] = _lookup(people["person_id"], dd["joined_at"])
    people["deal_at"] = _lookup(people["person_id"], dd["closed_at"])
    for c in ("mass_at", "potential_at", "elite_at", "deal_elite_at", "deal_at"):
        people[c] = people[c].astype("datetime64[ns]")
    people["step"] = np.select(
        [people["deal_at"].notna(), people["elite_at"].notna(), people["potential_at"].notna()],
        ["deal", "elite", "potential"], default="mass")
    people["step"] = people["step"].astype("string")
    return people.sort_values("person_id", kind="stable").reset_index(drop=True)


def funnel_people(wechat_groups, group_members, deals, by=None, deal_window_days: float = DEAL_WINDOW_DAYS):
    """Each person's path through the tiers: when they reached each funnel step, in order.

    Parameters
    ----------
    wechat_groups, group_members, deals : DataFrame
        Contract tables (``deals`` may be empty).
    by : str or list of str, optional
        Columns of ``wechat_groups`` (e.g. ``branch_id``, ``owner_staff_id``). A person takes
        the values of the mass group through which they entered the funnel (their first
        mass-group spell).
    deal_window_days : float, default 3
        A deal counts when closed within this many days of joining an elite group (the 72-hour
        rule).

    Returns
    -------
    DataFrame
        One row per person who was ever in a mass group:

        - ``person_id``; the ``by`` columns;
        - ``mass_at``: first join to a mass group;
        - ``potential_at``: first join to a potential group at or after ``mass_at`` (NaT if none);
        - ``elite_at``: first join to an elite group at or after ``potential_at``;
        - ``deal_elite_at``: the elite join the deal is counted from (the latest qualifying elite
          join before the deal);
        - ``deal_at``: the first deal closed within ``deal_window_days`` after a qualifying elite
          join;
        - ``step``: the furthest step reached (mass, potential, elite, deal).

    Notes
    -----
    A person counts at a step only when they reached every earlier step first: join times
    must be non-decreasing (equal times count). A re-join does not reset the path: the first
    mass join starts it, and any later join to the next tier continues it. A potential group
    joined before any mass group does not count (a mid-funnel entry, see
    :func:`tier_entries`); the person counts at potential only if they join a potential group
    again after their first mass join. Skipping a step (mass → elite) ends the path at the
    last step reached in order. A deal counts when ``elite join <= closed_at <= elite join +
    deal_window_days``; deals before the elite join or after the window do not.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P", "E"], "tier": ["mass", "potential", "elite"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 3)})
    >>> m = pd.DataFrame({"group_id": ["M", "P", "E", "M", "E"], "person_id": ["a", "a", "a", "b", "b"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-03", "2026-09-05",
    ...                                                "2026-09-01", "2026-09-04"])})
    >>> d = pd.DataFrame({"person_id": ["a"], "closed_at": pd.to_datetime(["2026-09-06"])})
    >>> funnel_people(g, m, d)[["person_id", "step"]].to_dict("list")
    {'person_id': ['a', 'b'], 'step': ['deal', 'mass']}
    """
    func = "funnel_people"
    keys = _by_keys(by, wechat_groups, func)
    window = _days_param(deal_window_days, "deal_window_days", func)
    groups = _groups(wechat_groups, func, extra=keys)
    sp = _spells(groups, _members(group_members, func), keys)
    return _funnel(sp, _deals(deals, func), keys, window)


def tier_funnel(wechat_groups, group_members, deals, by=None, deal_window_days: float = DEAL_WINDOW_DAYS,
                level: float = 0.95) -> pd.DataFrame:
    """The ordered, person-level funnel mass → potential → elite → deal with Wilson intervals.

    Parameters
    ----------
    wechat_groups, group_members, deals : DataFrame
        Contract tables (``deals`` may be empty).
    by : str or list of str, optional
        Columns of ``wechat_groups``, e.g. ``"branch_id"`` or ``"owner_staff_id"``. People are
        grouped by the values of the mass group through which they entered the funnel, and
        followed through every later group whoever owns it (a manager's funnel is the funnel of
        the people who came in through their mass groups). Missing values (a mass group not
        owned by the bank) form their own group.
    deal_window_days : float, default 3
        A deal counts when the person closed one within this many days of joining an elite
        group (the domain's 72-hour rule).
    level : float, default 0.95
        Confidence level of the Wilson intervals.

    Returns
    -------
    DataFrame
        Four rows (steps mass, potential, elite, deal, in that order) per value of ``by`` that
        has at least one person at the mass step (four rows without ``by``):

        - the ``by`` columns;
        - ``step``;
        - ``people`` (int64): people who reached this step after every earlier one;
        - ``step_rate``, ``step_ci_low``, ``step_ci_high``: ``people`` / people at the previous
          step (the denominator is the previous row's ``people``), Wilson interval; NaN at mass;
        - ``overall_rate``, ``overall_ci_low``, ``overall_ci_high``: ``people`` / people at
          mass (the first row's ``people``); NaN at mass (the base).

    Notes
    -----
    Step times and order rules as in :func:`funnel_people`. Intervals are Wilson score
    intervals from :func:`analysis.stats.proportion` (R's ``prop.test(x, n, correct =
    FALSE)``). People who enter mid-funnel are not here; see :func:`tier_entries`.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P", "E"], "tier": ["mass", "potential", "elite"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 3)})
    >>> m = pd.DataFrame({"group_id": ["M", "M", "P", "E"], "person_id": ["a", "b", "a", "a"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-01", "2026-09-02", "2026-09-04"])})
    >>> d = pd.DataFrame({"person_id": ["a"], "closed_at": pd.to_datetime(["2026-09-05"])})
    >>> tier_funnel(g, m, d)[["step", "people", "step_rate"]]
            step  people  step_rate
    0       mass       2        NaN
    1  potential       1        0.5
    2      elite       1        1.0
    3       deal       1        1.0
    """
    func = "tier_funnel"
    level = check_level(level, func)
    fp = funnel_people(wechat_groups, group_members, deals, by=by, deal_window_days=deal_window_days)
    keys = _by_keys(by, wechat_groups, func)
    at = {"mass": "mass_at", "potential": "potential_at", "elite": "elite_at", "deal": "deal_at"}
    if keys:
        counts = fp.groupby(keys, dropna=False, sort=False)[list(at.values())].count().reset_index()
    else:
        counts = pd.DataFrame({c: [int(fp[c].notna().sum())] for c in at.values()})
    long = counts.melt(id_vars=keys, value_vars=list(at.values()), var_name="step", value_name="people")
    long["step"] = long["step"].map({v: k for k, v in at.items()})
    long["_o"] = long["step"].map({s: i for i, s in enumerate(STEPS)})
    long = _sort_keys(long, keys, ["_o"]).drop(columns="_o")
    long["step"] = long["step"].astype("string")
    people = long["people"].to_numpy(dtype=np.int64)
    long["people"] = people
    n = len(long)
    rates = {c: np.full(n, np.nan) for c in ("step_rate", "step_ci_low", "step_ci_high", "overall_rate",
                                                "overall_ci_low", "overall_ci_high")}
    if n:
        block = np.arange(n) // len(STEPS)
        first = people[block * len(STEPS)]
        prev = np.concatenate([[0], people[:-1]])
        later = (np.arange(n) % len(STEPS)) > 0
        sr = proportion(people[later], prev[later], level=level)
        ov = proportion(people[later], first[later], level=level)
        for name, src, col in (("step_rate", sr, "rate"), ("step_ci_low", sr, "ci_low"),
                               ("step_ci_high", sr, "ci_high"), ("overall_rate", ov, "rate"),
                               ("overall_ci_low", ov, "ci_low"), ("overall_ci_high", ov, "ci_high")):
            rates[name][later] = src[col].to_numpy()
    for name, values in rates.items():
        long[name] = values
    return long[[*keys, "step", "people", *rates]].reset_index(drop=True)


def _median_ci(x: np.ndarray, level: float) -> tuple[float, float]:
    """Distribution-free interval for the median from order statistics (binomial)."""
    if len(x) == 0:
        return np.nan, np.nan
    ci = sps.quantile_test(x, q=float(np.median(x)), p=0.5).confidence_interval(level)
    return float(ci.low), float(ci.high)


def step_times(wechat_groups, group_members, deals, by=None, deal_window_days: float = DEAL_WINDOW_DAYS,
               level: float = 0.95) -> pd.DataFrame:
    """Days between funnel steps: median (with interval) and quartiles.

    Parameters
    ----------
    wechat_groups, group_members, deals, by, deal_window_days
        As in :func:`tier_funnel`.
    level : float, default 0.95
        Confidence level of the interval for the median.

    Returns
    -------
    DataFrame
        Three rows (steps potential, elite, deal) per value of ``by`` with a mass step:

        - the ``by`` columns; ``step``; ``from_step`` (the previous step);
        - ``n`` (int64): people who took the step (in order);
        - ``median_days``, ``median_ci_low``, ``median_ci_high``: median days from the previous
          step and its distribution-free interval (NaN when ``n`` is too small for ``level``);
        - ``q25_days``, ``q75_days``: quartiles.

    Notes
    -----
    Days are fractional (hours / 24). mass → potential: ``potential_at - mass_at``; potential →
    elite: ``elite_at - potential_at``; elite → deal: ``deal_at - deal_elite_at`` (from the elite
    join the deal is counted from; at most ``deal_window_days``). Quartiles interpolate
    linearly (R's ``quantile(type = 7)``). The interval for the median uses the order
    statistics :math:`x_{(k)}, x_{(n+1-k)}` whose binomial(n, 1/2) coverage is at least
    ``level`` (``scipy.stats.quantile_test``; Conover, *Practical Nonparametric Statistics*,
    3rd ed., §3.2): for n = 20 at 95% it is :math:`[x_{(6)}, x_{(15)}]`.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P"], "tier": ["mass", "potential"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M", "M", "P", "P"], "person_id": ["a", "b", "a", "b"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-01", "2026-09-03", "2026-09-05"])})
    >>> step_times(g, m, m.iloc[:0].rename(columns={"joined_at": "closed_at"}))[["step", "n", "median_days"]]
            step  n  median_days
    0  potential  2          3.0
    1      elite  0          NaN
    2       deal  0          NaN
    """
    func = "step_times"
    level = check_level(level, func)
    fp = funnel_people(wechat_groups, group_members, deals, by=by, deal_window_days=deal_window_days)
    keys = _by_keys(by, wechat_groups, func)
    pairs = (("potential", "mass", "potential_at", "mass_at"), ("elite", "potential", "elite_at", "potential_at"),
             ("deal", "elite", "deal_at", "deal_elite_at"))
    blocks = fp.groupby(keys, dropna=False, sort=False) if keys else [((), fp)]
    rows = []
    for key, part in blocks:  # one small block per by value, not per row
        key = key if isinstance(key, tuple) else (key,)
        for step, prev, a, b in pairs:
            days = ((part[a] - part[b]) / _DAY).dropna().to_numpy(dtype=float)
            lo, hi = _median_ci(days, level)
            q = np.quantile(days, [0.25, 0.5, 0.75]) if len(days) else [np.nan] * 3
            rows.append({**dict(zip(keys, key)), "step": step, "from_step": prev, "n": len(days),
                         "median_days": q[1], "median_ci_low": lo, "median_ci_high": hi,
                         "q25_days": q[0], "q75_days": q[2]})
    cols = [*keys, "step", "from_step", "n", "median_days", "median_ci_low", "median_ci_high", "q25_days",
            "q75_days"]
    out = pd.DataFrame(rows, columns=cols)
    if keys and len(out):
        out = out.astype({k: fp[k].dtype for k in keys})
    out["_o"] = out["step"].map({s: i for i, s in enumerate(STEPS)})
    out = _sort_keys(out, keys, ["_o"]).drop(columns="_o")
    return out.astype({"step": "string", "from_step": "string", "n": "int64", "median_days": "float64",
                       "median_ci_low": "float64", "median_ci_high": "float64", "q25_days": "float64",
                       "q75_days": "float64"})


def tier_entries(wechat_groups, group_members, by=None, level: float = 0.95) -> pd.DataFrame:
    """Who is in each tier: in funnel order, entered mid-funnel, or out of order.

    Parameters
    ----------
    wechat_groups, group_members : DataFrame
        Contract tables.
    by : str or list of str, optional
        Columns of ``wechat_groups``; a person counts for the values of the groups they were
        in (``entries``: the values of the group where they entered).
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per ``by`` value and tier (mass, potential, elite):

        - the ``by`` columns; ``step`` (the tier);
        - ``people`` (int64): people ever in a group of this tier;
        - ``in_funnel`` (int64): of those, people who reached this tier in funnel order
          (:func:`funnel_people`; everyone at mass);
        - ``entries`` (int64): people not in funnel order whose first group of all was of this
          tier — mid-funnel entries (e.g. from a salon straight into a potential group);
        - ``out_of_order`` (int64): the rest — they started lower but skipped a step
          (mass → elite) or joined this tier before an earlier one;
        - ``rate``, ``ci_low``, ``ci_high``: ``entries / people`` with a Wilson interval.

    Notes
    -----
    ``people = in_funnel + entries + out_of_order``. The first group of a person is their
    earliest join; at equal times the lower tier counts first.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P"], "tier": ["mass", "potential"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M", "P", "P"], "person_id": ["a", "a", "c"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-02", "2026-09-02"])})
    >>> tier_entries(g, m)[["step", "people", "in_funnel", "entries", "out_of_order"]]
            step  people  in_funnel  entries  out_of_order
    0       mass       1          1        0             0
    1  potential       2          1        1             0
    2      elite       0          0        0             0
    """
    func = "tier_entries"
    level = check_level(level, func)
    keys = _by_keys(by, wechat_groups, func)
    groups = _groups(wechat_groups, func, extra=keys)
    sp = _spells(groups, _members(group_members, func), keys)
    fp = _funnel(sp, _empty_deals(), [], 0.0).set_index("person_id")
    sp = sp.assign(_t=sp["tier"].map(_TIER_ORDER))
    first = sp.sort_values(["person_id", "joined_at", "_t", "group_id"], kind="stable").drop_duplicates("person_id")
    tk = [*keys, "tier"]
    who = sp[["person_id", *tk]].drop_duplicates()
    reached = {"mass": fp["mass_at"], "potential": fp["potential_at"], "elite": fp["elite_at"]}
    flag = np.zeros(len(who), dtype=bool)
    for tier, at in reached.items():
        sel = (who["tier"] == tier).to_numpy()
        flag[sel] = ~pd.isna(_lookup(who.loc[sel, "person_id"], at))
    entry = who.merge(first[["person_id", *tk]].assign(_entry=True), on=["person_id", *tk], how="left")
    entry_flag = entry["_entry"].fillna(False).to_numpy(dtype=bool)
    who = who.assign(people=1, in_funnel=flag.astype(np.int64),
                     entries=(entry_flag & ~flag).astype(np.int64),
                     out_of_order=(~entry_flag & ~flag).astype(np.int64))
    counts = who.groupby(tk, dropna=False, sort=False)[["people", "in_funnel", "entries", "out_of_order"]].sum()
    counts = counts.reset_index()
    frame = (groups[keys].drop_duplicates() if keys else pd.DataFrame(index=[0]))
    tiers = pd.DataFrame({"tier": pd.Series(TIERS, dtype="string")})
    grid = frame.merge(tiers, how="cross")
    out = grid.merge(counts, on=tk, how="left")
    for c in ("people", "in_funnel", "entries", "out_of_order"):
        out[c] = out[c].fillna(0).astype("int64")
    out["_o"] = out["tier"].map(_TIER_ORDER)
    out = _sort_keys(out, keys, ["_o"]).drop(columns="_o").rename(columns={"tier": "step"})
    p = proportion(out["entries"].to_numpy(), out["people"].to_numpy(), level=level) if len(out) else None
    for c in ("rate", "ci_low", "ci_high"):
        out[c] = p[c].to_numpy() if p is not None else np.array([], dtype=float)
    out["step"] = out["step"].astype("string")
    return out[[*keys, "step", "people", "in_funnel", "entries", "out_of_order", "rate", "ci_low", "ci_high"]]


def tier_conversion(wechat_groups, group_members, deals, deal_window_days: float = DEAL_WINDOW_DAYS,
                    level: float = 0.95) -> pd.DataFrame:
    """Observed conversion from each tier to a deal (the funnel read from each step to the end).

    Parameters
    ----------
    wechat_groups, group_members, deals, deal_window_days, level
        As in :func:`tier_funnel` (no ``by``: one conversion per tier).

    Returns
    -------
    DataFrame
        One row per tier (mass, potential, elite):

        - ``tier``;
        - ``people`` (int64): people who reached the tier in funnel order (the denominator);
        - ``deals`` (int64): of them, people who reached the deal step;
        - ``rate``, ``ci_low``, ``ci_high``: ``deals / people`` with a Wilson interval.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "E"], "tier": ["mass", "elite"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-01"])})
    >>> tier_conversion(g, m, m.iloc[:0].rename(columns={"joined_at": "closed_at"}))[["tier", "people", "deals"]]
            tier  people  deals
    0       mass       1      0
    1  potential       0      0
    2      elite       0      0
    """
    func = "tier_conversion"
    level = check_level(level, func)
    f = tier_funnel(wechat_groups, group_members, deals, deal_window_days=deal_window_days, level=level)
    people = f["people"].to_numpy(dtype=np.int64)
    deals_n = np.repeat(people[3], 3)
    p = proportion(deals_n, people[:3], level=level)
    return pd.DataFrame({"tier": pd.Series(TIERS, dtype="string"), "people": people[:3], "deals": deals_n,
                         "rate": p["rate"], "ci_low": p["ci_low"], "ci_high": p["ci_high"]})


# ---------------------------------------------------------------------------
# Group health
# ---------------------------------------------------------------------------


def _activity_base(wechat_groups, group_members, group_messages, as_of, func) -> dict:
    """Groups with their life in days, member-days and messages per day, up to ``as_of``."""
    groups = _groups(wechat_groups, func)
    members = _members(group_members, func)
    msgs = _messages(group_messages, func)
    as_of = _as_of(as_of, func)
    if as_of is None:
        as_of = _latest(groups["created_at"], groups["dissolved_at"], members["joined_at"], members["left_at"],
                        msgs["sent_at"])
    if as_of is None:  # no data at all
        as_of = _EPOCH
    g = groups[groups["created_at"] <= as_of].copy()
    dissolved = g["dissolved_at"].where(g["dissolved_at"] <= as_of)
    g["dissolved_at"] = dissolved.astype("datetime64[ns]")
    g["start_day"] = _dayno(g["created_at"])
    g["end_day"] = _dayno(dissolved.fillna(as_of))
    g = g.reset_index(drop=True)
    sp = _spells(g, members)
    sp = sp[sp["joined_at"] <= as_of].reset_index(drop=True)
    ends = pd.concat([sp["left_at"].where(sp["left_at"] <= as_of), sp["dissolved_at"]], axis=1).min(axis=1)
    sp["end_at"] = ends.fillna(as_of).astype("datetime64[ns]")
    start = np.maximum(_dayno(sp["joined_at"]), sp["group_id"].map(g.set_index("group_id")["start_day"]).to_numpy())
    end = _dayno(sp["end_at"])
    ok = end >= start
    s, e = start[ok].astype(np.int64), end[ok].astype(np.int64)
    length = e - s + 1
    rep = np.repeat(np.arange(len(s)), length)
    offset = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    md = pd.DataFrame({"group_id": sp.loc[ok, "group_id"].to_numpy()[rep],
                       "person_id": sp.loc[ok, "person_id"].to_numpy()[rep],
                       "day": s[rep] + offset}).drop_duplicates().reset_index(drop=True)
    msgs = msgs[(msgs["sent_at"] <= as_of) & msgs["group_id"].isin(g["group_id"])].reset_index(drop=True)
    msgs["day"] = _dayno(msgs["sent_at"]).astype(np.int64)
    life = msgs["group_id"].map(g.set_index("group_id")["end_day"]).to_numpy()
    born = msgs["group_id"].map(g.set_index("group_id")["start_day"]).to_numpy()
    msgs = msgs[(msgs["day"].to_numpy() <= life) & (msgs["day"].to_numpy() >= born)].reset_index(drop=True)
    return {"groups": g, "spells": sp, "md": md, "msgs": msgs, "as_of": as_of}


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


_GROUP_COLS = ["group_id", "branch_id", "tier", "owner_staff_id"]


def group_health(wechat_groups, group_members, group_messages, freq: str = "W", as_of=None,
                 level: float = 0.95) -> pd.DataFrame:
    """Health of every group per day or week: members, joins, leaves, activity, silence.

    Parameters
    ----------
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
    >>> group_health(g, m, msg, freq="D", as_of="2026-09-08 23:00")[["period", "members", "active_members", "messages"]]
          period  members  active_members  messages
    0 2026-09-07        1               1         2
    1 2026-09-08        2               1         1
    """
    func = "group_health"
    level = check_level(level, func)
    f = {"w": "W", "week": "W", "d": "D", "day": "D"}.get(str(freq).lower()) if isinstance(freq, str) else None
    if f is None:
        raise ParameterError(f"{func}: freq must be 'W' (weeks) or 'D' (days), got {freq!r}.")
    b = _activity_base(wechat_groups, group_members, group_messages, as_of, func)
    g, md, msgs, sp, as_of = b["groups"], b["md"], b["msgs"], b["spells"], b["as_of"]

    def period(days):
        days = np.asarray(days, dtype=np.int64)
        return _week_start(days) if f == "W" else days

    life = _life_days(g)
    life["period"] = period(life["day"])
    grid = life.groupby(["group_id", "period"], sort=False)["day"].max().rename("last_day").reset_index()
    md = md.assign(period=period(md["day"]))
    msgs = msgs.assign(period=period(msgs["day"]))
    stats = _window_stats(md, msgs, ["group_id", "period"])
    starts = _dayno(sp["joined_at"])
    born = sp["group_id"].map(g.set_index("group_id")["start_day"]).to_numpy()
    joins = pd.DataFrame({"group_id": sp["group_id"], "period": period(np.maximum(starts, born))})
    joins = joins.groupby(["group_id", "period"]).size().rename("joins")
    left = sp["left_at"].notna() & (sp["left_at"] <= as_of) & (sp["dissolved_at"].isna() |
                                                                  (sp["left_at"] <= sp["dissolved_at"]))
    leaves = pd.DataFrame({"group_id": sp.loc[left, "group_id"],
                           "period": period(_dayno(sp.loc[left, "left_at"]))})
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
    out["period"] = _from_dayno(out["period"].to_numpy(dtype=float)).to_numpy()
    out = out.merge(g[_GROUP_COLS], on="group_id", how="left")
    cols = [*_GROUP_COLS, "period", "members", "joins", "leaves", "active_members", "active_share", "ci_low",
            "ci_high", "messages", "member_days", "messages_per_member_day", "days_since_last_message"]
    return out[cols].astype({"period": "datetime64[ns]", "days_since_last_message": "float64"})


def group_status(wechat_groups, group_members, group_messages, as_of=None, window_days: int = 7,
                 level: float = 0.95) -> pd.DataFrame:
    """One row per group as of a date: size, age, recent activity and silence (the health table).

    Parameters
    ----------
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
    >>> group_status(g, m, msg, as_of="2026-09-10 12:00")[["status", "members_now", "days_since_last_message"]]
      status  members_now  days_since_last_message
    0   open            1                      8.0
    """
    func = "group_status"
    level = check_level(level, func)
    if isinstance(window_days, bool) or not isinstance(window_days, (int, np.integer)) or window_days < 1:
        raise ParameterError(f"{func}: window_days must be a whole number of days >= 1, got {window_days!r}.")
    return _status(_activity_base(wechat_groups, group_members, group_messages, as_of, func), window_days, level)


def _status(b: dict, window_days: int, level: float) -> pd.DataFrame:
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
    out["age_days"] = ((out["dissolved_at"].fillna(as_of) - out["created_at"]) / _DAY).astype(float)
    out["days_since_last_message"] = (out["end_day"] - out["last_msg_day"]).astype(float)
    out["last_message_at"] = out["last_message_at"].astype("datetime64[ns]")
    out["_o"] = out["tier"].map(_TIER_ORDER)
    out = out.sort_values(["_o", "group_id"], kind="stable").reset_index(drop=True)
    cols = [*_GROUP_COLS, "created_at", "dissolved_at", "status", "age_days", "ever_members", "members_now",
            "members", "active_members", "active_share", "ci_low", "ci_high", "messages", "member_days",
            "messages_per_member_day", "last_message_at", "days_since_last_message"]
    return out[cols].astype({"status": "string"})


# ---------------------------------------------------------------------------
# Lifecycle actions and the manager's portfolio
# ---------------------------------------------------------------------------


def _group_deals(g: pd.DataFrame, sp: pd.DataFrame, dl: pd.DataFrame, as_of) -> pd.Series:
    """Deals per group: closed by a member while a member, or credited to the group."""
    dl = dl[dl["closed_at"] <= as_of]
    via = sp[["group_id", "person_id", "joined_at", "end_at", "created_at"]].merge(
        dl[["person_id", "closed_at", "deal"]], on="person_id")
    via = via[(via["closed_at"] >= via["joined_at"]) & (via["closed_at"] <= via["end_at"])
              & (via["closed_at"] >= via["created_at"])][["group_id", "deal"]]
    cred = dl.loc[dl["group_id"].notna(), ["group_id", "closed_at", "deal"]].merge(
        g[["group_id", "created_at"]], on="group_id")
    cred = cred[cred["closed_at"] >= cred["created_at"]][["group_id", "deal"]]
    both = pd.concat([via, cred], ignore_index=True).drop_duplicates()
    return both.groupby("group_id").size()


def _promotions(sp: pd.DataFrame) -> pd.Series:
    """People promoted from each potential group to an elite group (joined elite later, or pulled from it)."""
    pot = sp.loc[sp["tier"] == "potential", ["group_id", "person_id", "joined_at"]]
    eli = sp.loc[sp["tier"] == "elite", ["person_id", "joined_at", "from_group_id"]]
    later = pot.merge(eli[["person_id", "joined_at"]].rename(columns={"joined_at": "elite_at"}), on="person_id")
    later = later.loc[later["elite_at"] >= later["joined_at"], ["group_id", "person_id"]]
    pulled = eli.loc[eli["from_group_id"].isin(pot["group_id"]), ["from_group_id", "person_id"]]
    pulled = pulled.rename(columns={"from_group_id": "group_id"})
    both = pd.concat([later, pulled], ignore_index=True).drop_duplicates()
    return both.groupby("group_id").size()


def lifecycle_actions(wechat_groups, group_members, group_messages, deals, as_of=None,
                      elite_days: float = ELITE_DAYS, potential_days: float = POTENTIAL_DAYS,
                      silent_days: int = SILENT_DAYS, owner_staff_id: str = "") -> pd.DataFrame:
    """The list a manager acts on: groups to dissolve or revive, each with its reason.

    Parameters
    ----------
    wechat_groups, group_members, group_messages, deals : DataFrame
        Contract tables (``group_messages`` and ``deals`` may be empty).
    as_of : str or Timestamp, optional
        The time "now"; default the latest timestamp in the tables (never the wall clock).
    elite_days : float, default 3
        An open elite group older than this with no deal yet: dissolve.
    potential_days : float, default 14
        An open potential group older than this that promoted nobody to an elite group: dissolve.
    silent_days : int, default 7
        An open group whose last message is this many calendar days old or more (or that never
        had one and was created that many calendar days ago): re-engage or dissolve.
    owner_staff_id : str, default ""
        List only this staff member's groups (empty: every group). Pass the whole
        ``wechat_groups`` table rather than one manager's groups: a promotion into a colleague's
        elite group still counts.

    Returns
    -------
    DataFrame
        One row per open group and rule it breaks, sorted by owner, rule and days:

        - ``group_id``, ``branch_id``, ``tier``, ``owner_staff_id``, ``created_at``, ``age_days``,
          ``members_now``;
        - ``deals`` (int64): deals so far (by members while members, or credited to the group);
        - ``promoted`` (int64): people promoted to an elite group (potential groups; 0 otherwise);
        - ``days_since_last_message``;
        - ``rule``: ``elite_no_deal``, ``potential_no_promotion`` or ``silent``;
        - ``action``: ``dissolve`` or ``reengage``;
        - ``days``: the measured days (age, or days since the last message);
        - ``threshold``: the rule's limit in days.

    Notes
    -----
    The domain's rules: an elite group with no deal in 3 days is dissolved; a potential
    group that promoted nobody to elite in 2 weeks is dissolved; most groups die within a
    month, so a silent group needs new content or an end. A promotion is a member who later
    joined an elite group, or an elite member whose ``from_group_id`` is the group.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["E"], "tier": ["elite"], "created_at": pd.to_datetime(["2026-09-01"])})
    >>> m = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-01"])})
    >>> msg = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "sent_at": pd.to_datetime(["2026-09-05"])})
    >>> d = pd.DataFrame({"person_id": ["b"], "closed_at": pd.to_datetime(["2026-09-02"])})
    >>> lifecycle_actions(g, m, msg, d, as_of="2026-09-05 12:00")[["group_id", "rule", "action", "days"]]
      group_id           rule    action  days
    0        E  elite_no_deal  dissolve   4.5
    """
    func = "lifecycle_actions"
    elite_days = _days_param(elite_days, "elite_days", func)
    potential_days = _days_param(potential_days, "potential_days", func)
    if isinstance(silent_days, bool) or not isinstance(silent_days, (int, np.integer)) or silent_days < 1:
        raise ParameterError(f"{func}: silent_days must be a whole number of days >= 1, got {silent_days!r}.")
    b = _activity_base(wechat_groups, group_members, group_messages, as_of, func)
    as_of = b["as_of"]
    st = _status(b, int(silent_days), 0.95)
    dl = _deals(deals, func)
    st["deals"] = st["group_id"].map(_group_deals(b["groups"], b["spells"], dl, as_of)).fillna(0).astype("int64")
    st["promoted"] = st["group_id"].map(_promotions(b["spells"])).fillna(0).astype("int64")
    st = st[st["status"] == "open"]
    if not isinstance(owner_staff_id, str):
        raise ParameterError(f"{func}: owner_staff_id must be a staff id (text), got {owner_staff_id!r}.")
    if owner_staff_id.strip():
        st = st[(st["owner_staff_id"] == owner_staff_id.strip()).fillna(False).to_numpy()]
    since_created = ((as_of.normalize() - st["created_at"].dt.normalize()) / _DAY).astype(float)
    silent_for = st["days_since_last_message"].fillna(since_created)
    rules = [
        ("elite_no_deal", "dissolve", (st["tier"] == "elite") & (st["age_days"] > elite_days) & (st["deals"] == 0),
         st["age_days"], elite_days),
        ("potential_no_promotion", "dissolve",
         (st["tier"] == "potential") & (st["age_days"] > potential_days) & (st["promoted"] == 0),
         st["age_days"], potential_days),
        ("silent", "reengage", silent_for >= silent_days, silent_for, float(silent_days)),
    ]
    parts = [st.loc[mask.fillna(False).to_numpy()].assign(rule=rule, action=action,
                                                           days=days[mask.fillna(False).to_numpy()],
                                                           threshold=limit, _r=i)
             for i, (rule, action, mask, days, limit) in enumerate(rules)]
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["owner_staff_id", "_r", "days"], ascending=[True, True, False], na_position="last",
                          kind="stable").reset_index(drop=True)
    cols = [*_GROUP_COLS, "created_at", "age_days", "members_now", "deals", "promoted", "days_since_last_message",
            "rule", "action", "days", "threshold"]
    return out[cols].astype({"rule": "string", "action": "string", "days": "float64", "threshold": "float64",
                             "deals": "int64", "promoted": "int64"})


def portfolio(wechat_groups, group_members, deals, as_of=None, by="owner_staff_id",
              deal_window_days: float = DEAL_WINDOW_DAYS, rule_of_thumb: tuple[float, float] = RULE_OF_THUMB,
              conversion: pd.DataFrame | None = None, level: float = 0.95) -> pd.DataFrame:
    """A manager's portfolio: open groups and people per tier, expected deals vs the rule of thumb.

    Parameters
    ----------
    wechat_groups, group_members, deals : DataFrame
        Contract tables.
    as_of : str or Timestamp, optional
        The time "now"; default the latest timestamp in the tables.
    by : str or list of str, default "owner_staff_id"
        Columns of ``wechat_groups`` that define a portfolio (None: all groups together).
    deal_window_days : float, default 3
        The funnel's deal window (:func:`tier_funnel`).
    rule_of_thumb : (float, float), default (0.01, 0.05)
        The practitioners' 1–5% product success among the people a manager covers.
    conversion : DataFrame, optional
        The conversions to use (:func:`tier_conversion`: ``tier``, ``rate``, ``ci_low``,
        ``ci_high``), e.g. the whole branch's when ``wechat_groups`` holds one manager's groups
        only; default: computed from the tables given.
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per ``by`` value with at least one open group:

        - the ``by`` columns;
        - ``groups_mass``, ``groups_potential``, ``groups_elite`` (int64): open groups;
        - ``people_mass``, ``people_potential``, ``people_elite`` (int64): current members,
          each person counted once, at the highest tier they are in among these groups;
        - ``people`` (int64): distinct current members (the sum of the three);
        - ``expected_deals``, ``expected_ci_low``, ``expected_ci_high``: the people of each
          tier times the conversion observed from that tier to a deal
          (:func:`tier_conversion` on all the data given, or ``conversion``), summed over the
          tiers; the bounds add the bounds of the tiers (a conservative interval);
        - ``rule_low``, ``rule_high``: ``people`` times the rule of thumb (1% and 5%).

    Notes
    -----
    The observed conversion is the funnel's, so "expected deals" means deals within the deal
    window after an elite join, over a horizon like that of the data. When the interval lies
    below ``rule_low`` the groups convert worse than practitioners expect; above ``rule_high``,
    better.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "E"], "tier": ["mass", "elite"], "owner_staff_id": ["S1", "S1"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M", "M", "E"], "person_id": ["a", "b", "b"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-01", "2026-09-02"])})
    >>> d = pd.DataFrame({"person_id": ["b"], "closed_at": pd.to_datetime(["2026-09-03"])})
    >>> portfolio(g, m, d)[["owner_staff_id", "people_mass", "people_elite", "people"]]
      owner_staff_id  people_mass  people_elite  people
    0             S1            1             1       2
    """
    func = "portfolio"
    level = check_level(level, func)
    keys = _by_keys(by, wechat_groups, func)
    try:
        lo_rule, hi_rule = (float(x) for x in rule_of_thumb)
    except (TypeError, ValueError):
        raise ParameterError(f"{func}: rule_of_thumb must be two shares, e.g. (0.01, 0.05), "
                             f"got {rule_of_thumb!r}.") from None
    if not 0 <= lo_rule <= hi_rule <= 1:
        raise ParameterError(f"{func}: rule_of_thumb must satisfy 0 <= low <= high <= 1, got {rule_of_thumb!r}.")
    if conversion is None:
        conversion = tier_conversion(wechat_groups, group_members, deals, deal_window_days=deal_window_days,
                                     level=level)
    require_frame(conversion, "conversion", ["tier", "rate", "ci_low", "ci_high"], func)
    conv = conversion.assign(tier=conversion["tier"].astype("string")).set_index("tier")
    missing = [t for t in TIERS if t not in conv.index]
    if missing:
        raise ParameterError(f"{func}: conversion has no row for tier(s) {_show(missing)}; pass the result of "
                             "tier_conversion.")
    groups = _groups(wechat_groups, func, extra=keys)
    members = _members(group_members, func)
    as_of = _as_of(as_of, func)
    if as_of is None:
        as_of = _latest(groups["created_at"], groups["dissolved_at"], members["joined_at"], members["left_at"],
                        _deals(deals, func)["closed_at"]) or _EPOCH
    open_g = groups[(groups["created_at"] <= as_of) & (groups["dissolved_at"].isna()
                                                        | (groups["dissolved_at"] > as_of))]
    sp = _spells(open_g, members, keys)
    sp = sp[(sp["joined_at"] <= as_of) & (sp["left_at"].isna() | (sp["left_at"] > as_of))]
    sp = sp.assign(_t=sp["tier"].map(_TIER_ORDER))
    top = sp.sort_values("_t", ascending=False, kind="stable").drop_duplicates([*keys, "person_id"])
    base = open_g[keys].drop_duplicates() if keys else pd.DataFrame(index=[0])
    out = base.copy()
    for tier in TIERS:
        gk = open_g[open_g["tier"] == tier]
        pk = top[top["tier"] == tier]
        if keys:
            ng = gk.groupby(keys, dropna=False).size().rename(f"groups_{tier}")
            npp = pk.groupby(keys, dropna=False).size().rename(f"people_{tier}")
            out = out.merge(ng.reset_index(), on=keys, how="left").merge(npp.reset_index(), on=keys, how="left")
        else:
            out[f"groups_{tier}"] = len(gk)
            out[f"people_{tier}"] = len(pk)
    if not keys and open_g.empty:
        out = out.iloc[:0]
    cnt = [f"{k}_{t}" for k in ("groups", "people") for t in TIERS]
    for c in cnt:
        out[c] = out[c].fillna(0).astype("int64")
    out["people"] = out[[f"people_{t}" for t in TIERS]].sum(axis=1).astype("int64")
    for col, src in (("expected_deals", "rate"), ("expected_ci_low", "ci_low"), ("expected_ci_high", "ci_high")):
        total = np.zeros(len(out))
        for t in TIERS:  # three tiers
            n_t = out[f"people_{t}"].to_numpy(dtype=float)
            total = total + np.where(n_t > 0, n_t * float(conv.loc[t, src]), 0.0)
        out[col] = total
    out["rule_low"] = out["people"].to_numpy(dtype=float) * lo_rule
    out["rule_high"] = out["people"].to_numpy(dtype=float) * hi_rule
    out = _sort_keys(out, keys)
    cols = [*keys, *[f"groups_{t}" for t in TIERS], *[f"people_{t}" for t in TIERS], "people", "expected_deals",
            "expected_ci_low", "expected_ci_high", "rule_low", "rule_high"]
    return out[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Group size vs activity
# ---------------------------------------------------------------------------


def _dummies(values: pd.Series, levels: Sequence[str], prefix: str) -> pd.DataFrame:
    """0/1 columns for every level but the first (the reference)."""
    return pd.DataFrame({f"{prefix}{lv}": (values == lv).to_numpy(dtype=float) for lv in levels[1:]},
                        index=values.index)


def size_activity(health: pd.DataFrame, small_size: int = SMALL_GROUP, level: float = 0.95) -> pd.DataFrame:
    """Is a group of ``small_size`` or fewer members the most active? A binomial GLM on the active share.

    Parameters
    ----------
    health : DataFrame
        Rows of group activity, typically :func:`group_health` (weeks); needs ``group_id``,
        ``tier``, ``members`` and ``active_members``. Rows with no members are ignored.
    small_size : int, default 11
        A group is "small" when its size is ``<= small_size``. A group's size is the median of
        its ``members`` over its rows, so that a group is not "small" merely in the first days
        after it was created.
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        One row per model and term:

        - ``model``: ``unadjusted`` (small only), ``within_tier`` (small + tier: small vs larger
          groups of the same tier), ``size_slope`` (log2 members + tier: per doubling of size);
        - ``term``: ``small``, ``log2_members``, ``tier:potential``, ``tier:elite`` (the first
          tier present is the reference);
        - ``estimate``, ``ci_low``, ``ci_high``: odds ratio of being active, interval from a
          cluster-robust covariance (clusters = groups) with t(groups - 1) quantiles;
        - ``p_value``: t test with groups - 1 degrees of freedom;
        - ``n`` (int64): rows used; ``groups`` (int64): clusters;
        - ``note``: ``not_estimable`` when the term cannot be separated from the others (e.g.
          no tier has groups on both sides of ``small_size``) or there are no more groups than
          coefficients (the robust covariance would be singular); ``single_group_side`` on the
          within-tier ``small`` term when, in the tiers that have both, fewer than two groups
          are on one side of the size (the comparison is then one group against others, not
          size against size); ``few_groups`` when fewer than 10 groups carry the estimate (the
          robust interval is rough); NA otherwise.

    Notes
    -----
    Why a binomial GLM of the active share rather than OLS on messages per member-day: the
    claim is about participation ("members who have posted", the WeCom measure); the share
    is a count of members out of a known number, so a binomial model weights each group-week
    by its size and keeps predictions within 0–1, whereas messages per member-day are
    dominated by a few heavy posters and their variance grows with the mean. Each group
    contributes many weeks, and weeks of one group are not independent, so the covariance is
    cluster-robust by group (statsmodels ``cov_type="cluster"``, equal to R's
    ``sandwich::vcovCL(fit, cluster = ~group_id, type = "HC1")``) and tests and intervals use
    the t distribution with groups - 1 degrees of freedom (``lmtest::coeftest(fit, V, df = G -
    1)``), because the number of groups, not of group-weeks, limits what the data can say; the
    fit itself is R's ``glm(cbind(active, members - active) ~ ..., family = binomial)``.

    Tier and size go together by design (mass ~450, potential a few dozen, elite ~11), so the
    unadjusted odds ratio mixes "small" with "elite customers close to a deal"; only the
    within-tier comparison says something about size itself.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"group_id": ["A", "A", "B", "B", "C", "C"], "tier": ["elite"] * 6,
    ...                   "members": [10, 10, 13, 13, 9, 9], "active_members": [6, 5, 4, 6, 5, 3]})
    >>> size_activity(h).query("model == 'unadjusted'")[["term", "n", "groups", "note"]]
        term  n  groups        note
    0  small  6       3  few_groups
    """
    func = "size_activity"
    level = check_level(level, func)
    require_frame(health, "health", ["group_id", "tier", "members", "active_members"], func)
    if isinstance(small_size, bool) or not isinstance(small_size, (int, np.integer)) or small_size < 1:
        raise ParameterError(f"{func}: small_size must be a whole number >= 1, got {small_size!r}.")
    d = health[pd.to_numeric(health["members"], errors="coerce").fillna(0) > 0].reset_index(drop=True)
    m = d["members"].to_numpy(dtype=float)
    y = d["active_members"].to_numpy(dtype=float)
    if (y > m).any() or (y < 0).any():
        bad = (y > m) | (y < 0)
        raise _data_error(func, "health", "active_members", "active_le_members", _row_labels(d, bad, ["group_id"]),
                          int(bad.sum()), "active_members must lie between 0 and members")
    tier = d["tier"].astype("string")
    levels = [t for t in TIERS if (tier == t).any()]
    size = d.groupby(d["group_id"].astype("string"))["members"].transform("median").to_numpy(dtype=float)
    small = (size <= small_size).astype(float)
    gid = d["group_id"].astype("string").to_numpy()
    mixed = [t for t in levels if len(set(small[(tier == t).to_numpy()])) == 2]  # at most three tiers
    in_mixed = tier.isin(mixed).to_numpy()
    n_small_side = len(set(gid[in_mixed & (small == 1)]))
    n_large_side = len(set(gid[in_mixed & (small == 0)]))
    both_sides = bool(mixed)
    size_varies = any(len(set(size[(tier == t).to_numpy()])) > 1 for t in levels)
    tiers_x = _dummies(tier, levels, "tier:")
    specs = {
        "unadjusted": (pd.DataFrame({"small": small}), ["small"], len(set(small)) == 2),
        "within_tier": (pd.concat([pd.DataFrame({"small": small}), tiers_x], axis=1), ["small", *tiers_x.columns],
                        both_sides),
        "size_slope": (pd.concat([pd.DataFrame({"log2_members": np.log2(np.maximum(size, 1))}), tiers_x], axis=1),
                       ["log2_members", *tiers_x.columns], size_varies),
    }
    clusters = pd.factorize(d["group_id"].astype("string"))[0]
    n_groups = int(len(set(clusters)))
    rows = []
    for model, (x, terms, ok) in specs.items():
        fit = None
        # a cluster-robust covariance needs more groups than coefficients
        if ok and n_groups > len(terms) + 1 and len(d) > len(terms) + 1:
            X = np.column_stack([np.ones(len(d)), x.to_numpy(dtype=float)])
            try:
                fit = _glm(sm.GLM(np.column_stack([y, m - y]), X, family=sm.families.Binomial()),
                           cov_type="cluster", cov_kwds={"groups": clusters}, use_t=True)
            except (np.linalg.LinAlgError, ValueError):
                fit = None
        for j, term in enumerate(terms):
            if fit is None:
                rows.append({"model": model, "term": term, "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                             "p_value": np.nan, "n": len(d), "groups": n_groups, "note": "not_estimable"})
                continue
            ci = np.asarray(fit.conf_int(alpha=1 - level))[j + 1]
            note = "few_groups" if n_groups < 10 else pd.NA
            if model == "within_tier" and term == "small" and min(n_small_side, n_large_side) < 2:
                note = "single_group_side"
            rows.append({"model": model, "term": term, "estimate": float(np.exp(fit.params[j + 1])),
                         "ci_low": float(np.exp(ci[0])), "ci_high": float(np.exp(ci[1])),
                         "p_value": float(fit.pvalues[j + 1]), "n": len(d), "groups": n_groups,
                         "note": note})
    out = pd.DataFrame(rows, columns=["model", "term", "estimate", "ci_low", "ci_high", "p_value", "n", "groups",
                                      "note"])
    return out.astype({"model": "string", "term": "string", "estimate": "float64", "ci_low": "float64",
                       "ci_high": "float64", "p_value": "float64", "n": "int64", "groups": "int64",
                       "note": "string"})


def size_answer(coefs: pd.DataFrame) -> pd.DataFrame:
    """The answer to "is a group of 11 or fewer the most active?", read from :func:`size_activity`.

    Parameters
    ----------
    coefs : DataFrame
        The result of :func:`size_activity`.

    Returns
    -------
    DataFrame
        One row:

        - ``verdict``: from the within-tier odds ratio of ``small``: ``small_more_active``
          (interval above 1), ``small_less_active`` (below 1), ``cannot_tell`` (the interval
          contains 1), ``too_few_groups`` (fewer than two groups on one side of the size within
          a tier: one group's habits cannot be told from its size) or ``not_estimable`` (no
          tier has groups on both sides of the size);
        - ``estimate``, ``ci_low``, ``ci_high``: that odds ratio;
        - ``raw_verdict``, ``raw_estimate``, ``raw_ci_low``, ``raw_ci_high``: the same for the
          unadjusted comparison (small vs all larger groups, tiers mixed).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"model": ["unadjusted", "within_tier"], "term": ["small", "small"],
    ...                   "estimate": [9.0, 1.2], "ci_low": [5.0, 0.6], "ci_high": [16.0, 2.4]})
    >>> size_answer(c)[["verdict", "raw_verdict"]].to_dict("records")
    [{'verdict': 'cannot_tell', 'raw_verdict': 'small_more_active'}]
    """
    func = "size_answer"
    require_frame(coefs, "coefs", ["model", "term", "estimate", "ci_low", "ci_high"], func)

    def read(model):
        r = coefs[(coefs["model"] == model) & (coefs["term"] == "small")]
        if r.empty or pd.isna(r["estimate"].iloc[0]) or pd.isna(r["ci_low"].iloc[0]):
            return "not_estimable", np.nan, np.nan, np.nan
        est, lo, hi = (float(r[c].iloc[0]) for c in ("estimate", "ci_low", "ci_high"))
        verdict = "small_more_active" if lo > 1 else "small_less_active" if hi < 1 else "cannot_tell"
        if "note" in r.columns and bool((r["note"] == "single_group_side").fillna(False).iloc[0]):
            verdict = "too_few_groups"
        return verdict, est, lo, hi

    v, e, lo, hi = read("within_tier")
    rv, re_, rlo, rhi = read("unadjusted")
    return pd.DataFrame({"verdict": [v], "estimate": [e], "ci_low": [lo], "ci_high": [hi], "raw_verdict": [rv],
                         "raw_estimate": [re_], "raw_ci_low": [rlo], "raw_ci_high": [rhi]}).astype(
        {"verdict": "string", "raw_verdict": "string"})


def plot_size_activity(health: pd.DataFrame, ax=None, small_size: int = SMALL_GROUP, title: str | None = None,
                       language: str = "zh"):
    """Active share against group size, one point per group and period, coloured by tier.

    Parameters
    ----------
    health : DataFrame
        :func:`group_health` rows (``tier``, ``members``, ``active_share``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure only when None.
    small_size : int, default 11
        Drawn as a dashed vertical line.
    title : str, optional
    language : {"zh", "en"}, default "zh"
        Language of the legend and axis labels (:func:`analysis.labels.label` with :data:`ZH`).

    Returns
    -------
    matplotlib.axes.Axes
        One Line2D per tier with gid ``'size:<tier>'``; the line at ``small_size`` has gid
        ``'small_size'``. The x axis is logarithmic (members), the y axis a percentage.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"tier": ["mass", "elite"], "members": [450, 11], "active_share": [0.02, 0.5]})
    >>> ax = plot_size_activity(h, language="en")
    >>> sorted(l.get_gid() for l in ax.get_lines())
    ['size:elite', 'size:mass', 'small_size']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['mass', 'elite']
    """
    from analysis.plots import core as _p
    from analysis.labels import label

    func = "plot_size_activity"
    if language not in ("zh", "en"):
        raise ParameterError(f"{func}: language must be 'zh' or 'en', not {language!r}.")
    _p._check_ax(ax, func)
    _p._check_frame(health, func, tier="tier", members="members", active_share="active_share")
    d = health[pd.to_numeric(health["members"], errors="coerce").fillna(0) > 0]
    d = d[d["active_share"].notna()]
    with _p.house_style():
        ax = _p._get_ax(ax)
        if d.empty:
            return _p._no_data(ax, title)
        for tier in (t for t in TIERS if (d["tier"] == t).any()):
            part = d[d["tier"] == tier]
            name = label(tier, language, ZH)
            ax.plot(part["members"].to_numpy(dtype=float), part["active_share"].to_numpy(dtype=float), "o",
                    alpha=0.7, markersize=5, color=_p.PALETTE[_TIER_COLOURS[tier]], label=name, gid=f"size:{tier}")
        ax.axvline(small_size, color=_p.PALETTE["red"], linestyle="--", linewidth=1.2, gid="small_size")
        ax.set_xscale("log")
        ax.set_xlabel(label("members", language, ZH) + ("（对数刻度）" if language == "zh" else " (log scale)"))
        ax.set_ylabel(label("active_share", language, ZH))
        ax.set_ylim(0, min(1.0, float(d["active_share"].max()) * 1.1 + 0.02))
        ax.legend(loc="best")
        _p._style_axes(ax, grid="y")
        _p.percent_axis(ax, "y")
        _p._title(ax, title)
        _p._apply_fonts(ax)
    return ax


# ---------------------------------------------------------------------------
# Content calendar
# ---------------------------------------------------------------------------


def calendar_data(wechat_groups, group_members, group_messages, as_of=None) -> pd.DataFrame:
    """Messages per group, day and content kind with the exposure (member-days): the calendar's data.

    Parameters
    ----------
    wechat_groups, group_members, group_messages : DataFrame
        Contract tables.
    as_of : str or Timestamp, optional
        Default the latest timestamp in the tables.

    Returns
    -------
    DataFrame
        One row per group, day with at least one member, and kind (all five kinds, zeros
        included), sorted by group, date and kind:

        - ``group_id``, ``tier``;
        - ``date`` (the day), ``weekday`` (mon … sun);
        - ``kind``: text, question, product_post, game, red_packet;
        - ``messages`` (int64): messages of that kind that day (counts summed);
        - ``member_days`` (int64): members that day (the exposure; the same for every kind).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["E"], "tier": ["elite"], "created_at": pd.to_datetime(["2026-09-07"])})
    >>> m = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-07"])})
    >>> msg = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "sent_at": pd.to_datetime(["2026-09-08"]),
    ...                     "kind": ["game"], "messages": [3]})
    >>> cal = calendar_data(g, m, msg, as_of="2026-09-08 20:00")
    >>> cal.query("kind == 'game'")[["weekday", "messages", "member_days"]].to_dict("list")
    {'weekday': ['mon', 'tue'], 'messages': [0, 3], 'member_days': [1, 1]}
    """
    func = "calendar_data"
    b = _activity_base(wechat_groups, group_members, group_messages, as_of, func)
    g, md, msgs = b["groups"], b["md"], b["msgs"]
    exp = md.groupby(["group_id", "day"]).size().rename("member_days").reset_index()
    kinds = pd.DataFrame({"kind": pd.Series(MESSAGE_KINDS, dtype="string")})
    grid = exp.merge(kinds, how="cross")
    cnt = msgs.groupby(["group_id", "day", "kind"])["messages"].sum().rename("messages").reset_index()
    out = grid.merge(cnt.astype({"kind": "string"}), on=["group_id", "day", "kind"], how="left")
    out["messages"] = out["messages"].fillna(0).astype("int64")
    out["member_days"] = out["member_days"].astype("int64")
    out["_k"] = out["kind"].map({k: i for i, k in enumerate(MESSAGE_KINDS)})
    out = out.sort_values(["group_id", "day", "_k"], kind="stable").reset_index(drop=True)
    out = out.merge(g[["group_id", "tier"]], on="group_id", how="left")
    out["date"] = _from_dayno(out["day"].to_numpy(dtype=float)).to_numpy()
    out["weekday"] = pd.Series(np.array(WEEKDAYS, dtype=object)[_weekday(out["day"].to_numpy())],
                               dtype="string")
    return out[["group_id", "tier", "date", "weekday", "kind", "messages", "member_days"]].astype(
        {"date": "datetime64[ns]"})


def _check_calendar(calendar, func: str) -> pd.DataFrame:
    require_frame(calendar, "calendar", ["group_id", "weekday", "kind", "messages", "member_days"], func)
    c = calendar.assign(weekday=calendar["weekday"].astype("string"), kind=calendar["kind"].astype("string"),
                        group_id=calendar["group_id"].astype("string"))
    bad = ~c["weekday"].isin(WEEKDAYS).fillna(False).to_numpy()
    if bad.any():
        raise _data_error(func, "calendar", "weekday", "allowed_values", _row_labels(c, bad, ["group_id", "weekday"]),
                          int(bad.sum()), f"weekday must be one of {', '.join(WEEKDAYS)}")
    y = pd.to_numeric(c["messages"], errors="coerce")
    e = pd.to_numeric(c["member_days"], errors="coerce")
    bad = (y.isna() | (y < 0) | e.isna() | (e < 0)).to_numpy()
    if bad.any():
        raise _data_error(func, "calendar", "messages, member_days", "count", _row_labels(c, bad, ["group_id"]),
                          int(bad.sum()), "messages and member_days must be counts >= 0")
    c = c.assign(messages=y.to_numpy(dtype=float), member_days=e.to_numpy(dtype=float))
    return c[c["member_days"] > 0].reset_index(drop=True)


def _is_sop(kind: pd.Series, weekday: pd.Series) -> np.ndarray:
    """True where the SOP plans ``kind`` on ``weekday``."""
    planned = {f"{k}|{w}" for k, days in SOP_DAYS.items() for w in days}
    return (kind.astype("string") + "|" + weekday.astype("string")).isin(planned).fillna(False).to_numpy(dtype=bool)


def calendar_rates(calendar: pd.DataFrame) -> pd.DataFrame:
    """Messages per member-day by weekday and content kind, with the SOP's plan (descriptive).

    Parameters
    ----------
    calendar : DataFrame
        :func:`calendar_data`.

    Returns
    -------
    DataFrame
        One row per weekday (mon … sun) and kind present:

        - ``weekday``, ``kind``;
        - ``sop`` (bool): the SOP plans this kind on this weekday (:data:`SOP_DAYS`);
        - ``messages`` (int64), ``member_days`` (int64): sums over groups and days;
        - ``messages_per_member_day``: ``messages / member_days``.

    Notes
    -----
    A descriptive table: groups of different tiers and activity are pooled. The comparison
    with intervals, within groups, is :func:`content_calendar`.

    Examples
    --------
    >>> import pandas as pd
    >>> cal = pd.DataFrame({"group_id": ["E"] * 2, "weekday": ["tue", "tue"], "kind": ["game", "text"],
    ...                     "messages": [4, 2], "member_days": [10, 10]})
    >>> calendar_rates(cal)[["kind", "sop", "messages_per_member_day"]].to_dict("list")
    {'kind': ['text', 'game'], 'sop': [False, True], 'messages_per_member_day': [0.2, 0.4]}
    """
    c = _check_calendar(calendar, "calendar_rates")
    exp = c.drop_duplicates(["group_id", *(["date"] if "date" in c else []), "weekday"]) if "date" in c else None
    out = c.groupby(["weekday", "kind"], sort=False).agg(messages=("messages", "sum")).reset_index()
    if exp is not None:
        e = exp.groupby("weekday")["member_days"].sum()
        out["member_days"] = out["weekday"].map(e).to_numpy()
    else:
        out["member_days"] = c.groupby(["weekday", "kind"], sort=False)["member_days"].sum().to_numpy()
    out["_w"] = out["weekday"].map({w: i for i, w in enumerate(WEEKDAYS)})
    out["_k"] = out["kind"].map({k: i for i, k in enumerate(MESSAGE_KINDS)}).fillna(len(MESSAGE_KINDS))
    out = out.sort_values(["_w", "_k", "kind"], kind="stable").reset_index(drop=True)
    out["sop"] = _is_sop(out["kind"], out["weekday"])
    out["messages"] = out["messages"].astype("int64")
    out["member_days"] = out["member_days"].astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["messages_per_member_day"] = out["messages"] / out["member_days"].where(out["member_days"] > 0)
    return out[["weekday", "kind", "sop", "messages", "member_days", "messages_per_member_day"]].astype(
        {"sop": "bool", "messages_per_member_day": "float64"})


def _glm(model, start=None, **kwargs):
    """IRLS to convergence, then one more step from the estimate so that the covariance is evaluated at it.

    IRLS stops on the change in deviance, which is quadratic in the parameters' error; its last
    covariance comes from the weights of the previous step. The extra step makes the standard errors
    those at the maximum (as R's ``glm`` gives with ``epsilon = 1e-15``).
    """
    with warnings.catch_warnings():
        # an exact fit (e.g. the same count every week) is not an error for these models
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        fit = model.fit(start_params=start, tol=1e-12, maxiter=200, wls_method="qr")
        return model.fit(start_params=fit.params, tol=1e-12, maxiter=200, wls_method="qr", **kwargs)


def _fit_poisson(y, X, off, start=None):
    return _glm(sm.GLM(y, X, family=sm.families.Poisson(), offset=off), start)


def _fit_nb_alpha(y, X, off, alpha, start=None):
    return _glm(sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha), offset=off), start)


def _fit_nb(y, X, off, start):
    """NB2 by maximum likelihood (as MASS::glm.nb), then the GLM at that alpha for the coefficients' SEs.

    The joint ML fit (statsmodels' discrete NegativeBinomial, Newton) gives alpha; when it does not
    converge, alpha maximises the profile log-likelihood over log(alpha) instead.
    """
    alpha = np.nan
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            joint = sm.NegativeBinomial(y, X, offset=off, loglike_method="nb2").fit(
                start_params=np.append(start, 0.5), method="newton", maxiter=200, disp=0)
        if joint.mle_retvals.get("converged", False):
            alpha = float(joint.params[-1])
    except (np.linalg.LinAlgError, ValueError, OverflowError):
        alpha = np.nan
    if not (np.isfinite(alpha) and alpha > np.exp(_NB_BOUNDS[0])):

        def negll(la):
            return -_fit_nb_alpha(y, X, off, float(np.exp(la)), start).llf

        res = optimize.minimize_scalar(negll, bounds=_NB_BOUNDS, method="bounded", options={"xatol": 1e-8})
        alpha = float(np.exp(res.x))
    return alpha, _fit_nb_alpha(y, X, off, alpha, start)


def _count_models(y, X, off, family: str):
    """Poisson and NB fits, the overdispersion test and the chosen fit."""
    pois = _fit_poisson(y, X, off)
    alpha, nb = _fit_nb(y, X, off, pois.params)
    lr = max(0.0, 2.0 * (nb.llf - pois.llf))
    p = 1.0 if lr <= 0 else 0.5 * float(sps.chi2.sf(lr, 1))
    dispersion = float(pois.pearson_chi2 / pois.df_resid) if pois.df_resid > 0 else np.nan
    chosen = family if family != "auto" else ("negative_binomial" if p < 0.05 else "poisson")
    fit = nb if chosen == "negative_binomial" else pois
    check = {"dispersion": dispersion, "alpha": alpha, "lr_stat": lr, "p_value": p, "auto_family": (
        "negative_binomial" if p < 0.05 else "poisson")}
    return fit, chosen, check


def _calendar_models(calendar: pd.DataFrame, family: str, level: float, func: str):
    """Fit the weekday and SOP models; return (coefficient rows, check rows)."""
    require_frame(calendar, "calendar", ["date"], func)  # one row per group, day and kind
    c = _check_calendar(calendar, func)
    coef_rows, checks = [], []
    z = float(sps.norm.ppf((1 + level) / 2))

    def term_rows(model, fit, cols, terms, ref, sums, chosen, n, notes, check):
        check = check or {}
        for t in terms:
            msgs_t, exp_t = sums.get(t, (0, 0))
            row = {"model": model, "term": t, "reference": ref, "estimate": np.nan, "ci_low": np.nan,
                   "ci_high": np.nan, "p_value": np.nan, "messages": int(msgs_t), "member_days": int(exp_t),
                   "n": n, "family": chosen, "dispersion": check.get("dispersion", np.nan),
                   "alpha": check.get("alpha", np.nan), "overdispersion_p": check.get("p_value", np.nan),
                   "note": notes.get(t, pd.NA)}
            if t == ref:
                row.update(estimate=1.0, note="reference")
            elif fit is not None and t in cols:
                j = cols.index(t)
                b, se = float(fit.params[j]), float(fit.bse[j])
                row.update(estimate=float(np.exp(b)), ci_low=float(np.exp(b - z * se)),
                           ci_high=float(np.exp(b + z * se)), p_value=float(fit.pvalues[j]))
            coef_rows.append(row)

    # -- weekday model: all kinds together, per group and day
    day = c.groupby(["group_id", "date", "weekday"], sort=True).agg(
        messages=("messages", "sum"), member_days=("member_days", "first")).reset_index()
    active_groups = day.groupby("group_id")["messages"].transform("sum") > 0
    day = day[active_groups.to_numpy()].reset_index(drop=True)
    by_wd = day.groupby("weekday")[["messages", "member_days"]].sum()
    present = [w for w in WEEKDAYS if w in by_wd.index]
    with_msgs = [w for w in present if by_wd.loc[w, "messages"] > 0]
    sums = {w: (by_wd.loc[w, "messages"], by_wd.loc[w, "member_days"]) for w in present}
    notes = {w: "no_messages" for w in present if w not in with_msgs}
    ref = with_msgs[0] if with_msgs else (present[0] if present else "mon")
    fit, chosen, check, cols = None, family if family != "auto" else pd.NA, None, []
    day = day[day["weekday"].isin(with_msgs).to_numpy()].reset_index(drop=True)
    if len(with_msgs) >= 2:
        grp_levels = sorted(day["group_id"].unique())
        X = pd.concat([pd.DataFrame({"const": np.ones(len(day))}), _dummies(day["group_id"], grp_levels, "g:"),
                       _dummies(day["weekday"], with_msgs, "")], axis=1)
        cols = list(X.columns)
        fit, chosen, check = _count_models(day["messages"].to_numpy(dtype=float), X.to_numpy(dtype=float),
                                           np.log(day["member_days"].to_numpy(dtype=float)), family)
    term_rows("weekday", fit, cols, present, ref, sums, chosen, len(day), notes, check)
    checks.append({"model": "weekday", "n": len(day), **(check or {})})

    # -- SOP model: each planned kind on its SOP days vs its other days, per group, day and kind
    k = c[c["kind"].isin(list(SOP_DAYS))].reset_index(drop=True)
    k["sop_day"] = _is_sop(k["kind"], k["weekday"])
    k = k[(k.groupby("group_id")["messages"].transform("sum") > 0).to_numpy()].reset_index(drop=True)
    kinds = [kd for kd in SOP_DAYS if (k["kind"] == kd).any()]
    sums, notes, usable = {}, {}, []
    for kd in kinds:
        part = k[k["kind"] == kd]
        on, off = part.loc[part["sop_day"], "messages"].sum(), part.loc[~part["sop_day"], "messages"].sum()
        sums[kd] = (on, part.loc[part["sop_day"], "member_days"].sum())
        if on > 0 and off > 0:
            usable.append(kd)
        else:
            notes[kd] = "no_messages" if on + off == 0 else "all_on_sop_days" if off == 0 else "none_on_sop_days"
    k = k[k["kind"].isin(usable).to_numpy()].reset_index(drop=True)
    k = k[(k.groupby("group_id")["messages"].transform("sum") > 0).to_numpy()].reset_index(drop=True)
    fit, chosen2, check2, cols = None, family if family != "auto" else pd.NA, None, []
    if usable and len(k):
        grp_levels = sorted(k["group_id"].unique())
        inter = pd.DataFrame({kd: ((k["kind"] == kd) & k["sop_day"]).to_numpy(dtype=float) for kd in usable})
        X = pd.concat([pd.DataFrame({"const": np.ones(len(k))}), _dummies(k["group_id"], grp_levels, "g:"),
                       _dummies(k["kind"], usable, "kind:"), inter], axis=1)
        cols = list(X.columns)
        fit, chosen2, check2 = _count_models(k["messages"].to_numpy(dtype=float), X.to_numpy(dtype=float),
                                             np.log(k["member_days"].to_numpy(dtype=float)), family)
    term_rows("sop", fit, cols, kinds, "other_days", sums, chosen2, len(k), notes, check2)
    checks.append({"model": "sop", "n": len(k), **(check2 or {})})
    return coef_rows, checks


def content_calendar(calendar: pd.DataFrame, family: str = "auto", level: float = 0.95) -> pd.DataFrame:
    """Engagement by weekday and content kind against the SOP: rate ratios from a count GLM.

    Parameters
    ----------
    calendar : DataFrame
        :func:`calendar_data` (group, day, kind, messages, member_days).
    family : {"auto", "poisson", "negative_binomial"}, default "auto"
        ``auto`` uses the negative binomial when the likelihood-ratio test of overdispersion
        rejects the Poisson at 5% (:func:`overdispersion`), the Poisson otherwise.
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per model and term:

        - ``model``: ``weekday`` (messages of all kinds per group and day) or ``sop`` (each
          planned kind on its SOP days vs its other days);
        - ``term``: a weekday (mon … sun) or a kind (question, product_post, game, red_packet);
        - ``reference``: the weekday compared with (the first with messages, normally ``mon``)
          or ``other_days``;
        - ``estimate``, ``ci_low``, ``ci_high``: rate ratio (messages per member-day) with a
          Wald interval; 1 for the reference row;
        - ``p_value``;
        - ``messages``, ``member_days`` (int64): on that weekday / of that kind on its SOP days;
        - ``n`` (int64): rows in the model; ``family``: the family used;
        - ``dispersion``, ``alpha``, ``overdispersion_p``: the model's overdispersion check
          (the same on every row of a model; see :func:`overdispersion`);
        - ``note``: ``reference``, ``no_messages``, ``all_on_sop_days``, ``none_on_sop_days``
          (the ratio is 0 or infinite: not estimable), or NA.

    Notes
    -----
    Both models have group fixed effects and the offset ``log(member_days)``, so weekdays and
    kinds are compared within the same group: ``log E[messages] = log(member_days) + group +
    weekday`` (weekday model) and ``log E[messages] = log(member_days) + group + kind +
    kind × sop_day`` (SOP model). The rate ratio ``exp(beta)`` is the factor by which messages
    per member-day change. Groups without messages are left out (their effect would be minus
    infinity). The Poisson fit equals R's ``glm(messages ~ ..., family = poisson, offset =
    log(member_days))``; the negative binomial (NB2, variance ``mu + alpha mu^2``) estimates
    ``alpha`` by maximum likelihood and equals ``MASS::glm.nb`` (``theta = 1 / alpha``).
    Intervals are Wald: ``exp(beta ± z se)``.

    The SOP: Mon/Wed/Fri content and offers (product posts, questions after them), Tue/Thu
    games, a fixed Friday activity (red packets) — :data:`SOP_DAYS`.

    Examples
    --------
    >>> import pandas as pd
    >>> cal = pd.DataFrame({"group_id": ["E"] * 4, "weekday": ["mon", "tue", "mon", "tue"],
    ...                     "date": pd.to_datetime(["2026-09-07", "2026-09-08", "2026-09-14", "2026-09-15"]),
    ...                     "kind": ["text"] * 4, "messages": [2, 6, 4, 6], "member_days": [10] * 4})
    >>> r = content_calendar(cal, family="poisson").query("model == 'weekday'")
    >>> r[["term", "estimate"]].round(2).to_dict("list")
    {'term': ['mon', 'tue'], 'estimate': [1.0, 2.0]}
    """
    func = "content_calendar"
    level = check_level(level, func)
    if family not in FAMILIES:
        raise ParameterError(f"{func}: family must be one of {', '.join(FAMILIES)}, got {family!r}.")
    rows, _ = _calendar_models(calendar, family, level, func)
    cols = ["model", "term", "reference", "estimate", "ci_low", "ci_high", "p_value", "messages", "member_days",
            "n", "family", "dispersion", "alpha", "overdispersion_p", "note"]
    return pd.DataFrame(rows, columns=cols).astype(
        {"model": "string", "term": "string", "reference": "string", "estimate": "float64", "ci_low": "float64",
         "ci_high": "float64", "p_value": "float64", "messages": "int64", "member_days": "int64", "n": "int64",
         "family": "string", "dispersion": "float64", "alpha": "float64", "overdispersion_p": "float64",
         "note": "string"})


def overdispersion(calendar: pd.DataFrame) -> pd.DataFrame:
    """Is a Poisson model good enough for the content calendar? The check behind ``family="auto"``.

    Parameters
    ----------
    calendar : DataFrame
        :func:`calendar_data`.

    Returns
    -------
    DataFrame
        One row per model of :func:`content_calendar` (``weekday``, ``sop``):

        - ``model``; ``n`` (int64): rows;
        - ``dispersion``: Pearson chi-square / residual df of the Poisson fit (about 1 when the
          Poisson holds);
        - ``alpha``: the negative binomial's ML dispersion (variance ``mu + alpha mu^2``);
        - ``lr_stat``: ``2 (logLik NB - logLik Poisson)``;
        - ``p_value``: its p-value, half the chi-square(1) tail (alpha = 0 lies on the boundary);
        - ``family``: ``negative_binomial`` when ``p_value < 0.05``, else ``poisson``.

        Statistics are NaN when a model cannot be fitted (too few weekdays or kinds with
        messages).

    Examples
    --------
    >>> import pandas as pd
    >>> cal = pd.DataFrame({"group_id": ["E"] * 4, "weekday": ["mon", "tue", "mon", "tue"],
    ...                     "date": pd.to_datetime(["2026-09-07", "2026-09-08", "2026-09-14", "2026-09-15"]),
    ...                     "kind": ["text"] * 4, "messages": [2, 6, 4, 6], "member_days": [10] * 4})
    >>> overdispersion(cal)[["model", "family"]].to_dict("list")
    {'model': ['weekday', 'sop'], 'family': ['poisson', None]}
    """
    _, checks = _calendar_models(calendar, "auto", 0.95, "overdispersion")
    out = pd.DataFrame(checks).reindex(columns=["model", "n", "dispersion", "alpha", "lr_stat", "p_value",
                                                "auto_family"])
    out = out.rename(columns={"auto_family": "family"})
    return out.astype({"model": "string", "n": "int64", "dispersion": "float64", "alpha": "float64",
                       "lr_stat": "float64", "p_value": "float64", "family": "string"})


# ---------------------------------------------------------------------------
# Join hook
# ---------------------------------------------------------------------------


def hook_costs(hook_campaigns: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Cost of each join-the-group incentive (进群红包): nominal vs effective cost per member.

    Parameters
    ----------
    hook_campaigns : DataFrame
        The hook_campaigns table (``campaign_id``, ``joined``, ``claimed``, ``reward_per_claim``,
        ``spend``; ``branch_id``, ``started_at``, ``ended_at`` when present).
    level : float, default 0.95
        Confidence level of the claim-rate interval.

    Returns
    -------
    DataFrame
        One row per campaign, in input order:

        - ``campaign_id``, ``branch_id``, ``started_at``, ``ended_at``;
        - ``days``: campaign length in days (NaN without both times);
        - ``joined``, ``claimed`` (int64);
        - ``rate``, ``ci_low``, ``ci_high``: claim rate ``claimed / joined``, Wilson interval;
        - ``nominal_cost``: the reward per claim — what one member would cost if everyone
          claimed;
        - ``effective_cost``: ``spend / joined``, what one member actually cost;
        - ``cost_ratio``: ``effective_cost / nominal_cost``;
        - ``spend``; ``nominal_spend``: ``joined * nominal_cost``;
        - ``paid_per_claim``: ``spend / claimed`` (equals the reward when the books agree);
        - ``joins_per_day``: ``joined / days``.

    Notes
    -----
    The reference case: 20,000 joined in two weeks with a 5-yuan red packet, 3,000 claimed
    (a game was required, payment delayed five working days), 15,000 yuan spent: 0.75 yuan
    per member instead of 5, 15% of nominal. When ``spend = claimed * reward`` the cost ratio
    equals the claim rate.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"campaign_id": ["H1"], "joined": [20000], "claimed": [3000],
    ...                   "reward_per_claim": [5.0], "spend": [15000.0]})
    >>> hook_costs(h)[["effective_cost", "cost_ratio", "rate"]].round(4).to_dict("records")
    [{'effective_cost': 0.75, 'cost_ratio': 0.15, 'rate': 0.15}]
    """
    func = "hook_costs"
    level = check_level(level, func)
    require_frame(hook_campaigns, "hook_campaigns", ["campaign_id", "joined", "claimed", "reward_per_claim", "spend"],
             func)
    h = hook_campaigns.reset_index(drop=True)
    ids = ("campaign_id",)
    num = {}
    for c in ("joined", "claimed", "reward_per_claim", "spend"):
        v = pd.to_numeric(h[c], errors="coerce")
        bad = (v.isna() | (v < 0)).to_numpy()
        if bad.any():
            raise _data_error(func, "hook_campaigns", c, "non_negative", _row_labels(h, bad, ids), int(bad.sum()),
                              "must be a number >= 0")
        num[c] = v.to_numpy(dtype=float)
    over = num["claimed"] > num["joined"]
    if over.any():
        raise _data_error(func, "hook_campaigns", "claimed", "claimed_le_joined", _row_labels(h, over, ids),
                          int(over.sum()), "more people claimed than joined")
    joined, claimed = num["joined"].astype(np.int64), num["claimed"].astype(np.int64)
    p = proportion(claimed, joined, level=level) if len(h) else None
    started = _times(h, "hook_campaigns", "started_at", func, ids, required=False)
    ended = _times(h, "hook_campaigns", "ended_at", func, ids, required=False)
    days = ((ended - started) / _DAY).to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        reward, spend = num["reward_per_claim"], num["spend"]
        effective = np.where(joined > 0, spend / np.where(joined > 0, joined, 1), np.nan)
        out = pd.DataFrame({
            "campaign_id": h["campaign_id"].astype("string"),
            "branch_id": _ids(h, "hook_campaigns", "branch_id", func, ids, required=False),
            "started_at": started, "ended_at": ended, "days": days,
            "joined": joined, "claimed": claimed,
            "rate": p["rate"].to_numpy() if p is not None else np.array([], dtype=float),
            "ci_low": p["ci_low"].to_numpy() if p is not None else np.array([], dtype=float),
            "ci_high": p["ci_high"].to_numpy() if p is not None else np.array([], dtype=float),
            "nominal_cost": reward, "effective_cost": effective,
            "cost_ratio": np.where(reward > 0, effective / np.where(reward > 0, reward, 1), np.nan),
            "spend": spend, "nominal_spend": joined * reward,
            "paid_per_claim": np.where(claimed > 0, spend / np.where(claimed > 0, claimed, 1), np.nan),
            "joins_per_day": np.where(days > 0, joined / np.where(days > 0, days, 1), np.nan),
        })
    return out


# ---------------------------------------------------------------------------
# Data checks of the domain
# ---------------------------------------------------------------------------


def data_checks(wechat_groups, group_members, group_messages=None, hook_campaigns=None) -> pd.DataFrame:
    """The group data's own findings for the data-quality section (beyond the contract's validation).

    Parameters
    ----------
    wechat_groups, group_members : DataFrame
        Contract tables.
    group_messages, hook_campaigns : DataFrame, optional

    Returns
    -------
    DataFrame
        One row per finding (none when clean):

        - ``table``; ``rule`` (code, see Notes); ``n_rows`` (int64): rows concerned;
        - ``examples``: the first few, as ids;
        - ``detail``: what it means for the analysis.

    Notes
    -----
    Rules: ``members_unknown_group``, ``joined_before_created``, ``joined_after_dissolved``,
    ``overlapping_spells`` (the same person twice in a group at once), ``mid_funnel_entries``
    (people whose first group was a potential or elite group — not an error, but they are not
    in the funnel), ``messages_unknown_group``, ``message_outside_life`` and
    ``message_from_non_member`` (compared by calendar day, so daily counts stamped at midnight
    are not flagged), ``hook_spend_mismatch`` (spend differs from claimed × reward by more
    than 1%).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["E"], "tier": ["elite"], "created_at": pd.to_datetime(["2026-09-07"])})
    >>> m = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-06"])})
    >>> data_checks(g, m)["rule"].tolist()
    ['joined_before_created', 'mid_funnel_entries']
    """
    func = "data_checks"
    groups = _groups(wechat_groups, func)
    members = _members(group_members, func)
    rows = []

    def add(table, rule, mask, frame, ids, detail):
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            ex = [" / ".join(str(frame[c].iloc[i]) for c in ids) for i in np.flatnonzero(mask)[:_MAX_SHOWN]]
            rows.append({"table": table, "rule": rule, "n_rows": int(mask.sum()), "examples": _show(ex),
                         "detail": detail})

    known = members["group_id"].isin(groups["group_id"]).to_numpy()
    add("group_members", "members_unknown_group", ~known, members, ["group_id", "person_id"],
        "memberships of groups missing from wechat_groups are left out of every group analysis")
    sp = _spells(groups, members)
    add("group_members", "joined_before_created", (sp["joined_at"] < sp["created_at"]).to_numpy(), sp,
        ["group_id", "person_id"], "joined before the group was created; counted from the creation day")
    add("group_members", "joined_after_dissolved",
        (sp["dissolved_at"].notna() & (sp["joined_at"] > sp["dissolved_at"])).to_numpy(), sp,
        ["group_id", "person_id"], "joined after the group was dissolved; not counted as a member")
    s = sp.sort_values(["group_id", "person_id", "joined_at"], kind="stable").reset_index(drop=True)
    prev_end = s.groupby(["group_id", "person_id"])["left_at"].shift(1)
    same = s.duplicated(["group_id", "person_id"]).to_numpy()
    overlap = same & (prev_end.isna() | (s["joined_at"] < prev_end)).to_numpy()
    add("group_members", "overlapping_spells", overlap, s, ["group_id", "person_id"],
        "a second membership starts before the first ended; the person is counted once per day")
    sp_t = sp.assign(_t=sp["tier"].map(_TIER_ORDER))
    first = sp_t.sort_values(["person_id", "joined_at", "_t"], kind="stable").drop_duplicates("person_id")
    mid = first[first["tier"] != "mass"].reset_index(drop=True)
    add("group_members", "mid_funnel_entries", np.ones(len(mid), dtype=bool), mid, ["person_id", "group_id"],
        "people whose first group was a potential or elite group (e.g. straight from a salon): not in the "
        "funnel, counted by tier_entries")
    if group_messages is not None:
        msgs = _messages(group_messages, func)
        mk = msgs["group_id"].isin(groups["group_id"]).to_numpy()
        add("group_messages", "messages_unknown_group", ~mk, msgs, ["group_id", "person_id"],
            "messages of groups missing from wechat_groups are left out")
        mg = msgs[mk].merge(groups[["group_id", "created_at", "dissolved_at"]], on="group_id").reset_index(drop=True)
        day = _dayno(mg["sent_at"])
        outside = (day < _dayno(mg["created_at"])) | (mg["dissolved_at"].notna().to_numpy()
                                                      & (day > _dayno(mg["dissolved_at"])))
        add("group_messages", "message_outside_life", outside, mg, ["group_id", "person_id"],
            "sent before the group was created or after it was dissolved; ignored")
        mg = mg.assign(day=day, _i=np.arange(len(mg)))
        sm_ = sp.assign(sd=_dayno(sp["joined_at"]),
                        ed=_dayno(pd.concat([sp["left_at"], sp["dissolved_at"]], axis=1).min(axis=1)))
        pairs = mg[["_i", "group_id", "person_id", "day"]].dropna(subset=["person_id"]).merge(
            sm_[["group_id", "person_id", "sd", "ed"]], on=["group_id", "person_id"], how="left")
        inside = (pairs["day"] >= pairs["sd"]) & ((pairs["day"] <= pairs["ed"]) | pairs["ed"].isna())
        ok_i = set(pairs.loc[inside.to_numpy(), "_i"])
        nonmember = (~mg["_i"].isin(ok_i) & mg["person_id"].notna() & ~outside).to_numpy()
        add("group_messages", "message_from_non_member", nonmember, mg, ["group_id", "person_id"],
            "the sender was not a member that day; counted in the group's messages, not as an active member")
    if hook_campaigns is not None and len(hook_campaigns):
        require_frame(hook_campaigns, "hook_campaigns", ["campaign_id", "claimed", "reward_per_claim", "spend"], func)
        h = hook_campaigns.reset_index(drop=True)
        expect = pd.to_numeric(h["claimed"], errors="coerce") * pd.to_numeric(h["reward_per_claim"], errors="coerce")
        spend = pd.to_numeric(h["spend"], errors="coerce")
        bad = ((spend - expect).abs() > 0.01 * np.maximum(spend.abs(), expect.abs())).fillna(False).to_numpy()
        add("hook_campaigns", "hook_spend_mismatch", bad, h, ["campaign_id"],
            "spend differs from claimed x reward_per_claim by more than 1%: check the payout records")
    out = pd.DataFrame(rows, columns=["table", "rule", "n_rows", "examples", "detail"])
    return out.astype({"table": "string", "rule": "string", "n_rows": "int64", "examples": "string",
                       "detail": "string"})
