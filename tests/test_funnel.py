"""course_lib.funnel: funnel step rates, channel sources and the adjustment rules."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import data, funnel, growth

CASES = [(2024, "cn"), (7, "global")]


def _posts() -> pd.DataFrame:
    return pd.DataFrame({
        "platform": ["a", "a", "a", "b", "b"],
        "impressions": [1000, 3000, 1000, 2000, 2000],
        "likes": [50, 100, 30, 10, 10], "comments": [0, 50, 0, 0, 0], "shares": [0, 0, 0, 0, 0],
        "saves": [0, 0, 20, 0, 0],
        "clicks": [10, 20, 10, 2, 2], "conversions": [1, 1, 0, 0, 0],
        "campaign_id": [None, "CA01", None, None, None], "influencer": [False, True, False, True, False],
        "paid_spend": [0.0, 50.0, 30.0, 0.0, 20.0], "follows": [1, 2, 3, 4, 5],
        "revenue": [10.0, 10.0, 0.0, 0.0, 0.0],
    })


@pytest.fixture(scope="module", params=CASES, ids=[f"{s}-{m}" for s, m in CASES])
def case(request):
    seed, market = request.param
    posts = data.load("posts", seed=seed, market=market)
    posts["source"] = funnel.traffic_source(posts)
    steps = funnel.funnel_table(posts, n_boot=300, seed=1)
    return {"posts": posts, "steps": steps, "truth": data.truth(seed, market),
            "campaigns": data.load("campaigns", seed=seed, market=market),
            "daily": data.load("daily_metrics", seed=seed, market=market)}


# --- funnel_table -----------------------------------------------------------------------------

def test_funnel_known_answer():
    f = funnel.funnel_table(_posts(), n_boot=0).set_index(["platform", "step"])
    a = f.loc["a"]
    assert a["count"].tolist() == [5000, 250, 40, 2]
    assert a.loc["engagements", "step_rate"] == pytest.approx(250 / 5000)
    assert a.loc["clicks", "step_rate"] == pytest.approx(40 / 250)
    assert a.loc["conversions", "step_rate"] == pytest.approx(2 / 40)
    assert a.loc["conversions", "overall_rate"] == pytest.approx(2 / 5000)
    assert a.loc["conversions", "lost_share"] == pytest.approx(1 - 2 / 40)
    assert np.isnan(a.loc["impressions", "step_rate"]) and a["ci_low"].isna().all()
    assert f.loc[("b", "conversions"), "step_rate"] == 0.0
    assert (f["posts"].xs("a", level="platform") == 3).all()


def test_funnel_pooled_and_custom_steps():
    f = funnel.funnel_table(_posts(), by=None, steps={"impressions": "impressions", "clicks": "clicks"}, n_boot=0)
    assert f["step"].tolist() == ["impressions", "clicks"]
    assert f["step_rate"].iloc[1] == pytest.approx(44 / 9000)
    # a step that is not a subset of the one before: the "rate" can exceed 1 (the module notes say why)
    g = funnel.funnel_table(_posts(), by=None, steps={"shares": "shares", "clicks": "clicks"}, n_boot=0)
    assert np.isnan(g["step_rate"].iloc[1])          # zero shares: undefined, not inf
    h = funnel.funnel_table(_posts(), by=None, steps={"comments": "comments", "clicks": "clicks"}, n_boot=0)
    assert h["step_rate"].iloc[1] == pytest.approx(44 / 50)


def test_funnel_matches_direct_sums_and_is_repeatable(case):
    posts, f = case["posts"], case["steps"]
    eng = posts[["likes", "comments", "shares", "saves"]].sum(axis=1)
    sums = posts.assign(eng=eng).groupby("platform")[["eng", "clicks", "conversions"]].sum()
    clicks = f[f["step"] == "clicks"].set_index("platform")["step_rate"]
    conv = f[f["step"] == "conversions"].set_index("platform")["step_rate"]
    assert np.allclose(clicks, sums["clicks"] / sums["eng"])
    assert np.allclose(conv, sums["conversions"] / sums["clicks"])
    rated = f[f["step_no"] > 0]
    assert ((rated["ci_low"] <= rated["step_rate"]) & (rated["step_rate"] <= rated["ci_high"])).all()
    assert (rated["step_rate"] <= 1).all()
    again = funnel.funnel_table(posts, n_boot=300, seed=1)
    pd.testing.assert_frame_equal(f, again)


def test_funnel_interval_covers_the_true_click_rate(case):
    """Clicks ~ Binomial(engagements, truth.funnel.click_rate) per platform."""
    clicks = case["steps"][case["steps"]["step"] == "clicks"].set_index("platform")
    truth = pd.Series(dict(case["truth"].funnel.click_rate))
    covered = truth.reindex(clicks.index).between(clicks["ci_low"], clicks["ci_high"])
    assert covered.sum() >= len(covered) - 1
    assert np.allclose(clicks["step_rate"], truth.reindex(clicks.index), rtol=0.05)


def test_bootstrap_is_wider_than_nothing_and_narrows_with_data(case):
    conv = case["steps"][case["steps"]["step"] == "conversions"].set_index("platform")
    width = conv["ci_high"] - conv["ci_low"]
    assert (width > 0).all()
    # more clicks behind a rate -> narrower interval (rank correlation clearly negative)
    clicks = case["steps"][case["steps"]["step"] == "clicks"].set_index("platform")["count"]
    assert width.rank().corr(clicks.reindex(width.index).rank()) < -0.5


@pytest.mark.parametrize("kwargs, error, match", [
    ({"steps": {"impressions": "impressions"}}, ValueError, "at least two steps"),
    ({"n_boot": -1}, ValueError, "n_boot must be a whole number"),
    ({"ci": 95}, ValueError, "ci must be a coverage"),
    ({"steps": {"impressions": "impressions", "views": "views"}}, ValueError, r"no column\(s\) \['views'\]"),
    ({"by": "region"}, ValueError, "region"),
])
def test_funnel_bad_options(kwargs, error, match):
    with pytest.raises(error, match=match):
        funnel.funnel_table(_posts(), **kwargs)


def test_funnel_bad_data():
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        funnel.funnel_table({"clicks": [1]})
    with pytest.raises(ValueError, match="posts is empty"):
        funnel.funnel_table(_posts().iloc[:0])
    with pytest.raises(ValueError, match="negative"):
        funnel.funnel_table(_posts().assign(clicks=-1))
    with pytest.raises(ValueError, match="missing values"):
        funnel.funnel_table(_posts().assign(clicks=np.nan))
    with pytest.raises(TypeError, match="must be numeric"):
        funnel.funnel_table(_posts().assign(clicks="ten"))
    with pytest.raises(ValueError, match="by column"):
        funnel.funnel_table(_posts().assign(platform=[None, "a", "a", "b", "b"]))


def test_biggest_drop(case):
    f = funnel.funnel_table(_posts(), n_boot=0)
    d = funnel.biggest_drop(f).set_index("platform")
    assert d.loc["b", "step"] == "conversions" and d.loc["a", "step_rate"] == pytest.approx(0.05)
    on_data = funnel.biggest_drop(case["steps"]).set_index("platform")
    rated = case["steps"][case["steps"]["step_no"] > 0]
    assert np.allclose(on_data["step_rate"], rated.groupby("platform")["step_rate"].min())
    pooled = funnel.biggest_drop(funnel.funnel_table(_posts(), by=None, n_boot=0), by=None)
    assert len(pooled) == 1
    with pytest.raises(ValueError, match="no defined step rates"):
        funnel.biggest_drop(f[f["step_no"] == 0])


# --- channel sources --------------------------------------------------------------------------

def test_traffic_source_precedence():
    p = _posts()
    assert funnel.traffic_source(p).tolist() == ["organic", "campaign", "paid boost", "influencer", "paid boost"]
    alt = funnel.traffic_source(p, precedence=("paid boost", "influencer", "campaign"))
    assert alt.tolist() == ["organic", "paid boost", "paid boost", "influencer", "paid boost"]
    with pytest.raises(ValueError, match="precedence must order each"):
        funnel.traffic_source(p, precedence=("campaign", "influencer"))
    with pytest.raises(ValueError, match="precedence must order each"):
        funnel.traffic_source(p, precedence="campaign")
    with pytest.raises(TypeError, match="True/False"):
        funnel.traffic_source(p.assign(influencer=[1, 0, 0, 1, 0]))
    with pytest.raises(ValueError, match="campaign_id"):
        funnel.traffic_source(p.drop(columns="campaign_id"))


def test_traffic_source_on_course_data(case):
    posts, t = case["posts"], case["truth"].content
    s = posts["source"]
    assert set(s) <= set(funnel.SOURCES)
    # untouched by precedence: organic = no flag at all; paid-boost share of all posts ~ truth.paid_share
    assert (s == "organic").sum() == (posts["campaign_id"].isna() & ~posts["influencer"]
                                      & (posts["paid_spend"] == 0)).sum()
    assert (posts["paid_spend"] > 0).mean() == pytest.approx(t.paid_share, abs=0.03)
    assert posts["influencer"].mean() == pytest.approx(t.influencer_share, abs=0.02)


def test_allocate_campaign_spend(case):
    a = funnel.allocate_campaign_spend(case["campaigns"])
    assert a["cost"].sum() == pytest.approx(case["campaigns"]["spend"].sum())
    assert (a["source"] == "campaign").all()
    with pytest.raises(ValueError, match="negative"):
        funnel.allocate_campaign_spend(pd.DataFrame({"platforms": ["a"], "spend": [-1.0]}))
    with pytest.raises(ValueError, match="platforms"):
        funnel.allocate_campaign_spend(case["campaigns"].drop(columns="platforms"))


def test_channel_table_known_answer():
    p = _posts().assign(source=funnel.traffic_source(_posts()))
    t = funnel.channel_table(p).set_index(["platform", "source"])
    assert np.isnan(t.loc[("a", "paid boost"), "cost_per_conversion"])   # 30 spent, 0 conversions -> NaN
    assert t.loc[("a", "campaign"), "cost_per_conversion"] == pytest.approx(50.0)
    assert np.isnan(t.loc[("a", "organic"), "cost_per_conversion"])
    assert t.loc[("a", "organic"), "conversions_share"] == pytest.approx(0.5)
    extra = pd.DataFrame({"platform": ["a", "z"], "source": ["campaign", "campaign"], "cost": [100.0, 5.0]})
    u = funnel.channel_table(p, extra_costs=extra).set_index(["platform", "source"])
    assert u.loc[("a", "campaign"), "cost"] == 150.0 and u.loc[("a", "campaign"), "extra_cost"] == 100.0
    assert u["extra_cost"].sum() == 100.0   # platform z has no posts: ignored


def test_channel_table_on_course_data(case):
    posts = case["posts"]
    t = funnel.channel_table(posts)
    for c in ("follows", "clicks", "conversions", "revenue", "posts"):
        assert t[c].sum() == pytest.approx(len(posts) if c == "posts" else posts[c].sum())
        assert np.allclose(t.groupby("platform")[f"{c}_share"].sum(), 1.0)
    assert t.loc[t["source"] == "organic", "cost_per_conversion"].isna().all()
    pooled = funnel.channel_table(posts, by=None).set_index("source")
    boosts = posts[posts["source"] == "paid boost"]
    assert pooled.loc["paid boost", "cost_per_conversion"] == pytest.approx(
        boosts["paid_spend"].sum() / boosts["conversions"].sum())


def test_channel_table_pooled_and_split_costs_agree(case):
    """A campaign cost on a platform without campaign posts is ignored with by=None too."""
    posts = case["posts"]
    extra = pd.concat([funnel.allocate_campaign_spend(case["campaigns"]),
                       pd.DataFrame({"platform": ["nowhere"], "source": ["campaign"], "cost": [1e6]})])
    split = funnel.channel_table(posts, extra_costs=extra)
    pooled = funnel.channel_table(posts, by=None, extra_costs=extra).set_index("source")
    per_source = split.groupby("source")["cost"].sum()
    assert np.allclose(pooled["cost"], per_source.reindex(pooled.index))
    assert pooled.loc["campaign", "extra_cost"] < 1e6
    with pytest.raises(ValueError, match="negative"):
        funnel.channel_table(posts, extra_costs=extra.assign(cost=-1.0))


def test_bootstrap_in_chunks_gives_the_same_interval(monkeypatch):
    """The Poisson weights are drawn in chunks of resamples: the result does not depend on the chunk."""
    p = pd.concat([_posts()] * 30, ignore_index=True)
    whole = funnel.funnel_table(p, n_boot=50, seed=3)
    monkeypatch.setattr(funnel, "_BOOT_CELLS", 7 * len(p) * 4)     # 7 resamples per chunk
    pd.testing.assert_frame_equal(whole, funnel.funnel_table(p, n_boot=50, seed=3))


def test_channel_table_bad_input():
    with pytest.raises(ValueError, match="source"):
        funnel.channel_table(_posts())
    p = _posts().assign(source="organic")
    with pytest.raises(ValueError, match="extra_costs has no column"):
        funnel.channel_table(p, extra_costs=pd.DataFrame({"platform": ["a"], "cost": [1.0]}))


# --- adjustment rules -------------------------------------------------------------------------

def _rule_inputs():
    g = pd.DataFrame({"platform": ["a", "b", "c", "d"], "growth_rate": [0.40, 0.10, 0.12, 0.05],
                      "churn_rate": [0.20, 0.20, 0.20, 0.20], "followers_start": [100, 200, 300, 400],
                      "net_growth": [40, 20, 36, 20]})
    f = pd.DataFrame({"platform": list("abcd"), "step_no": 1, "step": "clicks", "from_step": "engagements",
                      "count": 1000.0, "step_rate": [0.10, 0.10, 0.11, 0.03],
                      "ci_low": [0.09, 0.09, 0.10, 0.02], "ci_high": [0.11, 0.11, 0.12, 0.05]})
    ch = pd.DataFrame({"platform": list("abcd"), "source": "paid boost", "cost": 100.0,
                       "conversions": [50, 50, 50, 5], "cost_per_conversion": [2.0, 5.0, 4.0, 20.0]})
    return g, f, ch


def test_rules_known_answer():
    g, f, ch = _rule_inputs()
    r = funnel.adjustment_rules(g, f, ch)
    got = set(zip(r["platform"], r["rule"], r["action"].str.split(":").str[0].str.split(" (", regex=False).str[0]))
    assert ("a", "deepen", "deepen") in got                        # 0.40 >= median 0.11 + 0.05
    assert ("d", "rework content", "rework the call to action") in got   # 0.03 < 0.75 x 0.10, CI too
    assert ("a", "shift budget", "shift budget toward this channel") in got   # 2 <= 0.67 x 4
    few = r[(r["platform"] == "d") & (r["rule"] == "shift budget")]
    assert few["action"].str.startswith("too few conversions").all()   # 5 < min_conversions
    assert r.loc[r["rule"] == "deepen", "n"].tolist() == [100]
    assert set(r.loc[r["rule"] == "keep", "platform"]) == {"b", "c"}
    assert list(r.columns) == ["platform", "rule", "rule_zh", "finding", "metric", "value", "benchmark",
                               "threshold", "n", "action", "conflict"]
    assert r["rule"].map(list(funnel.RULES).index).is_monotonic_increasing
    assert (r["conflict"] == "").all()
    # the deepen action no longer asks for more money across the board
    deepen = r.loc[r["rule"] == "deepen", "action"].iloc[0]
    assert "boost budget" not in deepen and "only where its cost is not flagged" in deepen


def test_rules_flag_opposite_actions_on_one_platform():
    g, f, ch = _rule_inputs()
    dear = ch.assign(cost_per_conversion=[9.0, 5.0, 4.0, 20.0])   # a: 9 >= 1.5 x median 5 -> away
    r = funnel.adjustment_rules(g, f, dear)
    a = r[r["platform"] == "a"].set_index("rule")
    assert a.loc["shift budget", "action"].startswith("shift budget away")
    assert a.loc["deepen", "conflict"] != "" and a.loc["shift budget", "conflict"] != ""
    assert "hold boost money" in a.loc["deepen", "conflict"]
    assert (r.loc[r["platform"] != "a", "conflict"] == "").all()


def test_rules_deepen_needs_a_count_not_only_a_rate():
    """A small account with a high growth rate but few new followers is not 'good user data'."""
    g, f, ch = _rule_inputs()
    small = g.assign(followers_start=[10, 200, 300, 400], net_growth=[4, 20, 36, 20])   # a: +40 % of 10
    r = funnel.adjustment_rules(small, f, ch)
    assert "deepen" not in set(r["rule"])
    # exactly the median platform's count is not above it
    at_median = g.assign(net_growth=[30, 20, 36, 30])   # median of 20, 30, 30, 36 is 30
    assert "deepen" not in set(funnel.adjustment_rules(at_median, f, ch)["rule"])
    with pytest.raises(ValueError, match=r"growth has no column\(s\) \['net_growth'\]"):
        funnel.adjustment_rules(g.drop(columns="net_growth"), f, ch)


@pytest.mark.parametrize("churn_a, fires", [(0.215, True), (0.23, False), (0.50, False)])
def test_rules_churn_guard_is_relative(churn_a, fires):
    """churn_ratio=1.1: churn at most 10 % above the median platform's (0.20 -> line at 0.22)."""
    g, f, ch = _rule_inputs()
    r = funnel.adjustment_rules(g.assign(churn_rate=[churn_a, 0.2, 0.2, 0.2]), f, ch)
    assert ("deepen" in set(r["rule"])) is fires
    # the same guard scales with the level of churn (a monthly table has ~1/12 of a year's churn)
    monthly = g.assign(churn_rate=[churn_a / 12, 0.2 / 12, 0.2 / 12, 0.2 / 12])
    assert ("deepen" in set(funnel.adjustment_rules(monthly, f, ch)["rule"])) is fires


