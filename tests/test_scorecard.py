"""Tests of course_lib.scorecard: catalogue, KPIs by period, KPI tree, scorecard, benchmark.

Expected values are worked out by hand in the comments, or taken from the
simulator's truth, never by calling the function under test.
"""
from __future__ import annotations

import math
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from course_lib import data, kpi, survey  # noqa: E402
from course_lib import scorecard as sc  # noqa: E402

approx = pytest.approx
TABLES = ("posts", "daily_metrics", "survey", "comments", "competitors", "community")


@pytest.fixture(scope="module", params=[(2024, "cn"), (7, "global")], ids=["2024-cn", "7-global"])
def tables(request):
    seed, market = request.param
    return {name: data.load(name, seed=seed, market=market) for name in TABLES}


@pytest.fixture(scope="module")
def shipped():
    return {name: data.load(name) for name in TABLES}


# --------------------------------------------------------------------------
# catalogue
# --------------------------------------------------------------------------

def test_catalogue_names_real_functions_and_known_families():
    cat = sc.catalogue()
    assert cat["kpi"].is_unique
    assert list(cat.columns) == ["family", "family_zh", "kpi", "metric", "formula", "data_source",
                                 "function", "better", "unit"]
    assert set(cat["family"]) == {v[0] for v in sc.FAMILIES.values()}
    assert set(cat["better"]) <= set(sc.DIRECTIONS)
    modules = {"kpi": kpi, "survey": survey}
    for call in cat["function"]:
        for module, name in re.findall(r"\b(kpi|survey)\.(\w+)\(", call):
            assert callable(getattr(modules[module], name, None)), f"{call}: {module}.{name} does not exist"
    # data sources name course tables and their columns
    for source in cat["data_source"]:
        table, _, cols = source.partition(": ")
        assert table in TABLES, source


def test_catalogue_columns_exist_in_the_shipped_tables(shipped):
    for source in sc.catalogue()["data_source"]:
        table, _, cols = source.partition(": ")
        for col in cols.split(", "):
            assert col in shipped[table].columns, f"{source}: no column {col!r}"


# --------------------------------------------------------------------------
# family_kpis
# --------------------------------------------------------------------------

def test_family_kpis_covers_the_catalogue(tables):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        k = sc.family_kpis(**tables)
    assert list(k.columns) == sc.catalogue()["kpi"].tolist()
    assert [str(p) for p in k.index] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert k.notna().all().all()
    fractions = sc.catalogue().query("unit == 'fraction'")["kpi"]
    assert ((k[fractions] >= -1) & (k[fractions] <= 1)).all().all()


def test_family_kpis_match_hand_computations(tables):
    k = sc.family_kpis(**tables)
    q3 = pd.Period("2025Q3", "Q")
    # share of voice: pooled brand mentions / all mentions over the weeks starting in Q3
    comp = tables["competitors"]
    w = comp[comp["week_start"].dt.to_period("Q") == q3]
    assert k.loc[q3, "share_of_voice"] == approx(w.loc[w["is_brand"], "mentions"].sum() / w["mentions"].sum())
    # follower growth: net new followers in Q3 / followers at the start of 1 July (all platforms)
    d = tables["daily_metrics"]
    inq = d[d["date"].dt.to_period("Q") == q3]
    first = inq[inq["date"] == inq["date"].min()]
    start = (first["followers"] - first["follows"] + first["unfollows"]).sum()
    assert k.loc[q3, "follower_growth"] == approx((inq["follows"].sum() - inq["unfollows"].sum()) / start)
    # core interaction: (comments + shares) / reach, pooled
    p = tables["posts"]
    pq = p[p["timestamp"].dt.to_period("Q") == q3]
    assert k.loc[q3, "core_interaction_rate"] == approx((pq["comments"] + pq["shares"]).sum() / pq["reach"].sum())
    assert k.loc[q3, "orders"] == pq["conversions"].sum()
    # satisfied share: answers of 4 or 5
    s = tables["survey"]
    sq = s[s["date"].dt.to_period("Q") == q3]
    assert k.loc[q3, "satisfied_share"] == approx((sq["satisfaction"] >= 4).mean())
    # engagement index: brand per-follower engagement / competitors' pooled
    b, c = w[w["is_brand"]], w[~w["is_brand"]]
    expected = (b["engagements"].sum() / b["followers"].sum()) / (c["engagements"].sum() / c["followers"].sum())
    assert k.loc[q3, "engagement_index"] == approx(expected)


