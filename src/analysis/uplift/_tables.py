"""The uplift tables, prepared once: checks, the tiers, the snapshots of a review, the manager of each customer.

Every uplift function prepares its input through these helpers, so that the same value gets the same
treatment everywhere:

- ``customer_assets`` (month-end snapshots): ids and times through :mod:`analysis.prep`; ``aum``, ``deposits``,
  ``investments`` and ``loans`` must be numbers ≥ 0 (rule ``min``; a snapshot with a negative AUM is an error
  naming the table, the column and the rows, never a silently dropped row); one row per customer and snapshot
  (rule ``unique_key``).
- ``assignments``: one manager at a time (rule ``one_manager_at_a_time`` of the contract, applied here too, so that
  a frame built in memory is checked as a loaded file is); a manager not in the staff table is a foreign-key
  error (rule ``foreign_key``).
- ``contacts``: a contact by a staff id not in the staff table is a foreign-key error.
- **tiers** (:func:`tier_of`): AUM ≥ ``thresholds["high"]`` → ``high``, ≥ ``second`` → ``second``, ≥ ``potential``
  → ``potential``, else ``low`` (:data:`analysis.rules.TIER_THRESHOLDS`).
- **the review** (:func:`review_snapshots`): a period is read between two month-end snapshots — the last one
  before the period starts and the last one in it; with no period, the latest month (the last snapshot against
  the one before). The previous period is the same number of snapshots just before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.schemas import VALUE_TIERS

__all__ = ["VALUE_TIERS", "TIER_RANK", "REPORT_TABLES", "tables", "assets_frame", "holdings_frame",
           "assignments_frame", "contacts_frame", "check_thresholds", "tier_of", "snapshot_dates",
           "review_snapshots", "managers_at", "evaluation_time", "branch_data", "name_staff", "customers_of",
           "header_facts", "review_period", "wilson"]

#: Rank of each tier (higher = more valuable): an upgrade is a move to a higher rank.
TIER_RANK: dict[str, int] = {"low": 0, "potential": 1, "second": 2, "high": 3}
#: The tables the uplift report reads (``load_dataset(..., tables=REPORT_TABLES)``).
REPORT_TABLES: tuple[str, ...] = ("branches", "staff", "communities", "people", "events", "wechat_groups", "deals",
                                  "accounts", "customer_assets", "holdings", "assignments", "contacts")

_MONEY = ("aum", "deposits", "investments", "loans")
DAY = pd.Timedelta(days=1)


def tables(data, func: str, required=(), optional=(), **given) -> dict:
    """The tables of a multi-table function (:func:`analysis.prep.pick`), refusing a lone DataFrame first."""
    if isinstance(data, pd.DataFrame):
        names = ", ".join(f"{t}=..." for t in (*required, *optional))
        raise ParameterError(f"{func}: the first argument is a data set (table name → DataFrame); pass single "
                             f"tables by name: {func}({names}).")
    return prep.pick(data, func, required=required, optional=optional, **given)


def _money(df: pd.DataFrame, table: str, column: str, func: str, key, required: bool = True) -> np.ndarray:
    if column not in df.columns:
        if required:
            prep.require_frame(df, table, [column], func)
        return np.zeros(len(df))
    s = pd.to_numeric(df[column], errors="coerce")
    given = df[column].notna().to_numpy()
    bad = s.isna().to_numpy() & given
    if bad.any():
        raise prep.mask_error(func, table, column, "not_a_number", df, bad, f"{column} must be a number of yuan", key)
    if required and (~given).any():
        raise prep.mask_error(func, table, column, "not_null", df, ~given, f"{column} is empty; every row needs one",
                              key)
    v = s.to_numpy(dtype=float, na_value=np.nan)
    neg = np.nan_to_num(v, nan=0.0) < 0
    if neg.any():
        raise prep.mask_error(func, table, column, "min", df, neg,
                              f"{column} is negative; amounts at the bank are 0 or more (a debt is a loan)", key)
    return np.nan_to_num(v, nan=0.0)


def assets_frame(df: pd.DataFrame, func: str) -> pd.DataFrame:
    """``customer_assets`` checked and typed: person_id, as_of (day), aum, deposits, investments, loans (float)."""
    table, key = "customer_assets", ("person_id", "as_of")
    prep.require_frame(df, table, ("person_id", "as_of", "aum"), func)
    out = pd.DataFrame({
        "person_id": prep.ids(df, table, "person_id", func, key),
        "as_of": prep.times(df, table, "as_of", func, key, required=True).dt.normalize(),
        **{c: _money(df, table, c, func, key, required=(c == "aum")) for c in _MONEY},
    })
    dupe = out.duplicated(["person_id", "as_of"], keep=False).to_numpy()
    if dupe.any():
        raise prep.mask_error(func, table, "person_id+as_of", "unique_key", df, dupe,
                              "a customer has two snapshots on the same day; keep one row per customer and month",
                              key)
    return out.reset_index(drop=True)


def holdings_frame(df: pd.DataFrame, func: str) -> pd.DataFrame:
    """``holdings`` checked and typed: person_id, product, amount, starts_at, matures_at (+ holding_id)."""
    table, key = "holdings", ("holding_id", "person_id")
    prep.require_frame(df, table, ("person_id", "product", "amount", "matures_at"), func)
    out = pd.DataFrame({
        "holding_id": prep.ids(df, table, "holding_id", func, key, required=False),
        "person_id": prep.ids(df, table, "person_id", func, key),
        "product": df["product"].astype("string"),
        "amount": _money(df, table, "amount", func, key),
        "starts_at": prep.times(df, table, "starts_at", func, key),
        "matures_at": prep.times(df, table, "matures_at", func, key),
    })
    prep.check_rules(out, table, func, key)
    return out.reset_index(drop=True)


def _known_staff(df: pd.DataFrame, table: str, column: str, staff, func: str, key) -> None:
    if staff is None:
        return
    prep.require_frame(staff, "staff", ("staff_id",), func)
    known = set(staff["staff_id"].astype("string").str.strip().dropna())
    bad = df[column].notna().to_numpy() & ~df[column].isin(known).to_numpy()
    if bad.any():
        raise prep.mask_error(func, table, column, "foreign_key", df, bad,
                              f"{column} is not a staff_id of the staff table (add the staff member or correct the id)",
                              key)


def assignments_frame(df: pd.DataFrame, staff: pd.DataFrame | None, func: str) -> pd.DataFrame:
    """``assignments`` checked: ids, times, ended after assigned, one manager at a time, managers in ``staff``."""
    table, key = "assignments", ("person_id", "staff_id")
    prep.require_frame(df, table, ("person_id", "staff_id", "assigned_at"), func)
    out = pd.DataFrame({
        "person_id": prep.ids(df, table, "person_id", func, key),
        "staff_id": prep.ids(df, table, "staff_id", func, key),
        "assigned_at": prep.times(df, table, "assigned_at", func, key, required=True),
        "ended_at": prep.times(df, table, "ended_at", func, key),
        "principle": (df["principle"].astype("string") if "principle" in df.columns
                      else pd.Series(pd.NA, index=df.index, dtype="string")),
    })
    prep.check_rules(out, table, func, key)
    _known_staff(out, table, "staff_id", staff, func, key)
    return out.reset_index(drop=True)


def contacts_frame(df: pd.DataFrame, staff: pd.DataFrame | None, func: str, as_of=None) -> pd.DataFrame:
    """``contacts`` checked (staff in ``staff``), the ones after ``as_of`` left out (they have not happened yet)."""
    table, key = "contacts", ("person_id", "staff_id")
    prep.require_frame(df, table, ("person_id", "staff_id", "contacted_at"), func)
    out = pd.DataFrame({
        "person_id": prep.ids(df, table, "person_id", func, key),
        "staff_id": prep.ids(df, table, "staff_id", func, key),
        "contacted_at": prep.times(df, table, "contacted_at", func, key, required=True),
        "channel": (df["channel"].astype("string") if "channel" in df.columns
                    else pd.Series(pd.NA, index=df.index, dtype="string")),
        "purpose": (df["purpose"].astype("string") if "purpose" in df.columns
                    else pd.Series(pd.NA, index=df.index, dtype="string")),
    })
    _known_staff(out, table, "staff_id", staff, func, key)
    if as_of is not None:
        out = out.loc[(out["contacted_at"] <= as_of).to_numpy()]
    return out.reset_index(drop=True)


def check_thresholds(thresholds, func: str) -> dict[str, float]:
    """``thresholds`` as {high, second, potential} → yuan, strictly decreasing and ≥ 0, else ParameterError."""
    if not isinstance(thresholds, Mapping) or set(thresholds) != {"high", "second", "potential"}:
        raise ParameterError(f"{func}: thresholds must map high, second and potential to amounts in yuan "
                             f"(e.g. {rules.TIER_THRESHOLDS}), got {thresholds!r}.")
    t = {k: prep.check_number(thresholds[k], f"thresholds[{k!r}]", func, unit="yuan") for k in ("high", "second",
                                                                                                  "potential")}
    if not t["high"] > t["second"] > t["potential"]:
        raise ParameterError(f"{func}: thresholds must decrease from high to second to potential, got {thresholds!r}.")
    return t


def tier_of(aum, thresholds: Mapping[str, float] = rules.TIER_THRESHOLDS) -> pd.Series:
    """The value tier of each AUM (yuan): ``high``, ``second``, ``potential`` or ``low`` (``string``).

    Examples
    --------
    >>> tier_of(pd.Series([600_000.0, 500_000.0, 499_999.0, 50_000.0, 0.0])).tolist()
    ['high', 'high', 'second', 'potential', 'low']
    """
    t = check_thresholds(thresholds, "tier_of")
    a = pd.Series(aum)
    v = a.to_numpy(dtype=float, na_value=np.nan)
    tier = np.select([v >= t["high"], v >= t["second"], v >= t["potential"], ~np.isnan(v)],
                     ["high", "second", "potential", "low"], default="")
    return pd.Series(tier, index=a.index, dtype="string").mask(np.isnan(v))


def snapshot_dates(customer_assets: pd.DataFrame) -> list[pd.Timestamp]:
    """The distinct snapshot dates, in order."""
    values = pd.DatetimeIndex(customer_assets["as_of"].dropna().unique()).sort_values()
    return [pd.Timestamp(d) for d in values]


def review_snapshots(customer_assets: pd.DataFrame, period_start=None, period_end=None) -> dict:
    """The snapshots a review compares: ``start``, ``end`` and the previous period's ``prev_start``, ``prev_end``.

    ``end`` is the last snapshot on or before ``period_end`` (default: the last one); ``start`` the last snapshot
    before ``period_start`` (default: the snapshot before ``end`` — a review of the latest month); the previous
    period spans as many snapshots just before ``start``. Missing ones are None.

    Examples
    --------
    >>> a = pd.DataFrame({"as_of": pd.to_datetime(["2026-08-31", "2026-09-30", "2026-10-31"])})
    >>> r = review_snapshots(a)
    >>> [f"{r[k]:%m-%d}" if r[k] is not None else None for k in ("start", "end", "prev_start", "prev_end")]
    ['09-30', '10-31', '08-31', '09-30']
    """
    from analysis.scope import parse_period

    start, end = parse_period(period_start, period_end)
    dates = snapshot_dates(customer_assets)
    out = {"start": None, "end": None, "prev_start": None, "prev_end": None, "dates": dates}
    if not dates:
        return out
    ends = [d for d in dates if end is None or d <= end]
    if not ends:
        return out
    i_end = dates.index(ends[-1])
    if start is None:
        i_start = i_end - 1
    else:
        before = [i for i, d in enumerate(dates) if d < start.normalize()]
        i_start = before[-1] if before else None
    out["end"] = dates[i_end]
    if i_start is None or i_start < 0 or i_start >= i_end:
        return out
    out["start"] = dates[i_start]
    steps = i_end - i_start
    if i_start - steps >= 0:
        out["prev_start"], out["prev_end"] = dates[i_start - steps], dates[i_start]
    return out


def managers_at(assignments: pd.DataFrame, when) -> pd.DataFrame:
    """The manager of each customer at ``when`` (end of that day): person_id, staff_id, principle, assigned_at."""
    when = pd.Timestamp(when)
    cut = when.normalize() + DAY if when == when.normalize() else when
    a = assignments
    live = (a["assigned_at"] < cut) & (a["ended_at"].isna() | (a["ended_at"] >= cut))
    live = live.fillna(False).to_numpy(dtype=bool)
    cur = a.loc[live, ["person_id", "staff_id", "principle", "assigned_at"]]
    return cur.sort_values("assigned_at", kind="stable").drop_duplicates("person_id", keep="last") \
        .reset_index(drop=True)


def customers_of(assets: pd.DataFrame, when) -> pd.DataFrame:
    """The snapshot at ``when``: person_id, aum (one row per customer in it)."""
    return assets.loc[(assets["as_of"] == when).to_numpy(), ["person_id", "aum"]].reset_index(drop=True)


def evaluation_time(data=None, /, *, as_of=None, customer_assets=None, contacts=None) -> pd.Timestamp | None:
    """The report's evaluation time: ``as_of`` when given, else the latest snapshot or contact (never the clock)."""
    func = "evaluation_time"
    ts = prep.as_of(as_of, func)
    if ts is not None:
        return ts
    t = prep.pick(data, func, optional=("customer_assets", "contacts"), customer_assets=customer_assets,
                  contacts=contacts)
    series = []
    if t["customer_assets"] is not None and len(t["customer_assets"]):
        snap = prep.times(t["customer_assets"], "customer_assets", "as_of", func, required=True)
        series.append(snap.dt.normalize() + DAY - pd.Timedelta(1, "ns"))  # a snapshot holds the whole day
    if t["contacts"] is not None and len(t["contacts"]):
        series.append(prep.times(t["contacts"], "contacts", "contacted_at", func, required=True))
    return prep.latest(*series)


