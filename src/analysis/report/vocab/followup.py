"""Labels and sentences of the follow-up domain (线索跟进 24/72): :mod:`analysis.followup`.

Every column of every result of the package has a label here or in :mod:`.common` (``rule``,
``rate``, ``ci_low``, ``assigned_to``, ``amount``, ``won`` …). Values whose meaning depends on
the column are ``"column=value"`` keys (``source=event``, ``level=retiree``, ``rule=stale_open``).
"""

LABELS = {
    # --- columns of the leads table and of lead_status -----------------------------------
    "lead_id": ("线索编号", "Lead", "id"),
    "captured_at": ("获取时间", "Captured", "datetime"),
    "first_contact_at": ("首次联系时间", "First contact", "datetime"),
    "closed_at": ("结果时间", "Result recorded", "datetime"),
    "hours_to_contact": ("距首联", "Time to first contact", "hours"),
    "hours_to_close": ("距出结果", "Time to result", "hours"),
    "age_hours": ("线索时长", "Lead age", "hours"),
    "contact_status": ("首联状态", "First-contact status", "code"),
    "resolve_status": ("结果状态", "Result status", "code"),
    "outcome_as_of": ("截至评估时结果", "Outcome as of evaluation", "code"),
    "delay_band": ("首次联系时效", "Contact delay", "code"),
    # --- the two rules and the three statuses ------------------------------------------
    "first_contact_24h": ("24小时内首次联系", "First contact within 24 h", None),
    "resolved_72h": ("72小时内出结果", "Result within 72 h", None),
    "pending": ("未到期", "Pending", "count"),
    "late": ("超时", "Late", "count"),
    **{f"{column}={status}": (zh, en, None) for column in ("contact_status", "resolve_status")
       for status, zh, en in (("met", "达标", "Met"), ("late", "超时", "Late"), ("pending", "未到期", "Pending"))},
    # --- delay bands ------------------------------------------------------------------------
    "le_24h": ("≤24小时", "≤ 24 h", None),
    "24_72h": ("24–72小时", "24–72 h", None),
    "gt_72h": (">72小时", "> 72 h", None),
    "gt_24h": (">24小时", "> 24 h", None),
    "delay_band=never": ("未联系", "Never contacted", None),
    # --- sources ----------------------------------------------------------------------------
    "source=event": ("活动", "Event", None),
    "source=group": ("微信群", "WeChat group", None),
    "source=other": ("其他", "Other", None),
    # --- time to contact (time_to_contact) and time to win ---------------------------------
    "measure=first_contact": ("首次联系", "First contact", None),
    "measure=resolution": ("出结果", "Result", None),
    "censored": ("尚未发生", "Not yet (censored)", "count"),
    "q25": ("25%分位", "25th percentile", "hours"),
    "median": ("中位数", "Median", "hours"),
    "q75": ("75%分位", "75th percentile", "hours"),
    "q90": ("90%分位", "90th percentile", "hours"),
    "hours": ("小时数", "Hours", "num1"),
    "at_risk": ("风险集", "At risk", "count"),
    "wins": ("成交数", "Wins", "count"),
    "survival": ("生存概率", "Survival probability", "pct"),
    "time": ("时间", "Time", "num1"),  # Kaplan–Meier: the duration of the table's own unit (hours, days)
    # --- overdue lists ----------------------------------------------------------------------
    "list": ("清单", "List", "code"),
    "no_contact_24h": ("超24小时未联系", "No contact after 24 h", "count"),
    "unresolved_72h": ("超72小时未出结果", "No result after 72 h", "count"),
    "hours_overdue": ("超时", "Overdue by", "hours"),
    "open_leads": ("未结线索", "Open leads", "count"),
    "open": ("跟进中", "Open", "count"),
    "unassigned": ("未分配", "Unassigned", "count"),
    # --- does delay cost deals? -------------------------------------------------------------
    "level": ("水平", "Level", "code"),
    "level=never": ("未联系", "Never contacted", None),
    "level=event": ("活动", "Event", None),
    "level=group": ("微信群", "WeChat group", None),
    "level=other": ("其他", "Other", None),
    "level=pooled": ("合并的小类", "Small levels pooled", None),
    "level=unknown": ("未知", "Unknown", None),
    "level=payroll": ("工薪（代发工资）", "Payroll", None),
    "level=retiree": ("退休", "Retiree", None),
    "level=business_owner": ("个体工商户/企业主", "Business owner", None),
    "level=professional": ("专业人士", "Professional", None),
    "level=homemaker": ("全职在家", "Homemaker", None),
    "level=student": ("学生", "Student", None),
    "on_time_leads": ("24小时内联系线索", "Leads contacted within 24 h", "count"),
    "on_time_won": ("24小时内联系成交", "Won, contacted within 24 h", "count"),
    "later_leads": ("24小时后联系线索", "Leads contacted after 24 h", "count"),
    "later_won": ("24小时后联系成交", "Won, contacted after 24 h", "count"),
    "rate_on_time": ("24小时内联系成交率", "Win rate, contacted within 24 h", "pct"),
    "rate_later": ("24小时后联系成交率", "Win rate, contacted after 24 h", "pct"),
    "logrank_p_value": ("log-rank p值", "Log-rank p-value", "p"),
    "verdict=delay_costs": ("晚联系的线索成交率显著更低", "Leads contacted late win significantly less often", None),
    "verdict=delay_no_cost": ("晚联系的线索成交率反而显著更高（请核查原因）",
                              "Leads contacted late win significantly more often (check why)", None),
    "verdict=no_evidence": ("差异不显著：现有数据不足以证明延迟有影响",
                            "No significant difference: these data cannot show that delay matters", None),
    "verdict=too_few": ("数据太少，无法判断", "Too few data to tell", None),
    "origin": ("计时起点", "Clock starts at", "code"),
    "origin=captured": ("获取时", "Capture", None),
    "origin=contact": ("首次联系时", "First contact", None),
    # --- lead load --------------------------------------------------------------------------
    "share": ("占比", "Share", "pct"),
    "n_staff": ("员工数", "Staff", "count"),
    # --- data quality -----------------------------------------------------------------------
    "file_row": ("文件行号", "Row in file", "count"),
    "reasons": ("原因", "Reasons", "text"),
    "rule=missing_captured_at": ("缺少获取时间", "No capture time", None),
    "rule=contact_after_capture": ("首次联系早于获取", "First contact before capture", None),
    "rule=closed_after_capture": ("结果早于获取", "Result before capture", None),
    "rule=closed_after_contact": ("结果早于首次联系", "Result before first contact", None),
    "rule=closed_needs_time": ("有结果但无结果时间", "Result without a time", None),
    "rule=open_has_no_close": ("跟进中却有结果时间", "Open but with a result time", None),
    "rule=assigned_other_branch": ("分配给其他网点员工", "Assigned to another branch's staff", None),
    "rule=assigned_unknown_staff": ("跟进人不在员工表", "Assigned to an unknown staff id", None),
    "rule=unassigned_leads": ("未分配跟进人", "Nobody assigned", None),
    "rule=closed_without_contact": ("无首次联系记录却已出结果", "Result without a recorded contact", None),
    "rule=won_without_amount": ("成交但无金额", "Won without an amount", None),
    "rule=amount_not_won": ("未成交却有金额", "Amount on a lead not won", None),
    "rule=stale_open": ("长期未结", "Open for too long", None),
    "rule=after_as_of": ("时间晚于评估时点", "Time after the evaluation time", None),
    # --- charts -------------------------------------------------------------------------------
    "title.lead_compliance": ("24/72 达标率", "24/72 compliance", None),
    "title.contact_by_staff": ("24 小时首次联系达标率（按跟进人）", "First contact within 24 h, by staff member", None),
    "title.win_by_delay": ("按首次联系时效的成交率", "Win rate by contact delay", None),
    "title.time_to_win": ("累计成交概率（按首次联系时效）", "Time to win, by contact delay", None),
    "title.leads_per_staff": ("每位员工的线索数", "Leads per staff member", None),
    "title.overdue_no_contact": ("超 24 小时未联系", "No contact after 24 h", None),
    "title.overdue_unresolved": ("超 72 小时未出结果", "No result after 72 h", None),
    "axis.hours_since_capture": ("距获取线索的小时数", "Hours since the lead was captured", None),
    "axis.hours_since_contact": ("距首次联系的小时数", "Hours since first contact", None),
    "axis.cumulative_win_rate": ("累计成交概率", "Cumulative probability of a win", None),
    "followup.target_100": ("目标 100%", "Target 100%", None),
    "followup.branch_rate": ("全网点", "Whole branch", None),
    "followup.plot.band_leads": ("{band}（{n}条）", "{band} ({n} leads)", None),
    "followup.plot.hours_mark": ("{hours}小时", "{hours} h", None),
    "followup.plot.no_data": ("无数据", "No data", None),
}

