"""Security as a visitor meets it: CSRF on every form, sessions and cookies, sign-in
throttling, redirects, sanitized Markdown, refused posts that keep their text, double
submissions, and GET requests that never write."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from forum.auth.actions import create_api_token
from forum.auth.tokens import make_token
from forum.clock import now
from forum.extensions import db
from forum.models import ApiToken, Post, Thread, Watch
from forum.moderation import actions as moderation
from forum.notify import unwatch_link
from forum.threads import actions as writing
from tests.helpers import login, make_forum, make_reply, make_thread, make_user, setup_forum
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    article,
    csrf_token,
    fast_password_hashing,
    input_value,
    page,
    reload,
    reply_form,
    set_clock,
    snapshot,
    tags_in,
    textarea,
    visible,
)


def url_of(adapter, rule, values: dict) -> str:
    """The URL of `rule` with its variables filled from `values` (by variable name)."""
    missing = set(rule.arguments) - set(values)
    assert not missing, f"add a value for {missing} ({rule.rule})"
    return adapter.build(rule.endpoint, {k: values[k] for k in rule.arguments})


def rich_world(app):
    """A bit of everything, so that every route has something real to point at."""
    forum, moderator, participant, thread = setup_forum()
    secretariat = db.session.scalar(select(type(moderator)).filter_by(role="secretariat"))
    unconfirmed = make_user(confirmed=False)
    pending = make_reply(thread, participant, "Pending words.")
    approved = moderation.approve_post(make_reply(thread, participant, "Approved words."),
                                       acting_user=moderator, version=1)
    hidden = moderation.hide_post(
        moderation.approve_post(make_reply(thread, participant, "Hidden words."),
                                acting_user=moderator, version=1),
        acting_user=moderator, reason="Because.")
    rejected = moderation.reject_post(make_reply(thread, participant, "Rejected words."),
                                      acting_user=moderator, reason="No.")
    moderation.set_tags(reload(approved), acting_user=moderator, names=["capacity"])
    watch = writing.watch(participant, forum=forum)
    create_api_token(participant, "laptop")
    token = db.session.scalar(select(ApiToken))
    return {
        "forum": forum, "moderator": moderator, "participant": participant,
        "secretariat": secretariat, "unconfirmed": unconfirmed, "thread": thread,
        "pending": pending, "approved": reload(approved), "hidden": hidden,
        "rejected": rejected, "watch": watch, "api_token": token,
    }


def route_values(world: dict, endpoint: str) -> dict:
    """Values for URL variables; tokens are valid ones for the route's own purpose."""
    participant = world["participant"]
    tokens = {
        "auth.confirm": make_token(world["unconfirmed"], "confirm"),
        "auth.reset": make_token(participant, "reset"),
        "auth.change_email": make_token(participant, "email", new="renamed@example.org"),
        "threads.unwatch": unwatch_link(world["watch"]).rsplit("/", 1)[1],
    }
    topic = world["forum"].topics[0]
    return {
        "slug": world["forum"].slug, "thread_id": world["thread"].id,
        "post_id": world["pending"].id, "number": world["approved"].number,
        "token_id": world["api_token"].id, "watch_id": world["watch"].id,
        "user_id": world["moderator"].id, "role": "moderator", "action": "close",
        "topic_id": topic.id, "filename": "forum.css", "fmt": "md", "version": 1,
        "name": "days",  # a participation table (and chart)
        "job_id": 1,  # a failed job's retry: refused before the id matters
        "token": tokens.get(endpoint, "no-token-here"),
    }


# CSRF -------------------------------------------------------------------------------------------

# The one POST route outside /api/ without CSRF: the signed link in every watch email, which
# mail clients POST to directly for one-click unsubscribe (RFC 8058). Its token is the
# credential; it is tested below.
CSRF_EXEMPT = {"threads.unwatch"}


def post_routes(app):
    return sorted((rule for rule in app.url_map.iter_rules()
                   if "POST" in rule.methods and not rule.rule.startswith("/api/")),
                  key=lambda rule: rule.rule)


@pytest.mark.parametrize("who", ["anonymous", "moderator", "secretariat"])
def test_every_post_route_refuses_a_request_without_a_csrf_token(app, who):
    world = rich_world(app)
    client = app.test_client()
    if who != "anonymous":
        login(client, world[who])
    app.config["WTF_CSRF_ENABLED"] = True
    adapter = app.url_map.bind("forum.test")
    routes = [r for r in post_routes(app) if r.endpoint not in CSRF_EXEMPT]
    assert len(routes) >= 30
    before = snapshot()
    for rule in routes:
        url = url_of(adapter, rule, route_values(world, rule.endpoint))
        data = {"body": "Words", "email": world["participant"].email, "password": "x" * 12,
                "approve": "Approve", "version": "1", "reason": "r", "title": "T",
                "mode": "each", "person-email": world["participant"].email}
        response = client.post(url, data=data)
        assert response.status_code == 400, (rule.rule, response.status_code)
        assert "Please send again" in visible(response), rule.rule
    assert snapshot() == before, "a request without a CSRF token changed the database"
    # ... and signing out without a token did not sign anyone out.
    if who != "anonymous":
        assert client.get("/account").status_code == 200


