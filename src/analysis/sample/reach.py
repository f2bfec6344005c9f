"""The reach stage of the sample generator (issue 12, and issue 16 item 6): partners, campaigns, placements,
accounts and referrals, calibrated to the practice of DESIGN.md ("Community reach").

:func:`reach_practice` works on the finished tables of :func:`analysis.sample.make_sample` with its own
generator (``default_rng([seed, 12])``), so every row of the earlier tables stays as it was. It adds:

- **partners**: the event partners ``PT01``–``PT08`` (stages signed, active, ended; two never used,
  screened and negotiating), ten fruit sellers ``PT11``–``PT20`` of branch B02's opening campaign, the
  smart-community platform of B01's property office ``PT21`` and an employer ``PT22`` (payroll);
- **campaigns** (:data:`REACH_CASE`): ``B01-K01`` the smart-community partnership in community ``B01-C02``
  (about 95 % of its households open an account), ``B02-K01`` the opening campaign (100 places a week for 4
  weeks through the fruit sellers; the later weeks fall behind the quota), ``B03-K01`` a referral campaign
  with points (a few central figures — a square-dance leader, building captains — bring many neighbours),
  ``B03-K02`` payroll;
- **people**: the residents, employees and neighbours those campaigns bring (appended after the existing
  ``people`` rows; never a name);
- **accounts**: the campaigns' openings; every person who was not a customer at first contact and later
  bought (a deal) opened an account between their first touch and the deal; some strangers met at events,
  in WeChat groups or as leads opened one later; a few existing customers opened another (not new customers);
- **referrals**: the referral campaign's referrals with points;
- **placements** (issue 16 item 6): two to four publicity placements per community (notice boards, lift and
  car-park screens, mailboxes, QR-code posters, WeChat posts, forums, games); walk-ins, online answer
  sheets and mass-group joins that a placement brought carry its ``placement_id``.

Communities other than ``B01-C02`` stay where grid marketing leaves them (touched share mostly under
35 %; the two smallest communities of B01 are touched above it by the events of the earlier stages).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.schemas import TABLES

__all__ = ["reach_practice", "REACH_CASE", "PARTNER_KINDS_OF_SAMPLE"]

#: The campaigns of the sample as the reach report should find them (DESIGN.md, "Community reach").
REACH_CASE = {
    "smart_community": {"campaign_id": "B01-K01", "community_id": "B01-C02", "partner_id": "PT21",
                        "opening_share": 0.95},
    "opening": {"campaign_id": "B02-K01", "weekly_quota": 100, "weeks": 4, "fruit_sellers": 10,
                "weekly_accounts": (100, 92, 81, 67)},
    "referral": {"campaign_id": "B03-K01", "central_figures": 4},
    "payroll": {"campaign_id": "B03-K02", "partner_id": "PT22"},
}

#: Kind and stage of the event partners PT01–PT08 (names: :data:`analysis.sample.PARTNERS`).
PARTNER_KINDS_OF_SAMPLE = {"PT01": "counselling", "PT02": "education", "PT03": "health", "PT04": "florist",
                           "PT05": "tea_house", "PT06": "fitness", "PT07": "bakery", "PT08": "property_office"}
_UNUSED_STAGES = {"PT04": ("negotiating", "B01"), "PT05": ("ended", "B02"), "PT06": ("screened", "B03")}
_FRUIT = ("鲜果坊", "百果园加盟店", "四季果行", "果然鲜", "甜心果铺", "绿源果业", "果多多", "鲜丰水果", "果乐园", "一品果园")
_REFERRAL_POINTS = 100
_PLACEMENT_KINDS = ("notice_board", "lift_screen", "car_park_screen", "mailbox", "qr_code", "wechat", "forum", "game")
_PLACEMENT_W = np.array([3.0, 2.5, 1.5, 1.0, 2.5, 2.0, 1.0, 1.0])
_PLACEMENT_COST = {"notice_board": (0, 200), "lift_screen": (800, 3000), "car_park_screen": (500, 2000),
                   "mailbox": (100, 400), "qr_code": (50, 300), "wechat": (0, 500), "forum": (0, 100),
                   "game": (200, 1200)}
_PLACEMENT_NAMES = {"notice_board": "小区公告栏", "lift_screen": "电梯广告屏", "car_park_screen": "车库道闸屏",
                    "mailbox": "信报箱", "qr_code": "二维码海报", "wechat": "业主群推文", "forum": "业主论坛",
                    "game": "社区小游戏"}
_DAY = pd.Timedelta(days=1)
_MIN = pd.Timedelta(minutes=1)


def _frame(name: str, cols: dict) -> pd.DataFrame:
    """A frame of table ``name`` from plain columns (absent columns empty), with the schema's dtypes."""
    table = TABLES[name]
    n = len(next(iter(cols.values()))) if cols else 0
    data = {}
    for c in table.columns:
        v = cols.get(c.name, [None] * n)
        if c.kind == "datetime":
            data[c.name] = pd.Series(pd.to_datetime(pd.Series(list(v), dtype=object)), dtype=c.dtype)
        elif c.kind == "int":
            data[c.name] = pd.array([None if x is None or (isinstance(x, float) and np.isnan(x)) else int(x)
                                     for x in v], dtype="Int64")
        elif c.kind == "float":
            data[c.name] = pd.Series([np.nan if x is None else float(x) for x in v], dtype="float64")
        else:
            data[c.name] = pd.Series(list(v), dtype=object).astype(c.dtype)
    return pd.DataFrame(data, columns=table.column_names)


