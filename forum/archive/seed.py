"""The seeded forums: human-editable YAML in seed/ compiled into archives and loaded
through the same import path as `forum import`.

Public numbers follow posting order across all seeded forums (one site-wide counter, as
the BCH's was); a post may pin its number, and the ones after it continue from there.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from forum.archive.load import ImportResult, import_archive
from forum.archive.validate import FORMAT, VERSION, ArchiveError
from forum.clock import iso, now, parse_iso

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"
SEEDED_FORUMS = ("ppforum2014", "cbforum2014")
APPROVAL_DELAY = timedelta(minutes=20)


def _load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as error:
        raise ArchiveError(str(path.name), f"not valid YAML: {error}") from None


def _time(value) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else parse_iso(value.isoformat())
    return parse_iso(str(value))


def _people(seed_dir: Path, slug: str) -> dict[str, dict]:
    people = {p["key"]: p for p in _load_yaml(seed_dir / "people.yaml")}
    local = seed_dir / slug / "people.yaml"
    if local.exists():
        people.update({p["key"]: p for p in _load_yaml(local)})
    return people


def _forum_source(seed_dir: Path, slug: str) -> tuple[dict, list[dict]]:
    folder = seed_dir / slug
    forum = _load_yaml(folder / "forum.yaml")
    posts: list[dict] = []
    for path in sorted(folder.glob("posts*.yaml")):
        posts.extend(_load_yaml(path) or [])
    return forum, posts


def _compile_forum(seed_dir: Path, slug: str) -> dict:
    source, raw_posts = _forum_source(seed_dir, slug)
    people = _people(seed_dir, slug)
    moderators = list(source.get("moderators", []))
    threads, posts = [], []
    thread_moderator: dict[str, str] = {}
    for topic in source["topics"]:
        opening = topic["thread"]
        thread_moderator[opening["key"]] = opening["author"]
        threads.append({"key": opening["key"], "topic": topic["key"], "title": opening["title"],
                        "author": opening["author"], "questions": opening.get("questions", []),
                        "locked": False, "created_at": iso(_time(opening["at"]))})
        posts.append({"key": opening["key"], "thread": opening["key"],
                      "author": opening["author"], "kind": "opening", "state": "approved",
                      "body": opening["body"].strip() + "\n", "created_at": opening["at"],
                      "number": opening.get("number"), "tags": []})
    titles = {t["key"]: t["title"] for t in threads}
    for item in raw_posts:
        posts.append({**item, "body": item["body"].strip() + "\n"})
    compiled = []
    for item in posts:
        at = _time(item.pop("at", None) or item["created_at"])
        author = item["author"]
        kind = item.get("kind", "reply")
        state = item.get("state", "approved")
        staff = item.get("on_behalf_of") or item.get("posted_by")
        moderator = thread_moderator.get(item["thread"], moderators[0] if moderators else None)
        by_moderator = author in moderators
        decided = at if by_moderator else at + APPROVAL_DELAY
        decider = author if by_moderator else moderator
        approved = state in ("approved", "hidden")
        compiled.append({
            "key": item["key"], "thread": item["thread"], "author": author,
            "posted_by": staff, "kind": kind, "state": state,
            "subject": titles[item["thread"]] if kind == "opening"
            else f"RE: {titles[item['thread']]}",
            "body": item["body"], "version": 1, "number": item.get("number"),
            "created_at": iso(at), "updated_at": iso(at),
            "approved_at": iso(decided) if approved else None,
            "approved_by": decider if approved else None,
            "moderated_at": iso(decided) if not by_moderator else None,
            "moderated_by": decider if not by_moderator else None,
            "reason": item.get("reason") or "", "tags": sorted(item.get("tags") or []),
            "revisions": [],
        })
    compiled.sort(key=lambda p: (p["created_at"], p["key"]))
    used = {p["author"] for p in compiled} | {p["posted_by"] for p in compiled if p["posted_by"]}
    used |= set(moderators)
    return {
        "format": FORMAT, "version": VERSION,
        "forum": {
            "slug": source["slug"], "title": source["title"],
            "objective": source.get("objective", "").strip() + "\n",
            "language": source.get("language", "en"),
            "opens_at": iso(_time(source["opens_at"])),
            "closes_at": iso(_time(source["closes_at"])),
            "extended_to": iso(_time(source["extended_to"])) if source.get("extended_to") else None,
            "posting": source.get("posting", "registered"),
            "participants_may_open_threads": bool(source.get("participants_may_open_threads")),
            "reconstruction_note": (source.get("reconstruction_note") or "").strip(),
            "digest": source.get("digest") or {},
        },
        "topics": [{"key": t["key"], "title": t["title"],
                    "description": (t.get("description") or "").strip(),
                    "opens_at": iso(_time(t["opens_at"])) if t.get("opens_at") else None,
                    "closes_at": iso(_time(t["closes_at"])) if t.get("closes_at") else None,
                    "extended_to": None} for t in source["topics"]],
        "people": [_person(people[key]) for key in sorted(used)],
        "moderators": moderators,
        "accreditations": [],
        "threads": threads,
        "posts": compiled,
        "audit": [],
    }


def _person(person: dict) -> dict:
    return {"key": person["key"], "title": person.get("title") or "", "name": person["name"],
            "country": person.get("country"), "organization": person.get("organization") or "",
            "affiliation": person.get("affiliation") or "party",
            "role": person.get("role") or "participant", "email": None}


def _number(archives: list[dict]) -> None:
    """Give approved posts their public numbers in posting order across all forums."""
    approved = [p for a in archives for p in a["posts"] if p["state"] in ("approved", "hidden")]
    approved.sort(key=lambda p: (p["created_at"], p["key"]))
    last = 0
    for post in approved:
        pinned = post["number"]
        if pinned is not None and pinned <= last:
            raise ArchiveError(f"{post['key']}.number", f"pinned number {pinned} comes after "
                                                        f"{last} in posting order")
        post["number"] = pinned if pinned is not None else last + 1
        last = post["number"]


def compile_seed(seed_dir: Path = SEED_DIR) -> list[dict]:
    archives = [_compile_forum(seed_dir, slug) for slug in SEEDED_FORUMS]
    _number(archives)
    return archives


def load_seed(seed_dir: Path = SEED_DIR) -> list[ImportResult]:
    # Our own data: its moderators and Secretariat are trusted (forum import does not).
    return [import_archive(archive, trust_roles=True) for archive in compile_seed(seed_dir)]


def demo_archive(moment: datetime | None = None) -> dict:
    """An open forum with posts waiting in the moderation queue, relative to now."""
    moment = (moment or now()).replace(minute=0, second=0)
    day = timedelta(days=1)
    people = [
        {"key": "demo-secretariat", "title": "Ms.", "name": "Demo Secretariat",
         "country": None, "organization": "Secretariat of the Convention on Biological "
         "Diversity", "affiliation": "organization", "role": "secretariat",
         "email": "secretariat@demo.example"},
        {"key": "demo-moderator", "title": "Mr.", "name": "Demo Moderator", "country": "GD",
         "organization": "Ministry of Agriculture", "affiliation": "party",
         "role": "moderator", "email": "moderator@demo.example"},
        {"key": "demo-participant", "title": "Dr.", "name": "Demo Participant",
         "country": "MD", "organization": "Ministry of Environment", "affiliation": "party",
         "role": "participant", "email": "participant@demo.example"},
        {"key": "demo-kenya", "title": "Ms.", "name": "Amina Otieno", "country": "KE",
         "organization": "National Biosafety Authority", "affiliation": "party",
         "role": "participant", "email": None},
        {"key": "demo-ngo", "title": "Mr.", "name": "Lucas Ferreira", "country": None,
         "organization": "Public Awareness Network", "affiliation": "organization",
         "role": "participant", "email": None},
    ]
    t = lambda hours: iso(moment - 2 * day + timedelta(hours=hours))  # noqa: E731
    posts = [
        {"key": "demo-open", "thread": "demo-t1", "author": "demo-moderator", "kind": "opening",
         "body": "Welcome. Please share how your country informs the public about LMOs.\n",
         "created_at": t(0)},
        {"key": "demo-1", "thread": "demo-t1", "author": "demo-kenya", "created_at": t(3),
         "body": "In Kenya we publish every application for public comment for 30 days.\n"},
        {"key": "demo-2", "thread": "demo-t1", "author": "demo-ngo", "created_at": t(20),
         "state": "pending", "body": "We run radio programmes in three local languages; "
         "listeners call in with questions about GM crops.\n"},
        {"key": "demo-3", "thread": "demo-t1", "author": "demo-participant", "created_at": t(26),
         "state": "pending", "body": "In our country the national biosafety committee now "
         "publishes its decisions online with a plain-language summary.\n"},
        {"key": "demo-4", "thread": "demo-t1", "author": "demo-kenya", "created_at": t(30),
         "state": "pending", "body": "I agree with Mr. Ferreira: radio reaches farmers far "
         "better than the web.\n"},
    ]
    return {
        "format": FORMAT, "version": VERSION,
        "forum": {"slug": "demo", "title": "Demonstration forum: try moderating",
                  "objective": "An open forum for trying the software: sign in as the demo "
                               "moderator to approve or reject the posts waiting in the "
                               "queue.\n",
                  "opens_at": iso(moment - 2 * day), "closes_at": iso(moment + 14 * day),
                  "posting": "registered"},
        "topics": [{"key": "demo-topic", "title": "Informing the public about LMOs"}],
        "people": people, "moderators": ["demo-moderator"],
        "threads": [{"key": "demo-t1", "topic": "demo-topic", "author": "demo-moderator",
                     "title": "How do you inform the public?",
                     "questions": ["Which channels reach people best?",
                                   "How do you collect their views?"]}],
        "posts": posts,
    }


def load_demo() -> list[tuple[str, str, str, str | None]]:
    """Import the demo forum (once) and give each demo account a fresh random password;
    the demo moderator and Secretariat also get a fresh two-factor key, already enrolled,
    so a person can sign in at once with an authenticator app.

    Returns (role, email, password, two-factor key or None) for printing: passwords and
    keys exist only in that output.
    """
    import pyotp
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from forum.extensions import db
    from forum.mfa import actions as mfa
    from forum.models import Forum, User

    if db.session.scalar(select(Forum.id).where(Forum.slug == "demo")) is None:
        import_archive(demo_archive(), trust_roles=True)
    accounts = []
    for key in ("demo-secretariat", "demo-moderator", "demo-participant"):
        user = db.session.scalar(select(User).where(User.key == key))
        password = secrets.token_urlsafe(12)
        user.password_hash = generate_password_hash(password)
        user.confirmed_at = user.confirmed_at or now()
        user.consented_at = user.consented_at or now()
        db.session.commit()
        secret = None
        if mfa.mfa_required(user):
            if mfa.has_mfa(user):
                mfa.reset(user)
            secret = mfa.start_enrolment(user)
            mfa.enrol(user, code=pyotp.TOTP(secret).generate_otp(mfa.time_step()),
                      password=password)
        accounts.append((user.role, user.email, password, secret))
    return accounts
