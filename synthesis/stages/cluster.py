"""Several countries saying the same thing in their own words become one sentence:
"A number of countries, including A, B and C, have ..." (every country named has a source)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from synthesis.countries import codes, country_name
from synthesis.languages import strings
from synthesis.languages.registry import rules
from synthesis.stages import claims
from synthesis.stages.person import (
    country_aliases,
    plural_persona,
    rewrite,
    speaks_of_self,
    strip_locative,
)
from synthesis.stages.rank import NEAR_DUPLICATE, SAME_POINT, Idf, similarity
from synthesis.stages.verbs import MODALS, is_past, participle, plural_verb
from synthesis.text import CJK, NAME_END, NAME_START, join_names, strip_end, terms
from synthesis.types import Placed, Ranked

# A summary predicate must fit every country named: cut it at the first clause boundary.
_CLAUSE_END = re.compile(r",\s*(?:and|but|while|which|so|although|though|whereas|as|because)\b"
                         r"|;|:|\s[-–—]\s|\s(?:because|since|although|but|until|after)\s|，|；|：")
_ADVERB = re.compile(r"(?:also|already|now|still|all|both|recently|just|long|since)\b",
                     re.IGNORECASE)


MAX_POOL = 600  # sentences compared per place in the outline (bounds the quadratic part)


@dataclass(frozen=True)
class Cluster:
    """One summary sentence; `members` are the sentences (one per country) it stands for."""

    section: str
    subsection: str
    members: tuple[Ranked, ...]
    text: str
    # Countries that state the center's claim in other words (`claims`): named, with their
    # sentence as a source, but the sentence stays in the country's paragraph, where it says
    # more than the summary does (the note lists Cameroon in its summary and tells Cameroon's
    # story after it).
    echoes: tuple[Ranked, ...] = ()
    # Someone on the same point who says the opposite (`agree`): printed after the statement
    # ("Others considered, however, that ..."), with its own sources.
    contrast: tuple[Ranked, ...] = ()
    contrast_text: str = ""
    # People's shared statements (`agree`) also give the point alone and who made it, for the
    # discussion's list of main points: "(a) uniforms save money (4 participants);".
    point: str = ""
    credit: str = ""

    @property
    def sources(self) -> tuple[int, ...]:
        return tuple(sorted({m.placed.sentence.post_id for m in self.members + self.echoes}))

    @property
    def contrast_sources(self) -> tuple[int, ...]:
        return tuple(sorted({m.placed.sentence.post_id for m in self.contrast}))

    @property
    def support(self) -> int:
        """How many distinct speakers state it."""
        return len({m.group[2] for m in self.members + self.echoes})

    @property
    def score(self) -> float:
        return sum(m.score for m in self.members)


@cache
def _all_names(lang: str) -> re.Pattern:
    names = sorted({a for code in codes() for a in country_aliases(code, lang)},
                   key=lambda n: (-len(n), n))
    return re.compile(NAME_START + r"(?:" + "|".join(re.escape(n) for n in names) + r")(?:['’]s)?"
                      + NAME_END)


def _point(text: str, lang: str) -> list[str]:
    """What a sentence says, without saying who: country names do not count."""
    return terms(_all_names(lang).sub(" ", text), lang)


def name_key(code: str) -> str:
    """UN order: by English name without its article."""
    name = country_name(code, "en")
    return name[4:] if name.startswith("the ") else name


def _specific(phrase: str) -> bool:
    """Years, figures and proper names belong to one country, not to a group of them."""
    plain = re.sub(r"\b[A-Z]{2,}s?\b", "", phrase)
    return bool(re.search(r"\d", plain) or re.search(r"(?<!^)\b[A-Z][a-z]", plain))


def english_predicate(text: str, code: str | None) -> tuple[str, str] | None:
    aliases = "|".join(re.escape(a) for a in country_aliases(code, "en")) or r"(?!x)x"
    subject = re.match(rf"^(?:they|(?:the\s+)?(?:{aliases}))\s+(?P<rest>.+)$", text,
                       re.IGNORECASE)
    if not subject:
        # "... reported that <clause>" only for a clause about the countries themselves.
        clause = strip_end(_CLAUSE_END.split(text, maxsplit=1)[0])
        if _specific(clause) or re.search(rf"\b(?:{aliases})\b", clause) or not re.search(
                r"\b(?:they|their|them)\b", clause) or re.match(
                r"(?:but|so|and|or|yet|then|also|this|that|these|it)\b", clause, re.IGNORECASE):
            return None
        return ("countries_reported", clause[:1].lower() + clause[1:])
    rest = re.sub(r"\bits\b", "their", subject.group("rest"))
    rest = strip_end(_CLAUSE_END.split(rest, maxsplit=1)[0])
    rest = re.sub(r"\s+(?:as well|too|also)$", "", rest)
    if _specific(rest) or re.search(rf"\b(?:{aliases})\b", rest):
        return None
    words = rest.split()
    lead = []
    while words and _ADVERB.fullmatch(words[0]):
        lead.append(words.pop(0))
    if not words:
        return None
    verb, tail = words[0].lower(), words[1:]
    if verb in ("have", "has") and tail and (is_past(tail[0]) or _ADVERB.fullmatch(tail[0])):
        return ("countries_have", " ".join(["have", *lead, *tail]))
    if verb in ("is", "are") and tail and not re.match(r"(?:a|an|the|one|part)$", tail[0]):
        return ("countries_have", " ".join(["are", *lead, *tail]))
    if verb in MODALS or verb in ("were", "was"):
        return ("countries_have", " ".join([*lead, "were" if verb == "was" else verb, *tail]))
    if is_past(verb) and verb not in ("had",):
        return ("countries_have", " ".join(["have", *lead, participle(verb), *tail]))
    return ("countries_reported", " ".join(["they", *lead, plural_verb(verb), *tail]))


def chinese_predicate(text: str, code: str | None, lang: str) -> tuple[str, str] | None:
    aliases = "|".join(re.escape(a) for a in country_aliases(code, lang)) or r"(?!x)x"
    rest = re.sub(rf"^(?:在)?(?:这些国家|{aliases})[，,]?", "", text)
    rest = strip_end(rest)
    if re.search(r"\d", rest) or re.search(aliases, rest) or not CJK.search(rest):
        return None
    if rest == strip_end(text):
        return ("countries_reported", rest)
    return ("countries_have", rest)


def _predicate(center: Ranked, lang: str) -> tuple[str, str] | None:
    """(string key, predicate) a summary centred on this sentence would print, or None."""
    s = center.placed.sentence
    text, _ = strip_locative(s.text, s.country, lang)
    # The languages written by their own modules turn the sentence themselves (shared.py).
    turned = rewrite(text, plural_persona(), lang, s.country) if rules(lang).staged else text
    if turned is None:
        return None
    return rules(lang).summary_predicate(turned, s.country)


def summary_text(center: Ranked, codes: Sequence[str], lang: str,
                 predicate: tuple[str, str] | None = None) -> str | None:
    """The summary sentence built on the center's words, or None if they will not generalise
    (`predicate`: the center's `_predicate`, when already known)."""
    found = predicate or _predicate(center, lang)
    if found is None:
        return None
    key, phrase = found
    language = rules(lang)  # names and their order as the language lists them
    names = [language.listed_name(c) for c in sorted(codes, key=language.list_key)]
    table = strings.table(lang)
    listed = join_names(names, table["names_separator"], table["names_last"])
    if len(names) < 3:  # "Cameroon and Mexico have ...": two is not "a number of countries"
        key = key.replace("countries_", "pair_")
    return strings.t(lang, key, countries=listed, predicate=phrase, clause=phrase)


def _stars(pool: list[Ranked], sim: np.ndarray, used: set[int], threshold: float,
           minimum: int, lang: str, predicates: dict[int, tuple[str, str] | None],
           ) -> list[tuple[list[int], str, list[int]]]:
    """Greedy star clusters: the sentence echoed by most other countries, then the next."""
    # Per round, a (sentence x country) matrix of best similarities gives every candidate's
    # partners at once, so a round costs O(n^2) in numpy, not in Python. Whether a sentence
    # can be a center at all (its predicate) does not depend on its partners: it is worked
    # out once per sentence (`predicates`), not again in every round.
    countries = sorted({r.placed.sentence.country or "" for r in pool})
    column = {c: k for k, c in enumerate(countries)}
    own = np.array([column[r.placed.sentence.country or ""] for r in pool])
    order = np.arange(len(pool))
    found = []
    while True:
        live = np.array([i not in used for i in range(len(pool))])
        masked = np.where(live[None, :] & (sim >= threshold), sim, 0.0)
        best_by_country = np.zeros((len(pool), len(countries)))
        for k in range(len(countries)):
            members = own == k
            if members.any():
                best_by_country[:, k] = masked[:, members].max(axis=1)
        best_by_country[order, own] = 0.0  # a country does not echo itself
        partners = (best_by_country > 0).sum(axis=1)
        strength = np.round(best_by_country.sum(axis=1), 9)
        eligible = live & (partners + 1 >= minimum)
        ranking = sorted(np.flatnonzero(eligible), key=lambda i: (-partners[i], -strength[i], i))
        chosen = None
        for i in ranking:
            if int(i) not in predicates:
                predicates[int(i)] = _predicate(pool[int(i)], lang)
            if predicates[int(i)] is None:
                continue
            members = [int(i)]
            for k in np.flatnonzero(best_by_country[i] > 0):
                candidates = [j for j in np.flatnonzero((own == k) & live)
                              if masked[i, j] == best_by_country[i, k]]
                members.append(int(min(candidates)))
            members = [members[0], *sorted(members[1:])]
            echoes = _same_claim(pool, int(i), members, live, lang)
            codes = [pool[j].placed.sentence.country or "" for j in members + echoes]
            text = summary_text(pool[int(i)], codes, lang, predicates[int(i)])
            if text is not None:
                chosen = (members, text, echoes)
                break
        if chosen is None:
            return found
        used.update(chosen[0] + chosen[2])
        found.append(chosen)


def _same_claim(pool: list[Ranked], center: int, members: list[int], live: np.ndarray,
                lang: str) -> list[int]:
    """Countries left out by cosine that state the center's claim in other words ("X is part
    of our Y" / "we put X into our Y"): the first such sentence of each (see `claims`)."""
    if not claims.relations(pool[center].placed.sentence.text, lang):
        return []
    taken = {pool[j].placed.sentence.country for j in members}
    extra: dict[str | None, int] = {}
    for j, r in enumerate(pool):
        country = r.placed.sentence.country
        if live[j] and country not in taken and country not in extra and claims.same_claim(
                pool[center].placed.sentence.text, r.placed.sentence.text, lang):
            extra[country] = j
    return sorted(extra.values())


def _claims_by_relation(placed: Sequence[Placed], lang: str,
                        ) -> dict[claims.Relation, dict[str, Placed]]:
    """For sentences selection left out: each inclusion claim, with the first sentence of
    each country that makes it (one pass per place, so a summary's lookup is a dict read)."""
    index: dict[claims.Relation, dict[str, Placed]] = defaultdict(dict)
    for p in placed:
        # As for the selected: only a sentence that speaks of the country can stand for it.
        if not speaks_of_self(p.sentence.text, lang, p.sentence.country):
            continue
        for relation in sorted(claims.relations(p.sentence.text, lang)):
            index[relation].setdefault(p.sentence.country or "", p)
    return index


def _unselected_echoes(center: Ranked, named: set[str],
                       index: dict[claims.Relation, dict[str, Placed]],
                       lang: str) -> list[Ranked]:
    """Countries whose selected sentences did not make the center's claim but another of
    their sentences in the same place did ("biosafety has been in our NBSAP since 2000"):
    they are named too, with that sentence as the source."""
    found: dict[str, Placed] = {}
    for relation in sorted(claims.relations(center.placed.sentence.text, lang)):
        for country, p in index.get(relation, {}).items():
            if country not in named and country not in found:
                found[country] = p
    group = center.group[:2]
    return [Ranked(p, 0.0, (*group, f"country:{country}"))
            for country, p in sorted(found.items(), key=lambda item: item[1].sentence.order)]


def find_clusters(ranked: Sequence[Ranked], idf: Idf, lang: str,
                  min_countries: int, placed: Sequence[Placed] = ()) -> list[Cluster]:
    """Summaries of what several countries said alike, per place in the outline (`placed`:
    every assigned sentence, so that a claim a country made outside its selected sentences
    still names it)."""
    # First groups of `min_countries` or more (cosine >= SAME_POINT to the center), then
    # pairs of near-duplicates (>= NEAR_DUPLICATE), which would otherwise lose a country.
    by_target: dict[tuple[str, str], list[Ranked]] = defaultdict(list)
    for r in ranked:
        s = r.placed.sentence
        # Only a sentence that itself speaks of the country can stand for it in a summary.
        if r.group[2].startswith("country:") and speaks_of_self(s.text, lang, s.country) \
                and len(_point(s.text, lang)) >= 3:
            by_target[(r.group[0], r.group[1])].append(r)
    chosen = {(r.placed.sentence.post_id, r.placed.sentence.index) for r in ranked}
    others: dict[tuple[str, str], list[Placed]] = defaultdict(list)
    if claims.recognized(lang):
        for p in placed:
            s = p.sentence
            if (s.post_id, s.index) not in chosen and s.national and s.country \
                    and s.affiliation != "organization":
                others[(p.section, p.subsection or "")].append(p)
    clusters: list[Cluster] = []
    for target in sorted(by_target):
        # The most central sentences stand for the rest when a place gathers very many.
        pool = sorted(by_target[target], key=lambda r: (-r.score, r.placed.sentence.order))
        pool = sorted(pool[:MAX_POOL], key=lambda r: r.placed.sentence.order)
        if len({r.placed.sentence.country for r in pool}) < 2:
            continue
        sim = similarity(idf.matrix([_point(r.placed.sentence.text, lang) for r in pool]))
        # "X is in our plan" and "X is not yet in our plan" share their words, not their claim.
        denies = np.array([claims.negated(r.placed.sentence.text) for r in pool])
        sim[denies[:, None] != denies[None, :]] = 0.0
        used: set[int] = set()
        predicates: dict[int, tuple[str, str] | None] = {}
        found = _stars(pool, sim, used, SAME_POINT, min_countries, lang, predicates)
        found += _stars(pool, sim, used, NEAR_DUPLICATE, 2, lang, predicates)
        index = _claims_by_relation(others.get(target, ()), lang) if found else {}
        for members, text, echoes in found:
            named = {pool[j].placed.sentence.country or "" for j in members + echoes}
            more = _unselected_echoes(pool[members[0]], named, index, lang)
            if more:
                codes = sorted(named | {r.placed.sentence.country or "" for r in more})
                text = summary_text(pool[members[0]], codes, lang,
                                    predicates.get(members[0])) or text
            clusters.append(Cluster(target[0], target[1], tuple(pool[j] for j in members), text,
                                    tuple(pool[j] for j in echoes) + tuple(more)))
    return clusters
