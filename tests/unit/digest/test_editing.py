"""What a Secretariat editor fixes: asides and forum talk trimmed, third-person glitches,
sentences that point back, general truths told inside a country's story, dense paragraphs."""

import pytest

from synthesis import build_report
from synthesis.settings import resolve_outline
from synthesis.stages.assign import assign
from synthesis.stages.chatter import substance
from synthesis.stages.discourse import anaphoric, dangling, drop_connective, self_contained
from synthesis.stages.number import all_lines
from synthesis.stages.person import country_persona, rewrite, speaks_of_self
from synthesis.stages.segment import blocks, segment, segment_post
from synthesis.stages.verbs import advice
from synthesis.text import facts
from synthesis.types import DigestSettings

from .factories import make_forum, make_post

DEFAULT = DigestSettings.from_dict({})


def content(posts, settings=DEFAULT):
    report = build_report(make_forum(), posts, settings)
    return [x.text for x in all_lines(report) if x.kind == "content"]


def sentences(body, country="TZ"):
    return [(s.text, s.national)
            for s in segment_post(make_post(1, country, body, name="Asha Mrema"), "en")]


@pytest.mark.parametrize(("written", "kept"), [
    ("In our experience farmers trust the radio more than any leaflet we print.",
     "farmers trust the radio more than any leaflet we print."),
    ("A law is necessary, but in my experience it is not sufficient for a budget line.",
     "A law is necessary, but it is not sufficient for a budget line."),
    ("The old permit channels can carry the new rules too, as Dr. Banda said.",
     "The old permit channels can carry the new rules too."),
    ("Following Ms. Osei's point about radio, the district offices now announce every hearing.",
     "the district offices now announce every hearing."),
    ("We found that short radio spots reach more farmers than long broadcasts.",
     "short radio spots reach more farmers than long broadcasts."),
    ("What we learned is that the hearings must be held after the harvest season.",
     "the hearings must be held after the harvest season."),
    ("Going forward we will publish every permit decision on the national website.",
     "we will publish every permit decision on the national website."),
    ("A moderator summarizes the comments every few days - much like this forum.",
     "A moderator summarizes the comments every few days."),
    ("My answer for question 2 is that the committee publishes its minutes online.",
     "My answer is that the committee publishes its minutes online."),
])
def test_asides_and_hedges_are_trimmed(written, kept):
    assert substance(written, "en") == kept


@pytest.mark.parametrize("meta", [
    "This exchange has been very useful for our small team in the ministry.",
    "Many of the problems described in this forum come from weak coordination.",
    "As the discussion draws to a close, a few more words on the permits.",
])
def test_remarks_about_the_forum_itself_are_dropped(meta):
    assert substance(meta, "en") is None


def test_a_finding_stays_national_once_we_found_that_is_trimmed():
    assert sentences("We found that farmers trust the radio far more than any printed "
                     "leaflet or poster.") == [
        ("Farmers trust the radio far more than any printed leaflet or poster.", True)]


def test_a_general_truth_inside_a_national_paragraph_is_a_general_remark():
    assert sentences("We adopted our seed law in 2009 after long consultations. Vague "
                     "commitments never attract money from any finance ministry in the "
                     "world.") == [
        ("We adopted our seed law in 2009 after long consultations.", True),
        ("Vague commitments never attract money from any finance ministry in the world.",
         False)]


def test_short_or_pointing_sentences_stay_with_the_country_s_story():
    told = sentences("We adopted our seed law in 2009. It works well for the farmers. Such a "
                     "law would help every other ministry in the region as well.")
    assert [national for _, national in told] == [True, True, True]


def test_a_story_in_the_past_about_named_bodies_is_national_without_we():
    assert sentences("The technical staff prepared the ground for months in the meetings of "
                     "the National Advisory Board.") == [
        ("The technical staff prepared the ground for months in the meetings of the National "
         "Advisory Board.", True)]


