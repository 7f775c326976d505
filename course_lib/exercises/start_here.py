"""Exercises of ``00_start_here``: first steps with the platform catalogue."""
from __future__ import annotations

import pandas as pd

from .. import data
from ..checks import Exercise, Mistake, register

NOTEBOOK = "00_start_here"


def _context(SEED: int, MARKET: str) -> dict:
    return {"platforms": data.load("platforms"), "MARKET": MARKET}


def _in_market(platforms: pd.DataFrame, MARKET: str) -> pd.DataFrame:
    return platforms[platforms["market"] == MARKET]


def _cheapest(platforms: pd.DataFrame, MARKET: str) -> str:
    mine = _in_market(platforms, MARKET)
    return mine.loc[mine["cpm_usd"].idxmin(), "platform"]


register(Exercise(
    key="start.cheapest_platform",
    notebook=NOTEBOOK,
    variable="cheapest",
    question="the platform with the lowest cost per thousand impressions in your market.",
    solve=_cheapest,
    context=_context,
    hint="Keep the rows of your MARKET, then find the row where `cpm_usd` is smallest "
         "(`.idxmin()` gives its index label).",
    solution="""
mine = platforms[platforms["market"] == MARKET]
cheapest = mine.loc[mine["cpm_usd"].idxmin(), "platform"]
""",
    mistakes=(
        Mistake(lambda platforms, MARKET: _in_market(platforms, MARKET)
                .sort_values("engagement_rate").iloc[-1]["platform"],
                "that platform has the highest `engagement_rate`. This question is about cost: "
                "look at `cpm_usd`."),
        Mistake(lambda platforms, MARKET: _in_market(platforms, MARKET)
                .sort_values("cpm_usd").iloc[-1]["platform"],
                "that is the most expensive platform. Look for the smallest `cpm_usd` "
                "(`idxmin`, not `idxmax`)."),
        Mistake(lambda platforms, MARKET: platforms.loc[platforms["cpm_usd"].idxmin(), "platform"],
                "that platform is cheapest across both markets. Keep only the rows of "
                "your MARKET first."),
    ),
))


def _price_ratio(platforms: pd.DataFrame, MARKET: str) -> float:
    cpm = _in_market(platforms, MARKET)["cpm_usd"]
    return float(cpm.max() / cpm.min())


register(Exercise(
    key="start.price_ratio",
    notebook=NOTEBOOK,
    variable="ratio",
    question="the highest CPM in your market divided by the lowest.",
    solve=_price_ratio,
    context=_context,
    rtol=1e-3,
    hint="Take `cpm_usd` of your market's rows and divide its maximum by its minimum.",
    solution="""
cpm = platforms.loc[platforms["market"] == MARKET, "cpm_usd"]
ratio = cpm.max() / cpm.min()
""",
    mistakes=(
        Mistake(lambda platforms, MARKET: float(_in_market(platforms, MARKET)["cpm_usd"].max()
                                                - _in_market(platforms, MARKET)["cpm_usd"].min()),
                "you subtracted, which gives a gap in dollars. 'How many times' asks for a "
                "ratio: divide the maximum by the minimum."),
        Mistake(lambda platforms, MARKET: float(platforms["cpm_usd"].max() / platforms["cpm_usd"].min()),
                "you used every platform in the catalogue. Keep only the rows of your MARKET."),
        Mistake(lambda platforms, MARKET: float(_in_market(platforms, MARKET)["cpm_usd"].min()
                                                / _in_market(platforms, MARKET)["cpm_usd"].max()),
                "the ratio is upside down: divide the largest CPM by the smallest, so the "
                "answer is at least 1."),
    ),
))
