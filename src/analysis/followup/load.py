"""Lead load: leads per staff member against an even split, and the chi-square test of that split."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as _sps

from analysis import prep, rules
from analysis.followup.status import FOLLOWUP_ROLES, evaluate, tables
from analysis.stats import proportion

__all__ = ["lead_load", "load_balance_test", "load_balance_text"]


def lead_load(data=None, /, *, leads: pd.DataFrame | None = None, staff: pd.DataFrame | None = None, as_of=None,
              level: float = rules.LEVEL, roles: Sequence[str] = FOLLOWUP_ROLES) -> pd.DataFrame:
    """Leads per staff member against an even split, with each one's win rate and amount.

    Parameters
    ----------
    data : mapping, optional
        A data set (e.g. the branch's scoped :class:`~analysis.io.Dataset`) supplying any table not
        given by name (:func:`analysis.prep.pick`).
    leads : pandas.DataFrame
        The leads table (``assigned_to``; ``amount`` when present); keyword-only.
    staff : pandas.DataFrame
        The staff table (``staff_id``, ``role``) of the branch; keyword-only.
    as_of : str or Timestamp, optional
        Evaluation time; default: the latest timestamp in ``leads``.
    level : float, default :data:`analysis.rules.LEVEL` (0.95)
    roles : sequence of str, default :data:`FOLLOWUP_ROLES`
        Roles expected to follow up leads: every such staff member gets a row, even with no lead.

    Returns
    -------
    pandas.DataFrame
        One row per staff member who follows up (by ``roles``) or has a lead assigned, ordered as
        the staff table (others after, by id), with columns:

        - ``staff_id`` (str), ``role`` (str; ``<NA>`` when the id is not in ``staff``);
        - ``leads`` (int64): leads assigned; ``expected`` (float): the even split, assigned leads
          divided by the number of rows; ``share`` (float): ``leads`` / assigned leads;
        - ``won`` (int64), ``open`` (int64): outcome at ``as_of``;
        - ``rate``, ``ci_low``, ``ci_high`` (float): win rate ``won / leads`` with Wilson interval;
        - ``amount`` (float): amount won.

        Unassigned leads are not in any row: :func:`load_balance_test` counts them.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> s = for_branch(make_sample(0, branches=1), "B01")
    >>> lead_load(s)["staff_id"].tolist()[:2]  # or lead_load(leads=s["leads"], staff=s["staff"])
    ['B01-S03', 'B01-S04']
    """
    func = "lead_load"
    t = tables(data, func, required=("leads", "staff"), leads=leads, staff=staff)
    return _load(t["leads"], t["staff"], as_of, level, roles, func)


def _load(leads, staff, as_of, level, roles, func) -> pd.DataFrame:
    prep.check_level(level, func)
    prep.require_frame(staff, "staff", ("staff_id", "role"), func)
    if isinstance(roles, str):
        roles = [roles]
    st, _ = evaluate(leads, as_of, rules.CONTACT_HOURS, rules.RESOLVE_HOURS, func)
    prep.require_frame(st, "leads", ("assigned_to",), func)
    st = st.loc[st["assigned_to"].notna().to_numpy()]
    amount = st["amount"] if "amount" in st.columns else pd.Series(0.0, index=st.index)
    per = (st.assign(_n=1, _open=(st["outcome_as_of"] == "open").astype("int64"),
                     _amount=amount.where(st["won"] == 1, 0.0).fillna(0.0).astype(float))
           .groupby("assigned_to", sort=True)[["_n", "won", "_open", "_amount"]].sum())
    sid = staff["staff_id"].astype("string")
    role = staff["role"].astype("string")
    ids = list(sid[role.isin(list(roles)).fillna(False).to_numpy()])
    ids += [s for s in sid if s in per.index and s not in ids]
    ids += [s for s in per.index if s not in set(sid)]
    per = per.reindex(ids, fill_value=0)
    n = per["_n"].astype("int64").to_numpy()
    total = int(n.sum())
    k = len(ids)
    p = proportion(per["won"].astype("int64").to_numpy(), n, level=level) if k else None
    roles_of = dict(zip(sid, role))
    return pd.DataFrame({
        "staff_id": pd.array(ids, dtype="string"),
        "role": pd.array([roles_of.get(s, pd.NA) for s in ids], dtype="string"),
        "leads": n,
        "expected": np.full(k, total / k if k else np.nan),
        "share": n / total if total else np.full(k, np.nan),
        "won": per["won"].astype("int64").to_numpy(),
        "open": per["_open"].astype("int64").to_numpy(),
        "rate": p["rate"].to_numpy() if k else np.array([], dtype=float),
        "ci_low": p["ci_low"].to_numpy() if k else np.array([], dtype=float),
        "ci_high": p["ci_high"].to_numpy() if k else np.array([], dtype=float),
        "amount": per["_amount"].astype(float).to_numpy(),
    }).astype({"leads": "int64", "won": "int64", "open": "int64", "expected": "float64", "share": "float64"})


def load_balance_test(data=None, /, *, leads: pd.DataFrame | None = None, staff: pd.DataFrame | None = None,
                      as_of=None, roles: Sequence[str] = FOLLOWUP_ROLES) -> pd.DataFrame:
    """Chi-square goodness-of-fit test of the lead load against an even split across staff.

    Parameters
    ----------
    data, leads, staff, as_of, roles
        As for :func:`lead_load` (the test is over its rows; tables keyword-only).

    Returns
    -------
    pandas.DataFrame
        One row: ``chi2`` (float), ``dof`` (int64, staff − 1), ``p_value`` (float), ``n`` (int64,
        assigned leads), ``n_staff`` (int64), ``min_expected`` (float; the approximation is doubtful
        below 5), ``unassigned`` (int64, leads with no ``assigned_to``). ``chi2``/``p_value`` are
        NaN with fewer than two staff or no assigned lead.

    Notes
    -----
    :math:`X^2 = \\sum_i (O_i - E)^2 / E` with :math:`E = n / k` over the :math:`k` staff of
    :func:`lead_load`, referred to :math:`\\chi^2_{k-1}`; computed by ``scipy.stats.chisquare``,
    which equals R's ``chisq.test(x, p = rep(1/k, k))``. A small p-value says the split is
    uneven — which can be deliberate (a wealth manager taking the wealth leads) — not that it
    is wrong.

    Examples
    --------
    >>> from analysis.sample import make_sample
    >>> from analysis.scope import for_branch
    >>> s = for_branch(make_sample(0, branches=1), "B01")
    >>> list(load_balance_test(s).columns)
    ['chi2', 'dof', 'p_value', 'n', 'n_staff', 'min_expected', 'unassigned']
    """
    func = "load_balance_test"
    t = tables(data, func, required=("leads", "staff"), leads=leads, staff=staff)
    load = _load(t["leads"], t["staff"], as_of, rules.LEVEL, roles, func)
    st, _ = evaluate(t["leads"], as_of, rules.CONTACT_HOURS, rules.RESOLVE_HOURS, func)
    unassigned = int(st["assigned_to"].isna().sum())
    n = int(load["leads"].sum())
    k = len(load)
    chi2 = p = np.nan
    if k >= 2 and n > 0:
        res = _sps.chisquare(load["leads"].to_numpy(dtype=float))
        chi2, p = float(res.statistic), float(res.pvalue)
    return pd.DataFrame({"chi2": [chi2], "dof": np.array([max(k - 1, 0)], dtype=np.int64), "p_value": [p],
                         "n": np.array([n], dtype=np.int64), "n_staff": np.array([k], dtype=np.int64),
                         "min_expected": [n / k if k else np.nan],
                         "unassigned": np.array([unassigned], dtype=np.int64)})




def load_balance_text(balance: pd.DataFrame, language: str = "zh", alpha: float = 0.05) -> str:
    """The load-balance test of :func:`load_balance_test` in one sentence (zh or en), with the unassigned leads.

    Parameters
    ----------
    balance : pandas.DataFrame
        The one row of :func:`load_balance_test`.
    language : {"zh", "en"}
    alpha : float, default 0.05
        Below this p-value the split is called uneven.

    Returns
    -------
    str
        Markdown: the test (chi-square, degrees of freedom, p-value) and what it says, a caution
        when an expected count is below 5, or that there are too few staff or leads to test; then
        the number of unassigned leads, which someone must take on at the morning meeting.

    Examples
    --------
    >>> import pandas as pd
    >>> b = pd.DataFrame({"chi2": [3.6], "dof": [3], "p_value": [0.308], "n": [10], "n_staff": [4],
    ...                   "min_expected": [2.5], "unassigned": [1]})
    >>> load_balance_text(b, "en").split(":")[1].strip()[:40]
    'no evidence that the split is uneven. (A'
    """
    from analysis.report import say

    func = "load_balance_text"
    prep.require_frame(balance, "balance", ("chi2", "dof", "p_value", "min_expected", "unassigned"), func)
    prep.check_fraction(alpha, "alpha", func)
    if len(balance) != 1:
        raise prep.data_error(func, "balance", "chi2", "one_row", [], len(balance),
                              "balance must be the one row of load_balance_test")
    b = balance.iloc[0]
    if pd.isna(b["p_value"]):
        parts = [say("followup.load.too_few", language)]
    else:
        key = "followup.load.uneven" if b["p_value"] < alpha else "followup.load.even"
        parts = [say(key, language, chi2=b["chi2"], dof=int(b["dof"]), p_value=b["p_value"])]
        if b["min_expected"] < 5:
            parts.append(say("followup.load.small_expected", language))
    parts.append(say("followup.load.unassigned", language, unassigned=int(b["unassigned"])))
    return ("" if language == "zh" else " ").join(parts)
