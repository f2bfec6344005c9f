"""Labels and sentences of the groups domain (微信群分层, :mod:`analysis.groups`, notebook 04).

Values whose meaning depends on their column are ``column=value`` keys (``status=open`` is 运营中
here; ``outcome=open`` 跟进中 is the common vocabulary's). Codes shared by every domain (tiers,
``rule``, ``term``, ``estimate``, ``ci_low`` …) are in ``common.py``.
"""

_WEEKDAYS = {"mon": ("周一", "Monday"), "tue": ("周二", "Tuesday"), "wed": ("周三", "Wednesday"),
             "thu": ("周四", "Thursday"), "fri": ("周五", "Friday"), "sat": ("周六", "Saturday"),
             "sun": ("周日", "Sunday")}
_KINDS = {"text": ("文字", "Text"), "question": ("提问", "Question"), "product_post": ("产品推送", "Product post"),
          "game": ("小游戏", "Game"), "red_packet": ("红包", "Red packet")}
_VERDICTS = {
    "small_more_active": ("同一层级内，小群（≤11 人）的发言占比显著更高",
                          "within a tier, small groups (≤ 11 members) have a clearly higher share of members posting"),
    "small_less_active": ("同一层级内，小群（≤11 人）的发言占比显著更低",
                          "within a tier, small groups (≤ 11 members) have a clearly lower share of members posting"),
    "cannot_tell": ("数据无法判断：区间同时包含“更活跃”和“更不活跃”",
                    "the data cannot tell: the interval includes both more and less active"),
    "too_few_groups": ("数据无法判断：同一层级里，≤11 人的群或更大的群不足 2 个，分不清是群规模还是个别群的差异",
                       "the data cannot tell: within a tier, fewer than 2 groups are on one side of 11 members, so "
                       "size cannot be told from one group's habits"),
    "not_estimable": ("无法估计", "not estimable"),
}
_NOTES = {
    "not_estimable": ("无法估计", "Not estimable"), "few_groups": ("群数少于10个，区间较粗", "Fewer than 10 groups: rough interval"),
    "single_group_side": ("一侧不足2个群", "Fewer than 2 groups on one side"), "reference": ("对照", "Reference"),
    "no_messages": ("无消息", "No messages"), "all_on_sop_days": ("全部发生在SOP日", "All on SOP days"),
    "none_on_sop_days": ("SOP日没有", "None on SOP days"),
}
_RULES = {
    "elite_no_deal": ("精英群超过期限仍无成交", "Elite group past its limit without a deal"),
    "potential_no_promotion": ("潜在客户群超过期限无人升入精英群", "Potential group past its limit without a promotion"),
    "silent": ("群内长期无人发言", "Nobody has posted for a long time"),
    "members_unknown_group": ("成员所在群不在群表中", "Membership of an unknown group"),
    "joined_before_created": ("入群早于建群", "Joined before the group was created"),
    "joined_after_dissolved": ("入群晚于解散", "Joined after the group was dissolved"),
    "overlapping_spells": ("同一人同一群的入群记录重叠", "Overlapping memberships of one person in one group"),
    "messages_unknown_group": ("消息所在群不在群表中", "Message in an unknown group"),
    "message_outside_life": ("消息不在群的存续期内", "Message outside the group's life"),
    "message_from_non_member": ("发言人当天不是群成员", "Sender not a member that day"),
    "hook_spend_mismatch": ("实际支出 ≠ 领取人数 × 红包金额", "Spend ≠ claims × reward"),
    "mid_funnel_entries": ("中途进入漏斗的人", "People who entered mid-funnel"),
}
_TERMS = {
    "small": ("小群(≤11人)", "Small group (≤ 11)"), "log2_members": ("成员数翻一倍", "Members doubled"),
    "tier:potential": ("潜在客户群(对大众群)", "Potential group (vs mass)"),
    "tier:elite": ("精英群(对大众群)", "Elite group (vs mass)"), "other_days": ("其他日", "Other days"),
}

