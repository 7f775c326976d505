"""Notebook parameters: declared once, validated before and inside the kernel.

A notebook declares its parameters in the cell tagged ``parameters``, one
annotated assignment per line, with the help text as a trailing comment::

    SEED: int = 2024    # data seed: any whole number from 0 to 4294967295
    MARKET: str = "cn"  # "cn" (Weibo, Douyin, ...) or "global" (Instagram, TikTok, ...)

That cell is the single source of a parameter's name, type, default and
help: it is what papermill reads too (``papermill --help-notebook``). What
values are *allowed* is course-wide and lives here, in :data:`DOMAINS`, so
``SEED`` or ``MARKET`` mean the same in every notebook.

Two places validate:

* the ``course`` command, before any kernel starts
  (:func:`declared_parameters` + :func:`coerce_overrides`);
* the notebook, in the cell right after its parameters cell
  (:func:`validate`), because papermill itself only warns.

>>> validate(SEED=7, MARKET="global")
Parameters OK: SEED=7, MARKET='global'
>>> validate(MARKET="moon")
Traceback (most recent call last):
...
course_lib.params.ParameterError: parameter MARKET='moon' is not allowed; allowed: 'cn', 'global'
"""
from __future__ import annotations

import ast
import re
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .case_keys import FAILURE_MODES, RANDOM, STUDENT_ID, STUDENT_ID_RULE, SUCCESS_CASES
from .markets import MARKETS

__all__ = [
    "Declared",
    "Domain",
    "DOMAINS",
    "ParameterError",
    "alternatives",
    "coerce_overrides",
    "declared_parameters",
    "parse_parameters_cell",
    "render_parameters_cell",
    "validate",
    "validate_value",
]

_TYPE_WORDS = {int: "a whole number", float: "a number", str: "text", bool: "True or False"}


class ParameterError(ValueError):
    """A parameter is unknown, of the wrong type, or outside its allowed values."""


@dataclass(frozen=True)
class Domain:
    """What values a parameter may take, course-wide.

    Parameters
    ----------
    type : the Python type of the value (int, float, str or bool).
    help : one line for learners.
    choices : the allowed values, when the parameter is a choice.
    minimum, maximum : inclusive bounds for numbers.
    pattern, pattern_rule : for text, a regular expression the whole value must
        match, and the rule in words.
    alternative : a second valid value, used by the tests to run every
        notebook with another parameter set.
    """

    type: type
    help: str
    alternative: Any
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: re.Pattern[str] | None = None
    pattern_rule: str = ""

    def allowed(self) -> str:
        """Describe the allowed values in a few words."""
        if self.pattern is not None:
            return self.pattern_rule
        if self.choices is not None:
            return ", ".join(repr(c) for c in self.choices)
        word = _TYPE_WORDS.get(self.type, self.type.__name__)
        low, high = (_num(v) for v in (self.minimum, self.maximum))
        if low is not None and high is not None:
            return f"{word} from {low} to {high}"
        if low is not None:
            return f"{word} >= {low}"
        if high is not None:
            return f"{word} <= {high}"
        return word


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


#: Every parameter name any notebook may declare, with its allowed values.
DOMAINS: dict[str, Domain] = {
    "SEED": Domain(int, "seed of the simulated data", alternative=7,
                   minimum=0, maximum=2**32 - 1),
    "MARKET": Domain(str, "market: platform set and language of the data",
                     alternative="global", choices=tuple(MARKETS)),
    # chapter 5: the case notebooks
    "case": Domain(str, "success case of chapter 5", alternative="fmcg", choices=SUCCESS_CASES),
    "failure_mode": Domain(str, "failure to diagnose in 5.2 ('random': drawn from student_id, not shown)",
                           alternative="crisis_late", choices=(*FAILURE_MODES, RANDOM)),
    "student_id": Domain(str, "student id from the class roster (seeds a personal variant)",
                         alternative="s002", pattern=STUDENT_ID, pattern_rule=STUDENT_ID_RULE),
}


def _type_ok(value: Any, kind: type) -> bool:
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def did_you_mean(value: Any, options: Any) -> str:
    """``"; did you mean 'global'?"`` when ``value`` is close to one of ``options``, else ``""``."""
    text = str(value)
    by_case = [o for o in options if str(o).casefold() == text.casefold()]
    close = by_case or difflib.get_close_matches(text, [str(o) for o in options], n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def validate_value(name: str, value: Any) -> Any:
    """Check one parameter against :data:`DOMAINS`; return it or raise :class:`ParameterError`."""
    domain = DOMAINS.get(name)
    if domain is None:
        raise ParameterError(
            f"unknown parameter {name!r}; known parameters: {', '.join(sorted(DOMAINS))}"
            + did_you_mean(name, DOMAINS)
        )
    if not _type_ok(value, domain.type):
        raise ParameterError(
            f"parameter {name} must be {_TYPE_WORDS.get(domain.type, domain.type.__name__)}"
            f" ({domain.type.__name__}), got {value!r} ({type(value).__name__})"
        )
    outside = (
        (domain.pattern is not None and not domain.pattern.fullmatch(value))
        or (domain.choices is not None and value not in domain.choices)
        or (domain.minimum is not None and value < domain.minimum)
        or (domain.maximum is not None and value > domain.maximum)
    )
    if outside:
        raise ParameterError(
            f"parameter {name}={value!r} is not allowed; allowed: {domain.allowed()}"
            + (did_you_mean(value, domain.choices) if domain.choices else "")
        )
    return value


class _Validated(dict):
    """The validated parameters; shows as one line in a notebook."""

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.items())
        return f"Parameters OK: {shown}"


