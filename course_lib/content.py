"""Content performance: format, time and topic effects with bootstrap intervals.

A content decision ("post more short video on Douyin", "post at 20:00",
"ride trending topics") rests on a *rate* compared between groups of posts.
This module computes those rates the way chapter 4 defines them -- a **ratio
of totals** (sum of engagements / sum of reach), which weights each post by
its audience -- and attaches a **percentile bootstrap interval** (Efron &
Tibshirani 1993, ch. 13) obtained by resampling whole posts within each group.

Functions
---------
:func:`bootstrap_rate`  rate per group with ``estimate``, ``ci_low``, ``ci_high``, ``n``.
:func:`uplift`          rate with a flag / rate without, per group, with an interval.
:func:`slot_rates`      rate per weekday x hour slot, with a minimum-posts flag.
:func:`heatmap`         the 7 x 24 weekday x hour grid of one group, thin cells masked.
:func:`best_slots`      the best slots (among the well-filled ones) per group.

Assumptions: posts are independent draws from the group's process (the
bootstrap ignores dependence between posts of the same day or campaign, so
intervals are somewhat too narrow when such clustering is strong); the
rate's denominator is an exposure count (reach, impressions) that is never
negative. Everything is vectorised over posts; the only Python loop is over
groups (a handful of platforms or formats).

>>> import pandas as pd
>>> posts = pd.DataFrame({"platform": ["a"] * 4 + ["b"] * 4,
...                       "likes": [1, 2, 3, 2, 5, 5, 5, 5], "reach": [100] * 8})
>>> bootstrap_rate(posts, numerator="likes", by="platform", n_boot=200, seed=1)[["platform", "estimate", "n"]]
  platform  estimate  n
0        a      0.02  4
1        b      0.05  4
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd

from .kpi import ENGAGEMENT_COLUMNS
from .validation import check_frame, require_columns

__all__ = ["WEEKDAYS", "best_slots", "bootstrap_rate", "heatmap", "slot_rates", "uplift"]

#: Weekday labels, Monday = 0 (pandas ``dt.day_of_week``).
WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Columns = str | Sequence[str]
By = Hashable | Sequence[Hashable] | None


# ---------------------------------------------------------------------------
# input checks

def _columns(columns: Columns, param: str) -> list[str]:
    cols = [columns] if isinstance(columns, str) else list(columns)
    if not cols:
        raise ValueError(f"{param} must name at least one column")
    return cols


def _by(by: By) -> list[Hashable]:
    if by is None:
        return []
    if isinstance(by, (list, tuple)):
        return list(by)
    return [by]


def _counts(frame: pd.DataFrame, columns: Columns, param: str) -> np.ndarray:
    """Sum of ``columns`` per row as float; numeric, finite and >= 0 or ValueError."""
    cols = _columns(columns, param)
    require_columns(frame, cols, "frame")
    out = np.zeros(len(frame))
    for col in cols:
        values = frame[col]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise TypeError(f"{param}: column {col!r} must be numeric, got {values.dtype}")
        arr = values.to_numpy(dtype=float, na_value=np.nan)
        if not np.isfinite(arr).all():
            raise ValueError(f"{param}: column {col!r} has missing or infinite values")
        if (arr < 0).any():
            raise ValueError(f"{param}: column {col!r} has negative values; counts must be >= 0")
        out += arr
    return out


def _check_int(value: object, param: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{param} must be a whole number, got {value!r}")
    if value < low:
        raise ValueError(f"{param} must be at least {low}, got {value}")
    return int(value)


def _check_level(level: object) -> float:
    if isinstance(level, bool) or not isinstance(level, Real) or not 0 < float(level) < 1:
        raise ValueError(f"level must be a number between 0 and 1 (e.g. 0.95), got {level!r}")
    return float(level)


def _groups(frame: pd.DataFrame, keys: list[Hashable]) -> list[tuple[tuple, np.ndarray]]:
    """(key tuple, row positions) per group, in sorted key order."""
    if not keys:
        return [((), np.arange(len(frame)))]
    require_columns(frame, keys, "frame")
    if frame[keys].isna().any().any():
        raise ValueError(f"by: the grouping column(s) {keys} have missing values")
    idx = frame.groupby(keys, sort=True, observed=True).indices
    return [((k if isinstance(k, tuple) else (k,)), np.asarray(v)) for k, v in sorted(idx.items())]


def _label(keys: list[Hashable], key: tuple) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in zip(keys, key)) or "all rows"


def _boot_ratio(num: np.ndarray, den: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` ratios of totals, each on ``len(num)`` posts drawn with replacement."""
    draw = rng.integers(0, len(num), size=(n_boot, len(num)))
    top, bottom = num[draw].sum(axis=1), den[draw].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), np.nan)


