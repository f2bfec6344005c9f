"""The recording habit (记录习惯): does every visitor talked to leave a record, does every gift have one?

Every visitor a receiver talks to should leave a record — a questionnaire (``survey_responses`` with
the event) or a customer-information sheet (``visitor_records``) — with needs and products of
interest; staff who jot things on slips lose them. A gift handed out (``attendance.gift``) without a
record is a lost contact. And a lead's first follow-up goes better with a record to start from.

- :func:`visitor_records_at` — every record kept at an event, one table (who, whom, when, which kind);
- :func:`recording_rate` — per event: visitors, visitors with a record (Wilson interval);
- :func:`gifts_without_record` — per event: gifts handed out, and those with no record (lost contacts);
- :func:`recording_by_receiver` — per event and receiver on duty: visitors, recorded, gifts;
- :func:`lead_records` — the share of leads whose first follow-up had a record to start from;
- :func:`recording_text` — the answer of the section in one sentence.

A visitor "has a record" when a record of the event names them (``person_id``); anonymous sheets
count as records but cannot be matched to a visitor.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.events import _tables as tb
from analysis.events._tables import tidy
from analysis.report import say

__all__ = ["visitor_records_at", "recording_rate", "gifts_without_record", "recording_by_receiver", "lead_records",
           "recording_text"]


def _visits(t: dict, func: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Events, their check-ins with ``recorded`` (bool) and ``gift`` (boolean), and their records."""
    ev = tb.events(t["events"], func)
    att = tb.checkins(t["attendance"], func)
    att = att.loc[att["event_id"].isin(ev["event_id"]).to_numpy()].reset_index(drop=True)
    rec = tb.records(t.get("survey_responses"), t.get("visitor_records"), func)
    rec = rec.loc[rec["event_id"].isin(ev["event_id"]).to_numpy()].reset_index(drop=True)
    named = rec.loc[rec["person_id"].notna().to_numpy()]
    att = att.assign(recorded=tb.pairs_in(att["event_id"], att["person_id"], named["event_id"], named["person_id"]),
                     gift=tb.flags(att, "gift", func))
    return ev, att, rec