def test_the_csrf_exempt_unwatch_link_still_needs_its_signed_token(app, client):
    world = rich_world(app)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/unwatch/forged-token").status_code == 400
    assert client.post("/unwatch/" + make_token(world["participant"], "reset")).status_code == 400
    assert db.session.scalar(select(func.count(Watch.id))) == 1
    link = unwatch_link(world["watch"]).removeprefix("http://forum.test")
    assert client.post(link).status_code == 200  # one-click unsubscribe (RFC 8058)
    assert db.session.scalar(select(func.count(Watch.id))) == 0


def test_forms_carry_a_token_and_work_with_it(app, client):
    forum, moderator, participant, thread = setup_forum()
    app.config["WTF_CSRF_ENABLED"] = True
    login_page = page(client.get("/login"))
    response = client.post("/login", data={"email": participant.email,
                                           "password": "correct horse battery",
                                           "csrf_token": csrf_token(login_page)})
    assert response.status_code == 302
    thread_page = page(client.get(f"/threads/{thread.id}"))
    key = input_value(thread_page, "submission_key")
    posted = client.post(f"/threads/{thread.id}/reply", data={
        "body": "With a token.", "submission_key": key, "csrf_token": csrf_token(thread_page)})
    assert posted.status_code == 302
    assert db.session.scalar(select(Post.body).where(Post.author_id == participant.id)) == \
        "With a token."


@pytest.mark.parametrize("problem", ["missing", "expired", "forged"])
def test_a_bad_csrf_token_on_a_reply_gives_the_text_back(app, client, monkeypatch, problem):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    app.config["WTF_CSRF_ENABLED"] = True
    if problem == "expired":
        # The page was opened two days ago (tokens last a day): its token is signed then.
        from itsdangerous import TimestampSigner, URLSafeTimedSerializer

        class TwoDaysAgo(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(time.time()) - 2 * 86400

        class OldTokens(URLSafeTimedSerializer):
            default_signer = TwoDaysAgo

        with monkeypatch.context() as patch:
            patch.setattr("flask_wtf.csrf.URLSafeTimedSerializer", OldTokens)
            thread_page = page(client.get(f"/threads/{thread.id}"))
        token = csrf_token(thread_page)
    else:
        thread_page = page(client.get(f"/threads/{thread.id}"))
        token = {"missing": None, "forged": "not-a-token"}[problem]
    key = input_value(thread_page, "submission_key")
    text = ("A long and careful reply about <risk assessment> & \"capacity\",\n"
            "written over an hour.</textarea><script>alert(1)</script>")
    data = {"body": text, "submission_key": key, "submit": "Post reply"}
    if token:
        data["csrf_token"] = token
    response = client.post(f"/threads/{thread.id}/reply", data=data)
    assert response.status_code == 400
    html = page(response)
    assert "Nothing you typed is lost" in visible(response)
    assert textarea(html, "body") == text
    assert not any(tag == "script" and not attrs.get("src") for tag, attrs in tags_in(html))
    assert input_value(html, "submission_key") == key
    fresh = csrf_token(html)
    assert fresh != token
    assert db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == participant.id)) == 0

    # One click sends it again, with the fresh token: the post is made, once.
    again = client.post(f"/threads/{thread.id}/reply", data={
        "body": textarea(html, "body"), "submission_key": key, "csrf_token": fresh})
    assert again.status_code == 302
    assert db.session.scalar(select(Post.body).where(Post.author_id == participant.id)) == text


# Sessions and cookies -------------------------------------------------------------------------

def test_session_cookie_is_httponly_and_samesite_lax(app, client):
    user = make_user()
    response = login(client, user)
    cookies = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert cookies
    flags = [part.strip().lower() for part in cookies[-1].split(";")]
    assert "httponly" in flags and "samesite=lax" in flags


def test_a_copied_session_cookie_stops_working_after_sign_out(app, client):
    user = make_user(name="Careful Person")
    login(client, user)
    copied = client.get_cookie("session").value
    assert "Careful Person" in visible(client.get("/account"))
    client.post("/logout")

    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/account")
    assert response.status_code == 302 and "/login" in response.location
    assert "Careful Person" not in visible(thief.get("/"))
    assert thief.post("/account/tokens", data={"tk-name": "stolen"}).status_code == 302
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0


