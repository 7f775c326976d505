"""Exercises of ``04_3_experiments_causal``: an A/B lift, a sample size, a campaign's DiD lift."""
from __future__ import annotations

import pandas as pd

from .. import data
from .. import experiments as ex
from ..checks import Exercise, Mistake, register

NOTEBOOK = "04_3_experiments_causal"

#: The A/B test of exercise 1 (conversion lift) and of exercise 2 (sample size).
CVR_TEST = "T03"
POWER_TEST = "T04"
POWER_LIFT = 0.15
#: The campaign of exercise 3 and the length of its pre-period (days).
DID_CAMPAIGN = "CA04"
PRE_DAYS = 28


def _ab_context(SEED: int, MARKET: str) -> dict:
    return {"ab": data.load("ab_tests", seed=SEED, market=MARKET)}


def _did_context(SEED: int, MARKET: str) -> dict:
    return {"daily": data.load("daily_metrics", seed=SEED, market=MARKET),
            "campaigns": data.load("campaigns", seed=SEED, market=MARKET)}


# ---------------------------------------------------------------- exercise 1
def _arms(ab: pd.DataFrame, test: str) -> pd.DataFrame:
    """Pooled counts per variant (rows A, B) of one test."""
    return ab[ab["test_id"] == test].groupby("variant")[["exposed", "clicks", "conversions"]].sum()


def _cvr_lift(ab: pd.DataFrame) -> float:
    arms = _arms(ab, CVR_TEST)
    cvr = arms["conversions"] / arms["clicks"]
    return float(cvr["B"] / cvr["A"] - 1)


def _cvr_per_exposed(ab: pd.DataFrame) -> float:
    arms = _arms(ab, CVR_TEST)
    rate = arms["conversions"] / arms["exposed"]
    return float(rate["B"] / rate["A"] - 1)


def _cvr_difference(ab: pd.DataFrame) -> float:
    arms = _arms(ab, CVR_TEST)
    cvr = arms["conversions"] / arms["clicks"]
    return float(cvr["B"] - cvr["A"])


def _cvr_daily_mean(ab: pd.DataFrame) -> float:
    t = ab[ab["test_id"] == CVR_TEST]
    daily = (t["conversions"] / t["clicks"]).groupby(t["variant"]).mean()
    return float(daily["B"] / daily["A"] - 1)


def _cvr_reversed(ab: pd.DataFrame) -> float:
    arms = _arms(ab, CVR_TEST)
    cvr = arms["conversions"] / arms["clicks"]
    return float(cvr["A"] / cvr["B"] - 1)


register(Exercise(
    key="exp.cvr_lift",
    notebook=NOTEBOOK,
    variable="cvr_lift",
    question=f"the relative lift of B over A in conversions per click in test {CVR_TEST}.",
    solve=_cvr_lift,
    context=_ab_context,
    rtol=1e-4,
    hint=(f"Keep the rows of {CVR_TEST}, sum `conversions` and `clicks` per variant over all days, "
          "divide to get each variant's rate, then B's rate / A's rate - 1."),
    solution=f"""
t = ab[ab["test_id"] == "{CVR_TEST}"].groupby("variant")[["conversions", "clicks"]].sum()
cvr = t["conversions"] / t["clicks"]
cvr_lift = cvr["B"] / cvr["A"] - 1
""",
    mistakes=(
        Mistake(_cvr_per_exposed,
                "you divided orders by people exposed. The conversion rate here is orders per "
                "*click*: use `clicks` as the denominator."),
        Mistake(_cvr_difference,
                "that is the absolute difference of the two rates (in proportion units). A lift is "
                "relative: divide B's rate by A's rate and subtract 1."),
        Mistake(_cvr_daily_mean,
                "you averaged the daily rates, so a quiet day weighs as much as a busy one. Sum the "
                "counts over all days first (pooled counts), then divide."),
        Mistake(_cvr_reversed,
                "the lift is upside down: it is B (the treatment) relative to A (the control), "
                "B / A - 1."),
    ),
))


