"""The social media landscape: definitions, history, audiences and the cost of reach.

Small reference tables for notebook 1.1 (社交媒体概况) and helpers that turn the
platform catalogue (``data.load("platforms")``) into tidy frames. The tables are
**not simulated**: each row carries a ``source`` column, and a ``basis`` column
says whether its figures are documented facts, sourced benchmarks or
approximate, illustrative values.

Sources used here:

- seed 001 §01 of the course material (社交媒体管理与运营): the definition of
  social media, its traits (real-time, interactive, diverse, personalised) and
  its three eras (blogs/forums, Web 2.0, mobile);
- seed 002 §一–三 (社会化媒体营销研究概念与实施): the definition and traits of
  social media marketing, its differences from traditional marketing and its
  six main types;
- O'Reilly, T. (2005) *What Is Web 2.0*; Apple's iPhone announcement (9 Jan
  2007); the Chinese Ministry of Industry and Information Technology's 4G
  licences (4 Dec 2013); Blogger's launch by Pyra Labs (Aug 1999); the Tianya
  forum (天涯社区, opened March 1999); Xiaonei (校内网, Dec 2005; renamed Renren
  人人网 in 2009);
- Solomon Partners for the Out of Home Advertising Association of America
  (OAAA), media CPM benchmarks with data as of January 2022 (US medians), as
  reported by MediaPost and Inside Audio Marketing (2022). The benchmark left
  social media out; its digital display medians are the nearest sourced
  comparison (:func:`display_cpm`).

>>> row = traditional_cpm().iloc[0]
>>> row["medium"], float(row["cpm_low_usd"]), float(row["cpm_high_usd"])
('TV', 12.0, 36.0)
>>> sorted(smm_types()["type"])[:2]
['community building', 'content marketing']
"""
from __future__ import annotations

import pandas as pd

from .markets import check_market
from .validation import check_frame, require_columns

__all__ = [
    "AGE_BANDS",
    "AGE_LABELS",
    "age_mix",
    "cpm_standing",
    "display_cpm",
    "history_eras",
    "lead_format",
    "format_fit",
    "milestones",
    "reach_cost",
    "smm_types",
    "smm_vs_traditional",
    "traits",
    "traditional_cpm",
    "users_in_band",
]

#: Age columns of the platform catalogue, youngest first.
AGE_BANDS: tuple[str, ...] = ("age_18_24", "age_25_34", "age_35_44", "age_45_plus")
#: Readable labels of :data:`AGE_BANDS`.
AGE_LABELS: dict[str, str] = {"age_18_24": "18-24", "age_25_34": "25-34",
                              "age_35_44": "35-44", "age_45_plus": "45+"}

SEED_001 = "seed 001 §01 (社交媒体概述)"
SEED_002_DEF = "seed 002 §二.1-2 (社会化媒体营销的定义与特点)"
SEED_002_CMP = "seed 002 §二.3 (社会化媒体营销与传统营销的异同)"
SEED_002_TYPES = "seed 002 §三 (社会化媒体营销的主要类型)"
OAAA_2022 = ("Solomon Partners for the OAAA, media CPM benchmarks (US medians, data as of Jan 2022), "
             "reported by MediaPost and insideaudiomarketing.com (2022)")

