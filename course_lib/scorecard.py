"""KPI framework and scorecard: KPI families, a KPI tree, targets vs actuals.

The course's source plan sets five families of effect-evaluation indicators
(效果评估指标): attention (关注度), content spread (内容传播), conversion
(转化), user feedback (用户反馈) and competition (竞争). This module

* lists the course's KPIs by family, each with its formula, data source and
  the :mod:`course_lib.kpi` function that computes it (:data:`KPIS`,
  :func:`catalogue`), and computes them all per month or quarter
  (:func:`family_kpis`);
* turns a nested objective → family → KPI → data column specification into
  a tidy KPI tree and draws it (:func:`kpi_tree`, :func:`draw_kpi_tree`);
* compares actuals with targets and gives each KPI a red / amber / green
  status (:func:`scorecard`, :func:`uplift_target`, :func:`plot_scorecard`);
* checks whether a result near its target line is more than noise: each
  ratio KPI as resampling units (:func:`kpi_units`) and a bootstrap
  interval of actual − target (:func:`bootstrap_margin`);
* benchmarks the brand against its competitors
  (:func:`competitor_benchmark`).

Status rules (:func:`scorecard`). For a KPI where higher is better, the
*margin* is ``actual - target``; where lower is better, ``target -
actual``. Green: margin >= 0 (on or better than target). Amber: short of the
target by at most ``amber_band`` × |target| (default 10 % of the target).
Red: short by more. A missing actual (NaN, e.g. a rate with a zero
denominator) is "no data". A target of exactly 0 has no relative distance
(``vs_target`` is NaN, shown as "n/a" by :func:`plot_scorecard`); its
status follows the sign of the margin and the amber band is 0 wide. The
band is a convention, not a law: choose it wider than the KPI's
period-to-period noise, or amber will flag noise.

Sources: the KPI families and the periodic review follow the course's
source texts (see the notebook 4.2); targets in the SMART form (specific,
measurable, achievable, relevant, time-bound) go back to Doran, G. T.
(1981), "There's a S.M.A.R.T. way to write management's goals and
objectives", *Management Review*, 70(11); red/amber/green status is the
usual convention of project and balanced-scorecard reporting; AMEC's
Barcelona Principles 3.0 (2020) ask that goals be set before measuring and
that outcomes, not only outputs, be measured.

>>> import pandas as pd
>>> targets = pd.DataFrame({"kpi": ["conversion_rate", "churn_rate"],
...                         "target": [0.040, 0.010], "direction": ["higher", "lower"]})
>>> card = scorecard({"conversion_rate": 0.038, "churn_rate": 0.014}, targets)
>>> card[["kpi", "vs_target", "status"]]
               kpi  vs_target status
0  conversion_rate      -0.05  amber
1       churn_rate      -0.40    red
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import kpi
from . import survey as _survey

if TYPE_CHECKING:  # pragma: no cover
    import matplotlib.pyplot as plt

__all__ = [
    "DIRECTIONS",
    "FAMILIES",
    "KPIS",
    "RAG_COLOURS",
    "STATUSES",
    "bootstrap_margin",
    "catalogue",
    "competitor_benchmark",
    "draw_kpi_tree",
    "family_kpis",
    "kpi_tree",
    "kpi_units",
    "plot_scorecard",
    "scorecard",
    "uplift_target",
]

FAMILIES: dict[str, tuple[str, str]] = {
    "attention": ("Attention", "关注度"),
    "spread": ("Content spread", "内容传播"),
    "conversion": ("Conversion", "转化"),
    "feedback": ("User feedback", "用户反馈"),
    "competition": ("Competition", "竞争"),
}
"""KPI families of the source plan: key -> (English name, Chinese term)."""

DIRECTIONS: tuple[str, ...] = ("higher", "lower")
"""Allowed values of a target's ``direction``: which way is better."""

STATUSES: tuple[str, ...] = ("green", "amber", "red", "no data")
"""Scorecard statuses, best first."""

RAG_COLOURS: dict[str, str] = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00", "no data": "#999999"}
"""Status colours from the Okabe-Ito palette (bluish green, orange, vermilion, grey)."""


@dataclass(frozen=True)
class KPI:
    """One KPI of the course catalogue."""

    key: str
    family: str
    metric: str
    formula: str
    data_source: str
    function: str
    better: str
    unit: str


