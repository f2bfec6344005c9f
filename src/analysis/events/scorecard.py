"""The SMART scorecard: each target against its actual value (counted, or from the evaluation form), the evaluation
score and realistic target steps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.events import _tables as tb
from analysis.events._tables import tidy
from analysis.events.chain import attendance_chain
from analysis.events.costs import deals_in_window

__all__ = ["scorecard", "event_score", "target_steps"]


def _staff_role(staff) -> pd.Series:
    if staff is None:
        return pd.Series([], dtype="string")
    st = tb.staff(staff, "scorecard")
    return st.set_index("staff_id")["role"]


def _actuals(ev, chain, inv, staff, leads, deals, survey_responses, group_members, window_hours, func):
    """Long table event_id, metric, role (NA = whole event), actual."""
    role_of = _staff_role(staff)
    ids = ev["event_id"]
    parts = []

    def add(metric, values: pd.Series):
        """values indexed by event_id (events without a value get 0)."""
        s = values.reindex(ids.to_numpy()).fillna(0).astype(float)
        parts.append(pd.DataFrame({"event_id": ids.to_numpy(), "metric": metric, "role": None,
                                   "actual": s.to_numpy(dtype=float)}))

    def add_roles(metric, values: pd.Series):
        """values indexed by (event_id, role)."""
        if len(values) == 0:
            return
        df = values.rename("actual").reset_index()
        parts.append(pd.DataFrame({"event_id": df["event_id"].to_numpy(), "metric": metric,
                                   "role": df["role"].to_numpy(dtype=object), "actual": df["actual"].to_numpy(float)}))

    g = chain.groupby("event_id")
    att_n = g.size().reindex(ids).fillna(0)
    str_n = g["stranger"].sum().reindex(ids).fillna(0)
    add("attendees", att_n)
    add("strangers", str_n)
    parts.append(pd.DataFrame({"event_id": ids.to_numpy(), "metric": "stranger_ratio", "role": None,
                               "actual": tb.ratio(str_n, att_n)}))
    add("invitations", inv.drop_duplicates(["event_id", "person_id"]).groupby("event_id").size())
    sc = chain.loc[chain["chain_kind"] == "staff"].assign(role=lambda d: d["chain_inviter"].map(role_of))
    add_roles("attendees", sc.groupby(["event_id", "role"]).size())
    add_roles("strangers", sc.groupby(["event_id", "role"])["stranger"].sum())
    r_att = sc.groupby(["event_id", "role"]).size()
    add_roles("stranger_ratio", sc.groupby(["event_id", "role"])["stranger"].sum() / r_att)
    si = inv.loc[inv["inviter_kind"] == "staff"].assign(role=lambda d: d["inviter_id"].map(role_of))
    add_roles("invitations", si.drop_duplicates(["event_id", "inviter_id", "person_id"]).groupby(
        ["event_id", "role"]).size())
    if leads is not None:
        ld = prep.require_frame(leads, "leads", ("event_id",), func)
        ld = ld.assign(event_id=tb.event_ids(ld, "leads", func))
        add("leads", ld.groupby("event_id").size())
        if "assigned_to" in ld.columns:
            ld = ld.assign(role=prep.ids(ld, "leads", "assigned_to", func, required=False).map(role_of))
            add_roles("leads", ld.groupby(["event_id", "role"]).size())
    if deals is not None:
        won = deals_in_window(ev, chain, deals, window_hours, func)
        won = won.assign(role=won["staff_id"].map(role_of))
        add("deals", won.groupby("event_id").size())
        add("sales_amount", won.groupby("event_id")["amount"].sum())
        new = won.loc[won["stranger"] == 1]
        add("new_customers", new.groupby("event_id")["person_id"].nunique())
        add_roles("deals", won.groupby(["event_id", "role"]).size())
        add_roles("sales_amount", won.groupby(["event_id", "role"])["amount"].sum())
        add_roles("new_customers", new.groupby(["event_id", "role"])["person_id"].nunique())
    if survey_responses is not None and "event_id" in survey_responses.columns:
        sr = survey_responses.assign(event_id=tb.event_ids(survey_responses, "survey_responses", func))
        add("survey_responses", sr.groupby("event_id").size())
    if group_members is not None and len(chain):
        gm = prep.require_frame(group_members, "group_members", ("person_id", "joined_at"), func)
        gm = gm.assign(person_id=prep.ids(gm, "group_members", "person_id", func),
                       joined_at=prep.times(gm, "group_members", "joined_at", func))
        m = chain[["event_id", "person_id"]].merge(ev[["event_id", "starts_at", "ends_at"]], on="event_id").merge(
            gm[["person_id", "joined_at"]], on="person_id")
        until = m["ends_at"] + pd.Timedelta(hours=window_hours)
        inside = (m["joined_at"] >= m["starts_at"]) & (m["joined_at"] <= until)
        add("wechat_joins", m.loc[inside.fillna(False).to_numpy()].groupby("event_id")["person_id"].nunique())
    out = pd.concat(parts, ignore_index=True)
    return out.assign(event_id=out["event_id"].astype("string"), metric=out["metric"].astype("string"),
                      role=out["role"].astype("string"))


def _form_actuals(event_actuals, func) -> pd.DataFrame:
    """The evaluation form's actuals (``event_actuals``) as event_id, metric, _role ("" = whole event), form_actual."""
    cols = ["event_id", "metric", "_role", "form_actual"]
    if event_actuals is None:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "form_actual" else "string") for c in cols})
    ea = prep.require_frame(event_actuals, "event_actuals", ("event_id", "metric", "actual"), func)
    role = (ea["role"] if "role" in ea.columns else pd.Series(pd.NA, index=ea.index)).astype("string").str.strip()
    key = ("event_id", "metric", "role")
    value = pd.to_numeric(ea["actual"], errors="coerce")
    bad = (value.isna() & ea["actual"].notna()).to_numpy(dtype=bool) | (value < 0).fillna(False).to_numpy(dtype=bool)
    if bad.any():
        raise prep.mask_error(func, "event_actuals", "actual", "number_min_0", ea, bad,
                              "the actual is not a number of at least 0", key=key)
    empty = value.isna().to_numpy(dtype=bool)
    if empty.any():
        raise prep.mask_error(func, "event_actuals", "actual", "not_null", ea, empty,
                              "the actual is empty (leave the row out when the form reports nothing)", key=key)
    out = pd.DataFrame({"event_id": prep.ids(ea, "event_actuals", "event_id", func).to_numpy(),
                        "metric": tb.required_codes(ea, "event_actuals", "metric", func).to_numpy(),
                        "_role": role.fillna("").to_numpy(), "form_actual": value.to_numpy(dtype=float)})
    dup = out.duplicated(["event_id", "metric", "_role"], keep=False).to_numpy()
    if dup.any():
        raise prep.mask_error(func, "event_actuals", "metric", "unique_key", ea, dup,
                              "the same event, metric and role is reported twice", key=key)
    return out.astype({"event_id": "string", "metric": "string", "_role": "string"})


