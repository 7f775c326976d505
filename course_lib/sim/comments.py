"""The ``comments`` table: a sample of comments on the brand's posts.

Comments are written in the market's language (Chinese for ``cn``, English
for ``global``) from the templates in :mod:`course_lib.sim.phrasebook`,
with an English gloss. The sentiment a comment is drawn for depends on the
day (negative share rises to ``crisis.negative_share_peak`` during the
crisis; positive share rises on campaign platforms during campaigns); mixed
templates get spread labels and ``comments.label_noise`` of the labels are
replaced by another label, so a good classifier stays below perfect.

Templates tagged ``crisis`` (leaking bottles, refunds, ...) are never used
before ``crisis.start_day``; from then on their weight follows the crisis
intensity (and stays small after the recovery).

The table is a *sample*: about ``comments.per_post`` rows per post, drawn in
proportion to the post's comment count (so it is not equal to
``posts.comments``). The commenter is drawn uniformly among the users who
had signed up by the comment's day (``users.signup_date`` <= comment date);
a comment dated before any user signed up is dropped (cannot happen with the
default audience, whose followers go back two years).

Columns (dtype, unit)
---------------------
comment_id : str          ``CM000001`` ..., in time order
post_id : str             commented post (``posts.post_id``)
user_id : str             commenter (``users.user_id``), signed up on or before
                          the comment's day
timestamp : datetime64    local time (minute precision), at or after the post
platform : str            platform of the post
text : str                comment in the market's language
text_en : str             English gloss (equal to ``text`` for ``global``)
sentiment : str           label: positive, neutral or negative (noisy)

Examples
--------
>>> from course_lib.sim import Scenario
>>> from course_lib.sim.audience import simulate_users
>>> from course_lib.sim.posts import simulate_posts
>>> sc = Scenario(days=20, n_users=500)
>>> c = simulate_comments(sc, simulate_posts(sc), simulate_users(sc))
>>> sorted(c["sentiment"].unique())
['negative', 'neutral', 'positive']
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

from .draw import as_datetime, categorical_rows, ids, table_rng
from .phrasebook import PREFIXES, SENTIMENTS, SLOTS, SUFFIXES, TEMPLATES
from .scenario import Scenario
from .timeline import campaign_effects, crisis_intensity

__all__ = ["simulate_comments"]

_SLOT = re.compile(r"\{(\w+)\}")
MEAN_DELAY_MINUTES = 360.0
CRISIS_TEMPLATE_WEIGHT = (0.15, 6.0)  # weight of crisis templates after / at full crisis (0 before it)


def _parts(template: str) -> list[tuple[bool, str]]:
    """Split ``"a{x}b"`` into ``[(False, "a"), (True, "x"), (False, "b")]``."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _SLOT.finditer(template):
        if m.start() > pos:
            out.append((False, template[pos:m.start()]))
        out.append((True, m.group(1)))
        pos = m.end()
    if pos < len(template):
        out.append((False, template[pos:]))
    return out


