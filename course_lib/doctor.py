"""``course doctor``: is this machine ready for the course?

For trainers before a workshop. Each check gives OK or PROBLEM with the fix;
the command exits non-zero when anything is a problem.
"""
from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from . import data

__all__ = ["Finding", "check_all", "format_table", "repo_root"]

MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    detail: str
    fix: str = ""


def repo_root() -> Path:
    """The course repository this package was installed from (editable install)."""
    return Path(__file__).resolve().parent.parent


def check_python() -> Finding:
    v = sys.version_info
    ok = (v.major, v.minor) >= MIN_PYTHON
    return Finding("Python version", ok, f"Python {v.major}.{v.minor}.{v.micro}",
                   "" if ok else "install Python 3.11 or newer, then run 'make course' again")


def read_lock(path: Path) -> dict[str, str]:
    """Package name -> exact version from a ``name==version`` lock file."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        spec = next(iter(req.specifier), None)
        if spec is None or spec.operator != "==":
            raise ValueError(f"{path.name}: {line!r} is not an exact pin (name==version)")
        pins[canonicalize_name(req.name)] = spec.version
    return pins


def check_packages(lock: Path | None = None) -> Finding:
    lock = lock or repo_root() / "requirements-lock.txt"
    if not lock.is_file():
        return Finding("Packages vs lock", False, f"{lock} not found",
                       "run from a clone of the course repository")
    wrong = []
    for name, version in read_lock(lock).items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name} missing")
            continue
        if have != version:
            wrong.append(f"{name} {have} (lock: {version})")
    if wrong:
        shown = ", ".join(wrong[:5]) + (f" and {len(wrong) - 5} more" if len(wrong) > 5 else "")
        return Finding("Packages vs lock", False, shown,
                       "run 'make install' (or: pip install -r requirements-lock.txt)")
    return Finding("Packages vs lock", True, "all pinned versions installed")


def check_kernel(timeout: float = 60) -> Finding:
    """Start the ``python3`` kernel and ask it which Python it runs."""
    fix = ("run 'make lab' from the course folder, or remove a user-level 'python3' kernelspec "
           "that points elsewhere ('jupyter kernelspec list')")
    try:
        from jupyter_client.manager import start_new_kernel

        from .runner import KERNEL_ARGS

        km, kc = start_new_kernel(kernel_name="python3", startup_timeout=timeout,
                                  extra_arguments=KERNEL_ARGS)
    except Exception as exc:
        return Finding("Jupyter kernel", False, f"python3 kernel does not start: {exc}", fix)
    try:
        seen: list[str] = []
        kc.execute_interactive("import sys, course_lib; print(sys.prefix)", timeout=timeout,
                               output_hook=lambda msg: seen.append(msg["content"].get("text", "")))
        prefix = "".join(seen).strip()
    except Exception as exc:
        return Finding("Jupyter kernel", False, f"kernel failed to import course_lib: {exc}", fix)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    ok = Path(prefix).resolve() == Path(sys.prefix).resolve()
    return Finding("Jupyter kernel", ok,
                   "python3 kernel runs the course environment" if ok
                   else f"python3 kernel runs {prefix!r}, not the course environment",
                   "" if ok else fix)


def check_datasets() -> Finding:
    problems = data.verify()
    if problems:
        return Finding("Dataset checksums", False, "; ".join(problems[:3]),
                       "restore the files with 'git checkout datasets/'")
    n = len(data.manifest())
    return Finding("Dataset checksums", True,
                   f"{n} file{'s' if n != 1 else ''} match datasets/MANIFEST.csv")


def check_build_dir(build: Path | None = None) -> Finding:
    build = build or repo_root() / "build"
    try:
        build.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=build, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Finding("Build folder writable", False, f"{build}: {exc.strerror or exc}",
                       "make the course folder writable, or copy it somewhere you can write")
    return Finding("Build folder writable", True, "build/ in the course folder is writable")


def check_all(kernel: bool = True, packages: bool = True) -> list[Finding]:
    """Run every check (the kernel check starts a kernel: a few seconds).

    Inside a notebook use ``check_all(kernel=False, packages=False)``: the
    kernel is obviously running, and conda/Binder installs legitimately
    differ from the pip lock file.
    """
    found = [check_python()]
    if packages:
        found.append(check_packages())
    if kernel:
        found.append(check_kernel())
    found += [check_datasets(), check_build_dir()]
    return found


def format_table(findings: list[Finding]) -> str:
    """A plain-text table of the findings."""
    w = max(len(f.check) for f in findings)
    lines = [f"{'check':<{w}}  status   detail", f"{'-' * w}  -------  ------"]
    for f in findings:
        lines.append(f"{f.check:<{w}}  {'OK' if f.ok else 'PROBLEM':<7}  {f.detail}")
        if not f.ok:
            lines.append(f"{'':<{w}}  {'':<7}  fix: {f.fix}")
    bad = sum(not f.ok for f in findings)
    lines.append("All checks passed: ready for the course." if not bad
                 else f"{bad} problem(s) found: see 'fix' above.")
    return "\n".join(lines)
