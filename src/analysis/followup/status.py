"""Lead follow-up under the 24/72 rule (线索跟进, 24/72 法则).

After an event or a WeChat conversation a lead is worth most in its first three
days: the branch's practice is a **first contact within 24 hours** of capture and
a **result (won or lost) within 72 hours**, because a customer's hesitation
window is about three days. This module measures that practice on the
``leads`` table of the data contract and asks whether delay costs deals.

Every function takes the ``leads`` table (and, where needed, ``staff`` or
``people``) and returns a tidy DataFrame with a plain ``RangeIndex``. Nothing is
rounded, printed or written; the interval level is the parameter ``level``.

The evaluation time ``as_of``
-----------------------------
Each function evaluates the leads *as of* a moment ``as_of``: a contact or a
result recorded after ``as_of`` has not happened yet, and leads captured after
``as_of`` are left out. When ``as_of`` is not given it is the **latest timestamp
in the leads table passed in** (the largest ``captured_at``, ``first_contact_at``
or ``closed_at``; see :func:`default_as_of`) — never the wall clock, so that a
report run twice on the same data gives the same numbers. A scheduled report
that wants "as of the end of the month" passes ``as_of`` explicitly.

Functions
---------
default_as_of
    The default evaluation time of a leads table.
lead_status
    One row per lead with the derived columns every other function uses.
rule_24_72
    Compliance with the 24/72 rule per group: leads, met, pending, rate with interval.
time_to_contact
    Median and quantiles of hours to first contact and to a result (Kaplan–Meier).
overdue, overdue_counts
    The morning-meeting lists: open leads past 24 h without contact, past 72 h unresolved.
win_rate_by_delay, delay_logit, delay_verdict
    Does delay cost deals? Win rate by contact-delay band, a logistic regression, a verdict.
kaplan_meier, logrank, time_to_win, delay_logrank
    Kaplan–Meier curves of time to win by delay band and the log-rank test.
lead_load, load_balance_test
    Leads per staff member against an even split (chi-square goodness of fit).
data_findings, rejected_leads
    Data-quality findings about leads, for the report's data-quality section.
plot_time_to_win
    Chart of the Kaplan–Meier curves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as _sps

from analysis._checks import by_columns, check_level, problems_frame, require_frame
from analysis.errors import DataError, ParameterError
from analysis.stats import _z, compare_proportions, logit, proportion

__all__ = [
    "RULES",
    "BANDS",
    "SOURCES",
    "FOLLOWUP_ROLES",
    "REPORT_TABLES",
    "ZH",
    "default_as_of",
    "lead_status",
    "rule_24_72",
    "time_to_contact",
    "overdue",
    "overdue_counts",
    "win_rate_by_delay",
    "delay_logit",
    "delay_verdict",
    "kaplan_meier",
    "logrank",
    "time_to_win",
    "delay_logrank",
    "lead_load",
    "load_balance_test",
    "data_findings",
    "rejected_leads",
    "plot_time_to_win",
]

#: The two rules, in report order.
RULES: tuple[str, ...] = ("first_contact_24h", "resolved_72h")
#: First-contact delay bands, in order: ≤ 24 h, 24–72 h, > 72 h, not contacted.
BANDS: tuple[str, ...] = ("le_24h", "24_72h", "gt_72h", "never")
#: Where a lead came from: an event, a WeChat group, or neither.
SOURCES: tuple[str, ...] = ("event", "group", "other")
#: Roles that follow up leads (branch head and operations supervisor do not).
FOLLOWUP_ROLES: tuple[str, ...] = ("wealth_manager", "lobby_manager", "teller", "account_manager")
#: The tables the follow-up report reads (``load_dataset(..., tables=REPORT_TABLES)``): the leads and
#: every table they or the branch scope refer to.
REPORT_TABLES: tuple[str, ...] = ("branches", "staff", "communities", "people", "events", "wechat_groups", "leads")
#: Verdicts of :func:`delay_verdict`.
VERDICTS: tuple[str, ...] = ("delay_costs", "delay_no_cost", "no_evidence", "too_few")

#: Chinese labels of this module's codes and columns (pass as ``extra=`` to :func:`analysis.labels.localize`).
ZH: dict[str, str] = {
    # rules and statuses
    "rule": "规则", "first_contact_24h": "24小时内首次联系", "resolved_72h": "72小时内出结果",
    "leads": "线索数", "met": "达标", "pending": "未到期", "late": "超时",
    "contact_status": "首联状态", "resolve_status": "结果状态", "outcome_as_of": "截至评估时结果",
    # bands and sources
    "delay_band": "首次联系时效", "le_24h": "≤24小时", "24_72h": "24–72小时", "gt_72h": ">72小时",
    "never": "未联系", "gt_24h": ">24小时", "pooled": "合并的小类", "unknown": "未知", "source": "来源",
    "event": "活动", "group": "微信群", "other": "其他",
    # times
    "measure": "指标", "first_contact": "首次联系", "resolution": "出结果", "observed": "已发生",
    "censored": "尚未发生", "q25": "25%分位(小时)", "median": "中位数(小时)", "q75": "75%分位(小时)",
    "q90": "90%分位(小时)", "hours": "小时", "at_risk": "风险集", "wins": "成交数",
    "hours_to_contact": "距首联(小时)", "hours_to_close": "距出结果(小时)", "age_hours": "线索时长(小时)",
    # overdue
    "list": "清单", "no_contact_24h": "超24小时未联系", "unresolved_72h": "超72小时未出结果",
    "hours_overdue": "超时(小时)", "open_leads": "未结线索",
    # ids and columns of leads
    "lead_id": "线索编号", "person_id": "客户编号", "group_id": "群编号", "captured_at": "获取时间",
    "first_contact_at": "首次联系时间", "closed_at": "结果时间", "assigned_to": "跟进人", "unassigned": "未分配",
    # win rates and models
    "won": "成交", "open": "跟进中", "lost": "未成交", "amount": "成交金额(元)", "variable": "变量",
    "level": "水平", "std_error": "标准误", "odds_ratio": "比值比", "segment": "客群",
    "payroll": "代发工资", "retiree": "退休", "business_owner": "个体工商户/企业主", "professional": "专业人士",
    "homemaker": "全职主妇", "student": "学生",
    "rate_on_time": "24小时内联系成交率", "rate_later": "24小时后联系成交率",
    "on_time_leads": "24小时内联系线索", "on_time_won": "24小时内联系成交", "later_leads": "24小时后联系线索",
    "later_won": "24小时后联系成交", "method": "方法", "verdict": "结论", "logrank_p_value": "log-rank p值",
    "delay_costs": "延迟联系显著降低成交率", "delay_no_cost": "晚联系的线索成交率反而显著更高（请核查原因）",
    "no_evidence": "差异不显著：现有数据不足以证明延迟有影响", "too_few": "数据太少，无法判断",
    "chi2": "卡方值", "dof": "自由度", "groups": "组数", "origin": "计时起点", "captured": "获取时",
    "contact": "首次联系时",
    # load
    "staff_id": "员工", "role": "岗位", "expected": "均分期望", "share": "占比", "n_staff": "员工数",
    "min_expected": "最小期望数", "wealth_manager": "理财经理", "lobby_manager": "大堂经理", "teller": "柜员",
    "account_manager": "客户经理", "branch_head": "行长", "ops_supervisor": "运营主管",
    # findings
    "file_row": "文件行号", "reasons": "原因", "table": "数据表", "column": "字段", "n_rows": "问题行数",
    "rows": "行", "detail": "说明",
    "assigned_other_branch": "分配给其他网点员工", "assigned_unknown_staff": "跟进人不在员工表",
    "unassigned_leads": "未分配跟进人", "closed_without_contact": "无首次联系记录却已出结果",
    "won_without_amount": "成交但无金额", "amount_not_won": "未成交却有金额", "stale_open": "长期未结",
    "after_as_of": "时间晚于评估时点", "contact_after_capture": "首次联系早于获取",
    "closed_after_capture": "结果早于获取", "closed_after_contact": "结果早于首次联系",
    "closed_needs_time": "有结果但无结果时间", "open_has_no_close": "跟进中却有结果时间",
    "foreign_key": "引用不存在", "missing_captured_at": "缺少获取时间",
}

_REQUIRED = ("captured_at", "first_contact_at", "closed_at", "outcome")
_HOUR = pd.Timedelta(hours=1)
_MAX_SHOWN = 5
_MAX_SE = 10.0  # a log-odds standard error above this signals (quasi-)separation


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------


def _ids(leads: pd.DataFrame, mask) -> str:
    """The first offending leads, by lead_id when there is one (else by row position)."""
    mask = np.asarray(mask, dtype=bool)
    if "lead_id" in leads.columns:
        vals = [str(v) for v in leads["lead_id"].to_numpy()[mask]]
    else:
        vals = [f"row {i + 1}" for i in np.flatnonzero(mask)]
    shown = ", ".join(vals[:_MAX_SHOWN])
    return shown + (f" … ({len(vals) - _MAX_SHOWN} more)" if len(vals) > _MAX_SHOWN else "")


def _problem(rule: str, column: str, leads: pd.DataFrame, mask, detail: str) -> DataError:
    n = int(np.asarray(mask, dtype=bool).sum())
    rows = _ids(leads, mask)
    problems = problems_frame("leads", column, rule, n, rows, detail)
    return DataError(f"leads.{column} [{rule}]: {n} lead(s) {detail} — {rows}. Correct the leads file "
                     "(or load it with load_dataset(..., errors='report'), which sets such rows aside).", problems)


def _as_time(values: pd.Series) -> pd.Series:
    """A datetime64 Series (NaT kept); text is parsed."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        if getattr(values.dt, "tz", None) is not None:
            return values.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        return values
    return pd.to_datetime(values, errors="coerce", format="mixed")


def _check_leads(leads, func: str) -> pd.DataFrame:
    """Validate the leads table and return a copy with datetime columns (input untouched)."""
    require_frame(leads, "leads", _REQUIRED, func)
    d = leads.reset_index(drop=True)
    d = d.assign(**{c: _as_time(d[c]) for c in ("captured_at", "first_contact_at", "closed_at")})
    outcome = d["outcome"].astype("string")
    bad_outcome = outcome.notna() & ~outcome.isin(["won", "lost", "open"])
    checks = [
        ("missing_captured_at", "captured_at", d["captured_at"].isna(),
         "have no captured_at (the 24/72 clock starts there)"),
        ("outcome", "outcome", outcome.isna() | bad_outcome, "have an outcome other than won, lost or open"),
        ("contact_after_capture", "first_contact_at", d["first_contact_at"] < d["captured_at"],
         "were first contacted before they were captured"),
        ("closed_after_capture", "closed_at", d["closed_at"] < d["captured_at"],
         "have a result (closed_at) before they were captured"),
        ("closed_after_contact", "closed_at", d["closed_at"] < d["first_contact_at"],
         "have a result (closed_at) before their first contact"),
        ("closed_needs_time", "closed_at", outcome.isin(["won", "lost"]) & d["closed_at"].isna(),
         "are won or lost but have no closed_at"),
        ("open_has_no_close", "closed_at", (outcome == "open") & d["closed_at"].notna(),
         "are open but have a closed_at"),
    ]
    for rule, column, mask, detail in checks:
        mask = mask.fillna(False).astype(bool).to_numpy()
        if mask.any():
            raise _problem(rule, column, d, mask, detail)
    return d.assign(outcome=outcome)


