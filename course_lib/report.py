"""The monthly evaluation report: evaluate → adjust → optimise → re-evaluate.

The source plan asks for a full data review every month or quarter, compared
with history, that feeds a loop of 评估 → 调整 → 优化 → 再评估 (evaluate →
adjust → optimise → re-evaluate): keep what works, fix or stop what does not,
then measure again. :func:`monthly_report` writes that review for one month
from the course tables, in words a manager can act on:

1. **Headline KPIs** -- this month against the previous month and against
   fixed targets, with 95 % intervals, an arrow for the change (filled when
   the change is larger than sampling noise *and* at least the smallest
   change that matters, :data:`MIN_CHANGE`) and a RAG status (red / amber /
   green): green meets the target, amber misses it but the target is inside
   the interval (could be noise), red misses it beyond noise. Comments under
   the same post are alike, so comment KPIs treat each post as one cluster
   (wider, honest intervals).
2. **What changed and the likely cause** -- changes beyond noise that
   matter, a sudden jump in the daily share of negative comments (a crisis
   signal), the survey pain point that rose (tested with a Bonferroni
   correction, as several pain points are tested at once), the negative
   comments that became frequent, campaigns that ran this month or the
   month before.
3. **Actions** along the loop, chosen by rules from the findings.

The rules are deliberately simple and stated in the text; the report flags
likely causes, it does not prove them. Everything is deterministic: the same
tables give the same words.

Sources: the course's source document (社交媒体运营策略与效果评估), part 4
(3) "定期评估与反馈机制建立" and (4) "基于评估结果的优化策略调整"; AMEC
(2020) *Barcelona Principles 3.0* (measure outcomes, state the method);
Cochran, W. G. (1977) *Sampling Techniques* (3rd ed.), Wiley: the variance
of a ratio estimator used for the engagement rate and, with posts as
clusters, for the comment KPIs; Kish, L. (1965) *Survey Sampling*, Wiley:
the design effect; Dunn, O. J. (1961) "Multiple comparisons among means",
*JASA* 56(293): the Bonferroni correction.

>>> from course_lib import data
>>> tables = {n: data.load(n) for n in ("comments", "survey", "daily_metrics")}
>>> rep = monthly_report("2025-07", **tables)
>>> rep.kpis.loc["net_sentiment", "status"], rep.crisis
('red', True)
>>> monthly_report("2024-07", **tables)
Traceback (most recent call last):
...
ValueError: month='2024-07' is outside the data: the tables cover 2025-01 to 2025-12
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import kpi
from . import survey as _survey
from . import text as _text
from .markets import DISPLAY_NAMES

__all__ = ["DEFAULT_TARGETS", "KPIS", "MIN_CHANGE", "MonthlyReport", "PAIN_ACTIONS", "SHORT", "monthly_report"]

#: Illustrative targets of the course brand (set once, the same every month).
#: ``None`` means "no target set": the KPI is reported without a status.
DEFAULT_TARGETS: dict[str, float | None] = {
    "net_sentiment": 0.20,
    "negative_share": 0.25,
    "satisfaction": 3.7,
    "nps": 20.0,
    "engagement_rate": None,
    "net_followers": 0.0,
}

#: The smallest change from one month to the next worth reporting, in the KPI's
#: unit (shares and net sentiment as fractions: 0.05 = 5 points). A change
#: beyond sampling noise but smaller than this is real but too small to act
#: on; both conditions make news. ``None``: every change beyond noise counts.
MIN_CHANGE: dict[str, float | None] = {
    "net_sentiment": 0.05,
    "negative_share": 0.05,
    "satisfaction": 0.10,
    "nps": 5.0,
    "engagement_rate": 0.005,
    "net_followers": None,
}

#: name -> (label, display format, direction: +1 higher is better, -1 lower is better)
KPIS: dict[str, tuple[str, str, int]] = {
    "net_sentiment": ("Net sentiment of comments (neutrals included)", "{:+.0%}", 1),
    "negative_share": ("Share of negative comments", "{:.0%}", -1),
    "satisfaction": ("Survey satisfaction (mean, 1-5)", "{:.2f}", 1),
    "nps": ("Net Promoter Score (-100 to 100)", "{:+.0f}", 1),
    "engagement_rate": ("Engagement rate by reach", "{:.2%}", 1),
    "net_followers": ("Net new followers (follows - unfollows)", "{:+,.0f}", 1),
}

#: Short names, used in sentences.
SHORT: dict[str, str] = {"net_sentiment": "net sentiment", "negative_share": "negative share",
                         "satisfaction": "satisfaction", "nps": "NPS", "engagement_rate": "engagement rate",
                         "net_followers": "net new followers"}


def _fmt_change(name: str, change: float) -> str:
    """A change between two months: percentage points for shares, else the KPI's unit."""
    if name in ("net_sentiment", "negative_share"):
        return f"{100 * change:+.0f} pts"
    if name == "engagement_rate":
        return f"{100 * change:+.2f} pts"
    return {"satisfaction": "{:+.2f}", "nps": "{:+.0f}", "net_followers": "{:+,.0f}"}[name].format(change)


