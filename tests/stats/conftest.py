"""Fixtures of the stats tests: the data files R and Python both read (tests/data/, see its README)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def bank() -> pd.DataFrame:
    """UCI Bank Marketing (bank.csv), 4,521 clients, with a 0/1 outcome column."""
    d = pd.read_csv(DATA / "uci_bank_extract.csv")
    return d.assign(subscribed=d["y"].eq("yes").astype(int))


@pytest.fixture(scope="session")
def survey_all() -> pd.DataFrame:
    """Hand-made stratified sample: strata A, B, C (and D with one respondent)."""
    return pd.read_csv(DATA / "stratified_survey.csv")


@pytest.fixture(scope="session")
def survey(survey_all) -> pd.DataFrame:
    return survey_all.loc[survey_all["community_id"] != "D"].reset_index(drop=True)
