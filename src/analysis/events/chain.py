"""The invitation chain: staff → invitee → brought-along guest (and partner-invited), and its multiplier.

How someone came is read from the invitation record: an attendee holding a staff
(partner) invitation to the event came by ``staff_invite`` (``partner_invite``);
one recorded as ``brought_along``, or invited by a guest, was brought along by a
host; everyone else — including an attendee recorded as invited who is missing
from the invitations — is a ``walk_in``. The branch rule of the salon case:
every eligible staff member invites exactly one customer, every invitee brings
at least one more.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.errors import ParameterError
from analysis.events import _tables as tb
from analysis.events._tables import ELIGIBLE_ROLES, EVENT_KINDS, KIND_RANK, MAX_DEPTH, SOURCE_OF_KIND, tidy

__all__ = ["attendance_chain", "invitation_chain", "chain_summary", "chain_rates"]


@tidy
def attendance_chain(data=None, /, *, attendance: pd.DataFrame | None = None,
                     invitations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every attendee with how they came and whose invitation their presence goes back to.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or
        :func:`select_event`) supplying the tables not given by name.
    attendance : pandas.DataFrame
        The ``attendance`` table (``event_id``, ``person_id``,
        ``is_bank_customer``; ``arrived_at``, ``source``, ``brought_by``,
        ``gender`` when present).
    invitations : pandas.DataFrame
        The ``invitations`` table (``event_id``, ``inviter_kind``,
        ``inviter_id``, ``person_id``; ``invited_at`` when present).

    Returns
    -------
    pandas.DataFrame
        One row per distinct attendee and event (duplicate check-ins dropped),
        sorted by event and arrival, with the attendance columns and:

        - ``stranger`` (int64): 1 if not a bank customer at the event.
        - ``derived_source`` (str): staff_invite, partner_invite,
          brought_along or walk_in, from the invitation record (Notes).
        - ``inviter_kind``, ``inviter_id`` (str): the attendee's own invitation
          to the event (staff before partner before guest; empty if none).
        - ``host_id`` (str): who brought them along (``brought_by``, or the
          guest who invited them); empty for people who came on their own.
        - ``host_attended`` (boolean): whether the host checked in; empty
          without a host.
        - ``chain_kind`` (str): staff, partner, walk_in or unattributed —
          the start of the chain (a guest's chain is the host's).
        - ``chain_inviter`` (str): the staff or partner id at the start of the
          chain; empty for walk-ins and unattributed guests.

    Notes
    -----
    ``derived_source``: recorded ``brought_along`` stays brought_along;
    otherwise a staff invitation to the event gives staff_invite, a partner
    invitation partner_invite, a guest's invitation brought_along (the guest
    is the host); anyone else is a walk_in — including an attendee recorded as
    invited but missing from the invitations.

    The chain is followed up through hosts (guests of guests, up to 6 levels).
    A guest whose host did not attend still belongs to the host's chain (the
    invitation was passed on); :func:`event_findings` lists such cases. A
    guest whose host is unknown, or whose host is neither an attendee nor an
    invitee of the event, is ``unattributed``.

    Examples
    --------
    >>> import pandas as pd
    >>> att = pd.DataFrame({"event_id": "E1", "person_id": ["A", "B", "C"],
    ...                     "source": ["staff_invite", "brought_along", "walk_in"],
    ...                     "brought_by": [None, "A", None], "is_bank_customer": [True, False, False]})
    >>> inv = pd.DataFrame({"event_id": ["E1"], "inviter_kind": ["staff"], "inviter_id": ["S03"],
    ...                     "person_id": ["A"]})
    >>> attendance_chain(attendance=att, invitations=inv)[["person_id", "derived_source", "chain_kind",
    ...                                                    "chain_inviter"]]
      person_id derived_source chain_kind chain_inviter
    0         A   staff_invite      staff           S03
    1         B  brought_along      staff           S03
    2         C        walk_in    walk_in          <NA>
    """
    func = "attendance_chain"
    t = prep.pick(data, func, required=("attendance", "invitations"), attendance=attendance, invitations=invitations)
    att = tb.checkins(t["attendance"], func)
    inv = tb.invitations(t["invitations"], func)
    own = (inv.assign(_rank=inv["inviter_kind"].map(KIND_RANK).astype(int))
              .sort_values(["event_id", "person_id", "_rank", "invited_at"], na_position="last", kind="stable")
              .drop_duplicates(["event_id", "person_id"])[["event_id", "person_id", "inviter_kind", "inviter_id"]])
    att = att.merge(own, on=["event_id", "person_id"], how="left", validate="one_to_one")
    recorded = att["source"].astype("string")
    kind = att["inviter_kind"]
    brought = (recorded == "brought_along").fillna(False)
    guest_inv = (kind == "guest").fillna(False)
    host = att["brought_by"].where(brought & att["brought_by"].notna(),
                                         att["inviter_id"].where(guest_inv))
    derived = np.select([brought.to_numpy(), (kind == "staff").fillna(False).to_numpy(),
                         (kind == "partner").fillna(False).to_numpy(), guest_inv.to_numpy()],
                        ["brought_along", "staff_invite", "partner_invite", "brought_along"], "walk_in")
    att = att.assign(derived_source=pd.array(derived, dtype="string"), host_id=host.astype("string"))

    # nodes of the chain: attendees, plus invitees who did not come (a guest's host may be one)
    absent = own.merge(att[["event_id", "person_id"]], on=["event_id", "person_id"], how="left", indicator=True)
    absent = absent.loc[absent["_merge"] == "left_only"].drop(columns="_merge")
    absent = absent.assign(
        derived_source=absent["inviter_kind"].map(SOURCE_OF_KIND).astype("string"),
        host_id=absent["inviter_id"].where(absent["inviter_kind"] == "guest").astype("string"))
    nodes = pd.concat([att[["event_id", "person_id", "derived_source", "inviter_id", "host_id"]],
                       absent[["event_id", "person_id", "derived_source", "inviter_id", "host_id"]]],
                      ignore_index=True)
    root = nodes["derived_source"].map({"staff_invite": "staff", "partner_invite": "partner",
                                        "walk_in": "walk_in"}).astype("string")
    nodes = nodes.assign(
        chain_kind=root,
        chain_inviter=nodes["inviter_id"].where(root.isin(["staff", "partner"]).fillna(False)).astype("string"),
        _up=nodes["host_id"])
    lookup = nodes[["event_id", "person_id", "chain_kind", "chain_inviter", "host_id"]]
    for _ in range(MAX_DEPTH):  # one pass per level of the chain (not per row)
        todo = nodes["chain_kind"].isna() & nodes["_up"].notna()
        if not todo.any():
            break
        up = nodes[["event_id", "_up"]].merge(
            lookup.rename(columns={"person_id": "_up", "chain_kind": "_k", "chain_inviter": "_i", "host_id": "_h"}),
            on=["event_id", "_up"], how="left")
        found = todo.to_numpy() & up["_k"].notna().to_numpy()
        nodes.loc[found, "chain_kind"] = up.loc[found, "_k"].to_numpy()
        nodes.loc[found, "chain_inviter"] = up.loc[found, "_i"].to_numpy()
        nodes["_up"] = nodes["_up"].where(~todo | found, up["_h"].to_numpy()).where(~found)
        nodes.loc[~todo.to_numpy(), "_up"] = pd.NA
        lookup = nodes[["event_id", "person_id", "chain_kind", "chain_inviter", "host_id"]]
    nodes["chain_kind"] = nodes["chain_kind"].fillna("unattributed")
    chain = nodes.iloc[:len(att)][["chain_kind", "chain_inviter"]].reset_index(drop=True)
    host_attended = pd.Series(tb.pairs_in(att["event_id"], att["host_id"], att["event_id"], att["person_id"]),
                              dtype="boolean").mask(att["host_id"].isna().to_numpy())
    out = att.assign(host_attended=host_attended,
                     chain_kind=pd.array(chain["chain_kind"].tolist(), dtype="string"),
                     chain_inviter=pd.array(chain["chain_inviter"].tolist(), dtype="string"))
    cols = ["event_id", "person_id", "arrived_at", "source", "derived_source", "brought_by", "host_id",
            "host_attended", "inviter_kind", "inviter_id", "chain_kind", "chain_inviter", "is_bank_customer",
            "stranger", "gender"]
    rest = [c for c in out.columns if c not in cols]
    return out[cols + rest]