LABELS = {
    # funnel
    "step": ("环节", "Step", "code"), "from_step": ("上一环节", "Previous step", "code"),
    "step_rate": ("环节转化率", "Step rate", "pct"), "step_ci_low": ("环节区间下限", "Step 95% CI low", "pct"),
    "step_ci_high": ("环节区间上限", "Step 95% CI high", "pct"), "overall_rate": ("累计转化率", "Overall rate", "pct"),
    "overall_ci_low": ("累计区间下限", "Overall 95% CI low", "pct"),
    "overall_ci_high": ("累计区间上限", "Overall 95% CI high", "pct"),
    "median_days": ("中位天数", "Median days", "num1"), "median_ci_low": ("中位数区间下限", "Median 95% CI low", "num1"),
    "median_ci_high": ("中位数区间上限", "Median 95% CI high", "num1"),
    "q25_days": ("25%分位天数", "25th percentile (days)", "num1"),
    "q75_days": ("75%分位天数", "75th percentile (days)", "num1"),
    "in_funnel": ("按顺序进入", "In funnel order", "count"), "entries": ("中途进入", "Entered mid-funnel", "count"),
    "out_of_order": ("跳级或逆序", "Skipped or out of order", "count"),
    "mass_at": ("进大众群", "Joined mass group", "datetime"),
    "potential_at": ("进潜在客户群", "Joined potential group", "datetime"),
    "elite_at": ("进精英群", "Joined elite group", "datetime"),
    "deal_elite_at": ("成交前进精英群", "Elite join before the deal", "datetime"),
    "deal_at": ("成交时间", "Deal closed", "datetime"),
    # health and status
    "group_id": ("群编号", "Group", "id"), "owner_staff_id": ("群主", "Owner", "id"),
    "period": ("期间", "Period", "date"), "members": ("成员数", "Members", "count"),
    "joins": ("入群", "Joins", "count"), "leaves": ("退群", "Leaves", "count"),
    "active_members": ("发言人数", "Members who posted", "count"),
    "active_share": ("发言占比", "Share who posted", "pct"), "messages": ("消息数", "Messages", "count"),
    "member_days": ("成员·天", "Member-days", "count"),
    "messages_per_member_day": ("人均日消息", "Messages per member-day", "num3"),
    "days_since_last_message": ("距上次发言(天)", "Days since last message", "num1"),
    "created_at": ("建群时间", "Created", "datetime"), "dissolved_at": ("解散时间", "Dissolved", "datetime"),
    "status": ("状态", "Status", "code"), "status=open": ("运营中", "Open", None),
    "status=dissolved": ("已解散", "Dissolved", None),
    "age_days": ("群龄(天)", "Age (days)", "num1"), "ever_members": ("累计成员", "Members ever", "count"),
    "members_now": ("当前成员", "Members now", "count"), "last_message_at": ("最后发言", "Last message", "datetime"),
    # lifecycle and portfolio
    "group_action": ("建议", "Recommended action", "code"), "group_action=dissolve": ("解散", "Dissolve", None),
    "group_action=reengage": ("激活内容或解散", "Re-engage or dissolve", None),
    "days": ("天数", "Days", "num1"), "threshold": ("阈值(天)", "Limit (days)", "num1"),
    "promoted": ("升入精英群人数", "Promoted to elite", "count"),
    "people_mass": ("大众群人数", "People in mass groups", "count"),
    "people_potential": ("潜在客户群人数", "People in potential groups", "count"),
    "people_elite": ("精英群人数", "People in elite groups", "count"),
    "expected_deals": ("预计成交", "Expected deals", "num1"), "expected_ci_low": ("预计下限", "Expected 95% CI low", "num1"),
    "expected_ci_high": ("预计上限", "Expected 95% CI high", "num1"),
    # size and calendar
    "model": ("模型", "Model", "code"), "model=unadjusted": ("不分层级", "Tiers pooled", None),
    "model=within_tier": ("同一层级内", "Within a tier", None),
    "model=size_slope": ("群规模(每翻一倍)", "Size (per doubling)", None),
    "model=weekday": ("星期", "Weekday", None), "model=sop": ("SOP安排", "SOP plan", None),
    "reference": ("对照", "Compared with", "code"),
    "family": ("分布", "Distribution", "code"), "family=poisson": ("泊松", "Poisson", None),
    "family=negative_binomial": ("负二项", "Negative binomial", None),
    "weekday": ("星期", "Weekday", "code"), "date": ("日期", "Date", "date"),
    "sop": ("SOP安排日", "SOP day", "bool"),
    "dispersion": ("离散度(皮尔逊χ²/自由度)", "Dispersion (Pearson χ²/df)", "num2"),
    "alpha": ("负二项α", "Negative-binomial α", "num2"), "lr_stat": ("似然比统计量", "LR statistic", "num2"),
    "overdispersion_p": ("过度离散检验p值", "Overdispersion test p-value", "p"),
    "verdict": ("结论", "Verdict", "code"), "raw_verdict": ("不分层级的结论", "Verdict, tiers pooled", "code"),
    "raw_estimate": ("不分层级比值比", "Odds ratio, tiers pooled", "num2"),
    "raw_ci_low": ("不分层级下限", "Tiers pooled 95% CI low", "num2"),
    "raw_ci_high": ("不分层级上限", "Tiers pooled 95% CI high", "num2"),
    # hook
    "campaign_id": ("红包活动", "Campaign", "id"), "joined": ("入群人数", "Joined", "count"),
    "claimed": ("领取人数", "Claimed", "count"), "reward_per_claim": ("红包金额(元)", "Reward (yuan)", "num2"),
    "nominal_cost": ("名义单价(元/人)", "Nominal cost (yuan/member)", "num2"),
    "effective_cost": ("实际单价(元/人)", "Effective cost (yuan/member)", "num2"),
    "cost_ratio": ("实际/名义", "Effective / nominal", "pct"), "spend": ("实际支出(元)", "Spend (yuan)", "money"),
    "nominal_spend": ("名义支出(元)", "Nominal spend (yuan)", "money"),
    "paid_per_claim": ("每个领取(元)", "Paid per claim (yuan)", "num2"),
    "joins_per_day": ("日均入群", "Joins per day", "num1"),
    "started_at": ("开始时间", "Started", "datetime"), "ended_at": ("结束时间", "Ended", "datetime"),
    # chart titles and axes
    "title.groups_funnel": ("分层漏斗", "Tier funnel", None),
    "title.groups_size": ("群规模与每周发言占比", "Group size and weekly share of members posting", None),
    "title.groups_calendar_rates": ("各星期的人均日消息", "Messages per member-day by weekday", None),
    "title.groups_weekday_ratios": ("各星期对周一的消息率之比", "Message rate ratio against Monday", None),
    "title.groups_sop_ratios": ("SOP 安排日对其他日的消息率之比", "Message rate ratio, SOP days against other days", None),
    "axis.members_log": ("成员数（对数刻度）", "Members (log scale)", None),
    "plot.no_data": ("无数据", "No data", None),
}
LABELS |= {f"weekday={k}": (zh, en, None) for k, (zh, en) in _WEEKDAYS.items()}
LABELS |= {f"term={k}": (zh, en, None) for k, (zh, en) in _WEEKDAYS.items()}
LABELS |= {f"reference={k}": (zh, en, None) for k, (zh, en) in _WEEKDAYS.items()}
LABELS |= {f"kind={k}": (zh, en, None) for k, (zh, en) in _KINDS.items()}
LABELS |= {f"term={k}": (zh, en, None) for k, (zh, en) in _KINDS.items()}
LABELS |= {f"term={k}": (zh, en, None) for k, (zh, en) in _TERMS.items()}
LABELS |= {"reference=other_days": _TERMS["other_days"] + (None,)}
LABELS |= {f"{c}={k}": (zh, en[:1].upper() + en[1:], None) for c in ("verdict", "raw_verdict")
           for k, (zh, en) in _VERDICTS.items()}
