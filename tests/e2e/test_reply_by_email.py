"""Reply by email in the browser's world: a participant watches a thread in Chromium, the
moderator's message reaches them by SMTP with their reply address, they answer it over
SMTP to the real `forum mail inbound` process, and the answer is pending: in the
moderator's queue, marked "Awaiting moderation" for its author, absent for anyone else."""

from __future__ import annotations

import re
import smtplib
import socket
import subprocess
import time
from collections.abc import Iterator
from email.message import EmailMessage

import pytest

from tests.e2e.conftest import FORUM_CLI, REPLY_DOMAIN, _free_port
from tests.e2e.support import expect, shot, sign_in

THREAD = "How do you inform the public?"
QUESTION = "Does anyone use community radio in local languages?"
ANSWER = "Yes: our ministry funds a weekly radio slot in three local languages."


@pytest.fixture(scope="module")
def inbound(server, tmp_path_factory) -> Iterator[int]:
    """`forum mail inbound` beside the server, on the same database and settings."""
    port = _free_port()
    log = tmp_path_factory.mktemp("inbound") / "inbound.log"
    with log.open("w") as out:
        process = subprocess.Popen([FORUM_CLI, "mail", "inbound", "--host", "127.0.0.1",
                                    "--port", str(port)], env=server.env, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_reply_by_email_and_see_it_pending(new_page, server, mailbox, inbound):
    other = server.accounts["other"]
    watcher = new_page()
    sign_in(watcher, other)
    watcher.goto("/forums/demo")
    watcher.get_by_role("link", name=THREAD).first.click()
    watcher.get_by_label("Watch this thread: email me").select_option("each")
    watcher.get_by_role("button", name="Watch").click()
    expect(watcher.locator(".flashes")).to_contain_text("You are watching this thread.")
    thread_url = watcher.url.split("#")[0].split("?")[0]

    moderator = new_page()
    sign_in(moderator, server.accounts["moderator"])
    moderator.goto(thread_url)
    moderator.get_by_label("Your reply (Markdown)").fill(QUESTION)
    moderator.get_by_role("button", name="Post reply").click()
    flash = moderator.locator(".flashes")
    expect(flash).to_contain_text("Your message was posted as #")
    number = re.search(r"#(\d+)", flash.inner_text()).group(1)

    notice = mailbox.wait_for(other.email, f"[#{number}]")
    reply_to = notice["Reply-To"].addresses[0].addr_spec
    assert reply_to.startswith("reply+") and reply_to.endswith("@" + REPLY_DOMAIN)
    original = notice.get_body(("plain",)).get_content()
    assert QUESTION in original
    answer = EmailMessage()
    answer["From"], answer["To"] = other.email, reply_to
    answer["Subject"] = f"Re: {notice['Subject']}"
    quoted = "\n".join(f"> {line}" for line in original.splitlines())
    answer.set_content(f"{ANSWER}\n\nOn {notice['Date']}, BCH Forum wrote:\n{quoted}\n"
                       "-- \nNadia Haddad\nMinistry of Environment\n")
    with smtplib.SMTP("127.0.0.1", inbound, timeout=15) as client:
        client.send_message(answer)

    moderator.goto("/moderation/demo")
    item = moderator.locator("article.queue-item", has_text=ANSWER)
    expect(item).to_contain_text("Nadia Haddad")
    expect(item).not_to_contain_text("wrote:")  # the attribution, quote and signature are gone
    expect(item).not_to_contain_text(QUESTION)
    shot(moderator, "20-emailed-reply-in-queue")

    watcher.goto(thread_url)
    mine = watcher.locator("article", has_text=ANSWER)
    expect(mine).to_contain_text("Awaiting moderation")
    mine.scroll_into_view_if_needed()
    shot(watcher, "21-emailed-reply-pending-for-author")

    anonymous = new_page()
    anonymous.goto(thread_url)
    expect(anonymous.locator("main")).to_contain_text(QUESTION)
    expect(anonymous.locator("main")).not_to_contain_text(ANSWER)