SENTENCES = {
    # compliance_text
    "followup.compliance": (
        "{contact_hours} 小时内首次联系：**{met1} / {leads1}**（{rate1:pct}，区间 {lo1:pct}–{hi1:pct}）；"
        "{resolve_hours} 小时内出结果：**{met2} / {leads2}**（{rate2:pct}，区间 {lo2:pct}–{hi2:pct}）。"
        "仍在窗口内（未到期、不计入分母）的线索：首联 {pending1} 条，出结果 {pending2} 条。",
        "First contact within {contact_hours} h: **{met1} / {leads1}** ({rate1:pct}, 95% CI {lo1:pct}–{hi1:pct}); "
        "result within {resolve_hours} h: **{met2} / {leads2}** ({rate2:pct}, 95% CI {lo2:pct}–{hi2:pct}). "
        "Leads still inside their window (pending, not in the denominator): {pending1} for first contact, "
        "{pending2} for a result.",
    ),
    "followup.compliance.none": (
        "本期间没有可评估的线索（无数据或都还在窗口内）。",
        "No lead can be evaluated in this period yet (no data, or every lead is still inside its window).",
    ),
    # delay_verdict_text
    "followup.verdict.head": (
        "**结论：{verdict}。** {hours} 小时内联系的线索成交 {on_time_won} / {on_time_leads}，"
        "{hours} 小时后才联系的成交 {later_won} / {later_leads}；",
        "**Conclusion: {verdict}.** Leads contacted within {hours} h: {on_time_won} of {on_time_leads} won; "
        "contacted after {hours} h: {later_won} of {later_leads} won;",
    ),
    "followup.verdict.difference": (
        "成交率相差 {estimate:pp}（95% 区间 {ci_low:pp} 至 {ci_high:pp}，p 值 {p_value:p}）。",
        "the win rates differ by {estimate:pp} (95% CI {ci_low:pp} to {ci_high:pp}, p-value {p_value:p}).",
    ),
    "followup.verdict.no_comparison": (
        "两组中有一组没有线索，无法比较。",
        "one of the two groups has no leads, so they cannot be compared.",
    ),
    "followup.verdict.caution.no_evidence": (
        "差异不显著不等于证明延迟无害：区间仍然很宽。",
        "No significant difference does not prove that delay is harmless: the interval is still wide.",
    ),
    "followup.verdict.caution.too_few": (
        "线索太少时，任何差异都可能是偶然。",
        "With so few leads, any difference may be chance.",
    ),
    "followup.verdict.observational": (
        "这是观察性比较：员工可能先联系更有把握的客户，所以它说明的是关联，不能单独证明因果。",
        "This is an observational comparison: staff may contact the most promising customers first, so it "
        "shows an association and cannot by itself prove cause.",
    ),
    # delay_logit_text
    "followup.logit": (
        "与 24 小时内联系相比（同来源、同客群）：{items}。比值比小于 1 表示晚联系的成交机会更低。",
        "Compared with contact within 24 h (same source and segment): {items}. An odds ratio below 1 means "
        "lower odds of a win when contacted later.",
    ),
    "followup.logit.band": (
        "{band} 比值比 {odds_ratio:num2}（区间 {ci_low:num2}–{ci_high:num2}，p 值 {p_value:p}）",
        "{band}: odds ratio {odds_ratio:num2} (95% CI {ci_low:num2}–{ci_high:num2}, p-value {p_value:p})",
    ),
    "followup.logit.none": (
        "数据太少（或某一组全部成交 / 全部未成交），无法可靠地拟合回归模型，无法判断。",
        "Too few data to fit the model reliably (or a group won all or none of its leads): no conclusion.",
    ),
    # load_balance_text
    "followup.load.uneven": (
        "卡方 = {chi2:num2}，自由度 {dof}，p 值 {p_value:p}：分配明显不均匀。",
        "Chi-square = {chi2:num2}, {dof} degrees of freedom, p-value {p_value:p}: the split is clearly uneven.",
    ),
    "followup.load.even": (
        "卡方 = {chi2:num2}，自由度 {dof}，p 值 {p_value:p}：没有证据表明分配不均匀。",
        "Chi-square = {chi2:num2}, {dof} degrees of freedom, p-value {p_value:p}: no evidence that the split "
        "is uneven.",
    ),
    "followup.load.small_expected": (
        "（期望数小于 5，检验只作参考。）",
        "(An expected count is below 5: take the test as a rough guide only.)",
    ),
    "followup.load.too_few": (
        "跟进员工或线索太少，无法检验分配是否均匀。",
        "Too few staff or leads to test whether the split is even.",
    ),
    "followup.load.unassigned": (
        "**未分配的线索：{unassigned} 条**——它们没人负责，应在晨会上指派。",
        "**Unassigned leads: {unassigned}** — nobody is responsible for them; assign them at the morning meeting.",
    ),
}

