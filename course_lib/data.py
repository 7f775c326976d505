"""Find, load and verify the course datasets.

Datasets live in the top-level ``datasets/`` folder of the course
repository (override with the environment variable ``COURSE_DATASETS``).
They are found through this module, never through a path relative to the
current folder: nbval and papermill start kernels in different folders.

``datasets/MANIFEST.csv`` records each file's sha256, rows and columns;
:func:`verify` compares the files with it.

>>> df = load("platforms")
>>> sorted(df["market"].unique())
['cn', 'global']
"""
from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .markets import check_market

__all__ = ["SCHEMAS", "available", "datasets_dir", "load", "manifest", "verify", "write_manifest"]

MANIFEST = "MANIFEST.csv"

#: Column -> dtype of each shipped dataset ("str", "int64", "Int64" (nullable), "float64").
SCHEMAS: dict[str, dict[str, str]] = {
    "platforms": {
        "platform": "str", "name": "str", "name_zh": "str", "market": "str",
        "launched": "int64", "owner": "str", "main_formats": "str", "strength": "str",
        "age_18_24": "float64", "age_25_34": "float64", "age_35_44": "float64",
        "age_45_plus": "float64", "mau_millions": "Int64", "mau_source": "str",
        "engagement_rate": "float64", "cpm_usd": "float64", "figures_basis": "str",
    },
}


def datasets_dir() -> Path:
    """The folder holding the shipped datasets."""
    env = os.environ.get("COURSE_DATASETS")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "datasets"


def available() -> list[str]:
    """Names of the datasets that :func:`load` knows."""
    return sorted(SCHEMAS)


def _check_schema(name: str, df: pd.DataFrame) -> pd.DataFrame:
    schema = SCHEMAS[name]
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise ValueError(f"dataset {name!r} is missing columns {missing}; expected {list(schema)}")
    for col, dtype in schema.items():
        if dtype in ("int64", "Int64", "float64") and (df[col].dropna() < 0).any():
            raise ValueError(f"dataset {name!r}: column {col!r} has negative values")
    return df


def load(name: str, market: str | None = None) -> pd.DataFrame:
    """Load a dataset by name, validated against its schema.

    Parameters
    ----------
    name : one of :func:`available`.
    market : keep only the rows of this market (``"cn"`` or ``"global"``).
    """
    if name not in SCHEMAS:
        raise ValueError(f"unknown dataset {name!r}; available: {', '.join(available())}")
    path = datasets_dir() / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(
            f"dataset file {path} is missing; restore it with 'git checkout datasets/'"
        )
    schema = SCHEMAS[name]
    dtypes = {c: ("Int64" if t == "int64" else t) for c, t in schema.items()}
    df = pd.read_csv(path, dtype=dtypes, keep_default_na=False,
                     na_values={c: [""] for c, t in schema.items() if t != "str"})
    for col, kind in schema.items():
        if kind == "int64" and col in df and not df[col].isna().any():
            df[col] = df[col].astype("int64")
    df = _check_schema(name, df)
    if market is not None:
        df = df[df["market"] == check_market(market)].reset_index(drop=True)
    return df


# ---------------------------------------------------------------------------
# Manifest


@dataclass(frozen=True)
class Entry:
    file: str
    sha256: str
    rows: int
    columns: int


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entry(path: Path) -> Entry:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        rows = sum(1 for _ in reader)
    return Entry(path.name, _sha256(path), rows, len(header))


def manifest(folder: Path | None = None) -> list[Entry]:
    """Read ``MANIFEST.csv``."""
    path = (folder or datasets_dir()) / MANIFEST
    with path.open(newline="", encoding="utf-8") as fh:
        return [Entry(r["file"], r["sha256"], int(r["rows"]), int(r["columns"]))
                for r in csv.DictReader(fh)]


def write_manifest(folder: Path | None = None) -> Path:
    """Rewrite ``MANIFEST.csv`` from the CSV files in ``folder``."""
    folder = folder or datasets_dir()
    entries = [_entry(p) for p in sorted(folder.glob("*.csv")) if p.name != MANIFEST]
    out = folder / MANIFEST
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "sha256", "rows", "columns"])
        for e in entries:
            writer.writerow([e.file, e.sha256, e.rows, e.columns])
    return out


def verify(folder: Path | None = None) -> list[str]:
    """Compare the dataset files with the manifest; return the problems (empty: all good)."""
    folder = folder or datasets_dir()
    try:
        entries = manifest(folder)
    except FileNotFoundError:
        return [f"{folder / MANIFEST} is missing"]
    problems = []
    for e in entries:
        path = folder / e.file
        if not path.is_file():
            problems.append(f"{e.file} is missing")
        elif _sha256(path) != e.sha256:
            problems.append(f"{e.file} differs from the manifest (sha256)")
    listed = {e.file for e in entries}
    for p in sorted(folder.glob("*.csv")):
        if p.name != MANIFEST and p.name not in listed:
            problems.append(f"{p.name} is not in the manifest")
    return problems
