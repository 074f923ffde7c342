"""The `forum` command: Flask's CLI (run, db ...) plus our own commands.

Commands are thin wrappers over importable functions; failures print one line on stderr
and exit non-zero, never a traceback (CONTRACTS.md, CLI).
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from forum.models.users import AFFILIATIONS, ROLES


def main() -> None:
    cli = FlaskGroup(create_app=_make_app, help="The BCH-style online forum.")
    cli.main(prog_name="forum")


def _make_app() -> Flask:
    from forum import create_app

    return create_app()


def register_commands(app: Flask) -> None:
    from forum.mail.cli import mail

    app.cli.add_command(users)
    app.cli.add_command(mail)
    from forum.archive.cli import register as register_archive
    from forum.digest.cli import digest_command

    register_archive(app)
    app.cli.add_command(digest_command)
    from forum.backup import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    from forum.ops.cli import register as register_ops

    register_ops(app)  # `forum db check`
    from forum.search.cli import search_command

    app.cli.add_command(search_command)
    from forum.jobs.cli import register as register_jobs

    register_jobs(app)


@click.group(help="Manage user accounts.")
def users() -> None:
    pass


@users.command("create", help="Create a confirmed user; the password is read from stdin.")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="participant", show_default=True)
@click.option("--title", default="")
@click.option("--country", default=None, help="ISO 3166-1 alpha-2 code, or EU.")
@click.option("--organization", default="")
@click.option("--affiliation", type=click.Choice(AFFILIATIONS), default=None)
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from standard input.")
@with_appcontext
def users_create(email, name, role, title, country, organization, affiliation, password_stdin):
    from forum.auth.actions import AccountError, create_user
    from forum.countries import is_known
    from forum.extensions import db

    password = sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        raise click.ClickException("the password must have at least 10 characters")
    if country and not is_known(country):
        raise click.ClickException(f"unknown country code: {country}")
    affiliation = affiliation or ("party" if country else "organization")
    try:
        user = create_user(email=email, name=name, password=password, role=role, title=title,
                           country=country, organization=organization,
                           affiliation=affiliation, confirmed=True)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"created {user.role} {user.email}")


@users.command("token", help="Create an API token for a user and print it.")
@click.argument("email")
@click.option("--name", default="cli")
@with_appcontext
def users_token(email, name):
    from forum.auth.actions import create_api_token, find_user_by_email

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    click.echo(create_api_token(user, name))


@users.command("reset-mfa", help="Remove a user's two-factor sign-in (a lost device and no "
               "backup codes). Their sessions end; moderators and the Secretariat set it up "
               "again at their next sign-in.")
@click.argument("email")
@with_appcontext
def users_reset_mfa(email):
    from forum.auth.actions import find_user_by_email
    from forum.mfa.actions import reset

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    reset(user, reason="forum users reset-mfa")
    click.echo(f"two-factor sign-in removed for {user.email}; their sessions were ended")



if __name__ == "__main__":  # `python -m forum.cli ...`
    main()
