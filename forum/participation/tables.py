"""The dashboard's tables: one definition read by the page (the data beside each chart), by
the CSV downloads and by the charts' captions, so the three can never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from forum.countries import country_name
from forum.participation.stats import Dashboard, duration

Cell = str | int | float


@dataclass(frozen=True)
class Table:
    name: str  # in URLs: participation/<name>.csv
    title: str
    description: str  # also the chart's <desc>
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart: bool = False  # has an SVG picture at participation/<name>.svg


def group_label(key: str) -> str:
    return {"party": _("Parties"), "other_government": _("Other Governments"),
            "organization": _("Organizations")}.get(key, key)


def figures_table(d: Dashboard) -> Table:
    f = d.figures
    rows = (
        (_("Messages"), f.messages),
        (_("Participants"), f.participants),
        (_("Participants from Parties"), f.party_participants),
        (_("Parties"), f.parties),
        (_("Participants from other Governments"), f.other_government_participants),
        (_("Other Governments"), f.other_governments),
        (_("Participants from organizations"), f.organization_participants),
    )
    return Table("figures", _("Participation figures"),
                 _("Approved messages of every kind and their distinct authors."),
                 (_("Figure"), _("Value")), rows)


def groups_table(d: Dashboard) -> Table:
    rows = tuple((group_label(g.key), g.participants,
                  g.countries if g.key != "organization" else "", g.messages,
                  round(g.per_participant, 1)) for g in d.groups)
    return Table("groups", _("Participation by affiliation"),
                 _("Participants, countries and messages of Parties, other Governments "
                   "and organizations."),
                 (_("Affiliation"), _("Participants"), _("Countries"), _("Messages"),
                  _("Messages per participant")), rows)


def period_label(period: str) -> str:
    return {"window": _("Forum window"), "extension": _("Extension"),
            "outside": _("Outside the window")}[period]


def days_table(d: Dashboard) -> Table:
    rows = tuple((day.day.isoformat(), day.messages, period_label(day.period))
                 for day in d.days)
    extended = any(day.period == "extension" for day in d.days)
    description = _("Approved messages on each day (UTC) of the forum's window.")
    if extended:
        description += " " + _("Days of the extension are marked.")
    return Table("days", _("Messages per day"), description,
                 (_("Day (UTC)"), _("Messages"), _("Period")), rows, chart=True)


def topics_table(d: Dashboard) -> Table:
    # Numbered as on the forum page; the picture shows the numbers (titles are too long
    # for its axis) and the table beside it the titles.
    rows = tuple((topic_label(i, t.title), t.messages) for i, t in enumerate(d.topics, 1))
    return Table("topics", _("Messages per topic"),
                 _("Approved messages in the threads of each topic, numbered as on the "
                   "forum page."),
                 (_("Topic"), _("Messages")), rows, chart=True)


def topic_label(number: int, title: str | None) -> str:
    return f"{number}. {title}" if title is not None else _("Threads outside any topic")


def countries_table(d: Dashboard) -> Table:
    rows = tuple((country_name(c.code, start=True), c.code, group_label(c.affiliation),
                  c.participants, c.messages) for c in d.countries)
    return Table("countries", _("Participating countries"),
                 _("Countries whose Government took part, with their participants and "
                   "messages. The European Union, a Party, has no place on the map."),
                 (_("Country"), _("Code"), _("Affiliation"), _("Participants"),
                  _("Messages")), rows, chart=True)


def moderation_table(d: Dashboard) -> Table | None:
    m = d.moderation
    if m is None:
        return None
    rows = ((_("Approved"), m.approved), (_("Rejected"), m.rejected),
            (_("Median time to decision"), duration(m.median_seconds)),
            (_("95th percentile of time to decision"), duration(m.p95_seconds)))
    return Table("moderation", _("Moderation"),
                 _("Decisions on messages that waited in the queue (moderators' own "
                   "messages need none); time from submission to decision."),
                 (_("Figure"), _("Value")), rows)


def tables(d: Dashboard) -> dict[str, Table]:
    """All tables the reader may see, by name, in page order."""
    found = [figures_table(d), groups_table(d), days_table(d), topics_table(d),
             countries_table(d), moderation_table(d)]
    return {t.name: t for t in found if t is not None}
