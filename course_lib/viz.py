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

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.ticker import PercentFormatter

from .markets import DISPLAY_NAMES

__all__ = ["PALETTE", "label_points", "percent_axis", "platform_palette", "set_theme"]

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
    """A fixed colour per platform display name (the same in every chart)."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(DISPLAY_NAMES.values())}


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
