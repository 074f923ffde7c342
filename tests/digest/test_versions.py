"""The Secretariat's draft (edit, delete, restore, move, regenerate) and published versions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.digest.queries import draft_of
from forum.extensions import db
from forum.models import AuditEntry, DigestOverride, DigestVersion, User
from forum.moderation.actions import approve_post, hide_post, reject_post
from synthesis.overrides import places
from tests.helpers import login, make_reply, make_user, setup_forum
from tests.web.support import fast_password_hashing, page, snapshot, textarea, visible  # noqa: F401

KENYA = "Kenya has integrated biosafety into its first NBSAP."
KENYA_2 = "In Kenya we also trained border inspectors on detection methods for LMOs."
UGANDA = "In Uganda we put biosafety into our NBSAP, and the revision kept it too."
NGO = "Public awareness is essential for the acceptance of any biosafety system."


def world(app) -> dict:
    """A forum whose draft has a Kenyan paragraph citing two posts, a Ugandan one and an
    organization's; the Secretariat, a moderator and a participant, each signed in."""
    forum, moderator, participant, thread = setup_forum()
    kenya = make_user(country="KE", name="Wanjiru Kamau")
    uganda = make_user(country="UG", name="Grace Nakato")
    ngo = make_user(country=None, affiliation="organization",
                    organization="Biosafety Education Network")
    posts = {}
    for name, author, body in (("kenya", kenya, KENYA), ("kenya2", kenya, KENYA_2),
                               ("uganda", uganda, UGANDA), ("ngo", ngo, NGO)):
        posts[name] = approve_post(make_reply(thread, author, body), acting_user=moderator,
                                   version=1)
    staff = db.session.scalar(select(User).filter_by(role="secretariat"))
    clients = {}
    for who, user in (("staff", staff), ("moderator", moderator), ("participant", participant)):
        clients[who] = app.test_client()
        login(clients[who], user)
    return {"forum": forum, "thread": thread, "moderator_user": moderator, "uganda": uganda,
            "posts": posts, **clients}


def paragraphs(forum) -> list:
    """The draft's paragraphs of the topic's section, as the Secretariat sees them now."""
    db.session.expire_all()
    report = draft_of(forum).report
    return [p for place, ps in places(report) if place.startswith("topic-") for p in ps]


def texts(forum) -> list[str]:
    return [" ".join(x.text for x in p.lines) for p in paragraphs(forum)]


def key_of(forum, word: str) -> str:
    return next(p.key for p in paragraphs(forum) if word in " ".join(x.text for x in p.lines))


def post(client, path: str, **data):
    return client.post(path, data=data)


# editing and regenerating --------------------------------------------------------------------

def test_an_edit_is_kept_when_the_draft_is_regenerated(app):
    w = world(app)
    slug, staff = w["forum"].slug, w["staff"]
    key = key_of(w["forum"], "Uganda")
    form = staff.get(f"/digest/{slug}/edit", query_string={"key": key})
    assert form.status_code == 200
    assert textarea(page(form), "text").startswith("Uganda put biosafety into its NBSAP")
    saved = post(staff, f"/digest/{slug}/edit", key=key,
                 text="Uganda has kept biosafety in its *revised* NBSAP.")
    assert saved.status_code == 302
    draft = page(staff.get(f"/digest/{slug}"))
    assert "Uganda has kept biosafety in its revised NBSAP." in visible(draft)
    assert draft.count('<span class="badge">edited</span>') == 1 and "Undo my edit" in draft
    # New material arrives; the edit stays, its sources unchanged, and the new post is added.
    other = make_user(country="MD", name="Ana Pop")
    approve_post(make_reply(w["thread"], other, "In the Republic of Moldova we adopted the "
                            "biosafety law in 2013."), acting_user=w["moderator_user"], version=1)
    now = texts(w["forum"])
    assert "Uganda has kept biosafety in its revised NBSAP." in now
    assert any("Moldova" in t for t in now) and not any("revision kept it" in t for t in now)
    edited = next(p for p in paragraphs(w["forum"]) if p.edited)
    assert not edited.changed
    assert db.session.scalar(select(func.count(AuditEntry.id))
                             .where(AuditEntry.action == "digest.edit")) == 1


