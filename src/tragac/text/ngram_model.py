"""A character n-gram linear model: scores a message for the categories rules reach least (solicitation,
harassment), trained from the project's own labelled development sets by ``tools/train_text_model.py`` and shipped
as ``text/data/ngram_model.npz`` (hashed weights, no training text).

Features come from the normalised text (:func:`tragac.text.normalize.normalized_text`: scripts, diacritics, leet
and emoji inside words already folded): for each word, its character 3-, 4- and 5-grams with word boundaries and
the word itself; for each pair of neighbouring words, the pair. Each feature is hashed (CRC-32, stable across
processes and machines) into one of 2^18 buckets; the score is a logistic regression over the buckets present.

Speed: a word's own features never change, so their weight sums are cached per word (chat vocabulary is small and
repetitive), as are word pairs'; a message costs a regex split and one dictionary look-up per word and per pair.
The weights are float32, summed in float64 in a fixed order, so a score is the same on every machine.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import ClassVar

import numpy as np
import numpy.typing as npt

BUCKETS = 1 << 18
MODEL_FILE = Path(__file__).parent / "data" / "ngram_model.npz"
_WORD = re.compile(r"\w+")
_GRAMS = (3, 4, 5)


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (BUCKETS - 1)


@cache
def word_features(word: str) -> tuple[int, ...]:
    """Buckets of a word's own features: its character n-grams (with boundary marks) and the word itself."""
    padded = f" {word} "
    grams = {padded[i : i + n] for n in _GRAMS for i in range(len(padded) - n + 1)}
    return tuple(sorted({_bucket("c:" + g) for g in grams} | {_bucket("w:" + word)}))


def pair_feature(left: str, right: str) -> int:
    return _bucket(f"p:{left} {right}")


def words(normalized: str) -> list[str]:
    return _WORD.findall(normalized)


def features(normalized: str) -> list[int]:
    """Every bucket of a normalised message (with repeats: a feature counts once per occurrence)."""
    ws = words(normalized)
    out = [b for w in ws for b in word_features(w)]
    out.extend(pair_feature(a, b) for a, b in pairwise(ws))
    return out


