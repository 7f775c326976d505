"""course_lib.growth: follower growth, event windows, user layers and the portrait."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from course_lib import data, growth, kpi

CASES = [(2024, "cn"), (7, "global")]


def _toy() -> pd.DataFrame:
    """Two platforms, three days across a month boundary; followers at the end of each day."""
    return pd.DataFrame({
        "date": pd.to_datetime(["2025-01-30", "2025-01-31", "2025-02-01"] * 2),
        "platform": ["a"] * 3 + ["b"] * 3,
        "followers": [1010, 1015, 1005, 495, 490, 500],
        "follows": [20, 10, 0, 0, 0, 15],
        "unfollows": [10, 5, 10, 5, 5, 5],
    })


@pytest.fixture(scope="module", params=CASES, ids=[f"{s}-{m}" for s, m in CASES])
def case(request):
    seed, market = request.param
    return {"daily": data.load("daily_metrics", seed=seed, market=market),
            "campaigns": data.load("campaigns", seed=seed, market=market),
            "users": data.load("users", seed=seed, market=market),
            "truth": data.truth(seed, market), "start": data.scenario(seed, market).start_ts,
            "end": data.scenario(seed, market).end}


# --- growth_table ---------------------------------------------------------------------------

def test_growth_table_known_answer():
    t = growth.growth_table(_toy(), freq="M")
    a_jan = t[(t["platform"] == "a") & (t["period"] == "2025-01-01")].iloc[0]
    # start = 1010 - 20 + 10 = 1000; Jan: follows 30, unfollows 15, end 1015
    assert (a_jan["followers_start"], a_jan["follows"], a_jan["unfollows"], a_jan["net_growth"],
            a_jan["followers_end"], a_jan["days"]) == (1000, 30, 15, 15, 1015, 2)
    assert a_jan["growth_rate"] == pytest.approx(0.015)
    assert a_jan["churn_rate"] == pytest.approx(0.015)
    b_feb = t[(t["platform"] == "b") & (t["period"] == "2025-02-01")].iloc[0]
    assert b_feb["followers_start"] == 490 and b_feb["growth_rate"] == pytest.approx(10 / 490)


def test_growth_table_clips_an_impossible_start_at_zero():
    """An export whose follows exceed the followers gives a negative start: clipped, as in kpi."""
    d = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02"]), "platform": "a",
                      "followers": [5, 6], "follows": [20, 1], "unfollows": [0, 0]})
    t = growth.growth_table(d, freq="Y").iloc[0]
    assert t["followers_start"] == 0 and np.isnan(t["growth_rate"])


def test_growth_table_needs_every_account_on_the_first_day():
    """Pooled accounts: one that starts later would add follows without its starting stock."""
    late = _toy().drop(index=3)      # platform b has no row on 30 Jan
    with pytest.raises(ValueError, match="first day"):
        growth.growth_table(late, freq="M", by=None)
    # kept apart, b's January simply starts on 31 Jan
    t = growth.growth_table(late, freq="M")
    b_jan = t[(t["platform"] == "b") & (t["period"] == "2025-01-01")].iloc[0]
    assert b_jan["followers_start"] == 490 - 0 + 5 and b_jan["days"] == 1


def test_growth_table_total_adds_platforms():
    t = growth.growth_table(_toy(), freq="Y", by=None).iloc[0]
    assert t["followers_start"] == 1000 + 500
    assert t["net_growth"] == (30 - 25) + (15 - 15)
    assert t["growth_rate"] == pytest.approx(5 / 1500)


def test_growth_table_matches_kpi_and_accounting(case):
    daily = case["daily"]
    t = growth.growth_table(daily, freq="Y")
    g = kpi.follower_growth_rate(daily, aggregate="period", by="platform")
    c = kpi.churn_rate(daily, aggregate="period", by="platform")
    assert np.allclose(t.set_index("platform")["growth_rate"], g)
    assert np.allclose(t.set_index("platform")["churn_rate"], c)
    m = growth.growth_table(daily, freq="M")
    # stock and flow: end = start + net, and the next period starts where this one ended
    assert (m["followers_end"] == m["followers_start"] + m["net_growth"]).all()
    for _, part in m.groupby("platform"):
        assert (part["followers_start"].iloc[1:].to_numpy() == part["followers_end"].iloc[:-1].to_numpy()).all()
    assert m["days"].sum() == len(daily)


def test_weekly_periods_keep_partial_weeks(case):
    w = growth.growth_table(case["daily"], freq="W", by=None)
    assert w["days"].sum() == case["daily"]["date"].nunique()
    assert w["days"].max() == 7 and w["days"].iloc[0] <= 7


def test_crisis_months_lose_followers(case):
    """The truth's crisis (unfollows x5, follows -40 %) makes its months the worst of the year."""
    m = growth.growth_table(case["daily"], freq="M", by=None)
    start = case["start"] + pd.Timedelta(days=case["truth"].crisis.start_day)
    worst = m.loc[m["net_growth"].idxmin(), "period"]
    assert worst in (start.to_period("M").start_time, (start + pd.Timedelta(days=20)).to_period("M").start_time)
    assert m["churn_rate"].idxmax() == m["net_growth"].idxmin()


