"""Moderators at work: the queue, approving, rejecting, editing, bulk decisions, hiding,
restoring, tagging, and the conflicts the rules refuse."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select

from forum.admin import actions as admin
from forum.extensions import db
from forum.models import AuditEntry, Post, PostRevision, Topic, User
from forum.threads import actions as writing
from tests.helpers import login, make_forum, make_reply, make_thread, make_user, setup_forum
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    article,
    body_of,
    fast_password_hashing,
    page,
    reload,
    set_clock,
    textarea,
    visible,
)


def decide(client, post, *, version=None, reject=False, canned="", reason="", back=None):
    data = {"version": str(version if version is not None else reload(post).version),
            "canned": canned, "reason": reason}
    data["reject" if reject else "approve"] = "Reject" if reject else "Approve"
    if back:
        data["back"] = back
    return client.post(f"/moderation/posts/{post.id}/decide", data=data)


def moderator_client(app, moderator):
    client = app.test_client()
    login(client, moderator)
    return client


def queue_order(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="queue-item" id="q-(\d+)"', html)]


# The queue -------------------------------------------------------------------------------------

def test_queue_lists_pending_posts_oldest_first_with_author_details_and_topic_filter(app):
    clock = set_clock(app, datetime(2014, 5, 20, 9, 0))
    moderator = make_user("moderator", country="ZA")
    forum = make_forum(moderators=[moderator], topics=2)
    first_topic, second_topic = forum.topics
    thread_1 = make_thread(forum, moderator, title="Needs", topic=first_topic)
    thread_2 = make_thread(forum, moderator, title="Experiences", topic=second_topic)
    moldova = make_user(country="MD", name="Angela Lozan", title="Dr.",
                        organization="Ministry of Environment")
    ngo = make_user(country=None, affiliation="organization", name="Sam Field",
                    organization="Public Research and Regulation Initiative")

    clock.advance(hours=1)
    oldest = make_reply(thread_2, moldova, "Oldest, in topic two.")
    clock.advance(hours=1)
    middle = make_reply(thread_1, ngo, "Middle, in topic one.")
    clock.advance(hours=1)
    newest = make_reply(thread_2, ngo, "Newest, in topic two.")
    approved = make_reply(thread_1, moderator, "The moderator's own reply.")

    client = moderator_client(app, moderator)
    response = client.get(f"/moderation/{forum.slug}")
    assert response.status_code == 200
    html = page(response)
    assert queue_order(html) == [oldest.id, middle.id, newest.id]
    assert "3 posts awaiting moderation, oldest first." in visible(html)
    assert approved.id not in queue_order(html)
    text = visible(html)
    # The author in words, not "Moldova · party".
    assert ("Dr. Angela Lozan, Ministry of Environment, for the Republic of Moldova "
            "(a Party)") in text
    assert "Sam Field, Public Research and Regulation Initiative (an organization)" in text
    assert "(topic: Topic 2)" in text and "since 2014-05-20 10:00 UTC" in text

    filtered = client.get(f"/moderation/{forum.slug}?topic={second_topic.id}")
    assert queue_order(page(filtered)) == [oldest.id, newest.id]
    assert f'<option value="{second_topic.id}" selected>' in page(filtered)


def test_queue_of_a_forum_with_nothing_waiting(app):
    forum, moderator, participant, thread = setup_forum()
    response = moderator_client(app, moderator).get(f"/moderation/{forum.slug}")
    assert "Nothing is waiting." in visible(response)


# Approving and rejecting ------------------------------------------------------------------------

def test_approving_gives_the_next_public_number_shown_on_the_thread(app):
    forum, moderator, participant, thread = setup_forum()
    opening_number = db.session.scalar(select(Post.number).where(Post.kind == "opening"))
    first = make_reply(thread, participant, "First reply.")
    second = make_reply(thread, participant, "Second reply.")
    client = moderator_client(app, moderator)

    # Approve the later one first: numbers follow approval, not submission.
    response = decide(client, second)
    assert response.status_code == 302
    assert f"/moderation/{forum.slug}?undo={second.id}#q-{first.id}" in response.location
    assert f"was approved as #{opening_number + 1}." in visible(client.get(response.location))
    decide(client, first)
    assert reload(second).number == opening_number + 1
    assert reload(first).number == opening_number + 2
    assert reload(first).approved_by_id == moderator.id

    reader = app.test_client().get(f"/threads/{thread.id}")
    assert f"[#{opening_number + 1}]" in visible(article(page(reader), second.id))
    assert f"[#{opening_number + 2}]" in visible(article(page(reader), first.id))
    assert "Second reply." in visible(reader)
    jump = app.test_client().get(f"/n/{opening_number + 2}")
    assert jump.status_code == 302 and jump.location.endswith(f"/posts/{first.id}")
    audit = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_id == first.id)).all()
    assert "post.approve" in audit


def test_numbers_are_one_series_for_the_whole_site(app):
    forum, moderator, participant, thread = setup_forum()
    other_forum = make_forum(moderators=[moderator])
    other_thread = make_thread(other_forum, moderator)
    numbers = db.session.scalars(select(Post.number).where(Post.number.is_not(None))
                                 .order_by(Post.number)).all()
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    reply = make_reply(other_thread, participant, "x")
    decide(moderator_client(app, moderator), reply)
    assert reload(reply).number == numbers[-1] + 1


def test_rejection_with_canned_and_free_reason_is_seen_by_the_author_only(app, smtp):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Please visit my shop.")
    client = moderator_client(app, moderator)
    response = decide(client, post, reject=True, canned="Off-topic for this thread.",
                      reason="Topic 2 is the place for this.")
    assert response.status_code == 302
    assert "was rejected" in visible(client.get(response.location))
    reason = "Off-topic for this thread. Topic 2 is the place for this."
    post = reload(post)
    assert post.state == "rejected" and post.number is None
    assert post.moderation_reason == reason and post.moderated_by_id == moderator.id

    author = app.test_client()
    login(author, participant)
    assert f"Not approved. Reason: {reason}" in visible(author.get(f"/threads/{thread.id}"))
    assert author.get(f"/posts/{post.id}").status_code == 302

    for reader in (app.test_client(), moderator_client(app, make_user())):
        assert "Please visit my shop." not in visible(reader.get(f"/threads/{thread.id}"))
        assert reader.get(f"/posts/{post.id}").status_code == 404
    # The moderators see it in "recently moderated".
    assert f"rejected · {participant.display_name}" in visible(
        client.get(f"/moderation/{forum.slug}"))


def test_rejection_without_a_reason_is_refused_and_the_post_stays_pending(app):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Hello.")
    client = moderator_client(app, moderator)
    response = decide(client, post, reject=True)
    assert response.status_code == 400
    assert "Give a reason: the author will see it." in visible(response)
    assert reload(post).state == "pending"


def test_edit_then_approve_keeps_the_authors_text_visible_to_moderators(app):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "My frend's email is x@example.org. Good idea.")
    client = moderator_client(app, moderator)
    form = client.get(f"/moderation/posts/{post.id}/edit")
    assert form.status_code == 200
    assert textarea(page(form), "body") == "My frend's email is x@example.org. Good idea."
    assert "kept as a revision" in visible(form)

    response = client.post(f"/moderation/posts/{post.id}/edit",
                           data={"body": "[personal data removed] Good idea.", "version": "1"})
    assert response.status_code == 302
    post = reload(post)
    assert post.state == "approved" and post.number is not None and post.version == 2
    assert f"approved as #{post.number}" in visible(client.get(response.location))
    [revision] = db.session.scalars(select(PostRevision).where(PostRevision.post_id == post.id))
    assert revision.body.startswith("My frend's email") and revision.edited_by_id == moderator.id

    public = visible(app.test_client().get(f"/threads/{thread.id}"))
    assert "[personal data removed] Good idea." in public and "x@example.org" not in public
    author = app.test_client()
    login(author, participant)
    assert "x@example.org" not in visible(author.get(f"/threads/{thread.id}"))

    # Moderators still see what the author wrote.
    seen = visible(article(page(client.get(f"/threads/{thread.id}")), post.id))
    assert "Earlier versions (1)" in seen
    assert "My frend's email is x@example.org. Good idea." in seen
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_id == post.id).order_by(AuditEntry.id)).all()
    assert actions == ["post.edit", "post.approve"]


def test_bulk_approve_and_bulk_reject(app):
    forum, moderator, participant, thread = setup_forum()
    posts = [make_reply(thread, participant, f"Message {i}") for i in range(4)]
    client = moderator_client(app, moderator)

    approved = client.post(f"/moderation/{forum.slug}/bulk", data={
        "item": [f"{posts[0].id}:1", f"{posts[1].id}:1"],
        "approve": "Approve selected", "confirm": "yes"})
    assert approved.status_code == 302
    assert "2 posts approved." in visible(client.get(approved.location))
    assert [reload(p).state for p in posts] == ["approved", "approved", "pending", "pending"]

    no_reason = client.post(f"/moderation/{forum.slug}/bulk", data={
        "item": [f"{posts[2].id}:1"], "reject": "Reject selected",
        "confirm": "yes"})
    assert "Choose a reason for the rejections." in visible(client.get(no_reason.location))
    assert reload(posts[2]).state == "pending"

    rejected = client.post(f"/moderation/{forum.slug}/bulk", data={
        "item": [f"{posts[2].id}:1", f"{posts[3].id}:1"],
        "canned": "Duplicate of an earlier message.", "reject": "Reject selected",
        "confirm": "yes"})
    assert "2 posts rejected." in visible(client.get(rejected.location))
    assert {reload(p).moderation_reason for p in posts[2:]} == {
        "Duplicate of an earlier message."}

    nothing = client.post(f"/moderation/{forum.slug}/bulk", data={"approve": "Approve"})
    assert "Select at least one post." in visible(client.get(nothing.location))


def test_bulk_reports_the_posts_it_could_not_decide(app):
    forum, moderator, participant, thread = setup_forum()
    fresh = make_reply(thread, participant, "Fresh.")
    edited = make_reply(thread, participant, "Draft.")
    writing.edit_own_post(edited, author=participant, body="Edited.", version=1)
    client = moderator_client(app, moderator)
    response = client.post(f"/moderation/{forum.slug}/bulk", data={
        "item": [f"{fresh.id}:1", f"{edited.id}:1"],
        "approve": "Approve selected", "confirm": "yes"})
    text = visible(client.get(response.location))
    assert "1 post approved." in text
    assert f"Post {edited.id}: The author edited this post after you opened it" in text
    assert reload(edited).state == "pending"


def test_bulk_ignores_posts_of_other_forums(app):
    forum, moderator, participant, thread = setup_forum()
    elsewhere_mod = make_user("moderator")
    other_forum = make_forum(moderators=[elsewhere_mod])
    other_thread = make_thread(other_forum, elsewhere_mod)
    foreign = make_reply(other_thread, participant, "Not yours.")
    client = moderator_client(app, moderator)
    client.post(f"/moderation/{forum.slug}/bulk", data={
        "item": [f"{foreign.id}:1"],
        "approve": "Approve selected", "confirm": "yes"})
    assert reload(foreign).state == "pending"


def test_hide_with_a_reason_then_restore_keeps_the_number(app):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Something regrettable.")
    client = moderator_client(app, moderator)
    decide(client, post)
    number = reload(post).number

    no_reason = client.post(f"/moderation/posts/{post.id}/hide", data={"reason": ""})
    assert no_reason.status_code == 400
    assert "Give a reason for hiding the post." in visible(no_reason)
    assert "Moderation queue" in visible(no_reason)
    # From the thread page, the refusal is shown on the thread page.
    from_thread = client.post(f"/moderation/posts/{post.id}/hide",
                              data={"reason": " ", "back": "thread"})
    assert from_thread.status_code == 400
    assert "Give a reason for hiding the post." in visible(from_thread)
    assert "Something regrettable." in visible(from_thread)
    assert reload(post).state == "approved"

    hidden = client.post(f"/moderation/posts/{post.id}/hide",
                         data={"reason": "Personal data.", "back": "thread"})
    assert hidden.status_code == 302
    assert "The post is hidden from readers." in visible(client.get(hidden.location,
                                                                    follow_redirects=True))
    assert reload(post).state == "hidden" and reload(post).moderation_reason == "Personal data."
    reader = app.test_client()
    assert "Something regrettable." not in visible(reader.get(f"/threads/{thread.id}"))
    assert reader.get(f"/posts/{post.id}").status_code == 404
    assert reader.get(f"/n/{number}").status_code == 404
    mod_view = visible(article(page(client.get(f"/threads/{thread.id}")), post.id))
    assert "Hidden by a moderator: Personal data." in mod_view and "Restore" in mod_view
    # Its author still finds it where it was, with the reason, and no one else does.
    author = app.test_client()
    login(author, participant)
    mine = visible(article(page(author.get(f"/posts/{post.id}", follow_redirects=True)), post.id))
    assert "Hidden by a moderator: Personal data." in mine and "Restore" not in mine

    again = client.post(f"/moderation/posts/{post.id}/hide", data={"reason": "Twice."})
    assert again.status_code == 409
    assert "Only an approved post can be hidden." in visible(again)

    restored = client.post(f"/moderation/posts/{post.id}/restore")
    assert restored.status_code == 302
    assert "The post is public again." in visible(client.get(restored.location))
    post = reload(post)
    assert post.state == "approved" and post.number == number
    assert f"[#{number}]" in visible(reader.get(f"/threads/{thread.id}"))
    assert reader.get(f"/n/{number}").status_code == 302
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_id == post.id).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["post.hide", "post.restore"]


def test_tags_are_saved_and_shown_to_moderators_only(app):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Capacity needs.")
    client = moderator_client(app, moderator)
    decide(client, post)
    response = client.post(f"/moderation/posts/{post.id}/tags",
                           data={"tags": "Capacity, funding , capacity,", "back": "thread"})
    assert response.status_code == 302
    assert [t.name for t in reload(post).tags] == ["capacity", "funding"]
    mod_view = visible(article(page(client.get(f"/threads/{thread.id}")), post.id))
    assert "Tags: capacity funding" in mod_view
    assert "Tags:" not in visible(app.test_client().get(f"/threads/{thread.id}"))
    client.post(f"/moderation/posts/{post.id}/tags", data={"tags": "funding"})
    assert [t.name for t in reload(post).tags] == ["funding"]


# Conflicts ---------------------------------------------------------------------------------

def test_approving_a_stale_version_is_refused_with_a_clear_message_and_changes_nothing(app):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Version one.")
    client = moderator_client(app, moderator)
    assert 'value="1"' in page(client.get(f"/moderation/{forum.slug}"))  # moderator sees v1
    writing.edit_own_post(reload(post), author=participant, body="Version two.", version=1)

    response = decide(client, post, version=1)
    assert response.status_code == 409
    text = visible(response)
    assert "The author edited this post after you opened it" in text
    assert "now version 2, you saw version 1" in text
    post = reload(post)
    assert post.state == "pending" and post.number is None and post.body == "Version two."
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "post.approve")) == 0

    stale_edit = client.post(f"/moderation/posts/{post.id}/edit",
                             data={"body": "Moderator's text.", "version": "1"})
    assert stale_edit.status_code == 409
    assert "The author edited this post" in visible(stale_edit)
    assert reload(post).body == "Version two." and reload(post).state == "pending"

    assert decide(client, post, version=2).status_code == 302
    assert reload(post).state == "approved"


def test_deciding_a_post_that_is_no_longer_pending_is_refused(app):
    forum, moderator, participant, thread = setup_forum()
    second_moderator = make_user("moderator", name="Second Moderator")
    admin.assign_moderator(forum, second_moderator,
                           acting_user=db.session.scalar(select(User).filter_by(
                               role="secretariat")))
    post = make_reply(thread, participant, "Contested.")
    first = moderator_client(app, moderator)
    second = moderator_client(app, second_moderator)
    assert decide(first, post).status_code == 302
    number = reload(post).number

    again = decide(second, post, version=1)
    assert again.status_code == 409
    assert (f"This post was already approved by {moderator.display_name}; nothing was changed."
            in visible(again))
    rejected = decide(second, post, reject=True, canned="Off-topic for this thread.")
    assert rejected.status_code == 409
    assert "already approved" in visible(rejected)
    post = reload(post)
    assert post.state == "approved" and post.number == number
    assert post.approved_by_id == moderator.id

    withdrawn = make_reply(thread, participant, "Changed my mind.")
    writing.withdraw_post(reload(withdrawn), author=participant)
    late = decide(first, withdrawn, version=1)
    assert late.status_code == 409 and "already withdrawn" in visible(late)
    assert reload(withdrawn).state == "withdrawn"


def test_new_pending_posts_email_the_forums_moderators_without_the_text(app, smtp):
    forum, moderator, participant, thread = setup_forum()
    other_moderator = make_user("moderator")
    make_forum(moderators=[other_moderator])
    client = app.test_client()
    login(client, participant)
    client.post(f"/threads/{thread.id}/reply",
                data={"body": "Confidential draft wording.", "submission_key": "n1"})
    [mail] = smtp.wait_for(1)
    assert mail["To"] == moderator.email
    assert mail["Subject"] == f"[{forum.slug}] A post awaits moderation"
    text = body_of(mail)
    assert "Confidential draft wording." not in text
    assert "Mr. Ramatha Letchumanan" in text and "Guiding questions" in text
    assert f"http://forum.test/moderation/{forum.slug}" in text
    assert smtp.to(other_moderator.email) == []


def test_moderators_add_topics_to_their_forum(app):
    forum, moderator, participant, thread = setup_forum()
    client = moderator_client(app, moderator)
    queue = page(client.get(f"/moderation/{forum.slug}"))
    assert f'action="/moderation/{forum.slug}/topics"' in queue
    response = client.post(f"/moderation/{forum.slug}/topics",
                           data={"topic-title": "Regional cooperation",
                                 "topic-description": "What *works*?"})
    assert response.status_code == 302
    assert "Topic added." in visible(client.get(response.location))
    topic = db.session.scalar(select(Topic).where(Topic.title == "Regional cooperation"))
    assert topic.forum_id == forum.id and "<em>works</em>" in topic.description_html
    assert "Regional cooperation" in visible(app.test_client().get(f"/forums/{forum.slug}"))

    empty = client.post(f"/moderation/{forum.slug}/topics", data={"topic-title": ""})
    assert empty.status_code == 400
    assert "This field is required." in visible(empty)
