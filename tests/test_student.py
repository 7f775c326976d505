"""Student copies: solution regions replaced, refusal to overwrite, keep-existing."""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_lib.student import (PLACEHOLDER, StudentCopyError, make_student_copies,
                                strip_solutions, studentize)


def test_strip_solutions_keeps_code_around_and_indentation():
    src = "a = 1\nif a:\n    ### BEGIN SOLUTION\n    b = 2\n    c = 3\n    ### END SOLUTION\nprint(a)\n"
    assert strip_solutions(src) == (
        "a = 1\nif a:\n    # YOUR CODE HERE\n    " + PLACEHOLDER + "\nprint(a)\n")


def test_strip_solutions_handles_several_regions_and_markdown():
    src = "### BEGIN SOLUTION\nx = 1\n### END SOLUTION\ny = 2\n### BEGIN SOLUTION\nz = 3\n### END SOLUTION"
    out = strip_solutions(src)
    assert out.count("YOUR CODE HERE") == 2 and "x = 1" not in out and "z = 3" not in out
    assert "y = 2" in out
    assert strip_solutions("Why?\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION\n", markdown=True) \
        == "Why?\nYOUR ANSWER HERE\n"


def test_unbalanced_markers_are_an_error():
    with pytest.raises(StudentCopyError, match="unbalanced solution markers"):
        strip_solutions("### BEGIN SOLUTION\nx = 1\n")


def _notebook(path):
    cell = new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    cell.execution_count = 1
    nb = new_notebook(cells=[new_markdown_cell("# T"), cell])
    nbformat.write(nb, path)
    return path


def test_studentize_clears_outputs(tmp_path):
    nb = studentize(nbformat.read(_notebook(tmp_path / "a.ipynb"), 4))
    code = nb.cells[1]
    assert code.outputs == [] and code.execution_count is None
    assert "x = 1" not in code.source


def test_refuses_non_empty_folder_without_force(tmp_path):
    src = _notebook(tmp_path / "a.ipynb")
    out = tmp_path / "student"
    out.mkdir()
    (out / "a.ipynb").write_text("my work")
    with pytest.raises(StudentCopyError, match="refusing to write into non-empty folder"):
        make_student_copies([src], out)
    assert (out / "a.ipynb").read_text() == "my work"

    done = make_student_copies([src], out, keep_existing=True)
    assert [d.action for d in done] == ["kept"]
    assert (out / "a.ipynb").read_text() == "my work"

    done = make_student_copies([src], out, force=True)
    assert [d.action for d in done] == ["written"]
    assert "YOUR CODE HERE" in (out / "a.ipynb").read_text()


def test_keep_existing_adds_missing_copies(tmp_path):
    a, b = _notebook(tmp_path / "a.ipynb"), _notebook(tmp_path / "b.ipynb")
    out = tmp_path / "student"
    out.mkdir()
    (out / "a.ipynb").write_text("my work")
    done = make_student_copies([a, b], out, keep_existing=True)
    assert [(d.target.name, d.action) for d in done] == [("a.ipynb", "kept"), ("b.ipynb", "written")]


def test_never_writes_into_the_solution_notebooks(tmp_path):
    src = _notebook(tmp_path / "a.ipynb")
    with pytest.raises(StudentCopyError, match="refusing to write student copies into"):
        make_student_copies([src], tmp_path, protected=tmp_path, force=True)
    with pytest.raises(StudentCopyError, match="refusing"):
        make_student_copies([src], tmp_path / "sub", protected=tmp_path, force=True)
    assert not (tmp_path / "sub").exists()
