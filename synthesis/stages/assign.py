"""Stage 3: each sentence to one place in the outline, by its post's topic and tags."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from synthesis.text import terms
from synthesis.types import Placed, SectionSpec, Sentence

# A word in at least this share of the forum's sentences (and in at least COMMON_MIN of them)
# tells nothing about where a sentence belongs.
COMMON_SHARE = 0.15
COMMON_MIN = 10


@dataclass(frozen=True)
class Target:
    """A place sentences can go: a subsection, a section without subsections, conclusions."""

    section: str
    subsection: str | None
    tags: frozenset[str]
    words: frozenset[str]  # content terms of its title and description
    order: int


def targets(outline: Sequence[SectionSpec], lang: str) -> list[Target]:
    out: list[Target] = []
    for section in outline:
        if section.kind == "free":
            continue
        if section.subsections:
            for sub in section.subsections:
                out.append(Target(section.key, sub.key, frozenset(sub.tags),
                                  frozenset(terms(f"{sub.title} {sub.description}", lang)),
                                  len(out)))
        else:
            out.append(Target(section.key, None, frozenset(section.tags),
                              frozenset(terms(f"{section.title} {section.description}", lang)),
                              len(out)))
    return out


def _best(sentence_terms: frozenset[str], candidates: list[Target],
          conclusions: frozenset[str] = frozenset(),
          context: frozenset[str] = frozenset()) -> Target:
    """Most shared content words with the target's title and description; on a tie, most
    shared by the sentence's paragraph (`context`): "Each ministry has its own plans" says
    nothing of challenges by itself, but the paragraph it stands in, about coordinating too
    little and "our main obstacle", does. Then the conclusions (the post was tagged as a
    general remark and nothing ties it to the subsection's subject), then outline order."""
    return min(candidates, key=lambda t: (-len(sentence_terms & t.words),
                                          -len(context & t.words),
                                          t.section not in conclusions, t.order))


def _common_terms(documents: Sequence[Sequence[str]]) -> frozenset[str]:
    """Words the whole forum uses ("biosafety" in a biosafety forum): no evidence of a place."""
    df: Counter[str] = Counter()
    for doc in documents:
        df.update(set(doc))
    floor = max(COMMON_MIN, COMMON_SHARE * len(documents))
    return frozenset(t for t, n in df.items() if n >= floor)


def assign(sentences: Sequence[Sentence], outline: Sequence[SectionSpec], lang: str,
           docs: Mapping[tuple[int, int], Sequence[str]] | None = None) -> list[Placed]:
    """Place every sentence that has a place; the rest (no section for its topic) is left out.
    `docs`: each sentence's `terms` by (post id, index), when the caller has them already."""
    all_targets = targets(outline, lang)
    kinds = {s.key: s.kind for s in outline}
    by_topic: dict[str, str] = {}
    for section in outline:
        if section.kind == "content":
            for topic in section.topics:
                by_topic.setdefault(topic, section.key)
    conclusions = [t for t in all_targets if kinds[t.section] == "conclusions" and t.tags]
    closing = frozenset(t.section for t in conclusions)
    documents = [docs[(s.post_id, s.index)] if docs is not None else terms(s.text, lang)
                 for s in sentences]
    common = _common_terms(documents)
    # A paragraph of a post speaks of one thing: its words decide for a sentence whose own
    # words do not (a post tagged both "status" and "challenges" tells each in its place).
    blocks: dict[tuple[int, int], set[str]] = {}
    for sentence, document in zip(sentences, documents, strict=True):
        blocks.setdefault((sentence.post_id, sentence.block), set()).update(document)
    placed: list[Placed] = []
    for sentence, document in zip(sentences, documents, strict=True):
        section = by_topic.get(sentence.topic_key or "")
        local = [t for t in all_targets if t.section == section]
        tags = set(sentence.tags)
        # Conclusions gather general remarks; a country's own story stays in its section.
        reachable = local if sentence.national else local + conclusions
        candidates = [t for t in reachable if t.tags & tags]
        if not candidates and local:
            open_targets = [t for t in local if not t.tags]
            candidates = open_targets or local[:1]
        if not candidates:
            continue
        target = candidates[0] if len(candidates) == 1 else _best(
            frozenset(document) - common, candidates, closing,
            frozenset(blocks[(sentence.post_id, sentence.block)]) - common)
        placed.append(Placed(sentence, target.section, target.subsection))
    return placed
