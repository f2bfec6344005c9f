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
    "data_actual": ("数据统计值", "Counted from the data", "num2"),
    "form_actual": ("评估表填报值", "Reported on the form", "num2"),
    "form_score": ("评估表评分", "Score on the form", "num2"),
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
    "invite_check=none": ("未邀约", "Invited nobody", None), "invite_check=more": ("多邀约（可为同事兜底）", "More than one (may cover for a colleague)", None),
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
    "section.events_details": ("明细", "The details", None),
    "section.events_per_event": ("各场活动", "Event by event", None),
    "section.events_roles": ("现场分工：引客、接待、氛围、楼栋长", "On-site roles: greeters, receivers, atmosphere, captains",
                             None),
    "section.events_shifts": ("每个引客班次", "Each greeter duty", None),
    "section.events_entrances": ("到场途径", "How visitors reached the table", None),
    "section.events_captains": ("楼栋长带来的客人", "Building captains' guests", None),
    "section.events_atmosphere": ("氛围岗的效果（观察性比较）", "Events with an atmosphere role (observational)", None),
    "section.events_recording": ("记录习惯", "The recording habit", None),
    "section.events_recording_events": ("每场活动的记录与礼品", "Records and gifts per event", None),
    "section.events_receivers": ("每位接待人员", "Each receiver", None),
    "section.events_lead_records": ("线索跟进时是否有记录可依", "Leads with a record to start from", None),
    "section.events_sales_split": ("72 小时成交来自老客户还是陌生客户", "Sales within 72 hours: existing customers or strangers",
                                   None),
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
    "section.events_advice": ("逐场发现", "Findings event by event", None),
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
    "events.chart_shown": ("只画出最近的 {shown:count} 场（共 {total:count} 场活动）",
                           "Showing the latest {shown:count} of {total:count} events"),
    "events.chart_shown_rows": ("只画出 {shown:count} 项（共 {total:count} 项）", "Showing {shown:count} of {total:count}"),
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
        "计划：员工邀约 {staff} 位、合作方邀约 {partner} 位（{kind}）。预计到场约 {attendees:count} 人"
        "（预测区间 {lo:count}–{hi:count} 人），陌生客户占比约 {ratio:pct}，达到标准的概率 {chance:pct}。",
        "Plan: {staff} staff and {partner} partner invitations ({kind}). Expected attendance about {attendees:count} "
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
    "events.rec.invite_none.action": (
        "每位可邀约员工（行长、运营主管除外）邀约一位客户；有人邀约不到时，由同事（如理财经理）多邀约一两位兜底",
        "every eligible staff member (not head or ops supervisor) invites one customer; when someone cannot, a "
        "colleague (a wealth manager, say) invites one or two more to cover"),
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
    "section.events_details": (
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
        "成交计算。活动评估表填报了实际值时以填报值为准（活动评分只来自评估表），数据统计值列在旁边以便核对。",
        "Each target (whole event or per role) with its actual value, attainment and pass/fail. Deals, sales and "
        "new customers count the attendees' sales up to 72 hours after the event. Where the evaluation form "
        "reports a value it is the actual (the evaluation score comes from the form only); the value counted "
        "from the data stays beside it for checking."),
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
    "section.events_advice": ("页首的行动清单按规则合并了这些发现；这里逐场列出，供复盘使用（优先级 1 最需要改进，3 为可以保持的做法）。",
                              "The action list at the top merges these findings rule by rule; here they are event by "
                              "event, for the review (priority 1 first, 3 = keep doing it)."),
    "section.events_data_quality": (
        "校验发现的问题（活动相关的表），以及本报告在计算中处理的情况：重复签到只计一次、登记为邀约但无邀约记录的按自然"
        "到访计、带客人本人未签到的客人仍计入其邀约链条。",
        "Problems found by validation in the event tables, and what this report did about the data: duplicate "
        "check-ins count once, an attendee recorded as invited without an invitation counts as a walk-in, a guest "
        "whose host did not check in stays in the host's chain."),
}

