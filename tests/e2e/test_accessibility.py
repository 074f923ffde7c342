"""Accessibility (axe-core, every impact level) and valid markup (the Nu HTML checker, on
the HTML the server sent, before axe is injected) of the pages people use most."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.support import axe_violations, open_review_round, shot, sign_in

pytestmark = pytest.mark.e2e

# name: (who looks at it, where it is: a path, or (a page, the first link there to follow))
PAGES = {
    "forum-home": (None, "/forums/cbforum2014"),
    "thread": (None, ("/forums/cbforum2014", "ul.threads a")),
    "sign-in": (None, "/login"),
    "reply-form": ("participant", ("/forums/demo", "ul.threads a")),
    # A signed-in reader's forum page: the "new messages" markers and "Mark all as read".
    "forum-home-signed-in": ("participant", "/forums/demo"),
    "moderation-queue": ("moderator", "/moderation/demo"),
    "moderation-desk": ("moderator", "/moderation/"),
    "moderation-desk-secretariat": ("secretariat", "/moderation/"),
    "digest-draft": ("secretariat", "/digest/cbforum2014"),
    # Beyond the list: the other pages the journeys go through.
    "forums": (None, "/"),
    "register": (None, "/register"),
    "edit-before-approving": ("moderator", ("/moderation/demo",
                                            "article.queue-item a:text-is('Edit, then approve')")),
    "manage-forum": ("secretariat", "/admin/forums/demo"),
    # A review round is opened on the demo forum first (see `audit`).
    "digest-review": ("participant", "/digest/demo/review"),
    "digest-draft-in-review": ("secretariat", "/digest/demo"),
    "suggested-tags": ("secretariat", "/digest/cbforum2014/tags"),
    "digest-settings": ("secretariat", "/digest/cbforum2014/settings"),
    # Two-factor sign-in: the second step, the setup page (QR code, key), the manage page.
    "two-factor-verify": ("half-signed-in", "/mfa/verify"),
    "two-factor-setup": ("setting-up", "/mfa"),
    "two-factor-manage": ("secretariat", "/mfa"),
    "background-jobs": ("secretariat", "/jobs/"),
}


def _half_signed_in(page, server) -> None:
    """The moderator's password given, the code not yet."""
    account = server.accounts["moderator"]
    page.goto("/login")
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your app, or a backup code").wait_for()


def _setting_up(page, server) -> None:
    """A participant who opened the two-factor setup (the QR code and the key)."""
    sign_in(page, server.accounts["other"])
    page.goto("/mfa")
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    page.locator("#totp-secret").wait_for()


# People who are not simply signed in: how to bring a fresh context into their state.
PREPARE = {"half-signed-in": _half_signed_in, "setting-up": _setting_up}


@dataclass(frozen=True)
class Audited:
    url: str
    html: Path
    violations: list[dict]


@pytest.fixture(scope="session")
def audit(browser, server, axe_js, tmp_path_factory) -> dict[str, Audited]:
    """Visit every page once, as its person: keep the HTML as sent, then run axe on it."""
    folder = tmp_path_factory.mktemp("html")
    pages: dict[str | None, object] = {}
    contexts = []
    results = {}
    try:
        setup = browser.new_context(base_url=server.url)
        contexts.append(setup)
        staff = setup.new_page()
        sign_in(staff, server.accounts["secretariat"])
        open_review_round(staff, "demo")
        for name, (who, where) in PAGES.items():
            if who not in pages:
                # bypass_csp: axe is injected as an inline script.
                context = browser.new_context(base_url=server.url, bypass_csp=True,
                                              viewport={"width": 1280, "height": 900})
                context.set_default_timeout(10_000)
                contexts.append(context)
                pages[who] = context.new_page()
                if who in PREPARE:
                    PREPARE[who](pages[who], server)
                elif who:
                    sign_in(pages[who], server.accounts[who])
            page = pages[who]
            if isinstance(where, tuple):
                page.goto(where[0])
                where = page.locator(where[1]).first.get_attribute("href")
            response = page.goto(where)
            assert response.status == 200, f"{name}: {where} answered {response.status}"
            html = folder / f"{name}.html"
            html.write_bytes(response.body())
            shot(page, f"page-{name}")
            results[name] = Audited(page.url, html, axe_violations(page, axe_js))
    finally:
        for context in contexts:
            context.close()
    return results


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
                     for v in violations)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(audit, name):
    found = audit[name]
    assert not found.violations, f"axe on {found.url}:\n{_describe(found.violations)}"


def test_pages_as_sent_are_valid_html(audit, vnu_command):
    files = {str(found.html): name for name, found in audit.items()}
    done = subprocess.run([*vnu_command, "--format", "json", "--stdout", *files],
                          capture_output=True, text=True, timeout=120)
    messages = json.loads(done.stdout)["messages"]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    report = "\n".join(
        f"- {files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}"
        for m in errors)
    assert not errors, f"the Nu HTML checker found {len(errors)} error(s):\n{report}"
