"""Restrict a data set to one branch and a period — the scope of a report.

Every report is about one branch (``branch_id``) and, optionally, a period
(``period_start`` … ``period_end``, both days included). :func:`for_branch`
follows the foreign keys of the data contract to keep only the rows that
belong to the branch, and :func:`parse_period` turns the notebooks' text
parameters into timestamps.
"""

from __future__ import annotations

import pandas as pd

from analysis.errors import ParameterError
from analysis.io import Dataset

__all__ = ["parse_period", "previous_period", "for_branch", "TIME_COLUMNS"]

#: The column that places a row of each table in time (used for the period filter and date ranges).
TIME_COLUMNS: dict[str, str] = {
    "survey_responses": "submitted_at",
    "events": "starts_at",
    "invitations": "invited_at",
    "attendance": "arrived_at",
    "leads": "captured_at",
    "wechat_groups": "created_at",
    "group_members": "joined_at",
    "group_messages": "sent_at",
    "deals": "closed_at",
    "hook_campaigns": "started_at",
    "group_daily_stats": "day",
}


def parse_period(period_start=None, period_end=None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``("2026-09-01", "2026-09-30")`` → (2026-09-01 00:00, 2026-09-30 23:59:59.999999999).

    Empty strings or None leave that side open. The end day is included.
    """
    def one(value, name):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, pd.Timestamp):
            return value
        try:
            return pd.to_datetime(str(value).strip().replace("/", "-"), format="ISO8601")
        except (ValueError, TypeError) as exc:
            raise ParameterError(f"{name} must be a date such as 2026-09-01, not {value!r}") from exc

    start, end = one(period_start, "period_start"), one(period_end, "period_end")
    if end is not None and end == end.normalize():
        end = end + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    if start is not None and end is not None and end < start:
        raise ParameterError(f"period_end ({period_end}) is before period_start ({period_start})")
    return start, end


def previous_period(period_start=None, period_end=None) -> tuple[str, str] | None:
    """The period of the same length just before ``period_start … period_end`` (days included), as text.

    A calendar month gives the previous calendar month (2026-10-01 … 2026-10-31 → 2026-09-01 …
    2026-09-30); any other period gives the same number of days ending the day before it starts.
    ``None`` when either end is open (a report over all the data has no previous period).

    >>> previous_period("2026-10-01", "2026-10-31")
    ('2026-09-01', '2026-09-30')
    >>> previous_period("2026-10-08", "2026-10-14")
    ('2026-10-01', '2026-10-07')
    """
    start, end = parse_period(period_start, period_end)
    if start is None or end is None:
        return None
    start, last = start.normalize(), end.normalize()
    month_end = start + pd.offsets.MonthEnd(0)
    if start.day == 1 and last == month_end and start.month == last.month and start.year == last.year:
        prev_start = start - pd.offsets.MonthBegin(1)
        return f"{prev_start:%Y-%m-%d}", f"{start - pd.Timedelta(days=1):%Y-%m-%d}"
    days = (last - start).days + 1
    prev_end = start - pd.Timedelta(days=1)
    prev_start = prev_end - pd.Timedelta(days=days - 1)
    return f"{prev_start:%Y-%m-%d}", f"{prev_end:%Y-%m-%d}"


def _in_period(s: pd.Series, start, end) -> pd.Series:
    keep = pd.Series(True, index=s.index)
    if start is not None:
        keep &= s >= start
    if end is not None:
        keep &= s <= end
    return keep.fillna(False).astype(bool)


def for_branch(ds: dict, branch_id: str, period_start=None, period_end=None) -> Dataset:
    """The rows of ``ds`` that belong to ``branch_id`` (and fall in the period, when given).

    Parameters
    ----------
    ds : dict of DataFrame
        A validated data set (:func:`analysis.io.load_dataset`).
    branch_id : str
        The branch.
    period_start, period_end : str or Timestamp, optional
        Days included; open when empty.

    Returns
    -------
    Dataset
        Same tables. Belonging follows the contract's keys: staff, communities, events, WeChat groups
        and hook campaigns by ``branch_id``; entry points by community; invitations, attendance and
        event targets by event; members and messages by group; leads by event, group or assigned staff;
        deals by staff, event or group; survey responses by community or event (answers follow their
        responses); people who live in the branch's communities or appear in any of its rows. The
        period applies to each table's time column (:data:`TIME_COLUMNS`), except that reference
        tables (branches, staff, communities, entry points, people, questions) are kept whole, WeChat
        groups are kept when they existed during the period, and event targets follow their events.
        ``problems``, ``notes`` and ``rows_read`` of ``ds`` are carried over unchanged.

    Raises
    ------
    ParameterError
        When ``branch_id`` is not in the branches table (the message lists the ones that are).
    """
    branches = ds["branches"]
    if branch_id not in set(branches["branch_id"].dropna()):
        known = ", ".join(sorted(branches["branch_id"].dropna()))
        raise ParameterError(f"branch_id {branch_id!r} is not in the branches table (known: {known})")
    start, end = parse_period(period_start, period_end)
    t = dict(ds)
    out: dict[str, pd.DataFrame] = {}

    def by(name, mask):
        out[name] = t[name].loc[mask.fillna(False).astype(bool).to_numpy()].reset_index(drop=True)
        return out[name]

    def timed(name, mask):
        col = TIME_COLUMNS[name]
        return by(name, mask & _in_period(t[name][col], start, end))

    by("branches", branches["branch_id"] == branch_id)
    staff = by("staff", t["staff"]["branch_id"] == branch_id)
    comms = by("communities", t["communities"]["branch_id"] == branch_id)
    by("entry_points", t["entry_points"]["community_id"].isin(comms["community_id"]))
    events = timed("events", t["events"]["branch_id"] == branch_id)
    ev_ids = events["event_id"]
    by("event_targets", t["event_targets"]["event_id"].isin(ev_ids))
    # invitations and attendance follow their event (an invitation sent before the period still counts)
    by("invitations", t["invitations"]["event_id"].isin(ev_ids))
    by("attendance", t["attendance"]["event_id"].isin(ev_ids))
    for name in ("event_staff", "visitor_records", "event_actuals"):  # optional tables that follow their events
        if name in t:
            by(name, t[name]["event_id"].isin(ev_ids))
    g = t["wechat_groups"]
    alive = pd.Series(True, index=g.index)
    if end is not None:
        alive &= g["created_at"] <= end
    if start is not None:
        alive &= g["dissolved_at"].isna() | (g["dissolved_at"] >= start)
    groups = by("wechat_groups", (g["branch_id"] == branch_id) & alive)
    gr_ids = groups["group_id"]
    m = t["group_members"]
    overlap = m["group_id"].isin(gr_ids)
    if end is not None:
        overlap &= m["joined_at"] <= end
    if start is not None:
        overlap &= m["left_at"].isna() | (m["left_at"] >= start)
    by("group_members", overlap)
    timed("group_messages", t["group_messages"]["group_id"].isin(gr_ids))
    staff_ids = staff["staff_id"]
    all_ev = t["events"].loc[t["events"]["branch_id"] == branch_id, "event_id"]
    all_gr = t["wechat_groups"].loc[t["wechat_groups"]["branch_id"] == branch_id, "group_id"]
    lead = t["leads"]
    timed("leads", lead["event_id"].isin(all_ev) | lead["group_id"].isin(all_gr) | lead["assigned_to"].isin(staff_ids))
    d = t["deals"]
    timed("deals", d["staff_id"].isin(staff_ids) | d["event_id"].isin(all_ev) | d["group_id"].isin(all_gr))
    r = t["survey_responses"]
    resp = timed("survey_responses", r["community_id"].isin(comms["community_id"]) | r["event_id"].isin(all_ev))
    by("survey_answers", t["survey_answers"]["response_id"].isin(resp["response_id"]))
    out["survey_questions"] = t["survey_questions"]
    h = t["hook_campaigns"]
    hk = h["branch_id"] == branch_id
    if start is not None or end is not None:
        hk &= _in_period(h["started_at"], start, end) | h["started_at"].isna()
    by("hook_campaigns", hk)
    if "group_daily_stats" in t:  # WeCom's daily counts (issue 15): the branch's days in the period
        gd = t["group_daily_stats"]
        timed("group_daily_stats", gd["branch_id"] == branch_id)
    # the optional reach tables (issue 12): campaigns and accounts by branch (in the period), placements by
    # community, partners of the branch or named by its rows, referrals of its campaigns or of people it met
    if "campaigns" in t:
        c = t["campaigns"]
        keep = c["branch_id"] == branch_id
        if start is not None:
            keep &= c["ends_at"] >= start
        if end is not None:
            keep &= c["starts_at"] <= end
        by("campaigns", keep)
    if "accounts" in t:
        a = t["accounts"]
        by("accounts", (a["branch_id"] == branch_id) & _in_period(a["opened_at"], start, end))
    if "placements" in t:
        by("placements", t["placements"]["community_id"].isin(comms["community_id"]))
    if "partners" in t:
        named = pd.concat([out["events"]["partner_id"]] + [out[n]["partner_id"] for n in ("accounts", "campaigns")
                                                          if n in out], ignore_index=True).dropna()
        pt = t["partners"]
        by("partners", (pt["branch_id"] == branch_id) | pt["partner_id"].isin(named))
    reach_people = []
    if "referrals" in t:
        r = t["referrals"]
        # referrals of the branch's people (residents of its communities or seen in its rows) or its campaigns
        met = pd.concat([out[n]["person_id"] for n in ("attendance", "invitations", "group_members", "group_messages",
                                                        "leads", "deals", "survey_responses")]
                        + [t["people"].loc[t["people"]["community_id"].isin(comms["community_id"]), "person_id"]],
                        ignore_index=True)
        mine = r["referrer_id"].isin(met)
        if "campaigns" in out:
            mine |= r["campaign_id"].isin(out["campaigns"]["campaign_id"])
        ref = by("referrals", mine & _in_period(r["referred_at"], start, end))
        reach_people += [ref["person_id"], ref["referrer_id"]]
    if "accounts" in out:
        reach_people.append(out["accounts"]["person_id"])
    # the optional uplift tables (issue 13), whole history (reviews compare snapshots around the period and
    # retention follows acquired customers for months): assignments and contacts by the branch's staff; asset
    # snapshots and holdings of the branch's people and of the customers its managers hold
    for name in ("assignments", "contacts"):
        if name in t:
            by(name, t[name]["staff_id"].isin(staff_ids))
    if "assignments" in out:
        reach_people.append(out["assignments"]["person_id"])
    seen = pd.concat([out[n]["person_id"] for n in
                      ("attendance", "invitations", "group_members", "group_messages", "leads", "deals",
                       "survey_responses")] + reach_people, ignore_index=True).dropna()
    p = t["people"]
    people = by("people", p["community_id"].isin(comms["community_id"]) | p["person_id"].isin(seen))
    for name in ("customer_assets", "holdings"):
        if name in t:
            by(name, t[name]["person_id"].isin(people["person_id"]))
    return Dataset(out, source=getattr(ds, "source", ""), rows_read=getattr(ds, "rows_read", {}),
                   problems=getattr(ds, "problems", None), rejected=getattr(ds, "rejected", {}),
                   notes=getattr(ds, "notes", []))
