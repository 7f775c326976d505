"""Comment sentiment: a small classifier, its honest evaluation, net sentiment over time.

Social listening (社交聆听) turns thousands of comments into one trend line.
Nobody can read 20,000 comments a year, so a model labels them; this module
builds that model, measures how often it is wrong, shows *which* comments it
gets wrong, and computes net sentiment by day, week or month.

The classifier (:func:`make_classifier`) is TF-IDF on **character n-grams**
(1-3 characters within word boundaries, ``analyzer="char_wb"``) followed by a
multinomial logistic regression. Character n-grams need no tokenizer, so the
same code works for Chinese, which has no spaces between words (no word
segmenter such as jieba is needed), and for English. It is a strong, fast,
transparent baseline, not the state of the art: it reads no context, so
sarcasm ("Great, another leaking bottle 🙃") and mixed comments ("tastes
nice, but a bit expensive") defeat it.

Functions
---------
* :func:`make_classifier` -- the unfitted scikit-learn ``Pipeline``.
* :func:`strip_fillers`, :func:`normalise` -- the "phrasing" of a comment:
  filler words, punctuation and emoji removed, to find copies and
  near-copies.
* :func:`split` -- a held-out split: random and stratified, by groups (whole
  phrasings held out), or by time (train before a cutoff, test after).
* :func:`fit` -- check the training frame and fit the pipeline.
* :func:`evaluate` -- precision, recall and F1 per class and macro, the
  confusion matrix, accuracy (tidy frames).
* :func:`bootstrap_scores` -- intervals for accuracy and macro F1, resampling
  whole groups (phrasings) when comments are not independent.
* :func:`majority_baseline` -- what "always say the most common label" scores.
* :func:`misclassified` -- the held-out comments the model gets wrong, with its
  probabilities.
* :func:`net_sentiment_over_time` -- :func:`course_lib.kpi.net_sentiment` by
  day, week or month (and platform).
* :func:`net_sentiment_interval`, :func:`share_interval` -- net sentiment and
  the share of one label with 95 % intervals, optionally treating the
  comments under one post as a cluster.

Duplicates. Comment streams repeat themselves: copy-paste, bots, templated
replies, the same short phrase ("where can I buy it?") written by many
people. A *random* split then puts copies of the same phrasing on both sides,
and the held-out score measures memory, not reading. Hold out whole
phrasings (``split(groups=normalise(texts))``) to measure the score on new
phrasings, and split by time (``split(cutoff=...)``) to measure what a model
trained in the past does on the comments that come next (Kapoor &
Narayanan 2023 call the first problem *leakage*).

Sources
-------
* Pedregosa, F. et al. (2011). "Scikit-learn: Machine Learning in Python".
  *Journal of Machine Learning Research*, 12. The pipeline's components.
* Manning, C. D., Raghavan, P. & Schütze, H. (2008). *Introduction to
  Information Retrieval*. Cambridge University Press. TF-IDF; precision,
  recall, F1 and macro averaging.
* Liu, B. (2012). *Sentiment Analysis and Opinion Mining*. Morgan & Claypool.
  Why sarcasm, mixed opinions and domain words are hard.
* Kapoor, S. & Narayanan, A. (2023). "Leakage and the reproducibility crisis
  in machine-learning-based science". *Patterns*, 4(9). Duplicates across
  the train/test split and other kinds of leakage.
* Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.). Wiley. The
  variance of a ratio estimator from a cluster sample (comments clustered
  by post).
* Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
  Chapman & Hall. Percentile intervals; resampling clusters.

>>> import pandas as pd
>>> toy = pd.DataFrame({"timestamp": pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-14"]),
...                     "sentiment": ["positive", "negative", "neutral"]})
>>> net_sentiment_over_time(toy, include_neutral=True, freq="W")
      period  n  net_sentiment
0 2025-01-06  2            0.0
1 2025-01-13  1            0.0
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Union

import re

import numpy as np
import pandas as pd

from . import kpi
from .validation import check_frame

if TYPE_CHECKING:  # scikit-learn is imported only when a function needs it
    from sklearn.pipeline import Pipeline

__all__ = ["Evaluation", "FILLERS", "LABELS", "bootstrap_scores", "evaluate", "fit", "majority_baseline",
           "make_classifier", "misclassified", "net_sentiment_interval", "net_sentiment_over_time",
           "normalise", "score_table", "share_interval", "split", "strip_fillers"]

LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
"""Sentiment labels of the course data, in the order used by tables and charts."""

By = Union[Hashable, Sequence[Hashable], None]
FREQS = {"D": "D", "W": "W-SUN", "M": "M"}

#: Conversational openers and closers that carry no opinion, in English and
#: Chinese ("honestly", "lol", 说实话 "to be honest", 路过 "just passing
#: by", 哈哈 "haha", 姐妹们 "sisters", as a greeting). :func:`strip_fillers`
#: removes them at the start and the end of a comment, so "Honestly? Great
#: taste lol" and "Great taste" count as one phrasing. Extend the tuple for
#: your own data; pass ``fillers=()`` to keep every word.
FILLERS: tuple[str, ...] = (
    "honestly", "real talk", "guys", "haha", "lol", "lmao", "tbh", "ngl", "omg",
    "just passing by", "first time buying",
    "说实话", "讲真", "姐妹们", "哈哈哈", "哈哈", "路过", "第一次买",
)


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------

def _label_pairs(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    """True and predicted labels as object arrays of the same, non-zero length."""
    y_true = np.asarray(y_true, dtype=object)
    y_pred = np.asarray(y_pred, dtype=object)
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true and y_pred have different lengths ({len(y_true)} and {len(y_pred)})")
    if len(y_true) == 0:
        raise ValueError("y_true is empty: nothing to evaluate")
    return y_true, y_pred


def _check_frame(frame: object, param: str) -> pd.DataFrame:
    return check_frame(frame, param, why="there are no comments to work with")


def _column(frame: pd.DataFrame, column: Hashable, param: str, frame_name: str) -> pd.Series:
    if column not in frame.columns:
        raise ValueError(f"column {column!r} (parameter {param}=) not found in {frame_name}; "
                         f"available columns: {', '.join(map(repr, frame.columns))}")
    values = frame[column]
    if values.isna().any():
        raise ValueError(f"column {column!r} of {frame_name} has {int(values.isna().sum())} missing "
                         "value(s); drop or fill them first")
    return values.astype(str)


def _texts_labels(frame: pd.DataFrame, text: str, label: str, name: str) -> tuple[pd.Series, pd.Series]:
    _check_frame(frame, name)
    return _column(frame, text, "text", name), _column(frame, label, "label", name)


# --------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------

def make_classifier(*, ngram_range: tuple[int, int] = (1, 3), min_df: int = 2, C: float = 1.0,
                    max_iter: int = 1000) -> "Pipeline":
    """An unfitted pipeline: character n-gram TF-IDF + logistic regression.

    Parameters
    ----------
    ngram_range : (shortest, longest) character n-gram, default 1 to 3 characters.
    min_df : ignore n-grams found in fewer comments than this.
    C : inverse regularisation strength of the logistic regression
        (smaller = simpler model).
    max_iter : iterations of the solver.

    Returns
    -------
    ``sklearn.pipeline.Pipeline`` with steps ``"tfidf"`` and ``"logreg"``.
    Deterministic: the same data give the same fitted model.

    >>> make_classifier().named_steps["tfidf"].analyzer
    'char_wb'
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    lo, hi = ngram_range
    if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi):
        raise ValueError(f"ngram_range={ngram_range!r} must be (low, high) whole numbers with 1 <= low <= high")
    return Pipeline([
        ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(lo, hi), min_df=min_df,
                                  sublinear_tf=True)),
        ("logreg", LogisticRegression(C=C, max_iter=max_iter)),
    ])


