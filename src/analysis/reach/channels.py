"""Publicity placements as channels of first touch (issue 16 item 6): which placement brought first contacts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.reach._tables import first_touches, tables, wilson

__all__ = ["placement_first_contacts"]
_TOUCH = ("survey_responses", "attendance", "invitations", "group_members", "leads", "referrals", "accounts", "events")


def placement_first_contacts(data=None, /, *, placements=None, people=None, by="placement",
                             level: float = rules.LEVEL, **given) -> pd.DataFrame:
    """First contacts each publicity placement brought, as a share of the community's first contacts.

    Parameters
    ----------
    by : {"placement", "kind"}
        One row per placement, or per kind of placement (lift screens, notice boards …) summed.

    Returns
    -------
    pandas.DataFrame
        ``placement_id``, ``community_id``, ``kind`` (``kind`` only with ``by="kind"``), ``first_contacts``
        (people whose first touch carries the placement), ``community_first_contacts`` (all first contacts of
        the community, or of the placements' communities for a kind), ``rate``, ``ci_low``, ``ci_high`` (share,
        Wilson), ``new_customers`` (of those first contacts, not customers then, with an account), ``cost``,
        ``cost_per_first_contact``. Most first contacts first.
    """
    func = "placement_first_contacts"
    t = tables(data, func, required=("placements", "people"), placements=placements, people=people, **given)
    prep.check_level(level, func)
    if by not in ("placement", "kind"):
        from analysis.errors import ParameterError
        raise ParameterError(f"{func}: by must be 'placement' or 'kind', got {by!r}.")
    pl = t["placements"]
    prep.require_frame(pl, "placements", ["placement_id", "community_id", "kind"], func)
    first = first_touches(t, people=t["people"], **{k: t[k] for k in _TOUCH})
    acc = set(t["accounts"]["person_id"].astype(str)) if t["accounts"] is not None else set()
    first = first.assign(new=((first["is_bank_customer"] == False).fillna(False)  # noqa: E712
                              & first["person_id"].isin(acc)).to_numpy(dtype=bool))
    per_comm = first.dropna(subset=["community_id"]).groupby("community_id").size()
    hits = first.dropna(subset=["placement_id"]).groupby("placement_id").agg(first_contacts=("person_id", "size"),
                                                                              new_customers=("new", "sum"))
    ids = pl["placement_id"].astype(str).to_numpy()
    out = pd.DataFrame({"placement_id": ids, "community_id": pl["community_id"].astype("string").to_numpy(),
                        "kind": pl["kind"].astype("string").to_numpy(),
                        "first_contacts": hits["first_contacts"].reindex(ids, fill_value=0).to_numpy().astype(np.int64),
                        "new_customers": hits["new_customers"].reindex(ids, fill_value=0).to_numpy().astype(np.int64),
                        "cost": pd.to_numeric(pl["cost"], errors="coerce").to_numpy(dtype=float)
                        if "cost" in pl.columns else np.nan})
    out["community_first_contacts"] = out["community_id"].map(per_comm).fillna(0).astype(np.int64)
    if by == "kind":
        comm_total = out.drop_duplicates(["kind", "community_id"]).groupby("kind")["community_first_contacts"].sum()
        out = out.groupby("kind", sort=True).agg(placements=("placement_id", "size"),
                                                 first_contacts=("first_contacts", "sum"),
                                                 new_customers=("new_customers", "sum"), cost=("cost", "sum")).reset_index()
        out["community_first_contacts"] = out["kind"].map(comm_total).fillna(0).astype(np.int64)
        out["community_first_contacts"] = np.maximum(out["community_first_contacts"], out["first_contacts"])
    p = wilson(out["first_contacts"].to_numpy(dtype=np.int64),
                   out["community_first_contacts"].to_numpy(dtype=np.int64), level)
    out = out.assign(rate=p["rate"].to_numpy(), ci_low=p["ci_low"].to_numpy(), ci_high=p["ci_high"].to_numpy())
    out["cost_per_first_contact"] = np.where(out["first_contacts"] > 0,
                                             out["cost"] / out["first_contacts"].clip(lower=1), np.nan)
    key = "kind" if by == "kind" else "placement_id"
    out = out.sort_values(["first_contacts", key], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out.astype({c: "string" for c in ("placement_id", "community_id", "kind") if c in out.columns})
