"""The clock's ISO 8601 helpers at the ends of the calendar: year 1 is written with four
digits, and instants that cannot be held (year 0, year 10000, an offset past 9999-12-31)
are a ValueError that callers turn into a 4xx, never an OverflowError."""

from __future__ import annotations

from datetime import datetime

import pytest

from forum.clock import iso, parse_iso


@pytest.mark.parametrize("value,text", [
    (datetime(1, 1, 1), "0001-01-01T00:00:00Z"),
    (datetime(999, 12, 31, 23, 59, 59), "0999-12-31T23:59:59Z"),
    (datetime(9999, 12, 31, 23, 59, 59), "9999-12-31T23:59:59Z"),
    (datetime(2014, 6, 14, 0, 0, 0, 500), "2014-06-14T00:00:00Z"),
])
def test_iso_writes_four_digit_years(value, text):
    assert iso(value) == text
    assert parse_iso(text) == value.replace(microsecond=0)


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00",
                                  "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                                  "10000-01-01T00:00:00Z", "2014-02-30T00:00:00Z", "", "\ud800",
                                  "2014-01-01T00:00:00\x00Z"])
def test_instants_outside_the_calendar_are_a_value_error(text):
    with pytest.raises(ValueError):
        parse_iso(text)