def default_as_of(leads: pd.DataFrame) -> pd.Timestamp:
    """The default evaluation time: the latest timestamp in the leads table.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (columns ``captured_at``, ``first_contact_at``, ``closed_at``).

    Returns
    -------
    pandas.Timestamp
        The largest of every ``captured_at``, ``first_contact_at`` and ``closed_at``;
        ``NaT`` for an empty table.

    Notes
    -----
    Reports must be reproducible, so the default is taken from the data and never
    from the wall clock: the same data give the same report whenever it runs. For a
    whole data set, pass the full leads table (all branches), so that every branch is
    evaluated at the same moment.

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"captured_at": pd.to_datetime(["2026-09-01 10:00", "2026-09-02 09:00"]),
    ...                       "first_contact_at": pd.to_datetime(["2026-09-01 12:00", None]),
    ...                       "closed_at": pd.to_datetime(["2026-09-03 18:00", None])})
    >>> default_as_of(leads)
    Timestamp('2026-09-03 18:00:00')
    """
    if not isinstance(leads, pd.DataFrame):
        raise ParameterError(f"default_as_of: leads must be a pandas DataFrame, got {type(leads).__name__}.")
    cols = [c for c in ("captured_at", "first_contact_at", "closed_at") if c in leads.columns]
    if not cols:
        raise DataError("default_as_of: the leads table has none of captured_at, first_contact_at, closed_at.")
    latest = pd.concat([_as_time(leads[c]) for c in cols], ignore_index=True).max()
    return pd.Timestamp(latest) if pd.notna(latest) else pd.NaT


def _resolve_as_of(as_of, d: pd.DataFrame, func: str) -> pd.Timestamp:
    if as_of is None or (isinstance(as_of, str) and not as_of.strip()) or as_of is pd.NaT:
        return default_as_of(d)
    try:
        ts = pd.Timestamp(as_of)
    except (ValueError, TypeError) as exc:
        raise ParameterError(f"{func}: as_of must be a date and time such as '2026-09-30 18:00', "
                             f"not {as_of!r}.") from exc
    if pd.isna(ts):
        raise ParameterError(f"{func}: as_of must be a date and time, not {as_of!r}.")
    if ts.tzinfo is not None:
        ts = ts.tz_convert("Asia/Shanghai").tz_localize(None)
    return ts


def _check_hours(contact_hours, resolve_hours, func: str) -> tuple[float, float]:
    out = []
    for name, v in (("contact_hours", contact_hours), ("resolve_hours", resolve_hours)):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)) or not v > 0:
            raise ParameterError(f"{func}: {name} must be a positive number of hours, got {v!r}.")
        out.append(float(v))
    if out[0] > out[1]:
        raise ParameterError(f"{func}: contact_hours ({out[0]:g}) must not exceed resolve_hours ({out[1]:g}).")
    return out[0], out[1]


# ---------------------------------------------------------------------------
# per-lead status
# ---------------------------------------------------------------------------


def _status(d: pd.DataFrame, as_of, ch: float, rh: float) -> pd.DataFrame:
    """Derived columns on validated leads (d from _check_leads); rows captured after as_of dropped."""
    d = d.loc[(d["captured_at"] <= as_of).to_numpy()].reset_index(drop=True) if pd.notna(as_of) else d.iloc[0:0]
    cap, first, closed = d["captured_at"], d["first_contact_at"], d["closed_at"]
    contacted = (first.notna() & (first <= as_of)).to_numpy()
    resolved = (closed.notna() & (closed <= as_of) & d["outcome"].isin(["won", "lost"])).to_numpy()
    hours_contact = ((first - cap) / _HOUR).where(contacted)
    hours_close = ((closed - cap) / _HOUR).where(resolved)
    age = (as_of - cap) / _HOUR

    def status(done, when, hours):
        deadline = cap + pd.Timedelta(hours=hours)
        met = done & (when <= deadline).fillna(False).to_numpy()
        pending = ~met & (as_of < deadline).to_numpy()
        return np.where(met, "met", np.where(pending, "pending", "late"))

    outcome = np.where(resolved, d["outcome"].astype(object).to_numpy(), "open")
    band = np.select(
        [contacted & (hours_contact <= ch).to_numpy(), contacted & (hours_contact <= rh).to_numpy(), contacted,
         ~contacted & (age > rh).to_numpy()],
        ["le_24h", "24_72h", "gt_72h", "never"], default=None)
    if "event_id" in d.columns:
        ev = d["event_id"].notna().to_numpy()
    else:
        ev = np.zeros(len(d), dtype=bool)
    gr = d["group_id"].notna().to_numpy() if "group_id" in d.columns else np.zeros(len(d), dtype=bool)
    source = np.where(ev, "event", np.where(gr, "group", "other"))
    out = d.assign(
        source=pd.array(source, dtype="string"),
        hours_to_contact=hours_contact.astype("float64"),
        hours_to_close=hours_close.astype("float64"),
        age_hours=age.astype("float64"),
        contact_status=pd.array(status(contacted, first, ch), dtype="string"),
        resolve_status=pd.array(status(resolved, closed, rh), dtype="string"),
        outcome_as_of=pd.array(outcome, dtype="string"),
        delay_band=pd.array(band, dtype="string"),
        won=(outcome == "won").astype("int64"),
    )
    return out


def lead_status(leads: pd.DataFrame, as_of=None, contact_hours: float = 24, resolve_hours: float = 72) -> pd.DataFrame:
    """One row per lead captured by ``as_of``, with the derived follow-up columns.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (``captured_at``, ``first_contact_at``, ``closed_at``, ``outcome``;
        optionally ``lead_id``, ``event_id``, ``group_id``, ``assigned_to``, ``amount`` …).
    as_of : str or Timestamp, optional
        Evaluation time; default (None, ``""`` or ``NaT``): :func:`default_as_of` of ``leads`` (the
        latest timestamp in the table, never the wall clock). Contacts and results after it have not
        happened yet.
    contact_hours, resolve_hours : float, default 24 and 72
        The two windows of the rule, in hours from ``captured_at``.

    Returns
    -------
    pandas.DataFrame
        The input columns (times as datetime, ``outcome`` as string) of the leads captured at or
        before ``as_of``, plus:

        - ``source`` (str): ``event`` (has an event_id), ``group`` (has a group_id, no event) or ``other``.
        - ``hours_to_contact`` (float): hours from capture to first contact; NaN if not contacted by ``as_of``.
        - ``hours_to_close`` (float): hours from capture to the result; NaN if no result by ``as_of``.
        - ``age_hours`` (float): hours from capture to ``as_of``.
        - ``contact_status``, ``resolve_status`` (str): ``met``, ``late`` or ``pending`` for the
          24-hour and the 72-hour rule.
        - ``outcome_as_of`` (str): ``won``, ``lost`` or ``open`` at ``as_of``.
        - ``delay_band`` (str): ``le_24h``, ``24_72h``, ``gt_72h`` (contacted, by delay), ``never``
          (not contacted by ``as_of`` and captured more than ``resolve_hours`` before it), or
          ``<NA>`` (not contacted yet, but still inside the 72 hours: the band is not known).
        - ``won`` (int64): 1 if won by ``as_of``, else 0.

    Raises
    ------
    ParameterError
        ``leads`` is not a DataFrame, ``as_of`` is not a time, or a window is not a positive number.
    DataError
        A required column is missing, or a lead breaks a rule of the data contract: no
        ``captured_at``; first contact before capture; result before capture or before first
        contact; won/lost without ``closed_at``; open with a ``closed_at`` (the lead ids are named).

    Notes
    -----
    A rule is **met** when the event happened at or before ``captured_at + window`` (exactly 24 h
    or 72 h meets it). It is **pending** when it is not met and the window has not elapsed at
    ``as_of`` (``as_of < captured_at + window``): still inside the window is not failure. Otherwise
    it is **late** (contacted or resolved after the window, or not at all). Leads captured after
    ``as_of`` did not exist yet and are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "assigned_to": ["S1", "S2"],
    ...     "captured_at": pd.to_datetime(["2026-09-01 10:00", "2026-09-01 10:00"]),
    ...     "first_contact_at": pd.to_datetime(["2026-09-02 10:00", None]),
    ...     "closed_at": pd.to_datetime(["2026-09-04 12:00", None]), "outcome": ["won", "open"]})
    >>> lead_status(leads, as_of="2026-09-05")[["lead_id", "contact_status", "resolve_status", "delay_band"]]
      lead_id contact_status resolve_status delay_band
    0      L1            met           late     le_24h
    1      L2           late           late      never
    """
    func = "lead_status"
    d = _check_leads(leads, func)
    ch, rh = _check_hours(contact_hours, resolve_hours, func)
    return _status(d, _resolve_as_of(as_of, d, func), ch, rh)


# ---------------------------------------------------------------------------
# the rule
# ---------------------------------------------------------------------------


def _empty_by(st: pd.DataFrame, keys: list[str]) -> dict:
    return {k: st[k].iloc[0:0] for k in keys}


