"""The course's chart theme and small plotting helpers.

Call :func:`set_theme` once near the top of a notebook. Figures are kept
small (7 x 3.8 inches at 80 dpi) so notebooks with outputs stay light.
Plot text is English: no CJK font is guaranteed on learners' machines.

>>> set_theme()
>>> import matplotlib.pyplot as plt
>>> plt.rcParams["figure.dpi"]
80.0
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.ticker import PercentFormatter

from .markets import DISPLAY_NAMES, MARKETS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PALETTE", "event_timeline", "label_points", "percent_axis", "platform_palette", "set_theme"]

#: Colour-blind-safe qualitative palette (Okabe & Ito 2008), then greys; the pale
#: yellow comes last because it is hard to read on white.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
           "#56B4E9", "#000000", "#999999", "#666666", "#B8860B",
           "#333333", "#8FBC8F", "#F0E442"]


def set_theme() -> None:
    """Apply the course theme (seaborn whitegrid, Okabe-Ito palette, small figures)."""
    sns.set_theme(style="whitegrid", palette=PALETTE[:8], context="notebook",
                  rc={"figure.figsize": (7, 3.8), "figure.dpi": 80, "savefig.dpi": 80,
                      "axes.titlesize": 12, "axes.titleweight": "bold",
                      "axes.titlelocation": "left", "axes.spines.top": False,
                      "axes.spines.right": False})


def platform_palette() -> dict[str, str]:
    """A fixed colour per platform display name (the same in every chart).

    Colours are distinct within a market (a chart shows one market at a time)
    and drawn from the first, strongest colours of :data:`PALETTE`, so no
    platform gets the pale yellow.

    >>> pal = platform_palette()
    >>> len(set(pal[DISPLAY_NAMES[p]] for p in MARKETS["cn"])) == len(MARKETS["cn"])
    True
    >>> "#F0E442" in pal.values()
    False
    """
    return {DISPLAY_NAMES[p]: PALETTE[i] for platforms in MARKETS.values()
            for i, p in enumerate(platforms)}


def percent_axis(ax: plt.Axes, axis: str = "x", decimals: int = 0) -> plt.Axes:
    """Show fractions (0.05) on ``axis`` as percentages (5%)."""
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(PercentFormatter(xmax=1, decimals=decimals))
    return ax


def label_points(ax: plt.Axes, frame, x: str, y: str, label: str, fontsize: int = 9) -> plt.Axes:
    """Write ``frame[label]`` next to each point ``(frame[x], frame[y])`` of a scatter.

    Meant for a handful of labelled points (platforms, competitors), not thousands.
    """
    missing = [c for c in (x, y, label) if c not in frame.columns]
    if missing:
        raise ValueError(f"label_points: columns {missing} not in the frame; available: {list(frame.columns)}")
    for xv, yv, text in zip(frame[x], frame[y], frame[label]):
        ax.annotate(str(text), (xv, yv), xytext=(5, 4), textcoords="offset points", fontsize=fontsize)
    return ax


#: Colours of event windows in :func:`event_timeline`, by kind; other kinds are grey.
EVENT_COLOURS = {"campaign": PALETTE[0], "crisis": PALETTE[3]}


def event_timeline(series: pd.Series, windows: pd.DataFrame, *, end: object = None, ax: plt.Axes | None = None, label: str = "event",
                   colours: dict[str, str] | None = None) -> plt.Axes:
    """A per-period value as steps over time, with event windows shaded behind it.

    Parameters
    ----------
    series : pandas Series
        One value per period (e.g. net new followers per day, weekly mean),
        indexed by the **first day** of each period (datetimes, increasing).
        Each value is drawn flat until the next period starts.
    windows : DataFrame
        Columns ``start``, ``end`` (inclusive dates), ``kind`` (e.g.
        "campaign", "crisis") and the text column ``label``; e.g.
        ``growth.event_windows(...)``.
    end : date, optional
        The day after the last period ends. A closing point there keeps the
        last (possibly partial) period visible; default: the last start +
        the median spacing between starts.
    ax : Axes, optional
        Where to draw (default: a new figure).
    label : str
        The column of ``windows`` written above each window.
    colours : dict kind -> colour, optional
        Default :data:`EVENT_COLOURS`; kinds not in it are grey.

    Returns
    -------
    The Axes, with a legend of the event kinds. Axis labels and the title
    are left to the caller (the title should state the finding).

    >>> import pandas as pd
    >>> s = pd.Series([5.0, -3.0, 2.0], index=pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20"]))
    >>> w = pd.DataFrame({"event": ["crisis"], "kind": ["crisis"], "start": pd.to_datetime(["2025-01-13"]),
    ...                   "end": pd.to_datetime(["2025-01-19"])})
    >>> ax = event_timeline(s, w)
    >>> ax.lines[-1].get_xdata()[-1]     # closing point: one week after the last start
    Timestamp('2025-01-27 00:00:00')
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['crisis']
    >>> plt.close("all")
    """
    import matplotlib.dates as mdates
    import pandas as pd

    if not isinstance(series, pd.Series):
        raise TypeError(f"series must be a pandas Series indexed by dates, got {type(series).__name__}")
    if len(series) == 0:
        raise ValueError("series is empty (0 periods)")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise TypeError(f"series must be indexed by dates (DatetimeIndex), got {type(series.index).__name__}")
    if not series.index.is_monotonic_increasing or series.index.has_duplicates:
        raise ValueError("the dates of series must be increasing and unique (sort it first)")
    if not isinstance(windows, pd.DataFrame):
        raise TypeError(f"windows must be a pandas DataFrame, got {type(windows).__name__}")
    missing = [c for c in ("start", "end", "kind", label) if c not in windows.columns]
    if missing:
        raise ValueError(f"windows has no column(s) {missing}; available: {list(windows.columns)}")
    if end is None:
        step = series.index.to_series().diff().median() if len(series) > 1 else pd.Timedelta(days=1)
        end = series.index[-1] + step
    end = pd.Timestamp(end)
    if end <= series.index[-1]:
        raise ValueError(f"end ({end.date()}) must be after the last period's start ({series.index[-1].date()})")
    colours = {**EVENT_COLOURS, **(colours or {})}
    if ax is None:
        _, ax = plt.subplots()

    x = list(series.index) + [end]
    y = list(series.to_numpy(dtype="float64")) + [float(series.iloc[-1])]
    low, high = min(min(y), 0.0), max(max(y), 0.0)
    room = 0.15 * (high - low or 1.0)
    kinds = {}
    for w in windows.itertuples(index=False):
        kind = str(getattr(w, "kind"))
        colour = colours.get(kind, PALETTE[7])
        kinds.setdefault(kind, colour)
        ax.axvspan(getattr(w, "start"), getattr(w, "end") + pd.Timedelta(days=1), color=colour,
                   alpha=0.18, lw=0)
        ax.text(getattr(w, "start"), high + room * 0.5, str(getattr(w, label)), fontsize=8,
                va="center", color=colour)
    ax.axhline(0, color="grey", lw=0.8)
    ax.step(x, y, where="post", color="black", lw=1.5)
    ax.set_ylim(low - room * 0.3, high + room)
    if (end - series.index[0]).days <= 400:
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, 2)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
    if kinds:
        ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=c, alpha=0.3, label=k) for k, c in kinds.items()],
                  loc="lower left", fontsize=8)
    return ax
