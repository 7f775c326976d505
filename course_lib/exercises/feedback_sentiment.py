"""Exercises of ``04_5_feedback_sentiment``: NPS, classifier F1, weekly net sentiment."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .. import data, kpi, markets
from ..checks import Exercise, Mistake, register

NOTEBOOK = "04_5_feedback_sentiment"


# --------------------------------------------------------------------------
# 1 · NPS of one platform's respondents
# --------------------------------------------------------------------------

def _survey_context(SEED: int, MARKET: str) -> dict:
    return {"survey": data.load("survey", seed=SEED, market=MARKET),
            "PLATFORM": markets.platforms(MARKET)[0]}


def _scores(survey: pd.DataFrame, PLATFORM: str) -> pd.Series:
    return survey.loc[survey["platform"] == PLATFORM, "nps"]


def _platform_nps(survey: pd.DataFrame, PLATFORM: str) -> float:
    return float(kpi.nps(survey[survey["platform"] == PLATFORM]))


register(Exercise(
    key="feedback.platform_nps",
    notebook=NOTEBOOK,
    variable="platform_nps",
    question="the Net Promoter Score of the respondents whose platform is PLATFORM, on the -100..100 scale.",
    solve=_platform_nps,
    context=_survey_context,
    rtol=1e-6,
    hint="Keep the rows whose `platform` is PLATFORM. NPS = 100 × (share of answers 9-10 "
         "- share of answers 0-6); `kpi.nps(frame)` computes it.",
    solution="""
from course_lib import kpi

platform_nps = kpi.nps(survey[survey["platform"] == PLATFORM])
""",
    mistakes=(
        Mistake(lambda survey, PLATFORM: float(_scores(survey, PLATFORM).mean()),
                "that is the average answer on the 0-10 scale. NPS is not a mean: it is the share of "
                "promoters (9-10) minus the share of detractors (0-6), times 100."),
        Mistake(lambda survey, PLATFORM: float(100 * (_scores(survey, PLATFORM) >= 9).mean()),
                "that is the share of promoters only. Subtract the share of detractors (answers 0-6); "
                "passives (7-8) count in the denominator only."),
        Mistake(lambda survey, PLATFORM: _platform_nps(survey, PLATFORM) / 100,
                "right idea, wrong scale: NPS is reported from -100 to 100, not as a fraction. "
                "Multiply the difference of the two shares by 100."),
        Mistake(lambda survey, PLATFORM: float(kpi.nps(survey)),
                "that is the NPS of all respondents. Keep only the rows whose `platform` is PLATFORM first."),
        Mistake(lambda survey, PLATFORM: float(100 * ((_scores(survey, PLATFORM) >= 7).mean()
                                                      - (_scores(survey, PLATFORM) <= 6).mean())),
                "you counted passives (7-8) as promoters. Promoters answer 9 or 10 only."),
    ),
))


# --------------------------------------------------------------------------
# 2 · macro F1 of the classifier on the held-out comments
# --------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _fitted(SEED: int, MARKET: str):
    from .. import text

    comments = data.load("comments", seed=SEED, market=MARKET)
    train, test = text.split(comments, seed=SEED)
    return text.fit(train), train, test


def _model_context(SEED: int, MARKET: str) -> dict:
    model, train, test = _fitted(SEED, MARKET)
    return {"model": model, "train": train, "test": test}


def _f1(model, frame: pd.DataFrame, average: str) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(frame["sentiment"], model.predict(frame["text"]), average=average))


def _macro_f1(model, train: pd.DataFrame, test: pd.DataFrame) -> float:
    return _f1(model, test, "macro")


register(Exercise(
    key="feedback.macro_f1",
    notebook=NOTEBOOK,
    variable="macro_f1",
    question="the macro-averaged F1 of `model` on the held-out comments `test`.",
    solve=_macro_f1,
    context=_model_context,
    rtol=1e-9,
    hint="Predict the labels of `test[\"text\"]` with `model.predict`, then compare them with "
         "`test[\"sentiment\"]` using `sklearn.metrics.f1_score(..., average=\"macro\")`.",
    solution="""
from sklearn.metrics import f1_score

predicted = model.predict(test["text"])
macro_f1 = f1_score(test["sentiment"], predicted, average="macro")
""",
    mistakes=(
        Mistake(lambda model, train, test: float((model.predict(test["text"]) == test["sentiment"]).mean()),
                "that is the accuracy (share of comments labelled right). It lets the common classes "
                "dominate; macro F1 averages the F1 of each class with equal weight."),
        Mistake(lambda model, train, test: _f1(model, test, "weighted"),
                "that is the *weighted* F1: each class weighs by its number of comments. Macro F1 gives "
                "every class the same weight, so the rarer negative class counts fully."),
        Mistake(lambda model, train, test: _f1(model, train, "macro"),
                "that is the score on the training comments, which the model has already seen: it is "
                "too optimistic. Evaluate on the held-out `test` comments."),
    ),
))


# --------------------------------------------------------------------------
# 3 · the lowest weekly net sentiment
# --------------------------------------------------------------------------

def _comments_context(SEED: int, MARKET: str) -> dict:
    return {"comments": data.load("comments", seed=SEED, market=MARKET)}


def _weekly(comments: pd.DataFrame, include_neutral: bool) -> pd.Series:
    week = comments["timestamp"].dt.to_period("W-SUN").dt.start_time.rename("week")
    return kpi.net_sentiment(comments.assign(week=week), include_neutral=include_neutral, by="week")


def _worst_week(comments: pd.DataFrame) -> float:
    return float(_weekly(comments, True).min())


def _mean_of_days(comments: pd.DataFrame) -> float:
    day = comments["timestamp"].dt.normalize().rename("day")
    daily = kpi.net_sentiment(comments.assign(day=day), include_neutral=True, by="day")
    weeks = daily.index.to_period("W-SUN")
    return float(daily.groupby(weeks).mean().min())


def _worst_day(comments: pd.DataFrame) -> float:
    day = comments["timestamp"].dt.normalize().rename("day")
    return float(kpi.net_sentiment(comments.assign(day=day), include_neutral=True, by="day").min())


register(Exercise(
    key="feedback.worst_week",
    notebook=NOTEBOOK,
    variable="worst_week_ns",
    question="the lowest weekly net sentiment of the year (neutrals included, weeks from Monday to Sunday), "
             "as a fraction.",
    solve=_worst_week,
    context=_comments_context,
    rtol=1e-9,
    hint="Give each comment its week (`timestamp.dt.to_period(\"W\")`), compute "
         "`kpi.net_sentiment(..., include_neutral=True, by=\"week\")`, and take the minimum.",
    solution="""
from course_lib import kpi

weekly = comments.assign(week=comments["timestamp"].dt.to_period("W"))
worst_week_ns = kpi.net_sentiment(weekly, include_neutral=True, by="week").min()
""",
    mistakes=(
        Mistake(lambda comments: float(_weekly(comments, False).min()),
                "you left the neutral comments out of the denominator (the 'polar' variant), which "
                "moves the score further from 0. This question asks for neutrals included."),
        Mistake(_mean_of_days,
                "you averaged daily net sentiments within each week. Busy days and quiet days then weigh "
                "the same; compute the week's net sentiment from all its comments at once."),
        Mistake(_worst_day,
                "that is the worst single day. Group the comments by week, not by day."),
        Mistake(lambda comments: float(np.round(100 * _worst_week(comments), 1)),
                "net sentiment is a fraction between -1 and 1 here; don't multiply by 100 (and keep "
                "full precision)."),
    ),
))
