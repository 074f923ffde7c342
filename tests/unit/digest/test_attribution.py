"""Who a report credits, on forums that are not treaty forums: a mailing list, a review
panel, a committee; and the default that keeps the seed's digests as they were."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from synthesis import build_report, first_person, render_markdown
from synthesis.settings import SettingsError
from synthesis.stages.attribution import resolve
from synthesis.stages.number import all_paragraphs
from synthesis.types import DigestSettings, SourcePost

from .factories import make_post
from .forums import agreeing_list, committee, mailing_list, review_panel
from .seedforum import seed_forum

# These tests are about the note's structure (one paragraph per person and place): the forums
# set the outline the default would give a treaty forum. Without an outline, a forum of
# people gets the general discussion's structure (tests/digest/test_discussion.py).
NOTE = {"outline": [{"key": "topic-t1", "title": "Release planning", "topics": ["t1"]}],
        "conclusions": {}}


def body(forum, posts, **settings) -> str:
    """The report's sections as Markdown (the introduction names no one)."""
    md = render_markdown(build_report(forum, posts, DigestSettings.from_dict(NOTE | settings)))
    return md.split("\n## I. ", 1)[1]


def paragraphs_naming(forum, posts, label: str, **settings) -> list[str]:
    """The paragraphs of the sections (not the introduction) that name `label`."""
    report = build_report(forum, posts, DigestSettings.from_dict(settings))
    texts = [" ".join(x.text for x in p.lines) for p in all_paragraphs(report)
             if p not in report.introduction]
    return [t for t in texts if label in t]


@pytest.mark.parametrize("slug", ["cbforum2014", "ppforum2014"])
def test_the_seed_forums_resolve_to_country(slug):
    _, posts = seed_forum(slug)
    assert resolve(DigestSettings.from_dict({}), [p for p in posts if p.kind == "reply"]) == \
        "country"


@pytest.mark.parametrize("make", [mailing_list, review_panel, committee])
def test_forums_of_people_resolve_to_name(make):
    _, posts = make()
    assert resolve(DigestSettings.from_dict({}), posts) == "name"


def test_the_setting_wins_over_the_default():
    _, posts = mailing_list()
    for mode in ("country", "name", "role"):
        assert resolve(DigestSettings.from_dict({"attribution": mode}), posts) == mode


def test_country_needs_most_authors_to_speak_for_a_country_or_a_body():
    delegates = [make_post(1, "KE", "x"), make_post(2, None, "x", organization="Seed Trust")]
    people = [make_post(n, None, "x", organization="") for n in range(3, 6)]
    settings = DigestSettings.from_dict({})
    assert resolve(settings, delegates + people[:1]) == "country"  # 2 of 3
    assert resolve(settings, delegates + people[:2]) == "name"  # 2 of 4 is not most
    # Bodies alone are not a treaty forum: without a country, people are named.
    bodies = [make_post(n, None, "x", organization=f"Body {n}") for n in range(1, 4)]
    assert resolve(settings, bodies) == "name"


@pytest.mark.parametrize(("value", "message"), [
    ("nation", "attribution: must be one of country, name, role"),
    (3, "attribution: must be one of country, name, role"),
    (["name"], "attribution: must be one of country, name, role"),
])
def test_a_bad_attribution_is_refused_naming_the_field(value, message):
    with pytest.raises(SettingsError) as error:
        DigestSettings.from_dict({"attribution": value})
    assert error.value.field == "attribution" and str(error.value) == message


def test_name_mode_credits_each_person_by_name():
    forum, posts = mailing_list()
    text = body(forum, posts)
    assert "Ann Smith noted that most tables render badly on narrow screens. Ann Smith has " \
           "tested them on four browsers. Ann Smith's patch keeps the header row fixed." in text
    assert "Bo Chen is rewriting the export module this month." in text
    assert "Dara Okafor has asked the translators for help." in text
    # What the rules do not understand is quoted, whole, and credited.
    assert "Ann Smith said: “It was my fault for not labelling the draft branch.”" in text
    assert "Bo Chen said: “We shouldn't ship the old exporter again.”" in text
    assert "Bo Chen said: “The us market wants the CSV format, and the US office agrees.”" in text
    # A general remark, taken for the conclusions, stays credited.
    assert "Dara Okafor noted that the release notes are late again." in text


def test_role_mode_names_no_one():
    forum, posts = review_panel()
    report = build_report(forum, posts, DigestSettings.from_dict(
        NOTE | {"attribution": "role", "include_moderators": True}))
    whole = render_markdown(report)
    for name in ("Rita", "Moreno", "Sam", "Patel", "Lee", "Wong"):
        assert name not in whole  # the introduction names no moderator either
    text = whole.split("\n## I. ", 1)[1]
    assert "One participant is not convinced the sample size is large enough." in text
    assert "The participant also checked the ethics approval." in text
    assert "One participant has read the proposal twice." in text
    assert "The moderator asked the applicants to clarify the timeline." in text


