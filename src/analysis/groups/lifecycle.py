"""Lifecycle actions (群的生命周期): which groups to dissolve or revive, and why.

The domain's rules (:mod:`analysis.rules`): an elite group with no deal in 3 days is dissolved; a
potential-customer group that promoted nobody to an elite group in 14 days is dissolved; a group
silent for a week needs new content or an end. Tests: ``tests/groups/test_lifecycle.py``; notebook
section "行动清单 Action list".
"""

from __future__ import annotations

import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.groups._tables import DAY, GROUP_COLS, activity_base, days_param, deals_table, tables, whole_days
from analysis.groups._text import Sentence, say
from analysis.groups.health import snapshot

__all__ = ["ELITE_DAYS", "POTENTIAL_DAYS", "SILENT_DAYS", "lifecycle_actions", "actions_sentence"]

#: An elite group with no deal after this many days is dissolved (:data:`analysis.rules.ELITE_DAYS`).
ELITE_DAYS = rules.ELITE_DAYS
#: A potential group that promoted nobody to an elite group in this many days is dissolved.
POTENTIAL_DAYS = rules.POTENTIAL_DAYS
#: A group with no message for this many days is flagged as silent.
SILENT_DAYS = rules.SILENT_DAYS

def _group_deals(g: pd.DataFrame, sp: pd.DataFrame, dl: pd.DataFrame, as_of) -> pd.Series:
    """Deals per group: closed by a member while a member, or credited to the group."""
    dl = dl[dl["closed_at"] <= as_of]
    via = sp[["group_id", "person_id", "joined_at", "end_at", "created_at"]].merge(
        dl[["person_id", "closed_at", "deal"]], on="person_id")
    via = via[(via["closed_at"] >= via["joined_at"]) & (via["closed_at"] <= via["end_at"])
              & (via["closed_at"] >= via["created_at"])][["group_id", "deal"]]
    cred = dl.loc[dl["group_id"].notna(), ["group_id", "closed_at", "deal"]].merge(
        g[["group_id", "created_at"]], on="group_id")
    cred = cred[cred["closed_at"] >= cred["created_at"]][["group_id", "deal"]]
    both = pd.concat([via, cred], ignore_index=True).drop_duplicates()
    return both.groupby("group_id").size()


def _promotions(sp: pd.DataFrame) -> pd.Series:
    """People promoted from each potential group to an elite group (joined elite later, or pulled from it)."""
    pot = sp.loc[sp["tier"] == "potential", ["group_id", "person_id", "joined_at"]]
    eli = sp.loc[sp["tier"] == "elite", ["person_id", "joined_at", "from_group_id"]]
    later = pot.merge(eli[["person_id", "joined_at"]].rename(columns={"joined_at": "elite_at"}), on="person_id")
    later = later.loc[later["elite_at"] >= later["joined_at"], ["group_id", "person_id"]]
    pulled = eli.loc[eli["from_group_id"].isin(pot["group_id"]), ["from_group_id", "person_id"]]
    pulled = pulled.rename(columns={"from_group_id": "group_id"})
    both = pd.concat([later, pulled], ignore_index=True).drop_duplicates()
    return both.groupby("group_id").size()