LABELS |= {f"note={k}": (zh, en, None) for k, (zh, en) in _NOTES.items()}
LABELS |= {f"rule={k}": (zh, en, None) for k, (zh, en) in _RULES.items()}

# Section headings of notebook 04 (the intros are the sentences of the same key)
LABELS |= {
    "section.groups": ("微信群分层", "WeChat group tiers", None),
    "section.groups_funnel": ("分层漏斗", "Tier funnel", None),
    "section.groups_step_times": ("环节间隔", "Time between steps", None),
    "section.groups_entries": ("中途进入", "Entries mid-funnel", None),
    "section.groups_health": ("群健康", "Group health", None),
    "section.groups_actions": ("行动清单", "Action list", None),
    "section.groups_conversion": ("各层级到成交的转化", "Conversion from each tier to a deal", None),
    "section.groups_portfolio": ("客户经理的群组合", "Manager's portfolio", None),
    "section.groups_size": ("群规模与活跃度", "Group size vs activity", None),
    "section.groups_calendar": ("内容日历", "Content calendar", None),
    "section.groups_calendar_model": ("内容日历：计数回归", "Content calendar: count regression", None),
    "section.groups_hooks": ("进群红包", "Join hook", None),
    "section.groups_checks": ("数据质量", "Data quality", None),
}