@tidy
def invitation_chain(data=None, /, *, invitations: pd.DataFrame | None = None,
                     attendance: pd.DataFrame | None = None, staff: pd.DataFrame | None = None,
                     events: pd.DataFrame | None = None, per_staff: int = 1,
                     rule_kinds: Sequence[str] = ("salon",), checked_only: bool = False) -> pd.DataFrame:
    """Per event and staff member: invitations, invitees who came, guests they brought, the branch rule.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or
        :func:`select_event`) supplying the tables not given by name.
    invitations, attendance : pandas.DataFrame
        The contract's tables.
    staff : pandas.DataFrame
        The ``staff`` table (``staff_id``, ``role``, ``branch_id``): who is
        eligible (not ``branch_head`` or ``ops_supervisor``).
    events : pandas.DataFrame
        The ``events`` table (``event_id``, ``kind``; ``branch_id`` to pair each
        event with its branch's staff).
    per_staff : int, default 1
        Invitations each eligible staff member is to send (the rule: exactly one).
    rule_kinds : sequence of str, default ("salon",)
        Event kinds the rule applies to; other events are ``not_checked``.
    checked_only : bool, default False
        Leave out the rows of events the rule does not apply to (``not_checked``).

    Returns
    -------
    pandas.DataFrame
        One row per event and staff member of the event's branch (plus any
        other staff id that sent an invitation to it), sorted by event and
        staff, with:

        - ``event_id``, ``staff_id``, ``role`` (str), ``eligible`` (bool);
        - ``invitations`` (int64): people this staff member invited;
        - ``invitees_came`` (int64): of them, checked in;
        - ``guests_brought`` (int64): attendees brought along in their chain
          (guests of their invitees, and guests of those guests);
        - ``attendees`` (int64): ``invitees_came + guests_brought``;
        - ``strangers`` (int64): non-customers among those attendees;
        - ``invitees_alone`` (int64): invitees who came but brought nobody;
        - ``invite_check`` (str): ``ok`` (exactly ``per_staff``), ``none``,
          ``fewer``, ``more``; ``excluded`` for head and operations
          supervisor; ``not_checked`` for events outside ``rule_kinds``;
        - ``bring_check`` (str): ``ok`` (every invitee who came brought at
          least one more), ``came_alone``, ``no_invitee_came``,
          ``no_invitation``; ``excluded``/``not_checked`` as above;
        - ``branch_invitations`` (int64): invitations of the event's eligible
          staff together; ``branch_required`` (int64): eligible staff ×
          ``per_staff``;
        - ``branch_check`` (str): ``ok`` when the branch as a whole sent at
          least what the rule asks (``branch_invitations >=
          branch_required``), ``short`` when it did not; ``not_checked`` for
          events outside ``rule_kinds`` (the same on every row of an event).

    Notes
    -----
    The chain is :func:`attendance_chain`: a guest belongs to the staff member
    who invited the guest's host, also when the host did not come (the
    invitation was passed on). The rule "every eligible staff member invites
    exactly one customer; every invitee brings at least one more" is the
    practice of the salon case (DESIGN.md). A wealth manager who invites one
    or two more customers to cover a colleague who invited nobody (兜底) is
    part of that practice, not a breach: ``invite_check`` describes each
    person, and only ``branch_check`` = ``short`` — the branch as a whole
    below the rule — is a finding (:func:`recommendations`).

    Examples
    --------
    The salon case of the sample data: 7 eligible staff, one invitation each.

    >>> from analysis.sample import make_sample
    >>> t = make_sample(0, branches=1)
    >>> c = invitation_chain(t)
    >>> salon = c.loc[(c["event_id"] == "B01-E03") & c["eligible"]]
    >>> len(salon), salon["invitations"].tolist(), set(salon["invite_check"])
    (7, [1, 1, 1, 1, 1, 1, 1], {'ok'})
    """
    func = "invitation_chain"
    t = prep.pick(data, func, required=("invitations", "attendance", "staff", "events"), invitations=invitations,
                  attendance=attendance, staff=staff, events=events)
    per_staff = prep.check_count(per_staff, "per_staff", func)
    if isinstance(rule_kinds, str):
        rule_kinds = [rule_kinds]
    ev = tb.events(t["events"], func, ("event_id", "kind"))
    st = tb.staff(t["staff"], func)
    chain = attendance_chain(attendance=t["attendance"], invitations=t["invitations"])
    inv = tb.invitations(t["invitations"], func)
    sinv = inv.loc[inv["inviter_kind"] == "staff"].drop_duplicates(["event_id", "inviter_id", "person_id"])
    hosts = chain.loc[chain["host_id"].notna()]
    came = tb.pairs_in(sinv["event_id"], sinv["person_id"], chain["event_id"], chain["person_id"])
    brought = tb.pairs_in(sinv["event_id"], sinv["person_id"], hosts["event_id"], hosts["host_id"])
    sinv = sinv.assign(came=came, alone=came & ~brought)
    per_inv = sinv.groupby(["event_id", "inviter_id"]).agg(invitations=("person_id", "size"),
                                                            invitees_came=("came", "sum"),
                                                            invitees_alone=("alone", "sum"))
    staff_chain = chain.loc[chain["chain_kind"] == "staff"]
    per_chain = staff_chain.assign(guest=(staff_chain["derived_source"] == "brought_along")).groupby(
        ["event_id", "chain_inviter"]).agg(guests_brought=("guest", "sum"), attendees=("person_id", "size"),
                                           strangers=("stranger", "sum"))
    per_chain.index = per_chain.index.set_names(["event_id", "inviter_id"])

    if "branch_id" in ev.columns and st["branch_id"].notna().any():
        grid = ev[["event_id", "branch_id"]].astype({"branch_id": "string"}).merge(
            st[["staff_id", "branch_id"]], on="branch_id", how="inner")[["event_id", "staff_id"]]
    else:
        grid = ev[["event_id"]].merge(st[["staff_id"]], how="cross")
    extra = per_inv.reset_index().rename(columns={"inviter_id": "staff_id"})[["event_id", "staff_id"]]
    extra = extra.loc[extra["event_id"].isin(ev["event_id"])]
    grid = pd.concat([grid, extra], ignore_index=True).drop_duplicates().astype("string")
    out = (grid.merge(per_inv.reset_index().rename(columns={"inviter_id": "staff_id"}), on=["event_id", "staff_id"],
                      how="left")
               .merge(per_chain.reset_index().rename(columns={"inviter_id": "staff_id"}),
                      on=["event_id", "staff_id"], how="left")
               .merge(st[["staff_id", "role"]], on="staff_id", how="left"))
    counts = ["invitations", "invitees_came", "guests_brought", "attendees", "strangers", "invitees_alone"]
    out = out.assign(**{c: tb.as_int(out[c]) for c in counts})
    eligible = out["role"].isin(list(ELIGIBLE_ROLES)).fillna(False).to_numpy(dtype=bool)
    checked = out["event_id"].map(ev.set_index("event_id")["kind"].astype("string").isin(list(rule_kinds)))
    checked = checked.fillna(False).to_numpy(dtype=bool)
    n = out["invitations"].to_numpy()
    invite = np.select([n == per_staff, n == 0, n < per_staff], ["ok", "none", "fewer"], "more").astype(object)
    bring = np.select([n == 0, out["invitees_came"].to_numpy() == 0, out["invitees_alone"].to_numpy() > 0],
                      ["no_invitation", "no_invitee_came", "came_alone"], "ok").astype(object)
    for arr in (invite, bring):
        arr[~eligible] = "excluded"
        arr[~checked] = "not_checked"
    out = out.assign(eligible=eligible, invite_check=pd.array(invite, dtype="string"),
                     bring_check=pd.array(bring, dtype="string"), role=out["role"].astype("string"))
    sent = out.assign(_n=np.where(eligible, n, 0), _e=eligible.astype(np.int64)).groupby("event_id")[["_n", "_e"]].sum()
    branch_n = tb.as_int(out["event_id"].map(sent["_n"]))
    branch_req = tb.as_int(out["event_id"].map(sent["_e"])) * per_staff
    branch = np.where(branch_n >= branch_req, "ok", "short").astype(object)
    branch[~checked] = "not_checked"
    out = out.assign(branch_invitations=branch_n, branch_required=branch_req,
                     branch_check=pd.array(branch, dtype="string"))
    cols = ["event_id", "staff_id", "role", "eligible"] + counts[:5] + ["invitees_alone", "invite_check",
                                                                         "bring_check", "branch_invitations",
                                                                         "branch_required", "branch_check"]
    out = out[list(dict.fromkeys(cols))].sort_values(["event_id", "staff_id"], kind="stable")
    if checked_only:
        out = out.loc[(out["invite_check"] != "not_checked").to_numpy(dtype=bool)]
    return out.reset_index(drop=True)


