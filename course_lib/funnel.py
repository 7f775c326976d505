"""Interaction data: the conversion funnel, channel sources, and rules that turn findings into actions.

The **funnel** (转化漏斗) follows posts from impressions (曝光) to
engagements (互动), link clicks (点击) and conversions (转化). Its step
rates are ratios of totals (``sum(step) / sum(previous step)``) with a
bootstrap interval over posts.

What the funnel assumes: every step is a *subset* of the one before. For
impressions → clicks → conversions that holds. Engagement → click does
**not** hold in reality: people click a link without liking the post, and
most engagers never click. In the course's simulator clicks are drawn from
engagements, so the chain is exact there; on real exports read the
engagement → click "rate" as *clicks per engagement*, a ratio that can
exceed 1, not as the share of engagers who clicked.

The **channel source** (渠道来源) of a post is where its reach came from:
a campaign, an influencer (KOL) collaboration, a paid boost (付费推广), or
organic reach only. :func:`channel_table` adds up follows, clicks,
conversions and revenue per platform and source, with the cost per
conversion where money was spent.

:func:`adjustment_rules` applies the three adjustment rules of the source
document (*社交媒体运营策略与效果评估*, §四.1 三 综合分析与优化策略): good
user data → deepen the investment (加大投入); weak interaction data →
rework content (调整内容); channel results → shift budget to efficient
channels (调整推广渠道).

>>> import pandas as pd
>>> posts = pd.DataFrame({"platform": ["a", "a", "b"], "impressions": [1000, 1000, 500],
...     "likes": [40, 60, 10], "comments": [0, 0, 0], "shares": [0, 0, 0], "saves": [0, 0, 0],
...     "clicks": [10, 10, 1], "conversions": [1, 0, 0]})
>>> f = funnel_table(posts, n_boot=0)
>>> f.loc[f["platform"] == "a", ["step", "count", "step_rate", "overall_rate"]]
          step   count  step_rate  overall_rate
0  impressions  2000.0        NaN        1.0000
1  engagements   100.0       0.05        0.0500
2       clicks    20.0       0.20        0.0100
3  conversions     1.0       0.05        0.0005
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from .kpi import ENGAGEMENT_COLUMNS, _divide
from .validation import as_list, check_frame, require_columns

__all__ = [
    "RULES",
    "SOURCES",
    "STEPS",
    "adjustment_rules",
    "allocate_campaign_spend",
    "biggest_drop",
    "channel_table",
    "funnel_table",
    "traffic_source",
]

#: The default funnel: step name -> column(s) summed into it.
STEPS: dict[str, str | tuple[str, ...]] = {
    "impressions": "impressions",
    "engagements": ENGAGEMENT_COLUMNS,
    "clicks": "clicks",
    "conversions": "conversions",
}

#: Traffic sources of a post, in the default order of precedence.
SOURCES: tuple[str, ...] = ("campaign", "influencer", "paid boost", "organic")

#: The three adjustment rules: name -> (Chinese term, what the rule says).
RULES: dict[str, tuple[str, str]] = {
    "deepen": ("加大投入", "good user data: the audience fits, put more content and research there"),
    "rework content": ("调整内容", "weak interaction: change the content or the path to purchase"),
    "shift budget": ("调整推广渠道", "channel results: move money to the efficient channels"),
    "keep": ("保持", "no rule fired: keep the course and keep measuring"),
}


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------

_frame = check_frame
_columns = require_columns


def _counts(frame: pd.DataFrame, column: str, param: str) -> np.ndarray:
    s = frame[column]
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        raise TypeError(f"column {column!r} of {param} must be numeric, got dtype {s.dtype}")
    v = s.to_numpy(dtype="float64", na_value=np.nan)
    if np.isnan(v).any():
        raise ValueError(f"column {column!r} of {param} has missing values; fill or drop them first")
    if (v < 0).any():
        raise ValueError(f"column {column!r} of {param} has negative values; counts and money must be >= 0")
    return v


# --------------------------------------------------------------------------
# the funnel
# --------------------------------------------------------------------------

#: Numbers held at once by the bootstrap of :func:`funnel_table` (about 16 MB).
_BOOT_CELLS = 2_000_000


def funnel_table(posts: pd.DataFrame, *, by: Hashable | Sequence[Hashable] | None = "platform",
                 steps: Mapping[str, str | Sequence[str]] | None = None, n_boot: int = 400,
                 ci: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Counts and step rates of a funnel, per group, with bootstrap intervals.

    Formula: ``step_rate = sum(step) / sum(previous step)`` within the group
    (a ratio of totals: every post weighs by its volume), ``overall_rate =
    sum(step) / sum(first step)`` and ``lost_share = 1 - step_rate`` (the
    share that does not reach the step). See the module notes on what the
    chain assumes: a step rate above 1 means the step is not a subset of the
    previous one.

    The interval is a percentile bootstrap that resamples **posts** (Poisson
    weights, vectorised): posts differ far more than independent clicks
    would, so an interval that treats every impression as a coin flip
    (binomial / Wilson) would be too narrow.

    Parameters
    ----------
    posts : DataFrame
        One row per post (``data.load("posts")``).
    by : column name(s) or None
        Groups (default ``"platform"``); None pools all posts.
    steps : mapping step name -> column or list of columns, optional
        The funnel in order, at least two steps; default :data:`STEPS`
        (impressions, engagements = likes + comments + shares + saves,
        clicks, conversions).
    n_boot : int
        Bootstrap resamples (0 = no interval; 400 gives stable 95 % limits
        to about two digits).
    ci : float
        Coverage of the interval, between 0 and 1.
    seed : int
        Seed of the bootstrap's random generator (results are repeatable).

    Returns
    -------
    DataFrame (tidy, one row per group and step): the ``by`` columns,
    ``step_no`` (0, 1, ...), ``step``, ``from_step`` (previous step, empty
    for the first), ``count``, ``step_rate``, ``ci_low``, ``ci_high``,
    ``lost_share``, ``overall_rate``, ``posts``. Rates of the first step and
    of groups whose previous step is 0 are NaN.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"impressions": [100, 300], "clicks": [5, 10], "conversions": [1, 0]})
    >>> f = funnel_table(p, by=None, steps={"impressions": "impressions", "clicks": "clicks",
    ...                                     "conversions": "conversions"}, n_boot=0)
    >>> f[["step", "count", "step_rate", "lost_share"]].round(4)
              step  count  step_rate  lost_share
    0  impressions  400.0        NaN         NaN
    1       clicks   15.0     0.0375      0.9625
    2  conversions    1.0     0.0667      0.9333
    """
    _frame(posts, "posts")
    steps = dict(STEPS if steps is None else steps)
    if len(steps) < 2:
        raise ValueError(f"steps needs at least two steps in order, got {list(steps)}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ValueError(f"n_boot must be a whole number >= 0, got {n_boot!r}")
    if not isinstance(ci, (int, float)) or isinstance(ci, bool) or not 0 < ci < 1:
        raise ValueError(f"ci must be a coverage between 0 and 1 (e.g. 0.95), got {ci!r}")
    keys = as_list(by)
    cols = {name: ([c] if isinstance(c, str) else list(c)) for name, c in steps.items()}
    if any(not c for c in cols.values()):
        raise ValueError("every step needs at least one column")
    _columns(posts, [*keys, *(c for cs in cols.values() for c in cs)], "posts")
    X = np.column_stack([sum(_counts(posts, c, "posts") for c in cs) for cs in cols.values()])
    names = list(cols)
    k = len(names)

    if keys:
        if posts[keys].isna().any().any():
            raise ValueError(f"the by column(s) {keys} have missing values; fill or drop them first")
        codes, uniques = pd.MultiIndex.from_frame(posts[keys].astype(object)).factorize(sort=True)
        groups = pd.MultiIndex.from_tuples(list(uniques), names=keys)
    else:
        codes = np.zeros(len(posts), dtype=int)
        groups = None
    g = int(codes.max()) + 1
    order = np.argsort(codes, kind="stable")   # posts sorted by group: each group is one block
    Xs = X[order]
    starts = np.searchsorted(codes[order], np.arange(g))
    totals = np.add.reduceat(Xs, starts, axis=0)   # g x k
    n_posts = np.bincount(codes, minlength=g)
    rates = np.column_stack([np.full(g, np.nan), _divide(totals[:, 1:], totals[:, :-1])])
    overall = _divide(totals, totals[:, [0]])

    low = np.full((g, k), np.nan)
    high = np.full((g, k), np.nan)
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        # resampled totals of every step in every group (B x g x k). The Poisson weights are drawn
        # in chunks of resamples, so memory stays near _BOOT_CELLS numbers however many posts there are
        chunk = max(1, _BOOT_CELLS // max(len(posts) * k, 1))
        boot = np.empty((n_boot, g, k))
        for i in range(0, n_boot, chunk):
            m = min(chunk, n_boot - i)
            W = rng.poisson(1.0, size=(m, len(posts))).astype("float64")[:, order]
            boot[i:i + m] = np.add.reduceat(W[:, :, None] * Xs[None, :, :], starts, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            br = boot[:, :, 1:] / boot[:, :, :-1]
        br[~np.isfinite(br)] = np.nan
        alpha = (1 - ci) / 2
        ok = ~np.isnan(br).all(axis=0)
        q = np.full((2, g, k - 1), np.nan)
        if ok.any():
            q[:, ok] = np.nanquantile(br[:, ok], [alpha, 1 - alpha], axis=0)
        low[:, 1:], high[:, 1:] = q[0], q[1]

    out = pd.DataFrame({
        "step_no": np.tile(np.arange(k), g),
        "step": np.tile(names, g),
        "from_step": np.tile([""] + names[:-1], g),
        "count": totals.ravel(),
        "step_rate": rates.ravel(),
        "ci_low": low.ravel(),
        "ci_high": high.ravel(),
        "lost_share": 1 - rates.ravel(),
        "overall_rate": overall.ravel(),
        "posts": np.repeat(n_posts, k).astype("int64"),
    })
    if groups is not None:
        keyframe = groups.to_frame(index=False).loc[np.repeat(np.arange(g), k)].reset_index(drop=True)
        out = pd.concat([keyframe, out], axis=1)
    return out


def biggest_drop(funnel: pd.DataFrame, *, by: Hashable | Sequence[Hashable] | None = "platform") -> pd.DataFrame:
    """The step where each group loses the largest share (the lowest step rate).

    "Largest drop" is relative: the step with the smallest ``step_rate``,
    i.e. the largest ``lost_share``. In absolute numbers the first step
    always loses most people, which says nothing about where to act.

    Parameters
    ----------
    funnel : DataFrame
        Output of :func:`funnel_table`.
    by : column name(s) or None
        The group columns used in :func:`funnel_table`.

    Returns
    -------
    DataFrame, one row per group: the ``by`` columns, ``from_step``,
    ``step``, ``step_rate``, ``ci_low``, ``ci_high``, ``lost_share``.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"platform": ["a"] * 3, "step": ["i", "e", "c"], "from_step": ["", "i", "e"],
    ...                   "step_rate": [float("nan"), 0.05, 0.1], "ci_low": float("nan"),
    ...                   "ci_high": float("nan"), "lost_share": [float("nan"), 0.95, 0.9]})
    >>> biggest_drop(f)[["platform", "from_step", "step", "lost_share"]]
      platform from_step step  lost_share
    0        a         i    e        0.95
    """
    _frame(funnel, "funnel")
    keys = as_list(by)
    _columns(funnel, [*keys, "step", "from_step", "step_rate", "ci_low", "ci_high", "lost_share"], "funnel")
    rated = funnel[funnel["step_rate"].notna()]
    if rated.empty:
        raise ValueError("funnel has no defined step rates (every previous step is 0?)")
    if keys:
        idx = rated.groupby(keys, sort=True, observed=True)["step_rate"].idxmin()
        rows = rated.loc[idx.to_numpy()]
    else:
        rows = rated.loc[[rated["step_rate"].idxmin()]]
    return rows[[*keys, "from_step", "step", "step_rate", "ci_low", "ci_high", "lost_share"]].reset_index(drop=True)


# --------------------------------------------------------------------------
# channel sources
# --------------------------------------------------------------------------

def traffic_source(posts: pd.DataFrame, *, precedence: Sequence[str] = ("campaign", "influencer", "paid boost"),
                   campaign: str = "campaign_id", influencer: str = "influencer",
                   paid_spend: str = "paid_spend") -> pd.Series:
    """Label each post with one traffic source: campaign, influencer, paid boost or organic.

    * **campaign**: ``campaign_id`` is filled (a campaign ran on the
      post's platform that day);
    * **influencer**: an influencer (KOL) collaboration;
    * **paid boost**: ``paid_spend`` > 0;
    * **organic**: none of these.

    A post can be several at once (a boosted influencer post during a
    campaign). Such posts get the **first** label of ``precedence`` that
    applies; state the order you use, because it moves posts between
    sources. The default puts the rarer, more specific sources first.

    Parameters
    ----------
    posts : DataFrame
        One row per post.
    precedence : sequence of str
        An order of "campaign", "influencer" and "paid boost" (each once).
    campaign, influencer, paid_spend : str
        Column names (campaign id or missing; True/False; money >= 0).

    Returns
    -------
    Series of str named ``"source"``, with the index of ``posts``.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"campaign_id": [None, "CA01", None, None], "influencer": [False, True, True, False],
    ...                   "paid_spend": [0.0, 10.0, 10.0, 5.0]})
    >>> traffic_source(p).tolist()
    ['organic', 'campaign', 'influencer', 'paid boost']
    >>> traffic_source(p, precedence=["paid boost", "influencer", "campaign"]).tolist()
    ['organic', 'paid boost', 'paid boost', 'paid boost']
    """
    _frame(posts, "posts")
    _columns(posts, [campaign, influencer, paid_spend], "posts")
    allowed = SOURCES[:3]
    if isinstance(precedence, str) or sorted(precedence) != sorted(allowed):
        raise ValueError(f"precedence must order each of {list(allowed)} exactly once, got {precedence!r}")
    infl = posts[influencer]
    if not pd.api.types.is_bool_dtype(infl.dtype) or infl.isna().any():
        raise TypeError(f"column {influencer!r} must be True/False without missing values, got dtype {infl.dtype}")
    flags = {"campaign": posts[campaign].notna().to_numpy(),
             "influencer": infl.to_numpy(dtype=bool),
             "paid boost": _counts(posts, paid_spend, "posts") > 0}
    labels = np.select([flags[s] for s in precedence], list(precedence), default="organic")
    return pd.Series(labels, index=posts.index, name="source", dtype="str")


def allocate_campaign_spend(campaigns: pd.DataFrame, *, spend: str = "spend",
                            platforms: str = "platforms") -> pd.DataFrame:
    """Each campaign's spend split **equally** across its platforms.

    The posts table holds only per-post boosts; a campaign's budget (content
    production, offline events, media) sits in the campaign table. To put
    it on the channel table, split it over the campaign's platforms. An
    equal split is the simplest assumption; a split by each platform's
    campaign reach or by its media plan is better when known.

    Parameters
    ----------
    campaigns : DataFrame
        ``data.load("campaigns")``: one row per campaign.
    spend : str
        Money column (actual spend).
    platforms : str
        Column with ``;``-separated platform ids.

    Returns
    -------
    DataFrame with ``platform``, ``source`` (= "campaign") and ``cost``,
    one row per platform, summed over campaigns.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"platforms": ["a;b", "a"], "spend": [100.0, 30.0]})
    >>> allocate_campaign_spend(c)
      platform    source   cost
    0        a  campaign   80.0
    1        b  campaign   50.0
    """
    _frame(campaigns, "campaigns")
    _columns(campaigns, [spend, platforms], "campaigns")
    money = _counts(campaigns, spend, "campaigns")
    plats = campaigns[platforms].astype(str).str.split(";")
    n = plats.map(len).to_numpy()
    long = pd.DataFrame({"platform": plats.to_numpy(), "cost": money / n}).explode("platform")
    long["platform"] = long["platform"].astype(str).str.strip()
    out = long.groupby("platform", sort=True)["cost"].sum().reset_index()
    out.insert(1, "source", "campaign")
    return out


_CHANNEL_SUMS = ("follows", "clicks", "conversions", "revenue")


def channel_table(posts: pd.DataFrame, *, by: Hashable | Sequence[Hashable] | None = "platform",
                  source: str = "source", spend: str = "paid_spend",
                  extra_costs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Follows, clicks, conversions and revenue per channel source, with cost per conversion.

    Parameters
    ----------
    posts : DataFrame
        One row per post with a ``source`` column (from
        :func:`traffic_source`) and the columns ``follows``, ``clicks``,
        ``conversions``, ``revenue`` and ``paid_spend``.
    by : column name(s) or None
        Groups besides the source (default ``"platform"``); None pools
        platforms.
    source : str
        The source column.
    spend : str
        Money spent on each post (boosts).
    extra_costs : DataFrame, optional
        Costs that are not on the posts, with the ``by`` columns,
        ``source`` and ``cost`` (e.g. :func:`allocate_campaign_spend`);
        added to the matching rows' ``cost``. A cost is matched on every
        column it shares with ``posts`` (e.g. ``platform``), also when
        ``by=None``: a cost whose platform has no post of that source is
        ignored (there are no conversions to divide it by), so pooled and
        per-platform tables hold the same total cost.

    Returns
    -------
    DataFrame, one row per group and source, sorted: the ``by`` columns,
    ``source``, ``posts``, the sums ``follows``, ``clicks``,
    ``conversions``, ``revenue``; ``spend`` (on the posts), ``extra_cost``,
    ``cost`` (their sum); ``cost_per_conversion`` = cost ÷ conversions (NaN
    where cost or conversions are 0: an organic post is not free -- the
    team's time is not in the data -- so no cost is reported); and each
    sum's share of its group (``follows_share``, ``clicks_share``,
    ``conversions_share``, ``revenue_share``, ``posts_share``).

    What it cannot tell: conversions of a boosted post are not all *caused*
    by the boost (some would have come organically), so cost per conversion
    here is an average, not the incremental cost; chapter 4.3 estimates
    incremental effects.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"platform": "a", "source": ["organic", "paid boost", "paid boost"],
    ...                   "follows": [5, 3, 2], "clicks": [10, 20, 10], "conversions": [1, 2, 2],
    ...                   "revenue": [10.0, 20.0, 20.0], "paid_spend": [0.0, 30.0, 10.0]})
    >>> channel_table(p)[["source", "conversions", "cost", "cost_per_conversion", "conversions_share"]]
           source  conversions  cost  cost_per_conversion  conversions_share
    0     organic            1   0.0                  NaN                0.2
    1  paid boost            4  40.0                 10.0                0.8
    """
    _frame(posts, "posts")
    keys = as_list(by)
    _columns(posts, [*keys, source, spend, *_CHANNEL_SUMS], "posts")
    values = {c: _counts(posts, c, "posts") for c in (*_CHANNEL_SUMS, spend)}
    frame = pd.DataFrame(values, index=posts.index)
    frame = pd.concat([posts[[*keys, source]], frame], axis=1)
    if spend != "spend":
        frame = frame.rename(columns={spend: "spend"})
    group = [*keys, source]
    out = frame.groupby(group, sort=True, dropna=False)
    t = out[[*_CHANNEL_SUMS, "spend"]].sum()
    t.insert(0, "posts", out.size())
    t = t.reset_index()
    if source != "source":
        t = t.rename(columns={source: "source"})
    for c in ("follows", "clicks", "conversions"):
        if (t[c] == t[c].round()).all():
            t[c] = t[c].astype("int64")
    t["extra_cost"] = 0.0
    if extra_costs is not None:
        _frame(extra_costs, "extra_costs")
        _columns(extra_costs, [*keys, "source", "cost"], "extra_costs")
        _counts(extra_costs, "cost", "extra_costs")
        # match the costs on every column they share with the posts (e.g. platform, also when
        # by=None), so a cost without posts of its source is ignored in pooled and split tables alike
        shared = [c for c in extra_costs.columns if c in posts.columns and c not in ("source", "cost", source)]
        present = posts[shared].assign(source=posts[source].to_numpy()).drop_duplicates()
        matched = extra_costs[[*shared, "source", "cost"]].merge(present, on=[*shared, "source"], how="inner")
        extra = matched.groupby([*keys, "source"], sort=False)["cost"].sum().rename("_x").reset_index()
        t = t.merge(extra, on=[*keys, "source"], how="left")
        t["extra_cost"] = t["_x"].fillna(0.0)
        t = t.drop(columns="_x")
    t["cost"] = t["spend"] + t["extra_cost"]
    t["cost_per_conversion"] = _divide(t["cost"].to_numpy(), t["conversions"].to_numpy())
    t.loc[t["cost"] == 0, "cost_per_conversion"] = np.nan
    for c in ("posts", *_CHANNEL_SUMS):
        total = t.groupby(keys, sort=False)[c].transform("sum") if keys else t[c].sum()
        t[f"{c}_share"] = _divide(t[c].to_numpy(), np.asarray(total, dtype="float64"))
    return t


# --------------------------------------------------------------------------
# from findings to actions
# --------------------------------------------------------------------------

_STEP_ACTIONS = {
    "engagements": "rework the creative: hook in the first seconds, a format that fits the platform, topics that engage",
    "clicks": "rework the call to action: a clear reason and place to click (link, product card, mini-program)",
    "conversions": "fix the path to purchase: offer, price, landing page and checkout (the post did its job up to the click)",
}


_DEEPEN_ACTION = ("deepen: more content in the formats that work there and more research of this audience; "
                  "add money only where its cost is not flagged")
_CONFLICT = ("deepen and 'shift budget away' both fire here: grow this audience with content, and hold "
             "boost money until its cost per conversion is fixed")


def adjustment_rules(growth: pd.DataFrame, funnel: pd.DataFrame, channels: pd.DataFrame, *,
                     platform: str = "platform", growth_margin: float = 0.05, churn_ratio: float = 1.1,
                     weak_ratio: float = 0.75, cheap_ratio: float = 0.67, expensive_ratio: float = 1.5,
                     min_conversions: int = 30, judge_sources: Sequence[str] = ("paid boost",),
                     use_interval: bool = True) -> pd.DataFrame:
    """Turn measured results into the three adjustment rules, with the numbers behind them.

    Every rule compares a platform with the **median platform** of the same
    table. The ratios (``churn_ratio``, ``weak_ratio``, ``cheap_ratio``,
    ``expensive_ratio``) are relative to that median, so they carry over to
    any market and period length. ``growth_margin`` is not: it is in
    percentage points of the period's growth rate, so choose it for the
    period (5 points suits a year and is far too much for a month).

    1. **deepen** (加大投入) -- good user data: the platform's follower
       ``growth_rate`` is at least ``growth_margin`` above the median
       platform's, its ``net_growth`` (a count) is above the median
       platform's, so a small account does not qualify on its rate alone,
       and its ``churn_rate`` is at most ``churn_ratio`` × the median's.
       Action: more content and audience research there. Money is added
       only where its cost is not flagged by rule 3.
    2. **rework content** (调整内容) -- weak interaction: a funnel step rate
       below ``weak_ratio`` × the median platform's rate for that step (with
       ``use_interval``, the bootstrap interval's upper limit must be below
       it, so noise alone does not fire the rule). The action depends on
       the step: the creative (impressions → engagements), the call to
       action (→ clicks), the path to purchase (→ conversions).
    3. **shift budget** (调整推广渠道) -- channel results: among the rows of
       ``channels`` whose source is in ``judge_sources`` and that have money
       spent and at least ``min_conversions`` conversions, cost per
       conversion at most ``cheap_ratio`` × the median of that source
       ("shift budget toward") or at least ``expensive_ratio`` × the median
       ("shift budget away"). Rows with spend but fewer conversions get a
       "too few conversions to judge" row. By default only paid boosts are
       judged: their full cost is on the posts, while influencer fees and
       campaign budgets are not (see :func:`channel_table`).

    Platforms where no rule fires get one ``keep`` row. When "deepen" and
    "shift budget away" fire for the same platform, their actions pull
    money in opposite directions: both rows say so in ``conflict``.

    Parameters
    ----------
    growth : DataFrame
        One row per platform with ``growth_rate``, ``churn_rate`` and
        ``net_growth`` (e.g. ``growth.growth_table(daily, freq="Y")`` for a
        one-year period).
    funnel : DataFrame
        Output of :func:`funnel_table` by platform.
    channels : DataFrame
        Output of :func:`channel_table` by platform.
    platform : str
        The platform column in all three tables.
    growth_margin : float
        Percentage points of the period's growth rate above the median
        platform's (0.05 = 5 points), >= 0.
    churn_ratio : float
        > 0: the churn rate may be at most this multiple of the median
        platform's (1.1 = at most 10 % higher).
    weak_ratio : float
        In (0, 1]: a step rate below this share of the median is weak.
    cheap_ratio, expensive_ratio : float
        Ratios to the median cost per conversion; 0 < cheap_ratio <= 1 <=
        expensive_ratio.
    min_conversions : int
        Minimum conversions behind a cost per conversion before it is
        judged (a cost from 5 conversions is mostly noise).
    judge_sources : sequence of str
        Channel sources whose costs are compared.
    use_interval : bool
        Require the whole interval of a step rate below the threshold.

    Returns
    -------
    DataFrame (tidy), one row per finding, sorted by rule and platform:
    ``platform``, ``rule``, ``rule_zh``, ``finding``, ``metric``, ``value``,
    ``benchmark`` (the median platform's value), ``threshold``, ``n`` (the
    count behind the value: followers at the start, the previous step's
    count, or conversions), ``action`` and ``conflict`` (empty text, or
    why this row's action clashes with another row of the platform).

    What the rules cannot tell: they compare platforms, not causes.
    Platforms differ by nature (a short-video app gets fewer clicks per
    engagement than a chat app), so a "weak" step may be the platform's
    norm; one year mixes season, campaigns and a crisis; and a rule fired
    is a hypothesis to test (chapter 4.3), not a proof.

    >>> import pandas as pd
    >>> g = pd.DataFrame({"platform": ["a", "b", "c"], "growth_rate": [0.30, 0.10, 0.05],
    ...                   "net_growth": [300, 100, 50], "churn_rate": [0.2, 0.2, 0.2],
    ...                   "followers_start": [1000, 1000, 1000]})
    >>> f = pd.DataFrame({"platform": ["a", "b", "c"], "step_no": 1, "step": "clicks", "from_step": "engagements",
    ...                   "count": 100.0, "step_rate": [0.10, 0.10, 0.02], "ci_low": float("nan"),
    ...                   "ci_high": float("nan")})
    >>> ch = pd.DataFrame({"platform": ["a", "b", "c"], "source": "paid boost", "cost": 100.0,
    ...                    "conversions": [50, 40, 40], "cost_per_conversion": [2.0, 5.0, 2.5]})
    >>> adjustment_rules(g, f, ch)[["platform", "rule", "metric", "value", "benchmark"]]
      platform            rule               metric  value  benchmark
    0        a          deepen          growth_rate   0.30        0.1
    1        c  rework content   engagements→clicks   0.02        0.1
    2        b    shift budget  cost_per_conversion   5.00        2.5
    """
    for name, frame in (("growth", growth), ("funnel", funnel), ("channels", channels)):
        _frame(frame, name)
    _columns(growth, [platform, "growth_rate", "churn_rate", "net_growth"], "growth")
    _columns(funnel, [platform, "step_no", "step", "from_step", "count", "step_rate", "ci_low", "ci_high"], "funnel")
    _columns(channels, [platform, "source", "cost", "conversions", "cost_per_conversion"], "channels")
    for name, value, lo, hi, open_low in (("growth_margin", growth_margin, 0, np.inf, False),
                                          ("churn_ratio", churn_ratio, 0, np.inf, True),
                                          ("weak_ratio", weak_ratio, 0, 1, True),
                                          ("cheap_ratio", cheap_ratio, 0, 1, True),
                                          ("expensive_ratio", expensive_ratio, 1, np.inf, False)):
        number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
        if not number or not (lo < value if open_low else lo <= value) or not value <= hi:
            low_txt = f"> {lo}" if open_low else f">= {lo}"
            high_txt = "" if hi == np.inf else f" and <= {hi}"
            raise ValueError(f"{name}={value!r} is out of range; allowed: {low_txt}{high_txt}")
    if isinstance(min_conversions, bool) or not isinstance(min_conversions, (int, np.integer)) or min_conversions < 1:
        raise ValueError(f"min_conversions must be a whole number >= 1, got {min_conversions!r}")
    if isinstance(judge_sources, str):
        judge_sources = [judge_sources]
    if growth[platform].duplicated().any():
        raise ValueError("growth must have one row per platform (aggregate the period first, "
                         "e.g. growth_table(daily, freq='Y'))")

    rows: list[pd.DataFrame] = []
    cols = ["platform", "rule", "finding", "metric", "value", "benchmark", "threshold", "n", "action"]

    # 1. deepen: good user data (a fast rate on a base that also adds followers, churn not high)
    g = growth.copy()
    med_g, med_c, med_n = g["growth_rate"].median(), g["churn_rate"].median(), g["net_growth"].median()
    fire = ((g["growth_rate"] >= med_g + growth_margin) & (g["net_growth"] > med_n)
            & (g["churn_rate"] <= churn_ratio * med_c))
    g = g[fire]
    if len(g):
        n = g["followers_start"] if "followers_start" in g.columns else np.nan
        rows.append(pd.DataFrame({
            "platform": g[platform].to_numpy(), "rule": "deepen",
            "finding": [f"followers grew {r:+.1%} ({k:+,.0f}) vs {med_g:+.1%} ({med_n:+,.0f}) on the "
                        f"median platform, churn {c:.1%}"
                        for r, k, c in zip(g["growth_rate"], g["net_growth"], g["churn_rate"])],
            "metric": "growth_rate", "value": g["growth_rate"].to_numpy(), "benchmark": med_g,
            "threshold": med_g + growth_margin, "n": np.asarray(n, dtype="float64") * np.ones(len(g)),
            "action": _DEEPEN_ACTION}))

    # 2. rework content: weak funnel steps
    f = funnel[funnel["step_rate"].notna()].copy()
    if len(f):
        f["_med"] = f.groupby("step_no")["step_rate"].transform("median")
        f["_thr"] = weak_ratio * f["_med"]
        upper = f["ci_high"].where(f["ci_high"].notna() & use_interval, f["step_rate"])
        f = f[upper < f["_thr"]]
        if len(f):
            prev = funnel.set_index([platform, "step_no"])["count"]
            n = prev.reindex(list(zip(f[platform], f["step_no"] - 1))).to_numpy()
            rows.append(pd.DataFrame({
                "platform": f[platform].to_numpy(), "rule": "rework content",
                "finding": [f"{a}→{b}: {r:.1%} vs {m:.1%} on the median platform"
                            for a, b, r, m in zip(f["from_step"], f["step"], f["step_rate"], f["_med"])],
                "metric": (f["from_step"] + "→" + f["step"]).to_numpy(), "value": f["step_rate"].to_numpy(),
                "benchmark": f["_med"].to_numpy(), "threshold": f["_thr"].to_numpy(), "n": n,
                "action": [_STEP_ACTIONS.get(b, f"rework the content that leads to {b}") for b in f["step"]]}))

    # 3. shift budget: cost per conversion within each judged source
    ch = channels[channels["source"].isin(list(judge_sources)) & (channels["cost"] > 0)].copy()
    if len(ch):
        enough = ch["conversions"] >= min_conversions
        ch["_med"] = ch["cost_per_conversion"].where(enough).groupby(ch["source"]).transform("median")
        cpa = ch["cost_per_conversion"]
        cheap = enough & (cpa <= cheap_ratio * ch["_med"])
        dear = enough & (cpa >= expensive_ratio * ch["_med"])
        few = ~enough
        for mask, what, ratio in ((cheap, "toward", cheap_ratio), (dear, "away", expensive_ratio),
                                  (few, "few", np.nan)):
            part = ch[mask]
            if part.empty:
                continue
            if what == "few":
                finding = [f"{s}: only {int(c)} conversions for {k:,.0f} spent" for s, c, k in
                           zip(part["source"], part["conversions"], part["cost"])]
                action = "too few conversions to judge: keep testing before moving money"
            else:
                finding = [f"{s}: {v:,.1f} per conversion vs {m:,.1f} on the median platform"
                           for s, v, m in zip(part["source"], part["cost_per_conversion"], part["_med"])]
                action = ("shift budget toward this channel (step by step: returns diminish)" if what == "toward"
                          else "shift budget away from this channel, or fix its targeting first")
            rows.append(pd.DataFrame({
                "platform": part[platform].to_numpy(), "rule": "shift budget", "finding": finding,
                "metric": "cost_per_conversion", "value": part["cost_per_conversion"].to_numpy(),
                "benchmark": part["_med"].to_numpy(), "threshold": ratio * part["_med"].to_numpy(),
                "n": part["conversions"].to_numpy(dtype="float64"), "action": action}))

    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=cols)
    # deepen (more effort) and shift budget away (less money) on one platform pull apart
    away = out["action"].astype(str).str.startswith("shift budget away")
    both = set(out.loc[out["rule"] == "deepen", "platform"]) & set(out.loc[away, "platform"])
    clash = out["platform"].isin(list(both)) & ((out["rule"] == "deepen") | away)
    out["conflict"] = np.where(clash, _CONFLICT, "")
    everyone = pd.Index(pd.unique(pd.concat([growth[platform], funnel[platform], channels[platform]])))
    quiet = everyone.difference(pd.Index(out["platform"].unique()), sort=False)
    if len(quiet):
        keep = pd.DataFrame({"platform": quiet.to_numpy(), "rule": "keep", "finding": "no rule fired",
                             "metric": "", "value": np.nan, "benchmark": np.nan, "threshold": np.nan,
                             "n": np.nan, "action": "keep the course and keep measuring", "conflict": ""})
        out = pd.concat([out, keep], ignore_index=True) if len(out) else keep
    order = {r: i for i, r in enumerate(RULES)}
    out["rule_zh"] = out["rule"].map(lambda r: RULES[r][0])
    out["_o"] = out["rule"].map(order)
    out = out.sort_values(["_o", "platform"], kind="stable").reset_index(drop=True)
    return out[["platform", "rule", "rule_zh", "finding", "metric", "value", "benchmark", "threshold", "n",
                "action", "conflict"]]
