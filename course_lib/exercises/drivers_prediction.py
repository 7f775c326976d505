"""Exercises of ``04_4_drivers_prediction``: reading driver effects, scoring predictions."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .. import data, models
from ..checks import Exercise, Mistake, register

NOTEBOOK = "04_4_drivers_prediction"


@lru_cache(maxsize=4)
def _posts(SEED: int, MARKET: str) -> pd.DataFrame:
    return data.load("posts", seed=SEED, market=MARKET)


@lru_cache(maxsize=4)
def _table(SEED: int, MARKET: str) -> pd.DataFrame:
    return models.prediction_table(_posts(SEED, MARKET))


# The fitted results are cached per (SEED, MARKET): the checks test builds every context
# twice per parameter set; each caller gets its own copy.
@lru_cache(maxsize=4)
def _drivers(SEED: int, MARKET: str) -> pd.DataFrame:
    return models.driver_regression(_posts(SEED, MARKET))


@lru_cache(maxsize=4)
def _holdout(SEED: int, MARKET: str) -> pd.DataFrame:
    return models.holdout_predictions(_table(SEED, MARKET))


@lru_cache(maxsize=8)
def _cv(SEED: int, MARKET: str, scheme: str = "time") -> pd.DataFrame:
    return models.cross_validate(_table(SEED, MARKET), scheme=scheme)


@lru_cache(maxsize=4)
def _importance(SEED: int, MARKET: str) -> pd.DataFrame:
    return models.heldout_importance(_table(SEED, MARKET), n_repeats=10, random_state=0)


# --------------------------------------------------------------------- 1: log effects


def _effects(drivers: pd.DataFrame) -> pd.Series:
    return drivers.set_index("term")["estimate"]


def _ugc_vs_promo(drivers: pd.DataFrame) -> float:
    b = _effects(drivers)
    return float(np.exp(b["topic=user_generated"] - b["topic=promotion"]) - 1)


register(Exercise(
    key="drivers.topic_contrast",
    notebook=NOTEBOOK,
    variable="ugc_vs_promo",
    question="how much higher the engagement rate of user-generated posts is than that of "
             "comparable promotion posts, as a fraction.",
    solve=_ugc_vs_promo,
    context=lambda SEED, MARKET: {"drivers": _drivers(SEED, MARKET).copy()},
    rtol=1e-4,
    hint="Both topic coefficients are log effects against the same reference (product posts). "
         "Subtract them to compare the two topics on the log scale, then turn the log difference "
         "d into a relative change with exp(d) - 1.",
    solution="""
b = drivers.set_index("term")["estimate"]
ugc_vs_promo = np.exp(b["topic=user_generated"] - b["topic=promotion"]) - 1
""",
    mistakes=(
        Mistake(lambda drivers: float(_effects(drivers)["topic=user_generated"]
                                      - _effects(drivers)["topic=promotion"]),
                "that is the difference on the log scale (log points), not a percentage. A log "
                "difference d means the rate is multiplied by exp(d): convert with exp(d) - 1."),
        Mistake(lambda drivers: float(drivers.set_index("term").loc["topic=user_generated", "pct_effect"]
                                      - drivers.set_index("term").loc["topic=promotion", "pct_effect"]),
                "you subtracted two % effects. Each is measured against product posts, and relative "
                "changes multiply rather than add: compare the log coefficients first, then convert."),
        Mistake(lambda drivers: float(np.exp(_effects(drivers)["topic=user_generated"]) - 1),
                "that compares user-generated posts with the reference topic (product posts), not "
                "with promotion posts."),
        Mistake(lambda drivers: float(np.exp(_effects(drivers)["topic=user_generated"]
                                             - _effects(drivers)["topic=promotion"])),
                "that is the ratio of the two rates (e.g. 1.3). The question asks how much higher: "
                "subtract 1 to get the relative difference."),
    ),
))


# --------------------------------------------------------------------- 2: MAPE of the small posts


def _small(holdout: pd.DataFrame) -> pd.DataFrame:
    return holdout[holdout["engagements"] < holdout["engagements"].median()]


def _ape(frame: pd.DataFrame, column: str = "predicted") -> pd.Series:
    return (frame["engagements"] - frame[column]).abs() / frame["engagements"]


register(Exercise(
    key="drivers.small_posts_mape",
    notebook=NOTEBOOK,
    variable="small_mape",
    question="the model's MAPE on the held-out posts with fewer engagements than the median "
             "held-out post.",
    solve=lambda holdout: float(_ape(_small(holdout)).mean()),
    context=lambda SEED, MARKET: {"holdout": _holdout(SEED, MARKET).copy()},
    rtol=1e-6,
    hint="First keep the rows of `holdout` whose `engagements` are below the median of that "
         "column. Then compute each post's absolute error as a share of its actual engagements, "
         "and average those shares. Use the model's column `predicted`.",
    solution="""
