"""Import of 问卷星 (Wenjuanxing) exports into the data contract (问卷星导入).

问卷星 exports answer sheets ("下载答卷数据") as Excel (.xlsx) or CSV (UTF-8 or GBK), in two
variants:

- **按选项文本** (by option text): one column per question headed ``3、您平时使用哪些银行？``;
  a single-choice cell holds the option text, a multi-choice cell the ticked options joined
  with ``┋``, a ranking cell the options in order joined with ``→``; "other, please specify"
  answers read ``其他〖农商银行〗``; a question the respondent skipped reads ``(跳过)``.
- **按选项序号** (by option number): single-choice cells hold the option's number (1, 2, …);
  a multi-choice question has one column per option headed ``5(理财产品)`` or
  ``第5题(理财产品)`` holding 1 (ticked) or 0; a skipped question reads ``-3``.

Both start with the metadata columns 序号 (answer-sheet number), 提交答卷时间
(``2026/09/03 12:00:00``), 所用时间 (``120秒``), 来源, 来源详情 and 来自IP.

:func:`read_wjx` turns either variant into the three survey tables of the data contract.
Names, phone numbers, ID-card, WeChat numbers and e-mail addresses become the salted-hash
``person_id`` (:mod:`analysis.privacy`) and are dropped; 来自IP and 来源详情 are dropped too (an IP
address is personal data, and the source detail can carry a WeChat nickname or a personal link),
and so are bank card numbers and birth dates. Personal data typed into free text (mobile and
landline numbers, ID-card numbers, e-mail addresses, bank card numbers) is replaced by
``[已隐去]``. The import also gives the ``people`` rows its person ids need, so that a data
folder validates after it; columns it does not import are listed (:attr:`WjxImport.notes`),
never dropped without a word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import privacy
from analysis.errors import DataError, ParameterError
from analysis.io import format_problems, parse_times, read_file
from analysis.schemas import SURVEY_CHANNELS, TABLES, VALUE_ALIASES, QUESTION_KINDS

__all__ = ["read_wjx", "WjxImport", "METADATA_COLUMNS", "MISSING_VALUES", "MULTI_SEP", "RANK_SEP", "OTHER_OPEN", "OTHER_CLOSE"]

#: 问卷星 metadata headers → what becomes of them (None: dropped as personal data).
METADATA_COLUMNS: dict[str, str | None] = {
    "序号": "response_id",
    "提交答卷时间": "submitted_at",
    "所用时间": "duration_s",
    "来源": "source",
    "来源详情": None,
    "来自IP": None,
}
#: Cells that mean "no answer" (skipped by logic, left empty): never an option.
MISSING_VALUES: frozenset[str] = frozenset({"", "(跳过)", "（跳过）", "(空)", "（空）", "-3", "-2"})
#: Separator of ticked options in the by-text variant.
MULTI_SEP = "┋"
#: Separator of ranked options in the by-text variant (and in ``value`` of a rank answer).
RANK_SEP = "→"
#: Brackets around the free text of an "other, please specify" answer.
OTHER_OPEN, OTHER_CLOSE = "〖", "〗"

_QUESTION = re.compile(r"^\s*(\d+)\s*[、.．]\s*(.*?)\s*$", re.S)
_OPTION = re.compile(r"^\s*(?:第\s*)?(\d+)\s*(?:题)?\s*[(（](.*)[)）]\s*$", re.S)
_OTHER = re.compile(rf"^(.*?){OTHER_OPEN}(.*?){OTHER_CLOSE}\s*$", re.S)
_INT = re.compile(r"^-?\d+$")
_OPEN_HINT = re.compile(r"建议|意见|请填写|请说明|请描述|留言|备注|补充|想法|说说")
_SCALE_HINT = re.compile(r"满意|打分|评分|分值|几分|程度|\d\s*[-~～至到]\s*\d+\s*分|\d分")
_DURATION = re.compile(r"^(?:(\d+)\s*(?:小时|时))?\s*(?:(\d+)\s*分钟?)?\s*(?:(\d+)\s*秒)?$")
_MAX_SHOWN = 5
_SEP = "|"


class WjxImport(dict):
    """What :func:`read_wjx` returns: ``dict`` of table name → DataFrame, plus what was not imported.

    Attributes
    ----------
    unknown_columns : list of str
        Headers that are neither 问卷星 metadata, nor questions, nor personal data (e.g. 总分): not
        imported, and listed here so that nothing is dropped without a word.
    personal_columns : dict
        Header → kind of personal data (``phone``, ``name``, ``ip`` …): hashed into person_id
        (identifier kinds) or dropped.
    notes : list of str
        Sentences for the import summary (the sheet read, the columns not imported, the people rows).
    """

    def __init__(self, tables=None, *, unknown_columns=(), personal_columns=None, notes=()):
        super().__init__(tables or {})
        self.unknown_columns = list(unknown_columns)
        self.personal_columns = dict(personal_columns or {})
        self.notes = list(notes)


@dataclass
class _Question:
    """One question of the export: a single column, or one column per option."""

    number: int
    text: str = ""
    column: str | None = None  # single-column question
    options: list[tuple[str, str]] = field(default_factory=list)  # (option label, header) per option column


# ---------------------------------------------------------------------------
# reading the file
# ---------------------------------------------------------------------------


def _cell_text(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float):
        if np.isnan(v):
            return None
        return str(int(v)) if v.is_integer() else repr(v)
    if hasattr(v, "isoformat") and not isinstance(v, str):
        return v.isoformat(sep=" ")
    return str(v)


def _read_export(path: Path) -> tuple[pd.DataFrame, list[str]]:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ParameterError(f"{path.name}: a 问卷星 export must be .xlsx or .csv, "
                             f"not {suffix or 'a file without suffix'}")
    if not path.is_file():
        raise DataError(f"{path}: file not found. Give the path of the .xlsx or .csv file downloaded from 问卷星 "
                        "(下载答卷数据).")
    # the loader's reader: encodings, empty files, trailing commas, several sheets — as DataError
    raw, notes = read_file(path, "survey_responses")
    if raw.empty:
        pr = pd.DataFrame([{"table": "survey_responses", "column": "", "rule": "empty_file", "n_rows": 0, "rows": "",
                            "detail": f"{path.name}: the export holds no answer sheets (only a header, or nothing); "
                                      "download it again from 问卷星 (下载答卷数据)"}]).astype({"n_rows": "int64"})
        raise DataError(format_problems(pr, path.name), pr)
    raw.columns = [str(c).strip() for c in raw.columns]
    text = raw.apply(lambda s: s.map(_cell_text)).astype("string").apply(lambda s: s.str.strip())
    return text.reset_index(drop=True), notes


def _missing(s: pd.Series) -> pd.Series:
    return (s.isna() | s.isin(list(MISSING_VALUES))).astype(bool)


def _layout(columns) -> tuple[dict[str, str], dict[str, str], list[_Question], list[str]]:
    """Split the headers into metadata, personal columns, questions and others."""
    meta: dict[str, str] = {}
    personal: dict[str, str] = {}
    questions: dict[int, _Question] = {}
    other: list[str] = []
    for h in columns:
        if h in METADATA_COLUMNS:
            meta[h] = METADATA_COLUMNS[h] or "dropped"
            continue
        m_opt = _OPTION.match(h)
        m_q = _QUESTION.match(h)
        if m_opt and not m_q:
            n = int(m_opt.group(1))
            q = questions.setdefault(n, _Question(n))
            q.options.append((m_opt.group(2).strip(), h))
        elif m_q:
            n = int(m_q.group(1))
            q = questions.setdefault(n, _Question(n))
            if q.column is not None:
                raise DataError(f"columns '{q.column}' and '{h}' are both question {n}; keep one of them")
            q.column, q.text = h, m_q.group(2).strip()
        else:
            kind = privacy.identifier_kind(h) or privacy.personal_header(h, person_table=True)
            if kind is not None:
                personal[h] = kind
            else:
                other.append(h)
    for q in questions.values():
        if q.column is not None and q.options:
            # 问卷星 may add a text column for the question next to its option columns: use the options
            q.text = q.text or ""
            q.column = None
    return meta, personal, [questions[n] for n in sorted(questions)], other


# ---------------------------------------------------------------------------
# codebook matching and value mapping
# ---------------------------------------------------------------------------


def _norm(text) -> str:
    """Text for comparison: NFKC, no white space, punctuation or bracketed hints."""
    t = unicodedata.normalize("NFKC", str(text))
    t = re.sub(r"【[^】]*】|\[[^\]]*\]|\([^)]*\)", "", t)
    return re.sub(r"[\s?？:：,，。.!！、;；\"'“”‘’*]", "", t)


def _label_key(text) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", str(text)))


@dataclass
class _Spec:
    """How the answers of one export question become contract rows."""

    question_id: str
    kind: str
    codes: list[str]
    labels: list[str]
    text: str
    from_codebook: bool


def _codebook_rows(questions: pd.DataFrame) -> list[dict]:
    need = ["question_id", "text", "kind"]
    miss = [c for c in need if c not in questions.columns]
    if miss:
        raise ParameterError(f"questions must be a codebook in the survey_questions schema (e.g. "
                             f"analysis.questionnaire.standard_questionnaire()); it has no column {', '.join(miss)}")
    rows = []
    for r in questions.itertuples(index=False):
        opts = getattr(r, "options", None)
        labs = getattr(r, "option_labels", None)
        codes = str(opts).split(_SEP) if isinstance(opts, str) and opts else []
        labels = str(labs).split(_SEP) if isinstance(labs, str) and labs else list(codes)
        if len(labels) != len(codes):
            raise ParameterError(f"questions: question {r.question_id} has {len(codes)} options but "
                                 f"{len(labels)} option labels")
        rows.append({"question_id": str(r.question_id), "text": str(r.text), "kind": str(r.kind),
                     "codes": codes, "labels": labels})
    return rows


def _match_codebook(q: _Question, book: list[dict], used: set[str]) -> dict | None:
    """The codebook question for an export question: by text, else (option columns) by option labels."""
    if q.text:
        key = _norm(q.text)
        hits = [b for b in book if b["question_id"] not in used and key and _norm(b["text"]) == key]
        if not hits:
            hits = [b for b in book if b["question_id"] not in used and key
                    and (key in _norm(b["text"]) or _norm(b["text"]) in key) and len(key) >= 4]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return hits[0]
    if q.options:
        labels = {_label_key(l) for l, _h in q.options}
        hits = [b for b in book if b["question_id"] not in used and b["kind"] in ("multi", "rank")
                and labels <= {_label_key(x) for x in b["labels"]}]
        if len(hits) == 1:
            return hits[0]
    return None


def _is_int(s: pd.Series) -> pd.Series:
    return s.fillna("").str.match(_INT).astype(bool)


def _infer_kind(q: _Question, values: pd.Series, number_variant: bool) -> str:
    """Kind of a question without codebook (see :func:`read_wjx`, Notes)."""
    if q.options:
        nums = pd.to_numeric(values.where(_is_int(values)), errors="coerce").astype("float64")
        return "rank" if (nums > 1).any() else "multi"
    v = values.dropna()
    if v.str.contains(MULTI_SEP, regex=False).any():
        return "multi"
    if v.str.contains(RANK_SEP, regex=False).any():
        return "rank"
    if _OPEN_HINT.search(q.text):
        return "open"
    if len(v) and _is_int(v).all():
        if number_variant:
            return "scale" if _SCALE_HINT.search(q.text) else "single"
        return "scale"
    if v.nunique() > 20:
        return "open"
    return "single"


def _split_other(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``其他〖农商银行〗`` → (``其他``, ``农商银行``); other text is NA when absent or empty."""
    parts = s.str.extract(_OTHER)
    has = parts[0].notna()
    label = s.where(~has, parts[0].str.strip())
    other = parts[1].str.strip().where(has)
    other = other.mask(other == "")
    return label.astype("string"), other.astype("string")


