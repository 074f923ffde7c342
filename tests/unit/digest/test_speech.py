"""Rewriting never breaks a sentence: what the rules understand is turned, the rest is
refused (and then quoted or left out). Every sentence here is made up for these tests."""

import pytest

from synthesis.stages.person import country_persona, reported_persona, rewrite
from synthesis.stages.speech import as_person, drop_asides, expand_contractions
from synthesis.text import Lexicon

KE = country_persona("KE", "en")


@pytest.mark.parametrize(("written", "expanded"), [
    ("Farmers shouldn't pay twice.", "Farmers should not pay twice."),
    ("It won't rain.", "It will not rain."),
    ("They can't wait.", "They cannot wait."),
    ("we're late", "we are late"),
    ("I'm late", "I am late"),
    ("We've got it", "We have got it"),
    ("They’ll see", "They will see"),
])
def test_contractions_are_spelled_out_with_their_case(written, expanded):
    assert expand_contractions(written) == expanded


@pytest.mark.parametrize(("written", "reported"), [
    ("We shouldn't wait for the next budget cycle.",
     "The country should not wait for the next budget cycle."),
    ("We're drafting a seed regulation.", "The country is drafting a seed regulation."),
    ("We've opened two border laboratories.", "The country has opened two border laboratories."),
    ("We couldn't hire inspectors last year.", "The country could not hire inspectors last year."),
    ("The US position on labelling differs from the one we follow.",
     "The US position on labelling differs from the one the country follows."),
    ("Most of US grain trade is unaffected.", "Most of US grain trade is unaffected."),
    ("As we all know, inspection costs keep rising everywhere.",
     "Inspection costs keep rising everywhere."),
    ("Inspection costs, as we all know, keep rising everywhere.",
     "Inspection costs keep rising everywhere."),
    ("We all agree that border checks must continue.", "Border checks must continue."),
])
def test_a_country_sentence_with_spoken_forms_is_turned_whole(written, reported):
    assert rewrite(written, KE, "en", "KE") == reported


@pytest.mark.parametrize("written", [
    "The us approach to labelling is stricter than the one the region follows.",
    "I'm certain the bill will pass.",
    "It was my mistake to leave the annex out.",
    "We all need better border data.",
    "That was a lesson for me.",
])
def test_what_is_not_understood_is_refused_not_half_turned(written):
    assert rewrite(written, KE, "en", "KE") is None
    assert rewrite(written, reported_persona("en", noun="it"), "en", None) is None


def test_a_first_person_singular_owner_never_becomes_its():
    it = reported_persona("en", noun="it")
    assert rewrite("My colleague wrote the brochure.", it, "en", None) is None
    # An institution by its name stays the institution ("my Ministry" -> "the Ministry").
    assert rewrite("My Ministry signed the memorandum.", KE, "en", "KE") == \
        "The Ministry signed the memorandum."


@pytest.mark.parametrize(("written", "reported"), [
    ("I'm reviewing the draft tonight.", "Ann Smith is reviewing the draft tonight."),
    ("I've sent the minutes to the chair.", "Ann Smith has sent the minutes to the chair."),
    ("I do not share that view.", "Ann Smith does not share that view."),
    ("I am the only reviewer from the north.", "Ann Smith is the only reviewer from the north."),
    ("I would split the release in two.", "Ann Smith would split the release in two."),
    ("My proposal stands as written.", "Ann Smith's proposal stands as written."),
    ("Section I of the plan is finished.", "Section I of the plan is finished."),
    ("As I said before, the server needs more memory.", "The server needs more memory."),
])
def test_a_person_s_own_i_becomes_the_person(written, reported):
    assert as_person(written, "Ann Smith", "Ann Smith's") == reported


@pytest.mark.parametrize("written", [
    "The build broke when I merged the branch.",
    "I think I can finish it by Friday.",
    "We're behind schedule.",
    "It was my fault for not tagging the release.",
    "Send it to me when it is ready.",
    "The us office has not answered.",
])
def test_a_person_s_sentence_the_rules_do_not_understand_is_refused(written):
    assert as_person(written, "Ann Smith", "Ann Smith's") is None


def test_in_role_mode_the_person_is_the_participant_never_it():
    assert as_person("I'm chairing the next call.", "The participant", "The participant's") == \
        "The participant is chairing the next call."
    assert as_person("My notes are on the wiki.", "The moderator", "The moderator's") == \
        "The moderator's notes are on the wiki."


def test_a_label_with_a_party_in_brackets_gets_no_possessive():
    assert as_person("My ward has one clinic.", "Jane Doe (Lib.)", "") is None


def test_asides_go_and_the_rest_reads_on():
    assert drop_asides("As you know, the vote is on Monday.") == "The vote is on Monday."
    assert drop_asides("The vote, as I mentioned earlier, is on Monday.", singular=True) == \
        "The vote is on Monday."
    # A country has no "I": its "as I said" stays, and the sentence is refused for it.
    assert rewrite("The vote is on Monday, as I said.", KE, "en", "KE") is None


@pytest.mark.parametrize(("text", "after_lead_in"), [
    ("Most tables render badly on phones.", "most tables render badly on phones."),
    ("Several people asked for a dark theme.", "several people asked for a dark theme."),
    ("Berlin hosts the next sprint.", "Berlin hosts the next sprint."),
    ("CSV exports are broken.", "CSV exports are broken."),
    ("May 2015 is the deadline.", "May 2015 is the deadline."),
])
def test_a_sentence_after_a_lead_in_loses_only_a_capital_of_position(text, after_lead_in):
    # The forum once wrote "Most" mid-sentence (a heading pasted inline): still a function word.
    lexicon = Lexicon(["See the page Most Read for details.", "We met in Berlin."])
    assert lexicon.decapitalize(text) == after_lead_in


def test_a_chinese_person_s_opening_i_becomes_the_person_and_we_is_refused():
    assert as_person("我已经把会议纪要发给了主席。", "王芳", "王芳的") == \
        "王芳已经把会议纪要发给了主席。"
    assert as_person("我们需要更多测试。", "王芳", "王芳的") is None
    assert as_person("新版本下周发布，我会通知大家。", "王芳", "王芳的") is None
    assert as_person("新版本下周发布。", "王芳", "王芳的") == "新版本下周发布。"
