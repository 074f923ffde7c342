"""Only the public record is searched, whoever asks: results, totals and snippets."""

from __future__ import annotations

from forum.models import Post
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from tests.helpers import login, make_reply, make_user, token_for
from tests.search.support import approved, found, make_world

SECRET = "Xylophonically"


def _everyone(client, w):
    """Search answers for anonymous, the author, another participant and the moderator."""
    answers = [found(client, SECRET.lower())]
    for user in (w.alice, w.bob, w.moderator):
        response = client.get("/api/v1/search", query_string={"q": SECRET},
                              headers=token_for(user))
        assert response.status_code == 200
        answers.append(response.get_json())
    return answers


def test_pending_rejected_and_hidden_posts_are_found_by_no_one(client):
    w = make_world()
    make_reply(w.thread, w.alice, f"{SECRET} pending.")
    rejected = make_reply(w.thread, w.alice, f"{SECRET} rejected.")
    moderation.reject_post(rejected, acting_user=w.moderator, reason="no")
    hidden = approved(w.thread, w.bob, f"{SECRET} hidden.", w.moderator)
    moderation.hide_post(hidden, acting_user=w.moderator, reason="off topic")
    withdrawn = make_reply(w.thread, w.bob, f"{SECRET} withdrawn.")
    writing.withdraw_post(withdrawn, author=w.bob)
    for answer in _everyone(client, w):
        assert answer["items"] == [] and answer["total"] == 0


def test_a_thread_awaiting_its_opening_is_not_found_even_with_an_approved_reply(client):
    w = make_world()
    thread = writing.open_thread(w.forum, author=w.alice, title="Labelling rules",
                                 body=f"{SECRET} opening text.")
    reply = make_reply(thread, w.moderator, f"{SECRET} moderator's answer.")
    assert reply.state == "approved" and reply.number is not None
    for answer in _everyone(client, w):
        assert answer["total"] == 0
    assert found(client, "labelling")["total"] == 0  # its title neither
    first = Post.query.filter_by(thread_id=thread.id, kind="opening").one()
    moderation.approve_post(first, acting_user=w.moderator, version=first.version)
    assert found(client, SECRET)["total"] == 2


def test_the_search_page_shows_nothing_private(client):
    w = make_world()
    make_reply(w.thread, w.alice, f"{SECRET} pending.")
    login(client, w.moderator)
    page = client.get("/search", query_string={"q": SECRET}).get_data(as_text=True)
    assert "0 posts found" in page and "pending." not in page


def test_moderators_search_the_public_record_too(client):
    w = make_world()
    other = make_user("moderator")
    make_reply(w.thread, w.alice, f"{SECRET} waiting.")
    for user in (w.moderator, other):
        response = client.get("/api/v1/search", query_string={"q": SECRET},
                              headers=token_for(user))
        assert response.get_json()["total"] == 0
