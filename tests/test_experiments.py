"""course_lib.experiments: known answers, constructed data with a known effect, the
simulator's truth, and clear errors.

Expected values are worked out by hand in the comments or taken from scipy and
published examples, never from the function under test.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import data
from course_lib import experiments as ex
from course_lib.exercises import experiments_causal as exercises
from course_lib.sim import Bundle

approx = pytest.approx


# --------------------------------------------------------------------------
# two proportions
# --------------------------------------------------------------------------

def test_two_proportion_test_by_hand():
    # A 200/10000 = 0.020, B 250/10000 = 0.025; pooled p = 450/20000 = 0.0225
    # se0 = sqrt(0.0225 * 0.9775 * 2/10000) = 0.00209732; z = 0.005 / se0 = 2.38399
    # two-sided p = 2 * (1 - Phi(2.38399)) = 0.017126
    # lift = 0.25; se(log RR) = sqrt(1/250 - 1/10000 + 1/200 - 1/10000) = sqrt(0.0088) = 0.0938083
    # CI = exp(0.223144 -+ 1.959964 * 0.0938083) - 1 = exp(0.039283), exp(0.407005) - 1
    #    = [0.040065, 0.502311]
    r = ex.two_proportion_test(successes_a=200, trials_a=10_000, successes_b=250, trials_b=10_000)
    assert r["estimand"].tolist() == ["difference", "relative lift"]
    diff, lift = r.iloc[0], r.iloc[1]
    assert (diff["rate_a"], diff["rate_b"]) == approx((0.02, 0.025))
    assert diff["estimate"] == approx(0.005)
    assert diff["z"] == approx(2.38399, abs=1e-5)
    assert diff["p_value"] == approx(0.017126, abs=1e-6)
    assert lift["estimate"] == approx(0.25)
    assert (lift["ci_low"], lift["ci_high"]) == approx((0.040065, 0.502311), abs=1e-5)
    assert bool(diff["significant"]) and bool(lift["significant"])


def test_difference_interval_matches_newcombe_1998_example():
    # Newcombe (1998), example (a): 56/70 - 48/80 = 0.2, simple asymptotic (Wald) interval
    # 0.0575 to 0.3425.
    r = ex.two_proportion_test(successes_a=48, trials_a=80, successes_b=56, trials_b=70)
    row = r.iloc[0]
    assert row["estimate"] == approx(0.2)
    assert (row["ci_low"], row["ci_high"]) == approx((0.0575, 0.3425), abs=5e-5)


@pytest.mark.parametrize("xa, na, xb, nb", [(1725, 55806, 1816, 55637), (48, 80, 56, 70),
                                            (9, 4168, 11, 4199), (300, 1000, 240, 1000)])
def test_two_proportion_test_agrees_with_scipy(xa, na, xb, nb):
    from scipy.stats import chi2_contingency
    from scipy.stats.contingency import relative_risk

    r = ex.two_proportion_test(successes_a=xa, trials_a=na, successes_b=xb, trials_b=nb)
    chi2, p, _, _ = chi2_contingency([[xb, nb - xb], [xa, na - xa]], correction=False)
    assert r["p_value"].iloc[0] == approx(p, rel=1e-9)   # the z-test is the chi-square test
    assert r["z"].iloc[0] ** 2 == approx(chi2, rel=1e-9)
    rr = relative_risk(xb, nb, xa, na)                     # Katz log interval
    ci = rr.confidence_interval(confidence_level=0.95)
    lift = r.iloc[1]
    assert lift["estimate"] == approx(rr.relative_risk - 1)
    assert (lift["ci_low"], lift["ci_high"]) == approx((ci.low - 1, ci.high - 1), rel=1e-9)


def test_one_sided_p_values_and_interval_level():
    two = ex.two_proportion_test(successes_a=200, trials_a=10_000, successes_b=250, trials_b=10_000)
    greater = ex.two_proportion_test(successes_a=200, trials_a=10_000, successes_b=250,
                                     trials_b=10_000, alternative="greater")
    less = ex.two_proportion_test(successes_a=200, trials_a=10_000, successes_b=250,
                                  trials_b=10_000, alternative="less")
    assert greater["p_value"].iloc[0] == approx(two["p_value"].iloc[0] / 2)
    assert less["p_value"].iloc[0] == approx(1 - two["p_value"].iloc[0] / 2)
    # intervals stay two-sided at 1 - alpha whatever the alternative
    assert greater["ci_low"].tolist() == two["ci_low"].tolist()
    wide = ex.two_proportion_test(successes_a=200, trials_a=10_000, successes_b=250,
                                  trials_b=10_000, alpha=0.01)
    assert (wide["ci_high"] - wide["ci_low"] > two["ci_high"] - two["ci_low"]).all()


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(successes_a=1, trials_a=0, successes_b=1, trials_b=10), ValueError, "trials_a: zero exposures"),
    (dict(successes_a=1, trials_a=10, successes_b=1, trials_b=0), ValueError, "trials_b: zero exposures"),
    (dict(successes_a=11, trials_a=10, successes_b=1, trials_b=10), ValueError, "more successes than trials"),
    (dict(successes_a=-1, trials_a=10, successes_b=1, trials_b=10), ValueError, "successes_a: counts"),
    (dict(successes_a=1.5, trials_a=10, successes_b=1, trials_b=10), ValueError, "whole numbers"),
    (dict(successes_a="1", trials_a=10, successes_b=1, trials_b=10), TypeError, "successes_a"),
    (dict(successes_a=0, trials_a=10, successes_b=1, trials_b=10), ValueError, "0 successes in arm A"),
    (dict(successes_a=10, trials_a=10, successes_b=10, trials_b=10), ValueError, "every trial"),
    (dict(successes_a=[1, 2], trials_a=10, successes_b=1, trials_b=10), ValueError, "ab_summary"),
    (dict(successes_a=[1, 2], trials_a=[10, 10, 10], successes_b=1, trials_b=10), ValueError,
     "mismatched lengths"),
    (dict(successes_a=1, trials_a=10, successes_b=1, trials_b=10, alpha=1.5), ValueError, "alpha"),
    (dict(successes_a=1, trials_a=10, successes_b=1, trials_b=10, alternative="bigger"), ValueError,
     "alternative: unknown option 'bigger'; allowed: 'two-sided'"),
])
def test_two_proportion_test_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        ex.two_proportion_test(**kwargs)


def _ab_frame() -> pd.DataFrame:
    # test T1: day 1 A 10/1000, B 30/1000; day 2 A 40/3000, B 30/1000
    # pooled: A 50/4000 = 0.0125, B 60/2000 = 0.03 -> lift 1.4
    # mean of daily rates: A (0.01 + 0.01333)/2, B 0.03 -> a different number
    return pd.DataFrame({"test_id": ["T1"] * 4 + ["T2"] * 2, "variant": ["A", "B", "A", "B", "A", "B"],
                         "exposed": [1000, 1000, 3000, 1000, 500, 500],
                         "clicks": [10, 30, 40, 30, 20, 25]})


def test_ab_summary_pools_counts_and_matches_the_single_test():
    s = ex.ab_summary(_ab_frame())
    assert s.index.tolist() == ["T1", "T2"]
    assert s.loc["T1", ["trials_a", "successes_a", "trials_b", "successes_b"]].tolist() == [4000, 50, 2000, 60]
    assert s.loc["T1", "estimate"] == approx(1.4)
    one = ex.two_proportion_test(successes_a=20, trials_a=500, successes_b=25, trials_b=500)
    assert s.loc["T2", ["estimate", "ci_low", "ci_high", "p_value"]].tolist() == approx(
        one.iloc[1][["estimate", "ci_low", "ci_high", "p_value"]].astype(float).tolist())


def test_ab_summary_errors():
    ab = _ab_frame()
    with pytest.raises(TypeError, match="ab: expected a pandas DataFrame"):
        ex.ab_summary(ab.to_dict())
    with pytest.raises(ValueError, match="successes: column 'orders' not in the frame"):
        ex.ab_summary(ab, successes="orders")
    with pytest.raises(ValueError, match="ab: the frame is empty"):
        ex.ab_summary(ab.iloc[:0])
    with pytest.raises(ValueError, match=r"variant: labels \['C'\] not found"):
        ex.ab_summary(ab, treatment="C")
    with pytest.raises(ValueError, match=r"test_id: tests \['T3'\] have no rows for one of the variants"):
        ex.ab_summary(pd.concat([ab, pd.DataFrame({"test_id": ["T3"], "variant": ["A"],
                                                   "exposed": [10], "clicks": [1]})]))
    with pytest.raises(ValueError, match="trials_a: zero exposures"):
        ex.ab_summary(ab.assign(exposed=ab["exposed"].where(ab["test_id"] != "T2", 0)))


def test_ab_summary_flags_small_counts():
    s = ex.ab_summary(_ab_frame())
    # T1: successes 50 / 60, failures 3950 / 1940; T2: 20 / 25 -> fewest 50 and 20
    assert s["min_count"].tolist() == [50, 20]
    assert s["small_counts"].tolist() == [False, False]
    assert ex.ab_summary(_ab_frame(), small_count=21)["small_counts"].tolist() == [False, True]
    with pytest.raises(ValueError, match="small_count: must be a whole number"):
        ex.ab_summary(_ab_frame(), small_count=-1)


def test_ab_summary_flags_the_few_orders_of_t04(cn: Bundle):
    s = ex.ab_summary(cn.tables["ab_tests"], successes="conversions", trials="clicks")
    assert bool(s.loc["T04", "small_counts"]) and s.loc["T04", "min_count"] < 20
    assert not s.loc[["T01", "T02", "T03"], "small_counts"].any()


def _ab_days(*, days: int = 14, n: int = 4000, p: float = 0.03, lift: float = 0.1, shock_sd: float = 0.0,
             common: bool = True, seed: int = 0) -> pd.DataFrame:
    """One test, ``days`` days, ``n`` people per arm per day; day shocks multiply the CTR
    (the same shock in both arms when ``common``, independent shocks otherwise)."""
    rng = np.random.default_rng(seed)
    shock_a = np.exp(rng.normal(0, shock_sd, days))
    shock_b = shock_a if common else np.exp(rng.normal(0, shock_sd, days))
    clicks_a = rng.binomial(n, p * shock_a)
    clicks_b = rng.binomial(n, p * (1 + lift) * shock_b)
    return pd.DataFrame({"test_id": "T", "date": np.repeat(pd.date_range(START, periods=days), 2),
                         "variant": ["A", "B"] * days, "exposed": n,
                         "clicks": np.column_stack([clicks_a, clicks_b]).ravel()})


def test_ab_day_check_by_hand():
    # arm A: days 10/100 and 20/100, pooled 0.15: chi2 = 2 * 25 / (100 * 0.15 * 0.85) = 3.9216
    # on 1 df; arm B: 15/100 twice, chi2 0. Both arms: 3.9216 on 2 df, p = exp(-3.9216 / 2)
    # u_d = 0 - (x_ad - 0.15 * 100) / (0.15 * 200) = -/+ 1/6 -> clustered var = 2 * 2/36 = 1/9
    # binomial se = sqrt(2 * (1/30 - 1/200)) = 0.238048 -> se_ratio = (1/3) / 0.238048 = 1.40028
    ab = pd.DataFrame({"test_id": "T1", "date": ["d1", "d1", "d2", "d2"], "variant": ["A", "B"] * 2,
                       "exposed": [100] * 4, "clicks": [10, 15, 20, 15]})
    r = ex.ab_day_check(ab).loc["T1"]
    assert r["days"] == 2
    assert (r["dispersion_a"], r["dispersion_b"]) == approx((3.921569, 0.0), abs=1e-6)
    assert r["dispersion"] == approx(1.960784, abs=1e-6)
    assert r["p_value"] == approx(np.exp(-3.921569 / 2), abs=1e-6)
    assert r["se_ratio"] == approx(1.40028, abs=1e-5)


def test_ab_day_check_sees_day_shocks_and_knows_which_ones_matter():
    iid = pd.concat([ex.ab_day_check(_ab_days(seed=s)) for s in range(40)])
    assert iid["dispersion"].mean() == approx(1.0, abs=0.1)     # binomial noise only
    assert (iid["p_value"] < 0.05).mean() < 0.15
    assert iid["se_ratio"].mean() == approx(1.0, abs=0.1)
    # a shock common to both arms of a day: days differ, but the comparison is unharmed
    common = pd.concat([ex.ab_day_check(_ab_days(shock_sd=0.2, seed=s)) for s in range(10)])
    assert (common["dispersion"] > 2).all() and (common["p_value"] < 0.01).all()
    assert common["se_ratio"].mean() == approx(1.0, abs=0.15)
    # independent shocks per arm and day: the binomial interval is much too narrow
    apart = pd.concat([ex.ab_day_check(_ab_days(shock_sd=0.2, common=False, seed=s)) for s in range(10)])
    assert apart["se_ratio"].mean() > 2


def test_ab_day_check_on_the_default_data_finds_no_day_effects(bundle: Bundle):
    # the simulator draws every day independently: no overdispersion in CTR
    r = ex.ab_day_check(bundle.tables["ab_tests"])
    assert set(r.index) == {"T01", "T02", "T03", "T04"}
    assert (r["p_value"] > 0.01).all()
    assert r["dispersion"].between(0.3, 2.0).all()


def test_ab_day_check_errors():
    ab = _ab_days(days=3)
    with pytest.raises(TypeError, match="ab: expected a pandas DataFrame"):
        ex.ab_day_check(ab.to_dict())
    with pytest.raises(ValueError, match="date: column 'day' not in the frame"):
        ex.ab_day_check(ab, date="day")
    with pytest.raises(ValueError, match="ab: the frame is empty"):
        ex.ab_day_check(ab.iloc[:0])
    with pytest.raises(ValueError, match=r"variant: labels \['C'\] not found"):
        ex.ab_day_check(ab, treatment="C")
    with pytest.raises(ValueError, match="date: some days have rows for only one variant"):
        ex.ab_day_check(ab.iloc[:-1])
    with pytest.raises(ValueError, match="have only one day"):
        ex.ab_day_check(ab.iloc[:2])
    with pytest.raises(ValueError, match="exposed: some days have 0 trials"):
        ex.ab_day_check(ab.assign(exposed=np.where(np.arange(6) == 0, 0, 4000),
                                  clicks=np.where(np.arange(6) == 0, 0, ab["clicks"])))


def test_ab_intervals_cover_the_true_lifts_on_the_default_data(bundle: Bundle):
    ab, truth = bundle.tables["ab_tests"], bundle.truth.experiments
    for successes, trials, field in (("clicks", "exposed", "ctr_lift"), ("conversions", "clicks", "cvr_lift")):
        s = ex.ab_summary(ab, successes=successes, trials=trials)
        for e in truth:
            assert s.loc[e.test_id, "ci_low"] <= getattr(e, field) <= s.loc[e.test_id, "ci_high"], \
                (e.test_id, field)


# --------------------------------------------------------------------------
# power and sample size
# --------------------------------------------------------------------------

def test_sample_size_textbook_example():
    # p1 = 0.10, p2 = 0.15 (a +50 % relative lift), alpha 0.05 two-sided, power 0.8:
    # pbar = 0.125; z.975 sqrt(2 * 0.125 * 0.875) = 1.959964 * 0.467707 = 0.916688
    # z.80 sqrt(0.1 * 0.9 + 0.15 * 0.85) = 0.841621 * 0.466369 = 0.392507
    # n = (0.916688 + 0.392507)^2 / 0.05^2 = 685.6 -> 686 per arm (Fleiss, Levin & Paik 2003)
    s = ex.sample_size(p_control=0.10, relative_lift=0.5).iloc[0]
    assert s["p_treatment"] == approx(0.15)
    assert s["n_exact"] == approx(685.6, abs=0.05)
    assert (s["n_per_arm"], s["n_total"]) == (686, 1372)


def test_sample_size_matches_the_rule_of_thumb_for_small_lifts():
    # for small effects n ~ 2 (z_alpha + z_power)^2 p (1 - p) / delta^2 (= 15.7 p q / delta^2,
    # the "16 sigma^2 / delta^2" rule of Kohavi, Tang & Xu 2020)
    p, lift = 0.03, 0.02
    delta = p * lift
    rule = 2 * (1.959964 + 0.841621) ** 2 * p * (1 - p) / delta**2
    assert ex.sample_size(p_control=p, relative_lift=lift)["n_exact"].item() == approx(rule, rel=0.02)


def test_power_and_sample_size_round_trip():
    s = ex.sample_size(p_control=[0.03, 0.10, 0.40], relative_lift=[0.10, -0.2, 0.05], power=0.9)
    exact = ex.power(p_control=s["p_control"], n_per_arm=s["n_exact"], relative_lift=s["relative_lift"])
    assert exact["power"].to_numpy() == approx(0.9, abs=1e-9)
    at_n = ex.power(p_control=s["p_control"], n_per_arm=s["n_per_arm"], relative_lift=s["relative_lift"])
    below = ex.power(p_control=s["p_control"], n_per_arm=s["n_per_arm"] - 1,
                     relative_lift=s["relative_lift"])
    assert (at_n["power"] >= 0.9).all() and (below["power"] < 0.9).all()


def test_power_properties():
    lifts = [0.05, 0.10, 0.20]
    pw = ex.power(p_control=0.03, n_per_arm=50_000, relative_lift=lifts)["power"]
    assert pw.is_monotonic_increasing
    # halving the lift roughly quadruples n
    n = ex.sample_size(p_control=0.03, relative_lift=[0.20, 0.10])["n_exact"]
    assert n.iloc[1] / n.iloc[0] == approx(4, rel=0.1)
    # a one-sided test needs fewer people; one in the wrong direction has no power
    one = ex.sample_size(p_control=0.03, relative_lift=0.1, alternative="greater")["n_exact"].item()
    assert one < n.iloc[1]
    wrong = ex.power(p_control=0.03, n_per_arm=50_000, relative_lift=0.1, alternative="less")
    assert wrong["power"].item() < 0.001


def test_power_agrees_with_simulation():
    # 14 days x 1,000 people per arm at 3 % with a +20 % lift: the fixed-horizon rejection
    # rate of the simulation is the power of the test
    sim = ex.peeking_simulation(n_experiments=4000, days=14, visitors_per_day=1000, rate=0.03,
                                relative_lift=0.2, seed=11)
    theory = ex.power(p_control=0.03, n_per_arm=14_000, relative_lift=0.2)["power"].item()
    assert sim["significant_today"].iloc[-1] == approx(theory, abs=0.03)


@pytest.mark.parametrize("kwargs, match", [
    (dict(p_control=0.0, relative_lift=0.1), "p_control: must lie in"),
    (dict(p_control=1.2, relative_lift=0.1), "p_control"),
    (dict(p_control=0.03, relative_lift=0.0), "relative_lift: must not be 0"),
    (dict(p_control=0.03, relative_lift=-1.5), "relative_lift: must lie in"),
    (dict(p_control=0.6, relative_lift=1.0), "must stay below 1"),
    (dict(p_control=[0.03, 0.04], relative_lift=[0.1, 0.2, 0.3]), "mismatched lengths"),
    (dict(p_control=0.03, relative_lift=0.1, power=1.0), "power: must lie in"),
    (dict(p_control=0.03, relative_lift=0.1, power=[0.8, 0.9]), "single target power"),
    (dict(p_control=0.03, relative_lift=0.1, alternative="one-sided"), "alternative"),
])
def test_sample_size_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ex.sample_size(**kwargs)


def test_power_errors():
    with pytest.raises(ValueError, match="n_per_arm: must lie in"):
        ex.power(p_control=0.03, n_per_arm=0, relative_lift=0.1)
    with pytest.raises(TypeError, match="p_control: must be a number"):
        ex.power(p_control="3%", n_per_arm=10, relative_lift=0.1)
    with pytest.raises(TypeError, match="relative_lift: must be a number"):
        ex.power(p_control=0.03, n_per_arm=10, relative_lift=["a"])


# --------------------------------------------------------------------------
# peeking
# --------------------------------------------------------------------------

def test_peeking_inflates_false_positives_like_armitage_1969():
    # A/A tests looked at 10 times: about 19 % false positives at a nominal 5 %
    # (Armitage, McPherson & Rowe 1969; Pocock 1977, table 1: 0.193)
    sim = ex.peeking_simulation(n_experiments=20_000, days=10, visitors_per_day=2000, rate=0.05, seed=3)
    assert sim["significant_by_day"].iloc[-1] == approx(0.193, abs=0.015)
    assert sim["significant_by_day"].iloc[4] == approx(0.142, abs=0.015)  # 5 looks
    assert sim["significant_today"].to_numpy() == approx(0.05, abs=0.008)  # fixed horizon: alpha
    assert sim["significant_by_day"].is_monotonic_increasing
    assert sim["significant_by_day"].iloc[0] == sim["significant_today"].iloc[0]
    assert sim["n_per_arm"].tolist() == [2000 * d for d in range(1, 11)]


def test_peeking_simulation_is_reproducible_and_validates():
    a = ex.peeking_simulation(n_experiments=50, days=5, seed=4)
    pd.testing.assert_frame_equal(a, ex.peeking_simulation(n_experiments=50, days=5, seed=4))
    for kwargs, match in ((dict(days=0), "days: must be a whole number >= 1"),
                          (dict(n_experiments=2.5), "n_experiments"),
                          (dict(seed=-1), "seed"),
                          (dict(rate=1.0), "rate: must lie in"),
                          (dict(rate=0.5, relative_lift=1.0), "must stay below 1"),
                          (dict(alpha=0), "alpha")):
        with pytest.raises(ValueError, match=match):
            ex.peeking_simulation(**kwargs)


# --------------------------------------------------------------------------
# difference-in-differences on constructed data
# --------------------------------------------------------------------------

START = pd.Timestamp("2025-01-01")


def _season(t: np.ndarray, amplitude: float = 0.4) -> np.ndarray:
    return 1 + amplitude * np.sin(2 * np.pi * t / 120)


WEEKDAY = np.array([1.0, 0.9, 0.9, 1.0, 1.1, 1.3, 1.2])


def _panel(*, days: int = 100, lift: float = 0.3, camp=(60, 80), seed: int = 0, trend_t: float = 0.0,
           noise: bool = True, rho: float = 0.3, amp_t: float = 0.4) -> pd.DataFrame:
    """Two treated platforms, two control platforms; a seasonal factor and a weekday
    pattern multiply everything; the campaign multiplies the treated ones by (1 + lift)
    on days camp[0] .. camp[1] - 1; optional extra log-trend on treated. ``amp_t`` is
    the treated platforms' seasonal amplitude (control: 0.4): a value other than 0.4
    is differential seasonality, a parallel-trends violation."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    base = {"t1": 200.0, "t2": 120.0, "c1": 150.0, "c2": 60.0}
    rows = []
    for p, level in base.items():
        treated = p.startswith("t")
        common = _season(t, amp_t if treated else 0.4) * WEEKDAY[t % 7]
        mean = level * common * (1 + lift * (treated & (t >= camp[0]) & (t < camp[1])))
        mean = mean * np.exp(trend_t * t * treated)
        if noise:  # AR(1) multiplicative day shocks, then Poisson counts
            e = np.zeros(days)
            shocks = rng.normal(0, 0.05, days)
            for i in range(1, days):  # days, not rows of a frame
                e[i] = rho * e[i - 1] + shocks[i]
            mean = rng.poisson(mean * np.exp(e)).astype(float)
        rows.append(pd.DataFrame({"date": START + pd.to_timedelta(t, "D"), "platform": p, "follows": mean}))
    return pd.concat(rows, ignore_index=True)


