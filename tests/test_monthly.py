"""The branch head's monthly overview (analysis.monthly): its numbers are the domains' own, and the failures
of one overview belong to it alone (no module state: two overviews in one process never mix)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import events, followup, monthly, scope
from analysis.errors import DataError


@pytest.fixture(scope="module")
def october(sample_dataset):
    start, end = monthly.overview_period(scope.for_branch(sample_dataset, "B01"))
    before = scope.previous_period(start, end)
    return (scope.for_branch(sample_dataset, "B01", start, end), scope.for_branch(sample_dataset, "B01", *before),
            (start, end))


def test_period_is_the_latest_month_with_data(october):
    _, _, period = october
    assert period == ("2026-10-01", "2026-10-31")  # the sample runs 2026-07-01 … 2026-10-31


def test_overview_carries_each_domains_own_headline(october):
    now, before, _ = october
    ov = monthly.overview(now, previous=before, language="en")
    assert ov.failures.empty and list(ov.failures.columns) == monthly.FAILURE_COLUMNS
    mine = ov.items[ov.items["domain"] == "events"].drop(columns=["domain"]).reset_index(drop=True)
    theirs = events.headline(now, previous=before)
    pd.testing.assert_frame_equal(mine[["measure", "value", "previous"]].astype({"measure": "string"}),
                                  theirs[["measure", "value", "previous"]], check_dtype=False)
    assert len(ov.key_figures) <= 5
    assert ov.key_figures["measure"].tolist()[:2] == [ov.items.loc[ov.items["domain"] == d, "measure"].iloc[0]
                                                      for d in ov.items["domain"].unique()[:2]]
    assert ov.alerts["rank"].tolist() == list(range(1, len(ov.alerts) + 1)) and len(ov.alerts) <= 10
    assert set(ov.verdicts["domain"]) == set(ov.items["domain"])
    assert (ov.changes["change_p"] < 0.05).all()


def test_failures_belong_to_one_overview(october, monkeypatch):
    now, before, _ = october

    def broken(*args, **kwargs):
        raise DataError("leads.captured_at [date_range]: rows 2, 3")

    with monkeypatch.context() as m:
        m.setattr(followup, "headline", broken)
        first = monthly.overview(now, previous=before)
    assert first.failures.to_dict("records") == [
        {"domain": "followup", "function": "headline", "detail": "leads.captured_at [date_range]: rows 2, 3"}]
    assert "followup" not in set(first.items["domain"])  # the failed domain is left out, the others stay
    assert "events" in set(first.items["domain"])
    second = monthly.overview(now, previous=before)
    assert second.failures.empty  # nothing carried over from the first
    assert "followup" in set(second.items["domain"])
    assert len(first.failures) == 1  # and the first is not changed by the second


def test_functions_on_their_own_raise_without_a_failures_list(october, monkeypatch):
    now, before, _ = october

    def broken(*args, **kwargs):
        raise DataError("boom")

    monkeypatch.setattr(followup, "headline", broken)
    with pytest.raises(DataError, match="boom"):
        monthly.domain_headlines(now, previous=before)
    collected: list = []
    items = monthly.domain_headlines(now, previous=before, failures=collected)
    assert [f["domain"] for f in collected] == ["followup"] and "followup" not in set(items["domain"])


def test_overview_of_a_branch_without_data_says_so():
    empty = {name: None for name in monthly.DOMAINS.values()}
    ov = monthly.overview(empty, language="en")
    assert ov.items.empty and ov.alerts.empty and ov.failures.empty
    assert ov.verdict == "There are no data to summarise for this period."
