"""The seeded cbforum2014 as plain digest inputs (what `collect` would read from a database)."""

from __future__ import annotations

from forum.archive.seed import compile_seed
from forum.clock import parse_iso
from synthesis.types import Figures, ForumInfo, SourcePost


def _figures(archive: dict, people: dict[str, dict]) -> Figures:
    approved = [p for p in archive["posts"] if p["state"] == "approved"]
    authors = {p["author"] for p in approved}
    by_kind: dict[str, set[str]] = {k: set() for k in ("party", "other_government",
                                                        "organization")}
    countries: dict[str, set[str]] = {"party": set(), "other_government": set()}
    for key in authors:
        person = people[key]
        by_kind[person["affiliation"]].add(key)
        if person["affiliation"] in countries and person["country"]:
            countries[person["affiliation"]].add(person["country"])
    return Figures(messages=len(approved), participants=len(authors),
                   party_participants=len(by_kind["party"]), parties=len(countries["party"]),
                   other_government_participants=len(by_kind["other_government"]),
                   other_governments=len(countries["other_government"]),
                   organization_participants=len(by_kind["organization"]))


def seed_forum(slug: str = "cbforum2014") -> tuple[ForumInfo, list[SourcePost]]:
    """ForumInfo and the approved posts of a seeded forum, ids in posting order."""
    archive = next(a for a in compile_seed() if a["forum"]["slug"] == slug)
    people = {p["key"]: p for p in archive["people"]}
    topic_of = {t["key"]: t["topic"] for t in archive["threads"]}
    moderators = archive["moderators"]
    posts = []
    for index, item in enumerate(archive["posts"], start=1):
        if item["state"] != "approved":
            continue
        person = people[item["author"]]
        posts.append(SourcePost(
            id=index, number=item["number"], author_key=item["author"],
            author_name=person["name"], author_title=person["title"],
            organization=person["organization"], country=person["country"],
            affiliation=person["affiliation"], topic_key=topic_of[item["thread"]],
            tags=tuple(item["tags"]), kind=item["kind"], body=item["body"],
            created_at=parse_iso(item["created_at"]), moderator=item["author"] in moderators))
    meta = archive["forum"]
    closes = meta["extended_to"] or meta["closes_at"]
    forum = ForumInfo(
        slug=meta["slug"], title=meta["title"], language=meta["language"],
        opens_at=parse_iso(meta["opens_at"]), closes_at=parse_iso(closes),
        moderators=tuple((people[k]["name"], people[k]["country"]) for k in moderators),
        figures=_figures(archive, people),
        public_url=f"https://forum.example.org/forums/{meta['slug']}",
        topics=tuple((t["key"], t["title"]) for t in archive["topics"]),
        reconstruction_note=meta["reconstruction_note"])
    return forum, posts
