"""The project's standard community questionnaire (社区调研问卷) as a codebook.

The codebook is a table in the ``survey_questions`` schema: one row per question
with its Chinese text, its kind (single, multi, scale, open) and its options as
English codes and Chinese labels, both joined with ``|`` in the same order.
Survey answers (``survey_answers.value``) hold the English codes; reports show
the labels.

:func:`standard_questionnaire` returns the codebook, :func:`questionnaire_markdown`
a printable version for branches (numbered like 问卷星: ``1、…``), and
:data:`QUESTION_IDS` maps a short English key (``"needs"``) to its question id
(``"q08"``) so code never hard-codes question numbers.
"""

from __future__ import annotations

import pandas as pd

from analysis.schemas import AGE_BANDS, SEGMENTS, TABLES

__all__ = ["QUESTIONS", "QUESTION_IDS", "standard_questionnaire", "questionnaire_markdown", "options_of"]

_AGE_LABELS = {"18-29": "18-29岁", "30-39": "30-39岁", "40-49": "40-49岁", "50-59": "50-59岁", "60+": "60岁及以上"}
_SEGMENT_LABELS = {
    "payroll": "企事业单位在职（工薪）", "retiree": "退休", "business_owner": "个体工商户/企业主",
    "professional": "专业人士（医生、教师、律师等）", "homemaker": "全职在家（主妇/主夫）", "student": "学生",
    "other": "其他",
}

#: The questions in order: (key, kind, Chinese text, ((code, label), ...)).
QUESTIONS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("age_band", "single", "您的年龄段是？", tuple((a, _AGE_LABELS[a]) for a in AGE_BANDS)),
    ("gender", "single", "您的性别是？", (("female", "女"), ("male", "男"))),
    ("family", "single", "您的家庭结构是？", (
        ("single", "单身"), ("couple", "夫妻二人"), ("with_young_children", "有学龄前子女"),
        ("with_school_children", "有在读子女（小学至大学）"), ("three_generations", "三代同堂"),
        ("empty_nest", "子女已离家（空巢）"))),
    ("segment", "single", "您的职业是？", tuple((s, _SEGMENT_LABELS[s]) for s in SEGMENTS)),
    ("banks", "multi", "您平时使用哪些银行？", (
        ("icbc", "工商银行"), ("ccb", "建设银行"), ("abc", "农业银行"), ("boc", "中国银行"), ("bocom", "交通银行"),
        ("cmb", "招商银行"), ("psbc", "邮储银行"), ("our_bank", "本行"), ("other", "其他"))),
    ("is_customer", "single", "您是否是本行客户？", (("yes", "是"), ("no", "否"))),
    ("products", "multi", "您目前持有哪些金融产品？", (
        ("deposit", "存款"), ("wealth", "理财产品"), ("fund", "基金"), ("insurance", "保险"),
        ("credit_card", "信用卡"), ("mobile_banking", "手机银行"), ("consumer_loan", "消费贷款"),
        ("mortgage", "房贷"), ("none", "以上都没有"))),
    ("needs", "multi", "您近期有哪些金融需求？", (
        ("cross_bank_transfer", "跨行转账"), ("remote_transfer", "异地汇款"), ("cross_border_transfer", "跨境汇款"),
        ("fixed_income", "稳健的固定收益"), ("home_purchase", "购房"), ("education", "子女教育"),
        ("retirement", "养老规划"), ("none", "暂无需求"))),
    ("topics", "multi", "您希望参加哪些主题的活动？", (
        ("parenting", "亲子教育"), ("health", "健康养生"), ("finance_basics", "理财知识"), ("anti_fraud", "防骗反诈"),
        ("cooking", "美食烹饪"), ("travel", "旅游出行"), ("arts", "艺术（插花、茶艺、书画）"))),
    ("circles", "multi", "您参加或身边有哪些社区圈子？", (
        ("square_dance", "广场舞"), ("parent_child", "亲子"), ("car_club", "车友"), ("hiking", "驴友"),
        ("mahjong", "麻将"), ("fitness", "运动健身"), ("cooking", "烹饪"), ("none", "都没有"))),
    ("time", "single", "您方便参加活动的时间是？", (
        ("weekday_morning", "工作日上午"), ("weekday_evening", "工作日晚上"), ("weekend_morning", "周末上午"),
        ("weekend_afternoon", "周末下午"))),
    ("wechat", "single", "您是否愿意加入社区微信群？", (("yes", "愿意"), ("no", "不愿意"), ("maybe", "看情况"))),
    ("satisfaction", "scale", "您对本行网点服务的满意度如何？（1分最低，5分最高）", (
        ("1", "非常不满意"), ("2", "不满意"), ("3", "一般"), ("4", "满意"), ("5", "非常满意"))),
    ("suggestions", "open", "您对本行网点或社区活动有什么建议？", ()),
)

