"""The limits of a post and a thread live in the actions (forum/threads/rules.py): every
surface refuses the same input the same way, before anything is saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Thread
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from forum.threads.rules import MAX_QUESTIONS, PostingError
from tests.helpers import login, setup_forum, token_for

pytestmark = pytest.mark.db

BREAKS = ["Hi\r\nBcc: victim@example.org", "One\nTwo", "Para\u2028graph", "Next\u0085line",
          "Tab\tand\x0bvertical"]


def _threads() -> int:
    return db.session.scalar(select(func.count(Thread.id)))


@pytest.mark.parametrize("title", BREAKS)
def test_a_title_with_a_line_break_is_refused_by_the_action(app, title):
    forum, moderator, participant, thread = setup_forum()
    before = _threads()
    with pytest.raises(PostingError) as refused:
        writing.open_thread(forum, author=moderator, title=title, body="Framing")
    assert refused.value.field == "title" and refused.value.status == 422
    with pytest.raises(PostingError):
        moderation.edit_thread(thread, acting_user=moderator, title=title, questions=[])
    db.session.rollback()
    assert _threads() == before and db.session.get(Thread, thread.id).title != title


def test_the_web_form_keeps_the_text_and_saves_nothing(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, moderator)
    before = _threads()
    response = client.post(f"/forums/{forum.slug}/threads/new", data={
        "title": "Hi\r\nBcc: victim@example.org", "body": "My careful framing text",
        "questions": "", "topic_id": "0", "submission_key": "k1"})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "one line of text" in text
    assert "My careful framing text" in text
    assert _threads() == before


def test_the_api_refuses_the_same_title_and_too_many_questions(app, client):
    forum, moderator, participant, thread = setup_forum()
    headers = token_for(moderator)
    response = client.post(f"/api/v1/forums/{forum.slug}/threads", headers=headers,
                           json={"title": "A\nB", "body": "x"})
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "title"
    response = client.post(f"/api/v1/forums/{forum.slug}/threads", headers=headers,
                           json={"title": "Fine", "body": "x",
                                 "questions": [f"Q{i}?" for i in range(MAX_QUESTIONS + 1)]})
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "questions"
    assert _threads() == 1


def test_a_body_over_the_limit_is_refused_by_every_action(app):
    forum, moderator, participant, thread = setup_forum()
    app.config["POST_MAX_CHARS"] = 50
    long = "x" * 51
    with pytest.raises(PostingError) as refused:
        writing.submit_reply(thread, author=participant, body=long)
    assert refused.value.field == "body"
    post, _ = writing.submit_reply(thread, author=participant, body="short")
    with pytest.raises(PostingError):
        writing.edit_own_post(post, author=participant, body=long, version=post.version)
    with pytest.raises(PostingError):
        moderation.edit_and_approve(post, acting_user=moderator, version=post.version,
                                    body=long)
    with pytest.raises(PostingError):
        writing.submit_reply(thread, author=participant, body="   ")
