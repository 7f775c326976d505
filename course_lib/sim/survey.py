"""The ``survey`` table: a customer satisfaction and NPS survey.

A random sample of users (``survey.response_share`` of them) answers once,
on a day drawn uniformly between the later of the user's ``signup_date`` and
the period start, and the period end (nobody answers before signing up). A latent satisfaction is drawn around the
user's segment mean (``truth.survey.satisfaction_mean``) minus the crisis
drop on that day; ``satisfaction`` is it rounded to the 1-5 scale and
``nps`` ~ ``nps_intercept + nps_slope x latent + noise`` rounded to 0-10.

Columns (dtype, unit)
---------------------
respondent_id : str       ``R00001`` ...
user_id : str             ``users.user_id``
date : datetime64         day of the answer (on or after the user's signup)
segment : str             the user's segment (copied from ``users``)
platform : str            the user's preferred platform
satisfaction : int64      1 (very dissatisfied) ... 5 (very satisfied)
nps : int64               0-10 "how likely to recommend" (promoters 9-10,
                          detractors 0-6)
pain_point : str          main complaint: price, taste, availability,
                          packaging, delivery, sugar or none

Examples
--------
>>> from course_lib.sim import Scenario
>>> from course_lib.sim.audience import simulate_users
>>> sc = Scenario(n_users=400)
>>> s = simulate_survey(sc, simulate_users(sc))
>>> bool(s["satisfaction"].between(1, 5).all())
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .draw import as_datetime, categorical_rows, ids, table_rng
from .scenario import Scenario
from .timeline import crisis_intensity
from .truth import PAIN_POINTS, SEGMENTS

__all__ = ["simulate_survey", "PAIN_POINTS"]



def simulate_survey(sc: Scenario, users: pd.DataFrame) -> pd.DataFrame:
    """Simulate the ``survey`` table from the scenario and its ``users``."""
    rng = table_rng(sc.seed, "survey")
    st = sc.effects.survey
    n = min(int(round(st.response_share * len(users))), len(users))
    who = np.sort(rng.choice(len(users), size=n, replace=False))
    start = np.datetime64(sc.start, "D")
    signup = (users["signup_date"].to_numpy().astype("datetime64[D]") - start).astype(np.int64)
    first = np.clip(signup[who], 0, sc.days - 1)  # earliest possible answer day
    day = first + np.floor(rng.random(n) * (sc.days - first)).astype(np.int64)
    order = np.lexsort((who, day))
    who, day = who[order], day[order]
    seg_names = users["segment"].to_numpy()[who]
    seg = pd.Categorical(seg_names, categories=SEGMENTS).codes
    crisis = crisis_intensity(sc)[day]
    mean = np.array([st.satisfaction_mean[s] for s in SEGMENTS])[seg]
    latent = mean - sc.effects.crisis.satisfaction_drop * crisis + rng.normal(0, 0.8, n)
    satisfaction = np.clip(np.rint(latent), 1, 5).astype(np.int64)
    nps = np.clip(np.rint(st.nps_intercept + st.nps_slope * latent + rng.normal(0, 1.2, n)), 0, 10)
    pain = np.array([[st.pain_points[s][p] for p in PAIN_POINTS] for s in SEGMENTS])[seg]
    packaging = PAIN_POINTS.index("packaging")
    pain[:, packaging] += 0.6 * crisis
    pain_point = categorical_rows(rng, pain)
    return pd.DataFrame({
        "respondent_id": ids("R", np.arange(1, n + 1), 5),
        "user_id": pd.Series(users["user_id"].to_numpy()[who], dtype="str"),
        "date": as_datetime(start + day),
        "segment": pd.Series(seg_names, dtype="str"),
        "platform": pd.Series(users["preferred_platform"].to_numpy()[who], dtype="str"),
        "satisfaction": satisfaction,
        "nps": nps.astype(np.int64),
        "pain_point": pd.Series(np.asarray(PAIN_POINTS, dtype=object)[pain_point], dtype="str"),
    })
