"""The shared preparation of the reach domain: its tables, the branch scope, touches and first touches.

A **touch** is any recorded moment the branch met a person: an answer sheet (``survey``), a check-in
(``event``), an invitation (``invitation``), joining a WeChat group (``group``), a lead (``lead``), a
referral (``referral``) and the opening of an account (``account`` — the smart-community platform or a
fruit seller's place may be the first time the bank sees someone). The **first touch** is a person's
earliest; its ``placement_id`` says which publicity placement brought it, when recorded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError

__all__ = ["REPORT_TABLES", "TOUCH_SOURCES", "PRIOR_TOUCH_CHANNELS", "for_branch", "touches", "first_touches",
           "check_accounts", "tables"]

#: The tables the reach report reads (``load_dataset(..., tables=REPORT_TABLES)``).
REPORT_TABLES: tuple[str, ...] = (
    "branches", "staff", "communities", "entry_points", "people", "survey_responses", "events", "invitations",
    "attendance", "leads", "wechat_groups", "group_members", "deals", "partners", "campaigns", "placements",
    "accounts", "referrals")
#: Sources of a touch, in the order a tie at the same moment is resolved.
TOUCH_SOURCES: tuple[str, ...] = ("survey", "event", "invitation", "group", "lead", "referral", "account")
#: Account channels that say the branch met the person before the opening: such an account opened before the
#: person's first touch is an error (rule ``account_before_first_contact``).
PRIOR_TOUCH_CHANNELS: tuple[str, ...] = ("event", "group", "referral")
_OPTIONAL = ("survey_responses", "events", "invitations", "attendance", "leads", "wechat_groups", "group_members",
             "deals", "partners", "campaigns", "placements", "accounts", "referrals", "entry_points", "staff", "people",
             "communities")


def tables(data, func: str, required=(), optional=_OPTIONAL, **given) -> dict:
    """:func:`analysis.prep.pick` with the reach tables; empty optional tables become None."""
    t = prep.pick(data, func, required=required, optional=[o for o in optional if o not in required], **given)
    return {k: (v if v is not None and (len(v) or k in required) else None) for k, v in t.items()}


def for_branch(ds, branch_id: str, period_start=None, period_end=None):
    """:func:`analysis.scope.for_branch` (which scopes the reach tables as well), with every reach table present.

    Partners: the branch's, and those its events, accounts or campaigns name; campaigns: the branch's that
    overlap the period; placements: in the branch's communities; accounts: opened at the branch in the
    period; referrals: of the branch's campaigns, or by people the branch holds, in the period. People:
    also those the accounts and referrals name (an employer's staff opening payroll accounts live anywhere).
    A table the data set lacks is an empty frame of the contract.
    """
    from analysis.schemas import empty_frame
    from analysis.scope import for_branch as scope_branch

    out = scope_branch(ds, branch_id, period_start, period_end)
    for name in ("campaigns", "accounts", "referrals", "placements", "partners"):
        if name not in out:
            out[name] = empty_frame(name)
    return out


def _part(df, func, table, person, time, source, detail=None, extra=None) -> pd.DataFrame | None:
    if df is None or not len(df):
        return None
    prep.require_frame(df, table, [person, time], func)
    cols = {"person_id": prep.ids(df, table, person, func, required=False),
            "touched_at": prep.times(df, table, time, func),
            "source": pd.Series(source, index=df.index, dtype="string"),
            "channel": (df[detail].astype("string") if detail and detail in df.columns
                        else pd.Series(source, index=df.index, dtype="string")),
            "placement_id": prep.ids(df, table, "placement_id", func, required=False),
            "event_id": prep.ids(df, table, "event_id", func, required=False)}
    out = pd.DataFrame(cols)
    if extra is not None:
        out["channel"] = extra.astype("string")
    return out.loc[out["person_id"].notna() & out["touched_at"].notna()]


def touches(data=None, /, *, survey_responses=None, attendance=None, invitations=None, group_members=None,
            leads=None, referrals=None, accounts=None, events=None) -> pd.DataFrame:
    """Every recorded touch of a person: one row per answer sheet, check-in, invitation, group join, lead,
    referral and account opening.

    Returns
    -------
    pandas.DataFrame
        ``person_id``, ``touched_at`` (naive local time), ``source`` (:data:`TOUCH_SOURCES`), ``channel`` (the
        survey channel, the kind of event, the account channel; else the source), ``placement_id`` (the
        publicity placement that brought it, when recorded), ``event_id``. Sorted by person, time and source.
    """
    func = "touches"
    t = tables(data, func, optional=("survey_responses", "attendance", "invitations", "group_members", "leads",
                                     "referrals", "accounts", "events"),
               survey_responses=survey_responses, attendance=attendance, invitations=invitations,
               group_members=group_members, leads=leads, referrals=referrals, accounts=accounts, events=events)
    ev_kind = None
    if t["events"] is not None and t["attendance"] is not None:
        kinds = pd.Series(t["events"]["kind"].astype("string").to_numpy(), index=t["events"]["event_id"].astype(str))
        ev_kind = prep.lookup(t["attendance"]["event_id"].astype(str), kinds)
    parts = [
        _part(t["survey_responses"], func, "survey_responses", "person_id", "submitted_at", "survey", "channel"),
        _part(t["attendance"], func, "attendance", "person_id", "arrived_at", "event", extra=ev_kind),
        _part(t["invitations"], func, "invitations", "person_id", "invited_at", "invitation", "inviter_kind"),
        _part(t["group_members"], func, "group_members", "person_id", "joined_at", "group", "join_channel"),
        _part(t["leads"], func, "leads", "person_id", "captured_at", "lead"),
        _part(t["referrals"], func, "referrals", "person_id", "referred_at", "referral"),
        _part(t["accounts"], func, "accounts", "person_id", "opened_at", "account", "channel"),
    ]
    parts = [p for p in parts if p is not None]
    if not parts:
        return pd.DataFrame({"person_id": pd.Series([], dtype="string"), "touched_at": pd.Series([], dtype="datetime64[ns]"),
                             "source": pd.Series([], dtype="string"), "channel": pd.Series([], dtype="string"),
                             "placement_id": pd.Series([], dtype="string"), "event_id": pd.Series([], dtype="string")})
    out = pd.concat(parts, ignore_index=True)
    order = {s: i for i, s in enumerate(TOUCH_SOURCES)}
    out = out.assign(_o=out["source"].map(order)).sort_values(["person_id", "touched_at", "_o"], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)


def first_touches(data=None, /, *, people=None, **given) -> pd.DataFrame:
    """Each person's first touch, with their community and whether they were a customer at first contact.

    Parameters
    ----------
    data : mapping, optional
        A data set supplying the touch tables (see :func:`touches`) and ``people``.

    Returns
    -------
    pandas.DataFrame
        One row per person with a touch: ``person_id``, ``community_id``, ``is_bank_customer`` (boolean, at
        first contact; missing when unknown), ``first_touch_at``, ``first_source``, ``first_channel``,
        ``placement_id``, ``event_id`` (of the first touch), ``first_contact_at`` (earliest touch other than an
        account opening; NaT when the opening is the only one).
    """
    func = "first_touches"
    t = prep.pick(data, func, optional=("people",), people=people)
    tt = touches(data, **given)
    first = tt.drop_duplicates("person_id", keep="first").rename(
        columns={"touched_at": "first_touch_at", "source": "first_source", "channel": "first_channel"})
    contact = tt.loc[tt["source"] != "account"].groupby("person_id")["touched_at"].min()
    first = first.assign(first_contact_at=prep.lookup(first["person_id"], contact).astype("datetime64[ns]"))
    ppl = t["people"]
    if ppl is not None and len(ppl):
        pid = prep.ids(ppl, "people", "person_id", func)
        comm = pd.Series(prep.ids(ppl, "people", "community_id", func, required=False).to_numpy(), index=pid.to_numpy())
        cust = pd.Series(ppl["is_bank_customer"].astype("boolean").to_numpy(), index=pid.to_numpy()) \
            if "is_bank_customer" in ppl.columns else pd.Series(pd.NA, index=pid.to_numpy(), dtype="boolean")
        comm, cust = comm[~comm.index.duplicated()], cust[~cust.index.duplicated()]
        first = first.assign(community_id=prep.lookup(first["person_id"], comm).astype("string"),
                             is_bank_customer=prep.lookup(first["person_id"], cust).astype("boolean"))
    else:
        first = first.assign(community_id=pd.Series(pd.NA, index=first.index, dtype="string"),
                             is_bank_customer=pd.Series(pd.NA, index=first.index, dtype="boolean"))
    cols = ["person_id", "community_id", "is_bank_customer", "first_touch_at", "first_source", "first_channel",
            "placement_id", "event_id", "first_contact_at"]
    return first[cols].reset_index(drop=True)


def check_accounts(accounts: pd.DataFrame, first: pd.DataFrame, func: str) -> None:
    """The contract's rule across tables that the loader cannot apply (first contact comes from many tables).

    An account of a person who was not a customer at first contact, opened through a channel that says the
    branch met them before (:data:`PRIOR_TOUCH_CHANNELS`: event, group, referral), on a day before the person's
    first contact is a DataError (table accounts, column opened_at, rule ``account_before_first_contact``).
    """
    if accounts is None or not len(accounts) or first is None or not len(first):
        return
    prep.require_frame(accounts, "accounts", ["person_id", "opened_at", "channel"], func)
    opened = prep.times(accounts, "accounts", "opened_at", func, key=("account_id", "person_id"), required=True)
    pid = prep.ids(accounts, "accounts", "person_id", func, key=("account_id",))
    fc = pd.Series(first["first_contact_at"].to_numpy(), index=first["person_id"].astype(str).to_numpy())
    cust = pd.Series(first["is_bank_customer"].astype("boolean").to_numpy(), index=fc.index)
    contact = prep.lookup(pid, fc).astype("datetime64[ns]")
    was_cust = prep.lookup(pid, cust).astype("boolean").fillna(False).to_numpy(dtype=bool)
    prior = accounts["channel"].astype("string").isin(PRIOR_TOUCH_CHANNELS).fillna(False).to_numpy(dtype=bool)
    bad = prior & ~was_cust & (opened.dt.normalize() < contact.dt.normalize()).fillna(False).to_numpy(dtype=bool)
    if bad.any():
        raise prep.mask_error(func, "accounts", "opened_at", "account_before_first_contact", accounts, bad,
                              "the account is opened before the person's first contact (a check-in, an invitation, a "
                              "group join, a lead or a referral), yet its channel says the branch met them first; "
                              "check opened_at or the channel", key=("account_id", "person_id"))


def households(communities: pd.DataFrame, func: str) -> pd.Series:
    """community_id → households, refusing a missing or non-positive count (it is the denominator of reach)."""
    prep.require_frame(communities, "communities", ["community_id", "households"], func)
    cid = prep.ids(communities, "communities", "community_id", func)
    hh = pd.to_numeric(communities["households"], errors="coerce").astype("float64")
    bad = (hh.isna() | (hh <= 0)).to_numpy()
    if bad.any():
        raise prep.mask_error(func, "communities", "households", "households_positive", communities, bad,
                              "households must be a whole number of at least 1: it is the denominator of reach",
                              key=("community_id",))
    return pd.Series(hh.to_numpy(), index=cid.to_numpy())


def check_period(period_start, period_end, func: str):
    from analysis.scope import parse_period

    try:
        return parse_period(period_start, period_end)
    except ParameterError as exc:
        raise ParameterError(f"{func}: {exc}") from None


def in_period(s: pd.Series, start, end) -> np.ndarray:
    keep = np.ones(len(s), dtype=bool)
    if start is not None:
        keep &= (s >= start).fillna(False).to_numpy(dtype=bool)
    if end is not None:
        keep &= (s <= end).fillna(False).to_numpy(dtype=bool)
    return keep


def wilson(successes, trials, level: float = rules.LEVEL) -> pd.DataFrame:
    """Rates with Wilson intervals: :func:`analysis.stats.proportion` (which also takes no groups at all)."""
    from analysis.stats import proportion

    return proportion(successes, trials, level=level)