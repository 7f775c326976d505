"""Tests of course_lib.influencers: size norm, fake-follower screen, cost per expected engagement, grading."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import data, influencers as kol


def _candidates(n: int = 200, seed: int = 1, slope: float = -0.25) -> pd.DataFrame:
    """Genuine accounts on a known norm: ER = 0.05 at 10k followers, elasticity `slope`."""
    rng = np.random.default_rng(seed)
    followers = np.round(10 ** rng.uniform(3.8, 6.2, n)).astype("int64")
    er = 0.05 * (followers / 1e4) ** slope * np.exp(0.2 * rng.standard_normal(n))
    comments = np.round(followers * er * 0.08).astype("int64")
    likes = np.round(followers * er).astype("int64") - comments
    return pd.DataFrame({"influencer_id": [f"I{i:03d}" for i in range(n)], "followers": followers,
                         "avg_likes": likes, "avg_comments": comments,
                         "engagement_rate": (likes + comments) / followers,
                         "follower_growth_90d": 0.05, "max_daily_gain": (followers * 0.002).astype("int64"),
                         "audience_fit": 0.6, "price": followers * 0.06})


def test_norm_recovers_a_known_elasticity_and_level():
    norm = kol.fit_er_norm(_candidates())
    assert norm["slope"] == pytest.approx(-0.25, abs=0.03)
    assert norm["er_at_10k"] == pytest.approx(0.05, rel=0.08)
    assert norm["method"] == "theil-sen" and norm["n"] == 200


def test_theil_sen_resists_low_engagement_outliers_that_pull_ols_down():
    c = _candidates(seed=2)
    c.loc[:39, "engagement_rate"] *= 0.1  # 20 % of accounts engage ten times less than their size suggests
    robust = kol.fit_er_norm(c)
    ols = kol.fit_er_norm(c, method="ols")
    assert robust["er_at_10k"] == pytest.approx(0.05, rel=0.25)
    # OLS is pulled further down than Theil-Sen
    assert abs(np.log(ols["er_at_10k"] / 0.05)) > 1.5 * abs(np.log(robust["er_at_10k"] / 0.05))


def test_screen_flags_two_of_three_signals_and_not_one():
    c = _candidates(n=50, seed=3)
    norm = kol.fit_er_norm(c)
    c.loc[0, "engagement_rate"] *= 0.1                      # low ER only -> 1 signal
    c.loc[1, ["engagement_rate"]] *= 0.1                     # low ER + few comments -> 2
    c.loc[1, "avg_comments"] = 0
    c.loc[2, "follower_growth_90d"] = 0.8                    # spike + few comments -> 2
    c.loc[2, "avg_comments"] = 1
    c.loc[3, "max_daily_gain"] = int(c.loc[3, "followers"] * 0.1)  # one viral day only -> 1
    out = kol.screen(c, norm=norm)
    assert out.loc[:3, "n_signals"].tolist() == [1, 2, 2, 1]
    assert out.loc[:3, "flagged"].tolist() == [False, True, True, False]
    assert not out.loc[4:, "flagged"].any()
    assert kol.screen(c, norm=norm, min_signals=1).loc[[0, 3], "flagged"].all()


def test_accounts_near_a_threshold_go_to_manual_review():
    c = _candidates(n=30, seed=4)
    norm = kol.fit_er_norm(c)
    expected = 10 ** (norm["intercept"] + norm["slope"] * np.log10(c["followers"]))
    c.loc[0, "engagement_rate"] = 0.41 * expected[0]          # 2.5 % above the 0.4 cut
    c.loc[1, "follower_growth_90d"] = 0.24                       # 4 % below the 0.25 cut
    out = kol.screen(c, norm=norm, review_margin=0.1)
    assert out.loc[0, "near_threshold"] == "low ER" and out.loc[1, "near_threshold"] == "90-day growth"
    assert out.loc[:1, "manual_review"].all()
    assert (out["near_threshold"] == "").sum() == (~out["manual_review"]).sum()
    assert not kol.screen(c, norm=norm, review_margin=0.0).loc[:1, "manual_review"].any()
    with pytest.raises(ValueError, match="review_margin must be between"):
        kol.screen(c, review_margin=-0.1)


def test_audience_fit_gives_cost_per_target_engagement():
    f = pd.DataFrame({"price": [1000.0, 1000.0], "avg_likes": [450, 450], "avg_comments": [50, 50],
                      "followers": [20_000, 20_000], "flagged": [False, False], "fit": [1.0, 0.25]})
    out = kol.cost_per_expected_engagement(f, audience_fit="fit")
    assert out["cost_per_expected_engagement"].tolist() == [2.0, 2.0]
    assert out["cost_per_target_engagement"].tolist() == [2.0, 8.0]
    assert "cost_per_target_engagement" not in kol.cost_per_expected_engagement(f).columns
    with pytest.raises(ValueError, match="'fit' of frame must hold shares between 0 and 1"):
        kol.cost_per_expected_engagement(f.assign(fit=1.5), audience_fit="fit")
    with pytest.raises(ValueError, match=r"no column\(s\) \['reach_fit'\]"):
        kol.cost_per_expected_engagement(f, audience_fit="reach_fit")


def test_cost_per_expected_engagement_discounts_flagged_accounts():
    f = pd.DataFrame({"price": [1000.0, 1000.0, 500.0], "avg_likes": [450, 90, 0], "avg_comments": [50, 10, 0],
                      "followers": [20_000, 20_000, 10_000], "flagged": [False, True, False]})
    out = kol.cost_per_expected_engagement(f, flag_discount=0.5)
    assert out["expected_engagements"].tolist() == [500.0, 50.0, 0.0]
    assert out["cost_per_expected_engagement"].tolist()[:2] == [2.0, 20.0]
    assert np.isinf(out["cost_per_expected_engagement"].iloc[2])
    assert out["cost_per_follower"].tolist() == [0.05, 0.05, 0.05]
    face = kol.cost_per_expected_engagement(f, flag_discount=0.0)
    assert face["cost_per_expected_engagement"].iloc[1] == 10.0
    assert kol.cost_per_expected_engagement(f, flagged=None)["expected_engagements"].iloc[1] == 100.0


def test_grade_screen_counts():
    g = kol.grade_screen(pd.Series([True, True, True, False], index=list("abcd")), ["a", "d"])
    assert g.to_dict() == {"flagged": 3, "suspicious": 2, "true_positives": 1, "precision": 1 / 3, "recall": 0.5}
    assert np.isnan(kol.grade_screen(pd.Series([False], index=["a"]), ["a"])["precision"])


@pytest.mark.parametrize("seed, market", [(2024, "cn"), (7, "global")])
def test_screen_finds_the_simulated_fake_follower_accounts(seed, market):
    cands = data.load("influencers", seed=seed, market=market)
    ids = set(data.truth(seed, market).influencers.suspicious_ids)
    screened = kol.screen(cands).set_index("influencer_id")
    grade = kol.grade_screen(screened["flagged"], ids)
    assert grade["precision"] >= 0.9 and grade["recall"] >= 0.9
    # audience fit alone is a poor screen (the data card: fit is only slightly lower for fakes)
    lowest_fit = screened["audience_fit"].rank(method="first") <= len(ids)
    assert kol.grade_screen(lowest_fit, ids)["recall"] <= 0.5
    # an engagement costs far more at flagged accounts; a follower costs about the same
    cost = kol.cost_per_expected_engagement(screened.reset_index(), flag_discount=0.0)
    med = cost.groupby("flagged")[["cost_per_expected_engagement", "cost_per_follower"]].median()
    assert med.loc[True, "cost_per_expected_engagement"] > 2 * med.loc[False, "cost_per_expected_engagement"]
    assert 0.7 < med.loc[True, "cost_per_follower"] / med.loc[False, "cost_per_follower"] < 1.3


# --------------------------------------------------------------------------
# bad input

def test_bad_input_messages_name_the_problem():
    c = _candidates(n=10)
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        kol.fit_er_norm([1, 2])
    with pytest.raises(ValueError, match="frame is empty"):
        kol.fit_er_norm(c.iloc[:0])
    with pytest.raises(ValueError, match=r"no column\(s\) \['engagement_rate'\]"):
        kol.fit_er_norm(c.drop(columns="engagement_rate"))
    with pytest.raises(ValueError, match="method must be one of"):
        kol.fit_er_norm(c, method="lasso")
    with pytest.raises(ValueError, match="'followers' of frame must hold positive numbers"):
        kol.fit_er_norm(c.assign(followers=0))
    with pytest.raises(ValueError, match="at least 3 accounts of different sizes"):
        kol.fit_er_norm(c.iloc[:2])
    with pytest.raises(ValueError, match=r"no column\(s\) \['max_daily_gain'\]"):
        kol.screen(c.drop(columns="max_daily_gain"))
    with pytest.raises(ValueError, match="low_er must be between 0.0 and 1.0"):
        kol.screen(c, low_er=1.5)
    with pytest.raises(TypeError, match="few_comments must be a number"):
        kol.screen(c, few_comments="3%")
    with pytest.raises(ValueError, match="min_signals must be 1, 2 or 3"):
        kol.screen(c, min_signals=4)
    with pytest.raises(ValueError, match="norm must be a Series with 'intercept' and 'slope'"):
        kol.screen(c, norm=pd.Series({"a": 1.0}))
    with pytest.raises(ValueError, match="'avg_likes' of frame must hold counts"):
        kol.screen(c.assign(avg_likes=-1))
    screened = kol.screen(c)
    with pytest.raises(ValueError, match=r"no column\(s\) \['price'\]"):
        kol.cost_per_expected_engagement(screened.drop(columns="price"))
    with pytest.raises(ValueError, match="'price' of frame must hold prices"):
        kol.cost_per_expected_engagement(screened.assign(price=-5.0))
    with pytest.raises(TypeError, match="'flagged' of frame must be boolean"):
        kol.cost_per_expected_engagement(screened.assign(flagged=1))
    with pytest.raises(ValueError, match="flag_discount must be between"):
        kol.cost_per_expected_engagement(screened, flag_discount=2)
    with pytest.raises(ValueError, match="engagements needs at least one column"):
        kol.cost_per_expected_engagement(screened, engagements=[])
    with pytest.raises(TypeError, match="flags must be a boolean pandas Series"):
        kol.grade_screen(pd.Series([1, 0]), ["a"])
    with pytest.raises(ValueError, match="flags is empty"):
        kol.grade_screen(pd.Series([], dtype=bool), [])
    with pytest.raises(ValueError, match=r"suspicious_ids \['z'\] are not in the index"):
        kol.grade_screen(pd.Series([True], index=["a"]), ["z"])
