"""The scenario: brand, market, period, size and seed of a simulated data set.

Examples
--------
>>> from course_lib.sim import Scenario
>>> sc = Scenario(market="global", seed=7, days=90)
>>> sc.platforms[:2], sc.currency, str(sc.end.date())
(('instagram', 'tiktok'), 'USD', '2025-03-31')
"""
from __future__ import annotations

import datetime as _dt
import math
import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course_lib.markets import MARKETS

from .truth import Truth, default_truth

__all__ = ["Scenario"]


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


@dataclass(frozen=True)
class Scenario:
    """What to simulate. Frozen and hashable, so it can be a cache key.

    Parameters
    ----------
    brand : str
        Brand name used in comments and the competitor table.
    market : {"cn", "global"}
        Market; decides platforms, comment language and currency
        (``cn``: Chinese comments, CNY; ``global``: English, USD).
    start : str
        First day, ISO format ``"YYYY-MM-DD"`` (a ``datetime.date`` is
        accepted and stored as its ISO string).
    days : int
        Length of the period in days (positive).
    seed : int
        Non-negative seed; same scenario -> identical tables.
    n_users : int
        Number of users in the ``users`` table (positive).
    posts_per_day : float
        Mean number of brand posts per day over all platforms (positive).
    effects : Truth or None
        The true effects. ``None`` (default) means
        :func:`course_lib.sim.truth.default_truth` for ``market``; after
        construction ``effects`` is always a :class:`Truth`.

    Raises
    ------
    ValueError, TypeError
        With a message naming the field and what is allowed.

    Examples
    --------
    >>> Scenario(market="cn", seed=2024).effects.currency
    'CNY'
    >>> Scenario(market="mars")
    Traceback (most recent call last):
    ...
    ValueError: Scenario.market: unknown market 'mars'; allowed: cn, global
    """

    brand: str = "Lumo Tea"
    market: str = "cn"
    start: str = "2025-01-01"
    days: int = 365
    seed: int = 2024
    n_users: int = 20_000
    posts_per_day: float = 11.0
    effects: Truth | None = field(default=None)

    def __post_init__(self) -> None:
        if not isinstance(self.brand, str) or not self.brand.strip():
            raise TypeError(f"Scenario.brand: expected a non-empty string, got {self.brand!r}")
        if not isinstance(self.market, str) or self.market not in MARKETS:
            raise ValueError(
                f"Scenario.market: unknown market {self.market!r}; "
                f"allowed: {', '.join(sorted(MARKETS))}"
            )
        start = self.start
        if isinstance(start, _dt.datetime):
            start = start.date()
        if isinstance(start, _dt.date):
            start = start.isoformat()
        if not isinstance(start, str):
            raise TypeError(
                f"Scenario.start: expected an ISO date string 'YYYY-MM-DD', got {self.start!r}"
            )
        try:
            start = _dt.date.fromisoformat(start).isoformat()
        except ValueError:
            raise ValueError(
                f"Scenario.start: {self.start!r} is not an ISO date 'YYYY-MM-DD'"
            ) from None
        object.__setattr__(self, "start", start)
        for name in ("days", "n_users"):
            value = getattr(self, name)
            if not _is_int(value):
                raise TypeError(f"Scenario.{name}: expected a positive int, got {value!r}")
            if value <= 0:
                raise ValueError(f"Scenario.{name}: must be a positive int, got {value!r}")
            object.__setattr__(self, name, int(value))
        if not _is_int(self.seed):
            raise TypeError(f"Scenario.seed: expected a non-negative int, got {self.seed!r}")
        if self.seed < 0:
            raise ValueError(f"Scenario.seed: must be a non-negative int, got {self.seed!r}")
        object.__setattr__(self, "seed", int(self.seed))
        ppd = self.posts_per_day
        if not isinstance(ppd, numbers.Real) or isinstance(ppd, bool):
            raise TypeError(f"Scenario.posts_per_day: expected a positive number, got {ppd!r}")
        if not math.isfinite(ppd) or ppd <= 0 or ppd > 1000:
            raise ValueError(
                f"Scenario.posts_per_day: must be a number in (0, 1000], got {ppd!r}"
            )
        object.__setattr__(self, "posts_per_day", float(ppd))
        if self.effects is None:
            object.__setattr__(self, "effects", default_truth(self.market))
        elif not isinstance(self.effects, Truth):
            raise TypeError(
                f"Scenario.effects: expected a course_lib.sim.Truth or None, "
                f"got {type(self.effects).__name__}"
            )
        self.effects.check(self.market)

    def __repr__(self) -> str:
        effects = (
            f"default_truth({self.market!r})"
            if self.effects == default_truth(self.market)
            else "<custom Truth, see .effects>"
        )
        return (
            f"Scenario(brand={self.brand!r}, market={self.market!r}, start={self.start!r}, "
            f"days={self.days}, seed={self.seed}, n_users={self.n_users}, "
            f"posts_per_day={self.posts_per_day}, effects={effects})"
        )

    # ---------------------------------------------------------------- helpers
    @property
    def platforms(self) -> tuple[str, ...]:
        """Platform ids of the market, in display order."""
        return MARKETS[self.market]

    @property
    def currency(self) -> str:
        """Currency of all money columns (``CNY`` or ``USD``)."""
        return self.effects.currency  # type: ignore[union-attr]

    @property
    def start_ts(self) -> pd.Timestamp:
        """First day as a timestamp (midnight)."""
        return pd.Timestamp(self.start)

    @property
    def end(self) -> pd.Timestamp:
        """Last day of the period (midnight of the last day)."""
        return self.start_ts + pd.Timedelta(days=self.days - 1)

    def day_dates(self) -> np.ndarray:
        """The ``days`` dates of the period as ``datetime64[us]``."""
        start = np.datetime64(self.start, "D")
        return (start + np.arange(self.days)).astype("datetime64[us]")

    def weekday(self) -> np.ndarray:
        """Weekday of each day, Monday = 0."""
        start = np.datetime64(self.start, "D")
        # 1970-01-01 was a Thursday (weekday 3)
        return ((start + np.arange(self.days)).astype("int64") + 3) % 7

    def day_of_year(self) -> np.ndarray:
        """Day of year (0-based) of each day."""
        dates = self.start_ts + pd.to_timedelta(np.arange(self.days), unit="D")
        return np.asarray(dates.day_of_year - 1)
