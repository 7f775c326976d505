"""Tests of course_lib.community: compounding growth, month-end stock, target-vs-actual table."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import community as cm
from course_lib import data


def _weeks(n: int = 8, start: int = 1000, weekly: float = 0.02) -> pd.DataFrame:
    """A community growing exactly `weekly` per week (joiners minus leavers), constant rates."""
    members = np.round(start * (1 + weekly) ** np.arange(1, n + 1)).astype("int64")
    previous = np.concatenate([[start], members[:-1]])
    left = np.full(n, 10)
    return pd.DataFrame({"week_start": pd.date_range("2025-01-01", periods=n, freq="7D"),
                         "members": members, "new_members": members - previous + left, "left_members": left,
                         "weekly_active": members // 2, "posts": 10, "comments": 200,
                         "pulse_responses": 100, "satisfied": 80})


def test_average_monthly_growth_compounds_weekly_growth():
    weeks = _weeks(n=52, start=1000, weekly=0.01)
    got = cm.average_monthly_growth(weeks, days_per_month=30)
    end = weeks["members"].iloc[-1]
    assert got == pytest.approx((end / 1000) ** (30 / 364) - 1)
    assert got == pytest.approx(1.01 ** (30 / 7) - 1, rel=1e-3)
    # summing weekly rates or dividing the year's growth by 12 gives other numbers
    assert abs(got - 0.01 * 52 / 12) > 1e-4
    assert abs(got - (end / 1000 - 1) / 12) > 0.005


def test_start_stock_nets_out_the_first_weeks_joiners_and_leavers():
    weeks = _weeks(n=2, start=1000, weekly=0.1)  # 1100, 1210
    assert cm.average_monthly_growth(weeks, days_per_month=14) == pytest.approx(0.21)


def test_growth_with_missing_weeks_counts_only_the_weeks_present():
    weeks = _weeks(n=10, start=1000, weekly=0.02)
    # a crisis in weeks 4-6: the stock falls 5 % a week there
    members = weeks["members"].to_numpy().astype(float)
    for i in range(4, 7):
        members[i:] = members[i:] * 0.95 / 1.02
    members = np.round(members).astype("int64")
    previous = np.concatenate([[1000], members[:-1]])
    weeks = weeks.assign(members=members, new_members=members - previous + weeks["left_members"])
    calm = weeks.drop(index=[4, 5, 6])
    got = cm.average_monthly_growth(calm, days_per_month=7)
    # only the calm weeks' own growth (about 2 % a week), not the crisis weeks' fall spread over fewer days
    factors = calm["members"] / (calm["members"] - calm["new_members"] + calm["left_members"])
    assert got == pytest.approx(np.prod(factors) ** (1 / 7) - 1)
    assert got == pytest.approx(0.02, abs=0.002)
    naive = (calm["members"].iloc[-1] / 1000) ** (1 / 7) - 1
    assert naive < 0.01
    flows = cm.flow_rates(calm, days_per_month=7)
    assert flows["net_per_month"] == pytest.approx(got)
    assert flows["joined_per_month"] > got > 0 and 0 < flows["left_per_month"] < flows["joined_per_month"]


def test_flow_rates_split_joining_and_leaving():
    weeks = _weeks(n=4, start=1000, weekly=0.0)  # joiners exactly replace leavers
    flows = cm.flow_rates(weeks, days_per_month=7)
    assert flows["net_per_month"] == pytest.approx(0.0)
    assert flows["joined_per_month"] == pytest.approx(0.01)
    assert flows["left_per_month"] == pytest.approx(0.01)


def test_bootstrap_share_is_wider_than_wilson_when_weeks_swing():
    weeks = _weeks(n=20).assign(pulse_responses=200, satisfied=[190, 130] * 10)
    boot = cm.bootstrap_share(weeks, n_boot=1000, seed=1)
    table = cm.health(weeks).set_index("metric").loc["satisfaction_share"]
    assert boot["estimate"] == pytest.approx(0.8)
    assert boot["ci_high"] - boot["ci_low"] > 1.5 * (table["ci_high"] - table["ci_low"])
    assert boot.equals(cm.bootstrap_share(weeks, n_boot=1000, seed=1))
    with pytest.raises(ValueError, match="n_boot must be a whole number >= 1"):
        cm.bootstrap_share(weeks, n_boot=0)
    with pytest.raises(ValueError, match="confidence must be a number between 0 and 1"):
        cm.bootstrap_share(weeks, confidence=95)
    with pytest.raises(ValueError, match="'pulse_responses' of community sums to 0"):
        cm.bootstrap_share(weeks.assign(pulse_responses=0, satisfied=0))


def test_monthly_members_uses_month_end_stock():
    weeks = _weeks(n=9, start=1000, weekly=0.02)  # weeks from 1 Jan: 5 in January, 4 in February
    months = cm.monthly_members(weeks)
    assert months["weeks"].tolist() == [5, 4]
    assert months["start_members"].tolist() == [1000, weeks["members"].iloc[4]]
    assert months["end_members"].tolist() == [weeks["members"].iloc[4], weeks["members"].iloc[8]]
    assert months["growth"].iloc[0] == pytest.approx(weeks["members"].iloc[4] / 1000 - 1)
    assert months["left_members"].tolist() == [50, 40]


def test_health_uses_ratios_of_sums_and_a_wilson_interval():
    weeks = _weeks(n=4).assign(posts=[1, 10, 10, 10], comments=[100, 100, 100, 100],
                               pulse_responses=[100, 100, 100, 100], satisfied=[90, 70, 80, 80])
    table = cm.health(weeks).set_index("metric")
    assert table.loc["comments_per_post", "actual"] == pytest.approx(400 / 31)   # not mean of ratios (32.5)
    assert table.loc["satisfaction_share", "actual"] == pytest.approx(0.8)
    assert table.loc["satisfaction_share", "ci_low"] < 0.8 < table.loc["satisfaction_share", "ci_high"]
    assert np.isnan(table.loc["comments_per_post", "ci_low"])
    assert table.loc["weekly_active_share", "actual"] == pytest.approx(
        (weeks["members"] // 2).sum() / weeks["members"].sum())
    assert table["met"].tolist() == [False, False, False, True]
    assert table.loc["satisfaction_share", "weeks_met"] == 0.75
    assert table.loc["comments_per_post", "weeks_met"] == 0.25


def test_weekly_health_gives_monthly_equivalent_growth_and_handles_a_week_without_posts():
    weeks = _weeks(n=3, weekly=0.02).assign(posts=[10, 0, 10])
    w = cm.weekly_health(weeks, days_per_month=28)
    assert w["members_growth_per_month"].round(3).tolist() == pytest.approx([1.02 ** 4 - 1] * 3, abs=2e-3)
    assert np.isnan(w["comments_per_post"].iloc[1])


@pytest.mark.parametrize("seed, market", [(2024, "cn"), (7, "global")])
def test_verdicts_on_the_simulated_community_match_the_truth(seed, market):
    weeks = data.load("community", seed=seed, market=market)
    truth = data.truth(seed, market).community
    assert dict(truth.targets) == cm.SOURCE_TARGETS
    table = cm.health(weeks, targets=dict(truth.targets)).set_index("metric")
    # true rates: growth 0.06 (minus a crisis dent) < 0.10; active 0.55 >= 0.5; comments 14 < 20; satisfied 0.84
    assert 0.04 < table.loc["members_growth_per_month", "actual"] < truth.monthly_growth
    assert table.loc["weekly_active_share", "actual"] == pytest.approx(truth.active_share, abs=0.02)
    assert table.loc["comments_per_post", "actual"] == pytest.approx(truth.comments_per_post, rel=0.05)
    assert table["met"].tolist() == [False, True, False, True]


def test_bad_input_messages_name_the_problem():
    weeks = _weeks()
    with pytest.raises(TypeError, match="community must be a pandas DataFrame"):
        cm.health({"members": [1]})
    with pytest.raises(ValueError, match="community is empty"):
        cm.health(weeks.iloc[:0])
    with pytest.raises(ValueError, match=r"no column\(s\) \['satisfied'\]"):
        cm.health(weeks.drop(columns="satisfied"))
    with pytest.raises(TypeError, match="'week_start' of community must hold datetimes"):
        cm.average_monthly_growth(weeks.assign(week_start="2025-01-01"))
    with pytest.raises(ValueError, match="one row per week, sorted"):
        cm.monthly_members(weeks.iloc[::-1])
    with pytest.raises(ValueError, match="'posts' of community must hold counts"):
        cm.weekly_health(weeks.assign(posts=-1))
    with pytest.raises(ValueError, match="days_per_month must be a number of days"):
        cm.average_monthly_growth(weeks, days_per_month=0)
    with pytest.raises(ValueError, match="stock before each week"):
        cm.average_monthly_growth(weeks.assign(new_members=weeks["members"] + 10))
    with pytest.raises(ValueError, match="unknown: \\['growth'\\]"):
        cm.health(weeks, targets={**cm.SOURCE_TARGETS, "growth": 0.1})
    with pytest.raises(ValueError, match="missing: \\['comments_per_post'\\]"):
        cm.health(weeks, targets={k: v for k, v in cm.SOURCE_TARGETS.items() if k != "comments_per_post"})
    with pytest.raises(ValueError, match="at least one week with members, posts and pulse_responses"):
        cm.health(weeks.assign(posts=0))
