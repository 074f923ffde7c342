"""Tags suggested for untagged replies from the subsections' descriptions (pure).

A section split into lettered subsections keyed to moderators' tags places an untagged reply
in its first subsection. Here each such reply is compared, by shared content words, with
every subsection's title and description, as `assign` compares sentences; the best match
becomes a suggestion a moderator confirms (nothing is tagged without a person).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from synthesis.settings import resolve_outline
from synthesis.stages.assign import Target, targets
from synthesis.stages.segment import blocks
from synthesis.text import terms
from synthesis.types import DigestSettings, ForumInfo, SourcePost

MIN_SHARED = 2  # content words a reply must share with a description to be suggested


@dataclass(frozen=True)
class Suggestion:
    post_id: int
    number: int | None
    author_name: str
    tag: str  # the subsection's first tag
    place: str  # "I.B: Main challenges"
    shared: tuple[str, ...]  # the (stemmed) words that tie the reply to the description
    excerpt: str


def _plain(body: str) -> str:
    return " ".join(s for _, sentences in blocks(body) for s in sentences)


def _excerpt(text: str, words: int = 30) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def suggest_tags(forum: ForumInfo, posts: Sequence[SourcePost],
                 settings: DigestSettings) -> list[Suggestion]:
    """For each reply with none of its section's subsection tags, the subsection it shares
    most words with (at least MIN_SHARED), in post order."""
    lang = forum.language
    outline = resolve_outline(settings, forum)
    by_topic: dict[str, str] = {}
    numerals = {}
    for section in outline:
        numerals[section.key] = (section.numeral, {sub.key: (i, sub.title)
                                                   for i, sub in enumerate(section.subsections)})
        if section.kind == "content":
            for topic in section.topics:
                by_topic.setdefault(topic, section.key)
    places: dict[str, list[Target]] = {}
    for target in targets(outline, lang):
        if target.subsection is not None and target.tags:
            places.setdefault(target.section, []).append(target)
    found: list[Suggestion] = []
    for post in sorted(posts, key=lambda p: (p.created_at, p.id)):
        section = by_topic.get(post.topic_key or "")
        local = places.get(section or "", [])
        if post.kind != "reply" or post.moderator or len(local) < 2:
            continue
        if set(post.tags) & set().union(*(t.tags for t in local)):
            continue  # a moderator has placed it already
        text = _plain(post.body)
        words = frozenset(terms(text, lang))
        best = min(local, key=lambda t: (-len(words & t.words), t.order))
        shared = tuple(sorted(words & best.words))
        if len(shared) < MIN_SHARED:
            continue
        number, subs = numerals[best.section]
        index, title = subs[best.subsection]
        found.append(Suggestion(
            post_id=post.id, number=post.number, author_name=post.author_name,
            tag=sorted(best.tags)[0], place=f"{number}.{chr(ord('A') + index)}: {title}",
            shared=shared, excerpt=_excerpt(text)))
    return found

