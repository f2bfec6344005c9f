"""The answer first (issue 14): the headline numbers of the period's events, the verdict, the ranked actions.

- :func:`headline` — three to five numbers with their 95% interval, the value in the previous period
  (or at the previous comparable event), the p-value of the change and a flag against the standard:
  the stranger ratio (pooled over the events), the events below the standard, the show-up rate of
  invitations, attendance against the plan, and the sales to attendees within 72 hours;
- :func:`verdict` — one sentence from those numbers;
- :func:`actions` — at most ten actions, deduplicated over the events (one line for "5 events below
  70%", with the events listed), each with an owner by name and role, a due date and the reason;
- :func:`previous_data` — what the headline compares with: the previous period, or the previous
  comparable event when the report is about one event.

The numbers pool the attendees of the events (an attendee is counted once per event); their
intervals treat attendees as independent, which they are not quite (people come in parties), so
they are a little too narrow.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis import prep, rules, stats
from analysis.errors import ParameterError
from analysis.events import _tables as tb
from analysis.events.arrivals import arrival_flow
from analysis.events.attendance import attendance_summary
from analysis.events.chain import invitation_chain
from analysis.events.costs import deals_in_window, sales_after_event
from analysis.events.findings import DURATION_TOLERANCE_MINUTES, recommendations
from analysis.events.recording import gifts_without_record, recording_by_receiver
from analysis.events.roles import greeter_shifts
from analysis.events.scorecard import event_score, scorecard, target_steps
from analysis.events.selection import select_event
from analysis.events.strangers import _previous_comparable, stranger_ratio
from analysis.report import say, staff_names, value_label
from analysis.report.headline import MAX_ACTIONS
from analysis.report.labels import check_language

__all__ = ["headline", "verdict", "actions", "previous_data", "HEADLINE_COLUMNS", "ACTION_COLUMNS"]

HEADLINE_COLUMNS = ["measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p", "standard", "flag", "out_of"]
ACTION_COLUMNS = ["rank", "owner", "action", "due", "reason"]
#: Rules of :func:`recommendations` in the order they are ranked within a priority.
RULE_ORDER = ("ratio_low", "score_low", "invite_none", "came_alone", "show_up", "over_plan", "gaps",
              "greeter_receiving", "gifts_lost", "no_sales", "target_missed", "step", "duration")
#: Rules whose action is a follow-up of the event itself (due within 24 hours of its end).
FOLLOW_UP_RULES = ("no_sales",)
#: Events listed by name in an action's reason before "… and N more".
MAX_LISTED = 6
#: Owners named on one action before "and N more" (the ones with the most findings first).
MAX_OWNERS = 4


# ---------------------------------------------------------------------------
# the numbers
# ---------------------------------------------------------------------------

def _counts(t: dict, window_hours: float, plan_kinds, func: str) -> dict:
    """The raw counts behind the headline of one data set (the period, or the previous one)."""
    ev = tb.events(t["events"], func, ("event_id", "starts_at", "ends_at"))
    att = tb.checkins(t["attendance"], func)
    att = att.loc[att["event_id"].isin(ev["event_id"]).to_numpy()].reset_index(drop=True)
    per = stranger_ratio(att, "event_id") if len(att) else None
    out = {"events": len(ev), "attendees": len(att), "strangers": int(att["stranger"].sum()),
           "rated": 0 if per is None else len(per),
           "below": 0 if per is None else int((per["rate"] < t["_standard"]).sum())}
    summ = attendance_summary(invitations=t["invitations"], attendance=att, events=ev)
    inv = summ.loc[summ["source"].isin(["staff_invite", "partner_invite"]).to_numpy()]
    out["invited"], out["came"] = int(inv["invited"].sum()), int(inv["showed_up"].sum())
    planned_kind = summ["event_id"].map(ev.set_index("event_id")["kind"].astype("string")).isin(list(plan_kinds)) \
        if "kind" in ev.columns else pd.Series(True, index=summ.index)
    tot = summ.loc[(summ["source"] == "all").to_numpy() & (summ["planned_invites"] > 0).to_numpy()
                   & planned_kind.fillna(False).to_numpy(dtype=bool)]
    out["planned"], out["planned_arrived"] = float(tot["planned_invites"].sum()), int(tot["arrived"].sum())
    out["amounts"] = None
    if t.get("deals") is not None:
        won = deals_in_window(ev, att, t["deals"], window_hours, func)
        spent = won.groupby(["event_id", "person_id"])["amount"].sum()
        key = pd.MultiIndex.from_arrays([att["event_id"], att["person_id"]])
        out["amounts"] = np.asarray(spent.reindex(key).fillna(0.0), dtype=float)
    return out


def _total_interval(a: np.ndarray, level: float) -> tuple[float, float]:
    """Interval of the total amount N·mean, normal approximation on the per-attendee amounts, floored at 0."""
    n = len(a)
    if n < 2:
        return np.nan, np.nan
    z = stats.z_value(level)
    half = z * np.sqrt(n) * float(np.std(a, ddof=1))
    total = float(a.sum())
    return max(total - half, 0.0), total + half


def _totals_p(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided p of "the same expected total" for two totals of per-attendee amounts (normal approximation)."""
    if len(a) < 2 or len(b) < 2:
        return np.nan
    var = len(a) * np.var(a, ddof=1) + len(b) * np.var(b, ddof=1)
    if var == 0:
        return np.nan
    return float(2 * sps.norm.sf(abs(a.sum() - b.sum()) / np.sqrt(var)))


