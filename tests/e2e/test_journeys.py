"""People's journeys through a real server in a real browser, asserting what they see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.conftest import LABELLING
from tests.e2e.support import Account, expect, link_in, open_review_round, shot, sign_in

pytestmark = pytest.mark.e2e

NEWCOMER = Account("kofi.mensah@epa.e2e.example", "a-long-newcomer-password")
# A Markdown reply with a typo the moderator corrects before approving.
REPLY = ("In Ghana every shipment is **labelled** \"may contain LMOs\" and checked at:\n\n"
         "- the port of entry\n- the national biosafety register\n\nWe also recieve notices.")


@dataclass(frozen=True)
class PendingReply:
    post_id: int
    thread_url: str


def _open_thread(page, forum_title: str, thread_title: str) -> None:
    """Go to a thread as a reader would: the list of forums, the forum, the thread."""
    page.goto("/")
    page.get_by_role("link", name=forum_title).click()
    page.get_by_role("link", name=thread_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(thread_title)


@pytest.fixture(scope="session")
def newcomer_reply(browser, server, mailbox) -> PendingReply:
    """Journey 1 itself (a fixture, so journey 2 can start from its end when run alone):
    register, confirm by email, get accredited, reply in Markdown."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/")
        page.get_by_role("link", name="Register").click()
        page.get_by_label("Title").select_option("Mr.")
        page.get_by_label("Full name").fill("Kofi Mensah")
        page.get_by_label("Email").fill(NEWCOMER.email)
        page.get_by_label("Ministry, agency or organization").fill("Environmental Protection "
                                                                   "Agency")
        page.get_by_label("You represent").select_option("party")
        page.get_by_label("Country").select_option("GH")
        page.get_by_label("Password", exact=True).fill(NEWCOMER.password)
        page.get_by_label("Repeat the password").fill(NEWCOMER.password)
        page.get_by_label("I accept that the Secretariat may summarize").check()
        shot(page, "01-register")
        page.get_by_role("button", name="Register").click()
        expect(page.locator(".flashes")).to_contain_text("We have sent you an email")

        message = mailbox.wait_for(NEWCOMER.email, "Confirm your email address")
        link = link_in(message, server.url)  # built from FORUM_PUBLIC_URL
        assert "Dear Mr. Kofi Mensah" in message.get_body(("plain",)).get_content()
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
        page.get_by_role("button", name="Confirm").click()
        expect(page.locator(".flashes")).to_contain_text("Your email address is confirmed")

        sign_in(page, NEWCOMER)
        _open_thread(page, "Labelling of living modified organisms",
                     "How do you label LMO shipments?")
        thread_url = page.url
        reply = page.locator("section.reply")
        expect(reply).to_contain_text("Only participants accredited by the Secretariat may post")
        expect(reply.get_by_role("textbox")).to_have_count(0)
        shot(page, "02-thread-before-accreditation")

        secretariat = context.browser.new_context(base_url=server.url)
        staff = secretariat.new_page()
        sign_in(staff, server.accounts["secretariat"])
        staff.get_by_role("link", name="Secretariat", exact=True).click()
        staff.get_by_role("link", name="Labelling of living modified organisms").click()
        expect(staff.get_by_role("heading", level=1)).to_contain_text("Manage")
        staff.get_by_label("Email of the participant").fill(NEWCOMER.email)
        staff.get_by_role("button", name="Accredit").click()
        expect(staff.locator(".flashes")).to_contain_text("Mr. Kofi Mensah is accredited.")
        expect(staff.locator("section", has_text="Accredited participants")).to_contain_text(
            NEWCOMER.email)
        shot(staff, "03-manage-accredited")
        secretariat.close()

        page.reload()
        page.get_by_label("Your reply (Markdown)").fill(REPLY)
        page.get_by_role("button", name="Preview").click()
        expect(page.locator(".preview strong")).to_have_text("labelled")
        page.get_by_role("button", name="Post reply").click()
        expect(page.locator(".flashes")).to_contain_text("Your reply awaits moderation")
        post_id = int(re.search(r"#post-(\d+)$", page.url).group(1))
        mine = page.locator(f"#post-{post_id}")
        expect(mine).to_contain_text("Awaiting moderation: only you and the moderators")
        expect(mine.locator(".body strong")).to_have_text("labelled")
        expect(mine.locator(".body li")).to_have_text(["the port of entry",
                                                       "the national biosafety register"])
        shot(page, "04-reply-awaiting-moderation")
        return PendingReply(post_id, thread_url)
    finally:
        context.close()


