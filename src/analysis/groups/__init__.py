"""WeChat group tiers (微信群分层): funnel, group health, lifecycle actions, group size,
content calendar and the join-hook cost.

Branches run WeChat groups in three tiers: mass groups (大众客户群, 400–500 members,
broadcast only, often not owned by the bank), potential-customer groups (潜在客户群, a
few dozen people who asked about something) and elite groups (精英客户群, about 11
people close to a deal). This package measures that practice from the contract tables
``wechat_groups``, ``group_members``, ``group_messages``, ``deals`` and
``hook_campaigns``, one module per concept:

=============  ==========================================================================  ============================
module         what                                                                        tests (``tests/groups/``)
=============  ==========================================================================  ============================
``selection``  the analysis moment and a manager's groups (:func:`data_as_of`,             ``test_selection.py``
               :func:`owned_by`), the report's header facts
``funnel``     the person-level funnel mass → potential → elite → deal (:func:`tier_funnel`,  ``test_funnel.py``
               :func:`funnel_people`, :func:`step_times`, :func:`tier_entries`,
               :func:`tier_conversion`)
``health``     group health per day or week and a snapshot per group (:func:`group_health`,  ``test_health.py``
               :func:`group_status`)
``lifecycle``  the rules: elite > 3 days without a deal, potential > 14 days without a      ``test_lifecycle.py``
               promotion, silent groups (:func:`lifecycle_actions`)
``portfolio``  a manager's open groups, people and expected deals (:func:`portfolio`)      ``test_portfolio.py``
``size``       group size vs activity, a binomial GLM (:func:`size_activity`,              ``test_size.py``
               :func:`size_answer`, :func:`size_sentence`)
``calendar``   the content calendar against the SOP, a Poisson or negative-binomial GLM    ``test_calendar.py``
               (:func:`calendar_data`, :func:`calendar_rates`, :func:`content_calendar`,
               :func:`overdispersion`, :func:`calendar_checks`)
``hooks``      the join-the-group incentive cost (:func:`hook_costs`)                       ``test_hooks.py``
``checks``     the domain's own data checks (:func:`data_checks`)                           ``test_checks.py``
``findings``   the answer first: :func:`headline`, :func:`verdict`, :func:`actions`        ``test_findings.py``
``askers``     askers pulled out of the mass group (:func:`askers`, :func:`asker_summary`,  ``test_askers.py``
               :func:`pull_curve`, :func:`asker_conversion`)
``channels``   join channels and the admission gate (:func:`channel_summary`,             ``test_channels.py``
               :func:`customer_mix`)
=============  ==========================================================================  ============================

Multi-table functions take the tables as keywords named as the contract's tables, or a data set
(a scoped :class:`~analysis.io.Dataset`) first: ``tier_funnel(scoped)`` or
``tier_funnel(wechat_groups=g, group_members=m, deals=d)`` (:func:`analysis.prep.pick`).

Every function is pure: tidy frames in, a tidy frame (plain RangeIndex) out, nothing
rounded. Time "now" is never the wall clock: ``as_of`` defaults to the latest
timestamp in the data (:func:`data_as_of`). Timestamps follow the package's one timezone rule
(:data:`analysis.rules.TIMEZONE`): an aware time is converted to Asia/Shanghai, a naive one is
local time already.

Group messages may hold one row per message or a daily count per member, day and kind
(the ``messages`` column); counts are always summed, and activity is measured per
calendar day, so both layouts give the same answers.

Labels and sentences: ``analysis/report/vocab/groups.py``; charts: :func:`analysis.plots.size_activity`,
:func:`analysis.plots.calendar_ratios`.
"""

from __future__ import annotations

from analysis.groups._text import Sentence
from analysis.groups.askers import (ASKER_DEAL_DAYS, PULL_HOURS, SPEEDS, asker_conversion, asker_summary, askers,
                                    askers_sentence, pull_curve)
from analysis.groups.calendar import (FAMILIES, SOP_DAYS, WEEKDAYS, calendar_checks, calendar_data, calendar_rates,
                                      content_calendar, overdispersion)
from analysis.groups.channels import (ACTIVE_DAYS, CHANNELS, channel_summary, channels_sentence, customer_mix,
                                      mix_sentence)
from analysis.groups.checks import data_checks
from analysis.groups.findings import MEASURES, actions, headline, verdict
from analysis.groups.funnel import (DEAL_WINDOW_DAYS, STEPS, funnel_people, step_times, tier_conversion, tier_entries,
                                    tier_funnel)
from analysis.groups.health import WINDOW_DAYS, group_health, group_status
from analysis.groups.hooks import hook_costs, hook_sentence
from analysis.groups.lifecycle import ELITE_DAYS, POTENTIAL_DAYS, SILENT_DAYS, actions_sentence, lifecycle_actions
from analysis.groups.portfolio import portfolio
from analysis.groups.selection import data_as_of, data_notice, header_facts, owned_by
from analysis.groups.size import RATIO_FORMATS, SMALL_GROUP, size_activity, size_answer, size_sentence

__all__ = [
    # constants
    "STEPS", "WEEKDAYS", "SOP_DAYS", "FAMILIES", "DEAL_WINDOW_DAYS", "ELITE_DAYS", "POTENTIAL_DAYS", "SILENT_DAYS",
    "SMALL_GROUP", "WINDOW_DAYS", "RATIO_FORMATS", "Sentence",
    # selection
    "data_as_of", "owned_by", "header_facts", "data_notice",
    # funnel
    "funnel_people", "tier_funnel", "step_times", "tier_entries", "tier_conversion",
    # health, lifecycle, portfolio
    "group_health", "group_status", "lifecycle_actions", "actions_sentence", "portfolio",
    # size and calendar
    "size_activity", "size_answer", "size_sentence", "calendar_data", "calendar_rates", "content_calendar",
    "overdispersion", "calendar_checks",
    # hooks and checks
    "hook_costs", "hook_sentence", "data_checks",
    # answer first (issue 14): headline, verdict, action list
    "MEASURES", "headline", "verdict", "actions",
    # askers pulled out of the mass group, join channels and the gate (issue 16)
    "PULL_HOURS", "ASKER_DEAL_DAYS", "SPEEDS", "askers", "asker_summary", "pull_curve", "asker_conversion",
    "askers_sentence", "CHANNELS", "ACTIVE_DAYS", "channel_summary", "customer_mix", "channels_sentence",
    "mix_sentence",
]
from analysis.groups.daily import daily_health, daily_sentence, daily_summary  # noqa: E402  (issue 15: WeCom daily statistics)
__all__ += ["daily_health", "daily_summary", "daily_sentence"]  # noqa: E402