def _as_texts(texts: object, param: str) -> pd.Series:
    if isinstance(texts, pd.Series):
        series = texts
    elif isinstance(texts, (list, tuple, np.ndarray, pd.Index)):
        series = pd.Series(list(texts), dtype=object)
    else:
        raise TypeError(f"{param} must be a pandas Series or a list of strings, got {type(texts).__name__}")
    if series.isna().any():
        raise ValueError(f"{param} has {int(series.isna().sum())} missing value(s); drop or fill them first")
    return series.astype(str)


def _fillers_pattern(fillers: Sequence[str]) -> tuple[str, str] | None:
    if isinstance(fillers, str) or not all(isinstance(f, str) and f.strip() for f in fillers):
        raise TypeError("fillers must be a tuple or list of non-empty strings, e.g. ('honestly', 'lol')")
    if not fillers:
        return None
    alt = "|".join(re.escape(f.strip()) for f in sorted(set(fillers), key=len, reverse=True))
    # a filler is a whole word in English (no letter right before or after it);
    # in Chinese there are no word boundaries, so it is matched as it stands
    lead = rf"^(?:[\W_]*(?:{alt})(?![a-z]))+[\W_]*"
    trail = rf"(?:[\W_]*(?<![a-z])(?:{alt}))+[\W_]*$"
    return lead, trail


def strip_fillers(texts: pd.Series | Sequence[str], *, fillers: Sequence[str] = FILLERS) -> pd.Series:
    """Remove filler words (:data:`FILLERS`) at the start and the end of each comment.

    Fillers are matched without regard to case, together with the
    punctuation, spaces and emoji around them; the rest of the comment is
    kept as written. Words inside the comment are never removed.

    Parameters
    ----------
    texts : Series (or list) of comments.
    fillers : the filler words and phrases; ``()`` removes nothing.

    Returns
    -------
    Series of str, same index as ``texts``.

    >>> strip_fillers(["Honestly? Great, another leaking bottle 🙃 lol", "说实话，太甜了哈哈", "lollipop flavour"]).tolist()
    ['Great, another leaking bottle', '太甜了', 'lollipop flavour']
    """
    series = _as_texts(texts, "texts")
    pattern = _fillers_pattern(fillers)
    if pattern is None:
        return series.str.strip()
    lead, trail = pattern
    return (series.str.replace(lead, "", regex=True, flags=re.IGNORECASE)
            .str.replace(trail, "", regex=True, flags=re.IGNORECASE)
            .str.strip())