def test_idle_sessions_end(app, client):
    clock = set_clock(app, datetime(2014, 5, 28, 9, 0))
    login(client, make_user())
    clock.advance(minutes=60)
    assert client.get("/account").status_code == 200
    clock.advance(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)", "evil.example"])
def test_sign_in_never_redirects_off_the_site(app, client, target):
    user = make_user()
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 302
    assert response.location == "/"


def test_sign_in_returns_to_the_page_on_this_site(app, client):
    forum, moderator, participant, thread = setup_forum()
    sign_in_link = page(client.get(f"/threads/{thread.id}"))
    assert f"/login?next=/threads/{thread.id}" in sign_in_link
    response = client.post(f"/login?next=/threads/{thread.id}",
                           data={"email": participant.email, "password": "correct horse battery"})
    assert response.location == f"/threads/{thread.id}"


# What a post may contain ------------------------------------------------------------------------

HOSTILE = """Hello <script>alert('x')</script>
<img src=x onerror="alert(1)">
[click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)
<a href="javascript:alert(2)" onclick="alert(3)">raw link</a>
<iframe src="https://evil.example"></iframe>
[fine](https://example.org "ok")

# A heading"""


def assert_harmless(html: str) -> None:
    for tag, attrs in tags_in(html):
        assert tag not in ("script", "iframe", "img", "object", "embed", "style"), tag
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), (tag, name)
            if name in ("href", "src"):
                assert value.split(":")[0].lower() in ("http", "https", "mailto") or \
                    value.startswith(("/", "#")), (tag, value)


def test_markdown_in_a_stored_post_is_sanitized(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    preview = client.post(f"/threads/{thread.id}/reply", data={
        "body": HOSTILE, "submission_key": "h1", "preview": "Preview"})
    shown = page(preview).split('<div class="preview"', 1)[1].split("</div>", 1)[0]
    assert_harmless(shown)
    client.post(f"/threads/{thread.id}/reply", data=reply_form(HOSTILE, key="h1"))
    post = db.session.scalar(select(Post).where(Post.author_id == participant.id))
    assert_harmless(post.body_html)
    moderation.approve_post(post, acting_user=moderator, version=1)

    for viewer in (app.test_client(), client):
        html = article(page(viewer.get(f"/threads/{thread.id}")), post.id)
        assert html
        assert_harmless(html)
        assert "<script" not in html
        assert 'href="https://example.org"' in html and "nofollow" in html
        assert "<h1>" not in html
        text = visible(html)
        assert "<script>alert('x')</script>" in text  # shown as text, harmless
    assert_harmless(page(app.test_client().get(f"/threads/{thread.id}/print")))


def test_names_and_titles_are_escaped(app, client):
    moderator = make_user("moderator", name='<img src=x onerror="alert(1)">')
    forum = make_forum(moderators=[moderator])
    thread = writing.open_thread(forum, author=moderator, title="<script>alert(1)</script>",
                                 body="Body")
    for url in (f"/threads/{thread.id}", f"/forums/{forum.slug}",
                f"/threads/{thread.id}/print"):
        html = page(client.get(url))
        assert_harmless(html.replace('<script src="/static/forum.js" defer></script>', ""))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(("body", "message"), [
    ("", "Write something before posting."),
    ("   \n\t ", "Write something before posting."),
    ("x" * 150, "Your text has 150 characters; the limit is 100. Please shorten it."),
])
def test_empty_or_oversized_posts_are_refused_and_keep_the_text(app, client, body, message):
    app.config["POST_MAX_CHARS"] = 100
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    response = client.post(f"/threads/{thread.id}/reply", data=reply_form(body))
    assert response.status_code == 400
    assert message in visible(response)
    assert textarea(page(response), "body") == body
    assert 'aria-invalid="true"' in page(response)
    assert db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == participant.id)) == 0
    preview = client.post(f"/threads/{thread.id}/reply",
                          data={**reply_form(body), "preview": "Preview"})
    assert preview.status_code == 400 and message in visible(preview)


def test_a_post_exactly_at_the_limit_is_accepted(app, client):
    app.config["POST_MAX_CHARS"] = 100
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    assert client.post(f"/threads/{thread.id}/reply",
                       data=reply_form("y" * 100)).status_code == 302