def validate(**values: Any) -> _Validated:
    """Validate a notebook's parameters (call right after the parameters cell).

    Raises :class:`ParameterError` naming the first bad parameter and what
    is allowed; returns the values, which display as one confirming line.
    """
    if not values:
        raise ParameterError("validate() needs the notebook's parameters, e.g. validate(SEED=SEED)")
    return _Validated({name: validate_value(name, value) for name, value in values.items()})


def alternatives(names: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """A second valid value for each named parameter (for test runs)."""
    return {name: DOMAINS[name].alternative for name in names}


# ---------------------------------------------------------------------------
# Reading the declaration from a notebook (no kernel needed)


@dataclass(frozen=True)
class Declared:
    """One parameter as declared in a notebook's parameters cell."""

    name: str
    type: type
    default: Any
    help: str


_ANNOTATIONS = {"int": int, "float": float, "str": str, "bool": bool}


def parse_parameters_cell(source: str, where: str = "parameters cell") -> dict[str, Declared]:
    """Parse a parameters cell: only ``NAME: type = literal  # help`` lines are allowed.

    Raises :class:`ParameterError` for anything else (a plain assignment,
    an unknown annotation, a computed default, a missing help comment).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{where}: not valid Python ({exc.msg}, line {exc.lineno})") from None
    lines = source.splitlines()
    found: dict[str, Declared] = {}
    for node in tree.body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and node.value is not None):
            raise ParameterError(
                f"{where}, line {node.lineno}: only annotated defaults like "
                "'SEED: int = 2024  # help' are allowed"
            )
        name = node.target.id
        kind = _ANNOTATIONS.get(ast.unparse(node.annotation))
        if kind is None:
            raise ParameterError(
                f"{where}: {name} is annotated {ast.unparse(node.annotation)!r}; "
                f"allowed annotations: {', '.join(_ANNOTATIONS)}"
            )
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise ParameterError(f"{where}: the default of {name} must be a literal value") from None
        line = lines[node.lineno - 1]
        help_text = line.split("#", 1)[1].strip() if "#" in line else ""
        if not help_text:
            raise ParameterError(f"{where}: {name} needs a help comment ('# what it does')")
        found[name] = Declared(name, kind, default, help_text)
    return found


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def declared_parameters(notebook: str | Path) -> dict[str, Declared]:
    """The parameters a notebook declares in its ``parameters``-tagged cell."""
    path = Path(notebook)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParameterError(f"cannot read notebook {path}: {exc}") from None
    cells = [c for c in nb.get("cells", [])
             if c.get("cell_type") == "code"
             and "parameters" in (c.get("metadata", {}).get("tags") or [])]
    if len(cells) != 1:
        raise ParameterError(
            f"{path.name}: needs exactly one cell tagged 'parameters', found {len(cells)}"
        )
    return parse_parameters_cell(_source(cells[0]), where=f"{path.name} parameters cell")


def render_parameters_cell(declared: dict[str, Declared], values: dict[str, Any]) -> str:
    """The source of a parameters cell declaring ``declared`` with new ``values``.

    Names, types and help comments are kept; each value is validated.
    Used by ``course cases`` so a student sees their own parameters where
    the notebook declares them (papermill would add a second cell instead).

    >>> decl = parse_parameters_cell('SEED: int = 2024  # data seed\\nMARKET: str = "cn"  # market')
    >>> print(render_parameters_cell(decl, {"SEED": 7}))
    SEED: int = 7  # data seed
    MARKET: str = "cn"  # market
    """
    unknown = set(values) - set(declared)
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(sorted(unknown))}; "
                             f"declared: {', '.join(declared) or 'none'}")
    lines = []
    for name, d in declared.items():
        value = validate_value(name, values[name]) if name in values else d.default
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
        lines.append(f"{name}: {d.type.__name__} = {shown}  # {d.help}")
    return "\n".join(lines)


def _coerce(name: str, raw: str, kind: type) -> Any:
    text = raw.strip()
    try:
        if kind is bool:
            lowered = text.lower()
            if lowered not in {"true", "false", "1", "0"}:
                raise ValueError
            return lowered in {"true", "1"}
        if kind is int:
            return int(text)
        if kind is float:
            return float(text)
    except ValueError:
        raise ParameterError(
            f"parameter {name} must be {_TYPE_WORDS[kind]} ({kind.__name__}), got {raw!r}"
        ) from None
    return raw


def coerce_overrides(
    declared: dict[str, Declared], overrides: dict[str, str], notebook: str = "notebook"
) -> dict[str, Any]:
    """Turn ``-p NAME VALUE`` strings into typed, validated values for one notebook.

    Raises :class:`ParameterError` for a name the notebook does not declare
    (listing the ones it does), a value that does not parse as the declared
    type, or a value outside the allowed set.
    """
    typed: dict[str, Any] = {}
    for name, raw in overrides.items():
        if name not in declared:
            allowed = ", ".join(declared) or "none"
            raise ParameterError(f"unknown parameter {name!r} for {notebook}; allowed: {allowed}"
                                 + did_you_mean(name, declared))
        value = raw if not isinstance(raw, str) else _coerce(name, raw, declared[name].type)
        typed[name] = validate_value(name, value)
    return typed
