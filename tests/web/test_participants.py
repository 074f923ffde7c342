"""A participant's day: replying (with preview), their pending post, editing and withdrawing
it, hearing about the moderator's decision, watching a forum, daily digests, bylines."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from forum import notify
from forum.extensions import db
from forum.models import Notification, Post, PostRevision, Watch
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from tests.helpers import login, make_forum, make_reply, make_thread, make_user, setup_forum
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    article,
    body_of,
    fast_password_hashing,
    link_after,
    page,
    reload,
    reply_form,
    set_clock,
    textarea,
    visible,
)


def post_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Post.id)))


def approve(post, moderator):
    return moderation.approve_post(reload(post), acting_user=moderator,
                                   version=reload(post).version)


# Replying --------------------------------------------------------------------------------

def test_preview_shows_the_rendered_text_keeps_it_and_creates_nothing(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    before = post_count()
    text = "We used **field trials** and *risk assessment*:\n\n1. first\n2. second"
    response = client.post(f"/threads/{thread.id}/reply",
                           data={"body": text, "submission_key": "p1", "preview": "Preview"})
    assert response.status_code == 200
    html = page(response)
    assert '<div class="preview"' in html
    assert "<strong>field trials</strong>" in html and "<em>risk assessment</em>" in html
    assert "<ol>" in html
    assert textarea(html, "body") == text
    assert 'value="p1"' in html  # the same submission key, so posting after preview is one post
    assert post_count() == before


def test_reply_in_markdown_is_pending_and_shown_to_its_author_marked(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    response = client.post(f"/threads/{thread.id}/reply",
                           data=reply_form("In Malaysia we **publish** every decision."))
    assert response.status_code == 302
    post = db.session.scalar(select(Post).where(Post.author_id == participant.id))
    assert post.state == "pending" and post.number is None and post.kind == "reply"
    assert "<strong>publish</strong>" in post.body_html
    assert response.location.endswith(f"/posts/{post.id}")

    shown = client.get(response.location, follow_redirects=True)
    assert "Your reply awaits moderation" in visible(shown)
    mine = article(page(shown), post.id)
    assert "<strong>publish</strong>" in mine
    assert "Awaiting moderation: only you and the moderators can see this post." in visible(mine)
    assert "not yet numbered" in visible(mine)
    assert "Edit" in visible(mine) and "Withdraw" in visible(mine)

    # Nobody else sees it.
    stranger = app.test_client()
    assert "publish" not in visible(stranger.get(f"/threads/{thread.id}"))
    assert stranger.get(f"/posts/{post.id}").status_code == 404
    other = app.test_client()
    login(other, make_user())
    assert "publish" not in visible(other.get(f"/threads/{thread.id}"))
    assert other.get(f"/posts/{post.id}").status_code == 404


def test_a_moderators_reply_is_public_at_once_with_a_number(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, moderator)
    response = client.post(f"/threads/{thread.id}/reply", data=reply_form("Welcome, all."))
    post = db.session.scalar(select(Post).where(Post.kind == "reply"))
    assert post.state == "approved" and post.number is not None
    assert f"Your message was posted as #{post.number}." in visible(
        client.get(response.location, follow_redirects=True))
    assert f"[#{post.number}]" in visible(app.test_client().get(f"/threads/{thread.id}"))


# Editing and withdrawing while pending ---------------------------------------------------------

def test_author_edits_a_pending_post_and_the_earlier_text_is_kept(app, client):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "First draft with a typo.")
    login(client, participant)
    form = client.get(f"/posts/{post.id}/edit")
    assert form.status_code == 200
    assert textarea(page(form), "body") == "First draft with a typo."

    response = client.post(f"/posts/{post.id}/edit",
                           data={"body": "Second draft, corrected.", "version": "1"})
    assert response.status_code == 302
    assert "still awaits moderation" in visible(client.get(response.location,
                                                           follow_redirects=True))
    post = reload(post)
    assert post.body == "Second draft, corrected." and post.version == 2
    assert post.state == "pending"
    [revision] = db.session.scalars(select(PostRevision).where(PostRevision.post_id == post.id))
    assert revision.version == 1 and revision.body == "First draft with a typo."
    assert revision.edited_by_id == participant.id

    # A stale edit form (version 1) is refused and keeps the typed text.
    stale = client.post(f"/posts/{post.id}/edit", data={"body": "Third try", "version": "1"})
    assert stale.status_code == 409
    assert "The post changed since you opened it" in visible(stale)
    assert textarea(page(stale), "body") == "Third try"
    assert reload(post).body == "Second draft, corrected."

    empty = client.post(f"/posts/{post.id}/edit", data={"body": "  ", "version": "2"})
    assert empty.status_code == 400 and "Write something before posting." in visible(empty)


def test_author_withdraws_a_pending_post(app, client):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "I would rather not say this.")
    login(client, participant)
    response = client.post(f"/posts/{post.id}/withdraw")
    assert response.status_code == 302
    assert "Your post was withdrawn." in visible(client.get(response.location))
    assert reload(post).state == "withdrawn"
    assert "I would rather not say this." not in visible(client.get(f"/threads/{thread.id}"))
    # Moderators no longer have it in their queue.
    mod = app.test_client()
    login(mod, moderator)
    assert "I would rather not say this." not in visible(mod.get(f"/moderation/{forum.slug}"))


def test_only_the_author_may_edit_and_only_while_pending(app, client):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Original words.")
    intruder = app.test_client()
    login(intruder, make_user())
    assert intruder.get(f"/posts/{post.id}/edit").status_code == 404
    assert intruder.post(f"/posts/{post.id}/edit",
                         data={"body": "Hijacked", "version": "1"}).status_code == 404
    assert intruder.post(f"/posts/{post.id}/withdraw").status_code == 404

    approve(post, moderator)
    login(client, participant)
    response = client.get(f"/posts/{post.id}/edit", follow_redirects=True)
    assert "Only a post awaiting moderation can be edited." in visible(response)
    client.post(f"/posts/{post.id}/edit", data={"body": "Changed", "version": "1"})
    client.post(f"/posts/{post.id}/withdraw")
    post = reload(post)
    assert post.body == "Original words." and post.state == "approved"


# Hearing about decisions ---------------------------------------------------------------------

def test_author_is_told_in_app_and_by_email_when_approved(app, client, smtp):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Our experience with LMOs.")
    smtp.messages.clear()  # the moderators' notice of a pending post
    approve(post, moderator)
    number = reload(post).number
    mail = [m for m in smtp.wait_for(1) if m["To"] == participant.email]
    assert len(mail) == 1
    assert mail[0]["Subject"] == f"[{forum.slug}] Your post was approved"
    assert "was approved and is now public" in body_of(mail[0])
    assert f"http://forum.test/posts/{post.id}" in body_of(mail[0])

    [notice] = db.session.scalars(select(Notification).where(
        Notification.user_id == participant.id))
    assert notice.post_id == post.id
    login(client, participant)
    account = visible(client.get("/account"))
    assert 'Your post in "Guiding questions" was approved and is now public.' in account
    assert f"[#{number}]" in visible(client.get(f"/threads/{thread.id}"))


def test_author_is_told_the_reason_when_rejected(app, client, smtp):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Buy our seeds!")
    smtp.messages.clear()
    mod = app.test_client()
    login(mod, moderator)
    mod.post(f"/moderation/posts/{post.id}/decide", data={
        "version": "1", "canned": "Commercial promotion or advertising.",
        "reason": "Please describe your experience instead.", "reject": "Reject"})
    reason = "Commercial promotion or advertising. Please describe your experience instead."
    assert reload(post).state == "rejected"
    smtp.wait_for(1)
    [mail] = smtp.to(participant.email)
    assert mail["Subject"] == f"[{forum.slug}] Your post was rejected"
    assert reason in body_of(mail)

    login(client, participant)
    assert f"was not approved. Reason: {reason}" in visible(client.get("/account"))
    mine = visible(article(page(client.get(f"/threads/{thread.id}")), post.id))
    assert f"Not approved. Reason: {reason}" in mine


# Watching ----------------------------------------------------------------------------------

def test_watching_a_forum_emails_each_approved_message_once_with_a_stop_link(app, client,
                                                                              smtp):
    forum, moderator, participant, thread = setup_forum()
    watcher = make_user(name="Watcher")
    login(client, watcher)
    response = client.post(f"/forums/{forum.slug}/watch", data={"mode": "each"})
    assert response.status_code == 302
    assert "You are watching this forum." in visible(client.get(response.location))
    # Watching the thread as well still gives one email per message.
    client.post(f"/threads/{thread.id}/watch", data={"mode": "each"})

    post = make_reply(thread, participant, "A message **worth** reading.")
    smtp.wait_for(1)  # the moderators' notice
    assert smtp.to(watcher.email) == []  # never an email for a pending post

    approve(post, moderator)
    smtp.wait_for(3)
    [mail] = smtp.to(watcher.email)
    number = reload(post).number
    assert mail["Subject"] == f"[#{number}] RE: Guiding questions"
    text = body_of(mail)
    assert "A message **worth** reading." in text
    assert f"Read it online: http://forum.test/posts/{post.id}" in text
    assert "by Mr. Ramatha Letchumanan, Ministry of Natural Resources & Environment" in text
    stop = link_after(mail, "Stop watching:")
    assert mail["List-Unsubscribe"] == f"<http://forum.test{stop}>"

    # The stop link: a GET shows a button and changes nothing; a POST stops.
    anonymous = app.test_client()
    shown = anonymous.get(stop)
    assert shown.status_code == 200 and "Stop these emails" in visible(shown)
    assert db.session.scalar(select(func.count(Watch.id))) == 2
    stopped = anonymous.post(stop)
    assert stopped.status_code == 200
    assert "You will get no more of these emails" in visible(stopped)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Watch.id)).where(Watch.forum_id == forum.id)) == 0
    assert anonymous.post(stop).status_code == 400  # already used

    # Remove the thread watch from the account page, then no more mail.
    [thread_watch] = db.session.scalars(select(Watch)).all()
    account = client.post(f"/watches/{thread_watch.id}/delete")
    assert account.status_code == 302
    later = make_reply(thread, participant, "Another one.")
    approve(later, moderator)
    smtp.wait_for(6, timeout=0.5)
    assert len(smtp.to(watcher.email)) == 1


def test_a_tampered_stop_watching_link_is_refused(app, client):
    response = client.get("/unwatch/forged-token")
    assert response.status_code == 400 and "This link is not valid" in visible(response)


def test_daily_digest_sends_one_email_with_the_days_approved_messages(app, client, smtp):
    clock = set_clock(app, datetime(2014, 5, 28, 8, 0))
    forum, moderator, participant, thread = setup_forum()
    watcher = make_user(name="Daily Reader")
    login(client, watcher)
    client.post(f"/forums/{forum.slug}/watch", data={"mode": "daily"})

    clock.advance(hours=1)
    first = make_reply(thread, participant, "First message of the day.")
    second = make_reply(thread, participant, "Second message of the day.")
    pending = make_reply(thread, participant, "Still waiting for a moderator.")
    approve(first, moderator)
    approve(second, moderator)
    smtp.wait_for(5)
    assert smtp.to(watcher.email) == []  # daily mode: nothing per message

    clock.advance(hours=20)
    assert notify.send_daily_digests() == 1
    smtp.wait_for(6)
    [mail] = smtp.to(watcher.email)
    assert mail["Subject"] == "Daily digest: 2 new messages"
    text = body_of(mail)
    assert "First message of the day." in text and "Second message of the day." in text
    assert text.index("First message") < text.index("Second message")
    assert f"[#{reload(first).number}]" in text
    assert "Still waiting for a moderator." not in text
    assert f"http://forum.test/posts/{first.id}" in text
    assert "Stop watching: http://forum.test/unwatch/" in text
    assert reload(pending).state == "pending"

    # Nothing new: no second digest.
    clock.advance(hours=1)
    assert notify.send_daily_digests() == 0


def test_byline_shows_utc_time_title_name_and_ministry(app, client, smtp):
    set_clock(app, datetime(2014, 5, 28, 9, 4))
    moderator = make_user("moderator", country="ZA", name="Malta Qwathekana")
    participant = make_user(country="MY", name="Ramatha Letchumanan", title="Mr.",
                            organization="Ministry of Natural Resources & Environment")
    forum = make_forum(opens_at=datetime(2014, 5, 19), closes_at=datetime(2014, 6, 14),
                       moderators=[moderator])
    thread = make_thread(forum, moderator)
    watcher = make_user()
    login(client, participant)
    response = client.post(f"/threads/{thread.id}/reply", data=reply_form("Our view."))
    assert response.status_code == 302
    post = db.session.scalar(select(Post).where(Post.author_id == participant.id))
    assert post.created_at == datetime(2014, 5, 28, 9, 4)
    writing.watch(watcher, forum=forum)
    approve(post, moderator)

    expected = ("posted on 2014-05-28 09:04 UTC by Mr. Ramatha Letchumanan, "
                "Ministry of Natural Resources & Environment")
    reader = app.test_client()
    assert expected in visible(article(page(reader.get(f"/threads/{thread.id}")), post.id))
    assert expected in visible(reader.get(f"/threads/{thread.id}/print"))
    assert 'datetime="2014-05-28T09:04:00Z"' in page(reader.get(f"/threads/{thread.id}"))
    smtp.wait_for(3)
    [mail] = smtp.to(watcher.email)
    assert expected in body_of(mail)


def test_byline_falls_back_to_the_un_country_name(app, client):
    set_clock(app, datetime(2014, 5, 28, 9, 4))
    moderator = make_user("moderator", country="MD", name="Angela Lozan", title="Dr.",
                          organization="")
    forum = make_forum(opens_at=datetime(2014, 5, 19), closes_at=datetime(2014, 6, 14),
                       moderators=[moderator])
    thread = make_thread(forum, moderator)
    text = visible(client.get(f"/threads/{thread.id}"))
    assert "by Dr. Angela Lozan, the Republic of Moldova" in text
    assert "Moldova, Republic of" not in text
