"""The builder's events: invitations, the salon case, attendance, event leads and their follow-up."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.sample.constants import _ACTIVITY_THEMES, _BOOTH_THEMES, _SALON_THEMES, DAY, ELIGIBLE_ROLES, HOUR

class _EventsMixin:
    """Events of a branch (a mixin of :class:`analysis.sample.builder._Builder`)."""

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
