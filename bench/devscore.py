"""Scoring helpers and extractive baselines for the devset bench (bench/devsets.py).

Pure functions over lists of sentences; nothing here reads the database. Bench only: it uses
rouge-score, scikit-learn and numpy, which nothing under forum/ may import.

- Every system is a list of sentences. `cut` keeps whole sentences in order and truncates
  the last one so the output has exactly the reference's word count (or fewer when the
  system has fewer words): ROUGE F1 depends on length, so all systems get the same one.
- ROUGE-1, ROUGE-2 and ROUGE-Lsum F1, Porter-stemmed (rouge-score), sentences on lines.
- Key-point coverage: a key point is covered when some output sentence reaches ROUGE-1 F1
  >= KP_THRESHOLD against it (stemmed, rouge-score's tokenizer, stop words kept).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

KP_THRESHOLD = 0.3
LEXRANK_THRESHOLD = 0.1  # Erkan & Radev's cosine threshold for an edge
DAMPING = 0.85
MMR_LAMBDA = 0.7  # relevance weight against redundancy
METRICS = ("rouge1", "rouge2", "rougeLsum")


def words(text: str) -> list[str]:
    """Whitespace words: the unit of every length in this bench."""
    return re.findall(r"\S+", text)


def word_count(sentences: Sequence[str]) -> int:
    """Words in a list of sentences."""
    return sum(len(words(s)) for s in sentences)


def cut(sentences: Sequence[str], n: int) -> list[str]:
    """The first `n` words of the sentences, sentence boundaries kept, the last one truncated."""
    out: list[str] = []
    left = n
    for sentence in sentences:
        if left <= 0:
            break
        ws = words(sentence)
        if not ws:
            continue
        out.append(" ".join(ws[:left]))
        left -= len(ws[:left])
    return out


@lru_cache(maxsize=1)
def _scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)


def rouge(candidate: Sequence[str], reference: Sequence[str]) -> dict[str, float]:
    """ROUGE-1/2/Lsum F1 of candidate sentences against reference sentences."""
    result = _scorer().score("\n".join(reference), "\n".join(candidate))
    return {name: result[name].fmeasure for name in METRICS}


def rouge1_f(candidate: str, reference: str) -> float:
    """ROUGE-1 F1 of one text against another (stemmed)."""
    return _scorer().score(reference, candidate)["rouge1"].fmeasure


def keypoint_coverage(sentences: Sequence[str], key_points: Sequence[str],
                      threshold: float = KP_THRESHOLD) -> float:
    """Share of key points whose best-matching sentence reaches ROUGE-1 F1 >= threshold."""
    if not key_points:
        return 0.0
    covered = sum(1 for kp in key_points
                  if any(rouge1_f(s, kp) >= threshold for s in sentences))
    return covered / len(key_points)


# ---------------------------------------------------------------- baselines


def lead(posts: Sequence[Sequence[str]], budget: int) -> list[str]:
    """The first sentence of every post, in posting order, up to `budget` words."""
    return cut([sentences[0] for sentences in posts if sentences], budget)


def _tfidf(sentences: Sequence[str]) -> np.ndarray | None:
    """L2-normalised TF-IDF rows (sentences as documents), None when no term survives."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            sentences)
    except ValueError:  # empty vocabulary: only stop words or no words at all
        return None
    return matrix.toarray()


def _in_order(sentences: Sequence[str], picked: Sequence[int], budget: int) -> list[str]:
    """Picks (best first) cut to `budget` words in pick order, then printed in document order."""
    texts = cut([sentences[i] for i in picked], budget)
    return [text for _, text in sorted(zip(picked, texts, strict=False))]


def lexrank_scores(sim: np.ndarray, threshold: float = LEXRANK_THRESHOLD,
                   damping: float = DAMPING, iterations: int = 200) -> np.ndarray:
    """LexRank (threshold variant): PageRank over the graph of cosine >= threshold edges."""
    n = sim.shape[0]
    adjacency = (sim >= threshold).astype(float)
    # No self-loops: with them an isolated sentence keeps its own mass and ranks like the
    # average one; without, it is a dangling node that hands its mass to every sentence.
    np.fill_diagonal(adjacency, 0.0)
    degree = adjacency.sum(axis=1, keepdims=True)
    transition = np.divide(adjacency, degree, out=np.full_like(adjacency, 1.0 / n),
                           where=degree > 0)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        new = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(new - scores).sum() < 1e-9:
            return new
        scores = new
    return scores


def lexrank(sentences: Sequence[str], budget: int) -> list[str]:
    """The highest LexRank sentences up to `budget` words, printed in document order."""
    matrix = _tfidf(sentences)
    if matrix is None:
        return lead([[s] for s in sentences], budget)
    scores = lexrank_scores(matrix @ matrix.T)
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    return _in_order(sentences, ranked, budget)


def centroid_mmr(sentences: Sequence[str], budget: int, lam: float = MMR_LAMBDA) -> list[str]:
    """Sentences closest to the TF-IDF centroid, each penalised by its likeness to those chosen."""
    matrix = _tfidf(sentences)
    if matrix is None:
        return lead([[s] for s in sentences], budget)
    centroid = matrix.mean(axis=0)
    norm = np.linalg.norm(centroid)
    relevance = matrix @ (centroid / norm) if norm else np.zeros(len(sentences))
    sim = matrix @ matrix.T
    chosen: list[int] = []
    redundancy = np.zeros(len(sentences))  # each sentence's highest likeness to a chosen one
    open_ = np.ones(len(sentences), dtype=bool)
    total = 0
    while open_.any() and total < budget:
        gain = np.where(open_, lam * relevance - (1 - lam) * redundancy, -np.inf)
        best = int(np.argmax(gain))  # the first index on a tie: earlier sentences win
        chosen.append(best)
        open_[best] = False
        redundancy = np.maximum(redundancy, sim[:, best])
        total += len(words(sentences[best]))
    return _in_order(sentences, chosen, budget)


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean, 0 for nothing."""
    return sum(values) / len(values) if values else 0.0
