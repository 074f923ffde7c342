"""`forum digest SLUG --format md|html [-o FILE] [--words N]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("digest", help="Write a forum's synthesis digest (a DRAFT until published).")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--words", type=int, default=None, help="Word budget (overrides the settings).")
@with_appcontext
def digest_command(slug: str, fmt: str, output: Path | None, words: int | None) -> None:
    from forum.archive.export import forum_for_export
    from forum.digest.generate import render, report_for
    from forum.digest.settings import SettingsError

    forum = forum_for_export(slug)
    if forum is None:
        raise click.ClickException(f"no forum with slug {slug!r}")
    try:
        report = report_for(forum, words=words)
    except SettingsError as error:
        raise click.ClickException(f"digest settings of {slug}: {error}") from None
    base = current_app.config["PUBLIC_URL"]
    text = render(report, fmt, post_url=base + "/posts/{id}")
    if output:
        output.write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
