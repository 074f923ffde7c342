"""Stage 4: rank sentences inside small groups and keep the central, non-repeated ones.

Groups are bounded (one country in one subsection; the general remarks of one subsection;
one organization in one subsection), so ranking costs about linear time in the forum size.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from synthesis.stages import discourse
from synthesis.stages.rank import (
    NEAR_DUPLICATE,
    Idf,
    centroid_scores,
    document_centroid_scores,
    similarity,
    textrank,
)
from synthesis.text import facts, terms
from synthesis.types import DigestSettings, Placed, Ranked, SectionSpec

MAX_PAGERANK_GROUP = 300  # above this, centrality is the (linear) similarity to the centroid
BUCKET_LIMIT = 200  # a term shared by more kept sentences than this finds no duplicates


def group_of(placed: Placed) -> tuple[str, str, str]:
    s = placed.sentence
    if s.speaker:
        who = s.speaker if s.attributed or s.national else "general"
    elif s.affiliation == "organization":
        who = f"org:{s.organization or s.post_id}"
    elif s.national and s.country:
        who = f"country:{s.country}"
    else:
        who = "general"
    return (placed.section, placed.subsection or "", who)


FACT_BONUS = 0.1  # a sentence's weight grows by this for each fact it names ...
MAX_FACTS = 4  # ... up to this many
SENTENCES_PER_MESSAGE = 3  # what one country (or organization) keeps per message in one place


Key = tuple[int, int]  # (post id, sentence index)
Docs = Mapping[Key, Sequence[str]]  # each sentence's content terms, computed once per report


def _key(p: Placed) -> Key:
    return (p.sentence.post_id, p.sentence.index)


def _weights(items: Sequence[Placed], idf: Idf, docs: Docs) -> dict[Key, float]:
    """What a sentence is worth beyond its own group: how close it is to what its place in the
    outline discusses and to what the whole forum discusses, and how many facts it names."""
    places: dict[tuple[str, str], list[Placed]] = defaultdict(list)
    for p in items:
        places[(p.section, p.subsection or "")].append(p)
    out: dict[Key, float] = {}
    # Relevance to the whole forum's subject as well: what TextRank over all replies would
    # call central. Forum-wide and place-wide matrices are never held whole (rank.py).
    whole = document_centroid_scores(idf, [docs[_key(p)] for p in items])
    forum = {_key(p): float(v) for p, v in zip(items, whole, strict=True)}
    for key in sorted(places):
        members = places[key]
        relevance = document_centroid_scores(idf, [docs[_key(p)] for p in members])
        for p, rel in zip(members, relevance, strict=True):
            bonus = 1.0 + FACT_BONUS * min(facts(p.sentence.text), MAX_FACTS)
            k = _key(p)
            out[k] = float(rel) * forum[k] * bonus
    return out


def _rank_group(items: list[Placed], idf: Idf, docs: Docs, cap: int | None,
                weights: dict[Key, float] | None = None) -> list[Ranked]:
    m = idf.matrix([docs[_key(p)] for p in items])
    if len(items) > MAX_PAGERANK_GROUP:
        scores, sim = centroid_scores(m), None
    else:
        sim = similarity(m)
        scores = textrank(sim)
    if weights:
        w = np.array([weights.get(_key(p), 1.0) for p in items])
        scores = np.round(scores * w, 12)
    order = sorted(range(len(items)), key=lambda i: (-scores[i], items[i].sentence.order))
    kept: list[int] = []
    for i in order:
        if cap is not None and len(kept) >= cap:
            break
        row = sim[i] if sim is not None else m @ m[i]
        if any(row[j] >= NEAR_DUPLICATE for j in kept):
            continue
        kept.append(i)
    group = group_of(items[0])
    return [Ranked(items[i], float(scores[i]), group) for i in kept]


def _drop_dangling(ranked: list[Ranked]) -> list[Ranked]:
    """A general remark opening with "It ..." needs the sentence it points back to."""
    keys = {(r.placed.sentence.post_id, r.placed.sentence.index) for r in ranked}
    out = []
    for r in sorted(ranked, key=lambda r: r.placed.sentence.order):
        s = r.placed.sentence
        if r.group[2] != "general" and not r.group[2].startswith("org:") or not discourse.anaphoric(
                s.text) or (s.post_id, s.index - 1) in keys:
            out.append(r)
        else:
            keys.discard((s.post_id, s.index))
    return out


def _gather_conclusions(placed: list[Placed], outline: Sequence[SectionSpec], idf: Idf,
                        docs: Docs, limit: int) -> list[Placed]:
    """Conclusions without tags take the remarks most central to the whole discussion."""
    target = next((s for s in outline if s.kind == "conclusions" and not s.tags), None)
    if target is None:
        return placed
    # A person's general remark (not their own story) may conclude too, under their name.
    general = [i for i, p in enumerate(placed)
               if (group_of(p)[2] == "general" or group_of(p)[2].startswith("person:")
                   and not p.sentence.national)
               and not discourse.anaphoric(p.sentence.text)]
    if not general:
        return placed
    scores = document_centroid_scores(idf, [docs[_key(placed[i])] for i in general])
    best = sorted(range(len(general)),
                  key=lambda k: (-scores[k], placed[general[k]].sentence.order))
    chosen = {general[k] for k in best[:limit]}
    return [replace(p, section=target.key, subsection=None) if i in chosen else p
            for i, p in enumerate(placed)]


def _sparse(text: str, idf: Idf, lang: str) -> dict[str, float]:
    counts: dict[str, int] = defaultdict(int)
    for term in terms(text, lang):
        counts[term] += 1
    vec = {t: (1 + math.log(c)) * idf.weights.get(t, idf.default) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def drop_near_duplicates(ranked: Sequence[Ranked], idf: Idf, lang: str,
                         exempt: frozenset[tuple[int, int]] = frozenset()) -> list[Ranked]:
    """Across the whole report: of two near-duplicates, keep the more central one."""
    # Run after the summaries are made, so that several countries saying the same thing
    # become one summary instead of losing all but one country. `exempt` (post id, index)
    # pairs are the sentences a summary absorbed: they are never printed on their own.
    # Candidates meet through their rarest terms (an inverted index): no all-pairs matrix.
    ranked = [r for r in ranked
              if (r.placed.sentence.post_id, r.placed.sentence.index) not in exempt]
    order = sorted(ranked, key=lambda r: (-r.score, r.placed.sentence.order))
    vectors = [_sparse(r.placed.sentence.text, idf, lang) for r in order]
    buckets: dict[str, list[int]] = defaultdict(list)
    kept: list[Ranked] = []
    for i, vec in enumerate(vectors):
        rare = sorted(vec, key=lambda t: (-idf.weights.get(t, idf.default), t))[:4]
        seen: set[int] = set()
        duplicate = False
        for term in rare:
            for j in buckets.get(term, ()):
                if j in seen:
                    continue
                seen.add(j)
                if sum(w * vectors[j].get(t, 0.0) for t, w in vec.items()) >= NEAR_DUPLICATE:
                    duplicate = True
                    break
            if duplicate:
                break
        if duplicate:
            continue
        kept.append(order[i])
        for term in rare:
            if len(buckets[term]) < BUCKET_LIMIT:
                buckets[term].append(i)
    return sorted(kept, key=lambda r: (r.group, r.placed.sentence.order))


def select(placed: Sequence[Placed], outline: Sequence[SectionSpec], settings: DigestSettings,
           idf: Idf, lang: str, docs: Docs | None = None) -> list[Ranked]:
    """Rank within groups, drop near-duplicates, keep at most `max_items` general remarks.
    `docs`: each sentence's `terms` by (post id, index), when the caller has them already."""
    if docs is None:
        docs = {_key(p): terms(p.sentence.text, lang) for p in placed}
    items = _gather_conclusions(list(placed), outline, idf, docs, settings.max_conclusions)
    weights = _weights(items, idf, docs)
    groups: dict[tuple[str, str, str], list[Placed]] = defaultdict(list)
    for p in items:
        groups[group_of(p)].append(p)
    ranked: list[Ranked] = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda p: p.sentence.order)
        # The note's country paragraphs run to two to six sentences: a speaker keeps its
        # most central ones, a few per message it posted here.
        cap = settings.max_items if key[2] == "general" else min(
            settings.max_sentences,
            SENTENCES_PER_MESSAGE * len({p.sentence.post_id for p in members}))
        for start in range(0, len(members), MAX_PAGERANK_GROUP * 4):
            ranked.extend(_rank_group(members[start:start + MAX_PAGERANK_GROUP * 4], idf,
                                      docs, cap, weights))
    return _drop_dangling(ranked)


def corpus_idf(texts: Sequence[str], lang: str) -> Idf:
    return Idf([terms(t, lang) for t in texts])

