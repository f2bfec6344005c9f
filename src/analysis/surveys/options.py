"""Community survey analysis (社区调研): who answered, what they need, what to offer, where to enter.

Every function takes the contract's survey tables (``survey_responses``,
``survey_answers`` in long form, ``survey_questions`` as the codebook) and returns a
tidy DataFrame with a plain RangeIndex. Rates carry their numerator and denominator
(``respondents`` of ``answered``) and an interval at ``level``: Wilson intervals
(:func:`analysis.stats.proportion`) for plain shares, design-based intervals
(:func:`analysis.stats.stratified_proportion`) for estimates weighted to the
communities' households.

Questions are named by their ``question_id`` (``"q08"``) or, for the project's
standard questionnaire, by its English key (``"needs"``; see
:data:`analysis.questionnaire.QUESTION_IDS`).

Functions
---------
survey_scope, codebook
    The survey tables of a branch's scope, optionally for one community; the codebook to use.
response_counts, community_coverage
    Who answered: sheets by community, channel, day or week; sheets per household.
option_rates
    Share of respondents choosing each option (multi-choice: share of respondents, not ticks).
community_profile
    Age, gender, family and occupation of the respondents.
crosstab, crosstab_test
    Two questions crossed: cells with expected counts; chi-square, p-value, Cramér's V.
weighted_rates, weighted_vs_unweighted
    Estimates for the communities' households (stratified, with finite-population correction).
segment_profile
    Segment × needs, products held and preferred activities.
relationship_groups
    The relationship groups (广场舞, 亲子, 车友 …) present, with estimated households.
recommend_for, recommend_products
    Needs → product mix from the one rule table :data:`PRODUCT_RULES`.
rank_entry_points
    Entry points ranked by flow, cost and value with the practice's advice.
survey_quality
    The survey's own data findings (speeders, repeat respondents, gaps).
"""

from __future__ import annotations

import pandas as pd
import numpy as np

from analysis._checks import require_frame, show as _show
from analysis.errors import DataError, ParameterError
from analysis.questionnaire import QUESTION_IDS, standard_questionnaire
from analysis.stats import expected_counts, contingency_table, proportion, stratified_proportion, SMALL_EXPECTED
from analysis.wjx import RANK_SEP

__all__ = [
    "ZH", "PRODUCT_RULES", "PRODUCTS", "HELD_AS", "ENTRY_WEIGHTS",
    "survey_scope", "codebook", "response_counts", "community_coverage", "option_rates", "community_profile",
    "crosstab", "crosstab_test", "weighted_rates", "weighted_vs_unweighted", "segment_profile",
    "relationship_groups", "recommend_for", "recommend_products", "rank_entry_points", "survey_quality",
]

_SEP = "|"

# ---------------------------------------------------------------------------
# The rule table: needs and segments → products (one place)
# ---------------------------------------------------------------------------

#: Products the rules recommend: code → Chinese label. Codes shared with the questionnaire's
#: "products held" question (q07) mean the same product.
PRODUCTS: dict[str, str] = {
    "deposit": "存款（定期、大额存单）", "wealth": "理财产品", "fund": "基金定投", "insurance": "保险保障",
    "credit_card": "信用卡", "mobile_banking": "手机银行", "consumer_loan": "消费贷款", "mortgage": "房贷",
    "principal_protected": "保本型产品（结构性存款）", "fixed_income_wealth": "稳健固收理财",
    "anti_fraud": "防诈骗服务", "social_security_card": "社保卡与养老金代发", "merchant_services": "商户收单",
    "business_loan": "经营贷", "payroll_service": "代发工资服务", "pension_account": "个人养老金账户",
    "education_savings": "教育金规划", "cross_border_remittance": "跨境汇款",
}

#: Recommended product → the option of the products-held question (q07) that means the customer
#: already has it.
HELD_AS: dict[str, str] = {
    "deposit": "deposit", "wealth": "wealth", "fund": "fund", "insurance": "insurance", "credit_card": "credit_card",
    "mobile_banking": "mobile_banking", "consumer_loan": "consumer_loan", "mortgage": "mortgage",
    "fixed_income_wealth": "wealth",
}


def _rules() -> pd.DataFrame:
    seg = [  # (segment, product, priority, reason)
        ("payroll", "deposit", 1, "代发工资客户：工资到账后的活期、定期打底"),
        ("payroll", "mobile_banking", 2, "代发工资客户：日常转账、缴费在手机上完成"),
        ("payroll", "consumer_loan", 3, "代发工资客户：凭代发记录可获消费贷额度"),
        ("payroll", "principal_protected", 4, "代发工资客户：保本型产品积累第一笔稳健资产"),
        ("retiree", "fixed_income_wealth", 1, "退休客户：偏好稳健的固定收益"),
        ("retiree", "deposit", 2, "退休客户：定期存款、大额存单"),
        ("retiree", "anti_fraud", 3, "退休客户：防范养老诈骗"),
        ("retiree", "social_security_card", 4, "退休客户：养老金代发、社保卡服务"),
        ("business_owner", "merchant_services", 1, "个体工商户/企业主：收款码与收单"),
        ("business_owner", "business_loan", 2, "个体工商户/企业主：经营周转"),
        ("business_owner", "payroll_service", 3, "个体工商户/企业主：为员工代发工资"),
        ("business_owner", "wealth", 4, "个体工商户/企业主：闲置资金理财"),
        ("professional", "fund", 1, "专业人士：长期定投"),
        ("professional", "pension_account", 2, "专业人士：个人养老金账户（税收优惠）"),
        ("professional", "credit_card", 3, "专业人士：信用卡"),
        ("professional", "wealth", 4, "专业人士：理财产品"),
        ("homemaker", "education_savings", 1, "全职在家：家庭教育金规划"),
        ("homemaker", "insurance", 2, "全职在家：家庭保障"),
        ("homemaker", "wealth", 3, "全职在家：家庭理财"),
        ("homemaker", "mobile_banking", 4, "全职在家：生活缴费"),
        ("student", "mobile_banking", 1, "学生：手机银行"),
        ("student", "anti_fraud", 2, "学生：防范电信诈骗"),
        ("other", "deposit", 1, "其他：存款"),
        ("other", "mobile_banking", 2, "其他：手机银行"),
    ]
    need = [  # (need, product, priority, reason)
        ("cross_bank_transfer", "mobile_banking", 1, "跨行转账：手机银行转账"),
        ("remote_transfer", "mobile_banking", 1, "异地汇款：手机银行实时到账"),
        ("cross_border_transfer", "cross_border_remittance", 1, "跨境汇款需求"),
        ("fixed_income", "fixed_income_wealth", 1, "偏好稳健的固定收益"),
        ("fixed_income", "deposit", 2, "偏好稳健：大额存单"),
        ("home_purchase", "mortgage", 1, "购房需求：房贷"),
        ("home_purchase", "deposit", 2, "购房需求：首付储蓄"),
        ("education", "education_savings", 1, "子女教育需求：教育金"),
        ("education", "insurance", 2, "子女教育需求：少儿保障"),
        ("retirement", "pension_account", 1, "养老规划：个人养老金账户"),
        ("retirement", "insurance", 2, "养老规划：商业养老保险"),
    ]
    rows = [("segment", s, p, k, r) for s, p, k, r in seg] + [("need", n, p, k, r) for n, p, k, r in need]
    return pd.DataFrame(rows, columns=["trigger", "value", "product", "priority", "reason"]).astype(
        {"trigger": "string", "value": "string", "product": "string", "priority": "int64", "reason": "string"})


#: The one rule table (需求 → 产品组合). One row per rule: ``trigger`` (``segment`` or ``need``),
#: ``value`` (the segment code, e.g. ``payroll``, or the need code of the needs question, e.g.
#: ``fixed_income``), ``product`` (a code of :data:`PRODUCTS`), ``priority`` (1 = first in the
#: bundle) and ``reason`` (why, in Chinese). A segment's rules are its bundle, offered together
#: (e.g. payroll customers: deposits, mobile banking, consumer loans, principal-protected
#: products); need rules add products for the respondents who state the need.
PRODUCT_RULES: pd.DataFrame = _rules()

