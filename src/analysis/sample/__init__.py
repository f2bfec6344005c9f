"""Seeded generator of a realistic multi-branch sample data set (样例数据).

:func:`make_sample` returns every table of the data contract
(:data:`analysis.schemas.TABLES`) with exactly the schema's columns, in schema
order, and the schema's dtypes. It draws every random number from one
``numpy.random.default_rng(seed)``: the same seed gives identical frames (and,
through :func:`analysis.io.write_dataset`, byte-identical files).

The data tell the stories of the reference figures in ``DESIGN.md``:

- **The salon case** (:data:`SALON_CASE`): event ``B01-E03``, a family-relationship
  salon (家庭关系) with counselling partner ``PT01`` on a Saturday 14:00–15:30,
  30 invitations planned. Each of the branch's 7 eligible staff invites one
  existing customer, all 7 come and each brings at least one more (9 guests);
  the partner's invitees and their guests and two walk-ins make 38 attendees,
  30 women and 8 men, 7 bank customers and 31 strangers (81.6 %). Wealth-product
  deals from the salon within 72 hours total 6.1 million yuan.
- **24/72 follow-up**: most leads are first contacted within 24 h, some within
  72 h, some later, some never; the chance of a win falls with the delay.
- **A Friday booth** (:data:`FRIDAY_CASE`, ``B02-E10`` on Friday 2026-10-23): its leads' 72 hours
  cross the weekend; five are called on Monday morning — late on the wall clock, on time in working
  hours (added last, by :func:`_friday_event`, so no earlier row changes).
- **WeChat tiers**: per branch two mass groups of 400–500 (one not owned by the
  bank), 4–6 potential groups of a few dozen, 3–5 elite groups of 9–13; members
  are pulled up the tiers; one elite group without a deal in 3 days and one
  potential group without a promotion in 14 days are dissolved.
- **Join-the-group incentive** (:data:`HOOK_CASE`): branch B01's 5-yuan red packet,
  20,000 joined in two weeks, 15,000 yuan paid out.
- **SMART targets**: realistic steps between comparable events (40 → 50–55) and one
  unrealistic jump (40 → 80, in the last branch's booth series).

Modules: :mod:`.constants` (reference cases, names, weights), :mod:`.people`, :mod:`.builder` (the main
generator; its steps are the mixins of :mod:`.events`, :mod:`.groups` and :mod:`.surveys`), :mod:`.frames`
(typed tables), :mod:`.practice` (the practices of issue 16, each from its own generator), :mod:`.city`
(the city-scale tables of the benchmarks). :func:`make_sample` runs them in order; later stages append
to the end of it and draw from their own generators, so earlier tables never change.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import ParameterError
from analysis.sample.builder import _Builder
from analysis.sample.constants import ELIGIBLE_ROLES, HOOK_CASE, PARTNERS, SALON_CASE, STAFF_ROLES
from analysis.sample.practice import FRIDAY_CASE, _event_practice, _friday_event, _group_practice

__all__ = ["make_sample", "SALON_CASE", "HOOK_CASE", "FRIDAY_CASE", "PARTNERS", "ELIGIBLE_ROLES", "STAFF_ROLES"]


def make_sample(seed: int = 0, branches: int = 3, start="2026-07-01", end="2026-10-31") -> dict[str, pd.DataFrame]:
    """Generate the seeded multi-branch sample data set.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives identical tables.
    branches : int
        Number of branches (``B01`` …); branch B01 holds the salon and join-hook reference cases.
    start, end : str or Timestamp
        The period; every timestamp lies in ``[start, end]`` (naive local time, whole minutes).
        At least 8 weeks.

    Returns
    -------
    dict of str → DataFrame
        One frame per table of :data:`analysis.schemas.TABLES`, in that order, each with exactly
        the schema's columns (schema order) and dtypes and a plain RangeIndex.

    Notes
    -----
    Ids: branches ``B01``, staff ``B01-S01``, communities ``B01-C01``, entry points ``B01-C01-P01``,
    events ``B01-E01`` (numbered by start time), groups ``B01-G01`` (by creation time), hook
    campaigns ``B01-H01``, partners ``PT01``; people ``P000001``, leads ``L00001`` (by capture time),
    deals ``D00001`` (by closing time), responses ``R00001`` (by submission time). In real data
    ``person_id`` is a salted hash.

    Group messages are daily counts per member, day (``sent_at`` at midnight) and kind; senders
    are group members (the staff's own broadcast posts are not in the table, since staff are not
    people). A dissolved group's memberships keep an empty ``left_at``: ``dissolved_at`` ends them.
    The question that got someone pulled out of a mass group is the exception: it carries its time
    (minutes, hours or days before the pull), and members carry a ``join_channel``
    (:func:`_group_practice`, which draws from a second generator seeded from ``seed`` after every
    other table is built, so the other tables and rows are those of the main generator).

    Examples
    --------
    >>> tables = make_sample(seed=0)
    >>> att = tables["attendance"].query("event_id == 'B01-E03'")
    >>> len(att), int((~att["is_bank_customer"]).sum())
    (38, 31)
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ParameterError(f"seed must be an integer, not {seed!r}")
    if isinstance(branches, bool) or not isinstance(branches, (int, np.integer)) or not 1 <= branches <= 99:
        raise ParameterError(f"branches must be an integer from 1 to 99, not {branches!r}")
    try:
        t_start, t_end = pd.Timestamp(start), pd.Timestamp(end)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"start and end must be dates such as '2026-07-01': {exc}") from None
    if t_start.tz is not None or t_end.tz is not None:
        raise ParameterError("start and end are naive local times; drop the time zone")
    if t_end - t_start < pd.Timedelta(days=56):
        raise ParameterError(f"the period {t_start:%Y-%m-%d} – {t_end:%Y-%m-%d} is shorter than 8 weeks")
    tables = _Builder(int(seed), t_start, t_end).build(int(branches))
    from analysis.sample.staff import staff_names  # issue 14: staff names (employees, shown with their role)
    tables = staff_names(tables, int(seed))
    tables = _group_practice(tables, int(seed))  # issue 16
    tables = _event_practice(tables, int(seed))  # issue 16: on-site roles, records, gifts
    tables = _friday_event(tables, int(seed), t_end)  # issue 16: a Friday booth, 72 h across the weekend
    from analysis.sample.reach import reach_practice  # issue 12: partners, campaigns, accounts, referrals
    tables = reach_practice(tables, int(seed))
    from analysis.sample.uplift import uplift_practice  # issue 13: assets, holdings, assignments, contacts
    tables = uplift_practice(tables, int(seed))
    return tables