@pytest.mark.parametrize("kwargs, error, match", [
    ({"freq": "fortnight"}, ValueError, "freq='fortnight' is not allowed"),
    ({"by": "channel"}, ValueError, r"no column\(s\) \['channel'\]"),
    ({"followers": "fans"}, ValueError, "fans"),
])
def test_growth_table_bad_options(kwargs, error, match):
    with pytest.raises(error, match=match):
        growth.growth_table(_toy(), **kwargs)


def test_growth_table_bad_frames():
    with pytest.raises(TypeError, match="daily must be a pandas DataFrame"):
        growth.growth_table([1, 2])
    with pytest.raises(ValueError, match="daily is empty"):
        growth.growth_table(_toy().iloc[:0])
    with pytest.raises(TypeError, match="must hold dates"):
        growth.growth_table(_toy().assign(date="2025-01-01"))
    with pytest.raises(TypeError, match="must be numeric"):
        growth.growth_table(_toy().assign(follows="many"))
    with pytest.raises(ValueError, match="negative"):
        growth.growth_table(_toy().assign(follows=-1))


# --- event windows ----------------------------------------------------------------------------

def test_event_windows_follow_the_truth(case):
    w = growth.event_windows(case["campaigns"], case["truth"], period_start=case["start"])
    cr = case["truth"].crisis
    row = w.set_index("event").loc["crisis"]
    assert row["start"] == case["start"] + pd.Timedelta(days=cr.start_day)
    assert (row["end"] - row["start"]).days + 1 == cr.peak_days + cr.recovery_days
    assert (row["peak_end"] - row["start"]).days + 1 == cr.peak_days
    camp = w[w["kind"] == "campaign"].set_index("event")
    assert list(camp.index) == sorted(case["campaigns"]["campaign_id"])
    for c in case["truth"].campaigns:
        assert camp.loc[c.campaign_id, "start"] == case["start"] + pd.Timedelta(days=c.start_day)
        assert camp.loc[c.campaign_id, "platforms"] == tuple(c.platforms)
    assert w["start"].is_monotonic_increasing


def test_event_windows_strip_spaces_in_platforms():
    c = pd.DataFrame({"campaign_id": ["CA01"], "name": ["Launch"], "platforms": ["a; b ;"],
                      "start_date": pd.to_datetime(["2025-03-01"]), "end_date": pd.to_datetime(["2025-03-21"])})
    t = SimpleNamespace(crisis=SimpleNamespace(start_day=10, peak_days=2, recovery_days=3))
    w = growth.event_windows(c, t, period_start="2025-01-01").set_index("event")
    assert w.loc["CA01", "platforms"] == ("a", "b") and w.loc["crisis", "platforms"] == ("a", "b")


def test_event_windows_bad_input(case):
    with pytest.raises(TypeError, match="truth must be data.truth"):
        growth.event_windows(case["campaigns"], object(), period_start=case["start"])
    with pytest.raises(ValueError, match="start_date"):
        growth.event_windows(case["campaigns"].drop(columns="start_date"), case["truth"],
                             period_start=case["start"])
    with pytest.raises(TypeError, match="period_start must be a date"):
        growth.event_windows(case["campaigns"], case["truth"], period_start="someday")


