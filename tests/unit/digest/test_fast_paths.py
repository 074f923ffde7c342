"""The speed-ups of large forums give the answers of the plain rules they replaced (made-up
text; the golden digests check the whole report)."""

from __future__ import annotations

import re

from synthesis.stages.clean import key
from synthesis.stages.segment import split_sentences
from synthesis.stages.selfref import speaks_of_self, strip_locative
from synthesis.text import _EMPHASIS, _LINK, Lexicon, inline

SAMPLES = [
    "Plain prose with nothing to undo.",
    "A [link](https://example.org/x) and **bold** and *soft* and `code` words.",
    "Spaces\u00a0of\u2003several  kinds\tand\nlines\x1cend ",
    "  under_score and snake_case_names stay, __strong__ goes. ",
    "Nested **bold with *soft* inside** here.",
    "",
    "\u3000全角空格 和 **强调**。",
]


def _plain_inline(text: str) -> str:
    """`inline` as it was written before its character tests."""
    text = _LINK.sub(lambda m: m.group(1), text)
    for _ in range(2):
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", text)
    text = text.replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


def test_inline_matches_the_plain_rules():
    for text in SAMPLES:
        assert inline(text) == _plain_inline(text)


def _plain_lexicon(texts: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The lexicon as it was read before: every word of every text, in full."""
    word = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[-'’][A-Za-z0-9\u00C0-\u024F]+)*")
    start = re.compile(r"[.!?:;\n]\s*[\"“(]?$")
    lower: set[str] = set()
    names: set[str] = set()
    for text in texts:
        found = list(word.finditer(text))
        words = [m.group(0) for m in found]
        lower.update(w for w in words if w[:1].islower())
        for n, w in enumerate(words):
            if w[:1].islower():
                continue
            at = found[n].start()
            starts = at == 0 or start.search(text[max(0, at - 4):at])
            following = words[n + 1] if n + 1 < len(found) and not re.search(
                r"[.!?;:]", text[found[n].end():found[n + 1].start()]) else ""
            if not starts and not following[:1].isupper():
                names.add(w)
    return frozenset(lower), frozenset(names)


def test_lexicon_matches_a_full_reading():
    texts = ["Funding is scarce. We asked Ruritania for help; Ruritania agreed.",
             "The National Assembly met in May 2015 and Ruritania said so.",
             "Funding is scarce. We asked Ruritania for help; Ruritania agreed.",
             "In Ostland, the 2019 law: Ostland's Ministry acts. Then Bo Chen replied."]
    lexicon = Lexicon(texts)
    assert (lexicon.lower, lexicon.names) == _plain_lexicon(texts)


def test_cached_sentence_answers_are_stable():
    text = "In our country, we publish every permit on the register."
    assert speaks_of_self(text, "en", "CM") is speaks_of_self(text, "en", "CM") is True
    assert strip_locative(text, "CM", "en") == strip_locative(text, "CM", "en") == (
        "We publish every permit on the register.", True)
    assert strip_locative("In Cameroon, permits are public.", "CM", "en")[1] is True
    assert strip_locative("In Cameroon, permits are public.", "MX", "en")[1] is False


def test_abbreviations_and_keys():
    assert split_sentences("See Art. 5 of the text. It applies to e.g. permits. Done.", "en") \
        == ["See Art. 5 of the text.", "It applies to e.g. permits.", "Done."]
    assert split_sentences("Plan B. was dropped. Then x. Next.", "en") == [
        "Plan B. was dropped.", "Then x. Next."]
    assert key("The PLAN, in 2019 — 计划!") == "the plan in 2019 计划"
