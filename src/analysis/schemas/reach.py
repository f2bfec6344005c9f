"""The reach tables (issue 12): partners, campaigns, placements, accounts, referrals."""

from __future__ import annotations

from typing import Callable

import pandas as pd

from analysis.schemas.base import ForeignKey, RowRule, CrossRule, Table, _later
from analysis.schemas.tables import C, _add

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
