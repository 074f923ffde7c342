"""The dashboard's pure parts: days of a window with its extension, percentiles, durations,
formula-safe CSV cells (forum/participation/stats.py, csvout.py)."""

from __future__ import annotations

from datetime import datetime

from forum.participation.csvout import safe_cell, to_csv
from forum.participation.stats import (
    AuthorPost,
    by_country,
    by_day,
    by_group,
    by_topic,
    duration,
    median,
    percentile,
)
from forum.participation.tables import Table


def _post(day: int, author: int = 1, *, hour: int = 12, topic: int | None = 1,
          affiliation: str = "party", country: str | None = "KE") -> AuthorPost:
    return AuthorPost(created_at=datetime(2014, 6, day, hour), author_id=author,
                      topic_id=topic, affiliation=affiliation, country=country)


def test_days_cover_the_window_and_mark_the_extension_and_outside():
    rows = [_post(2), _post(2, 2), _post(9), _post(16)]
    days = by_day(rows, datetime(2014, 6, 1), datetime(2014, 6, 7), datetime(2014, 6, 10))
    periods = {d.day.day: d.period for d in days}
    assert [d.day.day for d in days] == list(range(1, 17))
    assert periods[6] == "window" and periods[7] == "extension" and periods[9] == "extension"
    assert periods[12] == periods[16] == "outside"
    assert {d.day.day: d.messages for d in days if d.messages} == {2: 2, 9: 1, 16: 1}


def test_a_stray_date_far_outside_the_window_does_not_draw_years_of_days():
    stray = AuthorPost(created_at=datetime(2009, 1, 1), author_id=1, topic_id=1,
                       affiliation="party", country="KE")
    days = by_day([stray], datetime(2014, 6, 1), datetime(2014, 6, 8), None)
    assert len(days) == 8 and days[0].period == "outside" and days[0].messages == 1


def test_a_window_closing_at_midnight_ends_the_day_before():
    days = by_day([], datetime(2014, 5, 26), datetime(2014, 6, 14), None)
    assert (days[0].day.isoformat(), days[-1].day.isoformat()) == ("2014-05-26", "2014-06-13")


def test_groups_topics_and_countries():
    rows = [_post(2, 1), _post(3, 1), _post(3, 2, country="MY"),
            _post(3, 3, affiliation="organization", country="FR", topic=None),
            _post(4, 4, affiliation="other_government", country="US", topic=2)]
    groups = {g.key: g for g in by_group(rows)}
    assert (groups["party"].participants, groups["party"].countries,
            groups["party"].messages) == (2, 2, 3)
    assert groups["party"].per_participant == 1.5
    assert groups["organization"].countries == 0  # an organization's seat is no country
    assert [(t.title, t.messages) for t in by_topic(rows, [(1, "A"), (2, "B"), (5, "C")])] == [
        ("A", 3), ("B", 1), ("C", 0), (None, 1)]
    assert [(c.code, c.participants, c.messages) for c in by_country(rows)] == [
        ("KE", 1, 2), ("MY", 1, 1), ("US", 1, 1)]


def test_percentiles_are_nearest_rank_and_medians_average_the_middle_pair():
    values = list(range(1, 101))
    assert percentile(values, 0.95) == 95
    assert percentile([7], 0.95) == 7
    assert percentile([], 0.95) is None
    assert median([4, 1, 3]) == 3 and median([1, 2, 3, 10]) == 2.5 and median([]) is None


def test_durations_read_as_figures():
    assert duration(None) == "–"
    assert duration(45 * 60) == "45 min"
    assert duration(3 * 3600 + 20 * 60) == "3 h 20 min"
    assert duration(2 * 86400 + 3 * 3600) == "2 d 3 h"


def test_csv_cells_that_a_spreadsheet_would_run_are_defused():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Kenya") == "Kenya" and safe_cell(3) == 3
    table = Table("t", "T", "", ("A", "B"), (("=cmd", 1),))
    assert to_csv(table) == "A,B\r\n'=cmd,1\r\n"