@tidy
def scorecard(data=None, /, *, event_targets: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
              attendance: pd.DataFrame | None = None, invitations: pd.DataFrame | None = None,
              staff: pd.DataFrame | None = None, leads: pd.DataFrame | None = None,
              deals: pd.DataFrame | None = None, survey_responses: pd.DataFrame | None = None,
              group_members: pd.DataFrame | None = None, event_actuals: pd.DataFrame | None = None,
              window_hours: float = rules.SALES_WINDOW_HOURS) -> pd.DataFrame:
    """SMART scorecard: each target of ``event_targets`` with its actual value, attainment and pass/fail.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or
        :func:`select_event`) supplying the tables not given by name.
    event_targets : pandas.DataFrame
        ``event_id``, ``metric``, ``target``, ``role`` (empty: the whole event).
    events, attendance, invitations : pandas.DataFrame
        The contract's tables.
    staff : pandas.DataFrame, optional
        Roles of the staff, for targets per role.
    leads, deals, survey_responses, group_members : pandas.DataFrame, optional
        The tables behind the metrics ``leads``; ``deals``, ``sales_amount``,
        ``new_customers``; ``survey_responses``; ``wechat_joins``. A metric
        whose table is not given (by name or in ``data``) has no actual (NaN).
    event_actuals : pandas.DataFrame, optional
        The evaluation form's results (活动评估表): ``event_id``, ``metric``,
        ``actual``, ``role`` (empty: the whole event). A value reported there
        is the target's actual (the only source of ``evaluation_score``).
    window_hours : float, default :data:`analysis.rules.SALES_WINDOW_HOURS` (72)
        Deals, sales, new customers and WeChat joins count up to this many
        hours after the event's end (the time-bound part of SMART; 24/72 rule).

    Returns
    -------
    pandas.DataFrame
        One row per target, in the order of ``event_targets``: ``event_id``,
        ``metric``, ``role`` (str), ``target`` (float), ``actual`` (float;
        NaN when it cannot be measured), ``attainment`` (float:
        actual / target; NaN when the target is 0 or the actual unknown),
        ``passed`` (boolean: actual ≥ target; empty when unknown),
        ``data_actual`` (float: the value counted from the tables; NaN when
        they cannot measure it), ``form_actual`` (float: the value of
        ``event_actuals``; NaN when the form reports none).

    Notes
    -----
    Actual values (whole event; per role where the data say who did it):

    - ``attendees``, ``strangers``, ``stranger_ratio``: distinct check-ins; per
      role, the chains started by that role's staff invitations;
    - ``invitations``: distinct invitees; per role, staff invitations by
      staff of that role;
    - ``leads``: leads of the event; per role, by ``assigned_to``;
    - ``deals``, ``sales_amount``: deals of attendees closed from the start to
      ``window_hours`` after the end (:func:`sales_after_event`); per role, by
      the deal's ``staff_id``; ``new_customers``: strangers among those
      buyers;
    - ``survey_responses``: responses filled in at the event;
    - ``wechat_joins``: attendees who joined a WeChat group in the window;
    - ``evaluation_score``: only from the evaluation form (``event_actuals``).

    The actual is the form's value where the form reports one for the same
    event, metric and role, else the value counted from the tables. Both stay
    in the result (``form_actual``, ``data_actual``), so a form that disagrees
    with the sign-in sheet shows; an empty contract table (e.g. no lead sheet
    imported) counts 0, which the form's figure then replaces.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> targets = pd.DataFrame({"event_id": "E1", "metric": ["attendees", "stranger_ratio"],
    ...                         "target": [3.0, 0.7], "role": None})
    >>> scorecard(t, event_targets=targets)[["metric", "target", "actual", "passed"]]
               metric  target  actual  passed
    0       attendees     3.0    4.00    True
    1  stranger_ratio     0.7    0.75    True
    >>> form = pd.DataFrame({"event_id": ["E1"], "metric": ["attendees"], "actual": [5.0]})
    >>> scorecard(t, event_targets=targets, event_actuals=form)[["metric", "actual", "data_actual", "form_actual"]]
               metric  actual  data_actual  form_actual
    0       attendees    5.00         4.00          5.0
    1  stranger_ratio    0.75         0.75          NaN
    """
    func = "scorecard"
    t = prep.pick(data, func, required=("event_targets", "events", "attendance", "invitations"),
                  optional=("staff", "leads", "deals", "survey_responses", "group_members", "event_actuals"),
                  event_targets=event_targets, events=events, attendance=attendance, invitations=invitations,
                  staff=staff, leads=leads, deals=deals, survey_responses=survey_responses,
                  group_members=group_members, event_actuals=event_actuals)
    staff, leads, deals = t["staff"], t["leads"], t["deals"]
    window_hours = prep.check_number(window_hours, "window_hours", func, unit="hours")
    tg = prep.require_frame(t["event_targets"], "event_targets", ("event_id", "metric", "target"), func)
    if "role" not in tg.columns:
        tg = tg.assign(role=pd.Series(pd.NA, index=tg.index, dtype="string"))
    ev = tb.events(t["events"], func, ("event_id", "starts_at", "ends_at"))
    chain = attendance_chain(attendance=t["attendance"], invitations=t["invitations"])
    inv = tb.invitations(t["invitations"], func)
    actual = _actuals(ev, chain, inv, staff, leads, deals, t["survey_responses"], t["group_members"], window_hours,
                      func)
    actual = actual.assign(_role=actual["role"].fillna(""))
    tgt = pd.DataFrame({"event_id": prep.ids(tg, "event_targets", "event_id", func).to_numpy(),
                        "metric": tb.required_codes(tg, "event_targets", "metric", func).to_numpy(),
                        "role": tg["role"].astype("string").to_numpy(),
                        "target": tg["target"].astype(float).to_numpy()})
    tgt = tgt.assign(_role=tgt["role"].fillna(""))
    out = tgt.merge(actual.drop(columns="role"), on=["event_id", "metric", "_role"], how="left")
    out = out.merge(_form_actuals(t["event_actuals"], func), on=["event_id", "metric", "_role"], how="left",
                    validate="many_to_one").drop(columns="_role")
    # a role-level metric the data support but no row was produced for: the role did nothing (0)
    countable = out["metric"].isin(["attendees", "strangers", "invitations"]) | (
        out["metric"].isin(["leads"]) & (leads is not None)) | (
        out["metric"].isin(["deals", "sales_amount", "new_customers"]) & (deals is not None))
    attributable = out["role"].isna() | (staff is not None)  # per-role actuals need the staff table's roles
    fill = out["actual"].isna() & countable.fillna(False) & attributable & out["event_id"].isin(ev["event_id"])
    out.loc[fill.to_numpy(), "actual"] = 0.0
    # the evaluation form's value, when it reports one, is the actual; the data's own count stays beside it
    data_v = out["actual"].to_numpy(dtype=float)
    form_v = out["form_actual"].to_numpy(dtype=float)
    out = out.assign(data_actual=data_v, actual=np.where(np.isnan(form_v), data_v, form_v))
    actual_v = out["actual"].to_numpy(dtype=float)
    target_v = out["target"].to_numpy(dtype=float)
    passed = pd.Series(actual_v >= target_v - 1e-12, dtype="boolean").mask(np.isnan(actual_v))
    return out.assign(attainment=tb.ratio(actual_v, target_v), passed=passed)[
        ["event_id", "metric", "role", "target", "actual", "attainment", "passed", "data_actual", "form_actual"]]


