"""Exercises of ``02_4_campaigns_influencers_community``: KOL cost, community growth, calm-week comments."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import community as cm
from .. import data, influencers
from ..checks import Exercise, Mistake, register

NOTEBOOK = "02_4_campaigns_influencers_community"


# --------------------------------------------------------------------------
# 1. what an engagement costs at a flagged account vs one that passes
# --------------------------------------------------------------------------

def _kol_context(SEED: int, MARKET: str) -> dict:
    return {"screened": influencers.screen(data.load("influencers", seed=SEED, market=MARKET))}


def _per_engagement(screened: pd.DataFrame) -> pd.Series:
    return screened["price"] / (screened["avg_likes"] + screened["avg_comments"])


def _median_ratio(screened: pd.DataFrame, per: pd.Series) -> float:
    flagged = screened["flagged"]
    return float(per[flagged].median() / per[~flagged].median())


def _cost_ratio(screened: pd.DataFrame) -> float:
    return _median_ratio(screened, _per_engagement(screened))


def _per_follower(screened: pd.DataFrame) -> float:
    return _median_ratio(screened, screened["price"] / screened["followers"])


def _mean_not_median(screened: pd.DataFrame) -> float:
    per, flagged = _per_engagement(screened), screened["flagged"]
    return float(per[flagged].mean() / per[~flagged].mean())


def _ratio_of_sums(screened: pd.DataFrame) -> float:
    eng = screened["avg_likes"] + screened["avg_comments"]
    price, flagged = screened["price"], screened["flagged"]
    return float((price[flagged].sum() / eng[flagged].sum()) / (price[~flagged].sum() / eng[~flagged].sum()))


def _inverted(screened: pd.DataFrame) -> float:
    return 1 / _cost_ratio(screened)


register(Exercise(
    key="kol.cost_ratio",
    notebook=NOTEBOOK,
    variable="cost_ratio",
    question="the median cost per engagement (price / (avg_likes + avg_comments)) of the flagged "
             "candidates divided by that of the candidates that pass the screen.",
    solve=_cost_ratio,
    context=_kol_context,
    hint="First build one number per candidate (a Series aligned with `screened`). The `flagged` column "
         "is a boolean mask: indexing that Series with the mask, or with its negation `~`, gives the two "
         "groups (a groupby on it works too). Which summary of a skewed cost is not moved by one extreme "
         "account?",
    solution="""
per_engagement = screened["price"] / (screened["avg_likes"] + screened["avg_comments"])
flagged = screened["flagged"]
cost_ratio = per_engagement[flagged].median() / per_engagement[~flagged].median()
""",
    mistakes=(
        Mistake(_per_follower,
                "you divided the price by followers. Prices follow follower counts, so per follower the "
                "flagged accounts look about as cheap as the others; bought followers never engage. "
                "Divide by the engagements a post brings."),
        Mistake(_mean_not_median,
                "you compared mean costs. Costs per engagement are skewed: one account with almost no "
                "engagement drags its group's mean far up. The task asks for the medians."),
        Mistake(_ratio_of_sums,
                "you pooled each group (total price / total engagements). That weights the biggest, most "
                "expensive accounts most and answers 'what would booking all of them cost per engagement', "
                "not what a typical candidate costs. Compute each candidate's own cost first, then take "
                "the median within each group."),
        Mistake(_inverted,
                "the ratio is upside down: put the flagged accounts' median cost on top."),
    ),
))


# --------------------------------------------------------------------------
# 2. average monthly member growth, compounding
# --------------------------------------------------------------------------

def _community_context(SEED: int, MARKET: str) -> dict:
    return {"community": data.load("community", seed=SEED, market=MARKET)}


def _monthly_growth(community: pd.DataFrame) -> float:
    return cm.average_monthly_growth(community, days_per_month=30)


def _start(frame: pd.DataFrame) -> float:
    first = frame.iloc[0]
    return float(first["members"] - first["new_members"] + first["left_members"])


def _summed_weekly(community: pd.DataFrame) -> float:
    members = community["members"].to_numpy(dtype="float64")
    previous = np.concatenate([[_start(community)], members[:-1]])
    return float((members / previous - 1).sum() / 12)


def _joiners_only(community: pd.DataFrame) -> float:
    return float(community["new_members"].sum() / community["members"].sum() * 30 / 7)


def _year_over_12(community: pd.DataFrame) -> float:
    return float((community["members"].iloc[-1] / _start(community) - 1) / 12)


def _twelfth_root(community: pd.DataFrame) -> float:
    return float((community["members"].iloc[-1] / _start(community)) ** (1 / 12) - 1)


register(Exercise(
    key="community.monthly_growth",
    notebook=NOTEBOOK,
    variable="monthly_growth",
    question="the average monthly growth of community members over the year, compounding, with a "
             "month of 30 days.",
    solve=_monthly_growth,
    context=_community_context,
    rtol=1e-4,
    hint="Growth is about the stock of members, from before the first week to after the last. A growth "
         "factor over some number of days becomes a factor per day by a root, and a factor per day "
         "becomes one per 30 days by a power. How many days does the table cover?",
    solution="""
