"""Exercises of ``01_1_landscape``: audience age mix, young users by platform, cost of reach."""
from __future__ import annotations

import pandas as pd

from .. import data, landscape
from ..checks import Exercise, Mistake, register

NOTEBOOK = "01_1_landscape"


def _context(SEED: int, MARKET: str) -> dict:
    return {"platforms": data.load("platforms"), "MARKET": MARKET}


def _cpm_context(SEED: int, MARKET: str) -> dict:
    return {"platforms": data.load("platforms"), "traditional": landscape.traditional_cpm(),
            "MARKET": MARKET}


def _mine(platforms: pd.DataFrame, MARKET: str) -> pd.DataFrame:
    return platforms[platforms["market"] == MARKET]


def _top(frame: pd.DataFrame, column: str) -> str:
    return frame.loc[frame[column].idxmax(), "platform"]


# --------------------------------------------------------------------------
# 1. the youngest audience
# --------------------------------------------------------------------------

def _youngest(platforms: pd.DataFrame, MARKET: str) -> str:
    return _top(_mine(platforms, MARKET), "age_18_24")


register(Exercise(
    key="landscape.youngest_platform",
    notebook=NOTEBOOK,
    variable="youngest",
    question="the platform of your market whose audience has the largest share aged 18-24.",
    solve=_youngest,
    context=_context,
    hint="'Youngest audience' is about the mix of the audience, not its size: compare the share "
         "of the youngest age band across the platforms of your MARKET only, and take the "
         "platform id of the row where it is largest.",
    solution="""
mine = platforms[platforms["market"] == MARKET]
youngest = mine.loc[mine["age_18_24"].idxmax(), "platform"]
""",
    mistakes=(
        Mistake(lambda platforms, MARKET: _top(platforms, "age_18_24"),
                "that platform has the youngest audience across both markets. Keep only the rows "
                "of your MARKET first."),
        Mistake(lambda platforms, MARKET: _mine(platforms, MARKET)
                .sort_values("age_18_24").iloc[0]["platform"],
                "that platform has the smallest 18-24 share: the oldest mix, not the youngest. "
                "Look for the largest share (`idxmax`)."),
        Mistake(lambda platforms, MARKET: _top(_mine(platforms, MARKET), "age_25_34"),
                "that platform leads the 25-34 band. The youngest band in the catalogue is "
                "`age_18_24`."),
        Mistake(lambda platforms, MARKET: _top(_mine(platforms, MARKET).dropna(subset=["mau_millions"]),
                                               "mau_millions"),
                "that is the platform with the most monthly users. A big platform is not a young "
                "one: compare the age shares, not the size."),
    ),
))


# --------------------------------------------------------------------------
# 2. most 18-24 users: share x size
# --------------------------------------------------------------------------

def _young_users(platforms: pd.DataFrame, MARKET: str, bands=("age_18_24",)) -> pd.Series:
    mine = _mine(platforms, MARKET).set_index("platform")
    return (mine["mau_millions"].astype("float64") * mine[list(bands)].sum(axis=1)).dropna()


def _most_young(platforms: pd.DataFrame, MARKET: str) -> str:
    return _young_users(platforms, MARKET).idxmax()


register(Exercise(
    key="landscape.most_young_users",
    notebook=NOTEBOOK,
    variable="most_young",
    question="among your market's platforms with a published MAU, the one with the most users "
             "aged 18-24 (estimated as MAU x 18-24 share).",
    solve=_most_young,
    context=_context,
    hint="A head count needs both a size and a share: multiply each platform's monthly active "
         "users by the share of its audience in the 18-24 band. Platforms without a published "
         "MAU have no estimate, so leave them out rather than counting them as zero or guessing.",
    solution="""
mine = platforms[platforms["market"] == MARKET].set_index("platform")
young_millions = (mine["mau_millions"].astype(float) * mine["age_18_24"]).dropna()
most_young = young_millions.idxmax()
""",
    mistakes=(
        Mistake(lambda platforms, MARKET: _youngest(platforms, MARKET),
                "that platform has the largest 18-24 *share*, the youngest mix. The question asks "
                "for the most *people*: a smaller share of a much bigger platform can be more "
                "people. Multiply the share by the monthly users."),
        Mistake(lambda platforms, MARKET: _mine(platforms, MARKET)
                .dropna(subset=["mau_millions"]).pipe(_top, "mau_millions"),
                "that is simply the platform with the most monthly users. Weight the size by the "
                "share of the audience aged 18-24."),
        Mistake(lambda platforms, MARKET: _young_users(platforms, MARKET,
                                                       ("age_18_24", "age_25_34")).idxmax(),
                "you counted everyone aged 18-34. The question is about the 18-24 band only "
                "(`age_18_24`)."),
        Mistake(lambda platforms, MARKET: (platforms.set_index("platform")["mau_millions"]
                                           .astype("float64")
                                           * platforms.set_index("platform")["age_18_24"]).idxmax(),
                "that platform is in the other market. Keep only the rows of your MARKET first."),
    ),
))


# --------------------------------------------------------------------------
# 3. how much cheaper is social reach?
# --------------------------------------------------------------------------

def _ratio(platforms: pd.DataFrame, traditional: pd.DataFrame, MARKET: str, column: str) -> float:
    return float(traditional[column].min() / _mine(platforms, MARKET)["cpm_usd"].min())


def _advantage(platforms: pd.DataFrame, traditional: pd.DataFrame, MARKET: str) -> float:
    return _ratio(platforms, traditional, MARKET, "cpm_mid_usd")


register(Exercise(
    key="landscape.cpm_advantage",
    notebook=NOTEBOOK,
    variable="advantage",
    question="the cheapest traditional medium's mid-range CPM divided by the cheapest social "
             "CPM of your market.",
    solve=_advantage,
    context=_cpm_context,
    rtol=1e-3,
    hint="Compare like with like, the cheapest option on each side: the smallest `cpm_mid_usd` "
         "of the traditional media, and the smallest `cpm_usd` among your market's platforms. "
         "'How many times cheaper' is a ratio with the traditional cost on top: above 1 means "
         "social reach is cheaper.",
    solution="""
cheapest_social = platforms.loc[platforms["market"] == MARKET, "cpm_usd"].min()
cheapest_traditional = traditional["cpm_mid_usd"].min()
advantage = cheapest_traditional / cheapest_social
""",
    mistakes=(
        Mistake(lambda platforms, traditional, MARKET: 1 / _advantage(platforms, traditional, MARKET),
                "the ratio is upside down: put the traditional CPM on top, so that a number above 1 "
                "means social reach is cheaper."),
        Mistake(lambda platforms, traditional, MARKET: _ratio(platforms, traditional, MARKET, "cpm_low_usd"),
                "you used the bottom of the traditional ranges (`cpm_low_usd`), the best deal on "
                "one side against a typical price on the other. Use the middle of the range "
                "(`cpm_mid_usd`)."),
        Mistake(lambda platforms, traditional, MARKET: float(
                    traditional.loc[traditional["medium"] == "TV", "cpm_mid_usd"].iloc[0]
                    / _mine(platforms, MARKET)["cpm_usd"].min()),
                "you compared with TV, the best-known medium but not the cheapest one. Take the "
                "smallest traditional CPM."),
        Mistake(lambda platforms, traditional, MARKET: float(
                    traditional["cpm_mid_usd"].min() / platforms["cpm_usd"].min()),
                "that cheapest social CPM belongs to the other market. Keep only the platforms of "
                "your MARKET."),
    ),
))
