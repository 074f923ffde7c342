"""The whole pure pipeline on the seeded 2014 forum (no database: archives straight from YAML)."""

import pytest

from synthesis import build_report, first_person, render_html, render_markdown
from synthesis.stages.number import all_lines
from synthesis.types import DigestSettings

from .seedforum import seed_forum

OUTLINE = {
    "outline": [
        {"key": "experiences", "title": "Lessons learned from national experiences",
         "topics": ["t1", "t2", "t3"], "subsections": [
             {"key": "status", "title": "Status of integration", "tags": ["status"],
              "description": "where biosafety stands in the NBSAP and development plans"},
             {"key": "challenges", "title": "Main challenges", "tags": ["challenges"],
              "description": "obstacles and difficulties"},
             {"key": "benefits", "title": "Potential benefits", "tags": ["benefits"]},
             {"key": "tools", "title": "Tools, strategies and approaches", "tags": ["tools"]},
             {"key": "capacity", "title": "Measures to strengthen capacities",
              "tags": ["capacity"]}]},
        {"key": "resources", "title": "Mobilization of additional resources", "topics": ["t4"]},
    ],
    "conclusions": {"tags": ["general"], "description": "general observations"},
}


@pytest.fixture(scope="module")
def seed():
    return seed_forum()


@pytest.mark.parametrize("settings", [{}, OUTLINE], ids=["default outline", "tagged outline"])
def test_the_seed_forum_gives_a_clean_report(seed, settings, capsys):
    forum, posts = seed
    # How fast is measured in bench/ (digest_bench), never asserted here.
    report = build_report(forum, posts, DigestSettings.from_dict(settings))
    markdown = render_markdown(report)
    render_html(report, "/posts/{id}")
    assert capsys.readouterr() == ("", "")
    content = [x for x in all_lines(report) if x.kind == "content"]
    assert len(content) > 50
    ids = {p.id for p in posts}
    for line in content:
        assert line.sources and set(line.sources) <= ids
        assert first_person(line.text) == [], line.text
    assert "A total of 28 participants took part: 25 from 21 Parties and 3 from organizations, " \
           "posting 151 messages." in markdown
    assert "moderated by Malta Qwathekana (South Africa) and Daniel Lewis (Grenada)" in markdown
    assert "from 26 May to 13 June 2014" in markdown
    texts = [x.text for x in content]
    assert len(texts) == len(set(texts))


def test_the_tagged_outline_summarizes_countries_and_fills_every_subsection(seed):
    forum, posts = seed
    report = build_report(forum, posts, DigestSettings.from_dict(OUTLINE))
    assert [s.key for s in report.sections] == ["experiences", "resources", "conclusions"]
    assert [s.key for s in report.sections[0].subsections] == [
        "status", "challenges", "benefits", "tools", "capacity"]
    markdown = render_markdown(report)
    assert "A number of countries, including " in markdown
    assert "In the Republic of Moldova" in markdown or "The Republic of Moldova" in markdown
    assert "Participants noted, among other things, that:" in markdown


def test_moderators_replies_are_not_sources(seed):
    forum, posts = seed
    report = build_report(forum, posts, DigestSettings.from_dict({}))
    moderators = {p.id for p in posts if p.moderator}
    assert not any(set(x.sources) & moderators for x in all_lines(report))
