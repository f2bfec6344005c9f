"""The join-the-group incentive (进群红包): nominal vs effective cost per member.

Reference case (DESIGN.md): a 5-yuan red packet, 20,000+ joined in two weeks, 15,000 yuan paid
out — 0.75 yuan per member, not 5. Tests: ``tests/groups/test_hooks.py``; notebook section
"进群红包 Join hook".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import prep, rules
from analysis.groups._tables import DAY
from analysis.groups._text import Sentence, join, say
from analysis.stats import proportion

__all__ = ["hook_costs", "hook_sentence"]

def hook_costs(hook_campaigns: pd.DataFrame, level: float = rules.LEVEL) -> pd.DataFrame:
    """Cost of each join-the-group incentive (进群红包): nominal vs effective cost per member.

    Parameters
    ----------
    hook_campaigns : DataFrame
        The hook_campaigns table (``campaign_id``, ``joined``, ``claimed``, ``reward_per_claim``,
        ``spend``; ``branch_id``, ``started_at``, ``ended_at`` when present).
    level : float, default 0.95
        Confidence level of the claim-rate interval.

    Returns
    -------
    DataFrame
        One row per campaign, in input order:

        - ``campaign_id``, ``branch_id``, ``started_at``, ``ended_at``;
        - ``days``: campaign length in days (NaN without both times);
        - ``joined``, ``claimed`` (int64);
        - ``rate``, ``ci_low``, ``ci_high``: claim rate ``claimed / joined``, Wilson interval;
        - ``nominal_cost``: the reward per claim — what one member would cost if everyone
          claimed;
        - ``effective_cost``: ``spend / joined``, what one member actually cost;
        - ``cost_ratio``: ``effective_cost / nominal_cost``;
        - ``spend``; ``nominal_spend``: ``joined * nominal_cost``;
        - ``paid_per_claim``: ``spend / claimed`` (equals the reward when the books agree);
        - ``joins_per_day``: ``joined / days``.

    Notes
    -----
    The reference case: 20,000 joined in two weeks with a 5-yuan red packet, 3,000 claimed
    (a game was required, payment delayed five working days), 15,000 yuan spent: 0.75 yuan
    per member instead of 5, 15% of nominal. When ``spend = claimed * reward`` the cost ratio
    equals the claim rate.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"campaign_id": ["H1"], "joined": [20000], "claimed": [3000],
    ...                   "reward_per_claim": [5.0], "spend": [15000.0]})
    >>> hook_costs(h)[["effective_cost", "cost_ratio", "rate"]].round(4).to_dict("records")
    [{'effective_cost': 0.75, 'cost_ratio': 0.15, 'rate': 0.15}]
    """
    func = "hook_costs"
    level = prep.check_level(level, func)
    prep.require_frame(hook_campaigns, "hook_campaigns",
                       ["campaign_id", "joined", "claimed", "reward_per_claim", "spend"], func)
    h = hook_campaigns.reset_index(drop=True)
    ids = ("campaign_id",)
    num = {}
    for c in ("joined", "claimed", "reward_per_claim", "spend"):
        v = pd.to_numeric(h[c], errors="coerce")
        bad = (v.isna() | (v < 0)).to_numpy()
        if bad.any():
            raise prep.mask_error(func, "hook_campaigns", c, "non_negative", h, bad, "must be a number >= 0", ids)
        num[c] = v.to_numpy(dtype=float)
    over = num["claimed"] > num["joined"]
    if over.any():
        raise prep.mask_error(func, "hook_campaigns", "claimed", "claimed_le_joined", h, over,
                              "more people claimed than joined", ids)
    joined, claimed = num["joined"].astype(np.int64), num["claimed"].astype(np.int64)
    p = proportion(claimed, joined, level=level) if len(h) else None
    started = prep.times(h, "hook_campaigns", "started_at", func, ids)
    ended = prep.times(h, "hook_campaigns", "ended_at", func, ids)
    days = ((ended - started) / DAY).to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        reward, spend = num["reward_per_claim"], num["spend"]
        effective = np.where(joined > 0, spend / np.where(joined > 0, joined, 1), np.nan)
        out = pd.DataFrame({
            "campaign_id": h["campaign_id"].astype("string"),
            "branch_id": prep.ids(h, "hook_campaigns", "branch_id", func, ids, required=False),
            "started_at": started, "ended_at": ended, "days": days,
            "joined": joined, "claimed": claimed,
            "rate": p["rate"].to_numpy() if p is not None else np.array([], dtype=float),
            "ci_low": p["ci_low"].to_numpy() if p is not None else np.array([], dtype=float),
            "ci_high": p["ci_high"].to_numpy() if p is not None else np.array([], dtype=float),
            "nominal_cost": reward, "effective_cost": effective,
            "cost_ratio": np.where(reward > 0, effective / np.where(reward > 0, reward, 1), np.nan),
            "spend": spend, "nominal_spend": joined * reward,
            "paid_per_claim": np.where(claimed > 0, spend / np.where(claimed > 0, claimed, 1), np.nan),
            "joins_per_day": np.where(days > 0, joined / np.where(days > 0, days, 1), np.nan),
        })
    return out


def hook_sentence(hooks: pd.DataFrame, language: str = "zh") -> Sentence:
    """What the join hooks cost, one sentence per campaign (or that there was none), in ``language``.

    Parameters
    ----------
    hooks : DataFrame
        :func:`hook_costs`.
    language : {"zh", "en"}

    Returns
    -------
    Sentence
        E.g. "B01-H01: 20,000 joined, 3,000 claimed (15.0%); 15,000 yuan spent: **0.75 yuan per
        member**, 15.0% of the nominal 5.00 yuan." Campaigns without joins are named as such.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"campaign_id": ["H1"], "joined": [20000], "claimed": [3000],
    ...                   "reward_per_claim": [5.0], "spend": [15000.0]})
    >>> hook_sentence(hook_costs(h), "en")
    'H1: 20,000 joined, 3,000 claimed (15.0%), 15,000 yuan spent: **0.75 yuan per member**, 15.0% of the nominal 5.00 yuan.'
    """
    prep.require_frame(hooks, "hooks", ["campaign_id", "joined", "claimed", "rate", "spend", "effective_cost",
                                        "nominal_cost", "cost_ratio"], "hook_sentence")
    if hooks.empty:
        return say("groups.hook.none", language)
    parts = []
    for row in hooks.itertuples(index=False):
        if pd.isna(row.effective_cost):
            parts.append(say("groups.hook.nobody", language, campaign=row.campaign_id))
        else:
            parts.append(say("groups.hook.cost", language, campaign=row.campaign_id, joined=row.joined,
                             claimed=row.claimed, rate=row.rate, spend=row.spend, effective=row.effective_cost,
                             nominal=row.nominal_cost, ratio=row.cost_ratio))
    return join(*parts)