@tidy
def chain_summary(data=None, /, *, invitations: pd.DataFrame | None = None,
                  attendance: pd.DataFrame | None = None, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per event: the chains that brought the audience, and the multiplier.

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or
        :func:`select_event`) supplying the tables not given by name.
    invitations, attendance, events : pandas.DataFrame
        The contract's tables; every event of ``events`` gets a row.

    Returns
    -------
    pandas.DataFrame
        One row per event with int64 counts ``staff_invitations``,
        ``staff_invitees_came``, ``staff_guests``, ``partner_invitations``,
        ``partner_invitees_came``, ``partner_guests``, ``walk_ins``,
        ``walk_in_guests``, ``unattributed``, ``attendees`` and the floats:

        - ``multiplier``: ``attendees / staff_invitations`` — attendees per
          staff invitation (the salon case: 38 / 7 = 5.43);
        - ``staff_multiplier``: ``(staff_invitees_came + staff_guests) /
          staff_invitations`` — what each staff invitation brought by itself
          (16 / 7 = 2.29);
        - ``partner_multiplier``: the same for partner invitations.

        Multipliers are NaN without invitations of that kind.

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> s = chain_summary(t)
    >>> s[["staff_invitations", "staff_guests", "walk_ins", "attendees", "multiplier"]]
       staff_invitations  staff_guests  walk_ins  attendees  multiplier
    0                  2             1         1          4         2.0
    """
    func = "chain_summary"
    t = prep.pick(data, func, required=("invitations", "attendance", "events"), invitations=invitations,
                  attendance=attendance, events=events)
    ev = tb.events(t["events"], func)
    chain = attendance_chain(attendance=t["attendance"], invitations=t["invitations"])
    inv = tb.invitations(t["invitations"], func)
    ids = ev["event_id"]

    def count(mask, frame=chain):
        return tb.as_int(ids.map(frame.loc[mask].groupby("event_id").size()))

    guest = chain["derived_source"] == "brought_along"
    head = ~guest
    k = chain["chain_kind"]
    inv_kinds = inv.drop_duplicates(["event_id", "person_id", "inviter_kind"])
    staff_inv = tb.as_int(ids.map(inv_kinds.loc[inv_kinds["inviter_kind"] == "staff"].groupby("event_id").size()))
    partner_inv = tb.as_int(ids.map(inv_kinds.loc[inv_kinds["inviter_kind"] == "partner"].groupby("event_id").size()))
    out = pd.DataFrame({
        "event_id": ids.to_numpy(),
        "staff_invitations": staff_inv,
        "staff_invitees_came": count((k == "staff") & head),
        "staff_guests": count((k == "staff") & guest),
        "partner_invitations": partner_inv,
        "partner_invitees_came": count((k == "partner") & head),
        "partner_guests": count((k == "partner") & guest),
        "walk_ins": count((k == "walk_in") & head),
        "walk_in_guests": count((k == "walk_in") & guest),
        "unattributed": count(k == "unattributed"),
        "attendees": count(pd.Series(True, index=chain.index)),
    })
    return out.assign(
        event_id=out["event_id"].astype("string"),
        multiplier=tb.ratio(out["attendees"], out["staff_invitations"]),
        staff_multiplier=tb.ratio(out["staff_invitees_came"] + out["staff_guests"], out["staff_invitations"]),
        partner_multiplier=tb.ratio(out["partner_invitees_came"] + out["partner_guests"], out["partner_invitations"]))


def history(t: dict, kind, func):
    """The past events (of ``kind``), their invitations and their attendance chain."""
    ev = tb.events(t["events"], func, ("event_id", "kind"))
    if kind is not None:
        if kind not in EVENT_KINDS:
            raise ParameterError(f"{func}: kind must be booth, salon, activity or None, got {kind!r}.")
        ev = ev.loc[(ev["kind"].astype("string") == kind).fillna(False).to_numpy()]
    ids = set(ev["event_id"])
    att = prep.require_frame(t["attendance"], "attendance", ("event_id",), func)
    inv = prep.require_frame(t["invitations"], "invitations", ("event_id",), func)
    att = att.loc[att["event_id"].astype("string").str.strip().isin(ids).fillna(False).to_numpy()]
    inv = inv.loc[inv["event_id"].astype("string").str.strip().isin(ids).fillna(False).to_numpy()]
    chain = attendance_chain(attendance=att, invitations=inv)
    inv = tb.invitations(inv, func)
    return ev, inv, chain


def heads_and_guests(inv: pd.DataFrame, chain: pd.DataFrame, ck: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per chain kind: one row per head (invitee, or walk-in) with came, guests, stranger; and the guests."""
    guests = chain.loc[(chain["chain_kind"] == ck) & (chain["derived_source"] == "brought_along")]
    if ck == "walk_in":
        heads = chain.loc[(chain["chain_kind"] == "walk_in") & (chain["derived_source"] == "walk_in")]
        heads = heads[["event_id", "person_id", "stranger"]].assign(came=True)
    else:
        invited = inv.loc[inv["inviter_kind"] == ck].drop_duplicates(["event_id", "person_id"])
        heads = invited[["event_id", "person_id"]].merge(
            chain.loc[chain["derived_source"] != "brought_along", ["event_id", "person_id", "stranger"]],
            on=["event_id", "person_id"], how="left")
        heads = heads.assign(came=heads["stranger"].notna())
    n_guests = guests.groupby(["event_id", "host_id"]).size()
    key = pd.MultiIndex.from_arrays([heads["event_id"], heads["person_id"]])
    heads = heads.assign(guests=np.asarray(n_guests.reindex(key).fillna(0), dtype=np.int64))
    return heads.reset_index(drop=True), guests


