"""A/B tests, power and sample size, peeking, and campaign effects by difference-in-differences.

Two questions run through chapter 4.3:

* **Did creative B beat creative A?** A randomised A/B test (A/B测试) compares
  two proportions (clicks per person exposed, orders per click).
  :func:`two_proportion_test` gives the z-test and intervals for the absolute
  difference and for the relative lift, :func:`ab_summary` does it for every
  test of an ``ab_tests`` table, :func:`power` and :func:`sample_size` say how
  many people a test needs, and :func:`peeking_simulation` shows why looking
  at a running test every day and stopping at the first "significant" result
  inflates false positives.
* **What did a campaign add?** A campaign is not randomised, so the
  comparison is before/after. :func:`before_after` is the naive estimate
  (campaign window vs the weeks before, on the campaign's platforms only);
  :func:`diff_in_diff` (双重差分) divides it by the change over the same weeks
  on *control* platforms that had no campaign, which removes whatever moved
  both groups alike (season, weekday mix, a crisis that hit every platform).
  :func:`parallel_trends` checks the key assumption in the weeks before.

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
nearby days, then transformed back: ``exp(log-CI) - 1``, so it is not
symmetric around the estimate.

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
    "ab_summary",
    "before_after",
    "control_platforms",
    "diff_in_diff",
    "evaluate_campaigns",
    "group_series",
    "parallel_trends",
    "peeking_simulation",
    "power",
    "sample_size",
    "two_proportion_test",
]

ALTERNATIVES: tuple[str, ...] = ("two-sided", "greater", "less")
"""Allowed ``alternative=``: B's rate differs from / is greater than / is less than A's."""

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
    arm). The z-test uses the pooled rate under the null hypothesis; the
    interval of the difference is the unpooled Wald interval (Newcombe 1998,
    method 1) and the interval of the relative lift is the log (Katz 1978)
    interval of the ratio ``rate_b / rate_a``. Because test and intervals
    use different standard errors, a p-value just below ``alpha`` can come
    with an interval that just touches 0.

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
               alternative: Alternative = "two-sided") -> pd.DataFrame:
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

    Returns
    -------
    pandas.DataFrame
        One row per test, indexed by ``by``: pooled ``trials_a``,
        ``successes_a``, ``trials_b``, ``successes_b``, ``rate_a``,
        ``rate_b``, the relative lift ``estimate`` with ``ci_low`` and
        ``ci_high``, ``diff`` (absolute difference), ``p_value`` and
        ``significant``.

    Notes
    -----
    Counts are summed over the days of each test first (pooled): averaging
    daily rates would weigh a quiet day like a busy one. Same assumptions as
    :func:`two_proportion_test`.

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
    }, index=sums.index.rename(by))


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

    Any of the three sequences can be given (same length, or length 1): one
    row per combination, in order.

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
    cols = {"num": rows[metric].astype(float),
            "den": rows[per].astype(float) if per else pd.Series(1.0, index=rows.index),
            "rows": pd.Series(1, index=rows.index)}
    wide = (pd.DataFrame({"day": day, "group": label[label.notna()], **cols})
            .groupby(["day", "group"])[["num", "den", "rows"]].sum().unstack("group"))
    wide.columns = [f"{v}_{g}" for v, g in wide.columns]
    for g, plats in groups.items():
        # a day counts only when every platform of the group has exactly one row
        wide[f"rows_{g}"] = wide[f"rows_{g}"] - len(plats)
        if per is None:  # a count: the denominator is one day, however many platforms
            wide[f"den_{g}"] = np.where(wide[f"num_{g}"].notna(), 1.0, np.nan)
    return wide.sort_index()


def _windows(days: pd.DatetimeIndex, start: object, end: object, pre_days: object) -> tuple:
    s, e = _date(start, "start"), _date(end, "end")
    if isinstance(pre_days, bool) or not isinstance(pre_days, Integral) or pre_days < 2:
        raise ValueError(f"pre_days: must be a whole number >= 2 (days before start), got {pre_days!r}")
    if e < s:
        raise ValueError(f"end: {e.date()} is before start {s.date()}")
    first, last = days.min(), days.max()
    if s < first or s > last:
        raise ValueError(f"start: {s.date()} is outside the data ({first.date()} to {last.date()})")
    if e > last:
        raise ValueError(f"end: {e.date()} is after the last day of the data ({last.date()})")
    pre_start = s - pd.Timedelta(days=int(pre_days))
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
            raise ValueError(f"{g}: on {uneven} day(s) of the {name}-period some platform has no row or "
                             "more than one (mismatched lengths); give one row per day and platform")
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


def _estimate(daily, *, metric, treated, control, start, end, pre_days, per, alpha, hac_lags,
              date, platform) -> pd.DataFrame:
    cols = {"metric": metric, "date": date, "platform": platform}
    if per is not None:
        cols["per"] = per
    _frame_checks(daily, cols)
    a = _check_alpha(alpha)
    groups = {"treated": _platform_list(treated, "treated")}
    if control is not None:
        groups["control"] = _platform_list(control, "control")
    wide = _group_days(daily, groups, metric=metric, per=per, date=date, platform=platform)
    pre, post = _windows(wide.index, start, end, pre_days)
    logs, variance, lags_used = {}, 0.0, {}
    for name, window in (("pre", pre), ("post", post)):
        part = _window_part(wide, window, list(groups), name)
        value_t, infl = _log_ratio_and_influence(part, "treated")
        logs[("treated", name)] = value_t
        if control is not None:
            value_c, infl_c = _log_ratio_and_influence(part, "control")
            logs[("control", name)] = value_c
            infl = infl - infl_c
        lags_used[name] = _hac_lags(len(window), hac_lags)
        variance += _long_run_variance(infl, lags_used[name]) / len(window)
    change_t = logs[("treated", "post")] - logs[("treated", "pre")]
    change_c = logs[("control", "post")] - logs[("control", "pre")] if control is not None else 0.0
    delta = change_t - change_c
    se = float(np.sqrt(variance))
    q = float(_norm().ppf(1 - a / 2))
    return pd.DataFrame({
        "estimand": pd.Series(["relative lift (DiD)" if control is not None
                               else "relative change (before/after)"], dtype="str"),
        "metric": pd.Series([metric if per is None else f"{metric} per {per}"], dtype="str"),
        "estimate": [np.expm1(delta)],
        "ci_low": [np.expm1(delta - q * se)],
        "ci_high": [np.expm1(delta + q * se)],
        "log_estimate": [delta],
        "se_log": [se],
        "treated_change": [np.expm1(change_t)],
        "control_change": [np.expm1(change_c) if control is not None else np.nan],
        "pre_days": [len(pre)],
        "post_days": [len(post)],
        "hac_lags": [max(lags_used.values())],
    })


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
        ``pre_days``, ``post_days``, ``hac_lags``.

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
                 alpha: float = 0.05, hac_lags: int | None = None, date: str = "date",
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
    date, platform : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row: ``estimand``, ``metric``, ``estimate`` (relative lift),
        ``ci_low``, ``ci_high``, ``log_estimate`` (``log(1 + lift)``),
        ``se_log``, ``treated_change`` and ``control_change`` (relative
        post/pre changes of each group), ``pre_days``, ``post_days``,
        ``hac_lags``.

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
    (pre and post treated as independent). Daily data are autocorrelated;
    HAC standard errors allow for it within a few lags, but with 11-28 days
    per window they are themselves noisy, and serial correlation beyond the
    lag window (Bertrand, Duflo & Mullainathan 2004) makes the interval too
    narrow. The interval covers day-to-day noise only, never a violated
    assumption.

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
                     platform=platform)


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
                    hac_lags: int | None = None, date: str = "date",
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

    Returns
    -------
    pandas.DataFrame
        One row: ``estimand``, ``estimate`` (relative drift per week),
        ``ci_low``, ``ci_high``, ``slope_log_per_day``, ``p_value``,
        ``n_days`` (days used: both groups positive).

    Notes
    -----
    An interval that contains 0 and is narrow compared with the effect you
    measure supports (it never proves) parallel trends; the assumption is
    about the campaign window, which no pre-period can show. A drift of
    ``x`` per week would add roughly ``x`` times the distance in weeks
    between the window centres to a DiD estimate. Days where either group
    is 0 (no posts, no follows) are left out of the fit.

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
    norm = _norm()
    q = float(norm.ppf(1 - a / 2))
    if se > 0:
        p = float(2 * norm.sf(abs(slope) / se))
    else:  # a perfect fit: no noise left to test against
        p = 1.0 if slope == 0 else 0.0
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
    })


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
                       alpha: float = 0.05, hac_lags: int | None = None) -> pd.DataFrame:
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

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per campaign x ``method`` (``"before/after"``,
        ``"DiD"``) with ``campaign_id``, ``method``, ``metric``,
        ``estimate``, ``ci_low``, ``ci_high``, ``treated_change``,
        ``control_change``.

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
    out = []
    for c in rows.itertuples(index=False):  # one row per campaign (a handful), not per day
        common = dict(metric=metric, treated=c.platforms, start=c.start_date, end=c.end_date,
                      pre_days=pre_days, per=per, alpha=alpha, hac_lags=hac_lags)
        for method, res in (("before/after", before_after(daily, **common)),
                            ("DiD", diff_in_diff(daily, control=ctrl, **common))):
            out.append(res.assign(campaign_id=str(c.campaign_id), method=method))
    frame = pd.concat(out, ignore_index=True)
    for col in ("campaign_id", "method"):
        frame[col] = frame[col].astype("str")
    return frame[["campaign_id", "method", "metric", "estimate", "ci_low", "ci_high",
                  "treated_change", "control_change"]]
