"""Wording and grouping of the report on made-up forums (not the seed): who acts in a country
paragraph, verbs that agree, list labels, capitals kept, and one claim told in other words."""

import re

import pytest

from synthesis import build_report, first_person
from synthesis.stages.chatter import substance
from synthesis.stages.claims import relations, same_claim
from synthesis.stages.discourse import lower_first
from synthesis.stages.number import all_lines
from synthesis.stages.person import country_persona, rewrite
from synthesis.text import Lexicon
from synthesis.types import DigestSettings

from .factories import make_forum, make_post

DEFAULT = DigestSettings.from_dict({})


def content(report):
    return [x for x in all_lines(report) if x.kind == "content"]


def lines_of(report, post_id):
    return [x.text for x in content(report) if x.sources == (post_id,)]


# (what a participant from Ghana wrote, how the report opens Ghana's paragraph with it)
OPENINGS = [
    ("In Ghana we are making sure the revised text is clear that assessing LMOs is part of what "
     "Ghana committed to under the Protocol.",
     "Ghana is making sure the revised text is clear that assessing LMOs is part of what Ghana "
     "committed to under the Protocol."),
    ("For a small economy like ours, investors in seed production look for a predictable "
     "regulatory framework.",
     "For a small economy like Ghana, investors in seed production look for a predictable "
     "regulatory framework."),
    ("Our senior officials have very little time, and a clear summary with facts will help us "
     "explain why the topic matters.",
     "Ghana's senior officials have very little time, and a clear summary with facts will help "
     "the country explain why the topic matters."),
    ("For each target we have adopted, we can ask which activities contribute to it.",
     "For each target Ghana has adopted, it can ask which activities contribute to it."),
    ("The main barrier has been that we still have no national law on seed imports.",
     "The main barrier has been that Ghana still has no national law on seed imports."),
    ("In our country, the importance of the topic is recognized in several policy documents.",
     "In Ghana, the importance of the topic is recognized in several policy documents."),
    # "Our X ..." with no one acting keeps the note's form rather than "Ghana's X ...".
    ("Our first development strategy was prepared long ago and it did not address climate risk.",
     "In Ghana, the first development strategy was prepared long ago and it did not address "
     "climate risk."),
]


@pytest.mark.parametrize(("written", "reported"), OPENINGS)
def test_a_country_paragraph_names_who_acts_instead_of_in_x_the_country(written, reported):
    report = build_report(make_forum(), [make_post(1, "GH", written)], DEFAULT)
    assert lines_of(report, 1) == [reported]
    assert not re.match(r"In Ghana, .*\bthe country\b", lines_of(report, 1)[0])


def test_no_opening_says_in_x_then_the_country():
    posts = [make_post(n, code, text) for n, (code, text) in enumerate([
        ("FJ", "Here in Fiji we review the evidence every year and ask what measures work."),
        ("NP", "For us the main difficulty is that we have too few trained inspectors at the "
               "border posts."),
        ("PE", "In Peru the money that came for the project did not cover what we needed, and "
               "we had to look for support elsewhere."),
        ("PH", "A strategy would let us plan the messages and match them to the planning "
               "cycle of the ministries."),
    ], start=1)]
    report = build_report(make_forum(), posts, DEFAULT)
    texts = [x.text for x in content(report)]
    assert texts and not any(re.search(r"^In [A-Z][\w ]+, [^.]*\bthe country\b", t)
                             for t in texts), texts
    assert any(t.startswith("Fiji reviews the evidence every year and asks") for t in texts)
    assert any("the Philippines plan" in t or "The Philippines" in t for t in texts)


@pytest.mark.parametrize(("written", "reported"), [
    ("If we identify the planning officers in each ministry and agency and talk with them "
     "early, they will tell us where to start.",
     "If the country identifies the planning officers in each ministry and agency and talks "
     "with them early, they will tell it where to start."),
    ("We train inspectors and work with customs at the border.",
     "The country trains inspectors and works with customs at the border."),
    ("We look again at the evidence and ask what works for us.",
     "The country looks again at the evidence and asks what works for it."),
    ("We share information so that we adopt, and live up to, the highest standards.",
     "The country shares information so that it adopts, and lives up to, the highest "
     "standards."),
    ("We need money and support from donors.", "The country needs money and support from "
                                                "donors."),
    ("We should plan deliberately for the political side.",
     "The country should plan deliberately for the political side."),
    ("We train people and others talk to them.", "The country trains people and others talk "
                                                 "to them."),
])
def test_coordinated_verbs_agree_with_the_new_subject(written, reported):
    assert rewrite(written, country_persona("KE", "en"), "en", "KE") == reported


