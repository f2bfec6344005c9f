"""Private helpers of the surveys package: the tables of a call, the codebook, one question's answers.

Every public function of :mod:`analysis.surveys` reads its tables through :func:`tables` (the
``prep.pick`` convention: an optional data set first, tables by their contract names) and a
question through :func:`question_id` / :func:`book` / :func:`answers_of`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import prep
from analysis.errors import ParameterError
from analysis.questionnaire import QUESTION_IDS
from analysis.wjx import RANK_SEP

__all__: list[str] = []

#: Separator of the codebook's ``options`` and ``option_labels`` (and of joined triggers).
SEP = "|"

#: Columns each survey table must have when a function reads it.
COLUMNS = {
    "survey_answers": ("response_id", "question_id", "value"),
    "survey_questions": ("question_id", "text", "kind"),
    "survey_responses": ("response_id",),
    "communities": ("community_id",),
    "entry_points": ("entry_id", "community_id", "daily_flow", "cost_per_visit", "value_score"),
    "events": ("community_id",),
}


def tables(data, func: str, required=(), optional=(), **given) -> dict:
    """The tables of one call (:func:`analysis.prep.pick`), each checked for the columns it needs.

    A DataFrame in the data-set position is the old positional call: refused with a message that
    says how to pass tables now.
    """
    if isinstance(data, pd.DataFrame):
        raise ParameterError(f"{func}: the first argument is a data set (table name → DataFrame, e.g. "
                             f"surveys.survey_scope(...)); pass single tables by name, e.g. "
                             f"{func}(survey_answers=..., survey_questions=...).")
    t = prep.pick(data, func, required=required, optional=optional, **given)
    for name, df in t.items():
        if df is not None:
            prep.require_frame(df, name, COLUMNS.get(name, ()), func)
    return t


def question_id(questions: pd.DataFrame, question, func: str) -> str:
    """A question id of the codebook, from its id or the standard questionnaire's key."""
    if question is None:
        raise ParameterError(f"{func}: name the question, e.g. {func}(data, 'needs') "
                             f"(a question id of survey_questions or a key of the standard questionnaire)")
    ids = set(questions["question_id"].astype(str))
    q = str(question)
    if q in ids:
        return q
    if q in QUESTION_IDS and QUESTION_IDS[q] in ids:
        return QUESTION_IDS[q]
    raise ParameterError(f"{func}: question {question!r} is not in survey_questions "
                         f"(question ids: {prep.show(sorted(ids))}; keys of the standard questionnaire: "
                         f"{prep.show(QUESTION_IDS)})")


def book(questions: pd.DataFrame, qid: str) -> dict:
    """One question of the codebook: id, kind, text, option codes and their labels."""
    row = questions.loc[questions["question_id"].astype(str) == qid].iloc[0]
    codes = str(row["options"]).split(SEP) if pd.notna(row.get("options")) and str(row["options"]) else []
    labels = (str(row["option_labels"]).split(SEP) if "option_labels" in row and pd.notna(row["option_labels"])
              and str(row["option_labels"]) else list(codes))
    if len(labels) != len(codes):
        labels = list(codes)
    return {"question_id": qid, "kind": str(row["kind"]), "text": str(row["text"]), "codes": codes, "labels": labels}


def text(s: pd.Series) -> pd.Series:
    """A column as text for comparing and counting: a string column as it is (no copy), others as ``str``."""
    if isinstance(s.dtype, pd.StringDtype):
        return s
    return s.astype(str)


def sheets(survey_answers: pd.DataFrame, responses: pd.DataFrame | None) -> pd.Index:
    """The answer sheets in scope: those of ``responses``, else every sheet with an answer."""
    if responses is not None:
        return pd.Index(text(responses["response_id"].dropna()).unique())
    return pd.Index(text(survey_answers["response_id"].dropna()).unique())


def isin(column, values) -> np.ndarray:
    """``column.isin(values)`` as a plain boolean array (missing → False) for text Series or Index.

    Arrow-backed text is compared by ``pyarrow.compute.is_in`` directly: pandas' own ``isin`` on
    such a column turns every value looked for into a Python object first (seconds for a million
    answer sheets).
    """
    col = text(column)
    look = values if isinstance(values, (pd.Series, pd.Index)) else pd.Index(values)
    if isinstance(col.dtype, pd.StringDtype) and col.dtype.storage == "pyarrow" and \
            isinstance(look.dtype, pd.StringDtype) and look.dtype.storage == "pyarrow":
        arr = pa.array(col.array)
        value_set = pa.array(look.array)
        if isinstance(value_set, pa.ChunkedArray):
            value_set = value_set.combine_chunks()
        if value_set.type != arr.type:
            value_set = value_set.cast(arr.type)
        hit = pc.fill_null(pc.is_in(arr, value_set=value_set), False)
        return np.asarray(hit, dtype=bool)
    return np.asarray(col.isin(look), dtype=bool)


