"""The digest wired to the database: collect, CLI, draft pages, what never gets in."""

from __future__ import annotations

from forum.archive.export import forum_for_export
from forum.archive.seed import load_seed
from forum.digest.generate import render, report_for
from forum.extensions import db
from forum.moderation.actions import approve_post, hide_post
from synthesis.stages.number import all_lines
from tests.helpers import login, make_reply, make_user, setup_forum


def test_the_seed_digest_states_the_participation_and_is_deterministic(app):
    load_seed()
    forum = forum_for_export("cbforum2014")
    first = render(report_for(forum), "md")
    assert "from 26 May to 13 June 2014" in first
    assert "28 participants" in first and "25 from 21 Parties" in first
    assert "3 from organizations" in first and "151 messages" in first
    assert "Malta Qwathekana (South Africa)" in first and "Daniel Lewis (Grenada)" in first
    assert "UNEP/CBD/BS/COP-MOP/7/7" in first and "DRAFT" in first
    assert first == render(report_for(forum), "md")
    report = report_for(forum)
    assert all(line.sources for line in all_lines(report) if line.kind == "content")


def test_pending_rejected_and_hidden_posts_never_reach_the_digest(app):
    forum, moderator, participant, thread = setup_forum()
    visible = make_reply(thread, participant, "In our country biosafety is in the NBSAP now.")
    approve_post(visible, acting_user=moderator, version=1)
    make_reply(thread, participant, "PENDINGWORD is a secret still awaiting moderation.")
    hidden = make_reply(thread, participant, "HIDDENWORD was approved and later hidden.")
    approve_post(hidden, acting_user=moderator, version=1)
    hide_post(hidden, acting_user=moderator, reason="Personal data.")
    text = render(report_for(forum), "md")
    assert "PENDINGWORD" not in text and "HIDDENWORD" not in text
    assert "NBSAP" in text


def test_only_the_secretariat_and_moderators_read_drafts(app, client):
    load_seed()
    participant = make_user("participant")
    login(client, participant)
    assert client.get("/digest/cbforum2014").status_code == 403
    assert client.get("/digest/cbforum2014/download.md").status_code == 403
    anonymous = app.test_client()
    assert anonymous.get("/digest/cbforum2014").status_code == 302  # to sign in
    staff = make_user("secretariat", country=None, affiliation="organization")
    db.session.commit()
    other = app.test_client()
    login(other, staff)
    page = other.get("/digest/cbforum2014")
    assert page.status_code == 200 and "data-sources=" in page.get_data(as_text=True)
    download = other.get("/digest/cbforum2014/download.md")
    assert download.status_code == 200 and b"151 messages" in download.data
    assert other.get("/digest/cbforum2014?words=5").status_code == 400


def test_cli_writes_markdown_and_fails_cleanly(app, tmp_path):
    load_seed()
    runner = app.test_cli_runner()
    out = tmp_path / "digest.md"
    result = runner.invoke(args=["digest", "cbforum2014", "--format", "md", "-o", str(out),
                                 "--words", "3000"])
    assert result.exit_code == 0, result.output
    assert "151 messages" in out.read_text()
    missing = runner.invoke(args=["digest", "nope"])
    assert missing.exit_code != 0 and "Traceback" not in missing.output


def test_the_report_is_reused_until_anything_it_reads_changes(app):
    forum, moderator, participant, thread = setup_forum()
    first = make_reply(thread, participant, "In our country biosafety is in the NBSAP now.")
    approve_post(first, acting_user=moderator, version=1)
    report = report_for(forum)
    assert report_for(forum) is report  # the same input: the memo answers
    assert report_for(forum, words=500) is not report  # another budget is another report
    second = make_reply(thread, participant, "In our country the national budget has carried "
                        "a MEMOWORD line for biosafety since 2013.")
    assert report_for(forum) is report  # a pending post is not read
    approve_post(second, acting_user=moderator, version=1)
    assert "MEMOWORD" in render(report_for(forum), "md")
    hide_post(second, acting_user=moderator, reason="Off topic.")
    assert "MEMOWORD" not in render(report_for(forum), "md")
