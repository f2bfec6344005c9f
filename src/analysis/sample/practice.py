"""The practices of issue 16, added after the main build from their own generators.

- :func:`_group_practice`: askers pulled out of the mass group, join channels;
- :func:`_event_practice`: on-site roles, visitor records, gifts, children;
- :func:`_friday_event`: a Friday booth whose 72 hours cross the weekend (:data:`FRIDAY_CASE`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.sample.constants import _AMOUNT, ELIGIBLE_ROLES
from analysis.sample.frames import _SORT, _sort
from analysis.schemas import AGE_BANDS, SEGMENTS, TABLES

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
