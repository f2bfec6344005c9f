"""The builder's surveys: who responds, when and through which channel, and their answers."""

from __future__ import annotations

import math

import numpy as np

from analysis.questionnaire import QUESTION_IDS, options_of
from analysis.sample.constants import DAY, HOUR
from analysis.sample.people import _draw_profiles

class _SurveysMixin:
    """Survey responses of a branch (a mixin of :class:`analysis.sample.builder._Builder`)."""

    # -- surveys -------------------------------------------------------------------

    def surveys(self, b: str) -> None:
        rng = self.rng
        rate = {"booth": 0.25, "salon": 0.45, "activity": 0.18}
        events = [(eid, ev) for eid, ev in self.event_att.items() if ev["branch"] == b]
        expected = sum(len(ev["person"]) * rate[ev["kind"]] for _e, ev in events)
        scale = min(1.0, 130 / expected) if expected else 1.0  # about 100-200 answer sheets per branch
        for eid, ev in events:
            n = len(ev["person"])
            k = int(rng.binomial(n, rate[ev["kind"]] * scale))
            for j in sorted(rng.choice(n, k, replace=False).tolist()):
                p = int(ev["person"][j])
                if p in self.responded:
                    continue
                self.responded.add(p)
                t = min(ev["arrived"][j] + float(rng.integers(5, 40)), ev["end"] + 20)
                anon = rng.random() < 0.12
                self._response(b, p, anon, t, ev["kind"], eid, ev["community"], phone=rng.random() < 0.75)
        members = self.mass_pool[b]
        joins = {}
        for g in self.groups:
            if g["branch"] == b and g["tier"] == "mass":
                for p, j in zip(g["m_person"], g["m_join"]):
                    joins.setdefault(int(p), j)
        n_event = sum(1 for r in self.responses if r["branch"] == b)
        for channel in ("online", "wechat"):
            k = int(rng.integers(8, 21)) + max(0, 120 - n_event) // 2
            for p in rng.choice(members, k, replace=False):
                p = int(p)
                if p in self.responded:
                    continue
                self.responded.add(p)
                t = joins[p] + float(rng.integers(12 * HOUR, 20 * DAY))
                if t > self.hi:
                    continue
                anon = channel == "online" and rng.random() < 0.7
                self._response(b, None if anon else p, False, t, channel, None, None, phone=True,
                               profile_of=p if not anon else None)

    def _response(self, b, person, anon, t, channel, eid, ev_comm, phone, profile_of="same") -> None:
        rng = self.rng
        ppl = self.people
        comm_ids, comm_w = self.comms[b]
        src = person if profile_of == "same" else profile_of
        if src is not None:
            comm = ppl.comm[src] or ev_comm or comm_ids[int(rng.choice(len(comm_ids), p=comm_w))]
            if ppl.comm[src] is None:
                ppl.comm[src] = comm
            prof = (ppl.age[src], ppl.gender[src], ppl.seg[src], ppl.cust[src])
        else:
            comm = comm_ids[int(rng.choice(len(comm_ids), p=comm_w))]
            g, c, s, a = _draw_profiles(rng, 1, 0.6, 0.25)
            prof = (a[0], g[0], s[0], bool(c[0]))
        dur = int(np.clip(round(rng.lognormal(math.log(170), 0.45)), 45, 900)) if phone else None
        self.responses.append({"branch": b, "person": None if anon else person, "community": comm, "event": eid,
                               "t": float(t), "channel": channel, "duration": dur,
                               "answers": _answers(rng, *prof)})



# ---------------------------------------------------------------------------
# Survey answers
# ---------------------------------------------------------------------------

