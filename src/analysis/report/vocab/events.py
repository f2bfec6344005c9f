"""Labels, formats and sentences of the events domain (沙龙与驻点, :mod:`analysis.events`).

Every column of every result of :mod:`analysis.events` has a label here or in :mod:`.common`;
coded values are ``column=value`` keys so that they cannot clash with another domain's codes.
"""

# ---------------------------------------------------------------------------
# result columns
# ---------------------------------------------------------------------------
LABELS = {
    # stranger ratio, comparisons, model
    "below_standard": ("低于标准", "Below standard", "bool"),
    "event_id1": ("活动A", "Event A", "id"), "event_id2": ("活动B", "Event B", "id"),
    "strangers1": ("A陌生客户", "Strangers at A", "count"), "attendees1": ("A到场", "Attendees at A", "count"),
    "rate1": ("A占比", "Ratio at A", "pct"),
    "strangers2": ("B陌生客户", "Strangers at B", "count"), "attendees2": ("B到场", "Attendees at B", "count"),
    "rate2": ("B占比", "Ratio at B", "pct"),
    # the attendance chain (one row per attendee)
    "arrived_at": ("签到时间", "Checked in at", "datetime"), "derived_source": ("来源", "How they came", "code"),
    "brought_by": ("登记的带客人", "Brought by (recorded)", "id"), "host_id": ("带客人", "Host", "id"),
    "host_attended": ("带客人到场", "Host came", "bool"), "inviter_kind": ("邀约人类型", "Inviter kind", "code"),
    "inviter_id": ("邀约人", "Inviter", "id"), "chain_kind": ("链条来源", "Chain started by", "code"),
    "chain_inviter": ("源头邀约人", "Chain inviter", "id"), "is_bank_customer": ("本行客户", "Bank customer", "bool"),
    "stranger": ("陌生客户(1=是)", "Stranger (1 = yes)", "count"), "gender": ("性别", "Gender", "code"),
    "invited_at": ("邀约时间", "Invited at", "datetime"), "partner_id": ("合作方", "Partner", "id"),
    # attendance summary and headline
    "invited": ("邀约人数", "Invited", "count"), "showed_up": ("受邀到场", "Invitees who came", "count"),
    "arrived": ("到场人数", "Arrived", "count"), "women": ("女", "Women", "count"), "men": ("男", "Men", "count"),
    "gender_unknown": ("性别未知", "Gender unknown", "count"), "over_plan": ("到场/计划", "Attendance ÷ plan", "num2"),
    "event_label": ("活动", "Event", "text"),
    "cost_per_attendee": ("每位到场成本(元)", "Cost per attendee (yuan)", "money"),
    # the invitation chain per staff member and per event
    "eligible": ("可邀约", "Can invite", "bool"), "invitees_came": ("受邀到场", "Invitees who came", "count"),
    "guests_brought": ("带来客人", "Guests brought", "count"), "invitees_alone": ("独自到场", "Came alone", "count"),
    "invite_check": ("邀约规则", "Invitation rule", "code"), "bring_check": ("带客规则", "Bring-a-guest rule", "code"),
    "staff_invitations": ("员工邀约", "Staff invitations", "count"),
    "staff_invitees_came": ("员工邀约到场", "Staff invitees who came", "count"),
    "staff_guests": ("员工邀约带客", "Guests of staff invitees", "count"),
    "partner_invitations": ("合作方邀约", "Partner invitations", "count"),
    "partner_invitees_came": ("合作方邀约到场", "Partner invitees who came", "count"),
    "partner_guests": ("合作方邀约带客", "Guests of partner invitees", "count"),
    "walk_ins": ("自然到访", "Walk-ins", "count"), "walk_in_guests": ("自然到访带客", "Guests of walk-ins", "count"),
    "unattributed": ("无法归属", "Unattributed", "count"), "multiplier": ("倍增系数", "Multiplier", "num2"),
    "staff_multiplier": ("员工链倍增", "Staff chain multiplier", "num2"),
    "partner_multiplier": ("合作方链倍增", "Partner chain multiplier", "num2"),
    # chain rates and the planner
    "came": ("到场", "Came", "count"), "guests": ("带来客人", "Guests", "count"),
    "guests_per_attendee": ("人均带客", "Guests per attendee", "num2"),
    "head_strangers": ("受邀者中陌生客户", "Strangers among invitees", "count"),
    "guest_strangers": ("客人中陌生客户", "Strangers among guests", "count"),
    "stranger_rate": ("陌生客户占比", "Stranger ratio", "pct"), "n_sims": ("模拟次数", "Simulations", "count"),
    # arrivals
    "quarter": ("时段（15分钟）", "Quarter hour", "datetime"), "arrivals": ("到场人次", "Arrivals", "count"),
    "minutes_from_start": ("距开始（分钟）", "Minutes from the start", "count"),
    "gap_start": ("间隔开始", "Gap from", "time"), "gap_end": ("间隔结束", "Gap to", "time"),
    "minutes": ("间隔", "Gap", "minutes"), "position": ("位置", "Position", "code"),
    "duration_minutes": ("实际时长", "Duration", "minutes"), "practice_minutes": ("惯例时长", "Practice", "minutes"),
    "over_practice_minutes": ("超出惯例", "Over the practice", "minutes"),
    "first_arrival": ("首位到场", "First arrival", "time"), "last_arrival": ("末位到场", "Last arrival", "time"),
    "arrival_span_minutes": ("到场跨度", "Arrival span", "minutes"),
    "busiest_quarter": ("最忙时段", "Busiest quarter hour", "time"),
    "busiest_arrivals": ("最忙时段人次", "Arrivals in the busiest quarter hour", "count"),
    "long_gaps": ("长间隔次数", "Long gaps", "count"), "longest_gap_minutes": ("最长间隔", "Longest gap", "minutes"),
    "clock": ("到场时间", "Time of arrival", "datetime"), "lane": ("分组", "Lane", "code"),
    # scorecard
    "metric": ("指标", "Metric", "code"), "target": ("目标", "Target", "num2"), "actual": ("实际", "Actual", "num2"),
    "attainment": ("达成率", "Attainment", "pct"), "passed": ("达标", "Passed", "bool"),
    "targets": ("目标数", "Targets", "count"), "measured": ("可评估", "Measured", "count"),
    "met": ("达标数", "Met", "count"), "score": ("得分", "Score", "num1"), "pass_mark": ("及格线", "Pass mark", "num1"),
    "previous_event_id": ("上一场可比活动", "Previous comparable event", "id"),
    "previous_target": ("上次目标", "Previous target", "num2"), "previous_actual": ("上次实际", "Previous actual", "num2"),
    "target_step": ("目标增幅", "Target step", "pct"), "unrealistic": ("增幅过大", "Unrealistic step", "bool"),
    # costs and sales
    "cost_per_stranger": ("每位陌生客户成本(元)", "Cost per stranger (yuan)", "money"),
    "cost_per_lead": ("每条线索成本(元)", "Cost per lead (yuan)", "money"),
    "cost_per_new_customer": ("每位新客户成本(元)", "Cost per new customer (yuan)", "money"),
    "new_customers": ("新客户", "New customers", "count"), "customer": ("客户类型", "Customer", "code"),
    "buyers": ("成交人数", "Buyers", "count"),
    # recommendations and findings
    "area": ("方面", "Area", "code"), "finding": ("发现", "Finding", "text"),
    "action": ("下次怎么做", "What to do next time", "text"), "priority": ("优先级", "Priority", "count"),
    "check": ("检查项", "Check", "code"), "examples": ("示例", "Examples", "text"),
    # generic statistics columns used here (proposed for vocab/common.py: groups, followup and surveys use them too)
    "method": ("方法", "Method", "code"), "variable": ("变量", "Variable", "code"), "note": ("说明", "Note", "code"),
}

