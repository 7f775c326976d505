"""Student copies: the lesson notebooks with their solutions taken out.

Solution regions are marked as in nbgrader::

    ### BEGIN SOLUTION
    cheapest = mine.loc[mine["cpm_usd"].idxmin(), "platform"]
    ### END SOLUTION

In a student copy each region becomes ``# YOUR CODE HERE`` followed by
``raise NotImplementedError(...)`` (markdown regions become
``YOUR ANSWER HERE``), and every output is cleared.

>>> print(strip_solutions("x = 1\\n### BEGIN SOLUTION\\ny = 2\\n### END SOLUTION\\n"))
x = 1
# YOUR CODE HERE
raise NotImplementedError("Delete this line and write your code here, then run the check cell below.")
<BLANKLINE>
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .notebooks import check_output_folder, read_notebook, write_notebook

__all__ = ["BEGIN", "END", "StudentCopyError", "make_student_copies", "strip_solutions", "studentize"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
PLACEHOLDER = 'raise NotImplementedError("Delete this line and write your code here, then run the check cell below.")'

_REGION = re.compile(
    r"^(?P<indent>[ \t]*)" + re.escape(BEGIN) + r"[^\n]*\n.*?^[ \t]*" + re.escape(END) + r"[^\n]*(\n|$)",
    re.M | re.S,
)


class StudentCopyError(ValueError):
    """Student copies cannot be written where asked."""


def strip_solutions(source: str, markdown: bool = False) -> str:
    """Replace every solution region of one cell's source by the placeholder."""
    if source.count(BEGIN) != source.count(END):
        raise StudentCopyError(
            f"unbalanced solution markers ({source.count(BEGIN)} BEGIN vs {source.count(END)} END) in:\n"
            + source[:200]
        )

    def repl(m: re.Match) -> str:
        ind = m.group("indent")
        if markdown:
            return f"{ind}YOUR ANSWER HERE\n"
        return f"{ind}# YOUR CODE HERE\n{ind}{PLACEHOLDER}\n"

    return _REGION.sub(repl, source)


def studentize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A student copy of ``nb``: solutions replaced, outputs cleared."""
    nb = nbformat.from_dict(nb)  # deep copy
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown" and BEGIN in cell.source:
            cell.source = strip_solutions(cell.source, markdown=True)
    return nb


@dataclass(frozen=True)
class Written:
    """What :func:`make_student_copies` did with one notebook."""

    source: Path
    target: Path
    action: str  # "written" or "kept"


def make_student_copies(
    notebooks: list[Path],
    out_dir: Path,
    *,
    force: bool = False,
    keep_existing: bool = False,
    protected: Path | None = None,
) -> list[Written]:
    """Write a student copy of each notebook into ``out_dir``.

    Refuses (``StudentCopyError``) to write into ``protected`` (the course's
    ``notebooks/`` folder) or into a non-empty folder unless ``force`` (replace
    existing copies) or ``keep_existing`` (leave existing copies alone, add the
    missing ones — what ``make lab STUDENT=1`` uses so a learner's work is never lost).
    """
    out_dir = Path(out_dir)
    non_empty = check_output_folder(out_dir, what="student copies", protected=protected, error=StudentCopyError)
    if non_empty and not (force or keep_existing):
        raise StudentCopyError(
            f"refusing to write into non-empty folder {out_dir}: use --keep-existing to add only "
            "the missing copies (keeps work done there), --force to overwrite them, or another --out"
        )
    # Build every copy before writing any, so a bad notebook leaves nothing half-written.
    copies = [(Path(src), studentize(read_notebook(src))) for src in notebooks]
    out_dir.mkdir(parents=True, exist_ok=True)
    done = []
    for src, nb in copies:
        dest = out_dir / src.name
        if dest.exists() and keep_existing and not force:
            done.append(Written(src, dest, "kept"))
            continue
        write_notebook(nb, dest)
        done.append(Written(src, dest, "written"))
    return done