#: Optimisation for the survey's main pain point.
PAIN_ACTIONS: dict[str, str] = {
    "price": "test a bundle or a member price against the current one (an A/B test, 4.4) before any "
             "general price cut",
    "taste": "collect flavour feedback from the comments and the community, and pilot the most "
             "requested change",
    "availability": "add a 'where to buy' store finder to the profile and push distribution where "
                    "questions come from",
    "packaging": "work with quality control on the packaging fault, and show the fix (before/after) "
                 "in posts",
    "delivery": "review the delivery partner's times, and post realistic delivery dates",
    "sugar": "make the low-sugar and sugar-free range more visible in content",
    "none": "ask satisfied customers for reviews and user-generated content",
}

_Z95 = 1.959963984540054
_SPIKE_POINTS = 0.15  # daily negative share above the 28-day median by this much ...
_SPIKE_Z = 3.0        # ... and by this many binomial standard errors ...
_SPIKE_RUN = 3        # ... on at least this many consecutive days = a crisis signal
_SPIKE_MIN_N = 20     # days with fewer comments than this cannot be flagged (too noisy)


# --------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------

_NEEDS = {
    "comments": ("timestamp", "platform", "sentiment"),  # + the cluster column (post_id)
    "survey": ("date", "satisfaction", "nps", "pain_point"),
    "daily_metrics": ("date", "platform", "engagements", "reach", "follows", "unfollows"),
}


def _check_table(frame: object, name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame (e.g. data.load({name!r})), "
                        f"got {type(frame).__name__}")
    missing = [c for c in _NEEDS[name] if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}; it needs {list(_NEEDS[name])}")
    if len(frame) == 0:
        raise ValueError(f"{name} is empty (0 rows)")
    return frame


def _month(month: object, covered: pd.PeriodIndex) -> pd.Period:
    if not isinstance(month, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise ValueError(f"month={month!r} must be a 'YYYY-MM' string such as '2025-07'")
    period = pd.Period(month, freq="M")
    if period not in covered:
        raise ValueError(f"month={month!r} is outside the data: the tables cover "
                         f"{covered.min()} to {covered.max()}")
    return period


def _targets_like(given: Mapping[str, float | None] | None, default: Mapping[str, float | None],
                  name: str) -> dict[str, float | None]:
    out = dict(default)
    if given is None:
        return out
    if not isinstance(given, Mapping):
        raise TypeError(f"{name} must be a dict like {{'nps': 20}}, got {type(given).__name__}")
    unknown = sorted(set(given) - set(KPIS))
    if unknown:
        raise ValueError(f"{name} has unknown KPI name(s) {unknown}; allowed: {', '.join(KPIS)}")
    for k, v in given.items():
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v)):
            raise ValueError(f"{name}[{k!r}]={v!r} must be a finite number or None")
        if name == "min_change" and v is not None and v < 0:
            raise ValueError(f"{name}[{k!r}]={v!r} must be >= 0")
        out[k] = None if v is None else float(v)
    return out


def _targets(targets: Mapping[str, float | None] | None) -> dict[str, float | None]:
    return _targets_like(targets, DEFAULT_TARGETS, "targets")


# --------------------------------------------------------------------------
# the KPIs of one month
# --------------------------------------------------------------------------

def _in_month(frame: pd.DataFrame, column: str, month: pd.Period) -> pd.DataFrame:
    return frame[frame[column].dt.to_period("M") == month]