@tidy
def chain_rates(data=None, /, *, invitations: pd.DataFrame | None = None, attendance: pd.DataFrame | None = None,
                events: pd.DataFrame | None = None, kind: str | None = None,
                level: float = rules.LEVEL) -> pd.DataFrame:
    """Show-up and bring-along rates of past events, per chain kind (the planner's inputs).

    Parameters
    ----------
    data : mapping of table name → DataFrame, optional
        A data set (e.g. :func:`analysis.scope.for_branch` or
        :func:`select_event`) supplying the tables not given by name.
    invitations, attendance, events : pandas.DataFrame
        The history: the contract's tables for the branch's past events.
    kind : {"booth", "salon", "activity"} or None
        Use only events of this kind (comparable events); None uses all.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)

    Returns
    -------
    pandas.DataFrame
        Rows ``staff``, ``partner`` and ``walk_in`` with columns:

        - ``chain_kind`` (str), ``events`` (int64: events in the history);
        - ``invited`` (int64; 0 for walk_in), ``came`` (int64: invitees who
          came; walk-ins for walk_in);
        - ``rate``, ``ci_low``, ``ci_high``: show-up rate ``came / invited``
          with its Wilson interval (NaN for walk_in);
        - ``guests`` (int64): guests brought along by those who came;
        - ``guests_per_attendee`` (float): ``guests / came``;
        - ``head_strangers``, ``guest_strangers`` (int64): non-customers among
          those who came and among their guests;
        - ``attendees`` (int64): ``came + guests``; ``strangers`` (int64);
        - ``stranger_rate`` (float): ``strangers / attendees``.

    Examples
    --------
    >>> from analysis.events import example_tables
    >>> t = example_tables()
    >>> chain_rates(t)[["chain_kind", "invited", "came", "rate", "guests"]]
      chain_kind  invited  came  rate  guests
    0      staff        2     1   0.5       1
    1    partner        1     1   1.0       0
    2    walk_in        0     1   NaN       0
    """
    func = "chain_rates"
    t = prep.pick(data, func, required=("invitations", "attendance", "events"), invitations=invitations,
                  attendance=attendance, events=events)
    level = prep.check_level(level, func)
    ev, inv, chain = history(t, kind, func)
    rows = []
    for ck in ("staff", "partner", "walk_in"):  # three chain kinds
        heads, guests = heads_and_guests(inv, chain, ck)
        came = heads.loc[heads["came"]]
        rows.append({"chain_kind": ck, "events": len(ev), "invited": 0 if ck == "walk_in" else len(heads),
                     "came": len(came), "guests": len(guests), "head_strangers": int(came["stranger"].sum()),
                     "guest_strangers": int(guests["stranger"].sum())})
    out = pd.DataFrame(rows)
    out = out.astype({c: np.int64 for c in ("events", "invited", "came", "guests", "head_strangers",
                                            "guest_strangers")})
    walk = (out["chain_kind"] == "walk_in").to_numpy()
    out = tb.with_rate(out.assign(_x=np.where(walk, 0, out["came"])), "_x", "invited", level).drop(columns="_x")
    out.loc[walk, ["rate", "ci_low", "ci_high"]] = np.nan
    attendees = out["came"] + out["guests"]
    strangers = out["head_strangers"] + out["guest_strangers"]
    return out.assign(chain_kind=out["chain_kind"].astype("string"),
                      guests_per_attendee=tb.ratio(out["guests"], out["came"]),
                      attendees=attendees.astype(np.int64), strangers=strangers.astype(np.int64),
                      stranger_rate=tb.ratio(strangers, attendees))[
        ["chain_kind", "events", "invited", "came", "rate", "ci_low", "ci_high", "guests", "guests_per_attendee",
         "head_strangers", "guest_strangers", "attendees", "strangers", "stranger_rate"]]
