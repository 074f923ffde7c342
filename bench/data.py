"""Forums, threads and queues of a chosen size, inserted quickly inside an app context.

Posts are stored as the app stores them (body_html rendered once at save time, a number
from the site-wide counter when approved); only the per-post moderation round trip is
skipped, so a 500-post thread takes a second, not a minute.
"""

from __future__ import annotations

import itertools
import secrets
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from forum.admin import actions as admin
from forum.clock import now
from forum.extensions import db
from forum.markdown import render_markdown
from forum.models import Forum, Post, Thread, User
from forum.numbering import next_post_number
from forum.threads.actions import open_thread

COUNTRIES = ("MY", "BR", "NO", "KE", "MX", "ZA", "IN", "PE", "FJ", "MD", "GD", "JP")
_seq = itertools.count(1)
FALLBACK_BODY = (
    "In our country, the national biosafety framework was revised in 2013 to bring "
    "biosafety into the *national biodiversity strategy and action plan*. The main lessons "
    "were:\n\n1. involve the ministries of agriculture and trade from the start;\n"
    "2. budget for public awareness, not only for risk assessment;\n"
    "3. use the Biosafety Clearing-House to share decisions.\n\n"
    "We would welcome experiences from other Parties on **mobilizing resources**, in "
    "particular through national development plans and donor coordination mechanisms. "
) * 2


@cache
def _cheap_hash(password: str) -> str:
    # Benchmark accounts sign in rarely; a cheap hash, computed once, keeps setup fast.
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def people(count: int, role: str = "participant", *, password: str | None = None) -> list[User]:
    """Confirmed accounts, spread over countries (all with `password`, random if None)."""
    password_hash = _cheap_hash(password or secrets.token_urlsafe(12))
    moment = now()
    users = []
    for _ in range(count):
        n = next(_seq)
        users.append(User(
            email=f"{role}-{n}-{secrets.token_hex(3)}@bench.example", name=f"Person {n}",
            title="Ms." if n % 2 else "Mr.", country=COUNTRIES[n % len(COUNTRIES)],
            organization="Ministry of Environment", affiliation="party", role=role,
            password_hash=password_hash, confirmed_at=moment, consented_at=moment,
            created_at=moment))
    db.session.add_all(users)
    db.session.commit()
    return users


def open_forum(moderators: list[User], slug: str | None = None) -> Forum:
    staff = db.session.scalar(select(User).where(User.role == "secretariat")) \
        or people(1, "secretariat")[0]
    forum = admin.create_forum(
        acting_user=staff, slug=slug or f"bench-{next(_seq)}-{secrets.token_hex(2)}",
        title="Benchmark forum", opens_at=now() - timedelta(days=1),
        closes_at=now() + timedelta(days=60), objective="To measure.")
    admin.add_topic(forum, acting_user=staff, title="Lessons learned")
    for moderator in moderators:
        admin.assign_moderator(forum, moderator, acting_user=staff)
    return forum


def sample_bodies(limit: int = 200) -> list[str]:
    """The seed's replies when the seed is loaded (real length and Markdown), else one
    made-up reply of about 150 words."""
    bodies = db.session.scalars(
        select(Post.body).where(Post.kind == "reply", Post.state == "approved")
        .order_by(Post.id).limit(limit)).all()
    return list(bodies) or [FALLBACK_BODY]


def thread_of(forum: Forum, opener: User, title: str = "Guiding questions") -> Thread:
    """A thread opened a month ago (so that its opening comes before the replies added)."""
    thread = open_thread(forum, author=opener, title=title, body=FALLBACK_BODY,
                         topic=forum.topics[0] if forum.topics else None,
                         questions=["What worked?", "What did not?"])
    opened = now() - timedelta(days=30)
    thread.created_at = opened
    for post in db.session.scalars(select(Post).where(Post.thread_id == thread.id)):
        post.created_at = post.updated_at = opened
    db.session.commit()
    return thread


def add_posts(thread: Thread, authors: list[User], count: int, *, state: str,
              bodies: list[str] | None = None, start: datetime | None = None) -> list[Post]:
    """`count` replies in `thread`, approved (numbered) or pending, one second apart, the
    last ten seconds ago unless `start` is given."""
    bodies = bodies or sample_bodies()
    rendered = {body: render_markdown(body) for body in set(bodies)}
    start = start or now() - timedelta(seconds=count + 10)
    posts = []
    for i in range(count):
        body = bodies[i % len(bodies)]
        moment = start + timedelta(seconds=i)
        post = Post(forum_id=thread.forum_id, thread_id=thread.id,
                    author_id=authors[i % len(authors)].id, kind="reply", state=state,
                    subject=f"RE: {thread.title}", body=body, body_html=rendered[body],
                    created_at=moment, updated_at=moment)
        if state == "approved":
            post.approved_at = moment
            post.number = next_post_number()
        posts.append(post)
    db.session.add_all(posts)
    db.session.commit()
    return posts
