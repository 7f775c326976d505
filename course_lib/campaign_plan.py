"""Campaign planning (营销活动): objective → activity format → KPI, online and offline.

The source plan (000 §二.4) asks every campaign to start from a clear
objective (brand awareness, stickiness, sales, brand image 品牌形象), to run online and
offline in sync (线上线下联动), to try new formats (challenges, quizzes with
prizes, games online; tastings, meet-ups, charity events offline), to pool
resources (KOLs, co-branding 跨界合作), and to track the data in real time.
This module turns that into two tables:

* :func:`planning_table` -- one row per objective: typical online and
  offline formats, the KPI family and KPI of the course catalogue
  (:data:`course_lib.scorecard.KPIS`) it should be judged on, and how that
  KPI is measured online and offline (coupon codes, QR scans, store
  sales...). The KPI names and formulas are taken from the catalogue, so
  the plan and the chapter-4 scorecard speak the same language.
* :func:`campaign_comparison` -- for each of the brand's campaigns, the
  post-level measure of its objective's KPI on the campaign's posts, next
  to two reference groups: posts on the same platforms in the
  ``baseline_days`` before the start, and posts on the other platforms
  during the campaign. These are descriptive comparisons: seasonality,
  platform mix and the choice of what to post in a campaign all move them.
  The causal estimate (difference-in-differences) is notebook 4.3's job.

>>> planning_table()[["objective", "kpi", "post_measure"]].head(2)
    objective              kpi                   post_measure
0   awareness  follower_growth  follows per 1,000 people reached
1  engagement  engagement_rate       engagements per person reached
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from . import scorecard
from .kpi import ENGAGEMENT_COLUMNS
from .validation import check_frame, require_columns

__all__ = ["OBJECTIVES", "POST_MEASURES", "TRUE_LIFT_FIELDS", "campaign_comparison", "planning_table", "true_ratios"]

OBJECTIVES: tuple[str, ...] = ("awareness", "engagement", "conversion", "sales", "brand_image", "community")
"""Campaign objectives, in the order of the planning table."""

# objective: (online formats, offline formats, KPI key of the catalogue, online measurement, offline measurement)
_PLAN: dict[str, tuple[str, str, str, str, str]] = {
    "awareness": (
        "topic challenge (话题挑战), KOL seeding posts, short video series",
        "pop-up stand, tasting (品鉴) at events, outdoor posters with a QR code",
        "follower_growth",
        "reach, new followers, brand mentions and share of voice",
        "footfall at the stand, follows from the event QR code",
    ),
    "engagement": (
        "quiz with prizes (有奖竞猜), polls, interactive games, live-stream Q&A",
        "product experience day (体验会), fan meet-up (见面会)",
        "engagement_rate",
        "engagements / reach, comments and shares per post",
        "attendance, photos posted with the campaign hashtag",
    ),
    "conversion": (
        "lottery or coupon (抽奖 / 优惠券), live-stream shopping, KOL post with a discount code",
        "in-store coupon, scan-to-buy QR code on the shelf",
        "conversion_rate",
        "orders / clicks (tracked links), coupon claims",
        "coupon codes redeemed in store, QR scans to the mini-shop",
    ),
    "sales": (
        "festival promotion (618, Double 11, Black Friday), bundles, co-branded (联名) limited edition",
        "gift boxes and tastings in supermarkets, co-branded offline events",
        "revenue",
        "revenue from tracked links and mini-shop orders",
        "store sales in participating vs comparable stores, redeemed codes",
    ),
    "brand_image": (
        "brand story series (品牌故事), behind-the-scenes and origin videos, user stories",
        "charity event (公益活动), tea-garden or factory open day",
        "net_sentiment",
        "net sentiment and positive share of brand mentions and comments",
        "short survey of event visitors (impression of the brand, would recommend), press coverage",
    ),
    "community": (
        "member-only challenges, user-generated content contest, member day",
        "community meet-up, member events (会员活动)",
        "community_active_share",
        "weekly active members / members, comments per post",
        "event sign-ups by members, check-ins with the member code",
    ),
}

POST_MEASURES: dict[str, tuple[tuple[str, ...], str, float, str]] = {
    "awareness": (("follows",), "reach", 1000.0, "follows per 1,000 people reached"),
    "engagement": (ENGAGEMENT_COLUMNS, "reach", 1.0, "engagements per person reached"),
    "conversion": (("conversions",), "clicks", 1.0, "orders per click"),
    "sales": (("revenue",), "reach", 1000.0, "revenue per 1,000 people reached"),
}
"""Post-level measure of each objective's KPI: (numerator columns, denominator, scale, label), a ratio of sums.