# ---------------------------------------------------------------------------
# the importer
# ---------------------------------------------------------------------------


def read_wjx(path, questions: pd.DataFrame | None = None, *, community_id=None, channel=None,
             event_id: str | None = None, communities: pd.DataFrame | None = None, salt: str | None = None,
             kind_overrides: dict | None = None, response_prefix: str = "WJX-",
             date_order: str | None = None) -> WjxImport:
    """Import a 问卷星 export (.xlsx or .csv, either variant) into the survey tables.

    Parameters
    ----------
    path : str or path-like
        The downloaded answer-sheet file: ``.xlsx``, or ``.csv`` in UTF-8 or GBK.
    questions : DataFrame, optional
        A codebook in the ``survey_questions`` schema, normally
        :func:`analysis.questionnaire.standard_questionnaire`. Export questions are matched
        to it by question text (ignoring punctuation and bracketed hints such as
        ``【多选】``); option columns of the by-number variant, which carry no text, by their
        option labels. Answers are then stored as the codebook's English option codes. Export
        questions that match nothing are added with ids ``x<NN>`` (the export's number).
        Without a codebook, questions get ids ``q<NN>`` from their number, the option texts
        are the codes, and the kind is inferred (see Notes).
    community_id : str or int, optional
        Where the answer sheets come from (``survey_responses.community_id`` must not be
        empty). A ``str`` is the community of every sheet (a booth in one community). An
        ``int`` is the number of the export's question asking for the community
        (``2、您居住的小区是？``): each answer is matched to ``communities`` by id or by name
        (or taken as the id when ``communities`` is not given); the question is not kept as
        an answer. Required: without it the import stops with a ParameterError.
    channel : str or int, optional
        How the sheets were filled in, one of the contract's channels (``booth``, ``salon``,
        ``activity``, ``online``, ``wechat``, ``door_to_door``, ``other``) or its Chinese
        label (驻点, 沙龙, 微信 …); an ``int`` is the number of a question asking for it. When
        None, the 来源 column decides: ``wechat`` when it mentions 微信, else ``online``
        (a 问卷星 sheet is filled in online; pass ``channel="booth"`` for a booth's QR code).
    event_id : str, optional
        The event where the sheets were filled in, for every sheet.
    communities : DataFrame, optional
        The communities table (``community_id``, ``name``), to match a community question's
        answers and to check a ``community_id`` argument.
    salt : str, optional
        Salt of the person_id hash; default the environment variable
        ``ANALYSIS_PERSON_SALT`` (:func:`analysis.privacy.resolve_salt`). Needed only when the
        export has a name, phone, ID-card or WeChat column; there is no default salt.
    kind_overrides : dict, optional
        ``{question number or question_id: kind}`` with kind in ``single``, ``multi``,
        ``scale``, ``open``, ``rank``: corrects an inferred kind (or a codebook's).
    response_prefix : str, default "WJX-"
        Prefix of ``response_id`` (``WJX-12`` for 序号 12). Give each export its own prefix
        when several are combined in one data set.
    date_order : {"DMY", "MDY", "YMD"}, optional
        How to read a 提交答卷时间 whose year comes last (``03/09/2026``); without it such a time is
        refused as ambiguous (问卷星 itself writes ``2026/09/03 12:00:00``, which is unambiguous).
        The times follow the loader's rules (:func:`analysis.io.parse_times`).

    Returns
    -------
    WjxImport
        A ``dict`` of four tables with the contract's columns and dtypes (and, as attributes,
        the columns not imported and the notes of the import summary):

        - ``survey_responses``: ``response_id`` (prefix + 序号), ``person_id`` (salted hash,
          NA when the export has no identifier), ``community_id``, ``event_id``,
          ``submitted_at`` (提交答卷时间), ``channel``, ``duration_s`` (所用时间 in seconds).
        - ``survey_answers``: ``response_id``, ``question_id``, ``value``, ``other_text`` —
          one row per answered single/scale/open question, one row per ticked option of a
          multi-choice question, one row per ranking with the option codes in the
          respondent's order joined with ``→``; ``other_text`` holds the free text of
          其他〖…〗 (value = the codebook's code of that option, or ``其他``). Skipped
          questions (``(跳过)``, ``-3``, ``-2``) and empty cells give no row.
        - ``survey_questions``: ``question_id``, ``text``, ``kind``, ``options``,
          ``option_labels`` (the codebook plus any unmatched question, or the inferred one).
        - ``people``: one row per person_id of the responses, with the sheet's ``community_id``
          (of the first sheet of that person) and ``is_bank_customer``, ``segment``,
          ``age_band``, ``gender`` empty (unknown: the export does not say).

    Raises
    ------
    ParameterError
        No ``community_id`` given, a bad ``channel``, ``kind_overrides`` or codebook, a
        question number that is not in the export, or no salt while the export holds personal
        data.
    DataError
        The file cannot be read (see :func:`analysis.io.read_file`), holds no answer sheets
        (rule ``empty_file``) or is not a 问卷星 export (no 序号 / 提交答卷时间), or answers
        do not fit: duplicated 序号, unreadable times, a community not found, an answer that is
        not an option of the codebook. The message lists every problem with the 序号 of the
        sheets concerned.

    Notes
    -----
    Privacy: headers such as 姓名, 手机, 手机号码, 电话, 身份证号, 微信号 — bare, or as a
    question (``15、请留下您的手机号码``) — and question columns whose answers are mostly
    phone or ID-card numbers are hashed into ``person_id`` (first of phone, ID number,
    WeChat id, name; :func:`analysis.privacy.person_ids`) and dropped. 来自IP, 来源详情 and
    address columns are dropped. Phone and ID-card numbers in open answers and in
    ``other_text`` are replaced by ``[已隐去]``. Columns that are neither metadata nor
    questions (e.g. 总分) are not imported and are listed in ``unknown_columns`` and ``notes``.

    Kinds without a codebook: option columns (``5(理财产品)``) are ``multi`` (0/1) or
    ``rank`` (positions above 1); a column with ``┋`` is ``multi``, with ``→`` ``rank``; a
    question text asking for suggestions (建议, 意见, 请填写 …) is ``open``; whole numbers
    are ``scale`` in the by-text variant and ``single`` (option numbers) in the by-number
    variant unless the text asks for a score (满意, 打分, 评分 …); more than 20 distinct texts
    are ``open``; anything else is ``single``. The export is taken as the by-number variant
    when it has option columns or a ``-3``. Use ``kind_overrides`` where this guesses wrong.

    In the by-number variant, a single-choice answer ``k`` is the codebook's k-th option; a
    multi-choice question with no option ticked (0 everywhere) counts as not answered.
    Matrix questions are not supported.

    Examples
    --------
    >>> from analysis.questionnaire import standard_questionnaire
    >>> tables = read_wjx("data/raw/社区调研_问卷星.xlsx", standard_questionnaire(),
    ...                   community_id="B01-C01", channel="booth")        # doctest: +SKIP
    >>> sorted(tables)                                                    # doctest: +SKIP
    ['survey_answers', 'survey_questions', 'survey_responses']
    """
    path = Path(path)
    overrides = _check_overrides(kind_overrides)
    if community_id is None:
        raise ParameterError(
            "read_wjx needs community_id: survey_responses.community_id must not be empty. Pass "
            "community_id='B01-C01' when every sheet comes from one community, or community_id=<number of "
            "the question asking for the community> (with communities=<communities table> to match names).")
    if not isinstance(community_id, (str, int)) or isinstance(community_id, bool):
        raise ParameterError(f"community_id must be a community id (str) or a question number (int), "
                             f"not {community_id!r}")
    raw, read_notes = _read_export(path)
    meta, personal, qlist, unknown = _layout(raw.columns)
    inverse = {v: k for k, v in meta.items()}
    for need in ("response_id", "submitted_at"):
        if need not in inverse:
            want = {"response_id": "序号", "submitted_at": "提交答卷时间"}[need]
            raise DataError(f"{path.name}: no column {want}: this does not look like a 问卷星 answer export "
                            f"(下载答卷数据 → 按选项文本 or 按选项序号). Columns found: {', '.join(raw.columns[:8])}")
    problems: list[dict] = []
    seq = raw[inverse["response_id"]]

    def add_problem(table, column, rule, mask, detail):
        rows = seq[mask.to_numpy()].fillna("?").tolist()
        problems.append({"table": table, "column": column, "rule": rule, "n_rows": len(rows),
                         "rows": ", ".join(f"序号 {r}" for r in rows[:_MAX_SHOWN])
                         + (" …" if len(rows) > _MAX_SHOWN else ""),
                         "detail": privacy.mask_personal(detail)})

    # -- identifiers: personal columns and personal questions ---------------------------
    number_variant = any(q.options for q in qlist) or bool(raw.isin(["-3"]).to_numpy().any())
    by_number = {q.number: q for q in qlist}
    for arg, name in ((community_id, "community_id"), (channel, "channel")):
        if isinstance(arg, int) and not isinstance(arg, bool) and arg not in by_number:
            raise ParameterError(f"{name}={arg}: the export has no question {arg} "
                                 f"(questions: {', '.join(map(str, by_number)) or 'none'})")
    ident: dict[str, pd.Series] = {}
    for h, kind in personal.items():
        if kind in privacy.IDENTIFIER_KINDS and kind not in ident:
            ident[kind] = raw[h]
    kept: list[_Question] = []
    for q in qlist:
        if q.column is not None:
            kind = privacy.identifier_kind(q.text)
            if kind is None:
                v = raw[q.column].mask(_missing(raw[q.column])).dropna()
                if len(v):
                    found, kinds = privacy.whole_identifiers(v)
                    if found.mean() >= 0.5:  # a question answered with phone numbers, ID numbers, e-mails …
                        top = kinds[found].value_counts().index[0]
                        kind = {"mobile": "phone", "landline": "phone"}.get(top, top)
            if kind is not None:
                personal[q.column] = kind
                if kind in privacy.IDENTIFIER_KINDS and kind not in ident:
                    ident[kind] = raw[q.column]
                continue
        kept.append(q)
    person_id = privacy.person_ids(pd.DataFrame(ident).mask(lambda d: d.isin(list(MISSING_VALUES))), salt) \
        if ident else pd.Series(pd.NA, index=raw.index, dtype="string")

    # -- responses -------------------------------------------------------------------------
    rid_txt = seq.mask(_missing(seq))
    bad = rid_txt.isna()
    if bad.any():
        add_problem("survey_responses", "序号", "not_null", bad, "序号 is empty")
    dup = rid_txt.notna() & rid_txt.duplicated(keep=False)
    if dup.any():
        add_problem("survey_responses", "序号", "unique_key", dup, "序号 appears more than once")
    response_id = (response_prefix + rid_txt).astype("string")
    t_raw = raw[inverse["submitted_at"]]
    submitted, issues = parse_times(t_raw, date_order)
    refused = np.zeros(len(raw), dtype=bool)
    for rule, mask, detail in issues:
        add_problem("survey_responses", "提交答卷时间", rule, pd.Series(mask, index=raw.index),
                    detail if rule != "type" else
                    f"expected a time such as 2026/09/03 12:00:00; found {_examples(t_raw[mask])}")
        refused |= mask
    bad = submitted.isna() & ~refused
    if bad.any():
        add_problem("survey_responses", "提交答卷时间", "not_null", bad, "提交答卷时间 is empty")
    duration = _durations(raw[inverse["duration_s"]]) if "duration_s" in inverse else \
        pd.Series(pd.NA, index=raw.index, dtype="Int64")
    source = raw[inverse["source"]] if "source" in inverse else pd.Series(pd.NA, index=raw.index, dtype="string")

    consumed = {a for a in (community_id, channel) if isinstance(a, int) and not isinstance(a, bool)}
    comm = _communities(raw, by_number, community_id, communities, add_problem)
    chan = _channels(raw, by_number, channel, source, add_problem)

    # -- questions and answers -------------------------------------------------------------
    book = _codebook_rows(questions) if questions is not None else None
    used: set[str] = set()
    specs: list[tuple[_Question, _Spec]] = []
    for q in kept:
        if q.number in consumed:
            continue
        values = raw[q.column].mask(_missing(raw[q.column])) if q.column is not None else \
            pd.concat([raw[h] for _l, h in q.options]).mask(lambda s: _missing(s))
        match = _match_codebook(q, book, used) if book is not None else None
        if match is not None:
            used.add(match["question_id"])
            spec = _Spec(match["question_id"], match["kind"], match["codes"], match["labels"], match["text"], True)
        else:
            qid = f"x{q.number:02d}" if book is not None else f"q{q.number:02d}"
            spec = _Spec(qid, _infer_kind(q, values, number_variant), [], [],
                         q.text or f"第{q.number}题", False)
        kind = overrides.get(spec.question_id, overrides.get(q.number, spec.kind))
        spec.kind = kind
        specs.append((q, spec))
    answers = []
    for q, spec in specs:
        answers.append(_answers(raw, q, spec, response_id, number_variant, add_problem))

    if problems:
        pr = pd.DataFrame(problems).astype({"n_rows": "int64"})
        raise DataError(format_problems(pr, path.name), pr)

    # -- assemble with the contract's dtypes --------------------------------------------------
    responses = _typed("survey_responses", {
        "response_id": response_id, "person_id": person_id, "community_id": comm,
        "event_id": pd.Series(event_id, index=raw.index, dtype="string"),
        "submitted_at": submitted, "channel": chan, "duration_s": duration,
    })
    long = pd.concat(answers, ignore_index=True) if answers else pd.DataFrame(
        columns=["response_id", "question_id", "value", "other_text", "_order"])
    long = long.sort_values("_order", kind="stable").drop(columns="_order")
    long = long.drop_duplicates(["response_id", "question_id", "value"])
    long = long.assign(value=privacy.redact(long["value"]), other_text=privacy.redact(long["other_text"]))
    ans = _typed("survey_answers", {c: long[c].reset_index(drop=True) for c in ("response_id", "question_id",
                                                                                 "value", "other_text")})
    qrows = _question_rows(book, specs)
    people = _people(responses)
    notes = [f"{path.name}: {n}" for n in read_notes]
    if unknown:
        notes.append(f"columns not imported (neither 问卷星 metadata nor a question): {', '.join(unknown)}")
    if personal:
        hashed = [h for h, k in personal.items() if k in privacy.IDENTIFIER_KINDS]
        dropped = [h for h in personal if h not in hashed]
        if hashed:
            notes.append(f"hashed into person_id and not kept: {', '.join(hashed)}")
        if dropped:
            notes.append(f"personal data not kept: {', '.join(dropped)}")
    for h, target in meta.items():
        if target == "dropped" and h not in personal:
            notes.append(f"personal data not kept: {h}")
    if len(people):
        notes.append(f"{len(people)} people row(s) for the respondents' person ids (is_bank_customer unknown)")
    return WjxImport({"survey_responses": responses, "survey_answers": ans, "survey_questions": qrows,
                      "people": people}, unknown_columns=unknown, personal_columns=personal,
                     notes=[privacy.mask_personal(n) for n in notes])