def test_speaking_for_everyone_is_not_national():
    assert not speaks_of_self("Many of us have revised our countries' plans.", "en", "TZ")
    assert not speaks_of_self("Our governments have used many tools.", "en", "TZ")
    assert speaks_of_self("Our government has used many tools.", "en", "TZ")
    assert rewrite("Our governments have used many tools.", country_persona("TZ", "en"), "en",
                   "TZ") == "Governments have used many tools."


@pytest.mark.parametrize(("written", "reported"), [
    ("We review the evidence every year and ask what works for farmers.",
     "The country reviews the evidence every year and asks what works for farmers."),
    ("We train inspectors, and publish the results on the website.",
     "The country trains inspectors, and publishes the results on the website."),
    ("We will train inspectors and publish the results.",
     "The country will train inspectors and publish the results."),
    ("These are the farmers we most want to reach.",
     "These are the farmers the country most wants to reach."),
    ("We asked our Ministry of Finance for a budget line.",
     "The country asked the Ministry of Finance for a budget line."),
])
def test_third_person_agreement(written, reported):
    assert rewrite(written, country_persona("TZ", "en"), "en", "TZ") == reported


@pytest.mark.parametrize(("text", "points_back"), [
    ("Under these agreements, the staff were trained.", True),
    ("Without it, nothing moves in the ministry.", True),
    ("After that, the hearings became routine.", True),
    ("It is signed and attached to the file.", True),
    ("It is important to train the staff early.", False),
    ("Countries that have laws get budget lines.", False),
    ("Now that the law exists, money comes.", False),
])
def test_sentences_that_point_back(text, points_back):
    assert anaphoric(text) == points_back


def test_a_paragraph_cannot_open_on_what_it_cannot_name():
    assert dangling("The inspector named in those ministries runs the task force.")
    assert dangling("The main reasons are that they do not share the same vision.")
    assert not dangling("When ministries see a plan, they act on it.")
    assert dangling("If biosafety does not appear there, no donor will fund it.")
    assert dangling("Biosafety should follow the very same logic.")
    assert not dangling("When the plan was drafted, biosafety was already there: a theme.")
    assert not dangling("There is a need for trained inspectors at every port.")
    assert not self_contained("What has helped is to brief the presenter beforehand.")
    assert self_contained("Vague commitments never attract money from finance ministries.")


@pytest.mark.parametrize(("text", "plain"), [
    ("In other words, the law gives biosafety a line.", "The law gives biosafety a line."),
    ("As a result, the plan was funded.", "The plan was funded."),
    ("In this regard, the council meets monthly.", "The council meets monthly."),
])
def test_leading_connectives_go(text, plain):
    assert drop_connective(text) == plain


def test_advice_after_a_condition_is_put_in_the_report_s_voice():
    assert advice("When a policy is reviewed, ask for a seat in the drafting group.") == (
        "When a policy is reviewed, it is advisable to ask for a seat in the drafting group.")
    assert advice("When a policy is reviewed, results are slow.") == (
        "When a policy is reviewed, results are slow.")


def test_dashes_inside_a_paragraph_and_labelled_items():
    assert blocks("the wider public\n- farmers, consumers - is absent, and that\nmatters.\n\n"
                  "1. **Selection** - members are chosen by the groups themselves.") == [
        ("para", ["the wider public - farmers, consumers - is absent, and that matters."]),
        ("list", ["members are chosen by the groups themselves."])]


def test_facts_count_years_figures_acronyms_and_named_bodies():
    assert facts("The Seed Act of 2009 set up the NSB and 12 district offices.") == 4
    assert facts("Farmers listen to the radio.") == 0


def test_the_country_is_named_rather_than_the_country_and_not_twice():
    texts = content([make_post(1, "TZ", "We publish every permit on the national register "
                                        "for all to see. We also train inspectors at every "
                                        "border post. We have not yet held a hearing in "
                                        "Tanzania on any crop.")])
    assert texts == [
        "The United Republic of Tanzania publishes every permit on the national register for "
        "all to see.",
        "The United Republic of Tanzania also trains inspectors at every border post.",
        "The country has not yet held a hearing in Tanzania on any crop."]


