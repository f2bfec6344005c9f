"""Seeded generator of a realistic multi-branch sample data set (样例数据).

:func:`make_sample` returns every table of the data contract
(:data:`analysis.schemas.TABLES`) with exactly the schema's columns, in schema
order, and the schema's dtypes. It draws every random number from one
``numpy.random.default_rng(seed)``: the same seed gives identical frames (and,
through :func:`analysis.io.write_dataset`, byte-identical files).

The data tell the stories of the reference figures in ``DESIGN.md``:

- **The salon case** (:data:`SALON_CASE`): event ``B01-E03``, a family-relationship
  salon (家庭关系) with counselling partner ``PT01`` on a Saturday 14:00–15:30,
  30 invitations planned. Each of the branch's 7 eligible staff invites one
  existing customer, all 7 come and each brings at least one more (9 guests);
  the partner's invitees and their guests and two walk-ins make 38 attendees,
  30 women and 8 men, 7 bank customers and 31 strangers (81.6 %). Wealth-product
  deals from the salon within 72 hours total 6.1 million yuan.
- **24/72 follow-up**: most leads are first contacted within 24 h, some within
  72 h, some later, some never; the chance of a win falls with the delay.
- **A Friday booth** (:data:`FRIDAY_CASE`, ``B02-E10`` on Friday 2026-10-23): its leads' 72 hours
  cross the weekend; five are called on Monday morning — late on the wall clock, on time in working
  hours (added last, by :func:`_friday_event`, so no earlier row changes).
- **WeChat tiers**: per branch two mass groups of 400–500 (one not owned by the
  bank), 4–6 potential groups of a few dozen, 3–5 elite groups of 9–13; members
  are pulled up the tiers; one elite group without a deal in 3 days and one
  potential group without a promotion in 14 days are dissolved.
- **Join-the-group incentive** (:data:`HOOK_CASE`): branch B01's 5-yuan red packet,
  20,000 joined in two weeks, 15,000 yuan paid out.
- **SMART targets**: realistic steps between comparable events (40 → 50–55) and one
  unrealistic jump (40 → 80, in the last branch's booth series).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.errors import ParameterError
from analysis.questionnaire import QUESTION_IDS, options_of, standard_questionnaire
from analysis.schemas import AGE_BANDS, SEGMENTS, TABLES

__all__ = ["make_sample", "SALON_CASE", "HOOK_CASE", "FRIDAY_CASE", "PARTNERS", "ELIGIBLE_ROLES", "STAFF_ROLES"]

HOUR, DAY = 60, 1440

#: The salon reference case as the sample data reproduce it (DESIGN.md, "Salon case").
SALON_CASE = {
    "event_id": "B01-E03", "branch_id": "B01", "kind": "salon", "theme": "家庭关系", "partner_id": "PT01",
    "planned_invites": 30, "attendees": 38, "women": 30, "men": 8, "bank_customers": 7, "strangers": 31,
    "staff_invitations": 7, "brought_by_staff_invitees": 9, "sales_72h": 6_100_000.0,
}

#: The join-the-group incentive reference case (DESIGN.md, "Join-the-group incentive").
HOOK_CASE = {"campaign_id": "B01-H01", "branch_id": "B01", "joined": 20_000, "claimed": 3_000,
             "reward_per_claim": 5.0, "spend": 15_000.0, "days": 14}

#: Staff of every branch: suffix and role. Head and ops supervisor do not invite.
STAFF_ROLES = (("S01", "branch_head"), ("S02", "ops_supervisor"), ("S03", "wealth_manager"),
               ("S04", "wealth_manager"), ("S05", "lobby_manager"), ("S06", "teller"), ("S07", "teller"),
               ("S08", "account_manager"), ("S09", "account_manager"))
#: Roles that invite customers to events and follow up leads.
ELIGIBLE_ROLES = ("wealth_manager", "lobby_manager", "teller", "account_manager")

#: Partner merchants (异业合作方) used by the sample events.
PARTNERS = {"PT01": "心理咨询工作室", "PT02": "绘本馆", "PT03": "中医养生馆", "PT04": "花艺工作室",
            "PT05": "茶馆", "PT06": "健身房", "PT07": "烘焙坊", "PT08": "物业服务公司"}

_BRANCH_NAMES = ("城东支行", "城西支行", "高新区支行", "滨江支行", "开发区支行", "新城支行", "老城支行", "大学城支行")
_CITIES = ("杭州", "杭州", "宁波", "绍兴")
_COMMUNITY_NAMES = ("锦绣花园", "阳光小区", "翠苑新村", "和平里", "金色家园", "滨江花园", "幸福里", "枫林苑",
                    "紫荆苑", "碧水湾", "丽景华庭", "康乐新村", "东方苑", "桂花园", "银杏苑", "春晖小区",
                    "湖滨公寓", "明月新村", "青枫雅苑", "星河湾")
# entry kind: (Chinese name suffix, daily flow range, cost per visit range, value score range)
_ENTRY = {
    "supermarket": ("生鲜超市", (300, 1500), (0.5, 2.0), (2.5, 3.5)),
    "club": ("会所", (40, 200), (5.0, 20.0), (3.5, 4.8)),
    "beauty": ("美容院", (30, 120), (3.0, 10.0), (3.5, 4.6)),
    "laundry": ("洗衣店", (40, 150), (1.0, 4.0), (2.5, 3.5)),
    "car_care": ("汽车美容店", (20, 100), (5.0, 15.0), (3.5, 4.6)),
    "activity_center": ("社区活动中心", (80, 400), (0.5, 3.0), (2.5, 4.0)),
    "property_office": ("物业服务中心", (50, 200), (0.0, 2.0), (3.0, 4.2)),
    "school": ("幼儿园", (150, 600), (1.0, 5.0), (3.0, 4.2)),
    "pharmacy": ("大药房", (80, 300), (0.5, 2.0), (2.5, 3.5)),
    "restaurant": ("餐馆", (100, 500), (2.0, 6.0), (2.5, 3.5)),
}
_BOOTH_THEMES = ("反诈宣传", "社保卡激活", "数字人民币体验", "手机银行推广", "存款利率咨询", "理财知识普及", "零钱兑换")
_SALON_THEMES = (("亲子关系", "PT02"), ("健康养生", "PT03"), ("插花艺术", "PT04"), ("茶艺品鉴", "PT05"),
                 ("烘焙体验", "PT07"), ("养老规划", None), ("子女教育金规划", None), ("家庭资产配置", None))
_ACTIVITY_THEMES = (("广场舞比赛", "PT08"), ("亲子运动会", "PT06"), ("社区义诊", "PT03"),
                    ("老年人防诈骗讲座", None), ("社区跳蚤市场", "PT08"), ("夏日露天观影", None))

# segments in schemas.SEGMENTS order: payroll, retiree, business_owner, professional, homemaker, student, other
_SEG_W = np.array([0.30, 0.22, 0.10, 0.12, 0.12, 0.05, 0.09])
_AGE_GIVEN_SEG = np.array([  # AGE_BANDS order: 18-29, 30-39, 40-49, 50-59, 60+
    [0.25, 0.35, 0.28, 0.12, 0.00],
    [0.00, 0.00, 0.00, 0.15, 0.85],
    [0.05, 0.30, 0.40, 0.20, 0.05],
    [0.20, 0.40, 0.30, 0.10, 0.00],
    [0.05, 0.35, 0.35, 0.20, 0.05],
    [1.00, 0.00, 0.00, 0.00, 0.00],
    [0.25, 0.20, 0.20, 0.20, 0.15],
])
_PRODUCT_W = {
    "retiree": {"wealth": 0.40, "deposit": 0.35, "insurance": 0.15, "fund": 0.10},
    "payroll": {"fund": 0.30, "wealth": 0.25, "insurance": 0.15, "consumer_loan": 0.20, "mortgage": 0.10},
    "business_owner": {"wealth": 0.35, "consumer_loan": 0.25, "insurance": 0.15, "deposit": 0.15, "fund": 0.10},
    "professional": {"fund": 0.35, "wealth": 0.35, "insurance": 0.20, "mortgage": 0.10},
    "homemaker": {"wealth": 0.35, "insurance": 0.30, "deposit": 0.20, "fund": 0.15},
    "student": {"fund": 0.50, "deposit": 0.50},
    "other": {"wealth": 0.30, "deposit": 0.30, "insurance": 0.20, "fund": 0.20},
}
# product: (median amount, log sd, min, max) in yuan
_AMOUNT = {"wealth": (200_000, 0.8, 20_000, 3_000_000), "deposit": (150_000, 0.8, 10_000, 2_000_000),
           "fund": (50_000, 0.8, 5_000, 1_000_000), "insurance": (30_000, 0.7, 5_000, 500_000),
           "consumer_loan": (80_000, 0.6, 10_000, 300_000), "mortgage": (900_000, 0.4, 300_000, 3_000_000)}
# message kinds by weekday (Mon..Sun): the content SOP (Mon/Wed/Fri content, Tue/Thu games, Friday activity)
_MSG_KINDS = ("text", "question", "product_post", "game", "red_packet")
_KIND_BY_WEEKDAY = np.array([
    [1.00, 0.60, 1.00, 0.60, 1.00, 0.45, 0.45],   # text
    [0.50, 0.10, 0.50, 0.10, 0.50, 0.05, 0.05],   # question (after product posts)
    [0.08, 0.00, 0.08, 0.00, 0.08, 0.00, 0.00],   # product_post (members sharing product cards)
    [0.00, 0.90, 0.00, 0.90, 0.50, 0.00, 0.00],   # game (dice, quiz, lyrics)
    [0.00, 0.00, 0.00, 0.00, 0.70, 0.00, 0.00],   # red_packet (the Friday activity)
])
_WEEKDAY_MULT = np.array([1.0, 1.1, 1.0, 1.1, 1.4, 0.5, 0.5])
_TIER_ACTIVITY = {"mass": (0.012, 25.0, 0.3), "potential": (0.09, 30.0, 1.0), "elite": (0.30, 15.0, 1.5)}


def make_sample(seed: int = 0, branches: int = 3, start="2026-07-01", end="2026-10-31") -> dict[str, pd.DataFrame]:
    """Generate the seeded multi-branch sample data set.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives identical tables.
    branches : int
        Number of branches (``B01`` …); branch B01 holds the salon and join-hook reference cases.
    start, end : str or Timestamp
        The period; every timestamp lies in ``[start, end]`` (naive local time, whole minutes).
        At least 8 weeks.

    Returns
    -------
    dict of str → DataFrame
        One frame per table of :data:`analysis.schemas.TABLES`, in that order, each with exactly
        the schema's columns (schema order) and dtypes and a plain RangeIndex.

    Notes
    -----
    Ids: branches ``B01``, staff ``B01-S01``, communities ``B01-C01``, entry points ``B01-C01-P01``,
    events ``B01-E01`` (numbered by start time), groups ``B01-G01`` (by creation time), hook
    campaigns ``B01-H01``, partners ``PT01``; people ``P000001``, leads ``L00001`` (by capture time),
    deals ``D00001`` (by closing time), responses ``R00001`` (by submission time). In real data
    ``person_id`` is a salted hash.

    Group messages are daily counts per member, day (``sent_at`` at midnight) and kind; senders
    are group members (the staff's own broadcast posts are not in the table, since staff are not
    people). A dissolved group's memberships keep an empty ``left_at``: ``dissolved_at`` ends them.
    The question that got someone pulled out of a mass group is the exception: it carries its time
    (minutes, hours or days before the pull), and members carry a ``join_channel``
    (:func:`_group_practice`, which draws from a second generator seeded from ``seed`` after every
    other table is built, so the other tables and rows are those of the main generator).

    Examples
    --------
    >>> tables = make_sample(seed=0)
    >>> att = tables["attendance"].query("event_id == 'B01-E03'")
    >>> len(att), int((~att["is_bank_customer"]).sum())
    (38, 31)
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ParameterError(f"seed must be an integer, not {seed!r}")
    if isinstance(branches, bool) or not isinstance(branches, (int, np.integer)) or not 1 <= branches <= 99:
        raise ParameterError(f"branches must be an integer from 1 to 99, not {branches!r}")
    try:
        t_start, t_end = pd.Timestamp(start), pd.Timestamp(end)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"start and end must be dates such as '2026-07-01': {exc}") from None
    if t_start.tz is not None or t_end.tz is not None:
        raise ParameterError("start and end are naive local times; drop the time zone")
    if t_end - t_start < pd.Timedelta(days=56):
        raise ParameterError(f"the period {t_start:%Y-%m-%d} – {t_end:%Y-%m-%d} is shorter than 8 weeks")
    tables = _group_practice(_Builder(int(seed), t_start, t_end).build(int(branches)), int(seed))  # issue 16
    tables = _event_practice(tables, int(seed))  # issue 16: on-site roles, records, gifts
    return _friday_event(tables, int(seed), t_end)  # issue 16: a Friday booth, 72 h across the weekend


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------


