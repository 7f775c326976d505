"""Shared fixtures and helpers for the test suite."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from course_lib.notebooks import course_notebooks
from course_lib.sim import Bundle, Scenario, simulate

# Kernels started by nbval inherit this environment: stable set/dict order, and
# the inline backend so figures are compared (MPLBACKEND=Agg would hide them).
os.environ["PYTHONHASHSEED"] = "0"
os.environ.pop("MPLBACKEND", None)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = course_notebooks(ROOT / "notebooks")


def notebook_ids(paths):
    return [p.stem for p in paths]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def read_log(path: Path) -> list[dict]:
    """Records written by course_lib.checks to COURSE_CHECK_LOG."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# --- the default scenario in both markets, simulated once per session ---------------------

@pytest.fixture(scope="session")
def cn() -> Bundle:
    return simulate(Scenario(market="cn", seed=2024))


@pytest.fixture(scope="session")
def glob() -> Bundle:
    return simulate(Scenario(market="global", seed=2024))


@pytest.fixture(params=["cn", "global"])
def bundle(request: pytest.FixtureRequest, cn: Bundle, glob: Bundle) -> Bundle:
    return cn if request.param == "cn" else glob
