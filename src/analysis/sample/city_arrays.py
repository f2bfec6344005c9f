"""Columnar output and vectorized draws of the city generator (:mod:`analysis.sample.city`).

:class:`_Out` writes the contract's tables as Parquet row groups; the numpy helpers draw and index
blocks without a loop over rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.schemas import TABLES


# ---------------------------------------------------------------------------
# Arrow helpers
# ---------------------------------------------------------------------------


def _ids(prefix: str, n: int, width: int | None = None) -> pa.Array:
    """``prefix`` + 1-based number zero-padded: ``_ids("P", 3) == ["P1", "P2", "P3"]`` (width 1)."""
    width = width or max(1, len(str(n)))
    num = pc.utf8_lpad(pc.cast(pa.array(np.arange(1, n + 1, dtype=np.int64)), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, num, "")


def _take(values: pa.Array, idx: np.ndarray) -> pa.Array:
    """values[idx]; negative positions give nulls."""
    idx = np.asarray(idx)
    mask = idx < 0
    return pc.take(values, pa.array(np.where(mask, 0, idx).astype(np.int64), mask=mask if mask.any() else None))


def _arrow_type(kind: str) -> pa.DataType:
    return {"id": pa.string(), "str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
            "datetime": pa.timestamp("ns"), "category": pa.dictionary(pa.int8(), pa.string())}[kind]


class _Out:
    """Writes tables as Parquet files (row groups of one chunk each), atomically (``.tmp`` then rename)."""

    def __init__(self, folder: Path, t0: pd.Timestamp):
        self.folder = folder
        self.t0_ns = int(t0.value)
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.rows: dict[str, int] = {}
        self.schemas = {name: pa.schema([pa.field(c.name, _arrow_type(c.kind), nullable=True) for c in t.columns])
                        for name, t in TABLES.items()}

    def _column(self, col, values, n: int) -> pa.Array:
        kind = col.kind
        if values is None:
            return pa.nulls(n, type=_arrow_type(kind))
        if isinstance(values, (pa.Array, pa.ChunkedArray)):
            arr = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
            return arr.cast(_arrow_type(kind)) if kind != "category" else arr
        v = np.asarray(values)
        if kind == "category":
            codes = v.astype(np.int8)
            mask = codes < 0
            return pa.DictionaryArray.from_arrays(pa.array(np.where(mask, 0, codes).astype(np.int8),
                                                           mask=mask if mask.any() else None),
                                                  pa.array(list(col.allowed), pa.string()))
        if kind == "datetime":  # minutes since t0, NaN = empty
            mask = np.isnan(v)
            ns = self.t0_ns + np.where(mask, 0, v).astype(np.int64) * 60_000_000_000
            return pa.array(ns, type=pa.timestamp("ns"), mask=mask if mask.any() else None)
        if kind == "int":
            if v.dtype.kind == "f":
                mask = np.isnan(v)
                return pa.array(np.where(mask, 0, v).astype(np.int64), mask=mask if mask.any() else None)
            return pa.array(v.astype(np.int64))
        if kind == "float":
            v = v.astype(np.float64)
            mask = np.isnan(v)
            return pa.array(v, mask=mask if mask.any() else None)
        if kind == "bool":
            return pa.array(v.astype(bool))
        raise AssertionError(f"{col.name}: give {kind} columns as Arrow arrays")

    def write(self, name: str, cols: dict) -> None:
        table = TABLES[name]
        unknown = set(cols) - set(table.column_names)
        if unknown:
            raise AssertionError(f"{name}: not in the schema: {sorted(unknown)}")
        n = next(len(v) for v in cols.values() if v is not None)
        arrays = [self._column(c, cols.get(c.name), n) for c in table.columns]
        batch = pa.Table.from_arrays(arrays, schema=self.schemas[name])
        if name not in self.writers:
            self.writers[name] = pq.ParquetWriter(self.folder / f"{name}.parquet.tmp", self.schemas[name],
                                                  compression="snappy")
            self.rows[name] = 0
        self.writers[name].write_table(batch)
        self.rows[name] += n

    def close(self) -> dict[str, int]:
        for name, w in self.writers.items():
            w.close()
            (self.folder / f"{name}.parquet.tmp").replace(self.folder / f"{name}.parquet")
        return dict(self.rows)


# ---------------------------------------------------------------------------
# numpy helpers
# ---------------------------------------------------------------------------


def _within(sizes: np.ndarray) -> np.ndarray:
    """0..size-1 for each block of ``np.repeat(..., sizes)``."""
    sizes = np.asarray(sizes, dtype=np.int64)
    return np.arange(sizes.sum(), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def _starts(counts: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)


def _split(total: int, parts: int) -> np.ndarray:
    """``total`` items in ``parts`` contiguous blocks of nearly equal size."""
    edges = (np.arange(parts + 1, dtype=np.int64) * total) // parts
    return np.diff(edges)


def _choice(rng, weights, n: int) -> np.ndarray:
    """Indices drawn with probabilities ``weights`` (rows of a 2-D array: one distribution per draw)."""
    w = np.asarray(weights, dtype=float)
    if w.ndim == 1:
        return np.minimum(np.searchsorted(np.cumsum(w / w.sum()), rng.random(n), side="right"), len(w) - 1)
    cdf = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
    return np.minimum((rng.random(n)[:, None] >= cdf).sum(axis=1), w.shape[1] - 1)


def _uniform_int(rng, lo, hi, n=None) -> np.ndarray:
    """Integers in [lo, hi] (inclusive; arrays allowed)."""
    lo, hi = np.asarray(lo), np.asarray(hi)
    size = n if n is not None else np.broadcast(lo, hi).shape
    return (lo + np.floor(rng.random(size) * (hi - lo + 1))).astype(np.int64)