# ---------------------------------------------------------------------------
# coded values (column=value)
# ---------------------------------------------------------------------------
LABELS |= {
    "inviter_kind=staff": ("员工", "Staff", None), "inviter_kind=partner": ("合作方", "Partner", None),
    "inviter_kind=guest": ("客户（带客）", "Guest", None),
    "chain_kind=staff": ("员工", "Staff", None), "chain_kind=partner": ("合作方", "Partner", None),
    "chain_kind=unattributed": ("无法归属", "Unattributed", None),
    "source=all": ("合计", "All", None), "event_id=all": ("全部活动", "All events", None),
    "customer=stranger": ("陌生客户", "Stranger", None), "customer=existing": ("老客户", "Existing customer", None),
    "position=between": ("两次到场之间", "Between arrivals", None),
    "position=before_first": ("开始到首位到场", "Start to first arrival", None),
    "position=after_last": ("末位到场到结束", "Last arrival to end", None),
    "measure=reaches_standard": ("达到标准的概率", "Chance of reaching the standard", None),
    # compare_events: the test and interval used (analysis.stats.compare_proportions)
    "method=newcombe": ("卡方检验，Newcombe 区间", "Chi-square test, Newcombe interval", None),
    "method=fisher": ("Fisher 精确检验，Newcombe 区间", "Fisher's exact test, Newcombe interval", None),
    "method=wald": ("卡方检验，Wald 区间", "Chi-square test, Wald interval", None),
}
for _column in ("invite_check", "bring_check"):
    LABELS |= {
        f"{_column}=ok": ("符合", "OK", None),
        f"{_column}=excluded": ("不参与（行长/运营主管）", "Not inviting (head, ops supervisor)", None),
        f"{_column}=not_checked": ("不适用", "Not checked", None),
    }
