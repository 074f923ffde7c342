import pytest

from synthesis.stages.person import (
    country_persona,
    first_person,
    plural_persona,
    reported_persona,
    rewrite,
    speaks_of_self,
)
from synthesis.stages.verbs import declarative

# (what a participant from Kenya wrote, how the report says it)
COUNTRY = [
    ("We have included biosafety in the NBSAP.",
     "The country has included biosafety in the NBSAP."),
    ("We are now revising the NBSAP.", "The country is now revising the NBSAP."),
    ("We were not ready when the Protocol entered into force.",
     "The country was not ready when the Protocol entered into force."),
    ("We do not have a biosafety law yet.", "The country does not have a biosafety law yet."),
    ("We don't have enough trained staff.", "The country does not have enough trained staff."),
    ("We still need laboratories able to detect LMOs.",
     "The country still needs laboratories able to detect LMOs."),
    ("We try to involve every ministry from the start.",
     "The country tries to involve every ministry from the start."),
    ("We also organized consensus dialogues with industry.",
     "The country also organized consensus dialogues with industry."),
    ("We have not yet finalized the national biosafety framework.",
     "The country has not yet finalized the national biosafety framework."),
    ("Our Ministry coordinates the national biosafety committee.",
     "The Ministry coordinates the national biosafety committee."),
    ("Our biodiversity is rich and in many places unique.",
     "The country's biodiversity is rich and in many places unique."),
    ("The budget law gives us a line of our own.",
     "The budget law gives the country a line of its own."),
    ("In our country we have included biosafety in the NBSAP.",
     "The country has included biosafety in the NBSAP."),
    ("Here in Kenya, biosafety is part of the national development plan.",
     "Biosafety is part of the national development plan."),
    ("We felt we had to be precautionary, above all in the areas we have identified as "
     "priorities.",
     "The country felt it had to be precautionary, above all in the areas it has identified "
     "as priorities."),
    ("We also saw that our laws and our enforcement were not strong enough.",
     "The country also saw that its laws and its enforcement were not strong enough."),
    ("We will review the policy next year.", "The country will review the policy next year."),
    ("We can point to the assessment requirement that is already in the plan.",
     "The country can point to the assessment requirement that is already in the plan."),
    ("We're preparing a green economy initiative.",
     "The country is preparing a green economy initiative."),
    ("We've trained customs officers in sampling.",
     "The country has trained customs officers in sampling."),
    ("Many of us are revising our NBSAPs to align them with the Aichi Targets.",
     "Many countries are revising their NBSAPs to align them with the Aichi Targets."),
    ("A number of us still do not have laws.", "A number of countries still do not have laws."),
    ("That long-term view is what we lacked in the early years.",
     "That long-term view is what the country lacked in the early years."),
    ("My Ministry has prepared a Cabinet paper on biosafety.",
     "The Ministry has prepared a Cabinet paper on biosafety."),
    ("We ourselves fund most of the monitoring.", "The country funds most of the monitoring."),
    ("The law applies to us as well as to the provinces.",
     "The law applies to the country as well as to the provinces."),
    ("For us, the review itself is the entry point.", "The review itself is the entry point."),
    ("Our experience shows that awareness raising must come first.",
     "The country's experience shows that awareness raising must come first."),
    ("We go to every district to train inspectors.",
     "The country goes to every district to train inspectors."),
    ("We watch the border posts closely.", "The country watches the border posts closely."),
    ("Only then can we follow the path others have described.",
     "Only then can the country follow the path others have described."),
    ("Have we done enough for the farmers?", "Has the country done enough for the farmers?"),
    ("Our people need training in how to engage communities.",
     "The country's people need training in how to engage communities."),
    ("We fix the fees every year.", "The country fixes the fees every year."),
    ("We publish every decision on the BCH.", "The country publishes every decision on the BCH."),
    ("Biosafety is ours to manage, and we intend to do it well.",
     "Biosafety is the country's to manage, and it intends to do it well."),
    ('The policy says "we must protect our farmers" in its preamble.',
     'The policy says "we must protect our farmers" in its preamble.'),
]


@pytest.mark.parametrize(("written", "reported"), COUNTRY)
def test_a_country_speaking_is_reported_in_the_third_person(written, reported):
    assert rewrite(written, country_persona("KE", "en"), "en", "KE") == reported


def test_there_are_at_least_thirty_first_person_cases():
    assert sum(1 for written, _ in COUNTRY if first_person(written)) >= 30


