"""Exercises of ``04_1_user_interaction_data``: growth, the funnel and channel costs."""
from __future__ import annotations

import pandas as pd

from .. import data
from ..checks import Exercise, Mistake, register
from ..funnel import traffic_source

NOTEBOOK = "04_1_user_interaction_data"


def focus_platform(daily: pd.DataFrame) -> str:
    """The brand's largest account: most followers on the first day of the data."""
    first = daily[daily["date"] == daily["date"].min()]
    return str(first.loc[first["followers"].idxmax(), "platform"])


def _daily_context(SEED: int, MARKET: str) -> dict:
    daily = data.load("daily_metrics", seed=SEED, market=MARKET)
    return {"daily": daily, "platform": focus_platform(daily)}


def _posts_context(SEED: int, MARKET: str) -> dict:
    daily = data.load("daily_metrics", seed=SEED, market=MARKET)
    return {"posts": data.load("posts", seed=SEED, market=MARKET), "platform": focus_platform(daily)}


def _sourced_context(SEED: int, MARKET: str) -> dict:
    posts = data.load("posts", seed=SEED, market=MARKET)
    posts["source"] = traffic_source(posts)
    return {"posts": posts}


# --- 1. the worst month of net growth ------------------------------------------------------

def _monthly(daily: pd.DataFrame, column: str, platform: str | None) -> pd.Series:
    d = daily if platform is None else daily[daily["platform"] == platform]
    return d.groupby(d["date"].dt.month)[column].sum()


def _net(daily: pd.DataFrame) -> pd.DataFrame:
    return daily.assign(net=daily["follows"] - daily["unfollows"])


def _worst_month_net(daily: pd.DataFrame, platform: str) -> float:
    return float(_monthly(_net(daily), "net", platform).min())


register(Exercise(
    key="users.worst_month_net",
    notebook=NOTEBOOK,
    variable="worst_net",
    question="the net growth (follows − unfollows) of your focus platform in its worst calendar month "
             "(the month with the lowest net growth).",
    solve=_worst_month_net,
    context=_daily_context,
    hint="Keep the rows of `platform`, compute follows − unfollows per day, add the days up per "
         "month (`daily[\"date\"].dt.month`), and take the smallest monthly total.",
    solution="""
d = daily[daily["platform"] == platform]
net = (d["follows"] - d["unfollows"]).groupby(d["date"].dt.month).sum()
worst_net = net.min()
""",
    mistakes=(
        Mistake(lambda daily, platform: float(_monthly(daily, "follows", platform).min()),
                "that is the month with the fewest new follows. Net growth is follows minus "
                "unfollows: a month with many follows can still lose followers."),
        Mistake(lambda daily, platform: float(_monthly(_net(daily), "net", None).min()),
                "that total adds up every platform. Keep only the rows of your focus platform "
                "first."),
        Mistake(lambda daily, platform: float(_monthly(_net(daily), "net", platform).idxmin()),
                "that is the number of the worst month, not its net growth. Keep the month's "
                "total itself: `.min()` gives the value, `.idxmin()` only says where it is."),
        Mistake(lambda daily, platform: float(_net(daily)[daily["platform"] == platform]["net"].min()),
                "that is the worst single day. The question asks for a month: add the days of "
                "each month up first, then take the smallest month."),
    ),
))


# --- 2. a funnel step rate ----------------------------------------------------------------

def _on(posts: pd.DataFrame, platform: str) -> pd.DataFrame:
    return posts[posts["platform"] == platform]


def _click_to_conversion(posts: pd.DataFrame, platform: str) -> float:
    p = _on(posts, platform)
    return float(p["conversions"].sum() / p["clicks"].sum())


def _mean_of_post_rates(posts: pd.DataFrame, platform: str) -> float:
    p = _on(posts, platform)
    p = p[p["clicks"] > 0]
    return float((p["conversions"] / p["clicks"]).mean())