def test_newcomer_registers_is_accredited_and_replies(newcomer_reply, new_page):
    page = new_page()
    sign_in(page, NEWCOMER)
    page.goto(newcomer_reply.thread_url)
    mine = page.locator(f"#post-{newcomer_reply.post_id}")
    expect(mine).to_contain_text("Awaiting moderation")
    expect(mine).to_contain_text("not yet numbered")


def test_moderator_edits_and_approves_then_anyone_reads_it(newcomer_reply, new_page, server):
    moderator = new_page()
    sign_in(moderator, server.accounts["moderator"])
    moderator.goto(f"/forums/{LABELLING}")
    moderator.get_by_role("link", name="Moderation queue").click()
    item = moderator.locator("article.queue-item", has_text="Kofi Mensah")
    expect(item).to_contain_text("Environmental Protection Agency")
    shot(moderator, "05-queue")
    item.get_by_role("link", name="Edit, then approve").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Edit before approving")
    text = moderator.get_by_label("Text (Markdown)")
    expect(text).to_have_value(REPLY)
    text.fill(REPLY.replace("recieve", "receive"))
    moderator.get_by_role("button", name="Save and approve").click()
    flash = moderator.locator(".flashes")
    expect(flash).to_contain_text("Your edit was saved and the post approved as #")
    number = re.search(r"#(\d+)", flash.inner_text()).group(1)
    expect(moderator.locator("article.queue-item", has_text="Kofi Mensah")).to_have_count(0)

    visitor = new_page()
    visitor.goto(newcomer_reply.thread_url)
    expect(visitor.get_by_role("navigation", name="Account")).to_contain_text("Sign in")
    post = visitor.locator(f"#post-{newcomer_reply.post_id}")
    expect(post.locator(".number")).to_contain_text(f"[#{number}]")
    expect(post.locator(".body")).to_contain_text("We also receive notices.")
    expect(post.locator(".body strong")).to_have_text("labelled")
    expect(post).not_to_contain_text("Awaiting moderation")
    expect(post.locator(".byline")).to_have_text(re.compile(
        r"^posted on \d{4}-\d\d-\d\d \d\d:\d\d UTC by Mr\. Kofi Mensah, "
        r"Environmental Protection Agency$"))
    post.scroll_into_view_if_needed()
    shot(visitor, "06-approved-reply-public")


def test_rejected_post_shows_its_reason_to_its_author_only(new_page, server):
    reason = "Please say which country's committee you mean."
    moderator = new_page()
    sign_in(moderator, server.accounts["moderator"])
    moderator.goto("/moderation/demo")
    item = moderator.locator("article.queue-item", has_text="national biosafety committee")
    post_id = int(item.get_attribute("id").removeprefix("q-"))
    item.get_by_text("Reject…").click()  # the reason opens beside the post
    item.get_by_label("Reason", exact=True).select_option("Off-topic for this thread.")
    item.get_by_label("Your words to the author").fill(reason)
    item.get_by_role("button", name="Reject", exact=True).click()
    expect(moderator.locator(".flashes")).to_contain_text(
        "The post by Dr. Demo Participant was rejected.")

    author = new_page()
    sign_in(author, server.accounts["participant"])
    author.goto(f"/posts/{post_id}")
    mine = author.locator(f"#post-{post_id}")
    expect(mine).to_contain_text(f"Not approved. Reason: Off-topic for this thread. {reason}")
    expect(mine).to_contain_text("national biosafety committee now publishes")
    mine.scroll_into_view_if_needed()
    shot(author, "07-rejected-seen-by-author")

    other = new_page()
    sign_in(other, server.accounts["other"])
    anonymous = new_page()
    for reader in (other, anonymous):
        response = reader.goto(f"/posts/{post_id}")
        assert response.status == 404
        reader.goto(author.url.split("#")[0])
        expect(reader.get_by_role("heading", level=1)).to_have_text(
            "How do you inform the public?")
        expect(reader.locator("main")).not_to_contain_text("national biosafety committee")
        expect(reader.locator("main")).not_to_contain_text(reason)
        expect(reader.locator(f"#post-{post_id}")).to_have_count(0)
    shot(other, "08-rejected-hidden-from-others")


