"""Every notebook runs with a second parameter set; solutions pass every check;
student copies stop only at the exercises."""
from __future__ import annotations

import pytest
from nbclient import NotebookClient

from course_lib import checks, runner
from course_lib import params as P
from course_lib.notebooks import read_notebook
from course_lib.student import studentize

from conftest import NOTEBOOKS, notebook_ids, read_log

pytestmark = pytest.mark.notebook


def _keys(notebook) -> set[str]:
    return {k for k, ex in checks.all_exercises().items() if ex.notebook == notebook.stem}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=notebook_ids(NOTEBOOKS))
def test_runs_with_other_parameters_and_solutions_pass(notebook, tmp_path):
    other = P.alternatives(list(P.declared_parameters(notebook)))
    log = tmp_path / "checks.jsonl"
    result = runner.execute(notebook, tmp_path, other, html=False, env={checks.LOG_ENV: str(log)})
    assert result.ok, f"{result.cell}: {result.error}"
    records = read_log(log)
    assert {r["key"] for r in records} == _keys(notebook), "every exercise of the notebook is checked"
    # every q.check() in the solution notebook passes (q.evaluate() demos are not recorded)
    assert all(r["passed"] for r in records), [r for r in records if not r["passed"]]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=notebook_ids(NOTEBOOKS))
def test_student_copy_stops_only_at_exercises(notebook, tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    nb = studentize(read_notebook(notebook))
    monkeypatch.setenv(checks.LOG_ENV, str(log))
    for key, value in runner.kernel_env().items():
        monkeypatch.setenv(key, value)
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errored, placeholders = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "# YOUR CODE HERE" in cell.source:
            placeholders.append(i)
        for err in errors:
            errored.append(i)
            assert err.ename == "NotImplementedError", f"cell {i}: {err.ename}: {err.evalue}"
        assert not any(o.output_type == "stream" and o.name == "stderr" for o in cell.outputs), \
            f"cell {i} wrote to stderr"
    assert placeholders and errored == placeholders, "only the exercise cells stop"
    records = read_log(log)
    assert {r["key"] for r in records} == _keys(notebook)
    assert {r["status"] for r in records} == {"unanswered"}, records
