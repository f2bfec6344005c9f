"""Tests of analysis.groups.channels: joins, activity and conversion by join channel, and non-customers per tier.

The world below (September 2026, ``as_of`` 15 October; a week to post, 30 days to buy)::

    group  tier       gate             member  joined  channel              posted within 7 days  deal within 30 days
    M      mass       admits anyone    a       1st     event_qr             yes (3rd)             yes (15th)
                                       b       1st     event_qr             no (10th: too late)   no
                                       c       1st     owners_group         no                    no (5 Oct: 34 days)
                                       d       20th    owners_group         yes (21st)            (joined < 30 days ago)
                                       e       1st     (not recorded)       no                    no
    P      potential  not recorded     a       5th     (pulled from M)      yes (a daily count of the 5th)  yes
                                       f       3rd     event_qr (a salon)   no                    yes (20th)
    E      elite      customers only   a       10th    (pulled from P)      no                    yes
                                       g       12th    outbound_call        no                    no

Customers at first contact: a yes, b c e f g no, d unknown.
"""

from __future__ import annotations

import math
import shutil

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.errors import ParameterError

Z = 1.959963984540054
AS_OF = "2026-10-15"


def ts(day: str) -> pd.Timestamp:
    return pd.Timestamp(f"2026-{day}")


def wilson(x: int, n: int, z: float = Z) -> tuple[float, float]:
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def close(actual, expected, tol=1e-9):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol)


GROUPS = pd.DataFrame({"group_id": ["M", "P", "E"], "tier": ["mass", "potential", "elite"],
                       "customers_only": pd.array([False, None, True], dtype="boolean"),
                       "created_at": [ts("09-01")] * 3})
MEMBERS = pd.DataFrame(
    [("M", "a", "09-01", "event_qr", None), ("M", "b", "09-01", "event_qr", None),
     ("M", "c", "09-01", "owners_group", None), ("M", "d", "09-20", "owners_group", None),
     ("M", "e", "09-01", None, None), ("P", "a", "09-05 10:00", None, "M"), ("P", "f", "09-03", "event_qr", None),
     ("E", "a", "09-10", None, "P"), ("E", "g", "09-12", "outbound_call", None)],
    columns=["group_id", "person_id", "joined_at", "join_channel", "from_group_id"]).assign(
    joined_at=lambda d: d["joined_at"].map(ts))
MESSAGES = pd.DataFrame({"group_id": ["M", "M", "M", "P"], "person_id": ["a", "b", "d", "a"],
                         "sent_at": [ts("09-03 10:00"), ts("09-10 10:00"), ts("09-21 10:00"), ts("09-05 00:00")],
                         "kind": ["text", "text", "question", "text"], "messages": [1, 1, 1, 3]})
DEALS = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "person_id": ["a", "c", "f"],
                      "closed_at": [ts("09-15"), ts("10-05"), ts("09-20")]})
PEOPLE = pd.DataFrame({"person_id": list("abcdefg"),
                       "is_bank_customer": pd.array([True, False, False, None, False, False, False], dtype="boolean")})


@pytest.fixture
def world() -> dict:
    return {"wechat_groups": GROUPS.copy(), "group_members": MEMBERS.copy(), "group_messages": MESSAGES.copy(),
            "deals": DEALS.copy(), "people": PEOPLE.copy()}


