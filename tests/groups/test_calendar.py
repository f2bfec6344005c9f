"""Tests of analysis.groups.calendar: the content calendar, Poisson and negative binomial against R.

Every "# R:" constant was printed by ``Rscript tests/groups/groups_reference.R`` (R 4.2.2, MASS
7.3-58.2); the comment gives the R call. The count-model machinery itself is tested in
``tests/stats/test_counts.py``. The tests do not need R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import groups as grp
from analysis.errors import DataError, ParameterError

TOL = 1e-9
RTOL_GLM = 1e-8  # Poisson GLM, both sides to full convergence: agreement seen < 1e-8
RTOL_NB = 1e-6  # negative binomial (alpha by ML, then the GLM at that alpha): agreement seen < 3e-7
H_AS_OF = "2026-09-13 20:00"


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=0, atol=tol)


_COUNTS = {
    "A": {"text": [2, 0, 3, 1, 6, 0, 1, 14, 1, 9, 0, 2, 5, 0],
          "question": [3, 0, 2, 0, 4, 0, 0, 0, 1, 11, 0, 1, 0, 3],
          "game": [0, 4, 1, 6, 2, 0, 0, 0, 13, 0, 1, 5, 0, 0],
          "red_packet": [0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 8, 0, 0]},
    "B": {"text": [5, 2, 8, 0, 12, 1, 0, 1, 13, 1, 9, 2, 0, 6],
          "question": [6, 1, 4, 0, 9, 0, 1, 0, 0, 14, 1, 2, 0, 0],
          "game": [1, 9, 0, 11, 3, 0, 1, 0, 1, 2, 15, 4, 0, 1],
          "red_packet": [0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 6, 0, 0]},
}
_EXPOSURE = {"A": [10] * 14, "B": [20] * 5 + [19] * 4 + [18] * 5}
_DATES = pd.date_range("2026-09-07", periods=14, freq="D")  # Monday 7 to Sunday 20 September
CALENDAR = pd.DataFrame(
    [{"group_id": g, "date": _DATES[i], "weekday": grp.WEEKDAYS[i % 7], "kind": k, "messages": v[i],
      "member_days": _EXPOSURE[g][i]}
     for g, kinds in _COUNTS.items() for k, v in kinds.items() for i in range(14)]
)
# R: glm(messages ~ group_id + weekday, family = poisson, offset = log(member_days), data = daily,
#        control = tight), tight = glm.control(epsilon = 1e-15, maxit = 100) (full convergence)
#    (daily = all kinds summed per group and day); exp(b ± qnorm(0.975) se): RR, ci_low, ci_high, p
R_WEEKDAY_POISSON = {
    "tue": [1.406250000000000, 0.893779041938095, 2.212559222928129, 0.140390887361221],
    "wed": [1.7452390347886879, 1.1287658737258599, 2.6983977452262082, 0.0122537298077802],
    "thu": [1.396191227830951, 0.885490869358263, 2.201434268977658, 0.150855257905672],
    "fri": [2.57026112396152e+00, 1.70705985757958e+00, 3.86995348523680e+00, 6.14989572151440e-06],
    "sat": [0.193369891376072578, 0.080854734993333816, 0.462457948738276614, 0.000221222922727991],
    "sun": [0.41896809798149059, 0.21989754038506140, 0.79825480002573368, 0.00816771404533131],
}
# R: glm.nb(messages ~ group_id + weekday + offset(log(member_days)), data = daily, control = tight)
R_WEEKDAY_NB = {
    "tue": [1.364175604154410, 0.603170728269888, 3.085320609486475, 0.455776343900038],
    "wed": [1.715689542890068, 0.766504970325405, 3.840275955852822, 0.189142929548366],
    "thu": [1.297605402175418, 0.571771938166320, 2.944845081335635, 0.533252269389555],
    "fri": [2.4555160478359919, 1.1115510936677007, 5.4244551559792109, 0.0263179319531411],
    "sat": [0.19244531044836372, 0.06420415124763652, 0.57683493658722618, 0.00325767987357757],
    "sun": [0.4014379490724410, 0.1571053461991569, 1.0257602994057280, 0.0565430168518273],
}
# R: glm(messages ~ group_id + kind + kind:sop, family = poisson, offset = log(member_days), data = sop,
#        control = tight) and glm.nb(messages ~ group_id + kind + kind:sop + offset(log(member_days)), ...);
#    sop = question and game rows, sop = 1 on the kind's SOP days (red packets all on Fridays: left out)
R_SOP_POISSON = {"question": [1.05690135400025e+01, 4.81719539282844e+00, 2.31886062531436e+01, 4.06086728735705e-09],
                 "game": [7.41782013297435e+00, 4.47194108262734e+00, 1.23042890119724e+01, 8.42747946078660e-15]}
R_SOP_NB = {"question": [1.03665872958159e+01, 3.76766793987783e+00, 2.85232493618470e+01, 5.93733843059105e-06],
            "game": [7.41943750203055e+00, 3.12274423515415e+00, 1.76281016635421e+01, 5.65339868408605e-06]}
# R: sum(residuals(pois_wd, type = "pearson")^2) / df.residual(pois_wd); 1 / nb_wd$theta;
#    2 * (logLik(nb) - logLik(pois)) and pchisq(lr, 1, lower.tail = FALSE) / 2
R_WEEKDAY_DISPERSION = 4.09575908884386
R_WEEKDAY_ALPHA = 0.239915490612183
R_WEEKDAY_LR = [2.06559625622628e+01, 2.74828730078128e-06]
R_SOP_ALPHA = 0.726193175947572
R_SOP_LR = [3.35072905581499e+01, 3.54986830529740e-09]


def _rows(out, model, terms):
    sel = out[out["model"] == model].set_index("term")
    return sel.loc[terms, ["estimate", "ci_low", "ci_high", "p_value"]].to_numpy(dtype=float)


def test_content_calendar_poisson_matches_r():
    out = grp.content_calendar(CALENDAR, family="poisson")
    days = list(R_WEEKDAY_POISSON)
    np.testing.assert_allclose(_rows(out, "weekday", days), list(R_WEEKDAY_POISSON.values()), rtol=RTOL_GLM)
    np.testing.assert_allclose(_rows(out, "sop", ["question", "game"]), list(R_SOP_POISSON.values()),
                               rtol=RTOL_GLM)
    assert set(out["family"]) == {"poisson"}


def test_content_calendar_negative_binomial_matches_mass_glm_nb():
    out = grp.content_calendar(CALENDAR, family="negative_binomial")
    np.testing.assert_allclose(_rows(out, "weekday", list(R_WEEKDAY_NB)), list(R_WEEKDAY_NB.values()),
                               rtol=RTOL_NB)
    np.testing.assert_allclose(_rows(out, "sop", ["question", "game"]), list(R_SOP_NB.values()), rtol=RTOL_NB)


def test_overdispersion_check_matches_r_and_picks_the_negative_binomial():
    od = grp.overdispersion(CALENDAR).set_index("model")
    np.testing.assert_allclose(od.loc["weekday", "dispersion"], R_WEEKDAY_DISPERSION, rtol=RTOL_GLM)
    np.testing.assert_allclose(od.loc["weekday", "alpha"], R_WEEKDAY_ALPHA, rtol=RTOL_NB)
    np.testing.assert_allclose(od.loc["weekday", ["lr_stat", "p_value"]].to_numpy(dtype=float), R_WEEKDAY_LR,
                               rtol=RTOL_NB)
    np.testing.assert_allclose(od.loc["sop", "alpha"], R_SOP_ALPHA, rtol=RTOL_NB)
    np.testing.assert_allclose(od.loc["sop", ["lr_stat", "p_value"]].to_numpy(dtype=float), R_SOP_LR, rtol=RTOL_NB)
    assert od["family"].tolist() == ["negative_binomial", "negative_binomial"]
    auto = grp.content_calendar(CALENDAR)
    assert set(auto["family"]) == {"negative_binomial"}


def test_content_calendar_carries_the_overdispersion_check():
    out = grp.content_calendar(CALENDAR).drop_duplicates("model").set_index("model")
    od = grp.overdispersion(CALENDAR).set_index("model")
    close(out["dispersion"], od["dispersion"])
    close(out["alpha"], od["alpha"])
    close(out["overdispersion_p"], od["p_value"])


def test_overdispersion_keeps_the_poisson_when_counts_are_poisson_like():
    # the same weekly pattern twice, one group: no extra variation beyond the Poisson
    cal = pd.DataFrame({"group_id": ["A"] * 14, "date": _DATES, "weekday": list(grp.WEEKDAYS) * 2,
                        "kind": ["text"] * 14, "messages": [3, 4, 3, 4, 6, 1, 1] * 2, "member_days": [10] * 14})
    od = grp.overdispersion(cal)
    assert od.loc[0, "family"] == "poisson" and od.loc[0, "lr_stat"] < 1e-6
    assert od.loc[1, "family"] is pd.NA or pd.isna(od.loc[1, "family"])  # no planned kind: no SOP model


def test_content_calendar_flags_kinds_that_only_occur_on_sop_days():
    out = grp.content_calendar(CALENDAR, family="poisson").set_index("term")
    # red packets: 5 + 8 + 10 + 6 = 29, all on the two Fridays (member-days A 10 + 10, B 20 + 18)
    assert out.loc["red_packet", "note"] == "all_on_sop_days" and np.isnan(out.loc["red_packet", "estimate"])
    assert out.loc["red_packet", "messages"] == 29 and out.loc["red_packet", "member_days"] == 10 + 10 + 20 + 18
    # the reference weekday: Mondays, A text 2 + 14, question 3; B text 5 + 1, question 6, game 1: 32
    assert out.loc["mon", "note"] == "reference" and out.loc["mon", "estimate"] == 1.0
    assert out.loc["mon", "messages"] == 32


def test_calendar_rates_by_hand():
    r = grp.calendar_rates(CALENDAR).set_index(["weekday", "kind"])
    # Friday games: A 2 + 5, B 3 + 4 = 14 over 10 + 10 + 20 + 18 = 58 member-days; not an SOP day for games
    assert r.loc[("fri", "game"), "messages"] == 14 and r.loc[("fri", "game"), "member_days"] == 58
    assert not r.loc[("fri", "game"), "sop"] and r.loc[("tue", "game"), "sop"]
    close(r.loc[("fri", "game"), "messages_per_member_day"], 14 / 58)


def test_calendar_data_from_the_tables(health):
    cal = grp.calendar_data(health, as_of=H_AS_OF)
    e = cal[cal["group_id"] == "E"]
    # 7 days x 5 kinds; Monday 7th: text 1, game 3 with 1 member-day
    assert len(e) == 35
    mon = e[e["date"] == pd.Timestamp("2026-09-07")].set_index("kind")
    assert mon.loc["text", "messages"] == 1 and mon.loc["game", "messages"] == 3
    assert set(mon["member_days"]) == {1} and set(mon["weekday"]) == {"mon"}


def test_content_calendar_rejects_an_unknown_family():
    with pytest.raises(ParameterError, match="family"):
        grp.content_calendar(CALENDAR, family="gaussian")


def test_calendar_families_are_the_count_models():
    from analysis.stats import counts

    assert grp.FAMILIES == counts.COUNT_FAMILIES == ("auto", "poisson", "negative_binomial")


def test_calendar_rejects_an_unknown_weekday():
    with pytest.raises(DataError, match="weekday must be one of"):
        grp.calendar_rates(CALENDAR.assign(weekday="monday"))


def test_calendar_checks_read_the_fit_without_refitting():
    fit = grp.content_calendar(CALENDAR)
    checks = grp.calendar_checks(fit).set_index("model")
    od = grp.overdispersion(CALENDAR).set_index("model")
    assert checks.index.tolist() == ["weekday", "sop"] and set(checks["family"]) == {"negative_binomial"}
    close(checks["dispersion"], od["dispersion"])
    close(checks["alpha"], od["alpha"])
    close(checks["overdispersion_p"], od["p_value"])
    assert checks["n"].tolist() == od["n"].tolist()
