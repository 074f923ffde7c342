"""Plain factory functions for tests (no fixtures hidden inside)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pyotp

from forum.admin import actions as admin
from forum.auth.actions import create_api_token, create_user
from forum.clock import now
from forum.extensions import db
from forum.mfa import actions as mfa
from forum.models import Forum, Thread, Topic, User
from forum.threads import actions as writing

PASSWORD = "correct horse battery"
# The two-factor key `login` enrols moderators and the Secretariat with.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_seq = itertools.count(1)


def make_user(role: str = "participant", *, confirmed: bool = True, country: str | None = "MY",
              affiliation: str | None = None, name: str | None = None,
              organization: str = "Department of Biosafety", email: str | None = None,
              title: str = "Ms.") -> User:
    n = next(_seq)
    user = create_user(
        email=email or f"{role}{n}@example.org", name=name or f"{role.title()} Person {n}",
        password=PASSWORD, role=role, title=title, country=country,
        organization=organization,
        affiliation=affiliation or ("party" if country else "organization"),
        confirmed=confirmed,
    )
    db.session.commit()
    return user


def make_forum(*, slug: str | None = None, posting: str = "registered",
               opens_at: datetime | None = None, closes_at: datetime | None = None,
               moderators: list[User] = (), topics: int = 1,
               participants_may_open_threads: bool = False) -> Forum:
    secretariat = db.session.query(User).filter_by(role="secretariat").first() or make_user(
        "secretariat", country=None, affiliation="organization")
    moment = now()
    forum = admin.create_forum(
        acting_user=secretariat, slug=slug or f"forum-{next(_seq)}", title="A test forum",
        opens_at=opens_at or moment - timedelta(days=1),
        closes_at=closes_at or moment + timedelta(days=10), posting=posting,
        participants_may_open_threads=participants_may_open_threads,
        objective="To exchange *experiences*.",
    )
    for i in range(topics):
        admin.add_topic(forum, acting_user=secretariat, title=f"Topic {i + 1}")
    for moderator in moderators:
        admin.assign_moderator(forum, moderator, acting_user=secretariat)
    return forum


def make_thread(forum: Forum, author: User, *, title: str = "Guiding questions",
                topic: Topic | None = None) -> Thread:
    topic = topic or (forum.topics[0] if forum.topics else None)
    return writing.open_thread(forum, author=author, title=title, body="Please share.",
                               topic=topic, questions=["What worked?", "What did not?"])


def make_reply(thread: Thread, author: User, body: str | None = None,
               key: str | None = None):
    # Each default text differs: the same text twice within minutes is refused as a repeat.
    body = body if body is not None else f"In our country we ... ({next(_seq)})"
    post, _ = writing.submit_reply(thread, author=author, body=body, key=key)
    return post


def totp_code(secret: str = STAFF_TOTP_SECRET, step: int | None = None) -> str:
    """The TOTP code of `secret` for a time step (default: now, by the app's clock)."""
    return pyotp.TOTP(secret).generate_otp(mfa.time_step() if step is None else step)


def enrol_mfa(user: User, password: str = PASSWORD, secret: str = STAFF_TOTP_SECRET) -> list[str]:
    """Turn two-factor sign-in on for `user` through the actions; return the backup codes."""
    mfa.start_enrolment(user, secret=secret)
    return mfa.enrol(user, code=totp_code(secret), password=password)


def fresh_totp_code(user: User) -> str:
    """A code the account has not used yet. A test may sign one person in several times
    within 30 s, and a code works once: take the next step (within the accepted drift), or
    else move the account's last-used step back (test setup, not a rule being tested)."""
    db.session.refresh(user)
    current = mfa.time_step()
    step = current if user.totp_last_step is None else max(current, user.totp_last_step + 1)
    if step > current + mfa.DRIFT_STEPS:
        user.totp_last_step = current - mfa.DRIFT_STEPS - 1
        db.session.commit()
        step = current
    return totp_code(user.totp_secret, step)


def login(client, user: User, password: str = PASSWORD):
    """Sign in through the pages; moderators and the Secretariat are enrolled in two-factor
    sign-in first (with STAFF_TOTP_SECRET) and give a code, as people must."""
    if mfa.must_enrol(user):
        enrol_mfa(user, password)
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.data[:500]
    if response.location.endswith("/mfa/verify"):
        response = client.post("/mfa/verify", data={"code": fresh_totp_code(user)})
        assert response.status_code == 302, response.data[:500]
    return response


def token_for(user: User) -> dict:
    return {"Authorization": f"Bearer {create_api_token(user, 'test')}"}


def setup_forum():
    """A forum with a moderator, a participant and an open thread."""
    moderator = make_user("moderator", country="ZA", name="Malta Qwathekana")
    participant = make_user("participant", country="MY", name="Ramatha Letchumanan",
                            title="Mr.", organization="Ministry of Natural Resources & Environment")
    forum = make_forum(moderators=[moderator])
    thread = make_thread(forum, moderator)
    return forum, moderator, participant, thread
