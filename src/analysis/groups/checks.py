"""The group data's own checks for the data-quality section (beyond the contract's validation).

Tests: ``tests/groups/test_checks.py``; notebook section "数据质量 Data quality".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, report
from analysis.groups._tables import TIER_ORDER, dayno, groups_table, members_table, messages_table, spells, tables
from analysis.report.labels import check_language

__all__ = ["data_checks"]

def data_checks(data=None, /, *, wechat_groups=None, group_members=None, group_messages=None, hook_campaigns=None,
                language: str | None = None) -> pd.DataFrame:
    """The group data's own findings for the data-quality section (beyond the contract's validation).

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members : DataFrame
        Contract tables.
    group_messages, hook_campaigns : DataFrame, optional
    language : {"zh", "en"}, optional
        Language of ``detail`` (default English: the text of the message for a log or an analyst).

    Returns
    -------
    DataFrame
        One row per finding (none when clean):

        - ``table``; ``rule`` (code, see Notes); ``n_rows`` (int64): rows concerned;
        - ``examples``: the first few, as ids;
        - ``detail``: what it means for the analysis.

    Notes
    -----
    Rules: ``members_unknown_group``, ``joined_before_created``, ``joined_after_dissolved``,
    ``overlapping_spells`` (the same person twice in a group at once), ``mid_funnel_entries``
    (people whose first group was a potential or elite group — not an error, but they are not
    in the funnel), ``messages_unknown_group``, ``message_outside_life`` and
    ``message_from_non_member`` (compared by calendar day, so daily counts stamped at midnight
    are not flagged), ``hook_spend_mismatch`` (spend differs from claimed × reward by more
    than 1%).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["E"], "tier": ["elite"], "created_at": pd.to_datetime(["2026-09-07"])})
    >>> m = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-06"])})
    >>> data_checks(wechat_groups=g, group_members=m)["rule"].tolist()
    ['joined_before_created', 'mid_funnel_entries']
    """
    func = "data_checks"
    if language is not None:
        check_language(language)
    wechat_groups, group_members, group_messages, hook_campaigns = tables(
        data, func, ("wechat_groups", "group_members"), ("group_messages", "hook_campaigns"),
        wechat_groups=wechat_groups, group_members=group_members, group_messages=group_messages,
        hook_campaigns=hook_campaigns)
    groups = groups_table(wechat_groups, func)
    members = members_table(group_members, func)
    rows = []

    def add(table, rule, mask, frame, ids):
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            ex = [" / ".join(str(frame[c].iloc[i]) for c in ids) for i in np.flatnonzero(mask)[:prep.MAX_SHOWN]]
            rows.append({"table": table, "rule": rule, "n_rows": int(mask.sum()), "examples": prep.show(ex),
                         "detail": report.say(f"groups.check.{rule}", language or "en")})

    known = members["group_id"].isin(groups["group_id"]).to_numpy()
    add("group_members", "members_unknown_group", ~known, members, ["group_id", "person_id"])
    sp = spells(groups, members)
    add("group_members", "joined_before_created", (sp["joined_at"] < sp["created_at"]).to_numpy(), sp,
        ["group_id", "person_id"])
    add("group_members", "joined_after_dissolved",
        (sp["dissolved_at"].notna() & (sp["joined_at"] > sp["dissolved_at"])).to_numpy(), sp,
        ["group_id", "person_id"])
    s = sp.sort_values(["group_id", "person_id", "joined_at"], kind="stable").reset_index(drop=True)
    prev_end = s.groupby(["group_id", "person_id"])["left_at"].shift(1)
    same = s.duplicated(["group_id", "person_id"]).to_numpy()
    overlap = same & (prev_end.isna() | (s["joined_at"] < prev_end)).to_numpy()
    add("group_members", "overlapping_spells", overlap, s, ["group_id", "person_id"])
    sp_t = sp.assign(_t=sp["tier"].map(TIER_ORDER))
    first = sp_t.sort_values(["person_id", "joined_at", "_t"], kind="stable").drop_duplicates("person_id")
    mid = first[first["tier"] != "mass"].reset_index(drop=True)
    add("group_members", "mid_funnel_entries", np.ones(len(mid), dtype=bool), mid, ["person_id", "group_id"])
    if group_messages is not None:
        msgs = messages_table(group_messages, func)
        mk = msgs["group_id"].isin(groups["group_id"]).to_numpy()
        add("group_messages", "messages_unknown_group", ~mk, msgs, ["group_id", "person_id"])
        mg = msgs[mk].merge(groups[["group_id", "created_at", "dissolved_at"]], on="group_id").reset_index(drop=True)
        day = dayno(mg["sent_at"])
        outside = (day < dayno(mg["created_at"])) | (mg["dissolved_at"].notna().to_numpy()
                                                      & (day > dayno(mg["dissolved_at"])))
        add("group_messages", "message_outside_life", outside, mg, ["group_id", "person_id"])
        mg = mg.assign(day=day, _i=np.arange(len(mg)))
        sm_ = sp.assign(sd=dayno(sp["joined_at"]),
                        ed=dayno(pd.concat([sp["left_at"], sp["dissolved_at"]], axis=1).min(axis=1)))
        pairs = mg[["_i", "group_id", "person_id", "day"]].dropna(subset=["person_id"]).merge(
            sm_[["group_id", "person_id", "sd", "ed"]], on=["group_id", "person_id"], how="left")
        inside = (pairs["day"] >= pairs["sd"]) & ((pairs["day"] <= pairs["ed"]) | pairs["ed"].isna())
        ok_i = set(pairs.loc[inside.to_numpy(), "_i"])
        nonmember = (~mg["_i"].isin(ok_i) & mg["person_id"].notna() & ~outside).to_numpy()
        add("group_messages", "message_from_non_member", nonmember, mg, ["group_id", "person_id"])
    if hook_campaigns is not None and len(hook_campaigns):
        prep.require_frame(hook_campaigns, "hook_campaigns", ["campaign_id", "claimed", "reward_per_claim", "spend"],
                           func)
        h = hook_campaigns.reset_index(drop=True)
        expect = pd.to_numeric(h["claimed"], errors="coerce") * pd.to_numeric(h["reward_per_claim"], errors="coerce")
        spend = pd.to_numeric(h["spend"], errors="coerce")
        bad = ((spend - expect).abs() > 0.01 * np.maximum(spend.abs(), expect.abs())).fillna(False).to_numpy()
        add("hook_campaigns", "hook_spend_mismatch", bad, h, ["campaign_id"])
    out = pd.DataFrame(rows, columns=["table", "rule", "n_rows", "examples", "detail"])
    return out.astype({"table": "string", "rule": "string", "n_rows": "int64", "examples": "string",
                       "detail": "string"})
