"""Exercises of ``04_5_feedback_sentiment``: NPS in the crisis, classifier F1 on new phrasings, a platform's worst week."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import data, kpi, markets
from ..checks import Exercise, Mistake, register

NOTEBOOK = "04_5_feedback_sentiment"


def _crisis_window(SEED: int, MARKET: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First day of the true crisis and the first day after its recovery (as in the notebook)."""
    w = data.crisis_window(SEED, MARKET)
    return w.start, w.end + pd.Timedelta(days=1)


# --------------------------------------------------------------------------
# 1 · NPS of one platform's respondents during the crisis window
# --------------------------------------------------------------------------

def _survey_context(SEED: int, MARKET: str) -> dict:
    crisis_start, recovery_end = _crisis_window(SEED, MARKET)
    return {"answers": data.load("survey", seed=SEED, market=MARKET),
            "PLATFORM": markets.platforms(MARKET)[0],
            "crisis_start": crisis_start, "recovery_end": recovery_end}


def _in_window(answers: pd.DataFrame, crisis_start, recovery_end) -> pd.Series:
    return answers["date"].between(crisis_start, recovery_end, inclusive="left")


def _subset(answers, PLATFORM, crisis_start, recovery_end) -> pd.DataFrame:
    return answers[(answers["platform"] == PLATFORM) & _in_window(answers, crisis_start, recovery_end)]


def _crisis_nps(answers, PLATFORM, crisis_start, recovery_end) -> float:
    return float(kpi.nps(_subset(answers, PLATFORM, crisis_start, recovery_end)))


def _scores(answers, PLATFORM, crisis_start, recovery_end) -> pd.Series:
    return _subset(answers, PLATFORM, crisis_start, recovery_end)["nps"]


register(Exercise(
    key="feedback.crisis_nps",
    notebook=NOTEBOOK,
    variable="crisis_nps",
    question="the Net Promoter Score (-100..100) of the respondents whose platform is PLATFORM and who "
             "answered from crisis_start up to (not including) recovery_end.",
    solve=_crisis_nps,
    context=_survey_context,
    rtol=1e-6,
    hint="Two filters, both needed: the respondents of PLATFORM, and the answers dated inside the "
         "window (the start day counts, the end day does not). Then NPS is a difference of two shares "
         "of those answers, promoters (9-10) minus detractors (0-6), on a scale from -100 to 100.",
    solution="""
from course_lib import kpi

in_window = answers["date"].between(crisis_start, recovery_end, inclusive="left")
crisis_nps = kpi.nps(answers[(answers["platform"] == PLATFORM) & in_window])
""",
    mistakes=(
        Mistake(lambda answers, PLATFORM, crisis_start, recovery_end:
                float(_scores(answers, PLATFORM, crisis_start, recovery_end).mean()),
                "that is the average answer on the 0-10 scale. NPS is not a mean: it is the share of "
                "promoters (9-10) minus the share of detractors (0-6), times 100."),
        Mistake(lambda answers, PLATFORM, crisis_start, recovery_end:
                float(100 * (_scores(answers, PLATFORM, crisis_start, recovery_end) >= 9).mean()),
                "that is the share of promoters only. Subtract the share of detractors (answers 0-6); "
                "passives (7-8) count in the denominator only."),
        Mistake(lambda answers, PLATFORM, crisis_start, recovery_end:
                _crisis_nps(answers, PLATFORM, crisis_start, recovery_end) / 100,
                "right idea, wrong scale: NPS is reported from -100 to 100, not as a fraction."),
        Mistake(lambda answers, PLATFORM, crisis_start, recovery_end:
                float(kpi.nps(answers[answers["platform"] == PLATFORM])),
                "that is the NPS of PLATFORM's respondents over the whole year. Keep only the answers "
                "dated inside the crisis window too."),
        Mistake(lambda answers, PLATFORM, crisis_start, recovery_end:
                float(kpi.nps(answers[_in_window(answers, crisis_start, recovery_end)])),
                "that is the NPS of every platform's respondents in the window. Keep only the rows "
                "whose `platform` is PLATFORM too."),
        Mistake(lambda answers, PLATFORM, crisis_start, recovery_end:
                float(100 * ((_scores(answers, PLATFORM, crisis_start, recovery_end) >= 7).mean()
                             - (_scores(answers, PLATFORM, crisis_start, recovery_end) <= 6).mean())),
                "you counted passives (7-8) as promoters. Promoters answer 9 or 10 only."),
    ),
))


