"""Survey feedback with honest intervals: satisfaction, top-box share, NPS, pain points.

A survey (用户调研问卷) is a *sample* of customers, so every number it gives
comes with sampling error. With 100 answers a month, an NPS of +20 could
easily be +5 or +35. Each function here returns one tidy row per group with
``n``, ``estimate``, ``se`` (standard error), ``ci_low`` and ``ci_high``,
so charts and reports can show the interval next to the point.

Functions
---------
* :func:`satisfaction_mean` -- mean score with a t interval.
* :func:`top_box_share` -- share of the top boxes (4-5 on a 1-5 scale) with a
  Wilson interval.
* :func:`nps_interval` -- Net Promoter Score (point estimate from
  :func:`course_lib.kpi.nps`) with an analytic (Wald) or a seeded bootstrap
  interval.
* :func:`pain_points` -- share of respondents naming each pain point, with
  Wilson intervals.
* :func:`difference` -- the difference between two groups of one of those
  tables, with an interval (Bonferroni-adjusted when several comparisons
  were made, e.g. best against worst of seven platforms).
* :func:`first_signal` -- the first day from which a share, counted since a
  start date, is clearly above its usual level (when a survey or the
  comments would have "seen" an incident).

Assumptions: respondents are a simple random sample of the customers the
result speaks for, and answer independently. Intervals cover sampling error
only: non-response bias, leading questions or a survey sent only to fans are
not in them.

Sources
-------
* Reichheld, F. F. (2003). "The One Number You Need to Grow". *Harvard
  Business Review*, 81(12). Net Promoter Score.
* Rocks, B. (2016). "Interval Estimation for the 'Net Promoter Score'".
  *The American Statistician*, 70(4). NPS as a difference of two
  multinomial proportions; compares interval methods (the simple Wald
  interval undercovers for small samples).
* Wilson, E. B. (1927). "Probable inference, the law of succession, and
  statistical inference". *Journal of the American Statistical Association*,
  22(158). The Wilson score interval for a proportion.
* Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
  Chapman & Hall. Percentile bootstrap intervals.

>>> import pandas as pd
>>> answers = pd.DataFrame({"nps": [10, 9, 8, 7, 3], "satisfaction": [5, 5, 4, 3, 2]})
>>> nps_interval(answers)[["n", "estimate"]]
   n  estimate
0  5      20.0
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal, Union

import numpy as np
import pandas as pd

from . import kpi
from .validation import check_frame

__all__ = ["difference", "first_signal", "nps_interval", "pain_points", "satisfaction_mean",
           "top_box_share", "wilson_interval"]

By = Union[Hashable, Sequence[Hashable], None]


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------

def _check_frame(frame: object, param: str = "frame") -> pd.DataFrame:
    return check_frame(frame, param, why="a survey estimate needs at least one answer")


def _require(frame: pd.DataFrame, column: Hashable, param: str) -> pd.Series:
    if column not in frame.columns:
        raise ValueError(f"column {column!r} (parameter {param}=) not found; "
                         f"available columns: {', '.join(map(repr, frame.columns))}")
    return frame[column]


def _check_confidence(confidence: float) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) \
            or not 0 < float(confidence) < 1:
        raise ValueError(f"confidence={confidence!r} must be a number between 0 and 1, e.g. 0.95")
    return float(confidence)


def _scores(frame: pd.DataFrame, column: str, low: int, high: int, param: str) -> np.ndarray:
    """A complete column of whole-number answers from ``low`` to ``high``, as float64."""
    s = _require(frame, column, param)
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        raise TypeError(f"column {column!r} (parameter {param}=) must be numeric, got dtype {s.dtype}")
    values = s.to_numpy(dtype="float64", na_value=np.nan)
    if np.isnan(values).any():
        raise ValueError(f"column {column!r} has {int(np.isnan(values).sum())} missing answer(s); "
                         "drop them first (and report how many)")
    bad = (values < low) | (values > high) | (values != np.round(values))
    if bad.any():
        raise ValueError(f"column {column!r} must hold whole numbers from {low} to {high}; "
                         f"row {frame.index[bad.argmax()]!r} has {values[bad.argmax()]:g}")
    return values


def _by_columns(by: By) -> list[Hashable]:
    if by is None:
        return []
    cols = [by] if isinstance(by, str) or not isinstance(by, Sequence) else list(by)
    if not cols:
        raise ValueError("by= must name at least one column (or be None)")
    return cols


def _grouped(frame: pd.DataFrame, values: pd.DataFrame, by: By) -> pd.DataFrame:
    """``values`` (same index as frame) with the group columns, checked for empty groups."""
    cols = _by_columns(by)
    keys = {c: _require(frame, c, "by") for c in cols}
    for c, key in keys.items():
        if isinstance(key.dtype, pd.CategoricalDtype):
            counts = key.value_counts()
            empty = [str(cat) for cat in key.cat.categories if counts.get(cat, 0) == 0]
            if empty:
                raise ValueError(f"group(s) {empty} of by={c!r} have no answers (an empty group has "
                                 "no estimate); drop unused categories with "
                                 "`.cat.remove_unused_categories()` or collect answers first")
    return pd.concat([pd.DataFrame(keys, index=frame.index), values], axis=1)


def _aggregate(table: pd.DataFrame, by: By, agg: dict) -> pd.DataFrame:
    """Aggregate per group (or for all rows when ``by`` is None), groups as columns."""
    cols = _by_columns(by)
    if not cols:
        return pd.DataFrame({name: [table[col].agg(how)] for name, (col, how) in agg.items()})
    return (table.groupby(cols, dropna=False, sort=True, observed=True)
            .agg(**{name: (col, how) for name, (col, how) in agg.items()})
            .reset_index())


def _z(confidence: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2))


def wilson_interval(successes: np.ndarray | float, n: np.ndarray | float,
                    *, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion ``successes / n`` (Wilson 1927).

    Better than the textbook ``p ± z·sqrt(p(1-p)/n)`` for small ``n`` or
    shares near 0 or 1: it never leaves [0, 1] and does not collapse to a
    point when ``p`` is 0 or 1. ``n == 0`` gives NaN.

    >>> low, high = wilson_interval(8, 10)
    >>> round(float(low), 3), round(float(high), 3)
    (0.49, 0.943)
    """
    confidence = _check_confidence(confidence)
    z = _z(confidence)
    k = np.asarray(successes, dtype="float64")
    n = np.asarray(n, dtype="float64")
    with np.errstate(all="ignore"):
        p = np.where(n > 0, k / n, np.nan)
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
    high = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


