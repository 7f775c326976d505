"""Evaluating one campaign four ways, and a memo generated from the findings.

Chapter 5.3 evaluates one campaign of a case with the four methods of the
source text (000 §五.3): key-metric comparison (关键指标对比), a user survey
(用户调研), conversion analysis (转化率分析) and competitor comparison
(竞品对比). Each method answers a slightly different question and each can
mislead; this module holds what the lesson (and a second notebook) needs:

* :func:`pick_campaign` -- the campaign to evaluate, chosen by a rule from
  the ``campaigns`` table (the online campaign with the most budget per
  platform), never from the truth;
* :func:`clean_controls` -- platforms with no campaign at all in the
  pre-period and the campaign window: the control group of a
  difference-in-differences (:func:`course_lib.experiments.diff_in_diff`);
* :func:`survey_change` -- mean survey score of respondents on the
  campaign's platforms, campaign window vs the weeks before, with an interval;
* :func:`respondents_vs_users` and :func:`self_selected_mean` -- who
  answers: respondents compared with all users on revealed behaviour, and
  what the survey would say if people answered in proportion to how much
  they interact with the brand (a self-selected poll);
* :func:`attribution` -- orders the campaign's posts carry (last-touch
  attribution, 末次触点归因) against the orders it added (incremental, by
  difference-in-differences);
* :func:`mention_lift` -- brand mentions relative to competitors' mentions,
  campaign weeks vs quiet weeks before (share of voice, 声量份额);
* :func:`build_memo` -- a Markdown evaluation memo whose every sentence is
  computed from a findings table (method, estimate, interval, verdict).

Rates and lifts are fractions (0.10 = +10 %); satisfaction is in points of
the 1-5 scale; orders are counts.

Examples
--------
>>> camps = pd.DataFrame({"campaign_id": ["C1", "C2"], "name": ["a", "b"],
...     "kind": ["online", "online"], "platforms": ["x;y", "z"],
...     "start_date": pd.to_datetime(["2025-03-01", "2025-05-01"]),
...     "end_date": pd.to_datetime(["2025-03-20", "2025-05-20"]),
...     "budget": [100.0, 80.0]})
>>> pick_campaign(camps)["campaign_id"]
'C2'

Sources
-------
* Source text 000 §五.3 (four evaluation methods) and §四 (evaluation
  indicators: attention, spread, conversion, feedback, competition).
* Kohavi, R., Tang, D. & Xu, Y. (2020). *Trustworthy Online Controlled
  Experiments*. Cambridge University Press. (Why observational before/after
  comparisons mislead; holdouts.)
* Groves, R. M. (2006). "Nonresponse rates and nonresponse bias in household
  surveys". *Public Opinion Quarterly*, 70(5), 646-675. (Bias depends on
  how answering relates to the answer, not on the response rate.)
* Angrist, J. D. & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*,
  ch. 5. Princeton University Press. (Difference-in-differences.)
"""
from __future__ import annotations

from collections.abc import Sequence
from numbers import Real

import numpy as np
import pandas as pd

from .validation import check_frame, require_columns

__all__ = [
    "FINDINGS_COLUMNS",
    "UNITS",
    "VERDICTS",
    "attribution",
    "build_memo",
    "clean_controls",
    "fmt_value",
    "mention_lift",
    "pick_campaign",
    "respondents_vs_users",
    "self_selected_mean",
    "survey_change",
]

#: Columns a findings table needs for :func:`build_memo`.
FINDINGS_COLUMNS: tuple[str, ...] = ("method", "measure", "estimate", "ci_low", "ci_high",
                                     "unit", "verdict", "reason")
#: Units of a finding: a relative change, points of a rating scale, or a count.
UNITS: tuple[str, ...] = ("relative", "points", "count")
#: Verdicts on a finding's reliability, most trusted first.
VERDICTS: tuple[str, ...] = ("trust", "use with care", "do not use")

_CAMPAIGN_COLUMNS = ("campaign_id", "kind", "platforms", "start_date", "end_date", "budget")


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def _platforms(value: object, param: str) -> list[str]:
    """Platform ids from one campaigns-table cell or a list (shared rules: experiments)."""
    from .experiments import _platform_list

    return _platform_list(value, param)


