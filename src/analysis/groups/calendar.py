"""The content calendar (内容日历): engagement by weekday and content kind against the SOP.

The community content SOP: Mon/Wed/Fri professional content and offers, Tue/Thu small games, a
fixed bigger activity every Friday (:data:`SOP_DAYS`). :func:`calendar_data` builds the messages
per group, day and kind with their exposure (member-days); :func:`calendar_rates` describes them;
:func:`content_calendar` compares weekdays and SOP days within groups with a Poisson or
negative-binomial GLM (the count models of :mod:`analysis.stats.counts`), and
:func:`overdispersion` is the check that chooses between them. Tests:
``tests/groups/test_calendar.py``; notebook section "内容日历 Content calendar".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.groups._tables import activity_base, dummies, from_dayno, life_slots, tables, text_of
from analysis.groups._tables import weekday as weekday_of
from analysis.schemas import MESSAGE_KINDS
from analysis.stats import counts

__all__ = ["WEEKDAYS", "SOP_DAYS", "FAMILIES", "calendar_data", "calendar_rates", "content_calendar",
           "overdispersion", "calendar_checks"]

#: Weekday codes, Monday first (``Timestamp.weekday()`` order).
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: The community content SOP: the weekdays planned for each content kind (Mon/Wed/Fri
#: professional content and offers, with questions following them; Tue/Thu small games;
#: the fixed Friday activity with red packets). Plain text has no planned day.
SOP_DAYS: dict[str, tuple[str, ...]] = {
    "product_post": ("mon", "wed", "fri"),
    "question": ("mon", "wed", "fri"),
    "game": ("tue", "thu"),
    "red_packet": ("fri",),
}
#: Count-model families accepted by :func:`content_calendar` (:data:`analysis.stats.counts.COUNT_FAMILIES`).
FAMILIES = counts.COUNT_FAMILIES

def calendar_data(data=None, /, *, wechat_groups=None, group_members=None, group_messages=None,
                  as_of=None) -> pd.DataFrame:
    """Messages per group, day and content kind with the exposure (member-days): the calendar's data.

    Parameters
    ----------
    data : mapping of DataFrames, optional
        A data set (e.g. a scoped :class:`~analysis.io.Dataset`) supplying every table not given
        by keyword.
    wechat_groups, group_members, group_messages : DataFrame
        Contract tables.
    as_of : str or Timestamp, optional
        Default the latest timestamp in the tables.

    Returns
    -------
    DataFrame
        One row per group, day with at least one member, and kind (all five kinds, zeros
        included), sorted by group, date and kind:

        - ``group_id``, ``tier``;
        - ``date`` (the day), ``weekday`` (mon … sun);
        - ``kind``: text, question, product_post, game, red_packet;
        - ``messages`` (int64): messages of that kind that day (counts summed);
        - ``member_days`` (int64): members that day (the exposure; the same for every kind).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["E"], "tier": ["elite"], "created_at": pd.to_datetime(["2026-09-07"])})
    >>> m = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "joined_at": pd.to_datetime(["2026-09-07"])})
    >>> msg = pd.DataFrame({"group_id": ["E"], "person_id": ["a"], "sent_at": pd.to_datetime(["2026-09-08"]),
    ...                     "kind": ["game"], "messages": [3]})
    >>> cal = calendar_data(wechat_groups=g, group_members=m, group_messages=msg, as_of="2026-09-08 20:00")
    >>> cal.query("kind == 'game'")[["weekday", "messages", "member_days"]].to_dict("list")
    {'weekday': ['mon', 'tue'], 'messages': [0, 3], 'member_days': [1, 1]}
    """
    func = "calendar_data"
    wechat_groups, group_members, group_messages = tables(
        data, func, ("wechat_groups", "group_members", "group_messages"), wechat_groups=wechat_groups,
        group_members=group_members, group_messages=group_messages)
    b = activity_base(wechat_groups, group_members, group_messages, as_of, func)
    g = b["groups"]
    sl = life_slots(b, "D")  # one slot per group and day of its life, with its members
    nk = len(MESSAGE_KINDS)
    slots = np.flatnonzero(sl["members"] > 0)
    kind = b["msg_kind"]
    at = sl["of"](b["msg_g"], b["msg_day"])
    ok = (kind >= 0) & (at >= 0)
    cnt = np.bincount(at[ok] * nk + kind[ok], weights=b["msg_count"].astype(float)[ok],
                      minlength=sl["n"] * nk).reshape(sl["n"], nk)
    rows = np.repeat(b["row"][sl["g"][slots]], nk)
    days = np.repeat(sl["period"][slots], nk)
    out = pd.DataFrame({
        "group_id": pd.Series(g["group_id"].to_numpy(dtype=object)[rows], dtype=object),
        "tier": g["tier"].iloc[rows].reset_index(drop=True),
        "date": from_dayno(days.astype(float)).to_numpy(),
        "weekday": text_of(weekday_of(days), WEEKDAYS),
        "kind": text_of(np.tile(np.arange(nk), len(slots)), MESSAGE_KINDS),
        "messages": np.rint(cnt[slots].ravel()).astype("int64"),
        "member_days": np.repeat(sl["members"][slots], nk).astype("int64"),
    })
    return out.astype({"date": "datetime64[ns]"})


def _check_calendar(calendar, func: str) -> pd.DataFrame:
    prep.require_frame(calendar, "calendar", ["group_id", "weekday", "kind", "messages", "member_days"], func)
    c = calendar.assign(weekday=calendar["weekday"].astype("string"), kind=calendar["kind"].astype("string"),
                        group_id=calendar["group_id"].astype("string"))
    bad = ~c["weekday"].isin(WEEKDAYS).fillna(False).to_numpy()
    if bad.any():
        raise prep.mask_error(func, "calendar", "weekday", "allowed_values", c, bad,
                              f"weekday must be one of {', '.join(WEEKDAYS)}", ["group_id", "weekday"])
    y = pd.to_numeric(c["messages"], errors="coerce")
    e = pd.to_numeric(c["member_days"], errors="coerce")
    bad = (y.isna() | (y < 0) | e.isna() | (e < 0)).to_numpy()
    if bad.any():
        raise prep.mask_error(func, "calendar", "messages, member_days", "count", c, bad,
                              "messages and member_days must be counts >= 0", ["group_id"])
    c = c.assign(messages=y.to_numpy(dtype=float), member_days=e.to_numpy(dtype=float))
    return c[c["member_days"] > 0].reset_index(drop=True)


def _is_sop(kind: pd.Series, weekday: pd.Series) -> np.ndarray:
    """True where the SOP plans ``kind`` on ``weekday``."""
    planned = {f"{k}|{w}" for k, days in SOP_DAYS.items() for w in days}
    return (kind.astype("string") + "|" + weekday.astype("string")).isin(planned).fillna(False).to_numpy(dtype=bool)


def calendar_rates(calendar: pd.DataFrame) -> pd.DataFrame:
    """Messages per member-day by weekday and content kind, with the SOP's plan (descriptive).

    Parameters
    ----------
    calendar : DataFrame
        :func:`calendar_data`.

    Returns
    -------
    DataFrame
        One row per weekday (mon … sun) and kind present:

        - ``weekday``, ``kind``;
        - ``sop`` (bool): the SOP plans this kind on this weekday (:data:`SOP_DAYS`);
        - ``messages`` (int64), ``member_days`` (int64): sums over groups and days;
        - ``messages_per_member_day``: ``messages / member_days``.

    Notes
    -----
    A descriptive table: groups of different tiers and activity are pooled. The comparison
    with intervals, within groups, is :func:`content_calendar`.

    Examples
    --------
    >>> import pandas as pd
    >>> cal = pd.DataFrame({"group_id": ["E"] * 2, "weekday": ["tue", "tue"], "kind": ["game", "text"],
    ...                     "messages": [4, 2], "member_days": [10, 10]})
    >>> calendar_rates(cal)[["kind", "sop", "messages_per_member_day"]].to_dict("list")
    {'kind': ['text', 'game'], 'sop': [False, True], 'messages_per_member_day': [0.2, 0.4]}
    """
    c = _check_calendar(calendar, "calendar_rates")
    exp = c.drop_duplicates(["group_id", *(["date"] if "date" in c else []), "weekday"]) if "date" in c else None
    out = c.groupby(["weekday", "kind"], sort=False).agg(messages=("messages", "sum")).reset_index()
    if exp is not None:
        e = exp.groupby("weekday")["member_days"].sum()
        out["member_days"] = out["weekday"].map(e).to_numpy()
    else:
        out["member_days"] = c.groupby(["weekday", "kind"], sort=False)["member_days"].sum().to_numpy()
    out["_w"] = out["weekday"].map({w: i for i, w in enumerate(WEEKDAYS)})
    out["_k"] = out["kind"].map({k: i for i, k in enumerate(MESSAGE_KINDS)}).fillna(len(MESSAGE_KINDS))
    out = out.sort_values(["_w", "_k", "kind"], kind="stable").reset_index(drop=True)
    out["sop"] = _is_sop(out["kind"], out["weekday"])
    out["messages"] = out["messages"].astype("int64")
    out["member_days"] = out["member_days"].astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["messages_per_member_day"] = out["messages"] / out["member_days"].where(out["member_days"] > 0)
    return out[["weekday", "kind", "sop", "messages", "member_days", "messages_per_member_day"]].astype(
        {"sop": "bool", "messages_per_member_day": "float64"})


def _group_codes(groups: pd.Series) -> np.ndarray:
    """Group codes in ``group_id`` order (the first group is the reference of the dense design)."""
    return pd.factorize(groups, sort=True)[0].astype(np.int64)


def _calendar_models(calendar: pd.DataFrame, family: str, level: float, func: str):
    """Fit the weekday and SOP models; return (coefficient rows, check rows)."""
    prep.require_frame(calendar, "calendar", ["date"], func)  # one row per group, day and kind
    c = _check_calendar(calendar, func)
    coef_rows, checks = [], []
    z = float(sps.norm.ppf((1 + level) / 2))

    def term_rows(model, fit, cols, terms, ref, sums, chosen, n, notes, check):
        check = check or {}
        for t in terms:
            msgs_t, exp_t = sums.get(t, (0, 0))
            row = {"model": model, "term": t, "reference": ref, "estimate": np.nan, "ci_low": np.nan,
                   "ci_high": np.nan, "p_value": np.nan, "messages": int(msgs_t), "member_days": int(exp_t),
                   "n": n, "family": chosen, "dispersion": check.get("dispersion", np.nan),
                   "alpha": check.get("alpha", np.nan), "overdispersion_p": check.get("p_value", np.nan),
                   "note": notes.get(t, pd.NA)}
            if t == ref:
                row.update(estimate=1.0, note="reference")
            elif fit is not None and t in cols:
                j = cols.index(t)
                b, se = float(fit.params[j]), float(fit.bse[j])
                row.update(estimate=float(np.exp(b)), ci_low=float(np.exp(b - z * se)),
                           ci_high=float(np.exp(b + z * se)), p_value=float(fit.pvalues[j]))
            coef_rows.append(row)

    # -- weekday model: all kinds together, per group and day
    day = c.groupby(["group_id", "date", "weekday"], sort=True).agg(
        messages=("messages", "sum"), member_days=("member_days", "first")).reset_index()
    active_groups = day.groupby("group_id")["messages"].transform("sum") > 0
    day = day[active_groups.to_numpy()].reset_index(drop=True)
    by_wd = day.groupby("weekday")[["messages", "member_days"]].sum()
    present = [w for w in WEEKDAYS if w in by_wd.index]
    with_msgs = [w for w in present if by_wd.loc[w, "messages"] > 0]
    sums = {w: (by_wd.loc[w, "messages"], by_wd.loc[w, "member_days"]) for w in present}
    notes = {w: "no_messages" for w in present if w not in with_msgs}
    ref = with_msgs[0] if with_msgs else (present[0] if present else "mon")
    fit, chosen, check, cols = None, family if family != "auto" else pd.NA, None, []
    day = day[day["weekday"].isin(with_msgs).to_numpy()].reset_index(drop=True)
    if len(with_msgs) >= 2:  # group fixed effects absorbed: no column per group
        X = dummies(day["weekday"], with_msgs, "")
        cols = list(X.columns)
        fit, chosen, check = counts.count_models_absorbed(
            day["messages"].to_numpy(dtype=float), X.to_numpy(dtype=float), _group_codes(day["group_id"]),
            np.log(day["member_days"].to_numpy(dtype=float)), family)
    term_rows("weekday", fit, cols, present, ref, sums, chosen, len(day), notes, check)
    checks.append({"model": "weekday", "n": len(day), **(check or {})})

    # -- SOP model: each planned kind on its SOP days vs its other days, per group, day and kind
    k = c[c["kind"].isin(list(SOP_DAYS))].reset_index(drop=True)
    k["sop_day"] = _is_sop(k["kind"], k["weekday"])
    k = k[(k.groupby("group_id")["messages"].transform("sum") > 0).to_numpy()].reset_index(drop=True)
    kinds = [kd for kd in SOP_DAYS if (k["kind"] == kd).any()]
    sums, notes, usable = {}, {}, []
    for kd in kinds:
        part = k[k["kind"] == kd]
        on, off = part.loc[part["sop_day"], "messages"].sum(), part.loc[~part["sop_day"], "messages"].sum()
        sums[kd] = (on, part.loc[part["sop_day"], "member_days"].sum())
        if on > 0 and off > 0:
            usable.append(kd)
        else:
            notes[kd] = "no_messages" if on + off == 0 else "all_on_sop_days" if off == 0 else "none_on_sop_days"
    k = k[k["kind"].isin(usable).to_numpy()].reset_index(drop=True)
    k = k[(k.groupby("group_id")["messages"].transform("sum") > 0).to_numpy()].reset_index(drop=True)
    fit, chosen2, check2, cols = None, family if family != "auto" else pd.NA, None, []
    if usable and len(k):
        inter = pd.DataFrame({kd: ((k["kind"] == kd) & k["sop_day"]).to_numpy(dtype=float) for kd in usable})
        X = pd.concat([dummies(k["kind"], usable, "kind:"), inter], axis=1)
        cols = list(X.columns)
        fit, chosen2, check2 = counts.count_models_absorbed(
            k["messages"].to_numpy(dtype=float), X.to_numpy(dtype=float), _group_codes(k["group_id"]),
            np.log(k["member_days"].to_numpy(dtype=float)), family)
    term_rows("sop", fit, cols, kinds, "other_days", sums, chosen2, len(k), notes, check2)
    checks.append({"model": "sop", "n": len(k), **(check2 or {})})
    return coef_rows, checks


def content_calendar(calendar: pd.DataFrame, family: str = "auto", level: float = rules.LEVEL) -> pd.DataFrame:
    """Engagement by weekday and content kind against the SOP: rate ratios from a count GLM.

    Parameters
    ----------
    calendar : DataFrame
        :func:`calendar_data` (group, day, kind, messages, member_days).
    family : {"auto", "poisson", "negative_binomial"}, default "auto"
        ``auto`` uses the negative binomial when the likelihood-ratio test of overdispersion
        rejects the Poisson at 5% (:func:`overdispersion`), the Poisson otherwise.
    level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per model and term:

        - ``model``: ``weekday`` (messages of all kinds per group and day) or ``sop`` (each
          planned kind on its SOP days vs its other days);
        - ``term``: a weekday (mon … sun) or a kind (question, product_post, game, red_packet);
        - ``reference``: the weekday compared with (the first with messages, normally ``mon``)
          or ``other_days``;
        - ``estimate``, ``ci_low``, ``ci_high``: rate ratio (messages per member-day) with a
          Wald interval; 1 for the reference row;
        - ``p_value``;
        - ``messages``, ``member_days`` (int64): on that weekday / of that kind on its SOP days;
        - ``n`` (int64): rows in the model; ``family``: the family used;
        - ``dispersion``, ``alpha``, ``overdispersion_p``: the model's overdispersion check
          (the same on every row of a model; see :func:`overdispersion`);
        - ``note``: ``reference``, ``no_messages``, ``all_on_sop_days``, ``none_on_sop_days``
          (the ratio is 0 or infinite: not estimable), or NA.

    Notes
    -----
    Both models have group fixed effects and the offset ``log(member_days)``, so weekdays and
    kinds are compared within the same group: ``log E[messages] = log(member_days) + group +
    weekday`` (weekday model) and ``log E[messages] = log(member_days) + group + kind +
    kind × sop_day`` (SOP model). The rate ratio ``exp(beta)`` is the factor by which messages
    per member-day change. Groups without messages are left out (their effect would be minus
    infinity). The Poisson fit equals R's ``glm(messages ~ ..., family = poisson, offset =
    log(member_days))``; the negative binomial (NB2, variance ``mu + alpha mu^2``) estimates
    ``alpha`` by maximum likelihood and equals ``MASS::glm.nb`` (``theta = 1 / alpha``).
    Intervals are Wald: ``exp(beta ± z se)``. The group effects are absorbed (within-group
    demeaning inside IRLS, :func:`analysis.stats.counts.count_models_absorbed`): the same estimates
    as one dummy column per group, in time and memory linear in the rows for any number of groups.

    The SOP: Mon/Wed/Fri content and offers (product posts, questions after them), Tue/Thu
    games, a fixed Friday activity (red packets) — :data:`SOP_DAYS`.

    Examples
    --------
    >>> import pandas as pd
    >>> cal = pd.DataFrame({"group_id": ["E"] * 4, "weekday": ["mon", "tue", "mon", "tue"],
    ...                     "date": pd.to_datetime(["2026-09-07", "2026-09-08", "2026-09-14", "2026-09-15"]),
    ...                     "kind": ["text"] * 4, "messages": [2, 6, 4, 6], "member_days": [10] * 4})
    >>> r = content_calendar(cal, family="poisson").query("model == 'weekday'")
    >>> r[["term", "estimate"]].round(2).to_dict("list")
    {'term': ['mon', 'tue'], 'estimate': [1.0, 2.0]}
    """
    func = "content_calendar"
    level = prep.check_level(level, func)
    if family not in FAMILIES:
        raise ParameterError(f"{func}: family must be one of {', '.join(FAMILIES)}, got {family!r}.")
    rows, _ = _calendar_models(calendar, family, level, func)
    cols = ["model", "term", "reference", "estimate", "ci_low", "ci_high", "p_value", "messages", "member_days",
            "n", "family", "dispersion", "alpha", "overdispersion_p", "note"]
    return pd.DataFrame(rows, columns=cols).astype(
        {"model": "string", "term": "string", "reference": "string", "estimate": "float64", "ci_low": "float64",
         "ci_high": "float64", "p_value": "float64", "messages": "int64", "member_days": "int64", "n": "int64",
         "family": "string", "dispersion": "float64", "alpha": "float64", "overdispersion_p": "float64",
         "note": "string"})


def overdispersion(calendar: pd.DataFrame) -> pd.DataFrame:
    """Is a Poisson model good enough for the content calendar? The check behind ``family="auto"``.

    Parameters
    ----------
    calendar : DataFrame
        :func:`calendar_data`.

    Returns
    -------
    DataFrame
        One row per model of :func:`content_calendar` (``weekday``, ``sop``):

        - ``model``; ``n`` (int64): rows;
        - ``dispersion``: Pearson chi-square / residual df of the Poisson fit (about 1 when the
          Poisson holds);
        - ``alpha``: the negative binomial's ML dispersion (variance ``mu + alpha mu^2``);
        - ``lr_stat``: ``2 (logLik NB - logLik Poisson)``;
        - ``p_value``: its p-value, half the chi-square(1) tail (alpha = 0 lies on the boundary);
        - ``family``: ``negative_binomial`` when ``p_value < 0.05``, else ``poisson``.

        Statistics are NaN when a model cannot be fitted (too few weekdays or kinds with
        messages).

    Examples
    --------
    >>> import pandas as pd
    >>> cal = pd.DataFrame({"group_id": ["E"] * 4, "weekday": ["mon", "tue", "mon", "tue"],
    ...                     "date": pd.to_datetime(["2026-09-07", "2026-09-08", "2026-09-14", "2026-09-15"]),
    ...                     "kind": ["text"] * 4, "messages": [2, 6, 4, 6], "member_days": [10] * 4})
    >>> overdispersion(cal)[["model", "family"]].to_dict("list")
    {'model': ['weekday', 'sop'], 'family': ['poisson', None]}
    """
    _, checks = _calendar_models(calendar, "auto", rules.LEVEL, "overdispersion")
    out = pd.DataFrame(checks).reindex(columns=["model", "n", "dispersion", "alpha", "lr_stat", "p_value",
                                                "auto_family"])
    out = out.rename(columns={"auto_family": "family"})
    return out.astype({"model": "string", "n": "int64", "dispersion": "float64", "alpha": "float64",
                       "lr_stat": "float64", "p_value": "float64", "family": "string"})


def calendar_checks(fit: pd.DataFrame) -> pd.DataFrame:
    """The overdispersion check of each model, read from a :func:`content_calendar` result (no refit).

    Parameters
    ----------
    fit : DataFrame
        :func:`content_calendar`.

    Returns
    -------
    DataFrame
        One row per model with terms in ``fit`` (``weekday``, ``sop``; a model with no term, e.g.
        ``sop`` when no planned kind occurs, has no row): ``model``, ``family`` (the family used),
        ``n``, ``dispersion``, ``alpha``, ``overdispersion_p`` — the same numbers as
        :func:`overdispersion` without fitting the models again.

    Examples
    --------
    >>> import pandas as pd
    >>> cal = pd.DataFrame({"group_id": ["E"] * 4, "weekday": ["mon", "tue", "mon", "tue"],
    ...                     "date": pd.to_datetime(["2026-09-07", "2026-09-08", "2026-09-14", "2026-09-15"]),
    ...                     "kind": ["text"] * 4, "messages": [2, 6, 4, 6], "member_days": [10] * 4})
    >>> calendar_checks(content_calendar(cal))[["model", "family", "n"]].to_dict("list")
    {'model': ['weekday'], 'family': ['poisson'], 'n': [4]}
    """
    cols = ["model", "family", "n", "dispersion", "alpha", "overdispersion_p"]
    prep.require_frame(fit, "fit", cols, "calendar_checks")
    return fit.drop_duplicates("model")[cols].reset_index(drop=True)
