"""Tests of course_lib.kpi: hand-worked numbers, NaN rule, errors, properties.

Expected values are worked out by hand in the comments, never by calling the
function under test.
"""
from __future__ import annotations

import doctest
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import kpi

approx = pytest.approx


# --------------------------------------------------------------------------
# a tiny posts frame, worked by hand
# --------------------------------------------------------------------------
#  post platform impr reach likes comm shares saves clicks conv spend revenue followers
#  p1   a        1000  500   40    5     3     2      20    2   50     200     1000
#  p2   a         200  100   15    3     1     1      10    1   10      20     1000
#  p3   b         400  200    4    0     0     0       0    0    0       0      500
# engagements (likes+comments+shares+saves): p1 = 50, p2 = 20, p3 = 4; total 74
@pytest.fixture
def posts() -> pd.DataFrame:
    return pd.DataFrame({
        "post_id": ["p1", "p2", "p3"],
        "platform": ["a", "a", "b"],
        "impressions": [1000, 200, 400],
        "reach": [500, 100, 200],
        "likes": [40, 15, 4],
        "comments": [5, 3, 0],
        "shares": [3, 1, 0],
        "saves": [2, 1, 0],
        "clicks": [20, 10, 0],
        "conversions": [2, 1, 0],
        "paid_spend": [50.0, 10.0, 0.0],
        "revenue": [200.0, 20.0, 0.0],
        "followers": [1000, 1000, 500],
    })


def values(series: pd.Series) -> list:
    return series.tolist()


def test_engagements_default_and_custom(posts):
    assert values(kpi.engagements(posts)) == [50, 20, 4]
    # likes + comments only: 45, 18, 4
    assert values(kpi.engagements(posts, columns=["likes", "comments"])) == [45, 18, 4]


def test_engagement_rate_by_reach(posts):
    # per post: 50/500 = 0.1, 20/100 = 0.2, 4/200 = 0.02
    assert values(kpi.engagement_rate(posts, denominator="reach", aggregate=None)) == approx([0.1, 0.2, 0.02])
    # ratio of totals: 74 / 800 = 0.0925
    assert kpi.engagement_rate(posts, denominator="reach", aggregate="ratio") == approx(0.0925)
    # mean of rates: (0.1 + 0.2 + 0.02) / 3 = 0.10666...
    assert kpi.engagement_rate(posts, denominator="reach", aggregate="mean") == approx(0.32 / 3)
    # by platform, ratio: a = 70/600 = 0.11666..., b = 4/200 = 0.02; mean: a = 0.15
    by = kpi.engagement_rate(posts, denominator="reach", aggregate="ratio", by="platform")
    assert by.to_dict() == approx({"a": 70 / 600, "b": 0.02})
    assert kpi.engagement_rate(posts, denominator="reach", aggregate="mean", by="platform")["a"] == approx(0.15)


def test_engagement_rate_by_impressions_and_followers(posts):
    # impressions: 0.05, 0.1, 0.01; ratio 74/1600 = 0.04625
    assert values(kpi.engagement_rate(posts, denominator="impressions", aggregate=None)) == approx([0.05, 0.1, 0.01])
    assert kpi.engagement_rate(posts, denominator="impressions", aggregate="ratio") == approx(0.04625)
    # followers column: 50/1000, 20/1000, 4/500 = 0.05, 0.02, 0.008; ratio 74/2500 = 0.0296
    assert values(kpi.engagement_rate(posts, denominator="followers", aggregate=None)) == approx([0.05, 0.02, 0.008])
    assert kpi.engagement_rate(posts, denominator="followers", aggregate="ratio") == approx(0.0296)
    # one follower count for all: 74 / (3 * 2000) = 0.012333...
    assert kpi.engagement_rate(posts, denominator="followers", followers=2000, aggregate="ratio") == approx(74 / 6000)
    # a single engagements column (like daily_metrics["engagements"])
    daily = pd.DataFrame({"engagements": [30, 10], "reach": [100, 300]})
    # 40 / 400 = 0.1
    assert kpi.engagement_rate(daily, denominator="reach", engagements="engagements", aggregate="ratio") == approx(0.1)


def test_mean_of_rates_and_ratio_of_totals_differ():
    # a tiny post with a high rate and a big post with a low rate
    # rates: 5/10 = 0.5 and 10/1000 = 0.01
    # mean of rates = (0.5 + 0.01) / 2 = 0.255; ratio of totals = 15 / 1010 = 0.0148514...
    frame = pd.DataFrame({"likes": [5, 10], "comments": [0, 0], "shares": [0, 0], "saves": [0, 0],
                          "reach": [10, 1000]})
    mean = kpi.engagement_rate(frame, denominator="reach", aggregate="mean")
    ratio = kpi.engagement_rate(frame, denominator="reach", aggregate="ratio")
    assert mean == approx(0.255)
    assert ratio == approx(15 / 1010)
    assert abs(mean - ratio) > 0.2