LABELS |= {
    "invite_check=none": ("未邀约", "Invited nobody", None), "invite_check=more": ("多于规定", "More than the rule", None),
    "invite_check=fewer": ("少于规定", "Fewer than the rule", None),
    "bring_check=came_alone": ("有人未带客", "An invitee came alone", None),
    "bring_check=no_invitee_came": ("受邀者未到", "No invitee came", None),
    "bring_check=no_invitation": ("无邀约", "No invitation", None),
    # scorecard metrics (attendees, strangers, stranger_ratio and new_customers use their column labels)
    "metric=invitations": ("邀约数", "Invitations", None), "metric=leads": ("线索数", "Leads", None),
    "metric=deals": ("成交笔数", "Deals", None), "metric=sales_amount": ("成交金额(元)", "Sales (yuan)", None),
    "metric=survey_responses": ("问卷数", "Survey responses", None),
    "metric=wechat_joins": ("入群人数", "WeChat group joins", None),
    "metric=evaluation_score": ("活动评分", "Evaluation score", None),
    # recommendation areas
    "area=stranger_ratio": ("陌生客户占比", "Stranger ratio", None), "area=show_up": ("到场率", "Show-up rate", None),
    "area=plan": ("计划", "Plan", None), "area=chain": ("邀约链", "Invitation chain", None),
    "area=flow": ("客流", "Flow of visitors", None), "area=duration": ("时长", "Duration", None),
    "area=target": ("目标", "Targets", None), "area=score": ("活动评分", "Evaluation score", None),
    "area=target_step": ("目标设定", "Target setting", None), "area=sales": ("72小时成交", "Sales within 72 h", None),
    "area=keep": ("保持", "Keep", None),
    # data findings
    "check=duplicate_checkins": ("重复签到", "Duplicate check-ins", None),
    "check=source_without_invitation": ("登记为邀约但无邀约记录", "Recorded as invited, no invitation", None),
    "check=source_differs": ("登记来源与邀约记录不一致", "Recorded source differs from the invitations", None),
    "check=host_absent": ("带客人本人未签到", "Host did not check in", None),
    "check=brought_without_host": ("带客未登记带客人", "Brought along, host not recorded", None),
    "check=no_attendees": ("活动无人签到", "No check-ins", None),
    "check=attendance_unknown_event": ("签到的活动不在活动表", "Check-ins at an unknown event", None),
    # stranger model: terms, variables, notes
    "term=Intercept": ("截距", "Intercept", None), "term=partner": ("有合作方", "Partner co-hosts", None),
    "term=weekend": ("周末", "Weekend", None), "term=hour": ("开始时刻", "Start hour", None),
    "term=C(kind)[T.booth]": ("类型：驻点（对照：社区活动）", "Kind: booth (vs community activity)", None),
    "term=C(kind)[T.salon]": ("类型：沙龙（对照：社区活动）", "Kind: salon (vs community activity)", None),
    "term=C(kind)[T.activity]": ("类型：社区活动", "Kind: community activity", None),
    "term=kind": ("类型", "Kind", None), "term=theme": ("主题", "Theme", None), "term=weekday": ("星期", "Weekday", None),
    "variable=Intercept": ("截距", "Intercept", None), "variable=partner": ("有合作方", "Partner co-hosts", None),
    "variable=kind": ("类型", "Kind", None), "variable=theme": ("主题", "Theme", None),
    "variable=weekday": ("星期", "Weekday", None), "variable=weekend": ("周末", "Weekend", None),
    "variable=hour": ("开始时刻", "Start hour", None),
    "note=one value only": ("只有一个取值，未纳入", "one value only", None),
    "note=confounded with the terms before it (too few events)": (
        "与前面的变量无法区分（活动场数太少），未纳入", "confounded with the terms before it (too few events)", None),
    "note=separation": ("完全分离，未纳入", "separation", None),
    "note=could not be fitted": ("无法拟合，未纳入", "could not be fitted", None),
    "note=no model: no check-ins": ("无模型：没有签到", "no model: no check-ins", None),
    "note=no model: every attendee is a stranger, or none is": (
        "无模型：到场者全是或全不是陌生客户", "no model: every attendee is a stranger, or none is", None),
}

