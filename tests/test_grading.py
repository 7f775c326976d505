"""`course grade` end to end: a 30-student class on 5.2, good, wrong and broken submissions.

Every student gets a variant of the failure-diagnosis notebook (hidden
failure mode, own seed); tests/test_case_grading.py checks that the
reference solution passes for each of the four modes.
"""
from __future__ import annotations

import csv
import hashlib
import json
import shutil

import pytest

from course_lib import cases, grading
from course_lib.case_keys import FAILURE_MODES
from course_lib.cli import main
from course_lib.notebooks import read_notebook, write_notebook

NB = "05_2_failure_diagnosis"
N = 30
CELL_TIMEOUT, TIMEOUT = 8, 45


def _read(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _hashes(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _edit_solution(nb, variable, new_source):
    """Replace the solution cell that assigns ``variable``."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source and f"{variable} =" in cell.source:
            cell.source = new_source
            return nb
    raise AssertionError(f"no solution cell for {variable}")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    roster = base / "roster.csv"
    roster.write_text("student_id,name\n" + "".join(f"s{i:03d},Student {i}\n" for i in range(1, N + 1)),
                      encoding="utf-8")
    variants = base / "variants"
    assert main(["cases", "--roster", str(roster), "--out", str(variants), "--notebook", NB, "--no-execute"]) == 0
    subs = base / "submissions"
    subs.mkdir()

    def solved(sid):
        return read_notebook(variants / "instructor" / sid / f"{NB}.ipynb")

    def student(sid):
        return read_notebook(variants / "student" / sid / f"{NB}.ipynb")

    for i in range(1, 19):  # s001..s018: correct, under assorted file names
        write_notebook(solved(f"s{i:03d}"), subs / f"s{i:03d}_{NB}.ipynb" if i % 2 else subs / f"upload_{i}.ipynb")
    write_notebook(_edit_solution(solved("s019"), "fix", 'fix = "post_more"\n'), subs / "s019.ipynb")  # wrong
    write_notebook(student("s020"), subs / f"s020_{NB}.ipynb")                     # nothing answered
    (subs / f"s021_{NB}.pdf").write_bytes(b"%PDF-1.4 not a notebook")             # not a notebook
    (subs / f"s022_{NB}.ipynb").write_text('{"cells": [', encoding="utf-8")       # does not parse
    write_notebook(_edit_solution(solved("s023"), "diagnosis", "while True:\n    pass\n"),
                   subs / f"s023_{NB}.ipynb")                                      # loops: cell interrupted
    hang = _edit_solution(solved("s024"), "diagnosis",
                          "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(600)\n")
    write_notebook(hang, subs / f"s024_{NB}.ipynb")                                # ignores interrupts
    gone = solved("s025")
    gone.cells = [c for c in gone.cells if "### BEGIN SOLUTION" not in c.source]
    write_notebook(gone, subs / f"s025_{NB}.ipynb")                                # deleted its exercise cells
    empty = solved("s026")
    empty.cells = []
    write_notebook(empty, subs / f"s026_{NB}.ipynb")                               # deleted every cell
    cheat = solved("s027")
    other = next(m for m in FAILURE_MODES if m != cases.resolve_failure_mode("random", "s027"))
    for cell in cheat.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace('failure_mode: str = "random"', f'failure_mode: str = "{other}"')
    write_notebook(cheat, subs / f"s027_{NB}.ipynb")                               # edited its parameters
    # s028: no submission
    renamed = solved("s029")
    del renamed.metadata["course"]
    (subs / "s029").mkdir()
    write_notebook(renamed, subs / "s029" / "homework final.ipynb")                # folder names the student
    write_notebook(solved("s030"), subs / f"s030_{NB}.ipynb")
    (subs / f"s030-{NB}-copy.ipynb").write_text("not json", encoding="utf-8")      # second, broken upload
    stranger = solved("s001")
    del stranger.metadata["course"]
    write_notebook(stranger, subs / "someone.ipynb")                               # not on the roster
    (subs / ".ipynb_checkpoints").mkdir()
    shutil.copy(subs / f"s001_{NB}.ipynb", subs / ".ipynb_checkpoints" / "x.ipynb")  # hidden: ignored
    before = _hashes(subs)
    out = base / "grades"
    code = main(["grade", str(subs), "--key", str(variants / "answer_key.csv"), "--out", str(out),
                 "--jobs", "2", "--cell-timeout", str(CELL_TIMEOUT), "--timeout", str(TIMEOUT)])
    return {"code": code, "subs": subs, "before": before, "out": out, "variants": variants,
            "totals": {r["student_id"] + "|" + r["submission"].rsplit("/", 1)[-1]: r for r in _read(out / "totals.csv")},
            "by_student": {r["student_id"]: r for r in _read(out / "totals.csv") if r["status"] and r["name"]},
            "grades": _read(out / "grades.csv")}


def test_the_batch_completes_and_never_touches_submissions(graded):
    assert graded["code"] == 0
    assert _hashes(graded["subs"]) == graded["before"]
    assert len(graded["by_student"]) == N  # one row per student of the key


def test_correct_submissions_pass_every_check(graded):
    for i in list(range(1, 19)) + [29, 30]:
        row = graded["by_student"][f"s{i:03d}"]
        assert (row["status"], row["passed"], row["total"]) == ("graded", "3", "3"), row


def test_a_wrong_answer_fails_with_feedback(graded):
    rows = {r["check"]: r for r in graded["grades"] if r["student_id"] == "s019"}
    assert rows["failure.diagnosis"]["passed"] == rows["failure.cost"]["passed"] == "True"
    assert rows["failure.fix"]["passed"] == "False"
    assert rows["failure.fix"]["status"] == "incorrect" and "Not yet" in rows["failure.fix"]["message"]


def test_unanswered_and_broken_submissions_are_recorded_as_such(graded):
    s = graded["by_student"]
    assert (s["s020"]["status"], s["s020"]["passed"]) == ("graded", "0")
    assert "NotImplementedError" in s["s020"]["notes"]
    assert s["s021"]["status"] == "is not a notebook (.pdf)"
    assert s["s022"]["status"].startswith("does not parse as a notebook")
    assert (s["s023"]["status"], s["s023"]["passed"]) == ("graded", "2")  # the other exercises still count
    assert f"interrupted after the {CELL_TIMEOUT} s cell timeout" in s["s023"]["notes"]
    assert s["s024"]["status"] == f"timed out after {TIMEOUT} s" and s["s024"]["passed"] == "0"
    assert "exercise cells deleted: no assignment to cost, diagnosis, fix" in s["s025"]["notes"]
    assert s["s025"]["passed"] == "0"
    assert "parameters cell missing" in s["s026"]["notes"] and s["s026"]["passed"] == "0"
    assert s["s028"]["status"] == "missing" and s["s028"]["total"] == "3"
    statuses = {r["status"] for r in graded["grades"] if r["student_id"] == "s028"}
    assert statuses == {"not graded"}


def test_the_key_parameters_win_over_edited_ones(graded):
    # s027 set failure_mode to another mode than its hidden one; run with the key's it still passes
    assert graded["by_student"]["s027"]["passed"] == "3"


def test_unmatched_and_duplicate_files_are_listed_not_graded(graded):
    notes = [r for r in graded["totals"].values() if r["status"].startswith("not graded")]
    by_file = {r["submission"].rsplit("/", 1)[-1]: r["status"] for r in notes}
    assert "cannot be matched" in by_file["someone.ipynb"]
    assert "second submission for s030" in by_file[f"s030-{NB}-copy.ipynb"]
    assert "does not parse" in by_file[f"s030-{NB}-copy.ipynb"]
    assert "x.ipynb" not in by_file  # hidden folders (.ipynb_checkpoints) are skipped


def test_grades_are_not_overwritten_without_force(graded, capsys):
    args = ["grade", str(graded["subs"]), "--key", str(graded["variants"] / "answer_key.csv"),
            "--out", str(graded["out"])]
    assert main(args) == 2
    assert "refusing to overwrite the grades" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "message"), [
    ("student_id,name\ns001,A\n", "missing column(s): notebook, params"),
    ('student_id,name,notebook,params\ns001,A,00_start_here,"{""SEED"": -1}"\n', "line 2: bad params"),
    ('student_id,name,notebook,params\ns001,A,00_start_here,"{}"\ns001,A,00_start_here,"{}"\n',
     "line 3: s001 / 00_start_here repeats line 2"),
    ("student_id,name,notebook,params\n", "has no students"),
])
def test_a_bad_key_is_named(tmp_path, content, message):
    key = tmp_path / "key.csv"
    key.write_text(content, encoding="utf-8")
    with pytest.raises(grading.GradeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        grading.read_key(key)


def test_bad_folders_are_named(tmp_path, capsys):
    key = tmp_path / "key.csv"
    key.write_text('student_id,name,notebook,params\ns001,A,00_start_here,"{}"\n', encoding="utf-8")
    assert main(["grade", str(tmp_path / "nope"), "--key", str(key), "--out", str(tmp_path / "o")]) == 2
    assert "submissions folder not found" in capsys.readouterr().err
    (tmp_path / "subs").mkdir()
    assert main(["grade", str(tmp_path / "subs"), "--key", str(key), "--out", str(tmp_path / "subs" / "g")]) == 2
    assert "must not be inside the submissions folder" in capsys.readouterr().err


def test_prepared_copy_uses_the_key_parameters(tmp_path):
    nb = json.loads((grading.Path(__file__).parent.parent / "notebooks" / f"{NB}.ipynb").read_text(encoding="utf-8"))
    row = grading.KeyRow("s001", "A", NB, {"SEED": 7, "MARKET": "global"}, {})  # a partial set on purpose
    sub = grading.Submission(tmp_path / "x.ipynb", "s001", NB, None, nb)
    copy, notes = grading._prepare(sub, row, tmp_path, ["diagnosis", "cost", "fix"])
    prepared = json.loads(copy.read_text(encoding="utf-8"))
    params = next(c for c in prepared["cells"] if "parameters" in c["metadata"].get("tags", []))
    assert "".join(params["source"]) == "SEED = 7\nMARKET = 'global'"
    assert "COURSE-GRADER-ANSWERS" in "".join(prepared["cells"][-1]["source"])
    assert all(not c.get("outputs") for c in prepared["cells"] if c["cell_type"] == "code")
    assert notes == []
