"""The answer first: the follow-up report's headline numbers, its verdict, and the morning action list.

:func:`headline` gives the four numbers of the first screen (24-hour and 72-hour compliance, overdue
leads now, win rate), each with its interval, its value in the previous period, a test of the change
and a flag against its standard; :func:`verdict` says what they mean in one sentence; :func:`actions`
is the list for the morning meeting — overdue leads grouped by the staff member who owns them, what to
do and by when. They feed :func:`analysis.report.headline_block`, :func:`analysis.report.verdict_block`
and :func:`analysis.report.actions_block`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.followup.status import check_hours, evaluate, tables
from analysis.stats import compare_proportions, proportion

__all__ = ["HEADLINE_MEASURES", "ACTION_KINDS", "headline", "verdict", "actions", "previous_as_of"]

#: The measures of :func:`headline`, in display order (label keys).
HEADLINE_MEASURES: tuple[str, ...] = ("first_contact_24h", "resolved_72h", "overdue_leads", "win_rate_72h")
#: The kinds of action of :func:`actions`, in rank order.
ACTION_KINDS: tuple[str, ...] = ("assign", "call", "close_out", "close_stale")
_HEADLINE_COLUMNS = ["measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p", "standard", "flag"]
_MAX_IDS = 3  # lead ids named in one action


def _leads_of(data, func: str, name: str = "previous") -> pd.DataFrame | None:
    """The leads table of a data set, or the table itself (None stays None)."""
    if data is None:
        return None
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, Mapping) and "leads" in data:
        return data["leads"]
    raise ParameterError(f"{func}: {name} must be a data set with a leads table (e.g. the previous period's "
                         f"scope.for_branch(...)) or a leads DataFrame, got {type(data).__name__}.")


def previous_as_of(as_of, period_start=None, period_end=None) -> pd.Timestamp | None:
    """The evaluation time of the previous period: ``as_of`` moved back as far as the period's end moves back.

    (A calendar month gives the previous month's end: 2026-10-31 18:00 → 2026-09-30 18:00.) So that the previous period is seen at the same point of its course as the current one (its leads
    had as long to be contacted and resolved). None when the period is open (no previous period,
    :func:`analysis.scope.previous_period`).

    Examples
    --------
    >>> previous_as_of("2026-10-31 18:00", "2026-10-01", "2026-10-31")
    Timestamp('2026-09-30 18:00:00')
    """
    from analysis.scope import parse_period, previous_period

    prev = previous_period(period_start, period_end)
    ts = prep.as_of(as_of, "previous_as_of")
    if prev is None or ts is None:
        return None
    _, end = parse_period(period_start, period_end)
    _, prev_end = parse_period(*prev)
    return ts - (end - prev_end)


def _figures(leads: pd.DataFrame, as_of, ch: float, rh: float, func: str) -> dict:
    """Counts behind the headline: both rules, overdue leads, wins among leads past their 72 hours."""
    st, ts = evaluate(leads, as_of, ch, rh, func, ids=())
    contact, resolve = st["contact_status"], st["resolve_status"]
    is_open = (st["outcome_as_of"] == "open").to_numpy(dtype=bool)
    age = st["age_hours"].to_numpy(dtype=float)
    not_contacted = st["hours_to_contact"].isna().to_numpy()
    overdue = is_open & ((not_contacted & (age > ch)) | (age > rh))
    past = age >= rh
    return {
        "met1": int((contact == "met").sum()), "n1": int((contact != "pending").sum()),
        "met2": int((resolve == "met").sum()), "n2": int((resolve != "pending").sum()),
        "overdue": int(overdue.sum()), "captured": len(st),
        "won": int(st["won"].to_numpy()[past].sum()), "past": int(past.sum()), "as_of": ts,
    }


def _change_p(x1: int, n1: int, x0: int | None, n0: int | None, level: float) -> float:
    if x0 is None or not n1 or not n0:
        return np.nan
    return float(compare_proportions(x1, n1, x0, n0, level=level, method="auto")["p_value"].iloc[0])


def headline(data=None, /, *, previous=None, leads: pd.DataFrame | None = None, as_of=None, previous_as_of=None,
             contact_hours: float = rules.CONTACT_HOURS, resolve_hours: float = rules.RESOLVE_HOURS,
             target: float = rules.COMPLIANCE_TARGET, level: float = rules.LEVEL) -> pd.DataFrame:
    """The four numbers of the follow-up report's first screen, for :func:`analysis.report.headline_block`.

    Parameters
    ----------
    data : mapping, optional
        The report's scoped data set (``scope.for_branch(ds, branch, start, end)``), supplying ``leads``.
    previous : mapping or DataFrame, optional
        The previous period of the same length (``scope.for_branch(ds, branch,
        *scope.previous_period(start, end))``) or its leads; None: no previous values (an open period).
    leads : pandas.DataFrame
        The leads of the report's scope; keyword-only.
    as_of : str or Timestamp, optional
        Evaluation time of the current period; default the latest timestamp in ``leads``.
    previous_as_of : str or Timestamp, optional
        Evaluation time of the previous period — pass the current one shifted back by the period's
        length, so that both periods are seen at the same point of their course; default the latest
        timestamp in the previous leads.
    contact_hours, resolve_hours : float, default 24 and 72 (:mod:`analysis.rules`)
    target : float, default :data:`analysis.rules.COMPLIANCE_TARGET` (1.0)
        The share of leads that should meet each rule (the flag's standard).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Four rows, columns ``measure``, ``value``, ``ci_low``, ``ci_high``, ``fmt``, ``previous``,
        ``change_p``, ``standard``, ``flag``:

        - ``first_contact_24h``, ``resolved_72h``: the share of leads meeting the rule (met / leads
          whose window has passed or that met it; :func:`~analysis.followup.rule_24_72`), Wilson
          interval; ``change_p``: test of the change against the previous period
          (:func:`analysis.stats.compare_proportions`, ``method="auto"``); standard ``target``, flag
          ``ok`` at or above it, else ``below``;
        - ``overdue_leads``: open leads now past their 24 hours without a contact or past their 72
          hours without a result (each lead once; the lists of :func:`~analysis.followup.overdue`);
          no interval (a count of known leads); ``change_p`` compares the overdue share of the leads
          captured; standard 0, flag ``above`` when any lead is overdue;
        - ``win_rate_72h``: won by ``as_of`` among leads captured at least 72 hours before it, Wilson
          interval; no standard (the practitioners' 1–5 % is a statement about scale, not a
          benchmark), flag empty.

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["A", "B", "C"],
    ...     "captured_at": pd.to_datetime(["2026-10-01 10:00", "2026-10-01 10:00", "2026-10-06 09:00"]),
    ...     "first_contact_at": pd.to_datetime(["2026-10-01 12:00", None, None]),
    ...     "closed_at": pd.to_datetime(["2026-10-02 10:00", None, None]), "outcome": ["won", "open", "open"]})
    >>> h = headline(leads=leads, as_of="2026-10-06 12:00")
    >>> h[["measure", "value", "flag"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['first_contact_24h', 0.5, 'below'], ['resolved_72h', 0.5, 'below'], ['overdue_leads', 1.0, 'above'],
     ['win_rate_72h', 0.5, '']]
    """
    func = "headline"
    t = tables(data, func, required=("leads",), leads=leads)
    prep.check_level(level, func)
    target = prep.check_fraction(target, "target", func, closed=True)
    ch, rh = check_hours(contact_hours, resolve_hours, func)
    cur = _figures(t["leads"], as_of, ch, rh, func)
    prev_leads = _leads_of(previous, func)
    prev = _figures(prev_leads, previous_as_of, ch, rh, func) if prev_leads is not None else None
    rows = []
    for measure, x, n in (("first_contact_24h", "met1", "n1"), ("resolved_72h", "met2", "n2")):
        p = proportion(cur[x], cur[n], level=level).iloc[0]
        prev_rate = prev[x] / prev[n] if prev and prev[n] else np.nan
        flag = "" if pd.isna(p["rate"]) else ("ok" if p["rate"] >= target else "below")
        rows.append((measure, p["rate"], p["ci_low"], p["ci_high"], "pct", prev_rate,
                     _change_p(cur[x], cur[n], prev[x] if prev else None, prev[n] if prev else None, level),
                     target, flag))
    rows.append(("overdue_leads", float(cur["overdue"]), np.nan, np.nan, "count",
                 float(prev["overdue"]) if prev else np.nan,
                 _change_p(cur["overdue"], cur["captured"], prev["overdue"] if prev else None,
                           prev["captured"] if prev else None, level),
                 0.0, "above" if cur["overdue"] > 0 else "ok"))
    p = proportion(cur["won"], cur["past"], level=level).iloc[0]
    rows.append(("win_rate_72h", p["rate"], p["ci_low"], p["ci_high"], "pct",
                 prev["won"] / prev["past"] if prev and prev["past"] else np.nan,
                 _change_p(cur["won"], cur["past"], prev["won"] if prev else None, prev["past"] if prev else None,
                           level), np.nan, ""))
    out = pd.DataFrame(rows, columns=_HEADLINE_COLUMNS)
    return out.astype({"measure": "string", "fmt": "string", "flag": "string", "value": "float64",
                       "ci_low": "float64", "ci_high": "float64", "previous": "float64", "change_p": "float64",
                       "standard": "float64"})


def verdict(headline_items: pd.DataFrame, language: str = "zh") -> str:
    """The follow-up verdict in one sentence (zh or en), from the rows of :func:`headline`.

    Says whether both rules meet their standard, the weaker of the two with its value, and how many
    leads are overdue now (or that none is).

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"measure": ["first_contact_24h", "resolved_72h", "overdue_leads", "win_rate_72h"],
    ...                   "value": [0.8, 0.5, 12.0, 0.2], "standard": [1.0, 1.0, 0.0, float("nan")]})
    >>> verdict(h, "en")
    'Follow-up misses the 24/72 rule: 80.0% of leads are first contacted within 24 h and 50.0% resolved within 72 h (standard 100.0%); 12 leads are overdue now — the list below says who calls whom today.'
    """
    from analysis.report import say
    from analysis.report.labels import check_language

    func = "verdict"
    check_language(language)
    prep.require_frame(headline_items, "headline", ("measure", "value"), func)
    v = dict(zip(headline_items["measure"].astype(str), headline_items["value"]))
    std = dict(zip(headline_items["measure"].astype(str), headline_items["standard"])) \
        if "standard" in headline_items.columns else {}
    missing = [m for m in ("first_contact_24h", "resolved_72h", "overdue_leads") if m not in v]
    if missing:
        raise ParameterError(f"{func}: the headline has no {', '.join(missing)}: pass the rows of followup.headline.")
    r1, r2, overdue = v["first_contact_24h"], v["resolved_72h"], int(v["overdue_leads"])
    target = std.get("first_contact_24h", rules.COMPLIANCE_TARGET)
    target = rules.COMPLIANCE_TARGET if pd.isna(target) else float(target)
    if pd.isna(r1) or pd.isna(r2):
        head = say("followup.answer.none", language)
    elif r1 >= target and r2 >= target:
        head = say("followup.answer.ok", language, rate1=r1, rate2=r2, target=target)
    else:
        head = say("followup.answer.below", language, rate1=r1, rate2=r2, target=target)
    tail = say("followup.answer.overdue", language, n=overdue) if overdue else say("followup.answer.no_overdue",
                                                                                  language)
    return head + ("；" if language == "zh" else "; ") + tail


def actions(data=None, /, *, leads: pd.DataFrame | None = None, staff: pd.DataFrame | None = None, as_of=None,
            language: str = "zh", limit: int = 10, contact_hours: float = rules.CONTACT_HOURS,
            resolve_hours: float = rules.RESOLVE_HOURS, stale_days: float = rules.STALE_DAYS) -> pd.DataFrame:
    """The morning action list: overdue leads grouped by their owner, what to do, by when, why.

    Parameters
    ----------
    data : mapping, optional
        The report's scoped data set, supplying ``leads`` and ``staff``.
    leads, staff : pandas.DataFrame
        The leads in scope and the branch's staff (``staff_id``, ``role``; ``name`` when the table has
        one); keyword-only.
    as_of : str or Timestamp, optional
        Evaluation time; default the latest timestamp in ``leads``.
    language : {"zh", "en"}
    limit : int, default 10
        At most this many items (the most urgent; the rest are counted by the renderer's note only
        when more rows are passed, so the list here is cut).
    contact_hours, resolve_hours : float, default 24 and 72
    stale_days : float, default :data:`analysis.rules.STALE_DAYS` (30)
        Open leads captured longer ago than this are not "call now" but "call once more or close".

    Returns
    -------
    pandas.DataFrame
        Columns ``rank`` (int64, 1 = first), ``owner`` (the staff member by name and role,
        :func:`analysis.report.staff_names`; the branch head for unassigned leads), ``action``,
        ``due`` (Timestamp), ``reason``, and — not shown — ``kind`` (``assign`` / ``call`` /
        ``close_out``) and ``leads`` (int64). One item per owner and kind, never one per lead:

        - ``assign``: open leads nobody owns, overdue or not — the branch head assigns them;
        - ``call``: overdue leads not contacted within 24 hours — call them;
        - ``close_out``: contacted leads with no result after 72 hours — record won or lost (or agree
          the next step with the customer);
        - ``close_stale``: assigned leads open for more than ``stale_days`` — call once more or record
          them as lost, so that they stop counting as "being followed up".

        A lead is in one item only (a lead neither contacted nor resolved is a call). Ranked by kind
        (assign, call, close out, close stale), then by the number of leads, then by the longest overdue time.
        Due: ``as_of`` + ``contact_hours`` — the rule's own 24 hours, counted from now. The text
        names the first lead ids (never a customer's name: the leads table holds none).

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["A", "B", "C"], "assigned_to": ["S1", "S1", None],
    ...     "captured_at": pd.to_datetime(["2026-10-01 10:00", "2026-10-02 10:00", "2026-10-05 09:00"]),
    ...     "first_contact_at": pd.to_datetime([None, "2026-10-02 11:00", None]),
    ...     "closed_at": pd.to_datetime([None, None, None]), "outcome": ["open", "open", "open"]})
    >>> staff = pd.DataFrame({"staff_id": ["S1", "H"], "role": ["teller", "branch_head"]})
    >>> a = actions(leads=leads, staff=staff, as_of="2026-10-06 09:00", language="en")
    >>> a[["rank", "owner", "kind", "leads"]]
       rank               owner       kind  leads
    0     1  H (Branch head)      assign      1
    1     2       S1 (Teller)       call      1
    2     3       S1 (Teller)  close_out      1
    >>> a.loc[1, "action"]
    'Call 1 lead not contacted within 24 h: A'
    """
    from analysis.report import say, staff_names
    from analysis.report.labels import check_language

    func = "actions"
    check_language(language)
    t = tables(data, func, required=("leads",), optional=("staff",), leads=leads, staff=staff)
    limit = prep.check_count(limit, "limit", func)
    ch, rh = check_hours(contact_hours, resolve_hours, func)
    st, ts = evaluate(t["leads"], as_of, ch, rh, func, ids=("lead_id", "assigned_to"))
    if "assigned_to" not in st.columns:
        st = st.assign(assigned_to=pd.array([pd.NA] * len(st), dtype="string"))
    if "lead_id" not in st.columns:
        st = st.assign(lead_id=pd.array([f"#{i + 1}" for i in range(len(st))], dtype="string"))
    is_open = (st["outcome_as_of"] == "open").to_numpy(dtype=bool)
    age = st["age_hours"].to_numpy(dtype=float)
    not_contacted = st["hours_to_contact"].isna().to_numpy()
    unassigned = st["assigned_to"].isna().to_numpy()
    stale_h = prep.check_number(stale_days, "stale_days", func, minimum=0.0, unit="days") * 24
    assign = is_open & unassigned
    stale = is_open & ~unassigned & (age > stale_h)
    call = is_open & ~unassigned & ~stale & not_contacted & (age > ch)
    close = is_open & ~unassigned & ~stale & ~not_contacted & (age > rh)
    kind = np.select([assign, call, close, stale], list(ACTION_KINDS), default="")
    over = np.select([assign, call, close, stale], [age - ch, age - ch, age - rh, age - rh], default=np.nan)
    items = pd.DataFrame({"kind": kind, "owner_id": st["assigned_to"].astype(object).to_numpy(),
                          "lead_id": st["lead_id"].astype(str).to_numpy(), "over": over})
    items = items.loc[items["kind"] != ""]
    staff_t = t["staff"]
    names = staff_names(staff_t, language) if staff_t is not None and len(staff_t) else pd.Series(dtype="string")
    head_ids = (list(staff_t.loc[staff_t["role"].astype(str) == "branch_head", "staff_id"].astype(str))
                if staff_t is not None and "role" in staff_t.columns else [])
    head_owner = names.get(head_ids[0], head_ids[0]) if head_ids else say("followup.action.branch_head", language)
    due = pd.Timestamp(ts) + pd.Timedelta(hours=ch) if pd.notna(ts) else pd.NaT
    rows = []
    for (k, owner), grp in items.groupby(["kind", items["owner_id"].fillna("")], sort=False):
        grp = grp.sort_values(["over", "lead_id"], ascending=[False, True], kind="stable")
        ids = grp["lead_id"].tolist()
        shown = ("、" if language == "zh" else ", ").join(ids[:_MAX_IDS])
        more = len(ids) - _MAX_IDS
        if more > 0:
            shown += say("followup.action.more_ids", language, n=more)
        who = head_owner if k == "assign" else names.get(owner, owner)
        longest = float(grp["over"].max())
        reason_key = f"followup.action.{k}.reason"
        rows.append({"kind": k, "owner": who, "leads": len(ids), "longest": longest,
                     "action": say(f"followup.action.{k}" + (".one" if len(ids) == 1 else ""), language,
                                   n=len(ids), ids=shown, days=stale_h / 24),
                     "due": due, "reason": say(reason_key, language, longest=max(longest, 0.0), days=stale_h / 24)})
    if not rows:
        return pd.DataFrame({"rank": pd.Series([], dtype="int64"), "owner": pd.Series([], dtype="string"),
                             "action": pd.Series([], dtype="string"), "due": pd.Series([], dtype="datetime64[ns]"),
                             "reason": pd.Series([], dtype="string"), "kind": pd.Series([], dtype="string"),
                             "leads": pd.Series([], dtype="int64")})
    out = pd.DataFrame(rows)
    out["_k"] = out["kind"].map({k: i for i, k in enumerate(ACTION_KINDS)})
    out = out.sort_values(["_k", "leads", "longest", "owner"], ascending=[True, False, False, True],
                          kind="stable").head(limit).reset_index(drop=True)
    return pd.DataFrame({"rank": np.arange(1, len(out) + 1, dtype=np.int64),
                         "owner": out["owner"].astype("string"), "action": out["action"].astype("string"),
                         "due": pd.to_datetime(out["due"]), "reason": out["reason"].astype("string"),
                         "kind": out["kind"].astype("string"), "leads": out["leads"].astype("int64")})