def rule_24_72(leads: pd.DataFrame, by=None, as_of=None, contact_hours: float = 24, resolve_hours: float = 72,
               level: float = 0.95) -> pd.DataFrame:
    """Compliance with the 24/72 rule: first contact within 24 h, a result within 72 h.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (see :func:`lead_status`).
    by : str or list of str, optional
        Grouping columns of the leads, e.g. ``"assigned_to"`` (per staff), ``"event_id"``, or the
        derived ``"source"`` (event / group / other). None: one row per rule for all leads.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads`` (:func:`default_as_of`).
    contact_hours, resolve_hours : float, default 24 and 72
        The windows, in hours from ``captured_at``.
    level : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    pandas.DataFrame
        One row per group and rule (groups sorted, a missing key such as an unassigned lead
        is a group of its own), with columns:

        - the ``by`` keys;
        - ``rule`` (str): ``first_contact_24h`` or ``resolved_72h``;
        - ``leads`` (int64): the denominator — leads whose window has elapsed at ``as_of`` or
          that already met the rule;
        - ``met`` (int64): leads that met the rule (event at or before capture + window);
        - ``pending`` (int64): leads still inside the window and not yet met — in neither
          ``leads`` nor ``met``;
        - ``rate`` (float): ``met / leads``; NaN when ``leads == 0``;
        - ``ci_low``, ``ci_high`` (float): Wilson interval at ``level``
          (:func:`analysis.stats.proportion`).

    Raises
    ------
    ParameterError, DataError
        As :func:`lead_status`; also when a ``by`` column is missing.

    Notes
    -----
    The clock starts at ``captured_at``. For a rule with window :math:`w`, a lead is *met* if its
    event time :math:`t` (first contact, or the result won/lost) satisfies
    :math:`t \\le t_\\text{capture} + w` and :math:`t \\le` ``as_of``; *pending* if not met and
    ``as_of`` :math:`< t_\\text{capture} + w`; *late* otherwise (in ``leads`` but not ``met``):
    contacted or resolved after the window, or not at all. ``late = leads - met``. Exactly 24 h
    (72 h) meets the rule. Leads captured after ``as_of`` are left out, so
    ``leads + pending`` is the number of leads captured by ``as_of``.

    The rule (DESIGN.md, "24/72 rule"): first follow-up within 24 hours of the event, a result
    within 72 hours, because a customer's hesitation window is typically three days.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> r = rule_24_72(leads)
    >>> list(r.columns)
    ['rule', 'leads', 'met', 'pending', 'rate', 'ci_low', 'ci_high']
    >>> r["rule"].tolist()
    ['first_contact_24h', 'resolved_72h']
    """
    func = "rule_24_72"
    check_level(level, func)
    st = lead_status(leads, as_of=as_of, contact_hours=contact_hours, resolve_hours=resolve_hours)
    keys = by_columns(by, st.columns, "the leads", func)
    parts = []
    for rule, col in zip(RULES, ("contact_status", "resolve_status")):
        s = st[col]
        parts.append(st[keys].assign(rule=rule, met=(s == "met").astype("int64").to_numpy(),
                                     late=(s == "late").astype("int64").to_numpy(),
                                     pending=(s == "pending").astype("int64").to_numpy()))
    long = pd.concat(parts, ignore_index=True)
    if keys:
        g = long.groupby(keys + ["rule"], dropna=False, observed=True, sort=False)[["met", "late", "pending"]].sum()
        counts = g.reset_index()
        order = counts["rule"].map({r: i for i, r in enumerate(RULES)})
        counts = counts.assign(_o=order).sort_values(keys + ["_o"], kind="stable", na_position="last")
        counts = counts.drop(columns="_o").reset_index(drop=True)
    else:
        counts = (long.groupby("rule", sort=False)[["met", "late", "pending"]].sum()
                  .reindex(list(RULES), fill_value=0).reset_index())
    leads_n = (counts["met"] + counts["late"]).astype("int64")
    p = proportion(counts["met"].to_numpy(), leads_n.to_numpy(), level=level) if len(counts) else None
    out = counts[keys].assign(
        rule=counts["rule"].astype("string"),
        leads=leads_n,
        met=counts["met"].astype("int64"),
        pending=counts["pending"].astype("int64"),
        rate=p["rate"].to_numpy() if p is not None else np.array([], dtype=float),
        ci_low=p["ci_low"].to_numpy() if p is not None else np.array([], dtype=float),
        ci_high=p["ci_high"].to_numpy() if p is not None else np.array([], dtype=float),
    )
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------
# Kaplan–Meier building blocks
# ---------------------------------------------------------------------------


def _km_one(time: np.ndarray, event: np.ndarray, level: float) -> pd.DataFrame:
    """Kaplan–Meier at the event times of one group (statsmodels SurvfuncRight)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    cols = {"time": [], "at_risk": [], "events": [], "survival": [], "std_error": [], "ci_low": [], "ci_high": []}
    if len(time) == 0 or event.sum() == 0:
        return pd.DataFrame(cols).astype({"at_risk": "int64", "events": "int64", "time": "float64",
                                          "survival": "float64", "std_error": "float64", "ci_low": "float64",
                                          "ci_high": "float64"})
    sf = SurvfuncRight(time, event)
    s = np.asarray(sf.surv_prob, dtype=float)
    se = np.asarray(sf.surv_prob_se, dtype=float)
    z = _z(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        se_log = np.where(s > 0, se / s, np.nan)  # se of log S (R's survfit $std.err)
        low = np.where(s > 0, s * np.exp(-z * se_log), np.nan)
        high = np.where(s > 0, np.minimum(s * np.exp(z * se_log), 1.0), np.nan)
    return pd.DataFrame({
        "time": np.asarray(sf.surv_times, dtype=float),
        "at_risk": np.asarray(sf.n_risk, dtype=np.int64),
        "events": np.asarray(sf.n_events, dtype=np.int64),
        "survival": s, "std_error": se, "ci_low": low, "ci_high": high,
    })


def _check_survival_data(data, duration, event, keys, func):
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(f"{func}: data must be a pandas DataFrame, got {type(data).__name__}.")
    for role, col in (("duration", duration), ("event", event), *(("by", k) for k in keys)):
        if col not in data.columns:
            raise ParameterError(f"{func}: {role} column {col!r} is not in the data "
                                 f"(available: {', '.join(map(str, data.columns))}).")
    t = pd.to_numeric(data[duration], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(t) | (t < 0)
    if bad.any():
        pos = np.flatnonzero(bad)[:_MAX_SHOWN] + 1
        raise DataError(f"{func}: column {duration!r} must hold durations >= 0; rows {list(pos)} "
                        "(1 = first row) do not.")
    e = data[event]
    ok = e.isin([0, 1, True, False]) & e.notna()
    if not ok.all():
        pos = np.flatnonzero(~ok.to_numpy())[:_MAX_SHOWN] + 1
        raise DataError(f"{func}: column {event!r} must hold 1/True (event) or 0/False (censored); "
                        f"rows {list(pos)} (1 = first row) do not.")
    return t, e.astype(int).to_numpy()


def kaplan_meier(data: pd.DataFrame, duration: str, event: str, by=None, level: float = 0.95) -> pd.DataFrame:
    """Kaplan–Meier survival curves with pointwise intervals, one row per group and event time.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per subject (e.g. one lead).
    duration : str
        Time from the origin to the event or to censoring (any unit, >= 0).
    event : str
        1/True: the event happened at ``duration``; 0/False: censored there.
    by : str or list of str, optional
        Grouping columns: one curve per group.
    level : float, default 0.95
        Confidence level of the pointwise interval.

    Returns
    -------
    pandas.DataFrame
        One row per group and distinct event time (groups sorted), with columns:

        - the ``by`` keys;
        - ``time`` (float): event time;
        - ``at_risk`` (int64): subjects still under observation just before ``time``;
        - ``events`` (int64): events at ``time``;
        - ``survival`` (float): Kaplan–Meier estimate :math:`\\hat S(t)`;
        - ``std_error`` (float): Greenwood standard error of :math:`\\hat S(t)`;
        - ``ci_low``, ``ci_high`` (float): pointwise interval at ``level`` on the log scale,
          upper limit capped at 1; NaN where :math:`\\hat S(t) = 0`.

        A group without events has no rows.

    Notes
    -----
    :math:`\\hat S(t) = \\prod_{t_i \\le t} (1 - d_i / n_i)` and Greenwood's
    :math:`\\widehat{\\mathrm{Var}}\\,\\hat S(t) = \\hat S(t)^2 \\sum_{t_i \\le t} d_i / (n_i (n_i - d_i))`,
    computed by ``statsmodels.duration.survfunc.SurvfuncRight``. The interval is
    :math:`\\hat S \\exp(\\pm z\\,\\mathrm{se}(\\hat S)/\\hat S)`, R's ``survfit`` default
    ``conf.type = "log"``; the rows equal R's ``summary(survfit(Surv(time, status) ~ 1))``.

    References
    ----------
    .. [1] Kaplan, E. L. and Meier, P. (1958). Nonparametric estimation from incomplete
       observations. JASA 53, 457-481.

    Examples
    --------
    Gehan's 6-MP arm (Freireich et al. 1963), remission times in weeks:

    >>> import pandas as pd
    >>> mp = pd.DataFrame({"weeks": [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32,
    ...                              32, 34, 35],
    ...                    "relapse": [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]})
    >>> kaplan_meier(mp, "weeks", "relapse")[["time", "at_risk", "events", "survival"]].round(4).head(3)
       time  at_risk  events  survival
    0   6.0       21       3    0.8571
    1   7.0       17       1    0.8067
    2  10.0       15       1    0.7529
    """
    func = "kaplan_meier"
    level = check_level(level, func)
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    t, e = _check_survival_data(data, duration, event, keys, func)
    if not keys:
        return _km_one(t, e, level)
    frame = data[keys].reset_index(drop=True).assign(_t=t, _e=e)
    parts = []
    for key, grp in frame.groupby(keys, dropna=False, observed=True, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        curve = _km_one(grp["_t"].to_numpy(), grp["_e"].to_numpy(), level)
        parts.append(curve.assign(**{k: grp[k].iloc[:1].repeat(len(curve)).to_numpy() for k in keys}))
    if not parts:
        curve = _km_one(np.array([]), np.array([]), level)
        return pd.concat([data[keys].iloc[0:0].reset_index(drop=True), curve], axis=1)
    out = pd.concat(parts, ignore_index=True)
    return out[keys + [c for c in out.columns if c not in keys]]


def _km_quantiles(time: np.ndarray, event: np.ndarray, probs: Sequence[float]) -> np.ndarray:
    """Quantiles of a Kaplan–Meier curve by R's rule (survival::quantile.survfit)."""
    curve = _km_one(time, event, 0.95)
    if curve.empty:
        return np.full(len(probs), np.nan)
    x = np.concatenate([[0.0], curve["time"].to_numpy()])
    y = np.concatenate([[0.0], 1.0 - curve["survival"].to_numpy()])  # cumulative distribution, increasing
    xmax = float(np.max(time))
    tol = np.sqrt(np.finfo(float).eps)
    out = np.full(len(probs), np.nan)
    for i, p in enumerate(probs):
        if y[-1] < p - tol:
            continue  # the curve never reaches p
        i1 = int(np.searchsorted(y, p - tol, side="left"))  # first y >= p - tol
        if abs(y[-1] - p) < tol and i1 == len(y) - 1:
            out[i] = (x[i1] + xmax) / 2
            continue
        i2 = int(np.searchsorted(y, p + tol, side="left"))  # first y >= p + tol
        out[i] = (x[i1] + x[min(i2, len(y) - 1)]) / 2 if i2 < len(y) else (x[i1] + xmax) / 2
    return out


def _quantile_name(q: float) -> str:
    return "median" if q == 0.5 else f"q{q * 100:g}"