# ---------------------------------------------------------------------------
# pieces of read_wjx
# ---------------------------------------------------------------------------


def _check_overrides(kind_overrides) -> dict:
    if kind_overrides is None:
        return {}
    if not isinstance(kind_overrides, dict):
        raise ParameterError("kind_overrides must be a dict {question number or question_id: kind}")
    bad = {k: v for k, v in kind_overrides.items() if v not in QUESTION_KINDS}
    if bad:
        raise ParameterError(f"kind_overrides: kinds must be one of {', '.join(QUESTION_KINDS)}; got {bad}")
    return dict(kind_overrides)


def _examples(s: pd.Series) -> str:
    return ", ".join(repr(privacy.mask_personal(str(v))) for v in pd.unique(s.fillna("(空)").astype(str))[:3])


def _people(responses: pd.DataFrame) -> pd.DataFrame:
    """The people rows the responses' person ids need: one per person, community of their first sheet."""
    r = responses.loc[responses["person_id"].notna(), ["person_id", "community_id"]].drop_duplicates("person_id")
    return _typed("people", {"person_id": r["person_id"], "community_id": r["community_id"]})


def _durations(s: pd.Series) -> pd.Series:
    """``120秒`` → 120, ``2分30秒`` → 150, ``95`` → 95; anything else NA."""
    txt = s.fillna("").str.replace(r"\s", "", regex=True)
    plain = pd.to_numeric(txt.where(txt.str.match(r"^\d+(\.\d+)?$")), errors="coerce").astype("float64")
    parts = txt.str.extract(_DURATION).apply(pd.to_numeric, errors="coerce").astype("float64")
    has = parts.notna().any(axis=1) & txt.ne("")
    secs = (parts[0].fillna(0) * 3600 + parts[1].fillna(0) * 60 + parts[2].fillna(0)).where(has)
    out = plain.fillna(secs).round()
    return out.astype("Int64")


