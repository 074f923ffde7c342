"""Tags suggested from subsections' descriptions, on a made-up forum (not the seed)."""

from synthesis.stages.suggest import suggest_tags
from synthesis.types import DigestSettings

from .factories import make_forum, make_post

SETTINGS = DigestSettings.from_dict({"outline": [
    {"key": "water", "title": "Water planning", "topics": ["t1"], "subsections": [
        {"key": "obstacles", "title": "Obstacles", "tags": ["obstacles"],
         "description": "shortage of funding, staff turnover, weak coordination between "
                        "ministries"},
        {"key": "gains", "title": "Gains", "tags": ["gains", "benefits"],
         "description": "visibility of water issues, investment, cooperation with donors"}]},
]})
FORUM = make_forum(topics=(("t1", "Integrating water into development plans"),))


def test_an_untagged_reply_is_suggested_the_subsection_it_shares_most_words_with():
    posts = [
        make_post(1, "GH", "Our main problem is the shortage of funding, and staff turnover "
                           "in the ministries makes coordination weak."),
        make_post(2, "NP", "Donors noticed us: investment and cooperation grew once water "
                           "was visible in the plan."),
        make_post(3, "PE", "Funding shortage and weak coordination hurt us too.",
                  tags=("obstacles",)),  # placed by a moderator already
        make_post(4, "FJ", "Thank you for the excellent summary."),  # shares nothing
        make_post(5, None, "Funding shortage and staff turnover everywhere.", kind="summary"),
    ]
    found = suggest_tags(FORUM, posts, SETTINGS)
    assert [(s.post_id, s.tag) for s in found] == [(1, "obstacles"), (2, "benefits")]
    assert found[0].place == "I.A: Obstacles" and found[1].place == "I.B: Gains"
    assert found[0].shared == ("coordinat", "fund", "ministry", "shortag", "staff", "turnover",
                               "weak")
    assert found[0].excerpt.startswith("Our main problem")


def test_no_suggestions_without_lettered_subsections_keyed_to_tags():
    plain = DigestSettings.from_dict({})
    posts = [make_post(1, "GH", "Our main problem is the shortage of funding and staff.")]
    assert suggest_tags(FORUM, posts, plain) == []
