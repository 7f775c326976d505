"""pyproject.toml, environment.yml and requirements-lock.txt agree."""
from __future__ import annotations

import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from course_lib.doctor import read_lock

from conftest import ROOT

CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
NOT_PACKAGES = {"python", "pip"}


def pyproject_requirements(text: str) -> dict[str, SpecifierSet]:
    meta = tomllib.loads(text)["project"]
    reqs = list(meta["dependencies"]) + [r for extra in meta.get("optional-dependencies", {}).values()
                                         for r in extra]
    return {canonicalize_name(r.name): r.specifier for r in map(Requirement, reqs)}


def conda_requirements(text: str) -> tuple[dict[str, SpecifierSet], str]:
    env = yaml.safe_load(text)
    found, python = {}, ""
    for dep in env["dependencies"]:
        if not isinstance(dep, str):
            continue  # the pip: section (editable install of course_lib)
        dep = dep.split("#", 1)[0].strip()
        if dep.startswith("python="):
            python = dep.split("=", 1)[1]
            continue
        req = Requirement(dep)
        name = canonicalize_name(CONDA_TO_PYPI.get(req.name, req.name))
        if name not in NOT_PACKAGES:
            found[name] = req.specifier
    return found, python


def disagreements(pyproject: str, environment: str, lock: dict[str, str]) -> list[str]:
    """Every way the three files disagree (empty list: they agree)."""
    py = pyproject_requirements(pyproject)
    conda, python = conda_requirements(environment)
    problems = []
    for name in sorted(set(py) - set(conda)):
        problems.append(f"{name} is in pyproject.toml but not in environment.yml")
    for name in sorted(set(conda) - set(py)):
        problems.append(f"{name} is in environment.yml but not in pyproject.toml")
    for name in sorted(set(py) & set(conda)):
        if py[name] != conda[name]:
            problems.append(f"{name}: pyproject.toml says '{py[name]}', environment.yml '{conda[name]}'")
    for name, spec in sorted(py.items()):
        if name not in lock:
            problems.append(f"{name} is not pinned in requirements-lock.txt")
        elif Version(lock[name]) not in spec:
            problems.append(f"{name}=={lock[name]} in the lock is outside pyproject.toml's '{spec}'")
    requires = SpecifierSet(tomllib.loads(pyproject)["project"]["requires-python"])
    if not python or Version(python) not in requires:
        problems.append(f"environment.yml python={python} is outside requires-python '{requires}'")
    return problems


def test_the_three_environment_files_agree():
    problems = disagreements((ROOT / "pyproject.toml").read_text(),
                             (ROOT / "environment.yml").read_text(),
                             read_lock(ROOT / "requirements-lock.txt"))
    assert problems == []


PYPROJECT = """
[project]
requires-python = ">=3.11"
dependencies = ["pandas>=3,<4"]
[project.optional-dependencies]
dev = ["pytest>=8,<10"]
"""
ENV = """
dependencies:
  - python=3.11
  - pandas>=3,<4
  - pytest>=8,<10
  - pip:
      - -e .
"""


def test_agreement_check_accepts_matching_files():
    assert disagreements(PYPROJECT, ENV, {"pandas": "3.1.1", "pytest": "9.0.0"}) == []


@pytest.mark.parametrize("env, lock, expected", [
    (ENV.replace("  - pytest>=8,<10\n", ""), {"pandas": "3.1.1", "pytest": "9.0.0"},
     "pytest is in pyproject.toml but not in environment.yml"),
    (ENV + "  - requests\n", {"pandas": "3.1.1", "pytest": "9.0.0"},
     "requests is in environment.yml but not in pyproject.toml"),
    (ENV.replace("pandas>=3,<4", "pandas>=2,<3"), {"pandas": "3.1.1", "pytest": "9.0.0"},
     "pandas: pyproject.toml says '<4,>=3', environment.yml '<3,>=2'"),
    (ENV, {"pandas": "2.2.3", "pytest": "9.0.0"},
     "pandas==2.2.3 in the lock is outside pyproject.toml's '<4,>=3'"),
    (ENV, {"pandas": "3.1.1"}, "pytest is not pinned in requirements-lock.txt"),
    (ENV.replace("python=3.11", "python=3.10"), {"pandas": "3.1.1", "pytest": "9.0.0"},
     "environment.yml python=3.10 is outside requires-python '>=3.11'"),
])
def test_agreement_check_catches_each_disagreement(env, lock, expected):
    assert expected in disagreements(PYPROJECT, env, lock)


def test_lock_pins_exact_versions(tmp_path):
    bad = tmp_path / "lock.txt"
    bad.write_text("pandas>=3\n")
    with pytest.raises(ValueError, match="not an exact pin"):
        read_lock(bad)