#: Weights of the entry-point score by community stage (percentile ranks within the community).
ENTRY_WEIGHTS: dict[str, dict[str, float]] = {
    "new": {"flow": 0.5, "low_cost": 0.3, "value": 0.2},           # new: high flow, low cost first
    "established": {"flow": 0.2, "low_cost": 0.2, "value": 0.6},   # established: the high-value entries
}

#: Chinese labels of this module's columns and codes (pass as ``extra=`` to ``labels.localize``).
ZH: dict[str, str] = {
    # columns
    "question_id": "题号", "question": "题目", "option": "选项代码", "label": "选项", "respondents": "选择人数",
    "answered": "作答人数", "se": "标准误", "communities": "小区数", "households": "户数",
    "est_households": "估计户数", "est_households_ci_low": "估计户数下限", "est_households_ci_high": "估计户数上限",
    "responses": "答卷数", "share": "占比", "coverage": "答卷/户数", "date": "日期", "week": "周（起始日）",
    "channel": "渠道", "segment": "客群", "unweighted": "未加权比例", "unweighted_ci_low": "未加权下限",
    "unweighted_ci_high": "未加权上限", "weighted": "加权比例", "weighted_ci_low": "加权下限",
    "weighted_ci_high": "加权上限", "difference": "加权−未加权",
    "row_question": "行变量", "col_question": "列变量", "chi2": "卡方值", "dof": "自由度", "cramers_v": "克莱姆V",
    "min_expected": "最小期望频数", "small_expected": "期望频数不足5", "cells_below_5": "期望频数不足5的格子占比",
    "observed": "观测数", "expected": "期望数", "residual": "残差", "std_residual": "标准化残差",
    "row_share": "行内占比", "product": "产品", "priority": "优先级", "triggers": "触发条件", "reason": "理由",
    "reasons": "理由", "in_bundle": "纳入套餐", "already_held": "已持有人数", "not_held": "未持有人数", "stage": "阶段", "events": "活动场次",
    "entry_id": "入口编号", "daily_flow": "日客流", "cost_per_visit": "单次成本(元)", "value_score": "价值评分",
    "flow_pct": "客流分位", "low_cost_pct": "低成本分位", "value_pct": "价值分位", "score": "得分", "rank": "排名",
    "advice": "建议", "check": "检查项", "population": "总户数",
    # questions of the standard questionnaire (its keys)
    "age_band": "年龄段", "gender": "性别", "family": "家庭结构", "banks": "常用银行", "is_customer": "是否本行客户",
    "products": "持有产品", "needs": "金融需求", "topics": "活动主题", "circles": "社区圈子", "time": "活动时间",
    "wechat": "愿意入群", "satisfaction": "满意度", "suggestions": "建议",
    # channels
    "online": "线上（问卷星）", "wechat": "微信", "door_to_door": "上门", "other": "其他",
    # segments
    "payroll": "工薪（代发工资）", "retiree": "退休", "business_owner": "个体工商户/企业主",
    "professional": "专业人士", "homemaker": "全职在家", "student": "学生",
    # stages and advice
    "new": "新进入", "established": "已站稳", "enter_first": "优先进入：客流大、成本低",
    "high_value_later": "站稳后再做：高价值", "deepen": "重点深耕：高价值", "keep_flow": "保持引流：客流大、成本低",
    "optional": "视资源安排",
    # survey checks
    "no_answers": "空白答卷", "too_fast": "答题过快", "repeat_respondent": "同一人多次作答",
    "unknown_option": "不在选项表中的答案", "item_nonresponse": "题目漏答较多", "thin_community": "样本过少的小区",
    "unknown_community": "小区不在小区表中",
    # estimate kinds
    "weighted_estimate": "加权", "unweighted_estimate": "未加权",
    # triggers
    "need": "需求",
    **{k: v for k, v in {
        "deposit": "存款", "wealth": "理财产品", "fund": "基金定投", "insurance": "保险保障", "credit_card": "信用卡",
        "mobile_banking": "手机银行", "consumer_loan": "消费贷款", "mortgage": "房贷",
        "principal_protected": "保本型产品（结构性存款）", "fixed_income_wealth": "稳健固收理财",
        "anti_fraud": "防诈骗服务", "social_security_card": "社保卡与养老金代发", "merchant_services": "商户收单",
        "business_loan": "经营贷", "payroll_service": "代发工资服务", "pension_account": "个人养老金账户",
        "education_savings": "教育金规划", "cross_border_remittance": "跨境汇款"}.items()},
    # entry kinds
    "supermarket": "超市", "club": "会所", "beauty": "美容院", "laundry": "洗衣店", "car_care": "汽车美容",
    "activity_center": "社区活动中心", "property_office": "物业", "school": "学校/幼儿园", "pharmacy": "药店",
    "restaurant": "餐饮",
}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _qid(questions: pd.DataFrame, question, func: str) -> str:
    """A question id of the codebook, from its id or the standard questionnaire's key."""
    ids = set(questions["question_id"].astype(str))
    q = str(question)
    if q in ids:
        return q
    if q in QUESTION_IDS and QUESTION_IDS[q] in ids:
        return QUESTION_IDS[q]
    raise ParameterError(f"{func}: question {question!r} is not in survey_questions "
                         f"(question ids: {_show(sorted(ids))}; keys of the standard questionnaire: "
                         f"{_show(QUESTION_IDS)})")


def _book(questions: pd.DataFrame, qid: str) -> dict:
    row = questions.loc[questions["question_id"].astype(str) == qid].iloc[0]
    codes = str(row["options"]).split(_SEP) if pd.notna(row.get("options")) and str(row["options"]) else []
    labels = (str(row["option_labels"]).split(_SEP) if "option_labels" in row and pd.notna(row["option_labels"])
              and str(row["option_labels"]) else list(codes))
    if len(labels) != len(codes):
        labels = list(codes)
    return {"question_id": qid, "kind": str(row["kind"]), "text": str(row["text"]), "codes": codes, "labels": labels}


def _sheets(survey_answers: pd.DataFrame, responses: pd.DataFrame | None) -> pd.Index:
    """The answer sheets in scope: those of ``responses``, else every sheet with an answer."""
    if responses is not None:
        return pd.Index(responses["response_id"].dropna().astype(str).unique())
    return pd.Index(survey_answers["response_id"].dropna().astype(str).unique())


def _answers_of(survey_answers, qid: str, sheets: pd.Index, kind: str, top: int = 1) -> pd.DataFrame:
    """(response_id, value) of one question within the sheets; rank answers → their first ``top`` codes."""
    a = survey_answers.loc[(survey_answers["question_id"].astype(str) == qid).to_numpy()]
    a = a.loc[a["response_id"].astype(str).isin(sheets).to_numpy() & a["value"].notna().to_numpy()]
    a = pd.DataFrame({"response_id": a["response_id"].astype(str).to_numpy(),
                      "value": a["value"].astype(str).to_numpy()})
    if kind == "rank":
        a = a.assign(value=a["value"].str.split(RANK_SEP).map(lambda v: v[:top])).explode("value")
        a = a.dropna(subset=["value"])
    return a.drop_duplicates().reset_index(drop=True)


def _by_values(by, survey_answers, survey_questions, responses, sheets, func) -> tuple[str, pd.Series]:
    """One grouping value per sheet: a column of ``responses`` or a single-choice question."""
    if responses is not None and by in responses.columns:
        s = responses.assign(response_id=responses["response_id"].astype(str)).drop_duplicates("response_id")
        vals = s.set_index("response_id")[by].reindex(sheets)
        if by == "submitted_at":
            vals = vals.dt.normalize()
        if isinstance(vals.dtype, pd.CategoricalDtype):
            vals = vals.cat.remove_unused_categories()
        return by, vals
    try:
        qid = _qid(survey_questions, by, func)
    except ParameterError:
        cols = f"; columns of responses: {_show(responses.columns)}" if responses is not None else \
            " (pass responses=... to group by one of its columns)"
        raise ParameterError(f"{func}: by={by!r} is neither a question of survey_questions nor a column of "
                             f"survey_responses{cols}") from None
    book = _book(survey_questions, qid)
    if book["kind"] not in ("single", "scale"):
        raise ParameterError(f"{func}: by={by!r} is a {book['kind']} question; group by a single-choice question "
                             "(one answer per respondent) or a column of survey_responses")
    a = _answers_of(survey_answers, qid, sheets, book["kind"]).drop_duplicates("response_id")
    vals = a.set_index("response_id")["value"].reindex(sheets)
    order = book["codes"] + sorted(set(vals.dropna()) - set(book["codes"]))
    return str(by), pd.Series(pd.Categorical(vals, categories=order), index=vals.index)