class _People:
    """Attributes of everyone generated, indexed by an integer (person_id = P + index + 1)."""

    def __init__(self):
        self.comm: list = []
        self.cust: list = []
        self.seg: list = []
        self.age: list = []
        self.gender: list = []

    def __len__(self) -> int:
        return len(self.cust)

    def add(self, comm, cust, seg, age, gender) -> np.ndarray:
        first = len(self)
        self.comm.extend(comm)
        self.cust.extend(bool(c) for c in cust)
        self.seg.extend(seg)
        self.age.extend(age)
        self.gender.extend(gender)
        return np.arange(first, len(self), dtype=np.int64)


def _pid(i) -> str:
    return f"P{int(i) + 1:06d}"


def _weights(d: dict, keys) -> np.ndarray:
    w = np.array([d.get(k, 0.0) for k in keys], dtype=float)
    return w / w.sum()


def _draw_profiles(rng, n, female_p=0.55, customer_p=0.3, gender=None, customer=None, seg_w=None):
    """Gender, customer flag, segment (given gender) and age band (given segment) of n new people."""
    gender = np.where(rng.random(n) < female_p, "female", "male") if gender is None else np.asarray(gender)
    customer = (rng.random(n) < customer_p) if customer is None else np.asarray(customer, dtype=bool)
    w = _SEG_W if seg_w is None else _weights(seg_w, SEGMENTS)
    wf = w / w.sum()
    wm = w * np.array([1, 1, 1, 1, 0.08, 1, 1])
    wm = wm / wm.sum()
    male = gender == "male"
    seg_idx = np.where(male, rng.choice(7, n, p=wm), rng.choice(7, n, p=wf))
    cdf = _AGE_GIVEN_SEG.cumsum(axis=1)[seg_idx]
    age_idx = np.minimum((rng.random(n)[:, None] > cdf).sum(axis=1), 4)
    return (gender, customer, np.array(SEGMENTS, dtype=object)[seg_idx], np.array(AGE_BANDS, dtype=object)[age_idx])


# ---------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------