KPIS: tuple[KPI, ...] = (
    KPI("follower_growth", "attention", "Follower growth rate",
        "(follows - unfollows) / followers at period start", "daily_metrics: follows, unfollows, followers",
        'kpi.follower_growth_rate(aggregate="period")', "higher", "fraction"),
    KPI("churn_rate", "attention", "Follower churn rate",
        "unfollows / followers at period start", "daily_metrics: unfollows, followers",
        'kpi.churn_rate(aggregate="period")', "lower", "fraction"),
    KPI("engagement_rate", "attention", "Engagement rate by reach",
        "(likes + comments + shares + saves) / reach", "posts: likes, comments, shares, saves, reach",
        'kpi.engagement_rate(denominator="reach", aggregate="ratio")', "higher", "fraction"),
    KPI("community_active_share", "attention", "Community weekly active share",
        "weekly active members / members", "community: weekly_active, members",
        'kpi.weekly_active_ratio(aggregate="ratio")', "higher", "fraction"),
    KPI("likes_per_post", "spread", "Likes per post (applause)",
        "likes / posts", "posts: likes",
        'kpi.applause_rate(per="post", aggregate="ratio")', "higher", "per post"),
    KPI("comments_per_post", "spread", "Comments per post (conversation)",
        "comments / posts", "posts: comments",
        'kpi.conversation_rate(per="post", aggregate="ratio")', "higher", "per post"),
    KPI("shares_per_post", "spread", "Reposts per post (amplification)",
        "shares / posts", "posts: shares",
        'kpi.amplification_rate(per="post", aggregate="ratio")', "higher", "per post"),
    KPI("core_interaction_rate", "spread", "Core interaction rate",
        "(comments + shares) / reach", "posts: comments, shares, reach",
        'kpi.engagement_rate(engagements=["comments", "shares"], denominator="reach", aggregate="ratio")',
        "higher", "fraction"),
    KPI("ctr", "conversion", "Click-through rate",
        "clicks / impressions", "posts: clicks, impressions",
        'kpi.ctr(aggregate="ratio")', "higher", "fraction"),
    KPI("conversion_rate", "conversion", "Conversion rate (post-click)",
        "orders / clicks", "posts: conversions, clicks",
        'kpi.conversion_rate(aggregate="ratio")', "higher", "fraction"),
    KPI("orders", "conversion", "Orders (sales)",
        "sum of orders", "posts: conversions",
        "posts.groupby(period)['conversions'].sum()", "higher", "count"),
    KPI("revenue", "conversion", "Revenue",
        "sum of revenue", "posts: revenue",
        "posts.groupby(period)['revenue'].sum()", "higher", "currency"),
    KPI("satisfied_share", "feedback", "Satisfied customers (survey, 4-5 of 5)",
        "n(satisfaction >= 4) / n(answers)", "survey: satisfaction",
        'survey.top_box_share(score="satisfaction", boxes=2)', "higher", "fraction"),
    KPI("nps", "feedback", "Net Promoter Score",
        "% promoters (9-10) - % detractors (0-6)", "survey: nps",
        "kpi.nps()", "higher", "score -100..100"),
    KPI("net_sentiment", "feedback", "Net sentiment of comments",
        "(positive - negative) / all comments", "comments: sentiment",
        "kpi.net_sentiment(include_neutral=True)", "higher", "fraction"),
    KPI("community_satisfied_share", "feedback", "Community satisfied share (pulse)",
        "satisfied / pulse answers", "community: satisfied, pulse_responses",
        'kpi.proportion(part="satisfied", base="pulse_responses", aggregate="ratio")', "higher", "fraction"),
    KPI("share_of_voice", "competition", "Share of voice",
        "brand mentions / all four companies' mentions", "competitors: mentions, is_brand",
        "kpi.share_of_voice()", "higher", "fraction"),
    KPI("engagement_index", "competition", "Engagement per follower vs competitors",
        "(brand engagements / followers) / (competitors' engagements / followers)",
        "competitors: engagements, followers, is_brand",
        'kpi.engagement_rate(denominator="followers", engagements="engagements", aggregate="ratio")',
        "higher", "index (1 = par)"),
)
"""The course's KPI catalogue, by family (see :func:`catalogue`)."""

_FREQS = ("M", "Q", "Y")


# --------------------------------------------------------------------------
# catalogue and KPIs by period
# --------------------------------------------------------------------------

def catalogue() -> pd.DataFrame:
    """The KPI catalogue as a table: family, metric, formula, data source, function.

    Returns
    -------
    DataFrame with columns ``family``, ``family_zh``, ``kpi`` (the key used
    by :func:`family_kpis`), ``metric``, ``formula``, ``data_source``,
    ``function`` (the :mod:`course_lib.kpi` or :mod:`course_lib.survey`
    call), ``better`` and ``unit``;
    one row per KPI, grouped by family in the source plan's order.

    >>> catalogue().groupby("family", sort=False).size().to_dict()
    {'Attention': 4, 'Content spread': 4, 'Conversion': 4, 'User feedback': 4, 'Competition': 2}
    """
    rows = [{"family": FAMILIES[k.family][0], "family_zh": FAMILIES[k.family][1], "kpi": k.key,
             "metric": k.metric, "formula": k.formula, "data_source": k.data_source,
             "function": k.function, "better": k.better, "unit": k.unit} for k in KPIS]
    return pd.DataFrame(rows)


def _period(frame: pd.DataFrame, column: str, freq: str, name: str) -> pd.DataFrame:
    kpi._check_frame(frame, name)
    stamp = kpi._require(frame, column, f"{name} time column")
    if not pd.api.types.is_datetime64_any_dtype(stamp.dtype):
        raise TypeError(f"column {column!r} of {name} must hold datetimes, got {stamp.dtype}")
    return frame.assign(period=stamp.dt.to_period(freq))


def family_kpis(*, posts: pd.DataFrame | None = None, daily_metrics: pd.DataFrame | None = None,
                survey: pd.DataFrame | None = None, comments: pd.DataFrame | None = None,
                competitors: pd.DataFrame | None = None, community: pd.DataFrame | None = None,
                freq: str = "Q") -> pd.DataFrame:
    """Every KPI of :data:`KPIS` per period, computed with :mod:`course_lib.kpi`.

    Pass the course tables you have (``data.load(name, ...)``); the KPIs of
    the missing tables are left out. Rates are ratios of totals within each
    period (the whole brand, all platforms together); follower growth and
    churn use the followers at the start of the period
    (``aggregate="period"``). Weekly tables (``competitors``,
    ``community``) count a week in the period of its ``week_start``.

    ``engagement_index`` is the brand's engagements per follower-week
    divided by the pooled value of its competitors (1 = par, 2 = twice as
    engaging per follower).

    Parameters
    ----------
    posts, daily_metrics, survey, comments, competitors, community : DataFrame, optional
        The course tables (time columns ``timestamp``, ``date``, ``date``,
        ``timestamp``, ``week_start``, ``week_start``).
    freq : {"M", "Q", "Y"}
        Month, quarter or year.

    Returns
    -------
    DataFrame: one row per period (a ``PeriodIndex`` named ``period``), one
    column per KPI key, in catalogue order. Units as in :func:`catalogue`.

    >>> import pandas as pd
    >>> survey = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-04-02"]),
    ...                        "satisfaction": [5, 3, 4], "nps": [10, 6, 8]})
    >>> family_kpis(survey=survey)
            satisfied_share    nps
    period
    2025Q1              0.5    0.0
    2025Q2              1.0    0.0
    """
    kpi._check_choice("freq", freq, _FREQS)
    parts: dict[str, pd.Series] = {}
    if posts is not None:
        p = _period(posts, "timestamp", freq, "posts")
        parts["engagement_rate"] = kpi.engagement_rate(p, denominator="reach", aggregate="ratio", by="period")
        parts["likes_per_post"] = kpi.applause_rate(p, per="post", aggregate="ratio", by="period")
        parts["comments_per_post"] = kpi.conversation_rate(p, per="post", aggregate="ratio", by="period")
        parts["shares_per_post"] = kpi.amplification_rate(p, per="post", aggregate="ratio", by="period")
        parts["core_interaction_rate"] = kpi.engagement_rate(
            p, engagements=["comments", "shares"], denominator="reach", aggregate="ratio", by="period")
        parts["ctr"] = kpi.ctr(p, aggregate="ratio", by="period")
        parts["conversion_rate"] = kpi.conversion_rate(p, aggregate="ratio", by="period")
        for key, col in (("orders", "conversions"), ("revenue", "revenue")):
            parts[key] = pd.Series(kpi._count(p, col, col), index=p.index).groupby(p["period"]).sum()
    if daily_metrics is not None:
        d = _period(daily_metrics, "date", freq, "daily_metrics")
        parts["follower_growth"] = kpi.follower_growth_rate(d, aggregate="period", by="period")
        parts["churn_rate"] = kpi.churn_rate(d, aggregate="period", by="period")
    if community is not None:
        c = _period(community, "week_start", freq, "community")
        parts["community_active_share"] = kpi.weekly_active_ratio(c, aggregate="ratio", by="period")
        parts["community_satisfied_share"] = kpi.proportion(
            c, part="satisfied", base="pulse_responses", aggregate="ratio", by="period")
    if survey is not None:
        s = _period(survey, "date", freq, "survey")
        top = _survey.top_box_share(s, score="satisfaction", boxes=2, by="period")
        parts["satisfied_share"] = top.set_index("period")["estimate"]
        parts["nps"] = kpi.nps(s, by="period")
    if comments is not None:
        m = _period(comments, "timestamp", freq, "comments")
        parts["net_sentiment"] = kpi.net_sentiment(m, include_neutral=True, by="period")
    if competitors is not None:
        w = _period(competitors, "week_start", freq, "competitors")
        parts["share_of_voice"] = kpi.share_of_voice(w, by="period")
        per_follower = kpi.engagement_rate(w, denominator="followers", engagements="engagements",
                                           aggregate="ratio", by=["period", "is_brand"]).unstack("is_brand")
        if True not in per_follower.columns or False not in per_follower.columns:
            raise ValueError("competitors must hold rows of the brand (is_brand True) and of competitors (False)")
        parts["engagement_index"] = pd.Series(
            kpi._divide(per_follower[True].to_numpy(), per_follower[False].to_numpy()), index=per_follower.index)
    if not parts:
        raise ValueError("family_kpis needs at least one table: posts, daily_metrics, survey, comments, "
                         "competitors or community")
    order = [k.key for k in KPIS if k.key in parts]
    out = pd.concat({k: parts[k] for k in order}, axis=1).sort_index()
    out.index.name = "period"
    return out