def time_to_contact(leads: pd.DataFrame, by=None, as_of=None, quantiles: Sequence[float] = (0.25, 0.5, 0.75, 0.9)
                    ) -> pd.DataFrame:
    """Hours from capture to first contact and to a result: median and quantiles per group.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    by : str or list of str, optional
        Grouping columns, e.g. ``"assigned_to"`` (per staff) or ``"source"`` (event / group / other).
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    quantiles : sequence of float, default (0.25, 0.5, 0.75, 0.9)
        Probabilities strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per group and ``measure`` (groups sorted), with columns:

        - the ``by`` keys;
        - ``measure`` (str): ``first_contact`` or ``resolution`` (won or lost);
        - ``leads`` (int64): leads captured by ``as_of``;
        - ``observed`` (int64): leads where the event happened by ``as_of``;
        - ``censored`` (int64): leads where it had not (yet);
        - one column per quantile, in hours: ``q25``, ``median``, ``q75``, ``q90`` (named
          ``q<100·p>``, ``median`` for 0.5); NaN when fewer than that share of leads had the
          event by ``as_of`` (e.g. ``q90`` when more than 10% were never contacted).

    Notes
    -----
    A lead without the event is not dropped (which would make follow-up look faster than it
    is): it is censored — at ``as_of`` for a lead still open, and, for first contact, at its
    ``closed_at`` when it was closed without a recorded contact (it will not be contacted any
    more). The quantiles are read off the Kaplan–Meier estimate of the time to the event
    (:func:`kaplan_meier`) with R's rule (``quantile(survfit(...))``): the first time the
    cumulative share reaches :math:`p`, and the midpoint to the next event time where the curve
    sits exactly at :math:`p`. Without censoring this is the usual sample quantile (R type 2).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> t = time_to_contact(leads, by="source")
    >>> list(t.columns)
    ['source', 'measure', 'leads', 'observed', 'censored', 'q25', 'median', 'q75', 'q90']
    """
    func = "time_to_contact"
    qs = list(quantiles)
    if not qs or any(isinstance(q, (bool, np.bool_)) or not isinstance(q, (int, float, np.number))
                     or not 0 < q < 1 for q in qs):
        raise ParameterError(f"{func}: quantiles must be probabilities strictly between 0 and 1, got {quantiles!r}.")
    st = lead_status(leads, as_of=as_of)
    keys = by_columns(by, st.columns, "the leads", func)
    as_of_ts = _resolve_as_of(as_of, _check_leads(leads, func), func)
    end_contact = st["closed_at"].where(st["first_contact_at"].isna() & st["closed_at"].notna()
                                        & (st["closed_at"] <= as_of_ts), as_of_ts)
    contact_t = st["hours_to_contact"].fillna((end_contact - st["captured_at"]) / _HOUR)
    close_t = st["hours_to_close"].fillna(st["age_hours"])
    long = pd.concat([
        st[keys].assign(measure="first_contact", _t=contact_t.to_numpy(),
                        _e=st["hours_to_contact"].notna().astype(int).to_numpy()),
        st[keys].assign(measure="resolution", _t=close_t.to_numpy(),
                        _e=st["hours_to_close"].notna().astype(int).to_numpy()),
    ], ignore_index=True)
    names = [_quantile_name(q) for q in qs]
    rows = []
    for key, grp in long.groupby(keys + ["measure"], dropna=False, observed=True, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        qv = _km_quantiles(grp["_t"].to_numpy(dtype=float), grp["_e"].to_numpy(), qs)
        rows.append({**dict(zip(keys + ["measure"], key)), "leads": len(grp), "observed": int(grp["_e"].sum()),
                     "censored": int(len(grp) - grp["_e"].sum()), **dict(zip(names, qv))})
    if not rows:
        out = pd.DataFrame({**_empty_by(st, keys), "measure": pd.Series([], dtype="string"),
                            "leads": pd.Series([], dtype="int64"), "observed": pd.Series([], dtype="int64"),
                            "censored": pd.Series([], dtype="int64"),
                            **{n: pd.Series([], dtype="float64") for n in names}})
        return out
    out = pd.DataFrame(rows)
    out = out.assign(_o=out["measure"].map({"first_contact": 0, "resolution": 1}))
    out = out.sort_values(keys + ["_o"], kind="stable", na_position="last").drop(columns="_o").reset_index(drop=True)
    if keys:
        out = out.astype({k: st[k].dtype for k in keys})
    return out.astype({"measure": "string", "leads": "int64", "observed": "int64", "censored": "int64",
                       **{n: "float64" for n in names}})


# ---------------------------------------------------------------------------
# overdue lists
# ---------------------------------------------------------------------------


_OVERDUE_COLUMNS = ["list", "assigned_to", "lead_id", "person_id", "source", "event_id", "group_id", "captured_at",
                    "first_contact_at", "age_hours", "hours_overdue"]


def overdue(leads: pd.DataFrame, as_of=None, contact_hours: float = 24, resolve_hours: float = 72) -> pd.DataFrame:
    """The overdue lists for the morning meeting: open leads past their window, by staff.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    contact_hours, resolve_hours : float, default 24 and 72

    Returns
    -------
    pandas.DataFrame
        One row per lead and list, sorted by list, staff (unassigned last) and most overdue first:

        - ``list`` (str): ``no_contact_24h`` — open, not contacted, captured more than 24 h before
          ``as_of``; ``unresolved_72h`` — open (no result), captured more than 72 h before ``as_of``
          (whether contacted or not, so a lead can be on both lists);
        - ``assigned_to`` (str, ``<NA>`` = unassigned), ``lead_id``, ``person_id`` (hashed id),
          ``source``, ``event_id``, ``group_id``: who and where from — ids only, no names;
        - ``captured_at``, ``first_contact_at`` (datetime);
        - ``age_hours`` (float): hours since capture at ``as_of``;
        - ``hours_overdue`` (float): hours past the deadline (``age_hours`` minus the window).

    Notes
    -----
    Open means no result (won or lost) recorded by ``as_of``. A lead exactly at its deadline is
    not overdue (it may still be contacted at exactly 24 h and meet the rule).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> sorted(set(overdue(leads)["list"]))
    ['no_contact_24h', 'unresolved_72h']
    """
    func = "overdue"
    ch, rh = _check_hours(contact_hours, resolve_hours, func)
    st = lead_status(leads, as_of=as_of, contact_hours=ch, resolve_hours=rh)
    st = st.assign(**{c: pd.array([pd.NA] * len(st), dtype="string") for c in
                      ("lead_id", "person_id", "event_id", "group_id", "assigned_to") if c not in st.columns})
    is_open = st["outcome_as_of"] == "open"
    no_contact = is_open & st["hours_to_contact"].isna() & (st["age_hours"] > ch)
    unresolved = is_open & (st["age_hours"] > rh)
    parts = [st.loc[no_contact.to_numpy()].assign(list="no_contact_24h", hours_overdue=lambda x: x["age_hours"] - ch),
             st.loc[unresolved.to_numpy()].assign(list="unresolved_72h", hours_overdue=lambda x: x["age_hours"] - rh)]
    out = pd.concat(parts, ignore_index=True)
    out = out.assign(list=out["list"].astype("string"),
                     first_contact_at=out["first_contact_at"].where(out["hours_to_contact"].notna()))
    out = out.sort_values(["list", "assigned_to", "hours_overdue"], ascending=[True, True, False],
                          na_position="last", kind="stable")
    return out[_OVERDUE_COLUMNS].reset_index(drop=True)


def overdue_counts(leads: pd.DataFrame, as_of=None, contact_hours: float = 24, resolve_hours: float = 72
                   ) -> pd.DataFrame:
    """Open and overdue leads per staff member (the summary of :func:`overdue`).

    Returns
    -------
    pandas.DataFrame
        One row per ``assigned_to`` with an open lead (unassigned as ``<NA>``, last), columns
        ``assigned_to``, ``open_leads`` (open at ``as_of``), ``no_contact_24h``,
        ``unresolved_72h`` (int64, as defined in :func:`overdue`).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> list(overdue_counts(leads).columns)
    ['assigned_to', 'open_leads', 'no_contact_24h', 'unresolved_72h']
    """
    st = lead_status(leads, as_of=as_of, contact_hours=contact_hours, resolve_hours=resolve_hours)
    if "assigned_to" not in st.columns:
        st = st.assign(assigned_to=pd.array([pd.NA] * len(st), dtype="string"))
    od = overdue(leads, as_of=as_of, contact_hours=contact_hours, resolve_hours=resolve_hours)
    is_open = (st["outcome_as_of"] == "open").astype("int64")
    base = st.assign(open_leads=is_open).groupby("assigned_to", dropna=False, sort=True)["open_leads"].sum()
    lists = (od.assign(one=1).pivot_table(index="assigned_to", columns="list", values="one", aggfunc="sum",
                                          dropna=False, fill_value=0)
             if len(od) else pd.DataFrame(index=pd.Index([], name="assigned_to")))
    out = pd.DataFrame({"open_leads": base})
    for name in ("no_contact_24h", "unresolved_72h"):
        col = lists[name] if name in lists.columns else pd.Series(dtype="int64")
        out[name] = col.reindex(out.index).fillna(0).astype("int64").to_numpy()
    out = out.loc[out["open_leads"] > 0].reset_index()
    out = out.sort_values("assigned_to", na_position="last", kind="stable").reset_index(drop=True)
    return out.astype({"assigned_to": "string", "open_leads": "int64"})


# ---------------------------------------------------------------------------
# does delay cost deals?
# ---------------------------------------------------------------------------


def win_rate_by_delay(leads: pd.DataFrame, as_of=None, level: float = 0.95, contact_hours: float = 24,
                      resolve_hours: float = 72) -> pd.DataFrame:
    """Win rate by first-contact delay band (≤ 24 h, 24–72 h, > 72 h, never), with intervals.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (``amount`` used when present).
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default 0.95
    contact_hours, resolve_hours : float, default 24 and 72
        The band limits.

    Returns
    -------
    pandas.DataFrame
        One row per band, always the four bands in order, with columns:

        - ``delay_band`` (str): ``le_24h``, ``24_72h``, ``gt_72h``, ``never``;
        - ``leads`` (int64): leads in the band (denominator);
        - ``won`` (int64), ``lost`` (int64), ``open`` (int64): outcome at ``as_of``;
        - ``rate`` (float): ``won / leads``; ``ci_low``, ``ci_high`` (float): Wilson interval;
        - ``amount`` (float): amount won (0 when nothing won or no ``amount`` column).

    Notes
    -----
    The band is the delay from capture to the first contact recorded by ``as_of``; ``never``
    means not contacted by ``as_of`` although captured more than ``resolve_hours`` before it.
    Leads not contacted yet and captured less than ``resolve_hours`` before ``as_of`` have no band
    yet and are left out. Leads still open count in the denominator as not (yet) won: a recent
    lead has had less time to win, which :func:`time_to_win` (Kaplan–Meier, open leads censored)
    takes into account and this table does not.

    This is an observational comparison: staff may contact the promising leads first, so a
    lower win rate after a late contact does not by itself prove that the delay caused it.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> win_rate_by_delay(leads)["delay_band"].tolist()
    ['le_24h', '24_72h', 'gt_72h', 'never']
    """
    check_level(level, "win_rate_by_delay")
    st = lead_status(leads, as_of=as_of, contact_hours=contact_hours, resolve_hours=resolve_hours)
    st = st.loc[st["delay_band"].notna().to_numpy()]
    amount = st["amount"] if "amount" in st.columns else pd.Series(0.0, index=st.index)
    frame = pd.DataFrame({
        "delay_band": pd.Categorical(st["delay_band"].astype(object), categories=list(BANDS)),
        "won": st["won"].to_numpy(),
        "lost": (st["outcome_as_of"] == "lost").astype("int64").to_numpy(),
        "open": (st["outcome_as_of"] == "open").astype("int64").to_numpy(),
        "amount": amount.where(st["won"] == 1, 0.0).fillna(0.0).astype(float).to_numpy(),
    })
    g = frame.groupby("delay_band", observed=False, sort=True)
    counts = g[["won", "lost", "open"]].sum().astype("int64")
    n = g.size().astype("int64")
    p = proportion(counts["won"].to_numpy(), n.to_numpy(), level=level)
    return pd.DataFrame({
        "delay_band": pd.array(list(BANDS), dtype="string"),
        "leads": n.to_numpy(),
        "won": counts["won"].to_numpy(),
        "lost": counts["lost"].to_numpy(),
        "open": counts["open"].to_numpy(),
        "rate": p["rate"].to_numpy(),
        "ci_low": p["ci_low"].to_numpy(),
        "ci_high": p["ci_high"].to_numpy(),
        "amount": g["amount"].sum().astype(float).to_numpy(),
    })


_LOGIT_COLUMNS = ["term", "variable", "level", "estimate", "std_error", "odds_ratio", "ci_low", "ci_high",
                  "p_value", "n"]


def _empty_logit() -> pd.DataFrame:
    return pd.DataFrame({"term": pd.Series([], dtype="string"), "variable": pd.Series([], dtype="string"),
                         "level": pd.Series([], dtype="string"),
                         **{c: pd.Series([], dtype="float64") for c in ("estimate", "std_error", "odds_ratio",
                                                                        "ci_low", "ci_high", "p_value")},
                         "n": pd.Series([], dtype="int64")})


def _pool_sparse(values: pd.Series, won: pd.Series, min_leads: int, pool: str) -> pd.Series:
    """Merge sparse levels (fewer than min_leads rows, or not both outcomes) into ``pool``.

    If ``pool`` is itself sparse, it is merged into the most frequent level.
    """
    def sparse_levels(v):
        st = pd.DataFrame({"v": v, "w": won}).groupby("v", sort=True)["w"].agg(["size", "sum"])
        bad = (st["size"] < min_leads) | (st["sum"] == 0) | (st["sum"] == st["size"])
        return st, list(st.index[bad])

    _, sparse = sparse_levels(values)
    out = values.where(~values.isin(sparse), pool)
    st, sparse = sparse_levels(out)
    if pool in sparse and len(st) > 1:
        biggest = st.drop(index=pool)["size"].idxmax()
        out = out.where(out != pool, biggest)
    return out


def _model_frame(leads, people, as_of, contact_hours, resolve_hours, func, min_leads):
    st = lead_status(leads, as_of=as_of, contact_hours=contact_hours, resolve_hours=resolve_hours)
    st = st.loc[st["delay_band"].isin(["le_24h", "24_72h", "gt_72h"]).to_numpy()].reset_index(drop=True)
    if people is not None:
        require_frame(people, "people", ("person_id",), func)
        if "person_id" not in st.columns:
            raise DataError(f"{func}: the leads table has no person_id column to join the people table on.")
        seg = people.drop_duplicates("person_id").set_index("person_id")
        seg = seg["segment"] if "segment" in seg.columns else pd.Series(dtype=object)
        segment = st["person_id"].map(seg).astype(object)
    else:
        segment = pd.Series([None] * len(st), dtype=object)
    segment = segment.where(pd.notna(segment), "unknown").astype(str)
    frame = pd.DataFrame({"won": st["won"].astype(int).to_numpy(),
                          "delay_band": st["delay_band"].astype(str).to_numpy(),
                          "source": st["source"].astype(str).to_numpy(),
                          "segment": segment.to_numpy()})
    band = frame["delay_band"]
    late = band.isin(["24_72h", "gt_72h"])
    per_band = frame.groupby("delay_band")["won"].agg(["size", "sum"])
    sparse = (per_band["size"] < min_leads) | (per_band["sum"] == 0) | (per_band["sum"] == per_band["size"])
    if sparse.reindex(["24_72h", "gt_72h"]).fillna(False).any():
        band = band.where(~late, "gt_24h")
    frame = frame.assign(delay_band=band,
                         segment=_pool_sparse(frame["segment"], frame["won"], min_leads, "pooled"),
                         source=_pool_sparse(frame["source"], frame["won"], min_leads, "pooled"))
    return frame


def delay_logit(leads: pd.DataFrame, people: pd.DataFrame | None = None, as_of=None, level: float = 0.95,
                contact_hours: float = 24, resolve_hours: float = 72, min_leads: int = 5) -> pd.DataFrame:
    """Logistic regression of winning on the contact-delay band, controlling for source and segment.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (with ``person_id`` when ``people`` is given).
    people : pandas.DataFrame, optional
        The people table (``person_id``, ``segment``) giving each lead's customer segment.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default 0.95
    contact_hours, resolve_hours : float, default 24 and 72
    min_leads : int, default 5
        Sparse levels — fewer leads than this, or leads that all won or all did not — would have an
        infinite odds ratio (separation), so they are merged: segment and source levels into one
        level ``pooled`` (itself merged into the most frequent level if still sparse); and when the
        ``24_72h`` or ``gt_72h`` band is sparse, the two into one band ``gt_24h`` (contacted after
        24 h).

    Returns
    -------
    pandas.DataFrame
        One row per model term (empty — same columns — when the data are too few to fit the model:
        fewer than two bands, no wins or no losses, separation or non-convergence):

        - ``term`` (str): the formula engine's name; ``variable`` (str): ``Intercept``,
          ``delay_band``, ``source`` or ``segment``; ``level`` (str): the level compared with the
          reference (``le_24h`` for the band; the first level alphabetically for the others;
          ``<NA>`` for the intercept);
        - ``estimate``, ``std_error`` (float): log-odds coefficient and its standard error;
        - ``odds_ratio``, ``ci_low``, ``ci_high`` (float): odds ratio and its Wald interval;
        - ``p_value`` (float); ``n`` (int64): leads in the model.

    Notes
    -----
    Model: :math:`\\operatorname{logit} P(\\text{won}) = \\beta_0 + \\beta_\\text{band} +
    \\beta_\\text{source} + \\beta_\\text{segment}`, fitted by :func:`analysis.stats.logit` with
    ``won`` coded 0/1 (never True/False: statsmodels would model P(False)). Only contacted leads
    enter (bands ``le_24h``, ``24_72h``, ``gt_72h``): a lead never contacted practically cannot be
    won, which would separate the data; :func:`win_rate_by_delay` shows that band. A missing
    segment is its own level ``unknown``. A source or segment left with a single level is
    dropped from the formula. An odds ratio below 1 for ``24_72h`` means lower odds of a win than
    contacting within 24 h, for leads of the same source and segment. Association, not proof of
    cause (see :func:`win_rate_by_delay`).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> s = for_branch(make_sample(0, branches=1), "B01")
    >>> m = delay_logit(s["leads"], s["people"])
    >>> m["term"].iloc[0], "delay_band" in set(m["variable"])
    ('Intercept', True)
    """
    func = "delay_logit"
    check_level(level, func)
    if isinstance(min_leads, (bool, np.bool_)) or not isinstance(min_leads, (int, np.integer)) or min_leads < 1:
        raise ParameterError(f"{func}: min_leads must be a whole number >= 1, got {min_leads!r}.")
    frame = _model_frame(leads, people, as_of, contact_hours, resolve_hours, func, min_leads)
    per_band = frame.groupby("delay_band")["won"].agg(["size", "sum"])
    if len(per_band) < 2 or ((per_band["sum"] == 0) | (per_band["sum"] == per_band["size"])).any():
        return _empty_logit()
    terms = ["C(delay_band, Treatment('le_24h'))" if "le_24h" in set(frame["delay_band"]) else "C(delay_band)"]
    terms += [f"C({v})" for v in ("source", "segment") if frame[v].nunique() > 1]
    try:
        fit = logit(frame, "won ~ " + " + ".join(terms), level=level)
    except ParameterError:
        return _empty_logit()
    if (fit["std_error"] > _MAX_SE).any():  # quasi-separation that the fit did not flag
        return _empty_logit()
    term = fit["term"].astype(str)
    variable = term.str.extract(r"^C\((\w+)")[0].fillna(term)
    lvl = term.str.extract(r"\[T\.(.*)\]$")[0]
    out = fit.assign(term=term.astype("string"), variable=variable.astype("string"),
                     level=lvl.astype("string"))
    return out[_LOGIT_COLUMNS].reset_index(drop=True)


def delay_verdict(leads: pd.DataFrame, as_of=None, level: float = 0.95, alpha: float = 0.05,
                  min_leads: int = 10, min_wins: int = 5, contact_hours: float = 24,
                  resolve_hours: float = 72) -> pd.DataFrame:
    """Does delay cost deals here? Win rate when contacted within 24 h vs later, and a plain verdict.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default 0.95
        Confidence level of the interval for the difference.
    alpha : float, default 0.05
        Significance level of the verdict.
    min_leads, min_wins : int, default 10 and 5
        Below this many leads in either group, or wins in both together, the verdict is
        ``too_few``.
    contact_hours, resolve_hours : float, default 24 and 72

    Returns
    -------
    pandas.DataFrame
        One row:

        - ``on_time_leads``, ``on_time_won`` (int64): contacted within 24 h, and of them won;
        - ``later_leads``, ``later_won`` (int64): contacted after 24 h (24–72 h and > 72 h);
        - ``rate_on_time``, ``rate_later`` (float): their win rates;
        - ``estimate`` (float): ``rate_on_time - rate_later``; ``ci_low``, ``ci_high`` (float):
          its interval; ``p_value`` (float); ``method`` (str) — from
          :func:`analysis.stats.compare_proportions` (``method="auto"``: Fisher's exact test when an
          expected count is below 5, else the Newcombe interval with the chi-square test);
          NaN/empty when a group has no leads;
        - ``logrank_p_value`` (float): log-rank test of the time from first contact to a win,
          ≤ 24 h vs 24–72 h vs > 72 h (:func:`delay_logrank`, ``origin="contact"``); NaN if it
          cannot be computed;
        - ``verdict`` (str): ``too_few`` (not enough data to tell), ``delay_costs`` (on-time
          leads win significantly more), ``delay_no_cost`` (late-contacted leads win
          significantly more), or ``no_evidence`` (no significant difference — which does not
          show that delay is harmless; see the interval).

    Notes
    -----
    Never-contacted leads are not in the comparison (they cannot be won without a contact,
    which would make the answer trivial). The comparison is observational: a difference shows
    an association, and could be due to staff contacting the promising leads first.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> delay_verdict(leads)["verdict"].iloc[0] in ("delay_costs", "delay_no_cost", "no_evidence", "too_few")
    True
    """
    func = "delay_verdict"
    check_level(level, func)
    if not isinstance(alpha, (int, float, np.number)) or not 0 < alpha < 1:
        raise ParameterError(f"{func}: alpha must lie strictly between 0 and 1, got {alpha!r}.")
    w = win_rate_by_delay(leads, as_of=as_of, level=level, contact_hours=contact_hours, resolve_hours=resolve_hours)
    w = w.set_index("delay_band")
    n1, x1 = int(w.loc["le_24h", "leads"]), int(w.loc["le_24h", "won"])
    n2 = int(w.loc[["24_72h", "gt_72h"], "leads"].sum())
    x2 = int(w.loc[["24_72h", "gt_72h"], "won"].sum())
    est = lo = hi = p = np.nan
    method = pd.NA
    if n1 > 0 and n2 > 0:
        cmp = compare_proportions(x1, n1, x2, n2, level=level, method="auto").iloc[0]
        est, lo, hi, p, method = cmp["estimate"], cmp["ci_low"], cmp["ci_high"], cmp["p_value"], cmp["method"]
    lr = delay_logrank(leads, as_of=as_of, origin="contact", contact_hours=contact_hours, resolve_hours=resolve_hours)
    if n1 < min_leads or n2 < min_leads or x1 + x2 < min_wins or pd.isna(p):
        verdict = "too_few"
    elif p < alpha:
        verdict = "delay_costs" if est > 0 else "delay_no_cost"
    else:
        verdict = "no_evidence"
    return pd.DataFrame({
        "on_time_leads": [n1], "on_time_won": [x1], "later_leads": [n2], "later_won": [x2],
        "rate_on_time": [x1 / n1 if n1 else np.nan], "rate_later": [x2 / n2 if n2 else np.nan],
        "estimate": [float(est)], "ci_low": [float(lo)], "ci_high": [float(hi)], "p_value": [float(p)],
        "method": pd.array([method], dtype="string"),
        "logrank_p_value": [float(lr["p_value"].iloc[0])],
        "verdict": pd.array([verdict], dtype="string"),
    }).astype({"on_time_leads": "int64", "on_time_won": "int64", "later_leads": "int64", "later_won": "int64"})


# ---------------------------------------------------------------------------
# time to win (Kaplan–Meier) and log-rank
# ---------------------------------------------------------------------------


def logrank(data: pd.DataFrame, duration: str, event: str, group: str) -> pd.DataFrame:
    """Log-rank test that the survival curves of the groups are equal.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per subject.
    duration, event : str
        As for :func:`kaplan_meier` (event 1/True, censored 0/False).
    group : str
        The grouping column (rows with a missing group are left out).

    Returns
    -------
    pandas.DataFrame
        One row: ``chi2`` (float), ``dof`` (int64, groups − 1), ``p_value`` (float), ``n`` (int64,
        subjects used), ``groups`` (int64). ``chi2``/``p_value`` are NaN with fewer than two
        groups or no event.

    Notes
    -----
    ``statsmodels.duration.survfunc.survdiff`` (unweighted): the chi-square statistic
    :math:`(O - E)^\\top V^{-1} (O - E)` on the observed and expected events of all but one
    group, as R's ``survdiff(Surv(time, status) ~ group)`` (``rho = 0``).

    Examples
    --------
    Gehan's leukaemia remission data (Freireich et al. 1963), 6-MP vs placebo:

    >>> import pandas as pd
    >>> weeks = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35,
    ...          1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]
    >>> relapse = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0] + [1] * 21
    >>> d = pd.DataFrame({"weeks": weeks, "relapse": relapse, "arm": ["6-MP"] * 21 + ["placebo"] * 21})
    >>> logrank(d, "weeks", "relapse", "arm")[["chi2", "dof", "n"]].round(3)
         chi2  dof   n
    0  16.793    1  42
    """
    from statsmodels.duration.survfunc import survdiff

    func = "logrank"
    t, e = _check_survival_data(data, duration, event, [group], func)
    keep = data[group].notna().to_numpy()
    t, e, g = t[keep], e[keep], data[group].to_numpy()[keep]
    k = len(pd.unique(g))
    chi2 = p = np.nan
    if k >= 2 and e.sum() > 0:
        chi2, p = survdiff(t, e, np.asarray(g).astype(str))
    return pd.DataFrame({"chi2": [float(chi2)], "dof": np.array([max(k - 1, 0)], dtype=np.int64),
                         "p_value": [float(p)], "n": np.array([len(t)], dtype=np.int64),
                         "groups": np.array([k], dtype=np.int64)})


def _win_times(leads, as_of, origin, contact_hours, resolve_hours, func):
    if origin not in ("captured", "contact"):
        raise ParameterError(f"{func}: origin must be 'captured' or 'contact', got {origin!r}.")
    st = lead_status(leads, as_of=as_of, contact_hours=contact_hours, resolve_hours=resolve_hours)
    st = st.loc[st["delay_band"].notna().to_numpy()].reset_index(drop=True)
    end = st["age_hours"].where(st["outcome_as_of"] == "open", st["hours_to_close"])  # open: censored at as_of
    start = st["hours_to_contact"] if origin == "contact" else pd.Series(0.0, index=st.index)
    keep = start.notna().to_numpy()
    return pd.DataFrame({"delay_band": st["delay_band"].to_numpy()[keep],
                         "hours": (end - start).to_numpy(dtype=float)[keep],
                         "win": st["won"].to_numpy()[keep]})


def time_to_win(leads: pd.DataFrame, as_of=None, level: float = 0.95, origin: str = "captured",
                contact_hours: float = 24, resolve_hours: float = 72) -> pd.DataFrame:
    """Kaplan–Meier curves of the time to a win, by first-contact delay band.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default 0.95
        Confidence level of the pointwise interval.
    origin : {"captured", "contact"}, default "captured"
        Where the clock starts: at capture (the 24/72 clock), or at the first contact (then
        never-contacted leads have no curve).
    contact_hours, resolve_hours : float, default 24 and 72

    Returns
    -------
    pandas.DataFrame
        Per band present (in band order): a first row at ``hours = 0`` (nothing won yet) and one
        row per time a lead of the band was won, with columns:

        - ``delay_band`` (str);
        - ``hours`` (float): hours from the origin;
        - ``leads`` (int64): leads in the band;
        - ``at_risk`` (int64): leads neither won nor censored just before ``hours``;
        - ``wins`` (int64): leads won at ``hours``;
        - ``rate`` (float): cumulative probability of a win by ``hours``, :math:`1 - \\hat S`;
        - ``ci_low``, ``ci_high`` (float): its pointwise interval (:func:`kaplan_meier`'s
          log-scale interval of :math:`\\hat S`, turned around).

    Notes
    -----
    Leads still open at ``as_of`` are **censored** at ``as_of``, not counted as lost. Leads
    **lost** are censored at their ``closed_at``: the usual simplification of a competing risk.
    It treats a lost lead as if it could still have been won later, so :math:`1 - \\hat S`
    estimates the win probability in a world without losses and overstates the share actually
    won; the cumulative incidence (Aalen–Johansen) would be the exact alternative. The
    comparison between bands, which is what the curves are for, is less affected.

    With ``origin="captured"`` a lead's band is only known once it is contacted and no lead is
    won before its first contact, so the > 72 h band cannot win in its first 72 hours *by
    definition*: compare the levels the curves reach, not how early they rise. ``origin="contact"``
    removes this built-in lag. Leads with no band yet (not contacted, captured less than 72 h
    before ``as_of``) are left out.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> km = time_to_win(leads)
    >>> list(km.columns)
    ['delay_band', 'hours', 'leads', 'at_risk', 'wins', 'rate', 'ci_low', 'ci_high']
    """
    func = "time_to_win"
    level = check_level(level, func)
    w = _win_times(leads, as_of, origin, contact_hours, resolve_hours, func)
    parts = []
    for band in BANDS:
        grp = w.loc[(w["delay_band"] == band).to_numpy()]
        if grp.empty:
            continue
        curve = kaplan_meier(grp, "hours", "win", level=level)
        first = pd.DataFrame({"time": [0.0], "at_risk": [len(grp)], "events": [0], "survival": [1.0],
                              "std_error": [0.0], "ci_low": [1.0], "ci_high": [1.0]})
        curve = pd.concat([first, curve], ignore_index=True) if len(curve) else first
        parts.append(pd.DataFrame({
            "delay_band": band, "hours": curve["time"].to_numpy(dtype=float), "leads": len(grp),
            "at_risk": curve["at_risk"].to_numpy(), "wins": curve["events"].to_numpy(),
            "rate": 1.0 - curve["survival"].to_numpy(dtype=float),
            "ci_low": 1.0 - curve["ci_high"].to_numpy(dtype=float),
            "ci_high": 1.0 - curve["ci_low"].to_numpy(dtype=float),
        }))
    if not parts:
        return pd.DataFrame({"delay_band": pd.Series([], dtype="string"), "hours": pd.Series([], dtype="float64"),
                             "leads": pd.Series([], dtype="int64"), "at_risk": pd.Series([], dtype="int64"),
                             "wins": pd.Series([], dtype="int64"), "rate": pd.Series([], dtype="float64"),
                             "ci_low": pd.Series([], dtype="float64"), "ci_high": pd.Series([], dtype="float64")})
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"delay_band": "string", "leads": "int64", "at_risk": "int64", "wins": "int64"})