def test_family_kpis_shows_the_crisis_quarter(tables):
    # truth: the crisis (from day 203, 23 July) raises mentions and churn, lowers sentiment
    k = sc.family_kpis(**tables)
    q2, q3 = pd.Period("2025Q2", "Q"), pd.Period("2025Q3", "Q")
    assert k.loc[q3, "share_of_voice"] > k.loc[q2, "share_of_voice"] + 0.05
    assert k.loc[q3, "churn_rate"] > 1.3 * k.loc[q2, "churn_rate"]
    assert k.loc[q3, "net_sentiment"] < k.loc[q2, "net_sentiment"] - 0.1
    assert k.loc[q3, "follower_growth"] < k.loc[q2, "follower_growth"]


def test_family_kpis_partial_tables_and_months():
    survey = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-01"]),
                           "satisfaction": [5, 3, 4], "nps": [10, 6, 9]})
    k = sc.family_kpis(survey=survey, freq="M")
    # January: 1 of 2 satisfied; NPS (1 promoter - 1 detractor) / 2 = 0. February: 1 of 1; NPS 100
    assert list(k.columns) == ["satisfied_share", "nps"]
    assert k["satisfied_share"].tolist() == [0.5, 1.0]
    assert k["nps"].tolist() == [0.0, 100.0]


def test_family_kpis_errors(shipped):
    with pytest.raises(ValueError, match="at least one table"):
        sc.family_kpis()
    with pytest.raises(ValueError, match=r"freq='W'.*'M', 'Q', 'Y'"):
        sc.family_kpis(survey=shipped["survey"], freq="W")
    with pytest.raises(TypeError, match="'date' of survey must hold datetimes"):
        sc.family_kpis(survey=shipped["survey"].assign(date="2025-01-01"))
    with pytest.raises(ValueError, match="survey time column"):
        sc.family_kpis(survey=shipped["survey"].drop(columns="date"))
    with pytest.raises(ValueError, match="brand"):
        comp = shipped["competitors"]
        sc.family_kpis(competitors=comp[~comp["is_brand"]])
    with pytest.raises(ValueError, match="empty"):
        sc.family_kpis(posts=shipped["posts"].iloc[:0])


# --------------------------------------------------------------------------
# KPI tree
# --------------------------------------------------------------------------

SPEC = {"Grow sales": {
    "Attention": {"Follower growth": ["daily_metrics.follows", "daily_metrics.unfollows"]},
    "Conversion": {"Conversion rate": ["posts.conversions", "posts.clicks"], "Orders": "posts.conversions"},
}}


def test_kpi_tree_is_tidy_and_in_spec_order(shipped):
    tree = sc.kpi_tree(SPEC, tables=shipped)
    assert list(tree.columns) == ["objective", "family", "kpi", "column"]
    assert tree["kpi"].tolist() == ["Follower growth"] * 2 + ["Conversion rate"] * 2 + ["Orders"]
    assert tree["column"].iloc[-1] == "posts.conversions"
    assert (tree["objective"] == "Grow sales").all()


@pytest.mark.parametrize("spec, error, match", [
    ({}, TypeError, "non-empty mapping"),
    ([("a", 1)], TypeError, "non-empty mapping"),
    ({"Grow": {}}, ValueError, "objective 'Grow' needs a non-empty mapping of families"),
    ({"Grow": {"Attention": {}}}, ValueError, "family 'Attention'.*non-empty mapping of KPIs"),
    ({"Grow": {"Attention": {"Reach": []}}}, ValueError, "KPI 'Reach' needs at least one data column"),
    ({"Grow": {"Attention": {"Reach": [""]}}}, TypeError, "data column"),
    ({"Grow": {"A": {"Reach": "posts.reach"}, "B": {"Reach": "posts.reach"}}}, ValueError, "appears twice"),
    ({1: {"A": {"Reach": "posts.reach"}}}, TypeError, "objective"),
])
def test_kpi_tree_rejects_bad_specs(spec, error, match):
    with pytest.raises(error, match=match):
        sc.kpi_tree(spec)


