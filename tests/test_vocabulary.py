"""One vocabulary for every domain: each public function of each domain package, called on the sample data
set, returns tables whose every column has a Chinese and an English label and a format in the one label
dictionary (``report.LABELS``), and every coded value report.show translates has a label too.

The domain packages and their functions are discovered, not listed: every subpackage of ``analysis`` with a
vocabulary module of its own (``analysis/report/vocab/<package>.py``) and an ``__all__``. A function is called
generically on branch B01 of the sample: the data set as the first argument (the ``data`` convention of
:func:`analysis.prep.pick`), a parameter named as a contract table gets that table, ``branch_id`` gets the
branch. What cannot be called that way is either called with the arguments given in :data:`ARGS` (often
the result of another function of the package) or listed in :data:`NOT_CALLED` with the reason. A new
public function that fits neither fails :func:`test_every_public_function_is_called_or_listed`.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import report
from analysis.io import Dataset
from analysis.report import LABELS
from analysis.schemas import TABLES

BRANCH = "B01"
CJK = re.compile(r"[\u4e00-\u9fff]")

#: Subpackages with a vocabulary module that are not domains of the reports' tables.
NOT_DOMAINS = {
    "stats": "generic statistics on counts and arrays, not on the contract's tables (tests/stats check them)",
    "report": "the report layer itself",
    "plots": "charts, not tables (tests/test_plots.py)",
}


def _domains() -> list[str]:
    vocab = {m.name for m in pkgutil.iter_modules(importlib.import_module("analysis.report.vocab").__path__)}
    found = []
    for m in pkgutil.iter_modules(analysis.__path__):
        if m.ispkg and m.name in vocab and m.name not in NOT_DOMAINS:
            if getattr(importlib.import_module(f"analysis.{m.name}"), "__all__", None):
                found.append(m.name)
    return sorted(found)


DOMAINS = _domains()


def _returns_a_table(f) -> bool:
    """Declared to return a DataFrame, or not declared (then called, and checked when it is one)."""
    ann = inspect.signature(f).return_annotation
    return ann is inspect.Signature.empty or "DataFrame" in str(ann)


def _functions() -> list[str]:
    """Every public function of the domains that returns a table: sentences (``str``, ``Sentence``), numbers,
    times, header facts and data sets (``dict``) are not tables and are checked where they are written."""
    out = []
    for pkg in DOMAINS:
        module = importlib.import_module(f"analysis.{pkg}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) and not name.startswith("_") and _returns_a_table(obj):
                out.append(f"{pkg}.{name}")
    return out


FUNCTIONS = _functions()


def _fn(qualified: str):
    pkg, name = qualified.split(".")
    return getattr(importlib.import_module(f"analysis.{pkg}"), name)


# ---------------------------------------------------------------------------
# how each domain's data are scoped to a branch, and the calls that need more than the data set
# ---------------------------------------------------------------------------


def _scope(pkg: str, ds: Dataset):
    """The branch's data as the package's functions take it (most: scope.for_branch)."""
    from analysis import scope

    scoped = scope.for_branch(ds, BRANCH)
    if pkg == "surveys":
        return importlib.import_module("analysis.surveys").survey_scope(scoped)
    module = importlib.import_module(f"analysis.{pkg}")
    if pkg == "reach" and hasattr(module, "for_branch"):
        return module.for_branch(ds, BRANCH)
    if pkg == "uplift" and hasattr(module, "branch_data"):
        return module.branch_data(ds, BRANCH)
    return scoped


def _b01_events(d):
    return d["events"].loc[d["events"]["branch_id"] == BRANCH]


#: Calls with arguments of their own: ``name → function(data, result) → kwargs`` where ``result(name)`` is
#: the (cached) result of another function of the domains.
ARGS = {
    "events.compare_events": lambda d, r: {"attendance": d["attendance"], "event_id1": "B01-E03",
                                           "event_id2": "B01-E02"},
    "events.plan_event": lambda d, r: {"events": _b01_events(d), "staff_invitations": 7, "partner_invitations": 15,
                                       "rng": np.random.default_rng(0), "kind": "salon", "n_sims": 200},
    "events.chain_rates": lambda d, r: {"events": _b01_events(d), "kind": "salon"},
    "events.event_score": lambda d, r: {"card": r("events.scorecard")},
    "events.target_steps": lambda d, r: {"card": r("events.scorecard")},
    "events.recommendations": lambda d, r: {"ratio": r("events.stranger_ratio"),
                                            "summary": r("events.attendance_summary"),
                                            "chain": r("events.invitation_chain"), "flow": r("events.arrival_flow"),
                                            "card": r("events.scorecard"), "score": r("events.event_score"),
                                            "steps": r("events.target_steps"),
                                            "sales": r("events.sales_after_event")},
    "followup.name_unassigned": lambda d, r: {"table": r("followup.lead_load")},
    "followup.name_staff": lambda d, r: {"table": r("followup.lead_load"), "staff": d["staff"]},
    "followup.rule_24_72": lambda d, r: {"by": "assigned_to"},
    "followup.time_to_contact": lambda d, r: {"by": "source"},
    "followup.kaplan_meier": lambda d, r: {
        "data": r("followup.lead_status").assign(t=lambda x: x["age_hours"], e=lambda x: x["won"]),
        "duration": "t", "event": "e"},
    "followup.logrank": lambda d, r: {"data": r("followup.lead_status").assign(t=lambda x: x["age_hours"]),
                                      "duration": "t", "event": "won", "group": "source"},
    "followup.calendar_days": lambda d, r: {"start": "2026-09-19", "end": "2026-10-11"},
    "followup.special_days": lambda d, r: {"start": "2026-09-19", "end": "2026-10-11"},
    "followup.data_findings": lambda d, r: {"branch_id": BRANCH},
    "groups.size_activity": lambda d, r: {"health": r("groups.group_health")},
    "groups.size_answer": lambda d, r: {"coefs": r("groups.size_activity")},
    "groups.calendar_rates": lambda d, r: {"calendar": r("groups.calendar_data")},
    "groups.content_calendar": lambda d, r: {"calendar": r("groups.calendar_data")},
    "groups.overdispersion": lambda d, r: {"calendar": r("groups.calendar_data")},
    "groups.calendar_checks": lambda d, r: {"fit": r("groups.content_calendar")},
    "groups.asker_summary": lambda d, r: {"table": r("groups.askers")},
    "groups.pull_curve": lambda d, r: {"table": r("groups.askers")},
    "groups.asker_conversion": lambda d, r: {"table": r("groups.askers")},
    "groups.funnel_people": lambda d, r: {"by": "branch_id"},
    "groups.tier_funnel": lambda d, r: {"by": "owner_staff_id"},
    "groups.owned_by": lambda d, r: {"owner_staff_id": "B01-S03"},
    "surveys.option_rates": lambda d, r: {"question_id": "needs", "by": "community_id"},
    "surveys.crosstab": lambda d, r: {"row": "age_band", "col": "wechat"},
    "surveys.crosstab_test": lambda d, r: {"row": "age_band", "col": "wechat"},
    "surveys.weighted_rates": lambda d, r: {"question_id": "needs"},
    "surveys.weighted_vs_unweighted": lambda d, r: {"question_id": "products"},
    "surveys.recommend_for": lambda d, r: {"segment": "payroll", "needs": ["education"]},
    "surveys.response_counts": lambda d, r: {"by": ["channel", "week"]},
    "reach.headroom": lambda d, r: {"reach": r("reach.penetration")},
    "reach.partner_kinds": lambda d, r: {"scorecard": r("reach.partner_scorecard")},
    "uplift.managers_at": lambda d, r: {"when": pd.Timestamp("2026-10-01")},
    "uplift.name_staff": lambda d, r: {"df": r("uplift.white_list"), "staff": d["staff"]},
    "uplift.movement": lambda d, r: {"assets": d["customer_assets"], "start": r("uplift.review_period")[0],
                                     "end": r("uplift.review_period")[1]},
    "uplift.next_maturities": lambda d, r: {"after": pd.Timestamp("2026-10-01")},
    "uplift.maintenance_counts": lambda d, r: {"maintenance": r("uplift.maintenance_list")},
    "uplift.allocation_balance_test": lambda d, r: {"balance": r("uplift.allocation_balance")},
}

#: Public table functions not called here, with the reason.
NOT_CALLED = {
    "surveys.codebook": "the questionnaire as the contract's survey_questions table (the other functions' input, "
                        "not a report result)",
}

#: Coded columns whose values are data, not codes (shown as they are), with the reason.
DATA_VALUES = {
    ("events.arrival_timeline", "lane"): "the event id and its theme, as the data hold them",
    ("followup.delay_logit", "term"): "model terms, read by delay_logit_text (never shown as a table)",
}


# ---------------------------------------------------------------------------
# the calls
# ---------------------------------------------------------------------------


class NotGeneric(Exception):
    pass


_DATA_NAMES = {"data", "scoped", "ds", "tables"}


def _call(qualified: str, data, result):
    f = _fn(qualified)
    given = ARGS[qualified](data, result) if qualified in ARGS else {}
    args, kwargs = [], {}
    for p in inspect.signature(f).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.name in given:
            value = given[p.name]
        elif (p.name in _DATA_NAMES and p.default is p.empty) or (p.name == "data" and p.kind == p.POSITIONAL_ONLY):
            value = data
        elif p.name in TABLES and p.default is p.empty:
            value = data[p.name]
        elif p.name == "branch_id" and p.default is p.empty:
            value = BRANCH
        elif p.default is not p.empty:
            continue
        else:
            raise NotGeneric(f"{qualified}: parameter {p.name!r}")
        if p.kind == p.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[p.name] = value
    return f(*args, **kwargs)


@pytest.fixture(scope="module")
def results(sample_tables):
    ds = Dataset(sample_tables)
    scoped = {pkg: _scope(pkg, ds) for pkg in DOMAINS}
    cache: dict[str, object] = {}

    def result(qualified):
        if qualified not in cache:
            try:
                cache[qualified] = _call(qualified, scoped[qualified.split(".")[0]], result)
            except NotGeneric as exc:
                cache[qualified] = exc
        if isinstance(cache[qualified], NotGeneric):
            raise cache[qualified]
        return cache[qualified]

    return result


# ---------------------------------------------------------------------------
# the checks
# ---------------------------------------------------------------------------

#: Results drawn by the answer-first renderers (report.headline_block, report.actions_block), not report.show:
#: their measures (headline) must be labelled; their text (actions) is written in the report's language.
ANSWER_FIRST = {"headline", "actions"}
#: A code of digits and signs only (``18-29``, ``60+``, ``2026-09``) reads the same in both languages.
NEUTRAL = re.compile(r"[^A-Za-z\u4e00-\u9fff]*")


def _format_ok(entry, s: pd.Series) -> bool:
    """A declared format, or none on a key that is also a value code (``won``, ``events``) when the column's
    dtype makes report.show's choice certain: integers are counts, booleans yes/no."""
    return entry.fmt is not None or pd.api.types.is_integer_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype)


