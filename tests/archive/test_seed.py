"""The seeded 2014 forums: figures, coverage of the note, honesty, determinism."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from forum.archive.export import dumps, export_forum, forum_for_export
from forum.archive.seed import SEED_DIR, compile_seed, load_seed
from forum.extensions import db
from forum.forums.queries import participation
from forum.models import Post, Thread, Topic, User

NOTE = SEED_DIR / "reference" / "note-en.md"
_EXPORTS: dict[str, str] = {}


@pytest.fixture
def seeded(app):
    load_seed()
    return forum_for_export("cbforum2014")


def test_participation_matches_the_note(seeded):
    figures = participation(seeded.id)
    assert (figures.participants, figures.party_participants, figures.parties,
            figures.organization_participants, figures.messages) == (28, 25, 21, 3, 151)


def test_window_moderators_and_topics(seeded):
    assert seeded.status == "closed"
    assert [m.name for m in seeded.moderators] == ["Daniel Lewis", "Malta Qwathekana"]
    assert [t.title for t in seeded.topics][0].startswith("National experiences")
    assert len(seeded.topics) == 4


def test_public_numbers_follow_the_facts(seeded):
    assert db.session.scalar(select(Thread.title).join(Post, Post.thread_id == Thread.id)
                             .where(Post.number == 6085)).startswith("Topic 1")
    post = db.session.scalar(select(Post).where(Post.number == 6117))
    assert post.author.name == "Ramatha Letchumanan"
    assert f"{post.created_at:%Y-%m-%d %H:%M}" == "2014-05-28 09:04"
    numbers = db.session.scalars(select(Post.number).where(Post.forum_id == seeded.id)).all()
    assert min(numbers) >= 6085 and max(numbers) <= 6250


def _checklist() -> dict:
    return yaml.safe_load((SEED_DIR / "checklist.yaml").read_text("utf-8"))


def _posts_by(seeded, country: str, topic_key: str) -> list[Post]:
    return db.session.scalars(
        select(Post).join(User, User.id == Post.author_id)
        .join(Thread, Thread.id == Post.thread_id).join(Topic, Topic.id == Thread.topic_id)
        .where(Post.forum_id == seeded.id, Post.state == "approved", User.country == country,
               Topic.key == topic_key, User.role == "participant")
    ).all()


def test_every_country_in_section_ia_has_an_approved_post_in_topic_1(seeded):
    countries = {code for code, entry in _checklist()["countries"].items()
                 if any(item["section"] == "I.A" for item in entry["items"])}
    assert len(countries) >= 15
    for code in sorted(countries):
        assert _posts_by(seeded, code, "t1"), code


def test_every_checklist_item_is_told_by_its_country_in_its_topic(seeded):
    missing = []
    for code, entry in _checklist()["countries"].items():
        for item in entry["items"]:
            posts = _posts_by(seeded, code, item["topic"])
            evidence = [e.lower() for e in item.get("evidence", [])]
            if not posts or (evidence and not any(
                    all(e in p.body.lower() for e in evidence) for p in posts)):
                missing.append(item["id"])
    assert missing == []


def test_no_message_shares_eight_words_with_the_reference():
    words = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
    reference = words.findall(NOTE.read_text("utf-8").lower())
    grams = {tuple(reference[i:i + 8]) for i in range(len(reference) - 7)}
    overlaps = []
    for archive in compile_seed():
        if archive["forum"]["slug"] != "cbforum2014":
            continue
        for post in archive["posts"]:
            tokens = words.findall(post["body"].lower())
            overlaps += [(post["key"], " ".join(tokens[i:i + 8])) for i in range(len(tokens) - 7)
                         if tuple(tokens[i:i + 8]) in grams]
    assert overlaps == []


def test_seeded_pages_say_they_are_reconstructions(seeded, client):
    page = client.get("/forums/cbforum2014").get_data(as_text=True)
    assert "reconstruction" in page and "not the original postings" in page
    assert "This forum is closed" in page


def test_the_extended_forum_and_on_behalf_closing(app):
    load_seed()
    forum = forum_for_export("ppforum2014")
    assert forum.extended_to is not None and forum.status == "closed"
    closing = db.session.scalar(select(Post).where(Post.forum_id == forum.id,
                                                   Post.kind == "closing"))
    assert closing.posted_by is not None and closing.posted_by.role == "secretariat"
    assert len(forum.topics) == 6


def test_seeding_twice_changes_nothing(app):
    load_seed()
    results = load_seed()
    assert all(not r.changed for r in results)


def test_the_seed_exports_the_same_bytes_on_every_database(seeded, db_name):
    text = dumps(export_forum(seeded))
    digest = hashlib.sha256(text.encode()).hexdigest()
    _EXPORTS.setdefault("cbforum2014", digest)
    assert _EXPORTS["cbforum2014"] == digest, f"{db_name} exports different bytes"


def test_demo_forum_has_a_queue_and_fresh_passwords(app):
    from forum.archive.seed import load_demo

    first = load_demo()
    second = load_demo()
    assert {role for role, _, _, _ in first} == {"secretariat", "moderator", "participant"}
    assert [p for _, _, p, _ in first] != [p for _, _, p, _ in second]
    # Staff sign in with two-factor sign-in: each run gives them a fresh key too.
    keys = {role: (key, again)
            for (role, _, _, key), (_, _, _, again) in zip(first, second, strict=True)}
    assert keys["participant"] == (None, None)
    for role in ("secretariat", "moderator"):
        assert keys[role][0] and keys[role][1] and keys[role][0] != keys[role][1]
    forum = forum_for_export("demo")
    assert forum.status == "open"
    pending = db.session.scalars(select(Post).where(Post.forum_id == forum.id,
                                                    Post.state == "pending")).all()
    assert len(pending) >= 3


def test_seed_files_are_valid_yaml():
    for path in Path(SEED_DIR).rglob("*.yaml"):
        yaml.safe_load(path.read_text("utf-8"))