# --- the sections of notebook 03 (report.section: heading = label, intro = sentence of the same key) ---
LABELS |= {
    "section.followup": ("线索跟进 24/72", "Lead follow-up under the 24/72 rule", None),
    "section.followup_about": ("本报告回答什么", "What this report answers", None),
    "section.followup_compliance": ("合规概览", "Compliance headline", None),
    "section.followup_staff": ("各员工与来源", "Per staff member and source", None),
    "section.followup_times": ("联系与出结果要多久", "Time to first contact and to a result", None),
    "section.followup_overdue": ("逾期清单", "Overdue lists", None),
    "section.followup_delay": ("晚联系的线索成交更少吗", "Do leads contacted late win less often?", None),
    "section.followup_logit": ("控制来源和客群后", "Controlling for source and segment", None),
    "section.followup_time_to_win": ("成交时间曲线", "Time to win (Kaplan–Meier)", None),
    "section.followup_load": ("线索分配", "Lead load", None),
    "section.followup_quality": ("数据质量", "Data quality", None),
}

SENTENCES |= {
    "section.followup_about": (
        "本报告回答：线索是否在 24 小时内首次联系、72 小时内出结果（成交或未成交）？哪些线索已经逾期、该由谁跟进？"
        "晚联系的线索是否成交更少（观察性比较：说明关联，不单独证明因果）？线索在员工之间分得是否均匀？为什么是 3 天：客户的犹豫期通常在三天左右，"
        "超过这个窗口，热度就散了。时钟从线索的获取时间开始计。评估时点默认取整个数据集线索表中最晚的时间"
        "（获取、首次联系或出结果），而不是运行报告的时间，所以同样的数据任何时候运行都得到同样的数字；"
        "评估时点之后才发生的联系和结果按“尚未发生”处理。",
        "This report answers: are leads first contacted within 24 hours and resolved (won or lost) within 72 hours? "
        "Which leads are overdue, and who should follow them up? Do leads contacted late win less often (an "
        "observational comparison: it shows an association, not by itself a cause)? "
        "Are leads spread evenly across staff? Why three days: a customer's hesitation window is about three days; "
        "after it, the interest is gone. The clock starts when the lead is captured. The evaluation time is by "
        "default the latest time in the whole data set's leads table (capture, first contact or result), not the "
        "time the report runs, so the same data always give the same numbers; contacts and results after it count "
        "as not yet happened.",
    ),
    "section.followup_compliance": (
        "两条规则的达标率及其 95% 置信区间（Wilson）。达标：在窗口内（恰好 24 / 72 小时也算）完成；超时：窗口已过仍未完成，"
        "或完成得太晚；未到期：评估时点仍在窗口内且尚未完成——它既不算达标也不算失败，不进入分母。",
        "The share of leads meeting each rule, with its 95% confidence interval (Wilson). Met: done inside the "
        "window (exactly 24 / 72 hours counts); late: the window has passed and it was done too late or not at all; "
        "pending: still inside the window at the evaluation time and not done yet — neither met nor failed, and not "
        "in the denominator.",
    ),
    "section.followup_staff": (
        "每位跟进人的达标情况（“未分配”的线索没人负责，最容易丢）。员工线索少时区间很宽，排名要谨慎。",
        "Compliance per staff member (unassigned leads have nobody responsible and are the easiest to lose). With "
        "few leads per person the intervals are wide: rank staff with care.",
    ),
    "section.followup_times": (
        "从获取线索到首次联系、到出结果的时间：中位数和分位数。还没联系或还没结果的线索不会被丢掉（丢掉会让跟进显得比实际更快），"
        "而是按 Kaplan–Meier 方法在评估时点“删失”处理；分位数为空表示到评估时点为止，达到该比例的线索还没有发生这件事"
        "（例如超过 10% 的线索从未被联系，90% 分位就为空）。",
        "Time from capture to first contact and to a result: median and percentiles. Leads not contacted or not "
        "resolved yet are not dropped (that would make follow-up look faster than it is) but censored at the "
        "evaluation time (Kaplan–Meier); an empty percentile means that share of leads had not reached the event by "
        "then (e.g. with more than 10% never contacted there is no 90th percentile).",
    ),
    "section.followup_overdue": (
        "晨会用：截至评估时点仍未结的线索中，超过 24 小时还没联系的，和超过 72 小时还没出结果的（一条线索可能同时在两张清单上）。"
        "只列编号，不含姓名和电话。",
        "For the morning meeting: open leads not contacted after 24 hours, and open leads without a result after "
        "72 hours (a lead can be on both lists). Ids only, no names or phone numbers.",
    ),
    "section.followup_delay": (
        "按首次联系的时效分组（≤24 小时、24–72 小时、>72 小时、未联系）的成交率及区间。未结线索计入分母（尚未成交）；"
        "尚未联系、获取不到 72 小时的线索还无法分组，不计入。",
        "Win rate by first-contact delay (≤ 24 h, 24–72 h, > 72 h, never contacted) with intervals. Open leads count "
        "in the denominator (not won yet); leads not contacted yet and captured less than 72 hours ago have no band "
        "yet and are left out.",
    ),
    "section.followup_logit": (
        "成交（0/1）对联系时效的逻辑回归，同时控制线索来源（活动 / 微信群）和客群（客户表的 segment；缺失记为“未知”）。"
        "只纳入已联系的线索；线索太少的类别会被合并。",
        "Logistic regression of a win (0/1) on the contact delay, controlling for the lead's source (event / WeChat "
        "group) and the customer's segment (missing: unknown). Only contacted leads enter; levels with too few leads "
        "are pooled.",
    ),
    "section.followup_time_to_win": (
        "从获取线索起累计成交的概率（阴影为 95% 逐点区间）。评估时点仍未结的线索按“删失”处理，而不是当成失败；"
        "未成交的线索在结果时删失——这是竞争风险的常用简化，会把曲线整体抬高，但不太影响各组之间的比较。"
        "晚联系组在联系之前不可能成交，所以曲线起步晚是定义造成的，应比较曲线最终达到的高度。"
        "log-rank 检验比较三个已联系组的成交时间曲线：从获取时计时的检验包含了这种起步差异；"
        "从首次联系时计时的检验回答更干净的问题：联系上之后，晚联系的线索是否成交得更少或更慢。",
        "Cumulative probability of a win since capture (shaded: 95% pointwise interval). Leads still open at the "
        "evaluation time are censored, not counted as failures; lost leads are censored at their result — the usual "
        "simplification of a competing risk, which lifts every curve but hardly changes the comparison between "
        "bands. A late-contacted lead cannot win before its contact, so a late start is built in: compare the "
        "levels the curves reach. The log-rank tests compare the three contacted bands: timed from capture the test "
        "includes that built-in lag; timed from first contact it asks the cleaner question — once contacted, do "
        "late-contacted leads win less or more slowly?",
    ),
    "section.followup_load": (
        "每位跟进岗员工（行长、运营主管除外，除非他们名下也有线索）分到的线索数，对比平均分配的期望值，以及各自的成交率和成交金额。"
        "卡方拟合优度检验检验分配是否均匀；不均匀可能有正当理由（例如理财线索集中给理财经理），不一定是问题。",
        "Leads per follow-up staff member (branch head and operations supervisor only when they hold leads) against "
        "an even split, with each one's win rate and amount won. A chi-square goodness-of-fit test asks whether the "
        "split is even; an uneven split can be deliberate (wealth leads to the wealth manager) and is not "
        "necessarily a problem.",
    ),
    "section.followup_quality": (
        "加载时按数据契约剔除的问题行（线索、员工、客户表），以及本报告另外发现、需要核实的情况（未分配跟进人、"
        "分配给其他网点员工、已出结果却没有首次联系记录、成交无金额、长期未结的线索等）。剔除的行没有进入上面的统计，"
        "请在源数据中改正后重新运行。",
        "Rows set aside when loading (leads, staff, people) because they break the data contract, and what this "
        "report found that needs checking (unassigned leads, leads of another branch's staff, results without a "
        "recorded contact, wins without an amount, leads open for too long). Rows set aside are not in the figures "
        "above: correct them in the source data and run again.",
    ),
}

