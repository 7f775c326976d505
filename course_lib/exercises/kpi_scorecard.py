"""Exercises of ``04_2_kpi_scorecard``: denominators, targets and share of voice."""
from __future__ import annotations

import pandas as pd

from .. import data, kpi
from ..checks import Exercise, Mistake, register

NOTEBOOK = "04_2_kpi_scorecard"
UPLIFT = 0.15  # the source plan's "+15 % core interaction" (003, goal setting)


def _posts_with_followers(SEED: int, MARKET: str) -> pd.DataFrame:
    posts = data.load("posts", seed=SEED, market=MARKET)
    posts["followers"] = kpi.followers_at_post(posts, data.load("daily_metrics", seed=SEED, market=MARKET))
    return posts


def _quarters(stamps: pd.Series) -> tuple[str, str]:
    """The scorecard's baseline and current quarter: the second and third of the data."""
    first = stamps.min().to_period("Q")
    return str(first + 1), str(first + 2)


def _quarter(stamps: pd.Series) -> pd.Series:
    return stamps.dt.to_period("Q").astype(str)


# --------------------------------------------------------------------------
# 1. engagement rate per follower by platform
# --------------------------------------------------------------------------

def _er_context(SEED: int, MARKET: str) -> dict:
    return {"posts": _posts_with_followers(SEED, MARKET)}


def _er_followers(posts: pd.DataFrame) -> pd.Series:
    return kpi.engagement_rate(posts, denominator="followers", aggregate="ratio", by="platform")


def _er_year_followers(posts: pd.DataFrame) -> pd.Series:
    eng = kpi.engagements(posts).groupby(posts["platform"]).sum()
    return eng / posts.groupby("platform")["followers"].max()


register(Exercise(
    key="kpi.er_per_follower",
    notebook=NOTEBOOK,
    variable="er_followers",
    question="the engagement rate by followers of each platform, as a ratio of totals.",
    solve=_er_followers,
    context=_er_context,
    rtol=1e-6,
    hint="Use `kpi.engagement_rate` with `denominator=\"followers\"` (the `followers` column holds "
         "the audience when each post went out), `aggregate=\"ratio\"` and `by=\"platform\"`.",
    solution="""
from course_lib import kpi
er_followers = kpi.engagement_rate(posts, denominator="followers", aggregate="ratio", by="platform")
""",
    mistakes=(
        Mistake(lambda posts: kpi.engagement_rate(posts, denominator="reach", aggregate="ratio", by="platform"),
                "that is the engagement rate by reach. The question asks for the follower base as the "
                "denominator: the `followers` column, not `reach`."),
        Mistake(lambda posts: kpi.engagement_rate(posts, denominator="followers", aggregate="mean",
                                                  by="platform"),
                "that is the mean of the per-post rates, where every post weighs the same. A ratio of "
                "totals adds up the engagements and the follower counts first, then divides."),
        Mistake(_er_year_followers,
                "you divided a whole year of engagements by a single follower count, which gives "
                "engagements per follower per year, not per post. Divide by the follower count "
                "counted once per post (the sum of the `followers` column)."),
    ),
))


# --------------------------------------------------------------------------
# 2. core interaction rate against its target
# --------------------------------------------------------------------------

def _posts_context(SEED: int, MARKET: str) -> dict:
    posts = _posts_with_followers(SEED, MARKET)
    baseline, current = _quarters(posts["timestamp"])
    return {"posts": posts, "BASELINE": baseline, "CURRENT": current}


def _core_rate(posts: pd.DataFrame, quarter: str, *, columns=("comments", "shares"), mean: bool = False) -> float:
    p = posts[_quarter(posts["timestamp"]) == quarter]
    return kpi.engagement_rate(p, engagements=list(columns), denominator="reach",
                               aggregate="mean" if mean else "ratio")


def _vs_target(actual: float, target: float) -> float:
    return (actual - target) / abs(target)


def _core_vs_target(posts: pd.DataFrame, BASELINE: str, CURRENT: str) -> float:
    target = _core_rate(posts, BASELINE) * (1 + UPLIFT)
    return _vs_target(_core_rate(posts, CURRENT), target)


