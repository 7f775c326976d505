"""Tests of the scenario simulator: API, schema, determinism, validation.

The "is the truth recoverable" tests are in ``test_sim_truth.py``.
"""
from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib.markets import FORMATS, MARKETS
from course_lib.sim import TABLES, Bundle, Scenario, Truth, default_truth, simulate
from course_lib.sim.posts import paid_reach_gain

STR = "str"
INT = "int64"
FLOAT = "float64"
DATE = "datetime64[us]"
BOOL = "bool"

SCHEMA: dict[str, dict[str, str]] = {
    "users": {
        "user_id": STR, "segment": STR, "age_band": STR, "gender": STR, "city_tier": INT,
        "interests": STR, "peak_hour": INT, "preferred_platform": STR, "signup_date": DATE,
        "last_active_date": DATE, "sessions_per_week": FLOAT, "likes": INT, "comments": INT,
        "shares": INT, "orders": INT, "spend": FLOAT, "last_order_date": DATE,
    },
    "posts": {
        "post_id": STR, "timestamp": DATE, "platform": STR, "format": STR, "topic": STR,
        "trending": BOOL, "influencer": BOOL, "campaign_id": STR, "paid_spend": FLOAT,
        "impressions": INT, "reach": INT, "likes": INT, "comments": INT, "shares": INT,
        "saves": INT, "clicks": INT, "conversions": INT, "revenue": FLOAT, "follows": INT,
        "unfollows": INT,
    },
    "daily_metrics": {
        "date": DATE, "platform": STR, "followers": INT, "follows": INT, "unfollows": INT,
        "posts": INT, "impressions": INT, "reach": INT, "engagements": INT, "clicks": INT,
        "conversions": INT, "revenue": FLOAT, "paid_spend": FLOAT,
    },
    "comments": {
        "comment_id": STR, "post_id": STR, "user_id": STR, "timestamp": DATE, "platform": STR,
        "text": STR, "text_en": STR, "sentiment": STR,
    },
    "campaigns": {
        "campaign_id": STR, "name": STR, "kind": STR, "objective": STR, "platforms": STR,
        "start_date": DATE, "end_date": DATE, "budget": FLOAT, "spend": FLOAT,
    },
    "ab_tests": {
        "test_id": STR, "test_name": STR, "platform": STR, "date": DATE, "variant": STR,
        "exposed": INT, "clicks": INT, "conversions": INT,
    },
    "survey": {
        "respondent_id": STR, "user_id": STR, "date": DATE, "segment": STR, "platform": STR,
        "satisfaction": INT, "nps": INT, "pain_point": STR,
    },
    "competitors": {
        "week_start": DATE, "company": STR, "is_brand": BOOL, "followers": INT, "posts": INT,
        "engagements": INT, "mentions": INT,
    },
    "community": {
        "week_start": DATE, "members": INT, "new_members": INT, "left_members": INT,
        "weekly_active": INT, "posts": INT, "comments": INT, "pulse_responses": INT,
        "satisfied": INT,
    },
    "influencers": {
        "influencer_id": STR, "handle": STR, "platform": STR, "followers": INT,
        "avg_likes": INT, "avg_comments": INT, "engagement_rate": FLOAT,
        "follower_growth_90d": FLOAT, "max_daily_gain": INT, "audience_fit": FLOAT,
        "price": FLOAT,
    },
}
SIGNED = {("influencers", "follower_growth_90d")}  # floats that may be negative
DATE_COLUMNS = {  # columns that must lie inside the scenario period
    "posts": ["timestamp"], "daily_metrics": ["date"], "comments": ["timestamp"],
    "campaigns": ["start_date", "end_date"], "ab_tests": ["date"], "survey": ["date"],
    "competitors": ["week_start"], "community": ["week_start"],
    "users": ["last_order_date"],
}
ID_PATTERNS = {
    ("users", "user_id"): r"U\d{6}", ("posts", "post_id"): r"P\d{5}",
    ("comments", "comment_id"): r"CM\d{6}", ("comments", "user_id"): r"U\d{6}",
    ("survey", "respondent_id"): r"R\d{5}", ("influencers", "influencer_id"): r"I\d{3}",
    ("campaigns", "campaign_id"): r"CA\d{2}", ("ab_tests", "test_id"): r"T\d{2}",
}


