"""Lead follow-up under the 24/72 rule (线索跟进, 24/72 法则).

After an event or a WeChat conversation a lead is worth most in its first three days: the
branch's practice is a **first contact within 24 hours** of capture and a **result (won or
lost) within 72 hours**, because a customer's hesitation window is about three days
(:data:`analysis.rules.CONTACT_HOURS`, :data:`analysis.rules.RESOLVE_HOURS`). This package
measures that practice on the ``leads`` table of the data contract and asks whether delay costs
deals.

Every function takes the ``leads`` table (functions that need more tables take them by name,
keyword-only, or from a data set given first: ``lead_load(scoped)`` or
``lead_load(leads=..., staff=...)``) and returns a tidy DataFrame with a plain ``RangeIndex``.
Nothing is rounded, printed or written; the interval level is the parameter ``level``. Each
function evaluates the leads *as of* a moment ``as_of`` (default: the latest timestamp in the
leads table, never the wall clock; see :mod:`analysis.followup.status`).

Modules
-------
status
    :func:`default_as_of`, :func:`evaluation_time`, :func:`lead_status` (the prepared lead table
    every other function uses), :func:`name_unassigned`, :func:`name_staff`, :func:`header_facts`.
compliance
    :func:`rule_24_72` (met / pending / rate with interval per group), :func:`compliance_text`,
    :func:`time_to_contact` (Kaplan–Meier quantiles of hours to contact and to a result).
overdue
    :func:`overdue`, :func:`overdue_counts`: the morning-meeting lists.
delay
    Does delay cost deals? :func:`win_rate_by_delay`, :func:`delay_logit`, :func:`delay_verdict`
    and their sentences, :func:`time_to_win`, :func:`delay_logrank`.
load
    :func:`lead_load`, :func:`load_balance_test` (chi-square against an even split),
    :func:`load_balance_text`.
findings
    :func:`data_findings`, :func:`rejected_leads`: the data-quality section.
workdays
    The working-day clock: :class:`WorkingCalendar` (weekends, public holidays, make-up working days
    调休), :func:`china_calendar` (China's official calendar, from ``chinese_calendar``),
    :func:`working_calendar`, :func:`working_hours`, :func:`calendar_days`. ``rule_24_72(...,
    clock="working")`` counts only the hours of working days.
weekend
    :func:`lead_clocks`, :func:`compliance_by_clock` and :func:`clock_text` (both clocks side by side),
    :func:`weekend_effect` and :func:`weekend_text` (do leads whose 72 hours cross a weekend or holiday
    convert less?).
answer
    The answer first: :func:`headline` (the numbers of the report's first screen with their
    intervals, previous period, change test and flag), :func:`verdict` (one sentence),
    :func:`actions` (the morning list: overdue leads by owner, what to do, by when).

The generic Kaplan–Meier and log-rank code lives in :mod:`analysis.stats.survival`
(:func:`kaplan_meier` and :func:`logrank` are re-exported here); the chart of the win curves is
:func:`analysis.plots.plot_time_to_win`; labels and sentences are in
:mod:`analysis.report.vocab.followup`.
"""

from analysis.followup.answer import *  # noqa: F401,F403
from analysis.followup.answer import __all__ as _answer_all
from analysis.followup.compliance import *  # noqa: F401,F403
from analysis.followup.compliance import __all__ as _compliance_all
from analysis.followup.delay import *  # noqa: F401,F403
from analysis.followup.delay import __all__ as _delay_all
from analysis.followup.findings import *  # noqa: F401,F403
from analysis.followup.findings import __all__ as _findings_all
from analysis.followup.load import *  # noqa: F401,F403
from analysis.followup.load import __all__ as _load_all
from analysis.followup.overdue import *  # noqa: F401,F403
from analysis.followup.overdue import __all__ as _overdue_all
from analysis.followup.status import *  # noqa: F401,F403
from analysis.followup.status import __all__ as _status_all
from analysis.followup.weekend import *  # noqa: F401,F403
from analysis.followup.weekend import __all__ as _weekend_all
from analysis.followup.workdays import *  # noqa: F401,F403
from analysis.followup.workdays import __all__ as _workdays_all
from analysis.stats.survival import kaplan_meier, logrank

__all__ = [*_status_all, *_compliance_all, *_overdue_all, *_delay_all, *_load_all, *_findings_all,
           *_workdays_all, *_weekend_all, *_answer_all, "kaplan_meier", "logrank"]