# ---------------------------------------------------------------------------
# chart titles, axes, marks, report sections
# ---------------------------------------------------------------------------
LABELS |= {
    "title.stranger_by_event": ("各场活动陌生客户占比", "Stranger ratio per event", None),
    "title.stranger_by_source": ("按来源的陌生客户占比", "Stranger ratio by how people came", None),
    "title.stranger_by_month": ("每月陌生客户占比", "Stranger ratio by month", None),
    "title.arrivals": ("到场时间", "Arrivals", None),
    "title.arrivals_per_quarter": ("每 15 分钟到场人次（距开始分钟数）",
                                   "Arrivals per quarter hour (minutes from the start)", None),
    "axis.check_in_time": ("签到时刻", "Time of check-in", None),
    "events.mark.start": ("开始", "Start", None), "events.mark.end": ("结束", "End", None),
    "section.events": ("沙龙与驻点活动", "Salons and booths", None),
    "section.events_headline": ("概况", "Headline", None),
    "section.events_verdict": ("结论", "In one sentence", None),
    "section.events_strangers": ("陌生客户占比", "Stranger ratio against the standard", None),
    "section.events_by_source": ("按来源", "By how people came", None),
    "section.events_previous": ("与上一场同类活动比较", "Against the previous comparable event", None),
    "section.events_monthly": ("按月", "By month", None),
    "section.events_model": ("哪些活动特征带来更多陌生客户", "Which event attributes bring strangers", None),
    "section.events_attendance": ("邀约与到场", "Invited and arrived", None),
    "section.events_chain": ("邀约链条", "The invitation chain", None),
    "section.events_per_staff": ("逐个员工检查邀约规则", "The rule, staff member by staff member", None),
    "section.events_rates": ("历史到场率与带客率", "Show-up and bring-along rates of past events", None),
    "section.events_plan": ("下一场活动的预估", "Planning the next event", None),
    "section.events_flow": ("客流", "Arrival flow", None),
    "section.events_quarters": ("每 15 分钟到场人次", "Arrivals per quarter hour", None),
    "section.events_flow_table": ("时长与客流", "Duration and flow", None),
    "section.events_gaps": ("客流空档", "Gaps between arrivals", None),
    "section.events_scorecard": ("SMART 目标与评分", "Scorecard", None),
    "section.events_score": ("活动评分", "Evaluation score", None),
    "section.events_steps": ("目标增幅", "Target steps", None),
    "section.events_costs": ("成本", "Cost", None),
    "section.events_sales": ("72 小时成交", "Sales within 72 hours", None),
    "section.events_advice": ("下次怎么做", "What to change next time", None),
    "section.events_data_quality": ("数据质量", "Data quality", None),
}