_TRAITS = [
    ("social media", "definition", "社交媒体", "online platforms built on internet and mobile technology "
     "where people share, exchange, interact and create content", SEED_001),
    ("social media", "real-time", "实时性", "information is published and seen as it happens", SEED_001),
    ("social media", "interactive", "互动性", "users reply, share and react, not only read", SEED_001),
    ("social media", "diverse", "多样性", "text, images, video, live streams and many kinds of users",
     SEED_001),
    ("social media", "personalised", "个性化", "each user sees a feed shaped by whom they follow and "
     "what they engage with", SEED_001),
    ("social media marketing", "definition", "社会化媒体营销", "using social platforms to promote a brand, "
     "product or service by creating, publishing and managing content and by building long-term, "
     "two-way relationships with an audience", SEED_002_DEF),
    ("social media marketing", "interactive", "互动性", "two-way, real-time exchange between brand and "
     "consumers and among consumers", SEED_002_DEF),
    ("social media marketing", "fast spread", "传播速度快", "content can be shared onwards by users and "
     "spread far in a short time (viral effect)", SEED_002_DEF),
    ("social media marketing", "broad audience", "用户群体广泛", "every age, occupation and interest is "
     "present, so a brand can pick platforms that fit its market", SEED_002_DEF),
    ("social media marketing", "content is king", "内容为王", "valuable, interesting content earns "
     "attention and sharing", SEED_002_DEF),
    ("social media marketing", "data-driven", "数据驱动决策", "platforms record behaviour, so decisions "
     "can be checked against data", SEED_002_DEF),
    ("social media marketing", "low cost, high return", "低成本高效益", "claimed to cost less than "
     "traditional advertising; notebook 1.1 (cost of reach) puts this claim to a test", SEED_002_DEF),
]

_VS = [
    ("how messages spread", "传播方式", "one-way broadcast through TV, radio, print and outdoor",
     "many-to-many: users pass content on (裂变式传播), so reach can grow beyond what was paid for"),
    ("interaction", "互动性", "little direct feedback; surveys after the fact",
     "comments, likes and shares in real time; feedback can change the campaign while it runs"),
    ("cost", "营销成本", "media buying and production are large fixed costs",
     "organic posting is free apart from labour; paid reach is bought per impression or click"),
    ("measurement", "效果衡量", "estimated audiences (ratings, circulation)",
     "platform data on every post, though each platform counts in its own way"),
]

_ERAS = [
    ("forums and blogs", "论坛与博客", 1995, 2004,
     "bulletin boards (BBS), early blogs: users post text and pictures"),
    ("Web 2.0", "Web 2.0 时代", 2004, 2009,
     "Facebook, YouTube, Twitter: easy sharing and profiles; social media goes mainstream"),
    ("mobile social", "移动社交", 2009, 2016,
     "smartphones spread; Weibo and WeChat become part of daily life"),
    ("short video and live", "短视频与直播", 2016, 2025,
     "Douyin, TikTok and Kuaishou: algorithm-fed feeds, live commerce"),
]

#: (year, event, market, source); market is "cn", "global" or "both".
_MILESTONES = [
    (1999, "Blogger launched", "global", "Pyra Labs launched Blogger in August 1999 (widely documented)"),
    (1999, "Tianya forum opened", "cn", "Tianya Club (天涯社区) opened in Haikou in March 1999 (widely documented)"),
    (2004, "'Web 2.0' conference", "global",
     "O'Reilly Media and MediaLive, Web 2.0 Conference, Oct 2004; O'Reilly, T. (2005) What Is Web 2.0"),
    (2005, "Xiaonei (Renren) launched", "cn",
     "Xiaonei (校内网) launched December 2005; renamed Renren (人人网) in August 2009 (widely documented)"),
    (2007, "iPhone announced", "both", "Apple press release, 9 January 2007"),
    (2013, "4G licences in China", "cn", "Ministry of Industry and Information Technology (MIIT), 4 December 2013"),
]

#: (medium, medium_zh, low, high, what, cheapest buy type, dearest buy type)
_TRADITIONAL = [
    ("TV", "电视", 12.0, 36.0, "30-second spot: cable TV outside prime time to broadcast prime time",
     "cable TV outside prime time", "broadcast prime time"),
    ("print", "报纸", 46.82, 46.82, "newspapers (median); magazines were not in the benchmark",
     "newspapers", "newspapers"),
    ("radio", "广播", 6.75, 6.75, "30-second spot (median)", "30-second spot", "30-second spot"),
    ("outdoor", "户外", 2.18, 7.50, "transit shelters to digital place-based screens",
     "transit shelters", "digital place-based screens"),
]
_DISPLAY = [
    ("digital display", "展示广告", 2.21, 2.27, "banner ads: mobile display to general display (medians)",
     "mobile display", "general display"),
]

