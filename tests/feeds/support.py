"""Reading feeds back in tests: feedparser for what readers see, lxml for the raw XML."""

from __future__ import annotations

import feedparser
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(client, path: str, **headers):
    """GET a feed; the response must be Atom."""
    response = client.get(path, headers=headers)
    if response.status_code == 200:
        assert response.mimetype == "application/atom+xml", path
    return response


def parsed(response):
    """The feed as feedparser reads it; it must parse without complaint (bozo 0)."""
    feed = feedparser.parse(response.get_data())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def tree(response):
    """The raw XML: the RFC's required elements are checked on it, not on feedparser's
    forgiving reading."""
    return etree.fromstring(response.get_data())


def check_required_elements(root) -> None:
    """RFC 4287: a feed has exactly one id, title and updated; so has each entry; an entry
    without an author needs the feed to have one; content of type html."""
    for name in ("id", "title", "updated"):
        assert len(root.findall(ATOM + name)) == 1, name
    feed_has_author = root.find(ATOM + "author") is not None
    links = {link.get("rel"): link for link in root.findall(ATOM + "link")}
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href").startswith("http://forum.test/")
    for entry in root.findall(ATOM + "entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(ATOM + name)) == 1, name
        author = entry.find(ATOM + "author")
        assert feed_has_author or (author is not None and author.findtext(ATOM + "name"))
        content = entry.find(ATOM + "content")
        assert content is not None and content.get("type") == "html"
        link = entry.find(ATOM + "link")  # no rel means "alternate" (RFC 4287, 4.2.7.2)
        assert link.get("rel", "alternate") == "alternate"
        assert link.get("href").startswith("http://forum.test/")
        assert entry.findtext(ATOM + "updated").endswith("+00:00")


def entry_ids(feed) -> list[str]:
    return [e.id for e in feed.entries]