def _days(value: object, param: str, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{param}: must be a whole number of days >= {low}, got {value!r}")
    return int(value)


def _alpha(alpha: object) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, Real) or not 0 < float(alpha) < 1:
        raise ValueError(f"alpha: must be between 0 and 1 (0.05 gives a 95% interval), got {alpha!r}")
    return float(alpha)


def _t(alpha: float, df: float) -> float:
    from scipy import stats

    return float(stats.t.ppf(1 - alpha / 2, max(df, 1.0)))


def _campaign(campaigns: pd.DataFrame, campaign: str) -> pd.Series:
    check_frame(campaigns, "campaigns")
    require_columns(campaigns, ["campaign_id", "platforms", "start_date", "end_date"], "campaigns")
    hit = campaigns[campaigns["campaign_id"].astype(str) == str(campaign)]
    if len(hit) != 1:
        raise ValueError(f"campaign: {campaign!r} matches {len(hit)} row(s) of campaigns; allowed: "
                         f"{', '.join(campaigns['campaign_id'].astype(str))}")
    return hit.iloc[0]


def _welch(a: np.ndarray, b: np.ndarray, alpha: float) -> tuple[float, float, float]:
    """Difference of means ``a - b`` with a Welch t interval."""
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = float(np.sqrt(va + vb))
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1)) if se > 0 else 1.0
    est = float(a.mean() - b.mean())
    q = _t(alpha, df)
    return est, est - q * se, est + q * se


# --------------------------------------------------------------------------
# which campaign, which controls
# --------------------------------------------------------------------------
def pick_campaign(campaigns: pd.DataFrame, *, kind: str = "online") -> pd.Series:
    """The campaign to evaluate: the ``kind`` campaign with the largest budget per platform.

    Money spread over fewer platforms is the campaign whose effect should be
    easiest to see, and a campaign on few platforms leaves more platforms
    as controls. Ties go to the earlier start.

    Parameters
    ----------
    campaigns : pandas.DataFrame
        ``campaigns``-like: ``campaign_id``, ``kind``, ``platforms``
        (``;``-separated), ``start_date``, ``end_date``, ``budget``.
    kind : str
        Which campaigns may be chosen (``"online"``, ``"offline"``, ``"hybrid"``).

    Returns
    -------
    pandas.Series
        The campaign's row, plus ``n_platforms`` and ``budget_per_platform``.

    Examples
    --------
    >>> camps = pd.DataFrame({"campaign_id": ["C1"], "kind": ["offline"], "platforms": ["a"],
    ...     "start_date": ["2025-01-01"], "end_date": ["2025-01-05"], "budget": [1.0]})
    >>> pick_campaign(camps)
    Traceback (most recent call last):
    ...
    ValueError: kind: no 'online' campaign in campaigns; kinds there: offline
    """
    check_frame(campaigns, "campaigns")
    require_columns(campaigns, list(_CAMPAIGN_COLUMNS), "campaigns")
    mine = campaigns[campaigns["kind"].astype(str) == kind]
    if mine.empty:
        raise ValueError(f"kind: no {kind!r} campaign in campaigns; kinds there: "
                         f"{', '.join(sorted(campaigns['kind'].astype(str).unique()))}")
    n = mine["platforms"].astype(str).str.count(";") + 1
    ranked = mine.assign(n_platforms=n, budget_per_platform=mine["budget"] / n)
    ranked = ranked.sort_values(["budget_per_platform", "start_date"], ascending=[False, True],
                                kind="stable")
    return ranked.iloc[0]


def clean_controls(daily: pd.DataFrame, campaigns: pd.DataFrame, *, campaign: str,
                   pre_days: int = 28, platform: str = "platform") -> list[str]:
    """Platforms with no campaign of their own from ``pre_days`` before ``campaign`` to its end.

    A difference-in-differences compares the campaign's platforms with
    platforms that had nothing going on in the same weeks. A platform that
    ran another campaign in the pre-period or in the window would bring
    that campaign's effect into the comparison.

    Examples
    --------
    >>> daily = pd.DataFrame({"platform": ["a", "b", "c"]})
    >>> camps = pd.DataFrame({"campaign_id": ["C1", "C2"], "platforms": ["a", "b"],
    ...     "start_date": pd.to_datetime(["2025-03-01", "2025-02-10"]),
    ...     "end_date": pd.to_datetime(["2025-03-10", "2025-02-20"])})
    >>> clean_controls(daily, camps, campaign="C1")
    ['c']
    """
    check_frame(daily, "daily")
    require_columns(daily, [platform], "daily")
    row = _campaign(campaigns, campaign)
    pre = _days(pre_days, "pre_days", 2)
    lo = pd.Timestamp(row["start_date"]) - pd.Timedelta(days=pre)
    hi = pd.Timestamp(row["end_date"])
    starts = pd.to_datetime(campaigns["start_date"])
    ends = pd.to_datetime(campaigns["end_date"])
    overlapping = campaigns[(starts <= hi) & (ends >= lo)]
    busy = {p for v in overlapping["platforms"] for p in _platforms(v, "platforms")}
    out = [p for p in dict.fromkeys(daily[platform].astype(str)) if p not in busy]
    if not out:
        raise ValueError(f"campaign: every platform runs a campaign between {lo.date()} and "
                         f"{hi.date()}; no clean control platform is left")
    return out


