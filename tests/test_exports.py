"""Import of real platform exports: mappings, parsing, clear errors."""
from __future__ import annotations

import pandas as pd
import pytest

from course_lib import data
from course_lib.exports import FACEBOOK_INSIGHTS, WEIBO, ExportError, from_export

from conftest import ROOT

EXAMPLES = ROOT / "datasets" / "examples"


def _source(market, platform):
    posts = data.load("posts", market=market)
    return posts[posts["platform"] == platform].head(120).reset_index(drop=True)


def test_facebook_insights_example_round_trips():
    raw = pd.read_csv(EXAMPLES / "facebook_insights_posts.csv")
    posts = from_export(raw, FACEBOOK_INSIGHTS)
    src = _source("global", "facebook")
    for col in ("impressions", "reach", "likes", "comments", "shares"):
        assert posts[col].tolist() == src[col].tolist(), col
    assert set(posts["platform"]) == {"facebook"}
    coarse = src["format"].replace({"short_video": "video", "live": "video"})
    assert posts["format"].tolist() == coarse.tolist()
    assert posts["hour"].tolist() == src["timestamp"].dt.hour.tolist()
    assert posts["weekday"].tolist() == (src["timestamp"].dt.day_of_week + 1).tolist()
    assert posts["paid"].tolist() == (src["paid_spend"] > 0).tolist()


def test_weibo_example_with_chinese_headers_and_wan_numbers():
    raw = pd.read_csv(EXAMPLES / "weibo_posts.csv")
    assert raw["阅读数"].astype(str).str.endswith("万").any()
    posts = from_export(raw, WEIBO)
    src = _source("cn", "weibo")
    assert posts["impressions"].tolist() == src["impressions"].tolist()
    assert posts["post_id"].tolist() == src["post_id"].tolist()
    assert posts["timestamp"].tolist() == src["timestamp"].dt.floor("min").tolist()
    assert posts["format"].tolist() == src["format"].tolist()


def test_data_module_offers_from_export():
    assert data.from_export is from_export


def _fb_row(**change):
    row = {"Type": "Photo", "Post Month": 3, "Post Weekday": 2, "Post Hour": 9, "Paid": 0,
           "Lifetime Post Total Reach": 900, "Lifetime Post Total Impressions": 1500,
           "Lifetime Engaged Users": 40, "comment": 2, "like": 30, "share": 5}
    row.update(change)
    return pd.DataFrame([row, row])


def test_missing_columns_are_listed_in_one_message_with_what_is_available():
    raw = _fb_row().drop(columns=["like", "Lifetime Post Total Reach"])
    with pytest.raises(ExportError) as err:
        from_export(raw, FACEBOOK_INSIGHTS)
    msg = str(err.value)
    assert "the export lacks: reach <- 'Lifetime Post Total Reach'; likes <- 'like'" in msg
    assert "The export's columns are: Type, Post Month" in msg


def test_a_mapping_without_required_columns_says_which():
    with pytest.raises(ExportError, match=r"no export column for: format, likes, comments, shares, "
                                          r"timestamp \(or month, weekday and hour\)"):
        from_export(_fb_row(), {"impressions": "Lifetime Post Total Impressions"}, platform="facebook")


def test_unknown_course_columns_in_a_mapping_are_rejected():
    with pytest.raises(ExportError, match="names course columns \\['retweets'\\] that do not exist"):
        from_export(_fb_row(), {"retweets": "share"})


@pytest.mark.parametrize("change, message", [
    ({"like": "lots"}, r"column 'like' \(course column 'likes'\), row 0: cannot read 'lots' as a whole number"),
    ({"Post Hour": 25}, r"column 'Post Hour' \(course column 'hour'\), row 0: 25 is outside 0-23"),
    ({"Type": "Carousel"}, r"column 'Type' \(course column 'format'\), row 0: unknown value 'Carousel'; "
                           r"known values: 'Photo', 'Status', 'Link', 'Video'"),
    ({"Lifetime Post Total Reach": 5000}, "reach exceeds impressions in row 0"),
    ({"comment": -1}, "column 'comments' has a negative value"),
])
def test_bad_values_name_the_column_and_row(change, message):
    with pytest.raises(ValueError, match=message):
        from_export(_fb_row(**change), FACEBOOK_INSIGHTS)


def test_numbers_with_separators_and_chinese_units():
    raw = pd.DataFrame({"微博ID": ["a", "b", "c"], "发布时间": ["2025-03-01 10:00"] * 3,
                        "内容类型": ["图片"] * 3, "阅读数": ["1,234", "1.5万", "2亿"],
                        "转发数": [1, 2, 3], "评论数": [0, 0, 0], "点赞数": ["3", "4", "5"]})
    assert from_export(raw, WEIBO)["impressions"].tolist() == [1234, 15_000, 200_000_000]
    raw.loc[1, "发布时间"] = "yesterday"
    with pytest.raises(ExportError, match=r"column '发布时间' \(course column 'timestamp'\), row 1: "
                                          r"cannot read 'yesterday' as a date and time"):
        from_export(raw, WEIBO)


def test_empty_and_non_frames_are_rejected():
    with pytest.raises(ExportError, match="no rows"):
        from_export(_fb_row().iloc[0:0], FACEBOOK_INSIGHTS)
    with pytest.raises(ExportError, match="needs a pandas DataFrame, got list"):
        from_export([], FACEBOOK_INSIGHTS)


def test_unknown_platform_is_named():
    with pytest.raises(ValueError, match="unknown platform 'myspace'"):
        from_export(_fb_row(), FACEBOOK_INSIGHTS, platform="myspace")
