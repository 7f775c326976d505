"""Column schemas of the course datasets, and the checks every loaded frame passes.

Each dataset maps column -> kind. Kinds:

``str``, ``str?``        text (``?``: may be missing, stored as an empty CSV cell)
``int64``, ``Int64``     whole numbers (``Int64``: nullable)
``float64``              numbers (missing allowed as NaN)
``bool``                 True/False
``datetime``, ``datetime?``  dates or timestamps (``datetime64[us]``; ``?``: may be missing)

:func:`validate` checks columns, kinds, non-negative numbers, reach <= impressions,
and (given a period) that dates fall inside it. Errors name the dataset, the
column and what was expected.
"""
from __future__ import annotations

import pandas as pd

__all__ = ["NEGATIVE_ALLOWED", "OUTSIDE_PERIOD_ALLOWED", "SCHEMAS", "SchemaError", "validate"]


class SchemaError(ValueError):
    """A frame does not match its dataset's schema."""


SCHEMAS: dict[str, dict[str, str]] = {
    "platforms": {
        "platform": "str", "name": "str", "name_zh": "str?", "market": "str",
        "launched": "int64", "owner": "str", "main_formats": "str", "strength": "str",
        "age_18_24": "float64", "age_25_34": "float64", "age_35_44": "float64",
        "age_45_plus": "float64", "mau_millions": "Int64", "mau_source": "str?",
        "engagement_rate": "float64", "cpm_usd": "float64", "figures_basis": "str",
    },
    "users": {
        "user_id": "str", "segment": "str", "age_band": "str", "gender": "str",
        "city_tier": "int64", "interests": "str", "peak_hour": "int64",
        "preferred_platform": "str", "signup_date": "datetime", "last_active_date": "datetime",
        "sessions_per_week": "float64", "likes": "int64", "comments": "int64", "shares": "int64",
        "orders": "int64", "spend": "float64", "last_order_date": "datetime?",
    },
    "posts": {
        "post_id": "str", "timestamp": "datetime", "platform": "str", "format": "str",
        "topic": "str", "trending": "bool", "influencer": "bool", "campaign_id": "str?",
        "paid_spend": "float64", "impressions": "int64", "reach": "int64", "likes": "int64",
        "comments": "int64", "shares": "int64", "saves": "int64", "clicks": "int64",
        "conversions": "int64", "revenue": "float64", "follows": "int64", "unfollows": "int64",
    },
    "daily_metrics": {
        "date": "datetime", "platform": "str", "followers": "int64", "follows": "int64",
        "unfollows": "int64", "posts": "int64", "impressions": "int64", "reach": "int64",
        "engagements": "int64", "clicks": "int64", "conversions": "int64", "revenue": "float64",
        "paid_spend": "float64",
    },
    "comments": {
        "comment_id": "str", "post_id": "str", "user_id": "str", "timestamp": "datetime",
        "platform": "str", "text": "str", "text_en": "str", "sentiment": "str",
    },
    "campaigns": {
        "campaign_id": "str", "name": "str", "kind": "str", "objective": "str", "platforms": "str",
        "start_date": "datetime", "end_date": "datetime", "budget": "float64", "spend": "float64",
    },
    "ab_tests": {
        "test_id": "str", "test_name": "str", "platform": "str", "date": "datetime",
        "variant": "str", "exposed": "int64", "clicks": "int64", "conversions": "int64",
    },
    "survey": {
        "respondent_id": "str", "user_id": "str", "date": "datetime", "segment": "str",
        "platform": "str", "satisfaction": "int64", "nps": "int64", "pain_point": "str",
    },
    "competitors": {
        "week_start": "datetime", "company": "str", "is_brand": "bool", "followers": "int64",
        "posts": "int64", "engagements": "int64", "mentions": "int64",
    },
    "community": {
        "week_start": "datetime", "members": "int64", "new_members": "int64",
        "left_members": "int64", "weekly_active": "int64", "posts": "int64", "comments": "int64",
        "pulse_responses": "int64", "satisfied": "int64",
    },
    "influencers": {
        "influencer_id": "str", "handle": "str", "platform": "str", "followers": "int64",
        "avg_likes": "int64", "avg_comments": "int64", "engagement_rate": "float64",
        "follower_growth_90d": "float64", "max_daily_gain": "int64", "audience_fit": "float64",
        "price": "float64",
    },
}

