"""What data exist for a branch: tables, rows, date ranges, activity by month.

Used by the data-overview report (``notebooks/00_data_overview.ipynb``) and by the
data-quality section every report ends with.
"""

from __future__ import annotations

import pandas as pd

from analysis.schemas import TABLES
from analysis.scope import TIME_COLUMNS

__all__ = ["table_summary", "branch_headline", "monthly_activity", "problem_summary", "event_list",
           "group_summary", "lead_summary"]


def table_summary(ds, scoped) -> pd.DataFrame:
    """One row per contract table: what was read and what is in the report's scope.

    Parameters
    ----------
    ds : Dataset
        The whole data set as loaded (:func:`analysis.io.load_dataset`).
    scoped : dict of DataFrame
        The same data restricted to the branch and period (:func:`analysis.scope.for_branch`).

    Returns
    -------
    DataFrame
        ``table``, ``present`` (the source had the table), ``required``, ``rows_read``,
        ``rows_rejected``, ``rows_in_scope``, ``first`` and ``last`` (earliest and latest time in
        scope, for tables with a time column; NaT otherwise).
    """
    q = ds.quality().set_index("table")
    rows = []
    for name, t in TABLES.items():
        df = scoped[name]
        col = TIME_COLUMNS.get(name)
        times = df[col].dropna() if col and col in df else pd.Series([], dtype="datetime64[ns]")
        rows.append({
            "table": name,
            "present": bool(q.loc[name, "present"]),
            "required": t.required,
            "rows_read": int(q.loc[name, "rows_read"]),
            "rows_rejected": int(q.loc[name, "rows_rejected"]),
            "rows_in_scope": int(len(df)),
            "first": times.min() if len(times) else pd.NaT,
            "last": times.max() if len(times) else pd.NaT,
        })
    return pd.DataFrame(rows).astype({"first": "datetime64[ns]", "last": "datetime64[ns]"})


def branch_headline(scoped) -> pd.DataFrame:
    """Headline counts of one branch's scope, one row per measure.

    Returns
    -------
    DataFrame
        ``measure`` and ``value`` (numbers as float so that counts and amounts share a column):
        communities, households, staff, eligible_staff (staff who invite: not branch_head or
        ops_supervisor), people, events, salons, booths, activities, attendees (distinct
        person-event check-ins), survey_responses, groups_mass, groups_potential, groups_elite,
        group_members (distinct people), leads, leads_open, deals, deal_amount.
    """
    s = scoped
    att = s["attendance"].drop_duplicates(["event_id", "person_id"])
    ev = s["events"]["kind"].value_counts()
    tiers = s["wechat_groups"]["tier"].value_counts()
    measures = {
        "communities": len(s["communities"]),
        "households": s["communities"]["households"].sum(),
        "staff": len(s["staff"]),
        "eligible_staff": int((~s["staff"]["role"].isin(["branch_head", "ops_supervisor"])).sum()),
        "people": len(s["people"]),
        "events": len(s["events"]),
        "salons": ev.get("salon", 0),
        "booths": ev.get("booth", 0),
        "activities": ev.get("activity", 0),
        "attendees": len(att),
        "survey_responses": len(s["survey_responses"]),
        "groups_mass": tiers.get("mass", 0),
        "groups_potential": tiers.get("potential", 0),
        "groups_elite": tiers.get("elite", 0),
        "group_members": s["group_members"]["person_id"].nunique(),
        "leads": len(s["leads"]),
        "leads_open": int((s["leads"]["outcome"] == "open").sum()),
        "deals": len(s["deals"]),
        "deal_amount": s["deals"]["amount"].sum(),
    }
    return pd.DataFrame({"measure": list(measures), "value": [float(v) for v in measures.values()]})


def monthly_activity(scoped) -> pd.DataFrame:
    """Rows per month of the tables that record activity.

    Returns
    -------
    DataFrame
        ``month`` (first day of the month), ``table``, ``records``; months with no records are absent.
    """
    parts = []
    for name in ("events", "attendance", "survey_responses", "leads", "deals", "group_members"):
        col = TIME_COLUMNS[name]
        t = scoped[name][col].dropna()
        if len(t):
            counts = t.dt.to_period("M").dt.start_time.value_counts().sort_index()
            parts.append(pd.DataFrame({"month": counts.index, "table": name, "records": counts.to_numpy()}))
    if not parts:
        return pd.DataFrame({"month": pd.Series([], dtype="datetime64[ns]"), "table": pd.Series([], dtype="string"),
                             "records": pd.Series([], dtype="int64")})
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"month": "datetime64[ns]", "table": "string", "records": "int64"})


def problem_summary(ds) -> pd.DataFrame:
    """The data-quality findings of a loaded data set, ready for a report.

    Returns
    -------
    DataFrame
        ``table``, ``column``, ``rule``, ``n_rows``, ``rows`` (first file rows), ``detail`` — one row per
        problem found by validation; empty when the data are clean.
    """
    return ds.problems.reset_index(drop=True)


def event_list(scoped) -> pd.DataFrame:
    """The branch's events with their turnout.

    Returns
    -------
    DataFrame
        ``event_id``, ``kind``, ``theme``, ``starts_at``, ``planned_invites``, ``invitations``,
        ``attendees`` (distinct people checked in), sorted by start.
    """
    ev = scoped["events"]
    inv = scoped["invitations"].groupby("event_id").size()
    att = scoped["attendance"].drop_duplicates(["event_id", "person_id"]).groupby("event_id").size()
    out = ev[["event_id", "kind", "theme", "starts_at", "planned_invites"]].assign(
        invitations=ev["event_id"].map(inv).fillna(0).astype("int64").to_numpy(),
        attendees=ev["event_id"].map(att).fillna(0).astype("int64").to_numpy(),
    )
    return out.sort_values("starts_at", kind="stable").reset_index(drop=True)


def group_summary(scoped) -> pd.DataFrame:
    """WeChat groups per tier.

    Returns
    -------
    DataFrame
        ``tier``, ``groups``, ``dissolved``, ``members`` (distinct people who were ever members),
        ``median_members`` (median distinct members per group). Tiers without groups have zeros.
    """
    g = scoped["wechat_groups"]
    m = scoped["group_members"].merge(g[["group_id", "tier"]], on="group_id", how="inner")
    per_group = m.groupby("group_id")["person_id"].nunique()
    rows = []
    for tier in ("mass", "potential", "elite"):
        gt = g[g["tier"] == tier]
        sizes = per_group.reindex(gt["group_id"]).fillna(0)
        rows.append({"tier": tier, "groups": len(gt), "dissolved": int(gt["dissolved_at"].notna().sum()),
                     "members": int(m.loc[m["tier"] == tier, "person_id"].nunique()),
                     "median_members": float(sizes.median()) if len(sizes) else float("nan")})
    return pd.DataFrame(rows)


def lead_summary(scoped) -> pd.DataFrame:
    """Leads by outcome.

    Returns
    -------
    DataFrame
        ``outcome`` (won, lost, open), ``leads``, ``amount`` (sum over won leads; 0 otherwise).
    """
    lead = scoped["leads"]
    rows = []
    for oc in ("won", "lost", "open"):
        sel = lead[lead["outcome"] == oc]
        rows.append({"outcome": oc, "leads": len(sel), "amount": float(sel["amount"].sum())})
    return pd.DataFrame(rows)
