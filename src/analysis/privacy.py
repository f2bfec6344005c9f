"""Personal data on the way in: salted-hash person ids, redaction (个人信息保护).

Real exports (问卷星 answer sheets, sign-in sheets) carry names, phone numbers, ID-card
numbers and WeChat ids. The data contract keeps none of them: the importers turn them
into a ``person_id`` that is a keyed hash (HMAC-SHA256) of the identifier with a secret
salt, and drop the raw columns. The same person gets the same ``person_id`` in every
export hashed with the same salt, so answer sheets, sign-ins and leads can be joined
without anyone seeing a phone number.

The salt comes from the environment variable named by :data:`analysis.config.SALT_ENV`
(``ANALYSIS_PERSON_SALT``) or from an explicit argument. There is no default salt: a
missing salt raises :class:`analysis.ParameterError` (an unsalted hash of an
11-digit phone number can be reversed by trying every number).

Functions
---------
resolve_salt
    The salt to use: the argument, else the environment variable, else an error.
identifier_kind
    What personal data a column header holds (``"phone"``, ``"name"``, ``"ip"`` …), if any.
person_ids
    One hashed ``person_id`` per row from the identifier columns of an export.
hash_identifier
    The keyed hash of one kind of identifier (normalised first).
redact
    Free text with personal data (phones, ID-card numbers, e-mail addresses, bank cards)
    replaced by a placeholder (the importers, on the way in).
personal_header
    What personal data a column header of a data table holds, by fuzzy matching.
find_personal_data
    Which values of a column hold personal data, and of which kind (the loader refuses them).
mask_personal
    Text (or a Series) with personal data masked for display: ``138****8000``.

Personal data by pattern (:func:`find_personal_data`, :func:`mask_personal`, :func:`redact`):

================ ===================================================== ======================
kind             what is recognised                                    masked as
================ ===================================================== ======================
``mobile``       mainland mobile numbers ``1[3-9]`` + 9 digits, in any  ``138****8000``
                 spacing (``138 0013 8000``, ``138-0013-8000``), with
                 or without ``+86`` / ``0086`` / ``86``
``landline``     an area code ``0`` + 2–3 digits, written with a dash,  ``010-****5678``
                 a space or brackets, then 7–8 digits
                 (``010-12345678``, ``0755 1234 5678``, ``(021)62345678``)
``id_number``    18-digit resident ID numbers with a valid birth date   ``1101**********002X``
                 and a valid check digit (ISO 7064 MOD 11-2)
``email``        ``name@domain.tld``                                    ``z***@example.com``
``bank_card``    16–19 digits (plain, or in groups of four) that pass   ``6222****7890``
                 the Luhn check
================ ===================================================== ======================

Numbers must stand alone (no digit right before or after). In an *id* (``ids=True``) the whole
value, without spaces and dashes, is checked (``13800138000``, ``+86 138-0013-8000``), and a number
inside an id only counts when no letter or digit touches it (``P-13800138000``), so hashed ids
(``H3f0c…``) and codes such as ``P000123`` never match. Landlines written without any separator
(``01012345678``) are not recognised: they cannot be told from other numbers.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import config
from analysis.errors import ParameterError

__all__ = [
    "IDENTIFIER_KINDS",
    "DROPPED_KINDS",
    "PERSONAL_HEADERS",
    "REDACTED",
    "resolve_salt",
    "identifier_kind",
    "hash_identifier",
    "person_ids",
    "redact",
    "contains_personal_data",
    "PERSONAL_KINDS",
    "personal_header",
    "find_personal_data",
    "personal_rows",
    "mask_personal",
    "whole_identifiers",
]

#: Identifier kinds that make the person_id, in priority order: the first one present
#: in a row is hashed (phone numbers are what sign-in sheets and 问卷星 collect most).
IDENTIFIER_KINDS: tuple[str, ...] = ("phone", "id_number", "wechat_id", "email", "name")

#: Personal data that is dropped without becoming part of the person_id.
DROPPED_KINDS: tuple[str, ...] = ("ip", "address", "nickname", "bank_card", "birth_date")

#: Header (exact, after stripping) → kind of personal data it holds.
PERSONAL_HEADERS: dict[str, str] = {
    **{h: "name" for h in ("姓名", "名字", "客户姓名", "您的姓名", "真实姓名", "name", "full_name")},
    **{h: "phone" for h in ("手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式",
                            "您的手机号", "您的手机号码", "您的联系电话", "phone", "mobile", "telephone")},
    **{h: "id_number" for h in ("身份证", "身份证号", "身份证号码", "证件号码", "id_number", "id_card")},
    **{h: "wechat_id" for h in ("微信号", "微信", "wechat_id")},
    **{h: "email" for h in ("邮箱", "电子邮箱", "邮箱地址", "电子邮件", "电子邮件地址", "email", "e-mail", "Email",
                            "E-mail", "EMAIL")},
    **{h: "bank_card" for h in ("银行卡", "银行卡号", "卡号", "银行账号")},
    **{h: "birth_date" for h in ("出生日期", "生日")},
    **{h: "ip" for h in ("来自IP", "IP", "IP地址", "ip")},
    **{h: "address" for h in ("住址", "家庭住址", "地址", "详细地址", "门牌号", "address")},
    **{h: "nickname" for h in ("微信昵称", "昵称")},
}

# Headers that mark personal data also at the end of a longer text ("联系人姓名"); short,
# ambiguous words (电话, 微信, 地址) count only as the whole header.
_SUFFIXES = ("身份证号码", "身份证号", "身份证", "证件号码", "手机号码", "手机号", "联系电话", "电话号码", "联系方式",
             "微信号", "姓名", "家庭住址", "详细地址", "住址", "电子邮箱", "邮箱地址", "邮箱", "电子邮件", "银行卡号",
             "出生日期")

# Words around the personal-data term in a question text ("15、请留下您的手机号码：").
_FILLER = re.compile(r"[\s：:？?（）()。，,！!*＊]|请|填写|输入|留下|提供|您的|你的|您|你")

#: Text put in place of a phone or ID-card number found in free text.
REDACTED = "[已隐去]"



def resolve_salt(salt: str | None = None) -> str:
    """The salt of person_id hashes: ``salt`` if given, else the environment variable.

    Parameters
    ----------
    salt : str, optional
        An explicit salt (tests pass one). When None, the environment variable named by
        :data:`analysis.config.SALT_ENV` (``ANALYSIS_PERSON_SALT``) is read.

    Returns
    -------
    str
        The salt.

    Raises
    ------
    ParameterError
        When neither is set (or the value is empty): there is deliberately no default salt.

    Examples
    --------
    >>> resolve_salt("branch-secret")
    'branch-secret'
    """
    if salt is None:
        salt = os.environ.get(config.SALT_ENV)
    if salt is None or not str(salt).strip():
        raise ParameterError(
            f"No salt for hashing person ids: set the environment variable {config.SALT_ENV} "
            "(ask the data owner of your branch for the salt; every export of the branch must use "
            "the same one) or pass salt=... . There is no default salt: an unsalted hash of a phone "
            "number can be reversed."
        )
    if not isinstance(salt, str):
        raise ParameterError(f"salt must be text, got {type(salt).__name__}")
    return salt


def identifier_kind(header) -> str | None:
    """The kind of personal data a column header holds, or None.

    Parameters
    ----------
    header : str
        A column header as exported, e.g. ``"手机号码"`` or the question text of a
        问卷星 question such as ``"请留下您的手机号码："`` (without its number).

    Notes
    -----
    A header is personal when it is one of :data:`PERSONAL_HEADERS`, or when what is left
    after removing punctuation and filler words (请, 填写, 留下, 您的 …) is one of them or
    ends with one (``联系人姓名``). A question *about* phones ("您希望通过电话还是微信联系？")
    is not personal. Importers also look at the values (see :func:`contains_personal_data`).

    Returns
    -------
    str or None
        One of :data:`IDENTIFIER_KINDS` (hashed into the person_id) or
        :data:`DROPPED_KINDS` (dropped), or None for an ordinary column.

    Examples
    --------
    >>> identifier_kind("手机号码"), identifier_kind("您的姓名："), identifier_kind("您的年龄段是？")
    ('phone', 'name', None)
    """
    text = str(header).strip()
    for candidate in (text, text.lower(), _FILLER.sub("", text)):
        if candidate in PERSONAL_HEADERS:
            return PERSONAL_HEADERS[candidate]
    core = _FILLER.sub("", text)
    for key in _SUFFIXES:
        if core.endswith(key):
            return PERSONAL_HEADERS[key]
    return None


def _normalise(values: pd.Series, kind: str) -> pd.Series:
    """Canonical text of an identifier (NA when empty), so that formatting does not change the hash."""
    txt = values.astype("string").str.strip()
    if kind == "phone":
        txt = txt.str.replace(r"\D", "", regex=True)
        txt = txt.where(~(txt.str.len().eq(13) & txt.str.startswith("86")), txt.str[2:])
    elif kind == "id_number":
        txt = txt.str.replace(r"\s", "", regex=True).str.upper()
    elif kind == "name":
        txt = txt.str.replace(r"\s", "", regex=True)
    elif kind == "email":
        txt = txt.str.lower()
    txt = txt.mask(txt.isin(["", "(跳过)", "(空)", "-3", "-2"]))
    return txt


def hash_identifier(values: pd.Series, kind: str, salt: str) -> pd.Series:
    """Keyed hash of identifiers of one kind; empty values give NA.

    Parameters
    ----------
    values : pandas.Series
        Raw identifiers (phone numbers, names …).
    kind : str
        One of :data:`IDENTIFIER_KINDS`; it is part of the hashed text, so a name can
        never collide with a phone number.
    salt : str
        The secret salt (see :func:`resolve_salt`).

    Returns
    -------
    pandas.Series
        ``string`` dtype, same index: ``"H"`` followed by 16 hex digits, or NA.

    Notes
    -----
    ``H`` + the first 16 hex digits of HMAC-SHA256(salt, ``"<kind>:<normalised value>"``).
    Normalisation: phones keep their digits only and lose a leading ``86`` country code;
    ID numbers lose spaces and are upper-cased; names lose white space.

    Examples
    --------
    >>> import pandas as pd
    >>> h = hash_identifier(pd.Series(["138 0013 8000", "+86 13800138000"]), "phone", "s")
    >>> h.iloc[0] == h.iloc[1], len(h.iloc[0])
    (True, 17)
    """
    if kind not in IDENTIFIER_KINDS:
        raise ParameterError(f"kind must be one of {', '.join(IDENTIFIER_KINDS)}, not {kind!r}")
    key = salt.encode("utf-8")
    norm = _normalise(values, kind)

    def one(v):
        digest = hmac.new(key, f"{kind}:{v}".encode("utf-8"), hashlib.sha256).hexdigest()
        return "H" + digest[:16]

    return norm.map(one, na_action="ignore").astype("string")


def person_ids(identifiers: pd.DataFrame, salt: str | None = None) -> pd.Series:
    """One hashed person_id per row from the identifier columns of an export.

    Parameters
    ----------
    identifiers : pandas.DataFrame
        Columns named after :data:`IDENTIFIER_KINDS` (any subset: ``phone``,
        ``id_number``, ``wechat_id``, ``name``), one row per person-row of the export.
    salt : str, optional
        See :func:`resolve_salt`; required only when there is a column to hash.

    Returns
    -------
    pandas.Series
        ``string`` dtype, same index: the hash of the first identifier present in the row,
        in the order of :data:`IDENTIFIER_KINDS` (phone, ID number, WeChat id, name);
        NA when the row has none.

    Notes
    -----
    A fixed priority makes the id comparable across exports: a sign-in sheet with phone
    numbers and a 问卷星 export with phone and name give the same person_id. A name alone
    is a weak key (two residents called 张伟 become one person); it is used only when
    nothing better was collected.

    Examples
    --------
    >>> import pandas as pd
    >>> ids = person_ids(pd.DataFrame({"name": ["张三", "李四", None],
    ...                                "phone": ["13800138000", None, None]}), salt="s")
    >>> ids.isna().tolist()
    [False, False, True]
    """
    cols = [k for k in IDENTIFIER_KINDS if k in identifiers.columns]
    out = pd.Series(pd.NA, index=identifiers.index, dtype="string")
    if not cols:
        return out
    key = resolve_salt(salt)
    for kind in cols:
        out = out.fillna(hash_identifier(identifiers[kind], kind, key))
    return out




# ---------------------------------------------------------------------------
# Personal data by pattern: headers and values
# ---------------------------------------------------------------------------

#: Kinds of personal data recognised in values, in the order they are looked for, with the words
#: used in messages.
PERSONAL_KINDS: dict[str, str] = {
    "email": "e-mail address",
    "id_number": "ID-card number",
    "bank_card": "bank card number",
    "mobile": "mobile phone number",
    "landline": "landline phone number",
}

# Header terms. Chinese ones count anywhere in the header (电话号码, 联系电话, 客户手机…); English
# ones as words (contact_phone, E-mail, customerEmail) or as the listed compounds.
_HEADER_ZH = (
    ("身份证", "id_number"), ("证件号", "id_number"), ("护照", "id_number"),
    ("银行卡", "bank_card"), ("卡号", "bank_card"), ("银行账号", "bank_card"),
    ("手机", "phone"), ("电话", "phone"), ("联系方式", "phone"), ("座机", "phone"),
    ("邮箱", "email"), ("邮件", "email"),
    ("姓名", "name"), ("名字", "name"),
    ("微信号", "wechat_id"), ("微信id", "wechat_id"), ("qq号", "wechat_id"),
    ("住址", "address"), ("家庭地址", "address"), ("详细地址", "address"), ("居住地址", "address"),
    ("门牌", "address"), ("出生日期", "birth_date"), ("生日", "birth_date"),
    ("ip地址", "ip"), ("来自ip", "ip"),
)
_HEADER_WORDS = {
    "phone": "phone", "telephone": "phone", "tel": "phone", "cellphone": "phone", "mobile": "phone",
    "email": "email", "mail": "email", "passport": "id_number", "ssn": "id_number",
    "wechat": "wechat_id", "qq": "wechat_id", "address": "address", "ip": "ip",
    "surname": "name", "birthday": "birth_date", "dob": "birth_date",
}
_HEADER_COMPOUNDS = {
    "phonenumber": "phone", "mobilenumber": "phone", "mobileno": "phone", "phoneno": "phone",
    "idcard": "id_number", "idnumber": "id_number", "idno": "id_number",
    "bankcard": "bank_card", "cardnumber": "bank_card", "cardno": "bank_card", "accountnumber": "bank_card",
    "fullname": "name", "firstname": "name", "lastname": "name", "realname": "name", "customername": "name",
    "contactname": "name", "personname": "name", "username": "name",
    "dateofbirth": "birth_date", "birthdate": "birth_date", "emailaddress": "email", "ipaddress": "ip",
    "wechatid": "wechat_id",
}
# A "mobile" that is about a channel, not a number (mobile_banking, mobile_app).
_NOT_A_NUMBER = {"banking", "bank", "app", "channel", "users", "user", "active"}


def _header_words(header: str) -> list[str]:
    text = unicodedata.normalize("NFKC", str(header)).strip()
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)  # camelCase → words
    return [w for w in re.split(r"[^0-9a-z]+", text.lower()) if w]


def personal_header(header, person_table: bool = False) -> str | None:
    """The kind of personal data a column header of a data table suggests, or None.

    Parameters
    ----------
    header : str
        A header as found in the file (Chinese or English).
    person_table : bool
        The table holds rows about people (people, attendance …): there a bare ``name`` /
        ``名称`` is a person's name too.

    Notes
    -----
    Fuzzy on purpose: the header is normalised (NFKC, lower case) and a Chinese term counts
    anywhere in it (``电话号码``, ``联系电话``, ``客户手机``, ``邮箱``, ``姓名``, ``身份证``, ``银行卡`` …);
    an English term counts as a word of the header (``contact_phone``, ``E-mail``,
    ``customerEmail``, ``tel``) or as one of the compounds (``phonenumber``, ``idcard``,
    ``fullname`` …). ``mobile`` next to ``banking``/``app`` is a channel, not a number. The
    loader asks this only about headers that are not columns of the contract.

    Examples
    --------
    >>> [personal_header(h) for h in ("电话号码", "客户手机", "E-mail", "contact_phone", "备注", "mobile_banking")]
    ['phone', 'phone', 'email', 'phone', None, None]
    """
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    flat = re.sub(r"[\s_\-.·:：()（）/\\|]", "", text)
    for term, kind in _HEADER_ZH:
        if term in flat:
            return kind
    words = _header_words(header)
    for w in words:
        if w in _HEADER_WORDS:
            if w == "mobile" and _NOT_A_NUMBER & set(words):
                continue
            return _HEADER_WORDS[w]
    joined = "".join(words)
    for term, kind in _HEADER_COMPOUNDS.items():
        if term in joined:
            return kind
    if person_table and (words == ["name"] or flat in ("名称", "称呼")):
        return "name"
    return None


# --- value patterns --------------------------------------------------------------
_SEP = r"[ \t\-]"
_MOBILE_CORE = r"(?:(?:\+|00)?86" + _SEP + r"?)?1[3-9]\d(?:" + _SEP + r"?\d){8}"
_LANDLINE_CORE = r"(?:\+86" + _SEP + r"?)?(?:\(0?\d{2,3}\)" + _SEP + r"?|0\d{2,3}" + _SEP + r")[1-9]\d{2,3}" \
                 + _SEP + r"?\d{4}"
_ID_CORE = r"[1-9]\d{5}\s?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?\d{3}[\dXx]"
_CARD_CORE = r"(?:\d{16,19}|\d{4}(?:" + _SEP + r"\d{4}){3}(?:" + _SEP + r"?\d{1,3})?)"
_EMAIL_CORE = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"


def _bounded(core: str, ids: bool) -> re.Pattern:
    # never the middle of a longer number, also not of one written in groups ("6222 0212 3456 …")
    edge = r"0-9A-Za-z" if ids else r"0-9"
    return re.compile(rf"(?<![{edge}])(?<![0-9]{_SEP}){core}(?![{edge}])")


_PATTERNS = {ids: {"email": re.compile(_EMAIL_CORE), "id_number": _bounded(_ID_CORE, ids),
                   "bank_card": _bounded(_CARD_CORE, ids), "mobile": _bounded(_MOBILE_CORE, ids),
                   "landline": _bounded(_LANDLINE_CORE, ids)} for ids in (False, True)}
# The whole id (spaces, dashes, dots, brackets and a leading + removed) is a number of a kind.
_WHOLE = {"id_number": re.compile(r"[1-9]\d{16}[\dXx]"), "bank_card": re.compile(r"\d{16,19}"),
          "mobile": re.compile(r"(?:0086|86)?1[3-9]\d{9}")}
_STRIP = re.compile(r"[\s\-().+]")
# Cheap filters (pyarrow-friendly: no look-arounds) that every value with personal data passes.
# Digits are spelled [0-9] (and full-width ０-９): pandas sends \d through Python's re one value at a time.
_DIGIT = "[0-9０-９]"
_CANDIDATE_TEXT = (f"[@＠]|{_DIGIT}{{7}}|{_DIGIT}[ \t-]{_DIGIT}{{3}}|{_DIGIT}[ \t-]{_DIGIT}[ \t-]{_DIGIT}[ \t-]{_DIGIT}"
                   f"|[(（]0?{_DIGIT}{{2}}")
_CANDIDATE_ID = f"[@＠]|(?:^|[^0-9A-Za-z])[+(]?{_DIGIT}{{3}}"
_WIDE = re.compile("[０-９＠（）－＋]")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _id_valid(text: str) -> bool:
    d = re.sub(r"\s", "", text).upper()
    if len(d) != 18 or not d[:17].isdigit():
        return False
    try:
        pd.Timestamp(year=int(d[6:10]), month=int(d[10:12]), day=int(d[12:14]))
    except ValueError:
        return False
    return _ID_CHECK[sum(int(c) * w for c, w in zip(d[:17], _ID_WEIGHTS)) % 11] == d[17]


def _luhn(text: str) -> bool:
    d = _digits(text)
    if not 16 <= len(d) <= 19:
        return False
    total = 0
    for i, c in enumerate(reversed(d)):
        n = int(c)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


_VALID = {"id_number": _id_valid, "bank_card": _luhn}


def _mask_one(kind: str, text: str) -> str:
    if kind == "email":
        local, _, domain = text.partition("@")
        return f"{local[:1]}***@{domain}"
    d = _digits(text) if kind != "id_number" else re.sub(r"\s", "", text).upper()
    if kind == "mobile":
        d = d[-11:]
        return f"{d[:3]}****{d[-4:]}"
    if kind == "landline":
        area = re.match(r"\D*(?:86\D*)?\(?(0?\d{2,3})", text)
        code = area.group(1) if area else ""
        code = code if code.startswith("0") else "0" + code
        return f"{code}-****{d[-4:]}"
    if kind == "id_number":
        return f"{d[:4]}{'*' * 10}{d[-4:]}"
    return f"{d[:4]}****{d[-4:]}"  # bank_card


def _scan(text: str, ids: bool, replace=None) -> tuple[list[str], str]:
    """Kinds of personal data found in one text, and the text with each finding replaced."""
    kinds: list[str] = []
    if _WIDE.search(text):  # full-width digits (１３８…) and signs are the same characters to a reader
        text = unicodedata.normalize("NFKC", text)
    if ids:
        core = _STRIP.sub("", text)
        for kind, pat in _WHOLE.items():
            if pat.fullmatch(core) and _VALID.get(kind, lambda _t: True)(core):
                kinds.append(kind)
                return kinds, (replace(kind, text) if replace else text)
    out = text
    for kind, pat in _PATTERNS[ids].items():
        check = _VALID.get(kind)

        def sub(m, kind=kind, check=check):
            if check is not None and not check(m.group(0)):
                return m.group(0)
            if kind not in kinds:
                kinds.append(kind)
            # a finding is taken out of the text, so that no later pattern reads it again
            return replace(kind, m.group(0)) if replace else "\x00"

        out = pat.sub(sub, out)
    return kinds, out


# The shortest value that can hold personal data without an @: a mobile number has 11 digits, a landline
# an area code and 7 digits (11 characters), an ID-card or bank card number 16–18. So an ASCII value
# shorter than this and without an @ never holds any (non-ASCII text is always looked at: full-width
# digits and signs are read as ASCII ones).
_SHORTEST = 10


def _may_hold(txt: pd.Series) -> np.ndarray | None:
    """Rows that can hold personal data at all, from three cheap whole-column passes in Arrow (length, an @,
    plain ASCII): the only rows the candidate pattern is run on. None when ``txt`` is not in Arrow memory."""
    dt = txt.dtype
    if not (isinstance(dt, pd.StringDtype) and dt.storage == "pyarrow"):
        return None
    arr = pa.array(txt.array)
    out = np.zeros(len(txt), dtype=bool)
    at = 0
    for chunk in (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]):
        for start in range(0, len(chunk), 1 << 20):  # piece by piece: little temporary memory
            piece = chunk.slice(start, 1 << 20)
            maybe = pc.or_kleene(pc.or_kleene(pc.greater_equal(pc.binary_length(piece), _SHORTEST),  # bytes ≥ chars
                                              pc.match_substring(piece, "@")),
                                 pc.invert(pc.string_is_ascii(piece)))
            out[at:at + len(piece)] = pc.fill_null(maybe, False).to_numpy(zero_copy_only=False)
            at += len(piece)
    return out


def _candidates(txt: pd.Series, ids: bool) -> pd.Series:
    pattern = _CANDIDATE_ID if ids else _CANDIDATE_TEXT
    maybe = _may_hold(txt)
    if maybe is None:
        hit = txt.str.contains(pattern, regex=True)
        return hit.fillna(False).astype(bool)
    out = np.zeros(len(txt), dtype=bool)
    if maybe.any():
        some = txt[maybe] if not maybe.all() else txt
        out[np.flatnonzero(maybe)] = some.str.contains(pattern, regex=True).fillna(False).to_numpy(dtype=bool)
    return pd.Series(out, index=txt.index)


def find_personal_data(values: pd.Series, ids: bool = False) -> tuple[pd.Series, pd.Series]:
    """Which values hold personal data, and of which kind.

    Parameters
    ----------
    values : pandas.Series
        Text values (other dtypes are read as text; NA is never personal data).
    ids : bool
        The values are ids: the whole value is checked, and numbers inside it count only when no
        letter or digit touches them (see the module notes).

    Returns
    -------
    mask : pandas.Series of bool
        True where a value holds personal data.
    kinds : pandas.Series of string
        The kinds found (:data:`PERSONAL_KINDS`, joined with ``+`` when several), NA elsewhere.

    Notes
    -----
    Vectorised: one cheap regular expression over the whole column picks the few candidate
    values; only those are searched with the exact patterns and checked (ID check digit, Luhn).

    Examples
    --------
    >>> import pandas as pd
    >>> mask, kinds = find_personal_data(pd.Series(["请致电 138 0013 8000", "周末营业", "a@b.cn", None]))
    >>> mask.tolist(), kinds.tolist()
    ([True, False, True, False], ['mobile', <NA>, 'email', <NA>])
    """
    at, found = personal_rows(values, ids=ids)
    kinds = pd.Series(pd.NA, index=values.index, dtype="string")
    mask = np.zeros(len(values), dtype=bool)
    if len(at):
        kinds.iloc[at] = found.to_numpy()
        mask[at] = True
    return pd.Series(mask, index=values.index), kinds


def personal_rows(values: pd.Series, ids: bool = False) -> tuple[np.ndarray, pd.Series]:
    """The rows of ``values`` holding personal data: their positions, and their kinds (as
    :func:`find_personal_data` names them, indexed by the rows' labels). Nothing is allocated per row when
    there are none — what the loader asks of every id and text column of a city's tables."""
    txt = values.astype("string")
    cand = _candidates(txt, ids)
    if not cand.any():  # the usual case: nothing to look at, nothing found
        return np.zeros(0, dtype=np.int64), pd.Series([], dtype="string")
    found = txt[cand].map(lambda t: "+".join(_scan(t, ids)[0]) or None).astype("string")
    hit = found.notna().to_numpy()
    return np.flatnonzero(cand.to_numpy())[hit], found[hit]


def whole_identifiers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Which values *are* one piece of personal data as a whole (``138 0013 8000``, ``a@b.cn``), and its kind.

    Unlike :func:`find_personal_data`, a text that merely contains one (``请打 13800138000 找我``) does
    not count: the importers use this to recognise a question answered with phone numbers or
    e-mail addresses (an identifier to hash), as opposed to free text to redact.
    """
    txt = values.astype("string")
    kinds = pd.Series(pd.NA, index=values.index, dtype="string")
    cand = _candidates(txt, True)
    if cand.any():
        def one(t):
            found, rest = _scan(t, True, lambda _k, _v: "")
            return found[0] if found and not _STRIP.sub("", rest) else None
        kinds.loc[cand] = txt[cand].map(one).astype("string")
    return kinds.notna().astype(bool), kinds


def mask_personal(text):
    """``text`` with every piece of personal data masked for display (``138****8000``).

    Accepts a str (returns a str; other objects are returned unchanged) or a Series (returns a
    ``string`` Series). Used for every value a message, a problems table or a report shows.

    Examples
    --------
    >>> mask_personal("张三 +86 138-0013-8000, zhangsan@example.com, 卡 6222 0212 3456 7894")
    '张三 138****8000, z***@example.com, 卡 6222****7894'
    """
    if isinstance(text, pd.Series):
        txt = text.astype("string")
        cand = _candidates(txt, False)
        if not cand.any():
            return txt
        out = txt.copy()
        out.loc[cand] = txt[cand].map(lambda t: _scan(t, False, _mask_one)[1])
        return out
    if not isinstance(text, str):
        return text
    if not re.search(_CANDIDATE_TEXT, text):
        return text
    return _scan(text, False, _mask_one)[1]


def redact(text: pd.Series) -> pd.Series:
    """Free text with personal data (:data:`PERSONAL_KINDS`) replaced by :data:`REDACTED`.

    What is replaced is exactly what :func:`find_personal_data` finds, so imported free text
    passes the loader's check afterwards.

    Examples
    --------
    >>> import pandas as pd
    >>> redact(pd.Series(["请致电13800138000联系我", "周末营业", "邮箱 li@example.com"])).tolist()
    ['请致电[已隐去]联系我', '周末营业', '邮箱 [已隐去]']
    """
    txt = text.astype("string")
    cand = _candidates(txt, False)
    if not cand.any():
        return txt
    out = txt.copy()
    out.loc[cand] = txt[cand].map(lambda t: _scan(t, False, lambda _k, _v: REDACTED)[1])
    return out


def contains_personal_data(text: pd.Series) -> pd.Series:
    """Whether each text holds personal data (:func:`find_personal_data`, as free text)."""
    return find_personal_data(text)[0]