def _did(frame, **kw):
    args = dict(metric="follows", treated=["t1", "t2"], control="c1;c2",
                start=START + pd.Timedelta(days=60), end=START + pd.Timedelta(days=79), pre_days=28)
    args.update(kw)
    return ex.diff_in_diff(frame, **args).iloc[0]


def test_did_recovers_a_known_effect_exactly_without_noise():
    # common factors cancel on the log scale, so the lift comes out exactly
    frame = _panel(noise=False, lift=0.3)
    r = _did(frame)
    assert r["estimate"] == approx(0.3, abs=1e-12)
    assert r["log_estimate"] == approx(np.log1p(0.3))
    naive = ex.before_after(frame, metric="follows", treated=["t1", "t2"], start=START + pd.Timedelta(days=60),
                            end=START + pd.Timedelta(days=79)).iloc[0]
    # before/after mixes the seasonal rise into the "effect"
    assert abs(naive["estimate"] - 0.3) > 0.05
    assert (1 + naive["estimate"]) / (1 + r["control_change"]) - 1 == approx(0.3)


def test_did_interval_covers_a_known_effect_about_95_percent_of_the_time():
    hits, errors_did, errors_naive = 0, [], []
    reps = 200
    for seed in range(reps):
        frame = _panel(seed=seed, lift=0.3)
        r = _did(frame)
        hits += r["ci_low"] <= 0.3 <= r["ci_high"]
        errors_did.append(abs(r["estimate"] - 0.3))
        errors_naive.append(abs(r["treated_change"] - 0.3))
    # measured 0.95 (t quantile with 19 df; 0.91 with the normal quantile before)
    assert 0.925 <= hits / reps <= 0.985
    assert np.mean(errors_did) < 0.5 * np.mean(errors_naive)


