"""`forum digest SLUG --format md|html|docx|pdf [-o FILE] [--words N] [--version N]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

if TYPE_CHECKING:
    from forum.models import Forum


@click.command("digest", help="Write a forum's synthesis digest (a DRAFT until published).")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "docx", "pdf"]), default="md",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--words", type=int, default=None, help="Word budget (overrides the settings).")
@click.option("--version", "number", type=int, default=None,
              help="A published version (its frozen text) instead of the draft.")
@with_appcontext
def digest_command(slug: str, fmt: str, output: Path | None, words: int | None,
                   number: int | None) -> None:
    from forum.archive.export import forum_for_export
    from forum.digest.generate import render_bytes
    from forum.digest.queries import draft_of, draft_post_url
    from synthesis.render.pdf import PdfUnavailable
    from synthesis.settings import SettingsError

    forum = forum_for_export(slug)
    if forum is None:
        raise click.ClickException(f"no forum with slug {slug!r}")
    try:
        if number is not None:
            data = _published(forum, number, fmt)
        else:
            report = draft_of(forum, words=words).report  # with the Secretariat's changes
            data = render_bytes(report, fmt, post_url=draft_post_url())
    except SettingsError as error:
        raise click.ClickException(f"digest settings of {slug}: {error}") from None
    except PdfUnavailable as error:
        raise click.ClickException(str(error)) from None
    if output:
        try:
            output.write_bytes(data)
        except OSError as error:
            raise click.ClickException(f"cannot write {output}: {error.strerror}") from None
    elif fmt in ("md", "html"):
        sys.stdout.write(data.decode("utf-8"))
    elif sys.stdout.isatty():
        raise click.ClickException(f"{fmt} is binary: write it to a file with -o FILE")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _published(forum: Forum, number: int, fmt: str) -> bytes:
    """Published version `number`: md and html as frozen; docx and pdf from its frozen report."""
    from forum.digest.generate import render_bytes
    from forum.digest.queries import published_post_url, published_version
    from synthesis.serial import report_from_dict

    version = published_version(forum, number)
    if version is None:
        raise click.ClickException(f"{forum.slug} has no published digest version {number}")
    if fmt in ("md", "html"):
        return (version.markdown if fmt == "md" else version.html).encode("utf-8")
    if not version.report:
        raise click.ClickException(f"{forum.slug} digest version {number} was imported without "
                                   "its report: only md and html exist")
    return render_bytes(report_from_dict(version.report), fmt, post_url=published_post_url())
