"""Tests of course_lib.report: sections, crisis and normal months in both parameter sets, rules, errors."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import data, report

SETS = [(2024, "cn"), (7, "global")]


@pytest.fixture(scope="module", params=SETS, ids=[f"{s}-{m}" for s, m in SETS])
def tables(request):
    seed, market = request.param
    t = {n: data.load(n, seed=seed, market=market)
         for n in ("comments", "survey", "daily_metrics", "campaigns")}
    start = data.scenario(seed, market).start_ts + pd.Timedelta(days=data.truth(seed, market).crisis.start_day)
    return t, start


def test_crisis_month_is_flagged_with_its_start_and_causes(tables):
    t, start = tables
    rep = report.monthly_report(f"{start:%Y-%m}", **t)
    assert rep.crisis
    assert rep.kpis.loc["net_sentiment", "status"] == "red"
    assert rep.kpis.loc["negative_share", "status"] == "red"
    assert rep.kpis.loc["net_sentiment", "beyond_noise"] is True
    assert rep.kpis.loc["net_sentiment", "change"] < -0.2
    signal = [s for s in rep.changes if s.startswith("Crisis signal")]
    assert len(signal) == 1 and f"{start.day} {start:%B}" in signal[0]  # dated to the true start
    assert any("leak" in s for s in rep.changes)  # the complaints behind it are quoted
    assert any("crisis mode" in s for s in rep.actions["adjust"])
    assert rep.changes[-1].startswith("**Likely cause:** an incident")


def test_normal_month_stays_quiet(tables):
    t, start = tables
    month = str((start + pd.DateOffset(months=3)).to_period("M"))
    rep = report.monthly_report(month, **t)
    assert not rep.crisis
    assert not any(s.startswith("Crisis signal") for s in rep.changes)
    assert "red" not in set(rep.kpis["status"])
    assert not any("crisis mode" in s for s in rep.actions["adjust"])
    # the likely cause agrees with the changes listed
    news = rep.kpis.index[rep.kpis["news"]].tolist()
    assert rep.changes[-1].startswith("**Likely cause:** nothing unusual") == (not news)
    if news:
        assert "nothing unusual" not in rep.markdown


def test_cause_always_agrees_with_the_changes(tables):
    t, _ = tables
    for month in sorted(set(t["comments"]["timestamp"].dt.strftime("%Y-%m")))[1:]:
        rep = report.monthly_report(month, **t)
        k = rep.kpis
        quiet = not rep.crisis and not k["news"].any() and not (k["status"] == "red").any()
        assert rep.changes[-1].startswith("**Likely cause:** nothing unusual") == quiet, month
        worse = [s for s in rep.changes if s.startswith("**Worse")]
        assert len(worse) <= 1  # the changes for the worse are one sentence


def test_october_2024_cn_explains_the_fall_by_the_campaign_before():
    t = {n: data.load(n, seed=2024, market="cn") for n in ("comments", "survey", "daily_metrics", "campaigns")}
    rep = report.monthly_report("2025-10", **t)
    # September had the Mid-Autumn campaign (more positive comments); October has none
    assert rep.kpis.loc["net_sentiment", "news"] and rep.kpis.loc["net_sentiment", "status"] == "green"
    assert "end of that lift" in rep.changes[-1] and "Mid-Autumn gift box" in rep.changes[-1]
    # the negative share moved +3 points: beyond noise only without clustering, and too small to matter anyway
    assert not rep.kpis.loc["negative_share", "news"]
    assert "Watch net sentiment" in " ".join(rep.actions["re-evaluate"])


def test_min_change_and_clusters(tables):
    t, start = tables
    month = str((start + pd.DateOffset(months=3)).to_period("M"))
    zero = {k: 0.0 for k in report.KPIS}
    rep = report.monthly_report(month, **t, min_change=zero, cluster=None)
    for k, r in rep.kpis.iterrows():
        assert r["news"] == (r["beyond_noise"] is True), k
    big = report.monthly_report(month, **t, min_change={k: 1e9 for k in report.KPIS})
    assert not big.kpis["news"].any()
    # clustering by post widens the comment intervals in the crisis month
    crisis_month = f"{start:%Y-%m}"
    wide = report.monthly_report(crisis_month, **t).kpis
    narrow = report.monthly_report(crisis_month, **t, cluster=None).kpis
    for k in ("net_sentiment", "negative_share"):
        assert wide.loc[k, "ci_high"] - wide.loc[k, "ci_low"] > narrow.loc[k, "ci_high"] - narrow.loc[k, "ci_low"]
    assert "clustered by post_id" in report.monthly_report(crisis_month, **t).markdown
    no_posts = {**t, "comments": t["comments"].drop(columns="post_id")}
    with pytest.raises(ValueError, match="lacks the cluster column 'post_id'"):
        report.monthly_report(crisis_month, **no_posts)
    assert report.monthly_report(crisis_month, **no_posts, cluster=None).crisis


def test_crisis_month_actions_lead_with_the_root_cause(tables):
    t, start = tables
    rep = report.monthly_report(f"{start:%Y-%m}", **t)
    assert rep.actions["optimise"][0].startswith("First the incident's root cause")
    assert not any("store finder" in s or "member price" in s for s in rep.actions["optimise"])
    amber_worse = [k for k, r in rep.kpis.iterrows()
                   if r["status"] == "amber" and r["news"] and (r["change"] > 0) != (report.KPIS[k][2] > 0)]
    for k in amber_worse:
        assert any(s.startswith(f"{report.SHORT[k][0].upper()}") and "is amber although" in s for s in rep.changes)


def test_pain_point_rise_needs_the_bonferroni_level():
    # SEED 7 / global, July: availability rose with z = 2.07 (beyond 1.96, not beyond 2.64 for six tests)
    t = {n: data.load(n, seed=7, market="global") for n in ("comments", "survey", "daily_metrics", "campaigns")}
    rep = report.monthly_report("2025-07", **t)
    assert not any("availability" in s for s in rep.changes)
    cn = {n: data.load(n, seed=2024, market="cn") for n in ("comments", "survey", "daily_metrics", "campaigns")}
    assert any("**packaging**" in s for s in report.monthly_report("2025-07", **cn).changes)


def test_english_gloss_is_named_only_when_there_is_one(tables):
    t, start = tables
    rep = report.monthly_report(f"{start:%Y-%m}", **t)
    glossed = (t["comments"]["text"] != t["comments"]["text_en"]).any()
    assert ("(English gloss)" in rep.markdown) == glossed


def test_complaints_are_grouped_by_phrasing_with_the_fillers_given():
    when = pd.Timestamp("2025-07-10")
    texts = ["Honestly? The bottle leaked!!", "The bottle leaked", "the bottle leaked lol", "Ugh: the bottle leaked",
             "The bottle leaked.", "Guys: the bottle leaked 😡"]
    c = pd.DataFrame({"timestamp": [when] * 6, "platform": "x", "sentiment": "negative", "text_en": texts})
    quotes = report._new_complaints(c, pd.Period("2025-07", "M"), pd.Period("2025-06", "M"),
                                    fillers=("honestly", "lol", "guys", "ugh"))
    assert quotes == [("The bottle leaked", 6, 0)]
    # "ugh" is not a filler here: that comment is a phrasing of its own
    assert report._new_complaints(c, pd.Period("2025-07", "M"), None,
                                  fillers=("honestly", "lol", "guys")) == [("The bottle leaked", 5, 0)]
    # no fillers: five different phrasings, none frequent enough (5 or more) to report
    assert report._new_complaints(c, pd.Period("2025-07", "M"), None, fillers=()) == []


def test_a_spike_needs_enough_comments_per_day():
    days = pd.date_range("2025-06-01", periods=40, freq="D")

    def comments(spike_n):
        rows = []
        for i, d in enumerate(days):
            n, neg = (spike_n, spike_n) if i >= 35 else (30, 6)
            rows += [(d + pd.Timedelta(hours=1), "negative")] * neg + [(d + pd.Timedelta(hours=2), "positive")] * (n - neg)
        return pd.DataFrame(rows, columns=["timestamp", "sentiment"])

    assert len(report._spikes(comments(30))) == 1
    assert len(report._spikes(comments(10))) == 0  # 10 comments a day are too few to call a crisis


def test_every_month_renders_all_sections(tables):
    t, _ = tables
    months = sorted(set(t["comments"]["timestamp"].dt.strftime("%Y-%m")))
    for month in months:
        rep = report.monthly_report(month, **t)
        md = rep._repr_markdown_()
        for part in ("monthly evaluation report (月度评估报告)", "#### 1 · Headline KPIs",
                     "#### 2 · What changed and the likely cause",
                     "evaluate → adjust → optimise → re-evaluate (评估→调整→优化→再评估)",
                     "**Evaluate (评估):**", "**Adjust (调整)", "**Optimise (优化)", "**Re-evaluate (再评估):**"):
            assert part in md, (month, part)
        assert md.count("\n| ") == 1 + len(report.KPIS)  # header + one row per KPI
        assert set(rep.actions) == {"evaluate", "adjust", "optimise", "re-evaluate"}
        assert all(rep.actions[k] for k in rep.actions)
        assert "nan" not in md.lower()


def test_first_month_has_no_previous(tables):
    t, _ = tables
    rep = report.monthly_report("2025-01", **t)
    assert rep.previous == "" and "no previous month in the data" in rep.markdown
    assert rep.kpis["previous"].isna().all() and rep.kpis["beyond_noise"].isna().all()


def test_deterministic_and_displayable(tables):
    t, start = tables
    a = report.monthly_report(f"{start:%Y-%m}", **t)
    b = report.monthly_report(f"{start:%Y-%m}", **t)
    assert a.markdown == b.markdown and repr(a) == a.markdown == str(a)
    pd.testing.assert_frame_equal(a.kpis, b.kpis)


def test_kpis_match_their_definitions(tables):
    from course_lib import kpi

    t, _ = tables
    rep = report.monthly_report("2025-03", **t)
    c = t["comments"][t["comments"]["timestamp"].dt.strftime("%Y-%m") == "2025-03"]
    s = t["survey"][t["survey"]["date"].dt.strftime("%Y-%m") == "2025-03"]
    d = t["daily_metrics"][t["daily_metrics"]["date"].dt.strftime("%Y-%m") == "2025-03"]
    k = rep.kpis["estimate"]
    assert k["net_sentiment"] == pytest.approx(kpi.net_sentiment(c, include_neutral=True))
    assert k["negative_share"] == pytest.approx((c["sentiment"] == "negative").mean())
    assert k["satisfaction"] == pytest.approx(s["satisfaction"].mean())
    assert k["nps"] == pytest.approx(kpi.nps(s))
    assert k["engagement_rate"] == pytest.approx(d["engagements"].sum() / d["reach"].sum())
    assert k["net_followers"] == d["follows"].sum() - d["unfollows"].sum()
    ok = rep.kpis.dropna(subset=["ci_low"])
    assert ((ok["ci_low"] <= ok["estimate"]) & (ok["estimate"] <= ok["ci_high"])).all()


def test_targets_drive_the_status(tables):
    t, start = tables
    month = f"{start:%Y-%m}"
    easy = report.monthly_report(month, **t, targets={"nps": -100, "net_sentiment": -1, "engagement_rate": 0.01})
    assert easy.kpis.loc["nps", "status"] == "green"
    assert easy.kpis.loc["net_sentiment", "status"] == "green"
    assert easy.kpis.loc["engagement_rate", "status"] == "green"
    none = report.monthly_report(month, **t, targets={"nps": None})
    assert none.kpis.loc["nps", "status"] == "none"


@pytest.mark.parametrize("est, low, high, target, direction, status", [
    (25, 15, 35, 20, 1, "green"),
    (15, 5, 25, 20, 1, "amber"),
    (5, 0, 10, 20, 1, "red"),
    (0.30, 0.28, 0.32, 0.25, -1, "red"),
    (0.26, 0.24, 0.28, 0.25, -1, "amber"),
    (-5.0, np.nan, np.nan, 0, 1, "red"),
    (1.0, 0.5, 1.5, None, 1, "none"),
])
def test_rag_rule(est, low, high, target, direction, status):
    assert report._status(est, low, high, target, direction) == status


def test_errors_are_clear():
    t = {n: data.load(n) for n in ("comments", "survey", "daily_metrics")}
    for bad in ("2025-7", "July 2025", "2025-13", 202507):
        with pytest.raises(ValueError, match="must be a 'YYYY-MM' string"):
            report.monthly_report(bad, **t)
    with pytest.raises(ValueError, match="outside the data: the tables cover 2025-01 to 2025-12"):
        report.monthly_report("2026-01", **t)
    with pytest.raises(ValueError, match=r"comments lacks column\(s\) \['sentiment'\]"):
        report.monthly_report("2025-07", **{**t, "comments": t["comments"].drop(columns="sentiment")})
    with pytest.raises(ValueError, match="survey is empty"):
        report.monthly_report("2025-07", **{**t, "survey": t["survey"].iloc[:0]})
    with pytest.raises(TypeError, match="daily_metrics must be a pandas DataFrame"):
        report.monthly_report("2025-07", **{**t, "daily_metrics": "daily_metrics.csv"})
    with pytest.raises(ValueError, match=r"unknown KPI name\(s\) \['reach'\]"):
        report.monthly_report("2025-07", **t, targets={"reach": 1})
    with pytest.raises(ValueError, match=r"targets\['nps'\]='high'"):
        report.monthly_report("2025-07", **t, targets={"nps": "high"})
    with pytest.raises(ValueError, match=r"min_change\['nps'\]=-1"):
        report.monthly_report("2025-07", **t, min_change={"nps": -1})
    with pytest.raises(ValueError, match=r"min_change has unknown KPI name\(s\) \['reach'\]"):
        report.monthly_report("2025-07", **t, min_change={"reach": 1})
    with pytest.raises(TypeError, match="fillers must be a tuple or list"):
        report.monthly_report("2025-07", **t, fillers="lol")