def test_did_interval_uses_a_t_quantile_with_the_shorter_window():
    from scipy import stats

    r = _did(_panel(seed=3))  # 28 pre days, 20 post days -> 19 degrees of freedom
    assert r["df"] == 19
    q = stats.t.ppf(0.975, 19)
    assert r["ci_high"] == approx(np.expm1(r["log_estimate"] + q * r["se_log"]))
    assert r["ci_low"] == approx(np.expm1(r["log_estimate"] - q * r["se_log"]))
    assert (r["se_scale"], r["n_placebos"]) == (1.0, 0)


def test_did_standard_error_matches_the_poisson_formula():
    # iid Poisson counts with constant means: var(log of a window mean) ~ 1 / (n * mean),
    # so var(DiD) = sum over the four group-windows of 1 / (n_w * mean_gw). hac_lags=0 gives
    # the plain delta method, whose variance uses 1/n: expected E[se^2] = sum (n-1)/n^2/mean.
    means = {"t": (100.0, 130.0), "c": (50.0, 50.0)}   # (pre, post) means; lift 0.3
    n_pre, n_post, reps = 28, 20, 300
    analytic = sum(1 / (n_pre * m[0]) + 1 / (n_post * m[1]) for m in means.values())
    expected_se2 = sum((n_pre - 1) / n_pre ** 2 / m[0] + (n_post - 1) / n_post ** 2 / m[1]
                       for m in means.values())
    rng = np.random.default_rng(5)
    days = START + pd.to_timedelta(np.arange(n_pre + n_post), "D")
    se2, est = [], []
    for _ in range(reps):
        cols = {p: rng.poisson(np.r_[np.full(n_pre, m[0]), np.full(n_post, m[1])]) for p, m in means.items()}
        frame = pd.DataFrame({"date": days.repeat(2), "platform": ["t", "c"] * len(days),
                              "follows": np.column_stack([cols["t"], cols["c"]]).ravel()})
        r = ex.diff_in_diff(frame, metric="follows", treated="t", control="c", start=days[n_pre],
                            end=days[-1], pre_days=n_pre, hac_lags=0).iloc[0]
        se2.append(r["se_log"] ** 2)
        est.append(r["log_estimate"])
    assert np.mean(se2) == approx(expected_se2, rel=0.03)     # the delta method is the formula
    assert np.var(est) == approx(analytic, rel=0.2)           # and it is the estimates' spread
    assert np.mean(est) == approx(np.log(1.3), abs=0.01)