def test_window_change_known_answer():
    d = pd.DataFrame({"date": list(pd.date_range("2025-01-01", periods=4)) * 2,
                      "platform": ["a"] * 4 + ["b"] * 4,
                      "follows": [10, 10, 4, 4, 5, 5, 5, 5], "unfollows": [2, 2, 6, 6, 1, 1, 1, 1]})
    w = pd.DataFrame({"event": ["E"], "kind": ["campaign"], "platforms": ["a"],
                      "start": pd.to_datetime(["2025-01-03"]), "end": pd.to_datetime(["2025-01-04"])})
    r = growth.window_change(d, w, baseline_days=2).iloc[0]   # platform b is not in the window
    assert (r["net_before"], r["net_during"], r["net_change"]) == (8.0, -2.0, -10.0)
    assert (r["days"], r["baseline_days"], r["platforms"]) == (2, 2, 1)


def test_window_change_sees_the_crisis_and_campaign_lifts(case):
    w = growth.event_windows(case["campaigns"], case["truth"], period_start=case["start"],
                             platforms=sorted(case["daily"]["platform"].unique()))
    ch = growth.window_change(case["daily"], w).set_index("event")
    cr = ch.loc["crisis"]
    assert cr["net_before"] > 0 > cr["net_during"]
    # truth: unfollows x(1 + 4 x intensity), follows x(1 - 0.4 x intensity) -> averaged over the window
    assert 2 < cr["unfollows_during"] / cr["unfollows_before"] < 5
    assert 0.6 < cr["follows_during"] / cr["follows_before"] < 1
    first = case["truth"].campaigns[0]   # the spring launch: the largest follows lift, before the peak season
    assert ch.loc[first.campaign_id, "follows_during"] > ch.loc[first.campaign_id, "follows_before"]


def test_window_change_bad_input(case):
    w = growth.event_windows(case["campaigns"], case["truth"], period_start=case["start"])
    with pytest.raises(ValueError, match="baseline_days must be a whole number"):
        growth.window_change(case["daily"], w, baseline_days=0)
    with pytest.raises(ValueError, match="windows has no column"):
        growth.window_change(case["daily"], w.drop(columns="platforms"))


def _windows() -> pd.DataFrame:
    return pd.DataFrame({
        "event": ["CA01", "crisis", "CA03", "CA04"], "kind": ["campaign", "crisis", "campaign", "campaign"],
        "start": pd.to_datetime(["2025-06-01", "2025-07-01", "2025-07-20", "2025-09-01"]),
        "end": pd.to_datetime(["2025-06-20", "2025-07-10", "2025-07-31", "2025-09-10"]),
        "platforms": [("a", "b"), ("a", "b", "c"), "c", ("b",)]})


def test_baseline_overlaps_known_answer():
    o = growth.baseline_overlaps(_windows(), baseline_days=28)
    pairs = set(zip(o["event"], o["other"]))
    # crisis: baseline 3 Jun-30 Jun holds CA01 (3-20 Jun, a and b); CA03: 22 Jun-19 Jul holds the crisis on c
    # CA04: baseline 4-31 Aug holds nothing; CA01's baseline holds nothing
    assert pairs == {("crisis", "CA01"), ("CA03", "crisis")}
    row = o.set_index(["event", "other"]).loc[("crisis", "CA01")]
    assert row["overlap_days"] == 18 and row["platforms"] == ("a", "b")
    assert row["overlap_start"] == pd.Timestamp("2025-06-03") and row["other_kind"] == "campaign"
    assert o.set_index(["event", "other"]).loc[("CA03", "crisis"), "platforms"] == ("c",)
    # a longer baseline reaches further back; an overlap on no shared platform does not count
    longer = growth.baseline_overlaps(_windows(), baseline_days=60)
    assert ("CA04", "CA03") not in set(zip(longer["event"], longer["other"]))     # c vs b
    assert ("CA04", "crisis") in set(zip(longer["event"], longer["other"]))
    none = growth.baseline_overlaps(_windows(), baseline_days=1)
    assert none.empty and list(none.columns) == list(o.columns)


