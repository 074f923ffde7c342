"""The participation dashboard (/forums/<slug>/participation): the digest's figures, who may
see it while the forum runs and after, pending content never counted, deterministic
pictures without scripts, safe CSV and a bounded number of statements."""

from __future__ import annotations

import csv
import gzip
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bench.measure import statements
from forum.admin import actions as admin
from forum.digest.collect import collect
from forum.extensions import db
from forum.forums.queries import participation
from forum.models import User
from forum.moderation.actions import approve_post, reject_post
from forum.participation.queries import dashboard
from tests.helpers import login, make_forum, make_reply, make_thread, make_user
from tests.web.support import fast_password_hashing, page  # noqa: F401 (autouse)

pytestmark = pytest.mark.db


def _made_up_forum():
    """A forum with approved, rejected and pending replies from every kind of participant."""
    moderator = make_user("moderator", country="ZA", name="Zola Moderator")
    forum = make_forum(moderators=[moderator], topics=2)
    thread = make_thread(forum, moderator)
    other_topic = make_thread(forum, moderator, title="Second", topic=forum.topics[1])
    people = {
        "my": make_user(country="MY"), "my2": make_user(country="MY"),
        "ke": make_user(country="KE"),
        "us": make_user(country="US", affiliation="other_government"),
        "ngo": make_user(country=None, affiliation="organization"),
        "eu": make_user(country="EU"),
        "pending_only": make_user(country="BR"), "rejected_only": make_user(country="FR"),
    }
    approved = []
    for key in ("my", "my2", "ke", "us", "ngo", "eu", "my"):
        approved.append(make_reply(thread, people[key]))
    approved.append(make_reply(other_topic, people["ke"]))
    for post in approved:
        approve_post(post, acting_user=moderator, version=post.version)
    make_reply(thread, people["pending_only"])
    rejected = make_reply(thread, people["rejected_only"])
    reject_post(rejected, acting_user=moderator, reason="Off topic.")
    db.session.commit()
    return forum, moderator, people


def test_figures_are_the_digests_figures_and_pending_is_never_counted(app):
    forum, _moderator, _people = _made_up_forum()
    data = dashboard(forum, staff=False)
    info, _posts = collect(forum)
    assert data.figures.__dict__ == info.figures.__dict__ == participation(forum.id).__dict__
    f = data.figures
    # Two openings by the moderator and eight approved replies; the pending and the
    # rejected reply count nowhere.
    assert (f.messages, f.participants) == (10, 7)
    assert (f.party_participants, f.parties) == (5, 4)  # ZA, MY x2, KE, EU
    assert (f.other_government_participants, f.organization_participants) == (1, 1)
    groups = {g.key: g for g in data.groups}
    assert sum(g.messages for g in data.groups) == f.messages
    assert sum(g.participants for g in data.groups) == f.participants
    assert groups["party"].countries == f.parties
    assert sum(d.messages for d in data.days) == f.messages
    assert sum(t.messages for t in data.topics) == f.messages
    assert [t.messages for t in data.topics] == [8, 2]
    codes = {c.code for c in data.countries}
    assert codes == {"ZA", "MY", "KE", "US", "EU"}  # never BR (pending) nor FR (rejected)
    assert data.moderation is None


def test_moderation_figures_count_queue_decisions_only(app):
    forum, _moderator, _people = _made_up_forum()
    m = dashboard(forum, staff=True).moderation
    assert (m.approved, m.rejected) == (8, 1)  # the moderator's own openings took no decision
    assert m.median_seconds is not None and m.p95_seconds is not None


def _close(app, forum):
    """Close the forum now, as the Secretariat does (moving the clock past its end would
    also end the test's sign-in session)."""
    staff = db.session.scalar(select(User).where(User.role == "secretariat"))
    admin.close_now(forum, acting_user=staff)
    db.session.commit()


