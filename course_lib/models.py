"""Driver analysis and prediction of post performance (驱动因素与预测).

Two questions, two tools:

* **What drives engagement?** :func:`driver_regression` fits an ordinary
  least squares (OLS) regression of the *log engagement rate* of each post
  (engagements / reach) on its levers -- format, posting hour, weekday,
  topic, trending topic, influencer, paid boost -- with the platform and
  campaign periods as controls. On the log scale a coefficient ``b`` is a
  multiplicative effect: the lever changes the engagement rate by
  ``exp(b) - 1`` (e.g. ``b = 0.30`` is +35%, not +30%). Standard errors are
  heteroskedasticity-robust (HC3 by default; White 1980, MacKinnon & White
  1985), computed with numpy by :func:`ols`.
* **How many engagements will the next post get?**
  :func:`engagement_pipeline` is a scikit-learn ``Pipeline`` (one-hot
  encoding, then a gradient-boosted model on log engagements) fed only with
  what is known *before* posting (:data:`PRE_POST_FEATURES`).
  :func:`cross_validate` scores it on time-ordered folds against a naive
  baseline (:func:`baseline_median`), and :func:`heldout_importance` ranks the
  features by permutation importance on held-out posts. With the account's
  ``followers`` as a feature (:func:`prediction_table` with ``daily=``), the
  model learns engagements *per follower* and scales back, so a growing
  account is not under-predicted. :func:`mape_floor` gives the MAPE a
  forecaster knowing each post's expected value would still make.

Assumptions, stated once: posts are independent given their features (no
clustering by day or campaign is modelled, so HC3 intervals are too narrow
if posts share shocks); effects are multiplicative (log-linear); the
regression is *observational* -- it measures associations, which are
causal effects only if nothing else drives both the lever and engagement.
Many lever terms are tested at once: :func:`holm` adjusts their p-values.

>>> import numpy as np, pandas as pd
>>> x = pd.DataFrame({"const": 1.0, "x": [0.0, 1.0, 2.0, 3.0]})
>>> ols(x, pd.Series([1.0, 3.0, 5.0, 7.1]), cov_type="nonrobust")["estimate"].round(2).tolist()
[0.98, 2.03]

Sources: White, H. (1980), *Econometrica* 48(4), 817-838 (robust
covariance); MacKinnon, J. G. & White, H. (1985), *Journal of Econometrics*
29(3), 305-325 (HC1-HC3); Long, J. S. & Ervin, L. H. (2000), *The American
Statistician* 54(3), 217-224 (HC3 for small samples); Moro, S., Rita, P. &
Vala, B. (2016), *Journal of Business Research* 69(9), 3341-3351 (predicting
post performance from features known before posting); Holm, S. (1979),
*Scandinavian Journal of Statistics* 6(2), 65-70 (step-down adjustment).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd

from .validation import check_frame, require_columns

__all__ = [
    "DRIVERS",
    "ENGAGEMENT_COLUMNS",
    "HOUR_BUCKETS",
    "LEAKY_COLUMNS",
    "PRE_POST_FEATURES",
    "baseline_median",
    "cross_validate",
    "driver_regression",
    "engagement_pipeline",
    "SIZE_FEATURE",
    "heldout_importance",
    "holdout_predictions",
    "holm",
    "hour_bucket",
    "last_fold",
    "mae",
    "mape",
    "mape_floor",
    "ols",
    "prediction_table",
    "true_effects",
]

#: Interactions that make up a post's engagements (as in ``course_lib.kpi``).
ENGAGEMENT_COLUMNS: tuple[str, ...] = ("likes", "comments", "shares", "saves")

#: Posting-hour buckets: label -> (first hour, last hour), local time.
HOUR_BUCKETS: dict[str, tuple[int, int]] = {
    "night (0-6h)": (0, 6),
    "morning (7-11h)": (7, 11),
    "afternoon (12-17h)": (12, 17),
    "evening (18-23h)": (18, 23),
}

#: Drivers (levers and controls) :func:`driver_regression` knows, with
#: the reference level each effect is measured against.
DRIVERS: dict[str, str | bool | None] = {
    "format": "image",
    "hour": "morning (7-11h)",
    "weekday": "Mon",
    "topic": "product",
    "trending": False,
    "influencer": False,
    "paid": False,
    "campaign": False,
    "platform": None,  # None: the most common level
}

#: Columns known before a post goes out (the planned post), used for prediction.
PRE_POST_FEATURES: tuple[str, ...] = (
    "platform", "format", "topic", "hour", "weekday",
    "trending", "influencer", "campaign", "paid_spend",
)

#: Columns only known *after* posting: outcomes, or parts of them. Using one
#: as a feature leaks the answer into the prediction.
LEAKY_COLUMNS: tuple[str, ...] = (
    "impressions", "reach", "likes", "comments", "shares", "saves",
    "clicks", "conversions", "revenue", "follows", "unfollows",
)

#: The account's size when the post goes out (followers at the start of the
#: publication day: known before posting). As a feature it makes the model
#: predict engagements per follower (see :func:`engagement_pipeline`).
SIZE_FEATURE: str = "followers"

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_COV_TYPES = ("HC0", "HC1", "HC3", "nonrobust")


# ---------------------------------------------------------------------------
# validation helpers


def _check_frame(frame: object, param: str) -> pd.DataFrame:
    return check_frame(frame, param, why="it needs at least one post")


_require = require_columns


def _choice(param: str, value: object, allowed: Sequence[object]) -> None:
    if isinstance(value, (list, dict, set)) or value not in allowed:
        raise ValueError(f"{param}={value!r} is not allowed; allowed: {', '.join(map(repr, allowed))}")


def _one_thread():
    """Run OpenMP and BLAS code (scikit-learn, numpy) on one thread: for these
    small problems, on a busy shared machine, all cores can be tens of times
    slower than one, and one thread is also reproducible to the last digit."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _engagements(frame: pd.DataFrame, param: str) -> pd.Series:
    _require(frame, ENGAGEMENT_COLUMNS, param)
    return frame[list(ENGAGEMENT_COLUMNS)].sum(axis=1).rename("engagements")


# ---------------------------------------------------------------------------
# OLS with robust standard errors


