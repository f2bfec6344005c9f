"""Product rules: needs and segments → the product mix to offer, and to how many respondents it applies.

The one rule table :data:`PRODUCT_RULES` (需求 → 产品组合) drives both functions. Tests:
``tests/surveys/test_products.py``. Notebook: ``01_community_survey`` (section "What to
recommend to whom").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, report, rules
from analysis.report.labels import check_language
from analysis.rules import LEVEL
from analysis.stats import proportion
from analysis.surveys import _tables as T

__all__ = ["PRODUCTS", "HELD_AS", "PRODUCT_RULES", "BUNDLE_SHARE", "recommend_for", "recommend_products"]

#: Product codes the rules recommend (labels: ``product=<code>`` in the report vocabulary). Codes
#: shared with the questionnaire's "products held" question (q07) mean the same product.
PRODUCTS: tuple[str, ...] = (
    "deposit", "wealth", "fund", "insurance", "credit_card", "mobile_banking", "consumer_loan", "mortgage",
    "principal_protected", "fixed_income_wealth", "anti_fraud", "social_security_card", "merchant_services",
    "business_loan", "payroll_service", "pension_account", "education_savings", "cross_border_remittance",
)

#: Recommended product → the option of the products-held question (q07) that means the customer
#: already has it.
HELD_AS: dict[str, str] = {
    "deposit": "deposit", "wealth": "wealth", "fund": "fund", "insurance": "insurance", "credit_card": "credit_card",
    "mobile_banking": "mobile_banking", "consumer_loan": "consumer_loan", "mortgage": "mortgage",
    "fixed_income_wealth": "wealth",
}

#: A need-driven product joins a segment's bundle when it applies to at least this share of the
#: segment's respondents (alias of :data:`analysis.rules.SURVEY_BUNDLE_SHARE`).
BUNDLE_SHARE = rules.SURVEY_BUNDLE_SHARE

_SEGMENT_RULES = {  # segment → its bundle, in priority order
    "payroll": ("deposit", "mobile_banking", "consumer_loan", "principal_protected"),
    "retiree": ("fixed_income_wealth", "deposit", "anti_fraud", "social_security_card"),
    "business_owner": ("merchant_services", "business_loan", "payroll_service", "wealth"),
    "professional": ("fund", "pension_account", "credit_card", "wealth"),
    "homemaker": ("education_savings", "insurance", "wealth", "mobile_banking"),
    "student": ("mobile_banking", "anti_fraud"),
    "other": ("deposit", "mobile_banking"),
}
_NEED_RULES = {  # need (an option of the needs question) → products, in priority order
    "cross_bank_transfer": ("mobile_banking",),
    "remote_transfer": ("mobile_banking",),
    "cross_border_transfer": ("cross_border_remittance",),
    "fixed_income": ("fixed_income_wealth", "deposit"),
    "home_purchase": ("mortgage", "deposit"),
    "education": ("education_savings", "insurance"),
    "retirement": ("pension_account", "insurance"),
}


def _rules() -> pd.DataFrame:
    rows = [("segment", s, p, k, f"surveys.reason.segment.{s}.{p}")
            for s, products in _SEGMENT_RULES.items() for k, p in enumerate(products, start=1)]
    rows += [("need", n, p, k, f"surveys.reason.need.{n}.{p}")
             for n, products in _NEED_RULES.items() for k, p in enumerate(products, start=1)]
    return pd.DataFrame(rows, columns=["trigger", "value", "product", "priority", "reason"]).astype(
        {"trigger": "string", "value": "string", "product": "string", "priority": "int64", "reason": "string"})


#: The one rule table (需求 → 产品组合). One row per rule: ``trigger`` (``segment`` or ``need``),
#: ``value`` (the segment code, e.g. ``payroll``, or the need code of the needs question, e.g.
#: ``fixed_income``), ``product`` (a code of :data:`PRODUCTS`), ``priority`` (1 = first in the
#: bundle) and ``reason`` (why: the key of a sentence of the report vocabulary, in Chinese and
#: English; a rule table of your own may hold plain text). A segment's rules are its bundle,
#: offered together (e.g. payroll customers: deposits, mobile banking, consumer loans,
#: principal-protected products); need rules add products for the respondents who state the need.
PRODUCT_RULES: pd.DataFrame = _rules()


def _reason(text, language: str) -> str:
    text = str(text)
    return report.say(text, language) if text in report.SENTENCES else text


def recommend_for(segment: str | None = None, needs=(), rules: pd.DataFrame | None = None,
                  language: str = "zh") -> pd.DataFrame:
    """The product mix for one customer profile, from the rule table.

    Parameters
    ----------
    segment : str, optional
        A segment code (``payroll``, ``retiree`` …).
    needs : sequence of str
        Need codes of the needs question (``fixed_income``, ``education`` …).
    rules : DataFrame, optional
        A rule table shaped like :data:`PRODUCT_RULES` (default that table).
    language : {"zh", "en"}
        Language of ``reasons``.

    Returns
    -------
    DataFrame
        One row per product: ``product``, ``priority`` (int64: the segment bundle's order first,
        then need-driven products), ``triggers`` (what fired it, e.g. ``segment:retiree|need:
        fixed_income``) and ``reasons`` (joined with ``；`` in Chinese, ``; `` in English),
        most-supported first.

    Examples
    --------
    >>> recommend_for("retiree", ["fixed_income"])["product"].tolist()
    ['fixed_income_wealth', 'deposit', 'anti_fraud', 'social_security_card']
    >>> recommend_for("retiree", ["fixed_income"], language="en").loc[0, "reasons"]
    'Retirees: prefer a steady fixed income; Prefers a steady fixed income'
    """
    rules = PRODUCT_RULES if rules is None else rules
    prep.require_frame(rules, "rules", ["trigger", "value", "product", "priority", "reason"], "recommend_for")
    check_language(language)
    hit = ((rules["trigger"] == "segment") & (rules["value"] == (segment or ""))) | \
          ((rules["trigger"] == "need") & rules["value"].isin(list(needs)))
    r = rules.loc[hit.fillna(False).to_numpy()]
    if r.empty:
        return T.empty({"product": "string", "priority": "int64", "triggers": "string", "reasons": "string"})
    join = "；" if language == "zh" else "; "
    r = r.assign(rank=np.where(r["trigger"] == "segment", r["priority"], 10 + r["priority"]),
                 trig=r["trigger"] + ":" + r["value"], text=[_reason(x, language) for x in r["reason"]])
    out = r.groupby("product", sort=False).agg(priority=("rank", "min"), support=("trig", "size"),
                                               triggers=("trig", lambda s: T.SEP.join(s)),
                                               reasons=("text", lambda s: join.join(s))).reset_index()
    out = out.sort_values(["priority", "support"], ascending=[True, False], kind="stable")
    return out[["product", "priority", "triggers", "reasons"]].astype(
        {"product": "string", "priority": "int64", "triggers": "string", "reasons": "string"}).reset_index(drop=True)


def recommend_products(data=None, /, *, survey_answers: pd.DataFrame | None = None,
                       survey_questions: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
                       segment="segment", needs="needs", held="products", rules: pd.DataFrame | None = None,
                       min_share: float = BUNDLE_SHARE, bundle_only: bool = False,
                       level: float = LEVEL) -> pd.DataFrame:
    """What to recommend to whom: per segment, the products the rule table recommends and to how many.

    Parameters
    ----------
    data : data set, optional
        Supplies the tables not passed by name.
    survey_answers, survey_questions : DataFrame
        The answers and the codebook.
    survey_responses : DataFrame, optional
        Restricts the sheets and supplies response columns.
    segment, needs, held : str
        The segment question (or a column of ``survey_responses``), the needs question and the
        products-held question (``None`` to skip the held count).
    rules : DataFrame, optional
        The rule table (default :data:`PRODUCT_RULES`).
    min_share : float, default :data:`BUNDLE_SHARE`
        A need-driven product joins the segment's bundle when it applies to at least this share
        of the segment's respondents.
    bundle_only : bool, default False
        Only the products of the bundles (``in_bundle``).
    level : float, default :data:`analysis.rules.LEVEL`

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
    t = T.tables(data, func, required=("survey_answers", "survey_questions"), optional=("survey_responses",),
                 survey_answers=survey_answers, survey_questions=survey_questions, survey_responses=survey_responses)
    answers, questions, responses = t["survey_answers"], t["survey_questions"], t["survey_responses"]
    rules = PRODUCT_RULES if rules is None else rules
    prep.require_frame(rules, "rules", ["trigger", "value", "product", "priority"], func)
    min_share = prep.check_fraction(min_share, "min_share", func, closed=True)
    in_scope = T.sheets(answers, responses)
    _name, seg = T.by_values(segment, answers, questions, responses, in_scope, func)
    seg = seg.dropna()
    cols = {"segment": "object", "product": "string", "priority": "int64", "respondents": "int64",
            "answered": "int64", "rate": "float64", "ci_low": "float64", "ci_high": "float64",
            "already_held": "Int64", "not_held": "Int64", "in_bundle": "bool"}
    if seg.empty:
        return T.empty(cols)
    people = pd.DataFrame({"response_id": seg.index, "segment": seg.astype(object).to_numpy()})
    by_seg = people.merge(rules.loc[rules["trigger"] == "segment"], left_on="segment", right_on="value")
    by_seg = by_seg.assign(rank=by_seg["priority"].astype("int64"))
    parts = [by_seg[["response_id", "segment", "product", "rank"]]]
    nq = T.question_id(questions, needs, func) if needs is not None else None
    if nq is not None:
        na = T.answers_of(answers, nq, pd.Index(people["response_id"]), T.book(questions, nq)["kind"])
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
        hq = T.question_id(questions, held, func)
        ha = T.answers_of(answers, hq, pd.Index(people["response_id"]), T.book(questions, hq)["kind"])
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
    if bundle_only:
        counts = counts.loc[counts["in_bundle"].to_numpy()]
    return counts[list(cols)].astype({"product": "string", "already_held": "Int64", "not_held": "Int64"}).reset_index(
        drop=True)