# --------------------------------------------------------------------------
# survey
# --------------------------------------------------------------------------
def survey_change(survey: pd.DataFrame, *, platforms: object, start: object, end: object,
                  pre_days: int = 28, score: str = "satisfaction", alpha: float = 0.05) -> pd.DataFrame:
    """Mean ``score`` of respondents on ``platforms``: campaign window minus the days before.

    Respondents are those whose ``platform`` (preferred platform) is one of
    the campaign's; the window is ``start``..``end`` (inclusive), the
    baseline the ``pre_days`` days before ``start``. The interval is Welch's
    t interval for a difference of two independent means.

    Returns
    -------
    pandas.DataFrame
        One row: ``mean_before``, ``mean_during``, ``n_before``,
        ``n_during``, ``estimate`` (during - before, in points), ``ci_low``,
        ``ci_high``.

    Notes
    -----
    Different people answer in the two windows; the difference is a change
    of the respondents' average, not of anyone's opinion. It says nothing
    about the campaign if the campaign did not aim at satisfaction.

    Examples
    --------
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-10",
    ...                                           "2025-01-11"]),
    ...                   "platform": ["a"] * 4, "satisfaction": [3, 4, 4, 5]})
    >>> survey_change(s, platforms="a", start="2025-01-10", end="2025-01-11",
    ...               pre_days=8)["estimate"].item()
    1.0
    """
    check_frame(survey, "survey")
    require_columns(survey, ["date", "platform", score], "survey")
    a = _alpha(alpha)
    plats = _platforms(platforms, "platforms")
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if e < s:
        raise ValueError(f"end: {e.date()} is before start {s.date()}")
    pre = _days(pre_days, "pre_days", 1)
    mine = survey[survey["platform"].astype(str).isin(plats)]
    date = pd.to_datetime(mine["date"])
    during = mine.loc[date.between(s, e), score].to_numpy(float)
    before = mine.loc[date.between(s - pd.Timedelta(days=pre), s - pd.Timedelta(days=1)), score].to_numpy(float)
    for name, part in (("campaign window", during), ("pre-period", before)):
        if len(part) < 2:
            raise ValueError(f"survey: only {len(part)} respondent(s) on {plats} in the {name}; "
                             "at least 2 are needed (widen pre_days or pool platforms)")
    est, lo, hi = _welch(during, before, a)
    return pd.DataFrame({"mean_before": [before.mean()], "mean_during": [during.mean()],
                         "n_before": [len(before)], "n_during": [len(during)],
                         "estimate": [est], "ci_low": [lo], "ci_high": [hi]})


