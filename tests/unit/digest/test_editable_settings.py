"""editable_settings: what the settings page's YAML field starts from."""

from __future__ import annotations

from datetime import datetime

from synthesis.settings import editable_settings, parse_settings, resolve_outline
from synthesis.types import ForumInfo

TOPICS = (("t1", "Experiences"), ("t2", "Resources"))
INFO = ForumInfo(slug="f", title="F", language="en", opens_at=datetime(2014, 5, 26),
                 closes_at=datetime(2014, 6, 14), topics=TOPICS)


def outline_of(data: dict) -> tuple:
    return resolve_outline(parse_settings(data), INFO)


def test_without_an_outline_the_default_is_spelled_out_and_prints_the_same():
    stored = {"header": {"symbol": "X/1"}, "mandate": "M.", "word_budget": 900,
              "max_sentences": 4}
    rest = editable_settings(stored, TOPICS)
    assert rest == {"outline": [{"key": "topic-t1", "title": "Experiences", "topics": ["t1"]},
                                {"key": "topic-t2", "title": "Resources", "topics": ["t2"]},
                                {"key": "conclusions", "kind": "conclusions"}],
                    "max_sentences": 4}
    assert outline_of(rest) == outline_of(stored)


def test_stored_conclusions_move_into_the_outline_or_stay_out():
    with_title = {"conclusions": {"title": "Observations", "tags": ["general"]}}
    rest = editable_settings(with_title, TOPICS)
    assert rest["outline"][-1] == {"key": "conclusions", "kind": "conclusions",
                                   "title": "Observations", "tags": ["general"]}
    assert "conclusions" not in rest
    assert outline_of(rest) == outline_of(with_title)
    without = editable_settings({"conclusions": False}, TOPICS)
    assert [s["key"] for s in without["outline"]] == ["topic-t1", "topic-t2"]
    assert outline_of(without) == outline_of({"conclusions": False})


def test_a_stored_outline_is_returned_as_stored():
    stored = {"word_budget": 500, "outline": [{"key": "a", "topics": ["t1"]}],
              "conclusions": {"tags": ["general"]}, "include_moderators": True}
    assert editable_settings(stored, TOPICS) == {
        "outline": [{"key": "a", "topics": ["t1"]}], "conclusions": {"tags": ["general"]},
        "include_moderators": True}
