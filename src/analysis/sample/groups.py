"""The builder's WeChat groups: potential and elite tiers, the join hook and daily group messages."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.sample.constants import _KIND_BY_WEEKDAY, _MSG_KINDS, _TIER_ACTIVITY, _WEEKDAY_MULT, DAY, HOOK_CASE, HOUR

class _GroupsMixin:
    """WeChat groups of a branch (a mixin of :class:`analysis.sample.builder._Builder`)."""

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