def normalise(texts: pd.Series | Sequence[str], *, fillers: Sequence[str] = FILLERS) -> pd.Series:
    """The *phrasing* of each comment: a key that is equal for copies and near-copies.

    Steps: :func:`strip_fillers`, lower case, then every character that is
    not a letter or a digit is dropped (punctuation, spaces, emoji). So
    "Honestly? So good!! 😍" and "so good" have the same phrasing ``"sogood"``;
    "so good" and "not good" do not. Use it to count duplicates, to hold out
    whole phrasings in :func:`split` (``groups=``), or to group complaints.

    Returns
    -------
    Series of str named ``"phrasing"``, same index as ``texts``. A comment
    made only of fillers, punctuation and emoji has the phrasing ``""``.

    >>> normalise(["Honestly? So good!! 😍", "so good", "哈哈哈好喝～", "Not good."]).tolist()
    ['sogood', 'sogood', '好喝', 'notgood']
    """
    return (strip_fillers(texts, fillers=fillers).str.lower()
            .str.replace(r"[\W_]+", "", regex=True).rename("phrasing"))


def split(frame: pd.DataFrame, *, seed: int | None = None, test_size: float = 0.25,
          label: str = "sentiment", groups: str | pd.Series | None = None,
          cutoff: str | pd.Timestamp | None = None,
          time: str = "timestamp") -> tuple[pd.DataFrame, pd.DataFrame]:
    """A train/test split of labelled comments: random, by groups, or by time.

    * **Random** (default): seeded and stratified, each label keeps its share
      in both parts. If the same phrasing occurs many times (copies, bots,
      templates), its copies land on both sides and the held-out score is
      optimistic: it measures memory of phrasings already seen.
    * **By groups** (``groups=``): every group (e.g. a phrasing from
      :func:`normalise`) goes entirely to train or entirely to test, so the
      test holds only phrasings the model has never seen. Groups are
      assigned with scikit-learn's ``StratifiedGroupKFold`` (label shares
      kept as far as whole groups allow); the test part is its first fold,
      so ``test_size`` must be 1/k (0.5, 0.25, 0.2, ...).
    * **By time** (``cutoff=``): train on the comments before ``cutoff``,
      test on those from ``cutoff`` on: what a model trained in the past
      meets next, including new topics (no seed, no ``test_size``).

    Parameters
    ----------
    frame : DataFrame of comments with a label column.
    seed : random seed (random and grouped splits; the same seed gives the
        same split).
    test_size : share of rows held out, between 0 and 1.
    label : label column.
    groups : column name or Series (same index as ``frame``) of group keys.
    cutoff : first time of the test part, e.g. ``"2025-07-01"``.
    time : datetime column used with ``cutoff``.

    Returns
    -------
    (train, test) DataFrames, each keeping the original index.

    >>> import pandas as pd
    >>> toy = pd.DataFrame({"text": list("abcdefgh"), "sentiment": ["positive", "negative"] * 4,
    ...                     "timestamp": pd.date_range("2025-01-01", periods=8, freq="D")})
    >>> train, test = split(toy, seed=1, test_size=0.5)
    >>> len(train), len(test), sorted(test["sentiment"])
    (4, 4, ['negative', 'negative', 'positive', 'positive'])
    >>> train, test = split(toy, seed=1, test_size=0.5, groups=pd.Series(list("aabbccdd")))
    >>> sorted(set(train["text"].str[0]) & set(test["text"].str[0]))
    []
    >>> train, test = split(toy, cutoff="2025-01-06")
    >>> len(train), len(test)
    (5, 3)
    """
    _check_frame(frame, "frame")
    labels = _column(frame, label, "label", "frame")
    counts = labels.value_counts()
    if len(counts) < 2:
        raise ValueError(f"column {label!r} has a single class ({counts.index[0]!r}); "
                         "a classifier needs at least two labels")
    if cutoff is not None:
        if groups is not None:
            raise ValueError("give either groups= (hold out whole groups) or cutoff= (split by time), not both")
        if time not in frame.columns:
            raise ValueError(f"column {time!r} (parameter time=) not found; "
                             f"available columns: {', '.join(map(repr, frame.columns))}")
        if not pd.api.types.is_datetime64_any_dtype(frame[time].dtype):
            raise TypeError(f"column {time!r} (parameter time=) must be datetime, got dtype {frame[time].dtype}")
        try:
            cut = pd.Timestamp(cutoff)
        except (TypeError, ValueError):
            raise ValueError(f"cutoff={cutoff!r} is not a date; give e.g. '2025-07-01'") from None
        before = (frame[time] < cut).to_numpy()
        if before.all() or not before.any():
            raise ValueError(f"cutoff={cutoff!r} leaves no comments {'after' if before.all() else 'before'} it; "
                             f"the data run from {frame[time].min()} to {frame[time].max()}")
        return frame[before], frame[~before]
    if seed is None:
        raise ValueError("seed= is required for a random or a grouped split (e.g. seed=SEED)")
    if isinstance(test_size, bool) or not isinstance(test_size, (int, float)) or not 0 < test_size < 1:
        raise ValueError(f"test_size={test_size!r} must be a share between 0 and 1, e.g. 0.25")
    if groups is None:
        from sklearn.model_selection import train_test_split

        if counts.min() < 2:
            raise ValueError(f"label {counts.idxmin()!r} has only {counts.min()} comment; a stratified "
                             "split needs at least 2 per label")
        return tuple(train_test_split(frame, test_size=test_size, stratify=labels, random_state=seed))
    from sklearn.model_selection import StratifiedGroupKFold

    if isinstance(groups, str):
        keys = _column(frame, groups, "groups", "frame")
    elif isinstance(groups, pd.Series):
        if len(groups) != len(frame) or not groups.index.equals(frame.index):
            raise ValueError(f"groups has {len(groups)} values with another index than frame ({len(frame)} "
                             "rows); build it from the same frame, e.g. normalise(frame['text'])")
        if groups.isna().any():
            raise ValueError(f"groups has {int(groups.isna().sum())} missing value(s)")
        keys = groups
    else:
        raise TypeError(f"groups must be a column name or a Series, got {type(groups).__name__}")
    k = round(1 / test_size)
    if abs(k * test_size - 1) > 1e-9:
        raise ValueError(f"test_size={test_size!r}: with groups= the test part is one of k equal folds, "
                         "so test_size must be 1/k, e.g. 0.5, 0.25 or 0.2")
    codes = pd.factorize(keys.to_numpy())[0]
    if codes.max() + 1 < k:
        raise ValueError(f"groups has {codes.max() + 1} distinct group(s); test_size={test_size!r} needs "
                         f"at least {k}")
    folds = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    train_pos, test_pos = next(folds.split(np.zeros(len(frame)), labels.to_numpy(), codes))
    return frame.iloc[np.sort(train_pos)], frame.iloc[np.sort(test_pos)]


