"""Exercises of ``02_2_goals_platforms``: growth still needed, re-weighted platform scores, a bad year."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, strategy
from ..checks import Exercise, Mistake, register

NOTEBOOK = "02_2_goals_platforms"
TARGET_AGES = ["18-24", "25-34"]   # the notebook's target audience
WANTED_FORMATS = ["short_video", "image"]
#: the notebook's stated strategic judgement, 1 (weak) to 5 (core)
STRATEGIC = {
    "cn": {"weibo": 3, "wechat": 5, "douyin": 4, "xiaohongshu": 5, "bilibili": 2, "zhihu": 2, "kuaishou": 2},
    "global": {"instagram": 5, "tiktok": 4, "facebook": 3, "x": 2, "youtube": 3, "linkedin": 1},
}
WEIGHTS = {"audience_fit": 0.30, "format_fit": 0.15, "cpm_usd": 0.15, "conv_per_1k": 0.25,
           "strategic_fit": 0.15}
POINTS = {"audience_fit": 2, "format_fit": 1, "cpm_usd": 3, "conv_per_1k": 3, "strategic_fit": 1}
N_SIMS = 10_000
SHOCK_PROB, SHOCK_SIZE = 0.3, 0.5


def _criteria(SEED: int, MARKET: str) -> pd.DataFrame:
    """The notebook's criteria table (section 2)."""
    catalogue = data.load("platforms", seed=SEED, market=MARKET)
    catalogue = catalogue[catalogue["market"] == MARKET].set_index("platform")
    users = data.load("users", seed=SEED, market=MARKET)
    daily = data.load("daily_metrics", seed=SEED, market=MARKET)
    target = users[users["age_band"].isin(TARGET_AGES)]
    totals = daily.groupby("platform")[["conversions", "impressions"]].sum()
    return pd.DataFrame({
        "audience_fit": target["preferred_platform"].value_counts(normalize=True).reindex(catalogue.index),
        "format_fit": strategy.format_match(catalogue["main_formats"], WANTED_FORMATS),
        "cpm_usd": catalogue["cpm_usd"].astype(float),
        "conv_per_1k": (totals["conversions"] / totals["impressions"] * 1000).reindex(catalogue.index),
        "strategic_fit": pd.Series(STRATEGIC[MARKET], dtype=float).reindex(catalogue.index),
    }).rename_axis("platform")


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
                "on May's already higher level, so the equal monthly rate is the square root of "
                "the remaining ratio, minus 1."),
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
    ),
))


# --------------------------------------------------------------------------
# 3. a bad year for the single-platform plan
# --------------------------------------------------------------------------

def plans_for(criteria: pd.DataFrame, daily: pd.DataFrame) -> pd.DataFrame:
    """The notebook's three plans: the top platform alone, the top three, the current mix."""
    top = strategy.score_platforms(criteria, WEIGHTS, lower_is_better=["cpm_usd"])["platform"].tolist()
    current = daily.groupby("platform")["posts"].sum()
    rows = [pd.Series(1.0, index=top[:1]), pd.Series(1 / 3, index=top[:3]), current / current.sum()]
    return (pd.DataFrame(rows, index=["single", "top three", "current mix"])
            .reindex(columns=criteria.index).fillna(0.0))


def simulate(SEED: int, MARKET: str) -> pd.DataFrame:
    """The notebook's shock simulation (section 4)."""
    daily = data.load("daily_metrics", seed=SEED, market=MARKET)
    monthly = (daily.assign(month=daily["date"].dt.month)
               .groupby(["month", "platform"], as_index=False)[["conversions", "posts"]].sum())
    return strategy.shock_simulation(monthly, plans_for(_criteria(SEED, MARKET), daily),
                                     shock_prob=SHOCK_PROB, shock_size=SHOCK_SIZE,
                                     n_sims=N_SIMS, seed=SEED)


def _risk_context(SEED: int, MARKET: str) -> dict:
    return {"sims": simulate(SEED, MARKET)}


def _single(sims: pd.DataFrame) -> pd.Series:
    return sims.loc[sims["plan"] == "single", "value"]


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
    question="the 5th percentile of the simulated annual conversions of the 'single' plan "
             "(a bad year that happens one year in twenty).",
    solve=_bad_year,
    context=_risk_context,
    rtol=1e-6,
    hint="Keep only the simulated years of the plan called 'single', then take the value below "
         "which 5% of those years fall.",
    solution="""
single_years = sims.loc[sims["plan"] == "single", "value"]
bad_year = float(single_years.quantile(0.05))
""",
    mistakes=(
        Mistake(_mean_year,
                "that is the average year. Risk is about the bad years: the value that only "
                "5% of the simulated years fall below."),
        Mistake(_top_tail,
                "that is the 95th percentile, a good year. The bad tail is the 5th percentile."),
        Mistake(_pooled,
                "you mixed the years of all plans. Keep only the rows of the 'single' plan "
                "before taking the percentile."),
    ),
))