@tidy
def event_score(card: pd.DataFrame, pass_mark: float = rules.PASS_MARK,
                event_actuals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The evaluation score of each event from its scorecard, against a pass mark.

    Parameters
    ----------
    card : pandas.DataFrame
        The output of :func:`scorecard`.
    pass_mark : float, default :data:`analysis.rules.PASS_MARK` (80)
        Score (0–100) an event needs to pass.
    event_actuals : pandas.DataFrame, optional
        The evaluation form's results: its ``evaluation_score`` for the whole
        event (empty role) is given beside the computed score.

    Returns
    -------
    pandas.DataFrame
        One row per event: ``event_id``, ``targets`` (int64), ``measured``
        (int64: targets with an actual value), ``met`` (int64), ``score``
        (float, 0–100; NaN if nothing could be measured), ``pass_mark``
        (float), ``passed`` (boolean), ``form_score`` (float: the score the
        evaluation form reports, on the form's own scale; NaN without one).

    Notes
    -----
    :math:`\\text{score} = 100 \\cdot \\operatorname{mean}_i \\min(a_i, 1)`
    over the measured targets, :math:`a_i` = attainment. Capping at 100% keeps
    an overshoot on one target from hiding a miss on another; each target
    weighs the same. The form's score is not compared with the pass mark: a
    form may score on another scale (e.g. 1–5).

    Examples
    --------
    >>> import pandas as pd
    >>> card = pd.DataFrame({"event_id": "E1", "metric": ["attendees", "leads"], "role": None,
    ...                      "target": [30.0, 10.0], "actual": [38.0, 6.0], "attainment": [38 / 30, 0.6],
    ...                      "passed": [True, False]})
    >>> event_score(card)[["targets", "met", "score", "passed"]]
       targets  met  score  passed
    0        2    1   80.0    True
    """
    func = "event_score"
    pass_mark = prep.check_number(pass_mark, "pass_mark", func)
    c = prep.require_frame(card, "scorecard", ("event_id", "attainment", "passed"), func)
    c = c.assign(_capped=np.minimum(c["attainment"].astype(float), 1.0),
                 _measured=c["attainment"].notna(), _met=c["passed"].fillna(False).astype(bool))
    g = c.groupby("event_id", sort=True).agg(targets=("attainment", "size"), measured=("_measured", "sum"),
                                             met=("_met", "sum"), score=("_capped", "mean"))
    g = g.reset_index()
    score = g["score"].to_numpy(dtype=float) * 100
    passed = pd.Series(score >= pass_mark, dtype="boolean").mask(np.isnan(score))
    form = _form_actuals(event_actuals, func)
    form = form.loc[((form["metric"] == "evaluation_score") & (form["_role"] == "")).to_numpy(dtype=bool)]
    form_score = g["event_id"].astype("string").map(form.set_index("event_id")["form_actual"])
    return pd.DataFrame({"event_id": g["event_id"].astype("string"), "targets": tb.as_int(g["targets"]),
                         "measured": tb.as_int(g["measured"]), "met": tb.as_int(g["met"]), "score": score,
                         "pass_mark": np.full(len(g), pass_mark), "passed": passed,
                         "form_score": form_score.to_numpy(dtype=float)})


@tidy
def target_steps(data=None, /, *, card: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                 max_step: float = rules.MAX_TARGET_STEP, event_id: str = "",
                 previous_only: bool = False) -> pd.DataFrame:
    """Each target against the same target of the previous comparable event; unrealistic steps flagged.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch`: the branch's
        history) supplying ``events`` and, without ``card``, the tables of
        :func:`scorecard`.
    card : pandas.DataFrame, optional
        The output of :func:`scorecard` (or ``event_targets`` plus an
        ``actual`` column); default: the scorecard of ``data``.
    events : pandas.DataFrame
        ``event_id``, ``kind``, ``starts_at`` (``branch_id`` when present).
    max_step : float, default :data:`analysis.rules.MAX_TARGET_STEP` (0.5)
        Largest realistic relative increase over the previous target (the
        practice: 40 → 50–55 is realistic, +25–38%; 40 → 80, +100%, is not).
    event_id : str, default ""
        Keep the targets of this event only (the previous event is still
        looked up in the whole history); empty keeps every event.
    previous_only : bool, default False
        Keep only the targets that have a previous comparable target.

    Returns
    -------
    pandas.DataFrame
        One row per target of ``card``: ``event_id``, ``metric``, ``role``,
        ``target``, ``actual``, ``previous_event_id`` (str; empty when there is
        no earlier comparable event with this target), ``previous_target``,
        ``previous_actual``, ``target_step`` (float: the relative increase,
        Notes), ``unrealistic`` (bool: ``target_step > max_step``).

    Notes
    -----
    "Comparable" = same branch and kind (booth, salon, activity), the latest
    earlier event that had a target for the same metric and role (SMART:
    measurable against what was set — and achieved — last time).

    :math:`\\text{step} = \\text{target} / \\max(\\text{previous target},
    \\text{previous actual}) - 1`: a target is a realistic step from the
    higher of what was aimed at and what was achieved last time, so raising
    40 to 80 after 45 came is flagged, while 80 after 78 came is not. Without
    the previous actual (not measured, or ``card`` has no ``actual``) the
    previous target alone is the base.

    The column was called ``step`` before; it is ``target_step`` so that its
    label differs from the funnel's ``step`` (groups).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "kind": "booth",
    ...                    "starts_at": pd.to_datetime(["2026-07-01", "2026-08-01", "2026-09-01"])})
    >>> card = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "metric": "attendees",
    ...                      "target": [40.0, 50.0, 100.0], "actual": [45.0, 52.0, float("nan")]})
    >>> steps = target_steps(card=card, events=ev)
    >>> steps[["event_id", "previous_target", "target", "target_step", "unrealistic"]].round(3)
      event_id  previous_target  target  target_step  unrealistic
    0       E1              NaN    40.0          NaN        False
    1       E2             40.0    50.0        0.111        False
    2       E3             50.0   100.0        0.923         True
    """
    func = "target_steps"
    t = prep.pick(data, func, required=("events",), events=events)
    if card is None:
        if data is None:
            raise ParameterError(f"{func}: pass card=... (the scorecard) or a data set to compute it from.")
        card = scorecard(data, events=t["events"])
    max_step = prep.check_number(max_step, "max_step", func)
    c = prep.require_frame(card, "scorecard", ("event_id", "metric", "target"), func)
    ev = tb.events(t["events"], func, ("event_id", "kind", "starts_at"))
    c = c.assign(event_id=prep.ids(c, "scorecard", "event_id", func), metric=c["metric"].astype("string"),
                 role=(c["role"] if "role" in c.columns else pd.Series(pd.NA, index=c.index)).astype("string"),
                 actual=(c["actual"] if "actual" in c.columns else pd.Series(np.nan, index=c.index)).astype(float),
                 target=c["target"].astype(float), _order=np.arange(len(c)))
    info = ev[["event_id", "kind", "starts_at"]].assign(
        _branch=ev["branch_id"].astype("string").fillna("") if "branch_id" in ev.columns else "",
        kind=ev["kind"].astype("string"))
    m = c.merge(info, on="event_id", how="left").assign(_role=lambda d: d["role"].fillna(""))
    m = m.sort_values(["starts_at", "event_id"], kind="stable", na_position="last")
    g = m.groupby(["_branch", "kind", "metric", "_role"], dropna=False, sort=False)
    m = m.assign(previous_event_id=g["event_id"].shift(1), previous_target=g["target"].shift(1),
                 previous_actual=g["actual"].shift(1))
    m = m.sort_values("_order").reset_index(drop=True)
    base = np.fmax(m["previous_target"].to_numpy(float), m["previous_actual"].to_numpy(float))
    step = tb.ratio(m["target"], base) - 1
    out = pd.DataFrame({
        "event_id": m["event_id"].astype("string"), "metric": m["metric"].astype("string"),
        "role": m["role"].astype("string"), "target": m["target"].to_numpy(float),
        "actual": m["actual"].to_numpy(float), "previous_event_id": m["previous_event_id"].astype("string"),
        "previous_target": m["previous_target"].to_numpy(float),
        "previous_actual": m["previous_actual"].to_numpy(float),
        "target_step": step, "unrealistic": np.nan_to_num(step, nan=-np.inf) > max_step + 1e-12,
    })
    if previous_only:
        out = out.loc[out["previous_event_id"].notna().to_numpy(dtype=bool)]
    return tb.only_event(out, event_id, func)
