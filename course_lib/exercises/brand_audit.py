"""Exercises of ``01_2_brand_audit``: regularity of posting, engagement by format on one platform."""
from __future__ import annotations

import pandas as pd

from .. import data, kpi
from ..checks import Exercise, Mistake, register

NOTEBOOK = "01_2_brand_audit"


def _weeks(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts per platform (columns) and Monday–Sunday week (rows), empty weeks as 0."""
    week = posts["timestamp"].dt.to_period("W")
    counts = posts.groupby([week, posts["platform"]]).size().unstack("platform", fill_value=0)
    every = pd.period_range(week.min(), week.max(), freq=week.dt.freq)
    return counts.reindex(every, fill_value=0)


def _full_weeks(posts: pd.DataFrame) -> pd.DataFrame:
    """Only the weeks that lie entirely between the first and the last day of the data."""
    counts = _weeks(posts)
    first, last = posts["timestamp"].min().normalize(), posts["timestamp"].max().normalize()
    full = (counts.index.start_time >= first) & (counts.index.end_time < last + pd.Timedelta(days=1))
    return counts[full]


# --------------------------------------------------------------------------
# 1. regularity of posting: coefficient of variation of weekly posts
# --------------------------------------------------------------------------

def _posts_context(SEED: int, MARKET: str) -> dict:
    return {"posts": data.load("posts", seed=SEED, market=MARKET)}


def _weekly_cv(posts: pd.DataFrame) -> pd.Series:
    w = _full_weeks(posts)
    return w.std() / w.mean()


register(Exercise(
    key="audit.weekly_cv",
    notebook=NOTEBOOK,
    variable="weekly_cv",
    question="the coefficient of variation of weekly posts of each platform, over full weeks only.",
    solve=_weekly_cv,
    context=_posts_context,
    rtol=1e-6,
    hint="Count the posts of each platform in each Monday–Sunday week (`.dt.to_period(\"W\")`). "
         "A week without posts counts as 0, not as a missing week. The data start and end in the "
         "middle of a week: keep only the weeks that lie entirely between the first and the last "
         "day of the data, or the cut weeks look like slow weeks. Then, per platform, divide the spread of the weekly counts by their "
         "average, so that a platform with many posts is not called irregular just for its size.",
    solution="""
week = posts["timestamp"].dt.to_period("W")
counts = posts.groupby([week, posts["platform"]]).size().unstack("platform", fill_value=0)
counts = counts.reindex(pd.period_range(week.min(), week.max(), freq="W"), fill_value=0)  # a week without posts is a 0
first, last = posts["timestamp"].min().normalize(), posts["timestamp"].max().normalize()
full = (counts.index.start_time >= first) & (counts.index.end_time < last + pd.Timedelta(days=1))
weekly_cv = counts[full].std() / counts[full].mean()
""",
    mistakes=(
        Mistake(lambda posts: _full_weeks(posts).std(),
                "that is the standard deviation in posts per week. A platform posting 17 times a "
                "week varies more in absolute numbers than one posting 6 times, without being less "
                "regular. Divide the spread by the platform's average week."),
        Mistake(lambda posts: _weeks(posts).std() / _weeks(posts).mean(),
                "you kept the first and the last week. The data start and end in the middle of a "
                "week, so those two weeks hold only a few days of posts and look like slow weeks: "
                "they inflate the variation. Keep only the full weeks."),
        Mistake(lambda posts: _full_weeks(posts).mean() / _full_weeks(posts).std(),
                "the ratio is upside down: that is mean ÷ standard deviation. The coefficient of "
                "variation divides the spread by the mean, so a steadier platform has a smaller value."),
    ),
))


# --------------------------------------------------------------------------
# 2. engagement rate by reach of each format on one platform
# --------------------------------------------------------------------------

def busiest_platform(posts: pd.DataFrame) -> str:
    """The platform with the most posts (ties: the first in alphabetical order)."""
    counts = posts["platform"].value_counts()
    return str(counts[counts == counts.max()].sort_index().index[0])


def _format_context(SEED: int, MARKET: str) -> dict:
    posts = data.load("posts", seed=SEED, market=MARKET)
    return {"posts": posts, "PLATFORM": busiest_platform(posts)}


def _er_by_format(posts: pd.DataFrame, PLATFORM: str) -> pd.Series:
    mine = posts[posts["platform"] == PLATFORM]
    return kpi.engagement_rate(mine, denominator="reach", aggregate="ratio", by="format")


register(Exercise(
    key="audit.er_by_format",
    notebook=NOTEBOOK,
    variable="er_by_format",
    question="the engagement rate by reach of each format on PLATFORM, as a ratio of totals.",
    solve=_er_by_format,
    context=_format_context,
    rtol=1e-6,
    hint="Keep only the posts of PLATFORM. For each format, add up all engagements (likes, comments, "
         "shares, saves) and add up the reach, then divide the two sums. Dividing post by post and "
         "averaging answers a different question (the typical post, not the format's audience). "
         "`kpi.engagement_rate` has options for the denominator, the aggregate and the grouping.",
    solution="""
from course_lib import kpi
mine = posts[posts["platform"] == PLATFORM]
er_by_format = kpi.engagement_rate(mine, denominator="reach", aggregate="ratio", by="format")
""",
    mistakes=(
        Mistake(lambda posts, PLATFORM: kpi.engagement_rate(posts[posts["platform"] == PLATFORM],
                                                            denominator="reach", aggregate="mean", by="format"),
                "that is the mean of the per-post rates: every post counts the same, so a few small "
                "posts with a high rate pull the average. The question asks for the format's rate over "
                "everyone it reached: add up engagements and reach first, then divide."),
        Mistake(lambda posts, PLATFORM: kpi.engagement_rate(posts[posts["platform"] == PLATFORM],
                                                            denominator="impressions", aggregate="ratio",
                                                            by="format"),
                "you divided by impressions (times shown), not by reach (people who saw the post). "
                "Repeat views lower a rate per impression; the question asks for the rate by reach."),
        Mistake(lambda posts, PLATFORM: kpi.engagement_rate(posts, denominator="reach", aggregate="ratio",
                                                            by="format"),
                "those rates mix every platform's posts. Keep only the posts of PLATFORM first: "
                "a format works differently on each platform."),
    ),
))