def fit(train: pd.DataFrame, *, text: str = "text", label: str = "sentiment",
        **options) -> "Pipeline":
    """Fit :func:`make_classifier` (``options`` go to it) on the training comments.

    Raises ``ValueError`` for an empty frame, a missing text or label column,
    missing values, or a single class.

    >>> import pandas as pd
    >>> toy = pd.DataFrame({"text": ["love it", "so good", "awful", "bad taste"] * 3,
    ...                     "sentiment": ["positive", "positive", "negative", "negative"] * 3})
    >>> fit(toy, min_df=1).predict(["good, love"])[0]
    'positive'
    """
    texts, labels = _texts_labels(train, text, label, "train")
    if labels.nunique() < 2:
        raise ValueError(f"column {label!r} of train has a single class ({labels.iloc[0]!r}); "
                         "a classifier needs at least two labels")
    return make_classifier(**options).fit(texts, labels)


# --------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Evaluation:
    """Held-out scores of a classifier.

    Attributes
    ----------
    scores : DataFrame indexed by class plus ``"macro avg"``, with
        ``precision``, ``recall``, ``f1`` and ``support`` (comments).
    confusion : DataFrame of counts, rows = true label, columns = predicted.
    accuracy : share of comments labelled correctly.
    macro_f1 : unweighted mean of the per-class F1 (every class counts the same).
    """

    scores: pd.DataFrame
    confusion: pd.DataFrame
    accuracy: float
    macro_f1: float

    def __repr__(self) -> str:
        return f"Evaluation(accuracy={self.accuracy:.3f}, macro_f1={self.macro_f1:.3f})"


def _order(labels: Sequence[str]) -> list[str]:
    known = [c for c in LABELS if c in set(labels)]
    return known + sorted(set(labels) - set(known))


def score_table(y_true: Sequence[str], y_pred: Sequence[str]) -> Evaluation:
    """Precision, recall, F1 per class and macro average, and the confusion matrix.

    Precision of class c: of the comments *predicted* c, the share truly c.
    Recall: of the comments truly c, the share predicted c. F1: their
    harmonic mean. Macro: the plain mean over classes, so a rare class counts
    as much as a common one (accuracy does not).

    >>> ev = score_table(["positive", "negative", "negative"], ["positive", "positive", "negative"])
    >>> ev.scores.round(3)
               precision  recall     f1  support
    negative        1.00    0.50  0.667        2
    positive        0.50    1.00  0.667        1
    macro avg       0.75    0.75  0.667        3
    """
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    y_true, y_pred = _label_pairs(y_true, y_pred)
    classes = _order(list(y_true) + list(y_pred))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=classes, zero_division=0)
    scores = pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": s}, index=classes)
    scores.loc["macro avg"] = [p.mean(), r.mean(), f.mean(), s.sum()]
    scores["support"] = scores["support"].astype("int64")
    confusion = pd.DataFrame(confusion_matrix(y_true, y_pred, labels=classes),
                             index=pd.Index(classes, name="true"),
                             columns=pd.Index(classes, name="predicted"))
    return Evaluation(scores=scores, confusion=confusion,
                      accuracy=float((y_true == y_pred).mean()), macro_f1=float(f.mean()))


