"""The case workflow on 5.2: hidden failure modes, reference solutions and wrong diagnoses, graded.

Students are chosen so that their hidden modes cover all four failures. The
reference solution (the instructor copy) must pass every check for every
mode; a wrong diagnosis must fail without the feedback naming the true mode.
"""
from __future__ import annotations

import csv
import re

import pytest

from course_lib import cases
from course_lib.case_keys import FAILURE_MODES
from course_lib.cli import main
from course_lib.notebooks import read_notebook, write_notebook

NB = "05_2_failure_diagnosis"


def _ids_covering_every_mode() -> list[str]:
    found: dict[str, str] = {}
    for i in range(1, 200):
        sid = f"s{i:03d}"
        found.setdefault(cases.resolve_failure_mode("random", sid), sid)
        if len(found) == len(FAILURE_MODES):
            return [found[m] for m in FAILURE_MODES]
    raise AssertionError("no ids cover every mode")


def _read(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("cases")
    ids = _ids_covering_every_mode()
    roster = base / "roster.csv"
    roster.write_text("student_id,name\n" + "".join(f"{sid},Student {sid}\n" for sid in ids), encoding="utf-8")
    out = base / "variants"
    assert main(["cases", "--roster", str(roster), "--out", str(out), "--no-execute"]) == 0
    key = {r["student_id"]: r for r in _read(out / "answer_key.csv")}
    subs = base / "subs"
    subs.mkdir()
    for sid in ids:
        write_notebook(read_notebook(out / "instructor" / sid / f"{NB}.ipynb"), subs / f"{sid}_{NB}.ipynb")
    wrong_id = ids[0]
    wrong_mode = next(m for m in FAILURE_MODES if m != key[wrong_id]["hidden_failure_mode"])
    nb = read_notebook(out / "instructor" / wrong_id / f"{NB}.ipynb")
    for cell in nb.cells:
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source and re.search(r"^diagnosis\s*=", cell.source, re.M):
            cell.source = f'diagnosis = "{wrong_mode}"\n'
    wrong_dir = base / "subs_wrong"
    wrong_dir.mkdir()
    write_notebook(nb, wrong_dir / f"{wrong_id}_{NB}.ipynb")
    res = {}
    for name, folder in (("right", subs), ("wrong", wrong_dir)):
        dest = base / f"grades_{name}"
        assert main(["grade", str(folder), "--key", str(out / "answer_key.csv"), "--out", str(dest),
                     "--jobs", "2"]) == 0
        res[name] = _read(dest / "grades.csv")
    return {"ids": ids, "key": key, "wrong_id": wrong_id, "wrong_mode": wrong_mode, **res}


def test_the_key_names_each_hidden_mode_and_the_ids_cover_all_four(graded):
    modes = [graded["key"][sid]["hidden_failure_mode"] for sid in graded["ids"]]
    assert modes == list(FAILURE_MODES)
    for sid in graded["ids"]:
        row = graded["key"][sid]
        assert row["failure_mode"] == "random" and row["student_id"] == sid
        assert int(row["SEED"]) == cases.seed_for(sid)
        assert row["expected:failure.diagnosis"] == f'"{row["hidden_failure_mode"]}"'


def test_reference_solutions_pass_every_check_for_every_mode(graded):
    rows = graded["right"]
    assert {r["student_id"] for r in rows} == set(graded["ids"])
    failed = [r for r in rows if r["passed"] != "True"]
    assert not failed, failed
    assert {r["check"] for r in rows} >= {"failure.diagnosis", "failure.cost", "failure.fix"}


def test_a_wrong_diagnosis_fails_without_naming_the_answer(graded):
    rows = {r["check"]: r for r in graded["wrong"] if r["student_id"] == graded["wrong_id"]}
    diag = rows["failure.diagnosis"]
    assert diag["passed"] == "False" and diag["status"] == "incorrect"
    true_mode = graded["key"][graded["wrong_id"]]["hidden_failure_mode"]
    assert true_mode not in diag["message"]
    others = [r for r in graded["wrong"] if r["student_id"] != graded["wrong_id"]]
    assert all(r["status"] == "not graded" for r in others)  # the others handed nothing in this batch
