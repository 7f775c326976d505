"""Tests of course_lib.audience: features, scaling, choosing k, segments, persona cards.

Known answers come from constructed data with obvious groups, and from the
simulator's true personas (which the functions never see).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from course_lib import audience, data


def _blobs(n_per: int = 60, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Three well-separated round groups in two dimensions, and their true labels."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    truth = np.repeat(np.arange(3), n_per)
    points = centres[truth] + rng.normal(scale=0.5, size=(len(truth), 2))
    return pd.DataFrame(points, columns=["x", "y"]), truth


def _users(n: int = 6) -> pd.DataFrame:
    """A tiny users table: two obvious groups (young gamers at night, older bargain hunters in the morning)."""
    young = n // 2
    return pd.DataFrame({
        "user_id": [f"U{i}" for i in range(n)],
        "age_band": ["18-24"] * young + ["55+"] * (n - young),
        "gender": (["female", "male"] * n)[:young] + ["female"] * (n - young),
        "city_tier": [1] * young + [4] * (n - young),
        "interests": ["gaming;anime"] * young + ["deals;cooking"] * (n - young),
        "peak_hour": ([22, 23, 0] * n)[:young] + ([7, 8, 9] * n)[:n - young],
        "preferred_platform": ["bilibili"] * young + ["kuaishou"] * (n - young),
        "sessions_per_week": [9.0] * young + [3.0] * (n - young),
        "likes": [10] * young + [2] * (n - young), "comments": [1] * n, "shares": [0] * n,
        "orders": [1] * young + [3] * (n - young), "spend": [20.0] * young + [150.0] * (n - young),
    })


# --------------------------------------------------------------------------
# features and scaling

def test_feature_matrix_codes_each_block():
    X = audience.feature_matrix(_users(), blocks=list(audience.BLOCKS))
    assert X.loc[0, "age"] == 0 and X.loc[5, "age"] == 4
    assert X.loc[0, ["interest_gaming", "interest_anime"]].tolist() == [1, 1]
    assert X.loc[0, "interest_deals"] == 0 and X.shape[1] == 1 + 1 + 15 + 2 + 1 + 1 + 2
    assert X.loc[0, "engagements"] == pytest.approx(np.log1p(11))
    assert X.loc[5, "spend"] == pytest.approx(np.log1p(150))
    raw = audience.feature_matrix(_users(), blocks=["purchases"], log=False)
    assert raw.loc[5, "spend"] == 150


def test_hour_is_circular():
    X = audience.feature_matrix(pd.DataFrame({"peak_hour": [23, 0, 12]}), blocks=["hour"]).to_numpy()
    assert np.linalg.norm(X[0] - X[1]) == pytest.approx(2 * np.sin(np.pi / 24))
    assert np.linalg.norm(X[1] - X[2]) == pytest.approx(2.0)


def test_standardize_gives_mean_zero_variance_one():
    Z = audience.standardize(pd.DataFrame({"a": [1.0, 2.0, 3.0, 10.0], "b": [0.0, 1.0, 0.0, 1.0]}))
    assert np.allclose(Z.mean(), 0) and np.allclose(Z.std(ddof=0), 1)


def test_pca_table_and_project_on_a_known_direction():
    t = np.linspace(-1, 1, 50)
    Z = audience.standardize(pd.DataFrame({"a": t, "b": t, "c": np.tile([1.0, -1.0], 25)}))
    table = audience.pca_table(Z)
    assert table["eigenvalue"].sum() == pytest.approx(3.0)
    assert (table["eigenvalue"] > 1).sum() == 1 and table["eigenvalue"].iloc[0] == pytest.approx(2.0, abs=0.05)
    scores = audience.project(Z, n_components=2)
    assert list(scores.columns) == ["PC1", "PC2"] and scores.index.equals(Z.index)


def test_shuffle_keeps_each_column_and_breaks_the_link():
    X = pd.DataFrame({"a": np.arange(500.0), "b": np.arange(500.0)})
    shuffled = audience.shuffle_columns(X, seed=1)
    assert sorted(shuffled["a"]) == sorted(X["a"])
    assert abs(np.corrcoef(shuffled["a"], shuffled["b"])[0, 1]) < 0.15
    pd.testing.assert_frame_equal(shuffled, audience.shuffle_columns(X, seed=1))


# --------------------------------------------------------------------------
# choosing k and segmenting

def test_choose_k_finds_three_obvious_groups():
    X, _ = _blobs()
    curve = audience.choose_k(X, range(2, 7), seed=3, sample_size=100)
    assert list(curve.columns) == ["k", "silhouette", "inertia"]
    assert int(curve.loc[curve["silhouette"].idxmax(), "k"]) == 3
    assert curve["inertia"].is_monotonic_decreasing


def test_segment_recovers_the_groups_numbered_by_size():
    X, truth = _blobs()
    X = pd.concat([X, X.iloc[:10] + 0.01])       # group 0 becomes the largest
    truth = np.concatenate([truth, truth[:10]])
    labels = audience.segment(X, k=3, seed=5)
    assert adjusted_rand_score(truth, labels) == pytest.approx(1.0)
    assert labels.name == "persona" and labels.value_counts().idxmax() == 1
    assert set(labels[truth == 0]) == {1}


def test_everything_is_deterministic_for_a_seed():
    X, _ = _blobs(seed=2)
    pd.testing.assert_frame_equal(audience.choose_k(X, [2, 3, 4], seed=9, sample_size=50),
                                  audience.choose_k(X, [2, 3, 4], seed=9, sample_size=50))
    pd.testing.assert_series_equal(audience.segment(X, k=4, seed=9), audience.segment(X, k=4, seed=9))


def test_unscaled_features_are_dominated_by_the_biggest_numbers():
    # the real groups differ in two 0/1 flags; spend is noise on a big scale
    rng = np.random.default_rng(0)
    group = np.repeat([0, 1], 100)
    X = pd.DataFrame({"flag1": group, "flag2": group, "spend": rng.gamma(1.0, 300.0, size=200)}).astype(float)
    raw = audience.segment(X, k=2, seed=1)
    scaled = audience.segment(audience.standardize(X), k=2, seed=1)
    assert adjusted_rand_score(group, scaled) == pytest.approx(1.0)
    assert adjusted_rand_score(group, raw) < 0.2


def test_pipeline_recovers_the_simulated_personas_roughly():
    users = data.load("users", seed=2024, market="cn")
    found = audience.find_personas(users.drop(columns="segment"), seed=2024)
    assert 3 <= found.k <= 6 and found.scores.shape[1] >= 2
    assert found.labels.index.equals(users.index)
    assert 0.35 < adjusted_rand_score(users["segment"], found.labels) < 0.9


def test_find_personas_matches_the_steps_and_accepts_the_largest_seed():
    X, _ = _blobs()
    users = pd.DataFrame({"age_band": np.where(X["x"] > 5, "55+", "18-24"),
                          "city_tier": np.where(X["y"] > 5, 4, 1)})
    found = audience.find_personas(users, seed=2**32 - 1, blocks=["age", "city_tier"], ks=[2, 3],
                                   sample_size=100)
    assert found.k == 3 and sorted(found.labels.unique()) == [1, 2, 3]
    steps = audience.segment(found.scores, k=3, seed=2**32 - 1)
    pd.testing.assert_series_equal(found.labels, steps)


# --------------------------------------------------------------------------
# describing personas

def test_persona_cards_describe_constructed_groups():
    users = _users()
    labels = pd.Series([1, 1, 1, 2, 2, 2])
    cards = audience.persona_cards(users, labels)
    assert cards.loc[1, "age_range"] == "18-24" and cards.loc[2, "city_tier"] == 4
    assert cards.loc[1, "top_interests"] == "anime, gaming"
    assert cards.loc[2, "name"] == "Cooking & deals · 55+"
    assert cards.loc[1, "peak_hours"] == "22:00\u201300:59" and cards.loc[2, "peak_hours"] == "07:00\u201309:59"
    assert cards.loc[2, "gender"] == "female" and cards.loc[2, "gender_share"] == 1
    assert cards.loc[1, "female_share"] == pytest.approx(2 / 3)
    assert cards.loc[2, "platform"] == "kuaishou" and cards["share"].sum() == pytest.approx(1)
    assert cards.loc[2, "spend_per_user"] == pytest.approx(150) and cards.loc[2, "spend_per_order"] == pytest.approx(50)
    assert cards.loc[1, "engagements_per_user"] == pytest.approx(11)


def test_age_range_is_the_smallest_run_covering_half():
    bands = ["35-44"] * 29 + ["45-54"] * 26 + ["55+"] * 20 + ["25-34"] * 19 + ["18-24"] * 6
    n = len(bands)
    users = pd.DataFrame({"age_band": bands, "gender": ["male"] * n, "city_tier": [1] * n,
                          "interests": ["tea"] * n, "peak_hour": [20] * n,
                          "preferred_platform": ["weibo"] * n, "sessions_per_week": [1.0] * n,
                          "likes": [1] * n, "comments": [0] * n, "shares": [0] * n, "orders": [0] * n,
                          "spend": [0.0] * n})
    cards = audience.persona_cards(users, pd.Series([1] * n))
    assert cards.loc[1, "age_range"] == "35-54" and cards.loc[1, "age_share"] == pytest.approx(0.55)
    older = audience.persona_cards(users.assign(age_band=["45-54"] * 50 + ["55+"] * 50), pd.Series([1] * n))
    assert older.loc[1, "age_range"] == "45-54"            # one band already holds half
    older = audience.persona_cards(users.assign(age_band=["45-54"] * 40 + ["55+"] * 60), pd.Series([1] * n),
                                   cover=0.9)
    assert older.loc[1, "age_range"] == "45+"


def test_active_hours_shares_add_up_to_one():
    table = audience.active_hours(_users(), pd.Series([1, 1, 1, 2, 2, 2]))
    assert len(table) == 48
    assert table.groupby("persona")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert table.query("persona == 2 and hour == 8")["share"].item() == pytest.approx(1 / 3)


def test_pain_points_use_respondents_as_denominator():
    users = _users()
    answers = pd.DataFrame({"user_id": ["U0", "U1", "U3"], "pain_point": ["price", "taste", "price"],
                            "segment": ["wrong"] * 3})
    table = audience.pain_points(answers, users, pd.Series([1, 1, 1, 2, 2, 2]))
    row = table.query("persona == 1 and pain_point == 'price'").iloc[0]
    assert (row["count"], row["n"], row["estimate"]) == (1, 2, 0.5)
    assert row["ci_low"] < 0.5 < row["ci_high"]
    zero = table.query("persona == 2 and pain_point == 'taste'").iloc[0]    # kept with count 0
    assert (zero["count"], zero["n"], zero["ci_low"]) == (0, 1, 0)


def test_distinctive_pains_compare_with_the_other_personas_bonferroni():
    from scipy.stats import norm

    from course_lib import survey

    ids = [f"U{i}" for i in range(300)]
    users = pd.DataFrame({"user_id": ids})
    labels = pd.Series([1] * 100 + [2] * 100 + [3] * 100)
    points = (["price"] * 50 + ["taste"] * 30 + ["none"] * 20          # persona 1: price-heavy
              + ["price"] * 20 + ["taste"] * 60 + ["none"] * 20
              + ["price"] * 20 + ["taste"] * 40 + ["none"] * 40)
    table = audience.distinctive_pains(pd.DataFrame({"user_id": ids, "pain_point": points}), users, labels)
    assert set(table["pain_point"]) == {"price", "taste"} and (table["comparisons"] == 2).all()
    row = table.query("persona == 1 and pain_point == 'price'").iloc[0]
    assert row["others"] == pytest.approx(0.2) and row["gap"] == pytest.approx(0.3)   # not vs all (0.3)
    se = np.sqrt(0.5 * 0.5 / 100 + 0.2 * 0.8 / 200)
    assert row["ci_low"] == pytest.approx(0.3 - norm.ppf(1 - 0.05 / 4) * se)
    assert row["clears"] and row["excess_users"] == pytest.approx(30)
    two = pd.DataFrame({"g": ["a", "b"], "estimate": [0.5, 0.2], "se": [0.05, np.sqrt(0.16 / 200)]})
    assert row["ci_high"] == pytest.approx(survey.difference(two, by="g", first="a", second="b",
                                                             comparisons=2)["ci_high"].item())
    assert not table.query("persona == 3 and pain_point == 'taste'")["clears"].item()


# --------------------------------------------------------------------------
# bad input

@pytest.mark.parametrize("call, error, message", [
    (lambda: audience.feature_matrix([1, 2]), TypeError, "users must be a pandas DataFrame"),
    (lambda: audience.feature_matrix(_users().iloc[:0]), ValueError, "users is empty"),
    (lambda: audience.feature_matrix(_users().drop(columns="interests")), ValueError, r"no column\(s\) \['interests'\]"),
    (lambda: audience.feature_matrix(_users(), blocks=["portrait"]), ValueError, "unknown block"),
    (lambda: audience.feature_matrix(_users().assign(age_band="teen")), ValueError, "unknown band"),
    (lambda: audience.feature_matrix(_users().assign(interests="golf")), ValueError, "unknown interest"),
    (lambda: audience.feature_matrix(_users().assign(peak_hour=24), blocks=["hour"]), ValueError, "0 to 23"),
    (lambda: audience.feature_matrix(_users().assign(spend=np.nan), blocks=["purchases"]), ValueError, "missing values"),
    (lambda: audience.standardize(pd.DataFrame({"a": [1.0, 1.0]})), ValueError, "constant"),
    (lambda: audience.standardize(pd.DataFrame({"a": ["x", "y"]})), TypeError, "numbers only"),
    (lambda: audience.standardize(pd.DataFrame({"a": [1.0, np.nan]})), ValueError, "missing or infinite"),
    (lambda: audience.project(pd.DataFrame({"a": [1.0, 2.0]}), n_components=2), ValueError, "n_components=2"),
    (lambda: audience.choose_k(_blobs()[0], [1, 2], seed=0), ValueError, "ks=1"),
    (lambda: audience.choose_k(_blobs()[0], [], seed=0), ValueError, "at least one"),
    (lambda: audience.choose_k(_blobs()[0], [2], seed=-1), ValueError, "seed=-1"),
    (lambda: audience.choose_k(_blobs()[0], [2], seed=0, sample_size=1), ValueError, "sample_size"),
    (lambda: audience.segment(_blobs()[0], k=0, seed=0), ValueError, "k=0"),
    (lambda: audience.segment(_blobs()[0].iloc[:2], k=3, seed=0), ValueError, "k=3 is more"),
    (lambda: audience.shuffle_columns(_blobs()[0], seed=1.5), ValueError, "seed must be a whole number .int., got 1.5"),
    (lambda: audience.persona_cards(_users(), [1] * 6), TypeError, "labels must be a pandas Series"),
    (lambda: audience.persona_cards(_users(), pd.Series([1, 2])), ValueError, "same index as users"),
    (lambda: audience.persona_cards(_users(), pd.Series([1, 1, 1, 2, 2, None])), ValueError, "missing label"),
    (lambda: audience.persona_cards(_users().drop(columns="preferred_platform"), pd.Series([1] * 6)),
     ValueError, "preferred_platform"),
    (lambda: audience.persona_cards(_users(), pd.Series([1] * 6), window=25), ValueError, "window=25"),
    (lambda: audience.persona_cards(_users(), pd.Series([1] * 6), cover=0), ValueError, "cover=0"),
    (lambda: audience.persona_cards(_users().drop(columns="gender"), pd.Series([1] * 6)), ValueError, "gender"),
    (lambda: audience.distinctive_pains(pd.DataFrame({"user_id": ["U0"], "pain_point": ["price"]}), _users(),
                                        pd.Series([1] * 6)), ValueError, "at least two personas"),
    (lambda: audience.distinctive_pains(pd.DataFrame({"user_id": ["U0", "U3"], "pain_point": ["none"] * 2}),
                                        _users(), pd.Series([1, 1, 1, 2, 2, 2])), ValueError, "leaves no pain point"),
    (lambda: audience.pain_points(pd.DataFrame({"user_id": ["U0"], "pain_point": [None]}), _users(),
                                  pd.Series([1] * 6)), ValueError, "missing answer"),
    (lambda: audience.find_personas(_users(), seed=-1), ValueError, "seed=-1"),
    (lambda: audience.active_hours(_users().drop(columns="peak_hour"), pd.Series([1] * 6)), ValueError, "peak_hour"),
    (lambda: audience.pain_points(pd.DataFrame({"user_id": ["U0"]}), _users(), pd.Series([1] * 6)),
     ValueError, "pain_point"),
    (lambda: audience.pain_points(pd.DataFrame({"user_id": ["X"], "pain_point": ["price"]}), _users(),
                                  pd.Series([1] * 6)), ValueError, "not in users"),
    (lambda: audience.pain_points(pd.DataFrame({"user_id": ["U0"], "pain_point": ["price"]}),
                                  _users().assign(user_id="U0"), pd.Series([1] * 6)), ValueError, "duplicates"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, True, "7"])
def test_a_bad_seed_is_named(seed):
    X, _ = _blobs()
    with pytest.raises(ValueError, match=r"^seed"):
        audience.segment(X, k=3, seed=seed)
