from datetime import date

import pytest

from synthesis.settings import SettingsError, resolve_outline
from synthesis.types import DigestSettings

from .factories import make_forum


def test_an_empty_dict_gives_one_section_per_topic_then_conclusions():
    forum = make_forum(topics=(("t1", "First topic"), ("t2", "Second topic")))
    outline = resolve_outline(DigestSettings.from_dict({}), forum)
    assert [(s.numeral, s.title, s.kind) for s in outline] == [
        ("I", "First topic", "content"), ("II", "Second topic", "content"),
        ("III", "General conclusions and observations", "conclusions")]


def test_chinese_numerals_by_default():
    forum = make_forum(language="zh", topics=(("t1", "专题"),))
    assert [s.numeral for s in resolve_outline(DigestSettings.from_dict({}), forum)] == ["一", "二"]


def test_a_full_outline_is_read_with_defaults_filled():
    settings = DigestSettings.from_dict({
        "header": {"symbol": "DOC/1", "date": "2014-08-13"},
        "mandate": "Asked by the meeting.",
        "word_budget": 900,
        "outline": [
            {"key": "a", "title": "Experiences", "topics": ["t1"], "subsections": [
                {"key": "s", "title": "Status", "tags": ["status"]},
                {"key": "c", "title": "Challenges", "tags": ["challenges"], "letter": "X"}]},
            {"key": "m", "kind": "free", "title": "Meeting", "free_text": "It met."},
        ],
        "conclusions": {"tags": ["general"]},
    })
    assert settings.header.date == date(2014, 8, 13) and settings.word_budget == 900
    assert [s.kind for s in settings.outline] == ["content", "free", "conclusions"]
    assert [s.letter for s in settings.outline[0].subsections] == ["A", "X"]


def test_no_conclusions_when_switched_off():
    forum = make_forum()
    outline = resolve_outline(DigestSettings.from_dict({"conclusions": False}), forum)
    assert [s.kind for s in outline] == ["content"]


@pytest.mark.parametrize(("data", "field"), [
    ({"word_budget": "many"}, "word_budget"),
    ({"header": {"date": "13/08/2014"}}, "header.date"),
    ({"outline": [{"title": "No key"}]}, "outline[0].key"),
    ({"outline": [{"key": "a", "kind": "other"}]}, "outline[0].kind"),
    ({"outline": [{"key": "a", "subsections": [{"key": "s", "tags": "status"}]}]},
     "outline[0].subsections[0].tags"),
    ({"outline": [{"key": "a"}, {"key": "a"}]}, "outline[1].key"),
    ({"colour": "blue"}, "colour"),
    ({"include_moderators": "yes"}, "include_moderators"),
])
def test_errors_name_the_field(data, field):
    with pytest.raises(SettingsError) as error:
        DigestSettings.from_dict(data)
    assert error.value.field == field