register(Exercise(
    key="kpi.core_interaction_vs_target",
    notebook=NOTEBOOK,
    variable="core_vs_target",
    question="how far the current quarter's core interaction rate is from its target "
             "(baseline + 15 %), as a fraction of the target.",
    solve=_core_vs_target,
    context=_posts_context,
    rtol=1e-6,
    hint="Core interaction = (comments + shares) / reach, a ratio of totals over the quarter's posts. "
         "Compute it for BASELINE and CURRENT (compare `posts[\"timestamp\"].dt.to_period(\"Q\")` "
         "with the quarter), set target = baseline × 1.15, then (actual − target) / target.",
    solution="""
from course_lib import kpi
quarter = posts["timestamp"].dt.to_period("Q").astype(str)
def core_rate(q):
    return kpi.engagement_rate(posts[quarter == q], engagements=["comments", "shares"],
                               denominator="reach", aggregate="ratio")
target = core_rate(BASELINE) * 1.15
core_vs_target = (core_rate(CURRENT) - target) / target
""",
    mistakes=(
        Mistake(lambda posts, BASELINE, CURRENT: _vs_target(
                    _core_rate(posts, CURRENT, mean=True), _core_rate(posts, BASELINE, mean=True) * (1 + UPLIFT)),
                "you averaged the per-post rates. For the brand's quarter, add up comments, shares and "
                "reach over all posts first, then divide (ratio of totals): a post seen by 50,000 "
                "people should weigh more than one seen by 500."),
        Mistake(lambda posts, BASELINE, CURRENT: _vs_target(
                    _core_rate(posts, CURRENT, columns=kpi.ENGAGEMENT_COLUMNS),
                    _core_rate(posts, BASELINE, columns=kpi.ENGAGEMENT_COLUMNS) * (1 + UPLIFT)),
                "you counted all four engagement types. The plan's *core* interaction counts only "
                "comments and shares, not likes and saves."),
        Mistake(lambda posts, BASELINE, CURRENT: _vs_target(_core_rate(posts, CURRENT), _core_rate(posts, BASELINE)),
                "you compared with the baseline itself. The target is the baseline raised by 15 %: "
                "multiply the baseline rate by 1.15 first."),
        Mistake(lambda posts, BASELINE, CURRENT: _vs_target(_core_rate(posts, CURRENT), _core_rate(posts, BASELINE)
                                                            + UPLIFT),
                "you added 0.15 to the rate, i.e. 15 percentage points. '+15 %' is relative: "
                "baseline × 1.15."),
        Mistake(lambda posts, BASELINE, CURRENT: -_core_vs_target(posts, BASELINE, CURRENT),
                "the sign is flipped: compute (actual − target) / target, so a shortfall is negative."),
    ),
))


# --------------------------------------------------------------------------
# 3. share of voice in a quarter
# --------------------------------------------------------------------------

def _sov_context(SEED: int, MARKET: str) -> dict:
    competitors = data.load("competitors", seed=SEED, market=MARKET)
    _, current = _quarters(data.load("posts", seed=SEED, market=MARKET)["timestamp"])
    return {"competitors": competitors, "CURRENT": current}


def _in_quarter(competitors: pd.DataFrame, quarter: str) -> pd.DataFrame:
    return competitors[_quarter(competitors["week_start"]) == quarter]


def _sov(competitors: pd.DataFrame, CURRENT: str) -> float:
    return kpi.share_of_voice(_in_quarter(competitors, CURRENT))


def _sov_brand_excluded(competitors: pd.DataFrame, CURRENT: str) -> float:
    q = _in_quarter(competitors, CURRENT)
    return float(q.loc[q["is_brand"], "mentions"].sum() / q.loc[~q["is_brand"], "mentions"].sum())


def _sov_weekly_mean(competitors: pd.DataFrame, CURRENT: str) -> float:
    return float(kpi.share_of_voice(_in_quarter(competitors, CURRENT), by="week_start").mean())


register(Exercise(
    key="kpi.share_of_voice_quarter",
    notebook=NOTEBOOK,
    variable="sov_q",
    question="Lumo Tea's share of voice in the current quarter (pooled over its weeks).",
    solve=_sov,
    context=_sov_context,
    rtol=1e-6,
    hint="Keep the weeks whose `week_start` falls in CURRENT, then divide Lumo Tea's mentions by the "
         "mentions of all four companies, brand included (`kpi.share_of_voice` does exactly this).",
    solution="""
from course_lib import kpi
in_quarter = competitors["week_start"].dt.to_period("Q").astype(str) == CURRENT
sov_q = kpi.share_of_voice(competitors[in_quarter])
""",
    mistakes=(
        Mistake(_sov_brand_excluded,
                "you divided by the competitors' mentions only. Share of voice is the brand's share of "
                "*all* mentions, so the brand's own mentions belong in the denominator too (the shares "
                "of all companies then add up to 100 %)."),
        Mistake(_sov_weekly_mean,
                "that is the mean of the weekly shares, where a quiet week weighs as much as a loud one. "
                "The quarter's share pools the mentions of all its weeks, then divides."),
        Mistake(lambda competitors, CURRENT: kpi.share_of_voice(competitors),
                "that is the share over the whole year. Keep only the weeks of the CURRENT quarter first."),
    ),
))