# --- the answer first (analysis.followup.answer): headline, verdict, actions -----------------------
LABELS |= {
    "overdue_leads": ("逾期线索", "Overdue leads", "count"),
    "win_rate_72h": ("成交率（满 72 小时的线索）", "Win rate (leads past 72 h)", "pct"),
    "kind=assign": ("指派跟进人", "Assign an owner", None),
    "kind=call": ("电话联系", "Call", None),
    "kind=close_out": ("登记结果", "Close out", None),
    "kind=close_stale": ("关闭长期未结", "Close stale leads", None),
}

SENTENCES |= {
    "followup.answer.ok": (
        "跟进达到 24/72 规则：{rate1:pct} 的线索在 24 小时内首次联系、{rate2:pct} 在 72 小时内出结果（标准 {target:pct}）",
        "Follow-up meets the 24/72 rule: {rate1:pct} of leads are first contacted within 24 h and {rate2:pct} "
        "resolved within 72 h (standard {target:pct})",
    ),
    "followup.answer.below": (
        "跟进未达到 24/72 规则：{rate1:pct} 的线索在 24 小时内首次联系、{rate2:pct} 在 72 小时内出结果（标准 {target:pct}）",
        "Follow-up misses the 24/72 rule: {rate1:pct} of leads are first contacted within 24 h and {rate2:pct} "
        "resolved within 72 h (standard {target:pct})",
    ),
    "followup.answer.none": (
        "本期还没有可以评估的线索",
        "No lead of this period can be evaluated yet",
    ),
    "followup.answer.overdue": (
        "现有 {n:count} 条线索逾期——下面的清单写明今天谁该联系谁。",
        "{n:count} leads are overdue now — the list below says who calls whom today.",
    ),
    "followup.answer.no_overdue": (
        "目前没有逾期线索。",
        "no lead is overdue now.",
    ),
    "followup.action.assign": (
        "为 {n:count} 条无人跟进的线索指派跟进人：{ids}",
        "Assign an owner to {n:count} leads nobody follows up: {ids}",
    ),
    "followup.action.call": (
        "电话联系 {n:count} 条超过 24 小时未联系的线索：{ids}",
        "Call {n:count} leads not contacted within 24 h: {ids}",
    ),
    "followup.action.close_out": (
        "为 {n:count} 条已联系、超过 72 小时仍无结果的线索登记结果（成交或未成交）：{ids}",
        "Record the result (won or lost) of {n:count} contacted leads with no result after 72 h: {ids}",
    ),
    "followup.action.assign.one": (
        "为 1 条无人跟进的线索指派跟进人：{ids}",
        "Assign an owner to the lead nobody follows up: {ids}",
    ),
    "followup.action.call.one": (
        "电话联系 1 条超过 24 小时未联系的线索：{ids}",
        "Call 1 lead not contacted within 24 h: {ids}",
    ),
    "followup.action.close_out.one": (
        "为 1 条已联系、超过 72 小时仍无结果的线索登记结果（成交或未成交）：{ids}",
        "Record the result (won or lost) of 1 contacted lead with no result after 72 h: {ids}",
    ),
    "followup.action.close_stale": (
        "{n:count} 条线索超过 {days:count} 天仍未结：最后联系一次，或如实登记为未成交：{ids}",
        "{n:count} leads open for more than {days:count} days: call once more or record them as lost: {ids}",
    ),
    "followup.action.close_stale.one": (
        "1 条线索超过 {days:count} 天仍未结：最后联系一次，或如实登记为未成交：{ids}",
        "1 lead open for more than {days:count} days: call once more or record it as lost: {ids}",
    ),
    "followup.action.close_stale.reason": (
        "挂着“跟进中”的死线索让报表虚高，最久的已超时 {longest:hours}",
        "dead leads left \"open\" inflate the figures; the oldest is overdue by {longest:hours}",
    ),
    "followup.action.more_ids": ("等，另 {n:count} 条", " and {n:count} more"),
    "followup.action.assign.reason": (
        "没有跟进人的线索没人会联系，最容易丢",
        "a lead without an owner is called by nobody and is the easiest to lose",
    ),
    "followup.action.call.reason": (
        "已超过 24 小时首联期限，最久的已超时 {longest:hours}",
        "past the 24-hour first-contact deadline, the oldest by {longest:hours}",
    ),
    "followup.action.close_out.reason": (
        "客户的犹豫期约三天，已超过 72 小时期限，最久的已超时 {longest:hours}",
        "a customer hesitates about three days; past the 72-hour deadline, the oldest by {longest:hours}",
    ),
    "followup.action.branch_head": ("网点负责人", "Branch head"),
}