def test_secretariat_creates_opens_drafts_and_publishes_a_digest(new_page, server):
    title = "Online forum on socio-economic considerations"
    slug = "socioeconomic"
    page = new_page()
    sign_in(page, server.accounts["secretariat"])
    page.get_by_role("link", name="Secretariat", exact=True).click()
    start = datetime.now(UTC) + timedelta(days=7)
    page.get_by_label("Slug (in the address)").fill(slug)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Objective (Markdown)").fill("To share experience with *socio-economic* "
                                                   "considerations in decisions on LMOs.")
    page.get_by_label("Opens (UTC)").fill(f"{start:%Y-%m-%dT09:00}")
    page.get_by_label("Closes (UTC)").fill(f"{start + timedelta(days=14):%Y-%m-%dT09:00}")
    page.get_by_role("button", name="Create the forum").click()
    expect(page.locator(".flashes")).to_contain_text("The forum was created.")
    expect(page.locator("main")).to_contain_text("Status: upcoming")

    for topic in ("Methodologies for assessment", "Participation of communities"):
        page.get_by_label("Topic title").fill(topic)
        page.get_by_role("button", name="Add the topic").click()
        expect(page.locator(".flashes")).to_contain_text("Topic added.")
    expect(page.locator("section", has_text="Topics").locator("ol li")).to_have_text(
        ["Methodologies for assessment", "Participation of communities"])
    page.get_by_role("button", name="Open now").click()
    expect(page.locator(".flashes")).to_contain_text("The forum is open.")
    expect(page.locator("main")).to_contain_text("Status: open")
    shot(page, "09-manage-new-forum-open")

    page.get_by_role("link", name="Open a thread").click()
    page.get_by_label("Title", exact=True).fill("Which methods have you used?")
    page.get_by_label("Topic", exact=True).select_option(label="Methodologies for assessment")
    page.get_by_label("Framing text (Markdown)").fill(
        "Please describe the methods your country used to assess socio-economic effects.")
    page.get_by_role("button", name="Open the thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which methods have you used?")

    page.goto(f"/forums/{slug}")
    expect(page.locator(".status")).to_have_text("open")
    page.get_by_role("link", name="Synthesis digest (draft)").click()
    assert page.url.endswith(f"/digest/{slug}")
    expect(page.get_by_role("heading", level=1).first).to_have_text("Synthesis digest: draft")
    expect(page.locator("main")).to_contain_text("DRAFT")
    expect(page.locator("main")).to_contain_text(title)
    shot(page, "10-digest-draft")
    with page.expect_download() as info:
        page.get_by_role("link", name="Markdown").click()
    download = info.value
    assert download.suggested_filename == f"{slug}-digest-draft.md"
    markdown = Path(download.path()).read_text("utf-8")
    assert "DRAFT" in markdown
    assert title in markdown

    edited = f"The {title} was convened online to exchange experience before the meeting."
    first = page.locator("article.digest .para").first
    first.get_by_role("link", name="Edit").click()
    page.get_by_label("Text of the paragraph (Markdown)").fill(edited)
    page.get_by_role("button", name="Save the paragraph").click()
    expect(page.locator(".flashes")).to_contain_text(re.compile(r"paragraph.* was saved", re.I))
    expect(first).to_contain_text(f"1. {edited}")
    expect(first.locator(".badge")).to_have_text("edited")
    page.get_by_role("button", name="Publish as version 1").click()
    expect(page.locator(".flashes")).to_contain_text("Version 1 is published.")
    assert page.url.endswith(f"/digest/{slug}/v/1")
    with page.expect_download() as info:
        page.get_by_role("link", name="Markdown").click()
    assert info.value.suggested_filename == f"{slug}-digest-v1.md"
    published = Path(info.value.path()).read_text("utf-8")
    assert edited in published
    assert "DRAFT" not in published

    visitor = new_page()
    visitor.goto(f"/forums/{slug}")
    visitor.locator("section.digests").get_by_role("link", name="Version 1").click()
    expect(visitor.get_by_role("heading", level=1).first).to_have_text(
        "Synthesis digest, version 1")
    expect(visitor.locator("main")).to_contain_text(edited)
    expect(visitor.locator("main")).not_to_contain_text("DRAFT")
    shot(visitor, "11-digest-published")


