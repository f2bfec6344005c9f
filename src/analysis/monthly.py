"""The branch head's monthly overview: every domain's headline, the changes that are more than noise, the alerts.

One page per branch and period (``notebooks/00_branch_overview.ipynb``, first in a run). Each domain
package answers for itself — ``<domain>.headline(scoped, previous=…)`` (the numbers that matter,
with interval, previous value and the p-value of the change), ``<domain>.verdict(items, language)``
and ``<domain>.actions(scoped, language=…)`` — and this module gathers them:

- :func:`overview_period` — the period of the overview: the parameters, or the latest calendar
  month with data when none is given (a monthly overview needs a month to compare with the one before);
- :func:`domain_headlines` — every domain's headline items, one table with a ``domain`` column;
- :func:`key_figures` — the few cards of the page (the first item of each domain);
- :func:`changes` — the items whose change against the previous period is more than noise;
- :func:`alerts` — every domain's actions, ranked across domains, at most ten;
- :func:`verdicts` — each domain's verdict sentence;
- :func:`overview` — all of the above for one branch and period, as one :class:`Overview` that also
  carries the domain calls that failed (``failures``), so that two overviews never share state.

A domain whose data are absent for the branch is left out; a domain that fails is reported as a
finding (a row of ``Overview.failures``), never as a traceback on the page. Called on their own,
:func:`domain_headlines`, :func:`alerts` and :func:`verdicts` record failures in the ``failures``
list passed to them, and raise when none is passed (nothing is dropped without a word).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pandas as pd

from analysis.errors import AnalysisError
from analysis.rules import NOISE_P
from analysis.scope import TIME_COLUMNS, parse_period

__all__ = ["DOMAINS", "FAILURE_COLUMNS", "Overview", "overview", "overview_period", "domain_headlines", "key_figures",
           "changes", "alerts", "verdicts", "verdict"]

#: The domains of the overview, in page order, with the table that must have rows for it to apply.
DOMAINS = {"events": "attendance", "followup": "leads", "groups": "group_members", "surveys": "survey_responses"}

_ITEM_COLUMNS = ["domain", "measure", "value", "ci_low", "ci_high", "fmt", "previous", "change_p", "standard", "flag",
                 "out_of"]
_ACTION_COLUMNS = ["domain", "rank", "owner", "action", "due", "reason"]
#: Columns of :attr:`Overview.failures`: the domain, the function of its package and the error's message.
FAILURE_COLUMNS = ["domain", "function", "detail"]


def overview_period(scoped, period_start: str = "", period_end: str = "") -> tuple[str, str]:
    """The period of the overview as text: the parameters, else the latest calendar month with any record.

    >>> import pandas as pd
    >>> d = {"leads": pd.DataFrame({"captured_at": pd.to_datetime(["2026-08-03", "2026-09-14"])})}
    >>> overview_period(d)
    ('2026-09-01', '2026-09-30')
    >>> overview_period(d, "2026-08-01", "2026-08-31")
    ('2026-08-01', '2026-08-31')
    """
    if str(period_start or "").strip() and str(period_end or "").strip():
        start, end = parse_period(period_start, period_end)
        return f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"
    latest = None
    for table, column in TIME_COLUMNS.items():
        df = scoped.get(table) if hasattr(scoped, "get") else None
        if df is not None and column in df.columns and len(df) and pd.api.types.is_datetime64_any_dtype(df[column]):
            m = df[column].max()
            if pd.notna(m) and (latest is None or m > latest):
                latest = m
    if latest is None:
        return "", ""
    first = latest.normalize().replace(day=1)
    last = first + pd.offsets.MonthEnd(0)
    return f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"


def _applies(scoped, domain: str) -> bool:
    df = scoped.get(DOMAINS[domain]) if hasattr(scoped, "get") else None
    return df is not None and len(df) > 0


def _module(domain: str):
    return importlib.import_module(f"analysis.{domain}")


def _call(domain: str, name: str, failures: list | None, *args, **kwargs):
    """Call ``analysis.<domain>.<name>`` if the domain has it.

    An AnalysisError is appended to ``failures`` (a row of :data:`FAILURE_COLUMNS`) and gives None;
    without a ``failures`` list it is raised.
    """
    func = getattr(_module(domain), name, None)
    if func is None:
        return None
    try:
        return func(*args, **kwargs)
    except AnalysisError as exc:
        if failures is None:
            raise
        failures.append({"domain": domain, "function": name, "detail": str(exc)})
        return None


def _failure_frame(failures: list) -> pd.DataFrame:
    return pd.DataFrame(failures, columns=FAILURE_COLUMNS).astype("string")


def domain_headlines(scoped, previous=None, failures: list | None = None) -> pd.DataFrame:
    """Every applicable domain's headline items, one table: ``domain`` + the headline columns.

    ``failures``: a list that receives the domain calls that failed (see :func:`overview`); None raises them.
    """
    parts = []
    for domain in DOMAINS:
        if not _applies(scoped, domain):
            continue
        items = _call(domain, "headline", failures, scoped, previous=previous)
        if items is not None and len(items):
            parts.append(items.assign(domain=domain))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in _ITEM_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    for c in _ITEM_COLUMNS:
        if c not in out.columns:
            out[c] = pd.NA
    return out[_ITEM_COLUMNS]


def key_figures(items: pd.DataFrame, per_domain: int = 1, limit: int = 5) -> pd.DataFrame:
    """The cards of the overview: the first ``per_domain`` items of each domain, at most ``limit``."""
    if items.empty:
        return items.drop(columns=["domain"], errors="ignore")
    first = items.groupby("domain", sort=False, group_keys=False).head(per_domain)
    return first.head(limit).drop(columns=["domain"]).reset_index(drop=True)


def changes(items: pd.DataFrame, alpha: float = NOISE_P) -> pd.DataFrame:
    """Items whose change against the previous period is more than noise (``change_p < alpha``)."""
    if items.empty:
        return items
    p = pd.to_numeric(items["change_p"], errors="coerce")
    return items.loc[p < alpha].reset_index(drop=True)


def alerts(scoped, as_of=None, language: str = "zh", limit: int = 10, failures: list | None = None) -> pd.DataFrame:
    """Every applicable domain's action list, ranked across domains (each domain's first item first).

    ``failures``: a list that receives the domain calls that failed (see :func:`overview`); None raises them.
    """
    parts = []
    for domain in DOMAINS:
        if not _applies(scoped, domain):
            continue
        kwargs = {"language": language}
        if as_of is not None:
            kwargs["as_of"] = as_of
        acts = _call(domain, "actions", failures, scoped, **kwargs)
        if acts is not None and len(acts):
            parts.append(acts.assign(domain=domain))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in _ACTION_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    for c in _ACTION_COLUMNS:
        if c not in out.columns:
            out[c] = pd.NA
    order = list(DOMAINS)
    out = out.assign(_d=out["domain"].map(order.index)).sort_values(["rank", "_d"], kind="stable")
    out = out.head(limit).drop(columns=["_d"]).reset_index(drop=True)
    return out.assign(rank=range(1, len(out) + 1))[_ACTION_COLUMNS]


def verdicts(items: pd.DataFrame, language: str = "zh", failures: list | None = None) -> pd.DataFrame:
    """Each domain's verdict sentence: ``domain``, ``verdict``.

    ``failures``: a list that receives the domain calls that failed (see :func:`overview`); None raises them.
    """
    rows = []
    for domain in DOMAINS:
        mine = items[items["domain"] == domain].drop(columns=["domain"]) if len(items) else items
        if not len(mine):
            continue
        text = _call(domain, "verdict", failures, mine.reset_index(drop=True), language)
        if text:
            rows.append({"domain": domain, "verdict": str(text)})
    return pd.DataFrame(rows, columns=["domain", "verdict"])


def verdict(items: pd.DataFrame, language: str = "zh") -> str:
    """One sentence for the branch head: how many headline figures miss their standard, and which."""
    from analysis.report import label, say

    if items.empty:
        return say("monthly.verdict.no_data", language)
    flagged = items[items["flag"].isin(["below", "warn"])]
    if flagged.empty:
        return say("monthly.verdict.all_ok", language, n=len(items))
    names = ("、" if language == "zh" else ", ").join(label(m, language) for m in flagged["measure"].head(4))
    return say("monthly.verdict.flagged", language, k=len(flagged), n=len(items), names=names)


@dataclass(frozen=True)
class Overview:
    """One branch's monthly overview, everything the page shows (built by :func:`overview`).

    Attributes
    ----------
    items : DataFrame
        Every domain's headline items (:func:`domain_headlines`).
    key_figures : DataFrame
        The cards of the page (:func:`key_figures`).
    changes : DataFrame
        The items whose change is more than noise (:func:`changes`).
    alerts : DataFrame
        The ranked actions across domains (:func:`alerts`).
    verdicts : DataFrame
        Each domain's verdict (:func:`verdicts`).
    verdict : str
        The page's verdict in one sentence (:func:`verdict`).
    failures : DataFrame
        The domain calls of this overview that failed with a data or parameter error, columns
        :data:`FAILURE_COLUMNS` (no rows when none failed) — for the data-quality section.
    """

    items: pd.DataFrame
    key_figures: pd.DataFrame
    changes: pd.DataFrame
    alerts: pd.DataFrame
    verdicts: pd.DataFrame
    verdict: str
    failures: pd.DataFrame


def overview(scoped, previous=None, *, as_of=None, language: str = "zh", limit: int = 10) -> Overview:
    """The monthly overview of one branch and period: headline items, cards, changes, alerts, verdicts, failures.

    Parameters
    ----------
    scoped : mapping of table name → DataFrame
        The branch's data for the period (:func:`analysis.scope.for_branch`).
    previous : mapping of table name → DataFrame, optional
        The same for the previous period of the same length (:func:`analysis.scope.previous_period`).
    as_of : timestamp or text, optional
        The moment the alerts are for (each domain's default when None).
    language : {"zh", "en"}
    limit : int, default 10
        At most this many alerts.

    Returns
    -------
    Overview
        Its ``failures`` belong to this call only: a second overview in the same process starts empty.
    """
    from analysis.report.labels import check_language

    check_language(language)
    failed: list[dict] = []
    items = domain_headlines(scoped, previous=previous, failures=failed)
    acts = alerts(scoped, as_of=as_of, language=language, limit=limit, failures=failed)
    each = verdicts(items, language, failures=failed)
    return Overview(items=items, key_figures=key_figures(items), changes=changes(items), alerts=acts,
                    verdicts=each, verdict=verdict(items, language), failures=_failure_frame(failed))