class _Builder:
    def __init__(self, seed: int, t_start: pd.Timestamp, t_end: pd.Timestamp):
        self.rng = np.random.default_rng(seed)
        self.t0 = t_start.normalize()
        self.lo = float((t_start - self.t0) // pd.Timedelta(minutes=1))
        self.hi = float((t_end - self.t0) // pd.Timedelta(minutes=1))
        self.first_day = int(math.ceil(self.lo / DAY))
        self.last_day = int(self.hi // DAY) - 1  # last whole day before the end
        self.wd0 = self.t0.weekday()
        self.rows: dict[str, dict[str, list]] = {}
        self.n_rows: dict[str, int] = {}
        self.people = _People()
        self.comms: dict[str, tuple[list, np.ndarray]] = {}
        self.households: dict[str, int] = {}
        self.eligible: dict[str, np.ndarray] = {}
        self.roles: dict[str, str] = {}
        self.deck: dict[str, list] = {}
        self.cust_pool: dict[str, list] = {}
        self.mass_pool: dict[str, np.ndarray] = {}
        self.event_att: dict[str, dict] = {}
        self.groups: list[dict] = []
        self.extra_msgs: list[tuple] = []  # (group dict, person, day, kind, count)
        self.responses: list[dict] = []
        self.responded: set = set()

    # -- small helpers -------------------------------------------------------

    def add(self, table: str, **cols) -> None:
        """Append rows: each value is a sequence (all of one length) or a scalar (broadcast)."""
        lens = {len(v) for v in cols.values() if isinstance(v, (list, tuple, np.ndarray))}
        if len(lens) > 1:
            raise AssertionError(f"{table}: columns of unequal length {lens}")
        n = lens.pop() if lens else 1
        store = self.rows.setdefault(table, {})
        before = self.n_rows.get(table, 0)
        for c, v in cols.items():
            if c not in store:
                store[c] = [None] * before
            store[c].extend(list(v) if isinstance(v, (list, tuple, np.ndarray)) else [v] * n)
        for c in store:
            if c not in cols:
                store[c].extend([None] * n)
        self.n_rows[table] = before + n

    def weekday(self, day) -> np.ndarray:
        return (self.wd0 + np.asarray(day)) % 7

    def clock(self, n, a=8 * HOUR + 30, b=21 * HOUR) -> np.ndarray:
        """n random minutes of the day between a and b."""
        return self.rng.integers(a, b, n).astype(float)

    def awake(self, t):
        """Times moved out of the night (23:00-07:30) to the next morning; never earlier than given."""
        t = np.asarray(t, dtype=float)
        tod = t % DAY
        morning = 450 + self.rng.integers(0, 600, t.shape)  # 07:30-17:30
        out = np.where(tod > 23 * HOUR, (t // DAY + 1) * DAY + morning, np.where(tod < 450, (t // DAY) * DAY + morning, t))
        out = np.maximum(out, t)
        return float(out) if out.ndim == 0 else out

    def before(self, start: float, n: int, a_days: int, b_days: int) -> np.ndarray:
        """n invitation times a_days…b_days before ``start`` (daytime), not before the period."""
        day = start // DAY - self.rng.integers(a_days, b_days + 1, n)
        t = day * DAY + self.clock(n)
        t = np.maximum(t, max(self.lo, self.first_day * DAY + 9 * HOUR))
        return np.minimum(t, start - HOUR)

    def new_people(self, b: str, n: int, *, female_p=0.55, customer_p=0.3, gender=None, customer=None,
                   seg_w=None, comm_null_p=0.0, comm=None) -> np.ndarray:
        if n <= 0:
            return np.zeros(0, dtype=np.int64)
        gender, customer, seg, age = _draw_profiles(self.rng, n, female_p, customer_p, gender, customer, seg_w)
        ids, w = self.comms[b]
        if comm is None:
            home = np.array(ids, dtype=object)[self.rng.choice(len(ids), n, p=w)]
            home[self.rng.random(n) < comm_null_p] = None
        else:
            home = np.array([comm] * n, dtype=object)
        return self.people.add(list(home), customer, list(seg), list(age), list(gender))

    def assign(self, b: str, n: int) -> list:
        """Staff to follow up n leads: a shuffled deck of the eligible staff, so loads stay even."""
        out = []
        while len(out) < n:
            if not self.deck[b]:
                self.deck[b] = list(self.rng.permutation(self.eligible[b]))
            out.append(self.deck[b].pop())
        return out

    def product(self, person: int) -> str:
        seg = self.people.seg[person] or "other"
        w = _PRODUCT_W[seg]
        keys = list(w)
        return keys[int(self.rng.choice(len(keys), p=_weights(w, keys)))]

    def amount(self, product: str) -> float:
        med, sd, lo, hi = _AMOUNT[product]
        return float(np.clip(round(self.rng.lognormal(math.log(med), sd), -3), lo, hi))

    # -- the whole data set --------------------------------------------------

    def build(self, n_branches: int) -> dict[str, pd.DataFrame]:
        for bi in range(n_branches):
            b = f"B{bi + 1:02d}"
            self.static(bi, b)
            mass = self.mass_groups(b)
            self.events(bi, b, n_branches)
            self.tiers(b, mass)
            self.surveys(b)
            self.hook(bi, b)
        self.messages()
        return self.finalize()

    # -- branches, staff, communities, entry points --------------------------

    def static(self, bi: int, b: str) -> None:
        rng = self.rng
        name = _BRANCH_NAMES[bi] if bi < len(_BRANCH_NAMES) else f"第{bi + 1}支行"
        self.add("branches", branch_id=b, name=name, city=_CITIES[bi % len(_CITIES)])
        staff = [f"{b}-{s}" for s, _r in STAFF_ROLES]
        self.add("staff", staff_id=staff, branch_id=b, role=[r for _s, r in STAFF_ROLES])
        self.roles.update({f"{b}-{s}": r for s, r in STAFF_ROLES})
        self.eligible[b] = np.array([s for s in staff if self.roles[s] in ELIGIBLE_ROLES], dtype=object)
        self.deck[b] = []
        k = int(rng.integers(3, 6))
        cids = [f"{b}-C{i + 1:02d}" for i in range(k)]
        names = [_COMMUNITY_NAMES[(bi * 5 + i) % len(_COMMUNITY_NAMES)]
                 + ("" if bi * 5 + i < len(_COMMUNITY_NAMES) else f"{(bi * 5 + i) // len(_COMMUNITY_NAMES) + 1}期")
                 for i in range(k)]
        households = np.round(np.exp(rng.uniform(math.log(300), math.log(3000), k))).astype(int)
        occupancy = np.round(rng.uniform(0.62, 0.97, k), 2)
        built = rng.integers(1992, 2021, k)
        dist = np.round(rng.uniform(0.3, 2.9, k), 1)
        if k >= 4:
            dist[-1] = np.round(rng.uniform(3.1, 4.5), 1)  # one community beyond the 3-km grid
        self.add("communities", community_id=cids, branch_id=b, name=names, households=households,
                 occupancy_rate=occupancy, built_year=built, distance_km=dist)
        w = households * occupancy / (1 + dist)
        self.comms[b] = (cids, w / w.sum())
        self.households.update(zip(cids, households.tolist()))
        kinds = np.array(list(_ENTRY))
        for cid, cname, hh in zip(cids, names, households):
            m = int(rng.integers(4, 9))
            chosen = ["property_office"] + list(rng.choice(kinds[kinds != "property_office"], m - 1, replace=False))
            scale = (hh / 1200) ** 0.5
            flow, cost, value = [], [], []
            for kind in chosen:
                _lab, fr, cr, vr = _ENTRY[kind]
                flow.append(int(round(rng.uniform(*fr) * scale)))
                cost.append(round(float(rng.uniform(*cr)), 1))
                value.append(round(float(rng.uniform(*vr)), 1))
            self.add("entry_points", entry_id=[f"{cid}-P{j + 1:02d}" for j in range(m)], community_id=cid,
                     kind=chosen, name=[cname + _ENTRY[kd][0] for kd in chosen], daily_flow=flow,
                     cost_per_visit=cost, value_score=value)

    # -- WeChat mass groups ----------------------------------------------------

    def mass_groups(self, b: str) -> list[dict]:
        rng = self.rng
        out = []
        for g in range(2):
            created = (self.first_day + int(rng.integers(0, 3 if g == 0 else 6))) * DAY + self.clock(1, 9 * HOUR, 20 * HOUR)[0]
            n = int(rng.integers(400, 501))
            people = self.new_people(b, n, female_p=0.58, customer_p=0.3)
            early = rng.random(n) < 0.35
            join = np.where(early, created + rng.uniform(0, 2 * DAY, n), created + rng.exponential(25 * DAY, n))
            join = self.awake(np.floor(np.clip(join, created, self.hi - DAY)))
            grp = {"branch": b, "tier": "mass", "created": float(created), "dissolved": np.nan,
                   "owner": f"{b}-S08" if g == 0 else None,
                   "m_person": list(people), "m_join": list(join), "m_left": [np.nan] * n, "m_from": [None] * n}
            out.append(grp)
            self.groups.append(grp)
        self.mass_pool[b] = np.concatenate([np.array(g["m_person"]) for g in out])
        cust = np.array(self.people.cust)[self.mass_pool[b]]
        self.cust_pool[b] = list(self.mass_pool[b][cust])
        return out

    # -- events ------------------------------------------------------------------

    def events(self, bi: int, b: str, n_branches: int) -> None:
        rng = self.rng
        n = int(rng.integers(8, 13))
        n_salon, n_act = max(2, round(n * 0.33)), max(1, round(n * 0.22))
        n_booth = n - n_salon - n_act
        first, last = self.first_day + 3, self.last_day - 3
        case = bi == 0
        if case:
            case_day = self.first_day + 14
            while self.weekday(case_day) != 5:
                case_day += 1
            rest = ["booth"] * (n_booth - 1) + ["salon"] * (n_salon - 2) + ["activity"] * n_act
            kinds = ["booth", "salon", "case"] + list(rng.permutation(rest))
            windows = self._windows(first, case_day - 2, 2) + [(case_day, case_day)] \
                + self._windows(case_day + 2, last, n - 3)
        else:
            kinds = list(rng.permutation(["booth"] * n_booth + ["salon"] * n_salon + ["activity"] * n_act))
            windows = self._windows(first, last, n)
        plans = []
        for kind, (a, z) in zip(kinds, windows):
            days = np.arange(a, z + 1)
            weekend = self.weekday(days) >= 5
            want_weekend = rng.random() < {"booth": 0.35, "salon": 0.85, "activity": 0.9, "case": 1.0}[kind]
            pick = days[weekend] if want_weekend and weekend.any() else (days[~weekend] if (~weekend).any() else days)
            day = int(rng.choice(pick))
            wkend = self.weekday(day) >= 5
            if kind == "case":
                start, dur = 14 * HOUR, 90
            elif kind == "booth":
                start = int(rng.choice([570, 600, 900] if wkend else [570, 600, 900, 960]))
                dur = int(rng.choice([90, 120, 150]))
            elif kind == "salon":
                start = int(rng.choice([570, 840, 870, 900] if wkend else [870, 900]))
                dur = int(rng.choice([90, 90, 90, 120]))
            else:
                start = int(rng.choice([540, 570, 900]))
                dur = int(rng.choice([90, 120]))
            plans.append({"kind": kind, "start": float(day * DAY + start), "dur": dur})
        plans.sort(key=lambda p: p["start"])
        series: dict[str, list] = {}
        for i, plan in enumerate(plans):
            eid = f"{b}-E{i + 1:02d}"
            if plan["kind"] == "case":
                self.salon_case(b, eid, plan["start"])
                series.setdefault("salon", []).append((30, 38))
                continue
            kind = plan["kind"]
            prev = series.get(kind, [])
            if not prev:
                target = {"booth": 40, "salon": 25 if case else int(rng.choice([20, 25])), "activity": 50}[kind]
            elif kind == "booth" and len(prev) == 1 and bi == n_branches - 1:
                target = 2 * prev[-1][0]  # the unrealistic jump (40 -> 80)
            elif prev[-1][1] >= prev[-1][0]:
                target = int(5 * round(prev[-1][0] * rng.uniform(1.2, 1.35) / 5))
            else:
                target = prev[-1][0]
            actual = self.event(b, eid, kind, plan["start"], plan["start"] + plan["dur"], target)
            series.setdefault(kind, []).append((target, actual))

    @staticmethod
    def _windows(a: int, z: int, k: int) -> list[tuple[int, int]]:
        edges = np.floor(np.linspace(a, z + 1, k + 1)).astype(int)
        return [(int(edges[i]), int(max(edges[i], edges[i + 1] - 1))) for i in range(k)]

    def _arrivals(self, parties: list, eid: str, start: float, end: float, kind: str, comm) -> None:
        """Attendance rows from parties [(time, [person], [source], [brought_by])]; records the event."""
        rng = self.rng
        person, t, src, by = [], [], [], []
        for t0, ps, ss, bs in parties:
            lag = np.concatenate([[0], rng.integers(0, 2, len(ps) - 1)]) if len(ps) > 1 else np.zeros(1)
            person += list(ps)
            t += list(t0 + lag)
            src += list(ss)
            by += list(bs)
        order = np.argsort(np.asarray(t), kind="stable")
        person = np.asarray(person, dtype=np.int64)[order]
        t = np.asarray(t, dtype=float)[order]
        src = np.asarray(src, dtype=object)[order]
        by = np.asarray(by, dtype=object)[order]
        self.add("attendance", event_id=eid, person_id=person, arrived_at=t, source=src, brought_by=by)
        self.event_att[eid] = {"person": person, "arrived": t, "source": src, "kind": kind, "start": start,
                               "end": end, "community": comm, "branch": eid.split("-")[0]}

    def salon_case(self, b: str, eid: str, start: float) -> None:
        """The family-relationship salon of DESIGN.md, built to its exact figures."""
        rng = self.rng
        end = start + 90
        staff = self.eligible[b]  # the 7 eligible staff, one invitation each

        def fem(k: int, m: int) -> np.ndarray:  # k women and m men in random order
            return rng.permutation(np.array(["female"] * k + ["male"] * m, dtype=object))

        seg_cust = {"retiree": 0.3, "payroll": 0.25, "business_owner": 0.2, "homemaker": 0.15, "professional": 0.1}
        seg_guest = {"homemaker": 0.3, "payroll": 0.3, "professional": 0.2, "retiree": 0.1, "business_owner": 0.1}
        invitees = self.new_people(b, 7, gender=fem(6, 1), customer=np.ones(7, bool), seg_w=seg_cust)
        self.add("invitations", event_id=eid, inviter_kind="staff", inviter_id=list(staff), person_id=invitees,
                 invited_at=self.before(start, 7, 3, 8))
        bring = rng.permutation([1, 1, 1, 1, 1, 2, 2])
        guests = self.new_people(b, 9, gender=fem(6, 3), customer=np.zeros(9, bool), seg_w=seg_guest,
                                 comm_null_p=0.1)
        # partner: 20 invited, 16 came (14 women, 2 men), 3 of them bring 4 guests; 2 walk-ins
        came = self.new_people(b, 16, gender=fem(14, 2), customer=np.zeros(16, bool), seg_w=seg_guest,
                               comm_null_p=0.2)
        absent = self.new_people(b, 4, female_p=0.8, customer=np.zeros(4, bool), seg_w=seg_guest, comm_null_p=0.2)
        p_inv = rng.permutation(np.concatenate([came, absent]))
        self.add("invitations", event_id=eid, inviter_kind="partner", inviter_id="PT01", person_id=p_inv,
                 invited_at=self.before(start, 20, 4, 12))
        p_guests = self.new_people(b, 4, gender=fem(3, 1), customer=np.zeros(4, bool), seg_w=seg_guest,
                                   comm_null_p=0.1)
        p_bring = np.zeros(16, int)
        p_bring[rng.choice(16, 3, replace=False)] = [2, 1, 1]
        walk = self.new_people(b, 2, gender=np.array(["female", "male"], dtype=object), customer=np.zeros(2, bool))
        parties, gi, pgi = [], 0, 0
        for inv, k in zip(invitees, bring):
            g = list(guests[gi:gi + k])
            gi += k
            parties.append([inv] + g)
        for inv, k in zip(came, p_bring):
            g = list(p_guests[pgi:pgi + k])
            pgi += k
            parties.append([inv] + g)
        parties += [[w] for w in walk]
        slots = rng.permutation(len(parties))  # stratified: no long gaps between 13:45 and 14:30
        width = 45 / len(parties)
        times = start - 15 + np.floor((slots + rng.uniform(0.1, 0.9, len(parties))) * width)
        src_of = {**{int(p): "staff_invite" for p in invitees}, **{int(p): "partner_invite" for p in came},
                  **{int(p): "walk_in" for p in walk}}
        rows = []
        for tt, ps in zip(times, parties):
            head = int(ps[0])
            rows.append((tt, [head] + [int(x) for x in ps[1:]], [src_of[head]] + ["brought_along"] * (len(ps) - 1),
                         [None] + [head] * (len(ps) - 1)))
        self._arrivals(rows, eid, start, end, "salon", None)
        self.add("events", event_id=eid, branch_id=b, community_id=None, kind="salon", theme="家庭关系",
                 partner_id="PT01", starts_at=start, ends_at=end, cost=6800.0, planned_invites=30)
        roles = pd.Series([self.roles[s] for s in staff]).value_counts()
        targets = [("attendees", 30, None), ("stranger_ratio", 0.7, None), ("leads", 10, None), ("deals", 5, None),
                   ("sales_amount", 5_000_000, None)] + [("invitations", float(roles[r]), r) for r in ELIGIBLE_ROLES]
        self.add("event_targets", event_id=eid, metric=[m for m, _t, _r in targets],
                 target=[float(t) for _m, t, _r in targets], role=[r for _m, _t, r in targets])
        # leads: 6 wealth deals within 72 h (6.1 million), 1 later insurance deal, 4 lost, 1 never contacted
        inviter = dict(zip((int(p) for p in invitees), staff))
        buyers = list(rng.choice(invitees, 4, replace=False)) + list(rng.choice(guests, 2, replace=False))
        amounts = rng.permutation([2_000_000.0, 1_500_000.0, 1_000_000.0, 800_000.0, 500_000.0, 300_000.0])
        others = [int(p) for p in np.concatenate([invitees, guests, came]) if int(p) not in set(map(int, buyers))]
        rest = list(rng.choice(others, 6, replace=False))
        later, lost, never = rest[0], rest[1:5], rest[5]
        people = [int(p) for p in buyers] + [int(later)] + [int(p) for p in lost] + [int(never)]
        n = len(people)
        captured = end - rng.integers(0, 40, n).astype(float)
        first = captured + rng.integers(2 * HOUR, 20 * HOUR, n)
        closed = np.full(n, np.nan)
        for j in range(6):  # closed within 72 h of the start
            closed[j] = min(first[j] + rng.integers(4 * HOUR, 40 * HOUR), start + 71 * HOUR)
        first[6] = captured[6] + 30 * HOUR
        closed[6] = start + 6 * DAY + 10 * HOUR
        closed[7:10] = first[7:10] + rng.integers(2 * DAY, 4 * DAY, 3)
        first[10] = captured[10] + 80 * HOUR
        closed[10] = first[10] + 2 * DAY
        first[11] = np.nan
        outcome = ["won"] * 7 + ["lost"] * 4 + ["open"]
        product = ["wealth"] * 6 + ["insurance"] + [self.product(p) for p in people[7:]]
        amount = list(amounts) + [200_000.0] + [np.nan] * 5
        deck = self.assign(b, n)
        assigned = [inviter.get(p, deck[j]) for j, p in enumerate(people)]
        self.add("leads", person_id=people, event_id=eid, group_id=None, assigned_to=assigned, captured_at=captured,
                 first_contact_at=first, closed_at=closed, outcome=outcome, product=product, amount=amount,
                 _online_p=0.0)

    def event(self, b, eid, kind, start, end, target) -> int:
        """A generic booth, salon or activity; returns the number of attendees."""
        rng = self.rng
        comm_ids, comm_w = self.comms[b]
        comm = comm_ids[int(rng.choice(len(comm_ids), p=comm_w))]
        if kind == "salon":
            theme, partner = _SALON_THEMES[int(rng.integers(len(_SALON_THEMES)))]
            if rng.random() < 0.5:
                comm = None  # at the branch
        elif kind == "activity":
            theme, partner = _ACTIVITY_THEMES[int(rng.integers(len(_ACTIVITY_THEMES)))]
        else:
            theme, partner = _BOOTH_THEMES[int(rng.integers(len(_BOOTH_THEMES)))], None
        # invitation plan; turnout depends on the community and the invitations, not on the target
        hh = self.households[comm] if comm is not None else 1200
        reach = (hh / 1200) ** 0.25 * (1.15 if self.weekday(int(start // DAY)) >= 5 else 1.0)
        if kind == "salon":
            n_s = int(rng.integers(7, 15)) if partner else int(rng.integers(10, 17))
            n_p = int(rng.integers(10, 23)) if partner else 0
            bring_p = (0.45, 0.40, 0.15) if partner else (0.1, 0.45, 0.45)
            walk_n, walk_cust = int(rng.integers(0, 4) if partner else rng.integers(1, 5)), 0.15
        elif kind == "activity":
            n_s = int(rng.integers(7, 15))
            n_p = int(rng.integers(8, 20)) if partner else 0
            bring_p, walk_n, walk_cust = (0.5, 0.35, 0.15), int(round(rng.uniform(12, 30) * reach)), 0.25
        else:
            n_s = int(rng.integers(0, 6))
            n_p = 0
            bring_p, walk_n, walk_cust = (0.8, 0.2, 0.0), 0, float(rng.uniform(0.1, 0.3))
        show_s, show_p = rng.uniform(0.6, 0.85), rng.uniform(0.6, 0.85)
        parties, inviter_of = [], {}

        def bring() -> int:  # guests brought along by one attending invitee
            return int(rng.choice(3, p=bring_p))

        if n_s:
            deck = self.eligible[b]
            off = int(rng.integers(7))
            inviters = [deck[(off + j) % 7] for j in range(n_s)]
            pool = np.array(self.cust_pool[b], dtype=np.int64)
            k = min(int((rng.random(n_s) < 0.5).sum()), len(pool))
            known = rng.choice(pool, k, replace=False) if k else np.zeros(0, np.int64)
            taken = set(known.tolist())
            self.cust_pool[b] = [p for p in self.cust_pool[b] if p not in taken]
            # mostly existing customers; some prospects met before
            fresh = self.new_people(b, n_s - k, customer=rng.random(n_s - k) < 0.7, female_p=0.65)
            invitees = np.concatenate([known, fresh])
            invitees = rng.permutation(invitees)
            self.add("invitations", event_id=eid, inviter_kind="staff", inviter_id=inviters, person_id=invitees,
                     invited_at=self.before(start, n_s, 2, 10))
            inviter_of = dict(zip(invitees.tolist(), inviters))
            shows = rng.permutation(n_s) < round(show_s * n_s)
            for p in invitees[shows]:
                g = self.new_people(b, bring(), customer_p=0.12, female_p=0.65, comm_null_p=0.1)
                if len(g) and rng.random() < 0.3:  # the guest was invited by the customer (邀约 by a guest)
                    self.add("invitations", event_id=eid, inviter_kind="guest", inviter_id=int(p), person_id=g,
                             invited_at=self.before(start, len(g), 1, 4))
                parties.append(([int(p)] + g.tolist(), "staff_invite"))
            if kind != "booth" and rng.random() < 0.5:  # a forwarded invitation that came to nothing
                host = int(rng.choice(invitees[shows])) if shows.any() else None
                if host is not None:
                    g = self.new_people(b, 1, customer_p=0.1, female_p=0.65)
                    self.add("invitations", event_id=eid, inviter_kind="guest", inviter_id=host, person_id=g,
                             invited_at=self.before(start, 1, 1, 4))
        if n_p:
            invitees = self.new_people(b, n_p, customer_p=0.1, female_p=0.75 if kind == "salon" else 0.6,
                                       comm_null_p=0.2)
            self.add("invitations", event_id=eid, inviter_kind="partner", inviter_id=partner, person_id=invitees,
                     invited_at=self.before(start, n_p, 3, 12))
            shows = rng.permutation(n_p) < round(show_p * n_p)
            for p in invitees[shows]:
                g = self.new_people(b, bring() if rng.random() < 0.5 else 0, customer_p=0.1, female_p=0.7,
                                    comm_null_p=0.1)
                parties.append(([int(p)] + g.tolist(), "partner_invite"))
        if kind == "booth":
            walk_n = max(3, int(round(rng.uniform(32, 62) * reach)) - sum(len(p) for p, _s in parties))
        n_known = int(round(walk_n * 0.15))
        used = {p for ps, _s in parties for p in ps}
        cand = np.setdiff1d(self.mass_pool[b], np.array(sorted(used), dtype=np.int64))
        known = rng.choice(cand, min(n_known, len(cand)), replace=False)
        walkers = np.concatenate([known, self.new_people(b, walk_n - len(known), customer_p=walk_cust,
                                                         female_p=0.6, comm=comm if kind != "salon" else None)])
        parties += [([int(w)], "walk_in") for w in walkers]
        # arrival times
        dur = end - start
        rows = []
        for ps, src in parties:
            if src == "walk_in":
                lo_, hi_ = {"booth": (0, dur - 5), "salon": (-10, 30), "activity": (-10, 70)}[kind]
                t = start + float(rng.integers(lo_, hi_))
            elif kind == "booth":
                t = start + float(rng.integers(0, 60))
            else:
                t = start + float(np.clip(round(rng.normal(-4, 9)), -20, 30))
            rows.append((t, ps, [src] + ["brought_along"] * (len(ps) - 1), [None] + [ps[0]] * (len(ps) - 1)))
        self._arrivals(rows, eid, start, end, kind, comm)
        n_att = sum(len(ps) for ps, _s in parties)
        # the event row and its SMART targets
        cost = {"booth": round(float(rng.uniform(300, 1500)), -1),
                "salon": round(float(rng.uniform(3000, 8000) if partner else rng.uniform(1500, 4000)), -2),
                "activity": round(float(rng.uniform(2000, 10000)), -2)}[kind]
        if kind == "booth":
            planned = None if rng.random() < 0.5 else n_s + int(rng.integers(3, 8))
        else:
            planned = int(5 * math.ceil((n_s + n_p) * rng.uniform(0.95, 1.15) / 5))
        self.add("events", event_id=eid, branch_id=b, community_id=comm, kind=kind, theme=theme, partner_id=partner,
                 starts_at=start, ends_at=end, cost=cost, planned_invites=planned)
        lead_rate = {"salon": 0.3, "activity": 0.12, "booth": 0.1}[kind]
        leads_t = max(1, int(round(target * lead_rate)))
        deals_t = max(1, int(round(leads_t * 0.4)))
        per_deal = 300_000 if kind == "salon" else 100_000
        targets = [("attendees", target, None), ("stranger_ratio", 0.7, None), ("leads", leads_t, None),
                   ("deals", deals_t, None), ("sales_amount", deals_t * per_deal, None)]
        if kind == "booth":
            targets.append(("survey_responses", int(round(target * 0.35)), None))
        if n_s and kind != "booth":
            per = math.ceil(n_s / 7)
            counts = pd.Series([self.roles[s] for s in self.eligible[b]]).value_counts()
            targets += [("invitations", float(counts[r] * per), r) for r in ELIGIBLE_ROLES]
        self.add("event_targets", event_id=eid, metric=[m for m, _t, _r in targets],
                 target=[float(t) for _m, t, _r in targets], role=[r for _m, _t, r in targets])
        self.event_leads(b, eid, kind, inviter_of)
        return n_att

    def event_leads(self, b: str, eid: str, kind: str, inviter_of: dict) -> None:
        rng = self.rng
        ev = self.event_att[eid]
        person = ev["person"]
        cust = np.array(self.people.cust)[person]
        p = {"salon": 0.3, "activity": 0.12, "booth": 0.1}[kind] * np.where(cust, 1.4, 1.0)
        pick = rng.random(len(person)) < p
        if not pick.any():
            return
        who = person[pick]
        captured = np.minimum(ev["arrived"][pick] + rng.integers(20, 90, pick.sum()), ev["end"] + 30)
        staff = self.assign(b, len(who))
        staff = [inviter_of.get(int(w), s) if rng.random() < 0.4 else s for w, s in zip(who, staff)]
        base = {"salon": 0.45, "activity": 0.32, "booth": 0.25}[kind]
        self.followup(who, captured, base, staff, event_id=eid, online_p=0.15)

    def followup(self, who, captured, base_win, staff, *, event_id=None, group_id=None, online_p=0.15,
                 unassigned_p=0.04) -> None:
        """Leads with the 24/72 follow-up model: contact delay, win chance falling with the delay."""
        rng = self.rng
        n = len(who)
        cat = rng.choice(4, n, p=[0.55, 0.22, 0.15, 0.08])  # <24 h, 24-72 h, >72 h, never
        h = np.full(n, np.nan)
        h[cat == 0] = np.clip(rng.lognormal(math.log(5), 0.8, (cat == 0).sum()), 0.25, 23.5)
        h[cat == 1] = rng.uniform(24, 72, (cat == 1).sum())
        h[cat == 2] = 72 + np.minimum(rng.exponential(60, (cat == 2).sum()), 400)
        unassigned = rng.random(n) < unassigned_p
        h[unassigned] = np.nan
        first = captured + np.floor(h * HOUR)
        first[first > self.hi] = np.nan
        contacted = ~np.isnan(first)
        won = contacted & (rng.random(n) < base_win * np.array([1.0, 0.55, 0.3, 0.0])[cat])
        pending = contacted & ~won & (rng.random(n) < 0.12)
        quick = rng.random(n) < np.where(won, 0.65, 0.5)
        res_h = np.where(won, np.where(quick, rng.uniform(1, 40, n), rng.uniform(40, 144, n)),
                         np.where(quick, rng.uniform(6, 48, n), rng.uniform(48, 240, n)))
        closed = np.where(contacted & ~pending, first + np.floor(res_h * HOUR), np.nan)
        late = closed > self.hi
        closed[late] = np.nan
        won &= ~late
        outcome = np.where(won, "won", np.where(np.isnan(closed), "open", "lost"))
        product = [self.product(int(w)) for w in who]
        amount = [self.amount(pr) if w_ else np.nan for pr, w_ in zip(product, won)]
        assigned = [None if u else s for u, s in zip(unassigned, staff)]
        self.add("leads", person_id=np.asarray(who, dtype=np.int64), event_id=event_id, group_id=group_id,
                 assigned_to=assigned, captured_at=captured, first_contact_at=first, closed_at=closed,
                 outcome=outcome, product=product, amount=amount, _online_p=online_p)

    # -- WeChat potential and elite groups --------------------------------------

    def tiers(self, b: str, mass: list[dict]) -> None:
        rng = self.rng
        k = int(rng.integers(4, 7))
        e = min(int(rng.integers(3, 6)), k - 1)
        dead_p = int(rng.integers(k))
        feeders = [i for i in range(k) if i != dead_p]
        feeders = sorted(rng.choice(feeders, e, replace=False).tolist())
        days = np.round(np.linspace(self.first_day + 8, self.last_day - 25, k)).astype(int) + rng.integers(-2, 3, k)
        owners_p = [f"{b}-{s}" for s in ("S03", "S04", "S05", "S08", "S09")]
        in_potential: set = set()
        in_elite: set = set()
        mass_of = {}
        for g in mass:
            for p, j in zip(g["m_person"], g["m_join"]):
                mass_of.setdefault(int(p), (g, j))
        salons = [ev for ev in self.event_att.values() if ev["branch"] == b and ev["kind"] == "salon"]
        potentials = []
        for i in range(k):
            created = float(days[i] * DAY + self.clock(1, 9 * HOUR, 20 * HOUR)[0])
            grp = {"branch": b, "tier": "potential", "created": created, "owner": owners_p[i % len(owners_p)],
                   "dissolved": np.nan, "m_person": [], "m_join": [], "m_left": [], "m_from": []}
            if i == dead_p:  # promoted nobody in 14 days
                grp["dissolved"] = created + 14 * DAY + float(rng.integers(2 * HOUR, 30 * HOUR))
            m = int(rng.integers(20, 61))
            # a few straight from a salon (no earlier group)
            direct = [(int(p), ev["end"]) for ev in salons if ev["end"] < created
                      for p in ev["person"] if int(p) not in in_potential and int(p) not in mass_of]
            n_direct = min(len(direct), int(rng.integers(1, 4)))
            for j in rng.choice(len(direct), n_direct, replace=False) if n_direct else []:
                p, t_end = direct[int(j)]
                join = self.awake(max(created + float(rng.integers(0, 5 * DAY)),
                                      t_end + float(rng.integers(12 * HOUR, 3 * DAY))))
                if join <= min(self.hi, created + 10 * DAY):
                    self._join(grp, p, join, None)
                    in_potential.add(p)
            cand = [p for p, (g, j) in mass_of.items() if j <= created and p not in in_potential]
            for p in rng.choice(cand, min(m - n_direct, len(cand)), replace=False):
                p = int(p)
                g, mj = mass_of[p]
                join = self.awake(max(created + float(rng.integers(0, 7 * DAY)),
                                      mj + DAY + float(rng.integers(0, 12 * HOUR))))
                self._join(grp, p, join, g)
                in_potential.add(p)
                self.extra_msgs.append((g, p, int(join // DAY), "question", int(rng.integers(1, 3))))
            potentials.append(grp)
            self.groups.append(grp)
        # elite groups: about 11 members pulled from one potential group each (one skips a step)
        dead_e = int(rng.integers(e))
        for n_e, i in enumerate(feeders):
            src = potentials[i]
            created = (src["created"] // DAY + float(rng.integers(5, 12))) * DAY + self.clock(1, 9 * HOUR, 20 * HOUR)[0]
            owner = f"{b}-S03" if n_e % 2 == 0 else f"{b}-S04"
            grp = {"branch": b, "tier": "elite", "created": created, "owner": owner, "dissolved": np.nan,
                   "m_person": [], "m_join": [], "m_left": [], "m_from": []}
            size = int(rng.integers(9, 14))
            cand = [(p, j) for p, j in zip(src["m_person"], src["m_join"]) if j < created - 12 * HOUR
                    and p not in in_elite]
            take = min(size - 1, len(cand))
            chosen = [cand[int(j)] for j in rng.choice(len(cand), take, replace=False)] if take else []
            skip = [p for p, (g, j) in mass_of.items() if j < created - DAY and p not in in_potential
                    and p not in in_elite]
            n_skip = size - take
            for p in rng.choice(skip, n_skip, replace=False):
                chosen.append((int(p), None))
            members = []
            for p, _j in chosen:
                join = self.awake(created + float(rng.integers(0, 4 * HOUR)))
                from_g = src if _j is not None else mass_of[p][0]
                self._join(grp, p, join, from_g)
                in_elite.add(p)
                members.append((p, join))
                self.extra_msgs.append((from_g, p, int(join // DAY), "question", int(rng.integers(1, 3))))
            self.groups.append(grp)
            self.elite_leads(b, grp, members, dead=(n_e == dead_e))
        # potential-group leads (people who asked about a product) and the leaves
        for grp in potentials:
            others = [(p, j) for p, j in zip(grp["m_person"], grp["m_join"]) if p not in in_elite]
            pick = [x for x in others if rng.random() < 0.2]
            if pick:
                who = np.array([p for p, _j in pick], dtype=np.int64)
                captured = np.array([j for _p, j in pick]) + rng.integers(10, 48 * HOUR, len(pick))
                captured = np.minimum(captured, self.hi - HOUR)
                staff = [grp["owner"] if rng.random() < 0.2 else s for s in self.assign(b, len(who))]
                self.followup(who, captured, 0.3, staff, group_id=grp, online_p=0.7)
            for idx, p in enumerate(grp["m_person"]):
                if p not in in_elite and rng.random() < 0.06:
                    stop = min(self.hi, grp["dissolved"]) if not np.isnan(grp["dissolved"]) else self.hi
                    left = self.awake(grp["m_join"][idx] + float(rng.integers(DAY, 20 * DAY)))
                    if left < stop:
                        grp["m_left"][idx] = left
        pulled = in_potential | in_elite
        rejoined = False
        for g in mass:
            for idx, p in enumerate(list(g["m_person"])):
                if int(p) in pulled or rng.random() >= 0.03:
                    continue
                left = self.awake(g["m_join"][idx] + float(rng.integers(DAY, 40 * DAY)))
                if left >= self.hi:
                    continue
                g["m_left"][idx] = left
                if not rejoined and g["owner"] is not None and left < self.hi - 15 * DAY:
                    self._join(g, int(p), self.awake(left + float(rng.integers(3 * DAY, 12 * DAY))), None)
                    rejoined = True

    @staticmethod
    def _join(grp: dict, person: int, join: float, from_group) -> None:
        grp["m_person"].append(int(person))
        grp["m_join"].append(float(math.floor(join)))
        grp["m_left"].append(np.nan)
        grp["m_from"].append(from_group)

    def elite_leads(self, b: str, grp: dict, members: list, dead: bool) -> None:
        """Every elite member is a lead; some buy within 3 days, some later, most not."""
        rng = self.rng
        n = len(members)
        order = rng.permutation(n)
        n_quick = 0 if dead else int(rng.integers(1, 4))
        n_late = 0 if dead else int(rng.integers(1, 3))
        who, captured, first, closed, outcome, product, amount, staff = [], [], [], [], [], [], [], []
        for rank, idx in enumerate(order):
            p, join = members[int(idx)]
            s = grp["owner"] if rng.random() < 0.2 else self.assign(b, 1)[0]
            pr = self.product(p)
            if rank < n_quick:
                c = join + float(rng.integers(4 * HOUR, 47 * HOUR))
                f = join + float(rng.integers(12, 180))
                out = "won"
            elif rank < n_quick + n_late:
                f = join + float(rng.integers(HOUR, 48 * HOUR))
                c = join + float(rng.integers(4 * DAY, 25 * DAY))
                out = "won"
            else:
                f = join + float(rng.integers(HOUR, 72 * HOUR)) if rng.random() < 0.85 else np.nan
                c = f + float(rng.integers(2 * DAY, 10 * DAY)) if not np.isnan(f) and rng.random() < 0.7 else np.nan
                out = "lost"
            if not np.isnan(f) and f > self.hi:
                f = np.nan
            if np.isnan(f) or (not np.isnan(c) and c > self.hi):
                c = np.nan
            if np.isnan(c):
                out = "open"
            who.append(p)
            captured.append(join)
            first.append(f)
            closed.append(c)
            outcome.append(out)
            product.append(pr)
            amount.append(self.amount(pr) if out == "won" else np.nan)
            staff.append(s)
        self.add("leads", person_id=np.array(who, dtype=np.int64), event_id=None, group_id=grp, assigned_to=staff,
                 captured_at=np.array(captured), first_contact_at=np.array(first), closed_at=np.array(closed),
                 outcome=outcome, product=product, amount=amount, _online_p=0.7)
        if dead:
            grp["dissolved"] = grp["created"] + 3 * DAY + float(rng.integers(2 * HOUR, 20 * HOUR))

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

    # -- hook campaigns --------------------------------------------------------------

    def hook(self, bi: int, b: str) -> None:
        rng = self.rng
        day = self.first_day + 28
        while self.weekday(day) != 0:
            day += 1
        if bi == 0:
            joined, claimed, reward, days = (HOOK_CASE["joined"], HOOK_CASE["claimed"], HOOK_CASE["reward_per_claim"],
                                             HOOK_CASE["days"])
        else:
            day += int(rng.integers(0, 30))
            joined = int(rng.integers(2_000, 9_000))
            claimed = int(joined * rng.uniform(0.15, 0.5))
            reward = float(rng.choice([2.0, 3.0, 5.0, 8.8]))
            days = int(rng.choice([7, 10, 14, 21]))
        started = float(day * DAY + 9 * HOUR)
        ended = min(started + days * DAY, self.hi)
        self.add("hook_campaigns", campaign_id=f"{b}-H01", branch_id=b, started_at=started, ended_at=ended,
                 joined=joined, claimed=claimed, reward_per_claim=reward, spend=round(claimed * reward, 2))

    # -- group messages: daily counts per member, day and kind ---------------------------

    def messages(self) -> None:
        rng = self.rng
        g_idx, person, d0, d1, created_day, tier = [], [], [], [], [], []
        for gi, g in enumerate(self.groups):
            stop_g = g["dissolved"] if not np.isnan(g["dissolved"]) else self.hi
            for p, j, left in zip(g["m_person"], g["m_join"], g["m_left"]):
                stop = min(stop_g, left) if not np.isnan(left) else stop_g
                g_idx.append(gi)
                person.append(p)
                d0.append(int(j // DAY))
                d1.append(int(stop // DAY) if stop < self.hi else int(self.hi // DAY))
                created_day.append(int(g["created"] // DAY))
                tier.append(g["tier"])
        g_idx, person = np.array(g_idx), np.array(person, dtype=np.int64)
        d0, d1, created_day = np.array(d0), np.array(d1), np.array(created_day)
        base = np.array([_TIER_ACTIVITY[t][0] for t in tier])
        tau = np.array([_TIER_ACTIVITY[t][1] for t in tier])
        lam = np.array([_TIER_ACTIVITY[t][2] for t in tier])
        propensity = rng.gamma(0.5, 2.0, len(person))
        lengths = np.maximum(d1 - d0 + 1, 0)
        spell = np.repeat(np.arange(len(person)), lengths)
        offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        day = d0[spell] + offset
        wd = self.weekday(day)
        age = day - created_day[spell]
        p_any = base[spell] * propensity[spell] * _WEEKDAY_MULT[wd] * np.exp(-age / tau[spell])
        p_kind = np.clip(p_any[:, None] * _KIND_BY_WEEKDAY[:, wd].T, 0, 0.95)
        hit = rng.random(p_kind.shape) < p_kind
        r, k = np.nonzero(hit)
        counts = 1 + rng.poisson(lam[spell[r]] * np.minimum(propensity[spell[r]], 3))
        rows = pd.DataFrame({"g": g_idx[spell[r]], "person": person[spell[r]], "day": day[r],
                             "kind": np.array(_MSG_KINDS)[k], "n": counts})
        index = {id(g): i for i, g in enumerate(self.groups)}
        extra = pd.DataFrame([(index[id(g)], p, d, kd, c) for g, p, d, kd, c in self.extra_msgs],
                             columns=["g", "person", "day", "kind", "n"])
        rows = pd.concat([rows, extra], ignore_index=True)
        rows = rows.groupby(["g", "person", "day", "kind"], sort=True, as_index=False)["n"].sum()
        self.msg_rows = rows

    # -- assembling the tables ---------------------------------------------------------------

    def finalize(self) -> dict[str, pd.DataFrame]:
        rng = self.rng
        # group ids by creation time within each branch
        gid = {}
        for b in dict.fromkeys(g["branch"] for g in self.groups):
            gs = sorted((g for g in self.groups if g["branch"] == b), key=lambda g: g["created"])
            for i, g in enumerate(gs):
                gid[id(g)] = f"{b}-G{i + 1:02d}"
        for g in self.groups:
            self.add("wechat_groups", group_id=gid[id(g)], branch_id=g["branch"], tier=g["tier"],
                     owner_staff_id=g["owner"], created_at=g["created"], dissolved_at=g["dissolved"])
            self.add("group_members", group_id=gid[id(g)], person_id=np.array(g["m_person"], dtype=np.int64),
                     joined_at=np.array(g["m_join"]), left_at=np.array(g["m_left"]),
                     from_group_id=[gid[id(f)] if f is not None else None for f in g["m_from"]])
        m = self.msg_rows
        gids = np.array([gid[id(g)] for g in self.groups], dtype=object)
        self.add("group_messages", group_id=gids[m["g"].to_numpy()], person_id=m["person"].to_numpy(),
                 sent_at=m["day"].to_numpy(dtype=float) * DAY, kind=m["kind"].to_numpy(dtype=object),
                 messages=m["n"].to_numpy())
        # leads (numbered by capture time) and the deals of won leads (numbered by closing time)
        leads = self.rows["leads"]
        leads["group_id"] = [gid[id(g)] if isinstance(g, dict) else g for g in leads["group_id"]]
        order = np.argsort(np.asarray(leads["captured_at"], dtype=float), kind="stable")
        leads = {c: [v[i] for i in order] for c, v in leads.items()}
        leads["lead_id"] = [f"L{i + 1:05d}" for i in range(len(order))]
        self.rows["leads"] = leads
        won = [i for i, o in enumerate(leads["outcome"]) if o == "won"]
        won.sort(key=lambda i: leads["closed_at"][i])
        online = rng.random(len(won)) < np.array([leads["_online_p"][i] for i in won], dtype=float)
        self.add("deals", deal_id=[f"D{j + 1:05d}" for j in range(len(won))],
                 person_id=np.array([leads["person_id"][i] for i in won], dtype=np.int64),
                 staff_id=[leads["assigned_to"][i] for i in won], product=[leads["product"][i] for i in won],
                 amount=[leads["amount"][i] for i in won], closed_at=[leads["closed_at"][i] for i in won],
                 channel=np.where(online, "online", "offline"), event_id=[leads["event_id"][i] for i in won],
                 group_id=[leads["group_id"][i] for i in won])
        # survey responses (numbered by submission time) and answers
        resp = sorted(range(len(self.responses)), key=lambda i: self.responses[i]["t"])
        rid = {i: f"R{j + 1:05d}" for j, i in enumerate(resp)}
        for i in resp:
            r = self.responses[i]
            self.add("survey_responses", response_id=rid[i], person_id=r["person"], community_id=r["community"],
                     event_id=r["event"], submitted_at=r["t"], channel=r["channel"], duration_s=r["duration"])
            q, v, o = zip(*r["answers"])
            self.add("survey_answers", response_id=rid[i], question_id=list(q), value=list(v), other_text=list(o))
        # people: the bank knows little about those met only in a WeChat group
        engaged = set()
        for t, cols in (("attendance", ("person_id",)), ("invitations", ("person_id",)),
                        ("survey_responses", ("person_id",)), ("leads", ("person_id",))):
            for c in cols:
                engaged.update(int(p) for p in self.rows[t][c] if p is not None)
        ppl = self.people
        n = len(ppl)
        quiet = np.array([i not in engaged for i in range(n)])
        seg = np.array(ppl.seg, dtype=object)
        age = np.array(ppl.age, dtype=object)
        gender = np.array(ppl.gender, dtype=object)
        seg[quiet & (rng.random(n) < 0.45)] = None
        age[quiet & (rng.random(n) < 0.45)] = None
        gender[quiet & (rng.random(n) < 0.08)] = None
        self.add("people", person_id=np.arange(n), community_id=list(ppl.comm), is_bank_customer=list(ppl.cust),
                 segment=seg, age_band=age, gender=gender)
        att = self.rows["attendance"]
        att["is_bank_customer"] = [ppl.cust[int(p)] for p in att["person_id"]]
        att["gender"] = [gender[int(p)] for p in att["person_id"]]
        q = standard_questionnaire()
        out = {}
        for name in TABLES:
            if name == "survey_questions":
                out[name] = q
                continue
            df = _frame(name, self.rows.get(name, {}), self.t0)
            out[name] = _sort(name, df)
        return out


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


# ---------------------------------------------------------------------------
# Typed frames
# ---------------------------------------------------------------------------


def _as_id(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (int, np.integer)):
        return _pid(v)
    return str(v)


def _frame(name: str, cols: dict[str, list], t0: pd.Timestamp) -> pd.DataFrame:
    """The rows collected for ``name`` as a frame with the schema's columns and dtypes."""
    table = TABLES[name]
    n = len(next(iter(cols.values()))) if cols else 0
    data = {}
    for c in table.columns:
        v = cols.get(c.name, [None] * n)
        if c.kind in ("id", "str"):
            s = pd.Series([_as_id(x) for x in v], dtype=c.dtype)
        elif c.kind == "int":
            s = pd.Series([np.nan if x is None else float(x) for x in v], dtype="float64").astype(c.dtype)
        elif c.kind == "float":
            s = pd.Series([np.nan if x is None else float(x) for x in v], dtype="float64")
        elif c.kind == "bool":
            s = pd.Series([None if x is None else bool(x) for x in v], dtype=c.dtype)
        elif c.kind == "datetime":
            minutes = pd.Series([np.nan if x is None else float(x) for x in v], dtype="float64")
            s = (t0 + pd.to_timedelta(minutes, unit="min")).astype(c.dtype)
        else:
            s = pd.Series([None if x is None else str(x) for x in v], dtype=object)
            bad = set(s.dropna()) - set(c.allowed)
            if bad:
                raise AssertionError(f"{name}.{c.name}: values outside the schema: {sorted(bad)}")
            s = s.astype(c.dtype)
        data[c.name] = s
    return pd.DataFrame(data, columns=table.column_names)


_SORT = {
    "invitations": ["event_id", "invited_at"], "attendance": ["event_id", "arrived_at"],
    "events": ["event_id"], "people": ["person_id"], "leads": ["lead_id"], "deals": ["deal_id"],
    "wechat_groups": ["group_id"], "group_members": ["group_id", "joined_at"],
    "group_messages": ["group_id", "sent_at", "person_id", "kind"], "survey_responses": ["response_id"],
    "survey_answers": ["response_id"], "hook_campaigns": ["campaign_id"],
}


def _sort(name: str, df: pd.DataFrame) -> pd.DataFrame:
    keys = _SORT.get(name)
    if not keys or df.empty:
        return df.reset_index(drop=True)
    if "kind" in keys:
        df = df.assign(_k=df["kind"].astype(str))
        keys = [k if k != "kind" else "_k" for k in keys]
        return df.sort_values(keys, kind="stable").drop(columns="_k").reset_index(drop=True)
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# The groups practice of issue 16: askers pulled out of the mass group, join channels, the gate
# ---------------------------------------------------------------------------

#: Join channels of mass-group members (weights), by how they relate to the bank.
_CHANNELS_CUSTOMER = {"outbound_call": 0.22, "mobile_banking": 0.25, "official_account": 0.20, "event_qr": 0.13,
                      "member_referral": 0.10, "owners_group": 0.05, "other": 0.05}
_CHANNELS_STRANGER = {"owners_group": 0.30, "member_referral": 0.25, "event_qr": 0.20, "official_account": 0.10,
                      "mobile_banking": 0.03, "outbound_call": 0.02, "other": 0.10}
_CHANNELS_NOT_OWNED = {"owners_group": 0.70, "member_referral": 0.20, "other": 0.10}
#: Askers later pulled came more often through an event QR code or an outbound call (they were engaged already).
_CHANNEL_PULLED_BOOST = {"event_qr": 2.0, "outbound_call": 2.0}
#: How long an asker waited to be pulled: minutes, hours, days (probabilities; askers who go on to buy
#: were more often pulled at once).
_ASK_WAIT_P = {"buyer": (0.6, 0.2, 0.2), "other": (0.4, 0.2, 0.4)}


def _group_practice(tables: dict[str, pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    """Askers pulled within minutes or left for days, join channels and the admission gate (issue 16).

    Works on the finished tables with its own generator (``default_rng([seed, 16])``), so every
    other table and every row of the main generator stays as it was; it changes only:

    - ``group_messages``: the question a person asked in a mass group on the day they were pulled
      out of it (into a potential or an elite group) gets a time instead of midnight — a few
      minutes before the pull (most askers), a few hours before, or 2–9 days before (left waiting);
      the row's count and kind are unchanged, so every daily total but the moved questions' stays;
    - ``group_members.join_channel``: mass-group members by customer status (customers more through
      outbound calls, mobile banking and the official account; strangers through the owners' group,
      referrals and event QR codes; the mass group the bank does not own mostly from the owners'
      group), direct entries into a potential group from a salon ``event_qr``, members pulled from
      another group empty (their ``from_group_id`` tells);
    - ``wechat_groups.customers_only``: False for the bank's groups (they admit anyone), empty for
      the mass group the bank does not own (its gate is not the bank's).
    """
    rng = np.random.default_rng([seed, 16])
    g, m, msg = tables["wechat_groups"], tables["group_members"].copy(), tables["group_messages"].copy()
    tier = dict(zip(g["group_id"], g["tier"].astype(str)))
    owner = dict(zip(g["group_id"], g["owner_staff_id"]))
    not_owned = {k for k, t in tier.items() if t == "mass" and pd.isna(owner[k])}
    gate = [pd.NA if k in not_owned else False for k in g["group_id"]]
    tables["wechat_groups"] = g.assign(customers_only=pd.array(gate, dtype="boolean"))
    m_tier = m["group_id"].map(tier)
    from_tier = m["from_group_id"].map(tier)
    pulls = m[(from_tier == "mass") & m_tier.isin(["potential", "elite"])]
    mass = m[m_tier == "mass"]
    mass_join = mass.groupby(["group_id", "person_id"])["joined_at"].min()
    buyers = set(tables["deals"]["person_id"].dropna())
    is_q = (msg["kind"].astype(str) == "question").to_numpy()
    where = {(a, b, c): i for i, (a, b, c) in enumerate(zip(msg["group_id"], msg["person_id"], msg["sent_at"]))
             if is_q[i]}
    minute = pd.Timedelta(minutes=1)
    taken = set(where)
    for gid, pid, joined in zip(pulls["from_group_id"], pulls["person_id"], pulls["joined_at"]):
        u, a, b = rng.random(), int(rng.integers(2, 46)), int(rng.integers(0, 10_000))
        i = where.get((gid, pid, joined.normalize()))
        if i is None:
            continue
        p_min, p_hours, _ = _ASK_WAIT_P["buyer" if pid in buyers else "other"]
        if u < p_min:
            sent = joined - a * minute
        elif u < p_min + p_hours:
            sent = joined - (90 + b % (19 * 60)) * minute
        else:
            sent = joined.normalize() - pd.Timedelta(days=2 + b % 8) + (510 + b % 750) * minute
        if sent < mass_join[(gid, pid)] + 60 * minute:
            sent = joined - a * minute
        while sent == sent.normalize() or (gid, pid, sent) in taken:
            sent += minute
        taken.add((gid, pid, sent))
        msg.iloc[i, msg.columns.get_loc("sent_at")] = sent
    tables["group_messages"] = _sort("group_messages", msg)
    cust = dict(zip(tables["people"]["person_id"], tables["people"]["is_bank_customer"].fillna(False).astype(bool)))
    pulled = set(m.loc[m["from_group_id"].notna(), "person_id"])
    channel = []
    for gid, pid, src, u in zip(m["group_id"], m["person_id"], m["from_group_id"], rng.random(len(m))):
        if pd.notna(src):
            channel.append(None)
            continue
        if tier[gid] != "mass":
            channel.append("event_qr")
            continue
        w = dict(_CHANNELS_NOT_OWNED if gid in not_owned else
                 _CHANNELS_CUSTOMER if cust.get(pid, False) else _CHANNELS_STRANGER)
        if pid in pulled:
            w = {k: v * _CHANNEL_PULLED_BOOST.get(k, 1.0) for k, v in w.items()}
        keys = list(w)
        cum = np.cumsum([w[k] for k in keys]) / sum(w.values())
        channel.append(keys[min(int(np.searchsorted(cum, u, side="right")), len(keys) - 1)])
    dtype = next(c.dtype for c in TABLES["group_members"].columns if c.name == "join_channel")
    tables["group_members"] = m.assign(join_channel=pd.Series(channel, index=m.index, dtype=object).astype(dtype))
    return tables


# ---------------------------------------------------------------------------
# The events practice of issue 16: on-site roles and the recording habit
# ---------------------------------------------------------------------------

#: How often each receiver writes down a visitor who left no questionnaire (drawn per staff member).
_RECORD_HABIT = (0.15, 0.35, 0.6)
#: Chance that a visitor with (without) a record takes a gift home, by kind of event.
_GIFT_P = {"booth": (0.85, 0.45), "activity": (0.85, 0.4), "salon": (0.95, 0.8)}
#: Chance that an event has someone on the atmosphere (bigger events: activities, some booths).
_ATMOSPHERE_P = {"activity": 0.6, "booth": 0.35, "salon": 0.0}
#: Chance that an attendee came with children, by kind of event: (with, without) an atmosphere role.
_CHILDREN_P = {"activity": (0.38, 0.16), "booth": (0.22, 0.08), "salon": (0.05, 0.05)}


def _typed(name: str, cols: dict) -> pd.DataFrame:
    """A frame of table ``name`` from plain columns (absent columns empty), with the schema's dtypes."""
    table = TABLES[name]
    n = len(next(iter(cols.values()))) if cols else 0
    data = {}
    for c in table.columns:
        v = cols.get(c.name, [None] * n)
        if c.kind == "datetime":
            data[c.name] = pd.Series(pd.to_datetime(pd.Series(v, dtype=object)), dtype=c.dtype)
        elif c.kind == "category":
            data[c.name] = pd.Series(v, dtype=object).astype(c.dtype)
        else:
            data[c.name] = pd.Series(v, dtype=object).astype(c.dtype)
    return pd.DataFrame(data, columns=table.column_names)


def _hours_of(start: pd.Timestamp, end: pd.Timestamp) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The event cut into hours (greeter and receiver swap about once an hour); a last piece under 20 min
    joins the one before."""
    cuts = [start]
    while cuts[-1] + pd.Timedelta(minutes=60) < end:
        cuts.append(cuts[-1] + pd.Timedelta(minutes=60))
    if len(cuts) > 1 and end - cuts[-1] < pd.Timedelta(minutes=20):
        cuts.pop()
    return list(zip(cuts, cuts[1:] + [end]))


def _event_practice(tables: dict[str, pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    """Who held which role at each event, the records they kept and the gifts handed out (issue 16).

    Works on the finished tables with its own generator (``default_rng([seed, 16, 1])``), so every
    other table and every row of the main generator stays as it was; it adds:

    - ``event_staff``: at booths and activities two eligible staff swap greeter (引客人) and receiver
      (接待) every hour; most activities and some booths have a third on the atmosphere (氛围); salons have a
      host (a wealth manager) and the lobby manager receiving from half an hour before the start; the
      building captains (楼栋长) are the one or two attendees of an activity or community booth who
      brought most neighbours (their guests are ``attendance.brought_by`` = the captain). Two stories
      are read off the arrivals, which this function does not move: the booth with the most gaps of
      10 minutes or more after its first hour is the one whose greeter **stayed at the table** in the
      second hour (the records of that hour are written by the person on greeter duty), and a booth
      with a gap of 10 minutes or more starting in its first quarter hour had its greeter **come
      late** (the first greeter duty starts at the end of that gap);
    - ``survey_responses.recorded_by``: the receiver on duty when an event questionnaire was
      submitted (the greeter who stayed at the table, in that hour);
    - ``visitor_records``: information sheets of visitors who left no questionnaire, written by the
      receiver on duty with a habit drawn per staff member (:data:`_RECORD_HABIT`), more often for
      the visitors who became leads;
    - ``attendance.gift`` (a gift taken home, more often with a record: a gift without one is a lost
      contact) and ``attendance.with_children`` (more at activities with an atmosphere role).
    """
    rng = np.random.default_rng([seed, 16, 1])
    minute = pd.Timedelta(minutes=1)
    ev = tables["events"].sort_values("event_id", kind="stable").reset_index(drop=True)
    att = tables["attendance"]
    resp = tables["survey_responses"]
    staff = tables["staff"]
    roles = dict(zip(staff["staff_id"], staff["role"].astype(str)))
    lead_people = set(zip(tables["leads"]["event_id"].dropna(), tables["leads"].loc[tables["leads"]["event_id"].notna(),
                                                                                     "person_id"]))
    habit = {s: float(rng.choice(_RECORD_HABIT)) for s in staff["staff_id"]}
    gap = pd.Timedelta(minutes=10)

    def gaps_after_first_hour(e) -> int:
        t = att.loc[att["event_id"] == e["event_id"], "arrived_at"].sort_values()
        if len(t) < 2:
            return 0
        starts, widths = t.iloc[:-1].to_numpy(), np.diff(t.to_numpy())
        return int(((widths >= gap) & (starts >= (e["starts_at"] + 60 * minute).to_datetime64())).sum())

    booths = ev.loc[ev["kind"] == "booth"]
    stayed = None
    if len(booths):
        n_gaps = booths.apply(gaps_after_first_hour, axis=1)
        if n_gaps.max() >= 2:
            stayed = booths.loc[n_gaps.idxmax(), "event_id"]
    duty = {c: [] for c in ("event_id", "staff_id", "person_id", "role", "from_at", "to_at")}
    rec = {c: [] for c in ("event_id", "person_id", "staff_id", "recorded_at")}
    recorded_by = pd.Series(pd.NA, index=resp.index, dtype=object)
    gift = pd.Series(False, index=att.index)
    children = pd.Series(False, index=att.index)

    def add_duty(eid, staff_id, person_id, role, a, z):
        for c, v in zip(duty, (eid, staff_id, person_id, role, a, z)):
            duty[c].append(v)

    for e in ev.itertuples(index=False):
        eid, kind, start, end = e.event_id, str(e.kind), e.starts_at, e.ends_at
        branch = eid.split("-")[0]
        elig = [s for s in staff.loc[staff["branch_id"] == branch, "staff_id"] if roles[s] in ELIGIBLE_ROLES]
        mine = att.loc[att["event_id"] == eid].sort_values("arrived_at", kind="stable")
        shifts = []  # (from, to, greeter, receiver)
        atmosphere = False
        if kind in ("booth", "activity"):
            a_, b_ = (str(x) for x in rng.choice(elig, 2, replace=False))
            for k, (s0, s1) in enumerate(_hours_of(start, end)):
                g_, r_ = (a_, b_) if k % 2 == 0 else (b_, a_)
                shifts.append((s0, s1, g_, r_))
            times = [start] + sorted(mine["arrived_at"])
            late = None  # the end of a long gap that starts in the first quarter hour of a booth
            for t0, t1 in zip(times, times[1:]):
                if kind == "booth" and t0 < start + 15 * minute and t1 - t0 >= gap and t1 < shifts[0][1]:
                    late = t1
                    break
            for k, (s0, s1, g_, r_) in enumerate(shifts):
                add_duty(eid, g_, None, "greeter", late if (late is not None and k == 0) else s0, s1)
                add_duty(eid, r_, None, "receiver", s0, s1)
            if rng.random() < _ATMOSPHERE_P[kind]:
                atmosphere = True
                third = [s for s in elig if s not in (a_, b_)]
                add_duty(eid, str(rng.choice(third)), None, "atmosphere", start, end)
            if kind == "activity" or not pd.isna(e.community_id):
                hosts = mine["brought_by"].dropna().value_counts()
                hosts = hosts[hosts.index.isin(set(mine["person_id"]))]
                hosts = hosts.sort_index().sort_values(ascending=False, kind="stable")
                for p in hosts.index[:2]:
                    add_duty(eid, None, str(p), "captain", start, end)
        else:
            host = next((s for s in elig if roles[s] == "wealth_manager"), elig[0])
            receiver = next((s for s in elig if roles[s] == "lobby_manager"), elig[-1])
            add_duty(eid, host, None, "host", start, end)
            add_duty(eid, receiver, None, "receiver", start - 30 * minute, end)
            shifts.append((start - 30 * minute, end, None, receiver))

        def writer(t):
            """Who writes a record at time t (the receiver on duty; the greeter in the hour they stayed), until when."""
            for k, (s0, s1, g_, r_) in enumerate(shifts):
                if t < s1 or k == len(shifts) - 1:
                    last = k == len(shifts) - 1
                    return (g_ if (eid == stayed and k == 1) else r_), (None if last else s1 - minute)
            return shifts[0][3], None

        questionnaires = resp.loc[resp["event_id"] == eid]
        for i, t in zip(questionnaires.index, questionnaires["submitted_at"]):
            recorded_by[i] = writer(t)[0]
        answered = set(questionnaires["person_id"].dropna())
        p_gift = _GIFT_P[kind]
        p_child = _CHILDREN_P[kind][0 if atmosphere else 1]
        for i, p, t in zip(mine.index, mine["person_id"], mine["arrived_at"]):
            has = p in answered
            if not has:
                who, until = writer(t)
                chance = min(habit[who] + (0.3 if (eid, p) in lead_people else 0.0), 0.95)
                if eid == stayed and who == shifts[1][2]:
                    chance = 0.7  # talking at the table instead of fetching the next visitor
                if rng.random() < chance:
                    has = True
                    at = min(t + int(rng.integers(2, 16)) * minute, end + 10 * minute)
                    at = at if until is None else max(min(at, until), t)  # written before the swap
                    for c, v in zip(rec, (eid, p, who, at)):
                        rec[c].append(v)
            gift[i] = rng.random() < p_gift[0 if has else 1]
            children[i] = rng.random() < p_child

    order = np.argsort(np.array(rec["recorded_at"], dtype="datetime64[ns]"), kind="stable")
    rec = {c: [v[i] for i in order] for c, v in rec.items()}
    rec["record_id"] = [f"V{i + 1:05d}" for i in range(len(order))]
    tables["visitor_records"] = _typed("visitor_records", rec)
    es = _typed("event_staff", duty)
    tables["event_staff"] = es.assign(_r=es["role"].astype(str)).sort_values(
        ["event_id", "from_at", "_r"], kind="stable").drop(columns="_r").reset_index(drop=True)
    dtype = {c.name: c.dtype for c in TABLES["survey_responses"].columns}
    tables["survey_responses"] = resp.assign(recorded_by=recorded_by.astype(dtype["recorded_by"]))
    adtype = {c.name: c.dtype for c in TABLES["attendance"].columns}
    tables["attendance"] = att.assign(gift=gift.astype(adtype["gift"]),
                                      with_children=children.astype(adtype["with_children"]))
    return {name: tables[name] for name in TABLES}


# ---------------------------------------------------------------------------
# The follow-up practice of issue 16: a Friday event whose 72 hours cross the weekend
# ---------------------------------------------------------------------------

#: The Friday booth of :func:`_friday_event`: its branch, and what happened to its leads, as hours after
#: the Friday 00:00 (contact, result), outcome and product. Two are called the same afternoon; five
#: wait for Monday morning before 10:30 (about 70 hours on the wall clock, under 24 working hours — the
#: leads were captured after 10:45); one is never called.
#: Every result falls by Tuesday 16:00, before the sample's last lead timestamp (Tuesday 2026-10-27
#: 21:09), so that the default evaluation time of every report stays where it was.
FRIDAY_CASE = {
    "branch_id": "B02", "theme": "理财知识普及", "start_hour": 10.0, "minutes": 90, "attendees": 30,
    "leads": (  # (contact, result, outcome, product); None = not yet / never
        (15.5, 4 * 24 + 10.5, "won", "wealth"),
        (16.5, 3 * 24 + 17.0, "lost", "fund"),
        (3 * 24 + 9.0, 4 * 24 + 15.0, "won", "fund"),
        (3 * 24 + 9.25, 3 * 24 + 18.0, "lost", "deposit"),
        (3 * 24 + 9.5, 4 * 24 + 16.0, "lost", "wealth"),
        (3 * 24 + 10.0, None, "open", "insurance"),
        (3 * 24 + 10.25, 4 * 24 + 15.5, "lost", "deposit"),
        (None, None, "open", "fund"),
    ),
}


def _friday_event(tables: dict[str, pd.DataFrame], seed: int, end: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """A Friday booth whose leads' 72 hours cross the weekend (issue 16: the working-day clock of 24/72).

    Branch B02 (:data:`FRIDAY_CASE`) gets one more booth, on the last Friday after its other events
    that leaves a week before ``end`` (2026-10-23 in the default period): 30 walk-ins, eight of them
    leads. Two are called the same afternoon; five wait for Monday — about 70 hours on the wall clock
    (late for the 24-hour rule) but under 24 working hours (on time once the weekend is not counted);
    one is never called. Two are won on the Tuesday (past 72 calendar hours, within 72 working hours).

    Works on the finished tables with its own generator (``default_rng([seed, 16, 2])``), so every
    other table and row stays as it was; it only adds rows: ``events`` (``B02-E10`` in the default
    period: after the branch's other events, so no event is renumbered), ``attendance``, ``people``
    (new person ids after the last), ``leads`` and ``deals`` (numbered by capture and closing time
    with the others — in the default period they come after every other lead and deal, so no id
    changes), ``event_staff`` (greeter and receiver swapping on the hour) and ``visitor_records``
    (one per lead). Nothing is added when the branch is missing or no such Friday fits the period.
    """
    case = FRIDAY_CASE
    b = case["branch_id"]
    ev = tables["events"]
    mine = ev.loc[ev["branch_id"] == b]
    if not len(mine):
        return tables
    day = (mine["starts_at"].max().normalize() + pd.Timedelta(days=1))
    friday = day + pd.Timedelta(days=(4 - day.weekday()) % 7)
    last = (end - pd.Timedelta(days=8)).normalize()
    if friday > last:
        return tables
    while friday + pd.Timedelta(days=7) <= last:
        friday += pd.Timedelta(days=7)
    rng = np.random.default_rng([seed, 16, 2])
    minute = pd.Timedelta(minutes=1)
    start = friday + pd.Timedelta(hours=case["start_hour"])
    stop = start + pd.Timedelta(minutes=case["minutes"])
    eid = f"{b}-E{len(mine) + 1:02d}"
    comm = mine["community_id"].dropna().value_counts().sort_index().idxmax()
    n = case["attendees"]
    people = tables["people"]
    first = int(people["person_id"].str[1:].astype(int).max()) + 1
    pids = [f"P{first + i:06d}" for i in range(n)]
    cust = rng.random(n) < 0.27
    gender = np.where(rng.random(n) < 0.55, "female", "male")
    seg = rng.choice(np.array([s for s in SEGMENTS if s != "other"], dtype=object), n)
    age = rng.choice(np.array(AGE_BANDS, dtype=object), n)
    arrived = sorted(start + int(m) * minute for m in rng.choice(np.arange(0, case["minutes"] - 5), n, replace=False))
    staff = tables["staff"]
    elig = [s for s, r in zip(staff["staff_id"], staff["role"].astype(str)) if s.startswith(b + "-") and r in ELIGIBLE_ROLES]
    greeter, receiver = (str(x) for x in rng.choice(elig, 2, replace=False))
    k = len(case["leads"])
    who = sorted(rng.choice(n, k, replace=False))
    assigned = [str(x) for x in rng.permutation(elig)[:k]] if len(elig) >= k else [elig[i % len(elig)] for i in range(k)]
    captured = [min(max(arrived[i] + int(rng.integers(20, 50)) * minute, start + 45 * minute), stop + 30 * minute)
                for i in who]  # from 10:45 on: a Monday call before 10:30 is under 24 working hours
    t_of = (lambda h: pd.NaT if h is None else friday + pd.Timedelta(hours=h))
    contact = [t_of(c) for c, *_ in case["leads"]]
    closed = [t_of(r) for _c, r, *_ in case["leads"]]
    outcome = [o for *_x, o, _p in case["leads"]]
    product = [p for *_x, p in case["leads"]]
    amount = [float(np.clip(round(rng.lognormal(np.log(_AMOUNT[p][0]), 0.5), -3), _AMOUNT[p][2], _AMOUNT[p][3]))
              if o == "won" else np.nan for o, p in zip(outcome, product)]

    def typed(name, cols):
        return _typed(name, cols)

    def append(name, frame, id_col=None, prefix=None, width=5, by=None):
        both = pd.concat([tables[name], frame], ignore_index=True)
        if id_col is not None:  # number every row by its time again (stable: the old rows keep their order)
            both = both.iloc[np.argsort(both[by].to_numpy(dtype="datetime64[ns]"), kind="stable")]
            both[id_col] = pd.array([f"{prefix}{i + 1:0{width}d}" for i in range(len(both))],
                                    dtype=both[id_col].dtype)
        tables[name] = _sort(name, both) if name in _SORT else both.reset_index(drop=True)

    append("events", typed("events", {"event_id": [eid], "branch_id": [b], "community_id": [comm], "kind": ["booth"],
                                      "theme": [case["theme"]], "partner_id": [None], "starts_at": [start],
                                      "ends_at": [stop], "cost": [900.0], "planned_invites": [None]}))
    append("people", typed("people", {"person_id": pids, "community_id": [comm] * n, "is_bank_customer": list(cust),
                                      "segment": list(seg), "age_band": list(age), "gender": list(gender)}))
    append("attendance", typed("attendance", {
        "event_id": [eid] * n, "person_id": pids, "arrived_at": arrived, "source": ["walk_in"] * n,
        "brought_by": [None] * n, "is_bank_customer": list(cust), "gender": list(gender),
        "gift": [i in set(who) for i in range(n)], "with_children": [False] * n, "left_at": [pd.NaT] * n}))
    append("leads", typed("leads", {
        "lead_id": [f"new{i}" for i in range(k)], "person_id": [pids[i] for i in who], "event_id": [eid] * k,
        "group_id": [None] * k, "assigned_to": assigned, "captured_at": captured, "first_contact_at": contact,
        "closed_at": closed, "outcome": outcome, "product": product, "amount": amount}),
        id_col="lead_id", prefix="L", by="captured_at")
    won = [i for i in range(k) if outcome[i] == "won"]
    append("deals", typed("deals", {
        "deal_id": [f"new{i}" for i in won], "person_id": [pids[who[i]] for i in won],
        "staff_id": [assigned[i] for i in won], "product": [product[i] for i in won],
        "amount": [amount[i] for i in won], "closed_at": [closed[i] for i in won], "channel": ["offline"] * len(won),
        "event_id": [eid] * len(won), "group_id": [None] * len(won)}), id_col="deal_id", prefix="D", by="closed_at")
    if "event_staff" in tables:
        duty = {c: [] for c in ("event_id", "staff_id", "person_id", "role", "from_at", "to_at")}
        for j, (s0, s1) in enumerate(_hours_of(start, stop)):
            g_, r_ = (greeter, receiver) if j % 2 == 0 else (receiver, greeter)
            for s, role in ((g_, "greeter"), (r_, "receiver")):
                for c, v in zip(duty, (eid, s, None, role, s0, s1)):
                    duty[c].append(v)
        es = pd.concat([tables["event_staff"], typed("event_staff", duty)], ignore_index=True)
        tables["event_staff"] = es.assign(_r=es["role"].astype(str)).sort_values(
            ["event_id", "from_at", "_r"], kind="stable").drop(columns="_r").reset_index(drop=True)
    if "visitor_records" in tables:
        on_duty = [(greeter, receiver)[0 if j % 2 else 1] for j, _ in enumerate(_hours_of(start, stop))]
        shifts = _hours_of(start, stop)

        def writer(t):
            return next((on_duty[j] for j, (_s0, s1) in enumerate(shifts) if t < s1), on_duty[-1])

        at = [min(arrived[i] + int(rng.integers(3, 12)) * minute, stop + 10 * minute) for i in who]
        append("visitor_records", typed("visitor_records", {
            "record_id": [f"new{i}" for i in range(k)], "event_id": [eid] * k, "person_id": [pids[i] for i in who],
            "staff_id": [writer(arrived[i]) for i in who], "recorded_at": at}),
            id_col="record_id", prefix="V", by="recorded_at")
    return {name: tables[name] for name in TABLES}
