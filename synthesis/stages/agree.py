"""Several people saying the same thing: one statement with its count and its sources
("Ann Smith, Bo Chen and Dara Okafor considered that ...", "Several participants (5)
considered that ..."), made in `name` and `role` modes as `cluster` makes "A number of
countries ...". Statements are ranked by how many distinct people support them, and a
statement on the same point that denies what the group affirms (or the reverse) stays
visible beside it ("Others considered, however, that ...")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from synthesis.languages import strings
from synthesis.stages import discourse
from synthesis.stages.attribution import ROLE
from synthesis.stages.cluster import MAX_POOL, Cluster
from synthesis.stages.rank import NEAR_DUPLICATE, SAME_POINT, Idf, similarity
from synthesis.stages.statements import first_clause, negative, statement
from synthesis.text import Lexicon, join_names, strip_end, terms, words
from synthesis.types import Ranked

CROWD = 12  # people in a place beyond which a point's credit is a count, never names
NAMED_AT_MOST = 3  # more supporters than this are counted, not listed (their posts are sources)
SHORT = 8  # words: the representative of a group is central and, at this length or less, short
RESTATED = 0.75  # share of a statement's words found in the forum's or a topic's title
MERGE = 0.4  # cosine between two groups' centroids: one point in two wordings
DISSENT = 0.5  # cosine: a denial this close to a shared point disputes it (surface negation
# alone misleads: "uniforms do not allow kids to express themselves" agrees with "students
# should be allowed to express themselves")


def _clause(text: str, lexicon: Lexicon) -> str:
    return discourse.lower_first(strip_end(discourse.drop_connective(text)), lexicon)


def _names(members: Sequence[Ranked], lang: str) -> str:
    table = strings.table(lang)
    names = sorted({m.placed.sentence.author_name for m in members}, key=str.casefold)
    return join_names(names, table["names_separator"], table["names_last"])


def _text(members: Sequence[Ranked], said: str, mode: str, lang: str, lexicon: Lexicon) -> str:
    clause = _clause(said, lexicon)
    people = len({m.group[2] for m in members})
    if mode == ROLE or people > NAMED_AT_MOST or not all(m.placed.sentence.author_name
                                                         for m in members):
        return strings.t(lang, "several_participants", n=people, clause=clause)
    return strings.t(lang, "people_considered", clause=clause, names=_names(members, lang))


def _credit(members: Sequence[Ranked], mode: str, lang: str, crowd: bool) -> str:
    """Who made a point, in brackets after it: their names (at most NAMED_AT_MOST, and not
    in a crowd, where names say little and crowd out the point), or how many they were."""
    people = len({m.group[2] for m in members})
    if mode == ROLE or crowd or people > NAMED_AT_MOST or not all(
            m.placed.sentence.author_name for m in members):
        return strings.plural(lang, "participants", people)
    return _names(members, lang)


def _contrast_text(members: Sequence[Ranked], said: str, mode: str, lang: str,
                   lexicon: Lexicon) -> str:
    clause = _clause(said, lexicon)
    if mode == ROLE or not all(m.placed.sentence.author_name for m in members):
        return strings.t(lang, "others_considered", clause=clause)
    return strings.t(lang, "names_considered_however", clause=clause,
                     names=_names(members, lang))


def _representative(members: list[int], sim: np.ndarray, said: list[str]) -> int:
    """The member closest to the others, preferring a short one: a key point is short."""
    def key(i: int) -> tuple[float, int]:
        others = [float(sim[i, j]) for j in members if j != i]
        central = sum(others) / len(others) if others else 1.0
        length = max(len(words(said[i])), 1)
        return (-round(central * min(1.0, SHORT / length), 9), members.index(i))
    return min(members, key=key)


def _around(group: list[int], vectors: np.ndarray, who: np.ndarray, polarity: np.ndarray,
            free: np.ndarray) -> list[int]:
    """Others who make the group's point in their own words: close to what the group says
    as a whole (its centroid), though not to any one member. One sentence per person."""
    centroid = vectors[group].sum(axis=0)
    norm = float(np.linalg.norm(centroid))
    if not norm:
        return []
    close = np.round(vectors @ (centroid / norm), 9)
    taken = {int(who[g]) for g in group}
    added: list[int] = []
    for j in sorted(np.flatnonzero(free), key=lambda j: (-close[j], j)):
        if close[j] < SAME_POINT:
            break
        if int(who[j]) not in taken and polarity[j] == polarity[group[0]]:
            taken.add(int(who[j]))
            added.append(int(j))
    return added


def person_clusters(ranked: Sequence[Ranked], idf: Idf, lang: str, mode: str, min_people: int,
                    lexicon: Lexicon, titles: Sequence[str] = ()) -> list[Cluster]:
    """Per place: a statement echoed by `min_people` people or more (cosine >= SAME_POINT), or
    by one other in nearly the same words (>= NEAR_DUPLICATE), becomes one shared sentence.
    The statement most people support is made first, so each person counts once."""
    by_place: dict[tuple[str, str], list[tuple[Ranked, str]]] = defaultdict(list)
    for r in ranked:
        if not r.group[2].startswith("person:"):
            continue
        said = statement(r.placed.sentence.text, lang)
        if said:
            by_place[(r.group[0], r.group[1])].append((r, said))
    clusters: list[Cluster] = []
    for place in sorted(by_place):
        pool = sorted(by_place[place], key=lambda x: (-x[0].score, x[0].placed.sentence.order))
        pool = pool[:MAX_POOL]
        people = sorted({r.group[2] for r, _ in pool})
        if len(people) < 2:
            continue
        said = [first_clause(s) for _, s in pool]
        vectors = idf.matrix([terms(s, lang) for s in said])
        sim = np.round(similarity(vectors), 9)
        who = np.array([people.index(r.group[2]) for r, _ in pool])
        polarity = np.array([negative(s) for s in said])
        one_hot = np.zeros((len(pool), len(people)))
        one_hot[np.arange(len(pool)), who] = 1.0
        # Restating the question is not a point ("the right should not be abolished" in a
        # discussion of whether to abolish it): such statements are nobody's shared point.
        # Measured as containment, not cosine: a title carries words no statement repeats.
        asked = {t for title in titles for t in terms(title, lang)}
        free = np.array([not _restates(terms(s, lang), asked) for s in said], dtype=bool)
        groups: list[tuple[int, list[int]]] = []
        while True:
            # Who agrees with whom: same point, same polarity, another person, both unused.
            agree = (sim >= SAME_POINT) & (polarity[:, None] == polarity[None, :]) \
                & (who[:, None] != who[None, :]) & free[:, None] & free[None, :]
            support = ((agree.astype(float) @ one_hot) > 0).sum(axis=1)
            order = sorted(np.flatnonzero(free & (support > 0)),
                           key=lambda i: (-int(support[i]), -pool[i][0].score, i))
            chosen = None
            for i in order:
                best: dict[int, int] = {}
                for j in np.flatnonzero(agree[i]):
                    if who[j] not in best or sim[i, j] > sim[i, best[who[j]]]:
                        best[int(who[j])] = int(j)
                if len(best) + 1 >= min_people:
                    chosen = (int(i), sorted(best.values()))
                    break
                close = sorted((-sim[i, j], j) for j in best.values()
                               if sim[i, j] >= NEAR_DUPLICATE)
                if close:
                    chosen = (int(i), [int(close[0][1])])
                    break
            if chosen is None:
                break
            center, partners = chosen
            group = [center, *partners]
            free[group] = False
            if len(group) >= min_people:
                group += _around(group, vectors, who, polarity, free)
                free[group] = False
            groups.append((center, group))
        for center, group in _merged(groups, vectors, who, polarity):
            rep = _representative(group, sim, said)
            members = [pool[rep][0]] + [pool[j][0] for j in group if j != rep]
            # Someone on the same point who says the opposite: kept beside the statement.
            against = sorted((-sim[center, j], j) for j in np.flatnonzero(free)
                             if sim[center, j] >= DISSENT and polarity[j] != polarity[center]
                             and who[j] not in {who[g] for g in group})
            contrast: tuple[Ranked, ...] = ()
            contrast_text = ""
            if against:
                j = int(against[0][1])
                free[j] = False
                contrast = (pool[j][0],)
                contrast_text = _contrast_text(contrast, said[j], mode, lang, lexicon)
            clusters.append(Cluster(place[0], place[1], tuple(members),
                                    _text(members, said[rep], mode, lang, lexicon),
                                    contrast=contrast, contrast_text=contrast_text,
                                    point=_clause(said[rep], lexicon),
                                    credit=_credit(members, mode, lang,
                                                   len(people) > CROWD)))
    return clusters


def _restates(words_said: Sequence[str], asked: set[str]) -> bool:
    """Is the statement the question again: RESTATED of its words or more are the title's?"""
    own = set(words_said)
    return len(own) >= 2 and len(own & asked) >= RESTATED * len(own)


def _merged(groups: list[tuple[int, list[int]]], vectors: np.ndarray, who: np.ndarray,
            polarity: np.ndarray) -> list[tuple[int, list[int]]]:
    """Groups that make one point (their centroids at least MERGE apart) become one, the
    larger first: a point told in several wordings is counted once, with all its people."""
    out: list[tuple[int, list[int], np.ndarray]] = []
    for center, group in groups:
        centroid = vectors[group].sum(axis=0)
        centroid = centroid / (float(np.linalg.norm(centroid)) or 1.0)
        for n, (first, members, other) in enumerate(out):
            if polarity[first] == polarity[center] and round(float(centroid @ other), 9) >= MERGE:
                taken = {int(who[m]) for m in members}
                members = members + [g for g in group if int(who[g]) not in taken]
                joined = vectors[members].sum(axis=0)
                out[n] = (first, members, joined / (float(np.linalg.norm(joined)) or 1.0))
                break
        else:
            out.append((center, list(group), centroid))
    return [(center, members) for center, members, _ in out]
