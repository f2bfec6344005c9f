"""Community reach and batch acquisition (社区渗透与批量获客): notebook ``05_community_reach``.

The practice is "批量获客-活客-留客": win whole relationship groups of a community. This package answers
how much of each community the branch has reached (penetration against the 35% grid-marketing peak and
the 95% smart-community opening), which channels turn residents into customers (new customers,
conversion, days to opening), how a person moves across the domains (journey), who brings others
(referrers and central figures), what the merchant alliance brings (partners), how the batch-acquisition
campaigns did (campaign reviews, weekly quotas) and which publicity placement brought first contacts.

Every function takes tables by name (keyword-only) or a data set first (:func:`for_branch` gives the
branch's, with the reach tables) and returns a tidy DataFrame; every estimated rate with ``ci_low`` and
``ci_high`` (Wilson). Labels and sentences: :mod:`analysis.report.vocab.reach`.

Modules
-------
_tables
    :data:`REPORT_TABLES`, :func:`for_branch`, :func:`touches`, :func:`first_touches`, :func:`check_accounts`.
penetration
    :func:`penetration`, :func:`penetration_by_month`, :func:`penetration_by_source`, :func:`headroom`.
customers
    :func:`new_customers`, :func:`conversion`, :func:`days_to_open`, :func:`cost_per_new_customer`.
journey
    :func:`journey`.
referrers
    :func:`referrers`, :func:`referred_vs_walk_in`.
partners
    :func:`partner_scorecard`, :func:`partner_kinds`.
campaigns
    :func:`campaign_review`, :func:`weekly_quota`.
channels
    :func:`placement_first_contacts` (issue 16 item 6).
answer
    :func:`headline`, :func:`verdict`, :func:`actions`.
"""

from analysis.reach._tables import (PRIOR_TOUCH_CHANNELS, REPORT_TABLES, TOUCH_SOURCES, check_accounts,
                                    first_touches, for_branch, touches)
from analysis.reach.answer import *  # noqa: F401,F403
from analysis.reach.answer import __all__ as _answer_all
from analysis.reach.campaigns import *  # noqa: F401,F403
from analysis.reach.campaigns import __all__ as _campaigns_all
from analysis.reach.channels import *  # noqa: F401,F403
from analysis.reach.channels import __all__ as _channels_all
from analysis.reach.customers import *  # noqa: F401,F403
from analysis.reach.customers import __all__ as _customers_all
from analysis.reach.journey import *  # noqa: F401,F403
from analysis.reach.journey import __all__ as _journey_all
from analysis.reach.partners import *  # noqa: F401,F403
from analysis.reach.partners import __all__ as _partners_all
from analysis.reach.penetration import *  # noqa: F401,F403
from analysis.reach.penetration import __all__ as _penetration_all
from analysis.reach.referrers import *  # noqa: F401,F403
from analysis.reach.referrers import __all__ as _referrers_all

__all__ = ["REPORT_TABLES", "TOUCH_SOURCES", "PRIOR_TOUCH_CHANNELS", "for_branch", "touches", "first_touches",
           "check_accounts", *_penetration_all, *_customers_all, *_journey_all, *_referrers_all, *_partners_all,
           *_campaigns_all, *_channels_all, *_answer_all]
