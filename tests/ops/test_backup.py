"""`forum backup` and `forum restore`: a snapshot taken while people post loses nothing
that was committed before it began, and restores into a database that passes its checks."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from forum.archive.seed import load_seed
from forum.backup import BackupError, backup_database, integrity_problems, restore_database
from forum.extensions import db
from forum.models import Post
from tests.helpers import make_user, setup_forum, token_for

pytestmark = pytest.mark.db


class Writers:
    """Threads posting replies through the API until stopped; each records when its
    201 arrived, i.e. when the post was committed."""

    def __init__(self, app, thread_id: int, headers: list[dict]) -> None:
        self.app = app
        self.thread_id = thread_id
        self.headers = headers
        self.stop = threading.Event()
        self.done: list[tuple[float, int]] = []
        self.failures: list[str] = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._write, args=(h,)) for h in headers]

    def _write(self, headers: dict) -> None:
        client = self.app.test_client()
        while not self.stop.is_set():
            response = client.post(
                f"/api/v1/threads/{self.thread_id}/posts",
                json={"body": f"Under load {uuid.uuid4().hex}"},
                headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            )
            with self._lock:
                if response.status_code == 201:
                    self.done.append((time.monotonic(), response.get_json()["id"]))
                else:
                    self.failures.append(f"{response.status_code} {response.data[:200]!r}")

    def __enter__(self) -> Writers:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self._threads:
            t.join(timeout=60)

    def committed_before(self, moment: float) -> set[int]:
        with self._lock:
            return {post_id for at, post_id in self.done if at < moment}

    def wait_for(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.done) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.done) >= count, self.failures[:3]


def _post_ids(url: str) -> set[int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT id FROM posts")).scalars())
    finally:
        engine.dispose()


def _index_check(url: str) -> None:
    """PostgreSQL: every B-tree index of the restored database agrees with its table."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            indexes = conn.execute(text(
                "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c "
                "ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "WHERE a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace"
            )).scalars().all()
            for index in indexes:
                conn.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"),
                             {"i": index})
    finally:
        engine.dispose()
    assert indexes


def test_backup_under_load_keeps_every_committed_post(app, scratch_url, tmp_path):
    load_seed()
    forum, moderator, participant, thread = setup_forum()
    others = [make_user("participant", country=c) for c in ("BR", "NO")]
    headers = [token_for(u) for u in (moderator, participant, *others)]
    db.session.commit()
    url = db.engine.url.render_as_string(hide_password=False)
    dump = tmp_path / "forum.backup"

    with Writers(app, thread.id, headers) as writers:
        writers.wait_for(20)
        started = time.monotonic()
        must_keep = writers.committed_before(started)
        backup_database(url, dump)
        writers.wait_for(len(writers.done) + 20)  # the forum kept taking posts meanwhile
    assert not writers.failures, writers.failures[:3]

    restore_database(dump, scratch_url)
    restored = _post_ids(scratch_url)
    assert must_keep <= restored, f"lost {sorted(must_keep - restored)[:10]}"
    assert restored <= _post_ids(url)
    assert len(restored) >= 200  # the seed came along too
    assert integrity_problems(scratch_url) == []
    if db.engine.dialect.name == "postgresql":
        _index_check(scratch_url)


def test_backup_and_restore_commands_bring_back_the_earlier_state(app, tmp_path):
    forum, moderator, participant, thread = setup_forum()
    runner = app.test_cli_runner()
    dump = tmp_path / "forum.backup"
    before = db.session.scalar(select(func.count(Post.id)))
    db.session.commit()

    result = runner.invoke(args=["backup", "-o", str(dump)])
    assert result.exit_code == 0, result.output
    assert "backed up" in result.output and dump.stat().st_size > 0

    from tests.helpers import make_reply

    make_reply(thread, moderator, body="Written after the backup.")
    db.session.commit()
    assert db.session.scalar(select(func.count(Post.id))) == before + 1
    db.session.remove()

    result = runner.invoke(args=["restore", str(dump)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Post.id))) == before
    assert integrity_problems(db.engine.url) == []


def _other_kind(tmp_path: Path, db_name: str) -> Path:
    """A genuine backup of the other database kind (by its first bytes)."""
    path = tmp_path / "other.backup"
    if db_name == "sqlite":
        path.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(200))
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.close()
    return path


def test_restore_refuses_bad_files_in_one_line(app, db_name, tmp_path):
    runner = app.test_cli_runner()
    dump = tmp_path / "good.backup"
    db.session.commit()
    assert runner.invoke(args=["backup", "-o", str(dump)]).exit_code == 0
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(dump.read_bytes()[:4096])
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a backup\n")
    cases = {
        tmp_path / "missing.backup": "no such file",
        truncated: "",
        garbage: "not a forum backup",
        _other_kind(tmp_path, db_name): "backup, but this forum uses",
    }
    for path, expected in cases.items():
        result = runner.invoke(args=["restore", str(path)])
        lines = result.output.strip().splitlines()
        assert result.exit_code == 1, (path, result.output)
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
        assert expected in lines[0] and "Traceback" not in result.output
        assert integrity_problems(db.engine.url) == []


def test_backup_to_a_missing_directory_is_one_line(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["backup", "-o", str(tmp_path / "no/x.bak")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: no such directory: {tmp_path}/no"]


def test_backup_error_is_not_raised_for_a_good_round_trip(app, scratch_url, tmp_path):
    """The functions themselves: the restored copy holds the same posts."""
    setup_forum()
    db.session.commit()
    url = db.engine.url.render_as_string(hide_password=False)
    backup_database(url, tmp_path / "b")
    restore_database(tmp_path / "b", scratch_url)
    assert _post_ids(scratch_url) == _post_ids(url)
    with pytest.raises(BackupError):
        restore_database(tmp_path / "missing", scratch_url)
