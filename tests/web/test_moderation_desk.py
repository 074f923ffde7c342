"""The moderators' desk (landing page after sign-in), errors shown at the queue item,
the bulk confirmation step and the undo button."""

from __future__ import annotations

import re
from datetime import datetime

from forum.moderation import actions
from tests.helpers import login, make_forum, make_reply, make_thread, make_user, setup_forum
from tests.ops.support import statements
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    fast_password_hashing,
    page,
    reload,
    set_clock,
    visible,
)


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_staff_land_on_their_desk_after_sign_in_and_participants_do_not(app):
    forum, moderator, participant, thread = setup_forum()
    assert _client(app, participant).get("/moderation/").status_code == 403
    client = app.test_client()
    from tests.helpers import enrol_mfa, fresh_totp_code

    enrol_mfa(moderator)
    response = client.post("/login", data={"email": moderator.email,
                                           "password": "correct horse battery"})
    response = client.post("/mfa/verify", data={"code": fresh_totp_code(moderator)})
    assert response.location.endswith("/moderation/")
    # A `next` the person asked for still wins.
    other = app.test_client()
    other.post("/login?next=/forums/", data={"email": moderator.email,
                                             "password": "correct horse battery"})
    assert other.post("/mfa/verify", data={"code": fresh_totp_code(moderator)}
                      ).location.endswith("/forums/")
    plain = app.test_client()
    assert plain.post("/login", data={"email": participant.email,
                                      "password": "correct horse battery"}
                      ).location.endswith("/")
    assert "/moderation" not in plain.get("/").get_data(as_text=True).split("<main")[0]


def test_desk_shows_each_forum_with_pending_count_oldest_wait_and_newest_decisions(app):
    clock = set_clock(app, datetime(2014, 5, 20, 9, 0))
    moderator = make_user("moderator", country="ZA", name="Malta Qwathekana")
    author = make_user(name="Angela Lozan", title="Dr.")
    busy, quiet = make_forum(moderators=[moderator]), make_forum(moderators=[moderator])
    someone = make_user("moderator")
    not_mine = make_forum(moderators=[someone])
    thread = make_thread(busy, moderator, title="Capacity needs")
    make_thread(quiet, moderator)
    make_reply(make_thread(not_mine, someone), author, "Elsewhere.")
    first = make_reply(thread, author, "First.")
    clock.advance(hours=2)
    make_reply(thread, author, "Second.")
    decided = make_reply(thread, author, "Decided.")
    clock.advance(hours=1, minutes=30)
    actions.approve_post(decided, acting_user=moderator, version=1)
    client = _client(app, moderator)

    with statements(app) as seen:
        response = client.get("/moderation/")
    assert response.status_code == 200
    # Sign-in session, the desk's two statements, the layout's badge: bounded, whatever
    # the number of forums and decisions.
    assert len(seen) <= 6, seen
    text = visible(page(response))
    assert "2 posts await a decision." in text
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">.*?</tr>", page(response), re.S)
    assert len(rows) == 2 and busy.slug in rows[0] and quiet.slug in rows[1]
    assert "4 hours ago" in visible(rows[0]) and "2014-05-20 09:00 UTC" in visible(rows[0])
    assert f"#{reload(decided).number}" in text
    assert "Malta Qwathekana approved" in text and "Dr. Angela Lozan in Capacity needs" in text
    assert not_mine.slug not in page(response)
    assert first.id


def test_secretariat_desk_lists_every_forum(app):
    forum, moderator, participant, thread = setup_forum()
    other = make_forum()
    secretariat = make_user("secretariat", country=None, affiliation="organization")
    html = page(_client(app, secretariat).get("/moderation/"))
    assert forum.slug in html and other.slug in html


def test_a_refused_rejection_is_shown_at_its_item_with_what_was_typed(app):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Please reject me politely.")
    client = _client(app, moderator)
    response = client.post(f"/moderation/posts/{post.id}/decide", data={
        "version": "1", "canned": "", "reason": "   ", "reject": "Reject"})
    assert response.status_code == 400
    html = page(response)
    item = html.split(f'id="q-{post.id}"')[1].split("</article>")[0]
    assert "Give a reason: the author will see it." in item
    assert "Give a reason" not in html.split(f'id="q-{post.id}"')[0]  # not a page banner
    assert "<details class=\"reject\" open>" in item
    typed = client.post(f"/moderation/posts/{post.id}/decide", data={
        "version": "7", "canned": "Off-topic for this thread.", "reason": "See rule 3.",
        "approve": "Approve"})
    item = page(typed).split(f'id="q-{post.id}"')[1].split("</article>")[0]
    assert typed.status_code == 409 and "The author edited this post" in item
    assert "See rule 3.</textarea>" in item
    assert '<option value="Off-topic for this thread." selected>' in item
    assert reload(post).state == "pending"


def test_bulk_asks_for_confirmation_listing_the_posts_then_decides(app):
    forum, moderator, participant, thread = setup_forum()
    posts = [make_reply(thread, participant, f"Bulk message {i}") for i in range(3)]
    client = _client(app, moderator)
    items = [f"{p.id}:1" for p in posts]
    asked = client.post(f"/moderation/{forum.slug}/bulk", data={
        "item": items, "approve": "Approve selected"})
    assert asked.status_code == 200
    text = visible(page(asked))
    assert "Approve 3 posts?" in text and "Yes, approve 3 posts" in text
    assert page(asked).count('<input type="hidden" name="item"') == 3
    assert text.count(participant.display_name) == 3
    assert [reload(p).state for p in posts] == ["pending"] * 3
    done = client.post(f"/moderation/{forum.slug}/bulk", data={
        "item": items, "approve": "Approve selected", "confirm": "yes"})
    assert "3 posts approved." in visible(client.get(done.location))
    assert [reload(p).state for p in posts] == ["approved"] * 3


def test_the_queue_offers_an_undo_within_the_window_and_the_button_works(app):
    set_clock(app, datetime(2014, 5, 20, 9, 0))
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Undo me.")
    client = _client(app, moderator)
    decided = client.post(f"/moderation/posts/{post.id}/decide",
                          data={"version": "1", "approve": "Approve"})
    html = page(client.get(decided.location))
    assert f'action="/moderation/posts/{post.id}/undo"' in html
    assert "You approved the post by" in visible(html)
    undone = client.post(f"/moderation/posts/{post.id}/undo")
    assert undone.status_code == 302 and undone.location.endswith(f"#q-{post.id}")
    assert reload(post).state == "pending"
    assert "waiting for a decision again" in visible(client.get(undone.location))
    # Too late: 409 with the reason, the post stays decided.
    client.post(f"/moderation/posts/{post.id}/decide", data={"version": "1", "approve": "1"})
    app.config["CLOCK"].advance(seconds=120)
    late = client.post(f"/moderation/posts/{post.id}/undo")
    assert late.status_code == 409 and "Too late to undo" in visible(page(late))
    assert f'action="/moderation/posts/{post.id}/undo"' not in page(late)
    assert reload(post).state == "approved"