def test_a_bad_edit_keeps_the_text_and_changes_nothing(app):
    w = world(app)
    slug, key = w["forum"].slug, key_of(w["forum"], "Uganda")
    typed = "First paragraph.\n\nA second paragraph the form refuses."
    response = post(w["staff"], f"/digest/{slug}/edit", key=key, text=typed)
    assert response.status_code == 400
    assert textarea(page(response), "text") == typed
    assert "Write one paragraph" in visible(response)
    # A paragraph that went away while the Secretariat typed: the text is kept too.
    gone = post(w["staff"], f"/digest/{slug}/edit", key="topic-x/s0123456789",
                text="Carefully typed words.")
    assert gone.status_code == 409 and textarea(page(gone), "text") == "Carefully typed words."
    assert "no longer in the draft" in visible(gone)
    assert db.session.scalar(select(func.count(DigestOverride.id))) == 0


def test_hiding_a_source_of_an_edited_paragraph_flags_it_and_blocks_publishing(app):
    w = world(app)
    forum, slug, staff = w["forum"], w["forum"].slug, w["staff"]
    key = key_of(forum, "Kenya")
    post(staff, f"/digest/{slug}/edit", key=key,
         text="Kenya integrated biosafety into its NBSAP and trained inspectors.")
    hide_post(w["posts"]["kenya2"], acting_user=w["moderator_user"], reason="Personal data.")
    edited = next(p for p in paragraphs(forum) if p.edited)
    assert edited.changed
    assert "sources changed since your edit" in visible(staff.get(f"/digest/{slug}"))
    refused = post(staff, f"/digest/{slug}/publish")
    assert refused.status_code == 302
    assert "no longer public" in visible(staff.get(f"/digest/{slug}"))
    assert db.session.scalar(select(func.count(DigestVersion.id))) == 0
    # Saving the paragraph again records its current sources: the flag goes, publishing works.
    post(staff, f"/digest/{slug}/edit", key=edited.key, text="Kenya integrated biosafety into "
                                                             "its NBSAP.")
    assert not next(p for p in paragraphs(forum) if p.edited).changed
    assert post(staff, f"/digest/{slug}/publish").status_code == 302
    assert db.session.scalar(select(func.count(DigestVersion.id))) == 1


def test_an_edit_can_be_undone_and_an_orphaned_edit_is_shown_but_never_printed(app):
    w = world(app)
    forum, slug, staff = w["forum"], w["forum"].slug, w["staff"]
    key = key_of(forum, "Uganda")
    post(staff, f"/digest/{slug}/edit", key=key, text="Uganda said so.")
    assert post(staff, f"/digest/{slug}/revert", key=key).status_code == 302
    assert any("revision kept it" in t for t in texts(forum))
    assert db.session.scalar(select(func.count(DigestOverride.id))) == 0
    # The organization's only post is hidden: its edited paragraph has nowhere to go.
    post(staff, f"/digest/{slug}/edit", key=key_of(forum, "Education Network"),
         text="An organization stressed ORPHANWORD public awareness.")
    hide_post(w["posts"]["ngo"], acting_user=w["moderator_user"], reason="Off-topic.")
    draft = visible(staff.get(f"/digest/{slug}"))
    assert "Edits whose paragraph is no longer generated" in draft and "ORPHANWORD" in draft
    post(staff, f"/digest/{slug}/publish")
    assert "ORPHANWORD" not in db.session.scalar(select(DigestVersion.markdown))
    orphan = db.session.scalar(select(DigestOverride.key))
    assert post(staff, f"/digest/{slug}/revert", key=orphan).status_code == 302
    assert "ORPHANWORD" not in visible(staff.get(f"/digest/{slug}"))


