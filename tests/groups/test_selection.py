"""Tests of analysis.groups.selection: "as of", one manager's groups, the report's header facts.

The timezone tests pin the package's one rule (analysis.rules.TIMEZONE): an aware time is converted
to Asia/Shanghai and stored naive; a naive time is local already. The groups module used to drop
the zone instead (``2026-09-30 18:00+00:00`` read as 18:00, eight hours off followup's answer).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import groups as grp
from analysis import prep
from analysis.errors import ParameterError

UTC_EVENING = "2026-09-30 18:00+00:00"
LOCAL = pd.Timestamp("2026-10-01 02:00")


def test_owned_by_selects_a_managers_groups(funnel):
    g = funnel["wechat_groups"]
    assert grp.owned_by(g, "S2")["group_id"].tolist() == ["P1"]
    # mass groups restricted to the manager, the other tiers whole: the manager's funnel cohort
    assert grp.owned_by(g, "S1", tiers=["mass"])["group_id"].tolist() == ["M1", "P1", "E1"]
    assert grp.owned_by(g, "")["group_id"].tolist() == ["M1", "M2", "P1", "E1"]
    f = grp.tier_funnel(funnel, wechat_groups=grp.owned_by(g, "S1", tiers=["mass"]))
    assert f["people"].tolist() == [5, 3, 3, 1]
    with pytest.raises(ParameterError, match="unknown tier"):
        grp.owned_by(g, "S1", tiers=["vip"])


def test_as_of_with_a_utc_offset_is_converted_to_local_time(health):
    # the same moment written in UTC and in local time gives the same snapshot
    aware = grp.group_status(health, as_of=UTC_EVENING)
    naive = grp.group_status(health, as_of="2026-10-01 02:00")
    pd.testing.assert_frame_equal(aware, naive)
    # and the same answer as prep (and so every other domain)
    assert prep.as_of(UTC_EVENING, "test") == LOCAL
    assert grp.data_as_of(health, until=UTC_EVENING) == pd.Timestamp("2026-09-11 21:00")
    assert grp.data_as_of({}, until=UTC_EVENING) == LOCAL
    assert grp.data_as_of({}, until=pd.Timestamp(UTC_EVENING)) == LOCAL
    assert grp.data_as_of({}, until="2026-10-01 02:00") == LOCAL


def test_aware_timestamps_in_the_tables_are_converted_to_local_time(health):
    # the tables exported in UTC (8 hours behind Shanghai) give the same results as the local ones
    utc = {name: df.assign(**{c: df[c].dt.tz_localize("Asia/Shanghai").dt.tz_convert("UTC")
                              for c in df.columns if c.endswith("_at")})
           for name, df in health.items()}
    assert str(utc["group_members"]["joined_at"].dt.tz) == "UTC"
    as_of = "2026-09-13 12:00+00:00"  # 20:00 in Shanghai
    pd.testing.assert_frame_equal(grp.group_health(utc, freq="D", as_of=as_of),
                                  grp.group_health(health, freq="D", as_of="2026-09-13 20:00"))
    assert grp.data_as_of(utc) == grp.data_as_of(health) == pd.Timestamp("2026-09-11 21:00")
    # text with an offset, mixed with naive text, in one column
    text = health["group_members"].assign(joined_at=["2026-09-07 01:00Z", "2026-09-08 10:00", "2026-09-09 00:00+00:00",
                                                     "2026-09-07 09:00"])
    got = grp.group_status(health, group_members=text, as_of="2026-09-13 20:00")
    pd.testing.assert_frame_equal(got, grp.group_status(health, as_of="2026-09-13 20:00"))


def test_data_as_of_needs_no_table_and_refuses_a_non_frame(health):
    assert grp.data_as_of() is None
    assert grp.data_as_of(wechat_groups=health["wechat_groups"]) == pd.Timestamp("2026-09-09 15:00")
    with pytest.raises(ParameterError, match="deals must be a pandas DataFrame"):
        grp.data_as_of(health, deals=[1, 2])
    with pytest.raises(ParameterError, match="as_of must be a date"):
        grp.data_as_of(health, until="end of month")


def test_header_facts_and_the_no_data_notice(funnel):
    facts = grp.header_facts("B01-S03", pd.Timestamp("2026-10-31 18:00"), "zh")
    assert facts == {"header.scope": "群主 B01-S03 的群", "header.as_of": "2026-10-31 18:00（数据中最晚的时间，不是今天的日期）"}
    en = grp.header_facts("", None, "en")
    assert en == {"header.scope": "Every group", "header.as_of": "—"}
    assert grp.data_notice(funnel["wechat_groups"], "en") == ""
    assert grp.data_notice(funnel["wechat_groups"].iloc[:0], "en").startswith("⚠ No WeChat group data")
