"""Exercises of ``04_2_kpi_scorecard``: denominators, targets by platform, share of voice in a crisis."""
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
    hint="Work in three steps. (1) A post's engagements are its likes, comments, shares and saves. "
         "(2) For each platform, add up the engagements of all its posts, and add up the `followers` "
         "column (the audience when each post went out). (3) Divide the two sums. Dividing first and "
         "averaging afterwards answers a different question. `kpi.engagement_rate` can do all three "
         "steps: look at its `denominator`, `aggregate` and `by` options.",
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
# 2. core interaction rate against each platform's own target
# --------------------------------------------------------------------------

def _posts_context(SEED: int, MARKET: str) -> dict:
    posts = _posts_with_followers(SEED, MARKET)
    baseline, current = _quarters(posts["timestamp"])
    return {"posts": posts, "BASELINE": baseline, "CURRENT": current}


def _core_rate(posts: pd.DataFrame, quarter: str, *, columns=("comments", "shares"), mean: bool = False,
               by: str | None = "platform"):
    p = posts[_quarter(posts["timestamp"]) == quarter]
    return kpi.engagement_rate(p, engagements=list(columns), denominator="reach",
                               aggregate="mean" if mean else "ratio", by=by)


def _vs_target(actual, target):
    return (actual - target) / abs(target)


def _core_vs_target(posts: pd.DataFrame, BASELINE: str, CURRENT: str) -> pd.Series:
    target = _core_rate(posts, BASELINE) * (1 + UPLIFT)
    return _vs_target(_core_rate(posts, CURRENT), target)


register(Exercise(
    key="kpi.core_interaction_vs_target",
    notebook=NOTEBOOK,
    variable="core_vs_target",
    question="for each platform, how far its current-quarter core interaction rate is from its own target "
             "(its baseline-quarter rate + 15 %), as a fraction of the target.",
    solve=_core_vs_target,
    context=_posts_context,
    rtol=1e-6,
    hint="Go step by step. (1) Keep one quarter's posts at a time: compare the quarter of `timestamp` "
         "(`.dt.to_period(\"Q\")`, as text) with BASELINE, then with CURRENT. (2) For each platform, the "
         "core interaction rate is the sum of comments and shares divided by the sum of reach. "
         "(3) Each platform's target is *its own* baseline rate raised by 15 % (relative, not points). "
         "(4) The distance is (actual − target) ÷ target; two Series indexed by platform line up by "
         "themselves.",
    solution="""
from course_lib import kpi
quarter = posts["timestamp"].dt.to_period("Q").astype(str)
def core_rate(q):
    return kpi.engagement_rate(posts[quarter == q], engagements=["comments", "shares"],
                               denominator="reach", aggregate="ratio", by="platform")
target = core_rate(BASELINE) * 1.15
core_vs_target = (core_rate(CURRENT) - target) / target
""",
    mistakes=(
        Mistake(lambda posts, BASELINE, CURRENT: _vs_target(
                    _core_rate(posts, CURRENT, mean=True), _core_rate(posts, BASELINE, mean=True) * (1 + UPLIFT)),
                "you averaged the per-post rates. For a platform's quarter, add up comments, shares and "
                "reach over its posts first, then divide (ratio of totals): a post seen by 50,000 "
                "people should weigh more than one seen by 500."),
        Mistake(lambda posts, BASELINE, CURRENT: _vs_target(
                    _core_rate(posts, CURRENT, columns=kpi.ENGAGEMENT_COLUMNS),
                    _core_rate(posts, BASELINE, columns=kpi.ENGAGEMENT_COLUMNS) * (1 + UPLIFT)),
                "you counted all four engagement types. The plan's *core* interaction counts only "
                "comments and shares, not likes and saves."),
        Mistake(lambda posts, BASELINE, CURRENT: _vs_target(_core_rate(posts, CURRENT),
                                                            _core_rate(posts, BASELINE, by=None) * (1 + UPLIFT)),
                "you gave every platform the brand-wide target. The question sets each platform's target "
                "from its own baseline rate, so a platform is judged against its own history."),
        Mistake(lambda posts, BASELINE, CURRENT: _vs_target(_core_rate(posts, CURRENT), _core_rate(posts, BASELINE)),
                "you compared with the baseline itself. The target is the baseline raised by 15 %: "
                "multiply each baseline rate by 1.15 first."),
        Mistake(lambda posts, BASELINE, CURRENT: _vs_target(_core_rate(posts, CURRENT), _core_rate(posts, BASELINE)
                                                            + UPLIFT),
                "you added 0.15 to the rate, i.e. 15 percentage points. '+15 %' is relative: "
                "baseline × 1.15."),
        Mistake(lambda posts, BASELINE, CURRENT: -_core_vs_target(posts, BASELINE, CURRENT),
                "the sign is flipped: compute (actual − target) / target, so a shortfall is negative."),
    ),
))


