"""A moderator's day with the keyboard: sign in, land on the desk, open the queue, move
with j / k, approve with a, open a rejection reason with r."""

from __future__ import annotations

import re

import pytest

from tests.e2e.support import expect, shot, sign_in

pytestmark = pytest.mark.e2e

TEXT = "I agree with Mr. Ferreira"


def test_moderator_lands_on_the_desk_and_approves_with_the_keyboard(new_page, server):
    page = new_page()
    sign_in(page, server.accounts["moderator"])
    # Signed in without a `next`: the desk, with the forum's pending count and oldest wait.
    expect(page).to_have_url(re.compile(r"/moderation/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your moderation desk")
    row = page.locator("table.desk tr", has_text="Demonstration forum")
    expect(row).to_contain_text("ago (")
    shot(page, "moderation-desk-desktop")
    row.get_by_role("link", name=re.compile("Open the queue")).click()

    expect(page.locator("#queue-keys")).to_contain_text("j and k move between posts")
    items = page.locator("article.queue-item")
    wanted = page.locator("article.queue-item", has_text=TEXT)
    expect(wanted).to_have_count(1)
    # j until the wanted post has the focus; the live region says where we are.
    for _ in range(items.count()):
        page.keyboard.press("j")
        if wanted.evaluate("el => el === document.activeElement"):
            break
    expect(wanted).to_be_focused()
    expect(page.locator("#queue-live")).to_contain_text("Post ")
    shot(page, "queue-desktop", full_page=False)

    # r opens the reason beside the post; typing there never triggers a shortcut.
    page.keyboard.press("r")
    expect(wanted.locator("details.reject")).to_have_attribute("open", "")
    expect(wanted.get_by_label("Reason", exact=True)).to_be_focused()
    wanted.get_by_label("Your words to the author").fill("a j k")
    expect(wanted).to_have_count(1)
    wanted.focus()

    page.keyboard.press("a")
    flash = page.locator(".flashes")
    expect(flash).to_contain_text("was approved as #")
    number = re.search(r"#(\d+)", flash.inner_text()).group(1)
    expect(page.locator("article.queue-item", has_text=TEXT)).to_have_count(0)
    # Back where the moderator was: an undo offered, and the neighbouring item (if any) in
    # the address so the queue scrolls to it.
    expect(page.locator(".undo-bar")).to_contain_text("You approved the post by")
    if page.locator("article.queue-item").count():
        assert re.search(r"#q-\d+$", page.url), page.url
        expect(page.locator("article.queue-item.current")).to_be_focused()

    visitor = new_page()
    visitor.goto(f"/n/{number}")
    expect(visitor.locator("article.post", has_text=TEXT)).to_have_count(1)


def test_desk_and_queue_on_a_phone(new_page, server):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, server.accounts["moderator"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Your moderation desk")
    shot(page, "moderation-desk-phone")
    page.goto("/moderation/demo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    expect(page.locator("#queue-keys")).to_be_hidden()  # no keyboard on a phone
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the queue scrolls sideways on a phone ({width} px)"
    shot(page, "queue-phone", full_page=False)