# ---------------------------------------------------------------- exercise 2
def _baseline(ab: pd.DataFrame, variant: str = "A") -> float:
    arms = _arms(ab, POWER_TEST)
    return float(arms.loc[variant, "clicks"] / arms.loc[variant, "exposed"])


def _n(p_control: float, relative_lift: float, **kw) -> float:
    return float(ex.sample_size(p_control=p_control, relative_lift=relative_lift, **kw)["n_per_arm"].iloc[0])


def _sample_size(ab: pd.DataFrame) -> float:
    return _n(_baseline(ab), POWER_LIFT)


def _n_absolute(ab: pd.DataFrame) -> float:
    p = _baseline(ab)
    return _n(p, POWER_LIFT / p)  # p + 0.15: fifteen percentage points


register(Exercise(
    key="exp.sample_size",
    notebook=NOTEBOOK,
    variable="n_needed",
    question=(f"people per arm that test {POWER_TEST} needed to detect a +{POWER_LIFT:.0%} relative "
              "CTR lift (two-sided alpha 0.05, power 0.8)."),
    solve=_sample_size,
    context=_ab_context,
    rtol=1e-3,
    hint=(f"The baseline is variant A's pooled CTR in {POWER_TEST} (sum of clicks / sum of exposed). "
          f"Then `experiments.sample_size(p_control=..., relative_lift={POWER_LIFT})` and read "
          "`n_per_arm`."),
    solution=f"""
from course_lib import experiments

t = ab[(ab["test_id"] == "{POWER_TEST}") & (ab["variant"] == "A")]
baseline = t["clicks"].sum() / t["exposed"].sum()
n_needed = experiments.sample_size(p_control=baseline, relative_lift={POWER_LIFT})["n_per_arm"].item()
""",
    mistakes=(
        Mistake(lambda ab: _n(_baseline(ab), POWER_LIFT, alternative="greater"),
                "that is the size of a one-sided test. A one-sided test needs fewer people but only "
                "looks for a gain, and it must be decided before the test; the question asks for "
                "the usual two-sided test."),
        Mistake(_n_absolute,
                f"you treated {POWER_LIFT} as an absolute lift (+{POWER_LIFT * 100:.0f} percentage "
                "points), a huge effect that needs very few people. The lift is relative: the "
                f"treatment's CTR is baseline x (1 + {POWER_LIFT})."),
        Mistake(lambda ab: 2 * _sample_size(ab),
                "that counts both arms together. The question asks for people *per arm*."),
        Mistake(lambda ab: _n(_baseline(ab, "B"), POWER_LIFT),
                "your baseline is variant B's CTR. The baseline is the control's (A's) rate: it is "
                "what you know before the test."),
    ),
))


# ---------------------------------------------------------------- exercise 3
def _windows(daily: pd.DataFrame, campaigns: pd.DataFrame) -> dict[str, pd.Series]:
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


def _did_lift(daily: pd.DataFrame, campaigns: pd.DataFrame) -> float:
    c = campaigns.set_index("campaign_id").loc[DID_CAMPAIGN]
    res = ex.diff_in_diff(daily, metric="follows", treated=c["platforms"],
                          control=ex.control_platforms(daily, campaigns),
                          start=c["start_date"], end=c["end_date"], pre_days=PRE_DAYS)
    return float(res["estimate"].iloc[0])


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
              "in daily new followers."),
    solve=_did_lift,
    context=_did_context,
    rtol=1e-3,
    hint=(f"Treated = the platforms of {DID_CAMPAIGN}; control = platforms in no campaign. For each "
          f"group, mean daily follows in the campaign window and in the {PRE_DAYS} days before. "
          "Lift = (treated post / treated pre) / (control post / control pre) - 1, or call "
          "`experiments.diff_in_diff`."),
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
    ),
))

__all__ = ["CVR_TEST", "DID_CAMPAIGN", "POWER_LIFT", "POWER_TEST", "PRE_DAYS"]
