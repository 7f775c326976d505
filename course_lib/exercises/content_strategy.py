"""Exercises of ``02_3_content_strategy``: interval width, best posting slot, trending uplift."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import content, data, kpi
from ..checks import Exercise, Mistake, register

NOTEBOOK = "02_3_content_strategy"
MIN_POSTS = 10  # the notebook's minimum number of posts for a weekday x hour slot
N_BOOT = 2000


def _posts(SEED: int, MARKET: str) -> pd.DataFrame:
    posts = data.load("posts", seed=SEED, market=MARKET)
    posts["engagements"] = kpi.engagements(posts)
    return posts


def _ranked_platforms(posts: pd.DataFrame) -> list[str]:
    """Platforms by number of posts, largest first (ties by name)."""
    counts = posts.groupby("platform").size().reset_index(name="n")
    return counts.sort_values(["n", "platform"], ascending=[False, True])["platform"].tolist()


def _rate_ratio(frame: pd.DataFrame) -> float:
    return float(frame["engagements"].sum() / frame["reach"].sum())


# --------------------------------------------------------------------------
# 1. width of a bootstrap interval
# --------------------------------------------------------------------------

def _width_context(SEED: int, MARKET: str) -> dict:
    posts = _posts(SEED, MARKET)
    return {"posts": posts, "BIG_PLATFORM": _ranked_platforms(posts)[0], "SEED": SEED}


def _cell(posts: pd.DataFrame, BIG_PLATFORM: str) -> pd.DataFrame:
    return posts[(posts["platform"] == BIG_PLATFORM) & (posts["format"] == "live")]


def _width(posts: pd.DataFrame, BIG_PLATFORM: str, SEED: int) -> float:
    row = content.bootstrap_rate(_cell(posts, BIG_PLATFORM), numerator="engagements",
                                 n_boot=N_BOOT, seed=SEED).iloc[0]
    return float(row["ci_high"] - row["ci_low"])


def _per_post_spread(posts: pd.DataFrame, BIG_PLATFORM: str, SEED: int) -> float:
    cell = _cell(posts, BIG_PLATFORM)
    low, high = np.quantile(cell["engagements"] / cell["reach"], [0.025, 0.975])
    return float(high - low)


def _platform_width(posts: pd.DataFrame, BIG_PLATFORM: str, SEED: int) -> float:
    row = content.bootstrap_rate(posts[posts["platform"] == BIG_PLATFORM], numerator="engagements",
                                 n_boot=N_BOOT, seed=SEED).iloc[0]
    return float(row["ci_high"] - row["ci_low"])


register(Exercise(
    key="content.ci_width",
    notebook=NOTEBOOK,
    variable="width",
    question="the width (ci_high - ci_low) of the 95% bootstrap interval of the engagement rate "
             "by reach of live posts on BIG_PLATFORM.",
    solve=_width,
    context=_width_context,
    rtol=0.15,  # another resampling scheme or seed moves the limits by a few per cent
    hint="Keep the posts of BIG_PLATFORM whose format is live. Give that subset to the same "
         "bootstrap function used above (engagements over reach, 2000 resamples, seed SEED), then "
         "subtract the lower limit from the upper limit.",
    solution="""
from course_lib import content

live = posts[(posts["platform"] == BIG_PLATFORM) & (posts["format"] == "live")]
interval = content.bootstrap_rate(live, numerator="engagements", denominator="reach",
                                  n_boot=2000, seed=SEED)
