"""Failure diagnosis: measure the symptom of each candidate failure against a reference.

The source (000 §五) names four ways a brand's social media year goes wrong:
content that misses the audience, dependence on one platform (which then
changes its rules), no data-driven iteration, and a crisis handled late.
Each leaves a different trace in the data, so a diagnosis (诊断) measures all
four traces the same way every time and compares each with a stated
reference level:

========================  =====================================================  =========
failure                   measure (``value``)                                    reference
========================  =====================================================  =========
``audience_mismatch``     share of engagements lost to the weakest topic          0.10
``single_platform``       organic reach per post lost on the most-used platform   0.25
                          (8 weeks after vs 8 weeks before its change point)
``no_iteration``          engagement rate forgone against each platform's best    0.25
                          format, weighted by posts
``crisis_late``           weeks in which the negative-comment share stays more     4 weeks
                          than 15 points above its median week
========================  =====================================================  =========

The references are the course's working red-flag levels, not industry
norms: a healthy account in the simulated market stays at or below each of
them (a crisis answered within days calms within about a month). Rates are
ratios of sums (total engagements / total reach) over organic posts
(``paid_spend == 0``): bought reach says nothing about the content or the
platform's feed. All helpers take the course tables (``posts``, ``comments``,
``daily_metrics``) and return tidy frames; :func:`evidence` puts the four
measures side by side and :func:`failure_cost` turns the one you diagnosed
into its cost.

Examples
--------
>>> from course_lib import cases
>>> posts = cases.load("posts", "single_platform", seed=3)
>>> shift = reach_shift(posts)
>>> row = shift.loc[shift["share"].idxmax()]
>>> str(row["platform"]), bool(row["drop"] > 0.5)
('douyin', True)
>>> sorted(FIXES)[:2]
['boost_paid', 'crisis_playbook']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .case_keys import FAILURE_MODES
from .markets import DISPLAY_NAMES, check_market
from .validation import check_frame, require_columns

__all__ = [
    "ENGAGEMENT_COLUMNS",
    "LABELS",
    "REFERENCES",
    "FIXES",
    "engagements",
    "reach_shift",
    "topic_gaps",
    "format_gaps",
    "crisis_weeks",
    "evidence",
    "failure_cost",
]

ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "saves")

#: plain-language name of each candidate failure (used in tables and charts)
LABELS: dict[str, str] = {
    "audience_mismatch": "Content misses the audience",
    "single_platform": "Dependence on one platform",
    "no_iteration": "No data-driven iteration",
    "crisis_late": "Crisis answered late",
}

#: red-flag level of each measure (see the module docstring)
REFERENCES: dict[str, float] = {
    "audience_mismatch": 0.10,
    "single_platform": 0.25,
    "no_iteration": 0.25,
    "crisis_late": 4.0,
}

#: menu of fixes: one per failure, plus generic options that fix none of them
FIXES: dict[str, str] = {
    "refocus_topics": "Cut the weak topic to a small share and move posts to topics the audience engages with",
    "spread_platforms": "Rebalance posting across several platforms so one feed change cannot sink the year",
    "test_and_learn": "Run monthly format tests per platform and shift the mix towards what the data show works",
    "crisis_playbook": "Set up a crisis playbook: monitor negative share daily and answer publicly within 24 hours",
    "post_more": "Post more often on every platform",
    "boost_paid": "Put more budget into paid boosts of existing posts",
}

_POST_COLUMNS = ("timestamp", "platform", "format", "topic", "paid_spend", "reach", *ENGAGEMENT_COLUMNS)


def _posts(posts: object, columns=_POST_COLUMNS, organic_only: bool = True) -> pd.DataFrame:
    p = check_frame(posts, "posts", why="need at least one post")
    require_columns(p, list(columns), "posts")
    if not isinstance(organic_only, (bool, np.bool_)):
        raise TypeError(f"organic_only must be True or False, got {organic_only!r}")
    if organic_only:
        p = p[p["paid_spend"] == 0]
        if p.empty:
            raise ValueError("posts has no organic posts (paid_spend == 0); use organic_only=False")
    return p


def _aggregate(aggregate: str) -> str:
    if aggregate not in ("ratio", "mean"):
        raise ValueError(f"aggregate must be 'ratio' (ratio of sums) or 'mean' (mean of per-post rates), "
                         f"got {aggregate!r}")
    return aggregate


def engagements(posts: pd.DataFrame) -> pd.Series:
    """Engagements per post: likes + comments + shares + saves.

    >>> engagements(pd.DataFrame({"likes": [3], "comments": [1], "shares": [0], "saves": [2]})).tolist()
    [6]
    """
    require_columns(check_frame(posts, "posts"), list(ENGAGEMENT_COLUMNS), "posts")
    return posts[list(ENGAGEMENT_COLUMNS)].sum(axis=1)


def _weeks(ts: pd.Series, start: pd.Timestamp) -> pd.Series:
    return (ts - start).dt.days // 7


def _rate(eng: pd.Series, reach: pd.Series, keys: list[pd.Series], aggregate: str) -> pd.DataFrame:
    """Engagements, reach, posts and engagement rate per group."""
    frame = pd.DataFrame({"engagements": eng, "reach": reach, "post_er": eng / reach.where(reach > 0)})
    g = frame.groupby(keys, observed=True)
    out = g.agg(posts=("reach", "size"), engagements=("engagements", "sum"), reach=("reach", "sum"))
    out["er"] = (out["engagements"] / out["reach"] if aggregate == "ratio" else g["post_er"].mean())
    return out


def reach_shift(posts: pd.DataFrame, *, window_weeks: int | None = 8, edge_weeks: int = 8,
                at_week: int | None = None, organic_only: bool = True) -> pd.DataFrame:
    """Change-point scan of organic reach per post, one row per platform.

    For every split week ``k`` (at least ``edge_weeks`` from either end of the
    year) the mean reach per post after ``k`` is divided by the mean before;
    the change point is the split with the smallest ratio (the sharpest
    fall). The size of the change is then measured on ``window_weeks``
    either side of it (``None``: everything before vs everything after),
    because organic reach drifts with the follower base and long windows mix
    that drift into the change. ``at_week`` skips the scan and measures every
    platform at the same week (a placebo check: did the others fall too?).

    Returns platform, name, posts (all posts, paid included), share (of all
    posts), change_week, change_date, before, after (organic reach per post),
    ratio = after / before and drop = 1 - ratio.

    >>> from course_lib import cases
    >>> s = reach_shift(cases.load("posts", "no_iteration", seed=3))
    >>> bool(s["drop"].max() < 0.25)
    True
    """
    p_all = _posts(posts, organic_only=False)
    p = _posts(posts, organic_only=organic_only)
    for name, v, low in (("edge_weeks", edge_weeks, 1), ("window_weeks", window_weeks, 1)):
        if v is not None and (not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < low):
            raise ValueError(f"{name} must be a whole number >= {low}, got {v!r}")
    start = p_all["timestamp"].min().normalize()
    n_weeks = int(_weeks(p_all["timestamp"], start).max()) + 1
    if n_weeks < 2 * edge_weeks + 1:
        raise ValueError(f"posts cover {n_weeks} weeks; the scan needs more than 2 x edge_weeks = {2 * edge_weeks}")
    week = _weeks(p["timestamp"], start)
    grid = pd.MultiIndex.from_product([sorted(p_all["platform"].unique()), range(n_weeks)])
    tab = (p.assign(week=week).groupby(["platform", "week"])["reach"].agg(["sum", "size"])
           .reindex(grid, fill_value=0))
    reach = tab["sum"].unstack().to_numpy(float)  # platform x week
    count = tab["size"].unstack().to_numpy(float)
    plats = tab.index.get_level_values(0).unique()
    cr = np.concatenate([np.zeros((len(plats), 1)), reach.cumsum(axis=1)], axis=1)
    cn = np.concatenate([np.zeros((len(plats), 1)), count.cumsum(axis=1)], axis=1)

    def mean_between(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        rows = np.arange(len(plats))
        n = cn[rows, hi] - cn[rows, lo]
        return np.divide(cr[rows, hi] - cr[rows, lo], n, out=np.full(len(plats), np.nan), where=n > 0)

    if at_week is None:
        ks = np.arange(edge_weeks, n_weeks - edge_weeks + 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            before = cr[:, ks] / cn[:, ks]
            after = (cr[:, -1:] - cr[:, ks]) / (cn[:, -1:] - cn[:, ks])
        ratio = np.where(np.isfinite(after / before), after / before, np.inf)
        k = ks[ratio.argmin(axis=1)]
    else:
        if not isinstance(at_week, (int, np.integer)) or not 1 <= at_week < n_weeks:
            raise ValueError(f"at_week must be a week number from 1 to {n_weeks - 1}, got {at_week!r}")
        k = np.full(len(plats), int(at_week))
    w = n_weeks if window_weeks is None else window_weeks
    before = mean_between(np.maximum(k - w, 0), k)
    after = mean_between(k, np.minimum(k + w, n_weeks))
    n_all = p_all["platform"].value_counts().reindex(plats, fill_value=0)
    out = pd.DataFrame({
        "platform": plats,
        "name": [DISPLAY_NAMES.get(x, x) for x in plats],
        "posts": n_all.to_numpy(),
        "share": (n_all / n_all.sum()).to_numpy(),
        "change_week": k,
        "change_date": start + pd.to_timedelta(7 * k, unit="D"),
        "before": before,
        "after": after,
    })
    out["ratio"] = out["after"] / out["before"]
    out["drop"] = 1 - out["ratio"]
    return out.sort_values("share", ascending=False, ignore_index=True)


def topic_gaps(posts: pd.DataFrame, *, organic_only: bool = True, aggregate: str = "ratio") -> pd.DataFrame:
    """Engagement rate of each topic against all other topics, and what the gap costs.

    Columns: topic, posts, share (of posts), er, rest_er (the other topics
    together), ratio = er / rest_er and lost = share x (1 - ratio): the share
    of all engagements lost because this topic engaged less than the rest
    (negative when it engaged more). Assumes posts of all topics reach about
    as many people, as they do when topics are not tied to platforms.

    >>> p = pd.DataFrame({"timestamp": pd.Timestamp("2025-01-01"), "platform": "x", "format": "image",
    ...                   "topic": ["a", "a", "b", "b"], "paid_spend": 0.0, "reach": 100,
    ...                   "likes": [2, 2, 4, 4], "comments": 0, "shares": 0, "saves": 0})
    >>> topic_gaps(p)[["topic", "ratio", "lost"]].round(2).to_dict("records")
    [{'topic': 'a', 'ratio': 0.5, 'lost': 0.25}, {'topic': 'b', 'ratio': 2.0, 'lost': -0.5}]
    """
    p = _posts(posts, organic_only=organic_only)
    t = _rate(engagements(p), p["reach"], [p["topic"]], _aggregate(aggregate)).reset_index()
    if len(t) < 2:
        raise ValueError("posts has only one topic; topic gaps need at least two")
    t["share"] = t["posts"] / t["posts"].sum()
    if aggregate == "ratio":
        t["rest_er"] = (t["engagements"].sum() - t["engagements"]) / (t["reach"].sum() - t["reach"])
    else:
        post_er = engagements(p) / p["reach"].where(p["reach"] > 0)
        total, n = post_er.sum(), post_er.notna().sum()
        t["rest_er"] = (total - t["er"] * t["posts"]) / (n - t["posts"])
    t["ratio"] = t["er"] / t["rest_er"]
    t["lost"] = t["share"] * (1 - t["ratio"])
    return t[["topic", "posts", "share", "er", "rest_er", "ratio", "lost"]].sort_values(
        "lost", ascending=False, ignore_index=True)


def format_gaps(posts: pd.DataFrame, *, min_posts: int = 10, organic_only: bool = True,
                aggregate: str = "ratio") -> pd.DataFrame:
    """Each platform's engagement rate against its own best format.

    The best format of a platform is the one with the highest engagement rate
    among formats with at least ``min_posts`` posts there (fewer posts give
    too noisy a rate to act on). Columns: platform, name, posts, share (of
    posts), er (all formats), best_format, best_er, forgone = 1 - er /
    best_er, best_share (share of the platform's posts in its best format) and
    best_share_h1 / best_share_h2 (the same in each half of the year: did the
    mix move towards what works?).

    >>> from course_lib import cases
    >>> g = format_gaps(cases.load("posts", "crisis_late", seed=3))
    >>> bool(g["forgone"].between(0, 1).all())
    True
    """
    p = _posts(posts, organic_only=organic_only)
    if not isinstance(min_posts, (int, np.integer)) or isinstance(min_posts, bool) or min_posts < 1:
        raise ValueError(f"min_posts must be a whole number >= 1, got {min_posts!r}")
    agg = _aggregate(aggregate)
    eng = engagements(p)
    cell = _rate(eng, p["reach"], [p["platform"], p["format"]], agg).reset_index()
    cand = cell[cell["posts"] >= min_posts]
    if cand.empty:
        raise ValueError(f"no platform has a format with >= {min_posts} posts (min_posts)")
    best = cand.loc[cand.groupby("platform")["er"].idxmax(), ["platform", "format", "er"]]
    best = best.rename(columns={"format": "best_format", "er": "best_er"}).set_index("platform")
    plat = _rate(eng, p["reach"], [p["platform"]], agg).join(best, how="inner")
    is_best = p["format"].to_numpy() == plat["best_format"].reindex(p["platform"]).to_numpy()
    start = p["timestamp"].min().normalize()
    h2 = (p["timestamp"] - start).dt.days >= 182
    halves = pd.DataFrame({"platform": p["platform"], "h2": h2, "best": is_best})
    by_half = halves.groupby(["platform", "h2"])["best"].mean().unstack()
    plat["best_share"] = pd.Series(is_best, index=p.index).groupby(p["platform"]).mean()
    plat["best_share_h1"] = by_half.get(False)
    plat["best_share_h2"] = by_half.get(True)
    plat["forgone"] = 1 - plat["er"] / plat["best_er"]
    plat["share"] = plat["posts"] / plat["posts"].sum()
    plat = plat.reset_index()
    plat["name"] = plat["platform"].map(lambda x: DISPLAY_NAMES.get(x, x))
    cols = ["platform", "name", "posts", "share", "er", "best_format", "best_er", "forgone",
            "best_share", "best_share_h1", "best_share_h2"]
    return plat[cols].sort_values("posts", ascending=False, ignore_index=True)


def crisis_weeks(comments: pd.DataFrame, daily_metrics: pd.DataFrame, *, threshold: float = 0.15) -> pd.DataFrame:
    """Weekly negative-comment share and net followers, against the median week.

    Only full weeks (7 days from the first day) are kept. A week is
    ``elevated`` when its negative share is more than ``threshold`` (0.15 =
    15 percentage points) above the median week's. ``excess_loss`` is the
    median week's net followers minus the week's: followers lost beyond a
    normal week (the median is robust to a few weeks of crisis).

    Columns: week, week_start, comments, negative_share, net_followers,
    baseline_negative, baseline_net, elevated, excess_loss.

    >>> from course_lib import cases
    >>> w = crisis_weeks(cases.load("comments", "crisis_late", seed=3),
    ...                  cases.load("daily_metrics", "crisis_late", seed=3))
    >>> int(w["elevated"].sum()) >= 8
    True
    """
    c = check_frame(comments, "comments", why="need the comments to measure sentiment")
    d = check_frame(daily_metrics, "daily_metrics", why="need daily follows and unfollows")
    require_columns(c, ["timestamp", "sentiment"], "comments")
    require_columns(d, ["date", "follows", "unfollows"], "daily_metrics")
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0 < threshold < 1:
        raise ValueError(f"threshold must be a share between 0 and 1, got {threshold!r}")
    start = min(c["timestamp"].min(), d["date"].min()).normalize()
    n_full = int((max(c["timestamp"].max(), d["date"].max()).normalize() - start).days + 1) // 7
    if n_full < 2:
        raise ValueError("comments and daily_metrics must cover at least two full weeks")
    cw = _weeks(c["timestamp"], start)
    neg = (c["sentiment"] == "negative").groupby(cw).agg(["size", "mean"])
    net = (d["follows"] - d["unfollows"]).groupby(_weeks(d["date"], start)).sum()
    w = pd.DataFrame(index=pd.RangeIndex(n_full, name="week"))
    w["week_start"] = start + pd.to_timedelta(7 * w.index.to_numpy(), unit="D")
    w["comments"] = neg["size"].reindex(w.index, fill_value=0).astype("int64")
    w["negative_share"] = neg["mean"].reindex(w.index)
    w["net_followers"] = net.reindex(w.index, fill_value=0).astype("int64")
    w["baseline_negative"] = w["negative_share"].median()
    w["baseline_net"] = w["net_followers"].median()
    w["elevated"] = w["negative_share"] > w["baseline_negative"] + threshold
    w["excess_loss"] = w["baseline_net"] - w["net_followers"]
    return w.reset_index()


def _check_mode(mode: str) -> str:
    if mode not in FAILURE_MODES:
        raise ValueError(f"mode must be one of {', '.join(FAILURE_MODES)}, got {mode!r}")
    return mode


def _check_market(posts: pd.DataFrame, market: str) -> str:
    from .markets import platforms

    market = check_market(market)
    alien = sorted(set(posts["platform"]) - set(platforms(market)))
    if alien:
        raise ValueError(f"posts has platforms {alien} that are not in market {market!r}")
    return market


def evidence(posts: pd.DataFrame, comments: pd.DataFrame, daily_metrics: pd.DataFrame,
             market: str) -> pd.DataFrame:
    """The four candidate failures' evidence side by side (one row each).

    Columns: failure (a mode name), label, measure, where (what the number is
    about, computed), value and reference (see the module docstring). A value
    far above its reference is a strong symptom; ``value / reference`` puts
    the four on one scale.

    >>> from course_lib import cases
    >>> tables = [cases.load(t, "crisis_late", seed=3) for t in ("posts", "comments", "daily_metrics")]
    >>> ev = evidence(*tables, market="cn")
    >>> ev.columns.tolist()
    ['failure', 'label', 'measure', 'where', 'value', 'reference']
    >>> ev.loc[(ev["value"] / ev["reference"]).idxmax(), "failure"]
    'crisis_late'
    """
    _check_market(_posts(posts, organic_only=False), market)
    t = topic_gaps(posts).iloc[0]
    s = reach_shift(posts).iloc[0]
    f = format_gaps(posts)
    forgone = float(np.average(f["forgone"], weights=f["posts"]))
    bs = {h: float(np.average(f[f"best_share{h}"].fillna(0), weights=f["posts"])) for h in ("_h1", "_h2")}
    w = crisis_weeks(comments, daily_metrics)
    up = w[w["elevated"]]
    crisis_where = (f"from week of {up['week_start'].iloc[0]:%d %b}; peak {w['negative_share'].max():.0%} "
                    f"negative vs {w['baseline_negative'].iloc[0]:.0%} in the median week"
                    if len(up) else "no week above the threshold")
    rows = [
        ("audience_mismatch", "share of engagements lost to the weakest topic",
         f"topic '{t['topic']}': {t['share']:.0%} of organic posts, ER {t['ratio']:.2f} x the rest",
         float(t["lost"])),
        ("single_platform", "organic reach per post lost on the most-used platform (8 weeks either side)",
         f"{s['name']}: {s['share']:.0%} of posts; change point week of {s['change_date']:%d %b}",
         float(s["drop"])),
        ("no_iteration", "engagement rate forgone vs each platform's best format (post-weighted)",
         f"best formats get {bs['_h1']:.0%} of posts in H1, {bs['_h2']:.0%} in H2",
         forgone),
        ("crisis_late", "weeks with negative-comment share > median week + 15 points",
         crisis_where, float(len(up))),
    ]
    out = pd.DataFrame(rows, columns=["failure", "measure", "where", "value"])
    out.insert(1, "label", out["failure"].map(LABELS))
    out["reference"] = out["failure"].map(REFERENCES)
    return out


def failure_cost(posts: pd.DataFrame, comments: pd.DataFrame, daily_metrics: pd.DataFrame, *,
                 mode: str, market: str) -> float:
    """What a failure cost, measured on the data (the notebook's cost table).

    - ``audience_mismatch``: share of engagements lost because the weakest
      topic engaged less than the rest (``topic_gaps`` top ``lost``);
    - ``single_platform``: share of organic reach per post lost on the
      most-used platform, 8 weeks after vs 8 weeks before its change point;
    - ``no_iteration``: share of engagement rate forgone against each
      platform's best format, weighted by posts;
    - ``crisis_late``: net followers lost in excess of the median week over
      the elevated weeks. This is a loss against *no* crisis; the loss
      against a crisis answered on time is smaller, since even a prompt
      answer costs some followers (an upper bound of the lateness cost).

    >>> from course_lib import cases
    >>> tables = [cases.load(t, "audience_mismatch", seed=3) for t in ("posts", "comments", "daily_metrics")]
    >>> round(failure_cost(*tables, mode="audience_mismatch", market="cn"), 2)
    0.31
    """
    _check_mode(mode)
    _check_market(_posts(posts, organic_only=False), market)
    if mode == "audience_mismatch":
        return float(topic_gaps(posts)["lost"].iloc[0])
    if mode == "single_platform":
        return float(reach_shift(posts)["drop"].iloc[0])
    if mode == "no_iteration":
        f = format_gaps(posts)
        return float(np.average(f["forgone"], weights=f["posts"]))
    w = crisis_weeks(comments, daily_metrics)
    return float(w.loc[w["elevated"], "excess_loss"].sum())