# --------------------------------------------------------------------------
# KPI tree
# --------------------------------------------------------------------------

def _label(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"every {what} in the KPI tree spec must be a non-empty string, got {value!r}")
    return value


def kpi_tree(spec: Mapping, *, tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """A KPI tree (objective → family → KPI → data column) as a tidy table.

    A KPI tree makes the chain from a business objective to the data
    explicit: every KPI hangs under the family it informs, and every KPI
    names the columns it is computed from. A KPI with no data column, or a
    column that does not exist, shows up here rather than in the quarterly
    review.

    Parameters
    ----------
    spec : mapping
        ``{objective: {family: {kpi: column or [columns]}}}``. Columns are
        written ``"table.column"`` (e.g. ``"posts.reach"``). A KPI may
        serve several objectives, but within one objective it belongs to
        one family.
    tables : mapping of name -> DataFrame, optional
        If given, every ``"table.column"`` must name an existing table and
        column (``ValueError`` otherwise).

    Returns
    -------
    DataFrame with columns ``objective``, ``family``, ``kpi``, ``column``:
    one row per data column of each KPI, in the order of the spec.

    >>> spec = {"Grow sales": {"Conversion": {"conversion rate": ["posts.conversions", "posts.clicks"]},
    ...                        "Attention": {"follower growth": "daily_metrics.follows"}}}
    >>> kpi_tree(spec)
        objective      family              kpi                 column
    0  Grow sales  Conversion  conversion rate      posts.conversions
    1  Grow sales  Conversion  conversion rate           posts.clicks
    2  Grow sales   Attention  follower growth  daily_metrics.follows
    """
    if not isinstance(spec, Mapping) or not spec:
        raise TypeError("spec must be a non-empty mapping {objective: {family: {kpi: column(s)}}}")
    rows: list[tuple[str, str, str, str]] = []
    seen: dict[tuple[str, str], str] = {}  # (objective, KPI) -> family
    for objective, families in spec.items():
        _label(objective, "objective")
        if not isinstance(families, Mapping) or not families:
            raise ValueError(f"objective {objective!r} needs a non-empty mapping of families")
        for family, kpis in families.items():
            _label(family, "family")
            if not isinstance(kpis, Mapping) or not kpis:
                raise ValueError(f"family {family!r} (objective {objective!r}) needs a non-empty mapping of KPIs")
            for name, columns in kpis.items():
                _label(name, "KPI")
                if (objective, name) in seen:
                    raise ValueError(f"KPI {name!r} appears twice under objective {objective!r} (families "
                                     f"{seen[objective, name]!r} and {family!r}); within an objective a KPI "
                                     "belongs to one family")
                seen[objective, name] = family
                cols = [columns] if isinstance(columns, str) else columns
                if not isinstance(cols, Sequence) or not cols:
                    raise ValueError(f"KPI {name!r} needs at least one data column")
                for col in cols:
                    rows.append((objective, family, name, _label(col, "data column")))
    tree = pd.DataFrame(rows, columns=["objective", "family", "kpi", "column"])
    if tables is not None:
        bad = []
        for col in tree["column"].unique():
            table, _, column = col.partition(".")
            if table not in tables or column not in tables[table].columns:
                bad.append(col)
        if bad:
            raise ValueError(f"data column(s) {bad} not found; write 'table.column' with tables "
                             f"{sorted(tables)} and their columns")
    return tree


def draw_kpi_tree(tree: pd.DataFrame, *, ax: plt.Axes | None = None, fontsize: int = 8) -> plt.Axes:
    """Draw a KPI tree from :func:`kpi_tree`, left to right, one row per data column.

    Boxes in four columns (objective, family, KPI, data column) joined by
    lines. Keep labels short and in English (no CJK font is guaranteed).

    Parameters
    ----------
    tree : DataFrame
        The output of :func:`kpi_tree`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized to the tree if omitted.
    fontsize : int

    Returns
    -------
    The Axes.
    """
    import matplotlib.pyplot as plt

    need = ["objective", "family", "kpi", "column"]
    if not isinstance(tree, pd.DataFrame) or tree.empty:
        raise ValueError("tree must be a non-empty DataFrame from kpi_tree()")
    missing = [c for c in need if c not in tree.columns]
    if missing:
        raise ValueError(f"tree has no column(s) {missing}; expected {need} (use kpi_tree())")
    n = len(tree)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, max(2.5, 0.32 * n + 0.6)))
    leaf_y = np.arange(n, 0, -1, dtype=float)
    levels = (["objective"], ["objective", "family"], ["objective", "family", "kpi"])
    ys = [pd.Series(leaf_y).groupby([tree[k].to_numpy() for k in keys], sort=False).mean().to_dict()
          for keys in levels]
    ys[0] = {(k,) if not isinstance(k, tuple) else k: v for k, v in ys[0].items()}
    x = (0.0, 1.0, 2.1, 3.3)
    box = {"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#666666", "linewidth": 0.8}
    edge_colours = ("#0072B2", "#E69F00", "#009E73")
    segments = []  # (x0, y0, x1, y1), drawn under the boxes
    for level in (1, 2):
        for key, y in ys[level].items():
            segments.append((x[level - 1], ys[level - 1][key[:-1]], x[level], y))
    for keys, y in zip(tree[levels[2]].itertuples(index=False, name=None), leaf_y):
        segments.append((x[2], ys[2][keys], x[3], y))
    for x0, y0, x1, y1 in segments:
        ax.plot([x0, x1], [y0, y1], color="#999999", linewidth=0.8, zorder=1)
    for level, positions in enumerate(ys):
        for key, y in positions.items():
            ax.text(x[level], y, str(key[-1]), ha="center", va="center", fontsize=fontsize, zorder=3,
                    bbox={**box, "edgecolor": edge_colours[level]})
    for column, y in zip(tree["column"], leaf_y):
        ax.text(x[3], y, str(column), ha="center", va="center", fontsize=fontsize - 1, zorder=3,
                bbox=box, family="monospace")
    for level, name in enumerate(("Objective", "Family", "KPI", "Data column")):
        ax.text(x[level], n + 0.9, name, ha="center", va="bottom", fontsize=fontsize + 1, fontweight="bold")
    ax.set_xlim(-0.6, 3.95)
    ax.set_ylim(0.3, n + 1.5)
    ax.axis("off")
    return ax


