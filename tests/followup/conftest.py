"""Fixtures of the follow-up tests: the hand-built leads (worked out in the comments) and a staff table.

Times are hours after T0 = 2026-09-05 08:00; the tests evaluate at as_of = T0 + 124 h.

lead staff captured contact  closed    outcome  first_contact_24h       resolved_72h            band
L01  S1     0        2        30        won      met                     met                     le_24h
L02  S1     0        24       72        lost     met (exactly 24 h)      met (exactly 72 h)      le_24h
L03  S1     0        24+1min  80        won      late                    late                    24_72h
L04  S2     0        -        -         open     late (never contacted)  late                    never
L05  S2     0        5        -         open     met                     late (no result)        le_24h
L06  S2     114      -        -         open     pending (age 10 h)      pending                 <NA>
L07  S3     94       95       -         open     met                     pending (age 30 h)      le_24h
L08  S3     94       -        -         open     late (age 30 h > 24)    pending                 <NA>
L09  S3     114      115      122       lost     met                     met (inside the window) le_24h
L10  S1     125      -        -         open     left out: captured after as_of
L11  S1     0        80       100       lost     late                    late                    gt_72h
L12  -      0        -        -         open     late (unassigned)       late                    never

first_contact_24h: met L01 L02 L05 L07 L09 = 5; late L03 L04 L08 L11 L12 = 5; pending L06 = 1
                   -> leads 10, met 5, pending 1
resolved_72h:      met L01 L02 L09 = 3; late L03 L04 L05 L11 L12 = 5; pending L06 L07 L08 = 3
                   -> leads 8, met 3, pending 3
"""

from __future__ import annotations

import pandas as pd
import pytest

T0 = pd.Timestamp("2026-09-05 08:00")


def _h(hours):
    return pd.NaT if hours is None else T0 + pd.Timedelta(hours=hours)


@pytest.fixture
def leads() -> pd.DataFrame:
    rows = [  # lead, staff, captured, contact, closed, outcome, amount, event, group, person
        ("L01", "S1", 0, 2, 30, "won", 100_000.0, "E1", None, "P01"),
        ("L02", "S1", 0, 24, 72, "lost", None, "E1", None, "P02"),
        ("L03", "S1", 0, 24 + 1 / 60, 80, "won", 50_000.0, "E1", None, "P03"),
        ("L04", "S2", 0, None, None, "open", None, "E1", None, "P04"),
        ("L05", "S2", 0, 5, None, "open", None, None, "G1", "P05"),
        ("L06", "S2", 114, None, None, "open", None, None, "G1", "P06"),
        ("L07", "S3", 94, 95, None, "open", None, None, "G1", "P07"),
        ("L08", "S3", 94, None, None, "open", None, None, None, "P08"),
        ("L09", "S3", 114, 115, 122, "lost", None, "E2", None, "P09"),
        ("L10", "S1", 125, None, None, "open", None, "E2", None, "P10"),
        ("L11", "S1", 0, 80, 100, "lost", None, "E1", None, "P11"),
        ("L12", None, 0, None, None, "open", None, "E1", None, "P12"),
    ]
    d = pd.DataFrame(rows, columns=["lead_id", "assigned_to", "cap", "con", "clo", "outcome", "amount",
                                    "event_id", "group_id", "person_id"])
    return pd.DataFrame({
        "lead_id": d["lead_id"].astype("string"),
        "person_id": d["person_id"].astype("string"),
        "event_id": d["event_id"].astype("string"),
        "group_id": d["group_id"].astype("string"),
        "assigned_to": d["assigned_to"].astype("string"),
        "captured_at": d["cap"].map(_h).astype("datetime64[ns]"),
        "first_contact_at": d["con"].map(lambda x: _h(None if pd.isna(x) else x)).astype("datetime64[ns]"),
        "closed_at": d["clo"].map(lambda x: _h(None if pd.isna(x) else x)).astype("datetime64[ns]"),
        "outcome": pd.Categorical(d["outcome"], categories=["won", "lost", "open"]),
        "product": pd.array(["wealth"] * len(d), dtype="string"),
        "amount": d["amount"].astype(float),
    })


@pytest.fixture
def staff() -> pd.DataFrame:
    return pd.DataFrame({"staff_id": ["S1", "S2", "S3", "S4", "H1"],
                         "branch_id": ["B01", "B01", "B02", "B01", "B01"],
                         "role": ["wealth_manager", "teller", "account_manager", "teller", "branch_head"]})


#: R's survival::aml (Miller 1981): weeks in remission, status 1 = relapse, x = maintenance arm.
AML = pd.DataFrame({
    "time": [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45],
    "status": [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
    "x": ["Maintained"] * 11 + ["Nonmaintained"] * 12,
})


@pytest.fixture
def aml() -> pd.DataFrame:
    """R's survival::aml (Miller 1981): weeks in remission, status 1 = relapse, x = maintenance arm."""
    return AML.copy()
