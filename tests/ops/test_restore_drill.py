"""The restore drill (docs/operations.md, "Restore drill"): back up a forum that has data
and a published digest with the scheduled-backup command, restore the backup into a fresh
database, start the app on that database, and find the same rows and the same digest,
byte for byte."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from forum.digest.actions import publish_digest
from forum.extensions import db
from forum.models import User
from forum.moderation.actions import approve_post, reject_post
from tests.helpers import make_reply, make_user, setup_forum
from tests.ops.support import app_on

pytestmark = pytest.mark.db

REPLIES = (
    ("KE", "Our national framework names one competent authority for all decisions."),
    ("UG", "We trained customs officers to recognise shipments that need a notification."),
    ("BR", "Public participation works best when the draft decision is published early."),
    ("NO", "Risk assessment should state its uncertainties in plain words."),
)


def seed_forum_with_digest():
    """A forum with approved, rejected and pending replies and one published digest."""
    forum, moderator, participant, thread = setup_forum()
    for country, body in REPLIES:
        approve_post(make_reply(thread, make_user(country=country), body),
                     acting_user=moderator, version=1)
    reject_post(make_reply(thread, participant, "Off topic."), acting_user=moderator,
                reason="Not about the question.")
    make_reply(thread, participant, "Still waiting for a moderator.")
    staff = db.session.scalar(select(User).filter_by(role="secretariat"))
    publish_digest(forum, acting_user=staff)
    db.session.commit()
    return forum, thread


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {table: conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                    for table in sorted(inspect(conn).get_table_names())}
    finally:
        engine.dispose()


def digests(app, slug: str) -> tuple[bytes, bytes]:
    """The draft and the published version 1, as `forum digest` writes them."""
    runner = app.test_cli_runner()
    draft = runner.invoke(args=["digest", slug, "--format", "md"])
    published = runner.invoke(args=["digest", slug, "--format", "md", "--version", "1"])
    assert draft.exit_code == 0 and published.exit_code == 0, (draft.output, published.output)
    return draft.stdout_bytes, published.stdout_bytes


def test_restore_drill(app, scratch_url, tmp_path):
    forum, thread = seed_forum_with_digest()
    # Plain values: the ORM objects belong to this app's session, which would reload them
    # from whichever app is current (the restored one, below).
    slug, thread_id = forum.slug, thread.id
    db.session.commit()
    url = db.engine.url.render_as_string(hide_password=False)
    original = digests(app, slug)
    assert b"competent authority" in original[0] and original[1].startswith(b"#")
    counts = row_counts(url)
    backups = tmp_path / "backups"
    backups.mkdir()

    taken = app.test_cli_runner().invoke(args=["backup", "--dir", str(backups), "--keep", "3"])
    assert taken.exit_code == 0, taken.output
    [backup] = backups.iterdir()

    restored = app_on(scratch_url, tmp_path)
    with restored.app_context():
        result = restored.test_cli_runner().invoke(args=["restore", str(backup)])
        assert result.exit_code == 0, result.output
        assert row_counts(scratch_url) == counts
        assert counts["posts"] >= 7 and counts["digest_versions"] == 1
        assert digests(restored, slug) == original
        check = restored.test_cli_runner().invoke(args=["db", "check"])
        assert check.exit_code == 0, check.output
        client = restored.test_client()
        assert client.get("/readyz").status_code == 200
        page = client.get(f"/threads/{thread_id}")
        assert page.status_code == 200 and b"customs officers" in page.data
        assert b"Still waiting" not in page.data  # a pending post stays hidden
        listed = client.get(f"/api/v1/threads/{thread_id}/posts").get_json()
        assert listed["total"] == 1 + len(REPLIES)  # the opening and the approved replies
        assert db.session.scalar(select(func.count()).select_from(User)) >= 6
        db.session.remove()
        db.engine.dispose()