def delay_logrank(leads: pd.DataFrame, as_of=None, origin: str = "captured",
                  bands: Sequence[str] = ("le_24h", "24_72h", "gt_72h"), contact_hours: float = 24,
                  resolve_hours: float = 72) -> pd.DataFrame:
    """Log-rank test of the time to a win across first-contact delay bands.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    origin : {"captured", "contact"}, default "captured"
        Where the clock starts (see :func:`time_to_win`).
    bands : sequence of str, default the three contacted bands
        The bands compared. ``never`` is left out by default: never-contacted leads are not won,
        which would make the test trivially significant.
    contact_hours, resolve_hours : float, default 24 and 72

    Returns
    -------
    pandas.DataFrame
        One row: ``origin`` (str), ``chi2``, ``dof``, ``p_value``, ``n``, ``groups`` (as
        :func:`logrank`; NaN statistic with fewer than two bands present or no win).

    Notes
    -----
    Censoring as in :func:`time_to_win` (open at ``as_of``, lost at their close). With
    ``origin="captured"`` the bands differ by construction in their first hours (a band's leads
    cannot win before they are contacted); ``origin="contact"`` asks the cleaner question: once
    contacted, do late-contacted leads convert less or more slowly?

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> leads = for_branch(make_sample(0, branches=1), "B01")["leads"]
    >>> list(delay_logrank(leads, origin="contact").columns)
    ['origin', 'chi2', 'dof', 'p_value', 'n', 'groups']
    """
    func = "delay_logrank"
    unknown = [b for b in bands if b not in BANDS]
    if isinstance(bands, str) or unknown:
        raise ParameterError(f"{func}: bands must be a list of {', '.join(BANDS)}; got {bands!r}.")
    w = _win_times(leads, as_of, origin, contact_hours, resolve_hours, func)
    w = w.loc[w["delay_band"].isin(list(bands)).to_numpy()].reset_index(drop=True)
    out = logrank(w, "hours", "win", "delay_band")
    return pd.concat([pd.DataFrame({"origin": pd.array([origin], dtype="string")}), out], axis=1)


