"""The site-wide public post number (CONTRACTS.md, "Public number").

One counter row is incremented with UPDATE ... RETURNING: on PostgreSQL the row lock
serializes concurrent approvals; on SQLite the write transaction (BEGIN IMMEDIATE) does.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Counter, Post

POST_NUMBER = "post_number"


def next_post_number() -> int:
    value = db.session.scalar(
        update(Counter).where(Counter.name == POST_NUMBER)
        .values(value=Counter.value + 1).returning(Counter.value)
    )
    if value is not None:
        return value
    highest = db.session.scalar(select(func.max(Post.number))) or 0
    try:
        with db.session.begin_nested():
            db.session.add(Counter(name=POST_NUMBER, value=highest + 1))
    except IntegrityError:
        return next_post_number()  # another transaction created it first
    return highest + 1


def ensure_counter_above(number: int) -> None:
    """After an import, keep numbering above the highest number in the database."""
    counter = db.session.get(Counter, POST_NUMBER)
    if counter is None:
        db.session.add(Counter(name=POST_NUMBER, value=number))
    elif counter.value < number:
        counter.value = number


def reserve_post_numbers(count: int, *, above: int) -> range:
    """For an import: `count` consecutive numbers after both the counter and `above` (the
    highest number the database and the archive hold); the counter moves past them.

    The counter row is locked (FOR UPDATE) until the import commits, so approvals that
    come meanwhile wait and then continue above the imported numbers."""
    counter = db.session.scalar(
        select(Counter).where(Counter.name == POST_NUMBER).with_for_update())
    if counter is None:
        counter = Counter(name=POST_NUMBER, value=0)
        db.session.add(counter)
    start = max(counter.value, above)
    counter.value = start + count
    db.session.flush()
    return range(start + 1, start + count + 1)
