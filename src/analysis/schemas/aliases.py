"""The alias maps (Chinese headers, file names and values), personal-data headers, lookups and the docs."""

from __future__ import annotations

import pandas as pd

from analysis.schemas.base import EARLIEST_TIME, LATEST_TIME, Table
from analysis.schemas.tables import TABLES

# ---------------------------------------------------------------------------
# Alias maps (the one place where Chinese headers and values are translated)
# ---------------------------------------------------------------------------


def _column_aliases() -> dict[str, dict[str, str]]:
    """Per table: header as exported → English column name (English names map to themselves)."""
    out: dict[str, dict[str, str]] = {}
    for t in TABLES.values():
        m: dict[str, str] = {}
        for c in t.columns:
            m[c.name] = c.name
            for a in c.aliases:
                m[a] = c.name
        out[t.name] = m
    return out


#: Per table, every accepted header → English column name, e.g.
#: ``COLUMN_ALIASES["attendance"]["到场时间"] == "arrived_at"``.
COLUMN_ALIASES: dict[str, dict[str, str]] = _column_aliases()

#: File stem (Chinese or English) → table name, e.g. ``签到.csv`` → ``attendance``.
TABLE_ALIASES: dict[str, str] = {
    **{t.name: t.name for t in TABLES.values()},
    **{a: t.name for t in TABLES.values() for a in t.aliases},
}

#: Chinese labels accepted for category values, by column name.
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "role": {"行长": "branch_head", "网点负责人": "branch_head", "网点主任": "branch_head",
             "运营主管": "ops_supervisor", "理财经理": "wealth_manager", "大堂经理": "lobby_manager",
             "柜员": "teller", "客户经理": "account_manager",
             "引客人": "greeter", "接待": "receiver", "氛围": "atmosphere", "楼栋长": "captain", "主持": "host"},
    "segment": {"代发工资": "payroll", "工薪": "payroll", "退休": "retiree", "个体工商户": "business_owner",
                "企业主": "business_owner", "专业人士": "professional", "全职主妇": "homemaker",
                "家庭主妇": "homemaker", "学生": "student", "其他": "other"},
    "gender": {"女": "female", "男": "male", "F": "female", "M": "male"},
    "kind": {"驻点": "booth", "沙龙": "salon", "客户沙龙": "salon", "社区活动": "activity", "活动": "activity",
             "单选": "single", "多选": "multi", "量表": "scale", "填空": "open", "排序": "rank",
             "文字": "text", "提问": "question", "产品": "product_post", "产品推送": "product_post",
             "游戏": "game", "红包": "red_packet",
             "超市": "supermarket", "会所": "club", "美容": "beauty", "洗衣": "laundry", "洗车": "car_care",
             "活动中心": "activity_center", "物业": "property_office", "学校": "school", "药店": "pharmacy",
             "餐饮": "restaurant"},
    "channel": {"线下": "offline", "线上": "online", "驻点": "booth", "沙龙": "salon", "社区活动": "activity",
                "网络": "online", "问卷星": "online", "微信": "wechat", "上门": "door_to_door", "其他": "other"},
    "inviter_kind": {"员工": "staff", "合作方": "partner", "客户": "guest"},
    "source": {"员工邀约": "staff_invite", "合作方邀约": "partner_invite", "带客": "brought_along",
               "老带新": "brought_along", "自然到访": "walk_in", "路过": "walk_in"},
    "outcome": {"成交": "won", "已成交": "won", "未成交": "lost", "流失": "lost", "跟进中": "open"},
    "join_channel": {"活动二维码": "event_qr", "扫码": "event_qr", "外呼": "outbound_call", "外呼邀请": "outbound_call",
                     "电话邀请": "outbound_call", "公众号": "official_account", "公众号菜单": "official_account",
                     "手机银行": "mobile_banking", "手机银行页面": "mobile_banking", "成员推荐": "member_referral",
                     "群成员推荐": "member_referral", "老带新": "member_referral", "业主群": "owners_group",
                     "其他": "other"},
    "tier": {"大众群": "mass", "大众客户群": "mass", "潜在客户群": "potential", "潜客群": "potential",
             "精英群": "elite", "精英客户群": "elite"},
    "metric": {"到场人数": "attendees", "陌生客户数": "strangers", "陌生客户占比": "stranger_ratio",
               "邀约人数": "invitations", "线索数": "leads", "成交笔数": "deals", "成交金额": "sales_amount",
               "新客户数": "new_customers", "入群人数": "wechat_joins", "问卷数": "survey_responses",
               "活动评分": "evaluation_score"},
}
# uplift (issue 13): contact channels and purposes, allocation principles (codes not used by other columns)
VALUE_ALIASES["channel"] = {**VALUE_ALIASES["channel"], "电话": "call", "拜访": "visit", "面访": "visit",
                            "网点": "branch", "到店": "branch", "厅堂": "branch"}
