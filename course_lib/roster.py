"""Read an instructor's class roster (a CSV of student ids and names).

The roster drives ``course cases``: one case variant per student. It must
be strict, because a silently skipped or duplicated student means a
learner without a notebook, or two learners with the same one. Every
problem is reported with its line number, all at once, so an instructor
fixes the file in one go.

Format: UTF-8 (a byte-order mark from Excel is fine), comma-separated, a
header row with at least ``student_id`` and ``name`` (case-insensitive,
surrounding spaces ignored; extra columns are kept). Ids may use letters,
digits, ``.``, ``_`` and ``-`` (they become file names), up to 64
characters. Blank lines are skipped.

>>> import io
>>> text = "student_id,name\\ns001,Ana Li\\ns002,Bo Chen\\n"
>>> read_roster(io.StringIO(text))[["student_id", "name"]].to_dict("records")
[{'student_id': 's001', 'name': 'Ana Li'}, {'student_id': 's002', 'name': 'Bo Chen'}]
>>> read_roster(io.StringIO("student_id,name\\ns001,Ana\\ns001,Bo\\n"))
Traceback (most recent call last):
...
course_lib.roster.RosterError: roster: line 3: duplicate student_id 's001' (first on line 2)
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO

import pandas as pd

from .case_keys import STUDENT_ID

__all__ = ["RosterError", "REQUIRED", "read_roster"]

REQUIRED: tuple[str, ...] = ("student_id", "name")
"""Columns every roster needs."""

_MAX_SHOWN = 10


class RosterError(ValueError):
    """A roster that cannot be used; the message lists every problem with its line."""


def _open(source: str | Path | IO[str]) -> tuple[str, IO[str]]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise RosterError(f"roster: file not found: {path}")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as err:
            raise RosterError(f"roster: {path} is not UTF-8 text ({err.reason} at byte {err.start}); "
                              "save it as 'CSV UTF-8'") from None
        return str(path), io.StringIO(text, newline="")
    return "roster", source


def read_roster(source: str | Path | IO[str]) -> pd.DataFrame:
    """Read and check a roster.

    Parameters
    ----------
    source : path or text stream
        The CSV file.

    Returns
    -------
    DataFrame with ``student_id``, ``name`` (both ``str``), any extra
    columns, and ``line`` (the line number in the file), in file order.

    Raises
    ------
    RosterError
        No header, a missing required column, or any bad row: wrong number
        of fields, an empty or malformed id, an empty name, a duplicate id
        (ids are compared ignoring case, because they become file names on
        case-insensitive file systems). All bad rows are listed (the first
        ten, then a count).
    """
    where, stream = _open(source)
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise RosterError(f"{where}: the file is empty; expected a header row with "
                          f"{', '.join(REQUIRED)}") from None
    except csv.Error as err:
        raise RosterError(f"{where}: line 1: {err}") from None
    columns = [h.strip().lstrip("\ufeff").lower() for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise RosterError(f"{where}: line 1: missing column(s) {', '.join(missing)}; found "
                          f"{', '.join(repr(c) for c in columns) or 'none'}; "
                          f"a roster needs at least {', '.join(REQUIRED)}")
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        raise RosterError(f"{where}: line 1: column(s) {', '.join(dupes)} appear more than once")
    problems: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    first_seen: dict[str, int] = {}
    i_id, i_name = columns.index("student_id"), columns.index("name")
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(f"line {reader.line_num}: {err}")
            continue
        line = reader.line_num
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(columns):
            problems.append(f"line {line}: {len(fields)} fields, expected {len(columns)} "
                            f"({', '.join(columns)})")
            continue
        fields = [f.strip() for f in fields]
        sid, name = fields[i_id], fields[i_name]
        if not sid:
            problems.append(f"line {line}: empty student_id")
            continue
        if not STUDENT_ID.fullmatch(sid):
            problems.append(f"line {line}: student_id {sid!r} may only use letters, digits, '.', '_' "
                            "and '-' (at most 64 characters), because it becomes a file name")
            continue
        if not name:
            problems.append(f"line {line}: empty name for student_id {sid!r}")
            continue
        key = sid.casefold()
        if key in first_seen:
            problems.append(f"line {line}: duplicate student_id {sid!r} (first on line {first_seen[key]})")
            continue
        first_seen[key] = line
        rows.append(fields)
        lines.append(line)
    if problems:
        shown = problems[:_MAX_SHOWN]
        more = len(problems) - len(shown)
        tail = f"; and {more} more problem(s)" if more else ""
        raise RosterError(f"{where}: " + "; ".join(shown) + tail)
    if not rows:
        raise RosterError(f"{where}: no students: the file has a header but no rows")
    out = pd.DataFrame(rows, columns=columns).astype("str")
    out["line"] = lines
    return out[[*REQUIRED, *[c for c in columns if c not in REQUIRED], "line"]]