def test_applause_conversation_amplification(posts):
    # per post (Kaushik): likes 59/3, comments 8/3, shares 4/3; ratio == mean here (denominator 1)
    assert kpi.applause_rate(posts, per="post", aggregate="ratio") == approx(59 / 3)
    assert kpi.applause_rate(posts, per="post", aggregate="mean") == approx(59 / 3)
    assert kpi.conversation_rate(posts, per="post", aggregate="ratio") == approx(8 / 3)
    assert kpi.amplification_rate(posts, per="post", aggregate="ratio") == approx(4 / 3)
    # per post on platform a: likes (40+15)/2 = 27.5, shares (3+1)/2 = 2
    assert kpi.applause_rate(posts, per="post", aggregate="ratio", by="platform")["a"] == approx(27.5)
    assert kpi.amplification_rate(posts, per="post", aggregate="ratio", by="platform")["a"] == approx(2.0)
    # per follower, ratio of totals over followers 1000 + 1000 + 500 = 2500
    assert kpi.applause_rate(posts, per="follower", aggregate="ratio") == approx(59 / 2500)      # 0.0236
    assert kpi.conversation_rate(posts, per="follower", aggregate="ratio") == approx(8 / 2500)   # 0.0032
    assert kpi.amplification_rate(posts, per="follower", aggregate="ratio") == approx(4 / 2500)  # 0.0016
    # per follower per row: likes 40/1000, 15/1000, 4/500
    assert values(kpi.applause_rate(posts, per="follower", aggregate=None)) == approx([0.04, 0.015, 0.008])
    # platform a, per follower: shares 4 / 2000 = 0.002
    assert kpi.amplification_rate(posts, per="follower", aggregate="ratio", by="platform")["a"] == approx(0.002)


def test_share_rate(posts):
    # reach: 3/500 = 0.006, 1/100 = 0.01, 0/200 = 0; ratio 4/800 = 0.005
    assert values(kpi.share_rate(posts, denominator="reach", aggregate=None)) == approx([0.006, 0.01, 0.0])
    assert kpi.share_rate(posts, denominator="reach", aggregate="ratio") == approx(0.005)
    # impressions: 4 / 1600 = 0.0025
    assert kpi.virality_rate(posts, denominator="impressions", aggregate="ratio") == approx(0.0025)


def test_ctr_and_conversion_rate(posts):
    # CTR per post: 20/1000 = .02, 10/200 = .05, 0/400 = 0; ratio 30/1600 = 0.01875; mean 0.07/3
    assert values(kpi.ctr(posts, aggregate=None)) == approx([0.02, 0.05, 0.0])
    assert kpi.ctr(posts, aggregate="ratio") == approx(0.01875)
    assert kpi.ctr(posts, aggregate="mean") == approx(0.07 / 3)
    # conversion: 2/20 = .1, 1/10 = .1, 0/0 = NaN; ratio 3/30 = .1; mean skips the NaN row = .1
    per_row = kpi.conversion_rate(posts, aggregate=None)
    assert values(per_row)[:2] == approx([0.1, 0.1]) and math.isnan(per_row.iloc[2])
    assert kpi.conversion_rate(posts, aggregate="ratio") == approx(0.1)
    assert kpi.conversion_rate(posts, aggregate="mean") == approx(0.1)
    # platform b has no clicks at all: NaN
    assert math.isnan(kpi.conversion_rate(posts, aggregate="ratio", by="platform")["b"])


def test_cost_metrics(posts):
    # CPM: 1000*50/1000 = 50, 1000*10/200 = 50, 0; ratio 1000*60/1600 = 37.5; mean 100/3
    assert values(kpi.cpm(posts, aggregate=None)) == approx([50.0, 50.0, 0.0])
    assert kpi.cpm(posts, aggregate="ratio") == approx(37.5)
    assert kpi.cpm(posts, aggregate="mean") == approx(100 / 3)
    # CPC: 50/20 = 2.5, 10/10 = 1, 0/0 NaN; ratio 60/30 = 2
    assert kpi.cpc(posts, aggregate="ratio") == approx(2.0)
    assert kpi.cpc(posts, aggregate="mean") == approx(1.75)
    # CPE: 50/50 = 1, 10/20 = .5, 0/4 = 0; ratio 60/74
    assert values(kpi.cpe(posts, aggregate=None)) == approx([1.0, 0.5, 0.0])
    assert kpi.cpe(posts, aggregate="ratio") == approx(60 / 74)
    # CPA: 50/2 = 25, 10/1 = 10; ratio 60/3 = 20
    assert kpi.cpa(posts, aggregate="ratio") == approx(20.0)
    assert kpi.cpa(posts, aggregate="mean") == approx(17.5)


def test_roi_and_roas(posts):
    # ROI per post: (200-50)/50 = 3, (20-10)/10 = 1, 0/0 NaN; ratio (220-60)/60 = 2.6667
    roi = kpi.roi(posts, aggregate=None)
    assert values(roi)[:2] == approx([3.0, 1.0]) and math.isnan(roi.iloc[2])
    assert kpi.roi(posts, aggregate="ratio") == approx(160 / 60)
    # ROAS: 200/50 = 4, 20/10 = 2; ratio 220/60 = 3.6667; ROAS - 1 == ROI on ad spend alone
    assert kpi.roas(posts, aggregate="ratio") == approx(220 / 60)
    assert kpi.roas(posts, aggregate="mean") == approx(3.0)
    # full cost: spend 60 + production 100 = 160; (220 - 160) / 160 = 0.375
    full = posts.assign(production=[50.0, 30.0, 20.0])
    assert kpi.roi(full, cost=["paid_spend", "production"], aggregate="ratio") == approx(0.375)
    # no revenue: ROI = -1
    assert kpi.roi(pd.DataFrame({"revenue": [0.0], "paid_spend": [10.0]}), aggregate="ratio") == approx(-1.0)


