"""Community health (社群运营) against the community plan's four targets.

The course's community plan (source 004, §四) sets four numeric targets for
the brand's own community: members +10 % per month, at least 50 % of
members active each week, at least 20 comments per post, at least 80 %
satisfied (:data:`SOURCE_TARGETS`). This module measures them on a weekly
table such as ``data.load("community")``:

* :func:`average_monthly_growth` -- compounding growth of the member stock
  over the weeks in the table, converted to a month of ``days_per_month``
  days: the product of each week's growth factor (members at the end ÷
  members at the start of that week), so a table with weeks left out (e.g.
  the crisis weeks) counts neither their days nor their change of stock.
  Never the sum of weekly rates (that ignores compounding) and never new
  members ÷ members (that ignores the members who left).
* :func:`flow_rates` -- joining, leaving and net growth per month: what
  recruitment alone would give, and what leavers take away.
* :func:`bootstrap_share` -- an interval for a share (e.g. satisfied) that
  resamples whole weeks, wider and more honest than a Wilson interval when
  the same members answer every week and events shift whole weeks.
* :func:`monthly_members` -- month by month: the month-end stock (members
  at the end of the last week that starts in the month) and its growth
  over the previous month-end.
* :func:`weekly_health` -- every week's four indicators (growth as a
  monthly equivalent), with a Wilson interval on the satisfied share.
* :func:`health` -- the target-vs-actual table over a period: rates as
  ratios of sums (:func:`course_lib.kpi.weekly_active_ratio`,
  :func:`course_lib.kpi.proportion`), the satisfied share with a Wilson
  interval (:func:`course_lib.survey.wilson_interval`), whether each target
  is met and in how many weeks.

Assumptions: weeks are 7 days; the member stock at the start of each week
is ``members - new_members + left_members`` of that week. The Wilson
interval treats each pulse answer as an independent draw; the same member
answering many weeks, and events that move whole weeks, make the true
uncertainty larger (:func:`bootstrap_share`). ``weekly_active`` in the
course data counts members who posted, commented **or reacted**: looser
than the plan's "take part in discussion" (参与讨论), so it overstates
activity in that sense.

>>> import pandas as pd
>>> weeks = pd.DataFrame({"week_start": pd.date_range("2025-01-01", periods=4, freq="7D"),
...                       "members": [1010, 1020, 1030, 1040], "new_members": [20, 20, 20, 20],
...                       "left_members": [10, 10, 10, 10], "weekly_active": [500, 500, 500, 500],
...                       "posts": [10, 10, 10, 10], "comments": [150, 250, 200, 200],
...                       "pulse_responses": [100, 100, 100, 100], "satisfied": [85, 80, 75, 90]})
>>> health(weeks)[["metric", "actual", "met"]]
                     metric     actual    met
0  members_growth_per_month   0.042918  False
1       weekly_active_share   0.487805  False
2         comments_per_post  20.000000   True
3        satisfaction_share   0.825000   True
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import kpi
from .survey import wilson_interval
from .validation import check_frame, require_columns

__all__ = ["COLUMNS", "SOURCE_TARGETS", "average_monthly_growth", "bootstrap_share", "flow_rates", "health",
           "monthly_members", "weekly_health"]

SOURCE_TARGETS: dict[str, float] = {
    "members_growth_per_month": 0.10,
    "weekly_active_share": 0.50,
    "comments_per_post": 20.0,
    "satisfaction_share": 0.80,
}
"""The community plan's targets (source 004, §四): +10 %/month, ≥50 % weekly active, ≥20 comments/post, ≥80 % satisfied."""

COLUMNS = ("week_start", "members", "new_members", "left_members", "weekly_active", "posts", "comments",
           "pulse_responses", "satisfied")
"""Columns of the weekly community table the functions use."""

_LABELS = {
    "members_growth_per_month": "Member growth per month",
    "weekly_active_share": "Weekly active share",
    "comments_per_post": "Comments per post",
    "satisfaction_share": "Satisfied share (pulse)",
}


def _weeks(frame: object, param: str = "community", columns: tuple[str, ...] = COLUMNS) -> pd.DataFrame:
    check_frame(frame, param, why="at least one week is needed")
    require_columns(frame, list(columns), param)
    stamp = frame["week_start"]
    if not pd.api.types.is_datetime64_any_dtype(stamp.dtype):
        raise TypeError(f"column 'week_start' of {param} must hold datetimes, got {stamp.dtype}")
    if not stamp.is_monotonic_increasing or stamp.duplicated().any():
        raise ValueError(f"{param} must have one row per week, sorted by 'week_start'")
    for col in columns[1:]:
        values = pd.to_numeric(frame[col], errors="coerce")
        if values.isna().any() or (values < 0).any():
            raise ValueError(f"column {col!r} of {param} must hold counts (>= 0, no missing values)")
    return frame


