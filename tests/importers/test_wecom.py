"""The WeCom importer (issue 15) on payload fixtures written from the API's documented field names
(tests/importers/data/wecom: groupchat/list, groupchat/get twice for one group, statistic_group_by_day,
statistic by owner, externalcontact/get). Names and phone numbers in the fixtures are generated.

Hand count of the fixtures (times Asia/Shanghai):

- group wrOg…JVAAAA "翠苑一区理财精英群", owner wuli (→ B07-S03), created 2026-09-01 08:00. List of 09-01:
  wuli (staff), sun (…OAAAA, join 09-01 09:00, scene 1 invited by wuli), he (…bbbb, 10:00, scene 3),
  feng (…cccc, 11:00, scene 2). List of 09-08: wuli, sun, feng, qian (…dddd, 09-06 10:00, scene 3).
  → he left before the list of 09-08 (left_at 2026-09-08 00:00); 4 spells.
- group wrOg…gT_AAAA "翠苑邻里福利群", owner B07-S01, one list (fetched 2026-09-08 09:00): he (08-27 09:00),
  zheng (…eeee, 08-27 10:00), both scene 3 → 2 spells. Total 6 spells; 2 staff entries set aside.
- sun has remark_mobiles 13811112222 → person id = hash of that phone (the sign-in sheets' id).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli
from analysis.errors import DataError, ParameterError
from analysis.importers import daily_health, import_wecom, parse_tier_rule, read_wecom
from analysis.io import load_dataset

SALT = "test-salt"
DATA = Path(__file__).parent / "data" / "wecom"
ELITE, MASS = "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", "wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAA"
SUN, HE = "wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA", "wmOgQhDgAAbbbbbbbbbbbbbbbbbbbbbb"
SECRETS = ["孙悦", "何平", "冯晓", "钱强", "郑云", "孙姐", "老何", "13811112222", "ozynqsulJFCZ2z1aYeS8h"]


def _h(kind, value):
    return "H" + hmac.new(SALT.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:16]


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "branches.csv").write_text("branch_id,name,city\nB07,城西支行,杭州\n", encoding="utf-8")
    (d / "staff.csv").write_text("staff_id,branch_id,role\nB07-S01,B07,branch_head\nB07-S03,B07,wealth_manager\n",
                                 encoding="utf-8")
    (d / "communities.csv").write_text("community_id,branch_id,name,households\nB07-C01,B07,西溪花园,800\n",
                                       encoding="utf-8")
    (d / "people.csv").write_text("person_id,community_id,is_bank_customer\n", encoding="utf-8")
    return d


def _read(folder, **kw):
    return read_wecom([DATA], folder, branch_id="B07", staff_map={"wuli": "B07-S03"}, salt=SALT, **kw)


def test_groups_members_and_stats_by_hand_count(folder):
    r = _read(folder)
    g = r["wechat_groups"].set_index("group_id")
    assert g.loc[ELITE, "tier"] == "elite" and g.loc[MASS, "tier"] == "mass"  # default rule: name~精英 → elite
    assert g.loc[ELITE, "owner_staff_id"] == "B07-S03" and g.loc[MASS, "owner_staff_id"] == "B07-S01"
    assert g.loc[ELITE, "created_at"] == pd.Timestamp("2026-09-01 08:00")
    m = r["group_members"]
    assert len(m) == 6
    he = m[(m["group_id"] == ELITE) & (m["person_id"] == _h("wechat_id", HE))]
    assert he["joined_at"].tolist() == [pd.Timestamp("2026-09-01 10:00")]
    assert he["left_at"].tolist() == [pd.Timestamp("2026-09-08 00:00")]  # the first list without him
    assert int(m["left_at"].notna().sum()) == 1
    sun = m[m["person_id"] == _h("phone", "13811112222")]
    assert sun["join_channel"].tolist() == ["other"]  # scene 1, invited by a staff member
    elite = m[m["group_id"] == ELITE].sort_values("joined_at")  # sun, he, feng, qian
    assert elite["join_channel"].astype(str).tolist() == ["other", "event_qr", "member_referral", "event_qr"]
    assert any("2 staff member entries (type 1)" in s for s in r.set_aside)
    assert any("1 group(s) of groupchat/list without their details" in s for s in r.set_aside)
    assert any(s.startswith("tiers by the rule") and "1 mass, 0 potential, 1 elite" in s for s in r.notes)
    st = r["group_daily_stats"].sort_values(["owner_staff_id", "day"])
    assert st[["owner_staff_id", "day", "member_total", "member_has_msg", "msg_total"]].values.tolist() == [
        ["B07-S01", pd.Timestamp("2026-09-01"), 2, 0, 0],
        ["B07-S03", pd.Timestamp("2026-09-01"), 3, 2, 12],
        ["B07-S03", pd.Timestamp("2026-09-02"), 3, 1, 4]]
    p = r["people"].set_index("person_id")
    assert p.loc[_h("phone", "13811112222"), "gender"] == "female" and p.loc[_h("wechat_id", HE), "gender"] == "male"


def test_tier_rule_given_by_the_user(folder):
    r = _read(folder, tier_rule="members>=3:potential,name~福利:mass,*:elite")
    g = r["wechat_groups"].set_index("group_id")["tier"].astype(str).to_dict()
    assert g == {ELITE: "potential", MASS: "mass"}  # 3 customers on the latest list of the elite-named group
    assert any(">= 3 customers → potential" in s for s in r.notes)


def test_import_validates_reimport_adds_nothing_and_no_personal_data_is_written(folder):
    files = sorted(DATA.iterdir())
    before = {p: p.read_bytes() for p in files}
    _r, added = import_wecom([DATA], folder, branch_id="B07", staff_map={"wuli": "B07-S03"}, salt=SALT)
    assert added["group_members"] == 6
    ds = load_dataset(folder)
    assert len(ds.problems) == 0 and len(ds["group_daily_stats"]) == 3
    _r, again = import_wecom([DATA], folder, branch_id="B07", staff_map={"wuli": "B07-S03"}, salt=SALT)
    assert set(again.values()) == {0}
    assert {p: p.read_bytes() for p in files} == before
    for f in folder.iterdir():
        text = f.read_text(encoding="utf-8-sig")
        assert not any(s in text for s in SECRETS), f


def test_daily_health_against_the_wilson_formula():
    st = pd.DataFrame({"branch_id": ["B07"], "owner_staff_id": ["B07-S03"], "day": [pd.Timestamp("2026-09-01")],
                       "new_chat_cnt": [1], "chat_total": [1], "chat_has_msg": [1], "new_member_cnt": [3],
                       "member_total": [3], "member_has_msg": [2], "msg_total": [12]})
    h = daily_health(st).iloc[0]
    # Wilson score interval, written out: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964
    z, n, p = 1.959963984540054, 3, 2 / 3
    centre, half = (p + z * z / (2 * n)), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert h["rate"] == pytest.approx(2 / 3)
    assert h["ci_low"] == pytest.approx((centre - half) / (1 + z * z / n), abs=1e-9)
    assert h["ci_high"] == pytest.approx((centre + half) / (1 + z * z / n), abs=1e-9)
    assert h["messages_per_member"] == pytest.approx(4.0) and h["n"] == 3


def test_unknown_owner_api_error_and_untimed_lists_are_errors(folder, tmp_path):
    with pytest.raises(DataError) as exc:
        read_wecom([DATA], folder, branch_id="B07", salt=SALT)  # no --staff-map: wuli is not a staff id
    got = exc.value.problems[["table", "column", "rule"]].values.tolist()
    assert ["wechat_groups", "owner", "unknown_staff"] in got and ["group_daily_stats", "owner", "unknown_staff"] in got
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "err.json").write_text(json.dumps({"errcode": 40001, "errmsg": "invalid credential"}), encoding="utf-8")
    one = json.loads((DATA / "groupchat_get_2026-09-01.json").read_text(encoding="utf-8"))
    (bad / "a.json").write_text(json.dumps(one), encoding="utf-8")
    (bad / "b.json").write_text(json.dumps(one), encoding="utf-8")
    (bad / "c.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_wecom([bad], folder, branch_id="B07", staff_map={"wuli": "B07-S03"}, salt=SALT)
    rules = set(exc.value.problems["rule"])
    assert {"api_error", "snapshot_time", "not_json"} <= rules
    assert not any(s in str(exc.value) for s in SECRETS)


def test_tier_rule_parsing():
    assert parse_tier_rule("members>=200:mass,name~精英:精英群,*:potential") == [
        ("members", ">=", 200, "mass"), ("name", "~", "精英", "elite"), ("any", "", None, "potential")]
    for bad in ("members>>2:mass", "name~精英:vip", "mass", "name~(:elite"):
        with pytest.raises(ParameterError):
            parse_tier_rule(bad)


def test_cli_import_wecom(folder, capsys, monkeypatch):
    monkeypatch.setenv("ANALYSIS_PERSON_SALT", SALT)
    assert cli.main(["import-wecom", str(DATA), "--out", str(folder), "--branch", "B07", "--staff-map",
                     "wuli=B07-S03", "--tier-rule", "name~精英:elite,*:mass"]) == 0
    out = capsys.readouterr().out
    assert "created: 6 row(s) of group_members" in out and "1 mass, 0 potential, 1 elite" in out
    assert not any(s in out for s in SECRETS)
    assert cli.main(["import-wecom", str(DATA), "--out", str(folder), "--branch", "B07", "--tier-rule", "x"]) == 1
    assert "--tier-rule" in capsys.readouterr().err
