"""The ``posts`` table: every brand post with its performance.

How a post's numbers are generated (all multipliers from the Truth)
--------------------------------------------------------------------
``organic reach = expected followers(platform, day) x reach_rate[platform]
x hour_activity[hour] x weekday_activity[weekday] x trending_reach_uplift
(if trending) x influencer_reach_uplift (if influencer) x platform rule-change
multiplier (``effects.shocks``, 1 by default) x noise``;
``reach = organic + paid_reach_a[platform] x log1p(paid_spend / paid_reach_b[platform])``
(diminishing returns); ``impressions = reach + extra views`` (mean ratio
``impressions_per_reach``).

``engagement rate = engagement_rate[platform] x format_effect[platform][format]
x topic_effect[topic] x trending/influencer engagement uplifts x campaign
engagement lift x noise``; engagements ~ Binomial(reach, rate), split into
likes / comments / shares / saves (comments rise during the crisis);
clicks ~ Binomial(engagements, click_rate); conversions ~ Binomial(clicks,
conversion_rate x season x campaign lift); revenue = sum of order values.
follows ~ Poisson(reach x follow_rate x campaign lift x crisis drop),
unfollows ~ Poisson(reach x unfollow_rate x crisis multiplier).

Columns (dtype, unit)
---------------------
post_id : str            ``P00001`` ..., in time order
timestamp : datetime64   local time of publication (minute precision)
platform : str           platform id
format : str             text, image, video, short_video, live
topic : str              see :data:`course_lib.sim.truth.TOPICS`
trending : bool          rides a trending topic
influencer : bool        influencer (KOL) collaboration
campaign_id : str        campaign running on that platform that day, else missing
paid_spend : float64     paid boost (currency, 2 decimals; 0 = organic only)
impressions, reach : int64   people reached / times shown (reach <= impressions)
likes, comments, shares, saves : int64
clicks : int64           link clicks (<= engagements)
conversions : int64      orders (<= clicks)
revenue : float64        currency, 2 decimals
follows, unfollows : int64   followers gained / lost because of the post

Examples
--------
>>> from course_lib.sim import Scenario
>>> posts = simulate_posts(Scenario(days=30))
>>> bool((posts["reach"] <= posts["impressions"]).all())
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from course_lib.markets import FORMATS

from .draw import as_datetime, categorical, categorical_rows, ids, table_rng
from .scenario import Scenario
from .timeline import (
    campaign_effects,
    campaign_ids,
    crisis_intensity,
    expected_followers,
    reach_shock,
    season,
)
from .truth import TOPICS

__all__ = ["simulate_posts", "paid_reach_gain", "POSTING_WEEKDAYS"]

# the brand posts a little less at weekends (Mon..Sun)
POSTING_WEEKDAYS = (1.1, 1.1, 1.1, 1.1, 1.05, 0.8, 0.75)
MAX_ENGAGEMENT_RATE = 0.5


def paid_reach_gain(spend, a: float, b: float) -> np.ndarray:
    """Extra reach bought with ``spend``: ``a * log1p(spend / b)`` people.

    Concave: each extra unit of money buys less reach than the one before.

    >>> paid_reach_gain([0, 100, 200], a=1000, b=100).round(1).tolist()
    [0.0, 693.1, 1098.6]
    """
    return a * np.log1p(np.asarray(spend, dtype=float) / b)


def _noise(rng: np.random.Generator, sd: float, n: int) -> np.ndarray:
    """Mean-one log-normal noise."""
    return np.exp(sd * rng.standard_normal(n) - sd**2 / 2)


def simulate_posts(sc: Scenario) -> pd.DataFrame:
    """Simulate the ``posts`` table (see the module docstring).

    Parameters
    ----------
    sc : Scenario

    Returns
    -------
    pandas.DataFrame
        About ``sc.posts_per_day * sc.days`` rows, sorted by ``timestamp``.
    """
    rng = table_rng(sc.seed, "posts")
    t = sc.effects
    c = t.content
    plats = sc.platforms

    # ---- when and where --------------------------------------------------
    weekday = sc.weekday()
    wd_factor = np.asarray(POSTING_WEEKDAYS)[weekday] / np.mean(POSTING_WEEKDAYS)
    per_day = rng.poisson(sc.posts_per_day * wd_factor)
    day = np.repeat(np.arange(sc.days), per_day)
    n = len(day)
    plat = categorical(rng, [c.platform_post_share[p] for p in plats], n)
    mix = np.array([[c.format_mix[p][f] for f in FORMATS] for p in plats])[plat]
    mix[:, FORMATS.index("short_video")] *= 1 + c.short_video_trend * day / 365.0
    fmt = categorical_rows(rng, mix)
    hour = categorical(rng, c.posting_hour_weights, n)
    minute = rng.integers(0, 60, n)
    topic = categorical(rng, [c.topic_mix[k] for k in TOPICS], n)
    trending = rng.random(n) < c.trending_share
    influencer = rng.random(n) < c.influencer_share
    paid = rng.random(n) < c.paid_share
    spend = np.where(paid, np.round(c.paid_spend_median * np.exp(0.8 * rng.standard_normal(n)), 2), 0.0)
    reach_noise = _noise(rng, c.reach_noise_sd, n)
    paid_noise = _noise(rng, 0.15, n)
    rate_noise = _noise(rng, c.engagement_noise_sd, n)
    extra_views = rng.random(n)  # uniform used below for impressions

    # time order: sort once, then everything below is per sorted row
    minutes = (day * 24 + hour) * 60 + minute
    order = np.argsort(minutes, kind="stable")
    day, plat, fmt, hour, minute, topic = (a[order] for a in (day, plat, fmt, hour, minute, topic))
    trending, influencer, spend = trending[order], influencer[order], spend[order]
    reach_noise, paid_noise, rate_noise = reach_noise[order], paid_noise[order], rate_noise[order]
    extra_views, minutes = extra_views[order], minutes[order]

    # ---- reach and impressions ---------------------------------------------
    followers = expected_followers(sc)[day, plat]
    hour_act = np.asarray(t.audience.hour_activity)[hour]
    wd_act = np.asarray(t.audience.weekday_activity)[weekday[day]]
    reach_rate = np.array([c.reach_rate[p] for p in plats])[plat]
    organic = (
        followers * reach_rate * hour_act * wd_act
        * np.where(trending, c.trending_reach_uplift, 1.0)
        * np.where(influencer, c.influencer_reach_uplift, 1.0)
        * reach_shock(sc)[day, plat]
        * reach_noise
    )
    a = np.array([c.paid_reach_a[p] for p in plats])[plat]
    b = np.array([c.paid_reach_b[p] for p in plats])[plat]
    reach = np.round(organic + paid_reach_gain(spend, a, b) * paid_noise).astype(np.int64)
    ratio = np.array([c.impressions_per_reach[p] for p in plats])[plat]
    # extra views: uniform on [0, 2 (ratio - 1)] per reached person, mean ratio - 1
    impressions = reach + np.round(reach * (ratio - 1) * 2 * extra_views).astype(np.int64)

    # ---- engagement ---------------------------------------------------------
    camp = campaign_effects(sc)
    crisis = crisis_intensity(sc)[day]
    fmt_effect = np.array([[c.format_effect[p][f] for f in FORMATS] for p in plats])[plat, fmt]
    rate = (
        np.array([c.engagement_rate[p] for p in plats])[plat]
        * fmt_effect
        * np.asarray([c.topic_effect[k] for k in TOPICS])[topic]
        * np.where(trending, c.trending_engagement_uplift, 1.0)
        * np.where(influencer, c.influencer_engagement_uplift, 1.0)
        * camp["engagement"][day, plat]
        * rate_noise
    )
    rate = np.minimum(rate, MAX_ENGAGEMENT_RATE)
    engagements = rng.binomial(reach, rate)
    emix = np.array([c.engagement_mix[p] for p in plats], dtype=float)[plat]
    emix[:, 1] *= 1 + t.crisis.comment_uplift * crisis
    emix /= emix.sum(axis=1, keepdims=True)
    split = rng.multinomial(engagements, emix)

    # ---- funnel -------------------------------------------------------------
    f = t.funnel
    clicks = rng.binomial(engagements, np.array([f.click_rate[p] for p in plats])[plat])
    cvr = (
        np.array([f.conversion_rate[p] for p in plats])[plat]
        * season(sc)[day]
        * camp["conversion"][day, plat]
    )
    conversions = rng.binomial(clicks, np.minimum(cvr, 0.9))
    revenue = np.where(
        conversions > 0,
        rng.gamma(np.maximum(conversions, 1) * 5.0, f.order_value / 5.0),
        0.0,
    )
    follows = rng.poisson(
        reach * np.array([f.follow_rate[p] for p in plats])[plat]
        * camp["follows"][day, plat] * (1 - t.crisis.follows_drop * crisis)
    )
    unfollows = rng.poisson(reach * f.unfollow_rate * (1 + t.crisis.unfollow_multiplier * crisis))

    start = np.datetime64(sc.start, "m")
    return pd.DataFrame({
        "post_id": ids("P", np.arange(1, n + 1), 5),
        "timestamp": as_datetime(start + minutes),
        "platform": np.asarray(plats, dtype=object)[plat],
        "format": np.asarray(FORMATS, dtype=object)[fmt],
        "topic": np.asarray(TOPICS, dtype=object)[topic],
        "trending": trending,
        "influencer": influencer,
        "campaign_id": campaign_ids(sc)[day, plat],
        "paid_spend": spend,
        "impressions": impressions,
        "reach": reach,
        "likes": split[:, 0].astype(np.int64),
        "comments": split[:, 1].astype(np.int64),
        "shares": split[:, 2].astype(np.int64),
        "saves": split[:, 3].astype(np.int64),
        "clicks": clicks.astype(np.int64),
        "conversions": conversions.astype(np.int64),
        "revenue": np.round(revenue, 2),
        "follows": follows.astype(np.int64),
        "unfollows": unfollows.astype(np.int64),
    })
