"""Tests of course_lib.content: bootstrap rates, uplift, posting-time slots.

Known answers come from constructed data (a binomial rate fixed in advance)
or from the simulator's truth, never from the function under test.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import content, data, kpi


def _binomial_posts(n_posts: int, rate: float, seed: int, reach: int = 1000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"likes": rng.binomial(reach, rate, size=n_posts), "reach": reach})


# --------------------------------------------------------------------------
# bootstrap_rate

def test_bootstrap_recovers_a_known_rate_and_the_textbook_width():
    posts = _binomial_posts(2000, 0.05, seed=1)
    row = content.bootstrap_rate(posts, numerator="likes", n_boot=2000, seed=3).iloc[0]
    assert row["estimate"] == pytest.approx(posts["likes"].sum() / posts["reach"].sum())
    assert row["ci_low"] < 0.05 < row["ci_high"]
    # binomial standard error of a pooled proportion: sqrt(p (1 - p) / total reach)
    se = np.sqrt(0.05 * 0.95 / (2000 * 1000))
    assert row["ci_high"] - row["ci_low"] == pytest.approx(2 * 1.96 * se, rel=0.15)
    assert row["n"] == 2000


def test_bootstrap_interval_covers_the_true_rate_about_95_percent_of_the_time():
    hits = 0
    for rep in range(200):
        posts = _binomial_posts(60, 0.03, seed=100 + rep, reach=200)
        row = content.bootstrap_rate(posts, numerator="likes", n_boot=400, seed=rep).iloc[0]
        hits += row["ci_low"] <= 0.03 <= row["ci_high"]
    assert 0.88 <= hits / 200 <= 0.99


def test_bootstrap_is_deterministic_for_a_seed_and_varies_between_seeds():
    posts = _binomial_posts(300, 0.04, seed=2).assign(g=np.repeat(["b", "a", "c"], 100))
    first = content.bootstrap_rate(posts, numerator="likes", by="g", n_boot=500, seed=11)
    again = content.bootstrap_rate(posts, numerator="likes", by="g", n_boot=500, seed=11)
    other = content.bootstrap_rate(posts, numerator="likes", by="g", n_boot=500, seed=12)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["ci_low"], other["ci_low"])
    assert first["g"].tolist() == ["a", "b", "c"]  # sorted groups
    assert list(first.columns) == ["g", "estimate", "ci_low", "ci_high", "n"]


def test_ratio_of_totals_weights_posts_by_reach():
    # rates 0.10 on reach 100 and 0.01 on reach 10,000: mean of rates 0.055, ratio of totals 110 / 10,100
    posts = pd.DataFrame({"likes": [10, 100], "reach": [100, 10_000]})
    est = content.bootstrap_rate(posts, numerator="likes", n_boot=100, seed=0)["estimate"].item()
    assert est == pytest.approx(110 / 10_100)


def test_bootstrap_sums_several_numerator_columns():
    posts = pd.DataFrame({"likes": [1, 2], "comments": [1, 0], "reach": [100, 100]})
    est = content.bootstrap_rate(posts, numerator=["likes", "comments"], n_boot=100)["estimate"].item()
    assert est == pytest.approx(0.02)


# --------------------------------------------------------------------------
# uplift

def test_uplift_recovers_a_known_ratio():
    hot = _binomial_posts(1500, 0.06, seed=4).assign(flag=True)
    cold = _binomial_posts(1500, 0.04, seed=5).assign(flag=False)
    row = content.uplift(pd.concat([hot, cold]), flag="flag", numerator="likes", n_boot=1000, seed=1).iloc[0]
    assert row["estimate"] == pytest.approx(row["rate_with"] / row["rate_without"])
    assert row["ci_low"] < 1.5 < row["ci_high"]
    assert (row["n_with"], row["n_without"]) == (1500, 1500)


def test_trending_uplift_on_the_simulated_data_matches_the_truth():
    for seed, market in ((2024, "cn"), (7, "global")):
        posts = data.load("posts", seed=seed, market=market)
        posts["engagements"] = kpi.engagements(posts)
        true = data.truth(seed, market).content.trending_engagement_uplift
        row = content.uplift(posts, flag="trending", numerator="engagements", n_boot=1000, seed=seed).iloc[0]
        assert row["ci_low"] <= true <= row["ci_high"], (seed, market)


def test_best_format_per_platform_matches_the_truth_where_cells_are_large():
    posts = data.load("posts")
    posts["engagements"] = kpi.engagements(posts)
    fmt = content.bootstrap_rate(posts, numerator="engagements", by=["platform", "format"], n_boot=500, seed=0)
    best = fmt.loc[fmt.groupby("platform")["estimate"].idxmax()].set_index("platform")["format"]
    truth = data.truth().content.format_effect
    agree = sum(best[p] == max(fx, key=fx.get) for p, fx in truth.items())
    assert agree >= len(truth) - 1


# --------------------------------------------------------------------------
# slots and heatmap

def _slot_posts() -> pd.DataFrame:
    stamps = pd.to_datetime(["2025-01-06 09:05"] * 3 + ["2025-01-06 20:30"] + ["2025-01-12 23:10"] * 2)
    return pd.DataFrame({"timestamp": stamps, "platform": ["a"] * 4 + ["b"] * 2,
                         "likes": [3, 3, 3, 40, 1, 1], "reach": [100] * 6})


def test_slot_rates_counts_and_flags_thin_slots():
    slots = content.slot_rates(_slot_posts(), numerator="likes", min_posts=2)
    assert slots[["weekday", "hour", "n"]].values.tolist() == [[0, 9, 3], [0, 20, 1], [6, 23, 2]]
    assert slots["estimate"].tolist() == pytest.approx([0.03, 0.40, 0.01])
    assert slots["enough"].tolist() == [True, False, True]


def test_heatmap_is_7_by_24_and_masks_thin_slots():
    slots = content.slot_rates(_slot_posts(), numerator="likes", min_posts=2)
    grid = content.heatmap(slots)
    assert grid.shape == (7, 24)
    assert grid.index.tolist() == list(content.WEEKDAYS) and grid.columns.tolist() == list(range(24))
    assert grid.loc["Mon", 9] == pytest.approx(0.03)
    assert np.isnan(grid.loc["Mon", 20])  # one post: masked
    assert content.heatmap(slots, mask=False).loc["Mon", 20] == pytest.approx(0.40)
    assert grid.notna().sum().sum() == 2


def test_best_slots_skips_thin_slots_and_works_per_group():
    slots = content.slot_rates(_slot_posts(), numerator="likes", by="platform", min_posts=2)
    best = content.best_slots(slots, by="platform")
    assert best[["platform", "weekday", "hour"]].values.tolist() == [["a", 0, 9], ["b", 6, 23]]
    assert len(content.best_slots(slots, by="platform", k=5)) == 2


def test_heatmap_on_the_simulated_data():
    posts = data.load("posts")
    slots = content.slot_rates(posts[posts["platform"] == "weibo"], numerator="likes", min_posts=10)
    grid = content.heatmap(slots)
    assert grid.shape == (7, 24)
    assert grid.notna().sum().sum() == slots["enough"].sum()
    assert grid.iloc[:, :7].isna().all().all()  # nobody posts before 7:00


# --------------------------------------------------------------------------
# errors

@pytest.mark.parametrize("call, error, match", [
    (lambda p: content.bootstrap_rate(p.iloc[:0], numerator="likes"), ValueError, "frame is empty"),
    (lambda p: content.bootstrap_rate("posts", numerator="likes"), TypeError, "frame must be a pandas DataFrame"),
    (lambda p: content.bootstrap_rate(p, numerator="clicks"), ValueError, r"no column\(s\) \['clicks'\]"),
    (lambda p: content.bootstrap_rate(p, numerator="likes", by="format"), ValueError, "format"),
    (lambda p: content.bootstrap_rate(p.assign(reach=0), numerator="likes"), ValueError, "sums to 0"),
    (lambda p: content.bootstrap_rate(p.assign(likes=-1), numerator="likes"), ValueError, "negative"),
    (lambda p: content.bootstrap_rate(p.assign(likes="x"), numerator="likes"), TypeError, "numeric"),
    (lambda p: content.bootstrap_rate(p, numerator="likes", n_boot=10), ValueError, "n_boot"),
    (lambda p: content.bootstrap_rate(p, numerator="likes", n_boot=1.5), TypeError, "n_boot"),
    (lambda p: content.bootstrap_rate(p, numerator="likes", level=95), ValueError, "level"),
    (lambda p: content.bootstrap_rate(p, numerator="likes", seed=None), TypeError, "seed"),
    (lambda p: content.bootstrap_rate(p, numerator=[]), ValueError, "numerator"),
    (lambda p: content.uplift(p, flag="platform", numerator="likes"), TypeError, "boolean"),
    (lambda p: content.uplift(p.assign(hot=True), flag="hot", numerator="likes"), ValueError, "no posts without"),
    (lambda p: content.uplift(p, flag="hot2", numerator="likes"), ValueError, "hot2"),
    (lambda p: content.slot_rates(p.assign(timestamp="2025-01-01"), numerator="likes"), TypeError, "datetime64"),
    (lambda p: content.slot_rates(p, numerator="likes", min_posts=0), ValueError, "min_posts"),
    (lambda p: content.heatmap(content.slot_rates(p, numerator="likes", by="platform")), ValueError, "one group"),
    (lambda p: content.best_slots(content.slot_rates(p, numerator="likes", min_posts=99)), ValueError, "min_posts"),
    (lambda p: content.best_slots(content.slot_rates(p, numerator="likes"), k=0), ValueError, "k must"),
])
def test_bad_input_is_named(call, error, match):
    posts = _slot_posts().assign(hot=[True, False] * 3)
    posts.loc[4, "timestamp"] = pd.Timestamp("2025-01-06 09:40")  # platform b shares a slot with a
    with pytest.raises(error, match=match):
        call(posts)