def test_rules_use_the_interval_and_the_thresholds():
    g, f, ch = _rule_inputs()
    wide = f.assign(ci_high=[0.11, 0.11, 0.12, 0.09])   # upper limit above 0.75 x median: noise, not weak
    assert "rework content" not in set(funnel.adjustment_rules(g, wide, ch)["rule"])
    assert "rework content" in set(funnel.adjustment_rules(g, wide, ch, use_interval=False)["rule"])
    strict = funnel.adjustment_rules(g, f, ch, growth_margin=0.5)
    assert "deepen" not in set(strict["rule"])
    loose = g.assign(churn_rate=[0.50, 0.2, 0.2, 0.2])
    assert "deepen" in set(funnel.adjustment_rules(loose, f, ch, churn_ratio=3.0)["rule"])
    judged = funnel.adjustment_rules(g, f, ch, min_conversions=1)
    assert (judged.loc[(judged["platform"] == "d") & (judged["rule"] == "shift budget"), "action"]
            .str.contains("away").all())


def test_rules_on_course_data(case):
    year = growth.growth_table(case["daily"], freq="Y")
    channels = funnel.channel_table(case["posts"])
    r = funnel.adjustment_rules(year, case["steps"], channels)
    assert set(r["platform"]) == set(year["platform"])
    # deepen never picks an account that added fewer followers than the median platform
    deep = year.set_index("platform").loc[r.loc[r["rule"] == "deepen", "platform"]]
    assert (deep["net_growth"] > year["net_growth"].median()).all()
    # conflicts are flagged exactly where deepen meets 'shift budget away'
    away = set(r.loc[r["action"].str.startswith("shift budget away"), "platform"])
    assert set(r.loc[r["conflict"] != "", "platform"]) == away & set(deep.index)
    assert not r["finding"].isna().any()
    fired = r[r["rule"] != "keep"]
    assert fired["value"].notna().all() and fired["benchmark"].notna().all()
    # a looser line never fires fewer 'rework content' findings
    counts = [(funnel.adjustment_rules(year, case["steps"], channels, weak_ratio=w)["rule"]
               == "rework content").sum() for w in (0.5, 0.75, 0.95)]
    assert counts == sorted(counts)
    # the click step flags only platforms whose *true* click rate is below the line: a platform norm
    truth = pd.Series(dict(case["truth"].funnel.click_rate))
    clicks = r[r["metric"] == "engagements→clicks"]
    assert (truth.reindex(clicks["platform"]).to_numpy() < clicks["threshold"].to_numpy()).all()


