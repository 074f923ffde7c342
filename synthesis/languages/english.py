"""English: UN English (British spelling in the fixed wording), the rules the digest was
first written for, and the fallback for a language it has no rules for (registry.py)."""

from __future__ import annotations

from synthesis.languages.staged import StagedLanguage


class English(StagedLanguage):
    code = "en"
    name = "English"
    staged = True
    title_article = "the "
    genitive_owner = True
    names_acting_country = True
    reports_proposals = True
    drops_slight_paragraphs = True
    organization_pronoun = "it"
    punctuates_person_lines = True

    def summary_predicate(self, turned: str, country: str | None) -> tuple[str, str] | None:
        from synthesis.stages.cluster import english_predicate

        return english_predicate(turned, country)
