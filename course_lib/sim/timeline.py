"""Day-level drivers shared by several tables (deterministic, no randomness).

Each function returns an array with one value per day of the scenario (or
per day x platform), built from the :class:`~course_lib.sim.truth.Truth`.

>>> from course_lib.sim import Scenario
>>> sc = Scenario()
>>> i = crisis_intensity(sc)
>>> float(i[sc.effects.crisis.start_day]), float(i[0])
(1.0, 0.0)
"""
from __future__ import annotations

import numpy as np

from .scenario import Scenario

__all__ = [
    "season",
    "crisis_intensity",
    "campaign_effects",
    "campaign_ids",
    "expected_followers",
    "reach_shock",
]


def season(sc: Scenario) -> np.ndarray:
    """Yearly demand cycle (multiplier, mean ~1) per day."""
    g = sc.effects.growth
    doy = sc.day_of_year()
    return 1.0 + g.seasonality_amplitude * np.cos(2 * np.pi * (doy - g.seasonality_peak_day) / 365.0)


def crisis_intensity(sc: Scenario) -> np.ndarray:
    """Crisis intensity in [0, 1] per day: 1 during the peak, linear recovery."""
    c = sc.effects.crisis
    day = np.arange(sc.days)
    since = day - c.start_day
    peak = (since >= 0) & (since < c.peak_days)
    after = since - c.peak_days
    recovery = np.clip(1.0 - (after + 1) / max(c.recovery_days, 1), 0.0, 1.0)
    return np.where(peak, 1.0, np.where(after >= 0, recovery, 0.0)) * (since >= 0)


def campaign_effects(sc: Scenario) -> dict[str, np.ndarray]:
    """Campaign multipliers per day x platform (shape ``days x n_platforms``).

    Returns a dict with keys ``follows``, ``engagement``, ``conversion`` (each
    ``1 + lift`` inside a campaign on its platforms, else 1) and ``active``
    (bool: a campaign is running on that platform that day).
    """
    plats = sc.platforms
    shape = (sc.days, len(plats))
    out = {k: np.ones(shape) for k in ("follows", "engagement", "conversion")}
    out["active"] = np.zeros(shape, dtype=bool)
    for c in sc.effects.campaigns:
        lo, hi = max(c.start_day, 0), min(c.start_day + c.days, sc.days)
        if lo >= hi:
            continue
        cols = [plats.index(p) for p in c.platforms]
        rows = slice(lo, hi)
        for col in cols:
            out["follows"][rows, col] *= 1 + c.follows_lift
            out["engagement"][rows, col] *= 1 + c.engagement_lift
            out["conversion"][rows, col] *= 1 + c.conversion_lift
            out["active"][rows, col] = True
    return out


def campaign_ids(sc: Scenario) -> np.ndarray:
    """Campaign id per day x platform (object array, ``None`` when none runs).

    If campaigns overlap, the later one in ``effects.campaigns`` wins.
    """
    plats = sc.platforms
    out = np.full((sc.days, len(plats)), None, dtype=object)
    for c in sc.effects.campaigns:
        lo, hi = max(c.start_day, 0), min(c.start_day + c.days, sc.days)
        for p in c.platforms:
            out[lo:hi, plats.index(p)] = c.campaign_id
    return out


def expected_followers(sc: Scenario) -> np.ndarray:
    """Expected followers per day x platform (smooth trajectory used for reach).

    Solves ``f' = g - churn * f`` with ``g`` = organic plus typical post-driven
    follows; realised followers are in ``daily_metrics``.
    """
    t = sc.effects
    day = np.arange(sc.days)[:, None]
    f0 = np.array([t.growth.start_followers[p] for p in sc.platforms], dtype=float)
    g = np.array([t.growth.organic_follows[p] for p in sc.platforms], dtype=float) * 1.15
    c = t.growth.churn_rate
    steady = g / c
    return steady + (f0 - steady) * np.exp(-c * day)


def reach_shock(sc: Scenario) -> np.ndarray:
    """Multiplier on organic reach per day x platform from ``effects.shocks``.

    1 everywhere unless a platform changed its rules; from a shock's
    ``start_day`` on, its platform's column is multiplied by
    ``reach_multiplier`` (several shocks multiply).

    >>> from dataclasses import replace
    >>> from course_lib.sim.truth import PlatformShockTruth
    >>> sc = Scenario(days=10)
    >>> shock = PlatformShockTruth("douyin", start_day=6, reach_multiplier=0.5)
    >>> m = reach_shock(Scenario(days=10, effects=replace(sc.effects, shocks=(shock,))))
    >>> m[:, sc.platforms.index("douyin")].tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5]
    """
    plats = sc.platforms
    out = np.ones((sc.days, len(plats)))
    for s in sc.effects.shocks:
        lo = min(max(s.start_day, 0), sc.days)
        out[lo:, plats.index(s.platform)] *= s.reach_multiplier
    return out