def _days(days_per_month: object) -> float:
    if isinstance(days_per_month, bool) or not isinstance(days_per_month, (int, float, np.integer, np.floating)) \
            or not 1 <= float(days_per_month) <= 31:
        raise ValueError(f"days_per_month must be a number of days between 1 and 31, got {days_per_month!r}")
    return float(days_per_month)


def _start_stocks(frame: pd.DataFrame) -> np.ndarray:
    """Members at the start of each week: members - new_members + left_members."""
    start = (frame["members"] - frame["new_members"] + frame["left_members"]).to_numpy(dtype="float64")
    if (start <= 0).any():
        raise ValueError("the member stock before each week (members - new_members + left_members) must be > 0")
    return start


def average_monthly_growth(community: pd.DataFrame, *, days_per_month: float = 30) -> float:
    """Average monthly growth of the member stock, compounding.

    ``prod(members_i / start_i) ** (days_per_month / (7 n)) - 1`` over the
    ``n`` weeks, with ``start_i = members_i - new_members_i +
    left_members_i`` the stock at the start of week ``i``. For consecutive
    weeks the product telescopes to end stock ÷ start stock; with weeks
    left out (a crisis, missing exports) it counts only the weeks present,
    their change of stock and their days.

    Parameters
    ----------
    community : DataFrame
        One row per week (columns ``week_start``, ``members``,
        ``new_members``, ``left_members``), sorted by week.
    days_per_month : float
        Length of a "month" in days (30 by default, as in the data card).

    Returns
    -------
    float, a fraction (0.05 = +5 % per month).

    >>> import pandas as pd
    >>> w = pd.DataFrame({"week_start": pd.date_range("2025-01-01", periods=2, freq="7D"),
    ...                   "members": [1100, 1210], "new_members": [150, 160], "left_members": [50, 50]})
    >>> round(average_monthly_growth(w, days_per_month=14), 3)
    0.21
    """
    weeks = _weeks(community, columns=("week_start", "members", "new_members", "left_members"))
    days = _days(days_per_month)
    log_factor = np.log(weeks["members"].to_numpy(dtype="float64") / _start_stocks(weeks)).sum()
    return float(np.exp(log_factor * days / (7 * len(weeks))) - 1)


def flow_rates(community: pd.DataFrame, *, days_per_month: float = 30) -> pd.Series:
    """Joining, leaving and net growth of the member stock, each per month (compounding).

    ``joined_per_month`` = ``(1 + sum(new) / sum(start)) ** (days_per_month / 7) - 1``:
    the growth recruitment alone would give if nobody left;
    ``left_per_month`` = ``1 - (1 - sum(left) / sum(start)) ** (days_per_month / 7)``:
    the share of members lost per month; ``net_per_month`` is
    :func:`average_monthly_growth`. Weekly rates are ratios of sums over
    the weeks given (start = the stock at the start of each week).

    >>> import pandas as pd
    >>> w = pd.DataFrame({"week_start": pd.date_range("2025-01-01", periods=2, freq="7D"),
    ...                   "members": [1100, 1210], "new_members": [150, 160], "left_members": [50, 50]})
    >>> flow_rates(w, days_per_month=7).round(3).tolist()
    [0.148, 0.048, 0.1]
    """
    weeks = _weeks(community, columns=("week_start", "members", "new_members", "left_members"))
    days = _days(days_per_month)
    start = _start_stocks(weeks).sum()
    joined = weeks["new_members"].sum() / start
    left = weeks["left_members"].sum() / start
    return pd.Series({"joined_per_month": (1 + joined) ** (days / 7) - 1,
                      "left_per_month": 1 - (1 - left) ** (days / 7),
                      "net_per_month": average_monthly_growth(weeks, days_per_month=days)}, dtype="float64")