def test_share_of_voice():
    # week 1: brand 30 of 30+50+20 = 0.3; week 2: brand 10 of 10+10+0 = 0.5
    # pooled: 40 / 120 = 1/3 (not the mean of weeks, 0.4)
    comp = pd.DataFrame({
        "week_start": ["w1", "w1", "w1", "w2", "w2", "w2"],
        "company": ["us", "c1", "c2"] * 2,
        "is_brand": [True, False, False] * 2,
        "mentions": [30, 50, 20, 10, 10, 0],
    })
    assert kpi.share_of_voice(comp) == approx(1 / 3)
    assert kpi.share_of_voice(comp, by="week_start").to_dict() == approx({"w1": 0.3, "w2": 0.5})


def test_net_sentiment():
    # 3 positive, 5 neutral, 2 negative: with neutrals (3-2)/10 = 0.1; without (3-2)/5 = 0.2
    c = pd.DataFrame({"sentiment": ["positive"] * 3 + ["neutral"] * 5 + ["negative"] * 2})
    assert kpi.net_sentiment(c, include_neutral=True) == approx(0.1)
    assert kpi.net_sentiment(c, include_neutral=False) == approx(0.2)
    # x: pos, pos, neg, neu -> with (2-1)/4 = 0.25, without (2-1)/3; y: all neutral -> 0.0 and NaN
    g = pd.DataFrame({"platform": ["x"] * 4 + ["y"] * 2,
                      "sentiment": ["positive", "positive", "negative", "neutral", "neutral", "neutral"]})
    with_neu = kpi.net_sentiment(g, include_neutral=True, by="platform")
    without = kpi.net_sentiment(g, include_neutral=False, by="platform")
    assert with_neu.to_dict() == approx({"x": 0.25, "y": 0.0})
    assert without["x"] == approx(1 / 3) and math.isnan(without["y"])


def test_nps():
    # 10, 9 promoters (2/5 = 40 %), 8, 7 passives, 3 detractor (1/5 = 20 %): 40 - 20 = 20
    assert kpi.nps(pd.DataFrame({"nps": [10, 9, 8, 7, 3]})) == approx(20.0)
    assert kpi.nps(pd.DataFrame({"nps": [0, 6]})) == approx(-100.0)
    assert kpi.nps(pd.DataFrame({"nps": [9, 10]})) == approx(100.0)
    assert kpi.nps(pd.DataFrame({"nps": [7, 8]})) == approx(0.0)
    # by segment: s = [10, 0] -> 50 - 50 = 0; t = [9] -> 100
    by = kpi.nps(pd.DataFrame({"seg": ["s", "s", "t"], "nps": [10, 0, 9]}), by="seg")
    assert by.to_dict() == approx({"s": 0.0, "t": 100.0})


@pytest.fixture
def daily() -> pd.DataFrame:
    # followers at end of day; start = followers - follows + unfollows
    # a: day 1 start 1000 (+20 -10 -> 1010), day 2 start 1010 (+30 -10 -> 1030)
    # b: day 1 start 500 (+5 -10 -> 495),  day 2 start 495 (+10 -5 -> 500)
    return pd.DataFrame({
        "date": pd.to_datetime(["2025-01-01", "2025-01-02"] * 2),
        "platform": ["a", "a", "b", "b"],
        "followers": [1010, 1030, 495, 500],
        "follows": [20, 30, 5, 10],
        "unfollows": [10, 10, 10, 5],
    })


def test_follower_growth_rate(daily):
    # period: a net 30 / start 1000 = 0.03; b net 0 / 500 = 0; all: 30 / 1500 = 0.02
    assert kpi.follower_growth_rate(daily, aggregate="period", by="platform").to_dict() == approx({"a": 0.03, "b": 0.0})
    assert kpi.follower_growth_rate(daily, aggregate="period") == approx(0.02)
    # per day on a: 10/1000 = 0.01, 20/1010; ratio a: 30 / 2010; mean a: (0.01 + 20/1010) / 2
    assert values(kpi.follower_growth_rate(daily, aggregate=None))[:2] == approx([0.01, 20 / 1010])
    assert kpi.follower_growth_rate(daily, aggregate="ratio", by="platform")["a"] == approx(30 / 2010)
    assert kpi.follower_growth_rate(daily, aggregate="mean", by="platform")["a"] == approx((0.01 + 20 / 1010) / 2)
    # followers counted at the start of the day: 10/1010 for a's first row
    assert kpi.follower_growth_rate(daily, aggregate=None, followers_at="start").iloc[0] == approx(10 / 1010)


