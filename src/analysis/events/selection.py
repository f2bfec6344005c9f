"""The tables of one event for a report, and the small example of the docstrings."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis import prep
from analysis.errors import ParameterError
from analysis.report import say

__all__ = ["example_tables", "select_event", "event_focus"]

#: Tables restricted to the event by :func:`select_event` (the others are kept whole).
EVENT_TABLES = ("events", "event_targets", "invitations", "attendance", "leads", "survey_responses")


def example_tables() -> dict[str, pd.DataFrame]:
    """The small salon example of the docstrings: one event, three invitations, four check-ins.

    Returns
    -------
    dict of str to pandas.DataFrame
        New frames on every call (so an example may change them freely):

        - ``events``: salon ``E1`` on 2026-07-18 from 14:00 to 15:30, ``cost`` 600, ``planned_invites`` 3;
        - ``invitations``: staff ``S03`` and ``S04`` invited ``A`` and ``B``, partner ``PT01`` invited ``C``;
        - ``attendance``: ``A`` (customer, staff invite) came with ``G`` (brought along), ``C``
          came on the partner's invitation and ``W`` walked in; ``B`` did not come.

    Examples
    --------
    >>> from analysis.events import stranger_ratio
    >>> t = example_tables()
    >>> sorted(t)
    ['attendance', 'events', 'invitations']
    >>> stranger_ratio(t["attendance"])[["attendees", "strangers"]]
       attendees  strangers
    0          4          3
    """
    events = pd.DataFrame({"event_id": ["E1"], "kind": ["salon"], "starts_at": [pd.Timestamp("2026-07-18 14:00")],
                           "ends_at": [pd.Timestamp("2026-07-18 15:30")], "cost": [600.0], "planned_invites": [3]})
    invitations = pd.DataFrame({"event_id": "E1", "inviter_kind": ["staff", "staff", "partner"],
                                "inviter_id": ["S03", "S04", "PT01"], "person_id": ["A", "B", "C"]})
    attendance = pd.DataFrame({"event_id": "E1", "person_id": ["A", "G", "C", "W"],
                               "arrived_at": pd.to_datetime(["2026-07-18 13:50", "2026-07-18 13:50",
                                                             "2026-07-18 13:58", "2026-07-18 14:20"]),
                               "source": ["staff_invite", "brought_along", "partner_invite", "walk_in"],
                               "brought_by": [None, "A", None, None],
                               "is_bank_customer": [True, False, False, False],
                               "gender": ["female", "female", "male", "female"]})
    return {"events": events, "invitations": invitations, "attendance": attendance}


def select_event(scoped: Mapping[str, pd.DataFrame], event_id: str = "") -> dict[str, pd.DataFrame]:
    """The tables of one event (or all events when ``event_id`` is empty).

    Parameters
    ----------
    scoped : mapping of table name → DataFrame
        A branch's data (:func:`analysis.scope.for_branch`).
    event_id : str, default ""
        The event to report on; empty keeps every event of ``scoped``.

    Returns
    -------
    dict of str → DataFrame
        The same tables; ``events``, ``event_targets``, ``invitations``,
        ``attendance``, and the event-linked rows of ``leads`` and
        ``survey_responses`` restricted to the event. Other tables (staff,
        deals, people, group_members …) are kept whole, because sales within
        72 hours are found from the attendees, not from the deal's event. The
        result is a data set for every multi-table function of the domain
        (``events.event_figures(select_event(scoped, "B01-E03"))``).

    Raises
    ------
    ParameterError
        If ``event_id`` is not an event of ``scoped`` (the known ones are listed).

    Examples
    --------
    >>> import pandas as pd
    >>> tables = {"events": pd.DataFrame({"event_id": ["E1", "E2"]}),
    ...           "attendance": pd.DataFrame({"event_id": ["E1", "E1", "E2"], "person_id": ["A", "B", "C"]})}
    >>> select_event(tables, "E1")["attendance"]["person_id"].tolist()
    ['A', 'B']
    """
    out = dict(scoped)
    if not isinstance(event_id, str):
        raise ParameterError(f"select_event: event_id must be text such as 'B01-E03', got {event_id!r}.")
    if not event_id.strip():
        return out
    event_id = event_id.strip()
    known = scoped["events"]["event_id"].astype("string").str.strip()
    if event_id not in set(known.dropna()):
        raise ParameterError(f"select_event: event_id {event_id!r} is not an event of this branch and period; "
                             f"known events: {prep.show(sorted(known.dropna())) or 'none'}.")
    for name in EVENT_TABLES:
        df = scoped.get(name)
        if df is not None and "event_id" in df.columns:
            keep = (df["event_id"].astype("string").str.strip() == event_id).fillna(False).to_numpy(dtype=bool)
            out[name] = df.loc[keep].reset_index(drop=True)
    return out


def event_focus(tables: Mapping[str, pd.DataFrame], event_id: str = "", language: str = "zh") -> str:
    """What a report covers, for its header: the event id, or "all N events" when ``event_id`` is empty.

    Examples
    --------
    >>> event_focus(example_tables(), "", "en")
    'all 1 event(s)'
    >>> event_focus(example_tables(), "E1", "zh")
    'E1'
    """
    if isinstance(event_id, str) and event_id.strip():
        return event_id.strip()
    return say("events.focus.all", language, n=len(tables["events"]))
