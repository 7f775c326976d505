"""Exercises of ``04_3_experiments_causal``: orders per person in an A/B test, the days a
test needs, a campaign's DiD lift with a shorter pre-period.

None of the answers is shown in the lesson before its exercise: the lesson's tables
give the CTR and orders-per-click lifts, sample sizes for other lifts and the DiD
estimates with a 28-day pre-period.
"""
from __future__ import annotations

import pandas as pd

from .. import data
from .. import experiments as ex
from ..checks import Exercise, Mistake, register

NOTEBOOK = "04_3_experiments_causal"

#: The A/B test of exercise 1 (orders per person exposed).
ORDERS_TEST = "T03"
#: The A/B test, relative CTR lift and power of exercise 2 (days the test needed).
POWER_TEST = "T04"
POWER_LIFT = 0.25
#: The campaign of exercise 3 and its (shorter) pre-period in days.
DID_CAMPAIGN = "CA04"
PRE_DAYS = 14


def _ab_context(SEED: int, MARKET: str) -> dict:
    return {"ab": data.load("ab_tests", seed=SEED, market=MARKET)}


def _did_context(SEED: int, MARKET: str) -> dict:
    return {"daily": data.load("daily_metrics", seed=SEED, market=MARKET),
            "campaigns": data.load("campaigns", seed=SEED, market=MARKET)}


# ---------------------------------------------------------------- exercise 1
def _arms(ab: pd.DataFrame, test: str) -> pd.DataFrame:
    """Pooled counts per variant (rows A, B) of one test."""
    return ab[ab["test_id"] == test].groupby("variant")[["exposed", "clicks", "conversions"]].sum()


def _lift(ab: pd.DataFrame, num: str, den: str) -> float:
    arms = _arms(ab, ORDERS_TEST)
    rate = arms[num] / arms[den]
    return float(rate["B"] / rate["A"] - 1)


def _orders_lift(ab: pd.DataFrame) -> float:
    return _lift(ab, "conversions", "exposed")


def _orders_per_click(ab: pd.DataFrame) -> float:
    return _lift(ab, "conversions", "clicks")


def _lifts_added(ab: pd.DataFrame) -> float:
    return _lift(ab, "clicks", "exposed") + _lift(ab, "conversions", "clicks")


def _orders_difference(ab: pd.DataFrame) -> float:
    arms = _arms(ab, ORDERS_TEST)
    rate = arms["conversions"] / arms["exposed"]
    return float(rate["B"] - rate["A"])


def _orders_daily_mean(ab: pd.DataFrame) -> float:
    t = ab[ab["test_id"] == ORDERS_TEST]
    daily = (t["conversions"] / t["exposed"]).groupby(t["variant"]).mean()
    return float(daily["B"] / daily["A"] - 1)


def _orders_reversed(ab: pd.DataFrame) -> float:
    arms = _arms(ab, ORDERS_TEST)
    rate = arms["conversions"] / arms["exposed"]
    return float(rate["A"] / rate["B"] - 1)


register(Exercise(
    key="exp.orders_lift",
    notebook=NOTEBOOK,
    variable="orders_lift",
    question=f"the relative lift of B over A in orders per person exposed in test {ORDERS_TEST}.",
    solve=_orders_lift,
    context=_ab_context,
    rtol=1e-4,
    hint=(f"Keep the rows of {ORDERS_TEST}, sum `conversions` and `exposed` per variant over all "
          "days, divide to get each variant's orders per person, then B's rate / A's rate - 1."),
    solution=f"""
t = ab[ab["test_id"] == "{ORDERS_TEST}"].groupby("variant")[["conversions", "exposed"]].sum()
orders_per_person = t["conversions"] / t["exposed"]
orders_lift = orders_per_person["B"] / orders_per_person["A"] - 1
""",
    mistakes=(
        Mistake(_orders_per_click,
                "that is the lift in orders per *click*. The question asks per person exposed: "
                "use `exposed` as the denominator, so a banner that also changes how many people "
                "click is counted in full."),
        Mistake(_lifts_added,
                "you added the CTR lift and the orders-per-click lift. Orders per person = CTR x "
                "orders per click, so the lifts multiply: (1 + a) x (1 + b) - 1. Simpler: compute "
                "orders / exposed per variant directly."),
        Mistake(_orders_difference,
                "that is the absolute difference of the two rates (orders per person, in "
                "proportion units). A lift is relative: divide B's rate by A's rate and subtract 1."),
        Mistake(_orders_daily_mean,
                "you averaged the daily rates, so a quiet day weighs as much as a busy one. Sum the "
                "counts over all days first (pooled counts), then divide."),
        Mistake(_orders_reversed,
                "the lift is upside down: it is B (the treatment) relative to A (the control), "
                "B / A - 1."),
    ),
))