def _communities(raw, by_number, community_id, communities, add_problem) -> pd.Series:
    names: dict[str, str] = {}
    ids: set[str] = set()
    if communities is not None:
        if not {"community_id"} <= set(communities.columns):
            raise ParameterError("communities must be the communities table (with community_id and name)")
        ids = set(communities["community_id"].dropna().astype(str))
        if "name" in communities.columns:
            names = {_label_key(n): str(c) for c, n in zip(communities["community_id"], communities["name"])
                     if pd.notna(n) and pd.notna(c)}
    if isinstance(community_id, str):
        if ids and community_id not in ids:
            raise ParameterError(f"community_id {community_id!r} is not in the communities table "
                                 f"(known: {', '.join(sorted(ids)[:10])})")
        return pd.Series(community_id, index=raw.index, dtype="string")
    q = by_number[community_id]
    if q.column is None:
        raise ParameterError(f"community_id={community_id}: question {community_id} is a multi-choice question; "
                             "the community question must have one answer per sheet")
    v = raw[q.column].mask(_missing(raw[q.column]))
    label, _other = _split_other(v)
    key = label.map(_label_key, na_action="ignore")
    if communities is not None:
        mapped = label.where(label.isin(list(ids))).fillna(key.map(names)).astype("string")
    else:
        mapped = label.astype("string")
    miss = label.isna()
    if miss.any():
        add_problem("survey_responses", q.column, "not_null", miss,
                    "no community given; every answer sheet needs its community")
    unknown = label.notna() & mapped.isna()
    if unknown.any():
        add_problem("survey_responses", q.column, "foreign_key", unknown,
                    f"{_examples(label[unknown])} not found in the communities table (by community_id or name)")
    return mapped


