"""The roster reader: strict, every problem with its line number."""
from __future__ import annotations

import io

import pytest

from course_lib.roster import RosterError, read_roster


def _read(text: str):
    return read_roster(io.StringIO(text))


def test_reads_ids_names_extra_columns_and_lines(tmp_path) -> None:
    path = tmp_path / "roster.csv"
    # Excel's UTF-8 CSV starts with a byte-order mark; headers in any case, padded
    path.write_text("\ufeff Student_ID , Name ,group\ns001, Ana Li ,A\n\ns002,Bo Chen,B\n", encoding="utf-8")
    out = read_roster(path)
    assert out.columns.tolist() == ["student_id", "name", "group", "line"]
    assert out["student_id"].tolist() == ["s001", "s002"]
    assert out["name"].tolist() == ["Ana Li", "Bo Chen"]
    assert out["line"].tolist() == [2, 4]  # the blank line 3 is skipped, numbering kept


def test_quoted_names_with_commas_and_non_ascii() -> None:
    out = _read('student_id,name\ns1,"Li, Ana"\ns2,陈博\n')
    assert out["name"].tolist() == ["Li, Ana", "陈博"]


def test_every_bad_row_is_reported_with_its_line() -> None:
    text = ("student_id,name\n"
            "s001,Ana\n"
            "s002\n"             # too few fields
            ",Nobody\n"          # empty id
            "s 004,Space\n"      # not a file-name-safe id
            "s005,\n"            # empty name
            "S001,Ana again\n")  # duplicate ignoring case
    with pytest.raises(RosterError) as err:
        _read(text)
    msg = str(err.value)
    for part in ("line 3: 1 fields, expected 2", "line 4: empty student_id",
                 "line 5: student_id 's 004' may only use", "line 6: empty name for student_id 's005'",
                 "line 7: duplicate student_id 'S001' (first on line 2)"):
        assert part in msg


def test_many_problems_are_capped_with_a_count() -> None:
    text = "student_id,name\n" + "".join(f"s{i},\n" for i in range(15))
    with pytest.raises(RosterError, match=r"and 5 more problem\(s\)"):
        _read(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"the file is empty; expected a header row with student_id, name"),
        ("id,name\n1,a\n", r"line 1: missing column\(s\) student_id; found 'id', 'name'"),
        ("student_id,name,name\n1,a,b\n", r"line 1: column\(s\) name appear more than once"),
        ("student_id,name\n", r"no students: the file has a header but no rows"),
    ],
)
def test_unusable_files_are_named(text: str, message: str) -> None:
    with pytest.raises(RosterError, match=message):
        _read(text)


def test_missing_and_non_utf8_files(tmp_path) -> None:
    with pytest.raises(RosterError, match="file not found"):
        read_roster(tmp_path / "nope.csv")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("student_id,name\ns1,Jos\xe9\n".encode("latin-1"))
    with pytest.raises(RosterError, match="is not UTF-8 text .* save it as 'CSV UTF-8'"):
        read_roster(bad)
