"""The dashboard's pictures as SVG documents, drawn by pygal (docs/decisions.md, "Charts").

pygal's output is made fit to serve: it carries a random chart id (uuid4), the date of
rendering in a comment and a <script> with its configuration even when no script file is
asked for. `_finish` renders without the id prefix, drops comments and scripts, and adds a
<title> and <desc> (and role="img"), so the same data gives the same bytes, the picture
makes sense on its own (downloaded, or placed in a digest) and nothing in it runs.
"""

from __future__ import annotations

import math
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import gettext as _
from lxml import etree
from pygal import HorizontalBar, StackedBar
from pygal.graph.graph import Graph
from pygal.style import Style
from pygal_maps_world.maps import World

from forum.participation.stats import Dashboard
from forum.participation.tables import Table, period_label

ACCENT, EXTENSION, OUTSIDE = "#0b5394", "#a34f00", "#6b6b6b"

STYLE = Style(
    font_family='system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif',
    background="#ffffff", plot_background="#ffffff",
    foreground="#1b1b1b", foreground_strong="#1b1b1b", foreground_subtle="#555555",
    colors=(ACCENT, EXTENSION, OUTSIDE), opacity="1", opacity_hover="1",
    title_font_size=18, label_font_size=12, major_label_font_size=12,
    legend_font_size=13, value_font_size=12,
)

_COMMON = dict(
    style=STYLE, js=[], no_prefix=True, disable_xml_declaration=True, width=800,
    height=400, explicit_size=False, pretty_print=False, print_values=False,
    show_y_guides=True, truncate_legend=-1, truncate_label=-1,
)


def _options(prefix: str | None) -> dict:
    """pygal's options; with a prefix, its CSS is scoped to the picture (`#chart-<prefix>`)
    so that several pictures can sit inline in one HTML document (the digest's annex)."""
    return {**_COMMON, "no_prefix": prefix is None}


def _finish(chart: Graph, table: Table, prefix: str | None = None) -> bytes:
    """Deterministic, script-free bytes with the table's title and description. A prefix
    makes every id in the picture unique within a document holding several."""
    if prefix is not None:
        chart.uuid = prefix  # pygal's id for the picture, random otherwise
    root = chart.render_tree()
    for node in list(root.iter()):
        if node.tag is etree.Comment or node.tag == "script":
            node.getparent().remove(node)
    if prefix is None:
        root.attrib.pop("id", None)
    own = f"{root.get('id')}-" if prefix is not None else ""
    for node in root.iter():
        if node is not root and isinstance(node.tag, str) and node.get("id"):
            node.set("id", own + node.get("id"))
    root.set("role", "img")
    root.set("aria-labelledby", f"{own}chart-title {own}chart-desc")
    # pygal writes the chart's title as the first <title>: make it the document's.
    title = root.find("title")
    if title is None:
        title = etree.SubElement(root, "title")
    title.text = table.title
    title.set("id", f"{own}chart-title")
    desc = etree.Element("desc", id=f"{own}chart-desc")
    desc.text = table.description
    title.addnext(desc)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def whole_numbers(values: list[int]) -> list[int]:
    """Axis ticks for counts: whole numbers from 0, about eight of them (pygal would print
    0.2, 0.4 … for a forum with two messages a day)."""
    top = max(values, default=0) or 1
    step = max(1, math.ceil(top / 8))
    return list(range(0, top + step, step))


def days_chart(d: Dashboard, table: Table, prefix: str | None = None) -> bytes:
    """Messages per day, coloured by period (window, extension, outside): a stacked bar
    with one period per series, so each day's bar has the colour of its period."""
    periods = [p for p in ("window", "extension", "outside")
               if any(day.period == p for day in d.days)]
    colours = {"window": ACCENT, "extension": EXTENSION, "outside": OUTSIDE}
    style = Style(**{**_style_fields(), "colors": tuple(colours[p] for p in periods)})
    chart = StackedBar(title=table.title, show_legend=True, legend_at_bottom=True,
                       x_label_rotation=-45, show_minor_x_labels=False,
                       x_labels_major_every=max(1, len(d.days) // 15),
                       y_labels=whole_numbers([day.messages for day in d.days]),
                       **{**_options(prefix), "style": style})
    chart.x_labels = [day.day.isoformat() for day in d.days]
    for p in periods:
        chart.add(period_label(p), [day.messages if day.period == p else None
                                    for day in d.days])
    return _finish(chart, table, prefix)


def _style_fields() -> dict:
    return {k: getattr(STYLE, k) for k in (
        "font_family", "background", "plot_background", "foreground", "foreground_strong",
        "foreground_subtle", "opacity", "opacity_hover", "title_font_size",
        "label_font_size", "major_label_font_size", "legend_font_size", "value_font_size")}


def heights(d: Dashboard) -> dict[str, int]:
    """Each picture's height (its width is 800), for the page's <img> attributes."""
    return {"days": 400, "topics": max(220, 90 + 42 * len(d.topics)), "countries": 420,
            "groups": 90 + 42 * max(1, len(d.groups))}


def topics_chart(d: Dashboard, table: Table, prefix: str | None = None) -> bytes:
    height = heights(d)["topics"]
    chart = HorizontalBar(title=table.title, show_legend=False,
                          y_labels=whole_numbers([t.messages for t in d.topics]),
                          **{**_options(prefix), "height": height})
    # HorizontalBar draws the first label at the bottom: reversed, the page order reads down.
    labels = [_("Topic %(n)s", n=i) if t.title is not None else _("Other threads")
              for i, t in enumerate(d.topics, 1)]
    chart.x_labels = list(reversed(labels))
    chart.add(table.headers[1], [t.messages for t in reversed(d.topics)])
    return _finish(chart, table, prefix)


def countries_chart(d: Dashboard, table: Table, prefix: str | None = None) -> bytes:
    """Participating countries shaded by their number of participants."""
    chart = World(title=table.title, show_legend=False,
                  **{**_options(prefix), "height": heights(d)["countries"]})
    values: dict[str, int] = {}
    for c in d.countries:
        code = c.code.lower()
        if code in chart.area_names:  # "EU" and codes the map lacks stay in the table only
            values[code] = values.get(code, 0) + c.participants
    chart.add(table.headers[3], values)
    return _finish(chart, table, prefix)


def groups_chart(d: Dashboard, table: Table, prefix: str | None = None) -> bytes:
    """Participants by affiliation (the digest's annex; the page shows the table)."""
    chart = HorizontalBar(title=table.title, show_legend=False,
                          y_labels=whole_numbers([g.participants for g in d.groups]),
                          **{**_options(prefix), "height": heights(d)["groups"]})
    chart.x_labels = [str(row[0]) for row in reversed(table.rows)]
    chart.add(table.headers[1], [g.participants for g in reversed(d.groups)])
    return _finish(chart, table, prefix)


CHARTS = {"days": days_chart, "topics": topics_chart, "countries": countries_chart}


@lru_cache(maxsize=16)
def _rendered(name: str, d: Dashboard, table: Table, locale: str) -> bytes:
    return CHARTS[name](d, table)


def render(name: str, d: Dashboard, table: Table) -> bytes:
    """The picture's bytes. The same data (and language) gives the same bytes, so they are
    kept: drawing the world map takes pygal ~70 ms, and a closed forum's never changes."""
    return _rendered(name, d, table, str(get_locale()))