SENTENCES = {
    # section intros (the report's title, section.groups, has none: the answer comes right after the header)
    "section.groups_funnel": (
        "每个人只有在依次走过前面每一步之后才算进入下一步（入群时间不倒退）：先进大众群，再进潜在客户群，再进精英群，"
        "并在进精英群后 72 小时内成交。跳级的人（从大众群直接进精英群）、先进潜在客户群后进大众群的人，"
        "都不算在后面的环节里。转化率带 95% 区间（Wilson）；区间越宽，人数越少、结论越不确定。只看一位群主时，漏斗跟踪的是从这位群主的大众群进来的人（后面的群不论是谁的都算）；"
        "群主名下没有大众群时，漏斗为空。",
        "A person counts at a step only after every earlier step, in order (join times never go back): first a mass "
        "group, then a potential-customer group, then an elite group, and a deal within 72 hours of joining the elite "
        "group. People who skip a step (mass straight to elite) or join a potential group "
        "before any mass group do not count at the later steps. Rates carry 95% intervals (Wilson); a wide interval "
        "means few people and an uncertain answer. For one owner the funnel follows the people who came in through that "
        "owner's mass groups, whoever owns the later groups; an owner without a mass group has an empty funnel."),
    "section.groups_step_times": (
        "从上一步到这一步用了多少天：中位数及其 95% 区间、四分位数。人数太少时中位数区间无法给出（—）。",
        "Days from the previous step to this one: median with its 95% interval, and quartiles. With too few people "
        "the interval of the median cannot be given (—)."),
    "section.groups_entries": (
        "全网点每一层里，有多少人是按顺序进来的，有多少人第一个群就是这一层（例如沙龙后直接拉进潜在客户群），"
        "有多少人跳级或顺序颠倒。中途进入的人不在上面的漏斗里。",
        "For the whole branch, per tier: how many people arrived in funnel order, how many started in this tier (e.g. "
        "pulled into a potential group straight from a salon) and how many skipped a step or came out of order. "
        "People who entered mid-funnel are not in the funnel above."),
    "section.groups_health": (
        "每个群截至报告时点的状况：群龄、人数、最近 7 天发言的成员占比（企业微信口径：发过言的成员）、人均日消息、"
        "距上次发言的天数。精英群应在 3 天内成交，潜在客户群两周内应有人升入精英群；大多数群一个月内就会沉寂。",
        "Each group as of the report time: age, members, the share of members who posted in the last 7 days (the "
        "WeCom measure), messages per member-day and days since the last message. An elite group should close a "
        "deal within 3 days and a potential group promote someone within two weeks; most groups go quiet within a "
        "month."),
    "section.groups_actions": (
        "按规则列出需要处理的群：精英群建群超过 3 天仍无成交 → 解散；潜在客户群超过 14 天没有任何人升入精英群 → 解散；"
        "任何群连续 7 天以上无人发言 → 换内容激活，或解散。天数均为参数。",
        "The groups that need action under the rules: an elite group older than 3 days without a deal → dissolve; a "
        "potential group older than 14 days that promoted nobody to an elite group → dissolve; any group where "
        "nobody posted for 7 days or more → new content, or dissolve. The days are parameters."),
    "section.groups_conversion": (
        "全网点各层级到成交的转化率：按顺序到达某一层的人中，后来在 72 小时规则内成交的比例。",
        "For the whole branch, the conversion from each tier to a deal: of the people who reached the tier in "
        "order, the share who later closed a deal under the 72-hour rule."),
    "section.groups_portfolio": (
        "每位群主手上还开着的群、群里的人（每人只按他所在的最高层级算一次；群主为“—”的是不属于银行员工的大众群），"
        "以及按上面本网点自己的转化率估算的预计成交（含 95% 区间）。实践里常说“一位客户经理管 20 多个群、上万客户，1%–5% 的人会买产品”，"
        "那是讲一个人能覆盖多大规模的设想，不是给群组合打分的标准，这里不拿它来对照。",
        "Each owner's open groups and the people in them (each person once, at the highest tier they are in; an "
        "owner shown as “—” is a mass group not run by bank staff), and the deals to expect at the branch's own "
        "conversions above (with a 95% interval). Practitioners say “one manager runs 20+ "
        "groups covering 10,000+ customers and 1–5% buy a product”: a statement about how far one person can "
        "reach, not a standard to grade a portfolio against, so nothing here is compared with it."),
    "section.groups_size": (
        "“微信群 11 人以下最活跃”是真的吗？用每个群每周的发言占比做二项回归（逻辑回归），比较小群（≤ 11 人）和大群。"
        "三层群的人数本来就不同（大众群几百人、精英群十来人），所以关键看同一层级内的比较；同一个群的各周并不独立，"
        "区间按群做了稳健调整（群数少时区间很宽）。图中每个点是一个群的一周，红色虚线是 11 人；比值比大于 1 表示小群的成员更可能发言。",
        "Is “a WeChat group of 11 or fewer is the most active” true? A binomial (logistic) regression of each group's "
        "weekly share of members who posted compares small groups (≤ 11) with larger ones. The tiers differ in size "
        "by design (hundreds in a mass group, about ten in an elite group), so the comparison that matters is within "
        "a tier; the weeks of one group are not independent, so intervals are cluster-robust by group (wide when "
        "there are few groups). Each point of the chart is one group-week, the red dashed line 11 members; an odds "
        "ratio above 1 means members of small groups are more likely to post."),
    "section.groups_calendar": (
        "SOP 要求：周一、三、五发专业内容和优惠（成员随后提问），周二、四做小游戏（骰子、答题、猜歌词），每周五固定一个大活动（红包）。"
        "下图是各星期、各类消息的人均日消息数（所有群合计，描述性）。",
        "The SOP: professional content and offers on Monday, Wednesday and Friday (members ask questions after them), "
        "small games on Tuesday and Thursday (dice, quizzes, song lyrics), a fixed bigger activity every Friday (red "
        "packets). The chart shows messages per member-day by weekday and kind (all groups pooled, descriptive)."),
    "section.groups_calendar_model": (
        "再用计数回归（按群固定效应，以成员·天为暴露量）比较：各星期对周一的消息率之比，以及每类计划内容在 SOP 安排日对其他日的"
        "消息率之比，都带 95% 区间。先检验泊松模型是否够用：若数据过度离散（方差远大于均值），改用负二项模型，否则区间会过窄。"
        "比值大于 1 且区间不含 1，说明那天（或 SOP 安排日）互动确实更多；“全部发生在SOP日”表示这类消息只出现在计划日，"
        "比值无法估计（执行得很到位，但也无从比较）。",
        "A count regression (group fixed effects, member-days as exposure) then compares the message rate of each "
        "weekday with Monday, and of each planned kind on its SOP days with its other days, with 95% intervals. It "
        "first checks whether a Poisson model is good enough: when the data are overdispersed (variance far above "
        "the mean) it uses the negative binomial, or the intervals would be too narrow. A ratio above 1 whose "
        "interval excludes 1 means more interaction on that day (or on SOP days); “All on SOP days” means the kind "
        "only appears on planned days, so the ratio cannot be estimated (well executed, but nothing to compare)."),
    "section.groups_hooks": (
        "名义单价是每个红包的金额；实际单价 = 实际支出 ÷ 入群人数。参考案例：5 元红包，两周 2 万多人进群，实际只付出 1.5 万元"
        "（要先玩游戏、5 个工作日后发放），每人约 0.75 元，是名义的 15%。实际支出 = 领取人数 × 红包金额时，“实际/名义”就等于领取率："
        "门槛（游戏、延迟发放）让大多数进群的人没有领取。",
        "The nominal cost is the red packet's amount; the effective cost is spend ÷ people who joined. The reference "
        "case: a 5-yuan red packet, 20,000+ joined in two weeks, only 15,000 yuan paid out (a game first, payment "
        "after 5 working days): about 0.75 yuan per member, 15% of nominal. When spend = claims × reward, "
        "“effective / nominal” equals the claim rate: the hurdles (the game, the delay) kept most members from "
        "claiming."),
    "section.groups_checks": (
        "校验发现的问题（本报告用到的表），以及微信群数据自身的检查：成员入群早于建群、解散后仍有消息、发言人当天不是群成员、"
        "红包支出对不上，以及中途进入漏斗的人（不是错误，但不在漏斗里）。",
        "Problems found by validation (in the tables this report uses) and the group data's own checks: joins before "
        "a group was created, messages after it was dissolved, senders who were not members that day, payouts that "
        "do not add up, and people who entered mid-funnel (not an error, but not in the funnel)."),
    # header and notices
    "groups.scope.owner": ("群主 {owner} 的群", "Groups of owner {owner}"),
    "groups.scope.all": ("全部群", "Every group"),
    "groups.as_of": ("{as_of:datetime}（数据中最晚的时间，不是今天的日期）",
                     "{as_of:datetime} (the latest time in the data, not today's date)"),
    "groups.no_data": ("⚠ 本网点本期没有微信群数据，以下各节为空。",
                       "⚠ No WeChat group data for this branch and period: the sections below are empty."),
    # verdicts
    "groups.actions.none": ("✓ 没有需要处理的群。", "✓ No group needs action."),
    "groups.actions.some": ("**{groups:count} 个群需要处理**：{dissolve:count} 个建议解散，{reengage:count} 个需要激活内容或解散。",
                            "**{groups:count} group(s) need action**: {dissolve:count} to dissolve, {reengage:count} "
                            "to re-engage or dissolve."),
    "groups.size.verdict": ("结论（同一层级内）：**{verdict}**。", "Answer (within a tier): **{verdict}**."),
    "groups.size.raw": (
        "不分层级时，小群对大群的发言比值比为 {estimate:num2}（95% 区间 {lo:num2}–{hi:num2}）——这里混入了层级本身的差别："
        "精英群的人本来就更接近成交、更愿意说话，不能据此说“人少”带来了活跃。",
        "With the tiers pooled, the odds ratio of posting in small against larger groups is {estimate:num2} (95% CI "
        "{lo:num2}–{hi:num2}) — this mixes in the tiers themselves: people in elite groups are closer to a deal and "
        "readier to talk, so it does not show that fewer members make a group active."),
    "groups.hook.none": ("本期没有进群红包活动。", "No join-hook campaign in this period."),
    "groups.hook.nobody": ("{campaign}：没有人进群，无法计算单价。", "{campaign}: nobody joined, so there is no cost per member."),
    "groups.hook.cost": (
        "{campaign}：进群 {joined:count} 人，领取 {claimed:count} 人（{rate:pct}），实际支出 {spend:yuan}：每个新成员 "
        "**{effective:num2} 元**，是名义 {nominal:num2} 元的 {ratio:pct}。",
        "{campaign}: {joined:count} joined, {claimed:count} claimed ({rate:pct}), {spend:yuan} spent: **{effective:num2} "
        "yuan per member**, {ratio:pct} of the nominal {nominal:num2} yuan."),
    # data checks: the detail of each finding (the English text is the package's message)
    "groups.check.members_unknown_group": (
        "群表中没有这些成员所在的群，这些入群记录不参与任何群分析",
        "memberships of groups missing from the groups table are left out of every group analysis"),
    "groups.check.joined_before_created": (
        "入群时间早于建群时间；从建群当天算起", "joined before the group was created; counted from the creation day"),
    "groups.check.joined_after_dissolved": (
        "入群时间晚于解散时间；不算作成员", "joined after the group was dissolved; not counted as a member"),
    "groups.check.overlapping_spells": (
        "第二段入群记录在第一段结束前就开始了；每天只算一次",
        "a second membership starts before the first ended; the person is counted once per day"),
    "groups.check.mid_funnel_entries": (
        "第一个群是潜在客户群或精英群的人（例如沙龙后直接拉进来）：不在漏斗里，计入“中途进入”",
        "people whose first group was a potential or elite group (e.g. straight from a salon): not in the funnel, "
        "counted under entries mid-funnel"),
    "groups.check.messages_unknown_group": (
        "群表中没有这些消息所在的群，已排除", "messages of groups missing from the groups table are left out"),
    "groups.check.message_outside_life": (
        "消息发在建群之前或解散之后；已忽略", "sent before the group was created or after it was dissolved; ignored"),
    "groups.check.message_from_non_member": (
        "发言人当天不是群成员；计入群消息数，但不算发言成员",
        "the sender was not a member that day; counted in the group's messages, not as an active member"),
    "groups.check.hook_spend_mismatch": (
        "实际支出与领取人数 × 红包金额相差超过 1%：请核对发放记录",
        "spend differs from claims × reward by more than 1%: check the payout records"),
}