def test_a_possessive_name_is_followed_by_the_country_not_an_ambiguous_it():
    persona = country_persona("NG", "en", lead=True)
    assert rewrite("Our bill is still before the Assembly, so we have no budget line.",
                   persona, "en", "NG") == \
        "Nigeria's bill is still before the Assembly, so the country has no budget line."
    assert rewrite("Our priorities are set by the Cabinet.", country_persona(
        "PH", "en", lead=True), "en", "PH") == "The Philippines' priorities are set by the " \
                                               "Cabinet."
    assert rewrite("Our law came first.", country_persona("BY", "en", lead=True), "en",
                   "BY") == "Belarus's law came first."


def test_a_label_announcing_a_list_of_fragments_becomes_a_sentence():
    assert substance("Possible measures: a register of permits; a line in the budget; joint "
                     "reports by both focal points.", "en") == (
        "Possible measures include a register of permits; a line in the budget; joint reports "
        "by both focal points.")
    assert substance("One more benefit: when farmers see the plan, they trust the regulator "
                     "more.", "en") == "when farmers see the plan, they trust the regulator more."


def test_lowering_the_first_letter_keeps_country_names_and_acronyms():
    lexicon = Lexicon(["Ghana has a law. Funding is scarce. GMOs are regulated.",
                       "The funding comes late."])
    assert lower_first("Ghana has trained inspectors.", lexicon) == "Ghana has trained " \
                                                                   "inspectors."
    assert lower_first("GMOs are regulated by law.", lexicon) == "GMOs are regulated by law."
    assert lower_first("NBSAP targets need indicators.", lexicon) == "NBSAP targets need " \
                                                                     "indicators."
    assert lower_first("Funding is scarce.", lexicon) == "funding is scarce."
    assert lower_first("The Republic of Moldova has a law.", lexicon) == \
        "the Republic of Moldova has a law."


@pytest.mark.parametrize(("text", "says"), [
    ("Climate risk is part of our current development strategy.", True),
    ("We adopted our second development strategy in 2012, and climate risk is clearly in it.",
     True),
    ("When we prepared our first development strategy, climate risk was already there.", True),
    ("Climate risk has been written into our draft development strategy (2014-2020).", True),
    ("We put climate risk into our development strategy from the start.", True),
    ("Climate risk is not yet in our development strategy.", False),
    ("Climate risk was missing from our development strategy.", False),
    ("If climate risk were part of our development strategy, money would follow.", False),
    ("Climate risk should be in our development strategy.", False),
    ("Climate risk will be in our next development strategy.", False),
    ("Climate risk is part of our development plan.", False),  # another document
    ("Gender is part of our development strategy.", False),  # another thing
])
def test_a_claim_of_inclusion_is_recognized_in_other_words_and_only_when_affirmed(text, says):
    center = "Ghana has climate risk in its development strategy, and we keep it there."
    assert relations(center, "en") == {("risk", "strategy")}
    assert same_claim(center, text, "en") is says


SAME_CLAIM = [
    make_post(1, "GH", "Ghana has integrated climate risk into its first development strategy, "
                       "and the revised strategy keeps it."),
    make_post(2, "NP", "In Nepal we put climate risk into our development strategy, and the "
                       "revision kept it too."),
    make_post(3, "PE", "We integrated climate risk into our development strategy from the start "
                       "and we are keeping it in the revision."),
    make_post(4, "FJ", "Climate risk is part of our current development strategy, and the "
                       "coastal councils helped to write that chapter."),
    make_post(5, "JO", "We adopted our second development strategy in 2012, and climate risk is "
                       "clearly in it, with targets for water use."),
    make_post(6, "CL", "Climate risk is not yet in our development strategy, although the "
                       "drafting team has started a chapter on it."),
    make_post(7, "MN", "If climate risk were part of our development strategy, the ministries "
                       "would budget for it every year."),
    make_post(8, "WS", "Climate risk should be in our development strategy, and we are pushing "
                       "the planning office for that."),
    make_post(9, "BT", "Climate risk is part of our national land-use plan, which the districts "
                       "apply when they grant permits."),
]


