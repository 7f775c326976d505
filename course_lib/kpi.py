"""Every metric the course uses: formula, source, and where sources disagree.

All functions are vectorised (no per-row Python loops) and follow four rules.

**1. Aggregation is always your choice.** A rate over many rows can be the
*ratio of totals* (``sum(numerator) / sum(denominator)``: each post weighs
by its denominator, e.g. by its reach) or the *mean of per-row rates*
(every post weighs the same). They differ, sources use both, and so every
rate takes a required keyword ``aggregate``:

* ``aggregate="ratio"`` -- ratio of totals;
* ``aggregate="mean"``  -- mean of the per-row rates (rows whose rate is
  undefined, see rule 2, are left out of the mean);
* ``aggregate=None``    -- no aggregation: one value per row, as a Series
  with the frame's index.

With ``by=`` (a column name or a list of them) the aggregate is computed per
group and returned as a Series indexed by group; without it a single
``float``. Rows whose group key is missing form their own group (never
silently dropped).

**2. Zero denominators give NaN.** ``x / 0`` and ``0 / 0`` are NaN, never
``inf``, never an exception and never a ``RuntimeWarning``. A ratio of totals
is NaN when the total denominator is 0; a mean of rates is NaN when no row in
the group has a defined rate. Note that a ratio of totals still counts the
numerator of rows whose own denominator is 0 (e.g. revenue of organic posts
in ROAS over all posts): filter the rows first if that is not what you mean.
(A quotient too large for float64 -- denominators below ~1e-300 -- is NaN too.)

**3. Units.** Rates are *fractions* (0.034, not 3.4 %): format them with
``:.1%``. Exceptions, by convention: CPM is currency per 1,000 impressions,
CPC/CPE/CPA are currency per click/engagement/conversion, NPS is a score
from -100 to 100. Money is in the frame's currency (the course data: CNY
for ``market="cn"``).

**4. Bad input fails early and says why.** Not a DataFrame: ``TypeError``.
Empty frame, missing column, non-numeric column (``TypeError``), negative,
missing (NaN) or infinite count, unknown option: ``ValueError`` naming the
column or parameter and what is allowed.

Engagements are ``likes + comments + shares + saves`` by default
(:data:`ENGAGEMENT_COLUMNS`); every function that uses them takes
``engagements=`` -- either a list of columns to add up or the name of one
column that already holds engagements (``daily_metrics["engagements"]``).
Clicks are *not* engagements here, so CTR and engagement rate do not
double-count; some vendors include clicks (vendor definitions differ).

>>> import pandas as pd
>>> posts = pd.DataFrame({"platform": ["a", "a", "b"], "reach": [100, 300, 0],
...                       "likes": [10, 0, 0], "comments": [0, 5, 0],
...                       "shares": [0, 5, 0], "saves": [0, 0, 0]})
>>> engagement_rate(posts, denominator="reach", aggregate="ratio")
0.05
>>> engagement_rate(posts, denominator="reach", aggregate="mean")
0.06666666666666667
>>> engagement_rate(posts, denominator="reach", aggregate="ratio", by="platform").tolist()
[0.05, nan]

Main sources
------------
* Kaushik, A. (2011). "Best Social Media Metrics: Conversation, Amplification,
  Applause, Economic Value". *Occam's Razor* (blog). Defines the four
  metrics per post.
* AMEC (2020). *Barcelona Principles 3.0*. International Association for
  the Measurement and Evaluation of Communication. Measure outcomes, not only
  outputs; be transparent and consistent about method.
* Reichheld, F. F. (2003). "The One Number You Need to Grow".
  *Harvard Business Review*, 81(12). Net Promoter Score.
* Farris, P. W., Bendle, N. T., Pfeifer, P. E. & Reibstein, D. J. (2010).
  *Marketing Metrics: The Definitive Guide to Measuring Marketing
  Performance* (2nd ed.). Pearson. Its chapter 9, "Advertising Media and Web Metrics", defines
  impressions, CPM, share of voice, clickthrough rate, cost per click and
  cost per customer acquired; other chapters cover growth, customer
  retention, satisfaction, ROI and ROMI.
* IAB & MRC (2004). *Interactive Audience Measurement and Advertising
  Campaign Reporting and Audit Guidelines* (the Ad Impression Measurement
  Guidelines), and IAB (2009). *Click Measurement Guidelines*, version 1.0
  (final release, 12 May 2009), an addendum to them. Interactive
  Advertising Bureau with the Media Rating Council: how an impression and
  a click are counted, hence the bases of CPM, CPC and CTR.
* Hootsuite (2023). "Engagement Rate Calculator + Guide for 2023".
  *Hootsuite blog*, blog.hootsuite.com/calculate-engagement-rate (a page
  updated every year); and Sprout Social's engagement-rate guides. Vendor
  definitions differ (by reach, by followers, by impressions; what counts
  as an engagement).
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from numbers import Real
from typing import Literal, Union

import numpy as np
import pandas as pd

from .validation import check_frame

__all__ = [
    "AGGREGATES",
    "ENGAGEMENT_COLUMNS",
    "amplification_rate",
    "applause_rate",
    "churn_rate",
    "conversation_rate",
    "conversion_rate",
    "cpa",
    "cpc",
    "cpe",
    "cpm",
    "ctr",
    "engagement_rate",
    "engagement_rate_by_denominator",
    "engagements",
    "follower_growth_rate",
    "followers_at_post",
    "kpi_table",
    "net_sentiment",
    "nps",
    "proportion",
    "roas",
    "roi",
    "share_of_voice",
    "share_rate",
    "stickiness",
    "virality_rate",
    "weekly_active_ratio",
]

ENGAGEMENT_COLUMNS: tuple[str, ...] = ("likes", "comments", "shares", "saves")
"""What counts as an engagement by default: likes + comments + shares + saves."""

AGGREGATES: tuple[str | None, ...] = ("ratio", "mean", None)
"""Allowed values of ``aggregate=`` for rates."""

Aggregate = Literal["ratio", "mean"] | None
By = Union[Hashable, Sequence[Hashable], None]
Columns = Union[str, Sequence[str]]
Result = Union[float, pd.Series]

SENTIMENT_LABELS: tuple[str, ...] = ("positive", "neutral", "negative")


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------

def _fmt_allowed(allowed: Sequence[object]) -> str:
    return ", ".join(repr(a) for a in allowed)


def _check_choice(param: str, value: object, allowed: Sequence[object]) -> None:
    try:
        ok = any(value is a or (a is not None and value == a) for a in allowed)
    except Exception:  # e.g. an array compared with a string
        ok = False
    if not ok or isinstance(value, (bool, np.bool_)) and True not in allowed:
        raise ValueError(f"{param}={value!r} is not allowed; allowed: {_fmt_allowed(allowed)}")


def _check_frame(frame: object, param: str = "frame") -> pd.DataFrame:
    return check_frame(frame, param, why="a KPI needs at least one row")


def _require(frame: pd.DataFrame, column: Hashable, param: str) -> pd.Series:
    if column not in frame.columns:
        available = ", ".join(map(repr, frame.columns))
        raise ValueError(
            f"column {column!r} (parameter {param}=) not found; available columns: {available}"
        )
    return frame[column]


def _as_columns(columns: Columns, param: str) -> list[str]:
    if isinstance(columns, str):
        return [columns]
    if isinstance(columns, Sequence) and len(columns) > 0:
        return list(columns)
    raise TypeError(f"{param} must be a column name or a non-empty list of column names, got {columns!r}")


def _count(frame: pd.DataFrame, column: Hashable, param: str) -> np.ndarray:
    """A validated non-negative, finite, complete numeric column as float64."""
    s = _require(frame, column, param)
    if not pd.api.types.is_numeric_dtype(s.dtype):
        raise TypeError(f"column {column!r} (parameter {param}=) must be numeric, got dtype {s.dtype}")
    values = s.to_numpy(dtype="float64", na_value=np.nan)
    bad = np.isnan(values)
    if bad.any():
        raise ValueError(
            f"column {column!r} has {int(bad.sum())} missing value(s), first at row "
            f"{s.index[bad.argmax()]!r}; fill or drop them before computing a KPI"
        )
    bad = np.isinf(values)
    if bad.any():
        raise ValueError(f"column {column!r} has infinite value(s), first at row {s.index[bad.argmax()]!r}")
    bad = values < 0
    if bad.any():
        raise ValueError(
            f"column {column!r} has {int(bad.sum())} negative value(s), first at row "
            f"{s.index[bad.argmax()]!r} ({values[bad.argmax()]:g}); counts and money must be >= 0"
        )
    return values


def _sum_counts(frame: pd.DataFrame, columns: Columns, param: str) -> np.ndarray:
    cols = _as_columns(columns, param)
    total = _count(frame, cols[0], param)
    for c in cols[1:]:
        total = total + _count(frame, c, param)
    return total


def _audience(frame: pd.DataFrame, followers: str | Real, param: str = "followers") -> np.ndarray:
    """Followers per row: a column name, or one number for every row."""
    if isinstance(followers, str):
        return _count(frame, followers, param)
    if isinstance(followers, Real) and not isinstance(followers, (bool, np.bool_)):
        value = float(followers)
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"{param}={followers!r} must be a finite number >= 0 (a follower count)")
        return np.full(len(frame), value)
    raise TypeError(f"{param} must be a column name or a number of followers, got {followers!r}")


def _divide(num: np.ndarray | float, den: np.ndarray | float) -> np.ndarray:
    """num / den with NaN wherever den == 0 (no inf, no warning).

    A quotient too large for float64 (only possible with denominators below
    about 1e-300) is NaN as well, so no ``inf`` can come out.
    """
    num = np.asarray(num, dtype="float64")
    den = np.asarray(den, dtype="float64")
    num, den = np.broadcast_arrays(num, den)
    out = np.full(num.shape, np.nan)
    with np.errstate(all="ignore"):
        np.divide(num, den, out=out, where=den != 0)
    out[np.isinf(out)] = np.nan
    return out


def _keys(frame: pd.DataFrame, by: By) -> list[pd.Series]:
    cols = [by] if isinstance(by, str) or not isinstance(by, Sequence) else list(by)
    if not cols:
        raise ValueError("by= must name at least one column (or be None)")
    return [_require(frame, c, "by") for c in cols]


def _rate(frame: pd.DataFrame, num: np.ndarray, den: np.ndarray, *, aggregate: Aggregate,
          by: By, name: str, scale: float = 1.0) -> Result:
    """The one place where rates are divided and aggregated (rules 1 and 2)."""
    _check_choice("aggregate", aggregate, AGGREGATES)
    if aggregate is None:
        return pd.Series(_divide(num, den) * scale, index=frame.index, name=name)
    if by is None:
        if aggregate == "ratio":
            return float(_divide(num.sum(), den.sum()) * scale)
        rates = _divide(num, den)
        defined = rates[~np.isnan(rates)]
        return float(defined.mean() * scale) if defined.size else float("nan")
    keys = _keys(frame, by)
    if aggregate == "ratio":
        sums = (pd.DataFrame({"num": num, "den": den}, index=frame.index)
                .groupby(keys, dropna=False, sort=True).sum())
        out = pd.Series(_divide(sums["num"].to_numpy(), sums["den"].to_numpy()) * scale,
                        index=sums.index, name=name)
    else:
        out = (pd.Series(_divide(num, den) * scale, index=frame.index, name=name)
               .groupby(keys, dropna=False, sort=True).mean())
    out.name = name
    return out


# --------------------------------------------------------------------------
# engagement
# --------------------------------------------------------------------------

def engagements(frame: pd.DataFrame, *, columns: Columns = ENGAGEMENT_COLUMNS) -> pd.Series:
    """Engagements per row: the sum of the engagement columns.

    Formula: ``likes + comments + shares + saves`` (default
    :data:`ENGAGEMENT_COLUMNS`). Sources differ on what to count: Kaushik
    (2011) keeps applause (likes), conversation (comments) and amplification
    (shares) apart; Hootsuite (2023) and Sprout Social count reactions,
    comments and shares and, depending on the platform, clicks, saves or
    video views -- vendor definitions differ. State the columns you use.

    Parameters
    ----------
    frame : DataFrame
        One row per post (or per day, ...).
    columns : str or list of str
        The columns to add up; a single name is taken as is.

    Returns
    -------
    Series of float (count per row), named ``"engagements"``.

    >>> import pandas as pd
    >>> engagements(pd.DataFrame({"likes": [3], "comments": [1], "shares": [0], "saves": [2]})).tolist()
    [6.0]
    """
    _check_frame(frame)
    return pd.Series(_sum_counts(frame, columns, "columns"), index=frame.index, name="engagements")


def engagement_rate(frame: pd.DataFrame, *, denominator: Literal["reach", "followers", "impressions"],
                    aggregate: Aggregate, engagements: Columns = ENGAGEMENT_COLUMNS,
                    reach: str = "reach", impressions: str = "impressions",
                    followers: str | Real = "followers", by: By = None) -> Result:
    """Engagement rate: engagements divided by reach, followers or impressions.

    Formulas (per post, as a fraction):

    * by reach (ERR): ``engagements / reach`` -- share of the people who saw
      the post and engaged;
    * by impressions: ``engagements / impressions`` -- per view; lower than
      by reach, comparable between organic and paid;
    * by followers: ``engagements / followers`` -- relative to audience size,
      also counts engagement from non-followers who saw the post.

    Sources: Hootsuite's engagement-rate guide (Hootsuite 2023, see the
    module notes) gives all three denominators, for one post and for an
    account over many posts; Sprout Social's guides likewise list several;
    vendor definitions differ in the denominator, in what counts as an
    engagement, and in how posts are pooled -- which is why
    ``denominator`` and ``aggregate`` have no default here. Kaushik (2011)
    prefers per-metric rates (see :func:`applause_rate`).

    Bounds: the rate is >= 0 but **can exceed 1**, by reach or by followers
    especially: one person can like, comment, share and save (4
    engagements), and non-followers engage too. Only a rate built from
    unique engagers would be bounded by 1.

    Aggregation over posts with ``denominator="followers"`` and
    ``aggregate="ratio"`` is ``sum(engagements) / sum(followers at each
    post)``: with a constant follower count F over N posts that is average
    engagements per post divided by F.

    Parameters
    ----------
    frame : DataFrame
        One row per post (or day).
    denominator : {"reach", "followers", "impressions"}
    aggregate : {"ratio", "mean", None}
        See the module notes; None returns one rate per row.
    engagements : str or list of str
        Engagement columns to add up (default likes, comments, shares, saves)
        or one column holding engagements.
    reach, impressions : str
        Column names (people reached; times shown).
    followers : str or number
        Column with the follower count when each row was posted, or one
        follower count for all rows. Used only for ``denominator="followers"``.
    by : column name(s), optional
        Group the aggregate.

    Returns
    -------
    float (aggregate, no ``by``) or Series (per row, or per group), a fraction.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"likes": [8, 2], "comments": [2, 0], "shares": [0, 0], "saves": [0, 0],
    ...                   "reach": [100, 100], "impressions": [200, 200]})
    >>> engagement_rate(p, denominator="impressions", aggregate="ratio")
    0.03
    >>> engagement_rate(p, denominator="followers", followers=1000, aggregate=None).tolist()
    [0.01, 0.002]
    """
    _check_frame(frame)
    _check_choice("denominator", denominator, ("reach", "followers", "impressions"))
    num = _sum_counts(frame, engagements, "engagements")
    if denominator == "reach":
        den = _count(frame, reach, "reach")
    elif denominator == "impressions":
        den = _count(frame, impressions, "impressions")
    else:
        den = _audience(frame, followers)
    return _rate(frame, num, den, aggregate=aggregate, by=by, name=f"engagement_rate_{denominator}")


def _per_post_or_follower(frame: pd.DataFrame, column: str, param: str, per: str, aggregate: Aggregate,
                          followers: str | Real, by: By, stem: str) -> Result:
    _check_frame(frame)
    _check_choice("per", per, ("post", "follower"))
    num = _count(frame, column, param)
    if per == "post":
        den = np.ones(len(frame))
        name = f"{stem}_per_post"
    else:
        den = _audience(frame, followers)
        name = f"{stem}_rate_followers"
    return _rate(frame, num, den, aggregate=aggregate, by=by, name=name)


_PER_DOC = """
    ``per="post"``: {what} per post (Kaushik 2011, "{kaushik}": the
    number of {actions} per post). ``per="follower"``: {what} per post
    divided by followers, a fraction -- how others normalise so that
    accounts of different size compare (e.g. Hootsuite/Sprout-style
    "per follower" rates; vendor definitions differ). Neither is wrong;
    ``per`` has no default so the report says which one it is.

    With ``per="post"`` every row's denominator is 1, so ``"ratio"`` and
    ``"mean"`` give the same number (the average per post). With
    ``per="follower"`` and ``aggregate="ratio"`` the result is
    ``sum({col}) / sum(followers)``, i.e. average {col} per post divided by
    the follower count when that is constant.