# ---------------------------------------------------------------------------
# answer first (issue 14): headline measures, verdict and the action list (analysis.groups.findings)
# ---------------------------------------------------------------------------
LABELS |= {
    "measure=groups_step_potential": ("大众群→潜在客户群", "Mass → potential group", None),
    "measure=groups_step_elite": ("潜在客户群→精英群", "Potential → elite group", None),
    "measure=groups_step_deal": ("精英群→成交", "Elite group → deal", None),
    "measure=groups_to_act": ("待处理的群", "Groups to act on now", None),
    "measure=groups_active_share": ("潜在/精英群近 7 天发言占比", "Potential and elite members posting (7 days)",
                                    None),
}
SENTENCES |= {
    "groups.verdict.act": ("{n:count} 个群今天就要处理（解散或激活）。", "{n:count} group(s) need action now."),
    "groups.verdict.no_act": ("没有需要处理的群。", "no group needs action."),
    "groups.verdict.fell": (
        "{step}从上期的 {previous:pct} 降到 {value:pct}，不像是偶然（p 值 {p:p}）；{act}",
        "{step} fell from {previous:pct} to {value:pct}, more than noise (p-value {p:p}); {act}"),
    "groups.verdict.rose": (
        "{step}从上期的 {previous:pct} 升到 {value:pct}，不像是偶然（p 值 {p:p}）；{act}",
        "{step} rose from {previous:pct} to {value:pct}, more than noise (p-value {p:p}); {act}"),
    "groups.verdict.steady": (
        "漏斗各环节与上期相比没有超出偶然的变化，进精英群的人 {days:count} 天内成交 {value:pct}（95% 区间 {lo:pct}–{hi:pct}）；{act}",
        "No funnel step changed beyond noise since the previous period, and {value:pct} of those who joined an "
        "elite group closed a deal within {days:count} days (95% CI {lo:pct}–{hi:pct}); {act}"),
    "groups.verdict.deal": (
        "进精英群的人 {days:count} 天内成交 {value:pct}（95% 区间 {lo:pct}–{hi:pct}）；{act}",
        "{value:pct} of those who joined an elite group closed a deal within {days:count} days (95% CI "
        "{lo:pct}–{hi:pct}); {act}"),
    "groups.verdict.no_funnel": ("本期漏斗里没有进精英群满规定天数的人，成交率无从计算；{act}",
                                 "Nobody in this period's funnel joined an elite group long enough ago to measure "
                                 "deals; {act}"),
    # action items: what to do (a group list or person ids) and why
    "groups.todo.more": ("等 {n:count} 个", " and {n:count} more"),
    "groups.todo.elite_no_deal": ("解散 {n:count} 个精英群：{groups}", "Dissolve {n:count} elite group(s): {groups}"),
    "groups.todo.elite_no_deal.why": (
        "建群 {days} 天仍无成交（规则：{limit} 天内要有成交）",
        "open {days} days without a deal (rule: a deal within {limit} days)"),
    "groups.todo.potential_no_promotion": ("解散 {n:count} 个潜在客户群：{groups}",
                                           "Dissolve {n:count} potential group(s): {groups}"),
    "groups.todo.potential_no_promotion.why": (
        "建群 {days} 天没有一个人升入精英群（规则：{limit} 天内要有人升级）",
        "open {days} days and nobody promoted to an elite group (rule: a promotion within {limit} days)"),
    "groups.todo.silent": ("给 {n:count} 个群换内容激活，或解散：{groups}",
                           "Re-engage {n:count} group(s) with new content, or dissolve: {groups}"),
    "groups.todo.silent.why": ("已 {days} 天无人发言（规则：{limit} 天无人发言就要换内容或解散）",
                               "nobody posted for {days} days (rule: new content or an end after {limit} silent "
                               "days)"),
    "groups.todo.askers_waiting": (
        "把在大众群 {group} 提问后还没拉出来的 {n:count} 位客户拉进潜在客户群或加为好友：{people}",
        "Pull the {n:count} people who asked in mass group {group} into a potential group, or add them "
        "personally: {people}"),
    "groups.todo.askers_waiting.why": (
        "提问已超过 {hours:count} 小时仍未拉出（最久 {longest:hours}）；做法是提问当天就私聊或拉群",
        "asked more than {hours:count} hours ago and not pulled yet (longest {longest:hours}); the practice is to "
        "pull them the same day"),
}

