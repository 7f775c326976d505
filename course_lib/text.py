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
* :func:`split` -- a seeded, stratified held-out split.
* :func:`fit` -- check the training frame and fit the pipeline.
* :func:`evaluate` -- precision, recall and F1 per class and macro, the
  confusion matrix, accuracy (tidy frames).
* :func:`majority_baseline` -- what "always say the most common label" scores.
* :func:`misclassified` -- the held-out comments the model gets wrong, with its
  probabilities.
* :func:`net_sentiment_over_time` -- :func:`course_lib.kpi.net_sentiment` by
  day, week or month (and platform).

Sources
-------
* Pedregosa, F. et al. (2011). "Scikit-learn: Machine Learning in Python".
  *Journal of Machine Learning Research*, 12. The pipeline's components.
* Manning, C. D., Raghavan, P. & Schütze, H. (2008). *Introduction to
  Information Retrieval*. Cambridge University Press. TF-IDF; precision,
  recall, F1 and macro averaging.
* Liu, B. (2012). *Sentiment Analysis and Opinion Mining*. Morgan & Claypool.
  Why sarcasm, mixed opinions and domain words are hard.

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

import numpy as np
import pandas as pd

from . import kpi

if TYPE_CHECKING:  # scikit-learn is imported only when a function needs it
    from sklearn.pipeline import Pipeline

__all__ = ["Evaluation", "LABELS", "evaluate", "fit", "majority_baseline", "make_classifier",
           "misclassified", "net_sentiment_over_time", "score_table", "split"]

LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
"""Sentiment labels of the course data, in the order used by tables and charts."""

By = Union[Hashable, Sequence[Hashable], None]
FREQS = {"D": "D", "W": "W-SUN", "M": "M"}


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------

def _check_frame(frame: object, param: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{param} must be a pandas DataFrame, got {type(frame).__name__}")
    if len(frame) == 0:
        raise ValueError(f"{param} is empty (0 rows): there are no comments to work with")
    return frame


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


def split(frame: pd.DataFrame, *, seed: int, test_size: float = 0.25,
          label: str = "sentiment") -> tuple[pd.DataFrame, pd.DataFrame]:
    """A seeded, stratified train/test split of labelled comments.

    Stratified: each label has the same share in both parts. The same
    ``seed`` gives the same split. Note what a random split cannot tell:
    the course comments come from a fixed bank of templates, so the same
    template is on both sides and the held-out score is optimistic for new
    kinds of comments (a split by time is the harder test).

    Parameters
    ----------
    frame : DataFrame of comments with a label column.
    seed : random seed of the split.
    test_size : share of rows held out, between 0 and 1.
    label : label column.

    Returns
    -------
    (train, test) DataFrames, each keeping the original index.

    >>> import pandas as pd
    >>> toy = pd.DataFrame({"text": list("abcdefgh"), "sentiment": ["positive", "negative"] * 4})
    >>> train, test = split(toy, seed=1, test_size=0.5)
    >>> len(train), len(test), sorted(test["sentiment"])
    (4, 4, ['negative', 'negative', 'positive', 'positive'])
    """
    from sklearn.model_selection import train_test_split

    _check_frame(frame, "frame")
    labels = _column(frame, label, "label", "frame")
    if isinstance(test_size, bool) or not isinstance(test_size, (int, float)) or not 0 < test_size < 1:
        raise ValueError(f"test_size={test_size!r} must be a share between 0 and 1, e.g. 0.25")
    counts = labels.value_counts()
    if len(counts) < 2:
        raise ValueError(f"column {label!r} has a single class ({counts.index[0]!r}); "
                         "a classifier needs at least two labels")
    if counts.min() < 2:
        raise ValueError(f"label {counts.idxmin()!r} has only {counts.min()} comment; a stratified "
                         "split needs at least 2 per label")
    return tuple(train_test_split(frame, test_size=test_size, stratify=labels, random_state=seed))


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

    y_true = np.asarray(y_true, dtype=object)
    y_pred = np.asarray(y_pred, dtype=object)
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true and y_pred have different lengths ({len(y_true)} and {len(y_pred)})")
    if len(y_true) == 0:
        raise ValueError("y_true is empty: nothing to evaluate")
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
    ``n`` (comments), ``net_sentiment`` (or ``net_sentiment_polar`` when
    ``include_neutral=False``), a fraction in [-1, 1].
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
    n = work.groupby(["period"] + cols, dropna=False, sort=True).size().rename("n")
    return pd.concat([n, score], axis=1).reset_index()