@pytest.mark.parametrize("kwargs, match", [
    ({"growth_margin": -0.1}, "growth_margin=-0.1 is out of range"),
    ({"weak_ratio": 0}, "weak_ratio=0 is out of range; allowed: > 0 and <= 1"),
    ({"weak_ratio": 1.5}, "weak_ratio=1.5 is out of range"),
    ({"cheap_ratio": 2}, "cheap_ratio=2 is out of range"),
    ({"expensive_ratio": 0.5}, "expensive_ratio=0.5 is out of range; allowed: >= 1"),
    ({"min_conversions": 0}, "min_conversions must be a whole number"),
    ({"churn_ratio": "high"}, "churn_ratio='high' is out of range"),
    ({"churn_ratio": 0}, "churn_ratio=0 is out of range; allowed: > 0"),
])
def test_rules_bad_thresholds(kwargs, match):
    g, f, ch = _rule_inputs()
    with pytest.raises(ValueError, match=match):
        funnel.adjustment_rules(g, f, ch, **kwargs)


def test_rules_bad_tables():
    g, f, ch = _rule_inputs()
    with pytest.raises(ValueError, match="one row per platform"):
        funnel.adjustment_rules(pd.concat([g, g]), f, ch)
    with pytest.raises(ValueError, match="growth has no column"):
        funnel.adjustment_rules(g.drop(columns="churn_rate"), f, ch)
    with pytest.raises(ValueError, match="funnel has no column"):
        funnel.adjustment_rules(g, f.drop(columns="ci_high"), ch)
    with pytest.raises(TypeError, match="channels must be a pandas DataFrame"):
        funnel.adjustment_rules(g, f, None)
    with pytest.raises(ValueError, match="growth is empty"):
        funnel.adjustment_rules(g.iloc[:0], f, ch)
