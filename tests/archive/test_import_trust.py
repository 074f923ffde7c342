"""An archive is untrusted input: its HTML is never served and its staff roles are not taken
without `--trust-roles`."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from forum.archive.export import forum_for_export
from forum.archive.load import import_archive
from forum.archive.seed import load_demo, load_seed
from forum.archive.validate import ArchiveError
from forum.extensions import db
from forum.models import DigestVersion, ForumModerator, Post, User
from forum.permissions import can_administer, can_moderate
from tests.archive.rich import rich_archive
from tests.helpers import make_user

SCRIPT = '<script>alert("archive")</script><img src=x onerror="alert(2)">'


def _staff(archive: dict) -> list[dict]:
    return [p for p in archive["people"] if p["role"] in ("moderator", "secretariat")]


def _unsafe(text: str) -> bool:
    """The archive's script or handler as live markup (escaped text is harmless)."""
    return "<script>alert" in text or re.search(r"<img[^>]*onerror", text) is not None


def test_a_published_version_is_rendered_again_from_its_report(app, client):
    archive = rich_archive()
    version = archive["digests"]["versions"][0]
    good_html, good_md = version["html"], version["markdown"]
    version["html"] = version["html"].replace("<article", SCRIPT + "<article", 1).replace(
        "</article>", SCRIPT + "</article>")
    version["markdown"] = SCRIPT + version["markdown"]
    import_archive(archive, trust_roles=True)
    stored = db.session.scalar(select(DigestVersion))
    assert (stored.html, stored.markdown) == (good_html, good_md)
    slug = archive["forum"]["slug"]
    for url in (f"/digest/{slug}/v/1", f"/digest/{slug}/v/1/download.html"):
        response = client.get(url)
        assert response.status_code == 200
        assert not _unsafe(response.get_data(as_text=True)), url
    assert client.get(f"/digest/{slug}/v/1/download.docx").status_code == 200


def test_a_version_without_report_keeps_only_sanitized_text(app, client):
    archive = rich_archive()
    version = archive["digests"]["versions"][0]
    version["report"] = None
    version["html"] = f"<html><body><article>{SCRIPT}<p>Kept words</p></article></body></html>"
    version["markdown"] = f"# Digest\n\nKept words {SCRIPT}\n"
    import_archive(archive, trust_roles=True)
    stored = db.session.scalar(select(DigestVersion))
    assert not _unsafe(stored.html)
    page = client.get(f"/digest/{archive['forum']['slug']}/v/1").get_data(as_text=True)
    assert "Kept words" in page and not _unsafe(page)


def test_markdown_fields_are_rendered_on_import_and_html_fields_are_refused(app, client):
    archive = rich_archive()
    archive["forum"]["objective"] = SCRIPT
    archive["posts"][0]["body"] = SCRIPT + "\n\n[x](javascript:alert(3))"
    archive["topics"][0]["description"] = SCRIPT
    archive["digests"]["reviews"][0]["comments"][0]["body"] = SCRIPT
    import_archive(archive, trust_roles=True)
    forum = forum_for_export(archive["forum"]["slug"])
    assert not _unsafe(forum.objective_html)
    assert not _unsafe(forum.topics[0].description_html)
    post = db.session.scalar(select(Post).where(Post.key == archive["posts"][0]["key"]))
    assert not _unsafe(post.body_html) and "href=\"javascript" not in post.body_html
    assert not _unsafe(client.get(f"/forums/{forum.slug}").get_data(as_text=True))
    assert not _unsafe(client.get(f"/threads/{post.thread_id}").get_data(as_text=True))
    for section, field in (("posts", "body_html"), ("topics", "description_html")):
        bad = rich_archive()
        bad[section][0][field] = "<b>trusted?</b>"
        with pytest.raises(ArchiveError, match=rf"{section}\[0\]: unknown field"):
            import_archive(bad)


def test_staff_roles_become_participants_without_trust(app):
    archive = rich_archive()
    staff = _staff(archive)
    assert {p["role"] for p in staff} == {"moderator", "secretariat"}
    result = import_archive(archive)
    assert result.downgraded == len(staff)
    assert f"{len(staff)} people with a staff role" in result.message
    assert "--trust-roles" in result.message
    roles = dict(db.session.execute(select(User.key, User.role)).all())
    assert {roles[p["key"]] for p in staff} == {"participant"}
    forum = forum_for_export(archive["forum"]["slug"])
    assert db.session.scalar(select(func.count()).select_from(ForumModerator)) == 0
    for person in staff:
        user = db.session.scalar(select(User).where(User.key == person["key"]))
        user.confirmed_at = user.created_at  # as a password reset would
        assert not can_administer(user) and not can_moderate(user, forum)


def test_staff_roles_and_assignments_are_kept_with_trust(app):
    archive = rich_archive()
    result = import_archive(archive, trust_roles=True)
    assert result.downgraded == 0
    roles = dict(db.session.execute(select(User.key, User.role)).all())
    assert {roles[p["key"]] for p in _staff(archive)} == {"moderator", "secretariat"}
    assert db.session.scalar(select(func.count()).select_from(ForumModerator)) == len(
        archive["moderators"]) > 0


@pytest.mark.parametrize("trust", [False, True])
def test_an_import_never_changes_the_role_of_an_existing_account(app, trust):
    archive = rich_archive()
    staff = _staff(archive)
    plain = make_user("participant", email="plain@example.org")
    boss = make_user("secretariat", email="boss@example.org")
    plain.key, boss.key = staff[0]["key"], "boss-key"
    db.session.commit()
    archive["people"].append({"key": "boss-key", "name": "Boss", "role": "participant"})
    archive["posts"][0]["author"] = "boss-key"
    result = import_archive(archive, trust_roles=trust)
    db.session.expire_all()
    assert (plain.role, boss.role) == ("participant", "secretariat")
    assert result.downgraded == (0 if trust else len(staff) - 1)


def test_the_cli_counts_downgraded_roles_and_trusts_only_when_told(app, tmp_path):
    archive = rich_archive()
    path = tmp_path / "forum.json"
    path.write_text(json.dumps(archive))
    runner = app.test_cli_runner()
    plain = runner.invoke(args=["import", str(path)])
    assert plain.exit_code == 0, plain.output
    assert f"{len(_staff(archive))} people with a staff role" in plain.output
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.role != "participant")) == 0
    assert db.session.scalar(select(func.count()).select_from(ForumModerator)) == 0
    archive["forum"]["title"] = "Changed"
    path.write_text(json.dumps(archive))
    trusted = runner.invoke(args=["import", "--replace", "--trust-roles", str(path)])
    assert trusted.exit_code == 0, trusted.output
    assert db.session.scalar(select(func.count()).select_from(ForumModerator)) > 0


def test_the_seed_and_the_demo_keep_their_staff(app):
    load_seed()
    load_demo()
    forum = forum_for_export("cbforum2014")
    assert forum.moderators and {m.role for m in forum.moderators} == {"moderator"}
    assert db.session.scalar(select(User.role).where(User.key == "demo-secretariat")) == (
        "secretariat")
    demo = forum_for_export("demo")
    assert [m.key for m in demo.moderators] == ["demo-moderator"]
