"""Chinese: sentences end on 。！？, words come from jieba, no capitals and no articles,
first person 我/我们 reported as 该国/该组织, the fixed wording of the UN Chinese documents."""

from __future__ import annotations

from synthesis.languages.staged import StagedLanguage


class Chinese(StagedLanguage):
    code = "zh"
    name = "Chinese"
