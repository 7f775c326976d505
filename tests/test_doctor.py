"""course doctor: each check says OK or names the problem and its fix."""
from __future__ import annotations

import shutil

from course_lib import doctor

from conftest import ROOT


def test_all_checks_pass_in_the_course_environment():
    findings = doctor.check_all(kernel=True)
    assert [f.check for f in findings] == ["Python version", "Packages vs lock", "Jupyter kernel",
                                          "Dataset checksums", "Build folder writable"]
    assert all(f.ok for f in findings), doctor.format_table(findings)
    assert doctor.format_table(findings).endswith("ready for the course.")


def test_version_mismatch_is_a_problem_with_a_fix(tmp_path):
    lock = tmp_path / "lock.txt"
    lock.write_text("pandas==0.0.1\nnot-a-real-package-xyz==1.0\n")
    f = doctor.check_packages(lock)
    assert not f.ok
    assert "pandas" in f.detail and "(lock: 0.0.1)" in f.detail and "not-a-real-package-xyz missing" in f.detail
    assert "make install" in f.fix
    assert "PROBLEM" in doctor.format_table([f]) and "fix: " in doctor.format_table([f])


def test_missing_lock_and_tampered_datasets_are_problems(tmp_path, monkeypatch):
    assert not doctor.check_packages(tmp_path / "none.txt").ok
    folder = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", folder)
    (folder / "platforms.csv").write_text("changed\n")
    monkeypatch.setenv("COURSE_DATASETS", str(folder))
    f = doctor.check_datasets()
    assert not f.ok and "platforms.csv differs" in f.detail and "git checkout" in f.fix


def test_unwritable_build_folder_is_a_problem(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    f = doctor.check_build_dir(blocker / "build")
    assert not f.ok and f.fix