def respondents_vs_users(survey: pd.DataFrame, users: pd.DataFrame, *,
                         columns: Sequence[str] = ("orders", "spend"), alpha: float = 0.05,
                         user_id: str = "user_id") -> pd.DataFrame:
    """Respondents compared with all users on behaviour the brand observes (revealed, not stated).

    For each column of ``users``: the respondents' mean, all users' mean,
    the ``gap`` (respondents / all users - 1) and an interval for it (the
    respondents' mean has the sampling error; all users are a census).

    Examples
    --------
    >>> u = pd.DataFrame({"user_id": ["a", "b", "c", "d"], "orders": [0, 2, 4, 2]})
    >>> s = pd.DataFrame({"user_id": ["b", "c"]})
    >>> respondents_vs_users(s, u, columns=["orders"])[["respondents", "all_users", "gap"]]
       respondents  all_users  gap
    0          3.0        2.0  0.5
    """
    check_frame(survey, "survey")
    check_frame(users, "users")
    cols = list(columns)
    require_columns(survey, [user_id], "survey")
    require_columns(users, [user_id, *cols], "users")
    a = _alpha(alpha)
    resp = users[users[user_id].isin(survey[user_id])]
    if len(resp) < 2:
        raise ValueError(f"survey: only {len(resp)} respondent(s) found in users; check {user_id!r}")
    q = _t(a, len(resp) - 1)
    rows = []
    for c in cols:
        x = resp[c].to_numpy(float)
        base = float(users[c].mean())
        if base == 0:
            raise ValueError(f"columns: all users' mean of {c!r} is 0; a relative gap needs a positive mean")
        se = x.std(ddof=1) / np.sqrt(len(x))
        rows.append({"column": c, "respondents": x.mean(), "all_users": base,
                     "gap": x.mean() / base - 1, "ci_low": (x.mean() - q * se) / base - 1,
                     "ci_high": (x.mean() + q * se) / base - 1, "n_respondents": len(x)})
    out = pd.DataFrame(rows)
    out["column"] = out["column"].astype("str")
    return out


def self_selected_mean(survey: pd.DataFrame, users: pd.DataFrame, *, score: str = "satisfaction",
                       activity: str | Sequence[str] = ("likes", "comments", "shares"),
                       by: str = "segment", user_id: str = "user_id") -> pd.DataFrame:
    """What a self-selected poll would report: answering in proportion to interactions.

    A poll posted on the brand's account is answered mostly by people who
    interact with it. This weights each respondent of a random survey by
    their interactions with the brand (sum of the ``activity`` columns of
    ``users``), i.e. the expected result of a poll in which the chance to
    answer is proportional to interactions, and compares it with the
    unweighted (random-sample) mean. ``activity`` may also name a column
    of the survey itself: ``activity="satisfaction"`` is a poll that fans
    answer more readily (the chance to answer rises with the answer).

    Returns
    -------
    pandas.DataFrame
        One row per group of ``by`` and a final ``"all"`` row: ``share_random``
        and ``share_self_selected`` (the group's share of respondents), and
        ``mean_random``, ``mean_self_selected`` of ``score``.

    Notes
    -----
    Groves (2006): non-response bias depends on how the chance to answer is
    related to the answer, not on the response rate. Here it goes through
    the mix of groups: groups that interact more and score differently
    are over-represented.

    Examples
    --------
    >>> u = pd.DataFrame({"user_id": ["a", "b"], "segment": ["x", "y"], "likes": [3, 1]})
    >>> s = pd.DataFrame({"user_id": ["a", "b"], "segment": ["x", "y"], "satisfaction": [5, 1]})
    >>> self_selected_mean(s, u, activity=["likes"])[["segment", "mean_random", "mean_self_selected"]]
      segment  mean_random  mean_self_selected
    0       x          5.0                 5.0
    1       y          1.0                 1.0
    2     all          3.0                 4.0
    """
    check_frame(survey, "survey")
    check_frame(users, "users")
    act = [activity] if isinstance(activity, str) else list(activity)
    require_columns(survey, [user_id, score, by], "survey")
    require_columns(users, [user_id], "users")
    extra = [c for c in users.columns if c not in survey.columns or c == user_id]
    j = survey.merge(users[extra], on=user_id, how="inner")
    require_columns(j, act, "activity (survey or users)")
    if j.empty:
        raise ValueError(f"survey: no respondent's {user_id!r} is in users")
    w = j[act].sum(axis=1).to_numpy(float)
    if (w < 0).any():
        raise ValueError(f"activity: {act} must not be negative (they are weights)")
    if w.sum() <= 0:
        raise ValueError(f"activity: the respondents have no {act} at all; nothing to weight by")
    j = j.assign(_w=w, _ws=w * j[score].to_numpy(float), _one=1.0)
    g = j.groupby(by, observed=True)[["_one", "_w", score, "_ws"]].sum()
    out = pd.DataFrame({
        by: g.index.astype(str),
        "share_random": (g["_one"] / g["_one"].sum()).to_numpy(),
        "share_self_selected": (g["_w"] / g["_w"].sum()).to_numpy(),
        "mean_random": (g[score] / g["_one"]).to_numpy(),
        "mean_self_selected": (g["_ws"] / g["_w"]).to_numpy(),
    })
    total = pd.DataFrame({by: ["all"], "share_random": [1.0], "share_self_selected": [1.0],
                          "mean_random": [float(j[score].mean())],
                          "mean_self_selected": [float(j["_ws"].sum() / j["_w"].sum())]})
    out = pd.concat([out, total], ignore_index=True)
    out[by] = out[by].astype("str")
    return out


