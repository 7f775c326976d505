"""Exercises of ``02_2_goals_platforms``: growth still needed, re-weighted platform scores, a bad year."""
from __future__ import annotations

import pandas as pd

from .. import data, strategy
from ..checks import Exercise, Mistake, register

NOTEBOOK = "02_2_goals_platforms"
#: the finance lead's points (exercise 2); the other settings are strategy's constants
POINTS = {"audience_fit": 2, "format_fit": 1, "cpm_usd": 3, "conv_per_post": 3, "strategic_fit": 1}
N_SIMS = 10_000
SHOCK_PROB, SHOCK_SIZE = 0.3, 0.5
TOP_K = 3


def _criteria(SEED: int, MARKET: str) -> pd.DataFrame:
    """The notebook's criteria table (section 2), via :func:`strategy.platform_criteria`."""
    return strategy.platform_criteria(data.load("daily_metrics", seed=SEED, market=MARKET),
                                      data.load("users", seed=SEED, market=MARKET),
                                      data.load("platforms", seed=SEED, market=MARKET), market=MARKET)


# --------------------------------------------------------------------------
# 1. compound monthly growth still needed
# --------------------------------------------------------------------------

def _growth_context(SEED: int, MARKET: str) -> dict:
    daily = data.load("daily_metrics", seed=SEED, market=MARKET)
    followers = daily.pivot(index="date", columns="platform", values="followers")
    focus = str(followers.loc["2025-03-31"].idxmax())
    return {"followers": followers, "FOCUS_PLATFORM": focus}


def _needed(followers: pd.DataFrame, FOCUS_PLATFORM: str) -> float:
    s = followers[FOCUS_PLATFORM]
    goal = strategy.SmartGoal.from_growth("followers", baseline=float(s.loc["2025-03-31"]), growth=0.20,
                                          start="2025-03-31", deadline="2025-06-30")
    return float(goal.required_monthly_growth(float(s.loc["2025-04-30"]), as_of="2025-04-30"))


def _needed_simple(followers: pd.DataFrame, FOCUS_PLATFORM: str) -> float:
    s = followers[FOCUS_PLATFORM]
    return float((1.2 * s.loc["2025-03-31"] / s.loc["2025-04-30"] - 1) / 2)


def _needed_from_start(followers: pd.DataFrame, FOCUS_PLATFORM: str) -> float:
    return 1.2 ** (1 / 3) - 1


def _needed_divided(followers: pd.DataFrame, FOCUS_PLATFORM: str) -> float:
    return 0.2 / 3


def _needed_from_april(followers: pd.DataFrame, FOCUS_PLATFORM: str) -> float:
    # target taken as 1.2 x the 30 April count, which is the same as 1.2 ** (1 / 2) - 1
    s = followers[FOCUS_PLATFORM]
    return float((1.2 * s.loc["2025-04-30"] / s.loc["2025-04-30"]) ** (1 / 2) - 1)


def _needed_total(followers: pd.DataFrame, FOCUS_PLATFORM: str) -> float:
    return _needed(followers.sum(axis=1).to_frame(FOCUS_PLATFORM), FOCUS_PLATFORM)


register(Exercise(
    key="goals.monthly_needed",
    notebook=NOTEBOOK,
    variable="needed",
    question="the compound monthly growth rate FOCUS_PLATFORM's followers need in May and June to "
             "reach the Q2 goal (+20% on 31 March) by 30 June, starting from 30 April.",
    solve=_needed,
    context=_growth_context,
    rtol=1e-6,
    hint="First fix the target: 20% above the follower count on 31 March. Then ask how far the "
         "account still is from it on 30 April, as a ratio, and which equal monthly rate, applied "
         "on top of the previous month twice, closes that ratio.",
    solution="""
focus = followers[FOCUS_PLATFORM]
target = 1.2 * focus.loc["2025-03-31"]
needed = float((target / focus.loc["2025-04-30"]) ** (1 / 2) - 1)
""",
    mistakes=(
        Mistake(_needed_simple,
                "you split the remaining gap into two equal slices. Growth compounds: June grows "
                "on May's already higher level, so two equal slices overshoot the target. Look for "
                "the one rate that, applied twice in a row, closes the gap."),
        Mistake(_needed_from_april,
                "your answer does not depend on the follower counts at all: it spreads +20% over "
                "the two months left, as if the goal were 20% on top of 30 April's count. The goal "
                "was set on 31 March: fix the target from that day's count, then measure how far "
                "30 April still is from it."),
        Mistake(_needed_total,
                "that is the rate for the sum over all accounts. The goal is for FOCUS_PLATFORM "
                "alone: use its column of followers."),
        Mistake(_needed_from_start,
                "that is the rate the goal needed on 31 March. By 30 April the account has moved: "
                "start from where it stands on 30 April and count only the two months left."),
        Mistake(_needed_divided,
                "that divides the quarter's 20% by three months, which ignores both compounding "
                "and what April already delivered. Use the actual follower counts."),
    ),
))


# --------------------------------------------------------------------------
# 2. re-weighted platform scores
# --------------------------------------------------------------------------

def _score_context(SEED: int, MARKET: str) -> dict:
    return {"criteria": _criteria(SEED, MARKET), "POINTS": dict(POINTS)}


def _finance_scores(criteria: pd.DataFrame, POINTS: dict) -> pd.Series:
    weights = {k: v / sum(POINTS.values()) for k, v in POINTS.items()}
    table = strategy.score_platforms(criteria, weights, lower_is_better=["cpm_usd"])
    return table.set_index("platform")["score"].reindex(criteria.index)


def _minmax(criteria: pd.DataFrame) -> pd.DataFrame:
    return (criteria - criteria.min()) / (criteria.max() - criteria.min())