def csv_bytes(bundle: Bundle) -> dict[str, bytes]:
    return {name: frame.to_csv(index=False).encode() for name, frame in bundle.tables.items()}


# ---------------------------------------------------------------- API shape
def test_api_shape(cn: Bundle) -> None:
    assert isinstance(cn, Bundle)
    assert list(cn.tables) == list(TABLES)
    assert isinstance(cn.truth, Truth)
    assert cn.scenario == Scenario(market="cn", seed=2024)
    assert cn["posts"] is cn.tables["posts"]
    with pytest.raises(KeyError, match="available: users"):
        cn["tweets"]


def test_default_scenario() -> None:
    sc = Scenario()
    assert (sc.brand, sc.market, sc.start, sc.days, sc.seed) == ("Lumo Tea", "cn", "2025-01-01", 365, 2024)
    assert sc.effects == default_truth("cn")
    assert hash(sc) == hash(Scenario())  # usable as a cache key
    with pytest.raises(dataclasses.FrozenInstanceError):
        sc.seed = 1  # type: ignore[misc]


@pytest.mark.parametrize("name", TABLES)
def test_schema(bundle: Bundle, name: str) -> None:
    frame = bundle.tables[name]
    assert list(frame.columns) == list(SCHEMA[name])
    got = {c: str(frame[c].dtype) for c in frame.columns}
    assert got == SCHEMA[name]
    assert len(frame) > 0


@pytest.mark.parametrize("name", TABLES)
def test_counts_non_negative_and_floats_rounded(bundle: Bundle, name: str) -> None:
    frame = bundle.tables[name]
    for col in frame.columns:
        if frame[col].dtype == np.int64:
            assert (frame[col] >= 0).all(), col
        if frame[col].dtype == np.float64:
            values = frame[col].dropna().to_numpy()
            if (name, col) not in SIGNED:
                assert (values >= 0).all(), col
            assert np.allclose(values, np.round(values, 4), rtol=0, atol=1e-9), col


@pytest.mark.parametrize("name", sorted(DATE_COLUMNS))
def test_dates_inside_period(bundle: Bundle, name: str) -> None:
    sc = bundle.scenario
    end = sc.end + pd.Timedelta(days=1)
    for col in DATE_COLUMNS[name]:
        values = bundle.tables[name][col].dropna()
        assert (values >= sc.start_ts).all() and (values < end).all(), (name, col)


def test_ids(bundle: Bundle) -> None:
    for (table, col), pattern in ID_PATTERNS.items():
        values = bundle.tables[table][col]
        assert values.str.fullmatch(pattern).all(), (table, col)
    for table, col in [("users", "user_id"), ("posts", "post_id"), ("comments", "comment_id"),
                       ("survey", "respondent_id"), ("influencers", "influencer_id")]:
        assert bundle.tables[table][col].is_unique, (table, col)


def test_categories(bundle: Bundle) -> None:
    plats = set(MARKETS[bundle.scenario.market])
    t = bundle.tables
    for table in ("posts", "daily_metrics", "comments", "ab_tests", "survey", "influencers"):
        assert set(t[table]["platform"]) <= plats, table
    assert set(t["users"]["preferred_platform"]) <= plats
    assert set(t["posts"]["format"]) == set(FORMATS)
    assert set(t["comments"]["sentiment"]) == {"positive", "neutral", "negative"}
    assert set(t["ab_tests"]["variant"]) == {"A", "B"}
    assert t["survey"]["satisfaction"].between(1, 5).all()
    assert t["survey"]["nps"].between(0, 10).all()
    assert t["users"]["peak_hour"].between(0, 23).all()
    assert t["users"]["city_tier"].between(1, 4).all()
    assert (t["users"]["interests"].str.len() > 0).all()
    for campaign in t["campaigns"]["platforms"]:
        assert set(campaign.split(";")) <= plats


