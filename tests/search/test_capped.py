"""A word found in very many posts: the total is counted up to a cap and then says "more
than" (forum/search/queries.py, COUNT_CAP); the hits are still ranked over every match."""

from __future__ import annotations

import pytest

from tests.helpers import make_user
from tests.search.support import approved, found, make_world

pytestmark = pytest.mark.db


def test_totals_stop_at_the_cap_and_say_so(client, monkeypatch):
    monkeypatch.setattr("forum.search.queries.COUNT_CAP", 2)
    w = make_world()
    carol = make_user(country="GH", name="Carol Mensah")
    for n, author in enumerate((w.alice, w.bob, carol)):
        approved(w.thread, author, f"Customs checkpoints, note {n}.", w.moderator)
    answer = found(client, "checkpoints", per_page=1)
    assert (answer["total"], answer["total_capped"], len(answer["items"])) == (2, True, 1)
    assert found(client, "checkpoints", page=3, per_page=1)["items"]  # past the cap: still there
    assert found(client, "note 1")["total_capped"] is False
    html = client.get("/search", query_string={"q": "checkpoints", "per_page": 1}).get_data(
        as_text=True)
    assert "More than 2 posts found" in html
    assert 'rel="next"' in html and "Page 1 of" not in html
