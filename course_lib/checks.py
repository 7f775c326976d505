"""Exercise checks with honest feedback: ``check()``, ``hint()``, ``solution()``.

An :class:`Exercise` knows how to compute its expected answer from the
same data and parameters the learner has (``solve``), and the typical
wrong answers learners give (``mistakes``), each with tailored feedback.
Nothing is hard-coded: the answer is recomputed for every seed and market.

In a notebook::

    q1 = checks.exercise("start.cheapest_platform", platforms=platforms, MARKET=MARKET)
    q1.hint()          # a nudge
    q1.check()         # reads the variable named in the exercise from the notebook
    q1.solution()      # the reference code

Every check result is a :class:`CheckResult`: a short friendly message
for the learner and a machine-readable ``status`` for tests and grading.
When the environment variable ``COURSE_CHECK_LOG`` names a file, each
result is also appended to it as one JSON line (key, status, passed,
message, notebook, and the notebook parameters the check was bound to,
e.g. ``{"SEED": 7, "MARKET": "global"}``), for tests and grading tools.

>>> ex = Exercise(key="demo.mean", variable="avg", question="Mean of x",
...               solve=lambda x: sum(x) / len(x), hint="sum / count",
...               solution="avg = sum(x) / len(x)",
...               mistakes=(Mistake(lambda x: sum(x), "You summed; divide by the count."),))
>>> bound = Check(ex, {"x": [1, 2, 3]})
>>> bound.check(2.0).status, bound.check(6).message
('correct', '❌ Not yet: You summed; divide by the count.')
"""
from __future__ import annotations

import html
import importlib
import json
import math
import numbers
import os
import sys
from dataclasses import dataclass
from typing import Any, Callable

__all__ = [
    "Check",
    "CheckResult",
    "Exercise",
    "Mistake",
    "REGISTRY",
    "all_exercises",
    "exercise",
    "register",
    "same_answer",
]

#: Environment variable naming a JSON-lines file that receives every result.
LOG_ENV = "COURSE_CHECK_LOG"

#: Modules under ``course_lib.exercises`` that register exercises.
def _exercise_modules() -> tuple[str, ...]:
    """Names of the modules in ``course_lib/exercises`` (one per notebook)."""
    import pkgutil

    from . import exercises

    return tuple(sorted(m.name for m in pkgutil.iter_modules(exercises.__path__)
                        if not m.name.startswith("_")))

REGISTRY: dict[str, "Exercise"] = {}


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: how to compute it, and what to tell the learner."""

    compute: Callable[..., Any]
    feedback: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to get its answer from the data, and how to help.

    Parameters
    ----------
    key : unique id, ``"<notebook slug>.<name>"``.
    variable : the name the learner assigns the answer to.
    question : the task in one sentence.
    solve : ``solve(**context)`` returns the expected answer.
    hint : a nudge that does not give the answer away.
    solution : reference code; it runs in a namespace holding the context.
    mistakes : typical wrong answers, computed from the same context.
    notebook : the notebook (stem) that uses the exercise.
    context : ``context(**parameters)`` builds the context from the
        notebook's parameters (for tests and grading).
    rtol, atol : float tolerances.
    tolerance : optional ``tolerance(**context)`` giving an absolute tolerance
        computed from the data, e.g. the half-width of an estimate's confidence
        interval, for estimation exercises whose expected answer is the
        simulator's truth: the check passes when ``|answer - expected|`` is at
        most that much. Typical mistakes must fall outside it to be reported.
    """

    key: str
    variable: str
    question: str
    solve: Callable[..., Any]
    hint: str
    solution: str
    mistakes: tuple[Mistake, ...] = ()
    notebook: str = ""
    context: Callable[..., dict[str, Any]] | None = None
    rtol: float = 1e-6
    atol: float = 1e-9
    tolerance: Callable[..., float] | None = None


def register(ex: Exercise) -> Exercise:
    """Add an exercise to :data:`REGISTRY` (keys must be unique)."""
    if ex.key in REGISTRY and REGISTRY[ex.key] is not ex:
        raise ValueError(f"exercise key {ex.key!r} is registered twice")
    if not ex.mistakes:
        raise ValueError(f"exercise {ex.key!r} needs at least one typical mistake")
    REGISTRY[ex.key] = ex
    return ex


def all_exercises() -> dict[str, Exercise]:
    """Import every exercise module and return the registry."""
    for name in _exercise_modules():
        importlib.import_module(f"course_lib.exercises.{name}")
    return dict(REGISTRY)


# ---------------------------------------------------------------------------
# Comparing answers


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, bool)


_KIND_NAMES = {"Series": "a pandas Series", "DataFrame": "a pandas DataFrame",
               "ndarray": "a numpy array", "list": "a list", "tuple": "a tuple",
               "dict": "a dict", "set": "a set", "NoneType": "nothing (None)"}


