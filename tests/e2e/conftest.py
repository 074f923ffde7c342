"""Browser tests: a real server on 127.0.0.1 (`forum run` in a subprocess, on its own SQLite
file, migrated and seeded with the demo by the `forum` commands), a real SMTP server fed by
`forum mail worker` (another subprocess, delivering the outbox), and
Debian's Chromium driven by Playwright. They run once per session, not once per database:
they use none of the `app` fixtures.

Without Chromium (or the npm tools in node_modules, or Java) these tests are skipped with
the reason; with FORUM_E2E_REQUIRED=1 (as .ci/run sets) that is a failure instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from forum.archive.validate import FORMAT, VERSION
from tests.digest.langforums import archive as language_archive
from tests.e2e.support import (
    AXE_JS,
    CHROMIUM_ARGS,
    SHOTS,
    VNU_JAR,
    Account,
    Mailbox,
    note_enrolment,
)

CHROMIUM = os.environ.get("FORUM_E2E_CHROMIUM", "/usr/bin/chromium")
FORUM_CLI = str(Path(sys.executable).parent / "forum")
LABELLING = "labelling"  # a forum only accredited participants may post in (imported below)
REPLY_DOMAIN = "reply.e2e.example"


def _unavailable(reason: str) -> None:
    if os.environ.get("FORUM_E2E_REQUIRED") == "1":
        pytest.fail(f"browser tests required (FORUM_E2E_REQUIRED=1) but {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    box.port = controller.port
    try:
        yield box
    finally:
        controller.stop()


@dataclass
class Server:
    url: str
    env: dict[str, str]
    log: Path
    accounts: dict[str, Account] = field(default_factory=dict)


class CommandLine:
    """The `forum` command run in this process (each `forum` process costs seconds of
    start-up on a busy machine): the same click commands, their output as text."""

    def __init__(self, config: dict) -> None:
        from forum import create_app

        self.app = create_app(config)
        self.runner = self.app.test_cli_runner()

    def __call__(self, *args: str, stdin: str | None = None) -> str:
        result = self.runner.invoke(args=list(args), input=stdin)
        if result.exit_code != 0:
            raise AssertionError(f"forum {' '.join(args)} failed: {result.output.strip()}")
        return result.output

    def close(self) -> None:
        from forum.extensions import db

        with self.app.app_context():
            db.engine.dispose()


def _labelling_archive() -> dict:
    """An open forum that only accredited participants may post in, moderated by the demo
    moderator: the newcomer's journey needs the Secretariat to accredit them."""
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    at = lambda hours: (start + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    return {
        "format": FORMAT, "version": VERSION,
        "forum": {"slug": LABELLING, "title": "Labelling of living modified organisms",
                  "objective": "How Parties identify and label shipments of LMOs.\n",
                  "opens_at": at(0), "closes_at": at(24 * 15), "posting": "accredited"},
        "topics": [{"key": "lab-topic", "title": "Identification requirements"}],
        "people": [{"key": "demo-moderator", "title": "Mr.", "name": "Demo Moderator",
                    "country": "GD", "organization": "Ministry of Agriculture",
                    "affiliation": "party", "role": "moderator", "email": None}],
        "moderators": ["demo-moderator"],
        "threads": [{"key": "lab-t1", "topic": "lab-topic", "author": "demo-moderator",
                     "title": "How do you label LMO shipments?",
                     "questions": ["Which documents accompany a shipment?"]}],
        "posts": [{"key": "lab-open", "thread": "lab-t1", "author": "demo-moderator",
                   "kind": "opening", "created_at": at(1),
                   "body": "Welcome. Please describe how shipments are identified.\n"}],
    }


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer within 30 s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def server(tmp_path_factory, mailbox: Mailbox) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ,
           "DATABASE_URL": f"sqlite:///{tmp / 'forum.sqlite3'}",
           "SECRET_KEY": "e2e-secret-key",
           "FORUM_ENV": "development",
           "FORUM_PUBLIC_URL": url,
           "FORUM_MAIL_SERVER": "127.0.0.1",
           "FORUM_MAIL_PORT": str(mailbox.port),
           # Notifications carry reply addresses (tests/e2e/test_reply_by_email.py).
           "FORUM_REPLY_DOMAIN": REPLY_DOMAIN,
           "FORUM_RATELIMIT_ENABLED": "false",
           "FORUM_MAIL_OUTBOX": str(tmp / "outbox")}
    for name in ("FLASK_APP", "FLASK_DEBUG"):  # no debugger, no reloader
        env.pop(name, None)
    srv = Server(url=url, env=env, log=tmp / "server.log")
    forum = CommandLine({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
                         "SECRET_KEY": env["SECRET_KEY"], "PUBLIC_URL": url,
                         "MAIL_SERVER": None, "MAIL_OUTBOX": env["FORUM_MAIL_OUTBOX"]})
    forum("db", "upgrade")
    seeded = forum("seed", "--demo")
    for role, email, password, key in re.findall(
            r"^\s+(\w+)\s+(\S+@\S+)\s+(\S+)(?:\s+two-factor key: (\S+))?$", seeded, re.M):
        srv.accounts[role] = Account(email, password, key or None)
        if key:
            note_enrolment(key)
    assert set(srv.accounts) == {"secretariat", "moderator", "participant"}, seeded
    archive = tmp / "labelling.json"
    archive.write_text(json.dumps(_labelling_archive()))
    forum("import", str(archive), "--trust-roles")  # our own test data: its moderator stays
    # A forum held in Arabic, for its digest read right to left (tests/e2e/test_rtl.py).
    arabic = tmp / "arabic.json"
    arabic.write_text(json.dumps(language_archive("ar"), ensure_ascii=False), encoding="utf-8")
    forum("import", str(arabic), "--trust-roles")
    other = Account("nadia.haddad@e2e.example", "another-long-password")
    forum("users", "create", "--email", other.email, "--name", "Nadia Haddad", "--title", "Ms.",
          "--country", "TN", "--organization", "Ministry of Environment", "--role",
          "participant", "--password-stdin", stdin=other.password + "\n")
    srv.accounts["other"] = other
    forum.close()

    # Requests only queue email: the mail worker delivers it, as `make run` starts it.
    with srv.log.open("w") as log, (tmp / "mail-worker.log").open("w") as worker_log:
        process = subprocess.Popen(
            [FORUM_CLI, "run", "--host", "127.0.0.1", "--port", str(port), "--no-reload",
             "--no-debugger"], env=env, stdout=log, stderr=subprocess.STDOUT)
        worker = subprocess.Popen([FORUM_CLI, "mail", "worker", "--poll", "0.3"], env=env,
                                  stdout=worker_log, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(url, process, srv.log)
        yield srv
    finally:
        for child in (process, worker):
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser, server):
    """new_page() -> a page in a fresh browser context (its own cookies: one person)."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=server.url, locale="en-GB",
                                      viewport={"width": 1280, "height": 900},
                                      accept_downloads=True, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.is_file():
        _unavailable(f"{AXE_JS} is missing (run `npm ci` at the repository root)")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    if not VNU_JAR.is_file():
        _unavailable(f"{VNU_JAR} is missing (run `npm ci` at the repository root)")
    java = shutil.which("java")
    if java is None:
        _unavailable("no `java` for the Nu HTML checker (apt-get install default-jre-headless)")
    return [java, "-jar", str(VNU_JAR)]