def _is(column: pd.Series, value: str) -> np.ndarray:
    """``column == value`` as a plain boolean array (missing → False)."""
    eq = text(column) == value
    return eq.to_numpy(dtype=bool, na_value=False) if isinstance(eq.dtype, pd.BooleanDtype) else \
        eq.fillna(False).to_numpy(dtype=bool)


def answers_of(survey_answers, qid: str, in_scope: pd.Index | None, kind: str, top: int = 1) -> pd.DataFrame:
    """(response_id, value) of one question within the sheets; rank answers → their first ``top`` codes.

    ``in_scope`` None: every sheet (as :func:`sheets` without ``responses``, without listing them).
    """
    a = survey_answers.loc[_is(survey_answers["question_id"], qid), ["response_id", "value"]]
    keep = a["value"].notna().to_numpy() & a["response_id"].notna().to_numpy()
    rid = text(a["response_id"])
    if in_scope is not None:
        keep &= isin(rid, in_scope)
    a = pd.DataFrame({"response_id": rid.to_numpy()[keep], "value": text(a["value"]).to_numpy()[keep]})
    if kind == "rank":
        a = a.assign(value=a["value"].str.split(RANK_SEP).map(lambda v: v[:top])).explode("value")
        a = a.dropna(subset=["value"])
    return a.drop_duplicates().reset_index(drop=True)


# ---------------------------------------------------------------------------
# counting many answers at once: integer codes, no loop over rows
# ---------------------------------------------------------------------------

#: Cells (answer sheets × options of the questions counted together, one byte each) of the largest
#: "who chose what" table :func:`tally` holds at once; questions are counted in batches under it, and
#: a question with more cells on its own is counted by sorting instead.
TALLY_CELLS = 1 << 28


def _codes(column: pd.Series, rows: np.ndarray | None) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (int32, -1: missing) and the distinct values of a text column, on a mask's rows (None: all).

    Arrow-backed text is encoded by ``pyarrow.compute.dictionary_encode`` on its chunks (one hash
    table for all of them, as ``pandas.factorize`` but without combining the chunks first); other
    columns by ``pandas.factorize``.
    """
    s = text(column)
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow":
        arr = s.array.__arrow_array__()
        arr = pa.chunked_array([arr]) if isinstance(arr, pa.Array) else arr
        if rows is not None:
            arr = arr.filter(pa.array(rows, type=pa.bool_()))
        encoded = arr.dictionary_encode()
        chunks = [c for c in encoded.chunks if len(c)]
        if not chunks:
            return np.zeros(0, np.int32), pd.Index(pd.array([], dtype=s.dtype))
        dictionary = chunks[-1].dictionary  # the kernel's one dictionary, shared by every chunk
        if all(len(c.dictionary) == len(dictionary) for c in chunks):
            codes = np.concatenate([pc.fill_null(c.indices, -1).to_numpy(zero_copy_only=False) for c in chunks])
            return codes.astype(np.int32, copy=False), pd.Index(pd.array(dictionary, dtype=s.dtype))
    codes, uniques = pd.factorize(s if rows is None else s[rows], use_na_sentinel=True)
    return codes.astype(np.int32), pd.Index(uniques)


def _pairs(r: np.ndarray, c: np.ndarray, n_r: int, k0: int, k1: int) -> np.ndarray:
    """Who chose what among combinations ``k0 … k1 - 1``: a (k1 - k0) × n_r boolean table (duplicates once)."""
    k = k1 - k0
    seen = np.zeros(k * n_r, dtype=bool)
    seen[(c - k0) * n_r + r] = True
    return seen.reshape(k, n_r)


def _sorted_pairs(r: np.ndarray, c: np.ndarray, n_r: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (sheet, combination) pairs, by sorting (when the boolean table would be too large)."""
    key = np.unique(c.astype(np.int64) * n_r + r)
    pair_c, pair_r = np.divmod(key, n_r)
    return pair_r, pair_c


