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
