"""Audience segmentation (用户分群) and persona cards (用户画像) from the users table.

A persona is a *description* of a group of similar followers that a content
team can write for. This module finds such groups with k-means on a
standardised feature matrix and describes them in terms a manager can read.

Functions
---------
:func:`feature_matrix`       numeric features per user: portrait, active hour, activity, purchases.
:func:`standardize`          z-scores, so that no feature dominates by its unit.
:func:`pca_table`            eigenvalues of the principal components (for the Kaiser rule).
:func:`project`              the users' scores on the first principal components.
:func:`shuffle_columns`      the same columns with the rows of each shuffled independently (a null reference).
:func:`choose_k`             silhouette and inertia for each candidate number of clusters.
:func:`segment`              k-means labels 1..k, numbered by size (1 = largest).
:func:`persona_cards`        one row per persona: size, portrait, habits, value, a generated name.
:func:`active_hours`         share of each persona's users by peak hour.
:func:`pain_points`          survey pain points per persona, with Wilson intervals.
:func:`distinctive_pains`    pain points a persona names more than the other personas (Bonferroni).
:func:`find_personas`        the whole pipeline: portrait features, PCA (Kaiser), silhouette k, labels.

Assumptions and limits: k-means looks for round groups of similar size in
Euclidean distance, so the result depends on which features are used and how
they are scaled; it always returns k groups, even in data without any groups.
The silhouette (Rousseeuw 1987) compares each user's distance to its own
cluster with the distance to the nearest other cluster; it is computed on a
fixed-seed random sample of users because it costs O(n²). Everything is
deterministic for a given ``seed`` (scikit-learn runs single-threaded here).

Sources
-------
* MacQueen, J. (1967). Some methods for classification and analysis of
  multivariate observations. *Proc. 5th Berkeley Symposium*, 1, 281-297.
* Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation
  and validation of cluster analysis. *J. Comput. Appl. Math.*, 20, 53-65.
* Kaiser, H. F. (1960). The application of electronic computers to factor
  analysis. *Educational and Psychological Measurement*, 20(1), 141-151.
* Hubert, L. & Arabie, P. (1985). Comparing partitions. *Journal of
  Classification*, 2, 193-218 (the adjusted Rand index).
* Kaufman, L. & Rousseeuw, P. J. (1990). *Finding Groups in Data*. Wiley
  (silhouette 0.26-0.50: weak structure that could be artificial).
* Dunn, O. J. (1961). Multiple comparisons among means. *JASA*, 56, 52-64
  (the Bonferroni correction used by :func:`distinctive_pains`).

>>> import pandas as pd
>>> users = pd.DataFrame({"age_band": ["18-24", "18-24", "55+", "55+"], "city_tier": [1, 1, 4, 4],
...                       "interests": ["gaming", "gaming;anime", "deals", "deals;cooking"]})
>>> X = standardize(feature_matrix(users, blocks=["age", "city_tier"]))
>>> segment(X, k=2, seed=0).tolist()
[1, 1, 2, 2]
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from numbers import Integral
from typing import NamedTuple

import numpy as np
import pandas as pd

from .data import _check_seed
from .models import _one_thread
from .validation import check_frame, require_columns

__all__ = ["AGE_BANDS", "BLOCKS", "INTERESTS", "PORTRAIT", "Segmentation", "active_hours",
           "choose_k", "distinctive_pains", "feature_matrix", "find_personas", "pain_points",
           "pca_table", "persona_cards", "project", "segment", "shuffle_columns", "standardize"]

#: Interests in the order of the users card.
INTERESTS: tuple[str, ...] = ("tea", "fitness", "travel", "food", "gaming", "anime", "music",
                              "parenting", "cooking", "health", "fashion", "deals", "study",
                              "career", "outdoors")
#: Age bands, youngest first (coded 0..4 in the feature matrix).
AGE_BANDS: tuple[str, ...] = ("18-24", "25-34", "35-44", "45-54", "55+")
#: Feature blocks of :func:`feature_matrix` and the users columns each needs.
BLOCKS: dict[str, tuple[str, ...]] = {
    "age": ("age_band",),
    "city_tier": ("city_tier",),
    "interests": ("interests",),
    "hour": ("peak_hour",),
    "activity": ("sessions_per_week",),
    "engagement": ("likes", "comments", "shares"),
    "purchases": ("orders", "spend"),
}
#: The portrait blocks (who the users are and what they care about).
PORTRAIT: tuple[str, ...] = ("age", "city_tier", "interests")

_ENGAGEMENTS = ("likes", "comments", "shares")


# ---------------------------------------------------------------------------
# input checks

def _check_int(value: object, param: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or int(value) < low:
        raise ValueError(f"{param}={value!r} must be a whole number >= {low}")
    return int(value)


def _check_matrix(X: object, param: str = "X") -> pd.DataFrame:
    check_frame(X, param, why="clustering needs at least one user")
    bad = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c].dtype)
           or pd.api.types.is_bool_dtype(X[c].dtype)]
    if bad:
        raise TypeError(f"{param} must hold numbers only; column(s) {bad} are not numeric "
                        "(build it with feature_matrix())")
    values = X.to_numpy(dtype="float64", na_value=np.nan)
    if not np.isfinite(values).all():
        col = X.columns[(~np.isfinite(values)).any(axis=0)].tolist()
        raise ValueError(f"{param} has missing or infinite values in column(s) {col}")
    return X


def _check_labels(labels: object, index: pd.Index, param: str = "labels") -> pd.Series:
    if not isinstance(labels, pd.Series):
        raise TypeError(f"{param} must be a pandas Series (from segment()), got {type(labels).__name__}")
    if len(labels) != len(index) or not labels.index.equals(index):
        raise ValueError(f"{param} must have the same index as users ({len(index)} rows); "
                         f"got {len(labels)} labels with another index")
    if labels.isna().any():
        raise ValueError(f"{param} has {int(labels.isna().sum())} missing label(s)")
    return labels.rename("persona")


def _users(users: object, blocks: Iterable[str] = ()) -> pd.DataFrame:
    check_frame(users, "users", why="a persona needs users")
    need = [c for b in blocks for c in BLOCKS[b]]
    require_columns(users, need, "users")
    missing = [c for c in need if users[c].isna().any()]
    if missing:
        raise ValueError(f"users has missing values in column(s) {missing}; fill or drop them first")
    return users


# ---------------------------------------------------------------------------
# features

def feature_matrix(users: pd.DataFrame, *, blocks: Sequence[str] = PORTRAIT,
                   log: bool = True) -> pd.DataFrame:
    """Numeric features per user, one block of columns per kind of information.

    Blocks (``BLOCKS``): ``age`` (age band coded 0 = 18-24 ... 4 = 55+),
    ``city_tier`` (1-4), ``interests`` (multi-hot: one 0/1 column
    ``interest_<name>`` per interest), ``hour`` (the peak hour on a circle:
    ``hour_sin``, ``hour_cos``, so 23:00 sits next to 00:00), ``activity``
    (sessions per week), ``engagement`` (likes + comments + shares in the
    period) and ``purchases`` (orders and spend).

    Parameters
    ----------
    users : the users table (``data.load("users")``); the true ``segment``
        column is never used.
    blocks : which blocks to include, in this order.
    log : take ``log1p`` of the skewed counts (sessions, engagements, orders,
        spend), so a few heavy users do not stretch the scale. ``False``
        keeps the raw counts (for showing why this matters).

    Returns
    -------
    DataFrame with the index of ``users`` and float columns.

    >>> import pandas as pd
    >>> u = pd.DataFrame({"age_band": ["55+"], "interests": ["tea;deals"], "peak_hour": [6]})
    >>> feature_matrix(u, blocks=["age", "hour"]).round(3)
       age  hour_sin  hour_cos
    0  4.0       1.0       0.0
    """
    if isinstance(blocks, str):
        blocks = [blocks]
    blocks = list(blocks)
    unknown = [b for b in blocks if b not in BLOCKS]
    if unknown or not blocks:
        raise ValueError(f"blocks={blocks!r}: unknown block(s) {unknown}; choose from {list(BLOCKS)}")
    _users(users, blocks)
    f = np.log1p if log else (lambda s: s)
    parts: list[pd.DataFrame] = []
    for b in blocks:
        if b == "age":
            code = users["age_band"].map({band: i for i, band in enumerate(AGE_BANDS)})
            if code.isna().any():
                bad = sorted(set(users.loc[code.isna(), "age_band"].astype(str)))
                raise ValueError(f"users column 'age_band' has unknown band(s) {bad}; allowed: {list(AGE_BANDS)}")
            parts.append(pd.DataFrame({"age": code}))
        elif b == "city_tier":
            parts.append(pd.DataFrame({"city_tier": users["city_tier"]}))
        elif b == "interests":
            hot = users["interests"].astype(str).str.get_dummies(sep=";")
            extra = sorted(set(hot.columns) - set(INTERESTS))
            if extra:
                raise ValueError(f"users column 'interests' has unknown interest(s) {extra}; "
                                 f"allowed: {list(INTERESTS)}")
            hot = hot.reindex(columns=list(INTERESTS), fill_value=0)
            parts.append(hot.add_prefix("interest_"))
        elif b == "hour":
            hour = users["peak_hour"]
            if ((hour < 0) | (hour > 23)).any():
                raise ValueError("users column 'peak_hour' must hold hours from 0 to 23")
            angle = 2 * np.pi * hour / 24
            parts.append(pd.DataFrame({"hour_sin": np.sin(angle), "hour_cos": np.cos(angle)}))
        elif b == "activity":
            parts.append(pd.DataFrame({"sessions": f(users["sessions_per_week"])}))
        elif b == "engagement":
            parts.append(pd.DataFrame({"engagements": f(users[list(_ENGAGEMENTS)].sum(axis=1))}))
        else:
            parts.append(pd.DataFrame({"orders": f(users["orders"]), "spend": f(users["spend"])}))
    out = pd.concat(parts, axis=1).astype("float64")
    out.index = users.index
    return out


def standardize(X: pd.DataFrame) -> pd.DataFrame:
    """Z-scores: each column minus its mean, divided by its (population) standard deviation.

    Without it, k-means distances are dominated by the column with the
    largest numbers (spend in currency beats a 0/1 interest flag).

    >>> import pandas as pd
    >>> standardize(pd.DataFrame({"a": [1.0, 3.0], "b": [10.0, 30.0]}))
         a    b
    0 -1.0 -1.0
    1  1.0  1.0
    """
    _check_matrix(X)
    sd = X.std(ddof=0)
    flat = sd.index[sd == 0].tolist()
    if flat:
        raise ValueError(f"X column(s) {flat} are constant (standard deviation 0) and cannot be "
                         "standardised; drop them")
    return (X - X.mean()) / sd


def pca_table(Z: pd.DataFrame) -> pd.DataFrame:
    """Eigenvalues of the principal components of ``Z`` (standardised features).

    Returns one row per component: ``component`` (1, 2, ...), ``eigenvalue``
    (variance along it, in units of one standardised feature), ``share`` of
    the total variance and ``cumulative`` share. The Kaiser rule keeps the
    components with an eigenvalue above 1: each carries more than one
    feature's worth of variance.

    >>> import pandas as pd
    >>> pca_table(pd.DataFrame({"a": [-1.0, 1.0, -1.0, 1.0], "b": [-1.0, 1.0, -1.0, 1.0]}))
       component  eigenvalue  share  cumulative
    0          1         2.0    1.0         1.0
    1          2         0.0    0.0         1.0
    """
    _check_matrix(Z, "Z")
    values = Z.to_numpy(dtype="float64")
    centred = values - values.mean(axis=0)
    eig = np.linalg.svd(centred, compute_uv=False) ** 2 / len(values)
    eig = np.round(eig, 12) + 0.0
    total = eig.sum()
    share = eig / total if total > 0 else np.zeros_like(eig)
    return pd.DataFrame({"component": np.arange(1, len(eig) + 1), "eigenvalue": eig,
                         "share": share, "cumulative": np.cumsum(share)})


def project(Z: pd.DataFrame, *, n_components: int) -> pd.DataFrame:
    """Scores of the users on the first ``n_components`` principal components.

    Principal components are the directions along which users differ most.
    Each interest flag alone is a noisy yes/no; segments show up as interests
    (and ages, tiers) that go together, and the first components keep those
    shared directions. The variance left in the other components is dropped
    on purpose. Columns ``PC1``, ``PC2``, ...;
    signs follow scikit-learn's deterministic convention.

    >>> import pandas as pd
    >>> project(pd.DataFrame({"a": [-1.0, 1.0], "b": [-1.0, 1.0]}), n_components=1).round(3).abs()
         PC1
    0  1.414
    1  1.414
    """
    _check_matrix(Z, "Z")
    n = _check_int(n_components, "n_components", 1)
    if n > Z.shape[1]:
        raise ValueError(f"n_components={n} is more than the {Z.shape[1]} columns of Z")
    from sklearn.decomposition import PCA

    with _one_thread():
        scores = PCA(n_components=n, svd_solver="full").fit_transform(Z.to_numpy(dtype="float64"))
    return pd.DataFrame(scores, index=Z.index, columns=[f"PC{i}" for i in range(1, n + 1)])


def shuffle_columns(X: pd.DataFrame, *, seed: int) -> pd.DataFrame:
    """Each column's values in an independent random order (a structureless reference).

    Every column keeps its own distribution, but which values occur together
    in one user is random, so any clusters found in the result are not real.

    >>> import pandas as pd
    >>> shuffled = shuffle_columns(pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6]}), seed=0)
    >>> sorted(shuffled["a"]), sorted(shuffled["b"])
    ([1, 2, 3], [4, 5, 6])
    """
    _check_matrix(X)
    rng = np.random.default_rng(_check_seed(seed))
    values = X.to_numpy()
    order = rng.random(values.shape).argsort(axis=0)
    return pd.DataFrame(np.take_along_axis(values, order, axis=0), index=X.index, columns=X.columns)


# ---------------------------------------------------------------------------
# k-means

def _kmeans(values: np.ndarray, k: int, seed: int, n_init: int):
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(values)


def choose_k(X: pd.DataFrame, ks: Iterable[int] = range(2, 9), *, seed: int,
             sample_size: int = 4000, n_init: int = 3) -> pd.DataFrame:
    """Silhouette and inertia of k-means for each candidate number of clusters ``k``.

    Parameters
    ----------
    X : the (standardised) features the clusters are found in.
    ks : candidate numbers of clusters, each at least 2.
    seed : fixes k-means' starting points and the silhouette sample.
    sample_size : users in the random sample the silhouette is computed on
        (its cost grows with the square of the number of users); all users
        when there are fewer.
    n_init : k-means restarts per k (the best is kept).

    Returns
    -------
    DataFrame with ``k``, ``silhouette`` (from -1 to 1; higher = clusters
    better separated) and ``inertia`` (within-cluster sum of squares; it
    always falls as k grows, so it cannot choose k by itself).

    >>> import pandas as pd
    >>> X = pd.DataFrame({"x": [0.0, 0.1, 0.2, 5.0, 5.1, 5.2]})
    >>> choose_k(X, [2, 3], seed=0)[["k", "silhouette"]].round(2)
       k  silhouette
    0  2        0.97
    1  3        0.57
    """
    _check_matrix(X)
    seed = _check_seed(seed)
    ks = [_check_int(k, "ks", 2) for k in ks]
    if not ks:
        raise ValueError("ks must name at least one number of clusters, e.g. range(2, 9)")
    if max(ks) >= len(X):
        raise ValueError(f"ks: k={max(ks)} needs more than {len(X)} users")
    sample_size = _check_int(sample_size, "sample_size", 2)
    n_init = _check_int(n_init, "n_init", 1)
    from sklearn.metrics import silhouette_score

    values = X.to_numpy(dtype="float64")
    size = min(sample_size, len(X))
    rows = []
    with _one_thread():
        for k in ks:
            model = _kmeans(values, k, seed, n_init)
            sil = silhouette_score(values, model.labels_, sample_size=size if size < len(X) else None,
                                   random_state=seed)
            rows.append((k, float(sil), float(model.inertia_)))
    return pd.DataFrame(rows, columns=["k", "silhouette", "inertia"])


def segment(X: pd.DataFrame, k: int, *, seed: int, n_init: int = 3) -> pd.Series:
    """K-means labels per user, numbered 1..k from the largest cluster to the smallest.

    Numbering by size makes the labels readable and comparable between runs
    (k-means' own numbers are arbitrary). Ties in size are broken by the
    cluster centres, so the result is deterministic for a given ``seed``.

    Returns
    -------
    Series ``persona`` (int) with the index of ``X``.

    >>> import pandas as pd
    >>> segment(pd.DataFrame({"x": [0.0, 0.1, 5.0, 5.1, 5.2]}), k=2, seed=1).tolist()
    [2, 2, 1, 1, 1]
    """
    _check_matrix(X)
    k = _check_int(k, "k", 1)
    if k > len(X):
        raise ValueError(f"k={k} is more than the {len(X)} users in X")
    seed = _check_seed(seed)
    n_init = _check_int(n_init, "n_init", 1)
    with _one_thread():
        model = _kmeans(X.to_numpy(dtype="float64"), k, seed, n_init)
    sizes = np.bincount(model.labels_, minlength=k)
    centres = model.cluster_centers_
    order = np.lexsort(tuple(centres[:, j] for j in range(centres.shape[1] - 1, -1, -1)) + (-sizes,))
    rank = np.empty(k, dtype="int64")
    rank[order] = np.arange(1, k + 1)
    return pd.Series(rank[model.labels_], index=X.index, name="persona")


# ---------------------------------------------------------------------------
# describing personas

def _peak_window(counts: pd.DataFrame, width: int) -> pd.DataFrame:
    """Start hour and share of the busiest ``width``-hour window (circular) per row of hour counts."""
    values = counts.to_numpy(dtype="float64")
    wrapped = np.concatenate([values, values[:, : width - 1]], axis=1)
    sums = np.stack([wrapped[:, h:h + width].sum(axis=1) for h in range(24)], axis=1)
    start = sums.argmax(axis=1)
    return pd.DataFrame({"start": start, "share": sums.max(axis=1) / values.sum(axis=1)},
                        index=counts.index)


def _age_range(shares: pd.DataFrame, cover: float) -> pd.DataFrame:
    """Smallest run of neighbouring age bands holding at least ``cover`` of each row (ties: the larger share)."""
    values = shares.reindex(columns=list(AGE_BANDS), fill_value=0.0).to_numpy(dtype="float64")
    n = len(AGE_BANDS)
    runs = [(lo, hi) for width in range(1, n + 1) for lo in range(n - width + 1) for hi in [lo + width - 1]]
    sums = np.stack([values[:, lo:hi + 1].sum(axis=1) for lo, hi in runs], axis=1)
    width = np.array([hi - lo + 1 for lo, hi in runs])
    # first by width (runs are listed narrowest first), then by the share covered
    key = np.where(sums >= cover - 1e-12, -width * 10.0 + sums, -np.inf)
    best = key.argmax(axis=1)

    def label(lo: int, hi: int) -> str:
        if lo == hi:
            return AGE_BANDS[lo]
        last = AGE_BANDS[hi]
        return AGE_BANDS[lo].split("-")[0] + ("+" if last.endswith("+") else "-" + last.split("-")[1])

    return pd.DataFrame({"range": [label(*runs[b]) for b in best],
                         "share": sums[np.arange(len(values)), best]}, index=shares.index)


def _window_label(start: pd.Series, width: int) -> pd.Series:
    end = (start + width - 1) % 24
    return start.map("{:02d}:00".format) + "\u2013" + end.map("{:02d}:59".format)


def persona_cards(users: pd.DataFrame, labels: pd.Series, *, top: int = 3,
                  window: int = 3, cover: float = 0.5) -> pd.DataFrame:
    """One row per persona, in words and numbers a manager can read.

    Columns: ``name`` (generated from the two most over-represented
    interests and the age range), ``users``, ``share`` (of all users),
    ``age_range`` and ``age_share`` (the smallest run of neighbouring age
    bands holding at least ``cover`` of the persona, e.g. ``"35-54"``, and
    the share it holds), ``gender`` and ``gender_share`` (the commonest
    gender and its share), ``female_share``, ``city_tier`` and
    ``tier_share``, ``top_interests`` (the ``top`` interests with the
    highest lift: share in the persona / share of all users, among interests
    held by at least 30 % of the persona), ``peak_start`` and ``peak_hours``
    (the busiest ``window``-hour window of the users' peak hours, circular,
    written ``"19:00–21:59"``) and ``peak_share``, ``platform`` and
    ``platform_share`` (the commonest preferred platform),
    ``sessions_per_week`` (median), ``engagements_per_user``,
    ``orders_per_user``, ``spend_per_user`` and ``spend_per_order``
    (ratios of totals over the period; ``spend_per_order`` is NaN without
    orders).

    >>> import pandas as pd
    >>> u = pd.DataFrame({"age_band": ["18-24", "18-24", "55+"], "gender": ["male", "female", "female"],
    ...     "city_tier": [1, 1, 4], "interests": ["gaming;tea", "gaming", "deals"], "peak_hour": [22, 23, 8],
    ...     "preferred_platform": ["bilibili"] * 2 + ["kuaishou"], "sessions_per_week": [9.0, 7.0, 3.0],
    ...     "likes": [5, 3, 1], "comments": [1, 0, 0], "shares": [0, 0, 0], "orders": [1, 0, 2],
    ...     "spend": [20.0, 0.0, 90.0]})
    >>> cards = persona_cards(u, pd.Series([1, 1, 2]))
    >>> cards[["name", "peak_hours", "female_share"]]
                             name   peak_hours  female_share
    persona
    1        Gaming & tea · 18-24  21:00–23:59           0.5
    2                 Deals · 55+  06:00–08:59           1.0
    >>> cards["spend_per_order"].tolist()
    [20.0, 45.0]
    """
    need = ("age", "city_tier", "interests", "hour", "activity", "engagement", "purchases")
    _users(users, need)
    require_columns(users, ["preferred_platform", "gender"], "users")
    labels = _check_labels(labels, users.index)
    top = _check_int(top, "top", 1)
    window = _check_int(window, "window", 1)
    if window > 24:
        raise ValueError(f"window={window} must be at most 24 hours")
    if isinstance(cover, bool) or not isinstance(cover, (int, float)) or not 0 < cover <= 1:
        raise ValueError(f"cover={cover!r} must be a share above 0 and at most 1")
    frame = users.assign(persona=labels.to_numpy(),
                         engagements=users[list(_ENGAGEMENTS)].sum(axis=1))
    g = frame.groupby("persona", sort=True)
    cards = g.agg(users=("persona", "size"), sessions_per_week=("sessions_per_week", "median"),
                  engagements=("engagements", "sum"), orders=("orders", "sum"), spend=("spend", "sum"))
    cards["share"] = cards["users"] / len(frame)

    def modal(column: str) -> tuple[pd.Series, pd.Series]:
        shares = pd.crosstab(frame["persona"], frame[column], normalize="index")
        return shares.idxmax(axis=1), shares.max(axis=1)

    ages = _age_range(pd.crosstab(frame["persona"], frame["age_band"], normalize="index"), cover)
    cards["age_range"], cards["age_share"] = ages["range"], ages["share"]
    cards["gender"], cards["gender_share"] = modal("gender")
    cards["female_share"] = g["gender"].agg(lambda s: (s == "female").mean())
    cards["city_tier"], cards["tier_share"] = modal("city_tier")
    cards["platform"], cards["platform_share"] = modal("preferred_platform")

    hot = feature_matrix(users, blocks=["interests"]).set_axis(list(INTERESTS), axis=1)
    held = hot.groupby(labels.to_numpy()).mean()
    lift = (held / hot.mean().replace(0, np.nan)).where(held >= 0.3)
    ranked = lift.stack().dropna().rename("lift").reset_index()
    ranked.columns = ["persona", "interest", "lift"]
    ranked = ranked.sort_values(["persona", "lift", "interest"], ascending=[True, False, True])
    ranked = ranked.groupby("persona").head(top)
    cards["top_interests"] = ranked.groupby("persona")["interest"].agg(", ".join)
    cards["top_interests"] = cards["top_interests"].fillna("(none held by 30%)")
    first_two = ranked.groupby("persona").head(2).groupby("persona")["interest"].agg(
        lambda s: " & ".join(s).capitalize())
    cards["name"] = first_two.reindex(cards.index).fillna("Mixed interests") + " · " + cards["age_range"]

    hours = pd.crosstab(frame["persona"], frame["peak_hour"]).reindex(columns=range(24), fill_value=0)
    peak = _peak_window(hours, window)
    cards["peak_start"] = peak["start"]
    cards["peak_hours"] = _window_label(peak["start"], window)
    cards["peak_share"] = peak["share"]

    cards["engagements_per_user"] = cards["engagements"] / cards["users"]
    cards["orders_per_user"] = cards["orders"] / cards["users"]
    cards["spend_per_user"] = cards["spend"] / cards["users"]
    cards["spend_per_order"] = cards["spend"] / cards["orders"].where(cards["orders"] > 0)
    cols = ["name", "users", "share", "age_range", "age_share", "gender", "gender_share",
            "female_share", "city_tier", "tier_share", "top_interests", "peak_start", "peak_hours",
            "peak_share", "platform", "platform_share", "sessions_per_week", "engagements_per_user",
            "orders_per_user", "spend_per_user", "spend_per_order"]
    return cards[cols]


def active_hours(users: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Share of each persona's users by peak hour (every hour 0-23 listed, zeros included).

    Returns
    -------
    DataFrame with ``persona``, ``hour``, ``users`` (count) and ``share``
    (of the persona's users; the shares of a persona add up to 1).

    >>> import pandas as pd
    >>> t = active_hours(pd.DataFrame({"peak_hour": [20, 20, 9]}), pd.Series([1, 1, 2]))
    >>> t[t["users"] > 0]
        persona  hour  users  share
    20        1    20      2    1.0
    33        2     9      1    1.0
    """
    _users(users, ["hour"])
    labels = _check_labels(labels, users.index)
    hour = users["peak_hour"]
    if ((hour < 0) | (hour > 23)).any():
        raise ValueError("users column 'peak_hour' must hold hours from 0 to 23")
    counts = pd.crosstab(labels.to_numpy(), hour.to_numpy()).reindex(columns=range(24), fill_value=0)
    counts.index.name, counts.columns.name = "persona", "hour"
    table = counts.stack().rename("users").reset_index()
    table["share"] = table["users"] / table.groupby("persona")["users"].transform("sum")
    return table


def _joined(survey: object, users: object, labels: object) -> pd.DataFrame:
    check_frame(survey, "survey", why="pain points need answers")
    require_columns(survey, ["user_id", "pain_point"], "survey")
    check_frame(users, "users", why="a persona needs users")
    require_columns(users, ["user_id"], "users")
    labels = _check_labels(labels, users.index)
    if users["user_id"].duplicated().any():
        raise ValueError("users column 'user_id' has duplicates; each user must appear once")
    if survey["pain_point"].isna().any():
        raise ValueError(f"survey column 'pain_point' has {int(survey['pain_point'].isna().sum())} "
                         "missing answer(s); fill them (e.g. 'none') or drop them first")
    persona = pd.Series(labels.to_numpy(), index=users["user_id"].to_numpy())
    joined = survey[["user_id", "pain_point"]].assign(persona=survey["user_id"].map(persona))
    unknown = joined["persona"].isna()
    if unknown.any():
        raise ValueError(f"survey has {int(unknown.sum())} respondent(s) whose user_id is not in users "
                         f"(e.g. {joined.loc[unknown, 'user_id'].iloc[0]!r})")
    joined["persona"] = joined["persona"].astype("int64")
    joined["pain_point"] = joined["pain_point"].astype(str)
    return joined


def pain_points(survey: pd.DataFrame, users: pd.DataFrame, labels: pd.Series, *,
                confidence: float = 0.95) -> pd.DataFrame:
    """Share of each persona's survey respondents naming each pain point, with Wilson intervals.

    The survey is joined to the personas by ``user_id``; the survey's own
    ``segment`` column (the simulator's true persona) is not used. The
    denominator is the persona's *respondents*, not its users. Every
    (persona, pain point) pair is listed, with ``count`` 0 where nobody of the
    persona named it. ``none`` (no complaint) counts as an answer.

    Returns
    -------
    ``persona``, ``pain_point``, ``count``, ``n``, ``estimate``, ``ci_low``,
    ``ci_high`` (as :func:`course_lib.survey.pain_points`), sorted by persona,
    then by share (largest first).

    >>> import pandas as pd
    >>> users = pd.DataFrame({"user_id": ["a", "b", "c"]})
    >>> answers = pd.DataFrame({"user_id": ["a", "b", "c"], "pain_point": ["price", "price", "sugar"]})
    >>> pain_points(answers, users, pd.Series([1, 1, 2]))[["persona", "pain_point", "count", "n"]]
       persona pain_point  count  n
    0        1      price      2  2
    1        1      sugar      0  2
    2        2      sugar      1  1
    3        2      price      0  1
    """
    from .survey import _check_confidence, wilson_interval

    confidence = _check_confidence(confidence)
    joined = _joined(survey, users, labels)
    counts = pd.crosstab(joined["persona"], joined["pain_point"])
    counts.columns.name = "pain_point"
    table = counts.stack().rename("count").reset_index()
    table["n"] = table["persona"].map(counts.sum(axis=1)).astype("int64")
    table["estimate"] = table["count"] / table["n"]
    table["ci_low"], table["ci_high"] = wilson_interval(table["count"].to_numpy(), table["n"].to_numpy(),
                                                        confidence=confidence)
    return (table.sort_values(["persona", "estimate", "pain_point"], ascending=[True, False, True],
                              kind="stable").reset_index(drop=True))


def distinctive_pains(survey: pd.DataFrame, users: pd.DataFrame, labels: pd.Series, *,
                      confidence: float = 0.95, exclude: Sequence[str] = ("none",)) -> pd.DataFrame:
    """Pain points each persona names more often than the *other* personas' respondents.

    For every persona and complaint, the share among the persona's
    respondents is compared with the share among all other respondents (not
    all respondents, which would include the persona itself). The interval
    of the gap comes from :func:`course_lib.survey.difference` with the
    Bonferroni correction for the number of complaints compared per persona
    (``comparisons`` = complaints after ``exclude``), because a persona's
    "most distinctive" complaint is picked from all of them. ``clears`` is
    True when the corrected interval of the gap lies above 0.

    ``excess_users`` = gap × the persona's users: roughly how many more of
    the persona's followers have this complaint than if they complained like
    the others -- a size for ranking what to act on (a big lift on a rare
    complaint in a small persona concerns few people).

    Returns
    -------
    ``persona``, ``pain_point``, ``share``, ``others``, ``gap`` (share -
    others, a fraction), ``ci_low``, ``ci_high`` (of the gap), ``clears``,
    ``respondents``, ``users``, ``excess_users``, ``comparisons``; sorted by
    persona, then ``excess_users`` (largest first).

    >>> import pandas as pd
    >>> users = pd.DataFrame({"user_id": [f"u{i}" for i in range(200)]})
    >>> labels = pd.Series([1] * 100 + [2] * 100)
    >>> answers = pd.DataFrame({"user_id": users["user_id"],
    ...                         "pain_point": ["price"] * 60 + ["taste"] * 40 + ["price"] * 20 + ["taste"] * 80})
    >>> t = distinctive_pains(answers, users, labels)
    >>> t[["persona", "pain_point", "gap", "clears", "excess_users", "comparisons"]].round(2)
       persona pain_point  gap  clears  excess_users  comparisons
    0        1      price  0.4    True          40.0            2
    1        1      taste -0.4   False         -40.0            2
    2        2      taste  0.4    True          40.0            2
    3        2      price -0.4   False         -40.0            2
    """
    from .survey import _check_confidence, difference

    confidence = _check_confidence(confidence)
    if isinstance(exclude, str):
        exclude = [exclude]
    table = pain_points(survey, users, labels, confidence=confidence)
    per_persona = table.groupby("persona")["n"].first()
    if len(per_persona) < 2:
        raise ValueError("labels must have at least two personas with survey answers to compare them")
    counts = table.pivot(index="persona", columns="pain_point", values="count")
    counts = counts.drop(columns=[c for c in exclude if c in counts.columns])
    if counts.shape[1] == 0:
        raise ValueError(f"exclude={list(exclude)!r} leaves no pain point to compare")
    m = counts.shape[1]
    n = per_persona.reindex(counts.index)
    others_n = n.sum() - n
    size = _check_labels(labels, users.index).value_counts()
    rows = []
    for persona, row in counts.iterrows():
        others = counts.drop(index=persona).sum()
        for point, hits in row.items():
            p1, p0 = hits / n[persona], others[point] / others_n[persona]
            two = pd.DataFrame({"group": ["persona", "others"], "estimate": [p1, p0],
                                "se": [np.sqrt(p1 * (1 - p1) / n[persona]),
                                       np.sqrt(p0 * (1 - p0) / others_n[persona])]})
            d = difference(two, by="group", first="persona", second="others", comparisons=m,
                           confidence=confidence).iloc[0]
            rows.append((persona, point, p1, p0, d["estimate"], d["ci_low"], d["ci_high"],
                         int(n[persona]), int(size[persona])))
    out = pd.DataFrame(rows, columns=["persona", "pain_point", "share", "others", "gap", "ci_low",
                                      "ci_high", "respondents", "users"])
    out["clears"] = out["ci_low"] > 0
    out["excess_users"] = out["gap"] * out["users"]
    out["comparisons"] = m
    cols = ["persona", "pain_point", "share", "others", "gap", "ci_low", "ci_high", "clears",
            "respondents", "users", "excess_users", "comparisons"]
    return (out[cols].sort_values(["persona", "excess_users", "pain_point"], ascending=[True, False, True],
                                  kind="stable").reset_index(drop=True))


# ---------------------------------------------------------------------------
# the whole pipeline

class Segmentation(NamedTuple):
    """What :func:`find_personas` found, step by step."""

    features: pd.DataFrame   #: standardised portrait features
    eigen: pd.DataFrame      #: :func:`pca_table` of the features
    scores: pd.DataFrame     #: users' scores on the kept principal components
    curve: pd.DataFrame      #: :func:`choose_k` on the scores
    k: int                   #: the k with the highest silhouette
    labels: pd.Series        #: personas 1..k (1 = largest)


def find_personas(users: pd.DataFrame, *, seed: int, blocks: Sequence[str] = PORTRAIT,
                  ks: Iterable[int] = range(2, 9), sample_size: int = 4000,
                  n_init: int = 3) -> Segmentation:
    """The persona pipeline of notebook 2.1 in one call.

    Steps: :func:`feature_matrix` of ``blocks`` (the portrait by default),
    :func:`standardize`, principal components with an eigenvalue above 1
    (Kaiser rule, at least 2), :func:`choose_k` on their scores, and
    :func:`segment` with the k of the highest silhouette. The same ``seed``
    gives the same result.

    >>> import pandas as pd
    >>> u = pd.DataFrame({"age_band": ["18-24", "18-24", "25-34", "18-24", "55+", "55+", "45-54", "55+"],
    ...                   "city_tier": [1, 1, 2, 1, 4, 4, 3, 4]})
    >>> found = find_personas(u, seed=0, blocks=["age", "city_tier"], ks=[2, 3])
    >>> found.k, found.labels.tolist()
    (2, [1, 1, 1, 1, 2, 2, 2, 2])
    """
    seed = _check_seed(seed)
    Z = standardize(feature_matrix(users, blocks=blocks))
    eigen = pca_table(Z)
    n_pc = min(Z.shape[1], max(2, int((eigen["eigenvalue"] > 1).sum())))
    scores = project(Z, n_components=n_pc)
    curve = choose_k(scores, ks, seed=seed, sample_size=sample_size, n_init=n_init)
    k = int(curve.loc[curve["silhouette"].idxmax(), "k"])
    return Segmentation(Z, eigen, scores, curve, k, segment(scores, k=k, seed=seed, n_init=n_init))
