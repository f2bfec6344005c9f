"""Planning the next event: expected attendance and stranger ratio, with a prediction interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.events import _tables as tb
from analysis.events._tables import ELIGIBLE_ROLES, tidy
from analysis.events.chain import heads_and_guests, history
from analysis.report import say, value_label

__all__ = ["plan_event", "plan_text", "eligible_staff"]



@tidy
def plan_event(data=None, /, *, invitations: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
               events: pd.DataFrame | None = None, staff: pd.DataFrame | None = None,
               staff_invitations: int | None = None, partner_invitations: int, rng: np.random.Generator,
               kind: str | None = None, walk_ins: float | None = None, level: float = rules.LEVEL,
               standard: float = rules.STRANGER_RATIO_STANDARD, n_sims: int = 10_000) -> pd.DataFrame:
    """Expected attendance and stranger ratio of a planned event, with a prediction interval.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch`) supplying the
        tables not given by name.
    invitations, attendance, events : pandas.DataFrame
        The branch's past events (the history the rates are estimated from).
    staff : pandas.DataFrame, optional
        The branch's staff, for the default of ``staff_invitations``.
    staff_invitations : int, optional
        Invitations the staff will send; default: one per eligible staff
        member of ``staff`` (not the head or the operations supervisor — the
        branch rule, e.g. 7 eligible staff × 1).
    partner_invitations : int
        Invitations the partner merchant will send.
    rng : numpy.random.Generator
        The random generator, e.g. ``numpy.random.default_rng(0)``; the same
        seed gives the same result.
    kind : {"booth", "salon", "activity"} or None
        Estimate from comparable past events only (recommended: the planned
        event's kind); None uses all.
    walk_ins : float, optional
        Expected walk-ins (with the guests they bring); None estimates it from
        the history (mean per event).
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
        Level of the prediction interval.
    standard : float, default :data:`analysis.rules.STRANGER_RATIO_STANDARD` (0.70)
    n_sims : int, default 10000
        Number of simulated events.

    Returns
    -------
    pandas.DataFrame
        Rows ``attendees``, ``strangers``, ``stranger_ratio`` and
        ``reaches_standard``, with columns ``measure`` (str), ``estimate``
        (mean over the simulations; for ``reaches_standard`` the share of
        simulated events whose stranger ratio is at least ``standard``),
        ``ci_low``, ``ci_high`` (equal-tailed percentile interval at
        ``level``; NaN for ``reaches_standard``), ``n_sims`` (int64),
        ``note`` (str: which inputs had no history, else empty) and the plan
        the figures are for: ``staff_invitations``, ``partner_invitations``
        (int64) and ``kind`` (str; empty when every kind was used).

    Raises
    ------
    ParameterError
        If ``rng`` is not a ``numpy.random.Generator``, or a count, level or
        ``n_sims`` is invalid; ``staff_invitations`` not given and no
        ``staff`` table to count the eligible staff in.

    Notes
    -----
    **Simulation, not an analytic formula — why.** The attendance of an event
    is a sum of random chains: each invitation is accepted or not, each
    invitee who comes brings 0, 1, 2 … guests, and each person is a stranger
    or not; the stranger ratio is a ratio of two such random sums. The rates
    themselves are estimated from a few past events and are uncertain. A
    delta-method formula would give a symmetric interval that ignores the
    discreteness of small counts and can leave [0, 1]; simulating the event
    carries both sources of uncertainty through exactly and is cheap.

    Each simulated event draws, for staff and for partner invitations:
    the show-up rate from its Jeffreys posterior
    :math:`\\mathrm{Beta}(x + 1/2, n - x + 1/2)` (x of n invitees came in the
    history), the number who come :math:`\\sim \\mathrm{Binomial}`, the
    distribution of guests per attendee from a Dirichlet posterior over the
    observed guest counts (:math:`\\mathrm{Dir}(\\text{counts} + 1/2)`), their
    guests (multinomial), and the strangers among invitees and guests from
    Beta posteriors of the historical stranger shares. Walk-ins (with their
    guests) are Poisson with a rate drawn from its Jeffreys posterior
    :math:`\\mathrm{Gamma}(W + 1/2, \\text{events})`, or fixed at ``walk_ins``.
    A kind without history falls back to the uninformative prior (a very wide
    interval; ``note`` says so) and to no guests. Guests are simulated per
    invitee who comes, from the direct guests of the past invitees; guests of
    guests and guests of invitees who stayed away (rare) are not simulated. The interval is a
    prediction interval for one future event, not a confidence interval of a
    mean. Independence between people of one event is assumed.

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> import numpy as np
    >>> p = plan_event(t, staff_invitations=7, partner_invitations=15, rng=np.random.default_rng(1))
    >>> p["measure"].tolist()
    ['attendees', 'strangers', 'stranger_ratio', 'reaches_standard']
    """
    func = "plan_event"
    t = prep.pick(data, func, required=("invitations", "attendance", "events"), optional=("staff",),
                  invitations=invitations, attendance=attendance, events=events, staff=staff)
    if not isinstance(rng, np.random.Generator):
        raise ParameterError(f"{func}: rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(0); "
                             f"got {type(rng).__name__}.")
    level = prep.check_level(level, func)
    standard = prep.check_fraction(standard, "standard", func)
    if staff_invitations is None:
        staff_invitations = eligible_staff(t["staff"], func)
    n_staff = prep.check_count(staff_invitations, "staff_invitations", func)
    n_partner = prep.check_count(partner_invitations, "partner_invitations", func)
    n_sims = prep.check_count(n_sims, "n_sims", func)
    if n_sims < 100:
        raise ParameterError(f"{func}: n_sims must be at least 100 for a stable interval, got {n_sims}.")
    if walk_ins is not None:
        walk_ins = prep.check_number(walk_ins, "walk_ins", func)
    ev, inv, chain = history(t, kind, func)
    n_events = len(ev)
    notes = []
    total = np.zeros(n_sims, dtype=np.int64)
    strangers = np.zeros(n_sims, dtype=np.int64)
    for ck, n_inv in (("staff", n_staff), ("partner", n_partner)):  # two invitation channels
        heads, guests = heads_and_guests(inv, chain, ck)
        if n_inv == 0:
            continue
        came = heads.loc[heads["came"]]
        if len(heads) == 0:
            notes.append(f"no past {ck} invitations: show-up rate unknown (uniform prior), no guests assumed")
        p_show = rng.beta(int(heads["came"].sum()) + 0.5, len(heads) - int(heads["came"].sum()) + 0.5, n_sims)
        n_came = rng.binomial(n_inv, p_show)
        values = np.arange(int(came["guests"].max()) + 1 if len(came) else 1)
        freq = np.bincount(came["guests"].to_numpy(dtype=np.int64), minlength=len(values)).astype(float)
        w = rng.dirichlet(freq + 0.5, n_sims) if len(values) > 1 else np.ones((n_sims, 1))
        n_guests = (rng.multinomial(n_came, w) * values).sum(axis=1)
        hs = int(came["stranger"].sum())
        gs, gn = int(guests["stranger"].sum()), len(guests)
        s_heads = rng.binomial(n_came, rng.beta(hs + 0.5, len(came) - hs + 0.5, n_sims))
        s_guests = rng.binomial(n_guests, rng.beta(gs + 0.5, gn - gs + 0.5, n_sims))
        total += n_came + n_guests
        strangers += s_heads + s_guests
    walk = chain.loc[chain["chain_kind"] == "walk_in"]
    ws = int(walk["stranger"].sum())
    if walk_ins is None:
        if n_events == 0:
            notes.append("no past events: no walk-ins assumed")
            lam = np.zeros(n_sims)
        else:
            lam = rng.gamma(len(walk) + 0.5, 1.0 / n_events, n_sims)
    else:
        lam = np.full(n_sims, walk_ins)
    n_walk = rng.poisson(lam)
    total += n_walk
    strangers += rng.binomial(n_walk, rng.beta(ws + 0.5, len(walk) - ws + 0.5, n_sims))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(total > 0, strangers / np.where(total > 0, total, 1), np.nan)
    a = (1 - level) / 2
    finite = ratio[~np.isnan(ratio)]

    def interval(x):
        return (float(np.quantile(x, a)), float(np.quantile(x, 1 - a))) if len(x) else (np.nan, np.nan)

    rows = [("attendees", float(total.mean()), *interval(total)),
            ("strangers", float(strangers.mean()), *interval(strangers)),
            ("stranger_ratio", float(finite.mean()) if len(finite) else np.nan, *interval(finite)),
            ("reaches_standard", float(np.mean(np.nan_to_num(ratio, nan=0.0) >= standard)), np.nan, np.nan)]
    out = pd.DataFrame(rows, columns=["measure", "estimate", "ci_low", "ci_high"])
    return out.assign(measure=out["measure"].astype("string"), n_sims=np.int64(n_sims),
                      note=pd.array(["; ".join(notes)] * len(out), dtype="string"),
                      staff_invitations=np.int64(n_staff), partner_invitations=np.int64(n_partner),
                      kind=pd.array([kind] * len(out), dtype="string"))


def eligible_staff(staff, func: str = "eligible_staff") -> int:
    """Staff members who invite customers (every role but the branch head and operations supervisor)."""
    if staff is None:
        raise ParameterError(f"{func}: staff_invitations is needed, or a staff table to count the eligible staff "
                             f"in (one invitation each); pass staff_invitations=... or staff=....")
    st = tb.staff(staff, func)
    return int(st["role"].isin(list(ELIGIBLE_ROLES)).fillna(False).sum())


def plan_text(plan: pd.DataFrame, language: str = "zh") -> str:
    """The plan and its expected outcome in one sentence, from :func:`plan_event`.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.events import example_tables
    >>> p = plan_event(example_tables(), staff_invitations=7, partner_invitations=15, kind="salon",
    ...                rng=np.random.default_rng(1), n_sims=1000)
    >>> plan_text(p, "en")[:52]
    'Plan: 7 staff and 15 partner invitations (Salon). Ex'
    """
    p = prep.require_frame(plan, "plan_event", ("measure", "estimate", "ci_low", "ci_high", "staff_invitations",
                                                "partner_invitations", "kind"), "plan_text")
    if len(p) == 0:
        return say("events.no_data", language)
    row = p.set_index("measure")
    kind = p["kind"].iloc[0]
    return say("events.plan", language, staff=int(p["staff_invitations"].iloc[0]),
               partner=int(p["partner_invitations"].iloc[0]),
               kind=value_label(kind, language, column="kind") if pd.notna(kind) else say("events.kind_all", language),
               attendees=row.at["attendees", "estimate"], lo=row.at["attendees", "ci_low"],
               hi=row.at["attendees", "ci_high"], ratio=row.at["stranger_ratio", "estimate"],
               chance=row.at["reaches_standard", "estimate"])

