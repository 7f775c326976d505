"""Exercises of ``02_1_audience_personas``: a persona's order value, its respondents' price share."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import audience, data
from ..checks import Exercise, Mistake, register

NOTEBOOK = "02_1_audience_personas"
KS = range(2, 9)   # the notebook's candidate numbers of personas
SAMPLE = 4000      # the notebook's silhouette sample


@lru_cache(maxsize=4)
def _pipeline(SEED: int, MARKET: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Users and survey without the true segment, and the notebook's personas (same function)."""
    users = data.load("users", seed=SEED, market=MARKET).drop(columns="segment")
    answers = data.load("survey", seed=SEED, market=MARKET).drop(columns="segment")
    found = audience.find_personas(users, seed=SEED, ks=KS, sample_size=SAMPLE)
    return users, answers, found.labels


# --------------------------------------------------------------------------
# 1. average order value of persona 1
# --------------------------------------------------------------------------

def _value_context(SEED: int, MARKET: str) -> dict:
    users, _, personas = _pipeline(SEED, MARKET)
    return {"users": users.copy(), "personas": personas.copy()}


def _order_value(users: pd.DataFrame, personas: pd.Series) -> float:
    mine = users[personas == 1]
    return float(mine["spend"].sum() / mine["orders"].sum())


def _mean_of_ratios(users: pd.DataFrame, personas: pd.Series) -> float:
    buyers = users[(personas == 1) & (users["orders"] > 0)]
    return float((buyers["spend"] / buyers["orders"]).mean())


def _per_user(users: pd.DataFrame, personas: pd.Series) -> float:
    mine = users[personas == 1]
    return float(mine["spend"].sum() / len(mine))


def _everyone(users: pd.DataFrame, personas: pd.Series) -> float:
    return float(users["spend"].sum() / users["orders"].sum())


def _per_buyer(users: pd.DataFrame, personas: pd.Series) -> float:
    buyers = users[(personas == 1) & (users["orders"] > 0)]
    return float(buyers["spend"].sum() / len(buyers))


register(Exercise(
    key="personas.order_value",
    notebook=NOTEBOOK,
    variable="order_value",
    question="the average order value of persona 1: its total spend divided by its total orders, "
             "in the market's currency (CNY for cn, USD for global), not rounded.",
    solve=_order_value,
    context=_value_context,
    rtol=1e-6,
    hint="Keep the users whose persona label is 1 (the labels share the users' index). Add up their "
         "spend and their orders over the whole persona, then divide the two totals.",
    solution="""
mine = users[personas == 1]
order_value = mine["spend"].sum() / mine["orders"].sum()
""",
    mistakes=(
        Mistake(_mean_of_ratios,
                "you averaged each buyer's own spend per order, so a buyer with one small order "
                "counts as much as one with ten big orders. The persona's order value is a ratio of "
                "totals: all its spend over all its orders."),
        Mistake(_per_user,
                "that is spend per user: you divided by the number of users, many of whom ordered "
                "nothing. An order value divides by the number of orders."),
        Mistake(_everyone,
                "that is the order value of the whole audience. Keep only the users of persona 1 "
                "before adding up."),
        Mistake(_per_buyer,
                "that is spend per buyer: you divided by the number of users who ordered at least "
                "once, but a buyer can place several orders. An order value divides by the number "
                "of orders."),
    ),
))


# --------------------------------------------------------------------------
# 2. share of persona 1's respondents naming price
# --------------------------------------------------------------------------

def _price_context(SEED: int, MARKET: str) -> dict:
    users, answers, personas = _pipeline(SEED, MARKET)
    return {"answers": answers.copy(), "users": users.copy(), "personas": personas.copy()}


def _persona_of(answers: pd.DataFrame, users: pd.DataFrame, personas: pd.Series) -> pd.Series:
    return answers["user_id"].map(pd.Series(personas.to_numpy(), index=users["user_id"].to_numpy()))


def _price_share(answers: pd.DataFrame, users: pd.DataFrame, personas: pd.Series) -> float:
    mine = answers[_persona_of(answers, users, personas) == 1]
    return float((mine["pain_point"] == "price").mean())


def _of_users(answers: pd.DataFrame, users: pd.DataFrame, personas: pd.Series) -> float:
    price = (_persona_of(answers, users, personas) == 1) & (answers["pain_point"] == "price")
    return float(price.sum() / (personas == 1).sum())


def _of_price_complainers(answers: pd.DataFrame, users: pd.DataFrame, personas: pd.Series) -> float:
    price = answers["pain_point"] == "price"
    return float((_persona_of(answers, users, personas)[price] == 1).mean())


def _percent(answers: pd.DataFrame, users: pd.DataFrame, personas: pd.Series) -> float:
    return 100 * _price_share(answers, users, personas)


def _without_none(answers: pd.DataFrame, users: pd.DataFrame, personas: pd.Series) -> float:
    mine = answers[(_persona_of(answers, users, personas) == 1) & (answers["pain_point"] != "none")]
    return float((mine["pain_point"] == "price").mean())


def _all_respondents(answers: pd.DataFrame, users: pd.DataFrame, personas: pd.Series) -> float:
    return float((answers["pain_point"] == "price").mean())


register(Exercise(
    key="personas.price_share",
    notebook=NOTEBOOK,
    variable="price_share",
    question="the share of persona 1's survey respondents whose main pain point is price, as a "
             "fraction between 0 and 1, not rounded; every respondent counts, including 'none'.",
    solve=_price_share,
    context=_price_context,
    rtol=1e-6,
    hint="Give each survey answer its persona by looking up the respondent's user_id among the users "
         "(a Series of personas indexed by user_id works as a lookup table). Keep the answers of "
         "persona 1; among those, what fraction names price?",
    solution="""
persona_of = pd.Series(personas.to_numpy(), index=users["user_id"])
mine = answers[answers["user_id"].map(persona_of) == 1]
price_share = (mine["pain_point"] == "price").mean()
""",
    mistakes=(
        Mistake(_of_users,
                "you divided by all of persona 1's users, but only a small sample of them answered "
                "the survey. The share is among the persona's respondents."),
        Mistake(_of_price_complainers,
                "that is the share of all price complainers who belong to persona 1 (the other "
                "direction). The question starts from persona 1's respondents and asks how many of "
                "them name price."),
        Mistake(_all_respondents,
                "that is the price share among all respondents. Keep only the answers of persona 1 "
                "first."),
        Mistake(_percent,
                "that looks like a percentage. The question asks for a fraction between 0 and 1 "
                "(0.25 means 25 %)."),
        Mistake(_without_none,
                "you left out the respondents who answered 'none'. They are respondents too: having "
                "no complaint is an answer, so they belong in the denominator."),
    ),
))