def tally(survey_answers: pd.DataFrame, questions: list[dict], in_scope: pd.Index | None,
          group: pd.Series | None = None, n_groups: int = 1) -> list[dict]:
    """Respondents choosing each value, and respondents answering, per question and group: one pass, integer codes.

    Parameters
    ----------
    survey_answers : DataFrame
        The long answers table (``response_id``, ``question_id``, ``value``).
    questions : list of dict
        :func:`book` entries (``question_id``, ``codes``); ranking questions must have been
        expanded to one row per ranked code first (see :func:`answers_of`).
    in_scope : Index or None
        The answer sheets counted (None: every sheet).
    group : Series, optional
        Response id → group number (0 … ``n_groups`` − 1); sheets without one are not counted
        (but their answers still list the values outside the codebook).
    n_groups : int

    Returns
    -------
    list of dict, one per question
        ``values`` (the codebook's codes, then the other values answered in order of first
        appearance), ``chosen`` (int64, n_groups × len(values): distinct sheets per value) and
        ``answered`` (int64, n_groups: distinct sheets with at least one answer to the question).

    Notes
    -----
    A sheet that ticks an option twice counts once (as ``drop_duplicates`` of the pairs). The
    answers are turned into integer codes once (``pandas.factorize``); the distinct (sheet,
    value) pairs are marked in a boolean sheets × values table, counted per column, so the cost is
    linear in the answers (the table is built in batches of questions under :data:`TALLY_CELLS`).
    """
    n_q = len(questions)
    out = [{"values": list(q["codes"]), "chosen": np.zeros((n_groups, len(q["codes"])), np.int64),
            "answered": np.zeros(n_groups, np.int64)} for q in questions]
    if not n_q or not len(survey_answers):
        return out
    # 1. the rows of the questions asked, and the question (0 … n_q - 1) of each
    if n_q == 1:
        rows = _is(survey_answers["question_id"], questions[0]["question_id"])
        jq = np.zeros(int(rows.sum()), np.int32)
    else:
        qc, qu = _codes(survey_answers["question_id"], None)
        lut = np.full(len(qu) + 1, -1, np.int32)  # the last slot serves the missing (-1) codes
        pos = qu.get_indexer([q["question_id"] for q in questions])
        lut[pos[pos >= 0]] = np.flatnonzero(pos >= 0)
        jrow = lut[qc]
        del qc
        rows = jrow >= 0
        jq = jrow[rows]
        del jrow
    if not len(jq):
        return out
    rows = None if len(jq) == len(survey_answers) else rows
    r, ru = _codes(survey_answers["response_id"], rows)
    v, vu = _codes(survey_answers["value"], rows)
    del rows
    ok = (r >= 0) & (v >= 0)
    if in_scope is not None:
        ok &= np.append(isin(ru, in_scope), False)[r]
    if not ok.all():
        r, v, jq = r[ok], v[ok], jq[ok]
    del ok
    # 2. the values of each question: its codebook first, then the others in order of first appearance
    n_v = len(vu)
    wide = np.int64 if n_q * n_v >= 2 ** 31 else np.int32
    combo = jq.astype(wide) * n_v + v
    present = np.bincount(combo, minlength=n_q * n_v).reshape(n_q, n_v) > 0
    value_pos = np.full((n_q, n_v), -1, np.int64)  # (question, value code) → column of its result
    for j, q in enumerate(questions):
        book_pos = vu.get_indexer(q["codes"])
        known = book_pos >= 0
        value_pos[j, book_pos[known]] = np.flatnonzero(known)
        extra = np.flatnonzero(present[j] & (value_pos[j] < 0))
        if len(extra):
            at = np.flatnonzero(jq == j)
            at = at[np.isin(v[at], extra)]
            order = pd.unique(v[at])  # in order of first appearance
            value_pos[j, order] = len(q["codes"]) + np.arange(len(order))
            out[j]["values"] += [str(x) for x in vu[order]]
            out[j]["chosen"] = np.zeros((n_groups, len(out[j]["values"])), np.int64)
    # 3. distinct (sheet, value) pairs, counted per group
    g = None
    if group is not None:
        g = group.reindex(ru).to_numpy(dtype=np.float64)
        g = np.where(np.isnan(g), -1, g).astype(np.int64)
        keep = g[r] >= 0
        if not keep.all():
            r, combo = r[keep], combo[keep]
        del keep
    del jq, v
    n_r = len(ru)
    # combinations in question order: question j owns columns starts[j] … starts[j + 1] - 1
    flat = np.flatnonzero(present.ravel())
    col = np.full(n_q * n_v, -1, np.int32)
    col[flat] = np.arange(len(flat))
    starts = np.searchsorted(flat, np.arange(n_q + 1) * n_v)
    c = col[combo]
    del combo
    j = 0
    while j < n_q:
        # the largest batch of questions whose table fits
        k = j + 1
        while k < n_q and (starts[k + 1] - starts[j]) * n_r <= TALLY_CELLS:
            k += 1
        k0, k1 = int(starts[j]), int(starts[k])
        if k1 > k0:
            if k0 == 0 and k1 == len(flat):  # every column at once
                rr, cc = r, c
            else:
                at = (c >= k0) & (c < k1)
                rr, cc = r[at], c[at]
                del at
            if (k1 - k0) * n_r <= TALLY_CELLS:
                seen = _pairs(rr, cc, n_r, k0, k1)
                pair_r = pair_c = None
            else:  # one question with very many values: distinct pairs by sorting
                pair_r, pair_c = _sorted_pairs(rr, cc, n_r)
                seen = None
            for jj in range(j, k):
                a0, a1 = int(starts[jj]), int(starts[jj + 1])
                if a1 == a0:
                    continue
                vals = flat[a0:a1] - jj * n_v  # value codes of the question's columns
                dest = value_pos[jj, vals]
                if seen is not None:
                    block = seen[a0 - k0:a1 - k0]
                    anyone = block.any(axis=0)
                    if g is None:
                        out[jj]["chosen"][0, dest] = block.sum(axis=1)
                        out[jj]["answered"][0] = anyone.sum()
                    else:
                        for i, d in enumerate(dest):
                            out[jj]["chosen"][:, d] = np.bincount(g[block[i]], minlength=n_groups)
                        out[jj]["answered"] = np.bincount(g[anyone], minlength=n_groups)
                else:
                    gg = np.zeros(len(pair_r), np.int64) if g is None else g[pair_r]
                    cnt = np.bincount(gg * (a1 - a0) + (pair_c - a0), minlength=n_groups * (a1 - a0))
                    out[jj]["chosen"][:, dest] = cnt.reshape(n_groups, a1 - a0)
                    who = np.unique(pair_r)
                    out[jj]["answered"] = np.bincount(np.zeros(len(who), np.int64) if g is None else g[who],
                                                      minlength=n_groups)
        j = k
    for j, q in enumerate(questions):  # a code listed twice in the codebook: the same count in both rows
        codes = out[j]["values"]
        if len(set(codes)) < len(codes):
            counted = {code: value_pos[j, i] for i, code in zip(vu.get_indexer(codes), codes) if i >= 0}
            for i, code in enumerate(codes):
                if code in counted and counted[code] >= 0:
                    out[j]["chosen"][:, i] = out[j]["chosen"][:, counted[code]]
    return out