``community`` and ``brand_image`` have none: they are measured on the community table
(:mod:`course_lib.community`) and on the comments' sentiment (notebook 4.5)."""

_OTHER_MEASURES = {"brand_image": "comments table: net sentiment", "community": "community table"}

TRUE_LIFT_FIELDS: dict[str, tuple[str, ...]] = {
    "awareness": ("follows_lift",),
    "engagement": ("engagement_lift",),
    "conversion": ("conversion_lift",),
    "sales": ("engagement_lift", "conversion_lift"),
}
"""Simulator lifts that multiply each post measure: revenue per reach moves with engagement (clicks) and
conversion, so its true ratio is the product of the two factors."""


def planning_table() -> pd.DataFrame:
    """The objective → format → KPI planning table (online and offline).

    Returns
    -------
    DataFrame, one row per objective of :data:`OBJECTIVES`, with
    ``objective``, ``online_formats``, ``offline_formats``, ``family``
    (KPI family of the source plan), ``kpi`` (key of the course KPI
    catalogue), ``metric`` and ``formula`` (from
    :func:`course_lib.scorecard.catalogue`), ``measured_online``,
    ``measured_offline`` and ``post_measure`` (the measure on the post log
    used by :func:`campaign_comparison`; the community table or the
    comments' sentiment for the two objectives not measured on posts).

    >>> planning_table().set_index("objective").loc["conversion", "family"]
    'Conversion'
    """
    cat = scorecard.catalogue().set_index("kpi")
    rows = []
    for objective in OBJECTIVES:
        online, offline, key, m_on, m_off = _PLAN[objective]
        rows.append({"objective": objective, "online_formats": online, "offline_formats": offline,
                     "family": cat.loc[key, "family"], "kpi": key, "metric": cat.loc[key, "metric"],
                     "formula": cat.loc[key, "formula"], "measured_online": m_on, "measured_offline": m_off,
                     "post_measure": POST_MEASURES[objective][3] if objective in POST_MEASURES
                     else _OTHER_MEASURES[objective]})
    return pd.DataFrame(rows)


