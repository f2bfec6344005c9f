"""Tests of analysis.events.roles: greeter duties, entrance roles, building captains, the atmosphere role.

The literal booth below is counted by hand ("# hand:"); intervals and tests are R's (the call beside
each constant) or closed forms written out here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import events as E
from analysis.errors import DataError

T = pd.Timestamp


def t(hhmm):
    return T("2026-09-05 " + hhmm)

def wilson(x, n, z=1.959963984540054):
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_greeter_shifts_count_arrivals_gaps_and_records_per_duty(booth):
    s = E.greeter_shifts(booth)
    assert s["duty"].tolist() == ["greeter", "greeter", "no_greeter"]
    assert s["staff_id"].tolist()[:2] == ["B01-S06", "B01-S07"] and pd.isna(s["staff_id"].iloc[2])
    assert s["from_at"].tolist() == [t("10:00"), t("11:00"), t("11:45")]
    assert s["duty_minutes"].tolist() == [60.0, 45.0, 15.0]
    # hand: a b c P9 n1 n2 before 11:00; d e in S07's duty; f at 11:50 with nobody greeting
    assert s["arrivals"].tolist() == [6, 2, 1]
    np.testing.assert_allclose(s["arrivals_per_hour"], [6.0, 2 / 45 * 60, 4.0])
    # hand: gaps of 10+ min: 10:05→10:20 (15) and 10:23→11:10 (47) begin in S06's hour; 11:12→11:50 (38) in
    # S07's; the last arrival to the end 11:50→12:00 (10, a booth) while nobody greeted
    assert s["long_gaps"].tolist() == [2, 1, 1]
    assert s["longest_gap_minutes"].tolist() == [47.0, 38.0, 10.0]
    # hand: S07 wrote V2 and V3 while on greeter duty (11:15, 11:20); S06 wrote R2 at 11:30 as receiver
    assert s["records_on_duty"].tolist() == [0, 2, 0]
    assert s["receiving"].tolist() == [False, True, False]


def test_greeter_shifts_need_a_greeter_on_the_roster(booth):
    no_greeter = booth["event_staff"].loc[booth["event_staff"]["role"] != "greeter"]
    assert E.greeter_shifts({**booth, "event_staff": no_greeter}).empty


def test_entrance_roles(booth):
    r = E.entrance_roles(booth).set_index("entrance")
    assert r.index.tolist() == ["greeter", "no_greeter", "captain", "invited"]
    # hand: walk-ins a b c d e while someone greeted (b a customer), f after 11:45; n1 n2 came with the
    # captain P9 (n2 a customer); P9 came on a staff invitation
    assert r["arrivals"].tolist() == [5, 1, 2, 1]
    assert r["strangers"].tolist() == [4, 1, 1, 0]
    # R: prop.test(4, 5, correct = FALSE)$conf.int
    np.testing.assert_allclose(r.loc["greeter", ["ci_low", "ci_high"]], [0.375534629762525, 0.963775891367570],
                               atol=1e-9)
    np.testing.assert_allclose(r["duty_hours"].iloc[:2], [1.75, 0.25])
    np.testing.assert_allclose(r["arrivals_per_hour"].iloc[:2], [5 / 1.75, 4.0])
    assert r["duty_hours"].iloc[2:].isna().all()


def test_captain_guests_and_their_strangers(booth):
    c = E.captain_guests(booth)
    assert c[["event_id", "person_id", "captain_attended", "guests", "strangers"]].values.tolist() == \
        [["B1", "P9", True, 2, 1]]
    # R: prop.test(1, 2, correct = FALSE)$conf.int
    np.testing.assert_allclose(c.loc[0, ["ci_low", "ci_high"]], [0.0945312057342307, 0.9054687942657692], atol=1e-9)
    pooled = E.captain_guests(booth, by_captain=False)
    assert pooled[["event_id", "guests", "strangers"]].values.tolist() == [["all", 2, 1]]


def test_a_captain_who_stayed_home_still_owns_the_guests(booth):
    att = booth["attendance"].loc[booth["attendance"]["person_id"] != "P9"]
    c = E.captain_guests({**booth, "attendance": att}).iloc[0]
    assert (bool(c["captain_attended"]), int(c["guests"])) == (False, 2)


def test_roles_text(booth):
    s = E.greeter_shifts(booth)
    c = E.captain_guests(booth, by_captain=False)
    assert E.roles_text(s, c) == ("2 个引客班次：2 个出现 10 分钟以上的客流空档，1 个班次引客人在桌前登记客户（接待而不是引客）；"
                                  "无人引客的时段出现 1 次空档。楼栋长带来 2 位客人，其中陌生客户 1 位（50.0%，95% 区间 9.5%–90.5%）。")
    assert E.roles_text(s.iloc[:0], language="en").startswith("No on-site roles recorded")


def test_the_roster_is_checked_against_the_contract(booth):
    bad = booth["event_staff"].assign(to_at=[t("09:00")] + booth["event_staff"]["to_at"].tolist()[1:])
    with pytest.raises(DataError, match="to_after_from"):
        E.greeter_shifts({**booth, "event_staff": bad})
    both_filled = booth["event_staff"].assign(person_id="P9")
    with pytest.raises(DataError, match="staff_or_resident"):
        E.greeter_shifts({**booth, "event_staff": both_filled})
    odd = booth["event_staff"].assign(role=["greeter", "receiver", "greeter", "receiver", "mascot"])
    with pytest.raises(DataError, match="role must be"):
        E.greeter_shifts({**booth, "event_staff": odd})


# ---------------------------------------------------------------------------
# the atmosphere role (fixture activities: A1, A4 with someone on the atmosphere; A2, A3 without; a
# salon with a roster, another kind, left out of the comparison)
# ---------------------------------------------------------------------------

def _fisher(a, b, c, d):
    """Two-sided Fisher exact p of [[a, b], [c, d]], summed by hand over the tables with the same margins."""
    r1, c1, n = a + b, a + c, a + b + c + d

    def prob(x):
        return math.comb(c1, x) * math.comb(n - c1, r1 - x) / math.comb(n, r1)

    observed = prob(a)
    return sum(prob(x) for x in range(max(0, r1 + c1 - n), min(r1, c1) + 1) if prob(x) <= observed * (1 + 1e-7))


def test_atmosphere_families_compare_like_with_like(activities):
    f = E.atmosphere_families(activities).set_index("measure")
    assert f.index.tolist() == ["with_children", "brought_along"]
    # hand: A1 and A4 had the role (A4 recorded no children), A2 and A3 did not (A3's third is unknown);
    # the salon is another kind
    assert f.loc["with_children", ["events_with", "events_without", "attendees_with", "attendees_without"]].tolist() \
        == [2, 2, 4, 7]
    np.testing.assert_allclose(f.loc["with_children", ["share_with", "share_without", "estimate"]],
                               [2 / 4, 1 / 7, 2 / 4 - 1 / 7])
    assert f.loc["with_children", "method"] == "fisher"
    # R: fisher.test(matrix(c(2, 2, 1, 6), 2, byrow = TRUE))$p.value
    assert f.loc["with_children", "p_value"] == pytest.approx(0.490909090909091, abs=1e-12)
    assert f.loc["with_children", "p_value"] == pytest.approx(_fisher(2, 2, 1, 6), abs=1e-12)
    assert f.loc["brought_along", ["attendees_with", "attendees_without"]].tolist() == [6, 8]
    np.testing.assert_allclose(f.loc["brought_along", ["share_with", "share_without"]], [1 / 6, 0.0])


def test_atmosphere_stay_is_welch_over_events(activities):
    s = E.atmosphere_stay(activities).iloc[0]
    assert s["measure"] == "arrival_span_minutes"  # no check-outs recorded
    # hand: spans A1 40, A4 60 with the role; A2 50, A3 30 without
    assert (s["events_with"], s["events_without"], s["minutes_with"], s["minutes_without"]) == (2, 2, 50.0, 40.0)
    # R: t.test(c(40, 60), c(50, 30)): df = 2, so t = 10 / sqrt(200), p = 1 - t / sqrt(2 + t^2) in closed form
    tt = 10 / math.sqrt(200)
    assert s["p_value"] == pytest.approx(1 - tt / math.sqrt(2 + tt * tt), abs=1e-12)
    assert s["p_value"] == pytest.approx(0.552786404500042, abs=1e-12)
    np.testing.assert_allclose([s["ci_low"], s["ci_high"]], [-50.8486984459331, 70.8486984459331], atol=1e-9)


def test_atmosphere_stay_uses_check_outs_when_recorded(activities):
    t4 = dict(activities)
    att = t4["attendance"]
    t4["attendance"] = att.assign(left_at=att["arrived_at"] + pd.to_timedelta(np.where(
        att["event_id"].isin(["A1", "A4"]), 60, 30), unit="min"))
    s = E.atmosphere_stay(t4).iloc[0]
    assert (s["measure"], s["minutes_with"], s["minutes_without"]) == ("stay_minutes", 60.0, 30.0)


def test_atmosphere_needs_both_groups(activities):
    t4 = dict(activities)
    t4["event_staff"] = t4["event_staff"].loc[t4["event_staff"]["role"] != "atmosphere"]
    assert E.atmosphere_families(t4).empty and E.atmosphere_stay(t4).empty


def test_entrance_roles_pooled_over_events(booth):
    two = {**booth,
           "events": pd.concat([booth["events"], booth["events"].assign(event_id="B2")], ignore_index=True),
           "event_staff": pd.concat([booth["event_staff"], booth["event_staff"].assign(event_id="B2")]),
           "attendance": pd.concat([booth["attendance"], booth["attendance"].assign(event_id="B2")]),
           "invitations": pd.concat([booth["invitations"], booth["invitations"].assign(event_id="B2")])}
    p = E.entrance_roles(two, pooled=True).set_index("entrance")
    # hand: the same booth twice
    assert p["arrivals"].tolist() == [10, 2, 4, 2] and p["strangers"].tolist() == [8, 2, 2, 0]
    np.testing.assert_allclose(p["duty_hours"].iloc[:2], [3.5, 0.5])
    assert set(p["event_id"]) == {"all"} and p["duty_hours"].iloc[2:].isna().all()


# ---------------------------------------------------------------------------
# the sample generator tells the stories of issue 16
# ---------------------------------------------------------------------------

def test_the_sample_booth_whose_greeter_stayed_at_the_table(sample_tables):
    s = E.greeter_shifts(sample_tables)
    receiving = s.loc[s["receiving"]]
    # one greeter duty writes records: the second hour of the booth with the most gaps after its first hour
    assert receiving[["event_id", "from_at"]].values.tolist() == [["B03-E09", T("2026-10-22 10:30")]]
    hour2 = receiving.iloc[0]
    assert hour2["long_gaps"] >= 2 and hour2["records_on_duty"] >= 5
    first = s.loc[(s["event_id"] == "B03-E09") & (s["from_at"] == T("2026-10-22 09:30"))].iloc[0]
    assert first["arrivals"] > hour2["arrivals"]


def test_the_sample_booth_whose_greeter_came_late(sample_tables):
    s = E.greeter_shifts(sample_tables)
    late = s.loc[(s["event_id"] == "B01-E08")]
    assert late["duty"].tolist()[0] == "no_greeter" and late["long_gaps"].tolist()[0] == 1
    assert late["to_at"].tolist()[0] == T("2026-09-07 16:13")


def test_the_sample_captains_bring_neighbours_and_atmosphere_brings_families(sample_tables):
    c = E.captain_guests(sample_tables)
    assert len(c) >= 10 and (c["guests"] >= 1).all() and c["captain_attended"].all()
    f = E.atmosphere_families(sample_tables).set_index("measure")
    assert f.loc["with_children", "estimate"] > 0 and f.loc["with_children", "ci_low"] > 0
