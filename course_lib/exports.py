"""Import a real platform analytics export onto the course's posts schema.

A learner who has their own page's data can run the course's analyses on
it. :func:`from_export` renames the export's columns to the course names,
translates coded values (e.g. Facebook's ``Type`` "Photo" -> ``image``),
parses numbers written as ``1,234`` or ``1.2万``, builds the posting time,
and validates the result with :mod:`course_lib.schemas`.

Two documented mappings ship with the course: :data:`FACEBOOK_INSIGHTS`
(a Facebook-Insights-style post export, as in the public data set of
Moro, Rita & Vala 2016) and :data:`WEIBO` (a Weibo-style export with
Chinese headers). Example files in both layouts are in
``datasets/examples/``.

>>> import pandas as pd
>>> raw = pd.DataFrame({"Type": ["Photo"], "Post Month": [3], "Post Weekday": [2], "Post Hour": [9],
...     "Paid": [0], "Lifetime Post Total Reach": [900], "Lifetime Post Total Impressions": [1500],
...     "Lifetime Engaged Users": [40], "comment": [2], "like": [30], "share": [5]})
>>> from_export(raw, FACEBOOK_INSIGHTS)[["platform", "format", "reach", "likes", "paid"]]
   platform format  reach  likes   paid
0  facebook  image    900     30  False
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .markets import DISPLAY_NAMES, FORMATS, check_platform
from .schemas import SCHEMAS, validate

__all__ = ["ExportError", "ExportMapping", "FACEBOOK_INSIGHTS", "IMPORT_KINDS", "MAPPINGS", "WEIBO",
           "from_export", "to_export"]


class ExportError(ValueError):
    """The export cannot be mapped or parsed; the message says where."""


#: Course columns an export may fill, with their kinds. Posts-schema columns keep
#: the posts schema's kind; the rest exist only in imports.
IMPORT_KINDS: dict[str, str] = {
    **{c: SCHEMAS["posts"][c] for c in (
        "post_id", "timestamp", "platform", "format", "topic", "paid_spend", "impressions",
        "reach", "likes", "comments", "shares", "saves", "clicks", "conversions", "revenue",
        "follows", "unfollows")},
    "month": "int64",      # 1-12, when the export has no full timestamp
    "weekday": "int64",    # 1 = Monday ... 7 = Sunday
    "hour": "int64",       # 0-23
    "paid": "bool",        # the post was boosted (a flag, not an amount)
    "engaged_users": "int64",
}
REQUIRED = ("platform", "format", "impressions", "likes", "comments", "shares")
TIME_PARTS = ("month", "weekday", "hour")
_RANGES = {"month": (1, 12), "weekday": (1, 7), "hour": (0, 23)}


@dataclass(frozen=True)
class ExportMapping:
    """How one export layout maps onto the course columns.

    Parameters
    ----------
    name : short id of the layout.
    columns : course column -> header of the export column that holds it.
    platform : platform id for every row, when the export has no platform column.
    values : course column -> {export value: course value}, for coded columns.
    description : one line for learners.
    """

    name: str
    columns: dict[str, str]
    platform: str | None = None
    values: dict[str, dict[Any, Any]] = field(default_factory=dict)
    description: str = ""


FACEBOOK_INSIGHTS = ExportMapping(
    name="facebook_insights",
    description="Facebook Insights post export (lifetime metrics per post), "
                "as in Moro, Rita & Vala (2016)",
    platform="facebook",
    columns={
        "format": "Type", "month": "Post Month", "weekday": "Post Weekday", "hour": "Post Hour",
        "paid": "Paid", "reach": "Lifetime Post Total Reach",
        "impressions": "Lifetime Post Total Impressions", "engaged_users": "Lifetime Engaged Users",
        "comments": "comment", "likes": "like", "shares": "share",
    },
    values={
        "format": {"Photo": "image", "Status": "text", "Link": "text", "Video": "video"},
        "paid": {0: False, 1: True, "0": False, "1": True},
    },
)

WEIBO = ExportMapping(
    name="weibo",
    description="Weibo-style post export with Chinese headers (reads, reposts, comments, likes)",
    platform="weibo",
    columns={
        "post_id": "微博ID", "timestamp": "发布时间", "format": "内容类型", "impressions": "阅读数",
        "shares": "转发数", "comments": "评论数", "likes": "点赞数",
    },
    values={"format": {"文字": "text", "图片": "image", "视频": "video", "短视频": "short_video",
                       "直播": "live"}},
)

MAPPINGS: dict[str, ExportMapping] = {m.name: m for m in (FACEBOOK_INSIGHTS, WEIBO)}

_UNITS = {"万": 10_000, "亿": 100_000_000}


def _show(value: Any) -> str:
    """repr() of a cell value without numpy's wrapper (25, not np.int64(25))."""
    return repr(value.item() if isinstance(value, np.generic) else value)
