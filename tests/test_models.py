"""course_lib.models: OLS with robust errors, driver regression, prediction pipeline."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from course_lib import data, kpi, models
from course_lib.markets import FORMATS


# ------------------------------------------------------------------ ols: known answers
def test_ols_recovers_exact_coefficients_without_noise():
    rng = np.random.default_rng(1)
    X = pd.DataFrame({"const": 1.0, "a": rng.normal(size=50), "b": rng.normal(size=50)})
    y = 2.0 + 0.5 * X["a"] - 1.5 * X["b"]
    fit = models.ols(X, y)
    np.testing.assert_allclose(fit["estimate"], [2.0, 0.5, -1.5], atol=1e-10)
    assert fit.attrs["r2"] == pytest.approx(1.0)


def _two_groups():
    y1 = np.array([3.0, 5.0, 4.0, 9.0, 6.0, 7.0])
    y0 = np.array([1.0, 2.0, 2.5, 1.5])
    X = pd.DataFrame({"const": 1.0, "treated": np.r_[np.ones(6), np.zeros(4)]})
    return X, np.r_[y1, y0], y1, y0


def test_ols_standard_errors_match_textbook_two_group_formulas():
    """With one 0/1 regressor the slope is a difference of means, and
    nonrobust SE = pooled-variance SE (Student's t), HC0 SE = sqrt(v1/n1 + v0/n0)
    with variances divided by n, HC1 = HC0 * sqrt(n / (n - k))."""
    X, y, y1, y0 = _two_groups()
    n1, n0, n, k = len(y1), len(y0), len(y), 2
    slope = {c: models.ols(X, y, cov_type=c).iloc[1] for c in ("nonrobust", "HC0", "HC1", "HC3")}
    assert slope["HC0"]["estimate"] == pytest.approx(y1.mean() - y0.mean())
    student = stats.ttest_ind(y1, y0, equal_var=True)
    assert slope["nonrobust"]["t"] == pytest.approx(student.statistic)
    assert slope["nonrobust"]["p_value"] == pytest.approx(student.pvalue)
    hc0 = np.sqrt(y1.var(ddof=0) / n1 + y0.var(ddof=0) / n0)
    assert slope["HC0"]["std_error"] == pytest.approx(hc0)
    assert slope["HC1"]["std_error"] == pytest.approx(hc0 * np.sqrt(n / (n - k)))
    # HC3 in a two-group design: leverage 1/n_g, so each group's variance is scaled by (n_g/(n_g-1))^2
    hc3 = np.sqrt(y1.var(ddof=0) / n1 * (n1 / (n1 - 1)) ** 2 + y0.var(ddof=0) / n0 * (n0 / (n0 - 1)) ** 2)
    assert slope["HC3"]["std_error"] == pytest.approx(hc3)


def test_ols_hc3_matches_a_hand_computation_row_by_row():
    X = pd.DataFrame({"const": 1.0, "x": [0.0, 1.0, 2.0, 4.0, 7.0]})
    y = np.array([1.0, 2.0, 2.0, 5.0, 6.0])
    Xv = X.to_numpy()
    inv = np.linalg.inv(Xv.T @ Xv)
    e = y - Xv @ (inv @ Xv.T @ y)
    meat = np.zeros((2, 2))
    for i in range(len(y)):  # the definition, one row at a time
        h = Xv[i] @ inv @ Xv[i]
        meat += np.outer(Xv[i], Xv[i]) * e[i] ** 2 / (1 - h) ** 2
    se = np.sqrt(np.diag(inv @ meat @ inv))
    fit = models.ols(X, y, cov_type="HC3", level=0.9)
    np.testing.assert_allclose(fit["std_error"], se)
    crit = stats.t.ppf(0.95, df=3)
    np.testing.assert_allclose(fit["ci_high"] - fit["estimate"], crit * se)


def test_robust_errors_are_wider_than_classical_under_heteroskedasticity():
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 1, 2000)
    noise_sd = 0.05 + 4 * x**2  # the noise grows with x
    y = 1 + x + rng.normal(size=2000) * noise_sd
    X = pd.DataFrame({"const": 1.0, "x": x})
    classical = models.ols(X, y, cov_type="nonrobust").loc[1, "std_error"]
    robust = models.ols(X, y, cov_type="HC3").loc[1, "std_error"]
    # the slope's true sampling sd, from the exact formula for fixed x: sqrt(sum(w^2 sd^2))
    w = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
    true_sd = np.sqrt((w**2 * noise_sd**2).sum())
    assert robust == pytest.approx(true_sd, rel=0.1)
    assert classical < 0.85 * true_sd


@pytest.mark.parametrize("X, y, message", [
    (pd.DataFrame({"const": 1.0, "a": [1.0, 0, 1, 0], "b": [0.0, 1, 0, 1]}), [1, 2, 3, 4.0], "collinear"),
    (pd.DataFrame({"const": 1.0, "z": [0.0, 0, 0, 0]}), [1, 2, 3, 4.0], "all zero"),
    (pd.DataFrame({"const": 1.0, "two": 2.0, "x": [1.0, 2, 3, 5]}), [1, 2, 3, 4.0], "constant"),
    (pd.DataFrame({"const": 1.0, "x": [1.0, 2, 3]}), [1, 2, 3, 4.0], "y has 4 values but X has 3 rows"),
    (pd.DataFrame({"const": [1.0, 1.0], "x": [1.0, 2.0]}), [1, 2.0], "more rows than terms"),
    (pd.DataFrame({"const": 1.0, "x": [1.0, np.nan, 3, 5]}), [1, 2, 3, 4.0], "missing or infinite"),
    (pd.DataFrame(), [], "empty"),
])
def test_ols_bad_designs_fail_with_clear_messages(X, y, message):
    with pytest.raises(ValueError, match=message):
        models.ols(X, y)


def test_ols_collinear_error_names_a_column_and_options_are_checked():
    X = pd.DataFrame({"const": 1.0, "a": [1.0, 0, 1, 0, 1], "b": [0.0, 1, 0, 1, 0]})
    with pytest.raises(ValueError, match=r"column\(s\) \['(const|a|b)'\]"):
        models.ols(X, [1, 2, 3, 4, 5.0])
    good = pd.DataFrame({"const": 1.0, "x": [1.0, 2, 3, 5]})
    with pytest.raises(ValueError, match="cov_type='HC9' is not allowed; allowed: 'HC0', 'HC1'"):
        models.ols(good, [1, 2, 3, 4.0], cov_type="HC9")
    with pytest.raises(ValueError, match="level"):
        models.ols(good, [1, 2, 3, 4.0], level=95)
    with pytest.raises(TypeError, match="X must be a pandas DataFrame"):
        models.ols(good.to_numpy(), [1, 2, 3, 4.0])
    with pytest.raises(TypeError, match="numeric"):
        models.ols(good.assign(x=["a", "b", "c", "d"]), [1, 2, 3, 4.0])


# ------------------------------------------------------------------------- Holm
def test_holm_matches_a_hand_computation():
    # sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> running max 0.06
    p = pd.Series([0.01, 0.04, 0.03, 0.005], index=list("abcd"))
    assert models.holm(p).tolist() == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert list(models.holm(p).index) == list("abcd")
    # capped at 1, missing values stay missing and do not count as tests
    out = models.holm([0.5, np.nan, 0.6])
    assert out[0] == 1.0 and np.isnan(out[1]) and out[2] == 1.0
    assert models.holm([0.02, np.nan]).tolist()[0] == pytest.approx(0.02)
    with pytest.raises(ValueError, match="between 0 and 1"):
        models.holm([0.1, 1.5])


# ------------------------------------------------------- driver regression: constructed data
TRUE_LOG = {"format=video": np.log(1.5), "format=text": np.log(0.7), "topic=promotion": np.log(0.8),
            "influencer=True": np.log(1.3), "trending=True": 0.0, "paid=True": 0.0}


def _constructed_posts(n: int = 4000, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    p = pd.DataFrame({
        "timestamp": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365 * 24, n), unit="h"),
        "platform": rng.choice(["a", "b"], n),
        "format": rng.choice(["image", "video", "text"], n),
        "topic": rng.choice(["product", "promotion"], n),
        "trending": rng.random(n) < 0.2,
        "influencer": rng.random(n) < 0.2,
        "paid_spend": np.where(rng.random(n) < 0.3, 100.0, 0.0),
        "campaign_id": np.where(rng.random(n) < 0.1, "C1", None),
        "reach": 50_000,
    })
    log_rate = (np.log(0.03) + np.where(p["platform"] == "b", 0.4, 0.0)
                + p["format"].map({"image": 0.0, "video": TRUE_LOG["format=video"],
                                   "text": TRUE_LOG["format=text"]})
                + np.where(p["topic"] == "promotion", TRUE_LOG["topic=promotion"], 0.0)
                + np.where(p["influencer"], TRUE_LOG["influencer=True"], 0.0)
                + rng.normal(0, 0.3, n) * np.where(p["format"] == "video", 2.0, 1.0))  # heteroskedastic
    p["likes"] = rng.binomial(p["reach"], np.exp(log_rate).clip(0, 0.5))
    p["comments"] = p["shares"] = p["saves"] = 0
    return p


def test_driver_regression_recovers_known_effects_on_constructed_data():
    fit = models.driver_regression(_constructed_posts()).set_index("term")
    for term, true in TRUE_LOG.items():
        row = fit.loc[term]
        assert row["estimate"] == pytest.approx(true, abs=0.06), term
        assert row["ci_low"] < true < row["ci_high"], term
    np.testing.assert_allclose(fit["pct_effect"], np.expm1(fit["estimate"]))
    np.testing.assert_allclose(fit["pct_low"], np.expm1(fit["ci_low"]))
    assert fit.loc["format=video", "reference"] == "image"
    assert (fit.loc[fit["variable"] == "platform", "role"] == "control").all()
    assert fit.attrs["n"] == 4000 and fit.attrs["outcome"] == "engagement_rate"


def test_driver_regression_by_platform_and_options():
    posts = _constructed_posts()
    fit = models.driver_regression(posts, drivers=["format", "influencer"], by_platform=["format"])
    assert set(fit.loc[fit["variable"] == "format", "platform"]) == {"a", "b"}
    video = fit[fit["term"].str.startswith("format=video|")]
    assert np.allclose(video["estimate"], TRUE_LOG["format=video"], atol=0.1)
    # log1p(spend): the rate of a boosted post is multiplied by (1 + spend)^0.1
    boosted = posts.assign(likes=np.round(posts["likes"] * (1 + posts["paid_spend"]) ** 0.1).astype(int))
    spend = models.driver_regression(boosted, drivers=["paid", "format", "topic", "influencer"],
                                     paid="log1p_spend").set_index("term")
    assert spend.loc["paid", "level"] == "log1p(spend)"
    assert spend.loc["paid", "estimate"] == pytest.approx(0.1, abs=0.01)
    assert spend.loc["paid", "ci_low"] < 0.1 < spend.loc["paid", "ci_high"]


def test_count_outcome_sees_reach_effects_that_the_rate_does_not():
    """Evening posts reach twice as many people, at the same engagement rate."""
    posts = _constructed_posts()
    evening = (posts["timestamp"].dt.hour >= 18).to_numpy()
    posts = posts.assign(reach=np.where(evening, 100_000, 50_000),
                         likes=np.where(evening, 2 * posts["likes"], posts["likes"]))
    term = "hour=evening (18-23h)"
    count = models.driver_regression(posts, drivers=["hour", "influencer"], outcome="engagements")
    rate = models.driver_regression(posts, drivers=["hour", "influencer"]).set_index("term")
    assert count.attrs["outcome"] == "engagements"
    assert count.set_index("term").loc[term, "estimate"] == pytest.approx(np.log(2), abs=0.05)
    assert abs(rate.loc[term, "estimate"]) < 0.05
    assert rate.loc[term, "ci_low"] < 0 < rate.loc[term, "ci_high"]


def test_hc1_is_hc0_times_the_degrees_of_freedom_correction():
    posts = _constructed_posts()
    fits = {c: models.driver_regression(posts, drivers=["influencer"], controls=(), cov_type=c)
            for c in ("HC0", "HC1", "HC3")}
    n, k = fits["HC0"].attrs["n"], 2  # intercept + influencer
    assert fits["HC1"].loc[0, "estimate"] == pytest.approx(fits["HC3"].loc[0, "estimate"])
    assert fits["HC1"].loc[0, "std_error"] == pytest.approx(fits["HC0"].loc[0, "std_error"] * np.sqrt(n / (n - k)))
    assert fits["HC3"].loc[0, "std_error"] > fits["HC0"].loc[0, "std_error"]


def test_driver_regression_holm_column_covers_the_drivers_only():
    fit = models.driver_regression(_constructed_posts())
    drivers = fit["role"] == "driver"
    np.testing.assert_allclose(fit.loc[drivers, "p_holm"], models.holm(fit.loc[drivers, "p_value"]))
    assert fit.loc[~drivers, "p_holm"].isna().all()
    assert (fit.loc[drivers, "p_holm"] >= fit.loc[drivers, "p_value"]).all()


def test_reference_falls_back_to_the_most_common_level_and_is_reported():
    posts = _constructed_posts(n=1500)
    posts = posts[posts["format"] != "image"]  # the default reference has no posts
    fit = models.driver_regression(posts, drivers=["format", "topic"], controls=())
    counts = posts["format"].value_counts()
    assert fit.attrs["references"] == {"format": counts.idxmax(), "topic": "product"}
    assert set(fit.loc[fit["variable"] == "format", "reference"]) == {counts.idxmax()}
    assert fit.loc[fit["variable"] == "format", "level"].tolist() == [counts.idxmin()]


def test_driver_regression_drops_zero_engagement_and_rare_levels():
    posts = _constructed_posts(n=600)
    posts.loc[:4, ["likes"]] = 0
    posts.loc[10:12, "format"] = "live"  # 3 posts: below min_posts
    fit = models.driver_regression(posts, drivers=["format"], controls=())
    assert fit.attrs["n_dropped_zero"] == 5 and fit.attrs["n_dropped_rare"] == 3
    assert "format=live" not in set(fit["term"])


def test_rare_cell_filter_repeats_until_every_cell_is_large_enough():
    posts = _constructed_posts(n=600)
    posts.loc[10:12, "format"] = "live"   # 3 live posts: rare
    posts.loc[10:15, "topic"] = "health"  # 6 health posts, 3 of them live: rare once live is dropped
    fit = models.driver_regression(posts, drivers=["format", "topic"], controls=())
    assert fit.attrs["n_dropped_rare"] == 6
    assert not {"format=live", "topic=health"} & set(fit["term"])
    assert (fit["n_posts"] >= 5).all()


def test_driver_regression_bad_input():
    posts = _constructed_posts(n=300)
    with pytest.raises(ValueError, match="posts is empty"):
        models.driver_regression(posts.iloc[:0])
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        models.driver_regression(posts.to_dict())
    with pytest.raises(ValueError, match="has no column.*'topic'"):
        models.driver_regression(posts.drop(columns="topic"))
    with pytest.raises(ValueError, match="has no column.*'reach'"):
        models.driver_regression(posts.drop(columns="reach"))
    with pytest.raises(ValueError, match="drivers='colour' is not allowed"):
        models.driver_regression(posts, drivers=["colour"])
    with pytest.raises(ValueError, match="both drivers and controls"):
        models.driver_regression(posts, drivers=["platform"])
    with pytest.raises(ValueError, match="by_platform needs 'platform' in controls"):
        models.driver_regression(posts, by_platform=["format"], controls=["campaign"])
    with pytest.raises(ValueError, match="outcome='clicks' is not allowed"):
        models.driver_regression(posts, outcome="clicks")
    with pytest.raises(ValueError, match="single value"):
        models.driver_regression(posts.assign(format="image"))
    with pytest.raises(ValueError, match="constant"):
        models.driver_regression(posts.assign(paid_spend=50.0), drivers=["paid"], paid="log1p_spend")
    with pytest.raises(ValueError, match="collinear"):  # influencer posts are exactly the trending ones
        models.driver_regression(posts.assign(influencer=posts["trending"]),
                                 drivers=["trending", "influencer"], controls=())
    with pytest.raises(ValueError, match="log outcome is undefined"):
        models.driver_regression(posts.assign(likes=0))


def test_hour_bucket():
    assert models.hour_bucket(pd.Series([0, 11, 17, 23])).tolist() == [
        "night (0-6h)", "morning (7-11h)", "afternoon (12-17h)", "evening (18-23h)"]
    with pytest.raises(ValueError, match="0 to 23"):
        models.hour_bucket([24])


# --------------------------------------------------- driver regression: the simulator's truth
@pytest.mark.parametrize("seed, market", [(2024, "cn"), (7, "global")])
def test_driver_regression_recovers_the_simulators_truth(seed, market):
    posts, truth = data.load("posts", seed=seed, market=market), data.truth(seed, market)
    true = models.true_effects(truth).set_index("term")
    pooled = models.driver_regression(posts).set_index("term")
    for term in ["influencer=True", "trending=True"] + [t for t in true.index if t.startswith("topic=")]:
        assert pooled.loc[term, "estimate"] == pytest.approx(true.loc[term, "true_log"], abs=0.06), term
    for term in [t for t in pooled.index if t.startswith(("hour=", "weekday=", "paid="))]:
        assert abs(pooled.loc[term, "estimate"]) < 0.06, term  # these act on reach, not on the rate
    # the pooled format effect is a blend of the per-platform truths
    effect = truth.content.format_effect
    for fmt in ["video", "short_video", "text"]:
        per_platform = [np.log(effect[p][fmt] / effect[p]["image"]) for p in effect]
        assert min(per_platform) < pooled.loc[f"format={fmt}", "estimate"] < max(per_platform)

    by = models.driver_regression(posts, by_platform=["format"]).merge(true, on="term")
    cells = by[(by["variable"] == "format") & (by["n_posts"] >= 40)]
    assert len(cells) >= 15
    assert (cells["estimate"] - cells["true_log"]).abs().max() < 0.15
    inside = (by["ci_low"] <= by["true_log"]) & (by["true_log"] <= by["ci_high"])
    assert inside.mean() > 0.8  # 95% intervals: most contain the truth


def test_true_effects_cover_the_by_platform_terms_with_the_right_values():
    posts, truth = data.load("posts"), data.truth()
    fit = models.driver_regression(posts, by_platform=["format"])
    true = models.true_effects(truth, references=fit.attrs["references"]).set_index("term")
    levers = fit.loc[fit["role"] == "driver", "term"]
    assert set(levers) <= set(true.index)
    c = truth.content
    fx = c.format_effect["douyin"]
    assert true.loc["format=short_video|platform=douyin", "true_log"] == pytest.approx(
        np.log(fx["short_video"] / fx["image"]))
    assert true.loc["topic=promotion", "true_log"] == pytest.approx(
        np.log(c.topic_effect["promotion"] / c.topic_effect["product"]))
    assert true.loc["influencer=True", "true_pct"] == pytest.approx(c.influencer_engagement_uplift - 1)
    assert (true.loc[true.index.str.startswith(("hour=", "weekday=", "paid=")), "true_log"] == 0).all()
    # another reference topic: effects are measured against it
    other = models.true_effects(truth, references={"topic": "promotion"}).set_index("term")
    assert other.loc["topic=product", "true_log"] == pytest.approx(-true.loc["topic=promotion", "true_log"])
    assert "topic=promotion" not in other.index
    with pytest.raises(ValueError, match="not a level of the truth"):
        models.true_effects(truth, references={"format": "hologram"})


# ------------------------------------------------------------------------- prediction
@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return models.prediction_table(data.load("posts"))


@pytest.fixture(scope="module")
def cv(table) -> pd.DataFrame:
    return models.cross_validate(table)


def test_prediction_table_adds_followers_known_before_posting():
    posts, daily = data.load("posts"), data.load("daily_metrics")
    sized = models.prediction_table(posts, daily=daily)
    order = posts.sort_values("timestamp", kind="stable").index
    expected = kpi.followers_at_post(posts, daily, at="start").loc[order].to_numpy()
    np.testing.assert_allclose(sized["followers"], expected)
    assert (sized["followers"] > 0).all()
    with pytest.raises(ValueError, match="no positive follower count"):
        models.prediction_table(posts, daily=daily.assign(followers=0, follows=0, unfollows=0))


def test_prediction_table_is_time_ordered_and_leak_free(table):
    assert table["timestamp"].is_monotonic_increasing
    assert list(table.index) == list(range(len(table)))
    assert not set(models.LEAKY_COLUMNS) & set(table.columns)
    assert set(models.PRE_POST_FEATURES) <= set(table.columns)
    with_reach = models.prediction_table(data.load("posts"), keep=["reach"])
    assert "reach" in with_reach.columns
    with pytest.raises(ValueError, match="has no column.*'nope'"):
        models.prediction_table(data.load("posts"), keep=["nope"])
    with pytest.raises(ValueError, match="has no column.*'campaign_id'"):
        models.prediction_table(data.load("posts").drop(columns="campaign_id"))


def test_pipeline_refuses_leaky_and_unknown_features():
    with pytest.raises(ValueError, match=r"\['reach'\] are only known after posting"):
        models.engagement_pipeline(features=["platform", "reach"])
    with pytest.raises(ValueError, match="unknown: \\['colour'\\]"):
        models.engagement_pipeline(features=["platform", "colour"])
    with pytest.raises(ValueError, match="model='forest' is not allowed"):
        models.engagement_pipeline(model="forest")
    assert models.engagement_pipeline(features=["platform", "reach"], allow_leaky=True)
    with pytest.raises(ValueError, match="only 'followers'"):
        models.engagement_pipeline(features=["followers"])


def _growing_account(n: int = 1500, seed: int = 5) -> pd.DataFrame:
    """Engagements proportional to followers, which double over the period."""
    rng = np.random.default_rng(seed)
    t = pd.DataFrame({
        "timestamp": pd.date_range("2025-01-01", periods=n, freq="6h"),
        "platform": rng.choice(["a", "b"], n), "format": rng.choice(["image", "video"], n),
        "topic": "p", "hour": 9, "weekday": "Mon", "trending": False, "influencer": False,
        "campaign": False, "paid_spend": 0.0,
    })
    t["followers"] = 10_000 * 2 ** (np.arange(n) / n)
    per_follower = np.where(t["format"] == "video", 0.06, 0.03) * np.where(t["platform"] == "b", 1.5, 1.0)
    t["engagements"] = np.round(t["followers"] * per_follower * np.exp(rng.normal(0, 0.1, n))).astype(int)
    return t


def test_per_follower_model_follows_a_growing_account():
    t = _growing_account()
    plain = models.cross_validate(t)
    sized = models.cross_validate(t, features=list(models.PRE_POST_FEATURES) + ["followers"])
    assert (plain["model_bias"] > 0.05).all()          # trees forecast the size of past posts
    assert (sized["model_bias"].abs() < 0.03).all()    # scaling by followers removes that
    assert (sized["model_mae"] < plain["model_mae"]).all()
    pipe = models.engagement_pipeline(features=["platform", "format", "followers"])
    with pytest.raises(ValueError, match="needs a 'followers' column"):
        pipe.fit(t[["platform", "format"]], t["engagements"])
    with pytest.raises(ValueError, match="positive and finite"):
        pipe.fit(t[["platform", "format", "followers"]].assign(followers=0.0), t["engagements"])


def test_followers_feature_reduces_the_bias_on_the_course_data(cv):
    posts = data.load("posts")
    sized = models.prediction_table(posts, daily=data.load("daily_metrics"))
    plain = cv  # the same posts, the same features
    with_size = models.cross_validate(sized, features=list(models.PRE_POST_FEATURES) + ["followers"])
    assert with_size["model_bias"].abs().mean() < plain["model_bias"].abs().mean() - 0.02
    assert (with_size["model_mae"] < with_size["baseline_mae"]).all()


def test_time_ordered_cv_never_trains_on_the_future_and_beats_the_baseline(table, cv):
    assert (cv["train_end"] < cv["test_start"]).all()
    assert (cv["future_in_train"] == 0).all()
    assert cv["n_train"].is_monotonic_increasing
    assert (cv["model_mae"] < cv["baseline_mae"]).all()
    assert (cv["model_mape"] < cv["baseline_mape"]).all()
    assert cv["model_mape"].mean() < 0.5
    again = models.holdout_predictions(table)  # fixed seeds: the same numbers every run
    assert models.mae(again["engagements"], again["predicted"]) == cv["model_mae"].iloc[-1]
    assert (cv["n_zero"] == 0).all()
    shuffled = models.cross_validate(table, scheme="shuffled")
    assert (shuffled["future_in_train"] > 0.3).all()


def test_holdout_predictions_are_the_last_folds_fit(table, cv):
    hold = models.holdout_predictions(table)
    last = cv.iloc[-1]
    assert len(hold) == last["n_test"] and hold["timestamp"].min() == last["test_start"]
    assert models.mae(hold["engagements"], hold["predicted"]) == pytest.approx(last["model_mae"])
    assert models.mape(hold["engagements"], hold["predicted"]) == pytest.approx(last["model_mape"])
    assert models.mae(hold["engagements"], hold["baseline"]) == pytest.approx(last["baseline_mae"])


def test_folds_never_split_posts_published_at_the_same_time():
    t = _growing_account(n=60).iloc[np.repeat(np.arange(30), 2)].reset_index(drop=True)  # every time twice
    for train, test in (models._splits(t, 5)):
        assert not set(t.loc[train, "timestamp"]) & set(t.loc[test, "timestamp"])
        assert len(test) % 2 == 0
    train, test = models.last_fold(t)
    assert train["timestamp"].max() < test["timestamp"].min()


def test_zero_engagement_posts_are_left_out_of_the_mape_and_counted():
    t = _growing_account(n=600)
    t.loc[len(t) - 5, "engagements"] = 0  # a post in the last test block
    cv = models.cross_validate(t)
    hold = models.holdout_predictions(t)
    assert cv["n_zero"].tolist() == [0, 0, 0, 0, 1]
    nonzero = hold[hold["engagements"] > 0]
    assert cv.iloc[-1]["model_mape"] == pytest.approx(models.mape(nonzero["engagements"], nonzero["predicted"]))
    assert cv.iloc[-1]["model_mae"] == pytest.approx(models.mae(hold["engagements"], hold["predicted"]))


def test_linear_model_option_and_leakage_looks_too_good(table, cv):
    linear = models.cross_validate(table, pipeline=models.engagement_pipeline(model="linear"))
    assert (linear["model_mae"] < linear["baseline_mae"]).all()
    with_reach = models.prediction_table(data.load("posts"), keep=["reach"])
    feats = list(models.PRE_POST_FEATURES) + ["reach"]
    leaky = models.cross_validate(with_reach, features=feats,
                                  pipeline=models.engagement_pipeline(features=feats, allow_leaky=True))
    assert leaky["model_mape"].mean() < cv["model_mape"].mean() - 0.05


def test_cv_bad_input(table):
    with pytest.raises(ValueError, match="sorted by timestamp"):
        models.cross_validate(table.iloc[::-1])
    with pytest.raises(ValueError, match="n_splits=1"):
        models.cross_validate(table, n_splits=1)
    with pytest.raises(ValueError, match="scheme='random' is not allowed"):
        models.cross_validate(table, scheme="random")
    with pytest.raises(ValueError, match="too few"):
        models.cross_validate(table.iloc[:8])
    same_time = table.iloc[:40].assign(timestamp=table["timestamp"].iloc[0])
    with pytest.raises(ValueError, match="1 distinct times, too few"):
        models.cross_validate(same_time)
    with pytest.raises(ValueError, match="has no column.*'engagements'"):
        models.cross_validate(table.drop(columns="engagements"))


def test_baseline_uses_training_posts_only():
    train = pd.DataFrame({"platform": ["a"] * 3 + ["b"], "format": ["x", "x", "y", "x"],
                          "engagements": [10, 30, 5, 100]})
    test = pd.DataFrame({"platform": ["a", "a", "b", "c"], "format": ["x", "y", "z", "x"],
                         "engagements": [10**6, 0, 7, 3]})
    pred = models.baseline_median(train, test)
    assert pred.tolist() == [20.0, 5.0, 100.0, 20.0]  # cell, cell, platform fallback, overall
    assert models.baseline_median(train, test.assign(engagements=1)).equals(pred)
    with pytest.raises(ValueError, match="train has no column.*'format'"):
        models.baseline_median(train.drop(columns="format"), test)
    with pytest.raises(ValueError, match="test is empty"):
        models.baseline_median(train, test.iloc[:0])


def test_error_metrics():
    assert models.mae([10, 20, 30], [12, 15, 30]) == pytest.approx(7 / 3)
    assert models.mape([10, 20, 40], [12, 15, 40]) == pytest.approx((0.2 + 0.25 + 0) / 3)
    # not the error of the means: over- and under-predictions do not cancel
    assert models.mape([10, 10], [5, 15]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="zero value"):
        models.mape([0, 10], [1, 10])
    assert models.mape([0, 10, 20], [5, 12, 15], zeros="skip") == pytest.approx((0.2 + 0.25) / 2)
    with pytest.raises(ValueError, match="every actual value is 0"):
        models.mape([0, 0], [1, 2], zeros="skip")
    with pytest.raises(ValueError, match="zeros='drop' is not allowed"):
        models.mape([1, 2], [1, 2], zeros="drop")
    # MAPE rewards low forecasts: 50% too high costs more than 50% too low is allowed to
    assert models.mape([100], [150]) == models.mape([100], [50])
    assert models.mape([100], [300]) > models.mape([100], [0])
    with pytest.raises(ValueError, match="they must match"):
        models.mae([1, 2], [1])
    with pytest.raises(ValueError, match="empty"):
        models.mape([], [])
    with pytest.raises(ValueError, match="finite"):
        models.mae([1, np.nan], [1, 2])


def test_mape_floor_matches_simulation_and_sits_below_the_median():
    z = np.random.default_rng(0).standard_normal(400_000)
    sigma = 0.43
    floor = models.mape_floor(sigma)
    assert floor["median_forecast"] == pytest.approx(np.mean(np.abs(1 - np.exp(-sigma * z))), abs=0.002)
    c = floor["best_scale"]
    assert c == pytest.approx(np.exp(-sigma**2))
    assert floor["best_forecast"] == pytest.approx(np.mean(np.abs(1 - c * np.exp(-sigma * z))), abs=0.002)
    grid = [np.mean(np.abs(1 - s * np.exp(-sigma * z))) for s in (c - 0.05, c + 0.05)]
    assert floor["best_forecast"] < min(grid) and floor["best_forecast"] < floor["median_forecast"]
    assert models.mape_floor(0.0).tolist() == [0.0, 0.0, 1.0]
    with pytest.raises(ValueError, match="log_sd=-0.1"):
        models.mape_floor(-0.1)


def test_permutation_importance_finds_the_only_feature_that_matters():
    rng = np.random.default_rng(4)
    n = 1200
    t = pd.DataFrame({
        "timestamp": pd.date_range("2025-01-01", periods=n, freq="7h"),
        "platform": rng.choice(["a", "b", "c"], n), "format": rng.choice(FORMATS, n),
        "topic": rng.choice(["p", "q"], n), "hour": rng.integers(0, 24, n),
        "weekday": rng.choice(["Mon", "Tue"], n), "trending": rng.random(n) < 0.2,
        "influencer": rng.random(n) < 0.2, "campaign": rng.random(n) < 0.1,
        "paid_spend": np.where(rng.random(n) < 0.3, 100.0, 0.0),
    })
    level = t["format"].map(dict(zip(FORMATS, [50, 100, 200, 400, 800])))
    t["engagements"] = np.round(level * np.exp(rng.normal(0, 0.1, n))).astype(int)
    imp = models.heldout_importance(t, n_repeats=5)
    assert imp.loc[0, "feature"] == "format"
    assert imp.loc[0, "share"] > 0.9
    pd.testing.assert_frame_equal(imp, models.heldout_importance(t, n_repeats=5))


def test_importance_share_is_zero_not_nan_when_nothing_matters():
    t = _growing_account(n=300).assign(engagements=100)
    imp = models.heldout_importance(t, n_repeats=2)
    assert (imp["importance"] == 0).all() and (imp["share"] == 0).all()


@pytest.mark.parametrize("seed, market", [(2024, "cn"), (7, "global")])
def test_heldout_importance_on_the_course_data_ranks_platform_first(seed, market):
    imp = models.heldout_importance(models.prediction_table(data.load("posts", seed=seed, market=market)))
    assert imp.loc[0, "feature"] == "platform"
    assert imp["importance"].is_monotonic_decreasing
    assert imp["share"].sum() == pytest.approx(1.0)
    assert imp.attrs["baseline_mae"] > 0