def bootstrap_share(community: pd.DataFrame, *, part: str = "satisfied", base: str = "pulse_responses",
                    n_boot: int = 2000, seed: int = 0, confidence: float = 0.95) -> pd.Series:
    """A share over the period (sum(part) ÷ sum(base)) with an interval from resampling whole weeks.

    Weeks are drawn with replacement (``n_boot`` times) and the ratio of
    sums recomputed; the percentile interval reflects week-to-week swings
    (the same members answering every week, events that shift a whole
    week), which a Wilson interval on all answers pooled ignores. Weeks
    are still treated as independent, so runs of bad weeks are
    understated.

    Returns
    -------
    Series with ``estimate``, ``ci_low``, ``ci_high``.

    >>> import pandas as pd
    >>> w = pd.DataFrame({"week_start": pd.date_range("2025-01-01", periods=3, freq="7D"),
    ...                   "satisfied": [80, 80, 80], "pulse_responses": [100, 100, 100]})
    >>> bootstrap_share(w, n_boot=50).round(2).tolist()
    [0.8, 0.8, 0.8]
    """
    weeks = _weeks(community, columns=("week_start", part, base))
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a whole number >= 1, got {n_boot!r}")
    if not isinstance(confidence, (float, int)) or isinstance(confidence, bool) or not 0 < confidence < 1:
        raise ValueError(f"confidence must be a number between 0 and 1, got {confidence!r}")
    num = weeks[part].to_numpy(dtype="float64")
    den = weeks[base].to_numpy(dtype="float64")
    if den.sum() <= 0:
        raise ValueError(f"column {base!r} of community sums to 0: no share can be computed")
    idx = np.random.default_rng(seed).integers(0, len(weeks), size=(n_boot, len(weeks)))
    with np.errstate(divide="ignore", invalid="ignore"):
        draws = num[idx].sum(axis=1) / den[idx].sum(axis=1)
    draws = draws[np.isfinite(draws)]
    tail = (1 - confidence) / 2
    return pd.Series({"estimate": num.sum() / den.sum(), "ci_low": float(np.quantile(draws, tail)),
                      "ci_high": float(np.quantile(draws, 1 - tail))}, dtype="float64")


def monthly_members(community: pd.DataFrame) -> pd.DataFrame:
    """Month-end member stock and growth over the previous month-end.

    A week counts in the calendar month in which it starts; the month-end
    stock is the ``members`` of the month's last week and the month's start
    stock is the stock before its first week. Weeks straddle
    months, so a "month" here is 4 or 5 weeks: compare months with care or
    use :func:`average_monthly_growth` for the year.

    Returns
    -------
    DataFrame with ``month`` (Period), ``weeks``, ``start_members``,
    ``end_members``, ``new_members``, ``left_members`` and ``growth``
    (end ÷ start − 1).

    >>> import pandas as pd
    >>> w = pd.DataFrame({"week_start": pd.to_datetime(["2025-01-22", "2025-01-29", "2025-02-05"]),
    ...                   "members": [105, 110, 121], "new_members": [6, 6, 12], "left_members": [1, 1, 1]})
    >>> monthly_members(w)[["month", "start_members", "end_members", "growth"]]
         month  start_members  end_members  growth
    0  2025-01            100          110     0.1
    1  2025-02            110          121     0.1
    """
    weeks = _weeks(community, columns=("week_start", "members", "new_members", "left_members"))
    month = weeks["week_start"].dt.to_period("M").rename("month")
    out = weeks.assign(start=_start_stocks(weeks)).groupby(month).agg(
        weeks=("members", "size"), start_members=("start", "first"), end_members=("members", "last"),
        new_members=("new_members", "sum"), left_members=("left_members", "sum"))
    out["start_members"] = out["start_members"].astype("int64")
    out["growth"] = out["end_members"] / out["start_members"] - 1
    return out.reset_index()