def _profiles(rng, n: int, seg_p=None) -> dict:
    from analysis.schemas import AGE_BANDS, GENDERS, SEGMENTS

    seg_p = np.array([0.30, 0.22, 0.10, 0.12, 0.12, 0.05, 0.09]) if seg_p is None else np.asarray(seg_p, float)
    return {"segment": rng.choice(SEGMENTS, n, p=seg_p / seg_p.sum()),
            "age_band": rng.choice(AGE_BANDS, n, p=[0.15, 0.25, 0.25, 0.2, 0.15]),
            "gender": rng.choice(GENDERS, n, p=[0.55, 0.45])}


def _at_day_time(rng, days: pd.DatetimeIndex, a_hour: float = 9.0, b_hour: float = 17.5) -> pd.DatetimeIndex:
    """Each day at a random whole minute between ``a_hour`` and ``b_hour``."""
    minutes = rng.integers(int(a_hour * 60), int(b_hour * 60), len(days))
    return pd.DatetimeIndex(days).normalize() + pd.to_timedelta(minutes, unit="min")


def _first_touch(t: dict) -> pd.Series:
    """person_id → the earliest time the branch met them (survey, check-in, invitation, group, lead)."""
    parts = [t["survey_responses"][["person_id", "submitted_at"]].set_axis(["p", "t"], axis=1),
             t["attendance"][["person_id", "arrived_at"]].set_axis(["p", "t"], axis=1),
             t["invitations"][["person_id", "invited_at"]].set_axis(["p", "t"], axis=1),
             t["group_members"][["person_id", "joined_at"]].set_axis(["p", "t"], axis=1),
             t["leads"][["person_id", "captured_at"]].set_axis(["p", "t"], axis=1)]
    allt = pd.concat(parts, ignore_index=True).dropna()
    return allt.groupby("p")["t"].min()