def test_churn_rate(daily):
    # period: a 20/1000 = 0.02, b 15/500 = 0.03; all 35/1500
    assert kpi.churn_rate(daily, aggregate="period", by="platform").to_dict() == approx({"a": 0.02, "b": 0.03})
    assert kpi.churn_rate(daily, aggregate="period") == approx(35 / 1500)
    # row order must not matter for "period"
    assert kpi.churn_rate(daily.iloc[::-1], aggregate="period") == approx(35 / 1500)


def test_stickiness_and_weekly_active_ratio():
    # DAU/MAU rows: 100/1000 = 0.1, 600/2000 = 0.3; mean 0.2; ratio 700/3000
    s = pd.DataFrame({"dau": [100, 600], "mau": [1000, 2000]})
    assert kpi.stickiness(s, aggregate="mean") == approx(0.2)
    assert kpi.stickiness(s, aggregate="ratio") == approx(700 / 3000)
    # weekly active: 50/200 = 0.25, 150/300 = 0.5; mean 0.375; ratio 200/500 = 0.4
    w = pd.DataFrame({"weekly_active": [50, 150], "members": [200, 300]})
    assert kpi.weekly_active_ratio(w, aggregate="mean") == approx(0.375)
    assert kpi.weekly_active_ratio(w, aggregate="ratio") == approx(0.4)


def test_kpi_table_hand_values(posts):
    t = kpi.kpi_table(posts, followers={"a": 1000, "b": 500}).set_index("platform")
    # a: 2 posts; engagements 70; reach 600 -> 70/600; impressions 1200 -> 70/1200
    assert t.loc["a", "posts"] == 2
    assert t.loc["a", "engagement_rate_reach"] == approx(70 / 600)
    assert t.loc["a", "engagement_rate_impressions"] == approx(70 / 1200)
    # a: CTR 30/1200 = 0.025; CPM 1000*60/1200 = 50; ROAS 220/60; CPA 60/3 = 20
    assert t.loc["a", "ctr"] == approx(0.025)
    assert t.loc["a", "cpm"] == approx(50.0)
    assert t.loc["a", "roas"] == approx(220 / 60)
    assert t.loc["a", "cpa"] == approx(20.0)
    # a: per follower: 70 / (2 posts * 1000) = 0.035; b: 4 / (1 * 500) = 0.008
    assert t.loc["a", "engagement_rate_followers"] == approx(0.035)
    assert t.loc["b", "engagement_rate_followers"] == approx(0.008)
    # b: no spend, no clicks, no conversions -> NaN, never inf
    assert np.isnan(t.loc["b", ["cpc", "cpa", "roas", "conversion_rate"]].to_numpy(dtype=float)).all()
    # no followers given: no follower columns
    assert "engagement_rate_followers" not in kpi.kpi_table(posts).columns
    # by=None: one row with the overall ratios (74/800)
    overall = kpi.kpi_table(posts, by=None)
    assert len(overall) == 1 and overall["engagement_rate_reach"].iloc[0] == approx(0.0925)
    # followers as a column: summed per group -> a 70 / 2000
    assert kpi.kpi_table(posts, followers="followers").set_index("platform").loc["a", "engagement_rate_followers"] == approx(0.035)


# --------------------------------------------------------------------------
# zero denominators
# --------------------------------------------------------------------------

