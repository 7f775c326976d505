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


#: parameters whose every value is a different case: each notebook runs with each value
CASE_PARAMETERS = ("case", "failure_mode")


def _case_runs() -> list[tuple]:
    """(notebook, name, value) for every case value not already run by the alternative set."""
    runs = []
    for nb in NOTEBOOKS:
        decl = P.declared_parameters(nb)
        for name in CASE_PARAMETERS:
            if name in decl:
                done = {decl[name].default, P.DOMAINS[name].alternative}
                runs += [pytest.param(nb, name, v, id=f"{nb.stem}-{v}")
                         for v in P.DOMAINS[name].choices if v not in done]
    return runs


@pytest.mark.parametrize(("notebook", "name", "value"), _case_runs())
def test_case_notebooks_run_with_every_case(notebook, name, value, tmp_path):
    log = tmp_path / "checks.jsonl"
    result = runner.execute(notebook, tmp_path, {name: value}, html=False, env={checks.LOG_ENV: str(log)})
    assert result.ok, f"{name}={value}: {result.cell}: {result.error}"
    records = read_log(log)
    assert {r["key"] for r in records} == _keys(notebook)
    assert all(r["passed"] for r in records), [r for r in records if not r["passed"]]
    assert {r["params"].get(name) for r in records} == {value}, "the checks were bound to the case run"


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