def campaign_comparison(campaigns: pd.DataFrame, posts: pd.DataFrame, *, baseline_days: int = 28,
                        n_boot: int = 0, seed: int = 0, confidence: float = 0.95) -> pd.DataFrame:
    """Each campaign's objective KPI on its posts vs the same platforms before and the other platforms.

    Groups, per campaign (dates inclusive, by the post's calendar day):

    * ``campaign``: posts whose ``campaign_id`` is the campaign's;
    * ``before``: posts without a campaign on the campaign's platforms in
      the ``baseline_days`` days before ``start_date``;
    * ``other_platforms``: posts without a campaign on the other platforms
      during the campaign.

    The measure is the objective's entry of :data:`POST_MEASURES`, a ratio
    of sums over the group's posts. Descriptive only: see the module notes.

    Parameters
    ----------
    campaigns : DataFrame
        ``campaign_id``, ``name``, ``kind``, ``objective``, ``platforms``
        (``;``-separated ids), ``start_date``, ``end_date``.
    posts : DataFrame
        ``timestamp``, ``platform``, ``campaign_id`` and the columns of the
        measures (``reach``, ``clicks``, ``follows``, ``conversions``,
        ``revenue``, engagement columns).
    baseline_days : int
        Length of the before window in days (>= 1).
    n_boot : int
        Bootstrap resamples for intervals on the two ratios (0 = none).
        Posts are resampled with replacement within each group,
        independently; this treats posts as independent draws, so the
        intervals show sampling noise only (days and weeks shared by many
        posts, seasonality and platform mix add more).
    seed : int
        Seed of the bootstrap's random generator.
    confidence : float
        Level of the bootstrap percentile intervals.

    Returns
    -------
    DataFrame, one row per campaign with a post measure: ``campaign_id``,
    ``name``, ``kind``, ``objective``, ``kpi``, ``measure``, ``campaign``,
    ``before``, ``other_platforms``, ``vs_before`` and
    ``vs_other_platforms`` (ratios; NaN when a reference has no
    denominator), ``n_campaign``, ``n_before``, ``n_other``; with
    ``n_boot`` > 0 also ``vs_before_low``, ``vs_before_high``,
    ``vs_other_low`` and ``vs_other_high``.

    >>> import pandas as pd
    >>> camp = pd.DataFrame({"campaign_id": ["C1"], "name": ["Quiz"], "kind": ["online"],
    ...                      "objective": ["conversion"], "platforms": ["a"],
    ...                      "start_date": pd.to_datetime(["2025-03-10"]), "end_date": pd.to_datetime(["2025-03-12"])})
    >>> p = pd.DataFrame({"timestamp": pd.to_datetime(["2025-03-01", "2025-03-11", "2025-03-11"]),
    ...                   "platform": ["a", "a", "b"], "campaign_id": [None, "C1", None],
    ...                   "conversions": [2, 6, 3], "clicks": [100, 100, 100]})
    >>> campaign_comparison(camp, p)[["campaign", "before", "other_platforms", "vs_before"]]
       campaign  before  other_platforms  vs_before
    0      0.06    0.02             0.03        3.0
    """
    check_frame(campaigns, "campaigns", why="there is no campaign to compare")
    check_frame(posts, "posts", why="there are no posts to measure")
    require_columns(campaigns, ["campaign_id", "name", "kind", "objective", "platforms", "start_date", "end_date"],
                    "campaigns")
    require_columns(posts, ["timestamp", "platform", "campaign_id"], "posts")
    if isinstance(baseline_days, bool) or not isinstance(baseline_days, (int, np.integer)) or baseline_days < 1:
        raise ValueError(f"baseline_days must be a whole number of days >= 1, got {baseline_days!r}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ValueError(f"n_boot must be a whole number >= 0, got {n_boot!r}")
    if not isinstance(confidence, (float, int)) or isinstance(confidence, bool) or not 0 < confidence < 1:
        raise ValueError(f"confidence must be a number between 0 and 1, got {confidence!r}")
    bad = sorted(set(campaigns["objective"]) - set(OBJECTIVES))
    if bad:
        raise ValueError(f"campaigns has unknown objective(s) {bad}; allowed: {list(OBJECTIVES)}")
    for col in ("start_date", "end_date"):
        if not pd.api.types.is_datetime64_any_dtype(campaigns[col].dtype):
            raise TypeError(f"column {col!r} of campaigns must hold datetimes, got {campaigns[col].dtype}")
    if not pd.api.types.is_datetime64_any_dtype(posts["timestamp"].dtype):
        raise TypeError(f"column 'timestamp' of posts must hold datetimes, got {posts['timestamp'].dtype}")
    measured = campaigns[campaigns["objective"].isin(list(POST_MEASURES))]
    if measured.empty:
        raise ValueError("no campaign has an objective measured on posts "
                         f"({list(POST_MEASURES)}); community campaigns are measured on the community table")
    needed = sorted({c for o in measured["objective"] for c in (*POST_MEASURES[o][0], POST_MEASURES[o][1])})
    require_columns(posts, needed, "posts")

    # every (post, campaign) pair, then one vectorised label per pair
    p = posts[["timestamp", "platform", "campaign_id", *needed]].assign(
        day=posts["timestamp"].dt.normalize(), tagged=posts["campaign_id"])
    c = measured[["campaign_id", "start_date", "end_date", "platforms", "objective"]].rename(
        columns={"campaign_id": "cid"})
    listed = c.assign(platform=c["platforms"].astype("str").str.split(";")).explode("platform")
    pairs = p.merge(c, how="cross").merge(listed[["cid", "platform"]].assign(listed=1), on=["cid", "platform"],
                                          how="left")
    on_platform = pairs["listed"].notna()
    untagged = pairs["tagged"].isna()
    during = pairs["day"].between(pairs["start_date"], pairs["end_date"])
    before = (pairs["day"] >= pairs["start_date"] - pd.Timedelta(days=int(baseline_days))) & \
        (pairs["day"] < pairs["start_date"])
    group = np.select([pairs["tagged"].eq(pairs["cid"]).fillna(False).to_numpy(dtype=bool),
                       (untagged & on_platform & before).to_numpy(),
                       (untagged & ~on_platform & during).to_numpy()],
                      ["campaign", "before", "other_platforms"], default="")
    pairs = pairs.assign(group=group)
    pairs = pairs[pairs["group"] != ""]
    num = np.zeros(len(pairs))
    den = np.zeros(len(pairs))
    scale = np.ones(len(pairs))
    for objective, (cols, denom, factor, _) in POST_MEASURES.items():
        rows = (pairs["objective"] == objective).to_numpy()
        if rows.any():
            num[rows] = pairs.loc[rows, list(cols)].to_numpy(dtype="float64").sum(axis=1)
            den[rows] = pairs.loc[rows, denom].to_numpy(dtype="float64")
            scale[rows] = factor
    long = pd.DataFrame({"cid": pairs["cid"].to_numpy(), "group": pairs["group"].to_numpy(), "num": num,
                         "den": den, "scale": scale})
    sums = long.groupby(["cid", "group"]).agg(
        num=("num", "sum"), den=("den", "sum"), scale=("scale", "first"), n=("num", "size"))
    with np.errstate(divide="ignore", invalid="ignore"):
        sums["value"] = np.where(sums["den"] > 0, sums["num"] / sums["den"] * sums["scale"], np.nan)
    wide = sums["value"].unstack("group").reindex(columns=["campaign", "before", "other_platforms"])
    counts = sums["n"].unstack("group").reindex(columns=["campaign", "before", "other_platforms"]).fillna(0)
    out = measured[["campaign_id", "name", "kind", "objective"]].reset_index(drop=True)
    plan = planning_table().set_index("objective")
    out["kpi"] = out["objective"].map(plan["kpi"])
    out["measure"] = out["objective"].map(plan["post_measure"])
    for col in ("campaign", "before", "other_platforms"):
        out[col] = out["campaign_id"].map(wide[col]).astype("float64")
    out["vs_before"] = out["campaign"] / out["before"]
    out["vs_other_platforms"] = out["campaign"] / out["other_platforms"]
    for col, src in (("n_campaign", "campaign"), ("n_before", "before"), ("n_other", "other_platforms")):
        out[col] = out["campaign_id"].map(counts[src]).fillna(0).astype("int64")
    if n_boot:
        out = out.join(_bootstrap(long, out["campaign_id"], int(n_boot), seed, confidence))
    return out


def _bootstrap(long: pd.DataFrame, ids: pd.Series, n_boot: int, seed: int, confidence: float) -> pd.DataFrame:
    """Percentile intervals of campaign ÷ reference, resampling posts within each (campaign, group)."""
    rng = np.random.default_rng(seed)
    draws = {}
    for key, block in long.groupby(["cid", "group"], sort=True):
        idx = rng.integers(0, len(block), size=(n_boot, len(block)))
        num = block["num"].to_numpy()[idx].sum(axis=1)
        den = block["den"].to_numpy()[idx].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            draws[key] = np.where(den > 0, num / den, np.nan)
    tail = (1 - confidence) / 2
    cols = {}
    for ref, name in (("before", "vs_before"), ("other_platforms", "vs_other")):
        low, high = [], []
        for cid in ids:
            ratio = np.array([np.nan])
            if (cid, "campaign") in draws and (cid, ref) in draws:
                with np.errstate(divide="ignore", invalid="ignore"):
                    ratio = draws[(cid, "campaign")] / draws[(cid, ref)]
            ratio = ratio[np.isfinite(ratio)]
            low.append(float(np.quantile(ratio, tail)) if len(ratio) else np.nan)
            high.append(float(np.quantile(ratio, 1 - tail)) if len(ratio) else np.nan)
        cols[f"{name}_low"], cols[f"{name}_high"] = low, high
    return pd.DataFrame(cols, index=ids.index)


def true_ratios(campaign_truths: Iterable[object]) -> pd.DataFrame:
    """The simulator's true effect of each campaign on its objective's post measure, as a ratio.

    Only a simulator knows these (``data.truth(...).campaigns``): the
    measure on the campaign's platforms during the campaign ÷ the same
    measure had the campaign not run (:data:`TRUE_LIFT_FIELDS`).

    Parameters
    ----------
    campaign_truths : iterable
        Objects with ``campaign_id``, ``objective`` and the lift attributes
        (``follows_lift``, ``engagement_lift``, ``conversion_lift``).

    Returns
    -------
    DataFrame with ``campaign_id``, ``objective`` and ``true_ratio`` (NaN
    for objectives without a post measure).

    >>> from types import SimpleNamespace as NS
    >>> c = NS(campaign_id="C1", objective="sales", follows_lift=0.1, engagement_lift=0.2, conversion_lift=0.5)
    >>> round(float(true_ratios([c])["true_ratio"].iloc[0]), 3)
    1.8
    """
    rows = []
    for c in campaign_truths:
        fields = TRUE_LIFT_FIELDS.get(c.objective)
        ratio = float(np.prod([1 + getattr(c, f) for f in fields])) if fields else np.nan
        rows.append({"campaign_id": c.campaign_id, "objective": c.objective, "true_ratio": ratio})
    if not rows:
        raise ValueError("campaign_truths is empty: pass data.truth(...).campaigns")
    return pd.DataFrame(rows)