def test_domains_are_discovered():
    assert {"events", "followup", "groups", "surveys"} <= set(DOMAINS)


def test_the_lists_name_only_public_table_functions():
    assert not (set(ARGS) | set(NOT_CALLED)) - set(FUNCTIONS)
    assert not set(ARGS) & set(NOT_CALLED)


@pytest.mark.parametrize("qualified", [f for f in FUNCTIONS if f not in NOT_CALLED])
def test_every_public_function_is_called_or_listed(qualified, results):
    try:
        results(qualified)
    except NotGeneric as exc:
        pytest.fail(f"{exc}: give its arguments in ARGS or list it in NOT_CALLED with the reason")


@pytest.mark.parametrize("qualified", [f for f in FUNCTIONS if f not in NOT_CALLED])
def test_every_column_has_a_label_in_both_languages_and_a_format(qualified, results):
    out = results(qualified)
    if not isinstance(out, pd.DataFrame):
        pytest.skip(f"{qualified} returns a {type(out).__name__}, not a table")
    name = qualified.split(".")[1]
    if name in ANSWER_FIRST:
        if "measure" in out.columns:
            for measure in out["measure"].dropna().unique():
                for language in ("zh", "en"):
                    text = report.value_label(measure, language, column="measure")
                    assert text != measure and "_" not in text, (qualified, measure, language, text)
        return
    problems = []
    for c in out.columns:
        entry = LABELS.get(c)
        if entry is None:
            problems.append(f"{c}: no label")
            continue
        if not entry.zh or not entry.en or CJK.search(entry.en) or "_" in entry.zh + entry.en:
            problems.append(f"{c}: labels {entry.zh!r} / {entry.en!r}")  # missing, Chinese in English, a code
        if not _format_ok(entry, out[c]):
            problems.append(f"{c}: no format")
    assert not problems, (qualified, problems)