# ---------------------------------------------------------------------------
# lead load
# ---------------------------------------------------------------------------


def lead_load(leads: pd.DataFrame, staff: pd.DataFrame, as_of=None, level: float = 0.95,
              roles: Sequence[str] = FOLLOWUP_ROLES) -> pd.DataFrame:
    """Leads per staff member against an even split, with each one's win rate and amount.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads table (``assigned_to``; ``amount`` when present).
    staff : pandas.DataFrame
        The staff table (``staff_id``, ``role``) of the branch.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default 0.95
    roles : sequence of str, default :data:`FOLLOWUP_ROLES`
        Roles expected to follow up leads: every such staff member gets a row, even with no lead.

    Returns
    -------
    pandas.DataFrame
        One row per staff member who follows up (by ``roles``) or has a lead assigned, ordered as
        the staff table (others after, by id), with columns:

        - ``staff_id`` (str), ``role`` (str; ``<NA>`` when the id is not in ``staff``);
        - ``leads`` (int64): leads assigned; ``expected`` (float): the even split, assigned leads
          divided by the number of rows; ``share`` (float): ``leads`` / assigned leads;
        - ``won`` (int64), ``open`` (int64): outcome at ``as_of``;
        - ``rate``, ``ci_low``, ``ci_high`` (float): win rate ``won / leads`` with Wilson interval;
        - ``amount`` (float): amount won.

        Unassigned leads are not in any row: :func:`load_balance_test` counts them.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> s = for_branch(make_sample(0, branches=1), "B01")
    >>> lead_load(s["leads"], s["staff"])["staff_id"].tolist()[:2]
    ['B01-S03', 'B01-S04']
    """
    func = "lead_load"
    check_level(level, func)
    require_frame(staff, "staff", ("staff_id", "role"), func)
    if isinstance(roles, str):
        roles = [roles]
    st = lead_status(leads, as_of=as_of)
    if "assigned_to" not in st.columns:
        raise DataError(f"{func}: the leads table has no assigned_to column.")
    st = st.loc[st["assigned_to"].notna().to_numpy()]
    amount = st["amount"] if "amount" in st.columns else pd.Series(0.0, index=st.index)
    per = (st.assign(_n=1, _open=(st["outcome_as_of"] == "open").astype("int64"),
                     _amount=amount.where(st["won"] == 1, 0.0).fillna(0.0).astype(float))
           .groupby("assigned_to", sort=True)[["_n", "won", "_open", "_amount"]].sum())
    sid = staff["staff_id"].astype("string")
    role = staff["role"].astype("string")
    ids = list(sid[role.isin(list(roles)).fillna(False).to_numpy()])
    ids += [s for s in sid if s in per.index and s not in ids]
    ids += [s for s in per.index if s not in set(sid)]
    per = per.reindex(ids, fill_value=0)
    n = per["_n"].astype("int64").to_numpy()
    total = int(n.sum())
    k = len(ids)
    p = proportion(per["won"].astype("int64").to_numpy(), n, level=level) if k else None
    roles_of = dict(zip(sid, role))
    return pd.DataFrame({
        "staff_id": pd.array(ids, dtype="string"),
        "role": pd.array([roles_of.get(s, pd.NA) for s in ids], dtype="string"),
        "leads": n,
        "expected": np.full(k, total / k if k else np.nan),
        "share": n / total if total else np.full(k, np.nan),
        "won": per["won"].astype("int64").to_numpy(),
        "open": per["_open"].astype("int64").to_numpy(),
        "rate": p["rate"].to_numpy() if k else np.array([], dtype=float),
        "ci_low": p["ci_low"].to_numpy() if k else np.array([], dtype=float),
        "ci_high": p["ci_high"].to_numpy() if k else np.array([], dtype=float),
        "amount": per["_amount"].astype(float).to_numpy(),
    }).astype({"leads": "int64", "won": "int64", "open": "int64", "expected": "float64", "share": "float64"})


