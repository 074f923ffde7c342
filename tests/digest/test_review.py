"""Review rounds of the draft digest, at the level of actions: who may comment, when, and where
a comment is shown after the draft is regenerated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.clock import now
from forum.digest import actions, review_actions
from forum.digest.queries import draft_of
from forum.digest.review import comments_of, open_review, place_comments
from forum.digest.review_actions import ReviewError
from forum.extensions import db
from forum.models import AuditEntry, DigestReview
from forum.moderation.actions import approve_post, hide_post
from forum.permissions import may_review
from tests.digest.review_support import KENYA_2, paragraph_key, reviewed_forum
from tests.helpers import make_reply


def placed(forum):
    db.session.expire_all()
    return place_comments(draft_of(forum).report, comments_of(forum))


def test_reviewers_are_the_forums_accredited_participants_and_moderators(app):
    w = reviewed_forum()
    forum = w["forum"]
    for who in ("participant", "kenya", "moderator", "staff"):
        assert may_review(w[who], forum), who
    for who in ("elsewhere", "waiting", "unconfirmed"):
        assert not may_review(w[who], forum), who
    assert not may_review(None, forum)


def test_only_the_secretariat_opens_and_closes_and_a_round_opens_once(app):
    w = reviewed_forum()
    forum = w["forum"]
    for who in ("moderator", "participant"):
        with pytest.raises(ReviewError) as refused:
            review_actions.open_review_round(forum, acting_user=w[who])
        assert refused.value.status == 403
    with pytest.raises(ReviewError, match="today or later"):
        review_actions.open_review_round(forum, acting_user=w["staff"],
                                         ends_at=now() - timedelta(hours=1))
    review_actions.open_review_round(forum, acting_user=w["staff"])
    with pytest.raises(ReviewError) as twice:
        review_actions.open_review_round(forum, acting_user=w["staff"])
    assert twice.value.status == 409
    with pytest.raises(ReviewError):
        review_actions.close_review_round(forum, acting_user=w["moderator"])
    review_actions.close_review_round(forum, acting_user=w["staff"])
    assert open_review(forum) is None
    actions_logged = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("digest.review%")).order_by(AuditEntry.id)).all()
    assert actions_logged == ["digest.review_open", "digest.review_close"]


def test_comments_are_refused_outside_a_round_and_from_non_reviewers(app):
    w = reviewed_forum()
    forum = w["forum"]
    with pytest.raises(ReviewError, match="closed") as closed:
        review_actions.comment_on_draft(forum, None, "Too early.", acting_user=w["participant"])
    assert closed.value.status == 409
    review_actions.open_review_round(forum, acting_user=w["staff"])
    for who in ("elsewhere", "waiting", "unconfirmed"):
        with pytest.raises(ReviewError) as refused:
            review_actions.comment_on_draft(forum, None, "Mine.", acting_user=w[who])
        assert refused.value.status == 403
    with pytest.raises(ReviewError, match="Write your comment"):
        review_actions.comment_on_draft(forum, None, "  \r\n ", acting_user=w["participant"])
    with pytest.raises(ReviewError, match="at most"):
        review_actions.comment_on_draft(forum, None, "x" * 5001, acting_user=w["participant"])
    with pytest.raises(ReviewError) as gone:
        review_actions.comment_on_draft(forum, "topic-1/snothing", "On what?",
                                        acting_user=w["participant"])
    assert gone.value.status == 409 and gone.value.field == "key"


def test_a_round_ends_by_itself_on_its_last_day_and_another_can_be_opened(app):
    w = reviewed_forum()
    forum, staff = w["forum"], w["staff"]
    start = now()
    app.config["CLOCK"] = lambda: start
    first = review_actions.open_review_round(forum, acting_user=staff,
                                             ends_at=start + timedelta(days=2))
    app.config["CLOCK"] = lambda: start + timedelta(days=2)
    assert open_review(forum) is None
    with pytest.raises(ReviewError, match="closed"):
        review_actions.comment_on_draft(forum, None, "Late.", acting_user=w["participant"])
    second = review_actions.open_review_round(forum, acting_user=staff)
    assert db.session.get(DigestReview, first.id).closed_at == start + timedelta(days=2)
    assert open_review(forum).id == second.id


def test_a_comment_follows_its_paragraph_when_the_draft_is_regenerated(app):
    w = reviewed_forum()
    forum, staff = w["forum"], w["staff"]
    review_actions.open_review_round(forum, acting_user=staff)
    kenya = paragraph_key(forum, "Kenya")
    comment = review_actions.comment_on_draft(forum, kenya, "Name the NBSAP's year.",
                                              acting_user=w["participant"])
    whole = review_actions.comment_on_draft(forum, None, "A good start.",
                                            acting_user=w["moderator"])
    assert comment.sources == [w["posts"]["kenya"].number] and comment.paragraph
    shown = placed(forum)
    assert [c.id for c in shown.on(kenya)] == [comment.id]
    assert [c.id for c in shown.general] == [whole.id] and shown.lost == []
    # The Secretariat edits the paragraph: same key, the comment stays.
    actions.edit_paragraph(forum, kenya, "Kenya integrated biosafety into its NBSAP in 2010.",
                           acting_user=staff)
    assert [c.id for c in placed(forum).on(kenya)] == [comment.id]
    # Kenya posts again: the paragraph's sources, hence its key, change; the comment follows.
    actions.revert_paragraph(forum, kenya, acting_user=staff)
    again = approve_post(make_reply(w["thread"], w["kenya"], KENYA_2),
                         acting_user=w["moderator"], version=1)
    moved = paragraph_key(forum, "Kenya")
    assert moved != kenya
    assert [c.id for c in placed(forum).on(moved)] == [comment.id]
    # All its posts hidden: no paragraph left, the comment is listed as lost, not dropped.
    for post in (w["posts"]["kenya"], again):
        hide_post(post, acting_user=w["moderator"], reason="Test.")
    shown = placed(forum)
    assert [c.id for c in shown.lost] == [comment.id]
    assert all(comment.id not in [c.id for c in cs] for cs in shown.by_key.values())


def test_publishing_closes_the_open_round_and_keeps_its_comments(app):
    w = reviewed_forum()
    forum, staff = w["forum"], w["staff"]
    review = review_actions.open_review_round(forum, acting_user=staff)
    review_actions.comment_on_draft(forum, None, "Publish it.", acting_user=w["participant"])
    actions.publish_digest(forum, acting_user=staff)
    assert open_review(forum) is None
    assert db.session.get(DigestReview, review.id).closed_by_id == staff.id
    closing = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "digest.review_close"))
    assert closing.reason == "a version was published"
    assert len(comments_of(forum)) == 1
