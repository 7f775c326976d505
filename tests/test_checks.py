"""course_lib.checks: answer comparison, feedback, recording, and every registered check."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_lib import checks
from course_lib import params as P
from course_lib.checks import Check, Exercise, Mistake, same_answer

from conftest import ROOT, read_log


def _mean_exercise(**kw):
    base = dict(key="test.mean", variable="avg", question="the mean of x.",
                solve=lambda x: float(np.mean(x)), hint="sum / count",
                solution="avg = sum(x) / len(x)",
                mistakes=(Mistake(lambda x: float(np.sum(x)), "you summed; divide by the count."),))
    base.update(kw)
    return Exercise(**base)


@pytest.mark.parametrize("answer, expected, same", [
    (0.1 + 0.2, 0.3, True),
    (0.31, 0.3, False),
    (np.float64(2.0), 2, True),
    (" Weibo ", "weibo", True),
    ("weibo", "wechat", False),
    ("3", 3, False),
    (True, 1, False),
    (pd.Series([1.0, 2.0], index=["a", "b"]), pd.Series([1, 2], index=["a", "b"]), True),
    (pd.Series([1.0, 2.5], index=["a", "b"]), pd.Series([1, 2], index=["a", "b"]), False),
    (pd.DataFrame({"a": [1]}), pd.Series([1]), False),
    (["x", "y"], {"y", "x"}, True),
    ([1, 2], [1, 2.0000000001], True),
    ([1, 2], [2, 1], False),
    (float("nan"), float("nan"), True),
])
def test_same_answer(answer, expected, same):
    assert same_answer(answer, expected) is same


def test_check_statuses_and_messages():
    bound = Check(_mean_exercise(), {"x": [1, 2, 3]})
    assert bound.check(2.0).passed
    wrong = bound.check(6.0)
    assert (wrong.status, wrong.message) == ("incorrect", "❌ Not yet: you summed; divide by the count.")
    assert bound.check(5.0).message.startswith("❌ Not yet: `avg` is not what the data gives")
    assert "should be a number, but it is text" in bound.check("2").message
    assert bound.check(None).status == "unanswered"
    assert "`avg`" in bound.check(None).message
    assert "sum / count" in repr(bound.hint())
    assert repr(bound.solution()) == "avg = sum(x) / len(x)"
    assert "<div" in bound.check(2.0)._repr_html_()


def test_check_reads_the_callers_variable():
    bound = Check(_mean_exercise(), {"x": [1, 2, 3]})
    assert bound.check().status == "unanswered"   # no `avg` defined here yet
    avg = 2.0  # noqa: F841 - read by check() from this frame
    assert bound.check().passed


def test_a_mistake_equal_to_the_answer_never_triggers_its_feedback():
    ex = _mean_exercise(mistakes=(Mistake(lambda x: float(np.mean(x)), "never shown"),))
    assert Check(ex, {"x": [1, 2, 3]}).check(2.0).passed


def test_results_are_recorded_to_the_log(tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv(checks.LOG_ENV, str(log))
    bound = Check(_mean_exercise(), {"x": [1, 2, 3]})
    bound.check(2.0)
    bound.check(6.0)
    assert [(r["key"], r["status"], r["passed"]) for r in read_log(log)] == [
        ("test.mean", "correct", True), ("test.mean", "incorrect", False)]


def test_the_log_records_the_notebook_parameters_of_the_check(tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv(checks.LOG_ENV, str(log))
    ex = Exercise(key="test.first", variable="v", question="First x", solve=lambda x, SEED, MARKET: x[0],
                  hint="h", solution="v = x[0]", notebook="nb_demo",
                  mistakes=(Mistake(lambda x, SEED, MARKET: x[-1], "last, not first"),))
    Check(ex, {"x": [4, 5], "SEED": 7, "MARKET": "global"}).check(4)
    (record,) = read_log(log)
    assert record["notebook"] == "nb_demo"
    assert record["params"] == {"SEED": 7, "MARKET": "global"}  # the data list x is not logged


def test_register_rejects_duplicates_and_exercises_without_mistakes():
    with pytest.raises(ValueError, match="at least one typical mistake"):
        checks.register(_mean_exercise(key="test.none", mistakes=()))
    known = next(iter(checks.all_exercises().values()))
    with pytest.raises(ValueError, match="registered twice"):
        checks.register(_mean_exercise(key=known.key))


def test_exercise_lookup_errors_are_clear():
    with pytest.raises(ValueError, match="unknown exercise 'nope'; known: "):
        checks.exercise("nope")
    with pytest.raises(ValueError, match="needs exactly: MARKET, platforms; missing: MARKET"):
        checks.exercise("start.cheapest_platform", platforms=None)


# --- every registered check: passes on its answer, rejects its typical mistakes -------------

EXERCISES = checks.all_exercises()


#: parameters whose every value is a different case: checks are tested on each
CASE_PARAMETERS = ("case", "failure_mode")


def _parameter_sets(decl: dict) -> list[dict]:
    """The notebook's defaults, the alternative set, and each value of a case parameter."""
    defaults = {n: d.default for n, d in decl.items()}
    sets = [defaults, {**defaults, **P.alternatives(list(decl))}]
    for name in CASE_PARAMETERS:
        if name in decl:
            sets += [{**defaults, name: value} for value in P.DOMAINS[name].choices]
    unique = []
    for s in sets:
        if s not in unique:
            unique.append(s)
    return unique


