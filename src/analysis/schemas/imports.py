"""The importers' tables (issue 15): WeCom's daily statistics and the evaluation form's actuals."""

from __future__ import annotations


from analysis.schemas.base import ForeignKey, RowRule, Table, ROLES, TARGET_METRICS
from analysis.schemas.tables import C, _add

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