def test_a_committee_member_is_named_with_the_party_label_not_the_constituency():
    forum, posts = committee()
    text = body(forum, posts)
    assert "Jane Doe (Lib.) has visited three rural clinics since the spring." in text
    assert "Jane Doe (Lib.) said: “My constituents wait weeks for a test result.”" in text
    assert "Jane Doe (Lib.) supports a mobile laboratory for the valleys." in text
    assert "Omar Haddad (Lab.) is asking the minister to publish the waiting lists monthly." \
        in text
    assert "Northfield" not in text and "Eastbay" not in text


@pytest.mark.parametrize("make", [mailing_list, review_panel, committee])
@pytest.mark.parametrize("mode", [None, "country", "name", "role"])
def test_one_paragraph_per_person_and_never_one_organization(make, mode):
    forum, posts = make()
    settings = NOTE | {"include_moderators": True} | ({"attribution": mode} if mode else {})
    report = build_report(forum, posts, DigestSettings.from_dict(settings))
    text = render_markdown(report)
    assert "organization noted" not in text.replace("from organizations", "")
    assert not re.search(r"\b[Ii]ts\b", text.split("## I.", 1)[-1])
    if mode != "role":
        for name in sorted({p.author_name for p in posts}):
            for section in report.sections:  # one paragraph per person and place
                assert sum(name in " ".join(x.text for x in p.lines)
                           for p in section.paragraphs) <= 1, (name, section.key)
    for line in (x for p in all_paragraphs(report) for x in p.lines):
        # First person is left only inside a quotation.
        assert first_person(line.text) == [] or "said: “" in line.text


def test_country_mode_names_a_body_by_its_name_and_a_person_without_one_by_name():
    posts = [
        make_post(1, "KE", "We have trained customs officers at every border post since 2012."),
        make_post(2, None, "We publish a plain guide to seed rules every spring.",
                  organization="Seed Savers Trust"),
        replace(make_post(3, None, "Labels on seed packets are too small to read in the "
                          "market.", organization="", name="Ivo Marsh"), author_key="ivo"),
        replace(make_post(4, None, "Most traders at the weekly market never consult the "
                          "official seed register.",
                          organization="", name="Ivo Marsh"), author_key="ivo"),
    ]
    forum, _ = mailing_list()
    paragraphs = paragraphs_naming(forum, posts, "Ivo Marsh")
    assert paragraphs == ["Ivo Marsh noted that labels on seed packets are too small to read "
                          "in the market. Most traders at the weekly market never consult "
                          "the official seed register."]
    text = body(forum, posts)
    assert "The Seed Savers Trust noted that it publishes a plain guide" in text
    assert "Kenya has trained customs officers" in text
    assert "One organization" not in text


@pytest.mark.parametrize(("mode", "lead"), [
    ("name", "Ann Smith, Bo Chen and Dara Okafor considered that the nightly build should run "
             "the browser tests before anything is merged."),
    ("role", "Several participants (3) considered that the nightly build should run the "
             "browser tests before anything is merged."),
])
def test_several_people_making_one_point_are_credited_together(mode, lead):
    forum, posts = agreeing_list()
    report = build_report(forum, posts, DigestSettings.from_dict(NOTE | {"attribution": mode}))
    lines = [x for p in all_paragraphs(report) for x in p.lines]
    shared = next(x for x in lines if x.text == lead)
    assert shared.sources == (1, 2, 3)
    # Each of the three is told once, in the shared sentence, not again alone.
    assert sum("nightly build" in x.text for x in lines) == 1
    assert any(x.text.endswith("translators need the release strings two weeks before the "
                               "freeze.") for x in lines)


def test_the_same_forum_gives_the_same_bytes_whatever_the_order():
    forum, posts = mailing_list()
    first = body(forum, posts, attribution="role")
    assert body(forum, list(reversed(posts)), attribution="role") == first
    assert isinstance(posts[0], SourcePost)


@pytest.mark.parametrize("module", ["attribution", "people", "agree", "speech", "segment",
                                    "select", "compose", "pipeline", "person"])
def test_the_attribution_stages_read_no_database_and_need_no_flask(module):
    import ast
    from pathlib import Path

    import synthesis

    root = Path(synthesis.__file__).parent
    path = root / f"{module}.py" if module == "pipeline" else root / "stages" / f"{module}.py"
    source = path.read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not {m for m in imported if m.split(".")[0] in ("flask", "sqlalchemy", "flask_login")
                or m in ("forum.extensions", "forum.models")}
