"""Seeded scenario simulator with known ground truth.

One call turns a :class:`Scenario` (brand, market, period, size, seed and the
true effects) into the course's ten tables plus the :class:`Truth` they were
generated from. Everything is drawn with ``numpy.random.default_rng``; each
table has its own generator (see :mod:`course_lib.sim.draw`), so the same
scenario always gives identical tables, and changing one table's code does
not change the others' random numbers.

Tables (see each module's docstring for columns, dtypes and units)
-------------------------------------------------------------------
``users`` (:mod:`.audience`), ``posts`` (:mod:`.posts`), ``daily_metrics``
(:mod:`.daily`), ``comments`` (:mod:`.comments`), ``campaigns``
(:mod:`.campaigns`), ``ab_tests`` (:mod:`.experiments`), ``survey``
(:mod:`.survey`), ``competitors`` (:mod:`.competitors`), ``community``
(:mod:`.community`), ``influencers`` (:mod:`.influencers`).

Conventions: timestamps are naive local time of the market, stored as
``datetime64[us]`` (what ``pandas.read_csv(parse_dates=...)`` returns);
text columns use pandas' ``str`` dtype; counts are non-negative ``int64``;
money is in ``scenario.currency`` rounded to 2 decimals; other floats are
rounded to a fixed number of decimals so CSV output is byte-stable.

Examples
--------
>>> from course_lib.sim import Scenario, simulate
>>> b = simulate(Scenario(market="cn", seed=2024, days=60))
>>> list(b.tables)[:3]
['users', 'posts', 'daily_metrics']
>>> b.truth.campaigns[0].follows_lift
0.5
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .audience import simulate_users
from .campaigns import simulate_campaigns
from .comments import simulate_comments
from .community import simulate_community
from .competitors import simulate_competitors
from .daily import simulate_daily
from .experiments import simulate_ab_tests
from .influencers import simulate_influencers
from .posts import simulate_posts
from .scenario import Scenario
from .survey import simulate_survey
from .truth import Truth, default_truth

__all__ = ["Scenario", "Truth", "Bundle", "simulate", "default_truth", "TABLES"]

TABLES: tuple[str, ...] = (
    "users",
    "posts",
    "daily_metrics",
    "comments",
    "campaigns",
    "ab_tests",
    "survey",
    "competitors",
    "community",
    "influencers",
)
"""Names of the simulated tables, in the order of ``Bundle.tables``."""


@dataclass(frozen=True)
class Bundle:
    """The result of :func:`simulate`.

    Attributes
    ----------
    tables : dict[str, pandas.DataFrame]
        Table name -> frame, in the order of :data:`TABLES`.
    truth : Truth
        The scenario's truth with realised parts filled in
        (``truth.influencers.suspicious_ids``).
    scenario : Scenario
        The scenario that produced the tables.
    """

    tables: dict[str, pd.DataFrame]
    truth: Truth
    scenario: Scenario

    def __getitem__(self, name: str) -> pd.DataFrame:
        """Shortcut for ``bundle.tables[name]`` with a helpful error."""
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"unknown table {name!r}; available: {', '.join(self.tables)}") from None


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as pandas ``str`` dtype (also when empty or all missing)."""
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("str")
    return frame


def simulate(scenario: Scenario | None = None) -> Bundle:
    """Generate all tables of ``scenario``.

    Parameters
    ----------
    scenario : Scenario, optional
        Defaults to ``Scenario()`` (cn market, 2025, seed 2024).

    Returns
    -------
    Bundle
        ``bundle.tables`` (dict of DataFrames), ``bundle.truth``,
        ``bundle.scenario``.

    Examples
    --------
    >>> b = simulate(Scenario(market="global", days=30, n_users=500))
    >>> bool(b.tables["posts"]["platform"].isin(b.scenario.platforms).all())
    True
    """
    if scenario is None:
        scenario = Scenario()
    if not isinstance(scenario, Scenario):
        raise TypeError(
            f"simulate: expected a course_lib.sim.Scenario, got {type(scenario).__name__}"
        )
    sc = scenario
    users = simulate_users(sc)
    posts = simulate_posts(sc)
    daily = simulate_daily(sc, posts)
    influencers, suspicious = simulate_influencers(sc)
    tables = {
        "users": users,
        "posts": posts,
        "daily_metrics": daily,
        "comments": simulate_comments(sc, posts, users),
        "campaigns": simulate_campaigns(sc),
        "ab_tests": simulate_ab_tests(sc),
        "survey": simulate_survey(sc, users),
        "competitors": simulate_competitors(sc, daily),
        "community": simulate_community(sc),
        "influencers": influencers,
    }
    tables = {name: _tidy(tables[name]) for name in TABLES}
    t = sc.effects
    truth = replace(t, influencers=replace(t.influencers, suspicious_ids=suspicious))
    return Bundle(tables=tables, truth=truth, scenario=sc)
