"""New customers, conversion, days to opening (Kaplan–Meier against R) and cost, on the literal fixture."""

import numpy as np
import pandas as pd
import pytest

from analysis import DataError, ParameterError, reach


def test_new_customers_are_non_customers_with_an_account(tiny):
    nc = reach.new_customer_table(tiny)
    # hand count: met (not customers at first contact) P1, P2, P4, P5, P6, P7; opened P2, P5, P7
    assert sorted(nc["person_id"]) == ["P1", "P2", "P4", "P5", "P6", "P7"]
    assert sorted(nc.loc[nc["opened"], "person_id"]) == ["P2", "P5", "P7"]
    assert nc.set_index("person_id").loc["P2", "days_to_open"] == pytest.approx(2.0)


def test_new_customers_by_channel_with_shares(tiny):
    out = reach.new_customers(tiny, by="channel", period_start="2026-09-01", period_end="2026-09-30")
    assert dict(zip(out["channel"], out["new_customers"])) == {"event": 1, "group": 1, "smart_community": 1}
    assert out["all_new_customers"].tolist() == [3, 3, 3]
    # R 4.2.2: prop.test(1, 3, correct = FALSE)$conf.int
    np.testing.assert_allclose(out[["ci_low", "ci_high"]].iloc[0], [0.0614919447203963, 0.7923403991979523], rtol=1e-9)


def test_new_customers_by_campaign_and_period(tiny):
    out = reach.new_customers(tiny, by="campaign_id")
    assert out["campaign"].isna().tolist() == [True, False] and out["campaign"].iloc[1] == "K1"
    assert out["new_customers"].tolist() == [2, 1]  # P2, P5 without a campaign; P7 in K1 (P8 was a customer)
    assert reach.new_customers(tiny, by=None, period_start="2026-09-10", period_end="2026-09-30")[
        "new_customers"].tolist() == [1]  # P5 on 09-20


def test_conversion_by_first_source(tiny):
    c = reach.conversion(tiny).set_index("first_source")
    # hand count: survey P1, P4 (none opened); event P2 (opened); group P5 (opened); referral P6; account P7
    assert c["people_met"].to_dict() == {"account": 1, "event": 1, "group": 1, "referral": 1, "survey": 2}
    assert c["opened"].to_dict() == {"account": 1, "event": 1, "group": 1, "referral": 0, "survey": 0}
    one = reach.conversion(tiny, by=None)
    assert (one["people_met"].item(), one["opened"].item()) == (6, 3)
    # R 4.2.2: prop.test(3, 6, correct = FALSE)$conf.int
    np.testing.assert_allclose(one[["ci_low", "ci_high"]].iloc[0], [0.187616306482651, 0.812383693517349], rtol=1e-9)


def test_days_to_open_quartiles_match_r_survfit(tiny):
    d = reach.days_to_open(tiny)
    assert (d["people_met"].item(), d["opened"].item(), d["censored"].item()) == (6, 3, 3)
    # R 4.2.2, survival 3.5.3: quantile(survfit(Surv(c(0, 2, 8, 10, 17, 18 + 14/24), c(1, 1, 0, 1, 0, 0)) ~ 1),
    #   c(0.25, 0.5, 0.75))$quantile -> 2 10 NA
    assert d["q25_days"].item() == pytest.approx(2.0)
    assert d["median_days"].item() == pytest.approx(10.0)
    assert np.isnan(d["q75_days"].item())


def test_cost_per_new_customer_of_events_and_campaigns(tiny):
    e = reach.cost_per_new_customer(tiny, by="event")
    assert e[["event_id", "cost", "new_customers", "cost_per_new_customer"]].values.tolist() == [["E1", 1000.0, 1, 1000.0]]
    c = reach.cost_per_new_customer(tiny, by="campaign")
    assert c[["campaign", "cost", "new_customers", "cost_per_new_customer"]].values.tolist() == [["K1", 1500.0, 1, 1500.0]]


def test_account_before_first_contact_is_a_data_error(tiny):
    acc = pd.concat([tiny["accounts"], pd.DataFrame({
        "account_id": ["A9"], "person_id": ["P4"], "branch_id": ["B1"], "opened_at": [pd.Timestamp("2026-09-02 09:00")],
        "kind": ["debit_card"], "channel": ["event"]}).astype({"account_id": "string", "person_id": "string"})],
        ignore_index=True)
    with pytest.raises(DataError, match=r"table accounts, column opened_at.*account_before_first_contact.*A9, P4"):
        reach.new_customers(dict(tiny, accounts=acc))
    # the same opening through the smart-community platform is the person's first touch: no error
    ok = acc.assign(channel=acc["channel"].where(acc["account_id"] != "A9", "smart_community"))
    assert reach.new_customers(dict(tiny, accounts=ok), by=None)["new_customers"].item() == 4


def test_unknown_grouping_is_a_parameter_error(tiny):
    with pytest.raises(ParameterError, match="by must be one of"):
        reach.new_customers(tiny, by="colour")
