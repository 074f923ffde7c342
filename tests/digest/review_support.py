"""A forum whose draft digest is reviewed: shared by tests/digest, tests/web and tests/archive."""

from __future__ import annotations

from sqlalchemy import select

from forum.admin import actions as admin
from forum.digest.queries import draft_of
from forum.extensions import db
from forum.models import User
from forum.moderation.actions import approve_post
from synthesis.overrides import places
from tests.helpers import make_forum, make_reply, make_thread, make_user

KENYA = "Kenya has integrated biosafety into its first NBSAP."
KENYA_2 = "In Kenya we also trained border inspectors on detection methods for LMOs."
UGANDA = "In Uganda we put biosafety into our NBSAP, and the revision kept it too."


def reviewed_forum() -> dict:
    """An accredited-only forum with a Kenyan and a Ugandan paragraph in its draft, and people
    of every kind: the Secretariat, the moderator, an accredited participant, a participant
    accredited in another forum only, one registered but not (yet) accredited here, and one
    whose email address is not confirmed."""
    moderator = make_user("moderator", country="ZA", name="Malta Qwathekana")
    staff = db.session.scalar(select(User).filter_by(role="secretariat")) or make_user(
        "secretariat", country=None, affiliation="organization", name="Staff Member")
    forum = make_forum(posting="accredited", moderators=[moderator])
    other = make_forum(posting="accredited")
    participant = make_user(country="MY", name="Ramatha Letchumanan", title="Mr.")
    kenya = make_user(country="KE", name="Wanjiru Kamau")
    uganda = make_user(country="UG", name="Grace Nakato")
    elsewhere = make_user(country="GY", name="Other Forum Person")
    waiting = make_user(country="MD", name="Not Yet Accredited")
    unconfirmed = make_user(country="CM", name="Unconfirmed Person", confirmed=False)
    for person in (participant, kenya, uganda):
        admin.accredit(forum, person, acting_user=staff)
    admin.accredit(other, elsewhere, acting_user=staff)
    thread = make_thread(forum, moderator)
    posts = {name: approve_post(make_reply(thread, author, body), acting_user=moderator,
                                version=1)
             for name, author, body in (("kenya", kenya, KENYA), ("uganda", uganda, UGANDA))}
    return {"forum": forum, "thread": thread, "staff": staff, "moderator": moderator,
            "participant": participant, "kenya": kenya, "uganda": uganda,
            "elsewhere": elsewhere, "waiting": waiting, "unconfirmed": unconfirmed,
            "posts": posts}


def paragraph_key(forum, word: str) -> str:
    """The key of the draft's paragraph whose text mentions `word`."""
    db.session.expire_all()
    report = draft_of(forum).report
    return next(p.key for _, ps in places(report) for p in ps
                if word in " ".join(x.text for x in p.lines))