def test_posting_into_a_closed_forum_is_refused_with_a_message(app, client):
    moderator = make_user("moderator")
    participant = make_user()
    forum = make_forum(opens_at=datetime(2014, 5, 19), closes_at=datetime(2014, 6, 14),
                       moderators=[moderator])
    thread = make_thread(forum, moderator)
    login(client, participant)
    assert "This forum is closed" in visible(client.get(f"/threads/{thread.id}"))
    response = client.post(f"/threads/{thread.id}/reply", data=reply_form("Too late?"))
    assert response.status_code == 409
    assert "This forum is closed; no more comments are accepted." in visible(response)
    assert textarea(page(response), "body") == "Too late?"
    assert db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == participant.id)) == 0
    # Moderators may still post after closing (e.g. the closing message).
    mod = app.test_client()
    login(mod, moderator)
    assert mod.post(f"/threads/{thread.id}/reply",
                    data=reply_form("Thank you all.", key="m1")).status_code == 302


def test_posting_before_the_forum_opens_is_refused(app, client):
    moderator = make_user("moderator")
    participant = make_user()
    forum = make_forum(opens_at=now() + timedelta(days=2), closes_at=now() + timedelta(days=9),
                       moderators=[moderator])
    thread = make_thread(forum, moderator)
    login(client, participant)
    response = client.post(f"/threads/{thread.id}/reply", data=reply_form("Early bird."))
    assert response.status_code == 409
    assert "This forum is not open yet." in visible(response)
    assert textarea(page(response), "body") == "Early bird."


def test_posting_into_a_locked_thread_is_refused_with_a_message(app, client):
    forum, moderator, participant, thread = setup_forum()
    thread = db.session.get(Thread, thread.id)
    thread.locked = True
    db.session.commit()
    login(client, participant)
    shown = client.get(f"/threads/{thread.id}")
    assert "This thread is locked" in visible(shown) and 'name="body"' not in page(shown)
    response = client.post(f"/threads/{thread.id}/reply", data=reply_form("Knock knock."))
    assert response.status_code == 409
    assert "This thread is locked; no more replies are accepted." in visible(response)
    assert textarea(page(response), "body") == "Knock knock."
    assert db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == participant.id)) == 0


def test_the_same_reply_form_sent_twice_makes_one_post(app, client, smtp):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    key = input_value(page(client.get(f"/threads/{thread.id}")), "submission_key")
    assert key and key != input_value(page(client.get(f"/threads/{thread.id}")),
                                      "submission_key")  # one key per rendered form
    first = client.post(f"/threads/{thread.id}/reply", data=reply_form("Once only.", key=key))
    second = client.post(f"/threads/{thread.id}/reply", data=reply_form("Once only.", key=key))
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    posts = db.session.scalars(select(Post).where(Post.author_id == participant.id)).all()
    assert len(posts) == 1
    smtp.wait_for(2, timeout=0.5)
    assert len(smtp.to(moderator.email)) == 1  # and one notice to the moderators
    # A new form (a new key) with the same text soon after is refused as a repeat (threat row
    # 31), with the text kept; other text is a new post.
    again = client.post(f"/threads/{thread.id}/reply", data=reply_form("Once only.", key="k2"))
    assert again.status_code == 409 and "Once only." in again.get_data(as_text=True)
    client.post(f"/threads/{thread.id}/reply", data=reply_form("Something new.", key="k3"))
    assert db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == participant.id)) == 2


# A GET never writes -----------------------------------------------------------------------------

def get_routes(app):
    return sorted((rule for rule in app.url_map.iter_rules() if "GET" in rule.methods),
                  key=lambda rule: rule.rule)


def test_a_get_never_writes(app):
    world = rich_world(app)
    clients = {"anonymous": app.test_client()}
    for who in ("participant", "moderator", "secretariat", "unconfirmed"):
        clients[who] = app.test_client()
        login(clients[who], world[who])
    bearer = {"Authorization": "Bearer " + create_api_token(world["moderator"], "reader")}
    adapter = app.url_map.bind("forum.test")
    routes = get_routes(app)
    assert len(routes) >= 25
    before = snapshot()
    statuses = {}
    for who, client in clients.items():
        for rule in routes:
            values = route_values(world, rule.endpoint)
            for post_key in ("pending", "approved", "hidden", "rejected"):
                values["post_id"] = world[post_key].id
                url = url_of(adapter, rule, values)
                response = client.get(url, headers=bearer if who == "moderator" and
                                      url.startswith("/api/") else {})
                assert response.status_code < 500, (who, url)
                statuses[(who, url)] = response.status_code
                if "post_id" not in rule.arguments:
                    break
    assert snapshot() == before, "a GET changed the database"
    # The pages were really served, not just refused.
    assert statuses[("anonymous", f"/threads/{world['thread'].id}")] == 200
    assert statuses[("secretariat", "/admin/audit")] == 200
    assert statuses[("moderator", f"/moderation/{world['forum'].slug}")] == 200
    confirm = [k for k in statuses if k[1].startswith("/confirm/")]
    assert all(statuses[k] == 200 for k in confirm)
    assert reload(world["unconfirmed"]).confirmed_at is None
