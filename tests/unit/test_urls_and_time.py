from datetime import datetime

import pytest

from forum.clock import iso, parse_iso
from forum.countries import country_name
from forum.models.forums import Window
from forum.urls import safe_next


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/x", "/\\evil",
                                    "javascript:alert(1)", "", None, "evil"])
def test_unsafe_next_targets_fall_back(target):
    assert safe_next(target, "/home") == "/home"


def test_a_path_on_the_site_is_kept():
    assert safe_next("/threads/3?page=2") == "/threads/3?page=2"


def test_iso_round_trip_in_utc():
    assert parse_iso("2014-05-28T11:04:00+02:00") == datetime(2014, 5, 28, 9, 4)
    assert iso(parse_iso("2014-05-28T09:04:00Z")) == "2014-05-28T09:04:00Z"
    with pytest.raises(ValueError):
        parse_iso("28 May 2014")


def test_window_is_half_open_and_extension_applies():
    class W(Window):
        opens_at = datetime(2014, 5, 26)
        closes_at = datetime(2014, 6, 14)
        extended_to = None

    w = W()
    assert w.status_at(datetime(2014, 5, 25, 23, 59)) == "upcoming"
    assert w.status_at(datetime(2014, 6, 13, 23, 59)) == "open"
    assert w.status_at(datetime(2014, 6, 14)) == "closed"
    w.extended_to = datetime(2014, 6, 20)
    assert w.status_at(datetime(2014, 6, 15)) == "open"


def test_country_names_follow_un_usage():
    assert country_name("MD") == "the Republic of Moldova"
    assert country_name("MD", start=True) == "The Republic of Moldova"
    assert country_name("GB") == "the United Kingdom"
    assert country_name("LC") == "Saint Lucia"
    assert country_name("EU") == "the European Union"
    assert country_name("MD", "zh") == "摩尔多瓦共和国"