# --------------------------------------------------------------------------
# targets and the scorecard
# --------------------------------------------------------------------------

def uplift_target(baseline: float | pd.Series, uplift: float | pd.Series) -> float | pd.Series:
    """A target set as a relative change on a baseline: ``baseline + uplift * |baseline|``.

    "+20 %" on a baseline of 5 % gives 6 %. Using ``|baseline|`` keeps a
    positive uplift an improvement when the baseline is negative (a
    shrinking audience: -2 % "+20 %" gives -1.6 %). An uplift is a
    fraction (0.20 = +20 %), not percentage points.

    Parameters
    ----------
    baseline : float or Series
        The KPI in the baseline period.
    uplift : float or Series
        Relative change, e.g. 0.20 for +20 %, -0.10 for -10 % (a cost KPI).

    Returns
    -------
    float or Series (aligned on the index when both are Series).

    >>> round(uplift_target(0.05, 0.20), 4), round(uplift_target(-0.02, 0.20), 4)
    (0.06, -0.016)
    """
    for name, value in (("baseline", baseline), ("uplift", uplift)):
        arr = np.asarray(value, dtype="float64") if not isinstance(value, pd.Series) else value.to_numpy(float)
        if isinstance(value, (bool, np.bool_)) or not np.isfinite(arr).all():
            raise ValueError(f"{name} must be finite number(s), got {value!r}")
    out = baseline + uplift * abs(baseline)
    return float(out) if np.ndim(out) == 0 else out


def _targets_frame(targets: pd.DataFrame | Mapping) -> pd.DataFrame:
    if isinstance(targets, Mapping):
        if not targets or not all(isinstance(v, Mapping) for v in targets.values()):
            raise TypeError("targets as a mapping must be {kpi: {'target': ..., 'direction': ...}}")
        targets = pd.DataFrame.from_dict(dict(targets), orient="index").rename_axis("kpi").reset_index()
    if not isinstance(targets, pd.DataFrame):
        raise TypeError(f"targets must be a DataFrame or a mapping, got {type(targets).__name__}")
    if targets.empty:
        raise ValueError("targets is empty: a scorecard needs at least one KPI")
    missing = [c for c in ("kpi", "target", "direction") if c not in targets.columns]
    if missing:
        raise ValueError(f"targets has no column(s) {missing}; needs 'kpi', 'target', 'direction' "
                         f"(optional 'amber_band'); has {list(targets.columns)}")
    dup = targets["kpi"][targets["kpi"].duplicated()].tolist()
    if dup:
        raise ValueError(f"targets lists KPI(s) {dup} more than once")
    return targets.reset_index(drop=True)


