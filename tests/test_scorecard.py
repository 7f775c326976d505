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

from course_lib import data, kpi  # noqa: E402
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
    for call in cat["function"]:
        for name in re.findall(r"kpi\.(\w+)\(", call):
            assert callable(getattr(kpi, name, None)), f"{call}: kpi.{name} does not exist"
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
    with pytest.raises(ValueError, match="non-empty DataFrame"):
        sc.plot_scorecard(card.iloc[:0])
    with pytest.raises(ValueError, match=r"no column\(s\) \['name'\]"):
        sc.plot_scorecard(card, label="name")


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
