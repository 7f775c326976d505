"""course_lib.viz.event_timeline: steps over time with the event windows behind them."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_lib import data, growth, viz


def _series() -> pd.Series:
    return pd.Series([5.0, -3.0, 2.0, 4.0], index=pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20",
                                                                   "2025-01-27"]))


def _windows() -> pd.DataFrame:
    return pd.DataFrame({"event": ["CA01", "crisis"], "kind": ["campaign", "crisis"],
                         "start": pd.to_datetime(["2025-01-06", "2025-01-13"]),
                         "end": pd.to_datetime(["2025-01-09", "2025-01-19"])})


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_the_last_period_is_closed_and_windows_are_shaded():
    ax = viz.event_timeline(_series(), _windows(), end="2025-02-01")   # last week cut at 31 Jan
    x, y = ax.lines[-1].get_xdata(), ax.lines[-1].get_ydata()
    assert x[-1] == pd.Timestamp("2025-02-01") and y[-1] == y[-2] == 4.0
    assert len(x) == len(_series()) + 1
    assert len(ax.patches) == 2                                        # one span per window
    assert [t.get_text() for t in ax.texts] == ["CA01", "crisis"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["campaign", "crisis"]
    low, high = ax.get_ylim()
    assert low < -3.0 and high > 5.0                                   # room for the labels


def test_default_end_and_an_existing_axes():
    fig, ax = plt.subplots()
    out = viz.event_timeline(_series(), _windows(), ax=ax, label="kind", colours={"crisis": "#000000"})
    assert out is ax
    assert ax.lines[-1].get_xdata()[-1] == pd.Timestamp("2025-02-03")   # + the weekly spacing
    assert [t.get_text() for t in ax.texts] == ["campaign", "crisis"]
    assert ax.texts[1].get_color() == "#000000"
    one = viz.event_timeline(_series().iloc[:1], _windows().iloc[:0])
    assert one.lines[-1].get_xdata()[-1] == pd.Timestamp("2025-01-07") and one.get_legend() is None


def test_on_course_data_the_crisis_window_holds_the_lowest_week():
    daily = data.load("daily_metrics", seed=2024, market="cn")
    truth = data.truth(2024, "cn")
    first = daily["date"].min()
    windows = growth.event_windows(data.load("campaigns", seed=2024, market="cn"), truth, period_start=first)
    weekly = growth.growth_table(daily, freq="W", by=None)
    per_day = pd.Series((weekly["net_growth"] / weekly["days"]).to_numpy(),
                        index=pd.DatetimeIndex(weekly["period"].clip(lower=first)))
    ax = viz.event_timeline(per_day, windows, end=daily["date"].max() + pd.Timedelta(days=1))
    x = ax.lines[-1].get_xdata()
    assert x[-1] == daily["date"].max() + pd.Timedelta(days=1)
    crisis = windows.set_index("event").loc["crisis"]
    assert crisis["start"] <= per_day.idxmin() + pd.Timedelta(days=6) and per_day.idxmin() <= crisis["end"]
    assert np.isclose(ax.get_ylim()[0], per_day.min() - 0.15 * (per_day.max() - per_day.min()) * 0.3)


@pytest.mark.parametrize("series, windows, kwargs, error, match", [
    ([1.0, 2.0], _windows(), {}, TypeError, "series must be a pandas Series"),
    (pd.Series([1.0]), _windows(), {}, TypeError, "indexed by dates"),
    (_series().iloc[:0], _windows(), {}, ValueError, "series is empty"),
    (_series().iloc[::-1], _windows(), {}, ValueError, "increasing and unique"),
    (_series(), _windows().drop(columns="kind"), {}, ValueError, r"no column\(s\) \['kind'\]"),
    (_series(), _windows(), {"label": "name"}, ValueError, r"no column\(s\) \['name'\]"),
    (_series(), {"start": []}, {}, TypeError, "windows must be a pandas DataFrame"),
    (_series(), _windows(), {"end": "2025-01-27"}, ValueError, "must be after the last period"),
])
def test_bad_input(series, windows, kwargs, error, match):
    with pytest.raises(error, match=match):
        viz.event_timeline(series, windows, **kwargs)
