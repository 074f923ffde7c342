"""Digest drafts and published versions travel in the archive and survive a round trip."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from forum.archive.export import dumps, export_forum, forum_for_export
from forum.archive.load import import_archive
from forum.archive.validate import ArchiveError, validate
from forum.digest import actions
from forum.digest.queries import draft_of
from forum.extensions import db
from forum.models import DigestOverride, DigestVersion, User
from forum.moderation.actions import approve_post
from synthesis.overrides import places
from tests.helpers import make_reply, make_user, setup_forum


def _shaped_forum():
    forum, moderator, participant, thread = setup_forum()
    for country, body in (("KE", "Kenya has integrated biosafety into its first NBSAP."),
                          ("UG", "In Uganda we trained customs officers on biosafety."),
                          ("GY", "In Guyana we run public hearings before each decision.")):
        approve_post(make_reply(thread, make_user(country=country), body),
                     acting_user=moderator, version=1)
    staff = db.session.scalar(select(User).filter_by(role="secretariat"))
    keys = [p.key for place, ps in places(draft_of(forum).report) if place != "@intro"
            for p in ps]
    actions.edit_paragraph(forum, keys[0], "Kenya kept biosafety in its NBSAP.",
                           acting_user=staff)
    actions.delete_paragraph(forum, keys[1], acting_user=staff)
    actions.publish_digest(forum, acting_user=staff)
    actions.move_paragraph(forum, keys[2], "up", acting_user=staff)
    return forum


def _empty_database() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def test_a_published_version_and_the_draft_survive_a_round_trip(app, client):
    forum = _shaped_forum()
    slug = forum.slug
    before = draft_of(forum).report
    first = dumps(export_forum(forum_for_export(slug)))
    archive = json.loads(first)
    assert [v["number"] for v in archive["digests"]["versions"]] == [1]
    assert len(archive["digests"]["overrides"]) == 3
    _empty_database()
    import_archive(json.loads(first), trust_roles=True)  # our own export
    forum = forum_for_export(slug)
    assert dumps(export_forum(forum)) == first
    # The draft's changes still find their paragraphs: they cite posts by public number.
    after = draft_of(forum).report
    assert [[x.text for x in p.lines] for _, ps in places(after) for p in ps] == [
        [x.text for x in p.lines] for _, ps in places(before) for p in ps]
    assert "Kenya kept biosafety in its NBSAP." in db.session.scalar(
        select(DigestVersion.markdown))
    assert client.get(f"/digest/{slug}/v/1").status_code == 200
    # Replacing the forum replaces its draft changes and versions too.
    changed = json.loads(first)
    changed["forum"]["title"] = "Another title"
    assert import_archive(changed, replace=True).changed
    assert db.session.scalar(select(func.count(DigestVersion.id))) == 1
    assert db.session.scalar(select(func.count(DigestOverride.id))) == 3


def test_archives_without_digests_are_unchanged_and_bad_digests_are_refused(app):
    forum, *_ = setup_forum()
    assert "digests" not in export_forum(forum)
    archive = export_forum(_shaped_forum())
    twice = copy.deepcopy(archive)
    twice["digests"]["versions"].append(copy.deepcopy(twice["digests"]["versions"][0]))
    with pytest.raises(ArchiveError, match=r"digests\.versions\[1\]\.number"):
        validate(twice)
    stranger = copy.deepcopy(archive)
    stranger["digests"]["versions"][0]["published_by"] = "nobody"
    with pytest.raises(ArchiveError, match=r"digests\.versions\[0\]\.published_by"):
        validate(stranger)
    late = copy.deepcopy(archive)
    late["digests"]["overrides"][0]["updated_at"] = "yesterday"
    with pytest.raises(ArchiveError, match=r"digests\.overrides\[0\]\.updated_at"):
        validate(late)