# --------------------------------------------------------------------------
# satisfaction
# --------------------------------------------------------------------------

def satisfaction_mean(frame: pd.DataFrame, *, score: str = "satisfaction", by: By = None,
                      scale: tuple[int, int] = (1, 5), confidence: float = 0.95) -> pd.DataFrame:
    """Mean satisfaction score per group, with a t interval.

    Formula: ``mean ± t(n-1) · s / sqrt(n)`` (``s`` the sample standard
    deviation). The mean of a 1-5 scale treats the steps as equal distances:
    common in practice, but report the top-box share too
    (:func:`top_box_share`) when the scale is read as ordinal. A group with a
    single answer has no interval (NaN).

    Parameters
    ----------
    frame : DataFrame, one row per respondent (e.g. ``data.load("survey")``).
    score : column of whole-number answers on ``scale``.
    by : column name(s) to group by, optional.
    scale : (lowest, highest) allowed answer; answers outside raise ``ValueError``.
    confidence : interval level, default 0.95.

    Returns
    -------
    DataFrame: the ``by`` columns, ``n``, ``estimate`` (points on the scale),
    ``se``, ``ci_low``, ``ci_high``.

    >>> import pandas as pd
    >>> satisfaction_mean(pd.DataFrame({"satisfaction": [5, 4, 4, 3]})).round(3)
       n  estimate     se  ci_low  ci_high
    0  4       4.0  0.408    2.701    5.299
    """
    from scipy.stats import t

    _check_frame(frame)
    confidence = _check_confidence(confidence)
    values = _scores(frame, score, scale[0], scale[1], "score")
    table = _grouped(frame, pd.DataFrame({"_x": values}, index=frame.index), by)
    out = _aggregate(table, by, {"n": ("_x", "count"), "estimate": ("_x", "mean"), "sd": ("_x", "std")})
    n = out["n"].to_numpy(dtype="float64")
    with np.errstate(all="ignore"):
        se = np.where(n > 1, out["sd"].to_numpy() / np.sqrt(n), np.nan)
        tq = np.where(n > 1, t.ppf(0.5 + confidence / 2, np.maximum(n - 1, 1)), np.nan)
    out["se"] = se
    out["ci_low"] = out["estimate"] - tq * se
    out["ci_high"] = out["estimate"] + tq * se
    return out.drop(columns="sd")