# ---------------------------------------------------------------- exercise 2
def _baseline(ab: pd.DataFrame, variant: str = "A") -> float:
    arms = _arms(ab, POWER_TEST)
    return float(arms.loc[variant, "clicks"] / arms.loc[variant, "exposed"])


def _traffic_per_arm_per_day(ab: pd.DataFrame) -> float:
    t = ab[ab["test_id"] == POWER_TEST]
    return float(t["exposed"].sum() / t["variant"].nunique() / t["date"].nunique())


def _n(p_control: float, relative_lift: float, column: str = "n_per_arm", **kw) -> float:
    return float(ex.sample_size(p_control=p_control, relative_lift=relative_lift, **kw)[column].iloc[0])


def _days_needed(ab: pd.DataFrame) -> float:
    return _n(_baseline(ab), POWER_LIFT) / _traffic_per_arm_per_day(ab)


register(Exercise(
    key="exp.test_days",
    notebook=NOTEBOOK,
    variable="days_needed",
    question=(f"days test {POWER_TEST} needed at its traffic to detect a +{POWER_LIFT:.0%} relative "
              "CTR lift (two-sided alpha 0.05, power 0.8)."),
    solve=_days_needed,
    context=_ab_context,
    rtol=0.0,
    atol=1.0,  # whole days: rounding up (or not) is accepted
    hint=(f"Two steps. (1) People per arm: baseline = variant A's pooled CTR in {POWER_TEST}; "
          f"`experiments.sample_size(p_control=..., relative_lift={POWER_LIFT})`, read `n_per_arm`. "
          f"(2) Traffic: people exposed per arm per day in {POWER_TEST} (all exposures / 2 arms / "
          "days). Days = people per arm / people per arm per day."),
    solution=f"""
from course_lib import experiments

t = ab[ab["test_id"] == "{POWER_TEST}"]
a = t[t["variant"] == "A"]
baseline = a["clicks"].sum() / a["exposed"].sum()
n_per_arm = experiments.sample_size(p_control=baseline, relative_lift={POWER_LIFT})["n_per_arm"].item()
per_arm_per_day = t["exposed"].sum() / 2 / t["date"].nunique()
days_needed = int(np.ceil(n_per_arm / per_arm_per_day))
""",
    mistakes=(
        Mistake(lambda ab: _n(_baseline(ab), POWER_LIFT, "n_total") / _traffic_per_arm_per_day(ab),
                "you divided the people of *both* arms by the daily traffic of *one* arm. Use the "
                "people per arm (`n_per_arm`) with the traffic per arm, or both totals."),
        Mistake(lambda ab: _n(_baseline(ab), POWER_LIFT) / (2 * _traffic_per_arm_per_day(ab)),
                "you divided the people one arm needs by the traffic of both arms together. Each "
                "arm gets only half of the test's daily traffic."),
        Mistake(lambda ab: _n(_baseline(ab), POWER_LIFT, alternative="greater")
                / _traffic_per_arm_per_day(ab),
                "that is the length of a one-sided test. A one-sided test needs fewer people but "
                "only looks for a gain, and it must be decided before the test; the question asks "
                "for the usual two-sided test."),
        Mistake(lambda ab: _n(_baseline(ab), POWER_LIFT / _baseline(ab)) / _traffic_per_arm_per_day(ab),
                f"you treated {POWER_LIFT} as an absolute lift (+{POWER_LIFT * 100:.0f} percentage "
                "points), a huge effect that needs very few people. The lift is relative: the "
                f"treatment's CTR is baseline x (1 + {POWER_LIFT})."),
    ),
))


