"""The Secretariat's pages: creating forums, topics, windows, moderators, accreditation,
posting on behalf of a moderator, and the audit log."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.forums.queries import participation
from forum.models import Accreditation, AuditEntry, Forum, ForumModerator, Post, Topic
from forum.moderation import actions as moderation
from tests.helpers import login, make_forum, make_reply, make_thread, make_user, setup_forum
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    article,
    fast_password_hashing,
    input_value,
    page,
    reload,
    reply_form,
    selected_option,
    set_clock,
    textarea,
    visible,
)

NOW = datetime(2014, 5, 28, 9, 4)


@pytest.fixture
def staff(app):
    return make_user("secretariat", country=None, affiliation="organization",
                     name="Clearing-House Staff", organization="Secretariat of the CBD")


@pytest.fixture
def staff_client(app, staff):
    client = app.test_client()
    login(client, staff)
    return client


def new_forum_form(**changes) -> dict:
    data = {"slug": "cbforum2014", "title": "Online forum on capacity-building",
            "objective": "To *exchange* experiences.", "language": "en",
            "opens_at": "2014-05-19T00:00", "closes_at": "2014-06-14T00:00",
            "posting": "registered"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def forum_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Forum.id)))


# Creating forums -------------------------------------------------------------------------------

def test_secretariat_creates_a_forum(app, staff_client, staff):
    set_clock(app, NOW)
    response = staff_client.post("/admin/", data=new_forum_form(
        participants_may_open_threads="y", posting="accredited"))
    assert response.status_code == 302 and response.location.endswith("/admin/forums/cbforum2014")
    assert "The forum was created." in visible(staff_client.get(response.location))
    forum = db.session.scalar(select(Forum).where(Forum.slug == "cbforum2014"))
    assert forum.opens_at == datetime(2014, 5, 19) and forum.closes_at == datetime(2014, 6, 14)
    assert forum.posting == "accredited" and forum.participants_may_open_threads
    assert "<em>exchange</em>" in forum.objective_html
    home = visible(staff_client.get("/forums/cbforum2014"))
    assert "Online forum on capacity-building" in home
    assert "19 May 2014 to 13 June 2014" in home
    assert "Participants accredited by the Secretariat" in home
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "forum.create"))
    assert entry.actor_id == staff.id and entry.forum_id == forum.id


@pytest.mark.parametrize(("changes", "field", "message", "status"), [
    ({"slug": "Not A Slug!"}, "slug", "Use 3 to 64 lowercase letters, digits and hyphens.", 400),
    ({"closes_at": "2014-05-01T00:00"}, "closes_at",
     "The closing time must come after the opening time.", 400),
    ({"title": ""}, "title", "This field is required.", 400),
    ({"opens_at": "28 May 2014"}, "opens_at", "Not a valid datetime value.", 400),
    ({"posting": "everyone"}, "posting", "Not a valid choice.", 400),
])
def test_bad_forum_input_keeps_typed_values_and_names_the_field(app, staff_client, changes,
                                                                field, message, status):
    response = staff_client.post("/admin/", data=new_forum_form(**changes))
    assert response.status_code == status
    html = page(response)
    assert f'id="{field}-error">{message}' in html.replace("&#39;", "'")
    typed = new_forum_form(**changes)
    assert input_value(html, "title") == typed["title"]
    assert input_value(html, "slug") == typed["slug"]
    assert textarea(html, "objective") == typed["objective"]
    assert forum_count() == 0


def test_a_taken_slug_is_a_conflict_not_a_crash(app, staff_client):
    make_forum(slug="cbforum2014")
    response = staff_client.post("/admin/", data=new_forum_form(title="Another title"))
    assert response.status_code == 409
    assert "A forum with this slug already exists." in visible(response)
    assert input_value(page(response), "title") == "Another title"
    assert forum_count() == 1


def test_editing_forum_settings_and_refusing_a_bad_window(app, staff_client):
    forum = make_forum(slug="settings-forum")
    form = page(staff_client.get("/admin/forums/settings-forum"))
    assert input_value(form, "title") == "A test forum"
    data = {"title": "Renamed forum", "objective": "New objective", "language": "fr",
            "opens_at": "2014-05-19T00:00", "closes_at": "2014-06-14T00:00",
            "posting": "accredited", "participants_may_open_threads": "y"}
    assert staff_client.post("/admin/forums/settings-forum", data=data).status_code == 302
    forum = reload(forum)
    assert forum.title == "Renamed forum" and forum.language == "fr"
    assert forum.posting == "accredited" and forum.participants_may_open_threads

    bad = staff_client.post("/admin/forums/settings-forum",
                            data={**data, "title": "Typed", "closes_at": "2014-05-01T00:00"})
    assert bad.status_code == 400
    assert "The closing time must come after the opening time." in visible(bad)
    assert input_value(page(bad), "title") == "Typed"
    assert reload(forum).title == "Renamed forum"
    assert reload(forum).closes_at == datetime(2014, 6, 14)


# Topics, windows ---------------------------------------------------------------------------------

def test_secretariat_adds_topics_in_order(app, staff_client):
    forum = make_forum(slug="topics-forum", topics=0)
    for title in ("Needs and priorities", "Experiences"):
        response = staff_client.post("/admin/forums/topics-forum/topics",
                                     data={"topic-title": title})
        assert response.status_code == 302
    with_window = staff_client.post("/admin/forums/topics-forum/topics", data={
        "topic-title": "Late topic", "topic-opens_at": "2014-06-01T00:00",
        "topic-closes_at": "2014-05-01T00:00"})
    assert with_window.status_code == 400
    assert "The closing time must come after the opening time." in visible(with_window)
    assert input_value(page(with_window), "topic-title") == "Late topic"
    db.session.expire_all()
    titles = db.session.scalars(select(Topic.title).where(Topic.forum_id == forum.id)
                                .order_by(Topic.position)).all()
    assert titles == ["Needs and priorities", "Experiences"]
    home = visible(app.test_client().get("/forums/topics-forum"))
    assert home.index("1. Needs and priorities") < home.index("2. Experiences")


def test_close_now_open_now_and_extend(app, staff_client):
    clock = set_clock(app, NOW)
    moderator = make_user("moderator")
    participant = make_user()
    forum = make_forum(slug="window-forum", opens_at=datetime(2014, 6, 1),
                       closes_at=datetime(2014, 6, 14), moderators=[moderator])
    thread = make_thread(forum, moderator)
    reader = app.test_client()
    login(reader, participant)
    assert "upcoming" in visible(staff_client.get("/admin/forums/window-forum"))
    assert "This forum opens on 2014-06-01 00:00 UTC." in visible(
        reader.get(f"/threads/{thread.id}"))
    assert "This forum is not open yet." in visible(reader.get(f"/threads/{thread.id}"))

    opened = staff_client.post("/admin/forums/window-forum/window/open")
    assert opened.status_code == 302
    assert "The forum is open." in visible(staff_client.get(opened.location))
    assert reload(forum).status == "open" and reload(forum).opens_at == NOW
    page_html = page(reader.get(f"/threads/{thread.id}"))
    assert 'name="body"' in page_html and "This forum is closed" not in visible(page_html)

    clock.advance(hours=1)
    closed = staff_client.post("/admin/forums/window-forum/window/close")
    assert "The forum is closed." in visible(staff_client.get(closed.location))
    assert reload(forum).status == "closed"
    closed_page = reader.get(f"/threads/{thread.id}")
    text = visible(closed_page)
    assert "This forum is closed. No more comments will be accepted" in text
    assert "This forum is closed; no more comments are accepted." in text
    assert 'name="body"' not in page(closed_page)
    assert "closed" in visible(app.test_client().get("/"))

    refused = staff_client.post("/admin/forums/window-forum/window/open")
    assert refused.status_code == 400
    assert "The forum's window has already ended; extend it instead." in visible(refused)
    assert reload(forum).status == "closed"

    too_early = staff_client.post("/admin/forums/window-forum/window/extend",
                                  data={"ext-until": "2014-05-01T00:00"})
    assert too_early.status_code == 400
    assert "An extension must end after the current closing time." in visible(too_early)
    bad_date = staff_client.post("/admin/forums/window-forum/window/extend",
                                 data={"ext-until": "next week"})
    assert bad_date.status_code == 400 and "Not a valid datetime value." in visible(bad_date)

    extended = staff_client.post("/admin/forums/window-forum/window/extend",
                                 data={"ext-until": "2014-06-21T00:00", "ext-reason": "Demand"})
    assert extended.status_code == 302
    forum = reload(forum)
    assert forum.extended_to == datetime(2014, 6, 21) and forum.status == "open"
    assert "(extended from" in visible(reader.get("/forums/window-forum"))
    assert 'name="body"' in page(reader.get(f"/threads/{thread.id}"))
    assert staff_client.post("/admin/forums/window-forum/window/nonsense").status_code == 404
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.forum_id == forum.id).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["forum.open", "forum.close", "forum.extend"]


# People ------------------------------------------------------------------------------------------

def test_assigning_a_moderator(app, staff_client):
    forum = make_forum(slug="mods-forum")
    person = make_user(name="Future Moderator")
    response = staff_client.post("/admin/forums/mods-forum/people/moderator",
                                 data={"person-email": person.email})
    assert response.status_code == 302
    assert "Ms. Future Moderator moderates this forum." in visible(
        staff_client.get(response.location))
    assert reload(person).role == "moderator"
    assert db.session.get(ForumModerator, (forum.id, person.id)) is not None
    mod = app.test_client()
    login(mod, person)
    assert mod.get("/moderation/mods-forum").status_code == 200
    assert "Future Moderator" in visible(app.test_client().get("/forums/mods-forum"))

    unknown = staff_client.post("/admin/forums/mods-forum/people/moderator",
                                data={"person-email": "nobody@example.org"})
    assert "No account uses that email address." in visible(staff_client.get(unknown.location))

    removed = staff_client.post(f"/admin/forums/mods-forum/people/moderator/{person.id}/remove")
    assert removed.status_code == 302
    assert mod.get("/moderation/mods-forum").status_code == 403


def test_accreditation_lets_a_participant_post_in_an_accredited_forum(app, staff_client):
    moderator = make_user("moderator")
    participant = make_user(name="Hopeful Participant")
    forum = make_forum(slug="closed-circle", posting="accredited", moderators=[moderator])
    thread = make_thread(forum, moderator)
    client = app.test_client()
    login(client, participant)

    before = client.get(f"/threads/{thread.id}")
    message = "Only participants accredited by the Secretariat may post in this forum."
    assert message in visible(before) and 'name="body"' not in page(before)
    refused = client.post(f"/threads/{thread.id}/reply", data=reply_form("Let me in."))
    assert refused.status_code == 403 and message in visible(refused)
    assert textarea(page(refused), "body") == "Let me in."
    assert db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == participant.id)) == 0

    response = staff_client.post("/admin/forums/closed-circle/people/participant",
                                 data={"person-email": participant.email})
    assert "Ms. Hopeful Participant is accredited." in visible(
        staff_client.get(response.location))
    assert participant.email in visible(staff_client.get("/admin/forums/closed-circle"))

    assert 'name="body"' in page(client.get(f"/threads/{thread.id}"))
    posted = client.post(f"/threads/{thread.id}/reply", data=reply_form("Thank you."))
    assert posted.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Post.state).where(Post.author_id == participant.id)) == \
        "pending"

    withdrawn = staff_client.post(
        f"/admin/forums/closed-circle/people/participant/{participant.id}/remove")
    assert withdrawn.status_code == 302
    assert db.session.scalar(select(func.count(Accreditation.id))) == 0
    assert message in visible(client.get(f"/threads/{thread.id}"))


# Posting on behalf -------------------------------------------------------------------------------

def test_posting_on_behalf_of_a_moderator(app, staff_client, staff):
    forum, moderator, participant, thread = setup_forum()
    assert participation(forum.id).participants == 1  # the moderator's opening post

    form_page = page(staff_client.get(f"/threads/{thread.id}"))
    assert "Post on behalf of a moderator" in visible(form_page)
    assert f'<option value="{moderator.id}">{moderator.display_name}</option>' in form_page

    response = staff_client.post(f"/threads/{thread.id}/on-behalf", data={
        "moderator_id": str(moderator.id), "kind": "summary",
        "body": "Summary of week one.", "submission_key": "behalf-1"})
    assert response.status_code == 302
    post = db.session.scalar(select(Post).where(Post.kind == "summary"))
    assert post.author_id == moderator.id and post.posted_by_id == staff.id
    assert post.state == "approved" and post.number is not None
    assert f"Posted on behalf of {moderator.display_name} as #{post.number}." in visible(
        staff_client.get(response.location, follow_redirects=True))

    shown = visible(article(page(app.test_client().get(f"/threads/{thread.id}")), post.id))
    assert "Moderator's summary" in shown
    assert f"by {moderator.display_name}" in shown
    assert (f"(posted on behalf of {moderator.display_name} by {staff.display_name})"
            in shown)

    figures = participation(forum.id)
    assert figures.messages == 2 and figures.participants == 1  # counted for the moderator
    assert "2 messages from 1 participant:" in visible(app.test_client().get(
        f"/forums/{forum.slug}"))

    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "post.on_behalf"))
    assert entry.actor_id == staff.id and entry.target_id == post.id
    log = visible(staff_client.get("/admin/audit"))
    assert (f"{staff.display_name} Posted on behalf of a moderator post #{post.number} in "
            f"{thread.title}") in log

    # The same form sent twice makes one post and one audit entry.
    again = staff_client.post(f"/threads/{thread.id}/on-behalf", data={
        "moderator_id": str(moderator.id), "kind": "summary",
        "body": "Summary of week one.", "submission_key": "behalf-1"})
    assert again.status_code == 302 and again.location.endswith(f"/posts/{post.id}")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Post.id)).where(Post.kind == "summary")) == 1
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "post.on_behalf")) == 1


def test_on_behalf_needs_a_moderator_of_the_forum_and_a_text(app, staff_client):
    forum, moderator, participant, thread = setup_forum()
    no_text = staff_client.post(f"/threads/{thread.id}/on-behalf", data={
        "moderator_id": str(moderator.id), "body": "", "submission_key": "b1"})
    assert no_text.status_code == 400
    assert "Choose a moderator and write the message." in visible(no_text)
    not_a_moderator = staff_client.post(f"/threads/{thread.id}/on-behalf", data={
        "moderator_id": str(participant.id), "body": "Words", "submission_key": "b2"})
    assert not_a_moderator.status_code == 403
    assert "Only the Secretariat posts on behalf of this forum's moderators." in visible(
        not_a_moderator)
    assert textarea(page(not_a_moderator), "body") == "Words"
    assert db.session.scalar(select(func.count(Post.id)).where(
        Post.posted_by_id.is_not(None))) == 0


# Audit log and access -------------------------------------------------------------------------

def test_audit_log_lists_actions_newest_first_and_filters_by_forum(app, staff_client, staff):
    set_clock(app, NOW)
    forum, moderator, participant, thread = setup_forum()
    other = make_forum(slug="other-forum")
    post = make_reply(thread, participant, "x")
    moderation.reject_post(reload(post), acting_user=moderator, reason="Too short.")
    response = staff_client.get("/admin/audit")
    assert response.status_code == 200
    text = visible(response)
    assert "Created the forum" in text and "Added a topic" in text
    assert "Made a moderator" in text
    assert (f"{moderator.display_name} Rejected a post unnumbered post in {thread.title} "
            f"{forum.title} Too short.") in text
    assert "2014-05-28 09:04 UTC" in text
    assert text.index("Rejected a post") < text.index("Created the forum")

    only_other = visible(staff_client.get("/admin/audit?forum=other-forum"))
    assert "Rejected a post" not in only_other and "Created the forum" in only_other
    assert f"Created the forum {other.title} {other.title}" in only_other
    assert staff_client.get("/admin/audit?forum=no-such-forum").status_code == 404


def admin_urls(app, forum) -> list[tuple[str, str]]:
    """Every /admin route, with its variables filled, and its methods."""
    values = {"slug": forum.slug, "action": "close", "role": "moderator",
              "user_id": forum.moderators[0].id}
    result = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<{name}>", str(values[name])).replace(
                f"<int:{name}>", str(values[name]))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            result.append((method, url))
    return result


@pytest.mark.parametrize("role", ["participant", "moderator"])
def test_every_admin_page_is_forbidden_to_participants_and_moderators(app, role):
    forum, moderator, participant, thread = setup_forum()
    before = (reload(forum).closes_at, len(forum.moderators))
    client = app.test_client()
    login(client, moderator if role == "moderator" else participant)
    urls = admin_urls(app, forum)
    assert len(urls) >= 9
    for method, url in urls:
        response = client.open(url, method=method, data={"person-email": participant.email})
        assert response.status_code == 403, (method, url)
        assert "403 Forbidden" in visible(response)
    assert (reload(forum).closes_at, len(reload(forum).moderators)) == before
    assert 'href="/admin/"' not in client.get("/").get_data(as_text=True)


def test_every_admin_page_sends_anonymous_readers_to_sign_in(app):
    forum, moderator, participant, thread = setup_forum()
    client = app.test_client()
    for method, url in admin_urls(app, forum):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.location, (method, url)


def test_every_admin_page_opens_for_the_secretariat(app, staff_client):
    forum, moderator, participant, thread = setup_forum()
    for method, url in admin_urls(app, forum):
        if method == "GET":
            assert staff_client.get(url).status_code == 200, url
    assert 'href="/admin/"' in staff_client.get("/").get_data(as_text=True)
    assert selected_option(page(staff_client.get(f"/admin/forums/{forum.slug}")),
                           "posting") == "registered"
