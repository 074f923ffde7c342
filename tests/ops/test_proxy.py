"""Behind nginx (FORUM_PROXY_HOPS=1, docs/deploy.md): the client address and scheme come
from the one hop trusted, and nothing a client adds before it counts."""

from __future__ import annotations

from flask import request

from tests.ops.support import app_on


def _probe(tmp_path, hops: int):
    app = app_on(f"sqlite:///{tmp_path / 'proxy.sqlite3'}", tmp_path, PROXY_HOPS=hops)

    @app.get("/_probe")
    def probe():
        return {"addr": request.remote_addr, "secure": request.is_secure, "host": request.host}

    return app.test_client()


HEADERS = {"X-Forwarded-For": "6.6.6.6, 203.0.113.7", "X-Forwarded-Proto": "https",
           "X-Forwarded-Host": "evil.example", "Host": "forum.example.org"}


def test_one_hop_is_trusted(tmp_path):
    seen = _probe(tmp_path, 1).get("/_probe", headers=HEADERS,
                                   environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_json()
    assert seen == {"addr": "203.0.113.7", "secure": True, "host": "forum.example.org"}


def test_without_a_proxy_forwarded_headers_are_ignored(tmp_path):
    seen = _probe(tmp_path, 0).get("/_probe", headers=HEADERS,
                                   environ_base={"REMOTE_ADDR": "198.51.100.2"}).get_json()
    assert seen == {"addr": "198.51.100.2", "secure": False, "host": "forum.example.org"}
