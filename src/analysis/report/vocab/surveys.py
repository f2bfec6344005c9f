"""Labels and sentences of the surveys domain (社区调研): :mod:`analysis.surveys` and notebook 01.

Every column of every result of the package has a label here, in :mod:`.stats` (``chi2``,
``se``, ``expected`` …) or in :mod:`.common` (``rate``, ``ci_low``, ``community_id``,
``households``, ``segment``, ``channel`` …). Coded values are ``"column=value"`` keys:
``option=<code>`` for the options of the standard questionnaire (:mod:`analysis.questionnaire`),
``product=``, ``segment=``, ``channel=``, ``kind=`` (entry points), ``stage=``, ``advice=``,
``check=``, ``question=`` (the questionnaire's keys).

Shared with other domains and defined once elsewhere (candidates for ``common``): ``share``
and ``reasons`` (followup), ``date`` (groups), ``priority``, ``score`` and ``check`` (events),
the stats columns (``stats``).
"""

LABELS = {
    # --- columns -------------------------------------------------------------------------
    "question_id": ("题号", "Question no.", "id"),
    "question": ("题目", "Question", "code"),
    "option": ("选项", "Option", "code"),
    "label": ("选项（问卷原文）", "Option (codebook text)", "text"),
    "respondents": ("选择人数", "Respondents", "count"),
    "answered": ("作答人数", "Answered", "count"),
    "responses": ("答卷数", "Answer sheets", "count"),
    "coverage": ("答卷/户数", "Sheets per household", "pct"),
    "week": ("周（起始日）", "Week (from Monday)", "date"),
    "est_households": ("估计户数", "Estimated households", "count"),
    "est_households_ci_low": ("估计户数下限", "Estimated households, CI low", "count"),
    "est_households_ci_high": ("估计户数上限", "Estimated households, CI high", "count"),
    "unweighted": ("未加权比例", "Unweighted share", "pct"),
    "unweighted_ci_low": ("未加权下限", "Unweighted, CI low", "pct"),
    "unweighted_ci_high": ("未加权上限", "Unweighted, CI high", "pct"),
    "weighted": ("加权比例", "Weighted share", "pct"),
    "weighted_ci_low": ("加权下限", "Weighted, CI low", "pct"),
    "weighted_ci_high": ("加权上限", "Weighted, CI high", "pct"),
    "difference": ("加权−未加权", "Weighted − unweighted", "pp"),
    "row_question": ("行变量", "Row question", "code"),
    "col_question": ("列变量", "Column question", "code"),
    "row_share": ("行内占比", "Share of the row", "pct"),
    "product": ("产品", "Product", "code"),
    "triggers": ("触发条件", "Triggered by", "text"),
    "in_bundle": ("纳入套餐", "In the bundle", "bool"),
    "already_held": ("已持有人数", "Already hold it", "count"),
    "not_held": ("未持有人数", "Do not hold it yet", "count"),
    "stage": ("阶段", "Stage", "code"),
    "entry_id": ("入口编号", "Entry point", "id"),
    "daily_flow": ("日客流", "Daily flow", "count"),
    "cost_per_visit": ("单次成本(元)", "Cost per visit (yuan)", "num1"),
    "value_score": ("价值评分", "Value score", "num1"),
    "flow_pct": ("客流分位", "Flow percentile", "pct"),
    "low_cost_pct": ("低成本分位", "Low-cost percentile", "pct"),
    "value_pct": ("价值分位", "Value percentile", "pct"),
    # "rank" (排名) is in common: the action lists of every report use it too
    "advice": ("建议", "Advice", "code"),
    # --- the questions of the standard questionnaire (keys of analysis.questionnaire) ---------
    "age_band": ("年龄段", "Age band", "code"),
    "wechat": ("愿意入群", "Willing to join a WeChat group", "code"),
    "question=age_band": ("年龄段", "Age band", None),
    "question=gender": ("性别", "Gender", None),
    "question=family": ("家庭结构", "Family", None),
    "question=segment": ("职业（客群）", "Occupation (segment)", None),
    "question=banks": ("常用银行", "Banks used", None),
    "question=is_customer": ("是否本行客户", "Customer of the bank", None),
    "question=products": ("持有产品", "Products held", None),
    "question=needs": ("金融需求", "Financial needs", None),
    "question=topics": ("活动主题", "Activity topics", None),
    "question=circles": ("社区圈子", "Relationship groups", None),
    "question=time": ("活动时间", "Time for activities", None),
    "question=wechat": ("愿意入群", "Willing to join a WeChat group", None),
    "question=satisfaction": ("满意度", "Satisfaction", None),
    "question=suggestions": ("建议", "Suggestions", None),
    # --- options of the standard questionnaire -----------------------------------------------
    "option=18-29": ("18-29岁", "18–29", None), "option=30-39": ("30-39岁", "30–39", None),
    "option=40-49": ("40-49岁", "40–49", None), "option=50-59": ("50-59岁", "50–59", None),
    "option=60+": ("60岁及以上", "60 and over", None),
    "option=female": ("女", "Female", None), "option=male": ("男", "Male", None),
    "option=single": ("单身", "Single", None), "option=couple": ("夫妻二人", "Couple", None),
    "option=with_young_children": ("有学龄前子女", "Pre-school children", None),
    "option=with_school_children": ("有在读子女（小学至大学）", "Children at school or university", None),
    "option=three_generations": ("三代同堂", "Three generations", None),
    "option=empty_nest": ("子女已离家（空巢）", "Empty nest", None),
    "option=payroll": ("企事业单位在职（工薪）", "Salaried employee (payroll)", None),
    "option=retiree": ("退休", "Retired", None),
    "option=business_owner": ("个体工商户/企业主", "Self-employed / business owner", None),
    "option=professional": ("专业人士（医生、教师、律师等）", "Professional (doctor, teacher, lawyer…)", None),
    "option=homemaker": ("全职在家（主妇/主夫）", "Homemaker", None),
    "option=student": ("学生", "Student", None),
    "option=other": ("其他", "Other", None),
    "option=icbc": ("工商银行", "ICBC", None), "option=ccb": ("建设银行", "CCB", None),
    "option=abc": ("农业银行", "ABC", None), "option=boc": ("中国银行", "Bank of China", None),
    "option=bocom": ("交通银行", "Bank of Communications", None), "option=cmb": ("招商银行", "China Merchants Bank", None),
    "option=psbc": ("邮储银行", "Postal Savings Bank", None), "option=our_bank": ("本行", "Our bank", None),
    "option=yes": ("是", "Yes", None), "option=no": ("否", "No", None), "option=maybe": ("看情况", "Maybe", None),
    "option=deposit": ("存款", "Deposits", None), "option=wealth": ("理财产品", "Wealth products", None),
    "option=fund": ("基金", "Funds", None), "option=insurance": ("保险", "Insurance", None),
    "option=credit_card": ("信用卡", "Credit card", None), "option=mobile_banking": ("手机银行", "Mobile banking", None),
    "option=consumer_loan": ("消费贷款", "Consumer loan", None), "option=mortgage": ("房贷", "Mortgage", None),
    "option=none": ("都没有", "None", None),
    "option=cross_bank_transfer": ("跨行转账", "Transfers to other banks", None),
    "option=remote_transfer": ("异地汇款", "Remittances to other cities", None),
    "option=cross_border_transfer": ("跨境汇款", "Cross-border remittances", None),
    "option=fixed_income": ("稳健的固定收益", "A steady fixed income", None),
    "option=home_purchase": ("购房", "Buying a home", None),
    "option=education": ("子女教育", "Children's education", None),
    "option=retirement": ("养老规划", "Retirement planning", None),
    "option=parenting": ("亲子教育", "Parenting", None), "option=health": ("健康养生", "Health", None),
    "option=finance_basics": ("理财知识", "Money basics", None), "option=anti_fraud": ("防骗反诈", "Fraud prevention", None),
    "option=cooking": ("美食烹饪", "Cooking", None), "option=travel": ("旅游出行", "Travel", None),
    "option=arts": ("艺术（插花、茶艺、书画）", "Arts (flowers, tea, calligraphy)", None),
    "option=square_dance": ("广场舞", "Square dance", None), "option=parent_child": ("亲子", "Parents and children", None),
    "option=car_club": ("车友", "Car club", None), "option=hiking": ("驴友", "Hiking", None),
    "option=mahjong": ("麻将", "Mahjong", None), "option=fitness": ("运动健身", "Fitness", None),
    "option=weekday_morning": ("工作日上午", "Weekday mornings", None),
    "option=weekday_evening": ("工作日晚上", "Weekday evenings", None),
    "option=weekend_morning": ("周末上午", "Weekend mornings", None),
    "option=weekend_afternoon": ("周末下午", "Weekend afternoons", None),
    "option=1": ("1 非常不满意", "1 Very dissatisfied", None), "option=2": ("2 不满意", "2 Dissatisfied", None),
    "option=3": ("3 一般", "3 Neutral", None), "option=4": ("4 满意", "4 Satisfied", None),
    "option=5": ("5 非常满意", "5 Very satisfied", None),
    "wechat=yes": ("愿意", "Willing", None), "wechat=no": ("不愿意", "Not willing", None),
    "wechat=maybe": ("看情况", "Maybe", None),
    # --- segments (people.segment and the occupation question) --------------------------------
    "segment=payroll": ("工薪（代发工资）", "Payroll", None), "segment=retiree": ("退休", "Retiree", None),
    "segment=business_owner": ("个体工商户/企业主", "Business owner", None),
    "segment=professional": ("专业人士", "Professional", None), "segment=homemaker": ("全职在家", "Homemaker", None),
    "segment=student": ("学生", "Student", None), "segment=other": ("其他", "Other", None),
    # --- survey channels (survey_responses.channel; booth, salon, activity are in common) -----
    "channel=online": ("线上（问卷星）", "Online (Wenjuanxing)", None), "channel=wechat": ("微信", "WeChat", None),
    "channel=door_to_door": ("上门", "Door to door", None), "channel=other": ("其他", "Other", None),
    # --- products of the rule table -----------------------------------------------------------
    "product=deposit": ("存款（定期、大额存单）", "Deposits (term, large CDs)", None),
    "product=wealth": ("理财产品", "Wealth products", None), "product=fund": ("基金定投", "Fund savings plan", None),
    "product=insurance": ("保险保障", "Insurance", None), "product=credit_card": ("信用卡", "Credit card", None),
    "product=mobile_banking": ("手机银行", "Mobile banking", None),
    "product=consumer_loan": ("消费贷款", "Consumer loan", None), "product=mortgage": ("房贷", "Mortgage", None),
    "product=principal_protected": ("保本型产品（结构性存款）", "Principal-protected (structured deposits)", None),
    "product=fixed_income_wealth": ("稳健固收理财", "Fixed-income wealth product", None),
    "product=anti_fraud": ("防诈骗服务", "Fraud-prevention service", None),
    "product=social_security_card": ("社保卡与养老金代发", "Social-security card and pension payment", None),
    "product=merchant_services": ("商户收单", "Merchant acquiring", None),
    "product=business_loan": ("经营贷", "Business loan", None),
    "product=payroll_service": ("代发工资服务", "Payroll service", None),
    "product=pension_account": ("个人养老金账户", "Private pension account", None),
    "product=education_savings": ("教育金规划", "Education savings", None),
    "product=cross_border_remittance": ("跨境汇款", "Cross-border remittance", None),
    # --- entry points -------------------------------------------------------------------------
    "kind=supermarket": ("超市", "Supermarket", None), "kind=club": ("会所", "Club", None),
    "kind=beauty": ("美容院", "Beauty salon", None), "kind=laundry": ("洗衣店", "Laundry", None),
    "kind=car_care": ("汽车美容", "Car care", None), "kind=activity_center": ("社区活动中心", "Activity centre", None),
    "kind=property_office": ("物业", "Property office", None), "kind=school": ("学校/幼儿园", "School / kindergarten", None),
    "kind=pharmacy": ("药店", "Pharmacy", None), "kind=restaurant": ("餐饮", "Restaurant", None),
    "kind=other": ("其他", "Other", None),
    "stage=new": ("新进入", "New", None), "stage=established": ("已站稳", "Established", None),
    "advice=enter_first": ("优先进入：客流大、成本低", "Enter first: high flow, low cost", None),
    "advice=high_value_later": ("站稳后再做：高价值", "Later, once established: high value", None),
    "advice=deepen": ("重点深耕：高价值", "Deepen: high value", None),
    "advice=keep_flow": ("保持引流：客流大、成本低", "Keep the flow: high flow, low cost", None),
    "advice=optional": ("视资源安排", "As resources allow", None),
    # --- survey checks (survey_quality) -------------------------------------------------------
    "check=no_answers": ("空白答卷", "Blank answer sheets", None),
    "check=too_fast": ("答题过快", "Filled in too fast", None),
    "check=repeat_respondent": ("同一人多次作答", "Same person answered twice", None),
    "check=unknown_option": ("不在选项表中的答案", "Answers not in the codebook", None),
    "check=item_nonresponse": ("题目漏答较多", "Question often skipped", None),
    "check=thin_community": ("样本过少的小区", "Community with too few sheets", None),
    "check=unknown_community": ("小区不在小区表中", "Community not in the communities table", None),
    # --- chart titles -------------------------------------------------------------------------
    "title.surveys_weekly": ("每周答卷数", "Answer sheets per week", None),
    "title.surveys_age": ("年龄段", "Age band", None),
    "title.surveys_segments": ("客群", "Segments", None),
    "title.surveys_circles": ("社区圈子（加权，占户数比例）", "Relationship groups (weighted, share of households)", None),
    "title.surveys_needs": ("近期金融需求", "Financial needs", None),
    "title.surveys_products": ("已持有的金融产品", "Products held", None),
    "title.surveys_topics": ("希望参加的活动主题", "Preferred activity topics", None),
    "title.surveys_needs_weighted": ("金融需求（加权，占户数比例）", "Financial needs (weighted, share of households)", None),
    # --- sections of notebook 01 --------------------------------------------------------------
    "section.surveys": ("社区调研", "Community survey", None),
    "section.surveys_who": ("谁填了问卷", "Who answered", None),
    "section.surveys_profile": ("小区画像", "Community profile", None),
    "section.surveys_segments": ("客群与社区圈子", "Segments and relationship groups", None),
    "section.surveys_needs": ("需求与产品兴趣", "Needs and product interest", None),
    "section.surveys_crosstab": ("年龄与入群意愿", "Age × willingness to join a WeChat group", None),
    "section.surveys_weighting": ("加权与未加权", "Weighted vs unweighted", None),
    "section.surveys_entry": ("从哪里进入小区", "Where to enter the community", None),
    "section.surveys_recommend": ("向谁推荐什么", "What to recommend to whom", None),
    "section.surveys_actions": ("下一步做什么", "What to do next", None),
    "section.surveys_how": ("怎么读这份报告", "How to read this report", None),
    # --- headline measures (analysis.surveys.headline) ---------------------------------------------
    "measure=responses": ("本期答卷", "Answer sheets this period", None),
    "measure=coverage": ("答卷覆盖户数（已调研小区）", "Sheets per household (surveyed communities)", None),
    "top_need": ("首要需求（按户数加权）", "Top need (weighted)", None),
    "top_circle": ("最大的社区圈子（占户数）", "Largest relationship group (share of households)", None),
    "top_topic": ("最想参加的活动主题", "Most wanted event topic", None),
}