def _channel_code(v: str | None) -> str | None:
    if v is None or v is pd.NA:
        return None
    v = str(v).strip()
    if v in SURVEY_CHANNELS:
        return v
    return VALUE_ALIASES["channel"].get(v) if VALUE_ALIASES["channel"].get(v) in SURVEY_CHANNELS else None


def _channels(raw, by_number, channel, source, add_problem) -> pd.Series:
    if channel is None:
        wechat = source.fillna("").str.contains("微信", regex=False)
        return pd.Series(np.where(wechat, "wechat", "online"), index=raw.index, dtype="string")
    if isinstance(channel, str):
        code = _channel_code(channel)
        if code is None:
            raise ParameterError(f"channel {channel!r} is not one of {', '.join(SURVEY_CHANNELS)} "
                                 "(or 驻点, 沙龙, 社区活动, 问卷星, 微信, 上门, 其他)")
        return pd.Series(code, index=raw.index, dtype="string")
    if not isinstance(channel, int) or isinstance(channel, bool):
        raise ParameterError(f"channel must be a channel (str), a question number (int) or None, not {channel!r}")
    q = by_number[channel]
    if q.column is None:
        raise ParameterError(f"channel={channel}: question {channel} is a multi-choice question")
    v = raw[q.column].mask(_missing(raw[q.column]))
    label, _o = _split_other(v)
    mapped = label.map(_channel_code, na_action="ignore").astype("string")
    bad = mapped.isna()
    if bad.any():
        add_problem("survey_responses", q.column, "allowed_values", bad,
                    f"channel must be one of {', '.join(SURVEY_CHANNELS)} (or its Chinese label); "
                    f"found {_examples(label[bad])}")
    return mapped