def evaluate(model: "Pipeline", test: pd.DataFrame, *, text: str = "text",
             label: str = "sentiment") -> Evaluation:
    """Score a fitted model on held-out comments (see :func:`score_table`).

    Evaluate on comments the model did not see in training: on its own
    training data a model looks better than it is.
    """
    texts, labels = _texts_labels(test, text, label, "test")
    return score_table(labels.to_numpy(), model.predict(texts))


def majority_baseline(train: pd.DataFrame, test: pd.DataFrame, *,
                      label: str = "sentiment") -> pd.Series:
    """Scores of the rule "always predict the most common training label".

    Any classifier worth using must beat it. Its accuracy equals the share of
    the majority class, which can look respectable; its macro F1 is low
    because it never finds the other classes.

    Returns
    -------
    Series with ``predicts`` (the label), ``accuracy`` and ``macro_f1``.

    >>> import pandas as pd
    >>> tr = pd.DataFrame({"sentiment": ["positive"] * 3 + ["negative"]})
    >>> te = pd.DataFrame({"sentiment": ["positive", "negative"]})
    >>> majority_baseline(tr, te).to_dict()
    {'predicts': 'positive', 'accuracy': 0.5, 'macro_f1': 0.3333333333333333}
    """
    _check_frame(train, "train")
    _check_frame(test, "test")
    majority = _column(train, label, "label", "train").value_counts().sort_index().idxmax()
    truth = _column(test, label, "label", "test").to_numpy()
    ev = score_table(truth, np.full(len(truth), majority, dtype=object))
    return pd.Series({"predicts": majority, "accuracy": ev.accuracy, "macro_f1": ev.macro_f1},
                     dtype=object)


def bootstrap_scores(y_true: Sequence[str], y_pred: Sequence[str], *, groups: Sequence[Hashable] | None = None,
                     n_boot: int = 1000, seed: int = 0, confidence: float = 0.95) -> pd.DataFrame:
    """Accuracy and macro F1 with percentile bootstrap intervals.

    A held-out score is itself an estimate from a sample of comments. The
    bootstrap redraws the test comments with replacement ``n_boot`` times
    and recomputes the score. When comments are not independent -- copies of
    the same phrasing, comments under one post -- pass ``groups``: whole
    groups are redrawn (a cluster bootstrap), which widens the interval to
    what the data can really tell. With few groups the interval is wide: that
    is the honest answer. The interval covers the choice of test comments
    only, not the choice of training comments.

    Parameters
    ----------
    y_true, y_pred : labels and predictions, same length.
    groups : group key of each comment (e.g. :func:`normalise` of the text);
        None treats every comment as independent.
    n_boot : resamples (at least 100).
    seed : seed of ``numpy.random.default_rng``.
    confidence : interval level.

    Returns
    -------
    DataFrame indexed by ``"accuracy"`` and ``"macro_f1"`` with ``estimate``
    (on all comments, as :func:`score_table`), ``ci_low``, ``ci_high``,
    ``n`` (comments) and ``groups`` (resampled units).

    >>> y = ["positive"] * 6 + ["negative"] * 4
    >>> p = ["positive"] * 5 + ["negative"] * 5
    >>> bootstrap_scores(y, p, seed=1)[["estimate", "n", "groups"]].round(3)
              estimate   n  groups
    accuracy     0.900  10      10
    macro_f1     0.899  10      10
    """
    y_true, y_pred = _label_pairs(y_true, y_pred)
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise ValueError(f"n_boot={n_boot!r} must be a whole number >= 100")
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise ValueError(f"confidence={confidence!r} must be a number between 0 and 1, e.g. 0.95")
    if groups is None:
        codes = np.arange(len(y_true))
    else:
        keys = np.asarray(groups, dtype=object)
        if len(keys) != len(y_true):
            raise ValueError(f"groups has {len(keys)} values but y_true has {len(y_true)}")
        codes = pd.factorize(keys)[0]
    classes = _order(list(y_true) + list(y_pred))
    k = len(classes)
    index = pd.Index(classes)
    cell = index.get_indexer(y_true) * k + index.get_indexer(y_pred)
    n_groups = int(codes.max()) + 1
    per_group = np.bincount(codes * k * k + cell, minlength=n_groups * k * k).reshape(n_groups, k * k)
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(n_groups, np.full(n_groups, 1 / n_groups), size=int(n_boot))
    confusion = np.vstack([per_group.sum(axis=0), weights @ per_group]).reshape(-1, k, k).astype("float64")
    hits = np.diagonal(confusion, axis1=1, axis2=2)
    with np.errstate(all="ignore"):
        precision = np.nan_to_num(hits / confusion.sum(axis=1))
        recall = np.nan_to_num(hits / confusion.sum(axis=2))
        f1 = np.nan_to_num(2 * precision * recall / (precision + recall))
        accuracy = hits.sum(axis=1) / confusion.sum(axis=(1, 2))
    scores = {"accuracy": accuracy, "macro_f1": f1.mean(axis=1)}
    alpha = (1 - confidence) / 2
    return pd.DataFrame({"estimate": [v[0] for v in scores.values()],
                         "ci_low": [np.quantile(v[1:], alpha) for v in scores.values()],
                         "ci_high": [np.quantile(v[1:], 1 - alpha) for v in scores.values()],
                         "n": len(y_true), "groups": n_groups}, index=list(scores))


