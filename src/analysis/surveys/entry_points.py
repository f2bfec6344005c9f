"""Entry points (入口): where to enter a community — ranked by daily flow, cost and value, with the practice's advice.

Tests: ``tests/surveys/test_entry_points.py``. Notebook: ``01_community_survey`` (section
"Where to enter the community").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.surveys import _tables as T

__all__ = ["ENTRY_WEIGHTS", "ESTABLISHED_EVENTS", "rank_entry_points"]

#: Weights of the entry-point score by community stage (percentile ranks within the community).
ENTRY_WEIGHTS: dict[str, dict[str, float]] = {
    "new": {"flow": 0.5, "low_cost": 0.3, "value": 0.2},           # new: high flow, low cost first
    "established": {"flow": 0.2, "low_cost": 0.2, "value": 0.6},   # established: the high-value entries
}

#: A community where the branch has held at least this many events counts as ``established``
#: (alias of :data:`analysis.rules.SURVEY_ESTABLISHED_EVENTS`).
ESTABLISHED_EVENTS = rules.SURVEY_ESTABLISHED_EVENTS


def rank_entry_points(data=None, /, *, entry_points: pd.DataFrame | None = None,
                      events: pd.DataFrame | None = None, min_events: int = ESTABLISHED_EVENTS,
                      stage: str | None = None) -> pd.DataFrame:
    """Entry points (入口) of each community ranked by daily flow, cost and value, with advice.

    Parameters
    ----------
    data : data set, optional
        Supplies the tables not passed by name.
    entry_points : DataFrame
        The entry_points table (``daily_flow``, ``cost_per_visit``, ``value_score``).
    events : DataFrame, optional
        The events table: a community where the branch has held at least ``min_events`` events
        counts as ``established``, otherwise ``new``. Without it every community is ``new``.
    min_events : int, default :data:`ESTABLISHED_EVENTS`
    stage : {"new", "established"}, optional
        Force one stage for every community.

    Returns
    -------
    DataFrame
        One row per entry point: ``community_id``, ``stage``, ``events`` (int64), ``entry_id``,
        ``kind``, ``name``, ``daily_flow``, ``cost_per_visit``, ``value_score``, ``flow_pct``,
        ``low_cost_pct``, ``value_pct`` (percentile ranks within the community, 1 = best),
        ``score`` (weighted by :data:`ENTRY_WEIGHTS` for the stage), ``rank`` (int64, 1 = first
        within the community) and ``advice`` (``enter_first``, ``high_value_later``, ``deepen``,
        ``keep_flow`` or ``optional``). Sorted by community and rank.

    Notes
    -----
    The practice: a branch new to a community starts where many people pass at little cost
    (supermarket, property office, activity centre) — score weights flow 0.5, low cost 0.3,
    value 0.2; the first two are ``enter_first``, and high-value entries (value in the top third)
    are ``high_value_later``. Once established it works the high-value entries (club, beauty,
    car care) — value 0.6, flow 0.2, low cost 0.2; the first two are ``deepen``, and entries in
    the top third for both flow and low cost are ``keep_flow``.

    Examples
    --------
    >>> import pandas as pd
    >>> ep = pd.DataFrame({"entry_id": ["E1", "E2", "E3"], "community_id": "C1",
    ...                    "kind": ["supermarket", "club", "laundry"], "name": ["超市", "会所", "洗衣店"],
    ...                    "daily_flow": [900, 80, 100], "cost_per_visit": [1.0, 15.0, 2.0],
    ...                    "value_score": [3.0, 4.6, 2.8]})
    >>> rank_entry_points(entry_points=ep)[["entry_id", "rank", "advice"]]
      entry_id  rank            advice
    0       E1     1       enter_first
    1       E3     2       enter_first
    2       E2     3  high_value_later
    """
    func = "rank_entry_points"
    t = T.tables(data, func, required=("entry_points",), optional=("events",), entry_points=entry_points,
                 events=events)
    entry_points, events = t["entry_points"], t["events"]
    min_events = prep.check_count(min_events, "min_events", func)
    if stage is not None and stage not in ENTRY_WEIGHTS:
        raise ParameterError(f"{func}: stage must be 'new', 'established' or None, not {stage!r}")
    cols = {"community_id": "string", "stage": "string", "events": "int64", "entry_id": "string", "kind": "object",
            "name": "string", "daily_flow": "float64", "cost_per_visit": "float64", "value_score": "float64",
            "flow_pct": "float64", "low_cost_pct": "float64", "value_pct": "float64", "score": "float64",
            "rank": "int64", "advice": "string"}
    if entry_points.empty:
        return T.empty(cols)
    ep = entry_points.reset_index(drop=True)
    for c in ("kind", "name"):
        if c not in ep.columns:
            ep = ep.assign(**{c: pd.NA})
    n_events = pd.Series(0, index=ep.index, dtype="int64")
    if events is not None and len(events):
        per = events.groupby("community_id", observed=True).size()
        n_events = ep["community_id"].map(per).fillna(0).astype("int64")
    st = pd.Series(stage, index=ep.index, dtype="string") if stage is not None else \
        pd.Series(np.where(n_events >= min_events, "established", "new"), index=ep.index, dtype="string")
    g = ep.groupby("community_id", sort=False)
    flow = g["daily_flow"].rank(pct=True, method="average").astype("float64")
    cheap = g["cost_per_visit"].rank(pct=True, ascending=False, method="average").astype("float64")
    value = g["value_score"].rank(pct=True, method="average").astype("float64")
    w = pd.DataFrame([ENTRY_WEIGHTS[s] for s in st], index=ep.index)
    score = w["flow"] * flow + w["low_cost"] * cheap + w["value"] * value
    out = ep.assign(stage=st, events=n_events, flow_pct=flow, low_cost_pct=cheap, value_pct=value, score=score)
    out = out.sort_values(["community_id", "score", "daily_flow"], ascending=[True, False, False], kind="stable")
    out = out.assign(rank=out.groupby("community_id").cumcount().astype("int64") + 1)
    top = out["rank"] <= 2
    new = out["stage"] == "new"
    advice = np.select(
        [new & top, new & (out["value_pct"] > 2 / 3), ~new & top,
         ~new & (out["flow_pct"] > 2 / 3) & (out["low_cost_pct"] > 2 / 3)],
        ["enter_first", "high_value_later", "deepen", "keep_flow"], default="optional")
    out = out.assign(advice=advice)
    return out[list(cols)].astype({k: v for k, v in cols.items() if k not in ("kind",)}).reset_index(drop=True)