# --------------------------------------------------------------------------
# 3. share of voice over the crisis weeks
# --------------------------------------------------------------------------

def _crisis_window(SEED: int, MARKET: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the crisis (full intensity and recovery), from the simulator's truth."""
    w = data.crisis_window(SEED, MARKET)
    return w.start, w.end


def _sov_context(SEED: int, MARKET: str) -> dict:
    start, end = _crisis_window(SEED, MARKET)
    return {"competitors": data.load("competitors", seed=SEED, market=MARKET),
            "crisis_start": start, "crisis_end": end}


def _crisis_mask(competitors: pd.DataFrame, crisis_start, crisis_end) -> pd.Series:
    return competitors["week_start"].between(crisis_start, crisis_end)


def _sov_crisis(competitors: pd.DataFrame, crisis_start, crisis_end) -> float:
    return kpi.share_of_voice(competitors[_crisis_mask(competitors, crisis_start, crisis_end)])


def _sov_brand_excluded(competitors: pd.DataFrame, crisis_start, crisis_end) -> float:
    q = competitors[_crisis_mask(competitors, crisis_start, crisis_end)]
    return float(q.loc[q["is_brand"], "mentions"].sum() / q.loc[~q["is_brand"], "mentions"].sum())


def _sov_weekly_mean(competitors: pd.DataFrame, crisis_start, crisis_end) -> float:
    q = competitors[_crisis_mask(competitors, crisis_start, crisis_end)]
    return float(kpi.share_of_voice(q, by="week_start").mean())


def _sov_quarter(competitors: pd.DataFrame, crisis_start, crisis_end) -> float:
    quarter = str(pd.Timestamp(crisis_start).to_period("Q"))
    return kpi.share_of_voice(competitors[_quarter(competitors["week_start"]) == quarter])


def _sov_outside(competitors: pd.DataFrame, crisis_start, crisis_end) -> float:
    return kpi.share_of_voice(competitors[~_crisis_mask(competitors, crisis_start, crisis_end)])


register(Exercise(
    key="kpi.share_of_voice_crisis",
    notebook=NOTEBOOK,
    variable="sov_crisis",
    question="Lumo Tea's share of voice over the weeks of the crisis (pooled over those weeks).",
    solve=_sov_crisis,
    context=_sov_context,
    rtol=1e-6,
    hint="First decide which rows belong to the crisis: a week belongs if its `week_start` lies between "
         "`crisis_start` and `crisis_end`, both days included (a True/False mask). Keep those rows for "
         "all four companies. Then pool: add up the brand's mentions over those weeks, add up everyone's "
         "mentions over the same weeks, and divide once.",
    solution="""
from course_lib import kpi
in_crisis = competitors["week_start"].between(crisis_start, crisis_end)
sov_crisis = kpi.share_of_voice(competitors[in_crisis])
""",
    mistakes=(
        Mistake(_sov_brand_excluded,
                "you divided by the competitors' mentions only. Share of voice is the brand's share of "
                "*all* mentions, so the brand's own mentions belong in the denominator too (the shares "
                "of all companies then add up to 100 %)."),
        Mistake(_sov_weekly_mean,
                "that is the mean of the weekly shares, where a quiet week weighs as much as a loud one. "
                "Pool the mentions of all crisis weeks first, then divide once."),
        Mistake(_sov_quarter,
                "that is the share over the whole quarter the crisis falls in. Keep only the weeks "
                "between crisis_start and crisis_end."),
        Mistake(_sov_outside,
                "that is the share over the weeks *outside* the crisis: the True/False mask is the wrong "
                "way round."),
        Mistake(lambda competitors, crisis_start, crisis_end: kpi.share_of_voice(competitors),
                "that is the share over the whole year. Keep only the crisis weeks first."),
    ),
))
