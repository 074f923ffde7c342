"""Reading a long thread (issue 13, part 2): "in reply to #N" (the reply form, the action's
checks, who sees the link), subjects that only repeat the title, the participants by
country, and the jump to the latest message."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bench.data import add_posts
from forum.clock import now
from forum.extensions import db
from forum.forums import pagecache
from forum.models import Post
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from forum.threads.rules import subject_shown
from tests.helpers import login, make_reply, make_user, setup_forum, token_for
from tests.web.support import fast_password_hashing, page  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.db


def _approved(post: Post, moderator) -> Post:
    return moderation.approve_post(post, acting_user=moderator, version=post.version)


def _article(html: str, post_id: int) -> str:
    found = re.search(rf'<article class="post[^"]*" id="post-{post_id}">.*?</article>', html,
                      re.S)
    assert found, f"post {post_id} is not on the page"
    return found.group(0)


@pytest.mark.parametrize(("subject", "shown"), [
    ("RE: Guiding questions", ""), ("Re: re:  guiding QUESTIONS", ""),
    ("RE:RE: Guiding questions ", ""), ("Guiding questions", ""), ("", ""),
    ("RE: Guiding questions, and one more", "RE: Guiding questions, and one more"),
    ("Our experience", "Our experience"),
])
def test_a_subject_that_only_repeats_the_title_is_not_shown(subject, shown):
    assert subject_shown(subject, "Guiding questions") == shown


def test_a_reply_to_a_post_shows_in_reply_to_its_number_after_approval(app, client):
    forum, moderator, participant, thread = setup_forum()
    other = make_user("participant", country="KE", name="Wanjiru Kamau")
    first = _approved(make_reply(thread, other, body="We consulted widely."), moderator)
    login(client, participant)
    form = page(client.get(f"/posts/{first.id}/reply"))
    assert f"Reply to #{first.number}" in form and "We consulted widely." in form
    assert f'name="reply_to" type="hidden" value="{first.id}"' in form
    quoted = page(client.get(f"/posts/{first.id}/reply?quote=1"))
    assert "&gt; We consulted widely." in quoted  # the text to start from, quoted
    key = re.search(r'name="submission_key" type="hidden" value="(\w+)"', form).group(1)
    response = client.post(f"/threads/{thread.id}/reply", data={
        "body": "How long did the consultation take?", "reply_to": first.id,
        "submission_key": key, "submit": "Post reply"})
    assert response.status_code == 302
    reply = db.session.query(Post).filter_by(body="How long did the consultation take?").one()
    assert reply.reply_to_id == first.id and reply.state == "pending"
    # The author sees it on the thread before approval, with its link.
    own = _article(page(client.get(f"/threads/{thread.id}")), reply.id)
    assert f"in reply to #{first.number}" in own
    _approved(reply, moderator)
    client.post("/logout")
    for html in (page(client.get(f"/threads/{thread.id}")),) * 2:  # rendered, then cached
        article = _article(html, reply.id)
        assert f"in reply to #{first.number}" in article
        assert f'href="/posts/{first.id}"' in article


def test_a_reply_never_names_a_post_its_reader_may_not_see(app, client):
    forum, moderator, participant, thread = setup_forum()
    other = make_user("participant", country="KE", name="Wanjiru Kamau")
    target = _approved(make_reply(thread, other, body="A view, later hidden."), moderator)
    reply, _ = writing.submit_reply(thread, author=participant, body="I agree with this.",
                                    reply_to_id=target.id)
    _approved(reply, moderator)
    number = target.number
    assert f"in reply to #{number}" in _article(page(client.get(f"/threads/{thread.id}")),
                                                 reply.id)
    moderation.hide_post(target, acting_user=moderator, reason="Personal data.")
    for who in (None, participant):  # anonymous (whole-page cache), then signed in
        if who:
            login(client, who)
        html = page(client.get(f"/threads/{thread.id}"))
        assert f"#{number}" not in _article(html, reply.id)
        api = client.get(f"/api/v1/posts/{reply.id}", headers=token_for(who) if who else {})
        assert api.get_json()["reply_to"] is None
    client.post("/logout")
    login(client, moderator)  # moderators still see which post it answered
    assert f"in reply to #{number}" in _article(page(client.get(f"/threads/{thread.id}")),
                                                 reply.id)
    assert client.get(f"/api/v1/posts/{reply.id}", headers=token_for(moderator)
                      ).get_json()["reply_to"] == {"id": target.id, "number": number}


def test_the_action_refuses_a_target_the_author_may_not_see_in_the_same_words(app, client):
    forum, moderator, participant, thread = setup_forum()
    other = make_user("participant", country="KE")
    pending = make_reply(thread, other, body="Still pending.")
    elsewhere = writing.open_thread(forum, author=moderator, title="Another thread",
                                    body="Another framing.")
    messages = set()
    other_thread = db.session.query(Post).filter_by(thread_id=elsewhere.id).one()
    for target_id in (pending.id, other_thread.id, 999999):
        with pytest.raises(writing.PostingError) as refused:
            writing.submit_reply(thread, author=participant, body=f"About {target_id}.",
                                 reply_to_id=target_id)
        assert refused.value.status == 422 and refused.value.field == "reply_to"
        messages.add(str(refused.value.message))
    assert len(messages) == 1  # a pending post answers like a missing one
    # Through the API: the same refusal, and a visible target is accepted.
    headers = token_for(participant)
    refused = client.post(f"/api/v1/threads/{thread.id}/posts", headers=headers,
                          json={"body": "To the pending one.", "reply_to": pending.id})
    assert refused.status_code == 422
    opening = db.session.query(Post).filter_by(thread_id=thread.id, kind="opening").one()
    created = client.post(f"/api/v1/threads/{thread.id}/posts", headers=headers,
                          json={"body": "To the opening.", "reply_to": opening.id})
    assert created.status_code == 201
    assert created.get_json()["reply_to"] == {"id": opening.id, "number": opening.number}
    # The form: a refused target comes back with the text typed.
    login(client, participant)
    form = page(client.get(f"/threads/{thread.id}"))
    key = re.search(r'name="submission_key" type="hidden" value="(\w+)"', form).group(1)
    response = client.post(f"/threads/{thread.id}/reply", data={
        "body": "My typed reply.", "reply_to": pending.id, "submission_key": key,
        "submit": "Post reply"})
    assert response.status_code == 422
    assert "My typed reply." in page(response) and "not in this thread" in page(response)
    assert "Still pending." not in page(response)
    # A post of another thread, though visible, is not named as answered either.
    moderation.approve_post(other_thread, acting_user=moderator, version=other_thread.version) \
        if other_thread.state != "approved" else None
    form = page(client.get(f"/threads/{thread.id}"))
    key = re.search(r'name="submission_key" type="hidden" value="(\w+)"', form).group(1)
    response = client.post(f"/threads/{thread.id}/reply", data={
        "body": "My other reply.", "reply_to": other_thread.id, "submission_key": key,
        "submit": "Post reply"})
    assert response.status_code == 422 and "My other reply." in page(response)
    assert "Your reply answers" not in page(response)


def test_repeated_subjects_are_not_shown_but_a_changed_one_is(app, client):
    forum, moderator, participant, thread = setup_forum()
    plain = _approved(make_reply(thread, participant), moderator)
    changed = make_reply(thread, moderator)  # a moderator's post needs no approval
    changed.subject = "On the second question"
    db.session.commit()
    html = page(client.get(f"/threads/{thread.id}"))
    assert f"RE: {thread.title}" not in _article(html, plain.id)
    assert "On the second question" in _article(html, changed.id)
    assert f"Message #{plain.number} by" in _article(html, plain.id)  # its hidden heading


def test_participants_by_country_with_counts_and_first_posts(app, client):
    forum, moderator, participant, thread = setup_forum()
    kenyan = make_user("participant", country="KE", name="Wanjiru Kamau")
    observer = make_user("participant", country=None, name="Ana Ruiz",
                         organization="Seed Savers Network")
    first = None
    for author in (kenyan, observer, kenyan, participant):
        post = _approved(make_reply(thread, author), moderator)
        first = first or post
    html = page(client.get(f"/threads/{thread.id}"))
    contents = re.search(r'<details class="participants" open>.*?</details>', html, re.S)
    assert contents, "a short thread shows its participants unfolded"
    text = contents.group(0)
    assert "4 participants" in text
    kenya = text.index("Kenya")
    assert kenya < text.index("Seed Savers Network")  # countries, then organizations
    assert f'href="#post-{first.id}" dir="auto">Ms. Wanjiru Kamau</a> (2)' in text
    assert "Malaysia" in text and "South Africa" in text
    # A long thread folds them away and offers the jump to its latest message.
    add_posts(thread, [kenyan, observer], 30, state="approved",
              start=now() + timedelta(seconds=1))
    pagecache.clear()
    html = page(client.get(f"/threads/{thread.id}?per_page=10"))
    assert '<details class="participants">' in html
    latest = db.session.query(Post).filter_by(thread_id=thread.id).order_by(
        Post.created_at.desc(), Post.id.desc()).first()
    link = re.search(r'<a href="([^"]+)" class="latest-jump">', html).group(1)
    assert link.endswith(f"#post-{latest.id}") and "page=4" in link
    assert f'id="post-{latest.id}"' in page(client.get(link.replace("&amp;", "&")))
    # The first post of a participant on a later page links to that page.
    details = html[html.index('<details class="participants">'):html.index("</details>")]
    assert f'href="/threads/{thread.id}?page=1&amp;per_page=10#post-{first.id}"' in details, details


def test_archives_keep_what_a_reply_answers(app):
    from forum.archive.export import export_forum
    from forum.archive.load import import_archive

    forum, moderator, participant, thread = setup_forum()
    target = _approved(make_reply(thread, participant, body="The first view."), moderator)
    writing.submit_reply(thread, author=moderator, body="An answer.", reply_to_id=target.id)
    archive = export_forum(forum)
    answer = next(p for p in archive["posts"] if p["body"] == "An answer.")
    assert answer["reply_to"] == target.key
    archive["forum"]["slug"] = "copy"
    for p in archive["posts"]:
        p["number"] = None
    import_archive(archive)
    copied = db.session.query(Post).filter(Post.body == "An answer.",
                                           Post.forum_id != forum.id).one()
    assert copied.reply_to.body == "The first view." and copied.reply_to.forum_id != forum.id
    # Without the field (an older archive), it still imports.
    for p in archive["posts"]:
        p.pop("reply_to")
    archive["forum"]["slug"] = "older"
    import_archive(archive)
