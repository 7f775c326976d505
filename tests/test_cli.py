"""The `course` command: clear one-line errors, nothing written on bad input, summaries."""
from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from conftest import ROOT


def course(*args, cwd=None, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "course_lib.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd or ROOT, timeout=600,
                          env={**os.environ, **(env or {})})


def tiny_notebook(path, body="x = SEED + 1\nprint(x)"):
    params = new_code_cell("SEED: int = 1  # seed")
    params.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[params, new_code_cell(body)]), path)
    return path


@pytest.mark.parametrize("args, message", [
    (["run", "nope.ipynb"], "notebook not found: nope.ipynb (course notebooks: 00_start_here"),
    (["run", "00_start_here", "-p", "SEDD", "1"], "unknown parameter 'SEDD' for 00_start_here; allowed: MARKET, SEED"),
    (["run", "00_start_here", "-p", "SEED", "abc"], "parameter SEED must be a whole number (int), got 'abc'"),
    (["run", "00_start_here", "-p", "MARKET", "moon"], "parameter MARKET='moon' is not allowed; allowed: 'cn', 'global'"),
    (["run", "00_start_here", "-p", "SEED", "1", "-p", "SEED", "2"], "parameter SEED is given twice with -p"),
    (["run", "00_start_here", "--jobs", "0"], "--jobs must be at least 1"),
    (["params", "nope"], "notebook not found: nope"),
    (["run", "06_2_capstone"], "notebook 06_2_capstone is planned but not written yet"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(args, message, tmp_path):
    out = tmp_path / "out"
    extra = ["--out", out] if args[0] == "run" else []
    res = course(*args, *extra)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], res.stderr
    assert not out.exists()


def test_run_with_parameters_writes_notebook_html_and_summary(tmp_path):
    out = tmp_path / "build"
    res = course("run", "00_start_here", "-p", "MARKET", "global", "--out", out)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "00_start_here.ipynb  ok" in res.stdout
    assert "1 of 1 notebooks ran without error" in res.stdout
    executed = nbformat.read(out / "00_start_here.ipynb", 4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'MARKET = "global"' in injected[0].source
    assert (out / "00_start_here.html").stat().st_size > 10_000


def test_failing_notebook_is_named_with_its_cell_and_exit_1(tmp_path):
    good = tiny_notebook(tmp_path / "good.ipynb")
    bad = tiny_notebook(tmp_path / "bad.ipynb", body="1 / 0")
    res = course("run", good, bad, "--jobs", "2", "--no-html", "--out", tmp_path / "out")
    assert res.returncode == 1
    summary = res.stdout.split("notebook ", 1)[1]
    assert "good.ipynb  ok" in summary
    assert "bad.ipynb   failed" in summary and "In [2]: ZeroDivisionError: division by zero" in summary
    assert "1 of 2 notebooks ran without error" in summary


def test_in_place_failure_leaves_the_file_untouched(tmp_path):
    bad = tiny_notebook(tmp_path / "bad.ipynb", body="raise ValueError('boom')")
    before = bad.read_bytes()
    res = course("run", "--in-place", bad)
    assert res.returncode == 1 and "In [2]: ValueError: boom" in res.stdout
    assert bad.read_bytes() == before


def test_in_place_execution_normalises_and_numbers_cells(tmp_path):
    nb = tiny_notebook(tmp_path / "ok.ipynb")
    res = course("run", "--in-place", nb)
    assert res.returncode == 0, res.stdout + res.stderr
    done = nbformat.read(nb, 4)
    assert [c.execution_count for c in done.cells] == [1, 2]
    assert done.cells[1].outputs[0]["text"] == "2\n"
    assert set(done.metadata) == {"kernelspec", "language_info"}
    assert "version" not in done.metadata["language_info"]


def test_params_lists_declared_parameters():
    res = course("params", "00_start_here")
    assert res.returncode == 0
    assert "SEED" in res.stdout and "allowed: 'cn', 'global'" in res.stdout


def test_student_refuses_to_overwrite_and_protects_notebooks(tmp_path):
    out = tmp_path / "student"
    assert course("student", "--out", out).returncode == 0
    copy = out / "00_start_here.ipynb"
    assert "# YOUR CODE HERE" in copy.read_text()
    copy.write_text("learner's work")
    res = course("student", "--out", out)
    assert res.returncode == 2 and "refusing to write into non-empty folder" in res.stderr
    copies = sorted(out.glob("*.ipynb"))
    missing = next(p for p in copies if p != copy)  # a copy the learner does not have yet
    missing.unlink()
    res = course("student", "--out", out, "--keep-existing")
    assert res.returncode == 0 and f"1 written, {len(copies) - 1} kept" in res.stdout
    assert copy.read_text() == "learner's work" and "# YOUR CODE HERE" in missing.read_text()
    assert course("student", "--out", out, "--force").returncode == 0
    assert "# YOUR CODE HERE" in copy.read_text()
    res = course("student", "--out", ROOT / "notebooks", "--force")
    assert res.returncode == 2 and "refusing to write student copies into" in res.stderr


def test_data_check_passes_on_the_shipped_files():
    res = course("data", "--check")
    assert res.returncode == 0 and res.stdout.startswith("OK:")


def test_data_check_fails_on_a_changed_file_and_regenerate_repairs_it(tmp_path):
    import shutil

    folder = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", folder)
    (folder / "community.csv").write_text("week_start\n")
    env = {"COURSE_DATASETS": str(folder)}
    res = course("data", "--check", env=env)
    assert res.returncode == 1
    assert "PROBLEM community.csv differs from the manifest" in res.stdout
    assert "PROBLEM community.csv differs from a fresh simulation" in res.stdout
    assert course("data", "--regenerate", env=env).returncode == 0
    assert course("data", "--check", env=env).returncode == 0