_TYPES = [
    ("content marketing", "内容营销",
     "create and share valuable articles, images and videos that attract and keep an audience",
     "02_3_content_strategy; 04_4_drivers_prediction"),
    ("social media advertising", "社交媒体广告",
     "paid, targeted placements (by age, place, interest) whose results can be measured",
     "03_2_budget_resources; 04_3_experiments_causal"),
    ("social media optimisation (SMO)", "社交媒体优化",
     "make accounts and posts easier to find and share: profiles, keywords, regular updates, timing",
     "01_2_brand_audit; 02_3_content_strategy"),
    ("social listening", "社交媒体聆听",
     "monitor and analyse what people say about the brand and its market",
     "04_5_feedback_sentiment; 03_3_monitoring_risk"),
    ("influencer marketing", "影响力者营销",
     "work with opinion leaders (KOL, 意见领袖) to reach their followers",
     "02_4_campaigns_influencers_community"),
    ("community building", "社区建设",
     "create and run an online community where members talk to the brand and to each other",
     "02_4_campaigns_influencers_community; 03_3_monitoring_risk"),
]


def traits() -> pd.DataFrame:
    """Definitions and traits of social media and of social media marketing (SMM).

    Returns
    -------
    DataFrame with columns ``subject`` ("social media" or "social media
    marketing"), ``trait`` (the first row of each subject is its
    ``definition``), ``term_zh``, ``meaning`` and ``source``.

    >>> t = traits()
    >>> t.groupby("subject").size().to_dict()
    {'social media': 5, 'social media marketing': 7}
    """
    return pd.DataFrame(_TRAITS, columns=["subject", "trait", "term_zh", "meaning", "source"])


def smm_vs_traditional() -> pd.DataFrame:
    """Social media marketing against traditional marketing, dimension by dimension.

    Paraphrased from seed 002 §二.3 (spread, interaction, cost); the
    ``measurement`` row is the course's addition (see chapter 4).

    >>> smm_vs_traditional()["dimension"].tolist()
    ['how messages spread', 'interaction', 'cost', 'measurement']
    """
    df = pd.DataFrame(_VS, columns=["dimension", "dimension_zh", "traditional", "social"])
    df["source"] = [SEED_002_CMP] * 3 + ["course authors (chapter 4)"]
    return df


def history_eras() -> pd.DataFrame:
    """The four eras of social media, with approximate start and end years.

    The eras follow seed 001 §01 (blogs and forums, Web 2.0, mobile) and add the
    short-video and live era named in the course outline. Era boundaries are
    **approximate** (``basis`` is "approximate (illustrative)"): eras overlap
    and differ between countries.

    >>> history_eras().set_index("era")["start"].to_dict()["forums and blogs"]
    1995
    """
    df = pd.DataFrame(_ERAS, columns=["era", "era_zh", "start", "end", "examples"])
    df["basis"] = "approximate (illustrative)"
    df["source"] = [SEED_001] * 3 + ["course outline (issue 4); seed 001 §05 (短视频与直播)"]
    return df