# --------------------------------------------------------------------------
# conversion analysis
# --------------------------------------------------------------------------
def attribution(posts: pd.DataFrame, daily: pd.DataFrame, campaigns: pd.DataFrame, *,
                campaign: str, control: object, pre_days: int = 28, alpha: float = 0.05) -> pd.DataFrame:
    """Orders attributed to a campaign (last touch) vs the orders it added (DiD).

    * **Attributed** (末次触点): every order of a post tagged with the
      campaign (``posts.campaign_id``), i.e. every order on the campaign's
      platforms during its days -- including orders that would have
      happened anyway.
    * **Incremental**: ``attributed x L / (1 + L)``, where ``L`` is the
      difference-in-differences lift of daily conversions (campaign
      platforms vs ``control``, the window vs ``pre_days`` before); the
      interval comes from the interval of ``L``.

    Returns
    -------
    pandas.DataFrame
        One row: ``attributed``, ``revenue_attributed``, ``lift``,
        ``lift_low``, ``lift_high``, ``incremental_share`` (``L / (1 + L)``),
        ``incremental``, ``incremental_low``, ``incremental_high``.

    Examples
    --------
    >>> days = pd.date_range("2025-01-01", periods=40)
    >>> daily = pd.DataFrame({"date": days.repeat(2), "platform": ["t", "c"] * 40,
    ...     "conversions": np.ravel([[100, 50]] * 30 + [[150, 50]] * 10)})
    >>> posts = pd.DataFrame({"campaign_id": ["C1"], "conversions": [1500], "revenue": [0.0]})
    >>> camps = pd.DataFrame({"campaign_id": ["C1"], "platforms": ["t"],
    ...     "start_date": ["2025-01-31"], "end_date": ["2025-02-09"]})
    >>> attribution(posts, daily, camps, campaign="C1", control="c")[["attributed", "incremental"]]
       attributed  incremental
    0        1500        500.0
    """
    from . import experiments as exp

    check_frame(posts, "posts")
    require_columns(posts, ["campaign_id", "conversions", "revenue"], "posts")
    row = _campaign(campaigns, campaign)
    tagged = posts[posts["campaign_id"].astype("str").eq(str(campaign)).fillna(False).to_numpy(bool)]
    if tagged.empty:
        raise ValueError(f"campaign: no post in posts is tagged {campaign!r} (posts.campaign_id)")
    att = int(tagged["conversions"].sum())
    r = exp.diff_in_diff(daily, metric="conversions", treated=row["platforms"], control=control,
                         start=row["start_date"], end=row["end_date"], pre_days=pre_days,
                         alpha=alpha).iloc[0]
    share = lambda L: L / (1 + L)  # noqa: E731 - incremental share of a lift
    return pd.DataFrame({
        "attributed": [att], "revenue_attributed": [float(tagged["revenue"].sum())],
        "lift": [r["estimate"]], "lift_low": [r["ci_low"]], "lift_high": [r["ci_high"]],
        "incremental_share": [share(r["estimate"])],
        "incremental": [att * share(r["estimate"])],
        "incremental_low": [att * share(r["ci_low"])],
        "incremental_high": [att * share(r["ci_high"])],
    })