def test_visitor_of_a_closed_forum_sees_the_banner_and_no_reply_form(new_page):
    page = new_page()
    page.goto("/forums/cbforum2014")
    banner = page.locator(".notice.closed")
    expect(banner).to_have_text("This forum is closed. No more comments will be accepted; "
                                "all postings remain available for reading.")
    expect(page.locator(".notice.reconstruction")).to_contain_text("not the original postings")
    shot(page, "12-closed-forum-home")
    page.locator("ul.threads a").first.click()
    expect(page.locator(".notice.closed")).to_be_visible()
    expect(page.locator("form.reply-form")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    # An archive: no invitation to sign in and take part.
    expect(page.locator("section.reply")).to_contain_text("This forum is closed")
    expect(page.locator("section.reply")).not_to_contain_text("Sign in")
    shot(page, "13-closed-forum-thread")


def test_participants_comment_on_the_draft_and_the_secretariat_reads_them(new_page, server):
    comment = "Please add that our national committee met twice during the forum."
    staff = new_page()
    sign_in(staff, server.accounts["secretariat"])
    open_review_round(staff, "demo")
    shot(staff, "14-review-round-open")

    reviewer = new_page()
    sign_in(reviewer, server.accounts["participant"])
    reviewer.goto("/forums/demo")
    reviewer.get_by_role("link", name="The draft synthesis of this forum is open for your "
                                      "review").click()
    expect(reviewer.get_by_role("heading", level=1).first).to_have_text(
        "Review of the draft synthesis")
    expect(reviewer.locator("main")).to_contain_text("DRAFT")
    # The draft without the Secretariat's tools.
    expect(reviewer.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(reviewer.get_by_role("button", name=re.compile("Publish"))).to_have_count(0)
    target = reviewer.get_by_role("link", name=re.compile(r"^Comment on paragraph \d+$")).first
    number = target.inner_text().rsplit(" ", 1)[1]
    target.click()
    reviewer.get_by_label("Your comment (plain text or Markdown)").fill(comment)
    reviewer.get_by_role("button", name="Send the comment").click()
    expect(reviewer.locator(".flashes")).to_contain_text("your comment was sent")
    expect(reviewer.locator(".para-comments", has_text=comment)).to_be_visible()
    shot(reviewer, "15-review-comment-sent")

    anonymous = new_page()
    anonymous.goto("/digest/demo/review")
    assert "/login" in anonymous.url

    staff.reload()
    mine = staff.locator(".para-comments", has_text=comment)
    expect(mine).to_have_attribute("aria-label", f"Comments on paragraph {number}")
    mine.get_by_role("button", name="Mark as addressed").last.click()
    expect(staff.locator(".comment.addressed", has_text=comment)).to_be_visible()
    shot(staff, "16-review-comment-addressed")
