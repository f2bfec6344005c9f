"""Invited vs attended: show-up rate by source, attendance over plan, gender split; the figures of each event."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.events import _tables as tb
from analysis.events._tables import SOURCE_OF_KIND, tidy
from analysis.events.chain import attendance_chain
from analysis.events.costs import sales_after_event
from analysis.events.strangers import stranger_ratio
from analysis.schemas import ATTENDANCE_SOURCES

__all__ = ["attendance_summary", "event_figures"]


@tidy
def attendance_summary(data=None, /, *, invitations: pd.DataFrame | None = None,
                       attendance: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                       level: float = rules.LEVEL) -> pd.DataFrame:
    """Invited vs arrived per event and source, show-up rate, attendance over plan, gender split.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or
        :func:`select_event`) supplying the tables not given by name.
    invitations : pandas.DataFrame
        The ``invitations`` table.
    attendance : pandas.DataFrame
        The ``attendance`` table.
    events : pandas.DataFrame
        The ``events`` table (``event_id``; ``planned_invites`` when present).
        Every event gets its rows, including events nobody came to.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        Per event five rows: the sources ``staff_invite``, ``partner_invite``,
        ``brought_along``, ``walk_in`` and ``all`` (the event total), with:

        - ``event_id``, ``source`` (str);
        - ``invited`` (int64): distinct people invited — by staff, by the
          partner, by guests (for brought_along); 0 for walk_in; all
          invitees on ``all``;
        - ``showed_up`` (int64): of the invited, those who checked in;
        - ``rate``, ``ci_low``, ``ci_high`` (float): show-up rate
          ``showed_up / invited`` with its Wilson interval (NaN if nobody was
          invited);
        - ``arrived`` (int64): attendees who came this way
          (:func:`attendance_chain` ``derived_source``); on ``walk_in`` the
          walk-ins, on ``all`` every attendee;
        - ``women``, ``men``, ``gender_unknown`` (int64): the gender split of
          ``arrived``;
        - ``strangers`` (int64): non-customers among ``arrived``;
        - ``planned_invites`` (float): the event's planned invitations (NaN if
          not planned), on ``all`` only;
        - ``over_plan`` (float): ``arrived / planned_invites`` on ``all``
          (the salon case: 38 / 30 = 1.27); NaN elsewhere.

    Notes
    -----
    Duplicate check-ins count once; an attendee recorded as invited but
    missing from the invitations counts as a walk-in (see
    :func:`attendance_chain`). An invitee who came counts as showed up
    whichever way they were recorded at the door.

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> s = attendance_summary(example_tables())
    >>> s[["source", "invited", "showed_up", "arrived", "women", "men", "over_plan"]]
               source  invited  showed_up  arrived  women  men  over_plan
    0    staff_invite        2          1        1      1    0        NaN
    1  partner_invite        1          1        1      0    1        NaN
    2   brought_along        0          0        1      1    0        NaN
    3         walk_in        0          0        1      1    0        NaN
    4             all        3          2        4      3    1   1.333333
    """
    func = "attendance_summary"
    t = prep.pick(data, func, required=("invitations", "attendance", "events"), invitations=invitations,
                  attendance=attendance, events=events)
    level = prep.check_level(level, func)
    ev = tb.events(t["events"], func)
    chain = attendance_chain(attendance=t["attendance"], invitations=t["invitations"])
    inv = tb.invitations(t["invitations"], func)
    inv = inv.assign(source=inv["inviter_kind"].map(SOURCE_OF_KIND).astype("string"))
    inv = inv.assign(came=tb.pairs_in(inv["event_id"], inv["person_id"], chain["event_id"], chain["person_id"]))
    sources = list(ATTENDANCE_SOURCES) + ["all"]
    grid = pd.MultiIndex.from_product([ev["event_id"].tolist(), sources], names=["event_id", "source"])

    by_source = inv.drop_duplicates(["event_id", "source", "person_id"]).groupby(["event_id", "source"])
    all_inv = inv.drop_duplicates(["event_id", "person_id"]).groupby("event_id")
    invited = pd.concat([by_source.size(), all_inv.size().to_frame().assign(source="all")
                        .set_index("source", append=True)[0]])
    showed = pd.concat([by_source["came"].sum(), all_inv["came"].sum().to_frame().assign(source="all")
                       .set_index("source", append=True)["came"]])
    g = chain.assign(source=chain["derived_source"], women=(chain["gender"] == "female").fillna(False),
                     men=(chain["gender"] == "male").fillna(False), gender_unknown=chain["gender"].isna())
    cols = {"arrived": ("person_id", "size"), "women": ("women", "sum"), "men": ("men", "sum"),
            "gender_unknown": ("gender_unknown", "sum"), "strangers": ("stranger", "sum")}
    arr = g.groupby(["event_id", "source"]).agg(**cols)
    arr_all = g.groupby("event_id").agg(**cols).assign(source="all").set_index("source", append=True)
    arr = pd.concat([arr, arr_all])
    out = pd.DataFrame(index=grid).join(invited.rename("invited")).join(showed.rename("showed_up")).join(arr)
    out = out.reset_index()
    counts = ["invited", "showed_up", "arrived", "women", "men", "gender_unknown", "strangers"]
    out = out.assign(**{c: tb.as_int(out[c]) for c in counts})
    out = tb.with_rate(out, "showed_up", "invited", level)
    planned = (ev.set_index("event_id")["planned_invites"].astype("Float64").astype(float)
               if "planned_invites" in ev.columns else pd.Series(np.nan, index=ev["event_id"]))
    is_all = (out["source"] == "all").to_numpy()
    plan = np.where(is_all, out["event_id"].map(planned).to_numpy(dtype=float), np.nan)
    out = out.assign(event_id=out["event_id"].astype("string"), source=out["source"].astype("string"),
                     planned_invites=plan, over_plan=np.where(is_all, tb.ratio(out["arrived"], plan), np.nan))
    return out[["event_id", "source", "invited", "showed_up", "rate", "ci_low", "ci_high", "arrived", "women", "men",
                "gender_unknown", "strangers", "planned_invites", "over_plan"]]


@tidy
def event_figures(data=None, /, *, events: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
             invitations: pd.DataFrame | None = None, deals: pd.DataFrame | None = None,
             level: float = rules.LEVEL, standard: float = rules.STRANGER_RATIO_STANDARD,
             window_hours: float = rules.SALES_WINDOW_HOURS) -> pd.DataFrame:
    """The figures of each event, one row per event (sorted by start): the per-event table of the report.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or
        :func:`select_event`) supplying the tables not given by name.
    events, attendance, invitations : pandas.DataFrame
        The contract's tables.
    deals : pandas.DataFrame, optional
        The ``deals`` table, for the sales within ``window_hours``.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
    standard : float, default :data:`analysis.rules.STRANGER_RATIO_STANDARD` (0.70)
    window_hours : float, default :data:`analysis.rules.SALES_WINDOW_HOURS` (72)

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``event_label`` (id and theme), ``kind``, ``theme``,
        ``starts_at``, ``planned_invites`` (float), ``invitations`` (int64,
        distinct invitees), ``attendees`` (int64), ``over_plan`` (float),
        ``women``, ``men``, ``strangers`` (int64), ``rate``, ``ci_low``,
        ``ci_high`` (stranger ratio and its Wilson interval),
        ``below_standard`` (bool), ``deals`` (int64), ``amount`` (float: sales
        to attendees within the window, :func:`sales_after_event`), ``cost``,
        ``cost_per_attendee`` (float).

    Examples
    --------
    The salon case of the sample data:

    >>> from analysis.sample import make_sample
    >>> t = make_sample(0, branches=1)
    >>> h = event_figures(t)
    >>> salon = h.loc[h["event_id"] == "B01-E03"].iloc[0]
    >>> [int(salon[c]) for c in ("attendees", "women", "men", "strangers")], round(float(salon["rate"]), 4)
    ([38, 30, 8, 31], 0.8158)
    """
    func = "event_figures"
    t = prep.pick(data, func, required=("events", "attendance", "invitations"), optional=("deals",), events=events,
                  attendance=attendance, invitations=invitations, deals=deals)
    level = prep.check_level(level, func)
    standard = prep.check_fraction(standard, "standard", func)
    ev = tb.events(t["events"], func, ("event_id", "kind", "starts_at"))
    summ = attendance_summary(invitations=t["invitations"], attendance=t["attendance"], events=ev, level=level)
    tot = summ.loc[summ["source"] == "all"].set_index("event_id")
    ratio = stranger_ratio(t["attendance"], "event_id", level, standard).set_index("event_id")
    ratio = ratio.reindex(ev["event_id"])
    if t["deals"] is not None:
        sales = sales_after_event(events=ev, attendance=t["attendance"], deals=t["deals"], window_hours=window_hours,
                                  level=level)
        sales = sales.groupby("event_id")[["deals", "amount"]].sum()
    else:
        sales = pd.DataFrame({"deals": [], "amount": []}, index=pd.Index([], dtype="string", name="event_id"))
    ids = ev["event_id"]
    theme = ev["theme"].astype("string") if "theme" in ev.columns else pd.Series(pd.NA, index=ev.index,
                                                                                    dtype="string")
    cost = ev["cost"].astype(float) if "cost" in ev.columns else pd.Series(np.nan, index=ev.index)
    attendees = tb.as_int(ids.map(tot["arrived"]))
    out = pd.DataFrame({
        "event_id": ids.to_numpy(),
        "event_label": (ids + " " + theme.fillna("")).str.strip().to_numpy(),
        "kind": ev["kind"].astype("string").to_numpy(),
        "theme": theme.to_numpy(),
        "starts_at": ev["starts_at"].to_numpy(),
        "planned_invites": ids.map(tot["planned_invites"]).to_numpy(dtype=float),
        "invitations": tb.as_int(ids.map(tot["invited"])),
        "attendees": attendees,
        "over_plan": ids.map(tot["over_plan"]).to_numpy(dtype=float),
        "women": tb.as_int(ids.map(tot["women"])),
        "men": tb.as_int(ids.map(tot["men"])),
        "strangers": tb.as_int(ids.map(tot["strangers"])),
        "rate": ratio["rate"].to_numpy(dtype=float),
        "ci_low": ratio["ci_low"].to_numpy(dtype=float),
        "ci_high": ratio["ci_high"].to_numpy(dtype=float),
        "below_standard": ratio["below_standard"].fillna(False).to_numpy(dtype=bool),
        "deals": tb.as_int(ids.map(sales["deals"])),
        "amount": ids.map(sales["amount"]).fillna(0.0).to_numpy(dtype=float),
        "cost": cost.to_numpy(dtype=float),
        "cost_per_attendee": tb.ratio(cost, attendees),
    })
    out = out.astype({"event_id": "string", "event_label": "string", "kind": "string", "theme": "string"})
    return out.sort_values(["starts_at", "event_id"], kind="stable").reset_index(drop=True)

