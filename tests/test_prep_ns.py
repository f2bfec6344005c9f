"""``prep.ns``: times as int64 nanoseconds, the one helper the domains' vectorized clocks use."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep


def test_ns_counts_nanoseconds_and_puts_nat_first():
    s = pd.Series(pd.to_datetime(["2026-09-01 10:00:00", None, "2026-09-02 10:00:00.5"], format="ISO8601"))
    out = prep.ns(s)
    assert out.dtype == np.int64
    # by hand: 2026-09-01 is day 20,697 since 1970-01-01 (56 years, 14 leap days, 243 days into 2026)
    assert out[0] == (20_697 * 86_400 + 10 * 3_600) * 1_000_000_000
    assert out[1] == np.iinfo(np.int64).min
    assert out[2] - out[0] == (86_400 * 1_000_000_000) + 500_000_000
    assert out[1] < out[0]  # an empty time compares before every time


def test_ns_of_a_coarser_unit_and_of_an_array_is_the_same():
    s = pd.Series(pd.to_datetime(["2026-09-01 10:00"])).astype("datetime64[s]")
    assert prep.ns(s).tolist() == prep.ns(s.to_numpy()).tolist() == prep.ns(s.astype("datetime64[ns]")).tolist()
