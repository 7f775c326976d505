"""Influencer (KOL, 关键意见领袖) screening: size-adjusted engagement, fake-follower signals, cost.

A candidate list from an agency or a creator marketplace shows followers,
average likes and comments per recent post, follower growth and a price.
This module turns those columns into a screening decision a manager can
audit:

* :func:`fit_er_norm` fits the **size-adjusted engagement norm**: engagement
  rate falls with audience size, so an account is compared with accounts of
  its size, not with the median. The norm is a straight line on log-log
  axes, ``log ER = a + b · log followers``, fitted by Theil-Sen (the median
  of pairwise slopes; robust in principle to the outlying accounts the
  screen looks for, whichever way they lean) or by ordinary least squares.
  Compare the two fits: where they nearly agree, the choice matters only
  for accounts close to a threshold.
* :func:`screen` computes three **fake-follower signals** (刷粉):
  engagement far below the norm for the account's size, a follower spike
  (large 90-day growth or a large one-day gain relative to followers), and
  very few comments per like. An account is flagged when at least
  ``min_signals`` of the three are present (default two of three): one
  signal alone has innocent explanations (a viral day gives a one-day
  spike; some niches comment little). Accounts within ``review_margin``
  of any threshold are marked for **manual review**: a small change of
  norm or threshold would flip their signal.
* :func:`cost_per_expected_engagement` divides the price by the engagements
  a post can be expected to bring: the account's observed average
  engagements, discounted for flagged accounts (whose engagement may be
  partly bought too). Price tracks followers, not engagement, so cost per
  follower makes fake-follower accounts look cheap; cost per expected
  engagement does not.
* :func:`grade_screen` compares flags with a known list of suspicious
  accounts (precision, recall). Only a simulator gives that list.

Thresholds are conventions, not laws; the defaults mirror the stylised
patterns the course simulator builds in (``datasets/influencers.md``):
engagement far below accounts of the same size, sudden follower jumps,
likes without comments. Precision and recall measured on the simulated
list are therefore optimistic; on a real list, calibrate the thresholds
on a hand-audited sample. The norm pools all platforms; real engagement
rates differ by platform, so fit a per-platform offset (or one norm per
platform) when the list mixes platforms. Real screening also checks audience location, account age and
comment text, none of which is in the course data. That engagement rate
falls with audience size is a widely reported regularity of influencer
marketing. Theil-Sen: Theil (1950), Sen (1968).

>>> import pandas as pd
>>> cands = pd.DataFrame({"followers": [10_000, 100_000, 1_000_000, 50_000],
...                       "engagement_rate": [0.06, 0.06 * 10 ** -0.2, 0.06 * 100 ** -0.2, 0.005],
...                       "avg_likes": [570, 3600, 22700, 248], "avg_comments": [30, 186, 1090, 2],
...                       "follower_growth_90d": [0.05, 0.06, 0.04, 0.8],
...                       "max_daily_gain": [20, 150, 900, 6000], "price": [600, 6000, 60000, 3000]})
>>> screen(cands)[["n_signals", "flagged"]]
   n_signals  flagged
0          0    False
1          0    False
2          0    False
3          3     True
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .validation import check_frame, require_columns

__all__ = ["FOLLOWER_COLUMNS", "cost_per_expected_engagement", "fit_er_norm", "grade_screen", "screen"]

FOLLOWER_COLUMNS = ("followers", "engagement_rate", "avg_likes", "avg_comments",
                    "follower_growth_90d", "max_daily_gain")
"""Columns :func:`screen` needs (names as in ``data.load("influencers")``)."""

_METHODS = ("theil-sen", "ols")


def _positive(frame: pd.DataFrame, column: str, param: str) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")
    if np.isnan(values).any() or (values <= 0).any():
        raise ValueError(f"column {column!r} of {param} must hold positive numbers (logs are taken); "
                         f"found {int((np.isnan(values) | (values <= 0)).sum())} missing, zero or negative")
    return values


def _fraction(value: object, param: str, *, low: float = 0.0, high: float = np.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{param} must be a number, got {type(value).__name__}")
    value = float(value)
    if not low <= value <= high or np.isnan(value):
        raise ValueError(f"{param} must be between {low} and {high}, got {value}")
    return value


def fit_er_norm(frame: pd.DataFrame, *, followers: str = "followers", rate: str = "engagement_rate",
                method: str = "theil-sen") -> pd.Series:
    """Fit the size-adjusted engagement norm ``log10 ER = intercept + slope · log10 followers``.

    Parameters
    ----------
    frame : DataFrame
        One row per account, with the two columns below (positive numbers).
    followers, rate : str
        Column names: followers (count) and engagement rate (fraction,
        engagements per post ÷ followers).
    method : {"theil-sen", "ols"}
        Theil-Sen (median of pairwise slopes; robust to the outliers a
        screen looks for, default) or ordinary least squares (pulled by
        outliers in either direction).

    Returns
    -------
    Series with ``intercept``, ``slope`` (the elasticity: % change in ER per
    % change in followers), ``er_at_10k`` (the norm at 10,000 followers,
    a fraction), ``n`` and ``method``.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"followers": [1e4, 1e5, 1e6], "engagement_rate": [0.06, 0.06 * 10 ** -0.2, 0.06 * 100 ** -0.2]})
    >>> fit_er_norm(f)[["slope", "er_at_10k"]].astype(float).round(3).tolist()
    [-0.2, 0.06]
    """
    check_frame(frame, "frame", why="the norm needs accounts of several sizes")
    require_columns(frame, [followers, rate], "frame")
    if method not in _METHODS:
        raise ValueError(f"method must be one of {list(_METHODS)}, got {method!r}")
    x = np.log10(_positive(frame, followers, "frame"))
    y = np.log10(_positive(frame, rate, "frame"))
    if len(x) < 3 or np.ptp(x) == 0:
        raise ValueError("frame needs at least 3 accounts of different sizes to fit a norm")
    if method == "theil-sen":
        from scipy.stats import theilslopes

        slope, intercept = theilslopes(y, x)[:2]
    else:
        slope, intercept = np.polyfit(x, y, 1)
    return pd.Series({"intercept": float(intercept), "slope": float(slope),
                      "er_at_10k": float(10 ** (intercept + 4 * slope)), "n": len(x), "method": method})


def screen(frame: pd.DataFrame, *, norm: pd.Series | None = None, low_er: float = 0.4,
           few_comments: float = 0.03, growth_90d: float = 0.25, daily_gain: float = 0.04,
           min_signals: int = 2, review_margin: float = 0.1) -> pd.DataFrame:
    """Flag candidates with fake-follower patterns (two of three signals by default).

    Signals (each a boolean column):

    * ``sig_low_er``: engagement rate below ``low_er`` × the size-adjusted
      norm (:func:`fit_er_norm`);
    * ``sig_spike``: 90-day follower growth above ``growth_90d`` **or** a
      largest one-day gain above ``daily_gain`` × followers;
    * ``sig_few_comments``: comments below ``few_comments`` × likes.

    Parameters
    ----------
    frame : DataFrame
        Candidates with the columns of :data:`FOLLOWER_COLUMNS`.
    norm : Series, optional
        A fitted norm (``intercept``, ``slope`` on log10 scales); fitted on
        ``frame`` with Theil-Sen if omitted.
    low_er, few_comments, growth_90d, daily_gain : float
        Thresholds (fractions), see above.
    min_signals : int
        How many signals flag an account (1, 2 or 3).
    review_margin : float
        Relative distance to a threshold within which a measure counts as
        borderline (0.1: within ±10 % of the threshold's value).

    Returns
    -------
    A copy of ``frame`` with ``expected_er`` (the norm for the account's
    size), ``er_vs_norm`` (ER ÷ norm), ``comments_per_like``,
    ``daily_gain_share`` (max daily gain ÷ followers), the three signal
    columns, ``n_signals``, ``flagged``, ``near_threshold`` (the
    borderline measures, e.g. ``"low ER"``; empty when none) and
    ``manual_review`` (at least one borderline measure).

    >>> import pandas as pd
    >>> c = pd.DataFrame({"followers": [10_000, 20_000], "engagement_rate": [0.06, 0.004],
    ...                   "avg_likes": [570, 79], "avg_comments": [30, 1], "follower_growth_90d": [0.05, 0.1],
    ...                   "max_daily_gain": [15, 60]})
    >>> norm = pd.Series({"intercept": np.log10(0.06) + 0.8, "slope": -0.2})
    >>> screen(c, norm=norm)[["sig_low_er", "sig_spike", "sig_few_comments", "flagged"]].values.tolist()
    [[False, False, False, False], [True, False, True, True]]
    """
    check_frame(frame, "frame", why="screen needs at least one candidate")
    require_columns(frame, list(FOLLOWER_COLUMNS), "frame")
    low_er = _fraction(low_er, "low_er", high=1.0)
    few_comments = _fraction(few_comments, "few_comments", high=1.0)
    growth_90d = _fraction(growth_90d, "growth_90d")
    daily_gain = _fraction(daily_gain, "daily_gain", high=1.0)
    review_margin = _fraction(review_margin, "review_margin", high=1.0)
    if isinstance(min_signals, bool) or min_signals not in (1, 2, 3):
        raise ValueError(f"min_signals must be 1, 2 or 3, got {min_signals!r}")
    if norm is None:
        norm = fit_er_norm(frame)
    elif not isinstance(norm, pd.Series) or not {"intercept", "slope"} <= set(norm.index):
        raise ValueError("norm must be a Series with 'intercept' and 'slope' (the output of fit_er_norm)")
    followers = _positive(frame, "followers", "frame")
    likes = pd.to_numeric(frame["avg_likes"], errors="coerce").to_numpy(dtype="float64")
    if np.isnan(likes).any() or (likes < 0).any():
        raise ValueError("column 'avg_likes' of frame must hold counts (>= 0)")
    expected = 10 ** (float(norm["intercept"]) + float(norm["slope"]) * np.log10(followers))
    out = frame.copy()
    out["expected_er"] = expected
    out["er_vs_norm"] = out["engagement_rate"].to_numpy(dtype="float64") / expected
    with np.errstate(divide="ignore", invalid="ignore"):
        out["comments_per_like"] = np.where(likes > 0, out["avg_comments"].to_numpy(dtype="float64") / likes, 0.0)
    out["daily_gain_share"] = out["max_daily_gain"].to_numpy(dtype="float64") / followers
    out["sig_low_er"] = out["er_vs_norm"] < low_er
    out["sig_spike"] = (out["follower_growth_90d"] > growth_90d) | (out["daily_gain_share"] > daily_gain)
    out["sig_few_comments"] = out["comments_per_like"] < few_comments
    out["n_signals"] = out[["sig_low_er", "sig_spike", "sig_few_comments"]].sum(axis=1).astype("int64")
    out["flagged"] = out["n_signals"] >= min_signals
    near = {"low ER": out["er_vs_norm"] / low_er, "few comments": out["comments_per_like"] / few_comments,
            "90-day growth": out["follower_growth_90d"] / growth_90d if growth_90d > 0 else np.inf,
            "daily gain": out["daily_gain_share"] / daily_gain if daily_gain > 0 else np.inf}
    label = pd.Series("", index=out.index, dtype="str")
    for name, relative in near.items():
        close = (np.abs(np.asarray(relative, dtype="float64") - 1) <= review_margin)
        label = label + np.where(close, name + ", ", "")
    out["near_threshold"] = label.str.removesuffix(", ")
    out["manual_review"] = out["near_threshold"] != ""
    return out


def cost_per_expected_engagement(frame: pd.DataFrame, *, price: str = "price",
                                 engagements: Iterable[str] = ("avg_likes", "avg_comments"),
                                 flagged: str | None = "flagged", flag_discount: float = 0.5,
                                 audience_fit: str | None = None) -> pd.DataFrame:
    """Price ÷ the engagements one sponsored post can be expected to bring.

    ``expected_engagements`` = the account's average engagements per post
    (sum of ``engagements``), times ``1 - flag_discount`` for a flagged
    account (its likes may be bought too; 0.5 is an assumption, set 0 to
    take them at face value or 1 to exclude flagged accounts; show the
    result under several values, it is a sensitivity, not a fact).
    ``cost_per_follower`` is added for comparison: it is what the price
    list invites, and it rewards bought followers.

    With ``audience_fit`` (a column of shares in [0, 1] of the audience in
    the target group), the expected engagements are also multiplied by the
    fit: ``cost_per_target_engagement`` is the price per engagement *from
    the target group*, the number to rank bookings on. Caveat: sponsored
    posts usually earn less engagement than an account's organic average,
    so every cost here is a lower bound; compare accounts, do not budget
    on it.

    Parameters
    ----------
    frame : DataFrame
        One row per account, e.g. the output of :func:`screen`.
    price : str
        Column with the price of one sponsored post (currency).
    engagements : column names
        Engagement counts per post to add up.
    flagged : str or None
        Boolean column of the screen; ``None`` applies no discount.
    flag_discount : float in [0, 1]
        Share of a flagged account's engagements not counted.
    audience_fit : str or None
        Column with the share of the audience in the target group.

    Returns
    -------
    A copy of ``frame`` with ``expected_engagements``,
    ``cost_per_expected_engagement`` (currency per engagement; infinite
    when nothing is expected) and ``cost_per_follower``; with
    ``audience_fit`` also ``expected_target_engagements`` and
    ``cost_per_target_engagement``.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"price": [1000.0, 1000.0], "avg_likes": [450, 90], "avg_comments": [50, 10],
    ...                   "followers": [20_000, 20_000], "flagged": [False, True]})
    >>> cost_per_expected_engagement(f)["cost_per_expected_engagement"].tolist()
    [2.0, 20.0]
    """
    check_frame(frame, "frame", why="there is no candidate to cost")
    cols = [engagements] if isinstance(engagements, str) else list(engagements)
    if not cols:
        raise ValueError("engagements needs at least one column name")
    require_columns(frame, [price, *cols, "followers"] + ([flagged] if flagged is not None else []), "frame")
    flag_discount = _fraction(flag_discount, "flag_discount", high=1.0)
    cost = pd.to_numeric(frame[price], errors="coerce").to_numpy(dtype="float64")
    if np.isnan(cost).any() or (cost < 0).any():
        raise ValueError(f"column {price!r} of frame must hold prices (>= 0)")
    eng = frame[cols].to_numpy(dtype="float64").sum(axis=1)
    if flagged is not None:
        flags = frame[flagged]
        if not pd.api.types.is_bool_dtype(flags.dtype):
            raise TypeError(f"column {flagged!r} of frame must be boolean (the output of screen), got {flags.dtype}")
        eng = eng * np.where(flags.to_numpy(), 1 - flag_discount, 1.0)
    out = frame.copy()
    out["expected_engagements"] = eng
    with np.errstate(divide="ignore"):
        out["cost_per_expected_engagement"] = np.where(eng > 0, cost / np.where(eng > 0, eng, 1.0), np.inf)
    out["cost_per_follower"] = cost / _positive(frame, "followers", "frame")
    if audience_fit is not None:
        require_columns(frame, [audience_fit], "frame")
        fit = pd.to_numeric(frame[audience_fit], errors="coerce").to_numpy(dtype="float64")
        if np.isnan(fit).any() or (fit < 0).any() or (fit > 1).any():
            raise ValueError(f"column {audience_fit!r} of frame must hold shares between 0 and 1")
        target = eng * fit
        out["expected_target_engagements"] = target
        with np.errstate(divide="ignore"):
            out["cost_per_target_engagement"] = np.where(target > 0, cost / np.where(target > 0, target, 1.0),
                                                         np.inf)
    return out


def grade_screen(flags: pd.Series, suspicious_ids: Iterable[str]) -> pd.Series:
    """Precision and recall of a screen against a known list of suspicious accounts.

    Only a simulator (``data.truth(...).influencers.suspicious_ids``) or a
    carefully audited sample gives such a list; on real candidates nobody
    knows it.

    Parameters
    ----------
    flags : Series of bool
        Indexed by account id: True = flagged.
    suspicious_ids : iterable of str
        The ids that really are suspicious.

    Returns
    -------
    Series with ``flagged``, ``suspicious``, ``true_positives``,
    ``precision`` (share of flags that are right; NaN with no flag) and
    ``recall`` (share of suspicious accounts flagged).

    >>> import pandas as pd
    >>> grade_screen(pd.Series([True, True, False, False], index=["a", "b", "c", "d"]), ["a", "c"]).tolist()
    [2.0, 2.0, 1.0, 0.5, 0.5]
    """
    if not isinstance(flags, pd.Series) or not pd.api.types.is_bool_dtype(flags.dtype):
        raise TypeError("flags must be a boolean pandas Series indexed by account id")
    if len(flags) == 0:
        raise ValueError("flags is empty (0 accounts)")
    ids = set(suspicious_ids)
    unknown = ids - set(flags.index)
    if unknown:
        raise ValueError(f"suspicious_ids {sorted(unknown)[:5]} are not in the index of flags")
    truth = flags.index.isin(list(ids))
    tp = int((flags.to_numpy() & truth).sum())
    n_flag, n_bad = int(flags.sum()), int(truth.sum())
    return pd.Series({"flagged": n_flag, "suspicious": n_bad, "true_positives": tp,
                      "precision": tp / n_flag if n_flag else np.nan,
                      "recall": tp / n_bad if n_bad else np.nan}, dtype="float64")
