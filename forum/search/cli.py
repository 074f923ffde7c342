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
@click.option("--background", is_flag=True, help="Leave it to `forum worker` (a job).")
@with_appcontext
def reindex_command(slug: str | None, background: bool) -> None:
    from forum.search.actions import reindex

    if background:
        from forum.jobs.actions import request_reindex

        try:
            job = request_reindex(slug)
        except Refused as refusal:
            raise click.ClickException(refusal.message) from None
        click.echo(f"job {job.id} queued: the worker rebuilds the index")
        return
    try:
        count = reindex(slug)
    except Refused as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo(f"{count} approved post{'s' if count != 1 else ''} indexed"
               + (f" in {slug}" if slug else ""))