def misclassified(model: "Pipeline", test: pd.DataFrame, *, text: str = "text",
                  label: str = "sentiment", columns: Sequence[str] = ("text_en",),
                  n: int | None = None) -> pd.DataFrame:
    """The held-out comments the model gets wrong, most confident mistakes first.

    Parameters
    ----------
    model : fitted pipeline (with ``predict_proba``).
    test : held-out comments.
    text, label : column names.
    columns : extra columns to show (e.g. the English gloss ``text_en``);
        those missing from ``test`` are skipped.
    n : keep the first ``n`` rows (all when None).

    Returns
    -------
    DataFrame (index of ``test``) with ``text``, the extra columns,
    ``label``, ``predicted``, ``p_predicted`` (the model's probability of its
    wrong answer) and ``p_label`` (its probability of the annotator's label).
    A confident mistake (high ``p_predicted``) often means a noisy label or
    a phrase the model has learnt the wrong way round; a hesitant one
    (``p_predicted`` near ``p_label``) often a mixed comment.
    """
    texts, labels = _texts_labels(test, text, label, "test")
    if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1):
        raise ValueError(f"n={n!r} must be a whole number >= 1 (or None for all)")
    proba = model.predict_proba(texts)
    classes = list(model.classes_)
    predicted = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
    label_pos = pd.Index(classes).get_indexer(labels.to_numpy())
    p_label = np.where(label_pos >= 0, proba[np.arange(len(proba)), np.maximum(label_pos, 0)], 0.0)
    out = pd.DataFrame({text: texts}, index=test.index)
    for c in columns:
        if c in test.columns and c != text:
            out[c] = test[c]
    out["label"] = labels
    out["predicted"] = predicted
    out["p_predicted"] = proba.max(axis=1)
    out["p_label"] = p_label
    wrong = out[out["label"] != out["predicted"]].sort_values("p_predicted", ascending=False,
                                                               kind="stable")
    return wrong if n is None else wrong.head(n)


# --------------------------------------------------------------------------
# net sentiment over time
# --------------------------------------------------------------------------

def net_sentiment_over_time(frame: pd.DataFrame, *, include_neutral: bool,
                            freq: Literal["D", "W", "M"] = "W", by: By = None,
                            time: str = "timestamp", column: str = "sentiment") -> pd.DataFrame:
    """Net sentiment per day, week (Monday to Sunday) or calendar month.

    Uses :func:`course_lib.kpi.net_sentiment` (positive - negative, divided by
    all comments when ``include_neutral=True`` or by the polar ones only);
    state which one you report. Periods without comments are absent (not
    zero). Small periods are noisy: keep ``n`` next to the value.

    Parameters
    ----------
    frame : comments with a time column and a label column.
    include_neutral : whether neutral comments are in the denominator.
    freq : "D" (day), "W" (week starting Monday) or "M" (month).
    by : extra grouping column(s), e.g. "platform".
    time : datetime column.
    column : label column ("positive", "neutral", "negative"); for
        predicted labels pass the column holding the predictions.

    Returns
    -------
    DataFrame: ``period`` (first day of the period), the ``by`` columns,
    ``n`` (all comments of the period), ``net_sentiment`` a fraction in
    [-1, 1]; with ``include_neutral=False`` also ``n_polar`` (positive plus
    negative comments: the denominator) and ``net_sentiment_polar`` instead.

    >>> import pandas as pd
    >>> toy = pd.DataFrame({"timestamp": pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-08"]),
    ...                     "sentiment": ["positive", "neutral", "negative"]})
    >>> net_sentiment_over_time(toy, include_neutral=False)
          period  n  n_polar  net_sentiment_polar
    0 2025-01-06  3        2                  0.0
    """
    _check_frame(frame, "frame")
    if freq not in FREQS:
        raise ValueError(f"freq={freq!r} is not allowed; allowed: 'D', 'W', 'M'")
    if time not in frame.columns:
        raise ValueError(f"column {time!r} (parameter time=) not found; "
                         f"available columns: {', '.join(map(repr, frame.columns))}")
    if not pd.api.types.is_datetime64_any_dtype(frame[time].dtype):
        raise TypeError(f"column {time!r} (parameter time=) must be datetime, got dtype {frame[time].dtype}")
    cols = [] if by is None else ([by] if isinstance(by, str) or not isinstance(by, Sequence) else list(by))
    period = frame[time].dt.to_period(FREQS[freq]).dt.start_time.rename("period")
    work = frame.assign(period=period)
    score = kpi.net_sentiment(work, include_neutral=include_neutral, column=column, by=["period"] + cols)
    keys = work.groupby(["period"] + cols, dropna=False, sort=True)
    n = keys.size().rename("n")
    parts = [n, score]
    if not include_neutral:
        polar = work[column].astype(str).isin(["positive", "negative"])
        parts.insert(1, polar.groupby([work[c] for c in ["period"] + cols], dropna=False, sort=True)
                     .sum().rename("n_polar").astype("int64"))
    return pd.concat(parts, axis=1).reset_index()


