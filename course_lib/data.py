"""Find, load, verify and regenerate the course datasets.

Two kinds of dataset:

* **reference** tables written by hand (``platforms``), shipped as they are;
* **simulated** tables from :mod:`course_lib.sim`. The default scenario
  (``seed=2024``, ``market="cn"``) is shipped in ``datasets/``; any other seed
  or market is simulated on the fly (cached in the process), which is what
  lets an instructor give every student different data.

Either way the frame is validated against :mod:`course_lib.schemas` before
it is returned. Datasets are found through this module, never through a
path relative to the current folder (nbval and papermill start kernels in
different folders). ``COURSE_DATASETS`` overrides the folder.

``datasets/MANIFEST.csv`` records each shipped file's sha256, rows and
columns; :func:`verify` compares the files with it and :func:`regeneration_problems`
proves the simulated files are byte-identical to a fresh simulation.

>>> posts = load("posts")
>>> posts["platform"].isin(["weibo", "wechat", "douyin", "xiaohongshu", "bilibili", "zhihu", "kuaishou"]).all()
np.True_
>>> load("posts", seed=7, market="global")["platform"].iloc[0] in ("instagram", "tiktok", "facebook", "x", "youtube", "linkedin")
True
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .exports import from_export
from .markets import check_market
from .schemas import SCHEMAS, SchemaError, base_kind, validate

__all__ = [
    "DEFAULT_MARKET", "DEFAULT_SEED", "REFERENCE", "SCHEMAS", "SchemaError", "available",
    "bundle_files", "datasets_dir", "example_exports", "from_export", "load", "manifest",
    "crisis_window", "regenerate", "regeneration_problems", "scenario", "truth", "verify",
    "write_manifest",
]

DEFAULT_SEED = 2024
DEFAULT_MARKET = "cn"
REFERENCE: tuple[str, ...] = ("platforms",)
MANIFEST = "MANIFEST.csv"
TRUTH_FILE = "truth.json"


def _simulated() -> tuple[str, ...]:
    from .sim import TABLES

    return TABLES


def datasets_dir() -> Path:
    """The folder holding the shipped datasets."""
    env = os.environ.get("COURSE_DATASETS")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "datasets"


def available() -> list[str]:
    """Names of the datasets that :func:`load` knows."""
    return sorted(REFERENCE + _simulated())


def _check_seed(seed: object) -> int:
    from .params import ParameterError, validate_value

    try:
        return validate_value("SEED", seed)
    except ParameterError as exc:
        raise ValueError(str(exc).replace("parameter SEED", "seed")) from None


def scenario(seed: int | None = None, market: str | None = None):
    """The :class:`course_lib.sim.Scenario` behind ``load(..., seed, market)``."""
    from .sim import Scenario

    seed = DEFAULT_SEED if seed is None else _check_seed(seed)
    market = DEFAULT_MARKET if market is None else check_market(market)
    return Scenario(market=market, seed=seed)


@lru_cache(maxsize=4)
def _bundle(market: str, seed: int):
    from .sim import simulate

    return simulate(scenario(seed, market))


def read_typed_csv(path: Path, schema: dict[str, str]) -> pd.DataFrame:
    """Read a CSV with the dtypes of ``schema`` (empty cells are missing only where allowed)."""
    dtypes, dates, na = {}, [], {}
    for col, kind in schema.items():
        base = base_kind(kind)
        if base == "datetime":
            dates.append(col)
        else:
            dtypes[col] = base
        if kind.endswith("?") or base in ("Int64", "float64", "datetime"):
            na[col] = [""]
    return pd.read_csv(path, dtype=dtypes, parse_dates=dates, keep_default_na=False, na_values=na)


def _shipped(name: str) -> Path:
    return datasets_dir() / f"{name}.csv"


def load(name: str, seed: int | None = None, market: str | None = None) -> pd.DataFrame:
    """Load a dataset by name, validated against its schema.

    Parameters
    ----------
    name : one of :func:`available`.
    seed : data seed of a simulated table (default 2024, the shipped files).
    market : ``"cn"`` or ``"global"``. Simulated tables default to ``"cn"``;
        reference tables return every market unless one is given.

    Returns a fresh frame each call, so a learner's edits never leak into the
    next notebook cell that loads the same data.
    """
    if name not in available():
        raise ValueError(f"unknown dataset {name!r}; available: {', '.join(available())}")
    if name in REFERENCE:
        path = _shipped(name)
        if not path.is_file():
            raise FileNotFoundError(f"dataset file {path} is missing; restore it with 'git checkout datasets/'")
        df = validate(name, read_typed_csv(path, SCHEMAS[name]))
        if market is not None:
            df = df[df["market"] == check_market(market)].reset_index(drop=True)
        return df
    sc = scenario(seed, market)
    if (sc.seed, sc.market) == (DEFAULT_SEED, DEFAULT_MARKET) and _shipped(name).is_file():
        df = read_typed_csv(_shipped(name), SCHEMAS[name])
    else:
        df = _bundle(sc.market, sc.seed).tables[name].copy()
    return validate(name, df, period=(sc.start_ts, sc.end))


def truth(seed: int | None = None, market: str | None = None):
    """The ground truth (:class:`course_lib.sim.Truth`) behind the simulated tables."""
    from .sim import Truth

    sc = scenario(seed, market)
    path = datasets_dir() / TRUTH_FILE
    if (sc.seed, sc.market) == (DEFAULT_SEED, DEFAULT_MARKET) and path.is_file():
        return Truth.from_dict(json.loads(path.read_text(encoding="utf-8")))
    return _bundle(sc.market, sc.seed).truth


@dataclass(frozen=True)
class CrisisWindow:
    """The scenario's crisis as calendar days, every end inclusive."""

    start: pd.Timestamp      # first day
    peak_end: pd.Timestamp   # last day at full intensity
    end: pd.Timestamp        # last day of the recovery