def milestones(platforms: pd.DataFrame | None = None, *, market: str | None = None) -> pd.DataFrame:
    """Dated milestones: technology and history markers plus platform launch years.

    Parameters
    ----------
    platforms : the platform catalogue (``data.load("platforms")``); its
        ``launched`` column gives one row per platform. ``None`` gives the
        markers only.
    market : keep only the markers and platforms of this market ("cn" or
        "global"); markers marked "both" (e.g. the iPhone) are kept for either.
        ``None`` keeps everything.

    Returns
    -------
    DataFrame with ``year``, ``event``, ``kind`` ("marker" or "launch"),
    ``platform`` (id, empty for markers), ``market`` ("cn", "global" or, for a
    marker that matters to both, "both"), ``basis`` and ``source``, sorted by
    year.

    >>> milestones()["year"].tolist()
    [1999, 1999, 2004, 2005, 2007, 2013]
    >>> milestones(market="global")["event"].tolist()
    ['Blogger launched', "'Web 2.0' conference", 'iPhone announced']
    >>> milestones(pd.DataFrame({"platform": ["weibo"], "name": ["Weibo"], "market": ["cn"],
    ...                          "launched": [2009]}), market="cn")["event"].tolist()[-2:]
    ['Weibo launched', '4G licences in China']
    """
    tech = pd.DataFrame(_MILESTONES, columns=["year", "event", "market", "source"])
    tech["kind"] = "marker"
    tech["platform"] = ""
    tech["basis"] = "documented"
    if market is not None:
        market = check_market(market)
        tech = tech[tech["market"].isin([market, "both"])]
    if platforms is None:
        out = tech
    else:
        check_frame(platforms, "platforms")
        require_columns(platforms, ["platform", "name", "market", "launched"], "platforms")
        rows = platforms
        if market is not None:
            rows = platforms[platforms["market"] == market]
        if rows["launched"].isna().any():
            bad = rows.loc[rows["launched"].isna(), "platform"].tolist()
            raise ValueError(f"platforms: column 'launched' is missing for {bad}")
        launch = pd.DataFrame({
            "year": rows["launched"].astype(int).to_numpy(),
            "event": (rows["name"] + " launched").to_numpy(),
            "kind": "launch",
            "platform": rows["platform"].to_numpy(),
            "market": rows["market"].to_numpy(),
            "basis": "documented",
            "source": "datasets/platforms.csv (column launched)",
        })
        out = pd.concat([tech, launch], ignore_index=True)
    cols = ["year", "event", "kind", "platform", "market", "basis", "source"]
    return out[cols].sort_values("year", kind="stable").reset_index(drop=True)


_CPM_COLUMNS = ["medium", "medium_zh", "cpm_low_usd", "cpm_mid_usd", "cpm_high_usd", "what",
                "low_buy", "high_buy", "basis", "source"]


def _cpm_table(rows: list) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["medium", "medium_zh", "cpm_low_usd", "cpm_high_usd", "what",
                                     "low_buy", "high_buy"])
    df["cpm_mid_usd"] = (df["cpm_low_usd"] + df["cpm_high_usd"]) / 2
    df["basis"] = "sourced US medians, Jan 2022 (indicative, not your market's prices)"
    df["source"] = OAAA_2022
    return df[_CPM_COLUMNS]


def traditional_cpm() -> pd.DataFrame:
    """Cost per thousand impressions (CPM, 千次展示成本) of traditional media.

    US benchmarks from Solomon Partners for the OAAA (data as of January 2022):
    median CPMs by medium and buy type. A range (``cpm_low_usd`` to
    ``cpm_high_usd``) spans the cheapest to the dearest buy type reported for
    the medium (named in ``low_buy`` and ``high_buy``); a single median has
    low = high. ``cpm_mid_usd`` is the **midpoint** of that range, not a median
    of anything: for TV and outdoor it lies between two buy types' medians.
    These are **indicative** figures from one market and year: real prices
    depend on country, season, audience and how the audience is counted
    (ratings, circulation, traffic counts), so ``basis`` says so.

    >>> traditional_cpm().set_index("medium")["cpm_mid_usd"].round(2).to_dict()
    {'TV': 24.0, 'print': 46.82, 'radio': 6.75, 'outdoor': 4.84}
    """
    return _cpm_table(_TRADITIONAL)


def display_cpm() -> pd.DataFrame:
    """CPM of digital display (banner) ads from the same benchmark as :func:`traditional_cpm`.

    The OAAA/Solomon Partners benchmark did not cover social media; its
    digital display medians (mobile display $2.21, general display $2.27,
    US, January 2022, as reported by Inside Audio Marketing, 2022) are the
    nearest *sourced* comparison for the catalogue's illustrative social CPMs.
    Same columns as :func:`traditional_cpm`.

    >>> row = display_cpm().iloc[0]
    >>> row["medium"], float(row["cpm_low_usd"]), float(row["cpm_high_usd"])
    ('digital display', 2.21, 2.27)
    """
    return _cpm_table(_DISPLAY)


