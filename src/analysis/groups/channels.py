"""Join channels and the admission gate (进群渠道与入群门槛): how members came in, and who the groups reach.

Members come into a group through an event QR code, an outbound call, the official account's menu,
the mobile-banking page, a member's referral or a property owners' group
(``group_members.join_channel``), or are pulled in from another group (``from_group_id``); a group
may admit bank customers only (``wechat_groups.customers_only``).

- :func:`channel_summary` — joins, the share who posted within a week and the conversion within 30
  days, per tier and channel, with Wilson intervals;
- :func:`customer_mix` — the share of members who were not bank customers at first contact, per tier
  and admission gate (``people.is_bank_customer``), with Wilson intervals;
- :func:`channels_sentence`, :func:`mix_sentence` — the answers in words.

Tests: ``tests/groups/test_channels.py``; notebook section "进群渠道 Join channels".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.groups._tables import (TIER_ORDER, days_param, deals_table, groups_table, members_table,
                                     messages_table)
from analysis.groups._text import Sentence, join, say
from analysis.report.headline import NOISE_P
from analysis.report.labels import check_language, fmt, value_label
from analysis.schemas import JOIN_CHANNELS, TIERS
from analysis.stats import compare_proportions, proportion

__all__ = ["CHANNELS", "ACTIVE_DAYS", "channel_summary", "customer_mix", "channels_sentence", "mix_sentence"]

#: The channels in report order: the contract's, then members pulled from another group, then not recorded.
CHANNELS: tuple[str, ...] = (*JOIN_CHANNELS, "from_group", "not_recorded")
#: A new member is active when they post within this many days of joining (:data:`analysis.rules.JOIN_ACTIVE_DAYS`).
ACTIVE_DAYS = rules.JOIN_ACTIVE_DAYS


def _channels(group_members: pd.DataFrame, members: pd.DataFrame) -> pd.Series:
    """The channel of each membership: join_channel, else from_group (pulled in), else not_recorded."""
    if "join_channel" in group_members.columns:
        ch = group_members["join_channel"].astype("string").str.strip().reset_index(drop=True)
        ch = ch.mask(ch == "")
    else:
        ch = pd.Series(pd.NA, index=members.index, dtype="string")
    ch = ch.where(ch.notna(), np.where(members["from_group_id"].notna(), "from_group", "not_recorded"))
    return ch.astype("string")


def _gate_code(gate: pd.Series) -> np.ndarray:
    """customers_only as a sort code: 0 customers only, 1 admits anyone, 2 not recorded."""
    g = gate.astype("boolean")
    return np.where(g.isna().to_numpy(), 2, np.where(g.fillna(False).to_numpy(dtype=bool), 0, 1)).astype(int)


def _rates(out: pd.DataFrame, x: str, n: str, name: str, lo: str, hi: str, level: float) -> None:
    p = proportion(out[x].to_numpy(), out[n].to_numpy(), level=level) if len(out) else None
    for col, src in ((name, "rate"), (lo, "ci_low"), (hi, "ci_high")):
        out[col] = p[src].to_numpy() if p is not None else np.array([], dtype=float)


def channel_summary(data=None, /, *, wechat_groups=None, group_members=None, group_messages=None, deals=None,
                    as_of=None, active_days: float = ACTIVE_DAYS, deal_days: float = rules.ASKER_DEAL_DAYS,
                    level: float = rules.LEVEL) -> pd.DataFrame:
    """Joins, activity and conversion by join channel, per tier, with Wilson intervals.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given by keyword.
    wechat_groups, group_members : DataFrame
        Contract tables; ``group_members.join_channel`` is optional (all "not recorded" without it).
    group_messages, deals : DataFrame, optional
        For the activity and the conversion (both zero without them).
    as_of : str or Timestamp, optional
        The time "now"; default the latest timestamp in the tables.
    active_days : float, default 7
        A member is active when they post in the group within this many days of joining.
    deal_days : float, default 30
        A member converts with a deal within this many days of joining.
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per tier and channel with at least one join (tiers in funnel order, channels in
        :data:`CHANNELS` order: the contract's, ``from_group`` for members pulled in from another group
        without a channel, ``not_recorded``):

        - ``tier``, ``join_channel``; ``joins`` (int64): memberships started by ``as_of``; ``people`` (int64);
        - ``week_joins`` (int64): joins at least ``active_days`` before ``as_of``; ``posted`` (int64): of those,
          members who posted in the group from their join day until ``active_days`` after joining;
          ``posted_share``, ``posted_ci_low``, ``posted_ci_high`` (Wilson);
        - ``month_joins`` (int64): joins at least ``deal_days`` before ``as_of``; ``converted`` (int64): of those,
          members with a deal within ``deal_days`` of joining; ``conversion``, ``conversion_ci_low``,
          ``conversion_ci_high`` (Wilson).

    Notes
    -----
    Each membership spell is one join (a re-join is a second join). Only joins whose week (or 30 days)
    lies wholly before ``as_of`` are in the rates, so recent joins do not pull them down. A deal is
    counted whatever group or event it is credited to.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M"], "tier": ["mass"], "created_at": pd.to_datetime(["2026-09-01"])})
    >>> m = pd.DataFrame({"group_id": ["M"] * 3, "person_id": ["a", "b", "c"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01"] * 3),
    ...                   "join_channel": ["event_qr", "event_qr", "owners_group"]})
    >>> msg = pd.DataFrame({"group_id": ["M"], "person_id": ["a"], "sent_at": pd.to_datetime(["2026-09-03"])})
    >>> channel_summary(wechat_groups=g, group_members=m, group_messages=msg, as_of="2026-10-15")[
    ...     ["join_channel", "joins", "posted", "posted_share"]]
       join_channel  joins  posted  posted_share
    0      event_qr      2       1           0.5
    1  owners_group      1       0           0.0
    """
    func = "channel_summary"
    level = prep.check_level(level, func)
    active_days = days_param(active_days, "active_days", func)
    deal_days = days_param(deal_days, "deal_days", func)
    t = prep.pick(data, func, required=("wechat_groups", "group_members"), optional=("group_messages", "deals"),
                  wechat_groups=wechat_groups, group_members=group_members, group_messages=group_messages,
                  deals=deals)
    groups = groups_table(t["wechat_groups"], func)
    gm = t["group_members"].reset_index(drop=True)
    members = members_table(gm, func)
    members["join_channel"] = _channels(gm, members)
    msgs = messages_table(t["group_messages"], func) if t["group_messages"] is not None else None
    dl = deals_table(t["deals"], func) if t["deals"] is not None else None
    as_of = prep.as_of(as_of, func)
    if as_of is None:
        as_of = prep.latest(groups["created_at"], members["joined_at"], members["left_at"],
                            None if msgs is None else msgs["sent_at"], None if dl is None else dl["closed_at"])
    if as_of is None:
        as_of = pd.Timestamp("1970-01-01")
    sp = members.merge(groups[["group_id", "tier"]], on="group_id", how="inner")
    sp = sp[(sp["joined_at"] <= as_of).to_numpy()].reset_index(drop=True)
    sp["_i"] = np.arange(len(sp))
    active_span = pd.Timedelta(days=active_days)
    deal_span = pd.Timedelta(days=deal_days)
    sp["week_joins"] = (sp["joined_at"] + active_span <= as_of).to_numpy()
    sp["month_joins"] = (sp["joined_at"] + deal_span <= as_of).to_numpy()
    posted = np.zeros(len(sp), dtype=bool)
    if msgs is not None and len(msgs) and len(sp):
        mm = msgs.loc[(msgs["messages"] > 0).to_numpy() & msgs["person_id"].notna().to_numpy(),
                      ["group_id", "person_id", "sent_at"]]
        pairs = sp[["_i", "group_id", "person_id", "joined_at"]].merge(mm, on=["group_id", "person_id"])
        ok = (pairs["sent_at"] >= pairs["joined_at"].dt.normalize()) \
            & (pairs["sent_at"] < pairs["joined_at"] + active_span)
        posted[pairs.loc[ok.to_numpy(), "_i"].unique()] = True
    converted = np.zeros(len(sp), dtype=bool)
    if dl is not None and len(dl) and len(sp):
        pairs = sp[["_i", "person_id", "joined_at"]].merge(dl[["person_id", "closed_at"]], on="person_id")
        ok = (pairs["closed_at"] >= pairs["joined_at"]) & (pairs["closed_at"] <= pairs["joined_at"] + deal_span)
        converted[pairs.loc[ok.to_numpy(), "_i"].unique()] = True
    sp["posted"] = posted & sp["week_joins"].to_numpy()
    sp["converted"] = converted & sp["month_joins"].to_numpy()
    agg = sp.groupby(["tier", "join_channel"], sort=False).agg(
        joins=("_i", "size"), people=("person_id", "nunique"), week_joins=("week_joins", "sum"),
        posted=("posted", "sum"), month_joins=("month_joins", "sum"), converted=("converted", "sum")).reset_index()
    agg["_t"] = agg["tier"].map(TIER_ORDER)
    agg["_c"] = agg["join_channel"].map({c: i for i, c in enumerate(CHANNELS)})
    agg = agg.sort_values(["_t", "_c"], kind="stable").drop(columns=["_t", "_c"]).reset_index(drop=True)
    for c in ("joins", "people", "week_joins", "posted", "month_joins", "converted"):
        agg[c] = agg[c].astype("int64")
    _rates(agg, "posted", "week_joins", "posted_share", "posted_ci_low", "posted_ci_high", level)
    _rates(agg, "converted", "month_joins", "conversion", "conversion_ci_low", "conversion_ci_high", level)
    agg = agg.astype({"tier": "string", "join_channel": "string"})
    return agg[["tier", "join_channel", "joins", "people", "week_joins", "posted", "posted_share", "posted_ci_low",
                "posted_ci_high", "month_joins", "converted", "conversion", "conversion_ci_low", "conversion_ci_high"]]


def customer_mix(data=None, /, *, wechat_groups=None, group_members=None, people=None, as_of=None,
                 level: float = rules.LEVEL) -> pd.DataFrame:
    """The share of members who were not bank customers at first contact, per tier and admission gate.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set supplying every table not given by keyword.
    wechat_groups, group_members, people : DataFrame
        Contract tables; ``wechat_groups.customers_only`` is optional (the gate is "not recorded" without
        it); ``people.is_bank_customer`` is the status at first contact.
    as_of : str or Timestamp, optional
        Memberships started by then; default the latest timestamp in the tables.
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per tier and gate with members (tiers in funnel order; gate True, False, then not recorded):

        - ``tier``; ``customers_only`` (boolean; missing = not recorded);
        - ``groups`` (int64); ``members`` (int64): distinct people who joined these groups by ``as_of``;
        - ``known`` (int64): members whose customer status is known; ``unknown`` (int64): the others;
        - ``non_customers`` (int64); ``rate``, ``ci_low``, ``ci_high``: ``non_customers / known`` (Wilson).

    Notes
    -----
    A person is counted once per tier and gate, however many groups of it they joined. The status is the
    one at first contact: in a customers-only group a member counted here may have opened an account since,
    so a share above zero there means "check the gate or the customer status", not a breach by itself.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "E"], "tier": ["mass", "elite"], "customers_only": [False, True],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M", "M", "M", "E"], "person_id": ["a", "b", "c", "a"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01"] * 4)})
    >>> p = pd.DataFrame({"person_id": ["a", "b", "c"], "is_bank_customer": [True, False, None]})
    >>> customer_mix(wechat_groups=g, group_members=m, people=p)[["tier", "members", "known", "non_customers"]]
        tier  members  known  non_customers
    0   mass        3      2              1
    1  elite        1      1              0
    """
    func = "customer_mix"
    level = prep.check_level(level, func)
    t = prep.pick(data, func, required=("wechat_groups", "group_members", "people"), wechat_groups=wechat_groups,
                  group_members=group_members, people=people)
    wg = t["wechat_groups"].reset_index(drop=True)
    groups = groups_table(wg, func)
    if "customers_only" in wg.columns:
        gate = prep.booleans(wg, "wechat_groups", "customers_only", func, ("group_id",), required=False)
        groups["customers_only"] = pd.array(gate.to_numpy(dtype=object), dtype="boolean") if len(gate) else \
            pd.array([], dtype="boolean")
    else:
        groups["customers_only"] = pd.array([pd.NA] * len(groups), dtype="boolean")
    members = members_table(t["group_members"], func)
    pp = prep.require_frame(t["people"], "people", ["person_id", "is_bank_customer"], func).reset_index(drop=True)
    status = prep.booleans(pp, "people", "is_bank_customer", func, ("person_id",), required=False)
    cust = pd.Series(pd.array(status.to_numpy(dtype=object), dtype="boolean"),
                     index=prep.ids(pp, "people", "person_id", func).to_numpy()) if len(pp) else \
        pd.Series([], dtype="boolean")
    cust = cust[~cust.index.duplicated()]
    as_of = prep.as_of(as_of, func)
    if as_of is None:
        as_of = prep.latest(groups["created_at"], members["joined_at"]) or pd.Timestamp("1970-01-01")
    sp = members[(members["joined_at"] <= as_of).to_numpy()].merge(
        groups[["group_id", "tier", "customers_only"]], on="group_id", how="inner")
    sp = sp.drop_duplicates(["tier", "customers_only", "person_id"])
    sp["_c"] = prep.lookup(sp["person_id"], cust).astype("boolean")
    sp["_gate"] = _gate_code(sp["customers_only"])
    groups["_gate"] = _gate_code(groups["customers_only"])
    ng = groups[groups["created_at"] <= as_of].groupby(["tier", "_gate"]).size().rename("groups")
    sp["_known"] = sp["_c"].notna().to_numpy()
    sp["_non"] = sp["_c"].eq(False).fillna(False).to_numpy(dtype=bool)
    agg = sp.groupby(["tier", "_gate"]).agg(members=("person_id", "size"), known=("_known", "sum"),
                                           non_customers=("_non", "sum")).reset_index()
    agg = agg.merge(ng.reset_index(), on=["tier", "_gate"], how="left")
    agg["_t"] = agg["tier"].map(TIER_ORDER)
    agg = agg.sort_values(["_t", "_gate"], kind="stable").reset_index(drop=True)
    agg["customers_only"] = pd.array(agg["_gate"].map({0: True, 1: False, 2: pd.NA}).to_numpy(dtype=object),
                                     dtype="boolean")
    for c in ("groups", "members", "known", "non_customers"):
        agg[c] = agg[c].fillna(0).astype("int64")
    agg["unknown"] = (agg["members"] - agg["known"]).astype("int64")
    _rates(agg, "non_customers", "known", "rate", "ci_low", "ci_high", level)
    agg = agg.astype({"tier": "string"})
    return agg[["tier", "customers_only", "groups", "members", "known", "unknown", "non_customers", "rate", "ci_low",
                "ci_high"]]


def channels_sentence(summary: pd.DataFrame, deal_days: float = rules.ASKER_DEAL_DAYS, tier: str = "mass",
                      language: str = "zh") -> Sentence:
    """Which channel's members of ``tier`` convert best, compared with every other recorded channel.

    Parameters
    ----------
    summary : DataFrame
        :func:`channel_summary`.
    deal_days : float
        The window the summary was computed with (for the text).
    tier : {"mass", "potential", "elite"}, default "mass"
    language : {"zh", "en"}

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"tier": ["mass"] * 2, "join_channel": ["event_qr", "owners_group"], "month_joins": [40, 60],
    ...                   "converted": [8, 3], "conversion": [0.2, 0.05], "conversion_ci_low": [0.1, 0.017],
    ...                   "conversion_ci_high": [0.35, 0.14]})
    >>> channels_sentence(s, language="en")
    'Mass group: members who joined through “Event QR code” converted most within 30 days: **20.0%** (95% CI 10.0%–35.0%) against 5.0% through the other channels (difference +15.0 pp, p-value 0.025).'
    """
    check_language(language)
    s = prep.require_frame(summary, "channel_summary", ["tier", "join_channel", "month_joins", "converted",
                                                        "conversion", "conversion_ci_low", "conversion_ci_high"],
                           "channels_sentence")
    if tier not in TIERS:
        raise ParameterError(f"channels_sentence: tier must be one of {', '.join(TIERS)}, got {tier!r}.")
    rec = s[(s["tier"].astype(str) == tier).to_numpy() & s["join_channel"].isin(JOIN_CHANNELS).to_numpy()
            & (s["month_joins"] > 0).to_numpy()]
    if rec.empty:
        return say("groups.channels.none", language)
    if len(rec) < 2:
        return say("groups.channels.one", language,
                   channel=value_label(rec["join_channel"].iloc[0], language, column="join_channel"))
    best = rec.sort_values(["conversion", "month_joins"], ascending=[False, False], kind="stable").iloc[0]
    rest = rec[rec["join_channel"] != best["join_channel"]]
    x2, n2 = int(rest["converted"].sum()), int(rest["month_joins"].sum())
    c = compare_proportions(int(best["converted"]), int(best["month_joins"]), x2, n2).iloc[0]
    key = "groups.channels.best" if c["p_value"] < NOISE_P else "groups.channels.unclear"
    return say(key, language, tier=value_label(tier, language, column="tier"),
               channel=value_label(best["join_channel"], language, column="join_channel"), days=float(deal_days),
               rate=float(best["conversion"]), lo=float(best["conversion_ci_low"]),
               hi=float(best["conversion_ci_high"]), others=x2 / n2 if n2 else float("nan"),
               diff=float(c["estimate"]), p=float(c["p_value"]))


def mix_sentence(mix: pd.DataFrame, language: str = "zh") -> Sentence:
    """Non-customers per tier in one sentence, and a warning when a customers-only group has some.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"tier": ["mass", "elite"], "customers_only": pd.array([False, True], dtype="boolean"),
    ...                   "known": [100, 10], "non_customers": [70, 2], "rate": [0.7, 0.2]})
    >>> mix_sentence(m, "en")
    'Members who were not bank customers at first contact: Mass group 70.0%, Elite group 20.0%. 2 member(s) of customers-only groups were not customers at first contact: check the gate, or update their customer status.'
    """
    check_language(language)
    m = prep.require_frame(mix, "customer_mix", ["tier", "customers_only", "known", "non_customers"], "mix_sentence")
    per = m.groupby(m["tier"].astype(str), sort=False)[["known", "non_customers"]].sum()
    per = per[per["known"] > 0]
    if per.empty:
        return say("groups.mix.none", language)
    sep = "，" if language == "zh" else ", "
    parts = [f"{value_label(tr, language, column='tier')} {fmt(r['non_customers'] / r['known'], 'pct', language)}"
             for tr, r in per.iterrows()]
    head = say("groups.mix.tiers", language, tiers=sep.join(parts))
    gated = m[m["customers_only"].eq(True).fillna(False).to_numpy()]
    leak = int(gated["non_customers"].sum())
    return join(head, say("groups.mix.gate_leak", language, n=leak)) if leak else head
