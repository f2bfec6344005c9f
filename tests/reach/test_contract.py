"""The reach tables of the data contract: row rules, rules across tables and references, through load_dataset."""

import pandas as pd
import pytest

from analysis.io import load_dataset, write_dataset


#: The tables the reach tables reference (a smaller folder than the whole sample: faster to write and read).
NEEDED = ("branches", "staff", "communities", "entry_points", "people", "events", "partners", "campaigns",
          "placements", "accounts", "referrals")


@pytest.fixture(scope="module")
def base(sample_tables):
    return {k: sample_tables[k] for k in NEEDED}


def _load(tables, tmp_path):
    write_dataset(tables, tmp_path)
    return load_dataset(tmp_path, errors="report", tables=list(NEEDED))


def test_the_sample_reach_tables_load_clean(sample_dataset):
    assert not len(sample_dataset.problems)
    for name in ("partners", "campaigns", "placements", "accounts", "referrals"):
        assert len(sample_dataset[name]), name


@pytest.mark.parametrize("table,change,rule", [
    ("partners", lambda df: df.assign(ended_at=df["signed_at"] - pd.Timedelta(days=1)), "ended_after_signed"),
    ("partners", lambda df: df.assign(signed_at=pd.NaT).assign(stage="active"), "signed_stage_has_date"),
    ("campaigns", lambda df: df.assign(ends_at=df["starts_at"] - pd.Timedelta(days=1)), "ends_after_start"),
    ("campaigns", lambda df: df.assign(budget=-1.0), "range"),
    ("accounts", lambda df: df.assign(partner_id=pd.array(["PT99"] * len(df), dtype="string")), "foreign_key"),
    ("referrals", lambda df: df.assign(referrer_id=df["person_id"]), "not_self_referral"),
])
def test_a_broken_row_is_rejected_with_its_rule(base, tmp_path, table, change, rule):
    t = dict(base)
    t[table] = change(t[table].head(1)).pipe(lambda row: pd.concat([row, t[table].iloc[1:]], ignore_index=True))
    ds = _load(t, tmp_path)
    found = ds.problems.loc[ds.problems["table"] == table, "rule"].tolist()
    assert any(rule in r for r in found), found


def test_an_account_credited_to_an_event_before_the_event_day_is_rejected(base, tmp_path):
    t = dict(base)
    acc = t["accounts"]
    i = acc.index[acc["event_id"].notna()][0]
    start = t["events"].set_index("event_id").loc[acc.loc[i, "event_id"], "starts_at"]
    t["accounts"] = acc.assign(opened_at=acc["opened_at"].mask(acc.index == i, start - pd.Timedelta(days=1)))
    ds = _load(t, tmp_path)
    assert "opened_before_event" in ds.problems["rule"].tolist()


def test_an_event_partner_that_does_not_exist_is_a_foreign_key_error(base, tmp_path):
    t = dict(base)
    ev = t["events"]
    t["events"] = ev.assign(partner_id=ev["partner_id"].mask(ev["partner_id"].notna(), "PT98"))
    ds = _load(t, tmp_path)
    p = ds.problems
    assert ((p["table"] == "events") & (p["column"] == "partner_id") & (p["rule"] == "foreign_key")).any()


def test_chinese_headers_and_values_are_read(base, tmp_path):
    write_dataset({k: base[k] for k in ("branches", "staff", "communities", "people")}, tmp_path)
    (tmp_path / "partners.csv").write_text("合作方编号,网点编号,商户名称,商户类型,合作阶段,签约日期\n"
                                           "PT01,B01,鲜果坊,水果商户,合作中,2026-08-01\n", encoding="utf-8")
    ds = load_dataset(tmp_path, errors="report", tables=["branches", "staff", "communities", "people", "partners"])
    assert not len(ds.problems)
    assert ds["partners"][["partner_id", "kind", "stage"]].astype(str).values.tolist() == \
        [["PT01", "fruit_seller", "active"]]