def test_post_invariants(bundle: Bundle) -> None:
    p = bundle.tables["posts"]
    engagements = p[["likes", "comments", "shares", "saves"]].sum(axis=1)
    assert (p["reach"] <= p["impressions"]).all()
    assert (engagements <= p["reach"]).all()
    assert (p["clicks"] <= engagements).all()
    assert (p["conversions"] <= p["clicks"]).all()
    assert ((p["conversions"] == 0) == (p["revenue"] == 0)).all()
    assert p["timestamp"].is_monotonic_increasing
    assert (p["timestamp"].dt.second == 0).all()
    # campaign ids only inside a campaign, on its platforms
    camps = bundle.tables["campaigns"].set_index("campaign_id")
    tagged = p.dropna(subset=["campaign_id"])
    assert len(tagged) > 0
    for cid, rows in tagged.groupby("campaign_id"):
        c = camps.loc[cid]
        assert rows["timestamp"].dt.normalize().between(c["start_date"], c["end_date"]).all()
        assert set(rows["platform"]) <= set(c["platforms"].split(";"))


def test_daily_accounting(bundle: Bundle) -> None:
    sc, t = bundle.scenario, bundle.truth
    d = bundle.tables["daily_metrics"]
    assert len(d) == sc.days * len(sc.platforms)
    wide = {c: d.pivot(index="date", columns="platform", values=c)[list(sc.platforms)]
            for c in ("followers", "follows", "unfollows", "posts", "reach")}
    start = pd.Series(dict(t.growth.start_followers))[list(sc.platforms)]
    previous = wide["followers"].shift(1)
    previous.iloc[0] = start.to_numpy()
    pdt.assert_frame_equal(
        wide["followers"], (previous + wide["follows"] - wide["unfollows"]).astype("int64"),
        check_names=False,
    )
    posts = bundle.tables["posts"]
    assert d["posts"].sum() == len(posts)
    assert d["reach"].sum() == posts["reach"].sum()
    assert d["revenue"].sum() == pytest.approx(posts["revenue"].sum(), abs=0.05)
    assert (d["follows"].groupby(d["platform"]).sum()
            >= posts["follows"].groupby(posts["platform"]).sum()).all()


def test_other_tables_consistent(bundle: Bundle) -> None:
    t = bundle.tables
    assert set(t["comments"]["post_id"]) <= set(t["posts"]["post_id"])
    merged = t["comments"].merge(t["posts"][["post_id", "timestamp", "platform"]],
                                 on="post_id", suffixes=("", "_post"))
    assert (merged["timestamp"] >= merged["timestamp_post"]).all()
    assert (merged["platform"] == merged["platform_post"]).all()
    survey = t["survey"].merge(t["users"][["user_id", "segment"]], on="user_id", suffixes=("", "_u"))
    assert len(survey) == len(t["survey"]) and (survey["segment"] == survey["segment_u"]).all()
    ab = t["ab_tests"]
    assert (ab["clicks"] <= ab["exposed"]).all() and (ab["conversions"] <= ab["clicks"]).all()
    com = t["community"]
    assert (com["weekly_active"] <= com["members"]).all()
    assert (com["satisfied"] <= com["pulse_responses"]).all()
    u = t["users"]
    assert (u["signup_date"] <= u["last_active_date"]).all()
    assert ((u["orders"] == 0) == u["last_order_date"].isna()).all()
    assert ((u["orders"] == 0) == (u["spend"] == 0)).all()
    comp = t["competitors"]
    assert comp.groupby("week_start")["is_brand"].sum().eq(1).all()
    # brand followers = all platforms' followers at the end of the week
    d = t["daily_metrics"]
    total = d.groupby("date")["followers"].sum()
    brand = comp[comp["is_brand"]].set_index("week_start")["followers"]
    week_end = brand.index + pd.Timedelta(days=6)
    assert (total.loc[week_end].to_numpy() == brand.to_numpy()).all()


