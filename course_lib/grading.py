"""Grade collected notebooks against an answer key (``course grade``).

For every file in the submissions folder, :func:`grade`

1. identifies the student and the notebook (the ``metadata.course`` entry
   written by ``course cases``; otherwise a folder or file name that is a
   student id of the key, and a file name that is a notebook of the key);
2. copies the submission into a temporary folder (the submitted file is
   never modified), resets the parameters cell to the key's parameters (a
   student cannot pick an easier variant), clears outputs and appends one
   cell that prints the answer variables as JSON;
3. executes that copy in its own kernel, in a separate process, with a
   per-cell timeout (a looping cell is interrupted and the rest still runs)
   and a per-notebook timeout (the process and its kernel are killed);
4. grades each answer **in the grader's process**: the expected answer is
   computed from the key's parameters with the exercise's own ``context``
   and ``solve`` (the kernel's check messages and log are not trusted).

Results: ``grades.csv`` (one row per student, notebook and check: passed,
status, message) and ``totals.csv`` (one row per student and notebook:
submission status, checks passed, total, score, seconds, note). A file that
is not a notebook, does not parse, times out or lost its exercise cells is
recorded as such, and the batch goes on. Students of the key without a
submission get ``missing``.

Grading runs the submitted code on the grader's machine with the grader's
rights, as nbgrader does. See ``docs/instructors.md`` for running it inside
a container.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import params as P
from .case_variants import META, exercises_of, plain, write_csv

__all__ = ["GradeError", "KeyRow", "grade", "read_key", "GRADES_FILE", "TOTALS_FILE"]

GRADES_FILE = "grades.csv"
TOTALS_FILE = "totals.csv"
_MARKER = "COURSE-GRADER-ANSWERS:"
_REQUIRED = ("student_id", "name", "notebook", "params")


class GradeError(ValueError):
    """The key or the folders cannot be used (the message says what is wrong)."""


@dataclass(frozen=True)
class KeyRow:
    """One student and notebook of the answer key."""

    student_id: str
    name: str
    notebook: str
    params: dict[str, Any]
    expected: dict[str, Any]  # the key's recorded expected values, for a consistency note


def read_key(path: str | Path) -> list[KeyRow]:
    """Read an answer key written by ``course cases``; every problem is named with its line."""
    path = Path(path)
    if not path.is_file():
        raise GradeError(f"answer key not found: {path}")
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise GradeError(f"{path}: not an answer key of 'course cases' (missing column(s): {', '.join(missing)})")
    rows, problems, seen = [], [], {}
    for line, rec in enumerate(reader, start=2):
        sid, nb = (rec.get("student_id") or "").strip(), (rec.get("notebook") or "").strip()
        try:
            params = json.loads(rec.get("params") or "")
            if not isinstance(params, dict):
                raise ValueError("not an object")
            for name, value in params.items():
                P.validate_value(name, value)
        except (ValueError, P.ParameterError) as exc:
            problems.append(f"line {line}: bad params ({exc})")
            continue
        if not sid or not nb:
            problems.append(f"line {line}: empty student_id or notebook")
            continue
        if (sid, nb) in seen:
            problems.append(f"line {line}: {sid} / {nb} repeats line {seen[sid, nb]}")
            continue
        seen[sid, nb] = line
        expected = {}
        for col, raw in rec.items():
            if col and col.startswith("expected:") and raw:
                try:
                    expected[col.split(":", 1)[1]] = json.loads(raw)
                except ValueError:
                    problems.append(f"line {line}: column {col} is not JSON")
        rows.append(KeyRow(sid, (rec.get("name") or "").strip(), nb, params, expected))
    if problems:
        raise GradeError(f"{path}: " + "; ".join(problems[:10])
                         + (f"; and {len(problems) - 10} more" if len(problems) > 10 else ""))
    if not rows:
        raise GradeError(f"{path}: the answer key has no students")
    return rows


# ------------------------------------------------------------------ matching submissions
@dataclass
class Submission:
    path: Path
    student_id: str | None = None
    notebook: str | None = None
    problem: str | None = None  # set when the file cannot be graded at all
    nb: dict | None = None


def _classify(path: Path, key: list[KeyRow]) -> Submission:
    ids = {r.student_id.casefold(): r.student_id for r in key}
    notebooks = {r.notebook for r in key}
    sub = Submission(path)
    if path.suffix != ".ipynb":
        sub.problem = f"is not a notebook ({path.suffix or 'no extension'})"
    else:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
                raise ValueError("no list of cells")
            sub.nb = nb
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            sub.problem = f"does not parse as a notebook ({str(exc)[:80]})"
    meta = (sub.nb or {}).get("metadata", {}).get(META, {}) if sub.nb else {}
    if isinstance(meta, dict):
        sub.student_id = ids.get(str(meta.get("student_id", "")).casefold())
        sub.notebook = meta.get("notebook") if meta.get("notebook") in notebooks else None
    if sub.student_id is None:  # a folder called like the id, or a file name starting with it
        for part in [*path.parent.parts[::-1], path.stem]:
            hit = ids.get(part.casefold()) or next(
                (v for k, v in ids.items() if part.casefold().startswith(k + "_") or part.casefold().startswith(k + "-")),
                None)
            if hit:
                sub.student_id = hit
                break
    if sub.notebook is None:
        sub.notebook = next((n for n in sorted(notebooks, key=len, reverse=True) if n in path.stem), None)
        if sub.notebook is None and len(notebooks) == 1:
            sub.notebook = next(iter(notebooks))
    return sub


# ------------------------------------------------------------------ the child process
_EXTRACT = '''
def __course_grader_dump(names):
    import json, math
    def plain(v, depth=0):
        if depth > 3:
            raise TypeError("nested too deeply")
        if hasattr(v, "item") and getattr(v, "ndim", None) == 0:
            v = v.item()
        if v is None or isinstance(v, (bool, int, str)):
            return {"v": v}
        if isinstance(v, float):
            return {"v": v} if math.isfinite(v) else {"float": repr(v)}
        if isinstance(v, (list, tuple)) and len(v) <= 10000:
            return {"list": [plain(x, depth + 1) for x in v]}
        if type(v).__name__ == "Series" and len(v) <= 10000:
            return {"series": [[str(k), plain(x, depth + 1)] for k, x in v.items()]}
        return {"unsupported": type(v).__name__}
    out = {}
    for name in names:
        if name not in globals():
            out[name] = {"missing": True}
            continue
        try:
            out[name] = plain(globals()[name])
        except Exception as exc:
            out[name] = {"unsupported": type(exc).__name__}
    print(MARKER + json.dumps(out))
__course_grader_dump(NAMES)
'''


def _unplain(node: dict) -> Any:
    import pandas as pd

    if "v" in node:
        return node["v"]
    if "float" in node:
        return float(node["float"])
    if "list" in node:
        return [_unplain(x) for x in node["list"]]
    if "series" in node:
        return pd.Series({k: _unplain(x) for k, x in node["series"]})
    raise KeyError


def _run_child(job: dict) -> dict:
    """Execute one prepared copy (runs in its own process; prints one JSON line)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    from .runner import KERNEL_ARGS

    nb = nbformat.reads(Path(job["copy"]).read_text(encoding="utf-8"), as_version=4)
    client = NotebookClient(nb, timeout=job["cell_timeout"], kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, extra_arguments=KERNEL_ARGS,
                            resources={"metadata": {"path": job["workdir"]}})
    status = "ran"
    try:
        client.execute()
    except DeadKernelError:
        status = "kernel died"
    except Exception as exc:  # the kernel could not start, or nbclient gave up
        status = f"could not run ({type(exc).__name__}: {str(exc)[:80]})"
    errors = [f"{o.get('ename')}" for c in nb.cells[:-1] if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    answers = None
    for out in nb.cells[-1].get("outputs", []):
        if out.get("output_type") == "stream" and _MARKER in out.get("text", ""):
            answers = json.loads(out["text"].split(_MARKER, 1)[1].strip().splitlines()[0])
    return {"status": status, "errors": errors, "answers": answers}


def _prepare(sub: Submission, row: KeyRow, workdir: Path, variables: list[str]) -> tuple[Path, list[str]]:
    """Write the temporary copy to execute; return it and notes about the submission."""
    import nbformat

    notes = []
    nb = nbformat.from_dict(sub.nb)
    nb.nbformat, nb.nbformat_minor = 4, max(int(nb.get("nbformat_minor", 5) or 5), 5)
    code = [c for c in nb.cells if c.get("cell_type") == "code"]
    for cell in code:
        cell["outputs"], cell["execution_count"] = [], None
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    tagged = [c for c in code if "parameters" in (c.get("metadata", {}).get("tags") or [])]
    lines = "\n".join(f"{k} = {v!r}" for k, v in row.params.items())
    if tagged:
        tagged[0]["source"] = lines
    else:
        notes.append("parameters cell missing (the key's parameters were put first)")
        nb.cells.insert(0, nbformat.v4.new_code_cell(lines, metadata={"tags": ["parameters"]}))
    nb.cells.append(nbformat.v4.new_code_cell(
        _EXTRACT.replace("MARKER", repr(_MARKER)).replace("NAMES", repr(variables))))
    for cell in nb.cells:
        cell.pop("id", None)
    nb.nbformat_minor = 4  # no cell ids needed (some submissions have none or duplicates)
    copy = workdir / "submission.ipynb"
    copy.write_text(nbformat.writes(nb), encoding="utf-8")
    return copy, notes


def _deleted_exercise_cells(sub: Submission, variables: list[str]) -> list[str]:
    """Answer variables that no code cell of the submission assigns any more."""
    import re

    code = "\n".join("".join(c["source"]) if isinstance(c.get("source"), list) else str(c.get("source", ""))
                     for c in sub.nb.get("cells", []) if isinstance(c, dict) and c.get("cell_type") == "code")
    return [v for v in variables if not re.search(rf"(^|[\s,(]){re.escape(v)}\s*(=|,)", code, re.M)]


def _execute(copy: Path, workdir: Path, cell_timeout: int, timeout: int) -> dict:
    from .runner import kernel_env

    job = workdir / "job.json"
    job.write_text(json.dumps({"copy": str(copy), "workdir": str(workdir), "cell_timeout": cell_timeout}),
                   encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "course_lib.grading", "--child", str(job)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=workdir,
                            env=kernel_env({"COURSE_CHECK_LOG": str(workdir / "kernel_checks.jsonl")}),
                            start_new_session=True, text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the kernel exits with its parent (it polls for it)
        proc.communicate()
        return {"status": f"timed out after {timeout} s", "errors": [], "answers": None}
    last = out.strip().splitlines()[-1] if out.strip() else ""
    try:
        return json.loads(last)
    except ValueError:
        return {"status": f"grader process failed ({(err.strip().splitlines() or ['no message'])[-1][:120]})",
                "errors": [], "answers": None}


# ------------------------------------------------------------------ grading
@dataclass
class Outcome:
    """The grade of one student's notebook."""

    row: KeyRow
    submission: str = ""
    status: str = "missing"
    checks: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(c["passed"] for c in self.checks)


def _no_icon(message: str) -> str:
    """A check message without its leading emoji (the CSV has a status column)."""
    head, _, rest = message.partition(" ")
    return rest if rest and not head.isascii() else message


def _grade_answers(row: KeyRow, answers: dict | None, reason: str) -> list[dict]:
    from .checks import _MISSING, Check

    results = []
    for key, ex in exercises_of(row.notebook).items():
        if answers is None:
            results.append({"check": key, "passed": False, "status": "not graded", "message": reason})
            continue
        node = answers.get(ex.variable, {"missing": True})
        if node.get("missing"):
            answer = _MISSING
        elif "unsupported" in node:
            results.append({"check": key, "passed": False, "status": "incorrect",
                            "message": f"`{ex.variable}` is a {node['unsupported']}, which the grader cannot read; "
                                       "give a number, text, True/False, a list or a Series"})
            continue
        else:
            answer = _unplain(node)
        check = Check(ex, ex.context(**row.params))
        res = check.evaluate(answer)
        message = res.message
        if key in row.expected and json.dumps(plain(check.expected)) != json.dumps(row.expected[key]):
            message += " [note: the answer key recorded another expected value; was course_lib updated?]"
        results.append({"check": key, "passed": res.passed, "status": res.status, "message": _no_icon(message)})
    return results


def _grade_one(sub: Submission | None, row: KeyRow, cell_timeout: int, timeout: int) -> Outcome:
    outcome = Outcome(row)
    if sub is None:
        outcome.checks = _grade_answers(row, None, "no submission")
        return outcome
    outcome.submission = str(sub.path)
    start = time.perf_counter()
    variables = [ex.variable for ex in exercises_of(row.notebook).values()]
    if sub.problem:
        outcome.status = sub.problem
        outcome.checks = _grade_answers(row, None, f"submission {sub.problem}")
        return outcome
    workdir = Path(tempfile.mkdtemp(prefix="course-grade-"))
    try:
        try:
            copy, outcome.notes = _prepare(sub, row, workdir, variables)
        except Exception as exc:  # a notebook structure nbformat cannot take
            outcome.status = f"does not parse as a notebook ({type(exc).__name__})"
            outcome.checks = _grade_answers(row, None, f"submission {outcome.status}")
            return outcome
        gone = _deleted_exercise_cells(sub, variables)
        if gone:
            outcome.notes.append(f"exercise cells deleted: no assignment to {', '.join(gone)}")
        result = _execute(copy, workdir, cell_timeout, timeout)
        outcome.status = "graded" if result["status"] == "ran" else result["status"]
        if result["status"] == "ran" and result["answers"] is None:
            outcome.status = "answers could not be read"
        stopped = result["errors"].count("KeyboardInterrupt")
        if stopped:
            outcome.notes.append(f"{stopped} cell(s) interrupted after the {cell_timeout} s cell timeout")
        others = [e for e in result["errors"] if e != "KeyboardInterrupt"]
        if others:
            outcome.notes.append(f"{len(others)} cell(s) raised an error ({', '.join(sorted(set(others)))})")
        outcome.checks = _grade_answers(row, result["answers"], f"submission {outcome.status}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        outcome.seconds = round(time.perf_counter() - start, 1)
    return outcome


@dataclass
class GradeReport:
    """What :func:`grade` found and wrote."""

    outcomes: list[Outcome]
    unmatched: list[Submission]
    grades: Path
    totals: Path
    seconds: float


def grade(
    submissions: str | Path,
    key: str | Path,
    out: str | Path,
    *,
    jobs: int = 1,
    timeout: int = 300,
    cell_timeout: int = 60,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> GradeReport:
    """Grade every submission in ``submissions`` against ``key``; write grades and totals to ``out``."""
    say = progress or (lambda _m: None)
    start = time.perf_counter()
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise GradeError(f"submissions folder not found: {submissions}")
    for name, value in (("--jobs", jobs), ("--timeout", timeout), ("--cell-timeout", cell_timeout)):
        if value < 1:
            raise GradeError(f"{name} must be at least 1, got {value}")
    rows = read_key(key)
    if out.exists() and not out.is_dir():
        raise GradeError(f"--out {out} exists and is not a folder")
    if any((out / f).exists() for f in (GRADES_FILE, TOTALS_FILE)) and not force:
        raise GradeError(f"refusing to overwrite the grades in {out}: use --force, or another --out")
    sub_root = submissions.resolve()
    if out.resolve() == sub_root or sub_root in out.resolve().parents:
        raise GradeError("--out must not be inside the submissions folder (submitted files are never touched)")
    files = sorted(p for p in submissions.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(submissions).parts))
    by_row: dict[tuple[str, str], Submission] = {}
    unmatched: list[Submission] = []
    for path in files:
        sub = _classify(path, rows)
        slot = (sub.student_id, sub.notebook)
        if sub.student_id is None or sub.notebook is None:
            sub.problem = sub.problem or "cannot be matched to a student and notebook of the key"
            unmatched.append(sub)
        elif slot in by_row:
            first = by_row[slot]
            if first.problem and not sub.problem:  # grade the one that can be graded
                by_row[slot], first, sub = sub, sub, first
            own = f"; it {sub.problem}" if sub.problem else ""
            sub.problem = (f"second submission for {slot[0]} / {slot[1]} (graded: {first.path.name}){own}")
            unmatched.append(sub)
        else:
            by_row[slot] = sub
    say(f"Grading {len(by_row)} submission(s) for {len(rows)} key row(s) with {jobs} parallel kernel(s); "
        f"{len(unmatched)} file(s) not matched")

    def work(row: KeyRow) -> Outcome:
        res = _grade_one(by_row.get((row.student_id, row.notebook)), row, cell_timeout, timeout)
        say(f"  {row.student_id:<12} {row.notebook:<30} {res.status:<22} {res.passed}/{len(res.checks)}"
            f"  {res.seconds:5.1f} s")
        return res

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        outcomes = list(pool.map(work, rows))
    out.mkdir(parents=True, exist_ok=True)
    grade_rows = [{"student_id": o.row.student_id, "notebook": o.row.notebook, **c}
                  for o in outcomes for c in o.checks]
    write_csv(out / GRADES_FILE, ["student_id", "notebook", "check", "passed", "status", "message"], grade_rows)
    total_rows = [{"student_id": o.row.student_id, "name": o.row.name, "notebook": o.row.notebook,
                   "status": o.status, "passed": o.passed, "total": len(o.checks),
                   "score": round(o.passed / len(o.checks), 3) if o.checks else 0.0,
                   "seconds": o.seconds, "submission": o.submission, "notes": "; ".join(o.notes)}
                  for o in outcomes]
    total_rows += [{"student_id": s.student_id or "", "name": "", "notebook": s.notebook or "",
                    "status": f"not graded: {s.problem}", "passed": 0, "total": 0, "score": "",
                    "seconds": 0.0, "submission": str(s.path), "notes": ""} for s in unmatched]
    write_csv(out / TOTALS_FILE, ["student_id", "name", "notebook", "status", "passed", "total", "score",
                                   "seconds", "submission", "notes"], total_rows)
    return GradeReport(outcomes, unmatched, out / GRADES_FILE, out / TOTALS_FILE,
                       round(time.perf_counter() - start, 1))


def _child_main(argv: list[str]) -> int:
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    print(json.dumps(_run_child(job)))
    return 0


if __name__ == "__main__":  # pragma: no cover - the grader's child process
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.exit(_child_main(sys.argv[2:]))
    sys.exit("usage: python -m course_lib.grading --child JOB.json (used by 'course grade')")