def _interval(boot: np.ndarray, level: float) -> tuple[float, float]:
    tail = (1 - level) / 2
    low, high = np.nanquantile(boot, [tail, 1 - tail])
    return float(low), float(high)


# ---------------------------------------------------------------------------
# rates with intervals

def bootstrap_rate(frame: pd.DataFrame, *, numerator: Columns = ENGAGEMENT_COLUMNS,
                   denominator: str = "reach", by: By = None, n_boot: int = 1000,
                   level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Ratio-of-totals rate per group with a percentile bootstrap interval.

    ``estimate = sum(numerator) / sum(denominator)`` over the group's posts
    (e.g. engagements per person reached). The interval resamples the
    group's posts with replacement ``n_boot`` times and takes the
    ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles of the resampled
    ratios (percentile bootstrap; Efron & Tibshirani 1993, ch. 13).

    Parameters
    ----------
    frame : DataFrame
        One row per post.
    numerator : str or list of str
        Count column(s) added up per post; default likes + comments + shares + saves.
    denominator : str
        Exposure column (people reached by default); its group total must be > 0.
    by : column name(s) or None
        Groups (e.g. ``["platform", "format"]``); None = one group of all rows.
    n_boot : int
        Bootstrap resamples (>= 100); 1000-2000 gives stable 95 % limits.
    level : float
        Confidence level of the interval, between 0 and 1.
    seed : int
        Seed of ``numpy.random.default_rng``: the same seed gives the same interval.

    Returns
    -------
    DataFrame with the ``by`` columns, then ``estimate``, ``ci_low``, ``ci_high``
    (rates, fractions) and ``n`` (posts), one row per group in sorted order.

    >>> import pandas as pd
    >>> posts = pd.DataFrame({"likes": [1, 3], "reach": [100, 100]})
    >>> bootstrap_rate(posts, numerator="likes", n_boot=100, seed=0)["estimate"].item()
    0.02
    """
    check_frame(frame, "frame", why="bootstrap_rate needs at least one post per group")
    n_boot = _check_int(n_boot, "n_boot", 100)
    level = _check_level(level)
    seed = _check_int(seed, "seed", 0)
    num = _counts(frame, numerator, "numerator")
    den = _counts(frame, denominator, "denominator")
    keys = _by(by)
    rng = np.random.default_rng(seed)
    rows = []
    for key, pos in _groups(frame, keys):
        total = den[pos].sum()
        if total <= 0:
            raise ValueError(f"denominator {denominator!r} sums to 0 in group {_label(keys, key)}: "
                             "no exposures, so the rate is undefined")
        low, high = _interval(_boot_ratio(num[pos], den[pos], n_boot, rng), level)
        rows.append((*key, num[pos].sum() / total, low, high, len(pos)))
    return pd.DataFrame(rows, columns=[*keys, "estimate", "ci_low", "ci_high", "n"])


def uplift(frame: pd.DataFrame, *, flag: str, numerator: Columns = ENGAGEMENT_COLUMNS,
           denominator: str = "reach", by: By = None, n_boot: int = 1000,
           level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Rate of flagged posts divided by the rate of the others, with a bootstrap interval.

    ``estimate = rate(flag) / rate(not flag)`` where each rate is a ratio of
    totals; 1.15 means flagged posts earn 15 % more per unit of denominator.
    The two sets of posts are resampled separately (a stratified bootstrap)
    and the interval is the percentile interval of the resampled ratios.
    The comparison is observational: it is causal only if the flag is not
    chosen together with something else that moves the rate.

    Parameters
    ----------
    frame : DataFrame
        One row per post.
    flag : str
        Boolean column (e.g. ``"trending"``); each group needs posts with and without it.
    numerator, denominator, by, n_boot, level, seed
        As in :func:`bootstrap_rate`. For a per-post uplift (e.g. reach per post)
        pass ``numerator="reach"`` and a column of ones as ``denominator``.

    Returns
    -------
    DataFrame with the ``by`` columns, then ``rate_with``, ``rate_without``,
    ``estimate``, ``ci_low``, ``ci_high`` (ratios) and ``n_with``, ``n_without`` (posts).

    >>> import pandas as pd
    >>> posts = pd.DataFrame({"hot": [True, True, False, False],
    ...                       "likes": [6, 6, 4, 4], "reach": [100] * 4})
    >>> uplift(posts, flag="hot", numerator="likes", n_boot=100)[["estimate", "ci_low", "ci_high"]]
       estimate  ci_low  ci_high
    0       1.5     1.5      1.5
    """
    check_frame(frame, "frame", why="uplift needs posts with and without the flag")
    require_columns(frame, [flag], "frame")
    if not pd.api.types.is_bool_dtype(frame[flag]):
        raise TypeError(f"flag column {flag!r} must be boolean (True/False), got {frame[flag].dtype}")
    n_boot = _check_int(n_boot, "n_boot", 100)
    level = _check_level(level)
    seed = _check_int(seed, "seed", 0)
    num = _counts(frame, numerator, "numerator")
    den = _counts(frame, denominator, "denominator")
    flagged = frame[flag].to_numpy(dtype=bool)
    keys = _by(by)
    rng = np.random.default_rng(seed)
    rows = []
    for key, pos in _groups(frame, keys):
        sides = pos[flagged[pos]], pos[~flagged[pos]]
        for side, name in zip(sides, ("with", "without")):
            if len(side) == 0:
                raise ValueError(f"flag {flag!r}: group {_label(keys, key)} has no posts {name} the flag")
            if den[side].sum() <= 0:
                raise ValueError(f"denominator {denominator!r} sums to 0 for posts {name} {flag!r} "
                                 f"in group {_label(keys, key)}")
        rate_with, rate_without = (num[s].sum() / den[s].sum() for s in sides)
        if rate_without == 0:
            raise ValueError(f"the rate without {flag!r} is 0 in group {_label(keys, key)}: "
                             "the ratio is undefined")
        boot_with = _boot_ratio(num[sides[0]], den[sides[0]], n_boot, rng)
        boot_without = _boot_ratio(num[sides[1]], den[sides[1]], n_boot, rng)
        with np.errstate(divide="ignore", invalid="ignore"):
            low, high = _interval(boot_with / boot_without, level)
        rows.append((*key, rate_with, rate_without, rate_with / rate_without, low, high,
                     len(sides[0]), len(sides[1])))
    return pd.DataFrame(rows, columns=[*keys, "rate_with", "rate_without", "estimate",
                                       "ci_low", "ci_high", "n_with", "n_without"])


# ---------------------------------------------------------------------------
# posting time

def slot_rates(frame: pd.DataFrame, *, numerator: Columns = ENGAGEMENT_COLUMNS,
               denominator: str = "reach", by: By = None, min_posts: int = 10,
               timestamp: str = "timestamp") -> pd.DataFrame:
    """Ratio-of-totals rate per weekday x hour slot, flagging thin slots.

    A slot is a weekday (0 = Monday) and a publishing hour (0-23) of
    ``timestamp``. ``enough`` is True when the slot has at least
    ``min_posts`` posts: with fewer, one lucky post can make a slot look best.

    Returns
    -------
    DataFrame with the ``by`` columns, ``weekday``, ``hour``, ``n`` (posts),
    ``estimate`` (rate) and ``enough`` (bool), one row per slot that has posts.

    >>> import pandas as pd
    >>> posts = pd.DataFrame({"timestamp": pd.to_datetime(["2025-01-06 09:10", "2025-01-06 09:50",
    ...                                                    "2025-01-07 20:00"]),
    ...                       "likes": [2, 4, 9], "reach": [100, 100, 100]})
    >>> slot_rates(posts, numerator="likes", min_posts=2)
       weekday  hour  n  estimate  enough
    0        0     9  2      0.03    True
    1        1    20  1      0.09   False
    """
    check_frame(frame, "frame", why="slot_rates needs posts")
    require_columns(frame, [timestamp], "frame")
    if not pd.api.types.is_datetime64_any_dtype(frame[timestamp]):
        raise TypeError(f"timestamp column {timestamp!r} must be datetime64, got {frame[timestamp].dtype}")
    min_posts = _check_int(min_posts, "min_posts", 1)
    keys = _by(by)
    if keys:
        require_columns(frame, keys, "frame")
    stamps = frame[timestamp]
    work = pd.DataFrame({**{k: frame[k].to_numpy() for k in keys},
                         "weekday": stamps.dt.day_of_week.to_numpy(), "hour": stamps.dt.hour.to_numpy(),
                         "_num": _counts(frame, numerator, "numerator"),
                         "_den": _counts(frame, denominator, "denominator")})
    out = (work.groupby([*keys, "weekday", "hour"], sort=True, observed=True)
           .agg(n=("_num", "size"), _num=("_num", "sum"), _den=("_den", "sum")).reset_index())
    with np.errstate(divide="ignore", invalid="ignore"):
        out["estimate"] = np.where(out["_den"] > 0, out["_num"] / out["_den"].where(out["_den"] > 0, 1), np.nan)
    out["enough"] = out["n"] >= min_posts
    return out.drop(columns=["_num", "_den"])


def heatmap(slots: pd.DataFrame, *, value: str = "estimate", mask: bool = True) -> pd.DataFrame:
    """The weekday x hour grid (7 rows Mon-Sun, 24 columns 0-23) of one group's slots.

    Cells without posts are NaN; with ``mask=True`` so are cells whose
    ``enough`` is False (fewer posts than the ``min_posts`` of :func:`slot_rates`).
    Filter ``slots`` to one group (e.g. one platform) first.

    >>> import pandas as pd
    >>> slots = pd.DataFrame({"weekday": [0, 1], "hour": [9, 20], "n": [5, 1],
    ...                       "estimate": [0.03, 0.09], "enough": [True, False]})
    >>> grid = heatmap(slots)
    >>> grid.shape, grid.loc["Mon", 9], grid.loc["Tue", 20]
    ((7, 24), np.float64(0.03), np.float64(nan))
    """
    check_frame(slots, "slots", why="heatmap needs the output of slot_rates")
    require_columns(slots, ["weekday", "hour", value] + (["enough"] if mask else []), "slots")
    if slots.duplicated(["weekday", "hour"]).any():
        raise ValueError("slots holds several rows per weekday x hour (several groups?): "
                         "filter it to one group before calling heatmap")
    values = slots[value].where(slots["enough"]) if mask else slots[value]
    grid = (pd.Series(values.to_numpy(dtype=float),
                      index=pd.MultiIndex.from_arrays([slots["weekday"], slots["hour"]]))
            .unstack().reindex(index=range(7), columns=range(24)))
    grid.index = pd.Index(WEEKDAYS, name="weekday")
    grid.columns = pd.Index(range(24), name="hour")
    return grid


def best_slots(slots: pd.DataFrame, *, by: By = None, k: int = 1) -> pd.DataFrame:
    """The ``k`` slots with the highest ``estimate`` per group, among slots with ``enough`` posts.

    The best of many noisy cells is biased upwards (the winner's curse):
    check it with an interval before acting on it.

    >>> import pandas as pd
    >>> slots = pd.DataFrame({"weekday": [0, 1, 2], "hour": [9, 20, 21], "n": [12, 3, 15],
    ...                       "estimate": [0.03, 0.09, 0.04], "enough": [True, False, True]})
    >>> best_slots(slots)[["weekday", "hour", "estimate"]]
       weekday  hour  estimate
    0        2    21      0.04
    """
    check_frame(slots, "slots", why="best_slots needs the output of slot_rates")
    k = _check_int(k, "k", 1)
    keys = _by(by)
    require_columns(slots, [*keys, "weekday", "hour", "estimate", "enough"], "slots")
    kept = slots[slots["enough"].to_numpy(dtype=bool)]
    if kept.empty:
        raise ValueError("slots has no slot with enough posts: lower min_posts in slot_rates")
    ordered = kept.sort_values([*keys, "estimate"], ascending=[True] * len(keys) + [False], kind="stable")
    top = ordered.groupby(keys, sort=True, observed=True).head(k) if keys else ordered.head(k)
    return top.reset_index(drop=True)