def branch_data(ds, branch_id: str):
    """The branch's data set for the uplift report: :func:`analysis.scope.for_branch` with no period.

    The scope follows the branch through its staff and its customers: assignments and contacts by the
    branch's staff; customer_assets and holdings of the branch's people (those living in its communities or
    seen in its rows) and of the customers its managers hold; ``accounts`` by ``branch_id``. Nothing is
    filtered by period here: the uplift functions take the period and read the snapshots around it (and
    retention needs the months after an acquisition).
    """
    from analysis import scope

    return scope.for_branch(ds, branch_id)


def name_staff(df: pd.DataFrame, staff: pd.DataFrame | None, language: str = "zh", column: str = "staff_id",
               unassigned: str = "uplift.unassigned") -> pd.DataFrame:
    """``df`` with the ids of ``column`` replaced by the staff member's name and role; empty → "no manager"."""
    from analysis import report

    return report.name_staff(df, staff, language, column, unassigned=unassigned)


def ordered_tiers(values: Sequence[str]) -> list[str]:
    """Tier codes in report order (high first), other codes after."""
    order = list(VALUE_TIERS)
    return [t for t in order if t in set(values)] + [v for v in values if v not in order]


def header_facts(data, as_of=None) -> dict[str, str]:
    """The report header's facts: the evaluation time (label key → text)."""
    return {"header.as_of": f"{pd.Timestamp(as_of):%Y-%m-%d %H:%M}"} if as_of is not None and pd.notna(as_of) else {}


def review_period(data, period_start=None, period_end=None) -> tuple[str, str]:
    """The review as the report header's period: the day after the start snapshot … the end snapshot (text).

    The parameters as given when the data hold fewer than two snapshots for them.
    """
    a = data.get("customer_assets") if hasattr(data, "get") else None
    if a is None or not len(a):
        return period_start or "", period_end or ""
    r = review_snapshots(assets_frame(a, "review_period"), period_start, period_end)
    if r["start"] is None:
        return period_start or "", period_end or ""
    return f"{r['start'] + DAY:%Y-%m-%d}", f"{r['end']:%Y-%m-%d}"


def wilson(successes, trials, level: float = rules.LEVEL) -> pd.DataFrame:
    """Rates with Wilson intervals: :func:`analysis.stats.proportion` (which also takes no groups at all)."""
    from analysis.stats import proportion

    return proportion(successes, trials, level=level)