def reach_practice(tables: dict[str, pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    """Add the reach tables (partners, campaigns, placements, accounts, referrals) and the people they bring.

    See the module docstring for what is generated and :data:`REACH_CASE` for the reference figures.
    Deterministic for a given ``seed``; the rows of every earlier table are unchanged (people gains rows,
    and attendance, survey_responses and group_members gain their ``placement_id``).
    """
    from analysis.sample import PARTNERS

    rng = np.random.default_rng([seed, 12])
    t = dict(tables)
    events, people, comms = t["events"], t["people"], t["communities"]
    stamps = [events["starts_at"].min(), t["group_members"]["joined_at"].max(), t["deals"]["closed_at"].max(),
              t["invitations"]["invited_at"].min()]
    t0 = min(s for s in stamps if pd.notna(s)).normalize()
    t_end = max(s for s in stamps if pd.notna(s)).normalize() + _DAY - _MIN
    span = (t_end - t0).days

    def day(offset: int) -> pd.Timestamp:
        return min(t0 + pd.Timedelta(days=int(offset)), t_end.normalize())

    # --- partners ----------------------------------------------------------------------------------
    first_event = events.dropna(subset=["partner_id"]).sort_values("starts_at").groupby("partner_id").first()
    last_event = events.dropna(subset=["partner_id"]).groupby("partner_id")["starts_at"].max()
    p_rows = {"partner_id": [], "branch_id": [], "name": [], "kind": [], "stage": [], "signed_at": [], "ended_at": []}

    def partner(pid, branch, name, kind, stage, signed=None, ended=None):
        for k, v in zip(p_rows, (pid, branch, name, kind, stage, signed, ended)):
            p_rows[k].append(v)

    for pid, name in PARTNERS.items():
        if pid in first_event.index:
            first = first_event.loc[pid, "starts_at"]
            signed = max((first - pd.Timedelta(days=int(rng.integers(20, 60)))).normalize(), t0)  # within the data
            stage = "active" if last_event[pid] >= t_end - pd.Timedelta(days=45) else "signed"
            branches = events.loc[events["partner_id"] == pid, "branch_id"].unique()
            branch = branches[0] if len(branches) == 1 else None  # a partner of several branches: no one branch
            partner(pid, branch, name, PARTNER_KINDS_OF_SAMPLE[pid], stage, signed)
        else:
            stage, branch = _UNUSED_STAGES.get(pid, ("screened", "B01"))
            signed = t0 if stage == "ended" else None
            ended = day(30) if stage == "ended" else None
            partner(pid, branch, name, PARTNER_KINDS_OF_SAMPLE[pid], stage, signed, ended)
    opening_start = t0 + pd.Timedelta(days=min(68, max(span - 28, 0)))
    opening_start = opening_start - pd.Timedelta(days=opening_start.weekday())  # a Monday
    for i, name in enumerate(_FRUIT):
        partner(f"PT{11 + i}", "B02", name, "fruit_seller", "active",
                max(opening_start - pd.Timedelta(days=int(rng.integers(5, 15))), t0))
    partner("PT21", "B01", "阳光物业智慧社区平台", "property_office", "active", day(20))
    partner("PT22", "B03", "康乐科技有限公司", "employer", "active", day(45))
    t["partners"] = _frame("partners", p_rows)

    # --- campaigns ---------------------------------------------------------------------------------
    sc, op, rf, pr = (REACH_CASE[k] for k in ("smart_community", "opening", "referral", "payroll"))
    c_rows = {
        "campaign_id": [sc["campaign_id"], op["campaign_id"], rf["campaign_id"], pr["campaign_id"]],
        "branch_id": ["B01", "B02", "B03", "B03"],
        "name": ["阳光小区智慧物业缴费开户", "网点开业水果商户送名额", "老带新积分推荐", "康乐科技代发工资"],
        "scenario": ["smart_community", "opening", "referral", "payroll"],
        "community_id": [sc["community_id"], None, None, None],
        "partner_id": [sc["partner_id"], None, None, pr["partner_id"]],
        "starts_at": [day(31), opening_start, day(45), day(62)],
        "ends_at": [day(91), opening_start + pd.Timedelta(days=27), t_end.normalize(), day(91)],
        "budget": [30_000.0, 40_000.0, 8_000.0, 5_000.0],
        "expected_new_customers": [300, 400, 60, 80],
        "weekly_quota": [None, op["weekly_quota"], None, None],
    }
    starts = dict(zip(c_rows["campaign_id"], c_rows["starts_at"]))
    ends = dict(zip(c_rows["campaign_id"], c_rows["ends_at"]))

    # --- new people --------------------------------------------------------------------------------
    n0 = len(people)
    new_people = {"person_id": [], "community_id": [], "is_bank_customer": [], "segment": [], "age_band": [],
                  "gender": []}

    def add_people(n, community, customer_p=0.0, seg_p=None) -> list[str]:
        first = n0 + len(new_people["person_id"])
        ids = [f"P{first + i + 1:06d}" for i in range(n)]
        prof = _profiles(rng, n, seg_p)
        new_people["person_id"] += ids
        new_people["community_id"] += list(community) if not isinstance(community, (str, type(None))) \
            else [community] * n
        new_people["is_bank_customer"] += list(rng.random(n) < customer_p)
        for k in ("segment", "age_band", "gender"):
            new_people[k] += list(prof[k])
        return ids

    acc = {k: [] for k in ("person_id", "branch_id", "opened_at", "kind", "channel", "event_id", "campaign_id",
                           "partner_id", "staff_id", "entry_id")}

    def open_accounts(persons, branch, opened, kind, channel, event=None, campaign=None, partner_id=None,
                      staff=None, entry=None):
        n = len(persons)

        def rep(v):
            return list(v) if isinstance(v, (list, np.ndarray, pd.Index, pd.Series)) else [v] * n

        for k, v in zip(acc, (persons, branch, opened, kind, channel, event, campaign, partner_id, staff, entry)):
            acc[k] += rep(v)

    staff = t["staff"]
    staff_of = {b: staff.loc[(staff["branch_id"] == b) & staff["role"].isin(
        ["wealth_manager", "lobby_manager", "teller", "account_manager"]), "staff_id"].tolist()
        for b in staff["branch_id"].unique()}

    have = set(t["branches"]["branch_id"])
    # the smart-community partnership: about 95% of B01-C02's households open an account
    comm_hh = dict(zip(comms["community_id"], comms["households"].astype(int)))
    c02 = sc["community_id"] if sc["community_id"] in comm_hh else None
    existing = people.loc[people["community_id"] == c02, "person_id"].tolist()
    target = int(round(comm_hh[c02] * (sc["opening_share"] + 0.003))) if c02 else 0
    newcomers = add_people(max(target - len(existing), 0), c02, customer_p=0.0)
    owners = existing + newcomers if c02 else []
    days = (ends[sc["campaign_id"]] - starts[sc["campaign_id"]]).days
    offs = np.minimum((rng.exponential(days / 3.0, len(owners))).astype(int), days)
    open_accounts(owners, "B01", _at_day_time(rng, starts[sc["campaign_id"]] + pd.to_timedelta(offs, unit="D"), 8, 22),
                  "debit_card", "smart_community", campaign=sc["campaign_id"], partner_id=sc["partner_id"],
                  staff=list(rng.choice(staff_of.get("B01", [""]), len(owners))))

    # the opening campaign: 100 places a week for 4 weeks, through ten fruit sellers
    b02 = comms.loc[comms["branch_id"] == "B02"]
    w = b02["households"].astype(float).to_numpy()
    seller_w = rng.dirichlet(np.full(len(_FRUIT), 1.2))
    for week, n in enumerate(op["weekly_accounts"] if "B02" in have else ()):
        ids = add_people(n, list(rng.choice(b02["community_id"].to_numpy(), n, p=w / w.sum())), customer_p=0.0)
        offs = rng.integers(0, 7, n)
        when = _at_day_time(rng, opening_start + pd.to_timedelta(week * 7 + offs, unit="D"))
        sellers = [f"PT{11 + int(i)}" for i in rng.choice(len(_FRUIT), n, p=seller_w)]
        open_accounts(ids, "B02", when, "debit_card", "campaign", campaign=op["campaign_id"], partner_id=sellers,
                      staff=list(rng.choice(staff_of["B02"], n)))

    # payroll: an employer's staff open payroll accounts (they live anywhere: no community)
    ids = add_people(58 if "B03" in have else 0, None, customer_p=0.05, seg_p=[1, 0, 0, 0, 0, 0, 0])
    offs = rng.integers(0, max((ends[pr["campaign_id"]] - starts[pr["campaign_id"]]).days, 1), len(ids))
    open_accounts(ids, "B03", _at_day_time(rng, starts[pr["campaign_id"]] + pd.to_timedelta(offs, unit="D")),
                  "payroll", "payroll", campaign=pr["campaign_id"], partner_id=pr["partner_id"],
                  staff=list(rng.choice(staff_of.get("B03", [""]), len(ids))))

    # referrals: central figures of B03 (customers who came to its events) bring many neighbours
    b03_events = events.loc[events["branch_id"] == "B03", "event_id"]
    att = t["attendance"]
    regulars = att.loc[att["event_id"].isin(b03_events) & att["is_bank_customer"].fillna(False).astype(bool)]
    regulars = regulars.merge(people[["person_id", "community_id"]], on="person_id").dropna(subset=["community_id"])
    regulars = regulars.drop_duplicates("person_id")
    centre = regulars.sample(n=min(rf["central_figures"] + 6, len(regulars)), random_state=int(rng.integers(0, 2**31)))
    brings = np.concatenate([rng.integers(9, 17, rf["central_figures"]), rng.integers(1, 3, 6)])
    ref = {"referrer_id": [], "person_id": [], "referred_at": [], "campaign_id": [], "points": []}
    r_start, r_end = starts[rf["campaign_id"]], ends[rf["campaign_id"]]
    r_days = max((r_end - r_start).days - 10, 1)
    for (_, who), n in zip(centre.iterrows(), brings):
        ids = add_people(int(n), who["community_id"], customer_p=0.0)
        when = _at_day_time(rng, r_start + pd.to_timedelta(rng.integers(0, r_days, len(ids)), unit="D"), 9, 21)
        opened = rng.random(len(ids)) < 0.7
        ref["referrer_id"] += [who["person_id"]] * len(ids)
        ref["person_id"] += ids
        ref["referred_at"] += list(when)
        ref["campaign_id"] += [rf["campaign_id"]] * len(ids)
        ref["points"] += [_REFERRAL_POINTS if o else 0 for o in opened]
        lag = pd.to_timedelta(rng.integers(1, 10, int(opened.sum())), unit="D")
        o_when = _at_day_time(rng, pd.DatetimeIndex(when[opened]) + lag)
        o_when = pd.DatetimeIndex(np.minimum(o_when.to_numpy(), np.datetime64(t_end)))
        open_accounts([i for i, o in zip(ids, opened) if o], "B03", o_when, "debit_card", "referral",
                      campaign=rf["campaign_id"], staff=list(rng.choice(staff_of["B03"], int(opened.sum()))))
    t["referrals"] = _frame("referrals", ref)
    c_rows["spend"] = [27_600.0, float(len([c for c in acc["campaign_id"] if c == op["campaign_id"]]) * 100.0),
                       float(sum(ref["points"])) * 0.2, 4_200.0]
    campaigns = _frame("campaigns", c_rows)
    t["campaigns"] = campaigns.loc[campaigns["branch_id"].isin(have)].reset_index(drop=True)
    partners = t["partners"]
    t["partners"] = partners.loc[partners["branch_id"].isin(have) | partners["branch_id"].isna()].reset_index(drop=True)

    # --- accounts of people met at events, in groups and as leads -----------------------------------
    first = _first_touch(t)
    is_cust = dict(zip(people["person_id"], people["is_bank_customer"].fillna(False).astype(bool)))
    branch_of_event = dict(zip(events["event_id"], events["branch_id"]))
    comm_of_event = dict(zip(events["event_id"], events["community_id"]))
    start_of_event = dict(zip(events["event_id"], events["starts_at"]))
    groups = t["wechat_groups"]
    branch_of_group = dict(zip(groups["group_id"], groups["branch_id"]))
    owner_of_group = dict(zip(groups["group_id"], groups["owner_staff_id"]))
    staff_branch = dict(zip(staff["staff_id"], staff["branch_id"]))
    taken = set(acc["person_id"])
    deals = t["deals"].sort_values("closed_at", kind="stable").drop_duplicates("person_id")
    strangers = deals.loc[~deals["person_id"].map(is_cust).fillna(True).astype(bool) & ~deals["person_id"].isin(taken)]
    for d in strangers.itertuples(index=False):
        ft = first.get(d.person_id, d.closed_at)
        lo = max(ft, start_of_event.get(d.event_id, ft)) if isinstance(d.event_id, str) else ft
        lo = min(lo + 10 * _MIN, d.closed_at)
        when = lo + (d.closed_at - lo) * float(rng.random())
        channel = "event" if isinstance(d.event_id, str) else ("group" if isinstance(d.group_id, str) else "counter")
        branch = branch_of_event.get(d.event_id) or branch_of_group.get(d.group_id) or staff_branch[d.staff_id]
        open_accounts([d.person_id], branch, [when.floor("min")], "debit_card", channel,
                      event=d.event_id if channel == "event" else None, staff=d.staff_id)
        taken.add(d.person_id)
    # strangers who came to an event open an account some days later (9%), booths through an entry point
    entries = t["entry_points"]
    ev_att = att.loc[~att["is_bank_customer"].fillna(True).astype(bool) & ~att["person_id"].isin(taken)]
    ev_att = ev_att.drop_duplicates("person_id")
    pick = ev_att.loc[rng.random(len(ev_att)) < 0.09]
    for a in pick.itertuples(index=False):
        when = a.arrived_at + pd.Timedelta(minutes=int(rng.integers(20, 60 * 24 * 30)))
        if when > t_end:
            continue
        b, comm = branch_of_event[a.event_id], comm_of_event[a.event_id]
        kind = events.loc[events["event_id"] == a.event_id, "kind"].iloc[0]
        entry = None
        if kind == "booth" and isinstance(comm, str):
            e = entries.loc[entries["community_id"] == comm]
            if len(e):
                ew = e["daily_flow"].astype(float).to_numpy() + 1.0
                entry = e["entry_id"].iloc[int(rng.choice(len(e), p=ew / ew.sum()))]
        open_accounts([a.person_id], b, [when.floor("min")], "debit_card", "event", event=a.event_id,
                      staff=str(rng.choice(staff_of[b])), entry=entry)
        taken.add(a.person_id)
    # strangers in potential or elite groups (6%) open through the group
    m = t["group_members"].merge(groups[["group_id", "tier"]], on="group_id")
    m = m.loc[m["tier"].astype(str).isin(["potential", "elite"]) & ~m["person_id"].isin(taken)
              & ~m["person_id"].map(is_cust).fillna(True).astype(bool)].drop_duplicates("person_id")
    for g in m.loc[rng.random(len(m)) < 0.06].itertuples(index=False):
        when = g.joined_at + pd.Timedelta(minutes=int(rng.integers(60, 60 * 24 * 20)))
        if when > t_end:
            continue
        b = branch_of_group[g.group_id]
        owner = owner_of_group[g.group_id]
        open_accounts([g.person_id], b, [when.floor("min")], "debit_card", "group",
                      staff=owner if isinstance(owner, str) else str(rng.choice(staff_of[b])))
        taken.add(g.person_id)
    # a few existing customers open another account (a credit card): not new customers
    cust_att = att.loc[att["is_bank_customer"].fillna(False).astype(bool)].drop_duplicates("person_id")
    for a in cust_att.loc[rng.random(len(cust_att)) < 0.04].itertuples(index=False):
        when = a.arrived_at + pd.Timedelta(minutes=int(rng.integers(60, 60 * 24 * 20)))
        if when <= t_end:
            b = branch_of_event[a.event_id]
            open_accounts([a.person_id], b, [when.floor("min")], "credit_card", "counter",
                          staff=str(rng.choice(staff_of[b])))

    # --- people and accounts as tables ----------------------------------------------------------------
    add = _frame("people", new_people)
    t["people"] = pd.concat([people, add], ignore_index=True)
    accounts = _frame("accounts", {**acc, "account_id": [""] * len(acc["person_id"])})
    accounts = accounts.sort_values(["opened_at", "person_id"], kind="stable").reset_index(drop=True)
    accounts["account_id"] = pd.array([f"A{i + 1:05d}" for i in range(len(accounts))], dtype="string")
    t["accounts"] = accounts

    # --- publicity placements (issue 16 item 6) ----------------------------------------------------------
    pl = {"placement_id": [], "community_id": [], "kind": [], "name": [], "starts_at": [], "ends_at": [], "cost": []}
    for cid in comms["community_id"]:
        k = int(rng.integers(2, 5))
        kinds = rng.choice(_PLACEMENT_KINDS, k, replace=False, p=_PLACEMENT_W / _PLACEMENT_W.sum())
        for j, kind in enumerate(kinds):
            lo, hi = _PLACEMENT_COST[kind]
            pl["placement_id"].append(f"{cid}-Q{j + 1:02d}")
            pl["community_id"].append(cid)
            pl["kind"].append(kind)
            pl["name"].append(_PLACEMENT_NAMES[kind])
            pl["starts_at"].append(t0)
            pl["ends_at"].append(None)
            pl["cost"].append(float(rng.integers(lo, hi + 1)))
    placements = _frame("placements", pl)
    t["placements"] = placements
    by_comm = placements.groupby("community_id")["placement_id"].agg(list).to_dict()
    kind_of = dict(zip(placements["placement_id"], placements["kind"].astype(str)))
    comm_of = dict(zip(t["people"]["person_id"], t["people"]["community_id"]))

    def placement_for(communities, p, kinds=None) -> list:
        out = []
        for cid, u in zip(communities, rng.random(len(communities))):
            options = [x for x in by_comm.get(cid, []) if kinds is None or kind_of[x] in kinds] \
                if isinstance(cid, str) else []
            out.append(options[int(rng.integers(0, len(options)))] if options and u < p else None)
        return out

    dtype = TABLES["attendance"].column("placement_id").dtype
    walk = (att["source"].astype(str) == "walk_in").to_numpy()
    first_row = att["arrived_at"].to_numpy() == att["person_id"].map(first).to_numpy()
    ev_comm = att["event_id"].map(comm_of_event)
    chosen = np.array(placement_for(ev_comm.tolist(), 0.45), dtype=object)
    t["attendance"] = att.assign(placement_id=pd.Series(np.where(walk & first_row, chosen, None), index=att.index,
                                                        dtype=object).astype(dtype))
    sr = t["survey_responses"]
    online = sr["channel"].astype(str).isin(["online", "wechat"]).to_numpy()
    chosen = np.array(placement_for(sr["community_id"].tolist(), 0.7, {"qr_code", "wechat", "forum", "game",
                                                                        "lift_screen"}), dtype=object)
    t["survey_responses"] = sr.assign(placement_id=pd.Series(np.where(online, chosen, None), index=sr.index,
                                                             dtype=object).astype(dtype))
    gm = t["group_members"]
    gate = gm["join_channel"].astype("string").isin(["owners_group", "other", "event_qr"]).fillna(False).to_numpy()
    mass = gm["group_id"].map(dict(zip(groups["group_id"], groups["tier"].astype(str)))).eq("mass").to_numpy()
    chosen = np.array(placement_for(gm["person_id"].map(comm_of).tolist(), 0.3, {"qr_code", "wechat", "game"}),
                      dtype=object)
    t["group_members"] = gm.assign(placement_id=pd.Series(np.where(gate & mass, chosen, None), index=gm.index,
                                                          dtype=object).astype(dtype))
    return {name: t[name] for name in tables}