"""


def applause_rate(frame: pd.DataFrame, *, per: Literal["post", "follower"], aggregate: Aggregate,
                  likes: str = "likes", followers: str | Real = "followers", by: By = None) -> Result:
    """Applause rate: likes (approval) per post, or per post per follower.
    {per_doc}
    Parameters
    ----------
    frame : DataFrame
    per : {{"post", "follower"}}
    aggregate : {{"ratio", "mean", None}}
    likes : str
        Column of likes (favourites, reactions).
    followers : str or number
        Follower count per row (column) or for all rows (number); only for
        ``per="follower"``.
    by : column name(s), optional

    Returns
    -------
    float or Series: likes per post, or a fraction for ``per="follower"``.

    >>> import pandas as pd
    >>> p = pd.DataFrame({{"likes": [30, 10]}})
    >>> applause_rate(p, per="post", aggregate="ratio")
    20.0
    >>> applause_rate(p, per="follower", followers=1000, aggregate="ratio")
    0.02
    """
    return _per_post_or_follower(frame, likes, "likes", per, aggregate, followers, by, "applause")


def conversation_rate(frame: pd.DataFrame, *, per: Literal["post", "follower"], aggregate: Aggregate,
                      comments: str = "comments", followers: str | Real = "followers",
                      by: By = None) -> Result:
    """Conversation rate: comments per post, or per post per follower.
    {per_doc}
    Parameters
    ----------
    frame : DataFrame
    per : {{"post", "follower"}}
    aggregate : {{"ratio", "mean", None}}
    comments : str
        Column of comments (replies).
    followers : str or number
        Only for ``per="follower"``.
    by : column name(s), optional

    Returns
    -------
    float or Series: comments per post, or a fraction for ``per="follower"``.

    >>> import pandas as pd
    >>> conversation_rate(pd.DataFrame({{"comments": [4, 0]}}), per="post", aggregate="mean")
    2.0
    """
    return _per_post_or_follower(frame, comments, "comments", per, aggregate, followers, by, "conversation")


def amplification_rate(frame: pd.DataFrame, *, per: Literal["post", "follower"], aggregate: Aggregate,
                       shares: str = "shares", followers: str | Real = "followers",
                       by: By = None) -> Result:
    """Amplification rate: shares per post, or shares per post ÷ followers.
    {per_doc}
    Kaushik's amplification counts reshares (retweets, forwards); for the
    share of *viewers* who share, see :func:`share_rate`.

    Parameters
    ----------
    frame : DataFrame
    per : {{"post", "follower"}}
    aggregate : {{"ratio", "mean", None}}
    shares : str
        Column of shares (reposts, forwards).
    followers : str or number
        Only for ``per="follower"``.
    by : column name(s), optional

    Returns
    -------
    float or Series: shares per post, or a fraction for ``per="follower"``.

    >>> import pandas as pd
    >>> p = pd.DataFrame({{"shares": [5, 15], "followers": [1000, 1000]}})
    >>> amplification_rate(p, per="follower", aggregate="ratio")
    0.01
    """
    return _per_post_or_follower(frame, shares, "shares", per, aggregate, followers, by, "amplification")


applause_rate.__doc__ = applause_rate.__doc__.format(per_doc=_PER_DOC.format(
    what="likes", kaushik="applause rate", actions="approval actions (likes, +1s, favourites)", col="likes"))
conversation_rate.__doc__ = conversation_rate.__doc__.format(per_doc=_PER_DOC.format(
    what="comments", kaushik="conversation rate", actions="comments or replies", col="comments"))
amplification_rate.__doc__ = amplification_rate.__doc__.format(per_doc=_PER_DOC.format(
    what="shares", kaushik="amplification rate", actions="shares or retweets", col="shares"))


def share_rate(frame: pd.DataFrame, *, denominator: Literal["reach", "impressions"], aggregate: Aggregate,
               shares: str = "shares", reach: str = "reach", impressions: str = "impressions",
               by: By = None) -> Result:
    """Share (virality) rate: shares ÷ reach, or shares ÷ impressions.

    Formula: ``shares / reach`` (share of the people who saw the post and
    passed it on) or ``shares / impressions``. Facebook Insights long
    reported "virality" on reach; other tools use impressions; there is no
    standards-body definition -- vendor definitions differ, hence the
    required ``denominator``. Compare Kaushik's (2011) amplification rate,
    which is per post (:func:`amplification_rate`). AMEC's Barcelona
    Principles 3.0 (2020) treat such counts as outputs, not outcomes.

    Bounds: can exceed 1 in principle (one person sharing twice); in
    practice well below.

    Parameters
    ----------
    frame : DataFrame
    denominator : {"reach", "impressions"}
    aggregate : {"ratio", "mean", None}
    shares, reach, impressions : str
        Column names.
    by : column name(s), optional

    Returns
    -------
    float or Series, a fraction.

    >>> import pandas as pd
    >>> share_rate(pd.DataFrame({"shares": [2, 0], "reach": [100, 0]}), denominator="reach", aggregate=None).tolist()
    [0.02, nan]
    """
    _check_frame(frame)
    _check_choice("denominator", denominator, ("reach", "impressions"))
    num = _count(frame, shares, "shares")
    den = _count(frame, reach if denominator == "reach" else impressions, denominator)
    return _rate(frame, num, den, aggregate=aggregate, by=by, name=f"share_rate_{denominator}")


virality_rate = share_rate
"""Alias of :func:`share_rate` (the course uses both names)."""


# --------------------------------------------------------------------------
# funnel and cost
# --------------------------------------------------------------------------

def ctr(frame: pd.DataFrame, *, aggregate: Aggregate, clicks: str = "clicks",
        impressions: str = "impressions", by: By = None) -> Result:
    """Click-through rate: clicks ÷ impressions.

    Formula: ``clicks / impressions`` (a fraction). Source: Farris et al.
    (2010), *Marketing Metrics*, 2nd ed., ch. 9 ("clickthrough rate"), and
    the IAB's measurement guidelines for how impressions (IAB & MRC 2004)
    and clicks (IAB 2009) are counted. Some social tools
    divide by reach instead ("click rate"); this function uses impressions,
    the advertising definition.

    Bounds: in [0, 1] whenever clicks <= impressions (true of platform
    data, not checked here).

    Parameters
    ----------
    frame : DataFrame
    aggregate : {"ratio", "mean", None}
    clicks, impressions : str
        Column names.
    by : column name(s), optional

    Returns
    -------
    float or Series, a fraction.

    >>> import pandas as pd
    >>> ctr(pd.DataFrame({"clicks": [1, 9], "impressions": [100, 900]}), aggregate="ratio")
    0.01
    """
    _check_frame(frame)
    return _rate(frame, _count(frame, clicks, "clicks"), _count(frame, impressions, "impressions"),
                 aggregate=aggregate, by=by, name="ctr")


def conversion_rate(frame: pd.DataFrame, *, aggregate: Aggregate, conversions: str = "conversions",
                    clicks: str = "clicks", by: By = None) -> Result:
    """Conversion rate: conversions ÷ clicks.

    Formula: ``conversions / clicks`` (post-click conversion rate, a
    fraction). Source: the web-analytics convention; Farris et al.
    (2010, ch. 9) define the neighbouring funnel metrics (clickthrough
    rate, cost per customer acquired). Sources disagree on the base: web
    analytics often use sessions or visitors, e-commerce uses orders ÷ visitors; ad platforms also count
    view-through conversions, which can push the ratio above 1.

    Parameters
    ----------
    frame : DataFrame
    aggregate : {"ratio", "mean", None}
    conversions, clicks : str
        Column names.
    by : column name(s), optional

    Returns
    -------
    float or Series, a fraction.

    >>> import pandas as pd
    >>> conversion_rate(pd.DataFrame({"conversions": [1, 0], "clicks": [4, 0]}), aggregate="mean")
    0.25
    """
    _check_frame(frame)
    return _rate(frame, _count(frame, conversions, "conversions"), _count(frame, clicks, "clicks"),
                 aggregate=aggregate, by=by, name="conversion_rate")


def cpm(frame: pd.DataFrame, *, aggregate: Aggregate, cost: Columns = "paid_spend",
        impressions: str = "impressions", by: By = None) -> Result:
    """CPM, cost per mille: cost per 1,000 impressions.

    Formula: ``1000 * cost / impressions`` (currency per 1,000
    impressions). Source: Farris et al. (2010), ch. 9; what counts as an
    impression: IAB & MRC (2004), the Ad Impression Measurement Guidelines.
    For paid posts use *paid* impressions if you have them: the course posts mix organic and paid impressions, so this is an "effective
    CPM" of the whole post.

    Parameters
    ----------
    frame : DataFrame
    aggregate : {"ratio", "mean", None}
        ``"ratio"`` is total spend / total impressions (what a media buyer
        reports); ``"mean"`` averages per-post CPMs.
    cost : str or list of str
        Cost column(s), added up (default ``paid_spend``, currency).
    impressions : str
    by : column name(s), optional

    Returns
    -------
    float or Series, currency per 1,000 impressions.

    >>> import pandas as pd
    >>> cpm(pd.DataFrame({"paid_spend": [50.0], "impressions": [10_000]}), aggregate="ratio")
    5.0
    """
    _check_frame(frame)
    return _rate(frame, _sum_counts(frame, cost, "cost"), _count(frame, impressions, "impressions"),
                 aggregate=aggregate, by=by, name="cpm", scale=1000.0)


def cpc(frame: pd.DataFrame, *, aggregate: Aggregate, cost: Columns = "paid_spend",
        clicks: str = "clicks", by: By = None) -> Result:
    """CPC, cost per click: ``cost / clicks`` (currency per click).

    Source: Farris et al. (2010), ch. 9 ("cost per click"); what counts
    as a click: IAB (2009), Click Measurement Guidelines. Zero clicks give
    NaN (not "free"): a post with spend and no clicks has no defined CPC.

    Parameters
    ----------
    frame : DataFrame
    aggregate : {"ratio", "mean", None}
    cost : str or list of str
    clicks : str
    by : column name(s), optional

    Returns
    -------
    float or Series, currency per click.

    >>> import pandas as pd
    >>> cpc(pd.DataFrame({"paid_spend": [10.0, 5.0], "clicks": [5, 0]}), aggregate=None).tolist()
    [2.0, nan]
    """
    _check_frame(frame)
    return _rate(frame, _sum_counts(frame, cost, "cost"), _count(frame, clicks, "clicks"),
                 aggregate=aggregate, by=by, name="cpc")


def cpe(frame: pd.DataFrame, *, aggregate: Aggregate, cost: Columns = "paid_spend",
        engagements: Columns = ENGAGEMENT_COLUMNS, by: By = None) -> Result:
    """CPE, cost per engagement: ``cost / engagements`` (currency per engagement).

    A social-ads pricing metric (platforms sell engagement objectives);
    no standards-body definition, and what counts as an engagement differs
    by platform and vendor (vendor definitions differ; Hootsuite 2023).
    Default engagements: likes + comments + shares + saves.

    Parameters
    ----------
    frame : DataFrame
    aggregate : {"ratio", "mean", None}
    cost : str or list of str
    engagements : str or list of str
    by : column name(s), optional

    Returns
    -------
    float or Series, currency per engagement.

    >>> import pandas as pd
    >>> cpe(pd.DataFrame({"paid_spend": [12.0], "engagements": [48]}), engagements="engagements", aggregate="ratio")
    0.25
    """
    _check_frame(frame)
    return _rate(frame, _sum_counts(frame, cost, "cost"), _sum_counts(frame, engagements, "engagements"),
                 aggregate=aggregate, by=by, name="cpe")


def cpa(frame: pd.DataFrame, *, aggregate: Aggregate, cost: Columns = "paid_spend",
        conversions: str = "conversions", by: By = None) -> Result:
    """CPA, cost per acquisition (conversion): ``cost / conversions``.

    Source: Farris et al. (2010), *Marketing Metrics*, ch. 9 ("cost per
    customer acquired"); ad platforms also sell "cost per action".
    "Acquisition" can mean a purchase, a sign-up or a new customer -- sources disagree; here
    it is whatever ``conversions`` counts.

    Parameters
    ----------
    frame : DataFrame
    aggregate : {"ratio", "mean", None}
    cost : str or list of str
    conversions : str
    by : column name(s), optional

    Returns
    -------
    float or Series, currency per conversion.

    >>> import pandas as pd
    >>> cpa(pd.DataFrame({"paid_spend": [100.0, 50.0], "conversions": [2, 1]}), aggregate="ratio")
    50.0
    """
    _check_frame(frame)
    return _rate(frame, _sum_counts(frame, cost, "cost"), _count(frame, conversions, "conversions"),
                 aggregate=aggregate, by=by, name="cpa")


def roi(frame: pd.DataFrame, *, aggregate: Aggregate, revenue: str = "revenue",
        cost: Columns = "paid_spend", by: By = None) -> Result:
    """Return on investment: ``(revenue - cost) / cost`` (a fraction; 0.5 = +50 %).

    Source: Farris et al. (2010), *Marketing Metrics* (ROI and return on
    marketing investment, ROMI). Sources disagree on the numerator: strict
    ROI uses *profit* (revenue minus cost of goods) rather than revenue, and
    the cost should include all costs of the activity (content production,
    staff, influencer fees), not only ad spend; AMEC's Barcelona Principles
    3.0 (2020) warn against ROI figures that do not state what they include.
    With ``cost="paid_spend"`` only, ROI equals ROAS - 1. Pass several cost
    columns as a list to add them up.

    Can be negative (down to -1 when there is no revenue); zero cost gives NaN.

    Parameters
    ----------
    frame : DataFrame
    aggregate : {"ratio", "mean", None}
        ``"ratio"``: (total revenue - total cost) / total cost.
    revenue : str
        Revenue (or profit) column, currency.
    cost : str or list of str
        Cost column(s), currency.
    by : column name(s), optional

    Returns
    -------
    float or Series, a fraction.

    >>> import pandas as pd
    >>> roi(pd.DataFrame({"revenue": [300.0], "paid_spend": [100.0], "production": [100.0]}),
    ...     cost=["paid_spend", "production"], aggregate="ratio")
    0.5
    """
    _check_frame(frame)
    rev = _count(frame, revenue, "revenue")
    spend = _sum_counts(frame, cost, "cost")
    return _rate(frame, rev - spend, spend, aggregate=aggregate, by=by, name="roi")


def roas(frame: pd.DataFrame, *, aggregate: Aggregate, revenue: str = "revenue",
         spend: str = "paid_spend", by: By = None) -> Result:
    """Return on ad spend: ``revenue / ad spend`` (a multiple; 3.0 = 3 per 1 spent).

    An ad-platform metric (reported by Google Ads and Meta Ads Manager as
    conversion value ÷ spend); Farris et al. (2010) discuss the wider ROMI.
    Unlike :func:`roi` it ignores all non-media costs and uses revenue, not
    profit -- the two are often confused; ROAS = 1 + ROI only when the cost
    in ROI is ad spend alone. Zero spend gives NaN (organic posts have no ROAS).

    Caution with ``aggregate="ratio"`` over all posts: revenue of organic
    posts (spend 0) is added to the numerator, which inflates ROAS; select
    the paid posts first (``posts[posts.paid_spend > 0]``) to measure the
    ads alone.

    Parameters
    ----------
    frame : DataFrame
    aggregate : {"ratio", "mean", None}
    revenue, spend : str
        Column names, currency.
    by : column name(s), optional

    Returns
    -------
    float or Series.

    >>> import pandas as pd
    >>> roas(pd.DataFrame({"revenue": [300.0, 0.0], "paid_spend": [100.0, 0.0]}), aggregate="ratio")
    3.0
    """
    _check_frame(frame)
    return _rate(frame, _count(frame, revenue, "revenue"), _count(frame, spend, "spend"),
                 aggregate=aggregate, by=by, name="roas")


# --------------------------------------------------------------------------
# brand, sentiment, audience
# --------------------------------------------------------------------------

def share_of_voice(frame: pd.DataFrame, *, mentions: str = "mentions", is_brand: str = "is_brand",
                   by: By = None) -> Result:
    """Share of voice: brand mentions ÷ all mentions in the set.

    Formula: ``sum(mentions where is_brand) / sum(mentions)`` over the
    companies in the frame (a fraction in [0, 1]). Sources disagree on
    what "voice" is: Farris et al. (2010) define share of voice as the
    brand's share of *advertising spend* (or impressions) in its market;
    social listening uses the share of *mentions* (as here), sometimes of
    engagements. The result depends on which competitors are in the set.

    Aggregation is always the ratio of totals within each group: with
    ``by="week_start"`` you get weekly SOV; the SOV of a quarter is the
    pooled ratio, not the mean of weekly values (take ``.mean()`` of the
    weekly Series if you want that).

    Parameters
    ----------
    frame : DataFrame
        One row per company (and period), e.g. ``data.load("competitors")``.
    mentions : str
        Column of mention counts.
    is_brand : str
        Boolean column: True on the rows of our brand.
    by : column name(s), optional

    Returns
    -------
    float or Series, a fraction; NaN where there are no mentions at all.

    >>> import pandas as pd
    >>> share_of_voice(pd.DataFrame({"mentions": [30, 50, 20], "is_brand": [True, False, False]}))
    0.3
    """
    _check_frame(frame)
    m = _count(frame, mentions, "mentions")
    flag = _require(frame, is_brand, "is_brand")
    if not pd.api.types.is_bool_dtype(flag.dtype) or flag.isna().any():
        raise TypeError(f"column {is_brand!r} (parameter is_brand=) must be True/False without missing values, "
                        f"got dtype {flag.dtype}")
    brand = np.where(flag.to_numpy(dtype=bool), m, 0.0)
    return _rate(frame, brand, m, aggregate="ratio", by=by, name="share_of_voice")


def net_sentiment(frame: pd.DataFrame, *, include_neutral: bool, column: str = "sentiment",
                  by: By = None) -> Result:
    """Net sentiment: (positive - negative) ÷ (all, or only polar) items.

    Formulas (a fraction in [-1, 1]):

    * ``include_neutral=True``:  ``(pos - neg) / (pos + neu + neg)``
      = % positive - % negative of all comments;
    * ``include_neutral=False``: ``(pos - neg) / (pos + neg)`` -- neutrals
      ignored, so the score moves further from 0.

    Sources disagree and there is no standards-body definition: social
    listening tools publish both variants (vendor definitions differ), and
    AMEC's Barcelona Principles 3.0 (2020) ask only that the method be
    stated and applied consistently. ``include_neutral`` is therefore
    required. A group with no counted comments gives NaN.

    Aggregation is the ratio of counts within each group (per comment);
    the mean of daily net sentiments differs -- compute it from ``by=`` if
    you need it.

    Parameters
    ----------
    frame : DataFrame
        One row per comment (e.g. ``data.load("comments")``).
    include_neutral : bool
        Whether neutral comments are in the denominator.
    column : str
        Label column with values "positive", "neutral", "negative".
    by : column name(s), optional

    Returns
    -------
    float or Series, a fraction.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"sentiment": ["positive"] * 3 + ["neutral"] * 5 + ["negative"] * 2})
    >>> net_sentiment(c, include_neutral=True), net_sentiment(c, include_neutral=False)
    (0.1, 0.2)
    """
    _check_frame(frame)
    if not isinstance(include_neutral, (bool, np.bool_)):
        raise TypeError(f"include_neutral must be True or False, got {include_neutral!r}")
    labels = _require(frame, column, "column")
    if labels.isna().any():
        raise ValueError(f"column {column!r} has {int(labels.isna().sum())} missing label(s); "
                         f"allowed labels: {_fmt_allowed(SENTIMENT_LABELS)}")
    values = labels.astype(str).to_numpy()
    unknown = ~np.isin(values, SENTIMENT_LABELS)
    if unknown.any():
        bad = sorted(set(values[unknown].tolist()))[:5]
        raise ValueError(f"column {column!r} has unknown label(s) {bad}; allowed labels: "
                         f"{_fmt_allowed(SENTIMENT_LABELS)}")
    pos = (values == "positive").astype("float64")
    neg = (values == "negative").astype("float64")
    den = pos + neg + ((values == "neutral").astype("float64") if include_neutral else 0.0)
    name = "net_sentiment" if include_neutral else "net_sentiment_polar"
    return _rate(frame, pos - neg, den, aggregate="ratio", by=by, name=name)


def nps(frame: pd.DataFrame, *, score: str = "nps", by: By = None) -> Result:
    """Net Promoter Score: % promoters (9-10) - % detractors (0-6), on -100..100.

    Formula: ``100 * (n(score >= 9) - n(score <= 6)) / n(all answers)`` to
    "How likely is it that you would recommend ... ?" on 0-10. Passives
    (7-8) count in the denominator only. Source: Reichheld, F. F. (2003),
    "The One Number You Need to Grow", *Harvard Business Review*. Sources
    disagree on scale: NPS is reported as a score (-100..100, as here),
    sometimes as a percentage or fraction (-1..1).

    Parameters
    ----------
    frame : DataFrame
        One row per respondent (e.g. ``data.load("survey")``).
    score : str
        Column of whole-number answers from 0 to 10.
    by : column name(s), optional

    Returns
    -------
    float or Series, in [-100, 100].

    >>> import pandas as pd
    >>> nps(pd.DataFrame({"nps": [10, 9, 8, 7, 3]}))
    20.0
    """
    _check_frame(frame)
    values = _count(frame, score, "score")
    bad = (values > 10) | (values != np.round(values))
    if bad.any():
        raise ValueError(f"column {score!r} must hold whole numbers from 0 to 10; "
                         f"row {frame.index[bad.argmax()]!r} has {values[bad.argmax()]:g}")
    net = (values >= 9).astype("float64") - (values <= 6).astype("float64")
    return _rate(frame, net, np.ones(len(frame)), aggregate="ratio", by=by, name="nps", scale=100.0)


def _audience_change(frame: pd.DataFrame, moved: np.ndarray, *, aggregate: str | None,
                     follows: str, unfollows: str, followers: str, followers_at: str,
                     time: str, by: By, name: str) -> Result:
    """Shared engine of follower growth and churn: moved / followers at start."""
    _check_choice("aggregate", aggregate, ("period", "ratio", "mean", None))
    _check_choice("followers_at", followers_at, ("end", "start"))
    audience = _count(frame, followers, "followers")
    if followers_at == "end":
        start = audience - _count(frame, follows, "follows") + _count(frame, unfollows, "unfollows")
        start = np.maximum(start, 0.0)  # inconsistent exports: never a negative audience
    else:
        start = audience
    if aggregate != "period":
        return _rate(frame, moved, start, aggregate=aggregate, by=by, name=name)
    t = _require(frame, time, "time")
    if t.isna().any():
        raise ValueError(f"column {time!r} (parameter time=) has missing values")
    if by is None:
        first = (t == t.min()).to_numpy()
        return float(_divide(moved.sum(), start[first].sum()))
    keys = _keys(frame, by)
    tmin = t.groupby(keys, dropna=False, sort=True).transform("min")
    first = (t == tmin).to_numpy()
    sums = (pd.DataFrame({"moved": moved, "start": np.where(first, start, 0.0)}, index=frame.index)
            .groupby(keys, dropna=False, sort=True).sum())
    return pd.Series(_divide(sums["moved"].to_numpy(), sums["start"].to_numpy()), index=sums.index, name=name)


_AUDIENCE_DOC = """
    Parameters
    ----------
    frame : DataFrame
        One row per account and period, e.g. ``data.load("daily_metrics")``
        (one row per platform and day).
    aggregate : {{"period", "ratio", "mean", None}}
        * ``"period"``: total {what} over the period ÷ followers at the
          start of the period (the rows at the earliest ``time`` of each
          group, summed -- e.g. all platforms on the first day). The usual
          "{label} this quarter".
        * ``"ratio"``: total {what} ÷ sum of start-of-row followers = the
          average daily rate weighted by audience ("per follower-day").
        * ``"mean"``: mean of the per-row (e.g. daily) rates.
        * ``None``: one rate per row.
    follows, unfollows, followers : str
        Column names: new followers, lost followers and the follower count.
    followers_at : {{"end", "start"}}
        Whether ``followers`` is counted at the end of each row's period
        (after its follows and unfollows, as in the course data) or at its
        start. With "end", start = followers - follows + unfollows.
    time : str
        Period column; used only by ``aggregate="period"``.
    by : column name(s), optional
        E.g. ``"platform"``.

    Returns
    -------
    float or Series, a fraction; NaN when the starting audience is 0.
