"""Labels shared by every report: generic result columns, table names, common ids and codes."""

LABELS = {
    # generic result columns
    "table": ("数据表", "Table", "code"), "present": ("已提供", "Present", "bool"),
    "required": ("必需", "Required", "bool"), "rows_read": ("读取行数", "Rows read", "count"),
    "rows_rejected": ("剔除行数", "Rows set aside", "count"), "rows_in_scope": ("本报告行数", "Rows in this report", "count"),
    "rows": ("行号", "Rows", "text"), "records": ("记录数", "Records", "count"),
    "first": ("最早", "First", "date"), "last": ("最晚", "Last", "date"),
    "measure": ("指标", "Measure", "code"), "value": ("数值", "Value", None), "month": ("月份", "Month", "month"),
    "column": ("字段", "Column", "text"), "rule": ("规则", "Rule", "code"), "n_rows": ("问题行数", "Rows affected", "count"),
    "detail": ("说明", "Detail", "text"), "n": ("样本量", "Sample size", "count"), "rate": ("比例", "Rate", "pct"),
    "ci_low": ("区间下限", "95% CI low", "pct"), "ci_high": ("区间上限", "95% CI high", "pct"),
    "successes": ("命中数", "Successes", "count"), "trials": ("总数", "Trials", "count"),
    "estimate": ("估计值", "Estimate", "num2"), "p_value": ("p值", "p-value", "p"),
    "odds_ratio": ("比值比", "Odds ratio", "num2"), "term": ("变量", "Term", "code"),
    "std_error": ("标准误", "Standard error", "num3"),
    "rank": ("排名", "Rank", "count"),  # rankings and the ranked action lists of every report
    # tables
    "branches": ("网点", "Branches", None), "staff": ("员工", "Staff", None), "communities": ("小区", "Communities", None),
    "entry_points": ("营销入口", "Entry points", None), "people": ("人数", "People", "count"), "table=people": ("客户", "People", None),
    "survey_questions": ("问卷题目", "Survey questions", None), "survey_responses": ("问卷答卷", "Survey responses", None),
    "survey_answers": ("问卷答案", "Survey answers", None), "events": ("活动", "Events", None),
    "event_targets": ("活动目标", "Event targets", None), "invitations": ("邀约", "Invitations", None),
    "attendance": ("签到", "Check-ins", None), "leads": ("线索", "Leads", None),
    "wechat_groups": ("微信群", "WeChat groups", None), "group_members": ("群成员", "Group members", None),
    "group_messages": ("群消息", "Group messages", None), "deals": ("成交笔数", "Deals", "count"), "table=deals": ("成交", "Deals", None),
    "hook_campaigns": ("进群红包", "Join-hook campaigns", None),
    # common ids and attributes
    "branch_id": ("网点", "Branch", "id"), "community_id": ("小区", "Community", "id"),
    "event_id": ("活动编号", "Event", "id"), "person_id": ("客户编号", "Person", "id"),
    "staff_id": ("员工", "Staff member", "id"), "name": ("名称", "Name", "text"), "city": ("城市", "City", "text"),
    "kind": ("类型", "Kind", "code"), "theme": ("主题", "Theme", "text"),
    "starts_at": ("开始时间", "Starts", "datetime"), "ends_at": ("结束时间", "Ends", "datetime"),
    "cost": ("费用(元)", "Cost (yuan)", "money"), "planned_invites": ("计划邀约", "Planned invitations", "count"),
    "households": ("户数", "Households", "count"), "amount": ("金额(元)", "Amount (yuan)", "money"),
    "source": ("来源", "Source", "code"), "assigned_to": ("跟进人", "Assigned to", "id"),
    "tier": ("层级", "Tier", "code"), "outcome": ("结果", "Outcome", "code"),
    "role": ("岗位", "Role", "code"), "segment": ("客群", "Segment", "code"), "channel": ("渠道", "Channel", "code"),
    # common codes
    "mass": ("大众群", "Mass group", None), "potential": ("潜在客户群", "Potential-customer group", None),
    "elite": ("精英群", "Elite group", None), "deal": ("成交", "Deal", None),
    "booth": ("驻点", "Booth", None), "salon": ("沙龙", "Salon", None), "activity": ("社区活动", "Community activity", None),
    "won": ("成交", "Won", None), "lost": ("未成交", "Lost", None), "outcome=open": ("跟进中", "Open", None),
    "staff_invite": ("员工邀约", "Staff invitation", None), "partner_invite": ("合作方邀约", "Partner invitation", None),
    "brought_along": ("带客", "Brought along", None), "walk_in": ("自然到访", "Walk-in", None),
    "branch_head": ("网点负责人", "Branch head", None), "ops_supervisor": ("运营主管", "Operations supervisor", None),
    "wealth_manager": ("理财经理", "Wealth manager", None), "lobby_manager": ("大堂经理", "Lobby manager", None),
    "teller": ("柜员", "Teller", None), "account_manager": ("客户经理", "Account manager", None),
    "female": ("女", "Female", None), "male": ("男", "Male", None),
    # the overview's measures
    "eligible_staff": ("可邀约员工", "Staff who can invite", "count"), "salons": ("沙龙", "Salons", "count"),
    "booths": ("驻点", "Booths", "count"), "activities": ("社区活动", "Community activities", "count"),
    "attendees": ("到场人数", "Attendees", "count"), "groups_mass": ("大众群数", "Mass groups", "count"),
    "groups_potential": ("潜在客户群数", "Potential groups", "count"), "groups_elite": ("精英群数", "Elite groups", "count"),
    "leads_open": ("未结线索", "Open leads", "count"), "deal_amount": ("成交金额(元)", "Deal amount (yuan)", "money"),
    "strangers": ("陌生客户", "Strangers", "count"), "stranger_ratio": ("陌生客户占比", "Stranger ratio", "pct"),
    "groups": ("群数", "Groups", "count"), "dissolved": ("已解散", "Dissolved", "count"),
    "median_members": ("群人数中位数", "Median members", "num1"),
    # data-quality section
    "title.data_quality": ("数据质量", "Data quality", None),
    "quality.ok": ("✓ 本报告用到的表全部通过校验。", "✓ Every table this report uses passed validation.", None),
    "quality.masked": ("个人信息：报告中不含姓名、手机号；客户以编号表示。",
                       "Personal data: the report holds no names or phone numbers; people appear as ids only.", None),
    "quality.rejected": ("以下行未通过校验，已剔除（在原文件中修正后重新运行）：",
                         "These rows failed validation and were set aside (fix them in the source file and re-run):", None),
}

LABELS |= {
    "header.period": ("期间", "Period", None),
    "header.as_of": ("截至", "As of", None),
    "header.scope": ("范围", "Scope", None),
}
