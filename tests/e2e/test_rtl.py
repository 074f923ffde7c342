"""Arabic pages read right to left: `dir="rtl"` on the page, no axe violations and valid
markup, for a reader whose browser asks for Arabic. With FORUM_RTL_SHOTS set to a folder
(scripts/rtl_screenshots.py), the same pages in Arabic and English are saved there as
PNG files for a person to look at (docs/screenshots/rtl/)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.support import axe_violations, sign_in

pytestmark = pytest.mark.e2e

# name: (who looks at it, a path, or (a page, the first link there to follow))
PAGES = {
    "thread": (None, ("/forums/cbforum2014", "ul.threads a")),
    "register": (None, "/register"),
    "moderation-queue": ("moderator", "/moderation/demo"),
    "digest-draft": ("secretariat", "/digest/cbforum2014"),
    # The digest of a forum held in Arabic (tests/digest/langforums.py), in the HTML view.
    "digest-arabic": ("secretariat", "/digest/arforum2014"),
    "reply-form": ("participant", ("/forums/demo", "ul.threads a")),
}

# Pages whose digest article is saved whole as well (a short forum: a few screens).
ARTICLE_SHOTS = ("digest-arabic",)


def _visit(browser, server, locale: str, folder: Path, axe_js: Path | None) -> dict:
    """Each page as its person, in `locale`: the HTML as sent, the <html> attributes and
    (when `axe_js` is given) axe's findings; screenshots when asked for."""
    shots = os.environ.get("FORUM_RTL_SHOTS")
    results, contexts, pages = {}, [], {}
    try:
        for name, (who, where) in PAGES.items():
            if who not in pages:
                context = browser.new_context(base_url=server.url, bypass_csp=True,
                                              locale=locale,
                                              viewport={"width": 1280, "height": 900})
                context.set_default_timeout(10_000)
                contexts.append(context)
                pages[who] = context.new_page()
                if who:
                    sign_in(pages[who], server.accounts[who])
            page = pages[who]
            if isinstance(where, tuple):
                page.goto(where[0])
                where = page.locator(where[1]).first.get_attribute("href")
            response = page.goto(where)
            assert response.status == 200, f"{name}: {where} answered {response.status}"
            html = folder / f"{name}-{locale}.html"
            html.write_bytes(response.body())
            if shots:
                # The top of the page, as a reader first sees it: a whole 150-post thread
                # is megabytes of PNG and says nothing more about the layout.
                page.screenshot(path=str(Path(shots) / f"{name}-{locale}.png"))
                if name in ARTICLE_SHOTS:  # the digest itself, below the page's tools
                    page.locator("article.digest").screenshot(
                        path=str(Path(shots) / f"{name}-article-{locale}.png"))
            results[name] = {
                "lang": page.get_attribute("html", "lang"),
                "dir": page.get_attribute("html", "dir"),
                "html": html,
                "violations": axe_violations(page, axe_js) if axe_js else [],
            }
    finally:
        for context in contexts:
            context.close()
    return results


@pytest.fixture(scope="module")
def arabic(browser, server, axe_js, tmp_path_factory) -> dict:
    return _visit(browser, server, "ar", tmp_path_factory.mktemp("rtl"), axe_js)


@pytest.mark.parametrize("name", PAGES)
def test_arabic_page_is_right_to_left_and_passes_axe(arabic, name):
    found = arabic[name]
    assert (found["lang"], found["dir"]) == ("ar", "rtl")
    assert not found["violations"], "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}" for v in found["violations"])


def test_arabic_pages_as_sent_are_valid_html(arabic, vnu_command):
    files = [str(found["html"]) for found in arabic.values()]
    done = subprocess.run([*vnu_command, "--format", "json", "--stdout", *files],
                          capture_output=True, text=True, timeout=120)
    errors = [m for m in json.loads(done.stdout)["messages"]
              if m["type"] in ("error", "non-document-error")]
    assert not errors, "\n".join(f"- {m.get('url')} line {m.get('lastLine')}: {m['message']}"
                                 for m in errors)


def test_user_text_keeps_its_own_direction(arabic):
    html = arabic["thread"]["html"].read_text("utf-8")
    assert html.count('dir="auto"') >= 2  # the thread's title and its posts


@pytest.mark.skipif(not os.environ.get("FORUM_RTL_SHOTS"), reason="screenshots only on request")
def test_english_pages_for_comparison(browser, server, tmp_path_factory):
    english = _visit(browser, server, "en-GB", tmp_path_factory.mktemp("ltr"), None)
    assert all(found["dir"] == "ltr" for found in english.values())
