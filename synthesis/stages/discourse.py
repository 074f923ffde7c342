"""How sentences lean on each other and on their speaker: pronouns that point back ("It ...",
"these MoUs"), connectives ("But", "In other words"), and whether a sentence tells the
speaker's own country's story or a general truth. Generic English, not any one forum's."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from synthesis.countries import codes
from synthesis.stages.person import country_aliases
from synthesis.text import NAME_END, Lexicon, outside_quotes

_CONTINUES = re.compile(r"^(?:it|this|that|these|those|they|there|such|each|both|the same"
                        r"|(?:the |a )?(?:second|third|fourth|other|next|last)|another"
                        r"|but|so|and|also|however|moreover|furthermore|in addition|as a result"
                        r"|then|since then|today|now|later|at present)\b", re.IGNORECASE)

_CONNECTIVE = re.compile(r"^(?:But|Yet|However|Then|Also|Moreover|Furthermore|In addition|"
                         r"Finally|Still|Therefore|Thus|So|And|Now|Likewise|Similarly|Indeed|"
                         r"Besides|Meanwhile|In that sense|In this sense|In this regard|"
                         r"In that regard|In other words|As a result|For example|For instance|"
                         r"Of course|In fact|At the same time|On the other hand|Even so|Instead|"
                         r"Again|Above all|That said|In the end|In short|In any case|Hence|"
                         r"Consequently|Nonetheless|Nevertheless|What is more|On top of that|"
                         r"After all|Equally|Conversely|Otherwise),?\s+(?!of\b)")
# The same for Chinese: 然而，/此外，/因此， at the head of a sentence that now opens a paragraph.
_CONNECTIVE_ZH = re.compile(r"^(?:然而|但是|不过|可是|此外|另外|同时|与此同时|因此|所以|因而|"
                            r"而且|并且|再者|另一方面|总之|事实上|例如|比如|首先|其次|最后)[，,、]\s*")
_CONTINUES_ZH = re.compile(r"^(?:这|该|其|此|它|他们|但|而且|此外|因此|同时|目前|现在)")


_OWN_EXPERIENCE = re.compile(
    r"\b(?:in|from) our (?:own )?experience\b|^(?:so\s+|and\s+)?we\s+(?:have\s+)?(?:also\s+)?"
    r"(?:found|learned|learnt|seen|saw|noticed|realized|realised|discovered|observed)\s+that\b"
    r"|^(?:what|one thing|something) we (?:have )?(?:also )?(?:found|learned|learnt|saw|see"
    r"|noticed|observed)\b|^our (?:main |own )?(?:experience|lesson) (?:is|has been|was) that\b"
    r"|\blesson for us\b", re.IGNORECASE)


_PARTICULAR = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|\d+)\b|(?<=[a-z,;] )(?:the |our |its )?[A-Z][a-z]{2,}"
    r"|\b(?:was|were|had|did|ago|last year|next year|this year|so far|until now|since then"
    r"|recently|in recent years|over the past)\b|^The\s")


_FORWARD_IT = re.compile(r"It\s+(?:is|was|would|will|seems|may|might|could|should|can|must"
                         r"|takes)\b(?:\s+(?!and\b|or\b)\w+){0,3}?\s+(?:to|that|for|whether|how"
                         r"|if)\b")
# "Under these MoUs, ...", "Without it, ...", "Having it in all three documents ...": a pronoun
# or demonstrative among the first words points back at something said before.
_EARLY_POINTER = re.compile(r"^(?:[\w’'-]+,?\s+){0,2}(?:it|this|these|those|they|them|such)\b"
                            r"|^(?:[\w’'-]+\s+)?(?:after|before|for|with|without|on|by|from|of|at"
                            r"|like|beyond|besides|despite|under|through|as|apart from) that\b",
                            re.IGNORECASE)
_EARLY_SAFE = re.compile(r"^(?:[\w’'-]+,?\s+){0,2}this\s+(?:year|week|month|time|day|morning)\b"
                         r"|^(?:[\w’'-]+\s+)?(?:so|now|given|provided|except|such|in) that\b",
                         re.IGNORECASE)
# For a sentence that opens a paragraph or a lettered item, pointers further in count too:
# "Cameroon noted that the person named ... in those ministries".
_LATE_POINTER = re.compile(r"\b(?:these|those)\b|\bthis\s+(?!year|week|month|morning)[a-z]+"
                           r"|\bthe (?:very )?same\s+[a-z]+\b(?!\s+(?:as|that)\b)"
                           r"|^[^,;:]*\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may"
                           r"|might|can|could|must|should|seems?|remains?|exists?|appears?)\b)"
                           r"|^the (?:main |real |other |only )?(?:reasons?|answers?|results?"
                           r"|consequences?|difference) (?:is|are|was|were)\b", re.IGNORECASE)
# A story told in the past about named bodies: "The technical staff prepared the ground, in the
# meetings of the National Biosafety Advisory Committee, ..." is the speaker's country's story
# even without "we".
_PAST = re.compile(r"\b(?:was|were|had|did|[a-z]{3,}ed)\b")
_NAMED_BODY = re.compile(r"(?<=[a-z,;] )(?:[A-Z][a-z]+\s+(?:(?:of|for|on|and)\s+)?){1,4}"
                         r"[A-Z][a-z]+\b|\b(?:1[89]|20)\d\d\b")


def particular(text: str) -> bool:
    """Does the sentence tell something particular (a date, a figure, a named body, an event in
    the past, "The draft ...") rather than a general truth ("Vague commitments attract no
    money", "Governments have used many tools")? In a paragraph about the speaker's country,
    the particular is the country's."""
    return bool(_PARTICULAR.search(outside_quotes(text)))


def narrative(text: str) -> bool:
    """A past event involving a named body or a year: part of some country's own story."""
    plain = outside_quotes(text)
    return bool(_PAST.search(plain) and _NAMED_BODY.search(plain))


def self_contained(text: str) -> bool:
    """Can the sentence stand alone among general remarks? Not when it points at something
    ("these desks"), tells what helped ("What has helped is ..."), or muses ("would be")."""
    plain = outside_quotes(text)
    return not (_LATE_POINTER.search(plain) or re.match(r"What\b", plain)
                or re.search(r"\bwould\b", plain))


def own_experience(sentence: str) -> bool:
    """Does the sentence tell what the speaker's country found ("In our experience ...", "We
    found that ...")? Trimming those words leaves a national finding, not a general remark."""
    return bool(_OWN_EXPERIENCE.search(outside_quotes(sentence)))


def anaphoric(text: str) -> bool:
    """Does the sentence lean on an antecedent in a sentence before it?"""
    if re.match(r"^(?:这|此|它|他们|其)", text):
        return True
    if _FORWARD_IT.match(text):
        return False  # "It is important that ...": the "it" points forward
    if re.match(r"(?:It|This|That|These|Those|They|Such|Both|Its|Their|Another|The other"
                r"|The same|The second|The third|The latter|The former|Neither|Either)\b", text):
        return True
    if _EARLY_POINTER.match(text) and not _EARLY_SAFE.match(text):
        return True
    # "When they support the plan, ..." / "Once it is passed, ...": a pronoun subject of an
    # opening clause points back as well.
    return bool(re.match(r"(?:When|If|Once|Because|Since|As|Unless|Although|While|Where|Until)"
                         r"\s+(?:they|it|these|those|this)\b", text))


def dangling(text: str) -> bool:
    """Can the sentence not open a paragraph? It points back ("It ...", "these MoUs"), or
    speaks of "they" before naming anyone plural."""
    if anaphoric(text) or _LATE_POINTER.search(outside_quotes(text)):
        return True
    match = re.search(r"\b(?:they|them|their)\b", text)
    return bool(match) and not re.search(r"\b[A-Za-z]{3,}s\b|\b(?:people|staff|police)\b",
                                         text[:match.start()])


# Adverbs inside a sentence that lean on the one before it. "then" (a consequence or a time
# told before: "inspections are then done only when ...") cannot be dropped without changing
# what the sentence says, unless the sentence gives its own antecedent ("If X, then Y", "and
# then"). "also", "therefore", "thus", "hence" and ", however," in the first clause only link:
# dropping them leaves what the sentence states.
_INNER_THEN = re.compile(r"\bthen\b")
_OWN_THEN = re.compile(r"\b(?:and|since|until|by|from|than)\s$")  # "and then", "since then"
_OWN_CONDITION = re.compile(r"\b(?:if|when|whenever|once|after|before|unless|as soon as)\b",
                            re.IGNORECASE)
# Only in the first clause: "... and also inside one sector" links inside the sentence.
_LINKING_ADVERB = re.compile(r"^[^,;:]*?(?<=[a-z])(?<!\band)(?<!\bbut)(?<!\bor)"
                             r"(?P<word> (?:also|therefore|thus|hence))(?= [a-z])"
                             r"|^[^,;:]*?(?P<aside>,\s*(?:however|therefore|thus|in turn),)(?= )")


# "... is one example", "the two", "such technologies": what is exemplified, counted or
# qualified was said before.
_INNER_POINTER = re.compile(r"\b(?:is|are|was|were) (?:one|an|another|a good) example\b"
                            r"|\bsuch (?!as\b|a\b|an\b|that\b)[a-z]+s\b"
                            r"|\bthe (?:two|three|latter|former)(?=\s*[,.;:]"
                            r"|\s+(?:\w+ed|are|were|is|was|together|at|in|on|to|with|for|and)\b)",
                            re.IGNORECASE)
# ("the two documents were ..." names what it counts; "link the two, at home" does not.)


# "In concrete terms it provides for ...": a pronoun subject after an opening phrase of up to
# four words without a comma (`_EARLY_POINTER` sees two words); "In practice it is hard to
# ..." points forward.
_PHRASE_THEN_PRONOUN = re.compile(r"^(?:In|At|On|For|By|With|Under|From|Through|After|Before"
                                  r"|During|Over|Since|Until)\s+(?:[\w’'-]+\s+){0,3}"
                                  r"(?:it|they)\s+(?P<rest>.*)$")


def leans_on_inner_word(text: str) -> bool:
    """Does a word inside the sentence ("then", "is one example", "the two") point at a
    sentence before it?"""
    plain = outside_quotes(text)
    if _INNER_POINTER.search(plain):
        return True
    phrase = _PHRASE_THEN_PRONOUN.match(plain)
    if phrase and not _FORWARD_IT.match("It " + phrase.group("rest")):
        return True
    for match in _INNER_THEN.finditer(plain):
        before = plain[:match.start()]
        if before and not _OWN_THEN.search(before[-7:]):
            return not _OWN_CONDITION.search(before)
    return False


def leans_back(text: str) -> bool:
    """Does the sentence need the one before it, by a pronoun, a pointer or an inner "then"?"""
    return anaphoric(text) or leans_on_inner_word(text)


@lru_cache(maxsize=65536)  # the budget composes the report many times over
def opening(text: str) -> str | None:
    """The sentence fit to open a paragraph or an item whose sentence before it is not
    printed: a linking word dropped ("But the Act ..." -> "The Act ...", "Mexico also has ..."
    -> "Mexico has ..."), or None when it leans on what is gone ("It ...", "these desks",
    "are then done only when ...")."""
    text = drop_connective(text)
    if dangling(text) or leans_on_inner_word(text):
        return None
    if re.search(r"[\u4e00-\u9fff]", text[:4]):
        return text
    match = _LINKING_ADVERB.match(text)
    if not match:
        return text
    group = "word" if match.group("word") else "aside"
    return text[:match.start(group)] + text[match.end(group):]


def drop_connective(text: str) -> str:
    """"Likewise, the treaty ..." -> "The treaty ...": the sentence it linked to is gone."""
    stripped = _CONNECTIVE.sub("", text, count=1)
    if stripped == text:
        stripped = _CONNECTIVE_ZH.sub("", text, count=1)
    return stripped[:1].upper() + stripped[1:] if stripped != text else text


def continues(text: str, lang: str) -> bool:
    """Does the sentence lean on the one before it ("This ...", "It ...", "But ...")?"""
    return bool(_CONTINUES_ZH.match(text) if re.search(r"[\u4e00-\u9fff]", text[:4])
                else _CONTINUES.match(text) or _CONNECTIVE.match(text))


@cache
def _country_names() -> re.Pattern:
    names = sorted({a for code in codes() for a in country_aliases(code, "en")},
                   key=lambda n: (-len(n), n))
    return re.compile(r"(?:the\s+)?(?:" + "|".join(re.escape(n) for n in names) + ")" + NAME_END)


def lower_first(text: str, lexicon: Lexicon) -> str:
    """`Lexicon.decapitalize`, but a sentence opening on a country's name ("Cameroon has ...",
    said only at the start of sentences) or on an acronym with a plural ("GMOs are ...") keeps
    its capital: such words are capitalized for what they are, not for being first."""
    if text[:1].isupper() and not re.match(r"[A-Za-z\u00C0-\u024F]", text):
        # Another cased script (Cyrillic, Greek): the Latin rule's core, a capital of position
        # only ("Открытый доступ" -> "открытый доступ", "ГМО" stays).
        return text[:1].lower() + text[1:] if text[1:2].islower() else text
    first = re.match(r"[\"“(]?([A-Za-z][\w'’-]*)", text)
    if first and (re.search(r"[A-Z]", first.group(1)[1:]) or _country_names().match(text)
                  and not text.startswith(("The ", "the "))):
        return text
    return lexicon.decapitalize(text)


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,}(?=s?\b)")


def acronym_speakers(texts: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Who uses each acronym (`texts` are (speaker, sentence) pairs); the key "" holds every
    speaker."""
    found: dict[str, set[str]] = {"": set()}
    for speaker, text in texts:
        found[""].add(speaker)
        for word in set(_ACRONYM.findall(outside_quotes(text))):
            found.setdefault(word, set()).add(speaker)
    return {word: frozenset(who) for word, who in sorted(found.items())}


def own_acronym(text: str, speaker: str, speakers: dict[str, frozenset[str]]) -> bool:
    """Does the sentence name a body by an acronym only its speaker uses ("each ministry in
    CIBIOGEM")? Such a remark is about the speaker's own country, and an acronym the reader
    meets nowhere else means nothing among general observations."""
    if len(speakers.get("", ())) < 3:
        return False  # too few voices to tell a national acronym from a shared one
    return any(speakers.get(word) == frozenset({speaker})
               for word in _ACRONYM.findall(outside_quotes(text)))