def reach_cost(platforms: pd.DataFrame, *, market: str, display: bool = True) -> pd.DataFrame:
    """Social platforms' CPM next to traditional media's, in one tidy frame.

    Parameters
    ----------
    platforms : the catalogue, with ``cpm_usd`` (USD per 1,000 impressions).
    market : "cn" or "global".
    display : add the sourced digital display benchmark (:func:`display_cpm`)
        as a row of kind "digital display".

    Returns
    -------
    DataFrame with ``channel`` (platform display name or medium), ``kind``
    ("social", "traditional" or "digital display"), ``cpm_low_usd``,
    ``cpm_mid_usd`` (for a range: its midpoint), ``cpm_high_usd`` (equal for a
    platform's single value) and ``basis``, sorted by ``cpm_mid_usd``.

    >>> p = pd.DataFrame({"platform": ["a"], "name": ["A"], "market": ["cn"], "cpm_usd": [3.0],
    ...                   "figures_basis": ["illustrative"]})
    >>> reach_cost(p, market="cn", display=False)[["channel", "kind"]].iloc[0].tolist()
    ['A', 'social']
    """
    rows = _market_rows(platforms, market, ["platform", "name", "market", "cpm_usd", "figures_basis"])
    if (rows["cpm_usd"].astype(float) <= 0).any() or rows["cpm_usd"].isna().any():
        raise ValueError("platforms: column 'cpm_usd' must be positive for every platform")
    social = pd.DataFrame({"channel": rows["name"].to_numpy(), "kind": "social",
                           "cpm_low_usd": rows["cpm_usd"].astype(float).to_numpy(),
                           "cpm_mid_usd": rows["cpm_usd"].astype(float).to_numpy(),
                           "cpm_high_usd": rows["cpm_usd"].astype(float).to_numpy(),
                           "basis": rows["figures_basis"].to_numpy()})
    frames = [social, traditional_cpm().assign(kind="traditional")]
    if display:
        frames.append(display_cpm().assign(kind="digital display"))
    cols = ["channel", "kind", "cpm_low_usd", "cpm_mid_usd", "cpm_high_usd", "basis"]
    frames[1:] = [f.rename(columns={"medium": "channel"})[cols] for f in frames[1:]]
    return (pd.concat(frames, ignore_index=True)[cols]
            .sort_values("cpm_mid_usd", kind="stable").reset_index(drop=True))


def cpm_standing(cost: pd.DataFrame) -> pd.DataFrame:
    """For each non-social row of :func:`reach_cost`: how many platforms are cheaper, and which are not.

    Compares each platform's CPM with the medium's ``cpm_mid_usd`` (the
    midpoint of its buy types) and with its ``cpm_low_usd`` (its cheapest buy
    type).

    Returns
    -------
    DataFrame with ``channel``, ``kind``, ``cpm_low_usd``, ``cpm_mid_usd``,
    ``platforms`` (number of social rows), ``cheaper_than_mid`` (platforms
    whose CPM is below the medium's midpoint), ``cheaper_than_low`` (below its
    cheapest buy type) and ``dearer`` (the platforms at or above the midpoint,
    "name ($x.xx)" joined by ", "; empty when none), in the order of ``cost``.

    >>> cost = pd.DataFrame({"channel": ["A", "B", "TV"], "kind": ["social", "social", "traditional"],
    ...                      "cpm_low_usd": [2.0, 30.0, 12.0], "cpm_mid_usd": [2.0, 30.0, 24.0],
    ...                      "cpm_high_usd": [2.0, 30.0, 36.0]})
    >>> tv = cpm_standing(cost).iloc[0]
    >>> tv["channel"], int(tv["cheaper_than_mid"]), int(tv["cheaper_than_low"]), tv["dearer"]
    ('TV', 1, 1, 'B ($30.00)')
    """
    check_frame(cost, "cost")
    require_columns(cost, ["channel", "kind", "cpm_low_usd", "cpm_mid_usd"], "cost")
    social = cost[cost["kind"] == "social"]
    if social.empty:
        raise ValueError("cost: no rows of kind 'social' to compare")
    media = cost[cost["kind"] != "social"]
    price = social["cpm_mid_usd"].to_numpy(dtype=float)
    label = (social["channel"] + " ($" + social["cpm_mid_usd"].map("{:.2f}".format) + ")").to_numpy()
    mid = media["cpm_mid_usd"].to_numpy(dtype=float)[:, None]
    low = media["cpm_low_usd"].to_numpy(dtype=float)[:, None]
    dearer = price[None, :] >= mid
    out = media[["channel", "kind", "cpm_low_usd", "cpm_mid_usd"]].reset_index(drop=True)
    out["platforms"] = len(social)
    out["cheaper_than_mid"] = (~dearer).sum(axis=1)
    out["cheaper_than_low"] = (price[None, :] < low).sum(axis=1)
    out["dearer"] = [", ".join(label[row]) for row in dearer]
    return out


