"""Participants posting (API with Idempotency-Key, and reply forms with their one-time
submission key) while moderators approve and reject from the queue; then the invariants
of CONTRACTS.md checked in the database. Used by tests/ops/test_load.py (small) and
bench/load.py (big)."""

from __future__ import annotations

import random
import re
import secrets
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

import requests
from sqlalchemy import bindparam, create_engine, text

SUBMISSION_KEY = re.compile(r'name="submission_key"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class Person:
    email: str
    password: str
    token: str


@dataclass(frozen=True)
class Cast:
    forum: str
    threads: tuple[int, ...]
    participants: tuple[Person, ...]
    moderators: tuple[Person, ...]


def make_cast(database_url: str, *, participants: int, moderators: int, threads: int = 3,
              outbox: str = "/tmp/forum-load-outbox") -> Cast:
    """Create (in this process, on a migrated database) a forum, its moderators, threads
    opened by them and confirmed participants, each with a password and an API token."""
    from forum import create_app
    from forum.admin import actions as admin
    from forum.auth.actions import create_api_token, create_user
    from forum.clock import now
    from forum.extensions import db
    from forum.threads.actions import open_thread

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x",
                      "MAIL_OUTBOX": outbox, "RATELIMIT_ENABLED": False})
    run = secrets.token_hex(3)

    def person(role: str, n: int, country: str | None) -> tuple[Person, object]:
        password = secrets.token_urlsafe(12)
        user = create_user(email=f"{role}{n}-{run}@load.example", name=f"{role.title()} {n}",
                           password=password, role=role, country=country,
                           affiliation="party" if country else "organization",
                           organization="Ministry of the Environment", confirmed=True)
        db.session.commit()
        return Person(user.email, password, create_api_token(user, "load")), user

    with app.app_context():
        _, staff = person("secretariat", 0, None)
        forum = admin.create_forum(
            acting_user=staff, slug=f"load-{run}", title="Load test forum",
            opens_at=now() - timedelta(days=1), closes_at=now() + timedelta(days=30))
        mods = [person("moderator", n, "ZA") for n in range(moderators)]
        for _, user in mods:
            admin.assign_moderator(forum, user, acting_user=staff)
        opened = [open_thread(forum, author=mods[i % moderators][1], title=f"Question {i + 1}",
                              body="Please share your experience.").id for i in range(threads)]
        people = [person("participant", n, random.choice(("MY", "BR", "NO", "KE", "MX")))
                  for n in range(participants)]
        cast = Cast(forum.slug, tuple(opened), tuple(p for p, _ in people),
                    tuple(p for p, _ in mods))
        db.engine.dispose()
    return cast


@dataclass
class LoadResult:
    statuses: Counter = field(default_factory=Counter)  # (what, status) -> count
    errors: list[str] = field(default_factory=list)  # 5xx and transport failures
    created: dict[int, str] = field(default_factory=dict)  # post id -> its unique body
    repeats: list[tuple[str, int, int]] = field(default_factory=list)  # (how, first, again)
    approved: list[int] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    requests: int = 0
    seconds: float = 0.0
    finished: bool = True

    def summary(self) -> str:
        conflicts = sum(n for (what, status), n in self.statuses.items() if status == 409)
        return (f"{self.requests} requests in {self.seconds:.1f} s "
                f"({self.requests / max(self.seconds, 1e-9):.0f}/s); {len(self.created)} posts "
                f"created, {len(self.approved)} approved, {len(self.rejected)} rejected, "
                f"{conflicts} moderation conflicts (409), {len(self.errors)} errors")