def test_influencer_table_has_no_label(bundle: Bundle) -> None:
    table = bundle.tables["influencers"]
    ids = bundle.truth.influencers.suspicious_ids
    assert not any("suspicious" in c or "fake" in c for c in table.columns)
    assert len(ids) == round(bundle.truth.influencers.suspicious_share * len(table)) > 0
    assert set(ids) <= set(table["influencer_id"])
    # input truth carries no realised ids
    assert bundle.scenario.effects.influencers.suspicious_ids == ()


def test_bundle_size_under_limit(cn: Bundle, glob: Bundle) -> None:
    for bundle in (cn, glob):
        total = sum(len(b) for b in csv_bytes(bundle).values())
        assert total < 12_000_000


# ------------------------------------------------------------- determinism
def test_same_scenario_identical(cn: Bundle) -> None:
    again = simulate(Scenario(market="cn", seed=2024))
    for name in TABLES:
        pdt.assert_frame_equal(cn.tables[name], again.tables[name])
    assert csv_bytes(cn) == csv_bytes(again)
    assert cn.truth == again.truth
    assert json.dumps(cn.truth.to_dict()) == json.dumps(again.truth.to_dict())


def test_different_seed_differs(cn: Bundle) -> None:
    other = simulate(Scenario(market="cn", seed=2025))
    for name in TABLES:
        if name == "campaigns":  # only the actual spend is random
            assert not cn.tables[name]["spend"].equals(other.tables[name]["spend"])
            continue
        assert not cn.tables[name].equals(other.tables[name]), name
    assert cn.truth.influencers.suspicious_ids != other.truth.influencers.suspicious_ids


def test_tables_have_independent_randomness() -> None:
    base = Scenario(days=60)
    more_users = dataclasses.replace(base, n_users=base.n_users + 1)
    t = base.effects
    more_comments = dataclasses.replace(base, effects=dataclasses.replace(
        t, comments=dataclasses.replace(t.comments, per_post=t.comments.per_post * 2)))
    a, b, c = simulate(base), simulate(more_users), simulate(more_comments)
    for name in ("posts", "daily_metrics", "ab_tests", "competitors", "community", "influencers"):
        pdt.assert_frame_equal(a.tables[name], b.tables[name])
    # commenters are drawn among the users, so only user_id may change
    pdt.assert_frame_equal(a.tables["comments"].drop(columns="user_id"),
                           b.tables["comments"].drop(columns="user_id"))
    assert not a.tables["users"].equals(b.tables["users"])
    for name in ("users", "posts", "daily_metrics", "survey", "influencers"):
        pdt.assert_frame_equal(a.tables[name], c.tables[name])
    assert len(c.tables["comments"]) > len(a.tables["comments"])


def test_csv_round_trip_keeps_dtypes(glob: Bundle) -> None:
    import io

    for name, frame in glob.tables.items():
        dates = [c for c, d in SCHEMA[name].items() if d == DATE]
        back = pd.read_csv(io.StringIO(frame.to_csv(index=False)), parse_dates=dates)
        if name == "posts":
            back["campaign_id"] = back["campaign_id"].astype("str")
        pdt.assert_frame_equal(frame, back, check_exact=False, rtol=1e-12)


# ------------------------------------------------------------------ markets
_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_comment_language(cn: Bundle, glob: Bundle) -> None:
    zh = cn.tables["comments"]
    en = glob.tables["comments"]
    assert zh["text"].str.contains(_CJK).mean() > 0.99
    assert not zh["text_en"].str.contains(_CJK).any()
    assert not en["text"].str.contains(_CJK).any()
    assert (en["text"] == en["text_en"]).all()
    assert en["text"].str.contains("[A-Za-z]").all()
    # negations, slang and emoji are part of the vocabulary
    assert zh["text"].str.contains("不太好喝").any() and zh["text"].str.contains("yyds").any()
    assert en["text"].str.contains("Not bad at all").any()
    assert en["text"].str.contains("[\U0001f300-\U0001faff]").any()
    assert cn.truth.currency == "CNY" and glob.truth.currency == "USD"


def test_global_market_platforms(glob: Bundle) -> None:
    assert set(glob.tables["posts"]["platform"]) == set(MARKETS["global"])
    assert glob.tables["daily_metrics"]["platform"].nunique() == len(MARKETS["global"])


