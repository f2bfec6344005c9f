"""The tables of the contract (DESIGN.md's table) and the registry :data:`TABLES` they are added to."""

from __future__ import annotations


from analysis.schemas.base import (CHECKIN_EARLY_HOURS, CHECKIN_LATE_HOURS, Column, ForeignKey, RowRule, CrossRule, Table, _later, _outside_window, ROLES, SEGMENTS, AGE_BANDS, GENDERS, ENTRY_KINDS, EVENT_KINDS, SURVEY_CHANNELS, QUESTION_KINDS, INVITER_KINDS, ATTENDANCE_SOURCES, ON_SITE_ROLES, OUTCOMES, TIERS, MESSAGE_KINDS, JOIN_CHANNELS, DEAL_CHANNELS, TARGET_METRICS)

# ---------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------

C = Column

TABLES: dict[str, Table] = {}


def _add(table: Table) -> None:
    TABLES[table.name] = table


_add(Table(
    "branches", "One row per branch (网点).",
    (
        C("branch_id", "id", "Branch id.", aliases=("网点编号", "网点ID", "支行编号")),
        C("name", "str", "Branch name.", aliases=("网点名称", "支行名称")),
        C("city", "str", "City.", aliases=("城市",)),
    ),
    key=("branch_id",), required=True, aliases=("网点", "支行"), zh_name="网点",
))

_add(Table(
    "staff", "One row per staff member (员工). Staff are employees, not customers: their name may be given "
    "(reports then name owners as 王芳（理财经理）); without it they are known by id and role.",
    (
        C("staff_id", "id", "Staff id.", aliases=("员工编号", "工号")),
        C("branch_id", "id", "Branch the staff member works at.", aliases=("网点编号", "网点ID", "支行编号")),
        C("role", "category", "Role; branch_head and ops_supervisor do not invite customers to salons.",
          allowed=ROLES, aliases=("岗位", "角色")),
        C("name", "str", "The staff member's name (an employee's, shown in reports beside the role; "
          "the only column of the contract that may hold a person's name: 姓名 is refused in every other table).",
          required=False, nullable=True,
          aliases=("姓名", "员工姓名")),
    ),
    key=("staff_id",), foreign_keys=(ForeignKey("branch_id", "branches", "branch_id"),),
    required=True, aliases=("员工",), zh_name="员工",
))

