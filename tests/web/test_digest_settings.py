"""The digest settings page (/digest/<slug>/settings): only the Secretariat edits a forum's
header, mandate, word budget and outline; a refused form keeps everything typed and saves
nothing; the seed forum's settings sent back unchanged give its golden digest byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from forum.archive.export import forum_for_export
from forum.archive.seed import load_seed
from forum.digest.generate import render, report_for
from forum.digest.settings_views import from_yaml, to_yaml
from forum.extensions import db
from forum.models import AuditEntry, Forum
from forum.moderation import actions as moderation
from tests.helpers import login, make_reply, make_user, setup_forum
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    fast_password_hashing,
    input_value,
    page,
    reload,
    snapshot,
    textarea,
    visible,
)

GOLDEN = Path(__file__).resolve().parent.parent / "digest" / "golden"
INPUTS = ("header_body", "header_meeting", "header_place_and_dates", "header_agenda_item",
          "header_symbol", "header_date", "header_title", "word_budget")


def form_values(html: str) -> dict[str, str]:
    """What a browser sends back from the settings form, untouched."""
    values = {name: input_value(html, name) or "" for name in INPUTS}
    values.update(mandate=textarea(html, "mandate"), outline=textarea(html, "outline"))
    return values


def staff_client(app):
    staff = make_user("secretariat", country=None, affiliation="organization")
    client = app.test_client()
    login(client, staff)
    return client, staff


def small_forum(app):
    """A forum with one topic and an approved reply, and a signed-in Secretariat client."""
    forum, moderator, participant, thread = setup_forum()
    moderation.approve_post(make_reply(thread, participant, "In our country the ministry "
                                       "consulted farmers on the biosafety law in 2013."),
                            acting_user=moderator, version=1)
    client, staff = staff_client(app)
    return forum, moderator, participant, client


def test_only_the_secretariat_may_open_or_save_the_settings(app):
    forum, moderator, participant, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    anonymous = app.test_client()
    for method in ("GET", "POST"):
        response = anonymous.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.location
    clients = [app.test_client(), app.test_client()]
    for client, user in zip(clients, (participant, moderator), strict=True):
        login(client, user)
    before = snapshot()
    for client in clients:
        assert client.get(url).status_code == 403
        assert client.post(url, data={"header_title": "Mine"}).status_code == 403
        assert "Digest settings" not in visible(client.get(f"/digest/{forum.slug}"))
    assert snapshot() == before
    response = staff.get(url)
    assert response.status_code == 200
    assert 'value="Save the settings"' in page(response)
    assert staff.get("/digest/no-such-forum/settings").status_code == 404
    assert f'href="{url}"' in page(staff.get(f"/digest/{forum.slug}"))


def test_the_form_needs_a_csrf_token(app):
    forum, _, _, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    values = form_values(page(staff.get(url)))
    app.config["WTF_CSRF_ENABLED"] = True
    before = snapshot()
    response = staff.post(url, data={**values, "header_title": "Changed"})
    assert response.status_code == 400 and "Please send again" in visible(response)
    assert snapshot() == before


def test_seed_settings_sent_back_unchanged_give_the_golden_digest(app):
    load_seed()
    forum = forum_for_export("cbforum2014")
    stored = dict(forum.digest_settings)
    client, staff = staff_client(app)
    html = page(client.get("/digest/cbforum2014/settings"))
    values = form_values(html)
    assert values["header_symbol"] == "UNEP/CBD/BS/COP-MOP/7/7"
    assert values["word_budget"] == "5500"
    assert values["outline"].startswith("outline:\n  - key: integration\n")
    # A browser sends textareas with CRLF line breaks.
    sent = {k: v.replace("\n", "\r\n") for k, v in values.items()}
    response = client.post("/digest/cbforum2014/settings", data=sent)
    assert response.status_code == 302
    assert response.location.endswith("/digest/cbforum2014")
    forum = reload(forum)
    assert forum.digest_settings == stored
    text = render(report_for(forum_for_export("cbforum2014")), "md")
    assert text == (GOLDEN / "cbforum2014.md").read_text(encoding="utf-8")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "digest.settings"))
    assert entry is not None and entry.actor_id == staff.id and entry.forum_id == forum.id
    assert entry.detail == {"changed": []}
    assert "The digest settings were saved" in visible(client.get(response.location))


def test_a_yaml_syntax_error_keeps_the_text_and_names_the_line(app):
    forum, _, _, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    values = form_values(page(staff.get(url)))
    broken = "outline:\n  - key: a\n    title: One\n  - key: [b\n    title: Two\n"
    before = snapshot()
    response = staff.post(url, data={**values, "outline": broken, "header_title": "Kept",
                                     "mandate": "Kept mandate."})
    assert response.status_code == 400
    html = page(response)
    assert textarea(html, "outline") == broken
    assert input_value(html, "header_title") == "Kept"
    assert textarea(html, "mandate") == "Kept mandate."
    assert "Nothing was saved" in visible(html)
    error = visible(html).split("Outline (YAML)")[1]
    assert "The YAML cannot be read at line 5, column 10:" in error
    assert 'aria-invalid="true"' in html
    assert snapshot() == before


def test_a_settings_error_shows_its_path_on_the_outline(app):
    forum, _, _, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    topic = forum.topics[0].key
    outline = (f"outline:\n  - key: one\n    topics: [{topic}]\n    subsections:\n"
               "      - key: sub\n        tags: status\n")
    before = snapshot()
    response = staff.post(url, data={"outline": outline, "header_symbol": "X/1"})
    assert response.status_code == 400
    html = page(response)
    assert ("outline[0].subsections[0].tags: must be a list of non-empty strings"
            in visible(html))
    assert textarea(html, "outline") == outline
    assert input_value(html, "header_symbol") == "X/1"
    # A topic the forum does not have, and a field the form shows apart, are refused too.
    response = staff.post(url, data={"outline": "outline:\n  - key: one\n    topics: [zz]\n"})
    assert response.status_code == 400
    assert "outline[0].topics: this forum has no topic 'zz'" in visible(response)
    response = staff.post(url, data={"outline": "mandate: Here.\n"})
    assert response.status_code == 400
    assert "set it in its own field above" in visible(response)
    response = staff.post(url, data={"outline": "outline:\n  - key: a\n    2: b\nfoo: 1\n"})
    assert response.status_code == 400
    assert "2: the name of a setting must be text" in visible(response)
    response = staff.post(url, data={"outline": "just words"})
    assert response.status_code == 400
    assert "Write the outline as \"outline:\" followed by a list" in visible(response)
    assert snapshot() == before


def test_a_word_budget_under_50_is_refused(app):
    forum, _, _, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    values = form_values(page(staff.get(url)))
    before = snapshot()
    response = staff.post(url, data={**values, "word_budget": "49"})
    assert response.status_code == 400
    assert "Number must be between 50 and 1000000" in visible(response)
    assert input_value(page(response), "word_budget") == "49"
    assert snapshot() == before
    assert staff.post(url, data={**values, "word_budget": "50"}).status_code == 302
    assert reload(forum).digest_settings["word_budget"] == 50
    assert staff.post(url, data={**values, "word_budget": ""}).status_code == 302
    assert "word_budget" not in reload(forum).digest_settings


def test_a_renamed_section_and_a_new_free_text_section_reach_the_draft(app):
    forum, _, _, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    values = form_values(page(staff.get(url)))
    topic = forum.topics[0]
    assert f"title: {topic.title}" in values["outline"]
    outline = values["outline"].replace(f"title: {topic.title}", "title: Renamed experiences")
    outline = outline.replace("  - key: conclusions\n", "  - key: outcome\n    kind: free\n"
                              "    title: Outcome of the meeting\n    free_text: |\n"
                              "      The meeting may wish to welcome the results.\n"
                              "  - key: conclusions\n")
    response = staff.post(url, data={**values, "outline": outline,
                                     "header_title": "A synthesis", "header_date": "2014-08-13"})
    assert response.status_code == 302
    draft = visible(staff.get(f"/digest/{forum.slug}"))
    assert "I. Renamed experiences" in draft
    assert "II. Outcome of the meeting" in draft
    assert "The meeting may wish to welcome the results." in draft
    assert "A synthesis" in draft and "13 August 2014" in draft
    stored = reload(forum).digest_settings
    assert stored["header"] == {"date": "2014-08-13", "title": "A synthesis"}
    assert [s["key"] for s in stored["outline"]] == [f"topic-{topic.key}", "outcome",
                                                     "conclusions"]


def test_unchanged_default_outline_stays_the_default_and_other_keys_are_kept(app):
    forum, _, _, staff = small_forum(app)
    forum = db.session.get(Forum, forum.id)
    forum.digest_settings = {"max_sentences": 4, "include_moderators": True,
                             "conclusions": {"title": "Observations"}}
    db.session.commit()
    url = f"/digest/{forum.slug}/settings"
    values = form_values(page(staff.get(url)))
    assert "max_sentences: 4\ninclude_moderators: true\n" in values["outline"]
    assert "title: Observations" in values["outline"]
    assert staff.post(url, data={**values, "mandate": "A mandate."}).status_code == 302
    # No outline is frozen: a topic added later still gets its section.
    assert reload(forum).digest_settings == {
        "mandate": "A mandate.", "max_sentences": 4, "include_moderators": True,
        "conclusions": {"title": "Observations"}}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "digest.settings"))
    assert entry.detail == {"changed": ["mandate"]}
    # Taking a key out of the YAML takes it out of the settings (its default applies).
    values = form_values(page(staff.get(url)))
    less = values["outline"].replace("max_sentences: 4\n", "")
    assert staff.post(url, data={**values, "outline": less}).status_code == 302
    assert "max_sentences" not in reload(forum).digest_settings


@pytest.mark.parametrize("outline", ["", "outline: []\n"])
def test_an_empty_outline_field_means_the_default_outline(app, outline):
    forum, _, _, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    assert staff.post(url, data={"outline": outline, "word_budget": "300"}).status_code == 302
    stored = reload(forum).digest_settings
    assert stored.get("word_budget") == 300 and not stored.get("outline")
    assert staff.get(f"/digest/{forum.slug}").status_code == 200


def test_the_yaml_field_reads_as_written_and_loads_back_the_same():
    data = {"outline": [{"key": "outcome", "kind": "free", "title": "Outcome",
                         "free_text": "First paragraph.\n\n- an item\n- another"},
                        {"key": "a", "topics": ["t1", "t2"], "subsections": [
                            {"key": "s", "tags": ["status"], "description": "x: y"}]}],
            "max_sentences": 4, "include_moderators": True}
    text = to_yaml(data)
    assert "    free_text: |-\n      First paragraph.\n\n      - an item\n" in text
    assert "    topics: [t1, t2]\n" in text and "  - key: outcome\n" in text
    assert from_yaml(text) == data
    assert from_yaml(text.replace("\n", "\r\n")) == data
    assert from_yaml("- key: a\n") == {"outline": [{"key": "a"}]}
    assert from_yaml("  \n") == {} and to_yaml({}) == ""


def test_the_participation_annex_is_a_checkbox_off_by_default(app):
    forum, _, _, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    html = page(staff.get(url))
    assert 'name="annex_charts"' in html and "checked" not in html.split(
        'name="annex_charts"')[1].split(">")[0]
    values = form_values(html)
    assert staff.post(url, data=values).status_code == 302  # unticked: nothing stored
    assert "annex_charts" not in (reload(forum).digest_settings or {})
    assert staff.post(url, data={**values, "annex_charts": "y"}).status_code == 302
    assert reload(forum).digest_settings["annex_charts"] is True
    assert "annex_charts" not in values["outline"]  # its own field, not in the YAML
    again = page(staff.get(url))
    assert "checked" in again.split('name="annex_charts"')[1].split(">")[0] or \
        "checked" in again.split('name="annex_charts"')[0].rsplit("<input", 1)[1]
    draft = staff.get(f"/digest/{forum.slug}").get_data(as_text=True)
    assert 'id="annex"' in draft and 'src="data:image/svg+xml;base64,' in draft
    # Taken out again: the report is the same as before it was ever ticked.
    assert staff.post(url, data=values).status_code == 302
    assert "annex_charts" not in reload(forum).digest_settings
    assert 'id="annex"' not in staff.get(f"/digest/{forum.slug}").get_data(as_text=True)


def test_the_annex_key_is_refused_in_the_yaml(app):
    forum, _, _, staff = small_forum(app)
    url = f"/digest/{forum.slug}/settings"
    values = form_values(page(staff.get(url)))
    response = staff.post(url, data={**values,
                                     "outline": values["outline"] + "annex_charts: true\n"})
    assert response.status_code == 400
    assert "annex_charts" not in (reload(forum).digest_settings or {})