def test_kpi_tree_same_kpi_under_two_objectives():
    # a KPI may serve two objectives; within one objective it has one family, and the message
    # names the objective and both families
    spec = {"Grow sales": {"Conversion": {"Orders": "posts.conversions"}},
            "Keep customers": {"Conversion": {"Orders": "posts.conversions"}}}
    tree = sc.kpi_tree(spec)
    assert tree["objective"].tolist() == ["Grow sales", "Keep customers"]
    assert tree["kpi"].tolist() == ["Orders", "Orders"]
    fig, ax = plt.subplots()
    sc.draw_kpi_tree(tree, ax=ax)
    assert [t.get_text() for t in ax.texts].count("Orders") == 2
    plt.close(fig)
    bad = {"Grow": {"Conv": {"Orders": "posts.conversions"}, "Spread": {"Orders": "posts.conversions"}}}
    with pytest.raises(ValueError, match="'Orders' appears twice under objective 'Grow' \\(families 'Conv' and 'Spread'"):
        sc.kpi_tree(bad)


def test_kpi_tree_checks_columns_against_tables(shipped):
    bad = {"Grow": {"Attention": {"Reach": ["posts.reach", "posts.views", "nope.x"]}}}
    with pytest.raises(ValueError, match=r"\['posts.views', 'nope.x'\] not found"):
        sc.kpi_tree(bad, tables=shipped)


def test_draw_kpi_tree_draws_every_node():
    tree = sc.kpi_tree(SPEC)
    fig, ax = plt.subplots()
    out = sc.draw_kpi_tree(tree, ax=ax)
    texts = [t.get_text() for t in out.texts]
    # 1 objective + 2 families + 3 KPIs + 5 data columns + 4 headers
    assert len(texts) == 1 + 2 + 3 + 5 + 4
    assert {"Grow sales", "Attention", "Orders", "posts.clicks", "Data column"} <= set(texts)
    assert len(out.lines) == 2 + 3 + 5  # one line per child node
    plt.close(fig)
    fig2 = sc.draw_kpi_tree(tree).figure  # own figure
    plt.close(fig2)
    with pytest.raises(ValueError, match="non-empty DataFrame"):
        sc.draw_kpi_tree(tree.iloc[:0])
    with pytest.raises(ValueError, match=r"no column\(s\) \['column'\]"):
        sc.draw_kpi_tree(tree.drop(columns="column"))


# --------------------------------------------------------------------------
# targets and scorecard
# --------------------------------------------------------------------------

def test_uplift_target():
    # +20 % on 5 % = 6 %; +15 % on 1.2 % = 1.38 %; +20 % on -2 % = -1.6 % (less negative)
    assert sc.uplift_target(0.05, 0.20) == approx(0.06)
    assert sc.uplift_target(0.012, 0.15) == approx(0.0138)
    assert sc.uplift_target(-0.02, 0.20) == approx(-0.016)
    s = sc.uplift_target(pd.Series([0.05, 10.0], index=["a", "b"]), 0.10)
    assert s.to_dict() == approx({"a": 0.055, "b": 11.0})
    with pytest.raises(ValueError, match="baseline"):
        sc.uplift_target(float("nan"), 0.1)
    with pytest.raises(ValueError, match="uplift"):
        sc.uplift_target(0.05, float("inf"))


TARGETS = pd.DataFrame({
    "kpi": ["growth", "conv", "churn", "sat", "sov", "loss"],
    "family": ["attention", "conversion", "attention", "feedback", "competition", "attention"],
    "target": [0.06, 0.040, 0.050, 0.80, 0.25, -0.02],
    "direction": ["higher", "higher", "lower", "higher", "higher", "higher"],
})