def test_zero_denominators_give_nan_without_warnings():
    zero = pd.DataFrame({
        "g": ["x", "x"], "impressions": [0, 0], "reach": [0, 0], "likes": [0, 3], "comments": [0, 0],
        "shares": [0, 0], "saves": [0, 0], "clicks": [0, 0], "conversions": [0, 0],
        "paid_spend": [0.0, 5.0], "revenue": [0.0, 0.0], "followers": [0, 0], "mentions": [0, 0],
        "is_brand": [True, False], "dau": [0, 0], "mau": [0, 0], "weekly_active": [0, 0],
        "members": [0, 0], "follows": [0, 0], "unfollows": [0, 0], "date": [1, 2],
    })
    calls = [
        lambda a: kpi.engagement_rate(zero, denominator="reach", aggregate=a),
        lambda a: kpi.engagement_rate(zero, denominator="impressions", aggregate=a),
        lambda a: kpi.engagement_rate(zero, denominator="followers", aggregate=a),
        lambda a: kpi.applause_rate(zero, per="follower", aggregate=a),
        lambda a: kpi.conversation_rate(zero, per="follower", aggregate=a),
        lambda a: kpi.amplification_rate(zero, per="follower", aggregate=a),
        lambda a: kpi.share_rate(zero, denominator="reach", aggregate=a),
        lambda a: kpi.ctr(zero, aggregate=a),
        lambda a: kpi.conversion_rate(zero, aggregate=a),
        lambda a: kpi.cpm(zero, aggregate=a),
        lambda a: kpi.cpc(zero, aggregate=a),
        lambda a: kpi.cpa(zero, aggregate=a),
        lambda a: kpi.roas(zero.assign(paid_spend=0.0), aggregate=a),
        lambda a: kpi.roi(zero.assign(paid_spend=0.0), aggregate=a),
        lambda a: kpi.stickiness(zero, aggregate=a),
        lambda a: kpi.weekly_active_ratio(zero, aggregate=a),
        lambda a: kpi.follower_growth_rate(zero, aggregate=a),
        lambda a: kpi.churn_rate(zero, aggregate=a),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for call in calls:
            for aggregate in ("ratio", "mean"):
                assert math.isnan(call(aggregate))
            per_row = call(None)
            assert per_row.isna().all() and not np.isinf(per_row.to_numpy()).any()
        assert math.isnan(kpi.follower_growth_rate(zero, aggregate="period"))
        assert math.isnan(kpi.engagement_rate(zero, denominator="reach", aggregate="mean", by="g")["x"])
        assert math.isnan(kpi.share_of_voice(zero))
        assert math.isnan(kpi.net_sentiment(pd.DataFrame({"sentiment": ["neutral"]}), include_neutral=False))
        table = kpi.kpi_table(zero, by="g", followers=0)
        rates = table.select_dtypes("number").to_numpy(dtype=float)
        assert not np.isinf(rates).any()
        assert math.isnan(table["engagement_rate_reach"].iloc[0])


# --------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------

def test_missing_column_is_named(posts):
    with pytest.raises(ValueError, match=r"column 'reach'.*not found.*available columns"):
        kpi.engagement_rate(posts.drop(columns="reach"), denominator="reach", aggregate="ratio")
    with pytest.raises(ValueError, match="'saves'"):
        kpi.kpi_table(posts.drop(columns="saves"))
    with pytest.raises(ValueError, match="'followers'"):
        kpi.engagement_rate(posts.drop(columns="followers"), denominator="followers", aggregate="ratio")
    with pytest.raises(ValueError, match="'channel'"):
        kpi.ctr(posts, aggregate="ratio", by="channel")


def test_negative_missing_and_non_numeric_counts_are_named(posts):
    bad = posts.copy()
    bad.loc[1, "likes"] = -3
    with pytest.raises(ValueError, match=r"column 'likes'.*negative.*row 1"):
        kpi.engagement_rate(bad, denominator="reach", aggregate="ratio")
    with pytest.raises(ValueError, match="'likes'.*negative"):
        kpi.kpi_table(bad)
    nan = posts.astype({"clicks": "float64"})
    nan.loc[0, "clicks"] = np.nan
    with pytest.raises(ValueError, match="'clicks'.*missing"):
        kpi.ctr(nan, aggregate="ratio")
    text = posts.assign(impressions=["1000", "200", "400"])
    with pytest.raises(TypeError, match="'impressions'.*numeric"):
        kpi.ctr(text, aggregate="ratio")


def test_empty_frame_and_not_a_frame(posts):
    with pytest.raises(ValueError, match="empty"):
        kpi.ctr(posts.iloc[:0], aggregate="ratio")
    with pytest.raises(ValueError, match="posts is empty"):
        kpi.kpi_table(posts.iloc[:0])
    with pytest.raises(ValueError, match="empty"):
        kpi.nps(pd.DataFrame({"nps": pd.Series([], dtype="int64")}))
    with pytest.raises(TypeError, match="DataFrame"):
        kpi.ctr(posts["clicks"], aggregate="ratio")


def test_bad_options_list_allowed_values(posts):
    with pytest.raises(ValueError, match=r"denominator='views'.*'reach', 'followers', 'impressions'"):
        kpi.engagement_rate(posts, denominator="views", aggregate="ratio")
    with pytest.raises(ValueError, match=r"aggregate='sum'.*'ratio', 'mean', None"):
        kpi.ctr(posts, aggregate="sum")
    with pytest.raises(ValueError, match=r"per='day'.*'post', 'follower'"):
        kpi.applause_rate(posts, per="day", aggregate="ratio")
    with pytest.raises(ValueError, match=r"aggregate='total'.*'period'"):
        kpi.churn_rate(pd.DataFrame({"followers": [1], "follows": [0], "unfollows": [0]}), aggregate="total")
    with pytest.raises(TypeError):  # aggregate has no default: the choice must be explicit
        kpi.ctr(posts)


def test_other_input_errors(posts):
    with pytest.raises(ValueError, match=r"'nps'.*0 to 10"):
        kpi.nps(pd.DataFrame({"nps": [3, 11]}))
    with pytest.raises(ValueError, match=r"'nps'.*0 to 10"):
        kpi.nps(pd.DataFrame({"nps": [3.0, 7.5]}))
    with pytest.raises(ValueError, match=r"unknown label.*'mixed'.*'positive', 'neutral', 'negative'"):
        kpi.net_sentiment(pd.DataFrame({"sentiment": ["positive", "mixed"]}), include_neutral=True)
    with pytest.raises(TypeError, match="include_neutral"):
        kpi.net_sentiment(pd.DataFrame({"sentiment": ["positive"]}), include_neutral="yes")
    with pytest.raises(TypeError, match="'is_brand'"):
        kpi.share_of_voice(pd.DataFrame({"mentions": [1], "is_brand": ["yes"]}))
    with pytest.raises(ValueError, match=r"group\(s\) \['b'\]"):
        kpi.kpi_table(posts, followers={"a": 1000})
    with pytest.raises(ValueError, match="followers=-5"):
        kpi.engagement_rate(posts, denominator="followers", followers=-5, aggregate="ratio")


# --------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------

@st.composite
def post_frames(draw, min_rows=1, max_rows=25):
    """Posts with the funnel's natural order: reach <= impressions, clicks <= impressions,
    conversions <= clicks; groups 'g' in {0, 1, 2}."""
    n = draw(st.integers(min_rows, max_rows))
    ints = st.integers(0, 100_000)
    impressions = draw(st.lists(ints, min_size=n, max_size=n))
    frac = st.floats(0, 1)
    reach = [int(i * draw(frac)) for i in impressions]
    clicks = [int(i * draw(frac)) for i in impressions]
    conversions = [int(c * draw(frac)) for c in clicks]
    small = st.lists(st.integers(0, 5_000), min_size=n, max_size=n)
    return pd.DataFrame({
        "g": draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)),
        "impressions": impressions, "reach": reach, "clicks": clicks, "conversions": conversions,
        "likes": draw(small), "comments": draw(small), "shares": draw(small), "saves": draw(small),
        "followers": draw(st.lists(st.integers(0, 1_000_000), min_size=n, max_size=n)),
        # money in cents, as it is recorded
        "paid_spend": [c / 100 for c in draw(st.lists(st.integers(0, 10**6), min_size=n, max_size=n))],
        "revenue": [c / 100 for c in draw(st.lists(st.integers(0, 10**7), min_size=n, max_size=n))],
    })


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RATES = {
    "er_reach": lambda f, a, **k: kpi.engagement_rate(f, denominator="reach", aggregate=a, **k),
    "er_followers": lambda f, a, **k: kpi.engagement_rate(f, denominator="followers", aggregate=a, **k),
    "share_rate": lambda f, a, **k: kpi.share_rate(f, denominator="impressions", aggregate=a, **k),
    "ctr": lambda f, a, **k: kpi.ctr(f, aggregate=a, **k),
    "conversion_rate": lambda f, a, **k: kpi.conversion_rate(f, aggregate=a, **k),
    "cpm": lambda f, a, **k: kpi.cpm(f, aggregate=a, **k),
    "roas": lambda f, a, **k: kpi.roas(f, aggregate=a, **k),
}
COUNT_COLUMNS = ["impressions", "reach", "clicks", "conversions", "likes", "comments", "shares", "saves",
                 "followers", "paid_spend", "revenue"]