def _kpis_of(month: pd.Period, comments: pd.DataFrame, answers: pd.DataFrame,
             daily: pd.DataFrame, cluster: str | None) -> pd.DataFrame:
    """estimate, se, ci_low, ci_high, n for each KPI in one month (NaN when no data)."""
    rows = {k: dict(estimate=np.nan, se=np.nan, ci_low=np.nan, ci_high=np.nan, n=0) for k in KPIS}
    c = _in_month(comments, "timestamp", month)
    if len(c):
        for name, res in (("net_sentiment", _text.net_sentiment_interval(c, include_neutral=True, cluster=cluster)),
                          ("negative_share", _text.share_interval(c, label="negative", cluster=cluster))):
            r = res.iloc[0]
            rows[name] = dict(estimate=float(r["estimate"]), se=float(r["se"]), ci_low=float(r["ci_low"]),
                              ci_high=float(r["ci_high"]), n=int(r["n"]))
    a = _in_month(answers, "date", month)
    if len(a):
        for name, res in (("satisfaction", _survey.satisfaction_mean(a)), ("nps", _survey.nps_interval(a))):
            r = res.iloc[0]
            rows[name] = dict(estimate=float(r["estimate"]), se=float(r["se"]), ci_low=float(r["ci_low"]),
                              ci_high=float(r["ci_high"]), n=int(r["n"]))
    d = _in_month(daily, "date", month)
    if len(d):
        e = d["engagements"].to_numpy(dtype="float64")
        reach = d["reach"].to_numpy(dtype="float64")
        rate = kpi.engagement_rate(d, denominator="reach", aggregate="ratio", engagements="engagements")
        k = len(d)
        # ratio estimator over platform-days, stratified by platform (Cochran 1977): the
        # day-to-day variation around each platform's own rate, not a binomial error
        plat = d["platform"].to_numpy()
        sums = pd.DataFrame({"p": plat, "e": e, "r": reach}).groupby("p")[["e", "r"]].transform("sum")
        count = pd.Series(plat).map(pd.Series(plat).value_counts()).to_numpy(dtype="float64")
        with np.errstate(all="ignore"):
            resid = e - (sums["e"] / sums["r"]).to_numpy() * reach
            weight = np.where(count > 1, count / (count - 1), np.nan)
        se = float(np.sqrt(np.nansum(weight * resid ** 2)) / reach.sum()) if k > 1 else np.nan
        rows["engagement_rate"] = dict(estimate=rate, se=se, ci_low=rate - _Z95 * se,
                                       ci_high=rate + _Z95 * se, n=k)
        net = float(d["follows"].sum() - d["unfollows"].sum())
        rows["net_followers"] = dict(estimate=net, se=np.nan, ci_low=np.nan, ci_high=np.nan, n=k)
    return pd.DataFrame.from_dict(rows, orient="index")


def _status(est: float, low: float, high: float, target: float | None, direction: int) -> str:
    if target is None or np.isnan(est):
        return "none"
    if direction * (est - target) >= 0:
        return "green"
    if not np.isnan(low) and low <= target <= high:
        return "amber"
    return "red"


# --------------------------------------------------------------------------
# signals: crisis spike, pain points, new complaints
# --------------------------------------------------------------------------

def _spikes(comments: pd.DataFrame) -> pd.DataFrame:
    """Runs of consecutive days with a sudden jump in the share of negative comments."""
    day = comments["timestamp"].dt.normalize()
    daily = (pd.DataFrame({"day": day, "neg": comments["sentiment"].astype(str).eq("negative")})
             .groupby("day")["neg"].agg(["size", "sum"]))
    daily = daily.reindex(pd.date_range(daily.index.min(), daily.index.max(), freq="D"))
    share = daily["sum"] / daily["size"]
    base = share.rolling(28, min_periods=14).median().shift(1)
    with np.errstate(all="ignore"):
        z = (share - base) / np.sqrt(base * (1 - base) / daily["size"])
    flag = ((share - base) > _SPIKE_POINTS) & (z > _SPIKE_Z) & (daily["size"] >= _SPIKE_MIN_N)
    run_id = (flag != flag.shift()).cumsum()
    runs = (pd.DataFrame({"flag": flag, "run": run_id, "share": share, "base": base})
            [flag].reset_index(names="day").groupby("run")
            .agg(start=("day", "min"), end=("day", "max"), days=("day", "size"),
                 peak=("share", "max"), baseline=("base", "first")))
    return runs[runs["days"] >= _SPIKE_RUN].reset_index(drop=True)


def _fmt(name: str, value: float) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    return KPIS[name][1].format(value)


def _month_name(p: pd.Period) -> str:
    return p.strftime("%B %Y")


def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%B}"


