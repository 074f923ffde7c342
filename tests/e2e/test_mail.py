"""The running server only queues email; the mail worker started beside it delivers it to
the SMTP server. No browser needed: a plain HTTP client registers a newcomer."""

from __future__ import annotations

import http.cookiejar
import time
import urllib.parse
import urllib.request

from tests.e2e.support import link_in
from tests.web.support import csrf_token


def test_a_registration_email_reaches_the_smtp_server_through_the_worker(server, mailbox):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(server.url + "/register", timeout=10) as response:
        token = csrf_token(response.read().decode())
    form = {"csrf_token": token, "title": "Ms.", "name": "Mail Worker Check",
            "email": "worker-check@e2e.example", "organization": "Ministry of Environment",
            "affiliation": "party", "country": "TN", "password": "a long enough password",
            "confirm": "a long enough password", "consent": "y"}
    started = time.monotonic()
    with opener.open(server.url + "/register", data=urllib.parse.urlencode(form).encode(),
                     timeout=10) as response:
        assert response.status == 200  # after the redirect
    assert time.monotonic() - started < 5

    message = mailbox.wait_for("worker-check@e2e.example", "Confirm your email address")
    assert link_in(message, server.url).startswith(server.url + "/confirm/")