def _did_by_hand(amp_t: float, lift: float, pre=(32, 60), post=(60, 80), *, camp=(60, 80),
                 trend_t: float = 0.0, days: int = 100) -> float:
    """The noise-free DiD of _panel between two windows (day ranges, end excluded), from
    its mean functions (weekday, levels, season, campaign and trend included)."""
    t = np.arange(days)
    treated = sum(level * _season(t, amp_t) * WEEKDAY[t % 7] * (1 + lift * ((t >= camp[0]) & (t < camp[1])))
                  * np.exp(trend_t * t) for level in (200.0, 120.0))
    control = sum(level * _season(t, 0.4) * WEEKDAY[t % 7] for level in (150.0, 60.0))
    ratio = [treated[slice(*w)].mean() / control[slice(*w)].mean() for w in (pre, post)]
    return ratio[1] / ratio[0] - 1


def test_differential_seasonality_biases_did_and_the_checks_see_it():
    # treated platforms less seasonal than control (amplitude 0.3 vs 0.4): like the simulator's
    # platforms whose follows come more from posts (not seasonal) than from organic search.
    # Between the windows (days 32-59 and 60-79) the season falls; the less seasonal treated
    # group falls less, and DiD credits the campaign with the difference: +14 points.
    exact = _did(_panel(noise=False, amp_t=0.3, lift=0.3))
    expected = _did_by_hand(0.3, 0.3)
    assert exact["estimate"] == approx(expected, abs=1e-12)
    assert expected - 0.3 == approx(0.144, abs=0.001)
    assert _did(_panel(noise=False, lift=0.3))["estimate"] == approx(0.3)  # same season: none
    # the checks, on the noisy panel over a whole seasonal cycle (campaign on days 150-169)
    kw = dict(metric="follows", treated=["t1", "t2"], control=["c1", "c2"])
    camp = [(START + pd.Timedelta(days=150), START + pd.Timedelta(days=169))]
    scales, flat_scales = [], []
    for seed in range(4):
        diff = _panel(days=240, camp=(150, 170), amp_t=0.3, seed=seed)
        same = _panel(days=240, camp=(150, 170), seed=seed)
        pl = ex.placebo_windows(diff, days=20, exclude=camp, **kw)
        scales.append(ex.diff_in_diff(diff, start=camp[0][0], end=camp[0][1], placebos=pl,
                                      **kw)["se_scale"].item())
        pl_same = ex.placebo_windows(same, days=20, exclude=camp, **kw)
        flat_scales.append(np.sqrt(np.mean(pl_same["z"] ** 2)))
    assert np.mean(scales) > 2 > 1.3 > np.mean(flat_scales)   # measured 3.2 and 1.05
    # after the campaign (days 170-197) the treated group falls behind the more seasonal
    # control as the season rises: the gap is the season ratio, by hand
    after = ex.after_campaign_gap(_panel(days=240, camp=(150, 170), amp_t=0.3, noise=False),
                                  start=camp[0][0], end=camp[0][1], **kw).iloc[0]
    t = np.arange(240)
    s_t, s_c = _season(t, 0.3) * WEEKDAY[t % 7], _season(t, 0.4) * WEEKDAY[t % 7]
    by_hand = (s_t[170:198].mean() / s_t[122:150].mean()) / (s_c[170:198].mean() / s_c[122:150].mean()) - 1
    assert after["estimate"] == approx(by_hand, abs=1e-12)
    assert abs(by_hand) > 0.03


