"""The ``community`` table: weekly activity of the brand's own community.

The community (WeChat groups for ``cn``, a fan group for ``global``) is
measured against the source plan's targets (``truth.community.targets``):
members +10 % per month, >= 50 % weekly active, >= 20 comments per post,
>= 80 % satisfied. With the default truth the brand meets the active-share
and satisfaction targets (except during the crisis) and misses member
growth and comments per post.

Weeks are aligned to the scenario start; a trailing partial week is dropped.

Columns (dtype, unit)
---------------------
week_start : datetime64   first day of the week
members : int64           members at the end of the week
new_members, left_members : int64
weekly_active : int64     members who posted, commented or reacted that week
posts : int64             posts in the community that week
comments : int64          comments on those posts
pulse_responses : int64   answers to the weekly satisfaction pulse
satisfied : int64         answers "satisfied" or better (<= pulse_responses)

Examples
--------
>>> from course_lib.sim import Scenario
>>> c = simulate_community(Scenario(days=70))
>>> len(c), bool((c["weekly_active"] <= c["members"]).all())
(10, True)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .draw import as_datetime, table_rng
from .scenario import Scenario
from .timeline import crisis_intensity

__all__ = ["simulate_community"]


def simulate_community(sc: Scenario) -> pd.DataFrame:
    """Simulate the ``community`` table (see the module docstring)."""
    rng = table_rng(sc.seed, "community")
    ct = sc.effects.community
    n_weeks = sc.days // 7
    crisis = crisis_intensity(sc)[: n_weeks * 7].reshape(n_weeks, 7).mean(axis=1)
    weekly_growth = (1 + ct.monthly_growth) ** (7 / 30) - 1

    members = np.zeros(n_weeks, dtype=np.int64)
    new = np.zeros(n_weeks, dtype=np.int64)
    left = np.zeros(n_weeks, dtype=np.int64)
    prev = ct.start_members
    for w in range(n_weeks):  # member accounting needs last week's value
        churn = min(ct.weekly_churn * (1 + 2 * crisis[w]), 1.0)
        left[w] = rng.binomial(prev, churn)
        new[w] = rng.poisson(prev * (weekly_growth + ct.weekly_churn) * (1 - 0.5 * crisis[w]))
        prev = prev + new[w] - left[w]
        members[w] = prev

    active = rng.binomial(members, np.clip(ct.active_share + 0.03 * rng.standard_normal(n_weeks), 0, 1))
    posts = rng.poisson(np.full(n_weeks, ct.posts_per_week))
    comments = rng.poisson(posts * ct.comments_per_post * np.exp(0.15 * rng.standard_normal(n_weeks)))
    responses = rng.binomial(members, ct.pulse_share)
    sat = np.clip(ct.satisfaction - sc.effects.crisis.satisfaction_drop / 5 * crisis, 0, 1)
    satisfied = rng.binomial(responses, sat)
    week = np.datetime64(sc.start, "D") + 7 * np.arange(n_weeks)
    return pd.DataFrame({
        "week_start": as_datetime(week),
        "members": members,
        "new_members": new,
        "left_members": left,
        "weekly_active": active.astype(np.int64),
        "posts": posts.astype(np.int64),
        "comments": comments.astype(np.int64),
        "pulse_responses": responses.astype(np.int64),
        "satisfied": satisfied.astype(np.int64),
    })