def _answers(raw, q: _Question, spec: _Spec, response_id, number_variant, add_problem) -> pd.DataFrame:
    """Long rows (response_id, question_id, value, other_text, _order) of one question."""
    order0 = q.number * 10_000
    if q.column is None:
        return _option_columns(raw, q, spec, response_id, order0, add_problem)
    v = raw[q.column].mask(_missing(raw[q.column]))
    frame = pd.DataFrame({"row": np.arange(len(raw)), "cell": v}).dropna(subset=["cell"])
    if spec.kind == "open":
        return pd.DataFrame({"response_id": response_id.iloc[frame["row"]].to_numpy(), "question_id": spec.question_id,
                             "value": frame["cell"].to_numpy(), "other_text": pd.NA,
                             "_order": frame["row"].to_numpy() * 1_000_000 + order0}).astype(
            {"value": "string", "other_text": "string"})
    sep = MULTI_SEP if spec.kind == "multi" else RANK_SEP if spec.kind == "rank" else None
    if sep is not None:
        frame = frame.assign(cell=frame["cell"].str.split(sep, regex=False)).explode("cell")
        frame = frame.assign(cell=frame["cell"].str.strip()).loc[lambda d: d["cell"].fillna("") != ""]
    frame = frame.assign(pos=frame.groupby("row").cumcount())
    label, other = _split_other(frame["cell"].astype("string"))
    code = _to_codes(label, spec, number_variant)
    bad = code.isna()
    if bad.any():
        rows = pd.Series(False, index=raw.index)
        rows.iloc[frame.loc[bad.to_numpy(), "row"].to_numpy()] = True
        add_problem("survey_answers", q.column, "allowed_values", rows,
                    f"{_examples(label[bad])} is not an option of question {spec.question_id} "
                    f"({_SEP.join(spec.labels) or 'no options'}); add it to the codebook or fix the export")
    out = pd.DataFrame({"row": frame["row"].to_numpy(), "pos": frame["pos"].to_numpy(),
                        "value": code.to_numpy(), "other_text": other.to_numpy()})
    if spec.kind == "rank":
        out = out.groupby("row", sort=True).agg(value=("value", lambda s: RANK_SEP.join(s.astype(str))),
                                                other_text=("other_text", "first")).reset_index().assign(pos=0)
    return pd.DataFrame({"response_id": response_id.iloc[out["row"]].to_numpy(), "question_id": spec.question_id,
                         "value": out["value"].to_numpy(), "other_text": out["other_text"].to_numpy(),
                         "_order": out["row"].to_numpy() * 1_000_000 + order0 + _option_rank(out["value"], spec)}
                        ).astype({"value": "string", "other_text": "string"})


