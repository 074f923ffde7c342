"""Review rounds as people meet them: the Secretariat opens a round from its draft page,
participants are told by email, read the draft and comment; the Secretariat reads the comments
beside their paragraphs, marks them addressed, closes the round or publishes."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import AuditEntry, DigestComment, Notification
from tests.digest.review_support import paragraph_key, reviewed_forum
from tests.helpers import login
from tests.web.support import (  # noqa: F401
    csrf_token,
    fast_password_hashing,
    page,
    snapshot,
    textarea,
    visible,
)


def world(app) -> dict:
    w = reviewed_forum()
    for who in ("staff", "moderator", "participant", "elsewhere", "waiting"):
        w[f"{who}_client"] = app.test_client()
        login(w[f"{who}_client"], w[who])
    w["slug"] = w["forum"].slug
    return w


def opened(app, **data) -> dict:
    w = world(app)
    response = w["staff_client"].post(f"/digest/{w['slug']}/review/open", data=data)
    assert response.status_code == 302
    return w


def comment(client, slug: str, body: str, key: str = ""):
    return client.post(f"/digest/{slug}/review", data={"key": key, "body": body})


def test_opening_a_round_notifies_the_forums_participants_by_email(app, smtp):
    w = world(app)
    slug = w["slug"]
    draft = page(w["staff_client"].get(f"/digest/{slug}"))
    assert "No review round is open." in draft and 'value="Open a review round"' in draft
    response = w["staff_client"].post(f"/digest/{slug}/review/open",
                                      data={"ends_on": "2099-06-13"})
    assert response.status_code == 302
    expected = {w[who].email for who in ("moderator", "participant", "kenya", "uganda")}
    smtp.wait_for(len(expected))
    assert {m["To"] for m in smtp.messages} == expected
    mail = smtp.to(w["participant"].email)[0]
    assert mail["Subject"] == f"[{slug}] The draft synthesis is open for review"
    body = mail.get_content()
    assert f"http://forum.test/digest/{slug}/review" in body
    assert "until the end of 13 June 2099 (UTC)" in body and w["participant"].display_name in body
    notices = db.session.scalars(select(Notification.user_id).where(
        Notification.post_id.is_(None))).all()
    assert sorted(notices) == sorted(w[who].id for who in
                                     ("moderator", "participant", "kenya", "uganda"))
    account = w["participant_client"].get("/account").get_data(as_text=True)
    assert f'<a href="/digest/{slug}/review">Open</a>' in account
    assert db.session.scalar(select(AuditEntry.detail).where(
        AuditEntry.action == "digest.review_open")) == {"ends_at": "2099-06-14T00:00:00Z"}
    draft = visible(w["staff_client"].get(f"/digest/{slug}"))
    assert "A review round is open" in draft and "Publishing closes the open review round" in draft
    assert "until the end of 13 June 2099 (UTC)" in draft
    home = visible(w["participant_client"].get(f"/forums/{slug}"))
    assert "The draft synthesis of this forum is open for your review" in home
    assert "open for your review" not in visible(w["elsewhere_client"].get(f"/forums/{slug}"))


def test_reviewers_read_the_draft_without_the_secretariats_tools(app):
    w = opened(app)
    slug = w["slug"]
    for who in ("participant", "moderator", "staff"):
        response = w[f"{who}_client"].get(f"/digest/{slug}/review")
        assert response.status_code == 200, who
    html = page(w["participant_client"].get(f"/digest/{slug}/review"))
    text = visible(html)
    assert "Kenya" in text and "1. " in text and "Sources" in text
    assert f"/posts/{w['posts']['kenya'].id}" in html
    assert "Comment on paragraph" in text
    for tool in ("Move up", "Undo my edit", "Publish as version", "Open a review round",
                 f"/digest/{slug}/delete", f"/digest/{slug}/edit"):
        assert tool not in html, tool
    assert '<label for="body">' in html and '<label for="key">' in html


def test_who_may_not_see_the_review(app):
    w = world(app)
    slug = w["slug"]
    # No round open: nothing to see, even for a participant.
    assert w["participant_client"].get(f"/digest/{slug}/review").status_code == 404
    w["staff_client"].post(f"/digest/{slug}/review/open")
    for who in ("elsewhere", "waiting"):  # accredited elsewhere; registered, not accredited
        client = w[f"{who}_client"]
        assert client.get(f"/digest/{slug}/review").status_code == 403, who
        assert comment(client, slug, "Let me in.").status_code == 403, who
    anonymous = app.test_client()
    for response in (anonymous.get(f"/digest/{slug}/review"),
                     comment(anonymous, slug, "Anonymous words.")):
        assert response.status_code == 302 and "/login" in response.location
    assert anonymous.get("/digest/no-such-forum/review").status_code == 302
    assert w["participant_client"].get("/digest/no-such-forum/review").status_code == 404
    before = snapshot()
    for who in ("participant", "moderator"):
        client = w[f"{who}_client"]
        for action, data in (("open", {}), ("close", {}), ("addressed", {"comment": "1"})):
            response = client.post(f"/digest/{slug}/review/{action}", data=data)
            assert response.status_code == 403, (who, action)
    assert snapshot() == before
    assert db.session.scalar(select(func.count(DigestComment.id))) == 0


def test_the_secretariat_sees_comments_beside_their_paragraphs(app):
    w = opened(app)
    slug, staff = w["slug"], w["staff_client"]
    kenya = paragraph_key(w["forum"], "Kenya")
    sent = comment(w["participant_client"], slug, "Please **name** the year.<script>x()</script>",
                   kenya)
    assert sent.status_code == 302 and sent.location.endswith(f"#p-{kenya}")
    assert comment(w["moderator_client"], slug, "Shorten the introduction.").status_code == 302
    html = page(staff.get(f"/digest/{slug}"))
    text = visible(html)
    assert "1 comment from reviewers" in text
    assert "Mr. Ramatha Letchumanan (Malaysia)" in text
    assert "<strong>name</strong>" in html and "<script>x()" not in html
    assert "Comments on the whole draft" in text and "Shorten the introduction." in text
    # The Kenyan paragraph's comment sits inside that paragraph's block.
    block = html[html.index(f'id="p-{kenya}"'):].split('<div class="para"')[0]
    assert "Please" in block and "Shorten" not in block
    # A participant sees only their own comments.
    mine = visible(w["participant_client"].get(f"/digest/{slug}/review"))
    assert "Please name the year." in mine and "Shorten the introduction." not in mine
    # Marked addressed, then not.
    row = db.session.scalar(select(DigestComment).where(DigestComment.key == kenya))
    done = staff.post(f"/digest/{slug}/review/addressed", data={"comment": row.id})
    assert done.status_code == 302 and done.location.endswith(f"#comment-{row.id}")
    text = visible(staff.get(f"/digest/{slug}"))
    assert "addressed" in text and "Mark as not addressed" in text
    staff.post(f"/digest/{slug}/review/addressed", data={"comment": row.id, "addressed": "0"})
    db.session.expire_all()
    assert db.session.get(DigestComment, row.id).addressed_at is None
    # Bad input is refused, never a 500.
    assert staff.post(f"/digest/{slug}/review/addressed", data={"comment": "x"}).status_code == 400
    assert staff.post(f"/digest/{slug}/review/addressed",
                      data={"comment": "999999"}).status_code == 404


def test_a_refused_comment_comes_back_with_what_was_typed(app):
    w = opened(app)
    slug, client = w["slug"], w["participant_client"]
    too_long = "Long words. " * 500
    for key, body in (("", too_long), ("", ""), ("topic-9/sgone", "On a paragraph that went.")):
        response = comment(client, slug, body, key)
        assert response.status_code == 400, (key, body[:20])
        html = page(response)
        assert textarea(html, "body") == body
        assert 'class="error"' in html
    assert db.session.scalar(select(func.count(DigestComment.id))) == 0


def test_a_comment_without_a_csrf_token_is_refused_and_kept(app):
    w = opened(app)
    slug, client = w["slug"], w["participant_client"]
    app.config["WTF_CSRF_ENABLED"] = True
    response = comment(client, slug, "My careful words on the draft.")
    assert response.status_code == 400
    assert "My careful words on the draft." in page(response)
    assert db.session.scalar(select(func.count(DigestComment.id))) == 0
    form = page(client.get(f"/digest/{slug}/review"))
    ok = client.post(f"/digest/{slug}/review", data={
        "key": "", "body": "My careful words on the draft.", "csrf_token": csrf_token(form)})
    assert ok.status_code == 302
    assert db.session.scalar(select(func.count(DigestComment.id))) == 1


def test_closing_or_publishing_ends_the_round(app):
    w = opened(app)
    slug, staff = w["slug"], w["staff_client"]
    assert comment(w["participant_client"], slug, "Before closing.").status_code == 302
    assert staff.post(f"/digest/{slug}/review/close").status_code == 302
    assert w["participant_client"].get(f"/digest/{slug}/review").status_code == 404
    late = comment(w["participant_client"], slug, "After closing.")
    assert late.status_code == 409 and textarea(page(late), "body") == "After closing."
    # The comments stay on the Secretariat's page after the round.
    assert "Before closing." in visible(staff.get(f"/digest/{slug}"))
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "digest.review_close")) == 1
    # A new round, then publishing: the round closes with the publication.
    staff.post(f"/digest/{slug}/review/open")
    assert w["participant_client"].get(f"/digest/{slug}/review").status_code == 200
    assert staff.post(f"/digest/{slug}/publish").status_code == 302
    assert w["participant_client"].get(f"/digest/{slug}/review").status_code == 404
    assert "No review round is open." in visible(staff.get(f"/digest/{slug}"))


def test_a_bad_last_day_is_refused_without_an_error_page(app):
    w = world(app)
    slug, staff = w["slug"], w["staff_client"]
    for value in ("next week", "2001-01-01", "99999-01-01"):
        response = staff.post(f"/digest/{slug}/review/open", data={"ends_on": value},
                              follow_redirects=True)
        assert response.status_code == 200, value
        assert "No review round is open." in visible(response), value