def _describe(x: Any) -> str:
    if isinstance(x, bool):
        return "True/False"
    if _is_number(x):
        return "a number"
    if isinstance(x, str):
        return "text (a string)"
    return _KIND_NAMES.get(type(x).__name__, f"a {type(x).__name__}")


def _type_advice(answer: Any, expected: Any) -> str:
    """What to do when the answer is of another kind than expected ('' if no advice)."""
    import numpy as np
    import pandas as pd

    scalar = _is_number(expected) or isinstance(expected, str)
    if not scalar:
        return ""
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple)) and len(answer) == 1:
        return (f" You gave {_describe(answer)} holding one value: take the value itself, "
                "e.g. with `.iloc[0]` or `.item()`.")
    if isinstance(answer, pd.Series):
        return (" A Series is a whole row or column: pick the single value you need, "
                "e.g. `row[\"platform\"]` or `.loc[label, column]`.")
    if isinstance(answer, pd.DataFrame):
        return " A DataFrame is a whole table: select the single value you need with `.loc[row, column]`."
    if _is_number(expected) and isinstance(answer, str):
        return " Compute the number from the data rather than typing it as text."
    return ""


def same_answer(answer: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when ``answer`` matches ``expected`` (floats within tolerance,
    text ignoring case and surrounding spaces, pandas objects by value)."""
    import numpy as np
    import pandas as pd

    if isinstance(expected, (bool, np.bool_)):
        return isinstance(answer, (bool, np.bool_)) and bool(answer) == bool(expected)
    if isinstance(answer, (bool, np.bool_)):
        return False  # True is not the number 1 here
    if _is_number(expected):
        if not _is_number(answer):
            return False
        a, e = float(answer), float(expected)
        if math.isnan(e):
            return math.isnan(a)
        return math.isclose(a, e, rel_tol=rtol, abs_tol=atol)
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().casefold() == expected.strip().casefold()
    if isinstance(expected, (pd.Series, pd.DataFrame)):
        if type(answer) is not type(expected) or answer.shape != expected.shape:
            return False
        try:
            tester = (pd.testing.assert_series_equal if isinstance(expected, pd.Series)
                      else pd.testing.assert_frame_equal)
            tester(answer, expected, check_dtype=False, check_names=False,
                   check_exact=False, rtol=rtol, atol=atol)
        except AssertionError:
            return False
        return True
    if isinstance(expected, (set, frozenset)):
        try:
            return set(answer) == set(expected)
        except TypeError:
            return False
    if isinstance(expected, (list, tuple, np.ndarray)):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__"):
            return False
        if len(answer) != len(expected):
            return False
        return all(same_answer(a, e, rtol, atol) for a, e in zip(answer, expected))
    return answer == expected


# ---------------------------------------------------------------------------
# Results shown to the learner


_STYLE = {
    "correct": ("#e6f4ea", "#1e7e34"),
    "incorrect": ("#fdecea", "#b02a37"),
    "unanswered": ("#fff8e1", "#8a6d00"),
    "info": ("#eef3fb", "#1f4e8c"),
}


@dataclass(frozen=True)
class CheckResult:
    """What a check says: ``status`` is 'correct', 'incorrect' or 'unanswered'."""

    key: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        bg, fg = _STYLE.get(self.status, _STYLE["info"])
        return (f'<div style="background:{bg};color:{fg};padding:6px 10px;'
                f'border-radius:4px">{html.escape(self.message)}</div>')


@dataclass(frozen=True)
class _Note:
    """A hint or a solution, shown as text."""

    text: str
    code: bool = False

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        bg, fg = _STYLE["info"]
        body = html.escape(self.text)
        if self.code:
            body = f"<pre style='margin:0'>{body}</pre>"
        return f'<div style="background:{bg};color:{fg};padding:6px 10px;border-radius:4px">{body}</div>'


def _logged_params(context: dict[str, Any]) -> dict[str, Any]:
    """The notebook parameters among a check's context (SEED, MARKET, ...), for the log."""
    from .params import DOMAINS

    return {k: v for k, v in context.items()
            if k in DOMAINS and isinstance(v, (str, int, float, bool))}


def _record(result: CheckResult, notebook: str = "", params: dict[str, Any] | None = None) -> None:
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    line = json.dumps({"key": result.key, "status": result.status,
                       "passed": result.passed, "message": result.message,
                       "notebook": notebook, "params": params or {}},
                      ensure_ascii=False)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


_MISSING = object()


class Check:
    """An exercise bound to the learner's data (see :func:`exercise`)."""

    def __init__(self, ex: Exercise, context: dict[str, Any]):
        self.exercise = ex
        self.context = dict(context)
        self._expected: Any = _MISSING
        self._atol: float | None = None

    @property
    def expected(self) -> Any:
        """The expected answer, computed from the context on first use."""
        if self._expected is _MISSING:
            self._expected = self.exercise.solve(**self.context)
        return self._expected

    @property
    def atol(self) -> float:
        """The absolute tolerance: ``atol``, or ``tolerance(**context)`` when given."""
        if self._atol is None:
            ex = self.exercise
            extra = ex.tolerance(**self.context) if ex.tolerance is not None else 0.0
            if not (isinstance(extra, numbers.Real) and math.isfinite(extra) and extra >= 0):
                raise ValueError(f"exercise {ex.key!r}: tolerance() must give a finite number "
                                 f">= 0, got {extra!r}")
            self._atol = max(ex.atol, float(extra))
        return self._atol

    def _same(self, answer: Any, target: Any) -> bool:
        return same_answer(answer, target, self.exercise.rtol, self.atol)

    def evaluate(self, answer: Any, name: str | None = None) -> CheckResult:
        """Grade ``answer`` without recording it.

        ``name`` is what the learner calls this exercise (e.g. ``"q2"``), used to
        point at ``q2.hint()``.
        """
        ex = self.exercise
        ask = f"Run `{name}.hint()`" if name else "Call `.hint()` on this exercise"
        if answer is _MISSING or answer is None or answer is Ellipsis:
            return CheckResult(ex.key, "unanswered",
                               f"✏️ Not answered yet: assign your answer to `{ex.variable}` "
                               "in the exercise cell, run it, then run this cell again.")
        expected = self.expected
        if self._same(answer, expected):
            return CheckResult(ex.key, "correct", f"✅ Correct: {ex.question}")
        slips = [m.feedback for m in ex.mistakes
                 if not self._same(wrong := m.compute(**self.context), expected)
                 and same_answer(answer, wrong, ex.rtol, ex.atol)]
        if len(slips) == 1:
            return CheckResult(ex.key, "incorrect", f"❌ Not yet: {slips[0]}")
        if slips:  # for these data, two typical slips give the same wrong answer
            listed = " ".join(f"({i}) {text}" for i, text in enumerate(slips, 1))
            return CheckResult(ex.key, "incorrect",
                               f"❌ Not yet. This answer fits more than one typical slip: {listed}")
        if _describe(answer) != _describe(expected):
            return CheckResult(ex.key, "incorrect",
                               f"❌ Not yet: `{ex.variable}` should be {_describe(expected)}, "
                               f"but it is {_describe(answer)}.{_type_advice(answer, expected)}")
        if ex.tolerance is not None and _is_number(expected) and _is_number(answer):
            return CheckResult(ex.key, "incorrect",
                               f"❌ Not yet: `{ex.variable}` is {abs(float(answer) - float(expected)):.3g} "
                               f"away from the true value, more than the {self.atol:.3g} that "
                               f"the estimate's own uncertainty allows. {ask} for a nudge.")
        if (_is_number(expected) and _is_number(answer)
                and math.isclose(float(answer), float(expected), rel_tol=0.05)):
            return CheckResult(ex.key, "incorrect",
                               f"❌ Close, but not exact: `{ex.variable}` is within 5% of what the data "
                               "gives. Did you round it or type it in? Compute it from the data and "
                               "keep full precision.")
        return CheckResult(ex.key, "incorrect",
                           f"❌ Not yet: `{ex.variable}` is not what the data gives. {ask} for a nudge.")

    def check(self, *answer: Any) -> CheckResult:
        """Check the learner's answer.

        With no argument, reads the exercise's variable from the calling
        notebook; ``check(value)`` checks ``value`` instead.
        """
        if len(answer) > 1:
            raise TypeError("check() takes at most one answer")
        frame = sys._getframe(1)
        if answer:
            value = answer[0]
        else:
            value = frame.f_locals.get(self.exercise.variable,
                                       frame.f_globals.get(self.exercise.variable, _MISSING))
        name = next((k for k, v in frame.f_globals.items() if v is self and not k.startswith("_")), None)
        result = self.evaluate(value, name=name)
        _record(result, self.exercise.notebook, _logged_params(self.context))
        return result

    def hint(self) -> _Note:
        """A nudge towards the answer."""
        return _Note(f"💡 Hint: {self.exercise.hint}")

    def solution(self) -> _Note:
        """The reference solution code."""
        return _Note(self.exercise.solution.strip(), code=True)

    def __repr__(self) -> str:
        return f"Exercise {self.exercise.key}: {self.exercise.question}"


def exercise(key: str, **context: Any) -> Check:
    """Bind the exercise ``key`` to the learner's data and parameters.

    Raises ``ValueError`` for an unknown key (listing the known ones) or a
    context that does not match what the exercise needs.
    """
    exercises = all_exercises()
    if key not in exercises:
        raise ValueError(f"unknown exercise {key!r}; known: {', '.join(sorted(exercises))}")
    ex = exercises[key]
    import inspect

    wanted = set(inspect.signature(ex.solve).parameters)
    missing, extra = wanted - set(context), set(context) - wanted
    if missing or extra:
        raise ValueError(
            f"exercise {key!r} needs exactly: {', '.join(sorted(wanted))}"
            + (f"; missing: {', '.join(sorted(missing))}" if missing else "")
            + (f"; unexpected: {', '.join(sorted(extra))}" if extra else "")
        )
    return Check(ex, context)