def _quote_column(comments: pd.DataFrame) -> str | None:
    return "text_en" if "text_en" in comments.columns else ("text" if "text" in comments.columns else None)


def _new_complaints(comments: pd.DataFrame, month: pd.Period, previous: pd.Period | None,
                    fillers: tuple[str, ...] | list[str], k: int = 3) -> list[tuple[str, int, int]]:
    """Negative phrasings that became frequent: (quote, count this month, count previous month).

    Comments are grouped by phrasing (:func:`course_lib.text.normalise`:
    ``fillers``, punctuation and emoji removed); each phrasing is quoted in
    its most common written form, fillers stripped.
    """
    column = _quote_column(comments)
    if column is None:
        return []
    neg = comments[comments["sentiment"].astype(str) == "negative"]
    months = neg["timestamp"].dt.to_period("M")
    neg = neg[(months == month) | (months == previous)] if previous is not None else neg[months == month]
    if not len(neg):
        return []
    months = neg["timestamp"].dt.to_period("M")
    shown = _text.strip_fillers(neg[column], fillers=fillers).str.rstrip(" .。!！~～")
    key = _text.normalise(shown, fillers=())
    keep = key != ""
    now = key[keep & (months == month)].value_counts()
    before = key[keep & (months == previous)].value_counts() if previous is not None else pd.Series(dtype="int64")
    table = pd.DataFrame({"now": now}).join(before.rename("before")).fillna(0)
    table["lift"] = table["now"] - table["before"]
    table = table[(table["now"] >= 5) & (table["lift"] > 0)]
    if not len(table):
        return []
    forms = (pd.DataFrame({"key": key[keep], "shown": shown[keep]}).value_counts()
             .rename("count").reset_index().sort_values(["key", "count", "shown"], ascending=[True, False, True])
             .drop_duplicates("key").set_index("key")["shown"])
    table = table.assign(text=forms.reindex(table.index)).sort_values(["lift", "text"], ascending=[False, True])
    return [(r.text, int(r.now), int(r.before)) for r in table.head(k).itertuples()]


def _campaign_days(campaigns: pd.DataFrame | None, month: pd.Period | None) -> dict[str, int]:
    """Campaign name -> days it ran in ``month``."""
    if campaigns is None or month is None or not {"name", "start_date", "end_date"} <= set(campaigns.columns):
        return {}
    start, end = month.start_time, month.end_time.normalize()
    first = campaigns["start_date"].clip(lower=start)
    last = campaigns["end_date"].clip(upper=end)
    days = ((last - first).dt.days + 1).clip(lower=0)
    return {str(n): int(d) for n, d in zip(campaigns["name"], days) if d > 0}


# --------------------------------------------------------------------------
# the report object
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class MonthlyReport:
    """A monthly evaluation report; displays itself as Markdown in a notebook.

    Attributes
    ----------
    month, previous : the month ("YYYY-MM") and the month it is compared with
        ("" for the first month of the data).
    kpis : DataFrame, one row per KPI (index = KPI name): ``label``,
        ``estimate``, ``ci_low``, ``ci_high``, ``previous``, ``change``,
        ``beyond_noise`` (True/False, NA without an interval), ``material``
        (the change is at least :data:`MIN_CHANGE`), ``news`` (both: the
        change is reported), ``target``, ``status`` ("green", "amber", "red"
        or "none").
    changes : sentences: what changed and the likely cause.
    actions : {"evaluate", "adjust", "optimise", "re-evaluate"} -> sentences.
    crisis : whether a sudden jump in negative comments touches this month.
    markdown : the whole report as Markdown text.
    """

    month: str
    previous: str
    kpis: pd.DataFrame
    changes: tuple[str, ...]
    actions: Mapping[str, tuple[str, ...]]
    crisis: bool
    markdown: str = field(repr=False)

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


_DOT = {"green": "🟢 on target", "amber": "🟠 misses target, within noise",
        "red": "🔴 off target", "none": "– no target"}


def _arrow(change: float, beyond: object) -> str:
    if change is None or np.isnan(change):
        return ""
    if change == 0:
        return "▶"
    if beyond is True:
        return "▲" if change > 0 else "▼"
    if beyond is False:
        return "△" if change > 0 else "▽"
    return "↑" if change > 0 else "↓"