# --------------------------------------------------------------------------
# intervals, with comments clustered by post
# --------------------------------------------------------------------------

def _ratio_interval(frame: pd.DataFrame, y: np.ndarray, m: np.ndarray, by: By, cluster: str | None,
                    name_n: str | None) -> pd.DataFrame:
    """Sum(y) / sum(m) per group with a linearised (ratio-estimator) standard error.

    Units are the clusters (one row each when ``cluster`` is None):
    ``var = k / (k - 1) * sum((Y_j - R * M_j)**2) / M**2`` (Cochran 1977), and
    the design effect is that variance over the one of independent rows.
    """
    cols = [] if by is None else ([by] if isinstance(by, str) or not isinstance(by, Sequence) else list(by))
    for c in cols:
        if c not in frame.columns:
            raise ValueError(f"column {c!r} (parameter by=) not found; "
                             f"available columns: {', '.join(map(repr, frame.columns))}")
    if cluster is not None:
        if cluster not in frame.columns:
            raise ValueError(f"column {cluster!r} (parameter cluster=) not found; "
                             f"available columns: {', '.join(map(repr, frame.columns))}; "
                             "use cluster=None to treat comments as independent")
        unit = frame[cluster].to_numpy()
    else:
        unit = np.arange(len(frame))
    keys = [frame[c].to_numpy() for c in cols]
    rows = pd.DataFrame({**{f"_g{i}": k for i, k in enumerate(keys)}, "_u": unit, "_y": y, "_m": m,
                         "_one": 1.0})
    gcols = [f"_g{i}" for i in range(len(cols))]
    units = rows.groupby(gcols + ["_u"], dropna=False, sort=True)[["_y", "_m", "_one"]].sum().reset_index()
    plain = rows.assign(_y2=rows["_y"] ** 2, _ym=rows["_y"] * rows["_m"], _m2=rows["_m"] ** 2)
    units = units.assign(_y2=units["_y"] ** 2, _ym=units["_y"] * units["_m"], _m2=units["_m"] ** 2)

    def totals(t: pd.DataFrame, count: str) -> pd.DataFrame:
        agg = dict(Y=("_y", "sum"), M=("_m", "sum"), Y2=("_y2", "sum"), YM=("_ym", "sum"),
                   M2=("_m2", "sum"), k=(count, "size"), n=("_one", "sum"))
        return t.groupby(gcols, dropna=False, sort=True).agg(**agg) if gcols else             pd.DataFrame({c: [t[col].agg(how)] for c, (col, how) in agg.items()})

    clustered, independent = totals(units, "_u"), totals(plain, "_one")
    with np.errstate(all="ignore"):
        r = clustered["Y"] / clustered["M"]

        def var(t: pd.DataFrame) -> pd.Series:
            ss = t["Y2"] - 2 * r * t["YM"] + r ** 2 * t["M2"]
            return (t["k"] / (t["k"] - 1)).where(t["k"] > 1) * ss.clip(lower=0) / t["M"] ** 2

        v = var(clustered)
        out = pd.DataFrame({"n": independent["n"].astype("int64")})
        if name_n is not None:
            out[name_n] = clustered["M"].round().astype("int64")
        if cluster is not None:
            out["clusters"] = clustered["k"].astype("int64")
        out["estimate"] = r
        out["se"] = np.sqrt(v)
        if cluster is not None:
            out["design_effect"] = v / var(independent)
    out = out.reset_index(drop=not gcols)
    return out.rename(columns={f"_g{i}": c for i, c in enumerate(cols)})


def _labels(frame: pd.DataFrame, column: str) -> np.ndarray:
    kpi.net_sentiment(frame, include_neutral=True, column=column)  # validates column and labels
    return frame[column].astype(str).to_numpy()


def _check_level(confidence: float) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise ValueError(f"confidence={confidence!r} must be a number between 0 and 1, e.g. 0.95")
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2))