def top_box_share(frame: pd.DataFrame, *, score: str = "satisfaction", by: By = None,
                  scale: tuple[int, int] = (1, 5), boxes: int = 2,
                  confidence: float = 0.95) -> pd.DataFrame:
    """Share of answers in the top ``boxes`` of the scale (top-2-box: 4 or 5 of 5).

    Formula: ``n(score > highest - boxes) / n``, with a Wilson interval
    (:func:`wilson_interval`). A plan's "satisfaction of 80 % or more"
    usually means this share.

    Returns
    -------
    DataFrame: the ``by`` columns, ``n``, ``estimate`` (a fraction), ``se``,
    ``ci_low``, ``ci_high``.

    >>> import pandas as pd
    >>> top_box_share(pd.DataFrame({"satisfaction": [5, 4, 4, 3, 1]}))[["n", "estimate"]]
       n  estimate
    0  5       0.6
    """
    _check_frame(frame)
    if isinstance(boxes, bool) or not isinstance(boxes, (int, np.integer)) \
            or not 1 <= boxes < scale[1] - scale[0] + 1:
        raise ValueError(f"boxes={boxes!r} must be a whole number from 1 to {scale[1] - scale[0]}")
    values = _scores(frame, score, scale[0], scale[1], "score")
    top = (values > scale[1] - boxes).astype("float64")
    table = _grouped(frame, pd.DataFrame({"_x": top}, index=frame.index), by)
    out = _aggregate(table, by, {"n": ("_x", "count"), "k": ("_x", "sum")})
    n, k = out["n"].to_numpy(dtype="float64"), out["k"].to_numpy(dtype="float64")
    p = k / n
    out["estimate"] = p
    out["se"] = np.sqrt(p * (1 - p) / n)
    out["ci_low"], out["ci_high"] = wilson_interval(k, n, confidence=confidence)
    return out.drop(columns="k")


# --------------------------------------------------------------------------
# NPS
# --------------------------------------------------------------------------

