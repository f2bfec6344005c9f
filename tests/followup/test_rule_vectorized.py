"""rule_24_72 after its vectorization (issue 10): the same counts as a plain per-lead reference written here.

The reference walks the leads one by one with Python datetimes and the definitions of the docstring
(met: event at or before capture + window and by as_of; pending: not met and as_of before the
deadline); the function counts codes with numpy. A random table with the awkward cases — ids with
spaces and empty ids, unassigned leads, exactly-24-hour contacts, leads captured after as_of,
categorical columns — must give identical integers. No timing is asserted here.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from analysis.followup import rule_24_72

AS_OF = pd.Timestamp("2026-10-20 12:00")


def _random_leads(n=1500, seed=7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cap = pd.Timestamp("2026-09-01") + pd.to_timedelta(rng.integers(0, 52 * 24 * 60, n), unit="min")
    kind = rng.integers(0, 5, n)
    delay = np.select([kind == 0, kind == 1, kind == 2, kind == 3],
                      [rng.integers(0, 24 * 60, n), np.full(n, 24 * 60), rng.integers(24 * 60 + 1, 200 * 60, n),
                       np.full(n, -1)], default=rng.integers(1, 30 * 60, n))
    first = pd.Series(cap + pd.to_timedelta(np.where(delay < 0, 0, delay), unit="min")).where(delay >= 0)
    res = rng.integers(0, 5 * 24 * 60, n)
    outcome = np.where(delay < 0, "open", rng.choice(["won", "lost", "open"], n))
    closed = (first + pd.to_timedelta(res, unit="min")).where(outcome != "open")
    staff = np.array(["S1", " S1", "S2 ", "S3", "", None], dtype=object)[rng.integers(0, 6, n)]
    return pd.DataFrame({
        "lead_id": [f"L{i:05d}" for i in range(n)],
        "assigned_to": pd.array(staff, dtype="string"),
        "event_id": pd.array(np.where(rng.random(n) < 0.5, "E1", None), dtype="string"),
        "group_id": pd.array(np.where(rng.random(n) < 0.5, "G1", None), dtype="string"),
        "captured_at": cap, "first_contact_at": first, "closed_at": closed,
        "outcome": pd.Categorical(outcome, categories=["won", "lost", "open"]),
        "product": pd.Categorical(rng.choice(["wealth", "fund"], n)),
    })


def _reference(leads: pd.DataFrame, key) -> dict:
    """(key value, rule) → [leads, met, pending], lead by lead."""
    out = defaultdict(lambda: [0, 0, 0])
    for r in leads.itertuples(index=False):
        if r.captured_at > AS_OF:
            continue
        k = key(r)
        for rule, when, window in (("first_contact_24h", r.first_contact_at, 24),
                                   ("resolved_72h", r.closed_at if r.outcome in ("won", "lost") else pd.NaT, 72)):
            deadline = r.captured_at + pd.Timedelta(hours=window)
            met = pd.notna(when) and when <= AS_OF and when <= deadline
            pending = not met and AS_OF < deadline
            cell = out[(k, rule)]
            cell[0] += 0 if pending else 1
            cell[1] += int(met)
            cell[2] += int(pending)
    return dict(out)


def _as_dict(result: pd.DataFrame, keys: list[str]) -> dict:
    got = {}
    for row in result.itertuples(index=False):
        k = tuple(None if pd.isna(getattr(row, c)) else getattr(row, c) for c in keys)
        got[(k[0] if len(k) == 1 else k, row.rule)] = [row.leads, row.met, row.pending]
    return got


def _staff(r):
    s = r.assigned_to
    s = None if pd.isna(s) else s.strip()
    return s or None


def test_per_staff_counts_equal_the_per_lead_reference():
    leads = _random_leads()
    r = rule_24_72(leads, by="assigned_to", as_of=AS_OF)
    assert _as_dict(r, ["assigned_to"]) == _reference(leads, _staff)
    # " S1" and "S1" are one staff member; "" and a missing id are "unassigned", sorted last
    assert r["assigned_to"].tolist()[::2][:3] == ["S1", "S2", "S3"] and r["assigned_to"].iloc[-1] is pd.NA
    assert r["assigned_to"].dtype == "string"


def test_derived_and_several_keys_equal_the_reference():
    leads = _random_leads()
    r = rule_24_72(leads, by=["source", "product"], as_of=AS_OF)

    def key(row):
        src = "event" if pd.notna(row.event_id) else "group" if pd.notna(row.group_id) else "other"
        return (src, row.product)

    assert _as_dict(r, ["source", "product"]) == _reference(leads, key)
    assert r[["source", "product"]].drop_duplicates().values.tolist() == [
        ["event", "fund"], ["event", "wealth"], ["group", "fund"], ["group", "wealth"], ["other", "fund"],
        ["other", "wealth"]]
    assert isinstance(r["product"].dtype, pd.CategoricalDtype)


def test_totals_equal_the_reference_and_the_grouped_sums():
    leads = _random_leads()
    total = rule_24_72(leads, as_of=AS_OF)
    ref = _reference(leads, lambda r: None)
    assert total[["leads", "met", "pending"]].values.tolist() == [ref[(None, "first_contact_24h")],
                                                                  ref[(None, "resolved_72h")]]
    per = rule_24_72(leads, by="delay_band", as_of=AS_OF)
    sums = per.groupby("rule", sort=False)[["leads", "met", "pending"]].sum()
    assert sums.values.tolist() == total[["leads", "met", "pending"]].values.tolist()


@pytest.mark.parametrize("by", [None, "assigned_to"])
def test_empty_after_as_of(by):
    leads = _random_leads(50)
    r = rule_24_72(leads, by=by, as_of="2026-08-01")
    assert (r["leads"] == 0).all() and (r["met"] == 0).all()
    assert len(r) == (2 if by is None else 0)
