"""User data: follower growth, churn, event windows and the audience portrait.

Follower numbers are a **stock and flows**: the stock (followers at the end
of a day) changes by two flows, new follows (新增关注) and unfollows
(取消关注). This module turns a daily account table
(``data.load("daily_metrics")``: one row per platform and day) into tidy
period tables, marks the campaign and crisis windows on the calendar, and
describes the audience (用户画像) of ``data.load("users")``.

Definitions (the same as :func:`course_lib.kpi.follower_growth_rate` and
:func:`course_lib.kpi.churn_rate`, which this module calls):

* **net growth** (净增长) = follows − unfollows, a count;
* **growth rate** = net growth ÷ followers at the start of the period;
* **churn rate** (流失率) = unfollows ÷ followers at the start of the period.

The start of a period is the stock *before* its first day: followers at the
end of the first day − that day's follows + its unfollows. Rates of a
period are ratios of the period's totals, never means of daily rates.

Sources: the course's source document (*社交媒体运营策略与效果评估*,
§四.1 数据分析) asks to track new users, growth rate and the share of
active users over time, and to build a multi-dimensional user portrait;
churn and growth as flow ÷ stock at the start follow Farris et al. (2010),
*Marketing Metrics* (2nd ed.), Pearson.

>>> import pandas as pd
>>> d = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-02-01"]),
...                   "platform": "a", "followers": [1010, 1030, 1025],
...                   "follows": [20, 30, 5], "unfollows": [10, 10, 10]})
>>> growth_table(d, freq="M")[["platform", "period", "followers_start", "net_growth", "growth_rate"]]
  platform     period  followers_start  net_growth  growth_rate
0        a 2025-01-01             1000          30     0.030000
1        a 2025-02-01             1030          -5    -0.004854
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

from . import kpi
from .validation import as_list, check_frame, require_columns

__all__ = [
    "FREQS",
    "baseline_overlaps",
    "event_windows",
    "growth_table",
    "portrait",
    "user_status",
    "window_change",
]

#: Allowed period lengths of :func:`growth_table`: day, week (Monday to Sunday),
#: calendar month, quarter, year.
FREQS: dict[str, str] = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------

_frame = check_frame
_columns = require_columns


def _dates(frame: pd.DataFrame, column: str, param: str) -> pd.Series:
    s = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(s.dtype):
        raise TypeError(f"column {column!r} of {param} must hold dates (datetime64), got dtype {s.dtype}")
    if s.isna().any():
        raise ValueError(f"column {column!r} of {param} has missing dates")
    return s


def _timestamp(value: object, param: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise TypeError(f"{param} must be a date (e.g. '2025-01-01' or a Timestamp), got {value!r}") from None
    if pd.isna(ts):
        raise ValueError(f"{param} must be a date, got a missing value")
    return ts


def _platform_tuple(value: object) -> tuple[str, ...]:
    """Platforms as a tuple: from ``"a; b"`` text (spaces stripped) or a list/tuple."""
    parts = value.split(";") if isinstance(value, str) else list(value)
    return tuple(str(p).strip() for p in parts if str(p).strip())


# --------------------------------------------------------------------------
# growth per period
# --------------------------------------------------------------------------

def growth_table(daily: pd.DataFrame, *, freq: str = "M", by: Hashable | Sequence[Hashable] | None = "platform",
                 date: str = "date", follows: str = "follows", unfollows: str = "unfollows",
                 followers: str = "followers") -> pd.DataFrame:
    """Follows, unfollows, net growth, growth rate and churn rate per period.

    Parameters
    ----------
    daily : DataFrame
        One row per account and day with the follower count at the **end**
        of the day and the day's follows and unfollows
        (``data.load("daily_metrics")``). Every account needs a row on the
        first day of each period, or its starting stock is missing.
    freq : {"D", "W", "M", "Q", "Y"}
        Period length: day, week (Monday–Sunday), calendar month, quarter,
        year. Periods cut by the data's first or last day are kept; the
        ``days`` column says how many days each period has (compare
        ``net_growth / days`` across partial periods, not the totals).
    by : column name(s) or None
        Accounts to keep apart (default ``"platform"``). ``None`` adds all
        accounts up: the total follower base of the brand. Every account
        needs a row on the first day of each period (ValueError otherwise).
    date, follows, unfollows, followers : str
        Column names (a date; counts per day; the end-of-day stock).

    Returns
    -------
    DataFrame, one row per group and period, sorted: the ``by`` columns,
    ``period`` (first day of the period), ``days``, ``followers_start``,
    ``follows``, ``unfollows``, ``net_growth``, ``followers_end``,
    ``growth_rate`` and ``churn_rate`` (fractions of ``followers_start``;
    NaN when the start is 0). A negative starting stock (an export whose
    follows do not match its follower counts) is clipped at 0. ``growth_rate`` and ``churn_rate`` are
    :func:`course_lib.kpi.follower_growth_rate` and
    :func:`course_lib.kpi.churn_rate` with ``aggregate="period"``.

    Notes
    -----
    A person who follows and unfollows within one period counts in both
    flows; someone who unfollows on two platforms counts twice. The rates
    are per account, not per unique person.

    >>> import pandas as pd
    >>> d = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-01"]), "platform": ["a", "b"],
    ...                   "followers": [110, 95], "follows": [20, 0], "unfollows": [10, 5]})
    >>> growth_table(d, freq="Y", by=None)[["followers_start", "net_growth", "growth_rate", "churn_rate"]]
       followers_start  net_growth  growth_rate  churn_rate
    0              200           5        0.025       0.075
    """
    _frame(daily, "daily")
    if freq not in FREQS:
        raise ValueError(f"freq={freq!r} is not allowed; allowed: {', '.join(map(repr, FREQS))}")
    keys = as_list(by)
    _columns(daily, [date, follows, unfollows, followers, *keys], "daily")
    when = _dates(daily, date, "daily")
    for c in (follows, unfollows, followers):
        if not pd.api.types.is_numeric_dtype(daily[c].dtype):
            raise TypeError(f"column {c!r} of daily must be numeric, got dtype {daily[c].dtype}")
    frame = daily[[*keys, date, follows, unfollows, followers]].copy()
    frame["period"] = when.dt.to_period(FREQS[freq]).dt.start_time.astype(when.dtype)
    groups = [*keys, "period"]
    common = dict(follows=follows, unfollows=unfollows, followers=followers, time=date, by=groups)
    grate = kpi.follower_growth_rate(frame, aggregate="period", **common)
    crate = kpi.churn_rate(frame, aggregate="period", **common)

    # every account must have a row on its period's first day, or its follows would count
    # without its starting stock: compare the rows of the first day with the busiest day
    per_day = frame.groupby([*groups, date], sort=True, dropna=False).size().rename("_rows").reset_index()
    first_rows = per_day.groupby(groups, sort=True, dropna=False)["_rows"].agg(["first", "max"])
    short = first_rows[first_rows["first"] < first_rows["max"]]
    if len(short):
        label = short.index[0]
        raise ValueError(
            f"daily: the period {label!r} has {short['first'].iloc[0]} row(s) on its first day but "
            f"{short['max'].iloc[0]} on another day; an account without a row on the first day of a "
            "period would add follows but no starting stock. Fill the missing days, or keep the "
            "accounts apart with by=")

    # the stock at the start = followers at the end of the first day - its follows + its unfollows
    # (never negative: inconsistent exports are clipped at 0, as in kpi.follower_growth_rate)
    frame["_start"] = (frame[followers] - frame[follows] + frame[unfollows]).clip(lower=0)
    grouped = frame.groupby(groups, sort=True, dropna=False)
    first = frame[date] == grouped[date].transform("min")
    last = frame[date] == grouped[date].transform("max")
    frame["_start"] = frame["_start"].where(first, 0)
    frame["_end"] = frame[followers].where(last, 0)
    out = (frame.groupby(groups, sort=True, dropna=False)
           .agg(days=(date, "nunique"), followers_start=("_start", "sum"), follows=(follows, "sum"),
                unfollows=(unfollows, "sum"), followers_end=("_end", "sum")))
    out["net_growth"] = out["follows"] - out["unfollows"]
    out["growth_rate"] = grate.reindex(out.index).to_numpy()
    out["churn_rate"] = crate.reindex(out.index).to_numpy()
    cols = ["days", "followers_start", "follows", "unfollows", "net_growth", "followers_end",
            "growth_rate", "churn_rate"]
    return out[cols].reset_index()


# --------------------------------------------------------------------------
# campaign and crisis windows
# --------------------------------------------------------------------------

def event_windows(campaigns: pd.DataFrame, truth: object, *, period_start: object,
                  platforms: Sequence[str] | None = None) -> pd.DataFrame:
    """The campaign and crisis windows of a scenario, as one table of dates.

    Campaign rows come from the campaign table (``data.load("campaigns")``:
    ``campaign_id``, ``name``, ``platforms`` separated by ``;``,
    ``start_date``, ``end_date``). The crisis row comes from the scenario's
    ground truth (``data.truth(seed, market).crisis``: ``start_day``,
    ``peak_days``, ``recovery_days``, counted in days from the first day of
    the data), so no date is typed in by hand and the table follows every
    seed and market. In real work the crisis dates would come from the
    monitoring log (3.3), not from a truth.

    Parameters
    ----------
    campaigns : DataFrame
        The campaign table.
    truth : object with a ``crisis`` attribute
        ``data.truth(SEED, MARKET)`` (or a ``CrisisTruth``).
    period_start : date
        The first day of the data (day 0 of the truth's day offsets), e.g.
        ``daily["date"].min()``.
    platforms : list of str, optional
        Platforms the crisis hits (it hits all of them); default: every
        platform named in ``campaigns``.

    Returns
    -------
    DataFrame with one row per event, sorted by ``start``: ``event`` (id),
    ``label``, ``kind`` ("campaign" or "crisis"), ``start``, ``end``
    (inclusive), ``peak_end`` (last day at full crisis intensity; equal to
    ``end`` for campaigns) and ``platforms`` (a tuple of platform ids).

    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> c = pd.DataFrame({"campaign_id": ["CA01"], "name": ["Launch"], "platforms": ["a;b"],
    ...                   "start_date": pd.to_datetime(["2025-03-01"]), "end_date": pd.to_datetime(["2025-03-21"])})
    >>> t = SimpleNamespace(crisis=SimpleNamespace(start_day=203, peak_days=7, recovery_days=28))
    >>> w = event_windows(c, t, period_start="2025-01-01")
    >>> w[["event", "kind", "start", "end", "peak_end"]]
        event      kind      start        end   peak_end
    0    CA01  campaign 2025-03-01 2025-03-21 2025-03-21
    1  crisis    crisis 2025-07-23 2025-08-26 2025-07-29
    """
    _frame(campaigns, "campaigns")
    _columns(campaigns, ["campaign_id", "name", "platforms", "start_date", "end_date"], "campaigns")
    crisis = getattr(truth, "crisis", truth)
    need = ("start_day", "peak_days", "recovery_days")
    if not all(hasattr(crisis, a) for a in need):
        raise TypeError("truth must be data.truth(...) or its .crisis, with start_day, peak_days "
                        f"and recovery_days; got {type(truth).__name__}")
    day0 = _timestamp(period_start, "period_start")
    start_d = _dates(campaigns, "start_date", "campaigns")
    end_d = _dates(campaigns, "end_date", "campaigns")
    plats = campaigns["platforms"].astype(str).str.split(";").map(
        lambda ps: [p.strip() for p in ps if p.strip()])
    camp = pd.DataFrame({
        "event": campaigns["campaign_id"].astype(str).to_numpy(),
        "label": (campaigns["campaign_id"].astype(str) + " " + campaigns["name"].astype(str)).to_numpy(),
        "kind": "campaign",
        "start": start_d.to_numpy(), "end": end_d.to_numpy(), "peak_end": end_d.to_numpy(),
        "platforms": [tuple(p) for p in plats],
    })
    if platforms is None:
        platforms = tuple(dict.fromkeys(p for row in plats for p in row))
    start = day0 + pd.Timedelta(days=int(crisis.start_day))
    peak_end = start + pd.Timedelta(days=int(crisis.peak_days) - 1)
    end = start + pd.Timedelta(days=int(crisis.peak_days) + int(crisis.recovery_days) - 1)
    cris = pd.DataFrame({"event": ["crisis"], "label": ["Crisis"], "kind": ["crisis"],
                         "start": [start], "end": [end], "peak_end": [peak_end],
                         "platforms": [tuple(platforms)]})
    for c in ("start", "end", "peak_end"):
        cris[c] = cris[c].astype(camp[c].dtype)
    out = pd.concat([camp, cris], ignore_index=True)
    return out.sort_values("start", kind="stable").reset_index(drop=True)


def window_change(daily: pd.DataFrame, windows: pd.DataFrame, *, baseline_days: int = 28,
                  date: str = "date", platform: str = "platform", follows: str = "follows",
                  unfollows: str = "unfollows") -> pd.DataFrame:
    """Daily follows, unfollows and net growth during each window vs the days before.

    For every event of ``windows`` (from :func:`event_windows`), on the
    event's platforms only: the average per day over the window
    (``start`` to ``end``) and over the ``baseline_days`` days just before
    it, summed over those platforms.

    This is a **naive before/after** comparison: it credits the event with
    everything else that changed between the two spans (season, other
    campaigns, posting volume). Chapter 4.3 compares with platforms without
    the event (difference-in-differences) to remove what they share.

    Parameters
    ----------
    daily : DataFrame
        One row per platform and day (``data.load("daily_metrics")``).
    windows : DataFrame
        Columns ``event``, ``kind``, ``start``, ``end``, ``platforms``.
    baseline_days : int
        Length of the comparison span before each window, in days (> 0).
    date, platform, follows, unfollows : str
        Column names of ``daily``.

    Returns
    -------
    DataFrame with one row per event: ``event``, ``kind``, ``platforms``
    (number of platforms), ``days`` (window length in the data),
    ``baseline_days`` (days of the baseline found in the data), and per day
    ``follows_before``, ``follows_during``, ``unfollows_before``,
    ``unfollows_during``, ``net_before``, ``net_during``; then
    ``net_change`` (during − before, followers per day). Spans not covered
    by the data give NaN.

    >>> import pandas as pd
    >>> d = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=6), "platform": "a",
    ...                   "follows": [10, 10, 10, 10, 2, 2], "unfollows": [1, 1, 1, 1, 8, 8]})
    >>> w = pd.DataFrame({"event": ["crisis"], "kind": ["crisis"], "platforms": [("a",)],
    ...                   "start": pd.to_datetime(["2025-01-05"]), "end": pd.to_datetime(["2025-01-06"])})
    >>> window_change(d, w, baseline_days=4)[["event", "net_before", "net_during", "net_change"]]
        event  net_before  net_during  net_change
    0  crisis         9.0        -6.0       -15.0
    """
    _frame(daily, "daily")
    _frame(windows, "windows")
    _columns(daily, [date, platform, follows, unfollows], "daily")
    _columns(windows, ["event", "kind", "start", "end", "platforms"], "windows")
    if isinstance(baseline_days, bool) or not isinstance(baseline_days, (int, np.integer)) or baseline_days < 1:
        raise ValueError(f"baseline_days must be a whole number of days >= 1, got {baseline_days!r}")
    _dates(daily, date, "daily")
    w = windows[["event", "kind", "start", "end", "platforms"]].copy()
    w["platforms"] = w["platforms"].map(_platform_tuple)
    w["n_platforms"] = w["platforms"].map(len)
    w["base_start"] = w["start"] - pd.Timedelta(days=int(baseline_days))
    long = w.explode("platforms").rename(columns={"platforms": "_platform"})
    d = daily[[date, platform, follows, unfollows]].rename(
        columns={date: "_date", platform: "_platform", follows: "_f", unfollows: "_u"})
    m = long.merge(d, on="_platform", how="inner")
    m["phase"] = np.select(
        [(m["_date"] >= m["start"]) & (m["_date"] <= m["end"]),
         (m["_date"] >= m["base_start"]) & (m["_date"] < m["start"])],
        ["during", "before"], default="")
    m = m[m["phase"] != ""]
    sums = m.groupby(["event", "phase"], sort=False).agg(f=("_f", "sum"), u=("_u", "sum"),
                                                         days=("_date", "nunique"))
    wide = sums.unstack("phase")
    out = w.set_index("event")[["kind", "n_platforms"]].rename(columns={"n_platforms": "platforms"})

    def col(stat: str, phase: str) -> pd.Series:
        if (stat, phase) in wide.columns:
            return wide[(stat, phase)].reindex(out.index).astype("float64")
        return pd.Series(np.nan, index=out.index)

    days_b, days_d = col("days", "before"), col("days", "during")
    out["days"] = days_d
    out["baseline_days"] = days_b
    out["follows_before"] = col("f", "before") / days_b
    out["follows_during"] = col("f", "during") / days_d
    out["unfollows_before"] = col("u", "before") / days_b
    out["unfollows_during"] = col("u", "during") / days_d
    out["net_before"] = out["follows_before"] - out["unfollows_before"]
    out["net_during"] = out["follows_during"] - out["unfollows_during"]
    out["net_change"] = out["net_during"] - out["net_before"]
    return out.reset_index()


def baseline_overlaps(windows: pd.DataFrame, *, baseline_days: int = 28) -> pd.DataFrame:
    """Events whose baseline (the days before them) overlaps another event on a shared platform.

    :func:`window_change` compares each window with the ``baseline_days``
    days just before it. That baseline is meant to be an ordinary stretch
    of days. If another campaign or the crisis falls into it, on at least
    one of the event's platforms, the before/after change is biased. A
    crisis in the baseline lowers the "before", so the event looks better
    than it was. Another campaign in the baseline raises it, so the event
    looks worse. Check every event before you read its change.

    Parameters
    ----------
    windows : DataFrame
        Columns ``event``, ``kind``, ``start``, ``end`` (inclusive dates) and
        ``platforms`` (tuples, or text separated by ``;``), e.g. from
        :func:`event_windows`.
    baseline_days : int
        Length of the baseline in days (>= 1), the same as in
        :func:`window_change`.

    Returns
    -------
    DataFrame, one row per overlapping pair, sorted by event start:
    ``event``, ``other`` (the event inside the baseline), ``other_kind``,
    ``baseline_start``, ``baseline_end``, ``overlap_start``,
    ``overlap_end``, ``overlap_days`` and ``platforms`` (the shared
    platforms, a tuple). Empty (same columns) when no baseline overlaps.

    >>> import pandas as pd
    >>> w = pd.DataFrame({"event": ["crisis", "CA03", "CA04"], "kind": ["crisis", "campaign", "campaign"],
    ...                   "start": pd.to_datetime(["2025-07-23", "2025-09-02", "2025-11-01"]),
    ...                   "end": pd.to_datetime(["2025-08-26", "2025-09-15", "2025-11-11"]),
    ...                   "platforms": [("a", "b"), ("b",), ("a",)]})
    >>> baseline_overlaps(w, baseline_days=28)[["event", "other", "overlap_days", "platforms"]]
      event   other  overlap_days platforms
    0  CA03  crisis            22      (b,)
    """
    _frame(windows, "windows")
    _columns(windows, ["event", "kind", "start", "end", "platforms"], "windows")
    if isinstance(baseline_days, bool) or not isinstance(baseline_days, (int, np.integer)) or baseline_days < 1:
        raise ValueError(f"baseline_days must be a whole number of days >= 1, got {baseline_days!r}")
    for c in ("start", "end"):
        _dates(windows, c, "windows")
    if (windows["end"] < windows["start"]).any():
        bad = windows.loc[windows["end"] < windows["start"], "event"].iloc[0]
        raise ValueError(f"windows: event {bad!r} ends before it starts")
    w = windows[["event", "kind", "start", "end"]].copy()
    w["platforms"] = windows["platforms"].map(_platform_tuple)
    w["baseline_start"] = w["start"] - pd.Timedelta(days=int(baseline_days))
    w["baseline_end"] = w["start"] - pd.Timedelta(days=1)
    other = w[["event", "kind", "start", "end", "platforms"]].rename(columns=lambda c: f"o_{c}")
    pairs = w.merge(other, how="cross")
    pairs = pairs[pairs["event"] != pairs["o_event"]].copy()
    pairs["overlap_start"] = pairs[["baseline_start", "o_start"]].max(axis=1)
    pairs["overlap_end"] = pairs[["baseline_end", "o_end"]].min(axis=1)
    pairs["platforms"] = [tuple(p for p in a if p in set(b))
                          for a, b in zip(pairs["platforms"], pairs["o_platforms"])]
    hit = (pairs["overlap_start"] <= pairs["overlap_end"]) & (pairs["platforms"].map(len) > 0)
    out = pairs[hit].copy()
    out["overlap_days"] = ((out["overlap_end"] - out["overlap_start"]).dt.days + 1).astype("int64")
    out = out.rename(columns={"o_event": "other", "o_kind": "other_kind"})
    out = out.sort_values(["start", "o_start"], kind="stable")
    cols = ["event", "other", "other_kind", "baseline_start", "baseline_end", "overlap_start",
            "overlap_end", "overlap_days", "platforms"]
    return out[cols].reset_index(drop=True)


# --------------------------------------------------------------------------
# the audience: new / active users and the portrait
# --------------------------------------------------------------------------

def user_status(users: pd.DataFrame, *, period_start: object, period_end: object, active_days: int = 30,
                signup: str = "signup_date", last_active: str = "last_active_date") -> pd.DataFrame:
    """Label each user new or existing, and active or inactive, at the period end.

    * **new** (新用户): started following on or after ``period_start``;
      otherwise **existing**. (Signup dates reach back before the period,
      so "new" must be defined against the period, not the earliest date.)
    * **active** (活跃用户): any activity in the last ``active_days`` days up to
      ``period_end``; otherwise **inactive**. 30 days matches a "monthly
      active user"; choose and state your own window.

    Parameters
    ----------
    users : DataFrame
        One row per follower with a signup and a last-active date
        (``data.load("users")``).
    period_start, period_end : date
        The analysed period (inclusive).
    active_days : int
        Length of the activity window in days (>= 1).
    signup, last_active : str
        Column names.

    Returns
    -------
    DataFrame with the index of ``users`` and columns ``cohort``
    ("new"/"existing") and ``activity`` ("active"/"inactive").

    >>> import pandas as pd
    >>> u = pd.DataFrame({"signup_date": pd.to_datetime(["2024-05-01", "2025-03-01"]),
    ...                   "last_active_date": pd.to_datetime(["2025-12-30", "2025-06-01"])})
    >>> user_status(u, period_start="2025-01-01", period_end="2025-12-31")
         cohort  activity
    0  existing    active
    1       new  inactive
    """
    _frame(users, "users")
    _columns(users, [signup, last_active], "users")
    if isinstance(active_days, bool) or not isinstance(active_days, (int, np.integer)) or active_days < 1:
        raise ValueError(f"active_days must be a whole number of days >= 1, got {active_days!r}")
    start = _timestamp(period_start, "period_start")
    end = _timestamp(period_end, "period_end")
    if end < start:
        raise ValueError(f"period_end ({end.date()}) is before period_start ({start.date()})")
    s = _dates(users, signup, "users")
    la = users[last_active]
    if not pd.api.types.is_datetime64_any_dtype(la.dtype):
        raise TypeError(f"column {last_active!r} of users must hold dates, got dtype {la.dtype}")
    cutoff = end - pd.Timedelta(days=int(active_days) - 1)
    active = (la >= cutoff) & (la < end + pd.Timedelta(days=1))
    return pd.DataFrame({"cohort": np.where(s >= start, "new", "existing"),
                         "activity": np.where(active.to_numpy(dtype=bool), "active", "inactive")},
                        index=users.index)


def portrait(users: pd.DataFrame, *, columns: Sequence[str] = ("age_band", "gender", "city_tier"),
             multi: Sequence[str] = (), sep: str = ";", by: Hashable | Sequence[Hashable] | None = None
             ) -> pd.DataFrame:
    """The user portrait (用户画像): share of users per value of each attribute.

    Parameters
    ----------
    users : DataFrame
        One row per user.
    columns : list of str
        Single-valued attributes (each user has exactly one value); their
        shares add up to 1 within an attribute and group. Missing values
        count as the value ``"(missing)"``.
    multi : list of str
        Multi-valued attributes stored as ``sep``-separated text (e.g.
        ``interests`` = ``"tea;fitness"``): the share of users who have the
        value, so shares add up to more than 1.
    sep : str
        Separator of the multi-valued attributes.
    by : column name(s), optional
        Compare groups (e.g. new vs existing followers); shares are within
        each group.

    Returns
    -------
    DataFrame (tidy, long): the ``by`` columns, ``attribute``, ``value``
    (as text), ``users`` (count) and ``share`` (of the group's users),
    sorted by group, attribute (in the order given) and descending share.

    >>> import pandas as pd
    >>> u = pd.DataFrame({"gender": ["f", "f", "m"], "interests": ["tea;food", "tea", "food"]})
    >>> portrait(u, columns=["gender"], multi=["interests"]).round(3)
        attribute value  users  share
    0      gender     f      2  0.667
    1      gender     m      1  0.333
    2   interests  food      2  0.667
    3   interests   tea      2  0.667
    """
    _frame(users, "users")
    columns, multi = list(columns), list(multi)
    if not columns and not multi:
        raise ValueError("portrait needs at least one attribute in columns= or multi=")
    keys = as_list(by)
    _columns(users, [*columns, *multi, *keys], "users")
    clash = [c for c in (*columns, *multi) if c in keys]
    if clash:
        raise ValueError(f"attribute(s) {clash} are also in by=; use them in one place only")
    base = users[keys].copy()
    base["_uid"] = np.arange(len(users))
    parts = []
    for c in columns:
        part = base.copy()
        part["attribute"] = c
        part["value"] = users[c].astype(str).where(users[c].notna(), "(missing)").to_numpy()
        parts.append(part)
    for c in multi:
        part = base.copy()
        part["attribute"] = c
        part["value"] = users[c].astype(str).str.split(sep).to_numpy()
        part = part.explode("value")
        part["value"] = part["value"].str.strip()
        part = part[part["value"].notna() & (part["value"] != "")]
        part = part.drop_duplicates(["_uid", "value"])
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    counts = long.groupby([*keys, "attribute", "value"], sort=False, observed=True).size().rename("users")
    if keys:
        sizes = base.groupby(keys, sort=False, observed=True).size().rename("_n")
        out = counts.reset_index().merge(sizes.reset_index(), on=keys, how="left")
    else:
        out = counts.reset_index()
        out["_n"] = len(users)
    out["share"] = out["users"] / out["_n"]
    order = {c: i for i, c in enumerate([*columns, *multi])}
    out["_o"] = out["attribute"].map(order)
    out = out.sort_values([*keys, "_o", "share", "value"], ascending=[*([True] * len(keys)), True, False, True],
                          kind="stable")
    return out[[*keys, "attribute", "value", "users", "share"]].reset_index(drop=True)