# --- the working-day clock and the weekend test (analysis.followup.workdays, .weekend) -------------
LABELS |= {
    "timing": ("计时方式", "Clock", "code"),
    "timing=calendar": ("自然小时", "Calendar hours", None),
    "timing=working": ("工作日小时", "Working-day hours", None),
    "contact_status_working": ("首联状态（工作日计时）", "First-contact status (working hours)", "code"),
    "resolve_status_working": ("结果状态（工作日计时）", "Result status (working hours)", "code"),
    **{f"{column}={status}": (zh, en, None) for column in ("contact_status_working", "resolve_status_working")
       for status, zh, en in (("met", "达标", "Met"), ("late", "超时", "Late"), ("pending", "未到期", "Pending"))},
    "off_hours": ("72 小时内的休息日时长", "Days off inside the 72 hours", "hours"),
    "crosses_off_day": ("72 小时跨休息日", "72 hours cross a day off", "bool"),
    "window_elapsed": ("72 小时已满", "72 hours elapsed", "bool"),
    "crossing_leads": ("跨休息日的线索", "Leads whose 72 h cross a day off", "count"),
    "crossing_won": ("跨休息日的成交", "Won, 72 h crossing a day off", "count"),
    "other_leads": ("未跨休息日的线索", "Other leads", "count"),
    "other_won": ("未跨休息日的成交", "Won, other leads", "count"),
    "rate_crossing": ("跨休息日成交率", "Win rate, crossing a day off", "pct"),
    "rate_other": ("未跨休息日成交率", "Win rate, other leads", "pct"),
    "or_ci_low": ("比值比区间下限", "Odds ratio CI low", "num2"),
    "or_ci_high": ("比值比区间上限", "Odds ratio CI high", "num2"),
    "or_p_value": ("比值比 p 值", "Odds ratio p-value", "p"),
    "variable=crosses_off_day": ("72 小时跨休息日", "72 hours cross a day off", None),
    "verdict=weekend_costs": ("跨休息日的线索成交率显著更低", "Leads whose 72 hours cross a day off win significantly "
                              "less often", None),
    "verdict=weekend_no_cost": ("跨休息日的线索成交率反而显著更高（请核查原因）",
                                "Leads whose 72 hours cross a day off win significantly more often (check why)", None),
    "verdict=weekend_no_evidence": ("差异不显著：现有数据不足以证明跨周末会减少成交",
                                    "No significant difference: these data cannot show that a weekend in the window "
                                    "costs deals", None),
    "day": ("日期", "Day", "date"),
    "working": ("工作日", "Working day", "bool"),
    "kind=workday": ("工作日", "Working day", None),
    "kind=weekend": ("周末", "Weekend", None),
    "kind=holiday": ("法定节假日", "Public holiday", None),
    "kind=makeup_workday": ("调休上班", "Make-up working day", None),
    "title.compliance_by_clock": ("两种计时下的 24/72 达标率", "24/72 compliance on both clocks", None),
}