# --------------------------------------------------------------- the truth
def test_truth_round_trip(cn: Bundle) -> None:
    data = cn.truth.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    back = Truth.from_dict(json.loads(text))
    assert back == cn.truth
    assert list(data)[:4] == ["market", "currency", "audience", "content"]
    assert json.dumps(back.to_dict()) == json.dumps(data)
    assert hash(back) == hash(cn.truth)


def test_truth_from_dict_errors() -> None:
    data = default_truth("cn").to_dict()
    broken = dict(data)
    del broken["crisis"]
    with pytest.raises(ValueError, match="missing keys \\['crisis'\\]"):
        Truth.from_dict(broken)
    broken = json.loads(json.dumps(data))
    broken["crisis"]["start"] = 3
    with pytest.raises(ValueError, match="Truth.crisis: unknown keys \\['start'\\]"):
        Truth.from_dict(broken)
    with pytest.raises(TypeError, match="expected a dict"):
        Truth.from_dict([1, 2])


def test_truth_can_be_overridden() -> None:
    t = default_truth("cn")
    late = dataclasses.replace(t, crisis=dataclasses.replace(t.crisis, start_day=300))
    b = simulate(Scenario(effects=late, days=330, n_users=200))
    assert b.truth.crisis.start_day == 300
    c = b.tables["comments"]
    day = (c["timestamp"] - b.scenario.start_ts).dt.days
    crisis = day.between(300, 306)
    assert (c[crisis]["sentiment"] == "negative").mean() > 2 * (c[day < 280]["sentiment"] == "negative").mean()


def test_platform_shock_cuts_organic_reach_from_its_day_only() -> None:
    """A rule change cuts reach on its platform from start_day; earlier reach is identical."""
    from course_lib.sim.truth import PlatformShockTruth

    t = default_truth("cn")
    shock = PlatformShockTruth("douyin", start_day=40, reach_multiplier=0.4)
    base = simulate(Scenario(days=80, n_users=200)).tables["posts"]
    hit = simulate(Scenario(days=80, n_users=200, effects=dataclasses.replace(t, shocks=(shock,)))).tables["posts"]
    day = (base["timestamp"] - pd.Timestamp("2025-01-01")).dt.days
    before = day < 40
    cols = ["post_id", "timestamp", "platform", "format", "impressions", "reach"]
    pdt.assert_frame_equal(base.loc[before, cols], hit.loc[before, cols])
    after = ~before & (base["platform"] == "douyin") & (base["paid_spend"] == 0)
    ratio = hit.loc[after, "reach"].sum() / base.loc[after, "reach"].sum()
    assert 0.38 < ratio < 0.42
    other = ~before & (base["platform"] == "weibo")
    pdt.assert_series_equal(base.loc[other, "reach"], hit.loc[other, "reach"])


def test_truth_without_shocks_key_loads_and_bad_shock_is_named() -> None:
    from course_lib.sim.truth import PlatformShockTruth

    data = default_truth("cn").to_dict()
    assert data["shocks"] == []
    del data["shocks"]
    assert Truth.from_dict(data) == default_truth("cn")
    t = default_truth("cn")
    with pytest.raises(ValueError, match=r"effects\.shocks\[0\]\.platform: unknown 'tiktok'"):
        Scenario(effects=dataclasses.replace(t, shocks=(PlatformShockTruth("tiktok", 10, 0.5),)))
    with pytest.raises(ValueError, match=r"effects\.shocks\[0\]\.reach_multiplier: must be positive"):
        Scenario(effects=dataclasses.replace(t, shocks=(PlatformShockTruth("weibo", 10, 0.0),)))