def load_balance_test(leads: pd.DataFrame, staff: pd.DataFrame, as_of=None,
                      roles: Sequence[str] = FOLLOWUP_ROLES) -> pd.DataFrame:
    """Chi-square goodness-of-fit test of the lead load against an even split across staff.

    Parameters
    ----------
    leads, staff, as_of, roles
        As for :func:`lead_load` (the test is over its rows).

    Returns
    -------
    pandas.DataFrame
        One row: ``chi2`` (float), ``dof`` (int64, staff − 1), ``p_value`` (float), ``n`` (int64,
        assigned leads), ``n_staff`` (int64), ``min_expected`` (float; the approximation is doubtful
        below 5), ``unassigned`` (int64, leads with no ``assigned_to``). ``chi2``/``p_value`` are
        NaN with fewer than two staff or no assigned lead.

    Notes
    -----
    :math:`X^2 = \\sum_i (O_i - E)^2 / E` with :math:`E = n / k` over the :math:`k` staff of
    :func:`lead_load`, referred to :math:`\\chi^2_{k-1}`; computed by ``scipy.stats.chisquare``,
    which equals R's ``chisq.test(x, p = rep(1/k, k))``. A small p-value says the split is
    uneven — which can be deliberate (a wealth manager taking the wealth leads) — not that it
    is wrong.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> s = for_branch(make_sample(0, branches=1), "B01")
    >>> list(load_balance_test(s["leads"], s["staff"]).columns)
    ['chi2', 'dof', 'p_value', 'n', 'n_staff', 'min_expected', 'unassigned']
    """
    load = lead_load(leads, staff, as_of=as_of, roles=roles)
    st = lead_status(leads, as_of=as_of)
    unassigned = int(st["assigned_to"].isna().sum())
    n = int(load["leads"].sum())
    k = len(load)
    chi2 = p = np.nan
    if k >= 2 and n > 0:
        res = _sps.chisquare(load["leads"].to_numpy(dtype=float))
        chi2, p = float(res.statistic), float(res.pvalue)
    return pd.DataFrame({"chi2": [chi2], "dof": np.array([max(k - 1, 0)], dtype=np.int64), "p_value": [p],
                         "n": np.array([n], dtype=np.int64), "n_staff": np.array([k], dtype=np.int64),
                         "min_expected": [n / k if k else np.nan],
                         "unassigned": np.array([unassigned], dtype=np.int64)})


# ---------------------------------------------------------------------------
# data quality
# ---------------------------------------------------------------------------

_FINDING_COLUMNS = ["table", "column", "rule", "n_rows", "rows", "detail"]


