"""Plain digest inputs for tests: `make_post`, `make_forum`."""

from __future__ import annotations

from datetime import datetime, timedelta

from synthesis.types import Figures, ForumInfo, SourcePost

_START = datetime(2014, 5, 26, 8, 0)


def make_post(id: int, country: str | None, body: str, *, topic: str = "t1",
              tags: tuple[str, ...] = (), affiliation: str | None = None,
              organization: str = "Ministry of Environment", name: str | None = None,
              kind: str = "reply", number: int | None = None) -> SourcePost:
    if affiliation is None:
        affiliation = "party" if country else "organization"
    return SourcePost(
        id=id, number=1000 + id if number is None else number, author_key=f"p{id}",
        author_name=name or f"Person {id}", author_title="Ms.", organization=organization,
        country=country, affiliation=affiliation, topic_key=topic, tags=tuple(tags), kind=kind,
        body=body, created_at=_START + timedelta(hours=id))


def make_forum(*, language: str = "en", topics: tuple[tuple[str, str], ...] = (
        ("t1", "National experiences in integrating biosafety"),),
        moderators: tuple[tuple[str, str | None], ...] = (("Ana Pop", "MD"),),
        figures: Figures | None = None, public_url: str = "https://forum.example.org/f/test",
        reconstruction_note: str = "") -> ForumInfo:
    return ForumInfo(
        slug="test", title="Online Forum on Biosafety - 2014", language=language,
        opens_at=datetime(2014, 5, 26), closes_at=datetime(2014, 6, 14), moderators=moderators,
        figures=figures or Figures(messages=10, participants=6, party_participants=5, parties=4,
                                   organization_participants=1),
        public_url=public_url, topics=topics, reconstruction_note=reconstruction_note)
