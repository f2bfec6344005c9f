"""The sample builder: one generator, row stores, shared helpers, the build order and the typed tables.

The builder's steps by domain are mixins: :mod:`.events`, :mod:`.groups`, :mod:`.surveys`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.questionnaire import standard_questionnaire
from analysis.sample.constants import (
    _AMOUNT, _BRANCH_NAMES, _CITIES, _COMMUNITY_NAMES, _ENTRY, _PRODUCT_W, DAY, ELIGIBLE_ROLES, HOUR, STAFF_ROLES,
)
from analysis.sample.events import _EventsMixin
from analysis.sample.frames import _frame, _sort
from analysis.sample.groups import _GroupsMixin
from analysis.sample.people import _draw_profiles, _People, _weights
from analysis.sample.surveys import _SurveysMixin
from analysis.schemas import TABLES

class _Builder(_EventsMixin, _GroupsMixin, _SurveysMixin):
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