def same(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or x == approx(y, rel=1e-9, abs=1e-12)


@PROPERTY
@given(post_frames())
def test_bounded_rates_stay_in_unit_interval(frame):
    # CTR and conversion rate are subsets of their denominators here, so in [0, 1].
    # Engagement rate by reach is NOT bounded by 1 (one person can like, comment, share
    # and save) -- only >= 0 is a property; the module docstring says so.
    for name in ("ctr", "conversion_rate"):
        for aggregate in ("ratio", "mean"):
            value = RATES[name](frame, aggregate)
            assert math.isnan(value) or 0 <= value <= 1
        rows = RATES[name](frame, None).dropna()
        assert ((rows >= 0) & (rows <= 1)).all()
    er = RATES["er_reach"](frame, None).dropna()
    assert (er >= 0).all() and np.isfinite(er).all()


@PROPERTY
@given(post_frames())
def test_ratio_lies_between_smallest_and_largest_row_rate(frame):
    # (the mediant property; it holds over the rows whose own rate is defined --
    # rows with a zero denominator still add their numerator to a ratio of totals)
    for fn in RATES.values():
        rows = fn(frame, None).dropna()
        if rows.empty:
            continue
        ratio = fn(frame.loc[rows.index], "ratio")
        if not math.isnan(ratio):
            assert rows.min() - 1e-9 * abs(rows.min()) <= ratio <= rows.max() + 1e-9 * abs(rows.max())


@PROPERTY
@given(post_frames(), st.randoms(use_true_random=False))
def test_ratio_and_mean_ignore_row_order(frame, rnd):
    order = list(range(len(frame)))
    rnd.shuffle(order)
    shuffled = frame.iloc[order]
    for fn in RATES.values():
        for aggregate in ("ratio", "mean"):
            assert same(fn(frame, aggregate), fn(shuffled, aggregate))
    a = kpi.kpi_table(frame, by="g").set_index("g")
    b = kpi.kpi_table(shuffled, by="g").set_index("g")
    pd.testing.assert_frame_equal(a, b, rtol=1e-9)


@PROPERTY
@given(post_frames(), st.integers(2, 1000))
def test_scaling_all_counts_leaves_rates_unchanged(frame, k):
    scaled = frame.copy()
    scaled[COUNT_COLUMNS] = scaled[COUNT_COLUMNS] * k
    for fn in RATES.values():
        for aggregate in ("ratio", "mean"):
            assert same(fn(frame, aggregate), fn(scaled, aggregate))


@PROPERTY
@given(post_frames())
def test_ratio_over_groups_is_consistent_when_groups_are_merged(frame):
    merged = frame.assign(g=frame["g"].replace({2: 1}))
    subset = frame[frame["g"].isin([1, 2])]
    for fn in RATES.values():
        by_group = fn(merged, "ratio", by="g")
        if len(subset):
            # the merged group's ratio equals the ratio computed on its rows alone
            assert same(by_group[1], fn(subset, "ratio"))
        # and kpi_table's group value equals the single-KPI function's
    table = kpi.kpi_table(frame, by="g").set_index("g")
    assert np.allclose(table["ctr"], kpi.ctr(frame, aggregate="ratio", by="g"), equal_nan=True, rtol=1e-12)
    assert np.allclose(table["engagement_rate_reach"],
                       kpi.engagement_rate(frame, denominator="reach", aggregate="ratio", by="g"),
                       equal_nan=True, rtol=1e-12)
    # overall ratio = denominator-weighted mean of the group ratios
    num = kpi.engagements(frame).groupby(frame["g"]).sum()
    den = frame.groupby("g")["reach"].sum()
    if den.sum() > 0:
        assert kpi.engagement_rate(frame, denominator="reach", aggregate="ratio") == approx(num.sum() / den.sum())


@PROPERTY
@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_bounded(scores):
    value = kpi.nps(pd.DataFrame({"nps": scores}))
    assert -100 <= value <= 100


@PROPERTY
@given(st.lists(st.sampled_from(["positive", "neutral", "negative"]), min_size=1, max_size=100),
       st.lists(st.integers(0, 10_000), min_size=2, max_size=10))
def test_net_sentiment_and_share_of_voice_bounded(labels, mentions):
    for include in (True, False):
        value = kpi.net_sentiment(pd.DataFrame({"sentiment": labels}), include_neutral=include)
        assert math.isnan(value) or -1 <= value <= 1
    # dropping neutrals can only move the score away from 0
    a = kpi.net_sentiment(pd.DataFrame({"sentiment": labels}), include_neutral=True)
    b = kpi.net_sentiment(pd.DataFrame({"sentiment": labels}), include_neutral=False)
    assert math.isnan(b) or abs(b) >= abs(a) - 1e-12
    sov = kpi.share_of_voice(pd.DataFrame({"mentions": mentions,
                                           "is_brand": [True] + [False] * (len(mentions) - 1)}))
    assert math.isnan(sov) or 0 <= sov <= 1


# --------------------------------------------------------------------------
# shipped data and docstrings
# --------------------------------------------------------------------------

def test_kpi_table_on_shipped_posts():
    from course_lib import data

    posts = data.load("posts")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = kpi.kpi_table(posts, by="platform")
    assert len(table) == posts["platform"].nunique()
    assert table["platform"].is_unique
    assert set(table["platform"]) == set(posts["platform"])
    assert table["posts"].sum() == len(posts)
    numbers = table.select_dtypes("number").to_numpy(dtype=float)
    assert not np.isinf(numbers).any()
    assert table["engagement_rate_reach"].notna().all()
    assert ((table["ctr"] >= 0) & (table["ctr"] <= 1)).all()


def test_docstring_examples_run():
    result = doctest.testmod(kpi, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 20 and result.failed == 0


def test_every_public_function_cites_a_source_with_a_year():
    import re

    for name in kpi.__all__:
        obj = getattr(kpi, name)
        if not callable(obj) or name in ("engagements", "kpi_table"):
            continue
        doc = obj.__doc__ or ""
        assert "Formula" in doc or "formula" in doc.lower() or "``" in doc, name
        assert re.search(r"(19|20)\d\d", doc), f"{name} docstring names no dated source"


# --------------------------------------------------------------------------
# followers at each post, the three denominators, top-box share, proportion
# --------------------------------------------------------------------------

@pytest.fixture
def daily_followers() -> pd.DataFrame:
    #  date        platform followers(end) follows unfollows -> start = end - follows + unfollows
    #  2025-01-01  a        1010           20      10           1000
    #  2025-01-02  a        1030           30      10           1010
    #  2025-01-01  b         500            0       0            500
    return pd.DataFrame({
        "date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-01"]),
        "platform": ["a", "a", "b"],
        "followers": [1010, 1030, 500], "follows": [20, 30, 0], "unfollows": [10, 10, 0],
    })