SENTENCES |= {
    "followup.clock": (
        "24 小时首联达标率：按自然小时 {rate1:pct}（区间 {lo1:pct}–{hi1:pct}），按工作日小时 {rate2:pct}"
        "（区间 {lo2:pct}–{hi2:pct}）。有 {excused_contact:count} 条线索按自然小时首联超时、但扣除周末和节假日后并未超时，"
        "{excused_result:count} 条出结果的情况相同——这部分迟到是休息日造成的，其余的是真正的拖延。",
        "First contact within 24 h: {rate1:pct} in calendar hours (95% CI {lo1:pct}–{hi1:pct}), {rate2:pct} in "
        "working-day hours (95% CI {lo2:pct}–{hi2:pct}). {excused_contact:count} leads were late for first contact "
        "on the calendar clock but on time once weekends and holidays are not counted, and {excused_result:count} "
        "for a result: that lateness is the days off; the rest is real delay.",
    ),
    "followup.clock.none": (
        "本期还没有可以按两种计时评估的线索。",
        "No lead of this period can be evaluated on either clock yet.",
    ),
    "followup.weekend.head": (
        "**{verdict}。** 72 小时跨休息日（至少一整天的周末或节假日）的线索成交 {crossing_won} / {crossing_leads}，"
        "其余线索成交 {other_won} / {other_leads}；",
        "**{verdict}.** Leads whose 72 hours cross a day off (at least a whole day of weekend or holiday): "
        "{crossing_won} of {crossing_leads} won; other leads: {other_won} of {other_leads} won;",
    ),
    "followup.weekend.difference": (
        "成交率相差 {estimate:pp}（95% 区间 {ci_low:pp} 至 {ci_high:pp}，p 值 {p_value:p}）。",
        "the win rates differ by {estimate:pp} (95% CI {ci_low:pp} to {ci_high:pp}, p-value {p_value:p}).",
    ),
    "followup.weekend.adjusted": (
        "在同样的联系时效、来源和客群下，跨休息日的比值比为 {odds_ratio:num2}（区间 {ci_low:num2}–{ci_high:num2}，"
        "p 值 {p_value:p}）——它问的是休息日在它造成的联系延迟之外是否还有影响。",
        "For the same contact delay, source and segment the odds ratio of a crossing window is {odds_ratio:num2} "
        "(95% CI {ci_low:num2}–{ci_high:num2}, p-value {p_value:p}) — whether days off matter beyond the delay "
        "they cause.",
    ),
    "followup.weekend.observational": (
        "这是观察性比较：周五和周末的活动吸引的客户可能本来就不同，所以它说明的是关联，不能单独证明因果。",
        "This is an observational comparison: Friday and weekend events may draw different customers in the first "
        "place, so it shows an association and cannot by itself prove cause.",
    ),
}