@pytest.mark.parametrize(("written", "reported"), [
    ("We have included biosafety in the NBSAP.",
     "The Republic of Moldova has included biosafety in the NBSAP."),
    ("We are finalizing a new draft NBSAP.", "The Republic of Moldova is finalizing a new draft "
                                             "NBSAP."),
    ("In our country we have included biosafety in the NBSAP.",
     "The Republic of Moldova has included biosafety in the NBSAP."),
])
def test_a_paragraph_opening_names_the_country(written, reported):
    assert rewrite(written, country_persona("MD", "en", lead=True), "en", "MD") == reported


def test_the_european_union_is_not_called_a_country():
    assert rewrite("We have a GMO directive.", country_persona("EU", "en"), "en", "EU") == \
        "The European Union has a GMO directive."


@pytest.mark.parametrize(("written", "it", "named"), [
    ("We have trained many people in the projects.", "It has trained many people in the "
     "projects.", "The organization has trained many people in the projects."),
    ("We are happy to share training materials.", "It is happy to share training materials.",
     "The organization is happy to share training materials."),
    ("Our students are good communicators.", "Its students are good communicators.",
     "The students are good communicators."),
])
def test_an_organization_is_it_or_the_organization(written, it, named):
    assert rewrite(written, reported_persona("en", noun="it"), "en", None) == it
    assert rewrite(written, reported_persona("en", noun="the organization"), "en", None) == named


def test_several_countries_at_once_are_they():
    assert rewrite("We have integrated biosafety into our NBSAP.", plural_persona(), "en",
                   "KE") == "They have integrated biosafety into their NBSAP."


@pytest.mark.parametrize("written", [
    "I have gone through the draft myself.",
    "Let me explain what happened to me.",
    "My colleague and I drafted it.",
])
def test_a_sentence_that_cannot_be_turned_is_refused(written):
    assert rewrite(written, country_persona("KE", "en"), "en", "KE") is None


@pytest.mark.parametrize(("written", "plain", "lead"), [
    ("我国已将生物安全纳入国家生物多样性战略和行动计划。",
     "该国已将生物安全纳入国家生物多样性战略和行动计划。",
     "中国已将生物安全纳入国家生物多样性战略和行动计划。"),
    ("我们还建立了国家生物安全委员会。", "该国还建立了国家生物安全委员会。",
     "中国还建立了国家生物安全委员会。"),
    ("我们的预算仍然不足。", "其预算仍然不足。", "其预算仍然不足。"),
    ("在我国，生物安全已经纳入国家发展计划。", "生物安全已经纳入国家发展计划。",
     "生物安全已经纳入国家发展计划。"),
    ("我部负责协调生物安全工作。", "该部负责协调生物安全工作。", "该部负责协调生物安全工作。"),
])
def test_chinese_first_person_becomes_the_country(written, plain, lead):
    assert rewrite(written, country_persona("CN", "zh"), "zh", "CN") == plain
    assert rewrite(written, country_persona("CN", "zh", lead=True), "zh", "CN") == lead


def test_a_chinese_i_is_refused_and_quotes_are_kept():
    assert rewrite("我认为这很重要。", country_persona("CN", "zh"), "zh", "CN") is None
    quoted = "他说：“我们必须保护农民。”"
    assert rewrite(quoted, country_persona("CN", "zh"), "zh", "CN") == quoted


def test_the_checker_sees_pronouns_outside_quotes_only():
    assert first_person("We did it.") == ["We"]
    assert first_person('The law says "we shall protect our farmers".') == []
    assert first_person("Section I addresses the US position.") == []
    assert first_person("他说：“我们必须保护农民。”") == []
    assert first_person("我国的经验") == ["我"]


def test_speaking_of_oneself_means_first_person_or_one_s_own_name():
    assert speaks_of_self("Our NBSAP covers it.", "en", "KE")
    assert speaks_of_self("In Kenya the NBSAP covers it.", "en", "KE")
    assert not speaks_of_self("The NBSAP covers it.", "en", "KE")


@pytest.mark.parametrize(("advice", "reported"), [
    ("Look for the national priority that biosafety protects.",
     "It is advisable to look for the national priority that biosafety protects."),
    ("Do not build a new house for biosafety.",
     "It is advisable not to build a new house for biosafety."),
    ("Review of the law is slow.", "Review of the law is slow."),
])
def test_advice_is_put_in_the_report_s_voice(advice, reported):
    assert declarative(advice) == reported
