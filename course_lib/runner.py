"""Execute notebooks: with parameters into a build folder, or in place.

:func:`execute` runs one notebook with papermill (parameters injected after
its ``parameters`` cell) into an output folder, with an HTML copy.
:func:`run_all` runs several, in parallel processes, reporting progress and
returning one :class:`RunResult` each; :func:`summary_table` formats them.
:func:`execute_in_place` re-executes a committed notebook top to bottom in
a fresh kernel and writes it back normalised: the only way committed
outputs are produced (``make notebooks``).

Kernels always get ``PYTHONHASHSEED=0`` (stable set and dict output) and no
``MPLBACKEND`` (so figures are displayed inline, as nbval expects), and
start in the notebook's own folder, as nbval does.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from .notebooks import normalise, read_notebook, write_notebook

__all__ = ["RunResult", "execute", "execute_in_place", "kernel_env", "run_all", "summary_table"]

DEFAULT_TIMEOUT = 600  # seconds per cell
# ipykernel logs a notice about its loopback TCP transport at every start; it is
# not about the notebook, so kernels only log errors (cell errors still show in cells).
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]


@dataclass(frozen=True)
class RunResult:
    """The outcome of executing one notebook."""

    notebook: str
    status: str  # "ok" or "failed"
    seconds: float
    output: str | None = None
    html: str | None = None
    cell: str | None = None  # e.g. "In [5]" for the failing cell
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def kernel_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment kernels run with."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.pop("MPLBACKEND", None)
    env.update(extra or {})
    return env


@contextmanager
def _environ(env: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _first_line(text: str, width: int = 160) -> str:
    line = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def export_html(ipynb: Path, html: Path) -> None:
    """Write an HTML copy of an executed notebook (for projection)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(read_notebook(ipynb))
    html.write_text(body, encoding="utf-8")


def execute(
    notebook: str | Path,
    out_dir: str | Path,
    parameters: dict[str, Any] | None = None,
    *,
    html: bool = True,
    timeout: int = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
) -> RunResult:
    """Execute ``notebook`` with papermill into ``out_dir`` (plus ``.html``).

    Parameters must already be validated (see :mod:`course_lib.params`).
    ``env`` adds environment variables for the kernel (e.g. the check log).
    Never raises for a failing notebook: the result says what failed.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    src = Path(notebook).resolve()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / src.name
    start = time.perf_counter()
    status, cell, error = "ok", None, None
    with _environ(kernel_env(env)):
        try:
            pm.execute_notebook(
                str(src), str(out), parameters=dict(parameters or {}), cwd=str(src.parent),
                kernel_name="python3", progress_bar=False, log_output=False,
                execution_timeout=timeout, start_timeout=120, extra_arguments=KERNEL_ARGS,
            )
        except PapermillExecutionError as exc:
            status, cell = "failed", f"In [{exc.exec_count}]"
            error = _first_line(f"{exc.ename}: {exc.evalue}")
        except Exception as exc:  # timeout, dead kernel, unreadable notebook
            status, error = "failed", _first_line(f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - start
    html_path = None
    if html and out.is_file():
        html_path = out.with_suffix(".html")
        try:
            export_html(out, html_path)
        except Exception as exc:  # the run result matters more than its HTML copy
            html_path = None
            error = (error + "; " if error else "") + _first_line(f"HTML export failed: {exc}")
    return RunResult(src.name, status, round(seconds, 1), str(out) if out.is_file() else None,
                     str(html_path) if html_path else None, cell, error)


def _execute_job(args: tuple) -> RunResult:
    notebook, out_dir, parameters, html, timeout, env = args
    if out_dir is None:
        return execute_in_place(notebook, timeout=timeout)
    return execute(notebook, out_dir, parameters, html=html, timeout=timeout, env=env)


def run_all(
    jobs: list[tuple],
    out_dir: str | Path | None,
    *,
    workers: int = 1,
    html: bool = True,
    timeout: int = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
    progress: Callable[[str], None] | None = print,
) -> list[RunResult]:
    """Execute each ``(notebook, parameters)`` into ``out_dir``; results in input order.

    A job may also be ``(notebook, parameters, folder)`` to write that
    notebook into its own folder (``course cases``: one folder per student).
    With ``out_dir=None`` the notebooks are re-executed in place
    (:func:`execute_in_place`; parameters must then be empty).
    """
    say = progress or (lambda _msg: None)
    total = len(jobs)
    args = [(job[0], job[2] if len(job) > 2 else out_dir, job[1], html, timeout, env) for job in jobs]
    results: dict[int, RunResult] = {}

    def report(i: int, res: RunResult) -> None:
        results[i] = res
        mark = "ok" if res.ok else f"FAILED at {res.cell or 'start'}: {res.error}"
        where = Path(args[i][1]).name + "/" if len(jobs[i]) > 2 else ""
        say(f"[{len(results)}/{total}] {where + res.notebook:<45} {res.seconds:6.1f} s  {mark}")

    if workers <= 1 or total <= 1:
        for i, a in enumerate(args):
            say(f"  running {Path(a[0]).name} ...")
            report(i, _execute_job(a))
    else:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(_execute_job, a): i for i, a in enumerate(args)}
            for fut in as_completed(futures):
                report(futures[fut], fut.result())
    return [results[i] for i in range(total)]


def summary_table(results: list[RunResult]) -> str:
    """A plain-text table: notebook, status, seconds, and where it failed."""
    width = max([len("notebook")] + [len(r.notebook) for r in results])
    lines = [f"{'notebook':<{width}}  {'status':<6}  {'seconds':>7}  detail",
             f"{'-' * width}  {'-' * 6}  {'-' * 7}  {'-' * 6}"]
    for r in results:
        detail = "" if r.ok else f"{r.cell or 'before the first cell'}: {r.error}"
        lines.append(f"{r.notebook:<{width}}  {r.status:<6}  {r.seconds:7.1f}  {detail}".rstrip())
    failed = sum(not r.ok for r in results)
    total_s = sum(r.seconds for r in results)
    lines.append(f"{len(results) - failed} of {len(results)} notebooks ran without error "
                 f"({total_s:.1f} kernel-seconds).")
    return "\n".join(lines)


def execute_in_place(notebook: str | Path, timeout: int = DEFAULT_TIMEOUT) -> RunResult:
    """Re-execute a committed notebook top to bottom in a fresh kernel and save it normalised.

    On failure the file is left untouched and the result names the failing cell.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(notebook).resolve()
    nb = read_notebook(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", extra_arguments=KERNEL_ARGS,
                            resources={"metadata": {"path": str(path.parent)}})
    with _environ(kernel_env()):
        try:
            client.execute()
        except CellExecutionError as exc:
            failing = next((c for c in nb.cells if c.cell_type == "code"
                            and any(o.get("output_type") == "error" for o in c.get("outputs", []))),
                           None)
            where = f"In [{failing.execution_count}]" if failing is not None else None
            return RunResult(path.name, "failed", round(time.perf_counter() - start, 1),
                             cell=where, error=_first_line(f"{exc.ename}: {exc.evalue}"))
        except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:
            return RunResult(path.name, "failed", round(time.perf_counter() - start, 1),
                             error=_first_line(f"{type(exc).__name__}: {exc}"))
    write_notebook(normalise(nb), path)
    return RunResult(path.name, "ok", round(time.perf_counter() - start, 1), output=str(path))