# --- the sections of notebook 03 added for the working-day clock ---------------------------------
LABELS |= {
    "section.followup_workdays": ("工作日计时：扣除周末和节假日", "The working-day clock: weekends and holidays "
                                  "not counted", None),
    "section.followup_weekend": ("跨周末的线索成交更少吗", "Do leads whose 72 hours cross a weekend convert less?",
                                 None),
    "section.followup_detail": ("明细", "Details", None),
    "section.followup_special_days": ("法定节假日与调休上班日", "Public holidays and make-up working days", None),
}

SENTENCES |= {
    "section.followup_workdays": (
        "规则按自然小时写，但员工周末和节假日不上班。工作日计时只计工作日的小时：工作日算满 24 小时，周末和法定节假日"
        "算 0，调休上班日算工作日。所以“24 小时内”就是“下一个工作日的同一时刻之前”：周五 15:00 获取的线索，首联期限是"
        "周一 15:00。日历采用国家公布的放假和调休安排（chinese_calendar），也可以传入本行自己的日历。",
        "The rule is written in calendar hours, but staff do not work at weekends and on public holidays. The "
        "working-day clock counts only the hours of working days: a working day counts its full 24 hours, a weekend "
        "day or public holiday 0, a make-up working day (a weekend day worked in exchange for a holiday) is a working day. So \"within 24 hours\" means "
        "\"by the same time on the next working day\": a lead captured on Friday at 15:00 is due for a first "
        "contact by Monday 15:00. The calendar is the official schedule of holidays and make-up days "
        "(chinese_calendar); a bank can pass its own.",
    ),
    "section.followup_weekend": (
        "客户的犹豫期约三天，72 小时里如果有一整天以上是周末或节假日，员工能跟进的时间就少了。这里比较这类线索和其余线索的"
        "成交率（差值、区间和检验），并在控制联系时效、来源和客群的逻辑回归中看“跨休息日”的比值比。只计入 72 小时已满的线索。",
        "A customer hesitates about three days; when a whole day or more of the 72 hours is a weekend or holiday, "
        "staff have less time to follow up. This compares the win rate of such leads with the others (difference, "
        "interval and test) and gives the odds ratio of a crossing window in a logistic model that holds the "
        "contact delay, source and segment fixed. Only leads whose 72 hours have passed enter.",
    ),
}
