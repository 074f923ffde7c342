"""Review rounds of the digest draft and their comments travel in the archive, as the
Secretariat's draft changes do."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from forum.archive.export import dumps, export_forum, forum_for_export
from forum.archive.load import import_archive
from forum.archive.validate import ArchiveError, validate
from forum.digest import review_actions
from forum.digest.queries import draft_of
from forum.digest.review import comments_of, open_review, place_comments
from forum.extensions import db
from forum.models import DigestComment
from tests.digest.review_support import paragraph_key, reviewed_forum


def _reviewed():
    w = reviewed_forum()
    forum, staff = w["forum"], w["staff"]
    review_actions.open_review_round(forum, acting_user=staff)
    kenya = paragraph_key(forum, "Kenya")
    made = review_actions.comment_on_draft(forum, kenya, "Say *when*.",
                                           acting_user=w["participant"])
    review_actions.comment_on_draft(forum, None, "Fine overall.", acting_user=w["moderator"])
    review_actions.mark_comment_addressed(forum, made.id, acting_user=staff)
    review_actions.close_review_round(forum, acting_user=staff)
    review_actions.open_review_round(forum, acting_user=staff)  # a second round, still open
    return forum, kenya


def _empty_database() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def test_review_rounds_and_comments_survive_a_round_trip(app):
    forum, kenya = _reviewed()
    slug = forum.slug
    first = dumps(export_forum(forum_for_export(slug)))
    archive = json.loads(first)
    reviews = archive["digests"]["reviews"]
    assert len(reviews) == 2 and reviews[0]["closed_at"] and reviews[1]["closed_at"] is None
    assert [c["body"] for c in reviews[0]["comments"]] == ["Say *when*.", "Fine overall."]
    assert reviews[0]["comments"][0]["addressed_at"] and reviews[0]["comments"][1]["key"] is None
    assert archive["digests"]["overrides"] == [] and archive["digests"]["versions"] == []
    _empty_database()
    import_archive(json.loads(first), trust_roles=True)  # our own export
    forum = forum_for_export(slug)
    assert dumps(export_forum(forum)) == first
    assert open_review(forum) is not None
    placed = place_comments(draft_of(forum).report, comments_of(forum))
    assert [c.body for c in placed.on(kenya)] == ["Say *when*."]
    assert db.session.scalar(select(DigestComment.body_html).where(
        DigestComment.key == kenya)) == "<p>Say <em>when</em>.</p>\n"


def test_archives_without_reviews_are_unchanged_and_bad_reviews_are_refused(app):
    plain = reviewed_forum()["forum"]
    assert "digests" not in export_forum(plain)
    forum, _ = _reviewed()
    archive = export_forum(forum)
    stranger = copy.deepcopy(archive)
    stranger["digests"]["reviews"][0]["comments"][0]["author"] = "nobody"
    with pytest.raises(ArchiveError, match=r"digests\.reviews\[0\]\.comments\[0\]\.author"):
        validate(stranger)
    late = copy.deepcopy(archive)
    late["digests"]["reviews"][1]["opened_at"] = "yesterday"
    with pytest.raises(ArchiveError, match=r"digests\.reviews\[1\]\.opened_at"):
        validate(late)
    empty = copy.deepcopy(archive)
    empty["digests"]["reviews"][0]["comments"][0]["body"] = ""
    with pytest.raises(ArchiveError, match=r"digests\.reviews\[0\]\.comments\[0\]\.body"):
        validate(empty)
