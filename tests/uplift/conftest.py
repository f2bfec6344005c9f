"""Small literal tables for the uplift tests (every figure countable by eye)."""

from __future__ import annotations

import pandas as pd
import pytest

#: The month-end snapshots of the literal books: September and October 2026 (a one-month review).
SEP, OCT = pd.Timestamp("2026-09-30"), pd.Timestamp("2026-10-31")


def snapshots(rows: dict[str, tuple], dates=(SEP, OCT)) -> pd.DataFrame:
    """customer_assets from {person: (aum at each date, None = no snapshot)}."""
    out = [(p, d, a) for p, values in rows.items() for d, a in zip(dates, values) if a is not None]
    df = pd.DataFrame(out, columns=["person_id", "as_of", "aum"])
    return df.assign(deposits=df["aum"] * 0.6, investments=df["aum"] * 0.4, loans=0.0)


def assignments(rows: dict[str, str], since="2026-01-01", principle="territory") -> pd.DataFrame:
    """One open assignment per customer: {person: staff}."""
    return pd.DataFrame({"person_id": list(rows), "staff_id": list(rows.values()),
                         "assigned_at": pd.Timestamp(since), "ended_at": pd.NaT, "principle": principle})


@pytest.fixture
def staff():
    return pd.DataFrame({"staff_id": ["H", "W1", "W2", "A1"], "branch_id": "B1",
                         "role": ["branch_head", "wealth_manager", "wealth_manager", "account_manager"]})
