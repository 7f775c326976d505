"""A/B tests, power and sample size, peeking, and campaign effects by difference-in-differences.

Two questions run through chapter 4.3:

* **Did creative B beat creative A?** A randomised A/B test (A/B测试) compares
  two proportions (clicks per person exposed, orders per click).
  :func:`two_proportion_test` gives the z-test and intervals for the absolute
  difference and for the relative lift, :func:`ab_summary` does it for every
  test of an ``ab_tests`` table, :func:`ab_day_check` asks whether days
  differ more than chance allows (day-level shocks the pooled test ignores),
  :func:`power` and :func:`sample_size` say how many people a test needs, and
  :func:`peeking_simulation` shows why looking at a running test every day
  and stopping at the first "significant" result inflates false positives.
* **What did a campaign add?** A campaign is not randomised, so the
  comparison is before/after. :func:`before_after` is the naive estimate
  (campaign window vs the weeks before, on the campaign's platforms only);
  :func:`diff_in_diff` (双重差分) divides it by the change over the same weeks
  on *control* platforms that had no campaign, which removes whatever moved
  both groups alike (season, weekday mix, a crisis that hit every platform).
  :func:`parallel_trends` checks the key assumption in the weeks before,
  :func:`after_campaign_gap` in the weeks after, :func:`placebo_windows`
  runs the same DiD on fake campaigns in quiet weeks (and calibrates the
  interval with them), and :func:`plot_did` draws both groups around a
  campaign.

Every function returns a tidy :class:`pandas.DataFrame` with ``estimate``,
``ci_low`` and ``ci_high``. Rates and lifts are fractions (0.10 = +10 %).

The campaign estimand
---------------------
A campaign in the course's simulator (and, as a working assumption, in
practice) *multiplies* a metric on its platforms: followers gained per day
become ``(1 + lift) x`` what they would have been. Season, weekday and a
platform-wide crisis multiply too. On the log scale multipliers add up, so

``log(T_post / T_pre) - log(C_post / C_pre) = log(1 + lift)``

when treated (T) and control (C) platforms share the same multiplicative
trend (*parallel trends on the log scale*). :func:`diff_in_diff` estimates
``lift = (T_post / T_pre) / (C_post / C_pre) - 1`` from window means (a
ratio metric such as engagements per reach is pooled: the sum of the
numerator over the sum of the denominator, never the mean of daily rates).
The interval is a delta-method interval on the log scale with
Newey-West (HAC) standard errors, which allow for correlation between
nearby days, and a Student-t quantile with ``min(pre days, post days) - 1``
degrees of freedom (a small-sample correction: the variance is estimated
from a few weeks of days), then transformed back: ``exp(log-CI) - 1``, so it
is not symmetric around the estimate. On the course's simulated campaigns
such intervals still cover the true lift less often than 95 % (the
platforms' seasonality differs, a parallel-trends violation no interval
for day-to-day noise can see); ``placebo_windows`` + ``diff_in_diff(...,
placebos=...)`` widen them by what fake campaigns in quiet weeks show.

Examples
--------
>>> res = two_proportion_test(successes_a=200, trials_a=10_000, successes_b=250, trials_b=10_000)
>>> res[["estimand", "estimate", "p_value"]].round(4)
          estimand  estimate  p_value
0       difference     0.005   0.0171
1    relative lift     0.250   0.0171
>>> int(sample_size(p_control=0.10, relative_lift=0.5)["n_per_arm"].iloc[0])
686

Sources
-------
* Kohavi, R., Tang, D. & Xu, Y. (2020). *Trustworthy Online Controlled
  Experiments: A Practical Guide to A/B Testing*. Cambridge University Press.
  (Two-proportion tests, relative lift, power, peeking.)
* Fleiss, J. L., Levin, B. & Paik, M. C. (2003). *Statistical Methods for
  Rates and Proportions* (3rd ed.). Wiley. (Sample size for two proportions.)
* Newcombe, R. G. (1998). "Interval estimation for the difference between
  independent proportions". *Statistics in Medicine*, 17(8), 873-890.
  (The Wald interval for a difference and its example 56/70 vs 48/80.)
* Katz, D., Baptista, J., Azen, S. P. & Pike, M. C. (1978). "Obtaining
  confidence intervals for the risk ratio in cohort studies".
  *Biometrics*, 34(3), 469-474. (Log interval for a ratio of proportions.)
* Armitage, P., McPherson, C. K. & Rowe, B. C. (1969). "Repeated
  significance tests on accumulating data". *JRSS A*, 132(2), 235-244.
  (Peeking: the false-positive rate of repeated looks.)
* Angrist, J. D. & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*,
  ch. 5. Princeton University Press. (Difference-in-differences.)
* Bertrand, M., Duflo, E. & Mullainathan, S. (2004). "How much should we
  trust differences-in-differences estimates?" *QJE*, 119(1), 249-275.
  (Serial correlation makes naive DiD intervals too narrow.)
* Newey, W. K. & West, K. D. (1987). "A simple, positive semi-definite,
  heteroskedasticity and autocorrelation consistent covariance matrix".
  *Econometrica*, 55(3), 703-708.
"""
from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "ALTERNATIVES",
    "MIN_PLACEBOS",
    "ab_day_check",
    "ab_summary",
    "after_campaign_gap",
    "before_after",
    "control_platforms",
    "diff_in_diff",
    "evaluate_campaigns",
    "group_series",
    "parallel_trends",
    "peeking_simulation",
    "placebo_windows",
    "plot_did",
    "power",
    "sample_size",
    "two_proportion_test",
]

ALTERNATIVES: tuple[str, ...] = ("two-sided", "greater", "less")
"""Allowed ``alternative=``: B's rate differs from / is greater than / is less than A's."""

MIN_PLACEBOS = 5
"""Fewest placebo windows :func:`diff_in_diff` accepts to calibrate an interval."""

Alternative = Literal["two-sided", "greater", "less"]
Platforms = str | Sequence[str]


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------

def _check_alpha(alpha: object, param: str = "alpha") -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, Real) or not 0 < float(alpha) < 1:
        raise ValueError(f"{param}: must be a number strictly between 0 and 1, got {alpha!r}")
    return float(alpha)


def _check_alternative(alternative: object) -> str:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative: unknown option {alternative!r}; allowed: "
                         + ", ".join(repr(a) for a in ALTERNATIVES))
    return str(alternative)


def _counts(value: object, param: str) -> np.ndarray:
    """A whole, non-negative count (or a 1-d array of them) as int64."""
    arr = np.asarray(value)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"{param}: must be a whole number (or numbers), got {value!r}")
    if arr.ndim > 1:
        raise ValueError(f"{param}: must be a number or a 1-d sequence, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{param}: is empty")
    if not np.isfinite(arr).all() or (arr < 0).any() or (arr != np.round(arr)).any():
        raise ValueError(f"{param}: counts must be whole numbers >= 0, got {value!r}")
    return arr.astype(np.int64)


def _numbers(value: object, param: str, low: float, high: float, *, closed: bool = False) -> np.ndarray:
    try:
        arr = None if isinstance(value, (str, bool)) else np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        arr = None
    if arr is None or arr.ndim > 1 or arr.size == 0:
        raise TypeError(f"{param}: must be a number or a 1-d sequence of numbers, got {value!r}")
    ok = (arr >= low) & (arr <= high) if closed else (arr > low) & (arr < high)
    if not np.isfinite(arr).all() or not ok.all():
        bounds = f"[{low}, {high}]" if closed else f"({low}, {high})"
        raise ValueError(f"{param}: must lie in {bounds}, got {value!r}")
    return arr


def _broadcast(**arrays: np.ndarray) -> list[np.ndarray]:
    sizes = {k: a.size for k, a in arrays.items() if a.size != 1}
    if len(set(sizes.values())) > 1:
        raise ValueError("mismatched lengths: " + ", ".join(f"{k} has {n}" for k, n in sizes.items())
                         + " values; give one value or sequences of the same length")
    n = max(sizes.values(), default=1)
    return [np.broadcast_to(a.reshape(-1), (n,)) if a.size == 1 else a.reshape(-1)
            for a in arrays.values()]


def _norm():
    from scipy import stats

    return stats.norm


# --------------------------------------------------------------------------
# A/B tests: two proportions
# --------------------------------------------------------------------------

def _two_prop(xa: np.ndarray, na: np.ndarray, xb: np.ndarray, nb: np.ndarray,
              alpha: float, alternative: str) -> dict[str, np.ndarray]:
    """Vectorised core of :func:`two_proportion_test` (inputs already validated)."""
    norm = _norm()
    pa, pb = xa / na, xb / nb
    pooled = (xa + xb) / (na + nb)
    se0 = np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    z = (pb - pa) / se0
    if alternative == "two-sided":
        p = 2 * norm.sf(np.abs(z))
    elif alternative == "greater":
        p = norm.sf(z)
    else:
        p = norm.cdf(z)
    q = norm.ppf(1 - alpha / 2)
    diff = pb - pa
    se_diff = np.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    log_rr = np.log(pb / pa)
    se_log = np.sqrt(1 / xb - 1 / nb + 1 / xa - 1 / na)
    return {
        "rate_a": pa, "rate_b": pb, "z": z, "p_value": np.minimum(p, 1.0),
        "diff": diff, "diff_low": diff - q * se_diff, "diff_high": diff + q * se_diff,
        "lift": pb / pa - 1, "lift_low": np.exp(log_rr - q * se_log) - 1,
        "lift_high": np.exp(log_rr + q * se_log) - 1,
    }


