"""The examples of docs/api.md are true: every `curl` command on that page is run through
the application (the shell variables set to a real forum, thread and token) and gets the
answer the page describes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from forum.digest.actions import publish_digest
from forum.extensions import db
from forum.models import Post
from forum.moderation.actions import approve_post
from tests.api.support import API
from tests.helpers import make_reply

pytestmark = pytest.mark.db
PAGE = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def curl_commands() -> list[list[str]]:
    """Each `curl` command of the page's sh blocks, as its words (continuations joined)."""
    blocks = re.findall(r"```sh\n(.*?)```", PAGE.read_text(), flags=re.S)
    commands = []
    for block in blocks:
        for command in block.replace("\\\n", " ").splitlines():
            if command.strip().startswith("curl "):
                commands.append(shlex.split(command))
    return commands


def run(client, words: list[str], variables: dict[str, str]):
    """A curl command's request through the test client: -X, -H, -d, the URL."""
    words = [re.sub(r"\$(\w+)", lambda m: variables[m.group(1)], w) for w in words[1:]]
    method, headers, data, url = None, {}, None, None
    options = iter(words)
    for word in options:
        if word == "-X":
            method = next(options)
        elif word == "-H":
            name, _, value = next(options).partition(": ")
            headers[name] = value
        elif word == "-d":
            data = next(options)
        elif word == "-o":
            next(options)
        elif word.startswith("-"):
            assert word == "-s", f"docs/api.md uses a curl option the test does not know: {word}"
        else:
            url = word
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == variables["FORUM"]
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return client.open(path, method=method or ("POST" if data else "GET"), headers=headers,
                       data=data)


def test_the_pages_examples(app, client, world):
    approved = approve_post(make_reply(world.thread, world.participant, "Already approved."),
                            acting_user=world.moderator, version=1)
    publish_digest(world.forum, acting_user=world.secretariat)
    db.session.commit()
    variables = {"FORUM": "https://forum.example.org", "SLUG": world.forum.slug,
                 "THREAD": str(world.thread.id),
                 "TOKEN": world.headers["participant"]["Authorization"].split()[1]}
    commands = curl_commands()
    assert len(commands) == 4

    threads = run(client, commands[0], variables)
    assert threads.status_code == 200
    assert world.thread.id in [t["id"] for t in threads.get_json()["items"]]

    posts = run(client, commands[1], variables)
    assert posts.status_code == 200
    listed = posts.get_json()
    assert approved.id in [p["id"] for p in listed["items"]]
    assert {p["status"] for p in listed["items"]} == {"approved"}
    assert listed["per_page"] == 200 and listed["page"] == 1

    created = run(client, commands[2], variables)
    assert created.status_code == 201, created.get_json()
    post = created.get_json()
    assert post["status"] == "pending" and post["number"] is None
    again = run(client, commands[2], variables)  # the same Idempotency-Key: the same post
    assert again.status_code in (200, 201) and again.get_json()["id"] == post["id"]
    assert db.session.scalars(select(Post).where(Post.body.like("In our country%"))).all()
    assert post["id"] not in [p["id"] for p in run(client, commands[1], variables)
                              .get_json()["items"]]  # anonymous readers: approved only

    digest = run(client, commands[3], variables)
    assert digest.status_code == 200 and digest.data.startswith(b"#")
    missing = run(client, commands[3], {**variables, "SLUG": world.other_forum.slug})
    assert missing.status_code == 404


def test_the_api_root_links_to_the_reference(client):
    root = client.get(f"{API}/")
    assert root.status_code == 200
    links = root.get_json()["links"]
    assert links["docs"] == f"{API}/docs" and links["openapi"] == f"{API}/openapi.json"
    for name, link in links.items():
        query = "?q=biosafety" if name == "search" else ""  # the search needs words
        assert client.get(link + query).status_code == 200, link


def test_the_reference_page_loads_its_renderer_from_our_origin(client):
    page = client.get(f"{API}/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/vendor/swagger-ui/swagger-ui-bundle.js" in sources
    assert "/static/api-docs.js" in sources
    assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    assert "<script>" not in html  # no inline script: the site's CSP applies unchanged
    assert "script-src 'self';" in page.headers["Content-Security-Policy"]
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200, source
    assert client.get("/vendor/swagger-ui/index.html").status_code == 404
    assert client.get("/vendor/swagger-ui/..%2Fswagger-ui.js").status_code == 404
