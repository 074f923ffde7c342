"""The Language interface: everything the digest does differently from one language to
another, in one list.

The stages were written for English and Chinese before this interface existed and still
take a language code (`lang`); `rules_code` (registry.py) is the one place that turns a code
into the rules applied, and the implementations (english.py, chinese.py) wrap the stages'
functions. Adding a language means a table of fixed wording (strings.py), an implementation
here, and the stage rules it needs (docs/digest.md, "Adding a language").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import date


class Language(ABC):
    """The rules that write a report in one language."""

    code: str  # the rules' own language ("en", "zh")
    name: str  # in English, as the fallback statement names it

    def __init__(self, requested: str | None = None) -> None:
        # The forum's language these rules serve: their own, or one they stand in for.
        self.requested = requested or self.code

    @property
    def fallback(self) -> bool:
        """True when these rules stand in for a language the digest has none for."""
        return self.requested != self.code

    def statement(self) -> str:
        """What the report says about its language: nothing, or that it fell back."""
        if not self.fallback:
            return ""
        return self.wording("fallback_note", rules=self.name, code=self.requested)

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

    @abstractmethod
    def several_noted(self, names: Sequence[str], predicate: str) -> str: ...

    # Discourse: a paragraph's first sentence has no sentence before it in the report.
    def opening(self, text: str) -> str | None:
        """`text` fit to open a paragraph or a lettered item when the sentence before it in
        its post is not printed: a linking word dropped, or None when it leans on what is
        gone (a pronoun, a pointer, an inner "then"). Without rules of its own, a language
        opens on any sentence."""
        return text

    # Fixed wording, dates, and list and numbering conventions.
    @abstractmethod
    def wording(self, key: str, **values: object) -> str: ...

    @abstractmethod
    def format_date(self, day: date) -> str: ...

    @abstractmethod
    def join_names(self, names: Sequence[str]) -> str: ...

    @abstractmethod
    def sequence(self, key: str, index: int) -> str: ...