small = holdout[holdout["engagements"] < holdout["engagements"].median()]
small_mape = ((small["engagements"] - small["predicted"]).abs() / small["engagements"]).mean()
""",
    mistakes=(
        Mistake(lambda holdout: float(_ape(holdout).mean()),
                "that is the MAPE of all held-out posts. The question asks about the smaller "
                "half only: filter the rows first."),
        Mistake(lambda holdout: float(_ape(holdout[holdout["engagements"]
                                                   >= holdout["engagements"].median()]).mean()),
                "those are the posts at or above the median, the bigger half. Keep the posts "
                "with fewer engagements than the median."),
        Mistake(lambda holdout: float(abs(_small(holdout)["engagements"].mean()
                                          - _small(holdout)["predicted"].mean())
                                      / _small(holdout)["engagements"].mean()),
                "that is the error of the means: too-high and too-low predictions cancel out "
                "before you measure them. MAPE averages each post's own absolute % error."),
        Mistake(lambda holdout: float(((_small(holdout)["engagements"] - _small(holdout)["predicted"])
                                       / _small(holdout)["engagements"]).mean()),
                "without the absolute value, positive and negative errors cancel (this is the "
                "mean % bias, not the size of the errors). Take `.abs()` before averaging."),
        Mistake(lambda holdout: float((_small(holdout)["engagements"] - _small(holdout)["predicted"])
                                      .abs().sum() / _small(holdout)["engagements"].sum()),
                "that is the weighted error (WAPE: total absolute error / total engagements), "
                "where bigger posts weigh more. MAPE gives every post the same weight."),
        Mistake(lambda holdout: float(((_small(holdout)["engagements"] - _small(holdout)["predicted"])
                                       .abs() / _small(holdout)["predicted"]).mean()),
                "you divided by the prediction. A percentage error is relative to what actually "
                "happened: divide by the actual engagements."),
        Mistake(lambda holdout: float(_ape(_small(holdout), "baseline").mean()),
                "that is the baseline's MAPE (column `baseline`). The question asks about the "
                "model: use the column `predicted`."),
    ),
))


# --------------------------------------------------------------------- 3: importance


def _top(importance: pd.DataFrame) -> str:
    return str(importance.loc[importance["importance"].idxmax(), "feature"])


register(Exercise(
    key="drivers.top_feature",
    notebook=NOTEBOOK,
    variable="top_feature",
    question="the feature whose shuffling raises the held-out MAE the most.",
    solve=_top,
    context=lambda SEED, MARKET: {"importance": _importance(SEED, MARKET).copy()},
    hint="In `importance`, the column `importance` is the rise in MAE when a feature is shuffled. "
         "Find the row where it is largest and take its `feature`.",
    solution="""
top_feature = importance.loc[importance["importance"].idxmax(), "feature"]
""",
    mistakes=(
        Mistake(lambda importance: "reach",
                "reach is only known after the post is out, and engagements are reach x rate: a model "
                "fed with reach 'predicts' the answer from part of the answer (leakage). It must use "
                "features known before posting only."),
        Mistake(lambda importance: str(importance.loc[importance["importance"].idxmin(), "feature"]),
                "that is the least important feature: shuffling it barely changes the error. Look "
                "for the largest rise in MAE."),
        Mistake(lambda importance: "format",
                "Moro, Rita & Vala (2016) found content type the most relevant input on their "
                "Facebook page. Here, read what the held-out importance of *your* data says."),
    ),
))


# --------------------------------------------------------------------- 4: skill vs baseline


def _reduction(cv: pd.DataFrame) -> float:
    return float(1 - cv["model_mae"].mean() / cv["baseline_mae"].mean())


register(Exercise(
    key="drivers.mae_reduction",
    notebook=NOTEBOOK,
    variable="mae_reduction",
    question="the model cuts the baseline's error by 1 - mean model MAE / mean baseline MAE "
             "over the time-ordered folds.",
    solve=lambda cv, shuffled: _reduction(cv),
    context=lambda SEED, MARKET: {"cv": _cv(SEED, MARKET).copy(),
                                  "shuffled": _cv(SEED, MARKET, "shuffled").copy()},
    rtol=1e-6,
    hint="Average each MAE column of `cv` over the folds, divide the model's by the baseline's, "
         "and subtract the result from 1.",
    solution="""
mae_reduction = 1 - cv["model_mae"].mean() / cv["baseline_mae"].mean()
""",
    mistakes=(
        Mistake(lambda cv, shuffled: _reduction(shuffled),
                "that is what shuffled KFold (`shuffled`) reports. Shuffled folds train on posts published after "
                "the test posts, a luxury no forecast has: use the time-ordered folds in `cv`."),
        Mistake(lambda cv, shuffled: float(cv["model_mae"].mean() / cv["baseline_mae"].mean()),
                "that is the model's error as a share of the baseline's. The reduction is 1 minus "
                "that share."),
        Mistake(lambda cv, shuffled: float(1 - cv["model_mape"].mean() / cv["baseline_mape"].mean()),
                "you used the MAPE columns. The question is about the error in engagements: "
                "use `model_mae` and `baseline_mae`."),
        Mistake(lambda cv, shuffled: float(cv["baseline_mae"].mean() / cv["model_mae"].mean() - 1),
                "that divides the wrong way round (how much larger the baseline's error is). "
                "Divide the model's MAE by the baseline's and subtract from 1."),
    ),
))
