"""What the analyses say in words: the headline sentence, the flow sentence, what to change next time,
and the data findings of the event tables.

Every sentence is a template of :mod:`analysis.report.vocab.events` (``SENTENCES``) in Chinese and
English, filled by :func:`analysis.report.say`; the result tables hold no formatted numbers except
in their text columns (``finding``, ``action``, ``detail``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.events import _tables as tb
from analysis.events._tables import tidy
from analysis.events.chain import attendance_chain
from analysis.report import say, value_label
from analysis.report.labels import check_language

__all__ = ["MIN_SHOW_UP", "DURATION_TOLERANCE_MINUTES", "headline_text", "gaps_text", "recommendations",
           "event_findings"]

#: Show-up rate of staff or partner invitations below which confirming invitations is recommended.
MIN_SHOW_UP = rules.SHOW_UP_STANDARD
#: Minutes over the practice duration (:data:`analysis.rules.EVENT_MINUTES`) tolerated before a finding.
DURATION_TOLERANCE_MINUTES = 15


def _check_language(language, func: str) -> str:
    try:
        return check_language(language)
    except ParameterError:
        raise ParameterError(f"{func}: language must be 'zh' or 'en', got {language!r}.") from None


# ---------------------------------------------------------------------------
# headline and flow sentences
# ---------------------------------------------------------------------------

def headline_text(head: pd.DataFrame, standard: float = rules.STRANGER_RATIO_STANDARD, level: float = rules.LEVEL,
                  language: str = "zh") -> str:
    """One or two sentences summing up :func:`event_figures` for a report.

    Parameters
    ----------
    head : pandas.DataFrame
        The output of :func:`event_figures`.
    standard : float, default :data:`analysis.rules.STRANGER_RATIO_STANDARD` (0.70)
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
        The level ``head``'s intervals were computed at (for the text).
    language : {"zh", "en"}, default "zh"

    Returns
    -------
    str
        For one event: attendees, gender split, strangers and their ratio with
        its interval against the standard, sales within 72 hours. For several:
        the totals and the number of events under the standard. Without
        events: a "no data" sentence. (Sentences ``events.headline.*``.)

    Examples
    --------
    >>> import pandas as pd
    >>> head = pd.DataFrame({"event_label": ["B01-E03 家庭关系"], "attendees": [38], "women": [30], "men": [8],
    ...                      "strangers": [31], "rate": [31 / 38], "ci_low": [0.6658], "ci_high": [0.9078],
    ...                      "below_standard": [False], "deals": [6], "amount": [6_100_000.0]})
    >>> headline_text(head)
    'B01-E03 家庭关系：到场 38 人（女 30、男 8），陌生客户 31 人，占比 81.6%（95%区间 66.6%–90.8%），达到 70% 标准；活动后 72 小时内到场客户成交 6 笔、6,100,000 元。'
    """
    func = "headline_text"
    language = _check_language(language, func)
    standard = prep.check_fraction(standard, "standard", func)
    h = prep.require_frame(head, "event_figures", ("attendees", "strangers", "rate", "ci_low", "ci_high",
                                                   "below_standard", "deals", "amount"), func)
    if len(h) == 0:
        return say("events.no_data", language)
    att, strangers = int(h["attendees"].sum()), int(h["strangers"].sum())
    common = dict(att=att, s=strangers, std=standard, deals=int(h["deals"].sum()), amount=float(h["amount"].sum()))
    if len(h) == 1:
        r = h.iloc[0]
        name = r.get("event_label", "")
        if att == 0:
            return say("events.headline.empty", language, label=name)
        key = "events.headline.one_below" if r["rate"] < standard else "events.headline.one_above"
        return say(key, language, label=name, women=int(r.get("women", 0)), men=int(r.get("men", 0)),
                   rate=float(r["rate"]), lo=float(r["ci_low"]), hi=float(r["ci_high"]), lvl=level, **common)
    rate = strangers / att if att else float("nan")
    return say("events.headline.many", language, n=len(h), rate=rate, below=int(h["below_standard"].sum()), **common)


def gaps_text(flow: pd.DataFrame, gaps: pd.DataFrame, min_gap: float = rules.FLOW_GAP_MINUTES,
              language: str = "zh") -> str:
    """One sentence on the arrival flow from :func:`arrival_flow` and :func:`arrival_gaps` (``events.flow.*``).

    Examples
    --------
    >>> from analysis.events import arrival_flow, arrival_gaps, example_tables
    >>> t = example_tables()
    >>> gaps_text(arrival_flow(t), arrival_gaps(t), language="en")
    '1 gap(s) of 10 minutes or more between arrivals (longest 22 minutes).'
    """
    func = "gaps_text"
    language = _check_language(language, func)
    f = prep.require_frame(flow, "arrival_flow", ("arrivals",), func)
    g = prep.require_frame(gaps, "arrival_gaps", ("minutes",), func)
    if int(f["arrivals"].sum()) == 0:
        return say("events.flow.no_checkins", language)
    if len(g) == 0:
        return say("events.flow.no_gaps", language, gap=float(min_gap))
    return say("events.flow.gaps", language, n=len(g), gap=float(min_gap), longest=float(g["minutes"].max()))


# ---------------------------------------------------------------------------
# what to change next time
# ---------------------------------------------------------------------------

def _num(x) -> str:
    """A number for a sentence: whole numbers with thousands separators, else two decimals; — if missing."""
    if x is None or pd.isna(x):
        return "—"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _target_name(metric, role, language: str) -> str:
    name = value_label(metric, language, column="metric")
    return name if pd.isna(role) else f"{name}({value_label(role, language, column='role')})"


def _by_event(frame: pd.DataFrame) -> dict:
    """``staff_id`` values of ``frame`` per ``event_id`` (in row order): the table split once, not per finding."""
    staff_ids = frame["staff_id"].to_numpy(dtype=object)
    return {e: list(staff_ids[i]) for e, i in tb.positions(frame["event_id"]).items()}


@tidy
def recommendations(ratio: pd.DataFrame | None = None, summary: pd.DataFrame | None = None,
                    chain: pd.DataFrame | None = None, flow: pd.DataFrame | None = None,
                    card: pd.DataFrame | None = None, score: pd.DataFrame | None = None,
                    steps: pd.DataFrame | None = None, sales: pd.DataFrame | None = None,
                    shifts: pd.DataFrame | None = None, gifts: pd.DataFrame | None = None,
                    receivers: pd.DataFrame | None = None, leads: pd.DataFrame | None = None,
                    standard: float = rules.STRANGER_RATIO_STANDARD, level: float = rules.LEVEL,
                    min_show_up: float = MIN_SHOW_UP, duration_tolerance: float = DURATION_TOLERANCE_MINUTES,
                    min_gap: float = rules.FLOW_GAP_MINUTES, language: str = "zh") -> pd.DataFrame:
    """What to change next time: findings and actions generated from the event analyses, one per event and rule.

    Parameters
    ----------
    ratio : pandas.DataFrame, optional
        :func:`stranger_ratio` by ``event_id``.
    summary : pandas.DataFrame, optional
        :func:`attendance_summary`.
    chain : pandas.DataFrame, optional
        :func:`invitation_chain`.
    flow : pandas.DataFrame, optional
        :func:`arrival_flow`.
    card, score : pandas.DataFrame, optional
        :func:`scorecard` and :func:`event_score`.
    steps : pandas.DataFrame, optional
        :func:`target_steps`.
    sales : pandas.DataFrame, optional
        :func:`sales_after_event`.
    shifts : pandas.DataFrame, optional
        :func:`greeter_shifts`: greeters who ended up receiving; who was on duty during a gap.
    gifts : pandas.DataFrame, optional
        :func:`gifts_without_record`: gifts that went to visitors with no record.
    receivers : pandas.DataFrame, optional
        :func:`recording_by_receiver`: the receivers whose visitors took gifts without a record
        (owners of that finding).
    leads : pandas.DataFrame, optional
        The ``leads`` table: the staff following up an event's leads own its follow-up finding.
    standard : float, default :data:`analysis.rules.STRANGER_RATIO_STANDARD` (0.70)
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
        The level the intervals in ``ratio`` were computed at (for the text).
    min_show_up : float, default :data:`MIN_SHOW_UP` (:data:`analysis.rules.SHOW_UP_STANDARD`, 0.6)
        Show-up rate below which confirming invitations is recommended.
    duration_tolerance : float, default :data:`DURATION_TOLERANCE_MINUTES` (15)
        Minutes over the practice duration tolerated.
    min_gap : float, default :data:`analysis.rules.FLOW_GAP_MINUTES` (10)
        The gap length ``flow`` counted as long (for the text).
    language : {"zh", "en"}, default "zh"

    Returns
    -------
    pandas.DataFrame
        One row per finding, sorted by event and priority: ``event_id``, ``area`` (code:
        stranger_ratio, show_up, plan, chain, flow, roles, recording, duration, target, score,
        target_step, sales, keep), ``rule`` (code: the rule that fired — ratio_low, show_up,
        over_plan, invite_none, came_alone, gaps, greeter_receiving, gifts_lost, duration,
        target_missed, score_low, step, no_sales, keep), ``priority`` (int64: 1 = act first, 2,
        3 = keep), ``owner_id`` (the staff ids who own it, comma-separated; empty = the branch head),
        ``finding`` and ``action`` (text in ``language``, sentences ``events.rec.*``). An event with no
        issue gets one ``keep`` row. :func:`actions` groups these rows into the action list.

    Notes
    -----
    Rules: stranger ratio under the standard (priority 1 when the whole interval is under it,
    else 2); show-up rate of staff or partner invitations under ``min_show_up`` (2); attendance
    under plan (2); the branch's eligible staff together sent fewer invitations than the rule asks
    (``branch_check`` = ``short``: owned by the staff who invited nobody) — a colleague covering for
    someone who invited nobody (兜底) is the practice, not a finding; invitees who came alone (2,
    owned by their inviters); gaps of 10+ minutes (2, owned by the greeters on duty when they
    began); a greeter writing records while on greeter duty (2, owned by the greeter); gifts to
    visitors with no record (2, owned by the receivers of those visitors); duration over 1.5 h +
    tolerance (3); missed targets (2) and a score under the pass mark (1); unrealistic target steps
    (2); no sale within 72 hours (2, owned by the staff following up the event's leads). The texts
    hold formatted numbers because they are sentences; tables stay unformatted.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"event_id": ["E1"], "attendees": [20], "strangers": [9], "rate": [0.45],
    ...                   "ci_low": [0.26], "ci_high": [0.66], "below_standard": [True]})
    >>> recommendations(ratio=r)[["event_id", "area", "rule", "priority"]]
      event_id            area       rule  priority
    0       E1  stranger_ratio  ratio_low         1
    """
    func = "recommendations"
    language = _check_language(language, func)
    standard = prep.check_fraction(standard, "standard", func)
    rows: list[tuple] = []
    events: list[str] = []

    def add(event_id, area, priority, key, owners=(), **kw):
        owner = ",".join(dict.fromkeys(str(o) for o in owners if pd.notna(o)))
        rows.append((event_id, area, key, priority, owner or pd.NA, say(f"events.rec.{key}.finding", language, **kw),
                     say(f"events.rec.{key}.action", language, gap=float(min_gap))))

    # each block below iterates over the rows of a small result table (one per event or finding)
    if ratio is not None and "event_id" in ratio.columns:
        events += ratio["event_id"].tolist()
        for r in ratio.itertuples(index=False):
            if pd.notna(r.rate) and r.rate < standard:
                clear = r.ci_high < standard
                note = say("events.rec.ratio_clear", language) if clear else ""
                add(r.event_id, "stranger_ratio", 1 if clear else 2, "ratio_low", rate=r.rate, lo=r.ci_low,
                    hi=r.ci_high, std=standard, lvl=level, clear=note)
    if summary is not None:
        events += summary["event_id"].tolist()
        low = summary.loc[summary["source"].isin(["staff_invite", "partner_invite"]) & (summary["invited"] > 0)
                          & (summary["rate"] < min_show_up)]
        for r in low.itertuples(index=False):
            who = value_label("staff" if r.source == "staff_invite" else "partner", language, column="inviter_kind")
            add(r.event_id, "show_up", 2, "show_up", who=who, rate=r.rate, n=r.invited, x=r.showed_up)
        under = summary.loc[(summary["source"] == "all") & (summary["over_plan"] < 1)]
        for r in under.itertuples(index=False):
            add(r.event_id, "plan", 2, "over_plan", arrived=r.arrived, plan=r.planned_invites, ratio=r.over_plan)
    if chain is not None and len(chain):
        events += chain["event_id"].tolist()
        short = chain.loc[(chain["branch_check"] == "short").fillna(False).to_numpy(dtype=bool)
                          if "branch_check" in chain.columns else np.zeros(len(chain), dtype=bool)]
        for e, grp in short.groupby("event_id", sort=True):
            nobody = grp.loc[grp["invite_check"].isin(["none", "fewer"]).fillna(False).to_numpy(dtype=bool)]
            add(e, "chain", 2, "invite_none", owners=nobody["staff_id"], n=len(nobody),
                who=", ".join(nobody["staff_id"].astype(str)), sent=int(grp["branch_invitations"].iloc[0]),
                need=int(grp["branch_required"].iloc[0]))
        lone = chain.loc[(chain["bring_check"] == "came_alone").fillna(False).to_numpy(dtype=bool)]
        for e, grp in lone.groupby("event_id", sort=True):
            add(e, "chain", 2, "came_alone", owners=grp["staff_id"], n=int(grp["invitees_alone"].sum()))
    if flow is not None:
        events += flow["event_id"].tolist()
        on_duty_of = {}  # the greeters on duty during long gaps, per event (the shifts split once)
        if shifts is not None and len(shifts):
            s = shifts.loc[((shifts["long_gaps"] > 0) & (shifts["duty"] == "greeter")).fillna(False)
                           .to_numpy(dtype=bool)]
            on_duty_of = _by_event(s)
        for r in flow.loc[flow["long_gaps"] > 0].itertuples(index=False):
            on_duty = on_duty_of.get(r.event_id, ())
            add(r.event_id, "flow", 2, "gaps", owners=on_duty, n=r.long_gaps, gap=float(min_gap),
                longest=r.longest_gap_minutes)
        for r in flow.loc[flow["over_practice_minutes"] > duration_tolerance].itertuples(index=False):
            add(r.event_id, "duration", 3, "duration", dur=r.duration_minutes, over=r.over_practice_minutes,
                practice=r.practice_minutes / 60)
    if shifts is not None and len(shifts):
        events += shifts["event_id"].tolist()
        for r in shifts.loc[shifts["receiving"].to_numpy(dtype=bool)].itertuples(index=False):
            add(r.event_id, "roles", 2, "greeter_receiving", owners=[r.staff_id], who=r.staff_id,
                n=r.records_on_duty, start=r.from_at, end=r.to_at, gaps=r.long_gaps)
    if gifts is not None and len(gifts):
        events += gifts["event_id"].tolist()
        lost_by = {}  # the receivers whose visitors' gifts went unrecorded, per event (split once)
        if receivers is not None and len(receivers):
            lost_by = _by_event(receivers.loc[((receivers["gifts_lost"] > 0) & (receivers["duty"] == "receiver"))
                                              .fillna(False).to_numpy(dtype=bool)])
        for r in gifts.loc[gifts["gifts_lost"] > 0].itertuples(index=False):
            owners = lost_by.get(r.event_id, ())
            add(r.event_id, "recording", 2, "gifts_lost", owners=owners, n=r.gifts_lost, gifts=r.gifts)
    if card is not None:
        events += card["event_id"].tolist()
        missed = card.loc[card["passed"].eq(False).fillna(False).to_numpy()]
        sep = "、" if language == "zh" else ", "
        for e, grp in missed.groupby("event_id", sort=True):
            what = sep.join(_target_name(m, r, language) for m, r in zip(grp["metric"], grp["role"]))
            add(e, "target", 2, "target_missed", n=len(grp), what=what)
    if score is not None:
        events += score["event_id"].tolist()
        for r in score.loc[score["passed"].eq(False).fillna(False).to_numpy()].itertuples(index=False):
            add(r.event_id, "score", 1, "score_low", score=r.score, mark=r.pass_mark)
    if steps is not None:
        events += steps["event_id"].tolist()
        for r in steps.loc[steps["unrealistic"]].itertuples(index=False):
            add(r.event_id, "target_step", 2, "step", what=_target_name(r.metric, r.role, language),
                prev=_num(r.previous_target), prev_actual=_num(r.previous_actual), cur=_num(r.target),
                step=r.target_step)
    if sales is not None:
        events += sales["event_id"].tolist()
        tot = sales.groupby("event_id")[["deals", "attendees"]].sum()
        owners_of = {}
        if leads is not None and len(leads) and "event_id" in leads.columns and "assigned_to" in leads.columns:
            ld = leads.assign(event_id=leads["event_id"].astype("string"),
                              assigned_to=leads["assigned_to"].astype("string"))
            owners_of = {e: sorted(g["assigned_to"].dropna().unique()) for e, g in ld.groupby("event_id")}
        for e in tot.index[(tot["deals"] == 0) & (tot["attendees"] > 0)]:
            add(e, "sales", 2, "no_sales", owners=owners_of.get(e, ()))
    found = {r[0] for r in rows}
    for e in dict.fromkeys(events):
        if e not in found:
            add(e, "keep", 3, "keep")
    out = pd.DataFrame(rows, columns=["event_id", "area", "rule", "priority", "owner_id", "finding", "action"])
    out = out.astype({"event_id": "string", "area": "string", "rule": "string", "priority": np.int64,
                      "owner_id": "string", "finding": "string", "action": "string"})
    return out.sort_values(["event_id", "priority"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# data findings
# ---------------------------------------------------------------------------

#: The checks of :func:`event_findings`, in their order.
CHECKS = ("duplicate_checkins", "source_without_invitation", "source_differs", "host_absent",
          "brought_without_host", "no_attendees", "attendance_unknown_event")


@tidy
def event_findings(data=None, /, *, invitations: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
                   events: pd.DataFrame | None = None, language: str = "zh") -> pd.DataFrame:
    """Data findings of the event tables that the analyses had to resolve (for the data-quality section).

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`select_event`) supplying the tables not given by name.
    invitations, attendance, events : pandas.DataFrame
        The contract's tables.
    language : {"zh", "en"}, default "zh"
        Language of ``detail``.

    Returns
    -------
    pandas.DataFrame
        One row per event and kind of finding: ``event_id``, ``check``
        (code), ``n_rows`` (int64), ``examples`` (str: the first person ids),
        ``detail`` (what was done about it, sentences ``events.finding.*``). Checks:

        - ``duplicate_checkins``: one person checked in more than once (counted once);
        - ``source_without_invitation``: recorded as staff/partner invitee but
          no such invitation (counted as walk-in);
        - ``source_differs``: recorded source differs from the invitation
          record otherwise (the invitation record is used);
        - ``host_absent``: a guest whose host did not check in (kept in the
          host's chain);
        - ``brought_without_host``: recorded brought_along without
          ``brought_by`` (chain unattributed);
        - ``no_attendees``: an event with no check-ins;
        - ``attendance_unknown_event``: check-ins at an event not in ``events``.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> twice = pd.concat([t["attendance"], t["attendance"].iloc[[0]]], ignore_index=True)  # A signs in twice
    >>> f = event_findings(t, attendance=twice, language="en")
    >>> f[["event_id", "check", "n_rows", "examples"]]
      event_id               check  n_rows examples
    0       E1  duplicate_checkins       1        A
    >>> f.loc[0, "detail"]
    'counted once (earliest check-in kept)'
    """
    func = "event_findings"
    t = prep.pick(data, func, required=("invitations", "attendance", "events"), invitations=invitations,
                  attendance=attendance, events=events)
    language = _check_language(language, func)
    ev = tb.events(t["events"], func)
    att_raw = prep.require_frame(t["attendance"], "attendance", ("event_id", "person_id"), func)
    chain = attendance_chain(attendance=t["attendance"], invitations=t["invitations"])
    raw = att_raw.assign(event_id=prep.ids(att_raw, "attendance", "event_id", func),
                         person_id=prep.ids(att_raw, "attendance", "person_id", func))
    parts = []

    def add(check, frame):
        if len(frame):
            g = frame.groupby("event_id", sort=True)["person_id"]
            parts.append(pd.DataFrame({"event_id": g.size().index, "check": check,
                                       "n_rows": g.size().to_numpy(dtype=np.int64),
                                       "examples": g.agg(lambda s: prep.show(s.astype(str))).to_numpy(),
                                       "detail": say(f"events.finding.{check}", language)}))

    add("duplicate_checkins", raw.loc[raw.duplicated(["event_id", "person_id"], keep="first")])
    rec = chain["source"].astype("string")
    invited_walk_in = rec.isin(["staff_invite", "partner_invite"]) & (chain["derived_source"] == "walk_in")
    add("source_without_invitation", chain.loc[invited_walk_in.fillna(False).to_numpy()])
    differs = rec.notna() & (rec != chain["derived_source"]) & ~invited_walk_in
    add("source_differs", chain.loc[differs.fillna(False).to_numpy()])
    add("host_absent", chain.loc[chain["host_attended"].eq(False).fillna(False).to_numpy()])
    add("brought_without_host", chain.loc[((rec == "brought_along") & chain["host_id"].isna()).fillna(False)
                                          .to_numpy()])
    empty_ev = ev.loc[~ev["event_id"].isin(chain["event_id"])]
    add("no_attendees", pd.DataFrame({"event_id": empty_ev["event_id"], "person_id": ""}))
    add("attendance_unknown_event", chain.loc[~chain["event_id"].isin(ev["event_id"])])
    if not parts:
        return pd.DataFrame({"event_id": pd.Series([], dtype="string"), "check": pd.Series([], dtype="string"),
                             "n_rows": pd.Series([], dtype=np.int64), "examples": pd.Series([], dtype="string"),
                             "detail": pd.Series([], dtype="string")})
    out = pd.concat(parts, ignore_index=True)
    out.loc[out["check"] == "no_attendees", "examples"] = ""
    out.loc[out["check"] == "no_attendees", "n_rows"] = 0
    return out.astype({"event_id": "string", "check": "string", "n_rows": np.int64, "examples": "string",
                       "detail": "string"})
