"""Per-student case variants and their answer key (``course cases``).

From a class roster, :func:`make_variants` writes for every student and
every chosen notebook:

* ``OUT/instructor/<student_id>/<notebook>.ipynb`` -- the notebook with the
  student's parameters in its parameters cell, solutions in, executed (so
  the instructor can read the reference answers of that variant);
* ``OUT/student/<student_id>/<notebook>.ipynb`` -- the copy to hand out:
  same parameters, solutions replaced by ``# YOUR CODE HERE``, no outputs;
* ``OUT/answer_key.csv`` -- one row per student and notebook: id, name,
  parameters, the hidden failure mode, and the value every check expects.

Parameters come from the student id, stably (SHA-256, see
:mod:`course_lib.cases`), so running the command again gives the same
variants: ``SEED`` from :func:`~course_lib.cases.seed_for`, ``case`` from
:func:`~course_lib.cases.case_for`, ``failure_mode`` is ``"random"`` (the
mode is drawn from the id and written only to the answer key),
``student_id`` is the id, ``MARKET`` is the instructor's choice.

Each notebook copy records ``metadata.course`` (student id, notebook,
parameters) so ``course grade`` can match a submission to its row of the
key even when the file was renamed.

>>> from course_lib.params import parse_parameters_cell
>>> decl = parse_parameters_cell('SEED: int = 2024  # s\\nfailure_mode: str = "random"  # m\\nstudent_id: str = "demo"  # i')
>>> variant_parameters(decl, "s001")
{'SEED': 879282809, 'failure_mode': 'random', 'student_id': 's001'}
"""
from __future__ import annotations

import csv
import io
import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import nbformat

from . import cases
from . import params as P
from .case_keys import RANDOM
from .notebooks import check_output_folder, read_notebook, write_notebook

__all__ = [
    "CasesError",
    "KEY_FILE",
    "Variant",
    "answer_key_rows",
    "exercises_of",
    "expected_answers",
    "make_variants",
    "plain",
    "variant_notebook",
    "variant_parameters",
    "write_csv",
]

KEY_FILE = "answer_key.csv"
#: the metadata entry every variant carries (read by ``course grade``)
META = "course"


class CasesError(ValueError):
    """``course cases`` cannot write where or what it was asked to."""


def variant_parameters(declared: dict[str, P.Declared], student_id: str, market: str = "cn") -> dict[str, Any]:
    """One student's parameters for a notebook declaring ``declared``.

    Only the parameters the notebook declares are set; others it declares
    keep their defaults.
    """
    derived = {
        "SEED": lambda: cases.seed_for(student_id),
        "MARKET": lambda: P.validate_value("MARKET", market),
        "student_id": lambda: P.validate_value("student_id", student_id),
        "failure_mode": lambda: RANDOM,
        "case": lambda: cases.case_for(student_id),
    }
    return {name: derived[name]() if name in derived else d.default for name, d in declared.items()}


