"""Rewriting never breaks a sentence (synthesis/stages/person.py, speech.py, people.py): first
person is turned only where the grammar is understood; otherwise the sentence is quoted or
left out. One test per rule; the shapes are those seen broken on real discussions, the
sentences are made up for these tests."""

from __future__ import annotations

import re

from synthesis import build_report, first_person
from synthesis.stages.chatter import substance
from synthesis.stages.number import all_lines
from synthesis.stages.person import country_persona, reported_persona, rewrite
from synthesis.stages.speech import as_person, understood
from synthesis.text import Lexicon
from synthesis.types import DigestSettings
from tests.unit.digest.factories import make_forum, make_post

IT = reported_persona("en", noun="it")
ORG = reported_persona("en", noun="the organization")
KE = country_persona("KE", "en")


def test_a_lower_case_us_after_an_article_is_never_a_pronoun():
    # "the us diet" is the United States typed in lower case: "the it diet" must never appear.
    for persona in (IT, ORG, KE):
        assert rewrite("The us diet favours sweet drinks over water.", persona, "en") is None
    assert as_person("The us diet favours sweet drinks over water.", "Ann Lee", "Ann Lee's") \
        is None


def test_an_upper_case_us_is_the_country_and_stays():
    assert rewrite("US ports inspect every third container.", IT, "en") == \
        "US ports inspect every third container."


def test_negative_contractions_are_spelled_out_before_the_subject_turns():
    assert rewrite("We shouldn't charge the fee twice.", ORG, "en") == \
        "The organization should not charge the fee twice."
    assert "shouldn'ts" not in (rewrite("We shouldn't charge the fee twice.", ORG, "en") or "")


def test_subject_contractions_agree_with_the_new_subject():
    assert rewrite("We're testing the second kiln.", KE, "en", "KE") == \
        "The country is testing the second kiln."
    assert rewrite("We've closed the old quarry.", KE, "en", "KE") == \
        "The country has closed the old quarry."
    assert as_person("I've closed the old quarry.", "Ann Lee", "Ann Lee's") == \
        "Ann Lee has closed the old quarry."


def test_we_all_know_is_an_aside_not_a_subject():
    for written in ("As we all know, kilns waste half their heat.",
                    "Kilns, as we all know, waste half their heat."):
        turned = rewrite(written, ORG, "en")
        assert turned == "Kilns waste half their heat.", turned
        assert "the organization all knows" not in turned.lower()


def test_first_person_singular_is_never_its():
    # A body or a country has no "I": "my joke" is never "its joke".
    for persona in (IT, ORG, KE):
        assert rewrite("It was my fault for not labelling my sketch.", persona, "en") is None
        assert rewrite("I was wrong about the kiln.", persona, "en") is None


def test_first_person_singular_of_a_person_follows_the_attribution():
    assert as_person("I was wrong about the kiln.", "Ann Lee", "Ann Lee's") == \
        "Ann Lee was wrong about the kiln."
    assert as_person("My sketch left out the chimney.", "Ann Lee", "Ann Lee's") == \
        "Ann Lee's sketch left out the chimney."
    # An "I" inside the sentence is not understood: quoted by the caller, never half-turned.
    assert as_person("The kiln cracked when I opened it.", "Ann Lee", "Ann Lee's") is None


def test_a_capital_after_that_is_lowered_unless_it_is_a_name():
    lexicon = Lexicon(["The kiln in Oslo is old.", "Oslo has two kilns."])
    assert lexicon.decapitalize("Most kilns burn wood.") == "most kilns burn wood."
    assert lexicon.decapitalize("Surely KPI figures will follow.") == \
        "surely KPI figures will follow."
    assert lexicon.decapitalize("Oslo has two kilns.") == "Oslo has two kilns."
    # A name that ends a sentence is still a name: the next sentence's capital is not its own.
    seen_at_end = Lexicon(["The potters thanked Marisol. She built the first kiln."])
    assert seen_at_end.decapitalize("Marisol never fired it herself.") == \
        "Marisol never fired it herself."


