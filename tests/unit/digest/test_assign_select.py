import numpy as np

from synthesis.settings import resolve_outline
from synthesis.stages.assign import assign
from synthesis.stages.rank import NEAR_DUPLICATE, Idf, similarity, textrank
from synthesis.stages.segment import segment
from synthesis.stages.select import corpus_idf, drop_near_duplicates, select
from synthesis.text import terms
from synthesis.types import DigestSettings

from .factories import make_forum, make_post

SETTINGS = DigestSettings.from_dict({
    "outline": [{"key": "exp", "title": "Experiences", "topics": ["t1"], "subsections": [
        {"key": "status", "title": "Status", "tags": ["status"],
         "description": "where biosafety stands in the strategy and plans"},
        {"key": "challenges", "title": "Challenges", "tags": ["challenges"],
         "description": "obstacles difficulties funding coordination problems"}]}],
    "conclusions": {"tags": ["general"], "description": "general observations"},
})
OUTLINE = resolve_outline(SETTINGS, make_forum())


def places(posts):
    placed = assign(segment(posts, "en"), OUTLINE, "en")
    return [(p.sentence.post_id, p.sentence.index, p.section, p.subsection) for p in placed]


def test_a_sentence_goes_to_the_best_matching_of_its_post_s_tags():
    post = make_post(1, "KE", "Our NBSAP includes biosafety in the national strategy and plans. "
                              "Our main obstacles are poor coordination and missing funding.",
                     tags=("status", "challenges"))
    assert places([post]) == [(1, 0, "exp", "status"), (1, 1, "exp", "challenges")]


def test_untagged_posts_go_to_the_first_subsection():
    post = make_post(1, "KE", "Our NBSAP includes biosafety and the revision keeps it.")
    assert places([post]) == [(1, 0, "exp", "status")]


def test_general_remarks_go_to_conclusions_but_a_country_s_story_stays_home():
    general = make_post(1, "KE", "Awareness raising is essential for every regulator everywhere.",
                        tags=("general",))
    national = make_post(2, "UG", "Our awareness programme reaches every district now.",
                         tags=("general",))
    assert places([general, national]) == [(1, 0, "conclusions", None), (2, 0, "exp", "status")]


def test_a_topic_without_a_section_is_left_out():
    assert places([make_post(1, "KE", "Our NBSAP includes biosafety already.", topic="t9")]) == []


def test_textrank_prefers_the_sentence_the_others_echo():
    docs = [["law", "budget", "biosafety"], ["law", "budget"], ["budget", "biosafety"],
            ["weather"]]
    scores = textrank(similarity(Idf(docs).matrix(docs)))
    assert int(np.argmax(scores)) == 0 and abs(scores.mean() - 1) < 1e-9


def test_a_country_saying_the_same_twice_is_kept_once():
    posts = [make_post(1, "KE", "Our biosafety law secured a budget line for the regulator."),
             make_post(2, "KE", "Our biosafety law secured a budget line for the regulator "
                                "in 2010."),
             make_post(3, "KE", "Our farmers ask for more public information on crops.")]
    sentences = segment(posts, "en")
    idf = corpus_idf([s.text for s in sentences], "en")
    ranked = drop_near_duplicates(select(assign(sentences, OUTLINE, "en"), OUTLINE, SETTINGS,
                                         idf, "en"), idf, "en")
    kept = [r.placed.sentence.post_id for r in ranked]
    assert kept == [2, 3]  # of the two tellings, the one that adds a fact (the year) is kept
    vectors = idf.matrix([terms(r.placed.sentence.text, "en") for r in ranked])
    sim = similarity(vectors)
    assert all(sim[i, j] < NEAR_DUPLICATE for i in range(len(kept)) for j in range(i))