def _validated_counts(successes_a, trials_a, successes_b, trials_b):
    xa, na = _counts(successes_a, "successes_a"), _counts(trials_a, "trials_a")
    xb, nb = _counts(successes_b, "successes_b"), _counts(trials_b, "trials_b")
    xa, na, xb, nb = _broadcast(successes_a=xa, trials_a=na, successes_b=xb, trials_b=nb)
    for x, n, arm in ((xa, na, "a"), (xb, nb, "b")):
        if (n == 0).any():
            raise ValueError(f"trials_{arm}: zero exposures (0 trials) in arm {arm.upper()}; "
                             "a rate needs at least one trial")
        if (x > n).any():
            raise ValueError(f"successes_{arm}: more successes than trials in arm {arm.upper()}")
        if (x == 0).any():
            raise ValueError(f"successes_{arm}: 0 successes in arm {arm.upper()}; the relative lift "
                             "and its interval need at least one success per arm")
    if ((xa == na) & (xb == nb)).any():
        raise ValueError("successes_a, successes_b: every trial is a success in both arms; "
                         "there is nothing to test")
    return xa, na, xb, nb


def two_proportion_test(successes_a: int, trials_a: int, successes_b: int, trials_b: int, *,
                        alpha: float = 0.05, alternative: Alternative = "two-sided") -> pd.DataFrame:
    """Compare two proportions (A = control, B = treatment): z-test and intervals.

    Parameters
    ----------
    successes_a, trials_a : int
        Successes (e.g. clicks) and trials (e.g. people exposed) of variant A,
        **summed over the whole test** (pooled counts, not daily rates).
    successes_b, trials_b : int
        The same for variant B.
    alpha : float
        Significance level; the intervals are two-sided ``1 - alpha``.
    alternative : {"two-sided", "greater", "less"}
        For the p-value only: B's rate differs from / is greater than / is
        less than A's. Decide it *before* looking at the data.

    Returns
    -------
    pandas.DataFrame
        Two rows, ``estimand`` = ``"difference"`` (``rate_b - rate_a``, in
        proportion units: 0.005 = 0.5 percentage points) and ``"relative
        lift"`` (``rate_b / rate_a - 1``), with columns ``rate_a``,
        ``rate_b``, ``estimate``, ``ci_low``, ``ci_high``, ``z``,
        ``p_value``, ``significant`` (``p_value < alpha``).

    Notes
    -----
    Assumptions: people are randomised to A or B independently, each person
    counts once, and the counts are large enough for the normal
    approximation (rule of thumb: at least 10 successes and 10 failures per
    arm). **The unit of analysis must be the unit of randomisation**: if
    ``trials`` are exposures summed over days, a person who returns on
    several days counts several times and their clicks are correlated, and
    a day-level shock (a trending topic, an outage) moves many trials at
    once; both make this interval too narrow. Count people, or check the
    days with :func:`ab_day_check`.

    The z-test uses the pooled rate under the null hypothesis; the
    interval of the difference is the unpooled Wald interval (Newcombe 1998,
    method 1) and the interval of the relative lift is the log (Katz 1978)
    interval of the ratio ``rate_b / rate_a``. Because test and intervals
    use different standard errors, a p-value just below ``alpha`` can come
    with an interval that just touches 0: decide by one of them, named
    before the test (the course decides by the interval it reports).

    Examples
    --------
    >>> r = two_proportion_test(successes_a=48, trials_a=80, successes_b=56, trials_b=70)
    >>> r.loc[0, ["estimate", "ci_low", "ci_high"]].astype(float).round(4).tolist()
    [0.2, 0.0575, 0.3425]
    """
    a = _check_alpha(alpha)
    alt = _check_alternative(alternative)
    xa, na, xb, nb = _validated_counts(successes_a, trials_a, successes_b, trials_b)
    if xa.size != 1:
        raise ValueError("successes_a: give single counts here; use ab_summary() for many tests")
    r = {k: float(v[0]) for k, v in _two_prop(xa, na, xb, nb, a, alt).items()}
    return pd.DataFrame({
        "estimand": pd.Series(["difference", "relative lift"], dtype="str"),
        "rate_a": [r["rate_a"]] * 2,
        "rate_b": [r["rate_b"]] * 2,
        "estimate": [r["diff"], r["lift"]],
        "ci_low": [r["diff_low"], r["lift_low"]],
        "ci_high": [r["diff_high"], r["lift_high"]],
        "z": [r["z"]] * 2,
        "p_value": [r["p_value"]] * 2,
        "significant": [r["p_value"] < a] * 2,
    })


def ab_summary(ab: pd.DataFrame, *, successes: str = "clicks", trials: str = "exposed",
               by: str = "test_id", variant: str = "variant", control: str = "A",
               treatment: str = "B", alpha: float = 0.05,
               alternative: Alternative = "two-sided", small_count: int = 20) -> pd.DataFrame:
    """Relative lift of B over A, with interval and p-value, for every test of an A/B table.

    Parameters
    ----------
    ab : pandas.DataFrame
        One row per test x day x variant (the course's ``ab_tests`` table).
    successes, trials : str
        Count columns: ``clicks`` / ``exposed`` gives the click-through rate,
        ``conversions`` / ``clicks`` the conversion rate per click.
    by : str
        Column identifying a test.
    variant, control, treatment : str
        Variant column and its control / treatment labels.
    alpha, alternative
        As in :func:`two_proportion_test`.
    small_count : int
        Flag a test when an arm has fewer successes (or failures) than
        this: the result then rests on a handful of events.

    Returns
    -------
    pandas.DataFrame
        One row per test, indexed by ``by``: pooled ``trials_a``,
        ``successes_a``, ``trials_b``, ``successes_b``, ``rate_a``,
        ``rate_b``, the relative lift ``estimate`` with ``ci_low`` and
        ``ci_high``, ``diff`` (absolute difference), ``p_value``,
        ``significant``, ``min_count`` (fewest successes or failures in
        either arm) and ``small_counts`` (``min_count < small_count``).

    Notes
    -----
    Counts are summed over the days of each test first (pooled): averaging
    daily rates would weigh a quiet day like a busy one. Same assumptions as
    :func:`two_proportion_test`. A flagged row (``small_counts``) is
    indicative only: with a dozen orders per arm one order more or less
    moves the lift by several points, and the normal approximation behind
    the interval needs at least 10 events per arm (rule of thumb).

    Examples
    --------
    >>> ab = pd.DataFrame({"test_id": ["T1"] * 4, "variant": ["A", "B", "A", "B"],
    ...                    "exposed": [5000, 5000, 5000, 5000], "clicks": [100, 120, 100, 130]})
    >>> ab_summary(ab)[["rate_a", "rate_b", "estimate"]].round(3)
             rate_a  rate_b  estimate
    test_id
    T1         0.02   0.025      0.25
    """
    if not isinstance(ab, pd.DataFrame):
        raise TypeError(f"ab: expected a pandas DataFrame, got {type(ab).__name__}")
    for param, col in (("by", by), ("variant", variant), ("successes", successes), ("trials", trials)):
        if col not in ab.columns:
            raise ValueError(f"{param}: column {col!r} not in the frame; available: {list(ab.columns)}")
    if ab.empty:
        raise ValueError("ab: the frame is empty")
    a = _check_alpha(alpha)
    alt = _check_alternative(alternative)
    if isinstance(small_count, bool) or not isinstance(small_count, Integral) or small_count < 0:
        raise ValueError(f"small_count: must be a whole number >= 0, got {small_count!r}")
    labels = set(ab[variant].unique())
    missing = [v for v in (control, treatment) if v not in labels]
    if missing:
        raise ValueError(f"variant: labels {missing} not found in column {variant!r}; "
                         f"found: {sorted(map(str, labels))}")
    keep = ab[ab[variant].isin([control, treatment])]
    sums = keep.groupby([by, variant], observed=True)[[successes, trials]].sum().unstack(variant)
    empty = sums.index[sums.isna().any(axis=1)].tolist()
    if empty:
        raise ValueError(f"{by}: tests {empty} have no rows for one of the variants "
                         f"{control!r}/{treatment!r} (empty group)")
    xa, na, xb, nb = _validated_counts(sums[(successes, control)].to_numpy(),
                                       sums[(trials, control)].to_numpy(),
                                       sums[(successes, treatment)].to_numpy(),
                                       sums[(trials, treatment)].to_numpy())
    r = _two_prop(xa, na, xb, nb, a, alt)
    return pd.DataFrame({
        "trials_a": na, "successes_a": xa, "trials_b": nb, "successes_b": xb,
        "rate_a": r["rate_a"], "rate_b": r["rate_b"],
        "estimate": r["lift"], "ci_low": r["lift_low"], "ci_high": r["lift_high"],
        "diff": r["diff"], "p_value": r["p_value"], "significant": r["p_value"] < a,
        "min_count": np.minimum.reduce([xa, na - xa, xb, nb - xb]),
        "small_counts": np.minimum.reduce([xa, na - xa, xb, nb - xb]) < small_count,
    }, index=sums.index.rename(by))