class _Run:
    def __init__(self, base: str, cast: Cast, max_requests: int, deadline: float) -> None:
        self.base, self.cast = base, cast
        self.max_requests, self.deadline = max_requests, deadline
        self.result = LoadResult()
        self.lock = threading.Lock()
        self.participants_done = threading.Event()

    def over_budget(self) -> bool:
        return self.result.requests >= self.max_requests or time.monotonic() > self.deadline

    def call(self, session: requests.Session, what: str, method: str, path: str,
             **kwargs) -> requests.Response | None:
        with self.lock:
            self.result.requests += 1
        started = time.perf_counter()
        try:
            response = session.request(method, self.base + path, timeout=120,
                                       allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            with self.lock:
                self.result.errors.append(f"{what} {method} {path}: {error}")
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.result.statuses[(what, response.status_code)] += 1
            self.result.latencies.setdefault(what, []).append(elapsed)
            if response.status_code >= 500:
                self.result.errors.append(f"{what} {method} {path}: {response.status_code}")
        return response

    def created(self, post_id: int, body: str) -> None:
        with self.lock:
            self.result.created[post_id] = body

    def participant(self, index: int, person: Person, posts: int) -> None:
        session = requests.Session()
        thread_id = self.cast.threads[index % len(self.cast.threads)]
        login = self.call(session, "login", "POST", "/login",
                          data={"email": person.email, "password": person.password})
        if login is None or login.status_code != 302:
            return
        for i in range(posts):
            if self.over_budget():
                return
            body = f"Message {i + 1} of participant {index}: in our country we consulted " \
                   f"the public before approving field trials. [{uuid.uuid4().hex}]"
            if i % 2 == 0:
                self.api_post(session, person, thread_id, body, retry=i == 0)
            else:
                self.form_post(session, thread_id, body, twice=i == 1)

    def api_post(self, session, person: Person, thread_id: int, body: str, *, retry: bool):
        headers = {"Authorization": f"Bearer {person.token}", "Idempotency-Key": uuid.uuid4().hex}
        path = f"/api/v1/threads/{thread_id}/posts"
        first = self.call(session, "api post", "POST", path, json={"body": body}, headers=headers)
        if first is None or first.status_code != 201:
            return
        self.created(first.json()["id"], body)
        if retry:  # the client did not see the answer and sends the same request again
            again = self.call(session, "api retry", "POST", path, json={"body": body},
                              headers=headers)
            if again is not None and again.status_code in (200, 201):
                with self.lock:
                    self.result.repeats.append(("api", first.json()["id"], again.json()["id"]))

    def form_post(self, session, thread_id: int, body: str, *, twice: bool):
        page = self.call(session, "thread page", "GET", f"/threads/{thread_id}")
        match = SUBMISSION_KEY.search(page.text) if page is not None else None
        if match is None:
            return
        data = {"body": body, "submission_key": match.group(1), "submit": "Post reply"}
        ids = []
        for _ in range(2 if twice else 1):  # a double click sends the same form twice
            sent = self.call(session, "form post", "POST", f"/threads/{thread_id}/reply",
                             data=data)
            location = sent.headers.get("Location", "") if sent is not None else ""
            if sent is not None and sent.status_code == 302 and "/posts/" in location:
                ids.append(int(location.rstrip("/").rsplit("/", 1)[1]))
        if ids:
            self.created(ids[0], body)
        if len(ids) == 2:
            with self.lock:
                self.result.repeats.append(("form", ids[0], ids[1]))

    def moderator(self, person: Person, approve_share: float) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {person.token}"
        pick = random.Random(person.email)
        while not self.over_budget():
            queue = self.call(session, "queue", "GET",
                              f"/api/v1/forums/{self.cast.forum}/queue?per_page=50")
            items = queue.json()["items"] if queue is not None and queue.ok else []
            if not items:
                if self.participants_done.is_set():
                    return
                time.sleep(0.05)
                continue
            pick.shuffle(items)
            for item in items[:5]:
                if pick.random() < approve_share:
                    done = self.call(session, "approve", "POST",
                                     f"/api/v1/posts/{item['id']}/approve",
                                     json={"version": item["version"]})
                    target = self.result.approved
                else:
                    done = self.call(session, "reject", "POST",
                                     f"/api/v1/posts/{item['id']}/reject",
                                     json={"reason": "Off-topic for this thread."})
                    target = self.result.rejected
                if done is not None and done.status_code == 200:
                    with self.lock:
                        target.append(item["id"])


def run_load(base: str, cast: Cast, *, posts_each: int, max_requests: int,
             max_seconds: float, approve_share: float = 0.75) -> LoadResult:
    """Every participant posts `posts_each` times (half API, half form) while the
    moderators settle the queue; bounded by a request count and a time limit."""
    started = time.monotonic()
    run = _Run(base, cast, max_requests, started + max_seconds)
    workers = len(cast.participants) + len(cast.moderators)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        mods = [pool.submit(run.moderator, m, approve_share) for m in cast.moderators]
        people = [pool.submit(run.participant, i, p, posts_each)
                  for i, p in enumerate(cast.participants)]
        for future in people:
            future.result()
        run.participants_done.set()
        for future in mods:
            future.result()
    run.result.seconds = time.monotonic() - started
    run.result.finished = not run.over_budget()
    return run.result


def check_invariants(result: LoadResult, database_url: str, forum_slug: str) -> list[str]:
    """What went wrong, as sentences; an empty list when every invariant holds."""
    problems = [f"server error or failed request: {e}" for e in result.errors[:20]]
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            problems += _check_posts(conn, result)
            problems += _check_moderation(conn, result, forum_slug)
    finally:
        engine.dispose()
    return problems


def _check_posts(conn, result: LoadResult) -> list[str]:
    problems = []
    bodies = list(result.created.values())
    found: dict[str, list[int]] = {}
    for start in range(0, len(bodies), 500):
        query = text("SELECT id, body FROM posts WHERE body IN :bodies").bindparams(
            bindparam("bodies", expanding=True))
        rows = conn.execute(query, {"bodies": bodies[start:start + 500]})
        for post_id, body in rows:
            found.setdefault(body, []).append(post_id)
    for post_id, body in result.created.items():
        if found.get(body) != [post_id]:
            problems.append(f"post {post_id} (answered 201/302) is stored as {found.get(body)}")
    problems += [f"{how} repeat created a second post: {a} then {b}"
                 for how, a, b in result.repeats if a != b]
    duplicated = conn.execute(text(
        "SELECT number, COUNT(*) FROM posts WHERE number IS NOT NULL GROUP BY number "
        "HAVING COUNT(*) > 1")).all()
    problems += [f"number {n} is used by {c} posts" for n, c in duplicated]
    unnumbered = conn.execute(text(
        "SELECT COUNT(*) FROM posts WHERE state = 'approved' AND number IS NULL")).scalar()
    if unnumbered:
        problems.append(f"{unnumbered} approved posts have no number")
    return problems


def _check_moderation(conn, result: LoadResult, forum_slug: str) -> list[str]:
    problems = []
    audited = conn.execute(text(
        "SELECT a.action, a.target_id, COUNT(*) FROM audit_log a JOIN forums f "
        "ON f.id = a.forum_id WHERE f.slug = :slug AND a.action IN "
        "('post.approve', 'post.reject') GROUP BY a.action, a.target_id"),
        {"slug": forum_slug}).all()
    entries: dict[str, Counter] = {"post.approve": Counter(), "post.reject": Counter()}
    for action, target, count in audited:
        entries[action][target] += count
    for action, answered in (("post.approve", result.approved), ("post.reject", result.rejected)):
        said = Counter(answered)
        problems += [f"{action} of post {p} answered 200 {said[p]} times, audited "
                     f"{entries[action][p]} times" for p in set(said) | set(entries[action])
                     if said[p] != 1 or entries[action][p] != 1]
    both = set(entries["post.approve"]) & set(entries["post.reject"])
    problems += [f"post {p} was both approved and rejected" for p in sorted(both)]
    states = dict(conn.execute(text("SELECT id, state FROM posts")).all())
    problems += [f"approved post {p} is {states.get(p)}" for p in result.approved
                 if states.get(p) != "approved"]
    problems += [f"rejected post {p} is {states.get(p)}" for p in result.rejected
                 if states.get(p) != "rejected"]
    return problems