# the headline's "top" measures name their option: top_need=education → 首要需求：子女教育 (the options
# of the standard questionnaire's needs, circles and topics questions; analysis.questionnaire)
_TOP = {
    "top_need": (("首要需求", "Top need"), ("cross_bank_transfer", "remote_transfer", "cross_border_transfer",
                                            "fixed_income", "home_purchase", "education", "retirement")),
    "top_circle": (("最大圈子", "Largest group"), ("square_dance", "parent_child", "car_club", "hiking", "mahjong",
                                                  "fitness", "cooking")),
    "top_topic": (("最想参加", "Most wanted topic"), ("parenting", "health", "finance_basics", "anti_fraud", "cooking",
                                                   "travel", "arts")),
}
LABELS |= {f"{measure}={code}": (f"{zh}：{LABELS[f'option={code}'][0]}", f"{en}: {LABELS[f'option={code}'][1]}", None)
           for measure, ((zh, en), codes) in _TOP.items() for code in codes}

SENTENCES = {
    # --- section intros -----------------------------------------------------------------------
    "section.surveys_how": (
        "本报告回答：谁填了问卷、小区里住着什么样的人、他们有哪些金融需求和社区圈子、从哪个入口进入小区、向哪类客户推荐什么产品组合。"
        "比例都给出 95% 置信区间：区间越宽，说明作答人数越少，结论越要谨慎。",
        "Who answered, who lives in the communities, what they need, which relationship groups they belong to, where "
        "to enter and what to offer to whom. Every share comes with its 95% interval: the wider it is, the fewer "
        "people answered and the more careful the conclusion must be."),
    "section.surveys_who": (
        "每个小区的答卷数与户数之比（答卷/户数），以及答卷的渠道和时间。比例明显偏低的小区，问卷结论主要反映其他小区；"
        "后面的“加权”估计会按户数纠正这种偏差。答卷通常集中在办活动的那几周。",
        "Answer sheets per community against its households, and the channels and weeks they came from. Where the "
        "ratio is low, the survey mostly speaks for the other communities; the weighted estimates below correct for "
        "it by households. Sheets usually bunch in the weeks with events."),
    "section.surveys_profile": (
        "作答者的年龄、性别、家庭结构和职业。“作答人数”是回答了该题的人数（比例的分母），跳过该题的人不计入。",
        "Age, gender, family and occupation of the respondents. \"Answered\" counts those who answered the question "
        "(the denominator of the share); those who skipped it are not counted."),
    "section.surveys_segments": (
        "职业决定客群（工薪、退休、个体工商户……）；社区圈子（广场舞、亲子、车友……）是进入小区的天然渠道。"
        "“估计户数”按各小区户数加权，告诉网点通过一个圈子大约能接触多少户。排在前面的圈子最容易组织活动、建立微信群。",
        "Occupation sets the segment (payroll, retiree, business owner…); relationship groups (square dance, parents "
        "and children, car club…) are the natural way into a community. \"Estimated households\" is weighted by each "
        "community's households: about how many households the branch reaches through the group. The groups at the "
        "top are the easiest to organise an event or a WeChat group around."),
    "section.surveys_needs": (
        "多选题的比例是“选择该项的人数 / 作答人数”，各项相加会超过 100%。",
        "A multi-choice share is \"respondents who ticked the option / respondents who answered\": the shares of a "
        "question add up to more than 100%."),
    "section.surveys_crosstab": (
        "卡方检验看年龄段与入群意愿是否相关；克莱姆V衡量相关强度（0 = 无关，1 = 完全相关）。若“期望频数不足5”为是，p 值只作参考。",
        "The chi-square test asks whether age band and willingness to join a WeChat group are related; Cramér's V "
        "measures how strongly (0 = not at all, 1 = completely). When \"Expected count below 5\" is yes, read the "
        "p-value as a rough guide only."),
    "section.surveys_weighting": (
        "未加权比例反映“填了问卷的人”；加权比例把每个小区按其户数放大，估计的是“全部住户”。两者差距大，说明某些小区答卷过多或过少"
        "（例如一场沙龙集中在一个小区）。加权区间考虑了有限总体校正；只有一份答卷的小区按保守方法处理。",
        "The unweighted share describes the people who answered; the weighted share scales each community up to its "
        "households and estimates all residents. A large gap means some communities answered far more or less than "
        "their size (a salon held in one community). The weighted intervals include the finite-population "
        "correction; a community with a single sheet is handled conservatively."),
    "section.surveys_entry": (
        "按日客流、单次成本和客户价值给每个小区的营销入口打分。实践经验：刚进入一个小区，先选客流大、成本低的入口（超市、物业、活动中心）打开局面；"
        "在小区站稳（已办过 3 场以上活动）后，再深耕高价值入口（会所、美容院、汽车美容）。",
        "Each community's entry points scored by daily flow, cost per visit and customer value. The practice: new to a "
        "community, open with high-flow, low-cost entries (supermarket, property office, activity centre); once "
        "established (3 events or more), work the high-value ones (club, beauty salon, car care)."),
    "section.surveys_recommend": (
        "先看各客群最常提到的需求（比例 = 该客群中选择该需求的人数 / 该客群作答人数）。产品组合来自一张规则表：客群决定基础套餐"
        "（如代发工资客户：存款、手机银行、消费贷、保本型产品；退休客户：稳健固收、存款、防诈骗服务），勾选的需求再补充产品。"
        "第二张表列出各客群的推荐套餐、覆盖人数以及其中已持有的人数——“未持有人数”多的产品就是营销空间。",
        "First the needs each segment names most (share = respondents of the segment who ticked the need / respondents "
        "of the segment who answered). The product mix comes from one rule table: the segment sets the basic bundle "
        "(payroll customers: deposits, mobile banking, consumer loans, principal-protected products; retirees: "
        "fixed income, deposits, fraud prevention) and the needs ticked add products. The second table lists each "
        "segment's bundle, how many respondents it applies to and how many already hold it: the products many do "
        "not hold yet are the room to sell."),
    # --- header and verdict -------------------------------------------------------------------
    "surveys.scope.all": ("全部 {n:count} 个小区", "all {n:count} communities"),
    "surveys.verdict.no_data": (
        "⚠ 本期、本范围内没有问卷答卷：先按下面的行动清单到各小区设调研点。",
        "⚠ No answer sheets in this period and scope: start with the survey booths in the action list below."),
    "surveys.verdict.sheets": ("本期 {n:count} 份答卷", "{n:count} answer sheets this period"),
    "surveys.verdict.previous": ("（上期 {prev:count} 份）", " (previous period {prev:count})"),
    "surveys.verdict.thin": ("；答卷不足 {target:count} 份，这些比例只作参考",
                             "; with fewer than {target:count} sheets, read these shares as rough"),
    "surveys.verdict.coverage": ("，约占已调研小区户数的 {rate:pct}", ", about {rate:pct} of the surveyed communities' "
                                                                  "households"),
    "surveys.verdict.top_need": ("；住户首要需求是“{option}”（{rate:pct}，区间 {lo:pct}–{hi:pct}）",
                                 "; the households' top need: {option} ({rate:pct}, CI {lo:pct}–{hi:pct})"),
    "surveys.verdict.top_circle": ("，最大的社区圈子是“{option}”（{rate:pct} 的户）",
                                   ", largest relationship group: {option} ({rate:pct} of households)"),
    "surveys.verdict.top_topic": ("，最想参加的活动主题是“{option}”（{rate:pct}）",
                                  ", most wanted event topic: {option} ({rate:pct})"),
    "surveys.verdict.end": ("。", "."),
    # --- the action list (analysis.surveys.actions): "<key>" is what to do, "<key>.why" the reason -------
    "surveys.action.place": ("{community}的{entry}", "{entry}, {community}"),
    "surveys.action.survey_next": (
        "到{place}设调研点，再收 {missing:count} 份答卷",
        "Run a survey booth at {place}: {missing:count} more answer sheets"),
    "surveys.action.survey_next.why": (
        "{households:count} 户，本期只有 {n:count} 份答卷；少于 {target:count} 份时比例的区间宽于 ±{width:count} 个百分点",
        "{households:count} households and {n:count} sheets this period; under {target:count} a share's interval is "
        "wider than ±{width:count} pp"),
    "surveys.action.survey_none.why": (
        "{households:count} 户，本期没有答卷：问卷结论不代表这个小区",
        "{households:count} households and no sheet this period: the survey does not speak for them"),
    "surveys.action.survey_rest": (
        "再安排 {n:count} 个小区的调研（按户数从多到少）：{names}",
        "Schedule surveys in {n:count} more communities (largest first): {names}"),
    "surveys.action.survey_rest.why": (
        "这些小区本期答卷都不足 {target:count} 份", "each has fewer than {target:count} answer sheets this period"),
    "surveys.action.offer": (
        "向{segment}客群主推：{products}", "Offer the {segment} segment: {products}"),
    "surveys.action.offer.why": (
        "{n:count} 位受访者属于该客群（占 {share:pct}），其中 {not_held:count} 人还没有{product}",
        "{n:count} respondents are in the segment ({share:pct}); {product}: {not_held:count} of them do not have "
        "it yet"),
    "surveys.action.offer_plain": (
        "向{segment}客群主推：{products}", "Offer the {segment} segment: {products}"),
    "surveys.action.offer_plain.why": (
        "{n:count} 位受访者属于该客群（占 {share:pct}）", "{n:count} respondents are in the segment ({share:pct})"),
    "surveys.action.topic": (
        "下一场沙龙或社区活动以“{topic}”为主题", "Hold the next salon or community activity on {topic}"),
    "surveys.action.topic.why": (
        "按户数加权，{rate:pct} 的住户想参加（区间 {lo:pct}–{hi:pct}），是最想参加的主题",
        "{rate:pct} of households want it (weighted; CI {lo:pct}–{hi:pct}), the most wanted topic"),
    "surveys.action.circle": (
        "通过“{circle}”圈子的带头人进入：为圈子办一场活动，拉一个微信群",
        "Reach the {circle} group through its leader: an event for the group and a WeChat group"),
    "surveys.action.circle.why": (
        "最大的社区圈子，约 {est:count} 户（区间 {lo:count}–{hi:count} 户）",
        "the largest relationship group, about {est:count} households (CI {lo:count}–{hi:count})"),
    "surveys.action.too_fast": (
        "提醒调研点的接待人员：请受访者自己读题、完整作答，不要催促或代填",
        "Remind the booth staff to let respondents read and answer every question themselves"),
    "surveys.action.too_fast.why": (
        "{n:count} 份答卷（{share:pct}）用时不足 {seconds} 秒", "{n:count} answer sheets ({share:pct}) took under "
                                                            "{seconds} seconds"),
    # --- survey_quality details ---------------------------------------------------------------
    "surveys.quality.no_answers": ("{n:count} 份答卷没有任何答案", "{n:count} answer sheet(s) hold no answer"),
    "surveys.quality.too_fast": (
        "{n:count} 份答卷用时不足 {seconds} 秒，可能未认真作答",
        "{n:count} answer sheet(s) took under {seconds} seconds: perhaps not read carefully"),
    "surveys.quality.repeat_respondent": (
        "{people:count} 人各填写了不止一份答卷（共 {n:count} 份）",
        "{people:count} people filled in more than one answer sheet ({n:count} sheets)"),
    "surveys.quality.unknown_option": (
        "{question_id}：{n:count} 个答案不在选项表中（{values}）",
        "{question_id}: {n:count} answer(s) are not options of the codebook ({values})"),
    "surveys.quality.item_nonresponse": (
        "{question_id}（{question}）只有 {share:pct} 的答卷作答",
        "{question_id} ({question}) was answered on only {share:pct} of the sheets"),
    "surveys.quality.thin_community": (
        "小区 {community} 只有 {n:count} 份答卷：加权估计时其方差按保守方法处理",
        "community {community} has only {n:count} answer sheet(s): its variance is estimated conservatively when "
        "weighting"),
    "surveys.quality.unknown_community": (
        "{n:count} 份答卷的小区不在小区表中（{values}）",
        "{n:count} answer sheet(s) name a community that is not in the communities table ({values})"),
    # --- why a product is recommended (the reason keys of analysis.surveys.PRODUCT_RULES) -----
    "surveys.reason.segment.payroll.deposit":
        ("代发工资客户：工资到账后的活期、定期打底", "Payroll customers: current and term deposits once the salary arrives"),
    "surveys.reason.segment.payroll.mobile_banking":
        ("代发工资客户：日常转账、缴费在手机上完成", "Payroll customers: everyday transfers and bills on the phone"),
    "surveys.reason.segment.payroll.consumer_loan":
        ("代发工资客户：凭代发记录可获消费贷额度", "Payroll customers: the payroll record qualifies for a consumer loan"),
    "surveys.reason.segment.payroll.principal_protected":
        ("代发工资客户：保本型产品积累第一笔稳健资产", "Payroll customers: a principal-protected product builds the first safe savings"),
    "surveys.reason.segment.retiree.fixed_income_wealth":
        ("退休客户：偏好稳健的固定收益", "Retirees: prefer a steady fixed income"),
    "surveys.reason.segment.retiree.deposit":
        ("退休客户：定期存款、大额存单", "Retirees: term deposits and large CDs"),
    "surveys.reason.segment.retiree.anti_fraud":
        ("退休客户：防范养老诈骗", "Retirees: protection against pension fraud"),
    "surveys.reason.segment.retiree.social_security_card":
        ("退休客户：养老金代发、社保卡服务", "Retirees: pension payment and social-security card"),
    "surveys.reason.segment.business_owner.merchant_services":
        ("个体工商户/企业主：收款码与收单", "Business owners: payment codes and acquiring"),
    "surveys.reason.segment.business_owner.business_loan":
        ("个体工商户/企业主：经营周转", "Business owners: working capital"),
    "surveys.reason.segment.business_owner.payroll_service":
        ("个体工商户/企业主：为员工代发工资", "Business owners: paying their employees' salaries"),
    "surveys.reason.segment.business_owner.wealth":
        ("个体工商户/企业主：闲置资金理财", "Business owners: idle cash in wealth products"),
    "surveys.reason.segment.professional.fund":
        ("专业人士：长期定投", "Professionals: a long-term fund savings plan"),
    "surveys.reason.segment.professional.pension_account":
        ("专业人士：个人养老金账户（税收优惠）", "Professionals: a private pension account (tax relief)"),
    "surveys.reason.segment.professional.credit_card":
        ("专业人士：信用卡", "Professionals: a credit card"),
    "surveys.reason.segment.professional.wealth":
        ("专业人士：理财产品", "Professionals: wealth products"),
    "surveys.reason.segment.homemaker.education_savings":
        ("全职在家：家庭教育金规划", "Homemakers: planning the children's education fund"),
    "surveys.reason.segment.homemaker.insurance":
        ("全职在家：家庭保障", "Homemakers: protection for the family"),
    "surveys.reason.segment.homemaker.wealth":
        ("全职在家：家庭理财", "Homemakers: the family's savings"),
    "surveys.reason.segment.homemaker.mobile_banking":
        ("全职在家：生活缴费", "Homemakers: paying household bills"),
    "surveys.reason.segment.student.mobile_banking":
        ("学生：手机银行", "Students: mobile banking"),
    "surveys.reason.segment.student.anti_fraud":
        ("学生：防范电信诈骗", "Students: protection against phone scams"),
    "surveys.reason.segment.other.deposit":
        ("其他：存款", "Others: deposits"),
    "surveys.reason.segment.other.mobile_banking":
        ("其他：手机银行", "Others: mobile banking"),
    "surveys.reason.need.cross_bank_transfer.mobile_banking":
        ("跨行转账：手机银行转账", "Transfers to other banks: by mobile banking"),
    "surveys.reason.need.remote_transfer.mobile_banking":
        ("异地汇款：手机银行实时到账", "Remittances to other cities: instant by mobile banking"),
    "surveys.reason.need.cross_border_transfer.cross_border_remittance":
        ("跨境汇款需求", "Needs cross-border remittances"),
    "surveys.reason.need.fixed_income.fixed_income_wealth":
        ("偏好稳健的固定收益", "Prefers a steady fixed income"),
    "surveys.reason.need.fixed_income.deposit":
        ("偏好稳健：大额存单", "Prefers safety: large CDs"),
    "surveys.reason.need.home_purchase.mortgage":
        ("购房需求：房贷", "Buying a home: a mortgage"),
    "surveys.reason.need.home_purchase.deposit":
        ("购房需求：首付储蓄", "Buying a home: saving for the down payment"),
    "surveys.reason.need.education.education_savings":
        ("子女教育需求：教育金", "Children's education: an education fund"),
    "surveys.reason.need.education.insurance":
        ("子女教育需求：少儿保障", "Children's education: cover for the children"),
    "surveys.reason.need.retirement.pension_account":
        ("养老规划：个人养老金账户", "Retirement planning: a private pension account"),
    "surveys.reason.need.retirement.insurance":
        ("养老规划：商业养老保险", "Retirement planning: commercial pension insurance"),
}