# ---------------------------------------------------------------------------
# the answer first (events.answer), on-site roles (events.roles), recording (events.recording)
# ---------------------------------------------------------------------------
LABELS |= {
    # headline measures
    "events_below_standard": ("低于标准的场次", "Events below the standard", "count"),
    "show_up_rate": ("受邀到场率", "Show-up rate of invitations", "pct"),
    "attendance_over_plan": ("沙龙到场 ÷ 计划邀约", "Salon attendance against plan", "pct"),
    "sales_72h": ("72 小时内成交", "Sales within 72 hours", "yuan"),
    # recommendations and actions
    "owner_id": ("负责人", "Owner", "text"),
    "owner": ("负责人", "Owner", "text"), "due": ("截止", "Due", "date"), "reason": ("原因", "Why", "text"),
    # optional attendance columns (issue 16)
    "gift": ("领取礼品", "Took a gift", "bool"), "with_children": ("带孩子", "With children", "bool"),
    "left_at": ("签退时间", "Checked out at", "datetime"),
    "area=roles": ("现场分工", "On-site roles", None), "area=recording": ("记录", "Recording", None),
    "rule=ratio_low": ("陌生客户占比低于标准", "Stranger ratio below the standard", None),
    "rule=show_up": ("邀约到场率低", "Low show-up rate", None),
    "rule=over_plan": ("到场少于计划", "Attendance under plan", None),
    "rule=invite_none": ("网点邀约数少于规定", "Branch invited fewer than the rule", None),
    "rule=came_alone": ("受邀客户独自到场", "Invitee came alone", None),
    "rule=gaps": ("客流空档", "Gaps in the flow", None),
    "rule=greeter_receiving": ("引客人留在桌前接待", "Greeter receiving at the table", None),
    "rule=gifts_lost": ("礼品无记录", "Gifts without a record", None),
    "rule=duration": ("超出惯例时长", "Longer than the practice", None),
    "rule=target_missed": ("目标未达成", "Target missed", None),
    "rule=score_low": ("评分低于及格线", "Score below the pass mark", None),
    "rule=step": ("目标增幅过大", "Unrealistic target step", None),
    "rule=no_sales": ("72 小时内无成交", "No sale within 72 hours", None),
    "rule=keep": ("保持", "Keep", None),
    # the invitation chain of the branch as a whole (兜底 is the practice)
    "branch_invitations": ("网点邀约合计", "Branch invitations", "count"),
    "branch_required": ("规定邀约数", "Invitations the rule asks", "count"),
    "branch_check": ("网点整体", "Branch as a whole", "code"),
    "branch_check=ok": ("达到规定", "Meets the rule", None),
    "branch_check=short": ("少于规定", "Short of the rule", None),
    "branch_check=not_checked": ("不适用", "Not checked", None),
    # sales split
    "existing_attendees": ("老客户到场", "Existing customers", "count"),
    "existing_buyers": ("老客户成交人数", "Existing customers who bought", "count"),
    "existing_rate": ("老客户成交比例", "Share of existing customers who bought", "pct"),
    "stranger_attendees": ("陌生客户到场", "Strangers", "count"),
    "stranger_buyers": ("陌生客户成交人数", "Strangers who bought", "count"),
    "stranger_rate": ("陌生客户成交比例", "Share of strangers who bought", "pct"),
    "existing_amount": ("老客户成交金额(元)", "Existing customers' sales (yuan)", "money"),
    "stranger_amount": ("陌生客户成交金额(元)", "Strangers' sales (yuan)", "money"),
    "existing_share": ("老客户金额占比", "Existing customers' share of the amount", "pct"),
    "headcount_share": ("老客户人数占比", "Existing customers' share of attendees", "pct"),
    "amount_p": ("金额占比的 p 值（置换检验）", "p-value of the amount share (permutation)", "p"),
    # on-site roles
    "duty": ("班次", "Duty", "code"), "duty=greeter": ("引客", "Greeting", None),
    "duty=no_greeter": ("无人引客", "Nobody greeting", None), "duty=receiver": ("接待", "Receiving", None),
    "duty=shared": ("多人同时接待", "Several receiving", None), "duty=none": ("无人接待", "Nobody receiving", None),
    "from_at": ("开始", "From", "datetime"), "to_at": ("结束", "To", "datetime"),
    "duty_minutes": ("时长", "Length", "minutes"), "duty_hours": ("时长", "Time", "hours"),
    "arrivals_per_hour": ("每小时到场", "Arrivals per hour", "num1"),
    "records_on_duty": ("引客时登记的记录", "Records written while greeting", "count"),
    "receiving": ("引客人在接待", "Greeter receiving", "bool"),
    "entrance": ("到场途径", "Reached the table", "code"),
    "entrance=greeter": ("引客人引导（自然到访）", "Walk-in while a greeter was on duty", None),
    "entrance=no_greeter": ("无人引客时自然到访", "Walk-in while nobody greeted", None),
    "entrance=captain": ("楼栋长带来", "Brought by a building captain", None),
    "entrance=invited": ("受邀及其带客", "Invited, and their guests", None),
    "captain_attended": ("楼栋长本人到场", "Captain came", "bool"),
    "greeter": ("引客人", "Greeter", None), "receiver": ("接待", "Receiver", None),
    "atmosphere": ("氛围", "Atmosphere", None), "captain": ("楼栋长", "Building captain", None),
    "host": ("主持", "Host", None),
    "measure=with_children": ("带孩子的到场者占比", "Attendees with children", None),
    "measure=brought_along": ("被带来的到场者占比", "Attendees brought along", None),
    "measure=stay_minutes": ("平均停留时长", "Mean stay", None),
    "measure=arrival_span_minutes": ("首位到末位到场的跨度", "First to last arrival", None),
    "events_with": ("有氛围岗的场次", "Events with the role", "count"),
    "events_without": ("无氛围岗的场次", "Events without", "count"),
    "attendees_with": ("有氛围岗的到场者", "Attendees with the role", "count"),
    "attendees_without": ("无氛围岗的到场者", "Attendees without", "count"),
    "share_with": ("有氛围岗", "With the role", "pct"), "share_without": ("无氛围岗", "Without", "pct"),
    "minutes_with": ("有氛围岗", "With the role", "minutes"),
    "minutes_without": ("无氛围岗", "Without", "minutes"),
    "method=welch": ("Welch t 检验（按场次）", "Welch's t-test over events", None),
    # recording
    "visitors": ("到场人数", "Visitors", "count"), "recorded": ("有记录的人数", "Visitors with a record", "count"),
    "records_written": ("本人登记数", "Records written", "count"), "gifts": ("领取礼品", "Gifts", "count"),
    "gifts_lost": ("礼品无记录（失联）", "Gifts without a record (lost contacts)", "count"),
    "recorded_at": ("登记时间", "Recorded at", "datetime"), "record_kind": ("记录类型", "Record", "code"),
    "record_kind=survey": ("问卷", "Questionnaire", None), "record_kind=info_sheet": ("信息登记表", "Information sheet", None),
    "contacted": ("已首次跟进", "Followed up", "count"),
    "with_record": ("跟进时有记录", "With a record to start from", "count"),
    "group": ("范围", "Scope", "code"), "group=all": ("全部", "All", None),
}

