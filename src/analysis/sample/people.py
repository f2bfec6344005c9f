"""Everyone the sample generates: attributes by integer index, and their drawn profiles."""

from __future__ import annotations

import numpy as np

from analysis.sample.constants import _AGE_GIVEN_SEG, _SEG_W
from analysis.schemas import AGE_BANDS, SEGMENTS

class _People:
    """Attributes of everyone generated, indexed by an integer (person_id = P + index + 1)."""

    def __init__(self):
        self.comm: list = []
        self.cust: list = []
        self.seg: list = []
        self.age: list = []
        self.gender: list = []

    def __len__(self) -> int:
        return len(self.cust)

    def add(self, comm, cust, seg, age, gender) -> np.ndarray:
        first = len(self)
        self.comm.extend(comm)
        self.cust.extend(bool(c) for c in cust)
        self.seg.extend(seg)
        self.age.extend(age)
        self.gender.extend(gender)
        return np.arange(first, len(self), dtype=np.int64)


def _pid(i) -> str:
    return f"P{int(i) + 1:06d}"


def _weights(d: dict, keys) -> np.ndarray:
    w = np.array([d.get(k, 0.0) for k in keys], dtype=float)
    return w / w.sum()


def _draw_profiles(rng, n, female_p=0.55, customer_p=0.3, gender=None, customer=None, seg_w=None):
    """Gender, customer flag, segment (given gender) and age band (given segment) of n new people."""
    gender = np.where(rng.random(n) < female_p, "female", "male") if gender is None else np.asarray(gender)
    customer = (rng.random(n) < customer_p) if customer is None else np.asarray(customer, dtype=bool)
    w = _SEG_W if seg_w is None else _weights(seg_w, SEGMENTS)
    wf = w / w.sum()
    wm = w * np.array([1, 1, 1, 1, 0.08, 1, 1])
    wm = wm / wm.sum()
    male = gender == "male"
    seg_idx = np.where(male, rng.choice(7, n, p=wm), rng.choice(7, n, p=wf))
    cdf = _AGE_GIVEN_SEG.cumsum(axis=1)[seg_idx]
    age_idx = np.minimum((rng.random(n)[:, None] > cdf).sum(axis=1), 4)
    return (gender, customer, np.array(SEGMENTS, dtype=object)[seg_idx], np.array(AGE_BANDS, dtype=object)[age_idx])