def weekly_health(community: pd.DataFrame, *, days_per_month: float = 30, confidence: float = 0.95) -> pd.DataFrame:
    """The four indicators for every week.

    Returns
    -------
    DataFrame with ``week_start``, ``members_growth_per_month`` (the week's
    growth of the stock as a monthly equivalent, compounding:
    ``(members / start) ** (days_per_month / 7) - 1`` with ``start`` the
    stock at the start of the week),
    ``weekly_active_share``, ``comments_per_post`` (NaN in a week without
    posts), ``satisfaction_share`` and its Wilson interval
    ``satisfaction_low``, ``satisfaction_high``.

    >>> import pandas as pd
    >>> w = pd.DataFrame({"week_start": pd.to_datetime(["2025-01-01"]), "members": [102], "new_members": [3],
    ...                   "left_members": [1], "weekly_active": [51], "posts": [4], "comments": [80],
    ...                   "pulse_responses": [10], "satisfied": [8]})
    >>> weekly_health(w, days_per_month=7).iloc[0, 1:5].astype(float).round(2).tolist()
    [0.02, 0.5, 20.0, 0.8]
    """
    weeks = _weeks(community)
    days = _days(days_per_month)
    members = weeks["members"].to_numpy(dtype="float64")
    previous = _start_stocks(weeks)
    posts = weeks["posts"].to_numpy(dtype="float64")
    answers = weeks["pulse_responses"].to_numpy(dtype="float64")
    low, high = wilson_interval(weeks["satisfied"].to_numpy(dtype="float64"), answers, confidence=confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.DataFrame({
            "week_start": weeks["week_start"].to_numpy(),
            "members_growth_per_month": (members / previous) ** (days / 7) - 1,
            "weekly_active_share": np.where(members > 0, weeks["weekly_active"].to_numpy() / members, np.nan),
            "comments_per_post": np.where(posts > 0, weeks["comments"].to_numpy() / posts, np.nan),
            "satisfaction_share": np.where(answers > 0, weeks["satisfied"].to_numpy() / answers, np.nan),
            "satisfaction_low": low,
            "satisfaction_high": high,
        })


def health(community: pd.DataFrame, *, targets: Mapping[str, float] | None = None, days_per_month: float = 30,
           confidence: float = 0.95) -> pd.DataFrame:
    """Target vs actual for the community plan's four indicators over the given weeks.

    Actuals: compounding monthly growth (:func:`average_monthly_growth`);
    weekly active share = sum(weekly_active) ÷ sum(members); comments per
    post = sum(comments) ÷ sum(posts); satisfied share = sum(satisfied) ÷
    sum(pulse_responses) with a Wilson interval (the only one of the four
    that is a sample estimate; the others are counts of the whole
    community). A target is met when the actual is at least the target.

    Parameters
    ----------
    community : DataFrame
        Weekly rows (columns :data:`COLUMNS`), sorted by week; filter it to
        judge a window (e.g. the weeks outside a crisis).
    targets : mapping, optional
        ``{metric: target}`` with the keys of :data:`SOURCE_TARGETS`
        (default: the source plan's numbers).
    days_per_month : float
        Month length for the growth target.
    confidence : float
        Level of the Wilson interval.

    Returns
    -------
    DataFrame, one row per target: ``metric``, ``label``, ``target``,
    ``actual``, ``ci_low``, ``ci_high`` (NaN except for satisfaction),
    ``met`` and ``weeks_met`` (share of weeks in which the week's own value
    reaches the target).
    """
    weeks = _weeks(community)
    targets = dict(SOURCE_TARGETS if targets is None else targets)
    unknown = set(targets) - set(SOURCE_TARGETS)
    missing = set(SOURCE_TARGETS) - set(targets)
    if unknown or missing:
        raise ValueError(f"targets must have exactly the keys {sorted(SOURCE_TARGETS)}"
                         + (f"; unknown: {sorted(unknown)}" if unknown else "")
                         + (f"; missing: {sorted(missing)}" if missing else ""))
    if weeks["posts"].sum() == 0 or weeks["pulse_responses"].sum() == 0 or weeks["members"].sum() == 0:
        raise ValueError("community needs at least one week with members, posts and pulse_responses > 0")
    actual = {
        "members_growth_per_month": average_monthly_growth(weeks, days_per_month=days_per_month),
        "weekly_active_share": float(kpi.weekly_active_ratio(weeks, aggregate="ratio")),
        "comments_per_post": float(weeks["comments"].sum() / weeks["posts"].sum()),
        "satisfaction_share": float(kpi.proportion(weeks, part="satisfied", base="pulse_responses",
                                                   aggregate="ratio")),
    }
    low, high = wilson_interval(weeks["satisfied"].sum(), weeks["pulse_responses"].sum(), confidence=confidence)
    per_week = weekly_health(weeks, days_per_month=days_per_month, confidence=confidence)
    out = pd.DataFrame({"metric": list(SOURCE_TARGETS)})
    out["label"] = out["metric"].map(_LABELS)
    out["target"] = out["metric"].map(targets).astype("float64")
    out["actual"] = out["metric"].map(actual)
    out["ci_low"] = np.where(out["metric"] == "satisfaction_share", float(low), np.nan)
    out["ci_high"] = np.where(out["metric"] == "satisfaction_share", float(high), np.nan)
    out["met"] = out["actual"] >= out["target"]
    out["weeks_met"] = [float((per_week[m] >= t).mean()) for m, t in zip(out["metric"], out["target"])]
    return out
