"""Customer value tiers and uplift (客户分层与提升, 活客-留客): the uplift domain (issue 13).

Winning a community customer is half the job; the other half is raising and keeping their assets. The branch
layers its customers in four value tiers by AUM (高价值 high, 次价值 second, 潜在价值 potential, 低价值 low;
:data:`analysis.rules.TIER_THRESHOLDS`), keeps a white list of the mid- and high-end ones, tracks each wealth
manager's uplift (客户提升跟踪表) and reviews it regularly (定期复盘); maintenance is triggered by maturities
(产品到期维护), large balance changes (大额变动维护) and the contact frequency standard; customers are allocated to
managers by one of four principles (熟悉程度, 战区管户, 行业分户, 关系分户).

The tables (optional in the data contract): ``customer_assets`` (month-end snapshots), ``holdings``,
``assignments`` (one manager at a time) and ``contacts``. Every function takes them by name (keyword-only) or from
a data set given first (:func:`branch_data` gives the branch's), returns a tidy DataFrame, every rate with its
interval (``rate``, ``ci_low``, ``ci_high``), and rounds nothing.

Modules
-------
_tables
    Preparation and checks, :func:`tier_of`, :func:`review_snapshots` (which two snapshots a review compares),
    :func:`managers_at`, :func:`evaluation_time`, :func:`branch_data`, :func:`name_staff`.
tiers
    :func:`value_tiers`, :func:`tier_counts`, :func:`tier_migration`, :func:`tier_moves`, :func:`upgrade_rate`.
whitelist
    :func:`white_list`: the mid/high-end customers with manager, AUM, change, last contact, next maturity.
managers
    :func:`manager_uplift` (the uplift tracking table per manager), :func:`manager_comparison` (like with like:
    upgrades against what the branch's rates per starting tier predict for the manager's book).
triggers
    :func:`maintenance_list` (maturities in 7/30 days, large outflows, overdue contacts — owner and due date),
    :func:`maintenance_counts`.
process
    :func:`contact_frequency` (contacts against the frequency standard), :func:`contact_uplift_model` (does
    contact go with uplift? an observational logistic model).
allocation
    :func:`allocation`, :func:`allocation_balance`, :func:`unassigned_customers`.
retention
    :func:`acquired_customers`, :func:`retention_cohorts` (still holding assets, second deal at 30/90/180 days),
    :func:`time_to_churn` (Kaplan–Meier).
answer
    :func:`headline`, :func:`verdict`, :func:`actions` (the morning maintenance list per manager),
    :func:`tier_summary`.
narrative
    The sentences of the detail sections: :func:`tiers_text`, :func:`white_list_text`, :func:`comparison_text`,
    :func:`model_text` (with its observational caveat), :func:`balance_text`, :func:`retention_text`.
"""

from analysis.uplift._tables import (REPORT_TABLES, TIER_RANK, VALUE_TIERS, branch_data, evaluation_time,  # noqa: F401
                                     header_facts, managers_at, name_staff, review_period, review_snapshots,
                                     tier_of)
from analysis.uplift.allocation import *  # noqa: F401,F403
from analysis.uplift.allocation import __all__ as _allocation_all
from analysis.uplift.managers import *  # noqa: F401,F403
from analysis.uplift.managers import __all__ as _managers_all
from analysis.uplift.narrative import *  # noqa: F401,F403
from analysis.uplift.narrative import __all__ as _narrative_all
from analysis.uplift.answer import *  # noqa: F401,F403
from analysis.uplift.answer import __all__ as _answer_all
from analysis.uplift.process import *  # noqa: F401,F403
from analysis.uplift.process import __all__ as _process_all
from analysis.uplift.retention import *  # noqa: F401,F403
from analysis.uplift.retention import __all__ as _retention_all
from analysis.uplift.tiers import *  # noqa: F401,F403
from analysis.uplift.tiers import __all__ as _tiers_all
from analysis.uplift.triggers import *  # noqa: F401,F403
from analysis.uplift.triggers import __all__ as _triggers_all
from analysis.uplift.whitelist import *  # noqa: F401,F403
from analysis.uplift.whitelist import __all__ as _whitelist_all

__all__ = ["REPORT_TABLES", "TIER_RANK", "VALUE_TIERS", "branch_data", "evaluation_time", "header_facts", "managers_at",
           "name_staff", "review_period", "review_snapshots", "tier_of", *_tiers_all, *_whitelist_all, *_managers_all,
           *_triggers_all,
           *_process_all, *_allocation_all, *_retention_all, *_narrative_all, *_answer_all]
