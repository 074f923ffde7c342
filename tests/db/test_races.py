"""Races with real concurrent connections: two moderators at once, an author editing while
a moderator approves, the same form submitted twice at once."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import AuditEntry, Post
from tests.helpers import login, make_reply, make_user, setup_forum


def _together(*calls):
    """Run the calls in threads released at the same instant; return their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _moderator_client(app, forum):
    from forum.admin import actions as admin
    from forum.models import User

    moderator = make_user("moderator", country="GD")
    secretariat = db.session.scalar(select(User).where(User.role == "secretariat"))
    admin.assign_moderator(forum, moderator, acting_user=secretariat)
    client = app.test_client()
    login(client, moderator)
    return client


def test_two_moderators_approving_at_once_only_one_acts(app):
    forum, moderator, participant, thread = setup_forum()
    first = app.test_client()
    login(first, moderator)
    second = _moderator_client(app, forum)
    for i in range(5):
        post = make_reply(thread, participant, f"A reply to approve ({i})")
        db.session.commit()
        url, data = f"/moderation/posts/{post.id}/decide", {"version": "1", "approve": "1"}
        statuses = _together(lambda u=url, d=data: first.post(u, data=d).status_code,
                             lambda u=url, d=data: second.post(u, data=d).status_code)
        assert sorted(statuses) == [302, 409]
        db.session.commit()  # end the snapshot: read what the threads wrote
        assert db.session.get(Post, post.id).state == "approved"
        approvals = db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "post.approve", AuditEntry.target_id == post.id))
        assert approvals == 1


def test_approve_and_reject_at_once_never_both(app):
    forum, moderator, participant, thread = setup_forum()
    first = app.test_client()
    login(first, moderator)
    second = _moderator_client(app, forum)
    for _ in range(5):
        post = make_reply(thread, participant)  # a new text each time
        db.session.commit()
        url = f"/moderation/posts/{post.id}/decide"
        statuses = _together(
            lambda u=url: first.post(u, data={"version": "1", "approve": "1"}).status_code,
            lambda u=url: second.post(u, data={"version": "1", "reject": "1",
                                               "reason": "Off-topic"}).status_code)
        assert sorted(statuses) == [302, 409]
        db.session.commit()
        decisions = db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.target_id == post.id,
            AuditEntry.action.in_(("post.approve", "post.reject"))))
        assert decisions == 1


def test_an_author_edit_racing_an_approval_never_publishes_unseen_text(app):
    forum, moderator, participant, thread = setup_forum()
    mod_client = app.test_client()
    login(mod_client, moderator)
    author = app.test_client()
    login(author, participant)
    for i in range(6):
        post_id = make_reply(thread, participant, f"original text {i}").id
        db.session.commit()
        _together(
            lambda p=post_id: mod_client.post(f"/moderation/posts/{p}/decide",
                                              data={"version": "1", "approve": "1"}),
            lambda n=i, p=post_id: author.post(f"/posts/{p}/edit",
                                    data={"version": "1", "body": f"edited {n}"}),
        )
        db.session.commit()  # end the snapshot: read what the threads wrote
        final = db.session.get(Post, post_id)
        if final.state == "approved":
            # The moderator saw version 1: the public text is version 1's.
            assert final.version == 1 and final.body == f"original text {i}"
        else:
            assert final.state == "pending" and final.body == f"edited {i}"


def test_the_same_form_submitted_twice_at_once_creates_one_post(app):
    forum, moderator, participant, thread = setup_forum()
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        login(client, participant)
    url = f"/threads/{thread.id}/reply"
    for i in range(5):
        data = {"body": f"double click {i}", "submission_key": f"key-{i}"}
        statuses = _together(
            *[lambda c=c, d=data: c.post(url, data=d).status_code
              for c in clients])
        assert statuses == [302, 302]
        db.session.commit()
        count = db.session.scalar(select(func.count(Post.id)).where(
            Post.body == f"double click {i}"))
        assert count == 1


def test_the_same_idempotency_key_at_once_answers_201_once_and_200_with_the_same_post(app):
    from tests.helpers import token_for

    forum, moderator, participant, thread = setup_forum()
    headers = token_for(participant)
    url = f"/api/v1/threads/{thread.id}/posts"
    clients = [app.test_client(), app.test_client()]
    for i in range(5):
        key = {**headers, "Idempotency-Key": f"api-key-{i}"}
        results = _together(*[
            lambda c=c, k=key, i=i: (lambda r: (r.status_code, r.get_json()))(
                c.post(url, headers=k, json={"body": f"retry {i}"}))
            for c in clients])
        statuses = sorted(status for status, _ in results)
        assert statuses == [200, 201], results
        assert results[0][1]["id"] == results[1][1]["id"]
        db.session.commit()
        assert db.session.scalar(select(func.count(Post.id)).where(
            Post.body == f"retry {i}")) == 1


def test_the_same_thread_opened_twice_at_once_creates_one_thread(app):
    from forum.models import Thread
    from tests.helpers import token_for

    forum, moderator, participant, thread = setup_forum()
    headers = {**token_for(moderator), "Idempotency-Key": "open-once"}
    url = f"/api/v1/forums/{forum.slug}/threads"
    clients = [app.test_client(), app.test_client()]
    results = _together(*[
        lambda c=c: (lambda r: (r.status_code, r.get_json()))(
            c.post(url, headers=headers, json={"title": "Once", "body": "framing"}))
        for c in clients])
    assert sorted(s for s, _ in results) in ([200, 201], [201, 201]), results
    assert results[0][1]["id"] == results[1][1]["id"]
    db.session.commit()
    assert db.session.scalar(select(func.count(Thread.id)).where(Thread.title == "Once")) == 1