def scorecard(actuals: pd.Series | Mapping[str, float], targets: pd.DataFrame | Mapping, *,
              amber_band: float = 0.10) -> pd.DataFrame:
    """Targets vs actuals with a red / amber / green status per KPI.

    Rules (see the module notes): margin = actual - target when higher is
    better, target - actual when lower is better; green if margin >= 0,
    amber if the shortfall is at most ``amber_band`` × |target|, red
    otherwise; a NaN actual is "no data".

    Parameters
    ----------
    actuals : Series or mapping
        KPI key -> actual value in the period (e.g. a row of
        :func:`family_kpis`).
    targets : DataFrame or mapping
        Columns ``kpi``, ``target``, ``direction`` ("higher" or "lower" is
        better) and optionally ``amber_band`` (a per-KPI band overriding the
        keyword; NaN uses the keyword, text is an error); other columns
        (family, baseline, source, ...) are kept.
        Or a mapping ``{kpi: {"target": t, "direction": d}}``.
    amber_band : float
        Default amber band as a fraction of |target|, in [0, 1).

    Returns
    -------
    DataFrame, one row per target in the order given: the target columns,
    then ``actual``, ``margin`` (in the KPI's unit; positive = better than
    target), ``vs_target`` (margin ÷ |target|; NaN when the target is 0,
    because a distance relative to zero is undefined -- the status then
    follows the sign of the margin, with no amber band) and ``status``
    (green, amber, red, no data).

    Raises
    ------
    ValueError
        An actual for a KPI that has no target ("unknown KPI"), a target
        without an actual, a missing (NaN) target, a direction other than
        "higher"/"lower", a duplicated KPI, or a band outside [0, 1).
    TypeError
        Non-numeric actuals, targets or amber bands.

    >>> card = scorecard({"sov": 0.30}, {"sov": {"target": 0.25, "direction": "higher"}})
    >>> card[["kpi", "actual", "target", "vs_target", "status"]]
       kpi  actual  target  vs_target status
    0  sov     0.3    0.25        0.2  green
    """
    t = _targets_frame(targets)
    if isinstance(actuals, Mapping):
        actuals = pd.Series(dict(actuals), dtype="object")
    if not isinstance(actuals, pd.Series):
        raise TypeError(f"actuals must be a Series or a mapping kpi -> value, got {type(actuals).__name__}")
    if actuals.empty:
        raise ValueError("actuals is empty: a scorecard needs at least one KPI")
    if actuals.index.has_duplicates:
        raise ValueError(f"actuals lists KPI(s) {actuals.index[actuals.index.duplicated()].tolist()} more than once")
    known = t["kpi"].tolist()
    unknown = [k for k in actuals.index if k not in known]
    if unknown:
        raise ValueError(f"unknown KPI(s) {unknown} in actuals: they have no target; targets define {known}")
    absent = [k for k in known if k not in actuals.index]
    if absent:
        raise ValueError(f"no actual value for KPI(s) {absent}; actuals has {actuals.index.tolist()}")
    a = actuals.reindex(known)
    try:
        actual = pd.to_numeric(a, errors="raise").to_numpy(dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"actuals must be numbers; got {a.tolist()}") from None
    try:
        target = pd.to_numeric(t["target"], errors="raise").to_numpy(dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"targets['target'] must be numbers; got {t['target'].tolist()}") from None
    nan_target = np.isnan(target) | np.isinf(target)
    if nan_target.any():
        raise ValueError(f"missing target for KPI(s) {t.loc[nan_target, 'kpi'].tolist()}: set a finite number")
    direction = t["direction"]
    bad = ~direction.isin(DIRECTIONS)
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise ValueError(f"direction {direction.iloc[i]!r} for KPI {t['kpi'].iloc[i]!r} is not allowed; "
                         f"allowed: 'higher' (higher is better), 'lower' (lower is better)")
    if not isinstance(amber_band, Real) or isinstance(amber_band, (bool, np.bool_)):
        raise TypeError(f"amber_band must be a number in [0, 1), got {amber_band!r}")
    band = np.full(len(t), float(amber_band))
    if "amber_band" in t.columns:
        try:
            override = pd.to_numeric(t["amber_band"], errors="raise").to_numpy(dtype="float64")
        except (TypeError, ValueError):
            raise TypeError(f"targets['amber_band'] must be numbers in [0, 1) or missing (NaN = use the "
                            f"amber_band keyword); got {t['amber_band'].tolist()}") from None
        band = np.where(np.isnan(override), band, override)
    if ((band < 0) | (band >= 1) | np.isnan(band)).any():
        raise ValueError(f"amber_band must be in [0, 1) (a fraction of the target), got {sorted(set(band))}")
    higher = (direction == "higher").to_numpy()
    margin = np.where(higher, actual - target, target - actual)
    scale = np.abs(target)
    vs_target = kpi._divide(margin, scale)
    status = np.select([np.isnan(actual), margin >= 0, margin >= -band * scale],
                       ["no data", "green", "amber"], default="red")
    out = t.copy()
    out.insert(out.columns.get_loc("target"), "actual", actual)
    out["margin"] = margin
    out["vs_target"] = vs_target
    out["status"] = pd.Categorical(status, categories=list(STATUSES))
    return out


