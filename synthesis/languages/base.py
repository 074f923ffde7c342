"""The Language interface: everything the digest does differently from one language to
another, in one list.

The stages were written for English and Chinese before this interface existed and still
take a language code (`lang`); `registry.rules(lang)` is the one place that turns a code
into the rules applied, and the stages ask it (its attributes and methods) instead of
testing codes. English and Chinese (english.py, chinese.py, `staged`) wrap the stages' own
functions; French, Spanish, Arabic and Russian (written.py and a module each) do their
language's work themselves. Adding a language: docs/digest.md, "Adding a language".
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import date

from synthesis.languages import strings
from synthesis.text import join_names


class Language(ABC):
    """The rules that write a report in one language."""

    code: str  # the rules' own language ("en", "zh", "fr", ...)
    name: str  # in English, as the fallback statement names it

    # What the stages ask instead of testing a language code (the values are English's
    # unless a language says otherwise; chinese.py and the modules of the other languages
    # set theirs).
    # The stages' own English and Chinese rules write this language; otherwise its module
    # does the language-specific work (segmentation, chatter, person) itself.
    staged = False
    # Written without spaces between words (sentence ends 。！？, jieba words, 我/我们).
    ideographic = False
    # An article a title or an organization's name may open with, dropped where the wording
    # supplies its own ("the Online Forum ..." in "The Online Forum ... was held").
    title_article = ""
    # Section titles are lower-cased inside the introduction's outline sentence.
    lowercase_titles = True
    # "Cameroon's officials" once the country is named (English genitive), else "the".
    genitive_owner = False
    # "We are making sure ..." -> "Malaysia is making sure ...": the lead sentence names the
    # acting country rather than "In Malaysia, the country is ...".
    names_acting_country = False
    # "My proposal is that X" becomes "Kenya proposed that X" (country.py).
    reports_proposals = False
    # A one-sentence country paragraph of a few words naming no fact is left out.
    drops_slight_paragraphs = False
    # A rewritten opening possessive left over after "In X," ("在泰国，其预算"), removed.
    leading_possessive: str | None = None
    # The subject an organization's first sentence is turned with; None: the wording's
    # "organization_subject".
    organization_pronoun: str | None = None
    # A person's line gets a final stop, a capital and advice in the report's voice.
    punctuates_person_lines = False
    # The country paragraphs are rewritten in the third person (False: attributed in the
    # posts' words, and the report says so: `statement`).
    rewrites_first_person = True

    def __init__(self, requested: str | None = None) -> None:
        # The forum's language these rules serve: their own, or one they stand in for.
        self.requested = requested or self.code

    @property
    def fallback(self) -> bool:
        """True when these rules stand in for a language the digest has none for."""
        return self.requested != self.code

    def statement(self) -> str:
        """What the report says about its language: nothing, that it fell back, or that
        the country paragraphs keep the posts' words (no third-person rewriting)."""
        if self.fallback:
            return self.wording("fallback_note", rules=self.name, code=self.requested)
        if not self.rewrites_first_person:
            return self.wording("attributed_note")
        return ""

    def summary_predicate(self, turned: str, country: str | None) -> tuple[str, str] | None:
        """(wording key, predicate) of a shared statement built on a sentence already turned
        to the third person plural; None: this language writes no shared statements."""
        return None

    # Segmentation: sentences, content terms, the words a budget counts.
    @abstractmethod
    def split_sentences(self, text: str) -> list[str]: ...

    @abstractmethod
    def terms(self, text: str) -> list[str]: ...

    @abstractmethod
    def count_words(self, text: str) -> int: ...

    # First to third person: find the speaker's first person, rewrite it as reported speech
    # (None when the grammar is not understood well enough to rewrite safely).
    @abstractmethod
    def first_person(self, text: str) -> list[str]: ...

    @abstractmethod
    def third_person(self, text: str, country: str | None = None) -> str | None: ...

    # Chatter: a sentence without greetings, thanks and fillers, or None if nothing is left.
    @abstractmethod
    def substance(self, sentence: str, author_name: str = "") -> str | None: ...

    # Summary predicates: who said what, for one speaker and for several.
    @abstractmethod
    def noted(self, subject: str, clause: str) -> str: ...

    def several_noted(self, names: Sequence[str], predicate: str) -> str:
        return self.wording("countries_have", countries=self.join_names(names),
                            predicate=predicate)

    # Discourse: a paragraph's first sentence has no sentence before it in the report.
    def opening(self, text: str) -> str | None:
        """`text` fit to open a paragraph or a lettered item when the sentence before it in
        its post is not printed: a linking word dropped, or None when it leans on what is
        gone (a pronoun, a pointer, an inner "then"). Without rules of its own, a language
        opens on any sentence."""
        return text

    # Fixed wording, dates, and list and numbering conventions: every language's are in
    # the tables of synthesis/languages/strings.py, looked up by its code.
    def wording(self, key: str, **values: object) -> str:
        return strings.t(self.code, key, **values)

    def format_date(self, day: date) -> str:
        return strings.format_date(day, self.code)

    def join_names(self, names: Sequence[str]) -> str:
        return join_names(list(names), self.wording("names_separator"),
                          self.wording("names_last"))

    def listed_name(self, code: str) -> str:
        """A country's name inside a list of countries ("including the Republic of Moldova")."""
        from synthesis.countries import country_name

        return country_name(code, self.code)

    def list_key(self, code: str) -> str:
        """The order of countries in a list: UN order, by English name without its article
        (English, and Chinese, whose UN documents list States in the English order)."""
        from synthesis.countries import country_name

        name = country_name(code, "en")
        return name[4:] if name.startswith("the ") else name

    def sequence(self, key: str, index: int) -> str:
        return strings.sequence(self.code, key, index)