def test_did_on_a_pooled_ratio_metric():
    # engagements / reach: reach doubles in the campaign on treated, the rate rises 20 %;
    # a pooled rate is sum(engagements) / sum(reach) per group and window
    t = np.arange(60)
    rows = []
    for p, rate in (("t", 0.05), ("c", 0.02)):
        camp = (p == "t") & (t >= 40)
        reach = 1000.0 * (1 + camp) * (1 + (t % 3))          # uneven daily reach
        eng = reach * rate * (1 + 0.2 * camp) * (1 + 0.1 * (t >= 40))  # +10 % for everyone
        rows.append(pd.DataFrame({"date": START + pd.to_timedelta(t, "D"), "platform": p,
                                  "engagements": eng, "reach": reach}))
    frame = pd.concat(rows, ignore_index=True)
    r = ex.diff_in_diff(frame, metric="engagements", per="reach", treated="t", control="c",
                        start=START + pd.Timedelta(days=40), end=START + pd.Timedelta(days=59)).iloc[0]
    assert r["estimate"] == approx(0.2)
    assert r["control_change"] == approx(0.1)
    assert r["metric"] == "engagements per reach"


def test_long_run_variance_by_hand():
    # u = [1, -1, 1, -1]: gamma0 = 1, gamma1 = (-1 - 1 - 1) / 4 = -0.75, Bartlett weight 1/2
    # lrv = 1 + 2 * 0.5 * (-0.75) = 0.25
    assert ex._long_run_variance(np.array([1.0, -1.0, 1.0, -1.0]), 1) == approx(0.25)
    assert ex._long_run_variance(np.array([1.0, -1.0, 1.0, -1.0]), 0) == approx(1.0)


def test_parallel_trends_detects_a_drift_and_passes_without_one():
    flats = pd.concat([ex.parallel_trends(_panel(seed=s), metric="follows", treated=["t1", "t2"],
                                          control=["c1", "c2"], start=START + pd.Timedelta(days=60),
                                          pre_days=56) for s in range(100)])
    covers = ((flats["ci_low"] < 0) & (flats["ci_high"] > 0)).mean()
    # measured 0.89 over 200 seeds: with AR(1) day noise (rho 0.3) and 56 days the HAC
    # variance is biased down a little (documented in parallel_trends' notes)
    assert covers >= 0.84
    # treated grow 1 % per day faster: exp(0.07) - 1 = 7.25 % per week
    drift = ex.parallel_trends(_panel(seed=1, trend_t=0.01), metric="follows", treated=["t1", "t2"],
                               control=["c1", "c2"], start=START + pd.Timedelta(days=60),
                               pre_days=56).iloc[0]
    assert drift["estimate"] == approx(np.expm1(0.07), abs=0.02)
    assert drift["ci_low"] > 0 and drift["p_value"] < 0.001
    assert drift["n_days"] == 56


def test_parallel_trends_implied_bias():
    # noise-free, treated grow 1 % per day faster: the drift is known exactly, the interval
    # has no width, and a DiD with 28 pre days and 20 post days has its window centres
    # (28 + 20) / 2 = 24 days = 24/7 weeks apart: bias = exp(0.01 * 24) - 1
    r = ex.parallel_trends(_panel(noise=False, trend_t=0.01), metric="follows", treated=["t1", "t2"],
                           control=["c1", "c2"], start=START + pd.Timedelta(days=60), pre_days=56,
                           post_days=20).iloc[0]
    assert r["weeks_apart"] == approx(24 / 7)
    assert (r["bias_low"], r["bias_high"]) == approx((np.expm1(0.24), np.expm1(0.24)), abs=1e-9)
    # and that is the bias of the DiD estimate itself
    assert _did(_panel(noise=False, trend_t=0.01, lift=0.0))["estimate"] == approx(np.expm1(0.24), rel=0.01)
    plain = ex.parallel_trends(_panel(seed=2), metric="follows", treated="t1", control="c1",
                               start=START + pd.Timedelta(days=60))
    assert "bias_low" not in plain.columns
    with pytest.raises(ValueError, match="post_days: must be a whole number >= 1"):
        ex.parallel_trends(_panel(seed=2), metric="follows", treated="t1", control="c1",
                           start=START + pd.Timedelta(days=60), post_days=0)


