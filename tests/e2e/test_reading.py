"""Reading a long thread (issue 13 §2) in Chromium: a reader jumps to the latest message; a
participant answers one particular message and, once approved, its byline says "in reply
to #N" to everyone; the pages involved have no axe findings and are valid HTML."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from tests.e2e.support import axe_violations, expect, shot, sign_in

pytestmark = pytest.mark.e2e


def _long_thread(page) -> str:
    page.goto("/forums/cbforum2014")
    return page.locator("ul.threads a").first.get_attribute("href")


def test_a_reader_jumps_to_the_latest_message(new_page):
    page = new_page()
    page.goto(_long_thread(page))
    contents = page.locator("details.participants")
    expect(contents).not_to_have_attribute("open", "")  # folded on a long thread
    contents.locator("summary").click()
    expect(contents.locator("dt").first).to_be_visible()
    page.get_by_role("link", name="Jump to the latest message").click()
    latest = page.locator("article.post").last
    post_id = latest.get_attribute("id")
    assert page.url.endswith(f"#{post_id}"), (page.url, post_id)
    expect(latest).to_be_in_viewport()
    shot(page, "reading-latest-message", full_page=False)


def test_a_participant_answers_a_message_and_the_byline_names_it(new_page, server):
    page = new_page()
    sign_in(page, server.accounts["participant"])
    page.goto("/forums/demo")
    page.goto(page.locator("ul.threads a").first.get_attribute("href"))
    thread_url = page.url
    answered = page.locator("article.post", has_text="public comment for 30 days")
    number = re.search(r"#(\d+)", answered.locator(".number").inner_text()).group(1)
    answered_id = answered.get_attribute("id")
    answered.get_by_role("link", name=f"Reply to message #{number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Reply to #{number}")
    page.get_by_role("link", name="Quote this message in my reply").click()
    text = page.get_by_label("Your reply (Markdown)")
    expect(text).to_have_value(re.compile(r"^> In Kenya we publish"))
    text.press("Control+End")  # under the quotation and its empty line
    text.type("Thirty days seems short for rural communities; how do you reach them?")
    shot(page, "reading-reply-to-a-message")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".flashes")).to_contain_text("Your reply awaits moderation")
    post_id = re.search(r"#post-(\d+)$", page.url).group(1)
    expect(page.locator(f"#post-{post_id} .byline")).to_contain_text(f"in reply to #{number}")

    moderator = new_page()
    sign_in(moderator, server.accounts["moderator"])
    moderator.goto("/moderation/demo")
    item = moderator.locator("article.queue-item", has_text="how do you reach them")
    expect(item.locator("figure.answers")).to_contain_text(f"In answer to #{number}")
    item.get_by_role("button", name="Approve", exact=True).click()
    expect(moderator.locator(".flashes")).to_contain_text("was approved as #")

    visitor = new_page()
    visitor.goto(thread_url)
    reply = visitor.locator(f"#post-{post_id}")
    link = reply.locator(".byline a.in-reply-to")
    expect(link).to_have_text(f"in reply to #{number}")
    expect(reply.locator(".subject")).to_have_count(0)  # "RE: <title>" is not repeated
    link.click()
    assert visitor.url.endswith(f"#{answered_id}"), visitor.url
    expect(visitor.locator(f"#{answered_id}")).to_be_in_viewport()


PAGES = {  # name: (who, how to get there)
    "long-thread": (None, _long_thread),
    "thread-signed-in": ("participant", lambda page: (
        page.goto("/forums/demo"), page.locator("ul.threads a").first.get_attribute("href"))[1]),
    "reply-to": ("participant", lambda page: (
        page.goto("/forums/demo"), page.goto(page.locator("ul.threads a").first
                                             .get_attribute("href")),
        page.locator("p.reply-link a").first.get_attribute("href"))[2]),
}


@pytest.fixture(scope="module")
def visited(browser, server, axe_js, tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("reading")
    results = {}
    for name, (who, find) in PAGES.items():
        context = browser.new_context(base_url=server.url, bypass_csp=True,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        try:
            page = context.new_page()
            if who:
                sign_in(page, server.accounts[who])
            response = page.goto(find(page))
            assert response.status == 200, name
            html = folder / f"{name}.html"
            html.write_bytes(response.body())
            results[name] = {"html": html, "url": page.url,
                             "violations": axe_violations(page, axe_js)}
        finally:
            context.close()
    return results


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_findings(visited, name):
    assert not visited[name]["violations"], (visited[name]["url"], visited[name]["violations"])


def test_valid_html_as_sent(visited, vnu_command):
    files = {str(found["html"]): name for name, found in visited.items()}
    done = subprocess.run([*vnu_command, "--format", "json", "--stdout", *files],
                          capture_output=True, text=True, timeout=120)
    errors = [m for m in json.loads(done.stdout)["messages"]
              if m["type"] in ("error", "non-document-error")]
    assert not errors, [(files.get(m.get("url", "").removeprefix("file:")), m["message"])
                        for m in errors]
