"""The forum archive: round trip, minimal core, idempotence and bad archives."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from forum.archive.export import dumps, export_forum, forum_for_export
from forum.archive.load import import_archive
from forum.archive.validate import ArchiveError, parse_text
from forum.extensions import db
from forum.models import Forum, Post, User
from tests.helpers import make_reply, setup_forum

MINIMAL = {
    "format": "forum-archive",
    "version": 1,
    "forum": {"slug": "mailing-list-2013", "title": "A mailing-list archive",
              "opens_at": "2013-03-01T00:00:00Z", "closes_at": "2013-04-01T00:00:00Z"},
    "topics": [{"key": "general", "title": "General"}],
    "threads": [{"key": "t1", "title": "Labelling of LMOs", "author": "ana",
                 "topic": "general"}],
    "people": [{"key": "ana", "name": "Ana Cebotari", "country": "MD"},
               {"key": "ngo", "name": "Claire Dubois", "organization": "An NGO"}],
    "posts": [
        {"thread": "t1", "author": "ana", "body": "Who labels LMOs?",
         "created_at": "2013-03-02T10:00:00Z"},
        {"thread": "t1", "author": "ngo", "body": "We do, since 2012.",
         "created_at": "2013-03-02T12:30:00+02:00"},
    ],
}


def _forums() -> int:
    return db.session.scalar(select(func.count(Forum.id)))


def _empty_database() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def test_a_minimal_archive_with_only_the_core_imports(app):
    result = import_archive(copy.deepcopy(MINIMAL))
    assert result.changed
    forum = forum_for_export("mailing-list-2013")
    posts = db.session.scalars(select(Post).where(Post.forum_id == forum.id)
                               .order_by(Post.created_at)).all()
    assert [p.state for p in posts] == ["approved", "approved"]
    assert [p.number for p in posts] == [1, 2]
    assert posts[1].subject == "RE: Labelling of LMOs"
    assert posts[1].author.affiliation == "organization"
    assert str(posts[1].created_at) == "2013-03-02 10:30:00"


def test_round_trip_gives_identical_bytes(app):
    forum, moderator, participant, thread = setup_forum()
    make_reply(thread, participant, "pending *one*")
    from forum.moderation.actions import approve_post, reject_post

    approved = make_reply(thread, participant, "to approve")
    approve_post(approved, acting_user=moderator, version=1)
    rejected = make_reply(thread, participant, "to reject")
    reject_post(rejected, acting_user=moderator, reason="Off-topic.")
    slug = forum.slug
    first = dumps(export_forum(forum_for_export(slug)))
    _empty_database()
    import_archive(json.loads(first), trust_roles=True)  # our own export
    second = dumps(export_forum(forum_for_export(slug)))
    assert first == second
    assert '"action": "post.approve"' in first and '"reason": "Off-topic."' in first


def test_importing_the_same_archive_twice_changes_nothing(app):
    import_archive(copy.deepcopy(MINIMAL))
    before = db.session.scalar(select(func.count(Post.id)))
    result = import_archive(copy.deepcopy(MINIMAL))
    assert not result.changed
    assert db.session.scalar(select(func.count(Post.id))) == before


def test_same_slug_with_other_content_is_refused_unless_replace(app):
    import_archive(copy.deepcopy(MINIMAL))
    changed = copy.deepcopy(MINIMAL)
    changed["posts"][0]["body"] = "Edited elsewhere"
    with pytest.raises(ArchiveError, match="forum.slug: .*already exists"):
        import_archive(changed)
    assert import_archive(changed, replace=True).changed
    assert db.session.scalar(select(Post.body).where(Post.body == "Edited elsewhere"))


def _bad(mutate):
    archive = copy.deepcopy(MINIMAL)
    mutate(archive)
    return archive


BAD_ARCHIVES = [
    (lambda a: a["posts"][1].__setitem__("created_at", "yesterday"),
     "posts[1].created_at: not an ISO 8601 time"),
    (lambda a: a["posts"][0].__setitem__("body", 42), "posts[0].body: must be of type string"),
    (lambda a: a["posts"][0].__setitem__("thread", "nope"), "posts[0].thread: unknown thread"),
    (lambda a: a["posts"][1].__setitem__("author", "bob"), "posts[1].author: unknown person"),
    (lambda a: a["threads"][0].__setitem__("topic", "x"), "threads[0].topic: unknown topic"),
    (lambda a: a["posts"][0].pop("author"), "posts[0].author: required field is missing"),
    (lambda a: a.__setitem__("version", 2), "version: unsupported archive version 2"),
    (lambda a: [p.__setitem__("number", 7) for p in a["posts"]],
     "posts[1].number: number 7 is also used by posts[0]"),
    (lambda a: a["people"][0].__setitem__("country", "XX"), "people[0].country: unknown"),
    (lambda a: a["posts"][0].__setitem__("state", "published"), "posts[0].state: must be one"),
    (lambda a: a["posts"][0].__setitem__("colour", "red"), "posts[0]: unknown field"),
    (lambda a: a["forum"].__setitem__("closes_at", "2013-01-01T00:00:00Z"),
     "forum.closes_at: must come after"),
]


@pytest.mark.parametrize(("mutate", "message"), BAD_ARCHIVES)
def test_a_bad_archive_names_the_field_and_imports_nothing(app, mutate, message):
    with pytest.raises(ArchiveError) as error:
        import_archive(_bad(mutate))
    assert message in str(error.value)
    assert _forums() == 0
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_a_number_already_used_in_the_database_is_refused(app):
    import_archive(copy.deepcopy(MINIMAL))
    other = copy.deepcopy(MINIMAL)
    other["forum"]["slug"] = "another-forum"
    other["people"] = [{"key": "zoe", "name": "Zoe"}]
    other["threads"][0]["author"] = "zoe"
    for post in other["posts"]:
        post["author"] = "zoe"
    other["posts"][1]["number"] = 2
    with pytest.raises(ArchiveError, match=r"posts\[1\].number: number 2 is already used"):
        import_archive(other)
    assert _forums() == 1


def test_the_counter_continues_above_imported_numbers(app):
    archive = copy.deepcopy(MINIMAL)
    archive["posts"][0]["number"] = 6117
    import_archive(archive)
    numbers = sorted(db.session.scalars(select(Post.number)))
    assert numbers == [6117, 6118]


def test_a_truncated_file_is_a_clear_error():
    with pytest.raises(ArchiveError, match="archive: not valid JSON"):
        parse_text(json.dumps(MINIMAL)[:-20])


def test_cli_import_failure_is_one_line_without_traceback(app, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(MINIMAL)[:-5])
    result = app.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "nothing was imported" in result.output
    assert _forums() == 0


def test_cli_export_then_import_round_trip(app, tmp_path):
    path = tmp_path / "forum.json"
    runner = app.test_cli_runner()
    path.write_text(json.dumps(MINIMAL))
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    out = tmp_path / "out.json"
    assert runner.invoke(args=["export", "mailing-list-2013", "-o", str(out)]).exit_code == 0
    again = runner.invoke(args=["import", str(out)])
    assert again.exit_code == 0 and "nothing changed" in again.output
    missing = runner.invoke(args=["export", "no-such-forum"])
    assert missing.exit_code != 0 and "no forum" in missing.output


def test_the_schema_file_accepts_an_export(app):
    from jsonschema import Draft202012Validator

    from forum.archive.validate import schema

    import_archive(copy.deepcopy(MINIMAL))
    exported = export_forum(forum_for_export("mailing-list-2013"), with_emails=True)
    assert list(Draft202012Validator(schema()).iter_errors(exported)) == []
