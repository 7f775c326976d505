"""The ``users`` table: the brand's audience, one row per pseudonymous user.

Columns (dtype, unit)
---------------------
user_id : str
    ``U000001`` ...
segment : str
    True persona, one of :data:`course_lib.sim.truth.SEGMENTS` (drop it
    before a clustering exercise, compare afterwards).
age_band : str
    ``18-24``, ``25-34``, ``35-44``, ``45-54``, ``55+``.
gender : str
    ``female``, ``male``, ``undisclosed``.
city_tier : int64
    1 = largest cities (cn: tier-1; global: metro) ... 4 = smallest / rural.
interests : str
    Interests separated by ``;`` (e.g. ``"fitness;travel"``), at least one.
peak_hour : int64
    Local hour (0-23) when the user is most active.
preferred_platform : str
    Platform id of the market.
signup_date : datetime64
    Day the user followed the brand; may be up to 730 days before the
    scenario start (existing audience) or inside the period.
last_active_date : datetime64
    Last day with any activity; between ``signup_date`` and the period end
    (may predate the period for silent users).
sessions_per_week : float64
    Mean sessions per week (2 decimals).
likes, comments, shares : int64
    Interactions with the brand inside the period.
orders : int64
    Orders inside the period.
spend : float64
    Money spent inside the period (currency, 2 decimals).
last_order_date : datetime64
    Day of the last order inside the period, ``NaT`` when ``orders == 0``;
    the latest of ``orders`` order days spread uniformly over the user's
    active days in the period, so users with more orders tend to have a
    more recent last order.

Examples
--------
>>> from course_lib.sim import Scenario
>>> users = simulate_users(Scenario(n_users=50, days=30))
>>> users.shape[0], users["user_id"].iloc[0]
(50, 'U000001')
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .draw import as_datetime, categorical, categorical_rows, ids, table_rng
from .scenario import Scenario
from .truth import SEGMENTS

__all__ = ["simulate_users", "AGE_BANDS", "GENDERS", "INTERESTS"]

AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55+")
GENDERS = ("female", "male", "undisclosed")
INTERESTS = (
    "tea", "fitness", "travel", "food", "gaming", "anime", "music", "parenting",
    "cooking", "health", "fashion", "deals", "study", "career", "outdoors",
)

# per segment, in SEGMENTS order
_AGE = np.array([
    (0.85, 0.15, 0.00, 0.00, 0.00),
    (0.15, 0.65, 0.18, 0.02, 0.00),
    (0.02, 0.45, 0.45, 0.08, 0.00),
    (0.08, 0.35, 0.30, 0.17, 0.10),
    (0.05, 0.15, 0.28, 0.30, 0.22),
])
_GENDER = np.array([
    (0.55, 0.42, 0.03),
    (0.52, 0.45, 0.03),
    (0.75, 0.23, 0.02),
    (0.60, 0.37, 0.03),
    (0.50, 0.47, 0.03),
])
_TIER = np.array([
    (0.25, 0.35, 0.25, 0.15),
    (0.45, 0.35, 0.15, 0.05),
    (0.30, 0.35, 0.25, 0.10),
    (0.40, 0.35, 0.18, 0.07),
    (0.10, 0.25, 0.35, 0.30),
])
# probability of each interest (INTERESTS order)
_INTEREST = np.array([
    (0.35, 0.15, 0.15, 0.30, 0.55, 0.45, 0.50, 0.01, 0.05, 0.05, 0.25, 0.20, 0.60, 0.05, 0.10),
    (0.40, 0.40, 0.40, 0.35, 0.15, 0.08, 0.25, 0.05, 0.15, 0.20, 0.30, 0.10, 0.05, 0.50, 0.25),
    (0.30, 0.15, 0.20, 0.40, 0.05, 0.03, 0.10, 0.80, 0.45, 0.35, 0.15, 0.30, 0.05, 0.10, 0.15),
    (0.50, 0.70, 0.25, 0.25, 0.05, 0.03, 0.15, 0.10, 0.30, 0.75, 0.10, 0.10, 0.05, 0.10, 0.55),
    (0.30, 0.10, 0.10, 0.40, 0.10, 0.03, 0.10, 0.20, 0.45, 0.15, 0.05, 0.80, 0.02, 0.05, 0.10),
])
_HOUR_SHIFT = (2, 0, -1, -3, 0)
_SESSIONS = (9.0, 6.0, 5.0, 7.0, 4.0)  # mean sessions per week
_ORDERS = (1.5, 3.0, 3.5, 4.0, 2.5)  # orders per year at mean activity
_ORDER_VALUE = (0.7, 1.0, 1.3, 1.2, 0.8)  # x funnel.order_value
_PLATFORM_PREF = {
    # weibo, wechat, douyin, xiaohongshu, bilibili, zhihu, kuaishou
    "cn": np.array([
        (0.15, 0.05, 0.25, 0.15, 0.30, 0.05, 0.05),
        (0.20, 0.25, 0.15, 0.20, 0.05, 0.12, 0.03),
        (0.10, 0.35, 0.20, 0.25, 0.02, 0.03, 0.05),
        (0.10, 0.20, 0.10, 0.35, 0.05, 0.15, 0.05),
        (0.15, 0.20, 0.25, 0.05, 0.02, 0.03, 0.30),
    ]),
    # instagram, tiktok, facebook, x, youtube, linkedin
    "global": np.array([
        (0.30, 0.40, 0.02, 0.08, 0.18, 0.02),
        (0.30, 0.15, 0.10, 0.15, 0.10, 0.20),
        (0.30, 0.10, 0.40, 0.03, 0.15, 0.02),
        (0.40, 0.10, 0.15, 0.05, 0.25, 0.05),
        (0.10, 0.15, 0.50, 0.05, 0.18, 0.02),
    ]),
}
SILENT_SHARE = 0.25  # users whose activity has almost stopped
HISTORY_DAYS = 730  # how far before the start the oldest followers signed up


def simulate_users(sc: Scenario) -> pd.DataFrame:
    """Simulate the ``users`` table (see the module docstring for columns).

    Parameters
    ----------
    sc : Scenario

    Returns
    -------
    pandas.DataFrame
        ``sc.n_users`` rows.
    """
    rng = table_rng(sc.seed, "users")
    t = sc.effects
    n = sc.n_users
    seg = categorical(rng, [t.audience.segment_share[s] for s in SEGMENTS], n)

    age = categorical_rows(rng, _AGE[seg])
    gender = categorical_rows(rng, _GENDER[seg])
    tier = categorical_rows(rng, _TIER[seg]) + 1
    platform = categorical_rows(rng, _PLATFORM_PREF[sc.market][seg])

    # interests: independent Bernoulli per interest, at least one
    has = rng.random((n, len(INTERESTS))) < _INTEREST[seg]
    fallback = categorical_rows(rng, _INTEREST[seg])
    has[np.arange(n), fallback] |= ~has.any(axis=1)
    interests = np.full(n, "", dtype=object)
    for j, name in enumerate(INTERESTS):
        sep = np.where(interests == "", "", ";")
        interests = np.where(has[:, j], interests + sep + name, interests)

    # peak hour: audience activity profile shifted per segment
    hours = np.asarray(t.audience.hour_activity, dtype=float)
    shifted = np.stack([np.roll(hours, s) for s in _HOUR_SHIFT])
    peak_hour = categorical_rows(rng, shifted[seg] ** 2)

    # activity and dates (in days relative to the start)
    sessions = rng.gamma(3.0, np.asarray(_SESSIONS)[seg] / 3.0)
    silent = rng.random(n) < SILENT_SHARE
    sessions = np.where(silent, sessions * 0.03, sessions)
    in_period = rng.random(n) < 0.3
    signup = np.where(
        in_period,
        rng.integers(0, sc.days, n),
        rng.integers(-HISTORY_DAYS, 0, n),
    )
    gap = np.floor(rng.exponential(7.0 / np.maximum(sessions, 1e-3)))
    last_active = np.maximum(signup, (sc.days - 1 - gap).astype(np.int64))
    first_in = np.maximum(signup, 0)
    exposure = np.clip(last_active - first_in + 1, 0, None)  # days active inside period

    per_day = sessions / 7.0 * exposure
    likes = rng.poisson(per_day * 0.6)
    comments = rng.poisson(per_day * 0.08)
    shares = rng.poisson(per_day * 0.05)
    activity = np.sqrt(sessions / np.asarray(_SESSIONS)[seg])
    orders = rng.poisson(np.asarray(_ORDERS)[seg] / 365.0 * exposure * np.minimum(activity, 2.0))
    value = t.funnel.order_value * np.asarray(_ORDER_VALUE)[seg]
    spend = np.where(orders > 0, rng.gamma(np.maximum(orders, 1) * 4.0, value / 4.0), 0.0)
    # max of `orders` uniform order days: U ** (1 / orders) ~ Beta(orders, 1)
    latest = rng.random(n) ** (1.0 / np.maximum(orders, 1))
    last_order = first_in + np.minimum(np.floor(latest * exposure).astype(np.int64),
                                       np.maximum(exposure - 1, 0))

    start = np.datetime64(sc.start, "D")
    last_order_date = as_datetime(start + last_order)
    last_order_date[orders == 0] = np.datetime64("NaT")

    return pd.DataFrame({
        "user_id": ids("U", np.arange(1, n + 1), 6),
        "segment": np.asarray(SEGMENTS, dtype=object)[seg],
        "age_band": np.asarray(AGE_BANDS, dtype=object)[age],
        "gender": np.asarray(GENDERS, dtype=object)[gender],
        "city_tier": tier.astype(np.int64),
        "interests": interests,
        "peak_hour": peak_hour.astype(np.int64),
        "preferred_platform": np.asarray(sc.platforms, dtype=object)[platform],
        "signup_date": as_datetime(start + signup),
        "last_active_date": as_datetime(start + last_active),
        "sessions_per_week": np.round(sessions, 2),
        "likes": likes.astype(np.int64),
        "comments": comments.astype(np.int64),
        "shares": shares.astype(np.int64),
        "orders": orders.astype(np.int64),
        "spend": np.round(spend, 2),
        "last_order_date": last_order_date,
    })
