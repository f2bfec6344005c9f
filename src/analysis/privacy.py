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
    Free text with phone and ID-card numbers replaced by a placeholder.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

import pandas as pd

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
]

#: Identifier kinds that make the person_id, in priority order: the first one present
#: in a row is hashed (phone numbers are what sign-in sheets and 问卷星 collect most).
IDENTIFIER_KINDS: tuple[str, ...] = ("phone", "id_number", "wechat_id", "name")

#: Personal data that is dropped without becoming part of the person_id.
DROPPED_KINDS: tuple[str, ...] = ("ip", "address", "nickname")

#: Header (exact, after stripping) → kind of personal data it holds.
PERSONAL_HEADERS: dict[str, str] = {
    **{h: "name" for h in ("姓名", "名字", "客户姓名", "您的姓名", "真实姓名", "name", "full_name")},
    **{h: "phone" for h in ("手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式",
                            "您的手机号", "您的手机号码", "您的联系电话", "phone", "mobile", "telephone")},
    **{h: "id_number" for h in ("身份证", "身份证号", "身份证号码", "证件号码", "id_number", "id_card")},
    **{h: "wechat_id" for h in ("微信号", "微信", "wechat_id")},
    **{h: "ip" for h in ("来自IP", "IP", "IP地址", "ip")},
    **{h: "address" for h in ("住址", "家庭住址", "地址", "详细地址", "门牌号", "address")},
    **{h: "nickname" for h in ("微信昵称", "昵称")},
}

# Headers that mark personal data also at the end of a longer text ("联系人姓名"); short,
# ambiguous words (电话, 微信, 地址) count only as the whole header.
_SUFFIXES = ("身份证号码", "身份证号", "身份证", "证件号码", "手机号码", "手机号", "联系电话", "电话号码", "联系方式",
             "微信号", "姓名", "家庭住址", "详细地址", "住址")

# Words around the personal-data term in a question text ("15、请留下您的手机号码：").
_FILLER = re.compile(r"[\s：:？?（）()。，,！!*＊]|请|填写|输入|留下|提供|您的|你的|您|你")

#: Text put in place of a phone or ID-card number found in free text.
REDACTED = "[已隐去]"

_PHONE = re.compile(r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)")
_ID_CARD = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


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


def redact(text: pd.Series) -> pd.Series:
    """Free text with phone numbers and ID-card numbers replaced by :data:`REDACTED`.

    Examples
    --------
    >>> import pandas as pd
    >>> redact(pd.Series(["请致电13800138000联系我", "周末营业"])).tolist()
    ['请致电[已隐去]联系我', '周末营业']
    """
    txt = text.astype("string")
    return txt.str.replace(_ID_CARD, REDACTED, regex=True).str.replace(_PHONE, REDACTED, regex=True)


def contains_personal_data(text: pd.Series) -> pd.Series:
    """Whether each text holds something that looks like a phone or ID-card number."""
    txt = text.astype("string").fillna("")
    return (txt.str.contains(_PHONE) | txt.str.contains(_ID_CARD)).astype(bool)
