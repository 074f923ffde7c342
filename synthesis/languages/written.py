"""What the languages with a module of their own (French, Spanish, Arabic, Russian) share:
the stages' English and Chinese rules do not apply to them, so segmentation, chatter, first
person and the country paragraphs are done here, from each language's tables.

A country or organization paragraph reports every sentence in the third person, each behind
a reporting predicate ("Le Mexique a indiqué que ...", "Añadió que ..."), when the language
can rewrite the first person (`turn`); a sentence it cannot rewrite safely is attributed in
the speaker's words ("La Colombie a déclaré : « ... »"), never half-rewritten. A language
without rewriting (`rewrites_first_person = False`) attributes the whole paragraph, and the
report says so (`Language.statement`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from synthesis.countries import country_name
from synthesis.languages import shared, strings
from synthesis.languages.base import Language
from synthesis.types import Line, Paragraph

if TYPE_CHECKING:
    from synthesis.stages.person import Persona
    from synthesis.types import Sentence

# Quotations in any of the conventions these languages use: « », “ ”, „ “, " ".
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"")
_OPENERS = "«“„\"'(["
_CLOSERS = "»”\"’')]"
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def mask(text: str) -> tuple[str, list[str]]:
    """Quotations replaced by placeholders (a quotation keeps its first person)."""
    found: list[str] = []

    def hold(match: re.Match) -> str:
        found.append(match.group(0))
        return f"\u2060{len(found) - 1}\u2060"

    return QUOTED.sub(hold, text), found


def unmask(text: str, found: list[str]) -> str:
    return re.sub("\u2060(\\d+)\u2060", lambda m: found[int(m.group(1))], text)


class Speaker:
    """Who a paragraph reports: the name that opens it, how later sentences refer to them,
    and whether the verbs agree in the plural ("Les Philippines ont indiqué")."""

    def __init__(self, name: str, pronoun: str, *, plural: bool = False,
                 subject: str | None = None, place: str = "") -> None:
        self.name = name
        self.place = place  # the country's bare name: "Au Sénégal, ..." goes (it is said)
        self.pronoun = pronoun
        self.plural = plural
        # Who does what inside a rewritten clause (always third person singular): the
        # pronoun, or "le pays" when the name is plural or its gender unknown.
        self.subject = pronoun if subject is None else subject


class WrittenLanguage(Language):
    """A language written by its own module. Subclasses give the tables below."""

    staged = False
    abbreviations: frozenset[str] = frozenset()
    chatter: re.Pattern = re.compile(r"(?!x)x")
    lead_ins: re.Pattern = re.compile(r"(?!x)x")  # "Je pense que": removed, the rest kept
    first_person_words: re.Pattern = re.compile(r"(?!x)x")
    # "Nous devons tous ...", "nuestros países": the speaker talks for every participant, not
    # for their country; such a sentence is no national story and is not rewritten.
    inclusive: re.Pattern = re.compile(r"(?!x)x")
    stop_words: frozenset[str] = frozenset()
    # The reporting predicates of a paragraph: its first sentence, then the later ones in
    # turn (singular, plural).
    lead_predicate = ("", "")
    later_predicates: tuple[tuple[str, str], ...] = (("", ""),)
    question_marks = ("?",)
    # An opening "Au Sénégal," / "Dans notre pays," the paragraph's subject already says:
    # the prepositions before a place, and the phrases for one's own country.
    locative = r"(?!x)x"
    own_place = r"(?!x)x"
    # A paragraph's or item's first sentence has nothing before it in the report: an opening
    # linking word ("De plus, ...") goes, and a sentence opening on a bare pronoun ("Il a ...",
    # "Esto ...") is not opened on (what it points to is not printed).
    linking = r"(?!x)x"
    leaning = r"(?!x)x"

    # Segmentation.
    def split_sentences(self, text: str) -> list[str]:
        pieces, start = [], 0
        for match in re.finditer(r"[.!?…؟]+[»”\"’')\]]*(?=\s+(\S))", text):
            chunk = text[start:match.end()]
            before = text[start:match.start()].split()
            last = before[-1].lower().strip(_OPENERS) if before else ""
            if match.group(0)[0] == "." and (last in self.abbreviations
                                              or re.fullmatch(r"[^\W\d]", last)):
                continue  # "M. Dupont", "p. ex.", "т. е."
            if match.group(1)[0].islower():
                continue  # "en 2012 г. мы ...": the next word does not start a sentence
            if not self._balanced(chunk):
                continue  # never inside « ... »
            pieces.append(chunk.strip())
            start = match.end()
        pieces.append(text[start:].strip())
        return [p for p in pieces if p]

    @staticmethod
    def _balanced(chunk: str) -> bool:
        return (chunk.count("«") <= chunk.count("»") and chunk.count("“") <= chunk.count("”")
                and chunk.count('"') % 2 == 0)

    def terms(self, text: str) -> list[str]:
        out = []
        for word in WORD.findall(text):
            low = word.lower()
            if low in self.stop_words or low.isdigit() or len(low) < 3:
                continue
            out.append(low[:-1] if len(low) > 4 and low.endswith("s") else low)
        return out

    def count_words(self, text: str) -> int:
        return len(WORD.findall(text))

    def has_verb(self, text: str) -> bool:
        # No part-of-speech rules here: any sentence of five words or more may stand alone.
        return len(WORD.findall(text)) >= 5

    def opening(self, text: str) -> str | None:
        stripped = re.sub(rf"^(?:{self.linking})(?:\s*[,،]\s*|\s+)", "", text.strip(),
                          flags=re.IGNORECASE)
        if re.match(rf"(?:{self.leaning})(?![\w-])", stripped, flags=re.IGNORECASE):
            return None
        if stripped == text.strip():
            return text
        return stripped[:1].upper() + stripped[1:] if stripped else None

    # Chatter.
    def substance(self, sentence: str, author_name: str = "") -> str | None:
        text = re.sub(r"\s+", " ", sentence).strip()
        if not text or text.endswith((*self.question_marks, ":", "：")):
            return None
        if self.chatter.match(text):
            return None
        name = author_name.strip()
        if name and name in text:
            return None  # a self-introduction
        for _ in range(3):
            match = self.lead_ins.match(text)
            if not match:
                break
            text = match.group("rest").strip()
        if len(WORD.findall(text)) < 4:
            return None
        return text[:1].upper() + text[1:]

    # First person.
    def first_person(self, text: str) -> list[str]:
        masked, _ = mask(text)
        return self.first_person_words.findall(masked)

    def speaks_of_self(self, text: str, country: str | None) -> bool:
        if self.first_person(text) and not self.inclusive.search(mask(text)[0]):
            return True
        name = country_name(country, self.code) if country else ""
        # A whole word: "Mali" is not in "normalisation", nor "Niger" in "Nigeria".
        return bool(name) and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text,
                                        re.IGNORECASE) is not None

    def turn(self, masked: str, subject: str) -> str | None:
        """The sentence (quotations masked) with its first person in the third person for
        `subject` (singular), or None when the grammar is not understood well enough."""
        return None

    def rewrite(self, text: str, persona: Persona, code: str | None = None) -> str | None:
        """The stages' entry: a sentence with no first person as it is; else turned, or None."""
        masked, found = mask(text)
        if not self.first_person(masked):
            return text
        if not self.rewrites_first_person or not persona.singular or self.inclusive.search(
                masked):
            return None
        turned = self.turn(masked, self.persona_subject(persona))
        if turned is None:
            return None
        result = unmask(turned, found)
        return None if self.first_person(result) else result[:1].upper() + result[1:]

    # The subject `third_person` turns a sentence with (a wording key; None: no subject).
    third_person_subject: str | None = "country_subject"

    def persona_subject(self, persona: Persona) -> str:
        """The subject a stage's persona stands for ("le pays", "l'organisation")."""
        return persona.first

    def third_person(self, text: str, country: str | None = None) -> str | None:
        masked, found = mask(text)
        if not self.first_person(masked):
            return text
        if not self.rewrites_first_person or self.inclusive.search(masked):
            return None
        subject = self.wording(self.third_person_subject) if self.third_person_subject else ""
        turned = self.turn(masked, subject)
        return None if turned is None else unmask(turned[:1].upper() + turned[1:], found)

    # Paragraphs.
    def country_speaker(self, code: str) -> Speaker:
        name = country_name(code, self.code)
        return Speaker(name[:1].upper() + name[1:], self.wording("country_subject"), place=name)

    # Shared statements and lists of countries (shared.py).
    listed_name = shared.listed_name
    list_key = shared.list_key
    summary_predicate = shared.reported_clause

    def organization_speaker(self, organization: str | None) -> Speaker:
        """The organization by name, or (None) "One organization" when names are not printed."""
        if organization is None:
            return Speaker(self.wording("one_organization"), self.wording("organization_subject"))
        return Speaker(organization, self.wording("organization_subject"))

    def country_paragraph(self, code: str, sentences: Sequence[Sentence]) -> Paragraph | None:
        return self.paragraph(self.country_speaker(code), sentences)

    def paragraph(self, speaker: Speaker, sentences: Sequence[Sentence]) -> Paragraph | None:
        if not sentences:
            return None
        if not self.rewrites_first_person:
            # A quotation keeps its words; only a first sentence leaning on one left out goes.
            while sentences and self.opening(sentences[0].text) is None:
                sentences = sentences[1:]
            return self._quoted(speaker, sentences) if sentences else None
        lines = []
        for s in sentences:
            text = self.strip_place(s.text, speaker)
            if not lines:
                opened = self.opening(text)
                if opened is None:
                    continue  # it points back to a sentence the report does not print
                text = opened
            n = len(lines)
            lines.append(Line(self.reported(speaker, text, n), (s.post_id,)))
        return Paragraph(tuple(lines)) if lines else None

    def strip_place(self, text: str, speaker: Speaker) -> str:
        place = re.escape(speaker.place) if speaker.place else r"(?!x)x"
        pattern = (rf"^(?:(?:{self.locative})\s+(?:(?:le|la|les|l['’]|el|los|las)\s*)?{place}"
                   rf"|{self.own_place})\s*[,،]\s*")
        stripped = re.sub(pattern, "", text, flags=re.IGNORECASE)
        return stripped[:1].upper() + stripped[1:] if stripped != text else text

    def _quoted(self, speaker: Speaker, sentences: Sequence[Sentence]) -> Paragraph:
        """One quotation in the speaker's words, a line per sentence (each keeps its post)."""
        texts = [self.quote_inside(s.text.strip()) for s in sentences]
        said = self.wording(self._said_key(speaker), speaker=speaker.name, quote="\0")
        head, tail = said.split("\0")
        texts[0] = head + texts[0]
        texts[-1] = texts[-1] + tail
        return Paragraph(tuple(Line(t, (s.post_id,)) for t, s in zip(texts, sentences,
                                                                    strict=True)))

    def _said_key(self, speaker: Speaker) -> str:
        """"Les Philippines ont déclaré", "Соединенные Штаты сообщают": a plural name."""
        plural = speaker.plural and "attributed_said_plural" in strings.table(self.code)
        return "attributed_said_plural" if plural else "attributed_said"

    def quote_inside(self, text: str) -> str:
        return text

    def reported(self, speaker: Speaker, text: str, n: int) -> str:
        """The n-th sentence of a paragraph behind a reporting predicate, or quoted."""
        masked, found = mask(text)
        turned = masked if not self.first_person(masked) else None if self.inclusive.search(
            masked) else self.turn(masked, speaker.subject)
        if turned is not None:
            turned = unmask(turned, found)
        if turned is None or self.first_person(turned):
            return self.wording(self._said_key(speaker), speaker=speaker.name,
                                quote=text.strip())
        clause = self.lower_first(re.sub(r"[.!…。]+$", "", turned.strip()))
        predicate = (self.lead_predicate if n == 0
                     else self.later_predicates[(n - 1) % len(self.later_predicates)])
        who = speaker.name if n == 0 else self.later_subject(speaker)
        return self.join_clause(who, predicate[1 if speaker.plural else 0], clause)

    def later_subject(self, speaker: Speaker) -> str:
        return speaker.pronoun[:1].upper() + speaker.pronoun[1:]

    def join_clause(self, who: str, predicate: str, clause: str) -> str:
        return f"{who} {predicate} {clause}.".replace("  ", " ").strip()

    def lower_first(self, text: str) -> str:
        """"La loi ..." -> "la loi ..." after "que"; a name or an acronym keeps its capital."""
        first = WORD.match(text)
        if first and first.group(0).lower() in self.stop_words:
            return text[:1].lower() + text[1:]
        return text

    # Wording.
    def noted(self, subject: str, clause: str) -> str:
        return self.wording("person_noted", name=subject, clause=clause)

