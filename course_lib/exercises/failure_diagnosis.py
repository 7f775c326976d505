"""Exercises of ``05_2_failure_diagnosis``: diagnose a disappointing year, cost it, fix it.

The scenario's failure mode may be hidden (``failure_mode="random"``, drawn
from ``student_id``): the answer keys resolve it with
:func:`course_lib.cases.resolve_failure_mode`, but no feedback, hint or
solution names it. The reference solutions find it from the evidence table.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import cases
from .. import diagnosis as dx
from ..checks import Exercise, Mistake, register

NOTEBOOK = "05_2_failure_diagnosis"

#: the fix on the menu that treats each failure
FIX_FOR: dict[str, str] = {
    "audience_mismatch": "refocus_topics",
    "single_platform": "spread_platforms",
    "no_iteration": "test_and_learn",
    "crisis_late": "crisis_playbook",
}

_TABLES = ("posts", "comments", "daily_metrics")


def failure_context(SEED: int, MARKET: str, failure_mode: str, student_id: str) -> dict:
    """The notebook's parameters, its three tables and the evidence table ``ev``."""
    tables = {t: cases.load(t, failure_mode, seed=SEED, market=MARKET, student_id=student_id) for t in _TABLES}
    ev = dx.evidence(tables["posts"], tables["comments"], tables["daily_metrics"], market=MARKET)
    return {"SEED": SEED, "MARKET": MARKET, "failure_mode": failure_mode, "student_id": student_id,
            **tables, "ev": ev}


def _truth(failure_mode: str, student_id: str) -> str:
    return cases.resolve_failure_mode(failure_mode, student_id)


# ------------------------------------------------------------------ ex1: diagnosis
def _diagnosis(SEED, MARKET, failure_mode, student_id, posts, comments, daily_metrics, ev) -> str:
    return _truth(failure_mode, student_id)


def _said(mode: str):
    return lambda SEED, MARKET, failure_mode, student_id, posts, comments, daily_metrics, ev: mode


register(Exercise(
    key="failure.diagnosis",
    notebook=NOTEBOOK,
    variable="diagnosis",
    question="the failure the evidence points to.",
    solve=_diagnosis,
    context=failure_context,
    hint="Put the four rows of `ev` on one scale: divide each `value` by its `reference`. "
         "The failure whose symptom is largest relative to its red-flag level is the diagnosis; "
         "store its `failure` name (text).",
    solution="""
severity = ev["value"] / ev["reference"]
diagnosis = ev.loc[severity.idxmax(), "failure"]
""",
    mistakes=(
        Mistake(_said("audience_mismatch"),
                "re-read the topic row. A topic that engages less than the rest costs much only when it "
                "also takes a large share of the posts; compare that row's value with its reference, "
                "then with how far the other rows are above theirs."),
        Mistake(_said("single_platform"),
                "re-read the platform row. Posting mostly on one platform is a risk, not yet a failure: "
                "did organic reach per post there really fall at the change point, by more than its "
                "reference? Compare that with the other rows."),
        Mistake(_said("no_iteration"),
                "re-read the format row. Every account forgoes some engagement rate against its best "
                "formats (variety has its uses); is the value here far above the reference, and further "
                "than the other rows are above theirs?"),
        Mistake(_said("crisis_late"),
                "re-read the crisis row. Every year in these data has a crisis; what matters is how long "
                "the negative share stayed high. A crisis answered within days calms within about a "
                "month (the reference): did it stay elevated much longer than that?"),
    ),
))


# ------------------------------------------------------------------ ex2: cost
def _cost(SEED, MARKET, failure_mode, student_id, posts, comments, daily_metrics, ev) -> float:
    return dx.failure_cost(posts, comments, daily_metrics, mode=_truth(failure_mode, student_id), market=MARKET)


def _weighted_forgone(f: pd.DataFrame) -> float:
    return float(np.average(f["forgone"], weights=f["posts"]))


def _slip(kind: str):
    """A typical slip in measuring the true failure's cost (the answer itself where it does not apply)."""

    def compute(SEED, MARKET, failure_mode, student_id, posts, comments, daily_metrics, ev) -> float:
        mode = _truth(failure_mode, student_id)
        right = dx.failure_cost(posts, comments, daily_metrics, mode=mode, market=MARKET)
        if mode == "audience_mismatch":
            slips = {
                "mean": lambda: dx.topic_gaps(posts, aggregate="mean")["lost"].iloc[0],
                "paid": lambda: dx.topic_gaps(posts, organic_only=False)["lost"].iloc[0],
                "definition": lambda: 1 - dx.topic_gaps(posts)["ratio"].iloc[0],
            }
        elif mode == "single_platform":
            slips = {
                "paid": lambda: dx.reach_shift(posts, organic_only=False)["drop"].iloc[0],
                "window": lambda: dx.reach_shift(posts, window_weeks=None)["drop"].iloc[0],
                "definition": lambda: dx.reach_shift(posts)["ratio"].iloc[0],
            }
        elif mode == "no_iteration":
            slips = {
                "mean": lambda: _weighted_forgone(dx.format_gaps(posts, aggregate="mean")),
                "paid": lambda: _weighted_forgone(dx.format_gaps(posts, organic_only=False)),
                "definition": lambda: dx.format_gaps(posts)["forgone"].mean(),
            }
        else:
            w = dx.crisis_weeks(comments, daily_metrics)
            first = w.loc[w["elevated"], "week"].min() if w["elevated"].any() else len(w)
            slips = {
                "window": lambda: w.loc[w["week"] >= first, "excess_loss"].sum(),
                "definition": lambda: -w.loc[w["elevated"], "net_followers"].sum(),
            }
        return float(slips[kind]()) if kind in slips else right

    return compute


