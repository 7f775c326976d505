"""The ``ab_tests`` table: daily results of the brand's A/B tests.

One row per test x day x variant (A = control, B = treatment), for the test
days inside the period. Per row: ``exposed`` ~ Poisson(exposed_per_day x
weekday activity), ``clicks`` ~ Binomial(exposed, CTR), ``conversions`` ~
Binomial(clicks, conversion rate), where variant B has CTR
``ctr_a * (1 + ctr_lift)`` and conversion rate ``cvr_a * (1 + cvr_lift)``
(true values in ``truth.experiments``).

Columns (dtype, unit)
---------------------
test_id : str             ``T01`` ...
test_name : str           what is tested
platform : str            platform id
date : datetime64         day
variant : str             ``A`` or ``B``
exposed : int64           people who saw the variant
clicks : int64            clicks (<= exposed)
conversions : int64       orders (<= clicks)

Examples
--------
>>> from course_lib.sim import Scenario
>>> ab = simulate_ab_tests(Scenario())
>>> sorted(ab["variant"].unique())
['A', 'B']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .draw import as_datetime, table_rng
from .scenario import Scenario

__all__ = ["simulate_ab_tests"]


def simulate_ab_tests(sc: Scenario) -> pd.DataFrame:
    """Simulate the ``ab_tests`` table (see the module docstring)."""
    rng = table_rng(sc.seed, "ab_tests")
    tests, days, variant = [], [], []
    for i, e in enumerate(sc.effects.experiments):  # a handful of tests
        d = np.arange(max(e.start_day, 0), min(e.start_day + e.days, sc.days))
        tests.append(np.full(2 * len(d), i))
        days.append(np.repeat(d, 2))
        variant.append(np.tile([0, 1], len(d)))
    exps = sc.effects.experiments
    test = np.concatenate(tests) if tests else np.array([], dtype=np.int64)
    day = np.concatenate(days) if days else np.array([], dtype=np.int64)
    var = np.concatenate(variant) if variant else np.array([], dtype=np.int64)
    test, day, var = test.astype(np.int64), day.astype(np.int64), var.astype(np.int64)

    def field(name: str) -> np.ndarray:
        return np.array([getattr(e, name) for e in exps], dtype=float)[test] if len(test) else np.array([])

    weekday = np.asarray(sc.effects.audience.weekday_activity)[sc.weekday()[day]] if len(day) else 1.0
    exposed = rng.poisson(field("exposed_per_day") * weekday)
    ctr = field("ctr_a") * (1 + var * field("ctr_lift"))
    cvr = field("cvr_a") * (1 + var * field("cvr_lift"))
    clicks = rng.binomial(exposed, np.minimum(ctr, 1.0))
    conversions = rng.binomial(clicks, np.minimum(cvr, 1.0))
    start = np.datetime64(sc.start, "D")

    def label(name: str) -> pd.Series:
        return pd.Series(np.array([getattr(e, name) for e in exps] or [""], dtype=object)[test], dtype="str")

    return pd.DataFrame({
        "test_id": label("test_id"),
        "test_name": label("name"),
        "platform": label("platform"),
        "date": as_datetime(start + day),
        "variant": pd.Series(np.array(["A", "B"], dtype=object)[var], dtype="str"),
        "exposed": exposed.astype(np.int64),
        "clicks": clicks.astype(np.int64),
        "conversions": conversions.astype(np.int64),
    })