def test_scorecard_statuses_worked_by_hand():
    actual = {
        "growth": 0.06,   # exactly on target -> green, margin 0
        "conv": 0.037,    # short by 0.003 = 7.5 % of 0.040 (<= 10 %) -> amber
        "churn": 0.056,   # lower is better: 0.006 over = 12 % of 0.05 -> red
        "sat": 0.70,      # short by 0.10 = 12.5 % of 0.80 -> red
        "sov": 0.36,      # above -> green, +44 %
        "loss": -0.021,   # target -2 %: short by 0.001 = 5 % of |-0.02| -> amber
    }
    card = sc.scorecard(actual, TARGETS)
    assert card["status"].astype(str).tolist() == ["green", "amber", "red", "red", "green", "amber"]
    assert card["vs_target"].tolist() == approx([0.0, -0.075, -0.12, -0.125, 0.44, -0.05])
    assert card["margin"].tolist() == approx([0.0, -0.003, -0.006, -0.10, 0.11, -0.001])
    assert list(card.columns) == ["kpi", "family", "actual", "target", "direction", "margin", "vs_target", "status"]
    assert card["family"].tolist() == TARGETS["family"].tolist()
    # a wider band turns the red satisfaction amber; a per-KPI band overrides the keyword
    assert sc.scorecard(actual, TARGETS, amber_band=0.15)["status"].astype(str).tolist()[3] == "amber"
    per_kpi = TARGETS.assign(amber_band=[np.nan, 0.0, np.nan, np.nan, np.nan, np.nan])
    assert str(sc.scorecard(actual, per_kpi)["status"].iloc[1]) == "red"


def test_scorecard_edge_cases():
    # NaN actual -> "no data"; zero target: vs_target NaN, status from the sign of the margin
    t = pd.DataFrame({"kpi": ["a", "b", "c"], "target": [0.1, 0.0, 0.0], "direction": ["higher", "lower", "lower"]})
    card = sc.scorecard(pd.Series({"a": np.nan, "b": 0.0, "c": 0.01}), t)
    assert card["status"].astype(str).tolist() == ["no data", "green", "red"]
    assert card["vs_target"].isna().tolist() == [True, True, True]
    # mapping of targets; order of actuals does not matter
    card = sc.scorecard({"y": 2.0, "x": 1.0}, {"x": {"target": 1.0, "direction": "higher"},
                                                "y": {"target": 3.0, "direction": "lower"}})
    assert card["kpi"].tolist() == ["x", "y"]
    assert card["status"].astype(str).tolist() == ["green", "green"]
    assert list(card["status"].cat.categories) == list(sc.STATUSES)


@pytest.mark.parametrize("actuals, targets, kwargs, error, match", [
    ({"growth": 0.1, "ctr": 0.01}, TARGETS.iloc[:1], {}, ValueError,
     r"unknown KPI\(s\) \['ctr'\] in actuals: they have no target; targets define \['growth'\]"),
    ({"growth": 0.1}, TARGETS.iloc[:2], {}, ValueError, r"no actual value for KPI\(s\) \['conv'\]"),
    ({"growth": 0.1}, TARGETS.iloc[:1].assign(target=np.nan), {}, ValueError,
     r"missing target for KPI\(s\) \['growth'\]"),
    ({"growth": 0.1}, TARGETS.iloc[:1].assign(direction="up"), {}, ValueError,
     r"direction 'up' for KPI 'growth' is not allowed; allowed: 'higher'.*'lower'"),
    ({"growth": 0.1}, pd.concat([TARGETS.iloc[:1]] * 2), {}, ValueError, r"\['growth'\] more than once"),
    ({"growth": 0.1}, TARGETS.iloc[:1], {"amber_band": 1.5}, ValueError, r"amber_band must be in \[0, 1\)"),
    ({"growth": 0.1}, TARGETS.iloc[:1], {"amber_band": "10%"}, TypeError, "amber_band must be a number"),
    ({"growth": 0.1}, TARGETS.iloc[:1].assign(amber_band="wide"), {}, TypeError,
     r"targets\['amber_band'\] must be numbers"),
    ({"growth": "high"}, TARGETS.iloc[:1], {}, TypeError, "actuals must be numbers"),
    ({"growth": 0.1}, TARGETS.iloc[:1].assign(target="six"), {}, TypeError, "must be numbers"),
    ({"growth": 0.1}, TARGETS.drop(columns="direction"), {}, ValueError,
     r"no column\(s\) \['direction'\]"),
    ({"growth": 0.1}, TARGETS.iloc[:0], {}, ValueError, "targets is empty"),
    ({}, TARGETS.iloc[:1], {}, ValueError, "actuals is empty"),
    ([0.1], TARGETS.iloc[:1], {}, TypeError, "actuals must be a Series or a mapping"),
    ({"growth": 0.1}, [("growth", 0.06)], {}, TypeError, "targets must be a DataFrame or a mapping"),
    ({"growth": 0.1}, {"growth": 0.06}, {}, TypeError, r"\{kpi: \{'target'"),
])
def test_scorecard_rejects_bad_input(actuals, targets, kwargs, error, match):
    with pytest.raises(error, match=match):
        sc.scorecard(actuals, targets, **kwargs)