_FAMILY = options_of("family")
_FAMILY_GIVEN_AGE = {
    "18-29": [0.55, 0.25, 0.15, 0.00, 0.05, 0.00],
    "30-39": [0.10, 0.20, 0.45, 0.15, 0.10, 0.00],
    "40-49": [0.05, 0.10, 0.05, 0.55, 0.20, 0.05],
    "50-59": [0.03, 0.20, 0.00, 0.12, 0.30, 0.35],
    "60+": [0.05, 0.15, 0.00, 0.00, 0.35, 0.45],
}
_NEEDS_SEG = {
    "retiree": {"fixed_income": 0.65, "retirement": 0.25, "home_purchase": 0.03, "education": 0.05,
                "remote_transfer": 0.18, "cross_bank_transfer": 0.15},
    "payroll": {"cross_bank_transfer": 0.45, "home_purchase": 0.25, "fixed_income": 0.30},
    "business_owner": {"cross_bank_transfer": 0.50, "remote_transfer": 0.35, "cross_border_transfer": 0.15},
    "professional": {"fixed_income": 0.35, "retirement": 0.25, "cross_border_transfer": 0.10},
    "homemaker": {"education": 0.30, "fixed_income": 0.35},
    "student": {"cross_bank_transfer": 0.30, "remote_transfer": 0.20, "fixed_income": 0.03, "home_purchase": 0.02,
                "education": 0.05, "retirement": 0.01},
}
_CIRCLES_SEG = {
    "retiree": {"square_dance": 0.60, "mahjong": 0.35, "fitness": 0.15, "cooking": 0.15, "hiking": 0.05,
                "car_club": 0.03},
    "payroll": {"fitness": 0.30, "car_club": 0.20, "hiking": 0.15},
    "business_owner": {"car_club": 0.35, "mahjong": 0.25},
    "professional": {"hiking": 0.30, "fitness": 0.35},
    "homemaker": {"cooking": 0.35, "square_dance": 0.25},
    "student": {"fitness": 0.40, "hiking": 0.20, "mahjong": 0.02, "square_dance": 0.01},
}
_TOPICS_SEG = {
    "retiree": {"health": 0.60, "anti_fraud": 0.45, "arts": 0.20, "travel": 0.15},
    "payroll": {"finance_basics": 0.45, "travel": 0.35},
    "professional": {"finance_basics": 0.45, "travel": 0.35, "arts": 0.20},
    "homemaker": {"cooking": 0.35, "parenting": 0.30, "health": 0.35},
    "business_owner": {"finance_basics": 0.40},
    "student": {"travel": 0.45, "anti_fraud": 0.30},
}
_TIME_SEG = {
    "retiree": [0.60, 0.05, 0.20, 0.15], "payroll": [0.03, 0.35, 0.25, 0.37],
    "professional": [0.03, 0.35, 0.25, 0.37], "homemaker": [0.45, 0.05, 0.25, 0.25],
    "student": [0.05, 0.30, 0.15, 0.50], "business_owner": [0.15, 0.30, 0.20, 0.35], "other": [0.25, 0.25, 0.25, 0.25],
}
_OTHER_BANKS = ("农商银行", "民生银行", "兴业银行", "浦发银行", "中信银行", "平安银行")
_OTHER_JOBS = ("自由职业", "外卖骑手", "网约车司机", "务农", "保洁")
_SUGGESTIONS = ("希望多举办亲子活动", "周末营业时间能否延长", "理财讲座可以讲得更通俗一些", "希望多做防诈骗宣传",
                "排队时间太长", "希望有老年人专属服务窗口", "网点附近停车不方便", "活动礼品很实用，希望继续",
                "希望在小区设置自助服务点", "手机银行操作能否再简单一些", "希望活动提前一周通知")


def _ticks(rng, probs: dict, none_code=None) -> list[str]:
    keys = list(probs)
    p = np.clip(np.array([probs[k] for k in keys]), 0, 0.95)
    hit = [k for k, h in zip(keys, rng.random(len(keys)) < p) if h]
    if not hit:
        hit = [none_code] if none_code else [keys[int(np.argmax(p + rng.random(len(p)) * 0.05))]]
    return hit


