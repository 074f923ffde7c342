"""Security and caching headers on every page (threat rows 3, 29, 30): a CSP with no inline
script that still lets every page's own styles through, nosniff, a referrer policy,
no-store for signed-in pages and errors, HSTS in production only."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from forum.config import load_config
from forum.moderation import actions as moderation
from tests.helpers import login, make_reply
from tests.web.support import fast_password_hashing, tags_in  # noqa: F401
from tests.web.test_security import get_routes, rich_world, route_values, url_of

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TABLE = "| left | centre | right |\n|:--|:-:|--:|\n| 1 | 2 | 3 |"


class _Styles(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        self._open = tag == "style"
        if self._open:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._open = False

    def handle_data(self, data):
        if self._open:
            self.blocks[-1] += data


def _sha(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    parsed = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def check_page(response, where: str) -> None:
    """The headers every HTML page carries, and a policy that admits the page's own styles."""
    csp = directives(response)
    assert csp.get("object-src") == ["'none'"], where
    assert csp.get("base-uri") == ["'none'"], where
    assert csp.get("frame-ancestors") == ["'none'"], where
    script = csp.get("script-src", csp.get("default-src"))
    assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, where
    assert not any(value.startswith("'nonce-") for value in script), where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    assert response.headers["Referrer-Policy"] in ("strict-origin-when-cross-origin",
                                                   "same-origin", "no-referrer"), where
    assert "charset=utf-8" in response.headers["Content-Type"], where
    html = response.get_data(as_text=True)
    for tag, attrs in tags_in(html):
        assert not (tag == "script" and "src" not in attrs), f"inline script on {where}"
        assert not any(name.startswith("on") for name in attrs), f"event handler on {where}"
        if "style" in attrs:
            assert _sha(attrs["style"]) in csp["style-src-attr"], (where, attrs["style"])
    parser = _Styles()
    parser.feed(html)
    for block in parser.blocks:
        assert _sha(block) in csp["style-src"], f"a <style> the policy blocks on {where}"


def test_every_html_page_carries_the_security_headers(app):
    world = rich_world(app)
    table = moderation.approve_post(make_reply(world["thread"], world["participant"], TABLE),
                                    acting_user=world["moderator"], version=1)
    clients = {"anonymous": app.test_client()}
    for who in ("participant", "moderator", "secretariat"):
        clients[who] = app.test_client()
        login(clients[who], world[who])
    adapter = app.url_map.bind("forum.test")
    seen = 0
    for who, client in clients.items():
        for rule in get_routes(app):
            if rule.rule.startswith("/api/"):
                continue
            values = {**route_values(world, rule.endpoint), "post_id": table.id}
            url = url_of(adapter, rule, values)
            response = client.get(url)
            if response.mimetype != "text/html":
                assert response.headers["X-Content-Type-Options"] == "nosniff", url
                continue
            check_page(response, f"{url} as {who}")
            seen += 1
            if who != "anonymous":
                assert response.headers["Cache-Control"] == "private, no-store", url
                assert "Cookie" in response.vary, url
    assert seen >= 60
    thread = clients["anonymous"].get(f"/threads/{world['thread'].id}")
    assert 'style="text-align:right"' in thread.get_data(as_text=True)  # the table was seen
    assert "no-store" not in thread.headers.get("Cache-Control", "")  # public pages may be


def test_no_template_holds_an_inline_script_or_event_handler():
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), path
        assert not re.search(r"\son[a-z]+\s*=", source), path


@pytest.mark.parametrize("path", ["/no-such-page", "/threads/999999", "/.git/HEAD"])
def test_error_responses_are_never_cacheable(app, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "private, no-store"
    check_page(response, path)


def test_the_api_with_a_token_is_not_cacheable(app, client):
    world = rich_world(app)
    from tests.helpers import token_for

    response = client.get("/api/v1/forums", headers=token_for(world["participant"]))
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_in_production_only(app, client, monkeypatch, tmp_path):
    monkeypatch.delenv("FORUM_ENV", raising=False)
    assert load_config(str(tmp_path))["HSTS_SECONDS"] >= 31536000
    monkeypatch.setenv("FORUM_ENV", "development")
    assert load_config(str(tmp_path))["HSTS_SECONDS"] == 0

    app.config["HSTS_SECONDS"] = 31536000
    assert client.get("/").headers["Strict-Transport-Security"] == "max-age=31536000"
    app.config["HSTS_SECONDS"] = 0
    assert "Strict-Transport-Security" not in client.get("/").headers