width = (interval["ci_high"] - interval["ci_low"]).item()
""",
    mistakes=(
        Mistake(lambda **ctx: _width(**ctx) / 2,
                "that is half the interval (the margin on one side). The width is the upper "
                "limit minus the lower limit."),
        Mistake(_per_post_spread,
                "that is the spread of the individual posts' rates (where 95% of single posts "
                "fall), not the uncertainty of the group's rate. Resample the posts and recompute "
                "the ratio of totals each time: the interval of the estimate is much narrower."),
        Mistake(_platform_width,
                "that interval uses every post of the platform. Keep only its live posts: with "
                "fewer posts the interval is wider."),
    ),
))


# --------------------------------------------------------------------------
# 2. best weekday x hour slot on one platform
# --------------------------------------------------------------------------

def _slot_context(SEED: int, MARKET: str) -> dict:
    posts = _posts(SEED, MARKET)
    return {"posts": posts, "SLOT_PLATFORM": _ranked_platforms(posts)[1], "MIN_POSTS": MIN_POSTS}


def _slot_frame(posts: pd.DataFrame, SLOT_PLATFORM: str) -> pd.DataFrame:
    mine = posts[posts["platform"] == SLOT_PLATFORM]
    return mine.assign(weekday=mine["timestamp"].dt.day_of_week, hour=mine["timestamp"].dt.hour,
                       per_post=mine["engagements"] / mine["reach"])


def _top(table: pd.DataFrame, column: str) -> tuple[int, int]:
    best = table.sort_values(column, ascending=False, kind="stable").index[0]
    return int(best[0]), int(best[1])


def _best_slot(posts: pd.DataFrame, SLOT_PLATFORM: str, MIN_POSTS: int) -> tuple[int, int]:
    slots = content.slot_rates(posts[posts["platform"] == SLOT_PLATFORM], numerator="engagements",
                               min_posts=MIN_POSTS)
    row = content.best_slots(slots).iloc[0]
    return int(row["weekday"]), int(row["hour"])


def _unmasked(posts: pd.DataFrame, SLOT_PLATFORM: str, MIN_POSTS: int) -> tuple[int, int]:
    g = _slot_frame(posts, SLOT_PLATFORM).groupby(["weekday", "hour"])[["engagements", "reach"]].sum()
    return _top(g.assign(rate=g["engagements"] / g["reach"]), "rate")


def _mean_of_rates(posts: pd.DataFrame, SLOT_PLATFORM: str, MIN_POSTS: int) -> tuple[int, int]:
    g = _slot_frame(posts, SLOT_PLATFORM).groupby(["weekday", "hour"]).agg(
        n=("per_post", "size"), rate=("per_post", "mean"))
    return _top(g[g["n"] >= MIN_POSTS], "rate")


def _by_impressions(posts: pd.DataFrame, SLOT_PLATFORM: str, MIN_POSTS: int) -> tuple[int, int]:
    g = _slot_frame(posts, SLOT_PLATFORM).groupby(["weekday", "hour"]).agg(
        n=("engagements", "size"), eng=("engagements", "sum"), imp=("impressions", "sum"))
    g = g[g["n"] >= MIN_POSTS]
    return _top(g.assign(rate=g["eng"] / g["imp"]), "rate")


register(Exercise(
    key="content.best_slot",
    notebook=NOTEBOOK,
    variable="best_slot",
    question="the (weekday, hour) slot with the highest engagement rate by reach on SLOT_PLATFORM "
             "among slots with at least MIN_POSTS posts.",
    solve=_best_slot,
    context=_slot_context,
    hint="Keep the posts of SLOT_PLATFORM. For each weekday x hour slot count the posts and compute "
         "the rate as total engagements over total reach. Drop the slots with fewer than MIN_POSTS "
         "posts before you pick the highest rate. Answer with two whole numbers, Monday = 0.",
    solution="""
from course_lib import content

mine = posts[posts["platform"] == SLOT_PLATFORM]
slots = content.slot_rates(mine, numerator="engagements", denominator="reach", min_posts=MIN_POSTS)
top_slot = content.best_slots(slots).iloc[0]
best_slot = (int(top_slot["weekday"]), int(top_slot["hour"]))
""",
    mistakes=(
        Mistake(_unmasked,
                "that slot has fewer than MIN_POSTS posts: one or two lucky posts made it look "
                "best. Drop the thin slots (the minimum-posts mask) before you pick the top one."),
        Mistake(_mean_of_rates,
                "you averaged the posts' own rates, so a small post counts as much as a big one. "
                "Add up engagements and reach over the slot's posts, then divide (ratio of totals)."),
        Mistake(_by_impressions,
                "you divided by impressions. The rate asked for is engagements per person reached: "
                "use `reach` as the denominator."),
    ),
))


# --------------------------------------------------------------------------
# 3. trending uplift
# --------------------------------------------------------------------------

def _trend_context(SEED: int, MARKET: str) -> dict:
    return {"posts": _posts(SEED, MARKET)}


def _uplift(posts: pd.DataFrame) -> float:
    hot = posts["trending"]
    return _rate_ratio(posts[hot]) / _rate_ratio(posts[~hot])


def _uplift_mean_of_rates(posts: pd.DataFrame) -> float:
    per_post = posts["engagements"] / posts["reach"]
    hot = posts["trending"]
    return float(per_post[hot].mean() / per_post[~hot].mean())


def _uplift_per_post(posts: pd.DataFrame) -> float:
    hot = posts["trending"]
    return float(posts.loc[hot, "engagements"].mean() / posts.loc[~hot, "engagements"].mean())


def _uplift_difference(posts: pd.DataFrame) -> float:
    hot = posts["trending"]
    return _rate_ratio(posts[hot]) - _rate_ratio(posts[~hot])


register(Exercise(
    key="content.trending_uplift",
    notebook=NOTEBOOK,
    variable="trend_ratio",
    question="the engagement rate by reach of trending posts divided by that of the other posts "
             "(all platforms, ratios of totals).",
    solve=_uplift,
    context=_trend_context,
    rtol=1e-6,
    hint="Split the posts by the `trending` flag. For each side, divide its total engagements by "
         "its total reach. Then divide the trending side's rate by the other side's rate.",
    solution="""
hot = posts[posts["trending"]]
rest = posts[~posts["trending"]]
trend_ratio = (hot["engagements"].sum() / hot["reach"].sum()) / (rest["engagements"].sum() / rest["reach"].sum())
""",
    mistakes=(
        Mistake(_uplift_mean_of_rates,
                "you averaged the posts' own rates. Weight each post by its audience: total "
                "engagements over total reach on each side, then the ratio."),
        Mistake(_uplift_per_post,
                "you compared engagements per post. Trending posts also reach more people, so "
                "that mixes the reach effect into the engagement effect. Divide by reach."),
        Mistake(_uplift_difference,
                "you subtracted the two rates (a difference in percentage points). The question "
                "asks how many times higher: divide them."),
    ),
))
