"""Reading, writing and normalising the course notebooks.

Committed notebooks carry their outputs but no machine-specific metadata:
:func:`normalise` keeps the ``python3`` kernelspec, a minimal
``language_info`` and each cell's tags, and drops timestamps, papermill
records and version numbers, so re-executing on another machine changes
only what the code prints.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat

from .curriculum import notebooks_dir

__all__ = ["KERNELSPEC", "check_output_folder", "course_notebooks", "normalise", "read_notebook", "write_notebook"]

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
_KEEP_CELL_METADATA = ("tags",)


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """Read a notebook (nbformat 4), with a clear error for a missing or broken file."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"notebook not found: {path}")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises several types for bad JSON
        raise ValueError(f"{path} is not a readable notebook: {exc}") from None


def write_notebook(nb: nbformat.NotebookNode, path: str | Path) -> None:
    """Write ``nb`` as nbformat 4.5 JSON with a trailing newline."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb, version=4)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip machine-specific metadata in place and return ``nb``."""
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    nb.nbformat, nb.nbformat_minor = 4, 5
    seen: set[str] = set()
    for i, cell in enumerate(nb.cells):
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in _KEEP_CELL_METADATA and v}
        )
        cid = cell.get("id")
        if not cid or cid in seen:
            digest = hashlib.sha1(f"{i}:{cell.source}".encode()).hexdigest()[:8]
            cid = f"c{i:03d}-{digest}"
        cell["id"] = cid
        seen.add(cid)
    return nb


def course_notebooks(folder: Path | None = None) -> list[Path]:
    """The lesson notebooks, in course order (file name order)."""
    folder = folder or notebooks_dir()
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def check_output_folder(out: Path, *, what: str, protected: Path | None = None,
                        error: type[Exception] = ValueError) -> bool:
    """Refuse an output folder inside ``protected`` (the course notebooks) or one that is a file.

    ``what`` names what would be written there (e.g. "student copies").
    Returns whether ``out`` is an existing folder with something in it, so
    the caller decides what to do about earlier files (``--force``, ...).
    """
    out = Path(out)
    if protected is not None:
        prot = Path(protected).resolve()
        target = out.resolve()
        if target == prot or prot in target.parents:
            raise error(f"refusing to write {what} into {protected} (the course notebooks, with solutions); "
                        "choose another --out")
    if out.exists() and not out.is_dir():
        raise error(f"--out {out} exists and is not a folder")
    return out.is_dir() and any(out.iterdir())