def test_group_series_sums_platforms_and_pools_ratios():
    frame = _panel(noise=False)
    g = ex.group_series(frame, metric="follows", treated=["t1", "t2"], control=["c1", "c2"])
    assert set(g["group"]) == {"treated", "control"} and len(g) == 200
    first = g[g["date"] == START].set_index("group")["value"]
    assert first["treated"] == approx(320.0) and first["control"] == approx(210.0)


def test_evaluate_campaigns_and_control_platforms():
    frame = _panel(noise=False)
    camps = pd.DataFrame({"campaign_id": ["C1"], "platforms": ["t1;t2"],
                          "start_date": [START + pd.Timedelta(days=60)],
                          "end_date": [START + pd.Timedelta(days=79)]})
    assert ex.control_platforms(frame, camps) == ["c1", "c2"]
    res = ex.evaluate_campaigns(frame, camps)
    assert res["method"].tolist() == ["before/after", "DiD"]
    assert res.loc[1, "estimate"] == approx(0.3)
    with pytest.raises(ValueError, match="every platform is in some campaign"):
        ex.control_platforms(frame, camps.assign(platforms="t1;t2;c1;c2"))
    with pytest.raises(ValueError, match="campaigns: column 'platforms' not in the frame"):
        ex.evaluate_campaigns(frame, camps.drop(columns="platforms"))
    with pytest.raises(ValueError, match="campaigns: the frame is empty"):
        ex.evaluate_campaigns(frame, camps.iloc[:0])


# --------------------------------------------------------------------------
# errors of the campaign functions
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return _panel(noise=False)


@pytest.mark.parametrize("change, error, match", [
    (dict(metric="orders"), ValueError, "metric: column 'orders' not in the frame"),
    (dict(per="reach"), ValueError, "per: column 'reach' not in the frame"),
    (dict(treated=[]), ValueError, "treated: no platforms given"),
    (dict(control=""), ValueError, "control: no platforms given"),
    (dict(control=None), ValueError, "control: give the control platforms"),
    (dict(treated=7), TypeError, "treated: expected a platform id"),
    (dict(control=["c1", "t1"]), ValueError, "platform 't1' is also in treated"),
    (dict(control=["c9"]), ValueError, r"control: platforms \['c9'\] not in column 'platform'"),
    (dict(start="2025-03-10", end="2025-03-01"), ValueError, "end: 2025-03-01 is before start"),
    (dict(start="not a date"), ValueError, "start: not a date"),
    (dict(start="2026-01-01", end="2026-01-05"), ValueError, "start: 2026-01-01 is outside the data"),
    (dict(end="2025-06-01"), ValueError, "end: 2025-06-01 is after the last day"),
    (dict(pre_days=70), ValueError, "pre_days: the 70-day pre-period would start on"),
    (dict(pre_days=1), ValueError, "pre_days: must be a whole number >= 2"),
    (dict(alpha=0), ValueError, "alpha"),
    (dict(hac_lags=-1), ValueError, "hac_lags"),
])
def test_did_errors(panel, change, error, match):
    with pytest.raises(error, match=match):
        _did(panel, **change)


def test_did_errors_on_the_data(panel):
    with pytest.raises(TypeError, match="daily: expected a pandas DataFrame"):
        _did(panel.to_dict())
    with pytest.raises(ValueError, match="daily: the frame is empty"):
        _did(panel.iloc[:0])
    with pytest.raises(TypeError, match="metric: column 'follows' must be numeric"):
        _did(panel.assign(follows=panel["follows"].astype(str)))
    with pytest.raises(ValueError, match="metric: column 'follows' has missing, infinite or negative"):
        _did(panel.assign(follows=-panel["follows"]))
    # control with no pre-period: its rows start on the campaign's first day
    late = panel[~(panel["platform"].str.startswith("c") & (panel["date"] < START + pd.Timedelta(days=60)))]
    with pytest.raises(ValueError, match="control: no data in the pre-period"):
        _did(late)
    # mismatched lengths: the control group lacks a few days of the campaign window
    gap = panel[~(panel["platform"].str.startswith("c")
                  & panel["date"].between(START + pd.Timedelta(days=65), START + pd.Timedelta(days=67)))]
    with pytest.raises(ValueError, match=r"control: 3 day\(s\) of the post-period have no rows"):
        _did(gap)
    # one control platform lacks a day inside the pre-period, the other does not
    one = panel[~((panel["platform"] == "c2") & (panel["date"] == START + pd.Timedelta(days=40)))]
    with pytest.raises(ValueError, match=r"control: on 1 day\(s\) of the pre-period some platform has no row"):
        _did(one)
    with pytest.raises(ValueError, match="more than one"):
        _did(pd.concat([panel, panel[panel["date"] == START + pd.Timedelta(days=70)]]))
    # a duplicated row for one control platform and a missing row for the other on the same
    # day: the row count per group is right, the data are not
    day = START + pd.Timedelta(days=70)
    swapped = pd.concat([panel[~((panel["platform"] == "c2") & (panel["date"] == day))],
                         panel[(panel["platform"] == "c1") & (panel["date"] == day)]])
    with pytest.raises(ValueError, match=r"daily: 1 duplicated \(date, platform\) row\(s\), e.g. 2025-03-12 / c1"):
        _did(swapped)
    with pytest.raises(ValueError, match="duplicated"):
        ex.group_series(swapped, metric="follows", treated="t1", control=["c1", "c2"])
    # zero exposures: the treated metric is 0 all through the pre-period
    pre = panel["date"].between(START + pd.Timedelta(days=32), START + pd.Timedelta(days=59))
    zero = panel.assign(follows=panel["follows"].where(~(pre & panel["platform"].str.startswith("t")), 0.0))
    with pytest.raises(ValueError, match="treated: the metric sums to 0 in the pre-period"):
        _did(zero)
    ratio = panel.assign(reach=0.0)
    with pytest.raises(ValueError, match=r"treated: the per \(denominator\) sums to 0"):
        _did(ratio, per="reach")


def test_parallel_trends_needs_enough_positive_days(panel):
    sparse = panel.assign(follows=panel["follows"].where(panel["date"] >= START + pd.Timedelta(days=55), 0.0))
    with pytest.raises(ValueError, match="pre_days: only 5 pre-period days"):
        ex.parallel_trends(sparse, metric="follows", treated="t1", control="c1",
                           start=START + pd.Timedelta(days=60), pre_days=56)


# --------------------------------------------------------------------------
# the simulator's campaigns: DiD recovers the truth, naive before/after does not
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seven_global() -> dict:
    return {"daily_metrics": data.load("daily_metrics", seed=7, market="global"),
            "campaigns": data.load("campaigns", seed=7, market="global"),
            "truth": data.truth(7, "global")}