def test_a_proposal_is_reported_as_proposed():
    assert content([make_post(1, "TZ", "My proposal is that the Secretariat compile the cases "
                                       "of all Parties in one guidance note.")]) == [
        "The United Republic of Tanzania proposed that the Secretariat compile the cases of "
        "all Parties in one guidance note."]


def test_a_country_keeps_its_most_central_sentences_a_few_per_message():
    post = make_post(1, "TZ", "We publish every permit decision on the national register. "
                              "We train customs inspectors at every border post each year. "
                              "We fund the detection laboratory from the national budget since "
                              "2011. Our staff answer farmers' questions by phone. We hold "
                              "public hearings in each district before any field trial. We "
                              "review the permit guidelines with the universities.")
    kept = content([post])
    assert len(kept) == 3
    assert any("2011" in text for text in kept)  # facts weigh
    assert len(content([post], DigestSettings.from_dict({"max_sentences": 2}))) == 2


def test_general_observations_come_before_the_countries():
    posts = [make_post(1, "TZ", "We publish every permit decision on the national register."),
             make_post(2, "KE", "Public hearings only work when they are announced on local "
                                "radio well ahead of the date.")]
    assert content(posts, DigestSettings.from_dict({"conclusions": False})) == [
        "Participants noted that public hearings only work when they are announced on local "
        "radio well ahead of the date.",
        "The United Republic of Tanzania publishes every permit decision on the national "
        "register."]


def test_a_sentence_pointing_at_a_cut_sentence_is_dropped():
    post = make_post(1, "TZ", "We publish every permit decision on the national register. Our "
                              "register is free. It is updated every week by two officers. "
                              "We fund the laboratory from the budget since 2011. We train "
                              "inspectors at each border post in 2012 and 2013.")
    kept = content([post])
    assert not any(text.startswith("It ") for text in kept)


OUTLINE = DigestSettings.from_dict({
    "outline": [{"key": "exp", "title": "Experiences", "topics": ["t1"], "subsections": [
        {"key": "status", "title": "Status of the seed law", "tags": ["status"]}]}],
    "conclusions": {"tags": ["general"]}})


def test_a_general_remark_tagged_for_the_conclusions_goes_there_unless_it_fits_its_place():
    posts = [make_post(1, "KE", "Awareness raising must reach every district before any "
                                "decision is taken.", tags=("status", "general")),
             make_post(2, "KE", "The status of the seed law decides whether hearings happen "
                                "at all.", tags=("status", "general"))]
    placed = assign(segment(posts, "en"), resolve_outline(OUTLINE, make_forum()), "en")
    assert [(p.sentence.post_id, p.section, p.subsection) for p in placed] == [
        (1, "conclusions", None), (2, "exp", "status")]


def test_max_sentences_is_a_setting():
    assert DigestSettings.from_dict({}).max_sentences == 6
    assert DigestSettings.from_dict({"max_sentences": 4}).max_sentences == 4


def test_the_budget_weighs_centrality_per_word():
    from synthesis.stages.compose import _per_word

    long = " ".join(["word"] * 40)
    assert _per_word(1.0, long, "en") < _per_word(0.6, "ten words " * 5, "en")


def test_a_pointer_after_an_opening_word_and_comma_points_back_too():
    assert anaphoric("Abroad, it shows partners that the plan is a priority.")
    assert not anaphoric("Once biosafety is integrated, the ministries line up.")


def test_a_lone_slight_remark_makes_no_country_paragraph():
    posts = [make_post(1, "TZ", "For us the hard part is political."),
             make_post(2, "KE", "For us the hard part came in 2012.")]
    texts = content(posts, DigestSettings.from_dict({"conclusions": False}))
    assert texts == ["In Kenya, the hard part came in 2012."]


def test_like_ours_names_the_country():
    assert content([make_post(1, "TZ", "We publish every permit on the national register. For "
                                       "a small island state like ours, one trained inspector "
                                       "at the port makes the whole difference.")])[1] == (
        "For a small island state like the United Republic of Tanzania, one trained inspector "
        "at the port makes the whole difference.")


def test_a_short_sentence_with_a_pronoun_subject_is_a_sentence():
    assert substance("We publish every permit on the register.", "en") == (
        "We publish every permit on the register.")