# ---------------------------------------------------------------------------
# askers pulled out of the mass group (issue 16 item 3, analysis.groups.askers)
# ---------------------------------------------------------------------------
LABELS |= {
    "speed": ("拉出速度", "Pull speed", "code"),
    "speed=quick": ("一天内拉出", "Pulled within a day", None),
    "speed=late": ("一天后才拉出", "Pulled after a day", None),
    "speed=never": ("至今未拉", "Not pulled yet", None),
    "speed=waiting": ("提问不到一天", "Asked less than a day ago", None),
    "askers": ("提问人数", "Askers", "count"),
    "past_day": ("提问已满一天", "Asked over a day ago", "count"),
    "quick": ("一天内拉出", "Pulled within a day", "count"),
    "pulled_any": ("已拉出", "Pulled so far", "count"),
    "never": ("至今未拉", "Not pulled yet", "count"),
    "median_hours": ("拉出用时中位数", "Median time to pull", "hours"),
    "asked_at": ("首次提问", "First question", "datetime"),
    "day_level": ("只知提问日期", "Question known to the day only", "bool"),
    "pulled_at": ("拉出时间", "Pulled at", "datetime"),
    "pulled_via": ("拉出方式", "Pulled by", "code"),
    "pulled_via=group": ("拉进小群", "Pulled into a group", None),
    "pulled_via=lead": ("加为线索", "Added as a lead", None),
    "pulled_to": ("拉入的群", "Pulled into", "id"),
    "hours_to_pull": ("拉出用时", "Time to pull", "hours"),
    "observed_hours": ("观察时长", "Time observed", "hours"),
    "pulled": ("已拉出", "Pulled", "bool"),
    "deal_in_window": ("期内成交", "Deal in the window", "bool"),
    "window_complete": ("成交观察期已满", "Deal window complete", "bool"),
    "converted": ("成交人数", "Converted", "count"),
    "vs_quick": ("与一天内拉出相比", "vs pulled within a day", "pp"),
    "vs_quick_ci_low": ("相差区间下限", "Difference 95% CI low", "pp"),
    "vs_quick_ci_high": ("相差区间上限", "Difference 95% CI high", "pp"),
    "pulled_now": ("此时拉出", "Pulled at this time", "count"),
    "title.groups_pull_curve": ("提问后被拉出大众群的累计占比", "Share of askers pulled out, by time since the question",
                                None),
    "axis.hours_since_question": ("提问后小时数", "Hours since the question", None),
    "axis.share_pulled": ("累计拉出占比", "Share pulled", None),
    "plot.pull_mark": ("{hours} 小时", "{hours} h", None),
    "plot.askers_n": ("提问客户（{n} 人）", "Askers ({n})", None),
}
SENTENCES |= {
    "groups.askers.none": ("本期没有人在大众群里提问（或消息表没有记录提问）。",
                           "Nobody asked a question in a mass group in this period (or the messages record none)."),
    "groups.askers.too_new": ("{askers:count} 人在大众群提问，都还不到 {hours:count} 小时，无法判断是否及时拉出。",
                              "{askers:count} people asked in a mass group, all less than {hours:count} hours ago: "
                              "too early to tell."),
    "groups.askers.share": (
        "{askers:count} 人在大众群提问：**{rate:pct} 在 {hours:count} 小时内被拉出**（拉进小群或加为线索，95% 区间 "
        "{lo:pct}–{hi:pct}），{never:count} 人至今未拉。",
        "{askers:count} people asked in a mass group: **{rate:pct} were pulled out within {hours:count} hours** (95% "
        "CI {lo:pct}–{hi:pct}); {never:count} still not pulled."),
    "groups.askers.speed_pays": (
        "提问后 {days:count} 天内成交：一天内拉出的 {quick:pct}，更晚才拉出的 {late:pct}，相差 {diff:pp}（p 值 {p:p}）——"
        "拉得慢的成交明显更少（观察性比较，不能单独证明因果）。",
        "Deals within {days:count} days of the question: {quick:pct} of those pulled within a day, {late:pct} of "
        "those pulled later, a difference of {diff:pp} (p-value {p:p}): slow pulls convert clearly less (an "
        "observational comparison, not by itself proof of cause)."),
    "groups.askers.speed_unclear": (
        "提问后 {days:count} 天内成交：一天内拉出的 {quick:pct}，更晚才拉出的 {late:pct}，相差 {diff:pp}（p 值 {p:p}）——"
        "数据还不足以说明拉得快成交更多。",
        "Deals within {days:count} days of the question: {quick:pct} of those pulled within a day, {late:pct} of "
        "those pulled later, a difference of {diff:pp} (p-value {p:p}): the data cannot yet show that quick pulls "
        "convert more."),
    "groups.askers.no_comparison": (
        "一天内拉出和更晚拉出的两组中有一组没有满 {days:count} 天的提问客户，暂时无法比较成交。",
        "One of the groups (pulled within a day, pulled later) has no asker with {days:count} days of follow-up "
        "yet: no comparison of deals."),
}