def _option_rank(values: pd.Series, spec: _Spec) -> np.ndarray:
    pos = {c: i for i, c in enumerate(spec.codes)}
    return values.map(lambda v: pos.get(v, len(pos))).to_numpy(dtype=np.int64) if len(values) else \
        np.array([], dtype=np.int64)


def _to_codes(label: pd.Series, spec: _Spec, number_variant: bool) -> pd.Series:
    """Answer texts → option codes (NA where the text is not an option)."""
    if not spec.from_codebook:
        # no codebook: the answer text (or number) is the code; the options are the answers seen,
        # numbers in numeric order (a scale from its lowest to its highest answer)
        seen = [v for v in pd.unique(label.dropna()) if v not in spec.codes]
        spec.codes.extend(seen)
        if spec.codes and all(_INT.match(c) for c in spec.codes):
            nums = sorted(int(c) for c in spec.codes)
            full = range(nums[0], nums[-1] + 1) if spec.kind == "scale" else nums
            spec.codes[:] = [str(n) for n in full]
        spec.labels[:] = list(spec.codes)
        return label
    by_label = {_label_key(lab): c for c, lab in zip(spec.codes, spec.labels)}
    by_code = {c: c for c in spec.codes}
    key = label.map(_label_key, na_action="ignore")
    lab = key.map(by_label)
    code = label.map(by_code)
    pos = pd.to_numeric(label.where(_is_int(label)), errors="coerce").astype("float64")
    by_pos = pos.map(lambda p: spec.codes[int(p) - 1] if pd.notna(p) and 1 <= p <= len(spec.codes) else None)
    first, second = (by_pos, code) if number_variant else (code, by_pos)
    return lab.fillna(first).fillna(second).astype("string")


