"""What data exist for a branch: tables, rows, date ranges, activity by month.

Used by the data-overview report (``notebooks/00_data_overview.ipynb``) and by the
data-quality section every report ends with.
"""

from __future__ import annotations

import pandas as pd

from analysis.schemas import TABLES, empty_frame
from analysis.scope import TIME_COLUMNS

__all__ = ["table_summary", "branch_headline", "monthly_activity", "problem_summary", "event_list",
           "group_summary", "lead_summary", "quality_headline", "quality_verdict", "quality_actions"]

HEADLINE_COLUMNS = ["measure", "value", "ci_low", "ci_high", "fmt", "standard", "flag", "out_of"]


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
        df = scoped.get(name) if hasattr(scoped, "get") else None
        if df is None:  # a table the branch snapshot does not carry counts as empty in scope
            df = empty_frame(name)
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
        ``measure``, ``value`` (numbers as float so that counts and amounts share a column) and ``fmt``
        (the format of each row for :func:`analysis.report.show`: ``count``, ``yuan`` for the amount):
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
    return pd.DataFrame({"measure": list(measures), "value": [float(v) for v in measures.values()],
                         "fmt": ["yuan" if m == "deal_amount" else "count" for m in measures]})


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


# ---------------------------------------------------------------------------
# the answer first: can the reports be trusted on these data?
# ---------------------------------------------------------------------------

def _counts(ds, scoped=None) -> dict:
    q = ds.quality()
    present = q.loc[q["present"]]
    problems = getattr(ds, "problems", None)
    out = {"tables": len(q), "tables_read": len(present), "rows_read": int(present["rows_read"].sum()),
           "rows_rejected": int(present["rows_rejected"].sum()),
           "problems": 0 if problems is None else int(len(problems)),
           "problem_tables": [] if problems is None or not len(problems) else list(dict.fromkeys(problems["table"]))}
    out["rows_in_scope"] = (None if scoped is None else
                            int(sum(len(scoped[name]) for name in q.loc[q["present"], "table"]
                                    if scoped.get(name) is not None)))
    return out


def quality_headline(ds, scoped=None) -> pd.DataFrame:
    """The numbers at the top of the data overview: tables read, rows read, rows set aside, problems found.

    Parameters
    ----------
    ds : Dataset
        The whole data set as loaded (:func:`analysis.io.load_dataset` with ``errors="report"``).
    scoped : mapping of table name → DataFrame, optional
        The branch's data for the period (:func:`analysis.scope.for_branch`): adds the rows in this report.

    Returns
    -------
    DataFrame
        Columns of :func:`analysis.report.headline_block` (``measure``, ``value``, ``ci_low``, ``ci_high``,
        ``fmt``, ``standard``, ``flag``, ``out_of``; no ``previous``: the data overview compares with no
        earlier period), one row each:

        - ``tables_read``: contract tables present in the source, out of ``out_of`` tables of the contract
          (no flag: the optional tables may well be absent);
        - ``rows_read``: rows read from every table present;
        - ``rows_rejected``: rows set aside by validation, out of ``out_of`` rows read (``ok`` when none,
          ``warn`` otherwise);
        - ``problems``: validation problems (rule broken in a column of a table; ``ok`` when none, ``warn``
          otherwise);
        - ``rows_in_scope`` (with ``scoped``): rows of this branch and period.

        Counts, so no interval.

    Examples
    --------
    >>> from analysis.io.dataset import Dataset
    >>> import pandas as pd
    >>> ds = Dataset({"branches": pd.DataFrame({"branch_id": ["B01"]})}, rows_read={"branches": 1})
    >>> quality_headline(ds)[["measure", "value", "flag"]].to_dict("list")
    {'measure': ['tables_read', 'rows_read', 'rows_rejected', 'problems'], 'value': [1.0, 1.0, 0.0, 0.0], 'flag': ['', '', 'ok', 'ok']}
    """
    c = _counts(ds, scoped)
    nan = float("nan")

    def item(measure, value, flag="", out_of=nan):
        return {"measure": measure, "value": float(value), "ci_low": nan, "ci_high": nan, "fmt": "count",
                "standard": nan, "flag": flag, "out_of": float(out_of)}

    rows = [item("tables_read", c["tables_read"], out_of=c["tables"]),
            item("rows_read", c["rows_read"]),
            item("rows_rejected", c["rows_rejected"], "ok" if c["rows_rejected"] == 0 else "warn", c["rows_read"]),
            item("problems", c["problems"], "ok" if c["problems"] == 0 else "warn")]
    if c["rows_in_scope"] is not None:
        rows.append(item("rows_in_scope", c["rows_in_scope"]))
    out = pd.DataFrame(rows, columns=HEADLINE_COLUMNS)
    return out.astype({"measure": "string", "fmt": "string", "flag": "string"})


def quality_verdict(ds, language: str = "zh") -> str:
    """The verdict of the data overview in one sentence: "数据可用……" or "有 N 个问题……".

    >>> from analysis.io.dataset import Dataset
    >>> import pandas as pd
    >>> quality_verdict(Dataset({"branches": pd.DataFrame({"branch_id": ["B01"]})}, rows_read={"branches": 1}), "en")
    'The data can be used: 1 tables, 1 rows read, no problem found.'
    """
    from analysis.report import say

    c = _counts(ds)
    if c["problems"] == 0:
        return say("overview.verdict.ok", language, tables=c["tables_read"], rows=c["rows_read"])
    sep = "、" if language == "zh" else ", "
    return say("overview.verdict.problems", language, n=c["problems"], rejected=c["rows_rejected"],
               rows=c["rows_read"], tables=sep.join(c["problem_tables"][:5]))


def quality_actions(ds, language: str = "zh", limit: int = 10) -> pd.DataFrame:
    """What to do about the problems found: one action per table with problems, the most rows first.

    Returns
    -------
    DataFrame
        ``rank``, ``owner`` (empty: whoever keeps the data), ``action``, ``due`` (empty), ``reason``
        (the rules broken and the rows set aside) — for :func:`analysis.report.actions_block`;
        no rows when the data are clean.
    """
    from analysis.report import say

    problems = getattr(ds, "problems", None)
    cols = ["rank", "owner", "action", "due", "reason"]
    if problems is None or not len(problems):
        return pd.DataFrame({c: pd.Series([], dtype="datetime64[ns]" if c == "due" else
                                          ("int64" if c == "rank" else "string")) for c in cols})
    rejected = {t: len(r) for t, r in getattr(ds, "rejected", {}).items()}
    per = (problems.assign(_n=pd.to_numeric(problems["n_rows"], errors="coerce").fillna(0))
           .groupby("table", sort=False).agg(rules=("rule", lambda r: ", ".join(dict.fromkeys(r))), n=("_n", "sum"))
           .reset_index())
    per = per.assign(rejected=per["table"].map(rejected).fillna(0).astype("int64"))
    per = per.sort_values(["n", "table"], ascending=[False, True], kind="stable").head(limit).reset_index(drop=True)
    action = [say("overview.act.fix", language, table=t) for t in per["table"]]
    reason = [say("overview.act.reason", language, rules=r, rejected=k) for r, k in zip(per["rules"], per["rejected"])]
    return pd.DataFrame({"rank": range(1, len(per) + 1), "owner": "", "action": action, "due": pd.NaT,
                         "reason": reason}).astype({"rank": "int64", "owner": "string", "action": "string",
                                                    "reason": "string", "due": "datetime64[ns]"})
