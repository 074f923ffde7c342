"""A thread's table of contents: who took part, grouped by country or organization, and
where the latest message is.

One statement per page whatever the thread's length (tests/ops/test_query_counts.py): the
posts the reader may see, ranked by window functions, keep one row per author (their first
post, with their count and that post's place in the thread) and carry the thread's newest
post in every row. The result is plain tuples, so the anonymous page cache can key the page
on it (forum/forums/pagecache.py): a new participant or a new latest post makes a new key.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import func, select

from forum.extensions import db
from forum.i18n import interface_lang
from forum.i18n.countries import display_name
from forum.models import Post, Thread, User
from forum.visibility import visible_posts_clause

# From this many posts a thread is "long": its contents fold away (<details>) and the page
# offers a jump to its latest message.
LONG_THREAD = 20


class Participant(NamedTuple):
    name: str  # as bylines show it: title and name
    organization: str
    country: str | None
    affiliation: str  # party, other_government or organization (forum/models/users.py)
    messages: int  # the posts of theirs this reader may see
    first_id: int  # their first post in thread order
    first_position: int  # its place in the thread, from 1 (which page it is on)


class Contents(NamedTuple):
    participants: tuple[Participant, ...]  # in order of their first post
    latest_id: int | None  # the last post in thread order


def thread_contents(thread: Thread, viewer: User | None, *, moderates: bool) -> Contents:
    """The participants and the latest post among the posts `viewer` may see (`moderates`:
    whether they moderate the thread's forum, which the page already knows)."""
    order = (Post.created_at, Post.id)
    ranked = (
        select(Post.id, Post.author_id,
               func.row_number().over(order_by=order).label("position"),
               func.row_number().over(partition_by=Post.author_id, order_by=order)
               .label("rank"),
               func.count(Post.id).over(partition_by=Post.author_id).label("messages"),
               func.first_value(Post.id).over(order_by=(Post.created_at.desc(),
                                                        Post.id.desc())).label("latest"))
        .where(Post.thread_id == thread.id, visible_posts_clause(viewer, thread.forum,
                                                                 moderates=moderates))
        .subquery()
    )
    rows = db.session.execute(
        select(User.title, User.name, User.organization, User.country, User.affiliation,
               ranked.c.messages, ranked.c.id, ranked.c.position, ranked.c.latest)
        .join(ranked, ranked.c.author_id == User.id)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.position)
    ).all()
    people = tuple(Participant(f"{title} {name}".strip(), organization or "", country,
                               affiliation, messages, first_id, position)
                   for title, name, organization, country, affiliation, messages, first_id,
                   position, _ in rows)
    return Contents(people, rows[0][-1] if rows else None)


class Group(NamedTuple):
    label: str  # the country's name in the reader's language, or the organization's
    participants: list[Participant]


def by_country(participants: tuple[Participant, ...]) -> list[Group]:
    """Countries by name, then organizations by name, then those with neither. A Party's or
    another Government's delegate counts under the country, whatever ministry they work
    in; an organization's participant under the organization."""
    lang = interface_lang()
    groups: dict[tuple[int, str], Group] = {}
    for person in participants:
        by_country = person.country and (person.affiliation != "organization"
                                         or not person.organization)
        if person.organization and not by_country:
            key, label = (1, person.organization.casefold()), person.organization
        elif person.country:
            label = display_name(person.country, lang, start=True)
            key = (0, label.casefold())
        else:
            key, label = (2, ""), ""
        groups.setdefault(key, Group(label, [])).participants.append(person)
    return [groups[key] for key in sorted(groups)]
