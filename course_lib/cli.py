"""The ``course`` command: run notebooks, make student copies, check the machine.

    course run [NOTEBOOK ...] [-p NAME VALUE ...] [--jobs N] [--out DIR]
    course run --in-place [NOTEBOOK ...]          (contributors: refresh committed outputs)
    course params NOTEBOOK                        (what a notebook's parameters are)
    course student [NOTEBOOK ...] [--out DIR] [--force | --keep-existing]
    course cases --roster ROSTER.csv --out DIR [--notebook NB ...] [--market M] [--jobs N] [--force]
    course grade SUBMISSIONS --key KEY.csv --out DIR [--jobs N] [--timeout S] [--force]
    course doctor [--no-kernel]
    course data [--check | --regenerate | --manifest]

Bad input (a notebook that does not exist, an unknown parameter, a value
of the wrong type or outside the allowed set) gives one line on stderr and
exit status 2, before any kernel starts and before anything is written.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import params as P
from .curriculum import NOTEBOOKS as CURRICULUM_ROWS
from .curriculum import notebooks_dir
from .notebooks import course_notebooks

__all__ = ["main"]


class CliError(Exception):
    """Bad input: reported as one line, exit status 2."""


def _resolve_notebooks(names: list[str]) -> list[Path]:
    if not names:
        found = course_notebooks()
        if not found:
            raise CliError(f"no notebooks found in {notebooks_dir()}")
        return found
    paths = []
    for name in names:
        path = Path(name)
        candidates = [path, notebooks_dir() / path.name, notebooks_dir() / f"{path.name}.ipynb"]
        hit = next((c for c in candidates if c.is_file() and c.suffix == ".ipynb"), None)
        if hit is None:
            known = ", ".join(p.stem for p in course_notebooks()) or "none"
            planned = {Path(f).stem for _, f, *_ in CURRICULUM_ROWS}
            if path.stem in planned:
                raise CliError(f"notebook {name} is planned but not written yet (available: {known})")
            raise CliError(f"notebook not found: {name} (course notebooks: {known})")
        paths.append(hit)
    return paths


def _plan(notebooks: list[Path], overrides: dict[str, str]) -> list[tuple[Path, dict]]:
    """Validate every override against every notebook; nothing runs yet."""
    declared = {nb: P.declared_parameters(nb) for nb in notebooks}
    for name in overrides:
        if not any(name in d for d in declared.values()):
            allowed = sorted({n for d in declared.values() for n in d})
            where = notebooks[0].stem if len(notebooks) == 1 else "the selected notebooks"
            raise CliError(f"unknown parameter {name!r} for {where}; allowed: {', '.join(allowed) or 'none'}"
                           + P.did_you_mean(name, allowed))
    plan = []
    for nb, decl in declared.items():
        mine = {k: v for k, v in overrides.items() if k in decl}
        plan.append((nb, P.coerce_overrides(decl, mine, notebook=nb.stem)))
    return plan


def cmd_run(args: argparse.Namespace) -> int:
    from .runner import run_all, summary_table

    notebooks = _resolve_notebooks(args.notebooks)
    overrides: dict[str, str] = {}
    for name, value in args.param or []:
        if name in overrides:
            raise CliError(f"parameter {name} is given twice with -p")
        overrides[name] = value
    if args.jobs < 1:
        raise CliError(f"--jobs must be at least 1, got {args.jobs}")
    if args.in_place and (overrides or args.out):
        raise CliError("--in-place re-executes with default parameters; drop -p/--out")
    plan = _plan(notebooks, overrides)
    out = None if args.in_place else Path(args.out or "build")
    where = "in place" if out is None else f"into {out}/"
    print(f"Running {len(plan)} notebook(s) {where} with {min(args.jobs, len(plan))} parallel kernel(s)",
          flush=True)
    results = run_all(plan, out, workers=args.jobs, html=not args.no_html, timeout=args.timeout,
                      progress=lambda m: print(m, flush=True))
    print()
    print(summary_table(results))
    return 0 if all(r.ok for r in results) else 1


def cmd_params(args: argparse.Namespace) -> int:
    (nb,) = _resolve_notebooks([args.notebook])
    rows = P.declared_parameters(nb)
    for d in rows.values():
        dom = P.DOMAINS.get(d.name)
        allowed = dom.allowed() if dom else "(no domain registered)"
        print(f"{d.name:<14} {d.type.__name__:<5} default {d.default!r:<10} allowed: {allowed}  # {d.help}")
    return 0


def cmd_student(args: argparse.Namespace) -> int:
    from .student import make_student_copies

    if args.force and args.keep_existing:
        raise CliError("choose one of --force and --keep-existing")
    notebooks = _resolve_notebooks(args.notebooks)
    done = make_student_copies(notebooks, Path(args.out), force=args.force,
                               keep_existing=args.keep_existing, protected=notebooks_dir())
    written = [d for d in done if d.action == "written"]
    kept = [d for d in done if d.action == "kept"]
    print(f"Student copies in {args.out}/: {len(written)} written"
          + (f", {len(kept)} kept (your earlier work)" if kept else ""))
    if written:
        print("In each exercise cell, delete the 'raise NotImplementedError' line and write your code there.")
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    from .case_variants import make_variants

    notebooks = _resolve_notebooks(args.notebook or ["05_2_failure_diagnosis"])
    result = make_variants(args.roster, notebooks, Path(args.out), market=args.market, jobs=args.jobs,
                           force=args.force, execute=not args.no_execute, timeout=args.timeout,
                           protected=notebooks_dir(), progress=lambda m: print(m, flush=True))
    if result.runs:
        failed = [r for r in result.runs if not r.ok]
        print(f"{len(result.runs) - len(failed)} of {len(result.runs)} instructor copies ran without error "
              f"({sum(r.seconds for r in result.runs):.1f} kernel-seconds)")
        for r in failed:
            print(f"  FAILED {r.output or r.notebook} at {r.cell or 'start'}: {r.error}")
    students = len({v.student_id for v in result.variants})
    print(f"Done in {result.seconds:.1f} s: {students} student(s), {len(result.variants)} variant(s).")
    print(f"  hand out:      {Path(args.out) / 'student'}/<student_id>/")
    print(f"  your copies:   {Path(args.out) / 'instructor'}/<student_id>/  (solutions, outputs)")
    print(f"  answer key:    {result.key}  (keep it private: it names each hidden failure mode)")
    if not result.ok:
        print("Some instructor copies failed to run: see the table above.")
    return 0 if result.ok else 1


def cmd_grade(args: argparse.Namespace) -> int:
    from .grading import grade

    report = grade(args.submissions, args.key, Path(args.out), jobs=args.jobs, timeout=args.timeout,
                   cell_timeout=args.cell_timeout, force=args.force, progress=lambda m: print(m, flush=True))
    graded = sum(o.status == "graded" for o in report.outcomes)
    problems = [o for o in report.outcomes if o.status != "graded"]
    print(f"Done in {report.seconds:.1f} s: {graded} of {len(report.outcomes)} notebook(s) graded"
          + (f"; {len(problems)} not graded (missing, broken or timed out)" if problems else "")
          + (f"; {len(report.unmatched)} file(s) not matched to the key" if report.unmatched else "") + ".")
    print(f"  per check:    {report.grades}")
    print(f"  per student:  {report.totals}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import check_all, format_table

    findings = check_all(kernel=not args.no_kernel)
    print(format_table(findings))
    return 0 if all(f.ok for f in findings) else 1


def cmd_data(args: argparse.Namespace) -> int:
    from . import data

    if args.regenerate:
        written = data.regenerate()
        print(f"Regenerated {len(written) - 1} files of the default scenario and {written[-1].name} "
              f"in {data.datasets_dir()}")
        return 0
    if args.manifest:
        print(f"wrote {data.write_manifest()}")
        return 0
    problems = data.verify() + data.regeneration_problems()
    for p in problems:
        print(f"PROBLEM {p}")
    if problems:
        print("Fix: 'git checkout datasets/' restores the shipped files; after a deliberate change to "
              "course_lib.sim, run 'course data --regenerate' and commit the result.")
        return 1
    print(f"OK: {len(data.manifest())} dataset files match datasets/MANIFEST.csv, and the simulated "
          "ones are byte-identical to a fresh simulation of the default scenario")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="course", description="Social Media Operations course tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="execute notebooks (default: all) into a build folder")
    run.add_argument("notebooks", nargs="*", help="notebook paths or names (default: every notebook)")
    run.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                     help="set a parameter, e.g. -p SEED 7 -p MARKET global")
    run.add_argument("--jobs", type=int, default=1, help="parallel kernels (default 1)")
    run.add_argument("--out", help="output folder (default build)")
    run.add_argument("--no-html", action="store_true", help="skip the HTML copies")
    run.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    run.add_argument("--in-place", action="store_true",
                     help="re-execute the committed notebooks in place (contributors)")
    run.set_defaults(func=cmd_run)

    prm = sub.add_parser("params", help="list a notebook's parameters and their allowed values")
    prm.add_argument("notebook")
    prm.set_defaults(func=cmd_params)

    stu = sub.add_parser("student", help="write student copies (solutions removed)")
    stu.add_argument("notebooks", nargs="*", help="notebook paths or names (default: every notebook)")
    stu.add_argument("--out", default="student", help="output folder (default student)")
    stu.add_argument("--force", action="store_true", help="overwrite copies in a non-empty folder")
    stu.add_argument("--keep-existing", action="store_true",
                     help="keep copies already there, add only the missing ones")
    stu.set_defaults(func=cmd_student)

    cas = sub.add_parser("cases", help="per-student case notebooks, student copies and an answer key")
    cas.add_argument("--roster", required=True, help="CSV with student_id,name (one row per student)")
    cas.add_argument("--out", required=True, help="output folder (refuses a non-empty one without --force)")
    cas.add_argument("--notebook", action="append",
                     help="case notebook (repeatable; default 05_2_failure_diagnosis)")
    cas.add_argument("--market", default="cn", help="market of every variant: cn or global (default cn)")
    cas.add_argument("--jobs", type=int, default=1, help="parallel kernels for the instructor copies")
    cas.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    cas.add_argument("--no-execute", action="store_true", help="do not execute the instructor copies")
    cas.add_argument("--force", action="store_true", help="overwrite files in a non-empty --out")
    cas.set_defaults(func=cmd_cases)

    grd = sub.add_parser("grade", help="grade collected notebooks against an answer key")
    grd.add_argument("submissions", help="folder of submitted notebooks (any layout; never modified)")
    grd.add_argument("--key", required=True, help="answer_key.csv written by 'course cases'")
    grd.add_argument("--out", required=True, help="folder for grades.csv and totals.csv")
    grd.add_argument("--jobs", type=int, default=1, help="notebooks graded in parallel")
    grd.add_argument("--timeout", type=int, default=300, help="seconds allowed per notebook (then killed)")
    grd.add_argument("--cell-timeout", type=int, default=60,
                     help="seconds allowed per cell (the cell is interrupted, the rest still runs)")
    grd.add_argument("--force", action="store_true", help="overwrite earlier grades in --out")
    grd.set_defaults(func=cmd_grade)

    doc = sub.add_parser("doctor", help="check this machine is ready for the course")
    doc.add_argument("--no-kernel", action="store_true", help="skip starting a kernel")
    doc.set_defaults(func=cmd_doctor)

    dat = sub.add_parser("data", help="verify or regenerate the shipped datasets")
    grp = dat.add_mutually_exclusive_group()
    grp.add_argument("--check", action="store_true",
                     help="checksums against the manifest, and byte-identity with a fresh simulation (default)")
    grp.add_argument("--regenerate", action="store_true",
                     help="rewrite the simulated files of the default scenario and the manifest")
    grp.add_argument("--manifest", action="store_true",
                     help="rewrite datasets/MANIFEST.csv only (after editing a hand-made table)")
    dat.set_defaults(func=cmd_data)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (CliError, P.ParameterError, FileNotFoundError, ValueError) as exc:
        print(f"course {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