# ---------------------------------------------------------------- exercise 3
def _windows(daily: pd.DataFrame, campaigns: pd.DataFrame) -> dict[str, float]:
    """Mean daily follows of treated and control platforms before and during the campaign."""
    c = campaigns.set_index("campaign_id").loc[DID_CAMPAIGN]
    treated = c["platforms"].split(";")
    control = ex.control_platforms(daily, campaigns)
    pre = (daily["date"] >= c["start_date"] - pd.Timedelta(days=PRE_DAYS)) & (daily["date"] < c["start_date"])
    post = (daily["date"] >= c["start_date"]) & (daily["date"] <= c["end_date"])
    out = {}
    for name, plats in (("T", treated), ("C", control)):
        rows = daily["platform"].isin(plats)
        for w, mask in (("pre", pre), ("post", post)):
            out[f"{name}_{w}"] = daily.loc[rows & mask].groupby("date")["follows"].sum().mean()
    return out


def _did(daily: pd.DataFrame, campaigns: pd.DataFrame, pre_days: int) -> float:
    c = campaigns.set_index("campaign_id").loc[DID_CAMPAIGN]
    res = ex.diff_in_diff(daily, metric="follows", treated=c["platforms"],
                          control=ex.control_platforms(daily, campaigns),
                          start=c["start_date"], end=c["end_date"], pre_days=pre_days)
    return float(res["estimate"].iloc[0])


def _did_lift(daily: pd.DataFrame, campaigns: pd.DataFrame) -> float:
    return _did(daily, campaigns, PRE_DAYS)


def _naive(daily: pd.DataFrame, campaigns: pd.DataFrame) -> float:
    m = _windows(daily, campaigns)
    return float(m["T_post"] / m["T_pre"] - 1)


def _subtracted(daily: pd.DataFrame, campaigns: pd.DataFrame) -> float:
    m = _windows(daily, campaigns)
    return float((m["T_post"] / m["T_pre"] - 1) - (m["C_post"] / m["C_pre"] - 1))


def _levels(daily: pd.DataFrame, campaigns: pd.DataFrame) -> float:
    m = _windows(daily, campaigns)
    return float((m["T_post"] - m["T_pre"]) - (m["C_post"] - m["C_pre"]))


register(Exercise(
    key="exp.did_lift",
    notebook=NOTEBOOK,
    variable="did_lift",
    question=(f"the difference-in-differences estimate of campaign {DID_CAMPAIGN}'s relative lift "
              f"in daily new followers, with a {PRE_DAYS}-day pre-period."),
    solve=_did_lift,
    context=_did_context,
    rtol=1e-3,
    hint=(f"Treated = the platforms of {DID_CAMPAIGN}; control = platforms in no campaign. For each "
          f"group, mean daily follows in the campaign window and in the {PRE_DAYS} days before. "
          "Lift = (treated post / treated pre) / (control post / control pre) - 1, or call "
          f"`experiments.diff_in_diff(..., pre_days={PRE_DAYS})`."),
    solution=f"""
from course_lib import experiments

c = campaigns.set_index("campaign_id").loc["{DID_CAMPAIGN}"]
res = experiments.diff_in_diff(daily, metric="follows", treated=c["platforms"],
                               control=experiments.control_platforms(daily, campaigns),
                               start=c["start_date"], end=c["end_date"], pre_days={PRE_DAYS})
did_lift = res["estimate"].item()
""",
    mistakes=(
        Mistake(_naive,
                "that is the naive before/after change of the campaign platforms. It credits the "
                "campaign with everything that changed at the same time (season, the weekday mix): "
                "divide by the control group's change over the same days."),
        Mistake(_subtracted,
                "you subtracted the control's percentage change from the treated one. Campaign and "
                "season multiply, so divide the two changes: (1 + treated change) / (1 + control "
                "change) - 1."),
        Mistake(_levels,
                "that is a difference-in-differences in followers per day (a count). The question "
                "asks for the relative lift (0.25 = +25 %), which is comparable across platforms "
                "of different size."),
        Mistake(lambda daily, campaigns: _did(daily, campaigns, 28),
                f"that is the estimate with the lesson's 28-day pre-period. This exercise asks for "
                f"a {PRE_DAYS}-day pre-period: set `pre_days={PRE_DAYS}`."),
    ),
))


# ---------------------------------------------------------------- exercise 4
TRUTH_CAMPAIGN = "CA02"


