"""English: UN English (British spelling in the fixed wording), the rules the digest was
first written for, and the fallback for a language it has no rules for (registry.py)."""

from __future__ import annotations

from synthesis.languages.staged import StagedLanguage


class English(StagedLanguage):
    code = "en"
    name = "English"
