"""The API's post list for callers who moderate nothing (forum/api/postlist.py, one prebuilt
Core statement) gives what the ORM serializer gives, key for key, for every state a caller
may see, and hides what they may not: another's pending, rejected and hidden posts, a
thread whose opening awaits moderation, withdrawn posts. Edits, hiding and approvals show
at the next request (nothing is cached)."""

from __future__ import annotations

from forum.api import serialize
from forum.extensions import db
from forum.models import Post
from forum.moderation.actions import approve_post, hide_post, reject_post
from forum.threads.actions import withdraw_post
from tests.helpers import make_reply, make_thread, make_user, setup_forum, token_for


def _listed(client, thread_id: int, headers: dict | None = None, **query) -> dict:
    answer = client.get(f"/api/v1/threads/{thread_id}/posts", headers=headers or {},
                        query_string=query)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _expected(ids: list[int], viewer=None) -> list[dict]:  # noqa: ANN001
    db.session.expire_all()
    return [serialize.post(db.session.get(Post, i), viewer=viewer) for i in ids]


def test_the_fast_list_is_the_serializer_for_every_state_an_author_sees(app, client):
    forum, moderator, participant, thread = setup_forum()
    other = make_user()
    approved = make_reply(thread, participant)
    approve_post(approved, acting_user=moderator, version=approved.version)
    pending = make_reply(thread, participant)
    rejected = make_reply(thread, participant)
    reject_post(rejected, acting_user=moderator, reason="Off topic.")
    hidden = make_reply(thread, participant)
    approve_post(hidden, acting_user=moderator, version=hidden.version)
    hide_post(hidden, acting_user=moderator, reason="Personal data.")
    gone = make_reply(thread, participant)
    withdraw_post(gone, author=participant)
    theirs = make_reply(thread, other)  # pending, another's
    db.session.commit()
    opening = thread.posts[0].id if hasattr(thread, "posts") else None
    opening = opening or db.session.scalar(
        db.select(Post.id).where(Post.thread_id == thread.id, Post.kind == "opening"))

    mine = _listed(client, thread.id, token_for(participant))
    assert mine["items"] == _expected([opening, approved.id, pending.id, rejected.id,
                                       hidden.id], participant)
    assert mine["total"] == 5 and mine["items"][3]["reason"] == "Off topic."
    assert "reason" not in mine["items"][1]  # pending: no reason yet
    anonymous = _listed(client, thread.id)
    assert anonymous["items"] == _expected([opening, approved.id]) and anonymous["total"] == 2
    stranger = _listed(client, thread.id, token_for(make_user()))
    assert [i["id"] for i in stranger["items"]] == [opening, approved.id]
    assert theirs.id not in [i["id"] for i in mine["items"]]
    # The moderator's list (the ORM path) still shows everything they decide on.
    moderated = _listed(client, thread.id, token_for(moderator))
    assert {pending.id, theirs.id, rejected.id, hidden.id} <= {i["id"] for i in
                                                                moderated["items"]}


def test_paging_past_the_end_and_hidden_threads(app, client):
    forum, moderator, participant, thread = setup_forum()
    for _ in range(3):
        post = make_reply(thread, participant)
        approve_post(post, acting_user=moderator, version=post.version)
    listed = _listed(client, thread.id, per_page=2, page=2)
    assert len(listed["items"]) == 2 and listed["total"] == 4
    beyond = _listed(client, thread.id, per_page=2, page=9)
    assert beyond["items"] == [] and beyond["total"] == 4
    # A participant's thread awaiting moderation exists for its author alone.
    forum.participants_may_open_threads = True
    own = make_thread(forum, participant, title="Mine")
    db.session.commit()
    assert client.get(f"/api/v1/threads/{own.id}/posts").status_code == 404
    assert client.get(f"/api/v1/threads/{own.id}/posts", query_string={"page": 2}) \
        .status_code == 404
    assert _listed(client, own.id, token_for(participant))["total"] == 1
    assert client.get("/api/v1/threads/999999/posts").status_code == 404
    assert client.get("/api/v1/threads/99999999999999/posts").status_code == 404


def test_changes_show_at_the_next_request(app, client):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant)
    assert post.id not in [i["id"] for i in _listed(client, thread.id)["items"]]
    approve_post(post, acting_user=moderator, version=post.version)
    db.session.commit()
    assert post.id in [i["id"] for i in _listed(client, thread.id)["items"]]
    participant.name = "Renamed Person"
    db.session.commit()
    item = next(i for i in _listed(client, thread.id)["items"] if i["id"] == post.id)
    assert item["author"]["name"] == "Renamed Person"
    hide_post(post, acting_user=moderator, reason="Personal data.")
    db.session.commit()
    assert post.id not in [i["id"] for i in _listed(client, thread.id)["items"]]


def test_the_list_is_one_statement_and_the_token_one_more(app, client):
    from bench.measure import statements

    forum, moderator, participant, thread = setup_forum()
    for _ in range(5):
        post = make_reply(thread, participant)
        approve_post(post, acting_user=moderator, version=post.version)
    db.session.commit()
    headers = token_for(participant)
    path = f"/api/v1/threads/{thread.id}/posts"
    db.session.commit()
    counts = []
    for given in ({}, headers):
        with statements(db.engine) as seen:
            assert client.get(path, headers=given).status_code == 200
        counts.append(seen.count)
    assert counts == [1, 2], seen.sql  # the token with its user, the page


def test_the_fast_list_names_the_answered_post_only_to_those_who_may_see_it(app, client):
    """reply_to as serialize.post gives it (visibility.reply_target): an approved target for
    everyone, the author's own pending target for the author, nothing for the others."""
    from forum.threads import actions as writing

    forum, moderator, participant, thread = setup_forum()
    first = make_reply(thread, participant)
    approve_post(first, acting_user=moderator, version=first.version)
    to_public, _ = writing.submit_reply(thread, author=participant, body="Answering the first.",
                                        reply_to_id=first.id)
    approve_post(to_public, acting_user=moderator, version=to_public.version)
    waiting = make_reply(thread, participant)  # pending, the participant's own
    to_waiting, _ = writing.submit_reply(thread, author=participant,
                                         body="Answering my own waiting reply.",
                                         reply_to_id=waiting.id)
    db.session.commit()

    mine = {i["id"]: i for i in _listed(client, thread.id, token_for(participant))["items"]}
    assert mine[to_public.id]["reply_to"] == {"id": first.id, "number": first.number}
    assert mine[to_waiting.id]["reply_to"] == {"id": waiting.id, "number": waiting.number}
    assert [mine[i] for i in sorted(mine)] == _expected(sorted(mine), participant)
    anonymous = {i["id"]: i for i in _listed(client, thread.id)["items"]}
    assert anonymous[to_public.id]["reply_to"] == {"id": first.id, "number": first.number}
    assert to_waiting.id not in anonymous
    hide_post(first, acting_user=moderator, reason="Personal data.")
    db.session.commit()
    anonymous = {i["id"]: i for i in _listed(client, thread.id)["items"]}
    assert anonymous[to_public.id]["reply_to"] is None