def test_did_beats_before_after_and_calibrated_intervals_cover(cn: Bundle, glob: Bundle, seven_global):
    """Three simulated years (2024 cn, 2024 global, 7 global): 12 campaigns.

    The simulator's platforms differ in seasonality (a parallel-trends violation), so the
    plain DiD interval misses now and then (CA01 at SEED 7 / global: 0.34, 0.24 to 0.45 vs
    a true 0.50); the placebo-calibrated interval is wider. Coverage over 40 seeds per
    market: tests/benchmarks/bench_did_coverage.py (plain 92-93 %, calibrated 96-98 %)."""
    years = [(b.tables["daily_metrics"], b.tables["campaigns"], b.truth) for b in (cn, glob)]
    years.append((seven_global["daily_metrics"], seven_global["campaigns"], seven_global["truth"]))
    plain_hits = cal_hits = total = 0
    err_did, err_naive = [], []
    for daily, camps, truth in years:
        lifts = {c.campaign_id: c.follows_lift for c in truth.campaigns}
        plain = ex.evaluate_campaigns(daily, camps)
        cal = ex.evaluate_campaigns(daily, camps, placebo_calibrated=True)
        for res in (plain, cal):
            res["true"] = res["campaign_id"].map(lifts)
            res["hit"] = (res["ci_low"] <= res["true"]) & (res["true"] <= res["ci_high"])
        did, naive = plain[plain["method"] == "DiD"], plain[plain["method"] == "before/after"]
        cal_did = cal[cal["method"] == "DiD"]
        assert set(did["campaign_id"]) == set(lifts)
        assert (cal_did["se_scale"] >= 1).all() and (cal_did["n_placebos"] >= ex.MIN_PLACEBOS).all()
        assert (cal_did["ci_high"] - cal_did["ci_low"]).ge(did["ci_high"].to_numpy()
                                                           - did["ci_low"].to_numpy() - 1e-12).all()
        err_did.append((did["estimate"] - did["true"]).abs().mean())
        err_naive.append((naive["estimate"] - naive["true"]).abs().mean())
        assert err_did[-1] < err_naive[-1]
        # the naive estimate is not even on the right side: it over- and under-states
        assert set(np.sign(naive["estimate"] - naive["true"])) == {-1.0, 1.0}
        plain_hits += int(did["hit"].sum())
        cal_hits += int(cal_did["hit"].sum())
        total += len(did)
    assert total == 12
    # measured mean absolute errors, DiD vs before/after: 0.033 vs 0.143 (2024 cn),
    # 0.063 vs 0.126 (2024 global), 0.080 vs 0.088 (7 global: DiD is barely better there)
    assert np.mean(err_did) < 0.6 * np.mean(err_naive)
    assert plain_hits >= 10   # measured 11: CA01 at SEED 7 / global misses
    assert cal_hits >= 11     # measured 12


def test_placebo_windows_skip_excluded_weeks_and_calibrate(panel):
    kw = dict(metric="follows", treated=["t1", "t2"], control=["c1", "c2"])
    # 100 days, 20-day windows with 28-day pre-periods, starts on days 28, 35, ..., 77 (8);
    # the campaign (days 60-79) touches every window whose span (start - 28 .. start + 19)
    # reaches day 60 or later: only the starts on days 28, 35 are clean
    camp = [(START + pd.Timedelta(days=60), START + pd.Timedelta(days=79))]
    pl = ex.placebo_windows(panel, days=20, exclude=camp, **kw)
    assert pl["start"].tolist() == [START + pd.Timedelta(days=d) for d in (28, 35)]
    assert (pl["end"] - pl["start"]).dt.days.tolist() == [19, 19]
    assert pl["estimate"].abs().max() < 1e-12 and pl["covers_zero"].all()  # noise-free: no effect
    everything = ex.placebo_windows(panel, days=20, **kw)
    assert len(everything) == 8
    frame = pd.DataFrame({"start": pd.NaT, "end": pd.NaT, "campaign_id": "x",
                          "start_date": camp[0][0], "end_date": camp[0][1]}, index=[0])
    assert len(ex.placebo_windows(panel, days=20, exclude=frame, **kw)) == 2
    # calibration by hand: z = 1, -2, 2, 1, 0, 1 -> rms = sqrt(11/6) = 1.354
    fake = pd.DataFrame({"z": [1.0, -2.0, 2.0, 1.0, 0.0, 1.0]})
    noisy = _panel(seed=4)
    plain = _did(noisy)
    cal = _did(noisy, placebos=fake)
    assert cal["se_scale"] == approx(np.sqrt(11 / 6)) and cal["n_placebos"] == 6
    assert cal["se_log"] == approx(plain["se_log"] * np.sqrt(11 / 6))
    assert cal["df"] == 6 and cal["estimate"] == plain["estimate"]
    from scipy import stats
    assert cal["ci_high"] == approx(np.expm1(cal["log_estimate"] + stats.t.ppf(0.975, 6) * cal["se_log"]))
    # calibration never narrows: placebos that look too good leave the interval alone
    calm = _did(noisy, placebos=pd.DataFrame({"z": [0.1] * 6}))
    assert calm["se_scale"] == 1.0 and calm["se_log"] == approx(plain["se_log"])


def test_placebo_errors(panel):
    kw = dict(metric="follows", treated=["t1", "t2"], control=["c1", "c2"])
    with pytest.raises(ValueError, match="days: must be a whole number >= 1"):
        ex.placebo_windows(panel, days=0, **kw)
    with pytest.raises(ValueError, match="step_days: must be a whole number >= 1"):
        ex.placebo_windows(panel, days=20, step_days=0, **kw)
    with pytest.raises(ValueError, match="exclude: no 20-day window"):
        ex.placebo_windows(panel, days=20, exclude=[(START, START + pd.Timedelta(days=99))], **kw)
    with pytest.raises(ValueError, match=r"exclude: each item must be a \(start, end\) pair"):
        ex.placebo_windows(panel, days=20, exclude=[START], **kw)
    with pytest.raises(TypeError, match="exclude: expected a DataFrame"):
        ex.placebo_windows(panel, days=20, exclude="2025-03-01", **kw)
    with pytest.raises(ValueError, match="exclude: column 'end_date' not in the frame"):
        ex.placebo_windows(panel, days=20, exclude=pd.DataFrame({"start_date": [START]}), **kw)
    with pytest.raises(ValueError, match="exclude: end 2025-01-01 is before start"):
        ex.placebo_windows(panel, days=20, exclude=[("2025-01-05", "2025-01-01")], **kw)
    with pytest.raises(ValueError, match="control: give the control platforms"):
        ex.placebo_windows(panel, metric="follows", treated="t1", control=None, days=20)
    with pytest.raises(ValueError, match="placebos: only 3 placebo window"):
        _did(panel, placebos=pd.DataFrame({"z": [1.0, 2.0, 0.5]}))
    with pytest.raises(ValueError, match="placebos: column 'z' not in the frame"):
        _did(panel, placebos=pd.DataFrame({"estimate": [0.1] * 6}))
    with pytest.raises(TypeError, match="placebos: expected the DataFrame"):
        _did(panel, placebos=[1.0] * 6)
    with pytest.raises(ValueError, match="placebos: column 'z' has missing"):
        _did(panel, placebos=pd.DataFrame({"z": [1.0] * 5 + [np.nan]}))
    camps = pd.DataFrame({"campaign_id": ["C1"], "platforms": ["t1;t2"],
                          "start_date": [START + pd.Timedelta(days=60)],
                          "end_date": [START + pd.Timedelta(days=79)]})
    with pytest.raises(ValueError, match="placebos: only 2 placebo window"):
        ex.evaluate_campaigns(panel, camps, placebo_calibrated=True)
    with pytest.raises(TypeError, match="placebo_calibrated: must be True or False"):
        ex.evaluate_campaigns(panel, camps, placebo_calibrated="yes")


