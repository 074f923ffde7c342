import math
import random
from collections import Counter

import numpy as np

from synthesis.stages import rank
from synthesis.stages.assign import assign
from synthesis.stages.rank import Idf, centroid_scores, document_centroid_scores
from synthesis.stages.segment import segment
from synthesis.stages.select import corpus_idf, select
from synthesis.text import terms

from .factories import make_post
from .test_assign_select import OUTLINE, SETTINGS


def corpus(n, seed=3):
    """Sentences of a few to fifteen words from a 300-word vocabulary, some empty."""
    rng = random.Random(seed)
    vocabulary = [f"w{k}" for k in range(300)]
    return [[rng.choice(vocabulary[: rng.randint(5, 300)]) for _ in range(rng.randint(0, 15))]
            for _ in range(n)]


def test_idf_matrix_rows_are_normalised_sublinear_tf_idf():
    docs = [["law", "law", "budget"], ["budget"], []]
    idf = Idf(docs)
    m = idf.matrix(docs)
    # Columns are the sorted vocabulary: budget, law.
    raw = np.array([idf.weights["budget"], (1 + math.log(2)) * idf.weights["law"]])
    assert np.array_equal(m[0], raw / np.linalg.norm(raw))
    assert np.array_equal(m[1], [1.0, 0.0]) and np.array_equal(m[2], [0.0, 0.0])


def test_streamed_centroid_scores_equal_the_dense_ones(monkeypatch):
    docs = corpus(1000)
    idf = Idf(docs)
    dense = centroid_scores(idf.matrix(docs))
    assert np.array_equal(document_centroid_scores(idf, docs), dense)
    monkeypatch.setattr(rank, "CHUNK_CELLS", 64 * 300)  # bands of 64 rows
    assert np.array_equal(document_centroid_scores(idf, docs), dense)
    assert np.array_equal(document_centroid_scores(idf, docs[:77]),
                          centroid_scores(idf.matrix(docs[:77])))


def test_streamed_centroid_scores_of_nothing_or_of_no_words():
    idf = Idf([["law"]])
    assert document_centroid_scores(idf, []).shape == (0,)
    assert np.array_equal(document_centroid_scores(idf, [[], []]), np.ones(2))
    assert np.array_equal(document_centroid_scores(idf, [[], []]),
                          centroid_scores(idf.matrix([[], []])))


def test_sublinear_term_frequency_is_counted_per_sentence():
    docs = [["law"] * 3 + ["budget"], ["budget"]]
    idf = Idf(docs)
    rows, columns, values, width = idf.cells(docs)
    cells = Counter()
    for r, c, v in zip(rows.tolist(), columns.tolist(), values.tolist(), strict=True):
        cells[(r, c)] = v
    assert width == 2 and len(cells) == 3
    assert cells[(0, 1)] == (1 + math.log(3)) * idf.weights["law"]


def test_assign_and_select_give_the_same_with_or_without_precomputed_terms():
    posts = [make_post(1, "KE", "Our biosafety law secured a budget line for the regulator. "
                                "Coordination between ministries remains weak everywhere."),
             make_post(2, "UG", "Our farmers ask for more public information on crops.",
                       tags=("challenges",)),
             make_post(3, "MX", "Funding for biosafety depends on donors in many places.",
                       tags=("general",))]
    sentences = segment(posts, "en")
    docs = {(s.post_id, s.index): terms(s.text, "en") for s in sentences}
    idf = corpus_idf([s.text for s in sentences], "en")
    placed = assign(sentences, OUTLINE, "en")
    assert assign(sentences, OUTLINE, "en", docs) == placed
    ranked = select(placed, OUTLINE, SETTINGS, idf, "en")
    assert len(ranked) >= 3 and select(placed, OUTLINE, SETTINGS, idf, "en", docs) == ranked