_add(Table(
    "communities", "One row per residential community (小区) a branch serves.",
    (
        C("community_id", "id", "Community id.", aliases=("小区编号", "社区编号")),
        C("branch_id", "id", "Serving branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("name", "str", "Community name.", aliases=("小区名称", "社区名称")),
        C("households", "int", "Households (户数): the survey population of the community.", min=1,
          aliases=("户数", "总户数")),
        C("occupancy_rate", "float", "Share of homes occupied (入住率), 0–1.", min=0, max=1,
          required=False, nullable=True, aliases=("入住率",)),
        C("built_year", "int", "Year built (建成年份).", min=1900, max=2100, required=False, nullable=True,
          aliases=("建成年份", "建成年代")),
        C("distance_km", "float", "Distance from the branch in km.", min=0, required=False, nullable=True,
          aliases=("距离", "距离公里", "距网点距离")),
    ),
    key=("community_id",), foreign_keys=(ForeignKey("branch_id", "branches", "branch_id"),),
    required=True, aliases=("小区", "社区"), zh_name="小区",
))

_add(Table(
    "entry_points", "One row per marketing entry point (入口) into a community.",
    (
        C("entry_id", "id", "Entry point id.", aliases=("入口编号",)),
        C("community_id", "id", "Community.", aliases=("小区编号", "社区编号")),
        C("kind", "category", "Kind of entry.", allowed=ENTRY_KINDS, aliases=("入口类型", "类型")),
        C("name", "str", "Entry name (a business, not a person).", required=False, nullable=True,
          aliases=("入口名称", "商户名称")),
        C("daily_flow", "int", "Visitors per day (日客流).", min=0, aliases=("日客流", "日均客流")),
        C("cost_per_visit", "float", "Cost per visit or contact, yuan.", min=0, aliases=("单次成本", "每次成本")),
        C("value_score", "float", "Value of the audience, 1–5.", min=1, max=5, aliases=("价值评分", "客户价值")),
    ),
    key=("entry_id",), foreign_keys=(ForeignKey("community_id", "communities", "community_id"),),
    aliases=("入口", "营销入口"), zh_name="营销入口",
))

_add(Table(
    "people", "One row per person the branch has met. No names, no phone numbers: person_id is a salted hash.",
    (
        C("person_id", "id", "Person id (salted hash from the importers).", aliases=("客户编号", "人员编号")),
        C("community_id", "id", "Home community, when known.", nullable=True, aliases=("小区编号", "社区编号")),
        C("is_bank_customer", "bool", "Was a customer of the bank at first contact (是否本行客户); empty when "
          "unknown (the 问卷星 import creates people rows without it).", nullable=True,
          aliases=("是否本行客户", "本行客户")),
        C("segment", "category", "Customer segment.", allowed=SEGMENTS, nullable=True, required=False,
          aliases=("客群", "客户类型", "职业类型")),
        C("age_band", "category", "Age band.", allowed=AGE_BANDS, nullable=True, required=False, aliases=("年龄段", "年龄")),
        C("gender", "category", "Gender.", allowed=GENDERS, nullable=True, required=False, aliases=("性别",)),
    ),
    key=("person_id",), foreign_keys=(ForeignKey("community_id", "communities", "community_id"),),
    required=True, person_data=True, aliases=("客户", "人员"), zh_name="客户",
))

_add(Table(
    "survey_questions", "Questionnaire codebook: one row per question.",
    (
        C("question_id", "id", "Question id (q01 …).", aliases=("题号", "题目编号")),
        C("text", "str", "Question text as asked.", aliases=("题目", "题干")),
        C("kind", "category", "single, multi (tick all that apply), scale (1–5), open or rank.",
          allowed=QUESTION_KINDS, aliases=("题型",)),
        C("options", "str", "Allowed answer codes joined with '|' (empty for open questions).",
          nullable=True, required=False, aliases=("选项",)),
        C("option_labels", "str", "Chinese labels of the options, joined with '|', same order.",
          nullable=True, required=False, aliases=("选项文字",)),
    ),
    key=("question_id",), aliases=("问卷题目", "题目"), zh_name="问卷题目",
))

_add(Table(
    "survey_responses", "One row per questionnaire answer sheet (答卷).",
    (
        C("response_id", "id", "Answer-sheet id (问卷星 序号).", aliases=("答卷编号", "序号")),
        C("person_id", "id", "Respondent, when known.", nullable=True, required=False, aliases=("客户编号",)),
        C("community_id", "id", "Community of the respondent.", aliases=("小区编号", "社区编号")),
        C("event_id", "id", "Event where it was filled in, if any.", nullable=True, required=False,
          aliases=("活动编号",)),
        C("submitted_at", "datetime", "Submission time (提交答卷时间).", aliases=("提交答卷时间", "提交时间")),
        C("channel", "category", "Where it was filled in.", allowed=SURVEY_CHANNELS, aliases=("渠道", "来源")),
        C("duration_s", "int", "Seconds taken (所用时间).", min=0, required=False, nullable=True,
          aliases=("所用时间", "用时")),
        C("recorded_by", "id", "Staff member who took the answers at an event (录入人), when recorded.",
          nullable=True, required=False, aliases=("录入人", "登记人")),
        C("placement_id", "id", "Publicity placement that brought this first touch (宣传阵地, issue 16), if known.",
          nullable=True, required=False, aliases=("宣传阵地", "宣传编号")),
    ),
    key=("response_id",),
    foreign_keys=(
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("community_id", "communities", "community_id"),
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("recorded_by", "staff", "staff_id"),
        ForeignKey("placement_id", "placements", "placement_id"),
    ),
    person_data=True, aliases=("问卷答卷", "答卷"), zh_name="问卷答卷",
))

_add(Table(
    "survey_answers", "One row per answer to one question (long form; one row per ticked option of a multi-choice).",
    (
        C("response_id", "id", "Answer sheet.", aliases=("答卷编号", "序号")),
        C("question_id", "id", "Question.", aliases=("题号", "题目编号")),
        C("value", "str", "Answer code (option code, scale value, or text for open questions).",
          aliases=("答案", "选项")),
        C("other_text", "str", "Free text of an 'other, please specify' answer (其他〖…〗).",
          nullable=True, required=False, aliases=("其他说明", "补充说明")),
    ),
    key=("response_id", "question_id", "value"),
    foreign_keys=(
        ForeignKey("response_id", "survey_responses", "response_id"),
        ForeignKey("question_id", "survey_questions", "question_id"),
    ),
    person_data=True, aliases=("问卷答案", "答案"), zh_name="问卷答案",
))

_add(Table(
    "events", "One row per booth (驻点), salon (沙龙) or community activity (社区活动).",
    (
        C("event_id", "id", "Event id.", aliases=("活动编号", "活动ID")),
        C("branch_id", "id", "Organising branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("community_id", "id", "Community where it took place (empty: at the branch).", nullable=True,
          aliases=("小区编号", "社区编号")),
        C("kind", "category", "booth, salon or activity.", allowed=EVENT_KINDS, aliases=("活动类型",)),
        C("theme", "str", "Theme (主题), e.g. 亲子关系.", aliases=("活动主题", "主题")),
        C("partner_id", "id", "Partner merchant, if any (异业合作方).", nullable=True, required=False,
          aliases=("合作方编号", "合作商户")),
        C("starts_at", "datetime", "Start.", aliases=("开始时间",)),
        C("ends_at", "datetime", "End.", aliases=("结束时间",)),
        C("cost", "float", "Cost in yuan.", min=0, aliases=("费用", "活动费用")),
        C("planned_invites", "int", "Planned invitations (计划邀约人数).", min=0, nullable=True,
          aliases=("计划邀约人数", "计划邀约")),
    ),
    key=("event_id",),
    foreign_keys=(
        ForeignKey("branch_id", "branches", "branch_id"),
        ForeignKey("community_id", "communities", "community_id"),
        ForeignKey("partner_id", "partners", "partner_id"),  # reach (issue 12): the partners table
    ),
    rules=(RowRule("ends_after_start", ("starts_at", "ends_at"), "ends_at is before starts_at",
                   _later("starts_at", "ends_at")),),
    aliases=("活动",), zh_name="活动",
))

_add(Table(
    "event_targets", "One row per SMART target of an event (per role when targets are per role).",
    (
        C("event_id", "id", "Event.", aliases=("活动编号",)),
        C("metric", "category", "What is measured.", allowed=TARGET_METRICS, aliases=("指标",)),
        C("target", "float", "Target value.", min=0, aliases=("目标", "目标值")),
        C("role", "category", "Role the target is for (empty: the whole event).", allowed=ROLES,
          nullable=True, required=False, aliases=("岗位", "角色")),
    ),
    key=("event_id", "metric", "role"),
    foreign_keys=(ForeignKey("event_id", "events", "event_id"),),
    aliases=("活动目标",), zh_name="活动目标",
))

_add(Table(
    "invitations", "One row per invitation sent (邀约).",
    (
        C("event_id", "id", "Event.", aliases=("活动编号",)),
        C("inviter_kind", "category", "staff, partner or guest.", allowed=INVITER_KINDS, aliases=("邀约人类型",)),
        C("inviter_id", "id", "Staff id, partner id or person id of the inviter.", aliases=("邀约人编号", "邀约人")),
        C("person_id", "id", "Invitee.", aliases=("客户编号", "被邀约人编号")),
        C("invited_at", "datetime", "When the invitation was sent.", aliases=("邀约时间",)),
    ),
    foreign_keys=(
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("person_id", "people", "person_id"),
    ),
    person_data=True, aliases=("邀约",), zh_name="邀约",
))

_add(Table(
    "attendance", "One row per check-in (签到) at an event.",
    (
        C("event_id", "id", "Event.", aliases=("活动编号",)),
        C("person_id", "id", "Attendee.", aliases=("客户编号",)),
        C("arrived_at", "datetime", "Check-in time (到场时间).", aliases=("到场时间", "签到时间")),
        C("source", "category", "How they came: staff_invite, partner_invite, brought_along, walk_in.",
          allowed=ATTENDANCE_SOURCES, aliases=("来源", "到场来源")),
        C("brought_by", "id", "Person who brought them along (带客人).", nullable=True, required=False,
          aliases=("带客人", "带客人编号")),
        C("is_bank_customer", "bool", "Was a bank customer at the event (是否本行客户).",
          aliases=("是否本行客户", "本行客户")),
        C("gender", "category", "Gender.", allowed=GENDERS, nullable=True, aliases=("性别",)),
        C("gift", "bool", "Received a gift at the event (领取礼品); empty when not recorded.", nullable=True,
          required=False, aliases=("领取礼品", "礼品", "是否领取礼品")),
        C("with_children", "bool", "Came with children (带孩子); empty when not recorded.", nullable=True,
          required=False, aliases=("带孩子", "是否带孩子", "携带儿童")),
        C("left_at", "datetime", "Check-out time (签退时间), where the event records one.", nullable=True,
          required=False, aliases=("签退时间", "离场时间")),
        C("placement_id", "id", "Publicity placement that brought this first touch (宣传阵地, issue 16), if known.",
          nullable=True, required=False, aliases=("宣传阵地", "宣传编号")),
    ),
    foreign_keys=(
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("placement_id", "placements", "placement_id"),
    ),
    rules=(RowRule("left_after_arrived", ("arrived_at", "left_at"), "left_at (check-out) is before arrived_at",
                   _later("arrived_at", "left_at")),),
    cross_rules=(CrossRule(
        "checkin_in_event_window", ("arrived_at",), "event_id", "events", ("starts_at", "ends_at"),
        f"arrived_at is outside its event's window (from {CHECKIN_EARLY_HOURS} h before starts_at to "
        f"{CHECKIN_LATE_HOURS} h after ends_at)", lambda att, ev: _outside_window(att, ev)),),
    person_data=True, aliases=("签到", "到场"), zh_name="签到",
))

_add(Table(
    "event_staff", "One row per on-site duty at an event (活动分工, issue 16): who held which role from when to when. "
    "Staff by staff_id; a building captain (楼栋长: a resident who brings neighbours, not staff) by person_id.",
    (
        C("event_id", "id", "Event.", aliases=("活动编号",)),
        C("staff_id", "id", "Staff member on duty (empty for a building captain).", nullable=True, required=False,
          aliases=("员工编号", "工号")),
        C("person_id", "id", "Resident on duty: the building captain (楼栋长).", nullable=True, required=False,
          aliases=("客户编号", "楼栋长编号")),
        C("role", "category", "greeter (引客人: brings people from the entrances to the table), receiver (接待: "
          "talks to and records each visitor), atmosphere (氛围: music, games for children), captain (楼栋长) or "
          "host (主持).", allowed=ON_SITE_ROLES, aliases=("岗位", "分工", "现场岗位")),
        C("from_at", "datetime", "Start of the duty.", aliases=("开始时间", "上岗时间")),
        C("to_at", "datetime", "End of the duty.", aliases=("结束时间", "下岗时间")),
    ),
    foreign_keys=(
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("staff_id", "staff", "staff_id"),
        ForeignKey("person_id", "people", "person_id"),
    ),
    rules=(
        RowRule("to_after_from", ("from_at", "to_at"), "to_at is before from_at", _later("from_at", "to_at")),
        RowRule("staff_or_resident", ("staff_id", "person_id"),
                "staff_id and person_id are both filled or both empty (exactly one names who was on duty)",
                lambda df: (df["staff_id"].isna() == df["person_id"].isna()).astype(bool)),
        RowRule("captain_is_resident", ("role", "person_id"),
                "role is captain but person_id is empty (a building captain is a resident, not staff)",
                lambda df: ((df["role"] == "captain") & df["person_id"].isna()).fillna(False).astype(bool)),
    ),
    person_data=True, aliases=("活动分工", "现场分工"), zh_name="活动分工",
))

_add(Table(
    "visitor_records", "One row per customer-information sheet (客户信息登记) filled in at an event (issue 16): the "
    "record a receiver keeps of a visitor — needs and products of interest. The visitor by person_id only.",
    (
        C("record_id", "id", "Record id.", aliases=("登记编号", "记录编号")),
        C("event_id", "id", "Event where it was filled in.", aliases=("活动编号",)),
        C("person_id", "id", "Visitor, when known.", nullable=True, aliases=("客户编号",)),
        C("staff_id", "id", "Staff member who recorded it (登记人).", nullable=True, aliases=("登记人", "员工编号")),
        C("recorded_at", "datetime", "When it was recorded.", aliases=("登记时间",)),
        C("needs", "str", "Needs noted, joined with '|'.", nullable=True, required=False, aliases=("需求",)),
        C("products", "str", "Products of interest, joined with '|'.", nullable=True, required=False,
          aliases=("意向产品",)),
    ),
    key=("record_id",),
    foreign_keys=(
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("staff_id", "staff", "staff_id"),
    ),
    person_data=True, aliases=("客户信息登记", "信息登记"), zh_name="客户信息登记",
))

_add(Table(
    "leads", "One row per sales lead (线索).",
    (
        C("lead_id", "id", "Lead id.", aliases=("线索编号",)),
        C("person_id", "id", "Person.", aliases=("客户编号",)),
        C("event_id", "id", "Event the lead came from.", nullable=True, required=False, aliases=("活动编号",)),
        C("group_id", "id", "WeChat group the lead came from.", nullable=True, required=False, aliases=("群编号",)),
        C("assigned_to", "id", "Staff id following up (empty: unassigned).", nullable=True,
          aliases=("跟进人", "负责人", "跟进员工")),
        C("captured_at", "datetime", "When the lead was captured: the 24/72 clock starts here.",
          aliases=("获取时间", "登记时间")),
        C("first_contact_at", "datetime", "First follow-up contact.", nullable=True, aliases=("首次联系时间",)),
        C("closed_at", "datetime", "When the result (won or lost) was recorded.", nullable=True,
          aliases=("结果时间", "关闭时间")),
        C("outcome", "category", "won, lost or open.", allowed=OUTCOMES, aliases=("结果", "跟进结果")),
        C("product", "str", "Product of interest or sold.", nullable=True, required=False, aliases=("产品",)),
        C("amount", "float", "Amount sold, yuan.", min=0, nullable=True, required=False, aliases=("金额",)),
    ),
    key=("lead_id",),
    foreign_keys=(
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("group_id", "wechat_groups", "group_id"),
        ForeignKey("assigned_to", "staff", "staff_id"),
    ),
    rules=(
        RowRule("contact_after_capture", ("captured_at", "first_contact_at"),
                "first_contact_at is before captured_at", _later("captured_at", "first_contact_at")),
        RowRule("closed_after_capture", ("captured_at", "closed_at"),
                "closed_at is before captured_at", _later("captured_at", "closed_at")),
        RowRule("closed_after_contact", ("first_contact_at", "closed_at"),
                "closed_at (the result) is before first_contact_at", _later("first_contact_at", "closed_at")),
        RowRule("closed_needs_time", ("outcome", "closed_at"),
                "outcome is won or lost but closed_at is empty",
                lambda df: (df["outcome"].isin(["won", "lost"]) & df["closed_at"].isna()).astype(bool)),
        RowRule("open_has_no_close", ("outcome", "closed_at"),
                "outcome is open but closed_at is filled in",
                lambda df: ((df["outcome"] == "open") & df["closed_at"].notna()).fillna(False).astype(bool)),
    ),
    person_data=True, aliases=("线索",), zh_name="线索",
))

_add(Table(
    "wechat_groups", "One row per WeChat group (微信群).",
    (
        C("group_id", "id", "Group id.", aliases=("群编号",)),
        C("branch_id", "id", "Branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("tier", "category", "mass (大众群), potential (潜在客户群) or elite (精英群).", allowed=TIERS,
          aliases=("群层级", "群类型")),
        C("owner_staff_id", "id", "Managing staff member (empty: not owned by the bank).", nullable=True,
          aliases=("群主", "群主员工编号")),
        C("created_at", "datetime", "Created.", aliases=("建群时间", "创建时间")),
        C("dissolved_at", "datetime", "Dissolved (解散), if so.", nullable=True, required=False,
          aliases=("解散时间",)),
        C("customers_only", "bool", "The group admits only bank customers (只限本行客户); empty when not recorded.",
          nullable=True, required=False, aliases=("只限本行客户", "仅限本行客户", "是否只限本行客户")),
    ),
    key=("group_id",),
    foreign_keys=(
        ForeignKey("branch_id", "branches", "branch_id"),
        ForeignKey("owner_staff_id", "staff", "staff_id"),
    ),
    rules=(RowRule("dissolved_after_created", ("created_at", "dissolved_at"),
                   "dissolved_at is before created_at", _later("created_at", "dissolved_at")),),
    aliases=("微信群", "群"), zh_name="微信群",
))

_add(Table(
    "group_members", "One row per membership spell (a person in a group from joined_at to left_at).",
    (
        C("group_id", "id", "Group.", aliases=("群编号",)),
        C("person_id", "id", "Member.", aliases=("客户编号",)),
        C("joined_at", "datetime", "Joined (入群时间).", aliases=("入群时间",)),
        C("left_at", "datetime", "Left (退群时间), if so.", nullable=True, required=False, aliases=("退群时间",)),
        C("from_group_id", "id", "Group they were pulled in from.", nullable=True, required=False,
          aliases=("来源群", "来源群编号")),
        C("join_channel", "category", "How the member came into the group (进群渠道): event_qr (活动二维码), "
          "outbound_call (外呼邀请), official_account (公众号菜单), mobile_banking (手机银行页面), member_referral "
          "(群成员推荐), owners_group (业主群), other; empty when not recorded (a member pulled in from another "
          "group has from_group_id instead).", allowed=JOIN_CHANNELS, nullable=True, required=False,
          aliases=("进群渠道", "入群渠道", "进群方式")),
        C("placement_id", "id", "Publicity placement that brought this first touch (宣传阵地, issue 16), if known.",
          nullable=True, required=False, aliases=("宣传阵地", "宣传编号")),
    ),
    foreign_keys=(
        ForeignKey("group_id", "wechat_groups", "group_id"),
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("from_group_id", "wechat_groups", "group_id"),
        ForeignKey("placement_id", "placements", "placement_id"),
    ),
    rules=(RowRule("left_after_joined", ("joined_at", "left_at"), "left_at is before joined_at",
                   _later("joined_at", "left_at")),),
    person_data=True, aliases=("群成员",), zh_name="群成员",
))

_add(Table(
    "group_messages", "One row per message, or per member, day and kind with a count.",
    (
        C("group_id", "id", "Group.", aliases=("群编号",)),
        C("person_id", "id", "Sender.", aliases=("客户编号", "发送人")),
        C("sent_at", "datetime", "Sent (or the day of a daily count).", aliases=("发送时间",)),
        C("kind", "category", "text, question, product_post, game or red_packet.", allowed=MESSAGE_KINDS,
          aliases=("消息类型",)),
        C("messages", "int", "Number of messages this row stands for (1 for a single message).", min=1,
          required=False, default=1, aliases=("消息数",)),
    ),
    foreign_keys=(ForeignKey("group_id", "wechat_groups", "group_id"),),
    person_data=True, aliases=("群消息",), zh_name="群消息",
))

_add(Table(
    "deals", "One row per closed sale (成交).",
    (
        C("deal_id", "id", "Deal id.", aliases=("成交编号", "交易编号")),
        C("person_id", "id", "Customer.", aliases=("客户编号",)),
        C("staff_id", "id", "Staff member credited.", aliases=("员工编号", "工号")),
        C("product", "str", "Product.", aliases=("产品",)),
        C("amount", "float", "Amount, yuan.", min=0, aliases=("金额", "成交金额")),
        C("closed_at", "datetime", "When the sale closed.", aliases=("成交时间",)),
        C("channel", "category", "offline or online.", allowed=DEAL_CHANNELS, aliases=("渠道", "成交渠道")),
        C("event_id", "id", "Event credited, if any.", nullable=True, required=False, aliases=("活动编号",)),
        C("group_id", "id", "WeChat group credited, if any.", nullable=True, required=False, aliases=("群编号",)),
    ),
    key=("deal_id",),
    foreign_keys=(
        ForeignKey("person_id", "people", "person_id"),
        ForeignKey("staff_id", "staff", "staff_id"),
        ForeignKey("event_id", "events", "event_id"),
        ForeignKey("group_id", "wechat_groups", "group_id"),
    ),
    person_data=True, aliases=("成交",), zh_name="成交",
))

_add(Table(
    "hook_campaigns", "One row per join-the-group incentive campaign (进群红包).",
    (
        C("campaign_id", "id", "Campaign id.", aliases=("活动编号", "红包活动编号")),
        C("branch_id", "id", "Branch.", aliases=("网点编号", "网点ID", "支行编号")),
        C("started_at", "datetime", "Start.", required=False, nullable=True, aliases=("开始时间",)),
        C("ended_at", "datetime", "End.", required=False, nullable=True, aliases=("结束时间",)),
        C("joined", "int", "People who joined the group.", min=0, aliases=("入群人数",)),
        C("claimed", "int", "People who claimed the reward.", min=0, aliases=("领取人数",)),
        C("reward_per_claim", "float", "Reward per claim, yuan (the nominal cost).", min=0,
          aliases=("单个红包金额", "红包金额")),
        C("spend", "float", "Total paid out, yuan.", min=0, aliases=("实际支出", "总支出")),
    ),
    key=("campaign_id",), foreign_keys=(ForeignKey("branch_id", "branches", "branch_id"),),
    rules=(RowRule("claimed_le_joined", ("joined", "claimed"), "more people claimed than joined",
                   lambda df: (df["claimed"] > df["joined"]).fillna(False).astype(bool)),),
    aliases=("进群红包",), zh_name="进群红包",
))