def crisis_window(seed: int | None = None, market: str | None = None) -> CrisisWindow:
    """The crisis of ``truth(seed, market)`` as dates (its days count from the data's first day).

    >>> w = crisis_window()
    >>> (w.start.date().isoformat(), w.peak_end.date().isoformat(), w.end.date().isoformat())
    ('2025-07-23', '2025-07-29', '2025-08-26')
    """
    crisis = truth(seed, market).crisis
    start = scenario(seed, market).start_ts + pd.Timedelta(days=int(crisis.start_day))
    return CrisisWindow(start=start,
                        peak_end=start + pd.Timedelta(days=int(crisis.peak_days) - 1),
                        end=start + pd.Timedelta(days=int(crisis.peak_days) + int(crisis.recovery_days) - 1))


# ---------------------------------------------------------------------------
# Shipped files: bytes, regeneration, manifest


def bundle_files(seed: int = DEFAULT_SEED, market: str = DEFAULT_MARKET) -> dict[str, bytes]:
    """The exact bytes of every simulated file for a scenario (file name -> bytes)."""
    from .sim import simulate

    b = simulate(scenario(seed, market))
    files = {f"{name}.csv": frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
             for name, frame in b.tables.items()}
    files[TRUTH_FILE] = (json.dumps(b.truth.to_dict(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    files.update(example_exports())
    return files


def example_exports() -> dict[str, bytes]:
    """The example platform exports in ``datasets/examples/`` (file name -> bytes).

    Made from the default scenario's posts: the first 120 Weibo posts (cn) in the
    Weibo layout, with reads of 10,000 or more written the Chinese way ("1.2779万"),
    and the first 120 Facebook posts of the global market in the Facebook Insights layout.
    """
    from .exports import FACEBOOK_INSIGHTS, WEIBO, to_export
    from .sim import simulate

    def first(market: str, platform: str) -> pd.DataFrame:
        posts = simulate(scenario(DEFAULT_SEED, market)).tables["posts"]
        return posts[posts["platform"] == platform].head(120).reset_index(drop=True)

    weibo = to_export(first("cn", "weibo"), WEIBO)
    reads = weibo["阅读数"]
    wan = (reads / 10_000).map(lambda v: f"{v:.4f}".rstrip("0").rstrip(".") + "万")
    weibo["阅读数"] = reads.astype("str").where(reads < 10_000, wan)
    facebook = to_export(first("global", "facebook"), FACEBOOK_INSIGHTS)
    return {f"examples/{name}.csv": frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
            for name, frame in (("weibo_posts", weibo), ("facebook_insights_posts", facebook))}


def regenerate(folder: Path | None = None) -> list[Path]:
    """Rewrite the simulated files of the default scenario and the manifest."""
    folder = folder or datasets_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fname, content in bundle_files().items():
        (folder / fname).parent.mkdir(parents=True, exist_ok=True)
        (folder / fname).write_bytes(content)
        written.append(folder / fname)
    written.append(write_manifest(folder))
    return written


def regeneration_problems(folder: Path | None = None) -> list[str]:
    """Simulate the default scenario in memory and compare with the shipped bytes."""
    folder = folder or datasets_dir()
    problems = []
    for fname, content in bundle_files().items():
        path = folder / fname
        if not path.is_file():
            problems.append(f"{fname} is missing (run 'course data --regenerate')")
        elif path.read_bytes() != content:
            problems.append(f"{fname} differs from a fresh simulation of the default scenario")
    return problems


@dataclass(frozen=True)
class Entry:
    file: str
    sha256: str
    rows: int  # data rows of a CSV; 0 for JSON
    columns: int  # columns of a CSV; 0 for JSON


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entry(path: Path, folder: Path) -> Entry:
    name = path.relative_to(folder).as_posix()
    if path.suffix != ".csv":
        return Entry(name, _sha256(path), 0, 0)
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        rows = sum(1 for _ in reader)
    return Entry(name, _sha256(path), rows, len(header))


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.suffix in (".csv", ".json") and p.name != MANIFEST and p.is_file())


def manifest(folder: Path | None = None) -> list[Entry]:
    """Read ``MANIFEST.csv``."""
    path = (folder or datasets_dir()) / MANIFEST
    with path.open(newline="", encoding="utf-8") as fh:
        return [Entry(r["file"], r["sha256"], int(r["rows"]), int(r["columns"]))
                for r in csv.DictReader(fh)]


def write_manifest(folder: Path | None = None) -> Path:
    """Rewrite ``MANIFEST.csv`` from the data files in ``folder``."""
    folder = folder or datasets_dir()
    out = folder / MANIFEST
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "sha256", "rows", "columns"])
        for e in (_entry(p, folder) for p in _data_files(folder)):
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
    for p in _data_files(folder):
        if p.relative_to(folder).as_posix() not in listed:
            problems.append(f"{p.relative_to(folder).as_posix()} is not in the manifest")
    return problems
