"""Finding and following (issue 11) in a real browser: what is new to a signed-in reader
(the forum page's marker, the jump to the first unread message, gone once read), search for
a Chinese phrase, and a thread's Atom feed found from its page and read with feedparser."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from forum.archive.validate import FORMAT, VERSION
from tests.e2e.conftest import CommandLine
from tests.e2e.support import axe_violations, expect, shot, sign_in

pytestmark = pytest.mark.e2e

SLUG = "biosafety-zh"
THREAD = "国家生物安全框架的经验"
# Words no other forum of the server has: each assertion can only be about these posts.
APPROVED = "我国的生物安全法规要求进口前进行风险评估。"
PENDING = "Pending words quixotically unseen"
ANSWER = "Thank you: which agency reviews the assessments in practice?"


def _archive() -> dict:
    """A small open Chinese forum moderated by the demo moderator: an opening, an approved
    reply with the phrase searched for, and a reply still awaiting moderation."""
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
    at = lambda hours: (start + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    return {
        "format": FORMAT, "version": VERSION,
        "forum": {"slug": SLUG, "title": "生物安全论坛", "language": "zh",
                  "objective": "交流各国执行议定书的经验。\n",
                  "opens_at": at(0), "closes_at": at(24 * 20)},
        "topics": [{"key": "zh-topic", "title": "国家框架"}],
        "people": [{"key": "demo-moderator", "title": "Mr.", "name": "Demo Moderator",
                    "country": "GD", "organization": "Ministry of Agriculture",
                    "affiliation": "party", "role": "moderator", "email": None},
                   {"key": "zh-author", "title": "Ms.", "name": "Li Wei", "country": "CN",
                    "organization": "Ministry of Ecology and Environment",
                    "affiliation": "party", "email": None},
                   {"key": "zh-pending", "title": "Mr.", "name": "Pending Person",
                    "country": "BR", "affiliation": "party", "email": None}],
        "moderators": ["demo-moderator"],
        "threads": [{"key": "zh-t1", "topic": "zh-topic", "author": "demo-moderator",
                     "title": THREAD}],
        "posts": [{"key": "zh-open", "thread": "zh-t1", "author": "demo-moderator",
                   "kind": "opening", "created_at": at(1), "body": "请介绍贵国的框架。\n"},
                  {"key": "zh-reply", "thread": "zh-t1", "author": "zh-author",
                   "created_at": at(3), "body": APPROVED + "\n"},
                  {"key": "zh-wait", "thread": "zh-t1", "author": "zh-pending",
                   "state": "pending", "created_at": at(5), "body": PENDING + "\n"}],
    }


@pytest.fixture(scope="module")
def zh_forum(server, tmp_path_factory) -> dict:
    """Imported into the running server's database; returns the moderator's API token."""
    archive = tmp_path_factory.mktemp("following") / "zh.json"
    archive.write_text(json.dumps(_archive(), ensure_ascii=False), "utf-8")
    forum = CommandLine({"SQLALCHEMY_DATABASE_URI": server.env["DATABASE_URL"],
                         "SECRET_KEY": server.env["SECRET_KEY"], "PUBLIC_URL": server.url,
                         "MAIL_SERVER": None, "MAIL_OUTBOX": server.env["FORUM_MAIL_OUTBOX"]})
    try:
        forum("import", str(archive), "--trust-roles")
        token = forum("users", "token", server.accounts["moderator"].email).strip().splitlines()[-1]
    finally:
        forum.close()
    return {"moderator_token": token}


def _no_axe_findings(page, axe_js) -> None:
    found = axe_violations(page, axe_js)
    assert not found, f"axe on {page.url}: {found}"


def test_reader_sees_what_is_new_jumps_to_it_and_the_marker_goes(new_page, server, zh_forum,
                                                                 axe_js):
    page = new_page(bypass_csp=True)  # axe is injected as an inline script
    sign_in(page, server.accounts["participant"])
    page.goto(f"/forums/{SLUG}")
    line = page.locator("ul.threads li", has_text=THREAD)
    expect(line).to_contain_text("2 new messages")  # never opened; the pending one is not new
    expect(line).to_contain_text("by Ms. Li Wei, Ministry of Ecology and Environment")
    line.get_by_role("link", name=THREAD).click()
    expect(page.locator("p.mark-read[role=status]")).to_have_text("Marked as read.")
    page.goto(f"/forums/{SLUG}")
    expect(line).not_to_contain_text("new message")

    # The moderator answers (through the API: approved at once).
    thread_id = int(line.get_by_role("link", name=THREAD).get_attribute("href").split("/")[-1])
    answered = page.request.post(
        f"/api/v1/threads/{thread_id}/posts", data={"body": ANSWER},
        headers={"Authorization": f"Bearer {zh_forum['moderator_token']}"})
    assert answered.status == 201, answered.text()
    answer_id = answered.json()["id"]

    page.reload()
    expect(line.locator("a.unread")).to_have_text("1 new message")
    expect(line).to_contain_text("by Mr. Demo Moderator, Ministry of Agriculture")
    shot(page, "following-01-forum-with-new")
    _no_axe_findings(page, axe_js)
    line.get_by_role("link", name=THREAD).click()
    jump = page.get_by_role("link", name="Jump to the first unread message (1 new)")
    expect(jump).to_be_visible()
    _no_axe_findings(page, axe_js)
    jump.click()
    assert page.url.endswith(f"#post-{answer_id}"), page.url
    target = page.locator(f"#post-{answer_id}")
    expect(target).to_contain_text(ANSWER)
    expect(target).to_be_in_viewport()
    expect(page.locator("p.mark-read[role=status]")).to_have_text("Marked as read.")
    shot(page, "following-02-first-unread")
    page.goto(f"/forums/{SLUG}")
    expect(line).to_contain_text("3 messages")
    expect(line).not_to_contain_text("new message")


def test_search_for_a_chinese_phrase_finds_the_post(new_page, zh_forum):
    page = new_page()
    page.goto("/")
    page.get_by_role("searchbox", name="Search").fill("生物安全")
    page.locator("header.site").get_by_role("button", name="Search").click()
    results = page.locator("section.search-results")
    expect(results).to_contain_text(THREAD)
    found = results.locator("li", has_text="Li Wei")
    expect(found).to_contain_text("法规要求进口前进行风险评估")
    # jieba matches the phrase word by word; the snippet shows the post's own text, so the
    # adjacent highlighted words read as one highlight (docs/search.md).
    expect(found.locator("mark")).to_have_text(["生物安全"])
    expect(results).not_to_contain_text(PENDING)
    shot(page, "following-03-search-chinese")


def test_a_thread_feed_is_found_on_its_page_and_holds_approved_posts_only(new_page, zh_forum):
    import feedparser

    page = new_page()
    page.goto(f"/forums/{SLUG}")
    page.get_by_role("link", name=THREAD).click()
    alternate = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    expect(alternate).to_have_count(1)
    href = alternate.get_attribute("href")
    visible_link = page.locator("p.tools").get_by_role("link", name="Atom feed")
    expect(visible_link).to_be_visible()
    assert visible_link.get_attribute("href") == href

    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title
    bodies = " ".join(entry.summary if "summary" in entry else entry.content[0].value
                      for entry in feed.entries)
    assert APPROVED.rstrip("。") in bodies
    assert PENDING not in bodies
    assert all(entry.id.startswith("tag:") for entry in feed.entries)
