"""`course cases`: per-student variants, student copies, answer key, refusal to overwrite."""
from __future__ import annotations

import csv
import json

import pytest

from course_lib import case_variants as cv
from course_lib import cases
from course_lib import params as P
from course_lib.cli import main
from course_lib.notebooks import read_notebook

from conftest import ROOT

START = ROOT / "notebooks" / "00_start_here.ipynb"
CASE_CELL = ('SEED: int = 2024  # seed\nMARKET: str = "cn"  # market\nfailure_mode: str = "random"  # mode\n'
             'student_id: str = "demo"  # id\ncase: str = "ecommerce"  # case')


def _roster(path, n=30, extra=""):
    rows = ["student_id,name"] + [f"s{i:03d},Student {i}" for i in range(1, n + 1)]
    path.write_text("\n".join(rows) + "\n" + extra, encoding="utf-8")
    return path


def _key(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_parameters_come_stably_from_the_student_id():
    decl = P.parse_parameters_cell(CASE_CELL)
    a = cv.variant_parameters(decl, "s001", "global")
    assert a == {"SEED": cases.seed_for("s001"), "MARKET": "global", "failure_mode": "random",
                 "student_id": "s001", "case": cases.case_for("s001")}
    assert cv.variant_parameters(decl, "s001", "global") == a
    assert cv.variant_parameters(decl, "s002", "global")["SEED"] != a["SEED"]
    with pytest.raises(P.ParameterError, match="MARKET='moon' is not allowed"):
        cv.variant_parameters(decl, "s001", "moon")


def test_variant_notebook_rewrites_the_parameters_cell_and_records_the_student():
    decl = P.declared_parameters(START)
    values = cv.variant_parameters(decl, "s007")
    nb = cv.variant_notebook(read_notebook(START), decl, values, student_id="s007", notebook=START.stem)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert P.parse_parameters_cell(cell.source)["SEED"].default == cases.seed_for("s007")
    assert nb.metadata["course"] == {"student_id": "s007", "notebook": START.stem, "params": values}
    assert "course" not in read_notebook(START).metadata  # the source is untouched


def test_cases_writes_variants_student_copies_and_a_key(tmp_path, capsys):
    roster = _roster(tmp_path / "roster.csv", n=30)
    out = tmp_path / "out"
    assert main(["cases", "--roster", str(roster), "--out", str(out), "--notebook", "00_start_here",
                 "--no-execute"]) == 0
    assert "30 student(s)" in capsys.readouterr().out
    key = _key(out / cv.KEY_FILE)
    assert [r["student_id"] for r in key] == [f"s{i:03d}" for i in range(1, 31)]
    for row in key[:3]:
        params = json.loads(row["params"])
        assert params["SEED"] == cases.seed_for(row["student_id"]) == int(row["SEED"])
        teacher = read_notebook(out / "instructor" / row["student_id"] / "00_start_here.ipynb")
        student = read_notebook(out / "student" / row["student_id"] / "00_start_here.ipynb")
        assert teacher.metadata["course"]["params"] == params == student.metadata["course"]["params"]
        assert any("### BEGIN SOLUTION" in c.source for c in teacher.cells if c.cell_type == "code")
        assert not any("### BEGIN SOLUTION" in c.source for c in student.cells if c.cell_type == "code")
        assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")
        # the key's expected values are what the checks compute for these parameters
        assert json.loads(row["expected:start.price_ratio"]) == pytest.approx(
            cv.expected_answers("00_start_here", params)["start.price_ratio"])
    # stable: a second run (with --force) writes the same key
    before = (out / cv.KEY_FILE).read_bytes()
    assert main(["cases", "--roster", str(roster), "--out", str(out), "--notebook", "00_start_here",
                 "--no-execute", "--force"]) == 0
    assert (out / cv.KEY_FILE).read_bytes() == before


def test_answer_key_names_the_hidden_failure_mode():
    decl = P.parse_parameters_cell(CASE_CELL)
    values = cv.variant_parameters(decl, "s001")
    v = cv.Variant("s001", "Ana", "nb", values, cases.resolve_failure_mode("random", "s001"), {"x.y": 0.5})
    header, rows = cv.answer_key_rows([v])
    assert header[:5] == ["student_id", "name", "notebook", "hidden_failure_mode", "params"]
    assert rows[0]["hidden_failure_mode"] == "single_platform" and rows[0]["failure_mode"] == "random"
    assert rows[0]["expected:x.y"] == "0.5"


def test_cases_refuses_to_overwrite_without_force(tmp_path, capsys):
    roster = _roster(tmp_path / "roster.csv", n=2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "answer_key.csv").write_text("precious", encoding="utf-8")
    assert main(["cases", "--roster", str(roster), "--out", str(out), "--notebook", "00_start_here"]) == 2
    assert "refusing to write into non-empty folder" in capsys.readouterr().err
    assert (out / "answer_key.csv").read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "{notebooks}"], "refusing to write case variants into"),
    (["--market", "moon"], "MARKET='moon' is not allowed"),
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["--notebook", "05_9_nope"], "notebook not found: 05_9_nope"),
    (["--notebook", "02_3_content_strategy", "--roster", "{bad}"], "line 3: duplicate student_id 'S001' (first on line 2)"),
])
def test_cases_bad_input_is_named_and_nothing_is_written(tmp_path, capsys, args, message):
    roster = _roster(tmp_path / "roster.csv", n=2)
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,name\ns001,A\nS001,B\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = ["cases", "--roster", str(roster), "--out", str(out), "--notebook", "00_start_here", "--no-execute"]
    fill = {"{notebooks}": str(ROOT / "notebooks" / "sub"), "{bad}": str(bad)}
    assert main(argv + [fill.get(a, a) for a in args]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists() and not (ROOT / "notebooks" / "sub").exists()


def test_plain_makes_answers_json_ready():
    import numpy as np
    import pandas as pd

    assert cv.plain(pd.Series({"a": np.float64(1.5)})) == {"a": 1.5}
    assert json.dumps(cv.plain({"t": (np.int64(1), "x"), "s": {2, 1}})) == '{"t": [1, "x"], "s": [1, 2]}'


def test_cases_refuses_an_out_that_is_a_file(tmp_path, capsys):
    roster = _roster(tmp_path / "roster.csv", n=2)
    out = tmp_path / "out.csv"
    out.write_text("precious", encoding="utf-8")
    assert main(["cases", "--roster", str(roster), "--out", str(out), "--notebook", "00_start_here",
                 "--no-execute", "--force"]) == 2
    assert f"--out {out} exists and is not a folder" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "precious"