def variant_notebook(nb: nbformat.NotebookNode, declared: dict[str, P.Declared], values: dict[str, Any],
                     *, student_id: str, notebook: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose parameters cell declares ``values`` (outputs kept as they are)."""
    nb = nbformat.from_dict(nb)  # deep copy
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise CasesError(f"{notebook}: needs exactly one cell tagged 'parameters', found {len(cells)}")
    cells[0].source = P.render_parameters_cell(declared, values)
    nb.metadata[META] = {"student_id": student_id, "notebook": notebook, "params": dict(values)}
    return nb


def plain(value: Any) -> Any:
    """``value`` as JSON-ready Python (numpy scalars, tuples, Series and frames included).

    >>> import numpy as np
    >>> plain((np.int64(2), np.float64(0.5)))
    [2, 0.5]
    """
    import numpy as np
    import pandas as pd

    if isinstance(value, (np.generic,)):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, pd.Series):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, pd.DataFrame):
        return {str(k): plain(v) for k, v in value.to_dict(orient="index").items()}
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def exercises_of(notebook: str) -> dict[str, Any]:
    """The exercises a notebook uses (key -> :class:`~course_lib.checks.Exercise`), in key order."""
    from .checks import all_exercises

    return {k: ex for k, ex in sorted(all_exercises().items()) if ex.notebook == notebook}


def expected_answers(notebook: str, values: dict[str, Any]) -> dict[str, Any]:
    """What each check of ``notebook`` expects for parameters ``values`` (computed, never stored)."""
    from .checks import Check

    found = {}
    for key, ex in exercises_of(notebook).items():
        if ex.context is None:
            raise CasesError(f"exercise {key!r} has no context(), so its answer cannot be computed")
        found[key] = Check(ex, ex.context(**values)).expected
    return found


@dataclass(frozen=True)
class Variant:
    """One student's copy of one notebook."""

    student_id: str
    name: str
    notebook: str
    params: dict[str, Any]
    hidden_failure_mode: str
    expected: dict[str, Any] = field(default_factory=dict)


def answer_key_rows(variants: list[Variant]) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of the answer key CSV (parameters and expected values as JSON)."""
    param_cols = list(dict.fromkeys(n for v in variants for n in v.params))
    check_cols = list(dict.fromkeys(f"expected:{k}" for v in variants for k in v.expected))
    header = ["student_id", "name", "notebook", "hidden_failure_mode", "params", *param_cols, *check_cols]
    rows = []
    for v in variants:
        row = {"student_id": v.student_id, "name": v.name, "notebook": v.notebook,
               "hidden_failure_mode": v.hidden_failure_mode,
               "params": json.dumps(v.params, ensure_ascii=False, sort_keys=True)}
        row.update({n: str(v.params.get(n, "")) for n in param_cols})
        row.update({f"expected:{k}": json.dumps(plain(x), ensure_ascii=False) for k, x in v.expected.items()})
        rows.append(row)
    return header, rows


def write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` under ``header`` as UTF-8 CSV with ``\\n`` line ends (missing keys left empty)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


def _check_out(out: Path, force: bool, protected: Path | None) -> None:
    if check_output_folder(out, what="case variants", protected=protected, error=CasesError) and not force:
        raise CasesError(f"refusing to write into non-empty folder {out} (it may hold earlier variants or "
                         "an answer key): use --force to overwrite them, or another --out")


@dataclass
class CasesResult:
    """What :func:`make_variants` wrote, and how long it took."""

    variants: list[Variant]
    key: Path
    runs: list = field(default_factory=list)  # runner.RunResult per executed instructor copy
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.runs)


def make_variants(
    roster: str | Path,
    notebooks: list[Path],
    out: str | Path,
    *,
    market: str = "cn",
    jobs: int = 1,
    force: bool = False,
    execute: bool = True,
    timeout: int = 600,
    protected: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> CasesResult:
    """Write every student's variant of every notebook, the student copies and the answer key.

    Everything is checked (roster, parameters, output folder) and every
    notebook is built in memory before the first file is written.
    """
    from .roster import read_roster
    from .runner import run_all
    from .student import studentize

    say = progress or (lambda _m: None)
    start = time.perf_counter()
    out = Path(out)
    P.validate_value("MARKET", market)
    if jobs < 1:
        raise CasesError(f"--jobs must be at least 1, got {jobs}")
    students = read_roster(roster)
    _check_out(out, force, protected)
    if not notebooks:
        raise CasesError("no notebook chosen")
    built: list[tuple[Variant, nbformat.NotebookNode, nbformat.NotebookNode]] = []
    for path in notebooks:
        declared = P.declared_parameters(path)
        if not {"SEED", "student_id"} & set(declared):
            raise CasesError(f"{path.stem} declares neither SEED nor student_id, so every student would get "
                             "the same notebook; choose a case notebook")
        source = read_notebook(path)
        for sid, name in zip(students["student_id"], students["name"]):
            values = variant_parameters(declared, sid, market)
            hidden = (cases.resolve_failure_mode(values["failure_mode"], sid)
                      if "failure_mode" in values else "")
            expected = expected_answers(path.stem, values)
            nb = variant_notebook(source, declared, values, student_id=sid, notebook=path.stem)
            built.append((Variant(sid, name, path.stem, values, hidden, expected), nb, studentize(nb)))
    say(f"Built {len(built)} variant(s) for {len(students)} student(s) and {len(notebooks)} notebook(s)")
    teacher_paths = []
    for v, nb, student_nb in built:
        teacher = out / "instructor" / v.student_id / f"{v.notebook}.ipynb"
        mine = out / "student" / v.student_id / f"{v.notebook}.ipynb"
        for dest, content in ((teacher, nb), (mine, student_nb)):
            dest.parent.mkdir(parents=True, exist_ok=True)
            write_notebook(content, dest)
        teacher_paths.append(teacher)
    key = out / KEY_FILE
    write_csv(key, *answer_key_rows([v for v, _, _ in built]))
    say(f"Wrote {len(built)} student copies, {len(built)} instructor copies and {key}")
    runs = []
    if execute:
        say(f"Executing the instructor copies with {min(jobs, len(built))} parallel kernel(s)")
        runs = run_all([(p, {}, p.parent) for p in teacher_paths], out, workers=jobs,
                       html=False, timeout=timeout, progress=say)
    return CasesResult([v for v, _, _ in built], key, runs, round(time.perf_counter() - start, 1))