def _empty(columns: dict) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in columns.items()})


# ---------------------------------------------------------------------------
# scope and response counts
# ---------------------------------------------------------------------------


def codebook(survey_questions: pd.DataFrame) -> pd.DataFrame:
    """The codebook to use: ``survey_questions``, or the standard questionnaire when it is empty.

    Returns
    -------
    DataFrame
        ``question_id``, ``text``, ``kind``, ``options``, ``option_labels`` (the
        ``survey_questions`` schema).
    """
    if survey_questions is None or len(survey_questions) == 0:
        return standard_questionnaire()
    return survey_questions.reset_index(drop=True)


def survey_scope(scoped, community_id: str = "") -> dict:
    """The survey tables of a report's scope, optionally restricted to one community.

    Parameters
    ----------
    scoped : dict of DataFrame
        A branch's data (:func:`analysis.scope.for_branch`).
    community_id : str, optional
        Keep only this community (its responses, answers, entry points and events); empty: all
        communities of the branch.

    Returns
    -------
    dict
        ``responses``, ``answers``, ``questions`` (:func:`codebook`), ``communities``,
        ``entry_points``, ``events``: DataFrames with the contract's columns.

    Raises
    ------
    ParameterError
        When ``community_id`` is not one of the branch's communities.
    """
    comms = scoped["communities"]
    resp = scoped["survey_responses"]
    if community_id:
        if community_id not in set(comms["community_id"].dropna()):
            raise ParameterError(f"community_id {community_id!r} is not a community of this branch "
                                 f"(communities: {_show(sorted(comms['community_id'].dropna()))})")
        comms = comms.loc[comms["community_id"] == community_id]
        resp = resp.loc[(resp["community_id"] == community_id).fillna(False).to_numpy()]
    ids = set(resp["response_id"].dropna())
    answers = scoped["survey_answers"]
    answers = answers.loc[answers["response_id"].isin(ids).to_numpy()]
    ep = scoped["entry_points"]
    ev = scoped["events"]
    if community_id:
        ep = ep.loc[(ep["community_id"] == community_id).fillna(False).to_numpy()]
        ev = ev.loc[(ev["community_id"] == community_id).fillna(False).to_numpy()]
    return {"responses": resp.reset_index(drop=True), "answers": answers.reset_index(drop=True),
            "questions": codebook(scoped["survey_questions"]), "communities": comms.reset_index(drop=True),
            "entry_points": ep.reset_index(drop=True), "events": ev.reset_index(drop=True)}


