"""Brand audit (公司现状): followers, posting cadence, what works, and what the audit can measure.

A social media audit takes stock of the brand's own accounts before a
strategy is written: how large each audience is and how it moved, how
often and how regularly the team posts, which platform × format cells
engage and which do not, and which of the operation's purposes the
available data can measure at all. This module holds the reusable pieces:

* :func:`followers_summary` -- followers at the start and end of the window,
  net growth, growth and churn rates per platform (rates from
  :func:`course_lib.kpi.follower_growth_rate` and
  :func:`course_lib.kpi.churn_rate`, ``aggregate="period"``);
* :func:`posts_per_period` and :func:`cadence` -- posts per week (or day,
  month) including empty periods, and the regularity of posting:
  coefficient of variation, index of dispersion against random (Poisson)
  posting, longest gap between posts;
* :func:`format_cells` and :func:`strongest_weakest` -- engagement rate of
  each platform × format cell as a ratio of totals, with Poisson-bootstrap
  intervals, the rate relative to the platform's own rate, and the
  bootstrap probability that a cell is the strongest or weakest of the
  cells with enough posts;
* :func:`audit_summary` -- one row per platform, the audit on one page;
* :data:`PURPOSES` and :func:`purposes_table` -- the four purposes of social
  media operation in the course's source plan (品牌影响力, 用户互动, 营销效果,
  客户关系管理) linked to the KPI catalogue of :mod:`course_lib.scorecard`,
  with whether the audit's tables can measure each KPI.

Sources: the audit of the company's current state (公司现状) and the four
purposes follow the course's source plan (000, §一.1–2); the KPI families
are those of :mod:`course_lib.scorecard`. The index of dispersion test for
Poisson counts is in Cox & Lewis (1966), *The Statistical Analysis of
Series of Events*; the Poisson bootstrap (each post drawn Poisson(1) times)
is Hanley & MacGibbon (2006), *Computer Methods and Programs in
Biomedicine* 83(1), 57–62.

>>> import pandas as pd
>>> posts = pd.DataFrame({"platform": ["a", "a", "a", "b"],
...                       "timestamp": pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-19", "2025-01-08"])})
>>> cadence(posts, freq="W")[["platform", "periods", "per_period", "longest_gap_days"]]
  platform  periods  per_period  longest_gap_days
0        a        2         1.5              12.0
1        b        2         0.5               NaN
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import kpi
from . import scorecard as _scorecard
from .validation import check_frame, require_columns

__all__ = [
    "FREQS",
    "PURPOSES",
    "audit_summary",
    "cadence",
    "followers_summary",
    "format_cells",
    "posts_per_period",
    "purposes_table",
    "strongest_weakest",
]

BOOT_CHUNK_ELEMENTS: int = 4_000_000
"""Bootstrap weights held in memory at once by :func:`format_cells` (posts × resamples per chunk)."""

FREQS: dict[str, str] = {"D": "D", "W": "W-SUN", "M": "M"}
"""Allowed ``freq=`` values: day, week (Monday–Sunday), calendar month."""


def _check_choice(param: str, value: object, allowed: Sequence[object]) -> None:
    if value not in allowed:
        raise ValueError(f"{param}={value!r} is not allowed; allowed: {', '.join(map(repr, allowed))}")


def _check_column_name(value: object, param: str) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError(f"{param} must be one column name (a non-empty str), got {value!r}")
    return value


def _datetimes(frame: pd.DataFrame, column: str, param: str) -> pd.Series:
    t = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(t.dtype):
        raise TypeError(f"column {column!r} of {param} must be datetime64, got dtype {t.dtype}; "
                        "convert it with pd.to_datetime")
    if t.isna().any():
        raise ValueError(f"column {column!r} of {param} has missing values")
    return t


def _positive_int(value: object, param: str, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{param} must be a whole number >= {low}, got {value!r}")
    return int(value)


# --------------------------------------------------------------------------
# followers
# --------------------------------------------------------------------------

def followers_summary(daily: pd.DataFrame, *, by: str = "platform", date: str = "date",
                      followers: str = "followers", follows: str = "follows",
                      unfollows: str = "unfollows") -> pd.DataFrame:
    """Followers at the start and end of the data's window, per account.

    Parameters
    ----------
    daily : DataFrame
        One row per account and day, ``followers`` counted at the **end** of
        the day (``data.load("daily_metrics")``).
    by : str
        Account column (default ``"platform"``).
    date, followers, follows, unfollows : str
        Column names: the day; the end-of-day stock; the day's new and lost
        followers.

    Raises
    ------
    ValueError
        An empty frame, a missing column, or duplicated (``by``, ``date``)
        rows (they would add the same stock twice).

    Returns
    -------
    DataFrame, one row per account: ``followers_start`` (before the first
    day's follows and unfollows), ``followers_end`` (end of the last day),
    ``follows``, ``unfollows``, ``net_growth`` (follows - unfollows),
    ``growth_rate`` and ``churn_rate`` (fractions of ``followers_start``, from
    :mod:`course_lib.kpi` with ``aggregate="period"``) and
    ``share_end`` (the account's share of all followers at the end; a person
    who follows two accounts counts twice).

    >>> d = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02"] * 2),
    ...                   "platform": ["a", "a", "b", "b"], "followers": [110, 130, 50, 45],
    ...                   "follows": [20, 25, 0, 0], "unfollows": [10, 5, 0, 5]})
    >>> followers_summary(d)[["platform", "followers_start", "followers_end", "growth_rate"]]
      platform  followers_start  followers_end  growth_rate
    0        a              100            130          0.3
    1        b               50             45         -0.1
    """
    check_frame(daily, "daily", why="followers_summary needs one row per account and day")
    by = _check_column_name(by, "by")
    require_columns(daily, [by, date, followers, follows, unfollows], "daily")
    t = _datetimes(daily, date, "daily")
    for c in (followers, follows, unfollows):
        if not pd.api.types.is_numeric_dtype(daily[c].dtype):
            raise TypeError(f"column {c!r} of daily must be numeric, got dtype {daily[c].dtype}")
    dup = daily.duplicated([by, date])
    if dup.any():
        first_dup = daily.loc[dup, [by, date]].iloc[0]
        raise ValueError(f"daily has {int(dup.sum())} duplicated ({by!r}, {date!r}) rows, e.g. "
                         f"{first_dup[by]!r} on {first_dup[date]}; followers_summary needs one row per "
                         "account and day (duplicates would count the stock twice)")
    common = dict(aggregate="period", follows=follows, unfollows=unfollows, followers=followers,
                  time=date, by=by)
    growth = kpi.follower_growth_rate(daily, **common)
    churn = kpi.churn_rate(daily, **common)
    frame = daily[[by, follows, unfollows, followers]].assign(_t=t)
    start_stock = (frame[followers] - frame[follows] + frame[unfollows]).clip(lower=0)
    grouped = frame.groupby(by, sort=True)
    first = frame["_t"] == grouped["_t"].transform("min")
    last = frame["_t"] == grouped["_t"].transform("max")
    out = pd.DataFrame({
        "followers_start": start_stock.where(first, 0).groupby(frame[by], sort=True).sum(),
        "followers_end": frame[followers].where(last, 0).groupby(frame[by], sort=True).sum(),
        "follows": grouped[follows].sum(),
        "unfollows": grouped[unfollows].sum(),
    })
    out["net_growth"] = out["follows"] - out["unfollows"]
    out["growth_rate"] = growth.reindex(out.index).to_numpy()
    out["churn_rate"] = churn.reindex(out.index).to_numpy()
    out["share_end"] = out["followers_end"] / out["followers_end"].sum()
    out.index.name = by
    return out.reset_index()


# --------------------------------------------------------------------------
# cadence
# --------------------------------------------------------------------------

def _window(t: pd.Series, start: object, end: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    lo = t.min().normalize() if start is None else pd.Timestamp(start).normalize()
    hi = t.max().normalize() if end is None else pd.Timestamp(end).normalize()
    if hi < lo:
        raise ValueError(f"end ({hi.date()}) is before start ({lo.date()})")
    return lo, hi


def posts_per_period(posts: pd.DataFrame, *, freq: str = "W", by: str = "platform", time: str = "timestamp",
                     full_periods_only: bool = True, start: object = None, end: object = None) -> pd.DataFrame:
    """Posts per period and account, with the empty periods as zeros.

    Parameters
    ----------
    posts : DataFrame
        One row per post with a datetime column ``time``.
    freq : {"D", "W", "M"}
        Day, week (Monday–Sunday) or calendar month.
    by : str
        Account column (default ``"platform"``).
    time : str
        Publication time column.
    full_periods_only : bool
        Keep only periods that lie entirely inside the window (default
        True). A week cut by the first or last day of the data looks like a
        slow week and would inflate the variation.
    start, end : date-like, optional
        First and last day of the observed window (default: the days of the
        first and last post).

    Returns
    -------
    DataFrame with columns ``by``, ``period`` (first day), ``full`` (bool)
    and ``posts`` (count, 0 for an empty period); every account has a row
    for every period.

    >>> p = pd.DataFrame({"platform": ["a", "a", "b"],
    ...                   "timestamp": pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-14"])})
    >>> posts_per_period(p, freq="W", end="2025-01-19")["posts"].tolist()
    [1, 1, 0, 1]
    """
    check_frame(posts, "posts", why="posts_per_period needs at least one post")
    _check_choice("freq", freq, tuple(FREQS))
    by = _check_column_name(by, "by")
    require_columns(posts, [by, time], "posts")
    t = _datetimes(posts, time, "posts")
    lo, hi = _window(t, start, end)
    inside = (t >= lo) & (t < hi + pd.Timedelta(days=1))
    if not inside.any():
        raise ValueError(f"no post lies between start ({lo.date()}) and end ({hi.date()})")
    code = t[inside].dt.to_period(FREQS[freq])
    counts = posts.loc[inside].groupby([posts.loc[inside, by], code], sort=True).size()
    periods = pd.period_range(lo.to_period(FREQS[freq]), hi.to_period(FREQS[freq]), freq=FREQS[freq])
    accounts = pd.Index(posts[by].dropna().unique()).sort_values()
    grid = pd.MultiIndex.from_product([accounts, periods], names=[by, "period"])
    counts.index = counts.index.set_names([by, "period"])
    out = counts.reindex(grid, fill_value=0).rename("posts").reset_index()
    per = out["period"].dt
    out["full"] = ((per.start_time >= lo) & (per.end_time < hi + pd.Timedelta(days=1))).to_numpy()
    out["period"] = per.start_time
    out = out[[by, "period", "full", "posts"]]
    if full_periods_only:
        out = out[out["full"]].reset_index(drop=True)
        if out.empty:
            raise ValueError(f"the window {lo.date()}..{hi.date()} holds no full period of freq={freq!r}; "
                             "use a shorter freq or full_periods_only=False")
    return out


def cadence(posts: pd.DataFrame, *, freq: str = "W", by: str = "platform", time: str = "timestamp",
            full_periods_only: bool = True, start: object = None, end: object = None,
            confidence: float = 0.95) -> pd.DataFrame:
    """Posting cadence per account: volume, regularity and gaps.

    Parameters
    ----------
    posts, freq, by, time, full_periods_only, start, end
        As in :func:`posts_per_period` (which counts the posts per period).
    confidence : float
        Coverage of the range of the index of dispersion expected under
        random posting (default 0.95).

    Returns
    -------
    DataFrame, one row per account:

    * ``periods`` (number of periods used), ``posts`` (their posts),
      ``per_period`` (mean posts per period), ``sd`` (standard deviation,
      ddof=1), ``min``, ``max``, ``empty_periods``;
    * ``cv`` = sd / mean, the coefficient of variation: the usual
      "regularity" number, but it grows mechanically as volume falls
      (random posting at rate m per period has cv = 1/sqrt(m));
    * ``dispersion`` = variance / mean, the index of dispersion. Random
      (Poisson) posting gives about 1 at any volume; below the range
      ``[dispersion_low, dispersion_high]`` expected under random posting
      the account posts more regularly than chance (a schedule), above it
      in bursts (campaigns, a trend, holidays). ``pattern`` says which:
      "regular", "random-like" or "bursty" ("no posts" when the account
      has no post in any period used: cv and dispersion are then NaN).
      A dispersion near 1 says only that the weekly volume varies as much
      as random posting would; a calendar whose planned counts vary from
      week to week can look the same. Under Poisson counts,
      ``(periods - 1) * dispersion`` follows a chi-square distribution
      with ``periods - 1`` degrees of freedom (Cox & Lewis 1966).
    * ``longest_gap_days``: the longest time between two consecutive posts
      of the account inside the window (days, fractional); NaN with fewer
      than two posts.

    Raises
    ------
    ValueError
        Fewer than two periods, an unknown ``freq``, a missing column.

    >>> p = pd.DataFrame({"platform": ["a"] * 6,
    ...                   "timestamp": pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-13",
    ...                                                "2025-01-14", "2025-01-20", "2025-01-21"])})
    >>> cadence(p, freq="W", end="2025-01-26")[["per_period", "cv", "dispersion", "pattern"]]
       per_period   cv  dispersion  pattern
    0         2.0  0.0         0.0  regular
    """
    if not isinstance(confidence, float) or not 0.5 <= confidence < 1:
        raise ValueError(f"confidence must be a float in [0.5, 1), got {confidence!r}")
    counts = posts_per_period(posts, freq=freq, by=by, time=time, full_periods_only=full_periods_only,
                              start=start, end=end)
    g = counts.groupby(by, sort=True)["posts"]
    out = g.agg(periods="size", posts="sum", per_period="mean", sd="std", min="min", max="max")
    if int(out["periods"].min()) < 2:
        raise ValueError(f"cadence needs at least two periods of freq={freq!r} in the window; "
                         "use a shorter freq or a longer window")
    out["empty_periods"] = (counts["posts"] == 0).groupby(counts[by], sort=True).sum()
    out["cv"] = out["sd"] / out["per_period"]
    out["dispersion"] = out["sd"] ** 2 / out["per_period"]
    from scipy import stats  # heavy import only here

    df = out["periods"].to_numpy() - 1
    alpha = 1 - confidence
    out["dispersion_low"] = stats.chi2.ppf(alpha / 2, df) / df
    out["dispersion_high"] = stats.chi2.ppf(1 - alpha / 2, df) / df
    out["pattern"] = np.select([out["posts"] == 0,
                                out["dispersion"] < out["dispersion_low"],
                                out["dispersion"] > out["dispersion_high"]],
                               ["no posts", "regular", "bursty"], default="random-like")
    # longest gap between consecutive posts inside the window
    t = _datetimes(posts, time, "posts")
    lo, hi = _window(t, start, end)
    keep = (t >= lo) & (t < hi + pd.Timedelta(days=1))
    ordered = pd.DataFrame({"acc": posts.loc[keep, by], "t": t[keep]}).sort_values(["acc", "t"])
    gaps = ordered.groupby("acc", sort=True)["t"].diff().dt.total_seconds() / 86_400
    out["longest_gap_days"] = gaps.groupby(ordered["acc"], sort=True).max().reindex(out.index)
    out.index.name = by
    cols = ["periods", "posts", "per_period", "sd", "cv", "dispersion", "dispersion_low", "dispersion_high",
            "pattern", "min", "max", "empty_periods", "longest_gap_days"]
    return out[cols].reset_index()


# --------------------------------------------------------------------------
# what works: platform x format cells
# --------------------------------------------------------------------------

def format_cells(posts: pd.DataFrame, *, rows: str = "platform", cols: str = "format",
                 denominator: str = "reach", min_posts: int = 30, n_boot: int = 1000,
                 confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Engagement rate of every ``rows`` × ``cols`` cell, with bootstrap intervals.

    The rate is a ratio of totals (:func:`course_lib.kpi.engagement_rate`,
    ``aggregate="ratio"``): all engagements (likes + comments + shares +
    saves) of the cell's posts ÷ their total ``denominator``. The interval
    is a percentile interval of a Poisson bootstrap: every post is drawn
    Poisson(1) times in each of ``n_boot`` resamples (Hanley & MacGibbon
    2006), all cells in the same resample, so the platform totals and the
    ranking of cells are resampled jointly.

    Parameters
    ----------
    posts : DataFrame
        One row per post with ``rows``, ``cols``, ``denominator`` and the
        engagement columns.
    rows, cols : str
        Cell columns. ``relative`` compares a cell with its ``rows`` group.
    denominator : {"reach", "impressions"}
        Engagement rate by reach (people who saw the post) or per impression.
    min_posts : int
        Cells with fewer posts are kept but marked ``eligible = False`` and
        left out of ``p_top`` / ``p_bottom``: with a handful of posts a
        rate is mostly noise.
    n_boot : int
        Bootstrap resamples; 0 skips the intervals (NaN columns).
    confidence : float
        Interval coverage (default 0.95).
    seed : int
        Seed of the resampling (results are reproducible for a given seed).

    Returns
    -------
    DataFrame, one row per cell with ``posts``, ``engagements``, the
    denominator total, ``rate``, ``ci_low``, ``ci_high``, ``relative`` (cell
    rate ÷ the rate of its whole ``rows`` group, e.g. of the platform;
    above 1 = the format does better than the platform's average post),
    ``relative_low``, ``relative_high``, ``eligible``, ``p_top`` and
    ``p_bottom`` (share of resamples in which the cell has the highest /
    lowest rate of all eligible cells; NaN for the others).

    >>> p = pd.DataFrame({"platform": ["a"] * 4, "format": ["x", "x", "y", "y"], "reach": [100] * 4,
    ...                   "likes": [10, 10, 2, 2], "comments": 0, "shares": 0, "saves": 0})
    >>> format_cells(p, min_posts=1, n_boot=0)[["format", "rate", "relative"]]
      format  rate  relative
    0      x  0.10  1.666667
    1      y  0.02  0.333333
    """
    check_frame(posts, "posts", why="format_cells needs at least one post")
    rows = _check_column_name(rows, "rows")
    cols = _check_column_name(cols, "cols")
    _check_choice("denominator", denominator, ("reach", "impressions"))
    min_posts = _positive_int(min_posts, "min_posts")
    n_boot = _positive_int(n_boot, "n_boot", low=0)
    if not isinstance(confidence, float) or not 0.5 <= confidence < 1:
        raise ValueError(f"confidence must be a float in [0.5, 1), got {confidence!r}")
    require_columns(posts, [rows, cols, denominator, *kpi.ENGAGEMENT_COLUMNS], "posts")
    if posts[[rows, cols]].isna().any().any():
        raise ValueError(f"columns {rows!r} and {cols!r} of posts must not have missing values")

    rate = kpi.engagement_rate(posts, denominator=denominator, aggregate="ratio", by=[rows, cols])
    row_rate = kpi.engagement_rate(posts, denominator=denominator, aggregate="ratio", by=rows)
    eng = kpi.engagements(posts).to_numpy(dtype=float)
    den = posts[denominator].to_numpy(dtype=float)
    out = (pd.DataFrame({rows: posts[rows], cols: posts[cols], "_e": eng, "_d": den})
           .groupby([rows, cols], sort=True)
           .agg(posts=("_e", "size"), engagements=("_e", "sum"), **{denominator: ("_d", "sum")}))
    out["engagements"] = out["engagements"].astype("int64")
    out["rate"] = rate.reindex(out.index).to_numpy()
    out["relative"] = out["rate"] / row_rate.reindex(out.index.get_level_values(0)).to_numpy()
    out["eligible"] = out["posts"] >= min_posts
    nan = np.full(len(out), np.nan)
    out["ci_low"], out["ci_high"], out["relative_low"], out["relative_high"] = nan, nan, nan, nan
    out["p_top"], out["p_bottom"] = nan, nan
    if n_boot:
        # sort posts by cell so every cell (and every row group) is a contiguous block
        cell_code = pd.MultiIndex.from_frame(posts[[rows, cols]]).map(
            dict(zip(out.index, range(len(out))))).to_numpy()
        order = np.argsort(cell_code, kind="stable")
        starts = np.searchsorted(cell_code[order], np.arange(len(out)))
        rng = np.random.default_rng(seed)
        eng_o, den_o = eng[order], den[order]
        e_boot = np.empty((len(out), n_boot))
        d_boot = np.empty((len(out), n_boot))
        # resamples in chunks, so memory stays at about BOOT_CHUNK_ELEMENTS weights whatever the
        # number of posts; the weights are drawn resample by resample, so the results do not
        # depend on the chunk size
        step = max(1, BOOT_CHUNK_ELEMENTS // max(len(order), 1))
        for j in range(0, n_boot, step):
            k = min(step, n_boot - j)
            w = rng.poisson(1.0, size=(k, len(order))).T
            e_boot[:, j:j + k] = np.add.reduceat(w * eng_o[:, None], starts, axis=0)
            d_boot[:, j:j + k] = np.add.reduceat(w * den_o[:, None], starts, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            r_boot = e_boot / d_boot
            grp = pd.factorize(out.index.get_level_values(0))[0]
            g_e = np.zeros((grp.max() + 1, n_boot))
            g_d = np.zeros_like(g_e)
            np.add.at(g_e, grp, e_boot)
            np.add.at(g_d, grp, d_boot)
            rel_boot = r_boot / (g_e[grp] / g_d[grp])
        a = (1 - confidence) / 2
        out["ci_low"], out["ci_high"] = np.nanquantile(r_boot, [a, 1 - a], axis=1)
        out["relative_low"], out["relative_high"] = np.nanquantile(rel_boot, [a, 1 - a], axis=1)
        elig = out["eligible"].to_numpy()
        if elig.any():
            sub = r_boot[elig]
            top = np.nanargmax(np.where(np.isnan(sub), -np.inf, sub), axis=0)
            bottom = np.nanargmin(np.where(np.isnan(sub), np.inf, sub), axis=0)
            k = int(elig.sum())
            p_top, p_bottom = nan.copy(), nan.copy()
            p_top[elig] = np.bincount(top, minlength=k) / n_boot
            p_bottom[elig] = np.bincount(bottom, minlength=k) / n_boot
            out["p_top"], out["p_bottom"] = p_top, p_bottom
    cols_out = ["posts", "engagements", denominator, "rate", "ci_low", "ci_high", "relative",
                "relative_low", "relative_high", "eligible", "p_top", "p_bottom"]
    return out[cols_out].reset_index()


def strongest_weakest(cells: pd.DataFrame, *, n: int = 3, rank_by: str = "rate") -> pd.DataFrame:
    """The ``n`` strongest and ``n`` weakest eligible cells of :func:`format_cells`.

    Parameters
    ----------
    cells : DataFrame
        Output of :func:`format_cells` (needs ``eligible`` and ``rank_by``).
    n : int
        Cells per side; with fewer than ``2 n`` eligible cells the sides
        share the eligible cells half and half.
    rank_by : {"rate", "relative"}
        Rank by the engagement rate itself, or by the rate relative to the
        cell's platform (which format works *on that platform*).

    Returns
    -------
    The selected rows with a first column ``side`` ("strongest" /
    "weakest"), strongest first, each side ordered from the extreme inward.

    >>> c = pd.DataFrame({"cell": list("abcd"), "rate": [0.1, 0.4, 0.2, 0.3], "relative": 1.0,
    ...                   "eligible": [True, True, True, False]})
    >>> strongest_weakest(c, n=1)[["side", "cell"]].values.tolist()
    [['strongest', 'b'], ['weakest', 'a']]
    """
    check_frame(cells, "cells", why="pass the output of format_cells")
    _check_choice("rank_by", rank_by, ("rate", "relative"))
    require_columns(cells, ["eligible", rank_by], "cells")
    n = _positive_int(n, "n")
    ok = cells[cells["eligible"].astype(bool)]
    if ok.empty:
        raise ValueError("cells has no eligible cell: lower min_posts in format_cells")
    k = min(n, len(ok) // 2) if len(ok) > 1 else 1
    ranked = ok.sort_values(rank_by, ascending=False)
    top = ranked.head(k).assign(side="strongest")
    bottom = ranked.tail(k).iloc[::-1].assign(side="weakest") if len(ok) > 1 else ranked.iloc[0:0]
    out = pd.concat([top, bottom])
    return out[["side", *[c for c in out.columns if c != "side"]]].reset_index(drop=True)


# --------------------------------------------------------------------------
# the audit on one page
# --------------------------------------------------------------------------

def audit_summary(posts: pd.DataFrame, daily: pd.DataFrame, *, freq: str = "W", min_posts: int = 30,
                  by: str = "platform", benchmark: pd.Series | None = None, n_boot: int = 1000,
                  seed: int = 0) -> pd.DataFrame:
    """One row per platform: audience, cadence, engagement, best and weakest format.

    Parameters
    ----------
    posts, daily : DataFrame
        ``data.load("posts")`` and ``data.load("daily_metrics")``.
    freq : {"D", "W", "M"}
        Period of the cadence (:func:`cadence`, full periods only).
    min_posts : int
        A format needs this many posts on a platform to be named best or
        weakest there.
    by : str
        Account column in both tables.
    benchmark : Series, optional
        Typical engagement rate **by reach** of each platform, indexed by
        the ids in ``by`` (e.g. ``data.load("platforms").set_index("platform")
        ["engagement_rate"]``). Platforms differ in how much their feeds
        invite reactions, so a brand's rate is read against its platform's
        typical rate, not against the other platforms.
    n_boot, seed : int
        Resamples and seed of the bootstrap of :func:`format_cells` that
        decides whether the best / weakest format clearly differs from the
        platform's average (0: no bootstrap, the ``*_clear`` columns are
        missing).

    Returns
    -------
    DataFrame indexed by ``by`` with ``followers_start``,
    ``followers_end``, ``growth_rate`` (:func:`followers_summary`),
    ``share_of_posts``, ``per_period``, ``cv``, ``pattern``,
    ``longest_gap_days`` (:func:`cadence`), ``engagement_rate`` (by reach,
    ratio of totals); with ``benchmark`` also ``benchmark_rate`` and
    ``vs_benchmark`` (``engagement_rate`` ÷ ``benchmark_rate``: above 1 the
    brand beats the platform's typical rate); then ``best_format`` and
    ``weakest_format`` (highest and lowest rate relative to the platform,
    among formats with at least ``min_posts`` posts; missing when none
    qualifies), their ``best_relative`` / ``weakest_relative`` (cell rate ÷
    platform rate) and ``best_clear`` / ``weakest_clear`` (True when the
    bootstrap interval of the relative rate lies entirely above / below 1,
    i.e. the ranking is supported; False otherwise).

    Raises
    ------
    ValueError
        Empty tables, missing columns, a ``benchmark`` that lacks a
        platform of ``posts`` or has a non-positive rate.
    TypeError
        ``benchmark`` is not a numeric pandas Series.

    >>> p = pd.DataFrame({"platform": ["a"] * 4, "format": ["x", "x", "y", "y"],
    ...                   "timestamp": pd.to_datetime(["2025-01-06", "2025-01-08", "2025-01-13", "2025-01-19"]),
    ...                   "reach": [100] * 4, "likes": [10, 10, 2, 2], "comments": 0, "shares": 0, "saves": 0})
    >>> d = pd.DataFrame({"date": pd.to_datetime(["2025-01-06", "2025-01-19"]), "platform": "a",
    ...                   "followers": [100, 110], "follows": [0, 10], "unfollows": [0, 0]})
    >>> row = audit_summary(p, d, min_posts=2, benchmark=pd.Series({"a": 0.04}), n_boot=0).loc["a"]
    >>> float(row["growth_rate"]), float(row["engagement_rate"]), round(float(row["vs_benchmark"]), 2)
    (0.1, 0.06, 1.5)
    >>> row["best_format"], round(float(row["best_relative"]), 3)
    ('x', 1.667)
    """
    check_frame(posts, "posts", why="audit_summary needs the brand's posts")
    check_frame(daily, "daily", why="audit_summary needs the daily account metrics")
    by = _check_column_name(by, "by")
    if benchmark is not None:
        if not isinstance(benchmark, pd.Series) or not pd.api.types.is_numeric_dtype(benchmark.dtype):
            raise TypeError("benchmark must be a numeric pandas Series of typical engagement rates indexed "
                            f"by {by}, got {type(benchmark).__name__}")
        lacking = sorted(set(posts[by].dropna()) - set(benchmark.dropna().index))
        if lacking:
            raise ValueError(f"benchmark has no rate for {lacking}; give one per {by} of posts")
        if (benchmark.reindex(sorted(set(posts[by].dropna()))) <= 0).any():
            raise ValueError("benchmark rates must be positive fractions (e.g. 0.018 for 1.8%)")
    fol = followers_summary(daily, by=by).set_index(by)
    cad = cadence(posts, freq=freq, by=by).set_index(by)
    cells = format_cells(posts, rows=by, min_posts=min_posts, n_boot=n_boot, seed=seed)
    ok = cells[cells["eligible"]].sort_values("relative", ascending=False)
    best = ok.groupby(by, sort=True).head(1).set_index(by)
    worst = ok.groupby(by, sort=True).tail(1).set_index(by)
    out = fol[["followers_start", "followers_end", "growth_rate"]].join(
        cad[["per_period", "cv", "pattern", "longest_gap_days"]], how="outer")
    out.insert(3, "share_of_posts", posts[by].value_counts(normalize=True).reindex(out.index).to_numpy())
    out["engagement_rate"] = kpi.engagement_rate(posts, denominator="reach", aggregate="ratio",
                                                 by=by).reindex(out.index).to_numpy()
    if benchmark is not None:
        out["benchmark_rate"] = benchmark.reindex(out.index).to_numpy(dtype=float)
        out["vs_benchmark"] = out["engagement_rate"] / out["benchmark_rate"]
    same = best["format"].reindex(out.index) == worst["format"].reindex(out.index)
    for side, rows, clear in (("best", best, best["relative_low"] > 1),
                              ("weakest", worst, worst["relative_high"] < 1)):
        fmt = rows["format"].reindex(out.index)
        rel = rows["relative"].reindex(out.index)
        flag = clear.reindex(out.index).astype("boolean")
        if not n_boot:
            flag[:] = pd.NA
        if side == "weakest":  # a platform with a single eligible format has no weakest one
            fmt, rel, flag = fmt.mask(same), rel.mask(same), flag.mask(same)
        out[f"{side}_format"], out[f"{side}_relative"], out[f"{side}_clear"] = fmt, rel, flag
    return out


# --------------------------------------------------------------------------
# the four purposes and the KPI catalogue
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Purpose:
    """One purpose of social media operation (source plan 000, §一.2)."""

    key: str
    name: str
    name_zh: str
    question: str
    kpis: tuple[str, ...]
    notebooks: str


PURPOSES: tuple[Purpose, ...] = (
    Purpose("influence", "Brand influence", "品牌影响力",
            "Do more of the right people know and follow the brand?",
            ("follower_growth", "shares_per_post", "share_of_voice"), "4.2"),
    Purpose("interaction", "User interaction", "用户互动",
            "Do people react to and talk with the brand?",
            ("engagement_rate", "comments_per_post", "core_interaction_rate", "community_active_share"),
            "4.1, 4.2"),
    Purpose("marketing", "Marketing effect", "营销效果",
            "Does social media move clicks, orders and revenue?",
            ("ctr", "conversion_rate", "orders", "revenue"), "4.1, 4.3"),
    Purpose("relationship", "Customer relationship", "客户关系管理",
            "Are customers satisfied, heard and staying?",
            ("satisfied_share", "nps", "net_sentiment", "community_satisfied_share", "churn_rate"), "4.5"),
)
"""The four purposes of the source plan, each with KPIs of :data:`course_lib.scorecard.KPIS`."""


def purposes_table(*, audit_tables: Sequence[Hashable] = ("posts", "daily_metrics")) -> pd.DataFrame:
    """The four purposes linked to the course's KPI catalogue, one row per purpose × KPI.

    Parameters
    ----------
    audit_tables : sequence of str
        Tables the audit has (course table names, e.g. ``"posts"``); a KPI
        whose data source is one of them is ``in_audit``.

    Returns
    -------
    DataFrame with ``purpose``, ``purpose_zh``, ``question``, ``kpi``,
    ``metric``, ``family``, ``family_zh`` (from
    :func:`course_lib.scorecard.catalogue`), ``source_table``, ``in_audit``
    and ``notebooks`` (where chapter 4 teaches the KPIs).

    >>> t = purposes_table()
    >>> t.groupby("purpose", sort=False)["in_audit"].all().to_dict()
    {'Brand influence': False, 'User interaction': False, 'Marketing effect': True, 'Customer relationship': False}
    """
    if isinstance(audit_tables, str) or not isinstance(audit_tables, Sequence):
        raise TypeError(f"audit_tables must be a list of table names, got {audit_tables!r}")
    cat = _scorecard.catalogue().set_index("kpi")
    rows = [{"purpose": p.name, "purpose_zh": p.name_zh, "question": p.question, "kpi": k,
             "notebooks": p.notebooks} for p in PURPOSES for k in p.kpis]
    out = pd.DataFrame(rows)
    unknown = sorted(set(out["kpi"]) - set(cat.index))
    if unknown:  # pragma: no cover - guarded by tests
        raise ValueError(f"PURPOSES names KPIs not in scorecard.KPIS: {unknown}")
    out = out.join(cat[["metric", "family", "family_zh", "data_source"]], on="kpi")
    out["source_table"] = out.pop("data_source").str.split(":").str[0].str.strip()
    out["in_audit"] = out["source_table"].isin(list(audit_tables))
    return out[["purpose", "purpose_zh", "question", "kpi", "metric", "family", "family_zh",
                "source_table", "in_audit", "notebooks"]]
