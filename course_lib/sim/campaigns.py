"""The ``campaigns`` table: the brand's marketing campaigns in the period.

One row per campaign of ``effects.campaigns`` that starts inside the period
(its end is cut at the period end). The true effects are in the Truth, not
in this table.

Columns (dtype, unit)
---------------------
campaign_id : str         ``CA01`` ...
name : str                campaign name (English)
kind : str                online, offline or hybrid
objective : str           awareness, engagement, conversion, sales, ...
platforms : str           platform ids separated by ``;``
start_date, end_date : datetime64   first and last day (inclusive)
budget : float64          planned budget (currency, 2 decimals)
spend : float64           actual spend (currency, 2 decimals)

Examples
--------
>>> from course_lib.sim import Scenario
>>> simulate_campaigns(Scenario())["campaign_id"].tolist()
['CA01', 'CA02', 'CA03', 'CA04']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .draw import as_datetime, table_rng
from .scenario import Scenario

__all__ = ["simulate_campaigns"]


def simulate_campaigns(sc: Scenario) -> pd.DataFrame:
    """Simulate the ``campaigns`` table (see the module docstring)."""
    rng = table_rng(sc.seed, "campaigns")
    kept = [c for c in sc.effects.campaigns if 0 <= c.start_day < sc.days and c.days > 0]
    start = np.datetime64(sc.start, "D")
    first = np.array([c.start_day for c in kept], dtype=np.int64)
    last = np.array([min(c.start_day + c.days, sc.days) - 1 for c in kept], dtype=np.int64)
    budget = np.array([c.budget for c in kept], dtype=float)
    spend = budget * rng.uniform(0.85, 1.05, len(kept))
    return pd.DataFrame({
        "campaign_id": pd.Series([c.campaign_id for c in kept], dtype="str"),
        "name": pd.Series([c.name for c in kept], dtype="str"),
        "kind": pd.Series([c.kind for c in kept], dtype="str"),
        "objective": pd.Series([c.objective for c in kept], dtype="str"),
        "platforms": pd.Series([";".join(c.platforms) for c in kept], dtype="str"),
        "start_date": as_datetime(start + first),
        "end_date": as_datetime(start + last),
        "budget": np.round(budget, 2),
        "spend": np.round(spend, 2),
    })
