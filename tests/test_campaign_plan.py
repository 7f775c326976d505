"""Tests of course_lib.campaign_plan: the planning table and campaign-vs-reference comparisons."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import campaign_plan as cp
from course_lib import data, scorecard


def test_planning_table_covers_every_objective_with_a_catalogue_kpi():
    plan = cp.planning_table()
    assert plan["objective"].tolist() == list(cp.OBJECTIVES)
    cat = scorecard.catalogue().set_index("kpi")
    assert set(plan["kpi"]) <= set(cat.index)
    assert (plan.set_index("kpi")["metric"] == cat.loc[plan["kpi"], "metric"]).all()
    assert plan[["online_formats", "offline_formats", "measured_online", "measured_offline"]].map(bool).all().all()
    # the source's four objectives (awareness, stickiness, sales, brand image) are all there
    image = plan.set_index("objective").loc["brand_image"]
    assert image["family"] == "User feedback" and "公益" in image["offline_formats"]


def _camp(objective: str = "conversion") -> pd.DataFrame:
    return pd.DataFrame({"campaign_id": ["C1"], "name": ["Quiz"], "kind": ["online"], "objective": [objective],
                         "platforms": ["a;c"], "start_date": pd.to_datetime(["2025-03-10"]),
                         "end_date": pd.to_datetime(["2025-03-12"])})


def _posts() -> pd.DataFrame:
    return pd.DataFrame({
        "timestamp": pd.to_datetime(["2025-02-01", "2025-03-01 09:00", "2025-03-05", "2025-03-11", "2025-03-12 23:00",
                                     "2025-03-11", "2025-03-13"], format="ISO8601"),
        "platform": ["a", "a", "c", "a", "c", "b", "a"],
        "campaign_id": [None, None, None, "C1", "C1", None, None],
        "conversions": [50, 2, 4, 6, 10, 3, 99], "clicks": [100, 100, 100, 100, 100, 100, 100],
        "reach": [1000] * 7, "follows": [1, 2, 3, 4, 5, 6, 7], "revenue": [0.0] * 7,
        "likes": [10] * 7, "comments": [1] * 7, "shares": [0] * 7, "saves": [0] * 7})


def test_comparison_known_answer():
    out = cp.campaign_comparison(_camp(), _posts(), baseline_days=28).iloc[0]
    # campaign: (6 + 10) / 200; before (28 days, platforms a and c): (2 + 4) / 200 -- the February post is too early
    assert out["campaign"] == pytest.approx(0.08)
    assert out["before"] == pytest.approx(0.03)
    assert out["other_platforms"] == pytest.approx(0.03)   # platform b during the campaign
    assert out["vs_before"] == pytest.approx(0.08 / 0.03)
    assert (out["n_campaign"], out["n_before"], out["n_other"]) == (2, 2, 1)
    assert out["kpi"] == "conversion_rate"
    longer = cp.campaign_comparison(_camp(), _posts(), baseline_days=60).iloc[0]
    assert longer["before"] == pytest.approx(56 / 300)


def test_comparison_uses_the_objectives_measure():
    out = cp.campaign_comparison(_camp("awareness"), _posts()).iloc[0]
    assert out["campaign"] == pytest.approx((4 + 5) / 2000 * 1000)
    assert out["measure"] == cp.POST_MEASURES["awareness"][3]
    eng = cp.campaign_comparison(_camp("engagement"), _posts()).iloc[0]
    assert eng["campaign"] == pytest.approx(11 / 1000)


def test_bootstrap_intervals_bracket_the_ratios_and_are_seeded():
    rng = np.random.default_rng(0)
    n = 120
    posts = pd.DataFrame({"timestamp": pd.Timestamp("2025-03-11") - pd.to_timedelta(rng.integers(0, 20, n), unit="D"),
                          "platform": rng.choice(["a", "b"], n), "campaign_id": None,
                          "clicks": rng.integers(50, 150, n)})
    posts.loc[:39, "timestamp"] = pd.Timestamp("2025-03-11")
    posts.loc[:39, "platform"] = "a"
    posts["campaign_id"] = np.where(posts.index < 40, "C1", None)
    posts.loc[40:79, ["timestamp", "platform"]] = [pd.Timestamp("2025-03-11"), "b"]
    posts["conversions"] = rng.binomial(posts["clicks"], np.where(posts["campaign_id"].notna(), 0.06, 0.04))
    camp = _camp().assign(platforms="a")
    out = cp.campaign_comparison(camp, posts, n_boot=500, seed=3).iloc[0]
    assert out["vs_before_low"] < out["vs_before"] < out["vs_before_high"]
    assert out["vs_other_low"] < out["vs_other_platforms"] < out["vs_other_high"]
    again = cp.campaign_comparison(camp, posts, n_boot=500, seed=3).iloc[0]
    assert again["vs_other_low"] == out["vs_other_low"]
    assert "vs_before_low" not in cp.campaign_comparison(camp, posts).columns


def test_true_ratios_multiply_the_lifts_behind_each_measure():
    truth = data.truth(2024, "cn").campaigns
    ratios = cp.true_ratios(truth).set_index("campaign_id")["true_ratio"]
    for c in truth:
        if c.objective == "sales":
            assert ratios[c.campaign_id] == pytest.approx((1 + c.engagement_lift) * (1 + c.conversion_lift))
        elif c.objective == "conversion":
            assert ratios[c.campaign_id] == pytest.approx(1 + c.conversion_lift)
    with pytest.raises(ValueError, match="campaign_truths is empty"):
        cp.true_ratios([])


def test_missing_reference_gives_nan():
    posts = _posts()
    posts = posts[posts["platform"] != "b"]
    out = cp.campaign_comparison(_camp(), posts).iloc[0]
    assert np.isnan(out["other_platforms"]) and out["n_other"] == 0


@pytest.mark.parametrize("seed, market", [(2024, "cn"), (7, "global")])
def test_simulated_campaign_posts_beat_the_weeks_before(seed, market):
    campaigns = data.load("campaigns", seed=seed, market=market)
    out = cp.campaign_comparison(campaigns, data.load("posts", seed=seed, market=market))
    assert out["campaign_id"].tolist() == campaigns["campaign_id"].tolist()
    assert (out["n_campaign"] > 20).all()
    # every campaign has a positive true lift on its objective's measure: most beat the month before
    assert (out["vs_before"] > 1).mean() >= 0.75


def test_bad_input_messages_name_the_problem():
    camp, posts = _camp(), _posts()
    with pytest.raises(TypeError, match="campaigns must be a pandas DataFrame"):
        cp.campaign_comparison(None, posts)
    with pytest.raises(ValueError, match="posts is empty"):
        cp.campaign_comparison(camp, posts.iloc[:0])
    with pytest.raises(ValueError, match=r"campaigns has no column\(s\) \['objective'\]"):
        cp.campaign_comparison(camp.drop(columns="objective"), posts)
    with pytest.raises(ValueError, match=r"posts has no column\(s\) \['clicks'\]"):
        cp.campaign_comparison(camp, posts.drop(columns="clicks"))
    with pytest.raises(ValueError, match="unknown objective\\(s\\) \\['fame'\\]"):
        cp.campaign_comparison(camp.assign(objective="fame"), posts)
    with pytest.raises(ValueError, match="no campaign has an objective measured on posts"):
        cp.campaign_comparison(camp.assign(objective="community"), posts)
    with pytest.raises(ValueError, match="baseline_days must be a whole number"):
        cp.campaign_comparison(camp, posts, baseline_days=0)
    with pytest.raises(ValueError, match="n_boot must be a whole number >= 0"):
        cp.campaign_comparison(camp, posts, n_boot=-1)
    with pytest.raises(ValueError, match="confidence must be a number between 0 and 1"):
        cp.campaign_comparison(camp, posts, n_boot=10, confidence=1.5)
    with pytest.raises(TypeError, match="'start_date' of campaigns must hold datetimes"):
        cp.campaign_comparison(camp.assign(start_date="2025-03-10"), posts)
    with pytest.raises(TypeError, match="'timestamp' of posts must hold datetimes"):
        cp.campaign_comparison(camp, posts.assign(timestamp="2025-03-11"))