def _item(measure, value, lo, hi, fmt, previous, p, standard, flag, out_of=np.nan) -> dict:
    return {"measure": measure, "value": value, "ci_low": lo, "ci_high": hi, "fmt": fmt, "previous": previous,
            "change_p": p, "standard": standard, "flag": flag, "out_of": out_of}


def _p_proportions(x1, n1, x2, n2) -> float:
    if n1 <= 0 or n2 <= 0:
        return np.nan
    return float(stats.compare_proportions(x1, n1, x2, n2)["p_value"].iloc[0])


def headline(data=None, /, *, previous=None, events: pd.DataFrame | None = None,
             attendance: pd.DataFrame | None = None, invitations: pd.DataFrame | None = None,
             deals: pd.DataFrame | None = None, level: float = rules.LEVEL,
             standard: float = rules.STRANGER_RATIO_STANDARD, show_up_standard: float = rules.SHOW_UP_STANDARD,
             window_hours: float = rules.SALES_WINDOW_HOURS, plan_kinds=("salon",)) -> pd.DataFrame:
    """The numbers that matter for the period's events, for :func:`analysis.report.headline_block`.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        The period's data set (:func:`analysis.scope.for_branch`, or :func:`select_event` for one event).
    previous : mapping of table name → DataFrame, optional
        The same tables for the previous period of the same length (or the previous comparable event,
        :func:`previous_data`); None leaves ``previous`` and ``change_p`` empty.
    events, attendance, invitations : pandas.DataFrame
        The contract's tables (override ``data``).
    deals : pandas.DataFrame, optional
        For the sales within ``window_hours``; without it that number is left out.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
    standard : float, default :data:`analysis.rules.STRANGER_RATIO_STANDARD` (0.70)
    show_up_standard : float, default :data:`analysis.rules.SHOW_UP_STANDARD` (0.6)
    window_hours : float, default :data:`analysis.rules.SALES_WINDOW_HOURS` (72)
    plan_kinds : sequence of str, default ("salon",)
        The kinds whose attendance is measured against the planned invitations (a salon's audience
        comes on invitations; a booth's mostly walks in, so its plan says little).

    Returns
    -------
    pandas.DataFrame
        One row per number, in display order, columns exactly :data:`HEADLINE_COLUMNS`
        (``measure`` is a label key, ``fmt`` a format, ``flag`` ∈ ok / below / warn / "", ``out_of``
        the count a count is out of, NaN for the others):

        - ``stranger_ratio``: strangers ÷ attendees of all the events, Wilson interval, against
          ``standard``; change tested with :func:`analysis.stats.compare_proportions`;
        - ``events_below_standard``: events whose own ratio is under ``standard`` (``warn`` when
          any), out of ``out_of`` events with check-ins (the card reads "5 of 12 events below
          70.0%"); change: the share of events below, compared the same way;
        - ``show_up_rate``: staff and partner invitees who came ÷ invited, Wilson, against
          ``show_up_standard``;
        - ``attendance_over_plan``: attendees ÷ planned invitations over the events of
          ``plan_kinds`` with a plan,
          exact Poisson interval, against 100%; change: R's ``poisson.test`` of two rates (a
          binomial test of the attendees given their total);
        - ``sales_72h`` (yuan, with ``deals``): sales to attendees within ``window_hours``; interval
          N·mean ± z·√N·sd of the per-attendee amounts (floored at 0); change: the normal test of
          two such totals. A few large deals dominate it: read its interval.

        Empty (no rows) when ``events`` is empty.

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> h = headline(example_tables())
    >>> h[["measure", "value", "fmt", "flag"]]
                    measure     value    fmt flag
    0        stranger_ratio  0.750000    pct   ok
    1  events_below_standard  0.000000  count   ok
    2          show_up_rate  0.666667    pct   ok
    3  attendance_over_plan  1.333333    pct   ok
    """
    func = "headline"
    t = prep.pick(data, func, required=("events", "attendance", "invitations"), optional=("deals",), events=events,
                  attendance=attendance, invitations=invitations, deals=deals)
    level = prep.check_level(level, func)
    standard = prep.check_fraction(standard, "standard", func)
    show_up_standard = prep.check_fraction(show_up_standard, "show_up_standard", func)
    window_hours = prep.check_number(window_hours, "window_hours", func, unit="hours")
    if previous is not None and not hasattr(previous, "get"):
        raise ParameterError(f"{func}: previous must be a data set (table name → DataFrame) or None, "
                             f"got {type(previous).__name__}.")
    if not len(t["events"]):
        return pd.DataFrame({c: pd.Series([], dtype=float if c not in ("measure", "fmt", "flag") else "string")
                             for c in HEADLINE_COLUMNS})
    if isinstance(plan_kinds, str):
        plan_kinds = [plan_kinds]
    cur = _counts({**t, "_standard": standard}, window_hours, plan_kinds, func)
    prev = None
    if previous is not None and previous.get("events") is not None and len(previous["events"]):
        pt = prep.pick(previous, func, required=("events", "attendance", "invitations"), optional=("deals",))
        if t["deals"] is None:
            pt["deals"] = None
        prev = _counts({**pt, "_standard": standard}, window_hours, plan_kinds, func)
    rows = []

    def rate(x, n):
        return x / n if n else np.nan

    # 1. the stranger ratio
    ci = stats.proportion(cur["strangers"], cur["attendees"], level).iloc[0] if cur["attendees"] else None
    value = rate(cur["strangers"], cur["attendees"])
    pv = rate(prev["strangers"], prev["attendees"]) if prev else np.nan
    p = _p_proportions(cur["strangers"], cur["attendees"], prev["strangers"], prev["attendees"]) if prev else np.nan
    rows.append(_item("stranger_ratio", value, ci["ci_low"] if ci is not None else np.nan,
                      ci["ci_high"] if ci is not None else np.nan, "pct", pv, p, standard,
                      "" if value != value else ("ok" if value >= standard else "below")))
    # 2. events below the standard
    p = _p_proportions(cur["below"], cur["rated"], prev["below"], prev["rated"]) if prev else np.nan
    rows.append(_item("events_below_standard", float(cur["below"]), np.nan, np.nan, "count",
                      float(prev["below"]) if prev else np.nan, p, np.nan,
                      "" if not cur["rated"] else ("ok" if cur["below"] == 0 else "warn"),
                      float(cur["rated"]) if cur["rated"] else np.nan))
    # 3. show-up rate of invitations
    if cur["invited"]:
        ci = stats.proportion(cur["came"], cur["invited"], level).iloc[0]
        value = cur["came"] / cur["invited"]
        pv = rate(prev["came"], prev["invited"]) if prev else np.nan
        p = _p_proportions(cur["came"], cur["invited"], prev["came"], prev["invited"]) if prev else np.nan
        rows.append(_item("show_up_rate", value, ci["ci_low"], ci["ci_high"], "pct", pv, p, show_up_standard,
                          "ok" if value >= show_up_standard else "below"))
    # 4. attendance against the plan
    if cur["planned"] > 0:
        x, planned = cur["planned_arrived"], cur["planned"]
        alpha = 1 - level
        lo = sps.chi2.ppf(alpha / 2, 2 * x) / 2 / planned if x > 0 else 0.0
        hi = sps.chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2 / planned
        pv, p = np.nan, np.nan
        if prev and prev["planned"] > 0:
            pv = prev["planned_arrived"] / prev["planned"]
            total = x + prev["planned_arrived"]
            if total:
                p = float(sps.binomtest(x, total, planned / (planned + prev["planned"])).pvalue)
        value = x / planned
        rows.append(_item("attendance_over_plan", value, float(lo), float(hi), "pct", pv, p, 1.0,
                          "ok" if value >= 1 else "below"))
    # 5. sales within 72 hours
    if cur["amounts"] is not None:
        a = cur["amounts"]
        lo, hi = _total_interval(a, level)
        b = prev["amounts"] if prev else None
        rows.append(_item("sales_72h", float(a.sum()), lo, hi, "yuan",
                          float(b.sum()) if b is not None else np.nan,
                          _totals_p(a, b) if b is not None else np.nan, np.nan, ""))
    out = pd.DataFrame(rows, columns=HEADLINE_COLUMNS)
    return out.astype({"measure": "string", "fmt": "string", "flag": "string", "value": float, "ci_low": float,
                       "ci_high": float, "previous": float, "change_p": float, "standard": float, "out_of": float})


