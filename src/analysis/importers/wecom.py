"""Import of WeCom (企业微信) customer-group payloads (企业微信导入).

The payloads are the JSON responses of WeCom's server API for customer groups, saved as they come (one file
per call, or one response per line in a ``.jsonl`` file):

======================================= ======================================================================
call                                    what it gives
======================================= ======================================================================
``externalcontact/groupchat/list``      ``group_chat_list``: chat_id, status (groups without details are
                                        listed in the summary, not imported)
``externalcontact/groupchat/get``       ``group_chat``: chat_id, name, owner, create_time, member_list
                                        (userid, type 1 staff / 2 customer, join_time, join_scene, invitor,
                                        group_nickname, name) → ``wechat_groups`` and ``group_members``
``externalcontact/groupchat/statistic`` ``items``: owner + data, or (``statistic_group_by_day``) stat_time +
                                        data: new_chat_cnt, chat_total, chat_has_msg, new_member_cnt,
                                        member_total, member_has_msg, msg_total → ``group_daily_stats``
``externalcontact/get``                 ``external_contact`` (external_userid, name, gender) and
                                        ``follow_user`` (remark_mobiles) → the person id, ``people.gender``
======================================= ======================================================================

A payload may be wrapped as ``{"request": {...}, "response": {...}, "fetched_at": "..."}`` to keep what the
response itself does not say: the owner filter and the day of a statistics call, and when a member list was
fetched (else the date in the file name, ``groupchat_get_2026-09-10.json``, is taken).

Personal data: customers are known by the salted hash of :mod:`analysis.privacy` — of their phone number
when a contact payload gives one (``remark_mobiles``: then they are the same person as on the sign-in
sheets), else of their external_userid. Names, nicknames (group_nickname) and unionids are never kept;
group names are used for the tier rule only.

Memberships: a member's spell starts at its ``join_time``; a member on one member list and missing from
the next list of the same group left between the two, and ``left_at`` is the time of the first list
without them (an upper bound, said in the summary). Staff members (type 1) are not customers: they are
counted in the summary and not imported.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import privacy, rules
from analysis.errors import DataError, ParameterError
from analysis.importers._common import Folder, ImportResult, Problems, merge_people, typed
from analysis.groups.daily import daily_health  # the metric lives in the groups domain; kept importable here
from analysis.schemas import TIERS, VALUE_ALIASES

__all__ = ["read_wecom", "parse_tier_rule", "daily_health", "JOIN_SCENES", "STAT_FIELDS"]

#: WeCom's join_scene → the contract's join_channel (1, 2: invited by a member — a staff member when the
#: payload names the invitor, else a customer; 3: scanned the group's QR code, which branches show at
#: booths and salons).
JOIN_SCENES = {1: "member_referral", 2: "member_referral", 3: "event_qr"}
#: The daily counts of groupchat/statistic.
STAT_FIELDS = ("new_chat_cnt", "chat_total", "chat_has_msg", "new_member_cnt", "member_total", "member_has_msg",
               "msg_total")
_DATE_IN_NAME = re.compile(r"(20\d{2})-?(\d{2})-?(\d{2})(?:[T_ -]?(\d{2})[:-]?(\d{2}))?")
_COND = re.compile(r"^\s*(?:(\*)|members\s*(>=|<=|>|<|==|=)\s*(\d+)|name\s*~\s*(.+?))\s*$")


def _local(seconds) -> pd.Series:
    """Unix seconds (WeCom's times) → naive Asia/Shanghai wall-clock times."""
    s = pd.to_numeric(pd.Series(seconds, dtype=object), errors="coerce")
    return pd.to_datetime(s, unit="s", utc=True).dt.tz_convert(rules.TIMEZONE).dt.tz_localize(None) \
        .astype("datetime64[ns]")


def parse_tier_rule(text: str | None) -> list[tuple[str, str, object, str]]:
    """``"members>=200:mass,name~精英:elite,*:potential"`` → [(kind, op, value, tier), …].

    Conditions, tried in order (the first that holds gives the tier): ``members OP N`` with OP one of
    ``>= <= > < =`` (customers on the group's latest member list), ``name~PATTERN`` (a regular expression
    searched in the group's name), ``*`` (every group). Tiers: mass, potential, elite (or 大众群, 潜在客户群,
    精英群). Default :data:`analysis.rules.WECOM_TIER_RULE`.
    """
    text = rules.WECOM_TIER_RULE if text is None else text
    out = []
    for part in [p for p in str(text).split(",") if p.strip()]:
        cond, sep, tier = part.rpartition(":")
        tier = tier.strip()
        tier = VALUE_ALIASES["tier"].get(tier, tier)
        m = _COND.match(cond) if sep else None
        if m is None or tier not in TIERS:
            raise ParameterError(
                f"--tier-rule: {part.strip()!r} is not CONDITION:TIER. Conditions: members>=N (also <=, >, <, =), "
                f"name~PATTERN, * ; tiers: {', '.join(TIERS)} (or 大众群, 潜在客户群, 精英群). Example: "
                "'name~精英:elite,members>=200:mass,*:potential'")
        if m.group(1):
            out.append(("any", "", None, tier))
        elif m.group(2):
            out.append(("members", m.group(2).replace("==", "="), int(m.group(3)), tier))
        else:
            try:
                re.compile(m.group(4))
            except re.error as exc:
                raise ParameterError(f"--tier-rule: {m.group(4)!r} is not a valid pattern ({exc})") from None
            out.append(("name", "~", m.group(4), tier))
    if not out:
        raise ParameterError("--tier-rule is empty")
    return out


def _apply_tiers(names: pd.Series, members: pd.Series, rule) -> tuple[pd.Series, list[str]]:
    tier = pd.Series(pd.NA, index=names.index, dtype="string")
    said = []
    for kind, op, value, t in rule:
        if kind == "any":
            hit = pd.Series(True, index=names.index)
            said.append(f"any other group → {t}")
        elif kind == "members":
            hit = {">=": members >= value, "<=": members <= value, ">": members > value, "<": members < value,
                   "=": members == value}[op]
            said.append(f"{op} {value} customers → {t}")
        else:
            hit = names.fillna("").str.contains(value, regex=True)
            said.append(f"name matching {value!r} → {t}")
        new = tier.isna() & hit.to_numpy()
        tier = tier.mask(new, t)
    return tier, said


# ---------------------------------------------------------------------------
# Reading the payloads
# ---------------------------------------------------------------------------


def _files(paths) -> list[Path]:
    out = []
    for p in [Path(x) for x in ([paths] if isinstance(paths, (str, Path)) else paths)]:
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in (".json", ".jsonl"))
        elif p.is_file():
            out.append(p)
        else:
            raise ParameterError(f"{p}: no such file or folder")
    if not out:
        raise ParameterError("import-wecom: no .json or .jsonl file found in what was given")
    return out