def test_scorecard_on_the_data_flags_the_crisis_quarter(tables):
    # Q3 against targets "hold the Q2 level": churn and net sentiment fall short (crisis truth),
    # share of voice beats it (the crisis raised mentions)
    k = sc.family_kpis(**tables)
    q2, q3 = k.iloc[1], k.iloc[2]
    keys = ["churn_rate", "net_sentiment", "share_of_voice"]
    targets = pd.DataFrame({"kpi": keys, "target": q2[keys].to_numpy(), "direction": ["lower", "higher", "higher"]})
    card = sc.scorecard(q3[keys], targets).set_index("kpi")
    assert card.loc["churn_rate", "status"] == "red"
    assert card.loc["net_sentiment", "status"] == "red"
    assert card.loc["share_of_voice", "status"] == "green"


def test_plot_scorecard():
    card = sc.scorecard({"a": 0.5, "b": 0.039, "c": 5.0}, {"a": {"target": 1.0, "direction": "higher"},
                                                         "b": {"target": 0.04, "direction": "higher"},
                                                         "c": {"target": 1.0, "direction": "higher"}})
    ax = sc.plot_scorecard(card)
    bars = ax.patches
    assert len(bars) == 3
    # first row at the top: a = -50 %; c clipped to +100 %
    widths = sorted(b.get_width() for b in bars)
    assert widths == approx([-0.5, -0.025, 1.0])
    assert "green (clipped)" in [t.get_text() for t in ax.texts]
    plt.close(ax.figure)
    # the axis spans the data (here -50 % to +100 %) plus room for text, not a fixed ±160 %
    low, high = ax.get_xlim()
    assert -1.1 < low < -0.5 and 1.0 < high < 1.6
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="non-empty DataFrame"):
        sc.plot_scorecard(card.iloc[:0])
    with pytest.raises(ValueError, match="clip must be a positive number"):
        sc.plot_scorecard(card, clip=0)
    with pytest.raises(ValueError, match=r"no column\(s\) \['name'\]"):
        sc.plot_scorecard(card, label="name")


def test_plot_scorecard_zero_target_and_no_data():
    # target 0: vs_target undefined -> no bar, hollow marker, "n/a"; NaN actual -> "no data"
    card = sc.scorecard({"a": 0.02, "b": 0.01, "c": np.nan},
                        {"a": {"target": 0.025, "direction": "higher"},
                         "b": {"target": 0.0, "direction": "lower"},
                         "c": {"target": 0.5, "direction": "higher"}})
    ax = sc.plot_scorecard(card)
    assert len(ax.patches) == 1  # only "a" has a bar (-20 %)
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["red", "red, n/a (target 0)", "no data"]
    low, high = ax.get_xlim()
    assert low > -0.5 and high < 0.5  # small distances get a small axis
    plt.close(ax.figure)


# --------------------------------------------------------------------------
# noise: kpi_units and bootstrap_margin
# --------------------------------------------------------------------------

def test_kpi_units_reproduce_family_kpis(tables):
    k = sc.family_kpis(**tables)
    for key in sc._UNIT_KPIS:
        u = sc.kpi_units(key, tables)
        assert list(u.columns) == ["period", "num", "den"]
        sums = u.groupby("period")[["num", "den"]].sum()
        assert (sums["num"] / sums["den"]).to_numpy() == approx(k[key].to_numpy()), key
    # units: posts, days, member-weeks, pulse answers, comments, weeks
    q3 = pd.Period("2025Q3", "Q")
    assert (sc.kpi_units("ctr", tables)["period"] == q3).sum() == (
        tables["posts"]["timestamp"].dt.to_period("Q") == q3).sum()
    assert (sc.kpi_units("churn_rate", tables)["period"] == q3).sum() == 92  # days of July-September
    assert (sc.kpi_units("share_of_voice", tables)["period"] == q3).sum() == 13  # weeks starting in Q3
    c = tables["community"]
    assert (sc.kpi_units("community_satisfied_share", tables)["period"] == q3).sum() == (
        c.loc[c["week_start"].dt.to_period("Q") == q3, "pulse_responses"].sum())