SENTENCES |= {
    # verdict (events.answer.verdict)
    "events.verdict.no_data": ("本期没有活动签到数据，无法判断陌生客户占比。",
                               "No check-ins at events in this period: nothing to judge."),
    "events.verdict.all_ok": ("陌生客户占比 {rate:pct}（95% 区间 {lo:pct}–{hi:pct}）{change}，每场活动都达到 {std:pct} 标准。",
                              "Stranger ratio {rate:pct} (95% CI {lo:pct}–{hi:pct}){change}: meets the {std:pct} "
                              "standard at every event."),
    "events.verdict.some_below": (
        "陌生客户占比 {rate:pct}（95% 区间 {lo:pct}–{hi:pct}）{change}，整体达到 {std:pct} 标准，但有 {k:count} 场活动低于标准。",
        "Stranger ratio {rate:pct} (95% CI {lo:pct}–{hi:pct}){change}: the events together meet the {std:pct} "
        "standard, but {k:count} event(s) fell below it."),
    "events.verdict.below": (
        "陌生客户占比 {rate:pct}（95% 区间 {lo:pct}–{hi:pct}）{change}，低于 {std:pct} 标准，{k:count} 场活动低于标准。",
        "Stranger ratio {rate:pct} (95% CI {lo:pct}–{hi:pct}){change}: below the {std:pct} standard, with "
        "{k:count} event(s) below it."),
    "events.verdict.up": ("，比上期上升 {diff:pct}", ", up {diff:pct} on the previous period"),
    "events.verdict.down": ("，比上期下降 {diff:pct}", ", down {diff:pct} on the previous period"),
    "events.verdict.sales": ("；72 小时内到场客户成交 {amount:yuan}。", "; sales to attendees within 72 hours: {amount:yuan}."),
    # actions: the reason of each grouped rule
    "events.act.more": (" 等 {n} 场", " and {n} more"),
    "events.act.more_people": (" 等 {n} 人", " and {n} more"),
    "events.act.ratio_low": ("{n} 场活动陌生客户占比低于 {std:pct} 标准：{events}",
                             "{n} event(s) below the {std:pct} stranger-ratio standard: {events}"),
    "events.act.score_low": ("{n} 场活动评分低于及格线 {mark:.0f} 分：{events}",
                             "{n} event(s) scored below the pass mark of {mark:.0f}: {events}"),
    "events.act.invite_none": ("{n} 场活动全网点员工邀约合计少于规定（每位可邀约员工一位），有员工未邀约：{events}",
                               "{n} event(s) where the branch's staff together sent fewer invitations than the rule "
                               "(one per eligible staff member) and someone invited nobody: {events}"),
    "events.act.came_alone": ("{n} 场活动有受邀客户独自到场：{events}", "{n} event(s) where an invitee came alone: {events}"),
    "events.act.show_up": ("{n} 场活动邀约到场率低于 {min:pct}：{events}",
                           "{n} event(s) with a show-up rate below {min:pct}: {events}"),
    "events.act.over_plan": ("{n} 场活动到场人数少于计划邀约：{events}", "{n} event(s) with fewer attendees than planned: {events}"),
    "events.act.gaps": ("{n} 场活动出现 {gap:.0f} 分钟以上无人到场的空档：{events}",
                        "{n} event(s) with gaps of {gap:.0f}+ minutes between arrivals: {events}"),
    "events.act.greeter_receiving": ("{k:count} 个引客班次里引客人在桌前登记客户（没有回到入口引客）：{events}",
                                     "{k:count} greeter duty(ies) where the greeter stayed at the table recording "
                                     "visitors instead of fetching the next: {events}"),
    "events.act.gifts_lost": ("{k:count} 份礼品发给了没有留下记录的客户，联系就此断了：{events}",
                              "{k:count} gift(s) went to visitors who left no record — lost contacts: {events}"),
    "events.act.no_sales": ("{n} 场活动 72 小时内到场客户无成交：{events}",
                            "{n} event(s) with no sale to attendees within 72 hours: {events}"),
    "events.act.target_missed": ("{n} 场活动有目标未达成：{events}", "{n} event(s) missed targets: {events}"),
    "events.act.step": ("{n} 场活动的目标增幅过大：{events}", "{n} event(s) with an unrealistic target step: {events}"),
    "events.act.duration": ("{n} 场活动超过 1.5 小时惯例：{events}", "{n} event(s) longer than the 1.5-hour practice: {events}"),
    # recommendations of the new rules (per event)
    "events.rec.invite_none.finding": (
        "网点可邀约员工合计邀约 {sent} 位，少于规定的 {need} 位；{n} 位员工未邀约（{who}）",
        "the branch's eligible staff sent {sent} invitations, fewer than the {need} the rule asks; {n} invited nobody "
        "({who})"),
    "events.rec.greeter_receiving.finding": (
        "{who} 在 {start:time}–{end:time} 当班引客人时登记了 {n} 份客户记录，同时段出现 {gaps} 次客流空档",
        "{who}, on greeter duty {start:time}–{end:time}, wrote {n} visitor record(s); {gaps} gap(s) in the flow in "
        "that time"),
    "events.rec.greeter_receiving.action": (
        "引客人把客人带到桌前后立即回到入口，不留下来接待；约每小时与接待互换一次",
        "the greeter brings each visitor to the table and goes straight back to the entrance; greeter and receiver "
        "swap about once an hour"),
    "events.rec.gifts_lost.finding": ("{n} 份礼品（共发出 {gifts} 份）发给了没有留下记录的客户",
                                      "{n} of {gifts} gifts went to visitors who left no record"),
    "events.rec.gifts_lost.action": ("先登记（问卷或客户信息登记表：需求、意向产品）再发礼品，不用纸条随手记",
                                     "record first (questionnaire or information sheet: needs, products of interest), "
                                     "then hand over the gift; no loose slips"),
    # on-site roles (roles_text)
    "events.roles.none": ("这些活动没有登记现场分工（活动分工表），无法评估引客和接待。",
                          "No on-site roles recorded for these events (event_staff table): greeting and receiving "
                          "cannot be assessed."),
    "events.roles.shifts": (
        "{n} 个引客班次：{gaps} 个出现 {gap:.0f} 分钟以上的客流空档，{receiving} 个班次引客人在桌前登记客户（接待而不是引客）。",
        "{n} greeter duties: {gaps} with gaps of {gap:.0f}+ minutes, {receiving} where the greeter was recording "
        "visitors (receiving instead of greeting)."),
    "events.roles.uncovered": ("；无人引客的时段出现 {n} 次空档。", "; {n} gap(s) while no greeter was on duty."),
    "events.roles.captains": ("楼栋长带来 {guests} 位客人，其中陌生客户 {s} 位（{rate:pct}，95% 区间 {lo:pct}–{hi:pct}）。",
                              " Building captains brought {guests} guests, {s} of them strangers ({rate:pct}, 95% CI "
                              "{lo:pct}–{hi:pct})."),
    # recording (recording_text)
    "events.recording.none": ("没有到场记录，无法评估记录习惯。", "No check-ins: the recording habit cannot be assessed."),
    "events.recording.rate": ("{n} 位到场者中 {x} 位留下了记录（{rate:pct}，95% 区间 {lo:pct}–{hi:pct}）。",
                              "{x} of {n} visitors left a record ({rate:pct}, 95% CI {lo:pct}–{hi:pct})."),
    "events.recording.gifts": ("；{n} 份礼品中 {x} 份发给了没有记录的客户，等于失去了联系。",
                               "; {x} of {n} gifts went to a visitor with no record: lost contacts."),
    "events.recording.leads": ("已跟进的 {n} 条活动线索中 {x} 条在首次跟进前已有记录（{rate:pct}）。",
                               " {x} of {n} followed-up event leads had a record before the first contact ({rate:pct})."),
    # section intros
    "section.events_per_event": (
        "每场活动的邀约、到场（含性别）、陌生客户占比及其 95% 区间、72 小时内到场客户的成交与费用。",
        "Per event: invitations, attendance (by gender), the stranger ratio with its 95% interval, sales to attendees "
        "within 72 hours and the cost."),
    "section.events_roles": (
        "引客人在入口把人带到桌前就回去，约每小时与接待互换；接待了解需求并给每位到场者留下记录；大型活动有专人负责氛围；"
        "楼栋长（居民，不是员工）带邻居来。以下按活动分工表计算。",
        "The greeter brings people from the entrances to the table and goes straight back, swapping with the receiver "
        "about once an hour; the receiver finds out needs and records every visitor; bigger events have someone on the "
        "atmosphere; building captains (residents, not staff) bring neighbours. From the event_staff table."),
    "section.events_shifts": (
        "“引客时登记的记录”= 这位员工在当班引客人期间写下的问卷或登记表：引客人留在桌前接待，入口就没人引客。空档按开始时刻计入班次。",
        "Records written while greeting = questionnaires or sheets this person wrote while on greeter duty: a greeter "
        "who stays at the table leaves the entrance empty. A gap counts for the duty in which it began."),
    "section.events_atmosphere": (
        "只比较同类活动（有过氛围岗的活动类型）。这是观察性比较：网点往往在预计人多的活动安排氛围岗，差异未必是氛围岗带来的。",
        "Only events of the kinds that had an atmosphere role are compared. Observational: branches put someone on "
        "the atmosphere at events they expect to be big, so a difference need not come from the role."),
    "section.events_recording": (
        "每位交谈过的到场者都应留下记录（问卷或客户信息登记表：需求、意向产品、领取的礼品）；随手记在纸条上的会丢。"
        "发了礼品却没有记录，就失去了这位客户的联系。",
        "Every visitor talked to should leave a record (questionnaire or customer-information sheet: needs, products "
        "of interest, gifts); notes on slips get lost. A gift handed out without a record is a lost contact."),
    "section.events_receivers": (
        "到场者按签到时在岗的接待人员归属；同时有多位接待时计入“多人同时接待”。",
        "Visitors belong to the receiver on duty when they checked in; when several were on duty, to “several "
        "receiving”."),
    "section.events_sales_split": (
        "老客户与陌生客户各自的成交比例及差值的 95% 区间与检验；金额占比的 p 值是置换检验：随机挑出同样人数的到场者，"
        "他们的金额占比不低于老客户实际占比的概率。只有几笔大额成交时，金额占比很不稳定。",
        "The share of existing customers and of strangers who bought, with the difference's 95% interval and test; "
        "the p-value of the amount share is a permutation test: the chance that as many attendees picked at random "
        "would hold at least the existing customers' share of the money. With a few large deals the amount split "
        "is unstable."),
}
