"""Goals and platform selection: SMART goals, weighted platform scoring, weight sensitivity
and a platform-shock simulation (notebook 2.2, 目标设定 / 平台选择).

Sources of the course material this module turns into code:

- seed 003 §一 (高级粉丝增长与互动转化工作安排): goals must be specific,
  measurable, achievable, relevant and time-bound (SMART原则), e.g. followers
  +20 % in a quarter, core interaction +15 %, conversion +10 %;
- seed 000 §二.2 (社交媒体平台选择策略): choose platforms by where the target
  audience is, by the platforms' traits, by resources against returns, spread
  over several channels because a single platform is risky, then test and
  adjust; seed 000 §五.2 (case two): a brand that relied on one platform was
  hit when the platform changed its rules;
- Doran, G. T. (1981). There's a S.M.A.R.T. way to write management's goals
  and objectives. *Management Review*, 70(11), 35-36;
- weighted-sum multi-criteria scoring (simple additive weighting) with
  min-max normalisation, as in Belton, V. & Stewart, T. J. (2002). *Multiple
  Criteria Decision Analysis*. Kluwer.

>>> goal = SmartGoal("followers", baseline=100_000, target=120_000,
...                  start="2025-03-31", deadline="2025-06-30")
>>> round(goal.monthly_growth, 4)
0.0627
>>> scores = score_platforms(pd.DataFrame({"fit": [1.0, 3.0], "cpm": [2.0, 4.0]}, index=["a", "b"]),
...                          {"fit": 0.5, "cpm": 0.5}, lower_is_better=["cpm"])
>>> scores["score"].tolist()
[0.5, 0.5]
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .validation import check_frame, require_columns

__all__ = [
    "METRICS",
    "RATE_METRICS",
    "STRATEGIC_FIT",
    "TARGET_AGES",
    "WANTED_FORMATS",
    "WEIGHTS",
    "SmartGoal",
    "audience_fit",
    "build_plans",
    "format_match",
    "monthly_totals",
    "months_between",
    "normalise",
    "platform_criteria",
    "platform_goals",
    "recommend_plan",
    "score_platforms",
    "shock_simulation",
    "shock_summary",
    "weight_sensitivity",
    "weight_sweep",
]

#: Metrics a goal may be set on, and the direction that counts as better.
METRICS: dict[str, str] = {
    "followers": "up",
    "reach": "up",
    "engagements": "up",
    "engagement_rate": "up",
    "clicks": "up",
    "conversions": "up",
    "conversion_rate": "up",
    "revenue": "up",
    "unfollows": "down",
    "cost_per_conversion": "down",
}

#: Metrics that are shares (0-1): a target above 1 is impossible.
RATE_METRICS: frozenset[str] = frozenset({"engagement_rate", "conversion_rate"})

_NEEDED = {
    "target": "a number to reach (e.g. target=120_000)",
    "baseline": "the starting value it is measured against (e.g. baseline=100_000)",
    "deadline": "a date by which the target is due (e.g. deadline='2025-06-30')",
}


def months_between(start: object, end: object) -> float | np.ndarray:
    """Calendar months from ``start`` to ``end``, with days as fractions of their month.

    Month ends map to whole months (31 Mar to 30 Jun is exactly 3), which is
    how quarterly and monthly goals are stated. ``end`` may be a
    ``DatetimeIndex`` or Series of dates (returns an array).

    >>> months_between("2025-03-31", "2025-06-30"), months_between("2025-04-30", "2025-06-30")
    (3.0, 2.0)
    >>> round(float(months_between("2025-01-01", "2025-01-16")), 3)
    0.484
    """
    a = pd.Timestamp(start)
    b = pd.DatetimeIndex(np.atleast_1d(pd.to_datetime(end)))
    out = ((b.year - a.year) * 12 + (b.month - a.month)
           + b.day / b.days_in_month - a.day / a.days_in_month).to_numpy(dtype=float)
    if np.ndim(end) == 0 and not isinstance(end, (pd.Index, pd.Series, np.ndarray, list)):
        return float(out[0])
    return out


@dataclass(frozen=True)
class SmartGoal:
    """A SMART goal (SMART原则) that refuses to exist unless it is measurable and time-bound.

    Parameters
    ----------
    metric : what is measured; one of :data:`METRICS` (Specific / Measurable).
    baseline : the metric's value at ``start`` (positive number).
    target : the value to reach by ``deadline``; beyond ``baseline`` in the
        metric's direction (up for followers, down for unfollows).
    start : date of the baseline (e.g. the last day of the previous quarter).
    deadline : date the target is due; after ``start`` (Time-bound).
    scope : what the goal covers, e.g. "all platforms" or a platform id.
    why : the business reason (Relevant); free text, not checked.

    Achievability is a judgement, not a check: compare :attr:`monthly_growth`
    with what the account has achieved before (:meth:`progress`).

    Raises
    ------
    ValueError naming every missing part (number, baseline, deadline) and
    what is allowed, or the inconsistency (unknown metric, target not beyond
    the baseline, deadline not after the start).

    Examples
    --------
    >>> g = SmartGoal("followers", baseline=200, target=240, start="2025-03-31", deadline="2025-06-30")
    >>> g.change, round(g.monthly_growth, 4), g.months
    (0.2, 0.0627, 3.0)
    >>> round(g.required_at("2025-05-31"), 2)
    225.85
    >>> SmartGoal("engagement")
    Traceback (most recent call last):
    ...
    ValueError: not a SMART goal: unknown metric 'engagement'; allowed: ['followers', 'reach', 'engagements', 'engagement_rate', 'clicks', 'conversions', 'conversion_rate', 'revenue', 'unfollows', 'cost_per_conversion']
    """

    metric: str
    baseline: float | None = None
    target: float | None = None
    start: pd.Timestamp | str | None = None
    deadline: pd.Timestamp | str | None = None
    scope: str = "all platforms"
    why: str = ""
    _months: float = field(init=False, repr=False, compare=False, default=0.0)

    def __post_init__(self) -> None:
        if not isinstance(self.metric, str) or self.metric not in METRICS:
            raise ValueError(f"not a SMART goal: unknown metric {self.metric!r}; "
                             f"allowed: {list(METRICS)}")
        missing = [name for name in ("target", "baseline", "deadline") if getattr(self, name) is None]
        if self.start is None:
            missing.append("start")
        if missing:
            parts = "; ".join(f"{m}: {_NEEDED.get(m, 'the date of the baseline (e.g. start=' + repr('2025-03-31') + ')')}"
                              for m in missing)
            raise ValueError(f"not a SMART goal for {self.metric!r}: missing {', '.join(missing)}. "
                             f"Give {parts}")
        for name in ("baseline", "target"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
            if not math.isfinite(float(value)) or float(value) <= 0:
                raise ValueError(f"{name} must be a positive finite number, got {value!r}")
        if self.metric in RATE_METRICS and (float(self.target) > 1 or float(self.baseline) > 1):
            raise ValueError(f"{self.metric!r} is a share between 0 and 1; baseline {self.baseline!r} "
                             f"and target {self.target!r} must not exceed 1 (write 5 % as 0.05)")
        try:
            start, deadline = pd.Timestamp(self.start), pd.Timestamp(self.deadline)
        except (ValueError, TypeError) as err:
            raise ValueError(f"start and deadline must be dates like '2025-06-30': {err}") from None
        if deadline <= start:
            raise ValueError(f"deadline {deadline.date()} must be after start {start.date()}")
        direction = METRICS[self.metric]
        if (direction == "up" and self.target <= self.baseline) or \
                (direction == "down" and self.target >= self.baseline):
            word = "above" if direction == "up" else "below"
            raise ValueError(f"target {self.target!r} must be {word} baseline {self.baseline!r} "
                             f"for {self.metric!r} (better is {direction})")
        object.__setattr__(self, "baseline", float(self.baseline))
        object.__setattr__(self, "target", float(self.target))
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "deadline", deadline)
        object.__setattr__(self, "_months", float(months_between(start, deadline)))

    @classmethod
    def from_growth(cls, metric: str, *, baseline: float, growth: float, start: object,
                    deadline: object, **kwargs: object) -> SmartGoal:
        """A goal stated as a relative change, e.g. ``growth=0.20`` for "+20 %".

        >>> SmartGoal.from_growth("followers", baseline=50, growth=0.2, start="2025-03-31",
        ...                       deadline="2025-06-30").target
        60.0
        """
        if isinstance(growth, bool) or not isinstance(growth, (int, float)) or not math.isfinite(growth):
            raise TypeError(f"growth must be a number such as 0.2 for +20 %, got {growth!r}")
        return cls(metric, baseline=baseline, target=baseline * (1 + growth), start=start,
                   deadline=deadline, **kwargs)

    @property
    def months(self) -> float:
        """Months from start to deadline (see :func:`months_between`)."""
        return self._months

    @property
    def change(self) -> float:
        """Total relative change asked for: ``target / baseline - 1``."""
        return round(self.target / self.baseline - 1, 12)

    @property
    def monthly_growth(self) -> float:
        """Compound monthly rate that turns baseline into target by the deadline.

        ``(target / baseline) ** (1 / months) - 1``; not ``change / months``,
        which overshoots because each month grows on the last month's level.
        """
        return (self.target / self.baseline) ** (1 / self.months) - 1

    def required_at(self, when: object) -> float | np.ndarray:
        """Value on the compounded path from baseline (at start) to target (at deadline)."""
        m = np.clip(months_between(self.start, when), 0, self.months)
        path = self.baseline * (self.target / self.baseline) ** (m / self.months)
        return float(path) if np.ndim(path) == 0 else path

    def required_monthly_growth(self, current: float, as_of: object) -> float:
        """Compound monthly rate still needed from ``current`` (measured at ``as_of``) to the target.

        >>> g = SmartGoal("followers", baseline=100, target=121, start="2025-03-31", deadline="2025-05-31")
        >>> round(g.required_monthly_growth(100, "2025-03-31"), 4), round(g.required_monthly_growth(121, "2025-04-30"), 4)
        (0.1, 0.0)
        """
        left = float(months_between(as_of, self.deadline))
        if left <= 0:
            raise ValueError(f"as_of {pd.Timestamp(as_of).date()} is not before the deadline "
                             f"{self.deadline.date()}")
        if not current > 0:
            raise ValueError(f"current must be positive, got {current!r}")
        return (self.target / current) ** (1 / left) - 1

    def progress(self, actual: pd.Series) -> pd.DataFrame:
        """Compare an actual series (DatetimeIndex) with the goal's compounded path.

        Parameters
        ----------
        actual : the metric over time, indexed by date; only dates from
            ``start`` to ``deadline`` are used (at least one is required).

        Returns
        -------
        DataFrame with ``date``, ``actual``, ``required`` (the path),
        ``gap`` (``actual / required - 1``; positive is ahead for "up"
        metrics) and ``on_track`` (at or beyond the path in the goal's
        direction).

        >>> g = SmartGoal("followers", baseline=100, target=121, start="2025-03-31", deadline="2025-05-31")
        >>> s = pd.Series([100, 108, 121], index=pd.to_datetime(["2025-03-31", "2025-04-30", "2025-05-31"]))
        >>> g.progress(s)["on_track"].tolist()
        [True, False, True]
        """
        if not isinstance(actual, pd.Series):
            raise TypeError(f"actual must be a pandas Series indexed by date, got {type(actual).__name__}")
        if not isinstance(actual.index, pd.DatetimeIndex):
            raise TypeError("actual must have a DatetimeIndex (dates of the measurements)")
        window = actual[(actual.index >= self.start) & (actual.index <= self.deadline)].sort_index()
        if window.empty:
            raise ValueError(f"actual has no dates between start {self.start.date()} and deadline "
                             f"{self.deadline.date()}")
        required = self.required_at(window.index)
        out = pd.DataFrame({"date": window.index, "actual": window.to_numpy(dtype=float),
                            "required": required})
        out["gap"] = out["actual"] / out["required"] - 1
        sign = 1 if METRICS[self.metric] == "up" else -1
        out["on_track"] = sign * (out["actual"] - out["required"]) >= -1e-9 * out["required"]
        return out

    def describe(self) -> str:
        """One line a manager can read.

        >>> SmartGoal("followers", baseline=100, target=120, start="2025-03-31", deadline="2025-06-30").describe()
        'followers (all platforms): 100 -> 120 (+20.0%) from 2025-03-31 to 2025-06-30, 6.27% a month compounded'
        """
        return (f"{self.metric} ({self.scope}): {self.baseline:,.6g} -> {self.target:,.6g} "
                f"({self.change:+.1%}) from {self.start.date()} to {self.deadline.date()}, "
                f"{self.monthly_growth:.2%} a month compounded")

    def to_series(self) -> pd.Series:
        """The goal as one row (for a table of goals)."""
        return pd.Series({"metric": self.metric, "scope": self.scope, "baseline": self.baseline,
                          "target": self.target, "change": self.change, "start": self.start.date(),
                          "deadline": self.deadline.date(), "months": round(self.months, 2),
                          "monthly_growth": self.monthly_growth, "why": self.why})


# ---------------------------------------------------------------------------
# platform scoring


def format_match(main_formats: pd.Series, wanted: Sequence[str]) -> pd.Series:
    """How well each platform's formats match the formats the brand wants to make.

    Each wanted format scores by its position in the platform's
    ``;``-separated ``main_formats`` (most important first): 1 for first,
    0.75 second, 0.5 third, 0.25 later, 0 when absent; the result is the
    mean over ``wanted``. A stated, simple rule, not a measurement.

    >>> format_match(pd.Series({"a": "short_video;image", "b": "text"}), ["short_video", "image"]).tolist()
    [0.875, 0.0]
    """
    if not isinstance(main_formats, pd.Series):
        raise TypeError("main_formats must be a pandas Series of ';'-separated formats")
    wanted = list(wanted)
    if not wanted:
        raise ValueError("wanted must name at least one format")
    lists = main_formats.astype(str).str.split(";").map(lambda xs: [x.strip() for x in xs])
    points = {f: lists.map(lambda xs, f=f: max(0.25, 1 - 0.25 * xs.index(f)) if f in xs else 0.0)
              for f in wanted}
    return pd.DataFrame(points).mean(axis=1).rename("format_fit")


def _check_criteria(criteria: pd.DataFrame, lower_is_better: Iterable[str]) -> list[str]:
    check_frame(criteria, "criteria", why="one row per platform, one numeric column per criterion")
    if len(criteria) < 2:
        raise ValueError("criteria needs at least two platforms (rows) to compare")
    if criteria.index.has_duplicates:
        raise ValueError(f"criteria has duplicate platforms in its index: "
                         f"{criteria.index[criteria.index.duplicated()].tolist()}")
    bad = [c for c in criteria.columns if not pd.api.types.is_numeric_dtype(criteria[c])]
    if bad:
        raise TypeError(f"criteria column(s) {bad} are not numeric")
    if criteria.isna().any().any():
        raise ValueError(f"criteria has missing values in column(s) "
                         f"{criteria.columns[criteria.isna().any()].tolist()}")
    lower = list(lower_is_better)
    require_columns(criteria, lower, "criteria (lower_is_better)")
    return lower


def normalise(criteria: pd.DataFrame, *, lower_is_better: Iterable[str] = (),
              method: str = "minmax") -> pd.DataFrame:
    """Put every criterion on a 0-1 scale where 1 is best.

    Parameters
    ----------
    criteria : one row per platform (index), one numeric column per criterion.
    lower_is_better : criteria where a smaller value is better (e.g. CPM); flipped.
    method : "minmax" (``(x - min) / (max - min)``: keeps distances) or
        "rank" (``(rank - 1) / (n - 1)``, ties averaged: only the order counts).
        A criterion with one value for every platform gets 0.5 everywhere: it
        cannot separate them.

    >>> normalise(pd.DataFrame({"cpm": [2.0, 3.0, 6.0]}, index=list("abc")), lower_is_better=["cpm"])["cpm"].tolist()
    [1.0, 0.75, 0.0]
    >>> normalise(pd.DataFrame({"x": [1.0, 2.0, 100.0]}, index=list("abc")), method="rank")["x"].tolist()
    [0.0, 0.5, 1.0]
    """
    lower = _check_criteria(criteria, lower_is_better)
    values = criteria.astype(float)
    if method == "minmax":
        span = values.max() - values.min()
        out = (values - values.min()) / span.where(span > 0)
    elif method == "rank":
        out = (values.rank(method="average") - 1) / (len(values) - 1)
        out.loc[:, (values.nunique() <= 1).to_numpy()] = np.nan
    else:
        raise ValueError(f"method must be 'minmax' or 'rank', got {method!r}")
    out[lower] = 1 - out[lower]
    return out.fillna(0.5)


def _weights(weights: Mapping[str, float] | pd.Series, columns: Sequence[str],
             param: str = "weights") -> pd.Series:
    w = pd.Series(weights, dtype=float) if not isinstance(weights, pd.Series) else weights.astype(float)
    missing = [c for c in columns if c not in w.index]
    extra = [c for c in w.index if c not in columns]
    if missing or extra:
        raise ValueError(f"{param} must have one weight per criterion {list(columns)}; "
                         f"missing {missing}, unknown {extra}")
    w = w.reindex(list(columns))
    if w.isna().any() or (w < 0).any():
        raise ValueError(f"{param} must be non-negative numbers, got {w.to_dict()}")
    total = float(w.sum())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"{param} must sum to 1, they sum to {total:.6g}; divide each weight by "
                         f"their sum (e.g. points 4, 3, 2, 1 -> 0.4, 0.3, 0.2, 0.1)")
    return w


def score_platforms(criteria: pd.DataFrame, weights: Mapping[str, float] | pd.Series, *,
                    lower_is_better: Iterable[str] = (), method: str = "minmax") -> pd.DataFrame:
    """Weighted multi-criteria score of each platform (simple additive weighting).

    Parameters
    ----------
    criteria : one row per platform (index = platform id), one numeric column
        per criterion, in the criterion's own units.
    weights : criterion -> weight; non-negative, one per column, summing to 1.
    lower_is_better, method : passed to :func:`normalise`.

    Returns
    -------
    DataFrame with ``platform``, ``rank`` (1 = best; ties share the better
    rank), ``score`` (0-1, the weighted sum of normalised criteria) and one
    column per criterion holding its **contribution** (weight x normalised
    value; the contributions add up to ``score``), best first.

    >>> c = pd.DataFrame({"fit": [0.1, 0.3, 0.2], "cpm": [5.0, 9.0, 5.0]}, index=["a", "b", "c"])
    >>> s = score_platforms(c, {"fit": 0.6, "cpm": 0.4}, lower_is_better=["cpm"])
    >>> s[["platform", "rank", "score"]].values.tolist()
    [['c', 1, 0.7], ['b', 2, 0.6], ['a', 3, 0.4]]
    """
    norm = normalise(criteria, lower_is_better=lower_is_better, method=method)
    w = _weights(weights, list(criteria.columns))
    contrib = norm * w
    out = contrib.copy()
    out.insert(0, "score", contrib.sum(axis=1).round(12))
    out.insert(0, "rank", out["score"].rank(ascending=False, method="min").astype(int))
    out.index.name = "platform"
    out = out.reset_index()
    return out.sort_values(["rank", "platform"], kind="stable").reset_index(drop=True)


def _score_matrix(criteria: pd.DataFrame, weights: Mapping[str, float] | pd.Series,
                  lower_is_better: Iterable[str], method: str) -> tuple[np.ndarray, pd.Series]:
    norm = normalise(criteria, lower_is_better=lower_is_better, method=method)
    return norm.to_numpy(dtype=float), _weights(weights, list(criteria.columns))


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank (1 = best) of each column within each row; ties broken by column order."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, scores.shape[1] + 1)[None, :].repeat(len(scores), 0), axis=1)
    return ranks


def weight_sensitivity(criteria: pd.DataFrame, weights: Mapping[str, float] | pd.Series, *,
                       top_k: int = 3, n_draws: int = 2000, concentration: float = 30.0,
                       seed: int = 0, lower_is_better: Iterable[str] = (),
                       method: str = "minmax") -> pd.DataFrame:
    """How stable is the ranking if the weights had been set a little differently?

    Draws ``n_draws`` weight vectors from a Dirichlet distribution centred on
    ``weights`` (parameters ``concentration x weights``: larger means closer
    to the base weights; 30 moves a weight of 0.3 by about +-0.08, one
    standard deviation), scores every platform under every draw (one matrix
    product) and counts how often each platform lands first and in the top ``k``.

    Returns
    -------
    DataFrame with ``platform``, ``base_rank``, ``p_first``, ``p_top_k``
    (shares of draws), ``median_rank``, ``rank_best``/``rank_worst`` (5th and
    95th percentile of the rank), sorted by base rank.

    >>> c = pd.DataFrame({"x": [1.0, 0.0, 0.5], "y": [0.0, 1.0, 0.4]}, index=list("abc"))
    >>> s = weight_sensitivity(c, {"x": 0.9, "y": 0.1}, top_k=1, n_draws=200, seed=1)
    >>> s.loc[0, "platform"], bool(s.loc[0, "p_top_k"] > 0.9)
    ('a', True)
    """
    norm, w = _score_matrix(criteria, weights, lower_is_better, method)
    n = len(criteria)
    if not isinstance(top_k, (int, np.integer)) or not 1 <= top_k <= n:
        raise ValueError(f"top_k must be a whole number from 1 to {n} (the number of platforms), got {top_k!r}")
    if not isinstance(n_draws, (int, np.integer)) or n_draws < 1:
        raise ValueError(f"n_draws must be a positive whole number, got {n_draws!r}")
    if not concentration > 0:
        raise ValueError(f"concentration must be positive, got {concentration!r}")
    if (w <= 0).any():
        raise ValueError(f"weights must all be positive for a Dirichlet draw; zero for "
                         f"{w.index[w <= 0].tolist()} (drop those criteria instead)")
    rng = np.random.default_rng(seed)
    draws = rng.dirichlet(concentration * w.to_numpy(), size=n_draws)      # (draws, criteria)
    ranks = _ranks(draws @ norm.T)                                           # (draws, platforms)
    base = _ranks((w.to_numpy() @ norm.T)[None, :])[0]
    out = pd.DataFrame({
        "platform": criteria.index.to_numpy(),
        "base_rank": base,
        "p_first": (ranks == 1).mean(axis=0),
        "p_top_k": (ranks <= top_k).mean(axis=0),
        "median_rank": np.median(ranks, axis=0),
        "rank_best": np.quantile(ranks, 0.05, axis=0),
        "rank_worst": np.quantile(ranks, 0.95, axis=0),
    })
    return out.sort_values("base_rank", kind="stable").reset_index(drop=True)


def weight_sweep(criteria: pd.DataFrame, weights: Mapping[str, float] | pd.Series, *, criterion: str,
                 grid: Sequence[float] | np.ndarray | None = None, lower_is_better: Iterable[str] = (),
                 method: str = "minmax") -> pd.DataFrame:
    """One-at-a-time sweep: set one criterion's weight along ``grid``, rescale the others.

    The other weights keep their proportions and together take ``1 - w``.

    Returns
    -------
    Tidy DataFrame with ``weight`` (of ``criterion``), ``platform``, ``score``
    and ``rank``.

    >>> c = pd.DataFrame({"x": [1.0, 0.0], "y": [0.0, 1.0]}, index=["a", "b"])
    >>> sw = weight_sweep(c, {"x": 0.5, "y": 0.5}, criterion="x", grid=[0.0, 1.0])
    >>> sw[sw["rank"] == 1]["platform"].tolist()
    ['b', 'a']
    """
    norm, w = _score_matrix(criteria, weights, lower_is_better, method)
    if criterion not in w.index:
        raise ValueError(f"criterion must be one of {list(w.index)}, got {criterion!r}")
    grid = np.linspace(0, 1, 21) if grid is None else np.asarray(grid, dtype=float)
    if grid.ndim != 1 or grid.size == 0 or ((grid < 0) | (grid > 1)).any():
        raise ValueError("grid must be a non-empty list of weights between 0 and 1")
    others = w.drop(criterion)
    share = others / others.sum() if others.sum() > 0 else pd.Series(1 / len(others), index=others.index)
    mat = np.empty((grid.size, len(w)))
    pos = list(w.index).index(criterion)
    mat[:, pos] = grid
    rest = [i for i in range(len(w)) if i != pos]
    mat[:, rest] = (1 - grid)[:, None] * share.to_numpy()[None, :]
    scores = mat @ norm.T
    ranks = _ranks(scores)
    return pd.DataFrame({
        "weight": np.repeat(grid, len(criteria)),
        "platform": np.tile(criteria.index.to_numpy(), grid.size),
        "score": scores.ravel(),
        "rank": ranks.ravel(),
    })


# ---------------------------------------------------------------------------
# platform-shock simulation


def shock_simulation(monthly: pd.DataFrame, plans: pd.DataFrame, *, value: str = "conversions",
                     effort: str = "posts", shock_prob: float = 0.3, shock_size: float = 0.5,
                     n_sims: int = 10_000, seed: int = 0) -> pd.DataFrame:
    """Simulate a year of results for several platform plans, with random platform shocks.

    Model (stated assumptions, all vectorised):

    - **Yield.** Each platform returns ``value`` per unit of ``effort`` (e.g.
      conversions per post) as the brand measured it month by month in
      ``monthly``. A simulated year draws 12 of the observed months with
      replacement (the same month for every platform, so platforms that move
      together keep doing so).
    - **Plans.** A plan spreads the brand's average monthly effort over the
      platforms (rows of ``plans``: shares summing to 1). Yield per post is
      assumed not to change with volume (no saturation): optimistic for a plan
      that piles everything on one platform.
    - **Shocks.** Each platform, independently, changes its rules during the
      year with probability ``shock_prob``; from a uniformly drawn month on,
      its yield is cut by ``shock_size`` (source: seed 000 §五.2, a platform's
      policy change hit a brand that relied on it). All plans see the same
      draws (common random numbers), so their differences are not noise.

    Parameters
    ----------
    monthly : tidy frame with ``month``, ``platform``, ``value`` and
        ``effort`` columns: the brand's own results (effort > 0 everywhere).
    plans : one row per plan (index = plan name), one column per platform
        of ``monthly``; non-negative shares summing to 1 per row.
    shock_prob : chance per platform and year of a shock, 0-1.
    shock_size : share of the yield lost after a shock, 0-1.
    n_sims : simulated years; seed : for ``numpy.random.default_rng``.

    Returns
    -------
    Tidy DataFrame with ``plan``, ``sim``, ``value`` (the year's total),
    ``unshocked`` (the same resampled year without any shock: a paired run,
    identical to ``value`` of a run with the same seed and ``shock_prob=0``),
    ``loss`` (``1 - value / unshocked``, the share of the year lost to shocks;
    a ratio of the same plan's two outcomes, so it does not depend on how
    optimistic the plan's yield level is) and ``shocked`` (number of the
    plan's platforms, with share > 0, that were hit).

    >>> m = pd.DataFrame({"month": [1, 1, 2, 2], "platform": ["a", "b", "a", "b"],
    ...                   "conversions": [10, 5, 10, 5], "posts": [1, 1, 1, 1]})
    >>> plans = pd.DataFrame({"a": [1.0, 0.5], "b": [0.0, 0.5]}, index=["single", "mix"])
    >>> sims = shock_simulation(m, plans, shock_prob=0.0, n_sims=3, seed=1)
    >>> sims.groupby("plan")["value"].mean().to_dict()
    {'mix': 180.0, 'single': 240.0}
    """
    check_frame(monthly, "monthly")
    require_columns(monthly, ["month", "platform", value, effort], "monthly")
    check_frame(plans, "plans", why="one row per plan, one column per platform")
    for name, p in (("shock_prob", shock_prob), ("shock_size", shock_size)):
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            raise ValueError(f"{name} must be a number from 0 to 1, got {p!r}")
    if not isinstance(n_sims, (int, np.integer)) or n_sims < 1:
        raise ValueError(f"n_sims must be a positive whole number, got {n_sims!r}")
    wide_v = monthly.pivot_table(index="month", columns="platform", values=value, aggfunc="sum")
    wide_e = monthly.pivot_table(index="month", columns="platform", values=effort, aggfunc="sum")
    unknown = [c for c in plans.columns if c not in wide_v.columns]
    if unknown:
        raise ValueError(f"plans has platform column(s) {unknown} that are not in monthly; "
                         f"available: {list(wide_v.columns)}")
    shares = plans.astype(float).reindex(columns=wide_v.columns, fill_value=0.0)
    if (shares < 0).any().any() or shares.isna().any().any():
        raise ValueError("plans must hold non-negative shares")
    off = shares.index[(shares.sum(axis=1) - 1).abs() > 1e-6].tolist()
    if off:
        raise ValueError(f"plans rows {off} do not sum to 1; each plan's shares must sum to 1")
    if wide_e.isna().any().any() or (wide_e <= 0).any().any():
        raise ValueError(f"monthly: column {effort!r} must be positive for every month and platform "
                         "(a platform without effort in a month has no measured yield)")
    yield_ = (wide_v / wide_e).to_numpy(dtype=float)                     # (months, platforms)
    per_month_effort = float(wide_e.sum(axis=1).mean())
    n_months, n_plat = yield_.shape
    rng = np.random.default_rng(seed)
    months = rng.integers(0, n_months, size=(n_sims, 12))
    draws = yield_[months]                                                # (sims, 12, platforms)
    hit = rng.random((n_sims, n_plat)) < shock_prob
    when = rng.integers(0, 12, size=(n_sims, n_plat))
    after = np.arange(12)[None, :, None] >= when[:, None, :]
    factor = 1 - shock_size * (after & hit[:, None, :])
    year = (draws * factor).sum(axis=1) * per_month_effort                # (sims, platforms), all effort there
    calm = draws.sum(axis=1) * per_month_effort                           # same years, no shock
    totals = year @ shares.to_numpy().T                                   # (sims, plans)
    calm_totals = calm @ shares.to_numpy().T
    with np.errstate(divide="ignore", invalid="ignore"):
        loss = np.where(calm_totals > 0, 1 - totals / calm_totals, 0.0)
    in_plan = shares.to_numpy() > 0                                       # (plans, platforms)
    shocked = hit.astype(int) @ in_plan.T.astype(int)                     # (sims, plans)
    return pd.DataFrame({
        "plan": np.tile(shares.index.to_numpy(), n_sims),
        "sim": np.repeat(np.arange(n_sims), len(shares)),
        "value": totals.ravel(),
        "unshocked": calm_totals.ravel(),
        "loss": loss.ravel(),
        "shocked": shocked.ravel(),
    })


def shock_summary(sims: pd.DataFrame, *, goal: float | None = None, level: float = 0.05) -> pd.DataFrame:
    """Mean, median, lower percentile, spread, loss from shocks and chance of missing ``goal``, per plan.

    Parameters
    ----------
    sims : output of :func:`shock_simulation` (``plan``, ``value``; when
        ``loss`` is present, ``loss_mean`` and ``loss_p95`` are added).
    goal : the annual target; adds ``p_miss`` (share of years below it).
    level : the lower percentile reported as ``low`` (0.05 = 5th percentile,
        a "bad year" that happens one year in twenty); ``loss_p95`` uses
        ``1 - level`` (the loss of a bad year).

    Returns
    -------
    One row per plan: ``mean``, ``median``, ``low``, ``sd``, ``cv`` (the
    coefficient of variation ``sd / mean``: spread relative to the level, so
    plans of different size compare), optionally ``loss_mean``, ``loss_p95``
    and ``p_miss``.

    >>> sims = pd.DataFrame({"plan": ["a"] * 4, "value": [1.0, 2.0, 3.0, 4.0]})
    >>> shock_summary(sims, goal=2.5)[["mean", "p_miss"]].values.tolist()
    [[2.5, 0.5]]
    """
    check_frame(sims, "sims")
    require_columns(sims, ["plan", "value"], "sims")
    if not 0 < level < 0.5:
        raise ValueError(f"level must be between 0 and 0.5, got {level!r}")
    g = sims.groupby("plan", sort=False)["value"]
    out = pd.DataFrame({"mean": g.mean(), "median": g.median(), "low": g.quantile(level),
                        "sd": g.std()})
    out["cv"] = out["sd"] / out["mean"]
    if "loss" in sims.columns:
        gl = sims.groupby("plan", sort=False)["loss"]
        out["loss_mean"] = gl.mean()
        out["loss_p95"] = gl.quantile(1 - level)
    if goal is not None:
        out["p_miss"] = sims["value"].lt(goal).groupby(sims["plan"], sort=False).mean()
    out.index.name = "plan"
    return out.reset_index()


# ---------------------------------------------------------------------------
# the course's platform decision for Lumo Tea (notebook 2.2, its exercises, later notebooks)

#: Lumo Tea's core buyers (age bands of ``users.age_band``).
TARGET_AGES: tuple[str, ...] = ("18-24", "25-34")
#: The formats the content team plans to make (values of the catalogue's ``main_formats``).
WANTED_FORMATS: tuple[str, ...] = ("short_video", "image")
#: The team's stated strategic judgement per platform, 1 (weak) to 5 (core role in the
#: brand plan). Opinion written as numbers, so that it can be challenged line by line.
STRATEGIC_FIT: dict[str, dict[str, int]] = {
    "cn": {"weibo": 3, "wechat": 5, "douyin": 4, "xiaohongshu": 5, "bilibili": 2, "zhihu": 2, "kuaishou": 2},
    "global": {"instagram": 5, "tiktok": 4, "facebook": 3, "x": 2, "youtube": 3, "linkedin": 1},
}
#: Base weights of the platform score: audience and return first (seed 000 §二.2).
WEIGHTS: dict[str, float] = {"audience_fit": 0.30, "format_fit": 0.15, "cpm_usd": 0.15,
                             "conv_per_post": 0.25, "strategic_fit": 0.15}
#: Criteria where lower is better.
LOWER_IS_BETTER: tuple[str, ...] = ("cpm_usd",)


def _catalogue(catalogue: pd.DataFrame, market: str | None = None) -> pd.DataFrame:
    """The catalogue indexed by platform (filtered to ``market`` when it has a market column)."""
    check_frame(catalogue, "catalogue", why="the platform catalogue (data.load('platforms'))")
    cat = catalogue
    if market is not None and "market" in cat.columns:
        cat = cat[cat["market"] == market]
    if "platform" in cat.columns:
        cat = cat.set_index("platform")
    if cat.empty:
        raise ValueError(f"catalogue has no platform of market {market!r}")
    return cat


def audience_fit(users: pd.DataFrame, catalogue: pd.DataFrame, *, target_ages: Sequence[str] = TARGET_AGES,
                 crm_weight: float = 0.5) -> pd.DataFrame:
    """Where the target audience is: the brand's own followers blended with the platform catalogue.

    Two views, each scaled so that the best platform scores 1, then averaged
    with weight ``crm_weight`` on the first:

    - ``crm``: share of the brand's followers in ``target_ages`` whose
      preferred platform it is (``users``). Circular on its own: followers are
      where the brand has posted so far, so this view rewards past habits.
    - ``catalogue``: share of the platform's own audience in the target ages
      (catalogue columns ``age_18_24``, ``age_25_34``, ...): independent of
      the brand, but illustrative figures.

    Platforms without any target follower get 0 on the CRM view (not missing).

    Returns
    -------
    DataFrame indexed by platform (the catalogue's order) with ``crm``,
    ``catalogue`` (the raw shares) and ``audience_fit`` (the blend, 0-1).

    >>> users = pd.DataFrame({"age_band": ["18-24", "18-24", "45-54"], "preferred_platform": ["a", "b", "a"]})
    >>> cat = pd.DataFrame({"age_18_24": [0.2, 0.4]}, index=["a", "b"])
    >>> audience_fit(users, cat, target_ages=["18-24"])["audience_fit"].tolist()
    [0.75, 1.0]
    """
    check_frame(users, "users")
    require_columns(users, ["age_band", "preferred_platform"], "users")
    cat = _catalogue(catalogue)
    if not 0 <= crm_weight <= 1:
        raise ValueError(f"crm_weight must be between 0 and 1, got {crm_weight!r}")
    cols = ["age_" + str(a).replace("-", "_").replace("+", "_plus") for a in target_ages]
    require_columns(cat, cols, "catalogue (age shares of target_ages)")
    target = users[users["age_band"].isin(list(target_ages))]
    if target.empty:
        raise ValueError(f"users has nobody in target_ages {list(target_ages)}; "
                         f"age bands present: {sorted(users['age_band'].unique())}")
    crm = target["preferred_platform"].value_counts(normalize=True).reindex(cat.index).fillna(0.0)
    platform_share = cat[cols].astype(float).sum(axis=1)
    blend = crm_weight * crm / crm.max() + (1 - crm_weight) * platform_share / platform_share.max()
    return pd.DataFrame({"crm": crm, "catalogue": platform_share, "audience_fit": blend}).rename_axis("platform")


def platform_criteria(daily: pd.DataFrame, users: pd.DataFrame, catalogue: pd.DataFrame, *, market: str,
                      target_ages: Sequence[str] = TARGET_AGES, wanted_formats: Sequence[str] = WANTED_FORMATS,
                      strategic: Mapping[str, Mapping[str, float]] = STRATEGIC_FIT,
                      crm_weight: float = 0.5) -> pd.DataFrame:
    """The criteria table of the platform score (seed 000 §二.2), one row per platform.

    Columns: ``audience_fit`` (:func:`audience_fit`), ``format_fit``
    (:func:`format_match` of the catalogue's formats with ``wanted_formats``),
    ``cpm_usd`` (catalogue, cost per 1,000 paid impressions; lower is better),
    ``conv_per_post`` (the brand's conversions per post over ``daily``: the
    return of the unit the team actually spends, a post; conversions per
    1,000 impressions would reward a platform that converts its few
    impressions well but needs many posts to get them) and ``strategic_fit``
    (``strategic[market]``, 1-5).

    >>> from course_lib import data
    >>> crit = platform_criteria(data.load("daily_metrics"), data.load("users"), data.load("platforms"), market="cn")
    >>> list(crit.columns), len(crit)
    (['audience_fit', 'format_fit', 'cpm_usd', 'conv_per_post', 'strategic_fit'], 7)
    """
    check_frame(daily, "daily")
    require_columns(daily, ["platform", "conversions", "posts"], "daily")
    cat = _catalogue(catalogue, market)
    if market not in strategic:
        raise ValueError(f"strategic has no judgement for market {market!r}; markets: {list(strategic)}")
    missing = [p for p in cat.index if p not in strategic[market]]
    if missing:
        raise ValueError(f"strategic[{market!r}] has no score for platform(s) {missing}")
    totals = daily.groupby("platform")[["conversions", "posts"]].sum().reindex(cat.index)
    if totals["posts"].isna().any() or (totals["posts"] <= 0).any():
        raise ValueError(f"daily has no posts for platform(s) "
                         f"{totals.index[~(totals['posts'] > 0)].tolist()}: conversions per post are unknown")
    return pd.DataFrame({
        "audience_fit": audience_fit(users, cat, target_ages=target_ages, crm_weight=crm_weight)["audience_fit"],
        "format_fit": format_match(cat["main_formats"], wanted_formats),
        "cpm_usd": cat["cpm_usd"].astype(float),
        "conv_per_post": totals["conversions"] / totals["posts"],
        "strategic_fit": pd.Series(dict(strategic[market]), dtype=float).reindex(cat.index),
    }).rename_axis("platform")


def monthly_totals(daily: pd.DataFrame, columns: Sequence[str] = ("conversions", "posts")) -> pd.DataFrame:
    """Sum ``columns`` by calendar month and platform (the input of :func:`shock_simulation`).

    >>> d = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-02-01"]),
    ...                   "platform": ["a", "a", "a"], "posts": [1, 2, 3]})
    >>> monthly_totals(d, ["posts"]).values.tolist()
    [[1, 'a', 3], [2, 'a', 3]]
    """
    check_frame(daily, "daily")
    require_columns(daily, ["date", "platform", *columns], "daily")
    return (daily.assign(month=pd.to_datetime(daily["date"]).dt.month)
            .groupby(["month", "platform"], as_index=False)[list(columns)].sum())


def build_plans(scores: pd.DataFrame, criteria: pd.DataFrame, observed: pd.Series, *, top_k: int = 3,
                yield_column: str = "conv_per_post") -> pd.DataFrame:
    """The plans of the shock comparison: shares of the brand's posts per platform.

    - ``top score``: every post on the platform with the best weighted score;
    - ``best yield``: every post on the platform with the best ``yield_column``
      (the fairest single-platform plan on conversions);
    - ``top {k}``: equal shares on the ``top_k`` best-scored platforms;
    - ``current mix``: the brand's observed split of posts (``observed``).

    Returns
    -------
    DataFrame, one row per plan (index), one column per platform of
    ``criteria``; rows sum to 1.

    >>> crit = pd.DataFrame({"conv_per_post": [1.0, 3.0, 2.0]}, index=list("abc"))
    >>> scores = pd.DataFrame({"platform": ["a", "c", "b"]})
    >>> build_plans(scores, crit, pd.Series([1, 1, 2], index=list("abc")), top_k=2).round(2).values.tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.0, 0.5], [0.25, 0.25, 0.5]]
    """
    check_frame(scores, "scores")
    require_columns(scores, ["platform"], "scores")
    require_columns(criteria, [yield_column], "criteria")
    if not isinstance(observed, pd.Series) or (observed < 0).any() or not observed.sum() > 0:
        raise ValueError("observed must be a Series of non-negative posts per platform with a positive sum")
    n = len(criteria)
    if not isinstance(top_k, (int, np.integer)) or not 2 <= top_k <= n:
        raise ValueError(f"top_k must be a whole number from 2 to {n}, got {top_k!r}")
    ranked = scores["platform"].tolist()
    best = criteria[yield_column].idxmax()
    current = observed.reindex(criteria.index).fillna(0.0)
    rows = [pd.Series(1.0, index=ranked[:1]), pd.Series(1.0, index=[best]),
            pd.Series(1 / top_k, index=ranked[:top_k]), current / current.sum()]
    return (pd.DataFrame(rows, index=["top score", "best yield", f"top {top_k}", "current mix"])
            .reindex(columns=criteria.index).fillna(0.0).astype(float))


def recommend_plan(sensitivity: pd.DataFrame, scores: pd.DataFrame, observed: pd.Series, *,
                   robust: float = 0.8, max_multiple: float = 2.0, max_share: float = 0.5) -> pd.DataFrame:
    """A capped platform plan built on the platforms that are robustly in the top set.

    Rules (stated, not optimised):

    1. **Core** platforms are those in the top ``k`` in at least ``robust`` of
       the weight draws (``p_top_k`` of :func:`weight_sensitivity`); at least
       the two with the highest ``p_top_k``.
    2. A core platform gets up to ``max_multiple`` times its observed share of
       posts (beyond that the brand has no data on how the yield holds up) and
       never more than ``max_share`` of all posts (no single point of failure).
       If those caps add up to more than 1 they are scaled down together.
    3. What the core cannot absorb stays on the other platforms in proportion
       to their current posts.

    Roles: the core platform with the largest share is ``lead``, the other core
    platforms ``build``, other platforms with posts ``maintain``, the rest
    ``pause``; ``strongest`` names the criterion that contributes most to the
    platform's score (from ``scores``).

    Returns
    -------
    DataFrame with ``platform``, ``role``, ``current_share``, ``share``,
    ``multiple`` (share / current share), ``p_top_k``, ``strongest``, by share.

    >>> sens = pd.DataFrame({"platform": list("abc"), "p_top_k": [1.0, 0.9, 0.1]})
    >>> scores = pd.DataFrame({"platform": list("abc"), "score": [0.9, 0.8, 0.1],
    ...                        "x": [0.9, 0.8, 0.1]})
    >>> plan = recommend_plan(sens, scores, pd.Series([1, 1, 2], index=list("abc")))
    >>> plan[["platform", "role", "share"]].values.tolist()
    [['a', 'lead', 0.5], ['b', 'build', 0.5], ['c', 'pause', 0.0]]
    """
    check_frame(sensitivity, "sensitivity")
    require_columns(sensitivity, ["platform", "p_top_k"], "sensitivity")
    check_frame(scores, "scores")
    require_columns(scores, ["platform", "score"], "scores")
    for name, v, lo, hi in (("robust", robust, 0, 1), ("max_share", max_share, 0, 1)):
        if not lo < v <= hi:
            raise ValueError(f"{name} must be in (0, 1], got {v!r}")
    if not max_multiple >= 1:
        raise ValueError(f"max_multiple must be at least 1, got {max_multiple!r}")
    p = sensitivity.set_index("platform")["p_top_k"].astype(float)
    if not isinstance(observed, pd.Series) or (observed.reindex(p.index).fillna(0) < 0).any() \
            or not observed.reindex(p.index).sum() > 0:
        raise ValueError("observed must be a Series of non-negative posts per platform with a positive sum")
    current = observed.reindex(p.index).fillna(0.0).astype(float)
    current = current / current.sum()
    order = p.sort_values(ascending=False, kind="stable")
    core = order.index[order >= robust].tolist()
    if len(core) < 2:
        core = order.index[:2].tolist()
    caps = np.minimum(max_multiple * current[core], max_share)
    share = pd.Series(0.0, index=p.index)
    if caps.sum() >= 1:
        share[core] = caps / caps.sum()
    else:
        share[core] = caps
        rest = current.drop(core)
        if rest.sum() > 0:
            share[rest.index] = (1 - caps.sum()) * rest / rest.sum()
        else:
            share[core] = caps / caps.sum()
    contrib = scores.set_index("platform").drop(columns=[c for c in ("rank", "score") if c in scores.columns])
    role = pd.Series("pause", index=p.index)
    role[share > 1e-12] = "maintain"
    role[core] = "build"
    role[share[core].idxmax()] = "lead"
    out = pd.DataFrame({"role": role, "current_share": current, "share": share.round(12),
                        "multiple": share / current.where(current > 0), "p_top_k": p,
                        "strongest": contrib.idxmax(axis=1).reindex(p.index)})
    out.index.name = "platform"
    return out.reset_index().sort_values(["share", "p_top_k"], ascending=False, kind="stable").reset_index(drop=True)


def platform_goals(plan: pd.DataFrame, daily: pd.DataFrame, *, start: object, deadline: object,
                   extra_yield: float = 0.5, maintain_growth: float = 0.05) -> list[SmartGoal]:
    """One SMART goal per platform of a plan (:func:`recommend_plan`) that keeps posts there.

    - ``lead`` / ``build`` platforms: **conversions** over the goal period
      against their conversions in ``daily`` (the baseline year). The target
      grows with the extra posts, but each extra post is assumed to yield
      only ``extra_yield`` of an existing one (diminishing returns; 0.5 is an
      assumption to revisit after the first quarter):
      ``growth = extra_yield x (multiple - 1)``, at least ``maintain_growth``.
    - ``maintain`` platforms (fewer posts): **conversion rate** (conversions /
      clicks, ratio of totals) ``+maintain_growth``: fewer, better posts.
    - ``pause`` platforms get no goal.

    >>> plan = pd.DataFrame({"platform": ["a", "b"], "role": ["lead", "maintain"], "multiple": [2.0, 0.5]})
    >>> d = pd.DataFrame({"platform": ["a", "b"], "conversions": [100, 10], "clicks": [1000, 200]})
    >>> [round(g.target, 4) for g in platform_goals(plan, d, start="2025-12-31", deadline="2026-12-31")]
    [150.0, 0.0525]
    """
    check_frame(plan, "plan")
    require_columns(plan, ["platform", "role", "multiple"], "plan")
    check_frame(daily, "daily")
    require_columns(daily, ["platform", "conversions", "clicks"], "daily")
    if not 0 <= extra_yield <= 1:
        raise ValueError(f"extra_yield must be between 0 and 1, got {extra_yield!r}")
    if not 0 < maintain_growth < 1:
        raise ValueError(f"maintain_growth must be between 0 and 1, got {maintain_growth!r}")
    totals = daily.groupby("platform")[["conversions", "clicks"]].sum()
    goals = []
    for row in plan.itertuples(index=False):
        if row.role in ("lead", "build"):
            growth = max(maintain_growth, extra_yield * (float(row.multiple) - 1))
            goals.append(SmartGoal.from_growth(
                "conversions", baseline=float(totals.at[row.platform, "conversions"]), growth=growth,
                start=start, deadline=deadline, scope=str(row.platform),
                why=f"{row.role}: {row.multiple:.1f}x the posts, each extra post at {extra_yield:.0%} of the yield"))
        elif row.role == "maintain":
            rate = float(totals.at[row.platform, "conversions"] / totals.at[row.platform, "clicks"])
            goals.append(SmartGoal.from_growth(
                "conversion_rate", baseline=rate, growth=maintain_growth, start=start, deadline=deadline,
                scope=str(row.platform), why="maintain: fewer posts, each converting better"))
    return goals
