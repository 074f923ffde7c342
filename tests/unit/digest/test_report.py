import random
import re

from synthesis import build_report, first_person, render_html, render_markdown
from synthesis.stages.number import all_lines
from synthesis.stages.rank import NEAR_DUPLICATE, Idf, similarity
from synthesis.text import terms
from synthesis.types import DigestSettings, Figures

from .factories import make_forum, make_post

SAME = [
    make_post(1, "KE", "Dear colleagues, greetings from Nairobi.\n\nKenya has integrated biosafety "
                       "into its first NBSAP, and the revised NBSAP keeps it."),
    make_post(2, "UG", "In Uganda we put biosafety into our NBSAP, and the revision kept it too."),
    make_post(3, "GY", "We integrated biosafety into our NBSAP from the start and we are keeping "
                       "it in the revision."),
    make_post(4, "NG", "Our biosafety bill is still before the National Assembly, so we have no "
                       "budget line for the regulator."),
    make_post(5, None, "Public awareness is essential for the acceptance of any biosafety "
                       "system.", organization="Biosafety Education Network"),
]
DEFAULT = DigestSettings.from_dict({})


def content(report):
    return [x for x in all_lines(report) if x.kind == "content"]


def test_three_countries_saying_the_same_thing_become_one_sentence():
    report = build_report(make_forum(), SAME, DEFAULT)
    summaries = [x for x in content(report) if x.text.startswith("A number of countries")]
    assert len(summaries) == 1
    summary = summaries[0]
    assert "including Guyana, Kenya and Uganda," in summary.text
    assert "Nigeria" not in summary.text
    assert summary.sources == (1, 2, 3)
    assert summary.text == ("A number of countries, including Guyana, Kenya and Uganda, have "
                            "integrated biosafety into their first NBSAP.")


def test_the_fourth_country_keeps_its_own_paragraph():
    report = build_report(make_forum(), SAME, DEFAULT)
    nigeria = [x for x in content(report) if x.sources == (4,)]
    assert [x.text for x in nigeria] == [
        "Nigeria's biosafety bill is still before the National Assembly, so the country has no "
        "budget line for the regulator."]


def test_an_organization_is_attributed_as_an_organization():
    report = build_report(make_forum(), SAME, DEFAULT)
    assert [x.text for x in content(report) if x.sources == (5,)] == [
        "The Biosafety Education Network noted that public awareness is essential for the "
        "acceptance of any biosafety system."]


def test_hiding_a_post_removes_what_came_only_from_it():
    full = build_report(make_forum(), SAME, DEFAULT)
    hidden = build_report(make_forum(), [p for p in SAME if p.id != 4], DEFAULT)
    assert any(4 in x.sources for x in content(full))
    assert not any(4 in x.sources for x in content(hidden))
    assert "National Assembly" not in render_markdown(hidden)
    without_kenya = build_report(make_forum(), [p for p in SAME if p.id != 1], DEFAULT)
    assert not any(1 in x.sources for x in content(without_kenya))
    assert "A number of countries" not in render_markdown(without_kenya)


def test_every_content_sentence_has_provenance_and_no_first_person():
    report = build_report(make_forum(), SAME, DEFAULT)
    for line in content(report):
        assert line.sources and list(line.sources) == sorted(set(line.sources))
        assert first_person(line.text) == [], line.text


def test_no_sentence_twice_and_no_near_duplicates():
    posts = SAME + [make_post(6, "KE", "Kenya has integrated biosafety into its first NBSAP, "
                                       "and the revised NBSAP keeps it."),
                    make_post(7, "MU", "Our biosafety bill is still before the National "
                                       "Assembly, so we have no budget line for the regulator.")]
    report = build_report(make_forum(), posts, DEFAULT)
    texts = [x.text for x in content(report)]
    assert len(texts) == len(set(texts))
    docs = [terms(t, "en") for t in texts]
    sim = similarity(Idf(docs).matrix(docs))
    assert all(sim[i, j] < NEAR_DUPLICATE for i in range(len(texts)) for j in range(i))


def test_the_introduction_tells_how_the_forum_ran():
    report = build_report(make_forum(), SAME, DigestSettings.from_dict(
        {"mandate": "The meeting requested this note.^[Decision BS-VI/1.]"}))
    intro = [" ".join(x.text for x in p.lines) for p in report.introduction]
    assert intro[0] == "The meeting requested this note."
    assert intro[1] == ("The Online Forum on Biosafety was held online from 26 May to 13 June "
                        "2014, moderated by Ana Pop (the Republic of Moldova). A total of 6 "
                        "participants took part: 5 from 4 Parties and 1 from organizations, "
                        "posting 10 messages.")
    assert intro[2].startswith("Section I addresses national experiences")
    assert [n.text for n in report.footnotes] == [
        "Decision BS-VI/1.", "The postings of the forum are available at "
        "https://forum.example.org/f/test."]


