"""Words of the report page itself (contents, back link) and of the headline, verdict and action blocks."""

LABELS = {
    # the page (analysis.report.html)
    "html.contents": ("目录", "Contents", None),
    "html.back_to_index": ("全部报告", "All reports", None),
    # headline cards (analysis.report.headline)
    "headline.ci": ("95% 区间", "95% CI", None),
    "headline.vs_previous": ("比上期", "vs previous", None),
    "headline.no_previous": ("上期无数据", "no previous period", None),
    "headline.noise": ("可能是偶然", "could be noise", None),
    "headline.standard": ("标准", "standard", None),
    "headline.empty": ("本期没有可汇总的数据。", "No data to summarize in this period.", None),
    "flag=ok": ("达标", "meets the standard", None),
    "flag=below": ("低于标准", "below the standard", None),
    "flag=above": ("高于标准", "above the standard", None),
    "flag=warn": ("需关注", "needs attention", None),
    # action list
    "actions.due": ("截止", "due", None),
    "actions.reason": ("原因", "why", None),
    "actions.none": ("本期没有需要跟进的事项。", "Nothing to act on in this period.", None),
}

SENTENCES = {
    "actions.more": ("（另有 {n:count} 项未列出）", "({n:count} more not listed)"),
    # a count out of a total under a headline card (analysis.report.headline, column ``out_of``)
    "headline.of": ("共 {out_of:count} 个，其中 {n:count} 个", "{n:count} of {out_of:count}"),
    "headline.of.events_below_standard": ("{out_of:count} 场中 {n:count} 场低于 {std[stranger_ratio]:pct}",
                                          "{n:count} of {out_of:count} events below {std[stranger_ratio]:pct}"),
}
