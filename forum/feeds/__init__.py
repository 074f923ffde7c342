"""Atom feeds (RFC 4287) of the public record: the site, a forum, a topic, a thread, and a
forum's published digest versions (docs/feeds.md).

queries.py decides what goes in (approved, public posts only: forum/visibility.py), ids.py
names every feed and entry for good, atom.py writes the XML, views.py serves it with
conditional GET and public caching.
"""