# ---------------------------------------------------------------------------
# sentences
# ---------------------------------------------------------------------------
SENTENCES = {
    "events.focus.all": ("全部 {n} 场活动", "all {n} event(s)"),
    "events.no_data": ("所选网点和期间没有活动记录（无数据）。", "No events for this branch and period (no data)."),
    "events.kind_all": ("全部类型", "all kinds"),
    "events.standard_ref": ("标准 {standard:.0%}", "Standard {standard:.0%}"),
    # headline_text
    "events.headline.one_above": (
        "{label}：到场 {att} 人（女 {women}、男 {men}），陌生客户 {s} 人，占比 {rate:pct}（{lvl:.0%}区间 "
        "{lo:pct}–{hi:pct}），达到 {std:.0%} 标准；活动后 72 小时内到场客户成交 {deals} 笔、{amount:money} 元。",
        "{label}: {att} came ({women} women, {men} men), {s} of them strangers: {rate:pct} ({lvl:.0%} interval "
        "{lo:pct}–{hi:pct}), meeting the {std:.0%} standard; {deals} sales to attendees within 72 hours, "
        "{amount:money} yuan."),
    "events.headline.one_below": (
        "{label}：到场 {att} 人（女 {women}、男 {men}），陌生客户 {s} 人，占比 {rate:pct}（{lvl:.0%}区间 "
        "{lo:pct}–{hi:pct}），低于 {std:.0%} 标准；活动后 72 小时内到场客户成交 {deals} 笔、{amount:money} 元。",
        "{label}: {att} came ({women} women, {men} men), {s} of them strangers: {rate:pct} ({lvl:.0%} interval "
        "{lo:pct}–{hi:pct}), below the {std:.0%} standard; {deals} sales to attendees within 72 hours, "
        "{amount:money} yuan."),
    "events.headline.many": (
        "共 {n} 场活动、{att} 人次到场，其中陌生客户 {s} 人次（{rate:pct}）；{below} 场低于 {std:.0%} 标准；"
        "活动后 72 小时内到场客户成交 {deals} 笔、{amount:money} 元。",
        "{n} events, {att} attendances, {s} by strangers ({rate:pct}); {below} event(s) below the {std:.0%} "
        "standard; {deals} sales to attendees within 72 hours, {amount:money} yuan."),
    "events.headline.empty": ("{label}：无人签到。", "{label}: nobody checked in."),
    # plan_text
    "events.plan": (
        "计划：员工邀约 {staff} 位、合作方邀约 {partner} 位（{kind}）。预计到场 {attendees:num1} 人"
        "（预测区间 {lo:count}–{hi:count} 人），陌生客户占比约 {ratio:pct}，达到标准的概率 {chance:pct}。",
        "Plan: {staff} staff and {partner} partner invitations ({kind}). Expected attendance {attendees:num1} "
        "(prediction interval {lo:count}–{hi:count}), stranger ratio about {ratio:pct}, chance of reaching the "
        "standard {chance:pct}."),
    # gaps_text
    "events.flow.no_checkins": ("无签到数据。", "No check-ins."),
    "events.flow.no_gaps": ("✅ 没有 {gap:.0f} 分钟以上的客流空档。", "✅ No gaps of {gap:.0f} minutes or more."),
    "events.flow.gaps": ("出现 {n} 次 {gap:.0f} 分钟以上无人到场的间隔（最长 {longest:.0f} 分钟）。",
                         "{n} gap(s) of {gap:.0f} minutes or more between arrivals (longest {longest:.0f} minutes)."),
    # recommendations: finding and action of each rule
    "events.rec.ratio_clear": ("，区间整体在标准以下", "; the whole interval is below it"),
    "events.rec.ratio_low.finding": (
        "陌生客户占比 {rate:.1%}（{lvl:.0%}区间 {lo:.1%}–{hi:.1%}）低于 {std:.0%} 标准{clear}",
        "stranger ratio {rate:.1%} ({lvl:.0%} interval {lo:.1%}–{hi:.1%}) below the {std:.0%} standard{clear}"),
    "events.rec.ratio_low.action": (
        "多请合作方邀约其客户；员工邀约的老客户每人至少带一位尚未在本行开户的朋友",
        "ask the partner to invite its own clients; every invited customer brings a friend who is not yet a customer"),
    "events.rec.show_up.finding": ("{who}邀约到场率 {rate:.0%}（{n} 人中 {x} 人到场）",
                                   "{who} invitations: show-up rate {rate:.0%} ({x} of {n} came)"),
    "events.rec.show_up.action": ("活动前一天电话或微信确认，并请受邀者说明会带谁同来",
                                  "confirm by phone or WeChat the day before and ask whom they will bring"),
    "events.rec.over_plan.finding": ("到场 {arrived} 人，仅为计划 {plan:.0f} 人的 {ratio:.0%}",
                                     "{arrived} came, only {ratio:.0%} of the {plan:.0f} planned"),
    "events.rec.over_plan.action": ("扩大邀约名单，或请合作方同步邀约",
                                    "widen the invitation list or have the partner invite as well"),
    "events.rec.invite_none.finding": ("{n} 位可邀约员工未邀约客户（{who}）", "{n} eligible staff invited nobody ({who})"),
    "events.rec.invite_none.action": ("每位可邀约员工（行长、运营主管除外）邀约一位客户",
                                      "every eligible staff member (not head or ops supervisor) invites one customer"),
    "events.rec.invite_more.finding": ("{n} 位员工邀约多于规定人数（{who}）", "{n} staff invited more than the rule ({who})"),
    "events.rec.invite_more.action": (
        "每人邀约一位并请其带客，比一人邀约多位更能带来新客户",
        "one invitee each who brings a guest reaches more new people than several invitees each"),
    "events.rec.came_alone.finding": ("{n} 位受邀客户独自到场", "{n} invited customers came alone"),
    "events.rec.came_alone.action": ("邀约时明确请客户带一位朋友同来", "ask each invitee explicitly to bring a friend"),
    "events.rec.gaps.finding": ("出现 {n} 次 {gap:.0f} 分钟以上无人到场的间隔（最长 {longest:.0f} 分钟）",
                                "{n} gaps of {gap:.0f}+ minutes without arrivals (longest {longest:.0f} minutes)"),
    "events.rec.gaps.action": ("安排引客人在入口持续引导客流，不留 {gap:.0f} 分钟空档",
                               "a greeter keeps visitors coming to the booth: no {gap:.0f}-minute gaps"),
    "events.rec.duration.finding": ("活动时长 {dur:.0f} 分钟，比 {practice:.1f} 小时惯例长 {over:.0f} 分钟",
                                    "the event lasted {dur:.0f} minutes, {over:.0f} more than the {practice:.1f}-hour "
                                    "practice"),
    "events.rec.duration.action": ("控制在 1.5 小时左右", "keep it to about 1.5 hours"),
    "events.rec.target_missed.finding": ("{n} 项目标未达成：{what}", "{n} target(s) missed: {what}"),
    "events.rec.target_missed.action": (
        "复盘未达成的目标，下次按实际水平设定并分解到岗位",
        "review the missed targets; set the next ones from actual levels, broken down by role"),
    "events.rec.score_low.finding": ("活动评分 {score:.0f} 分，低于及格线 {mark:.0f} 分",
                                     "evaluation score {score:.0f}, below the pass mark {mark:.0f}"),
    "events.rec.score_low.action": ("活动后召开复盘会，针对未达标项制定改进措施",
                                    "hold a review meeting and agree on actions for the missed targets"),
    "events.rec.step.finding": (
        "{what}目标从上次的 {prev}（实际 {prev_actual}）提到 {cur}，增幅 {step:.0%} 过大",
        "target {what} raised from {prev} (achieved: {prev_actual}) to {cur}: a {step:.0%} step is unrealistic"),
    "events.rec.step.action": ("按 SMART 原则逐步提高（如 40 → 50–55），不要一步翻倍",
                               "raise targets step by step (SMART: 40 → 50–55), never double them at once"),
    "events.rec.no_sales.finding": ("活动后 72 小时内到场客户无成交", "no sale to attendees within 72 hours"),
    "events.rec.no_sales.action": ("24 小时内完成首次跟进，72 小时内出结果",
                                   "first follow-up within 24 hours, result within 72 hours"),
    "events.rec.keep.finding": ("各项检查均无问题", "no issue found"),
    "events.rec.keep.action": ("保持现有做法", "keep doing what works"),
    # event_findings: what was done about each finding
    "events.finding.duplicate_checkins": ("只计一次（保留最早的签到）", "counted once (earliest check-in kept)"),
    "events.finding.source_without_invitation": (
        "登记为受邀但邀约表中没有：按自然到访计", "recorded as invited but not in the invitations: counted as walk-in"),
    "events.finding.source_differs": (
        "登记来源与邀约记录不一致：以邀约记录为准",
        "recorded source differs from the invitation record: the invitation record is used"),
    "events.finding.host_absent": ("带客人本人未签到：客人仍计入其邀约链条",
                                   "guest whose host did not check in: kept in the host's chain"),
    "events.finding.brought_without_host": ("登记为带客但未填带客人：链条无法归属",
                                            "brought_along without brought_by: chain unattributed"),
    "events.finding.no_attendees": ("无人签到：该活动的占比为空", "no check-ins: ratios are empty for this event"),
    "events.finding.attendance_unknown_event": ("签到的活动不在活动表中", "check-ins at an event missing from the events table"),
    # section intros (report.section)
    "section.events": (
        "本报告回答：活动是否真正接触到了陌生客户（非本行客户，网点标准为每场不低于 70%）？人是怎么来的——员工邀约、"
        "合作方邀约、老带新还是自然到访？邀约链条是否按规则执行？现场客流是否连续？SMART 目标完成得如何，花了多少钱，"
        "72 小时内带来多少成交？最后给出下次活动要改进的地方。",
        "Did the event reach people who are not yet customers (the branch standard: at least 70% at every event), "
        "how did they come, did the invitation chain follow the rule, did the flow of visitors hold, were the SMART "
        "targets met at what cost and with what sales within 72 hours — and what to change next time."),
    "section.events_headline": (
        "每场活动的邀约、到场（含性别）、陌生客户占比及其 95% 区间、72 小时内到场客户的成交与费用。"
        "到场/计划 = 到场人数 ÷ 计划邀约人数。",
        "Per event: invitations, attendance (by gender), the stranger ratio with its 95% interval, sales to "
        "attendees within 72 hours and the cost. Attendance ÷ plan = attendees ÷ planned invitations."),
    "section.events_strangers": (
        "点为陌生客户占比，横线为 95% 置信区间（Wilson），红色虚线为网点标准。区间整体在标准线以下，才说明这场活动确实"
        "没有达标；区间跨过标准线时，差距可能只是人数少带来的偶然波动。",
        "The dot is the stranger ratio, the line its 95% confidence interval (Wilson), the dashed red line the "
        "branch standard. Only an interval entirely below the line shows that an event really missed the "
        "standard; an interval across it may be the chance variation of a small audience."),
    "section.events_by_source": (
        "来源依据邀约记录判定：有员工（合作方）邀约的是员工（合作方）邀约；由他人带来的是带客；没有邀约记录的一律视为"
        "自然到访。员工邀约的多是老客户，陌生客户主要靠合作方邀约和“老带新”。",
        "How people came is read from the invitation record: a staff (partner) invitation makes a staff (partner) "
        "invitee, someone brought by another attendee is brought along, everyone without an invitation is a "
        "walk-in. Staff invite mostly existing customers; strangers come through the partner and through guests."),
    "section.events_previous": (
        "同一网点、同一类型（驻点/沙龙/社区活动）的上一场活动。差值 = 本场 − 上一场，附 95% 区间和 p 值；人数少时"
        "（期望频数 < 5）用 Fisher 精确检验。",
        "The previous event of the same branch and kind (booth, salon, activity). Difference = this event − the "
        "previous one, with its 95% interval and p-value; small audiences (expected count < 5) use Fisher's exact "
        "test."),
    "section.events_monthly": ("本网点在期间内各月全部活动合计的陌生客户占比。",
                               "The stranger ratio of all of the branch's events in each month of the period."),
    "section.events_model": (
        "逻辑回归：到场者是否为陌生客户 ~ 是否有合作方、活动类型、是否周末、开始时刻。比值比 > 1 表示该特征下陌生客户的"
        "几率更高。活动场数少时，部分特征无法与其他特征区分，会在“说明”中注明并剔除。注意：同一场活动的到场者并不独立，"
        "区间偏窄，结论仅供参考。",
        "Logistic regression: attendee is a stranger ~ partner co-hosts, kind, weekend, start hour. An odds ratio "
        "above 1 means higher odds of strangers. With few events some attributes cannot be told apart; they are "
        "left out and the note says why. Attendees of one event are not independent, so the intervals are too "
        "narrow: read the model as descriptive."),
    "section.events_attendance": (
        "按来源统计：邀约人数、受邀者中到场的人数与到场率（95% 区间）、实际到场人数、性别、陌生客户；“合计”行给出到场"
        "人数与计划邀约之比。",
        "By source: people invited, invitees who came and the show-up rate (95% interval), attendees, gender, "
        "strangers; the All row gives attendance over the planned invitations."),
    "section.events_chain": (
        "员工 → 受邀客户 → 带来的客人；合作方 → 受邀者 → 带来的客人。网点规则：每位可邀约员工（行长、运营主管除外）"
        "邀约一位客户，每位受邀客户至少再带一位。倍增系数 = 到场人数 ÷ 员工邀约数；员工链倍增 = 员工链到场人数 ÷ "
        "员工邀约数。",
        "Staff → invited customer → the guests they bring; partner → invitee → guests. The branch rule: every "
        "eligible staff member (not the head or the operations supervisor) invites one customer, every invitee "
        "brings at least one more. Multiplier = attendees ÷ staff invitations; staff chain multiplier = "
        "attendees of the staff chains ÷ staff invitations."),
    "section.events_rates": (
        "本网点期间内同类活动的历史：员工邀约和合作方邀约的到场率、每位到场者带来的客人数、各类人群中陌生客户的比例。",
        "The branch's past events of this kind: show-up rates of staff and partner invitations, guests per "
        "attendee, and the share of strangers in each group."),
    "section.events_plan": (
        "用模拟（10,000 场）而不是公式：到场人数是一连串随机环节的总和，陌生客户占比是两个随机数之比，且这些比例本身只"
        "来自几场活动、并不精确；模拟把这两种不确定性一并算进去。区间为下一场活动的 95% 预测区间。",
        "A simulation of 10,000 events rather than a formula: attendance is a sum of random steps, the stranger "
        "ratio a ratio of two random counts, and the rates come from a few past events only; the simulation "
        "carries both uncertainties. The intervals are 95% prediction intervals for the next event."),
    "section.events_flow": (
        "每一位到场者的签到时间（一场活动时按来源分行，多场活动时按活动分行、对齐到钟点）。引客人的任务是让客流不断："
        "两次到场之间不应出现 10 分钟以上的空档（驻点还包括开始到首位、末位到结束）；活动时长以 1.5 小时为宜。",
        "Every attendee's check-in time (one lane per source for one event; per event, on one clock, for "
        "several). The greeter keeps visitors coming: no gap of 10 minutes or more between arrivals (at a booth "
        "also from the start to the first and from the last to the end); an event lasts about 1.5 hours."),
    "section.events_scorecard": (
        "每项目标（整场或分岗位）的实际值、达成率与是否达标。成交笔数、成交金额、新客户按活动结束后 72 小时内到场客户的"
        "成交计算。",
        "Each target (whole event or per role) with its actual value, attainment and pass/fail. Deals, sales and "
        "new customers count the attendees' sales up to 72 hours after the event."),
    "section.events_score": (
        "评分 = 各项达成率（封顶 100%）的平均 × 100，对照及格线。",
        "Score = mean attainment of the targets (capped at 100%) × 100, against the pass mark."),
    "section.events_steps": (
        "目标增幅与上一场同类活动比较（以上次目标与上次实际中较高者为基数），增幅超过 50% 视为不切实际。",
        "Each target against the previous comparable event (base: the higher of the previous target and the "
        "previous actual); a step above 50% is unrealistic."),
    "section.events_costs": (
        "每位到场者、每位陌生客户、每条线索、每位新客户（72 小时内成交的陌生客户）的成本。",
        "Cost per attendee, per stranger, per lead and per new customer (a stranger who bought within 72 hours)."),
    "section.events_sales": (
        "72 小时内到场客户的成交，分老客户与陌生客户（成交人数占比附 95% 区间）。",
        "Sales to attendees within 72 hours, existing customers and strangers apart (share of buyers with its 95% "
        "interval)."),
    "section.events_advice": ("由以上结果自动生成：优先级 1 为最需要改进的问题，3 为可以保持的做法。",
                              "Generated from the results above: priority 1 first, 3 = keep doing it."),
    "section.events_data_quality": (
        "校验发现的问题（活动相关的表），以及本报告在计算中处理的情况：重复签到只计一次、登记为邀约但无邀约记录的按自然"
        "到访计、带客人本人未签到的客人仍计入其邀约链条。",
        "Problems found by validation in the event tables, and what this report did about the data: duplicate "
        "check-ins count once, an attendee recorded as invited without an invitation counts as a walk-in, a guest "
        "whose host did not check in stays in the host's chain."),
}