def monthly_report(month: str, *, comments: pd.DataFrame, survey: pd.DataFrame,
                   daily_metrics: pd.DataFrame, campaigns: pd.DataFrame | None = None,
                   targets: Mapping[str, float | None] | None = None,
                   min_change: Mapping[str, float | None] | None = None,
                   cluster: str | None = "post_id", fillers: tuple[str, ...] = _text.FILLERS,
                   brand: str = "Lumo Tea") -> MonthlyReport:
    """Write the monthly evaluation report for ``month``.

    Parameters
    ----------
    month : "YYYY-MM", a month covered by the tables (else ``ValueError``).
    comments : one row per comment (``timestamp``, ``platform``,
        ``sentiment``, the ``cluster`` column; ``text_en`` or ``text`` for
        quotes), e.g. ``data.load("comments", seed=SEED, market=MARKET)``.
    survey : one row per respondent (``date``, ``satisfaction``, ``nps``,
        ``pain_point``).
    daily_metrics : one row per platform and day (``date``, ``platform``,
        ``engagements``, ``reach``, ``follows``, ``unfollows``).
    campaigns : optional; campaigns that ran in the month (or the month
        before) are listed and used to explain changes in sentiment.
    targets : {KPI name: target or None}, overriding :data:`DEFAULT_TARGETS`
        (names in :data:`KPIS`); the same targets apply to every month.
    min_change : {KPI name: smallest change worth reporting or None},
        overriding :data:`MIN_CHANGE`.
    cluster : column of ``comments`` whose rows are alike (the post), used
        for the intervals of the comment KPIs; None treats comments as
        independent (narrower, over-confident intervals).
    fillers : filler words ignored when grouping complaints
        (:data:`course_lib.text.FILLERS`).
    brand : name used in the title.

    Returns
    -------
    :class:`MonthlyReport` (shown as Markdown by Jupyter).

    Rules: a change is news when it is beyond noise, ``|change| > 1.96 ·
    sqrt(se_now² + se_before²)``, and at least ``min_change``; a crisis
    signal is a run of at least 3 days (with 20 comments or more each) whose
    share of negative comments is more than 15 points and 3 standard errors
    above its median over the previous 28 days; a pain point "rose" when its
    one-sided z against the previous month exceeds the Bonferroni-corrected
    level for the number of pain points tested (2.64 for six).
    """
    comments = _check_table(comments, "comments")
    answers = _check_table(survey, "survey")
    daily = _check_table(daily_metrics, "daily_metrics")
    if cluster is not None and cluster not in comments.columns:
        raise ValueError(f"comments lacks the cluster column {cluster!r} (parameter cluster=); "
                         "pass cluster=None to treat comments as independent")
    goals = _targets(targets)
    minimum = _targets_like(min_change, MIN_CHANGE, "min_change")
    covered = pd.PeriodIndex(sorted(set(comments["timestamp"].dt.to_period("M"))
                                    | set(daily["date"].dt.to_period("M"))), freq="M")
    period = _month(month, covered)
    previous = period - 1 if (period - 1) in covered else None

    now = _kpis_of(period, comments, answers, daily, cluster)
    before = _kpis_of(previous, comments, answers, daily, cluster) if previous is not None else None
    table = now[["estimate", "ci_low", "ci_high", "se", "n"]].copy()
    table.insert(0, "label", [KPIS[k][0] for k in table.index])
    table["previous"] = before["estimate"] if before is not None else np.nan
    table["change"] = table["estimate"] - table["previous"]
    se_diff = np.sqrt(now["se"] ** 2 + (before["se"] if before is not None else np.nan) ** 2)
    beyond = (table["change"].abs() > _Z95 * se_diff).astype(object)
    beyond[se_diff.isna() | table["change"].isna()] = pd.NA
    table["beyond_noise"] = beyond
    floor = pd.Series({k: (0.0 if v is None else v) for k, v in minimum.items()})
    material = (table["change"].abs() >= floor.reindex(table.index)).astype(object)
    material[table["change"].isna()] = pd.NA
    table["material"] = material
    table["news"] = [(b is True and m is True) for b, m in zip(table["beyond_noise"], table["material"])]
    table["target"] = [goals[k] for k in table.index]
    table["status"] = [_status(r.estimate, r.ci_low, r.ci_high, goals[k], KPIS[k][2])
                       for k, r in table.iterrows()]

    # ---- what changed ------------------------------------------------------
    changes: list[str] = []
    news = table[table["news"]]
    worse = [k for k in news.index if (news.loc[k, "change"] > 0) != (KPIS[k][2] > 0)]
    better = [k for k in news.index if k not in worse]

    def _moves(keys: list[str]) -> str:
        return "; ".join(f"{SHORT[k]} {_fmt_change(k, table.loc[k, 'change'])} "
                         f"({_fmt(k, table.loc[k, 'previous'])} → {_fmt(k, table.loc[k, 'estimate'])})"
                         for k in keys)

    if worse:
        changes.append(f"**Worse, beyond noise and by enough to matter:** {_moves(worse)}.")
    if better:
        changes.append(f"**Better, beyond noise and by enough to matter:** {_moves(better)}.")
    if previous is not None and not len(news):
        changes.append("No KPI moved beyond sampling noise by enough to matter, compared with the previous month.")
    for k in table.index:
        r = table.loc[k]
        if r["status"] == "amber" and k in worse:
            changes.append(f"{SHORT[k][0].upper() + SHORT[k][1:]} is amber although it moved for the worse: "
                           f"{_fmt(k, r['estimate'])} misses the target {_fmt(k, r['target'])}, but with "
                           f"{int(r['n']):,} {'answers' if k in ('satisfaction', 'nps') else 'observations'} "
                           f"its interval ({_fmt(k, r['ci_low'])} to {_fmt(k, r['ci_high'])}) still includes the "
                           "target. The change from last month is the clearer signal.")

    start, end = period.start_time, period.end_time
    runs = _spikes(comments)
    runs = runs[(runs["start"] <= end) & (runs["end"] >= start)]
    crisis = bool(len(runs))
    pain_up = None
    for run in runs.itertuples():
        if run.start >= start:
            changes.append(f"Crisis signal: the daily share of negative comments jumped on {_day(run.start)} "
                           f"and stayed high for {run.days} days (peak {run.peak:.0%} against a usual "
                           f"{run.baseline:.0%} in the 28 days before).")
        else:
            changes.append(f"The negative-comment spike that began on {_day(run.start)} "
                           f"({_month_name(run.start.to_period('M'))}) lasted until {_day(run.end)}.")
    a_now = _in_month(answers, "date", period)
    a_before = _in_month(answers, "date", previous) if previous is not None else answers.iloc[:0]
    if len(a_now) and len(a_before):
        p_now = a_now["pain_point"].astype(str).value_counts(normalize=True)
        p_before = a_before["pain_point"].astype(str).value_counts(normalize=True)
        shift = pd.DataFrame({"now": p_now, "before": p_before}).fillna(0).drop(index="none", errors="ignore")
        pooled = (shift["now"] * len(a_now) + shift["before"] * len(a_before)) / (len(a_now) + len(a_before))
        se = np.sqrt(pooled * (1 - pooled) * (1 / len(a_now) + 1 / len(a_before)))
        shift["z"] = (shift["now"] - shift["before"]) / se.replace(0, np.nan)
        z_crit = _survey._z(1 - 0.05 / max(len(shift), 1))  # Bonferroni over the pain points tested
        shift = shift[shift["z"] > z_crit].sort_values(["z"], ascending=False)
        if len(shift):
            pain_up = str(shift.index[0])
            r = shift.iloc[0]
            changes.append(f"Survey respondents named **{pain_up}** as their main pain point more often: "
                           f"{r['now']:.0%} against {r['before']:.0%} the month before "
                           f"({len(a_now)} and {len(a_before)} answers).")
    quotes = _new_complaints(comments, period, previous, fillers)
    column = _quote_column(comments)
    gloss = column == "text_en" and "text" in comments.columns \
        and not comments["text"].astype(str).equals(comments["text_en"].astype(str))
    if quotes and (crisis or any(table.loc[k, "status"] == "red" for k in ("net_sentiment", "negative_share"))):
        listed = "; ".join(f"“{t}” ({n}×, {b}× the month before)" for t, n, b in quotes)
        changes.append(f"Negative comments that became frequent{' (English gloss)' if gloss else ''}: {listed}.")
    c_month = _in_month(comments, "timestamp", period)
    by_platform = kpi.net_sentiment(c_month, include_neutral=True, by="platform") if len(c_month) else None
    if by_platform is not None:
        counts = c_month.groupby("platform").size()
        by_platform = by_platform[counts.reindex(by_platform.index) >= 30]
    if by_platform is not None and len(by_platform) > 1:
        worst = by_platform.sort_values(kind="stable").index[0]
        changes.append(f"Lowest net sentiment this month: {DISPLAY_NAMES.get(worst, worst)} "
                       f"({by_platform[worst]:+.0%}, {int(counts[worst]):,} comments; platforms differ by "
                       "audience, so compare a platform with its own past).")
    ran_now, ran_before = _campaign_days(campaigns, period), _campaign_days(campaigns, previous)
    if ran_now:
        running = campaigns[campaigns["name"].astype(str).isin(list(ran_now))].sort_values("start_date")
        for r in running.itertuples():
            changes.append(f"Campaign “{r.name}” ran from {_day(r.start_date)} to {_day(r.end_date)}: "
                           "expect more positive comments on its platforms.")

    red = [k for k in table.index if table.loc[k, "status"] == "red"]
    amber = [k for k in table.index if table.loc[k, "status"] == "amber"]
    sentiment = {"net_sentiment", "negative_share"}
    fewer_campaign_days = sum(ran_now.values()) < sum(ran_before.values())
    if crisis:
        cause = ("**Likely cause:** an incident (a crisis), not the content plan: the jump in negative comments "
                 "was sudden" + (", and the complaints that became frequent say what went wrong" if quotes else
                                 "; read the negative comments of its first days to find what happened")
                 + (f". The survey's rising pain point ({pain_up}) points the same way, on about "
                    f"{len(a_now)} answers" if pain_up else "")
                 + ". Confirm with customer service and quality control.")
    elif red:
        cause = ("**Likely cause:** no sudden jump in negative comments, so the gap is gradual: review content, "
                 "platform mix and service (4.3) before changing the product.")
    elif worse:
        campaign_note = (f" {_month_name(previous)} had {sum(ran_before.values())} campaign day(s) "
                         f"({', '.join(ran_before)}) against {sum(ran_now.values())} this month, and campaigns lift "
                         "positive comments: the change is most likely the end of that lift, not a new problem."
                         if sentiment & set(worse) and fewer_campaign_days else "")
        cause = (f"**Likely cause:** no sudden jump in negative comments, and every KPI with a target is "
                 f"{'on target or within noise of it' if amber else 'still on target'}."
                 + (campaign_note or " No campaign or incident explains the change: treat it as a drift to "
                    "watch, and check next month whether it continues before changing the plan."))
    elif better:
        cause = ("**Likely cause:** " + (f"the campaign(s) of this month ({', '.join(ran_now)}) lift positive "
                                        "comments; expect part of the gain to fade when they end."
                                        if sentiment & set(better) and ran_now else
                                        "an improvement without a campaign behind it: find out what the team "
                                        "did differently, and keep it."))
    else:
        cause = "**Likely cause:** nothing unusual; the month is within normal variation."
    changes.append(cause)

    # ---- actions: the loop -------------------------------------------------
    n_target = sum(table["status"] != "none")
    green = sum(table["status"] == "green")
    evaluate = [f"{green} of {n_target} KPIs with a target are on target, {len(amber)} miss{'es' if len(amber) == 1 else ''} it "
                f"but within sampling noise, {len(red)} off target"
                + (f" ({', '.join(SHORT[k] for k in red)})." if red else ".")]
    adjust: list[str] = []
    negative_goal = _fmt('negative_share', goals['negative_share'] or DEFAULT_TARGETS['negative_share'])
    if crisis:
        adjust += ["Switch to crisis mode: acknowledge the problem publicly, give a refund or replacement route, "
                   "and reply to every complaint within hours.",
                   f"Pause promotional and campaign posts until the share of negative comments is back under "
                   f"{negative_goal}."]
    else:
        if sentiment & set(red):
            adjust.append("Reply to open negative comments and route product complaints to customer service.")
        if {"satisfaction", "nps"} & set(red):
            adjust.append("Call back a sample of detractors (NPS 0-6) to learn why, before changing anything.")
        if "engagement_rate" in red:
            adjust.append("Shift posting effort to the formats and hours that engage best (4.3).")
        if "net_followers" in red:
            adjust.append("Look for the day and platform where unfollows jumped, and stop what triggered them.")
        if not adjust:
            adjust.append("No urgent adjustment: keep the plan running.")
    optimise: list[str] = []
    if crisis:
        optimise.append("First the incident's root cause: fix it with the product, quality and service teams, "
                        "and hold a review (复盘) of what the warning signal showed, when, and how fast the team "
                        "answered.")
        if pain_up is not None:
            optimise.append(f"The pain point that rose ({pain_up}): "
                            f"{PAIN_ACTIONS.get(pain_up, 'look into it with the product team')}.")
        optimise.append("Other improvements wait until the incident is closed.")
    else:
        main_pain = pain_up
        if main_pain is None and len(a_now):
            counts = a_now["pain_point"].astype(str).value_counts().drop(index="none", errors="ignore")
            main_pain = counts.sort_index().sort_values(ascending=False, kind="stable").index[0] if len(counts) else None
        if main_pain is not None:
            optimise.append(f"Main pain point{' that rose' if pain_up else ''} ({main_pain}): "
                            f"{PAIN_ACTIONS.get(main_pain, 'look into it with the product team')}.")
        if amber:
            optimise.append(f"For {', '.join(SHORT[k] for k in amber)}: the gap may be noise; test one "
                            "change at a time (A/B test, 4.4) rather than changing the whole plan.")
        if not red:
            optimise.append("Scale what works: give the best-performing formats and platforms more of next "
                            "month's effort.")
    nxt = _month_name(period + 1)
    recheck = [f"Next report: {nxt}, with the same KPIs and the same targets."]
    if crisis:
        recheck.append("Until then watch the daily share of negative comments: the crisis is over when it stays "
                       f"under {negative_goal} for 14 days in a row.")
    if red:
        recheck.append(f"Success criterion: {', '.join(SHORT[k] for k in red)} back to target.")
    elif worse and not crisis:
        recheck.append(f"Watch {', '.join(SHORT[k] for k in worse)}: a second month in the same direction "
                       "would be a trend.")
    actions = {"evaluate": tuple(evaluate), "adjust": tuple(adjust), "optimise": tuple(optimise),
               "re-evaluate": tuple(recheck)}

    # ---- markdown ----------------------------------------------------------
    n_c, n_s = int(now.loc["net_sentiment", "n"]), int(now.loc["nps", "n"])
    prev_name = _month_name(previous) if previous is not None else "no previous month in the data"
    lines = [f"### {brand} · monthly evaluation report (月度评估报告) · {_month_name(period)}",
             "",
             f"*Compared with {prev_name} and with the targets · {n_c:,} comments, {n_s:,} survey answers, "
             f"{int(now.loc['engagement_rate', 'n']):,} platform-days of account metrics · 95% intervals"
             + (f", comments clustered by {cluster}" if cluster else "") + "*",
             "",
             "#### 1 · Headline KPIs",
             "",
             "| KPI | This month (95% CI) | Previous month | Change | Target | Status |",
             "|---|---|---|---|---|---|"]
    for k, r in table.iterrows():
        ci = (f" ({_fmt(k, r['ci_low'])} to {_fmt(k, r['ci_high'])})" if not np.isnan(r["ci_low"]) else "")
        beyond = r["beyond_noise"] if r["beyond_noise"] is not True else bool(r["news"])
        change = (f"{_arrow(r['change'], beyond)} {_fmt_change(k, r['change'])}"
                  if not np.isnan(r["change"]) else "–")
        target = ("–" if r["target"] is None or (isinstance(r["target"], float) and np.isnan(r["target"]))
                  else ("≥ " if KPIS[k][2] > 0 else "≤ ") + _fmt(k, r["target"]))
        lines.append(f"| {r['label']} | {_fmt(k, r['estimate'])}{ci} | {_fmt(k, r['previous'])} | {change} "
                     f"| {target} | {_DOT[r['status']]} |")
    lines += ["",
              "▲▼ change beyond sampling noise and large enough to matter · △▽ within noise or too small · "
              "↑↓ no interval · 🟠 misses the target, but the target is inside the 95% interval",
              "",
              "#### 2 · What changed and the likely cause",
              ""]
    lines += [f"- {s}" for s in changes]
    lines += ["", "#### 3 · Actions: evaluate → adjust → optimise → re-evaluate (评估→调整→优化→再评估)", ""]
    titles = {"evaluate": "Evaluate (评估)", "adjust": "Adjust (调整), this week",
              "optimise": "Optimise (优化), this quarter", "re-evaluate": "Re-evaluate (再评估)"}
    for key, title in titles.items():
        lines.append(f"- **{title}:** " + " ".join(actions[key]))
    markdown = "\n".join(lines) + "\n"

    kpis = table.drop(columns=["se"])
    return MonthlyReport(month=str(period), previous=str(previous) if previous is not None else "",
                         kpis=kpis, changes=tuple(changes), actions=actions, crisis=crisis,
                         markdown=markdown)
