"""The simulator is honest: simple analyses on its data recover its truth."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from course_lib.markets import FORMATS
from course_lib.sim import Bundle, Scenario, simulate
from course_lib.sim.truth import SEGMENTS


def day_of(bundle: Bundle, dates: pd.Series) -> pd.Series:
    return (dates - bundle.scenario.start_ts).dt.days


def engagement_rate(posts: pd.DataFrame) -> pd.Series:
    return posts[["likes", "comments", "shares", "saves"]].sum(axis=1) / posts["reach"]


# ----------------------------------------------------------------- campaigns
def before_after(bundle: Bundle, campaign, platforms, window: int = 28) -> float:
    """Relative change of daily follows, campaign period vs the weeks before."""
    d = bundle.tables["daily_metrics"]
    day = day_of(bundle, d["date"])
    rows = d["platform"].isin(platforms)
    pre = rows & (day >= campaign.start_day - window) & (day < campaign.start_day)
    during = rows & (day >= campaign.start_day) & (day < campaign.start_day + campaign.days)
    return d.loc[during, "follows"].mean() / d.loc[pre, "follows"].mean() - 1


@pytest.mark.parametrize("market", ["cn", "global"])
def test_difference_in_differences_recovers_campaign_lift(market: str, cn: Bundle, glob: Bundle) -> None:
    b = cn if market == "cn" else glob
    campaigns = b.truth.campaigns
    control = [p for p in b.scenario.platforms if all(p not in c.platforms for c in campaigns)]
    assert control, "the default truth keeps at least one platform out of every campaign"
    did_err, naive_err = [], []
    for c in campaigns:
        treated = before_after(b, c, c.platforms)
        untreated = before_after(b, c, control)
        did = (1 + treated) / (1 + untreated) - 1  # DiD on the log scale
        assert did == pytest.approx(c.follows_lift, abs=0.15), c.campaign_id
        did_err.append(abs(did - c.follows_lift))
        naive_err.append(abs(treated - c.follows_lift))
    assert np.mean(did_err) < np.mean(naive_err)  # seasonality biases before/after


def test_campaign_effect_only_on_campaign_platforms(cn: Bundle) -> None:
    c = cn.truth.campaigns[0]
    p = cn.tables["posts"]
    day = day_of(cn, p["timestamp"].dt.normalize())
    inside = (day >= c.start_day) & (day < c.start_day + c.days)
    assert set(p.loc[p["campaign_id"] == c.campaign_id, "platform"]) <= set(c.platforms)
    assert p.loc[inside & ~p["platform"].isin(c.platforms), "campaign_id"].isna().all()


# ------------------------------------------------------------------- content
def test_plain_regression_recovers_format_effects_on_the_shipped_data() -> None:
    """Issue 3: OLS of log engagement rate on platform x format, topic, trending,
    influencer and campaign dummies recovers the true format multipliers."""
    from course_lib import data

    p = data.load("posts")
    eng = p[["likes", "comments", "shares", "saves"]].sum(axis=1)
    p = p[(eng > 0) & (p["reach"] > 0)]
    y = np.log(eng[p.index] / p["reach"]).to_numpy()
    cell = p["platform"] + ":" + p["format"]
    X = pd.concat([pd.get_dummies(cell, dtype=float),
                   pd.get_dummies(p["topic"], drop_first=True, dtype=float),
                   p[["trending", "influencer"]].astype(float),
                   p["campaign_id"].notna().astype(float).rename("campaign")], axis=1)
    beta = pd.Series(np.linalg.lstsq(X.to_numpy(), y, rcond=None)[0], index=X.columns)
    effect, sizes = data.truth().content.format_effect, cell.value_counts()
    checked = 0
    for plat in p["platform"].unique():
        for fmt in FORMATS:
            key = f"{plat}:{fmt}"
            if fmt == "image" or sizes.get(key, 0) < 40:
                continue
            estimate = beta[key] - beta[f"{plat}:image"]
            true = np.log(effect[plat][fmt] / effect[plat]["image"])
            assert estimate == pytest.approx(true, abs=0.15), key
            checked += 1
    assert checked >= 15


def test_format_by_platform_effect_recovered(bundle: Bundle) -> None:
    p = bundle.tables["posts"].assign(log_er=lambda x: np.log(engagement_rate(x)))
    cells = p.groupby(["platform", "format"])["log_er"].agg(["mean", "size"])
    effect = bundle.truth.content.format_effect
    checked = 0
    for plat in bundle.scenario.platforms:
        ref = cells.loc[(plat, "image"), "mean"]
        for fmt in FORMATS:
            if (plat, fmt) in cells.index and cells.loc[(plat, fmt), "size"] >= 40:
                estimate = cells.loc[(plat, fmt), "mean"] - ref
                true = np.log(effect[plat][fmt] / effect[plat]["image"])
                assert estimate == pytest.approx(true, abs=0.2), (plat, fmt)
                checked += 1
    assert checked >= 15
    short = "douyin" if bundle.scenario.market == "cn" else "tiktok"
    assert cells.loc[(short, "short_video"), "mean"] > cells.loc[(short, "text"), "mean"] + 1
    text = "zhihu" if bundle.scenario.market == "cn" else "linkedin"
    assert cells.loc[(text, "text"), "mean"] > cells.loc[(text, "short_video"), "mean"]


def test_posting_hour_effect_recovered(bundle: Bundle) -> None:
    p = bundle.tables["posts"]
    organic = p[p["paid_spend"] == 0].assign(log_reach=lambda x: np.log(x["reach"]))
    organic["resid"] = organic["log_reach"] - organic.groupby("platform")["log_reach"].transform("mean")
    by_hour = organic.groupby(organic["timestamp"].dt.hour)["resid"].agg(["mean", "size"])
    by_hour = by_hour[by_hour["size"] >= 20]
    true = np.log(np.asarray(bundle.truth.audience.hour_activity))[by_hour.index]
    assert len(by_hour) >= 12
    assert np.corrcoef(by_hour["mean"], true)[0, 1] > 0.9
    # the brand's habit (office hours) is not the best slot
    assert by_hour.loc[20:22, "mean"].mean() > by_hour.loc[9:11, "mean"].mean() + 0.4


def test_influencer_and_trending_uplift(bundle: Bundle) -> None:
    p = bundle.tables["posts"].assign(er=engagement_rate)
    assert p.loc[p["influencer"], "er"].mean() > 1.15 * p.loc[~p["influencer"], "er"].mean()
    eng = p[["likes", "comments", "shares", "saves"]].sum(axis=1)
    assert eng[p["influencer"]].mean() > 1.5 * eng[~p["influencer"]].mean()
    assert p.loc[p["trending"], "reach"].median() > 1.3 * p.loc[~p["trending"], "reach"].median()


def test_paid_boost_has_diminishing_returns_in_data(bundle: Bundle) -> None:
    posts = bundle.tables["posts"]
    organic = posts[posts["paid_spend"] == 0].groupby("platform")["reach"].median()
    paid = posts[posts["paid_spend"] > 0]
    relative = paid["reach"] / paid["platform"].map(organic)  # reach vs a typical organic post
    quartile = pd.qcut(paid["paid_spend"], 4, labels=False)
    assert relative.groupby(quartile).median().is_monotonic_increasing

    def r_squared(x: np.ndarray) -> float:
        design = np.column_stack([np.ones_like(x), x])
        beta = np.linalg.lstsq(design, relative.to_numpy(), rcond=None)[0]
        resid = relative.to_numpy() - design @ beta
        return 1 - (resid**2).sum() / ((relative - relative.mean()) ** 2).sum()

    spend = paid["paid_spend"].to_numpy()
    assert r_squared(np.log1p(spend / np.median(spend))) > r_squared(spend)


def test_paid_response_curve_is_the_true_one() -> None:
    """With organic reach switched off, reach = a * log1p(spend / b) (+ mean-one noise)."""
    t = Scenario().effects
    content = dataclasses.replace(
        t.content, paid_share=1.0, paid_spend_median=800.0,
        reach_rate={p: 0.0 for p in t.content.reach_rate},
    )
    b = simulate(Scenario(effects=dataclasses.replace(t, content=content), days=120, n_users=100))
    p = b.tables["posts"].query("platform == 'douyin'")
    a, scale = t.content.paid_reach_a["douyin"], t.content.paid_reach_b["douyin"]
    bins = pd.qcut(p["paid_spend"], 5, labels=False)
    g = p.groupby(bins).agg(spend=("paid_spend", "mean"), reach=("reach", "mean"))
    expected = (a * np.log1p(p["paid_spend"] / scale)).groupby(bins).mean()
    np.testing.assert_allclose(g["reach"], expected, rtol=0.06)
    gain_per_unit = np.diff(g["reach"]) / np.diff(g["spend"])
    assert (np.diff(gain_per_unit) < 0).all()


def test_funnel_rates_follow_platforms(bundle: Bundle) -> None:
    p = bundle.tables["posts"]
    totals = p.groupby("platform")[["clicks", "conversions"]].sum()
    observed = (totals["conversions"] / totals["clicks"]).reindex(bundle.scenario.platforms)
    true = pd.Series(dict(bundle.truth.funnel.conversion_rate)).reindex(bundle.scenario.platforms)
    assert np.corrcoef(observed, true)[0, 1] > 0.8
    assert ((p["revenue"] / p["conversions"].where(p["conversions"] > 0)).mean()
            == pytest.approx(bundle.truth.funnel.order_value, rel=0.1))


# -------------------------------------------------------------------- crisis
def test_crisis_episode(bundle: Bundle) -> None:
    c = bundle.truth.crisis
    com = bundle.tables["comments"]
    cday = day_of(bundle, com["timestamp"])
    peak = cday.between(c.start_day, c.start_day + c.peak_days - 1)
    before = cday < c.start_day - 14
    negative = com["sentiment"] == "negative"
    assert negative[peak].mean() > 2 * negative[before].mean()
    assert negative[peak].mean() > 0.45
    # more comments per day during the peak
    assert peak.sum() / c.peak_days > 1.5 * before.sum() / (c.start_day - 14)

    d = bundle.tables["daily_metrics"]
    dday = day_of(bundle, d["date"])
    unfollows = d.groupby(dday)["unfollows"].sum()
    peak_days = unfollows.loc[c.start_day:c.start_day + c.peak_days - 1].mean()
    base = unfollows.loc[c.start_day - 42:c.start_day - 15].mean()
    after = unfollows.loc[c.start_day + c.peak_days + c.recovery_days + 7:].iloc[:28].mean()
    assert peak_days > 3 * base
    assert after < 1.3 * base  # recovery

    comp = bundle.tables["competitors"]
    brand = comp[comp["is_brand"]].set_index("week_start")["mentions"]
    wday = day_of(bundle, pd.Series(brand.index))
    in_crisis = wday.between(c.start_day - 6, c.start_day + c.peak_days - 1).to_numpy()
    assert brand[in_crisis].mean() > 2 * brand[~in_crisis].median()


# ------------------------------------------------------------ growth & churn
def test_followers_grow_and_churn(bundle: Bundle) -> None:
    d = bundle.tables["daily_metrics"]
    first = d.groupby("platform")["followers"].first()
    last = d.groupby("platform")["followers"].last()
    assert last.sum() > first.sum()
    assert (d["unfollows"] > 0).mean() > 0.95
    biggest = "douyin" if bundle.scenario.market == "cn" else "tiktok"
    assert last[biggest] > 1.05 * first[biggest]


# --------------------------------------------------------------- experiments
def test_ab_tests_recover_true_lifts(bundle: Bundle) -> None:
    ab = bundle.tables["ab_tests"].groupby(["test_id", "variant"])[["exposed", "clicks", "conversions"]].sum()
    for e in bundle.truth.experiments:
        a, b = ab.loc[(e.test_id, "A")], ab.loc[(e.test_id, "B")]
        ctr_a, ctr_b = a["clicks"] / a["exposed"], b["clicks"] / b["exposed"]
        lift = ctr_b / ctr_a - 1
        se = np.sqrt(1 / a["clicks"] + 1 / b["clicks"])  # approx. se of log ratio
        assert abs(np.log1p(lift) - np.log1p(e.ctr_lift)) < 4 * se, e.test_id
        assert ctr_a == pytest.approx(e.ctr_a, rel=0.2)


# -------------------------------------------------------- survey & community
def test_survey_follows_segments_and_crisis(bundle: Bundle) -> None:
    s = bundle.tables["survey"]
    means = s.groupby("segment")["satisfaction"].mean().reindex(SEGMENTS)
    true = pd.Series(dict(bundle.truth.survey.satisfaction_mean)).reindex(SEGMENTS)
    assert np.corrcoef(means, true)[0, 1] > 0.8
    assert abs(np.corrcoef(s["satisfaction"], s["nps"])[0, 1]) > 0.5
    c = bundle.truth.crisis
    sday = day_of(bundle, s["date"])
    crisis = sday.between(c.start_day, c.start_day + c.peak_days + 7)
    assert s.loc[crisis, "satisfaction"].mean() < s.loc[~crisis, "satisfaction"].mean() - 0.3


def test_community_hits_some_targets_and_misses_others(bundle: Bundle) -> None:
    com = bundle.tables["community"]
    targets = bundle.truth.community.targets
    months = (len(com) - 1) * 7 / 30
    growth = (com["members"].iloc[-1] / com["members"].iloc[0]) ** (1 / months) - 1
    active = (com["weekly_active"] / com["members"]).mean()
    per_post = com["comments"].sum() / com["posts"].sum()
    satisfied = com["satisfied"].sum() / com["pulse_responses"].sum()
    assert growth < targets["members_growth_per_month"]
    assert per_post < targets["comments_per_post"]
    assert active >= targets["weekly_active_share"]
    assert satisfied >= targets["satisfaction_share"]


# --------------------------------------------------------------- influencers
def test_suspicious_influencers_are_detectable(bundle: Bundle) -> None:
    inf = bundle.tables["influencers"]
    truth = inf["influencer_id"].isin(bundle.truth.influencers.suspicious_ids)
    expected_er = 0.06 * (inf["followers"] / 1e4) ** -0.2
    flags = (
        (inf["engagement_rate"] < 0.4 * expected_er).astype(int)
        + (inf["max_daily_gain"] / inf["followers"] > 0.04).astype(int)
        + (inf["avg_comments"] / inf["avg_likes"].clip(lower=1) < 0.025).astype(int)
    )
    flagged = flags >= 2
    recall = (flagged & truth).sum() / truth.sum()
    precision = (flagged & truth).sum() / max(flagged.sum(), 1)
    assert recall >= 0.8 and precision >= 0.8


# ------------------------------------------------------------------ comments
@pytest.mark.parametrize("market", ["cn", "global"])
def test_sentiment_classifier_is_good_not_perfect(market: str, cn: Bundle, glob: Bundle) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import train_test_split

    c = (cn if market == "cn" else glob).tables["comments"]
    x_train, x_test, y_train, y_test = train_test_split(
        c["text"], c["sentiment"], test_size=0.25, random_state=0, stratify=c["sentiment"])
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    model = LogisticRegression(max_iter=1000).fit(vec.fit_transform(x_train), y_train)
    f1 = f1_score(y_test, model.predict(vec.transform(x_test)), average="macro")
    assert 0.72 <= f1 <= 0.92


def test_label_noise_and_mix(bundle: Bundle) -> None:
    share = bundle.tables["comments"]["sentiment"].value_counts(normalize=True)
    assert share["positive"] > share["neutral"] > 0.15 and share["negative"] > 0.15
    text = bundle.tables["comments"].groupby("text_en")["sentiment"].nunique()
    assert (text > 1).mean() > 0.1  # the same words do not always carry the same label


def test_segment_active_hours_differ(cn: Bundle) -> None:
    u = cn.tables["users"]
    morning = u["peak_hour"].between(5, 10).groupby(u["segment"]).mean()
    late = u["peak_hour"].isin([22, 23, 0, 1]).groupby(u["segment"]).mean()
    assert morning["health_seeker"] > 2 * morning["student"]
    assert late["student"] > 2 * late["health_seeker"]