def ab_day_check(ab: pd.DataFrame, *, successes: str = "clicks", trials: str = "exposed",
                 by: str = "test_id", variant: str = "variant", date: str = "date",
                 control: str = "A", treatment: str = "B") -> pd.DataFrame:
    """Do the days of an A/B test differ more than chance allows?

    The pooled z-test treats every trial as independent. Two things break
    that in daily data: a day-level shock (a trending topic, a feed change)
    moves many trials at once, and a returning person is counted on every
    day they come back. This check looks at the daily rates of each arm.

    Parameters
    ----------
    ab : pandas.DataFrame
        One row per test x day x variant (the course's ``ab_tests``).
    successes, trials : str
        Count columns (``clicks`` / ``exposed`` for the CTR).
    by, variant, date : str
        Column names: test id, variant label, day.
    control, treatment : str
        Labels of the two variants.

    Returns
    -------
    pandas.DataFrame
        One row per test, indexed by ``by``: ``days``; ``dispersion_a``,
        ``dispersion_b`` and ``dispersion`` (both arms): the chi-square
        statistic of "every day has the arm's pooled rate" divided by its
        degrees of freedom (about 1 when days differ by binomial noise only,
        well above 1 with day-level shocks); ``p_value`` of that chi-square
        test (small: the days differ more than chance allows); ``se_ratio``:
        the day-clustered standard error of the log lift divided by the
        binomial one (above 1: the binomial interval is too narrow by about
        that factor).

    Notes
    -----
    Dispersion per arm: ``sum_d (x_d - n_d p)^2 / (n_d p (1 - p))`` over
    ``D`` days, ``D - 1`` degrees of freedom (the chi-square test of
    homogeneity); both arms: the sum, ``2 (D - 1)`` degrees of freedom.
    Day-clustered standard error of ``log(rate_b / rate_a)`` (a ratio
    estimator with days as clusters, both arms of a day in the same
    cluster): ``sqrt(D / (D - 1) sum_d u_d^2)`` with
    ``u_d = (x_bd - r_b n_bd) / (r_b N_b) - (x_ad - r_a n_ad) / (r_a N_a)``.
    A shock that hits both arms of a day alike raises the dispersion but
    cancels in ``u_d``: randomising within days protects the comparison.
    Clustering by day cannot see a person counted on several days; that
    needs person-level data (count people, not exposures). With a week or
    two of days both statistics are rough.

    Examples
    --------
    >>> ab = pd.DataFrame({"test_id": "T1", "date": ["d1", "d1", "d2", "d2"],
    ...                    "variant": ["A", "B"] * 2, "exposed": [100] * 4,
    ...                    "clicks": [10, 15, 20, 15]})
    >>> ab_day_check(ab)[["dispersion_a", "dispersion_b", "se_ratio"]].round(3)
             dispersion_a  dispersion_b  se_ratio
    test_id
    T1              3.922           0.0       1.4
    """
    from scipy import stats

    if not isinstance(ab, pd.DataFrame):
        raise TypeError(f"ab: expected a pandas DataFrame, got {type(ab).__name__}")
    for param, col in (("by", by), ("variant", variant), ("date", date), ("successes", successes),
                       ("trials", trials)):
        if col not in ab.columns:
            raise ValueError(f"{param}: column {col!r} not in the frame; available: {list(ab.columns)}")
    if ab.empty:
        raise ValueError("ab: the frame is empty")
    missing = [v for v in (control, treatment) if v not in set(ab[variant].unique())]
    if missing:
        raise ValueError(f"variant: labels {missing} not found in column {variant!r}")
    keep = ab[ab[variant].isin([control, treatment])]
    day = (keep.groupby([by, date, variant], observed=True)[[successes, trials]].sum()
           .unstack(variant))
    if day.isna().any(axis=None):
        raise ValueError(f"{date}: some days have rows for only one variant; both arms must run "
                         "on the same days")
    xa = _counts(day[(successes, control)].to_numpy(), "successes")
    na = _counts(day[(trials, control)].to_numpy(), "trials")
    xb = _counts(day[(successes, treatment)].to_numpy(), "successes")
    nb = _counts(day[(trials, treatment)].to_numpy(), "trials")
    test = day.index.get_level_values(by)
    tot = pd.DataFrame({"xa": xa, "na": na, "xb": xb, "nb": nb}, index=test).groupby(level=0, sort=False)
    sums, n_days = tot.sum(), tot.size()
    if (n_days < 2).any():
        raise ValueError(f"{date}: tests {n_days.index[n_days < 2].tolist()} have only one day; "
                         "comparing days needs at least two")
    _validated_counts(sums["xa"].to_numpy(), sums["na"].to_numpy(), sums["xb"].to_numpy(),
                      sums["nb"].to_numpy())
    if (day[(trials, control)].to_numpy() == 0).any() or (day[(trials, treatment)].to_numpy() == 0).any():
        raise ValueError(f"{trials}: some days have 0 trials in an arm (zero exposures)")
    full = sums.reindex(test)
    ra, rb = (full["xa"] / full["na"]).to_numpy(), (full["xb"] / full["nb"]).to_numpy()
    parts = pd.DataFrame({
        "chi_a": (xa - na * ra) ** 2 / (na * ra * (1 - ra)),
        "chi_b": (xb - nb * rb) ** 2 / (nb * rb * (1 - rb)),
        "u2": ((xb - rb * nb) / (rb * full["nb"].to_numpy())
               - (xa - ra * na) / (ra * full["na"].to_numpy())) ** 2,
    }, index=test).groupby(level=0, sort=False).sum()
    d = n_days.to_numpy(float)
    chi = parts["chi_a"] + parts["chi_b"]
    se_binom = np.sqrt(1 / sums["xb"] - 1 / sums["nb"] + 1 / sums["xa"] - 1 / sums["na"])
    out = pd.DataFrame({
        "days": n_days.to_numpy(),
        "dispersion_a": parts["chi_a"] / (d - 1),
        "dispersion_b": parts["chi_b"] / (d - 1),
        "dispersion": chi / (2 * (d - 1)),
        "p_value": stats.chi2.sf(chi, 2 * (d - 1)),
        "se_ratio": np.sqrt(d / (d - 1) * parts["u2"]) / se_binom,
    })
    out.index = out.index.rename(by)
    return out.sort_index()


# --------------------------------------------------------------------------
# power and sample size
# --------------------------------------------------------------------------

def _design(p_control, relative_lift, alpha, alternative):
    pc = _numbers(p_control, "p_control", 0.0, 1.0)
    lift = _numbers(relative_lift, "relative_lift", -1.0, np.inf)
    if (lift == 0).any():
        raise ValueError("relative_lift: must not be 0 (no effect needs no test; "
                         "use peeking_simulation for A/A tests)")
    a = _check_alpha(alpha)
    alt = _check_alternative(alternative)
    return pc, lift, a, alt


def _z_alpha(alpha: float, alternative: str) -> float:
    return float(_norm().ppf(1 - alpha / 2 if alternative == "two-sided" else 1 - alpha))


def _check_treatment_rate(pc: np.ndarray, lift: np.ndarray) -> np.ndarray:
    pt = pc * (1 + lift)
    if (pt >= 1).any():
        raise ValueError("relative_lift: p_control x (1 + relative_lift) must stay below 1")
    return pt