@tidy
def visitor_records_at(data=None, /, *, events: pd.DataFrame | None = None,
                       survey_responses: pd.DataFrame | None = None,
                       visitor_records: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every record kept at the events: questionnaires and information sheets, one row each.

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``person_id`` (empty for an anonymous sheet), ``staff_id`` (who wrote it,
        when recorded), ``recorded_at``, ``record_kind`` (``survey`` or ``info_sheet``), sorted by
        event and time; only records of the events in ``events``.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1"]})
    >>> vr = pd.DataFrame({"record_id": ["V1"], "event_id": ["E1"], "person_id": ["A"], "staff_id": ["S1"],
    ...                    "recorded_at": [pd.Timestamp("2026-07-18 14:05")]})
    >>> visitor_records_at(events=ev, visitor_records=vr)[["person_id", "staff_id", "record_kind"]]
      person_id staff_id record_kind
    0         A       S1  info_sheet
    """
    func = "visitor_records_at"
    t = prep.pick(data, func, required=("events",), optional=("survey_responses", "visitor_records"), events=events,
                  survey_responses=survey_responses, visitor_records=visitor_records)
    ev = tb.events(t["events"], func)
    rec = tb.records(t["survey_responses"], t["visitor_records"], func)
    rec = rec.loc[rec["event_id"].isin(ev["event_id"]).to_numpy()]
    return rec.sort_values(["event_id", "recorded_at"], kind="stable", na_position="last").reset_index(drop=True)


@tidy
def recording_rate(data=None, /, *, events: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
                   survey_responses: pd.DataFrame | None = None, visitor_records: pd.DataFrame | None = None,
                   pooled: bool = False, level: float = rules.LEVEL) -> pd.DataFrame:
    """Per event: visitors and how many of them left a record (questionnaire or information sheet).

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or :func:`select_event`).
    events, attendance : pandas.DataFrame
        The contract's tables; every event of ``events`` gets a row.
    survey_responses, visitor_records : pandas.DataFrame, optional
        The records (at least one of them to have any).
    pooled : bool, default False
        One row for all the events together (``event_id`` = ``all``).
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``visitors`` (int64: distinct attendees), ``recorded`` (int64: visitors named
        by a record of the event), ``rate``, ``ci_low``, ``ci_high`` (recorded / visitors, Wilson),
        ``records`` (int64: every record of the event, anonymous ones included).

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> t["visitor_records"] = pd.DataFrame({"record_id": ["V1", "V2"], "event_id": "E1", "person_id": ["A", None],
    ...     "staff_id": "S05", "recorded_at": pd.to_datetime(["2026-07-18 14:05", "2026-07-18 14:30"])})
    >>> recording_rate(t)[["visitors", "recorded", "rate", "records"]]
       visitors  recorded  rate  records
    0         4         1  0.25        2
    """
    func = "recording_rate"
    t = prep.pick(data, func, required=("events", "attendance"), optional=("survey_responses", "visitor_records"),
                  events=events, attendance=attendance, survey_responses=survey_responses,
                  visitor_records=visitor_records)
    level = prep.check_level(level, func)
    ev, att, rec = _visits(t, func)
    ids = pd.Series(["all"], dtype="string") if pooled else ev["event_id"]
    key_att = pd.Series("all", index=att.index) if pooled else att["event_id"]
    key_rec = pd.Series("all", index=rec.index) if pooled else rec["event_id"]
    out = pd.DataFrame({"event_id": ids.to_numpy(),
                        "visitors": tb.as_int(ids.map(att.groupby(key_att).size())),
                        "recorded": tb.as_int(ids.map(att.groupby(key_att)["recorded"].sum())),
                        "records": tb.as_int(ids.map(rec.groupby(key_rec).size()))})
    out = tb.with_rate(out.astype({"event_id": "string"}), "recorded", "visitors", level)
    return out[["event_id", "visitors", "recorded", "rate", "ci_low", "ci_high", "records"]]


@tidy
def gifts_without_record(data=None, /, *, events: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
                         survey_responses: pd.DataFrame | None = None, visitor_records: pd.DataFrame | None = None,
                         pooled: bool = False, level: float = rules.LEVEL) -> pd.DataFrame:
    """Per event: gifts handed out and how many went to a visitor who left no record (a lost contact).

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or :func:`select_event`).
    events, attendance : pandas.DataFrame
        The contract's tables; ``attendance.gift`` says who took a gift home.
    survey_responses, visitor_records : pandas.DataFrame, optional
        The records.
    pooled : bool, default False
        One row for all the events together (``event_id`` = ``all``).
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        Per event with gifts recorded (an event whose attendance says nothing about gifts has no
        row): ``event_id``, ``gifts`` (int64: visitors who took a gift), ``gifts_lost`` (int64: of
        them, with no record), ``rate``, ``ci_low``, ``ci_high`` (gifts_lost / gifts, Wilson).

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> t["attendance"] = t["attendance"].assign(gift=[True, True, False, True])
    >>> t["visitor_records"] = pd.DataFrame({"record_id": ["V1"], "event_id": ["E1"], "person_id": ["A"],
    ...     "staff_id": ["S05"], "recorded_at": [pd.Timestamp("2026-07-18 14:05")]})
    >>> gifts_without_record(t)[["gifts", "gifts_lost", "rate"]]
       gifts  gifts_lost      rate
    0      3           2  0.666667
    """
    func = "gifts_without_record"
    t = prep.pick(data, func, required=("events", "attendance"), optional=("survey_responses", "visitor_records"),
                  events=events, attendance=attendance, survey_responses=survey_responses,
                  visitor_records=visitor_records)
    level = prep.check_level(level, func)
    ev, att, _rec = _visits(t, func)
    known = att.loc[att["gift"].notna().to_numpy()]
    ids = ev["event_id"].loc[ev["event_id"].isin(known["event_id"]).to_numpy()]
    gift = known["gift"].astype(bool).to_numpy()
    lost = gift & ~known["recorded"].to_numpy(dtype=bool)
    key = known["event_id"].to_numpy()
    if pooled:
        ids = pd.Series(["all"] if len(known) else [], dtype="string")
        key = np.full(len(known), "all", dtype=object)
    g = pd.DataFrame({"k": key, "gift": gift.astype(np.int64), "lost": lost.astype(np.int64)}).groupby("k").sum()
    out = pd.DataFrame({"event_id": ids.to_numpy(), "gifts": tb.as_int(ids.map(g["gift"])),
                        "gifts_lost": tb.as_int(ids.map(g["lost"]))}).astype({"event_id": "string"})
    return tb.with_rate(out.reset_index(drop=True), "gifts_lost", "gifts", level)


@tidy
def recording_by_receiver(data=None, /, *, events: pd.DataFrame | None = None,
                          attendance: pd.DataFrame | None = None, event_staff: pd.DataFrame | None = None,
                          survey_responses: pd.DataFrame | None = None, visitor_records: pd.DataFrame | None = None,
                          level: float = rules.LEVEL) -> pd.DataFrame:
    """Per event and receiver (接待): the visitors who arrived on their watch, recorded or not, and the gifts.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or :func:`select_event`).
    events, attendance, event_staff : pandas.DataFrame
        The contract's tables; receivers are ``event_staff`` rows with role ``receiver``.
    survey_responses, visitor_records : pandas.DataFrame, optional
        The records.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        Per event with a roster: one row per receiver (``duty`` = ``receiver``) with the visitors
        who arrived while they were the only receiver on duty, a row ``shared`` for visitors who
        arrived while several receivers were on duty, and a row ``none`` for those who arrived while
        nobody was (the last two only when they have visitors); columns ``event_id``, ``duty``,
        ``staff_id`` (empty on shared/none), ``visitors``, ``recorded`` (int64: of them, with a
        record of the event by anyone), ``rate``, ``ci_low``, ``ci_high`` (Wilson), ``records_written``
        (int64: records this receiver wrote at the event, any time; 0 on shared/none), ``gifts`` and
        ``gifts_lost`` (int64: gifts to those visitors, and of them with no record).

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> t["event_staff"] = pd.DataFrame({"event_id": "E1", "staff_id": ["S05", "S06"], "role": "receiver",
    ...     "from_at": pd.to_datetime(["2026-07-18 13:30", "2026-07-18 14:30"]),
    ...     "to_at": pd.to_datetime(["2026-07-18 14:30", "2026-07-18 15:30"])})
    >>> t["visitor_records"] = pd.DataFrame({"record_id": ["V1"], "event_id": ["E1"], "person_id": ["W"],
    ...     "staff_id": ["S05"], "recorded_at": [pd.Timestamp("2026-07-18 14:25")]})
    >>> recording_by_receiver(t)[["duty", "staff_id", "visitors", "recorded", "records_written"]]
           duty staff_id  visitors  recorded  records_written
    0  receiver      S05         4         1                1
    1  receiver      S06         0         0                0
    """
    func = "recording_by_receiver"
    t = prep.pick(data, func, required=("events", "attendance", "event_staff"),
                  optional=("survey_responses", "visitor_records"), events=events, attendance=attendance,
                  event_staff=event_staff, survey_responses=survey_responses, visitor_records=visitor_records)
    level = prep.check_level(level, func)
    ev, att, rec = _visits(t, func)
    es = tb.event_staff(t["event_staff"], func)
    # each table split by event once (row positions), then a loop over events on their own rows
    recv_all = es.loc[(es["role"] == "receiver").fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)
    r_from, r_to = list(recv_all["from_at"]), list(recv_all["to_at"])
    r_staff = recv_all["staff_id"].to_numpy(dtype=object)
    r_at = tb.positions(recv_all["event_id"])
    a_time = att["arrived_at"].to_numpy(dtype="datetime64[ns]")
    a_gift = att["gift"].fillna(False).to_numpy(dtype=bool)
    a_rec = att["recorded"].to_numpy(dtype=bool)
    a_at = tb.positions(att["event_id"])
    written = rec.groupby(["event_id", "staff_id"]).size().to_dict() if len(rec) else {}
    none = np.zeros(0, dtype=np.int64)
    rows = []
    for eid in ev["event_id"].loc[ev["event_id"].isin(es["event_id"]).to_numpy()]:  # each on its own rows
        ri, ai = r_at.get(eid, none), a_at.get(eid, none)
        arr, gifts_of, recorded_of = a_time[ai], a_gift[ai], a_rec[ai]
        on = np.zeros((len(ri), len(ai)), dtype=bool)
        for i, j in enumerate(ri):
            on[i] = (arr >= np.datetime64(r_from[j])) & (arr <= np.datetime64(r_to[j]))
        staff_ids = r_staff[ri]
        people = {s: np.zeros(len(ai), dtype=bool) for s in dict.fromkeys(staff_ids)}
        sole = on.sum(axis=0) == 1
        for i, s in enumerate(staff_ids):
            people[s] |= on[i] & sole
        groups = [("receiver", s, m) for s, m in people.items()]
        groups += [("shared", pd.NA, on.sum(axis=0) > 1), ("none", pd.NA, on.sum(axis=0) == 0)]
        for duty, s, m in groups:
            if duty != "receiver" and not m.any():
                continue
            gift, recorded = gifts_of[m], recorded_of[m]
            rows.append({"event_id": eid, "duty": duty, "staff_id": s, "visitors": int(m.sum()),
                         "recorded": int(recorded.sum()),
                         "records_written": int(written.get((eid, s), 0)) if duty == "receiver" else 0,
                         "gifts": int(gift.sum()),
                         "gifts_lost": int((gift & ~recorded).sum())})
    cols = {"event_id": "string", "duty": "string", "staff_id": "string", "visitors": np.int64, "recorded": np.int64,
            "records_written": np.int64, "gifts": np.int64, "gifts_lost": np.int64}
    out = (pd.DataFrame(rows).astype(cols) if rows
           else pd.DataFrame({c: pd.Series([], dtype=d) for c, d in cols.items()}))
    out = tb.with_rate(out.reset_index(drop=True), "recorded", "visitors", level)
    return out[["event_id", "duty", "staff_id", "visitors", "recorded", "rate", "ci_low", "ci_high", "records_written",
                "gifts", "gifts_lost"]]


@tidy
def lead_records(data=None, /, *, events: pd.DataFrame | None = None, leads: pd.DataFrame | None = None,
                 survey_responses: pd.DataFrame | None = None, visitor_records: pd.DataFrame | None = None,
                 by: str | None = "event_id", level: float = rules.LEVEL) -> pd.DataFrame:
    """The share of event leads whose first follow-up had a record of the person to start from.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or :func:`select_event`).
    events, leads : pandas.DataFrame
        The contract's tables; the leads of the events in ``events`` are counted.
    survey_responses, visitor_records : pandas.DataFrame, optional
        The records (of any event: a record from an earlier event helps as much).
    by : {"event_id", "assigned_to", None}, default "event_id"
        Per event, per staff member following up, or all together (``all``).
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        ``event_id`` or ``assigned_to`` (empty for unassigned leads; or ``group`` = ``all``), ``leads``
        (int64), ``contacted`` (int64: first follow-up made), ``with_record`` (int64: of those, a record of the person
        existed at or before the first contact), ``rate``, ``ci_low``, ``ci_high`` (with_record /
        contacted, Wilson).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["E1"]})
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "event_id": "E1", "person_id": ["A", "B", "C"],
    ...     "assigned_to": "S03", "captured_at": pd.Timestamp("2026-07-18 15:00"),
    ...     "first_contact_at": pd.to_datetime(["2026-07-19 10:00", "2026-07-19 11:00", None])})
    >>> vr = pd.DataFrame({"record_id": ["V1"], "event_id": ["E1"], "person_id": ["A"], "staff_id": ["S05"],
    ...                    "recorded_at": [pd.Timestamp("2026-07-18 14:05")]})
    >>> lead_records(events=ev, leads=leads, visitor_records=vr)[["leads", "contacted", "with_record", "rate"]]
       leads  contacted  with_record  rate
    0      3          2            1   0.5
    """
    func = "lead_records"
    t = prep.pick(data, func, required=("events", "leads"), optional=("survey_responses", "visitor_records"),
                  events=events, leads=leads, survey_responses=survey_responses, visitor_records=visitor_records)
    level = prep.check_level(level, func)
    if by not in ("event_id", "assigned_to", None):
        raise ParameterError(f"{func}: by must be 'event_id', 'assigned_to' or None, got {by!r}.")
    ev = tb.events(t["events"], func)
    ld = prep.require_frame(t["leads"], "leads", ("person_id",), func)
    ld = ld.assign(event_id=tb.event_ids(ld, "leads", func), person_id=prep.ids(ld, "leads", "person_id", func),
                   assigned_to=prep.ids(ld, "leads", "assigned_to", func, required=False),
                   first_contact_at=prep.times(ld, "leads", "first_contact_at", func))
    ld = ld.loc[ld["event_id"].isin(ev["event_id"]).fillna(False).to_numpy()].reset_index(drop=True)
    rec = tb.records(t["survey_responses"], t["visitor_records"], func)
    rec = rec.loc[rec["person_id"].notna().to_numpy()]
    first_rec = rec.groupby("person_id")["recorded_at"].min()
    contacted = ld["first_contact_at"].notna().to_numpy()
    earliest = prep.lookup(ld["person_id"], first_rec)
    had = contacted & (earliest <= ld["first_contact_at"]).fillna(False).to_numpy(dtype=bool)
    ld = ld.assign(_c=contacted.astype(np.int64), _r=had.astype(np.int64), _n=1)
    if by is None:
        key, name, ids = pd.Series("all", index=ld.index), "group", pd.Series(["all"], dtype="string")
    elif by == "event_id":
        key, name, ids = ld["event_id"], "event_id", ev["event_id"].loc[ev["event_id"].isin(ld["event_id"]).to_numpy()]
    else:
        key, name = ld["assigned_to"], "assigned_to"
        ids = pd.Series(sorted(key.dropna().unique()) + ([pd.NA] if key.isna().any() else []), dtype="string")
    g = ld.groupby(key, dropna=False)[["_n", "_c", "_r"]].sum()
    out = pd.DataFrame({name: ids.to_numpy(), "leads": tb.as_int(ids.map(g["_n"])),
                        "contacted": tb.as_int(ids.map(g["_c"])), "with_record": tb.as_int(ids.map(g["_r"]))})
    out = out.astype({name: "string"}).reset_index(drop=True)
    return tb.with_rate(out, "with_record", "contacted", level)


def recording_text(rate: pd.DataFrame, gifts: pd.DataFrame | None = None, leads: pd.DataFrame | None = None,
                   language: str = "zh") -> str:
    """The answer of the recording section in one or two sentences (``events.recording.*``).

    ``rate``, ``gifts`` and ``leads`` are the pooled :func:`recording_rate`,
    :func:`gifts_without_record` and :func:`lead_records` (``by=None``).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"visitors": [40], "recorded": [18], "rate": [0.45], "ci_low": [0.31], "ci_high": [0.60]})
    >>> g = pd.DataFrame({"gifts": [30], "gifts_lost": [12], "rate": [0.4], "ci_low": [0.25], "ci_high": [0.58]})
    >>> print(recording_text(r, g, language="en"))  # doctest: +NORMALIZE_WHITESPACE
    18 of 40 visitors left a record (45.0%, 95% CI 31.0%–60.0%); 12 of 30 gifts went to a visitor with no
    record: lost contacts.
    """
    if rate is None or not len(rate) or int(rate["visitors"].sum()) == 0:
        return say("events.recording.none", language)
    r = rate.iloc[0]
    text = say("events.recording.rate", language, x=int(r["recorded"]), n=int(r["visitors"]), rate=float(r["rate"]),
               lo=float(r["ci_low"]), hi=float(r["ci_high"]))
    if gifts is not None and len(gifts) and int(gifts["gifts"].sum()) > 0:
        g = gifts.iloc[0]
        text = text[:-1] + say("events.recording.gifts", language, x=int(g["gifts_lost"]), n=int(g["gifts"]))
    if leads is not None and len(leads) and int(leads["contacted"].sum()) > 0:
        ld = leads.iloc[0]
        text += say("events.recording.leads", language, x=int(ld["with_record"]), n=int(ld["contacted"]),
                    rate=float(ld["rate"]))
    return text
