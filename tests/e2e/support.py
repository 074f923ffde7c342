"""Helpers for the browser tests: accounts, the SMTP mailbox, signing in, screenshots,
keyboard navigation and axe."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "build" / "e2e"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    totp_secret: str | None = None  # moderators and the Secretariat (two-factor sign-in)


class Mailbox:
    """An aiosmtpd handler keeping every message the server sends."""

    def __init__(self) -> None:
        self.port = 0
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def wait_for(self, to: str, subject_has: str = "", timeout: float = 10.0) -> EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if message["To"] == to and subject_has in message["Subject"]:
                    return message
            time.sleep(0.05)
        raise AssertionError(f"no message to {to} ({subject_has!r}) within {timeout} s; got "
                             f"{[(m['To'], m['Subject']) for m in self.messages]}")


def link_in(message: EmailMessage, base_url: str) -> str:
    body = message.get_body(("plain",)).get_content()
    found = re.search(re.escape(base_url) + r"/\S+", body)
    assert found, f"no link to {base_url} in:\n{body}"
    return found.group(0)


def shot(page, name: str, full_page: bool | None = None) -> None:
    """A screenshot in build/e2e/: the whole page unless it is very long (a 150-message
    thread takes seconds and megabytes), then what the window shows."""
    if full_page is None:
        full_page = page.evaluate("document.documentElement.scrollHeight") <= 3000
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def expect(target, **options):
    """Playwright's expect, imported when used: without playwright these tests are skipped
    (tests/e2e/conftest.py), not broken at collection."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target, **options)


# The last TOTP time step each key gave: the server accepts a step once, so the same
# account signing in again within 30 s gives the next step (one step of drift is allowed).
_last_step: dict[str, int] = {}


def note_enrolment(secret: str) -> None:
    """The seed enrolled this key with the code of the current step."""
    _last_step[secret] = int(time.time()) // 30


def totp_code(secret: str) -> str:
    """A code the server has not seen yet for this key, waiting for the clock if needed."""
    import pyotp

    current = int(time.time()) // 30
    step = max(current, _last_step.get(secret, -1) + 1)
    if step > current + 1:
        time.sleep((step - 1) * 30 - time.time() + 0.5)
    _last_step[secret] = step
    return pyotp.TOTP(secret).generate_otp(step)


def sign_in(page, account: Account) -> None:
    """Sign in by the forms' field names, not their labels: the browser may read the site
    in any of its languages (tests/e2e/test_rtl.py signs in with an Arabic browser)."""
    page.goto("/login")
    page.locator("main input[name=email]").fill(account.email)
    page.locator("main input[name=password]").fill(account.password)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    if account.totp_secret:
        page.locator("main input[name=code]").fill(totp_code(account.totp_secret))
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    expect(page.locator("form[action$='/logout'] button")).to_be_visible()


def tab_to(page, target, limit: int = 40) -> int:
    """Press Tab until `target` (a locator) has the focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{limit} Tabs did not reach the target; the focus is on {focused}")


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary)}));
}"""


def axe_violations(page, axe_js: Path) -> list[dict]:
    page.add_script_tag(path=str(axe_js))
    return page.evaluate(AXE_RUN)


def open_review_round(page, slug: str) -> None:
    """As the Secretariat: open a review round on the forum's draft, unless one is open."""
    page.goto(f"/digest/{slug}")
    button = page.get_by_role("button", name="Open a review round")
    if button.count():
        button.click()
        expect(page.locator(".flashes")).to_contain_text("The review round is open")
    expect(page.locator("#review")).to_contain_text("A review round is open")