#: Numeric columns that may legitimately be negative.
NEGATIVE_ALLOWED: dict[str, set[str]] = {"influencers": {"follower_growth_90d"}}

#: Date columns that may fall before the scenario period (history of the audience).
OUTSIDE_PERIOD_ALLOWED: dict[str, set[str]] = {"users": {"signup_date", "last_active_date"}}

_CHECK_KIND = {
    "str": pd.api.types.is_string_dtype,
    "int64": pd.api.types.is_integer_dtype,
    "Int64": pd.api.types.is_integer_dtype,
    "float64": pd.api.types.is_numeric_dtype,
    "bool": pd.api.types.is_bool_dtype,
    "datetime": pd.api.types.is_datetime64_any_dtype,
}


def base_kind(kind: str) -> str:
    """``'str?'`` -> ``'str'``."""
    return kind.rstrip("?")


def validate(name: str, frame: pd.DataFrame, period: tuple[pd.Timestamp, pd.Timestamp] | None = None,
             schema: dict[str, str] | None = None) -> pd.DataFrame:
    """Check ``frame`` against the schema of dataset ``name``; return it unchanged.

    Parameters
    ----------
    name : dataset name (key of :data:`SCHEMAS`), used in messages.
    frame : the data.
    period : (first, last) timestamps; date columns must fall inside
        (the last day counts whole), except :data:`OUTSIDE_PERIOD_ALLOWED`.
    schema : check these columns instead of the full schema (imports).
    """
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"dataset {name!r}: expected a pandas DataFrame, got {type(frame).__name__}")
    schema = schema if schema is not None else SCHEMAS[name]
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise SchemaError(f"dataset {name!r} is missing columns {missing}; "
                          f"it has {list(frame.columns)}")
    for col, kind in schema.items():
        base = base_kind(kind)
        series = frame[col]
        if not _CHECK_KIND[base](series.dtype) or (base == "float64" and pd.api.types.is_bool_dtype(series)):
            raise SchemaError(f"dataset {name!r}: column {col!r} should be {base}, "
                              f"but its dtype is {series.dtype}")
        if not kind.endswith("?") and base in ("str", "int64", "bool", "datetime") and series.isna().any():
            row = series.index[series.isna()][0]
            raise SchemaError(f"dataset {name!r}: column {col!r} has a missing value (row {row})")
        if base in ("int64", "Int64", "float64") and col not in NEGATIVE_ALLOWED.get(name, set()):
            negative = series < 0
            if negative.any():
                row = series.index[negative.fillna(False)][0]
                raise SchemaError(f"dataset {name!r}: column {col!r} has a negative value "
                                  f"({series[row]} in row {row}); counts and amounts must be >= 0")
    if {"reach", "impressions"} <= set(frame.columns):
        over = frame["reach"] > frame["impressions"]
        if over.any():
            row = frame.index[over][0]
            raise SchemaError(f"dataset {name!r}: reach exceeds impressions in row {row} "
                              f"({frame.at[row, 'reach']} > {frame.at[row, 'impressions']})")
    if period is not None:
        first, last = pd.Timestamp(period[0]), pd.Timestamp(period[1]) + pd.Timedelta(days=1)
        for col, kind in schema.items():
            if base_kind(kind) != "datetime" or col in OUTSIDE_PERIOD_ALLOWED.get(name, set()):
                continue
            values = frame[col].dropna()
            outside = (values < first) | (values >= last)
            if outside.any():
                row = values.index[outside][0]
                raise SchemaError(f"dataset {name!r}: column {col!r} has {values[row]} in row {row}, "
                                  f"outside the period {first.date()} to {period[1]:%Y-%m-%d}")
    return frame