def _answers(rng, age, gender, seg, cust) -> list[tuple]:
    """Answers of one respondent, consistent with their attributes: [(question_id, value, other_text)]."""
    seg = seg or "other"
    q = QUESTION_IDS
    out = [(q["age_band"], age, None), (q["gender"], gender, None)]
    fam_p = [0.85, 0.0, 0.0, 0.0, 0.15, 0.0] if seg == "student" else _FAMILY_GIVEN_AGE[age]
    fam = _FAMILY[int(rng.choice(6, p=np.array(fam_p) / sum(fam_p)))]
    if rng.random() > 0.04:
        out.append((q["family"], fam, None))
    out.append((q["segment"], seg, str(rng.choice(_OTHER_JOBS)) if seg == "other" and rng.random() < 0.8 else None))
    if rng.random() > 0.03:
        banks = {"icbc": 0.45, "ccb": 0.40, "abc": 0.30, "boc": 0.25, "bocom": 0.10, "cmb": 0.20,
                 "psbc": 0.40 if seg == "retiree" else 0.18, "other": 0.06}
        ticked = set(_ticks(rng, banks, None if cust else "icbc")) | ({"our_bank"} if cust else set())
        for k in (k for k in options_of("banks") if k in ticked):
            out.append((q["banks"], k, str(rng.choice(_OTHER_BANKS)) if k == "other" else None))
    out.append((q["is_customer"], "yes" if cust else "no", None))
    if rng.random() > 0.05:
        parents = fam in ("with_young_children", "with_school_children")
        prod = {"deposit": 0.7, "wealth": {"retiree": 0.4, "professional": 0.35}.get(seg, 0.22),
                "fund": {"professional": 0.3, "payroll": 0.2}.get(seg, 0.1), "insurance": 0.3,
                "credit_card": {"payroll": 0.55, "student": 0.12, "retiree": 0.1}.get(seg, 0.35),
                "mobile_banking": 0.35 if age == "60+" else 0.7, "consumer_loan": 0.08,
                "mortgage": 0.35 if seg == "payroll" and age in ("30-39", "40-49") else (0.2 if parents else 0.08)}
        out += [(q["products"], k, None) for k in _ticks(rng, prod, "none")]
    if rng.random() > 0.04:
        p = {"cross_bank_transfer": 0.25, "remote_transfer": 0.12, "cross_border_transfer": 0.04,
             "fixed_income": 0.30, "home_purchase": 0.10, "education": 0.10, "retirement": 0.15}
        p.update(_NEEDS_SEG.get(seg, {}))
        if fam in ("with_young_children", "with_school_children"):
            p["education"] = max(p["education"], 0.6)
        elif fam == "three_generations":
            p["education"] = max(p["education"], 0.3)
            p["retirement"] = max(p["retirement"], 0.3)
        elif fam == "empty_nest":
            p["retirement"] = max(p["retirement"], 0.35)
            p["fixed_income"] += 0.1
        if age == "50-59":
            p["retirement"] = max(p["retirement"], 0.45)
        out += [(q["needs"], k, None) for k in _ticks(rng, p, "none")]
    if rng.random() > 0.03:
        p = {"parenting": 0.15, "health": 0.30, "finance_basics": 0.30, "anti_fraud": 0.25, "cooking": 0.12,
             "travel": 0.20, "arts": 0.12}
        p.update(_TOPICS_SEG.get(seg, {}))
        if fam in ("with_young_children", "with_school_children"):
            p["parenting"] = max(p["parenting"], 0.65)
        if gender == "female":
            p["arts"] *= 1.4
            p["cooking"] *= 1.3
        out += [(q["topics"], k, None) for k in _ticks(rng, p)]
    if rng.random() > 0.07:
        p = {"square_dance": 0.12, "parent_child": 0.12, "car_club": 0.10, "hiking": 0.08, "mahjong": 0.12,
             "fitness": 0.18, "cooking": 0.08}
        p.update(_CIRCLES_SEG.get(seg, {}))
        if fam in ("with_young_children", "with_school_children"):
            p["parent_child"] = max(p["parent_child"], 0.65)
        if gender == "female":
            p["square_dance"] *= 1.5
            p["cooking"] *= 1.4
        else:
            p["car_club"] *= 1.8
            p["square_dance"] *= 0.3
        out += [(q["circles"], k, None) for k in _ticks(rng, p, "none")]
    if rng.random() > 0.04:
        w = np.array(_TIME_SEG.get(seg, _TIME_SEG["other"]), dtype=float)
        if fam in ("with_young_children", "with_school_children"):
            w = np.array([0.05, 0.10, 0.45, 0.40])
        out.append((q["time"], options_of("time")[int(rng.choice(4, p=w / w.sum()))], None))
    if rng.random() > 0.03:
        w = [0.55, 0.15, 0.30] if seg == "retiree" else [0.45, 0.20, 0.35]
        out.append((q["wechat"], ("yes", "no", "maybe")[int(rng.choice(3, p=w))], None))
    if rng.random() < (0.95 if cust else 0.3):
        w = [0.02, 0.05, 0.18, 0.45, 0.30] if cust else [0.03, 0.07, 0.35, 0.35, 0.20]
        out.append((q["satisfaction"], str(1 + int(rng.choice(5, p=w))), None))
    if rng.random() < 0.18:
        out.append((q["suggestions"], str(rng.choice(_SUGGESTIONS)), None))
    return out
