"""course_lib.evaluation_memo: known answers, the case presets' truth, bad input, the memo."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import cases
from course_lib import evaluation_memo as em
from course_lib import experiments as exp

RUNS = [(2024, "cn"), (7, "global")]
CASES = ["ecommerce", "fmcg", "short_video"]


# ------------------------------------------------------------------ known answers
def _camps(**kw):
    base = {"campaign_id": ["C1", "C2"], "name": ["a", "b"], "kind": ["online", "online"],
            "platforms": ["x;y", "z"], "start_date": pd.to_datetime(["2025-03-01", "2025-05-01"]),
            "end_date": pd.to_datetime(["2025-03-20", "2025-05-20"]), "budget": [100.0, 80.0]}
    base.update(kw)
    return pd.DataFrame(base)


def test_pick_campaign_budget_per_platform_and_kind():
    assert em.pick_campaign(_camps())["campaign_id"] == "C2"
    assert em.pick_campaign(_camps(budget=[200.0, 80.0]))["campaign_id"] == "C1"  # 100 per platform
    assert em.pick_campaign(_camps(kind=["online", "offline"]))["campaign_id"] == "C1"
    tie = em.pick_campaign(_camps(budget=[160.0, 80.0]))
    assert tie["campaign_id"] == "C1" and tie["budget_per_platform"] == 80.0  # earlier start wins


def test_clean_controls_skip_platforms_busy_in_the_pre_period():
    daily = pd.DataFrame({"platform": ["x", "y", "z", "w"]})
    camps = _camps(start_date=pd.to_datetime(["2025-03-01", "2025-02-10"]),
                   end_date=pd.to_datetime(["2025-03-20", "2025-02-15"]))
    assert em.clean_controls(daily, camps, campaign="C1") == ["w"]
    assert em.clean_controls(daily, camps, campaign="C1", pre_days=7) == ["z", "w"]


def test_survey_change_is_a_welch_difference():
    s = pd.DataFrame({"date": pd.to_datetime(["2025-01-01"] * 4 + ["2025-01-10"] * 4),
                      "platform": "a", "satisfaction": [3, 4, 3, 4, 4, 5, 4, 5]})
    r = em.survey_change(s, platforms="a", start="2025-01-10", end="2025-01-10", pre_days=10).iloc[0]
    assert r["estimate"] == pytest.approx(1.0)
    from scipy import stats

    half = stats.t.ppf(0.975, 6) * np.sqrt(2 * np.var([3, 4, 3, 4], ddof=1) / 4)
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((1 - half, 1 + half))


def test_self_selected_mean_weights_by_interactions():
    u = pd.DataFrame({"user_id": ["a", "b", "c"], "likes": [3, 1, 0], "comments": [1, 0, 0]})
    s = pd.DataFrame({"user_id": ["a", "b", "c"], "segment": ["x", "y", "y"], "satisfaction": [5, 1, 3]})
    out = em.self_selected_mean(s, u, activity=["likes", "comments"]).set_index("segment")
    assert out.loc["all", "mean_random"] == pytest.approx(3.0)
    assert out.loc["all", "mean_self_selected"] == pytest.approx((5 * 4 + 1 * 1) / 5)
    assert out.loc["x", "share_self_selected"] == pytest.approx(0.8)
    fans = em.self_selected_mean(s, u, activity="satisfaction").set_index("segment")
    assert fans.loc["all", "mean_self_selected"] == pytest.approx((25 + 1 + 9) / 9)


def test_attribution_and_mention_lift_known_answers():
    days = pd.date_range("2025-01-01", periods=40)
    daily = pd.DataFrame({"date": days.repeat(2), "platform": ["t", "c"] * 40,
                          "conversions": np.ravel([[100, 50]] * 30 + [[200, 50]] * 10)})
    posts = pd.DataFrame({"campaign_id": pd.Series(["C1", None], dtype="str"),
                          "conversions": [2000, 7], "revenue": [10.0, 1.0]})
    camps = pd.DataFrame({"campaign_id": ["C1"], "platforms": ["t"],
                          "start_date": ["2025-01-31"], "end_date": ["2025-02-09"]})
    r = em.attribution(posts, daily, camps, campaign="C1", control="c").iloc[0]
    assert (r["attributed"], r["lift"], r["incremental_share"], r["incremental"]) == pytest.approx(
        (2000, 1.0, 0.5, 1000.0))
    weeks = pd.date_range("2025-01-01", periods=10, freq="7D")
    comp = pd.DataFrame({"week_start": weeks.repeat(2), "is_brand": [True, False] * 10,
                         "mentions": np.ravel(np.column_stack([[100] * 7 + [150] * 3, [300] * 10]))})
    camps = pd.DataFrame({"campaign_id": ["C1"], "platforms": ["a"], "start_date": [weeks[7]],
                          "end_date": [weeks[9] + pd.Timedelta(days=6)]})
    m = em.mention_lift(comp, camps, campaign="C1", before_weeks=7).iloc[0]
    assert (m["estimate"], m["sov_before"], m["sov_during"]) == pytest.approx((0.5, 0.25, 1 / 3))


# ------------------------------------------------------------------ the presets' truth
def _tables(case, seed, market):
    return {t: cases.load(t, case, seed=seed, market=market)
            for t in ("daily_metrics", "campaigns", "posts", "competitors")}


@pytest.mark.parametrize("seed, market", RUNS)
@pytest.mark.parametrize("case", CASES)
def test_methods_against_the_truth(case, seed, market):
    t = _tables(case, seed, market)
    d, camps = t["daily_metrics"], t["campaigns"]
    c = em.pick_campaign(camps)
    if case == "fmcg":
        assert c["campaign_id"] == "CA05"  # the quiz weeks: the case's own campaign
    truth = {x.campaign_id: x for x in cases.bundle(case, seed, market).truth.campaigns}[c["campaign_id"]]
    ctrl = em.clean_controls(d, camps, campaign=c["campaign_id"])
    assert not set(ctrl) & set(c["platforms"].split(";"))
    kw = dict(metric="follows", treated=c["platforms"], start=c["start_date"], end=c["end_date"])
    did = exp.diff_in_diff(d, control=ctrl, **kw).iloc[0]
    naive = exp.before_after(d, **kw).iloc[0]
    assert did["ci_low"] <= truth.follows_lift <= did["ci_high"]
    assert abs(did["estimate"] - truth.follows_lift) < abs(naive["estimate"] - truth.follows_lift)
    # orders: the true multiplier is (1 + engagement lift) x (1 + conversion-per-click lift)
    att = em.attribution(t["posts"], d, camps, campaign=c["campaign_id"], control=ctrl).iloc[0]
    true_mult = (1 + truth.engagement_lift) * (1 + truth.conversion_lift)
    assert att["lift_low"] <= true_mult - 1 <= att["lift_high"]
    assert att["incremental"] < att["attributed"]
    # mentions: the simulator adds half of the mentions in a full campaign week
    ml = em.mention_lift(t["competitors"], camps, campaign=c["campaign_id"]).iloc[0]
    assert ml["ci_low"] <= 0.5 * 4 / 7 <= ml["ci_high"] or ml["ci_low"] <= 0.5 <= ml["ci_high"]
    assert ml["sov_during"] > ml["sov_before"]


@pytest.mark.parametrize("seed, market", RUNS)
def test_random_survey_respondents_look_like_all_users(seed, market):
    survey = cases.load("survey", "fmcg", seed=seed, market=market)
    users = cases.load("users", "fmcg", seed=seed, market=market)
    gap = em.respondents_vs_users(survey, users, columns=["orders"]).iloc[0]
    assert gap["ci_low"] <= 0 <= gap["ci_high"]  # the course's survey is a random sample
    fans = em.self_selected_mean(survey, users, activity="satisfaction").iloc[-1]
    assert fans["mean_self_selected"] > fans["mean_random"] + 0.1  # fans answering biases upwards


# ------------------------------------------------------------------ bad input
def test_bad_input_errors_name_the_problem():
    with pytest.raises(ValueError, match="kind: no 'hybrid' campaign"):
        em.pick_campaign(_camps(), kind="hybrid")
    with pytest.raises(ValueError, match=r"campaigns has no column\(s\) \['budget'\]"):
        em.pick_campaign(_camps().drop(columns="budget"))
    with pytest.raises(TypeError, match="campaigns must be a pandas DataFrame"):
        em.pick_campaign([1, 2])
    with pytest.raises(ValueError, match="campaign: 'C9' matches 0 row"):
        em.clean_controls(pd.DataFrame({"platform": ["x"]}), _camps(), campaign="C9")
    with pytest.raises(ValueError, match="no clean control platform"):
        em.clean_controls(pd.DataFrame({"platform": ["x", "y"]}), _camps(), campaign="C1")
    with pytest.raises(ValueError, match="pre_days: must be a whole number"):
        em.clean_controls(pd.DataFrame({"platform": ["w"]}), _camps(), campaign="C1", pre_days=0)
    s = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-10"]), "platform": "a",
                      "satisfaction": [3, 4]})
    with pytest.raises(ValueError, match="at least 2 are needed"):
        em.survey_change(s, platforms="a", start="2025-01-10", end="2025-01-10")
    with pytest.raises(ValueError, match="end: 2025-01-01 is before start"):
        em.survey_change(s, platforms="a", start="2025-01-10", end="2025-01-01")
    with pytest.raises(ValueError, match="alpha: must be between 0 and 1"):
        em.survey_change(s, platforms="a", start="2025-01-10", end="2025-01-10", alpha=5)
    with pytest.raises(ValueError, match="survey is empty"):
        em.respondents_vs_users(s.iloc[:0], pd.DataFrame({"user_id": ["a"], "orders": [1]}))
    with pytest.raises(ValueError, match="activity"):
        em.self_selected_mean(pd.DataFrame({"user_id": ["a"], "segment": ["x"], "satisfaction": [3]}),
                              pd.DataFrame({"user_id": ["a"]}), activity=["likes"])
    with pytest.raises(ValueError, match="no post in posts is tagged 'C1'"):
        em.attribution(pd.DataFrame({"campaign_id": pd.Series([None], dtype="str"), "conversions": [1],
                                     "revenue": [1.0]}), pd.DataFrame({"date": [], "platform": []}),
                       _camps(), campaign="C1", control="w")
    with pytest.raises(ValueError, match="unit: unknown unit 'pct'"):
        em.fmt_value(0.1, "pct")


# ------------------------------------------------------------------ the memo
def _findings():
    return pd.DataFrame({
        "method": ["before/after", "DiD", "survey", "last touch"],
        "measure": ["daily follows", "daily follows", "satisfaction", "orders tagged"],
        "estimate": [0.8, 0.5, -0.1, 151.0], "ci_low": [0.6, 0.4, -0.5, np.nan],
        "ci_high": [1.0, 0.6, 0.3, np.nan], "unit": ["relative", "relative", "points", "count"],
        "verdict": ["do not use", "trust", "use with care", "do not use"],
        "reason": ["the controls moved too.", "controls take out the season.", "few respondents.",
                   "counts every order."]})


def test_memo_content_follows_the_findings():
    memo = em.build_memo(_findings(), case_title="Case X", campaign="Quiz (CA05)", brand="Fizzo")
    assert memo.startswith("### Evaluation memo: Quiz (CA05) · Case X\n")
    assert ("By the most reliable method (DiD), Fizzo's campaign raised daily follows: +50% "
            "(95% interval +40% to +60%).") in memo
    for heading in ("**Evidence by method**", "**What we trust and why**", "**Caveats**", "**Next steps**"):
        assert heading in memo
    assert "- DiD: controls take out the season." in memo
    assert "- survey (use with care): few respondents." in memo
    assert "151 (no interval" in memo and "-0.10 points (95% interval -0.50 points to +0.30 points)" in memo
    assert "Satisfaction (survey): the 95% interval is 0.80 points wide and includes no change" in memo
    # nothing trusted: the headline falls back to the best usable finding, and says so
    f = _findings().assign(verdict=["do not use", "use with care", "use with care", "do not use"])
    memo2 = em.build_memo(f, case_title="C", campaign="K")
    assert "By the most reliable method (DiD), the campaign raised daily follows" in memo2
    assert "No method earns full trust" in memo2
    none = em.build_memo(f.assign(verdict="do not use"), case_title="C", campaign="K")
    assert "None of the 4 methods gives an estimate we can use" in none
    # numbers move with the findings
    assert "+70%" in em.build_memo(_findings().assign(estimate=[0.8, 0.7, -0.1, 151.0],
                                                      ci_high=[1.0, 0.9, 0.3, np.nan]),
                                   case_title="C", campaign="K")


def test_memo_next_steps_fit_the_method_and_carry_units():
    f = pd.DataFrame({
        "method": ["survey", "conversion analysis, DiD", "competitor comparison", "DiD"],
        "measure": ["satisfaction", "orders added", "brand mentions relative to competitors",
                    "daily follows"],
        "estimate": [0.1, 45.0, 0.05, 0.1], "ci_low": [-0.3, -20.0, -0.1, -0.05],
        "ci_high": [0.5, 149.0, 0.2, 0.3], "unit": ["points", "count", "relative", "relative"],
        "verdict": ["use with care"] * 4, "reason": ["r."] * 4})
    steps = em.build_memo(f, case_title="C", campaign="K").split("**Next steps**")[1]
    lines = [s for s in steps.splitlines() if s.strip()]
    assert "0.80 points wide" in lines[0] and "more respondents" in lines[0]
    assert "169 orders wide" in lines[1] and "more orders" in lines[1]
    assert "30 percentage points wide" in lines[2] and "campaign-free weeks" in lines[2]
    assert "35 percentage points wide" in lines[3] and "control platforms" in lines[3]
    assert all("respondents" not in s for s in lines[1:])


def test_memo_is_deterministic():
    a = em.build_memo(_findings(), case_title="C", campaign="K")
    assert a == em.build_memo(_findings().copy(), case_title="C", campaign="K")


@pytest.mark.parametrize("change, message", [
    (lambda f: f.drop(columns="verdict"), r"findings has no column\(s\) \['verdict'\]"),
    (lambda f: f.iloc[:0], "findings is empty"),
    (lambda f: f.assign(unit="percent"), "unknown unit"),
    (lambda f: f.assign(verdict="maybe"), "unknown verdict"),
    (lambda f: f.assign(estimate=["x", 0.5, 0.1, 1.0]), "needs a number in every row"),
    (lambda f: f.assign(ci_low=[0.9, 0.4, -0.5, np.nan]), "ci_low <= estimate <= ci_high"),
    (lambda f: f.assign(ci_high=[1.0, 0.6, 0.3, 200.0]), "ci_low <= estimate <= ci_high"),
])
def test_memo_rejects_bad_findings(change, message):
    with pytest.raises(ValueError, match=message):
        em.build_memo(change(_findings()), case_title="C", campaign="K")


def test_memo_rejects_bad_titles_and_level():
    with pytest.raises(ValueError, match="case_title: give a non-empty title"):
        em.build_memo(_findings(), case_title=" ", campaign="K")
    with pytest.raises(ValueError, match="level: must be between 0 and 1"):
        em.build_memo(_findings(), case_title="C", campaign="K", level=95)
    with pytest.raises(TypeError, match="findings must be a pandas DataFrame"):
        em.build_memo([1], case_title="C", campaign="K")


def test_next_steps_depend_on_the_verdict():
    f = _findings().assign(ci_low=[0.6, 0.4, 0.1, np.nan], estimate=[0.8, 0.5, 0.2, 151.0])
    memo = em.build_memo(f, case_title="C", campaign="K")
    assert "Daily follows (DiD): keep it in the scorecard and plan a holdout" in memo
    assert "Satisfaction (survey): the interval excludes no change, but the caveat above applies" in memo
    assert "Daily follows (before/after): stop reporting it as the campaign's effect" in memo
