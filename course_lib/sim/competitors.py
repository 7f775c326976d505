"""The ``competitors`` table: weekly benchmark of the brand and its competitors.

Weeks are aligned to the scenario start (week 0 = the first 7 days); a
trailing partial week is dropped. The brand's rows are aggregated from its
own data (followers from ``daily_metrics`` at the end of the week, posts and
engagements from ``posts``); its mentions are
``growth.mentions_per_1k_followers`` per 1 000 followers, raised by
campaigns and by the crisis (``crisis.mentions_uplift``). Competitors follow
``truth.competitors``: geometric follower growth with noise, engagements
proportional to followers.

Columns (dtype, unit)
---------------------
week_start : datetime64   first day of the week
company : str             brand name or competitor name
is_brand : bool           True for the brand's own rows
followers : int64         followers at the end of the week (all platforms)
posts : int64             posts published in the week
engagements : int64       likes + comments + shares + saves in the week
mentions : int64          posts by anyone mentioning the company (share of
                          voice = mentions / sum of mentions)

Examples
--------
>>> from course_lib.sim import simulate, Scenario
>>> comp = simulate(Scenario(days=28)).tables["competitors"]
>>> comp.groupby("week_start").size().tolist()
[4, 4, 4, 4]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .draw import as_datetime, table_rng
from .scenario import Scenario
from .timeline import campaign_effects, crisis_intensity

__all__ = ["simulate_competitors"]


def _weekly(values: np.ndarray, n_weeks: int, how: str) -> np.ndarray:
    """Per-week sum (``how="sum"``) or last value (``"last"``) of a per-day array."""
    v = values[: n_weeks * 7].reshape(n_weeks, 7)
    return v.sum(axis=1) if how == "sum" else v[:, -1]


def simulate_competitors(sc: Scenario, daily: pd.DataFrame) -> pd.DataFrame:
    """Simulate the ``competitors`` table from the scenario and ``daily_metrics``."""
    rng = table_rng(sc.seed, "competitors")
    t = sc.effects
    n_weeks = sc.days // 7
    n_plat = len(sc.platforms)
    comps = t.competitors
    n_comp = len(comps)

    # brand, from its own daily data
    def per_day(col: str) -> np.ndarray:
        return daily[col].to_numpy(float).reshape(sc.days, n_plat).sum(axis=1)

    brand_followers = _weekly(per_day("followers"), n_weeks, "last")
    brand_posts = _weekly(per_day("posts"), n_weeks, "sum")
    brand_eng = _weekly(per_day("engagements"), n_weeks, "sum")
    crisis = _weekly(crisis_intensity(sc), n_weeks, "sum") / 7
    in_campaign = _weekly(campaign_effects(sc)["active"].any(axis=1).astype(float), n_weeks, "sum") / 7
    mention_mean = (
        brand_followers / 1000 * t.growth.mentions_per_1k_followers
        * (1 + 0.5 * in_campaign) * (1 + t.crisis.mentions_uplift * crisis)
    )
    brand_mentions = rng.poisson(mention_mean * np.exp(0.15 * rng.standard_normal(n_weeks)))

    # competitors: weeks x competitors
    f0 = np.array([c.start_followers for c in comps], dtype=float)
    growth = np.array([c.weekly_growth for c in comps])
    steps = 1 + growth[None, :] + 0.003 * rng.standard_normal((n_weeks, n_comp))
    followers = np.round(f0[None, :] * np.cumprod(steps, axis=0)).astype(np.int64)
    epf = np.array([c.engagements_per_follower for c in comps])
    engagements = rng.poisson(followers * epf[None, :] * np.exp(0.2 * rng.standard_normal((n_weeks, n_comp))))
    posts = rng.poisson(np.broadcast_to([c.posts_per_week for c in comps], (n_weeks, n_comp)))
    mentions = rng.poisson(np.array([c.mentions_per_week for c in comps])[None, :]
                           * np.exp(0.15 * rng.standard_normal((n_weeks, n_comp))))

    names = np.array([sc.brand] + [c.name for c in comps], dtype=object)
    k = n_comp + 1
    week = np.datetime64(sc.start, "D") + 7 * np.arange(n_weeks)
    stack = lambda brand, other: np.column_stack([brand, other]).ravel()  # noqa: E731
    return pd.DataFrame({
        "week_start": as_datetime(np.repeat(week, k)),
        "company": pd.Series(np.tile(names, n_weeks), dtype="str"),
        "is_brand": np.tile(np.arange(k) == 0, n_weeks),
        "followers": stack(brand_followers, followers).astype(np.int64),
        "posts": stack(brand_posts, posts).astype(np.int64),
        "engagements": stack(brand_eng, engagements).astype(np.int64),
        "mentions": stack(brand_mentions, mentions).astype(np.int64),
    })