@pytest.mark.parametrize("who, running, closed", [
    ("anonymous", 403, 200),
    ("participant", 403, 200),
    ("other_moderator", 403, 200),
    ("moderator", 200, 200),
    ("secretariat", 200, 200),
])
def test_access_by_role_and_forum_state(app, client, who, running, closed):
    forum, moderator, people = _made_up_forum()
    users = {"participant": people["my"], "moderator": moderator,
             "other_moderator": make_user("moderator", country="KE"),
             "secretariat": make_user("secretariat", country=None)}
    if who != "anonymous":
        login(client, users[who])
    base = f"/forums/{forum.slug}/participation"
    paths = [base, base + "/days.svg", base + "/countries.csv"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == running, (path, response.status_code)
        if running != 200:
            assert b"10 messages" not in response.data
    _close(app, forum)
    for path in paths:
        assert client.get(path).status_code == closed, path
    body = page(client.get(base))
    staff = who in ("moderator", "secretariat")
    assert ("Moderation (moderators and Secretariat only)" in body) is staff
    assert client.get(base + "/moderation.csv").status_code == (200 if staff else 404)
    home = page(client.get(f"/forums/{forum.slug}"))
    assert base in home


def test_forum_page_links_the_dashboard_only_for_those_who_may_see_it(app, client):
    forum, _moderator, _people = _made_up_forum()
    assert f"/forums/{forum.slug}/participation" not in page(client.get(f"/forums/{forum.slug}"))
    assert client.get("/forums/no-such-forum/participation").status_code == 404


def test_pictures_are_deterministic_script_free_and_titled(app, client):
    forum, _moderator, _people = _made_up_forum()
    _close(app, forum)
    for name in ("days", "topics", "countries"):
        path = f"/forums/{forum.slug}/participation/{name}.svg"
        first, second = client.get(path), client.get(path)
        assert first.status_code == 200
        assert first.mimetype == "image/svg+xml"
        assert first.data == second.data
        assert b"<script" not in first.data and b"<!--" not in first.data
        assert b"chart-" not in first.data.replace(b"chart-title", b"").replace(
            b"chart-desc", b"")  # no random chart id
        assert b'role="img"' in first.data and b"<desc" in first.data
        assert "default-src 'none'" in first.headers["Content-Security-Policy"]
        etag = first.headers["ETag"]
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(f"/forums/{forum.slug}/participation/groups.svg").status_code == 404
    assert client.get(f"/forums/{forum.slug}/participation/nothing.csv").status_code == 404


def test_the_map_travels_compressed_to_browsers_that_accept_it(app, client):
    forum, _moderator, _people = _made_up_forum()
    _close(app, forum)
    path = f"/forums/{forum.slug}/participation/countries.svg"
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.data) < len(plain.data) / 2
    assert gzip.decompress(packed.data) == plain.data
    assert packed.headers["ETag"] != plain.headers["ETag"]
    assert "Accept-Encoding" in packed.headers["Vary"]


def test_the_map_shades_participating_countries(app, client):
    forum, _moderator, _people = _made_up_forum()
    _close(app, forum)
    svg = client.get(f"/forums/{forum.slug}/participation/countries.svg").data.decode()
    # pygal gives a country it has a value for the classes of its series.
    shaded = set(re.findall(r'class="(\w\w) country map-element color-0 serie-0', svg))
    assert shaded == {"za", "my", "ke", "us"}  # BR pending, FR rejected; EU has no shape
    assert "Kenya" in page(client.get(f"/forums/{forum.slug}/participation"))


def test_extension_days_are_marked(app, client):
    forum, moderator, _people = _made_up_forum()
    staff = make_user("secretariat", country=None)
    admin.extend(forum, acting_user=staff, until=forum.closes_at + timedelta(days=3))
    db.session.commit()
    data = dashboard(forum, staff=False)
    assert [d.period for d in data.days].count("extension") == 3
    login(client, moderator)
    rows = list(csv.reader(io.StringIO(
        client.get(f"/forums/{forum.slug}/participation/days.csv").get_data(as_text=True))))
    assert rows[0] == ["Day (UTC)", "Messages", "Period"]
    assert [r[2] for r in rows[1:]].count("Extension") == 3


def test_csv_download_is_named_typed_and_formula_safe(app, client):
    forum, _moderator, _people = _made_up_forum()
    forum.topics[1].title = "=HYPERLINK(\"http://evil.example\")"
    db.session.commit()
    _close(app, forum)
    response = client.get(f"/forums/{forum.slug}/participation/topics.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{forum.slug}-topics.csv"')
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Topic", "Messages"]
    # Titles are numbered as on the forum page, so a title never starts a cell; cells that
    # would are defused (tests/unit/test_participation_stats.py).
    assert rows[2] == ['2. =HYPERLINK("http://evil.example")', "2"]


def test_statements_do_not_grow_with_posts(app, client):
    forum, moderator, people = _made_up_forum()
    path = f"/forums/{forum.slug}/participation"
    login(client, moderator)  # staff: moderation figures included
    with statements(db.engine) as few:
        assert client.get(path).status_code == 200
    thread = make_thread(forum, moderator, title="More")
    for i in range(30):
        post = make_reply(thread, people["my" if i % 2 else "ke"])
        approve_post(post, acting_user=moderator, version=post.version)
    db.session.commit()
    with statements(db.engine) as many:
        assert client.get(path).status_code == 200
    assert many.count == few.count <= 15, many.sql


def test_a_running_forum_refuses_the_anonymous_reader_without_figures(app, client):
    forum, _moderator, _people = _made_up_forum()
    response = client.get(f"/forums/{forum.slug}/participation")
    assert response.status_code == 403
    assert "once the forum has closed" in page(response)
    assert "10 messages" not in page(response)
    assert client.get(f"/forums/{forum.slug}/participation/topics.csv").status_code == 403


def test_a_forum_without_messages_or_topics_still_has_its_pages(app, client):
    forum = make_forum(topics=0)
    _close(app, forum)
    base = f"/forums/{forum.slug}/participation"
    body = page(client.get(base))
    assert "0 messages from 0 participants" in body
    for name in ("days", "topics", "countries"):
        response = client.get(f"{base}/{name}.svg")
        assert response.status_code == 200, name
        assert response.data.startswith(b"<?xml")
        assert client.get(f"{base}/{name}.csv").status_code == 200