# --------------------------------------------------------------------------
# competitor comparison
# --------------------------------------------------------------------------
def _weeks_touching(week_start: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    return (week_start <= end) & (week_start + pd.Timedelta(days=6) >= start)


def mention_lift(competitors: pd.DataFrame, campaigns: pd.DataFrame, *, campaign: str,
                 before_weeks: int = 8, alpha: float = 0.05) -> pd.DataFrame:
    """Brand mentions relative to competitors': campaign weeks vs quiet weeks before.

    Each week, ``r = brand mentions / competitors' mentions``. The campaign
    weeks are the weeks that overlap the campaign; the baseline is the
    weeks among the ``before_weeks`` before it that overlap **no** campaign
    of the table. ``lift = exp(mean log r (campaign) - mean log r
    (baseline)) - 1``, with a Welch t interval on the log scale. Dividing by
    the competitors' mentions removes whatever moves the whole category
    (their weeks play the role of control platforms).

    Returns
    -------
    pandas.DataFrame
        One row: ``sov_before`` and ``sov_during`` (pooled share of voice:
        brand mentions / all mentions), ``brand_change`` (brand mentions
        alone, during / before - 1), ``competitor_change``, ``estimate``
        (the lift), ``ci_low``, ``ci_high``, ``weeks_before``, ``weeks_during``.

    Examples
    --------
    >>> weeks = pd.date_range("2025-01-01", periods=10, freq="7D")
    >>> brand = [100, 110, 90, 100, 105, 95, 100, 150, 160, 140]
    >>> comp = pd.DataFrame({"week_start": weeks.repeat(2), "is_brand": [True, False] * 10,
    ...     "mentions": np.ravel(np.column_stack([brand, [200] * 10]))})
    >>> camps = pd.DataFrame({"campaign_id": ["C1"], "platforms": ["a"],
    ...     "start_date": [weeks[7]], "end_date": [weeks[9] + pd.Timedelta(days=6)]})
    >>> r = mention_lift(comp, camps, campaign="C1", before_weeks=7)
    >>> r[["weeks_before", "weeks_during"]].values.tolist(), round(r["brand_change"].item(), 2)
    ([[7, 3]], 0.5)
    """
    check_frame(competitors, "competitors")
    require_columns(competitors, ["week_start", "is_brand", "mentions"], "competitors")
    a = _alpha(alpha)
    n_before = _days(before_weeks, "before_weeks", 2)
    row = _campaign(campaigns, campaign)
    s, e = pd.Timestamp(row["start_date"]), pd.Timestamp(row["end_date"])
    brand = competitors["is_brand"].astype(bool)
    wk = (competitors.assign(_b=competitors["mentions"].where(brand, 0),
                             _c=competitors["mentions"].where(~brand, 0))
          .groupby("week_start")[["_b", "_c"]].sum().reset_index())
    if (wk[["_b", "_c"]] <= 0).any().any():
        raise ValueError("competitors: a week has no brand or no competitor mentions; "
                         "the weekly ratio needs both")
    ws = pd.to_datetime(wk["week_start"])
    during = _weeks_touching(ws, s, e)
    busy = pd.Series(False, index=wk.index)
    for lo, hi in zip(pd.to_datetime(campaigns["start_date"]), pd.to_datetime(campaigns["end_date"])):
        busy |= _weeks_touching(ws, lo, hi)
    window = (ws < s) & (ws >= s - pd.Timedelta(days=7 * n_before))
    before = window & ~busy
    if during.sum() < 1 or before.sum() < 2:
        raise ValueError(f"before_weeks: {int(before.sum())} campaign-free week(s) before and "
                         f"{int(during.sum())} campaign week(s) in competitors; need at least 2 and 1")
    logr = np.log(wk["_b"] / wk["_c"]).to_numpy(float)
    d, b = logr[during.to_numpy()], logr[before.to_numpy()]
    if len(d) >= 2:
        est, lo, hi = _welch(d, b, a)
    else:  # one campaign week: the baseline's spread stands for both
        est = float(d.mean() - b.mean())
        half = _t(a, len(b) - 1) * b.std(ddof=1) * np.sqrt(1 + 1 / len(b))
        lo, hi = est - half, est + half
    sums = lambda m: wk.loc[m, ["_b", "_c"]].sum()  # noqa: E731
    bb, dd = sums(before.to_numpy()), sums(during.to_numpy())
    return pd.DataFrame({
        "sov_before": [bb["_b"] / (bb["_b"] + bb["_c"])], "sov_during": [dd["_b"] / (dd["_b"] + dd["_c"])],
        "brand_change": [(dd["_b"] / during.sum()) / (bb["_b"] / before.sum()) - 1],
        "competitor_change": [(dd["_c"] / during.sum()) / (bb["_c"] / before.sum()) - 1],
        "estimate": [np.expm1(est)], "ci_low": [np.expm1(lo)], "ci_high": [np.expm1(hi)],
        "weeks_before": [int(before.sum())], "weeks_during": [int(during.sum())],
    })


# --------------------------------------------------------------------------
# the memo
# --------------------------------------------------------------------------
def fmt_value(value: float, unit: str) -> str:
    """A finding's number as text: ``+12%`` (relative), ``+0.05 points``, ``1,234`` (count).

    >>> fmt_value(0.123, "relative"), fmt_value(-0.05, "points"), fmt_value(1234.4, "count")
    ('+12%', '-0.05 points', '1,234')
    """
    if unit not in UNITS:
        raise ValueError(f"unit: unknown unit {unit!r}; allowed: {', '.join(UNITS)}")
    if value is None or not np.isfinite(value):
        return "n/a"
    if unit == "relative":
        return f"{value:+.0%}"
    if unit == "points":
        return f"{value:+.2f} points"
    return f"{value:,.0f}"


def _interval(row: pd.Series, level: float) -> str:
    if not (np.isfinite(row["ci_low"]) and np.isfinite(row["ci_high"])):
        return "no interval: a count of what happened, not an estimate of an effect"
    lo, hi = fmt_value(row["ci_low"], row["unit"]), fmt_value(row["ci_high"], row["unit"])
    return f"{level:.0%} interval {lo} to {hi}"


def _excludes_zero(row: pd.Series) -> bool:
    return bool(np.isfinite(row["ci_low"]) and (row["ci_low"] > 0 or row["ci_high"] < 0))


def _check_findings(findings: object) -> pd.DataFrame:
    f = check_frame(findings, "findings", why="one row per evaluation method is needed")
    require_columns(f, list(FINDINGS_COLUMNS), "findings")
    bad_unit = sorted(set(f["unit"].astype(str)) - set(UNITS))
    if bad_unit:
        raise ValueError(f"findings: unknown unit(s) {bad_unit} in column 'unit'; allowed: {', '.join(UNITS)}")
    bad_verdict = sorted(set(f["verdict"].astype(str)) - set(VERDICTS))
    if bad_verdict:
        raise ValueError(f"findings: unknown verdict(s) {bad_verdict} in column 'verdict'; "
                         f"allowed: {', '.join(VERDICTS)}")
    est = pd.to_numeric(f["estimate"], errors="coerce")
    if est.isna().any():
        raise ValueError("findings: column 'estimate' needs a number in every row")
    lo, hi = pd.to_numeric(f["ci_low"], errors="coerce"), pd.to_numeric(f["ci_high"], errors="coerce")
    if (lo.isna() != hi.isna()).any() or ((lo > est) | (hi < est)).any():
        raise ValueError("findings: each row needs ci_low <= estimate <= ci_high (or both bounds missing)")
    return f.assign(estimate=est.astype(float), ci_low=lo.astype(float), ci_high=hi.astype(float))


def _more_data(row: pd.Series) -> str:
    """What would narrow a finding's interval, chosen by what the finding measures."""
    text = f"{row['method']} {row['measure']}".lower()
    if "survey" in text or "respondent" in text or "satisfaction" in text:
        return "more respondents in each window (a larger sample or a longer fieldwork period)"
    if "competitor" in text or "mention" in text or "share of voice" in text:
        return "more campaign-free weeks as the baseline, or a longer campaign"
    if any(w in text for w in ("order", "conversion", "revenue")):
        return "a longer campaign window or more control platforms, so that more orders enter the comparison"
    return "a longer window or more control platforms"


def _width(row: pd.Series) -> str:
    """The interval's width with its unit: percentage points, rating points or the counted things."""
    w = float(row["ci_high"] - row["ci_low"])
    if row["unit"] == "relative":
        return f"{w * 100:.0f} percentage points"
    if row["unit"] == "points":
        return f"{w:.2f} points"
    noun = str(row["measure"]).split()[0] if str(row["measure"]).strip() else "units"
    return f"{w:,.0f} {noun}"


def _next_step(row: pd.Series, level: float) -> str:
    m = f"{row['measure']} ({row['method']})"
    m = m[:1].upper() + m[1:]
    if row["verdict"] == "do not use":
        return f"{m}: stop reporting it as the campaign's effect; show it only next to a trusted estimate."
    if not np.isfinite(row["ci_low"]):
        return f"{m}: report it as a volume, not as an effect."
    if not _excludes_zero(row):
        return (f"{m}: the {level:.0%} interval is {_width(row)} wide and includes no change; "
                f"it needs more data before a conclusion: {_more_data(row)}.")
    if row["verdict"] != "trust":
        return (f"{m}: the interval excludes no change, but the caveat above applies; confirm it with "
                "a design that has a control group before acting on it.")
    return (f"{m}: keep it in the scorecard and plan a holdout (a region or audience without the "
            "campaign) so the next campaign is measured against a randomised control.")


def build_memo(findings: pd.DataFrame, *, case_title: str, campaign: str, level: float = 0.95,
               brand: str | None = None) -> str:
    """A Markdown evaluation memo (效果评估报告) computed from a findings table.

    Parameters
    ----------
    findings : pandas.DataFrame
        One row per finding with :data:`FINDINGS_COLUMNS`: ``method`` (e.g.
        "key-metric before/after"), ``measure`` (what was measured; for a
        count, start with the counted thing, e.g. "orders added", which
        names the unit of its interval in the next steps),
        ``estimate``, ``ci_low``, ``ci_high`` (NaN for a count without an
        interval), ``unit`` (one of :data:`UNITS`), ``verdict`` (one of
        :data:`VERDICTS`) and ``reason`` (one sentence: why the verdict).
    case_title : str
        The case, for the title.
    campaign : str
        The campaign evaluated (name and id), for the title.
    level : float
        Level of the intervals, for the text.
    brand : str, optional
        Brand name for the headline.

    Returns
    -------
    str
        Markdown: title, headline finding (the first ``"trust"`` finding,
        else the first ``"use with care"`` one), evidence by method with
        intervals, what we trust and why, caveats, next steps. The same
        findings give the same text.

    Examples
    --------
    >>> f = pd.DataFrame({"method": ["DiD"], "measure": ["daily follows"], "estimate": [0.5],
    ...     "ci_low": [0.4], "ci_high": [0.6], "unit": ["relative"], "verdict": ["trust"],
    ...     "reason": ["the control platforms remove the season."]})
    >>> memo = build_memo(f, case_title="Case", campaign="Quiz weeks (CA05)")
    >>> memo.splitlines()[0]
    '### Evaluation memo: Quiz weeks (CA05) · Case'
    >>> "+50% (95% interval +40% to +60%)" in memo
    True
    """
    f = _check_findings(findings)
    for name, value in (("case_title", case_title), ("campaign", campaign)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name}: give a non-empty title, got {value!r}")
    if isinstance(level, bool) or not isinstance(level, Real) or not 0 < float(level) < 1:
        raise ValueError(f"level: must be between 0 and 1 (e.g. 0.95), got {level!r}")
    who = f"{brand}'s " if brand else "the "
    rank = f["verdict"].map({v: i for i, v in enumerate(VERDICTS)})
    usable = f[(rank <= 1).to_numpy()]
    lines = [f"### Evaluation memo: {campaign} · {case_title}", ""]
    if usable.empty:
        lines.append(f"**Headline.** None of the {len(f)} methods gives an estimate we can use for "
                     f"{who}campaign; the next steps below say what to collect.")
    else:
        best = usable.loc[rank[usable.index].sort_values(kind="stable").index[0]]
        direction = ("raised" if _excludes_zero(best) and best["estimate"] > 0
                     else "lowered" if _excludes_zero(best) else "did not clearly change")
        lines.append(f"**Headline.** By the most reliable method ({best['method']}), {who}campaign "
                     f"{direction} {best['measure']}: {fmt_value(best['estimate'], best['unit'])} "
                     f"({_interval(best, level)}).")
    lines += ["", "**Evidence by method**", ""]
    for _, r in f.iterrows():
        lines.append(f"- *{r['method']}* — {r['measure']}: {fmt_value(r['estimate'], r['unit'])} "
                     f"({_interval(r, level)}). Verdict: **{r['verdict']}**.")
    trusted = f[f["verdict"] == "trust"]
    lines += ["", "**What we trust and why**", ""]
    if trusted.empty:
        lines.append("- No method earns full trust for this campaign.")
    lines += [f"- {r['method']}: {r['reason']}" for _, r in trusted.iterrows()]
    caveats = f[f["verdict"] != "trust"]
    lines += ["", "**Caveats**", ""]
    if caveats.empty:
        lines.append("- Every method earned trust; the usual assumptions of each still apply.")
    lines += [f"- {r['method']} ({r['verdict']}): {r['reason']}" for _, r in caveats.iterrows()]
    lines += ["", "**Next steps**", ""]
    lines += [f"{i}. {_next_step(r, level)}" for i, (_, r) in enumerate(f.iterrows(), 1)]
    return "\n".join(lines) + "\n"
