"""Tests of analysis.surveys.summary: the header facts of the survey report, in both languages."""

from __future__ import annotations

import doctest

import pytest

from analysis.io import Dataset
from analysis.scope import for_branch
from analysis.surveys import scope_facts, summary, survey_scope


@pytest.fixture(scope="module")
def sv(sample_tables):
    return survey_scope(for_branch(Dataset(sample_tables), "B01"))


def test_scope_facts(sv):
    # the sheets are the headline's first number: the header holds the scope only
    assert scope_facts(sv, language="en") == {"header.scope": f"all {len(sv['communities'])} communities"}
    assert scope_facts(sv, language="zh") == {"header.scope": f"全部 {len(sv['communities'])} 个小区"}
    name = sv["communities"].set_index("community_id").loc["B01-C02", "name"]
    assert scope_facts(sv, "B01-C02", "zh") == {"header.scope": f"{name}（B01-C02）"}
    assert scope_facts(sv, "B01-C02", "en") == {"header.scope": f"{name} (B01-C02)"}
    assert scope_facts(sv, "B01-C99", "en") == {"header.scope": "B01-C99"}  # unknown: the id as given


def test_docstring_examples_run():
    result = doctest.testmod(summary, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