def test_evaluate_campaigns_calibrated_on_a_long_panel():
    frame = _panel(days=240, camp=(150, 170), seed=2)
    camps = pd.DataFrame({"campaign_id": ["C1"], "platforms": ["t1;t2"],
                          "start_date": [START + pd.Timedelta(days=150)],
                          "end_date": [START + pd.Timedelta(days=169)]})
    res = ex.evaluate_campaigns(frame, camps, placebo_calibrated=True).set_index("method")
    assert res.loc["DiD", "n_placebos"] == 18 and res.loc["DiD", "se_scale"] >= 1
    assert res.loc["before/after", "n_placebos"] == 0
    assert res.loc["DiD", "ci_low"] <= 0.3 <= res.loc["DiD", "ci_high"]


def test_after_campaign_gap_is_zero_under_parallel_trends_and_sees_a_drift():
    kw = dict(metric="follows", treated=["t1", "t2"], control=["c1", "c2"],
              start=START + pd.Timedelta(days=40), end=START + pd.Timedelta(days=59))
    # campaign days 40-59 (camp=(40, 60)), after window days 60-87, pre-period days 12-39
    flat = ex.after_campaign_gap(_panel(noise=False, camp=(40, 60)), **kw).iloc[0]
    assert flat["estimate"] == approx(0.0, abs=1e-12)
    assert flat["after_start"] == START + pd.Timedelta(days=60)
    assert flat["after_end"] == START + pd.Timedelta(days=87) and flat["post_days"] == 28
    assert flat["estimand"] == "gap after the campaign (treated vs control)"
    # treated grow 1 % per day faster: after/pre centres are (60 + 87)/2 - (12 + 39)/2 = 48 days
    # apart, so the gap is about exp(0.48) - 1 = 0.62; exactly, from the mean functions:
    drift = ex.after_campaign_gap(_panel(noise=False, camp=(40, 60), trend_t=0.01), **kw).iloc[0]
    exact = _did_by_hand(0.4, 0.3, pre=(12, 40), post=(60, 88), camp=(40, 60), trend_t=0.01)
    assert drift["estimate"] == approx(exact, abs=1e-12)
    assert exact == approx(np.expm1(0.48), rel=0.05)
    # cut at the end of the data, but at least 7 days are needed
    short = ex.after_campaign_gap(_panel(noise=False, camp=(40, 60)), after_days=100, **kw).iloc[0]
    assert short["after_end"] == START + pd.Timedelta(days=99) and short["post_days"] == 40
    late = dict(kw, start=START + pd.Timedelta(days=80), end=START + pd.Timedelta(days=95))
    with pytest.raises(ValueError, match="after_days: only 4 day"):
        ex.after_campaign_gap(_panel(noise=False), **late)
    with pytest.raises(ValueError, match="after_days: must be a whole number >= 1"):
        ex.after_campaign_gap(_panel(noise=False), after_days=0, **kw)
    with pytest.raises(ValueError, match="control: give the control platforms"):
        ex.after_campaign_gap(_panel(noise=False), **dict(kw, control=None))


def test_plot_did_draws_both_groups(panel):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = ex.plot_did(_panel(seed=1), metric="follows", treated=["t1", "t2"], control=["c1", "c2"],
                      start=START + pd.Timedelta(days=60), end=START + pd.Timedelta(days=79), ax=ax)
    assert out is ax
    assert ax.get_ylabel() == "Daily follows (x pre-period mean)" and ax.get_yscale() == "log"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["treated (7-day mean)", "control (7-day mean)", "campaign"]
    with pytest.raises(ValueError, match="end: .* is before start"):
        ex.plot_did(panel, metric="follows", treated="t1", control="c1", start="2025-03-10",
                    end="2025-03-01", ax=ax)
    with pytest.raises(ValueError, match="before_days: must be a whole number >= 0"):
        ex.plot_did(panel, metric="follows", treated="t1", control="c1", start="2025-03-01",
                    end="2025-03-10", before_days=-1, ax=ax)
    plt.close(fig)


def test_control_platforms_of_the_default_data(bundle: Bundle):
    control = ex.control_platforms(bundle.tables["daily_metrics"], bundle.tables["campaigns"])
    assert control == (["bilibili", "zhihu"] if bundle.scenario.market == "cn" else ["x", "linkedin"])


@pytest.mark.parametrize("seed, market", [(2024, "cn"), (7, "global")])
def test_exercise_references_cover_the_truth(seed: int, market: str):
    """The notebook's two parameter sets: the reference answers of the exercises are
    estimates whose intervals contain the simulator's true effect."""
    daily, campaigns = data.load("daily_metrics", seed=seed, market=market), data.load("campaigns", seed=seed, market=market)
    truth = data.truth(seed, market)
    c = campaigns.set_index("campaign_id").loc[exercises.DID_CAMPAIGN]
    r = ex.diff_in_diff(daily, metric="follows", treated=c["platforms"],
                        control=ex.control_platforms(daily, campaigns), start=c["start_date"],
                        end=c["end_date"], pre_days=exercises.PRE_DAYS).iloc[0]
    lift = next(x.follows_lift for x in truth.campaigns if x.campaign_id == exercises.DID_CAMPAIGN)
    assert r["ci_low"] <= lift <= r["ci_high"]
    # (not asserted: DiD closer than before/after. With a 14-day pre-period CA04's control
    # platforms barely change at SEED 7 / global, and the naive number happens to be closer.)
    # exercise 1: orders per person exposed; the true lift is (1 + CTR lift)(1 + CVR lift) - 1
    ab = data.load("ab_tests", seed=seed, market=market)
    s = ex.ab_summary(ab, successes="conversions", trials="exposed").loc[exercises.ORDERS_TEST]
    e = next(e for e in truth.experiments if e.test_id == exercises.ORDERS_TEST)
    assert s["ci_low"] <= (1 + e.ctr_lift) * (1 + e.cvr_lift) - 1 <= s["ci_high"]
    # exercise 2: the test really was too short for that lift
    days = ab.loc[ab["test_id"] == exercises.POWER_TEST, "date"].nunique()
    ctx = {"ab": ab}
    assert checks_expected("exp.test_days", ctx) > 2 * days


def checks_expected(key: str, ctx: dict) -> float:
    from course_lib import checks

    return checks.all_exercises()[key].solve(**ctx)
