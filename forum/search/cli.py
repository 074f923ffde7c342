"""`forum search reindex [SLUG]`: rebuild the search index."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from forum.refusals import Refused


@click.group("search", help="Full-text search.")
def search_command() -> None:
    pass


@search_command.command("reindex", help="Rebuild the index of one forum, or of all.")
@click.argument("slug", required=False)
@with_appcontext
def reindex_command(slug: str | None) -> None:
    from forum.search.actions import reindex

    try:
        count = reindex(slug)
    except Refused as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo(f"{count} approved post{'s' if count != 1 else ''} indexed"
               + (f" in {slug}" if slug else ""))