# ---------------------------------------------------------------------------
# join channels and the admission gate (issue 16 item 5, analysis.groups.channels)
# ---------------------------------------------------------------------------
_JOIN_CHANNELS = {
    "event_qr": ("活动二维码", "Event QR code"), "outbound_call": ("外呼邀请", "Outbound call"),
    "official_account": ("公众号菜单", "Official account menu"), "mobile_banking": ("手机银行页面", "Mobile banking page"),
    "member_referral": ("群成员推荐", "Member referral"), "owners_group": ("业主群", "Property owners' group"),
    "other": ("其他", "Other"), "from_group": ("从其他群拉入", "Pulled from another group"),
    "not_recorded": ("未记录", "Not recorded"),
}
LABELS |= {f"join_channel={k}": (zh, en, None) for k, (zh, en) in _JOIN_CHANNELS.items()}
LABELS |= {
    "join_channel": ("进群渠道", "Join channel", "code"),
    "week_joins": ("入群满 7 天", "Joined 7+ days ago", "count"),
    "posted": ("7 天内发言", "Posted within 7 days", "count"),
    "posted_share": ("7 天内发言占比", "Share posting within 7 days", "pct"),
    "posted_ci_low": ("发言区间下限", "Posting 95% CI low", "pct"),
    "posted_ci_high": ("发言区间上限", "Posting 95% CI high", "pct"),
    "month_joins": ("入群满 30 天", "Joined 30+ days ago", "count"),
    "conversion": ("30 天内成交率", "Deals within 30 days", "pct"),
    "conversion_ci_low": ("成交区间下限", "Deals 95% CI low", "pct"),
    "conversion_ci_high": ("成交区间上限", "Deals 95% CI high", "pct"),
    "customers_only": ("只收本行客户", "Customers only", "bool"),
    "known": ("客户身份已知", "Status known", "count"),
    "unknown": ("身份未知", "Status unknown", "count"),
    "non_customers": ("非本行客户", "Not customers", "count"),
}
SENTENCES |= {
    "groups.channels.none": ("成员的进群渠道没有记录（或入群都不满 30 天），无法按渠道比较。",
                             "Members' join channels are not recorded (or they joined less than 30 days ago): no "
                             "comparison by channel."),
    "groups.channels.one": ("进群渠道只记录了一种（{channel}），无法比较。",
                            "Only one join channel is recorded ({channel}): nothing to compare."),
    "groups.channels.best": (
        "{tier}成员中，经**{channel}**进群的 {days:count} 天内成交率最高：**{rate:pct}**（95% 区间 {lo:pct}–{hi:pct}），"
        "其他渠道合计 {others:pct}（相差 {diff:pp}，p 值 {p:p}）。",
        "{tier}: members who joined through “{channel}” converted most within {days:count} days: **{rate:pct}** "
        "(95% CI {lo:pct}–{hi:pct}) against {others:pct} through the other channels (difference {diff:pp}, "
        "p-value {p:p})."),
    "groups.channels.unclear": (
        "{tier}成员中，经{channel}进群的 {days:count} 天内成交率最高（{rate:pct}，95% 区间 {lo:pct}–{hi:pct}），"
        "其他渠道合计 {others:pct}；相差 {diff:pp}（p 值 {p:p}），**还不能说哪个渠道的人更容易成交**。",
        "{tier}: members who joined through “{channel}” converted most within {days:count} days ({rate:pct}, 95% "
        "CI {lo:pct}–{hi:pct}) against {others:pct} through the other channels; the difference of {diff:pp} "
        "(p-value {p:p}) **does not yet show that one channel's members buy more**."),
    "groups.mix.none": ("成员的客户身份未知，无法计算非本行客户占比。",
                        "The members' customer status is unknown: no share of non-customers."),
    "groups.mix.tiers": ("首次接触时不是本行客户的成员占比：{tiers}。",
                         "Members who were not bank customers at first contact: {tiers}."),
    "groups.mix.gate_leak": (
        "只收本行客户的群里有 {n:count} 位成员首次接触时不是本行客户：核对入群门槛，或更新他们的客户身份。",
        "{n:count} member(s) of customers-only groups were not customers at first contact: check the gate, or "
        "update their customer status."),
}

