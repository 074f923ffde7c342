"""Several people saying the same thing: one sentence ("Ann Smith, Bo Chen and Dara Okafor
considered that ...", or "Several participants (3) considered that ..." without names),
made in `name` and `role` modes as `cluster` makes "A number of countries ..."."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from forum.digest import discourse, strings
from forum.digest.attribution import ROLE
from forum.digest.cluster import MAX_POOL, Cluster
from forum.digest.rank import NEAR_DUPLICATE, SAME_POINT, Idf, similarity
from forum.digest.speech import as_person
from forum.digest.text import Lexicon, join_names, strip_end, terms
from forum.digest.types import Ranked


def _statement(r: Ranked) -> bool:
    """A sentence that can be shared as it stands: no first person, no pointer back."""
    text = r.placed.sentence.text
    return as_person(text, "", "") == text and not discourse.dangling(text)


def _text(members: list[Ranked], mode: str, lang: str, lexicon: Lexicon) -> str:
    center = members[0].placed.sentence
    clause = discourse.lower_first(strip_end(discourse.drop_connective(center.text)), lexicon)
    if mode == ROLE:
        return strings.t(lang, "several_participants", n=len(members), clause=clause)
    table = strings.table(lang)
    names = sorted((m.placed.sentence.author_name for m in members), key=str.casefold)
    return strings.t(lang, "people_considered", clause=clause,
                     names=join_names(names, table["names_separator"], table["names_last"]))


def person_clusters(ranked: Sequence[Ranked], idf: Idf, lang: str, mode: str, min_people: int,
                    lexicon: Lexicon) -> list[Cluster]:
    """Per place: a sentence echoed by `min_people` people or more (cosine >= SAME_POINT), or
    by one other in nearly the same words (>= NEAR_DUPLICATE), becomes one shared sentence."""
    by_place: dict[tuple[str, str], list[Ranked]] = defaultdict(list)
    for r in ranked:
        if r.group[2].startswith("person:") and _statement(r):
            by_place[(r.group[0], r.group[1])].append(r)
    clusters: list[Cluster] = []
    for place in sorted(by_place):
        pool = sorted(by_place[place], key=lambda r: (-r.score, r.placed.sentence.order))
        pool = pool[:MAX_POOL]
        if len({r.group[2] for r in pool}) < 2:
            continue
        sim = similarity(idf.matrix([terms(r.placed.sentence.text, lang) for r in pool]))
        used: set[int] = set()
        for i, center in enumerate(pool):  # most central first
            if i in used:
                continue
            best: dict[str, tuple[float, int]] = {}
            for j, other in enumerate(pool):
                who = other.group[2]
                if j in used or who == center.group[2] or sim[i, j] < SAME_POINT:
                    continue
                if who not in best or (round(float(sim[i, j]), 9), -j) > (best[who][0],
                                                                         -best[who][1]):
                    best[who] = (round(float(sim[i, j]), 9), j)
            if len(best) + 1 >= min_people:
                partners = sorted(j for _, j in best.values())
            else:  # two people: only in nearly the same words
                close = sorted((-s, j) for s, j in best.values() if s >= NEAR_DUPLICATE)
                partners = [close[0][1]] if close else []
            if not partners:
                continue
            members = [center] + [pool[j] for j in partners]
            used.update([i, *partners])
            clusters.append(Cluster(place[0], place[1], tuple(members),
                                    _text(members, mode, lang, lexicon)))
    return clusters
