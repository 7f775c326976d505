"""The ``daily_metrics`` table: one row per day x platform for the brand's account.

Follower accounting: ``followers[d] = followers[d-1] + follows[d] - unfollows[d]``
(``followers`` is the count at the end of the day; the day before the start
is ``growth.start_followers``).

* ``follows`` = organic new followers (``growth.organic_follows`` x season x
  weekday activity x campaign lift x crisis drop) + the ``follows`` of the
  posts published that day.
* ``unfollows`` = baseline churn (Binomial of yesterday's followers with
  ``growth.churn_rate`` x crisis multiplier) + the ``unfollows`` of that
  day's posts.

Columns (dtype, unit)
---------------------
date : datetime64          day (midnight)
platform : str             platform id
followers : int64          followers at the end of the day
follows, unfollows : int64 followers gained / lost that day
posts : int64              posts published that day
impressions, reach, engagements, clicks, conversions : int64
    sums over the posts published that day (reach is a sum of post
    reach, not unique people); engagements = likes + comments + shares + saves
revenue : float64          currency, 2 decimals, from that day's posts
paid_spend : float64       currency, 2 decimals

Examples
--------
>>> from course_lib.sim import Scenario
>>> from course_lib.sim.posts import simulate_posts
>>> sc = Scenario(days=14)
>>> daily = simulate_daily(sc, simulate_posts(sc))
>>> len(daily) == 14 * len(sc.platforms)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .draw import table_rng
from .scenario import Scenario
from .timeline import campaign_effects, crisis_intensity, season

__all__ = ["simulate_daily"]


def _per_day(posts: pd.DataFrame, sc: Scenario, values: np.ndarray) -> np.ndarray:
    """Sum ``values`` of posts into a days x platforms array."""
    n_plat = len(sc.platforms)
    day = ((posts["timestamp"].to_numpy() - np.datetime64(sc.start, "D"))
           // np.timedelta64(1, "D")).astype(np.int64)
    plat = pd.Categorical(posts["platform"], categories=sc.platforms).codes.astype(np.int64)
    sums = np.bincount(day * n_plat + plat, weights=values, minlength=sc.days * n_plat)
    return sums.astype(float).reshape(sc.days, n_plat)


def simulate_daily(sc: Scenario, posts: pd.DataFrame) -> pd.DataFrame:
    """Simulate ``daily_metrics`` from the scenario and its ``posts`` table.

    Parameters
    ----------
    sc : Scenario
    posts : pandas.DataFrame
        Output of :func:`course_lib.sim.posts.simulate_posts` for ``sc``.

    Returns
    -------
    pandas.DataFrame
        ``sc.days * len(sc.platforms)`` rows, sorted by date then platform.
    """
    rng = table_rng(sc.seed, "daily_metrics")
    t = sc.effects
    plats = sc.platforms
    n_plat = len(plats)
    crisis = crisis_intensity(sc)[:, None]
    camp = campaign_effects(sc)

    organic_mean = (
        np.array([t.growth.organic_follows[p] for p in plats])[None, :]
        * season(sc)[:, None]
        * np.asarray(t.audience.weekday_activity)[sc.weekday()][:, None]
        * camp["follows"]
        * (1 - t.crisis.follows_drop * crisis)
    )
    organic = rng.poisson(organic_mean)
    post_follows = _per_day(posts, sc, posts["follows"].to_numpy(float)).astype(np.int64)
    post_unfollows = _per_day(posts, sc, posts["unfollows"].to_numpy(float)).astype(np.int64)
    follows = organic + post_follows
    churn_p = np.broadcast_to(t.growth.churn_rate * (1 + t.crisis.unfollow_multiplier * crisis),
                              (sc.days, n_plat))

    # follower accounting needs yesterday's value: a loop over days (not rows)
    followers = np.zeros((sc.days, n_plat), dtype=np.int64)
    unfollows = np.zeros((sc.days, n_plat), dtype=np.int64)
    prev = np.array([t.growth.start_followers[p] for p in plats], dtype=np.int64)
    for d in range(sc.days):
        churn = rng.binomial(prev, np.minimum(churn_p[d], 1.0))
        lost = np.minimum(churn + post_unfollows[d], prev + follows[d])
        unfollows[d] = lost
        prev = prev + follows[d] - lost
        followers[d] = prev

    def agg(col: str) -> np.ndarray:
        return _per_day(posts, sc, posts[col].to_numpy(float))

    engagements = sum(agg(k) for k in ("likes", "comments", "shares", "saves"))
    dates = sc.day_dates()
    frame = {
        "date": np.repeat(dates, n_plat),
        "platform": np.tile(np.asarray(plats, dtype=object), sc.days),
        "followers": followers.ravel(),
        "follows": follows.ravel().astype(np.int64),
        "unfollows": unfollows.ravel(),
        "posts": _per_day(posts, sc, np.ones(len(posts))).ravel().astype(np.int64),
        "impressions": agg("impressions").ravel().astype(np.int64),
        "reach": agg("reach").ravel().astype(np.int64),
        "engagements": engagements.ravel().astype(np.int64),
        "clicks": agg("clicks").ravel().astype(np.int64),
        "conversions": agg("conversions").ravel().astype(np.int64),
        "revenue": np.round(agg("revenue").ravel(), 2),
        "paid_spend": np.round(agg("paid_spend").ravel(), 2),
    }
    return pd.DataFrame(frame)