# Sections of notebook 04 added by issue 16 (the intros are the sentences of the same key)
LABELS |= {
    "section.groups_askers": ("提问客户拉群", "Askers pulled out of the mass group", None),
    "section.groups_channels": ("进群渠道", "Join channels", None),
    "section.groups_mix": ("入群门槛与非本行客户", "The admission gate and non-customers", None),
    "section.groups_details": ("明细", "Details", None),
}
SENTENCES |= {
    "section.groups_askers": (
        "有人在几百人的大众群里提问（@客户经理）时，做法是不在群里回答，而是私聊加好友或拉进潜在客户群。这里从大众群里的“提问”消息算起，"
        "到这个人进入潜在客户群或精英群、或被登记为线索为止：一天内拉出的占比（Wilson 区间）、拉出用时（Kaplan–Meier，至今未拉的人按未完成观察处理），"
        "以及一天内拉出和更晚拉出的人在提问后 30 天内的成交率比较。消息是按天汇总的记录（时间是当天零点）时，用时从当天零点算起，偏长。",
        "When someone asks a question in a mass group of hundreds (@ the manager), the practice is not to answer in "
        "the group but to add them personally or pull them into a potential-customer group. Counted from the "
        "question in the mass group to the person joining a potential or elite group, or being recorded as a lead: "
        "the share pulled within a day (Wilson interval), the time to pull (Kaplan–Meier, people not pulled yet "
        "are censored) and the deals within 30 days of the question of those pulled within a day against those "
        "pulled later. Where messages are daily counts (stamped at midnight) the time runs from the start of the "
        "day, so it is an upper bound."),
    "section.groups_channels": (
        "成员从哪里进群：活动二维码、外呼邀请、公众号菜单、手机银行页面、群成员推荐、业主群；从其他群拉进来的人单列。"
        "每个渠道的入群人次、入群 7 天内发过言的占比、入群 30 天内成交的占比（只算已满 7 天 / 30 天的入群，带 95% 区间）。",
        "Where members came in from: an event QR code, an outbound call, the official account's menu, the "
        "mobile-banking page, a member's referral, a property owners' group; members pulled in from another group "
        "are shown apart. Per channel: joins, the share who posted within 7 days of joining and the share with a "
        "deal within 30 days (only joins at least 7 / 30 days old, with 95% intervals)."),
    "section.groups_mix": (
        "每一层群里首次接触时不是本行客户的成员占比（客户表的“是否本行客户”，首次接触时），按群是否“只收本行客户”分开，带 95% 区间。"
        "社区营销要的是新客户：大众群里非本行客户越多，触达越广；只收本行客户的群里出现非本行客户，要核对门槛或客户身份。",
        "Per tier, the share of members who were not bank customers at first contact (the people table's customer flag), "
        "split by whether the group admits customers only, with 95% intervals. Community marketing is after new "
        "customers: the more non-customers in the mass groups, the wider the reach; non-customers in a "
        "customers-only group mean the gate or the customer status needs checking."),
    "section.groups_details": (
        "以下是上面结论背后的明细：客户有没有沿着大众群 → 潜在客户群 → 精英群 → 成交一步步走下来（漏斗与环节间隔）？"
        "各群的健康状况和该处理的群；群越小越活跃吗？内容日历（一三五内容、二四游戏、周五活动）有没有带来更多互动？进群红包实际花了多少钱？",
        "The details behind the answer: does the tier practice move people from the mass group to a deal (the "
        "funnel and the time between steps), how healthy is each group and which need action, is a small group "
        "really more active, does the content SOP (content Mon/Wed/Fri, games Tue/Thu, an activity every Friday) "
        "work, and what did the join hook really cost?"),
}

# --- group health from WeCom's daily statistics (issue 15: groups/daily.py, notebook 04) ---
LABELS |= {
    "section.groups_daily": ("企业微信每日统计", "WeCom daily statistics", None),
    "stat_days": ("统计天数", "Days with statistics", "count"),
    "first_day": ("首日", "First day", "date"),
    "last_day": ("末日", "Last day", "date"),
    "active_member_days": ("发言成员·天", "Member-days with a message", "count"),
    "messages_per_member": ("人均消息", "Messages per member", "num3"),
}
SENTENCES |= {
    "section.groups_daily": (
        "没有逐条消息数据（group_messages）时，群健康按企业微信的群聊数据统计（每个群主每天的群数、成员数、发言成员数、"
        "消息数）计算：发言占比 = 发言成员·天 ÷ 成员·天。同一批人天天都算一次，区间偏窄，只作参考。",
        "Without message-level data (group_messages), group health comes from WeCom's group statistics (per owner "
        "and day: groups, members, members who posted, messages): share who posted = member-days with a message ÷ "
        "member-days. The same people count every day, so the interval is too narrow; read it as a guide."),
    "groups.daily.messages": (
        "本期有逐条消息数据，群健康按上面的消息计算，不使用企业微信每日统计。",
        "Message-level data exist for this period: group health above is measured from them, not from WeCom's "
        "daily statistics."),
    "groups.daily.none": (
        "本期既没有逐条消息数据，也没有企业微信每日统计（可用 import-wecom 导入 groupchat/statistic）。",
        "No message-level data and no WeCom daily statistics in this period (import-wecom reads "
        "groupchat/statistic)."),
    "groups.daily.all_owners": ("全部群主", "All owners"),
    "groups.daily.owner": (
        "{owner}，{days:count} 天企业微信统计：{groups:count} 个群、{members:count} 名成员；**平均每天 {share:pct} 的成员发言**"
        "（区间 {lo:pct}–{hi:pct}），人均日消息 {per:num3} 条。",
        "{owner}, {days:count} day(s) of WeCom statistics: {groups:count} groups, {members:count} members; "
        "**{share:pct} of members posted on an average day** (interval {lo:pct}–{hi:pct}), {per:num3} messages per "
        "member-day."),
}
