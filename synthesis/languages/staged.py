"""The Language interface implemented by the stages' own functions, called with the rules'
code (the `staged` languages): what English and Chinese share (their differences live inside
those functions and in the tables of strings.py, selected by the code)."""

from __future__ import annotations

from synthesis.languages.base import Language
from synthesis.stages import chatter, discourse, person, segment
from synthesis.text import count_words, terms


class StagedLanguage(Language):
    def split_sentences(self, text: str) -> list[str]:
        return segment.split_sentences(text, self.code)

    def terms(self, text: str) -> list[str]:
        return terms(text, self.code)

    def count_words(self, text: str) -> int:
        return count_words(text, self.code)

    def first_person(self, text: str) -> list[str]:
        return person.first_person(text, self.code)

    def third_person(self, text: str, country: str | None = None) -> str | None:
        persona = (person.country_persona(country, self.code) if country
                   else person.reported_persona(self.code))
        return person.rewrite(text, persona, self.code, country)

    def substance(self, sentence: str, author_name: str = "") -> str | None:
        return chatter.substance(sentence, self.code, author_name)

    def noted(self, subject: str, clause: str) -> str:
        return self.wording("person_noted", name=subject, clause=clause)

    def opening(self, text: str) -> str | None:
        return discourse.opening(text)