def _sds(pc: np.ndarray, pt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Standard deviations (per sqrt(n)) of the difference under H0 and under H1."""
    pbar = (pc + pt) / 2
    return np.sqrt(2 * pbar * (1 - pbar)), np.sqrt(pc * (1 - pc) + pt * (1 - pt))


def power(*, p_control: float | Sequence[float], n_per_arm: int | Sequence[int],
          relative_lift: float | Sequence[float], alpha: float = 0.05,
          alternative: Alternative = "two-sided") -> pd.DataFrame:
    """Power of a two-proportion z-test: the chance it detects a true lift.

    Parameters
    ----------
    p_control : float or sequence
        Rate of the control arm (fraction, e.g. 0.03 for a 3 % CTR).
    n_per_arm : int or sequence
        People per arm (the test has twice as many in total).
    relative_lift : float or sequence
        True relative lift of the treatment (0.10 = +10 %; the treatment
        rate is ``p_control * (1 + relative_lift)``).
    alpha : float
        Significance level.
    alternative : {"two-sided", "greater", "less"}
        ``"greater"`` or ``"less"``: a one-sided test in the direction of
        the lift (a one-sided test in the wrong direction has no power).

    Any of the three can be a sequence. Sequences are paired element-wise
    (position 1 with position 1, ...), so they must have the same length;
    a single value is used for every position. One row per position, in
    order (not every combination: build a grid yourself for that).

    Returns
    -------
    pandas.DataFrame
        Columns ``p_control``, ``p_treatment``, ``relative_lift``,
        ``n_per_arm``, ``alpha``, ``power``.

    Notes
    -----
    The classic normal-approximation formula (Fleiss, Levin & Paik 2003;
    R's ``power.prop.test``): ``power = Phi((|d| sqrt(n) - z sd0) / sd1)``
    with ``d = p_t - p_c``, ``sd0 = sqrt(2 pbar (1 - pbar))`` under the null
    and ``sd1 = sqrt(p_c q_c + p_t q_t)`` under the alternative. The far
    tail of a two-sided test is ignored (negligible when power matters).
    Assumes equal arms and independent people.

    Examples
    --------
    >>> power(p_control=0.10, n_per_arm=686, relative_lift=0.5)["power"].round(3).item()
    0.8
    """
    pc, lift, a, alt = _design(p_control, relative_lift, alpha, alternative)
    n = _numbers(n_per_arm, "n_per_arm", 0.0, np.inf)
    pc, lift, n = _broadcast(p_control=pc, relative_lift=lift, n_per_arm=n)
    pt = _check_treatment_rate(pc, lift)
    sd0, sd1 = _sds(pc, pt)
    d = pt - pc
    signed = np.abs(d) if alt == "two-sided" else (d if alt == "greater" else -d)
    pw = _norm().cdf((signed * np.sqrt(n) - _z_alpha(a, alt) * sd0) / sd1)
    return pd.DataFrame({"p_control": pc, "p_treatment": pt, "relative_lift": lift,
                         "n_per_arm": n, "alpha": a, "power": pw})


def sample_size(*, p_control: float | Sequence[float], relative_lift: float | Sequence[float],
                alpha: float = 0.05, power: float = 0.8,
                alternative: Alternative = "two-sided") -> pd.DataFrame:
    """People needed per arm to detect a relative lift with a two-proportion z-test.

    Parameters
    ----------
    p_control : float or sequence
        Expected rate of the control arm (fraction).
    relative_lift : float or sequence
        Smallest relative lift worth detecting (0.10 = +10 %), *relative*
        to ``p_control``, not in percentage points.
    alpha : float
        Significance level.
    power : float
        Wanted chance of detecting the lift if it is real (0.8 is the
        convention).
    alternative : {"two-sided", "greater", "less"}
        Two-sided unless a one-sided test was decided before the test.

    Returns
    -------
    pandas.DataFrame
        One row per ``p_control`` x ``relative_lift`` pair: ``p_control``,
        ``p_treatment``, ``relative_lift``, ``alpha``, ``power``,
        ``n_exact`` (the formula's value), ``n_per_arm`` (rounded up) and
        ``n_total`` (both arms).

    Notes
    -----
    ``n = (z_alpha sd0 + z_power sd1)^2 / (p_t - p_c)^2`` (Fleiss, Levin &
    Paik 2003, without continuity correction; the inverse of :func:`power`).
    Textbook check: ``p_control=0.10, p_t=0.15`` (a +50 % lift), alpha 0.05
    two-sided, power 0.8 gives 685.6, i.e. 686 per arm. Halving the lift
    roughly quadruples ``n``.

    Examples
    --------
    >>> sample_size(p_control=0.03, relative_lift=[0.10, 0.20])["n_per_arm"].tolist()
    [53211, 13914]
    """
    pc, lift, a, alt = _design(p_control, relative_lift, alpha, alternative)
    pw = _numbers(power, "power", 0.0, 1.0)
    if pw.size != 1:
        raise ValueError("power: give a single target power")
    pc, lift = _broadcast(p_control=pc, relative_lift=lift)
    pt = _check_treatment_rate(pc, lift)
    sd0, sd1 = _sds(pc, pt)
    n = (_z_alpha(a, alt) * sd0 + float(_norm().ppf(pw.item())) * sd1) ** 2 / (pt - pc) ** 2
    per_arm = np.ceil(n - 1e-9).astype(np.int64)
    return pd.DataFrame({"p_control": pc, "p_treatment": pt, "relative_lift": lift,
                         "alpha": a, "power": pw.item(), "n_exact": n,
                         "n_per_arm": per_arm, "n_total": 2 * per_arm})


# --------------------------------------------------------------------------
# peeking
# --------------------------------------------------------------------------

def peeking_simulation(*, n_experiments: int = 2000, days: int = 28, visitors_per_day: int = 1000,
                       rate: float = 0.03, relative_lift: float = 0.0, alpha: float = 0.05,
                       seed: int = 0) -> pd.DataFrame:
    """Simulate many A/B tests checked every day, and count how often they "win".

    Each experiment gets ``visitors_per_day`` people per arm per day; A
    converts at ``rate``, B at ``rate * (1 + relative_lift)``. After every
    day the two-sided two-proportion z-test is run on the cumulative
    counts. With ``relative_lift=0`` (an A/A test) every "significant"
    result is a false positive.

    Parameters
    ----------
    n_experiments : int
        Number of simulated experiments.
    days : int
        Planned length of each experiment (one look per day).
    visitors_per_day : int
        People per arm per day.
    rate : float
        Control rate (fraction).
    relative_lift : float
        True relative lift of B (0 = A/A test).
    alpha : float
        Significance level of each look.
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    pandas.DataFrame
        One row per day: ``day``, ``n_per_arm`` (cumulative),
        ``significant_today`` (share of experiments significant at this
        day's look: the rejection rate of a fixed-horizon test that ends that
        day) and ``significant_by_day`` (share significant at *any* look so
        far: the rejection rate if you stop at the first significant look).

    Notes
    -----
    Vectorised over experiments and days (one array of shape
    ``n_experiments x days``). With ``relative_lift=0``, ``significant_today``
    stays near ``alpha`` while ``significant_by_day`` climbs: about 0.14
    after 5 equally spaced looks, 0.19 after 10 and 0.25 after 20 at
    ``alpha=0.05`` (Armitage, McPherson & Rowe 1969).

    Examples
    --------
    >>> sim = peeking_simulation(n_experiments=400, days=14, seed=1)
    >>> bool(sim["significant_by_day"].iloc[-1] > 2 * 0.05)
    True
    """
    for param, value, low in (("n_experiments", n_experiments, 1), ("days", days, 1),
                              ("visitors_per_day", visitors_per_day, 1), ("seed", seed, 0)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < low:
            raise ValueError(f"{param}: must be a whole number >= {low}, got {value!r}")
    p = _numbers(rate, "rate", 0.0, 1.0).item()
    lift = _numbers(relative_lift, "relative_lift", -1.0, np.inf).item()
    if p * (1 + lift) >= 1:
        raise ValueError("relative_lift: rate x (1 + relative_lift) must stay below 1")
    a = _check_alpha(alpha)
    rng = np.random.default_rng(seed)
    xa = rng.binomial(visitors_per_day, p, size=(n_experiments, days)).cumsum(axis=1)
    xb = rng.binomial(visitors_per_day, p * (1 + lift), size=(n_experiments, days)).cumsum(axis=1)
    n = visitors_per_day * np.arange(1, days + 1)
    pooled = (xa + xb) / (2 * n)
    se = np.sqrt(pooled * (1 - pooled) * 2 / n)
    diff = (xb - xa) / n
    z = np.divide(diff, se, out=np.zeros_like(diff), where=se > 0)
    sig = np.abs(z) > _z_alpha(a, "two-sided")
    return pd.DataFrame({"day": np.arange(1, days + 1), "n_per_arm": n,
                         "significant_today": sig.mean(axis=0),
                         "significant_by_day": np.maximum.accumulate(sig, axis=1).mean(axis=0)})


# --------------------------------------------------------------------------
# campaign effects: before/after and difference-in-differences
# --------------------------------------------------------------------------

def _platform_list(value: object, param: str) -> list[str]:
    if isinstance(value, str):
        items = [p for p in value.split(";") if p]
    elif isinstance(value, Sequence) or isinstance(value, (pd.Series, pd.Index, np.ndarray, set, frozenset)):
        items = [str(p) for p in value]
    else:
        raise TypeError(f"{param}: expected a platform id, a ';'-separated string or a list of "
                        f"platform ids, got {type(value).__name__}")
    if not items:
        raise ValueError(f"{param}: no platforms given (empty group)")
    return list(dict.fromkeys(items))


def _date(value: object, param: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{param}: not a date: {value!r} (use e.g. '2025-03-01')") from None
    if ts is pd.NaT:
        raise ValueError(f"{param}: not a date: {value!r}")
    return ts.normalize()


def _hac_lags(n: int, lags: int | None) -> int:
    if lags is None:
        return int(np.floor(4 * (n / 100) ** (2 / 9)))
    if isinstance(lags, bool) or not isinstance(lags, Integral) or lags < 0:
        raise ValueError(f"hac_lags: must be a whole number >= 0 or None, got {lags!r}")
    return int(min(lags, max(n - 1, 0)))


def _long_run_variance(u: np.ndarray, lags: int) -> float:
    """Newey-West (Bartlett kernel) long-run variance of a mean-zero series."""
    n = len(u)
    lrv = float(u @ u) / n
    for lag in range(1, lags + 1):  # a handful of lags, not rows
        lrv += 2 * (1 - lag / (lags + 1)) * float(u[lag:] @ u[:-lag]) / n
    return max(lrv, 0.0)


def _frame_checks(daily: object, columns: dict[str, str]) -> pd.DataFrame:
    if not isinstance(daily, pd.DataFrame):
        raise TypeError(f"daily: expected a pandas DataFrame, got {type(daily).__name__}")
    if daily.empty:
        raise ValueError("daily: the frame is empty")
    for param, col in columns.items():
        if col not in daily.columns:
            raise ValueError(f"{param}: column {col!r} not in the frame; available: {list(daily.columns)}")
    for param in ("metric", "per"):
        if param in columns:
            col = columns[param]
            if not pd.api.types.is_numeric_dtype(daily[col]):
                raise TypeError(f"{param}: column {col!r} must be numeric, it is {daily[col].dtype}")
            values = daily[col].to_numpy(float)
            if not np.isfinite(values).all() or (values < 0).any():
                raise ValueError(f"{param}: column {col!r} has missing, infinite or negative values")
    return daily


def _group_days(daily: pd.DataFrame, groups: dict[str, list[str]], *, metric: str, per: str | None,
                date: str, platform: str) -> pd.DataFrame:
    """Per day: summed numerator and denominator of each group (wide, indexed by date)."""
    known = set(daily[platform].astype(str).unique())
    seen: dict[str, str] = {}
    for name, plats in groups.items():
        unknown = [p for p in plats if p not in known]
        if unknown:
            raise ValueError(f"{name}: platforms {unknown} not in column {platform!r}; "
                             f"available: {sorted(known)}")
        for p in plats:
            if p in seen:
                raise ValueError(f"{name}: platform {p!r} is also in {seen[p]}; a platform "
                                 "cannot be treated and control at once")
            seen[p] = name
    label = daily[platform].astype(str).map(seen)
    rows = daily[label.notna()]
    day = pd.to_datetime(rows[date]).dt.normalize()
    dup = pd.DataFrame({"day": day, "platform": rows[platform].astype(str)}).duplicated()
    if dup.any():
        first = rows[dup.to_numpy()].iloc[0]
        raise ValueError(f"daily: {int(dup.sum())} duplicated ({date}, {platform}) row(s), e.g. "
                         f"{pd.Timestamp(first[date]).date()} / {first[platform]}; give one row per "
                         "day and platform, not more than one")
    cols = {"num": rows[metric].astype(float),
            "den": rows[per].astype(float) if per else pd.Series(1.0, index=rows.index),
            "rows": pd.Series(1, index=rows.index)}
    wide = (pd.DataFrame({"day": day, "group": label[label.notna()], **cols})
            .groupby(["day", "group"])[["num", "den", "rows"]].sum().unstack("group"))
    wide.columns = [f"{v}_{g}" for v, g in wide.columns]
    for g, plats in groups.items():
        # a day counts only when every platform of the group has its row
        wide[f"rows_{g}"] = wide[f"rows_{g}"] - len(plats)
        if per is None:  # a count: the denominator is one day, however many platforms
            wide[f"den_{g}"] = np.where(wide[f"num_{g}"].notna(), 1.0, np.nan)
    return wide.sort_index()


def _check_days(value: object, param: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < low:
        raise ValueError(f"{param}: must be a whole number >= {low}, got {value!r}")
    return int(value)


def _windows(days: pd.DatetimeIndex, start: object, end: object, pre_days: object) -> tuple:
    s, e = _date(start, "start"), _date(end, "end")
    pre_days = _check_days(pre_days, "pre_days", 2)
    if e < s:
        raise ValueError(f"end: {e.date()} is before start {s.date()}")
    first, last = days.min(), days.max()
    if s < first or s > last:
        raise ValueError(f"start: {s.date()} is outside the data ({first.date()} to {last.date()})")
    if e > last:
        raise ValueError(f"end: {e.date()} is after the last day of the data ({last.date()})")
    pre_start = s - pd.Timedelta(days=pre_days)
    if pre_start < first:
        raise ValueError(f"pre_days: the {pre_days}-day pre-period would start on {pre_start.date()}, "
                         f"before the data start ({first.date()}); use at most {(s - first).days}")
    pre = pd.date_range(pre_start, s - pd.Timedelta(days=1), freq="D")
    post = pd.date_range(s, e, freq="D")
    return pre, post


def _window_part(wide: pd.DataFrame, window: pd.DatetimeIndex, groups: Sequence[str],
                 name: str) -> pd.DataFrame:
    part = wide.reindex(window)
    for g in groups:
        if part[f"num_{g}"].isna().all():
            raise ValueError(f"{g}: no data in the {name}-period ({window[0].date()} to "
                             f"{window[-1].date()})")
        missing = int(part[f"num_{g}"].isna().sum())
        if missing:
            raise ValueError(f"{g}: {missing} day(s) of the {name}-period have no rows; the treated "
                             "and control series must cover the same days (mismatched lengths)")
        uneven = int((part[f"rows_{g}"] != 0).sum())
        if uneven:
            raise ValueError(f"{g}: on {uneven} day(s) of the {name}-period some platform has no row "
                             "(mismatched lengths); give one row per day and platform")
        for v in ("num", "den"):
            if part[f"{v}_{g}"].sum() <= 0:
                what = "metric" if v == "num" else "per (denominator)"
                raise ValueError(f"{g}: the {what} sums to 0 in the {name}-period (zero exposures); "
                                 "a relative change is undefined")
    return part


def _log_ratio_and_influence(part: pd.DataFrame, g: str) -> tuple[float, np.ndarray]:
    """log(sum num / sum den) of a group in a window and its per-day influence values."""
    num, den = part[f"num_{g}"].to_numpy(float), part[f"den_{g}"].to_numpy(float)
    value = float(np.log(num.sum() / den.sum()))
    influence = num / num.mean() - den / den.mean()
    return value, influence


def _prepare(daily, *, metric, treated, control, per, date, platform):
    """Validated inputs -> (wide per-day frame, groups)."""
    cols = {"metric": metric, "date": date, "platform": platform}
    if per is not None:
        cols["per"] = per
    _frame_checks(daily, cols)
    groups = {"treated": _platform_list(treated, "treated")}
    if control is not None:
        groups["control"] = _platform_list(control, "control")
    return _group_days(daily, groups, metric=metric, per=per, date=date, platform=platform), groups


def _did_core(wide: pd.DataFrame, groups: dict, pre: pd.DatetimeIndex, post: pd.DatetimeIndex,
              hac_lags: int | None) -> dict:
    """log changes of each group between two windows and the HAC variance of their difference."""
    logs, variance, lags_used = {}, 0.0, []
    for name, window in (("pre", pre), ("post", post)):
        part = _window_part(wide, window, list(groups), name)
        logs[("treated", name)], infl = _log_ratio_and_influence(part, "treated")
        if "control" in groups:
            logs[("control", name)], infl_c = _log_ratio_and_influence(part, "control")
            infl = infl - infl_c
        lags_used.append(_hac_lags(len(window), hac_lags))
        variance += _long_run_variance(infl, lags_used[-1]) / len(window)
    change_t = logs[("treated", "post")] - logs[("treated", "pre")]
    change_c = (logs[("control", "post")] - logs[("control", "pre")]) if "control" in groups else 0.0
    return {"delta": change_t - change_c, "se": float(np.sqrt(variance)), "change_t": change_t,
            "change_c": change_c if "control" in groups else np.nan, "pre_days": len(pre),
            "post_days": len(post), "hac_lags": max(lags_used),
            "df": min(len(pre), len(post)) - 1}


def _t_quantile(alpha: float, df: float) -> float:
    from scipy import stats

    return float(stats.t.ppf(1 - alpha / 2, df))


def _core_frame(r: dict, *, alpha: float, estimand: str, metric_label: str, se_scale: float = 1.0,
                n_placebos: int = 0, df: float | None = None) -> pd.DataFrame:
    df = r["df"] if df is None else df
    se = r["se"] * se_scale
    q = _t_quantile(alpha, df)
    return pd.DataFrame({
        "estimand": pd.Series([estimand], dtype="str"),
        "metric": pd.Series([metric_label], dtype="str"),
        "estimate": [np.expm1(r["delta"])],
        "ci_low": [np.expm1(r["delta"] - q * se)],
        "ci_high": [np.expm1(r["delta"] + q * se)],
        "log_estimate": [r["delta"]],
        "se_log": [se],
        "treated_change": [np.expm1(r["change_t"])],
        "control_change": [np.expm1(r["change_c"])],
        "pre_days": [r["pre_days"]],
        "post_days": [r["post_days"]],
        "hac_lags": [r["hac_lags"]],
        "df": [float(df)],
        "se_scale": [float(se_scale)],
        "n_placebos": [int(n_placebos)],
    })


def _metric_label(metric: str, per: str | None) -> str:
    return metric if per is None else f"{metric} per {per}"


def _placebo_scale(placebos: object) -> tuple[float, int]:
    """(se_scale, number of placebos) from a :func:`placebo_windows` frame."""
    if not isinstance(placebos, pd.DataFrame):
        raise TypeError(f"placebos: expected the DataFrame of placebo_windows(), got "
                        f"{type(placebos).__name__}")
    if "z" not in placebos.columns:
        raise ValueError("placebos: column 'z' not in the frame; pass the result of placebo_windows()")
    z = placebos["z"].to_numpy(float)
    if len(z) < MIN_PLACEBOS:
        raise ValueError(f"placebos: only {len(z)} placebo window(s); at least {MIN_PLACEBOS} are "
                         "needed to calibrate an interval")
    if not np.isfinite(z).all():
        raise ValueError("placebos: column 'z' has missing or infinite values")
    return max(1.0, float(np.sqrt(np.mean(z ** 2)))), len(z)


def _estimate(daily, *, metric, treated, control, start, end, pre_days, per, alpha, hac_lags,
              date, platform, placebos=None) -> pd.DataFrame:
    wide, groups = _prepare(daily, metric=metric, treated=treated, control=control, per=per,
                            date=date, platform=platform)
    a = _check_alpha(alpha)
    pre, post = _windows(wide.index, start, end, pre_days)
    r = _did_core(wide, groups, pre, post, hac_lags)
    estimand = "relative lift (DiD)" if control is not None else "relative change (before/after)"
    if placebos is None:
        return _core_frame(r, alpha=a, estimand=estimand, metric_label=_metric_label(metric, per))
    scale, k = _placebo_scale(placebos)
    return _core_frame(r, alpha=a, estimand=estimand, metric_label=_metric_label(metric, per),
                       se_scale=scale, n_placebos=k, df=min(k, r["df"]))


def before_after(daily: pd.DataFrame, *, metric: str, treated: Platforms, start: object, end: object,
                 pre_days: int = 28, per: str | None = None, alpha: float = 0.05,
                 hac_lags: int | None = None, date: str = "date",
                 platform: str = "platform") -> pd.DataFrame:
    """Naive campaign effect: the campaign window vs the days just before, treated platforms only.

    Parameters
    ----------
    daily : pandas.DataFrame
        One row per day x platform (the course's ``daily_metrics``).
    metric : str
        Count column to sum over the treated platforms (e.g. ``"follows"``).
    treated : str or list of str
        Platforms the campaign ran on (a ``;``-separated string is accepted,
        as in ``campaigns.platforms``).
    start, end : date-like
        First and last day of the campaign (inclusive): the post-period.
    pre_days : int
        Length of the pre-period, the days immediately before ``start``.
    per : str, optional
        Denominator column: the metric becomes the pooled ratio
        ``sum(metric) / sum(per)`` (e.g. ``metric="engagements",
        per="reach"``).
    alpha : float
        The interval is ``1 - alpha``.
    hac_lags : int, optional
        Newey-West lags (default ``floor(4 (n/100)^(2/9))`` per window).
    date, platform : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row: ``estimand``, ``metric``, ``estimate`` (post mean / pre
        mean - 1), ``ci_low``, ``ci_high``, ``log_estimate``, ``se_log``,
        ``treated_change`` (= ``estimate``), ``control_change`` (NaN),
        ``pre_days``, ``post_days``, ``hac_lags``, ``df`` (degrees of
        freedom of the t quantile), ``se_scale`` (1) and ``n_placebos`` (0).

    Notes
    -----
    **This is not a causal estimate.** It attributes to the campaign
    everything else that changed between the two windows: season, a
    crisis, a competitor's move, the weekday mix. The interval only
    measures day-to-day noise around that biased number. Use
    :func:`diff_in_diff` when untreated platforms exist.

    Examples
    --------
    >>> days = pd.date_range("2025-01-01", periods=40)
    >>> daily = pd.DataFrame({"date": days, "platform": "a",
    ...                       "follows": [100] * 30 + [150] * 10})
    >>> before_after(daily, metric="follows", treated="a", start="2025-01-31",
    ...              end="2025-02-09")["estimate"].round(3).item()
    0.5
    """
    return _estimate(daily, metric=metric, treated=treated, control=None, start=start, end=end,
                     pre_days=pre_days, per=per, alpha=alpha, hac_lags=hac_lags, date=date,
                     platform=platform)


def diff_in_diff(daily: pd.DataFrame, *, metric: str, treated: Platforms, control: Platforms,
                 start: object, end: object, pre_days: int = 28, per: str | None = None,
                 alpha: float = 0.05, hac_lags: int | None = None,
                 placebos: pd.DataFrame | None = None, date: str = "date",
                 platform: str = "platform") -> pd.DataFrame:
    """Campaign lift by difference-in-differences on the log scale, with a HAC interval.

    ``lift = (T_post / T_pre) / (C_post / C_pre) - 1``, where ``T`` and ``C``
    are the daily means of ``metric`` summed over the treated and the
    control platforms in the campaign window (post) and the ``pre_days``
    days before it (pre).

    Parameters
    ----------
    daily : pandas.DataFrame
        One row per day x platform (the course's ``daily_metrics``).
    metric : str
        Count column (e.g. ``"follows"``).
    treated : str or list of str
        Platforms the campaign ran on (``"douyin;xiaohongshu"`` works).
    control : str or list of str
        Platforms without the campaign (nor any other campaign or event of
        their own) during both windows. Must not overlap ``treated``.
    start, end : date-like
        First and last campaign day (inclusive).
    pre_days : int
        Days before ``start`` used as the pre-period.
    per : str, optional
        Denominator column for a pooled ratio metric (``sum(metric) /
        sum(per)`` per group and window).
    alpha : float
        The interval is ``1 - alpha``.
    hac_lags : int, optional
        Newey-West lags (default ``floor(4 (n/100)^(2/9))`` per window,
        i.e. 3 for 28 days, 2 for 11 days).
    placebos : pandas.DataFrame, optional
        The result of :func:`placebo_windows` for the same groups, metric,
        campaign length and ``pre_days``: calibrate the interval with it.
        The standard error is multiplied by ``se_scale = max(1, sqrt(mean(
        z^2)))``, the root mean square of the placebo z-scores (they should
        be standard normal if the interval were right), and the t quantile
        uses ``min(number of placebos, min(pre, post days) - 1)`` degrees
        of freedom. At least :data:`MIN_PLACEBOS` windows are needed.
    date, platform : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row: ``estimand``, ``metric``, ``estimate`` (relative lift),
        ``ci_low``, ``ci_high``, ``log_estimate`` (``log(1 + lift)``),
        ``se_log`` (after calibration), ``treated_change`` and
        ``control_change`` (relative post/pre changes of each group),
        ``pre_days``, ``post_days``, ``hac_lags``, ``df`` (degrees of
        freedom of the t quantile), ``se_scale`` (1 without placebos) and
        ``n_placebos``.

    Notes
    -----
    Assumptions (the estimate is only as good as they are):

    * **Parallel trends on the log scale**: without the campaign, treated
      and control would have changed by the same *factor*. Check the
      pre-period with :func:`parallel_trends`; it fails when season or
      trends differ between platform groups.
    * **No spillover**: the campaign does not move the control platforms
      (people who see it on Douyin and follow on Bilibili bias the lift
      *down*).
    * **No concurrent event on one group only**: a crisis, price change or
      another campaign that hits treated and control alike cancels out; one
      that hits only one group is counted as (or against) the campaign.
    * **A multiplicative effect**, the same on every treated platform; with
      different lifts per platform the estimate is a weighted average.

    Interval: delta method on the log scale, the per-day influence values of
    ``log T - log C`` get a Newey-West long-run variance in each window
    (pre and post treated as independent), and the quantile is Student's t
    with ``min(pre_days, post_days) - 1`` degrees of freedom. Daily data
    are autocorrelated; HAC standard errors allow for it within a few lags,
    but with 11-28 days per window they are themselves noisy, and serial
    correlation beyond the lag window (Bertrand, Duflo & Mullainathan 2004)
    makes the interval too narrow. The uncalibrated interval covers
    day-to-day noise only, never a violated assumption; the placebo
    calibration also covers how far the groups drift apart in quiet weeks
    of the same data (a differential season, for instance), on average
    over the year, not in the campaign's own weeks.

    Examples
    --------
    >>> days = pd.date_range("2025-01-01", periods=40)
    >>> n = len(days)
    >>> daily = pd.DataFrame({"date": days.repeat(2), "platform": ["t", "c"] * n,
    ...                       "follows": np.ravel([[100, 50]] * 30 + [[180, 60]] * 10)})
    >>> r = diff_in_diff(daily, metric="follows", treated="t", control="c",
    ...                  start="2025-01-31", end="2025-02-09")
    >>> r[["estimate", "treated_change", "control_change"]].round(3).values.tolist()
    [[0.5, 0.8, 0.2]]
    """
    if control is None:
        raise ValueError("control: give the control platforms (use before_after() without a control)")
    return _estimate(daily, metric=metric, treated=treated, control=control, start=start, end=end,
                     pre_days=pre_days, per=per, alpha=alpha, hac_lags=hac_lags, date=date,
                     platform=platform, placebos=placebos)


def group_series(daily: pd.DataFrame, *, metric: str, treated: Platforms, control: Platforms,
                 per: str | None = None, date: str = "date", platform: str = "platform") -> pd.DataFrame:
    """Daily values of the treated and the control group (for charts).

    Returns a tidy frame with ``date``, ``group`` (``"treated"`` /
    ``"control"``) and ``value``: the metric summed over the group's
    platforms, or the pooled ratio ``sum(metric) / sum(per)`` (NaN on days
    where the denominator is 0).

    Examples
    --------
    >>> daily = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=2).repeat(3),
    ...                       "platform": ["a", "b", "c"] * 2, "follows": [1, 2, 3, 4, 5, 6]})
    >>> group_series(daily, metric="follows", treated=["a", "b"], control="c")["value"].tolist()
    [3.0, 9.0, 3.0, 6.0]
    """
    cols = {"metric": metric, "date": date, "platform": platform}
    if per is not None:
        cols["per"] = per
    _frame_checks(daily, cols)
    groups = {"treated": _platform_list(treated, "treated"), "control": _platform_list(control, "control")}
    wide = _group_days(daily, groups, metric=metric, per=per, date=date, platform=platform)
    out = []
    for g in groups:
        den = wide[f"den_{g}"]
        value = wide[f"num_{g}"] / den.where(den > 0)
        out.append(pd.DataFrame({"date": wide.index, "group": g, "value": value.to_numpy()}))
    frame = pd.concat(out, ignore_index=True)
    frame["group"] = frame["group"].astype("str")
    return frame


def parallel_trends(daily: pd.DataFrame, *, metric: str, treated: Platforms, control: Platforms,
                    start: object, pre_days: int = 56, per: str | None = None, alpha: float = 0.05,
                    hac_lags: int | None = None, post_days: int | None = None,
                    did_pre_days: int = 28, date: str = "date",
                    platform: str = "platform") -> pd.DataFrame:
    """Pre-period check of parallel trends: does log(treated / control) drift before the campaign?

    Fits ``log(T_t / C_t) = a + b t`` by least squares on the ``pre_days``
    days before ``start`` and reports the drift ``exp(7 b) - 1``: how much
    faster (positive) or slower the treated group grew than the control
    group, per week, before anything happened.

    Parameters
    ----------
    daily, metric, treated, control, per, date, platform
        As in :func:`diff_in_diff`.
    start : date-like
        First campaign day; the check uses the days before it.
    pre_days : int
        Days before ``start`` to fit (more days, a sharper check; longer than
        the DiD pre-period by default).
    alpha : float
        The interval is ``1 - alpha``.
    hac_lags : int, optional
        Newey-West lags (default ``floor(4 (n/100)^(2/9))``).
    post_days, did_pre_days : int, optional
        Campaign length and the pre-period of the DiD estimate it should
        support. With ``post_days`` the result also gives the bias a drift
        anywhere in the interval would add to that estimate.

    Returns
    -------
    pandas.DataFrame
        One row: ``estimand``, ``estimate`` (relative drift per week),
        ``ci_low``, ``ci_high``, ``slope_log_per_day``, ``p_value``,
        ``n_days`` (days used: both groups positive), ``hac_lags``; with
        ``post_days`` also ``weeks_apart`` (between the centres of the DiD
        pre- and post-windows, ``(did_pre_days + post_days) / 14``) and
        ``bias_low``, ``bias_high``: ``(1 + ci) ** weeks_apart - 1``, the
        range of biases (relative, like a lift) that drifts compatible
        with the pre-period would add to the DiD estimate.

    Notes
    -----
    An interval that contains 0 is *not* evidence of no drift ("not
    significant" is not "no effect"): read its ends. Narrow compared with
    the effect you measure, it supports (it never proves) parallel trends;
    the assumption is about the campaign window, which no pre-period can
    show. A drift of ``x`` per week adds about ``x`` times the distance in
    weeks between the window centres to a DiD estimate (``bias_low``,
    ``bias_high``). Days where either group is 0 (no posts, no follows)
    are left out of the fit. The interval uses Student's t with ``n - 2``
    degrees of freedom; with 56 days of autocorrelated noise (AR(1), rho
    0.3) it contains a true zero drift about 89 % of the time, not 95 %
    (HAC variances from short series are biased down): read it as a
    slightly optimistic range.

    Examples
    --------
    >>> days = pd.date_range("2025-01-01", periods=60)
    >>> grow = 100 * 1.01 ** np.arange(60)
    >>> daily = pd.DataFrame({"date": days.repeat(2), "platform": ["t", "c"] * 60,
    ...                       "follows": np.column_stack([grow, grow / 2]).ravel()})
    >>> drift = parallel_trends(daily, metric="follows", treated="t", control="c",
    ...                         start="2025-02-20", pre_days=40)["estimate"].item()
    >>> abs(drift) < 1e-9
    True
    """
    cols = {"metric": metric, "date": date, "platform": platform}
    if per is not None:
        cols["per"] = per
    _frame_checks(daily, cols)
    a = _check_alpha(alpha)
    groups = {"treated": _platform_list(treated, "treated"), "control": _platform_list(control, "control")}
    wide = _group_days(daily, groups, metric=metric, per=per, date=date, platform=platform)
    start_ts = _date(start, "start")
    if post_days is not None:
        post_days = _check_days(post_days, "post_days", 1)
    did_pre = _check_days(did_pre_days, "did_pre_days", 2)
    pre, _ = _windows(wide.index, start_ts, start_ts, pre_days)
    part = _window_part(wide, pre, list(groups), "pre")
    t_val = part["num_treated"] / part["den_treated"].where(part["den_treated"] > 0)
    c_val = part["num_control"] / part["den_control"].where(part["den_control"] > 0)
    ok = (t_val > 0) & (c_val > 0)
    if ok.sum() < 7:
        raise ValueError(f"pre_days: only {int(ok.sum())} pre-period days have positive values in "
                         "both groups; at least 7 are needed for a trend")
    y = np.log(t_val[ok].to_numpy(float) / c_val[ok].to_numpy(float))
    x = ((part.index[ok] - part.index[0]) / pd.Timedelta(days=1)).to_numpy(float)
    xc = x - x.mean()
    sxx = float(xc @ xc)
    slope = float(xc @ y) / sxx
    resid = y - y.mean() - slope * xc
    n = len(y)
    lags = _hac_lags(n, hac_lags)
    se = float(np.sqrt(n * _long_run_variance(xc * resid, lags) / sxx ** 2 * n / max(n - 2, 1)))
    from scipy import stats

    q = _t_quantile(a, n - 2)
    if se > 0:
        p = float(2 * stats.t.sf(abs(slope) / se, n - 2))
    else:  # a perfect fit: no noise left to test against
        p = 1.0 if slope == 0 else 0.0
    extra = {}
    if post_days is not None:
        weeks = (did_pre + post_days) / 14
        extra = {"weeks_apart": [weeks], "bias_low": [np.expm1(7 * (slope - q * se) * weeks)],
                 "bias_high": [np.expm1(7 * (slope + q * se) * weeks)]}
    return pd.DataFrame({
        "estimand": pd.Series(["pre-period drift per week (treated vs control)"], dtype="str"),
        "metric": pd.Series([metric if per is None else f"{metric} per {per}"], dtype="str"),
        "estimate": [np.expm1(7 * slope)],
        "ci_low": [np.expm1(7 * (slope - q * se))],
        "ci_high": [np.expm1(7 * (slope + q * se))],
        "slope_log_per_day": [slope],
        "p_value": [p],
        "n_days": [n],
        "hac_lags": [lags],
        **extra,
    })


def _intervals(exclude: object) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """(start, end) pairs from a campaigns-like frame or a sequence of pairs."""
    if exclude is None:
        return []
    if isinstance(exclude, pd.DataFrame):
        for col in ("start_date", "end_date"):
            if col not in exclude.columns:
                raise ValueError(f"exclude: column {col!r} not in the frame; give a campaigns-like "
                                 "frame or a list of (start, end) pairs")
        pairs = list(zip(exclude["start_date"], exclude["end_date"]))
    elif isinstance(exclude, (list, tuple)):
        pairs = list(exclude)
    else:
        raise TypeError(f"exclude: expected a DataFrame or a list of (start, end) pairs, got "
                        f"{type(exclude).__name__}")
    out = []
    for pair in pairs:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(f"exclude: each item must be a (start, end) pair, got {pair!r}")
        lo, hi = _date(pair[0], "exclude"), _date(pair[1], "exclude")
        if hi < lo:
            raise ValueError(f"exclude: end {hi.date()} is before start {lo.date()}")
        out.append((lo, hi))
    return out


def placebo_windows(daily: pd.DataFrame, *, metric: str, treated: Platforms, control: Platforms,
                    days: int, pre_days: int = 28, exclude: object = None, step_days: int = 7,
                    per: str | None = None, alpha: float = 0.05, hac_lags: int | None = None,
                    date: str = "date", platform: str = "platform") -> pd.DataFrame:
    """Difference-in-differences on fake campaigns in quiet weeks (placebo test, 安慰剂检验).

    Slides a fake campaign of ``days`` days (with its ``pre_days``
    pre-period) through the data in steps of ``step_days``, skipping every
    window that touches an ``exclude`` interval (real campaigns or other
    events on the treated or control platforms), and runs
    :func:`diff_in_diff` on each. Nothing happened in these windows, so
    each estimate should be near 0 and its z-score ``log_estimate /
    se_log`` should look like a draw from a standard normal.

    Parameters
    ----------
    daily, metric, treated, control, per, alpha, hac_lags, date, platform
        As in :func:`diff_in_diff`.
    days : int
        Length of the fake campaign (use the real campaign's length).
    pre_days : int
        Pre-period of each fake campaign (use the real estimate's).
    exclude : DataFrame or list of (start, end) pairs, optional
        Intervals (inclusive) that no placebo window (pre-period included)
        may touch; a ``campaigns``-like frame with ``start_date`` and
        ``end_date`` works (filter it to campaigns on these platforms).
    step_days : int
        Days between the starts of consecutive windows (7 keeps the weekday
        mix of each window the same; the windows overlap, so the estimates
        are correlated).

    Returns
    -------
    pandas.DataFrame
        One row per placebo window: ``start``, ``end``, ``estimate``,
        ``ci_low``, ``ci_high``, ``z`` (``log_estimate / se_log``, without
        the t quantile) and ``covers_zero``.

    Notes
    -----
    If the interval of :func:`diff_in_diff` were right, about ``1 - alpha``
    of the placebo intervals would contain 0 and the root mean square of
    ``z`` would be about 1. More misses, or an RMS above 1, mean the groups
    drift apart in quiet weeks more than day-to-day noise explains
    (differential seasonality, a trend of one group, serial correlation the
    HAC weights miss); pass this frame as ``placebos=`` to
    :func:`diff_in_diff` to widen the interval by that factor. The placebo
    windows come from other weeks of the year: they measure how large such
    drift typically is, not its size in the campaign's own weeks. This is
    the placebo-intervention check of Bertrand, Duflo & Mullainathan (2004).

    Examples
    --------
    >>> days = pd.date_range("2025-01-01", periods=120)
    >>> rng = np.random.default_rng(0)
    >>> daily = pd.DataFrame({"date": days.repeat(2), "platform": ["t", "c"] * 120,
    ...                       "follows": rng.poisson(200, 240)})
    >>> pl = placebo_windows(daily, metric="follows", treated="t", control="c", days=14,
    ...                      exclude=[("2025-04-01", "2025-04-14")])
    >>> len(pl), pl["end"].max() < pd.Timestamp("2025-04-01")
    (7, True)
    """
    if control is None:
        raise ValueError("control: give the control platforms")
    wide, groups = _prepare(daily, metric=metric, treated=treated, control=control, per=per,
                            date=date, platform=platform)
    a = _check_alpha(alpha)
    length = _check_days(days, "days", 1)
    pre_n = _check_days(pre_days, "pre_days", 2)
    step = _check_days(step_days, "step_days", 1)
    busy = _intervals(exclude)
    first, last = wide.index.min(), wide.index.max()
    starts = pd.date_range(first + pd.Timedelta(days=pre_n), last - pd.Timedelta(days=length - 1),
                           freq=f"{step}D")
    rows = []
    for s in starts:  # a few dozen windows, not rows of the data
        lo, hi = s - pd.Timedelta(days=pre_n), s + pd.Timedelta(days=length - 1)
        if any(lo <= b and a_ <= hi for a_, b in busy):
            continue
        pre, post = _windows(wide.index, s, hi, pre_n)
        r = _did_core(wide, groups, pre, post, hac_lags)
        q = _t_quantile(a, r["df"])
        rows.append({"start": s, "end": hi, "estimate": np.expm1(r["delta"]),
                     "ci_low": np.expm1(r["delta"] - q * r["se"]),
                     "ci_high": np.expm1(r["delta"] + q * r["se"]),
                     "z": r["delta"] / r["se"] if r["se"] > 0 else 0.0})
    if not rows:
        raise ValueError(f"exclude: no {length}-day window with a {pre_n}-day pre-period is free of "
                         "the excluded intervals; nothing to use as a placebo")
    out = pd.DataFrame(rows)
    out["covers_zero"] = (out["ci_low"] <= 0) & (out["ci_high"] >= 0)
    return out


def after_campaign_gap(daily: pd.DataFrame, *, metric: str, treated: Platforms, control: Platforms,
                       start: object, end: object, pre_days: int = 28, after_days: int = 28,
                       per: str | None = None, alpha: float = 0.05, hac_lags: int | None = None,
                       date: str = "date", platform: str = "platform") -> pd.DataFrame:
    """After the campaign: did treated return to control? A check of parallel trends.

    The same ratio as :func:`diff_in_diff`, with the ``after_days`` days
    after ``end`` in place of the campaign window: ``gap = (T_after /
    T_pre) / (C_after / C_pre) - 1``, against the same pre-period.

    Parameters
    ----------
    daily, metric, treated, control, per, alpha, hac_lags, date, platform
        As in :func:`diff_in_diff`.
    start, end : date-like
        First and last campaign day (inclusive).
    pre_days : int
        The DiD estimate's pre-period.
    after_days : int
        Days after ``end`` to compare (cut at the end of the data; at least
        7 must remain).

    Returns
    -------
    pandas.DataFrame
        One row, the columns of :func:`diff_in_diff` with ``estimand``
        ``"gap after the campaign (treated vs control)"``, plus
        ``after_start`` and ``after_end``.

    Notes
    -----
    With a campaign that stops cleanly and parallel trends, the gap is
    about 0. A gap means one of three things: the campaign's effect lasts
    (carry-over: followers keep arriving from campaign content), it is
    followed by a dip (demand pulled forward), or the groups drift apart
    anyway, and then the campaign estimate carries part of that drift too
    (about half of the gap if the drift is steady, since the campaign
    window lies between the pre-period and the after window). Another
    campaign or event in the after window spoils the check.

    Examples
    --------
    >>> days = pd.date_range("2025-01-01", periods=60)
    >>> t = np.r_[[100] * 30, [150] * 10, [100] * 20]
    >>> daily = pd.DataFrame({"date": days.repeat(2), "platform": ["t", "c"] * 60,
    ...                       "follows": np.column_stack([t, [50] * 60]).ravel()})
    >>> after_campaign_gap(daily, metric="follows", treated="t", control="c",
    ...                    start="2025-01-31", end="2025-02-09")["estimate"].round(3).item()
    0.0
    """
    if control is None:
        raise ValueError("control: give the control platforms")
    wide, groups = _prepare(daily, metric=metric, treated=treated, control=control, per=per,
                            date=date, platform=platform)
    a = _check_alpha(alpha)
    pre, post = _windows(wide.index, start, end, pre_days)
    n_after = _check_days(after_days, "after_days", 1)
    last = wide.index.max()
    after_end = min(post[-1] + pd.Timedelta(days=n_after), last)
    if (after_end - post[-1]).days < 7:
        raise ValueError(f"after_days: only {(after_end - post[-1]).days} day(s) of data after the "
                         "campaign; at least 7 are needed")
    after = pd.date_range(post[-1] + pd.Timedelta(days=1), after_end, freq="D")
    r = _did_core(wide, groups, pre, after, hac_lags)
    out = _core_frame(r, alpha=a, estimand="gap after the campaign (treated vs control)",
                      metric_label=_metric_label(metric, per))
    return out.assign(after_start=after[0], after_end=after[-1])


def plot_did(daily: pd.DataFrame, *, metric: str, treated: Platforms, control: Platforms,
             start: object, end: object, pre_days: int = 28, before_days: int = 56,
             after_days: int = 28, per: str | None = None, ax=None,
             colors: dict[str, str] | None = None, date: str = "date", platform: str = "platform"):
    """Chart: treated and control around a campaign, each relative to its own pre-period.

    Daily values (thin lines) and 7-day means (thick lines, computed within
    before / during / after so the campaign is not smeared into the days
    around it) of each group divided by its mean over the ``pre_days``
    before ``start``, on a log axis (parallel lines = same growth factor).
    The campaign is shaded. The caller sets the title (state the finding).

    Parameters
    ----------
    daily, metric, treated, control, per, date, platform
        As in :func:`diff_in_diff`.
    start, end : date-like
        First and last campaign day.
    pre_days : int
        The normalising pre-period (the DiD estimate's).
    before_days, after_days : int
        Days shown before ``start`` and after ``end``.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).
    colors : dict, optional
        ``{"treated": colour, "control": colour}``; default from
        :data:`course_lib.viz.PALETTE`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> days = pd.date_range("2025-01-01", periods=60)
    >>> daily = pd.DataFrame({"date": days.repeat(2), "platform": ["t", "c"] * 60,
    ...                       "follows": np.r_[[100, 50] * 30, [150, 50] * 10, [100, 50] * 20]})
    >>> ax = plot_did(daily, metric="follows", treated="t", control="c",
    ...               start="2025-01-31", end="2025-02-09")
    >>> ax.get_ylabel()
    'Daily follows (x pre-period mean)'
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from . import viz

    series = group_series(daily, metric=metric, treated=treated, control=control, per=per,
                          date=date, platform=platform)
    s, e = _date(start, "start"), _date(end, "end")
    pre_n = _check_days(pre_days, "pre_days", 2)
    before = _check_days(before_days, "before_days", 0)
    after = _check_days(after_days, "after_days", 0)
    if e < s:
        raise ValueError(f"end: {e.date()} is before start {s.date()}")
    pre = series["date"].between(s - pd.Timedelta(days=pre_n), s - pd.Timedelta(days=1))
    base = series[pre].groupby("group")["value"].mean()
    if base.reindex(["treated", "control"]).isna().any() or (base <= 0).any():
        raise ValueError("pre_days: a group has no positive values in the pre-period")
    series["index"] = series["value"] / series["group"].map(base)
    series["phase"] = np.select([series["date"] < s, series["date"] <= e], ["before", "during"], "after")
    series["smooth"] = series.groupby(["group", "phase"])["index"].transform(
        lambda v: v.rolling(7, center=True, min_periods=4).mean())
    shown = series[series["date"].between(s - pd.Timedelta(days=before), e + pd.Timedelta(days=after))]
    colors = colors or {"treated": viz.PALETTE[3], "control": viz.PALETTE[0]}
    if ax is None:
        _, ax = plt.subplots()
    for g in ("treated", "control"):
        part = shown[shown["group"] == g]
        for k, (_, seg) in enumerate(part.groupby("phase", sort=False)):
            ax.plot(seg["date"], seg["smooth"], color=colors[g],
                    label=f"{g} (7-day mean)" if k == 0 else None)
        ax.plot(part["date"], part["index"], color=colors[g], alpha=0.25, lw=1)
    ax.axvspan(s, e, color="grey", alpha=0.15, label="campaign")
    ax.set_yscale("log")
    lo, hi = shown["index"].min(), shown["index"].max()
    ax.set_yticks([v for v in (0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4) if lo <= v <= hi] or [1])
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}x"))
    ax.yaxis.set_minor_formatter(plt.NullFormatter())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    label = metric if per is None else f"{metric} per {per}"
    ax.set(xlabel="Date", ylabel=f"Daily {label} (x pre-period mean)")
    ax.legend(loc="upper left", fontsize=9)
    return ax


def _campaign_rows(campaigns: object) -> pd.DataFrame:
    if not isinstance(campaigns, pd.DataFrame):
        raise TypeError(f"campaigns: expected a pandas DataFrame, got {type(campaigns).__name__}")
    for col in ("campaign_id", "platforms", "start_date", "end_date"):
        if col not in campaigns.columns:
            raise ValueError(f"campaigns: column {col!r} not in the frame; available: "
                             f"{list(campaigns.columns)}")
    if campaigns.empty:
        raise ValueError("campaigns: the frame is empty (no campaign to evaluate)")
    return campaigns


def control_platforms(daily: pd.DataFrame, campaigns: pd.DataFrame, *,
                      platform: str = "platform") -> list[str]:
    """Platforms of ``daily`` that are in **no** campaign of ``campaigns`` (in data order).

    The safest control group: no campaign of their own, ever, so no
    after-effect and no campaign-specific change. They can still be hit by
    spillover (people reached on a campaign platform who follow elsewhere).

    Examples
    --------
    >>> daily = pd.DataFrame({"platform": ["a", "b", "c"]})
    >>> camps = pd.DataFrame({"campaign_id": ["C1"], "platforms": ["a;b"],
    ...                       "start_date": ["2025-01-10"], "end_date": ["2025-01-20"]})
    >>> control_platforms(daily, camps)
    ['c']
    """
    _frame_checks(daily, {"platform": platform})
    used = {p for value in _campaign_rows(campaigns)["platforms"] for p in _platform_list(value, "platforms")}
    control = [p for p in dict.fromkeys(daily[platform].astype(str)) if p not in used]
    if not control:
        raise ValueError("control: every platform is in some campaign; there is no clean control "
                         "group (pick platforms without a campaign in the windows by hand)")
    return control


def evaluate_campaigns(daily: pd.DataFrame, campaigns: pd.DataFrame, *, metric: str = "follows",
                       per: str | None = None, control: Platforms | None = None, pre_days: int = 28,
                       alpha: float = 0.05, hac_lags: int | None = None,
                       placebo_calibrated: bool = False, step_days: int = 7) -> pd.DataFrame:
    """Naive before/after and difference-in-differences for every campaign of a table.

    Parameters
    ----------
    daily : pandas.DataFrame
        ``daily_metrics``-like: ``date``, ``platform`` and the metric columns.
    campaigns : pandas.DataFrame
        ``campaigns``-like: ``campaign_id``, ``platforms`` (``;``-separated),
        ``start_date``, ``end_date`` (inclusive).
    metric, per, pre_days, alpha, hac_lags
        As in :func:`diff_in_diff`.
    control : str or list of str, optional
        Control platforms; default :func:`control_platforms` (in no campaign).
    placebo_calibrated : bool
        Calibrate each DiD interval with :func:`placebo_windows` of the
        campaign's length, skipping every window that touches a campaign on
        the campaign's or the control platforms.
    step_days : int
        Step between placebo windows.

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per campaign x ``method`` (``"before/after"``,
        ``"DiD"``) with ``campaign_id``, ``method``, ``metric``,
        ``estimate``, ``ci_low``, ``ci_high``, ``treated_change``,
        ``control_change``, ``df``, ``se_scale`` and ``n_placebos``.

    Examples
    --------
    >>> days = pd.date_range("2025-01-01", periods=40)
    >>> daily = pd.DataFrame({"date": days.repeat(2), "platform": ["t", "c"] * 40,
    ...                       "follows": np.ravel([[100, 50]] * 30 + [[180, 60]] * 10)})
    >>> camps = pd.DataFrame({"campaign_id": ["C1"], "platforms": ["t"],
    ...                       "start_date": ["2025-01-31"], "end_date": ["2025-02-09"]})
    >>> evaluate_campaigns(daily, camps)[["method", "estimate"]].round(3)
             method  estimate
    0  before/after       0.8
    1           DiD       0.5
    """
    rows = _campaign_rows(campaigns)
    ctrl = control_platforms(daily, rows) if control is None else control
    ctrl_set = set(_platform_list(ctrl, "control"))
    if not isinstance(placebo_calibrated, bool):
        raise TypeError(f"placebo_calibrated: must be True or False, got {placebo_calibrated!r}")
    touched = rows["platforms"].map(lambda v: set(_platform_list(v, "platforms")))
    out = []
    for c in rows.itertuples(index=False):  # one row per campaign (a handful), not per day
        common = dict(metric=metric, treated=c.platforms, start=c.start_date, end=c.end_date,
                      pre_days=pre_days, per=per, alpha=alpha, hac_lags=hac_lags)
        placebos = None
        if placebo_calibrated:
            mine = set(_platform_list(c.platforms, "platforms")) | ctrl_set
            busy = rows[touched.map(lambda p: bool(p & mine)).to_numpy()]
            length = (_date(c.end_date, "end") - _date(c.start_date, "start")).days + 1
            placebos = placebo_windows(daily, metric=metric, treated=c.platforms, control=ctrl,
                                       days=length, pre_days=pre_days, exclude=busy,
                                       step_days=step_days, per=per, alpha=alpha, hac_lags=hac_lags)
        for method, res in (("before/after", before_after(daily, **common)),
                            ("DiD", diff_in_diff(daily, control=ctrl, placebos=placebos, **common))):
            out.append(res.assign(campaign_id=str(c.campaign_id), method=method))
    frame = pd.concat(out, ignore_index=True)
    for col in ("campaign_id", "method"):
        frame[col] = frame[col].astype("str")
    return frame[["campaign_id", "method", "metric", "estimate", "ci_low", "ci_high",
                  "treated_change", "control_change", "df", "se_scale", "n_placebos"]]
