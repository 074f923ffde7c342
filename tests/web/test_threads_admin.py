"""Moderators lock threads and edit threads and topics; participants cannot."""

from forum.extensions import db
from forum.models import AuditEntry
from tests.helpers import login, setup_forum


def test_a_moderator_locks_a_thread_and_replies_are_refused(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, moderator)
    response = client.post(f"/moderation/threads/{thread.id}/lock", data={"locked": "1"})
    assert response.status_code == 302
    other = app.test_client()
    login(other, participant)
    page = other.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "This thread is locked" in page and 'name="body"' not in page
    response = other.post(f"/threads/{thread.id}/reply", data={"body": "late words",
                                                               "submission_key": "x"})
    assert response.status_code == 409 and "late words" in response.get_data(as_text=True)
    client.post(f"/moderation/threads/{thread.id}/lock", data={"locked": "0"})
    assert 'name="body"' in other.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert db.session.query(AuditEntry).filter_by(action="thread.lock").count() == 1


def test_moderators_edit_guiding_questions_and_topics(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, moderator)
    client.post(f"/moderation/threads/{thread.id}/edit",
                data={"title": "Renamed", "questions": "One?\n\nTwo?"})
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Renamed" in page and "<li dir=\"auto\">Two?</li>" in page
    topic = forum.topics[0]
    response = client.post(f"/moderation/topics/{topic.id}/edit",
                           data={"title": "", "description": "kept text"})
    assert response.status_code == 400 and "kept text" in response.get_data(as_text=True)
    client.post(f"/moderation/topics/{topic.id}/edit", data={"title": "New topic name"})
    assert "New topic name" in client.get(f"/forums/{forum.slug}").get_data(as_text=True)


def test_participants_cannot_lock_or_edit(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    assert client.post(f"/moderation/threads/{thread.id}/lock").status_code == 404
    assert client.get(f"/moderation/threads/{thread.id}/edit").status_code == 404
    assert client.get(f"/moderation/topics/{forum.topics[0].id}/edit").status_code == 404