def _option_columns(raw, q: _Question, spec: _Spec, response_id, order0, add_problem) -> pd.DataFrame:
    """By-number variant: one 0/1 (or rank-position) column per option."""
    if spec.from_codebook:
        by_label = {_label_key(lab): c for c, lab in zip(spec.codes, spec.labels)}
        codes = [by_label.get(_label_key(lab)) for lab, _h in q.options]
        unknown = [lab for (lab, _h), c in zip(q.options, codes) if c is None]
        if unknown:
            cols = [h for (lab, h), c in zip(q.options, codes) if c is None]
            ticked = pd.concat([~_missing(raw[h]) & raw[h].ne("0") for h in cols], axis=1).any(axis=1)
            if ticked.any():
                add_problem("survey_answers", cols[0], "allowed_values", ticked,
                            f"option column(s) {', '.join(unknown)} of question {q.number} are not options of "
                            f"{spec.question_id} ({_SEP.join(spec.labels)}); add them to the codebook or fix "
                            "the export")
                return pd.DataFrame(columns=["response_id", "question_id", "value", "other_text", "_order"])
            q = _Question(q.number, q.text, None, [o for o, c in zip(q.options, codes) if c is not None])
            codes = [c for c in codes if c is not None]
    else:
        codes = [lab for lab, _h in q.options]
        spec.codes[:] = codes
        spec.labels[:] = codes
    n, k = len(raw), len(q.options)
    raw_cells = pd.concat([raw[h] for _lab, h in q.options], ignore_index=True)
    cell = raw_cells.mask(_missing(raw_cells))
    txt, other = _split_other(cell)
    is_num = _is_int(txt)
    num = pd.to_numeric(txt.where(is_num), errors="coerce").astype("float64")
    # a text in an option column (the 其他 column's free text) means the option was ticked
    text_tick = (cell.notna() & ~is_num & txt.fillna("").ne("0")).astype(bool)
    chosen = (num > 0).to_numpy() | text_tick.to_numpy()
    other = other.fillna(txt.where(text_tick & txt.fillna("").ne("")))
    position = num.where(num > 0).fillna(1).to_numpy() if spec.kind == "rank" else np.ones(n * k)
    cells = pd.DataFrame({"row": np.tile(np.arange(n), k), "code": np.repeat(np.array(codes, dtype=object), n),
                          "j": np.repeat(np.arange(k), n), "position": position, "chosen": chosen,
                          "other_text": other.to_numpy()})
    ticked = cells.loc[cells["chosen"]]
    if spec.kind == "rank":
        ticked = ticked.sort_values(["row", "position", "j"])
        ranked = ticked.groupby("row", sort=True).agg(value=("code", lambda s: RANK_SEP.join(s)),
                                                      other_text=("other_text", "first")).reset_index()
        return pd.DataFrame({"response_id": response_id.iloc[ranked["row"]].to_numpy(),
                             "question_id": spec.question_id, "value": ranked["value"].to_numpy(),
                             "other_text": ranked["other_text"].to_numpy(),
                             "_order": ranked["row"].to_numpy() * 1_000_000 + order0}).astype(
            {"value": "string", "other_text": "string"})
    return pd.DataFrame({"response_id": response_id.iloc[ticked["row"]].to_numpy(), "question_id": spec.question_id,
                         "value": ticked["code"].to_numpy(), "other_text": ticked["other_text"].to_numpy(),
                         "_order": ticked["row"].to_numpy() * 1_000_000 + order0 + ticked["j"].to_numpy()}
                        ).astype({"value": "string", "other_text": "string"})


def _question_rows(book, specs) -> pd.DataFrame:
    rows = []
    if book is not None:
        rows += [{"question_id": b["question_id"], "text": b["text"], "kind": b["kind"],
                  "codes": b["codes"], "labels": b["labels"]} for b in book]
    seen = {r["question_id"]: i for i, r in enumerate(rows)}
    for _q, s in specs:
        codes, labels = list(s.codes), list(s.labels)
        if not s.from_codebook and s.kind in ("scale",) and not codes:
            codes = labels = []
        row = {"question_id": s.question_id, "text": s.text, "kind": s.kind, "codes": codes, "labels": labels}
        if s.question_id in seen:
            rows[seen[s.question_id]]["kind"] = s.kind
        else:
            seen[s.question_id] = len(rows)
            rows.append(row)
    table = TABLES["survey_questions"]
    data = {
        "question_id": [r["question_id"] for r in rows],
        "text": [r["text"] for r in rows],
        "kind": [r["kind"] for r in rows],
        "options": [_SEP.join(r["codes"]) if r["codes"] and r["kind"] != "open" else None for r in rows],
        "option_labels": [_SEP.join(r["labels"]) if r["labels"] and r["kind"] != "open" else None for r in rows],
    }
    return pd.DataFrame({c.name: pd.Series(data[c.name], dtype=c.dtype) for c in table.columns})


def _typed(name: str, cols: dict) -> pd.DataFrame:
    """The table with the contract's columns and dtypes; a column the import does not know is empty."""
    table = TABLES[name]
    n = len(next(iter(cols.values()))) if cols else 0
    out = {}
    for c in table.columns:
        s = cols.get(c.name, pd.Series([pd.NA] * n, dtype=object))
        s = s.reset_index(drop=True) if isinstance(s, pd.Series) else pd.Series(s)
        if c.kind == "category":
            s = s.astype(object).astype(c.dtype)
        else:
            s = s.astype(c.dtype)
        out[c.name] = s
    return pd.DataFrame(out)
