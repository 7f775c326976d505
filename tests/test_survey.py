"""Tests of course_lib.survey: hand-worked intervals, coverage, errors, truth of the simulated survey.

Expected values are worked out by hand in the comments, never by calling the
function under test.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import data, survey

approx = pytest.approx


# --------------------------------------------------------------------------
# hand-worked examples
# --------------------------------------------------------------------------

def test_satisfaction_mean_t_interval_by_hand():
    # scores 5, 4, 4, 3: mean 4, s = sqrt((1 + 0 + 0 + 1) / 3) = 0.8165, se = s / 2 = 0.40825,
    # t(0.975, df=3) = 3.18245 -> 4 ± 1.29923
    out = survey.satisfaction_mean(pd.DataFrame({"satisfaction": [5, 4, 4, 3]}))
    row = out.iloc[0]
    assert (row["n"], row["estimate"]) == (4, 4.0)
    assert row["se"] == approx(0.408248, abs=1e-6)
    assert (row["ci_low"], row["ci_high"]) == (approx(2.700768, abs=1e-5), approx(5.299232, abs=1e-5))


def test_satisfaction_mean_single_answer_has_no_interval():
    out = survey.satisfaction_mean(pd.DataFrame({"satisfaction": [4, 5, 3], "g": ["a", "b", "b"]}), by="g")
    assert out["g"].tolist() == ["a", "b"]
    assert out["estimate"].tolist() == [4.0, 4.0]
    assert np.isnan(out.loc[0, "ci_low"]) and not np.isnan(out.loc[1, "ci_low"])


def test_top_box_share_and_wilson_by_hand():
    # 4 and 5 count as top-2-box: 3 of 5 = 0.6; top-1-box: 1 of 5 = 0.2
    frame = pd.DataFrame({"satisfaction": [5, 4, 4, 3, 1]})
    assert survey.top_box_share(frame)["estimate"].iloc[0] == approx(0.6)
    assert survey.top_box_share(frame, boxes=1)["estimate"].iloc[0] == approx(0.2)
    # Wilson 95 % interval for 8 of 10 (a textbook value): 0.490 to 0.943
    low, high = survey.wilson_interval(8, 10)
    assert (float(low), float(high)) == (approx(0.4902, abs=1e-4), approx(0.9433, abs=1e-4))
    # never outside [0, 1], not degenerate at 0 of n
    low, high = survey.wilson_interval(np.array([0, 10]), np.array([10, 10]))
    assert low[0] == 0 and high[0] > 0.2 and high[1] == approx(1) and low[1] < 0.8


def test_nps_wald_by_hand():
    # 50 promoters, 30 passives, 20 detractors: NPS = 100 * (0.5 - 0.2) = 30
    # Var = (0.5 + 0.2 - 0.3**2) / 100 = 0.0061 -> se = 7.8102 points; 30 ± 1.95996 * 7.8102
    frame = pd.DataFrame({"nps": [10] * 25 + [9] * 25 + [8] * 15 + [7] * 15 + [6] * 10 + [0] * 10})
    row = survey.nps_interval(frame).iloc[0]
    assert row["estimate"] == approx(30.0)
    assert (row["promoters"], row["passives"], row["detractors"]) == (approx(0.5), approx(0.3), approx(0.2))
    assert row["se"] == approx(7.8102, abs=1e-4)
    assert (row["ci_low"], row["ci_high"]) == (approx(14.6924, abs=1e-3), approx(45.3076, abs=1e-3))


def test_nps_by_group_matches_hand_counts_and_clips():
    # group a: 9, 10, 3 -> (2 - 1) / 3 = +33.3; group b: all 10 -> +100 with zero width
    frame = pd.DataFrame({"nps": [9, 10, 3, 10, 10], "g": ["a", "a", "a", "b", "b"]})
    out = survey.nps_interval(frame, by="g").set_index("g")
    assert out.loc["a", "estimate"] == approx(100 / 3)
    assert out.loc["b", ["estimate", "ci_low", "ci_high"]].tolist() == [100.0, 100.0, 100.0]
    assert out["ci_low"].min() >= -100 and out["ci_high"].max() <= 100


def test_nps_by_two_columns_aligns_groups():
    frame = pd.DataFrame({"nps": [10, 0, 10, 10], "a": ["x", "x", "y", "y"], "b": ["p", "q", "p", "p"]})
    out = survey.nps_interval(frame, by=["a", "b"])
    assert out[["a", "b"]].values.tolist() == [["x", "p"], ["x", "q"], ["y", "p"]]
    assert out["estimate"].tolist() == [100.0, -100.0, 100.0]


def test_nps_bootstrap_is_seeded_and_agrees_with_wald():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"nps": rng.choice([10, 8, 3], size=800, p=[0.45, 0.35, 0.2])})
    a = survey.nps_interval(frame, method="bootstrap", seed=11)
    b = survey.nps_interval(frame, method="bootstrap", seed=11)
    pd.testing.assert_frame_equal(a, b)
    wald = survey.nps_interval(frame)
    assert a["ci_low"].iloc[0] == approx(wald["ci_low"].iloc[0], abs=1.0)
    assert a["ci_high"].iloc[0] == approx(wald["ci_high"].iloc[0], abs=1.0)


def test_nps_wald_interval_covers_the_truth_about_95_percent():
    # 2,000 simulated surveys of 300 answers from a known population: true NPS = 100 * (0.4 - 0.25) = 15
    rng = np.random.default_rng(2024)
    scores = rng.choice([10, 8, 2], size=(2000, 300), p=[0.4, 0.35, 0.25])
    frame = pd.DataFrame({"nps": scores.ravel(), "survey": np.repeat(np.arange(2000), 300)})
    out = survey.nps_interval(frame, by="survey")
    coverage = ((out["ci_low"] <= 15) & (15 <= out["ci_high"])).mean()
    assert 0.93 <= coverage <= 0.97


def test_pain_points_shares_by_hand():
    frame = pd.DataFrame({"pain_point": ["price", "price", "taste", "none", "price", "sugar"],
                          "seg": ["a", "a", "a", "a", "b", "b"]})
    out = survey.pain_points(frame, by="seg")
    a = out[out["seg"] == "a"]
    assert a["pain_point"].tolist() == ["price", "none", "taste"]  # 2/4, then ties by name
    assert a["estimate"].tolist() == [0.5, 0.25, 0.25]
    assert out.groupby("seg")["estimate"].sum().tolist() == [approx(1.0), approx(1.0)]
    assert (out["ci_low"] <= out["estimate"]).all() and (out["estimate"] <= out["ci_high"]).all()


# --------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------

@pytest.mark.parametrize("func", [survey.satisfaction_mean, survey.top_box_share, survey.nps_interval,
                                  survey.pain_points])
def test_empty_frame_and_wrong_type(func):
    with pytest.raises(ValueError, match="empty"):
        func(pd.DataFrame({"satisfaction": [], "nps": [], "pain_point": []}))
    with pytest.raises(TypeError, match="DataFrame"):
        func([1, 2, 3])


@pytest.mark.parametrize("scores", [[11, 9], [-1, 9], [9.5, 9]])
def test_nps_out_of_range_scores(scores):
    with pytest.raises(ValueError, match="whole numbers from 0 to 10"):
        survey.nps_interval(pd.DataFrame({"nps": scores}))


@pytest.mark.parametrize("scores", [[6, 4], [0, 4], [4.5, 4]])
def test_satisfaction_out_of_range_scores(scores):
    with pytest.raises(ValueError, match="whole numbers from 1 to 5"):
        survey.satisfaction_mean(pd.DataFrame({"satisfaction": scores}))
    with pytest.raises(ValueError, match="whole numbers from 1 to 5"):
        survey.top_box_share(pd.DataFrame({"satisfaction": scores}))


def test_missing_and_non_numeric_columns():
    with pytest.raises(ValueError, match="column 'nps' .*not found"):
        survey.nps_interval(pd.DataFrame({"score": [9]}))
    with pytest.raises(ValueError, match="column 'platform' \\(parameter by=\\) not found"):
        survey.nps_interval(pd.DataFrame({"nps": [9]}), by="platform")
    with pytest.raises(TypeError, match="must be numeric"):
        survey.satisfaction_mean(pd.DataFrame({"satisfaction": ["4"]}))
    with pytest.raises(ValueError, match="missing answer"):
        survey.nps_interval(pd.DataFrame({"nps": [9, np.nan]}))
    with pytest.raises(ValueError, match="missing answer"):
        survey.pain_points(pd.DataFrame({"pain_point": ["price", None]}))


def test_empty_group_is_an_error():
    frame = pd.DataFrame({"nps": [9, 3], "platform": pd.Categorical(["weibo", "weibo"],
                                                                    categories=["weibo", "douyin"])})
    with pytest.raises(ValueError, match=r"group\(s\) \['douyin'\] of by='platform' have no answers"):
        survey.nps_interval(frame, by="platform")
    with pytest.raises(ValueError, match="have no answers"):
        survey.satisfaction_mean(frame.assign(satisfaction=[4, 2]), by="platform")


def test_bad_options():
    frame = pd.DataFrame({"nps": [9, 3], "satisfaction": [4, 2]})
    with pytest.raises(ValueError, match="method='exact' is not allowed"):
        survey.nps_interval(frame, method="exact")
    with pytest.raises(ValueError, match="confidence=95"):
        survey.nps_interval(frame, confidence=95)
    with pytest.raises(ValueError, match="n_boot=10"):
        survey.nps_interval(frame, method="bootstrap", n_boot=10)
    with pytest.raises(ValueError, match="boxes=5"):
        survey.top_box_share(frame, boxes=5)
    with pytest.raises(ValueError, match="by= must name"):
        survey.nps_interval(frame, by=[])


# --------------------------------------------------------------------------
# the simulated survey against its truth
# --------------------------------------------------------------------------

@pytest.mark.parametrize("market", ["cn", "global"])
def test_segments_rank_as_in_the_truth(market):
    answers = data.load("survey", seed=2024, market=market)
    truth = data.truth(2024, market).survey
    sat = survey.satisfaction_mean(answers, by="segment").set_index("segment")
    # the two clearly lower segments come out lowest, in the true order
    assert sat["estimate"].nsmallest(2).index.tolist() == ["value_shopper", "student"]
    # observed means run 0 to 0.15 below the latent means (data card), within sampling error
    gap = pd.Series(dict(truth.satisfaction_mean)) - sat["estimate"]
    assert (gap > -2 * sat["se"]).all() and (gap < 0.15 + 2 * sat["se"]).all()
    nps = survey.nps_interval(answers, by="segment").set_index("segment")
    assert nps["estimate"].idxmin() == "value_shopper"


@pytest.mark.parametrize("market", ["cn", "global"])
def test_pain_point_shares_cover_the_truth(market):
    answers = data.load("survey", seed=2024, market=market)
    truth = data.truth(2024, market).survey.pain_points
    out = survey.pain_points(answers, by="segment", confidence=0.999).set_index(["segment", "pain_point"])
    for segment, point in [("value_shopper", "price"), ("student", "price"), ("health_seeker", "sugar"),
                           ("young_professional", "availability")]:
        row = out.loc[(segment, point)]
        assert row["ci_low"] <= truth[segment][point] <= row["ci_high"], (segment, point)


# --------------------------------------------------------------------------
# the difference of two groups; the first day of a signal
# --------------------------------------------------------------------------

def test_difference_by_hand_and_bonferroni():
    # 30 - 10 = 20, se = sqrt(6^2 + 8^2) = 10; z(0.975) = 1.959964 -> 20 ± 19.59964
    # Bonferroni for 21 pairs: z(1 - 0.025 / 21) = z(0.998810) = 3.03807 -> 20 ± 30.3807
    t = pd.DataFrame({"platform": ["a", "b", "c"], "estimate": [30.0, 10.0, 0.0], "se": [6.0, 8.0, 1.0]})
    one = survey.difference(t, by="platform", first="a", second="b").iloc[0]
    assert (one["estimate"], one["se"]) == (20.0, 10.0)
    assert (one["ci_low"], one["ci_high"]) == (approx(0.400360, abs=1e-5), approx(39.599640, abs=1e-5))
    many = survey.difference(t, by="platform", first="a", second="b", comparisons=21).iloc[0]
    assert many["ci_high"] - many["estimate"] == approx(30.3807, abs=1e-3)
    assert many["level"] == approx(1 - 0.05 / 21)
    assert survey.difference(t, by="platform", first="b", second="a").iloc[0]["estimate"] == -20.0


def test_difference_works_on_survey_tables_and_rejects_bad_input():
    answers = pd.DataFrame({"nps": [10] * 30 + [3] * 10 + [10] * 10 + [3] * 30, "g": ["x"] * 40 + ["y"] * 40})
    table = survey.nps_interval(answers, by="g")
    # x: NPS 50, p_P .75 p_D .25 -> var = (1 - .25) / 40; y: NPS -50, same variance
    out = survey.difference(table, by="g", first="x", second="y").iloc[0]
    assert out["estimate"] == approx(100.0)
    assert out["se"] == approx(100 * np.sqrt(2 * 0.75 / 40))
    with pytest.raises(ValueError, match="first='z' matches 0 row"):
        survey.difference(table, by="g", first="z", second="y")
    with pytest.raises(ValueError, match="comparisons=0"):
        survey.difference(table, by="g", first="x", second="y", comparisons=0)
    with pytest.raises(ValueError, match="column 'se'"):
        survey.difference(table.drop(columns="se"), by="g", first="x", second="y")
    with pytest.raises(ValueError, match="column 'segment'"):
        survey.difference(table, by="segment", first="x", second="y")


def test_first_signal_by_hand():
    # day 0: 1 of 4 flagged -> Wilson low 0.046 < 0.1; day 1 cumulative 4 of 8 -> low 0.215 > 0.1
    days = pd.to_datetime(["2025-07-01"] * 4 + ["2025-07-02"] * 4 + ["2025-06-30"])
    toy = pd.DataFrame({"date": days, "bad": [True, False, False, False, True, True, True, False, True]})
    out = survey.first_signal(toy, flag="bad", time="date", start="2025-07-01", baseline=0.1)
    assert out["day"] == pd.Timestamp("2025-07-02")  # the row before the start is not counted
    assert (out["days_after"], out["n"], out["count"], out["share"]) == (1, 8, 4, 0.5)
    assert out["ci_low"] == approx(0.2152, abs=1e-4)
    never = survey.first_signal(toy, flag="bad", time="date", start="2025-07-01", baseline=0.9)
    assert pd.isna(never["day"]) and np.isnan(never["n"])
    same = survey.first_signal(toy, flag=toy["bad"], time="date", start=pd.Timestamp("2025-07-01 15:00"),
                               baseline=0.1)
    assert same["days_after"] == 1


def test_first_signal_errors():
    toy = pd.DataFrame({"date": pd.to_datetime(["2025-07-01", "2025-07-02"]), "bad": [True, False]})
    with pytest.raises(TypeError, match="flag must be boolean"):
        survey.first_signal(toy.assign(bad=[1, 0]), flag="bad", time="date", start="2025-07-01", baseline=0.1)
    with pytest.raises(ValueError, match="flag must be a column name or a boolean Series"):
        survey.first_signal(toy, flag=pd.Series([True]), time="date", start="2025-07-01", baseline=0.1)
    with pytest.raises(ValueError, match="baseline=1.5"):
        survey.first_signal(toy, flag="bad", time="date", start="2025-07-01", baseline=1.5)
    with pytest.raises(ValueError, match="no rows on or after start"):
        survey.first_signal(toy, flag="bad", time="date", start="2025-08-01", baseline=0.1)
    with pytest.raises(ValueError, match="start='soon' is not a date"):
        survey.first_signal(toy, flag="bad", time="date", start="soon", baseline=0.1)
    with pytest.raises(TypeError, match="must be datetime"):
        survey.first_signal(toy.assign(date="2025-07-01"), flag="bad", time="date", start="2025-07-01", baseline=0.1)
    with pytest.raises(ValueError, match="column 'when'"):
        survey.first_signal(toy, flag="bad", time="when", start="2025-07-01", baseline=0.1)


@pytest.mark.parametrize("seed, market", [(2024, "cn"), (7, "global")])
def test_comments_signal_the_true_crisis_on_its_first_day(seed, market):
    comments = data.load("comments", seed=seed, market=market)
    start = data.scenario(seed, market).start_ts + pd.Timedelta(days=data.truth(seed, market).crisis.start_day)
    usual = comments.loc[comments["timestamp"] < start, "sentiment"].eq("negative").mean()
    out = survey.first_signal(comments, flag=comments["sentiment"].eq("negative"), time="timestamp",
                              start=start, baseline=usual)
    assert out["days_after"] == 0 and out["n"] >= 20
    # and nothing fires in a calm month
    calm = comments[comments["timestamp"] < start - pd.Timedelta(days=60)]
    quiet = survey.first_signal(calm, flag=calm["sentiment"].eq("negative"), time="timestamp",
                                start=start - pd.Timedelta(days=90), baseline=usual + 0.05)
    assert pd.isna(quiet["day"])