def _points_not_normalised(criteria: pd.DataFrame, POINTS: dict) -> pd.Series:
    norm = _minmax(criteria)
    norm["cpm_usd"] = 1 - norm["cpm_usd"]
    return (norm * pd.Series(POINTS)).sum(axis=1)


def _raw_criteria(criteria: pd.DataFrame, POINTS: dict) -> pd.Series:
    w = pd.Series(POINTS) / sum(POINTS.values())
    return (criteria * w).sum(axis=1)


def _sorted_by_score(criteria: pd.DataFrame, POINTS: dict) -> pd.Series:
    weights = {k: v / sum(POINTS.values()) for k, v in POINTS.items()}
    table = strategy.score_platforms(criteria, weights, lower_is_better=["cpm_usd"])
    return table.set_index("platform")["score"]


def _base_weights(criteria: pd.DataFrame, POINTS: dict) -> pd.Series:
    table = strategy.score_platforms(criteria, strategy.WEIGHTS, lower_is_better=["cpm_usd"])
    return table.set_index("platform")["score"].reindex(criteria.index)


def _cpm_not_flipped(criteria: pd.DataFrame, POINTS: dict) -> pd.Series:
    w = pd.Series(POINTS) / sum(POINTS.values())
    return (_minmax(criteria) * w).sum(axis=1)


register(Exercise(
    key="goals.finance_scores",
    notebook=NOTEBOOK,
    variable="finance_scores",
    question="each platform's weighted score (0-1) with the finance lead's POINTS turned into "
             "weights, min-max normalised criteria and CPM counted as lower-is-better, as a Series "
             "in the order of criteria's rows.",
    solve=_finance_scores,
    context=_score_context,
    rtol=1e-6,
    hint="Three steps: turn points into weights that add up to 1; put every criterion on a 0-1 "
         "scale where 1 is best (a cost is best when it is lowest); then add up weight times "
         "normalised value for each platform.",
    solution="""
from course_lib import strategy

finance_weights = {k: v / sum(POINTS.values()) for k, v in POINTS.items()}
finance_table = strategy.score_platforms(criteria, finance_weights, lower_is_better=["cpm_usd"])
finance_scores = finance_table.set_index("platform")["score"].reindex(criteria.index)
""",
    mistakes=(
        Mistake(_points_not_normalised,
                "your scores go above 1: the points were used as weights directly. Divide each "
                "point by the sum of the points so that the weights add up to 1."),
        Mistake(_raw_criteria,
                "you weighted the raw criteria. They are in different units (shares, dollars, "
                "conversions per 1,000), so the column with the biggest numbers decides the "
                "ranking. Normalise each criterion to 0-1 first."),
        Mistake(_cpm_not_flipped,
                "you rewarded the most expensive platform: CPM is a cost. After min-max, use "
                "1 minus the normalised CPM so that the cheapest platform scores 1."),
        Mistake(_sorted_by_score,
                "the scores are right, but they are in the order of the ranking (best first). "
                "The exercise asks for criteria's row order: reorder your Series by criteria's index."),
        Mistake(_base_weights,
                "these are the scores with the base WEIGHTS of the lesson. The finance lead's "
                "POINTS are meant to replace them: turn the points into weights and score again."),
    ),
))


# --------------------------------------------------------------------------
# 3. a bad year for the single-platform plan
# --------------------------------------------------------------------------

def simulate(SEED: int, MARKET: str) -> pd.DataFrame:
    """The notebook's shock simulation (section 4)."""
    daily = data.load("daily_metrics", seed=SEED, market=MARKET)
    criteria = _criteria(SEED, MARKET)
    scores = strategy.score_platforms(criteria, strategy.WEIGHTS, lower_is_better=strategy.LOWER_IS_BETTER)
    plans = strategy.build_plans(scores, criteria, daily.groupby("platform")["posts"].sum(), top_k=TOP_K)
    return strategy.shock_simulation(strategy.monthly_totals(daily), plans,
                                     shock_prob=SHOCK_PROB, shock_size=SHOCK_SIZE,
                                     n_sims=N_SIMS, seed=SEED)


def _risk_context(SEED: int, MARKET: str) -> dict:
    return {"sims": simulate(SEED, MARKET)}


def _single(sims: pd.DataFrame) -> pd.Series:
    return sims.loc[sims["plan"] == "top score", "value"]


def _bad_year(sims: pd.DataFrame) -> float:
    return float(_single(sims).quantile(0.05))


def _mean_year(sims: pd.DataFrame) -> float:
    return float(_single(sims).mean())


def _top_tail(sims: pd.DataFrame) -> float:
    return float(_single(sims).quantile(0.95))


def _pooled(sims: pd.DataFrame) -> float:
    return float(sims["value"].quantile(0.05))


register(Exercise(
    key="goals.bad_year",
    notebook=NOTEBOOK,
    variable="bad_year",
    question="the 5th percentile of the simulated annual conversions of the 'top score' plan "
             "(a bad year that happens one year in twenty).",
    solve=_bad_year,
    context=_risk_context,
    rtol=1e-3,
    hint="Keep only the simulated years of the plan called 'top score', then take the value below "
         "which 5% of those years fall.",
    solution="""
single_years = sims.loc[sims["plan"] == "top score", "value"]
bad_year = float(single_years.quantile(0.05))
""",
    mistakes=(
        Mistake(_mean_year,
                "that is the average year. Risk is about the bad years: the value that only "
                "5% of the simulated years fall below."),
        Mistake(_top_tail,
                "that is the 95th percentile, a good year. The bad tail is the 5th percentile."),
        Mistake(_pooled,
                "you mixed the years of all plans. Keep only the rows of the 'top score' plan "
                "before taking the percentile."),
    ),
))