def _fill(rng: np.random.Generator, zh: str, en: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Fill the slots of one template for ``n`` rows (same slot values in zh and en)."""
    slot_names = sorted(set(_SLOT.findall(zh)) | set(_SLOT.findall(en)))
    picks: dict[str, np.ndarray] = {}
    for name in slot_names:
        if name == "flavor2":
            continue
        vocab = SLOTS[name]
        picks[name] = rng.integers(0, len(vocab), n)
    if "flavor2" in slot_names:
        k = len(SLOTS["flavor"])
        picks["flavor2"] = (picks["flavor"] + 1 + rng.integers(0, k - 1, n)) % k
    out = []
    for lang, template in ((0, zh), (1, en)):
        text = np.full(n, "", dtype=StringDType())
        for is_slot, value in _parts(template):
            if is_slot:
                vocab = SLOTS["flavor" if value == "flavor2" else value]
                words = np.array([w[lang] for w in vocab], dtype=StringDType())
                text = np.strings.add(text, words[picks[value]])
            else:
                text = np.strings.add(text, value)
        out.append(text)
    return out[0], out[1]


def _empty() -> pd.DataFrame:
    return _frame(*(np.array([], dtype=object) for _ in range(3)),
                  np.array([], dtype="datetime64[us]"),
                  *(np.array([], dtype=object) for _ in range(4)))


def simulate_comments(sc: Scenario, posts: pd.DataFrame, users: pd.DataFrame) -> pd.DataFrame:
    """Simulate the ``comments`` table (see the module docstring).

    Parameters
    ----------
    sc : Scenario
    posts : pandas.DataFrame
        Output of :func:`course_lib.sim.posts.simulate_posts` for ``sc``.
    users : pandas.DataFrame
        Output of :func:`course_lib.sim.audience.simulate_users` for ``sc``
        (commenters are drawn among them by ``signup_date``).

    Returns
    -------
    pandas.DataFrame
    """
    rng = table_rng(sc.seed, "comments")
    t = sc.effects
    ct = t.comments
    n_posts = len(posts)
    n = int(round(ct.per_post * n_posts))
    if n == 0 or n_posts == 0 or len(users) == 0:
        return _empty()

    # which post, who, when
    weight = posts["comments"].to_numpy(float) + 1.0
    post = rng.choice(n_posts, size=n, p=weight / weight.sum())
    pick = rng.random(n)  # position of the commenter among the users signed up by then
    delay = np.floor(rng.exponential(MEAN_DELAY_MINUTES, n)).astype(np.int64)
    posted = posts["timestamp"].to_numpy().astype("datetime64[m]")[post]
    last_minute = np.datetime64(sc.start, "m") + np.timedelta64(sc.days * 24 * 60 - 1, "m")
    when = np.minimum(posted + delay.astype("timedelta64[m]"), last_minute)
    order = np.lexsort((post, when))
    post, pick, when = post[order], pick[order], when[order]
    day = ((when - np.datetime64(sc.start, "m")) // np.timedelta64(1, "D")).astype(np.int64)

    # who: uniform among the users with signup day <= comment day
    start_d = np.datetime64(sc.start, "D")
    signup = (users["signup_date"].to_numpy().astype("datetime64[D]") - start_d).astype(np.int64)
    by_signup = np.argsort(signup, kind="stable")
    eligible = np.searchsorted(signup[by_signup], day, side="right")
    keep = eligible > 0  # guard: nobody had signed up yet -> no comment
    if not keep.all():
        post, pick, when, day, eligible = (a[keep] for a in (post, pick, when, day, eligible))
        n = len(post)
        if n == 0:
            return _empty()
    slot = np.minimum(np.floor(pick * eligible).astype(np.int64), eligible - 1)
    user_ids = users["user_id"].to_numpy()[by_signup[slot]]

    plats = sc.platforms
    plat = pd.Categorical(posts["platform"].to_numpy()[post], categories=plats).codes
    crisis = crisis_intensity(sc)[day]
    in_campaign = campaign_effects(sc)["active"][day, plat]

    # intended sentiment of each comment
    share = np.array([ct.sentiment_share[s] for s in SENTIMENTS], dtype=float)
    share = share / share.sum()
    neg = share[2] + (max(t.crisis.negative_share_peak, share[2]) - share[2]) * crisis
    rest = (1 - neg) / (share[0] + share[1])
    pos, neu = share[0] * rest, share[1] * rest
    boost = np.where(in_campaign, ct.campaign_positive_uplift, 0.0)
    boost = np.minimum(boost, (neu + neg) * 0.9)
    scale = 1 - boost / (neu + neg)
    probs = np.stack([pos + boost, neu * scale, neg * scale], axis=1)
    intended = categorical_rows(rng, probs)

    # template: one whose lean matches, crisis/campaign templates when fitting
    lean = np.array([SENTIMENTS.index(tp[0]) for tp in TEMPLATES])
    tag = np.array([tp[2] for tp in TEMPLATES])
    lo, hi = CRISIS_TEMPLATE_WEIGHT
    w = (lean[None, :] == intended[:, None]).astype(float)
    started = day >= t.crisis.start_day  # no crisis talk before the crisis
    w[:, tag == "crisis"] *= np.where(started, lo + (hi - lo) * crisis, 0.0)[:, None]
    w[:, tag == "campaign"] *= in_campaign[:, None]
    template = categorical_rows(rng, w)

    # label: the template's label distribution, then label noise
    label_probs = np.array([tp[1] for tp in TEMPLATES])[template]
    label = categorical_rows(rng, label_probs)
    flip = rng.random(n) < ct.label_noise
    label = np.where(flip, (label + rng.integers(1, 3, n)) % 3, label)

    # text: loop over templates (not rows), vectorised slot filling
    zh = np.full(n, "", dtype=StringDType())
    en = np.full(n, "", dtype=StringDType())
    for k, (_, _, _, tz, te) in enumerate(TEMPLATES):
        rows = np.flatnonzero(template == k)
        if len(rows) == 0:
            continue
        fz, fe = _fill(rng, tz.replace("{brand}", sc.brand), te.replace("{brand}", sc.brand), len(rows))
        zh[rows], en[rows] = fz, fe
    pre = rng.integers(0, len(PREFIXES), n)
    suf = rng.integers(0, len(SUFFIXES), n)
    pz = np.array([p[0] for p in PREFIXES], dtype=StringDType())
    pe = np.array([p[1] for p in PREFIXES], dtype=StringDType())
    sz = np.array([s[0] for s in SUFFIXES], dtype=StringDType())
    se = np.array([s[1] for s in SUFFIXES], dtype=StringDType())
    zh = np.strings.add(np.strings.add(pz[pre], zh), sz[suf])
    en = np.strings.add(np.strings.add(pe[pre], en), se[suf])
    for old, new in (("  ", " "), (" .", "."), (" !!", "!!"), (" ~", "~"), ("?.", "?")):
        en = np.strings.replace(en, old, new)
    zh = np.strings.replace(zh, "？。", "？")
    en = np.strings.strip(en)
    text = zh if sc.market == "cn" else en

    post_ids = posts["post_id"].to_numpy()[post]
    return _frame(
        ids("CM", np.arange(1, n + 1), 6),
        post_ids,
        user_ids,
        as_datetime(when),
        np.asarray(plats, dtype=object)[plat],
        text.astype(object),
        en.astype(object),
        np.asarray(SENTIMENTS, dtype=object)[label],
    )


def _frame(comment_id, post_id, user_id, timestamp, platform, text, text_en, sentiment) -> pd.DataFrame:
    return pd.DataFrame({
        "comment_id": pd.Series(comment_id, dtype="str"),
        "post_id": pd.Series(post_id, dtype="str"),
        "user_id": pd.Series(user_id, dtype="str"),
        "timestamp": pd.Series(timestamp, dtype="datetime64[us]"),
        "platform": pd.Series(platform, dtype="str"),
        "text": pd.Series(text, dtype="str"),
        "text_en": pd.Series(text_en, dtype="str"),
        "sentiment": pd.Series(sentiment, dtype="str"),
    })
