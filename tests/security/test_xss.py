"""Stored XSS (SECURITY-THREATS.md rows 1 and 2): hostile Markdown and hostile names go
through every channel that shows them — thread page, print view, API `html`, the digest as
HTML (draft, published version, download) and an archive round trip — and what comes out,
read with an HTML parser, holds only harmless tags, attributes and link schemes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from forum.archive.export import export_forum
from forum.archive.load import import_archive
from forum.digest import actions as digest_actions
from forum.extensions import db
from forum.models import Forum, Post
from forum.moderation import actions as moderation
from tests.helpers import login, make_forum, make_reply, make_thread, make_user, token_for
from tests.web.support import fast_password_hashing  # noqa: F401 (autouse)

pytestmark = pytest.mark.db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<style>*{color:red}</style>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[x](data:text/html,<script>alert(1)</script>)",
    "<javascript:alert(1)>",
    "<<script>x</script>script>alert(1)",
    '"><svg onload=alert(1)>',
]
SAFE_SCHEMES = ("http", "https", "mailto")
BAD_TAGS = {"script", "iframe", "svg", "img", "object", "embed", "style", "details", "base",
            "meta", "link", "math", "frame", "frameset", "applet"}


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BAD_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc", "formaction"):
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "xlink:href", "action") and value:
                scheme = value.split(":", 1)[0].strip().lower() if ":" in value else ""
                if scheme and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{tag}[{name}={value}]")


def harmful(fragment: str) -> list[str]:
    audit = _Audit()
    audit.feed(fragment)
    return audit.problems


def _user_regions(html: str) -> str:
    """The page's body minus our own layout assets (the one script tag, the digest's CSS,
    the opening tag of a thread's folding list of participants: its content stays)."""
    html = html[html.find("<body"):] if "<body" in html else html
    html = html.replace('<script src="/static/forum.js" defer></script>', "")
    html = re.sub(r'<details class="participants"( open)?>', "", html)
    start = html.find("<style>")
    while start != -1:
        end = html.index("</style>", start)
        html = html[:start] + html[end + len("</style>"):]
        start = html.find("<style>")
    return html


@pytest.fixture
def hostile_forum(app):
    moderator = make_user("moderator", country="ZA")
    author = make_user("participant", country="KE")
    forum = make_forum(moderators=[moderator])
    thread = make_thread(forum, moderator)
    posts = []
    for payload in PAYLOADS:
        post = make_reply(thread, author, body=f"In our country we note {payload} here.")
        moderation.approve_post(post, acting_user=moderator, version=post.version)
        posts.append(post)
    secretariat = db.session.scalar(select(type(moderator)).filter_by(role="secretariat"))
    return forum, thread, posts, moderator, secretariat


def test_post_bodies_are_harmless_on_pages_and_in_the_api(app, client, hostile_forum):
    forum, thread, posts, moderator, secretariat = hostile_forum
    for path in (f"/threads/{thread.id}", f"/threads/{thread.id}/print"):
        html = client.get(path).get_data(as_text=True)
        assert "In our country" in html
        assert harmful(_user_regions(html)) == [], path
    for post in posts:
        data = client.get(f"/api/v1/posts/{post.id}").get_json()
        assert harmful(data["body_html"]) == [], post.body
    login(client, moderator)
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert harmful(_user_regions(html)) == []


def test_the_digest_in_html_is_harmless_as_draft_published_and_downloaded(app, client,
                                                                          hostile_forum):
    forum, thread, posts, moderator, secretariat = hostile_forum
    login(client, secretariat)
    draft = client.get(f"/digest/{forum.slug}").get_data(as_text=True)
    assert harmful(_user_regions(draft)) == []
    download = client.get(f"/digest/{forum.slug}/download.html").get_data(as_text=True)
    assert harmful(_user_regions(download)) == []
    version = digest_actions.publish_digest(forum, acting_user=secretariat)
    page = app.test_client().get(f"/digest/{forum.slug}/v/{version.number}")
    assert page.status_code == 200
    assert harmful(_user_regions(page.get_data(as_text=True))) == []


def test_an_archive_round_trip_stays_harmless(app, client, hostile_forum):
    forum, thread, posts, moderator, secretariat = hostile_forum
    archive = export_forum(forum)
    import_archive(archive, replace=True)
    copied = db.session.scalar(select(Forum).where(Forum.slug == forum.slug))
    bodies = db.session.scalars(select(Post.body_html).where(Post.forum_id == copied.id))
    for html in bodies:
        assert harmful(html) == []


@pytest.mark.parametrize("field", ["name", "organization", "title"])
def test_hostile_names_are_escaped_in_staff_views(app, client, field):
    # Short enough for every column (a person's title holds 20 characters).
    payload = '"><svg onload=1>'
    moderator = make_user("moderator", country="ZA")
    values = {"name": "Ann", "organization": "Agency", "title": "Ms."} | {field: payload}
    author = make_user("participant", country="KE", **values)
    forum = make_forum(moderators=[moderator])
    thread = make_thread(forum, moderator)
    post = make_reply(thread, author, body="Words")
    rejected = make_reply(thread, author, body="Other words")
    moderation.reject_post(rejected, acting_user=moderator, reason=payload)
    login(client, moderator)
    for path in (f"/moderation/{forum.slug}", f"/moderation/posts/{post.id}/edit",
                 f"/threads/{thread.id}", f"/digest/{forum.slug}"):
        html = client.get(path).get_data(as_text=True)
        assert "<svg" not in _user_regions(html), path
    login(client, author)
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "&#34;&gt;&lt;svg" in html or "&quot;&gt;&lt;svg" in html
    assert "<svg" not in _user_regions(html)
    assert token_for  # the API side is covered by tests/api (escaped JSON strings)
