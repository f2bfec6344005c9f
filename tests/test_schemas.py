"""The data contract is internally consistent and documents itself."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import ParameterError
from analysis.schemas import COLUMN_ALIASES, TABLE_ALIASES, TABLES, VALUE_ALIASES, contract_markdown, empty_frame, get_table


def test_design_tables_are_all_in_the_contract():
    """DESIGN.md's tables (the contract table, the reach and uplift tables included) are all in the contract; the
    contract's other tables come from issue 16 (event_staff, visitor_records: on-site roles and the recording
    habit; placements: publicity placements as first touches) and issue 15 (group_daily_stats: WeCom's daily
    statistics; event_actuals: the evaluation form's actuals)."""
    design = ["branches", "staff", "communities", "entry_points", "people", "survey_responses", "survey_answers",
              "survey_questions", "events", "event_targets", "invitations", "attendance", "leads", "wechat_groups",
              "group_members", "group_messages", "deals", "hook_campaigns",
              "accounts", "partners", "campaigns", "referrals", "customer_assets", "holdings", "assignments",
              "contacts"]
    added = {"event_staff", "visitor_records", "placements", "group_daily_stats", "event_actuals"}
    assert set(design) <= set(TABLES)
    assert set(TABLES) - set(design) <= added


@pytest.mark.parametrize("name", list(TABLES))
def test_keys_and_foreign_keys_point_at_real_columns(name):
    t = TABLES[name]
    cols = set(t.column_names)
    assert set(t.key) <= cols
    for fk in t.foreign_keys:
        assert fk.column in cols
        assert fk.ref_column in TABLES[fk.ref_table].column_names
        assert TABLES[fk.ref_table].key == (fk.ref_column,), "a reference must point at the parent's key"
    for rule in t.rules:
        assert set(rule.columns) <= cols


@pytest.mark.parametrize("name", list(TABLES))
def test_no_header_alias_means_two_columns(name):
    seen = {}
    for c in TABLES[name].columns:
        for a in (c.name, *c.aliases):
            assert seen.setdefault(a, c.name) == c.name, f"{name}: {a} means {seen[a]} and {c.name}"


def test_alias_examples_from_the_issue():
    assert COLUMN_ALIASES["attendance"]["活动编号"] == "event_id"
    assert COLUMN_ALIASES["attendance"]["是否本行客户"] == "is_bank_customer"
    assert COLUMN_ALIASES["attendance"]["到场时间"] == "arrived_at"
    assert TABLE_ALIASES["签到"] == "attendance"
    assert VALUE_ALIASES["tier"]["精英群"] == "elite"


def test_value_aliases_map_to_allowed_values():
    allowed = {c.name: set(c.allowed) for t in TABLES.values() for c in t.columns if c.allowed}
    every = {}
    for t in TABLES.values():
        for c in t.columns:
            if c.allowed:
                every.setdefault(c.name, set()).update(c.allowed)
    for column, mapping in VALUE_ALIASES.items():
        assert column in allowed
        for zh, code in mapping.items():
            assert code in every[column], f"{column}: {zh} → {code} is not an allowed value"


def test_empty_frame_has_contract_dtypes():
    df = empty_frame("leads")
    assert list(df.columns) == TABLES["leads"].column_names
    assert df["captured_at"].dtype == "datetime64[ns]"
    assert df["lead_id"].dtype == pd.StringDtype()
    assert isinstance(df["outcome"].dtype, pd.CategoricalDtype)
    assert list(df["outcome"].cat.categories) == ["won", "lost", "open"]


def test_get_table_accepts_chinese_and_rejects_unknown():
    assert get_table("线索").name == "leads"
    with pytest.raises(ParameterError, match="unknown table"):
        get_table("customers")


def test_contract_markdown_documents_every_table_and_column():
    md = contract_markdown()
    for t in TABLES.values():
        assert f"## {t.name} " in md
        for c in t.columns:
            assert f"| {c.name} |" in md


def test_cross_rules_point_at_real_columns():
    from analysis.schemas import CrossRule

    for t in TABLES.values():
        for r in t.cross_rules:
            assert isinstance(r, CrossRule)
            assert set(r.columns) | {r.key} <= set(t.column_names)
            assert set(r.parent_columns) <= set(TABLES[r.parent].column_names)
            assert any(fk.column == r.key and fk.ref_table == r.parent for fk in t.foreign_keys)


def test_contract_markdown_documents_the_reading_and_plausibility_rules():
    md = contract_markdown()
    for rule in ("mixed_offsets", "ambiguous_date", "date_range", "decimal_comma", "non_finite", "overflow",
                 "personal_data_column", "personal_data", "extra_fields", "several_sheets",
                 "checkin_in_event_window"):
        assert f"`{rule}`" in md, rule
    assert "2000-01-01 and 2100-12-31" in md and "Asia/Shanghai" in md


def test_is_bank_customer_of_people_may_be_unknown():
    assert get_table("people").column("is_bank_customer").nullable
    assert not get_table("attendance").column("is_bank_customer").nullable
