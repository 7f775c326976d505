"""The monthly evaluation report: evaluate → adjust → optimise → re-evaluate.

The source plan asks for a full data review every month or quarter, compared
with history, that feeds a loop of 评估 → 调整 → 优化 → 再评估 (evaluate →
adjust → optimise → re-evaluate): keep what works, fix or stop what does not,
then measure again. :func:`monthly_report` writes that review for one month
from the course tables, in words a manager can act on:

1. **Headline KPIs** -- this month against the previous month and against
   fixed targets, with 95 % intervals, an arrow for the change (filled when
   the change is larger than sampling noise) and a RAG status (red / amber /
   green): green meets the target, amber misses it but the target is inside
   the interval (could be noise), red misses it beyond noise.
2. **What changed and the likely cause** -- changes beyond noise, a sudden
   jump in the daily share of negative comments (a crisis signal), the survey
   pain point that rose most, the negative comments that became frequent,
   campaigns that ran.
3. **Actions** along the loop, chosen by rules from the findings.

The rules are deliberately simple and stated in the text; the report flags
likely causes, it does not prove them. Everything is deterministic: the same
tables give the same words.

Sources: the course's source document (社交媒体运营策略与效果评估), part 4
(3) "定期评估与反馈机制建立" and (4) "基于评估结果的优化策略调整"; AMEC
(2020) *Barcelona Principles 3.0* (measure outcomes, state the method);
Cochran, W. G. (1977) *Sampling Techniques* (3rd ed.), Wiley: the variance
of a ratio estimator used for the engagement rate.

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
from .markets import DISPLAY_NAMES

__all__ = ["DEFAULT_TARGETS", "KPIS", "MonthlyReport", "PAIN_ACTIONS", "SHORT", "monthly_report"]

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


# --------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------

_NEEDS = {
    "comments": ("timestamp", "platform", "sentiment"),
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


def _targets(targets: Mapping[str, float | None] | None) -> dict[str, float | None]:
    out = dict(DEFAULT_TARGETS)
    if targets is None:
        return out
    if not isinstance(targets, Mapping):
        raise TypeError(f"targets must be a dict like {{'nps': 20}}, got {type(targets).__name__}")
    unknown = sorted(set(targets) - set(KPIS))
    if unknown:
        raise ValueError(f"targets has unknown KPI name(s) {unknown}; allowed: {', '.join(KPIS)}")
    for k, v in targets.items():
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v)):
            raise ValueError(f"targets[{k!r}]={v!r} must be a finite number or None")
        out[k] = None if v is None else float(v)
    return out


# --------------------------------------------------------------------------
# the KPIs of one month
# --------------------------------------------------------------------------

def _in_month(frame: pd.DataFrame, column: str, month: pd.Period) -> pd.DataFrame:
    return frame[frame[column].dt.to_period("M") == month]


def _kpis_of(month: pd.Period, comments: pd.DataFrame, answers: pd.DataFrame,
             daily: pd.DataFrame) -> pd.DataFrame:
    """estimate, se, ci_low, ci_high, n for each KPI in one month (NaN when no data)."""
    rows = {k: dict(estimate=np.nan, se=np.nan, ci_low=np.nan, ci_high=np.nan, n=0) for k in KPIS}
    c = _in_month(comments, "timestamp", month)
    if len(c):
        lab = c["sentiment"].astype(str)
        n = len(c)
        pos, neg = float((lab == "positive").mean()), float((lab == "negative").mean())
        ns = kpi.net_sentiment(c, include_neutral=True)
        se = float(np.sqrt(max(pos + neg - (pos - neg) ** 2, 0) / n))
        rows["net_sentiment"] = dict(estimate=ns, se=se, ci_low=ns - _Z95 * se, ci_high=ns + _Z95 * se, n=n)
        low, high = _survey.wilson_interval(neg * n, n)
        rows["negative_share"] = dict(estimate=neg, se=float(np.sqrt(neg * (1 - neg) / n)),
                                      ci_low=float(low), ci_high=float(high), n=n)
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
    flag = ((share - base) > _SPIKE_POINTS) & (z > _SPIKE_Z)
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


def _new_complaints(comments: pd.DataFrame, month: pd.Period, previous: pd.Period | None,
                    k: int = 3) -> list[tuple[str, int, int]]:
    """Negative comments that became frequent: (text, count this month, count previous month)."""
    column = "text_en" if "text_en" in comments.columns else ("text" if "text" in comments.columns else None)
    if column is None:
        return []
    neg = comments[comments["sentiment"].astype(str) == "negative"]
    body = (neg[column].astype(str).str.strip()
            .str.replace(r"^(Honestly\?|Guys:|Real talk:|Haha\.|First time buying\.|Just passing by\.)\s*",
                         "", regex=True)
            .str.replace(r"(\s*(lol|🍵)|[.!~。！]+)$", "", regex=True))
    months = neg["timestamp"].dt.to_period("M")
    now = body[months == month].value_counts()
    before = body[months == previous].value_counts() if previous is not None else pd.Series(dtype="int64")
    table = pd.DataFrame({"now": now}).join(before.rename("before")).fillna(0)
    table["lift"] = table["now"] - table["before"]
    table = table[(table["now"] >= 5) & (table["lift"] > 0)]
    table = table.reset_index(names="text").sort_values(["lift", "text"], ascending=[False, True])
    return [(r.text, int(r.now), int(r.before)) for r in table.head(k).itertuples()]


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
        ``beyond_noise`` (True/False, NA without an interval), ``target``,
        ``status`` ("green", "amber", "red" or "none").
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


_DOT = {"green": "🟢 on target", "amber": "🟠 below target, within noise",
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
                   brand: str = "Lumo Tea") -> MonthlyReport:
    """Write the monthly evaluation report for ``month``.

    Parameters
    ----------
    month : "YYYY-MM", a month covered by the tables (else ``ValueError``).
    comments : one row per comment (``timestamp``, ``platform``,
        ``sentiment``; ``text_en`` or ``text`` for quotes), e.g.
        ``data.load("comments", seed=SEED, market=MARKET)``.
    survey : one row per respondent (``date``, ``satisfaction``, ``nps``,
        ``pain_point``).
    daily_metrics : one row per platform and day (``date``, ``platform``,
        ``engagements``, ``reach``, ``follows``, ``unfollows``).
    campaigns : optional; campaigns that ran in the month are listed.
    targets : {KPI name: target or None}, overriding :data:`DEFAULT_TARGETS`
        (names in :data:`KPIS`); the same targets apply to every month.
    brand : name used in the title.

    Returns
    -------
    :class:`MonthlyReport` (shown as Markdown by Jupyter).

    Rules: a change is "beyond noise" when ``|change| > 1.96 ·
    sqrt(se_now² + se_before²)``; a crisis signal is a run of at least 3 days
    whose share of negative comments is more than 15 points and 3 standard
    errors above its median over the previous 28 days.
    """
    comments = _check_table(comments, "comments")
    answers = _check_table(survey, "survey")
    daily = _check_table(daily_metrics, "daily_metrics")
    goals = _targets(targets)
    covered = pd.PeriodIndex(sorted(set(comments["timestamp"].dt.to_period("M"))
                                    | set(daily["date"].dt.to_period("M"))), freq="M")
    period = _month(month, covered)
    previous = period - 1 if (period - 1) in covered else None

    now = _kpis_of(period, comments, answers, daily)
    before = _kpis_of(previous, comments, answers, daily) if previous is not None else None
    table = now[["estimate", "ci_low", "ci_high", "se", "n"]].copy()
    table.insert(0, "label", [KPIS[k][0] for k in table.index])
    table["previous"] = before["estimate"] if before is not None else np.nan
    table["change"] = table["estimate"] - table["previous"]
    se_diff = np.sqrt(now["se"] ** 2 + (before["se"] if before is not None else np.nan) ** 2)
    beyond = (table["change"].abs() > _Z95 * se_diff).astype(object)
    beyond[se_diff.isna() | table["change"].isna()] = pd.NA
    table["beyond_noise"] = beyond
    table["target"] = [goals[k] for k in table.index]
    table["status"] = [_status(r.estimate, r.ci_low, r.ci_high, goals[k], KPIS[k][2])
                       for k, r in table.iterrows()]

    # ---- what changed ------------------------------------------------------
    changes: list[str] = []
    for k, r in table.iterrows():
        if r["beyond_noise"] is True:
            verb = "rose" if r["change"] > 0 else "fell"
            good = (r["change"] > 0) == (KPIS[k][2] > 0)
            changes.append(f"{SHORT[k][0].upper() + SHORT[k][1:]} {verb} from {_fmt(k, r['previous'])} to {_fmt(k, r['estimate'])} "
                           f"({_fmt_change(k, r['change'])}), beyond sampling noise "
                           f"({'good news' if good else 'bad news'}).")
    if previous is not None and not changes:
        changes.append("No KPI moved beyond sampling noise compared with the previous month.")

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
    if len(_in_month(answers, "date", period)) and previous is not None \
            and len(_in_month(answers, "date", previous)):
        a_now, a_before = _in_month(answers, "date", period), _in_month(answers, "date", previous)
        p_now = a_now["pain_point"].astype(str).value_counts(normalize=True)
        p_before = a_before["pain_point"].astype(str).value_counts(normalize=True)
        shift = pd.DataFrame({"now": p_now, "before": p_before}).fillna(0).drop(index="none", errors="ignore")
        pooled = (shift["now"] * len(a_now) + shift["before"] * len(a_before)) / (len(a_now) + len(a_before))
        se = np.sqrt(pooled * (1 - pooled) * (1 / len(a_now) + 1 / len(a_before)))
        shift["z"] = (shift["now"] - shift["before"]) / se.replace(0, np.nan)
        shift = shift[shift["z"] > _Z95].sort_values(["z"], ascending=False)
        if len(shift):
            pain_up = str(shift.index[0])
            r = shift.iloc[0]
            changes.append(f"Survey respondents named **{pain_up}** as their main pain point more often: "
                           f"{r['now']:.0%} against {r['before']:.0%} the month before "
                           f"({len(a_now)} and {len(a_before)} answers).")
    quotes = _new_complaints(comments, period, previous)
    if quotes and (crisis or any(table.loc[k, "status"] == "red" for k in ("net_sentiment", "negative_share"))):
        listed = "; ".join(f"“{t}” ({n}×, {b}× the month before)" for t, n, b in quotes)
        changes.append(f"Negative comments that became frequent (English gloss): {listed}.")
    c_month = _in_month(comments, "timestamp", period)
    by_platform = kpi.net_sentiment(c_month, include_neutral=True, by="platform") if len(c_month) else None
    if by_platform is not None:
        counts = c_month.groupby("platform").size()
        by_platform = by_platform[counts.reindex(by_platform.index) >= 30]
    if by_platform is not None and len(by_platform) > 1:
        worst = by_platform.sort_values(kind="stable").index[0]
        changes.append(f"Lowest net sentiment this month: {DISPLAY_NAMES.get(worst, worst)} "
                       f"({by_platform[worst]:+.0%}).")
    if campaigns is not None and {"name", "start_date", "end_date"} <= set(campaigns.columns):
        running = campaigns[(campaigns["start_date"] <= end) & (campaigns["end_date"] >= start)]
        for r in running.sort_values("start_date").itertuples():
            changes.append(f"Campaign “{r.name}” ran from {_day(r.start_date)} to {_day(r.end_date)}: "
                           "expect more positive comments on its platforms.")

    red = [k for k in table.index if table.loc[k, "status"] == "red"]
    amber = [k for k in table.index if table.loc[k, "status"] == "amber"]
    if crisis:
        cause = ("**Likely cause:** an incident (a crisis), not the content plan: the jump in negative comments "
                 "was sudden" + (", and the complaints that became frequent say what went wrong" if quotes else
                                 "; read the negative comments of its first days to find what happened")
                 + (f". The survey's rising pain point ({pain_up}) may be linked or a coincidence of about a "
                    "hundred answers" if pain_up else "")
                 + ". Confirm with customer service and quality control.")
    elif red:
        cause = ("**Likely cause:** no sudden jump in negative comments, so the gap is gradual: review content, "
                 "platform mix and service (4.3) before changing the product.")
    else:
        cause = "**Likely cause:** nothing unusual; the month is within normal variation."
    changes.append(cause)

    # ---- actions: the loop -------------------------------------------------
    n_target = sum(table["status"] != "none")
    green = sum(table["status"] == "green")
    evaluate = [f"{green} of {n_target} KPIs with a target are on target, {len(amber)} below target "
                f"but within sampling noise, {len(red)} off target"
                + (f" ({', '.join(SHORT[k] for k in red)})." if red else ".")]
    adjust: list[str] = []
    if crisis:
        adjust += ["Switch to crisis mode: acknowledge the problem publicly, give a refund or replacement route, "
                   "and reply to every complaint within hours.",
                   "Pause promotional and campaign posts until the share of negative comments is back under "
                   f"{_fmt('negative_share', goals['negative_share'] or DEFAULT_TARGETS['negative_share'])}."]
    else:
        if {"net_sentiment", "negative_share"} & set(red):
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
    a_now = _in_month(answers, "date", period)
    main_pain = pain_up
    if main_pain is None and len(a_now):
        counts = a_now["pain_point"].astype(str).value_counts()
        counts = counts.drop(index="none", errors="ignore")
        main_pain = counts.sort_index().sort_values(ascending=False, kind="stable").index[0] if len(counts) else None
    if main_pain is not None:
        optimise.append(f"Main pain point{' that rose' if pain_up else ''} ({main_pain}): "
                        f"{PAIN_ACTIONS.get(main_pain, 'look into it with the product team')}.")
    if crisis:
        optimise.append("Fix the root cause of the incident with the product and service teams, and hold a "
                        "review (复盘) of what the warning signal showed, when, and how fast the team answered.")
    if amber and not crisis:
        optimise.append(f"For {', '.join(SHORT[k] for k in amber)}: the gap may be noise; test one "
                        "change at a time (A/B test, 4.4) rather than changing the whole plan.")
    if not red and not crisis:
        optimise.append("Scale what works: give the best-performing formats and platforms more of next "
                        "month's effort.")
    nxt = _month_name(period + 1)
    recheck = [f"Next report: {nxt}, with the same KPIs and the same targets."]
    if crisis:
        recheck.append("Until then watch the daily share of negative comments: the crisis is over when it stays "
                       f"under {_fmt('negative_share', goals['negative_share'] or DEFAULT_TARGETS['negative_share'])} "
                       "for 14 days in a row.")
    if red:
        recheck.append(f"Success criterion: {', '.join(SHORT[k] for k in red)} back to target.")
    actions = {"evaluate": tuple(evaluate), "adjust": tuple(adjust), "optimise": tuple(optimise),
               "re-evaluate": tuple(recheck)}

    # ---- markdown ----------------------------------------------------------
    n_c, n_s = int(now.loc["net_sentiment", "n"]), int(now.loc["nps", "n"])
    prev_name = _month_name(previous) if previous is not None else "no previous month in the data"
    lines = [f"### {brand} · monthly evaluation report (月度评估报告) · {_month_name(period)}",
             "",
             f"*Compared with {prev_name} and with the targets · {n_c:,} comments, {n_s:,} survey answers, "
             f"{int(now.loc['engagement_rate', 'n']):,} platform-days of account metrics · 95% intervals*",
             "",
             "#### 1 · Headline KPIs",
             "",
             "| KPI | This month (95% CI) | Previous month | Change | Target | Status |",
             "|---|---|---|---|---|---|"]
    for k, r in table.iterrows():
        ci = (f" ({_fmt(k, r['ci_low'])} to {_fmt(k, r['ci_high'])})" if not np.isnan(r["ci_low"]) else "")
        change = (f"{_arrow(r['change'], r['beyond_noise'])} {_fmt_change(k, r['change'])}"
                  if not np.isnan(r["change"]) else "–")
        target = ("–" if r["target"] is None or (isinstance(r["target"], float) and np.isnan(r["target"]))
                  else ("≥ " if KPIS[k][2] > 0 else "≤ ") + _fmt(k, r["target"]))
        lines.append(f"| {r['label']} | {_fmt(k, r['estimate'])}{ci} | {_fmt(k, r['previous'])} | {change} "
                     f"| {target} | {_DOT[r['status']]} |")
    lines += ["",
              "▲▼ change beyond sampling noise · △▽ within noise · ↑↓ no interval · 🟠 misses the target, but the target is inside "
              "the 95% interval",
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