def verdict(headline_items: pd.DataFrame, language: str = "zh") -> str:
    """The verdict in one sentence from :func:`headline` (sentences ``events.verdict.*``).

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> verdict(headline(example_tables()), "en")
    'Stranger ratio 75.0% (95% CI 30.1%–95.4%): meets the 70.0% standard at every event.'
    """
    check_language(language)
    h = prep.require_frame(headline_items, "headline", ("measure", "value"), "verdict")
    items = {m: r for m, r in zip(h["measure"], h.to_dict("records"))}
    r = items.get("stranger_ratio")
    if r is None or pd.isna(r["value"]):
        return say("events.verdict.no_data", language)
    below = int(items["events_below_standard"]["value"]) if "events_below_standard" in items else 0
    change = ""
    if pd.notna(r.get("previous")) and pd.notna(r.get("change_p")) and r["change_p"] < rules.NOISE_P:
        diff = r["value"] - r["previous"]
        change = say("events.verdict.up" if diff > 0 else "events.verdict.down", language, diff=abs(diff))
    std = r["standard"] if pd.notna(r.get("standard")) else rules.STRANGER_RATIO_STANDARD
    key = ("events.verdict.below" if r["value"] < std else
           "events.verdict.some_below" if below else "events.verdict.all_ok")
    text = say(key, language, rate=r["value"], lo=r["ci_low"], hi=r["ci_high"], std=std, k=below, change=change)
    sales = items.get("sales_72h")
    if sales is not None and pd.notna(sales["value"]):
        text = text[:-1] + say("events.verdict.sales", language, amount=sales["value"])
    return text