def _objects(path: Path, problems: Problems) -> list[tuple[dict, str]]:
    """(object, where) for every payload of a file: one JSON value, or one per line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add("", "", "unreadable", [], f"cannot be read as UTF-8 text ({type(exc).__name__})", path.name)
        return []
    if not text.strip():
        problems.add("", "", "empty_file", [], "the file is empty", path.name)
        return []
    try:
        whole = json.loads(text)
        items = whole if isinstance(whole, list) else [whole]
        return [(o, f"{path.name}" + (f" item {i + 1}" if len(items) > 1 else "")) for i, o in enumerate(items)]
    except json.JSONDecodeError:
        pass
    out = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append((json.loads(line), f"{path.name} line {i}"))
        except json.JSONDecodeError as exc:
            problems.add("", "", "not_json", [i], f"line {i} is not JSON ({exc.msg}); save the API's responses "
                         "as they come, one per file or one per line", path.name)
    return out


def _fetched_at(obj: dict, meta: dict, path_name: str):
    for v in (obj.get("fetched_at"), meta.get("fetched_at")):
        if v is not None:
            if isinstance(v, (int, float)):
                return _local([v]).iloc[0]
            try:
                t = pd.Timestamp(v)
            except (ValueError, TypeError):
                return None
            return t.tz_convert(rules.TIMEZONE).tz_localize(None) if t.tzinfo else t
    m = _DATE_IN_NAME.search(path_name)
    if m:
        try:
            return pd.Timestamp(int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4) or 0),
                                int(m.group(5) or 0))
        except ValueError:
            return None
    return None


def read_wecom(paths, out, *, branch_id: str, tier_rule: str | None = None, staff_map: dict | None = None,
               salt: str | None = None) -> ImportResult:
    """WeCom payloads → ``wechat_groups``, ``group_members``, ``group_daily_stats`` and ``people``.

    Parameters
    ----------
    paths : path or list of paths
        Files (``.json``: one response or a list of them; ``.jsonl``: one per line) or folders of them.
    out : str or path-like
        The data folder the rows are for (its ``staff`` are the owners a payload may name). Only read.
    branch_id : str
        The branch the groups belong to.
    tier_rule : str, optional
        How groups get their tier (:func:`parse_tier_rule`); default :data:`analysis.rules.WECOM_TIER_RULE`.
    staff_map : dict, optional
        WeCom userid → staff_id, for owners whose userid is not their staff id.
    salt : str, optional
        Salt of the person id hash (default: ``ANALYSIS_PERSON_SALT``).

    Returns
    -------
    ImportResult
        ``wechat_groups`` (group_id = chat_id, branch_id, tier, owner_staff_id, created_at),
        ``group_members`` (group_id, person_id, joined_at, left_at, join_channel), ``group_daily_stats``
        (branch_id, owner_staff_id, day and the seven counts) and ``people`` (person_id, gender) — those
        the payloads fill — with the summary (the tier rule and how many groups it put in each tier).

    Raises
    ------
    DataError
        Every problem at once: a file that is not JSON, an API error response (errcode ≠ 0), an owner not
        in staff, a group no tier condition covers, several member lists of a group without the time they
        were fetched, a statistics call without its day, conflicting counts for one day.
    """
    folder = out if isinstance(out, Folder) else Folder(out)
    rule = parse_tier_rule(tier_rule)
    if not isinstance(branch_id, str) or not branch_id.strip():
        raise ParameterError("import-wecom needs --branch: the branch the groups belong to")
    files = _files(paths)
    problems = Problems(", ".join(f.name for f in files))
    result = ImportResult()
    snaps, lists, stats, contacts = [], [], [], []
    for f in files:
        objs = _objects(f, problems)
        kinds = {}
        for obj, where in objs:
            if not isinstance(obj, dict):
                problems.add("", "", "not_a_payload", [], "not a JSON object", where)
                continue
            meta = obj.get("request") if isinstance(obj.get("request"), dict) else {}
            body = obj.get("response") if isinstance(obj.get("response"), dict) else obj
            if body.get("errcode", 0) not in (0, "0"):
                problems.add("", "errcode", "api_error", [], f"the call failed (errcode {body.get('errcode')}: "
                             f"{str(body.get('errmsg', ''))[:80]}); call it again and save the response", where)
                continue
            if isinstance(body.get("group_chat"), dict):
                snaps.append((body["group_chat"], _fetched_at(obj, meta, f.name), where))
                kinds["groupchat/get"] = kinds.get("groupchat/get", 0) + 1
            elif isinstance(body.get("group_chat_list"), list):
                lists += [c for c in body["group_chat_list"] if isinstance(c, dict)]
                kinds["groupchat/list"] = kinds.get("groupchat/list", 0) + 1
            elif isinstance(body.get("items"), list):
                stats.append((body["items"], {**meta, **{k: obj[k] for k in ("owner_filter", "day_begin_time",
                                                                              "day_end_time") if k in obj}}, where))
                kinds["groupchat/statistic"] = kinds.get("groupchat/statistic", 0) + 1
            elif isinstance(body.get("external_contact"), dict):
                contacts.append((body["external_contact"], body.get("follow_user") or [], where))
                kinds["externalcontact/get"] = kinds.get("externalcontact/get", 0) + 1
            else:
                result.set_aside.append(f"{where}: not one of the supported calls (keys "
                                        f"{', '.join(list(body)[:5])}), not imported")
        if kinds:
            result.read.append(f"{f.name}: " + ", ".join(f"{n} {k} response(s)" for k, n in kinds.items()))

    staff_ids = folder.ids("staff", "staff_id")
    smap = {str(k): str(v) for k, v in (staff_map or {}).items()}
    unknown_map = sorted(set(smap.values()) - staff_ids) if staff_ids else []
    if unknown_map:
        problems.add("staff", "staff_id", "foreign_key", unknown_map, "--staff-map names staff ids that are not in "
                     "the folder's staff table")

    def owner_ids(userids: pd.Series, what: str, where: pd.Series) -> pd.Series:
        u = userids.astype("string")
        mapped = u.map(lambda x: smap.get(x, x if x in staff_ids else None), na_action="ignore").astype("string")
        bad = u.notna() & mapped.isna()
        if bad.any():
            problems.add("wechat_groups" if what == "group owner" else "group_daily_stats", "owner", "unknown_staff",
                         list(pd.unique(where[bad.to_numpy()]))[:5],
                         f"the {what} userid(s) {', '.join(repr(x) for x in pd.unique(u[bad])[:5])} are not staff ids of "
                         "the folder's staff table; map them with --staff-map USERID=STAFF_ID (or a CSV with "
                         "columns userid, staff_id)")
        return mapped

    # -- people: contacts first, so that a phone number links the person to the sign-in sheets ------------
    key = privacy.resolve_salt(salt) if (snaps or contacts) else None
    contact = pd.DataFrame({
        "userid": [c.get("external_userid") for c, _f, _w in contacts],
        "phone": [next((m for u in fu if isinstance(u, dict) for m in (u.get("remark_mobiles") or []) if m), None)
                  for _c, fu, _w in contacts],
        "gender": [{1: "male", 2: "female"}.get(c.get("gender")) for c, _f, _w in contacts],
        "_where": [w for _c, _f, w in contacts]}, dtype=object)

    # -- member lists ---------------------------------------------------------------------------------------
    groups = pd.DataFrame({
        "chat_id": [g.get("chat_id") for g, _t, _w in snaps], "name": [g.get("name") for g, _t, _w in snaps],
        "owner": [g.get("owner") for g, _t, _w in snaps], "create_time": [g.get("create_time") for g, _t, _w in snaps],
        "fetched": pd.Series([t for _g, t, _w in snaps], dtype="datetime64[ns]"),
        "where": [w for _g, _t, w in snaps], "snap": np.arange(len(snaps))}, )
    members = pd.DataFrame([{"snap": i, **{k: m.get(k) for k in ("userid", "type", "join_time", "join_scene")},
                             "invited_by_staff": isinstance(m.get("invitor"), dict) and bool(m["invitor"].get("userid"))}
                            for i, (g, _t, _w) in enumerate(snaps) for m in (g.get("member_list") or [])
                            if isinstance(m, dict)],
                           columns=["snap", "userid", "type", "join_time", "join_scene", "invited_by_staff"])
    tables: dict[str, pd.DataFrame] = {}
    people_parts = []
    if len(groups):
        missing_id = groups["chat_id"].isna()
        if missing_id.any():
            problems.add("wechat_groups", "chat_id", "not_null", groups.loc[missing_id, "where"].tolist(),
                         "a groupchat/get response without chat_id")
        per_chat = groups.groupby("chat_id")["snap"].transform("size")
        untimed = (per_chat > 1) & groups["fetched"].isna()
        if untimed.any():
            problems.add("group_members", "fetched_at", "snapshot_time", groups.loc[untimed, "where"].tolist(),
                         "several member lists of the same group without the time each was fetched: save them as "
                         "{\"fetched_at\": \"2026-09-10 08:00\", \"response\": {...}} or put the date in the file "
                         "name (groupchat_get_2026-09-10.json)")
        same = groups.duplicated(["chat_id", "fetched"], keep=False) & groups["fetched"].notna()
        groups = groups.loc[~groups.duplicated(["chat_id", "fetched"], keep="last") | groups["fetched"].isna()]
        if same.any():
            result.notes.append("member lists fetched at the same time for the same group: the last one read is used")
        members = members[members["snap"].isin(groups["snap"])]
        latest = groups.sort_values(["chat_id", "fetched"], na_position="first").drop_duplicates("chat_id", keep="last")
        staff_rows = pd.to_numeric(members["type"], errors="coerce") == 1
        cust = members.loc[~staff_rows & members["userid"].notna()].copy()
        if staff_rows.any():
            result.set_aside.append(f"{int(staff_rows.sum())} staff member entries (type 1) of the member lists: staff "
                                    "are not customers, not in group_members")
        count = cust[cust["snap"].isin(latest["snap"])].groupby("snap").size()
        n_members = latest["snap"].map(count).fillna(0).astype(int)
        tier, said = _apply_tiers(latest["name"].astype("string"), n_members, rule)
        uncovered = tier.isna().to_numpy()
        if uncovered.any():
            problems.add("wechat_groups", "tier", "no_tier", latest.loc[uncovered, "chat_id"].tolist(),
                         f"no condition of the tier rule covers these groups; add one (e.g. *:mass) to --tier-rule")
        owner = owner_ids(latest["owner"], "group owner", latest["where"])
        g = typed("wechat_groups", {"group_id": latest["chat_id"].astype("string"), "branch_id": branch_id, "tier": tier,
                                    "owner_staff_id": owner, "created_at": _local(latest["create_time"].tolist())},
                  len(latest))
        tables["wechat_groups"] = g
        counts = g["tier"].value_counts()
        result.notes.append("tiers by the rule " + "; ".join(said) + ": " +
                            ", ".join(f"{int(counts.get(t, 0))} {t}" for t in TIERS))
        # spells: one per (group, member, join_time); left at the first later member list without them
        cust = cust.merge(groups[["snap", "chat_id", "fetched"]], on="snap")
        cust["join_time"] = pd.to_numeric(cust["join_time"], errors="coerce")
        spells = cust.groupby(["chat_id", "userid", "join_time"], dropna=False).agg(
            last_seen=("fetched", "max"), scene=("join_scene", "last"), by_staff=("invited_by_staff", "last"),
            seen=("snap", "size")).reset_index()
        times = groups.dropna(subset=["fetched"])[["chat_id", "fetched"]].drop_duplicates().sort_values("fetched")
        with_t = spells.dropna(subset=["last_seen"]).sort_values("last_seen")
        nxt = pd.merge_asof(with_t, times.rename(columns={"fetched": "left_at"}), left_on="last_seen",
                            right_on="left_at", by="chat_id", direction="forward", allow_exact_matches=False)
        spells = spells.merge(nxt[["chat_id", "userid", "join_time", "left_at"]], on=["chat_id", "userid", "join_time"],
                              how="left")
        channel = pd.to_numeric(spells["scene"], errors="coerce").map(JOIN_SCENES).astype("string")
        channel = channel.mask(spells["by_staff"].fillna(False).astype(bool) & channel.eq("member_referral"), "other")
        has_contact = contact[["userid", "phone"]].dropna(subset=["userid"]).drop_duplicates("userid")
        phone = spells["userid"].map(dict(zip(has_contact["userid"], has_contact["phone"])))
        pid = privacy.person_ids(pd.DataFrame({"phone": phone.astype("string"),
                                               "wechat_id": spells["userid"].astype("string")}), key)
        no_join = spells["join_time"].isna()
        if no_join.any():
            problems.add("group_members", "join_time", "not_null", list(pd.unique(spells.loc[no_join, "chat_id"]))[:5],
                         f"{int(no_join.sum())} member(s) without join_time")
        gm = typed("group_members", {"group_id": spells["chat_id"].astype("string"), "person_id": pid,
                                     "joined_at": _local(spells["join_time"].tolist()),
                                     "left_at": spells["left_at"], "join_channel": channel}, len(spells))
        tables["group_members"] = gm
        n_left = int(gm["left_at"].notna().sum())
        result.notes.append(f"{len(gm)} membership spell(s) from {len(groups)} member list(s) of {len(latest)} group(s); "
                            f"{n_left} left (left_at = when the first member list without them was fetched: they left "
                            "before it); join_channel from join_scene (1, 2 invited by a member: member_referral, "
                            "other when a staff member invited; 3 the group QR code: event_qr)")
        people_parts.append(pd.DataFrame({"person_id": pid, "_where": spells["chat_id"].astype(object)}))
        listed = {str(c.get("chat_id")) for c in lists} - set(latest["chat_id"].astype(str))
        if listed:
            result.set_aside.append(f"{len(listed)} group(s) of groupchat/list without their details (groupchat/get): "
                                    "not imported")
        result.notes.append("customer names, nicknames (group_nickname) and unionids not kept; group names used for "
                            "the tier rule only")
    elif lists:
        result.set_aside.append(f"{len(lists)} group(s) of groupchat/list without their details (groupchat/get): "
                                "not imported")
    if len(contact):
        cpid = privacy.person_ids(pd.DataFrame({"phone": contact["phone"].astype("string"),
                                                "wechat_id": contact["userid"].astype("string")}), key)
        people_parts.append(pd.DataFrame({"person_id": cpid, "gender": contact["gender"].astype("string"),
                                          "_where": contact["_where"]}))
        n_phone = int(contact["phone"].notna().sum())
        result.notes.append(f"{len(contact)} customer contact(s): {n_phone} with a phone number (remark_mobiles: the "
                            "same person id as on the sign-in sheets), the others by their external_userid")

    # -- daily statistics -------------------------------------------------------------------------------------
    if stats:
        rows = []
        for items, meta, where in stats:
            owners = ((meta.get("owner_filter") or {}).get("userid_list") or []) if isinstance(meta, dict) else []
            for it in items:
                if not isinstance(it, dict):
                    continue
                data = it.get("data") or {}
                if "stat_time" in it:
                    day, owner = it.get("stat_time"), owners[0] if len(owners) == 1 else None
                else:
                    begin, end = meta.get("day_begin_time"), meta.get("day_end_time", meta.get("day_begin_time"))
                    day = begin if begin is not None and begin == end else None
                    if day is None:
                        problems.add("group_daily_stats", "day", "no_day", [], "a by-owner statistics response "
                                     "without its day: save it with its request ({\"request\": {\"day_begin_time\": …, "
                                     "\"day_end_time\": the same day}, \"response\": …}) or use "
                                     "statistic_group_by_day", where)
                        continue
                    owner = it.get("owner")
                rows.append({"day": day, "owner": owner, "where": where, **{k: data.get(k) for k in STAT_FIELDS}})
        if rows:
            st = pd.DataFrame(rows)
            owner = owner_ids(st["owner"], "statistics owner", st["where"])
            day = _local(st["day"].tolist()).dt.normalize()
            counts = {k: pd.to_numeric(st[k], errors="coerce") for k in STAT_FIELDS}
            bad = pd.concat([counts[k].isna() | (counts[k] < 0) for k in STAT_FIELDS], axis=1).any(axis=1)
            if bad.any():
                problems.add("group_daily_stats", "data", "type", st.loc[bad, "where"].tolist(),
                             "a count of the statistics is missing or not a whole number ≥ 0")
            ds = typed("group_daily_stats", {"branch_id": branch_id, "owner_staff_id": owner, "day": day,
                                             **{k: counts[k].round().astype("Int64") for k in STAT_FIELDS}}, len(st))
            ds = ds.drop_duplicates()
            clash = ds.duplicated(["owner_staff_id", "day"], keep=False)
            if clash.any():
                problems.add("group_daily_stats", "day", "conflicting_counts",
                             sorted(set(ds.loc[clash, "day"].dt.strftime("%Y-%m-%d"))),
                             "two responses give different counts for the same owner and day")
            tables["group_daily_stats"] = ds.reset_index(drop=True)
            result.notes.append(f"{len(ds)} day(s) of group statistics (group health from them: "
                                "analysis.importers.daily_health)")
    people = merge_people(people_parts, problems)
    problems.raise_if_any()
    if len(people):
        tables["people"] = people
    for k, t in tables.items():
        result[k] = t
    if not tables:
        raise DataError(f"{problems.source}: no groups, statistics or contacts found in the payloads")
    return result