#: Short English key → question id, e.g. ``QUESTION_IDS["needs"] == "q08"``.
QUESTION_IDS: dict[str, str] = {key: f"q{i:02d}" for i, (key, *_rest) in enumerate(QUESTIONS, start=1)}

_OTHER = {"other"}  # options printed with a blank to fill in (其他〖 〗)


def options_of(key: str) -> tuple[str, ...]:
    """The option codes of question ``key`` (e.g. ``options_of("needs")``), in order."""
    for k, _kind, _text, opts in QUESTIONS:
        if k == key:
            return tuple(code for code, _label in opts)
    raise KeyError(f"no question with key {key!r}; keys: {', '.join(QUESTION_IDS)}")


def standard_questionnaire() -> pd.DataFrame:
    """The standard community questionnaire as a codebook.

    Returns
    -------
    DataFrame
        One row per question in the ``survey_questions`` schema (columns and dtypes as
        :func:`analysis.schemas.empty_frame`):

        - ``question_id`` — ``q01`` … ``q14``;
        - ``text`` — the question as asked (Chinese);
        - ``kind`` — ``single``, ``multi``, ``scale`` or ``open``;
        - ``options`` — English answer codes joined with ``|`` (empty for the open question);
        - ``option_labels`` — the Chinese labels, joined with ``|``, in the same order.

    Notes
    -----
    Codes reuse the contract's vocabularies where one exists: the age bands are
    ``schemas.AGE_BANDS`` and the occupation options are ``schemas.SEGMENTS``, so an
    answer can be compared with ``people.age_band`` / ``people.segment`` directly.

    Examples
    --------
    >>> q = standard_questionnaire()
    >>> q.loc[q["question_id"] == "q08", "options"].item().split("|")[:2]
    ['cross_bank_transfer', 'remote_transfer']
    """
    table = TABLES["survey_questions"]
    rows = {
        "question_id": list(QUESTION_IDS.values()),
        "text": [text for _k, _kind, text, _o in QUESTIONS],
        "kind": [kind for _k, kind, _t, _o in QUESTIONS],
        "options": ["|".join(c for c, _l in opts) if opts else None for *_x, opts in QUESTIONS],
        "option_labels": ["|".join(lab for _c, lab in opts) if opts else None for *_x, opts in QUESTIONS],
    }
    return pd.DataFrame({c.name: pd.Series(rows[c.name], dtype=c.dtype) for c in table.columns})


def questionnaire_markdown(title: str = "社区居民生活与金融需求调查问卷") -> str:
    """A printable Markdown version of the questionnaire for branches.

    Questions are numbered like 问卷星 (``1、您的年龄段是？``); single-choice options
    are marked ○, multi-choice options □ (tick all that apply), the satisfaction scale
    runs 1–5 and the open question leaves a line to write on. The introduction tells
    respondents that no names or phone numbers are stored.

    Parameters
    ----------
    title : str
        Heading of the printed questionnaire.

    Returns
    -------
    str
        Markdown text.
    """
    hint = {"single": "【单选】", "multi": "【多选】", "scale": "【打分】", "open": "【填空】"}
    lines = [
        f"# {title}",
        "",
        "您好！为了更好地为社区居民提供金融服务和社区活动，我们开展这次简短调查，约需 3 分钟。",
        "本问卷匿名填写：不记录姓名、手机号等个人信息，结果仅用于统计分析。感谢您的支持！",
        "",
    ]
    for i, (_key, kind, text, opts) in enumerate(QUESTIONS, start=1):
        lines.append(f"**{i}、{text}**{hint[kind]}")
        lines.append("")
        if kind == "open":
            lines.append("＿" * 30)
        else:
            mark = "□" if kind == "multi" else "○"
            items = []
            for code, lab in opts:
                shown = f"{code} {lab}" if kind == "scale" else lab
                if code in _OTHER:
                    shown += "〖＿＿＿＿〗"
                items.append(f"{mark} {shown}")
            lines.append("　　".join(items))
        lines.append("")
    lines.append("—— 问卷到此结束，谢谢！——")
    lines.append("")
    return "\n".join(lines)
