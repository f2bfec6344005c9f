"""The answer first (结论先行) of the group report: the headline numbers, the verdict, the action list.

- :func:`headline` — the funnel's three step rates in the period (mass → potential, potential →
  elite, a deal within 3 days of joining an elite group), the groups to act on now and the share
  of potential- and elite-group members who posted in the last week, each with its interval, the
  previous period's value and a test of the change (:func:`analysis.report.headline_block`);
- :func:`verdict` — the verdict in one sentence (:func:`analysis.report.verdict_block`);
- :func:`actions` — the ranked action list: groups to dissolve or re-engage, grouped by owner and
  rule, and askers still waiting to be pulled out of a mass group; each with the owner by name and
  role, what to do, by when and why (:func:`analysis.report.actions_block`).

Tests: ``tests/groups/test_findings.py``; the top of ``notebooks/04_group_tiers.ipynb``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.groups._tables import days_param, whole_days
from analysis.groups.askers import PULL_HOURS, askers
from analysis.groups.funnel import DEAL_WINDOW_DAYS, funnel_people
from analysis.groups.health import group_status
from analysis.groups.lifecycle import ELITE_DAYS, POTENTIAL_DAYS, SILENT_DAYS, lifecycle_actions
from analysis.groups.selection import data_as_of, owned_by
from analysis.report import say, staff_names
from analysis.report.headline import MAX_ACTIONS, NOISE_P
from analysis.report.labels import check_language, value_label
from analysis.stats import compare_proportions, proportion

__all__ = ["MEASURES", "headline", "verdict", "actions"]

#: The headline's measures, in display order (label keys ``measure=<name>`` in ``vocab/groups.py``).
MEASURES = ("groups_step_potential", "groups_step_elite", "groups_step_deal", "groups_to_act",
            "groups_active_share")
_RATES = ("groups_step_potential", "groups_step_elite", "groups_step_deal", "groups_active_share")
_HEAD_COLUMNS = ["measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p", "standard", "flag"]
#: Rank of each kind of action item (dissolve first, then askers waiting, then silent groups).
_ORDER = {"elite_no_deal": 0, "potential_no_promotion": 1, "askers_waiting": 2, "silent": 3}


def _bounds(period_start, period_end):
    from analysis.scope import parse_period  # local: scope imports the io layer

    return parse_period(period_start, period_end)


def _period_counts(data, wechat_groups, group_members, group_messages, deals, start, as_of, owner, window,
            elite_days, potential_days, silent_days, history=None) -> dict:
    """Successes and trials of the rates, and the groups to act on, for one period (``history``: the state "now")."""
    g = data.get("wechat_groups") if wechat_groups is None and data is not None else wechat_groups
    m = data.get("group_members") if group_members is None and data is not None else group_members
    msg = data.get("group_messages") if group_messages is None and data is not None else group_messages
    d = data.get("deals") if deals is None and data is not None else deals
    prep.require_frame(g, "wechat_groups", ["group_id", "tier"], "headline")
    if d is None:
        d = pd.DataFrame({"person_id": pd.Series([], dtype="string"),
                          "closed_at": pd.Series([], dtype="datetime64[ns]")})
    cohort = owned_by(g, owner, tiers=["mass"]) if owner else g
    fp = funnel_people(wechat_groups=cohort, group_members=m, deals=d, deal_window_days=window)
    lo = start if start is not None else pd.Timestamp.min
    span = pd.Timedelta(days=window)

    def flow(prev: str, col: str) -> tuple[int, int]:
        risk = (fp[prev] <= as_of) & (fp[col].isna() | (fp[col] >= lo))
        hit = risk & (fp[col] >= lo) & (fp[col] <= as_of)
        return int(hit.sum()), int(risk.sum())

    out = {"groups_step_potential": flow("mass_at", "potential_at"),
           "groups_step_elite": flow("potential_at", "elite_at")}
    joined = (fp["elite_at"] >= lo) & (fp["elite_at"] + span <= as_of)
    out["groups_step_deal"] = (int((joined & fp["deal_at"].notna() & (fp["deal_at"] <= as_of)).sum()),
                               int(joined.sum()))
    if history is not None:  # the groups' state at as_of reads everything up to it, not only the period
        g, m, msg = history["wechat_groups"], history["group_members"], history.get("group_messages")
        d = history.get("deals") if history.get("deals") is not None else d
    msgs = msg if msg is not None else pd.DataFrame({"group_id": pd.Series([], dtype="string"),
                                                     "sent_at": pd.Series([], dtype="datetime64[ns]")})
    la = lifecycle_actions(wechat_groups=g, group_members=m, group_messages=msgs, deals=d, as_of=as_of,
                           elite_days=elite_days, potential_days=potential_days, silent_days=silent_days,
                           owner_staff_id=owner)
    out["groups_to_act"] = la["group_id"].nunique()
    mine = owned_by(g, owner) if owner else g
    st = group_status(wechat_groups=mine, group_members=m, group_messages=msgs, as_of=as_of, window_days=silent_days)
    st = st[(st["status"] == "open") & st["tier"].isin(["potential", "elite"])]
    out["groups_active_share"] = (int(st["active_members"].sum()), int(st["members"].sum()))
    return out


def headline(data=None, /, *, previous=None, history=None, wechat_groups=None, group_members=None,
             group_messages=None, deals=None, period_start: str = "", period_end: str = "", as_of=None,
             owner_staff_id: str = "",
             deal_window_days: float = DEAL_WINDOW_DAYS, elite_days: float = ELITE_DAYS,
             potential_days: float = POTENTIAL_DAYS, silent_days: int = SILENT_DAYS,
             level: float = rules.LEVEL) -> pd.DataFrame:
    """The group report's headline: three funnel step rates, the groups to act on, the active share.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        The report's data set (a scoped :class:`~analysis.io.Dataset`) supplying every table not given.
    previous : mapping of DataFrames, optional
        The same branch in the previous period of the same length
        (``scope.for_branch(ds, branch_id, *scope.previous_period(period_start, period_end))``); None:
        the ``previous`` and ``change_p`` columns stay empty.
    history : mapping of DataFrames, optional
        The branch's data from the beginning up to ``period_end``
        (``scope.for_branch(ds, branch_id, "", period_end)``). The groups to act on and the active
        share describe the groups' state at ``as_of`` (and at the previous period's end), which
        depends on deals, promotions and messages before the period too; without ``history`` they
        read ``data`` (and ``previous``), whose deals and messages start with the period.
    wechat_groups, group_members, group_messages, deals : DataFrame, optional
        Contract tables of the period (instead of ``data``).
    period_start, period_end : str, optional
        The report's period (the notebook's parameters); empty: open. The rates count the steps taken
        in the period; the previous period is :func:`analysis.scope.previous_period` of these.
    as_of : str or Timestamp, optional
        The time "now"; default :func:`data_as_of` up to ``period_end``.
    owner_staff_id : str, optional
        One owner: the funnel of the people who came in through the owner's mass groups, the owner's
        groups to act on and active share. Empty: every group.
    deal_window_days, elite_days, potential_days, silent_days
        The domain's rules (3, 3, 14 and 7 days, :mod:`analysis.rules`).
    level : float, default 0.95

    Returns
    -------
    DataFrame
        Five rows (:data:`MEASURES`), the columns of :func:`analysis.report.headline_block`:
        ``measure``, ``value``, ``ci_low``, ``ci_high``, ``fmt``, ``previous``, ``change_p``, ``standard``,
        ``flag``:

        - ``groups_step_potential``: of the people in a mass group by ``as_of`` and not yet in a potential
          group at the start of the period, the share who joined one in the period (in funnel order);
        - ``groups_step_elite``: the same from a potential to an elite group;
        - ``groups_step_deal``: of the people who joined an elite group in the period at least
          ``deal_window_days`` before ``as_of``, the share who closed a deal within ``deal_window_days``;
        - ``groups_to_act``: open groups that break a lifecycle rule now (:func:`lifecycle_actions`);
          standard 0, flag ``ok`` or ``warn``;
        - ``groups_active_share``: members of open potential and elite groups who posted in the last
          ``silent_days`` days, over their members (member-group pairs).

        Rates have Wilson intervals; ``change_p`` is the p-value of "equal to the previous period"
        (:func:`analysis.stats.compare_proportions`, ``method="auto"``). The practice sets no standard
        for these rates: ``flag`` is ``warn`` when a rate fell and the test says more than noise
        (p < 0.05), else empty.

    Notes
    -----
    The periods' people overlap (someone can be in a mass group in both), so the test treats two
    rates of different steps taken as independent samples: a guide to noise, not an exact test.
    Memberships that ended before the period are not in a scoped data set: a person who left their
    potential group before the period counts as not yet promoted.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["M", "P"], "tier": ["mass", "potential"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"] * 2)})
    >>> m = pd.DataFrame({"group_id": ["M", "M", "P"], "person_id": ["a", "b", "a"],
    ...                   "joined_at": pd.to_datetime(["2026-09-01", "2026-09-01", "2026-09-05"])})
    >>> h = headline(wechat_groups=g, group_members=m, as_of="2026-09-06")
    >>> h[["measure", "value"]].head(2)
                     measure  value
    0  groups_step_potential    0.5
    1      groups_step_elite    0.0
    """
    func = "headline"
    level = prep.check_level(level, func)
    window = days_param(deal_window_days, "deal_window_days", func)
    elite_days = days_param(elite_days, "elite_days", func)
    potential_days = days_param(potential_days, "potential_days", func)
    silent_days = whole_days(silent_days, "silent_days", func)
    owner = owner_staff_id.strip() if isinstance(owner_staff_id, str) else ""
    if data is not None and not hasattr(data, "get"):
        prep.pick(data, func)  # the package's message for a first argument that is not a data set
    start, _end = _bounds(period_start, period_end)
    when = prep.as_of(as_of, func)
    if when is None:
        when = data_as_of(data, wechat_groups=wechat_groups, group_members=group_members,
                          group_messages=group_messages, deals=deals, until=period_end or None)
    now = _period_counts(data, wechat_groups, group_members, group_messages, deals, start, when, owner, window,
                  elite_days, potential_days, silent_days, history) if when is not None else None
    before = None
    if previous is not None:
        from analysis.scope import previous_period

        prev_bounds = previous_period(period_start, period_end) if period_start and period_end else None
        p_start, _p_end = _bounds(*(prev_bounds or ("", "")))
        p_when = data_as_of(previous, until=prev_bounds[1] if prev_bounds else None)
        if p_when is not None:
            before = _period_counts(previous, None, None, None, None, p_start, p_when, owner, window, elite_days,
                             potential_days, silent_days, history)
    rows = []
    for measure in MEASURES:
        row = dict(measure=measure, value=np.nan, ci_low=np.nan, ci_high=np.nan, previous=np.nan, change_p=np.nan,
                   standard=np.nan, flag="")
        if measure == "groups_to_act":
            row.update(fmt="count", standard=0.0)
            if now is not None:
                row["value"] = float(now[measure])
                row["flag"] = "ok" if now[measure] == 0 else "warn"
            if before is not None:
                row["previous"] = float(before[measure])
            rows.append(row)
            continue
        row["fmt"] = "pct"
        if now is not None and now[measure][1] > 0:
            x, n = now[measure]
            p = proportion(x, n, level=level).iloc[0]
            row.update(value=float(p["rate"]), ci_low=float(p["ci_low"]), ci_high=float(p["ci_high"]))
            if before is not None and before[measure][1] > 0:
                xp, n_p = before[measure]
                row["previous"] = xp / n_p
                row["change_p"] = float(compare_proportions(x, n, xp, n_p, level=level)["p_value"].iloc[0])
                if row["change_p"] < NOISE_P and row["value"] < row["previous"]:
                    row["flag"] = "warn"
        elif before is not None and before[measure][1] > 0:
            row["previous"] = before[measure][0] / before[measure][1]
        rows.append(row)
    out = pd.DataFrame(rows, columns=_HEAD_COLUMNS)
    return out.astype({"measure": "string", "fmt": "string", "flag": "string", "value": "float64",
                       "ci_low": "float64", "ci_high": "float64", "previous": "float64", "change_p": "float64",
                       "standard": "float64"})


def verdict(headline_items: pd.DataFrame, language: str = "zh", deal_window_days: float = DEAL_WINDOW_DAYS) -> str:
    """The verdict in one sentence: a step that fell (more than noise), else one that rose, else the deal step;
    and the groups to act on.

    Parameters
    ----------
    headline_items : DataFrame
        :func:`headline`.
    language : {"zh", "en"}
    deal_window_days : float, default 3
        The deal window the headline was computed with (for the text).

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"measure": ["groups_step_deal", "groups_to_act"], "value": [0.2, 2.0],
    ...                   "ci_low": [0.05, None], "ci_high": [0.5, None], "previous": [None, None],
    ...                   "change_p": [None, None], "flag": ["", "warn"]})
    >>> verdict(h, "en")
    '20.0% of those who joined an elite group closed a deal within 3 days (95% CI 5.0%–50.0%); 2 group(s) need action now.'
    """
    check_language(language)
    h = prep.require_frame(headline_items, "headline", ["measure", "value", "flag"], "verdict")
    h = h.set_index(h["measure"].astype(str))
    act = h["value"].get("groups_to_act", np.nan)
    act_text = say("groups.verdict.act", language, n=int(act)) if pd.notna(act) and act > 0 else \
        say("groups.verdict.no_act", language)
    fell = [m for m in _RATES if m in h.index and h.loc[m, "flag"] == "warn"]
    if fell:
        r = h.loc[fell[0]]
        return say("groups.verdict.fell", language, step=value_label(fell[0], language, column="measure"),
                   previous=float(r["previous"]), value=float(r["value"]), p=float(r["change_p"]), act=act_text)
    if "change_p" in h.columns and "previous" in h.columns:
        rose = [m for m in _RATES if m in h.index and pd.notna(h.loc[m, "change_p"])
                and h.loc[m, "change_p"] < NOISE_P and h.loc[m, "value"] > h.loc[m, "previous"]]
        if rose:
            r = h.loc[rose[0]]
            return say("groups.verdict.rose", language, step=value_label(rose[0], language, column="measure"),
                       previous=float(r["previous"]), value=float(r["value"]), p=float(r["change_p"]), act=act_text)
    if "groups_step_deal" in h.index and pd.notna(h.loc["groups_step_deal", "value"]):
        r = h.loc["groups_step_deal"]
        steady = "previous" in h.columns and h.loc[[m for m in _RATES if m in h.index], "previous"].notna().any()
        key = "groups.verdict.steady" if steady else "groups.verdict.deal"
        return say(key, language, value=float(r["value"]), lo=float(r.get("ci_low", np.nan)),
                   hi=float(r.get("ci_high", np.nan)), act=act_text, days=float(deal_window_days))
    return say("groups.verdict.no_funnel", language, act=act_text)


def _owner_names(staff, language: str) -> tuple[dict, str]:
    """staff_id → "name（role）", and the branch head(s) who stand in for groups the bank does not own."""
    if staff is None or not len(staff):
        return {}, "—"
    names = staff_names(staff, language)
    heads = staff.loc[staff["role"].astype("string").eq("branch_head").fillna(False).to_numpy(), "staff_id"] \
        if "role" in staff.columns else pd.Series([], dtype="string")
    head = "、".join(names[str(s)] for s in heads) if language == "zh" else ", ".join(names[str(s)] for s in heads)
    return dict(names), head or "—"


def _number(x) -> str:
    """Days as a reader writes them: 3, 3.5, 16.2."""
    x = float(x)
    return f"{x:.0f}" if x.is_integer() else f"{x:.1f}"


def _span(days: pd.Series, language: str) -> str:
    lo, hi = float(days.min()), float(days.max())
    return _number(lo) if f"{lo:.1f}" == f"{hi:.1f}" else f"{lo:.1f}–{hi:.1f}"


def _ids(values, language: str, shown: int = 5) -> str:
    values = [str(v) for v in values]
    sep = "、" if language == "zh" else ", "
    text = sep.join(values[:shown])
    if len(values) > shown:
        text += say("groups.todo.more", language, n=len(values) - shown)
    return text


def actions(data=None, /, *, wechat_groups=None, group_members=None, group_messages=None, deals=None, staff=None,
            leads=None, as_of=None, owner_staff_id: str = "", elite_days: float = ELITE_DAYS,
            potential_days: float = POTENTIAL_DAYS, silent_days: int = SILENT_DAYS, pull_hours: float = PULL_HOURS,
            follow_days: float = rules.ASKER_FOLLOW_DAYS, language: str = "zh",
            limit: int = MAX_ACTIONS) -> pd.DataFrame:
    """The ranked action list of the group report: what each owner does by tomorrow, and why.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        The report's data set (a scoped :class:`~analysis.io.Dataset`) supplying every table not given.
    wechat_groups, group_members, group_messages, deals, staff, leads : DataFrame, optional
        Contract tables (``staff`` names the owners; ``leads`` count as pulling an asker).
    as_of : str or Timestamp, optional
        The time "now"; default the latest timestamp in the tables.
    owner_staff_id : str, optional
        Only this owner's groups (empty: every group).
    elite_days, potential_days, silent_days : float, float, int
        The lifecycle rules (:func:`lifecycle_actions`).
    pull_hours, follow_days : float
        Askers not pulled ``pull_hours`` after their question, asked at most ``follow_days`` days ago,
        are listed (:func:`analysis.groups.askers`).
    language : {"zh", "en"}
    limit : int, default 10
        At most this many items.

    Returns
    -------
    DataFrame
        One row per item, the columns of :func:`analysis.report.actions_block`: ``rank`` (int64, 1 first),
        ``owner`` (the group owner by name and role, :func:`analysis.report.staff_names`; the branch head
        for a group no staff member owns), ``action`` (what to do, naming the groups or the askers' person
        ids), ``due`` (the day after ``as_of``) and ``reason``.

    Notes
    -----
    Deduplicated: a group that breaks two rules appears once, under the stronger action (dissolve before
    re-engage); groups of one owner under one rule form one item. Ranked: elite groups without a deal,
    potential groups without a promotion, askers waiting, silent groups; within each, the item furthest
    past its limit first.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["E1"], "tier": ["elite"], "owner_staff_id": ["S3"],
    ...                   "created_at": pd.to_datetime(["2026-09-01"])})
    >>> m = pd.DataFrame({"group_id": ["E1"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-01"])})
    >>> msg = pd.DataFrame({"group_id": ["E1"], "person_id": ["a"], "sent_at": pd.to_datetime(["2026-09-05"]),
    ...                     "kind": ["text"]})
    >>> staff = pd.DataFrame({"staff_id": ["S3"], "role": ["wealth_manager"]})
    >>> a = actions(wechat_groups=g, group_members=m, group_messages=msg, staff=staff, as_of="2026-09-05 12:00",
    ...             language="en")
    >>> a.loc[0, ["owner", "action"]].tolist()
    ['S3 (Wealth manager)', 'Dissolve 1 elite group(s): E1']
    """
    func = "actions"
    language = check_language(language)
    limit = prep.check_count(limit, "limit", func)
    t = prep.pick(data, func, required=("wechat_groups", "group_members"),
                  optional=("group_messages", "deals", "staff", "leads"), wechat_groups=wechat_groups,
                  group_members=group_members, group_messages=group_messages, deals=deals, staff=staff, leads=leads)
    msgs = t["group_messages"] if t["group_messages"] is not None else pd.DataFrame(
        {"group_id": pd.Series([], dtype="string"), "sent_at": pd.Series([], dtype="datetime64[ns]")})
    dl = t["deals"] if t["deals"] is not None else pd.DataFrame(
        {"person_id": pd.Series([], dtype="string"), "closed_at": pd.Series([], dtype="datetime64[ns]")})
    owner = owner_staff_id.strip() if isinstance(owner_staff_id, str) else ""
    when = prep.as_of(as_of, func)
    if when is None:
        when = data_as_of(wechat_groups=t["wechat_groups"], group_members=t["group_members"], group_messages=msgs,
                          deals=dl)
    cols = ["rank", "owner", "action", "due", "reason"]
    if when is None:
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c == "rank" else
                                          "datetime64[ns]" if c == "due" else "string") for c in cols})
    names, head = _owner_names(t["staff"], language)

    def who(staff_id) -> str:
        if staff_id is None or pd.isna(staff_id) or not str(staff_id):
            return head
        return names.get(str(staff_id), str(staff_id))

    items = []  # (order, severity, owner, action, reason)
    la = lifecycle_actions(wechat_groups=t["wechat_groups"], group_members=t["group_members"], group_messages=msgs,
                           deals=dl, as_of=when, elite_days=elite_days, potential_days=potential_days,
                           silent_days=silent_days, owner_staff_id=owner)
    if len(la):
        la = la.assign(_a=(la["group_action"] != "dissolve").astype(int), _r=la["rule"].map(_ORDER))
        la = la.sort_values(["group_id", "_a", "_r"], kind="stable").drop_duplicates("group_id")
        la = la.assign(_over=la["days"] / la["threshold"], _o=la["owner_staff_id"].fillna(""))
        for (o, rule), part in la.groupby(["_o", "rule"], sort=False):
            part = part.sort_values("days", ascending=False, kind="stable")
            action = say(f"groups.todo.{rule}", language, n=len(part), groups=_ids(part["group_id"], language))
            reason = say(f"groups.todo.{rule}.why", language, days=_span(part["days"], language),
                         limit=_number(part["threshold"].iloc[0]))
            items.append((_ORDER[rule], float(part["_over"].max()), who(o or None), action, reason))
    if t["group_messages"] is not None:
        ask = askers(wechat_groups=t["wechat_groups"], group_members=t["group_members"], group_messages=msgs,
                     leads=t["leads"], deals=dl, as_of=when, pull_hours=pull_hours, owner_staff_id=owner)
        recent = ask["asked_at"] >= when - pd.Timedelta(days=float(follow_days))
        wait = ask[(ask["speed"] == "never").fillna(False).to_numpy() & recent.to_numpy()]
        for gid, part in wait.groupby("group_id", sort=True):
            part = part.sort_values("asked_at", kind="stable")
            action = say("groups.todo.askers_waiting", language, n=len(part), group=gid,
                         people=_ids(part["person_id"], language))
            reason = say("groups.todo.askers_waiting.why", language, hours=float(pull_hours),
                         longest=float(part["observed_hours"].max()))
            items.append((_ORDER["askers_waiting"], float(part["observed_hours"].max()) / float(pull_hours),
                          who(part["owner_staff_id"].iloc[0]), action, reason))
    items.sort(key=lambda it: (it[0], -it[1]))
    items = items[:limit]
    due = (when + pd.Timedelta(days=1)).normalize()
    out = pd.DataFrame({"rank": np.arange(1, len(items) + 1, dtype=np.int64),
                        "owner": pd.Series([it[2] for it in items], dtype="string"),
                        "action": pd.Series([it[3] for it in items], dtype="string"),
                        "due": pd.Series([due] * len(items), dtype="datetime64[ns]"),
                        "reason": pd.Series([it[4] for it in items], dtype="string")})
    return out[cols]