# ---------------------------------------------------------------------------
# the comparison
# ---------------------------------------------------------------------------

def previous_data(scoped, event_id: str = "", previous=None):
    """What :func:`headline` compares with: the previous comparable event when ``event_id`` is given, else ``previous``.

    With ``event_id``, the latest earlier event of the same branch and kind in ``scoped`` (its
    tables, :func:`select_event`), or None when there is none; without, ``previous`` as given (the
    previous period's data set, or None).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["S1", "S2"], "kind": "salon",
    ...                    "starts_at": pd.to_datetime(["2026-07-04", "2026-07-18"])})
    >>> previous_data({"events": ev}, "S2")["events"]["event_id"].tolist()
    ['S1']
    """
    if not isinstance(event_id, str) or not event_id.strip():
        return previous
    ev = tb.events(scoped["events"], "previous_data", ("event_id", "kind", "starts_at"))
    prev = _previous_comparable(ev).set_index("event_id")["previous_event_id"]
    before = prev.get(event_id.strip())
    if before is None or pd.isna(before):
        return None
    return select_event(scoped, str(before))


# ---------------------------------------------------------------------------
# the actions
# ---------------------------------------------------------------------------

def _owner_text(ids: list, branch_head, names: pd.Series, language: str) -> str:
    sep = "、" if language == "zh" else ", "
    who = [names.get(i, i) for i in ids]
    if not who:
        return str(branch_head) if branch_head is not None else value_label("branch_head", language)
    more = len(who) - MAX_OWNERS
    text = sep.join(str(w) for w in who[:MAX_OWNERS])
    return text + (say("events.act.more_people", language, n=more) if more > 0 else "")


def _listed(items: list[str], language: str) -> str:
    sep = "、" if language == "zh" else ", "
    more = len(items) - MAX_LISTED
    text = sep.join(items[:MAX_LISTED])
    return text + (say("events.act.more", language, n=more) if more > 0 else "")


