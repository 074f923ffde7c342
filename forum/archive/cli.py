"""`forum export`, `forum import` and `forum seed`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from forum.database import write_intent


def register(app: Flask) -> None:
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
    app.cli.add_command(seed_command)


@click.command("export", help="Write a forum as an archive (JSON).")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-emails", is_flag=True, help="Include people's email addresses.")
@with_appcontext
def export_command(slug: str, output: Path | None, with_emails: bool) -> None:
    from forum.archive.export import dumps, export_forum, forum_for_export

    forum = forum_for_export(slug)
    if forum is None:
        raise click.ClickException(f"no forum with slug {slug!r}")
    text = dumps(export_forum(forum, with_emails=with_emails))
    if output:
        output.write_text(text, "utf-8")
    else:
        sys.stdout.write(text)


@click.command("import", help="Import a forum archive (all or nothing).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a forum with the same slug.")
@click.option("--trust-roles", is_flag=True,
              help="Keep the archive's moderator and Secretariat roles and its moderator "
                   "assignments (only for an archive you made yourself).")
@click.option("--background", is_flag=True,
              help="Leave a large file to `forum worker` (a job; keep the file in place).")
@with_appcontext
def import_command(file: Path, replace: bool, trust_roles: bool, background: bool) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    if background:
        from forum.jobs.actions import request_import

        if not file.is_file():
            raise click.ClickException(f"cannot read {file}: no such file")
        job = request_import(str(file.resolve()), replace=replace, trust_roles=trust_roles)
        click.echo(f"job {job.id} queued: the worker imports {file.name} "
                   "(`forum jobs status` shows how it went)")
        return

    from forum.archive.load import import_archive
    from forum.archive.validate import ArchiveError, parse_text

    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeError) as error:
        raise click.ClickException(f"cannot read {file}: {error}") from None
    try:
        data = parse_text(text)
        with write_intent():
            result = import_archive(data, replace=replace, trust_roles=trust_roles)
    except ArchiveError as error:
        raise click.ClickException(f"{file.name}: {error}; nothing was imported") from None
    except SQLAlchemyError as error:  # a last resort: the checks should have named the field
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise click.ClickException(f"{file.name}: the database refused the archive "
                                   f"({reason}); nothing was imported") from None
    click.echo(result.message)


@click.command("seed", help="Load the seeded 2014 forums (and, with --demo, a demo forum).")
@click.option("--demo", is_flag=True, help="Also add an open demo forum and demo accounts.")
@with_appcontext
def seed_command(demo: bool) -> None:
    from forum.archive.seed import load_demo, load_seed
    from forum.archive.validate import ArchiveError

    try:
        with write_intent():
            for result in load_seed():
                click.echo(result.message)
            if demo:
                accounts = load_demo()
    except ArchiveError as error:
        raise click.ClickException(f"seed: {error}") from None
    if demo:
        click.echo("\nDemo accounts (passwords and two-factor keys are generated now and "
                   "shown only here):")
        for role, email, password, secret in accounts:
            key = f"  two-factor key: {secret}" if secret else ""
            click.echo(f"  {role:<12} {email:<28} {password}{key}")
        click.echo("The moderator and the Secretariat also need a code: add their two-factor "
                   "key to an authenticator app,\nor print the current code with\n"
                   "  .venv/bin/python -c \"import pyotp; print(pyotp.TOTP('KEY').now())\"")
