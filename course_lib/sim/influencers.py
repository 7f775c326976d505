"""The ``influencers`` table: influencer (KOL) candidates for a collaboration.

Genuine accounts: engagement rate falls with size (about 6 % at 10 000
followers), comments are 4-12 % of likes, follower growth is steady.
Suspicious accounts (fake followers; ``truth.influencers.suspicious_share``)
show at least two of three patterns: engagement far too low for their size
(x 0.2), a follower spike (5-20 % of followers gained in one day, 30-120 %
growth in 90 days), and very few comments per like. Some genuine accounts
have one viral spike, so no single rule is perfect.

The table carries **no label**: the realised suspicious ids are in
``bundle.truth.influencers.suspicious_ids``, so a screening exercise can be
graded without giving the answer away.

Columns (dtype, unit)
---------------------
influencer_id : str           ``I001`` ...
handle : str                  pseudonymous handle
platform : str                platform id
followers : int64
avg_likes, avg_comments : int64   per post, recent posts
engagement_rate : float64     (avg_likes + avg_comments) / followers (4 decimals)
follower_growth_90d : float64 relative growth over 90 days (3 decimals)
max_daily_gain : int64        largest one-day follower gain in 90 days
audience_fit : float64        share of the audience in the brand's target
                              group, 0-1 (3 decimals)
price : float64               quoted price per post (currency, 2 decimals)

Examples
--------
>>> from course_lib.sim import Scenario
>>> table, suspicious = simulate_influencers(Scenario())
>>> len(table), len(suspicious)
(60, 12)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .draw import categorical, ids, table_rng
from .scenario import Scenario

__all__ = ["simulate_influencers"]

_HANDLE_A = ("tea", "leaf", "sip", "brew", "matcha", "chai", "daily", "happy",
             "urban", "green", "mint", "peach")
_HANDLE_B = ("lover", "diary", "life", "lab", "girl", "guy", "studio", "notes", "time", "fan")


def simulate_influencers(sc: Scenario) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Simulate the ``influencers`` table.

    Returns
    -------
    table : pandas.DataFrame
        Candidates, without a label column.
    suspicious_ids : tuple of str
        Ids of the candidates with fake-follower patterns (sorted).
    """
    rng = table_rng(sc.seed, "influencers")
    it = sc.effects.influencers
    n = it.n_candidates
    plat = categorical(rng, np.ones(len(sc.platforms)), n)
    followers = np.round(10 ** rng.uniform(3.7, 6.3, n)).astype(np.int64)
    n_bad = int(round(it.suspicious_share * n))
    bad = np.zeros(n, dtype=bool)
    bad[rng.choice(n, size=n_bad, replace=False)] = True

    # which fake-follower patterns each suspicious account shows (>= 2 of 3)
    signs = rng.random((n, 3)) < 0.7
    j1 = rng.integers(0, 3, n)
    j2 = (j1 + 1 + rng.integers(0, 2, n)) % 3
    few = signs.sum(axis=1) < 2
    rows = np.arange(n)
    signs[rows[few], j1[few]] = True
    signs[rows[few], j2[few]] = True
    signs &= bad[:, None]
    low_er, spike, few_comments = signs[:, 0], signs[:, 1], signs[:, 2]

    er = 0.06 * (followers / 1e4) ** -0.2 * np.exp(0.35 * rng.standard_normal(n))
    er = np.minimum(er, 0.25) * np.where(low_er, 0.2, 1.0)
    ratio = np.where(few_comments, rng.uniform(0.003, 0.015, n), rng.uniform(0.04, 0.12, n))
    interactions = followers * er
    avg_comments = np.round(interactions * ratio / (1 + ratio)).astype(np.int64)
    avg_likes = np.round(interactions).astype(np.int64) - avg_comments

    growth = np.maximum(rng.normal(0.06, 0.05, n), -0.05)
    typical_gain = followers * np.abs(growth) / 90 * rng.uniform(2, 5, n)
    viral = (rng.random(n) < 0.15) & ~bad
    typical_gain *= np.where(viral, rng.uniform(5, 15, n), 1.0)
    growth = np.where(spike, rng.uniform(0.3, 1.2, n), growth)
    gain = np.where(spike, followers * rng.uniform(0.05, 0.2, n), typical_gain)

    # bought followers dilute the audience only a little: fit alone must not give fakes away
    fit = np.where(bad, rng.beta(4, 3, n), rng.beta(5, 3, n))
    price = followers / 1000 * it.price_per_1k_followers * np.exp(0.3 * rng.standard_normal(n)) * (0.7 + 0.6 * fit)

    number = np.arange(1, n + 1)
    width = max(3, len(str(n)))
    a = np.asarray(_HANDLE_A, dtype=object)[rng.integers(0, len(_HANDLE_A), n)]
    b = np.asarray(_HANDLE_B, dtype=object)[rng.integers(0, len(_HANDLE_B), n)]
    handle = a + "_" + b + "_" + np.char.zfill(number.astype(str), 2).astype(object)
    influencer_id = ids("I", number, width)
    table = pd.DataFrame({
        "influencer_id": pd.Series(influencer_id, dtype="str"),
        "handle": pd.Series(handle, dtype="str"),
        "platform": pd.Series(np.asarray(sc.platforms, dtype=object)[plat], dtype="str"),
        "followers": followers,
        "avg_likes": avg_likes,
        "avg_comments": avg_comments,
        "engagement_rate": np.round((avg_likes + avg_comments) / followers, 4),
        "follower_growth_90d": np.round(growth, 3),
        "max_daily_gain": np.round(gain).astype(np.int64),
        "audience_fit": np.round(fit, 3),
        "price": np.round(price, 2),
    })
    return table, tuple(sorted(influencer_id[bad].tolist()))