def ols(X: pd.DataFrame, y: pd.Series | np.ndarray, *,
        cov_type: Literal["HC0", "HC1", "HC3", "nonrobust"] = "HC3",
        level: float = 0.95) -> pd.DataFrame:
    """Ordinary least squares with heteroskedasticity-robust standard errors.

    Parameters
    ----------
    X : DataFrame
        The design matrix, one column per term (include a column of ones for
        an intercept). Numeric, no missing values, full column rank.
    y : Series or array
        The outcome, same length as ``X``.
    cov_type : {"HC3", "HC1", "HC0", "nonrobust"}
        Covariance of the estimates. With residuals ``e``, leverages
        ``h = diag(X (X'X)^-1 X')``, ``n`` rows and ``k`` columns:
        ``HC0 = (X'X)^-1 X' diag(e^2) X (X'X)^-1`` (White 1980);
        ``HC1 = HC0 * n / (n - k)`` (the "robust" of Stata);
        ``HC3`` uses ``e^2 / (1 - h)^2`` (MacKinnon & White 1985; recommended
        for small samples by Long & Ervin 2000); ``nonrobust`` is the
        classical ``s^2 (X'X)^-1`` with ``s^2 = e'e / (n - k)``.
    level : float
        Confidence level of the intervals (t distribution, ``n - k`` df).

    Returns
    -------
    DataFrame
        One row per column of ``X``: ``term, estimate, std_error, t,
        p_value, ci_low, ci_high``. ``attrs`` holds ``n``, ``k``, ``r2``,
        ``cov_type``.

    Raises
    ------
    ValueError
        Empty design, mismatched lengths, missing or non-finite values, a
        constant column next to the intercept, or collinear columns (named).

    Examples
    --------
    >>> X = pd.DataFrame({"const": 1.0, "x": [0.0, 1.0, 2.0, 3.0]})
    >>> fit = ols(X, np.array([1.0, 3.0, 5.0, 7.0]), cov_type="HC1")
    >>> fit["estimate"].round(6).tolist(), fit["std_error"].round(6).tolist()
    ([1.0, 2.0], [0.0, 0.0])
    """
    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"X must be a pandas DataFrame, got {type(X).__name__}")
    _choice("cov_type", cov_type, _COV_TYPES)
    if not 0 < level < 1:
        raise ValueError(f"level={level!r} must be between 0 and 1, e.g. 0.95")
    n, k = X.shape
    if n == 0 or k == 0:
        raise ValueError(f"X is empty ({n} rows, {k} columns)")
    yv = np.asarray(y, dtype="float64").ravel()
    if len(yv) != n:
        raise ValueError(f"y has {len(yv)} values but X has {n} rows; they must match")
    try:
        Xv = X.to_numpy(dtype="float64")
    except (TypeError, ValueError) as err:
        raise TypeError(f"X must be numeric (dummies as 0/1): {err}") from None
    if not np.isfinite(Xv).all():
        raise ValueError(f"X has missing or infinite values in column(s) "
                         f"{list(X.columns[~np.isfinite(Xv).all(axis=0)])}")
    if not np.isfinite(yv).all():
        raise ValueError("y has missing or infinite values")
    if n <= k:
        raise ValueError(f"X has {n} rows for {k} terms; OLS needs more rows than terms")
    zero = [str(c) for c, col in zip(X.columns, Xv.T) if not col.any()]
    if zero:
        raise ValueError(f"column(s) {zero} are all zero: no post has that level, nothing to estimate")
    constant = [str(c) for c, col in zip(X.columns, Xv.T) if col.min() == col.max()]
    if len(constant) > 1:
        raise ValueError(f"column(s) {constant} are constant (the same value in every row): keep "
                         "one intercept; a lever that never varies has no effect to estimate")
    with _one_thread():
        return _ols(X, Xv, yv, cov_type=cov_type, level=level)