def net_sentiment_interval(frame: pd.DataFrame, *, include_neutral: bool, by: By = None,
                           cluster: str | None = None, column: str = "sentiment",
                           confidence: float = 0.95) -> pd.DataFrame:
    """Net sentiment (as :func:`course_lib.kpi.net_sentiment`) with a Wald interval.

    Net sentiment is a ratio: the sum of +1 (positive), 0 (neutral), -1
    (negative) over the number of comments counted. Its standard error
    comes from the ratio estimator (Cochran 1977). Comments under the same
    post are alike (one bad post draws many angry comments), so they are
    not independent: ``cluster="post_id"`` treats each post as one unit,
    which widens the interval by the square root of the ``design_effect``.
    With ``cluster=None`` the comments are independent and the variance is
    the multinomial one, ``(p_pos + p_neg - (p_pos - p_neg)**2) / (n - 1)``.

    Parameters
    ----------
    frame : one row per comment.
    include_neutral : whether neutral comments are in the denominator.
    by : group column(s), optional.
    cluster : column of the cluster (e.g. ``"post_id"``), or None.
    column : label column.
    confidence : interval level.

    Returns
    -------
    DataFrame: the ``by`` columns, ``n`` (comments), ``n_polar`` when
    ``include_neutral=False`` (the denominator), ``clusters`` and
    ``design_effect`` when ``cluster`` is given, ``estimate``, ``se``,
    ``ci_low``, ``ci_high`` (fractions, clipped to [-1, 1]). A group with a
    single unit has no interval (NaN).

    >>> import pandas as pd
    >>> c = pd.DataFrame({"sentiment": ["positive"] * 6 + ["neutral"] * 2 + ["negative"] * 2,
    ...                   "post_id": ["a"] * 5 + ["b"] * 5})
    >>> net_sentiment_interval(c, include_neutral=True).round(3)
        n  estimate     se  ci_low  ci_high
    0  10       0.4  0.267  -0.123    0.923
    >>> net_sentiment_interval(c, include_neutral=True, cluster="post_id")[["clusters", "estimate", "se"]]
       clusters  estimate   se
    0         2       0.4  0.6
    """
    _check_frame(frame, "frame")
    if not isinstance(include_neutral, (bool, np.bool_)):
        raise TypeError(f"include_neutral must be True or False, got {include_neutral!r}")
    z = _check_level(confidence)
    lab = _labels(frame, column)
    pos, neg = (lab == "positive").astype("float64"), (lab == "negative").astype("float64")
    m = np.ones(len(lab)) if include_neutral else pos + neg
    out = _ratio_interval(frame, pos - neg, m, by, cluster, None if include_neutral else "n_polar")
    out["ci_low"] = (out["estimate"] - z * out["se"]).clip(-1, 1)
    out["ci_high"] = (out["estimate"] + z * out["se"]).clip(-1, 1)
    return out


def share_interval(frame: pd.DataFrame, *, label: str = "negative", by: By = None,
                   cluster: str | None = None, column: str = "sentiment",
                   confidence: float = 0.95) -> pd.DataFrame:
    """Share of comments with one label, with a Wilson interval that respects clusters.

    Without ``cluster`` this is the Wilson interval (Wilson 1927). With
    ``cluster="post_id"`` the comments of one post count as one unit: the
    design effect (the ratio-estimator variance over the binomial one,
    Kish 1965) shrinks the sample to an *effective* size ``n / deff``
    (never above ``n``), and the Wilson interval is computed for that size.

    Returns
    -------
    DataFrame: the ``by`` columns, ``n``, ``count``, ``clusters`` and
    ``design_effect`` (with ``cluster``), ``n_effective``, ``estimate``,
    ``se``, ``ci_low``, ``ci_high``.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"sentiment": ["negative"] * 2 + ["positive"] * 8})
    >>> share_interval(c).round(3)[["n", "count", "estimate", "ci_low", "ci_high"]]
        n  count  estimate  ci_low  ci_high
    0  10      2       0.2   0.057     0.51
    """
    from .survey import wilson_interval

    _check_frame(frame, "frame")
    _check_level(confidence)
    lab = _labels(frame, column)
    if label not in kpi.SENTIMENT_LABELS:
        raise ValueError(f"label={label!r} is not allowed; allowed: {', '.join(map(repr, kpi.SENTIMENT_LABELS))}")
    hit = (lab == label).astype("float64")
    out = _ratio_interval(frame, hit, np.ones(len(lab)), by, cluster, None)
    p = out["estimate"]
    out.insert(out.columns.get_loc("n") + 1, "count", (p * out["n"]).round().astype("int64"))
    with np.errstate(all="ignore"):
        deff = out["design_effect"].clip(lower=1).fillna(1) if cluster is not None else 1.0
        n_eff = out["n"] / deff
        out["n_effective"] = n_eff
        if cluster is None:
            out["se"] = np.sqrt(p * (1 - p) / out["n"])
    low, high = wilson_interval(p * n_eff, n_eff, confidence=confidence)
    out["ci_low"], out["ci_high"] = low, high
    cols = [c for c in out.columns if c not in ("estimate", "se", "ci_low", "ci_high")]
    return out[cols + ["estimate", "se", "ci_low", "ci_high"]]
