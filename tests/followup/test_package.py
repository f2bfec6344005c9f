"""The follow-up package as a whole: every public function on the sample, one vocabulary, doctests (labels and
formats of every result: tests/test_vocabulary.py)."""

from __future__ import annotations

import doctest
import importlib
import re
import string

import numpy as np
import pandas as pd
import pytest

from analysis import followup
from analysis.followup import (data_findings, delay_logit, delay_logrank, delay_verdict, kaplan_meier, lead_load,
                               lead_status, load_balance_test, logrank, overdue, overdue_counts, rejected_leads,
                               rule_24_72, time_to_contact, time_to_win, win_rate_by_delay)
from analysis.report.labels import sources
from analysis.report.vocab import followup as vocab
from analysis.schemas import empty_frame

CJK = re.compile(r"[\u4e00-\u9fff]")
MODULES = ["status", "compliance", "overdue", "delay", "load", "findings", "workdays", "weekend", "answer"]

TOL = 1e-9  # R printed with 15 significant digits
T0 = pd.Timestamp("2026-09-05 08:00")
AS_OF = T0 + pd.Timedelta(hours=124)  # 2026-09-10 12:00 (the fixtures are in conftest.py)


def h(hours):
    """T0 + hours (None stays missing)."""
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


# ===========================================================================
# the sample data: every public function, one vocabulary
# ===========================================================================

VOCABULARY = {
    # keys and labels
    "assigned_to", "source", "rule", "measure", "list", "delay_band", "staff_id", "role", "lead_id",
    "person_id", "event_id", "group_id", "term", "variable", "level", "origin", "method", "verdict",
    "table", "column", "rows", "detail", "reasons",
    # counts
    "leads", "met", "pending", "observed", "censored", "won", "lost", "open", "wins", "at_risk", "events",
    "open_leads", "no_contact_24h", "unresolved_72h", "n", "n_rows", "dof", "groups", "n_staff",
    "unassigned", "file_row", "on_time_leads", "on_time_won", "later_leads", "later_won",
    # estimates
    "rate", "ci_low", "ci_high", "estimate", "std_error", "odds_ratio", "p_value", "chi2", "expected",
    "share", "amount", "min_expected", "survival", "time", "hours", "q25", "median", "q75", "q90",
    "rate_on_time", "rate_later", "logrank_p_value", "hours_overdue", "age_hours",
    # times
    "captured_at", "first_contact_at", "closed_at",
    # the working-day clock and the weekend test
    "timing", "contact_status", "resolve_status", "contact_status_working", "resolve_status_working", "off_hours",
    "crosses_off_day", "window_elapsed", "crossing_leads", "crossing_won", "other_leads", "other_won",
    "rate_crossing", "rate_other", "or_ci_low", "or_ci_high", "or_p_value", "day", "working", "kind",
    # the answer first
    "value", "fmt", "previous", "change_p", "standard", "flag", "rank", "owner", "action", "due", "reason",
}
COUNTS = {"leads", "met", "pending", "observed", "censored", "won", "lost", "open", "wins", "at_risk",
          "open_leads", "no_contact_24h", "unresolved_72h", "n", "n_rows", "dof", "groups", "n_staff",
          "unassigned", "on_time_leads", "on_time_won", "later_leads", "later_won", "crosses_off_day",
          "window_elapsed", "crossing_leads", "crossing_won", "other_leads", "other_won", "rank"}


