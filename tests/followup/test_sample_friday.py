"""The sample's Friday booth (issue 16): its 72 hours cross the weekend, and no earlier row changed."""

from __future__ import annotations

import pandas as pd

import analysis.sample as sample_module
from analysis.followup import lead_clocks, rule_24_72
from analysis.sample import FRIDAY_CASE


def test_the_friday_booth_and_its_leads(sample_tables):
    ev = sample_tables["events"].set_index("event_id")
    assert ev.loc["B02-E10", "starts_at"] == pd.Timestamp("2026-10-23 10:00")  # a Friday
    assert ev.loc["B02-E10", "starts_at"].day_name() == "Friday" and ev.loc["B02-E10", "kind"] == "booth"
    leads = sample_tables["leads"].query("event_id == 'B02-E10'")
    assert len(leads) == len(FRIDAY_CASE["leads"]) == 8
    assert leads["lead_id"].tolist() == [f"L{i:05d}" for i in range(416, 424)]  # after every other lead
    c = lead_clocks(leads, as_of="2026-10-27 21:09")
    assert c["crosses_off_day"].tolist() == [1] * 8  # Saturday and Sunday inside every lead's 72 hours
    # the five called on Monday are late on the calendar clock and on time on the working clock
    monday = c.loc[leads["first_contact_at"].dt.day_name().eq("Monday").to_numpy()]
    assert len(monday) == 5 and (monday["contact_status"] == "late").all()
    assert (monday["contact_status_working"] == "met").all()
    cal = rule_24_72(leads, as_of="2026-10-27 21:09")
    work = rule_24_72(leads, as_of="2026-10-27 21:09", clock="working")
    assert cal["met"].tolist()[0] == 2 and work["met"].tolist()[0] == 7  # 2 same-afternoon calls; + 5 on Monday
    deals = sample_tables["deals"].query("event_id == 'B02-E10'")
    assert len(deals) == 2 and deals["deal_id"].tolist() == ["D00096", "D00097"]


def test_the_friday_booth_only_adds_rows(monkeypatch):
    import analysis.sample.reach as reach_stage
    import analysis.sample.uplift as uplift_stage

    # the stages after the Friday booth (reach, uplift: new tables drawn from the ones before) are left out of both
    monkeypatch.setattr(reach_stage, "reach_practice", lambda tables, seed: tables)
    monkeypatch.setattr(uplift_stage, "uplift_practice", lambda tables, seed: tables)
    new = sample_module.make_sample(0)
    monkeypatch.setattr(sample_module, "_friday_event", lambda tables, seed, end: tables)
    old = sample_module.make_sample(0)
    keys = {"leads": "lead_id", "deals": "deal_id", "people": "person_id", "events": "event_id",
            "visitor_records": "record_id"}
    added = {}
    for name, before in old.items():
        after = new[name]
        if name in keys:
            kept = after[after[keys[name]].isin(before[keys[name]])].reset_index(drop=True)
        else:
            kept = after.merge(before, how="inner")
        assert len(kept) == len(before), name
        if name in keys:
            pd.testing.assert_frame_equal(kept, before.reset_index(drop=True), obj=name)
        added[name] = len(after) - len(before)
    assert {k: v for k, v in added.items() if v} == {"people": 30, "events": 1, "attendance": 30, "event_staff": 4,
                                                      "visitor_records": 8, "leads": 8, "deals": 2}
    # the default evaluation time of every report stays where it was: the latest lead timestamp
    cols = ["captured_at", "first_contact_at", "closed_at"]
    assert new["leads"][cols].max().max() == old["leads"][cols].max().max() == pd.Timestamp("2026-10-27 21:09")