"""


def follower_growth_rate(frame: pd.DataFrame, *, aggregate: Literal["period", "ratio", "mean"] | None,
                         follows: str = "follows", unfollows: str = "unfollows",
                         followers: str = "followers", followers_at: Literal["end", "start"] = "end",
                         time: str = "date", by: By = None) -> Result:
    """Follower growth rate: net new followers ÷ followers at the start.

    Formula: ``(follows - unfollows) / followers_at_start`` (a fraction;
    can be negative). Source: the usual growth-rate form, change over the
    period ÷ base at its start (the growth percentage of Farris et al.
    2010, *Marketing Metrics*, applied to a follower count). Social tools (Hootsuite, Sprout Social)
    report "audience growth rate" as net new followers ÷ total followers,
    some with the count at the *end* of the period as the base (vendor
    definitions differ); this function uses the start, like churn. Growth is a
    stock-and-flow metric, so besides ``"ratio"`` and ``"mean"`` it offers
    ``aggregate="period"``.
    {doc}
    >>> import pandas as pd
    >>> d = pd.DataFrame({{"date": [1, 2], "followers": [1010, 1030], "follows": [20, 30], "unfollows": [10, 10]}})
    >>> follower_growth_rate(d, aggregate="period")
    0.03
    """
    _check_frame(frame)
    moved = _count(frame, follows, "follows") - _count(frame, unfollows, "unfollows")
    return _audience_change(frame, moved, aggregate=aggregate, follows=follows, unfollows=unfollows,
                            followers=followers, followers_at=followers_at, time=time, by=by,
                            name="follower_growth_rate")


def churn_rate(frame: pd.DataFrame, *, aggregate: Literal["period", "ratio", "mean"] | None,
               follows: str = "follows", unfollows: str = "unfollows", followers: str = "followers",
               followers_at: Literal["end", "start"] = "end", time: str = "date", by: By = None) -> Result:
    """Follower churn rate: unfollows ÷ followers at the start of the period.

    Formula: ``unfollows / followers_at_start`` (a fraction in [0, 1] when
    unfollowers were followers at the start). Source: Farris et al. (2010),
    *Marketing Metrics*, on customer retention: churn is the complement of
    the retention rate, customers lost in a period ÷ customers at its
    start. Sources disagree on the base (start, average or end of the
    period) and on whether people who followed and left within the period
    count; this function uses the start and counts every unfollow.
    {doc}
    >>> import pandas as pd
    >>> d = pd.DataFrame({{"date": [1, 2], "followers": [1010, 1030], "follows": [20, 30], "unfollows": [10, 10]}})
    >>> churn_rate(d, aggregate="period")
    0.02
    """
    _check_frame(frame)
    return _audience_change(frame, _count(frame, unfollows, "unfollows"), aggregate=aggregate,
                            follows=follows, unfollows=unfollows, followers=followers,
                            followers_at=followers_at, time=time, by=by, name="churn_rate")


follower_growth_rate.__doc__ = follower_growth_rate.__doc__.format(
    doc=_AUDIENCE_DOC.format(what="net new followers", label="follower growth"))
churn_rate.__doc__ = churn_rate.__doc__.format(doc=_AUDIENCE_DOC.format(what="unfollows", label="churn"))


def stickiness(frame: pd.DataFrame, *, aggregate: Aggregate, dau: str = "dau", mau: str = "mau",
               by: By = None) -> Result:
    """Stickiness: daily active users ÷ monthly active users (DAU/MAU).

    Formula: ``dau / mau`` (a fraction; 0.5 = the average user is active
    15 days a month). Source: an industry convention rather than a
    standard; Facebook's 2012 IPO filing (Form S-1) reported DAUs and MAUs,
    and analysts quote their ratio. Definitions of "active" differ by
    company (log-in, visit, any action) -- state yours.

    Over many days, ``"ratio"`` gives sum(DAU) / sum(MAU) = average DAU ÷
    average MAU; ``"mean"`` averages the daily ratios.

    Parameters
    ----------
    frame : DataFrame
        One row per day (and community / app), with DAU and the MAU of the
        30 days (or calendar month) around it.
    aggregate : {"ratio", "mean", None}
    dau, mau : str
        Column names (people).
    by : column name(s), optional

    Returns
    -------
    float or Series, a fraction in [0, 1] when DAU <= MAU.

    >>> import pandas as pd
    >>> stickiness(pd.DataFrame({"dau": [200, 400], "mau": [1000, 1000]}), aggregate="ratio")
    0.3
    """
    _check_frame(frame)
    return _rate(frame, _count(frame, dau, "dau"), _count(frame, mau, "mau"),
                 aggregate=aggregate, by=by, name="stickiness")


def weekly_active_ratio(frame: pd.DataFrame, *, aggregate: Aggregate, active: str = "weekly_active",
                        members: str = "members", by: By = None) -> Result:
    """Community weekly-active ratio: weekly active members ÷ members.

    Formula: ``weekly_active / members`` (a fraction) -- the community
    analogue of DAU/MAU (:func:`stickiness`). No standards-body source;
    community platforms differ on what "active" means (posting only, or also
    reading/reacting) and on the base (members at the start or end of the
    week). AMEC's Barcelona Principles 3.0 (2020): state the definition.

    Parameters
    ----------
    frame : DataFrame
        One row per week, e.g. ``data.load("community")``.
    aggregate : {"ratio", "mean", None}
        ``"ratio"``: sum(active) / sum(members) = average active ÷ average
        members; ``"mean"``: mean of the weekly ratios.
    active, members : str
        Column names (people).
    by : column name(s), optional

    Returns
    -------
    float or Series, a fraction in [0, 1] when active <= members.

    >>> import pandas as pd
    >>> weekly_active_ratio(pd.DataFrame({"weekly_active": [50], "members": [200]}), aggregate=None).tolist()
    [0.25]
    """
    _check_frame(frame)
    return _rate(frame, _count(frame, active, "active"), _count(frame, members, "members"),
                 aggregate=aggregate, by=by, name="weekly_active_ratio")


# --------------------------------------------------------------------------
# the table
# --------------------------------------------------------------------------

_TABLE_COUNTS = ("impressions", "reach", "clicks", "conversions", "paid_spend", "revenue")


def _group_followers(followers: Real | Mapping | pd.Series, index: pd.Index) -> np.ndarray:
    if isinstance(followers, Real) and not isinstance(followers, (bool, np.bool_)):
        value = float(followers)
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"followers={followers!r} must be a finite number >= 0")
        return np.full(len(index), value)
    if isinstance(followers, (Mapping, pd.Series)):
        mapped = pd.Series(followers, dtype="float64") if isinstance(followers, Mapping) else followers
        missing = [k for k in index if k not in mapped.index]
        if missing:
            raise ValueError(f"followers has no follower count for group(s) {missing[:5]}; "
                             f"it has: {list(mapped.index)[:10]}")
        values = mapped.reindex(index).to_numpy(dtype="float64")
        if np.isnan(values).any() or (values < 0).any() or np.isinf(values).any():
            raise ValueError("followers must map every group to a finite number >= 0")
        return values
    raise TypeError("followers must be None, a column name, a number, or a mapping/Series "
                    f"from group to follower count; got {type(followers).__name__}")


def kpi_table(posts: pd.DataFrame, *, by: By = "platform",
              followers: str | Real | Mapping | pd.Series | None = None,
              engagements: Columns = ENGAGEMENT_COLUMNS) -> pd.DataFrame:
    """The main post KPIs per group, as ratios of totals, in one tidy frame.

    One groupby-sum of the count columns, then vectorised divisions: every
    rate is ``sum(numerator) / sum(denominator)`` within the group (the
    ``aggregate="ratio"`` of the single-KPI functions, which give the same
    numbers), with the same zero-denominator rule (NaN).

    Columns: the group column(s); ``posts`` (row count); the totals
    ``impressions, reach, engagements, likes, comments, shares, clicks,
    conversions, paid_spend, revenue``; then

    * ``engagement_rate_reach``, ``engagement_rate_impressions``
      (:func:`engagement_rate`), ``share_rate_reach`` (:func:`share_rate`),
      ``ctr``, ``conversion_rate``;
    * ``applause_per_post``, ``conversation_per_post``,
      ``amplification_per_post`` (Kaushik 2011);
    * ``cpm`` (per 1,000 impressions), ``cpc``, ``cpe``, ``cpa``, ``roas``
      on ``paid_spend``. ROI is left out on purpose: the posts table has
      only ad spend, and ROI on ad spend alone is just ROAS - 1 (see
      :func:`roi`);
    * only when ``followers`` is given: ``engagement_rate_followers``,
      ``applause_rate_followers``, ``conversation_rate_followers``,
      ``amplification_rate_followers`` -- per post per follower.

    Parameters
    ----------
    posts : DataFrame
        One row per post (``data.load("posts")``).
    by : column name(s) or None
        Group column(s); None gives a single row for all posts.
    followers : None, str, number, or mapping/Series
        None: no follower-based columns. A column name: follower count at
        each post, summed per group (so the rate is sum(x) / sum(followers)).
        A number: one follower count for every group. A mapping or Series
        from group key to follower count (e.g. each platform's followers).
        A number or mapping F gives ``sum(x) / (posts * F)``.
    engagements : str or list of str
        As in :func:`engagement_rate`.

    Returns
    -------
    DataFrame with one row per group (sorted by group), one column per
    total or KPI.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"platform": ["a", "a"], "impressions": [200, 200], "reach": [100, 100],
    ...     "likes": [8, 2], "comments": [2, 0], "shares": [0, 0], "saves": [0, 0], "clicks": [4, 0],
    ...     "conversions": [1, 0], "paid_spend": [10.0, 0.0], "revenue": [30.0, 0.0]})
    >>> t = kpi_table(p, followers={"a": 1000})
    >>> t[["platform", "posts", "engagement_rate_reach", "ctr", "roas", "engagement_rate_followers"]]
      platform  posts  engagement_rate_reach   ctr  roas  engagement_rate_followers
    0        a      2                   0.06  0.01   3.0                      0.006
    """
    _check_frame(posts, "posts")
    eng_cols = _as_columns(engagements, "engagements")
    need = {"likes": "likes", "comments": "comments", "shares": "shares"}
    names = dict.fromkeys([*_TABLE_COUNTS, *need, *eng_cols])
    if isinstance(followers, str):
        names[followers] = None
    # validate every count column once (missing / non-numeric / NaN / negative)
    arrays = {c: _count(posts, c, "engagements" if c in eng_cols else c) for c in names}
    frame = pd.DataFrame(arrays, index=posts.index, copy=False)

    if by is None:
        sums = frame.sum().to_frame().T
        sums.insert(0, "posts", len(frame))
        group_cols: list = []
    else:
        keys = _keys(posts, by)
        group_cols = [k.name for k in keys]
        grouped = frame.groupby(keys, dropna=False, sort=True)
        sums = grouped.sum()
        sums.insert(0, "posts", grouped.size().to_numpy())

    t = pd.DataFrame(index=sums.index)
    t["posts"] = sums["posts"].astype("int64")
    eng = sums[eng_cols].sum(axis=1).to_numpy()
    for c in ("impressions", "reach"):
        t[c] = sums[c]
    t["engagements"] = eng
    for c in ("likes", "comments", "shares", "clicks", "conversions", "paid_spend", "revenue"):
        t[c] = sums[c]
    col = {c: sums[c].to_numpy() for c in sums.columns}
    n = col["posts"].astype("float64")
    t["engagement_rate_reach"] = _divide(eng, col["reach"])
    t["engagement_rate_impressions"] = _divide(eng, col["impressions"])
    t["share_rate_reach"] = _divide(col["shares"], col["reach"])
    t["ctr"] = _divide(col["clicks"], col["impressions"])
    t["conversion_rate"] = _divide(col["conversions"], col["clicks"])
    t["applause_per_post"] = _divide(col["likes"], n)
    t["conversation_per_post"] = _divide(col["comments"], n)
    t["amplification_per_post"] = _divide(col["shares"], n)
    t["cpm"] = _divide(col["paid_spend"], col["impressions"]) * 1000.0
    t["cpc"] = _divide(col["paid_spend"], col["clicks"])
    t["cpe"] = _divide(col["paid_spend"], eng)
    t["cpa"] = _divide(col["paid_spend"], col["conversions"])
    t["roas"] = _divide(col["revenue"], col["paid_spend"])
    if followers is not None:
        if isinstance(followers, str):
            audience = col[followers]
        else:
            if by is None and not (isinstance(followers, Real) and not isinstance(followers, bool)):
                raise TypeError("with by=None, followers must be a column name or a number")
            audience = n * _group_followers(followers, sums.index)
        t["engagement_rate_followers"] = _divide(eng, audience)
        t["applause_rate_followers"] = _divide(col["likes"], audience)
        t["conversation_rate_followers"] = _divide(col["comments"], audience)
        t["amplification_rate_followers"] = _divide(col["shares"], audience)
    if group_cols:
        return t.reset_index()
    return t.reset_index(drop=True)


# --------------------------------------------------------------------------
# denominators, shares of a base
# --------------------------------------------------------------------------

def followers_at_post(posts: pd.DataFrame, daily: pd.DataFrame, *, at: Literal["start", "end"] = "start",
                      time: str = "timestamp", date: str = "date", platform: str = "platform",
                      followers: str = "followers", follows: str = "follows",
                      unfollows: str = "unfollows") -> pd.Series:
    """The follower count of each post's account on the day it was published.

    The denominator of an engagement rate by followers (see
    :func:`engagement_rate`) is the audience *when the post went out*, not
    today's or the year's average. With one row per platform and day whose
    ``followers`` is counted at the end of the day (as in
    ``data.load("daily_metrics")``):

    * ``at="start"``: ``followers - follows + unfollows`` of that day, the
      audience before the day's posts (and before the follows they caused);
    * ``at="end"``: the end-of-day count as stored.

    Source: Hootsuite's engagement-rate guide (Hootsuite 2023) divides by
    the follower count at the time of the post; vendor definitions differ
    (some use the current count, which inflates old posts' rates when the
    account grows).

    Parameters
    ----------
    posts : DataFrame
        One row per post with a publication time and a platform.
    daily : DataFrame
        One row per platform and day with the follower count (end of day)
        and the day's follows and unfollows.
    at : {"start", "end"}
        Followers at the start or at the end of the publication day.
    time, date, platform, followers, follows, unfollows : str
        Column names (``time`` in ``posts``; the others in ``daily``,
        ``platform`` in both).

    Returns
    -------
    Series of float (followers), aligned with ``posts.index``, named
    ``"followers"``.

    >>> import pandas as pd
    >>> daily = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02"]), "platform": "a",
    ...                       "followers": [1010, 1030], "follows": [20, 30], "unfollows": [10, 10]})
    >>> posts = pd.DataFrame({"timestamp": pd.to_datetime(["2025-01-02 09:30"]), "platform": ["a"]})
    >>> followers_at_post(posts, daily).tolist(), followers_at_post(posts, daily, at="end").tolist()
    ([1010.0], [1030.0])
    """
    _check_frame(posts, "posts")
    _check_frame(daily, "daily")
    _check_choice("at", at, ("start", "end"))
    stamp = _require(posts, time, "time")
    if not pd.api.types.is_datetime64_any_dtype(stamp.dtype):
        raise TypeError(f"column {time!r} (parameter time=) of posts must hold datetimes, got {stamp.dtype}")
    day = _require(daily, date, "date")
    if not pd.api.types.is_datetime64_any_dtype(day.dtype):
        raise TypeError(f"column {date!r} (parameter date=) of daily must hold datetimes, got {day.dtype}")
    count = _count(daily, followers, "followers")
    if at == "start":
        count = count - _count(daily, follows, "follows") + _count(daily, unfollows, "unfollows")
    keys = pd.MultiIndex.from_arrays([day.dt.normalize(), _require(daily, platform, "platform")])
    if keys.has_duplicates:
        first = keys[keys.duplicated()][0]
        raise ValueError(f"daily has more than one row for (date, platform) {first!r}; "
                         "expected one row per platform and day")
    lookup = pd.Series(count, index=keys)
    wanted = pd.MultiIndex.from_arrays([stamp.dt.normalize(), _require(posts, platform, "platform")])
    pos = lookup.index.get_indexer(wanted)
    missing = pos < 0
    if missing.any():
        raise ValueError(f"{int(missing.sum())} post(s) have no row in daily for their (date, platform), "
                         f"first at posts row {posts.index[missing.argmax()]!r}: {wanted[missing.argmax()]!r}")
    return pd.Series(lookup.to_numpy()[pos], index=posts.index, name="followers")


def engagement_rate_by_denominator(posts: pd.DataFrame, *, by: By = "platform", followers: str = "followers",
                                   engagements: Columns = ENGAGEMENT_COLUMNS, reach: str = "reach",
                                   impressions: str = "impressions") -> pd.DataFrame:
    """Engagement rate by reach, by followers and by impressions side by side, with ranks.

    All three are ratios of totals within each group (``aggregate="ratio"``
    of :func:`engagement_rate`). They are linked by two exact identities,
    which explain why a ranking of platforms changes with the denominator:

    * ``er_followers = er_reach * reach_per_follower`` where
      ``reach_per_follower = sum(reach) / sum(followers)`` -- how far each
      post travels relative to the audience (algorithmic feeds push posts
      far beyond followers; a large, passive follower base gives a low value);
    * ``er_impressions = er_reach / impressions_per_reach`` where
      ``impressions_per_reach = sum(impressions) / sum(reach)`` is the
      average frequency (views per person reached).

    Source: Hootsuite (2023), "Engagement rate calculator + guide for
    2023", Hootsuite Blog (blog.hootsuite.com/calculate-engagement-rate),
    lists engagement rate by reach, by followers and by impressions among
    its formulas; vendor definitions differ.

    Parameters
    ----------
    posts : DataFrame
        One row per post, with the follower count at each post (see
        :func:`followers_at_post`).
    by : column name(s) or None
        Group column(s), e.g. ``"platform"``; ``None`` gives one row for
        all posts (ranks are then all 1).
    followers : str
        Column of followers at each post.
    engagements : str or list of str
        As in :func:`engagement_rate`.
    reach, impressions : str
        Column names.

    Returns
    -------
    DataFrame, one row per group: the group column(s) (none with
    ``by=None``), ``posts``,
    ``er_reach``, ``er_followers``, ``er_impressions`` (fractions),
    ``reach_per_follower``, ``impressions_per_reach``, and
    ``rank_reach``, ``rank_followers``, ``rank_impressions`` (1 = highest
    rate; ties share the lower rank; NaN rates get no rank).

    >>> import pandas as pd
    >>> p = pd.DataFrame({"platform": ["a", "b"], "reach": [1000, 1000], "impressions": [1200, 2000],
    ...                   "followers": [5000, 2000], "likes": [50, 40], "comments": 0, "shares": 0, "saves": 0})
    >>> t = engagement_rate_by_denominator(p)
    >>> t[["platform", "er_reach", "er_followers", "er_impressions", "rank_reach", "rank_followers"]]
      platform  er_reach  er_followers  er_impressions  rank_reach  rank_followers
    0        a      0.05          0.01        0.041667           1               2
    1        b      0.04          0.02        0.020000           2               1
    """
    _check_frame(posts, "posts")
    num = _sum_counts(posts, engagements, "engagements")
    sums = pd.DataFrame({"eng": num, "reach": _count(posts, reach, "reach"),
                         "impressions": _count(posts, impressions, "impressions"),
                         "followers": _count(posts, followers, "followers")}, index=posts.index)
    if by is None:  # one row for all posts
        keys = [pd.Series(0, index=posts.index, name="_all")]
    else:
        keys = _keys(posts, by)
    grouped = sums.groupby(keys, dropna=False, sort=True)
    g = grouped.sum()
    out = pd.DataFrame(index=g.index)
    out["posts"] = grouped.size().astype("int64")
    out["er_reach"] = _divide(g["eng"].to_numpy(), g["reach"].to_numpy())
    out["er_followers"] = _divide(g["eng"].to_numpy(), g["followers"].to_numpy())
    out["er_impressions"] = _divide(g["eng"].to_numpy(), g["impressions"].to_numpy())
    out["reach_per_follower"] = _divide(g["reach"].to_numpy(), g["followers"].to_numpy())
    out["impressions_per_reach"] = _divide(g["impressions"].to_numpy(), g["reach"].to_numpy())
    for d in ("reach", "followers", "impressions"):
        out[f"rank_{d}"] = out[f"er_{d}"].rank(ascending=False, method="min").astype("Int64")
    return out.reset_index(drop=by is None)


def proportion(frame: pd.DataFrame, *, part: str, base: str, aggregate: Aggregate, by: By = None) -> Result:
    """A count as a share of its base: ``part / base`` (e.g. satisfied ÷ pulse answers).

    For any "share of a base" KPI without its own function, such as the
    community pulse's satisfied share (``satisfied / pulse_responses``).
    The rules of the module apply (``aggregate`` required, zero base gives
    NaN). Source: none specific -- AMEC's Barcelona Principles 3.0 (2020)
    ask that the definition be stated; name ``part`` and ``base`` in the
    report.

    Parameters
    ----------
    frame : DataFrame
    part, base : str
        Count columns; ``part`` should be a subset of ``base`` (not checked).
    aggregate : {"ratio", "mean", None}
    by : column name(s), optional

    Returns
    -------
    float or Series, a fraction.

    >>> import pandas as pd
    >>> w = pd.DataFrame({"satisfied": [80, 45], "pulse_responses": [100, 50]})
    >>> proportion(w, part="satisfied", base="pulse_responses", aggregate="ratio")
    0.8333333333333334
    >>> round(proportion(w, part="satisfied", base="pulse_responses", aggregate="mean"), 4)
    0.85
    """
    _check_frame(frame)
    return _rate(frame, _count(frame, part, "part"), _count(frame, base, "base"),
                 aggregate=aggregate, by=by, name="proportion")