def test_followers_at_post_start_and_end(daily_followers):
    posts = pd.DataFrame({"timestamp": pd.to_datetime(["2025-01-02 23:59", "2025-01-01 08:00", "2025-01-01 09:00"]),
                          "platform": ["a", "a", "b"]}, index=[10, 11, 12])
    start = kpi.followers_at_post(posts, daily_followers)
    assert start.to_dict() == {10: 1010.0, 11: 1000.0, 12: 500.0}
    assert start.name == "followers"
    assert values(kpi.followers_at_post(posts, daily_followers, at="end")) == [1030.0, 1010.0, 500.0]


def test_followers_at_post_errors(daily_followers):
    posts = pd.DataFrame({"timestamp": pd.to_datetime(["2025-01-03 10:00"]), "platform": ["a"]})
    with pytest.raises(ValueError, match=r"1 post\(s\) have no row in daily.*first at posts row 0"):
        kpi.followers_at_post(posts, daily_followers)
    with pytest.raises(ValueError, match="more than one row for \\(date, platform\\)"):
        kpi.followers_at_post(posts, pd.concat([daily_followers, daily_followers]))
    with pytest.raises(TypeError, match="'timestamp'.*datetimes"):
        kpi.followers_at_post(posts.assign(timestamp="2025-01-01"), daily_followers)
    with pytest.raises(TypeError, match="'date'.*datetimes"):
        kpi.followers_at_post(posts, daily_followers.assign(date="2025-01-01"))
    with pytest.raises(ValueError, match=r"at='middle'.*'start', 'end'"):
        kpi.followers_at_post(posts, daily_followers, at="middle")
    with pytest.raises(ValueError, match="'follows'"):
        kpi.followers_at_post(posts, daily_followers.drop(columns="follows"))
    with pytest.raises(ValueError, match="daily is empty"):
        kpi.followers_at_post(posts, daily_followers.iloc[:0])