def test_channel_summary_by_hand(world):
    out = grp.channel_summary(world, as_of=AS_OF)
    assert list(zip(out["tier"], out["join_channel"])) == [
        ("mass", "event_qr"), ("mass", "owners_group"), ("mass", "not_recorded"), ("potential", "event_qr"),
        ("potential", "from_group"), ("elite", "outbound_call"), ("elite", "from_group")]
    assert out["joins"].tolist() == [2, 2, 1, 1, 1, 1, 1] and out["people"].tolist() == [2, 2, 1, 1, 1, 1, 1]
    assert out["week_joins"].tolist() == [2, 2, 1, 1, 1, 1, 1]
    assert out["posted"].tolist() == [1, 1, 0, 0, 1, 0, 0]
    assert out["month_joins"].tolist() == [2, 1, 1, 1, 1, 1, 1]  # d joined 25 days before as_of
    assert out["converted"].tolist() == [1, 0, 0, 1, 1, 0, 1]
    close(out["posted_share"], [0.5, 0.5, 0.0, 0.0, 1.0, 0.0, 0.0])
    close(out.loc[0, ["posted_ci_low", "posted_ci_high"]], wilson(1, 2))
    close(out["conversion"], [0.5, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    close(out.loc[3, ["conversion_ci_low", "conversion_ci_high"]], wilson(1, 1))


def test_channel_summary_windows_and_without_the_column(world):
    # a 3-day window still holds a's message of the 3rd 10:00 (joined the 1st 00:00); a 2-day one does not;
    # d's message came the day after joining
    assert grp.channel_summary(world, as_of=AS_OF, active_days=3)["posted"].tolist()[:2] == [1, 1]
    assert grp.channel_summary(world, as_of=AS_OF, active_days=2)["posted"].tolist()[:2] == [0, 1]
    # as of 25 September: d joined 5 days ago (no week yet) and no owners_group join is 30 days old
    early = grp.channel_summary(world, as_of="2026-09-25")
    assert early.loc[1, ["joins", "week_joins", "month_joins"]].tolist() == [2, 1, 0]
    # without join_channel: members pulled in are "from_group", the others "not recorded"
    bare = grp.channel_summary(world, group_members=MEMBERS.drop(columns="join_channel"), as_of=AS_OF)
    assert list(zip(bare["tier"], bare["join_channel"], bare["joins"])) == [
        ("mass", "not_recorded", 5), ("potential", "from_group", 1), ("potential", "not_recorded", 1),
        ("elite", "from_group", 1), ("elite", "not_recorded", 1)]
    with pytest.raises(ParameterError, match="active_days"):
        grp.channel_summary(world, active_days=-1)


def test_customer_mix_by_hand(world):
    out = grp.customer_mix(world, as_of=AS_OF)
    assert out["tier"].tolist() == ["mass", "potential", "elite"]
    assert out["customers_only"].tolist() == [False, pd.NA, True]
    assert out[["groups", "members", "known", "unknown", "non_customers"]].to_numpy().tolist() == [
        [1, 5, 4, 1, 3], [1, 2, 2, 0, 1], [1, 2, 2, 0, 1]]
    close(out["rate"], [0.75, 0.5, 0.5])
    close(out.loc[0, ["ci_low", "ci_high"]], wilson(3, 4))
    # a person in two groups of one tier and gate counts once; without the gate column every gate is unknown
    g2 = pd.concat([GROUPS, pd.DataFrame({"group_id": ["M2"], "tier": ["mass"],
                                          "customers_only": pd.array([False], dtype="boolean"),
                                          "created_at": [ts("09-01")]})], ignore_index=True)
    m2 = pd.concat([MEMBERS, pd.DataFrame({"group_id": ["M2"], "person_id": ["b"], "joined_at": [ts("09-02")]})],
                   ignore_index=True)
    twice = grp.customer_mix(world, wechat_groups=g2, group_members=m2, as_of=AS_OF)
    assert twice.loc[0, ["groups", "members", "non_customers"]].tolist() == [2, 5, 3]
    bare = grp.customer_mix(world, wechat_groups=GROUPS.drop(columns="customers_only"), as_of=AS_OF)
    assert bare["customers_only"].isna().all() and bare["members"].tolist() == [5, 2, 2]


def test_channel_and_mix_sentences(world):
    out = grp.channel_summary(world, as_of=AS_OF)
    # mass: event_qr 1 of 2 against owners_group 0 of 1; Fisher's exact p: the tables have probabilities 2/3, 1/3 → 1
    assert grp.channels_sentence(out, language="en") == (
        "Mass group: members who joined through “Event QR code” converted most within 30 days (50.0%, 95% CI "
        "9.5%–90.5%) against 0.0% through the other channels; the difference of +50.0 pp (p-value 1.000) **does "
        "not yet show that one channel's members buy more**.")
    assert grp.channels_sentence(out.iloc[:0], language="zh").startswith("成员的进群渠道没有记录")
    assert "只记录了一种" in grp.channels_sentence(out[out["join_channel"] != "owners_group"], language="zh")
    mix = grp.customer_mix(world, as_of=AS_OF)
    assert grp.mix_sentence(mix, "zh") == (
        "首次接触时不是本行客户的成员占比：大众群 75.0%，潜在客户群 50.0%，精英群 50.0%。"
        "只收本行客户的群里有 1 位成员首次接触时不是本行客户：核对入群门槛，或更新他们的客户身份。")


def test_join_channel_and_gate_load_from_chinese_exports(sample_dir, tmp_path):
    """进群渠道 / 只限本行客户 headers and Chinese values go through the loader's alias maps."""
    from analysis.io import load_dataset

    folder = tmp_path / "data"
    shutil.copytree(sample_dir, folder)
    m = pd.read_csv(folder / "group_members.csv", dtype=str)
    m["join_channel"] = m["join_channel"].map({"event_qr": "活动二维码", "owners_group": "业主群",
                                               "outbound_call": "外呼", "mobile_banking": "手机银行"}).fillna(
        m["join_channel"])
    m.rename(columns={"join_channel": "进群渠道"}).to_csv(folder / "group_members.csv", index=False)
    g = pd.read_csv(folder / "wechat_groups.csv", dtype=str)
    g["customers_only"] = g["customers_only"].str.lower().map({"false": "否", "true": "是"})
    g.loc[0, "customers_only"] = "是"
    g.rename(columns={"customers_only": "只限本行客户"}).to_csv(folder / "wechat_groups.csv", index=False)
    ds = load_dataset(folder, tables=["branches", "staff", "communities", "people", "wechat_groups", "group_members"])
    assert len(ds.problems) == 0, ds.problems.to_string()
    counts = ds["group_members"]["join_channel"].value_counts()
    assert counts["event_qr"] > 0 and counts["owners_group"] > 0
    assert ds["wechat_groups"]["customers_only"].iloc[0] == True  # noqa: E712
