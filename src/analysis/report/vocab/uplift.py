"""Labels and sentences of the uplift domain (客户分层与提升): :mod:`analysis.uplift`.

Tier codes are column-specific keys (``value_tier=high`` 高价值, ``from_tier=new`` 新客户, ``to_tier=left`` 已无快照):
the plain code ``potential`` already means the potential-customer WeChat group.
"""

_TIERS = (("high", "高价值", "High value"), ("second", "次价值", "Second value"),
          ("potential", "潜在价值", "Potential value"), ("low", "低价值", "Low value"))

LABELS = {
    # --- the tables' columns ----------------------------------------------------------------
    "as_of": ("快照日期", "Snapshot", "date"),
    "aum": ("资产余额(元)", "AUM (yuan)", "money"),
    "deposits": ("存款(元)", "Deposits (yuan)", "money"),
    "investments": ("理财(元)", "Investments (yuan)", "money"),
    "loans": ("贷款(元)", "Loans (yuan)", "money"),
    "holding_id": ("持仓编号", "Holding", "id"),
    "matures_at": ("到期日", "Matures", "date"),
    "assigned_at": ("分户时间", "Assigned", "date"),
    "principle": ("分户原则", "Allocation principle", "code"),
    "contacted_at": ("联系时间", "Contacted", "datetime"),
    "purpose": ("联系目的", "Purpose", "code"),
    **{f"principle={k}": (zh, en, None) for k, zh, en in (
        ("familiarity", "熟悉程度", "Familiarity"), ("territory", "战区管户", "Territory"),
        ("industry", "行业分户", "Industry"), ("relationship", "关系分户", "Relationship"),
        ("unknown", "未记录", "Not recorded"))},
    **{f"purpose={k}": (zh, en, None) for k, zh, en in (
        ("maintenance", "日常维护", "Maintenance"), ("maturity", "到期维护", "Maturity"),
        ("outflow", "大额变动维护", "Large outflow"), ("care", "尊享关怀", "Care"), ("sales", "营销", "Sales"))},
    "channel=call": ("电话", "Call", None), "channel=visit": ("拜访", "Visit", None),
    "channel=branch": ("网点", "At the branch", None),
    # --- tiers ---------------------------------------------------------------------------------
    "value_tier": ("价值层级", "Value tier", "code"),
    "from_tier": ("期初层级", "Tier at start", "code"),
    "to_tier": ("期末层级", "Tier at end", "code"),
    **{f"{col}={k}": (zh, en, None) for col in ("value_tier", "from_tier", "to_tier") for k, zh, en in _TIERS},
    "from_tier=new": ("新客户（期初无快照）", "New (no start snapshot)", None),
    "to_tier=left": ("期末无快照", "No end snapshot", None),
    "customers": ("客户数", "Customers", "count"),
    "aum_start": ("期初资产(元)", "AUM at start (yuan)", "yuan"),
    "aum_end": ("期末资产(元)", "AUM at end (yuan)", "yuan"),
    "aum_review": ("上次复盘资产(元)", "AUM at last review (yuan)", "money"),
    "change": ("较上次变化(元)", "Change (yuan)", "money"),
    "net_new_money": ("净新增资产", "Net new money", "yuan"),
    "upgraded": ("升级客户", "Upgraded", "count"),
    "movable": ("可升级客户", "Could move up", "count"),
    "downgraded": ("降级客户", "Downgraded", "count"),
    "left": ("期末无快照", "No end snapshot", "count"),
    "new": ("新客户", "New customers", "count"),
    "move": ("变动", "Move", "code"),
    "move=up": ("升级", "Up", None), "move=down": ("降级", "Down", None),
    "start": ("期初快照", "Start snapshot", "date"),
    "end": ("期末快照", "End snapshot", "date"),
    "target_net_new_money": ("净新增目标", "Net new money target", "yuan"),
    "target_upgraded": ("升级目标", "Upgrade target", "count"),
    # --- white list ------------------------------------------------------------------------
    "last_contact_at": ("最近联系", "Last contact", "date"),
    "days_since_contact": ("未联系天数", "Days since contact", "days"),
    "next_maturity_at": ("下次到期", "Next maturity", "date"),
    "next_maturity_amount": ("到期金额(元)", "Maturing (yuan)", "money"),
    "no_contact": ("超期未联系", "No contact too long", "bool"),
    # --- maintenance list ------------------------------------------------------------------
    "trigger": ("维护类型", "Trigger", "code"),
    "trigger=maturity_7d": ("7天内到期", "Matures within 7 days", None),
    "trigger=maturity_30d": ("30天内到期", "Matures within 30 days", None),
    "trigger=outflow": ("大额流出", "Large outflow", None),
    "trigger=no_contact": ("超频率未联系", "Overdue for a contact", None),
    "aum_change": ("环比变化(元)", "Change on month (yuan)", "money"),
    "first_due": ("最早截止", "First due", "date"),
    # --- process ---------------------------------------------------------------------------
    "contacts": ("联系次数", "Contacts", "count"),
    "contacts_per_customer": ("人均联系", "Contacts per customer", "num2"),
    "expected_contacts": ("标准应联系", "Contacts by the standard", "num1"),
    "within_standard": ("频率达标客户", "Within the standard", "count"),
    "term=contacts_per_month": ("每月多联系一次", "One more contact a month", None),
    "fitted": ("已拟合", "Fitted", "bool"),
    # --- allocation --------------------------------------------------------------------------
    **{f"tier_{k}": (zh, en, "count") for k, zh, en in _TIERS},
    "last_manager": ("上一任管户经理", "Previous manager", "id"),
    # --- like with like ------------------------------------------------------------------------
    "mix_low": ("低价值占比", "Low-value share", "pct"),
    "mix_potential": ("潜在价值占比", "Potential-value share", "pct"),
    "mix_second": ("次价值占比", "Second-value share", "pct"),
    "expected_rate": ("按客户结构应有升级率", "Rate the book predicts", "pct"),
    "ratio": ("实际/应有", "Observed / expected", "num2"),
    "ratio_low": ("区间下限", "95% CI low", "num2"),
    "ratio_high": ("区间上限", "95% CI high", "num2"),
    "adjusted_rate": ("同结构升级率", "Rate on the branch's mix", "pct"),
    "verdict=above": ("高于客户结构的预期", "Above what the book predicts", None),
    "verdict=below": ("低于客户结构的预期", "Below what the book predicts", None),
    "verdict=as_expected": ("与预期无显著差别", "No clear difference", None),
    "verdict=no_expectation": ("无法比较", "Cannot compare", None),
    # --- retention ---------------------------------------------------------------------------
    "measure=holding": ("仍持有资产", "Still holding assets", None),
    "after_days": ("获客后天数", "Days after acquisition", "count"),
    "table=customer_assets": ("客户资产", "Customer assets", None), "table=holdings": ("持有产品", "Holdings", None),
    "table=assignments": ("分户", "Assignments", None), "table=contacts": ("客户联系", "Contacts", None),
    "measure=second_deal": ("有第二笔成交", "Second deal", None),
    "channel=campaign_all": ("批量获客", "Campaigns", None),
    # --- headline --------------------------------------------------------------------------------
    "white_list_customers": ("白名单客户（高+次价值）", "White-list customers (high + second)", None),
    "upgrade_rate": ("客户升级率", "Upgrade rate", None),
    "white_list_no_contact": ("白名单超期未联系", "White list: no contact too long", None),
    "maturing_7d": ("7天内有产品到期的客户", "Customers with a maturity in 7 days", None),
    "uplift.unassigned": ("（无管户经理）", "(no manager)", None),
    "uplift.review": ("复盘期", "Review", None),
    # --- sections and titles -----------------------------------------------------------------------
    "section.uplift": ("客户分层与提升", "Customer value and uplift", None),
    "section.uplift_about": ("本报告回答什么", "What this report answers", None),
    "section.uplift_tiers": ("一、价值分层与迁移", "1. Value tiers and migration", None),
    "section.uplift_white_list": ("二、白名单", "2. The white list", None),
    "section.uplift_managers": ("三、理财经理提升跟踪", "3. Uplift per manager", None),
    "section.uplift_maintenance": ("四、维护清单", "4. The maintenance list", None),
    "section.uplift_process": ("五、过程与结果", "5. Process and result", None),
    "section.uplift_allocation": ("六、分户", "6. Allocation", None),
    "section.uplift_retention": ("七、新客户留存", "7. Retention of acquired customers", None),
    "section.uplift_quality": ("数据质量", "Data quality", None),
    "title.tier_counts": ("各层级客户数", "Customers per tier", None),
    "title.tier_migration": ("层级迁移（期初 → 期末）", "Tier migration (start → end)", None),
    "title.tier_moves": ("升级与降级客户", "Customers who moved up or down", None),
    "title.tiers_per_manager": ("各经理的客户层级", "Tiers per manager", None),
    "title.manager_ratio": ("实际升级 / 按客户结构应有升级", "Upgrades against what the book predicts", None),
    "title.maintenance_full": ("完整维护清单", "The full maintenance list", None),
    "title.unassigned_customers": ("无管户经理的客户", "Customers without a manager", None),
    "title.retention_cohorts": ("按获客月份与渠道的留存", "Retention by acquisition month and channel", None),
    "title.time_to_churn": ("新客户仍持有资产的比例", "Acquired customers still holding assets", None),
    "title.contact_frequency": ("联系频率达标率", "Customers within the contact standard", None),
    "axis.days_since_acquisition": ("获客后天数", "Days since acquisition", None),
    "axis.still_holding": ("仍持有资产", "Still holding assets", None),
    "axis.customers": ("客户数", "Customers", None),
    "uplift.plot.channel_n": ("{channel}（{n} 人）", "{channel} ({n})", None),
    "uplift.plot.no_data": ("暂无数据", "No data", None),
    "in_start": ("期初在册", "Customer at the start", "bool"),
    "in_end": ("期末在册", "Customer at the end", "bool"),
    "contacts_per_month": ("月均联系次数", "Contacts per month", "num2"),
    "acquired_at": ("获客时间", "Acquired on", "date"),
    "churned": ("已流失", "Churned", "bool"),
}

