"""Chinese: sentences end on 。！？, words come from jieba, no capitals and no articles,
first person 我/我们 reported as 该国/该组织, the fixed wording of the UN Chinese documents."""

from __future__ import annotations

from synthesis.languages.staged import StagedLanguage


class Chinese(StagedLanguage):
    code = "zh"
    name = "Chinese"
    staged = True
    ideographic = True
    lowercase_titles = False
    leading_possessive = "^其"  # "在泰国，其预算" reads "在泰国，预算"

    def summary_predicate(self, turned: str, country: str | None) -> tuple[str, str] | None:
        from synthesis.stages.cluster import chinese_predicate

        return chinese_predicate(turned, country, self.code)