def response_counts(survey_responses: pd.DataFrame, by="community_id") -> pd.DataFrame:
    """Answer sheets by community, channel, event, day or week.

    Parameters
    ----------
    survey_responses : DataFrame
        The survey_responses table.
    by : str or list of str
        Columns of the table, or ``"date"`` (day of ``submitted_at``) or ``"week"`` (the Monday
        of its week).

    Returns
    -------
    DataFrame
        The ``by`` columns, ``responses`` (int64) and ``share`` (of all sheets counted; sheets
        with a missing ``by`` value are not counted). Sorted by the ``by`` columns; categories
        with no sheet are left out, except that ``by="date"`` or ``by="week"`` alone lists every
        day or week from the first to the last with 0 for those without sheets.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"response_id": ["R1", "R2", "R3"], "channel": ["booth", "booth", "online"],
    ...                   "submitted_at": pd.to_datetime(["2026-09-03", "2026-09-04", "2026-09-10"])})
    >>> response_counts(r, "channel")
      channel  responses     share
    0   booth          2  0.666667
    1  online          1  0.333333
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_frame(survey_responses, "survey_responses", ["response_id"], "response_counts")
    derived = {}
    for k in keys:
        if k in ("date", "week"):
            require_frame(survey_responses, "survey_responses", ["submitted_at"], "response_counts")
            day = survey_responses["submitted_at"].dt.normalize()
            derived[k] = day if k == "date" else day - pd.to_timedelta(day.dt.day_of_week, unit="D")
        elif k not in survey_responses.columns:
            raise ParameterError(f"response_counts: by={k!r} is not a column of survey_responses "
                                 f"(columns: {_show(survey_responses.columns)}; or 'date', 'week')")
        else:
            s = survey_responses[k]
            derived[k] = s.astype(object) if isinstance(s.dtype, pd.CategoricalDtype) else s
    frame = pd.DataFrame(derived).dropna()
    if frame.empty:
        return pd.DataFrame({**{k: pd.Series([], dtype=object) for k in keys},
                             "responses": pd.Series([], dtype="int64"), "share": pd.Series([], dtype="float64")})
    out = frame.groupby(keys, sort=True).size().rename("responses").reset_index()
    if keys in (["date"], ["week"]):  # a time line: periods without sheets are shown as 0
        full = pd.date_range(out[keys[0]].min(), out[keys[0]].max(), freq="D" if keys == ["date"] else "7D")
        out = out.set_index(keys[0]).reindex(full, fill_value=0).rename_axis(keys[0]).reset_index()
    return out.assign(responses=out["responses"].astype("int64"),
                      share=out["responses"] / out["responses"].sum()).reset_index(drop=True)


def community_coverage(survey_responses: pd.DataFrame, communities: pd.DataFrame) -> pd.DataFrame:
    """Answer sheets per community against its households.

    Returns
    -------
    DataFrame
        One row per community of ``communities``: ``community_id``, ``name``, ``households``,
        ``responses`` (int64), ``share`` (of all sheets of these communities) and ``coverage``
        (sheets per household, responses / households; 0 when nobody answered).

    Notes
    -----
    ``coverage`` is not a sampling rate with an interval: a household may answer twice. It shows
    where the survey is thin; a community with fewer than 2 sheets has no variance estimate in
    :func:`weighted_rates`.
    """
    require_frame(communities, "communities", ["community_id", "households"], "community_coverage")
    counts = survey_responses.groupby("community_id", observed=True).size()
    out = communities[["community_id"] + (["name"] if "name" in communities else []) + ["households"]].copy()
    resp = out["community_id"].map(counts).fillna(0).astype("int64")
    total = resp.sum()
    return out.assign(responses=resp.to_numpy(),
                      share=(resp / total).to_numpy() if total else np.full(len(out), np.nan),
                      coverage=(resp / out["households"].astype("float64")).to_numpy()).reset_index(drop=True)


# ---------------------------------------------------------------------------
# option rates and profiles
# ---------------------------------------------------------------------------


def option_rates(survey_answers: pd.DataFrame, survey_questions: pd.DataFrame, question_id, by=None,
                 responses: pd.DataFrame | None = None, level: float = 0.95, top: int = 1) -> pd.DataFrame:
    """Share of respondents choosing each option of a question, with Wilson intervals.

    Parameters
    ----------
    survey_answers : DataFrame
        The survey_answers table (long form).
    survey_questions : DataFrame
        The codebook.
    question_id : str
        The question (``"q08"``, or a key of the standard questionnaire such as ``"needs"``).
        Single, multi, scale or rank; not open.
    by : str, optional
        Group by a single-choice question (e.g. ``"segment"``) or a column of ``responses``
        (``"community_id"``, ``"channel"``, ``"event_id"``, ``"submitted_at"`` by day).
    responses : DataFrame, optional
        The survey_responses table. When given, only its answer sheets count (e.g. one
        community), and its columns can be ``by``.
    level : float, default 0.95
        Level of the Wilson interval.
    top : int, default 1
        For a ranking question: an option counts as chosen when the respondent ranked it among
        their first ``top``.

    Returns
    -------
    DataFrame
        One row per option (per group and option with ``by``), options in codebook order, answers
        outside the codebook appended:

        - ``<by>``: the group (only with ``by``; sheets without a value for ``by`` are left out);
        - ``question_id``; ``option`` (code) and ``label`` (its Chinese text);
        - ``respondents`` (int64): respondents who chose the option;
        - ``answered`` (int64): respondents who answered the question — the denominator;
        - ``rate`` = respondents / answered, ``ci_low``, ``ci_high`` (Wilson; NaN when nobody
          answered).

    Raises
    ------
    ParameterError
        Unknown question or ``by``, an open question, a multi-choice ``by``, a bad ``level``.

    Notes
    -----
    Multi-choice: the share of respondents who ticked the option, not the share of ticks, so the
    rates of a question add up to more than 100%. A respondent counts as having answered when
    the sheet has at least one answer to the question; skipped questions are not in the
    denominator. A question nobody answered gives ``answered`` 0 and NaN rates; with no answer
    sheets at all the result is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"question_id": ["q1"], "text": ["您近期有哪些金融需求？"], "kind": ["multi"],
    ...                   "options": ["transfer|pension"], "option_labels": ["跨行转账|养老规划"]})
    >>> a = pd.DataFrame({"response_id": ["R1", "R1", "R2", "R3"], "question_id": "q1",
    ...                   "value": ["transfer", "pension", "pension", "transfer"]})
    >>> option_rates(a, q, "q1")[["option", "respondents", "answered", "rate"]]
         option  respondents  answered      rate
    0  transfer            2         3  0.666667
    1   pension            2         3  0.666667
    """
    func = "option_rates"
    require_frame(survey_answers, "survey_answers", ["response_id", "question_id", "value"], func)
    require_frame(survey_questions, "survey_questions", ["question_id", "text", "kind"], func)
    if responses is not None:
        require_frame(responses, "survey_responses", ["response_id"], func)
    if not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 1:
        raise ParameterError(f"{func}: top must be a whole number >= 1, got {top!r}")
    qid = _qid(survey_questions, question_id, func)
    book = _book(survey_questions, qid)
    if book["kind"] == "open":
        raise ParameterError(f"{func}: {qid} is an open question ({book['text']}); it has no options to count — "
                             "read its answers in survey_answers")
    sheets = _sheets(survey_answers, responses)
    a = _answers_of(survey_answers, qid, sheets, book["kind"], top)
    codes = book["codes"] + [v for v in pd.unique(a["value"]) if v not in book["codes"]]
    labels = dict(zip(book["codes"], book["labels"]))
    if by is None:
        group = pd.Series("all", index=sheets)
        name = None
        groups = ["all"]
    else:
        name, group = _by_values(by, survey_answers, survey_questions, responses, sheets, func)
        group = group.dropna()
        if name in ("question_id", "option", "label", "respondents", "answered"):
            name = f"by_{name}"
        groups = list(group.cat.categories) if isinstance(group.dtype, pd.CategoricalDtype) else \
            sorted(pd.unique(group))
    a = a.loc[a["response_id"].isin(group.index)].assign(group=lambda d: d["response_id"].map(group).astype(object))
    answered = a.drop_duplicates("response_id").groupby("group").size()
    chosen = a.groupby(["group", "value"]).size()
    present = set(pd.unique(group.astype(object)))
    groups = [g for g in groups if g in present]
    grid = pd.MultiIndex.from_product([groups, codes], names=["group", "value"])
    ch = chosen.reindex(grid, fill_value=0).to_numpy(dtype=np.int64)
    an = answered.reindex(grid.get_level_values("group"), fill_value=0).to_numpy(dtype=np.int64)
    est = proportion(ch, an, level=level) if len(grid) else proportion([0], [0], level).iloc[0:0]
    out = pd.DataFrame({
        "question_id": pd.Series([qid] * len(grid), dtype="string"),
        "option": pd.Series(grid.get_level_values("value").astype(str), dtype="string"),
        "label": pd.Series([labels.get(c, c) for c in grid.get_level_values("value")], dtype="string"),
        "respondents": ch, "answered": an,
        "rate": est["rate"].to_numpy(), "ci_low": est["ci_low"].to_numpy(), "ci_high": est["ci_high"].to_numpy(),
    })
    if name is not None:
        g = grid.get_level_values("group")
        if isinstance(group.dtype, pd.CategoricalDtype):
            g = pd.Categorical(g, categories=[c for c in group.cat.categories if c in present])
        out.insert(0, name, g)
    return out


def community_profile(survey_answers, survey_questions, questions=("age_band", "gender", "family", "segment"),
                      by=None, responses=None, level: float = 0.95) -> pd.DataFrame:
    """Who the respondents are: age, gender, family structure, occupation (segment).

    Parameters
    ----------
    questions : sequence of str
        Single-choice questions (ids or standard keys); default age band, gender, family, segment.
    by, responses, level
        As in :func:`option_rates`.

    Returns
    -------
    DataFrame
        :func:`option_rates` of each question, stacked, with ``question`` (the key as given)
        first: ``question``, [``<by>``], ``question_id``, ``option``, ``label``, ``respondents``,
        ``answered``, ``rate``, ``ci_low``, ``ci_high``.
    """
    parts = [option_rates(survey_answers, survey_questions, q, by=by, responses=responses, level=level)
             .assign(question=str(q)) for q in questions]
    out = pd.concat(parts, ignore_index=True)
    return out[["question"] + [c for c in out.columns if c != "question"]].astype({"question": "string"})


# ---------------------------------------------------------------------------
# crosstabs
# ---------------------------------------------------------------------------


def _two_way(survey_answers, survey_questions, row, col, responses, func) -> tuple[str, str, pd.DataFrame]:
    if str(row) == str(col):
        raise ParameterError(f"{func}: row and col are the same ({row!r}); cross two different questions")
    require_frame(survey_answers, "survey_answers", ["response_id", "question_id", "value"], func)
    sheets = _sheets(survey_answers, responses)
    rname, rv = _by_values(row, survey_answers, survey_questions, responses, sheets, func)
    cname, cv = _by_values(col, survey_answers, survey_questions, responses, sheets, func)
    if cname == rname:
        cname = f"{cname}_col"
    pair = pd.DataFrame({rname: rv, cname: cv}).dropna()
    tab = pd.crosstab(pair[rname], pair[cname], dropna=True)
    tab = tab.loc[tab.sum(axis=1) > 0, tab.sum(axis=0) > 0]
    tab.index.name, tab.columns.name = rname, cname
    return rname, cname, tab


def crosstab(survey_answers: pd.DataFrame, survey_questions: pd.DataFrame, row, col,
             responses: pd.DataFrame | None = None) -> pd.DataFrame:
    """Two questions crossed: one row per cell with observed and expected counts.

    Parameters
    ----------
    row, col : str
        Single-choice or scale questions (ids or standard keys), or columns of ``responses``
        (e.g. ``"community_id"``, ``"channel"``). Multi-choice questions cannot be crossed (a
        respondent would sit in several cells): use :func:`option_rates` with ``by``.
    responses : DataFrame, optional
        Restricts the sheets and supplies response columns.

    Returns
    -------
    DataFrame
        One row per cell of the levels present (codebook order): ``<row>``, ``<col>``,
        ``observed`` (int64), ``row_share`` (observed / row total), ``expected``, ``residual``,
        ``std_residual`` (adjusted residual; beyond ±2 the cell drives the association) and
        ``small_expected`` (expected count below 5: the chi-square test is doubtful). Expected
        counts are NaN when the table is smaller than 2 × 2. Respondents who answered only one
        of the two are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"question_id": ["a", "b"], "text": ["性别", "愿意入群"], "kind": ["single", "single"],
    ...                   "options": ["f|m", "yes|no"], "option_labels": ["女|男", "愿意|不愿意"]})
    >>> ans = pd.DataFrame({"response_id": ["R1", "R1", "R2", "R2", "R3", "R3"],
    ...                     "question_id": ["a", "b"] * 3, "value": ["f", "yes", "m", "no", "f", "yes"]})
    >>> crosstab(ans, q, "a", "b")[["a", "b", "observed"]]
       a    b  observed
    0  f  yes         2
    1  f   no         0
    2  m  yes         0
    3  m   no         1
    """
    rname, cname, tab = _two_way(survey_answers, survey_questions, row, col, responses, "crosstab")
    if tab.shape[0] >= 2 and tab.shape[1] >= 2:
        cells = expected_counts(tab)
    else:
        r, c = tab.shape
        cells = pd.DataFrame({rname: np.repeat(tab.index.to_numpy(), c), cname: np.tile(tab.columns.to_numpy(), r),
                              "observed": tab.to_numpy().ravel().astype(np.int64), "expected": np.nan,
                              "residual": np.nan, "std_residual": np.nan})
    totals = cells.groupby(rname, observed=True, sort=False)["observed"].transform("sum")
    cells = cells.assign(row_share=(cells["observed"] / totals.replace(0, np.nan)).to_numpy(),
                         small_expected=(cells["expected"] < SMALL_EXPECTED).to_numpy())
    return cells[[rname, cname, "observed", "row_share", "expected", "residual", "std_residual",
                  "small_expected"]].reset_index(drop=True)


def crosstab_test(survey_answers: pd.DataFrame, survey_questions: pd.DataFrame, row, col,
                  responses: pd.DataFrame | None = None) -> pd.DataFrame:
    """Chi-square test of independence of two questions, with Cramér's V.

    Parameters
    ----------
    row, col, responses
        As in :func:`crosstab`.

    Returns
    -------
    DataFrame
        One row: ``row_question``, ``col_question`` (as given), ``chi2``, ``dof`` (int64),
        ``p_value``, ``cramers_v``, ``n`` (respondents in the table), ``min_expected``,
        ``small_expected`` (any expected count below 5: treat the p-value with caution, merge
        sparse options) and ``cells_below_5`` (share of such cells). When fewer than two
        levels of either question were answered, the test cannot be made: ``chi2``,
        ``p_value``, ``cramers_v`` and ``min_expected`` are NaN and ``dof`` is 0.

    Notes
    -----
    :func:`analysis.stats.contingency_table` on the crosstab of the respondents who answered
    both (Pearson, no continuity correction; R ``chisq.test(tab, correct = FALSE)``).

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"question_id": ["q1"], "text": ["愿意入群吗？"], "kind": ["single"],
    ...                   "options": ["yes|no"], "option_labels": ["愿意|不愿意"]})
    >>> a = pd.DataFrame({"response_id": ["r1", "r2", "r3", "r4", "r5"], "question_id": "q1",
    ...                   "value": ["yes", "yes", "no", "no", "yes"]})
    >>> r = pd.DataFrame({"response_id": ["r1", "r2", "r3", "r4", "r5"],
    ...                   "community_id": ["A", "A", "A", "B", "B"]})
    >>> crosstab_test(a, q, "q1", "community_id", responses=r)[["chi2", "dof", "p_value", "small_expected"]].round(4)
         chi2  dof  p_value  small_expected
    0  0.1389    1   0.7094            True
    """
    _r, _c, tab = _two_way(survey_answers, survey_questions, row, col, responses, "crosstab_test")
    if tab.shape[0] >= 2 and tab.shape[1] >= 2:
        res = contingency_table(tab)
    else:
        res = pd.DataFrame({"chi2": [np.nan], "dof": np.array([0], dtype=np.int64), "p_value": [np.nan],
                            "cramers_v": [np.nan], "n": np.array([int(tab.to_numpy().sum())], dtype=np.int64),
                            "min_expected": [np.nan], "small_expected": [False], "cells_below_5": [np.nan]})
    res.insert(0, "col_question", str(col))
    res.insert(0, "row_question", str(row))
    return res.astype({"row_question": "string", "col_question": "string"})


# ---------------------------------------------------------------------------
# weighted estimates
# ---------------------------------------------------------------------------


def weighted_rates(survey_answers: pd.DataFrame, survey_questions: pd.DataFrame, question_id,
                   responses: pd.DataFrame, communities: pd.DataFrame, level: float = 0.95,
                   lonely_psu: str = "adjust", top: int = 1) -> pd.DataFrame:
    """Share of the communities' households choosing each option: a stratified estimate.

    Parameters
    ----------
    survey_answers, survey_questions, question_id
        As in :func:`option_rates`.
    responses : DataFrame
        The survey_responses table: the sheets counted and their ``community_id`` (the stratum).
    communities : DataFrame
        The communities table: ``households`` of each community is its population.
    level : float, default 0.95
        Level of the normal-approximation interval.
    lonely_psu : {"adjust", "fail"}, default "adjust"
        A community with a single respondent has no variance estimate. ``"adjust"`` (default)
        centres that respondent at the overall estimate, as R's
        ``options(survey.lonely.psu = "adjust")`` (conservative); ``"fail"`` raises DataError.
    top : int, default 1
        For ranking questions, as in :func:`option_rates`.

    Returns
    -------
    DataFrame
        One row per option (codebook order): ``question_id``, ``option``, ``label``,
        ``respondents`` (int64, unweighted count choosing it), ``answered`` (int64, respondents
        who answered), ``rate`` (estimated share of households), ``se`` (design-based standard
        error with finite-population correction), ``ci_low``, ``ci_high`` (rate ± z·se, not
        truncated, as R's ``confint``), ``communities`` (int64, strata with respondents) and
        ``households`` (their total households: the population the estimate speaks for). A
        question nobody answered gives NaN rates.

    Raises
    ------
    DataError
        A respondent's community is not in ``communities`` or has no households, a community
        has more respondents than households, or (with ``lonely_psu="fail"``) a single
        respondent.

    Notes
    -----
    The communities are strata and the respondents of community :math:`h` a simple random
    sample of its :math:`N_h` households: each respondent weighs :math:`N_h / n_h`, with
    :math:`n_h` the respondents of the community who answered this question. Per option, with
    :math:`y = 1` when the respondent chose it,
    :math:`\\hat p = \\sum_h (N_h/N) \\bar y_h` and
    :math:`\\widehat{Var}(\\hat p) = \\sum_h (N_h/N)^2 (1 - n_h/N_h) s_h^2 / n_h`
    (:func:`analysis.stats.stratified_proportion`). This equals R's survey package,
    ``svymean(~y, svydesign(ids = ~1, strata = ~community_id, weights = ~w,
    fpc = ~households, data = d))`` with ``w = households / n_h`` on the respondents who
    answered, and ``confint()`` of it (``tests/r/surveys_reference.R``). Weighting corrects for
    communities answering out of proportion to their size (a salon in one community).

    Examples
    --------
    Community A (300 households): 2 of 3 respondents say yes; B (100 households): 1 of 2.
    Weighted: 0.75 × 2/3 + 0.25 × 1/2 = 0.625 (unweighted 3/5 = 0.6).

    >>> import pandas as pd
    >>> q = pd.DataFrame({"question_id": ["q1"], "text": ["愿意入群吗？"], "kind": ["single"],
    ...                   "options": ["yes|no"], "option_labels": ["愿意|不愿意"]})
    >>> a = pd.DataFrame({"response_id": ["r1", "r2", "r3", "r4", "r5"], "question_id": "q1",
    ...                   "value": ["yes", "yes", "no", "no", "yes"]})
    >>> r = pd.DataFrame({"response_id": ["r1", "r2", "r3", "r4", "r5"],
    ...                   "community_id": ["A", "A", "A", "B", "B"]})
    >>> c = pd.DataFrame({"community_id": ["A", "B"], "households": [300, 100]})
    >>> weighted_rates(a, q, "q1", r, c)[["option", "respondents", "answered", "rate", "se"]].round(4)
      option  respondents  answered   rate      se
    0    yes            3         5  0.625  0.2778
    1     no            2         5  0.375  0.2778
    """
    func = "weighted_rates"
    require_frame(responses, "survey_responses", ["response_id", "community_id"], func)
    require_frame(communities, "communities", ["community_id", "households"], func)
    qid = _qid(survey_questions, question_id, func)
    book = _book(survey_questions, qid)
    if book["kind"] == "open":
        raise ParameterError(f"{func}: {qid} is an open question; it has no options to estimate")
    base = option_rates(survey_answers, survey_questions, qid, responses=responses, level=level, top=top)
    sheets = _sheets(survey_answers, responses)
    a = _answers_of(survey_answers, qid, sheets, book["kind"], top)
    who = pd.Index(a["response_id"].unique())
    resp = responses.assign(response_id=responses["response_id"].astype(str)).drop_duplicates("response_id")
    comm_of = resp.set_index("response_id")["community_id"].reindex(who)
    hh = communities.drop_duplicates("community_id").set_index("community_id")["households"]
    frame = pd.DataFrame({"response_id": who, "community_id": comm_of.astype(object).to_numpy()})
    frame = frame.assign(households=frame["community_id"].map(hh).astype("float64"))
    bad = frame["community_id"].isna() | frame["households"].isna()
    if bad.any():
        rows = frame.loc[bad]
        problems = pd.DataFrame({"table": ["survey_responses"], "column": ["community_id"],
                                 "rule": ["households_known"], "n_rows": [int(bad.sum())],
                                 "rows": [_show(rows["response_id"])],
                                 "detail": ["community missing from the communities table or without households"]})
        raise DataError(f"{func}: {int(bad.sum())} answer sheet(s) have a community that is not in the communities "
                        f"table or has no households ({_show(rows['community_id'].fillna('(empty)').unique())}; "
                        f"sheets {_show(rows['response_id'])}). Every stratum needs its households.", problems)
    out = base.assign(se=np.nan, ci_low=np.nan, ci_high=np.nan, rate=np.nan,
                      communities=np.int64(frame["community_id"].nunique()),
                      households=float(frame.drop_duplicates("community_id")["households"].sum()))
    if len(frame):
        ticked = pd.crosstab(a["response_id"], a["value"]).gt(0).astype("int64")
        ticked = ticked.reindex(index=frame["response_id"], columns=list(out["option"]), fill_value=0)
        rates = []
        for code in out["option"]:  # one estimate per option
            est = stratified_proportion(frame.assign(y=ticked[code].to_numpy()), "y", "community_id", "households",
                                        level=level, lonely_psu=lonely_psu)
            rates.append(est[["rate", "se", "ci_low", "ci_high"]].iloc[0].to_numpy())
        est = np.array(rates, dtype=float).reshape(-1, 4)
        out = out.assign(rate=est[:, 0], se=est[:, 1], ci_low=est[:, 2], ci_high=est[:, 3])
    return out[["question_id", "option", "label", "respondents", "answered", "rate", "se", "ci_low", "ci_high",
                "communities", "households"]].astype({"communities": "int64"})


def weighted_vs_unweighted(survey_answers, survey_questions, question_id, responses, communities,
                           level: float = 0.95, lonely_psu: str = "adjust") -> pd.DataFrame:
    """The respondents' share next to the households' (weighted) estimate, per option.

    Returns
    -------
    DataFrame
        ``question_id``, ``option``, ``label``, ``respondents``, ``answered``, ``unweighted``,
        ``unweighted_ci_low``, ``unweighted_ci_high`` (:func:`option_rates`, Wilson),
        ``weighted``, ``weighted_ci_low``, ``weighted_ci_high`` (:func:`weighted_rates`) and
        ``difference`` (weighted − unweighted). A large difference means the respondents do not
        mirror the communities' households (one community over-represented).
    """
    u = option_rates(survey_answers, survey_questions, question_id, responses=responses, level=level)
    w = weighted_rates(survey_answers, survey_questions, question_id, responses, communities, level=level,
                       lonely_psu=lonely_psu)
    return u[["question_id", "option", "label", "respondents", "answered"]].assign(
        unweighted=u["rate"], unweighted_ci_low=u["ci_low"], unweighted_ci_high=u["ci_high"],
        weighted=w["rate"].to_numpy(), weighted_ci_low=w["ci_low"].to_numpy(), weighted_ci_high=w["ci_high"].to_numpy(),
        difference=(w["rate"] - u["rate"]).to_numpy())


# ---------------------------------------------------------------------------
# segments and relationship groups
# ---------------------------------------------------------------------------


def segment_profile(survey_answers, survey_questions, segment="segment", questions=("needs", "products", "topics"),
                    responses=None, level: float = 0.95) -> pd.DataFrame:
    """Segment × needs, products held and preferred activities.

    Parameters
    ----------
    segment : str
        The single-choice question that defines the segments (default the occupation question,
        whose codes are the contract's segments), or a column of ``responses``.
    questions : sequence of str
        Questions profiled (default needs, products held, activity topics).

    Returns
    -------
    DataFrame
        ``segment`` (the group; codebook order), ``question``, ``question_id``, ``option``,
        ``label``, ``respondents``, ``answered`` (respondents of the segment who answered the
        question), ``rate``, ``ci_low``, ``ci_high`` (Wilson) — :func:`option_rates` by segment
        for each question, stacked.
    """
    parts = []
    for q in questions:
        r = option_rates(survey_answers, survey_questions, q, by=segment, responses=responses, level=level)
        parts.append(r.rename(columns={r.columns[0]: "segment"}).assign(question=str(q)))
    out = pd.concat(parts, ignore_index=True)
    cols = ["segment", "question"] + [c for c in out.columns if c not in ("segment", "question")]
    return out[cols].astype({"question": "string"})


def relationship_groups(survey_answers, survey_questions, responses, communities, question="circles",
                        level: float = 0.95, lonely_psu: str = "adjust", exclude=("none",)) -> pd.DataFrame:
    """The relationship groups present (广场舞, 亲子, 车友 …) with their sizes.

    Parameters
    ----------
    question : str
        The multi-choice question on the groups (default the standard questionnaire's ``circles``).
    exclude : sequence of str
        Options that are not a group (default ``none``, 都没有).
    responses, communities, level, lonely_psu
        As in :func:`weighted_rates`.

    Returns
    -------
    DataFrame
        One row per group, largest first: ``option``, ``label``, ``respondents`` (int64, who
        take part or have the group around them), ``answered`` (int64), ``rate`` (weighted share
        of households), ``se``, ``ci_low``, ``ci_high``, ``households`` (the population),
        ``est_households`` = rate × households with ``est_households_ci_low`` and
        ``est_households_ci_high`` (the interval × households, kept between 0 and households;
        ``ci_low``/``ci_high`` themselves are not truncated, as R's ``confint``).

    Notes
    -----
    The size in households is the weighted estimate of :func:`weighted_rates` scaled to the
    communities' households: the number of households the branch can reach through the group.
    """
    w = weighted_rates(survey_answers, survey_questions, question, responses, communities, level=level,
                       lonely_psu=lonely_psu)
    w = w.loc[~w["option"].isin(list(exclude))]
    hh = w["households"]
    out = w.assign(est_households=w["rate"] * hh, est_households_ci_low=(w["ci_low"] * hh).clip(lower=0),
                   est_households_ci_high=np.minimum(w["ci_high"] * hh, hh))
    out = out.sort_values(["rate", "respondents"], ascending=False, kind="stable", na_position="last")
    return out[["option", "label", "respondents", "answered", "rate", "se", "ci_low", "ci_high", "households",
                "est_households", "est_households_ci_low", "est_households_ci_high"]].reset_index(drop=True)


# ---------------------------------------------------------------------------
# recommendations
# ---------------------------------------------------------------------------


def recommend_for(segment: str | None = None, needs=(), rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """The product mix for one customer profile, from the rule table.

    Parameters
    ----------
    segment : str, optional
        A segment code (``payroll``, ``retiree`` …).
    needs : sequence of str
        Need codes of the needs question (``fixed_income``, ``education`` …).
    rules : DataFrame, optional
        A rule table shaped like :data:`PRODUCT_RULES` (default that table).

    Returns
    -------
    DataFrame
        One row per product: ``product``, ``priority`` (int64: the segment bundle's order first,
        then need-driven products), ``triggers`` (what fired it, e.g. ``segment:retiree|need:
        fixed_income``) and ``reasons`` (joined with ``；``), most-supported first.

    Examples
    --------
    >>> recommend_for("retiree", ["fixed_income"])["product"].tolist()
    ['fixed_income_wealth', 'deposit', 'anti_fraud', 'social_security_card']
    """
    rules = PRODUCT_RULES if rules is None else rules
    hit = ((rules["trigger"] == "segment") & (rules["value"] == (segment or ""))) | \
          ((rules["trigger"] == "need") & rules["value"].isin(list(needs)))
    r = rules.loc[hit.fillna(False).to_numpy()]
    if r.empty:
        return _empty({"product": "string", "priority": "int64", "triggers": "string", "reasons": "string"})
    r = r.assign(rank=np.where(r["trigger"] == "segment", r["priority"], 10 + r["priority"]),
                 trig=r["trigger"] + ":" + r["value"])
    out = r.groupby("product", sort=False).agg(priority=("rank", "min"), support=("trig", "size"),
                                               triggers=("trig", lambda s: _SEP.join(s)),
                                               reasons=("reason", lambda s: "；".join(s))).reset_index()
    out = out.sort_values(["priority", "support"], ascending=[True, False], kind="stable")
    return out[["product", "priority", "triggers", "reasons"]].astype(
        {"product": "string", "priority": "int64", "triggers": "string", "reasons": "string"}).reset_index(drop=True)


def recommend_products(survey_answers, survey_questions, segment="segment", needs="needs", held="products",
                       responses=None, rules: pd.DataFrame | None = None, min_share: float = 0.25,
                       level: float = 0.95) -> pd.DataFrame:
    """What to recommend to whom: per segment, the products the rule table recommends and to how many.

    Parameters
    ----------
    segment, needs, held : str
        The segment question (or a column of ``responses``), the needs question and the
        products-held question (``None`` to skip the held count).
    rules : DataFrame, optional
        The rule table (default :data:`PRODUCT_RULES`).
    min_share : float, default 0.25
        A need-driven product joins the segment's bundle when it applies to at least this share
        of the segment's respondents.

    Returns
    -------
    DataFrame
        One row per segment and product that applies to anyone: ``segment``, ``product``,
        ``priority`` (int64; the segment rule's order, need-driven products after),
        ``respondents`` (int64: respondents of the segment to whom a rule recommends it),
        ``answered`` (int64: respondents of the segment), ``rate``, ``ci_low``, ``ci_high``
        (Wilson), ``already_held`` (Int64: of those, how many say they hold it; NA when the
        product is not on the products-held question), ``not_held`` (Int64: respondents −
        already_held, the room to sell; NA likewise) and ``in_bundle`` (bool: a segment rule, or
        rate ≥ ``min_share``). Sorted by segment (codebook order), bundle first, priority, rate.

    Notes
    -----
    A respondent gets the products of their segment's rules and of the rules of every need they
    ticked (:data:`PRODUCT_RULES`). Respondents without a segment answer are left out.
    """
    func = "recommend_products"
    rules = PRODUCT_RULES if rules is None else rules
    require_frame(rules, "rules", ["trigger", "value", "product", "priority"], func)
    sheets = _sheets(survey_answers, responses)
    name, seg = _by_values(segment, survey_answers, survey_questions, responses, sheets, func)
    seg = seg.dropna()
    cols = {"segment": "object", "product": "string", "priority": "int64", "respondents": "int64",
            "answered": "int64", "rate": "float64", "ci_low": "float64", "ci_high": "float64",
            "already_held": "Int64", "not_held": "Int64", "in_bundle": "bool"}
    if seg.empty:
        return _empty(cols)
    people = pd.DataFrame({"response_id": seg.index, "segment": seg.astype(object).to_numpy()})
    by_seg = people.merge(rules.loc[rules["trigger"] == "segment"], left_on="segment", right_on="value")
    by_seg = by_seg.assign(rank=by_seg["priority"].astype("int64"))
    parts = [by_seg[["response_id", "segment", "product", "rank"]]]
    nq = _qid(survey_questions, needs, func) if needs is not None else None
    if nq is not None:
        na = _answers_of(survey_answers, nq, pd.Index(people["response_id"]), _book(survey_questions, nq)["kind"])
        by_need = na.merge(people, on="response_id").merge(rules.loc[rules["trigger"] == "need"], left_on="value",
                                                            right_on="value")
        parts.append(by_need.assign(rank=10 + by_need["priority"].astype("int64"))[
            ["response_id", "segment", "product", "rank"]])
    rec = pd.concat(parts, ignore_index=True)
    seg_rank = rec.loc[rec["rank"] < 10].groupby(["segment", "product"])["rank"].min()
    per = rec.drop_duplicates(["response_id", "product"])
    counts = per.groupby(["segment", "product"]).size().rename("respondents").reset_index()
    size = people.groupby("segment").size()
    counts = counts.assign(answered=counts["segment"].map(size).astype("int64"))
    pri = rec.groupby(["segment", "product"])["rank"].min()
    counts = counts.assign(priority=[int(pri[(s, p)]) for s, p in zip(counts["segment"], counts["product"])],
                           from_segment=[(s, p) in seg_rank.index
                                         for s, p in zip(counts["segment"], counts["product"])])
    est = proportion(counts["respondents"].to_numpy(), counts["answered"].to_numpy(), level=level)
    counts = counts.assign(rate=est["rate"].to_numpy(), ci_low=est["ci_low"].to_numpy(),
                           ci_high=est["ci_high"].to_numpy())
    held_n = pd.Series(pd.NA, index=counts.index, dtype="Int64")
    if held is not None:
        hq = _qid(survey_questions, held, func)
        ha = _answers_of(survey_answers, hq, pd.Index(people["response_id"]), _book(survey_questions, hq)["kind"])
        holds = ha.assign(held=True).rename(columns={"value": "held_as"})
        per = per.assign(held_as=per["product"].map(HELD_AS)).merge(holds, on=["response_id", "held_as"], how="left")
        per = per.assign(held=per["held"].fillna(False).astype(bool))
        hn = per.groupby(["segment", "product"])["held"].sum()
        held_n = pd.Series([int(hn[(s, p)]) if p in HELD_AS else pd.NA
                            for s, p in zip(counts["segment"], counts["product"])], dtype="Int64")
    held_n = held_n.set_axis(counts.index)
    counts = counts.assign(already_held=held_n, not_held=counts["respondents"].astype("Int64") - held_n,
                           in_bundle=(counts["from_segment"] | (counts["rate"] >= min_share)).to_numpy())
    order = {c: i for i, c in enumerate(seg.cat.categories)} if isinstance(seg.dtype, pd.CategoricalDtype) else {}
    counts = counts.assign(_s=counts["segment"].map(lambda s: order.get(s, len(order))), _b=~counts["in_bundle"],
                           _r=-counts["rate"])
    counts = counts.sort_values(["_s", "_b", "priority", "_r"], kind="stable")
    return counts[list(cols)].astype({"product": "string", "already_held": "Int64", "not_held": "Int64"}).reset_index(
        drop=True)


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------


def rank_entry_points(entry_points: pd.DataFrame, events: pd.DataFrame | None = None, min_events: int = 3,
                      stage: str | None = None) -> pd.DataFrame:
    """Entry points (入口) of each community ranked by daily flow, cost and value, with advice.

    Parameters
    ----------
    entry_points : DataFrame
        The entry_points table (``daily_flow``, ``cost_per_visit``, ``value_score``).
    events : DataFrame, optional
        The events table: a community where the branch has held at least ``min_events`` events
        counts as ``established``, otherwise ``new``. Without it every community is ``new``.
    min_events : int, default 3
    stage : {"new", "established"}, optional
        Force one stage for every community.

    Returns
    -------
    DataFrame
        One row per entry point: ``community_id``, ``stage``, ``events`` (int64), ``entry_id``,
        ``kind``, ``name``, ``daily_flow``, ``cost_per_visit``, ``value_score``, ``flow_pct``,
        ``low_cost_pct``, ``value_pct`` (percentile ranks within the community, 1 = best),
        ``score`` (weighted by :data:`ENTRY_WEIGHTS` for the stage), ``rank`` (int64, 1 = first
        within the community) and ``advice`` (``enter_first``, ``high_value_later``, ``deepen``,
        ``keep_flow`` or ``optional``). Sorted by community and rank.

    Notes
    -----
    The practice: a branch new to a community starts where many people pass at little cost
    (supermarket, property office, activity centre) — score weights flow 0.5, low cost 0.3,
    value 0.2; the first two are ``enter_first``, and high-value entries (value in the top third)
    are ``high_value_later``. Once established it works the high-value entries (club, beauty,
    car care) — value 0.6, flow 0.2, low cost 0.2; the first two are ``deepen``, and entries in
    the top third for both flow and low cost are ``keep_flow``.

    Examples
    --------
    >>> import pandas as pd
    >>> ep = pd.DataFrame({"entry_id": ["E1", "E2", "E3"], "community_id": "C1",
    ...                    "kind": ["supermarket", "club", "laundry"], "name": ["超市", "会所", "洗衣店"],
    ...                    "daily_flow": [900, 80, 100], "cost_per_visit": [1.0, 15.0, 2.0],
    ...                    "value_score": [3.0, 4.6, 2.8]})
    >>> rank_entry_points(ep)[["entry_id", "rank", "advice"]]
      entry_id  rank            advice
    0       E1     1       enter_first
    1       E3     2       enter_first
    2       E2     3  high_value_later
    """
    func = "rank_entry_points"
    require_frame(entry_points, "entry_points", ["entry_id", "community_id", "daily_flow", "cost_per_visit", "value_score"],
          func)
    if stage is not None and stage not in ENTRY_WEIGHTS:
        raise ParameterError(f"{func}: stage must be 'new', 'established' or None, not {stage!r}")
    cols = {"community_id": "string", "stage": "string", "events": "int64", "entry_id": "string", "kind": "object",
            "name": "string", "daily_flow": "float64", "cost_per_visit": "float64", "value_score": "float64",
            "flow_pct": "float64", "low_cost_pct": "float64", "value_pct": "float64", "score": "float64",
            "rank": "int64", "advice": "string"}
    if entry_points.empty:
        return _empty(cols)
    ep = entry_points.reset_index(drop=True)
    for c in ("kind", "name"):
        if c not in ep.columns:
            ep = ep.assign(**{c: pd.NA})
    n_events = pd.Series(0, index=ep.index, dtype="int64")
    if events is not None and len(events):
        per = events.groupby("community_id", observed=True).size()
        n_events = ep["community_id"].map(per).fillna(0).astype("int64")
    st = pd.Series(stage, index=ep.index, dtype="string") if stage is not None else \
        pd.Series(np.where(n_events >= min_events, "established", "new"), index=ep.index, dtype="string")
    g = ep.groupby("community_id", sort=False)
    flow = g["daily_flow"].rank(pct=True, method="average").astype("float64")
    cheap = g["cost_per_visit"].rank(pct=True, ascending=False, method="average").astype("float64")
    value = g["value_score"].rank(pct=True, method="average").astype("float64")
    w = pd.DataFrame([ENTRY_WEIGHTS[s] for s in st], index=ep.index)
    score = w["flow"] * flow + w["low_cost"] * cheap + w["value"] * value
    out = ep.assign(stage=st, events=n_events, flow_pct=flow, low_cost_pct=cheap, value_pct=value, score=score)
    out = out.sort_values(["community_id", "score", "daily_flow"], ascending=[True, False, False], kind="stable")
    out = out.assign(rank=out.groupby("community_id").cumcount().astype("int64") + 1)
    top = out["rank"] <= 2
    new = out["stage"] == "new"
    advice = np.select(
        [new & top, new & (out["value_pct"] > 2 / 3), ~new & top,
         ~new & (out["flow_pct"] > 2 / 3) & (out["low_cost_pct"] > 2 / 3)],
        ["enter_first", "high_value_later", "deepen", "keep_flow"], default="optional")
    out = out.assign(advice=advice)
    return out[list(cols)].astype({k: v for k, v in cols.items() if k not in ("kind",)}).reset_index(drop=True)


# ---------------------------------------------------------------------------
# data quality
# ---------------------------------------------------------------------------


def survey_quality(survey_responses: pd.DataFrame, survey_answers: pd.DataFrame, survey_questions: pd.DataFrame,
                   communities: pd.DataFrame | None = None, min_seconds: int = 60, min_answered: float = 0.8,
                   min_per_community: int = 2) -> pd.DataFrame:
    """The survey's own data findings (beyond the contract's validation).

    Parameters
    ----------
    min_seconds : int, default 60
        Sheets filled in faster than this (所用时间) are flagged as ``too_fast``.
    min_answered : float, default 0.8
        Non-open questions answered by fewer than this share of the sheets are flagged.
    min_per_community : int, default 2
        Communities with fewer respondents are flagged (no variance estimate when weighting).

    Returns
    -------
    DataFrame
        One row per finding: ``check`` (``no_answers``, ``too_fast``, ``repeat_respondent``,
        ``unknown_option``, ``item_nonresponse``, ``thin_community``, ``unknown_community``),
        ``n_rows`` (int64: sheets or answers concerned), ``rows`` (the first response ids, or
        the question / community) and ``detail`` (Chinese). Empty when nothing was found.
    """
    found = []

    def add(check, ids, detail):
        ids = [str(i) for i in ids]
        found.append({"check": check, "n_rows": len(ids), "rows": _show(ids), "detail": detail})

    r = survey_responses
    a = survey_answers
    ids = set(a["response_id"].dropna())
    empty = r.loc[~r["response_id"].isin(ids).to_numpy(), "response_id"]
    if len(empty):
        add("no_answers", empty, f"{len(empty)} 份答卷没有任何答案")
    if "duration_s" in r.columns:
        fast = r.loc[(r["duration_s"] < min_seconds).fillna(False).to_numpy(), "response_id"]
        if len(fast):
            add("too_fast", fast, f"{len(fast)} 份答卷用时不足 {min_seconds} 秒，可能未认真作答")
    if "person_id" in r.columns:
        rep = r.loc[r["person_id"].notna().to_numpy() & r["person_id"].duplicated(keep=False).to_numpy()]
        if len(rep):
            add("repeat_respondent", rep["response_id"],
                f"{rep['person_id'].nunique()} 人各填写了不止一份答卷（共 {len(rep)} 份）")
    q = survey_questions
    for row in q.itertuples(index=False):
        if row.kind == "open" or pd.isna(row.options):
            continue
        codes = set(str(row.options).split(_SEP))
        qa = a.loc[(a["question_id"] == row.question_id).to_numpy()]
        vals = qa["value"].astype(str)
        if row.kind == "rank":
            vals = vals.str.split(RANK_SEP).explode()
        off = (~vals.isin(list(codes))).groupby(level=0).any().reindex(qa.index, fill_value=False)
        bad = qa.loc[off.to_numpy(dtype=bool)]
        if len(bad):
            add("unknown_option", bad["response_id"],
                f"{row.question_id}：{len(bad)} 个答案不在选项表中（{_show(pd.unique(bad['value'].astype(str)))}）")
        n_sheets = len(r)
        if n_sheets:
            share = qa.loc[qa["response_id"].isin(set(r["response_id"])).to_numpy(), "response_id"].nunique() / n_sheets
            if share < min_answered:
                missing = r.loc[~r["response_id"].isin(set(qa["response_id"])).to_numpy(), "response_id"]
                add("item_nonresponse", missing,
                    f"{row.question_id}（{row.text}）只有 {share:.0%} 的答卷作答")
    if communities is not None and len(r):
        per = r.groupby("community_id", observed=True).size()
        thin = per[per < min_per_community]
        for cid, n in thin.items():
            add("thin_community", r.loc[(r["community_id"] == cid).to_numpy(), "response_id"],
                f"小区 {cid} 只有 {n} 份答卷：加权估计时其方差按保守方法（lonely_psu='adjust'）处理")
        unknown = r.loc[~r["community_id"].isin(set(communities["community_id"])).to_numpy()]
        if len(unknown):
            add("unknown_community", unknown["response_id"],
                f"{len(unknown)} 份答卷的小区不在小区表中（{_show(unknown['community_id'].astype(str).unique())}）")
    if not found:
        return _empty({"check": "string", "n_rows": "int64", "rows": "string", "detail": "string"})
    return pd.DataFrame(found).astype({"check": "string", "n_rows": "int64", "rows": "string", "detail": "string"})
