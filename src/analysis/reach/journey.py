"""The journey of a person across the domains: first touch → WeChat group → lead → account → first deal."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.reach._tables import first_touches, tables, wilson

__all__ = ["JOURNEY_STEPS", "journey"]

#: The steps of the journey, in order.
JOURNEY_STEPS = ("first_touch", "group", "lead", "account", "deal")
_TOUCH = ("survey_responses", "attendance", "invitations", "group_members", "leads", "referrals", "accounts", "events")


def _earliest(df, table, person, time, func) -> pd.Series:
    if df is None or not len(df):
        return pd.Series(dtype="datetime64[ns]")
    s = pd.DataFrame({"p": prep.ids(df, table, person, func), "t": prep.times(df, table, time, func)}).dropna()
    return s.groupby("p")["t"].min()


def journey(data=None, /, *, people=None, deals=None, level: float = rules.LEVEL, new_only: bool = True,
            **given) -> pd.DataFrame:
    """The ordered funnel of the people met, with step rates, intervals, time between steps and skipped steps.

    Parameters
    ----------
    new_only : bool, default True
        Only people who were not bank customers at first contact (the customers to win).

    Returns
    -------
    pandas.DataFrame
        One row per step of :data:`JOURNEY_STEPS`: ``step``, ``people`` (reached the step, int64),
        ``via_previous`` (reached it after the previous step, int64), ``skipped`` (reached it without the
        previous step, int64), ``rate``, ``ci_low``, ``ci_high`` (via_previous ÷ people at the previous step,
        Wilson; NaN on the first step), ``median_days`` (median days from the previous step, among
        via_previous).
    """
    func = "journey"
    t = tables(data, func, required=("people",), optional=("deals", *_TOUCH), people=people, deals=deals, **given)
    prep.check_level(level, func)
    first = first_touches(t, people=t["people"], **{k: t[k] for k in _TOUCH})
    if new_only:
        first = first.loc[(first["is_bank_customer"] == False).fillna(False).to_numpy(dtype=bool)]  # noqa: E712
    pid = first["person_id"].astype(str)
    at = {"first_touch": pd.Series(first["first_touch_at"].to_numpy(), index=pid.to_numpy()),
          "group": _earliest(t["group_members"], "group_members", "person_id", "joined_at", func),
          "lead": _earliest(t["leads"], "leads", "person_id", "captured_at", func),
          "account": _earliest(t["accounts"], "accounts", "person_id", "opened_at", func),
          "deal": _earliest(t["deals"], "deals", "person_id", "closed_at", func)}
    frame = pd.DataFrame({s: prep.lookup(pd.Series(pid.to_numpy()), at[s]).astype("datetime64[ns]").to_numpy()
                          for s in JOURNEY_STEPS})
    rows = []
    prev = None
    for s in JOURNEY_STEPS:
        has = frame[s].notna().to_numpy()
        if prev is None:
            rows.append((s, int(has.sum()), int(has.sum()), 0, np.nan))
        else:
            via = has & frame[prev].notna().to_numpy() & (frame[s] >= frame[prev]).to_numpy()
            days = ((frame[s] - frame[prev]).dt.total_seconds() / 86400.0).to_numpy()[via]
            rows.append((s, int(has.sum()), int(via.sum()), int(has.sum() - via.sum()),
                         float(np.median(days)) if len(days) else np.nan))
        prev = s
    out = pd.DataFrame(rows, columns=["step", "people", "via_previous", "skipped", "median_days"])
    base = np.concatenate([[0], out["people"].to_numpy()[:-1]])
    p = wilson(out["via_previous"].to_numpy(dtype=np.int64)[1:], base[1:].astype(np.int64), level)
    out["rate"] = np.concatenate([[np.nan], p["rate"].to_numpy()])
    out["ci_low"] = np.concatenate([[np.nan], p["ci_low"].to_numpy()])
    out["ci_high"] = np.concatenate([[np.nan], p["ci_high"].to_numpy()])
    out = out.astype({"step": "string", "people": "int64", "via_previous": "int64", "skipped": "int64"})
    return out[["step", "people", "via_previous", "skipped", "rate", "ci_low", "ci_high", "median_days"]]
