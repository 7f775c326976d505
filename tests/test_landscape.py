"""Tests of course_lib.landscape: reference tables are well-formed and sourced; helpers
compute known answers on constructed data and reject bad input with clear messages."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course_lib import curriculum, data
from course_lib import landscape as ls
from course_lib.markets import MARKETS

TABLES = {
    "traits": ls.traits,
    "smm_vs_traditional": ls.smm_vs_traditional,
    "history_eras": ls.history_eras,
    "milestones": ls.milestones,
    "traditional_cpm": ls.traditional_cpm,
    "display_cpm": ls.display_cpm,
    "smm_types": ls.smm_types,
}


@pytest.fixture(scope="module")
def platforms() -> pd.DataFrame:
    return data.load("platforms")


def _tiny() -> pd.DataFrame:
    """Two made-up platforms with round numbers (answers worked out by hand)."""
    return pd.DataFrame({
        "platform": ["a", "b"], "name": ["A", "B"], "market": ["cn", "cn"],
        "launched": [2005, 2015], "main_formats": ["video;text", "image"],
        "age_18_24": [0.5, 0.1], "age_25_34": [0.3, 0.2], "age_35_44": [0.1, 0.3],
        "age_45_plus": [0.1, 0.4], "mau_millions": pd.array([100, 1000], dtype="Int64"),
        "cpm_usd": [2.0, 8.0], "figures_basis": ["illustrative", "illustrative"],
    })


# --------------------------------------------------------------------------
# reference tables


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_reference_table_is_complete_and_every_row_sourced(name):
    table = TABLES[name]()
    assert isinstance(table, pd.DataFrame) and len(table) > 0
    assert "source" in table.columns
    assert table["source"].notna().all() and (table["source"].str.strip().str.len() > 5).all()
    assert not table.drop(columns=[c for c in ("platform", "market") if c in table]).isna().any().any()


def test_traits_cover_the_sources_traits_with_chinese_terms():
    t = ls.traits()
    media = set(t.loc[t["subject"] == "social media", "trait"])
    assert {"real-time", "interactive", "diverse", "personalised"} <= media  # seed 001 §01
    assert (t.groupby("subject")["trait"].first() == "definition").all()
    assert t["term_zh"].str.contains(r"[\u4e00-\u9fff]").all()


def test_history_eras_are_ordered_contiguous_and_marked_approximate():
    eras = ls.history_eras()
    assert (eras["start"] < eras["end"]).all()
    assert (eras["start"].iloc[1:].to_numpy() == eras["end"].iloc[:-1].to_numpy()).all()
    assert (eras["basis"] == "approximate (illustrative)").all()


def test_milestones_use_the_catalogues_launch_years(platforms):
    events = ls.milestones(platforms)
    launches = events[events["kind"] == "launch"].set_index("platform")["year"]
    assert len(launches) == len(platforms)
    # well-documented launch years
    assert launches.to_dict() == platforms.set_index("platform")["launched"].to_dict()
    assert {"facebook": 2004, "youtube": 2005, "weibo": 2009, "wechat": 2011,
            "douyin": 2016, "tiktok": 2017}.items() <= launches.to_dict().items()
    assert events["year"].is_monotonic_increasing
    cn = ls.milestones(platforms, market="cn")
    assert set(cn.loc[cn["kind"] == "launch", "platform"]) == set(MARKETS["cn"])


@pytest.mark.parametrize("market", ["cn", "global"])
def test_milestones_markers_belong_to_the_market(platforms, market):
    events = ls.milestones(platforms, market=market)
    markers = events[events["kind"] == "marker"]
    assert set(markers["market"]) == {market, "both"}
    assert set(events.loc[events["kind"] == "launch", "market"]) == {market}
    other = "global" if market == "cn" else "cn"
    assert not ls.milestones(market=market)["market"].eq(other).any()
    every = ls.milestones()
    assert set(every["market"]) == {"cn", "global", "both"}
    assert "4G licences in China" in set(ls.milestones(market="cn")["event"])
    assert "4G licences in China" not in set(ls.milestones(market="global")["event"])
    # each market gets at least one marker before its first platform launch
    first_launch = events.loc[events["kind"] == "launch", "year"].min()
    assert (markers["year"] < first_launch).any()


def test_traditional_cpm_ranges_and_midpoints():
    t = ls.traditional_cpm().set_index("medium")
    assert list(t.index) == ["TV", "print", "radio", "outdoor"]
    assert (t["cpm_low_usd"] <= t["cpm_high_usd"]).all() and (t["cpm_low_usd"] > 0).all()
    assert t.loc["outdoor", "cpm_mid_usd"] == pytest.approx((2.18 + 7.50) / 2)
    assert t["basis"].str.contains("indicative").all()
    assert t.loc["outdoor", ["low_buy", "high_buy"]].tolist() == ["transit shelters", "digital place-based screens"]
    d = ls.display_cpm().iloc[0]
    assert (d["cpm_low_usd"], d["cpm_high_usd"]) == (2.21, 2.27)   # OAAA/Solomon 2022 display medians
    assert list(ls.display_cpm().columns) == list(ls.traditional_cpm().columns)


def test_smm_types_are_six_and_point_to_course_notebooks():
    types = ls.smm_types()
    assert len(types) == 6 and types["type"].is_unique
    stems = {row[1].removesuffix(".ipynb") for row in curriculum.NOTEBOOKS}
    for refs in types["practised_in"]:
        for stem in refs.split(";"):
            assert stem.strip() in stems, stem


# --------------------------------------------------------------------------
# helpers: known answers


def test_age_mix_is_tidy_and_ordered(platforms):
    mix = ls.age_mix(platforms, market="global")
    assert len(mix) == 4 * len(MARKETS["global"])
    assert list(mix["age_band"].cat.categories) == ["18-24", "25-34", "35-44", "45+"]
    assert mix.groupby("platform")["share"].sum().round(6).eq(1).all()


def test_users_in_band_multiplies_and_keeps_missing_as_missing(platforms):
    out = ls.users_in_band(_tiny(), band="age_45_plus")
    assert out["platform"].tolist() == ["b", "a"]          # 1000 x 0.4 = 400 > 100 x 0.1 = 10
    assert out["users_millions"].tolist() == pytest.approx([400.0, 10.0])
    cn = ls.users_in_band(platforms, market="cn").set_index("platform")
    assert cn.loc["weibo", "users_millions"] == pytest.approx(598 * 0.30)
    assert math.isnan(cn.loc["douyin", "users_millions"])   # no published MAU: unknown, not 0


def test_reach_cost_puts_both_kinds_on_one_scale():
    cost = ls.reach_cost(_tiny(), market="cn", display=False)
    assert len(cost) == 2 + 4
    assert cost["cpm_mid_usd"].is_monotonic_increasing
    assert cost.iloc[0][["channel", "kind"]].tolist() == ["A", "social"]   # $2 below outdoor's $4.84
    social = cost[cost["kind"] == "social"]
    assert (social["cpm_low_usd"] == social["cpm_high_usd"]).all()
    with_display = ls.reach_cost(_tiny(), market="cn")
    assert len(with_display) == 2 + 4 + 1
    assert with_display.iloc[0][["channel", "kind"]].tolist() == ["A", "social"]   # $2 < display $2.24
    assert with_display.iloc[1]["kind"] == "digital display"


def test_cpm_standing_by_hand():
    # A $2, B $8 against TV (12-36, mid 24), print 46.82, radio 6.75, outdoor (2.18-7.50, mid 4.84)
    st = ls.cpm_standing(ls.reach_cost(_tiny(), market="cn")).set_index("channel")
    assert st.loc["TV", ["platforms", "cheaper_than_mid", "cheaper_than_low", "dearer"]].tolist() == [2, 2, 2, ""]
    assert st.loc["radio", ["cheaper_than_mid", "dearer"]].tolist() == [1, "B ($8.00)"]
    assert st.loc["outdoor", ["cheaper_than_mid", "cheaper_than_low"]].tolist() == [1, 1]   # 2 < 2.18
    assert st.loc["digital display", ["cheaper_than_mid", "cheaper_than_low"]].tolist() == [1, 1]  # 2 < 2.21 < 2.24
    assert set(st["kind"]) == {"traditional", "digital display"}


def test_cpm_standing_on_course_data(platforms):
    cn = ls.cpm_standing(ls.reach_cost(platforms, market="cn")).set_index("channel")
    assert cn.loc["outdoor", "cheaper_than_low"] == 0          # nothing beats transit shelters ($2.18)
    glob = ls.cpm_standing(ls.reach_cost(platforms, market="global")).set_index("channel")
    assert glob.loc["TV", "dearer"] == "LinkedIn ($33.00)"     # the premium exception


def test_format_fit_by_hand():
    posts = pd.DataFrame({"platform": ["a"] * 4 + ["b"] * 2,
                          "format": ["video", "video", "video", "text", "image", "text"]})
    fit = ls.format_fit(posts, _tiny())
    assert fit.loc["a", ["posts", "lead_format", "top_format"]].tolist() == [4, "video", "video"]
    assert fit.loc["a", "lead_share"] == pytest.approx(0.75)
    assert fit.loc["b", "lead_share"] == pytest.approx(0.5) and fit.loc["a", "fits"]
    # a lead format the brand never uses has share 0
    fit2 = ls.format_fit(posts[posts["format"] != "image"], _tiny())
    assert fit2.loc["b", "lead_share"] == 0 and not fit2.loc["b", "fits"]


def test_format_fit_on_course_data_covers_every_platform(platforms):
    posts = data.load("posts", seed=2024, market="cn")
    fit = ls.format_fit(posts, platforms)
    assert set(fit.index) == set(MARKETS["cn"]) and fit["posts"].sum() == len(posts)
    assert fit["lead_share"].between(0, 1).all()


# --------------------------------------------------------------------------
# helpers: bad input


def test_bad_input_is_rejected_with_a_message_naming_the_problem(platforms):
    with pytest.raises(TypeError, match="platforms must be a pandas DataFrame"):
        ls.age_mix([1, 2])
    with pytest.raises(ValueError, match="platforms is empty"):
        ls.age_mix(platforms.iloc[0:0])
    with pytest.raises(ValueError, match=r"platforms has no column\(s\) \['age_45_plus'\]"):
        ls.age_mix(platforms.drop(columns="age_45_plus"))
    with pytest.raises(ValueError, match="unknown market 'moon'"):
        ls.age_mix(platforms, market="moon")
    with pytest.raises(ValueError, match=r"age shares of \['a'\] do not sum to 1"):
        ls.age_mix(_tiny().assign(age_18_24=[0.9, 0.1]))
    with pytest.raises(ValueError, match="between 0 and 1"):
        ls.age_mix(_tiny().assign(age_18_24=[-0.1, 0.1]))
    with pytest.raises(ValueError, match="band must be one of"):
        ls.users_in_band(platforms, band="age_18_35")
    with pytest.raises(ValueError, match="no rows for market 'global'"):
        ls.users_in_band(_tiny(), market="global")
    with pytest.raises(ValueError, match="'cpm_usd' must be positive"):
        ls.reach_cost(_tiny().assign(cpm_usd=[0.0, 1.0]), market="cn")
    with pytest.raises(ValueError, match="'launched' is missing for"):
        ls.milestones(_tiny().assign(launched=[np.nan, 2015]))
    with pytest.raises(ValueError, match="unknown market 'moon'"):
        ls.milestones(market="moon")
    with pytest.raises(ValueError, match=r"cost has no column\(s\) \['kind'\]"):
        ls.cpm_standing(pd.DataFrame({"channel": ["A"], "cpm_low_usd": [1.0], "cpm_mid_usd": [1.0]}))
    with pytest.raises(ValueError, match="no rows of kind 'social'"):
        ls.cpm_standing(ls.traditional_cpm().rename(columns={"medium": "channel"}).assign(kind="traditional"))
    with pytest.raises(ValueError, match="cost is empty"):
        ls.cpm_standing(pd.DataFrame(columns=["channel", "kind", "cpm_low_usd", "cpm_mid_usd"]))
    with pytest.raises(ValueError, match=r"posts has no column\(s\) \['format'\]"):
        ls.format_fit(pd.DataFrame({"platform": ["a"]}), _tiny())
    with pytest.raises(ValueError, match=r"platform\(s\) \['zz'\] are not in platforms"):
        ls.format_fit(pd.DataFrame({"platform": ["zz"], "format": ["text"]}), _tiny())
