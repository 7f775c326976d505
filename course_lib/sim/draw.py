"""Random-number plumbing and small vectorised helpers shared by the tables.

Every table gets its own generator, derived from the scenario seed and a
fixed table key, so changing how one table is generated never changes the
random numbers of another.

>>> rng = table_rng(2024, "posts")
>>> int(table_rng(2024, "posts").integers(1000)) == int(rng.integers(1000))
True
>>> ids("U", [1, 23], width=6).tolist()
['U000001', 'U000023']
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["TABLE_KEYS", "table_rng", "categorical", "categorical_rows", "ids", "as_datetime"]

# fixed keys: never renumber, only append
TABLE_KEYS: dict[str, int] = {
    "users": 1,
    "posts": 2,
    "daily_metrics": 3,
    "comments": 4,
    "campaigns": 5,
    "ab_tests": 6,
    "survey": 7,
    "competitors": 8,
    "community": 9,
    "influencers": 10,
}


def table_rng(seed: int, table: str) -> np.random.Generator:
    """Independent generator for ``table`` under ``seed``."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), TABLE_KEYS[table]]))


def categorical(rng: np.random.Generator, weights: Sequence[float], size: int) -> np.ndarray:
    """Draw ``size`` category indices with probabilities proportional to ``weights``."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum())


def categorical_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One category index per row of ``weights`` (n x k, rows need not sum to 1)."""
    w = np.asarray(weights, dtype=float)
    cum = np.cumsum(w, axis=1)
    u = rng.random(len(w)) * cum[:, -1]
    return np.minimum((u[:, None] >= cum).sum(axis=1), w.shape[1] - 1)


def ids(prefix: str, numbers: Sequence[int] | np.ndarray, width: int) -> np.ndarray:
    """Pseudonymous ids such as ``U000123`` (vectorised)."""
    nums = np.asarray(numbers, dtype=np.int64)
    if nums.size == 0:
        return np.array([], dtype=object)
    return np.char.add(prefix, np.char.zfill(nums.astype(str), width)).astype(object)


def as_datetime(values: np.ndarray) -> np.ndarray:
    """Cast to ``datetime64[us]`` (the resolution ``pandas.read_csv`` gives back)."""
    return np.asarray(values).astype("datetime64[us]")
