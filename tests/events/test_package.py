"""Every public function of analysis.events on the sample data and on empty tables: the column vocabulary
(names, dtypes, intervals), English report tables, the calibrated salon case, the docstring examples, the
layout (one module per concept, each under 900 lines, input preparation through analysis.prep). Labels and
formats of every result column and coded value: tests/test_vocabulary.py (all domains at once).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
from analysis.report import LABELS, label

TOL = 1e-9
# R: prop.test(31, 38, correct = FALSE)$conf.int
SALON_CI = [0.665811419288686, 0.907782348147787]

INTERVAL = ("rate", "ci_low", "ci_high")
COUNTS = {"attendees", "strangers", "invited", "showed_up", "arrived", "women", "men", "gender_unknown",
          "invitations", "invitees_came", "guests_brought", "invitees_alone", "events", "came", "guests",
          "arrivals", "busiest_arrivals", "long_gaps", "deals", "buyers", "leads", "new_customers", "targets",
          "measured", "met", "n", "n_sims", "n_rows", "priority", "staff_invitations", "staff_invitees_came",
          "staff_guests", "partner_invitations", "partner_invitees_came", "partner_guests", "walk_ins",
          "walk_in_guests", "unattributed", "head_strangers", "guest_strangers", "minutes_from_start",
          "branch_invitations", "branch_required", "existing_attendees", "existing_buyers", "stranger_attendees",
          "stranger_buyers", "records_on_duty", "visitors", "recorded", "records", "records_written", "gifts",
          "gifts_lost", "contacted", "with_record", "events_with", "events_without", "attendees_with",
          "attendees_without", "rank"}
FORBIDDEN = {"p_val", "pval", "lower", "upper", "ci_lower", "ci_upper", "count", "total", "pct", "percent"}
#: Functions that return something other than a result table (a dict, a sentence, a number, the example).
NOT_TABLES = {"select_event", "timeline_marks", "headline_text", "plan_text", "gaps_text", "event_focus",
              "eligible_staff", "example_tables", "verdict", "previous_data", "roles_text", "recording_text"}
#: Results drawn by the answer-first renderers (report.headline_block, report.actions_block), not as tables.
CARDS = {"headline", "actions"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


@pytest.fixture(scope="module")
def sample_results(sample_tables):
    t = sample_tables
    b01 = t["events"].loc[t["events"]["branch_id"] == "B01"]
    card = E.scorecard(t)
    res = {
        "stranger_ratio": E.stranger_ratio(t["attendance"]),
        "attendance_chain": E.attendance_chain(t),
        "compare_events": E.compare_events(t["attendance"], "B01-E03", "B01-E02"),
        "compare_with_previous": E.compare_with_previous(t),
        "monthly_stranger_ratio": E.monthly_stranger_ratio(t),
        "stranger_model": E.stranger_model(t),
        "attendance_summary": E.attendance_summary(t),
        "event_figures": E.event_figures(t),
        "headline": E.headline(t),
        "actions": E.actions(t),
        "sales_split": E.sales_split(t),
        "greeter_shifts": E.greeter_shifts(t),
        "entrance_roles": E.entrance_roles(t),
        "captain_guests": E.captain_guests(t),
        "atmosphere_families": E.atmosphere_families(t),
        "atmosphere_stay": E.atmosphere_stay(t),
        "visitor_records_at": E.visitor_records_at(t),
        "recording_rate": E.recording_rate(t),
        "gifts_without_record": E.gifts_without_record(t),
        "recording_by_receiver": E.recording_by_receiver(t),
        "lead_records": E.lead_records(t),
        "invitation_chain": E.invitation_chain(t),
        "chain_summary": E.chain_summary(t),
        "chain_rates": E.chain_rates(t, events=b01, kind="salon"),
        "plan_event": E.plan_event(t, events=b01, staff_invitations=7, partner_invitations=15,
                                   rng=np.random.default_rng(0), kind="salon", n_sims=1000),
        "arrivals_by_quarter": E.arrivals_by_quarter(t),
        "arrival_gaps": E.arrival_gaps(t),
        "arrival_flow": E.arrival_flow(t),
        "arrival_timeline": E.arrival_timeline(t, events=b01),
        "scorecard": card,
        "event_score": E.event_score(card),
        "target_steps": E.target_steps(t, card=card),
        "event_costs": E.event_costs(t),
        "sales_after_event": E.sales_after_event(t),
        "event_findings": E.event_findings(t),
    }
    res["recommendations"] = E.recommendations(
        ratio=res["stranger_ratio"], summary=res["attendance_summary"], chain=res["invitation_chain"],
        flow=res["arrival_flow"], card=card, score=res["event_score"], steps=res["target_steps"],
        sales=res["sales_after_event"])
    return res


def test_every_public_function_is_exercised(sample_results):
    public = {n for n in E.__all__ if callable(getattr(E, n))} - NOT_TABLES
    assert public == set(sample_results)


def test_column_vocabulary_on_the_sample(sample_results):
    for name, df in sample_results.items():
        assert isinstance(df.index, pd.RangeIndex), name
        assert not FORBIDDEN & set(df.columns), (name, FORBIDDEN & set(df.columns))
        for c in COUNTS & set(df.columns):
            assert df[c].dtype == np.int64, (name, c, df[c].dtype)
        if "rate" in df.columns and "ci_low" in df.columns:
            assert {"ci_low", "ci_high"} <= set(df.columns), name
            ok = df.dropna(subset=list(INTERVAL))
            assert ((ok["ci_low"] <= ok["rate"] + 1e-12) & (ok["rate"] <= ok["ci_high"] + 1e-12)).all(), name
        for c in df.columns:
            assert df[c].dtype != object, (name, c)  # text is the string dtype


def test_the_report_tables_have_no_chinese_in_english(sample_results, sample_tables):
    from analysis import report

    english = {**sample_results,
               "recommendations": E.recommendations(card=sample_results["scorecard"],
                                                    flow=sample_results["arrival_flow"], language="en"),
               "event_findings": E.event_findings(sample_tables, language="en"),
               "actions": E.actions(sample_tables, language="en")}
    for name, df in english.items():
        if name in ("attendance_chain", "arrival_timeline", "event_figures") or name in CARDS:
            continue  # themes (in event labels and lanes) are data values
        html = report.show(df, "en").to_html()
        assert not CJK.search(html), (name, CJK.findall(html)[:10])


def test_sample_reproduces_the_salon_case(sample_results):
    h = sample_results["event_figures"].set_index("event_id").loc["B01-E03"]
    assert (h["attendees"], h["women"], h["men"], h["strangers"]) == (38, 30, 8, 31)
    close(h[["ci_low", "ci_high"]], SALON_CI)
    assert h["amount"] > 6_000_000
    cs = sample_results["chain_summary"].set_index("event_id").loc["B01-E03"]
    assert (cs["staff_invitations"], cs["staff_invitees_came"]) == (7, 7)
    ch = sample_results["invitation_chain"]
    salon = ch.loc[(ch["event_id"] == "B01-E03") & ch["eligible"]]
    assert (salon["invite_check"] == "ok").all() and (salon["bring_check"] == "ok").all()


def _modules():
    return [importlib.import_module(f"analysis.events.{m.name}") for m in pkgutil.iter_modules(E.__path__)]


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_function_accepts_empty_tables():
    from analysis.schemas import empty_frame

    t = {n: empty_frame(n) for n in ("events", "event_targets", "invitations", "attendance", "staff", "leads",
                                     "deals", "survey_responses", "group_members", "event_staff", "visitor_records")}
    card = E.scorecard(t)
    empty = [E.stranger_ratio(t["attendance"]), E.attendance_chain(t), E.compare_with_previous(t),
             E.monthly_stranger_ratio(t), E.attendance_summary(t), E.event_figures(t), E.invitation_chain(t),
             E.chain_summary(t), E.arrivals_by_quarter(t), E.arrivals_by_quarter(t, pooled=True), E.arrival_gaps(t),
             E.arrival_flow(t), E.arrival_timeline(t), card, E.event_score(card), E.target_steps(t, card=card),
             E.event_costs(t), E.sales_after_event(t), E.event_findings(t), E.headline(t), E.actions(t),
             E.sales_split(t), E.greeter_shifts(t), E.entrance_roles(t), E.captain_guests(t),
             E.atmosphere_families(t), E.atmosphere_stay(t), E.visitor_records_at(t), E.recording_rate(t),
             E.gifts_without_record(t), E.recording_by_receiver(t), E.lead_records(t)]
    assert all(len(df) == 0 for df in empty)
    assert E.stranger_ratio(t["attendance"], by=None).loc[0, "attendees"] == 0
    assert E.stranger_model(t)["note"].str.startswith("no model").all()
    plan = E.plan_event(t, staff_invitations=7, partner_invitations=15, rng=np.random.default_rng(0), n_sims=200)
    assert plan.loc[0, "note"] != ""  # no history: said so
    assert E.timeline_marks(t["events"]) == {}
    assert E.recommendations(ratio=E.stranger_ratio(t["attendance"]), flow=E.arrival_flow(t)).empty
    assert E.headline_text(E.event_figures(t), language="en") == "No events for this branch and period (no data)."


# ---------------------------------------------------------------------------
# layout
# ---------------------------------------------------------------------------

PACKAGE = Path(E.__file__).resolve().parent


def test_every_module_is_under_900_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert max(sizes.values()) < 900, sizes


def test_no_private_copy_of_the_preparation_helpers():
    """ids, times, as-of, booleans, lookup, row labels, show and MAX_SHOWN come from analysis.prep."""
    copies = re.compile(r"^\s*(def _(ids|lookup|times|as_of|bool|booleans|show|row_labels|data_error|frame|"
                        r"check_number|check_count|check_fraction|no_nulls)\b|_MAX_SHOWN\s*=)", re.M)
    found = {p.name: copies.findall(p.read_text(encoding="utf-8")) for p in PACKAGE.glob("*.py")}
    assert not any(found.values()), found


def test_no_rule_literals_in_signatures():
    """A default that is one of the rules (70%, 72 h, 90 minutes, 10 minutes, pass mark 80, 95%) is written rules.X."""
    import inspect

    literals = {0.70, 72, 90, 10, 80, 0.95, 0.5}
    for name in E.__all__:
        obj = getattr(E, name)
        if not callable(obj) or isinstance(obj, type):
            continue
        for p in inspect.signature(obj).parameters.values():
            d = p.default
            if isinstance(d, (int, float)) and not isinstance(d, bool) and d in literals:
                assert _from_rules(obj, p.name), (name, p.name, d)


def _from_rules(func, parameter: str) -> bool:
    """Whether the default of ``parameter`` is written as ``rules.X`` (or another named constant) in the source."""
    import inspect

    src = inspect.getsource(inspect.unwrap(func))
    header = src[:src.index("->")] if "->" in src else src
    return re.search(rf"\b{parameter}\s*:[^=]*=\s*(rules\.)?[A-Z_]+\b", header) is not None


def test_the_zh_dictionary_is_gone():
    assert not hasattr(E, "ZH")
    assert "analysis.labels" not in " ".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py"))


def test_titles_and_sections_have_both_languages():
    keys = [k for k in LABELS if k.startswith(("title.stranger", "title.arrivals", "section.events", "events."))]
    assert len(keys) > 20
    for k in keys:
        assert label(k, "zh") != label(k, "en") and not CJK.search(label(k, "en")), k
