"""TF-IDF vectors, cosine similarity and TextRank (PageRank over the similarity graph), in numpy.

Everything is deterministic: vocabularies are sorted, iterations fixed, ties left to callers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

# Two sentences at or above this TF-IDF cosine (content words, stemmed) say the same thing in
# nearly the same words: only the more central one is kept. Measured on a seeded forum, a
# participant restating a fact in a later message scores 0.63-0.72; 99% of pairs of
# sentences from different countries on one topic score under 0.22.
NEAR_DUPLICATE = 0.6

# Sentences of different countries at or above this cosine report the same thing in their own
# words ("the topic is in our strategy and its revision" / "we put the topic into the strategy and
# kept it in the revised one"): they may be summarised as "A number of countries ... have".
SAME_POINT = 0.3

DAMPING = 0.85
ITERATIONS = 100


@lru_cache(maxsize=256)
def _sublinear(count: int) -> float:
    return 1.0 + math.log(count)


class Idf:
    """Inverse document frequencies over every sentence of the forum (smoothed, as sklearn)."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(doc))
        n = len(documents)
        self.weights = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        self.default = math.log(1 + n) + 1.0

    def matrix(self, documents: Sequence[Sequence[str]]) -> np.ndarray:
        """Rows: L2-normalised TF-IDF vectors (sublinear tf) over the documents' own words."""
        rows, columns, values, width = self.cells(documents)
        m = np.zeros((len(documents), max(width, 1)), dtype=np.float64)
        m[rows, columns] = values
        norms = np.linalg.norm(m, axis=1)
        norms[norms == 0] = 1.0
        return m / norms[:, None]

    def cells(self, documents: Sequence[Sequence[str]]
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """The non-zero cells of the raw TF-IDF matrix, row by row, and its width."""
        vocabulary = sorted({t for doc in documents for t in doc})
        index = {t: i for i, t in enumerate(vocabulary)}
        weight = np.array([self.weights.get(t, self.default) for t in vocabulary],
                          dtype=np.float64)
        rows: list[int] = []
        columns: list[int] = []
        tf: list[float] = []
        for row, doc in enumerate(documents):
            counts = Counter(doc)
            rows.extend([row] * len(counts))
            columns.extend([index[t] for t in counts])
            tf.extend([_sublinear(c) for c in counts.values()])
        columns_ = np.array(columns, dtype=np.intp)
        # One IEEE multiplication per cell, as `(1 + log(count)) * weight` in Python.
        values = np.array(tf, dtype=np.float64) * weight[columns_]
        return np.array(rows, dtype=np.intp), columns_, values, len(vocabulary)


def similarity(m: np.ndarray) -> np.ndarray:
    s = m @ m.T
    np.clip(s, 0.0, 1.0, out=s)
    return s


def textrank(sim: np.ndarray) -> np.ndarray:
    """PageRank centrality on the weighted similarity graph; scores have mean 1."""
    n = sim.shape[0]
    if n == 0:
        return np.zeros(0)
    if n == 1:
        return np.ones(1)
    w = sim.copy()
    np.fill_diagonal(w, 0.0)
    sums = w.sum(axis=1)
    transition = np.where(sums[:, None] > 0, w / np.where(sums == 0, 1, sums)[:, None], 1.0 / n)
    p = np.full(n, 1.0 / n)
    for _ in range(ITERATIONS):
        nxt = (1 - DAMPING) / n + DAMPING * (transition.T @ p)
        if np.abs(nxt - p).sum() < 1e-12:
            p = nxt
            break
        p = nxt
    return np.round(p * n, 12)


def centroid_scores(m: np.ndarray) -> np.ndarray:
    """Cosine of each row with the group's mean: a linear-time centrality for large groups."""
    if m.shape[0] == 0:
        return np.zeros(0)
    mean = m.mean(axis=0)
    norm = np.linalg.norm(mean)
    if norm == 0:
        return np.ones(m.shape[0])
    return _scaled(m @ (mean / norm))


def _scaled(scores: np.ndarray) -> np.ndarray:
    total = scores.sum()
    return np.round(scores * (len(scores) / total if total > 0 else 1.0), 12)


# Dense cells built at a time by `document_centroid_scores` (32 MiB of float64).
CHUNK_CELLS = 1 << 22


def document_centroid_scores(idf: Idf, documents: Sequence[Sequence[str]]) -> np.ndarray:
    """`centroid_scores(idf.matrix(documents))` without the whole dense matrix in memory.

    A forum-wide matrix of 300,000 sentences over a few thousand words is gigabytes of
    zeros: here the cells stay sparse and a band of rows is made dense at a time. Every float
    is computed as the dense version computes it, in the same dtype and order: row norms on
    dense rows, column sums added row after row (as numpy sums a C-ordered matrix down its
    columns), and a matrix-vector product per band of a multiple of 64 rows, so OpenBLAS uses
    the same 4-row kernel on the same rows. The one exception: OpenBLAS finishes each of its
    threads' share of the whole matrix (at most 3 rows) with another kernel, so those rows may
    differ in the last bit (about 3e-17). The rounding to 12 decimals that follows absorbed
    it in every check (the seed's digests and synthetic ones up to 100,000 replies came out
    byte-identical); only a value within 1e-16 of a rounding boundary could move by 1e-12.
    """
    n = len(documents)
    if n == 0:
        return np.zeros(0)
    rows, columns, values, width = idf.cells(documents)
    width = max(width, 1)
    band = max(64, CHUNK_CELLS // width // 64 * 64)
    starts = np.searchsorted(rows, np.arange(0, n, band))
    ends = [*starts[1:], len(rows)]

    def dense(k: int, cells: np.ndarray) -> np.ndarray:
        lo, hi = starts[k], ends[k]
        block = np.zeros((min(band, n - k * band), width), dtype=np.float64)
        block[rows[lo:hi] - k * band, columns[lo:hi]] = cells[lo:hi]
        return block

    norms = np.concatenate([np.linalg.norm(dense(k, values), axis=1)
                            for k in range(len(starts))])
    norms[norms == 0] = 1.0
    values = values / norms[rows]
    total = np.zeros(width, dtype=np.float64)
    np.add.at(total, columns, values)  # in row order, one addition at a time
    mean = total / n
    norm = np.linalg.norm(mean)
    if norm == 0:
        return np.ones(n)
    unit = mean / norm
    return _scaled(np.concatenate([dense(k, values) @ unit for k in range(len(starts))]))
