"""One look across the site (issue 13 §3) in Chromium at 1280 and 390 px: the home, a forum,
a long thread, an error page, the Secretariat's pages and the audit log have no axe findings,
are valid HTML as sent, and are photographed for docs/screenshots (scripts/screenshots.py).
On a phone, a thread's title and its first post begin on the first screen."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.e2e.support import SHOTS, axe_violations, sign_in

pytestmark = pytest.mark.e2e

# name: (who looks, where: a path or (a page, the first link there to follow), status)
LOOKED_AT = {
    "home": (None, "/", 200),
    "forum": (None, "/forums/cbforum2014", 200),
    "thread": (None, ("/forums/cbforum2014", "ul.threads a"), 200),
    "not-found": (None, "/forums/no-such-forum", 404),
    "secretariat": ("secretariat", "/admin/", 200),
    "audit-log": ("secretariat", "/admin/audit", 200),
}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def looked(browser, server, axe_js, tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("look")
    results: dict[str, dict] = {}
    for size, viewport in WIDTHS.items():
        contexts: dict[str | None, object] = {}
        try:
            for name, (who, where, status) in LOOKED_AT.items():
                if who not in contexts:
                    # bypass_csp: axe is injected as an inline script.
                    context = browser.new_context(base_url=server.url, bypass_csp=True,
                                                  viewport=viewport)
                    context.set_default_timeout(15_000)
                    contexts[who] = context
                    if who:
                        sign_in(context.new_page(), server.accounts[who])
                page = contexts[who].new_page()
                if isinstance(where, tuple):
                    page.goto(where[0])
                    where = page.locator(where[1]).first.get_attribute("href")
                response = page.goto(where)
                assert response.status == status, f"{name}: {where} answered {response.status}"
                html = folder / f"{name}-{size}.html"
                html.write_bytes(response.body())
                page.screenshot(path=str(SHOTS / f"look-{name}-{size}.png"),
                                full_page=page.evaluate(
                                    "document.documentElement.scrollHeight") <= 3000)
                results[f"{name}-{size}"] = {
                    "html": html, "url": page.url,
                    "first_screen": page.evaluate(
                        "() => { const h = document.querySelector('main h1');"
                        " const p = document.querySelector('main article.post, main .post');"
                        " return {h1: h && h.getBoundingClientRect().bottom,"
                        " h1_size: h && parseFloat(getComputedStyle(h).fontSize),"
                        " post: p && p.getBoundingClientRect().top,"
                        " width: document.documentElement.scrollWidth}; }"),
                    "violations": axe_violations(page, axe_js),
                }
                page.close()
        finally:
            for context in contexts.values():
                context.close()
    return results


@pytest.mark.parametrize("name", [f"{n}-{s}" for n in LOOKED_AT for s in WIDTHS])
def test_no_axe_findings(looked, name):
    found = looked[name]
    assert not found["violations"], f"axe on {found['url']}: {found['violations']}"


def test_valid_html_as_sent(looked, vnu_command):
    files = {str(found["html"]): name for name, found in looked.items()}
    done = subprocess.run([*vnu_command, "--format", "json", "--stdout", *files],
                          capture_output=True, text=True, timeout=120)
    errors = [m for m in json.loads(done.stdout)["messages"]
              if m["type"] in ("error", "non-document-error")]
    assert not errors, [(files.get(m.get("url", "").removeprefix("file:")), m["message"])
                        for m in errors]


def test_on_a_phone_the_thread_title_and_first_post_are_on_the_first_screen(looked):
    seen = looked["thread-phone"]["first_screen"]
    assert seen["h1_size"] >= 20, seen  # readable: at least 20 px
    assert seen["post"] is not None and seen["post"] < WIDTHS["phone"]["height"], seen


@pytest.mark.parametrize("name", [f"{n}-phone" for n in LOOKED_AT])
def test_nothing_wider_than_a_phone(looked, name):
    assert looked[name]["first_screen"]["width"] <= WIDTHS["phone"]["width"], name


def test_printed_pages_keep_the_text_without_the_sites_controls(new_page):
    page = new_page()
    page.goto("/forums/cbforum2014")
    page.goto(page.locator("ul.threads a").first.get_attribute("href"))
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Object.fromEntries(
        ["header.site", "footer.site", "section.reply", "main h1", "main article.post"]
        .map(s => [s, !!document.querySelector(s)
                   && getComputedStyle(document.querySelector(s)).display !== "none"]))""")
    assert shown == {"header.site": False, "footer.site": False, "section.reply": False,
                     "main h1": True, "main article.post": True}, shown
