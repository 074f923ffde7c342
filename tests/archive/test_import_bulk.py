"""The bulk import path: rows inserted a table at a time still land where they belong, public
numbers continue the site's counter, and the plain-text shortcut renders what markdown-it
renders. (The timing itself is in bench/import_speed.py, not here.)"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from forum.archive import bulk
from forum.archive.export import export_forum, forum_for_export
from forum.archive.load import import_archive
from forum.archive.render import _plain_html, render_text
from forum.extensions import db
from forum.markdown import render_markdown
from forum.models import AuditEntry, Post, PostRevision, Tag, User
from forum.moderation.actions import approve_post
from tests.archive.rich import large_archive
from tests.helpers import make_reply, setup_forum

POSTS = 1_250  # more than one insert batch (1,000 rows)


def test_every_row_of_a_large_archive_lands_on_its_post(app, monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 97)  # the IN (...) lists in several pieces
    archive = large_archive(POSTS)
    import_archive(archive)
    by_key = {p.key: p for p in db.session.scalars(select(Post))}
    assert len(by_key) == POSTS
    for item in archive["posts"]:
        post = by_key[item["key"]]
        assert (post.body, post.state, post.author.key) == (
            item["body"], item["state"], item["author"])
        assert post.body_html == render_markdown(item["body"])
        assert sorted(t.name for t in post.tags) == sorted(set(item["tags"]))
        assert [(r.version, r.body) for r in post.revisions] == [
            (r["version"], r["body"]) for r in item.get("revisions", [])]
    targets = dict(db.session.execute(select(AuditEntry.target_id, AuditEntry.detail)).all())
    assert {by_key[f"k{d['i']}"].id for d in targets.values()} == set(targets)
    assert db.session.scalar(select(Tag.id).where(Tag.name == "tag4")) is not None
    assert db.session.query(PostRevision).count() == sum(
        len(p.get("revisions", [])) for p in archive["posts"])
    exported = export_forum(forum_for_export("bulk-forum"))
    assert [p["key"] for p in exported["posts"]] == [
        p["key"] for p in sorted(archive["posts"], key=lambda p: (p["created_at"], p["key"]))]


def test_unnumbered_posts_continue_above_every_number_and_the_counter_follows(app):
    forum, moderator, participant, thread = setup_forum()
    approve_post(make_reply(thread, participant, "before"), acting_user=moderator, version=1)
    archive = large_archive(60)
    import_archive(archive)
    posts = db.session.scalars(select(Post).where(Post.key.like("k%"))).all()
    given = {p["key"]: p["number"] for p in archive["posts"] if p.get("number")}
    assert {p.key: p.number for p in posts if p.key in given} == given
    highest = max(given.values())
    assigned = sorted((p.created_at, p.key, p.number) for p in posts
                      if p.state in ("approved", "hidden") and p.key not in given)
    assert [n for *_, n in assigned] == list(range(highest + 1, highest + 1 + len(assigned)))
    after = approve_post(make_reply(thread, participant, "after"), acting_user=moderator,
                         version=1)
    assert after.number == highest + len(assigned) + 1


def test_existing_people_are_found_by_key_across_chunks(app, monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 3)
    import_archive(large_archive(30, slug="first"))
    second = large_archive(30, slug="second")
    for post in second["posts"]:
        post.pop("number", None)
    second["people"] += [{"key": f"first-p{i}", "name": "Renamed"} for i in range(10)]
    second["posts"][0]["author"] = "first-p7"
    import_archive(second)
    person = db.session.scalar(select(User).where(User.key == "first-p7"))
    assert person.name == "Person 7"  # an existing account is never changed
    forum = forum_for_export("second")
    assert db.session.scalar(select(Post.author_id).where(
        Post.forum_id == forum.id, Post.key == second["posts"][0]["key"])) == person.id


TRICKY = ["", "\n", "Plain.", "Plain.\nTwo lines.", "One.\n\nTwo.\n\n\nThree.\n",
          'He said "yes", it\'s (50%) done/ok: fine? Yes!', "Über straße 中文 ٣ Ⅻ",
          "Trailing space ", "Two  spaces", "A\n \nB", "A\tB", "1. list", "A 1. B",
          "A - b", "-A", "A\n- b", "A\n===", "A\n---", "a_b", "A*b*", "A & B", "A <b>",
          "A\r\nB", "A\u00a0B", "A\\\nB", "e\u0301", "A  \nB", "#A", "A #b", "A|B"]


@pytest.mark.parametrize("text", TRICKY)
def test_the_plain_text_shortcut_renders_what_markdown_it_renders(text):
    assert render_text(text) == render_markdown(text)


def test_the_plain_text_shortcut_agrees_on_random_prose():
    atoms = ["a", "Z", "é", "中", "1", " ", ",", ".", '"', "'", "-", "!", "\n", "\n\n", "(",
             ")", "%", "/", ":", ";", "?", "word", "ß", "İ", "٣", "\u0301", "ª", "  ", "*",
             "_", "&", "<", "#", "1. ", "\t", "\u00a0"]
    rng = random.Random(2014)
    plain = 0
    for _ in range(4_000):
        text = rng.choice("AbÉ") + "".join(rng.choice(atoms) for _ in range(rng.randint(0, 30)))
        plain += _plain_html(text) is not None
        assert render_text(text) == render_markdown(text), repr(text)
    assert plain > 300  # the shortcut was taken often enough to mean something