VALUE_ALIASES["purpose"] = {"日常维护": "maintenance", "维护": "maintenance", "到期维护": "maturity",
                            "产品到期": "maturity", "大额变动": "outflow", "大额变动维护": "outflow",
                            "尊享关怀": "care", "关怀": "care", "营销": "sales"}
VALUE_ALIASES["principle"] = {"熟悉程度": "familiarity", "熟悉": "familiarity", "战区管户": "territory",
                              "战区": "territory", "行业分户": "industry", "行业": "industry",
                              "关系分户": "relationship", "关系": "relationship"}
# reach (issue 12): account kinds and channels, partner kinds and stages, scenarios, placements
VALUE_ALIASES["kind"] = {**VALUE_ALIASES["kind"], "借记卡": "debit_card", "信用卡": "credit_card", "理财账户": "wealth",
                         "工资卡": "payroll", "心理咨询": "counselling", "水果店": "fruit_seller",
                         "水果商户": "fruit_seller", "教育": "education", "养生": "health", "花艺": "florist",
                         "茶馆": "tea_house", "健身": "fitness", "烘焙": "bakery", "代发单位": "employer",
                         "二维码": "qr_code", "论坛": "forum", "信箱": "mailbox", "电梯屏": "lift_screen",
                         "车库屏": "car_park_screen", "公告栏": "notice_board", "微信推文": "wechat"}
VALUE_ALIASES["channel"] = {**VALUE_ALIASES["channel"], "柜面": "counter", "柜台": "counter", "活动开户": "event",
                            "微信群": "group", "批量获客": "campaign", "转介绍": "referral", "老带新": "referral",
                            "智慧社区": "smart_community", "代发": "payroll", "代发工资": "payroll"}
VALUE_ALIASES["stage"] = {"筛选": "screened", "洽谈": "negotiating", "签约": "signed", "已签约": "signed",
                          "合作中": "active", "运行": "active", "终止": "ended", "已终止": "ended"}
VALUE_ALIASES["scenario"] = {"智慧社区": "smart_community", "代发工资": "payroll", "代发": "payroll",
                             "商户联盟": "merchant_alliance", "异业联盟": "merchant_alliance", "开业": "opening",
                             "开业活动": "opening", "生活缴费": "living_payment", "进群红包": "join_hook",
                             "老带新": "referral", "转介绍": "referral", "其他": "other"}

#: Text → boolean for bool columns (compared after stripping and lower-casing).
BOOL_VALUES: dict[str, bool] = {
    "是": True, "否": False, "y": True, "n": False, "yes": True, "no": False,
    "true": True, "false": False, "1": True, "0": False, "1.0": True, "0.0": False,
    "对": True, "错": False, "有": True, "无": False, "t": True, "f": False,
}

#: Headers that hold personal data. A table about people that carries one of
#: these is refused: the importers turn names and phones into a hashed person_id.
PERSONAL_DATA_COLUMNS: tuple[str, ...] = (
    "name", "full_name", "phone", "mobile", "telephone", "id_number", "id_card", "wechat_id", "address",
    "姓名", "名字", "客户姓名", "手机", "手机号", "手机号码", "电话", "联系电话", "联系方式",
    "身份证", "身份证号", "身份证号码", "微信号", "住址", "家庭住址",
)


