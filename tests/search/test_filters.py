"""Filters, sorts and paging of a search (the page and the API read the same parameters)."""

from __future__ import annotations

from datetime import timedelta

from forum.clock import now
from forum.extensions import db
from forum.models import Post
from forum.threads import actions as writing
from tests.helpers import make_reply
from tests.search.support import approved, found, found_ids, make_world


def _set_created(post: Post, days_ago: int) -> None:
    post.created_at = now() - timedelta(days=days_ago)
    db.session.commit()


def test_each_filter_narrows_the_results(client):
    w = make_world(slug="first")
    other = make_world(slug="second")
    a = approved(w.thread, w.alice, "Biosafety A by a Party.", w.moderator)
    b = approved(w.thread, w.bob, "Biosafety B by an organization.", w.moderator)
    second_thread = writing.open_thread(w.forum, author=w.moderator, title="Another thread",
                                        body="Biosafety opening text.",
                                        topic=w.forum.topics[0])
    opening = Post.query.filter_by(
        thread_id=second_thread.id, kind="opening").one()
    elsewhere = approved(other.thread, other.alice, "Biosafety elsewhere.", other.moderator)
    _set_created(a, 10)
    everything = set(found_ids(client, "biosafety"))
    assert {a.id, b.id, opening.id, elsewhere.id} <= everything
    assert set(found_ids(client, "biosafety", forum="second")) == {elsewhere.id}
    assert set(found_ids(client, "biosafety", thread=w.thread.id)) == {a.id, b.id}
    assert set(found_ids(client, "biosafety", author=w.bob.id)) == {b.id}
    assert set(found_ids(client, "biosafety", country="my")) == {a.id, elsewhere.id}
    assert set(found_ids(client, "biosafety", affiliation="organization")) == {b.id}
    assert set(found_ids(client, "biosafety", kind="opening", forum="first")) == {opening.id}
    assert a.id not in found_ids(client, "biosafety", since=(now() - timedelta(days=2)).date())
    assert set(found_ids(client, "biosafety",
                         until=(now() - timedelta(days=5)).date().isoformat())) == {a.id}
    topic = w.forum.topics[0].id
    assert set(found_ids(client, "biosafety", topic=topic)) == {a.id, b.id, opening.id}


def test_relevance_puts_title_and_repeated_words_first_and_date_puts_newest_first(client):
    w = make_world()
    once = approved(w.thread, w.alice, "Liability is mentioned once among other words "
                                       "about many different matters.", w.moderator)
    often = approved(w.thread, w.bob, "Liability, liability and liability.", w.moderator)
    _set_created(often, 3)
    assert found_ids(client, "liability") == [often.id, once.id]
    assert found_ids(client, "liability", sort="date") == [once.id, often.id]


def test_results_come_in_pages_with_the_total(client):
    w = make_world()
    ids = [approved(w.thread, w.alice, f"Cartagena item {i}.", w.moderator).id
           for i in range(5)]
    first = found(client, "cartagena", per_page=2, sort="date")
    assert (first["page"], first["per_page"], first["total"]) == (1, 2, 5)
    pages = [found_ids(client, "cartagena", per_page=2, page=n, sort="date") for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sorted(sum(pages, [])) == sorted(ids)
    assert found(client, "cartagena", page=9)["items"] == []


def test_a_filter_naming_no_forum_is_a_404(client):
    make_world()
    response = client.get("/api/v1/search", query_string={"q": "x", "forum": "nope"})
    assert response.status_code == 404
    assert response.get_json()["error"]["field"] == "forum"


def test_bad_filter_values_are_400s_naming_the_parameter(client):
    make_world()
    for name, value in [("thread", "abc"), ("author", "0"), ("country", "Malaysia"),
                        ("affiliation", "state"), ("kind", "rant"), ("since", "2020-13-45"),
                        ("until", "yesterday"), ("sort", "price"), ("per_page", "500"),
                        ("page", "-1")]:
        api = client.get("/api/v1/search", query_string={"q": "x", name: value})
        assert api.status_code in (400, 422), (name, value)
        assert api.get_json()["error"]["field"] == name
        page = client.get("/search", query_string={"q": "x", name: value})
        assert page.status_code == 400, (name, value)


def test_the_api_needs_words_and_knows_its_parameters(client):
    assert client.get("/api/v1/search").status_code == 400
    response = client.get("/api/v1/search", query_string={"q": "x", "sql": "1"})
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "sql"


def test_a_reply_pending_does_not_count_in_the_total(client):
    w = make_world()
    approved(w.thread, w.alice, "Handling and transport.", w.moderator)
    make_reply(w.thread, w.bob, "Handling pending.")
    assert found(client, "handling")["total"] == 1
