"""Every committed notebook follows the anatomy of DESIGN.md (read as JSON, no kernel)."""
from __future__ import annotations

import re

import pytest

from course_lib import curriculum
from course_lib import params as P
from course_lib.student import BEGIN, END

from conftest import NOTEBOOKS, ROOT, notebook_ids, read_json

MAX_BYTES = 1_500_000
MACHINE_PATH = re.compile(r"(/root/|/home/[^/\s]+/|/Users/[^/\s]+/|/tmp/|/work/|site-packages|[A-Z]:\\\\Users)")
CJK = re.compile(r"[\u4e00-\u9fff]")
FORBIDDEN = {
    r"\bload_dataset\s*\(": "seaborn.load_dataset needs the network",
    r"\brequests\.|urllib\.request|urlopen\(": "network access",
    r"filterwarnings\(\s*['\"]ignore": "a global warning filter",
    r"read_csv\(\s*['\"]\.{0,2}/": "a dataset read by path (use course_lib.data)",
}


def src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append(src({"source": out["text"]}))
        for mime, val in (out.get("data") or {}).items():
            if mime.startswith("text/"):
                parts.append(src({"source": val}))
    return "\n".join(parts)


@pytest.fixture(params=NOTEBOOKS, ids=notebook_ids(NOTEBOOKS))
def nb(request):
    return request.param, read_json(request.param)


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found"


def test_title_front_matter_and_headings(nb):
    path, book = nb
    cells = book["cells"]
    first = src(cells[0])
    assert first.startswith("# ") and CJK.search(first.splitlines()[0]), \
        "first cell: a '# ' title with the Chinese term"
    m = re.search(r"Teaching: (\d+) min · Exercises: (\d+) min", first)
    assert m, "first cell: front matter 'Teaching: N min · Exercises: M min'"
    row = next(r for r in curriculum.NOTEBOOKS if r[1] == path.name)
    assert (int(m.group(1)), int(m.group(2))) == (row[3], row[4]), "minutes differ from curriculum.py"
    markdown = "\n".join(src(c) for c in cells if c["cell_type"] == "markdown")
    for heading in ("Questions", "Objectives", "Scenario", "Key points", "Further reading"):
        assert re.search(rf"^##+ .*{heading}", markdown, re.M | re.I), f"no '{heading}' heading"
    order = [markdown.lower().index(h) for h in ("## questions", "## objectives", "## key points",
                                                 "## further reading")]
    assert order == sorted(order), "headings out of order"


def test_parameters_cell_then_validation(nb):
    path, book = nb
    code = [c for c in book["cells"] if c["cell_type"] == "code"]
    tagged = [i for i, c in enumerate(code) if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    declared = P.parse_parameters_cell(src(code[tagged[0]]))
    assert "SEED" in declared
    for d in declared.values():
        P.validate_value(d.name, d.default)
        assert d.type is P.DOMAINS[d.name].type
    following = src(code[tagged[0] + 1])
    assert "params.validate(" in following
    for name in declared:
        assert f"{name}={name}" in following.replace(" ", ""), f"{name} not validated"


def test_executed_top_to_bottom_without_errors(nb):
    _, book = nb
    code = [c for c in book["cells"] if c["cell_type"] == "code" and src(c).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for i, c in enumerate(code, 1):
        for out in c.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i} has an error output"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), \
                f"cell {i} wrote to stderr: {src({'source': out['text']})[:200]}"
            assert not MACHINE_PATH.search(outputs_text(c)), f"cell {i} shows a machine path"


def test_metadata_size_and_code_hygiene(nb):
    path, book = nb
    assert book["metadata"]["kernelspec"]["name"] == "python3"
    assert set(book["metadata"]) <= {"kernelspec", "language_info"}, "metadata not normalised"
    assert path.stat().st_size < MAX_BYTES
    for c in book["cells"]:
        assert set(c.get("metadata", {})) <= {"tags"}, "cell metadata not normalised"
        if c["cell_type"] == "code":
            for pattern, why in FORBIDDEN.items():
                assert not re.search(pattern, src(c)), why


def test_exercises_have_solution_and_check(nb):
    _, book = nb
    code = [src(c) for c in book["cells"] if c["cell_type"] == "code"]
    solutions = [i for i, s in enumerate(code) if BEGIN in s]
    assert solutions, "at least one exercise"
    for i in solutions:
        assert code[i].count(BEGIN) == code[i].count(END)
        assert ".check()" in code[i + 1], "an exercise cell is followed by its check cell"


def test_every_notebook_is_in_the_course_map():
    files = {r[1] for r in curriculum.NOTEBOOKS}
    assert {p.name for p in NOTEBOOKS} <= files
    assert all(p.parent == ROOT / "notebooks" for p in NOTEBOOKS)