def get_table(name: str) -> Table:
    """The :class:`Table` called ``name`` (English or a Chinese alias)."""
    from analysis.errors import ParameterError

    key = TABLE_ALIASES.get(name)
    if key is None:
        raise ParameterError(f"unknown table {name!r}; the data contract has: {', '.join(TABLES)}")
    return TABLES[key]


def empty_frame(table: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of ``table``."""
    t = get_table(table)
    return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype) for c in t.columns})


def contract_markdown() -> str:
    """The data contract as Markdown (one section per table), generated from the schemas."""
    lines = ["# Data contract", "",
             "Generated from `analysis.schemas` (`python -m analysis contract`). One file per table: "
             "`<table>.csv`, `.parquet` or `.xlsx`; the Chinese file names and headers listed are accepted too.", "",
             "## Rules for every table", "",
             "How values are read and what is refused (the rule names appear in `python -m analysis validate`; "
             "details in `analysis.io`):", "",
             "- **Times** are the branch's local wall-clock time (Asia/Shanghai). A value with a UTC offset "
             "(`+08:00`, `Z`) is converted to it and stored without the offset; a column mixing forms (different "
             "offsets, or with and without one) is refused in the rows not in its most common form "
             "(`mixed_offsets`). Year first (`2026-09-03`, `2026/9/3 14:05`, `2026年9月3日`) is read as year, month, "
             "day; a year last (`03/09/2026`) is refused (`ambiguous_date`) unless `--date-order DMY` or `MDY` "
             f"(`load_dataset(..., date_order=...)`) says which. Every time must lie between "
             f"{EARLIEST_TIME:%Y-%m-%d} and {LATEST_TIME:%Y-%m-%d} (`date_range`).",
             "- **Numbers** use a period for decimals. `1,060` and `12,345.5` (groups of three) are read as "
             "thousands only when no value of the column has a decimal comma; `1,5` and `1.060,5` are refused "
             "(`decimal_comma`, and then every comma-grouped value of the column too). `inf`/`nan` are refused "
             "(`non_finite`); whole numbers are read exactly and refused beyond 64 bits (`overflow`).",
             "- **Personal data**: a header such as 电话号码, 手机, 联系电话, 邮箱, e-mail, 姓名, 身份证, 银行卡 that is not a "
             "column below is refused in any table (`personal_data_column`); a value of an id or text column "
             "holding a mobile or landline number, an 18-digit ID number (valid check digit), an e-mail address "
             "or a bank card number (Luhn) is refused (`personal_data`). Values shown in messages are masked "
             "(`138****8000`).",
             "- **Files**: a row with more fields than the header (a trailing comma) is refused (`extra_fields`); "
             "a workbook is read from the sheet named as the table (else the first); other sheets are listed, and "
             "a second sheet with the same columns is refused (`several_sheets`).", ""]
    for t in TABLES.values():
        need = "required" if t.required else "optional"
        lines += [f"## {t.name} ({t.zh_name}, {need})", "", t.description, ""]
        if t.key:
            lines.append(f"Key: {', '.join(t.key)}.  ")
        if t.foreign_keys:
            lines.append("References: " + ", ".join(f"{f.column} → {f.ref_table}.{f.ref_column}"
                                                    for f in t.foreign_keys) + ".  ")
        for r in t.rules:
            lines.append(f"Rule `{r.name}`: rejected when {r.description}.  ")
        for r in t.cross_rules:
            lines.append(f"Rule `{r.name}` (with {r.parent}): rejected when {r.description}.  ")
        lines += ["", "| column | type | required | empty allowed | allowed values / range | Chinese headers | meaning |",
                  "|---|---|---|---|---|---|---|"]
        for c in t.columns:
            rng = ", ".join(c.allowed) if c.allowed else ""
            if c.min is not None or c.max is not None:
                rng = f"{'' if c.min is None else c.min} … {'' if c.max is None else c.max}"
            lines.append(f"| {c.name} | {c.kind} | {'yes' if c.required else 'no'} | "
                         f"{'yes' if c.nullable else 'no'} | {rng} | {', '.join(c.aliases)} | {c.description} |")
        lines.append("")
    return "\n".join(lines)