def _contexts(ex: Exercise) -> list[dict]:
    """Contexts for the notebook's parameter sets (see :func:`_parameter_sets`)."""
    decl = P.declared_parameters(ROOT / "notebooks" / f"{ex.notebook}.ipynb")
    return [ex.context(**params) for params in _parameter_sets(decl)]


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_every_check_passes_its_answer_and_rejects_its_mistakes(key):
    ex = EXERCISES[key]
    assert ex.notebook and ex.context is not None, f"{key}: needs notebook= and context="
    shown = {m.feedback: 0 for m in ex.mistakes}
    for ctx in _contexts(ex):
        bound = Check(ex, ctx)
        assert bound.evaluate(bound.expected).passed
        distinct = 0
        for m in ex.mistakes:
            wrong = m.compute(**ctx)
            if same_answer(wrong, bound.expected, ex.rtol, bound.atol):
                continue  # this mistake happens to give the right answer for these data
            distinct += 1
            result = bound.evaluate(wrong)
            assert not result.passed
            assert m.feedback in result.message
            shown[m.feedback] += 1
        assert distinct, f"{key}: every mistake equals the answer for {ctx.get('MARKET')}"
        assert bound.evaluate(None).status == "unanswered"
    never = [f for f, n in shown.items() if not n]
    assert not never, f"{key}: mistakes never distinguishable from the answer: {never}"


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_every_reference_solution_passes(key):
    ex = EXERCISES[key]
    for ctx in _contexts(ex):
        namespace = {"pd": pd, "np": np, **ctx}
        exec(ex.solution, namespace)  # noqa: S102 - our own reference code
        assert Check(ex, ctx).evaluate(namespace.get(ex.variable)).passed, key


def test_every_registered_exercise_is_used_by_its_notebook():
    for key, ex in EXERCISES.items():
        text = (ROOT / "notebooks" / f"{ex.notebook}.ipynb").read_text(encoding="utf-8")
        assert f'checks.exercise(\\"{key}\\"' in text, f"{key} is not used in {ex.notebook}"


# --- feedback details -------------------------------------------------------------------------

def test_near_miss_is_called_close_without_revealing_the_answer():
    bound = Check(_mean_exercise(), {"x": [1, 2, 3.1]})  # mean 2.0333...
    msg = bound.check(2.0).message
    assert msg.startswith("❌ Close, but not exact") and "2.03" not in msg


def test_wrong_kind_of_answer_gets_a_remedy():
    bound = Check(_mean_exercise(), {"x": [1, 2, 3]})
    assert "`.iloc[0]` or `.item()`" in bound.check(pd.Series([2.0])).message
    assert "a numpy array" in bound.check(np.array([1.0, 2.0])).message
    assert "whole table" in bound.check(pd.DataFrame({"a": [1.0, 2.0]})).message
    assert "rather than typing it as text" in bound.check("2").message


def test_generic_feedback_names_the_exercise_object():
    q7 = Check(_mean_exercise(), {"x": [1, 2, 3]})
    globals()["q7"] = q7
    try:
        assert "Run `q7.hint()`" in q7.check(5.0).message
    finally:
        del globals()["q7"]


def test_two_mistakes_with_the_same_wrong_answer_show_both_feedbacks():
    ex = _mean_exercise(mistakes=(Mistake(lambda x: float(np.sum(x)), "you summed."),
                                  Mistake(lambda x: float(len(x) * np.mean(x)), "you multiplied.")))
    msg = Check(ex, {"x": [1, 2, 3]}).check(6.0).message
    assert "(1) you summed. (2) you multiplied." in msg


def test_a_data_dependent_tolerance_accepts_estimates_near_the_truth():
    # the "truth" is 2; any estimate within the interval half-width (here 0.5) passes
    ex = _mean_exercise(solve=lambda x: 2.0, tolerance=lambda x: 0.5,
                        mistakes=(Mistake(lambda x: float(np.sum(x)), "you summed; divide by the count."),))
    bound = Check(ex, {"x": [1, 2, 3]})
    assert bound.atol == 0.5
    assert bound.check(2.4).passed and bound.check(1.6).passed
    assert bound.check(6.0).message == "❌ Not yet: you summed; divide by the count."
    far = bound.check(2.8)
    assert far.status == "incorrect" and "0.8 away from the true value, more than the 0.5" in far.message
    with pytest.raises(ValueError, match="tolerance\\(\\) must give a finite number"):
        _ = Check(_mean_exercise(tolerance=lambda x: -1.0), {"x": [1]}).atol
