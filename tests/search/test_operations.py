"""Reindexing, importing, the rate limit and the search box in the layout."""

from __future__ import annotations

import copy

import pytest

from forum.archive.load import import_archive
from forum.extensions import db, limiter
from forum.search import engine
from tests.helpers import token_for
from tests.search.support import approved, found, found_ids, make_world

ARCHIVE = {
    "format": "forum-archive",
    "version": 1,
    "forum": {"slug": "archive-2013", "title": "An archive", "language": "zh",
              "opens_at": "2013-03-01T00:00:00Z", "closes_at": "2013-04-01T00:00:00Z"},
    "topics": [{"key": "general", "title": "General"}],
    "threads": [{"key": "t1", "title": "Labelling of LMOs", "author": "ana",
                 "topic": "general"}],
    "people": [{"key": "ana", "name": "Ana Cebotari", "country": "MD"},
               {"key": "li", "name": "Li Wei", "country": "CN"}],
    "posts": [
        {"thread": "t1", "author": "ana", "body": "Who labels shipments?",
         "created_at": "2013-03-02T10:00:00Z"},
        {"thread": "t1", "author": "li", "body": "我们的生物安全法规要求标识。",
         "created_at": "2013-03-02T12:30:00Z"},
        {"thread": "t1", "author": "li", "body": "Pending shipments note.", "state": "pending",
         "created_at": "2013-03-03T12:30:00Z"},
    ],
}


def test_an_imported_archive_is_searchable_at_once(client):
    import_archive(copy.deepcopy(ARCHIVE))
    assert found(client, "shipments")["total"] == 1  # a zh forum: "simple", no stemming
    assert found(client, "生物安全", forum="archive-2013")["total"] == 1
    assert found(client, "labelling")["total"] == 2  # the thread's title


def test_replacing_an_archive_replaces_its_index(client):
    import_archive(copy.deepcopy(ARCHIVE))
    changed = copy.deepcopy(ARCHIVE)
    changed["posts"][0]["body"] = "Who inspects consignments?"
    import_archive(changed, replace=True)
    assert found(client, "shipments")["total"] == 0
    assert found(client, "consignments")["total"] == 1


def test_reindex_rebuilds_the_index_from_the_posts(app, client):
    w = make_world(slug="alpha")
    post = approved(w.thread, w.alice, "Traceability of imports.", w.moderator)
    engine.current().clear(db.session)
    db.session.commit()
    assert found_ids(client, "traceability") == []
    result = app.test_cli_runner().invoke(args=["search", "reindex", "alpha"])
    assert result.exit_code == 0, result.output
    assert "indexed in alpha" in result.output
    assert found_ids(client, "traceability") == [post.id]
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and found_ids(client, "traceability") == [post.id]


def test_reindexing_an_unknown_forum_is_one_line(app):
    result = app.test_cli_runner().invoke(args=["search", "reindex", "nope"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "No forum 'nope'" in result.output


@pytest.fixture
def limits_on(app):
    limiter.reset()
    app.config.update(RATELIMIT_ENABLED=True, SEARCH_LIMIT="2 per second; 3 per minute")
    yield app.config
    limiter.reset()


@pytest.mark.parametrize("path", ["/search", "/api/v1/search"])
def test_anonymous_searches_are_limited_per_address(client, limits_on, path):
    make_world()
    here = {"REMOTE_ADDR": "10.0.0.7"}
    codes = [client.get(path, query_string={"q": "x"}, environ_base=here).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429] or codes[:2] == [200, 200] and 429 in codes
    other = client.get(path, query_string={"q": "x"}, environ_base={"REMOTE_ADDR": "10.0.0.8"})
    assert other.status_code == 200


def test_api_token_holders_are_not_limited_as_anonymous(client, limits_on):
    w = make_world()
    codes = {client.get("/api/v1/search", query_string={"q": "x"},
                        headers=token_for(w.alice)).status_code for _ in range(6)}
    assert codes == {200}


def test_the_layout_has_a_search_box_that_defaults_to_the_forum(client):
    w = make_world(slug="gamma")
    index = client.get("/").get_data(as_text=True)
    assert 'role="search"' in index and 'name="q"' in index
    assert 'value="gamma"' not in index
    home = client.get("/forums/gamma").get_data(as_text=True)
    assert 'name="forum" value="gamma" checked' in home
    thread = client.get(f"/threads/{w.thread.id}").get_data(as_text=True)
    assert 'name="forum" value="gamma" checked' in thread


def test_the_search_page_lists_hits_with_links_and_pages(client):
    w = make_world()
    for i in range(3):
        approved(w.thread, w.alice, f"Monitoring report {i}.", w.moderator)
    page = client.get("/search", query_string={"q": "monitoring", "per_page": 2})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "3 posts found" in text and "<mark>Monitoring</mark>" in text
    assert "Page 1 of 2" in text and "page=2" in text
