"""The domain rules, in one place: every default of every domain function comes from here.

The figures are the practitioners' (see ``DESIGN.md``, "Reference figures"). A function that
applies a rule takes it as a parameter whose default is the constant below, so a branch with
another standard passes its own value and nothing else changes.
"""

from __future__ import annotations

#: The one timezone rule of the package. Every timestamp is a naive local wall-clock time of the
#: branch (China Standard Time). A timezone-aware value (``2026-09-30 18:00+00:00``) is converted
#: to this zone and then stored without its zone (→ ``2026-10-01 02:00``); a naive value is taken
#: as local time as it is. Loaders, domain functions and ``as_of`` parameters all follow it.
TIMEZONE = "Asia/Shanghai"

#: Confidence level of every interval.
LEVEL = 0.95

# --- events (沙龙与驻点) ------------------------------------------------------
#: The branch standard for the stranger-customer ratio (陌生客户占比): above 70% every event.
STRANGER_RATIO_STANDARD = 0.70
#: An event lasts about 1.5 hours.
EVENT_MINUTES = 90
#: The greeter keeps a steady flow: no gap of 10 minutes or more between arrivals.
FLOW_GAP_MINUTES = 10
#: Evaluation score (0–100) an event needs to pass.
PASS_MARK = 80.0
#: A SMART target is a realistic step: at most +50% on the previous event (40 → 50–55, not 80).
MAX_TARGET_STEP = 0.5
#: Sales to attendees count for the event when closed within this many hours of its end.
SALES_WINDOW_HOURS = 72
#: Show-up rate of staff and partner invitations below which invitations are to be confirmed the day before.
SHOW_UP_STANDARD = 0.6
#: An action for the next event is due before it, or within this many days of the report's "as of"
#: when the next event is not on the calendar yet.
NEXT_EVENT_DAYS = 7

# --- follow-up (线索跟进 24/72) -----------------------------------------------
#: First follow-up within 24 hours of capture.
CONTACT_HOURS = 24
#: A result (won or lost) within 72 hours: the customer's hesitation window is about three days.
RESOLVE_HOURS = 72
#: Open leads older than this many days are flagged as stale in the data-quality section.
STALE_DAYS = 30
#: The calendar of working days of the working-hour clock (24/72 in working hours): "china" = the
#: official calendar of China (weekends, public holidays and make-up working days 调休, from the
#: chinese_calendar package); a bank passes its own as ``analysis.followup.WorkingCalendar(...)``.
WORKING_CALENDAR = "china"
#: Share of leads that should meet each rule of 24/72: all of them (the rule has no tolerance). The
#: report flags a compliance below it; a branch with an interim target passes its own.
COMPLIANCE_TARGET = 1.0
#: A lead's 72-hour window "crosses a weekend" when it holds at least this many hours of days off
#: (weekend days, public holidays): a whole day's worth. A window that only touches a Sunday evening
#: (a lead from a Sunday-afternoon event, called on Monday) does not count.
WEEKEND_MIN_OFF_HOURS = 24

# --- groups (微信群分层) -------------------------------------------------------
#: A deal counts for the funnel when closed within this many days of joining an elite group.
DEAL_WINDOW_DAYS = 3
#: An elite group with no deal after this many days is dissolved.
ELITE_DAYS = 3
#: A potential-customer group that promoted nobody to elite in this many days is dissolved.
POTENTIAL_DAYS = 14
#: A group with no message for this many days: re-engage or dissolve.
SILENT_DAYS = 7
#: "WeChat's most active groups have 11 members or fewer": the elite-group size.
ELITE_SIZE = 11
#: The mass group holds 400–500 members.
MASS_GROUP_SIZE = (400, 500)
#: The practitioners' 1–5% product success among a manager's 10,000+ customers: a statement
#: about scale, shown for context, not a benchmark to grade a portfolio against.
PRODUCT_SUCCESS_HYPOTHETICAL = (0.01, 0.05)
#: Someone who asks in a mass group is pulled out (into a potential group, or added personally as a
#: lead) within this many hours: "within a day".
ASKER_PULL_HOURS = 24
#: Askers' and new members' conversion: a deal within this many days of the question (or the join).
ASKER_DEAL_DAYS = 30
#: Askers not pulled yet whose question is at most this many days old are listed for action.
ASKER_FOLLOW_DAYS = 7
#: A new member counts as active when they post in the group within this many days of joining.
JOIN_ACTIVE_DAYS = 7

