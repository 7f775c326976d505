"""Tests of course_lib.audit: known answers on constructed data, the course data, and bad input."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import audit, data, kpi, scorecard


# --------------------------------------------------------------------------- helpers

def _daily() -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"] * 2),
        "platform": ["a"] * 3 + ["b"] * 3,
        "followers": [105, 110, 120, 48, 46, 45],
        "follows": [10, 10, 10, 0, 0, 1],
        "unfollows": [5, 5, 0, 2, 2, 2],
    })


def _posts_weeks(counts_a: list[int], counts_b: list[int]) -> pd.DataFrame:
    """Posts on Mondays 09:00 of consecutive weeks starting 2025-01-06, plus one post on the last Sunday."""
    rows = []
    for platform, counts in (("a", counts_a), ("b", counts_b)):
        for week, n in enumerate(counts):
            day = pd.Timestamp("2025-01-06") + pd.Timedelta(weeks=week)
            rows += [(platform, day + pd.Timedelta(hours=9, minutes=i)) for i in range(n)]
    last_sunday = pd.Timestamp("2025-01-06") + pd.Timedelta(weeks=len(counts_a), days=-1, hours=12)
    frame = pd.DataFrame(rows, columns=["platform", "timestamp"])
    return frame, last_sunday


def _cells_posts() -> pd.DataFrame:
    return pd.DataFrame({
        "platform": ["a"] * 6 + ["b"] * 4,
        "format": ["x", "x", "x", "y", "y", "y", "x", "x", "y", "y"],
        "reach": [100, 100, 200, 100, 100, 100, 1000, 1000, 1000, 1000],
        "impressions": [150] * 10,
        "likes": [10, 10, 20, 1, 2, 3, 50, 50, 10, 10],
        "comments": 0, "shares": 0, "saves": 0,
    })


# --------------------------------------------------------------------------- followers

def test_followers_summary_known_answer():
    out = audit.followers_summary(_daily()).set_index("platform")
    # a: start = 105 - 10 + 5 = 100, end 120, net = 30 - 10 = 20
    assert out.loc["a", "followers_start"] == 100 and out.loc["a", "followers_end"] == 120
    assert out.loc["a", "net_growth"] == 20
    assert out.loc["a", "growth_rate"] == pytest.approx(0.2)
    assert out.loc["a", "churn_rate"] == pytest.approx(0.1)
    # b: start = 48 + 2 = 50, end 45, net -5
    assert out.loc["b", "followers_start"] == 50 and out.loc["b", "growth_rate"] == pytest.approx(-0.1)
    assert out["share_end"].sum() == pytest.approx(1.0)


def test_followers_summary_matches_kpi_on_course_data():
    daily = data.load("daily_metrics")
    out = audit.followers_summary(daily).set_index("platform")
    expected = kpi.follower_growth_rate(daily, aggregate="period", by="platform")
    np.testing.assert_allclose(out["growth_rate"], expected.reindex(out.index))
    # the stock is consistent with the flows in the simulated data
    np.testing.assert_array_equal(out["followers_end"] - out["followers_start"], out["net_growth"])


@pytest.mark.parametrize("bad, match", [
    (lambda d: d.drop(columns="follows"), r"daily has no column\(s\) \['follows'\]"),
    (lambda d: d.iloc[0:0], "daily is empty"),
    (lambda d: d.assign(date=d["date"].astype(str)), "must be datetime64"),
    (lambda d: d.assign(followers=d["followers"].astype(str)), "must be numeric"),
])
def test_followers_summary_rejects_bad_input(bad, match):
    with pytest.raises((ValueError, TypeError), match=match):
        audit.followers_summary(bad(_daily()))


def test_followers_summary_rejects_duplicated_days():
    d = _daily()
    twice = pd.concat([d, d.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match=r"duplicated \('platform', 'date'\) rows"):
        audit.followers_summary(twice)


def test_followers_summary_rejects_a_list_for_by():
    with pytest.raises(TypeError, match="by must be one column name"):
        audit.followers_summary(_daily(), by=["platform"])


# --------------------------------------------------------------------------- cadence

def test_posts_per_period_fills_empty_weeks_and_drops_cut_weeks():
    posts, last = _posts_weeks([2, 0, 3], [1, 1, 1])
    # a post on Wednesday 2025-01-01 makes the first (Mon 2024-12-30) week a cut week
    posts = pd.concat([posts, pd.DataFrame({"platform": ["a"], "timestamp": [pd.Timestamp("2025-01-01 10:00")]})])
    full = audit.posts_per_period(posts, freq="W", end=last)
    assert full[full["platform"] == "a"]["posts"].tolist() == [2, 0, 3]
    every = audit.posts_per_period(posts, freq="W", end=last, full_periods_only=False)
    assert every[every["platform"] == "a"]["posts"].tolist() == [1, 2, 0, 3]
    assert every["full"].tolist()[:4] == [False, True, True, True]


def test_cadence_known_answer():
    posts, last = _posts_weeks([2, 4, 6], [3, 3, 3])
    out = audit.cadence(posts, freq="W", end=last).set_index("platform")
    assert out.loc["a", "per_period"] == 4 and out.loc["a", "sd"] == pytest.approx(2.0)
    assert out.loc["a", "cv"] == pytest.approx(0.5) and out.loc["a", "dispersion"] == pytest.approx(1.0)
    assert out.loc["b", "cv"] == 0 and out.loc["b", "pattern"] == "regular"
    assert out.loc["b", "longest_gap_days"] == pytest.approx(7 - 2 / (24 * 60))
    assert out.loc["a", "empty_periods"] == 0


def test_cadence_says_no_posts_for_a_silent_account():
    posts, last = _posts_weeks([2, 4, 6], [3, 3, 3])
    # "c" posted once, on the Sunday before the window: no post in any full week of the window
    silent = pd.DataFrame({"platform": ["c"], "timestamp": [pd.Timestamp("2025-01-05 12:00")]})
    out = audit.cadence(pd.concat([posts, silent]), freq="W", start="2025-01-06", end=last).set_index("platform")
    assert out.loc["c", "pattern"] == "no posts" and out.loc["c", "posts"] == 0
    assert np.isnan(out.loc["c", "dispersion"])
    assert out.loc["a", "pattern"] != "no posts"


def test_cadence_flags_bursty_posting():
    weeks = 60
    bursty_counts = np.where(np.arange(weeks) % 10 == 0, 40, 2).tolist()
    posts, last = _posts_weeks([8] * weeks, bursty_counts)
    out = audit.cadence(posts, freq="W", end=last).set_index("platform")
    assert out.loc["b", "pattern"] == "bursty"
    assert out.loc["a", "pattern"] == "regular"
    assert out.loc["a", "dispersion_low"] < 1 < out.loc["a", "dispersion_high"]


def test_cadence_random_range_has_its_stated_coverage():
    """Poisson posting on 400 accounts: about 5 % fall outside the 95 % range."""
    rng = np.random.default_rng(0)
    accounts, weeks = 400, 52
    counts = rng.poisson(6, size=(accounts, weeks))
    acc = np.repeat(np.repeat(np.arange(accounts), weeks), counts.ravel())
    week = np.repeat(np.tile(np.arange(weeks), accounts), counts.ravel())
    posts = pd.DataFrame({"platform": [f"p{i:03d}" for i in acc],
                          "timestamp": pd.Timestamp("2025-01-06 09:00") + pd.to_timedelta(week * 7, unit="D")})
    out = audit.cadence(posts, start="2025-01-06", end=pd.Timestamp("2025-01-05") + pd.Timedelta(weeks=weeks))
    assert (out["periods"] == weeks).all()
    flagged = (out["pattern"] != "random-like").mean()
    assert 0.02 <= flagged <= 0.09, flagged


def test_cadence_on_course_data_uses_51_full_weeks():
    out = audit.cadence(data.load("posts"))
    assert (out["periods"] == 51).all()
    assert (out["cv"] > 0).all() and out["longest_gap_days"].notna().all()


@pytest.mark.parametrize("kwargs, match", [
    (dict(freq="Q"), "freq='Q' is not allowed"),
    (dict(time="when"), r"posts has no column\(s\) \['when'\]"),
    (dict(confidence=95), "confidence must be a float"),
    (dict(freq="M"), "no full period"),
])
def test_cadence_rejects_bad_options(kwargs, match):
    posts, last = _posts_weeks([2, 4, 6], [3, 3, 3])
    with pytest.raises(ValueError, match=match):
        audit.cadence(posts, end=last, **kwargs)


def test_cadence_needs_two_periods_and_datetimes():
    posts, last = _posts_weeks([2], [3])
    with pytest.raises(ValueError, match="at least two periods"):
        audit.cadence(posts, end=last)
    with pytest.raises(TypeError, match="must be datetime64"):
        audit.cadence(posts.assign(timestamp=posts["timestamp"].astype(str)))
    with pytest.raises(ValueError, match="posts is empty"):
        audit.cadence(posts.iloc[0:0])
    with pytest.raises(ValueError, match="is before start"):
        audit.cadence(posts, start="2025-02-01", end="2025-01-01")


# --------------------------------------------------------------------------- format cells

def test_format_cells_known_answer():
    out = audit.format_cells(_cells_posts(), min_posts=1, n_boot=0).set_index(["platform", "format"])
    # a/x: 40 / 400 = 0.10; a/y: 6 / 300 = 0.02; platform a: 46 / 700
    assert out.loc[("a", "x"), "rate"] == pytest.approx(0.10)
    assert out.loc[("a", "y"), "rate"] == pytest.approx(0.02)
    assert out.loc[("a", "x"), "relative"] == pytest.approx(0.10 / (46 / 700))
    assert out.loc[("b", "y"), "relative"] == pytest.approx(0.01 / 0.03)
    assert out["ci_low"].isna().all()


def test_format_cells_uses_the_ratio_of_totals():
    posts = _cells_posts()
    out = audit.format_cells(posts, min_posts=1, n_boot=0)
    expected = kpi.engagement_rate(posts, denominator="reach", aggregate="ratio", by=["platform", "format"])
    np.testing.assert_allclose(out["rate"], expected.to_numpy())
    by_imp = audit.format_cells(posts, min_posts=1, n_boot=0, denominator="impressions")
    assert by_imp.loc[0, "rate"] == pytest.approx(40 / 450)


def test_format_cells_bootstrap_is_reproducible_and_covers_the_estimate():
    posts = data.load("posts")
    a = audit.format_cells(posts, n_boot=200, seed=3)
    b = audit.format_cells(posts, n_boot=200, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert ((a["ci_low"] <= a["rate"]) & (a["rate"] <= a["ci_high"])).all()
    eligible = a[a["eligible"]]
    assert eligible["p_top"].sum() == pytest.approx(1.0) and eligible["p_bottom"].sum() == pytest.approx(1.0)
    assert a.loc[~a["eligible"], "p_top"].isna().all()


def test_format_cells_bootstrap_does_not_depend_on_the_chunk_size(monkeypatch):
    posts = data.load("posts").iloc[:600]
    whole = audit.format_cells(posts, n_boot=50, seed=3)
    monkeypatch.setattr(audit, "BOOT_CHUNK_ELEMENTS", 600 * 7)  # 7 resamples per chunk, a ragged last one
    chunked = audit.format_cells(posts, n_boot=50, seed=3)
    pd.testing.assert_frame_equal(whole, chunked)
    monkeypatch.setattr(audit, "BOOT_CHUNK_ELEMENTS", 1)  # one resample at a time
    pd.testing.assert_frame_equal(whole, audit.format_cells(posts, n_boot=50, seed=3))


def test_format_cells_ranks_a_clear_winner_first():
    rng = np.random.default_rng(0)
    n = 300
    fmt = np.repeat(["good", "bad"], n)
    reach = rng.integers(500, 1500, 2 * n)
    likes = rng.binomial(reach, np.where(fmt == "good", 0.10, 0.05))
    posts = pd.DataFrame({"platform": "p", "format": fmt, "reach": reach, "likes": likes,
                          "comments": 0, "shares": 0, "saves": 0})
    out = audit.format_cells(posts, n_boot=300).set_index("format")
    assert out.loc["good", "p_top"] == 1.0 and out.loc["bad", "p_bottom"] == 1.0
    assert out.loc["good", "ci_low"] < 0.10 < out.loc["good", "ci_high"]


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(denominator="followers"), ValueError, "denominator='followers' is not allowed"),
    (dict(min_posts=0), ValueError, "min_posts must be a whole number >= 1"),
    (dict(n_boot=-1), ValueError, "n_boot must be a whole number >= 0"),
    (dict(rows=None), TypeError, "rows must be one column name"),
    (dict(confidence=1.0), ValueError, "confidence must be a float"),
])
def test_format_cells_rejects_bad_options(kwargs, error, match):
    with pytest.raises(error, match=match):
        audit.format_cells(_cells_posts(), **kwargs)


def test_format_cells_rejects_missing_columns_and_values():
    with pytest.raises(ValueError, match=r"posts has no column\(s\) \['reach'\]"):
        audit.format_cells(_cells_posts().drop(columns="reach"))
    with pytest.raises(ValueError, match="must not have missing values"):
        audit.format_cells(_cells_posts().assign(format=[None] + ["x"] * 9))


def test_strongest_weakest():
    cells = audit.format_cells(_cells_posts(), min_posts=2, n_boot=0)
    out = audit.strongest_weakest(cells, n=1)
    assert out["side"].tolist() == ["strongest", "weakest"]
    assert (out.loc[0, "platform"], out.loc[0, "format"]) == ("a", "x")
    assert (out.loc[1, "platform"], out.loc[1, "format"]) == ("b", "y")
    rel = audit.strongest_weakest(cells, n=1, rank_by="relative")
    assert (rel.loc[0, "platform"], rel.loc[0, "format"]) == ("b", "x")
    with pytest.raises(ValueError, match="no eligible cell"):
        audit.strongest_weakest(cells.assign(eligible=False))
    with pytest.raises(ValueError, match="rank_by='posts' is not allowed"):
        audit.strongest_weakest(cells, rank_by="posts")
    with pytest.raises(ValueError, match=r"cells has no column\(s\) \['eligible'\]"):
        audit.strongest_weakest(cells.drop(columns="eligible"))


# --------------------------------------------------------------------------- summary and purposes

def test_audit_summary_on_course_data():
    posts, daily = data.load("posts"), data.load("daily_metrics")
    out = audit.audit_summary(posts, daily)
    assert set(out.index) == set(posts["platform"])
    assert out["share_of_posts"].sum() == pytest.approx(1.0)
    expected = kpi.engagement_rate(posts, denominator="reach", aggregate="ratio", by="platform")
    np.testing.assert_allclose(out["engagement_rate"], expected.reindex(out.index))
    assert out["best_format"].notna().all()
    # the true format effect: on Douyin short video beats text (truth.content.format_effect)
    truth = data.truth(2024, "cn").content.format_effect["douyin"]
    assert truth[out.loc["douyin", "best_format"]] == max(truth.values())


def test_audit_summary_benchmark_and_clear_formats():
    posts, daily = data.load("posts"), data.load("daily_metrics")
    bench = data.load("platforms").set_index("platform")["engagement_rate"]
    out = audit.audit_summary(posts, daily, benchmark=bench, n_boot=200, seed=1)
    np.testing.assert_allclose(out["vs_benchmark"], out["engagement_rate"] / bench.reindex(out.index))
    assert out.loc["weibo", "benchmark_rate"] == pytest.approx(0.018)
    # clear = the bootstrap interval of the relative rate excludes 1, as in format_cells
    cells = audit.format_cells(posts, min_posts=30, n_boot=200, seed=1).set_index(["platform", "format"])
    for platform, row in out.iterrows():
        best = cells.loc[(platform, row["best_format"])]
        assert row["best_relative"] == pytest.approx(best["relative"])
        assert bool(row["best_clear"]) == bool(best["relative_low"] > 1)
        weak = cells.loc[(platform, row["weakest_format"])]
        assert bool(row["weakest_clear"]) == bool(weak["relative_high"] < 1)
    assert "vs_benchmark" not in audit.audit_summary(posts, daily, n_boot=0).columns


def test_audit_summary_marks_an_unclear_best_format():
    """Two formats with the same true rate: the point estimates still name a best one, but not clearly."""
    rng = np.random.default_rng(0)
    n = 200
    days = pd.Timestamp("2025-01-06") + pd.to_timedelta(np.arange(n) % 70, unit="D")
    posts = pd.DataFrame({"platform": "a", "format": np.tile(["x", "y"], n // 2), "timestamp": days,
                          "reach": 1000, "likes": rng.binomial(1000, 0.05, n), "comments": 0, "shares": 0,
                          "saves": 0})
    daily = pd.DataFrame({"date": pd.to_datetime(["2025-01-06", "2025-03-16"]), "platform": "a",
                          "followers": [100, 110], "follows": [0, 10], "unfollows": [0, 0]})
    row = audit.audit_summary(posts, daily, min_posts=30, n_boot=300).loc["a"]
    assert row["best_format"] in {"x", "y"} and row["weakest_format"] in {"x", "y"}
    assert not row["best_clear"] and not row["weakest_clear"]
    assert pd.isna(audit.audit_summary(posts, daily, min_posts=30, n_boot=0).loc["a", "best_clear"])


@pytest.mark.parametrize("bench, error, match", [
    (pd.Series({"weibo": 0.02}), ValueError, "benchmark has no rate for"),
    ({"weibo": 0.02}, TypeError, "benchmark must be a numeric pandas Series"),
    ("zero", ValueError, "must be positive"),
])
def test_audit_summary_rejects_bad_benchmarks(bench, error, match):
    posts, daily = data.load("posts"), data.load("daily_metrics")
    if isinstance(bench, str):
        bench = data.load("platforms").set_index("platform")["engagement_rate"] * 0
    with pytest.raises(error, match=match):
        audit.audit_summary(posts, daily, benchmark=bench, n_boot=0)


def test_audit_summary_rejects_empty_tables():
    with pytest.raises(ValueError, match="daily is empty"):
        audit.audit_summary(data.load("posts"), data.load("daily_metrics").iloc[0:0])


def test_purposes_use_the_scorecard_catalogue():
    keys = {k.key for k in scorecard.KPIS}
    for p in audit.PURPOSES:
        assert set(p.kpis) <= keys, p.key
    table = audit.purposes_table()
    assert table["purpose"].nunique() == 4
    assert set(table["family"]) <= {name for name, _ in scorecard.FAMILIES.values()}
    everything = audit.purposes_table(audit_tables=["posts", "daily_metrics", "survey", "comments",
                                                    "community", "competitors"])
    assert everything["in_audit"].all()
    with pytest.raises(TypeError, match="audit_tables must be a list"):
        audit.purposes_table(audit_tables="posts")