def test_paragraphs_are_numbered_straight_through():
    report = build_report(make_forum(), SAME, DEFAULT)
    numbers = [p.number for p in report.introduction]
    for section in report.sections:
        numbers += [p.number for p in section.paragraphs]
        for sub in section.subsections:
            numbers += [p.number for p in sub.paragraphs]
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_word_budget_is_respected_and_cuts_the_least_central_first():
    posts = SAME + [make_post(10 + i, code, body) for i, (code, body) in enumerate([
        ("MX", "Our biosafety law gives several ministries clear duties and a yearly budget."),
        ("MX", "We publish every decision of the commission on the national register."),
        ("IN", "Our rules of 1989 created the committees that approve field trials."),
        ("IN", "We fund the committees from the annual budget of the ministry."),
        ("ZA", "Our biodiversity allocation under the GEF has no share set aside for biosafety."),
    ])]
    full = build_report(make_forum(), posts, DEFAULT)
    # The budget counts the content (sentences from posts); the frame is counted apart.
    body = sum(len(re.findall(r"\w+", x.text)) for x in all_lines(full) if x.kind == "content")
    budget = body - 25
    cut = build_report(make_forum(), posts, DigestSettings.from_dict({"word_budget": budget}))
    assert sum(len(re.findall(r"[\w’'-]+", x.text)) for x in all_lines(cut)
               if x.kind == "content") <= budget
    assert [p.lines for p in cut.introduction][:1] == [p.lines for p in full.introduction][:1]
    tiny = build_report(make_forum(), posts, DigestSettings.from_dict({"word_budget": 5}))
    assert tiny.introduction[0].lines == full.introduction[0].lines and not content(tiny)


def test_same_input_same_bytes_even_shuffled():
    first = build_report(make_forum(), SAME, DEFAULT)
    shuffled = list(SAME)
    random.Random(7).shuffle(shuffled)
    second = build_report(make_forum(), shuffled, DEFAULT)
    assert render_markdown(first) == render_markdown(second)
    assert render_html(first, "/posts/{id}") == render_html(second, "/posts/{id}")


def test_a_chinese_forum_gives_a_chinese_report():
    posts = [
        make_post(1, "CN", "各位同事，大家好。我国已将生物安全纳入国家生物多样性战略和行动计划。"
                           "我们还建立了国家生物安全委员会。"),
        make_post(2, "VN", "我们已经把生物安全纳入国家生物多样性战略和行动计划的修订版。谢谢。"),
        make_post(3, "TH", "我国已将生物安全问题纳入国家生物多样性战略和行动计划。"
                           "我们的预算仍然不足。"),
        make_post(4, "KH", "我们的主要挑战是各部门之间缺乏协调。"),
        make_post(5, None, "公众意识对于生物安全至关重要。", organization="生物安全教育网络"),
    ]
    forum = make_forum(language="zh", topics=(("t1", "纳入生物安全的经验"),),
                       moderators=(("王明", "CN"),))
    report = build_report(forum, posts, DEFAULT)
    md = render_markdown(report)
    assert report.note_by == "执行秘书的说明" and "**草稿**" in md
    assert "包括中国、泰国和越南在内的一些国家已将生物安全纳入国家生物多样性战略和行动计划。" in md
    assert "在柬埔寨，主要挑战是各部门之间缺乏协调。" in md
    assert "由王明（中国）主持" in md and "2014年5月26日至6月13日" in md
    assert "## 一. 纳入生物安全的经验" in md
    assert all(first_person(x.text, "zh") == [] for x in content(report))


def test_an_all_organizations_forum_in_country_mode_names_bodies_and_people():
    posts = [
        make_post(1, None, "We train journalists to report on biosafety accurately.",
                  organization="Science Media Centre"),
        make_post(2, None, "Public debates work best when a neutral moderator leads them.",
                  organization="Civic Forum", affiliation="organization"),
        make_post(3, None, "Surveys should be repeated so that change can be measured.",
                  organization="", affiliation="organization"),
    ]
    forum = make_forum(moderators=(("Kim Lee", None),), figures=Figures(
        messages=3, participants=3, organization_participants=3))
    # Without a country among the authors, the default would credit people by name
    # (docs/digest.md, "Attribution"); the Secretariat asked for bodies here.
    report = build_report(forum, posts, DigestSettings.from_dict({"attribution": "country"}))
    texts = [x.text for x in content(report)]
    assert texts == [
        "The Civic Forum noted that public debates work best when a neutral moderator leads "
        "them.",
        "The Science Media Centre noted that it trains journalists to report on biosafety "
        "accurately.",
        # No organization to name it by: the person, by name, never "One organization".
        "Person 3 noted that surveys should be repeated so that change can be measured."]
    intro = " ".join(x.text for p in report.introduction for x in p.lines)
    assert "moderated by Kim Lee." in intro and "3 from organizations" in intro
