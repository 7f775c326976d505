"""Names of the chapter-5 cases, failure modes and student ids (no heavy imports).

:mod:`course_lib.params` needs these names to validate the ``case``,
``failure_mode`` and ``student_id`` parameters of the case notebooks, and
:mod:`course_lib.cases` needs :mod:`course_lib.params`; keeping the names
here avoids a circular import.

>>> SUCCESS_CASES
('ecommerce', 'fmcg', 'short_video')
>>> bool(STUDENT_ID.fullmatch("s-001.a_B"))
True
"""
from __future__ import annotations

import re

__all__ = ["SUCCESS_CASES", "FAILURE_MODES", "RANDOM", "STUDENT_ID", "STUDENT_ID_RULE"]

SUCCESS_CASES: tuple[str, ...] = ("ecommerce", "fmcg", "short_video")
"""The three success cases of 000 §五."""

FAILURE_MODES: tuple[str, ...] = ("audience_mismatch", "single_platform", "no_iteration", "crisis_late")
"""The four failure modes of 000 §五."""

RANDOM = "random"
"""``failure_mode`` value that draws the mode from the student id (hidden from the learner)."""

STUDENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
"""What a student id may look like (it becomes part of file names)."""

STUDENT_ID_RULE = "1 to 64 letters, digits, '.', '_' or '-'"