def test_kpi_units_by_hand_and_errors():
    c = pd.DataFrame({"week_start": pd.to_datetime(["2025-01-01", "2025-04-02"]),
                      "members": [4, 2], "weekly_active": [1, 2], "pulse_responses": [3, 0], "satisfied": [2, 0]})
    u = sc.kpi_units("community_active_share", {"community": c})
    # 4 member-weeks in Q1 (1 active), 2 in Q2 (both active)
    assert u["num"].tolist() == [1, 0, 0, 0, 1, 1]
    assert u["period"].astype(str).tolist() == ["2025Q1"] * 4 + ["2025Q2"] * 2
    assert sc.kpi_units("community_satisfied_share", {"community": c})["num"].tolist() == [1, 1, 0]
    with pytest.raises(ValueError, match=r"key='orders'.*'share_of_voice'"):
        sc.kpi_units("orders", {"community": c})
    with pytest.raises(ValueError, match="needs the table 'posts'"):
        sc.kpi_units("ctr", {"community": c})
    with pytest.raises(ValueError, match="part <= base"):
        sc.kpi_units("community_active_share", {"community": c.assign(weekly_active=[5, 1])})
    answers = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-01-06"]), "satisfaction": [5, 7]})
    with pytest.raises(ValueError, match="whole numbers from 1 to 5"):
        sc.kpi_units("satisfied_share", {"survey": answers})
    with pytest.raises(TypeError, match="tables must be a mapping"):
        sc.kpi_units("ctr", [c])
    with pytest.raises(ValueError, match="freq"):
        sc.kpi_units("community_active_share", {"community": c}, freq="W")


def _binary_units(p1: float, p2: float, n: int) -> pd.DataFrame:
    ones1, ones2 = int(round(p1 * n)), int(round(p2 * n))
    return pd.DataFrame({"period": ["Q1"] * n + ["Q2"] * n,
                         "num": [1.0] * ones1 + [0.0] * (n - ones1) + [1.0] * ones2 + [0.0] * (n - ones2),
                         "den": 1.0})


def test_bootstrap_margin_known_answers():
    u = _binary_units(0.5, 0.25, 4000)
    out = sc.bootstrap_margin(u, current="Q2", target=0.30, direction="higher", seed=3).iloc[0]
    # 25 % vs 30 %: margin -5 points; binomial se sqrt(.25 * .75 / 4000) = 0.00685, 95 % half-width 1.34 points
    assert out["actual"] == approx(0.25) and out["margin"] == approx(-0.05)
    assert out["ci_high"] - out["ci_low"] == approx(2 * 1.96 * np.sqrt(0.25 * 0.75 / 4000), rel=0.1)
    assert out["verdict"] == "missed" and out["units"] == 4000
    # lower is better: the same numbers are a clear "met"
    assert sc.bootstrap_margin(u, current="Q2", target=0.30, direction="lower", seed=3)["verdict"].iloc[0] == "met"
    # a target on the line
    assert sc.bootstrap_margin(u, current="Q2", target=0.25, direction="higher")["verdict"].iloc[0] == "on the line"
    # relative target from a resampled baseline: 50 % - 50 % = 25 %; the interval is wider than with a fixed target
    rel = sc.bootstrap_margin(u, current="Q2", baseline="Q1", uplift=-0.5, direction="higher", seed=3).iloc[0]
    fixed = sc.bootstrap_margin(u, current="Q2", target=0.25, direction="higher", seed=3).iloc[0]
    assert rel["target"] == approx(0.25) and rel["margin"] == approx(0.0)
    assert rel["ci_high"] - rel["ci_low"] > fixed["ci_high"] - fixed["ci_low"]
    # same seed, same interval
    again = sc.bootstrap_margin(u, current="Q2", baseline="Q1", uplift=-0.5, direction="higher", seed=3).iloc[0]
    assert again["ci_low"] == rel["ci_low"]