def _ols(X: pd.DataFrame, Xv: np.ndarray, yv: np.ndarray, *, cov_type: str, level: float) -> pd.DataFrame:
    from scipy import linalg, stats

    n, k = Xv.shape
    r, piv = linalg.qr(Xv, mode="r", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int((diag > diag[0] * max(n, k) * np.finfo(float).eps * 10).sum())
    if rank < k:
        dropped = [str(X.columns[j]) for j in piv[rank:]]
        raise ValueError(
            f"the design is collinear: column(s) {dropped} are linear combinations of the "
            "others (e.g. a dummy for every level plus an intercept, or a lever that always "
            "comes with another). Drop a reference level or merge the terms."
        )
    bread = np.linalg.inv(Xv.T @ Xv)
    beta = bread @ (Xv.T @ yv)
    resid = yv - Xv @ beta
    df = n - k
    if cov_type == "nonrobust":
        cov = bread * (resid @ resid / df)
    else:
        weight = resid**2
        if cov_type == "HC3":
            lev = np.einsum("ij,jk,ik->i", Xv, bread, Xv)
            weight = weight / np.clip(1 - lev, 1e-12, None) ** 2
        cov = bread @ (Xv.T * weight) @ Xv @ bread
        if cov_type == "HC1":
            cov = cov * n / df
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        tval = np.where(se > 0, beta / np.where(se > 0, se, 1), np.nan)
    crit = stats.t.ppf(0.5 + level / 2, df)
    out = pd.DataFrame({
        "term": [str(c) for c in X.columns],
        "estimate": beta,
        "std_error": se,
        "t": tval,
        "p_value": 2 * stats.t.sf(np.abs(tval), df),
        "ci_low": beta - crit * se,
        "ci_high": beta + crit * se,
    })
    tss = ((yv - yv.mean()) ** 2).sum()
    out.attrs.update(n=n, k=k, r2=float(1 - resid @ resid / tss) if tss > 0 else float("nan"),
                     cov_type=cov_type, level=level)
    return out


def holm(p_values: pd.Series | Sequence[float]) -> pd.Series:
    """Holm's step-down adjusted p-values, for testing many terms at once.

    With ``m`` p-values sorted from smallest, the ``i``-th (1-based) is
    multiplied by ``m - i + 1``; a running maximum keeps the order and the
    result is capped at 1. Rejecting the terms whose adjusted p-value is
    below ``alpha`` keeps the chance of *any* false positive among them
    at most ``alpha`` (family-wise error rate), with no assumption about how
    the tests are related; it is uniformly more powerful than Bonferroni
    (Holm 1979). Missing values are left out and stay missing.

    Parameters
    ----------
    p_values : Series or sequence of float
        p-values between 0 and 1.

    Returns
    -------
    Series of float, aligned with the input (a Series keeps its index).

    >>> holm([0.01, 0.04, 0.03, 0.005]).round(3).tolist()
    [0.03, 0.06, 0.06, 0.02]
    """
    p = pd.Series(p_values, dtype="float64")
    ok = p.notna()
    if ((p[ok] < 0) | (p[ok] > 1)).any():
        raise ValueError("p_values must lie between 0 and 1")
    valid = p[ok].sort_values(kind="stable")
    m = len(valid)
    adjusted = np.minimum(np.maximum.accumulate(valid.to_numpy() * (m - np.arange(m))), 1.0)
    out = pd.Series(np.nan, index=p.index, name="p_holm")
    out[valid.index] = adjusted
    return out


# ---------------------------------------------------------------------------
# driver regression


def hour_bucket(hours: pd.Series | Sequence[int]) -> pd.Series:
    """Label each posting hour (0-23) with its bucket of :data:`HOUR_BUCKETS`.

    >>> hour_bucket([6, 7, 12, 20]).tolist()
    ['night (0-6h)', 'morning (7-11h)', 'afternoon (12-17h)', 'evening (18-23h)']
    """
    h = pd.Series(hours)
    if not pd.api.types.is_integer_dtype(h.dtype) or h.lt(0).any() or h.gt(23).any():
        raise ValueError("hours must be whole numbers from 0 to 23")
    labels = np.empty(len(h), dtype=object)
    for label, (lo, hi) in HOUR_BUCKETS.items():
        labels[((h >= lo) & (h <= hi)).to_numpy()] = label
    return pd.Series(labels, index=h.index, name="hour", dtype="str")


def _driver_columns(posts: pd.DataFrame, names: Sequence[str], paid: str) -> pd.DataFrame:
    """The drivers as columns (categorical as str, flags as bool, spend as float)."""
    need = {"format": ["format"], "hour": ["timestamp"], "weekday": ["timestamp"],
            "topic": ["topic"], "trending": ["trending"], "influencer": ["influencer"],
            "paid": ["paid_spend"], "campaign": ["campaign_id"], "platform": ["platform"]}
    _require(posts, sorted({c for name in names for c in need[name]}), "posts")
    out = {}
    for name in names:
        if name == "hour":
            out[name] = hour_bucket(posts["timestamp"].dt.hour.astype("int64"))
        elif name == "weekday":
            out[name] = pd.Series(np.asarray(_WEEKDAYS)[posts["timestamp"].dt.day_of_week.to_numpy()],
                                  index=posts.index, dtype="str")
        elif name == "paid":
            spend = posts["paid_spend"].astype("float64")
            out[name] = spend > 0 if paid == "any" else np.log1p(spend)
        elif name == "campaign":
            out[name] = posts["campaign_id"].notna()
        elif name in ("trending", "influencer"):
            out[name] = posts[name].astype(bool)
        else:
            out[name] = posts[name].astype("str")
    return pd.DataFrame(out, index=posts.index)


def _ordered(name: str, levels) -> list:
    """Levels in their natural order (weekdays Mon..Sun, hour buckets by time), else alphabetical."""
    natural = {"weekday": _WEEKDAYS, "hour": tuple(HOUR_BUCKETS)}.get(name)
    if natural:
        return sorted(levels, key=lambda v: natural.index(v) if v in natural else len(natural))
    return sorted(levels, key=str)


def _reference(values: pd.Series, name: str) -> object:
    default = DRIVERS[name]
    if values.dtype == bool:
        return False
    if default is not None and (values == default).any():
        return default
    return values.value_counts().sort_index(kind="stable").idxmax()


def driver_regression(
    posts: pd.DataFrame,
    *,
    drivers: Sequence[str] = ("format", "hour", "weekday", "topic", "trending", "influencer", "paid"),
    controls: Sequence[str] = ("platform", "campaign"),
    by_platform: Sequence[str] = (),
    outcome: Literal["engagement_rate", "engagements"] = "engagement_rate",
    paid: Literal["any", "log1p_spend"] = "any",
    cov_type: Literal["HC0", "HC1", "HC3", "nonrobust"] = "HC3",
    level: float = 0.95,
    min_posts: int = 5,
) -> pd.DataFrame:
    """Which levers go with higher engagement? A log-linear OLS driver analysis.

    The outcome is ``log(engagements / reach)`` (``outcome="engagement_rate"``:
    engagements = likes + comments + shares + saves, denominator = people
    reached) or ``log(engagements)`` (``outcome="engagements"``). Each
    categorical driver enters as 0/1 dummies against a reference level
    (:data:`DRIVERS`: image, morning, Monday, product, not trending ...), so
    every effect reads "compared with an otherwise similar post of the
    reference level, same platform and campaign status".

    Parameters
    ----------
    posts : DataFrame
        One row per post with ``timestamp, platform, format, topic, trending,
        influencer, paid_spend, campaign_id, reach`` and the engagement
        columns (as in ``data.load("posts")``); only the columns the chosen
        drivers need are required.
    drivers, controls : sequences of names from :data:`DRIVERS`
        Levers to report and variables to hold fixed. ``hour`` is bucketed
        (:data:`HOUR_BUCKETS`); ``paid`` is "any paid boost" or, with
        ``paid="log1p_spend"``, ``log(1 + spend)`` (effect per unit).
    by_platform : subset of ``drivers``
        Drivers whose effects are estimated separately on each platform
        (e.g. ``("format",)``: a short video on one platform is not a short
        video on another). Needs ``"platform"`` in ``controls``.
    outcome : {"engagement_rate", "engagements"}
    cov_type : {"HC3", "HC1", "HC0", "nonrobust"}
        See :func:`ols`.
    level : float
        Confidence level of the intervals.
    min_posts : int
        Levels (or platform x level cells) with fewer posts are left out,
        with their posts, so no effect rests on a handful of posts.

    Returns
    -------
    DataFrame
        One row per term except the intercept: ``term, variable, level,
        reference, platform`` (for ``by_platform`` terms, else ""), ``role``
        ("driver" or "control"), ``n_posts, estimate, std_error, ci_low,
        ci_high, p_value`` (log scale), ``p_holm`` (Holm-adjusted p-value
        over the driver terms, :func:`holm`; missing for controls) and
        ``pct_effect, pct_low, pct_high`` (``exp(.) - 1``: the relative
        change of the engagement rate, a fraction). ``attrs``: ``n`` (posts
        used), ``n_dropped_zero`` (no engagement or no reach: the log is
        undefined), ``n_dropped_rare``, ``r2``, ``cov_type``, ``outcome``,
        ``references`` (variable -> reference level actually used: the
        :data:`DRIVERS` default, or the most common level when the default
        has no posts; pass it to :func:`true_effects`).

    Raises
    ------
    ValueError
        Missing columns, an empty frame, unknown driver or option, a driver
        with a single level (nothing to compare), or a collinear design.

    Notes
    -----
    ``exp(b) - 1`` is the effect on the *median* (geometric mean) post; it
    equals the effect on the mean only if the noise does not depend on the
    lever. The estimates are associations: if paid boosts go to posts the
    team expects to do well, the "paid" effect mixes the boost with that
    choice (confounding). HC intervals allow unequal noise but assume
    independent posts: shocks shared by posts of the same day or campaign
    (not modelled) make them too narrow.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> n = 400
    >>> posts = pd.DataFrame({"influencer": rng.random(n) < 0.3, "reach": 10_000,
    ...                       "comments": 0, "shares": 0, "saves": 0})
    >>> rate = 0.02 * np.where(posts["influencer"], 1.5, 1.0) * np.exp(0.1 * rng.standard_normal(n))
    >>> posts["likes"] = np.round(posts["reach"] * rate).astype(int)
    >>> fit = driver_regression(posts, drivers=["influencer"], controls=())
    >>> round(float(fit.loc[0, "pct_effect"]), 1)
    0.5
    """
    _check_frame(posts, "posts")
    drivers, controls, by_platform = list(drivers), list(controls), list(by_platform)
    for param, names in (("drivers", drivers), ("controls", controls)):
        for name in names:
            _choice(param, name, tuple(DRIVERS))
    if not drivers:
        raise ValueError("drivers is empty; name at least one driver, e.g. drivers=['format']")
    both = set(drivers) & set(controls)
    if both:
        raise ValueError(f"{sorted(both)} appear in both drivers and controls; use one")
    for name in by_platform:
        _choice("by_platform", name, tuple(drivers))
    if by_platform and "platform" not in controls:
        raise ValueError("by_platform needs 'platform' in controls (each platform its own baseline)")
    _choice("outcome", outcome, ("engagement_rate", "engagements"))
    _choice("paid", paid, ("any", "log1p_spend"))
    _choice("cov_type", cov_type, _COV_TYPES)
    if not isinstance(min_posts, int) or min_posts < 1:
        raise ValueError(f"min_posts={min_posts!r} must be a whole number >= 1")

    eng = _engagements(posts, "posts")
    if outcome == "engagement_rate":
        _require(posts, ["reach"], "posts")
        ok = (eng > 0) & (posts["reach"] > 0)
    else:
        ok = eng > 0
    names = drivers + controls
    cols = _driver_columns(posts, names, paid)[ok.to_numpy()]
    n_zero = int((~ok).sum())
    if cols.empty:
        raise ValueError("no post has engagements > 0 (and reach > 0): the log outcome is undefined")

    # rare cells (level, or platform x level) are dropped with their posts; dropping them can
    # make another cell rare, so repeat until every cell has min_posts posts
    n_before = len(cols)
    while not cols.empty:
        keep = pd.Series(True, index=cols.index)
        for name in names:
            if cols[name].dtype == "float64":
                continue
            key = [cols["platform"], cols[name]] if name in by_platform else [cols[name]]
            keep &= cols.groupby(key, observed=True)[name].transform("size") >= min_posts
        if keep.all():
            break
        cols = cols[keep]
    n_rare = n_before - len(cols)
    if cols.empty:
        raise ValueError(f"every post is in a cell with fewer than min_posts={min_posts} posts")

    pieces, meta, references = [pd.Series(1.0, index=cols.index, name="intercept")], [], {}
    for name in names:
        values = cols[name]
        role = "driver" if name in drivers else "control"
        if values.dtype == "float64":
            if values.nunique() < 2:
                raise ValueError(f"driver {name!r} is constant in these posts: nothing to compare")
            pieces.append(values.rename(name))
            meta.append((name, name, "log1p(spend)", "", "", role, int((values > 0).sum())))
            continue
        if values.nunique() < 2:
            raise ValueError(f"driver {name!r} has a single value ({values.iloc[0]!r}) in these "
                             "posts: there is nothing to compare it with; drop it")
        ref = _reference(values, name)
        references[name] = ref
        if name in by_platform:
            groups = cols.groupby(["platform", name], observed=True).size()
            for plat in sorted(cols["platform"].unique()):
                levels = groups.loc[plat]
                if ref not in levels.index:
                    raise ValueError(f"reference level {ref!r} of {name!r} has no posts (or fewer "
                                     f"than min_posts) on platform {plat!r}; choose other drivers")
                for lev in _ordered(name, levels.index.drop(ref)):
                    term = f"{name}={lev}|platform={plat}"
                    pieces.append(((values == lev) & (cols["platform"] == plat)).astype(float).rename(term))
                    meta.append((term, name, str(lev), str(ref), plat, role, int(levels[lev])))
        else:
            counts = values.value_counts()
            for lev in _ordered(name, counts.index.drop(ref)):
                term = f"{name}={lev}"
                pieces.append((values == lev).astype(float).rename(term))
                meta.append((term, name, str(lev), str(ref), "", role, int(counts[lev])))
    X = pd.concat(pieces, axis=1)
    y = np.log(eng[cols.index] / posts.loc[cols.index, "reach"]) if outcome == "engagement_rate" \
        else np.log(eng[cols.index])
    fit = ols(X, y.astype("float64"), cov_type=cov_type, level=level)
    info = pd.DataFrame(meta, columns=["term", "variable", "level", "reference", "platform",
                                       "role", "n_posts"])
    out = info.merge(fit.drop(columns=["t"]), on="term", how="left", validate="one_to_one")
    out.insert(out.columns.get_loc("p_value") + 1, "p_holm",
               holm(out["p_value"].where(out["role"] == "driver")))
    for col, src in (("pct_effect", "estimate"), ("pct_low", "ci_low"), ("pct_high", "ci_high")):
        out[col] = np.expm1(out[src])
    out.attrs.update(n=int(len(X)), n_dropped_zero=n_zero, n_dropped_rare=n_rare,
                     r2=fit.attrs["r2"], cov_type=cov_type, outcome=outcome, level=level,
                     intercept=float(fit.loc[0, "estimate"]), references=references)
    return out


def true_effects(truth, *, references: dict | None = None) -> pd.DataFrame:
    """The simulator's true effects on the engagement rate, keyed like :func:`driver_regression` terms.

    For a ``course_lib.sim`` truth (``data.truth(seed, market)``): topics
    (relative to the reference topic), trending and influencer uplifts,
    format within each platform (relative to the reference format), and
    zero for posting hour, weekday and paid boosts -- in the simulator these
    change *reach*, not the share of reached people who engage. Pooled
    format terms (``format=video``) have no single true value (it differs by
    platform) and are not listed.

    Parameters
    ----------
    truth : course_lib.sim truth
    references : dict, optional
        Reference level per variable, as in ``driver_regression(...).attrs
        ["references"]`` (used when a default level had no posts). Default:
        :data:`DRIVERS`.

    Returns ``term, true_log, true_pct`` (``true_pct = exp(true_log) - 1``).

    >>> from course_lib import data
    >>> t = true_effects(data.truth(2024, "cn")).set_index("term")
    >>> round(float(t.loc["influencer=True", "true_pct"]), 2)
    0.35
    """
    refs = {**DRIVERS, **(references or {})}
    c = truth.content
    topic, fmt = refs["topic"], refs["format"]
    if topic not in c.topic_effect or any(fmt not in fx for fx in c.format_effect.values()):
        raise ValueError(f"references: topic {topic!r} or format {fmt!r} is not a level of the truth; "
                         f"topics: {list(c.topic_effect)}")
    rows = [(f"topic={k}", np.log(v / c.topic_effect[topic]))
            for k, v in c.topic_effect.items() if k != topic]
    rows += [("trending=True", np.log(c.trending_engagement_uplift)),
             ("influencer=True", np.log(c.influencer_engagement_uplift)), ("paid=True", 0.0)]
    rows += [(f"hour={label}", 0.0) for label in HOUR_BUCKETS if label != refs["hour"]]
    rows += [(f"weekday={d}", 0.0) for d in _WEEKDAYS if d != refs["weekday"]]
    rows += [(f"format={f}|platform={p}", np.log(v / fx[fmt]))
             for p, fx in c.format_effect.items() for f, v in fx.items() if f != fmt]
    out = pd.DataFrame(rows, columns=["term", "true_log"])
    out["true_pct"] = np.expm1(out["true_log"])
    return out


# ---------------------------------------------------------------------------
# prediction


def prediction_table(posts: pd.DataFrame, *, daily: pd.DataFrame | None = None,
                     keep: Sequence[str] = ()) -> pd.DataFrame:
    """Posts as a prediction problem: pre-posting features and the outcome, in time order.

    Returns ``timestamp``, the :data:`PRE_POST_FEATURES` (``hour`` as an
    integer 0-23, ``weekday`` as "Mon".."Sun", ``campaign`` as a flag, the
    planned ``paid_spend``) and the target ``engagements`` (likes + comments
    + shares + saves), sorted by ``timestamp`` with a fresh 0..n-1 index, so
    that earlier rows are always earlier posts. With ``daily`` (one row per
    platform and day, as ``data.load("daily_metrics")``) it adds
    ``followers``: the account's followers at the *start* of the publication
    day (``kpi.followers_at_post(at="start")``), known before posting.
    ``keep`` names further columns of ``posts`` to carry along (e.g.
    ``post_id``, or ``reach`` to demonstrate leakage).

    >>> posts = pd.DataFrame({"timestamp": pd.to_datetime(["2025-01-02 20:00", "2025-01-01 09:30"]),
    ...     "platform": "weibo", "format": "image", "topic": "product", "trending": False,
    ...     "influencer": False, "campaign_id": [None, "CA01"], "paid_spend": 0.0,
    ...     "likes": [5, 7], "comments": 1, "shares": 0, "saves": 0})
    >>> prediction_table(posts)[["hour", "weekday", "campaign", "engagements"]].values.tolist()
    [[9, 'Wed', True, 8], [20, 'Thu', False, 6]]
    """
    _check_frame(posts, "posts")
    _require(posts, ["timestamp", "platform", "format", "topic", "trending", "influencer",
                     "campaign_id", "paid_spend"], "posts")
    eng = _engagements(posts, "posts")
    ts = posts["timestamp"]
    table = pd.DataFrame({
        "timestamp": ts,
        "platform": posts["platform"].astype("str"),
        "format": posts["format"].astype("str"),
        "topic": posts["topic"].astype("str"),
        "hour": ts.dt.hour.astype("int64"),
        "weekday": pd.Series(np.asarray(_WEEKDAYS)[ts.dt.day_of_week.to_numpy()], index=posts.index,
                             dtype="str"),
        "trending": posts["trending"].astype(bool),
        "influencer": posts["influencer"].astype(bool),
        "campaign": posts["campaign_id"].notna(),
        "paid_spend": posts["paid_spend"].astype("float64"),
        "engagements": eng.astype("int64"),
    })
    if daily is not None:
        from . import kpi

        followers = kpi.followers_at_post(posts, daily, at="start")
        if not (np.isfinite(followers) & (followers > 0)).all():
            raise ValueError("daily has no positive follower count for some posts' platform and day; "
                             "it must cover every day and platform of posts")
        table.insert(table.columns.get_loc("paid_spend") + 1, SIZE_FEATURE, followers.astype("float64"))
    keep = list(keep)
    _require(posts, keep, "posts")
    for col in keep:
        table[col] = posts[col]
    return table.sort_values("timestamp", kind="stable").reset_index(drop=True)


def engagement_pipeline(*, model: Literal["boosting", "linear"] = "boosting",
                        features: Sequence[str] = PRE_POST_FEATURES,
                        random_state: int = 0, allow_leaky: bool = False):
    """A scikit-learn ``Pipeline`` predicting a post's engagements from pre-posting features.

    Steps: ``encode`` -- a ``ColumnTransformer`` that one-hot encodes the
    categorical features (unseen levels ignored; for ``model="linear"`` the
    hour too), passes the flags (and, for trees, the hour) through and takes
    ``log1p`` of ``paid_spend``; ``model`` -- a regressor
    fitted on ``log1p(engagements)`` and mapped back with ``expm1``
    (``TransformedTargetRegressor``): errors are multiplicative, and the
    back-transformed prediction is close to the *median* post. The median is
    what minimises the MAE; the MAPE, which divides by the actual value,
    favours forecasts *below* the median (see :func:`mape_floor`).
    ``model="boosting"`` is a histogram gradient-boosted tree ensemble
    (captures platform x format interactions); ``model="linear"`` is a
    ridge regression on the dummies (main effects).

    With :data:`SIZE_FEATURE` (``"followers"``) among the features, the
    result is a ``PerFollowerRegressor`` wrapping that pipeline: it learns
    engagements *per follower* (scaled to the training posts' median
    account) and multiplies the prediction by the post's followers. Trees
    cannot extrapolate to an account larger than any in the training posts;
    a growing account would be under-predicted without this.

    Raises ``ValueError`` if a feature is a :data:`LEAKY_COLUMNS` outcome,
    unless ``allow_leaky=True`` (only to *demonstrate* leakage: such a model
    cannot be used before posting). Leaky counts enter as ``log1p``.

    >>> pipe = engagement_pipeline()
    >>> [name for name, _ in pipe.steps]
    ['encode', 'model']
    >>> type(engagement_pipeline(features=["platform", "followers"])).__name__
    'PerFollowerRegressor'
    """
    from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder

    _choice("model", model, ("boosting", "linear"))
    features = list(features)
    leaky = [f for f in features if f in LEAKY_COLUMNS]
    if leaky and not allow_leaky:
        raise ValueError(f"features {leaky} are only known after posting (they are the outcome or "
                         "part of it): using them leaks the answer. Use PRE_POST_FEATURES.")
    unknown = [f for f in features if f not in PRE_POST_FEATURES + LEAKY_COLUMNS + (SIZE_FEATURE,)]
    if unknown or not features:
        raise ValueError(f"features must be a non-empty subset of {list(PRE_POST_FEATURES)} "
                         f"(and {SIZE_FEATURE!r}); unknown: {unknown}")
    if SIZE_FEATURE in features:
        rest = [f for f in features if f != SIZE_FEATURE]
        if not rest:
            raise ValueError(f"features has only {SIZE_FEATURE!r}; add at least one post feature")
        inner = engagement_pipeline(model=model, features=rest, random_state=random_state,
                                    allow_leaky=allow_leaky)
        return _per_follower_class()(estimator=inner, size=SIZE_FEATURE)
    categorical = [f for f in features if f in ("platform", "format", "topic", "weekday")]
    if model == "linear":
        categorical += [f for f in features if f == "hour"]
    flags = [f for f in features if f in ("trending", "influencer", "campaign")
             or (f == "hour" and model == "boosting")]
    steps = [("categories", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
             ("flags", "passthrough", flags)]
    numeric = [f for f in features if f == "paid_spend" or f in LEAKY_COLUMNS]
    steps.append(("log1p", FunctionTransformer(np.log1p, feature_names_out="one-to-one"), numeric))
    encode = ColumnTransformer([s for s in steps if s[2]], verbose_feature_names_out=False)
    if model == "boosting":
        reg = HistGradientBoostingRegressor(max_iter=150, learning_rate=0.1, max_leaf_nodes=15,
                                            min_samples_leaf=20, l2_regularization=1.0,
                                            early_stopping=False, random_state=random_state)
    else:
        reg = Ridge(alpha=1.0)
    target = TransformedTargetRegressor(regressor=reg, func=np.log1p, inverse_func=np.expm1,
                                        check_inverse=False)
    return Pipeline([("encode", encode), ("model", target)])


def _size(X: pd.DataFrame, column: str) -> np.ndarray:
    if not isinstance(X, pd.DataFrame) or column not in X.columns:
        raise ValueError(f"X needs a {column!r} column (the account's size) for a per-follower model")
    s = X[column].to_numpy(dtype="float64")
    if not (np.isfinite(s) & (s > 0)).all():
        raise ValueError(f"column {column!r} must be positive and finite for every post")
    return s


@cache
def _per_follower_class():
    """Build the estimator class on first use (scikit-learn is imported only then)."""
    from sklearn.base import BaseEstimator, RegressorMixin, clone

    class PerFollowerRegressor(RegressorMixin, BaseEstimator):
        """Predict engagements per follower, then scale by the post's followers.

        ``fit`` divides the target by ``size / reference`` (``reference``:
        median size of the training posts) and fits ``estimator`` on that;
        ``predict`` multiplies the estimator's prediction back.
        """

        def __init__(self, estimator=None, size: str = SIZE_FEATURE):
            self.estimator = estimator
            self.size = size

        def fit(self, X, y):
            s = _size(X, self.size)
            self.reference_ = float(np.median(s))
            target = np.asarray(y, dtype="float64") * (self.reference_ / s)
            self.estimator_ = clone(self.estimator).fit(X, target)
            return self

        def predict(self, X):
            return self.estimator_.predict(X) * (_size(X, self.size) / self.reference_)

    PerFollowerRegressor.__module__ = __name__
    PerFollowerRegressor.__qualname__ = "PerFollowerRegressor"
    return PerFollowerRegressor


def mae(actual: pd.Series | np.ndarray, predicted: pd.Series | np.ndarray) -> float:
    """Mean absolute error, in the outcome's unit: ``mean(|actual - predicted|)``.

    >>> mae([10, 20], [12, 15])
    3.5
    """
    a, p = _pair(actual, predicted)
    return float(np.mean(np.abs(a - p)))


def mape(actual: pd.Series | np.ndarray, predicted: pd.Series | np.ndarray, *,
         zeros: Literal["raise", "skip"] = "raise") -> float:
    """Mean absolute percentage error, a fraction: ``mean(|actual - predicted| / |actual|)``.

    The mean of each post's own absolute % error -- not the error of the
    means, and not ``sum |error| / sum actual`` (that is WAPE, which weighs
    big posts more). Undefined when an actual value is 0: ``zeros="raise"``
    raises ``ValueError``, ``zeros="skip"`` leaves those posts out (report
    how many). MAPE punishes over-forecasts more than under-forecasts (an
    error above the actual is unbounded, below it at most 100%), so it
    rewards forecasts somewhat below the typical value (:func:`mape_floor`).

    >>> mape([10, 20], [12, 15])
    0.225
    >>> mape([0, 10, 20], [3, 12, 15], zeros="skip")
    0.225
    """
    _choice("zeros", zeros, ("raise", "skip"))
    a, p = _pair(actual, predicted)
    zero = a == 0
    if zero.any() and zeros == "raise":
        raise ValueError(f"actual has {int(zero.sum())} zero value(s): MAPE divides by the actual "
                         "value and is undefined there; drop them (zeros='skip') or use MAE")
    if zero.all():
        raise ValueError("every actual value is 0: MAPE is undefined; use MAE")
    return float(np.mean(np.abs(a[~zero] - p[~zero]) / np.abs(a[~zero])))


def mape_floor(log_sd: float) -> pd.Series:
    """The MAPE of a forecaster who knows each post's expected value: the noise floor.

    If ``actual = m * exp(sigma * Z)`` with ``Z`` standard normal (``m``
    the post's median, known to the forecaster) and the forecast is
    ``c * m``, the expected MAPE is ``E|1 - c * exp(-sigma Z)|``; for a
    log-normal ``X = exp(mu + sigma Z)``,
    ``E|1 - X| = e^(mu + sigma^2/2) - 1 + 2 [Phi(-mu/sigma) - e^(mu + sigma^2/2) Phi(-mu/sigma - sigma)]``.
    It is smallest at ``c = exp(-sigma^2)``, *below* the median: MAPE
    rewards forecasting low. No model that sees the same information can
    beat ``best_forecast`` on average (a single test block of a few hundred
    posts can, by chance).

    Parameters
    ----------
    log_sd : float
        ``sigma``, the sd of the log of actual / expected (>= 0).

    Returns
    -------
    Series with ``median_forecast`` (MAPE when forecasting the median,
    ``c = 1``), ``best_forecast`` (the minimum over ``c``) and
    ``best_scale`` (that ``c``).

    >>> mape_floor(0.43).round(3).tolist()
    [0.365, 0.333, 0.831]
    """
    from scipy.stats import norm

    if not np.isfinite(log_sd) or log_sd < 0:
        raise ValueError(f"log_sd={log_sd!r} must be a finite number >= 0")
    if log_sd == 0:
        return pd.Series({"median_forecast": 0.0, "best_forecast": 0.0, "best_scale": 1.0})

    def expected(c: float) -> float:
        mu = np.log(c)  # X = c exp(-sigma Z) is log-normal(mu, sigma)
        mean = np.exp(mu + log_sd**2 / 2)
        below = norm.cdf(-mu / log_sd) - mean * norm.cdf(-mu / log_sd - log_sd)
        return float(mean - 1 + 2 * below)

    best = float(np.exp(-log_sd**2))
    return pd.Series({"median_forecast": expected(1.0), "best_forecast": expected(best),
                      "best_scale": best})


def _pair(actual, predicted) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(actual, dtype="float64").ravel()
    p = np.asarray(predicted, dtype="float64").ravel()
    if len(a) != len(p):
        raise ValueError(f"actual has {len(a)} values, predicted {len(p)}; they must match")
    if len(a) == 0:
        raise ValueError("actual is empty; an error metric needs at least one value")
    if not (np.isfinite(a).all() and np.isfinite(p).all()):
        raise ValueError("actual and predicted must be finite (no NaN or inf)")
    return a, p


def baseline_median(train: pd.DataFrame, test: pd.DataFrame, *,
                    by: Sequence[str] = ("platform", "format"),
                    target: str = "engagements") -> pd.Series:
    """The naive forecast: the median ``target`` of the *training* posts in the same cell.

    A test post in a cell unseen in training gets the median of its first
    ``by`` column (e.g. the platform), else the overall training median.

    >>> train = pd.DataFrame({"platform": ["a", "a", "a", "b"], "format": ["x", "x", "y", "x"],
    ...                       "engagements": [10, 30, 5, 100]})
    >>> test = pd.DataFrame({"platform": ["a", "b", "c"], "format": ["x", "y", "x"]})
    >>> baseline_median(train, test).tolist()
    [20.0, 100.0, 20.0]
    """
    _check_frame(train, "train")
    _check_frame(test, "test")
    by = list(by)
    if not by:
        raise ValueError("by must name at least one column, e.g. by=['platform', 'format']")
    _require(train, by + [target], "train")
    _require(test, by, "test")
    overall = float(train[target].median())
    cell = train.groupby(by, observed=True)[target].median().rename("cell")
    first = train.groupby(by[0], observed=True)[target].median().rename("first")
    keyed = test[by].merge(cell, left_on=by, right_index=True, how="left")
    keyed = keyed.merge(first, left_on=by[0], right_index=True, how="left")
    pred = keyed["cell"].fillna(keyed["first"]).fillna(overall).astype("float64")
    return pd.Series(pred.to_numpy(), index=test.index, name="baseline")


def _splits(table: pd.DataFrame, n_splits: int, scheme: str = "time", random_state: int = 0):
    """Row positions of (train, test) per fold. Time-ordered folds cut between distinct
    timestamps, so posts published at the same minute never sit on both sides."""
    from sklearn.model_selection import KFold, TimeSeriesSplit

    _choice("scheme", scheme, ("time", "shuffled"))
    if not isinstance(n_splits, int) or n_splits < 2:
        raise ValueError(f"n_splits={n_splits!r} must be a whole number >= 2")
    if not table["timestamp"].is_monotonic_increasing:
        raise ValueError("table must be sorted by timestamp (use prediction_table): "
                         "time-ordered folds rely on row order")
    stamps, position = np.unique(table["timestamp"].to_numpy(), return_inverse=True)
    if len(stamps) < 2 * (n_splits + 1):
        raise ValueError(f"table has {len(table)} posts at {len(stamps)} distinct times, too few "
                         f"for n_splits={n_splits}")
    if scheme == "shuffled":
        return list(KFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(table))
    return [(np.flatnonzero(position <= tr[-1]), np.flatnonzero((position >= te[0]) & (position <= te[-1])))
            for tr, te in TimeSeriesSplit(n_splits=n_splits).split(stamps)]


def cross_validate(table: pd.DataFrame, *, pipeline=None, n_splits: int = 5,
                   scheme: Literal["time", "shuffled"] = "time",
                   features: Sequence[str] = PRE_POST_FEATURES, target: str = "engagements",
                   baseline_by: Sequence[str] = ("platform", "format"),
                   random_state: int = 0) -> pd.DataFrame:
    """Score the pipeline and the median baseline fold by fold.

    With ``scheme="time"`` (the default, and the right choice for posts)
    fold ``i`` trains on every post before a cut-off and tests on the next
    block of posts (``TimeSeriesSplit``, expanding window): as in real use,
    the model never sees the future. ``scheme="shuffled"`` is the ordinary
    shuffled ``KFold``, here only to show its mistake: its training folds
    hold posts published *after* the test posts, so the scores are too
    optimistic for forecasting. The model and the baseline are refitted on
    each training block only.

    Parameters
    ----------
    table : DataFrame
        From :func:`prediction_table` (sorted by ``timestamp``).
    pipeline : sklearn estimator, optional
        Default ``engagement_pipeline(features=features)``; cloned per fold.
    n_splits : int
        Number of folds.
    scheme : {"time", "shuffled"}
    features, target, baseline_by
        Input columns, outcome column, and the cells of the baseline.
    random_state : int
        Seed of the shuffled folds.

    Returns
    -------
    DataFrame
        One row per fold: ``fold, n_train, n_test, train_end, test_start,
        future_in_train`` (share of training posts published after the first
        test post: 0 for time-ordered folds), ``model_mae, baseline_mae``
        (engagements per post), ``model_mape, baseline_mape`` (fractions,
        over the test posts with a nonzero actual: ``n_zero`` counts the
        others) and ``model_bias, baseline_bias`` (median of actual /
        predicted, minus 1: +0.10 means the typical post did 10% better than
        forecast, i.e. the forecast is too low).
    """
    from sklearn.base import clone

    _check_frame(table, "table")
    features = list(features)
    _require(table, ["timestamp", target] + features + list(baseline_by), "table")
    pipe = engagement_pipeline(features=features) if pipeline is None else pipeline
    rows = []
    for i, (tr, te) in enumerate(_splits(table, n_splits, scheme, random_state), start=1):
        train, test = table.iloc[tr], table.iloc[te]
        with _one_thread():
            fitted = clone(pipe).fit(train[features], train[target])
            pred = fitted.predict(test[features])
        base = baseline_median(train, test, by=baseline_by, target=target)
        first_test = test["timestamp"].min()
        actual = test[target]
        rows.append({
            "fold": i, "n_train": len(train), "n_test": len(test),
            "train_end": train["timestamp"].max(), "test_start": first_test,
            "future_in_train": float((train["timestamp"] > first_test).mean()),
            "model_mae": mae(actual, pred), "baseline_mae": mae(actual, base),
            "model_mape": mape(actual, pred, zeros="skip"),
            "baseline_mape": mape(actual, base, zeros="skip"),
            "n_zero": int((actual == 0).sum()),
            "model_bias": _bias(actual, pred), "baseline_bias": _bias(actual, base),
        })
    return pd.DataFrame(rows)


def _bias(actual, predicted) -> float:
    """Median of actual / predicted minus 1, over positive predictions."""
    a, p = _pair(actual, predicted)
    ok = p > 0
    return float(np.median(a[ok] / p[ok]) - 1) if ok.any() else float("nan")


def last_fold(table: pd.DataFrame, *, n_splits: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The training and test posts of the last time-ordered fold (see :func:`cross_validate`).

    >>> t = pd.DataFrame({"timestamp": pd.date_range("2025-01-01", periods=12, freq="D")})
    >>> train, test = last_fold(t, n_splits=5)
    >>> len(train), len(test), bool(train["timestamp"].max() < test["timestamp"].min())
    (10, 2, True)
    """
    _check_frame(table, "table")
    _require(table, ["timestamp"], "table")
    tr, te = _splits(table, n_splits)[-1]
    return table.iloc[tr], table.iloc[te]


def _fit_last_fold(table: pd.DataFrame, pipeline, n_splits: int, features: list[str],
                   target: str) -> tuple[pd.DataFrame, pd.DataFrame, object]:
    """Fit ``pipeline`` (default :func:`engagement_pipeline`) on the last fold's training posts."""
    from sklearn.base import clone

    train, test = last_fold(table, n_splits=n_splits)
    _require(table, features + [target], "table")
    pipe = engagement_pipeline(features=features) if pipeline is None else pipeline
    with _one_thread():
        fitted = clone(pipe).fit(train[features], train[target])
    return train, test, fitted


def holdout_predictions(table: pd.DataFrame, *, pipeline=None, n_splits: int = 5,
                        features: Sequence[str] = PRE_POST_FEATURES,
                        target: str = "engagements") -> pd.DataFrame:
    """The last fold's test posts with the model's and the baseline's predictions.

    The pipeline (default :func:`engagement_pipeline`) and the baseline
    (:func:`baseline_median`) learn from the last fold's training posts
    only (the same fit as the last row of :func:`cross_validate`); the
    result is the test posts with two more columns, ``predicted`` and
    ``baseline`` (engagements).

    >>> from course_lib import data
    >>> h = holdout_predictions(prediction_table(data.load("posts")))
    >>> list(h.columns[-3:]), bool((h["predicted"] > 0).all())
    (['engagements', 'predicted', 'baseline'], True)
    """
    features = list(features)
    train, test, fitted = _fit_last_fold(table, pipeline, n_splits, features, target)
    with _one_thread():
        predicted = fitted.predict(test[features])
    return test.assign(predicted=predicted,
                       baseline=baseline_median(train, test, target=target))


def heldout_importance(table: pd.DataFrame, *, pipeline=None, n_splits: int = 5,
                       features: Sequence[str] = PRE_POST_FEATURES, target: str = "engagements",
                       n_repeats: int = 10, random_state: int = 0) -> pd.DataFrame:
    """Permutation importance of each feature on the held-out posts of the last fold.

    The pipeline is fitted on the last fold's training posts; then each
    feature of the *test* posts is shuffled ``n_repeats`` times and the
    rise in MAE is recorded (``sklearn.inspection.permutation_importance``,
    Breiman 2001). A feature the model does not need barely moves the MAE;
    correlated features share (and can hide) their importance.

    Returns
    -------
    DataFrame
        ``feature, importance, importance_sd`` (MAE increase, engagements per
        post) and ``share`` (importance / sum of positive importances; 0 if
        no importance is positive), sorted from most to least important. ``attrs["baseline_mae"]`` is the
        unshuffled MAE.
    """
    from sklearn.inspection import permutation_importance

    features = list(features)
    _, test, fitted = _fit_last_fold(table, pipeline, n_splits, features, target)
    with _one_thread():
        result = permutation_importance(fitted, test[features], test[target],
                                        scoring="neg_mean_absolute_error", n_repeats=n_repeats,
                                        random_state=random_state)
        unshuffled = mae(test[target], fitted.predict(test[features]))
    out = pd.DataFrame({"feature": features, "importance": result.importances_mean,
                        "importance_sd": result.importances_std})
    positive = out["importance"].clip(lower=0)
    out["share"] = positive / positive.sum() if positive.sum() > 0 else 0.0
    out = out.sort_values("importance", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs["baseline_mae"] = unshuffled
    return out
