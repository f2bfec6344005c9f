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
    "rule_low": ("经验值下限(1%)", "Rule of thumb low (1%)", "num1"),
    "rule_high": ("经验值上限(5%)", "Rule of thumb high (5%)", "num1"),
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
    # section intros
    "section.groups": (
        "本报告回答：客户有没有沿着大众群 → 潜在客户群 → 精英群 → 成交一步步走下来？哪些群该解散、哪些群该激活？"
        "群越小越活跃吗？内容日历（一三五内容、二四游戏、周五活动）有没有带来更多互动？进群红包实际花了多少钱？",
        "Does the tier practice move people from the mass group to a deal, which groups need action, is a small "
        "group really more active, does the content SOP (content Mon/Wed/Fri, games Tue/Thu, an activity every "
        "Friday) work, and what did the join hook really cost?"),
    "section.groups_funnel": (
        "每个人只有在依次走过前面每一步之后才算进入下一步（入群时间不倒退）：先进大众群，再进潜在客户群，再进精英群，"
        "并在进精英群后 72 小时（参数 deal_window_days）内成交。跳级的人（从大众群直接进精英群）、先进潜在客户群后进大众群的人，"
        "都不算在后面的环节里。转化率带 95% 区间（Wilson）；累计转化率（从大众群算起）可以和经验值 1%–5% 对照，区间越宽，"
        "人数越少、结论越不确定。指定群主（owner_staff_id）时，漏斗跟踪的是从这位群主的大众群进来的人（后面的群不论是谁的都算）；"
        "群主名下没有大众群时，漏斗为空。",
        "A person counts at a step only after every earlier step, in order (join times never go back): first a mass "
        "group, then a potential-customer group, then an elite group, and a deal within 72 hours of joining the elite "
        "group (parameter deal_window_days). People who skip a step (mass straight to elite) or join a potential group "
        "before any mass group do not count at the later steps. Rates carry 95% intervals (Wilson); the overall rate "
        "(from the mass group) can be read against the practitioners' 1–5%, and a wide interval means few people and "
        "an uncertain answer. With an owner (owner_staff_id) the funnel follows the people who came in through that "
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
        "按上面的转化率估算的预计成交（含 95% 区间），与经验值“1%–5% 的人会成交”对照。预计成交的区间若整体落在经验值下限以下，"
        "说明这些群的转化比业内经验差；落在上限以上则更好。",
        "Each owner's open groups and the people in them (each person once, at the highest tier they are in; an "
        "owner shown as “—” is a mass group not run by bank staff), the deals to expect at the conversions above "
        "(with a 95% interval) and the practitioners' “1–5% will buy”. An interval wholly below the low end means "
        "these groups convert worse than practitioners expect; above the high end, better."),
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
    "groups.no_data": ("⚠️ 本网点本期没有微信群数据，以下各节为空。",
                       "⚠️ No WeChat group data for this branch and period: the sections below are empty."),
    # verdicts
    "groups.actions.none": ("✅ 没有需要处理的群。", "✅ No group needs action."),
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
        "memberships of groups missing from wechat_groups are left out of every group analysis"),
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
        "counted by tier_entries"),
    "groups.check.messages_unknown_group": (
        "群表中没有这些消息所在的群，已排除", "messages of groups missing from wechat_groups are left out"),
    "groups.check.message_outside_life": (
        "消息发在建群之前或解散之后；已忽略", "sent before the group was created or after it was dissolved; ignored"),
    "groups.check.message_from_non_member": (
        "发言人当天不是群成员；计入群消息数，但不算发言成员",
        "the sender was not a member that day; counted in the group's messages, not as an active member"),
    "groups.check.hook_spend_mismatch": (
        "实际支出与领取人数 × 红包金额相差超过 1%：请核对发放记录",
        "spend differs from claimed x reward_per_claim by more than 1%: check the payout records"),
}
