"""The uplift tables (issue 13): customer_assets, holdings, assignments, contacts."""

from __future__ import annotations

import pandas as pd

from analysis.schemas.base import LATEST_TIME, ForeignKey, RowRule, Table, _later
from analysis.schemas.tables import C, _add

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