start = community["members"].iloc[0] - community["new_members"].iloc[0] + community["left_members"].iloc[0]
end = community["members"].iloc[-1]
days = 7 * len(community)
monthly_growth = (end / start) ** (30 / days) - 1
""",
    mistakes=(
        Mistake(_summed_weekly,
                "you added up the weekly growth rates. Growth compounds: each week grows on top of the "
                "last, so sums of rates drift from the real change of the stock. Work with the ratio of "
                "the end stock to the start stock."),
        Mistake(_joiners_only,
                "you counted only the members who joined. Members also leave, and the target is about "
                "the net change of the community: use the member counts, which already net out the "
                "leavers."),
        Mistake(_year_over_12,
                "you divided the year's growth by 12. Monthly growth compounds, so twelve months of x % "
                "give more than 12 x % over the year; convert the growth factor with a power instead."),
        Mistake(_twelfth_root,
                "you took the 12th root of the year's growth factor, as if the table covered exactly 12 "
                "months of 30 days. It covers a number of 7-day weeks: count its days and convert them "
                "to 30-day months."),
    ),
))


# --------------------------------------------------------------------------
# 3. comments per post outside the crisis: filter the weeks, then a ratio of sums
# --------------------------------------------------------------------------

def _calm_context(SEED: int, MARKET: str) -> dict:
    return {"community": data.load("community", seed=SEED, market=MARKET),
            "crisis": data.crisis_window(SEED, MARKET)}


def _outside(community: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Weeks (7 days from week_start) that share no day with [start, end]."""
    week_end = community["week_start"] + pd.Timedelta(days=6)
    return community[(week_end < start) | (community["week_start"] > end)]


def _calm_comments(community: pd.DataFrame, crisis) -> float:
    calm = _outside(community, crisis.start, crisis.end)
    return float(calm["comments"].sum() / calm["posts"].sum())


def _whole_year(community: pd.DataFrame, crisis) -> float:
    return float(community["comments"].sum() / community["posts"].sum())


def _peak_only(community: pd.DataFrame, crisis) -> float:
    calm = _outside(community, crisis.start, crisis.peak_end)
    return float(calm["comments"].sum() / calm["posts"].sum())


def _mean_of_weekly(community: pd.DataFrame, crisis) -> float:
    calm = _outside(community, crisis.start, crisis.end)
    return float((calm["comments"] / calm["posts"]).mean())


register(Exercise(
    key="community.calm_comments_per_post",
    notebook=NOTEBOOK,
    variable="calm_comments_per_post",
    question="comments per post over the weeks that share no day with the crisis window "
             "(crisis.start to crisis.end, both included).",
    solve=_calm_comments,
    context=_calm_context,
    rtol=1e-4,
    hint="Two steps. Which weeks touch the window? A row covers 7 days from its `week_start`, and the "
         "window includes the recovery, up to `crisis.end`; keep the other rows with a boolean mask. "
         "Then ask how a rate over many weeks should weight a week with many posts.",
    solution="""
week_end = community["week_start"] + pd.Timedelta(days=6)
calm = community[(week_end < crisis.start) | (community["week_start"] > crisis.end)]
calm_comments_per_post = calm["comments"].sum() / calm["posts"].sum()
""",
    mistakes=(
        Mistake(_whole_year,
                "that is the whole year, crisis weeks included. Drop the weeks that share a day with the "
                "crisis window first."),
        Mistake(_peak_only,
                "you dropped only the peak of the crisis (up to `crisis.peak_end`). The window runs to "
                "`crisis.end`: the recovery weeks are still disturbed."),
        Mistake(_mean_of_weekly,
                "you averaged the weekly ratios, so a quiet week with few posts counts as much as a busy "
                "one. Add up comments and posts over the calm weeks first, then divide (ratio of sums)."),
    ),
))
