"""The ground truth a scenario is generated from.

A :class:`Truth` is a frozen, hashable tree of small dataclasses. Every
number the simulator uses to generate data lives here, so that

* a notebook can compare an estimate with the true value
  (``bundle.truth.campaigns[0].follows_lift``),
* a chapter preset can change one effect with :func:`dataclasses.replace`
  and get a consistent data set,
* the truth can be written to JSON and read back
  (:meth:`Truth.to_dict` / :meth:`Truth.from_dict`).

Conventions and units
---------------------
* Days are **0-based offsets from the scenario start** (``start_day=59`` is
  1 March when the scenario starts on 1 January), so the truth works for any
  start date. Periods that fall outside the scenario are simply not
  generated.
* Money is in the market's ``currency`` (``CNY`` for ``cn``, ``USD`` for
  ``global``).
* ``*_lift`` values are **relative** changes (``0.3`` = +30 %); the
  multiplier applied is ``1 + lift``.
* ``*_uplift`` / ``*_effect`` / ``*_activity`` values are **multipliers**
  (``1.0`` = no effect).
* Mappings keyed by platform use the platform ids of
  :mod:`course_lib.markets`; mappings keyed by format use
  :data:`course_lib.markets.FORMATS`.

Realised truth
--------------
One part of the truth is drawn by the simulator rather than set in advance:
which influencer candidates are fake-follower accounts.
``Scenario.effects.influencers.suspicious_ids`` is ignored on input;
``simulate(sc).truth.influencers.suspicious_ids`` holds the realised ids.

Examples
--------
>>> from course_lib.sim.truth import default_truth
>>> t = default_truth("cn")
>>> t.content.format_effect["douyin"]["short_video"] > t.content.format_effect["douyin"]["text"]
True
>>> from dataclasses import replace
>>> t2 = replace(t, crisis=replace(t.crisis, start_day=120))
>>> Truth.from_dict(t2.to_dict()) == t2
True
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from course_lib.markets import FORMATS, MARKETS

__all__ = [
    "FrozenMap",
    "AudienceTruth",
    "ContentTruth",
    "FunnelTruth",
    "GrowthTruth",
    "CampaignTruth",
    "CrisisTruth",
    "CommentTruth",
    "ExperimentTruth",
    "SurveyTruth",
    "CompetitorTruth",
    "CommunityTruth",
    "InfluencerTruth",
    "PlatformShockTruth",
    "Truth",
    "default_truth",
    "SEGMENTS",
    "TOPICS",
    "PAIN_POINTS",
]

SEGMENTS: tuple[str, ...] = (
    "student",
    "young_professional",
    "young_parent",
    "health_seeker",
    "value_shopper",
)
"""User segments (personas) of the simulated audience."""

TOPICS: tuple[str, ...] = (
    "product",
    "lifestyle",
    "health",
    "promotion",
    "behind_the_scenes",
    "festival",
    "user_generated",
)
"""Post topics. Whether a post rides a trending topic is a separate flag."""


class FrozenMap(Mapping):
    """An immutable, hashable mapping (keeps insertion order).

    Used for the dict-like parts of the truth so that a :class:`Truth` (and
    a ``Scenario`` holding one) can be hashed, e.g. as a cache key.

    >>> m = FrozenMap({"a": 1})
    >>> m["a"], hash(m) == hash(FrozenMap({"a": 1}))
    (1, True)
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping | None = None) -> None:
        self._data = {k: _freeze(v) for k, v in dict(data or {}).items()}
        self._hash: int | None = None

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def _freeze(value: Any) -> Any:
    """Dicts -> FrozenMap, lists -> tuples (recursively)."""
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(value)
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    """Inverse of :func:`_freeze`, giving JSON-ready plain objects."""
    if dataclasses.is_dataclass(value):
        return {f.name: _thaw(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_thaw(v) for v in value]
    return value


class _Frozen:
    """Mixin: freeze dict/list fields after ``__init__``."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            object.__setattr__(self, f.name, _freeze(getattr(self, f.name)))


def _load(cls: type, data: Any, where: str) -> Any:
    """Build dataclass ``cls`` from a plain dict, with clear errors."""
    if not isinstance(data, Mapping):
        raise TypeError(f"{where}: expected a dict, got {type(data).__name__}")
    names = [f.name for f in dataclasses.fields(cls)]
    unknown = sorted(set(data) - set(names))
    missing = [n for n in names if n not in data]
    if unknown or missing:
        raise ValueError(
            f"{where}: unknown keys {unknown}, missing keys {missing}; "
            f"expected keys: {', '.join(names)}"
        )
    return cls(**{n: data[n] for n in names})


# --------------------------------------------------------------------------
# the parts
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class AudienceTruth(_Frozen):
    """Who the audience is and when it is online.

    Attributes
    ----------
    segment_share : map segment -> share of users (sums to 1).
    hour_activity : 24 multipliers on organic reach, index = local hour of
        posting (mean 1 over the day).
    weekday_activity : 7 multipliers on organic reach and organic follows,
        Monday first (mean 1).
    """

    segment_share: Mapping[str, float]
    hour_activity: tuple[float, ...]
    weekday_activity: tuple[float, ...]


@dataclass(frozen=True)
class ContentTruth(_Frozen):
    """How the brand posts and what a post's features do.

    Attributes
    ----------
    platform_post_share : map platform -> share of the brand's posts.
    format_mix : map platform -> format -> weight of that format in the
        brand's posting mix at the start of the period.
    short_video_trend : relative growth of the short-video weight over one
        year (``0.8`` = weight x1.8 by the end of a 365-day period).
    posting_hour_weights : 24 weights of the brand's posting hour (the
        brand's habit, not the best choice).
    reach_rate : map platform -> organic reach per follower of an average
        post at an average hour.
    impressions_per_reach : map platform -> mean impressions per reached
        person (>= 1).
    engagement_rate : map platform -> engagements per reached person for an
        ``image`` post with the reference topic and no extras (the baseline;
        engagements = likes + comments + shares + saves).
    format_effect : map platform -> format -> multiplier on engagement rate.
        This is the format x platform effect.
    engagement_mix : map platform -> (likes, comments, shares, saves) shares
        of engagements.
    topic_mix : map topic -> share of posts.
    topic_effect : map topic -> multiplier on engagement rate.
    trending_share, influencer_share, paid_share : share of posts that ride a
        trending topic / are an influencer collaboration / get a paid boost.
    trending_reach_uplift, trending_engagement_uplift : multipliers for
        trending posts.
    influencer_reach_uplift, influencer_engagement_uplift : multipliers for
        influencer posts.
    paid_spend_median : median paid boost per boosted post (currency).
    paid_reach_a, paid_reach_b : map platform -> parameters of the paid
        response curve: extra reach = ``a * log1p(spend / b)`` people
        (diminishing returns; ``b`` in currency).
    reach_noise_sd, engagement_noise_sd : sd of the log-normal noise on reach
        and on engagement rate (mean-one noise).
    """

    platform_post_share: Mapping[str, float]
    format_mix: Mapping[str, Mapping[str, float]]
    short_video_trend: float
    posting_hour_weights: tuple[float, ...]
    reach_rate: Mapping[str, float]
    impressions_per_reach: Mapping[str, float]
    engagement_rate: Mapping[str, float]
    format_effect: Mapping[str, Mapping[str, float]]
    engagement_mix: Mapping[str, tuple[float, float, float, float]]
    topic_mix: Mapping[str, float]
    topic_effect: Mapping[str, float]
    trending_share: float
    trending_reach_uplift: float
    trending_engagement_uplift: float
    influencer_share: float
    influencer_reach_uplift: float
    influencer_engagement_uplift: float
    paid_share: float
    paid_spend_median: float
    paid_reach_a: Mapping[str, float]
    paid_reach_b: Mapping[str, float]
    reach_noise_sd: float
    engagement_noise_sd: float


@dataclass(frozen=True)
class FunnelTruth(_Frozen):
    """Conversion funnel impressions -> engagements -> clicks -> conversions -> revenue.

    Attributes
    ----------
    click_rate : map platform -> link clicks per engagement.
    conversion_rate : map platform -> conversions (orders) per click, before
        seasonality and campaigns.
    order_value : mean revenue per conversion (currency).
    follow_rate : map platform -> new followers per reached person.
    unfollow_rate : unfollows per reached person caused by a post.
    """

    click_rate: Mapping[str, float]
    conversion_rate: Mapping[str, float]
    order_value: float
    follow_rate: Mapping[str, float]
    unfollow_rate: float


@dataclass(frozen=True)
class GrowthTruth(_Frozen):
    """Follower base, organic growth, churn and seasonality.

    Attributes
    ----------
    start_followers : map platform -> followers on the first day.
    organic_follows : map platform -> mean new followers per day that do not
        come from a post (search, word of mouth, stores).
    churn_rate : share of followers who unfollow per day (baseline).
    seasonality_amplitude : relative amplitude of the yearly demand cycle
        applied to organic follows and to conversion rates
        (``0.35`` = +-35 %).
    seasonality_peak_day : day of year (0-based) of the demand peak.
    mentions_per_1k_followers : weekly brand mentions (all platforms) per
        1 000 followers, before campaign and crisis effects.
    """

    start_followers: Mapping[str, int]
    organic_follows: Mapping[str, float]
    churn_rate: float
    seasonality_amplitude: float
    seasonality_peak_day: int
    mentions_per_1k_followers: float


@dataclass(frozen=True)
class CampaignTruth(_Frozen):
    """One marketing campaign and its true effects.

    The effects apply only on the campaign's ``platforms`` and only on days
    ``start_day <= day < start_day + days``; other platforms are untouched,
    so a difference-in-differences against a non-campaign platform recovers
    ``log(1 + lift)`` on a log scale.

    Attributes
    ----------
    campaign_id, name, kind, objective : labels (``kind`` is online, offline
        or hybrid).
    platforms : platform ids the campaign runs on.
    start_day, days : campaign period (0-based day offset, length in days).
    budget : planned budget (currency).
    follows_lift : relative lift of new followers per day (organic and from
        posts) on campaign platforms.
    engagement_lift : relative lift of the engagement rate of posts.
    conversion_lift : relative lift of conversions per click.
    """

    campaign_id: str
    name: str
    kind: str
    objective: str
    platforms: tuple[str, ...]
    start_day: int
    days: int
    budget: float
    follows_lift: float
    engagement_lift: float
    conversion_lift: float


@dataclass(frozen=True)
class CrisisTruth(_Frozen):
    """The crisis episode.

    Intensity is 1 from ``start_day`` for ``peak_days`` days, then falls
    linearly to 0 over ``recovery_days`` days; effects scale with intensity.

    Attributes
    ----------
    cause : short description.
    start_day, peak_days, recovery_days : timing in days.
    negative_share_peak : share of negative comments at full intensity
        (before label noise).
    comment_uplift : extra comment share of engagements at full intensity
        (``2.0`` = comments x3).
    unfollow_multiplier : extra churn at full intensity (``4.0`` = churn x5).
    follows_drop : relative drop of new followers at full intensity.
    satisfaction_drop : drop of survey satisfaction (points on the 1-5
        scale) at full intensity; the community's satisfied share drops by
        ``satisfaction_drop / 5``.
    mentions_uplift : extra brand mentions at full intensity.
    """

    cause: str
    start_day: int
    peak_days: int
    recovery_days: int
    negative_share_peak: float
    comment_uplift: float
    unfollow_multiplier: float
    follows_drop: float
    satisfaction_drop: float
    mentions_uplift: float


@dataclass(frozen=True)
class CommentTruth(_Frozen):
    """Comment sample and sentiment.

    Attributes
    ----------
    per_post : mean number of sampled comments per post in the ``comments``
        table (the table is a sample, not every comment counted in posts).
    sentiment_share : map sentiment -> baseline share (positive, neutral,
        negative) of the intended sentiment.
    campaign_positive_uplift : extra positive share on campaign platforms
        during a campaign.
    label_noise : share of labels replaced by a random *other* label.
    """

    per_post: float
    sentiment_share: Mapping[str, float]
    campaign_positive_uplift: float
    label_noise: float


@dataclass(frozen=True)
class ExperimentTruth(_Frozen):
    """One A/B test (variant A = control, B = treatment).

    Attributes
    ----------
    test_id, name, platform : labels.
    start_day, days : test period.
    exposed_per_day : mean people exposed per variant per day.
    ctr_a : click-through rate (clicks / exposed) of variant A.
    ctr_lift : relative lift of the CTR of variant B.
    cvr_a : conversion rate (conversions / clicks) of variant A.
    cvr_lift : relative lift of the conversion rate of variant B.
    """

    test_id: str
    name: str
    platform: str
    start_day: int
    days: int
    exposed_per_day: float
    ctr_a: float
    ctr_lift: float
    cvr_a: float
    cvr_lift: float


@dataclass(frozen=True)
class SurveyTruth(_Frozen):
    """Customer satisfaction survey.

    Attributes
    ----------
    response_share : respondents as a share of users.
    satisfaction_mean : map segment -> mean latent satisfaction (1-5 scale).
    nps_slope, nps_intercept : NPS answer (0-10) ~= intercept + slope x
        latent satisfaction + noise.
    pain_points : map segment -> map pain point -> probability.
    """

    response_share: float
    satisfaction_mean: Mapping[str, float]
    nps_slope: float
    nps_intercept: float
    pain_points: Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class CompetitorTruth(_Frozen):
    """One fictional competitor (all platforms together).

    Attributes
    ----------
    name : display name.
    start_followers : followers in week 0.
    weekly_growth : mean relative follower growth per week.
    engagements_per_follower : weekly engagements per follower.
    posts_per_week : mean posts per week.
    mentions_per_week : mean brand mentions per week.
    """

    name: str
    start_followers: int
    weekly_growth: float
    engagements_per_follower: float
    posts_per_week: float
    mentions_per_week: float


@dataclass(frozen=True)
class CommunityTruth(_Frozen):
    """The brand's own community (WeChat groups / fan club).

    Attributes
    ----------
    start_members : members at the start.
    monthly_growth : true net member growth per 30 days (relative).
    weekly_churn : share of members leaving per week.
    active_share : true share of members active in a week.
    posts_per_week : mean posts per week by the brand's community team.
    comments_per_post : mean comments per community post.
    satisfaction : true share of satisfied members in the weekly pulse.
    pulse_share : share of members answering the weekly pulse.
    targets : map target -> value, from the source plan (members +10 % per
        month, >= 50 % weekly active, >= 20 comments per post, >= 80 %
        satisfied).
    """

    start_members: int
    monthly_growth: float
    weekly_churn: float
    active_share: float
    posts_per_week: float
    comments_per_post: float
    satisfaction: float
    pulse_share: float
    targets: Mapping[str, float]


@dataclass(frozen=True)
class InfluencerTruth(_Frozen):
    """Influencer (KOL) candidates.

    Attributes
    ----------
    n_candidates : number of candidates.
    suspicious_share : share of candidates with fake-follower patterns.
    price_per_1k_followers : typical price of one post per 1 000 followers
        (currency).
    suspicious_ids : realised ids of the suspicious candidates (filled in by
        ``simulate``; ignored on input).
    """

    n_candidates: int
    suspicious_share: float
    price_per_1k_followers: float
    suspicious_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlatformShockTruth(_Frozen):
    """A platform changes its rules (e.g. its feed algorithm) during the period.

    From ``start_day`` to the end of the period, the organic reach of the
    brand's posts on ``platform`` is multiplied by ``reach_multiplier``
    (paid reach is bought separately and is not affected). Follows, clicks
    and conversions that come from reach fall with it. The default truth has
    no shock; the case presets of chapter 5 (single-platform dependency)
    add one.

    Attributes
    ----------
    platform : platform id.
    start_day : first day of the new rules (0-based day offset).
    reach_multiplier : multiplier on organic reach from ``start_day`` on
        (``0.4`` = reach falls by 60 %; must be positive).
    cause : short description.
    """

    platform: str
    start_day: int
    reach_multiplier: float
    cause: str = "platform rule change"


_PARTS: dict[str, type] = {
    "audience": AudienceTruth,
    "content": ContentTruth,
    "funnel": FunnelTruth,
    "growth": GrowthTruth,
    "crisis": CrisisTruth,
    "comments": CommentTruth,
    "survey": SurveyTruth,
    "community": CommunityTruth,
    "influencers": InfluencerTruth,
}
_LISTS: dict[str, type] = {
    "campaigns": CampaignTruth,
    "experiments": ExperimentTruth,
    "competitors": CompetitorTruth,
    "shocks": PlatformShockTruth,
}


@dataclass(frozen=True)
class Truth:
    """All true effects and behaviour parameters of one scenario.

    Build the default with :func:`default_truth`; change parts with
    :func:`dataclasses.replace`. See the module docstring for units.

    Examples
    --------
    >>> t = default_truth("global")
    >>> t.currency, [c.campaign_id for c in t.campaigns][:2]
    ('USD', ['CA01', 'CA02'])
    >>> d = t.to_dict()
    >>> list(d)[:3]
    ['market', 'currency', 'audience']
    """

    market: str
    currency: str
    audience: AudienceTruth
    content: ContentTruth
    funnel: FunnelTruth
    growth: GrowthTruth
    campaigns: tuple[CampaignTruth, ...]
    crisis: CrisisTruth
    comments: CommentTruth
    experiments: tuple[ExperimentTruth, ...]
    survey: SurveyTruth
    competitors: tuple[CompetitorTruth, ...]
    community: CommunityTruth
    influencers: InfluencerTruth
    shocks: tuple[PlatformShockTruth, ...] = ()

    def __post_init__(self) -> None:
        for name in _LISTS:
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def to_dict(self) -> dict:
        """Plain, JSON-serialisable dict (stable key order = field order)."""
        return _thaw(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> "Truth":
        """Rebuild a :class:`Truth` from :meth:`to_dict` output (or its JSON)."""
        if not isinstance(data, Mapping):
            raise TypeError(f"Truth.from_dict: expected a dict, got {type(data).__name__}")
        fields = dataclasses.fields(cls)
        names = [f.name for f in fields]
        optional = {f.name for f in fields if f.default is not dataclasses.MISSING}
        unknown = sorted(set(data) - set(names))
        missing = [n for n in names if n not in data and n not in optional]
        if unknown or missing:
            raise ValueError(
                f"Truth.from_dict: unknown keys {unknown}, missing keys {missing}"
            )
        kwargs: dict[str, Any] = {"market": data["market"], "currency": data["currency"]}
        for name, part in _PARTS.items():
            kwargs[name] = _load(part, data[name], f"Truth.{name}")
        for name, part in _LISTS.items():
            if name not in data:  # optional list (``shocks``): keep the default
                continue
            items = data[name]
            if not isinstance(items, (list, tuple)):
                raise TypeError(f"Truth.{name}: expected a list, got {type(items).__name__}")
            kwargs[name] = tuple(
                _load(part, item, f"Truth.{name}[{i}]") for i, item in enumerate(items)
            )
        return cls(**kwargs)

    def check(self, market: str | None = None) -> "Truth":
        """Check platform keys and basic ranges; return ``self`` or raise ``ValueError``."""
        market = self.market if market is None else market
        if self.market != market:
            raise ValueError(
                f"effects: truth is for market {self.market!r} but the scenario market "
                f"is {market!r}; use default_truth({market!r})"
            )
        plats = set(MARKETS[market])
        per_platform = {
            "content.platform_post_share": self.content.platform_post_share,
            "content.format_mix": self.content.format_mix,
            "content.reach_rate": self.content.reach_rate,
            "content.impressions_per_reach": self.content.impressions_per_reach,
            "content.engagement_rate": self.content.engagement_rate,
            "content.format_effect": self.content.format_effect,
            "content.engagement_mix": self.content.engagement_mix,
            "content.paid_reach_a": self.content.paid_reach_a,
            "content.paid_reach_b": self.content.paid_reach_b,
            "funnel.click_rate": self.funnel.click_rate,
            "funnel.conversion_rate": self.funnel.conversion_rate,
            "funnel.follow_rate": self.funnel.follow_rate,
            "growth.start_followers": self.growth.start_followers,
            "growth.organic_follows": self.growth.organic_follows,
        }
        for name, mapping in per_platform.items():
            if set(mapping) != plats:
                raise ValueError(
                    f"effects.{name}: platform keys {sorted(mapping)} do not match "
                    f"market {market!r}: {', '.join(MARKETS[market])}"
                )
        for name in ("format_mix", "format_effect"):
            for plat, row in getattr(self.content, name).items():
                if set(row) != set(FORMATS):
                    raise ValueError(
                        f"effects.content.{name}[{plat!r}]: keys must be the formats "
                        f"{', '.join(FORMATS)}"
                    )
        if len(self.audience.hour_activity) != 24:
            raise ValueError("effects.audience.hour_activity: expected 24 values (hours 0-23)")
        if len(self.content.posting_hour_weights) != 24:
            raise ValueError("effects.content.posting_hour_weights: expected 24 values")
        if len(self.audience.weekday_activity) != 7:
            raise ValueError("effects.audience.weekday_activity: expected 7 values (Mon-Sun)")
        if set(self.audience.segment_share) != set(SEGMENTS):
            raise ValueError(f"effects.audience.segment_share: keys must be {', '.join(SEGMENTS)}")
        if set(self.content.topic_mix) != set(TOPICS) or set(self.content.topic_effect) != set(TOPICS):
            raise ValueError(f"effects.content.topic_mix/topic_effect: keys must be {', '.join(TOPICS)}")
        for c in self.campaigns:
            bad = [p for p in c.platforms if p not in plats]
            if bad:
                raise ValueError(
                    f"effects.campaigns[{c.campaign_id}].platforms: unknown {bad}; "
                    f"allowed: {', '.join(MARKETS[market])}"
                )
        for e in self.experiments:
            if e.platform not in plats:
                raise ValueError(
                    f"effects.experiments[{e.test_id}].platform: unknown {e.platform!r}; "
                    f"allowed: {', '.join(MARKETS[market])}"
                )
        for i, shock in enumerate(self.shocks):
            if shock.platform not in plats:
                raise ValueError(
                    f"effects.shocks[{i}].platform: unknown {shock.platform!r}; "
                    f"allowed: {', '.join(MARKETS[market])}"
                )
            if not shock.reach_multiplier > 0:
                raise ValueError(
                    f"effects.shocks[{i}].reach_multiplier: must be positive, "
                    f"got {shock.reach_multiplier!r}"
                )
        if not 0 <= self.comments.label_noise < 0.5:
            raise ValueError("effects.comments.label_noise: must be in [0, 0.5)")
        return self


# --------------------------------------------------------------------------
# defaults
# --------------------------------------------------------------------------

def _norm(values: tuple[float, ...]) -> tuple[float, ...]:
    mean = sum(values) / len(values)
    return tuple(round(v / mean, 4) for v in values)


# local-time audience activity; lunch and evening peaks
_HOURS_CN = _norm((0.35, 0.2, 0.12, 0.08, 0.08, 0.12, 0.3, 0.6, 0.9, 0.85, 0.8, 0.95,
                   1.3, 1.2, 0.9, 0.85, 0.9, 1.0, 1.2, 1.5, 1.8, 1.9, 1.6, 0.9))
_HOURS_GLOBAL = _norm((0.3, 0.18, 0.1, 0.07, 0.07, 0.12, 0.35, 0.7, 0.95, 0.9, 0.85, 0.95,
                       1.25, 1.15, 0.95, 0.9, 0.95, 1.1, 1.35, 1.6, 1.8, 1.7, 1.3, 0.7))
_WEEKDAYS = _norm((0.95, 0.95, 0.97, 0.98, 1.02, 1.08, 1.05))
# the brand's team posts mostly in office hours
_POSTING_HOURS = (0, 0, 0, 0, 0, 0, 0, 0.02, 0.06, 0.12, 0.12, 0.1,
                  0.08, 0.05, 0.08, 0.1, 0.1, 0.08, 0.04, 0.03, 0.03, 0.04, 0.03, 0.01)

# platform: start followers, organic follows/day, post share, reach/follower,
# impressions/reach, engagement rate, clicks/engagement, conversions/click,
# follows/reach, paid a (people), paid b (currency)
_PLATFORMS = {
    "cn": {
        "weibo":       (180_000, 120, 0.22, 0.060, 1.35, 0.020, 0.10, 0.030, 0.00038, 14_000, 300),
        "wechat":      (120_000, 60, 0.14, 0.120, 1.15, 0.030, 0.18, 0.050, 0.0002, 8_000, 400),
        "douyin":      (250_000, 200, 0.20, 0.100, 1.60, 0.045, 0.06, 0.025, 0.0003, 30_000, 250),
        "xiaohongshu": (90_000, 110, 0.16, 0.090, 1.30, 0.050, 0.12, 0.040, 0.0004, 12_000, 200),
        "bilibili":    (40_000, 80, 0.08, 0.080, 1.25, 0.040, 0.08, 0.020, 0.00045, 6_000, 300),
        "zhihu":       (30_000, 60, 0.08, 0.070, 1.20, 0.025, 0.15, 0.035, 0.0003, 4_000, 300),
        "kuaishou":    (70_000, 70, 0.12, 0.090, 1.55, 0.040, 0.05, 0.020, 0.0005, 15_000, 250),
    },
    "global": {
        "instagram":   (150_000, 130, 0.24, 0.080, 1.40, 0.040, 0.08, 0.030, 0.0005, 15_000, 40),
        "tiktok":      (200_000, 190, 0.22, 0.110, 1.65, 0.050, 0.05, 0.020, 0.0003, 28_000, 35),
        "facebook":    (160_000, 60, 0.18, 0.050, 1.30, 0.020, 0.12, 0.035, 0.0002, 12_000, 45),
        "x":           (60_000, 70, 0.14, 0.050, 1.25, 0.015, 0.10, 0.025, 0.0003, 6_000, 40),
        "youtube":     (50_000, 50, 0.10, 0.090, 1.20, 0.035, 0.07, 0.020, 0.00045, 10_000, 50),
        "linkedin":    (25_000, 60, 0.12, 0.070, 1.15, 0.025, 0.14, 0.030, 0.0003, 4_000, 60),
    },
}

# format effect on engagement rate: text, image, video, short_video, live
_FORMAT_EFFECT = {
    "weibo":       (0.8, 1.0, 1.1, 1.3, 0.9),
    "wechat":      (1.3, 1.0, 0.9, 0.7, 0.6),
    "douyin":      (0.4, 0.7, 1.0, 1.8, 1.4),
    "xiaohongshu": (0.7, 1.4, 1.0, 1.3, 0.9),
    "bilibili":    (0.5, 0.7, 1.6, 1.2, 1.3),
    "zhihu":       (1.6, 1.0, 0.9, 0.6, 0.5),
    "kuaishou":    (0.4, 0.7, 1.0, 1.7, 1.6),
    "instagram":   (0.5, 1.3, 1.0, 1.6, 1.0),
    "tiktok":      (0.3, 0.6, 1.0, 1.9, 1.3),
    "facebook":    (0.9, 1.0, 1.2, 1.1, 1.0),
    "x":           (1.3, 1.0, 0.9, 0.9, 0.6),
    "youtube":     (0.3, 0.5, 1.6, 1.3, 1.2),
    "linkedin":    (1.5, 1.1, 1.0, 0.7, 0.6),
}
# the brand's format mix per platform (weights)
_FORMAT_MIX = {
    "weibo":       (0.25, 0.40, 0.10, 0.20, 0.05),
    "wechat":      (0.50, 0.30, 0.10, 0.07, 0.03),
    "douyin":      (0.03, 0.08, 0.10, 0.69, 0.10),
    "xiaohongshu": (0.05, 0.58, 0.10, 0.22, 0.05),
    "bilibili":    (0.05, 0.10, 0.55, 0.20, 0.10),
    "zhihu":       (0.58, 0.25, 0.10, 0.05, 0.02),
    "kuaishou":    (0.03, 0.08, 0.14, 0.60, 0.15),
    "instagram":   (0.04, 0.50, 0.10, 0.30, 0.06),
    "tiktok":      (0.02, 0.06, 0.10, 0.72, 0.10),
    "facebook":    (0.20, 0.40, 0.20, 0.15, 0.05),
    "x":           (0.55, 0.30, 0.05, 0.08, 0.02),
    "youtube":     (0.02, 0.05, 0.55, 0.30, 0.08),
    "linkedin":    (0.50, 0.32, 0.10, 0.06, 0.02),
}
# likes, comments, shares, saves
_ENGAGEMENT_MIX = {
    "weibo":       (0.70, 0.12, 0.13, 0.05),
    "wechat":      (0.60, 0.08, 0.22, 0.10),
    "douyin":      (0.78, 0.08, 0.08, 0.06),
    "xiaohongshu": (0.55, 0.10, 0.05, 0.30),
    "bilibili":    (0.65, 0.12, 0.08, 0.15),
    "zhihu":       (0.60, 0.15, 0.05, 0.20),
    "kuaishou":    (0.78, 0.10, 0.07, 0.05),
    "instagram":   (0.75, 0.07, 0.06, 0.12),
    "tiktok":      (0.80, 0.07, 0.08, 0.05),
    "facebook":    (0.68, 0.14, 0.15, 0.03),
    "x":           (0.62, 0.15, 0.20, 0.03),
    "youtube":     (0.72, 0.14, 0.06, 0.08),
    "linkedin":    (0.70, 0.15, 0.12, 0.03),
}
_TOPIC_MIX = (0.25, 0.20, 0.12, 0.15, 0.10, 0.08, 0.10)
_TOPIC_EFFECT = (1.0, 1.1, 1.05, 0.85, 1.15, 1.2, 1.25)

_CAMPAIGNS = {
    # id, name, kind, objective, platforms, start_day, days, budget, follows, engagement, conversion
    "cn": (
        ("CA01", "Spring flavour launch", "online", "awareness",
         ("douyin", "xiaohongshu"), 59, 21, 180_000.0, 0.50, 0.30, 0.10),
        ("CA02", "618 summer promotion", "hybrid", "conversion",
         ("weibo", "douyin", "wechat"), 151, 20, 260_000.0, 0.25, 0.15, 0.40),
        ("CA03", "Mid-Autumn gift box", "offline", "sales",
         ("wechat", "xiaohongshu"), 244, 14, 120_000.0, 0.20, 0.20, 0.30),
        ("CA04", "Double 11 festival", "online", "conversion",
         ("douyin", "weibo", "kuaishou"), 304, 11, 300_000.0, 0.30, 0.20, 0.50),
    ),
    "global": (
        ("CA01", "Spring flavour launch", "online", "awareness",
         ("tiktok", "instagram"), 59, 21, 25_000.0, 0.50, 0.30, 0.10),
        ("CA02", "Summer refresh challenge", "hybrid", "engagement",
         ("tiktok", "instagram", "facebook"), 151, 20, 35_000.0, 0.25, 0.35, 0.20),
        ("CA03", "Back-to-school pop-up", "offline", "sales",
         ("facebook", "instagram"), 244, 14, 15_000.0, 0.20, 0.20, 0.30),
        ("CA04", "Black Friday bundle", "online", "conversion",
         ("tiktok", "facebook", "youtube"), 325, 11, 40_000.0, 0.30, 0.20, 0.50),
    ),
}

_EXPERIMENTS = {
    # id, name, platform, start_day, days, exposed/day, ctr_a, ctr_lift, cvr_a, cvr_lift
    "cn": (
        ("T01", "Emoji in the cover title", "douyin", 80, 14, 4000.0, 0.030, 0.10, 0.040, 0.0),
        ("T02", "Product shot vs lifestyle photo", "xiaohongshu", 120, 14, 3000.0, 0.025, 0.0, 0.050, 0.0),
        ("T03", "Free-shipping banner", "wechat", 270, 21, 2500.0, 0.040, 0.05, 0.050, 0.25),
        ("T04", "Live-stream coupon", "kuaishou", 330, 7, 600.0, 0.030, 0.15, 0.060, 0.10),
    ),
    "global": (
        ("T01", "Emoji in the caption hook", "tiktok", 80, 14, 4000.0, 0.030, 0.10, 0.040, 0.0),
        ("T02", "Product shot vs lifestyle photo", "instagram", 120, 14, 3000.0, 0.025, 0.0, 0.050, 0.0),
        ("T03", "Free-shipping banner", "facebook", 270, 21, 2500.0, 0.040, 0.05, 0.050, 0.25),
        ("T04", "Live-shopping coupon", "youtube", 300, 7, 600.0, 0.030, 0.15, 0.060, 0.10),
    ),
}

_COMPETITORS = {
    # name, start followers, weekly growth, engagements/follower/week, posts/week, mentions/week
    "cn": (
        ("Qingshan Tea", 900_000, 0.004, 0.10, 70.0, 2600.0),
        ("Chayue", 520_000, 0.008, 0.18, 55.0, 1700.0),
        ("Mingye Drinks", 1_300_000, 0.001, 0.06, 40.0, 3100.0),
    ),
    "global": (
        ("Brewly", 700_000, 0.004, 0.10, 60.0, 2100.0),
        ("Leafline", 420_000, 0.009, 0.18, 50.0, 1300.0),
        ("Steep & Co.", 1_100_000, 0.001, 0.06, 35.0, 2600.0),
    ),
}

_SATISFACTION = (3.6, 3.85, 4.0, 3.9, 3.45)  # per segment, SEGMENTS order
PAIN_POINTS = ("price", "taste", "availability", "packaging", "delivery", "sugar", "none")
_PAIN = {
    "student":            (0.35, 0.15, 0.15, 0.05, 0.08, 0.07, 0.15),
    "young_professional": (0.12, 0.15, 0.25, 0.08, 0.15, 0.10, 0.15),
    "young_parent":       (0.15, 0.10, 0.18, 0.12, 0.15, 0.18, 0.12),
    "health_seeker":      (0.10, 0.15, 0.12, 0.08, 0.08, 0.35, 0.12),
    "value_shopper":      (0.45, 0.12, 0.12, 0.05, 0.08, 0.05, 0.13),
}


def default_truth(market: str = "cn") -> Truth:
    """The default truth for ``market`` (``"cn"`` or ``"global"``).

    Parameters
    ----------
    market : str
        Market id from :data:`course_lib.markets.MARKETS`.

    Returns
    -------
    Truth

    Examples
    --------
    >>> default_truth("cn").content.format_effect["zhihu"]["text"]
    1.6
    """
    if market not in MARKETS:
        raise ValueError(f"market: unknown market {market!r}; allowed: {', '.join(sorted(MARKETS))}")
    plats = MARKETS[market]
    table = _PLATFORMS[market]

    def col(i: int) -> dict:
        return {p: table[p][i] for p in plats}

    def by_format(src: dict) -> dict:
        return {p: dict(zip(FORMATS, src[p])) for p in plats}

    cn = market == "cn"
    audience = AudienceTruth(
        segment_share=dict(zip(SEGMENTS, (0.22, 0.28, 0.15, 0.15, 0.20))),
        hour_activity=_HOURS_CN if cn else _HOURS_GLOBAL,
        weekday_activity=_WEEKDAYS,
    )
    content = ContentTruth(
        platform_post_share=col(2),
        format_mix=by_format(_FORMAT_MIX),
        short_video_trend=0.8,
        posting_hour_weights=_POSTING_HOURS,
        reach_rate=col(3),
        impressions_per_reach=col(4),
        engagement_rate=col(5),
        format_effect=by_format(_FORMAT_EFFECT),
        engagement_mix={p: _ENGAGEMENT_MIX[p] for p in plats},
        topic_mix=dict(zip(TOPICS, _TOPIC_MIX)),
        topic_effect=dict(zip(TOPICS, _TOPIC_EFFECT)),
        trending_share=0.12,
        trending_reach_uplift=1.8,
        trending_engagement_uplift=1.15,
        influencer_share=0.08,
        influencer_reach_uplift=2.2,
        influencer_engagement_uplift=1.35,
        paid_share=0.22,
        paid_spend_median=300.0 if cn else 45.0,
        paid_reach_a=col(9),
        paid_reach_b=col(10),
        reach_noise_sd=0.35,
        engagement_noise_sd=0.25,
    )
    funnel = FunnelTruth(
        click_rate=col(6),
        conversion_rate=col(7),
        order_value=45.0 if cn else 18.0,
        follow_rate=col(8),
        unfollow_rate=0.0002,
    )
    growth = GrowthTruth(
        start_followers=col(0),
        organic_follows=col(1),
        churn_rate=0.0005,
        seasonality_amplitude=0.35,
        seasonality_peak_day=196,
        mentions_per_1k_followers=2.8,
    )
    campaigns = tuple(CampaignTruth(*row) for row in _CAMPAIGNS[market])
    # crisis window 203 .. 238 (23 Jul - 27 Aug 2025): one week after the seasonal
    # peak (day 196), before CA03 (day 244) and clear of every campaign, so a
    # before/after look is confounded neither by the peak nor by a campaign
    crisis = CrisisTruth(
        cause=("leaking bottles in one production batch, first reported on weibo"
               if cn else "leaking bottles in one production batch, first reported on x"),
        start_day=203,
        peak_days=7,
        recovery_days=28,
        negative_share_peak=0.65,
        comment_uplift=2.0,
        unfollow_multiplier=4.0,
        follows_drop=0.4,
        satisfaction_drop=0.9,
        mentions_uplift=3.0,
    )
    comments = CommentTruth(
        per_post=5.0,
        sentiment_share={"positive": 0.47, "neutral": 0.33, "negative": 0.20},
        campaign_positive_uplift=0.10,
        label_noise=0.06,
    )
    experiments = tuple(ExperimentTruth(*row) for row in _EXPERIMENTS[market])
    survey = SurveyTruth(
        response_share=0.075,
        satisfaction_mean=dict(zip(SEGMENTS, _SATISFACTION)),
        nps_slope=1.9,
        nps_intercept=1.0,
        pain_points={s: dict(zip(PAIN_POINTS, _PAIN[s])) for s in SEGMENTS},
    )
    competitors = tuple(CompetitorTruth(*row) for row in _COMPETITORS[market])
    community = CommunityTruth(
        start_members=2000 if cn else 1500,
        monthly_growth=0.06,
        weekly_churn=0.008,
        active_share=0.55,
        posts_per_week=25.0,
        comments_per_post=14.0,
        satisfaction=0.84,
        pulse_share=0.08,
        targets={
            "members_growth_per_month": 0.10,
            "weekly_active_share": 0.50,
            "comments_per_post": 20.0,
            "satisfaction_share": 0.80,
        },
    )
    influencers = InfluencerTruth(
        n_candidates=60,
        suspicious_share=0.2,
        price_per_1k_followers=60.0 if cn else 10.0,
    )
    return Truth(
        market=market,
        currency="CNY" if cn else "USD",
        audience=audience,
        content=content,
        funnel=funnel,
        growth=growth,
        campaigns=campaigns,
        crisis=crisis,
        comments=comments,
        experiments=experiments,
        survey=survey,
        competitors=competitors,
        community=community,
        influencers=influencers,
    )