def _other_cost(rank: int):
    """The cost measure of the ``rank``-th other failure (a learner who diagnosed another one)."""

    def compute(SEED, MARKET, failure_mode, student_id, posts, comments, daily_metrics, ev) -> float:
        mode = _truth(failure_mode, student_id)
        other = [m for m in cases.FAILURE_MODES if m != mode][rank]
        return dx.failure_cost(posts, comments, daily_metrics, mode=other, market=MARKET)

    return compute


_OTHER = ("this is the cost measure of a different failure from the one your evidence table points to. "
          "Check exercise 1 again, then measure the cost of that failure with its row of the cost table.")

register(Exercise(
    key="failure.cost",
    notebook=NOTEBOOK,
    variable="cost",
    question="the cost of the diagnosed failure, measured as in the cost table.",
    solve=_cost,
    context=failure_context,
    rtol=5e-3,
    hint="Take the row of the cost table for the failure you diagnosed and follow it exactly: organic posts "
         "only, rates as total engagements / total reach, and the window it names. "
         "`dx.failure_cost(posts, comments, daily_metrics, mode=..., market=MARKET)` should agree with "
         "your own computation.",
    solution="""
from course_lib import diagnosis as dx

severity = ev["value"] / ev["reference"]
found = ev.loc[severity.idxmax(), "failure"]  # the diagnosis, found from the evidence
cost = dx.failure_cost(posts, comments, daily_metrics, mode=found, market=MARKET)
""",
    mistakes=(
        Mistake(_slip("mean"),
                "you averaged the per-post engagement rates. A rate over many posts is total engagements "
                "divided by total reach (a ratio of sums); a mean of per-post rates lets a post seen by "
                "200 people count as much as one seen by 20,000."),
        Mistake(_slip("paid"),
                "paid posts are still in. Keep organic posts only (`paid_spend == 0`): bought reach says "
                "nothing about how the feed or the audience treated the content."),
        Mistake(_slip("window"),
                "the time window is not the one in the cost table. Long windows mix in the slow drift of "
                "the follower base (or weeks that were normal again); use exactly the weeks the table names."),
        Mistake(_slip("definition"),
                "the number does not follow the cost table's definition: check that it is the share *lost* "
                "(not kept), weighted by posts where the table says so, and measured against the normal "
                "(median) week where the table says so."),
        Mistake(_other_cost(0), _OTHER),
        Mistake(_other_cost(1), _OTHER),
        Mistake(_other_cost(2), _OTHER),
    ),
))


# ------------------------------------------------------------------ ex3: fix
def _fix(SEED, MARKET, failure_mode, student_id, posts, comments, daily_metrics, ev) -> str:
    return FIX_FOR[_truth(failure_mode, student_id)]


_FIX_FEEDBACK = {
    "refocus_topics": "rebalancing topics treats content the audience ignores. Is the topic row the one far "
                      "above its reference in your evidence table? Pick the fix for the symptom you diagnosed.",
    "spread_platforms": "spreading posts across platforms protects against one feed changing its rules. Is the "
                        "platform row the one far above its reference? Pick the fix for the symptom you diagnosed.",
    "test_and_learn": "format tests treat a mix that never learns from the data. Is the format row the one far "
                      "above its reference? Pick the fix for the symptom you diagnosed.",
    "crisis_playbook": "a crisis playbook shortens the next crisis. Is the crisis row the one far above its "
                       "reference? Pick the fix for the symptom you diagnosed.",
}


def _chose(key: str):
    return lambda SEED, MARKET, failure_mode, student_id, posts, comments, daily_metrics, ev: key


register(Exercise(
    key="failure.fix",
    notebook=NOTEBOOK,
    variable="fix",
    question="the fix on the menu that treats the diagnosed failure.",
    solve=_fix,
    context=failure_context,
    hint="Each failure has one fix on the menu `dx.FIXES` that removes its cause; the others either treat "
         "a different failure or only do more of the same. Store the key (text).",
    solution="""
fix_for = {"audience_mismatch": "refocus_topics", "single_platform": "spread_platforms",
           "no_iteration": "test_and_learn", "crisis_late": "crisis_playbook"}
severity = ev["value"] / ev["reference"]
fix = fix_for[ev.loc[severity.idxmax(), "failure"]]
""",
    mistakes=(
        Mistake(_chose("post_more"),
                "posting more is generic: more posts repeat whatever went wrong, and none of the four "
                "symptoms is a lack of posts. Pick the fix that removes the cause you diagnosed."),
        Mistake(_chose("boost_paid"),
                "paid boosts buy reach but leave the cause in place (and the cost measures use organic "
                "posts for that reason). Pick the fix that removes the cause you diagnosed."),
        *(Mistake(_chose(k), text) for k, text in _FIX_FEEDBACK.items()),
    ),
))
