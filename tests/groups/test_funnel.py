"""Tests of analysis.groups: the WeChat tier funnel, group health, lifecycle actions,
group size, content calendar and join-hook cost.

Counts on the hand-built frames are worked out by hand in the comments. Every "# R:"
constant was printed by ``Rscript tests/r/groups_reference.R`` (R 4.2.2, MASS 7.3-58.2,
sandwich 3.0-2, lmtest 0.9-40); the comment gives the R call. The join-hook reference case
is DESIGN.md's (20,000 joined, 15,000 yuan, 5-yuan reward). The tests do not need R.
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.errors import DataError, ParameterError
from analysis.schemas import empty_frame

TOL = 1e-9  # R printed with 15 significant digits
RTOL_GLM = 1e-8  # Poisson and binomial GLMs, both sides to full convergence: agreement seen < 1e-8
RTOL_NB = 1e-6  # negative binomial (alpha by ML, then the GLM at that alpha): agreement seen < 3e-7


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def t(day: float) -> pd.Timestamp:
    """2026-09-<day> at midnight; fractions are hours (``t(3.5)`` = 3 Sept 12:00)."""
    return pd.Timestamp("2026-09-01") + pd.Timedelta(days=day - 1)


# ===========================================================================
# The funnel: hand-built groups and people
# ===========================================================================

GROUPS = pd.DataFrame({
    "group_id": ["M1", "M2", "P1", "E1"],
    "branch_id": ["B1"] * 4,
    "tier": ["mass", "mass", "potential", "elite"],
    "owner_staff_id": ["S1", None, "S2", "S3"],
    "created_at": [t(1)] * 4,
    "dissolved_at": [pd.NaT] * 4,
})

# person  path (day of September)                                    counts at
# a       M1 1 → P1 3 → E1 5 → deal 6 (1 day after elite)             deal
# b       M1 1 → P1 2 → E1 4 → deal 9 (5 days: outside the window)    elite
# c       M1 1 → E1 4 (skips potential)                               mass
# d       P1 1 (before any mass group) → M1 2, never potential again  mass
# e       M2 1, left 2, re-joined M2 10 → P1 11                       potential (mass from day 1)
# f       M1 1 → P1 2 → E1 3, deal on day 2 (before the elite join)   elite
# g       P1 1 → E1 3, never in a mass group (from a salon)           not in the funnel
# h       M2 1 → P1 2 12:00 → E1 2 12:00 (same time) → deal 5 12:00   deal (equal times count;
#                                                                    deal exactly 3 days later)
MEMBERS = pd.DataFrame(
    [("M1", "a", t(1), None), ("P1", "a", t(3), None), ("E1", "a", t(5), None),
     ("M1", "b", t(1), None), ("P1", "b", t(2), None), ("E1", "b", t(4), None),
     ("M1", "c", t(1), None), ("E1", "c", t(4), None),
     ("P1", "d", t(1), None), ("M1", "d", t(2), None),
     ("M2", "e", t(1), t(2)), ("M2", "e", t(10), None), ("P1", "e", t(11), None),
     ("M1", "f", t(1), None), ("P1", "f", t(2), None), ("E1", "f", t(3), None),
     ("P1", "g", t(1), None), ("E1", "g", t(3), None),
     ("M2", "h", t(1), None), ("P1", "h", t(2.5), None), ("E1", "h", t(2.5), None)],
    columns=["group_id", "person_id", "joined_at", "left_at"],
).astype({"left_at": "datetime64[ns]"})
DEALS = pd.DataFrame({
    "deal_id": ["D1", "D2", "D3", "D4"],
    "person_id": ["a", "b", "f", "h"],
    "closed_at": [t(6), t(9), t(2), t(5.5)],
})

# hand count, by=None: mass a b c d e f h = 7; potential a b e f h = 5 (d's potential join came
# first, c never); elite a b f h = 4 (c skipped potential); deal a h = 2 (b too late, f too early)
FUNNEL_COUNTS = [7, 5, 4, 2]
# R: prop.test(5, 7, correct = FALSE)$conf.int ; (4, 5) ; (2, 4)
STEP_CI = [[0.358934451832619, 0.917781075995943], [0.375534629762525, 0.963775891367570],
           [0.15003898915215, 0.84996101084785]]
# R: prop.test(4, 7, correct = FALSE)$conf.int ; (2, 7)
OVERALL_ELITE_CI = [0.250458364527657, 0.841780144748530]
OVERALL_DEAL_CI = [0.0822189240040568, 0.6410655481673806]
# R: prop.test(5, 7, correct = FALSE, conf.level = 0.90)$conf.int
STEP_POTENTIAL_CI_90 = [0.408667545511198, 0.900434156437713]


def test_funnel_counts_worked_out_by_hand():
    out = grp.tier_funnel(GROUPS, MEMBERS, DEALS)
    assert out["step"].tolist() == ["mass", "potential", "elite", "deal"]
    assert out["people"].tolist() == FUNNEL_COUNTS
    assert out["people"].dtype == "int64"
    assert isinstance(out.index, pd.RangeIndex)


def test_funnel_rates_and_wilson_intervals_match_r():
    out = grp.tier_funnel(GROUPS, MEMBERS, DEALS)
    close(out["step_rate"].iloc[1:], [5 / 7, 4 / 5, 2 / 4])
    close(out[["step_ci_low", "step_ci_high"]].iloc[1:].to_numpy(), STEP_CI)
    close(out["overall_rate"].iloc[1:], [5 / 7, 4 / 7, 2 / 7])
    close(out.loc[2, ["overall_ci_low", "overall_ci_high"]], OVERALL_ELITE_CI)
    close(out.loc[3, ["overall_ci_low", "overall_ci_high"]], OVERALL_DEAL_CI)
    # the first step is the base: no rate
    assert out.loc[0, ["step_rate", "overall_rate", "step_ci_low"]].isna().all()


def test_funnel_level_is_passed_to_the_interval():
    out = grp.tier_funnel(GROUPS, MEMBERS, DEALS, level=0.90)
    close(out.loc[1, ["step_ci_low", "step_ci_high"]], STEP_POTENTIAL_CI_90)


def test_funnel_people_paths():
    fp = grp.funnel_people(GROUPS, MEMBERS, DEALS).set_index("person_id")
    # g was never in a mass group: not in the funnel
    assert sorted(fp.index) == ["a", "b", "c", "d", "e", "f", "h"]
    assert fp["step"].to_dict() == {"a": "deal", "b": "elite", "c": "mass", "d": "mass", "e": "potential",
                                    "f": "elite", "h": "deal"}
    # e re-joined M2: the path starts at the first mass join
    assert fp.loc["e", "mass_at"] == t(1)
    assert fp.loc["d", "mass_at"] == t(2) and pd.isna(fp.loc["d", "potential_at"])
    assert fp.loc["h", "deal_at"] == t(5.5) and fp.loc["h", "deal_elite_at"] == t(2.5)


def test_deal_window_is_a_parameter():
    # window 6 days: b's deal 5 days after the elite join now counts (a, b, h); window 0: none
    wide = grp.tier_funnel(GROUPS, MEMBERS, DEALS, deal_window_days=6)
    assert wide["people"].tolist() == [7, 5, 4, 3]
    none = grp.tier_funnel(GROUPS, MEMBERS, DEALS, deal_window_days=0)
    assert none["people"].tolist() == [7, 5, 4, 0]


def test_funnel_by_owner_follows_the_entry_mass_group():
    out = grp.tier_funnel(GROUPS, MEMBERS, DEALS, by="owner_staff_id")
    # M1 (S1): a b c d f → potential a b f → elite a b f → deal a
    # M2 (no owner): e h → potential e h → elite h → deal h
    assert out["owner_staff_id"].tolist()[:4] == ["S1"] * 4
    assert out["people"].tolist() == [5, 3, 3, 1, 2, 2, 1, 1]
    assert out["owner_staff_id"].iloc[4:].isna().all()


def test_funnel_skip_a_step_is_not_counted_at_the_later_step():
    # only c: mass → elite directly
    m = MEMBERS[MEMBERS["person_id"] == "c"]
    assert grp.tier_funnel(GROUPS, m, DEALS)["people"].tolist() == [1, 0, 0, 0]


def test_funnel_on_empty_tables():
    out = grp.tier_funnel(empty_frame("wechat_groups"), empty_frame("group_members"), empty_frame("deals"))
    assert out["people"].tolist() == [0, 0, 0, 0]
    assert out["step_rate"].isna().all()
    by = grp.tier_funnel(empty_frame("wechat_groups"), empty_frame("group_members"), empty_frame("deals"),
                         by="branch_id")
    assert by.empty and list(by.columns)[:2] == ["branch_id", "step"]


def test_step_times_by_hand():
    out = grp.step_times(GROUPS, MEMBERS, DEALS).set_index("step")
    # potential - mass: a 2, b 1, e 10, f 1, h 1.5 → sorted 1 1 1.5 2 10: median 1.5, quartiles 1 and 2
    assert out.loc["potential", "n"] == 5
    close(out.loc["potential", ["median_days", "q25_days", "q75_days"]], [1.5, 1.0, 2.0])
    # elite - potential: a 2, b 2, f 1, h 0 → median 1.5, quartiles 0.75 and 2
    close(out.loc["elite", ["median_days", "q25_days", "q75_days"]], [1.5, 0.75, 2.0])
    # deal - elite join: a 1, h 3 → median 2
    close(out.loc["deal", ["median_days", "q25_days", "q75_days"]], [2.0, 1.5, 2.5])
    # five people are too few for a 95% interval of the median
    assert np.isnan(out.loc["potential", "median_ci_low"])
    assert out.loc["elite", "from_step"] == "potential"


def test_step_times_median_interval_order_statistics():
    # 20 people reach potential 1, 2, ..., 20 days after joining the mass group
    n = 20
    g = GROUPS.iloc[[0, 2]]
    m = pd.DataFrame({"group_id": ["M1"] * n + ["P1"] * n, "person_id": [f"p{i}" for i in range(n)] * 2,
                      "joined_at": [t(1)] * n + [t(1 + i) for i in range(1, n + 1)]})
    out = grp.step_times(g, m, DEALS.iloc[:0]).set_index("step")
    # R: k <- qbinom(0.025, 20, 0.5); c(median(x), sort(x)[k], sort(x)[21 - k]) → 10.5, 6, 15
    # (Conover, Practical Nonparametric Statistics: n = 20 → x(6), x(15))
    close(out.loc["potential", ["median_days", "median_ci_low", "median_ci_high"]], [10.5, 6.0, 15.0])
    # R: quantile(1:20, c(0.25, 0.75), type = 7)
    close(out.loc["potential", ["q25_days", "q75_days"]], [5.75, 15.25])


def test_tier_entries_by_hand():
    out = grp.tier_entries(GROUPS, MEMBERS).set_index("step")
    # people ever in a tier: mass a b c d e f h = 7; potential a b d e f g h = 7; elite a b c f g h = 6
    assert out["people"].tolist() == [7, 7, 6]
    # in funnel order: everyone at mass; potential a b e f h; elite a b f h
    assert out["in_funnel"].tolist() == [7, 5, 4]
    # first group was potential: d (P1 before M1) and g (salon): mid-funnel entries
    assert out["entries"].tolist() == [0, 2, 0]
    # elite out of order: c (skipped potential), g (no mass group)
    assert out["out_of_order"].tolist() == [0, 0, 2]
    # R: prop.test(2, 7, correct = FALSE)$conf.int
    close(out.loc["potential", ["rate", "ci_low", "ci_high"]], [2 / 7, *OVERALL_DEAL_CI])


def test_tier_conversion_from_each_tier():
    out = grp.tier_conversion(GROUPS, MEMBERS, DEALS)
    # 2 deals among 7 mass, 5 potential, 4 elite people
    assert out["people"].tolist() == [7, 5, 4] and out["deals"].tolist() == [2, 2, 2]
    close(out["rate"], [2 / 7, 2 / 5, 2 / 4])


# ===========================================================================
# Group health on a small message log
# ===========================================================================

H_GROUPS = pd.DataFrame({
    "group_id": ["E", "P2"], "branch_id": ["B1", "B1"], "tier": ["elite", "potential"],
    "owner_staff_id": ["S1", "S1"],
    "created_at": [pd.Timestamp("2026-09-07 09:00"), pd.Timestamp("2026-09-07 09:00")],
    "dissolved_at": [pd.NaT, pd.Timestamp("2026-09-09 15:00")],
})
H_MEMBERS = pd.DataFrame({
    "group_id": ["E", "E", "E", "P2"],
    "person_id": ["a", "b", "c", "d"],
    "joined_at": pd.to_datetime(["2026-09-07 09:00", "2026-09-08 10:00", "2026-09-09 08:00", "2026-09-07 09:00"]),
    "left_at": pd.to_datetime([None, "2026-09-10 12:00", None, None]),
})
# one row per message and daily counts mixed: a's 3 games on the 7th are a daily count at midnight,
# c's 2 messages on the 9th are a daily count stamped before c joined at 08:00 (same day: active);
# x is not a member; d's message on the 10th comes after P2 was dissolved
H_MESSAGES = pd.DataFrame({
    "group_id": ["E", "E", "E", "E", "E", "E", "P2"],
    "person_id": ["a", "a", "b", "c", "a", "x", "d"],
    "sent_at": pd.to_datetime(["2026-09-07 10:00", "2026-09-07 00:00", "2026-09-08 11:00", "2026-09-09 00:00",
                               "2026-09-11 20:00", "2026-09-11 21:00", "2026-09-10 00:00"]),
    "kind": ["text", "game", "question", "text", "text", "text", "text"],
    "messages": [1, 3, 1, 2, 1, 1, 1],
})
H_AS_OF = "2026-09-13 20:00"  # a Sunday


def test_group_health_daily_by_hand():
    out = grp.group_health(H_GROUPS, H_MEMBERS, H_MESSAGES, freq="D", as_of=H_AS_OF)
    e = out[out["group_id"] == "E"].reset_index(drop=True)
    assert e["period"].dt.strftime("%m-%d").tolist() == ["09-07", "09-08", "09-09", "09-10", "09-11", "09-12",
                                                         "09-13"]
    # members per day: a; a b; a b c; a b c (b left on the 10th at noon); a c; a c; a c
    assert e["members"].tolist() == [1, 2, 3, 3, 2, 2, 2]
    assert e["member_days"].tolist() == [1, 2, 3, 3, 2, 2, 2]
    assert e["joins"].tolist() == [1, 1, 1, 0, 0, 0, 0]
    assert e["leaves"].tolist() == [0, 0, 0, 1, 0, 0, 0]
    # posted: a; b; c; nobody; a (x is not a member); nobody; nobody
    assert e["active_members"].tolist() == [1, 1, 1, 0, 1, 0, 0]
    # messages summed: 1 + 3; 1; 2; 0; 1 + 1 (x's message counts in the group's messages)
    assert e["messages"].tolist() == [4, 1, 2, 0, 2, 0, 0]
    close(e["messages_per_member_day"], [4.0, 0.5, 2 / 3, 0.0, 1.0, 0.0, 0.0])
    close(e["days_since_last_message"], [0, 0, 0, 1, 0, 1, 2])
    close(e["active_share"], [1.0, 0.5, 1 / 3, 0.0, 0.5, 0.0, 0.0])
    # P2 lives from the 7th to its dissolution on the 9th; d's message on the 10th is ignored
    p2 = out[out["group_id"] == "P2"]
    assert p2["members"].tolist() == [1, 1, 1] and p2["messages"].sum() == 0
    assert p2["days_since_last_message"].isna().all()


def test_group_health_weekly_by_hand():
    out = grp.group_health(H_GROUPS, H_MEMBERS, H_MESSAGES, freq="W", as_of=H_AS_OF)
    e = out[out["group_id"] == "E"].iloc[0]
    # week of Monday 7 Sept: members a b c; 3 joins, 1 leave; all three posted; 9 messages over
    # 1+2+3+3+2+2+2 = 15 member-days; the last message on the 11th, two days before Sunday the 13th
    assert e["period"] == pd.Timestamp("2026-09-07")
    assert (e["members"], e["joins"], e["leaves"], e["active_members"], e["messages"], e["member_days"]) == \
        (3, 3, 1, 3, 9, 15)
    close([e["messages_per_member_day"], e["days_since_last_message"], e["active_share"]], [0.6, 2.0, 1.0])
    # R: prop.test(3, 3, correct = FALSE)$conf.int
    close([e["ci_low"], e["ci_high"]], [0.438502968244955, 1.0])


def test_group_health_as_of_defaults_to_the_data_never_the_clock():
    # latest timestamp: x's message on the 11th at 21:00 → the last day is the 11th
    out = grp.group_health(H_GROUPS, H_MEMBERS, H_MESSAGES, freq="D")
    assert out.loc[out["group_id"] == "E", "period"].max() == pd.Timestamp("2026-09-11")
    assert grp.data_as_of(H_GROUPS, H_MEMBERS, H_MESSAGES) == pd.Timestamp("2026-09-11 21:00")
    assert grp.data_as_of(H_GROUPS, H_MEMBERS, H_MESSAGES, until="2026-09-10") == \
        pd.Timestamp("2026-09-10 23:59:59.999999999")


def test_group_health_messages_without_a_count_column_count_one_each():
    msgs = H_MESSAGES.drop(columns="messages")
    out = grp.group_health(H_GROUPS, H_MEMBERS, msgs, freq="W", as_of=H_AS_OF)
    # 7 rows in E's week: a, a, b, c, a, x → 6 messages
    assert out.loc[out["group_id"] == "E", "messages"].tolist() == [6]


def test_group_status_snapshot_by_hand():
    out = grp.group_status(H_GROUPS, H_MEMBERS, H_MESSAGES, as_of=H_AS_OF, window_days=7).set_index("group_id")
    assert out.loc["E", "status"] == "open" and out.loc["P2", "status"] == "dissolved"
    # E: a b c ever, a c on the 13th; all three posted in the last 7 days; last message 2 days before
    assert (out.loc["E", "ever_members"], out.loc["E", "members_now"], out.loc["E", "members"],
            out.loc["E", "active_members"]) == (3, 2, 3, 3)
    close([out.loc["E", "days_since_last_message"], out.loc["E", "age_days"]], [2.0, 6 + 11 / 24])
    # P2 lived from 7 Sept 09:00 to 9 Sept 15:00: 2.25 days, never a message (the one after it ended is ignored)
    close(out.loc["P2", "age_days"], 2.25)
    assert np.isnan(out.loc["P2", "days_since_last_message"]) and pd.isna(out.loc["P2", "last_message_at"])
    # a 2-day window (12th and 13th): a and c were members, nobody posted
    short = grp.group_status(H_GROUPS, H_MEMBERS, H_MESSAGES, as_of=H_AS_OF, window_days=2).set_index("group_id")
    assert (short.loc["E", "members"], short.loc["E", "active_members"], short.loc["E", "member_days"]) == (2, 0, 4)


def test_group_health_rejects_bad_input():
    with pytest.raises(ParameterError, match="freq"):
        grp.group_health(H_GROUPS, H_MEMBERS, H_MESSAGES, freq="M")
    with pytest.raises(DataError, match="group_members.*joined_at"):
        grp.group_health(H_GROUPS, H_MEMBERS.drop(columns="joined_at"), H_MESSAGES)
    bad = H_MEMBERS.assign(joined_at=H_MEMBERS["joined_at"].astype(object).where(H_MEMBERS.index != 1, None))
    with pytest.raises(DataError, match="row 2 \\(E, b\\)"):
        grp.group_health(H_GROUPS, bad, H_MESSAGES)
    with pytest.raises(DataError, match="tier must be one of"):
        grp.group_health(H_GROUPS.assign(tier=["elite", "vip"]), H_MEMBERS, H_MESSAGES)


# ===========================================================================
# Lifecycle actions and the portfolio
# ===========================================================================

AS_OF = "2026-09-20 12:00"
L_GROUPS = pd.DataFrame({
    "group_id": ["E1", "E2", "E3", "E4", "P1", "P2", "P3"],
    "branch_id": ["B1"] * 7,
    "tier": ["elite", "elite", "elite", "elite", "potential", "potential", "potential"],
    "owner_staff_id": ["S3", "S3", "S3", "S3", "S2", "S2", "S2"],
    "created_at": [t(15.5), t(16.5), t(18.5), t(1), t(1.5), t(1.5), t(10)],
    "dissolved_at": [pd.NaT, pd.NaT, pd.NaT, t(10), pd.NaT, pd.NaT, pd.NaT],
})
L_MEMBERS = pd.DataFrame({
    "group_id": ["E1", "E1", "E2", "E3", "E4", "P1", "P2", "P3"],
    "person_id": ["a", "b", "c", "e", "f", "d", "c", "g"],
    "joined_at": [t(15.5), t(15.5), t(16.5), t(18.5), t(1), t(2), t(3), t(10)],
})
L_MESSAGES = pd.DataFrame({
    "group_id": ["E1", "E2", "P1", "P2"], "person_id": ["a", "c", "d", "c"],
    "sent_at": [t(16), t(20), t(5), t(19)], "kind": ["text"] * 4,
})
L_DEALS = pd.DataFrame({"deal_id": ["D1"], "person_id": ["c"], "closed_at": [t(17)]})


def test_lifecycle_actions_by_hand():
    out = grp.lifecycle_actions(L_GROUPS, L_MEMBERS, L_MESSAGES, L_DEALS, as_of=AS_OF)
    # E1: elite, 5 days old, no deal → dissolve. E2: c's deal → fine. E3: 2 days old → not yet.
    # E4: already dissolved. P1: 19 days old, promoted nobody → dissolve; silent since the 5th (15 days).
    # P2: c went on to E2 → promoted. P3: 10.5 days old → not yet; never a message, 10 calendar days → silent.
    got = list(zip(out["group_id"], out["rule"], out["action"]))
    assert got == [("P1", "potential_no_promotion", "dissolve"), ("P1", "silent", "reengage"),
                   ("P3", "silent", "reengage"), ("E1", "elite_no_deal", "dissolve")]
    close(out["days"], [19.0, 15.0, 10.0, 5.0])
    close(out["threshold"], [14.0, 7.0, 7.0, 3.0])
    assert out["deals"].tolist() == [0, 0, 0, 0] and out["promoted"].tolist() == [0, 0, 0, 0]


def test_lifecycle_thresholds_are_parameters():
    # elite_days 6: E1 (5 days) is not yet due; silent_days 20: nobody is silent
    out = grp.lifecycle_actions(L_GROUPS, L_MEMBERS, L_MESSAGES, L_DEALS, as_of=AS_OF, elite_days=6,
                                silent_days=20)
    assert out["rule"].tolist() == ["potential_no_promotion"]
    with pytest.raises(ParameterError, match="silent_days"):
        grp.lifecycle_actions(L_GROUPS, L_MEMBERS, L_MESSAGES, L_DEALS, silent_days=0)


def test_lifecycle_for_one_owner_keeps_promotions_into_colleagues_groups():
    # P2 (owner S2) promoted c into E2 (owner S3): with the whole table P2 is not flagged
    out = grp.lifecycle_actions(L_GROUPS, L_MEMBERS, L_MESSAGES, L_DEALS, as_of=AS_OF, owner_staff_id="S2")
    assert out["group_id"].tolist() == ["P1", "P1", "P3"] and set(out["owner_staff_id"]) == {"S2"}
    # with S2's groups only, the promotion into S3's elite group is invisible: P2 would be flagged
    only = grp.lifecycle_actions(grp.owned_by(L_GROUPS, "S2"), L_MEMBERS, L_MESSAGES, L_DEALS, as_of=AS_OF)
    assert "P2" in set(only["group_id"])


def test_lifecycle_deal_credited_to_the_group_counts():
    # a deal of someone who is not a member, credited to E1 (group_id), ends E1's "no deal"
    deals = pd.concat([L_DEALS, pd.DataFrame({"deal_id": ["D2"], "person_id": ["z"], "closed_at": [t(17)],
                                              "group_id": ["E1"]})], ignore_index=True)
    out = grp.lifecycle_actions(L_GROUPS, L_MEMBERS, L_MESSAGES, deals, as_of=AS_OF)
    assert "elite_no_deal" not in set(out["rule"])


def test_portfolio_by_hand_against_r_bounds():
    out = grp.portfolio(GROUPS, MEMBERS, DEALS)
    assert out["owner_staff_id"].tolist()[:3] == ["S1", "S2", "S3"] and pd.isna(out["owner_staff_id"].iloc[3])
    out = out.set_index(out["owner_staff_id"].fillna("none"))
    # current members as of the latest timestamp (e joins P1 on 11 Sept): M1 a b c d f; M2 e (re-joined) h;
    # P1 a b d e f g h; E1 a b c f g h
    assert out.loc["S1", ["groups_mass", "people_mass", "people"]].tolist() == [1, 5, 5]
    assert out.loc["S2", ["groups_potential", "people_potential"]].tolist() == [1, 7]
    assert out.loc["S3", ["groups_elite", "people_elite"]].tolist() == [1, 6]
    # conversions observed: mass 2/7, potential 2/5, elite 2/4
    close(out["expected_deals"].tolist(), [5 * 2 / 7, 7 * 2 / 5, 6 * 2 / 4, 2 * 2 / 7])
    # R: 5 * prop.test(2, 7, correct = FALSE)$conf.int ; 7 * (2, 5) ; 6 * (2, 4)
    close(out.loc["S1", ["expected_ci_low", "expected_ci_high"]], [0.411094620020284, 3.205327740836903])
    close(out.loc["S2", ["expected_ci_low", "expected_ci_high"]], [0.823345419628536, 5.384930031067909])
    close(out.loc["S3", ["expected_ci_low", "expected_ci_high"]], [0.900233934912897, 5.099766065087103])
    close(out.loc["S2", ["rule_low", "rule_high"]], [0.07, 0.35])


def test_portfolio_of_one_manager_with_the_branch_conversion():
    conv = grp.tier_conversion(GROUPS, MEMBERS, DEALS)
    out = grp.portfolio(grp.owned_by(GROUPS, "S3"), MEMBERS, DEALS, conversion=conv)
    # S3 holds E1 (a b c f g h): 6 elite people at the branch's elite conversion 2/4
    assert out["owner_staff_id"].tolist() == ["S3"] and out.loc[0, "people_elite"] == 6
    close(out.loc[0, ["expected_deals", "expected_ci_low", "expected_ci_high"]],
          [3.0, 0.900233934912897, 5.099766065087103])
    # without the branch conversion, S3's own groups hold no mass step: no conversion to use
    assert np.isnan(grp.portfolio(grp.owned_by(GROUPS, "S3"), MEMBERS, DEALS).loc[0, "expected_deals"])
    with pytest.raises(ParameterError, match="conversion"):
        grp.portfolio(GROUPS, MEMBERS, DEALS, conversion=conv.iloc[:2])


def test_portfolio_counts_each_person_once_at_the_highest_tier():
    out = grp.portfolio(GROUPS, MEMBERS, DEALS, by=None)
    # a b c f g h are in E1 (elite); d e in P1 (potential) at most; nobody only in a mass group
    assert out[["people_mass", "people_potential", "people_elite", "people"]].iloc[0].tolist() == [0, 2, 6, 8]
    # R: 2 * prop.test(2, 5, ...)$conf.int + 6 * prop.test(2, 4, ...)$conf.int
    close(out.loc[0, ["expected_deals", "expected_ci_low", "expected_ci_high"]],
          [3.8, 1.13547548337819, 6.63831750253508])


# ===========================================================================
# Group size vs activity: binomial GLM against R
# ===========================================================================

SIZE = pd.DataFrame({
    "group_id": list("AABBCCDDEEFF"),
    "tier": ["elite"] * 8 + ["potential"] * 4,
    "members": [10, 10, 13, 13, 9, 9, 14, 14, 40, 42, 35, 35],
    "active_members": [6, 4, 5, 7, 5, 6, 4, 3, 9, 6, 12, 8],
})
# R: glm(cbind(active_members, members - active_members) ~ ..., family = binomial, data = health,
#        control = glm.control(epsilon = 1e-15, maxit = 100));
#    V <- vcovCL(fit, cluster = ~group_id, type = "HC1"); coeftest(fit, V, df = 5); coefci(fit, vcov. = V, df = 5)
#    (odds ratio, ci_low, ci_high, p)
R_SIZE = {
    ("unadjusted", "small"): [3.47712418300653603, 1.58817800927081065, 7.61274398302492816, 0.00946483841223098],
    ("within_tier", "small"): [2.275541795665634, 0.733151056578211, 7.062787971674692, 0.121019264654440],
    ("within_tier", "tier:elite"): [1.814693877551020, 0.546151916006220, 6.029666421940468, 0.258105791365311],
    ("size_slope", "log2_members"): [0.13685160311387143, 0.04062078426644763, 0.46105366041162388,
                                     0.00841500213703231],
    ("size_slope", "tier:elite"): [0.08656206332306468, 0.00725438557694005, 1.03289117007575060,
                                   0.05208199677397293],
}


def test_size_activity_matches_r_cluster_robust_glm():
    out = grp.size_activity(SIZE)
    assert list(zip(out["model"], out["term"])) == list(R_SIZE)
    for (model, term), ref in R_SIZE.items():
        row = out[(out["model"] == model) & (out["term"] == term)].iloc[0]
        np.testing.assert_allclose(row[["estimate", "ci_low", "ci_high", "p_value"]].to_numpy(dtype=float), ref,
                                   rtol=RTOL_GLM)
    assert set(out["n"]) == {12} and set(out["groups"]) == {6}


def test_size_activity_sign_small_groups_more_active():
    # known direction: small groups (A, C) have higher shares than large ones in the fixture
    out = grp.size_activity(SIZE)
    assert out.loc[0, "estimate"] > 1


def test_size_answer_reads_the_within_tier_estimate():
    ans = grp.size_answer(grp.size_activity(SIZE)).iloc[0]
    # within tier the interval 0.73–7.06 contains 1; unadjusted 1.59–7.61 lies above 1
    assert ans["verdict"] == "cannot_tell" and ans["raw_verdict"] == "small_more_active"


def test_size_answer_without_notes():
    # a clean estimate (no note) above 1 within tier
    c = pd.DataFrame({"model": ["unadjusted", "within_tier"], "term": ["small", "small"], "estimate": [3.0, 2.0],
                      "ci_low": [1.5, 1.2], "ci_high": [6.0, 3.3], "note": pd.array([pd.NA, pd.NA], dtype="string")})
    assert grp.size_answer(c).loc[0, "verdict"] == "small_more_active"


def test_size_activity_when_the_data_cannot_tell():
    # no tier has groups on both sides of 11: the within-tier comparison is not estimable
    one_side = SIZE[SIZE["group_id"].isin(["A", "C", "E", "F"])]
    out = grp.size_activity(one_side)
    row = out[(out["model"] == "within_tier") & (out["term"] == "small")].iloc[0]
    assert row["note"] == "not_estimable" and np.isnan(row["estimate"])
    assert grp.size_answer(out).loc[0, "verdict"] == "not_estimable"
    # one large elite group against two small ones: one group's habits, not size
    single = SIZE[SIZE["group_id"].isin(["A", "B", "C", "E", "F"])]
    assert grp.size_answer(grp.size_activity(single)).loc[0, "verdict"] == "too_few_groups"
    # three groups cannot carry three coefficients (small + two tiers' worth): not estimable
    three = SIZE[SIZE["group_id"].isin(["A", "B", "E"])]
    out = grp.size_activity(three)
    assert out.loc[out["model"] == "within_tier", "note"].eq("not_estimable").all()


def test_size_uses_each_groups_median_size_not_its_first_week():
    # group F has 8 members in its first week and 35 afterwards: it is not a small group
    h = pd.concat([SIZE, pd.DataFrame({"group_id": ["F"], "tier": ["potential"], "members": [8],
                                       "active_members": [5]})], ignore_index=True)
    out = grp.size_activity(h)
    row = out[(out["model"] == "within_tier") & (out["term"] == "small")].iloc[0]
    assert row["note"] != "not_estimable"  # still only elite has both sides
    assert grp.size_answer(out).loc[0, "verdict"] == "cannot_tell"


# ===========================================================================
# Content calendar: Poisson and negative binomial against R
# ===========================================================================

_COUNTS = {
    "A": {"text": [2, 0, 3, 1, 6, 0, 1, 14, 1, 9, 0, 2, 5, 0],
          "question": [3, 0, 2, 0, 4, 0, 0, 0, 1, 11, 0, 1, 0, 3],
          "game": [0, 4, 1, 6, 2, 0, 0, 0, 13, 0, 1, 5, 0, 0],
          "red_packet": [0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 8, 0, 0]},
    "B": {"text": [5, 2, 8, 0, 12, 1, 0, 1, 13, 1, 9, 2, 0, 6],
          "question": [6, 1, 4, 0, 9, 0, 1, 0, 0, 14, 1, 2, 0, 0],
          "game": [1, 9, 0, 11, 3, 0, 1, 0, 1, 2, 15, 4, 0, 1],
          "red_packet": [0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 6, 0, 0]},
}
_EXPOSURE = {"A": [10] * 14, "B": [20] * 5 + [19] * 4 + [18] * 5}
_DATES = pd.date_range("2026-09-07", periods=14, freq="D")  # Monday 7 to Sunday 20 September
CALENDAR = pd.DataFrame(
    [{"group_id": g, "date": _DATES[i], "weekday": grp.WEEKDAYS[i % 7], "kind": k, "messages": v[i],
      "member_days": _EXPOSURE[g][i]}
     for g, kinds in _COUNTS.items() for k, v in kinds.items() for i in range(14)]
)
# R: glm(messages ~ group_id + weekday, family = poisson, offset = log(member_days), data = daily,
#        control = tight), tight = glm.control(epsilon = 1e-15, maxit = 100) (full convergence)
#    (daily = all kinds summed per group and day); exp(b ± qnorm(0.975) se): RR, ci_low, ci_high, p
R_WEEKDAY_POISSON = {
    "tue": [1.406250000000000, 0.893779041938095, 2.212559222928129, 0.140390887361221],
    "wed": [1.7452390347886879, 1.1287658737258599, 2.6983977452262082, 0.0122537298077802],
    "thu": [1.396191227830951, 0.885490869358263, 2.201434268977658, 0.150855257905672],
    "fri": [2.57026112396152e+00, 1.70705985757958e+00, 3.86995348523680e+00, 6.14989572151440e-06],
    "sat": [0.193369891376072578, 0.080854734993333816, 0.462457948738276614, 0.000221222922727991],
    "sun": [0.41896809798149059, 0.21989754038506140, 0.79825480002573368, 0.00816771404533131],
}
# R: glm.nb(messages ~ group_id + weekday + offset(log(member_days)), data = daily, control = tight)
R_WEEKDAY_NB = {
    "tue": [1.364175604154410, 0.603170728269888, 3.085320609486475, 0.455776343900038],
    "wed": [1.715689542890068, 0.766504970325405, 3.840275955852822, 0.189142929548366],
    "thu": [1.297605402175418, 0.571771938166320, 2.944845081335635, 0.533252269389555],
    "fri": [2.4555160478359919, 1.1115510936677007, 5.4244551559792109, 0.0263179319531411],
    "sat": [0.19244531044836372, 0.06420415124763652, 0.57683493658722618, 0.00325767987357757],
    "sun": [0.4014379490724410, 0.1571053461991569, 1.0257602994057280, 0.0565430168518273],
}
# R: glm(messages ~ group_id + kind + kind:sop, family = poisson, offset = log(member_days), data = sop,
#        control = tight) and glm.nb(messages ~ group_id + kind + kind:sop + offset(log(member_days)), ...);
#    sop = question and game rows, sop = 1 on the kind's SOP days (red packets all on Fridays: left out)
R_SOP_POISSON = {"question": [1.05690135400025e+01, 4.81719539282844e+00, 2.31886062531436e+01, 4.06086728735705e-09],
                 "game": [7.41782013297435e+00, 4.47194108262734e+00, 1.23042890119724e+01, 8.42747946078660e-15]}
R_SOP_NB = {"question": [1.03665872958159e+01, 3.76766793987783e+00, 2.85232493618470e+01, 5.93733843059105e-06],
            "game": [7.41943750203055e+00, 3.12274423515415e+00, 1.76281016635421e+01, 5.65339868408605e-06]}
# R: sum(residuals(pois_wd, type = "pearson")^2) / df.residual(pois_wd); 1 / nb_wd$theta;
#    2 * (logLik(nb) - logLik(pois)) and pchisq(lr, 1, lower.tail = FALSE) / 2
R_WEEKDAY_DISPERSION = 4.09575908884386
R_WEEKDAY_ALPHA = 0.239915490612183
R_WEEKDAY_LR = [2.06559625622628e+01, 2.74828730078128e-06]
R_SOP_ALPHA = 0.726193175947572
R_SOP_LR = [3.35072905581499e+01, 3.54986830529740e-09]


def _rows(out, model, terms):
    sel = out[out["model"] == model].set_index("term")
    return sel.loc[terms, ["estimate", "ci_low", "ci_high", "p_value"]].to_numpy(dtype=float)


def test_content_calendar_poisson_matches_r():
    out = grp.content_calendar(CALENDAR, family="poisson")
    days = list(R_WEEKDAY_POISSON)
    np.testing.assert_allclose(_rows(out, "weekday", days), list(R_WEEKDAY_POISSON.values()), rtol=RTOL_GLM)
    np.testing.assert_allclose(_rows(out, "sop", ["question", "game"]), list(R_SOP_POISSON.values()),
                               rtol=RTOL_GLM)
    assert set(out["family"]) == {"poisson"}


def test_content_calendar_negative_binomial_matches_mass_glm_nb():
    out = grp.content_calendar(CALENDAR, family="negative_binomial")
    np.testing.assert_allclose(_rows(out, "weekday", list(R_WEEKDAY_NB)), list(R_WEEKDAY_NB.values()),
                               rtol=RTOL_NB)
    np.testing.assert_allclose(_rows(out, "sop", ["question", "game"]), list(R_SOP_NB.values()), rtol=RTOL_NB)


def test_overdispersion_check_matches_r_and_picks_the_negative_binomial():
    od = grp.overdispersion(CALENDAR).set_index("model")
    np.testing.assert_allclose(od.loc["weekday", "dispersion"], R_WEEKDAY_DISPERSION, rtol=RTOL_GLM)
    np.testing.assert_allclose(od.loc["weekday", "alpha"], R_WEEKDAY_ALPHA, rtol=RTOL_NB)
    np.testing.assert_allclose(od.loc["weekday", ["lr_stat", "p_value"]].to_numpy(dtype=float), R_WEEKDAY_LR,
                               rtol=RTOL_NB)
    np.testing.assert_allclose(od.loc["sop", "alpha"], R_SOP_ALPHA, rtol=RTOL_NB)
    np.testing.assert_allclose(od.loc["sop", ["lr_stat", "p_value"]].to_numpy(dtype=float), R_SOP_LR, rtol=RTOL_NB)
    assert od["family"].tolist() == ["negative_binomial", "negative_binomial"]
    auto = grp.content_calendar(CALENDAR)
    assert set(auto["family"]) == {"negative_binomial"}


def test_content_calendar_carries_the_overdispersion_check():
    out = grp.content_calendar(CALENDAR).drop_duplicates("model").set_index("model")
    od = grp.overdispersion(CALENDAR).set_index("model")
    close(out["dispersion"], od["dispersion"])
    close(out["alpha"], od["alpha"])
    close(out["overdispersion_p"], od["p_value"])


def test_overdispersion_keeps_the_poisson_when_counts_are_poisson_like():
    # the same weekly pattern twice, one group: no extra variation beyond the Poisson
    cal = pd.DataFrame({"group_id": ["A"] * 14, "date": _DATES, "weekday": list(grp.WEEKDAYS) * 2,
                        "kind": ["text"] * 14, "messages": [3, 4, 3, 4, 6, 1, 1] * 2, "member_days": [10] * 14})
    od = grp.overdispersion(cal)
    assert od.loc[0, "family"] == "poisson" and od.loc[0, "lr_stat"] < 1e-6
    assert od.loc[1, "family"] is pd.NA or pd.isna(od.loc[1, "family"])  # no planned kind: no SOP model


def test_content_calendar_flags_kinds_that_only_occur_on_sop_days():
    out = grp.content_calendar(CALENDAR, family="poisson").set_index("term")
    # red packets: 5 + 8 + 10 + 6 = 29, all on the two Fridays (member-days A 10 + 10, B 20 + 18)
    assert out.loc["red_packet", "note"] == "all_on_sop_days" and np.isnan(out.loc["red_packet", "estimate"])
    assert out.loc["red_packet", "messages"] == 29 and out.loc["red_packet", "member_days"] == 10 + 10 + 20 + 18
    # the reference weekday: Mondays, A text 2 + 14, question 3; B text 5 + 1, question 6, game 1: 32
    assert out.loc["mon", "note"] == "reference" and out.loc["mon", "estimate"] == 1.0
    assert out.loc["mon", "messages"] == 32


def test_calendar_rates_by_hand():
    r = grp.calendar_rates(CALENDAR).set_index(["weekday", "kind"])
    # Friday games: A 2 + 5, B 3 + 4 = 14 over 10 + 10 + 20 + 18 = 58 member-days; not an SOP day for games
    assert r.loc[("fri", "game"), "messages"] == 14 and r.loc[("fri", "game"), "member_days"] == 58
    assert not r.loc[("fri", "game"), "sop"] and r.loc[("tue", "game"), "sop"]
    close(r.loc[("fri", "game"), "messages_per_member_day"], 14 / 58)


def test_calendar_data_from_the_tables():
    cal = grp.calendar_data(H_GROUPS, H_MEMBERS, H_MESSAGES, as_of=H_AS_OF)
    e = cal[cal["group_id"] == "E"]
    # 7 days x 5 kinds; Monday 7th: text 1, game 3 with 1 member-day
    assert len(e) == 35
    mon = e[e["date"] == pd.Timestamp("2026-09-07")].set_index("kind")
    assert mon.loc["text", "messages"] == 1 and mon.loc["game", "messages"] == 3
    assert set(mon["member_days"]) == {1} and set(mon["weekday"]) == {"mon"}


def test_content_calendar_rejects_an_unknown_family():
    with pytest.raises(ParameterError, match="family"):
        grp.content_calendar(CALENDAR, family="gaussian")


# ===========================================================================
# Join hook: the reference case
# ===========================================================================

HOOK = pd.DataFrame({"campaign_id": ["H1", "H2"], "branch_id": ["B01", "B02"],
                     "started_at": pd.to_datetime(["2026-08-03 09:00", None]),
                     "ended_at": pd.to_datetime(["2026-08-17 09:00", None]),
                     "joined": [20_000, 0], "claimed": [3_000, 0], "reward_per_claim": [5.0, 2.0],
                     "spend": [15_000.0, 0.0]})


def test_hook_cost_reference_case_from_design():
    row = grp.hook_costs(HOOK).iloc[0]
    # DESIGN.md: 20,000 joined, 15,000 yuan spent with a 5-yuan red packet → 0.75 yuan, 15% of nominal
    close([row["nominal_cost"], row["effective_cost"], row["cost_ratio"]], [5.0, 0.75, 0.15])
    close([row["nominal_spend"], row["paid_per_claim"], row["days"]], [100_000.0, 5.0, 14.0])
    # claim rate 3,000 / 20,000; R: prop.test(3000, 20000, correct = FALSE)$conf.int
    close([row["rate"], row["ci_low"], row["ci_high"]], [0.15, 0.145118564855896, 0.155015860383378])
    close(row["joins_per_day"], 20_000 / 14)


def test_hook_cost_edge_cases():
    out = grp.hook_costs(HOOK)
    # nobody joined: no cost per member, no rate
    assert out.loc[1, ["effective_cost", "cost_ratio", "rate", "days"]].isna().all()
    with pytest.raises(DataError, match="claimed_le_joined"):
        grp.hook_costs(HOOK.assign(claimed=[30_000, 0]))
    assert grp.hook_costs(empty_frame("hook_campaigns")).empty


# ===========================================================================
# Data checks, owners, parameters
# ===========================================================================


def test_data_checks_find_the_planted_problems():
    hook = HOOK.assign(spend=[15_000.0, 5.0])  # H2: 0 claims but 5 yuan paid
    out = grp.data_checks(H_GROUPS, H_MEMBERS, H_MESSAGES, hook).set_index("rule")
    # d's message after P2 was dissolved; x was never a member of E
    assert out.loc["message_outside_life", "n_rows"] == 1 and "P2 / d" in out.loc["message_outside_life", "examples"]
    assert out.loc["message_from_non_member", "n_rows"] == 1 and "E / x" in out.loc["message_from_non_member",
                                                                                      "examples"]
    assert out.loc["hook_spend_mismatch", "examples"] == "H2"
    # c's daily count stamped at midnight before joining at 08:00 the same day is not a problem
    assert "joined_before_created" not in out.index
    # nobody here was ever in a mass group: a, b, c, d entered mid-funnel (a finding, not an error)
    assert out.loc["mid_funnel_entries", "n_rows"] == 4
    assert set(out.index) == {"message_outside_life", "message_from_non_member", "hook_spend_mismatch",
                              "mid_funnel_entries"}


def test_data_checks_clean_data_gives_an_empty_table():
    out = grp.data_checks(GROUPS.iloc[[0]], MEMBERS[MEMBERS["group_id"] == "M1"])
    assert out.empty and list(out.columns) == ["table", "rule", "n_rows", "examples", "detail"]


def test_owned_by_selects_a_managers_groups():
    assert grp.owned_by(GROUPS, "S2")["group_id"].tolist() == ["P1"]
    # mass groups restricted to the manager, the other tiers whole: the manager's funnel cohort
    assert grp.owned_by(GROUPS, "S1", tiers=["mass"])["group_id"].tolist() == ["M1", "P1", "E1"]
    assert grp.owned_by(GROUPS, "")["group_id"].tolist() == ["M1", "M2", "P1", "E1"]
    f = grp.tier_funnel(grp.owned_by(GROUPS, "S1", tiers=["mass"]), MEMBERS, DEALS)
    assert f["people"].tolist() == [5, 3, 3, 1]


def test_bad_parameters_name_the_argument():
    with pytest.raises(ParameterError, match="by must name columns"):
        grp.tier_funnel(GROUPS, MEMBERS, DEALS, by="manager")
    with pytest.raises(ParameterError, match="deal_window_days"):
        grp.tier_funnel(GROUPS, MEMBERS, DEALS, deal_window_days=-1)
    with pytest.raises(ParameterError, match="level"):
        grp.tier_funnel(GROUPS, MEMBERS, DEALS, level=95)
    with pytest.raises(DataError, match="deals.*closed_at"):
        grp.tier_funnel(GROUPS, MEMBERS, DEALS.drop(columns="closed_at"))
    with pytest.raises(ParameterError, match="as_of"):
        grp.group_status(H_GROUPS, H_MEMBERS, H_MESSAGES, as_of="yesterday-ish")


def test_inputs_are_not_modified():
    before = [GROUPS.copy(), MEMBERS.copy(), DEALS.copy()]
    grp.tier_funnel(GROUPS, MEMBERS, DEALS, by="owner_staff_id")
    grp.portfolio(GROUPS, MEMBERS, DEALS)
    for a, b in zip(before, [GROUPS, MEMBERS, DEALS]):
        pd.testing.assert_frame_equal(a, b)


def test_docstring_examples_run():
    result = doctest.testmod(grp, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


# ===========================================================================
# Every public function on the sample data: one vocabulary
# ===========================================================================

RATE_TRIPLES = [("rate", "ci_low", "ci_high"), ("active_share", "ci_low", "ci_high"),
                ("step_rate", "step_ci_low", "step_ci_high"), ("overall_rate", "overall_ci_low", "overall_ci_high"),
                ("estimate", "ci_low", "ci_high"), ("median_days", "median_ci_low", "median_ci_high"),
                ("expected_deals", "expected_ci_low", "expected_ci_high")]
FORBIDDEN = {"pval", "p_val", "pvalue", "lower", "upper", "ci_lower", "ci_upper", "conf_low", "conf_high", "count",
             "n_obs"}


@pytest.fixture(scope="module")
def sample_results(sample_dataset):
    from analysis.scope import for_branch

    s = for_branch(sample_dataset, "B01")
    w, m, msg, d, h = (s[k] for k in ("wechat_groups", "group_members", "group_messages", "deals",
                                      "hook_campaigns"))
    as_of = grp.data_as_of(w, m, msg, d)
    health = grp.group_health(w, m, msg, as_of=as_of)
    cal = grp.calendar_data(w, m, msg, as_of=as_of)
    size = grp.size_activity(health)
    return {
        "funnel_people": grp.funnel_people(w, m, d, by="branch_id"),
        "tier_funnel": grp.tier_funnel(w, m, d, by="owner_staff_id"),
        "step_times": grp.step_times(w, m, d),
        "tier_entries": grp.tier_entries(w, m),
        "tier_conversion": grp.tier_conversion(w, m, d),
        "group_health": health,
        "group_health_daily": grp.group_health(w, m, msg, freq="D", as_of=as_of),
        "group_status": grp.group_status(w, m, msg, as_of=as_of),
        "lifecycle_actions": grp.lifecycle_actions(w, m, msg, d, as_of=as_of),
        "portfolio": grp.portfolio(w, m, d, as_of=as_of),
        "size_activity": size,
        "size_answer": grp.size_answer(size),
        "calendar_data": cal,
        "calendar_rates": grp.calendar_rates(cal),
        "content_calendar": grp.content_calendar(cal),
        "overdispersion": grp.overdispersion(cal),
        "hook_costs": grp.hook_costs(h),
        "data_checks": grp.data_checks(w, m, msg, h),
        "owned_by": grp.owned_by(w, "B01-S03"),
    }


def test_every_public_function_runs_on_the_sample_with_one_vocabulary(sample_results):
    assert set(sample_results) - {"group_health_daily"} >= {
        n for n in grp.__all__ if n not in {"STEPS", "WEEKDAYS", "SOP_DAYS", "ZH", "data_as_of",
                                            "plot_size_activity"}}
    for name, df in sample_results.items():
        assert isinstance(df, pd.DataFrame), name
        assert isinstance(df.index, pd.RangeIndex), name
        assert not FORBIDDEN & set(df.columns), name
        for rate, lo, hi in RATE_TRIPLES:
            if rate in df.columns:
                assert lo in df.columns and hi in df.columns, (name, rate)
                ok = df[[lo, rate, hi]].dropna().astype(float)
                assert (ok[lo] <= ok[rate] + 1e-9).all() and (ok[rate] <= ok[hi] + 1e-9).all(), (name, rate)
        for col in ("people", "members", "messages", "member_days", "joins", "leaves", "active_members", "n",
                    "entries", "joined", "claimed", "n_rows"):
            if col in df.columns:
                assert df[col].dtype == "int64", (name, col)


def test_sample_tells_the_tier_story(sample_results):
    f = sample_results["tier_funnel"]
    # people only narrow down the funnel
    for _, block in f.groupby("owner_staff_id", dropna=False):
        assert block["people"].is_monotonic_decreasing
    hook = sample_results["hook_costs"].iloc[0]
    assert hook["campaign_id"] == "B01-H01"
    close([hook["effective_cost"], hook["cost_ratio"]], [0.75, 0.15])
    # mass groups are far larger than elite groups
    st = sample_results["group_status"]
    assert st.loc[st["tier"] == "mass", "ever_members"].min() > 5 * st.loc[st["tier"] == "elite",
                                                                             "ever_members"].max()


def test_every_function_copes_with_empty_group_tables():
    w, m, msg, d, h = (empty_frame(n) for n in ("wechat_groups", "group_members", "group_messages", "deals",
                                                "hook_campaigns"))
    health = grp.group_health(w, m, msg)
    assert health.empty
    assert grp.group_status(w, m, msg).empty
    assert grp.lifecycle_actions(w, m, msg, d).empty
    assert grp.portfolio(w, m, d).empty
    assert grp.step_times(w, m, d)["n"].tolist() == [0, 0, 0]
    assert grp.tier_entries(w, m)["people"].tolist() == [0, 0, 0]
    size = grp.size_activity(health)
    assert size["note"].eq("not_estimable").all()
    assert grp.size_answer(size).loc[0, "verdict"] == "not_estimable"
    cal = grp.calendar_data(w, m, msg)
    assert cal.empty and grp.calendar_rates(cal).empty
    cc = grp.content_calendar(cal)
    assert cc["estimate"].isna().all()
    assert grp.overdispersion(cal)["dispersion"].isna().all()
    assert grp.data_checks(w, m, msg, h).empty
    assert grp.data_as_of(w, m, msg, d) is None


def test_plot_size_activity_draws_one_series_per_tier(sample_results):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    health = sample_results["group_health"]
    fig, ax = plt.subplots()
    out = grp.plot_size_activity(health, ax=ax, language="zh")
    assert out is ax
    gids = sorted(line.get_gid() for line in ax.get_lines())
    assert gids == ["size:elite", "size:mass", "size:potential", "small_size"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["大众群", "潜在客户群", "精英群"]
    assert ax.get_xscale() == "log"
    plt.close(fig)
    fig, ax = plt.subplots()
    grp.plot_size_activity(health.iloc[:0], ax=ax)
    assert [t.get_text() for t in ax.texts] == ["无数据"]
    plt.close(fig)