# --------------------------------------------------------------------------
# 2 · macro F1 of the classifier on held-out phrasings
# --------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _fitted(SEED: int, MARKET: str):
    from .. import text

    comments = data.load("comments", seed=SEED, market=MARKET)
    train, test = text.split(comments, seed=SEED, groups=text.normalise(comments["text"]))
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
    question="the macro-averaged F1 of `model` on the held-out comments `test` (phrasings it has never seen).",
    solve=_macro_f1,
    context=_model_context,
    rtol=1e-9,
    hint="Let the model label every held-out comment, and compare its labels with the annotators' "
         "labels. Compute F1 for each of the three classes separately, then take their plain "
         "(unweighted) average, so that every class counts the same however many comments it has.",
    solution="""
from sklearn.metrics import f1_score

held_out_labels = model.predict(test["text"])
macro_f1 = f1_score(test["sentiment"], held_out_labels, average="macro")
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
                "far too optimistic. Evaluate on the held-out `test` comments."),
    ),
))


# --------------------------------------------------------------------------
# 3 · the worst week on one platform
# --------------------------------------------------------------------------

def _comments_context(SEED: int, MARKET: str) -> dict:
    return {"comments": data.load("comments", seed=SEED, market=MARKET),
            "PLATFORM": markets.platforms(MARKET)[0]}


def _weekly(comments: pd.DataFrame, include_neutral: bool) -> pd.Series:
    week = comments["timestamp"].dt.to_period("W-SUN").dt.start_time.rename("week")
    return kpi.net_sentiment(comments.assign(week=week), include_neutral=include_neutral, by="week")


def _on(comments: pd.DataFrame, PLATFORM: str) -> pd.DataFrame:
    return comments[comments["platform"] == PLATFORM]


def _worst_week(comments: pd.DataFrame, PLATFORM: str) -> float:
    return float(_weekly(_on(comments, PLATFORM), True).min())


def _mean_of_days(comments: pd.DataFrame, PLATFORM: str) -> float:
    mine = _on(comments, PLATFORM)
    day = mine["timestamp"].dt.normalize().rename("day")
    daily = kpi.net_sentiment(mine.assign(day=day), include_neutral=True, by="day")
    return float(daily.groupby(daily.index.to_period("W-SUN")).mean().min())


def _worst_day(comments: pd.DataFrame, PLATFORM: str) -> float:
    mine = _on(comments, PLATFORM)
    day = mine["timestamp"].dt.normalize().rename("day")
    return float(kpi.net_sentiment(mine.assign(day=day), include_neutral=True, by="day").min())


register(Exercise(
    key="feedback.worst_week",
    notebook=NOTEBOOK,
    variable="worst_week_ns",
    question="the lowest weekly net sentiment (neutrals included, weeks from Monday to Sunday) of the "
             "comments on PLATFORM, as a fraction.",
    solve=_worst_week,
    context=_comments_context,
    rtol=1e-9,
    hint="Keep only the comments on PLATFORM. Give each comment the Monday-to-Sunday week it falls "
         "in, compute each week's net sentiment from all of that week's comments at once (neutrals "
         "count in the denominator), then take the lowest week.",
    solution="""
from course_lib import kpi

mine = comments[comments["platform"] == PLATFORM]
by_week = mine.assign(week=mine["timestamp"].dt.to_period("W"))
worst_week_ns = kpi.net_sentiment(by_week, include_neutral=True, by="week").min()
""",
    mistakes=(
        Mistake(lambda comments, PLATFORM: float(_weekly(_on(comments, PLATFORM), False).min()),
                "you left the neutral comments out of the denominator (the 'polar' variant), which "
                "moves the score further from 0. This question asks for neutrals included."),
        Mistake(_mean_of_days,
                "you averaged daily net sentiments within each week. Busy days and quiet days then weigh "
                "the same; compute the week's net sentiment from all its comments at once."),
        Mistake(_worst_day,
                "that is the worst single day. Group the comments by week, not by day."),
        Mistake(lambda comments, PLATFORM: float(_weekly(comments, True).min()),
                "that is the worst week of all platforms together. Keep only the comments on PLATFORM."),
        Mistake(lambda comments, PLATFORM: 100 * _worst_week(comments, PLATFORM),
                "net sentiment is a fraction between -1 and 1 here; don't multiply by 100."),
    ),
))
