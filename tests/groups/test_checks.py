"""Tests of analysis.groups.checks: the group data's own findings for the data-quality section."""

from __future__ import annotations

from analysis import groups as grp


def test_data_checks_find_the_planted_problems(health, hook):
    hook = hook.assign(spend=[15_000.0, 5.0])  # H2: 0 claims but 5 yuan paid
    out = grp.data_checks(health, hook_campaigns=hook).set_index("rule")
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


def test_data_checks_clean_data_gives_an_empty_table(funnel):
    g = funnel["wechat_groups"].iloc[[0]]
    m = funnel["group_members"][funnel["group_members"]["group_id"] == "M1"]
    out = grp.data_checks(wechat_groups=g, group_members=m)
    assert out.empty and list(out.columns) == ["table", "rule", "n_rows", "examples", "detail"]


def test_data_checks_detail_in_the_reports_language(health):
    en = grp.data_checks(health).set_index("rule")
    # the default is the English message (as before the report layer)
    assert en.loc["message_outside_life", "detail"] == \
        "sent before the group was created or after it was dissolved; ignored"
    zh = grp.data_checks(health, language="zh").set_index("rule")
    assert zh.loc["message_outside_life", "detail"] == "消息发在建群之前或解散之后；已忽略"
    assert (zh["n_rows"] == en["n_rows"]).all()
    # every rule the checks can report has a label and a detail in both languages
    from analysis.report import LABELS, SENTENCES

    for rule in ("members_unknown_group", "joined_before_created", "joined_after_dissolved", "overlapping_spells",
                 "mid_funnel_entries", "messages_unknown_group", "message_outside_life", "message_from_non_member",
                 "hook_spend_mismatch"):
        assert f"rule={rule}" in LABELS and f"groups.check.{rule}" in SENTENCES
