"""Replying and moderating with the keyboard alone: Tab, type, Enter."""

from __future__ import annotations

import re

import pytest

from tests.e2e.support import expect, shot, sign_in, tab_to

pytestmark = pytest.mark.e2e


def test_reply_form_can_be_completed_with_the_keyboard_alone(new_page, server):
    page = new_page()
    sign_in(page, server.accounts["participant"])
    page.goto("/forums/demo")
    page.goto(page.locator("ul.threads a").first.get_attribute("href"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    tab_to(page, page.get_by_label("Your reply (Markdown)"), limit=60)
    page.keyboard.type("Typed without a mouse: we use *community radio* in two languages.")
    assert tab_to(page, page.get_by_role("button", name="Post reply"), limit=3) <= 2
    shot(page, "14-keyboard-reply-focused-button", full_page=False)
    page.keyboard.press("Enter")

    expect(page.locator(".flashes")).to_contain_text("Your reply awaits moderation")
    post_id = re.search(r"#post-(\d+)$", page.url).group(1)
    mine = page.locator(f"#post-{post_id}")
    expect(mine.locator(".body em")).to_have_text("community radio")
    expect(mine).to_contain_text("Awaiting moderation")


def test_moderation_decision_can_be_made_with_the_keyboard_alone(new_page, server):
    page = new_page()
    sign_in(page, server.accounts["moderator"])
    page.goto("/moderation/demo")
    item = page.locator("article.queue-item", has_text="radio programmes in three local")
    expect(item).to_have_count(1)

    tab_to(page, item.get_by_role("button", name="Approve", exact=True), limit=80)
    shot(page, "15-keyboard-approve-focused", full_page=False)
    page.keyboard.press("Enter")

    flash = page.locator(".flashes")
    expect(flash).to_contain_text("The post by Mr. Lucas Ferreira was approved as #")
    number = re.search(r"#(\d+)", flash.inner_text()).group(1)
    expect(page.locator("article.queue-item", has_text="radio programmes")).to_have_count(0)

    visitor = new_page()
    visitor.goto(f"/n/{number}")
    post = visitor.locator("article.post", has_text="radio programmes in three local")
    expect(post.locator(".number")).to_contain_text(f"[#{number}]")
    expect(post.locator(".byline")).to_contain_text("by Mr. Lucas Ferreira, Public Awareness")