def _results(sample_tables):
    from analysis.scope import for_branch

    s = for_branch(sample_tables, "B01")
    ld, people, st = s["leads"], s["people"], s["staff"]
    results = {
        "rule_24_72": rule_24_72(ld, by="assigned_to"),
        "time_to_contact": time_to_contact(ld, by="source"),
        "overdue": overdue(ld),
        "overdue_counts": overdue_counts(ld),
        "win_rate_by_delay": win_rate_by_delay(ld),
        "delay_logit": delay_logit(leads=ld, people=people),
        "delay_verdict": delay_verdict(ld),
        "time_to_win": time_to_win(ld),
        "delay_logrank": delay_logrank(ld, origin="contact"),
        "lead_load": lead_load(s),
        "load_balance_test": load_balance_test(leads=ld, staff=st),
        "data_findings": data_findings(s, staff=sample_tables["staff"], branch_id="B01"),
        "kaplan_meier": kaplan_meier(lead_status(ld).assign(e=lambda d: d["won"], t=lambda d: d["age_hours"]),
                                     "t", "e"),
        "logrank": logrank(lead_status(ld).assign(t=lambda d: d["age_hours"]), "t", "won", "source"),
        "lead_status": lead_status(ld),
        "compliance_by_clock": followup.compliance_by_clock(ld),
        "lead_clocks": followup.lead_clocks(ld),
        "weekend_effect": followup.weekend_effect(s),
        "calendar_days": followup.calendar_days("2026-09-19", "2026-10-11"),
        "headline": followup.headline(s),
        "actions": followup.actions(s, staff=s["staff"]),
        "rejected_leads": rejected_leads(sample_tables_as_dataset(sample_tables)),
    }
    return results


def sample_tables_as_dataset(tables):
    from analysis.io import Dataset

    return Dataset(dict(tables))


def test_every_public_function_runs_on_the_sample_with_one_vocabulary(sample_tables):
    results = _results(sample_tables)
    results.pop("lead_status")  # the prepared lead table: the leads' own columns and the derived ones
    results.pop("rejected_leads")  # rows of the leads table, as they were read
    for name, df in results.items():
        assert isinstance(df.index, pd.RangeIndex), name
        unknown = set(df.columns) - VOCABULARY
        assert not unknown, f"{name}: columns outside the vocabulary: {unknown}"
        for c in COUNTS & set(df.columns):
            assert df[c].dtype == "int64", f"{name}.{c} is {df[c].dtype}"
        assert not any("95" in c for c in df.columns), name  # the level is never in a column name
    assert len(results["rule_24_72"]) > 0 and results["delay_logit"]["n"].gt(0).all()
    assert (results["rule_24_72"]["leads"] >= results["rule_24_72"]["met"]).all()


def test_every_public_function_copes_with_empty_leads():
    e = empty_frame("leads")
    staff = pd.DataFrame({"staff_id": ["S1"], "role": ["teller"]})
    assert overdue(e).empty and overdue_counts(e).empty
    assert time_to_contact(e).empty and time_to_win(e).empty
    assert delay_logit(leads=e).empty
    assert np.isnan(delay_logrank(e)["chi2"].iloc[0])
    assert lead_load(leads=e, staff=staff)["leads"].tolist() == [0]
    assert load_balance_test(leads=e, staff=staff)["n"].iloc[0] == 0


def test_vocabulary_labels_and_sentences_are_complete():
    assert {k for k, v in sources().items() if v == "followup"} == set(vocab.LABELS)
    for key, (zh, en, fmt) in vocab.LABELS.items():
        assert zh and en and not CJK.search(en), key
    fields = lambda t: sorted(f for _, f, _, _ in string.Formatter().parse(t) if f)  # noqa: E731
    for key, (zh, en) in vocab.SENTENCES.items():
        assert key.startswith(("followup.", "section.followup")), key
        assert not CJK.search(en), key
        assert fields(zh) == fields(en), key


def test_the_package_has_no_chinese_dictionary_and_no_private_copies():
    assert not hasattr(followup, "ZH")
    for name in ("_ids", "_status", "_MAX_SHOWN", "_as_time", "_resolve_as_of", "_check_leads"):
        for module in MODULES:
            assert not hasattr(importlib.import_module(f"analysis.followup.{module}"), name), (module, name)


@pytest.mark.parametrize("module", [*(f"analysis.followup.{m}" for m in MODULES), "analysis.followup",
                                    "analysis.plots.followup"])
def test_docstring_examples_run(module):
    failures, _ = doctest.testmod(importlib.import_module(module), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
