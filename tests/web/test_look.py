"""One look across the site (issue 13 §3): error pages in our words with a way back, the
header saying where you are, the footer's contact, the favicon, and the audit log naming
people and objects with links."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from forum.admin import actions as admin
from forum.audit import record
from forum.extensions import db, limiter
from forum.models import User
from forum.moderation import actions as moderation
from tests.helpers import login, make_reply, make_user, setup_forum
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    fast_password_hashing,
    page,
    visible,
)

BACK = '<a class="button primary" href="/">'


def _error_page(response, status: int) -> str:
    assert response.status_code == status
    html = page(response)
    assert BACK in html, "no way back to the forums"
    assert 'class="site"' in html and "secretariat@cbd.int" in html  # the layout and footer
    return visible(response)


def test_403_404_405_413_in_our_words_with_the_layout_and_a_way_back(app):
    forum, moderator, participant, thread = setup_forum()
    client = app.test_client()
    login(client, participant)
    assert "403 Forbidden You are not allowed to see this page." in _error_page(
        client.get("/admin/"), 403)
    text = _error_page(client.get("/no/such/page"), 404)
    assert "404 Not found There is nothing at this address." in text
    assert "Search the forums" in text
    assert "405 Method not allowed" in _error_page(
        client.get(f"/threads/{thread.id}/reply"), 405)
    app.config["MAX_CONTENT_LENGTH"] = 1024
    assert "413 Too large What you sent is too large for the forum." in _error_page(
        client.post(f"/threads/{thread.id}/reply", data={"body": "x" * 4096}), 413)


def test_429_says_when_to_try_again(app):
    limiter.reset()
    app.config.update(RATELIMIT_ENABLED=True, SEARCH_LIMIT="1 per minute")
    try:
        client = app.test_client()
        assert client.get("/search?q=biosafety").status_code == 200
        response = client.get("/search?q=biosafety")
        text = _error_page(response, 429)
        assert "Too many attempts from here. Please try again in 60 seconds." in text
        assert response.headers["Retry-After"] == "60"
    finally:
        limiter.reset()


def test_500_in_our_words_with_a_reference_and_the_secretariats_address(app):
    with app.test_request_context("/forums"):
        response = app.make_response(app.handle_user_exception(RuntimeError("boom")))
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side. It is not your fault" in html and BACK in html
    assert "write to the Secretariat at secretariat@cbd.int" in html
    assert "boom" not in html


def test_the_header_says_where_you_are_and_the_footer_whom_to_ask(app):
    forum, moderator, participant, thread = setup_forum()
    app.config.update(SECRETARIAT_NAME="The Secretariat, Montreal",
                      SECRETARIAT_EMAIL="forums@example.org")
    html = page(app.test_client().get(f"/threads/{thread.id}"))
    header = html[html.index('<header class="site">'):html.index("</header>")]
    assert 'aria-label="Breadcrumb"' in header
    assert forum.title in header and thread.title in header
    assert f'href="/forums/{forum.slug}"' in header
    footer = html[html.index('<footer class="site">'):]
    assert "The Secretariat, Montreal" in footer
    assert 'href="mailto:forums@example.org"' in footer
    assert 'rel="icon" href="/static/favicon.svg"' in html


def test_the_favicon_is_served_and_favicon_ico_leads_to_it(app):
    client = app.test_client()
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.location.endswith("/static/favicon.svg")
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and b"<svg" in icon.data


@pytest.fixture
def staff_client(app):
    staff = make_user("secretariat", country=None, affiliation="organization",
                      name="Clearing-House Staff")
    client = app.test_client()
    login(client, staff)
    return client


def _count_statements(app, client, url: str) -> tuple[str, int]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return page(response), len(seen)


def test_the_audit_log_names_people_and_objects_and_links_them(app, staff_client):
    forum, moderator, participant, thread = setup_forum()
    silent = make_user("moderator", name="Daniel Lewis", title="Mr.")
    silent.email = None  # seeded moderators may have no address
    db.session.commit()
    staff = db.session.query(User).filter_by(role="secretariat").first()
    admin.assign_moderator(forum, silent, acting_user=staff)
    post = make_reply(thread, participant, "We consulted farmers.")
    moderation.approve_post(post, acting_user=moderator, version=1)

    html, statements = _count_statements(app, staff_client, "/admin/audit")
    text = visible(staff_client.get("/admin/audit"))
    assert "(None)" not in text and "None" not in text
    assert "Mr. Daniel Lewis" in text and "Made a moderator" in text
    assert f'<a href="/admin/audit?actor={moderator.id}" dir="auto">' in html
    assert f"Approved a post post #{post.number} in {thread.title}" in text
    assert f'href="/threads/{thread.id}#post-{post.id}"' in html
    assert f'<a href="/admin/forums/{forum.slug}" dir="auto">{forum.title}</a>' in html
    assert "forum.create" not in text and "post.approve" not in text
    # The user, the session, the count, the entries with their actors, then one query per
    # kind of object named (forums, users, posts and their threads, topics): a handful,
    # whatever the number of entries.
    assert statements <= 12, statements

    only_moderator = visible(staff_client.get(f"/admin/audit?actor={moderator.id}"))
    assert "Approved a post" in only_moderator and "Created the forum" not in only_moderator
    assert staff_client.get("/admin/audit?actor=999999").status_code == 404


def test_the_audit_log_names_a_published_digest_by_its_version(app, staff_client):
    forum, moderator, participant, thread = setup_forum()
    staff = db.session.query(User).filter_by(role="secretariat").first()
    record(staff, "digest.publish", forum, forum_id=forum.id, number=2)
    db.session.commit()
    html = page(staff_client.get("/admin/audit"))
    assert "Published a digest version" in html
    assert (f'<a href="/digest/{forum.slug}/v/2" dir="auto">digest version 2 of '
            f'{forum.title}</a>') in html


def test_the_create_forum_button_says_what_it_does(app, staff_client):
    html = page(staff_client.get("/admin/"))
    assert 'type="submit" value="Create the forum"' in html
    assert html.count('class="primary"') >= 1


def test_the_digest_settings_help_speaks_to_the_secretariat_not_the_repository(app,
                                                                            staff_client):
    forum, moderator, participant, thread = setup_forum()
    text = visible(staff_client.get(f"/digest/{forum.slug}/settings"))
    assert "docs/" not in text and ".md" not in text
    assert "The outline lists the report's sections in the order they are printed." in text
    assert forum.topics[0].key in text


def test_the_manage_page_names_people_without_none_for_a_missing_email(app, staff_client):
    forum, moderator, participant, thread = setup_forum()
    silent = make_user("moderator", name="Daniel Lewis", title="Mr.")
    silent.email = None
    db.session.commit()
    admin.assign_moderator(forum, silent, acting_user=db.session.query(User).filter_by(
        role="secretariat").first())
    html = page(staff_client.get(f"/admin/forums/{forum.slug}"))
    assert f'<a href="/admin/audit?actor={silent.id}" dir="auto">Mr. Daniel Lewis</a>' in html
    assert "(None)" not in html and f"({moderator.email})" in html
