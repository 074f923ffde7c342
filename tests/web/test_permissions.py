"""CONTRACTS.md's permission table, each cell from both sides, through the pages.

Columns: anonymous, an (accredited) participant, a moderator of the forum, a moderator of
ANOTHER forum (for this forum just a participant), the Secretariat. A refused person sees a
sign-in page (anonymous), a 403 (a page they may know exists) or a 404 (a post they may
not see or moderate: exactly like a missing one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.clock import now
from forum.extensions import db
from forum.models import Accreditation, AuditEntry, Forum, ForumModerator, Post, Thread, Topic
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from tests.helpers import login, make_forum, make_reply, make_thread, make_user
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    fast_password_hashing,
    page,
    reload,
    reply_form,
    visible,
)

ROLES = ["anonymous", "participant", "moderator", "other_moderator", "secretariat"]
MISSING = 987654


@dataclass
class World:
    app: object
    forum: Forum
    thread: Thread
    people: dict
    clients: dict = field(default_factory=dict)

    def client(self, role):
        if role not in self.clients:
            client = self.app.test_client()
            if role != "anonymous":
                login(client, self.people[role])
            self.clients[role] = client
        return self.clients[role]

    def pending(self, body="A pending reply."):
        return make_reply(self.thread, self.people["author"], body)

    def approved(self, body="An approved reply."):
        post = self.pending(body)
        return moderation.approve_post(reload(post), acting_user=self.people["moderator"],
                                       version=1)


def build_world(app, *, posting="registered", participants_may_open_threads=False) -> World:
    people = {
        "secretariat": make_user("secretariat", country=None, affiliation="organization"),
        "moderator": make_user("moderator", name="Forum Moderator"),
        "other_moderator": make_user("moderator", name="Elsewhere Moderator"),
        "participant": make_user(name="Plain Participant"),
        "author": make_user(name="Post Author"),
        "newcomer": make_user(name="Newcomer"),
    }
    make_forum(slug="elsewhere", moderators=[people["other_moderator"]])
    forum = make_forum(slug="the-forum", posting=posting, moderators=[people["moderator"]],
                       participants_may_open_threads=participants_may_open_threads)
    if posting == "accredited":
        for who in ("participant", "author"):
            db.session.add(Accreditation(forum_id=forum.id, user_id=people[who].id))
        db.session.commit()
    thread = make_thread(forum, people["moderator"])
    return World(app=app, forum=forum, thread=thread, people=people)


@pytest.fixture
def world(app) -> World:
    return build_world(app)


def same_page(one, other) -> bool:
    """The two responses read the same, apart from the post's id in the page's own address
    (the "Sign in" link carries it in next=) and the CSRF token (it carries the time)."""
    def normal(response):
        html = re.sub(r"/posts/\d+", "/posts/N", page(response))
        return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)
    return one.status_code == other.status_code and normal(one) == normal(other)


def signs_in(response) -> bool:
    return response.status_code == 302 and "/login" in response.location


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# Reading ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_forum_pages_and_approved_posts(world, role):
    post = world.approved("Public words.")
    client = world.client(role)
    assert client.get("/").status_code == 200
    assert client.get("/forums/the-forum").status_code == 200
    thread = client.get(f"/threads/{world.thread.id}")
    assert thread.status_code == 200 and "Public words." in visible(thread)
    assert client.get(f"/threads/{world.thread.id}/print").status_code == 200
    assert client.get(f"/posts/{post.id}").status_code == 302


# Replying ----------------------------------------------------------------------------------------

REPLY = {"anonymous": "sign-in", "participant": "pending", "moderator": "approved",
         "other_moderator": "pending", "secretariat": "approved"}


@pytest.mark.parametrize("role", ROLES)
def test_reply_in_an_open_thread(world, role):
    client = world.client(role)
    form_shown = 'name="body"' in page(client.get(f"/threads/{world.thread.id}"))
    response = client.post(f"/threads/{world.thread.id}/reply", data=reply_form(f"By {role}."))
    body = Post.body == f"By {role}."
    if REPLY[role] == "sign-in":
        assert signs_in(response) and not form_shown
        assert count(Post, body) == 0
        return
    assert form_shown and response.status_code == 302
    post = db.session.scalar(select(Post).where(body))
    assert post.author_id == world.people[role].id and post.state == REPLY[role]
    assert (post.number is not None) == (REPLY[role] == "approved")


ACCREDITED_REPLY = {**REPLY, "other_moderator": "refused"}


@pytest.mark.parametrize("role", ROLES)
def test_reply_in_an_accredited_forum(app, role):
    world = build_world(app, posting="accredited")
    client = world.client(role)
    response = client.post(f"/threads/{world.thread.id}/reply", data=reply_form(f"By {role}."))
    expected = ACCREDITED_REPLY[role]
    if expected == "sign-in":
        assert signs_in(response)
    elif expected == "refused":
        assert response.status_code == 403
        assert "Only participants accredited by the Secretariat may post" in visible(response)
        assert count(Post, Post.body == f"By {role}.") == 0
    else:
        assert response.status_code == 302
        assert db.session.scalar(select(Post.state).where(Post.body == f"By {role}.")) == \
            expected
    # Someone registered but not accredited is refused too.
    newcomer = app.test_client()
    login(newcomer, world.people["newcomer"])
    assert newcomer.post(f"/threads/{world.thread.id}/reply",
                         data=reply_form("Newcomer.")).status_code == 403


# Opening threads --------------------------------------------------------------------------------

def open_thread(client, role):
    return client.post("/forums/the-forum/threads/new", data={
        "title": f"Thread by {role}", "topic_id": "0", "body": "Framing text.",
        "questions": "One?\nTwo?", "submission_key": f"t-{role}"})


OPEN_THREAD = {
    False: {"anonymous": "sign-in", "participant": 403, "moderator": "approved",
            "other_moderator": 403, "secretariat": "approved"},
    True: {"anonymous": "sign-in", "participant": "pending", "moderator": "approved",
           "other_moderator": "pending", "secretariat": "approved"},
}


@pytest.mark.parametrize("allowed", [False, True], ids=["setting-off", "setting-on"])
@pytest.mark.parametrize("role", ROLES)
def test_open_a_thread(app, role, allowed):
    world = build_world(app, participants_may_open_threads=allowed)
    client = world.client(role)
    expected = OPEN_THREAD[allowed][role]
    link_shown = "/forums/the-forum/threads/new" in page(client.get("/forums/the-forum"))
    form = client.get("/forums/the-forum/threads/new")
    response = open_thread(client, role)
    made = count(Thread, Thread.title == f"Thread by {role}")
    if expected == "sign-in":
        assert signs_in(form) and signs_in(response) and made == 0 and not link_shown
    elif expected == 403:
        assert form.status_code == 403 and response.status_code == 403
        assert made == 0 and not link_shown
    else:
        assert form.status_code == 200 and link_shown
        assert response.status_code == 302 and made == 1
        opening = db.session.scalar(select(Post).join(Thread).where(
            Thread.title == f"Thread by {role}"))
        assert opening.kind == "opening" and opening.state == expected
        thread = reload(opening).thread
        assert thread.questions == ["One?", "Two?"]
        readers = world.client("anonymous").get(f"/threads/{thread.id}")
        assert readers.status_code == (200 if expected == "approved" else 404)


# Topics and the queue -------------------------------------------------------------------------

MODERATES = {"anonymous": "sign-in", "participant": 403, "moderator": "yes",
             "other_moderator": 403, "secretariat": "yes"}


@pytest.mark.parametrize("role", ROLES)
def test_add_topics(world, role):
    client = world.client(role)
    response = client.post("/moderation/the-forum/topics", data={"topic-title": f"By {role}"})
    made = count(Topic, Topic.title == f"By {role}")
    expected = MODERATES[role]
    if expected == "sign-in":
        assert signs_in(response)
    elif expected == 403:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
    assert made == (1 if expected == "yes" else 0)
    admin_route = client.post("/admin/forums/the-forum/topics", data={"topic-title": "Admin"})
    assert admin_route.status_code == {"anonymous": 302, "secretariat": 302}.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_see_the_queue(world, role):
    world.pending("Waiting in the queue.")
    client = world.client(role)
    response = client.get("/moderation/the-forum")
    expected = MODERATES[role]
    if expected == "sign-in":
        assert signs_in(response)
    elif expected == 403:
        assert response.status_code == 403
        assert "Waiting in the queue." not in visible(response)
    else:
        assert response.status_code == 200 and "Waiting in the queue." in visible(response)
    home = page(client.get("/forums/the-forum"))
    assert ("/moderation/the-forum" in home) == (expected == "yes")
    # Pending posts appear on the thread page only for their author and the moderators.
    assert ("Waiting in the queue." in visible(client.get(f"/threads/{world.thread.id}"))) == \
        (expected == "yes")


# Moderation actions on posts --------------------------------------------------------------------

def _approve(client, post):
    return client.post(f"/moderation/posts/{post.id}/decide",
                       data={"version": "1", "approve": "Approve"})


def _reject(client, post):
    return client.post(f"/moderation/posts/{post.id}/decide", data={
        "version": "1", "canned": "Off-topic for this thread.", "reject": "Reject"})


def _edit(client, post):
    return client.post(f"/moderation/posts/{post.id}/edit",
                       data={"version": "1", "body": "Edited by a moderator."})


def _hide(client, post):
    return client.post(f"/moderation/posts/{post.id}/hide", data={"reason": "Because."})


def _restore(client, post):
    return client.post(f"/moderation/posts/{post.id}/restore")


def _tag(client, post):
    return client.post(f"/moderation/posts/{post.id}/tags", data={"tags": "capacity"})


def _hidden(world):
    post = world.approved()
    return moderation.hide_post(reload(post), acting_user=world.people["moderator"],
                                reason="Hidden first.")


MODERATION_ACTIONS = {
    # name: (make the post, act, check that it happened)
    "approve": (lambda w: w.pending(), _approve, lambda p: p.state == "approved"),
    "reject": (lambda w: w.pending(), _reject, lambda p: p.state == "rejected"),
    "edit-then-approve": (lambda w: w.pending(), _edit,
                          lambda p: p.state == "approved" and p.version == 2),
    "hide": (lambda w: w.approved(), _hide, lambda p: p.state == "hidden"),
    "restore": (_hidden, _restore, lambda p: p.state == "approved"),
    "tag": (lambda w: w.approved(), _tag, lambda p: [t.name for t in p.tags] == ["capacity"]),
}


@pytest.mark.parametrize("action", list(MODERATION_ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_moderation_actions(world, role, action):
    make, act, happened = MODERATION_ACTIONS[action]
    post = make(world)
    before = (reload(post).state, reload(post).version, reload(post).number)
    client = world.client(role)
    response = act(client, post)
    expected = MODERATES[role]
    post = reload(post)
    if expected == "yes":
        assert response.status_code == 302 and happened(post)
        return
    if expected == "sign-in":
        assert signs_in(response)
    else:
        # Not "forbidden": someone who may not moderate learns nothing about the post.
        missing = act(client, type("Missing", (), {"id": MISSING})())
        assert response.status_code == 404 and missing.status_code == 404
        assert same_page(response, missing)
    assert (post.state, post.version, post.number) == before
    assert not happened(post)


@pytest.mark.parametrize("role", ROLES)
def test_bulk_decisions(world, role):
    post = world.pending()
    client = world.client(role)
    response = client.post("/moderation/the-forum/bulk",
                           data={"item": [f"{post.id}:1"], "approve": "Approve selected",
                                 "confirm": "yes"})
    expected = MODERATES[role]
    if expected == "sign-in":
        assert signs_in(response)
    elif expected == 403:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
    assert reload(post).state == ("approved" if expected == "yes" else "pending")


# A post someone may not see answers 404 exactly like a missing one ------------------------------

@pytest.mark.parametrize("role", ["anonymous", "participant", "other_moderator"])
@pytest.mark.parametrize("state", ["pending", "rejected", "hidden", "withdrawn"])
def test_a_post_one_may_not_see_is_a_404_like_a_missing_one(world, role, state):
    post = world.pending(f"Secret {state} text.")
    moderator, author = world.people["moderator"], world.people["author"]
    if state == "rejected":
        moderation.reject_post(reload(post), acting_user=moderator, reason="No.")
    elif state == "hidden":
        moderation.approve_post(reload(post), acting_user=moderator, version=1)
        moderation.hide_post(reload(post), acting_user=moderator, reason="No.")
    elif state == "withdrawn":
        writing.withdraw_post(reload(post), author=author)
    client = world.client(role)
    hidden, missing = client.get(f"/posts/{post.id}"), client.get(f"/posts/{MISSING}")
    assert hidden.status_code == missing.status_code == 404
    assert same_page(hidden, missing)
    assert f"Secret {state} text." not in visible(client.get(f"/threads/{world.thread.id}"))
    for url in (f"/moderation/posts/{post.id}/edit",):
        response = client.get(url)
        if role == "anonymous":
            assert signs_in(response)
        else:
            assert response.status_code == 404
            assert same_page(response, client.get(f"/moderation/posts/{MISSING}/edit"))


@pytest.mark.parametrize("role", ["moderator", "secretariat"])
def test_moderators_and_the_secretariat_see_pending_and_hidden_posts(world, role):
    pending = world.pending("Still pending.")
    hidden = _hidden(world)
    client = world.client(role)
    assert client.get(f"/posts/{pending.id}").status_code == 302
    assert client.get(f"/posts/{hidden.id}").status_code == 302
    text = visible(client.get(f"/threads/{world.thread.id}"))
    assert "Still pending." in text and "Hidden by a moderator: Hidden first." in text


def test_a_thread_nobody_may_see_yet_is_a_404(app):
    world = build_world(app, participants_may_open_threads=True)
    thread = writing.open_thread(world.forum, author=world.people["author"], title="Mine",
                                 body="Awaiting.")
    for role in ("anonymous", "participant", "other_moderator"):
        assert world.client(role).get(f"/threads/{thread.id}").status_code == 404
    author = app.test_client()
    login(author, world.people["author"])
    assert author.get(f"/threads/{thread.id}").status_code == 200
    assert world.client("moderator").get(f"/threads/{thread.id}").status_code == 200


# The Secretariat's actions ----------------------------------------------------------------------

SECRETARIAT_ONLY = {"anonymous": "sign-in", "participant": 403, "moderator": 403,
                    "other_moderator": 403, "secretariat": "yes"}


def _create_forum(world, client):
    response = client.post("/admin/", data={
        "slug": "brand-new", "title": "New", "language": "en", "opens_at": "2030-01-01T00:00",
        "closes_at": "2030-02-01T00:00", "posting": "registered"})
    return response, count(Forum, Forum.slug == "brand-new") == 1


def _window(action, data=None):
    def run(world, client):
        before = (reload(world.forum).opens_at, reload(world.forum).closes_at,
                  reload(world.forum).extended_to)
        response = client.post(f"/admin/forums/the-forum/window/{action}", data=data or {})
        forum = reload(world.forum)
        return response, (forum.opens_at, forum.closes_at, forum.extended_to) != before
    return run


def _assign(world, client):
    person = world.people["newcomer"]
    response = client.post("/admin/forums/the-forum/people/moderator",
                           data={"person-email": person.email})
    return response, db.session.get(ForumModerator, (world.forum.id, person.id)) is not None


def _accredit(world, client):
    person = world.people["newcomer"]
    response = client.post("/admin/forums/the-forum/people/participant",
                           data={"person-email": person.email})
    return response, count(Accreditation, Accreditation.user_id == person.id) == 1


def _on_behalf(world, client):
    response = client.post(f"/threads/{world.thread.id}/on-behalf", data={
        "moderator_id": str(world.people["moderator"].id), "body": "For the moderator.",
        "submission_key": "ob"})
    return response, count(Post, Post.body == "For the moderator.") == 1


SECRETARIAT_ACTIONS = {
    "create-forum": _create_forum,
    "open-now": _window("open"),
    "close-now": _window("close"),
    "extend": _window("extend", {"ext-until": "2099-01-01T00:00"}),
    "assign-moderator": _assign,
    "accredit": _accredit,
    "post-on-behalf": _on_behalf,
}


@pytest.mark.parametrize("action", list(SECRETARIAT_ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_secretariat_actions(app, role, action):
    # An upcoming forum, so that "open now" changes something.
    world = build_world(app)
    forum = reload(world.forum)
    forum.opens_at = now() + timedelta(days=1)
    db.session.commit()
    client = world.client(role)
    audited = count(AuditEntry)
    response, happened = SECRETARIAT_ACTIONS[action](world, client)
    expected = SECRETARIAT_ONLY[role]
    if expected == "yes":
        assert response.status_code == 302 and happened
        assert count(AuditEntry) == audited + 1
        return
    if expected == "sign-in":
        assert signs_in(response)
    else:
        assert response.status_code == 403
    assert not happened and count(AuditEntry) == audited


@pytest.mark.parametrize("role", ROLES)
def test_read_the_audit_log(world, role):
    response = world.client(role).get("/admin/audit")
    expected = SECRETARIAT_ONLY[role]
    if expected == "sign-in":
        assert signs_in(response)
    elif expected == 403:
        assert response.status_code == 403 and "Created the forum" not in visible(response)
    else:
        assert response.status_code == 200 and "Created the forum" in visible(response)