def by_values(by, survey_answers, survey_questions, responses, in_scope, func) -> tuple[str, pd.Series]:
    """One grouping value per sheet: a column of ``responses`` or a single-choice question."""
    if responses is not None and by in responses.columns:
        s = responses.assign(response_id=responses["response_id"].astype(str)).drop_duplicates("response_id")
        if by == "submitted_at":  # by day, under the timezone rule (text is parsed, unreadable is an error)
            s = s.assign(submitted_at=prep.times(s, "survey_responses", "submitted_at", func,
                                                 key=("response_id",)).dt.normalize())
        vals = s.set_index("response_id")[by].reindex(in_scope)
        if isinstance(vals.dtype, pd.CategoricalDtype):
            vals = vals.cat.remove_unused_categories()
        return by, vals
    try:
        qid = question_id(survey_questions, by, func)
    except ParameterError:
        cols = f"; columns of survey_responses: {prep.show(responses.columns)}" if responses is not None else \
            " (pass survey_responses=... to group by one of its columns)"
        raise ParameterError(f"{func}: by={by!r} is neither a question of survey_questions nor a column of "
                             f"survey_responses{cols}") from None
    q = book(survey_questions, qid)
    if q["kind"] not in ("single", "scale"):
        raise ParameterError(f"{func}: by={by!r} is a {q['kind']} question; group by a single-choice question "
                             "(one answer per respondent) or a column of survey_responses")
    a = answers_of(survey_answers, qid, in_scope, q["kind"]).drop_duplicates("response_id")
    vals = a.set_index("response_id")["value"].reindex(in_scope)
    order = q["codes"] + sorted(set(vals.dropna()) - set(q["codes"]))
    return str(by), pd.Series(pd.Categorical(vals, categories=order), index=vals.index)


def empty(columns: dict) -> pd.DataFrame:
    """An empty result with the documented columns and dtypes."""
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in columns.items()})