def plot_scorecard(card: pd.DataFrame, *, label: str = "kpi", ax: plt.Axes | None = None,
                   clip: float = 1.0) -> plt.Axes:
    """Horizontal bars of each KPI's distance to target, coloured by status.

    The bar is ``vs_target`` (0 = on target, -0.2 = 20 % short, +0.1 = 10 %
    better), clipped to ±``clip`` for display (the text at the bar end shows
    the status, and "clipped" when cut). A KPI whose target is 0 has no
    relative distance: it gets no bar, a hollow marker at 0 and the text
    "<status>, n/a (target 0)"; a "no data" KPI gets the same marker. The
    x-axis spans the bars shown (at least ±10 %), plus room for the text.
    The amber band of each KPI is not drawn; the status colour carries it.

    Parameters
    ----------
    card : DataFrame
        The output of :func:`scorecard`.
    label : str
        Column to label the bars with.
    ax : matplotlib Axes, optional
    clip : float
        Display limit for ``vs_target`` (a fraction), > 0.

    Returns
    -------
    The Axes.
    """
    import matplotlib.pyplot as plt

    from .viz import percent_axis

    need = [label, "vs_target", "status"]
    if not isinstance(card, pd.DataFrame) or card.empty:
        raise ValueError("card must be a non-empty DataFrame from scorecard()")
    missing = [c for c in need if c not in card.columns]
    if missing:
        raise ValueError(f"card has no column(s) {missing}; use scorecard() (and label= an existing column)")
    if not isinstance(clip, Real) or isinstance(clip, (bool, np.bool_)) or not clip > 0:
        raise ValueError(f"clip must be a positive number (a fraction, e.g. 1.0 = ±100 %), got {clip!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.42 * len(card) + 1.2))
    values = card["vs_target"].to_numpy(dtype="float64")
    defined = np.isfinite(values)
    shown = np.clip(np.where(defined, values, 0.0), -clip, clip)
    y = np.arange(len(card))[::-1]
    status = card["status"].astype(str).to_numpy()
    colours = np.array([RAG_COLOURS[s] for s in status])
    ax.barh(y[defined], shown[defined], color=colours[defined], height=0.6)
    ax.scatter(shown[defined], y[defined], color=colours[defined], s=28, zorder=3)  # a bar of ~0 stays visible
    if (~defined).any():
        ax.scatter(np.zeros(int((~defined).sum())), y[~defined], facecolors="white", edgecolors=colours[~defined],
                   s=40, linewidths=1.5, zorder=3)
    ax.axvline(0, color="#333333", linewidth=1)
    low, high = min(shown.min(), -0.1), max(shown.max(), 0.1)
    pad = 0.04 * (high - low)
    for yy, v, s, raw in zip(y, shown, status, values):
        if not np.isfinite(raw):
            text = s if s == "no data" else f"{s}, n/a (target 0)"
        else:
            text = f"{s} (clipped)" if abs(raw) > clip else s
        ax.text(v + (pad if v >= 0 else -pad), yy, text, va="center", ha="left" if v >= 0 else "right",
                fontsize=8)
    ax.set_yticks(y, card[label].astype(str))
    span = high - low
    ax.set_xlim(low - 0.2 * span, high + 0.2 * span)  # room for the status text
    percent_axis(ax, "x")
    ax.set_xlabel("Distance to target (% of target; right of 0 = on or better)")
    return ax


# --------------------------------------------------------------------------
# is it noise? resampling units and a bootstrap of actual - target
# --------------------------------------------------------------------------

_UNIT_KPIS = ("engagement_rate", "core_interaction_rate", "ctr", "conversion_rate", "likes_per_post",
              "comments_per_post", "shares_per_post", "follower_growth", "churn_rate",
              "community_active_share", "community_satisfied_share", "satisfied_share", "net_sentiment",
              "share_of_voice")


def kpi_units(key: str, tables: Mapping[str, pd.DataFrame], *, freq: str = "Q") -> pd.DataFrame:
    """A catalogue KPI as resampling units: one row per unit with a numerator and a denominator.

    Every ratio KPI of :data:`KPIS` is ``sum(num) / sum(den)`` over the
    units of a period, where a unit is what varies at random:

    ========================================  ============  ===============================
    KPI                                       unit          num / den
    ========================================  ============  ===============================
    engagement, core interaction, CTR,        post          engagements (or comments +
    conversion, likes/comments/shares per                   shares, clicks, orders, ...) /
    post                                                    reach (impressions, clicks, 1)
    follower growth, churn                    day           net follows or unfollows (all
                                                            platforms) / followers at the
                                                            period start ÷ days
    community active share                    member-week   1 if active / 1
    community satisfied share                 pulse answer  1 if satisfied / 1
    satisfied share (survey)                  answer        1 if 4-5 of 5 / 1
    net sentiment                             comment       +1, 0, -1 / 1
    share of voice                            week          brand mentions / all mentions
    ========================================  ============  ===============================

    Per period, ``sum(num) / sum(den)`` equals :func:`family_kpis`. For
    growth and churn each day carries an equal share of the start audience,
    so a resample of the period's days keeps the denominator fixed and
    varies only the flows. Orders, revenue, NPS and the engagement index
    are not ratios of this form (``ValueError``).

    Assumptions of any resampling of these units: units are independent.
    Posts, comments and survey answers nearly are. Pulse answers and
    member-weeks come from the same members week after week, so their
    intervals are somewhat too narrow. Days and weeks are autocorrelated
    and include real swings (a crisis lasts weeks), so those intervals
    mix noise with change, and a quarter has only about 13 weeks.

    Parameters
    ----------
    key : str
        A KPI key of :func:`catalogue` (see the table above).
    tables : mapping of name -> DataFrame
        The course tables (``data.load(name)``); only the table the KPI
        needs is used.
    freq : {"M", "Q", "Y"}
        Period of the ``period`` column.

    Returns
    -------
    DataFrame with columns ``period`` (a ``Period``), ``num`` and ``den``
    (float), one row per unit.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"timestamp": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-04-02"]),
    ...                   "sentiment": ["positive", "negative", "neutral"]})
    >>> kpi_units("net_sentiment", {"comments": c})
       period  num  den
    0  2025Q1  1.0  1.0
    1  2025Q1 -1.0  1.0
    2  2025Q2  0.0  1.0
    """
    kpi._check_choice("key", key, _UNIT_KPIS)
    kpi._check_choice("freq", freq, _FREQS)
    if not isinstance(tables, Mapping):
        raise TypeError(f"tables must be a mapping of table name -> DataFrame, got {type(tables).__name__}")

    def table(name: str, time: str) -> pd.DataFrame:
        if name not in tables:
            raise ValueError(f"KPI {key!r} needs the table {name!r} in tables; got {sorted(tables)}")
        return _period(tables[name], time, freq, name)

    def units(period: pd.Series, num: np.ndarray, den: np.ndarray | float) -> pd.DataFrame:
        out = pd.DataFrame({"period": period.to_numpy(), "num": np.asarray(num, dtype="float64")})
        out["den"] = np.broadcast_to(np.asarray(den, dtype="float64"), len(out))
        return out

    if key in ("engagement_rate", "core_interaction_rate", "ctr", "conversion_rate",
               "likes_per_post", "comments_per_post", "shares_per_post"):
        p = table("posts", "timestamp")
        num_cols, den_col = {
            "engagement_rate": (list(kpi.ENGAGEMENT_COLUMNS), "reach"),
            "core_interaction_rate": (["comments", "shares"], "reach"),
            "ctr": (["clicks"], "impressions"),
            "conversion_rate": (["conversions"], "clicks"),
            "likes_per_post": (["likes"], None),
            "comments_per_post": (["comments"], None),
            "shares_per_post": (["shares"], None),
        }[key]
        num = kpi._sum_counts(p, num_cols, "numerator")
        den = 1.0 if den_col is None else kpi._count(p, den_col, den_col)
        return units(p["period"], num, den)
    if key in ("follower_growth", "churn_rate"):
        d = table("daily_metrics", "date")
        follows, unfollows = kpi._count(d, "follows", "follows"), kpi._count(d, "unfollows", "unfollows")
        start = kpi._count(d, "followers", "followers") - follows + unfollows
        day = d["date"].dt.normalize()
        first = (day == day.groupby(d["period"]).transform("min")).to_numpy()
        frame = pd.DataFrame({"period": d["period"], "day": day,
                              "moved": follows - unfollows if key == "follower_growth" else unfollows,
                              "start": np.where(first, start, 0.0)})
        per_day = frame.groupby(["period", "day"], sort=True).sum().reset_index()
        days = per_day.groupby("period")["day"].transform("size")
        start_total = per_day.groupby("period")["start"].transform("sum")
        return units(per_day["period"], per_day["moved"].to_numpy(), (start_total / days).to_numpy())
    if key in ("community_active_share", "community_satisfied_share"):
        c = table("community", "week_start")
        num_col, den_col = (("weekly_active", "members") if key == "community_active_share"
                            else ("satisfied", "pulse_responses"))
        k, n = kpi._count(c, num_col, num_col), kpi._count(c, den_col, den_col)
        if (k > n).any():
            raise ValueError(f"community has rows with {num_col!r} > {den_col!r}; a share needs part <= base")
        n = n.astype("int64")
        # one unit per member-week (or pulse answer): 1 for the first k of each week's n, else 0
        row = np.repeat(np.arange(len(c)), n)
        offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        return units(c["period"].iloc[row], (offset < k[row]).astype("float64"), 1.0)
    if key == "satisfied_share":
        s = table("survey", "date")
        score = kpi._count(s, "satisfaction", "satisfaction")
        bad = (score < 1) | (score > 5) | (score != np.round(score))
        if bad.any():
            raise ValueError(f"column 'satisfaction' must hold whole numbers from 1 to 5; "
                             f"row {s.index[bad.argmax()]!r} has {score[bad.argmax()]:g}")
        return units(s["period"], (score >= 4).astype("float64"), 1.0)  # top-2-box, as survey.top_box_share
    if key == "net_sentiment":
        m = table("comments", "timestamp")
        labels = kpi._require(m, "sentiment", "sentiment").astype(str)
        unknown = ~labels.isin(kpi.SENTIMENT_LABELS)
        if unknown.any():
            raise ValueError(f"column 'sentiment' has unknown label(s) {sorted(set(labels[unknown]))[:5]}; "
                             f"allowed: {list(kpi.SENTIMENT_LABELS)}")
        score = (labels == "positive").to_numpy(float) - (labels == "negative").to_numpy(float)
        return units(m["period"], score, 1.0)
    # share of voice: one unit per week (all companies of the week together)
    w = table("competitors", "week_start")
    mentions = kpi._count(w, "mentions", "mentions")
    flag = kpi._require(w, "is_brand", "is_brand").to_numpy(dtype=bool)
    weeks = (pd.DataFrame({"period": w["period"], "week": w["week_start"],
                           "num": np.where(flag, mentions, 0.0), "den": mentions})
             .groupby(["period", "week"], sort=True).sum().reset_index())
    return units(weeks["period"], weeks["num"].to_numpy(), weeks["den"].to_numpy())


def _boot_ratios(num: np.ndarray, den: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` bootstrap values of sum(num) / sum(den), resampling rows with replacement."""
    n = len(num)
    if np.all(den == 1.0) and np.all((num == 0.0) | (num == 1.0)):
        # 0/1 units: the number of 1s in a resample of n units is Binomial(n, p), the same
        # distribution as resampling the rows, and much faster
        return rng.binomial(n, num.mean(), size=n_boot) / n
    out = np.empty(n_boot)
    chunk = max(1, 2_000_000 // n)  # keep the index matrix small
    for first in range(0, n_boot, chunk):
        idx = rng.integers(0, n, size=(min(chunk, n_boot - first), n))
        with np.errstate(all="ignore"):
            out[first:first + len(idx)] = num[idx].sum(axis=1) / den[idx].sum(axis=1)
    out[~np.isfinite(out)] = np.nan
    return out


def bootstrap_margin(units: pd.DataFrame, *, current: object, direction: str, target: float | None = None,
                     baseline: object | None = None, uplift: float | None = None, n_boot: int = 2000,
                     confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Is a KPI really above or below its target? A bootstrap interval of the margin.

    The KPI of a period is ``sum(num) / sum(den)`` over its units
    (:func:`kpi_units`). Resampling the units with replacement (percentile
    bootstrap, Efron & Tibshirani 1993) gives the spread of the KPI that
    chance alone would produce. The *margin* is actual − target when
    higher is better and target − actual when lower is better, as in
    :func:`scorecard`.

    Give either a fixed ``target`` (e.g. "at least 50 %"), or a
    ``baseline`` period and an ``uplift``: the target is then
    :func:`uplift_target` of the baseline, and the baseline is resampled
    too, because a target set from noisy data is noisy as well.

    Verdict: "met" if the whole interval of the margin is >= 0, "missed" if
    it is < 0, "on the line" otherwise (the data cannot tell).

    Parameters
    ----------
    units : DataFrame
        Columns ``period``, ``num``, ``den`` (:func:`kpi_units`).
    current : period
        The period under review (a ``Period`` or its text, e.g. "2025Q3").
    direction : {"higher", "lower"}
        Which way is better.
    target : float, optional
        A fixed target.
    baseline : period, optional
        The period the target was set from (with ``uplift``).
    uplift : float, optional
        Relative change on the baseline, e.g. 0.15 for +15 %, 0 to hold it.
    n_boot : int
        Bootstrap resamples (at least 100).
    confidence : float
        Interval level, in (0, 1).
    seed : int
        Seed of the resampling (same seed, same interval).

    Returns
    -------
    One-row DataFrame: ``actual``, ``target``, ``margin`` (point
    estimates), ``ci_low``, ``ci_high`` (interval of the margin, in the
    KPI's unit), ``units`` (in the current period) and ``verdict``.

    >>> import pandas as pd
    >>> u = pd.DataFrame({"period": ["Q1"] * 400 + ["Q2"] * 400,
    ...                   "num": [1.0, 0.0] * 200 + [1.0, 0.0, 0.0, 0.0] * 100, "den": 1.0})
    >>> out = bootstrap_margin(u, current="Q2", target=0.30, direction="higher", seed=1)
    >>> out[["actual", "target", "margin", "verdict"]]
       actual  target  margin verdict
    0    0.25     0.3   -0.05  missed
    >>> bootstrap_margin(u, current="Q2", baseline="Q1", uplift=-0.5, direction="higher")["verdict"].iloc[0]
    'on the line'
    """
    if not isinstance(units, pd.DataFrame) or units.empty:
        raise ValueError("units must be a non-empty DataFrame with columns period, num, den (see kpi_units)")
    missing = [c for c in ("period", "num", "den") if c not in units.columns]
    if missing:
        raise ValueError(f"units has no column(s) {missing}; needs 'period', 'num', 'den' (see kpi_units)")
    kpi._check_choice("direction", direction, DIRECTIONS)
    if (target is None) == (baseline is None):
        raise ValueError("give either target= (a fixed target) or baseline= with uplift=, not both or neither")
    if baseline is not None and (uplift is None or isinstance(uplift, bool) or not isinstance(uplift, Real)):
        raise TypeError(f"with baseline=, uplift must be a number (0.15 = +15 %, 0 = hold), got {uplift!r}")
    if target is not None and (isinstance(target, bool) or not isinstance(target, Real) or not np.isfinite(target)):
        raise TypeError(f"target must be a finite number, got {target!r}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise ValueError(f"n_boot must be a whole number >= 100, got {n_boot!r}")
    if isinstance(confidence, bool) or not isinstance(confidence, Real) or not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), e.g. 0.95; got {confidence!r}")
    period = units["period"].astype(str)

    def rows(which: object, name: str) -> tuple[np.ndarray, np.ndarray]:
        keep = (period == str(which)).to_numpy()
        if not keep.any():
            raise ValueError(f"{name}={str(which)!r} has no units; periods in units: "
                             f"{sorted(period.unique().tolist())}")
        part = units.loc[keep]
        return part["num"].to_numpy(dtype="float64"), part["den"].to_numpy(dtype="float64")

    rng = np.random.default_rng(seed)
    num, den = rows(current, "current")
    actual = float(kpi._divide(num.sum(), den.sum()))
    boot_actual = _boot_ratios(num, den, n_boot, rng)
    if baseline is None:
        point_target, boot_target = float(target), np.full(n_boot, float(target))
    else:
        bnum, bden = rows(baseline, "baseline")
        base = float(kpi._divide(bnum.sum(), bden.sum()))
        point_target = base + uplift * abs(base)
        b = _boot_ratios(bnum, bden, n_boot, rng)
        boot_target = b + uplift * np.abs(b)
    sign = 1.0 if direction == "higher" else -1.0
    boot_margin = sign * (boot_actual - boot_target)
    tail = (1 - confidence) / 2 * 100
    low, high = np.nanpercentile(boot_margin, [tail, 100 - tail])
    verdict = "met" if low >= 0 else "missed" if high < 0 else "on the line"
    return pd.DataFrame({"actual": [actual], "target": [point_target],
                         "margin": [sign * (actual - point_target)], "ci_low": [float(low)],
                         "ci_high": [float(high)], "units": [len(num)], "verdict": [verdict]})


# --------------------------------------------------------------------------
# competitors
# --------------------------------------------------------------------------

def competitor_benchmark(competitors: pd.DataFrame, *, company: str = "company", week: str = "week_start",
                         is_brand: str = "is_brand") -> pd.DataFrame:
    """Benchmark of the brand and its competitors over the weeks in the frame.

    Per company: posts per week, engagements per post, engagements per
    follower per week (pooled: sum of engagements ÷ sum of end-of-week
    followers, :func:`course_lib.kpi.engagement_rate` with
    ``denominator="followers"``), average weekly follower growth (geometric:
    ``(last / first) ** (1 / (weeks - 1)) - 1`` on end-of-week followers)
    and share of voice (its mentions ÷ all companies' mentions, pooled over
    the weeks). Conversion of competitors is not observable from outside
    and is not in the table.

    Parameters
    ----------
    competitors : DataFrame
        One row per week and company (``data.load("competitors")``) with
        ``followers``, ``posts``, ``engagements``, ``mentions``.
    company, week, is_brand : str
        Column names.

    Returns
    -------
    DataFrame, one row per company sorted by share of voice (largest
    first): ``company``, ``is_brand``, ``weeks``, ``followers_end``,
    ``weekly_growth``, ``posts_per_week``, ``engagements_per_post``,
    ``engagements_per_follower``, ``share_of_voice``.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"week_start": pd.to_datetime(["2025-01-01", "2025-01-08"] * 2),
    ...                   "company": ["Us", "Us", "Them", "Them"], "is_brand": [True, True, False, False],
    ...                   "followers": [1000, 1100, 2000, 2000], "posts": [5, 5, 10, 10],
    ...                   "engagements": [100, 110, 100, 100], "mentions": [30, 30, 90, 90]})
    >>> competitor_benchmark(c)[["company", "weekly_growth", "engagements_per_follower", "share_of_voice"]]
      company  weekly_growth  engagements_per_follower  share_of_voice
    0    Them            0.0                      0.05            0.75
    1      Us            0.1                      0.10            0.25
    """
    kpi._check_frame(competitors, "competitors")
    for col in (company, week, is_brand):
        kpi._require(competitors, col, col)
    counts = {c: kpi._count(competitors, c, c) for c in ("followers", "posts", "engagements", "mentions")}
    frame = pd.DataFrame(counts, index=competitors.index)
    frame[company] = competitors[company]
    frame[week] = competitors[week]
    frame[is_brand] = competitors[is_brand]
    frame = frame.sort_values([company, week])
    g = frame.groupby(company, sort=True)
    weeks = g.size()
    first = g["followers"].first()
    last = g["followers"].last()
    periods = (weeks - 1).astype("float64")
    growth = pd.Series(np.nan, index=weeks.index)
    ok = (periods > 0) & (first > 0)
    growth[ok] = (last[ok] / first[ok]) ** (1.0 / periods[ok]) - 1.0
    sums = g[["posts", "engagements", "mentions"]].sum()
    out = pd.DataFrame({
        company: weeks.index,
        "is_brand": g[is_brand].first().to_numpy(dtype=bool),
        "weeks": weeks.to_numpy(),
        "followers_end": last.to_numpy(),
        "weekly_growth": growth.to_numpy(),
        "posts_per_week": kpi._divide(sums["posts"].to_numpy(), weeks.to_numpy()),
        "engagements_per_post": kpi._divide(sums["engagements"].to_numpy(), sums["posts"].to_numpy()),
        "engagements_per_follower": kpi.engagement_rate(frame, denominator="followers",
                                                        engagements="engagements", aggregate="ratio",
                                                        by=company).to_numpy(),
        "share_of_voice": kpi._divide(sums["mentions"].to_numpy(), sums["mentions"].sum()),
    })
    return out.sort_values("share_of_voice", ascending=False, kind="stable").reset_index(drop=True)

