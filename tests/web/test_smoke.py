from tests.helpers import login, make_reply, setup_forum


def test_participant_reply_is_pending_then_public_after_approval(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    response = client.post(f"/threads/{thread.id}/reply", data={"body": "Hello from Malaysia",
                                                                 "submission_key": "k1"})
    assert response.status_code == 302
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Hello from Malaysia" in page and "Awaiting moderation" in page
    anon = app.test_client()
    assert "Hello from Malaysia" not in anon.get(f"/threads/{thread.id}").get_data(as_text=True)
    post = make_reply(thread, participant, "second", key="k2")
    assert post.state == "pending" and post.number is None