def test_followers_at_post_on_shipped_data():
    from course_lib import data

    posts = data.load("posts")
    daily = data.load("daily_metrics")
    f = kpi.followers_at_post(posts, daily)
    assert f.notna().all() and (f > 0).all() and f.index.equals(posts.index)
    end = kpi.followers_at_post(posts, daily, at="end")
    merged = posts.assign(date=posts["timestamp"].dt.normalize()).merge(
        daily[["date", "platform", "followers"]], on=["date", "platform"], how="left")
    assert np.array_equal(end.to_numpy(), merged["followers"].to_numpy(dtype=float))


def test_engagement_rate_by_denominator_by_hand(posts):
    # a: eng 70, reach 600, impressions 1200, followers 2000 -> 0.11667, 0.035, 0.05833
    # b: eng 4, reach 200, impressions 400, followers 500 -> 0.02, 0.008, 0.01
    t = kpi.engagement_rate_by_denominator(posts).set_index("platform")
    assert t.loc["a", "er_reach"] == approx(70 / 600)
    assert t.loc["a", "er_followers"] == approx(0.035)
    assert t.loc["a", "er_impressions"] == approx(70 / 1200)
    assert t.loc["b", "reach_per_follower"] == approx(0.4)
    assert t.loc["a", "impressions_per_reach"] == approx(2.0)
    assert t["posts"].tolist() == [2, 1]
    assert t["rank_reach"].tolist() == [1, 2]


def test_engagement_rate_by_denominator_identities_on_shipped_data():
    from course_lib import data

    posts = data.load("posts")
    posts["followers"] = kpi.followers_at_post(posts, data.load("daily_metrics"))
    t = kpi.engagement_rate_by_denominator(posts).set_index("platform")
    assert np.allclose(t["er_followers"], t["er_reach"] * t["reach_per_follower"])
    assert np.allclose(t["er_impressions"], t["er_reach"] / t["impressions_per_reach"])
    for d in ("reach", "followers", "impressions"):
        assert np.allclose(t[f"er_{d}"], kpi.engagement_rate(posts, denominator=d, aggregate="ratio", by="platform"))
        assert sorted(t[f"rank_{d}"].tolist()) == list(range(1, len(t) + 1))
    # impressions >= reach, so the per-impression rate is never above the per-reach rate
    assert (t["er_impressions"] <= t["er_reach"]).all()


def test_engagement_rate_by_denominator_zero_base_and_errors(posts):
    zero = posts.assign(followers=0)
    t = kpi.engagement_rate_by_denominator(zero)
    assert t["er_followers"].isna().all() and t["rank_followers"].isna().all()
    with pytest.raises(ValueError, match="'followers'"):
        kpi.engagement_rate_by_denominator(posts.drop(columns="followers"))
    with pytest.raises(ValueError, match="'channel'"):
        kpi.engagement_rate_by_denominator(posts, by="channel")


def test_engagement_rate_by_denominator_without_groups(posts):
    # all three posts together: eng 74, reach 800, impressions 1600, followers 2500
    t = kpi.engagement_rate_by_denominator(posts, by=None)
    assert len(t) == 1 and "platform" not in t.columns and "_all" not in t.columns
    assert t["er_reach"].iloc[0] == approx(74 / 800)
    assert t["er_followers"].iloc[0] == approx(74 / 2500)
    assert t["er_impressions"].iloc[0] == approx(74 / 1600)
    assert t["posts"].iloc[0] == 3
    assert t[["rank_reach", "rank_followers", "rank_impressions"]].iloc[0].tolist() == [1, 1, 1]


def test_top_box_share_lives_in_survey_only():
    # one function for the top-box share: course_lib.survey.top_box_share (validates the scale)
    assert not hasattr(kpi, "top_box_share")
    assert "top_box_share" not in kpi.__all__


def test_proportion():
    w = pd.DataFrame({"part": [80, 45, 0], "base": [100, 50, 0]})
    # ratio 125 / 150; mean of defined rows (0.8 + 0.9) / 2; per row the third is NaN
    assert kpi.proportion(w, part="part", base="base", aggregate="ratio") == approx(125 / 150)
    assert kpi.proportion(w, part="part", base="base", aggregate="mean") == approx(0.85)
    assert math.isnan(kpi.proportion(w, part="part", base="base", aggregate=None).iloc[2])
    with pytest.raises(ValueError, match="'base'"):
        kpi.proportion(w.drop(columns="base"), part="part", base="base", aggregate="ratio")
