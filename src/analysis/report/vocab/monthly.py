"""Labels and sentences of the branch head's monthly overview (notebooks/00_branch_overview.ipynb)."""

LABELS = {
    "section.monthly": ("网点月度概览", "Branch monthly overview", None),
    "section.monthly_alerts": ("本期要处理的事", "What to do now", None),
    "section.monthly_changes": ("比上期变化明显的指标", "What changed beyond noise", None),
    "section.monthly_domains": ("各专题结论", "Each report's verdict", None),
    "section.monthly_all": ("全部核心指标", "All headline figures", None),
    "domain": ("专题", "Report", "code"),
    "domain=events": ("沙龙与驻点", "Salons and booths", None),
    "domain=followup": ("线索跟进", "Lead follow-up", None),
    "domain=groups": ("微信群分层", "WeChat group tiers", None),
    "domain=surveys": ("社区调研", "Community survey", None),
    "verdict_text": ("结论", "Verdict", "text"),
    "fmt": ("格式", "Format", "text"),
    "previous": ("上期", "Previous period", None),
    "change_p": ("变化的p值", "p-value of the change", "p"),
    "standard": ("标准", "Standard", None),
    "flag": ("对照标准", "Against the standard", "code"),
    "function": ("函数", "Function", "text"),
    "out_of": ("总数", "Out of", "count"),
}

SENTENCES = {
    "section.monthly": (
        "本页汇总本网点本期各专题的核心数字（含 95% 区间）、与上一个同样长度期间相比的变化，以及需要处理的事项。",
        "The headline figures of every report for this branch and period (with 95% intervals), the change "
        "against the previous period of the same length, and what needs doing."),
    "section.monthly_changes": (
        "只列出变化超过偶然波动（检验 p < 0.05）的指标；其余指标的变化可能只是样本的偶然。",
        "Only figures whose change is more than noise (test p < 0.05); the other changes could be chance."),
    "monthly.verdict.no_data": ("本期没有可汇总的数据。", "There are no data to summarise for this period."),
    "monthly.verdict.all_ok": ("本期 {n} 个核心指标全部达到标准。", "All {n} headline figures meet their standard this period."),
    "monthly.verdict.flagged": ("本期 {n} 个核心指标中有 {k} 个未达标准：{names}。",
                                "{k} of {n} headline figures miss their standard this period: {names}."),
}
