"""Group complaint texts into recurring problems: TF-IDF over normalised Persian words and word pairs.

Pure Python (no numpy needed at these sizes, no Django). Everything is deterministic: documents are taken
in the order the caller gives (time, then id), ties break on the lower index, and no random seed exists,
so the same input always yields the same problems. `assign` maps new texts onto the centroids of problems
that already exist before `cluster` makes new ones from what is left: problems keep their identity from
run to run.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from hamdel.language.normalize import normalize

Vector = dict[str, float]

# A text joins an existing problem at this cosine similarity, and two texts start a new one together at
# JOIN_NEW; a problem needs MIN_SIZE messages before it is shown (one message is not a recurring problem).
MATCH_EXISTING = 0.25
JOIN_NEW = 0.25
MIN_SIZE = 3
KEEP_TERMS = 16  # per message

_WORD = re.compile(r"[^\W\d_]+(?:\u200c[^\W\d_]+)*")
# Function words, greetings and politeness that every complaint shares and no problem is named by.
STOPWORDS = frozenset(
    """
    و در به از که این آن با برای را تا یا هم اما ولی اگر چون چه چی چرا کجا کی نه بله آره هست است هستند
    بود بودم بوده شد شده شدم شود میشه می‌شه کنم کنید کنین کردم کرده کردید کردین کرد کن میکنم می‌کنم دارم
    داره دارید دارین ندارم نداره من ما شما تو او اون ایشون خودم خودش خیلی بسیار همه هیچ یک یه دو سه سلام
    درود وقت بخیر ممنون مرسی لطفا لطفاً تشکر سپاس خسته نباشید باشید عزیز جان ها های هایی را رو الان هنوز
    دیگه دیگر باز دوباره فقط حتی پس بعد قبل روز روزه امروز دیروز هفته ماه چند چندین اینکه آیا مگر باید
    چطور چگونه چطوری دارد دارند کنم کنیم میشود می‌شود نمی‌شه نمیشه میخوام می‌خوام خواهش لطف کنید
    بفرمایید شده‌ام شده‌است ام ای اید اند the a an to of and is it my i you we for on in at with this
    that please hi hello thanks
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_AFFIX = re.compile(r"\u200c(?:هایی|های|ها|ترین|تر|ام|ات|اش|مان|تان|شان|ای|ی)$")


def tokens(text: str) -> list[str]:
    """The content words of a text, normalised, with plural and possessive endings folded away."""
    out = []
    for raw in _WORD.findall(normalize(text).lower()):
        word = _AFFIX.sub("", raw)
        if len(word) < 2 or word in STOPWORDS:
            continue
        out.append(word)
    return out


def terms(text: str) -> Counter[str]:
    """Words and adjacent word pairs (pairs name a problem better: «کیفیت بسته‌بندی»)."""
    words = tokens(text)
    counts: Counter[str] = Counter(words)
    counts.update(f"{a} {b}" for a, b in pairwise(words))
    return counts


@dataclass
class Idf:
    """Document frequencies over the texts seen so far; kept by the caller so runs stay comparable."""

    docs: int = 0
    df: dict[str, int] = field(default_factory=dict)

    def add(self, bags: Iterable[Counter[str]]) -> None:
        for bag in bags:
            self.docs += 1
            for term in bag:
                self.df[term] = self.df.get(term, 0) + 1

    def weight(self, term: str) -> float:
        return math.log((1 + self.docs) / (1 + self.df.get(term, 0))) + 1.0


def vectorise(bag: Counter[str], idf: Idf, keep: int = KEEP_TERMS) -> Vector:
    """Sublinear TF × IDF of the `keep` heaviest terms, L2-normalised.

    Pairs weigh 0.7×: short texts share few pairs, and a pair adds to the weight of its two words. Keeping
    the heaviest terms drops the common words that every complaint shares and keeps comparisons cheap.
    """
    vec = {t: (1.0 + math.log(n)) * idf.weight(t) * (0.7 if " " in t else 1.0) for t, n in bag.items()}
    top = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    return unit(dict(sorted(top)))