def smm_types() -> pd.DataFrame:
    """The six main types of social media marketing and where the course practises each.

    ``practised_in`` lists notebook stems (``;``-separated) from
    ``course_lib.curriculum``.

    >>> smm_types().shape
    (6, 5)
    """
    df = pd.DataFrame(_TYPES, columns=["type", "type_zh", "what", "practised_in"])
    df["source"] = SEED_002_TYPES
    return df


# ---------------------------------------------------------------------------
# helpers on the platform catalogue


def _market_rows(platforms: pd.DataFrame, market: str | None, columns: list[str]) -> pd.DataFrame:
    check_frame(platforms, "platforms")
    require_columns(platforms, columns, "platforms")
    if market is None:
        return platforms
    rows = platforms[platforms["market"] == check_market(market)]
    if rows.empty:
        raise ValueError(f"platforms has no rows for market {market!r}")
    return rows


def age_mix(platforms: pd.DataFrame, *, market: str | None = None) -> pd.DataFrame:
    """The audience age mix as a tidy frame: one row per platform and age band.

    Parameters
    ----------
    platforms : the platform catalogue, with ``platform``, ``name``, ``market``
        and the four columns of :data:`AGE_BANDS` (shares 0-1).
    market : keep one market; ``None`` keeps all.

    Returns
    -------
    DataFrame with ``platform``, ``name``, ``age_band`` (an ordered
    categorical of the labels in :data:`AGE_LABELS`) and ``share``.
    Raises ``ValueError`` when a share is outside 0-1 or a platform's shares do
    not sum to 1 (within 0.011, for rounding).

    >>> p = pd.DataFrame({"platform": ["a"], "name": ["A"], "market": ["cn"], "age_18_24": [0.4],
    ...                   "age_25_34": [0.3], "age_35_44": [0.2], "age_45_plus": [0.1]})
    >>> age_mix(p)["share"].tolist()
    [0.4, 0.3, 0.2, 0.1]
    """
    rows = _market_rows(platforms, market, ["platform", "name", "market", *AGE_BANDS])
    shares = rows[list(AGE_BANDS)].astype(float)
    if ((shares < 0) | (shares > 1)).any().any() or shares.isna().any().any():
        raise ValueError("platforms: age shares must be numbers between 0 and 1")
    total = shares.sum(axis=1)
    off = rows.loc[(total - 1).abs() > 0.011, "platform"].tolist()
    if off:
        raise ValueError(f"platforms: age shares of {off} do not sum to 1")
    long = rows[["platform", "name", *AGE_BANDS]].melt(
        id_vars=["platform", "name"], var_name="age_band", value_name="share")
    long["age_band"] = pd.Categorical(long["age_band"].map(AGE_LABELS),
                                      categories=list(AGE_LABELS.values()), ordered=True)
    return long.sort_values(["platform", "age_band"], kind="stable").reset_index(drop=True)


