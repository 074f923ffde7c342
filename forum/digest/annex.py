"""The digest's annex of participation charts (docs/digest.md, "Annex"): the dashboard's
pictures and tables (forum/participation), drawn here and handed to the engine as data.

The engine draws nothing and knows no forum: it receives each picture as an SVG document
with the table of its figures (synthesis.types.Figure). The words are in the forum's
language (the digest's), whoever asks for the digest; the figures are the public record's,
as on the closed forum's dashboard (no moderation figures).
"""

from __future__ import annotations

from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _

from forum.models import Forum
from forum.participation import charts
from forum.participation.queries import dashboard
from forum.participation.tables import Cell, Table, tables
from synthesis.types import Annex, Figure

# In the order the annex prints them: the messages per day (the extension marked), per
# topic, the participants by affiliation, then the participating countries. The countries
# come as their table without the world map: its shapes are ~0.8 MB of SVG, which every
# published version would store, and drawing them took ~12 s as PNG for Word and ~15 s more
# in the PDF (measured on a test forum); the map stays on the dashboard.
PICTURES = ("days", "topics", "groups", "countries")
WITHOUT_PICTURE = frozenset({"countries"})
_DRAW = {"days": charts.days_chart, "topics": charts.topics_chart,
         "groups": charts.groups_chart}


def _cell(value: Cell) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_decimal(value)  # in the forum's language: "1,5" in French


def _figure(name: str, table: Table, svg: bytes, height: int) -> Figure:
    return Figure(key=name, title=table.title, description=table.description,
                  svg=svg.decode("utf-8"), width=800, height=height, headers=table.headers,
                  rows=tuple(tuple(_cell(c) for c in row) for row in table.rows))


def participation_annex(forum: Forum) -> Annex:
    """The charts of the forum's participation, in the forum's language."""
    with force_locale(forum.language or "en"):
        data = dashboard(forum, staff=False)
        found = tables(data)
        sizes = charts.heights(data)
        figures = tuple(
            _figure(name, found[name], b"" if name in WITHOUT_PICTURE
                    else _DRAW[name](data, found[name], f"annex-{name}"), sizes[name])
            for name in PICTURES)
        return Annex(_("Annex: participation in the forum"), figures)