def test_baseline_overlaps_on_course_data(case):
    """The campaign that starts within 28 days after the crisis ends has the crisis in its baseline."""
    w = growth.event_windows(case["campaigns"], case["truth"], period_start=case["start"],
                             platforms=sorted(case["daily"]["platform"].unique()))
    o = growth.baseline_overlaps(w, baseline_days=28)
    cr = w.set_index("event").loc["crisis"]
    expect = set(w.loc[(w["kind"] == "campaign") & (w["start"] > cr["start"])
                       & (w["start"] - pd.Timedelta(days=28) <= cr["end"]), "event"])
    assert expect <= set(o.loc[o["other"] == "crisis", "event"])
    assert len(expect) >= 1
    assert (o["overlap_days"] >= 1).all() and (o["overlap_days"] <= 28).all()


def test_baseline_overlaps_bad_input():
    with pytest.raises(ValueError, match="baseline_days must be a whole number"):
        growth.baseline_overlaps(_windows(), baseline_days=0)
    with pytest.raises(ValueError, match="windows has no column"):
        growth.baseline_overlaps(_windows().drop(columns="kind"))
    with pytest.raises(ValueError, match="ends before it starts"):
        growth.baseline_overlaps(_windows().assign(end=pd.Timestamp("2025-01-01")))
    with pytest.raises(TypeError, match="must hold dates"):
        growth.baseline_overlaps(_windows().assign(start="2025-06-01"))
    with pytest.raises(ValueError, match="windows is empty"):
        growth.baseline_overlaps(_windows().iloc[:0])


# --- users -----------------------------------------------------------------------------------

def test_user_status_known_answer():
    u = pd.DataFrame({"signup_date": pd.to_datetime(["2024-05-01", "2025-01-01", "2025-03-01"]),
                      "last_active_date": pd.to_datetime(["2025-12-02", "2025-12-01", "2025-06-01"])})
    s = growth.user_status(u, period_start="2025-01-01", period_end="2025-12-31", active_days=30)
    assert s["cohort"].tolist() == ["existing", "new", "new"]
    assert s["activity"].tolist() == ["active", "inactive", "inactive"]  # 2 Dec is day 30 back, 1 Dec is not


def test_user_status_matches_the_simulator(case):
    s = growth.user_status(case["users"], period_start=case["start"], period_end=case["end"])
    # users.md: 30 % of users sign up inside the period
    assert (s["cohort"] == "new").mean() == pytest.approx(0.30, abs=0.02)


def test_user_status_bad_input(case):
    with pytest.raises(ValueError, match="active_days"):
        growth.user_status(case["users"], period_start=case["start"], period_end=case["end"], active_days=0)
    with pytest.raises(ValueError, match="before period_start"):
        growth.user_status(case["users"], period_start=case["end"], period_end=case["start"])
    with pytest.raises(ValueError, match="signup_date"):
        growth.user_status(case["users"].drop(columns="signup_date"), period_start=case["start"],
                           period_end=case["end"])


def test_portrait_known_answer_and_groups():
    u = pd.DataFrame({"g": ["x", "x", "y", "y"], "age": ["18-24", "25-34", "18-24", None],
                      "interests": ["tea;food", "tea", "food;food", ""]})
    p = growth.portrait(u, columns=["age"], multi=["interests"], by="g")
    x = p[p["g"] == "x"].set_index(["attribute", "value"])["share"]
    assert x[("age", "18-24")] == 0.5 and x[("interests", "tea")] == 1.0
    y = p[p["g"] == "y"].set_index(["attribute", "value"])["users"]
    assert y[("age", "(missing)")] == 1
    assert y[("interests", "food")] == 1       # counted once per user
    assert ("interests", "") not in y.index


def test_portrait_shares_on_course_data(case):
    users = case["users"]
    p = growth.portrait(users, columns=["age_band", "gender", "preferred_platform"], multi=["interests"])
    single = p[p["attribute"] != "interests"].groupby("attribute")["share"].sum()
    assert np.allclose(single, 1.0)
    assert p[p["attribute"] == "interests"]["share"].sum() > 1   # several interests per user
    assert set(p[p["attribute"] == "preferred_platform"]["value"]) == set(users["preferred_platform"])


def test_portrait_bad_input(case):
    with pytest.raises(ValueError, match="at least one attribute"):
        growth.portrait(case["users"], columns=[])
    with pytest.raises(ValueError, match="also in by="):
        growth.portrait(case["users"], columns=["gender"], by="gender")
    with pytest.raises(ValueError, match="income"):
        growth.portrait(case["users"], columns=["income"])
    with pytest.raises(TypeError, match="users must be a pandas DataFrame"):
        growth.portrait(None)

