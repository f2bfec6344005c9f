"""Tests of analysis.groups.funnel: the tier funnel, step times, mid-funnel entries, conversion.

Counts on the hand-built tables (``funnel`` in conftest.py) are worked out by hand in the
comments there. Every "# R:" constant was printed by ``Rscript tests/groups/groups_reference.R``
(R 4.2.2); the comment gives the R call. The tests do not need R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.errors import DataError, ParameterError
from analysis.schemas import empty_frame

TOL = 1e-9  # R printed with 15 significant digits


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def t(day: float) -> pd.Timestamp:
    """2026-09-<day> at midnight; fractions are hours (``t(3.5)`` = 3 Sept 12:00)."""
    return pd.Timestamp("2026-09-01") + pd.Timedelta(days=day - 1)


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


def test_funnel_counts_worked_out_by_hand(funnel):
    out = grp.tier_funnel(funnel)
    assert out["step"].tolist() == ["mass", "potential", "elite", "deal"]
    assert out["people"].tolist() == FUNNEL_COUNTS
    assert out["people"].dtype == "int64"
    assert isinstance(out.index, pd.RangeIndex)


def test_funnel_tables_by_keyword_or_data_set(funnel):
    by_keyword = grp.tier_funnel(wechat_groups=funnel["wechat_groups"], group_members=funnel["group_members"],
                                 deals=funnel["deals"])
    pd.testing.assert_frame_equal(by_keyword, grp.tier_funnel(funnel))
    # a table given by keyword replaces the data set's
    only_c = funnel["group_members"][funnel["group_members"]["person_id"] == "c"]
    assert grp.tier_funnel(funnel, group_members=only_c)["people"].tolist() == [1, 0, 0, 0]
    with pytest.raises(ParameterError, match="deals table is needed"):
        grp.tier_funnel(wechat_groups=funnel["wechat_groups"], group_members=funnel["group_members"])
    with pytest.raises(ParameterError, match="data set"):
        grp.tier_funnel(funnel["wechat_groups"])


def test_funnel_rates_and_wilson_intervals_match_r(funnel):
    out = grp.tier_funnel(funnel)
    close(out["step_rate"].iloc[1:], [5 / 7, 4 / 5, 2 / 4])
    close(out[["step_ci_low", "step_ci_high"]].iloc[1:].to_numpy(), STEP_CI)
    close(out["overall_rate"].iloc[1:], [5 / 7, 4 / 7, 2 / 7])
    close(out.loc[2, ["overall_ci_low", "overall_ci_high"]], OVERALL_ELITE_CI)
    close(out.loc[3, ["overall_ci_low", "overall_ci_high"]], OVERALL_DEAL_CI)
    # the first step is the base: no rate
    assert out.loc[0, ["step_rate", "overall_rate", "step_ci_low"]].isna().all()


def test_funnel_level_is_passed_to_the_interval(funnel):
    out = grp.tier_funnel(funnel, level=0.90)
    close(out.loc[1, ["step_ci_low", "step_ci_high"]], STEP_POTENTIAL_CI_90)


def test_funnel_people_paths(funnel):
    fp = grp.funnel_people(funnel).set_index("person_id")
    # g was never in a mass group: not in the funnel
    assert sorted(fp.index) == ["a", "b", "c", "d", "e", "f", "h"]
    assert fp["step"].to_dict() == {"a": "deal", "b": "elite", "c": "mass", "d": "mass", "e": "potential",
                                    "f": "elite", "h": "deal"}
    # e re-joined M2: the path starts at the first mass join
    assert fp.loc["e", "mass_at"] == t(1)
    assert fp.loc["d", "mass_at"] == t(2) and pd.isna(fp.loc["d", "potential_at"])
    assert fp.loc["h", "deal_at"] == t(5.5) and fp.loc["h", "deal_elite_at"] == t(2.5)


def test_deal_window_is_a_parameter(funnel):
    # window 6 days: b's deal 5 days after the elite join now counts (a, b, h); window 0: none
    wide = grp.tier_funnel(funnel, deal_window_days=6)
    assert wide["people"].tolist() == [7, 5, 4, 3]
    none = grp.tier_funnel(funnel, deal_window_days=0)
    assert none["people"].tolist() == [7, 5, 4, 0]


def test_deal_window_default_is_the_rule():
    from analysis import rules

    assert grp.DEAL_WINDOW_DAYS == rules.DEAL_WINDOW_DAYS == 3


def test_funnel_by_owner_follows_the_entry_mass_group(funnel):
    out = grp.tier_funnel(funnel, by="owner_staff_id")
    # M1 (S1): a b c d f → potential a b f → elite a b f → deal a
    # M2 (no owner): e h → potential e h → elite h → deal h
    assert out["owner_staff_id"].tolist()[:4] == ["S1"] * 4
    assert out["people"].tolist() == [5, 3, 3, 1, 2, 2, 1, 1]
    assert out["owner_staff_id"].iloc[4:].isna().all()


def test_funnel_skip_a_step_is_not_counted_at_the_later_step(funnel):
    # only c: mass → elite directly
    m = funnel["group_members"]
    assert grp.tier_funnel(funnel, group_members=m[m["person_id"] == "c"])["people"].tolist() == [1, 0, 0, 0]


def test_funnel_on_empty_tables():
    empty = {n: empty_frame(n) for n in ("wechat_groups", "group_members", "deals")}
    out = grp.tier_funnel(empty)
    assert out["people"].tolist() == [0, 0, 0, 0]
    assert out["step_rate"].isna().all()
    by = grp.tier_funnel(empty, by="branch_id")
    assert by.empty and list(by.columns)[:2] == ["branch_id", "step"]


def test_step_times_by_hand(funnel):
    out = grp.step_times(funnel).set_index("step")
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


def test_step_times_median_interval_order_statistics(funnel):
    # 20 people reach potential 1, 2, ..., 20 days after joining the mass group
    n = 20
    g = funnel["wechat_groups"].iloc[[0, 2]]
    m = pd.DataFrame({"group_id": ["M1"] * n + ["P1"] * n, "person_id": [f"p{i}" for i in range(n)] * 2,
                      "joined_at": [t(1)] * n + [t(1 + i) for i in range(1, n + 1)]})
    out = grp.step_times(wechat_groups=g, group_members=m, deals=funnel["deals"].iloc[:0]).set_index("step")
    # R: k <- qbinom(0.025, 20, 0.5); c(median(x), sort(x)[k], sort(x)[21 - k]) → 10.5, 6, 15
    # (Conover, Practical Nonparametric Statistics: n = 20 → x(6), x(15))
    close(out.loc["potential", ["median_days", "median_ci_low", "median_ci_high"]], [10.5, 6.0, 15.0])
    # R: quantile(1:20, c(0.25, 0.75), type = 7)
    close(out.loc["potential", ["q25_days", "q75_days"]], [5.75, 15.25])


def test_tier_entries_by_hand(funnel):
    out = grp.tier_entries(funnel).set_index("step")
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


def test_tier_conversion_from_each_tier(funnel):
    out = grp.tier_conversion(funnel)
    # 2 deals among 7 mass, 5 potential, 4 elite people
    assert out["people"].tolist() == [7, 5, 4] and out["deals"].tolist() == [2, 2, 2]
    close(out["rate"], [2 / 7, 2 / 5, 2 / 4])


def test_bad_parameters_name_the_argument(funnel):
    with pytest.raises(ParameterError, match="by must name columns"):
        grp.tier_funnel(funnel, by="manager")
    with pytest.raises(ParameterError, match="by cannot be"):
        grp.tier_funnel(funnel, by="tier")
    with pytest.raises(ParameterError, match="deal_window_days"):
        grp.tier_funnel(funnel, deal_window_days=-1)
    with pytest.raises(ParameterError, match="level"):
        grp.tier_funnel(funnel, level=95)
    with pytest.raises(DataError, match="deals.*closed_at"):
        grp.tier_funnel(funnel, deals=funnel["deals"].drop(columns="closed_at"))


def test_inputs_are_not_modified(funnel):
    before = {k: v.copy() for k, v in funnel.items()}
    grp.tier_funnel(funnel, by="owner_staff_id")
    grp.portfolio(funnel)
    for k, v in before.items():
        pd.testing.assert_frame_equal(v, funnel[k])