def nps_interval(frame: pd.DataFrame, *, score: str = "nps", by: By = None,
                 method: Literal["wald", "bootstrap"] = "wald", confidence: float = 0.95,
                 n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Net Promoter Score per group with a confidence interval.

    The point estimate is :func:`course_lib.kpi.nps`:
    ``100 · (share of promoters 9-10 - share of detractors 0-6)``.
    NPS is a difference of two proportions of the *same* multinomial sample
    (promoters, passives, detractors), so (Rocks 2016)::

        Var(NPS / 100) = (p_P + p_D - (p_P - p_D)**2) / n

    * ``method="wald"``: ``NPS ± z · 100 · sqrt(Var)``, clipped to [-100, 100].
      Quick and fine from about 100 answers; too narrow for small groups, and
      zero width when every answer is in one category.
    * ``method="bootstrap"``: percentile interval of ``n_boot`` multinomial
      resamples of each group (seeded with ``seed``: the same seed gives the
      same interval).

    Parameters
    ----------
    frame : DataFrame, one row per respondent.
    score : column of whole-number answers from 0 to 10.
    by : column name(s) to group by, optional.
    method : "wald" or "bootstrap".
    confidence : interval level, default 0.95.
    n_boot : number of bootstrap resamples (``method="bootstrap"``).
    seed : seed of the bootstrap's ``numpy.random.default_rng``.

    Returns
    -------
    DataFrame: the ``by`` columns, ``n``, ``promoters``, ``passives``,
    ``detractors`` (shares), ``estimate`` (score -100..100), ``se``,
    ``ci_low``, ``ci_high``.

    >>> import pandas as pd
    >>> answers = pd.DataFrame({"nps": [10] * 50 + [8] * 30 + [3] * 20})
    >>> nps_interval(answers).round(2)[["n", "estimate", "se", "ci_low", "ci_high"]]
         n  estimate    se  ci_low  ci_high
    0  100      30.0  7.81   14.69    45.31
    """
    _check_frame(frame)
    confidence = _check_confidence(confidence)
    if method not in ("wald", "bootstrap"):
        raise ValueError(f"method={method!r} is not allowed; allowed: 'wald', 'bootstrap'")
    values = _scores(frame, score, 0, 10, "score")
    table = _grouped(frame, pd.DataFrame({"_p": (values >= 9).astype("float64"),
                                          "_d": (values <= 6).astype("float64")},
                                         index=frame.index), by)
    out = _aggregate(table, by, {"n": ("_p", "count"), "promoters": ("_p", "mean"),
                                 "detractors": ("_d", "mean")})
    out["passives"] = 1 - out["promoters"] - out["detractors"]
    point = kpi.nps(frame, score=score, by=by)  # the course's one definition of NPS
    if by is None:
        out["estimate"] = [float(point)]
    else:
        cols = _by_columns(by)
        where = pd.MultiIndex.from_frame(out[cols]) if len(cols) > 1 else pd.Index(out[cols[0]])
        out["estimate"] = point.reindex(where).to_numpy()
    pp, pd_, n = (out[c].to_numpy(dtype="float64") for c in ("promoters", "detractors", "n"))
    out["se"] = 100 * np.sqrt(np.maximum(pp + pd_ - (pp - pd_) ** 2, 0) / n)
    if method == "wald":
        z = _z(confidence)
        out["ci_low"] = np.clip(out["estimate"] - z * out["se"], -100, 100)
        out["ci_high"] = np.clip(out["estimate"] + z * out["se"], -100, 100)
    else:
        if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
            raise ValueError(f"n_boot={n_boot!r} must be a whole number >= 100")
        rng = np.random.default_rng(seed)
        probs = np.column_stack([pp, 1 - pp - pd_, pd_]).clip(0, 1)
        probs = probs / probs.sum(axis=1, keepdims=True)
        draws = rng.multinomial(n.astype("int64"), probs, size=(int(n_boot), len(out)))
        boot = 100 * (draws[..., 0] - draws[..., 2]) / n
        alpha = (1 - confidence) / 2
        out["ci_low"] = np.quantile(boot, alpha, axis=0)
        out["ci_high"] = np.quantile(boot, 1 - alpha, axis=0)
    cols = _by_columns(by) + ["n", "promoters", "passives", "detractors", "estimate", "se",
                              "ci_low", "ci_high"]
    return out[cols]


# --------------------------------------------------------------------------
# pain points
# --------------------------------------------------------------------------

def pain_points(frame: pd.DataFrame, *, column: str = "pain_point", by: By = None,
                confidence: float = 0.95) -> pd.DataFrame:
    """Share of respondents naming each pain point (痛点), with Wilson intervals.

    Each respondent names one pain point, so the shares of a group add up to
    1 (``none`` counts as an answer). Sorted by group, then by share (largest
    first).

    Returns
    -------
    DataFrame: the ``by`` columns, ``pain_point``, ``count``, ``n`` (answers
    in the group), ``estimate`` (a fraction), ``ci_low``, ``ci_high``.

    >>> import pandas as pd
    >>> pain_points(pd.DataFrame({"pain_point": ["price", "price", "taste", "none"]}))[
    ...     ["pain_point", "count", "estimate"]]
      pain_point  count  estimate
    0      price      2      0.50
    1       none      1      0.25
    2      taste      1      0.25
    """
    _check_frame(frame)
    confidence = _check_confidence(confidence)
    labels = _require(frame, column, "column")
    if labels.isna().any():
        raise ValueError(f"column {column!r} has {int(labels.isna().sum())} missing answer(s); "
                         "fill them (e.g. 'none') or drop them first")
    cols = _by_columns(by)
    table = _grouped(frame, pd.DataFrame({"pain_point": labels.astype(str)}, index=frame.index), by)
    counts = (table.groupby(cols + ["pain_point"], dropna=False, sort=True, observed=True)
              .size().rename("count").reset_index())
    if cols:
        counts["n"] = counts.groupby(cols, dropna=False, observed=True)["count"].transform("sum")
    else:
        counts["n"] = counts["count"].sum()
    counts["estimate"] = counts["count"] / counts["n"]
    counts["ci_low"], counts["ci_high"] = wilson_interval(counts["count"].to_numpy(),
                                                          counts["n"].to_numpy(), confidence=confidence)
    order = cols + ["estimate", "pain_point"]
    return (counts.sort_values(order, ascending=[True] * len(cols) + [False, True], kind="stable")
            .reset_index(drop=True))


# --------------------------------------------------------------------------
# comparing two groups; the first day of a signal
# --------------------------------------------------------------------------

def difference(table: pd.DataFrame, *, by: Hashable, first: Hashable, second: Hashable,
               comparisons: int = 1, confidence: float = 0.95) -> pd.DataFrame:
    """Difference between two groups of an estimate table, with a Wald interval.

    Two intervals that overlap do not show that the groups are alike, and two
    that barely separate are not a test either: the question "do A and B
    differ?" is answered by the interval of ``A - B``. For independent groups
    (different respondents) ``se(A - B) = sqrt(se_A**2 + se_B**2)``.

    If the two groups were *picked* after looking -- the best and the worst of
    seven platforms -- the difference is one of many that could have been
    picked, and its plain 95 % interval is too narrow. ``comparisons=m``
    applies the Bonferroni correction (Dunn 1961): each interval at level
    ``1 - (1 - confidence) / m``; for all pairs of ``k`` groups use
    ``m = k (k - 1) / 2``.

    Parameters
    ----------
    table : output of :func:`nps_interval`, :func:`satisfaction_mean` or
        :func:`top_box_share` with ``by=``: columns ``by``, ``estimate``, ``se``.
    by : the group column of ``table``.
    first, second : the two groups; the difference is ``first - second``.
    comparisons : number of comparisons the two groups were chosen from (>= 1).
    confidence : family-wise interval level.

    Returns
    -------
    One-row DataFrame: ``first``, ``second``, ``estimate``, ``se``,
    ``ci_low``, ``ci_high``, ``comparisons``, ``level`` (the per-comparison
    level used).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"platform": ["a", "b"], "estimate": [30.0, 10.0], "se": [6.0, 8.0]})
    >>> difference(t, by="platform", first="a", second="b").round(2)
      first second  estimate   se  ci_low  ci_high  comparisons  level
    0     a      b      20.0  10.0     0.4     39.6            1   0.95
    >>> difference(t, by="platform", first="a", second="b", comparisons=21).round(3)[["ci_low", "ci_high", "level"]]
       ci_low  ci_high  level
    0 -10.381   50.381  0.998
    """
    _check_frame(table, "table")
    for column in (by, "estimate", "se"):
        _require(table, column, "by" if column == by else "table")
    confidence = _check_confidence(confidence)
    if isinstance(comparisons, bool) or not isinstance(comparisons, (int, np.integer)) or comparisons < 1:
        raise ValueError(f"comparisons={comparisons!r} must be a whole number >= 1")
    rows = {}
    for name, group in (("first", first), ("second", second)):
        hit = table[table[by] == group]
        if len(hit) != 1:
            raise ValueError(f"{name}={group!r} matches {len(hit)} row(s) of column {by!r}; "
                             f"allowed: {', '.join(map(repr, table[by].tolist()))}")
        rows[name] = hit.iloc[0]
    level = 1 - (1 - confidence) / comparisons
    z = _z(level)
    est = float(rows["first"]["estimate"] - rows["second"]["estimate"])
    se = float(np.sqrt(rows["first"]["se"] ** 2 + rows["second"]["se"] ** 2))
    return pd.DataFrame({"first": [first], "second": [second], "estimate": [est], "se": [se],
                         "ci_low": [est - z * se], "ci_high": [est + z * se],
                         "comparisons": [int(comparisons)], "level": [level]})


def first_signal(frame: pd.DataFrame, *, flag: str | pd.Series, time: str, start: object,
                 baseline: float, confidence: float = 0.95) -> pd.Series:
    """The first day on which a share, counted from ``start``, is clearly above ``baseline``.

    From the day of ``start`` on, flagged rows and all rows are added up day by
    day; the signal is the first day whose cumulative share has a Wilson lower
    bound above ``baseline`` (the usual share, e.g. of the weeks before). Use it
    to ask when a source would have shown an incident: a large, fast source
    (comments) clears the bar sooner and on more evidence than a small one (a
    survey of a few answers a day).

    Parameters
    ----------
    frame : one row per answer or comment.
    flag : boolean column name or Series (same index): the rows that count
        (e.g. ``pain_point == "packaging"``).
    time : datetime column.
    start : first day counted (anything ``pd.Timestamp`` accepts).
    baseline : the usual share, a fraction between 0 and 1.
    confidence : level of the Wilson interval.

    Returns
    -------
    Series: ``day`` (NaT when the share never clears the bar), ``days_after``
    (days since ``start``), ``n`` and ``count`` (cumulative rows and flagged
    rows up to that day), ``share``, ``ci_low``.

    >>> import pandas as pd
    >>> days = pd.to_datetime(["2025-07-01"] * 4 + ["2025-07-02"] * 4)
    >>> toy = pd.DataFrame({"date": days, "bad": [True, False, False, False, True, True, True, False]})
    >>> first_signal(toy, flag="bad", time="date", start="2025-07-01", baseline=0.1)[["days_after", "n", "count"]].tolist()
    [1, 8, 4]
    """
    _check_frame(frame)
    confidence = _check_confidence(confidence)
    times = _require(frame, time, "time")
    if not pd.api.types.is_datetime64_any_dtype(times.dtype):
        raise TypeError(f"column {time!r} (parameter time=) must be datetime, got dtype {times.dtype}")
    flags = _require(frame, flag, "flag") if isinstance(flag, str) else flag
    if not isinstance(flags, pd.Series) or len(flags) != len(frame) or not flags.index.equals(frame.index):
        raise ValueError("flag must be a column name or a boolean Series with the index of frame")
    if not pd.api.types.is_bool_dtype(flags.dtype):
        raise TypeError(f"flag must be boolean (True for the rows that count), got dtype {flags.dtype}")
    if isinstance(baseline, bool) or not isinstance(baseline, (int, float)) or not 0 <= baseline < 1:
        raise ValueError(f"baseline={baseline!r} must be a share between 0 and 1")
    try:
        day0 = pd.Timestamp(start).normalize()
    except (TypeError, ValueError):
        raise ValueError(f"start={start!r} is not a date; give e.g. '2025-07-23'") from None
    day = times.dt.normalize()
    keep = (day >= day0).to_numpy()
    if not keep.any():
        raise ValueError(f"no rows on or after start={start!r}; the data end on {times.max()}")
    daily = (pd.DataFrame({"day": day[keep], "hit": flags[keep].astype("int64")})
             .groupby("day")["hit"].agg(["sum", "size"]).cumsum())
    low, _ = wilson_interval(daily["sum"].to_numpy(), daily["size"].to_numpy(), confidence=confidence)
    hit = np.flatnonzero(low > baseline)
    if not len(hit):
        return pd.Series({"day": pd.NaT, "days_after": np.nan, "n": np.nan, "count": np.nan,
                          "share": np.nan, "ci_low": np.nan}, dtype=object)
    i = hit[0]
    when = daily.index[i]
    return pd.Series({"day": when, "days_after": int((when - day0).days), "n": int(daily["size"].iloc[i]),
                      "count": int(daily["sum"].iloc[i]), "share": float(daily["sum"].iloc[i] / daily["size"].iloc[i]),
                      "ci_low": float(low[i])}, dtype=object)