def _truth_context(SEED: int, MARKET: str) -> dict:
    return {**_did_context(SEED, MARKET), "truth": data.truth(SEED, MARKET)}


def _campaign_effect(daily: pd.DataFrame, campaigns: pd.DataFrame, method: str) -> pd.DataFrame:
    c = campaigns.set_index("campaign_id").loc[TRUTH_CAMPAIGN]
    if method == "naive":
        return ex.before_after(daily, metric="follows", treated=c["platforms"],
                               start=c["start_date"], end=c["end_date"])
    return ex.diff_in_diff(daily, metric="follows", treated=c["platforms"],
                           control=ex.control_platforms(daily, campaigns),
                           start=c["start_date"], end=c["end_date"])


def _true_lift(daily: pd.DataFrame, campaigns: pd.DataFrame, truth) -> float:
    return float(next(c.follows_lift for c in truth.campaigns if c.campaign_id == TRUTH_CAMPAIGN))


def _half_width(daily: pd.DataFrame, campaigns: pd.DataFrame, truth) -> float:
    """The half-width of the reference DiD's 95% interval: how far from the truth an honest
    estimate may land (the check passes when the truth is within the estimate's interval)."""
    res = _campaign_effect(daily, campaigns, "did")
    return float((res["ci_high"].iloc[0] - res["ci_low"].iloc[0]) / 2)


def _levels_ca02(daily: pd.DataFrame, campaigns: pd.DataFrame, truth) -> float:
    """DiD in followers per day (a count), not a relative lift."""
    c = campaigns.set_index("campaign_id").loc[TRUTH_CAMPAIGN]
    pre = (daily["date"] >= c["start_date"] - pd.Timedelta(days=28)) & (daily["date"] < c["start_date"])
    post = (daily["date"] >= c["start_date"]) & (daily["date"] <= c["end_date"])
    treated = daily["platform"].isin(c["platforms"].split(";"))
    control = daily["platform"].isin(ex.control_platforms(daily, campaigns))
    mean = lambda rows, when: daily.loc[rows & when].groupby("date")["follows"].sum().mean()  # noqa: E731
    return float((mean(treated, post) - mean(treated, pre)) - (mean(control, post) - mean(control, pre)))


register(Exercise(
    key="exp.did_truth",
    notebook=NOTEBOOK,
    variable="ca02_lift",
    question=(f"your estimate of campaign {TRUTH_CAMPAIGN}'s relative lift in daily new followers, "
              "graded against the simulator's true lift: it passes when the truth lies within the "
              "estimate's own 95% interval (plus or minus its half-width)."),
    solve=_true_lift,
    context=_truth_context,
    tolerance=_half_width,
    hint=("Which platforms did the campaign run on, and which ran no campaign at all? Compare how "
          "new followers changed on each group between the weeks before the campaign and the "
          "campaign itself, and let the control group's change stand for what would have happened "
          "anyway. Season and campaign multiply, so compare the changes as a ratio."),
    solution=f"""
from course_lib import experiments

c = campaigns.set_index("campaign_id").loc["{TRUTH_CAMPAIGN}"]
res = experiments.diff_in_diff(daily, metric="follows", treated=c["platforms"],
                               control=experiments.control_platforms(daily, campaigns),
                               start=c["start_date"], end=c["end_date"])
ca02_lift = res["estimate"].item()
""",
    mistakes=(
        Mistake(lambda daily, campaigns, truth: float(_campaign_effect(daily, campaigns, "naive")["estimate"].iloc[0]),
                "that is the naive before/after change of the campaign platforms, and it is further "
                "from the truth than its uncertainty allows: the season was moving every platform at "
                "the same time. Let platforms without a campaign show that movement."),
        Mistake(_levels_ca02,
                "that is a difference-in-differences in followers per day (a count). The truth is a "
                "relative lift (0.25 = +25 %): compare the two groups' changes as ratios."),
        Mistake(lambda daily, campaigns, truth: 100 * float(_campaign_effect(daily, campaigns, "did")["estimate"].iloc[0]),
                "that looks like a percentage. Give the lift as a fraction (0.25 for +25 %)."),
    ),
))

__all__ = ["DID_CAMPAIGN", "ORDERS_TEST", "POWER_LIFT", "POWER_TEST", "PRE_DAYS", "TRUTH_CAMPAIGN"]