def users_in_band(platforms: pd.DataFrame, *, band: str = "age_18_24",
                  market: str | None = None) -> pd.DataFrame:
    """Estimated users of an age band per platform: ``mau_millions`` x band share.

    A rough estimate: it assumes the age mix applies to the monthly active
    users and mixes the MAU dates and definitions noted in ``mau_source``.
    Platforms without a published MAU get a missing value (not zero).

    Parameters
    ----------
    band : one of :data:`AGE_BANDS`.

    Returns
    -------
    DataFrame with ``platform``, ``name``, ``mau_millions``, ``share`` and
    ``users_millions``, largest first (missing last).

    >>> p = pd.DataFrame({"platform": ["a", "b"], "name": ["A", "B"], "market": ["cn", "cn"],
    ...                   "mau_millions": [100, None], "age_18_24": [0.5, 0.9]})
    >>> users_in_band(p)["users_millions"].tolist()
    [50.0, nan]
    """
    if band not in AGE_BANDS:
        raise ValueError(f"band must be one of {list(AGE_BANDS)}, got {band!r}")
    rows = _market_rows(platforms, market, ["platform", "name", "mau_millions", band])
    out = pd.DataFrame({
        "platform": rows["platform"].to_numpy(),
        "name": rows["name"].to_numpy(),
        "mau_millions": rows["mau_millions"].astype("float64").to_numpy(),
        "share": rows[band].astype("float64").to_numpy(),
    })
    out["users_millions"] = out["mau_millions"] * out["share"]
    return out.sort_values("users_millions", ascending=False, na_position="last").reset_index(drop=True)


def lead_format(platforms: pd.DataFrame) -> pd.Series:
    """Each platform's lead format: the first entry of ``main_formats``.

    >>> lead_format(pd.DataFrame({"platform": ["a"], "main_formats": ["video;live"]})).to_dict()
    {'a': 'video'}
    """
    check_frame(platforms, "platforms")
    require_columns(platforms, ["platform", "main_formats"], "platforms")
    lead = platforms["main_formats"].astype(str).str.split(";").str[0].str.strip()
    return pd.Series(lead.to_numpy(), index=platforms["platform"].to_numpy(), name="lead_format")


def format_fit(posts: pd.DataFrame, platforms: pd.DataFrame) -> pd.DataFrame:
    """How much of a brand's posting on each platform uses the platform's lead format.

    Parameters
    ----------
    posts : one row per post, with ``platform`` and ``format``.
    platforms : the catalogue, with ``platform`` and ``main_formats``.

    Returns
    -------
    DataFrame indexed by platform with ``posts``, ``lead_format`` (from
    :func:`lead_format`), ``lead_share`` (share of the brand's posts in that
    format), ``top_format`` (the format the brand posts most) and ``fits``
    (``top_format == lead_format``). Raises ``ValueError`` when a platform in
    ``posts`` is missing from ``platforms``.

    >>> posts = pd.DataFrame({"platform": ["a", "a", "a"], "format": ["video", "text", "text"]})
    >>> fit = format_fit(posts, pd.DataFrame({"platform": ["a"], "main_formats": ["video;text"]}))
    >>> round(float(fit.at["a", "lead_share"]), 3), fit.at["a", "top_format"], bool(fit.at["a", "fits"])
    (0.333, 'text', False)
    """
    check_frame(posts, "posts")
    require_columns(posts, ["platform", "format"], "posts")
    lead = lead_format(platforms)
    unknown = sorted(set(posts["platform"]) - set(lead.index))
    if unknown:
        raise ValueError(f"posts: platform(s) {unknown} are not in platforms")
    counts = pd.crosstab(posts["platform"], posts["format"])
    shares = counts.div(counts.sum(axis=1), axis=0)
    out = pd.DataFrame({"posts": counts.sum(axis=1)})
    out["lead_format"] = lead.reindex(out.index)
    stacked = shares.stack()
    where = pd.MultiIndex.from_arrays([out.index, out["lead_format"]])
    out["lead_share"] = stacked.reindex(where).fillna(0.0).to_numpy()
    out["top_format"] = shares.idxmax(axis=1)
    out["fits"] = out["top_format"] == out["lead_format"]
    out.index.name = "platform"
    return out
