"""Every migration goes down as well as up, with data in the tables: upgrade, seed a small
forum, downgrade to base, upgrade again; then `forum db check` says the schema is at head,
and it says which revision it is at when it is not."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, select, text

from forum.extensions import db
from forum.mail import queue_mail
from forum.models import Post, User
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from tests.helpers import create_api_token, enrol_mfa, make_reply, setup_forum
from tests.ops.support import MIGRATIONS, app_on
from tests.web.support import fast_password_hashing  # noqa: F401 (autouse)

pytestmark = pytest.mark.db
OLDER = "d418cb3158cc"


def seed_small_forum() -> None:
    """A bit of every kind of row the schema holds, through the actions."""
    forum, moderator, participant, thread = setup_forum()
    enrol_mfa(moderator)
    approved = moderation.approve_post(make_reply(thread, participant), acting_user=moderator,
                                       version=1)
    moderation.set_tags(approved, acting_user=moderator, names=["capacity"])
    moderation.reject_post(make_reply(thread, participant), acting_user=moderator, reason="No.")
    make_reply(thread, participant)
    writing.watch(participant, forum=forum)
    create_api_token(participant, "laptop")
    queue_mail("someone@example.org", "Hello", "Body\n")
    db.session.commit()


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_go_down_to_base_and_up_again_with_data(app, scratch_url, tmp_path):
    other = app_on(scratch_url, tmp_path)
    with other.app_context():
        upgrade(directory=MIGRATIONS)
        seed_small_forum()
        assert db.session.scalar(select(Post).where(Post.number.is_not(None))) is not None
        db.session.remove()
        downgrade(directory=MIGRATIONS, revision="base")
        assert tables(scratch_url) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)
        seed_small_forum()  # the schema works again, uniqueness included
        assert db.session.query(User).count() >= 3
        db.session.remove()
        db.engine.dispose()


def _revisions_newest_first() -> list:
    from alembic.script import ScriptDirectory

    return list(ScriptDirectory(MIGRATIONS).walk_revisions())


def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                    for name in inspect(conn).get_table_names() if name != "alembic_version"}
    finally:
        engine.dispose()


def test_each_migration_goes_down_and_up_again_over_rows(app, scratch_url, tmp_path):
    """Step by step from head, with the forum's rows in the tables all along: each
    migration's downgrade, then its upgrade *over existing rows* (a new NOT NULL column
    without a default, or a unique index the rows break, fails here and not on an empty
    database), then its downgrade again to go on. Rows in tables that a step keeps are
    still there after it."""
    other = app_on(scratch_url, tmp_path)
    with other.app_context():
        upgrade(directory=MIGRATIONS)
        seed_small_forum()
        db.session.remove()
        db.engine.dispose()
        for script in _revisions_newest_first():
            below = script.down_revision or "base"
            assert isinstance(below, str), f"{script.revision} merges: walk one line only"
            before = _row_counts(scratch_url)
            downgrade(directory=MIGRATIONS, revision=below)
            after_down = _row_counts(scratch_url)
            upgrade(directory=MIGRATIONS, revision=script.revision)
            assert _row_counts(scratch_url).keys() == before.keys(), script.revision
            for name, count in after_down.items():  # kept tables keep their rows
                assert count == before.get(name, count), (script.revision, name)
            downgrade(directory=MIGRATIONS, revision=below)
        assert tables(scratch_url) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()


def test_db_check_exits_0_at_head(app):
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert "database is at head" in result.output


def test_db_check_names_the_revision_and_exits_1_when_behind(app, scratch_url, tmp_path):
    other = app_on(scratch_url, tmp_path)
    runner = other.test_cli_runner()
    with other.app_context():  # the command runs in the app of the current context
        never = runner.invoke(args=["db", "check"])
        assert never.exit_code == 1 and "no revision" in never.output
        upgrade(directory=MIGRATIONS, revision=OLDER)
        behind = runner.invoke(args=["db", "check"])
        assert behind.exit_code == 1
        assert f"database is at {OLDER}" in behind.output
        assert "forum db upgrade" in behind.output
        db.engine.dispose()


def test_db_check_on_an_unreachable_database_is_one_line(tmp_path):
    down = app_on("postgresql+psycopg://postgres@127.0.0.1:1/nowhere", tmp_path)
    result = down.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot read the database: OperationalError")
    assert "Traceback" not in result.output