# ------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"market": "mars"}, ValueError, r"Scenario\.market: unknown market 'mars'; allowed: cn, global"),
        ({"market": None}, ValueError, r"Scenario\.market"),
        ({"days": 0}, ValueError, r"Scenario\.days: must be a positive int"),
        ({"days": -5}, ValueError, r"Scenario\.days"),
        ({"days": 10.0}, TypeError, r"Scenario\.days: expected a positive int"),
        ({"days": True}, TypeError, r"Scenario\.days"),
        ({"seed": -1}, ValueError, r"Scenario\.seed: must be a non-negative int"),
        ({"seed": "1"}, TypeError, r"Scenario\.seed: expected a non-negative int"),
        ({"seed": 1.5}, TypeError, r"Scenario\.seed"),
        ({"start": "2025-13-01"}, ValueError, r"Scenario\.start: '2025-13-01' is not an ISO date"),
        ({"start": 20250101}, TypeError, r"Scenario\.start"),
        ({"n_users": 0}, ValueError, r"Scenario\.n_users"),
        ({"posts_per_day": 0}, ValueError, r"Scenario\.posts_per_day"),
        ({"posts_per_day": float("nan")}, ValueError, r"Scenario\.posts_per_day"),
        ({"posts_per_day": "many"}, TypeError, r"Scenario\.posts_per_day"),
        ({"brand": ""}, TypeError, r"Scenario\.brand"),
        ({"effects": {"a": 1}}, TypeError, r"Scenario\.effects: expected a course_lib\.sim\.Truth"),
        ({"market": "global", "effects": default_truth("cn")}, ValueError,
         r"effects: truth is for market 'cn' but the scenario market is 'global'"),
    ],
)
def test_bad_scenario(kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        Scenario(**kwargs)


def test_bad_truth_platform_is_named() -> None:
    t = default_truth("cn")
    bad = dataclasses.replace(t, campaigns=(dataclasses.replace(t.campaigns[0], platforms=("tiktok",)),))
    with pytest.raises(ValueError, match=r"effects\.campaigns\[CA01\]\.platforms: unknown \['tiktok'\]"):
        Scenario(effects=bad)


def test_start_accepts_date_and_simulate_checks_type() -> None:
    import datetime as dt

    assert Scenario(start=dt.date(2024, 3, 1)).start == "2024-03-01"
    with pytest.raises(TypeError, match="simulate: expected a course_lib.sim.Scenario"):
        simulate({"market": "cn"})  # type: ignore[arg-type]


# ------------------------------------------------------- small scenarios
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32),
    market=st.sampled_from(sorted(MARKETS)),
    days=st.integers(1, 45),
    posts_per_day=st.floats(0.2, 20),
)
def test_invariants_hold_for_any_small_scenario(seed: int, market: str, days: int, posts_per_day: float) -> None:
    sc = Scenario(market=market, seed=seed, days=days, n_users=300, posts_per_day=posts_per_day,
                  start="2025-06-20")
    b = simulate(sc)
    for name in TABLES:
        frame = b.tables[name]
        assert list(frame.columns) == list(SCHEMA[name])
        assert {c: str(frame[c].dtype) for c in frame.columns} == SCHEMA[name], name
        for col in frame.columns:
            if frame[col].dtype == np.int64:
                assert (frame[col] >= 0).all(), (name, col)
    p = b.tables["posts"]
    assert (p["reach"] <= p["impressions"]).all() and (p["conversions"] <= p["clicks"]).all()
    end = sc.end + pd.Timedelta(days=1)
    for name, cols in DATE_COLUMNS.items():
        for col in cols:
            v = b.tables[name][col].dropna()
            assert ((v >= sc.start_ts) & (v < end)).all(), (name, col)
    assert len(b.tables["daily_metrics"]) == days * len(sc.platforms)


def test_paid_reach_gain_is_concave() -> None:
    spend = np.linspace(0, 5000, 51)
    gain = paid_reach_gain(spend, a=10_000, b=300)
    steps = np.diff(gain)
    assert gain[0] == 0 and (steps > 0).all() and (np.diff(steps) < 0).all()


# ------------------------------------------------- cross-table consistency
@pytest.mark.parametrize("market", sorted(MARKETS))
def test_default_crisis_clear_of_seasonal_peak_and_campaigns(market: str) -> None:
    # default scenarios start on 1 January, so day offset == day of year
    t = default_truth(market)
    c = t.crisis
    first, last = c.start_day, c.start_day + c.peak_days + c.recovery_days
    assert 365 // 2 <= first and last < 365  # second half of the year
    assert not first <= t.growth.seasonality_peak_day <= last
    for camp in t.campaigns:
        camp_last = camp.start_day + camp.days - 1
        assert last < camp.start_day or camp_last < first, camp.campaign_id


