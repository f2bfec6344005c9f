"""The data contract: one schema per table, and the Chinese↔English alias map.

A :class:`Table` is the single definition of a table: its columns (dtype,
nullability, allowed values, ranges, Chinese aliases), its key, its foreign
keys and its cross-column rules. The same definition drives validation
(:func:`analysis.io.load_dataset`, ``python -m analysis validate``), the
documentation (:func:`contract_markdown`) and the sample generator
(:mod:`analysis.sample`), so the three cannot drift apart.

Dtypes (pandas 3):

========== ============================== ==========================================
kind       pandas dtype                   accepted in files
========== ============================== ==========================================
id, str    ``string`` (``pd.StringDtype``) any text; ids are stripped of spaces
int        ``Int64`` (nullable)            whole numbers (``12``, ``12.0``)
float      ``float64``                     numbers; empty cells are NaN
bool       ``boolean`` (nullable)          是/否, Y/N, yes/no, true/false, 1/0, 对/错
datetime   ``datetime64[ns]``              ``2026-09-03 12:00``, ``2026/09/03 12:00:00``, Excel dates
category   ``category`` (allowed values)   the English code or its Chinese label (女 → female)
========== ============================== ==========================================

Times are local (China Standard Time) and stored without a time zone, and must lie in the
plausible range :data:`EARLIEST_TIME` … :data:`LATEST_TIME` (2000-01-01 … 2100-12-31: fixed
dates, not "today + n", so that the same files always validate the same way).

Rules across tables (:class:`CrossRule`, e.g. a check-in within its event's window, with the slack
:data:`CHECKIN_EARLY_HOURS` / :data:`CHECKIN_LATE_HOURS`) are declared here too and applied by the
loader after the references are checked.
"""

from __future__ import annotations

from analysis.schemas.base import (  # noqa: F401
    DTYPES,
    EARLIEST_TIME,
    LATEST_TIME,
    CHECKIN_EARLY_HOURS,
    CHECKIN_LATE_HOURS,
    Column,
    ForeignKey,
    RowRule,
    CrossRule,
    Table,
    _later,
    _outside_window,
    ROLES,
    SEGMENTS,
    AGE_BANDS,
    GENDERS,
    ENTRY_KINDS,
    EVENT_KINDS,
    SURVEY_CHANNELS,
    QUESTION_KINDS,
    INVITER_KINDS,
    ATTENDANCE_SOURCES,
    ON_SITE_ROLES,
    OUTCOMES,
    TIERS,
    MESSAGE_KINDS,
    JOIN_CHANNELS,
    DEAL_CHANNELS,
    TARGET_METRICS,
)
from analysis.schemas.tables import (  # noqa: F401
    C,
    TABLES,
    _add,
)
from analysis.schemas.reach import (  # noqa: F401
    ACCOUNT_KINDS,
    ACCOUNT_CHANNELS,
    PARTNER_KINDS,
    PARTNER_STAGES,
    CAMPAIGN_SCENARIOS,
    PLACEMENT_KINDS,
    _on_day_before,
)
from analysis.schemas.uplift import (  # noqa: F401
    VALUE_TIERS,
    CONTACT_CHANNELS,
    CONTACT_PURPOSES,
    ALLOCATION_PRINCIPLES,
    _overlapping_assignments,
)
from analysis.schemas import imports as _imports  # noqa: F401,E402 - registers the importers' tables
from analysis.schemas.aliases import (  # noqa: F401
    _column_aliases,
    COLUMN_ALIASES,
    TABLE_ALIASES,
    VALUE_ALIASES,
    BOOL_VALUES,
    PERSONAL_DATA_COLUMNS,
    get_table,
    empty_frame,
    contract_markdown,
)

__all__ = [
    "Column",
    "Table",
    "ForeignKey",
    "RowRule",
    "CrossRule",
    "TABLES",
    "EARLIEST_TIME",
    "LATEST_TIME",
    "CHECKIN_EARLY_HOURS",
    "CHECKIN_LATE_HOURS",
    "COLUMN_ALIASES",
    "TABLE_ALIASES",
    "VALUE_ALIASES",
    "BOOL_VALUES",
    "PERSONAL_DATA_COLUMNS",
    "get_table",
    "empty_frame",
    "contract_markdown",
]