def unit(vec: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two unit vectors (iterates the shorter one)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def centroid(vectors: Iterable[Mapping[str, float]], keep: int = 40) -> Vector:
    """The unit mean of the vectors, trimmed to its `keep` heaviest terms (small to store, stable)."""
    total: dict[str, float] = {}
    for vec in vectors:
        for t, v in vec.items():
            total[t] = total.get(t, 0.0) + v
    top = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    return unit(dict(top))


def _best(scores: Mapping[int, float], threshold: float) -> int | None:
    """The key with the highest score at or above `threshold`; ties go to the lower key."""
    best, best_sim = None, -1.0
    for key in sorted(scores):
        if scores[key] >= threshold and scores[key] > best_sim:
            best, best_sim = key, scores[key]
    return best


def assign(
    vectors: Sequence[Vector], centroids: Mapping[int, Vector], threshold: float = MATCH_EXISTING
) -> list[int | None]:
    """For each vector, the key of the most similar centroid at or above `threshold` (None: no match).

    Ties go to the lower key, so the oldest problem wins and reruns agree. An inverted index (term → the
    centroids holding it) keeps this linear in the terms shared, not in the number of problems.
    """
    index: dict[str, list[tuple[int, float]]] = {}
    for key in sorted(centroids):
        for t, w in centroids[key].items():
            index.setdefault(t, []).append((key, w))
    out: list[int | None] = []
    for vec in vectors:
        scores: dict[int, float] = {}
        for t, v in vec.items():
            for key, w in index.get(t, ()):
                scores[key] = scores.get(key, 0.0) + v * w
        out.append(_best(scores, threshold))
    return out


def cluster(
    vectors: Sequence[Vector], threshold: float = JOIN_NEW, min_size: int = MIN_SIZE
) -> list[list[int]]:
    """Group vectors (indices into `vectors`) into clusters of at least `min_size`, deterministically.

    One leader pass in the given order, then one reassignment against the resulting centroids (fixes the
    order effect of the first pass), then small clusters are dropped. Clusters come back ordered by their
    first member. Each cluster keeps its sum and squared norm, and an inverted index finds the clusters
    sharing a term, so a pass costs about the terms shared, not clusters × terms.
    """
    sums: list[dict[str, float]] = []
    norm2: list[float] = []
    index: dict[str, set[int]] = {}
    for vec in vectors:
        if not vec:
            continue
        dots: dict[int, float] = {}
        for t, v in vec.items():
            for k in index.get(t, ()):
                dots[k] = dots.get(k, 0.0) + v * sums[k][t]
        best = _best({k: d / math.sqrt(norm2[k]) for k, d in dots.items()}, threshold)
        if best is None:
            best = len(sums)
            sums.append({})
            norm2.append(0.0)
        total = sums[best]
        norm2[best] += 2 * dots.get(best, 0.0) + sum(v * v for v in vec.values())
        for t, v in vec.items():
            total[t] = total.get(t, 0.0) + v
            index.setdefault(t, set()).add(best)
    cents = {k: unit(s) for k, s in enumerate(sums)}
    members: dict[int, list[int]] = {}
    for i, key in enumerate(assign(vectors, cents, threshold)):
        if key is not None:
            members.setdefault(key, []).append(i)
    groups = [m for m in members.values() if len(m) >= min_size]
    return sorted(groups, key=lambda m: m[0])


def split(vectors: Sequence[Vector]) -> tuple[list[int], list[int]]:
    """Two groups by 2-means seeded with the first vector and the one least like it (deterministic)."""
    if len(vectors) < 2:
        return list(range(len(vectors))), []
    a = 0
    b = min(range(1, len(vectors)), key=lambda i: (cosine(vectors[a], vectors[i]), i))
    ca, cb = vectors[a], vectors[b]
    left: list[int] = []
    right: list[int] = []
    for _round in range(5):
        left = [i for i, v in enumerate(vectors) if cosine(v, ca) >= cosine(v, cb)]
        right = [i for i in range(len(vectors)) if i not in set(left)]
        if not right:
            break
        ca, cb = centroid(vectors[i] for i in left), centroid(vectors[i] for i in right)
    return left, right


def label(cent: Mapping[str, float], words: int = 3) -> str:
    """A Persian label from the centroid's heaviest terms: the best word pair first, then single words."""
    ranked = sorted(cent.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen: list[str] = []
    used: set[str] = set()
    for term, _w in ranked:
        parts = term.split(" ")
        if any(p in used for p in parts):
            continue
        chosen.append(term)
        used.update(parts)
        if sum(len(c.split(" ")) for c in chosen) >= words:
            break
    return "، ".join(chosen)