def test_comments_only_by_users_who_had_signed_up(bundle: Bundle) -> None:
    c = bundle.tables["comments"].merge(bundle.tables["users"][["user_id", "signup_date"]],
                                        on="user_id", how="left")
    assert len(c) == len(bundle.tables["comments"]) and c["signup_date"].notna().all()
    assert (c["timestamp"].dt.normalize() >= c["signup_date"]).all()
    # still spread over many users, old and new
    assert c["user_id"].nunique() > 0.3 * len(bundle.tables["users"])
    assert (c["signup_date"] >= bundle.scenario.start_ts).mean() > 0.05


def test_comments_guard_when_nobody_has_signed_up_yet() -> None:
    from course_lib.sim.audience import simulate_users
    from course_lib.sim.comments import simulate_comments
    from course_lib.sim.posts import simulate_posts

    sc = Scenario(days=20, n_users=50)
    users, posts = simulate_users(sc), simulate_posts(sc)
    full = simulate_comments(sc, posts, users)
    day10 = sc.start_ts + pd.Timedelta(days=10)
    late = simulate_comments(sc, posts, users.assign(signup_date=day10))
    assert 0 < len(late) < len(full)
    assert (late["timestamp"] >= day10).all()
    assert late["comment_id"].tolist() == [f"CM{i:06d}" for i in range(1, len(late) + 1)]
    never = simulate_comments(sc, posts, users.assign(signup_date=sc.end + pd.Timedelta(days=1)))
    assert len(never) == 0 and list(never.columns) == list(full.columns)


def test_survey_answers_after_signup(bundle: Bundle) -> None:
    s = bundle.tables["survey"].merge(bundle.tables["users"][["user_id", "signup_date"]],
                                      on="user_id", how="left")
    assert (s["date"] >= s["signup_date"]).all()
    assert (s["date"] >= bundle.scenario.start_ts).all()
    assert s["date"].dt.month.nunique() == 12  # still spread over the year


def _crisis_phrases(brand: str) -> list[str]:
    """Longest literal piece of each crisis template's English text."""
    from course_lib.sim.phrasebook import TEMPLATES

    out = []
    for _, _, tag, _, en in TEMPLATES:
        if tag == "crisis":
            pieces = re.split(r"\{\w+\}", en.replace("{brand}", brand))
            out.append(max((p.strip() for p in pieces), key=len))
    return out


def test_no_crisis_comments_before_the_crisis(bundle: Bundle) -> None:
    c = bundle.tables["comments"]
    phrases = _crisis_phrases(bundle.scenario.brand)
    assert len(phrases) >= 5
    is_crisis = c["text_en"].str.contains("|".join(map(re.escape, phrases)))
    day = (c["timestamp"] - bundle.scenario.start_ts).dt.days
    start = bundle.truth.crisis.start_day
    assert not is_crisis[day < start].any()
    assert is_crisis[day.between(start, start + 6)].mean() > 0.3  # but common in the crisis
    assert not c.loc[day < start, "text_en"].str.contains("leak", case=False).any()


def test_last_order_date_consistent_with_orders(bundle: Bundle) -> None:
    u = bundle.tables["users"]
    assert ((u["orders"] == 0) == u["last_order_date"].isna()).all()
    buyers = u[u["orders"] > 0]
    assert (buyers["last_order_date"] >= buyers["signup_date"]).all()
    assert (buyers["last_order_date"] <= buyers["last_active_date"]).all()
    day = (buyers["last_order_date"] - bundle.scenario.start_ts).dt.days
    by_orders = day.groupby(buyers["orders"].clip(upper=5)).mean()
    assert by_orders.is_monotonic_increasing and by_orders[5] > by_orders[1] + 60
    assert buyers["orders"].corr(day, method="spearman") > 0.2
