"""What a group report looks at: the analysis moment ("as of") and one manager's groups."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis import prep
from analysis.errors import ParameterError
from analysis.groups._tables import DAY
from analysis.groups._text import Sentence, say
from analysis.report.labels import check_language
from analysis.schemas import TIERS

__all__ = ["data_as_of", "owned_by", "header_facts", "data_notice"]

_TIME_COLUMNS = {"wechat_groups": ("created_at", "dissolved_at"), "group_members": ("joined_at", "left_at"),
                 "group_messages": ("sent_at",), "deals": ("closed_at",)}


def data_as_of(data=None, /, *, wechat_groups=None, group_members=None, group_messages=None, deals=None,
               until=None):
    """The analysis time "now": the latest timestamp in the data (never the wall clock).

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying the tables not given.
    wechat_groups, group_members, group_messages, deals : DataFrame, optional
        Contract tables; their time columns (``created_at``, ``dissolved_at``, ``joined_at``,
        ``left_at``, ``sent_at``, ``closed_at``) are searched.
    until : str or Timestamp, optional
        An upper limit, e.g. the report's ``period_end``; a date without a time means the end
        of that day. Empty string or None: no limit. A time with a UTC offset is converted to
        local time (:data:`analysis.rules.TIMEZONE`).

    Returns
    -------
    pandas.Timestamp or None
        ``min(latest timestamp, until)``; None when the tables hold no timestamp at all
        (then ``until`` itself, if given).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["G1"], "tier": ["elite"],
    ...                   "created_at": pd.to_datetime(["2026-09-01 10:00"])})
    >>> data_as_of(wechat_groups=g)
    Timestamp('2026-09-01 10:00:00')
    >>> data_as_of(wechat_groups=g, until="2026-08-31")
    Timestamp('2026-08-31 23:59:59.999999999')
    """
    func = "data_as_of"
    t = prep.pick(data, func, optional=tuple(_TIME_COLUMNS), wechat_groups=wechat_groups,
                  group_members=group_members, group_messages=group_messages, deals=deals)
    found = [prep.times(df, name, c, func) for name, df in t.items() if df is not None
             for c in _TIME_COLUMNS[name] if c in df.columns]
    latest = prep.latest(*found)
    limit = prep.as_of(until, func)
    if limit is not None and isinstance(until, str) and limit == limit.normalize() and ":" not in until:
        limit = limit + DAY - pd.Timedelta(1, "ns")
    if latest is None:
        return limit
    return min(latest, limit) if limit is not None else latest


def owned_by(wechat_groups: pd.DataFrame, owner_staff_id: str = "", tiers: Sequence[str] = TIERS) -> pd.DataFrame:
    """The groups of one manager: rows of ``tiers`` owned by ``owner_staff_id``, other tiers kept whole.

    Parameters
    ----------
    wechat_groups : DataFrame
        The wechat_groups table.
    owner_staff_id : str
        Staff id of the manager; empty string: every group (no selection).
    tiers : sequence of str
        The tiers restricted to the manager's groups. ``("mass",)`` keeps every potential and
        elite group but only the manager's mass groups: :func:`~analysis.groups.tier_funnel` on
        that table is the funnel of the people who entered through the manager's mass groups.

    Returns
    -------
    DataFrame
        The selected rows of ``wechat_groups`` (same columns), RangeIndex.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["G1", "G2", "G3"], "tier": ["mass", "mass", "elite"],
    ...                   "owner_staff_id": ["S1", "S2", "S2"]})
    >>> owned_by(g, "S1")["group_id"].tolist()
    ['G1']
    >>> owned_by(g, "S1", tiers=["mass"])["group_id"].tolist()
    ['G1', 'G3']
    """
    func = "owned_by"
    prep.require_frame(wechat_groups, "wechat_groups", ["group_id", "tier"], func)
    if not isinstance(owner_staff_id, str):
        raise ParameterError(f"{func}: owner_staff_id must be a staff id (text), got {owner_staff_id!r}.")
    if not owner_staff_id.strip():
        return wechat_groups.reset_index(drop=True)
    prep.require_frame(wechat_groups, "wechat_groups", ["owner_staff_id"], func)
    unknown = [t for t in tiers if t not in TIERS]
    if unknown:
        raise ParameterError(f"{func}: unknown tier(s) {prep.show(unknown)}; tiers are {', '.join(TIERS)}.")
    in_tiers = wechat_groups["tier"].astype("string").isin(list(tiers)).fillna(False)
    mine = (wechat_groups["owner_staff_id"].astype("string") == owner_staff_id.strip()).fillna(False)
    return wechat_groups.loc[(~in_tiers | mine).to_numpy()].reset_index(drop=True)


def header_facts(owner_staff_id: str = "", as_of=None, language: str = "zh") -> dict[str, str]:
    """The group report's facts for :func:`analysis.report.header`: scope (one owner or every group) and "as of".

    Parameters
    ----------
    owner_staff_id : str
        The report's owner parameter (empty: every group).
    as_of : Timestamp, optional
        :func:`data_as_of` — shown with the reminder that it is the data's latest time, not today.
    language : {"zh", "en"}

    Returns
    -------
    dict
        ``{"header.scope": …, "header.as_of": …}``: pass as ``report.header(..., **facts)``.

    Examples
    --------
    >>> import pandas as pd
    >>> header_facts("B01-S03", pd.Timestamp("2026-10-31 18:00"), "en")["header.scope"]
    'Groups of owner B01-S03'
    """
    check_language(language)
    owner = owner_staff_id.strip() if isinstance(owner_staff_id, str) else ""
    scope = say("groups.scope.owner", language, owner=owner) if owner else say("groups.scope.all", language)
    when = say("groups.as_of", language, as_of=as_of) if as_of is not None and pd.notna(as_of) else "—"
    return {"header.scope": str(scope), "header.as_of": str(when)}


def data_notice(wechat_groups: pd.DataFrame, language: str = "zh") -> Sentence:
    """A warning when there are no WeChat groups in scope (every section is then empty); empty text otherwise."""
    check_language(language)
    prep.require_frame(wechat_groups, "wechat_groups", [], "data_notice")
    return say("groups.no_data", language) if wechat_groups.empty else Sentence("")