def _pair_bucket(pair: str, cache: dict[str, int]) -> int:
    got = cache[pair] = _bucket(f"p:{pair}")
    return got


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@dataclass
class NgramModel:
    """One weight row and bias per category; :meth:`scores` are the probabilities that the message belongs to each."""

    categories: tuple[str, ...]
    weights: npt.NDArray[np.float32]  # (categories, BUCKETS)
    bias: npt.NDArray[np.float64]  # (categories,)
    trained_on: tuple[str, ...] = ()  # the labelled sets it was trained from (file names), for the record
    _word_sums: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False)
    _pair_sums: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False)
    # For batches (max_logits): each word's sums as a row of one matrix, and each pair's bucket.
    _word_rows: dict[str, int] = field(default_factory=dict, repr=False)
    _row_sums: npt.NDArray[np.float64] = field(init=False, repr=False)
    _pair_buckets: dict[str, int] = field(default_factory=dict, repr=False)

    _CACHE_LIMIT: ClassVar[int] = 500_000  # words and pairs remembered; a long-running scan starts afresh past it

    def __post_init__(self) -> None:
        self._row_sums = np.zeros((0, len(self.categories)))

    def _word_sum(self, word: str) -> tuple[float, ...]:
        got = self._word_sums.get(word)
        if got is None:
            if len(self._word_sums) > self._CACHE_LIMIT:
                self._word_sums.clear()
            sums = self.weights[:, list(word_features(word))].astype(np.float64).sum(axis=1)
            got = self._word_sums[word] = tuple(float(x) for x in sums)
        return got

    def _pair_sum(self, left: str, right: str) -> tuple[float, ...]:
        key = f"{left} {right}"
        got = self._pair_sums.get(key)
        if got is None:
            if len(self._pair_sums) > self._CACHE_LIMIT:
                self._pair_sums.clear()
            got = self._pair_sums[key] = tuple(float(x) for x in self.weights[:, pair_feature(left, right)])
        return got

    def logits(self, normalized: str) -> list[float]:
        """Per category, the linear score before the logistic (bias, word features, then word pairs, in order)."""
        ws = words(normalized)
        z = [float(b) for b in self.bias]
        n = len(z)
        for w in ws:
            ww = self._word_sum(w)
            for i in range(n):
                z[i] += ww[i]
        for a, b in pairwise(ws):
            pp = self._pair_sum(a, b)
            for i in range(n):
                z[i] += pp[i]
        return z

    def max_logits(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Per normalised text, its largest category logit, for a batch at once: equal to ``max(logits(text))`` up to
        the rounding of another summation order (~1e-12), so a threshold test near its edge must ask ``logits``."""
        per = [words(t) for t in texts]
        flat = [w for ws in per for w in ws]
        rows = self._rows_of(flat)
        owner = np.repeat(np.arange(len(texts)), [len(ws) for ws in per])
        pairs = [f"{a} {b}" for ws in per for a, b in pairwise(ws)]
        buckets = self._pair_buckets
        if len(buckets) > self._CACHE_LIMIT:
            buckets.clear()
        cols = [buckets.get(p) for p in pairs]
        if None in cols:
            cols = [_pair_bucket(p, buckets) if c is None else c for p, c in zip(pairs, cols, strict=True)]
        pair_owner = np.repeat(np.arange(len(texts)), [max(len(ws) - 1, 0) for ws in per])
        word_sums = self._row_sums[rows]
        pair_sums = self.weights[:, np.array(cols, np.int64)].astype(np.float64)
        z = np.empty((len(self.categories), len(texts)))
        for i, b in enumerate(self.bias):
            z[i] = (
                float(b)
                + np.bincount(owner, weights=word_sums[:, i], minlength=len(texts))
                + np.bincount(pair_owner, weights=pair_sums[i], minlength=len(texts))
            )
        return z.max(axis=0)

    def _rows_of(self, flat: list[str]) -> npt.NDArray[np.int64]:
        """Rows of ``_row_sums`` for these words; the new ones' sums computed together (one gather for all), into a
        buffer that doubles when full."""
        index = self._word_rows
        if len(index) > self._CACHE_LIMIT:
            index.clear()
        new = [w for w in dict.fromkeys(flat) if w not in index]
        if new:
            feats = [word_features(w) for w in new]
            cols = np.fromiter((b for f in feats for b in f), np.int64)
            owner = np.repeat(np.arange(len(new)), [len(f) for f in feats])
            gathered = self.weights[:, cols].astype(np.float64)
            start, end = len(index), len(index) + len(new)
            if self._row_sums.shape[0] < end:
                grown = np.zeros((max(2 * end, 1024), len(self.categories)))
                if start:
                    grown[:start] = self._row_sums[:start]
                self._row_sums = grown
            for i, g in enumerate(gathered):
                self._row_sums[start:end, i] = np.bincount(owner, weights=g, minlength=len(new))
            index.update(zip(new, range(start, end), strict=True))
        return np.fromiter((index[w] for w in flat), np.int64, len(flat))

    def clear_caches(self) -> None:
        """Forget the cached sums (benchmarks measure cold runs; scores never depend on the caches)."""
        self._word_sums.clear()
        self._pair_sums.clear()
        self._word_rows.clear()
        self._row_sums = np.zeros((0, len(self.categories)))
        self._pair_buckets.clear()

    def scores(self, normalized: str) -> dict[str, float]:
        return {c: _sigmoid(z) for c, z in zip(self.categories, self.logits(normalized), strict=True)}

    def strongest(self, normalized: str, category: str, k: int = 3) -> list[str]:
        """The message's words (and word pairs) that raise ``category``'s score most: the flag's explanation."""
        i = self.categories.index(category)
        ws = words(normalized)
        parts = {w: self._word_sum(w)[i] for w in ws}
        for a, b in pairwise(ws):
            parts[f"{a} {b}"] = self._pair_sum(a, b)[i]
        ranked = sorted((v, p) for p, v in parts.items() if v > 0)
        return [p for _, p in reversed(ranked[-k:])]

    def save(self, path: Path = MODEL_FILE) -> None:
        np.savez_compressed(
            path,
            categories=np.array(self.categories),
            weights=self.weights,
            bias=self.bias,
            trained_on=np.array(self.trained_on),
        )

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> NgramModel:
        with np.load(path, allow_pickle=False) as z:
            return cls(
                categories=tuple(str(c) for c in z["categories"]),
                weights=z["weights"].astype(np.float32),
                bias=z["bias"].astype(np.float64),
                trained_on=tuple(str(t) for t in z["trained_on"]),
            )


@cache
def shipped_model() -> NgramModel:
    return NgramModel.load()


def train(
    rows: Sequence[tuple[str, Iterable[str]]],
    categories: Sequence[str],
    *,
    epochs: int = 40,
    rate: float = 0.5,
    l2: float = 1e-4,
    seed: int = 0,
    trained_on: Sequence[str] = (),
) -> NgramModel:
    """Logistic regression per category over hashed features, AdaGrad steps in a seeded order (deterministic).

    ``rows`` are (normalised text, labels)."""
    feats = [np.array(features(text), np.int64) for text, _ in rows]
    labels = [set(ls) for _, ls in rows]
    weights = np.zeros((len(categories), BUCKETS), np.float64)
    bias = np.zeros(len(categories), np.float64)
    for ci, category in enumerate(categories):
        w, g2 = weights[ci], np.full(BUCKETS, 1e-8)
        b, gb2 = 0.0, 1e-8
        order = list(range(len(rows)))
        rng = random.Random(seed)
        for _ in range(epochs):
            rng.shuffle(order)
            for k in order:
                f = feats[k]
                err = _sigmoid(float(w[f].sum()) + b) - (1.0 if category in labels[k] else 0.0)
                grad = err + l2 * w[f]
                np.add.at(g2, f, grad * grad)
                np.subtract.at(w, f, rate * grad / np.sqrt(g2[f]))
                gb2 += err * err
                b -= rate * err / math.sqrt(gb2)
        bias[ci] = b
    return NgramModel(tuple(categories), weights.astype(np.float32), bias, tuple(trained_on))