def _per_engagement(posts: pd.DataFrame, platform: str) -> float:
    p = _on(posts, platform)
    return float(p["conversions"].sum() / p[["likes", "comments", "shares", "saves"]].sum().sum())


register(Exercise(
    key="users.click_to_conversion",
    notebook=NOTEBOOK,
    variable="cvr",
    question="the click → conversion step rate of your focus platform, as a ratio of totals.",
    solve=_click_to_conversion,
    context=_posts_context,
    rtol=1e-6,
    hint="Keep the posts of `platform`, then divide the total of `conversions` by the total of "
         "`clicks` (the step before).",
    solution="""
p = posts[posts["platform"] == platform]
cvr = p["conversions"].sum() / p["clicks"].sum()
""",
    mistakes=(
        Mistake(_mean_of_post_rates,
                "that is the mean of the posts' own rates: every post weighs the same, whether it "
                "had 3 clicks or 3,000. A step rate of the funnel is a ratio of totals."),
        Mistake(lambda posts, platform: float(_on(posts, platform)["conversions"].sum()
                                              / _on(posts, platform)["impressions"].sum()),
                "you divided by impressions: that is the rate of the whole funnel. A step rate "
                "divides by the step just before it."),
        Mistake(_per_engagement,
                "you divided by engagements and skipped a step. The step before a conversion "
                "is the click."),
        Mistake(lambda posts, platform: float(posts["conversions"].sum() / posts["clicks"].sum()),
                "that rate pools every platform. Keep only the posts of your focus platform."),
    ),
))


# --- 3. the cheapest platform to boost ----------------------------------------------------

def _boosted(posts: pd.DataFrame) -> pd.DataFrame:
    return posts[posts["source"] == "paid boost"]


#: As ``funnel.adjustment_rules(min_conversions=30)``: a cost from fewer conversions is not judged.
MIN_CONVERSIONS = 30


def _cheapest_boost(posts: pd.DataFrame) -> str:
    b = _boosted(posts).groupby("platform")[["paid_spend", "conversions"]].sum()
    b = b[b["conversions"] >= MIN_CONVERSIONS]
    return str((b["paid_spend"] / b["conversions"]).idxmin())


def _cheapest_click(posts: pd.DataFrame) -> str:
    b = _boosted(posts).groupby("platform")[["paid_spend", "clicks"]].sum()
    return str((b["paid_spend"] / b["clicks"]).idxmin())


def _mean_post_cost(posts: pd.DataFrame) -> str:
    b = _boosted(posts)
    b = b[b["conversions"] > 0]
    return str((b["paid_spend"] / b["conversions"]).groupby(b["platform"]).mean().idxmin())


register(Exercise(
    key="users.cheapest_boost",
    notebook=NOTEBOOK,
    variable="cheapest_boost",
    question="the platform where paid-boost posts cost least per conversion (total spend ÷ total "
             "conversions), among platforms with at least 30 such conversions.",
    solve=_cheapest_boost,
    context=_sourced_context,
    hint="Keep the posts whose `source` is \"paid boost\", add up `paid_spend` and `conversions` "
         "per platform, keep the platforms with at least 30 conversions, divide, and take the "
         "platform with the smallest cost (`.idxmin()`).",
    solution="""
b = posts[posts["source"] == "paid boost"].groupby("platform")[["paid_spend", "conversions"]].sum()
b = b[b["conversions"] >= 30]
cheapest_boost = (b["paid_spend"] / b["conversions"]).idxmin()
""",
    mistakes=(
        Mistake(_cheapest_click,
                "that platform has the lowest cost per *click*. Clicks are not orders: divide the "
                "spend by conversions."),
        Mistake(_mean_post_cost,
                "you averaged the posts' own costs per conversion (and dropped the boosted posts "
                "without any conversion, as if their money were free). Add spend and "
                "conversions up per platform first, then divide."),
        Mistake(lambda posts: str(_boosted(posts).groupby("platform")["paid_spend"].sum().idxmin()),
                "that platform simply got the least money. Cheap per conversion means spend "
                "divided by the conversions it bought."),
    ),
))
