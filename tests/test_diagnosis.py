"""course_lib.diagnosis and the 5.2 exercises: measures against constructed data and the case truths."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import cases
from course_lib import diagnosis as dx
from course_lib.checks import REGISTRY, Check
from course_lib.exercises import failure_diagnosis as fd

PARAMS = [(2024, "cn"), (7, "global")]
MORE = [(3, "cn"), (11, "global"), (3, "global"), (11, "cn")]
TABLES = ("posts", "comments", "daily_metrics")


def tables(mode: str, seed: int, market: str) -> list[pd.DataFrame]:
    return [cases.load(t, mode, seed=seed, market=market) for t in TABLES]


def rule(ev: pd.DataFrame) -> str:
    """The reference rule of exercise 1: the most severe symptom relative to its reference."""
    return ev.loc[(ev["value"] / ev["reference"]).idxmax(), "failure"]


# --- the reference rule finds the truth -------------------------------------------------

@pytest.mark.parametrize(("seed", "market"), PARAMS + MORE)
@pytest.mark.parametrize("mode", cases.FAILURE_MODES)
def test_reference_rule_finds_the_true_failure(mode, seed, market):
    ev = dx.evidence(*tables(mode, seed, market), market=market)
    severity = (ev["value"] / ev["reference"]).set_axis(ev["failure"])
    assert rule(ev) == mode, severity
    assert severity[mode] > 1.4  # far above its red flag ...
    assert severity.drop(mode).max() <= 1.0  # ... and every other symptom at or below its own


@pytest.mark.parametrize(("seed", "market"), PARAMS)
@pytest.mark.parametrize("mode", cases.FAILURE_MODES)
def test_exercises_accept_the_truth_and_reject_every_wrong_diagnosis(mode, seed, market):
    ctx = fd.failure_context(SEED=seed, MARKET=market, failure_mode=mode, student_id="demo")
    diag, cost, fix = (Check(REGISTRY[k], ctx) for k in ("failure.diagnosis", "failure.cost", "failure.fix"))
    assert diag.evaluate(mode).passed and diag.evaluate(rule(ctx["ev"])).passed
    for other in cases.FAILURE_MODES:
        if other != mode:
            result = diag.evaluate(other)
            assert not result.passed and mode not in result.message
    assert fix.evaluate(fd.FIX_FOR[mode]).passed
    for key in dx.FIXES:
        if key != fd.FIX_FOR[mode]:
            result = fix.evaluate(key)
            assert not result.passed and mode not in result.message
    assert cost.evaluate(dx.failure_cost(*tables(mode, seed, market), mode=mode, market=market)).passed


def test_random_mode_is_graded_against_the_hidden_truth():
    hidden = cases.resolve_failure_mode("random", "s001")
    ctx = fd.failure_context(SEED=2024, MARKET="cn", failure_mode="random", student_id="s001")
    assert Check(REGISTRY["failure.diagnosis"], ctx).expected == hidden
    assert rule(ctx["ev"]) == hidden


# --- cost measures against the truth -----------------------------------------------------

TOLERANCE = {"audience_mismatch": 0.03, "single_platform": 0.08, "no_iteration": 0.05}


@pytest.mark.parametrize(("seed", "market"), PARAMS)
@pytest.mark.parametrize("mode", ["audience_mismatch", "single_platform", "no_iteration"])
def test_cost_matches_the_truth_where_the_metrics_coincide(mode, seed, market):
    truth = cases.preset(mode).truth(seed, market)["cost"]["value"]
    measured = dx.failure_cost(*tables(mode, seed, market), mode=mode, market=market)
    assert measured == pytest.approx(truth, abs=TOLERANCE[mode])


@pytest.mark.parametrize(("seed", "market"), PARAMS)
def test_crisis_cost_proxy_bounds_the_counterfactual_from_above(seed, market):
    """The truth compares with an on-time answer; the proxy with no crisis: it overstates, by < 40%."""
    truth = cases.preset("crisis_late").truth(seed, market)["cost"]["value"]
    proxy = dx.failure_cost(*tables("crisis_late", seed, market), mode="crisis_late", market=market)
    assert truth <= proxy <= 1.4 * truth
    on_time = dx.failure_cost(*tables("single_platform", seed, market), mode="crisis_late", market=market)
    assert proxy - on_time == pytest.approx(truth, rel=0.2)  # minus the on-time crisis: close to the truth


@pytest.mark.parametrize(("seed", "market"), PARAMS)
def test_single_platform_change_point_is_the_rule_change(seed, market):
    truth = cases.preset("single_platform").truth(seed, market)
    shift = dx.reach_shift(cases.load("posts", "single_platform", seed=seed, market=market))
    top = shift.iloc[0]
    assert top["platform"] == truth["platform"]
    assert abs((top["change_date"] - pd.Timestamp(truth["start_date"])).days) <= 7
    assert top["share"] == pytest.approx(truth["platform_share"], abs=0.03)


# --- known answers on constructed data -----------------------------------------------------

def _posts(n_weeks: int = 30, drop_at: int = 15, factor: float = 0.5) -> pd.DataFrame:
    """Two platforms, one post per platform per day; reach of 'a' falls by ``factor`` from ``drop_at``."""
    days = pd.date_range("2025-01-01", periods=7 * n_weeks, freq="D")
    rows = []
    for plat in ("weibo", "douyin"):
        week = np.arange(len(days)) // 7
        reach = np.where((plat == "weibo") & (week >= drop_at), 1000 * factor, 1000.0)
        rows.append(pd.DataFrame({"timestamp": days + pd.Timedelta(hours=9), "platform": plat,
                                  "format": "image", "topic": "product", "paid_spend": 0.0,
                                  "reach": reach.astype(int), "likes": 10, "comments": 1,
                                  "shares": 0, "saves": 0}))
    return pd.concat(rows, ignore_index=True)


def test_reach_shift_finds_a_constructed_change_point():
    s = dx.reach_shift(_posts()).set_index("platform")
    assert s.loc["weibo", "change_week"] == 15
    assert s.loc["weibo", "drop"] == pytest.approx(0.5)
    assert s.loc["douyin", "drop"] == pytest.approx(0.0)
    paid = _posts().assign(paid_spend=lambda p: np.where(p.index % 2 == 0, 5.0, 0.0))
    assert dx.reach_shift(paid, organic_only=True)["posts"].sum() == len(paid)  # shares count every post
    placebo = dx.reach_shift(_posts(), at_week=15).set_index("platform")
    assert placebo.loc["douyin", "ratio"] == pytest.approx(1.0)


def test_topic_and_format_gaps_known_answers():
    p = _posts(drop_at=99)
    p.loc[p.index % 2 == 0, "topic"] = "health"
    p.loc[p["topic"] == "health", "likes"] = 4  # engagements 5 vs 11 per 1,000 reach
    t = dx.topic_gaps(p).set_index("topic")
    assert t.loc["health", "ratio"] == pytest.approx(5 / 11)
    assert t.loc["health", "lost"] == pytest.approx(0.5 * (1 - 5 / 11))
    q = _posts(drop_at=99)
    q.loc[q.index % 4 == 0, "format"] = "short_video"
    q.loc[q["format"] == "short_video", "likes"] = 21  # 22 vs 11 per 1,000 reach
    f = dx.format_gaps(q).set_index("platform")
    er = (0.25 * 22 + 0.75 * 11) / 1000
    assert f.loc["weibo", "best_format"] == "short_video"
    assert f.loc["weibo", "forgone"] == pytest.approx(1 - er / 0.022, abs=0.005)
    assert f.loc["weibo", "best_share"] == pytest.approx(0.25, abs=0.01)


def test_crisis_weeks_counts_elevated_weeks_and_excess_loss():
    days = pd.date_range("2025-01-01", periods=70, freq="D")
    neg = np.where((days >= "2025-02-05") & (days < "2025-02-19"), 0.6, 0.2)  # weeks 5 and 6
    comments = pd.DataFrame({"timestamp": np.repeat(days, 10),
                             "sentiment": np.concatenate([np.where(np.arange(10) < 10 * s, "negative", "neutral")
                                                          for s in neg])})
    daily = pd.DataFrame({"date": days, "follows": 100, "unfollows": np.where(neg > 0.5, 150, 50)})
    w = dx.crisis_weeks(comments, daily)
    assert len(w) == 10 and w["elevated"].sum() == 2
    assert w.loc[w["elevated"], "excess_loss"].sum() == pytest.approx(2 * 7 * 100)


# --- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: dx.reach_shift(pd.DataFrame()), ValueError, r"posts is empty"),
    (lambda: dx.reach_shift("posts"), TypeError, r"posts must be a pandas DataFrame"),
    (lambda: dx.reach_shift(_posts().drop(columns="reach")), ValueError, r"posts has no column\(s\) \['reach'\]"),
    (lambda: dx.reach_shift(_posts(), window_weeks=0), ValueError, r"window_weeks must be a whole number >= 1"),
    (lambda: dx.reach_shift(_posts(n_weeks=10)), ValueError, r"posts cover 10 weeks"),
    (lambda: dx.reach_shift(_posts(), at_week=99), ValueError, r"at_week must be a week number"),
    (lambda: dx.reach_shift(_posts().assign(paid_spend=1.0)), ValueError, r"no organic posts"),
    (lambda: dx.topic_gaps(_posts()), ValueError, r"only one topic"),
    (lambda: dx.topic_gaps(_posts().assign(topic=lambda p: np.where(p.index % 2, "a", "b")), aggregate="median"),
     ValueError, r"aggregate must be 'ratio'"),
    (lambda: dx.format_gaps(_posts(), min_posts=0), ValueError, r"min_posts must be a whole number"),
    (lambda: dx.format_gaps(_posts(), min_posts=10_000), ValueError, r"no platform has a format with >= 10000"),
    (lambda: dx.format_gaps(_posts(), organic_only="yes"), TypeError, r"organic_only must be True or False"),
    (lambda: dx.crisis_weeks(pd.DataFrame({"timestamp": [pd.Timestamp("2025-01-01")]}),
                             pd.DataFrame({"date": [pd.Timestamp("2025-01-01")], "follows": [1], "unfollows": [0]})),
     ValueError, r"comments has no column\(s\) \['sentiment'\]"),
    (lambda: dx.crisis_weeks(*tables("crisis_late", 3, "cn")[1:], threshold=1.5), ValueError, r"threshold must be"),
    (lambda: dx.failure_cost(*tables("crisis_late", 3, "cn"), mode="late", market="cn"), ValueError,
     r"mode must be one of audience_mismatch"),
    (lambda: dx.evidence(*tables("crisis_late", 3, "cn"), market="global"), ValueError,
     r"not in market 'global'"),
    (lambda: dx.evidence(*tables("crisis_late", 3, "cn"), market="moon"), ValueError, r"moon"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_fix_menu_has_one_fix_per_failure_and_generic_options():
    assert set(fd.FIX_FOR) == set(cases.FAILURE_MODES)
    assert set(fd.FIX_FOR.values()) < set(dx.FIXES)
    assert {"post_more", "boost_paid"} <= set(dx.FIXES) - set(fd.FIX_FOR.values())
    for key, text in dx.FIXES.items():
        assert not any(mode in key or mode in text for mode in cases.FAILURE_MODES)
