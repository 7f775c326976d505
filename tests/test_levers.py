"""Tests of course_lib.levers: known answers, the success presets' truth, bad input."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import cases, levers

PARAMS = [(2024, "cn"), (7, "global")]


def _posts(n: int = 3000, seed: int = 0, trend: float = 0.0) -> pd.DataFrame:
    """Constructed posts with known multiplicative effects (trending x2 reach, x1.5 engagement)."""
    rng = np.random.default_rng(seed)
    day = np.sort(rng.integers(0, 365, n))
    plat = rng.choice(["a", "b", "c"], n)
    sv_w = 0.3 * (1 + trend * day / 365)
    fmt = np.where(rng.random(n) < sv_w / (sv_w + 0.7), "short_video", "image")
    trending = rng.random(n) < 0.3
    paid = rng.random(n) < 0.2
    base = np.select([plat == "a", plat == "b"], [5_000, 20_000], 10_000)
    organic = base * np.where(trending, 2.0, 1.0) * np.exp(0.4 * rng.standard_normal(n) - 0.08)
    reach = np.round(organic + np.where(paid, 8_000, 0)).astype(int)
    rate = 0.03 * np.where(trending, 1.5, 1.0) * np.where(fmt == "short_video", 1.3, 1.0) \
        * np.exp(0.3 * rng.standard_normal(n))
    camp = np.where((plat == "a") & (day >= 100) & (day < 130), "CA01", None)
    rate = rate * np.where(camp == "CA01", 1.8, 1.0)
    return pd.DataFrame({
        "timestamp": pd.Timestamp("2025-01-01") + pd.to_timedelta(day, unit="D"),
        "platform": plat, "format": fmt, "topic": rng.choice(["x", "y"], n),
        "trending": trending, "influencer": rng.random(n) < 0.1,
        "campaign_id": pd.array(camp, dtype="str"), "paid_spend": np.where(paid, 100.0, 0.0),
        "reach": reach, "likes": rng.binomial(reach, np.minimum(rate, 0.5)),
        "comments": 0, "shares": 0, "saves": 0})


# ------------------------------------------------------------------ known answers
def test_lever_table_columns_and_values():
    p = _posts(200)
    t = levers.lever_table(p)
    assert list(t.columns) == ["trending", "influencer", "paid", "format=short_video", "campaign=CA01"]
    assert t["paid"].sum() == (p["paid_spend"] > 0).sum()
    assert set(np.unique(t.to_numpy())) <= {0, 1}


def test_effects_recover_constructed_uplifts():
    fx = levers.lever_effects(_posts(), level=0.99).set_index(["lever", "outcome"])
    for key, true in [(("trending", "reach"), 2.0), (("trending", "engagement_rate"), 1.5),
                      (("format=short_video", "engagement_rate"), 1.3),
                      (("campaign=CA01", "engagement_rate"), 1.8), (("influencer", "reach"), 1.0)]:
        row = fx.loc[key]
        assert row["ci_low"] < true < row["ci_high"], (key, row["estimate"])
    assert {"estimate", "ci_low", "ci_high", "share", "n_posts"} <= set(fx.columns)


def test_reach_effect_uses_organic_posts_only():
    p = _posts()
    fx = levers.lever_effects(p, outcomes=["reach"]).set_index("lever")
    assert fx.loc["trending", "n_fit"] == int((p["paid_spend"] == 0).sum())
    assert fx.loc["paid", "n_fit"] == len(p)
    # raw ratio on all posts understates the trending multiplier (paid reach is additive)
    assert levers.raw_ratio(p, lever="trending", outcome="reach") < fx.loc["trending", "ci_low"]


def test_rare_levers_leave_the_fit_with_their_posts():
    fx = levers.lever_effects(_posts(), min_posts=150)
    assert "campaign=CA01" in fx.attrs["dropped"]
    assert "campaign=CA01" not in set(fx["lever"])


def test_rank_levers_weighs_effect_by_use():
    fx = pd.DataFrame({"lever": ["rare", "common"], "outcome": "reach", "share": [0.02, 0.4],
                       "estimate": [3.0, 1.3], "ci_low": [2.0, 1.2], "ci_high": [4.0, 1.4]})
    r = levers.rank_levers(fx, outcome="reach")
    assert r["lever"].tolist() == ["common", "rare"]
    assert r["contribution"].round(3).tolist() == [0.12, 0.04]
    assert (r["contribution_low"] <= r["contribution"]).all()


def test_mix_growth_recovers_a_known_trend():
    g = levers.mix_growth(_posts(n=20_000, trend=3.0), n_boot=100)
    assert g.loc[0, "ci_low"] < 3.0 < g.loc[0, "ci_high"]
    assert g.loc[0, "share_last"] > g.loc[0, "share_first"]


def test_usage_over_time_shares_and_interval():
    u = levers.usage_over_time(_posts(), lever="trending")
    assert len(u) == 12
    assert ((u["ci_low"] <= u["estimate"]) & (u["estimate"] <= u["ci_high"])).all()
    assert u["estimate"].between(0.2, 0.4).all()


def test_recommend_prefers_own_effect_and_marks_verdicts():
    case = pd.DataFrame({"lever": ["a", "b", "c"], "outcome": "reach", "share": [0.3, 0.2, 0.2],
                         "estimate": [1.5, 0.7, 2.0], "ci_low": [1.2, 0.6, 1.5], "ci_high": [1.8, 0.8, 2.5]})
    bench = case.iloc[:2].assign(share=[0.1, 0.2], estimate=[1.4, 0.7], ci_low=[1.1, 0.6], ci_high=[1.7, 0.8])
    r = levers.recommend(case, bench, outcome="reach").set_index("lever")
    assert r.loc["a", "effect_from"] == "benchmark" and r.loc["a", "gain"] == pytest.approx(0.2 * 0.4)
    assert r.loc["c", "effect_from"] == "case" and r.loc["c", "verdict"] == "copy"
    assert r.loc["b", "verdict"] == "avoid"


# ------------------------------------------------------------------ presets' truth
@pytest.mark.parametrize(("seed", "market"), PARAMS)
def test_ecommerce_uplifts_match_truth(seed, market):
    fx = levers.lever_effects(cases.load("posts", "ecommerce", seed=seed, market=market))
    est = fx.set_index(["lever", "outcome"])
    for r in levers.truth_levers("ecommerce", seed, market).itertuples():
        row = est.loc[(r.lever, r.outcome)]
        assert abs(np.log(row["estimate"] / r.truth)) < 3 * row["std_error"], (r.lever, r.outcome)
    # the screen ranks the case's two levers first, on both outcomes
    for outcome in levers.OUTCOMES:
        top2 = set(levers.rank_levers(fx, outcome=outcome)["lever"].head(2))
        assert top2 == {"trending", "influencer"} or outcome == "reach", top2


@pytest.mark.parametrize(("seed", "market"), PARAMS)
def test_fmcg_campaign_lifts_match_truth(seed, market):
    posts = cases.load("posts", "fmcg", seed=seed, market=market)
    fx = levers.lever_effects(posts, outcomes=["engagement_rate"]).set_index("lever")
    camp = levers.campaign_lifts(cases.load("daily_metrics", "fmcg", seed=seed, market=market),
                                 cases.load("campaigns", "fmcg", seed=seed, market=market))
    camp = camp.set_index(["lever", "outcome"])
    for r in levers.truth_levers("fmcg", seed, market).itertuples():
        row = fx.loc[r.lever] if r.outcome == "engagement_rate" else camp.loc[(r.lever, r.outcome)]
        assert row["ci_low"] < r.truth < row["ci_high"], (r.lever, r.outcome, row["estimate"], r.truth)


@pytest.mark.parametrize(("seed", "market"), PARAMS)
def test_short_video_effect_and_shift_match_truth(seed, market):
    posts = cases.load("posts", "short_video", seed=seed, market=market)
    truth = levers.truth_levers("short_video", seed, market).set_index("outcome")
    main = truth.loc["engagement_rate", "platform"]
    fx = levers.lever_effects(posts[posts["platform"] == main], outcomes=["engagement_rate"], level=0.99)
    row = fx.set_index("lever").loc["format=short_video"]
    assert row["ci_low"] < truth.loc["engagement_rate", "truth"] < row["ci_high"]
    g = levers.mix_growth(posts)
    assert g.loc[0, "ci_low"] < truth.loc["mix_growth", "truth"] < g.loc[0, "ci_high"]
    # faster than the default scenario's shift
    assert g.loc[0, "estimate"] > levers.mix_growth(cases.load("posts", "ecommerce", seed=seed,
                                                               market=market)).loc[0, "estimate"]


@pytest.mark.parametrize("case", cases.SUCCESS_CASES)
def test_focus_lever_is_in_the_truth(case):
    for seed, market in PARAMS:
        f = levers.focus_lever(case, market)
        t = levers.truth_levers(case, seed, market)
        assert ((t["lever"] == f["lever"]) & (t["outcome"] == f["outcome"])).sum() == 1


# ------------------------------------------------------------------ bad input
def test_bad_input_errors_name_the_problem():
    p = _posts(300)
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        levers.lever_effects([1, 2])
    with pytest.raises(ValueError, match="posts is empty"):
        levers.lever_effects(p.iloc[:0])
    with pytest.raises(ValueError, match=r"no column\(s\) \['reach'\]"):
        levers.lever_effects(p.drop(columns="reach"))
    with pytest.raises(ValueError, match="levers: unknown"):
        levers.lever_effects(p, levers=["magic"])
    with pytest.raises(ValueError, match="outcomes: unknown"):
        levers.lever_effects(p, outcomes=["sales"])
    with pytest.raises(ValueError, match="controls: unknown"):
        levers.lever_effects(p, controls=["weather"])
    with pytest.raises(ValueError, match="both a lever and a control"):
        levers.lever_effects(p, controls=["format"])
    with pytest.raises(ValueError, match="level="):
        levers.lever_effects(p, level=95)
    with pytest.raises(ValueError, match="min_posts"):
        levers.lever_effects(p, min_posts=0)
    with pytest.raises(ValueError, match="no lever is used"):
        levers.lever_effects(p, levers=["influencer"], min_posts=10_000)
    with pytest.raises(TypeError, match="datetime64"):
        levers.lever_effects(p.assign(timestamp=p["timestamp"].astype(str)))
    with pytest.raises(ValueError, match="outcome: unknown"):
        levers.rank_levers(levers.lever_effects(p, outcomes=["reach"]), outcome="engagement_rate")
    with pytest.raises(ValueError, match="lever: unknown"):
        levers.usage_over_time(p, lever="colour=red")
    with pytest.raises(ValueError, match="n_boot"):
        levers.mix_growth(p, n_boot=1)
    with pytest.raises(ValueError, match="three months"):
        levers.mix_growth(p[p["timestamp"] < "2025-02-15"])
    with pytest.raises(ValueError, match="needs posts with and without"):
        levers.raw_ratio(p.assign(trending=True), lever="trending")
    with pytest.raises(ValueError, match="failure mode"):
        levers.truth_levers("crisis_late")
    with pytest.raises(ValueError, match="case: unknown"):
        levers.focus_lever("retail")
    with pytest.raises(ValueError, match="metrics: unknown"):
        levers.campaign_lifts(pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1]}), metrics=["likes"])
    with pytest.raises(ValueError, match="outcome: 'reach' is not"):
        fx = levers.lever_effects(p, outcomes=["engagement_rate"])
        levers.recommend(fx, fx, outcome="reach")
