"""Exercises of ``05_3_evaluation_methods``: a campaign's DiD lift of the engagement rate, and
the share of its tagged revenue that the campaign actually added.

Both use the campaign the lesson evaluates (:func:`course_lib.evaluation_memo.pick_campaign`)
and its clean control platforms (:func:`~course_lib.evaluation_memo.clean_controls`). The
lesson shows the follows lift and the incremental share of *orders*; the exercises ask for
the *engagement rate* and *revenue*, so neither answer is printed before its exercise.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import cases
from .. import evaluation_memo as em
from .. import experiments as exp
from ..checks import Exercise, Mistake, register

NOTEBOOK = "05_3_evaluation_methods"
PRE_DAYS = 28


def evaluation_context(SEED: int, MARKET: str, case: str) -> dict:
    """The notebook's parameters plus the tables both exercises need."""
    return {"SEED": SEED, "MARKET": MARKET, "case": case,
            "daily": cases.load("daily_metrics", case, seed=SEED, market=MARKET),
            "campaigns": cases.load("campaigns", case, seed=SEED, market=MARKET)}


def _setup(daily: pd.DataFrame, campaigns: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    c = em.pick_campaign(campaigns)
    return c, em.clean_controls(daily, campaigns, campaign=c["campaign_id"], pre_days=PRE_DAYS)


def _did(daily, campaigns, *, metric, per=None, pre_days=PRE_DAYS, control="clean") -> pd.Series:
    c, ctrl = _setup(daily, campaigns)
    kw = dict(metric=metric, per=per, treated=c["platforms"], start=c["start_date"],
              end=c["end_date"], pre_days=pre_days)
    if control is None:
        return exp.before_after(daily, **kw).iloc[0]
    if control == "all others":
        mine = set(c["platforms"].split(";"))
        ctrl = [p for p in dict.fromkeys(daily["platform"].astype(str)) if p not in mine]
    return exp.diff_in_diff(daily, control=ctrl, **kw).iloc[0]


# ---------------------------------------------------------------- exercise 1
def _er_lift(SEED, MARKET, case, daily, campaigns) -> float:
    return float(_did(daily, campaigns, metric="engagements", per="reach")["estimate"])


def _er_naive(SEED, MARKET, case, daily, campaigns) -> float:
    return float(_did(daily, campaigns, metric="engagements", per="reach", control=None)["estimate"])


def _er_week(SEED, MARKET, case, daily, campaigns) -> float:
    return float(_did(daily, campaigns, metric="engagements", per="reach", pre_days=7)["estimate"])


def _er_additive(SEED, MARKET, case, daily, campaigns) -> float:
    r = _did(daily, campaigns, metric="engagements", per="reach")
    return float(r["treated_change"] - r["control_change"])


def _er_mean_of_daily_rates(SEED, MARKET, case, daily, campaigns) -> float:
    c, ctrl = _setup(daily, campaigns)
    s, e = pd.Timestamp(c["start_date"]), pd.Timestamp(c["end_date"])
    g = exp.group_series(daily, metric="engagements", per="reach", treated=c["platforms"], control=ctrl)
    pre = g["date"].between(s - pd.Timedelta(days=PRE_DAYS), s - pd.Timedelta(days=1))
    post = g["date"].between(s, e)
    m = g.assign(window=np.where(post, "post", np.where(pre, "pre", ""))).query("window != ''")
    means = m.groupby(["group", "window"])["value"].mean()
    return float((means["treated", "post"] / means["treated", "pre"])
                 / (means["control", "post"] / means["control", "pre"]) - 1)


register(Exercise(
    key="evalm.did_lift",
    notebook=NOTEBOOK,
    variable="did_lift",
    question="the DiD lift of the engagement rate (engagements per reach) during the evaluated "
             "campaign, against the clean control platforms and the 28 days before.",
    solve=_er_lift,
    context=evaluation_context,
    rtol=1e-3,
    hint="Use `exp.diff_in_diff(daily, metric=\"engagements\", per=\"reach\", treated=..., "
         "control=..., start=..., end=..., pre_days=28)` with the campaign and the controls of "
         "the lesson, and take its `estimate`.",
    solution="""
from course_lib import evaluation_memo as em, experiments as exp
camp = em.pick_campaign(campaigns)
control = em.clean_controls(daily, campaigns, campaign=camp["campaign_id"], pre_days=28)
did_lift = exp.diff_in_diff(daily, metric="engagements", per="reach", treated=camp["platforms"],
                            control=control, start=camp["start_date"], end=camp["end_date"],
                            pre_days=28)["estimate"].item()
""",
    mistakes=(
        Mistake(_er_naive, "this is the campaign platforms' own before/after change: the "
                "control platforms' change over the same weeks was not taken out."),
        Mistake(_er_week, "the pre-period is one week long; the lesson's design compares with "
                "the 28 days before the campaign (a week is dominated by its own noise)."),
        Mistake(_er_additive, "you subtracted the control's relative change from the treated "
                "one. The campaign multiplies the rate, so divide the two growth factors "
                "(treated post/pre over control post/pre) and subtract 1."),
        Mistake(_er_mean_of_daily_rates, "you averaged daily engagement rates. A rate over a "
                "window is pooled: total engagements over total reach (`per=\"reach\"` does "
                "this); a mean of daily ratios gives a quiet day as much weight as a busy one."),
    ),
))


# ---------------------------------------------------------------- exercise 2
def _share(lift: float) -> float:
    return float(lift / (1 + lift))


def _rev_share(SEED, MARKET, case, daily, campaigns) -> float:
    return _share(_did(daily, campaigns, metric="revenue")["estimate"])


def _rev_last_touch(SEED, MARKET, case, daily, campaigns) -> float:
    return 1.0


def _rev_lift(SEED, MARKET, case, daily, campaigns) -> float:
    return float(_did(daily, campaigns, metric="revenue")["estimate"])


def _rev_naive(SEED, MARKET, case, daily, campaigns) -> float:
    return _share(_did(daily, campaigns, metric="revenue", control=None)["estimate"])


register(Exercise(
    key="evalm.incremental_share",
    notebook=NOTEBOOK,
    variable="incremental_share",
    question="the share of the revenue tagged with the evaluated campaign that the campaign "
             "added (L / (1 + L), L = DiD lift of daily revenue, clean controls, 28 days before).",
    solve=_rev_share,
    context=evaluation_context,
    rtol=1e-3,
    hint="Estimate the lift L of daily `revenue` with `exp.diff_in_diff` as in the lesson "
         "(metric=\"revenue\", no `per`). Without the campaign the tagged revenue would have "
         "been tagged / (1 + L); the share it added is 1 - 1 / (1 + L).",
    solution="""
from course_lib import evaluation_memo as em, experiments as exp
camp = em.pick_campaign(campaigns)
control = em.clean_controls(daily, campaigns, campaign=camp["campaign_id"], pre_days=28)
lift = exp.diff_in_diff(daily, metric="revenue", treated=camp["platforms"], control=control,
                        start=camp["start_date"], end=camp["end_date"],
                        pre_days=28)["estimate"].item()
incremental_share = lift / (1 + lift)
""",
    mistakes=(
        Mistake(_rev_last_touch, "that is last-touch attribution: it credits the campaign with "
                "every order its posts carry, including the orders that would have come anyway."),
        Mistake(_rev_lift, "that is the lift L itself, relative to the revenue without the "
                "campaign. The question asks for a share of the revenue *with* the campaign."),
        Mistake(_rev_naive, "the lift comes from a before/after on the campaign platforms alone, "
                "so the season's change in revenue is counted as the campaign's."),
    ),
))

__all__ = ["NOTEBOOK", "PRE_DAYS", "evaluation_context"]