def data_findings(leads: pd.DataFrame, staff: pd.DataFrame | None = None, branch_id: str | None = None,
                  as_of=None, stale_days: float = 30) -> pd.DataFrame:
    """Data-quality findings about leads beyond the schema's validation, for the report.

    Parameters
    ----------
    leads : pandas.DataFrame
        The leads in the report's scope (validated or raw).
    staff : pandas.DataFrame, optional
        The **whole** staff table (all branches: ``staff_id``, ``branch_id``).
    branch_id : str, optional
        The report's branch: leads assigned to staff of another branch are flagged.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    stale_days : float, default 30
        Open leads captured more than this many days before ``as_of`` are flagged as stale.

    Returns
    -------
    pandas.DataFrame
        One row per finding (empty when none), the columns of ``Dataset.problems``: ``table``
        (``leads``), ``column``, ``rule``, ``n_rows`` (int64), ``rows`` (the first lead ids),
        ``detail``. Rules:

        - the schema's rules, for data that did not go through :func:`analysis.io.load_dataset`:
          ``missing_captured_at``, ``contact_after_capture``, ``closed_after_capture``,
          ``closed_after_contact``, ``closed_needs_time``, ``open_has_no_close``;
        - ``assigned_unknown_staff``: ``assigned_to`` not in ``staff``;
        - ``assigned_other_branch``: assigned to a staff member of another branch;
        - ``unassigned_leads``: no ``assigned_to`` (nobody will follow them up);
        - ``closed_without_contact``: won or lost with no first contact recorded;
        - ``won_without_amount``, ``amount_not_won``: amount missing on a win, or present on a
          lead not won;
        - ``stale_open``: still open more than ``stale_days`` after capture (close them as lost,
          or follow up);
        - ``after_as_of``: timestamps later than ``as_of`` (ignored by the analyses).

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> tables = make_sample(0, branches=1)
    >>> f = data_findings(for_branch(tables, "B01")["leads"], tables["staff"], "B01")
    >>> list(f.columns)
    ['table', 'column', 'rule', 'n_rows', 'rows', 'detail']
    """
    func = "data_findings"
    require_frame(leads, "leads", _REQUIRED, func)
    if not isinstance(stale_days, (int, float, np.number)) or isinstance(stale_days, bool) or stale_days <= 0:
        raise ParameterError(f"{func}: stale_days must be a positive number, got {stale_days!r}.")
    d = leads.reset_index(drop=True)
    d = d.assign(**{c: _as_time(d[c]) for c in ("captured_at", "first_contact_at", "closed_at")},
                 outcome=d["outcome"].astype("string"))
    as_of_ts = _resolve_as_of(as_of, d, func)
    cap, first, closed, outcome = d["captured_at"], d["first_contact_at"], d["closed_at"], d["outcome"]
    amount = d["amount"] if "amount" in d.columns else pd.Series(np.nan, index=d.index)
    assigned = d["assigned_to"] if "assigned_to" in d.columns else pd.Series(pd.NA, index=d.index, dtype="string")
    is_open = (outcome == "open") | (closed > as_of_ts).fillna(False)
    checks = [
        ("captured_at", "missing_captured_at", cap.isna(), "captured_at is empty"),
        ("captured_at,first_contact_at", "contact_after_capture", first < cap,
         "first_contact_at is before captured_at"),
        ("captured_at,closed_at", "closed_after_capture", closed < cap, "closed_at is before captured_at"),
        ("first_contact_at,closed_at", "closed_after_contact", closed < first,
         "closed_at (the result) is before first_contact_at"),
        ("outcome,closed_at", "closed_needs_time", outcome.isin(["won", "lost"]) & closed.isna(),
         "outcome is won or lost but closed_at is empty"),
        ("outcome,closed_at", "open_has_no_close", (outcome == "open") & closed.notna(),
         "outcome is open but closed_at is filled in"),
        ("assigned_to", "unassigned_leads", assigned.isna(), "no staff member is assigned: nobody follows these up"),
        ("outcome,first_contact_at", "closed_without_contact", outcome.isin(["won", "lost"]) & first.isna(),
         "a result is recorded but no first contact: record the contact time"),
        ("outcome,amount", "won_without_amount", (outcome == "won") & amount.isna(), "won but the amount is empty"),
        ("outcome,amount", "amount_not_won", (outcome != "won") & amount.notna() & (amount > 0),
         "an amount is recorded on a lead that is not won"),
        ("outcome,captured_at", "stale_open", is_open & ((as_of_ts - cap) > pd.Timedelta(days=stale_days)),
         f"still open more than {stale_days:g} days after capture: close as lost or follow up"),
        ("captured_at,first_contact_at,closed_at", "after_as_of",
         (cap > as_of_ts) | (first > as_of_ts) | (closed > as_of_ts),
         f"has a time after the evaluation time {as_of_ts:%Y-%m-%d %H:%M}; ignored as not yet happened"
         if pd.notna(as_of_ts) else "has a time after the evaluation time"),
    ]
    if staff is not None:
        require_frame(staff, "staff", ("staff_id",), func)
        known = set(staff["staff_id"].dropna().astype(str))
        checks.append(("assigned_to", "assigned_unknown_staff", assigned.notna() & ~assigned.isin(known),
                       "assigned_to is not in the staff table"))
        if branch_id is not None and "branch_id" in staff.columns:
            home = dict(zip(staff["staff_id"].astype(str), staff["branch_id"].astype(str)))
            other = assigned.map(home, na_action="ignore")
            checks.append(("assigned_to", "assigned_other_branch",
                           other.notna() & (other != str(branch_id)),
                           f"assigned to a staff member of another branch than {branch_id}"))
    rows = []
    for column, rule, mask, detail in checks:
        mask = pd.Series(mask).fillna(False).astype(bool).to_numpy()
        if mask.any():
            rows.append({"table": "leads", "column": column, "rule": rule, "n_rows": int(mask.sum()),
                         "rows": _ids(d, mask), "detail": detail})
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c == "n_rows" else "string") for c in _FINDING_COLUMNS})
    return pd.DataFrame(rows, columns=_FINDING_COLUMNS).astype(
        {"table": "string", "column": "string", "rule": "string", "n_rows": "int64", "rows": "string",
         "detail": "string"})


_REJECTED_COLUMNS = ["file_row", "lead_id", "assigned_to", "captured_at", "first_contact_at", "closed_at", "outcome",
                     "reasons"]


def rejected_leads(ds) -> pd.DataFrame:
    """The leads rows that :func:`analysis.io.load_dataset` set aside, with the rules they break.

    Parameters
    ----------
    ds : analysis.io.Dataset
        A data set loaded with ``errors="report"``.

    Returns
    -------
    pandas.DataFrame
        One row per rejected lead: ``file_row`` (row in the file, header = 1), ``lead_id``,
        ``assigned_to``, ``captured_at``, ``first_contact_at``, ``closed_at``, ``outcome`` (ids and
        times only — no personal data) and ``reasons`` (str): the rules of the data contract the row
        breaks (``contact_after_capture``, ``closed_after_contact``, ``closed_needs_time``,
        ``foreign_key:assigned_to``, …; ``see problems`` when the cause is another check such as a
        duplicate id or an unreadable value, listed in ``ds.problems``). Empty when none.

    Examples
    --------
    >>> from analysis.io import Dataset
    >>> rejected_leads(Dataset({})).empty
    True
    """
    from analysis.schemas import TABLES

    rej = getattr(ds, "rejected", {}).get("leads")
    if rej is None or len(rej) == 0:
        return pd.DataFrame({"file_row": pd.Series([], dtype="int64"),
                             **{c: pd.Series([], dtype="datetime64[ns]" if c.endswith("_at") else "string")
                                for c in _REJECTED_COLUMNS[1:]}})
    rej = rej.reset_index(drop=True)
    reasons = pd.Series([[] for _ in range(len(rej))], dtype=object)
    tags = []
    for rule in TABLES["leads"].rules:
        if all(c in rej.columns for c in rule.columns):
            tags.append((rule.name, rule.bad_rows(rej).fillna(False).astype(bool).to_numpy()))
    staff_ids = set(ds["staff"]["staff_id"].dropna()) if "staff" in ds else set()
    if "assigned_to" in rej.columns and "staff" in ds:
        tags.append(("foreign_key:assigned_to", (rej["assigned_to"].notna() & ~rej["assigned_to"].isin(staff_ids))
                     .fillna(False).to_numpy()))
    for fk_col, table, key in (("person_id", "people", "person_id"), ("event_id", "events", "event_id"),
                               ("group_id", "wechat_groups", "group_id")):
        if fk_col in rej.columns and table in ds and len(ds[table]):
            known = set(ds[table][key].dropna())
            tags.append((f"foreign_key:{fk_col}", (rej[fk_col].notna() & ~rej[fk_col].isin(known)).fillna(False)
                         .to_numpy()))
    text = pd.Series([""] * len(rej), dtype=object)
    for name, mask in tags:
        text = text.where(~mask, text + np.where(text == "", "", ", ") + name)
    text = text.where(text != "", "see problems")
    cols = {c: rej[c] if c in rej.columns else pd.Series(pd.NA, index=rej.index) for c in _REJECTED_COLUMNS[:-1]}
    out = pd.DataFrame(cols).assign(reasons=text.astype("string"))
    out = out.assign(file_row=out["file_row"].astype("int64"), outcome=out["outcome"].astype("string"))
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------
# chart
# ---------------------------------------------------------------------------


def plot_time_to_win(curves: pd.DataFrame, ax=None, labels: dict | None = None, title: str | None = None,
                     marks: Sequence[float] = (24, 72), interval: bool = True, xlabel: str = "距获取线索的小时数"):
    """Step chart of the Kaplan–Meier win curves of :func:`time_to_win`, one line per band.

    Parameters
    ----------
    curves : pandas.DataFrame
        The output of :func:`time_to_win` (``delay_band``, ``hours``, ``rate``, ``ci_low``, ``ci_high``,
        ``leads``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure only when None.
    labels : dict, optional
        Band code → legend text (default: the Chinese labels of :data:`ZH`).
    title : str, optional
    marks : sequence of float, default (24, 72)
        Hours marked with a dashed vertical line.
    interval : bool, default True
        Shade the pointwise interval.
    xlabel : str, default "距获取线索的小时数"
        Label of the time axis (say "距首次联系的小时数" for curves with ``origin="contact"``).

    Returns
    -------
    matplotlib.axes.Axes
        One Line2D per band with gid ``'km:<band>'``; the y axis in percent.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"delay_band": ["le_24h"] * 2, "hours": [0.0, 10.0], "leads": [2, 2],
    ...                   "rate": [0.0, 0.5], "ci_low": [0.0, 0.1], "ci_high": [0.0, 0.9]})
    >>> ax = plot_time_to_win(c)
    >>> [l.get_gid() for l in ax.get_lines() if l.get_gid()]
    ['km:le_24h']
    """
    from analysis.plots import CATEGORICAL, PALETTE, house_style, percent_axis
    from analysis.plots.core import _apply_fonts, _check_ax, _check_frame as _plot_frame, _get_ax, _no_data, _style_axes
    from analysis.plots.core import _title

    func = "plot_time_to_win"
    _check_ax(ax, func)
    _plot_frame(curves, func, delay_band="delay_band", hours="hours", rate="rate", ci_low="ci_low",
                ci_high="ci_high")
    names = {b: ZH[b] for b in BANDS} | dict(labels or {})
    with house_style():
        ax = _get_ax(ax)
        if len(curves) == 0:
            return _no_data(ax, title)
        present = [b for b in BANDS if b in set(curves["delay_band"])]
        present += [b for b in pd.unique(curves["delay_band"]) if b not in present]
        xmax = float(curves["hours"].max())
        for i, band in enumerate(present):
            c = curves.loc[(curves["delay_band"] == band).to_numpy()].sort_values("hours", kind="stable")
            x = np.append(c["hours"].to_numpy(dtype=float), max(xmax, 1.0))
            y = np.append(c["rate"].to_numpy(dtype=float), c["rate"].iloc[-1])
            color = CATEGORICAL[i % len(CATEGORICAL)]
            n = int(c["leads"].iloc[0]) if "leads" in c.columns else None
            text = f"{names.get(band, band)}（{n}条）" if n is not None else names.get(band, band)
            ax.step(x, y, where="post", color=color, linewidth=1.8, label=text, gid=f"km:{band}")
            if interval:
                lo = np.append(c["ci_low"].to_numpy(dtype=float), c["ci_low"].iloc[-1])
                hi = np.append(c["ci_high"].to_numpy(dtype=float), c["ci_high"].iloc[-1])
                ax.fill_between(x, lo, hi, step="post", color=color, alpha=0.12, linewidth=0)
        for m in marks:
            ax.axvline(float(m), color=PALETTE["grey"], linestyle="--", linewidth=1.0, zorder=1)
            ax.annotate(f"{m:g}小时", xy=(float(m), 1.0), xycoords=("data", "axes fraction"), xytext=(3, -3),
                        textcoords="offset points", ha="left", va="top", fontsize=8, color=PALETTE["grey"])
        ax.set_xlim(0, max(xmax, 1.0))
        top = min(1.0, max(0.05, float(np.nanmax(curves["ci_high"].to_numpy(dtype=float))) * 1.1))
        ax.set_ylim(-0.02 * top, top)  # a little room below 0: a band that never wins stays visible
        ax.set_xlabel(xlabel)
        ax.set_ylabel("累计成交概率")
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.92))
        _style_axes(ax, grid="y")
        percent_axis(ax, "y")
        _title(ax, title)
        _apply_fonts(ax)
    return ax
