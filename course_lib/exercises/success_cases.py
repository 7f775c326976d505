"""Exercises of ``05_1_success_cases``: which lever drove a success case, and by how much."""
from __future__ import annotations

import pandas as pd

from .. import cases, levers
from ..checks import Exercise, Mistake, register

NOTEBOOK = "05_1_success_cases"


def success_context(SEED: int, MARKET: str, case: str) -> dict:
    """The notebook's parameters plus the case's posts and the lever it is known for."""
    return {"SEED": SEED, "MARKET": MARKET, "case": case,
            "posts": cases.load("posts", case, seed=SEED, market=MARKET),
            "focus": levers.focus_lever(case, MARKET)}


# ------------------------------------------------------------------ Exercise 1: uplift of the focus lever
def _subset(posts: pd.DataFrame, focus: dict) -> pd.DataFrame:
    return posts[posts["platform"] == focus["platform"]] if focus["platform"] else posts


def _estimate(posts: pd.DataFrame, focus: dict, outcome: str = "engagement_rate",
              level: float = 0.95, whole: bool = False) -> pd.Series:
    sub = posts if whole else _subset(posts, focus)
    fx = levers.lever_effects(sub, outcomes=[outcome], level=level)
    return fx.loc[fx["lever"] == focus["lever"]].iloc[0]


def _true_uplift(SEED: int, MARKET: str, case: str, posts: pd.DataFrame, focus: dict) -> float:
    t = levers.truth_levers(case, SEED, MARKET)
    row = t[(t["lever"] == focus["lever"]) & (t["outcome"] == focus["outcome"])]
    return float(row["truth"].iloc[0])


def _tolerance(SEED: int, MARKET: str, case: str, posts: pd.DataFrame, focus: dict) -> float:
    """Half-width of the estimate's own 99 % interval (multiplier scale, the wider side)."""
    r = _estimate(posts, focus, level=0.99)
    return float(max(r["ci_high"] - r["estimate"], r["estimate"] - r["ci_low"]))


register(Exercise(
    key="success.lever_uplift",
    notebook=NOTEBOOK,
    variable="uplift",
    question="the multiplicative uplift of the case's focus lever on the engagement rate, with controls "
             "(graded against the simulator's true effect, within the estimate's 99 % interval).",
    solve=_true_uplift,
    context=success_context,
    tolerance=_tolerance,
    hint="Keep the posts of `focus['platform']` if it is not empty, run `levers.lever_effects` with "
         "`outcomes=[\"engagement_rate\"]` and read the `estimate` of the row whose `lever` is "
         "`focus['lever']`. The estimate is already a multiplier (1.3 = +30 %).",
    solution="""
from course_lib import levers
sub = posts[posts["platform"] == focus["platform"]] if focus["platform"] else posts
effects = levers.lever_effects(sub, outcomes=["engagement_rate"])
uplift = effects.loc[effects["lever"] == focus["lever"], "estimate"].item()
""",
    mistakes=(
        Mistake(lambda SEED, MARKET, case, posts, focus: float(_estimate(posts, focus)["estimate"] - 1),
                "that is the relative change (+x %), not the multiplier: the question asks for "
                "the uplift as a factor, where 1.0 means no effect."),
        Mistake(lambda SEED, MARKET, case, posts, focus: levers.raw_ratio(_subset(posts, focus), lever=focus["lever"]),
                "that is the raw ratio of engagement rates with and without the lever. Posts with "
                "the lever differ in platform, month, topic and other levers: use the regression "
                "with controls."),
        Mistake(lambda SEED, MARKET, case, posts, focus: float(_estimate(posts, focus, "reach")["estimate"]),
                "that is the lever's effect on reach per post. The question is about the "
                "engagement rate (engagements per person reached)."),
        Mistake(lambda SEED, MARKET, case, posts, focus: float(_estimate(posts, focus, whole=True)["estimate"]),
                "that estimate pools every platform. This lever is measured on the case's main "
                "platform (`focus['platform']`): a format does not work the same everywhere."),
    ),
))


# ------------------------------------------------------------------ Exercise 2: top lever
def _ranking(posts: pd.DataFrame, outcome: str = "engagement_rate") -> pd.DataFrame:
    return levers.rank_levers(levers.lever_effects(posts, outcomes=[outcome]), outcome=outcome)


def _top_lever(SEED: int, MARKET: str, case: str, posts: pd.DataFrame, focus: dict) -> str:
    return str(_ranking(posts)["lever"].iloc[0])


def _by_effect(SEED: int, MARKET: str, case: str, posts: pd.DataFrame, focus: dict) -> str:
    r = _ranking(posts)
    return str(r.loc[r["estimate"].idxmax(), "lever"])


def _by_share(SEED: int, MARKET: str, case: str, posts: pd.DataFrame, focus: dict) -> str:
    r = _ranking(posts)
    return str(r.loc[r["share"].idxmax(), "lever"])


def _on_reach(SEED: int, MARKET: str, case: str, posts: pd.DataFrame, focus: dict) -> str:
    return str(_ranking(posts, "reach")["lever"].iloc[0])


register(Exercise(
    key="success.top_lever",
    notebook=NOTEBOOK,
    variable="top_lever",
    question="the lever with the largest contribution to the engagement rate (share of posts x (uplift - 1)).",
    solve=_top_lever,
    context=success_context,
    hint="Run `levers.lever_effects` on `posts` for the outcome `\"engagement_rate\"`, pass the result "
         "to `levers.rank_levers(..., outcome=\"engagement_rate\")` and take the `lever` of rank 1.",
    solution="""
from course_lib import levers
effects = levers.lever_effects(posts, outcomes=["engagement_rate"])
ranked = levers.rank_levers(effects, outcome="engagement_rate")
top_lever = ranked["lever"].iloc[0]
""",
    mistakes=(
        Mistake(_by_effect,
                "that lever has the biggest uplift per post, but the ranking asks how much it "
                "contributed over the year: multiply the effect by how often the lever was used."),
        Mistake(_by_share,
                "that lever is simply the most used one. Use alone does not drive results: weigh "
                "each lever's share of posts by its effect (uplift - 1)."),
        Mistake(_on_reach,
                "that ranking is on reach per post. The question is about the engagement rate "
                "(engagements per person reached): rank the engagement-rate effects."),
    ),
))