def test_countries_that_make_the_same_claim_in_other_words_join_the_summary():
    forum = make_forum(topics=(("t1", "Integrating climate risk into development plans"),))
    report = build_report(forum, SAME_CLAIM, DEFAULT)
    summaries = [x for x in content(report) if x.text.startswith("A number of countries")]
    assert len(summaries) == 1
    summary = summaries[0]
    assert "including Fiji, Ghana, Jordan, Nepal and Peru," in summary.text
    for absent in ("Chile", "Mongolia", "Samoa", "Bhutan"):
        assert absent not in summary.text
    # Every country named has its own sentence among the sources.
    assert summary.sources == (1, 2, 3, 4, 5)
    # Those who said it in other words keep their sentence, which says more, in a paragraph.
    assert any("coastal councils" in x.text for x in content(report))
    assert any("targets for water use" in x.text for x in content(report))
    for line in content(report):
        assert line.sources and first_person(line.text) == [], line.text


def test_a_general_remark_naming_an_acronym_only_its_country_uses_stays_with_the_country():
    posts = [
        make_post(1, "MX", "Our national commission, CONAFOR, coordinates the ministries on "
                           "forest permits and meets every month."),
        make_post(2, "MX", "If each ministry in CONAFOR has people trained in the basics, the "
                           "focal point does not have to carry everything alone."),
        make_post(3, "KE", "Clear institutional frameworks are what make sure the topic is "
                           "considered in the projects that implement the strategy."),
        make_post(4, "UG", "Training for senior officials should be short and practical, and it "
                           "should be repeated whenever the officials change."),
        make_post(5, "GH", "Public hearings in the districts help people see that decisions are "
                           "not taken in secret by the ministry."),
    ]
    report = build_report(make_forum(), posts, DigestSettings.from_dict({"conclusions": False}))
    mexico = [p for s in report.sections for p in s.paragraphs
              if p.lines and p.lines[0].sources == (1,)]
    assert [line.sources for line in mexico[0].lines] == [(1,), (2,)]
    assert mexico[0].lines[1].text.startswith("If each ministry in CONAFOR")
    listed = [line for s in report.sections for p in s.paragraphs for item in p.items
              for line in item.lines]
    assert len(listed) == 3 and not any(2 in line.sources for line in listed)


def test_a_country_whose_claim_was_not_selected_is_still_named_with_that_source():
    from synthesis.settings import resolve_outline
    from synthesis.stages.assign import assign
    from synthesis.stages.cluster import find_clusters
    from synthesis.stages.rank import Idf
    from synthesis.stages.segment import segment, source_posts
    from synthesis.stages.select import select
    from synthesis.text import terms

    forum = make_forum(topics=(("t1", "Integrating climate risk into development plans"),))
    posts = [*SAME_CLAIM[:3], make_post(10, "UY", "Climate risk has been part of our development "
                                                  "strategy since 2005, and every revision kept "
                                                  "it.")]
    sentences = segment(source_posts(posts, moderator_names=[]), "en")
    docs = {(s.post_id, s.index): terms(s.text, "en") for s in sentences}
    idf = Idf(list(docs.values()))
    outline = resolve_outline(DEFAULT, forum)
    placed = assign(sentences, outline, "en", docs)
    ranked = select(placed, outline, DEFAULT, idf, "en", docs)
    # Selection left Uruguay's sentence out (as when a country says more than it may keep).
    kept = [r for r in ranked if r.placed.sentence.country != "UY"]
    without = find_clusters(kept, idf, "en", 3)
    assert [c.text.count("Uruguay") for c in without] == [0]
    named = find_clusters(kept, idf, "en", 3, placed)
    assert len(named) == 1 and "Ghana, Nepal, Peru and Uruguay" in named[0].text
    assert named[0].sources == (1, 2, 3, 10)
