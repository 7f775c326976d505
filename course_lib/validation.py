"""Input checks shared by the analysis modules, with messages that name the problem.

Every public function of ``course_lib`` that takes a table checks it first, so
a learner sees "posts has no column(s) ['reach']; available: [...]" instead of
a ``KeyError`` three frames deep.

>>> import pandas as pd
>>> check_frame(pd.DataFrame({"a": [1]}), "posts").shape
(1, 1)
>>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "posts")
Traceback (most recent call last):
...
ValueError: posts has no column(s) ['b']; available: ['a']
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd

__all__ = ["as_list", "check_frame", "require_columns"]


def check_frame(frame: object, param: str, *, why: str | None = None) -> pd.DataFrame:
    """Return ``frame`` if it is a non-empty DataFrame; else raise naming ``param``.

    ``why`` is appended to the message for an empty frame (what the function needs).
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{param} must be a pandas DataFrame, got {type(frame).__name__}")
    if len(frame) == 0:
        raise ValueError(f"{param} is empty (0 rows)" + (f": {why}" if why else ""))
    return frame


def require_columns(frame: pd.DataFrame, columns: Sequence[Hashable], param: str) -> None:
    """Raise ``ValueError`` naming the missing ``columns`` of ``frame`` and the ones it has."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{param} has no column(s) {missing}; available: {list(frame.columns)}")


def as_list(by: Hashable | Sequence[Hashable] | None) -> list[Hashable]:
    """A ``by=`` argument as a list of column names: ``None`` → ``[]``, one name → ``[name]``.

    >>> as_list(None), as_list("platform"), as_list(["platform", "format"])
    ([], ['platform'], ['platform', 'format'])
    """
    if by is None:
        return []
    if isinstance(by, str) or not isinstance(by, Sequence):
        return [by]
    return list(by)