def actions(data=None, /, *, events: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
            invitations: pd.DataFrame | None = None, staff: pd.DataFrame | None = None,
            event_targets: pd.DataFrame | None = None, deals: pd.DataFrame | None = None,
            leads: pd.DataFrame | None = None, event_staff: pd.DataFrame | None = None,
            survey_responses: pd.DataFrame | None = None, visitor_records: pd.DataFrame | None = None,
            as_of=None, language: str = "zh", limit: int = MAX_ACTIONS, standard: float = rules.STRANGER_RATIO_STANDARD,
            pass_mark: float = rules.PASS_MARK, min_show_up: float = rules.SHOW_UP_STANDARD,
            min_gap: float = rules.FLOW_GAP_MINUTES, next_event_days: float = rules.NEXT_EVENT_DAYS,
            contact_hours: float = rules.CONTACT_HOURS) -> pd.DataFrame:
    """The ranked action list of the period's events: deduplicated, at most ``limit``, each with owner and due date.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        The period's data set (:func:`analysis.scope.for_branch` or :func:`select_event`).
    events, attendance, invitations, staff : pandas.DataFrame
        The contract's tables (override ``data``); ``staff`` names the owners.
    event_targets, deals, leads, event_staff, survey_responses, visitor_records : pandas.DataFrame, optional
        Used when present: targets and scores, sales within 72 hours (and who follows up), greeters
        and receivers on duty, the records kept.
    as_of : timestamp or text, optional
        The moment the list is for (default: the end of the latest event).
    language : {"zh", "en"}, default "zh"
    limit : int, default :data:`analysis.report.headline.MAX_ACTIONS` (10)
    standard, pass_mark, min_show_up, min_gap
        The rules (:mod:`analysis.rules`), as in :func:`recommendations`.
    next_event_days : float, default :data:`analysis.rules.NEXT_EVENT_DAYS` (7)
        An action for next time is due before the next event on the calendar after ``as_of``, or
        this many days after ``as_of`` when none is.
    contact_hours : float, default :data:`analysis.rules.CONTACT_HOURS` (24)
        A follow-up action is due this many hours after its event while its 72-hour window is open.

    Returns
    -------
    pandas.DataFrame
        Columns exactly :data:`ACTION_COLUMNS`: ``rank`` (int64, 1 first), ``owner`` (names and roles,
        :func:`analysis.report.staff_names`: the branch head for what the branch organises, the
        inviting staff for invitation-chain findings, the greeters and receivers on duty for flow
        and recording findings, the staff following up for sales), ``action`` (what to do),
        ``due`` (date), ``reason`` (the finding, with the events it concerns). One row per rule of
        :func:`recommendations`, however many events it fired at; ranked by priority, then by the
        number of events, then by :data:`RULE_ORDER`.

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> a = actions(example_tables(), language="en")
    >>> a[["rank", "owner", "due"]]
       rank        owner        due
    0     1  Branch head 2026-07-25
    1     2  Branch head 2026-07-25
    >>> a["reason"].tolist()
    ['1 event(s) with a show-up rate below 60.0%: E1', '1 event(s) with gaps of 10+ minutes between arrivals: E1']
    """
    func = "actions"
    language = check_language(language)
    t = prep.pick(data, func, required=("events", "attendance", "invitations"),
                  optional=("staff", "event_targets", "deals", "leads", "event_staff", "survey_responses",
                            "visitor_records"),
                  events=events, attendance=attendance, invitations=invitations, staff=staff,
                  event_targets=event_targets, deals=deals, leads=leads, event_staff=event_staff,
                  survey_responses=survey_responses, visitor_records=visitor_records)
    limit = prep.check_count(limit, "limit", func)
    ev = tb.events(t["events"], func, ("event_id", "starts_at", "ends_at"))
    if not len(ev):
        return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in
                             zip(ACTION_COLUMNS, (np.int64, "string", "string", "datetime64[ns]", "string"))})
    as_of = prep.as_of(as_of, func, default=prep.latest(ev["ends_at"]))
    kw = dict(events=ev, attendance=t["attendance"], invitations=t["invitations"])
    ratio = stranger_ratio(tb.checkins(t["attendance"], func).pipe(lambda a: a.loc[a["event_id"].isin(ev["event_id"])]),
                           standard=standard)
    summary = attendance_summary(**kw)
    chain = (invitation_chain(**kw, staff=t["staff"], checked_only=True) if t["staff"] is not None else None)
    flow = arrival_flow(events=ev, attendance=t["attendance"], min_gap=min_gap)
    card = score = steps = None
    if t["event_targets"] is not None and len(t["event_targets"]):
        tables = {**t, "events": ev}
        card = scorecard(tables)
        score = event_score(card, pass_mark=pass_mark)
        steps = target_steps(tables, card=card, previous_only=True)
    sales = (sales_after_event(events=ev, attendance=t["attendance"], deals=t["deals"])
             if t["deals"] is not None else None)
    shifts = receivers = gifts = None
    records = dict(survey_responses=t["survey_responses"], visitor_records=t["visitor_records"])
    if t["event_staff"] is not None and len(t["event_staff"]):
        shifts = greeter_shifts(events=ev, attendance=t["attendance"], event_staff=t["event_staff"], min_gap=min_gap,
                                **records)
        receivers = recording_by_receiver(events=ev, attendance=t["attendance"], event_staff=t["event_staff"],
                                          **records)
    if "gift" in t["attendance"].columns:
        gifts = gifts_without_record(events=ev, attendance=t["attendance"], **records)
    rec = recommendations(ratio=ratio, summary=summary, chain=chain, flow=flow, card=card, score=score, steps=steps,
                          sales=sales, shifts=shifts, gifts=gifts, receivers=receivers, leads=t["leads"],
                          standard=standard, min_show_up=min_show_up, min_gap=min_gap,
                          duration_tolerance=DURATION_TOLERANCE_MINUTES, language=language)
    rec = rec.loc[(rec["rule"] != "keep").to_numpy()]
    names = staff_names(t["staff"], language) if t["staff"] is not None else pd.Series(dtype="string")
    heads = (t["staff"].loc[t["staff"]["role"].astype("string") == "branch_head", "staff_id"].astype("string")
             if t["staff"] is not None else pd.Series([], dtype="string"))
    branch_head = names.get(heads.iloc[0], None) if len(heads) else None
    ends = ev.set_index("event_id")["ends_at"]
    upcoming = ev.loc[(ev["starts_at"] > as_of).to_numpy(), "starts_at"]
    next_due = (upcoming.min() if len(upcoming) else as_of + pd.Timedelta(days=float(next_event_days))).normalize()
    rows = []
    for rule, grp in rec.groupby("rule", sort=False):
        ids = list(dict.fromkeys(grp["event_id"]))
        each = pd.Series([o for v in grp["owner_id"].dropna() for o in str(v).split(",") if o], dtype=object)
        owners = list(each.value_counts(sort=False).sort_index().sort_values(ascending=False, kind="stable").index)
        if grp["owner_id"].isna().any() and owners and branch_head is not None:  # the branch head owns the rest
            owners = [heads.iloc[0]] + owners
        owner = _owner_text(owners, branch_head, names, language)
        due = next_due
        if rule in FOLLOW_UP_RULES:
            open_ = [ends[e] + pd.Timedelta(hours=float(contact_hours)) for e in ids
                     if ends[e] + pd.Timedelta(hours=rules.RESOLVE_HOURS) > as_of]
            if open_:
                due = max(min(open_), as_of).normalize()
        if rule == "ratio_low":
            r = ratio.set_index("event_id")
            pct = {e: f"{r.loc[e, 'rate'] * 100:.1f}%" for e in ids}
            listed = [f"{e}（{pct[e]}）" if language == "zh" else f"{e} ({pct[e]})" for e in ids]
        else:
            listed = list(ids)
        extra = {"k": int(grp["finding"].size)}
        if rule == "gifts_lost" and gifts is not None:
            extra["k"] = int(gifts.loc[gifts["event_id"].isin(ids), "gifts_lost"].sum())
        reason = say(f"events.act.{rule}", language, n=len(ids), events=_listed(listed, language), std=standard,
                     gap=float(min_gap), mark=float(pass_mark), min=min_show_up, **extra)
        rows.append({"_priority": int(grp["priority"].min()), "_n": len(ids),
                     "_order": RULE_ORDER.index(rule) if rule in RULE_ORDER else len(RULE_ORDER),
                     "owner": owner, "action": str(grp["action"].iloc[0]), "due": due, "reason": reason})
    if not rows:
        return actions(events=ev.iloc[:0], attendance=t["attendance"], invitations=t["invitations"])
    out = pd.DataFrame(rows).sort_values(["_priority", "_n", "_order"], ascending=[True, False, True], kind="stable")
    out = out.head(limit).reset_index(drop=True)
    out = out.assign(rank=np.arange(1, len(out) + 1, dtype=np.int64))[ACTION_COLUMNS]
    return out.astype({"owner": "string", "action": "string", "reason": "string", "due": "datetime64[ns]"})