_NUMBER = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(万|亿)?\s*$")


def _parse_numbers(values: pd.Series, header: str, course: str, whole: bool) -> pd.Series:
    """Numbers that may be written '1,234' or '1.2万'; error names the column and row."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype("float64")
        bad = values.isna()
    else:
        text = values.astype("str").str.replace(",", "", regex=False)
        parts = text.str.extract(_NUMBER)
        numbers = parts[0].astype("float64") * parts[1].map(_UNITS).fillna(1)
        bad = numbers.isna()
    if whole:
        bad |= ~np.isclose(numbers, np.round(numbers)) & numbers.notna()
    if bad.any():
        row = bad.idxmax()
        kind = "a whole number" if whole else "a number"
        raise ExportError(f"column {header!r} (course column {course!r}), row {row}: "
                          f"cannot read {_show(values[row])} as {kind}")
    return numbers.round().astype("int64") if whole else numbers


def _parse(course: str, values: pd.Series, header: str) -> pd.Series:
    kind = IMPORT_KINDS[course].rstrip("?")
    if kind in ("int64", "float64"):
        out = _parse_numbers(values, header, course, whole=kind == "int64")
        if course in _RANGES:
            low, high = _RANGES[course]
            outside = (out < low) | (out > high)
            if outside.any():
                row = outside.idxmax()
                raise ExportError(f"column {header!r} (course column {course!r}), row {row}: "
                                  f"{_show(values[row])} is outside {low}-{high}")
        return out
    if kind == "datetime":
        out = pd.to_datetime(values, errors="coerce")
        bad = out.isna() & values.notna()
        if bad.any():
            row = bad.idxmax()
            raise ExportError(f"column {header!r} (course column {course!r}), row {row}: "
                              f"cannot read {_show(values[row])} as a date and time")
        return out.astype("datetime64[us]")
    if kind == "bool":
        if not pd.api.types.is_bool_dtype(values):
            raise ExportError(f"column {header!r} (course column {course!r}): "
                              f"values must be True/False or 0/1, got {_show(values.iloc[0])}")
        return values.astype("bool")
    return values.astype("str")


def _translate(course: str, values: pd.Series, table: dict, header: str) -> pd.Series:
    known = values.map(lambda v: v in table)
    if not known.all():
        row = (~known).idxmax()
        allowed = ", ".join(repr(k) for k in table if isinstance(k, str))
        raise ExportError(f"column {header!r} (course column {course!r}), row {row}: "
                          f"unknown value {_show(values[row])}; known values: {allowed}")
    return values.map(table)


def from_export(frame: pd.DataFrame, mapping: ExportMapping | dict[str, str],
                platform: str | None = None) -> pd.DataFrame:
    """Map an analytics export onto the course's posts columns and validate it.

    Parameters
    ----------
    frame : the export as read by ``pandas.read_csv`` (or ``read_excel``).
    mapping : an :class:`ExportMapping` (e.g. :data:`FACEBOOK_INSIGHTS`, :data:`WEIBO`) or a plain
        dict ``{course column: export header}``.
    platform : platform id for every row; overrides ``mapping.platform``.

    Returns
    -------
    DataFrame with the course columns the export provides (see :data:`IMPORT_KINDS`),
    in the posts table's order, then the import-only columns. Needs at least
    platform, format, impressions, likes, comments and shares, and either a
    ``timestamp`` or ``month``/``weekday``/``hour``.

    Raises
    ------
    ExportError
        One message listing every missing column and the columns the export has;
        or the column and row of a value that cannot be read.
    """
    if isinstance(mapping, dict):
        mapping = ExportMapping(name="custom", columns=dict(mapping))
    if not isinstance(frame, pd.DataFrame):
        raise ExportError(f"from_export needs a pandas DataFrame, got {type(frame).__name__}")
    if frame.empty:
        raise ExportError("the export has no rows")
    unknown = [c for c in mapping.columns if c not in IMPORT_KINDS]
    if unknown:
        raise ExportError(f"mapping {mapping.name!r} names course columns {unknown} that do not exist; "
                          f"allowed: {', '.join(IMPORT_KINDS)}")
    platform = platform or mapping.platform
    needed = [c for c in REQUIRED if not (c == "platform" and platform)]
    missing_course = [c for c in needed if c not in mapping.columns]
    has_time = "timestamp" in mapping.columns or all(p in mapping.columns for p in TIME_PARTS)
    if not has_time:
        missing_course.append("timestamp (or month, weekday and hour)")
    absent = [f"{course} <- {header!r}" for course, header in mapping.columns.items()
              if header not in frame.columns]
    if missing_course or absent:
        parts = []
        if missing_course:
            parts.append(f"the mapping gives no export column for: {', '.join(missing_course)}")
        if absent:
            parts.append(f"the export lacks: {'; '.join(absent)}")
        raise ExportError(f"cannot import with mapping {mapping.name!r}: {' and '.join(parts)}. "
                          f"The export's columns are: {', '.join(map(str, frame.columns))}")

    out: dict[str, pd.Series] = {}
    for course, header in mapping.columns.items():
        values = frame[header]
        if course in mapping.values:
            values = _translate(course, values, mapping.values[course], header)
        out[course] = _parse(course, values, header)
    result = pd.DataFrame(out, index=frame.index)
    if platform:
        result["platform"] = check_platform(platform)
    else:
        bad = ~result["platform"].isin(list(DISPLAY_NAMES))
        if bad.any():
            check_platform(result.at[bad.idxmax(), "platform"])
    bad_format = ~result["format"].isin(FORMATS)
    if bad_format.any():
        row = bad_format.idxmax()
        raise ExportError(f"column {mapping.columns['format']!r} (course column 'format'), row {row}: "
                          f"{_show(result.at[row, 'format'])} is not a course format; "
                          f"allowed: {', '.join(FORMATS)} (add a 'values' translation to the mapping)")
    if "post_id" not in result:
        result["post_id"] = [f"X{i:05d}" for i in range(1, len(result) + 1)]
    order = [c for c in SCHEMAS["posts"] if c in result] + [c for c in IMPORT_KINDS
                                                            if c in result and c not in SCHEMAS["posts"]]
    result = result[order].reset_index(drop=True)
    kinds = {c: IMPORT_KINDS[c] for c in result.columns}
    return validate("posts", result, schema=kinds)


def to_export(posts: pd.DataFrame, mapping: ExportMapping) -> pd.DataFrame:
    """Write course posts in an export layout (used to make the example files).

    The inverse of :func:`from_export` for the mapped columns; a coded value
    that several course values share (Facebook's "Video") is written once.
    """
    ts = posts["timestamp"]
    course = {
        "post_id": posts["post_id"], "timestamp": ts.dt.strftime("%Y-%m-%d %H:%M"),
        "format": posts["format"], "month": ts.dt.month, "weekday": ts.dt.day_of_week + 1,
        "hour": ts.dt.hour, "paid": posts["paid_spend"] > 0,
        "engaged_users": np.minimum(posts["reach"], posts[["likes", "comments", "shares", "saves",
                                                           "clicks"]].sum(axis=1)),
    }
    columns = {}
    for name, header in mapping.columns.items():
        values = course.get(name, posts[name] if name in posts else None)
        if values is None:
            raise ExportError(f"to_export: posts have no column {name!r}")
        table = mapping.values.get(name)
        if table:
            inverse = {v: k for k, v in reversed(list(table.items()))}  # first code wins
            if name == "format":  # formats the layout has no own code for
                inverse.setdefault("short_video", inverse.get("video"))
                inverse.setdefault("live", inverse.get("video"))
            values = pd.Series(values).map(inverse)
        columns[header] = pd.Series(values).to_numpy()
    return pd.DataFrame(columns)
