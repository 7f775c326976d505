"""course_lib.data and course_lib.schemas: loading, validation, manifest, regeneration."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from course_lib import data
from course_lib.markets import MARKETS
from course_lib.schemas import SCHEMAS, SchemaError, validate
from course_lib.sim import TABLES, Scenario, simulate

from conftest import ROOT


# --- the hand-made platform catalogue -----------------------------------------------------

def test_platforms_catalogue_matches_the_markets():
    df = data.load("platforms")
    for market, ids in MARKETS.items():
        assert tuple(df.loc[df["market"] == market, "platform"]) == ids
    ages = df[["age_18_24", "age_25_34", "age_35_44", "age_45_plus"]].sum(axis=1)
    assert ((ages - 1).abs() < 1e-9).all()
    assert set(df["figures_basis"]) == {"illustrative"}
    sourced = df["mau_millions"].notna()
    assert (df.loc[sourced, "mau_source"].str.len() > 0).all()
    assert df.loc[~sourced, "mau_source"].isna().all()


def test_catalogue_orderings_the_first_exercises_rely_on():
    df = data.load("platforms")
    for market in MARKETS:
        mine = df[df["market"] == market]
        assert (mine["cpm_usd"] == mine["cpm_usd"].min()).sum() == 1
        assert (mine["engagement_rate"] == mine["engagement_rate"].max()).sum() == 1
        assert mine["cpm_usd"].idxmin() != mine["engagement_rate"].idxmax()


# --- simulated datasets ---------------------------------------------------------------------

@pytest.mark.parametrize("name", TABLES)
def test_shipped_file_equals_a_fresh_simulation(name):
    """Reading the CSV gives exactly the simulated frame: dtypes, missing values, timestamps."""
    pd.testing.assert_frame_equal(data.load(name), simulate(Scenario()).tables[name])


@pytest.mark.parametrize("name", TABLES)
def test_other_seed_and_market_are_simulated_and_valid(name):
    df = data.load(name, seed=7, market="global")
    assert list(df.columns) == list(SCHEMAS[name])
    if "platform" in df.columns:
        assert set(df["platform"]) <= set(MARKETS["global"])


def test_shipped_files_are_byte_identical_to_regeneration():
    assert data.regeneration_problems() == []


def test_load_returns_a_fresh_copy_each_time():
    first = data.load("posts", seed=7)
    first.loc[:, "likes"] = -1
    assert (data.load("posts", seed=7)["likes"] >= 0).all()


def test_truth_round_trips_through_the_shipped_json():
    assert data.truth() == simulate(Scenario()).truth
    assert data.truth(seed=7, market="global").market == "global"


def test_bundle_fits_the_size_budget():
    total = sum(p.stat().st_size for p in (ROOT / "datasets").iterdir() if p.is_file())
    assert total <= 20 * 1024 * 1024


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "nope"}, "unknown dataset 'nope'; available: ab_tests, campaigns, "),
    ({"name": "posts", "market": "us"}, "unknown market 'us'; allowed: cn, global"),
    ({"name": "platforms", "market": "us"}, "unknown market 'us'; allowed: cn, global"),
    ({"name": "posts", "seed": -1}, "seed=-1 is not allowed; allowed: a whole number from 0 to 4294967295"),
    ({"name": "posts", "seed": "7"}, "seed must be a whole number"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        data.load(**kwargs)


# --- schema checks ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def posts():
    return data.load("posts")


def _period():
    sc = data.scenario()
    return sc.start_ts, sc.end


@pytest.mark.parametrize("change, message", [
    (lambda d: d.drop(columns=["reach"]), r"missing columns \['reach'\]"),
    (lambda d: d.assign(likes=d["likes"].astype(str)), "column 'likes' should be int64"),
    (lambda d: d.assign(likes=-d["likes"]), "column 'likes' has a negative value"),
    (lambda d: d.assign(reach=d["impressions"] + 1), "reach exceeds impressions in row 0"),
    (lambda d: d.assign(timestamp=d["timestamp"] + pd.Timedelta(days=400)),
     "column 'timestamp' has .* outside the period 2025-01-01 to 2025-12-31"),
    (lambda d: d.assign(platform=d["platform"].where(d.index != 3)), r"column 'platform' has a missing value \(row 3\)"),
])
def test_validate_names_the_column_and_the_rule(posts, change, message):
    with pytest.raises(SchemaError, match=message):
        validate("posts", change(posts.copy()), period=_period())


def test_validate_allows_what_the_schema_allows(posts):
    validate("posts", posts, period=_period())  # campaign_id is often missing: allowed
    users = data.load("users")
    assert users["signup_date"].min() < _period()[0]  # history before the period is allowed
    assert (data.load("influencers")["follower_growth_90d"] < 0).any()  # may shrink


def test_validate_rejects_a_non_frame():
    with pytest.raises(SchemaError, match="expected a pandas DataFrame, got list"):
        validate("posts", [])


# --- manifest -------------------------------------------------------------------------------

def _copy_datasets(tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    shutil.copytree(data.datasets_dir(), folder)
    monkeypatch.setenv("COURSE_DATASETS", str(folder))
    return folder


def test_manifest_matches_the_shipped_files():
    assert data.verify() == []
    entries = {e.file: e for e in data.manifest()}
    assert set(entries) == ({f"{n}.csv" for n in TABLES + data.REFERENCE} | {"truth.json"}
                            | {"examples/facebook_insights_posts.csv", "examples/weibo_posts.csv"})
    assert (entries["platforms.csv"].rows, entries["platforms.csv"].columns) == (13, 17)
    assert entries["posts.csv"].columns == len(SCHEMAS["posts"])


def test_verify_reports_a_changed_missing_or_unlisted_file(tmp_path, monkeypatch):
    folder = _copy_datasets(tmp_path, monkeypatch)
    with (folder / "platforms.csv").open("a") as fh:
        fh.write("\n")
    (folder / "extra.csv").write_text("a\n1\n")
    assert data.verify() == ["platforms.csv differs from the manifest (sha256)",
                             "extra.csv is not in the manifest"]
    (folder / "platforms.csv").unlink()
    assert "platforms.csv is missing" in data.verify()


def test_regeneration_detects_and_repairs_a_changed_file(tmp_path, monkeypatch):
    folder = _copy_datasets(tmp_path, monkeypatch)
    (folder / "posts.csv").write_text("post_id\nP1\n")
    (folder / "truth.json").unlink()
    assert data.regeneration_problems() == [
        "posts.csv differs from a fresh simulation of the default scenario",
        "truth.json is missing (run 'course data --regenerate')"]
    data.regenerate()
    assert data.regeneration_problems() == [] and data.verify() == []
    assert (folder / "posts.csv").read_bytes() == (ROOT / "datasets" / "posts.csv").read_bytes()


def test_reference_file_errors_are_clear(tmp_path, monkeypatch):
    folder = _copy_datasets(tmp_path, monkeypatch)
    df = data.load("platforms")
    df.drop(columns=["cpm_usd"]).to_csv(folder / "platforms.csv", index=False)
    with pytest.raises(SchemaError, match=r"missing columns \['cpm_usd'\]"):
        data.load("platforms")
    (folder / "platforms.csv").unlink()
    with pytest.raises(FileNotFoundError, match="git checkout datasets/"):
        data.load("platforms")


@pytest.mark.parametrize("seed, market", [(2024, "cn"), (7, "global")])
def test_crisis_window_counts_the_truths_days_from_the_first_day_of_data(seed, market):
    w = data.crisis_window(seed, market)
    crisis = data.truth(seed, market).crisis
    first = data.load("daily_metrics", seed=seed, market=market)["date"].min()
    assert (w.start - first).days == crisis.start_day
    assert (w.peak_end - w.start).days + 1 == crisis.peak_days
    assert (w.end - w.start).days + 1 == crisis.peak_days + crisis.recovery_days


def test_crisis_window_rejects_an_unknown_market():
    with pytest.raises(ValueError, match="market"):
        data.crisis_window(2024, "mars")
