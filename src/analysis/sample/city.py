"""Seeded city-scale generator of the contract's tables, for benchmarks (城市级基准数据).

:func:`make_city` writes every table of the data contract (:data:`analysis.schemas.TABLES`) as a
Parquet file into a folder, at the scale of one city: about 200 branches, 200,000 WeChat groups,
2,000,000 people and 10,000,000 group memberships by default. Every size is proportional to the
``members`` argument (the number of ``group_members`` rows), so ``members=100_000`` or
``1_000_000`` give the same city at 1 % or 10 %:

================== =========================== ===================================================
table              rows per 10 M memberships   notes
================== =========================== ===================================================
branches           200                         one per 50,000 memberships (at least 1)
staff              8,000                       40 per branch (head, ops, 6 wealth, 4 lobby, 8 tellers,
                                               20 account managers)
communities        4,000                       20 per branch
entry_points       12,000                      3 per community
people             2,000,000                   10,000 per branch
wechat_groups      200,000                     5.6 % mass (400–500 members), 50 % potential (20–60),
                                               44.4 % elite (9–13, pulled from one potential group)
group_members      ≈ 10,000,000                one spell per (group, person); left_at ≥ joined_at
group_messages     ≈ 7 M                       daily counts per member, day and kind (``messages``)
events             20,000                      booths, salons, activities; 90 min – 4 h
attendance         ≈ 1,000,000                 one check-in per (event, person)
invitations        ≈ 0.6 M                     staff, partner and guest invitations, and no-shows
event_targets      40,000                      attendees and stranger ratio per event
leads              1,000,000                   24/72 follow-up mixed: most in 24 h, some never
deals              ≈ 0.35 M                    won leads and elite-group deals within 72 h
survey_responses   1,630,000                   the standard questionnaire
survey_answers     ≈ 29 M                      long form, one row per ticked option
event_staff        ≈ 60,000                    on-site duties (greeter, receivers, host, building
                                               captain), when the contract has the table
visitor_records    ≈ 0.3 M                     customer-information sheets at events, likewise
================== =========================== ===================================================

Columns the contract marks optional and newer (``group_members.join_channel``, the check-in's
``gift``, ``with_children`` and ``left_at``, ``survey_responses.recorded_by``) are filled when the
contract in use has them, from a second random stream, so the other tables do not change with them.

The funnel is built in order: potential members are drawn from the branch's people, who are all in
the branch's mass groups (the mass groups tile a random permutation of the branch's people), and join
after their first mass join; elite members are a block of their potential group's members; a share
of elite members close a deal within 72 hours. Elite groups without a deal are dissolved after 3 days,
potential groups that promoted nobody after 14 days (DESIGN.md, "WeChat tiers").

Everything is vectorized with numpy (one ``numpy.random.default_rng(seed)``, no loop over rows) and
written in chunks (row groups of at most ``chunk_rows``), so memory stays about 1.6 GB at 10 M;
ids and texts are built with Arrow compute. The same seed and sizes give byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.errors import ParameterError
from analysis.questionnaire import QUESTIONS, standard_questionnaire
from analysis.sample.city_arrays import _choice, _ids, _Out, _split, _starts, _take, _uniform_int, _within
from analysis.schemas import (
    EVENT_KINDS,
    SURVEY_CHANNELS,
    TABLES,
)

__all__ = ["make_city", "city_sizes", "MEMBERS_PER_BRANCH", "STAFF_LAYOUT"]

DAY, HOUR = 1440, 60  # minutes
#: group_members rows per branch: the number of branches is ``members / MEMBERS_PER_BRANCH`` (at least 1).
MEMBERS_PER_BRANCH = 50_000
#: Staff of every branch: (role, how many), in staff_id order.
STAFF_LAYOUT = (("branch_head", 1), ("ops_supervisor", 1), ("wealth_manager", 6), ("lobby_manager", 4),
                ("teller", 8), ("account_manager", 20))
_STAFF_PER_BRANCH = sum(n for _r, n in STAFF_LAYOUT)
_COMMUNITIES_PER_BRANCH = 20
_ENTRIES_PER_COMMUNITY = 3
#: A community has at least this many households per answer sheet expected from it (its population for the
#: post-stratified survey estimates must exceed its respondents: about one household in three answers at most).
_HOUSEHOLDS_PER_SHEET = 3
# rows per group membership
_RATIO = {"people": 0.2, "wechat_groups": 0.02, "leads": 0.1, "events": 0.002, "survey_responses": 0.163}
# tier shares of the groups and their sizes (inclusive ranges): 0.056·450 + 0.5·40 + 0.444·11 ≈ 50 members
_TIER_SHARE = (0.056, 0.5, 0.444)
_TIER_SIZE = ((400, 500), (20, 60), (9, 13))
# messages: active days per member-day, extra messages per active day
_MSG_RATE = (0.003, 0.02, 0.10)
_MSG_EXTRA = (0.5, 1.5, 2.5)
_MSG_KINDS = ("text", "question", "product_post", "game", "red_packet")
_KIND_BY_WEEKDAY = np.array([  # Mon..Sun: the content SOP (as in analysis.sample)
    [1.00, 0.60, 1.00, 0.60, 1.00, 0.45, 0.45],
    [0.50, 0.10, 0.50, 0.10, 0.50, 0.05, 0.05],
    [0.08, 0.00, 0.08, 0.00, 0.08, 0.00, 0.00],
    [0.00, 0.90, 0.00, 0.90, 0.50, 0.00, 0.00],
    [0.00, 0.00, 0.00, 0.00, 0.70, 0.00, 0.00],
])
_SEG_W = np.array([0.30, 0.22, 0.10, 0.12, 0.12, 0.05, 0.09])  # schemas.SEGMENTS order
_AGE_GIVEN_SEG = np.array([  # AGE_BANDS order
    [0.25, 0.35, 0.28, 0.12, 0.00], [0.00, 0.00, 0.00, 0.15, 0.85], [0.05, 0.30, 0.40, 0.20, 0.05],
    [0.20, 0.40, 0.30, 0.10, 0.00], [0.05, 0.35, 0.35, 0.20, 0.05], [1.00, 0.00, 0.00, 0.00, 0.00],
    [0.25, 0.20, 0.20, 0.20, 0.15],
])
_BRANCH_NAMES = ("城东", "城西", "城南", "城北", "高新区", "滨江", "开发区", "新城", "老城", "大学城")
_CITIES = ("杭州", "宁波", "绍兴", "嘉兴")
_COMMUNITY_NAMES = ("锦绣花园", "阳光小区", "翠苑新村", "和平里", "金色家园", "滨江花园", "幸福里", "枫林苑",
                    "紫荆苑", "碧水湾", "丽景华庭", "康乐新村", "东方苑", "桂花园", "银杏苑", "春晖小区",
                    "湖滨公寓", "明月新村", "青枫雅苑", "星河湾")
# entry kind (schemas.ENTRY_KINDS order): name, daily flow, cost per visit, value score ranges
_ENTRY = (("生鲜超市", (300, 1500), (0.5, 2.0), (2.5, 3.5)), ("会所", (40, 200), (5.0, 20.0), (3.5, 4.8)),
          ("美容院", (30, 120), (3.0, 10.0), (3.5, 4.6)), ("洗衣店", (40, 150), (1.0, 4.0), (2.5, 3.5)),
          ("汽车美容店", (20, 100), (5.0, 15.0), (3.5, 4.6)), ("社区活动中心", (80, 400), (0.5, 3.0), (2.5, 4.0)),
          ("物业服务中心", (50, 200), (0.0, 2.0), (3.0, 4.2)), ("幼儿园", (150, 600), (1.0, 5.0), (3.0, 4.2)),
          ("大药房", (80, 300), (0.5, 2.0), (2.5, 3.5)), ("餐馆", (100, 500), (2.0, 6.0), (2.5, 3.5)),
          ("便利店", (100, 400), (0.5, 2.0), (2.0, 3.0)))
# themes per event kind (booth, salon, activity) with their partner (None: the bank alone)
_THEMES = (
    (("反诈宣传", None), ("社保卡激活", None), ("数字人民币体验", None), ("手机银行推广", None),
     ("存款利率咨询", None), ("理财知识普及", None), ("零钱兑换", None)),
    (("家庭关系", "PT01"), ("亲子关系", "PT02"), ("健康养生", "PT03"), ("插花艺术", "PT04"), ("茶艺品鉴", "PT05"),
     ("烘焙体验", "PT07"), ("养老规划", None), ("子女教育金规划", None), ("家庭资产配置", None)),
    (("广场舞比赛", "PT08"), ("亲子运动会", "PT06"), ("社区义诊", "PT03"), ("老年人防诈骗讲座", None),
     ("社区跳蚤市场", "PT08"), ("夏日露天观影", None)),
)
# attendance sources (ATTENDANCE_SOURCES order) by event kind; mean attendees; duration range (minutes)
_SOURCE_W = np.array([[0.10, 0.00, 0.10, 0.80], [0.20, 0.30, 0.40, 0.10], [0.15, 0.25, 0.30, 0.30]])
_ATTENDEES = (45, 38, 70)
_DURATION = ((120, 240), (90, 90), (90, 180))
_COST = ((200, 800), (2000, 8000), (3000, 15000))
_PRODUCTS = ("wealth", "deposit", "fund", "insurance", "consumer_loan", "mortgage")
_PRODUCT_W = np.array([0.35, 0.25, 0.15, 0.12, 0.08, 0.05])
_AMOUNT = ((200_000, 0.8), (150_000, 0.8), (50_000, 0.8), (30_000, 0.7), (80_000, 0.6), (900_000, 0.4))
_OTHER_BANKS = ("农商银行", "民生银行", "兴业银行", "浦发银行", "中信银行", "平安银行")
_OTHER_JOBS = ("自由职业", "外卖骑手", "网约车司机", "务农", "保洁")
_SUGGESTIONS = ("希望多举办亲子活动", "周末营业时间能否延长", "理财讲座可以讲得更通俗一些", "希望多做防诈骗宣传",
                "排队时间太长", "希望有老年人专属服务窗口", "网点附近停车不方便", "活动礼品很实用，希望继续")
# survey: probability of answering each question, and per-option probabilities of the multi-choice ones
_ANSWER_P = {"age_band": 0.99, "gender": 0.99, "family": 0.96, "segment": 0.99, "banks": 0.97,
             "is_customer": 0.99, "products": 0.95, "needs": 0.96, "topics": 0.97, "circles": 0.93, "time": 0.96,
             "wechat": 0.97, "suggestions": 0.18}
_SINGLE_W = {"family": [0.15, 0.20, 0.20, 0.25, 0.10, 0.10], "time": [0.25, 0.25, 0.25, 0.25],
             "wechat": [0.50, 0.20, 0.30]}
_MULTI_P = {  # option order of analysis.questionnaire; "our_bank" follows the customer flag
    "banks": [0.50, 0.45, 0.35, 0.30, 0.15, 0.25, 0.30, None, 0.08],
    "products": [0.75, 0.30, 0.20, 0.35, 0.45, 0.65, 0.10, 0.15, 0.0],
    "needs": [0.35, 0.15, 0.05, 0.40, 0.15, 0.20, 0.25, 0.0],
    "topics": [0.25, 0.35, 0.35, 0.30, 0.15, 0.25, 0.15],
    "circles": [0.18, 0.20, 0.12, 0.10, 0.15, 0.25, 0.10, 0.0],
}
_EMPTY_PICK = {"banks": "icbc", "products": "none", "needs": "none", "topics": "health", "circles": "none"}
_SATISFACTION_W = (np.array([0.02, 0.05, 0.18, 0.45, 0.30]), np.array([0.03, 0.07, 0.35, 0.35, 0.20]))


# ---------------------------------------------------------------------------
# Sizes
# ---------------------------------------------------------------------------


def city_sizes(members: int = 10_000_000) -> dict[str, int]:
    """The planned sizes of a city with ``members`` group memberships (before random rounding).

    Returns branches, staff, communities, people, wechat_groups, events, leads, survey_responses, and the
    expected group_members, attendance and survey_answers.
    """
    m = int(members)
    nb = max(1, int(round(m / MEMBERS_PER_BRANCH)))
    return {"branches": nb, "staff": nb * _STAFF_PER_BRANCH, "communities": nb * _COMMUNITIES_PER_BRANCH,
            "people": int(round(m * _RATIO["people"])), "wechat_groups": int(round(m * _RATIO["wechat_groups"])),
            "group_members": m, "events": max(nb, int(round(m * _RATIO["events"]))),
            "attendance": int(round(m * 0.1)), "leads": int(round(m * _RATIO["leads"])),
            "survey_responses": int(round(m * _RATIO["survey_responses"])),
            "survey_answers": int(round(m * 2.9))}


def _amounts(rng, product: np.ndarray) -> np.ndarray:
    med = np.array([a for a, _s in _AMOUNT])[product]
    sd = np.array([s for _a, s in _AMOUNT])[product]
    return np.round(med * np.exp(rng.standard_normal(len(product)) * sd), -2).clip(1000, 5_000_000)


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


def make_city(out_dir, seed: int = 0, members: int = 10_000_000, start="2026-05-01", end="2026-10-31",
              chunk_rows: int = 1_000_000) -> dict[str, int]:
    """Write a seeded city-scale data set as one Parquet file per contract table.

    Parameters
    ----------
    out_dir : str or path-like
        Folder to write ``<table>.parquet`` into (created if needed; existing tables are replaced).
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed and sizes give byte-identical files.
    members : int, default 10,000,000
        Rows of ``group_members``; every other size is proportional (see :func:`city_sizes` and the
        module docstring), at least one branch. At least 2,000.
    start, end : str or Timestamp
        The period (naive local time, whole minutes); every timestamp lies in ``[start, end 23:59]``.
        At least 8 weeks.
    chunk_rows : int
        Largest row group written at once (memory stays proportional to it for the big tables).

    Returns
    -------
    dict of str → int
        Rows written per table, in contract order. A hidden ``.city.json`` in the folder records the
        parameters and the rows.

    Examples
    --------
    >>> rows = make_city("/tmp/city-100k", members=100_000)      # doctest: +SKIP
    >>> rows["group_members"], rows["people"]                    # doctest: +SKIP
    (100..., 20000)
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ParameterError(f"make_city: seed must be an integer, not {seed!r}")
    if isinstance(members, bool) or not isinstance(members, (int, np.integer)) or members < 2_000:
        raise ParameterError(f"make_city: members must be an integer of at least 2,000, not {members!r}")
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, (int, np.integer)) or chunk_rows < 1_000:
        raise ParameterError(f"make_city: chunk_rows must be an integer of at least 1,000, not {chunk_rows!r}")
    try:
        t0, t_end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"make_city: start and end must be dates such as '2026-05-01': {exc}") from None
    if t0.tz is not None or t_end.tz is not None:
        raise ParameterError("make_city: start and end are naive local times; drop the time zone")
    days = int((t_end - t0) / pd.Timedelta(days=1)) + 1
    if days < 56:
        raise ParameterError(f"make_city: the period {t0:%Y-%m-%d} – {t_end:%Y-%m-%d} is shorter than 8 weeks")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    out = _Out(folder, t0)
    _City(int(seed), out, int(members), days, t0.weekday(), int(chunk_rows)).build()
    rows = out.close()
    rows = {name: rows.get(name, 0) for name in TABLES}
    meta = {"generator": "analysis.sample.city.make_city", "version": 1, "seed": int(seed), "members": int(members),
            "start": f"{t0:%Y-%m-%d}", "end": f"{t_end:%Y-%m-%d}", "chunk_rows": int(chunk_rows), "rows": rows}
    (folder / ".city.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return rows


def _has(table: str, column: str | None = None) -> bool:
    """The contract in use has this table (and column): newer optional parts are generated when present."""
    return table in TABLES and (column is None or column in TABLES[table].column_names)


class _City:
    def __init__(self, seed: int, out: _Out, members: int, days: int, wd0: int, chunk: int):
        self.rng = np.random.default_rng(seed)
        # the optional columns and tables draw from their own stream, so that the core tables stay the same
        # whether or not the contract in use has them
        self.rx = np.random.default_rng([seed, 1])
        self.out, self.m, self.days, self.wd0, self.chunk = out, members, days, wd0, chunk
        self.T = days * DAY - 1  # last minute of the period
        self.size = city_sizes(members)
        self.nb = self.size["branches"]

    # -- the small tables --------------------------------------------------------------------------------

    def build(self) -> None:
        self.branches_staff_communities()
        self.people()
        self.events_and_attendance()
        self.groups_and_members()
        self.leads_and_deals()
        self.surveys()

    def branches_staff_communities(self) -> None:
        rng, nb = self.rng, self.nb
        self.branch_ids = _ids("B", nb, max(3, len(str(nb))))
        names = pc.binary_join_element_wise(_take(pa.array(_BRANCH_NAMES), np.arange(nb) % len(_BRANCH_NAMES)),
                                            pc.cast(pa.array(np.arange(nb) // len(_BRANCH_NAMES) + 1), pa.string()),
                                            "")
        names = pc.binary_join_element_wise(names, "支行", "")
        self.out.write("branches", {"branch_id": self.branch_ids, "name": names,
                                    "city": _take(pa.array(_CITIES), np.zeros(nb, dtype=np.int64))})
        # staff: STAFF_LAYOUT per branch
        roles = np.concatenate([[i] * n for i, (_r, n) in enumerate(STAFF_LAYOUT)])
        role_names = [r for r, _n in STAFF_LAYOUT]
        role_codes = np.array([TABLES["staff"].column("role").allowed.index(r) for r in role_names])
        ns = nb * _STAFF_PER_BRANCH
        self.staff_ids = _ids("S", ns, max(5, len(str(ns))))
        self.staff_role = np.tile(roles, nb)
        self.out.write("staff", {"staff_id": self.staff_ids,
                                 "branch_id": _take(self.branch_ids, np.arange(ns) // _STAFF_PER_BRANCH),
                                 "role": role_codes[self.staff_role]})
        # positions of the staff who own groups (wealth and account managers) and follow up leads (not head/ops)
        self.owner_pos = np.flatnonzero(np.isin(roles, [2, 5]))
        self.follow_pos = np.flatnonzero(roles >= 2)
        # communities
        nc = nb * _COMMUNITIES_PER_BRANCH
        self.nc = nc
        self.comm_ids = _ids("C", nc, max(5, len(str(nc))))
        k = np.arange(nc)
        cname = pc.binary_join_element_wise(_take(pa.array(_COMMUNITY_NAMES), k % len(_COMMUNITY_NAMES)),
                                            pc.cast(pa.array(k // len(_COMMUNITY_NAMES) + 1), pa.string()), "")
        cname = pc.binary_join_element_wise(cname, "期", "")
        sheets = self.size["survey_responses"] / nc  # answer sheets expected per community
        self.households = _uniform_int(rng, max(300, int(np.ceil(_HOUSEHOLDS_PER_SHEET * sheets))), 3000, nc)
        self.out.write("communities", {
            "community_id": self.comm_ids, "branch_id": _take(self.branch_ids, k // _COMMUNITIES_PER_BRANCH),
            "name": cname, "households": self.households,
            "occupancy_rate": np.round(rng.uniform(0.6, 0.98, nc), 3),
            "built_year": _uniform_int(rng, 1985, 2022, nc), "distance_km": np.round(rng.uniform(0.2, 5.0, nc), 2)})
        # entry points
        ne = nc * _ENTRIES_PER_COMMUNITY
        kind = rng.integers(0, len(_ENTRY), ne)
        lo = lambda j: np.array([e[j][0] for e in _ENTRY])[kind]  # noqa: E731
        hi = lambda j: np.array([e[j][1] for e in _ENTRY])[kind]  # noqa: E731
        u = rng.random((3, ne))
        self.out.write("entry_points", {
            "entry_id": _ids("EP", ne, max(6, len(str(ne)))),
            "community_id": _take(self.comm_ids, np.arange(ne) // _ENTRIES_PER_COMMUNITY),
            "kind": kind, "name": _take(pa.array([e[0] for e in _ENTRY]), kind),
            "daily_flow": np.floor(lo(1) + u[0] * (hi(1) - lo(1))).astype(np.int64),
            "cost_per_visit": np.round(lo(2) + u[1] * (hi(2) - lo(2)), 2),
            "value_score": np.round(lo(3) + u[2] * (hi(3) - lo(3)), 1)})
        joined = _uniform_int(rng, 5_000, 25_000, nb)
        claimed = np.floor(joined * rng.uniform(0.1, 0.3, nb)).astype(np.int64)
        started = rng.integers(0, max(1, self.days - 14), nb) * DAY + 9 * HOUR
        self.out.write("hook_campaigns", {
            "campaign_id": _ids("H", nb, max(3, len(str(nb)))), "branch_id": self.branch_ids,
            "started_at": started.astype(float), "ended_at": (started + 14 * DAY).astype(float),
            "joined": joined, "claimed": claimed, "reward_per_claim": np.full(nb, 5.0),
            "spend": np.round(claimed * 5.0 * rng.uniform(0.8, 1.0, nb), 2)})
        q = standard_questionnaire()
        kinds = TABLES["survey_questions"].column("kind").allowed
        self.out.write("survey_questions", {
            **{c: pa.array(q[c]) for c in ("question_id", "text", "options", "option_labels")},
            "kind": pc.index_in(pa.array(q["kind"].astype(str)), value_set=pa.array(kinds)).to_numpy()})

    def people(self) -> None:
        rng, nb = self.rng, self.nb
        n = self.size["people"]
        self.np_ = n
        self.p_branch = np.repeat(np.arange(nb), _split(n, nb))
        self.p_count = np.bincount(self.p_branch, minlength=nb)
        self.p_start = _starts(self.p_count)
        # a random order of each branch's people: blocks of it give distinct people
        self.perm = np.argsort(self.p_branch + rng.random(n), kind="stable")
        comm = self.p_branch * _COMMUNITIES_PER_BRANCH + rng.integers(0, _COMMUNITIES_PER_BRANCH, n)
        self.p_comm = np.where(rng.random(n) < 0.02, -1, comm)
        self.p_cust = rng.random(n) < 0.3
        self.p_female = rng.random(n) < 0.55
        w_m = _SEG_W * np.array([1, 1, 1, 1, 0.08, 1, 1])
        seg = np.where(self.p_female, _choice(rng, _SEG_W, n), _choice(rng, w_m, n))
        self.p_seg = seg
        self.p_age = _choice(rng, _AGE_GIVEN_SEG[seg], n)
        self.person_ids = _ids("P", n, max(7, len(str(n))))
        self.out.write("people", {"person_id": self.person_ids, "community_id": _take(self.comm_ids, self.p_comm),
                                  "is_bank_customer": self.p_cust, "segment": seg, "age_band": self.p_age,
                                  "gender": np.where(self.p_female, 0, 1)})

    def _block_people(self, branch: np.ndarray, sizes: np.ndarray, offset: np.ndarray) -> np.ndarray:
        """People of blocks of sizes[i] consecutive places (from offset[i]) in branch[i]'s random order."""
        k = _within(sizes)
        b = np.repeat(branch, sizes)
        pos = (np.repeat(offset, sizes) + k) % self.p_count[b]
        return self.perm[self.p_start[b] + pos]

    # -- events ------------------------------------------------------------------------------------------

    def events_and_attendance(self) -> None:
        rng, nb, T = self.rng, self.nb, self.T
        n = self.size["events"]
        branch = np.repeat(np.arange(nb), _split(n, nb))
        kind = _choice(rng, [0.5, 0.25, 0.25], n)
        theme_n = np.array([len(t) for t in _THEMES])
        theme_off = _starts(theme_n)
        theme = theme_off[kind] + np.floor(rng.random(n) * theme_n[kind]).astype(np.int64)
        flat = [t for ts in _THEMES for t in ts]
        partners = sorted({p for _t, p in flat if p})
        partner = np.array([partners.index(p) if p else -1 for _t, p in flat])[theme]
        day = rng.integers(0, self.days, n)
        dur_lo, dur_hi = (np.array([d[j] for d in _DURATION])[kind] for j in (0, 1))
        duration = _uniform_int(rng, dur_lo // 15, dur_hi // 15) * 15
        hour = np.where(kind == 0, _uniform_int(rng, 9, 14, n),
                        np.where(kind == 1, np.where(rng.random(n) < 0.7, 14, 19), _uniform_int(rng, 9, 16, n)))
        starts = day * DAY + hour * HOUR
        order = np.lexsort((starts, branch))  # events numbered by branch and start time
        branch, kind, theme, partner, starts, duration = (a[order] for a in (branch, kind, theme, partner, starts,
                                                                             duration))
        ends = np.minimum(starts + duration, T)
        comm = branch * _COMMUNITIES_PER_BRANCH + rng.integers(0, _COMMUNITIES_PER_BRANCH, n)
        comm = np.where(rng.random(n) < 0.1, -1, comm)
        c_lo, c_hi = (np.array([c[j] for c in _COST])[kind] for j in (0, 1))
        planned = np.where(kind == 1, 30.0, np.where(kind == 2, 60.0, np.where(rng.random(n) < 0.5, np.nan, 0.0)))
        self.event_ids = _ids("EV", n, max(6, len(str(n))))
        self.ev_branch, self.ev_kind, self.ev_start, self.ev_end = branch, kind, starts, ends
        self.ev_count = np.bincount(branch, minlength=nb)
        self.ev_first = _starts(self.ev_count)
        self.out.write("events", {
            "event_id": self.event_ids, "branch_id": _take(self.branch_ids, branch),
            "community_id": _take(self.comm_ids, comm), "kind": kind,
            "theme": _take(pa.array([t for t, _p in flat]), theme),
            "partner_id": _take(pa.array(partners), partner), "starts_at": starts.astype(float),
            "ends_at": ends.astype(float), "cost": np.round(rng.uniform(c_lo, c_hi), -1), "planned_invites": planned})
        # targets: attendees (a realistic step) and the stranger-ratio standard
        mean = np.array(_ATTENDEES, dtype=float)[kind]
        metric = TABLES["event_targets"].column("metric").allowed
        self.out.write("event_targets", {
            "event_id": _take(self.event_ids, np.repeat(np.arange(n), 2)),
            "metric": np.tile([metric.index("attendees"), metric.index("stranger_ratio")], n),
            "target": np.column_stack([np.round(mean * rng.uniform(1.0, 1.3, n)), np.full(n, 0.7)]).ravel()})
        # attendance: distinct people of the branch per event
        size = np.maximum(5, rng.poisson(mean)).astype(np.int64)
        size = np.minimum(size, self.p_count[branch])
        scale = self.size["attendance"] / size.sum()  # hit the planned total
        size = np.minimum(np.maximum(5, np.round(size * scale)).astype(np.int64), self.p_count[branch])
        ev = np.repeat(np.arange(n), size)
        k = _within(size)
        person = self._block_people(branch, size, rng.integers(0, self.p_count[branch]))
        arrived = starts[ev] - 15 + np.floor(rng.random(len(ev)) * (duration[ev] + 15))
        arrived = np.clip(arrived, 0, T)
        src = _choice(rng, _SOURCE_W[kind[ev]], len(ev))
        src = np.where((src == 1) & (partner[ev] < 0), 0, src)  # no partner: staff invited them
        src = np.where((src == 2) & (k == 0), 3, src)  # the first to arrive was not brought along
        brought = np.where(src == 2, np.roll(person, 1), -1)  # brought along by the previous arrival
        att = {"event_id": _take(self.event_ids, ev), "person_id": _take(self.person_ids, person),
               "arrived_at": arrived.astype(float), "source": src, "brought_by": _take(self.person_ids, brought),
               "is_bank_customer": self.p_cust[person], "gender": np.where(self.p_female[person], 0, 1)}
        rx, na = self.rx, len(ev)
        if _has("attendance", "gift"):
            att["gift"] = rx.random(na) < np.where(kind[ev] == 0, 0.3, 0.6)
        if _has("attendance", "with_children"):
            att["with_children"] = rx.random(na) < 0.2
        if _has("attendance", "left_at"):
            left = np.minimum(arrived + np.floor(rx.uniform(30, 120, na)), T)
            att["left_at"] = np.where(rx.random(na) < 0.5, left, np.nan)
        self.out.write("attendance", att)
        self._event_extras(n, branch, kind, starts, ends, ev, person, arrived)
        # invitations: one per invited attendee (staff, partner or the guest who brought them) and no-shows
        inv = np.flatnonzero(src <= 2)
        extra = inv[(src[inv] <= 1) & (rng.random(len(inv)) < 0.3)]
        rows = np.concatenate([inv, extra])
        ev_r = ev[rows]
        ikind = np.where(src[rows] == 0, 0, np.where(src[rows] == 1, 1, 2))
        b_r = branch[ev_r]
        staff = b_r * _STAFF_PER_BRANCH + self.follow_pos[rng.integers(0, len(self.follow_pos), len(rows))]
        inviter = pa.chunked_array([
            pc.if_else(pa.array(ikind == 0), _take(self.staff_ids, staff),
                       pc.if_else(pa.array(ikind == 1), _take(pa.array(partners), np.maximum(partner[ev_r], 0)),
                                  _take(self.person_ids, np.where(ikind == 2, brought[rows], 0))))])
        noshow_person = self.perm[self.p_start[b_r] + rng.integers(0, self.p_count[b_r])]
        invitee = np.where(np.arange(len(rows)) < len(inv), person[rows], noshow_person)
        invited = np.maximum(0, starts[ev_r] - np.floor(rng.uniform(1, 7, len(rows)) * DAY))
        self.out.write("invitations", {
            "event_id": _take(self.event_ids, ev_r), "inviter_kind": ikind, "inviter_id": inviter,
            "person_id": _take(self.person_ids, invitee), "invited_at": invited.astype(float)})

    def _event_extras(self, n, branch, kind, starts, ends, ev, person, arrived) -> None:
        """event_staff and visitor_records, when the contract in use has them."""
        rx, T = self.rx, self.T

        def staff_of(b):
            return b * _STAFF_PER_BRANCH + self.follow_pos[rx.integers(0, len(self.follow_pos), len(b))]

        if _has("event_staff"):
            roles = TABLES["event_staff"].column("role").allowed
            slots = np.array([roles.index(r) for r in ("greeter", "receiver", "receiver", "atmosphere", "host",
                                                      "captain")])
            take = np.column_stack([np.ones(n, bool), np.ones(n, bool), rx.random(n) < 0.6, kind != 0, kind == 1,
                                    (kind == 2) & (rx.random(n) < 0.5)])
            e_idx, slot = np.nonzero(take)
            role = slots[slot]
            captain = role == roles.index("captain")
            b = branch[e_idx]
            resident = self.perm[self.p_start[b] + rx.integers(0, self.p_count[b])]
            self.out.write("event_staff", {
                "event_id": _take(self.event_ids, e_idx),
                "staff_id": _take(self.staff_ids, np.where(captain, -1, staff_of(b))),
                "person_id": _take(self.person_ids, np.where(captain, resident, -1)), "role": role,
                "from_at": np.maximum(0, starts[e_idx] - 30).astype(float), "to_at": ends[e_idx].astype(float)})
        if _has("visitor_records"):
            rows = np.flatnonzero(rx.random(len(ev)) < 0.3)
            nr = len(rows)
            needs = pa.array([c for c, _l in QUESTIONS[[k for k, *_ in QUESTIONS].index("needs")][3]][:-1])
            prods = pa.array(list(_PRODUCTS))

            def joined(values, m):
                first = rx.integers(0, len(values), m)
                second = (first + 1 + rx.integers(0, len(values) - 1, m)) % len(values)  # another one
                one = _take(values, first)
                two = pc.binary_join_element_wise(one, _take(values, second), "|")
                return pc.if_else(pa.array(rx.random(m) < 0.4), two, one)

            cols = {"record_id": _ids("VR", nr, max(7, len(str(nr)))), "event_id": _take(self.event_ids, ev[rows]),
                    "person_id": _take(self.person_ids, np.where(rx.random(nr) < 0.9, person[rows], -1)),
                    "staff_id": _take(self.staff_ids, np.where(rx.random(nr) < 0.9, staff_of(branch[ev[rows]]), -1)),
                    "recorded_at": np.minimum(arrived[rows] + np.floor(rx.uniform(0, 30, nr)), T)}
            if _has("visitor_records", "needs"):
                cols["needs"] = joined(needs, nr)
            if _has("visitor_records", "products"):
                cols["products"] = joined(prods, nr)
            self.out.write("visitor_records", {k: v for k, v in cols.items() if _has("visitor_records", k)})

    # -- groups, memberships, messages ---------------------------------------------------------------------

    def groups_and_members(self) -> None:
        rng, nb, T = self.rng, self.nb, self.T
        ng = self.size["wechat_groups"]
        g_per_b = _split(ng, nb)
        nm = np.maximum(1, np.round(g_per_b * _TIER_SHARE[0])).astype(np.int64)
        ne = np.round(g_per_b * _TIER_SHARE[2]).astype(np.int64)
        npot = np.maximum(1, g_per_b - nm - ne)
        counts = np.column_stack([nm, npot, ne])  # per branch: mass, potential, elite
        ng = int(counts.sum())
        tier = np.repeat(np.tile([0, 1, 2], nb), counts.ravel())
        branch = np.repeat(np.repeat(np.arange(nb), 3), counts.ravel())
        first = _starts(counts.ravel()).reshape(nb, 3)  # first group of each (branch, tier)
        lo = np.array([s[0] for s in _TIER_SIZE])[tier]
        hi = np.array([s[1] for s in _TIER_SIZE])[tier]
        size = np.minimum(_uniform_int(rng, lo, hi), self.p_count[branch])
        created = np.full(ng, np.nan)
        parent = np.full(ng, -1, dtype=np.int64)
        is_m, is_p, is_e = tier == 0, tier == 1, tier == 2
        created[is_m] = (rng.integers(0, max(1, min(60, self.days // 3)), is_m.sum()) * DAY
                         + _uniform_int(rng, 9 * HOUR, 21 * HOUR, is_m.sum()))
        created[is_p] = np.floor(rng.uniform(3 * DAY, T - 5 * DAY, is_p.sum()))
        eb = branch[is_e]
        parent[is_e] = first[eb, 1] + np.floor(rng.random(is_e.sum()) * npot[eb]).astype(np.int64)
        created[is_e] = np.minimum(created[parent[is_e]] + np.floor(rng.uniform(DAY, 12 * DAY, is_e.sum())), T - HOUR)
        size[is_e] = np.minimum(size[is_e], size[parent[is_e]])
        # dissolution: mass rarely; potential without a promotion after 14 days; elite after deals (below)
        dissolved = np.full(ng, np.nan)
        late = is_m & (rng.random(ng) < 0.05)
        dissolved[late] = created[late] + np.floor(rng.uniform(90 * DAY, 150 * DAY, late.sum()))
        promoted = np.zeros(ng, dtype=bool)
        promoted[parent[is_e]] = True
        stale = is_p & ~promoted
        dissolved[stale] = created[stale] + 14 * DAY + np.floor(rng.uniform(0, 2 * DAY, stale.sum()))
        later = is_p & promoted & (rng.random(ng) < 0.6)
        dissolved[later] = created[later] + np.floor(rng.uniform(20 * DAY, 45 * DAY, later.sum()))
        dissolved[dissolved > T] = np.nan
        owner = branch * _STAFF_PER_BRANCH + self.owner_pos[rng.integers(0, len(self.owner_pos), ng)]
        owner = np.where(is_m & (rng.random(ng) < 0.3), -1, owner)  # a third of the mass groups: not the bank's
        self.group_ids = _ids("G", ng, max(7, len(str(ng))))
        self.g_branch, self.g_tier, self.g_owner, self.g_first = branch, tier, owner, first
        self.g_npot, self.g_ne, self.g_created = npot, ne, created

        def limit(g):  # the last minute a membership of group g can start or end
            d = dissolved[g]
            return np.where(np.isnan(d), T, d)

        # mass memberships: the branch's mass groups tile its people's random order
        gm = np.flatnonzero(is_m)
        excl = np.cumsum(size[gm]) - size[gm]
        offset = excl - excl[np.searchsorted(gm, first[branch[gm], 0])]
        m_group = np.repeat(gm, size[gm])
        m_person = self._block_people(branch[gm], size[gm], offset)
        room = limit(m_group) - created[m_group]
        off = np.floor(rng.exponential(20 * DAY, len(m_group)))
        off = np.where(off >= room, np.floor(rng.random(len(m_group)) * room), off)
        m_join = created[m_group] + off
        # each person's first mass join (and that group): where the funnel starts
        order = np.lexsort((m_join, m_person))
        uniq, idx = np.unique(m_person[order], return_index=True)
        first_mass = np.full(self.np_, np.inf)
        first_mass_group = np.full(self.np_, -1, dtype=np.int64)
        first_mass[uniq] = m_join[order][idx]
        first_mass_group[uniq] = m_group[order][idx]
        # potential memberships: a random block of the branch's people, after their first mass join
        gp = np.flatnonzero(is_p)
        p_group = np.repeat(gp, size[gp])
        p_person = self._block_people(branch[gp], size[gp], rng.integers(0, self.p_count[branch[gp]]))
        base = np.maximum(created[p_group], first_mass[p_person])
        p_join = base + np.floor(rng.exponential(1.5 * DAY, len(p_group)))
        cap = np.minimum(created[p_group] + 10 * DAY, T)
        p_join = np.where(p_join > cap, created[p_group] + np.floor(rng.random(len(p_group))
                                                                    * (cap - created[p_group])), p_join)
        p_from = np.where(first_mass[p_person] <= p_join, first_mass_group[p_person], -1)
        p_row0 = _starts(size[gp])  # first potential-membership row of each potential group
        row_of = np.full(ng, -1, dtype=np.int64)
        row_of[gp] = p_row0
        # elite memberships: a block of the parent potential group's members
        ge = np.flatnonzero(is_e)
        par = parent[ge]
        o = np.floor(rng.random(len(ge)) * (size[par] - size[ge] + 1)).astype(np.int64)
        e_group = np.repeat(ge, size[ge])
        prow = np.repeat(row_of[par] + o, size[ge]) + _within(size[ge])
        e_person = p_person[prow]
        e_join = np.maximum(created[e_group], p_join[prow]) + np.floor(rng.exponential(6 * HOUR, len(e_group)))
        soon = created[e_group] + 48 * HOUR
        e_join = np.where(e_join > soon, created[e_group] + np.floor(rng.random(len(e_group)) * 48 * HOUR), e_join)
        e_join = np.minimum(e_join, T)
        e_from = parent[e_group]
        # deals within 72 hours of joining an elite group; elite groups without one are dissolved after 3 days
        deal = (rng.random(len(e_group)) < 0.12)
        e_close = e_join + np.floor(rng.uniform(HOUR, 70 * HOUR, len(e_group)))
        deal &= e_close <= T
        has_deal = np.bincount(e_group, weights=deal, minlength=ng) > 0
        none_ = is_e & ~has_deal
        dissolved[none_] = created[none_] + 72 * HOUR + np.floor(rng.uniform(0, DAY, none_.sum()))
        done = is_e & has_deal & (rng.random(ng) < 0.7)
        dissolved[done] = created[done] + np.floor(rng.uniform(5 * DAY, 20 * DAY, done.sum()))
        dissolved[is_e & (dissolved > T)] = np.nan
        self.deal_rows = {"group": e_group[deal], "person": e_person[deal], "closed": e_close[deal]}
        self.out.write("wechat_groups", {
            "group_id": self.group_ids, "branch_id": _take(self.branch_ids, branch), "tier": tier,
            "owner_staff_id": _take(self.staff_ids, owner), "created_at": created, "dissolved_at": dissolved})
        # all memberships, in group order (mass, potential, elite per branch)
        group = np.concatenate([m_group, p_group, e_group])
        order = np.argsort(group, kind="stable")
        group = group[order]
        person = np.concatenate([m_person, p_person, e_person])[order]
        join = np.concatenate([m_join, p_join, e_join])[order]
        from_g = np.concatenate([np.full(len(m_group), -1), p_from, e_from])[order]
        del m_group, m_person, m_join, p_group, p_person, p_join, p_from, e_group, e_person, e_join, e_from
        t = tier[group]
        lim = limit(group)
        leave_p = np.array([0.12, 0.08, 0.05])[t]
        stay = np.array([30 * DAY, 5 * DAY, DAY], dtype=float)[t]
        left = join + np.floor(rng.exponential(1.0, len(group)) * stay)
        left = np.where((rng.random(len(group)) < leave_p) & (left < lim), left, np.nan)
        self._members_and_messages(group, person, join, left, from_g, lim)

    def _members_and_messages(self, group, person, join, left, from_g, lim) -> None:
        rng, n = self.rng, len(group)
        kind_w = (_KIND_BY_WEEKDAY / _KIND_BY_WEEKDAY.sum(axis=0)).T  # weekday → kind probabilities
        for lo in range(0, n, self.chunk):
            s = slice(lo, min(n, lo + self.chunk))
            g, p = group[s], person[s]
            cols = {"group_id": _take(self.group_ids, g), "person_id": _take(self.person_ids, p),
                    "joined_at": join[s], "left_at": left[s], "from_group_id": _take(self.group_ids, from_g[s])}
            if _has("group_members", "join_channel"):  # how they came in, unless pulled in from another group
                ch = _choice(self.rx, [0.30, 0.15, 0.15, 0.10, 0.15, 0.10, 0.05], len(g))
                cols["join_channel"] = np.where(from_g[s] < 0, ch, -1)
            self.out.write("group_members", cols)
            # daily counts per member, day and kind over the membership
            t = self.g_tier[g]
            end = np.fmin(left[s], lim[s])
            d0 = np.floor(join[s] / DAY).astype(np.int64)
            nd = np.floor(end / DAY).astype(np.int64) - d0 + 1
            k = np.minimum(rng.poisson(np.array(_MSG_RATE)[t] * nd), nd)
            rows = np.repeat(np.arange(len(g)), k)
            day = d0[rows] + np.floor(rng.random(len(rows)) * nd[rows]).astype(np.int64)
            kind = _choice(rng, kind_w[(self.wd0 + day) % 7], len(rows))
            count = 1 + rng.poisson(np.array(_MSG_EXTRA)[t[rows]])
            self.out.write("group_messages", {
                "group_id": _take(self.group_ids, g[rows]), "person_id": _take(self.person_ids, p[rows]),
                "sent_at": (day * DAY).astype(float), "kind": kind, "messages": count})

    # -- leads and deals -----------------------------------------------------------------------------------

    def leads_and_deals(self) -> None:
        rng, T = self.rng, self.T
        n = self.size["leads"]
        person = rng.integers(0, self.np_, n)
        b = self.p_branch[person]
        u = rng.random(n)
        from_event = u < 0.45
        from_group = (u >= 0.45) & (u < 0.75)
        ev = self.ev_first[b] + np.floor(rng.random(n) * self.ev_count[b]).astype(np.int64)
        grp = self.g_first[b, 1] + np.floor(rng.random(n) * (self.g_npot[b] + self.g_ne[b])).astype(np.int64)
        g_created = self.g_created[grp]
        captured = np.where(from_event, self.ev_end[ev] + np.floor(rng.uniform(0, 2 * HOUR, n)),
                            np.where(from_group, g_created + np.floor(rng.uniform(0, 10 * DAY, n)),
                                     np.floor(rng.uniform(0, T, n))))
        captured = np.minimum(captured, T)
        staff = b * _STAFF_PER_BRANCH + self.follow_pos[rng.integers(0, len(self.follow_pos), n)]
        staff = np.where(rng.random(n) < 0.04, -1, staff)
        band = _choice(rng, [0.70, 0.15, 0.07, 0.08], n)  # ≤ 24 h, 24–72 h, later, never
        hours = np.select([band == 0, band == 1, band == 2],
                          [rng.uniform(0.2, 24, n), rng.uniform(24, 72, n), rng.uniform(72, 240, n)], np.nan)
        first = captured + np.floor(hours * HOUR)
        first = np.where(first > T, np.nan, first)
        band = np.where(np.isnan(first), 3, band)
        u = rng.random(n)
        won_p = np.array([0.30, 0.20, 0.10, 0.0])[band]
        lost_p = np.array([0.40, 0.45, 0.50, 0.60])[band]
        outcome = np.where(u < won_p, 0, np.where(u < won_p + lost_p, 1, 2))  # OUTCOMES order: won, lost, open
        closed = (np.fmax(first, captured) + np.where(band == 3, 72 * HOUR, 0)
                  + np.floor(rng.uniform(HOUR, 96 * HOUR, n)))
        late = (outcome < 2) & (closed > T)
        outcome = np.where(late, 2, outcome)
        closed = np.where(outcome < 2, closed, np.nan)
        product = _choice(rng, _PRODUCT_W, n)
        product = np.where((outcome == 0) | (rng.random(n) < 0.6), product, -1)
        amount = np.where(outcome == 0, _amounts(rng, np.maximum(product, 0)), np.nan)
        self.out.write("leads", {
            "lead_id": _ids("L", n, max(7, len(str(n)))), "person_id": _take(self.person_ids, person),
            "event_id": _take(self.event_ids, np.where(from_event, ev, -1)),
            "group_id": _take(self.group_ids, np.where(from_group, grp, -1)),
            "assigned_to": _take(self.staff_ids, staff), "captured_at": captured, "first_contact_at": first,
            "closed_at": closed, "outcome": outcome, "product": _take(pa.array(_PRODUCTS), product),
            "amount": amount})
        # deals: the elite-group deals and the won leads
        won = np.flatnonzero(outcome == 0)
        dg = self.deal_rows
        nd_e = len(dg["group"])
        d_person = np.concatenate([dg["person"], person[won]])
        d_staff = np.concatenate([self.g_owner[dg["group"]],
                                  np.where(staff[won] >= 0, staff[won], b[won] * _STAFF_PER_BRANCH + 2)])
        d_product = np.concatenate([_choice(rng, _PRODUCT_W, nd_e), product[won]])
        d_amount = np.concatenate([_amounts(rng, d_product[:nd_e]), amount[won]])
        d_closed = np.concatenate([dg["closed"], closed[won]])
        d_event = np.concatenate([np.full(nd_e, -1), np.where(from_event[won], ev[won], -1)])
        d_group = np.concatenate([dg["group"], np.where(from_group[won], grp[won], -1)])
        order = np.argsort(d_closed, kind="stable")  # deal ids by closing time
        nd = len(order)
        self.out.write("deals", {
            "deal_id": _ids("D", nd, max(7, len(str(nd)))), "person_id": _take(self.person_ids, d_person[order]),
            "staff_id": _take(self.staff_ids, d_staff[order]),
            "product": _take(pa.array(_PRODUCTS), d_product[order]), "amount": d_amount[order],
            "closed_at": d_closed[order], "channel": (rng.random(nd) < 0.3).astype(np.int64),
            "event_id": _take(self.event_ids, d_event[order]), "group_id": _take(self.group_ids, d_group[order])})

    # -- surveys -------------------------------------------------------------------------------------------

    def surveys(self) -> None:
        rng, T = self.rng, self.T
        n = self.size["survey_responses"]
        known = rng.random(n) < 0.7
        person = np.where(known, rng.integers(0, self.np_, n), -1)
        comm = np.where(known, self.p_comm[np.maximum(person, 0)], -1)
        comm = np.where(comm < 0, rng.integers(0, self.nc, n), comm)
        b = comm // _COMMUNITIES_PER_BRANCH
        at_event = rng.random(n) < 0.4
        ev = self.ev_first[b] + np.floor(rng.random(n) * self.ev_count[b]).astype(np.int64)
        channel = np.where(at_event, self.ev_kind[ev],  # booth, salon, activity are the first SURVEY_CHANNELS
                           3 + _choice(rng, [0.5, 0.3, 0.15, 0.05], n))
        assert tuple(SURVEY_CHANNELS[:3]) == tuple(EVENT_KINDS)
        submitted = np.where(at_event, self.ev_start[ev] + np.floor(rng.random(n) * (self.ev_end[ev]
                                                                                        - self.ev_start[ev] + 1)),
                             np.floor(rng.uniform(0, T, n)))
        over = np.bincount(comm, minlength=self.nc) > self.households
        if over.any():  # never written: the survey estimates refuse more respondents than households
            raise RuntimeError(f"make_city: {int(over.sum())} communities would have more answer sheets than "
                               f"households; raise _HOUSEHOLDS_PER_SHEET")
        self.response_ids = _ids("R", n, max(7, len(str(n))))
        cols = {"response_id": self.response_ids, "person_id": _take(self.person_ids, person),
                "community_id": _take(self.comm_ids, comm),
                "event_id": _take(self.event_ids, np.where(at_event, ev, -1)),
                "submitted_at": np.minimum(submitted, T), "channel": channel,
                "duration_s": _uniform_int(rng, 60, 900, n)}
        if _has("survey_responses", "recorded_by"):  # staff who took the answers at an event
            staff = b * _STAFF_PER_BRANCH + self.follow_pos[self.rx.integers(0, len(self.follow_pos), n)]
            cols["recorded_by"] = _take(self.staff_ids, np.where(at_event & (self.rx.random(n) < 0.6), staff, -1))
        self.out.write("survey_responses", cols)
        # answers, in chunks of answer sheets
        q_ids = [f"q{i:02d}" for i in range(1, len(QUESTIONS) + 1)]
        codes = [[c for c, _l in opts] for _k, _kind, _t, opts in QUESTIONS]
        values = pa.array([c for cs in codes for c in cs] + list(_SUGGESTIONS))
        v_off = _starts(np.array([len(c) for c in codes]))
        sugg0 = sum(len(c) for c in codes)
        others = pa.array(list(_OTHER_BANKS) + list(_OTHER_JOBS))
        qid_arr = pa.array(q_ids)
        per_chunk = max(1000, self.chunk // 20)
        for lo in range(0, n, per_chunk):
            hi = min(n, lo + per_chunk)
            self._answers(np.arange(lo, hi), person[lo:hi], codes, v_off, sugg0, values, others, qid_arr)

    def _answers(self, resp, person, codes, v_off, sugg0, values, others, qid_arr) -> None:
        rng, m = self.rng, len(resp)
        known = person >= 0
        pp = np.maximum(person, 0)
        cust = np.where(known, self.p_cust[pp], rng.random(m) < 0.3)
        seg = np.where(known, self.p_seg[pp], _choice(rng, _SEG_W, m))
        age = np.where(known, self.p_age[pp], _choice(rng, _AGE_GIVEN_SEG[seg], m))
        female = np.where(known, self.p_female[pp], rng.random(m) < 0.55)
        parts_r, parts_q, parts_v, parts_o = [], [], [], []
        for qi, (key, kind, _text, _opts) in enumerate(QUESTIONS):
            if key == "satisfaction":
                ans = rng.random(m) < np.where(cust, 0.95, 0.3)
            else:
                ans = rng.random(m) < _ANSWER_P[key]
            other = None
            if kind in ("single", "scale", "open"):
                if key == "age_band":
                    v = age
                elif key == "gender":
                    v = np.where(female, 0, 1)
                elif key == "segment":
                    v = seg
                    other = np.where((seg == len(codes[qi]) - 1) & (rng.random(m) < 0.8),
                                     len(_OTHER_BANKS) + rng.integers(0, len(_OTHER_JOBS), m), -1)
                elif key == "is_customer":
                    v = np.where(cust, 0, 1)
                elif key == "satisfaction":
                    v = np.where(cust, _choice(rng, _SATISFACTION_W[0], m), _choice(rng, _SATISFACTION_W[1], m))
                elif key == "suggestions":
                    v = sugg0 - v_off[qi] + rng.integers(0, len(_SUGGESTIONS), m)
                else:
                    v = _choice(rng, _SINGLE_W[key], m)
                r = np.flatnonzero(ans)
                parts_r.append(resp[r])
                parts_q.append(np.full(len(r), qi))
                parts_v.append(v_off[qi] + v[r])
                parts_o.append(other[r] if other is not None else np.full(len(r), -1))
                continue
            probs = np.array([np.nan if p is None else p for p in _MULTI_P[key]])
            tick = rng.random((m, len(probs))) < np.where(np.isnan(probs), 0, probs)
            if key == "banks":
                tick[:, codes[qi].index("our_bank")] = cust
            empty = ~tick.any(axis=1)
            tick[empty, codes[qi].index(_EMPTY_PICK[key])] = True
            tick &= ans[:, None]
            r, o = np.nonzero(tick)
            parts_r.append(resp[r])
            parts_q.append(np.full(len(r), qi))
            parts_v.append(v_off[qi] + o)
            oth = np.full(len(r), -1)
            if key == "banks":
                is_other = o == codes[qi].index("other")
                oth[is_other] = rng.integers(0, len(_OTHER_BANKS), int(is_other.sum()))
            parts_o.append(oth)
        r, q, v, o = (np.concatenate(x) for x in (parts_r, parts_q, parts_v, parts_o))
        order = np.lexsort((v, q, r))  # by sheet, question, option
        self.out.write("survey_answers", {
            "response_id": _take(self.response_ids, r[order]), "question_id": _take(qid_arr, q[order]),
            "value": _take(values, v[order]), "other_text": _take(others, o[order])})