def test_a_question_that_lost_its_mark_is_not_reported():
    # "X noted that can the minister confirm ..." breaks: refused, so quoted or left out.
    assert not understood("Can the minister confirm that the kilns were inspected.")
    assert rewrite("Can the minister confirm that the kilns were inspected.", IT, "en") is None
    assert as_person("Has anyone measured the kiln's heat loss.", "Ann Lee", "Ann Lee's") is None
    # With its mark the question is understood (and turned: "have we" -> "has the country").
    assert rewrite("Have we done enough for the potters?", KE, "en", "KE") == \
        "Has the country done enough for the potters?"


def test_a_clause_that_lost_its_subject_is_not_reported():
    assert not understood("Will need more money before the winter.")
    # "I think that will need money": "that" is the subject and stays.
    assert substance("I think that will need more money before the winter.", "en") == \
        "that will need more money before the winter."


def test_let_us_and_imperatives_with_us_are_refused():
    assert rewrite("Let us vote on the kiln budget now.", ORG, "en") is None
    assert rewrite("Give us one more year for the kilns.", ORG, "en") is None
    # A causative "let us" inside a statement is understood.
    assert rewrite("A grant would let us rebuild the kiln.", KE, "en", "KE") == \
        "A grant would let the country rebuild the kiln."


def test_a_person_s_sentence_that_cannot_be_turned_is_quoted_in_the_report():
    posts = [make_post(1, None, "I fired the new kiln twice last week and it held its heat "
                       "well. The door cracked when I opened it too early in the cooling.",
                       affiliation="organization", organization="", name="Ann Lee")]
    report = build_report(make_forum(), posts, DigestSettings.from_dict({"attribution": "name"}))
    content = [x.text for x in all_lines(report) if x.kind == "content"]
    assert content[0].startswith("Ann Lee fired the new kiln twice last week")
    assert 'Ann Lee said: “The door cracked when I opened it too early in the cooling.”' \
        in content
    for text in content:
        unquoted = re.sub(r"“[^”]*”", "", text)
        assert not first_person(unquoted), text


def test_a_coordinated_verb_agrees_with_the_person():
    assert as_person("I have rebuilt the kiln twice and have made no progress.", "Ann Lee",
                     "Ann Lee's") == "Ann Lee has rebuilt the kiln twice and has made no progress."
    assert as_person("I have read the report and am not convinced.", "Ann Lee", "Ann Lee's") == \
        "Ann Lee has read the report and is not convinced."
    assert as_person("I tried the glaze and do not like it.", "Ann Lee", "Ann Lee's") == \
        "Ann Lee tried the glaze and does not like it."
    # Another subject comes between: its verb is left alone.
    assert as_person("I know the kilns are old and have cracked twice.", "Ann Lee",
                     "Ann Lee's") == "Ann Lee knows the kilns are old and have cracked twice."


def test_a_supposition_is_not_reported_as_a_statement():
    # "X noted that let the kiln be ..." breaks: quoted or left out instead.
    assert as_person("Let the kiln be a shared resource of the guild.", "Ann Lee",
                     "Ann Lee's") is None
    assert as_person("Suppose the kiln cracks during a firing.", "Ann Lee", "Ann Lee's") is None


def test_a_turned_sentence_without_a_stop_gets_one():
    posts = [make_post(1, None, "I rebuilt the kiln door with the new hinges last week\n",
                       affiliation="organization", organization="", name="Ann Lee")]
    report = build_report(make_forum(), posts, DigestSettings.from_dict({"attribution": "name"}))
    content = [x.text for x in all_lines(report) if x.kind == "content"]
    assert content == ["Ann Lee rebuilt the kiln door with the new hinges last week."]


def test_a_person_whose_every_sentence_points_back_is_quoted_not_dropped():
    posts = [make_post(1, None, "I have done this with the side vents of the kiln. They keep "
                       "the heat even across the shelves.", affiliation="organization",
                       organization="", name="Ann Lee")]
    report = build_report(make_forum(), posts, DigestSettings.from_dict({"attribution": "name"}))
    content = [x.text for x in all_lines(report) if x.kind == "content"]
    assert content == ['Ann Lee said: “I have done this with the side vents of the kiln.”']


def test_a_clause_whose_i_was_dropped_is_not_reported():
    # "Ann Lee noted that do not know if ..." breaks: quoted or left out.
    assert not understood("Do not know if the old kiln passes the inspection.")
    assert not understood("do i need to fire the kiln twice for this glaze")
    assert understood("Do not fire the kiln twice for this glaze.")  # advice: turned later