# --- surveys (社区调研) --------------------------------------------------------
#: Answer sheets filled in faster than this many seconds (所用时间) are flagged: perhaps not read.
SURVEY_MIN_SECONDS = 60
#: A question (not open) answered on fewer than this share of the sheets is flagged as often skipped.
SURVEY_MIN_ANSWERED = 0.8
#: A community with fewer sheets has no variance estimate when weighting by households: flagged.
SURVEY_MIN_PER_COMMUNITY = 2
#: A community where the branch has held at least this many events counts as established: its
#: entry points are ranked for value rather than flow and cost.
SURVEY_ESTABLISHED_EVENTS = 3
#: A need-driven product joins a segment's bundle when it applies to at least this share of the
#: segment's respondents.
SURVEY_BUNDLE_SHARE = 0.25
#: Answer sheets behind a usable share: from 30 sheets a share's 95% interval is at most about
#: ±17 percentage points wide (Wilson, at 50%). The period's sheets are flagged against it, and a
#: community with fewer is the next to survey.
SURVEY_TARGET_SHEETS = 30
#: The survey booth in a community to survey next is due this many days after the report's end.
SURVEY_BOOTH_DAYS = 7
#: What the survey decides — the product mix for a segment, the next event's topic, the
#: relationship group to approach — is due this many days after the report's end.
SURVEY_PLAN_DAYS = 14
#: The role that runs the survey booths (owner of "survey next"); the branch head owns the rest.
SURVEY_BOOTH_ROLE = "lobby_manager"

# --- reach (社区渗透) ----------------------------------------------------------
#: Traditional grid marketing within 3 km peaks at under 35% of a community touched.
GRID_TOUCH_PEAK = 0.35
#: A smart-community (property-fee platform) partnership gets 95%+ of owners to open accounts.
SMART_COMMUNITY_OPENING = 0.95

# --- uplift (issue 13) (客户分层与提升) ----------------------------------------
#: The four value tiers by AUM at the bank (yuan): high (高价值) from 500,000, second (次价值) from 200,000,
#: potential (潜在价值) from 50,000, low (低价值) below. A branch with other lines passes its own.
TIER_THRESHOLDS = {"high": 500_000.0, "second": 200_000.0, "potential": 50_000.0}
#: The white list (白名单) holds the mid- and high-end customers: these tiers.
WHITE_LIST_TIERS = ("high", "second")
#: A white-list customer with no contact for this many days is flagged.
NO_CONTACT_DAYS = 30
#: The contact frequency standard: at least one contact every this many days, per tier.
CONTACT_EVERY_DAYS = {"high": 15, "second": 30, "potential": 90, "low": 180}
#: Holdings maturing within these many days are on the maintenance list (产品到期维护).
MATURITY_WINDOWS_DAYS = (7, 30)
#: A month-on-month drop of AUM of at least this share and …
OUTFLOW_SHARE = 0.30
#: … at least this many yuan is a large outflow (大额变动): the churn warning.
OUTFLOW_AMOUNT = 50_000.0
#: Maturities of less than this many yuan (per customer and window) are left off the maintenance list.
MATURITY_MIN_AMOUNT = 10_000.0
#: A maturing product is discussed with the customer this many days before it matures (the due date).
MATURITY_CALL_DAYS = 3
#: A customer on the maintenance list for an outflow is called within this many days.
OUTFLOW_CALL_DAYS = 2
#: A customer overdue for a contact under the frequency standard is contacted within this many days.
OVERDUE_CONTACT_DAYS = 7
#: Retention of acquired customers is read at these many days after their acquisition.
RETENTION_DAYS = (30, 90, 180)
#: Roles that manage a book of customers (管户).
MANAGER_ROLES = ("wealth_manager", "account_manager")

# --- messages -----------------------------------------------------------------
#: How many offending rows (or values) an error message lists before "… (N more)".
MAX_SHOWN = 5

# --- reports ------------------------------------------------------------------
#: A change against the previous period is called more than noise when its test gives p below this.
NOISE_P = 0.05
#: A report table shows at most this many rows (the first ones, with a note of how many more there are).
TABLE_MAX_ROWS = 1000
#: A chart of events draws at most this many of them (bars or lanes): the most recent; its caption says how many of all.
CHART_EVENTS = 20

# --- WeCom import (issue 15) ----------------------------------------------------
#: How the WeCom importer gives each customer group its tier when the user gives no ``--tier-rule``: the
#: first condition that holds wins (``name~`` a pattern of the group's name, ``members>=N`` its customer
#: count in the latest member list, ``*`` every other group). Stated in every import summary.
WECOM_TIER_RULE = "name~精英:elite,name~潜在|潜客:potential,*:mass"