def test_a_deleted_paragraph_stays_deleted_until_restored(app):
    w = world(app)
    forum, slug, staff = w["forum"], w["forum"].slug, w["staff"]
    key = key_of(forum, "Biosafety Education Network")
    assert post(staff, f"/digest/{slug}/delete", key=key).status_code == 302
    assert not any("Education Network" in t for t in texts(forum))
    approve_post(make_reply(w["thread"], w["uganda"], "In Uganda we also run public "
                            "hearings before each decision."), acting_user=w["moderator_user"],
                 version=1)
    assert not any("Education Network" in t for t in texts(forum))
    draft = page(staff.get(f"/digest/{slug}"))
    assert "Deleted paragraphs" in draft and "Restore" in draft
    assert post(staff, f"/digest/{slug}/restore", key=key).status_code == 302
    assert any("Education Network" in t for t in texts(forum))
    assert db.session.scalar(select(func.count(DigestOverride.id))) == 0  # nothing left over


def test_moving_a_paragraph_holds_after_regeneration(app):
    w = world(app)
    forum, slug, staff = w["forum"], w["forum"].slug, w["staff"]
    before = texts(forum)
    assert post(staff, f"/digest/{slug}/move", key=key_of(forum, "Uganda"),
                direction="up").status_code == 302
    after = texts(forum)
    assert after == [before[1], before[0], *before[2:]]
    assert [p.number for p in paragraphs(forum)] == sorted(p.number for p in paragraphs(forum))
    other = make_user(country="MD", name="Ana Pop")
    approve_post(make_reply(w["thread"], other, "In the Republic of Moldova we adopted the "
                            "biosafety law in 2013."), acting_user=w["moderator_user"], version=1)
    regenerated = texts(forum)
    assert regenerated.index(after[0]) < regenerated.index(after[1])
    refused = post(staff, f"/digest/{slug}/move", key=key_of(forum, "Uganda"), direction="up")
    assert refused.status_code == 302 and "already the first" in visible(
        staff.get(f"/digest/{slug}"))


# publishing ----------------------------------------------------------------------------------

def test_publishing_makes_numbered_immutable_versions_anyone_can_read(app):
    w = world(app)
    forum, slug, staff = w["forum"], w["forum"].slug, w["staff"]
    first = post(staff, f"/digest/{slug}/publish")
    assert first.status_code == 302 and first.location.endswith(f"/digest/{slug}/v/1")
    v1 = db.session.scalar(select(DigestVersion).filter_by(forum_id=forum.id, number=1))
    frozen = (v1.markdown, v1.html)
    assert "DRAFT" not in v1.markdown and "Uganda" in v1.markdown
    assert "http://forum.test/n/" in v1.html  # cited by public number
    post(staff, f"/digest/{slug}/edit", key=key_of(forum, "Uganda"),
         text="Uganda has kept biosafety in its revised NBSAP.")
    assert post(staff, f"/digest/{slug}/publish").location.endswith(f"/digest/{slug}/v/2")
    db.session.expire_all()
    v1 = db.session.scalar(select(DigestVersion).filter_by(forum_id=forum.id, number=1))
    v2 = db.session.scalar(select(DigestVersion).filter_by(forum_id=forum.id, number=2))
    assert (v1.markdown, v1.html) == frozen and "revised NBSAP" in v2.markdown
    assert v2.published_by.role == "secretariat" and v2.published_at is not None
    # Nothing may change a published version.
    v1.markdown = "rewritten"
    with pytest.raises(ValueError, match="never changes"):
        db.session.flush()
    db.session.rollback()
    # Anyone reads it, on the forum's page and at its own address, in every format.
    anonymous = app.test_client()
    home = visible(anonymous.get(f"/forums/{slug}"))
    assert "Version 1" in home and "Version 2" in home
    readable = anonymous.get(f"/digest/{slug}/v/1")
    assert readable.status_code == 200 and "Uganda put biosafety" in visible(readable)
    assert "DRAFT" not in visible(readable)
    md = anonymous.get(f"/digest/{slug}/v/1/download.md")
    assert md.status_code == 200 and md.get_data(as_text=True) == frozen[0]
    assert anonymous.get(f"/digest/{slug}/v/1/download.html").get_data(as_text=True) == frozen[1]
    docx = anonymous.get(f"/digest/{slug}/v/2/download.docx")
    assert docx.status_code == 200 and docx.data.startswith(b"PK")
    assert anonymous.get(f"/digest/{slug}/v/3").status_code == 404
    assert anonymous.get(f"/digest/{slug}/v/1/download.odt").status_code == 404
    assert db.session.scalar(select(func.count(AuditEntry.id))
                             .where(AuditEntry.action == "digest.publish")) == 2


