"""Labels and sections of the data-overview report (notebooks/00_data_overview.ipynb)."""

LABELS = {
    "title.overview": ("数据概览", "Data overview", None),
    "section.overview": ("数据概览", "Data overview", None),
    "section.overview_headline": ("网点概况", "The branch at a glance", None),
    "section.overview_tables": ("数据表", "Tables", None),
    "section.overview_monthly": ("每月活动", "Activity by month", None),
    "section.overview_events": ("活动", "Events", None),
    "section.overview_groups_leads": ("微信群与线索", "WeChat groups and leads", None),
    "section.data_quality": ("数据质量", "Data quality", None),
    "title.records_per_month": ("每月记录数", "Records per month", None),
    "invitations_sent": ("邀约数", "Invitations", "count"),
    "survey_responses_n": ("问卷答卷数", "Survey responses", "count"),
    "measure=survey_responses": ("问卷答卷", "Survey responses", None),
    "measure=leads": ("线索", "Leads", None),
    "measure=deals": ("成交笔数", "Deals", None),
    "measure=events": ("活动场次", "Events", None),
    "measure=people": ("接触过的人", "People met", None),
    "measure=staff": ("员工", "Staff", None),
    "measure=communities": ("小区", "Communities", None),
    "measure=group_members": ("入群人数", "Group members", None),
    "table=group_members": ("群成员", "Group members", None),
    # the headline of the data overview (analysis.overview.quality_headline)
    "section.overview_verdict": ("数据能不能用", "Can the data be used", None),
    "measure=tables_read": ("读取的数据表", "Tables read", None),
    "measure=rows_read": ("读取行数", "Rows read", None),
    "measure=rows_rejected": ("剔除行数", "Rows set aside", None),
    "measure=problems": ("发现的问题", "Problems found", None),
    "measure=rows_in_scope": ("本网点本期行数", "Rows of this branch and period", None),
}

SENTENCES = {
    "overview.verdict.ok": ("数据可用：读取 {tables:count} 张表、{rows:count} 行，校验未发现问题。",
                            "The data can be used: {tables:count} tables, {rows:count} rows read, no problem found."),
    "overview.verdict.problems": (
        "有 {n:count} 个问题：{rows:count} 行中剔除了 {rejected:count} 行（涉及 {tables}），其余数据可用，详见最后一节。",
        "{n:count} problem(s) found: {rejected:count} of {rows:count} rows set aside (in {tables}); the rest can be "
        "used, details in the last section."),
    "overview.act.fix": ("在源数据中改正 {table} 表的问题后重新运行", "Fix the {table} table at the source and re-run"),
    "overview.act.reason": ("违反规则 {rules}，剔除 {rejected:count} 行", "rules broken: {rules}; {rejected:count} row(s) set aside"),
    "headline.of.tables_read": ("数据约定的 {out_of:count} 张表中有 {n:count} 张", "{n:count} of the contract's {out_of:count} tables"),
    "headline.of.rows_rejected": ("{out_of:count} 行中剔除 {n:count} 行", "{n:count} of {out_of:count} rows set aside"),
    "section.overview": (
        "本报告回答：这个网点有哪些数据、覆盖哪段时间、数据质量如何。后续各专题报告都建立在这些数据之上。",
        "What data exist for this branch and period, and how clean they are. Every other report builds on them."),
    "section.overview_headline": (
        "网点服务的小区、员工，以及期间内的活动、问卷、微信群、线索与成交。",
        "The communities and staff of the branch, and the events, surveys, WeChat groups, leads and deals of the period."),
    "section.overview_tables": (
        "每张表读取了多少行、剔除了多少行（原因见最后一节）、有多少行属于本网点与本期间，以及时间范围。",
        "Rows read and set aside per table (reasons in the last section), rows in this branch and period, and their time range."),
    "section.overview_monthly": (
        "各类记录按月的数量。某个月突然为零，往往是数据没有导出，而不是业务停了。",
        "Records per month. A month that suddenly drops to zero usually means an export is missing, not that the work stopped."),
    "section.overview_events": (
        "期间内的驻点、沙龙和社区活动，以及邀约与到场人数。",
        "The booths, salons and community activities of the period, with invitations and attendees."),
    "section.data_quality": (
        "校验发现的问题：哪张表、哪个字段、违反了哪条规则、哪些行（文件中的行号，表头为第 1 行）。这些行没有进入上面的统计；请在源数据中改正后重新运行。",
        "Problems found by validation: table, column, rule and rows (file rows, header = row 1). These rows are not in the figures above; fix them at the source and re-run."),
}