def lifecycle_actions(data=None, /, *, wechat_groups=None, group_members=None, group_messages=None, deals=None,
                      as_of=None, elite_days: float = ELITE_DAYS, potential_days: float = POTENTIAL_DAYS,
                      silent_days: int = SILENT_DAYS, owner_staff_id: str = "") -> pd.DataFrame:
    """The list a manager acts on: groups to dissolve or revive, each with its reason.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members, group_messages, deals : DataFrame
        Contract tables (``group_messages`` and ``deals`` may be empty).
    as_of : str or Timestamp, optional
        The time "now"; default the latest timestamp in the tables (never the wall clock).
    elite_days : float, default 3
        An open elite group older than this with no deal yet: dissolve.
    potential_days : float, default 14
        An open potential group older than this that promoted nobody to an elite group: dissolve.
    silent_days : int, default 7
        An open group whose last message is this many calendar days old or more (or that never
        had one and was created that many calendar days ago): re-engage or dissolve.
    owner_staff_id : str, default ""
        List only this staff member's groups (empty: every group). Pass the whole
        ``wechat_groups`` table rather than one manager's groups: a promotion into a colleague's
        elite group still counts.

    Returns
    -------
    DataFrame
        One row per open group and rule it breaks, sorted by owner, rule and days:

        - ``group_id``, ``branch_id``, ``tier``, ``owner_staff_id``, ``created_at``, ``age_days``,
          ``members_now``;
        - ``deals`` (int64): deals so far (by members while members, or credited to the group);
        - ``promoted`` (int64): people promoted to an elite group (potential groups; 0 otherwise);
        - ``days_since_last_message``;
        - ``rule``: ``elite_no_deal``, ``potential_no_promotion`` or ``silent``;
        - ``group_action``: ``dissolve`` or ``reengage`` (named so, not ``action``, because
          ``action`` is the events' "what to do next time" text in the report vocabulary);
        - ``days``: the measured days (age, or days since the last message);
        - ``threshold``: the rule's limit in days.

    Notes
    -----
    The domain's rules: an elite group with no deal in 3 days is dissolved; a potential
    group that promoted nobody to elite in 2 weeks is dissolved; most groups die within a
    month, so a silent group needs new content or an end. A promotion is a member who later
    joined an elite group, or an elite member whose ``from_group_id`` is the group.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["E"], "tier": ["elite"], "created_at": pd.to_datetime(["2026-09-01"])})
    >>> m = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-01"])})
    >>> msg = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "sent_at": pd.to_datetime(["2026-09-05"])})
    >>> d = pd.DataFrame({"person_id": ["b"], "closed_at": pd.to_datetime(["2026-09-02"])})
    >>> out = lifecycle_actions(wechat_groups=g, group_members=m, group_messages=msg, deals=d, as_of="2026-09-05 12:00")
    >>> out[["group_id", "rule", "group_action", "days"]]
      group_id           rule group_action  days
    0        E  elite_no_deal  dissolve   4.5
    """
    func = "lifecycle_actions"
    elite_days = days_param(elite_days, "elite_days", func)
    potential_days = days_param(potential_days, "potential_days", func)
    silent_days = whole_days(silent_days, "silent_days", func)
    wechat_groups, group_members, group_messages, deals = tables(
        data, func, ("wechat_groups", "group_members", "group_messages", "deals"), wechat_groups=wechat_groups,
        group_members=group_members, group_messages=group_messages, deals=deals)
    b = activity_base(wechat_groups, group_members, group_messages, as_of, func)
    as_of = b["as_of"]
    st = snapshot(b, silent_days, rules.LEVEL)
    dl = deals_table(deals, func)
    st["deals"] = st["group_id"].map(_group_deals(b["groups"], b["spells"], dl, as_of)).fillna(0).astype("int64")
    st["promoted"] = st["group_id"].map(_promotions(b["spells"])).fillna(0).astype("int64")
    st = st[st["status"] == "open"]
    if not isinstance(owner_staff_id, str):
        raise ParameterError(f"{func}: owner_staff_id must be a staff id (text), got {owner_staff_id!r}.")
    if owner_staff_id.strip():
        st = st[(st["owner_staff_id"] == owner_staff_id.strip()).fillna(False).to_numpy()]
    since_created = ((as_of.normalize() - st["created_at"].dt.normalize()) / DAY).astype(float)
    silent_for = st["days_since_last_message"].fillna(since_created)
    checks = [
        ("elite_no_deal", "dissolve", (st["tier"] == "elite") & (st["age_days"] > elite_days) & (st["deals"] == 0),
         st["age_days"], elite_days),
        ("potential_no_promotion", "dissolve",
         (st["tier"] == "potential") & (st["age_days"] > potential_days) & (st["promoted"] == 0),
         st["age_days"], potential_days),
        ("silent", "reengage", silent_for >= silent_days, silent_for, float(silent_days)),
    ]
    parts = [st.loc[mask.fillna(False).to_numpy()].assign(rule=rule, group_action=action,
                                                           days=days[mask.fillna(False).to_numpy()],
                                                           threshold=limit, _r=i)
             for i, (rule, action, mask, days, limit) in enumerate(checks)]
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["owner_staff_id", "_r", "days"], ascending=[True, True, False], na_position="last",
                          kind="stable").reset_index(drop=True)
    cols = [*GROUP_COLS, "created_at", "age_days", "members_now", "deals", "promoted", "days_since_last_message",
            "rule", "group_action", "days", "threshold"]
    return out[cols].astype({"rule": "string", "group_action": "string", "days": "float64", "threshold": "float64",
                             "deals": "int64", "promoted": "int64"})


def actions_sentence(actions: pd.DataFrame, language: str = "zh") -> Sentence:
    """How many groups need action, and which action (the line above the action list).

    Parameters
    ----------
    actions : DataFrame
        :func:`lifecycle_actions`.
    language : {"zh", "en"}

    Returns
    -------
    Sentence
        "No group needs action." or "3 groups need action: 2 to dissolve, 1 to re-engage or
        dissolve." (groups counted once per action).

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"group_id": ["P1", "P1", "E1"], "group_action": ["dissolve", "reengage", "dissolve"]})
    >>> actions_sentence(a, "en")
    '**2 group(s) need action**: 2 to dissolve, 1 to re-engage or dissolve.'
    """
    prep.require_frame(actions, "actions", ["group_id", "group_action"], "actions_sentence")
    if actions.empty:
        return say("groups.actions.none", language)
    per = actions.groupby("group_action")["group_id"].nunique()
    return say("groups.actions.some", language, groups=actions["group_id"].nunique(),
               dissolve=int(per.get("dissolve", 0)), reengage=int(per.get("reengage", 0)))
