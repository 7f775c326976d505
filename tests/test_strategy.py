"""course_lib.strategy: SMART goals, platform scoring, weight sensitivity, shock simulation."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import data, strategy
from course_lib.strategy import SmartGoal

Q = dict(start="2025-03-31", deadline="2025-06-30")


# --- SMART goals -----------------------------------------------------------------------------

def test_goal_known_answers():
    g = SmartGoal("followers", baseline=1000, target=1331, start="2025-03-31", deadline="2025-06-30")
    assert g.months == 3.0
    assert g.monthly_growth == pytest.approx(0.10)          # 1.1 ** 3 = 1.331
    assert g.required_at("2025-04-30") == pytest.approx(1100)
    assert g.required_at("2025-05-31") == pytest.approx(1210)
    assert g.required_at("2026-01-01") == pytest.approx(1331)   # clipped at the deadline
    assert g.required_monthly_growth(1210, "2025-05-31") == pytest.approx(0.10)
    assert g.required_monthly_growth(1100, "2025-05-31") == pytest.approx(0.21)
    assert g.change == pytest.approx(0.331)
    assert "+33.1%" in g.describe()
    assert g.to_series()["months"] == 3.0


def test_from_growth_and_down_metric():
    g = SmartGoal.from_growth("followers", baseline=200, growth=0.2, **Q)
    assert g.target == pytest.approx(240)
    down = SmartGoal("unfollows", baseline=100, target=81, start="2025-01-31", deadline="2025-03-31")
    assert down.monthly_growth == pytest.approx(-0.10)
    s = pd.Series([100.0, 85.0, 95.0], index=pd.to_datetime(["2025-01-31", "2025-02-28", "2025-03-31"]))
    assert down.progress(s)["on_track"].tolist() == [True, True, False]


@pytest.mark.parametrize("kwargs, message", [
    (dict(metric="engagement"), "unknown metric 'engagement'; allowed: \\['followers'"),
    (dict(metric="followers"), "missing target, baseline, deadline, start"),
    (dict(metric="followers", baseline=1, start="2025-01-01", deadline="2025-02-01"), "missing target\\. Give target"),
    (dict(metric="followers", target=2, start="2025-01-01", deadline="2025-02-01"), "missing baseline"),
    (dict(metric="followers", baseline=1, target=2, start="2025-01-01"), "missing deadline"),
    (dict(metric="followers", baseline=2, target=1, **Q), "target 1 must be above baseline 2"),
    (dict(metric="unfollows", baseline=1, target=2, **Q), "must be below baseline"),
    (dict(metric="followers", baseline=1, target=2, start="2025-06-30", deadline="2025-03-31"),
     "deadline 2025-03-31 must be after start 2025-06-30"),
    (dict(metric="followers", baseline=0, target=2, **Q), "baseline must be a positive"),
    (dict(metric="followers", baseline=1, target=float("nan"), **Q), "target must be a positive finite"),
    (dict(metric="followers", baseline=1, target=2, start="someday", deadline="2025-03-31"), "must be dates"),
])
def test_goal_rejects_what_is_not_smart(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SmartGoal(**kwargs)


def test_goal_type_errors_and_frozen():
    with pytest.raises(TypeError, match="baseline must be a number"):
        SmartGoal("followers", baseline="100", target=200, **Q)
    with pytest.raises(TypeError, match="growth must be a number"):
        SmartGoal.from_growth("followers", baseline=1, growth="20%", **Q)
    g = SmartGoal("followers", baseline=1, target=2, **Q)
    with pytest.raises(AttributeError):
        g.target = 3


def test_progress_errors():
    g = SmartGoal("followers", baseline=1, target=2, **Q)
    with pytest.raises(TypeError, match="pandas Series"):
        g.progress([1, 2])
    with pytest.raises(TypeError, match="DatetimeIndex"):
        g.progress(pd.Series([1.0, 2.0]))
    with pytest.raises(ValueError, match="no dates between start 2025-03-31"):
        g.progress(pd.Series([1.0], index=pd.to_datetime(["2024-01-01"])))
    with pytest.raises(ValueError, match="not before the deadline"):
        g.required_monthly_growth(1.5, "2025-07-01")
    with pytest.raises(ValueError, match="current must be positive"):
        g.required_monthly_growth(0, "2025-04-30")


def test_progress_on_the_course_data():
    daily = data.load("daily_metrics", seed=2024, market="cn")
    total = daily.groupby("date")["followers"].sum()
    g = SmartGoal.from_growth("followers", baseline=float(total.loc["2025-03-31"]), growth=0.2, **Q)
    track = g.progress(total)
    assert track["date"].min() == pd.Timestamp("2025-03-31") and len(track) == 92
    assert track.iloc[0]["on_track"] and track.iloc[-1]["required"] == pytest.approx(g.target)
    # the simulated brand grows about 1 % a month: +20 % in a quarter is out of reach
    assert not track.iloc[-1]["on_track"]


def test_months_between():
    assert strategy.months_between("2024-12-31", "2025-12-31") == 12.0
    arr = strategy.months_between("2025-03-31", pd.to_datetime(["2025-04-30", "2025-06-30"]))
    assert np.allclose(arr, [1.0, 3.0])


# --- scoring ---------------------------------------------------------------------------------

CRIT = pd.DataFrame({"fit": [0.1, 0.3, 0.2], "cpm": [5.0, 9.0, 5.0], "ret": [1.0, 1.0, 1.0]},
                    index=["a", "b", "c"])
W = {"fit": 0.5, "cpm": 0.3, "ret": 0.2}


def test_score_known_answer_and_contributions():
    s = strategy.score_platforms(CRIT, W, lower_is_better=["cpm"]).set_index("platform")
    # fit -> 0, 1, 0.5; cpm flipped -> 1, 0, 1; constant ret -> 0.5
    assert s["score"].to_dict() == pytest.approx({"a": 0.4, "b": 0.6, "c": 0.65})
    assert s["rank"].to_dict() == {"c": 1, "b": 2, "a": 3}
    assert np.allclose(s[list(W)].sum(axis=1), s["score"])


def test_rank_normalisation_and_ties():
    n = strategy.normalise(pd.DataFrame({"x": [1.0, 5.0, 5.0, 100.0]}, index=list("abcd")), method="rank")
    assert n["x"].tolist() == pytest.approx([0.0, 0.5, 0.5, 1.0])
    tie = strategy.score_platforms(pd.DataFrame({"x": [1.0, 1.0]}, index=["a", "b"]), {"x": 1.0})
    assert tie["rank"].tolist() == [1, 1]


@pytest.mark.parametrize("weights, message", [
    ({"fit": 0.5, "cpm": 0.3}, "missing \\['ret'\\]"),
    ({**W, "other": 0.0}, "unknown \\['other'\\]"),
    ({"fit": 0.6, "cpm": 0.3, "ret": 0.2}, "must sum to 1, they sum to 1.1"),
    ({"fit": 1.2, "cpm": -0.4, "ret": 0.2}, "non-negative"),
])
def test_score_rejects_bad_weights(weights, message):
    with pytest.raises(ValueError, match=message):
        strategy.score_platforms(CRIT, weights, lower_is_better=["cpm"])


def test_score_rejects_bad_criteria():
    with pytest.raises(TypeError, match="criteria must be a pandas DataFrame"):
        strategy.score_platforms([[1]], W)
    with pytest.raises(ValueError, match="criteria is empty"):
        strategy.score_platforms(CRIT.iloc[:0], W)
    with pytest.raises(ValueError, match="at least two platforms"):
        strategy.score_platforms(CRIT.iloc[:1], W)
    with pytest.raises(ValueError, match="missing values in column\\(s\\) \\['fit'\\]"):
        strategy.score_platforms(CRIT.assign(fit=[0.1, None, 0.2]), W)
    with pytest.raises(TypeError, match="\\['fit'\\] are not numeric"):
        strategy.score_platforms(CRIT.assign(fit=["x", "y", "z"]), W)
    with pytest.raises(ValueError, match="criteria \\(lower_is_better\\) has no column\\(s\\) \\['price'\\]"):
        strategy.score_platforms(CRIT, W, lower_is_better=["price"])
    with pytest.raises(ValueError, match="method must be 'minmax' or 'rank'"):
        strategy.score_platforms(CRIT, W, method="zscore")
    with pytest.raises(ValueError, match="duplicate platforms"):
        strategy.score_platforms(CRIT.rename(index={"b": "a"}), W)


def test_format_match():
    fm = strategy.format_match(pd.Series({"a": "image;text;short_video;live;video", "b": "live"}),
                               ["short_video", "video"])
    assert fm.to_dict() == pytest.approx({"a": (0.5 + 0.25) / 2, "b": 0.0})
    with pytest.raises(ValueError, match="at least one format"):
        strategy.format_match(pd.Series({"a": "text"}), [])
    with pytest.raises(TypeError, match="pandas Series"):
        strategy.format_match(["text"], ["text"])


# --- sensitivity -----------------------------------------------------------------------------

def test_sensitivity_is_deterministic_and_sensible():
    crit = pd.DataFrame({"x": [1.0, 0.0, 0.5], "y": [0.0, 1.0, 0.45]}, index=list("abc"))
    a = strategy.weight_sensitivity(crit, {"x": 0.5, "y": 0.5}, top_k=1, n_draws=3000, seed=3)
    b = strategy.weight_sensitivity(crit, {"x": 0.5, "y": 0.5}, top_k=1, n_draws=3000, seed=3)
    pd.testing.assert_frame_equal(a, b)
    # a and b swap places around equal weights; c (a compromise, just below the midpoint) is never first
    p = a.set_index("platform")["p_first"]
    assert p["a"] == pytest.approx(0.5, abs=0.05) and p["c"] == 0
    assert a["p_first"].sum() == pytest.approx(1.0)
    sure = strategy.weight_sensitivity(crit, {"x": 0.95, "y": 0.05}, top_k=2, n_draws=500, seed=1,
                                       concentration=1000)
    assert sure.set_index("platform").loc["a", "p_first"] == 1.0


@pytest.mark.parametrize("kwargs, message", [
    (dict(top_k=0), "top_k must be a whole number from 1 to 3"),
    (dict(n_draws=0), "n_draws must be a positive"),
    (dict(concentration=0), "concentration must be positive"),
])
def test_sensitivity_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        strategy.weight_sensitivity(CRIT, W, **kwargs)


def test_sensitivity_rejects_zero_weights():
    with pytest.raises(ValueError, match="zero for \\['ret'\\]"):
        strategy.weight_sensitivity(CRIT, {"fit": 0.5, "cpm": 0.5, "ret": 0.0})


def test_sweep_known_answer_and_errors():
    crit = pd.DataFrame({"x": [1.0, 0.0], "y": [0.0, 1.0]}, index=["a", "b"])
    sw = strategy.weight_sweep(crit, {"x": 0.5, "y": 0.5}, criterion="x", grid=[0.0, 0.25, 1.0])
    assert sw[sw["platform"] == "a"]["score"].tolist() == pytest.approx([0.0, 0.25, 1.0])
    assert len(strategy.weight_sweep(crit, {"x": 0.5, "y": 0.5}, criterion="y")) == 42
    with pytest.raises(ValueError, match="criterion must be one of \\['x', 'y'\\]"):
        strategy.weight_sweep(crit, {"x": 0.5, "y": 0.5}, criterion="z")
    with pytest.raises(ValueError, match="grid must be"):
        strategy.weight_sweep(crit, {"x": 0.5, "y": 0.5}, criterion="x", grid=[1.5])


# --- shock simulation ------------------------------------------------------------------------

MONTHLY = pd.DataFrame({"month": np.repeat(np.arange(1, 13), 2), "platform": ["a", "b"] * 12,
                        "conversions": [10.0, 5.0] * 12, "posts": [1, 1] * 12})
PLANS = pd.DataFrame({"a": [1.0, 0.5], "b": [0.0, 0.5]}, index=["single", "mix"])


def test_shock_known_answers():
    # 2 posts a month in total; no noise between months
    calm = strategy.shock_simulation(MONTHLY, PLANS, shock_prob=0.0, n_sims=50, seed=0)
    assert calm.groupby("plan")["value"].agg(["min", "max"]).to_dict("index") == {
        "mix": {"min": 180.0, "max": 180.0}, "single": {"min": 240.0, "max": 240.0}}
    # a certain shock that removes everything from its month on: on average 11/24 of the year is kept...
    doom = strategy.shock_simulation(MONTHLY, PLANS, shock_prob=1.0, shock_size=1.0, n_sims=20_000, seed=1)
    means = doom.groupby("plan")["value"].mean()
    assert means["single"] == pytest.approx(240 * 5.5 / 12, rel=0.02)
    assert (doom.loc[doom["plan"] == "mix", "shocked"] == 2).all()
    assert (doom.loc[doom["plan"] == "single", "shocked"] == 1).all()


def test_shock_diversification_lowers_the_bad_tail():
    equal = MONTHLY.assign(conversions=10.0)
    sims = strategy.shock_simulation(equal, PLANS, shock_prob=0.3, shock_size=0.5, n_sims=20_000, seed=2)
    summary = strategy.shock_summary(sims, goal=180).set_index("plan")
    assert summary.at["single", "mean"] == pytest.approx(summary.at["mix", "mean"], rel=0.01)
    assert summary.at["mix", "low"] > summary.at["single", "low"]
    assert summary.at["mix", "p_miss"] < summary.at["single", "p_miss"]
    # a goal just below the no-shock result is missed more often by the mix: any one shock hurts it
    close = strategy.shock_summary(sims, goal=230).set_index("plan")
    assert close.at["mix", "p_miss"] > close.at["single", "p_miss"]


def test_shock_is_deterministic_for_a_seed():
    a = strategy.shock_simulation(MONTHLY, PLANS, n_sims=100, seed=5)
    b = strategy.shock_simulation(MONTHLY, PLANS, n_sims=100, seed=5)
    c = strategy.shock_simulation(MONTHLY, PLANS, n_sims=100, seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not a["value"].equals(c["value"])


@pytest.mark.parametrize("kwargs, message", [
    (dict(monthly=MONTHLY.drop(columns="posts")), "monthly has no column\\(s\\) \\['posts'\\]"),
    (dict(plans=PLANS.assign(z=0.0)), "plans has platform column\\(s\\) \\['z'\\]"),
    (dict(plans=PLANS * 2), "plans rows \\['single', 'mix'\\] do not sum to 1"),
    (dict(plans=PLANS.assign(a=[1.5, 0.5], b=[-0.5, 0.5])), "non-negative"),
    (dict(monthly=MONTHLY.assign(posts=0)), "'posts' must be positive"),
    (dict(shock_prob=1.5), "shock_prob must be a number from 0 to 1"),
    (dict(shock_size=-0.1), "shock_size must be a number from 0 to 1"),
    (dict(n_sims=0), "n_sims must be a positive"),
])
def test_shock_errors(kwargs, message):
    args = dict(monthly=MONTHLY, plans=PLANS)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        strategy.shock_simulation(args.pop("monthly"), args.pop("plans"), **args)


def test_shock_summary_errors():
    with pytest.raises(ValueError, match="sims has no column\\(s\\) \\['value'\\]"):
        strategy.shock_summary(pd.DataFrame({"plan": ["a"]}))
    with pytest.raises(ValueError, match="level must be between 0 and 0.5"):
        strategy.shock_summary(pd.DataFrame({"plan": ["a"], "value": [1.0]}), level=0.7)


# --- rate goals, paired loss, the course's platform decision --------------------------------

def test_rate_goal_above_one_is_rejected():
    with pytest.raises(ValueError, match="'engagement_rate' is a share between 0 and 1"):
        SmartGoal("engagement_rate", baseline=5.0, target=5.5, **Q)
    assert SmartGoal("conversion_rate", baseline=0.05, target=0.055, **Q).change == pytest.approx(0.1)


def test_shock_loss_is_paired_with_a_run_without_shocks():
    noisy = MONTHLY.assign(conversions=np.repeat(np.arange(1.0, 13.0), 2) * np.tile([1.0, 2.0], 12))
    shocked = strategy.shock_simulation(noisy, PLANS, shock_prob=0.4, shock_size=0.5, n_sims=500, seed=9)
    calm = strategy.shock_simulation(noisy, PLANS, shock_prob=0.0, shock_size=0.5, n_sims=500, seed=9)
    assert np.allclose(shocked["unshocked"], calm["value"])
    assert np.allclose(shocked["loss"], 1 - shocked["value"] / shocked["unshocked"])
    assert shocked["loss"].between(0, 0.5).all() and (calm["loss"] == 0).all()
    assert (shocked.loc[shocked["shocked"] == 0, "loss"] == 0).all()
    # a certain total shock in month m keeps (m - 1) / 12 of a flat year: mean loss 6.5 / 12
    doom = strategy.shock_simulation(MONTHLY, PLANS, shock_prob=1.0, shock_size=1.0, n_sims=20_000, seed=1)
    summary = strategy.shock_summary(doom).set_index("plan")
    assert summary.at["single", "loss_mean"] == pytest.approx(6.5 / 12, abs=0.01)
    assert summary.at["single", "cv"] == pytest.approx(summary.at["single", "sd"] / summary.at["single", "mean"])
    assert summary.at["single", "loss_p95"] >= summary.at["single", "loss_mean"]


def test_diversification_leaves_the_mean_loss_and_cuts_the_tail_loss():
    equal = MONTHLY.assign(conversions=10.0)
    sims = strategy.shock_simulation(equal, PLANS, shock_prob=0.3, shock_size=0.5, n_sims=20_000, seed=2)
    s = strategy.shock_summary(sims).set_index("plan")
    assert s.at["mix", "loss_mean"] == pytest.approx(s.at["single", "loss_mean"], abs=0.01)
    assert s.at["mix", "loss_p95"] < s.at["single", "loss_p95"]


USERS = pd.DataFrame({"age_band": ["18-24", "25-34", "18-24", "45-54"],
                      "preferred_platform": ["a", "a", "b", "c"]})
CAT = pd.DataFrame({"platform": ["a", "b", "c"], "market": "cn", "age_18_24": [0.2, 0.5, 0.1],
                    "age_25_34": [0.2, 0.3, 0.1], "main_formats": ["image", "short_video", "text"],
                    "cpm_usd": [5.0, 4.0, 3.0]})
DAILY = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-02-01"] * 3),
                      "platform": ["a", "a", "b", "b", "c", "c"], "posts": [1, 1, 2, 2, 1, 1],
                      "conversions": [4, 4, 2, 2, 1, 1], "clicks": [40, 40, 40, 40, 10, 10]})


def test_audience_fit_blends_crm_and_catalogue():
    fit = strategy.audience_fit(USERS, CAT, target_ages=["18-24", "25-34"])
    # crm shares: a 2/3, b 1/3, c 0 (no target follower: 0, not missing); catalogue: 0.4, 0.8, 0.2
    assert fit["crm"].tolist() == pytest.approx([2 / 3, 1 / 3, 0.0])
    assert fit["audience_fit"].tolist() == pytest.approx([0.5 + 0.25, 0.25 + 0.5, 0.125])
    only_crm = strategy.audience_fit(USERS, CAT, crm_weight=1.0)["audience_fit"]
    assert only_crm.tolist() == pytest.approx([1.0, 0.5, 0.0])
    with pytest.raises(ValueError, match="nobody in target_ages"):
        strategy.audience_fit(USERS[USERS["age_band"] == "45-54"], CAT)
    with pytest.raises(ValueError, match="no column\\(s\\) \\['age_13_17'\\]"):
        strategy.audience_fit(USERS, CAT, target_ages=["13-17"])
    with pytest.raises(ValueError, match="crm_weight must be between 0 and 1"):
        strategy.audience_fit(USERS, CAT, crm_weight=2)
    with pytest.raises(ValueError, match="users has no column"):
        strategy.audience_fit(USERS.drop(columns="age_band"), CAT)


def test_platform_criteria_and_monthly_totals():
    crit = strategy.platform_criteria(DAILY, USERS, CAT, market="cn",
                                      strategic={"cn": {"a": 5, "b": 3, "c": 1}})
    assert crit["conv_per_post"].tolist() == pytest.approx([4.0, 1.0, 1.0])
    assert crit["format_fit"].tolist() == pytest.approx([0.5, 0.5, 0.0])
    assert crit["strategic_fit"].tolist() == [5.0, 3.0, 1.0]
    with pytest.raises(ValueError, match="no judgement for market 'cn'"):
        strategy.platform_criteria(DAILY, USERS, CAT, market="cn", strategic={"global": {}})
    with pytest.raises(ValueError, match="no score for platform\\(s\\) \\['c'\\]"):
        strategy.platform_criteria(DAILY, USERS, CAT, market="cn", strategic={"cn": {"a": 1, "b": 1}})
    with pytest.raises(ValueError, match="no posts for platform\\(s\\) \\['c'\\]"):
        strategy.platform_criteria(DAILY[DAILY["platform"] != "c"], USERS, CAT, market="cn",
                                   strategic={"cn": {"a": 5, "b": 3, "c": 1}})
    m = strategy.monthly_totals(DAILY)
    assert m.set_index(["month", "platform"]).loc[(2, "b"), "posts"] == 2 and len(m) == 6
    with pytest.raises(ValueError, match="daily has no column"):
        strategy.monthly_totals(DAILY.drop(columns="posts"))


def test_platform_criteria_on_the_course_data():
    for seed, market in [(2024, "cn"), (7, "global")]:
        crit = strategy.platform_criteria(data.load("daily_metrics", seed=seed, market=market),
                                          data.load("users", seed=seed, market=market),
                                          data.load("platforms", seed=seed, market=market), market=market)
        assert list(crit.columns) == list(strategy.WEIGHTS) and crit.notna().all().all()
        assert crit["audience_fit"].between(0, 1).all() and crit["audience_fit"].max() <= 1


def test_build_plans():
    crit = pd.DataFrame({"conv_per_post": [1.0, 3.0, 2.0]}, index=list("abc"))
    scores = pd.DataFrame({"platform": ["a", "c", "b"]})
    plans = strategy.build_plans(scores, crit, pd.Series([1, 1, 2], index=list("abc")), top_k=2)
    assert list(plans.index) == ["top score", "best yield", "top 2", "current mix"]
    assert np.allclose(plans.sum(axis=1), 1)
    assert plans.loc["best yield", "b"] == 1.0 and plans.loc["top score", "a"] == 1.0
    with pytest.raises(ValueError, match="top_k must be a whole number from 2 to 3"):
        strategy.build_plans(scores, crit, pd.Series([1, 1, 2], index=list("abc")), top_k=1)
    with pytest.raises(ValueError, match="observed must be"):
        strategy.build_plans(scores, crit, pd.Series([0, 0, 0], index=list("abc")))


def test_recommend_plan_caps_and_roles():
    sens = pd.DataFrame({"platform": list("abcd"), "p_top_k": [1.0, 0.95, 0.5, 0.1]})
    scores = pd.DataFrame({"platform": list("abcd"), "score": [0.9, 0.8, 0.5, 0.1],
                           "fit": [0.6, 0.1, 0.4, 0.1], "cost": [0.3, 0.7, 0.1, 0.0]})
    observed = pd.Series([10, 10, 40, 40], index=list("abcd"))
    plan = strategy.recommend_plan(sens, scores, observed).set_index("platform")
    # core a, b: 2 x 0.1 each = 0.4; the other 0.6 stays with c and d as now
    assert plan["share"].to_dict() == pytest.approx({"a": 0.2, "b": 0.2, "c": 0.3, "d": 0.3})
    assert plan["role"].to_dict() == {"a": "lead", "b": "build", "c": "maintain", "d": "maintain"}
    assert plan.loc["a", "strongest"] == "fit" and plan.loc["b", "strongest"] == "cost"
    assert plan["share"].sum() == pytest.approx(1.0)
    # caps above 1 are scaled down together; max_share binds
    big = strategy.recommend_plan(sens, scores, pd.Series([40, 40, 10, 10], index=list("abcd")))
    assert big.set_index("platform")["share"].to_dict() == pytest.approx({"a": 0.5, "b": 0.5, "c": 0.0, "d": 0.0})
    assert big.set_index("platform").loc["d", "role"] == "pause"
    with pytest.raises(ValueError, match="robust must be in"):
        strategy.recommend_plan(sens, scores, observed, robust=0)
    with pytest.raises(ValueError, match="max_multiple must be at least 1"):
        strategy.recommend_plan(sens, scores, observed, max_multiple=0.5)
    with pytest.raises(ValueError, match="observed must be"):
        strategy.recommend_plan(sens, scores, observed * 0)


def test_platform_goals():
    plan = pd.DataFrame({"platform": ["a", "b", "c"], "role": ["lead", "maintain", "pause"],
                         "multiple": [1.04, 0.5, 0.0]})
    goals = strategy.platform_goals(plan, DAILY, start="2025-12-31", deadline="2026-12-31")
    assert [g.scope for g in goals] == ["a", "b"]
    assert goals[0].metric == "conversions" and goals[0].change == pytest.approx(0.05)   # floor
    assert goals[1].metric == "conversion_rate" and goals[1].baseline == pytest.approx(0.05)
    with pytest.raises(ValueError, match="extra_yield must be between 0 and 1"):
        strategy.platform_goals(plan, DAILY, start="2025-12-31", deadline="2026-12-31", extra_yield=2)