@pytest.mark.parametrize("qualified", [f for f in FUNCTIONS if f not in NOT_CALLED])
def test_every_coded_value_has_a_label_and_english_shows_no_chinese(qualified, results):
    out = results(qualified)
    if not isinstance(out, pd.DataFrame):
        pytest.skip(f"{qualified} returns a {type(out).__name__}, not a table")
    if qualified.split(".")[1] in ANSWER_FIRST:
        pytest.skip("rendered by the answer-first blocks (tests/report/test_headline.py)")
    missing, coded = [], []
    for c in out.columns:
        entry = LABELS.get(c)
        if entry is None or entry.fmt != "code" or (qualified, c) in DATA_VALUES:
            continue
        coded.append(c)
        for v in out[c].dropna().unique():
            if isinstance(v, bool) or f"{c}={v}" in LABELS or str(v) in LABELS or NEUTRAL.fullmatch(str(v)):
                continue
            missing.append(f"{c}={v}")
    assert not missing, (qualified, sorted(missing)[:20])
    shown = report.localize(out, "en")
    assert not [h for h in shown.columns if CJK.search(str(h))], qualified
    for c in coded:  # the English of every code, in the column as report.show displays it
        values = shown.iloc[:, [k for k in out.columns if k != "fmt"].index(c)]
        assert not [v for v in values if CJK.search(str(v))], (qualified, c)
