"""Tests of analysis.groups.lifecycle: the 3-day / 14-day / silent rules and the action sentence.

The hand-built groups are ``life`` in conftest.py (times are days of September 2026).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis import rules
from analysis.errors import ParameterError

AS_OF = "2026-09-20 12:00"


def t(day: float) -> pd.Timestamp:
    return pd.Timestamp("2026-09-01") + pd.Timedelta(days=day - 1)


def close(actual, expected, tol=1e-9):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


def test_lifecycle_actions_by_hand(life):
    out = grp.lifecycle_actions(life, as_of=AS_OF)
    # E1: elite, 5 days old, no deal → dissolve. E2: c's deal → fine. E3: 2 days old → not yet.
    # E4: already dissolved. P1: 19 days old, promoted nobody → dissolve; silent since the 5th (15 days).
    # P2: c went on to E2 → promoted. P3: 10.5 days old → not yet; never a message, 10 calendar days → silent.
    got = list(zip(out["group_id"], out["rule"], out["group_action"]))
    assert got == [("P1", "potential_no_promotion", "dissolve"), ("P1", "silent", "reengage"),
                   ("P3", "silent", "reengage"), ("E1", "elite_no_deal", "dissolve")]
    close(out["days"], [19.0, 15.0, 10.0, 5.0])
    close(out["threshold"], [14.0, 7.0, 7.0, 3.0])
    assert out["deals"].tolist() == [0, 0, 0, 0] and out["promoted"].tolist() == [0, 0, 0, 0]


def test_lifecycle_thresholds_are_parameters(life):
    # elite_days 6: E1 (5 days) is not yet due; silent_days 20: nobody is silent
    out = grp.lifecycle_actions(life, as_of=AS_OF, elite_days=6, silent_days=20)
    assert out["rule"].tolist() == ["potential_no_promotion"]
    with pytest.raises(ParameterError, match="silent_days"):
        grp.lifecycle_actions(life, silent_days=0)
    with pytest.raises(ParameterError, match="elite_days must be a number of days"):
        grp.lifecycle_actions(life, elite_days="3")


def test_lifecycle_defaults_are_the_rules():
    assert (grp.ELITE_DAYS, grp.POTENTIAL_DAYS, grp.SILENT_DAYS) == \
        (rules.ELITE_DAYS, rules.POTENTIAL_DAYS, rules.SILENT_DAYS) == (3, 14, 7)


def test_lifecycle_for_one_owner_keeps_promotions_into_colleagues_groups(life):
    # P2 (owner S2) promoted c into E2 (owner S3): with the whole table P2 is not flagged
    out = grp.lifecycle_actions(life, as_of=AS_OF, owner_staff_id="S2")
    assert out["group_id"].tolist() == ["P1", "P1", "P3"] and set(out["owner_staff_id"]) == {"S2"}
    # with S2's groups only, the promotion into S3's elite group is invisible: P2 would be flagged
    only = grp.lifecycle_actions(life, wechat_groups=grp.owned_by(life["wechat_groups"], "S2"), as_of=AS_OF)
    assert "P2" in set(only["group_id"])


def test_lifecycle_deal_credited_to_the_group_counts(life):
    # a deal of someone who is not a member, credited to E1 (group_id), ends E1's "no deal"
    deals = pd.concat([life["deals"], pd.DataFrame({"deal_id": ["D2"], "person_id": ["z"], "closed_at": [t(17)],
                                                    "group_id": ["E1"]})], ignore_index=True)
    out = grp.lifecycle_actions(life, deals=deals, as_of=AS_OF)
    assert "elite_no_deal" not in set(out["rule"])


def test_actions_sentence_counts_groups_per_action(life):
    out = grp.lifecycle_actions(life, as_of=AS_OF)
    # P1 twice (dissolve, re-engage), P3 re-engage, E1 dissolve: 3 groups, 2 to dissolve, 2 to re-engage
    assert grp.actions_sentence(out, "en") == \
        "**3 group(s) need action**: 2 to dissolve, 2 to re-engage or dissolve."
    assert grp.actions_sentence(out, "zh") == "**3 个群需要处理**：2 个建议解散，2 个需要激活内容或解散。"
    assert grp.actions_sentence(out.iloc[:0], "en") == "✓ No group needs action."
    # a paragraph in the notebook, the answer in bold
    assert grp.actions_sentence(out, "en")._repr_html_().startswith("<p><b>3 group(s) need action</b>")
