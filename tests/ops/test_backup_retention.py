"""Scheduled backups with retention: `forum backup --dir DIR --keep N --keep-days D` deletes
this database's older backups only, never another database's nor any other file."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from forum.backup_retention import STAMP, Scheduled, expired, prefix, scheduled_backups
from forum.extensions import db
from tests.helpers import setup_forum

pytestmark = pytest.mark.db
NOW = datetime(2026, 12, 3, 2, 30, 0)


def _backup(app, directory: Path, *options: str):
    return app.test_cli_runner().invoke(args=["backup", "--dir", str(directory), *options])


def _fake(real: Path, directory: Path, name_prefix: str, when: datetime) -> Path:
    """An older backup of the same kind: a copy of a real one under an older name."""
    path = directory / f"{name_prefix}{when.strftime(STAMP)}.backup"
    shutil.copyfile(real, path)
    return path


def test_keep_deletes_only_this_databases_oldest(app, tmp_path):
    setup_forum()
    db.session.commit()
    app.config["CLOCK"] = lambda: NOW
    ours = prefix(db.engine.url)
    first = _backup(app, tmp_path)
    assert first.exit_code == 0, first.output
    [real] = tmp_path.iterdir()
    assert real.name == f"{ours}{NOW.strftime(STAMP)}.backup"
    older = [_fake(real, tmp_path, ours, NOW - timedelta(days=d)) for d in (1, 2, 3, 4)]
    # Another database's backups, a hand-made copy, a file that only looks like ours.
    theirs = _fake(real, tmp_path, "forum-other-0123abcd-", NOW - timedelta(days=30))
    by_hand = tmp_path / "before-the-upgrade.backup"
    shutil.copyfile(real, by_hand)
    impostor = tmp_path / f"{ours}{(NOW - timedelta(days=9)).strftime(STAMP)}.backup"
    impostor.write_text("not a backup\n")

    app.config["CLOCK"] = lambda: NOW + timedelta(hours=1)
    result = _backup(app, tmp_path, "--keep", "3")
    assert result.exit_code == 0, result.output
    deleted = [line for line in result.output.splitlines() if line.startswith("deleted")]
    assert len(deleted) == 3
    left = {p.name for p in tmp_path.iterdir()}
    assert real.name in left and older[0].name in left
    assert not {p.name for p in older[1:]} & left
    assert {theirs.name, by_hand.name, impostor.name} <= left
    assert [b.taken for b in scheduled_backups(tmp_path, db.engine.url)] == [
        NOW - timedelta(days=1), NOW, NOW + timedelta(hours=1)]


def test_keep_days(app, tmp_path):
    db.session.commit()
    app.config["CLOCK"] = lambda: NOW
    assert _backup(app, tmp_path).exit_code == 0
    [real] = tmp_path.iterdir()
    ours = prefix(db.engine.url)
    old = _fake(real, tmp_path, ours, NOW - timedelta(days=8))
    recent = _fake(real, tmp_path, ours, NOW - timedelta(days=6))
    app.config["CLOCK"] = lambda: NOW + timedelta(minutes=1)
    result = _backup(app, tmp_path, "--keep-days", "7")
    assert result.exit_code == 0, result.output
    assert not old.exists() and recent.exists() and real.exists()


def test_either_rule_keeps_a_backup():
    backups = [Scheduled(Path(f"b{d}"), NOW - timedelta(days=d)) for d in range(10)]
    gone = expired(backups, keep=2, keep_days=5, now=NOW)
    assert [b.taken for b in gone] == [NOW - timedelta(days=d) for d in (9, 8, 7, 6)]
    assert expired(backups, keep=None, keep_days=None, now=NOW) == []
    assert len(expired(backups, keep=20, keep_days=None, now=NOW)) == 0


def test_two_databases_with_one_name_have_different_prefixes(tmp_path):
    a = prefix(f"sqlite:///{tmp_path / 'a' / 'forum.sqlite3'}")
    b = prefix(f"sqlite:///{tmp_path / 'b' / 'forum.sqlite3'}")
    assert a != b and a.startswith("forum-forum-") and b.startswith("forum-forum-")
    assert prefix("postgresql+psycopg://u@db1:5432/forum") != \
        prefix("postgresql+psycopg://u@db2:5432/forum")


def test_bad_options_are_one_line(app, tmp_path):
    runner = app.test_cli_runner()
    cases = [
        (["backup"], "either -o FILE or --dir DIR"),
        (["backup", "-o", str(tmp_path / "x"), "--keep", "2"], "go with --dir"),
        (["backup", "--dir", str(tmp_path), "--keep", "0"], "at least 1"),
        (["backup", "--dir", str(tmp_path / "missing")], "no such directory"),
    ]
    for args, expected in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0 and expected in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
