"""Salons, booths and community activities (沙龙与驻点): who came, how, and what it brought.

A branch's events exist to meet people who are not yet customers and turn them into customers.
This package measures that on the tables of the data contract (``events``, ``event_targets``,
``invitations``, ``attendance``, ``staff``, ``leads``, ``deals`` and, when present,
``survey_responses`` and ``group_members``), one module per concept:

============================  =====================================================================
module                        what it answers
============================  =====================================================================
:mod:`~.strangers`            the stranger-customer ratio (陌生客户占比) per event, source or inviter
                              with its Wilson interval against the standard (70%), compared across
                              events and months, and modelled on event attributes
:mod:`~.answer`               the answer first: the headline numbers of the period (with interval,
                              previous value, test of the change, flag), the verdict, the ranked
                              and deduplicated action list with owners and due dates
:mod:`~.attendance`           invited vs attended by source, show-up rate, attendance over plan,
                              gender split; the figures of each event
:mod:`~.chain`                the invitation chain staff → invitee → brought-along guest, the rule
                              "one invitation per eligible staff member, every invitee brings one
                              more", the multiplier, the history rates of the planner
:mod:`~.planner`              expected attendance and stranger ratio of the next event (simulation)
:mod:`~.arrivals`             arrivals per quarter hour, gaps of 10 minutes and more, duration
                              against the 1.5-hour practice
:mod:`~.scorecard`            SMART targets against actual values, the evaluation score against a
                              pass mark, realistic target steps
:mod:`~.costs`                cost per attendee, per stranger, per lead and per new customer; sales
                              within 72 hours, and whether existing customers' share of them is
                              more than the audience's make-up explains
:mod:`~.roles`                on-site roles (``event_staff``): arrivals and gaps per greeter duty, a
                              greeter who ended up receiving, arrivals by entrance role, building
                              captains' guests, events with an atmosphere role
:mod:`~.recording`            the recording habit: visitors vs records, gifts without a record (lost
                              contacts), per receiver; leads with a record to start from
:mod:`~.findings`             the per-event sentences, what to change next time (one row per event
                              and rule: the source of the actions), the data findings of the event
                              tables (for the data-quality section)
:mod:`~.selection`            the tables of one event (:func:`select_event`), the docstring example
============================  =====================================================================

Calling convention: a function that reads one table takes it first (``stranger_ratio(attendance)``);
a function that reads several takes an optional data set first and the tables by their contract
names (:func:`analysis.prep.pick`), so ``event_figures(scoped)``, ``event_figures(select_event(scoped, "B01-E03"))``
and ``event_figures(events=ev, attendance=att, invitations=inv)`` are the same kind of call. The rules (70%, 72 h,
10 minutes, 90 minutes, pass mark 80) are the defaults, from :mod:`analysis.rules`.

Every function is pure: tidy DataFrames and plain parameters in, a tidy DataFrame with a plain
RangeIndex out (:func:`select_event` and :func:`timeline_marks` return dicts for the notebooks, the
``*_text`` functions a sentence); counts are int64, every estimated rate comes with ``rate``,
``ci_low``, ``ci_high`` and its denominator, and nothing is rounded. Intervals and tests come from
:mod:`analysis.stats`; labels, formats and sentences of the results from
:mod:`analysis.report.vocab.events`.

Counting rules shared by every function:

- **One check-in per person and event.** Duplicate check-ins of one person at one event (signed in
  twice) count once, with the earliest arrival.
- **Stranger** (陌生客户): an attendee who was not a bank customer at the event
  (``attendance.is_bank_customer`` is False).
- **How someone came** is read from the invitation record: an attendee holding a staff (partner)
  invitation to the event came by ``staff_invite`` (``partner_invite``); one recorded as
  ``brought_along``, or invited by a guest, was brought along by a host; everyone else — including
  an attendee recorded as invited who is missing from the invitations — is a ``walk_in``.
- **Times** follow the one timezone rule (:data:`analysis.rules.TIMEZONE`): naive values are local
  time, aware values are converted to Asia/Shanghai; text is parsed and an unreadable time is a
  DataError (:func:`analysis.prep.times`).
"""

from analysis import rules
from analysis.events._tables import CHAIN_KINDS, ELIGIBLE_ROLES, EVENT_KINDS
from analysis.events.answer import actions, headline, previous_data, verdict
from analysis.events.arrivals import arrival_flow, arrival_gaps, arrival_timeline, arrivals_by_quarter, timeline_marks
from analysis.events.attendance import attendance_summary, event_figures
from analysis.events.chain import attendance_chain, chain_rates, chain_summary, invitation_chain
from analysis.events.costs import event_costs, sales_after_event, sales_split
from analysis.events.findings import (DURATION_TOLERANCE_MINUTES, MIN_SHOW_UP, event_findings, gaps_text,
                                      headline_text, recommendations)
from analysis.events.planner import eligible_staff, plan_event, plan_text
from analysis.events.recording import (gifts_without_record, lead_records, recording_by_receiver, recording_rate,
                                       recording_text, visitor_records_at)
from analysis.events.roles import (atmosphere_families, atmosphere_stay, captain_guests, entrance_roles,
                                   greeter_shifts, roles_text)
from analysis.events.scorecard import event_score, scorecard, target_steps
from analysis.events.selection import event_focus, example_tables, select_event
from analysis.events.strangers import (MODEL_TERMS, compare_events, compare_with_previous, monthly_stranger_ratio,
                                       stranger_model, stranger_ratio)

#: The event practice: an event lasts about 1.5 hours (alias of :data:`analysis.rules.EVENT_MINUTES`).
PRACTICE_MINUTES = rules.EVENT_MINUTES

__all__ = [
    "ELIGIBLE_ROLES",
    "PRACTICE_MINUTES",
    "CHAIN_KINDS",
    "EVENT_KINDS",
    "MODEL_TERMS",
    "MIN_SHOW_UP",
    "DURATION_TOLERANCE_MINUTES",
    "example_tables",
    "select_event",
    "event_focus",
    "stranger_ratio",
    "attendance_chain",
    "compare_events",
    "compare_with_previous",
    "monthly_stranger_ratio",
    "stranger_model",
    "attendance_summary",
    "event_figures",
    "headline_text",
    "invitation_chain",
    "chain_summary",
    "chain_rates",
    "plan_event",
    "plan_text",
    "eligible_staff",
    "arrivals_by_quarter",
    "arrival_gaps",
    "arrival_flow",
    "arrival_timeline",
    "timeline_marks",
    "gaps_text",
    "scorecard",
    "event_score",
    "target_steps",
    "event_costs",
    "sales_after_event",
    "recommendations",
    "event_findings",
    "headline",
    "verdict",
    "actions",
    "previous_data",
    "sales_split",
    "greeter_shifts",
    "entrance_roles",
    "captain_guests",
    "atmosphere_families",
    "atmosphere_stay",
    "roles_text",
    "visitor_records_at",
    "recording_rate",
    "gifts_without_record",
    "recording_by_receiver",
    "lead_records",
    "recording_text",
]