SENTENCES = {
    "section.uplift_about": (
        "本报告回答：客户在四个价值层级（高价值 ≥ 50 万元、次价值 ≥ 20 万元、潜在价值 ≥ 5 万元、低价值）之间怎样流动？"
        "白名单（高价值和次价值客户）里谁太久没有联系？每位理财经理的客户资产和升级情况如何——在相同的客户结构下比较？"
        "今天要维护谁（产品到期、大额流出、超过联系频率）？联系频率和客户提升是否同步（观察性比较，不单独证明因果）？"
        "客户是否分配均衡？通过活动、微信群、批量获客和老带新获得的新客户，是否留得住？"
        "复盘期是两个月末快照之间：默认是最近一个月（最后一个快照对比上一个）。",
        "This report answers: how do customers move between the four value tiers (high from 500,000 yuan, second from "
        "200,000, potential from 50,000, low below)? Who on the white list (high and second tier) has not been "
        "contacted for too long? How did each manager's book grow — compared like with like, on the same mix of "
        "customers? Whom to call today (a product maturing, a large outflow, a contact overdue)? Does contact go with "
        "uplift (an observational comparison: it shows an association, not by itself a cause)? Are customers spread "
        "evenly across managers? Do the customers won through events, groups, campaigns and referrals stay? The "
        "review runs between two month-end snapshots: by default the latest month (the last snapshot against the one "
        "before).",
    ),
    "uplift.none": ("本网点暂无客户资产数据（customer_assets 表为空或缺失），本报告无法计算。",
                    "This branch has no customer asset data (the customer_assets table is empty or absent): there is "
                    "nothing to report."),
    "uplift.none_table": ("暂无数据。", "No data for this."),
    # --- verdict ---------------------------------------------------------------------------------
    "uplift.answer.none": ("本网点暂无客户资产快照，无法分层。",
                           "This branch has no asset snapshots: no tiers to report."),
    "uplift.answer.tiers": ("客户分层：高价值 {high:count} 人、次价值 {second:count} 人、潜在价值 {potential:count} 人、"
                            "低价值 {low:count} 人",
                            "Customers by value: {high:count} high, {second:count} second, {potential:count} potential, "
                            "{low:count} low"),
    "uplift.answer.uplift": ("{rate:pct} 的客户升了一级（区间 {lo:pct}–{hi:pct}），净新增资产 {money:yuan}",
                             "{rate:pct} moved up a tier (95% CI {lo:pct}–{hi:pct}) and net new money was {money:yuan}"),
    "uplift.answer.no_review": ("只有一个快照，尚无法计算升级率",
                                "with a single snapshot there is no upgrade rate yet"),
    "uplift.answer.todo": ("{no_contact:count} 位白名单客户超期未联系，{maturing:count} 位客户 7 天内有产品到期——下面的清单写明谁今天联系谁。",
                           "{no_contact:count} white-list customers have had no contact for too long and "
                           "{maturing:count} have a product maturing within 7 days — the list below says who calls whom."),
    "uplift.answer.nothing_due": ("白名单客户都在联系频率内，7 天内没有产品到期。",
                                  "every white-list customer has been contacted in time and nothing matures within 7 days."),
    # --- actions ---------------------------------------------------------------------------------
    "uplift.action.branch_head": ("网点负责人", "Branch head", ),
    "uplift.action.assign": ("先为这些客户指定管户经理", "assign these customers a manager first"),
    "uplift.action.more_ids": (" 等另外 {n} 人", " and {n} more"),
    "uplift.action.maturity_7d": ("7 天内到期 {n} 人（{ids}）：约谈续作", "{n} maturing within 7 days ({ids}): discuss the renewal"),
    "uplift.action.outflow": ("大额流出 {n} 人（{ids}）：电话了解原因", "{n} large outflows ({ids}): call to ask why"),
    "uplift.action.maturity_30d": ("30 天内到期 {n} 人：提前预约", "{n} maturing within 30 days: book a meeting"),
    "uplift.action.no_contact": ("超过联系频率 {n} 人：安排联系", "{n} overdue for a contact: get in touch"),
    "uplift.reason.maturity_7d": ("7 天内到期 {amount:yuan}", "{amount:yuan} maturing within 7 days"),
    "uplift.reason.outflow": ("环比流出 {amount:yuan}", "{amount:yuan} flowed out on the month"),
    "uplift.reason.frequency": ("按层级联系频率标准", "the tier's contact frequency standard"),
    # --- detail texts ------------------------------------------------------------------------------
    "uplift.tiers_text": ("复盘期 {start:date} → {end:date}：可升级的 {movable:count} 位客户中 {upgraded:count} 位升了一级"
                          "（{rate:pct}，区间 {lo:pct}–{hi:pct}），{downgraded:count} 位降级；新增客户 {new:count} 位。",
                          "Review {start:date} → {end:date}: of {movable:count} customers who could move up, "
                          "{upgraded:count} did ({rate:pct}, 95% CI {lo:pct}–{hi:pct}); {downgraded:count} moved down; "
                          "{new:count} customers are new."),
    "uplift.tiers_text.none": ("只有一个快照：没有可比较的复盘期。", "A single snapshot: no review period to compare."),
    "uplift.white_list_text": ("白名单 {n:count} 人，其中 {flagged:count} 人超过 {days:count} 天未联系（标记为“是”）。",
                               "The white list holds {n:count} customers; {flagged:count} have had no contact for more "
                               "than {days:count} days (marked Yes)."),
    "uplift.comparison_text": (
        "同结构比较：升级的难易随期初层级不同，直接比升级率，比的有一部分是分到手的客户结构。下表用全网点各期初层级的升级率，"
        "算出每位经理的客户结构“应有”的升级人数，再和实际比较（实际/应有 > 1 表示好于客户结构的预期；区间和 p 值为精确泊松检验）。"
        "{above:count} 位经理显著高于预期，{below:count} 位显著低于预期。这是观察性比较：客户差异不只在层级上。",
        "Like with like: how easily a customer moves up depends on the tier they start in, so a raw upgrade rate "
        "partly measures the book a manager was given. The table applies the branch's upgrade rate for each starting tier to each manager's book "
        "to get the upgrades the book predicts, and compares the actual ones (observed / expected above 1: better "
        "than the book predicts; interval and p-value from the exact Poisson test). Clearly above what their book "
        "predicts: {above:count} manager(s); clearly below: {below:count}. This is an observational comparison: books "
        "differ in more than their tiers."),
    "uplift.model_text": (
        "每月多联系一次，升级的几率是原来的 {odds_ratio:num2} 倍（区间 {lo:num2}–{hi:num2}，p {p:p}；{n:count} 位可升级客户，"
        "{events:count} 位升级，已控制期初层级）。注意这是观察性结果：经理更常联系有潜力的客户，资产在增长的客户也更常来网点，"
        "它说明两者同步，不单独证明多联系就会带来升级。",
        "Each extra contact a month goes with {odds_ratio:num2} times the odds of an upgrade (95% CI {lo:num2}–{hi:num2}, "
        "p {p:p}; {n:count} customers who could move up, {events:count} did; starting tier held fixed). Observational: "
        "managers call the customers they expect to grow, and growing customers come to the branch more often — this "
        "shows that the two go together, not by itself that more calls cause upgrades."),
    "uplift.model_text.none": ("升级客户太少（或没有可比较的复盘期），无法估计联系频率与升级的关系。",
                               "Too few upgrades (or no review period) to estimate how contact goes with uplift."),
    "uplift.balance_text": (
        "{n:count} 位客户分给 {k:count} 位经理（平均 {mean:num1} 位）；卡方检验 {chi2:num1}（自由度 {dof:count}），p {p:p}。"
        "分户不均可能是有意的（理财经理管高价值客户），不一定是问题。另有 {unassigned:count} 位客户没有管户经理。",
        "{n:count} customers are spread over {k:count} managers (mean {mean:num1}); chi-square {chi2:num1} "
        "({dof:count} df), p {p:p}. An uneven split can be deliberate (the wealth managers hold the high-value "
        "customers) and need not be a problem. {unassigned:count} customers have no manager."),
    "uplift.balance_text.none": ("经理或客户太少，无法检验分户是否均衡。另有 {unassigned:count} 位客户没有管户经理。",
                                 "Too few managers or customers to test the split. {unassigned:count} customers have "
                                 "no manager."),
    "uplift.retention_text": (
        "通过活动、微信群、批量获客和老带新获得的新客户 {n:count} 位。30 天时仍持有资产的比例 {rate:pct}（区间 {lo:pct}–{hi:pct}，"
        "{observed:count} 位已满 30 天）。尚未满期的客户不计入分母，不会被当作流失。",
        "{n:count} customers were won through events, groups, campaigns and referrals. At 30 days, {rate:pct} still "
        "hold assets (95% CI {lo:pct}–{hi:pct}; {observed:count} have reached 30 days). Customers who have not reached "
        "a horizon yet are left out of it, never counted as lost."),
    "uplift.retention_text.none": ("本网点暂无通过活动、微信群、批量获客或老带新获得的新客户。",
                                   "This branch has no customers won through events, groups, campaigns or referrals."),
}
