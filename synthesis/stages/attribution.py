"""Who a report credits: countries and organizations (the BCH's rule), people by name, or
roles without names; and the default for a forum whose settings do not say."""

from __future__ import annotations

from collections.abc import Sequence

from synthesis.types import DigestSettings, SourcePost

COUNTRY, NAME, ROLE = "country", "name", "role"
GOVERNMENTS = ("party", "other_government")


def speaks_for_country(post: SourcePost) -> bool:
    """A Party's or another Government's participant with a country: a delegate."""
    return post.affiliation in GOVERNMENTS and bool(post.country)


def delegate(post: SourcePost) -> bool:
    """Speaks for a country or for a named organization, as treaty forum participants do."""
    return speaks_for_country(post) or (post.affiliation == "organization"
                                        and bool(post.organization.strip()))


def resolve(settings: DigestSettings, posts: Sequence[SourcePost]) -> str:
    """The attribution mode: the setting, else `country` when most authors are delegates
    and at least one speaks for a country, else `name` (docs/digest.md, "Attribution")."""
    if settings.attribution:
        return settings.attribution
    # One vote per author (their latest post wins, in a fixed order), so a talkative
    # participant does not decide how everyone else is named.
    authors: dict[str, SourcePost] = {}
    for post in sorted(posts, key=lambda p: (p.number or 0, p.created_at, p.id)):
        authors[post.author_key] = post
    if not authors:
        return COUNTRY
    people = list(authors.values())
    delegates = sum(delegate(p) for p in people)
    if any(speaks_for_country(p) for p in people) and delegates * 2 > len(people):
        return COUNTRY
    return NAME


def speaker(post: SourcePost, mode: str) -> str:
    """The group a post's sentences are credited to."""
    if mode != COUNTRY:
        return f"person:{post.author_key}"
    if post.country and post.affiliation != "organization":
        return f"country:{post.country}"
    if post.organization.strip():
        return f"org:{post.organization.strip()}"
    return f"person:{post.author_key}"  # neither a country nor an organization: by name
