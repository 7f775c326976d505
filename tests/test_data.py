"""course_lib.data: loading, schema checks and the manifest."""
from __future__ import annotations

import shutil

import pytest

from course_lib import data
from course_lib.markets import MARKETS


def test_platforms_catalogue_matches_the_markets():
    df = data.load("platforms")
    for market, ids in MARKETS.items():
        assert tuple(df.loc[df["market"] == market, "platform"]) == ids
    ages = df[["age_18_24", "age_25_34", "age_35_44", "age_45_plus"]].sum(axis=1)
    assert ((ages - 1).abs() < 1e-9).all()
    assert set(df["figures_basis"]) == {"illustrative"}
    sourced = df["mau_millions"].notna()
    assert (df.loc[sourced, "mau_source"].str.len() > 0).all()
    assert (df.loc[~sourced, "mau_source"] == "").all()


def test_catalogue_orderings_the_first_exercises_rely_on():
    df = data.load("platforms")
    for market in MARKETS:
        mine = df[df["market"] == market]
        assert (mine["cpm_usd"] == mine["cpm_usd"].min()).sum() == 1
        assert (mine["engagement_rate"] == mine["engagement_rate"].max()).sum() == 1
        assert mine["cpm_usd"].idxmin() != mine["engagement_rate"].idxmax()


def test_load_filters_by_market_and_rejects_unknowns():
    assert set(data.load("platforms", market="global")["market"]) == {"global"}
    with pytest.raises(ValueError, match="unknown dataset 'nope'; available: platforms"):
        data.load("nope")
    with pytest.raises(ValueError, match="unknown market 'us'; allowed: cn, global"):
        data.load("platforms", market="us")


def _copy_datasets(tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    shutil.copytree(data.datasets_dir(), folder)
    monkeypatch.setenv("COURSE_DATASETS", str(folder))
    return folder


def test_manifest_matches_the_shipped_files():
    assert data.verify() == []
    entry = {e.file: e for e in data.manifest()}["platforms.csv"]
    assert (entry.rows, entry.columns) == (13, len(data.SCHEMAS["platforms"]))


def test_verify_reports_a_changed_missing_or_unlisted_file(tmp_path, monkeypatch):
    folder = _copy_datasets(tmp_path, monkeypatch)
    with (folder / "platforms.csv").open("a") as fh:
        fh.write("\n")
    (folder / "extra.csv").write_text("a\n1\n")
    assert data.verify() == ["platforms.csv differs from the manifest (sha256)",
                             "extra.csv is not in the manifest"]
    (folder / "platforms.csv").unlink()
    assert "platforms.csv is missing" in data.verify()


def test_schema_errors_name_the_column(tmp_path, monkeypatch):
    folder = _copy_datasets(tmp_path, monkeypatch)
    df = data.load("platforms")
    df.drop(columns=["cpm_usd"]).to_csv(folder / "platforms.csv", index=False)
    with pytest.raises(ValueError, match=r"missing columns \['cpm_usd'\]"):
        data.load("platforms")
    df.assign(cpm_usd=-df["cpm_usd"]).to_csv(folder / "platforms.csv", index=False)
    with pytest.raises(ValueError, match="column 'cpm_usd' has negative values"):
        data.load("platforms")
    (folder / "platforms.csv").unlink()
    with pytest.raises(FileNotFoundError, match="git checkout datasets/"):
        data.load("platforms")
