"""Display labels for reports: English column and value codes → Chinese (or kept in English).

Helpers return English snake_case columns; notebooks call :func:`localize` just before
showing a table, so the same report reads naturally in Chinese (``language="zh"``) or English.
"""

from __future__ import annotations

import pandas as pd

from analysis.errors import ParameterError

__all__ = ["ZH", "localize", "label", "formats"]

#: English code → Chinese label, for column names and for values shown in tables and charts.
ZH: dict[str, str] = {
    # generic
    "table": "数据表", "present": "已提供", "required": "必需", "rows_read": "读取行数",
    "rows_rejected": "剔除行数", "rows_in_scope": "本报告行数", "rows": "行号", "records": "记录数", "first": "最早", "last": "最晚",
    "measure": "指标", "value": "数值", "month": "月份", "column": "字段", "rule": "规则", "n_rows": "问题行数",
    "detail": "说明", "n": "样本量", "rate": "比例", "ci_low": "区间下限", "ci_high": "区间上限",
    "successes": "命中数", "trials": "总数", "estimate": "估计值", "p_value": "p值", "odds_ratio": "比值比",
    "term": "变量",
    # tables
    "branches": "网点", "staff": "员工", "communities": "小区", "entry_points": "营销入口", "people": "客户",
    "survey_questions": "问卷题目", "survey_responses": "问卷答卷", "survey_answers": "问卷答案",
    "events": "活动", "event_targets": "活动目标", "invitations": "邀约", "attendance": "签到",
    "leads": "线索", "wechat_groups": "微信群", "group_members": "群成员", "group_messages": "群消息",
    "deals": "成交", "hook_campaigns": "进群红包",
    # measures
    "households": "户数", "eligible_staff": "可邀约员工", "salons": "沙龙", "booths": "驻点",
    "activities": "社区活动", "attendees": "到场人数", "groups_mass": "大众群", "groups_potential": "潜在客户群",
    "groups_elite": "精英群", "leads_open": "未结线索", "deal_amount": "成交金额(元)",
    "strangers": "陌生客户", "stranger_ratio": "陌生客户占比",
    # ids and attributes
    "event_id": "活动编号", "branch_id": "网点", "community_id": "小区", "kind": "类型", "theme": "主题",
    "starts_at": "开始时间", "ends_at": "结束时间", "cost": "费用", "planned_invites": "计划邀约",
    "tier": "层级", "mass": "大众群", "potential": "潜在客户群", "elite": "精英群", "deal": "成交",
    "booth": "驻点", "salon": "沙龙", "activity": "社区活动", "outcome": "结果", "won": "成交", "lost": "未成交",
    "open": "跟进中", "amount": "金额(元)", "groups": "群数", "dissolved": "已解散", "median_members": "群人数中位数",
    "name": "名称", "city": "城市", "staff_id": "员工", "assigned_to": "跟进人", "source": "来源",
    "staff_invite": "员工邀约", "partner_invite": "合作方邀约", "brought_along": "带客", "walk_in": "自然到访",
}


def label(code, language: str = "zh", extra=None) -> str:
    """The display label of one code (the code itself when there is none or language is 'en').

    ``extra`` is an optional mapping of a domain module's own labels, looked up before :data:`ZH`.
    """
    if language == "en":
        return str(code).replace("_", " ")
    key = str(code)
    if extra and key in extra:
        return extra[key]
    return ZH.get(key, key)


def localize(df: pd.DataFrame, language: str = "zh", values=(), extra=None) -> pd.DataFrame:
    """A copy of ``df`` with column names (and the values of columns in ``values``) as labels.

    Parameters
    ----------
    df : DataFrame
    language : {"zh", "en"}
    values : iterable of str
        Columns whose values are codes to translate too (e.g. ``["table"]``).
    extra : mapping, optional
        A domain module's own code → Chinese labels, used before :data:`ZH`.
    """
    if language not in ("zh", "en"):
        raise ParameterError(f"language must be 'zh' or 'en', not {language!r}")
    out = df.assign(**{c: df[c].astype("string").map(lambda v: label(v, language, extra), na_action="ignore")
                       for c in values if c in df})
    return out.rename(columns={c: label(c, language, extra) for c in df.columns})


def formats(columns, fmt: str, language: str = "zh", extra=None) -> dict:
    """``Styler.format`` mapping for some columns of a localized table: {label: fmt}.

    Example: ``localize(df, language).style.format(formats(("rate", "ci_low", "ci_high"), "{:.1%}", language))``.
    """
    return {label(c, language, extra): fmt for c in columns}
