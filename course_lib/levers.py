"""Lever screen for success cases (成功案例): which levers drove results, and how much.

A *lever* is something the social-media team chose and the data record for
every post: riding a trending topic (热点), an influencer / KOL collaboration
(达人合作), a paid boost (付费推广), the format (against ``image``) and each
campaign (活动) that ran on the post's platform that day. The screen answers
three questions with the methods of chapter 4:

1. **How much was each lever used?** -- :func:`lever_table` (0/1 columns)
   and :func:`usage_over_time` (its share of posts per month).
2. **What does it do to one post?** -- :func:`lever_effects`: a log-linear
   least-squares regression of ``log(reach)`` and of ``log(engagements /
   reach)`` on all levers at once, with platform, month, topic (and format,
   when format is not screened) as controls. ``exp(b)`` is a multiplicative
   uplift (``1.5`` = +50 % on the typical post). Intervals are
   cluster-robust by publication day (posts of one day share shocks).
   Campaign dummies with platform and month controls compare the campaign
   platform's posts with other platforms' posts in the same months: a
   difference-in-differences at post level. Daily outcomes (new followers,
   conversions per click) use :func:`campaign_lifts`, the DiD of
   :mod:`course_lib.experiments` against platforms without a campaign.
3. **Which lever mattered most?** -- :func:`rank_levers`:
   ``contribution = share of posts x (uplift - 1)``, the relative change of
   the average outcome had no post used the lever (a big effect on 2 % of
   posts moves the total less than a modest one on 40 %).

:func:`recommend` turns a case's screen and the brand's own (the benchmark)
into "what to copy", and :func:`truth_levers` gives the simulator's true
levers of a chapter-5 success case in the same shape as the estimates.

Assumptions, stated once: effects are multiplicative and the same on every
platform (pooled over platforms unless you filter the posts); a lever's
posts are comparable to the others once the controls are held fixed (no
unmeasured confounding -- in real data trending posts are often chosen on
days that would have been good anyway); paid reach is *added* to organic
reach, so reach effects of the other levers are estimated on organic posts
only.

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> n = 600
>>> posts = pd.DataFrame({
...     "timestamp": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D"),
...     "platform": rng.choice(["a", "b"], n), "format": "image", "topic": "product",
...     "trending": rng.random(n) < 0.3, "influencer": False, "paid_spend": 0.0,
...     "campaign_id": pd.Series([None] * n, dtype="str")})
>>> posts["reach"] = np.round(5_000 * np.where(posts["trending"], 2.0, 1.0)
...                           * np.exp(0.3 * rng.standard_normal(n))).astype(int)
>>> posts["likes"] = np.round(posts["reach"] * 0.04).astype(int)
>>> posts[["comments", "shares", "saves"]] = 0
>>> fx = lever_effects(posts, levers=["trending"], outcomes=["reach"])
>>> bool(fx.loc[0, "ci_low"] < 2.0 < fx.loc[0, "ci_high"])
True

Sources: Angrist, J. D. & Pischke, J.-S. (2009), *Mostly Harmless
Econometrics*, ch. 5 (difference-in-differences with fixed effects);
Cameron, A. C. & Miller, D. L. (2015), *Journal of Human Resources* 50(2),
317-372 (cluster-robust inference); Wilson, E. B. (1927), *JASA* 22(158),
209-212 (interval for a share).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .validation import check_frame, require_columns

__all__ = [
    "LEVER_KINDS",
    "OUTCOMES",
    "CONTROLS",
    "FOCUS",
    "lever_table",
    "lever_effects",
    "rank_levers",
    "usage_over_time",
    "mix_growth",
    "campaign_lifts",
    "recommend",
    "truth_levers",
    "focus_lever",
    "raw_ratio",
]

#: Kinds of lever the screen looks for (each becomes one or more 0/1 columns).
LEVER_KINDS: tuple[str, ...] = ("trending", "influencer", "paid", "format", "campaign")
#: Post-level outcomes of :func:`lever_effects`.
OUTCOMES: tuple[str, ...] = ("reach", "engagement_rate")
#: Controls :func:`lever_effects` can hold fixed.
CONTROLS: tuple[str, ...] = ("platform", "month", "topic", "format", "platform_month")
#: Reference format: format levers are measured against it.
REFERENCE_FORMAT = "image"
_ENGAGEMENTS = ("likes", "comments", "shares", "saves")
_NEEDS = {"trending": ["trending"], "influencer": ["influencer"], "paid": ["paid_spend"],
          "format": ["format"], "campaign": ["campaign_id"]}

#: The lever each success case is known for, the outcome to quantify it on,
#: and whether to measure it on the case's main platform only.
FOCUS: dict[str, dict[str, object]] = {
    "ecommerce": {"lever": "influencer", "outcome": "engagement_rate", "main_platform": False},
    "fmcg": {"lever": "campaign=CA05", "outcome": "engagement_rate", "main_platform": False},
    "short_video": {"lever": "format=short_video", "outcome": "engagement_rate", "main_platform": True},
}


def _choices(param: str, values: Sequence[str] | str, allowed: Sequence[str]) -> list[str]:
    values = [values] if isinstance(values, str) else list(values)
    if not values:
        raise ValueError(f"{param} is empty; choose from {', '.join(allowed)}")
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ValueError(f"{param}: unknown {bad}; allowed: {', '.join(allowed)}")
    return values


def _check_level(level: object) -> float:
    if not isinstance(level, float) or not 0 < level < 1:
        raise ValueError(f"level={level!r} must be a float between 0 and 1, e.g. 0.95")
    return level


def lever_table(posts: pd.DataFrame, *, levers: Sequence[str] = LEVER_KINDS,
                reference_format: str = REFERENCE_FORMAT) -> pd.DataFrame:
    """One 0/1 column per lever (same index as ``posts``).

    Columns: ``trending``, ``influencer``, ``paid`` (``paid_spend > 0``),
    ``format=<f>`` for every format but ``reference_format`` and
    ``campaign=<id>`` for every campaign id present (in sorted order).

    >>> p = pd.DataFrame({"trending": [True, False], "paid_spend": [0.0, 5.0],
    ...                   "format": ["image", "video"], "campaign_id": ["CA01", None]})
    >>> lever_table(p, levers=["trending", "paid", "format", "campaign"]).to_dict("list")
    {'trending': [1, 0], 'paid': [0, 1], 'format=video': [0, 1], 'campaign=CA01': [1, 0]}
    """
    check_frame(posts, "posts")
    levers = _choices("levers", levers, LEVER_KINDS)
    require_columns(posts, [c for lev in levers for c in _NEEDS[lev]], "posts")
    cols: dict[str, pd.Series] = {}
    for lev in levers:
        if lev in ("trending", "influencer"):
            cols[lev] = posts[lev].astype(bool).astype("int64")
        elif lev == "paid":
            cols["paid"] = (pd.to_numeric(posts["paid_spend"]) > 0).astype("int64")
        elif lev == "format":
            for f in sorted(set(posts["format"].astype(str)) - {reference_format}):
                cols[f"format={f}"] = (posts["format"] == f).astype("int64")
        else:
            ids = posts["campaign_id"].dropna().astype(str)
            for c in sorted(ids.unique()):
                cols[f"campaign={c}"] = (posts["campaign_id"] == c).fillna(False).astype("int64")
    return pd.DataFrame(cols, index=posts.index)


def _outcome(posts: pd.DataFrame, outcome: str) -> tuple[pd.Series, pd.Series]:
    """``(log outcome, usable)`` per post."""
    reach = pd.to_numeric(posts["reach"]).astype("float64")
    if outcome == "reach":
        ok = reach > 0
        return np.log(reach.where(ok, 1.0)), ok
    eng = posts[list(_ENGAGEMENTS)].sum(axis=1).astype("float64")
    ok = (eng > 0) & (reach > 0)
    return np.log(eng.where(ok, 1.0) / reach.where(ok, 1.0)), ok


def _controls(posts: pd.DataFrame, controls: Sequence[str]) -> pd.DataFrame:
    month = posts["timestamp"].dt.month.astype(str).str.zfill(2)
    parts = []
    for c in controls:
        values = {"month": month, "platform_month": posts["platform"].astype(str) + ":" + month}.get(
            c, posts[c].astype(str) if c in posts else None)
        parts.append(pd.get_dummies(values, prefix=c, prefix_sep="=", drop_first=True, dtype="float64"))
    return pd.concat(parts, axis=1) if parts else pd.DataFrame(index=posts.index)


def _cluster_fit(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """OLS with CR1 cluster-robust standard errors (Cameron & Miller 2015)."""
    n, k = X.shape
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    xtx_inv = np.linalg.pinv(X.T @ X)
    codes, g = pd.factorize(groups)[0], len(pd.unique(groups))
    scores = np.zeros((g, k))
    np.add.at(scores, codes, X * resid[:, None])
    meat = scores.T @ scores
    scale = g / (g - 1) * (n - 1) / (n - k) if g > 1 and n > k else 1.0
    cov = xtx_inv @ meat @ xtx_inv * scale
    return beta, np.sqrt(np.clip(np.diag(cov), 0, None)), g


def lever_effects(posts: pd.DataFrame, *, levers: Sequence[str] = LEVER_KINDS,
                  outcomes: Sequence[str] = OUTCOMES,
                  controls: Sequence[str] = ("platform", "month", "topic"),
                  level: float = 0.95, min_posts: int = 20) -> pd.DataFrame:
    """Multiplicative effect of every lever on reach per post and on engagement rate.

    For each outcome, one least-squares fit of ``log(outcome)`` on all lever
    columns of :func:`lever_table` plus control dummies; format is added as
    a control when it is not a lever. For ``reach`` the fit uses organic
    posts only (``paid_spend == 0``: paid reach is added on top of organic
    reach, which would shrink every other lever's multiplier), and the
    ``paid`` row comes from a second fit on all posts. Intervals: t-based
    with standard errors clustered by publication day.

    Parameters
    ----------
    posts : DataFrame
        ``posts``-like: ``timestamp, platform, topic, reach``, the engagement
        columns and the columns of the chosen levers.
    levers : subset of :data:`LEVER_KINDS`
    outcomes : subset of :data:`OUTCOMES`
        ``engagement_rate`` = (likes + comments + shares + saves) / reach.
    controls : subset of :data:`CONTROLS`
        ``platform_month`` (one dummy per platform x month) instead of
        ``platform`` + ``month`` also absorbs each platform's follower growth.
    level : float
        Confidence level.
    min_posts : int
        Lever columns used by fewer posts (or by all but fewer) are dropped
        (listed in ``attrs["dropped"]``).

    Returns
    -------
    DataFrame
        One row per lever x outcome: ``lever, outcome, n_posts`` (posts in
        the fit using the lever), ``share`` (of all posts), ``estimate``
        (uplift multiplier ``exp(b)``), ``ci_low, ci_high, log_estimate,
        std_error, n_fit``.

    Raises
    ------
    ValueError
        Empty frame, missing columns, unknown lever / outcome / control,
        no lever with enough posts.
    """
    check_frame(posts, "posts")
    levers = _choices("levers", levers, LEVER_KINDS)
    outcomes = _choices("outcomes", outcomes, OUTCOMES)
    controls = list(controls) if not isinstance(controls, str) else [controls]
    if controls:
        _choices("controls", controls, CONTROLS)
    _check_level(level)
    if not isinstance(min_posts, int) or min_posts < 1:
        raise ValueError(f"min_posts={min_posts!r} must be a whole number >= 1")
    require_columns(posts, ["timestamp", "platform", "reach", *_ENGAGEMENTS, "paid_spend",
                            *(c for c in controls if c in ("topic", "format"))], "posts")
    if not pd.api.types.is_datetime64_any_dtype(posts["timestamp"]):
        raise TypeError("posts['timestamp'] must be datetime64 (use pd.to_datetime)")
    if "format" in levers and "format" in controls:
        raise ValueError("'format' is both a lever and a control; use one")
    table = lever_table(posts, levers=levers)
    n_all = len(posts)
    use = table.sum()
    rare = use < min_posts
    keep = ~rare & (n_all - use >= min_posts)
    dropped = sorted(table.columns[~keep])
    # posts using a rare lever leave the fit (they would otherwise join the reference group)
    in_fit = table.loc[:, rare].sum(axis=1) == 0
    table = table.loc[:, keep]
    if table.empty:
        raise ValueError(f"no lever is used by at least min_posts={min_posts} posts (and not by all)")
    ctrl = _controls(posts, controls + (["format"] if "format" not in levers and "format" in posts
                                        and "format" not in controls else []))
    day = posts["timestamp"].dt.normalize().to_numpy()
    from scipy import stats

    rows = []
    for outcome in outcomes:
        y, ok = _outcome(posts, outcome)
        ok = ok & in_fit
        fits = [(list(table.columns), ok)]
        if outcome == "reach" and "paid" in table.columns:
            organic = ok & (pd.to_numeric(posts["paid_spend"]) == 0)
            fits = [([c for c in table.columns if c != "paid"], organic), (["paid"], ok)]
        for names, mask in fits:
            mask = mask.to_numpy()
            Xdf = pd.concat([pd.Series(1.0, index=posts.index, name="const"),
                             table.loc[:, [c for c in table.columns if c in names or names == ["paid"]]]
                             .astype("float64"), ctrl], axis=1)[mask]
            Xdf = Xdf.loc[:, (Xdf != 0).any() | (Xdf.columns == "const")]
            beta, se, g = _cluster_fit(Xdf.to_numpy(), y.to_numpy()[mask], day[mask])
            t = stats.t.ppf(0.5 + level / 2, max(g - 1, 1))
            idx = {c: i for i, c in enumerate(Xdf.columns)}
            for lev in names:
                if lev not in idx:
                    continue
                b, s = beta[idx[lev]], se[idx[lev]]
                rows.append({"lever": lev, "outcome": outcome, "n_posts": int(table.loc[mask, lev].sum()),
                             "share": float(use[lev] / n_all), "estimate": float(np.exp(b)),
                             "ci_low": float(np.exp(b - t * s)), "ci_high": float(np.exp(b + t * s)),
                             "log_estimate": float(b), "std_error": float(s), "n_fit": int(mask.sum())})
    out = pd.DataFrame(rows)
    out.attrs.update(dropped=dropped, controls=controls, level=level)
    return out


def rank_levers(effects: pd.DataFrame, *, outcome: str = "engagement_rate") -> pd.DataFrame:
    """Levers of one outcome ranked by contribution = share x (uplift - 1).

    The contribution is the relative change of the average outcome that the
    lever brought, compared with no post using it (``0.05`` = +5 %). Its
    interval scales the uplift's interval by the share.

    >>> fx = pd.DataFrame({"lever": ["big_rare", "modest_common"], "outcome": "reach",
    ...                    "share": [0.02, 0.40], "estimate": [3.0, 1.3],
    ...                    "ci_low": [2.0, 1.2], "ci_high": [4.0, 1.4]})
    >>> rank_levers(fx, outcome="reach")[["lever", "contribution", "rank"]].round(3).to_dict("list")
    {'lever': ['modest_common', 'big_rare'], 'contribution': [0.12, 0.04], 'rank': [1, 2]}
    """
    check_frame(effects, "effects")
    require_columns(effects, ["lever", "outcome", "share", "estimate", "ci_low", "ci_high"], "effects")
    _choices("outcome", outcome, sorted(set(effects["outcome"])))
    out = effects[effects["outcome"] == outcome].copy()
    for col, src in (("contribution", "estimate"), ("contribution_low", "ci_low"),
                     ("contribution_high", "ci_high")):
        out[col] = out["share"] * (out[src] - 1)
    out = out.sort_values("contribution", ascending=False, ignore_index=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def usage_over_time(posts: pd.DataFrame, *, lever: str, freq: str = "MS",
                    level: float = 0.95) -> pd.DataFrame:
    """Share of posts using ``lever`` (a :func:`lever_table` column) per period, Wilson interval.

    >>> p = pd.DataFrame({"timestamp": pd.to_datetime(["2025-01-03", "2025-01-09", "2025-02-01"]),
    ...                   "format": ["image", "short_video", "short_video"]})
    >>> usage_over_time(p, lever="format=short_video")[["period", "n_posts", "estimate"]].to_dict("list")
    {'period': [Timestamp('2025-01-01 00:00:00'), Timestamp('2025-02-01 00:00:00')], 'n_posts': [2, 1], 'estimate': [0.5, 1.0]}
    """
    check_frame(posts, "posts")
    require_columns(posts, ["timestamp"], "posts")
    _check_level(level)
    kind = lever.split("=")[0]
    if kind not in LEVER_KINDS:
        raise ValueError(f"lever: unknown {lever!r}; use a lever_table column, e.g. 'trending', "
                         "'format=short_video', 'campaign=CA01'")
    flags = lever_table(posts, levers=[kind])
    used = flags[lever] if lever in flags else pd.Series(0, index=posts.index)
    period = posts["timestamp"].dt.to_period(freq[0] if freq.endswith("S") else freq).dt.start_time
    g = used.groupby(period).agg(["size", "sum"])
    n, x = g["size"].to_numpy(float), g["sum"].to_numpy(float)
    from scipy import stats

    z = stats.norm.ppf(0.5 + level / 2)
    p = x / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return pd.DataFrame({"period": g.index, "lever": lever, "n_posts": g["size"].to_numpy(),
                         "estimate": p, "ci_low": centre - half, "ci_high": centre + half})


def mix_growth(posts: pd.DataFrame, *, lever: str = "format=short_video", n_boot: int = 400,
               level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Relative growth of a lever's weight in the posting mix over one year.

    Model: on platform ``p`` in month ``m`` (mid-month day ``t``), the odds
    that a post uses the lever are ``a_p (1 + g t / 365)``: each platform
    has its own starting mix, and the lever's weight grows by the same
    ``g`` everywhere (``g = 3``: the weight quadrupled within a year). ``g``
    solves the moment equations of counts (with ``a_p`` profiled out,
    bisection). The interval resamples publication days (Poisson bootstrap,
    ``n_boot`` draws). Without a ``platform`` column all posts are one group.

    Returns one row: ``lever, estimate, ci_low, ci_high, share_first,
    share_last`` (shares of posts in the first and the last month).

    >>> days = pd.date_range("2025-01-01", "2025-12-31")
    >>> n_sv = np.round(20 * (1 + 2 * np.arange(len(days)) / 365)).astype(int)  # odds x3 in a year
    >>> frame = pd.DataFrame({"timestamp": np.concatenate([days.repeat(n_sv), days.repeat(40)]),
    ...                       "format": ["short_video"] * n_sv.sum() + ["image"] * 40 * len(days)})
    >>> mix_growth(frame, n_boot=50)["estimate"].round(1).item()
    2.0
    """
    check_frame(posts, "posts")
    require_columns(posts, ["timestamp"], "posts")
    _check_level(level)
    if not isinstance(n_boot, int) or n_boot < 10:
        raise ValueError(f"n_boot={n_boot!r} must be a whole number >= 10")
    used = usage_over_time(posts, lever=lever)  # validates lever
    if len(used) < 3:
        raise ValueError("posts: need at least three months of posts to fit a trend")
    flag = lever_table(posts, levers=[lever.split("=")[0]]).get(lever, pd.Series(0, index=posts.index))
    day = posts["timestamp"].dt.normalize()
    plat = posts["platform"].astype(str) if "platform" in posts else pd.Series("all", index=posts.index)
    days, day_code = np.unique(day.to_numpy(), return_inverse=True)
    plats, plat_code = np.unique(plat.to_numpy(), return_inverse=True)
    months = pd.DatetimeIndex(days).month.to_numpy() - 1
    mids = np.array([pd.Timestamp(pd.Timestamp(days[0]).year, m + 1, 15).day_of_year for m in range(12)]) / 365.0
    cells = plat_code * 12 + months[day_code]  # platform x month of each post
    yes_d = np.zeros((len(days), len(plats) * 12))
    no_d = np.zeros_like(yes_d)
    f = flag.to_numpy()
    np.add.at(yes_d, (day_code, cells), f)
    np.add.at(no_d, (day_code, cells), 1 - f)
    rng = np.random.default_rng(seed)
    w = np.vstack([np.ones(len(days)), rng.poisson(1.0, (n_boot, len(days)))])
    yes = (w @ yes_d).reshape(-1, len(plats), 12)
    no = (w @ no_d).reshape(-1, len(plats), 12)
    t = mids[None, None, :]

    def score(g: np.ndarray) -> np.ndarray:
        mult = 1 + g[:, None, None] * t
        a = yes.sum(axis=2) / np.maximum((no * mult).sum(axis=2), 1e-12)
        return (yes * t).sum(axis=(1, 2)) - (a[:, :, None] * no * mult * t).sum(axis=(1, 2))

    lo, hi = np.full(len(w), -0.99), np.full(len(w), 100.0)
    for _ in range(50):  # the score falls as g grows
        mid = (lo + hi) / 2
        up = score(mid) > 0
        lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
    g = (lo + hi) / 2
    q_lo, q_hi = np.quantile(g[1:], [0.5 - level / 2, 0.5 + level / 2])
    return pd.DataFrame({"lever": [lever], "estimate": [float(g[0])], "ci_low": [float(q_lo)],
                         "ci_high": [float(q_hi)], "share_first": [float(used["estimate"].iloc[0])],
                         "share_last": [float(used["estimate"].iloc[-1])]})


#: Daily outcomes of :func:`campaign_lifts`: name -> (count column, denominator or None).
CAMPAIGN_METRICS: dict[str, tuple[str, str | None]] = {
    "follows": ("follows", None),
    "conversion_rate": ("conversions", "clicks"),
}


def campaign_lifts(daily: pd.DataFrame, campaigns: pd.DataFrame, *,
                   metrics: Sequence[str] = tuple(CAMPAIGN_METRICS), pre_days: int = 28,
                   alpha: float = 0.05) -> pd.DataFrame:
    """Difference-in-differences of every campaign on daily outcomes, as uplift multipliers.

    Wraps :func:`course_lib.experiments.evaluate_campaigns` (controls: the
    platforms in no campaign; HAC intervals) for each metric of
    :data:`CAMPAIGN_METRICS`: ``follows`` (new followers per day) and
    ``conversion_rate`` (conversions per click, pooled). Returns ``lever``
    (``campaign=<id>``), ``outcome, estimate`` (``1 + lift``), ``ci_low,
    ci_high, treated_change, control_change``.
    """
    from . import experiments

    metrics = _choices("metrics", metrics, tuple(CAMPAIGN_METRICS))
    out = []
    for m in metrics:
        col, per = CAMPAIGN_METRICS[m]
        res = experiments.evaluate_campaigns(daily, campaigns, metric=col, per=per,
                                             pre_days=pre_days, alpha=alpha)
        res = res[res["method"] == "DiD"]
        out.append(pd.DataFrame({"lever": "campaign=" + res["campaign_id"], "outcome": m,
                                 "estimate": 1 + res["estimate"], "ci_low": 1 + res["ci_low"],
                                 "ci_high": 1 + res["ci_high"],
                                 "treated_change": res["treated_change"],
                                 "control_change": res["control_change"]}))
    return pd.concat(out, ignore_index=True)


def raw_ratio(posts: pd.DataFrame, *, lever: str, outcome: str = "engagement_rate") -> float:
    """The naive uplift: pooled outcome of posts with the lever / without, no controls.

    For ``engagement_rate``: (sum engagements / sum reach) with the lever over
    the same without; for ``reach``: mean reach with / without. What a
    dashboard shows -- and what :func:`lever_effects` improves on.

    >>> p = pd.DataFrame({"trending": [True, False, False], "reach": [200, 100, 100],
    ...                   "likes": [20, 5, 5], "comments": 0, "shares": 0, "saves": 0})
    >>> raw_ratio(p, lever="trending"), raw_ratio(p, lever="trending", outcome="reach")
    (2.0, 2.0)
    """
    check_frame(posts, "posts")
    _choices("outcome", outcome, OUTCOMES)
    kind = lever.split("=")[0]
    if kind not in LEVER_KINDS:
        raise ValueError(f"lever: unknown {lever!r}; use a lever_table column")
    flag = lever_table(posts, levers=[kind]).get(lever)
    if flag is None or flag.sum() == 0 or flag.sum() == len(flag):
        raise ValueError(f"lever {lever!r}: needs posts with and without it")
    on = flag.astype(bool)
    reach = pd.to_numeric(posts["reach"]).astype(float)
    if outcome == "reach":
        return float(reach[on].mean() / reach[~on].mean())
    eng = posts[list(_ENGAGEMENTS)].sum(axis=1).astype(float)
    return float((eng[on].sum() / reach[on].sum()) / (eng[~on].sum() / reach[~on].sum()))


def recommend(case: pd.DataFrame, benchmark: pd.DataFrame, *,
              outcome: str = "engagement_rate") -> pd.DataFrame:
    """What the benchmark brand could gain by using each lever as much as the case did.

    For every lever of ``case`` (a :func:`lever_effects` frame): ``gain =
    max(share_case - share_benchmark, 0) x (uplift - 1)``, the relative
    change of the benchmark's average outcome, with the uplift measured on
    the **benchmark's own** posts when it used the lever (its audience), else
    the case's (marked ``effect_from = "case"``: less certain to transfer).
    ``verdict``: ``"copy"`` (interval above 1 and gain > 0), ``"already
    used as much"``, ``"avoid"`` (interval below 1), ``"not proven"``.

    >>> case = pd.DataFrame({"lever": ["a", "b"], "outcome": "reach", "share": [0.3, 0.1],
    ...                      "estimate": [1.5, 2.0], "ci_low": [1.2, 0.9], "ci_high": [1.8, 3.0]})
    >>> bench = case.assign(share=[0.1, 0.1])
    >>> recommend(case, bench, outcome="reach")[["lever", "gain", "verdict"]].round(2).to_dict("list")
    {'lever': ['a', 'b'], 'gain': [0.1, 0.0], 'verdict': ['copy', 'not proven']}
    """
    for name, frame in (("case", case), ("benchmark", benchmark)):
        check_frame(frame, name)
        require_columns(frame, ["lever", "outcome", "share", "estimate", "ci_low", "ci_high"], name)
    c = case[case["outcome"] == outcome].set_index("lever")
    if c.empty:
        raise ValueError(f"outcome: {outcome!r} is not in case['outcome']")
    b = benchmark[benchmark["outcome"] == outcome].set_index("lever").reindex(c.index)
    own = b["estimate"].notna()
    est = b["estimate"].where(own, c["estimate"])
    lo, hi = b["ci_low"].where(own, c["ci_low"]), b["ci_high"].where(own, c["ci_high"])
    more = (c["share"] - b["share"].fillna(0.0)).clip(lower=0)
    out = pd.DataFrame({"lever": c.index, "outcome": outcome, "share_case": c["share"].to_numpy(),
                        "share_benchmark": b["share"].fillna(0.0).to_numpy(),
                        "estimate": est.to_numpy(), "ci_low": lo.to_numpy(), "ci_high": hi.to_numpy(),
                        "effect_from": np.where(own, "benchmark", "case"),
                        "gain": (more * (est - 1)).to_numpy() + 0.0})
    out["verdict"] = np.select(
        [out["ci_low"] > 1, out["ci_high"] < 1],
        [np.where(out["gain"] > 0, "copy", "already used as much"), "avoid"], "not proven")
    return out.sort_values("gain", ascending=False, ignore_index=True)


def truth_levers(case: str, seed: int = 2024, market: str = "cn") -> pd.DataFrame:
    """The simulator's true levers of success case ``case`` as rows ``lever, outcome, platform, truth``.

    ``truth`` is an uplift multiplier (``1 + lift``) comparable with
    :func:`lever_effects` / :func:`campaign_lifts`, except
    ``outcome="mix_growth"`` (comparable with :func:`mix_growth`).
    ``platform`` is ``""`` for effects that hold on every platform.

    >>> truth_levers("ecommerce").query("lever == 'influencer'")["truth"].tolist()
    [2.8, 1.7]
    """
    from . import cases

    p = cases.preset(case)
    if p.kind != "success":
        raise ValueError(f"case: {case!r} is a failure mode; truth_levers needs a success case "
                         f"({', '.join(cases.SUCCESS_CASES)})")
    lv = p.truth(seed, market)["levers"]
    if case == "ecommerce":
        rows = [(k, o, "", lv[f"{k}_{'reach' if o == 'reach' else 'engagement'}_uplift"])
                for k in ("trending", "influencer") for o in OUTCOMES]
    elif case == "fmcg":
        rows = [("campaign=CA05", "engagement_rate", "", 1 + lv["quiz_engagement_lift"]),
                ("campaign=CA05", "follows", lv["platform"], 1 + lv["quiz_follows_lift"]),
                ("campaign=CA06", "conversion_rate", lv["platform"], 1 + lv["offer_conversion_lift"])]
    else:
        rows = [("format=short_video", "engagement_rate", lv["platform"], lv["short_video_vs_image"]),
                ("format=short_video", "mix_growth", "", lv["short_video_trend"])]
    return pd.DataFrame(rows, columns=["lever", "outcome", "platform", "truth"])


def focus_lever(case: str, market: str = "cn") -> dict[str, object]:
    """The lever a case is known for: ``lever, outcome, platform`` ("" = all platforms).

    >>> focus_lever("short_video", "global")
    {'lever': 'format=short_video', 'outcome': 'engagement_rate', 'platform': 'tiktok'}
    """
    from . import cases

    if case not in FOCUS:
        raise ValueError(f"case: unknown {case!r}; allowed: {', '.join(FOCUS)}")
    f = FOCUS[case]
    return {"lever": f["lever"], "outcome": f["outcome"],
            "platform": cases.main_platform(market) if f["main_platform"] else ""}