def test_a_published_digest_never_includes_pending_rejected_or_hidden_posts(app):
    w = world(app)
    thread, moderator = w["thread"], w["moderator_user"]
    participant = make_user(country="BR", name="Paulo Souza")
    make_reply(thread, participant, "PENDINGWORD is in our national strategy.")
    reject_post(make_reply(thread, participant, "REJECTEDWORD is in our national strategy."),
                acting_user=moderator, reason="Off-topic.")
    hidden = approve_post(make_reply(thread, participant, "HIDDENWORD is in our national "
                                     "strategy."), acting_user=moderator, version=1)
    assert any("HIDDENWORD" in t for t in texts(w["forum"]))
    hide_post(hidden, acting_user=moderator, reason="Personal data.")
    post(w["staff"], f"/digest/{w['forum'].slug}/publish")
    version = db.session.scalar(select(DigestVersion))
    for word in ("PENDINGWORD", "REJECTEDWORD", "HIDDENWORD"):
        assert word not in version.markdown and word not in version.html
    assert f"/n/{hidden.number}" not in version.html


def test_the_cli_prints_a_published_version_or_fails_in_one_line(app):
    w = world(app)
    post(w["staff"], f"/digest/{w['forum'].slug}/publish")
    runner = app.test_cli_runner()
    printed = runner.invoke(args=["digest", w["forum"].slug, "--version", "1"])
    assert printed.exit_code == 0 and printed.output == db.session.scalar(
        select(DigestVersion.markdown))
    html = runner.invoke(args=["digest", w["forum"].slug, "--version", "1", "--format", "html"])
    assert html.output.startswith("<!DOCTYPE html>")
    missing = runner.invoke(args=["digest", w["forum"].slug, "--version", "7"])
    assert missing.exit_code != 0 and "Traceback" not in missing.output
    assert len(missing.output.strip().splitlines()) == 1 and "version 7" in missing.output


# who may do what -----------------------------------------------------------------------------

ACTIONS = ("edit", "delete", "restore", "revert", "move", "publish")


def test_moderators_read_drafts_participants_and_anonymous_do_not(app):
    w = world(app)
    slug = w["forum"].slug
    draft = w["moderator"].get(f"/digest/{slug}")
    assert draft.status_code == 200 and "Uganda" in visible(draft)
    assert "Publish" not in visible(draft) and "Move up" not in visible(draft)
    assert w["participant"].get(f"/digest/{slug}").status_code == 403
    assert w["participant"].get(f"/digest/{slug}/download.md").status_code == 403
    assert app.test_client().get(f"/digest/{slug}").status_code == 302  # to sign in


@pytest.mark.parametrize("who", ["moderator", "participant"])
def test_only_the_secretariat_changes_or_publishes_a_digest(app, who):
    w = world(app)
    slug, client = w["forum"].slug, w[who]
    key = key_of(w["forum"], "Uganda")
    before = snapshot()
    assert client.get(f"/digest/{slug}/edit", query_string={"key": key}).status_code == 403
    for action in ACTIONS:
        response = post(client, f"/digest/{slug}/{action}", key=key, text="Mine.",
                        direction="up")
        assert response.status_code == 403, action
    assert snapshot() == before
    anonymous = app.test_client()
    for action in ACTIONS:
        response = post(anonymous, f"/digest/{slug}/{action}", key=key)
        assert response.status_code == 302 and "/login" in response.location


def test_every_draft_form_carries_a_csrf_token_and_needs_it(app):
    w = world(app)
    slug, staff = w["forum"].slug, w["staff"]
    key = key_of(w["forum"], "Uganda")
    post(staff, f"/digest/{slug}/delete", key=key)  # something to restore
    app.config["WTF_CSRF_ENABLED"] = True
    html = page(staff.get(f"/digest/{slug}"))
    forms = html.count('<form method="post"')
    assert forms >= 5 and html.count('name="csrf_token"') >= forms
    before = snapshot()
    for action in ACTIONS:
        response = post(staff, f"/digest/{slug}/{action}", key=key, text="X.")
        assert response.status_code == 400, action
    assert snapshot() == before