def test_bootstrap_margin_ratio_units_without_noise():
    # every unit has the same ratio 0.1: any resample gives 0.1, so the interval is a point
    u = pd.DataFrame({"period": "Q1", "num": [1.0, 2.0, 5.0, 10.0], "den": [10.0, 20.0, 50.0, 100.0]})
    out = sc.bootstrap_margin(u, current="Q1", target=0.08, direction="higher").iloc[0]
    assert out["ci_low"] == approx(0.02) and out["ci_high"] == approx(0.02) and out["verdict"] == "met"


@pytest.mark.parametrize("kwargs, error, match", [
    ({"current": "Q2", "direction": "higher"}, ValueError, "either target= .* or baseline="),
    ({"current": "Q2", "direction": "higher", "target": 0.3, "baseline": "Q1", "uplift": 0.1}, ValueError,
     "not both"),
    ({"current": "Q2", "direction": "higher", "baseline": "Q1"}, TypeError, "uplift must be a number"),
    ({"current": "Q2", "direction": "up", "target": 0.3}, ValueError, "direction='up'"),
    ({"current": "Q9", "direction": "higher", "target": 0.3}, ValueError, r"current='Q9' has no units.*'Q1', 'Q2'"),
    ({"current": "Q2", "direction": "higher", "target": "30%"}, TypeError, "target must be a finite number"),
    ({"current": "Q2", "direction": "higher", "target": 0.3, "n_boot": 10}, ValueError, "n_boot"),
    ({"current": "Q2", "direction": "higher", "target": 0.3, "confidence": 95}, ValueError, "confidence"),
])
def test_bootstrap_margin_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        sc.bootstrap_margin(_binary_units(0.5, 0.25, 100), **kwargs)
    with pytest.raises(ValueError, match=r"no column\(s\) \['den'\]"):
        sc.bootstrap_margin(_binary_units(0.5, 0.25, 100).drop(columns="den"), current="Q2", target=0.3,
                            direction="higher")


def test_bootstrap_margin_on_the_data_sees_the_crisis(tables):
    # truth: the crisis (from 23 July) cuts net sentiment and multiplies churn, far beyond noise
    def verdict(key, direction):
        u = sc.kpi_units(key, tables)
        return sc.bootstrap_margin(u, current="2025Q3", baseline="2025Q2", uplift=0.0, direction=direction,
                                   n_boot=500, seed=1)["verdict"].iloc[0]

    assert verdict("net_sentiment", "higher") == "missed"
    assert verdict("churn_rate", "lower") == "missed"
    assert verdict("share_of_voice", "higher") == "met"


# --------------------------------------------------------------------------
# competitor benchmark
# --------------------------------------------------------------------------

def test_competitor_benchmark_recovers_the_truth(tables):
    bench = sc.competitor_benchmark(tables["competitors"]).set_index("company")
    market = "cn" if "Chayue" in bench.index else "global"
    truth = data.truth(2024 if market == "cn" else 7, market)
    for comp in truth.competitors:
        row = bench.loc[comp.name]
        assert not row["is_brand"]
        assert row["weekly_growth"] == approx(comp.weekly_growth, abs=0.0015)
        # weekly log-normal noise exp(0.2 Z): mean +2 %, and 52 weeks leave a ~3 % standard error
        assert row["engagements_per_follower"] == approx(comp.engagements_per_follower, rel=0.12)
        assert row["posts_per_week"] == approx(comp.posts_per_week, rel=0.1)
    assert bench["share_of_voice"].sum() == approx(1.0)
    assert bench["weeks"].eq(52).all()
    assert bench.loc[bench["is_brand"]].index.tolist() == ["Lumo Tea"]
    # sorted by share of voice
    assert bench["share_of_voice"].is_monotonic_decreasing


def test_competitor_benchmark_errors(shipped):
    with pytest.raises(ValueError, match="'mentions'"):
        sc.competitor_benchmark(shipped["competitors"].drop(columns="mentions"))
    with pytest.raises(ValueError, match="empty"):
        sc.competitor_benchmark(shipped["competitors"].iloc[:0])
    one_week = shipped["competitors"].iloc[:4]
    assert sc.competitor_benchmark(one_week)["weekly_growth"].isna().all()  # growth needs two weeks
    assert not math.isnan(sc.competitor_benchmark(one_week)["share_of_voice"].iloc[0])
