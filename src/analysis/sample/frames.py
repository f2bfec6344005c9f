"""Typed frames: the row stores as the contract's dtypes, in the contract's order."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.sample.people import _pid
from analysis.schemas import TABLES

def _as_id(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (int, np.integer)):
        return _pid(v)
    return str(v)


def _frame(name: str, cols: dict[str, list], t0: pd.Timestamp) -> pd.DataFrame:
    """The rows collected for ``name`` as a frame with the schema's columns and dtypes."""
    table = TABLES[name]
    n = len(next(iter(cols.values()))) if cols else 0
    data = {}
    for c in table.columns:
        v = cols.get(c.name, [None] * n)
        if c.kind in ("id", "str"):
            s = pd.Series([_as_id(x) for x in v], dtype=c.dtype)
        elif c.kind == "int":
            s = pd.Series([np.nan if x is None else float(x) for x in v], dtype="float64").astype(c.dtype)
        elif c.kind == "float":
            s = pd.Series([np.nan if x is None else float(x) for x in v], dtype="float64")
        elif c.kind == "bool":
            s = pd.Series([None if x is None else bool(x) for x in v], dtype=c.dtype)
        elif c.kind == "datetime":
            minutes = pd.Series([np.nan if x is None else float(x) for x in v], dtype="float64")
            s = (t0 + pd.to_timedelta(minutes, unit="min")).astype(c.dtype)
        else:
            s = pd.Series([None if x is None else str(x) for x in v], dtype=object)
            bad = set(s.dropna()) - set(c.allowed)
            if bad:
                raise AssertionError(f"{name}.{c.name}: values outside the schema: {sorted(bad)}")
            s = s.astype(c.dtype)
        data[c.name] = s
    return pd.DataFrame(data, columns=table.column_names)


_SORT = {
    "invitations": ["event_id", "invited_at"], "attendance": ["event_id", "arrived_at"],
    "events": ["event_id"], "people": ["person_id"], "leads": ["lead_id"], "deals": ["deal_id"],
    "wechat_groups": ["group_id"], "group_members": ["group_id", "joined_at"],
    "group_messages": ["group_id", "sent_at", "person_id", "kind"], "survey_responses": ["response_id"],
    "survey_answers": ["response_id"], "hook_campaigns": ["campaign_id"],
}


def _sort(name: str, df: pd.DataFrame) -> pd.DataFrame:
    keys = _SORT.get(name)
    if not keys or df.empty:
        return df.reset_index(drop=True)
    if "kind" in keys:
        df = df.assign(_k=df["kind"].astype(str))
        keys = [k if k != "kind" else "_k" for k in keys]
        return df.sort_values(keys, kind="stable").drop(columns="_k").reset_index(drop=True)
    return df.sort_values(keys, kind="stable").reset_index(drop=True)
